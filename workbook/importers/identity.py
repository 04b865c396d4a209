"""Who a row is: the rules that find the contact an imported row (or a calendar attendee) describes.

Rules, in order (conservative: two people are never silently fused):

1. The same normalised LinkedIn URL (the source's own identity for a profile).
2. A shared normalised email, unless both have LinkedIn URLs and they differ.
3. The same name (case, accents, punctuation ignored) *and* one more detail: a shared phone
   number, else the same company, else the same city (with no phone of each that differs).
   A row with nothing but a name matches only a contact with nothing but that name.
4. Only against people who were in the workbook *before* this import: a very similar name
   (rapidfuzz ``token_sort_ratio`` >= :data:`FUZZY_NAME_MIN`) at the same company.

Whatever the rule, a candidate that has an email and none of the row's (when the row has
one), or another LinkedIn URL, is a different person: same-name people with different
addresses stay apart. When a detail fits several contacts, the one whose details are exactly
the row's (the same record imported again) is taken, else the oldest that already holds every
detail of the row (joining it adds nothing to anyone), else nobody is guessed.

Calendar attendees and mail correspondents whose address is unknown are matched by their
display name (:meth:`ContactIndex.find_person`) when exactly one contact has that name and
no other address; the address is then learned (added to the contact when the import commits).

>>> row = {"full_name": "Ada Lovelace", "emails": "", "linkedin_url": "", "phones": "+44 20 7946 0018",
...        "company": "", "location": ""}
>>> ident = identity_of(row)
>>> ident.phones, ident.bare
(frozenset({'079460018'}), False)
"""
from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ..core.text import city_key, company_key, name_key, normalise_email, normalise_linkedin, phone_keys

#: Minimum rapidfuzz token_sort_ratio (0-100) for a name to count as "the same" at the same company.
FUZZY_NAME_MIN = 90

TEXT_FIELDS = (
    "full_name", "first_name", "last_name", "emails", "phones", "linkedin_url", "company", "position",
    "industry", "location", "how_met", "notes", "connected_on", "birthday",
)

RULE_URL = "same LinkedIn URL"
RULE_EMAIL = "same email"
RULE_PHONE = "same name and phone"
RULE_COMPANY = "same name and company"
RULE_CITY = "same name and city"
RULE_NAME_ONLY = "same name, nothing else known"
RULE_FUZZY = "similar name at the same company"
#: Rules that name the person by the source's own identity for them: such a row may update a job.
STRONG = frozenset({RULE_URL, RULE_EMAIL})
#: Rules that join a row to someone by a guess the person should be able to check.
GUESSES = frozenset({RULE_FUZZY})

_LI_PREFIX = "https://www.linkedin.com/in/"


class Identity(NamedTuple):
    """The details that tell people apart (keys, not display text)."""

    emails: frozenset
    url: str
    phones: frozenset
    company: str
    city: str

    @property
    def bare(self) -> bool:
        """Nothing but a name."""
        return not (self.emails or self.url or self.phones or self.company or self.city)


def identity_of(st: dict[str, str]) -> Identity:
    """:class:`Identity` of a row or a contact's text (``emails`` ';'-joined and normalised)."""
    emails = st["emails"]
    return Identity(
        frozenset(emails.split(";")) if emails else frozenset(),
        st["linkedin_url"],
        phone_keys(st["phones"]),
        company_key(st["company"]) if st["company"] else "",
        city_key(st["location"]) if st["location"] else "",
    )


def conflicts(a: Identity, b: Identity) -> bool:
    """True when two same-name records are different people: different emails or LinkedIn URLs.

    >>> x = Identity(frozenset({"a@x.org"}), "", frozenset(), "", "")
    >>> conflicts(x, x._replace(emails=frozenset({"b@x.org"}))), conflicts(x, x._replace(emails=frozenset()))
    (True, False)
    """
    return bool((a.emails and b.emails and a.emails.isdisjoint(b.emails)) or (a.url and b.url and a.url != b.url))


def _holds(c: Identity, r: Identity) -> bool:
    """True when every detail of ``r`` is already one of ``c``'s."""
    return (r.emails <= c.emails and r.phones <= c.phones and (not r.url or r.url == c.url)
            and (not r.company or r.company == c.company) and (not r.city or r.city == c.city))


def _same_phone(r: Identity, c: Identity) -> bool:
    return bool(r.phones and not r.phones.isdisjoint(c.phones))


def _same_company(r: Identity, c: Identity) -> bool:
    return bool(r.company and r.company == c.company)


def _same_city(r: Identity, c: Identity) -> bool:
    # A city is a weak detail: two phones or two companies that differ outweigh it (else a second
    # "Ada Lovelace, Leeds" of another company joins the first, and a later file that names her
    # company finds nobody, adds her, and re-imports move her detail back and forth).
    return bool(r.city and r.city == c.city and not (r.phones and c.phones and r.phones.isdisjoint(c.phones))
                and not (r.company and c.company and r.company != c.company))


def _both_bare(r: Identity, c: Identity) -> bool:
    return r.bare and c.bare


_NAME_TIERS = ((RULE_PHONE, _same_phone), (RULE_COMPANY, _same_company), (RULE_CITY, _same_city),
               (RULE_NAME_ONLY, _both_bare))


def fast_linkedin(url: str) -> str:
    """:func:`workbook.core.text.normalise_linkedin`, skipping the regex for URLs already canonical."""
    if not url:
        return ""
    if (url.startswith(_LI_PREFIX) and url.islower() and url.isascii() and "/" not in url[len(_LI_PREFIX):]
            and "?" not in url and "#" not in url and " " not in url and "%" not in url):
        return url
    return normalise_linkedin(url)


def linkedin_keys(urls: list[str]) -> list[str]:
    """:func:`fast_linkedin` of every URL. A LinkedIn export's URLs are all canonical already;
    that is checked for the whole list at once (one join, a few scans), else URL by URL.

    >>> linkedin_keys(["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/bo"])
    ['https://www.linkedin.com/in/ada', 'https://www.linkedin.com/in/bo']
    >>> linkedin_keys(["https://www.linkedin.com/in/ada", "http://LinkedIn.com/in/Bo/", "https://www.linkedin.com/in/jos%C3%A9"])
    ['https://www.linkedin.com/in/ada', 'https://www.linkedin.com/in/bo', 'https://www.linkedin.com/in/josé']
    """
    if urls and set(map(type, urls)) == {str}:
        joined = "\x00".join(urls)
        # Every value starts with the prefix exactly when each of the n - 1 separators is followed by it,
        # and holds no other slash when the slashes number the prefix's four per value.
        if (joined.startswith(_LI_PREFIX) and joined.count("\x00" + _LI_PREFIX) == len(urls) - 1
                and joined.islower() and joined.isascii() and joined.count("/") == 4 * len(urls)
                and "?" not in joined and "#" not in joined and " " not in joined and "%" not in joined):
            return list(urls)
    return [fast_linkedin(u) for u in urls]


def _swapped(name: str) -> str:
    """'Lovelace, Ada' -> 'Ada Lovelace' (how address books and mail clients often write names)."""
    last, _, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if first.strip() and last.strip() and "," not in first else ""


class ContactIndex:
    """Lookups from emails, LinkedIn URLs, names and companies to contact ids.

    Build it inside the import's transaction; it learns each contact the import adds. Only the
    keys are read up front; the full text of every contact (``state``, what a merge compares
    against) and the contacts' tags are read on first use, so an interaction import of a
    30,000-contact workbook does not pay for them.
    """

    def __init__(self, book) -> None:
        self.book = book
        rows = book.conn.execute("SELECT id, source, coalesce(linkedin_url, '') FROM contacts ORDER BY id").fetchall()
        self.source: dict[int, str] = {cid: source for cid, source, _ in rows}
        self.existing: set[int] = set(self.source)
        # The oldest contact wins a URL two share: later ones are written first and overwritten. Stored
        # URLs are keyed as the importers key them now (an older workbook may hold percent-encoded ones).
        urls = [url for _, _, url in rows]
        keys = linkedin_keys(urls) if any(urls) else urls
        self.by_url: dict[str, int] = {key: cid for (cid, _, _), key in zip(reversed(rows), reversed(keys)) if key}
        self._names: dict[int, str] | None = None
        self._by_email: dict[str, int] | None = None
        self._state: dict[int, dict[str, str]] | None = None
        self._tags: set[tuple[int, str, str]] | None = None
        self._by_name: dict[str, set[int]] | None = None
        self._by_company: dict[str, list[tuple[int, str]]] | None = None
        self._ident: dict[int, Identity] = {}
        row = book.conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()
        self.next_id = int(row[0]) + 1
        #: Addresses learned from name matches (contact id -> addresses), saved by the dispatcher.
        self.learned: dict[int, list[str]] = {}
        #: LinkedIn URLs learned from name matches (contact id -> URL), saved by the dispatcher.
        self.learned_urls: dict[int, str] = {}
        #: Display names that fit several contacts (name -> times seen): nobody was guessed.
        self.ambiguous: Counter[str] = Counter()
        #: Rows that fitted several contacts by a detail and none exactly (added as new people).
        self.undecided = 0
        self.by_display_name = 0

    @property
    def names(self) -> dict[int, str]:
        """contact id -> full name (read on first use)."""
        if self._names is None:
            self._names = dict(self.book.conn.execute("SELECT id, coalesce(full_name, '') FROM contacts ORDER BY id"))
        return self._names

    @property
    def by_email(self) -> dict[str, int]:
        """normalised email -> contact id (the oldest contact when several share it; read on first use)."""
        if self._by_email is None:
            self._by_email = {}
            for cid, emails in self.book.conn.execute(
                    "SELECT id, emails FROM contacts WHERE emails <> '' ORDER BY id"):
                for e in emails.split(";"):
                    self._by_email.setdefault(e, cid)
        return self._by_email

    @property
    def state(self) -> dict[int, dict[str, str]]:
        """contact id -> its :data:`TEXT_FIELDS` (read on first use, then kept up to date by the import)."""
        if self._state is None:
            # Straight from SQL (not book.contacts()): only text is needed, and this is 5x faster.
            fields = ", ".join(f"coalesce({f}, '')" for f in TEXT_FIELDS)
            rows = self.book.conn.execute(f"SELECT id, {fields} FROM contacts ORDER BY id").fetchall()
            self._state = {r[0]: dict(zip(TEXT_FIELDS, r[1:])) for r in rows}
            for cid, emails in self.learned.items():
                st = self._state.get(cid)
                if st is not None:
                    st["emails"] = ";".join(dict.fromkeys([*filter(None, st["emails"].split(";")), *emails]))
        return self._state

    @property
    def tags(self) -> set[tuple[int, str, str]]:
        """(contact id, kind, lower-case text) of every contact tag (read on first use)."""
        if self._tags is None:
            self._tags = {
                (cid, kind, text.lower())
                for cid, kind, text in self.book.conn.execute(
                    "SELECT contact_id, kind, text FROM tags WHERE owner = 'contact'")
            }
        return self._tags

    @property
    def by_name(self) -> dict[str, set[int]]:
        """name key -> contact ids (built on first use)."""
        if self._by_name is None:
            self._by_name = {}
            for cid, name in self.names.items():
                nk = name_key(name)
                if nk:
                    self._by_name.setdefault(nk, set()).add(cid)
        return self._by_name

    @property
    def by_company(self) -> dict[str, list[tuple[int, str]]]:
        """company key -> (contact id, name key) of the people here before this import (fuzzy candidates)."""
        if self._by_company is None:
            self._by_company = {}
            for cid in self.existing:
                st = self.state[cid]
                ck = company_key(st["company"]) if st["company"] else ""
                nk = name_key(st["full_name"]) if ck else ""
                if ck and nk:
                    self._by_company.setdefault(ck, []).append((cid, nk))
        return self._by_company

    def identity(self, cid: int) -> Identity:
        """The contact's :class:`Identity` (cached until the import changes the contact)."""
        ident = self._ident.get(cid)
        if ident is None:
            ident = self._ident[cid] = identity_of(self.state[cid])
        return ident

    def _learn(self, cid: int, st: dict[str, str] | None = None) -> None:
        """Index contact ``cid`` (whose text is ``st``, or else read from ``state``) by its keys."""
        if st is None:
            st = self.state[cid]
        self._ident.pop(cid, None)
        # Everything learned is loaded first, so the maps never depend on when they were first read.
        names, by_email = self.names, self.by_email
        old = names.get(cid)
        names[cid] = st["full_name"]
        if st["emails"]:
            for e in st["emails"].split(";"):
                by_email.setdefault(e, cid)
        if st["linkedin_url"]:
            self.by_url.setdefault(st["linkedin_url"], cid)
        if self._by_name is not None:
            nk = name_key(st["full_name"])
            if old is not None and old != st["full_name"]:
                self._by_name.get(name_key(old), set()).discard(cid)
            if nk:
                self._by_name.setdefault(nk, set()).add(cid)

    def learn_new(self, ids: list[int], columns: dict[str, list[str]], source: str) -> None:
        """Index contacts this import is adding (columns of :data:`TEXT_FIELDS`), all at once.
        Their full text is read back from the workbook if ``state`` is asked for later."""
        self._state = None
        self.source.update(dict.fromkeys(ids, source))
        self.names.update(zip(ids, columns["full_name"]))
        # As in _learn, the first contact to bring an email or URL keeps it.
        by_email = self.by_email
        for cid, emails in zip(ids, columns["emails"]):
            if emails:
                for e in emails.split(";"):
                    by_email.setdefault(e, cid)
        urls = columns["linkedin_url"]
        self.by_url.update({u: c for c, u in zip(reversed(ids), reversed(urls)) if u and u not in self.by_url})
        if self._by_name is not None:
            for cid, name in zip(ids, columns["full_name"]):
                nk = name_key(name)
                if nk:
                    self._by_name.setdefault(nk, set()).add(cid)

    # -- lookups for interaction importers ------------------------------------------------------

    def find_email(self, email: str) -> int | None:
        return self.by_email.get(normalise_email(email)) if email else None

    def find_url(self, url: str) -> int | None:
        return self.by_url.get(fast_linkedin(url)) if url else None

    def find_name(self, name: str) -> int | None:
        """The contact with exactly this name (ignoring case/accents), or None if none or several."""
        hits = self.by_name.get(name_key(name))
        return next(iter(hits)) if hits and len(hits) == 1 else None

    def name_candidates(self, name: str) -> set[int]:
        """Contacts with this name ('Lovelace, Ada' also read as 'Ada Lovelace')."""
        hits = self.by_name.get(name_key(name)) or set()
        if not hits and "," in name:
            hits = self.by_name.get(name_key(_swapped(name))) or set()
        return hits

    def find_person(self, address: str = "", name: str = "") -> int | None:
        """A calendar attendee's or correspondent's contact: by address, else by display name.

        By name only when exactly one contact has that name and no address that differs (a
        contact with other addresses may be someone else with that name: not guessed). Names
        that fit several contacts are counted in :attr:`ambiguous`. An address found this way
        is learned: later look-ups of it hit the contact, and the dispatcher saves it.
        """
        address = normalise_email(address) if address else ""
        if address:
            cid = self.by_email.get(address)
            if cid is not None:
                return cid
        name = (name or "").strip()
        if not name or (address and name_key(name) == name_key(address)):
            return None
        hits = self.name_candidates(name)
        if len(hits) > 1:
            self.ambiguous[name] += 1
            return None
        if not hits:
            return None
        cid = next(iter(hits))
        if address and self.state[cid]["emails"]:
            return None  # a known address that differs: perhaps another person of that name
        self.by_display_name += 1
        if address:
            self.learned.setdefault(cid, []).append(address)
            self.by_email.setdefault(address, cid)
            st = self.state[cid]
            st["emails"] = ";".join(filter(None, [st["emails"], address]))
            self._ident.pop(cid, None)
        return cid

    def find_profile(self, url: str, name: str) -> int | None:
        """A LinkedIn participant whose profile URL is unknown: the one contact with that name and
        no LinkedIn URL (one with another URL is someone else); the URL is learned."""
        cid = self.find_name(name)
        if cid is None or self.state[cid]["linkedin_url"] or not url:
            return None
        self.learned_urls[cid] = url
        self.by_url.setdefault(url, cid)
        self.state[cid]["linkedin_url"] = url
        self._ident.pop(cid, None)
        return cid

    def name_of(self, cid: int) -> str:
        return self.names[cid]

    # -- matching -------------------------------------------------------------------------------

    def match(self, row: dict[str, str]) -> tuple[int | None, str]:
        """(contact id, rule) for a cleaned row, or (None, '') for someone new."""
        url = row["linkedin_url"]
        if url and url in self.by_url:
            return self.by_url[url], RULE_URL
        if row["emails"]:
            for e in row["emails"].split(";"):
                cid = self.by_email.get(e)
                if cid is not None:
                    other = self.state[cid]["linkedin_url"]
                    if url and other and other != url:
                        continue
                    return cid, RULE_EMAIL
        cid, rule = self._by_name_and_detail(row)
        if cid is not None or not row["company"] or not self.existing:
            return cid, rule
        return self._fuzzy(row)

    def _by_name_and_detail(self, row: dict[str, str]) -> tuple[int | None, str]:
        cands = self.by_name.get(name_key(row["full_name"]))
        if not cands:
            return None, ""
        r = identity_of(row)
        ok = [c for c in cands if not conflicts(r, self.identity(c))]
        for rule, fits in _NAME_TIERS:
            hits = [c for c in ok if fits(r, self.identity(c))]
            if len(hits) == 1:
                return hits[0], rule
            if hits:
                same = [c for c in hits if self.identity(c) == r]
                if same:  # the same record again (indistinguishable copies: the oldest)
                    return min(same), rule
                # A row that says nothing these contacts do not already say tells them apart from nobody:
                # joining the oldest adds no detail to anyone (the file imported again lands where it did).
                within = [c for c in hits if _holds(self.identity(c), r)]
                if within:
                    return min(within), rule
                self.undecided += 1
                return None, ""
        return None, ""

    def _fuzzy(self, row: dict[str, str]) -> tuple[int | None, str]:
        ck = company_key(row["company"])
        cands = self.by_company.get(ck) if ck else None
        nk = name_key(row["full_name"]) if cands else ""
        if not cands or not nk:
            return None, ""
        from rapidfuzz import fuzz, process

        hits = process.extract(
            nk, [n for _, n in cands], scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_NAME_MIN, limit=5
        )
        ids = {cands[i][0] for _, _, i in hits}
        if len(ids) != 1:
            return None, ""
        cid = ids.pop()
        if conflicts(identity_of(row), self.identity(cid)):
            return None, ""
        return cid, RULE_FUZZY
