"""Email archive ``.mbox`` (e.g. Google Takeout): headers only, streamed.

The file is read in blocks of :data:`CHUNK` bytes; only each message's header block is
kept (bodies and attachments are skipped as they stream past), so a multi-GB archive never
sits in memory. From / To / Cc are matched to contacts by address: a message you sent gives
an ``outbound`` email interaction with each contact it went to; a message a contact sent
gives an ``inbound`` one. Several messages with the same person on the same day make one
interaction (``mutual`` when both of you wrote). You are recognised by your profile email,
``Delivered-To`` headers, Gmail's ``Sent`` label, or else the address on most messages.
Messages without a readable ``Date`` header are rejected with their line. Display names are
kept with the addresses (each message's ``sender_name`` and ``to_names``, and ``names``) for
matching correspondents whose address is not known.

>>> import io
>>> data = b"From a@x Mon Jan  1 00:00:00 2024\\nFrom: A <a@example.com>\\nTo: b@example.org\\n\\nbody\\nFrom the start\\n"
>>> [(line, hdr.split(b"\\n")[1]) for line, hdr in split_messages(io.BytesIO(data))]
[(1, b'From: A <a@example.com>')]
"""
from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import re
from collections import Counter
from typing import Any, BinaryIO, Callable, Iterator

import pandas as pd

from ._common import Source, date_bounds, is_email
from ._merge import external_id, profile_row, write_interactions
from .report import ImportRefused, ImportReport

SOURCE = "mbox"
CHUNK = 4 * 1024 * 1024
#: A header block longer than this is cut (the rest is treated as body).
MAX_HEADER = 256 * 1024
_SEPARATOR = re.compile(rb"From \S+.*\d{1,2}:\d{2}.*\d{4}\s*$")
_WANTED = {b"from", b"to", b"cc", b"date", b"delivered-to", b"x-gmail-labels"}


def split_messages(fh: BinaryIO, on_bytes: Callable[[int], None] | None = None) -> Iterator[tuple[int, bytes]]:
    """(line of the ``From `` separator, header block) for each message, reading in chunks.

    A message starts at a line like ``From sender Mon Jan  1 00:00:00 2024`` (a body line that
    merely begins with "From " has no such time and year); its headers end at the first blank line.
    """

    def read() -> bytes:
        more = fh.read(CHUNK)
        if on_bytes:
            on_bytes(len(more))
        return more

    buf = read()
    if not buf.startswith(b"From "):
        return
    eof = False
    line = msg_line = 1  # ``line`` is the line number of buf[0]
    while True:
        end = _blank_line(buf)
        while end < 0 and not eof and len(buf) < MAX_HEADER:
            more = read()
            eof = not more
            buf += more
            end = _blank_line(buf)
        cut = min(len(buf) if end < 0 else end, MAX_HEADER)
        yield msg_line, buf[:cut]
        line += buf.count(b"\n", 0, cut)
        buf = buf[cut:]
        pos = 0
        while True:  # skip the body, up to the next separator line
            j = buf.find(b"\nFrom ", pos)
            if j >= 0:
                eol = buf.find(b"\n", j + 1)
                if eol < 0 and not eof:
                    line += buf.count(b"\n", 0, j)
                    buf, pos = buf[j:], 0
                    more = read()
                    eof = not more
                    buf += more
                    continue
                if _SEPARATOR.match(buf[j + 1: eol if eol >= 0 else len(buf)]):
                    line += buf.count(b"\n", 0, j + 1)
                    buf = buf[j + 1:]
                    msg_line = line
                    break
                pos = j + 1
                continue
            if eof:
                return
            keep = max(len(buf) - 5, 0)  # a separator may straddle two chunks
            line += buf.count(b"\n", 0, keep)
            buf, pos = buf[keep:], 0
            more = read()
            eof = not more
            buf += more


def _blank_line(buf: bytes) -> int:
    a, b = buf.find(b"\n\n"), buf.find(b"\n\r\n")
    hits = [x for x in (a, b) if x >= 0]
    return min(hits) + 1 if hits else -1


def headers(block: bytes) -> dict[str, str]:
    """The few headers we need, unfolded, as text (first line, the ``From `` separator, skipped).

    >>> headers(b"From x\\nTo: a@example.com,\\n b@example.org\\nSubject: hi\\n")["to"]
    'a@example.com, b@example.org'
    """
    out: dict[str, list[str]] = {}
    current: bytes | None = None
    for raw in block.split(b"\n")[1:]:
        raw = raw.rstrip(b"\r")
        if not raw:
            break
        if raw[:1] in (b" ", b"\t"):
            if current is not None:
                out[current][-1] += " " + raw.strip().decode("utf-8", "replace")
            continue
        name, sep, value = raw.partition(b":")
        key = name.strip().lower()
        if sep and key in _WANTED:
            current = key
            out.setdefault(key, []).append(value.strip().decode("utf-8", "replace"))
        else:
            current = None
    return {k.decode(): ", ".join(v) for k, v in out.items()}


def _addresses(value: str) -> list[str]:
    return [a for a, _ in _people(value)]


def _people(value: str) -> list[tuple[str, str]]:
    """(address, display name) of each correspondent in a header, names RFC 2047-decoded.

    >>> _people('"Lovelace, Ada" <Ada@Example.com>, =?utf-8?q?Zo=C3=AB?= <zoe@example.org>, bo@example.net')
    [('ada@example.com', 'Lovelace, Ada'), ('zoe@example.org', 'Zoë'), ('bo@example.net', '')]
    """
    out: list[tuple[str, str]] = []
    for name, addr in email.utils.getaddresses([value]):
        a = addr.strip().lower()
        if is_email(a) and a not in [x for x, _ in out]:
            out.append((a, _display_name(name, a)))
    return out


def _display_name(name: str, addr: str) -> str:
    if "=?" in name:
        try:
            name = str(email.header.make_header(email.header.decode_header(name)))
        except (ValueError, LookupError, UnicodeDecodeError):
            pass
    name = " ".join(name.replace('"', " ").split()).strip("'")
    return "" if not name or name.lower() == addr else name


def parse(source: Source, report: ImportReport, progress, fmt: str = "mbox") -> dict[str, Any]:
    size = max(source.size, 1)
    done = [0]

    def on_bytes(n: int) -> None:
        done[0] += n
        progress(done[0] / size, "reading the mail archive")

    msgs: list[tuple[int, str, tuple[str, ...], Any, bool, str, tuple[str, ...]]] = []
    owner_hints: Counter[str] = Counter()
    names: dict[str, str] = {}
    with source.open() as fh:
        for line, block in split_messages(fh, on_bytes):
            h = headers(block)
            from_people = _people(h.get("from", ""))
            to_people = _people(h.get("to", "") + ", " + h.get("cc", ""))
            sender = [a for a, _ in from_people]
            to = tuple(a for a, _ in to_people)
            for a, name in from_people + to_people:
                if name and a not in names:
                    names[a] = name
            day = None
            try:
                when = email.utils.parsedate_to_datetime(h["date"]) if h.get("date") else None
                if when is not None:
                    day = (when.astimezone(dt.timezone.utc) if when.tzinfo else when).date()
            except (TypeError, ValueError, IndexError, OverflowError):
                day = None
            sent = "sent" in [x.strip().lower() for x in h.get("x-gmail-labels", "").split(",")]
            for a in _addresses(h.get("delivered-to", "")):
                owner_hints[a] += 1
            if sent and sender:
                owner_hints[sender[0]] += 1
            msgs.append((line, sender[0] if sender else "", to, day, sent,
                         from_people[0][1] if from_people else "", tuple(n for _, n in to_people)))
    if not msgs:
        raise ImportRefused(f"{source.name} holds no email messages (no 'From ' lines); nothing was imported.")
    return {"messages": msgs, "owner_hints": owner_hints, "names": names}


def write(ctx, parsed: dict[str, Any]) -> None:
    rep = ctx.report
    msgs = parsed["messages"]
    rep.rows_read += len(msgs)
    index = ctx.index
    lo, hi = date_bounds()
    lo, hi = lo.date(), hi.date()
    owner = {a for a in (profile_row(ctx.book)["email"].lower(),) if a}
    owner |= set(parsed["owner_hints"])
    if not owner:
        seen: Counter[str] = Counter()
        for _, sender, to, *_ in msgs:
            seen.update({sender, *to} - {""})
        for addr, n in seen.most_common(3):
            if index.find_email(addr) is None and n >= max(1, len(msgs) // 2):
                owner.add(addr)
                break
    cid_of: dict[str, Any] = {}
    names = parsed.get("names", {})

    def cid(addr: str) -> Any:
        # By address, else by display name (learned for next time): see ContactIndex.find_person.
        if addr not in cid_of:
            cid_of[addr] = index.find_person(addr, names.get(addr, ""))
        return cid_of[addr]

    pairs: dict[tuple[int, dt.date], list[int]] = {}
    skipped = 0
    for n, (line, sender, to, day, *_) in enumerate(msgs):
        if n % 20000 == 0:
            ctx.progress(n / len(msgs), "matching senders and recipients")
        if day is None:
            rep.reject(line, "the Date header is missing or unreadable")
            continue
        if not lo <= day <= hi:
            rep.reject(line, f"the date {day} is out of range")
            continue
        hit = False
        if sender in owner:
            for a in to:
                c = cid(a) if a not in owner else None
                if c is not None:
                    pairs.setdefault((c, day), [0, 0])[0] += 1
                    hit = True
        else:
            c = cid(sender) if sender else None
            if c is not None:
                pairs.setdefault((c, day), [0, 0])[1] += 1
                hit = True
        if hit:
            rep.rows_imported += 1
        else:
            skipped += 1
    rep.rows_skipped += skipped
    rep.unmatched += skipped
    if skipped:
        rep.warn(f"{skipped:,} message(s) were not between you and one of your contacts (by email address or by "
                 "display name) and were skipped.")
    if not pairs:
        return
    rows = []
    for (c, day), (out, inn) in pairs.items():
        direction = "mutual" if out and inn else ("outbound" if out else "inbound")
        k = out + inn
        rows.append({
            "contact_id": c, "date": day.isoformat(), "channel": "email", "direction": direction,
            "kind": "catch-up", "note": f"{k} email{'s' if k != 1 else ''}", "source": SOURCE,
            "external_id": external_id("mbox", c, day.isoformat()),
        })
    write_interactions(ctx, pd.DataFrame(rows))
