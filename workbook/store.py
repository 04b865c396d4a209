"""The workbook store: one SQLite file per person.

>>> import tempfile, os
>>> book = open_workbook(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> cid = book.add_contact("Ada Lovelace", company="Analytical Engines")
>>> book.contacts().loc[0, "full_name"]
'Ada Lovelace'

Read API (every method returns a fresh DataFrame; mutate it freely):

``contacts(include_archived=False)``
    contact_id int64, full_name, first_name, last_name, emails (';'-joined), phones,
    linkedin_url, company, position, industry, location, how_met, source (str),
    connected_on datetime64[ns] (NaT unknown), birthday (str, '' / 'YYYY-MM-DD' / '--MM-DD'),
    circle (str, '' = not set by the person), cadence_days Int64 (<NA> = circle default),
    notes (str), archived bool, created_at, updated_at datetime64[ns].
``interactions()``
    interaction_id int64, contact_id int64, date datetime64[ns], channel, direction, kind
    (categoricals over the schema's vocabularies), note (str), source (categorical). Oldest first.
``tags()``
    tag_id int64, owner ('profile' | 'contact'), contact_id Int64 (<NA> for the profile), kind, text.
``links()``
    link_id, a, b int64, kind str, strength float64.
``goals()``
    goal_id int64, title, kind, needs (';'-joined), description, status (str),
    target_date datetime64[ns], created_at datetime64[ns].
``outreach()``
    outreach_id int64, contact_id Int64, target, goal_id Int64, stage, next_step,
    due_date datetime64[ns], draft, notes, created_at, updated_at datetime64[ns].
``outreach_history()``
    history_id, outreach_id int64, date datetime64[ns], from_stage (str, '' for a new row), to_stage, note.
``reflections()``
    prompt_id, text (str), updated_at datetime64[ns].
``profile()``
    one row: name, headline, company, position, industry, location, email, linkedin_url, summary.
``settings()``
    a dict: the defaults of :data:`DEFAULT_SETTINGS` overlaid with what the workbook stores.
``as_of()``
    the pinned date (setting ``as_of``) or today, as a ``datetime.date``.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import threading
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from . import schema
from .core.dates import MIN_DATE as _MIN_DATE, _today, date_bounds, now_text, parse_date  # noqa: F401 - re-exported
from .core.text import normalise_email, normalise_linkedin  # noqa: F401 - re-exported

APP_NAME = "networking-workbook"
BUSY_TIMEOUT_MS = 30_000
DEFAULT_SETTINGS: dict[str, Any] = {
    "as_of": None,  # 'YYYY-MM-DD' pins "today" (the demo does, for reproducible notebooks)
    "cadence": dict(schema.DEFAULT_CADENCE),
    "follow_up_days": 7,
    "max_follow_ups": 2,
    "mentor_update_days": 42,
    "weekly_plan_size": 6,
    "is_demo": False,
    "show_initials": False,
}

#: Opening runs PRAGMA quick_check (a full scan) only below this size, so a 30,000-contact
#: workbook opens at once; larger files still refuse damage when a damaged page is read.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(Exception):
    """A workbook cannot be opened or written; the message is meant for the person."""


# ----------------------------------------------------------------------------- paths


def default_path() -> Path:
    """Where the person's workbook lives: ``WORKBOOK_DB`` or the user data directory.

    >>> os.environ["WORKBOOK_DB"] = "/tmp/x.sqlite"; str(default_path())
    '/tmp/x.sqlite'
    >>> del os.environ["WORKBOOK_DB"]
    """
    env = os.environ.get("WORKBOOK_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workbook.sqlite"


def demo_path() -> Path:
    """Where the bundled demo workbook is built (beside the person's own, never over it)."""
    return default_path().with_name("demo.sqlite")


def open_workbook(path: str | os.PathLike | None = None, *, readonly: bool = False) -> "Workbook":
    """Open (or create) a workbook; see :class:`Workbook`."""
    return Workbook(path, readonly=readonly)


# ----------------------------------------------------------------------------- validation helpers


def _choice(value: Any, options: Iterable[str], field: str) -> str:
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{field} must be one of {', '.join(options)} (got {value!r}).")
    return value


def _text(value: Any, field: str, *, required: bool = False, max_len: int = 20_000) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise ValueError(f"{field} must not be empty.")
    if len(value) > max_len:
        raise ValueError(f"{field} is too long ({len(value)} characters; at most {max_len}).")
    return value


def _join(values: Any, normalise=lambda s: s.strip()) -> str:
    if values is None:
        return ""
    if isinstance(values, str):
        values = re.split(r"[;,]", values)
    out: list[str] = []
    for v in values:
        n = normalise(str(v))
        if n and n not in out:
            out.append(n)
    return ";".join(out)


def neutralise_cell(value: Any) -> Any:
    """Defuse spreadsheet formula injection: prefix a quote to cells starting with = + - @ TAB CR.

    >>> neutralise_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_cell("plain")
    'plain'
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """Undo :func:`neutralise_cell` (for re-importing an export).

    >>> restore_cell(neutralise_cell("-5 stars")) == "-5 stars"
    True
    """
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "".join(_FORMULA_START):
        return value[1:]
    return value


# ----------------------------------------------------------------------------- the workbook

_CONTACT_TEXT = (
    "first_name",
    "last_name",
    "company",
    "position",
    "industry",
    "location",
    "how_met",
    "source",
    "notes",
)
_CONTACT_FIELDS = (
    "full_name",
    *_CONTACT_TEXT,
    "emails",
    "phones",
    "linkedin_url",
    "connected_on",
    "birthday",
    "circle",
    "cadence_days",
    "archived",
)
_PROFILE_FIELDS = ("name", "headline", "company", "position", "industry", "location", "email", "linkedin_url", "summary")


class Workbook:
    """A person's networking workbook, stored in one SQLite file.

    Path: the argument, else ``WORKBOOK_DB``, else the user data directory. A file
    that is not a workbook, is corrupt, or comes from a newer version is refused
    (:class:`WorkbookError`) and left untouched.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, readonly: bool = False):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.readonly = readonly
        self._lock = threading.RLock()
        self._depth = 0
        self._writes = 0  # bumped when a commit's changes cannot be attributed: every cache is stale
        self._table_writes: dict[str, int] = {}
        self._touched: set[str] = set()
        self._tracked = 0
        self._cache: dict[str, tuple[tuple[int, int], pd.DataFrame]] = {}
        self._check_file()
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                uri = f"file:{self.path}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # So that INSERT OR REPLACE's implicit delete fires the snapshot's DELETE trigger.
            self.conn.execute("PRAGMA recursive_triggers = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(Exception):
                self.conn.close()
            if "file is not a database" in str(exc):
                raise _not_a_workbook(self.path) from None
            raise WorkbookError(
                f"{self.path} could not be opened as a workbook ({exc}). It was left as it is."
            ) from None

    # -- opening ---------------------------------------------------------------------------------

    def _check_file(self) -> None:
        # Only stat() here, never open(): closing any descriptor of a file drops every POSIX lock
        # this process holds on it, live SQLite connections' included, and another process may then
        # delete the WAL under them. SQLite itself reports a file that is not a database.
        p = self.path
        if p.exists() and p.is_dir():
            raise WorkbookError(f"{p} is a folder, not a workbook file.")
        if not p.exists() and self.readonly:
            raise WorkbookError(f"{p} does not exist.")
        if p.exists() and 0 < p.stat().st_size < 512:
            # SQLite would take a file this small for an empty database and write over it.
            raise _not_a_workbook(p)

    #: The oldest schema a read-only open can read as it is (the snapshot tables came with 2).
    READABLE_FROM = 1

    def _schema_version(self) -> int:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "schema_version" in tables:
            (version,) = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            return version or 0
        if tables:
            raise WorkbookError(f"{self.path} is an SQLite database but not a workbook. It was left as it is.")
        return 0

    def _migrate(self) -> None:
        version = self._schema_version()
        if version > schema.SCHEMA_VERSION:
            raise WorkbookError(
                f"{self.path} was written by a newer version of Networking Workbook (schema "
                f"{version}; this one knows {schema.SCHEMA_VERSION}). Please upgrade; nothing was changed."
            )
        self._schema = version
        if not self.readonly:
            # Only now that the file is known to be ours may its header change (WAL mode).
            self.conn.execute("PRAGMA journal_mode = WAL")
        if version == schema.SCHEMA_VERSION or (self.readonly and version >= self.READABLE_FROM):
            # An older backup opened read-only (to check or restore it) is read as it is.
            if self.path.stat().st_size > QUICK_CHECK_MAX_BYTES:
                return  # a large workbook is checked page by page as it is read (see _damaged)
            quick = self.conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                raise WorkbookError(f"{self.path} is damaged ({quick}). Restore a backup; nothing was changed.")
            return
        if self.readonly:
            raise WorkbookError(f"{self.path} needs an upgrade but was opened read-only.")
        with self.transaction():
            # Another tab may have created or upgraded the file while this one waited for the lock.
            for v in range(self._schema_version(), schema.SCHEMA_VERSION):
                for stmt in _split_sql(schema.MIGRATIONS[v]):
                    self.conn.execute(stmt)
                self.conn.execute("DELETE FROM schema_version")
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (v + 1,))
        self._schema = schema.SCHEMA_VERSION

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"

    # -- transactions ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing writes: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (re-entrant).

        Nested use joins the outer transaction, so an importer can call the write
        API many times and still land everything or nothing.
        """
        if self.readonly:
            raise WorkbookError("This workbook was opened read-only.")
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise WorkbookError(f"The workbook is busy or locked ({exc}); try again.") from None
            self._depth = 1
            self._touched, self._tracked = set(), 0
            start = self.conn.total_changes
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self._depth = 0
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                    raise WorkbookError(f"Saving failed ({exc}); nothing was changed.") from None
                self._note_commit(self.conn.total_changes - start)
                self._checkpoint()
            finally:
                self._depth = 0

    def _checkpoint(self) -> None:
        # In WAL mode the main file can stay nearly empty while the app runs, so a person who copies
        # the file the app names would copy nothing. A passive checkpoint after each commit keeps the
        # main file whole; it never waits for readers (a busy one simply finishes at the next commit).
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def checkpoint(self) -> bool:
        """Copy everything committed into the main file, so a plain copy of it is the whole workbook.

        Returns True when nothing is left only in the ``-wal`` beside it.

        >>> book = Workbook(":memory:"); book.checkpoint()
        True
        """
        if self.readonly:
            return False
        with self._lock:
            try:
                busy, frames, done = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except sqlite3.Error:
                return False
        return not busy and (frames in (-1, done))

    # Tables whose deletes cascade into others (foreign keys), so a delete there staled them all.
    _CASCADES = {"contacts", "outreach", "goals"}

    def _note_commit(self, changed: int) -> None:
        # Caches are per table so logging one interaction does not re-read the contacts;
        # changes made outside _execute (importers' executemany) stale everything.
        if changed and (changed != self._tracked or self._touched & {"*"}):
            self._writes += 1
        for table in self._touched:
            self._table_writes[table] = self._table_writes.get(table, 0) + 1
        self._touched, self._tracked = set(), 0

    def _track(self, sql: str, rowcount: int) -> None:
        m = re.match(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", sql, flags=re.I)
        if not m:
            return
        table = m.group(2).lower()
        if m.group(1).upper().startswith("DELETE") and table in self._CASCADES:
            self._touched.add("*")
        self._touched.add(table)
        self._tracked += max(rowcount, 0)

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            cur = self.conn.execute(sql, tuple(params))
            self._track(sql, cur.rowcount)
            return cur
        except sqlite3.IntegrityError as exc:
            raise ValueError(_integrity_message(exc)) from None
        except sqlite3.OperationalError as exc:
            msg = str(exc)
            if "disk" in msg or "full" in msg or "readonly" in msg or "read-only" in msg:
                raise WorkbookError(f"Could not save: {msg}. Your existing data is intact.") from None
            raise

    # -- reading ---------------------------------------------------------------------------------

    def _version(self, table: str) -> tuple[int, int, int]:
        # data_version moves when another connection (another app tab) commits.
        return self.version(table)[0]

    def version(self, *tables: str) -> tuple:
        """A stamp that changes whenever any of ``tables`` may have changed (here or in another tab).

        Views key their caches on it, so an edit elsewhere is never shown stale.

        >>> book = Workbook(":memory:")
        >>> before = book.version("contacts")
        >>> _ = book.add_contact("Ada Lovelace")
        >>> book.version("contacts") != before, book.version("links") == book.version("links")
        (True, True)
        """
        with self._lock:
            (dv,) = self.conn.execute("PRAGMA data_version").fetchone()  # once, not per table
            return tuple((dv, self._writes, self._table_writes.get(t, 0)) for t in tables)

    def data_version(self) -> int:
        """SQLite's ``data_version``: it moves when any *other* connection (an import, another tab) commits.

        >>> book = Workbook(":memory:"); v = book.data_version(); _ = book.add_contact("Ada")
        >>> book.data_version() == v  # this connection's own writes do not move it
        True
        """
        with self._lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _read(self, key: str, sql: str, convert) -> pd.DataFrame:
        with self._lock:
            version = self._version(key)
            hit = self._cache.get(key)
            if hit and hit[0] == version:
                return hit[1].copy()
            try:
                frame = convert(pd.read_sql_query(sql, self.conn))
            except sqlite3.DatabaseError as exc:
                raise _damaged(self.path, exc) from None
            self._cache[key] = (version, frame)
            return frame.copy()

    def contacts(self, include_archived: bool = False) -> pd.DataFrame:
        """Contacts as a DataFrame (see the module docstring for columns)."""
        frame = self._read("contacts", "SELECT * FROM contacts ORDER BY id", _convert_contacts)
        if not include_archived:
            frame = frame[~frame["archived"]].reset_index(drop=True)
        return frame

    def interactions(self) -> pd.DataFrame:
        """Interactions, oldest first; channel, direction, kind and source are categoricals.

        A heavy LinkedIn user brings a million of them, so the table is read once into a
        columnar snapshot kept in the workbook (table ``frame_cache``); later opens load the
        snapshot and fetch only rows added since. See :data:`SNAPSHOT_MIN_ROWS`.
        """
        with self._lock:
            version = self._version("interactions")
            hit = self._cache.get("interactions")
            if hit and hit[0] == version:
                return hit[1].copy()
            try:
                columns, fresh, state = self._read_interactions()
            except sqlite3.DatabaseError as exc:
                raise _damaged(self.path, exc) from None
            if fresh:
                self._save_snapshot(columns, state)
            frame = _interactions_frame(columns)
            self._cache["interactions"] = (version, frame)
            return frame.copy()

    #: Workbooks with at least this many interactions keep a snapshot of them (smaller ones read fast).
    SNAPSHOT_MIN_ROWS = 50_000
    #: Rows added since the snapshot before it is rewritten (fetching a few rows is cheap).
    SNAPSHOT_STALE_ROWS = 5_000

    def _read_interactions(self) -> tuple[dict[str, Any], bool, tuple[int, int, int]]:
        """(columns, whether a snapshot is worth saving, (stamp, n_rows, max_id) they reflect)."""
        conn = self.conn
        if self._schema < 2:  # an older backup opened read-only has no snapshot tables
            return _fetch_interactions(conn, path=self.path), False, (0, 0, 0)
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")  # one read snapshot: the rows and their fingerprint agree
        try:
            (stamp,) = conn.execute("SELECT n FROM table_stamps WHERE name = 'interactions'").fetchone()
            n_rows, max_id = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM interactions").fetchone()
            state = (stamp, n_rows, max_id)
            snap = conn.execute(
                "SELECT stamp, n_rows, max_id, blob FROM frame_cache WHERE name = 'interactions'").fetchone()
            base = _decode_snapshot(snap[3]) if snap and snap[0] == stamp and snap[2] <= max_id else None
            if base is not None and (snap[1], snap[2]) == (n_rows, max_id):
                return base, False, state
            if base is not None and n_rows > snap[1]:
                # Same stamp: nothing was updated or deleted since, so the difference is new rows.
                added = _fetch_interactions(conn, "WHERE id > ?", (snap[2],), path=self.path)
                if len(added["id"]) == n_rows - snap[1]:
                    merged = _merge_columns(base, added)
                    return merged, len(added["id"]) >= self.SNAPSHOT_STALE_ROWS, state
            columns = _fetch_interactions(conn, path=self.path)
            return columns, n_rows >= self.SNAPSHOT_MIN_ROWS, state
        finally:
            if own:
                conn.execute("COMMIT")

    def _save_snapshot(self, columns: dict[str, Any], state: tuple[int, int, int]) -> None:
        # Best effort: a read-only file, a busy writer in another tab or a full disk only
        # mean the next open reads the table again.
        if self.readonly or self._depth:
            return
        conn = self.conn
        try:
            conn.execute("PRAGMA busy_timeout = 200")
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return
        try:
            (stamp,) = conn.execute("SELECT n FROM table_stamps WHERE name = 'interactions'").fetchone()
            now = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM interactions").fetchone()
            if (stamp, *now) == state:  # nobody wrote since the rows were read
                conn.execute(
                    "INSERT OR REPLACE INTO frame_cache (name, stamp, n_rows, max_id, blob) VALUES (?, ?, ?, ?, ?)",
                    ("interactions", *state, _encode_snapshot(columns)),
                )
            conn.execute("COMMIT")
        except BaseException as exc:  # never leave the write lock held (MemoryError, an odd value ...)
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if not isinstance(exc, Exception):
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def tags(self) -> pd.DataFrame:
        """Tags of the profile and of contacts."""
        return self._read(
            "tags",
            "SELECT id AS tag_id, owner, contact_id, kind, text FROM tags ORDER BY id",
            lambda f: f.assign(contact_id=f["contact_id"].astype("Int64")),
        )

    def links(self) -> pd.DataFrame:
        """Contact-to-contact ties."""
        return self._read(
            "links",
            "SELECT id AS link_id, a, b, kind, strength FROM links ORDER BY id",
            lambda f: f.astype({"a": "int64", "b": "int64", "strength": "float64"}),
        )

    def goals(self) -> pd.DataFrame:
        """The person's goals."""
        return self._read(
            "goals",
            "SELECT id AS goal_id, title, kind, needs, description, status, target_date, created_at "
            "FROM goals ORDER BY id",
            lambda f: f.assign(
                target_date=pd.to_datetime(f["target_date"]), created_at=pd.to_datetime(f["created_at"])
            ),
        )

    def outreach(self) -> pd.DataFrame:
        """The mentor/adviser pipeline."""
        return self._read(
            "outreach",
            "SELECT id AS outreach_id, contact_id, target, goal_id, stage, next_step, due_date, draft, "
            "notes, created_at, updated_at FROM outreach ORDER BY id",
            lambda f: f.assign(
                contact_id=f["contact_id"].astype("Int64"),
                goal_id=f["goal_id"].astype("Int64"),
                due_date=pd.to_datetime(f["due_date"]),
                created_at=pd.to_datetime(f["created_at"]),
                updated_at=pd.to_datetime(f["updated_at"]),
            ),
        )

    def outreach_history(self) -> pd.DataFrame:
        """Every dated stage change of the pipeline."""
        return self._read(
            "outreach_history",
            "SELECT id AS history_id, outreach_id, date, coalesce(from_stage, '') AS from_stage, "
            "to_stage, note FROM outreach_history ORDER BY id",
            lambda f: f.assign(date=pd.to_datetime(f["date"])),
        )

    def reflections(self) -> pd.DataFrame:
        """Answers to the coaching prompts."""
        return self._read(
            "reflections",
            "SELECT prompt_id, text, updated_at FROM reflections ORDER BY prompt_id",
            lambda f: f.assign(updated_at=pd.to_datetime(f["updated_at"])),
        )

    def reflection(self, prompt_id: str) -> str:
        """The saved answer to one prompt ('' when none)."""
        row = self.conn.execute("SELECT text FROM reflections WHERE prompt_id = ?", (prompt_id,)).fetchone()
        return row[0] if row else ""

    def profile(self) -> pd.DataFrame:
        """The person's own profile, one row."""
        return self._read("profile", f"SELECT {', '.join(_PROFILE_FIELDS)} FROM profile", lambda f: f)

    def settings(self) -> dict[str, Any]:
        """Settings: defaults overlaid with the stored values."""
        out = json.loads(json.dumps(DEFAULT_SETTINGS))
        for key, value in self.conn.execute("SELECT key, value FROM settings"):
            out[key] = json.loads(value)
        return out

    def as_of(self) -> dt.date:
        """The date the analyses treat as today: the pinned ``as_of`` setting, or today."""
        pinned = self.settings().get("as_of")
        return dt.date.fromisoformat(pinned) if pinned else _today()

    def health(self) -> pd.DataFrame:
        """Relationship health of every contact as of :meth:`as_of` (see :func:`workbook.health.assess`)."""
        from .health import assess  # the store hands out frames; the task module does the work

        return assess(self.contacts(), self.interactions(), as_of=self.as_of(), settings=self.settings())

    def is_empty(self) -> bool:
        """True when the workbook has no contacts yet."""
        return self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0

    def counts(self) -> dict[str, int]:
        """Row counts per table."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.TABLES}

    # -- writing ---------------------------------------------------------------------------------

    def _contact_values(self, fields: dict[str, Any], *, partial: bool) -> dict[str, Any]:
        unknown = set(fields) - set(_CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"Unknown contact field(s): {', '.join(sorted(unknown))}.")
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key in _CONTACT_TEXT:
                out[key] = _text(value, key.replace("_", " "))
            elif key == "full_name":
                out[key] = _text(value, "name", required=True, max_len=300)
            elif key == "emails":
                out[key] = _join(value, normalise_email)
                for e in out[key].split(";") if out[key] else []:
                    if "@" not in e or " " in e:
                        raise ValueError(f"{e!r} is not an email address.")
            elif key == "phones":
                out[key] = _join(value)
            elif key == "linkedin_url":
                out[key] = normalise_linkedin(_text(value, "LinkedIn URL"))
            elif key == "connected_on":
                out[key] = parse_date(value, field="connected on", allow_none=True)
            elif key == "birthday":
                b = _text(value, "birthday")
                if b and not re.fullmatch(r"(\d{4}|--)-?\d{2}-\d{2}", b):
                    raise ValueError(f"birthday {b!r} must be YYYY-MM-DD or --MM-DD.")
                out[key] = b
            elif key == "circle":
                out[key] = None if value in (None, "") else _choice(value, schema.CIRCLES, "circle")
            elif key == "cadence_days":
                if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
                    out[key] = None
                else:
                    try:
                        n = int(value)
                    except (TypeError, ValueError):
                        raise ValueError(f"cadence must be a whole number of days (got {value!r}).") from None
                    if not 1 <= n <= 3650:
                        raise ValueError("cadence must be between 1 and 3650 days.")
                    out[key] = n
            elif key == "archived":
                out[key] = 1 if bool(value) else 0
        if not partial and not out.get("full_name"):
            first, last = out.get("first_name", ""), out.get("last_name", "")
            out["full_name"] = _text(f"{first} {last}", "name", required=True)
        return out

    def add_contact(self, full_name: str | None = None, **fields: Any) -> int:
        """Add a contact and return its id. ``full_name`` defaults to first + last name.

        >>> import tempfile; b = open_workbook(tempfile.mktemp())
        >>> b.add_contact("")
        Traceback (most recent call last):
        ...
        ValueError: name must not be empty.
        """
        if full_name is not None:
            fields["full_name"] = full_name
        values = self._contact_values(fields, partial=False)
        now = now_text()
        values.update(created_at=now, updated_at=now)
        cols = ", ".join(values)
        with self.transaction():
            cur = self._execute(
                f"INSERT INTO contacts ({cols}) VALUES ({', '.join('?' * len(values))})", values.values()
            )
            return int(cur.lastrowid)

    def add_contacts(self, rows: pd.DataFrame) -> list[int]:
        """Add many contacts in one transaction (all or nothing); returns their ids in order."""
        records = rows.to_dict("records")
        ids: list[int] = []
        with self.transaction():
            for i, rec in enumerate(records):
                rec = {k: v for k, v in rec.items() if k in _CONTACT_FIELDS}
                try:
                    ids.append(self.add_contact(**rec))
                except ValueError as exc:
                    raise ValueError(f"row {i + 1}: {exc}") from None
        return ids

    def update_contact(self, contact_id: int, **fields: Any) -> None:
        """Change some fields of a contact (e.g. ``circle='inner'``, ``archived=True``)."""
        contact_id = self._contact_id(contact_id)
        values = self._contact_values(fields, partial=True)
        if not values:
            return
        values["updated_at"] = now_text()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction():
            self._execute(f"UPDATE contacts SET {sets} WHERE id = ?", [*values.values(), contact_id])

    def contact(self, contact_id: int) -> dict[str, Any]:
        """One contact as a dict (raises ValueError when it does not exist)."""
        contact_id = self._contact_id(contact_id)
        cur = self.conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone()))

    def _contact_id(self, contact_id: Any) -> int:
        try:
            cid = int(contact_id)
            if isinstance(contact_id, float) and contact_id != cid:
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(f"{contact_id!r} is not a contact id.") from None
        if not self.conn.execute("SELECT 1 FROM contacts WHERE id = ?", (cid,)).fetchone():
            raise ValueError(f"There is no contact with id {cid}.")
        return cid

    def log_interaction(
        self,
        contact_id: int,
        date: Any,
        channel: str = "message",
        direction: str = "outbound",
        kind: str = "catch-up",
        note: str = "",
        *,
        source: str = "manual",
        external_id: str | None = None,
    ) -> int | None:
        """Record an exchange with a contact; returns its id (None if ``external_id`` was seen before)."""
        cid = self._contact_id(contact_id)
        values = (
            cid,
            parse_date(date),
            _choice(channel, schema.CHANNELS, "channel"),
            _choice(direction, schema.DIRECTIONS, "direction"),
            _choice(kind, schema.INTERACTION_KINDS, "kind"),
            _text(note, "note"),
            _text(source, "source") or "manual",
            external_id,
        )
        outermost = self._depth == 0
        before = self._version("interactions") if outermost else None
        with self.transaction():
            cur = self._execute(
                "INSERT INTO interactions (contact_id, date, channel, direction, kind, note, source, external_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                values,
            )
            new_id = int(cur.lastrowid) if cur.rowcount else None
        if outermost and new_id is not None:
            self._append_cached_interaction(before, new_id, values)
        return new_id

    def _append_cached_interaction(self, before: tuple, new_id: int, values: tuple) -> None:
        # Logging one exchange must not re-read a million rows: extend the cached frame instead.
        with self._lock:
            hit = self._cache.get("interactions")
            if not hit or hit[0] != before:
                return
            frame = hit[1]
            cid, date, channel, direction, kind, note, source, _ = values
            if source not in frame["source"].cat.categories:
                cats = sorted([*frame["source"].cat.categories, source])
                frame = frame.assign(source=frame["source"].cat.set_categories(cats))
            row = pd.DataFrame(
                {
                    "interaction_id": [new_id],
                    "contact_id": [cid],
                    "date": pd.to_datetime([date]).astype("datetime64[ns]"),
                    "channel": pd.Categorical([channel], categories=frame["channel"].cat.categories),
                    "direction": pd.Categorical([direction], categories=frame["direction"].cat.categories),
                    "kind": pd.Categorical([kind], categories=frame["kind"].cat.categories),
                    "note": pd.Series([note], dtype=object),
                    "source": pd.Categorical([source], categories=frame["source"].cat.categories),
                }
            )
            merged = pd.concat([frame, row], ignore_index=True)
            if len(frame) and (frame["date"].iloc[-1] > row["date"].iloc[0]):
                merged = merged.sort_values(["date", "interaction_id"], kind="stable", ignore_index=True)
            self._cache["interactions"] = (self._version("interactions"), merged)

    def add_interactions(self, rows: pd.DataFrame) -> int:
        """Log many interactions at once (columns as :meth:`log_interaction`); returns how many were new.

        Validation is vectorised so a large import stays fast; one bad row refuses the lot
        with its row number (importers filter bad rows first and report them).
        """
        if rows.empty:
            return 0
        frame = rows.copy()
        for col, default in (("channel", "message"), ("direction", "outbound"), ("kind", "catch-up"),
                             ("note", ""), ("source", "manual"), ("external_id", None)):
            if col not in frame:
                frame[col] = default
        dates = pd.to_datetime(frame["date"], errors="coerce")
        lo, hi = date_bounds()
        bad = dates.isna() | (dates < lo) | (dates > hi)
        for col, options in (("channel", schema.CHANNELS), ("direction", schema.DIRECTIONS),
                             ("kind", schema.INTERACTION_KINDS)):
            bad |= ~frame[col].isin(options)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"row {i + 1}: bad date, channel, direction or kind in {frame.iloc[i].to_dict()}.")
        frame = frame.assign(
            date=dates.dt.strftime("%Y-%m-%d"),
            note=frame["note"].fillna("").astype(str),
            external_id=frame["external_id"].astype(object).where(frame["external_id"].notna(), None),
        )
        cols = ["contact_id", "date", "channel", "direction", "kind", "note", "source", "external_id"]
        data = list(frame[cols].astype(object).itertuples(index=False, name=None))
        with self.transaction():
            before = self.conn.total_changes
            try:
                self.conn.executemany(
                    f"INSERT INTO interactions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                    "ON CONFLICT DO NOTHING",
                    [(int(r[0]), *r[1:]) for r in data],
                )
            except sqlite3.IntegrityError as exc:
                raise ValueError(_integrity_message(exc)) from None
            added = self.conn.total_changes - before
            self._touched.add("interactions")
            self._tracked += added
            return added

    def tag(self, owner: Any, kind: str, text: str) -> int | None:
        """Tag the profile (``owner='profile'``) or a contact (its id); returns the tag id.

        Tagging the same thing twice is harmless (case-insensitive).
        """
        kind = _choice(kind, schema.TAG_KINDS, "tag kind")
        text = _text(text, "tag", required=True, max_len=200)
        if owner == "profile":
            own, cid = "profile", None
        else:
            own, cid = "contact", self._contact_id(owner)
        with self.transaction():
            self._execute(
                "INSERT INTO tags (owner, contact_id, kind, text) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (own, cid, kind, text),
            )
            row = self.conn.execute(
                "SELECT id FROM tags WHERE owner = ? AND coalesce(contact_id, 0) = ? AND kind = ? "
                "AND lower(text) = lower(?)",
                (own, cid or 0, kind, text),
            ).fetchone()
            return int(row[0]) if row else None

    def untag(self, owner: Any, kind: str, text: str) -> bool:
        """Remove a tag; True when one was removed."""
        cid = None if owner == "profile" else self._contact_id(owner)
        with self.transaction():
            cur = self._execute(
                "DELETE FROM tags WHERE owner = ? AND coalesce(contact_id, 0) = ? AND kind = ? AND lower(text) = lower(?)",
                ("profile" if cid is None else "contact", cid or 0, kind, str(text).strip()),
            )
            return cur.rowcount > 0

    def link(self, a: int, b: int, kind: str = "knows", strength: float = 0.5) -> int:
        """Record that two contacts are tied; symmetric kinds are stored once, smaller id first."""
        a, b = self._contact_id(a), self._contact_id(b)
        if a == b:
            raise ValueError("A contact cannot be linked to themselves.")
        kind = _choice(kind, schema.LINK_KINDS, "link kind")
        try:
            strength = float(strength)
        except (TypeError, ValueError):
            raise ValueError(f"strength must be a number between 0 and 1 (got {strength!r}).") from None
        if not 0 <= strength <= 1:
            raise ValueError("strength must be between 0 and 1.")
        if kind != "introduced-by":
            a, b = min(a, b), max(a, b)
        with self.transaction():
            self._execute(
                "INSERT INTO links (a, b, kind, strength) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (a, b, kind) DO UPDATE SET strength = excluded.strength",
                (a, b, kind, strength),
            )
            return int(self.conn.execute("SELECT id FROM links WHERE a=? AND b=? AND kind=?", (a, b, kind)).fetchone()[0])

    def add_goal(
        self, title: str, kind: str = "skill", needs: Any = "", description: str = "", target_date: Any = None
    ) -> int:
        """Add a goal; ``needs`` lists the skills, roles or fields it calls for."""
        values = (
            _text(title, "goal", required=True, max_len=300),
            _choice(kind, schema.GOAL_KINDS, "goal kind"),
            _join(needs),
            _text(description, "description"),
            parse_date(target_date, field="target date", allow_none=True),
            now_text(),
        )
        with self.transaction():
            cur = self._execute(
                "INSERT INTO goals (title, kind, needs, description, target_date, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )
            return int(cur.lastrowid)

    def update_goal(self, goal_id: int, **fields: Any) -> None:
        """Change a goal's title, kind, needs, description, target_date or status."""
        allowed = {"title", "kind", "needs", "description", "target_date", "status"}
        if set(fields) - allowed:
            raise ValueError(f"Unknown goal field(s): {', '.join(sorted(set(fields) - allowed))}.")
        gid = self._goal_id(goal_id)
        conv = {
            "title": lambda v: _text(v, "goal", required=True, max_len=300),
            "kind": lambda v: _choice(v, schema.GOAL_KINDS, "goal kind"),
            "needs": _join,
            "description": lambda v: _text(v, "description"),
            "target_date": lambda v: parse_date(v, field="target date", allow_none=True),
            "status": lambda v: _choice(v, schema.GOAL_STATUSES, "goal status"),
        }
        values = {k: conv[k](v) for k, v in fields.items()}
        if values:
            with self.transaction():
                self._execute(
                    f"UPDATE goals SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", [*values.values(), gid]
                )

    def _goal_id(self, goal_id: Any) -> int:
        try:
            gid = int(goal_id)
        except (TypeError, ValueError):
            raise ValueError(f"{goal_id!r} is not a goal id.") from None
        if not self.conn.execute("SELECT 1 FROM goals WHERE id = ?", (gid,)).fetchone():
            raise ValueError(f"There is no goal with id {gid}.")
        return gid

    def set_outreach(
        self,
        contact_id: int | None = None,
        goal_id: int | None = None,
        stage: str = "identified",
        *,
        target: str = "",
        next_step: str | None = None,
        due_date: Any = None,
        draft: str | None = None,
        notes: str | None = None,
        note: str = "",
        date: Any = None,
        outreach_id: int | None = None,
    ) -> int:
        """Create or move a pipeline row; each stage change is dated and kept in history.

        A row is found by ``outreach_id``, else by (contact, goal). Only the moves in
        :data:`workbook.schema.STAGE_TRANSITIONS` are allowed.
        """
        stage = _choice(stage, schema.STAGES, "stage")
        cid = None if contact_id is None or pd.isna(contact_id) else self._contact_id(contact_id)
        gid = None if goal_id is None or pd.isna(goal_id) else self._goal_id(goal_id)
        target = _text(target, "target", max_len=300)
        when = parse_date(date if date is not None else self.as_of(), field="date")
        with self.transaction():
            if outreach_id is not None:
                row = self.conn.execute("SELECT id, stage FROM outreach WHERE id = ?", (int(outreach_id),)).fetchone()
                if row is None:
                    raise ValueError(f"There is no pipeline row with id {outreach_id}.")
            elif cid is not None:
                row = self.conn.execute(
                    "SELECT id, stage FROM outreach WHERE contact_id = ? AND coalesce(goal_id, 0) = ?", (cid, gid or 0)
                ).fetchone()
            else:
                if not target:
                    raise ValueError("A pipeline row needs a contact or a description of who to find.")
                row = None
            now = now_text()
            if row is None:
                cur = self._execute(
                    "INSERT INTO outreach (contact_id, target, goal_id, stage, next_step, due_date, draft, notes, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (cid, target, gid, stage, _text(next_step, "next step"),
                     parse_date(due_date, field="due date", allow_none=True), _text(draft, "draft"),
                     _text(notes, "notes"), now, now),
                )
                oid, old = int(cur.lastrowid), None
            else:
                oid, old = int(row[0]), row[1]
                if not schema.can_move(old, stage):
                    allowed = ", ".join(schema.STAGE_TRANSITIONS.get(old, ())) or "nothing"
                    raise ValueError(f"A candidate cannot move from '{old}' to '{stage}' (allowed: {allowed}).")
                sets: dict[str, Any] = {"stage": stage, "updated_at": now}
                if next_step is not None:
                    sets["next_step"] = _text(next_step, "next step")
                if due_date is not None:
                    sets["due_date"] = parse_date(due_date, field="due date", allow_none=True)
                if draft is not None:
                    sets["draft"] = _text(draft, "draft")
                if notes is not None:
                    sets["notes"] = _text(notes, "notes")
                if target:
                    sets["target"] = target
                self._execute(
                    f"UPDATE outreach SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), oid]
                )
            if old != stage:
                self._execute(
                    "INSERT INTO outreach_history (outreach_id, date, from_stage, to_stage, note) VALUES (?, ?, ?, ?, ?)",
                    (oid, when, old, stage, _text(note, "note")),
                )
            return oid

    def remove_outreach(self, outreach_id: int) -> None:
        """Drop a pipeline row and its history."""
        with self.transaction():
            self._execute("DELETE FROM outreach WHERE id = ?", (int(outreach_id),))

    def save_reflection(self, prompt_id: str, text: str) -> None:
        """Save (or replace) the answer to a coaching prompt."""
        pid = _text(prompt_id, "prompt id", required=True, max_len=200)
        with self.transaction():
            self._execute(
                "INSERT INTO reflections (prompt_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (prompt_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (pid, _text(text, "answer", max_len=100_000), now_text()),
            )

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value). ``as_of`` must be a date or None."""
        key = _text(key, "setting", required=True, max_len=100)
        if key == "as_of" and value is not None:
            value = parse_date(value, field="as_of")
        if key == "cadence":
            if not isinstance(value, dict) or set(value) - set(schema.DEFAULT_CADENCE):
                raise ValueError(f"cadence must map {', '.join(schema.DEFAULT_CADENCE)} to days.")
            if not all(isinstance(v, int) and 1 <= v <= 3650 for v in value.values()):
                raise ValueError("each cadence must be between 1 and 3650 days.")
        try:
            payload = json.dumps(value)
        except TypeError:
            raise ValueError(f"setting {key} must be plain data (got {type(value).__name__}).") from None
        with self.transaction():
            self._execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, payload),
            )

    def set_profile(self, **fields: Any) -> None:
        """Update the person's own profile (name, headline, company, position, ...)."""
        unknown = set(fields) - set(_PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"Unknown profile field(s): {', '.join(sorted(unknown))}.")
        values = {k: _text(v, k.replace("_", " ")) for k, v in fields.items()}
        if "linkedin_url" in values:
            values["linkedin_url"] = normalise_linkedin(values["linkedin_url"])
        if not values:
            return
        with self.transaction():
            self._execute(f"UPDATE profile SET {', '.join(f'{k} = ?' for k in values)} WHERE id = 1", values.values())

    def record_import(self, file_name: str, fmt: str, report: dict[str, Any]) -> None:
        """Keep a log line for an import (inside the import's own transaction)."""
        with self.transaction():
            self._execute(
                "INSERT INTO imports (at, file_name, format, report) VALUES (?, ?, ?, ?)",
                (now_text(), _text(file_name, "file name", max_len=1000), fmt, json.dumps(report, default=str)),
            )

    def imports(self) -> pd.DataFrame:
        """The import log: at, file_name, format, report (JSON)."""
        return self._read("imports", "SELECT id AS import_id, at, file_name, format, report FROM imports ORDER BY id",
                          lambda f: f.assign(at=pd.to_datetime(f["at"])))

    # -- erasing, backup, export -------------------------------------------------------------------

    def erase_contact(self, contact_id: int) -> None:
        """Erase a contact and every row that refers to it, then VACUUM (nothing lingers in the file)."""
        cid = self._contact_id(contact_id)
        with self.transaction():
            # outreach_history, tags, interactions, links and outreach go by ON DELETE CASCADE.
            self._execute("DELETE FROM contacts WHERE id = ?", (cid,))
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._writes += 1

    def backup(self, to: str | os.PathLike) -> Path:
        """Copy the workbook with SQLite's backup API (consistent even while another process writes)."""
        to = Path(to)
        if to.resolve() == self.path.resolve():
            raise ValueError("A backup cannot overwrite the workbook itself.")
        to.parent.mkdir(parents=True, exist_ok=True)
        tmp = to.with_name(to.name + ".partial")
        dest = sqlite3.connect(tmp)
        try:
            self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, to)
        return to

    def restore(self, src: str | os.PathLike) -> None:
        """Replace this workbook's contents with a backup (checked first; refused if not a workbook)."""
        src = Path(src)
        check = Workbook(src, readonly=True)  # raises WorkbookError for non-workbooks / newer versions
        try:
            ok = check.conn.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise WorkbookError(f"{src} is damaged ({ok}); nothing was restored.")
            with self._lock:
                check.conn.backup(self.conn)
                self._cache.clear()
                self._migrate()  # an older backup is upgraded like any older workbook
                with self.transaction():
                    # A fresh random stamp: a tab that read the replaced rows can never save them
                    # as the restored file's snapshot, even if the row counts happen to agree.
                    self.conn.execute("DELETE FROM frame_cache")
                    self.conn.execute("UPDATE table_stamps SET n = abs(random() >> 8)")
        finally:
            check.close()
        self._writes += 1
        self._cache.clear()

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as a list of row dicts (the JSON export's content)."""
        out: dict[str, list[dict[str, Any]]] = {"schema_version": [{"version": schema.SCHEMA_VERSION}]}
        for table in schema.TABLES:
            cur = self.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
            names = [d[0] for d in cur.description]
            out[table] = [dict(zip(names, r)) for r in cur.fetchall()]
        return out

    def export(self, to: str | os.PathLike) -> Path:
        """Export to a folder (or a ``.zip``): one CSV per table plus ``workbook.json``.

        CSV cells that a spreadsheet would run as a formula are neutralised with a
        leading quote; ``workbook.json`` keeps the exact text.
        """
        to = Path(to)
        data = self.dump()
        files: dict[str, str] = {"workbook.json": json.dumps(data, indent=1, ensure_ascii=False)}
        for table in schema.TABLES:
            cur = self.conn.execute(f"SELECT * FROM {table} LIMIT 0")
            names = [d[0] for d in cur.description]
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(names)
            for row in data[table]:
                writer.writerow([neutralise_cell(row[n]) for n in names])
            files[f"{table}.csv"] = buf.getvalue()
        if to.suffix.lower() == ".zip":
            to.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, text in files.items():
                    zf.writestr(name, text)
        else:
            to.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (to / name).write_text(text, encoding="utf-8")
        return to

    def import_export(self, src: str | os.PathLike) -> None:
        """Load an :meth:`export` (folder or zip) into this empty workbook, exactly."""
        src = Path(src)
        if src.suffix.lower() == ".zip":
            with zipfile.ZipFile(src) as zf:
                data = json.loads(zf.read("workbook.json"))
        else:
            data = json.loads((src / "workbook.json").read_text(encoding="utf-8"))
        if data.get("schema_version", [{}])[0].get("version", 0) > schema.SCHEMA_VERSION:
            raise WorkbookError("That export comes from a newer version; nothing was imported.")
        if not self.is_empty():
            raise WorkbookError("Import an export only into an empty workbook; nothing was imported.")
        with self.transaction():
            self.conn.execute("DELETE FROM profile")
            self.conn.execute("DELETE FROM settings")
            for table in schema.TABLES:
                for row in data.get(table, []):
                    cols = list(row)
                    self._execute(
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [row[c] for c in cols],
                    )
            if not self.conn.execute("SELECT 1 FROM profile").fetchone():
                self.conn.execute("INSERT INTO profile (id) VALUES (1)")


# ----------------------------------------------------------------------------- helpers


def _not_a_workbook(path: Path) -> WorkbookError:
    return WorkbookError(f"{path} is not a workbook (it is not an SQLite file). It was left as it is; "
                         "choose another file name.")


def _damaged(path: Path, exc: Exception) -> WorkbookError:
    return WorkbookError(f"{path} is damaged ({exc}). Restore a backup; nothing was changed.")


def _split_sql(script: str) -> list[str]:
    r"""Statements of a script, one each (trigger bodies hold semicolons of their own).

    >>> _split_sql("CREATE TABLE t (x);\nCREATE TRIGGER g AFTER DELETE ON t BEGIN\n SELECT 1;\nEND;\n")
    ['CREATE TABLE t (x);', 'CREATE TRIGGER g AFTER DELETE ON t BEGIN\n SELECT 1;\nEND;']
    """
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def _integrity_message(exc: sqlite3.IntegrityError) -> str:
    msg = str(exc)
    if "FOREIGN KEY" in msg:
        return "That refers to a contact, goal or row that does not exist."
    if "UNIQUE" in msg:
        return "That already exists."
    if "CHECK" in msg:
        return f"A value is not allowed ({msg})."
    if "NOT NULL" in msg:
        return f"A required value is missing ({msg})."
    return msg


_SNAPSHOT_FORMAT = 1
_VOCABULARIES = {"channel": schema.CHANNELS, "direction": schema.DIRECTIONS, "kind": schema.INTERACTION_KINDS}


_COLUMNS = ("id", "contact_id", "day", "channel", "direction", "kind", "source", "note")


#: Up to this many distinct sources are coded in SQL; beyond, the text is fetched and factorised.
_SQL_CODED_SOURCES = 32
_BAD_DAY = -(2**40)
_FIRST_NS_DAY, _LAST_NS_DAY = (int(pd.Timestamp(t).ceil("D").value // 86_400_000_000_000) for t in
                               (pd.Timestamp.min, pd.Timestamp.max.floor("D")))


def _fetch_interactions(conn: sqlite3.Connection, where: str = "", params: tuple = (), *,
                        path: Path | None = None) -> dict[str, Any]:
    """Interaction rows as columns sorted by (date, id): ids, day numbers and category codes.

    Categories are coded in SQL (a CASE per row costs far less than a Python string per cell);
    notes, mostly empty, come in a second query and are coded against their distinct texts.
    """
    import numpy as np

    def code(column: str, vocabulary: tuple[str, ...]) -> str:
        cases = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(vocabulary))
        return f"CASE {column} {cases} ELSE -1 END"

    sources = sorted(r[0] for r in conn.execute(
        f"SELECT DISTINCT CAST(source AS TEXT) FROM interactions {where}", params))
    in_sql = len(sources) <= _SQL_CODED_SOURCES
    source_sql = ("CASE CAST(source AS TEXT) " + " ".join(f"WHEN ? THEN {i}" for i in range(len(sources)))
                  + " ELSE -1 END" if sources else "-1") if in_sql else "CAST(source AS TEXT)"
    # An impossible calendar date ('2024-02-30') does not survive a round trip through its day number.
    day = f"CASE WHEN date(julianday(date)) = date THEN CAST(julianday(date) - 2440587.5 AS INTEGER) ELSE {_BAD_DAY} END"
    rows = conn.execute(
        f"SELECT id, contact_id, {day}, {code('channel', schema.CHANNELS)}, {code('direction', schema.DIRECTIONS)}, "
        f"{code('kind', schema.INTERACTION_KINDS)}, {source_sql}, note <> '' FROM interactions {where} ORDER BY id",
        (*(sources if in_sql else ()), *params)).fetchall()
    if in_sql:
        table = np.array(rows, dtype=np.int64).reshape(len(rows), 8)
    else:
        raw = np.array(rows, dtype=object).reshape(len(rows), 8)
        raw[:, 6] = pd.Index(sources).get_indexer(raw[:, 6])
        table = raw.astype(np.int64)
    days = table[:, 2]
    # Outside pandas' nanosecond range a date would silently wrap around.
    bad = (days < _FIRST_NS_DAY) | (days > _LAST_NS_DAY)
    if bad.any():
        ids = ", ".join(str(i) for i in table[bad, 0][:5])
        raise WorkbookError(
            f"{path or 'The workbook'} holds {int(bad.sum())} interaction(s) with an impossible date (id {ids}"
            f"{' ...' if bad.sum() > 5 else ''}). Fix or delete them, or restore a backup.")
    # Same read transaction and the same id order as the rows above, so the notes line up.
    texts = [r[0] for r in conn.execute(
        f"SELECT note FROM interactions {where} {'AND' if where else 'WHERE'} note <> '' ORDER BY id", params)]
    note = np.full(len(table), -1, dtype=np.int32)
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object)) if texts else (np.zeros(0, np.int64), [])
    note[table[:, 7] == 1] = codes
    order = np.lexsort((table[:, 0], table[:, 2]))
    table, note = table[order], note[order]
    return {
        "id": table[:, 0].copy(), "contact_id": table[:, 1].copy(), "day": table[:, 2].astype(np.int32),
        "channel": table[:, 3].astype(np.int8), "direction": table[:, 4].astype(np.int8),
        "kind": table[:, 5].astype(np.int8), "source": table[:, 6].astype(np.int32), "note": note,
        "sources": sources, "notes": [str(u) for u in uniques],
    }


def _merge_columns(base: dict[str, Any], added: dict[str, Any]) -> dict[str, Any]:
    """Snapshot columns plus rows added since, re-sorted only when an added row is older."""
    import numpy as np

    def recode(codes: np.ndarray, old: list[str], new: list[str]) -> np.ndarray:
        where = {v: i for i, v in enumerate(new)}
        table = np.array([where[v] for v in old] + [-1], dtype=np.int32)
        return table[codes]  # code -1 picks the trailing -1

    sources = sorted(set(base["sources"]) | set(added["sources"]))
    notes = base["notes"] + [t for t in dict.fromkeys(added["notes"]) if t not in set(base["notes"])]
    out = {k: np.concatenate([base[k], added[k]]) for k in ("id", "contact_id", "day", "channel", "direction", "kind")}
    out["source"] = np.concatenate([recode(base["source"], base["sources"], sources),
                                    recode(added["source"], added["sources"], sources)])
    out["note"] = np.concatenate([base["note"], recode(added["note"], added["notes"], notes)])
    out["sources"], out["notes"] = sources, notes
    if len(base["id"]) and len(added["id"]) and added["day"].min() < base["day"][-1]:
        order = np.lexsort((out["id"], out["day"]))
        for k in _COLUMNS:
            out[k] = out[k][order]
    return out


def _encode_snapshot(columns: dict[str, Any]) -> bytes:
    """Columns as an ``.npz`` (plain arrays, never pickles) with the vocabularies they were coded in."""
    import numpy as np

    meta = {"format": _SNAPSHOT_FORMAT, "vocabularies": {k: list(v) for k, v in _VOCABULARIES.items()},
            "sources": columns["sources"], "notes": columns["notes"]}
    def narrow(values: np.ndarray) -> np.ndarray:  # a smaller blob reads faster
        lo, hi = (int(values.min()), int(values.max())) if len(values) else (0, 0)
        for dtype in (np.int8, np.int16, np.int32):
            if np.iinfo(dtype).min <= lo and hi <= np.iinfo(dtype).max:
                return values.astype(dtype)
        return values

    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
             **{k: narrow(columns[k]) for k in _COLUMNS})
    return buffer.getvalue()


def _decode_snapshot(blob: bytes) -> dict[str, Any] | None:
    """The columns of a snapshot, or None when it is unreadable or coded in other vocabularies."""
    import numpy as np

    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != _SNAPSHOT_FORMAT or meta.get("vocabularies") != {
                    k: list(v) for k, v in _VOCABULARIES.items()}:
                return None
            out = {k: data[k] for k in _COLUMNS}
        sources, notes = [str(v) for v in meta["sources"]], [str(v) for v in meta["notes"]]
    except Exception:  # noqa: BLE001 - a damaged snapshot is rebuilt from the table
        return None
    if len({len(v) for v in out.values()}) != 1 or any(
            len(out[k]) and out[k].max() >= len(vocab) for k, vocab in (("source", sources), ("note", notes))):
        return None
    out["sources"], out["notes"] = sources, notes
    return out


def _interactions_frame(columns: dict[str, Any]) -> pd.DataFrame:
    import numpy as np

    def category(codes, vocabulary) -> pd.Categorical:
        return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int32), categories=list(vocabulary))

    texts = np.array([*columns["notes"], ""], dtype=object)  # code -1 picks the trailing ""
    return pd.DataFrame(
        {
            "interaction_id": columns["id"].astype(np.int64),
            "contact_id": columns["contact_id"].astype(np.int64),
            "date": columns["day"].astype("datetime64[D]").astype("datetime64[ns]"),
            "channel": category(columns["channel"], schema.CHANNELS),
            "direction": category(columns["direction"], schema.DIRECTIONS),
            "kind": category(columns["kind"], schema.INTERACTION_KINDS),
            "note": pd.Series(texts[columns["note"]], dtype=object),
            "source": category(columns["source"], columns["sources"]),
        }
    )


def _convert_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"id": "contact_id"}).assign(
        contact_id=lambda f: f["contact_id"].astype("int64"),
        connected_on=lambda f: pd.to_datetime(f["connected_on"]),
        circle=lambda f: f["circle"].fillna("").astype(object),
        cadence_days=lambda f: f["cadence_days"].astype("Int64"),
        archived=lambda f: f["archived"].astype(bool),
        created_at=lambda f: pd.to_datetime(f["created_at"]),
        updated_at=lambda f: pd.to_datetime(f["updated_at"]),
    )
