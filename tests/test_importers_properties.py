"""Property tests: random contact tables written in every format and encoding import back to
the same people; every row read is imported, skipped or rejected; parsers round-trip."""
from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook
from workbook import samples
from workbook.importers import import_bytes
from workbook.importers._common import decode, name_key, parse_dates

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèëöüñçåøÉÖÑ"
LETTERS_WIDE = LETTERS + "ąłśžčřğışŁŽ"  # outside Windows-1252


def _words(alphabet: str, punct: str, max_words: int = 3):
    word = st.text(alphabet=alphabet + punct, min_size=1, max_size=9).filter(lambda w: w[0] in alphabet)
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


@st.composite
def contact_tables(draw, wide: bool = True):
    """1-12 people: unique emails, names and companies with accents and punctuation."""
    alphabet = LETTERS_WIDE if wide else LETTERS
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        first = draw(_words(alphabet, "'-", 2))
        last = draw(_words(alphabet, "'-", 2))
        local = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12))
        rows.append({
            "first_name": first,
            "last_name": last,
            "full_name": f"{first} {last}",
            "email": f"p{i}.{local.strip('.') or 'x'}@{samples.DOMAINS[i % 3]}",
            "company": draw(_words(alphabet + "0123456789", "&.,'-", 3)),
            "position": draw(_words(alphabet, "-", 3)),
        })
    return pd.DataFrame(rows)


def _fresh() -> workbook.Workbook:
    return workbook.open(os.path.join(tempfile.mkdtemp(prefix="wb-prop-"), "w.sqlite"))


WRITERS = {
    "linkedin-connections": (samples.linkedin_connections_bytes, True),
    "google": (samples.google_csv_bytes, True),
    "google-legacy-utf16": (functools.partial(samples.google_csv_bytes, legacy=True), True),
    "outlook-cp1252": (samples.outlook_csv_bytes, False),
    "vcard-2.1": (functools.partial(samples.vcard_bytes, version="2.1"), True),
    "vcard-3.0": (functools.partial(samples.vcard_bytes, version="3.0"), True),
    "vcard-4.0": (functools.partial(samples.vcard_bytes, version="4.0"), True),
    "csv-comma-utf8": (samples.generic_csv_bytes, True),
    "csv-semicolon-bom-crlf": (functools.partial(samples.generic_csv_bytes, delimiter=";", bom=True, newline="\r\n"), True),
    "csv-tab-utf16": (functools.partial(samples.generic_csv_bytes, delimiter="\t", encoding="utf-16"), True),
    "csv-comma-cp1252": (functools.partial(samples.generic_csv_bytes, encoding="cp1252"), False),
}
CSV_COLUMNS = {"full_name": "Name", "email": "Email", "company": "Company", "position": "Position"}


@pytest.mark.parametrize("fmt", list(WRITERS))
@SETTINGS
@given(data=st.data())
def test_random_tables_in_every_format_import_back_to_the_same_people(fmt, data):
    write, wide = WRITERS[fmt]
    people = data.draw(contact_tables(wide=wide))
    kwargs = {"columns": CSV_COLUMNS} if fmt.startswith("csv") else {}
    payload = write(people, **kwargs)
    book = _fresh()
    report = import_bytes(book, "upload", payload)
    got = book.contacts()
    assert report.rejected == []
    assert report.rows_read == len(people) == report.rows_imported
    assert set(zip(got["full_name"], got["emails"], got["company"], got["position"])) == set(
        zip(people["full_name"], people["email"].str.lower(), people["company"], people["position"])
    )
    again = import_bytes(book, "upload", payload)
    assert again.contacts_added == 0 and again.contacts_unchanged == len(people)


@st.composite
def messy_tables(draw):
    """Rows that may lack a name, have a broken email or a broken date; returns (csv, bad rows)."""
    n = draw(st.integers(0, 25))
    rows, bad = [["Name", "Email", "Connected On"]], 0
    for i in range(n):
        name = draw(st.sampled_from(["", f"Person {i}", f"Zoë {i}, Jr."]))
        email = draw(st.sampled_from(["", f"p{i}@example.com", "not an email", f"P{i}@EXAMPLE.ORG"]))
        date = draw(st.sampled_from(["", "2021-03-04", "15 Mar 2024", "31/31/2021"]))
        rows.append([name, email, date])
        bad += (not name and email in ("", "not an email")) or email == "not an email" or date == "31/31/2021"
    sep = draw(st.sampled_from([",", ";", "\t"]))
    return samples._csv(rows, delimiter=sep).encode(draw(st.sampled_from(["utf-8", "utf-16"]))), n, bad


@SETTINGS
@given(messy_tables())
def test_rows_in_equal_rows_imported_plus_rows_rejected(table):
    payload, n, bad = table
    book = _fresh()
    report = import_bytes(book, "messy.csv", payload)
    assert report.rows_read == n
    assert len(report.rejected) == bad
    assert report.rows_read == report.rows_imported + report.rows_skipped + len(report.rejected)
    assert report.contacts_added + report.contacts_merged + report.contacts_unchanged == report.rows_imported
    assert len(book.contacts()) == report.contacts_added
    lines = [r["line"] for r in report.rejected]
    assert lines == sorted(lines) and all(2 <= x <= n + 1 for x in lines)


FORMATS = ["%Y-%m-%d", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y, %I:%M %p", "%Y/%m/%d %H:%M:%S UTC",
           "%Y-%m-%d %H:%M:%S UTC", "%b %d, %Y", "%d.%m.%Y"]


@SETTINGS
@given(st.lists(st.tuples(st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)), st.sampled_from(FORMATS)),
                min_size=1, max_size=20))
def test_dates_in_every_supported_format_parse_to_the_same_day(items):
    raw = pd.Series([d.strftime(f) if "%y" not in f else dt.datetime(d.year, d.month, d.day, 9, 5).strftime(f)
                     for d, f in items])
    got = parse_dates(raw)
    expected = [d for d, f in items]
    for (d, f), g in zip(items, got):
        if f == "%m/%d/%y, %I:%M %p":  # two-digit years: pandas puts 69-99 in the 1900s
            assert g.month == d.month and g.day == d.day and g.year % 100 == d.year % 100
        else:
            assert g.date() == d, (f, d, g)
    assert len(got) == len(expected)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\ufeff"), max_size=200),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252"]))
def test_decoding_round_trips_every_supported_encoding(text, encoding):
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            return
        # Without non-ASCII bytes cp1252 and UTF-8 are the same bytes, so either answer is right.
        undefined = any(b in data for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
        if undefined:
            return
    elif encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    if encoding == "utf-16" and not text:
        return
    assert decode(data).text == text


@SETTINGS
@given(st.text(max_size=40))
def test_name_keys_ignore_case_accents_and_spacing(name):
    assert name_key(name) == name_key(name.upper().replace(" ", "  ")) or not name.isascii()
    assert name_key(name_key(name)) == name_key(name)
