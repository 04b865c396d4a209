"""The one-row writes of a :class:`~workbook.store.Workbook` (a mixin: the class lives in ``workbook.py``).

Each checks its values with :mod:`workbook.store.validation`, writes inside
:meth:`Workbook.transaction` through ``_execute`` (which records the table it touched) and
returns the new row's id where there is one. Bulk writes go through :mod:`workbook.store.writer`.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); cid = book.add_contact("Ada Lovelace")
>>> book.tag(cid, "interest", "engines") is not None, book.tags()["text"].tolist()
(True, ['engines'])
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .. import schema
from ..core.dates import now_text, parse_date
from ..core.text import normalise_linkedin
from . import derived, writer
from .validation import _CONTACT_FIELDS, _PROFILE_FIELDS, _choice, _join, _strength, _text, contact_values


class Edits:
    """Adding, changing and erasing rows one at a time (mixed into :class:`~workbook.store.Workbook`)."""

    def add_contact(self, full_name: str | None = None, **fields: Any) -> int:
        """Add a contact and return its id. ``full_name`` defaults to first + last name.

        >>> from workbook.store import open_workbook; b = open_workbook(":memory:")
        >>> b.add_contact("")
        Traceback (most recent call last):
        ...
        ValueError: name must not be empty.
        """
        if full_name is not None:
            fields["full_name"] = full_name
        values = contact_values(fields, partial=False)
        now = now_text()
        values.update(created_at=now, updated_at=now)
        cols = ", ".join(values)
        with self.transaction():
            cur = self._execute(
                f"INSERT INTO contacts ({cols}) VALUES ({', '.join('?' * len(values))})", values.values()
            )
            return int(cur.lastrowid)

    def add_contacts(self, rows: pd.DataFrame) -> list[int]:
        """Add many contacts in one transaction (all or nothing); returns their ids in order.

        Columns other than contact fields are ignored; see :meth:`write_rows`.
        """
        keep = [c for c in rows.columns if c in _CONTACT_FIELDS]
        return self.write_rows("contacts", rows[keep], returning_ids=True).ids

    def update_contact(self, contact_id: int, **fields: Any) -> None:
        """Change some fields of a contact (e.g. ``circle='inner'``, ``archived=True``)."""
        contact_id = self._contact_id(contact_id)
        values = contact_values(fields, partial=True)
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

        Rows whose (source, external_id) was seen before are skipped; one bad row refuses the
        lot with its row number (importers filter bad rows first and report them).
        """
        return self.write_rows("interactions", rows, on_conflict="ignore").count

    def write_rows(self, table: str, rows: Any, *, on_conflict: str = "abort",
                   returning_ids: bool = False) -> writer.Written:
        """Insert many rows into ``table``, validated, all or nothing (:func:`workbook.store.writer.write_rows`)."""
        return writer.write_rows(self, table, rows, on_conflict=on_conflict, returning_ids=returning_ids)

    def update_rows(self, table: str, rows: Any, *, key: str = "id") -> writer.Written:
        """Change columns of many existing rows, found by ``key`` (:func:`workbook.store.writer.update_rows`)."""
        return writer.update_rows(self, table, rows, key=key)

    def writing(self, *tables: str):
        """A step of the caller's own statements, all or nothing, recorded as changing ``tables`` only
        (:func:`workbook.store.writer.writing`; the importers' per-row inserts use it)."""
        return writer.writing(self, *tables)

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
        strength = _strength(strength)
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
        # None: leave as it is (a move); a new row takes '' for each.
        fields = {"next_step": None if next_step is None else _text(next_step, "next step"),
                  "due_date": None if due_date is None else parse_date(due_date, field="due date", allow_none=True),
                  "draft": None if draft is None else _text(draft, "draft"),
                  "notes": None if notes is None else _text(notes, "notes"),
                  "target": target or None}
        with self.transaction():
            row = self._find_outreach(outreach_id, cid, gid, target)
            now = now_text()
            if row is None:
                new = {k: "" if v is None and k != "due_date" else v for k, v in fields.items()}
                cur = self._execute(
                    "INSERT INTO outreach (contact_id, goal_id, stage, created_at, updated_at, "
                    f"{', '.join(new)}) VALUES ({', '.join('?' * (5 + len(new)))})",
                    (cid, gid, stage, now, now, *new.values()))
                oid, old = int(cur.lastrowid), None
            else:
                oid, old = int(row[0]), row[1]
                if not schema.can_move(old, stage):
                    allowed = ", ".join(schema.STAGE_TRANSITIONS.get(old, ())) or "nothing"
                    raise ValueError(f"A candidate cannot move from '{old}' to '{stage}' (allowed: {allowed}).")
                sets = {"stage": stage, "updated_at": now, **{k: v for k, v in fields.items() if v is not None}}
                if due_date is not None:
                    sets["due_date"] = fields["due_date"]  # a date given as '' clears it
                self._execute(
                    f"UPDATE outreach SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), oid]
                )
            if old != stage:
                self._execute(
                    "INSERT INTO outreach_history (outreach_id, date, from_stage, to_stage, note) VALUES (?, ?, ?, ?, ?)",
                    (oid, when, old, stage, _text(note, "note")),
                )
            return oid

    def _find_outreach(self, outreach_id: Any, cid: int | None, gid: int | None, target: str) -> tuple | None:
        """The (id, stage) of the pipeline row a set_outreach call means, or None for a new one."""
        if outreach_id is not None:
            row = self.conn.execute("SELECT id, stage FROM outreach WHERE id = ?", (int(outreach_id),)).fetchone()
            if row is None:
                raise ValueError(f"There is no pipeline row with id {outreach_id}.")
            return row
        if cid is not None:
            return self.conn.execute(
                "SELECT id, stage FROM outreach WHERE contact_id = ? AND coalesce(goal_id, 0) = ?", (cid, gid or 0)
            ).fetchone()
        if not target:
            raise ValueError("A pipeline row needs a contact or a description of who to find.")
        return None

    def remove_outreach(self, outreach_id: int) -> None:
        """Drop a pipeline row and its history."""
        with self.transaction():
            self._execute("DELETE FROM outreach WHERE id = ?", (int(outreach_id),))

    def save_reflection(self, prompt_id: str, text: str) -> None:
        """Save (or replace) the answer to a coaching prompt."""
        pid = _text(prompt_id, "prompt id", required=True, max_len=200)
        answer, at = _text(text, "answer", max_len=100_000), now_text()
        with self.transaction():
            self._execute(
                "INSERT INTO reflections (prompt_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (prompt_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (pid, answer, at),
            )
            # Every answer is kept, dated (schema 4): saving the same text again adds nothing.
            last = self.conn.execute("SELECT text FROM reflection_history WHERE prompt_id = ? ORDER BY at DESC, "
                                     "id DESC LIMIT 1", (pid,)).fetchone()
            if answer.strip() and (last is None or last[0] != answer):
                self._execute("INSERT INTO reflection_history (prompt_id, text, at) VALUES (?, ?, ?)",
                              (pid, answer, at))

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

    def dismiss_derived(self, item_id: int, dismissed: bool = True) -> None:
        """Mark a derived item "not true" (``dismissed=False`` takes it back); it stays so across re-imports."""
        derived.dismiss(self, item_id, dismissed)

    def record_import(self, file_name: str, fmt: str, report: dict[str, Any]) -> None:
        """Keep a log line for an import (inside the import's own transaction)."""
        with self.transaction():
            self._execute(
                "INSERT INTO imports (at, file_name, format, report) VALUES (?, ?, ?, ?)",
                (now_text(), _text(file_name, "file name", max_len=1000), fmt, json.dumps(report, default=str)),
            )

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

