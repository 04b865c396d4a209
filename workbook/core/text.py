"""Text keys: how emails, LinkedIn URLs, names and companies are compared, wherever they are compared.

One home for these rules: the store normalises with them, the importers match people with them,
the analyses group by them.

>>> company_key("Northwind Analytics, Inc.") == company_key("northwind analytics")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd


def has_text(values) -> np.ndarray:
    """True where a value is text with something besides whitespace (missing values are blank).

    One C-level test per value: ``s.astype(str).str.strip() != ""`` cost about 0.3 s on 200,000
    messages (pandas runs a Python lambda per element), and read a missing value as the text "nan".

    >>> has_text(pd.Series(["hi", " ", "", None, float("nan"), " x "])).tolist()
    [True, False, False, False, False, True]
    """
    arr = values.to_numpy(dtype=object) if hasattr(values, "to_numpy") else np.asarray(values, dtype=object)
    return np.fromiter((isinstance(t, str) and t != "" and not t.isspace() for t in arr), dtype=bool, count=len(arr))


def normalise_email(value: str) -> str:
    """Lower-case, trim and strip ``mailto:`` from an email address.

    >>> normalise_email(" MailTo:Ada@Example.COM ")
    'ada@example.com'
    """
    v = (value or "").strip().strip("<>").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    return v.lower()


def normalise_linkedin(url: str) -> str:
    """Canonical LinkedIn profile URL: https, www, no query, no trailing slash, lower-case slug.

    Percent-encoded slugs (as browsers and some exports write accented names) are decoded first,
    so both spellings of one profile give one key; a country subdomain (``de.linkedin.com``) or
    a sub-page (``/in/ada/details/``) still names the profile.

    >>> normalise_linkedin("http://LinkedIn.com/in/Ada-L/?trk=x")
    'https://www.linkedin.com/in/ada-l'
    >>> normalise_linkedin("https://de.linkedin.com/in/jos%C3%A9-garc%C3%ADa-12/") == normalise_linkedin("linkedin.com/in/José-García-12")
    True
    >>> normalise_linkedin("linkedin.com/in/ada-l/details/experience/")
    'https://www.linkedin.com/in/ada-l'
    """
    v = (url or "").strip()
    if not v:
        return ""
    if "%" in v:
        v = _unquote(v)
    v = re.sub(r"[?#].*$", "", v).rstrip("/")
    m = re.search(r"linkedin\.com/(in|pub)/(.+)$", v, flags=re.I)
    if not m:
        return v.lower()
    kind, slug = m.group(1).lower(), m.group(2)
    if kind == "in":
        slug = slug.split("/", 1)[0]  # /in/<slug>/details/... is still <slug>'s profile
    slug = slug.lower()
    if not slug.isascii():
        slug = unicodedata.normalize("NFC", slug)
    return f"https://www.linkedin.com/{kind}/{slug}"


def _unquote(text: str) -> str:
    """Percent-decoding (UTF-8, with Windows-1252 for a byte that is not UTF-8), never failing."""
    from urllib.parse import unquote, unquote_to_bytes

    decoded = unquote(text, errors="strict") if _valid_utf8_quoted(text) else unquote_to_bytes(text).decode("cp1252", "replace")
    return decoded


def _valid_utf8_quoted(text: str) -> bool:
    from urllib.parse import unquote_to_bytes

    try:
        unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_COMBINING = re.compile(r"[\u0300-\u036f]")
_PUNCT = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """Compare names ignoring case, accents, punctuation and spacing.

    >>> name_key("  Zoë  O'Brien ")
    'zoe obrien'
    """
    text = str(name or "")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_PUNCT.sub("", text.casefold()).split())


#: Legal-form and holding words left out when companies are compared (the one list).
COMPANY_SUFFIXES = ("inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas", "sarl",
                    "bv", "nv", "oy", "ab", "as", "spa", "srl", "pty", "co", "corp", "corporation", "company", "group",
                    "holding", "holdings")
_COMPANY_SUFFIX = re.compile(r"\b(" + "|".join(COMPANY_SUFFIXES) + r")\b")
#: Company cells that name no employer: they never make two people colleagues.
NO_COMPANY = frozenset({"unknown", "self employed", "selfemployed", "freelance", "freelancer", "none", "n a", "na",
                        "independent", "retired", "student", "unemployed"})


@functools.lru_cache(maxsize=65_536)
def company_key(company: str) -> str:
    """Compare companies ignoring case, accents, punctuation and legal suffixes ('' for no employer).

    >>> company_key("ACME GmbH"), company_key("Self-employed")
    ('acme', '')
    """
    key = " ".join(_COMPANY_SUFFIX.sub(" ", name_key(company)).split())
    return "" if key in NO_COMPANY else key


def company_keys(companies: pd.Series) -> pd.Series:
    """:func:`company_key` for a column, computed once per distinct value.

    >>> company_keys(pd.Series(["Acme Ltd", "acme", None])).tolist()
    ['acme', 'acme', '']
    """
    values = companies.fillna("").astype(str)
    distinct = pd.unique(values)
    return values.map(dict(zip(distinct, map(company_key, distinct)))).astype(object)


_PHONE_EXTENSION = re.compile(r"(?i)\s*(?:;\s*ext=|ext\.?|extension|x|#|,).*$")
#: Fewer digits than this is not a phone number to compare people by.
MIN_PHONE_DIGITS = 6


def phone_key(phone: str) -> str:
    """Compare phone numbers by their last nine digits (country code, trunk 0, spaces, dashes,
    brackets and an extension ignored); '' when too short to tell people apart.

    >>> phone_key("+44 (0)20 7946 0018"), phone_key("020-7946-0018 ext. 12"), phone_key("tel:+1-555;ext=9")
    ('079460018', '079460018', '')
    """
    text = _PHONE_EXTENSION.sub("", str(phone or "").strip().removeprefix("tel:"))
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits[-9:] if len(digits) >= MIN_PHONE_DIGITS else ""


def phone_keys(phones: str) -> frozenset[str]:
    """:func:`phone_key` of every number in a ';'-joined cell.

    >>> sorted(phone_keys("+1 555 0100 1234;555-0100-1234; 12"))
    ['501001234']
    """
    if not phones:
        return frozenset()
    return frozenset(k for k in map(phone_key, phones.split(";")) if k)


def city_key(location: str) -> str:
    """Compare places by their first part ("Leeds, UK" and "leeds" are one city).

    >>> city_key("Montréal, QC, Canada") == city_key("montreal")
    True
    """
    return name_key(str(location or "").split(",", 1)[0])
