"""Identity and dedupe: find the person a row describes, then add, update or merge in bulk.

Rules (conservative, so two people are never silently fused):

1. Same normalised LinkedIn URL -> same person.
2. Else a shared normalised email -> same person (unless both have different LinkedIn URLs).
3. Else, only against people who were in the workbook *before* this import: a very similar
   name (rapidfuzz ``token_sort_ratio`` >= :data:`FUZZY_NAME_MIN`) at the same company
   (case, punctuation and Inc/Ltd/GmbH ignored), with exactly one such candidate and no
   conflicting LinkedIn URL. Reported as "merged" with the rule, so the person can check.

What a match changes: company and position take the newer value; empty fields are filled;
emails and phones are unioned; notes, circle, cadence, name and tags the person set are
never overwritten (new tags are added).

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> from workbook.importers.report import ImportReport
>>> rows = pd.DataFrame({"full_name": ["Ada Lovelace", "Ada Lovelace"], "emails": ["ada@example.com"] * 2,
...                      "company": ["Engines Ltd", "Engines"]})
>>> rep = ImportReport()
>>> with book.transaction():
...     ids = upsert_contacts(book, ContactIndex(book), rows, source="csv", report=rep)
>>> (rep.contacts_added, rep.contacts_merged + rep.contacts_updated + rep.contacts_unchanged, len(book.contacts()))
(1, 1, 1)
"""
from __future__ import annotations

import itertools
import re
import sqlite3
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .. import schema
from ..core.text import normalise_email, normalise_linkedin
from ..core.dates import now_text
from ._common import (MAX_NAME, MAX_TAG, MAX_TEXT, all_str, clean_strings, company_key, date_bounds, is_email, name_key,
                      split_multi)
from .report import ImportReport

#: Minimum rapidfuzz token_sort_ratio (0-100) for a name to count as "the same" at the same company.
FUZZY_NAME_MIN = 90

TEXT_FIELDS = (
    "full_name", "first_name", "last_name", "emails", "phones", "linkedin_url", "company", "position",
    "industry", "location", "how_met", "notes", "connected_on", "birthday",
)
_REPLACE = ("company", "position")
_FILL = ("first_name", "last_name", "linkedin_url", "industry", "location", "how_met", "notes",
         "connected_on", "birthday")
_UNION = ("emails", "phones")
_DB_FIELDS = TEXT_FIELDS  # written on insert and update (connected_on '' -> NULL)



def clean_emails(values: Iterable[Any]) -> tuple[list[str], list[str], int]:
    """Normalise multi-valued email cells: (joined ';'-lists, first bad value per cell, Exchange
    paths dropped). Outlook writes Exchange paths (``/o=...``) where an address belongs: they are
    dropped, not rejected. Each distinct cell is cleaned once.

    >>> clean_emails(["Ada@Example.com ::: ada@example.com", "not an email", "/o=Org/ou=x"])
    (['ada@example.com', '', ''], ['', 'not an email', ''], 1)
    """
    values = list(values)
    if all_str(values):
        cleaned = {v: _clean_email_cell(v) for v in dict.fromkeys(values)}
        per_row = [cleaned[v] for v in values]
    else:
        per_row = [_clean_email_cell(v) for v in values]
    return [c[0] for c in per_row], [c[1] for c in per_row], sum(c[2] for c in per_row)


#: Characters that make a cell more than one plain address (separators, spaces, brackets, Exchange paths).
_NOT_PLAIN = re.compile(r"[:;,\n /<>]")


def _clean_email_cell(v: Any) -> tuple[str, str, int]:
    """(joined addresses, first bad value, Exchange paths dropped) of one cell."""
    if not v or v != v:  # most LinkedIn connections share no email
        return "", "", 0
    if v.__class__ is str and "@" in v and not _NOT_PLAIN.search(v) and v == v.strip():
        e = v.lower()
        if is_email(e):
            return e, "", 0
    out: list[str] = []
    first_bad = ""
    exchange = 0
    for part in split_multi(v):
        e = normalise_email(part)
        if e.startswith("/o=") or e.startswith("/cn="):
            exchange += 1
            continue
        if not is_email(e):
            first_bad = first_bad or part
            continue
        if e not in out:
            out.append(e)
    return ";".join(out), first_bad, exchange


def _union(a: str, b: str) -> str:
    items = [x for x in a.split(";") if x] if a else []
    for x in b.split(";") if b else []:
        if x and x not in items:
            items.append(x)
    return ";".join(items)


_LI_PREFIX = "https://www.linkedin.com/in/"


def fast_linkedin(url: str) -> str:
    """:func:`workbook.store.normalise_linkedin`, skipping the regex for URLs already canonical."""
    if not url:
        return ""
    if (url.startswith(_LI_PREFIX) and url.islower() and not url.endswith("/")
            and "?" not in url and "#" not in url and " " not in url):
        return url
    return normalise_linkedin(url)


def linkedin_keys(urls: list[str]) -> list[str]:
    """:func:`fast_linkedin` of every URL. A LinkedIn export's URLs are all canonical already;
    that is checked for the whole list at once (one join, a few scans), else URL by URL.

    >>> linkedin_keys(["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/bo"])
    ['https://www.linkedin.com/in/ada', 'https://www.linkedin.com/in/bo']
    >>> linkedin_keys(["https://www.linkedin.com/in/ada", "http://LinkedIn.com/in/Bo/", ""])
    ['https://www.linkedin.com/in/ada', 'https://www.linkedin.com/in/bo', '']
    """
    if urls and set(map(type, urls)) == {str}:
        joined = "\x00".join(urls)
        # Every value starts with the prefix exactly when each of the n - 1 separators is followed by it.
        if (joined.startswith(_LI_PREFIX) and joined.count("\x00" + _LI_PREFIX) == len(urls) - 1
                and joined.islower() and "?" not in joined and "#" not in joined and " " not in joined
                and "/\x00" not in joined and not joined.endswith("/")):
            return list(urls)
    return [fast_linkedin(u) for u in urls]


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
        # The oldest contact wins a URL two share: later ones are written first and overwritten.
        self.by_url: dict[str, int] = {url: cid for cid, _, url in reversed(rows) if url}
        self._names: dict[int, str] | None = None
        self._by_email: dict[str, int] | None = None
        self._state: dict[int, dict[str, str]] | None = None
        self._tags: set[tuple[int, str, str]] | None = None
        self._by_name: dict[str, set[int]] | None = None
        self._by_company: dict[str, list[tuple[int, str]]] | None = None
        row = book.conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()
        self.next_id = int(row[0]) + 1

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

    def _learn(self, cid: int, st: dict[str, str] | None = None) -> None:
        """Index contact ``cid`` (whose text is ``st``, or else read from ``state``) by its keys."""
        if st is None:
            st = self.state[cid]
        # Everything learned is loaded first, so the maps never depend on when they were first read.
        names, by_email = self.names, self.by_email
        names[cid] = st["full_name"]
        if st["emails"]:
            for e in st["emails"].split(";"):
                by_email.setdefault(e, cid)
        if st["linkedin_url"]:
            self.by_url.setdefault(st["linkedin_url"], cid)
        if self._by_name is not None:
            nk = name_key(st["full_name"])
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

    def name_of(self, cid: int) -> str:
        return self.names[cid]

    # -- matching -------------------------------------------------------------------------------

    def match(self, row: dict[str, str]) -> tuple[int | None, str]:
        """(contact id, rule) for a cleaned row, or (None, '') for someone new."""
        url = row["linkedin_url"]
        if url and url in self.by_url:
            return self.by_url[url], "same LinkedIn URL"
        if row["emails"]:
            for e in row["emails"].split(";"):
                cid = self.by_email.get(e)
                if cid is not None:
                    other = self.state[cid]["linkedin_url"]
                    if url and other and other != url:
                        continue
                    return cid, "same email"
        if not row["company"] or not self.existing:
            return None, ""
        return self._fuzzy(row)

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
        other = self.state[cid]["linkedin_url"]
        if row["linkedin_url"] and other and other != row["linkedin_url"]:
            return None, ""
        return cid, "similar name at the same company"


def _clean_text(frame: pd.DataFrame, col: str) -> list[str]:
    if col not in frame:
        return [""] * len(frame)
    return clean_strings(frame[col].tolist())


def profile_row(book) -> dict[str, str]:
    """The person's profile straight from SQL (the store's cache may predate this transaction)."""
    cur = book.conn.execute("SELECT * FROM profile WHERE id = 1")
    names = [d[0] for d in cur.description]
    row = cur.fetchone() or [""] * len(names)
    return {n: ("" if v is None else str(v)) for n, v in zip(names, row)}


def upsert_contacts(
    book,
    index: ContactIndex,
    rows: pd.DataFrame,
    *,
    source: str,
    report: ImportReport,
    lines: Callable[[list[int]], list[int]] | None = None,
    file: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> list[int | None]:
    """Add, update or merge contact rows; returns the contact id per row (None if rejected).

    ``rows`` has any of :data:`TEXT_FIELDS` (strings; ``emails`` already cleaned), optional
    ``tags`` (list of (kind, text)), ``_reason`` (a rejection an importer already decided) and
    ``_pos`` (row position for ``lines``). Must run inside ``book.transaction()``.
    """
    n = len(rows)
    pos = rows["_pos"].tolist() if "_pos" in rows else list(range(n))
    line_of = lines or (lambda ps: [p + 2 for p in ps])
    vals = {f: _clean_text(rows, f) for f in TEXT_FIELDS}
    vals["linkedin_url"] = linkedin_keys(vals["linkedin_url"])
    if not all(vals["full_name"]):
        vals["full_name"] = [nm or f"{fn} {ln}".strip() or em.split(";")[0] for nm, fn, ln, em in zip(
            vals["full_name"], vals["first_name"], vals["last_name"], vals["emails"])]
    names = vals["full_name"]
    reason = _clean_text(rows, "_reason")
    # Only columns that hold an over-long value need a look row by row.
    long_fields = [f for f in TEXT_FIELDS if n and max(map(len, vals[f])) > MAX_TEXT]
    for i, name in enumerate(names):
        if reason[i]:
            continue
        if not name:
            reason[i] = "no name and no email address"
        elif len(name) > MAX_NAME:
            reason[i] = f"the name is longer than {MAX_NAME} characters"
        else:
            for f in long_fields:
                if len(vals[f][i]) > MAX_TEXT:
                    reason[i] = f"{f.replace('_', ' ')} is longer than {MAX_TEXT:,} characters"
                    break
    bad = [i for i in range(n) if reason[i]]
    if bad:
        for line, i in zip(line_of([pos[i] for i in bad]), bad):
            report.reject(line, reason[i], file)

    tags_col = rows["tags"].tolist() if "tags" in rows else [None] * n
    ids: list[int | None] = [None] * n
    new: dict[int, dict[str, str]] = {}
    dirty: set[int] = set()
    new_tags: list[tuple[int, str, str]] = []
    merges: list[tuple[int, str, str, str]] = []
    counts = {"added": 0, "updated": 0, "merged": 0, "unchanged": 0}

    accepted = [i for i in range(n) if not reason[i]]
    if _all_new(index, vals, accepted, tags_col):
        new_ids, new_cols = _add_all(index, vals, accepted, source, ids, counts, progress)
    else:
        new_ids, new_cols = _match_rows(index, vals, reason, tags_col, source, ids, new, dirty, new_tags, merges,
                                        counts, progress)

    now = now_text()
    conn = book.conn
    cols = ", ".join(_DB_FIELDS)
    try:
        if new_ids:
            # One row per statement: for wide rows with indexes that beats insert_rows (measured).
            # An unknown connected_on ('') is stored as NULL.
            values = ", ".join("nullif(?, '')" if f == "connected_on" else "?" for f in _DB_FIELDS)
            conn.executemany(
                f"INSERT INTO contacts (id, {cols}, source, created_at, updated_at) VALUES (?, {values}, ?, ?, ?)",
                zip(new_ids, *(new_cols[f] for f in _DB_FIELDS), itertools.repeat(source), itertools.repeat(now),
                    itertools.repeat(now)),
            )
        if dirty:
            upd = [f for f in _DB_FIELDS if f != "full_name"]
            data = []
            for c in sorted(dirty):
                st = index.state[c]
                values = [st[f] or (None if f == "connected_on" else "") for f in upd]
                data.append((*values, now, c))
            conn.executemany(
                f"UPDATE contacts SET {', '.join(f'{f} = ?' for f in upd)}, updated_at = ? WHERE id = ?", data
            )
        if new_tags:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO tags (owner, contact_id, kind, text) VALUES ('contact', ?, ?, ?) ON CONFLICT DO NOTHING",
                new_tags,
            )
            report.tags_added += conn.total_changes - before
    except sqlite3.IntegrityError as exc:
        raise ValueError(f"A contact could not be saved ({exc}); nothing was imported.") from None

    if merges:
        merge_lines = line_of([pos[i] for i, *_ in merges])
        for line, (_, nm, into, rule) in zip(merge_lines, merges):
            entry: dict[str, Any] = {"line": line, "name": nm, "into": into, "rule": rule}
            if file:
                entry["file"] = file
            report.merges.append(entry)
    report.contacts_added += counts["added"]
    report.contacts_updated += counts["updated"]
    report.contacts_merged += counts["merged"]
    report.contacts_unchanged += counts["unchanged"]
    report.rows_imported += sum(counts.values())
    return ids


def _all_new(index: ContactIndex, vals: dict[str, list[str]], accepted: list[int], tags_col: list[Any]) -> bool:
    """True when every accepted row is someone new, without matching them one by one: the
    workbook knows nobody yet and each row has its own LinkedIn URL. (No URL is then seen
    twice, an email shared by rows with different URLs is not a match, and similar names are
    only looked for among people here before this import.)"""
    if index.source or any(tags_col[i] for i in accepted):
        return False
    urls = vals["linkedin_url"]
    accepted_urls = urls if len(accepted) == len(urls) else [urls[i] for i in accepted]
    return all(accepted_urls) and len(set(accepted_urls)) == len(accepted_urls)


def _add_all(index, vals, accepted, source, ids, counts, progress):
    """Add every accepted row as a new contact (see :func:`_all_new`), filling ``ids`` and
    ``counts``; returns the new ids and their text as columns, as :func:`_match_rows` does.
    The first import into an empty workbook: nobody to match, so no work row by row."""
    n = len(ids)
    if progress is not None:
        for i in accepted:
            if i % 5000 == 0:
                progress(i / n, "matching contacts")
    first = index.next_id
    new_ids = list(range(first, first + len(accepted)))
    for i, cid in zip(accepted, new_ids):
        ids[i] = cid
    index.next_id = first + len(accepted)
    new_cols = {f: vals[f] if len(accepted) == n else [vals[f][i] for i in accepted] for f in TEXT_FIELDS}
    index.learn_new(new_ids, new_cols, source)
    counts["added"] = len(accepted)
    return new_ids, new_cols


def _match_rows(index, vals, reason, tags_col, source, ids, new, dirty, new_tags, merges, counts, progress):
    """Match the rows one by one (see the module docstring), filling ``ids``, ``new``, ``dirty``,
    ``new_tags``, ``merges`` and ``counts``; returns the new contacts' ids and text as columns."""
    state = index.state
    n = len(reason)
    fuzzy_rule = "similar name at the same company"
    for i, values in enumerate(zip(*(vals[f] for f in TEXT_FIELDS))):
        if reason[i]:
            continue
        if progress is not None and i % 5000 == 0:
            progress(i / n, "matching contacts")
        row = dict(zip(TEXT_FIELDS, values))
        cid, rule = index.match(row)
        if cid is None:
            cid = ids[i] = index.next_id
            index.next_id += 1
            state[cid] = new[cid] = row
            index.source[cid] = source
            index._learn(cid, row)
            counts["added"] += 1
            if tags_col[i]:
                _add_tags(index, cid, tags_col[i], new_tags)
            continue
        ids[i] = cid
        cur = state[cid]
        changed = False
        for f in _REPLACE:
            if row[f] and row[f] != cur[f]:
                cur[f], changed = row[f], True
        for f in _FILL:
            if row[f] and not cur[f]:
                cur[f], changed = row[f], True
        for f in _UNION:
            if row[f] and row[f] != cur[f]:
                u = _union(cur[f], row[f])
                if u != cur[f]:
                    cur[f], changed = u, True
        if changed:
            index._learn(cid, cur)
            if cid not in new:
                dirty.add(cid)
        if tags_col[i]:
            changed = _add_tags(index, cid, tags_col[i], new_tags) or changed
        if not changed:
            counts["unchanged"] += 1
        elif cid in new or rule == fuzzy_rule or index.source.get(cid) != source:
            # Joined to someone from another source, a fuzzy match, or the same person twice in this file.
            counts["merged"] += 1
            merges.append((i, row["full_name"], index.name_of(cid), rule))
        else:
            counts["updated"] += 1

    return list(new), {f: [r[f] for r in new.values()] for f in TEXT_FIELDS}


def _add_tags(index: ContactIndex, cid: int, tags: Any, out: list[tuple[int, str, str]]) -> bool:
    added = False
    for kind, text in tags or ():
        text = str(text).replace("\x00", "").strip()
        if not text or len(text) > MAX_TAG:
            continue
        key = (cid, kind, text.lower())
        if key not in index.tags:
            index.tags.add(key)
            out.append((cid, kind, text))
            added = True
    return added


def external_id(kind: str, contact_id: int, day: str, rest: str = "") -> str:
    """The importer's key for an interaction: ``kind:contact:day[:rest]``.

    The zero-padded contact id and the day come first so that keys sort like the
    ``(contact_id, date)`` index: a bulk insert then appends to both indexes in order
    instead of scattering writes (several times faster for 200,000 rows).

    >>> external_id("mbox", 42, "2024-03-15")
    'mbox:000000042:2024-03-15'
    """
    return f"{kind}:{int(contact_id):09d}:{day}" + (f":{rest}" if rest else "")


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` (missing values kept as values), with a shortcut for a column that holds
    one object throughout (a constant the importer broadcast: no hashing needed).

    >>> [a.tolist() for a in _factorize(np.array(["x", "x"], dtype=object))]
    [[0, 0], ['x']]
    """
    if len(values) and values.tolist().count(values[0]) == len(values) and values[0] == values[0]:
        return np.zeros(len(values), dtype=np.intp), values[:1]
    return pd.factorize(values, use_na_sentinel=False)


#: Most parameters one statement may bind in any SQLite build (older builds stop at 999).
MAX_PARAMS = 999


def insert_rows(conn, insert: str, columns: list[list[Any]]) -> None:
    """Run ``insert`` ('INSERT INTO t (a, b) VALUES') for rows given as columns, many rows per
    statement: the per-statement cost of ``executemany`` dominates small rows, and binding
    ~200 rows at a time halves it.

    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:"); _ = conn.execute("CREATE TABLE t (a, b)")
    >>> insert_rows(conn, "INSERT INTO t VALUES", [list(range(450)), ["x"] * 450])
    >>> conn.execute("SELECT count(*), sum(a), min(b) FROM t").fetchone()
    (450, 101025, 'x')
    """
    width = len(columns)
    n = len(columns[0]) if columns else 0
    if not n:
        return
    per = max(1, MAX_PARAMS // width)
    row = "(" + ", ".join("?" * width) + ")"
    flat: list[Any] = [None] * (n * width)
    for k, col in enumerate(columns):
        flat[k::width] = col  # row-major, one slice assignment per column
    full, rest = divmod(n, per)
    step = per * width
    if full:
        conn.executemany(f"{insert} {', '.join([row] * per)}",
                         (flat[i:i + step] for i in range(0, full * step, step)))
    if rest:
        conn.execute(f"{insert} {', '.join([row] * rest)}", flat[full * step:])


_INTERACTION_COLS = ("contact_id", "date", "channel", "direction", "kind", "note", "source", "external_id")


def write_interactions(ctx, frame: pd.DataFrame) -> int:
    """Log already-validated interactions (columns :data:`_INTERACTION_COLS`, ``date`` as
    'YYYY-MM-DD') inside the import's transaction; rows whose (source, external_id) was seen
    before are skipped. Returns how many were new.

    Rows go through a temporary staging table and one ``INSERT ... SELECT`` (columns with one
    value for every row are bound once instead of staged): every constraint of ``interactions``
    still applies, at a fraction of the per-row cost of ``executemany``.
    """
    if frame.empty:
        return 0
    lo, hi = (d.strftime("%Y-%m-%d") for d in date_bounds())
    # The text columns hold few distinct values (a few thousand days, three directions, one
    # channel): each is checked once, and the rows are rebuilt from codes.
    checks = {
        "date": lambda v: isinstance(v, str) and lo <= v <= hi,  # the format itself is checked by the schema (GLOB)
        "channel": schema.CHANNELS.__contains__,
        "direction": schema.DIRECTIONS.__contains__,
        "kind": schema.INTERACTION_KINDS.__contains__,
        "note": lambda v: True,
        "source": lambda v: True,
    }
    codes, distinct = {}, {}
    bad = np.zeros(len(frame), dtype=bool)
    for col, ok in checks.items():
        values = frame[col]
        if isinstance(values.dtype, pd.CategoricalDtype) and not values.isna().any():
            # A big writer passes its repeated texts as categoricals: the codes are ready.
            codes[col] = values.cat.codes.to_numpy(dtype=np.intp)
            distinct[col] = values.cat.categories.to_numpy(dtype=object)
        else:
            values = values.astype(str) if col == "date" else values
            codes[col], distinct[col] = _factorize(values.to_numpy(dtype=object))
        bad |= ~np.array([bool(ok(v)) for v in distinct[col]], dtype=bool)[codes[col]]
    if bad.any():  # importers filter bad rows first; this is a guard, not a path
        raise ValueError(f"An interaction could not be saved ({frame[bad].iloc[0].to_dict()}); nothing was imported.")
    distinct["note"] = np.array(
        [v[:2000] if isinstance(v, str) else ("" if v is None or v != v else str(v)[:2000]) for v in distinct["note"]],
        dtype=object)
    # In the order of the (contact_id, date) index (and, with external_id(), of the unique index too);
    # 'YYYY-MM-DD' texts sort like the days they name.
    cids = frame["contact_id"].to_numpy(dtype=np.int64)
    day_rank = np.argsort(np.argsort(distinct["date"].astype(str), kind="stable"), kind="stable")
    order = np.lexsort((day_rank[codes["date"]], cids))
    constant = {c: d[0] for c, d in distinct.items() if len(d) == 1 and isinstance(d[0], str)}
    ext_ids = frame["external_id"].to_numpy(dtype=object)
    ext = ext_ids[order].tolist()
    if not (all_str(ext_ids) and bool((ext_ids != "").all())):
        ext = [None if v is None or v != v or v == "" else str(v) for v in ext]
    values = {
        "contact_id": cids[order].tolist(),
        **{c: distinct[c][codes[c][order]].tolist() for c in checks if c not in constant},
        "external_id": ext,
    }
    staged = [c for c in _INTERACTION_COLS if c not in constant]
    select = ", ".join("?" if c in constant else c for c in _INTERACTION_COLS)
    conn = ctx.book.conn
    with ctx.book.transaction():
        try:
            conn.execute("DROP TABLE IF EXISTS temp.wb_import_interactions")
            conn.execute(f"CREATE TEMP TABLE wb_import_interactions ({', '.join(staged)})")
            insert_rows(conn, "INSERT INTO temp.wb_import_interactions VALUES", [values[c] for c in staged])
            before = conn.total_changes
            # Staged in index order, and a table scan keeps it (rowid order); "WHERE true" lets
            # SQLite parse the upsert clause after a SELECT.
            conn.execute(
                f"INSERT INTO interactions ({', '.join(_INTERACTION_COLS)}) SELECT {select} "
                "FROM temp.wb_import_interactions WHERE true ON CONFLICT DO NOTHING",
                [constant[c] for c in _INTERACTION_COLS if c in constant],
            )
            added = conn.total_changes - before
            conn.execute("DROP TABLE temp.wb_import_interactions")
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"An interaction could not be saved ({exc}); nothing was imported.") from None
    ctx.report.interactions_added += added
    return added
