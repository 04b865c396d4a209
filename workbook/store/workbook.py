"""The :class:`Workbook`: opening a file, transactions, the read API and the one-row writes.

Bulk writes go through :mod:`workbook.store.writer`; backups and exports live in
:mod:`workbook.store.files`; the interactions snapshot in :mod:`workbook.store.snapshot`.
The DataFrame columns of the read API are listed in :mod:`workbook.store`'s docstring.

>>> book = Workbook(":memory:"); cid = book.add_contact("Ada Lovelace")
>>> book.contacts().loc[0, "full_name"]
'Ada Lovelace'
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from .. import schema
from ..core.dates import _today
from . import derived, loops, files
from .edits import Edits
from .loop_edits import LoopEdits
from .errors import WorkbookError, _damaged, _integrity_message, _not_a_workbook
from .snapshot import _interactions_frame, read_interactions, save_snapshot, store_snapshot
from .validation import _PROFILE_FIELDS

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
    "keep_message_text": False,  # LinkedIn message text kept in interaction notes (else only its topics)
}

#: Opening runs PRAGMA quick_check (a full scan) only below this size, so a 30,000-contact
#: workbook opens at once; larger files still refuse damage when a damaged page is read.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024


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



class Workbook(Edits, LoopEdits):
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
        # Caches are per table so logging one interaction does not re-read the contacts. Writes
        # through _execute and the writer say which tables they touched; any other change in the
        # transaction (a direct book.conn write) cannot be attributed, so it stales everything.
        if changed and (changed != self._tracked or self._touched & {"*"}):
            self._writes += 1
        for table in self._touched:
            self._table_writes[table] = self._table_writes.get(table, 0) + 1
        self._touched, self._tracked = set(), 0

    def _record_write(self, tables: frozenset[str], changes: int) -> None:
        # Called by the writer for its own step: those changes are attributed to those tables.
        self._touched |= {"*"} if tables >= set(schema.TABLES) else set(tables)
        self._tracked += changes

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
        return read_interactions(self.conn, schema_version=self._schema, path=self.path,
                                 min_rows=self.SNAPSHOT_MIN_ROWS, stale_rows=self.SNAPSHOT_STALE_ROWS)

    def keep_snapshot(self) -> bool:
        """Write the interactions snapshot now, inside the current write if there is one (an import
        calls it last, so the first open after a big import costs what any other open does).
        True when one was written; small workbooks (see :data:`SNAPSHOT_MIN_ROWS`) keep none.

        >>> book = Workbook(":memory:")
        >>> book.keep_snapshot()
        False
        """
        if self.readonly or self._schema < 2:
            return False
        with self._lock, self.transaction():
            try:
                columns, fresh, state = self._read_interactions()
                if fresh:
                    store_snapshot(self.conn, columns, state)
            except Exception:  # noqa: BLE001 - a snapshot is an optimisation: never cost the import
                return False
        return fresh

    def _save_snapshot(self, columns: dict[str, Any], state: tuple[int, int, int]) -> None:
        # Not from a read-only file, nor inside a write (it would join that transaction).
        if not self.readonly and not self._depth:
            save_snapshot(self.conn, columns, state, busy_timeout_ms=BUSY_TIMEOUT_MS)

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

    def derived_items(self, include_dismissed: bool = False) -> pd.DataFrame:
        """What imports derived (past employers, schools, skills, fields, topics), each with its source;
        see :mod:`workbook.store.derived`. Dismissed items only with ``include_dismissed``."""
        return derived.read_derived(self, include_dismissed)

    def profile_history(self) -> pd.DataFrame:
        """The person's dated positions and education (:data:`workbook.store.derived.HISTORY_COLUMNS`)."""
        return derived.read_history(self)

    # -- the practice loops (schema 4; columns in workbook.store.loops.READERS) ----------------------

    def events(self) -> pd.DataFrame:
        """Events the person means to go to or went to (oldest first)."""
        return loops.read_loop_table(self, "events")

    def event_people(self) -> pd.DataFrame:
        """Who each event names: role ``to meet`` (planned) or ``met``."""
        return loops.read_loop_table(self, "event_people")

    def projects(self) -> pd.DataFrame:
        """Collaboration projects and their status (idea, proposed, active, done, dropped)."""
        return loops.read_loop_table(self, "projects")

    def project_people(self) -> pd.DataFrame:
        """Who works on each project with the person."""
        return loops.read_loop_table(self, "project_people")

    def project_history(self) -> pd.DataFrame:
        """Every dated status change of the projects."""
        return loops.read_loop_table(self, "project_history")

    def asks(self) -> pd.DataFrame:
        """Referral and recommendation asks, made by the person or received from someone."""
        return loops.read_loop_table(self, "asks")

    def brand_statements(self) -> pd.DataFrame:
        """Every saved brand statement and pitch, oldest first (the last is the current one)."""
        return loops.read_loop_table(self, "brand_statements")

    def targets(self) -> pd.DataFrame:
        """Measurable networking goals ("2 conversations a week")."""
        return loops.read_loop_table(self, "targets")

    def reflection_history(self) -> pd.DataFrame:
        """Every answer ever saved to a coaching prompt, dated, oldest first (nothing is overwritten)."""
        return loops.read_loop_table(self, "reflection_history")

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

    def is_empty(self) -> bool:
        """True when the workbook has no contacts yet."""
        return self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0

    def counts(self) -> dict[str, int]:
        """Row counts per table."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.TABLES}

    def imports(self) -> pd.DataFrame:
        """The import log: at, file_name, format, report (JSON)."""
        return self._read("imports", "SELECT id AS import_id, at, file_name, format, report FROM imports ORDER BY id",
                          lambda f: f.assign(at=pd.to_datetime(f["at"])))

    def backup(self, to: str | os.PathLike) -> Path:
        """Copy the workbook with SQLite's backup API (:func:`workbook.store.files.backup`)."""
        return files.backup(self, to)

    def restore(self, src: str | os.PathLike) -> None:
        """Replace this workbook's contents with a backup, checked first (:func:`workbook.store.files.restore`)."""
        files.restore(self, src)

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as a list of row dicts (the JSON export's content)."""
        return files.dump(self)

    def export(self, to: str | os.PathLike) -> Path:
        """Export to a folder (or a ``.zip``): one CSV per table plus ``workbook.json`` (:func:`workbook.store.files.export`)."""
        return files.export(self, to)

    def import_export(self, src: str | os.PathLike) -> None:
        """Load an :meth:`export` (folder or zip) into this empty workbook, exactly."""
        files.import_export(self, src)



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
