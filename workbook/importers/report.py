"""What an import did, in numbers and in plain words.

Every import returns an :class:`ImportReport`. Its counts obey one rule a person
can check: every row read was imported, skipped (deliberately: e.g. a message
with someone who is not a contact) or rejected (with its line and reason)::

    rows_read == rows_imported + rows_skipped + len(rejected)

A contact row is imported as exactly one of: added (a new person), updated (a
person from the same source, changed), merged (joined to someone you already
had from another source or under a similar name), or unchanged.

>>> r = ImportReport(source="Connections.csv", format="linkedin", rows_read=3, rows_imported=2,
...                  contacts_added=2, rejected=[{"line": 7, "reason": "no name"}])
>>> print(r.summary().splitlines()[0])
Connections.csv (LinkedIn export): 3 rows read.
>>> r.to_dict()["rejected"]
[{'line': 7, 'reason': 'no name'}]
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: Human names of the formats (the keys are the ``--format`` values).
FORMAT_NAMES = {
    "linkedin": "LinkedIn export",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "vcard": "vCard",
    "ics": "calendar",
    "mbox": "email archive",
    "csv": "contacts CSV",
    "interactions-csv": "interaction log CSV",
}

#: How many rejected rows / merges / warnings the plain summary lists before "and N more".
SUMMARY_LIMIT = 10


class ImportRefused(ValueError):
    """The file is not what it claims (empty, binary, unrecognisable); nothing was written."""


@dataclass
class ImportReport:
    """Counts, rejections and warnings of one import (see the module docstring)."""

    source: str = ""
    format: str = ""
    encoding: str = ""
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    contacts_merged: int = 0
    contacts_unchanged: int = 0
    interactions_added: int = 0
    tags_added: int = 0
    profile_updated: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    # -- building -----------------------------------------------------------------------------

    def reject(self, line: int | None, reason: str, file: str | None = None) -> None:
        """Record a rejected row (``line`` is 1-based in the file as a text editor shows it)."""
        entry: dict[str, Any] = {"line": None if line is None else int(line), "reason": str(reason)}
        if file:
            entry["file"] = file
        self.rejected.append(entry)

    def warn(self, text: str) -> None:
        """Add a warning once (the same text twice is kept once)."""
        if text not in self.warnings:
            self.warnings.append(text)

    # -- reading ------------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """True when the import wrote anything (beyond its log line)."""
        return bool(
            self.contacts_added or self.contacts_updated or self.contacts_merged
            or self.interactions_added or self.tags_added or self.profile_updated
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the ``--json`` output and the import log entry)."""
        out = asdict(self)
        out["seconds"] = round(self.seconds, 3)
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def summary(self) -> str:
        """The report in plain words (what arrived, what was merged, what was rejected and why)."""
        kind = FORMAT_NAMES.get(self.format, self.format or "file")
        lines = [f"{self.source} ({kind}): {_n(self.rows_read, 'row')} read."]
        if self.files:
            lines.append(f"  Files used: {', '.join(self.files)}.")
        contacts = [
            f"{_n(self.contacts_added, 'new contact')}" if self.contacts_added else "",
            f"{self.contacts_updated:,} updated" if self.contacts_updated else "",
            f"{self.contacts_merged:,} merged with people you already had" if self.contacts_merged else "",
            f"{self.contacts_unchanged:,} already up to date" if self.contacts_unchanged else "",
        ]
        contacts = [c for c in contacts if c]
        if contacts:
            lines.append("  Contacts: " + ", ".join(contacts) + ".")
        if self.interactions_added:
            lines.append(f"  Interactions: {self.interactions_added:,} added to your history.")
        if self.tags_added:
            lines.append(f"  Tags: {self.tags_added:,} added.")
        if self.profile_updated:
            lines.append(f"  Your profile: filled in {', '.join(self.profile_updated)}.")
        if self.rows_skipped:
            lines.append(f"  Skipped: {_n(self.rows_skipped, 'row')} (see the notes below).")
        if not self.changed:
            lines.append("  Nothing new: everything in this file was already in your workbook.")
        if self.merges:
            lines.append(f"  Merged ({len(self.merges):,}):")
            for m in self.merges[:SUMMARY_LIMIT]:
                where = f"{m['file']} " if m.get("file") else ""
                lines.append(f"    {where}line {m.get('line')}: {m.get('name')} -> {m.get('into')} ({m.get('rule')})")
            if len(self.merges) > SUMMARY_LIMIT:
                lines.append(f"    ... and {len(self.merges) - SUMMARY_LIMIT:,} more.")
        if self.rejected:
            lines.append(f"  Rejected ({len(self.rejected):,} rows, nothing from them was saved):")
            for r in self.rejected[:SUMMARY_LIMIT]:
                where = f"{r['file']} " if r.get("file") else ""
                lines.append(f"    {where}line {r.get('line')}: {r.get('reason')}")
            if len(self.rejected) > SUMMARY_LIMIT:
                lines.append(f"    ... and {len(self.rejected) - SUMMARY_LIMIT:,} more.")
        if self.warnings:
            lines.append("  Notes:")
            for w in self.warnings[:SUMMARY_LIMIT]:
                lines.append(f"    - {w}")
            if len(self.warnings) > SUMMARY_LIMIT:
                lines.append(f"    ... and {len(self.warnings) - SUMMARY_LIMIT:,} more.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
