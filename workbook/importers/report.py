"""What an import did, in numbers and in plain words.

Every import returns an :class:`ImportReport`. Its counts obey one rule a person
can check: every row read was imported, skipped (deliberately: e.g. a message
with someone who is not a contact) or rejected (with its line and reason)::

    rows_read == rows_imported + rows_skipped + len(rejected)

A contact row is imported as exactly one of: added (a new person), updated (a
person from the same source, changed), merged (joined to someone you already
had from another source or under a similar name), or unchanged. A history row
(a meeting, a message) that names nobody among your contacts is skipped and
counted in ``unmatched``; the summary never says "Nothing new" while some rows
matched nobody or were rejected.

>>> r = ImportReport(source="Connections.csv", format="linkedin", rows_read=3, rows_imported=2,
...                  contacts_added=2, rejected=[{"line": 7, "reason": "no name"}])
>>> print(r.summary().splitlines()[0])
Connections.csv (LinkedIn export): 3 rows read.
>>> r.to_dict()["rejected"]
[{'line': 7, 'reason': 'no name'}]
>>> cal = ImportReport(source="work.ics", format="ics", rows_read=15, rows_skipped=15, unmatched=15)
>>> print(cal.summary())  # doctest: +NORMALIZE_WHITESPACE
work.ics (calendar): 15 rows read.
  Unmatched: 15 events matched nobody among your contacts (by email address or by name).
  Nothing was added: 15 events matched nobody.
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

#: What one row of a format is, in the summary ("15 events matched nobody").
ROW_NOUNS = {"ics": "event", "mbox": "message", "interactions-csv": "row", "linkedin": "row"}

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
    #: History rows (events, messages) naming nobody among your contacts (part of rows_skipped).
    unmatched: int = 0
    #: Attendees / correspondents found by their display name because their address was unknown.
    matched_by_name: int = 0
    #: Addresses added to contacts found by name (so the next import finds them by address).
    emails_learned: int = 0
    #: Display names that fit several contacts: {"name", "contacts", "times"}; nobody was guessed.
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
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
            or self.interactions_added or self.tags_added or self.profile_updated or self.emails_learned
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
        lines += ["  " + line for line in outcome_lines(self.to_dict())]
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


def outcome_lines(report: dict[str, Any]) -> list[str]:
    """What happened to the rows that did not simply arrive, in plain words (a report as a dict,
    as :meth:`ImportReport.to_dict` makes it): found by name, not guessed, unmatched, skipped, and
    a closing line when nothing was written that is true to why (the app shows the same lines).

    >>> outcome_lines({"format": "ics", "rows_read": 17, "rows_imported": 13, "rows_skipped": 4})
    ['Skipped: 4 events (see the notes below).', 'Nothing was added: 13 events were already in your workbook, 4 skipped.']
    >>> outcome_lines({"format": "csv", "rows_read": 3, "rows_imported": 3, "contacts_unchanged": 3})
    ['Nothing new: everything in this file was already in your workbook.']
    """
    get = report.get
    noun = ROW_NOUNS.get(get("format", ""), "row")
    unmatched, skipped, rejected = get("unmatched", 0), get("rows_skipped", 0), len(get("rejected") or [])
    lines = []
    if get("matched_by_name"):
        learned = (f"; {_n(get('emails_learned'), 'email address', 'es')} learned for next time"
                   if get("emails_learned") else "")
        lines.append(f"Found by name: {_n(get('matched_by_name'), 'attendee or correspondent')} whose address "
                     f"was not in your workbook{learned}.")
    ambiguous = get("ambiguous") or []
    if ambiguous:
        shown = ", ".join(f"{a['name']} ({a['contacts']} contacts)" for a in ambiguous[:SUMMARY_LIMIT])
        more = f" and {len(ambiguous) - SUMMARY_LIMIT:,} more" if len(ambiguous) > SUMMARY_LIMIT else ""
        lines.append(f"Not guessed: {shown}{more}: each name fits several of your contacts; add the address "
                     "to the right contact and import again.")
    if unmatched:
        lines.append(f"Unmatched: {_n(unmatched, noun)} matched nobody among your contacts (by email address or by name).")
    if skipped - unmatched > 0:
        lines.append(f"Skipped: {_n(skipped - unmatched, noun)} (see the notes below).")
    changed = any(get(k) for k in ("contacts_added", "contacts_updated", "contacts_merged", "interactions_added",
                                   "tags_added", "profile_updated", "emails_learned"))
    if changed:
        return lines
    if not skipped and not rejected:
        return lines + ["Nothing new: everything in this file was already in your workbook."]
    parts = []
    imported = get("rows_imported", 0)
    if imported:
        parts.append(f"{_n(imported, noun)} {'was' if imported == 1 else 'were'} already in your workbook")
    if unmatched:
        parts.append(f"{_n(unmatched, noun)} matched nobody")
    if skipped - unmatched > 0:
        parts.append(f"{skipped - unmatched:,} skipped")
    if rejected:
        parts.append(f"{rejected:,} rejected")
    return lines + ["Nothing was added: " + ", ".join(parts) + "."]


def _n(count: int, noun: str, plural: str = "s") -> str:
    return f"{count:,} {noun}{'' if count == 1 else plural}"
