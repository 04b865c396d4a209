"""Derived items and the person's dated history (schema 3): reading, rebuilding, dismissing.

A derived item is something an export says about the person (``owner='profile'``) or a
contact: a past employer, a school, a skill, a field of work, a topic both wrote about. Each
row keeps its source (``source_file``, ``source_date``). Importers rebuild the rows of the
files they read (:func:`replace_derived`); the person can dismiss one as "not true"
(:func:`dismiss`), and the dismissal is keyed on ``identity + kind + key`` (never a row id),
so it survives every re-import.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); cid = book.add_contact("Ada Lovelace", linkedin_url="linkedin.com/in/ada")
>>> rows = pd.DataFrame({"owner": ["contact"], "contact_id": [cid], "kind": ["topic"], "value": ["Open data"],
...                      "key": ["open data"], "source_file": ["messages.csv"], "source_date": ["2024-03-01"]})
>>> replace_derived(book, rows, source_files=["messages.csv"])
1
>>> item = book.derived_items().iloc[0]; (item["value"], item["identity"], bool(item["derived"]))
('Open data', 'https://www.linkedin.com/in/ada', True)
>>> book.dismiss_derived(int(item["item_id"])); _ = replace_derived(book, rows, source_files=["messages.csv"])
>>> len(book.derived_items()), int(book.derived_items(include_dismissed=True)["dismissed"].sum())
(0, 1)
"""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from .. import schema
from ..core.dates import now_text
from ..core.text import name_key
from .writer import insert_values

#: Columns of :meth:`Workbook.derived_items`.
DERIVED_COLUMNS = ["item_id", "owner", "contact_id", "kind", "value", "key", "detail", "source_file", "source_date",
                   "identity", "dismissed", "derived"]
#: Columns of :meth:`Workbook.profile_history`.
HISTORY_COLUMNS = ["history_id", "kind", "organisation", "title", "started_on", "finished_on", "source"]
_WRITTEN = ["owner", "contact_id", "kind", "value", "key", "detail", "source_file", "source_date", "identity"]
_HISTORY_WRITTEN = ["kind", "organisation", "title", "started_on", "finished_on", "source"]


def has_tables(book) -> bool:
    """False for an older workbook opened read-only (schema < 3): it has no derived tables yet."""
    return getattr(book, "_schema", schema.SCHEMA_VERSION) >= 3


def identity_keys(contacts: pd.DataFrame) -> pd.Series:
    """Who each contact is, as dismissals name them: the LinkedIn URL, else the first email, else
    ``name:`` + the name key (indexed like ``contacts``).

    >>> identity_keys(pd.DataFrame({"linkedin_url": ["", ""], "emails": ["a@x.org;b@x.org", ""],
    ...                             "full_name": ["A", "Zoë Ö"]})).tolist()
    ['email:a@x.org', 'name:zoe o']
    """
    def text(col: str) -> pd.Series:
        if col not in contacts:
            return pd.Series([""] * len(contacts), index=contacts.index, dtype=object)
        return contacts[col].astype(object).fillna("").astype(str)

    url, email, name = text("linkedin_url"), text("emails").str.split(";").str[0].fillna(""), text("full_name")
    names = pd.Series({n: "name:" + name_key(n) for n in pd.unique(name)}, dtype=object)
    by_name = name.map(names).astype(object) if len(name) else name
    return url.where(url != "", ("email:" + email).where(email != "", by_name))


def read_derived(book, include_dismissed: bool = False) -> pd.DataFrame:
    """Derived items (see :data:`DERIVED_COLUMNS`); dismissed ones only when asked."""
    if not has_tables(book):
        return _empty_derived()
    with book._lock:
        version = book.version("derived", "derived_dismissals")
        hit = book._cache.get("derived")
        if not (hit and hit[0] == version):
            frame = pd.read_sql_query(
                "SELECT d.id AS item_id, d.owner, d.contact_id, d.kind, d.value, d.key, d.detail, d.source_file, "
                "d.source_date, d.identity, (x.identity IS NOT NULL) AS dismissed FROM derived d "
                "LEFT JOIN derived_dismissals x ON x.identity = d.identity AND x.kind = d.kind AND x.key = d.key "
                "ORDER BY d.id", book.conn)
            frame = frame.assign(contact_id=frame["contact_id"].astype("Int64"),
                                 source_date=pd.to_datetime(frame["source_date"]),
                                 dismissed=frame["dismissed"].astype(bool), derived=True)
            hit = (version, frame)
            book._cache["derived"] = hit
        frame = hit[1]
    if not include_dismissed:
        frame = frame.loc[~frame["dismissed"].to_numpy()].reset_index(drop=True)
    return frame.copy()


def _empty_derived() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in DERIVED_COLUMNS})
    return frame.assign(item_id=frame["item_id"].astype("int64"), contact_id=frame["contact_id"].astype("Int64"),
                        source_date=pd.to_datetime(frame["source_date"]), dismissed=frame["dismissed"].astype(bool),
                        derived=frame["derived"].astype(bool))


def read_history(book) -> pd.DataFrame:
    """The person's dated history: positions and education (see :data:`HISTORY_COLUMNS`)."""
    if not has_tables(book):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in HISTORY_COLUMNS})
    return pd.read_sql_query(
        "SELECT id AS history_id, kind, organisation, title, started_on, finished_on, source FROM profile_history "
        "ORDER BY kind, started_on DESC, id", book.conn)


def _column(rows: pd.DataFrame, name: str, default: Any) -> list[Any]:
    if name not in rows:
        return [default] * len(rows)
    return rows[name].astype(object).where(rows[name].notna(), default).tolist()


def _identities(book, rows: pd.DataFrame) -> list[str]:
    """Each row's identity: given, else 'profile' for the person, else the contact's (see :func:`identity_keys`)."""
    given = _column(rows, "identity", "")
    need = [c for c, o, g in zip(_column(rows, "contact_id", None), _column(rows, "owner", "contact"), given)
            if not g and o == "contact" and c is not None]
    known: dict[int, str] = {}
    if need:
        # Straight from the table: inside an import's transaction book.contacts() may be cached from before.
        contacts = pd.read_sql_query("SELECT id, full_name, emails, linkedin_url FROM contacts", book.conn)
        known = dict(zip(contacts["id"].tolist(), identity_keys(contacts).tolist()))
    return [g or ("profile" if o == "profile" else known.get(int(c), f"id:{c}"))
            for c, o, g in zip(_column(rows, "contact_id", None), _column(rows, "owner", "contact"), given)]


def replace_derived(book, rows: pd.DataFrame, *, source_files: Iterable[str], kinds: Iterable[str] | None = None) -> int:
    """Replace the derived rows that came from ``source_files`` (only of ``kinds``, when given) with
    ``rows`` (columns ``owner, contact_id, kind, value, key, source_file``; optional ``detail,
    source_date, identity``), in the book's transaction. Returns the rows written.
    Dismissals are untouched: a rebuilt item that was dismissed stays dismissed."""
    files, kinds = sorted(set(source_files)), None if kinds is None else sorted(set(kinds))
    rows = rows.reset_index(drop=True)
    bad = set(_column(rows, "kind", "")) - set(schema.DERIVED_KINDS)
    if bad:
        raise ValueError(f"Unknown derived kind(s): {', '.join(sorted(map(str, bad)))}.")
    values = {
        "owner": _column(rows, "owner", "contact"),
        "contact_id": [None if c is None else int(c) for c in _column(rows, "contact_id", None)],
        "kind": _column(rows, "kind", ""),
        "value": [str(v).strip()[:300] for v in _column(rows, "value", "")],
        "key": [str(v)[:300] for v in _column(rows, "key", "")],
        "detail": [str(v)[:500] for v in _column(rows, "detail", "")],
        "source_file": _column(rows, "source_file", ""),
        "source_date": [None if d in (None, "") else str(d)[:10] for d in _column(rows, "source_date", None)],
        "identity": _identities(book, rows),
    }
    with book.transaction() as conn:
        where, params = "source_file IN (" + ", ".join("?" * len(files)) + ")", list(files)
        if kinds is not None:
            where += " AND kind IN (" + ", ".join("?" * len(kinds)) + ")"
            params += kinds
        removed = conn.execute(f"DELETE FROM derived WHERE {where}", params).rowcount if files else 0
        written = insert_values(conn, f"INSERT INTO derived ({', '.join(_WRITTEN)}) VALUES",
                                " ON CONFLICT DO NOTHING", [values[c] for c in _WRITTEN]) if len(rows) else 0
        book._record_write(frozenset({"derived"}), max(removed, 0) + written)
    return written


def write_history(book, rows: pd.DataFrame) -> int:
    """Add history entries (``kind, organisation, title, started_on, finished_on, source``); ones
    already there (same kind, organisation, title and start) are skipped. Returns the rows added."""
    rows = rows.reset_index(drop=True)
    rows = rows.loc[rows["organisation"].astype(str).str.strip() != ""]
    if rows.empty:
        return 0
    values = [[str(v).strip() for v in _column(rows, c, "")] for c in _HISTORY_WRITTEN]
    with book.transaction() as conn:
        n = insert_values(conn, f"INSERT INTO profile_history ({', '.join(_HISTORY_WRITTEN)}) VALUES",
                          " ON CONFLICT DO NOTHING", values)
        book._record_write(frozenset({"profile_history"}), n)
    return n


def dismiss(book, item_id: int, dismissed: bool = True) -> None:
    """Mark one derived item as not true (``dismissed=False`` takes the dismissal back)."""
    row = book.conn.execute("SELECT identity, kind, key FROM derived WHERE id = ?", (int(item_id),)).fetchone()
    if row is None:
        raise ValueError(f"There is no derived item with id {item_id}.")
    with book.transaction():
        if dismissed:
            book._execute("INSERT INTO derived_dismissals (identity, kind, key, at) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT DO NOTHING", (*row, now_text()))
        else:
            book._execute("DELETE FROM derived_dismissals WHERE identity = ? AND kind = ? AND key = ?", row)


def dismissed_keys(book) -> set[tuple[str, str, str]]:
    """Every dismissal as (identity, kind, key): the importers skip deriving these again."""
    if not has_tables(book):
        return set()
    return set(book.conn.execute("SELECT identity, kind, key FROM derived_dismissals"))


__all__ = ["DERIVED_COLUMNS", "HISTORY_COLUMNS", "dismiss", "dismissed_keys", "identity_keys", "read_derived",
           "read_history", "replace_derived", "write_history"]
