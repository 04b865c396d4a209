"""Calendar ``.ics`` (icalendar): meetings whose attendees are your contacts become interactions.

One interaction per event and contact (matched by email address): channel ``video`` when
the event carries a Zoom / Meet / Teams / Webex link, ``event`` for gatherings of more than
:data:`EVENT_SIZE` people, else ``meeting``. Direction: ``outbound`` when you organised it,
``inbound`` when the contact did, ``mutual`` otherwise. Cancelled events, declined
invitations and events after the workbook's "today" are skipped (and counted); a recurring
event counts once, on its first date. You are recognised by your profile email, the
calendar's name when it is an address (Google's ``X-WR-CALNAME``), or else the address on
most events that is not a contact. An organizer's address may sit in an ``EMAIL=`` parameter
(iCloud); display names (``CN=``) are kept with each address (``organizer_name``, the third
item of each attendee, and ``names``) for matching people whose address is not known.

>>> find_lines("BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nEND:VEVENT\\nBEGIN:VEVENT\\nEND:VEVENT\\nEND:VCALENDAR\\n")
[2, 4]
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pandas as pd

from ..core.text import normalise_email
from ._common import Source, date_bounds, decode_source, is_email
from ._merge import external_id, profile_row, write_interactions
from .report import ImportRefused, ImportReport

SOURCE = "ics"
#: More attendees than this makes a meeting an "event".
EVENT_SIZE = 15
_VIDEO = re.compile(r"zoom\.us|meet\.google|teams\.microsoft|teams\.live|webex\.com|whereby\.com|jitsi", re.I)


def find_lines(text: str) -> list[int]:
    """1-based line of each ``BEGIN:VEVENT``."""
    return [i + 1 for i, line in enumerate(text.split("\n")) if line.strip().upper() == "BEGIN:VEVENT"]


def _addr(value: Any) -> str:
    v = normalise_email(str(value or ""))
    return v if is_email(v) else ""


def _person(prop: Any) -> tuple[str, str]:
    """(address, display name) of an ORGANIZER or ATTENDEE. The address is the ``mailto:`` value,
    else an ``EMAIL=`` parameter (iCloud writes ``ORGANIZER;CN=Ada;EMAIL=ada@example.com:urn:uuid:...``).

    >>> import icalendar
    >>> _person(icalendar.vCalAddress("urn:uuid:1234")), _person(icalendar.vCalAddress("mailto:Ada@Example.com"))
    (('', ''), ('ada@example.com', ''))
    """
    params = getattr(prop, "params", {}) or {}
    addr = _addr(prop)
    if not addr:
        addr = _addr(params.get("EMAIL", ""))
    name = str(params.get("CN", "") or "").strip().strip('"').strip()
    if name and addr and _addr(name) == addr:
        name = ""  # a CN that only repeats the address names nobody
    return addr, name


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def parse(source: Source, report: ImportReport, progress, fmt: str = "ics") -> dict[str, Any]:
    dec = decode_source(source, report)
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(dec.text)
    except Exception as exc:  # noqa: BLE001 - any parse failure means the file is refused
        raise ImportRefused(f"{source.name} is not a readable calendar ({str(exc)[:120]}); nothing was imported.") from None
    lines = find_lines(dec.text)
    events: list[dict[str, Any]] = []
    for k, ev in enumerate(cal.walk("VEVENT")):
        line = lines[k] if k < len(lines) else None
        row: dict[str, Any] = {"line": line, "reason": ""}
        try:
            start = ev.get("DTSTART")
            when = start.dt if start is not None else None
            if when is None:
                row["reason"] = "the event has no start date (DTSTART)"
            else:
                day = when.date() if isinstance(when, dt.datetime) else when
                row["day"] = pd.Timestamp(day)
            rid = ev.get("RECURRENCE-ID")
            row["uid"] = str(ev.get("UID") or f"line-{line}")
            row["rid"] = str(rid.dt) if rid is not None and hasattr(rid, "dt") else ""
            row["summary"] = str(ev.get("SUMMARY") or "").strip()
            row["status"] = str(ev.get("STATUS") or "").upper()
            row["recurring"] = ev.get("RRULE") is not None
            org = ev.get("ORGANIZER")
            row["organizer"], row["organizer_name"] = _person(org) if org is not None else ("", "")
            attendees = []
            for a in _as_list(ev.get("ATTENDEE")):
                params = getattr(a, "params", {})
                addr, name = _person(a)
                attendees.append((addr, str(params.get("PARTSTAT", "")).upper(), name))
            row["attendees"] = attendees
            blob = " ".join(str(ev.get(p) or "") for p in ("LOCATION", "URL", "DESCRIPTION", "X-GOOGLE-CONFERENCE"))
            row["video"] = bool(_VIDEO.search(blob))
        except Exception as exc:  # noqa: BLE001 - a malformed event is rejected alone
            row["reason"] = f"the event could not be read ({str(exc)[:120]})"
        events.append(row)
    calname = _addr(cal.get("X-WR-CALNAME"))
    return {"events": events, "calname": calname, "names": _names(events)}


def _names(events: list[dict[str, Any]]) -> dict[str, str]:
    """Each address's display name (the first one seen), for matching people by name."""
    out: dict[str, str] = {}
    for ev in events:
        for addr, name in [(ev.get("organizer", ""), ev.get("organizer_name", ""))] + [
                (a, n) for a, _, n in ev.get("attendees", [])]:
            if addr and name and addr not in out:
                out[addr] = name
    return out


def _match_people(ev: dict[str, Any], owner: set[str], index, names: dict[str, str]) -> dict[int, str]:
    """{contact id: the address (or name) it was found by} for an event's organizer and attendees
    who did not decline: by address, else by display name (LinkedIn contacts rarely carry an email;
    :meth:`ContactIndex.find_person` decides when a name is safe and learns the address)."""
    people = [(a, n) for a, part, n in ev["attendees"] if (a or n) and part != "DECLINED"]
    if ev["organizer"] or ev["organizer_name"]:
        people.append((ev["organizer"], ev["organizer_name"]))
    matched: dict[int, str] = {}
    for a, n in people:
        if a in owner:
            continue
        cid = index.find_person(a, n or names.get(a, ""))
        if cid is not None:
            matched.setdefault(cid, a or n)
    return matched


def write(ctx, parsed: dict[str, Any]) -> None:
    rep = ctx.report
    events = parsed["events"]
    rep.rows_read += len(events)
    lo, hi = date_bounds()
    as_of = pd.Timestamp(ctx.book.as_of())
    owner = {e for e in (profile_row(ctx.book)["email"].lower(), parsed["calname"]) if e}
    index = ctx.index
    if not owner:
        seen = Counter(a for ev in events for a in {ev.get("organizer", "")} | {x for x, *_ in ev.get("attendees", [])} if a)
        for addr, n in seen.most_common(3):
            if index.find_email(addr) is None and n >= max(2, len(events) // 2):
                owner.add(addr)
                break
    rows, skipped = [], Counter()
    for ev in events:
        if ev["reason"]:
            rep.reject(ev["line"], ev["reason"])
            continue
        day = ev["day"]
        if ev["status"] == "CANCELLED":
            skipped["cancelled"] += 1
            continue
        if day > as_of:
            skipped["upcoming"] += 1
            continue
        if day < lo or day > hi:
            rep.reject(ev["line"], f"the event date {day.date()} is out of range")
            continue
        matched = _match_people(ev, owner, index, parsed["names"])
        if not matched:
            skipped["no contacts"] += 1
            continue
        if ev["recurring"]:
            rep.warn("Recurring meetings are counted once, on their first date.")
        size = len({a for a, *_ in ev["attendees"]} | ({ev["organizer"]} if ev["organizer"] else set()))
        channel = "video" if ev["video"] else ("event" if size > EVENT_SIZE else "meeting")
        # The organiser's contact, whichever of their addresses the invitation used.
        org_cid = (index.find_person(ev["organizer"], ev["organizer_name"])
                   if (ev["organizer"] or ev["organizer_name"]) and ev["organizer"] not in owner else None)
        for cid, addr in matched.items():
            if ev["organizer"] and ev["organizer"] in owner:
                direction = "outbound"
            elif (ev["organizer"] and ev["organizer"] == addr) or (org_cid is not None and org_cid == cid):
                direction = "inbound"
            else:
                direction = "mutual"
            rows.append({
                "contact_id": cid, "date": day.strftime("%Y-%m-%d"), "channel": channel, "direction": direction,
                "kind": "catch-up", "note": ev["summary"][:300], "source": SOURCE,
                "external_id": external_id("ics", cid, day.strftime("%Y-%m-%d"), f"{ev['uid']}:{ev['rid']}"),
            })
        rep.rows_imported += 1
    rep.rows_skipped += sum(skipped.values())
    rep.unmatched += skipped["no contacts"]
    if skipped["no contacts"]:
        rep.warn(f"{skipped['no contacts']} event(s) had no attendee among your contacts (by email address or by "
                 "name) and were skipped.")
    if skipped["upcoming"]:
        rep.warn(f"{skipped['upcoming']} upcoming event(s) were not counted yet.")
    if skipped["cancelled"]:
        rep.warn(f"{skipped['cancelled']} cancelled event(s) were skipped.")
    if rows:
        write_interactions(ctx, pd.DataFrame(rows))
