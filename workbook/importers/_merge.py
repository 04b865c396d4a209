"""Identity and dedupe: find the person a row describes, then add, update or merge in bulk.

Who a row is (LinkedIn URL, email, then name with a phone, company or city; never two
same-name people with different addresses) is decided by :mod:`.identity`; a join by a guess
(a similar name at the same company) is reported as "merged" with its rule, so the person can check.

What a match changes: company and position take the newer value when the row was known by its
LinkedIn URL or email and is the file's first row for that person (else they are only filled
when empty); empty fields are filled;
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
from ..core.text import normalise_email
from ..core.dates import now_text
from ..store.writer import insert_values
from ._common import (MAX_NAME, MAX_TAG, MAX_TEXT, all_str, clean_strings, company_key, date_bounds, is_email, name_key,
                      split_multi)
from .identity import (FUZZY_NAME_MIN, GUESSES, STRONG, TEXT_FIELDS, ContactIndex, fast_linkedin,  # noqa: F401 - re-exported
                       linkedin_keys)
from .report import ImportReport

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
    reason = _reasons(vals, _clean_text(rows, "_reason"))
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

    _save(book, index, new_ids, new_cols, dirty, new_tags, source, report)
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


def _reasons(vals: dict[str, list[str]], reason: list[str]) -> list[str]:
    """Each row's rejection ('' to keep it): an importer's own, else no name, or a value too long.

    >>> _reasons({f: ["", "Ada"] for f in TEXT_FIELDS}, ["", ""])
    ['no name and no email address', '']
    """
    n = len(reason)
    names = vals["full_name"]
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
    return reason


def _save(book, index: ContactIndex, new_ids: list[int], new_cols: dict[str, list[str]], dirty: set[int],
          new_tags: list[tuple[int, str, str]], source: str, report: ImportReport) -> None:
    """Write the new contacts, the changed ones and their new tags (inside the import's transaction,
    as one step of the store's writer: the caches of every other table stay valid)."""
    now = now_text()
    cols = ", ".join(_DB_FIELDS)
    with book.writing("contacts", "tags") as conn:
        _save_rows(conn, index, new_ids, new_cols, dirty, new_tags, source, report, now, cols)


def _save_rows(conn, index: ContactIndex, new_ids: list[int], new_cols: dict[str, list[str]], dirty: set[int],
               new_tags: list[tuple[int, str, str]], source: str, report: ImportReport, now: str, cols: str) -> None:
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
    orig: dict[int, dict[str, str]] = {}  # contacts here before, as they were before this file changed them
    effects: list[tuple[int, int, str]] = []  # (row, contact, count) of rows that changed only text
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
        # A row known by its URL or email updates a job, if it is the file's first row for that person;
        # other rows only fill it (else two rows of one file, each naming another employer, would undo
        # each other, and importing the file again would change what the first import made).
        replace = rule in STRONG and cid not in orig and cid not in new
        if cid not in new and cid not in orig:
            orig[cid] = dict(cur)
        for f in _REPLACE:
            if row[f] and row[f] != cur[f] and (replace or not cur[f]):
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
        tagged = bool(tags_col[i]) and _add_tags(index, cid, tags_col[i], new_tags)
        changed = changed or tagged
        if not changed:
            counts["unchanged"] += 1
            continue
        if cid in new or rule in GUESSES or index.source.get(cid) != source:
            # Joined to someone from another source, a fuzzy match, or the same person twice in this file.
            kind = "merged"
            merges.append((i, row["full_name"], index.name_of(cid), rule))
        else:
            kind = "updated"
        counts[kind] += 1
        if not tagged:
            effects.append((i, cid, kind))
    _settle(index, orig, effects, dirty, merges, counts)
    return list(new), {f: [r[f] for r in new.values()] for f in TEXT_FIELDS}


def _settle(index, orig, effects, dirty, merges, counts) -> None:
    """Rows of one file that describe one contact differently (two companies) change it back and
    forth; when it ends as it began, it was not changed: importing a file again updates nobody."""
    same = {cid for cid, before in orig.items() if index.state[cid] == before}
    if not same:
        return
    dirty -= same
    undone = set()
    for i, cid, kind in effects:
        if cid in same:
            counts[kind] -= 1
            counts["unchanged"] += 1
            undone.add(i)
    merges[:] = [m for m in merges if m[0] not in undone]


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


def insert_rows(conn, insert: str, columns: list[list[Any]]) -> None:
    """Run ``insert`` ('INSERT INTO t (a, b) VALUES') for rows given as columns, many rows per
    statement (the store's :func:`~workbook.store.writer.insert_values`)."""
    insert_values(conn, insert, "", columns)


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
    codes, distinct = _checked_codes(frame)
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
        **{c: distinct[c][codes[c][order]].tolist() for c in distinct if c not in constant},
        "external_id": ext,
    }
    added = _insert_staged(ctx.book, values, constant)
    ctx.report.interactions_added += added
    return added


def _interaction_checks() -> dict[str, Callable[[Any], bool]]:
    """Each interaction column's check, applied once per distinct value."""
    lo, hi = (d.strftime("%Y-%m-%d") for d in date_bounds())
    return {
        "date": lambda v: isinstance(v, str) and lo <= v <= hi,  # the format itself is checked by the schema (GLOB)
        "channel": schema.CHANNELS.__contains__,
        "direction": schema.DIRECTIONS.__contains__,
        "kind": schema.INTERACTION_KINDS.__contains__,
        "note": lambda v: True,
        "source": lambda v: True,
    }


def _checked_codes(frame: pd.DataFrame) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(codes, distinct values) per text column, every distinct value checked once.

    The text columns hold few distinct values (a few thousand days, three directions, one
    channel), so the rows are rebuilt from codes rather than checked one by one.
    """
    codes, distinct = {}, {}
    bad = np.zeros(len(frame), dtype=bool)
    for col, ok in _interaction_checks().items():
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
    return codes, distinct


def _insert_staged(book, values: dict[str, list[Any]], constant: dict[str, str]) -> int:
    """Stage the rows in a temporary table and insert them with one ``INSERT ... SELECT`` (columns
    with one value for every row bound once); returns how many were new."""
    staged = [c for c in _INTERACTION_COLS if c not in constant]
    select = ", ".join("?" if c in constant else c for c in _INTERACTION_COLS)
    with book.writing("interactions") as conn:
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
    return added
