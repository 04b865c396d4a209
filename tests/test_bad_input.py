"""Bad input, one case per row: a clear message, and nothing written or everything else kept.

Every case is a file made here (in ``tmp_path``), imported into a workbook that already holds
someone (a contact with a note, a tag, an interaction, a reflection). A case either

* is **refused**: :class:`~workbook.importers.ImportRefused` with a message saying why, and the
  workbook is exactly as it was (``book.dump()`` before == after); or
* gives a **report**: every row is imported, skipped or rejected (rejections carry their line
  and a reason), nobody vanishes silently, the people who were there are untouched, and
  importing the same file again adds nothing.

Each case runs through ``import_file``, ``import_bytes`` and the ``workbook import`` command.
"""
from __future__ import annotations

import io
import re
import pandas as pd
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import workbook
from workbook import cli
from workbook.importers import ImportRefused, ImportReport, import_bytes, import_file, linkedin

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

# ----------------------------------------------------------------------------- building blocks

NOTICE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
          'missing. (Synthetic notice.)"\n')
LI_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
LI_HEADER_OLD = "First Name,Last Name,Email Address,Company,Position,Connected On"


def li_rows(dates=("15 Mar 2024", "02 Jan 2020"), url: bool = True) -> list[str]:
    people = [("Ada", "Lovelace", "ada-lovelace", "ada@example.com", "Analytical Engines", "Analyst"),
              ("Bo", "Chen", "bo-chen", "bo@example.org", "Acme Robotics", "Engineer")]
    out = []
    for (first, last, slug, email, company, position), day in zip(people, dates):
        link = f"https://www.linkedin.com/in/{slug}," if url else ""
        out.append(f"{first},{last},{link}{email},{company},{position},{day}")
    return out


def connections(blank: int = 1, *, dates=("15 Mar 2024", "02 Jan 2020"), url: bool = True, bom: bool = False,
                newline: str = "\n", notice: bool = True) -> bytes:
    """A LinkedIn Connections.csv: the notice, ``blank`` blank lines, the header, two people."""
    text = (NOTICE + "\n" * blank if notice else "") + (LI_HEADER if url else LI_HEADER_OLD) + "\n"
    text += "\n".join(li_rows(dates, url)) + "\n"
    data = text.replace("\n", newline).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _patch_zip(data: bytes, *, local: dict[int, tuple[str, int]], central: dict[int, tuple[str, int]]) -> bytes:
    """Overwrite fields of the first member's local header and central directory entry."""
    z = bytearray(data)
    lo, ce = z.find(b"PK\x03\x04"), z.find(b"PK\x01\x02")
    for off, (fmt, value) in local.items():
        struct.pack_into(fmt, z, lo + off, value)
    for off, (fmt, value) in central.items():
        struct.pack_into(fmt, z, ce + off, value)
    return bytes(z)


def zip_bomb() -> bytes:
    """64 MB of zeros in a ~64 KB zip: a ratio of about 1000."""
    return zip_of({"Connections.csv": b"\0" * (64 * 1024 * 1024)})


def zip_lying_about_sizes() -> bytes:
    """A member that says it holds 100 bytes but inflates to 3 MB (a bomb that hides its ratio)."""
    data = zip_of({"Connections.csv": b"First Name,Last Name,Connected On\n" + b"x" * 3_000_000})
    return _patch_zip(data, local={22: ("<I", 100)}, central={24: ("<I", 100)})


def zip_corrupt_member() -> bytes:
    """A readable directory, but the member's compressed bytes are damaged."""
    data = bytearray(zip_of({"Connections.csv": connections() * 20}))
    start = data.find(b"PK\x03\x04") + 30 + len("Connections.csv")
    for k in range(start + 4, start + 40):
        data[k] ^= 0x5A
    return bytes(data)


def zip_unknown_compression() -> bytes:
    """A member compressed with a method zipfile does not know (99, AES)."""
    data = zip_of({"Connections.csv": connections()})
    return _patch_zip(data, local={8: ("<H", 99)}, central={10: ("<H", 99)})


def zip_encrypted() -> bytes:
    data = zip_of({"Connections.csv": connections()})
    return _patch_zip(data, local={6: ("<H", 1)}, central={8: ("<H", 1)})


def vcards(*cards: str) -> bytes:
    return "".join(cards).replace("\n", "\r\n").encode("utf-8")


def card(name: str, email: str, extra: str = "", end: bool = True) -> str:
    return (f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nN:{name.split()[-1]};{name.split()[0]};;;\n"
            f"EMAIL;TYPE=INTERNET:{email}\n{extra}" + ("END:VCARD\n" if end else ""))


QP_CARD = (
    "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=\n=BCller\n"
    "EMAIL;INTERNET:jurgen@example.com\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:Met at a caf=C3=A9, liked tea\nEND:VCARD\n"
)


def calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{e}END:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Synthetic//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode("utf-8")


def mbox(n: int = 3) -> bytes:
    out = []
    for k in range(n):
        out.append(
            f"From keeper@example.com Mon Jan {k + 1:02d} 08:30:00 2024\n"
            f"Date: Mon, {k + 1:02d} Jan 2024 08:30:00 +0000\n"
            f"From: Keeper Person <keeper@example.com>\nTo: me@example.net\nSubject: Note {k}\n\n"
            f"Hello {k}, a longer body line so that truncation lands inside it.\n\n"
        )
    return "".join(out).encode("utf-8")


# ----------------------------------------------------------------------------- the cases


@dataclass
class Case:
    """One bad input: the file, and what must happen."""

    id: str
    name: str
    make: Callable[[], bytes]
    refused: str | None = None  # a regex the refusal message must match; None: a report
    # Report cases: who must arrive (full name), which lines must be rejected, extra checks.
    arrive: tuple[str, ...] = ()
    rejected_lines: tuple[int, ...] | None = None
    reason: str = ""  # a regex every rejection reason must match
    check: Callable[[workbook.Workbook, ImportReport], None] | None = None
    monkey: dict = field(default_factory=dict)  # attribute overrides: {(module, name): value}


def _check_unreadable_lines_noted(book, report) -> None:
    # One unreadable line never costs the person: the card keeps its name, the lines are noted.
    notes = [w for w in report.warnings if w.startswith("line 7: the vCard line")]
    assert len(notes) == 2 and "'EMAIL;;;:'" in notes[0] and "'::::'" in notes[1]
    assert book.contacts().set_index("full_name").loc["Broken", "emails"] == ""


def _dates_of(book, expected: dict[str, str]) -> None:
    c = book.contacts().set_index("full_name")
    for who, day in expected.items():
        assert str(c.loc[who, "connected_on"].date()) == day, who


def _check_no_url(book, report) -> None:
    c = book.contacts()
    assert set(c.loc[c["full_name"].isin(["Ada Lovelace", "Bo Chen"]), "linkedin_url"]) == {""}


def _check_utf16(book, report) -> None:
    assert {"Zoë Ångström", "Łukasz Żółw"} <= set(book.contacts()["full_name"])


def _check_cp1252(book, report) -> None:
    assert "Zoë Ångström" in set(book.contacts()["full_name"])
    assert any("Windows-1252" in w for w in report.warnings), "the guessed encoding must be said"


def _check_quoted_newline(book, report) -> None:
    notes = book.contacts().set_index("full_name").loc["Ada Lovelace", "notes"]
    assert notes == "first line\nsecond line, with a comma"


def _check_columns_not_shifted(book, report) -> None:
    c = book.contacts().set_index("full_name")
    assert c.loc["Bo Chen", "company"] == "Acme Robotics", "values moved into the wrong columns"
    assert not ({"Analytical Engines", "surprise", "Acme Robotics"} & set(c.index)), "a company became a name"


def _check_qp(book, report) -> None:
    c = book.contacts().set_index("full_name")
    assert c.loc["Jürgen Müller", "notes"] == "Met at a café, liked tea"


def _check_birthdays(book, report) -> None:
    c = book.contacts().set_index("full_name")
    assert c.loc["Ada Lovelace", "birthday"] == "--03-15"
    assert c.loc["Bo Chen", "birthday"] == "--12-01"


def _keeper_id(book) -> int:
    c = book.contacts()
    return int(c.loc[c["full_name"] == "Keeper Person", "contact_id"].iloc[0])


def _check_no_attendees(book, report) -> None:
    assert report.interactions_added == 0 and report.rows_skipped == 1
    assert report.warnings, "skipping an event must be explained"


def _check_floating(book, report) -> None:
    i = book.interactions()
    days = set(i.loc[i["contact_id"] == _keeper_id(book), "date"].dt.strftime("%Y-%m-%d"))
    # Floating times are wall-clock times: 23:30 on the 5th stays on the 5th (no time-zone shift).
    assert {"2024-01-05", "2024-01-06"} <= days


def _check_truncated_mbox(book, report) -> None:
    i = book.interactions()
    days = set(i.loc[(i["contact_id"] == _keeper_id(book)) & (i["source"] == "mbox"), "date"].dt.strftime("%Y-%m-%d"))
    assert {"2024-01-01", "2024-01-02"} <= days  # the complete messages before the cut arrived


CSV_PEOPLE = "Name,Email,Company\nAda Lovelace,ada@example.com,Analytical Engines\nBo Chen,bo@example.org,Acme Robotics\n"

CASES: list[Case] = [
    # LinkedIn Connections.csv shapes
    *[Case(f"linkedin-{n}-blank-lines", "Connections.csv", lambda n=n: connections(n),
           arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(),
           check=lambda b, r: _dates_of(b, {"Ada Lovelace": "2024-03-15", "Bo Chen": "2020-01-02"}))
      for n in range(4)],
    Case("linkedin-no-notice", "Connections.csv", lambda: connections(notice=False),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=()),
    Case("linkedin-bom", "Connections.csv", lambda: connections(bom=True), arrive=("Ada Lovelace", "Bo Chen"),
         rejected_lines=()),
    Case("linkedin-crlf", "Connections.csv", lambda: connections(newline="\r\n"),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(),
         check=lambda b, r: _dates_of(b, {"Ada Lovelace": "2024-03-15"})),
    Case("linkedin-no-url-column", "Connections.csv", lambda: connections(url=False),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(), check=_check_no_url),
    # A date that cannot be read costs the date, never the person: each row's note names its line.
    Case("linkedin-french-months", "Connections.csv", lambda: connections(dates=("15 mars 2024", "02 janv. 2020")),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(), check=lambda b, r: _dates_left_out(b, r, r"not a date")),
    Case("linkedin-german-months", "Connections.csv", lambda: connections(dates=("15 Mär 2024", "02 Okt 2020")),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(), check=lambda b, r: _dates_left_out(b, r, r"not a date")),
    Case("linkedin-junk-dates", "Connections.csv", lambda: connections(dates=("soon", "31/31/2021")),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(),
         check=lambda b, r: _dates_left_out(b, r, r"not a date", lines=(5, 6))),
    Case("linkedin-dates-out-of-range", "Connections.csv", lambda: connections(dates=("01 Jan 1850", "01 Jan 2999")),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(),
         check=lambda b, r: _dates_left_out(b, r, r"before 1900|future|not a date", lines=(5, 6))),
    # Files that are not what they claim
    Case("no-recognisable-header", "contacts.csv", lambda: b"alpha,beta,gamma\n1,2,3\n4,5,6\n", refused="no header"),
    Case("prose-not-a-table", "contacts.csv", lambda: b"Dear diary,\nToday I met nobody.\n", refused="no header"),
    Case("empty-file", "contacts.csv", lambda: b"", refused="empty"),
    Case("only-blank-lines", "contacts.csv", lambda: b"\r\n\n  \n\t\n", refused="empty"),
    Case("only-a-bom", "contacts.csv", lambda: b"\xef\xbb\xbf", refused="empty"),
    Case("png-renamed-csv", "contacts.csv", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, refused="PNG"),
    Case("pdf-renamed-vcf", "contacts.vcf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", refused="PDF"),
    Case("random-binary", "contacts.csv", lambda: bytes((i * 37 + 11) % 256 for i in range(4096)), refused="binary"),
    Case("sqlite-renamed-csv", "contacts.csv", lambda: b"SQLite format 3\x00" + b"\x00" * 200, refused="SQLite"),
    Case("header-only", "contacts.csv", lambda: b"Name,Email,Company\n", arrive=(), rejected_lines=()),
    Case("google-header-only", "google.csv", lambda: (SAMPLES / "google-contacts.csv").read_bytes().split(b"\n")[0] + b"\n",
         arrive=(), rejected_lines=()),
    # Zips
    Case("zip-not-a-linkedin-export", "export.zip", lambda: zip_of({"notes.txt": b"hello", "data.csv": b"a,b\n1,2\n"}),
         refused="not a LinkedIn data export"),
    Case("zip-empty", "export.zip", lambda: zip_of({}), refused="not a LinkedIn data export"),
    Case("zip-nested-zip", "export.zip", lambda: zip_of({"inner.zip": zip_of({"Connections.csv": connections()})}),
         refused="not a LinkedIn data export"),
    Case("zip-truncated", "export.zip", lambda: zip_of({"Connections.csv": connections() * 50})[:300],
         refused="not a readable zip"),
    Case("zip-bomb", "export.zip", zip_bomb, refused="zip bomb"),
    Case("zip-lying-about-sizes", "export.zip", zip_lying_about_sizes, refused=r"damaged|lies|bomb|not a readable"),
    Case("zip-corrupt-member", "export.zip", zip_corrupt_member, refused=r"damaged|not a readable|could not"),
    Case("zip-unknown-compression", "export.zip", zip_unknown_compression,
         refused=r"compress|not a readable|could not|damaged"),
    Case("zip-password-protected", "export.zip", zip_encrypted, refused="password"),
    Case("zip-over-the-size-limit", "export.zip", lambda: zip_of({"Connections.csv": connections() * 200}),
         refused="would unpack", monkey={(linkedin, "MAX_UNCOMPRESSED_BYTES"): 10_000}),
    # Encodings and separators
    Case("utf16-bom", "contacts.csv",
         lambda: "Name,Email\nZoë Ångström,zoe@example.com\nŁukasz Żółw,lukasz@example.org\n".encode("utf-16"),
         arrive=("Zoë Ångström", "Łukasz Żółw"), rejected_lines=(), check=_check_utf16),
    Case("utf16-le-no-bom", "contacts.csv",
         lambda: "Name,Email\nZoë Ångström,zoe@example.com\nŁukasz Żółw,lukasz@example.org\n".encode("utf-16-le"),
         arrive=("Zoë Ångström", "Łukasz Żółw"), rejected_lines=(), check=_check_utf16),
    Case("windows-1252", "contacts.csv",
         lambda: "Name;Email;Company\r\nZoë Ångström;zoe@example.com;Café Noir\r\n".encode("cp1252"),
         arrive=("Zoë Ångström",), rejected_lines=(), check=_check_cp1252),
    Case("semicolons", "contacts.csv", lambda: CSV_PEOPLE.replace(",", ";").encode(),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=()),
    Case("tabs", "contacts.tsv", lambda: CSV_PEOPLE.replace(",", "\t").encode(),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=()),
    Case("quoted-newlines", "contacts.csv",
         lambda: (b'Name,Email,Notes\nAda Lovelace,ada@example.com,"first line\nsecond line, with a comma"\n'
                  b",,\nBo Chen,bo@example.org,plain\n"),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(4,), check=_check_quoted_newline),
    # Ragged rows: rejected with their line, the rest imported
    Case("row-with-too-many-fields", "contacts.csv",
         lambda: (CSV_PEOPLE + "Cy Extra,cy@example.net,Foxglove,surprise\nDi Fine,di@example.com,Juniper\n").encode(),
         arrive=("Ada Lovelace", "Bo Chen", "Di Fine"), rejected_lines=(4,), reason="values but the header has"),
    Case("first-row-with-too-many-fields", "contacts.csv",
         lambda: (b"Name,Company\nAda Lovelace,Analytical Engines,surprise\nBo Chen,Acme Robotics\n"),
         arrive=("Bo Chen",), rejected_lines=(2,), reason="values but the header has", check=_check_columns_not_shifted),
    # A short row is one whose writer left the empty trailing fields out (Thunderbird): it lands.
    Case("row-with-too-few-fields", "contacts.csv",
         lambda: (CSV_PEOPLE + "Cy Short,cy@example.net\nDi Fine,di@example.com,Juniper\n").encode(),
         arrive=("Ada Lovelace", "Bo Chen", "Cy Short", "Di Fine"), rejected_lines=()),
    Case("linkedin-row-with-too-many-fields", "Connections.csv",
         lambda: connections() + b"Cy,Extra,https://www.linkedin.com/in/cy,cy@example.net,X,Y,01 Jan 2020,surprise\n",
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(7,), reason="values but the header has"),
    # vCards
    Case("vcard-quoted-printable", "contacts.vcf", lambda: vcards(QP_CARD), arrive=("Jürgen Müller",),
         rejected_lines=(), check=_check_qp),
    Case("vcard-broken-card-in-the-middle", "contacts.vcf",
         lambda: vcards(card("Ada Lovelace", "ada@example.com"),
                        "BEGIN:VCARD\nVERSION:3.0\nFN:Broken\nEMAIL;;;:\n::::\nEND:VCARD\n",
                        card("Bo Chen", "bo@example.org")),
         arrive=("Ada Lovelace", "Broken", "Bo Chen"), rejected_lines=(), check=_check_unreadable_lines_noted),
    Case("vcard-missing-end", "contacts.vcf",
         lambda: vcards(card("Ada Lovelace", "ada@example.com", end=False), card("Bo Chen", "bo@example.org")),
         arrive=("Bo Chen",), rejected_lines=(1,), reason="END:VCARD"),
    Case("vcard-missing-end-at-the-end", "contacts.vcf",
         lambda: vcards(card("Ada Lovelace", "ada@example.com"), card("Bo Chen", "bo@example.org", end=False)),
         arrive=("Ada Lovelace",), rejected_lines=(7,), reason="END:VCARD"),
    Case("vcard-yearless-birthdays", "contacts.vcf",
         lambda: vcards(card("Ada Lovelace", "ada@example.com", "BDAY:--0315\n"),
                        card("Bo Chen", "bo@example.org", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-01\n")),
         arrive=("Ada Lovelace", "Bo Chen"), rejected_lines=(), check=_check_birthdays),
    Case("vcard-truncated-first-card", "contacts.vcf", lambda: vcards(card("Ada Lovelace", "ada@example.com"))[:40],
         arrive=(), rejected_lines=(1,), reason="END:VCARD"),
    # Calendars
    Case("ics-no-attendees", "calendar.ics",
         lambda: calendar("UID:a@example.org\nDTSTART:20240105T100000Z\nSUMMARY:Alone\n"),
         rejected_lines=(), check=_check_no_attendees),
    Case("ics-floating-times", "calendar.ics",
         lambda: calendar(
             "UID:f1@example.org\nDTSTART:20240105T233000\nSUMMARY:Late call\nATTENDEE:mailto:keeper@example.com\n",
             "UID:f2@example.org\nDTSTART;VALUE=DATE:20240106\nSUMMARY:All day\nORGANIZER:mailto:keeper@example.com\n"),
         rejected_lines=(), check=_check_floating),
    Case("ics-event-without-start", "calendar.ics",
         lambda: calendar("UID:n@example.org\nSUMMARY:No start\nATTENDEE:mailto:keeper@example.com\n"),
         rejected_lines=(4,), reason="no start date"),
    Case("ics-not-a-calendar", "calendar.ics", lambda: b"BEGIN:VCALENDAR\r\nthis is not ical\r\n",
         refused=r"not a readable calendar|could not"),
    # Mail archives
    Case("mbox-truncated-in-a-body", "mail.mbox", lambda: mbox(3)[: len(mbox(3)) - 30],
         rejected_lines=(), check=_check_truncated_mbox),
    Case("mbox-truncated-in-a-header", "mail.mbox", lambda: mbox(3)[: mbox(3).rfind(b"Date:") + 12],
         check=_check_truncated_mbox),
    Case("mbox-without-messages", "mail.mbox", lambda: b"From \n\n", refused=r"no email messages|no header|empty"),
]
IDS = [c.id for c in CASES]


# ----------------------------------------------------------------------------- fixtures and checks


@pytest.fixture
def kept(tmp_path) -> workbook.Workbook:
    """A workbook that already holds someone; bad input must leave them be."""
    book = workbook.open(tmp_path / "kept.sqlite")
    cid = book.add_contact("Keeper Person", emails="keeper@example.com", company="Steady Co", notes="keep me")
    book.log_interaction(cid, "2023-05-01", "call", "outbound", note="kept call")
    book.tag(cid, "interest", "sailing")
    book.save_reflection("why", "kept answer")
    yield book
    book.close()


def _keeper_rows(book) -> dict:
    d = book.dump()
    cid = _keeper_id(book)
    return {
        "contact": [r for r in d["contacts"] if r["id"] == cid],
        "interactions": [r for r in d["interactions"] if r["contact_id"] == cid and r["source"] == "manual"],
        "tags": [r for r in d["tags"] if r["contact_id"] == cid],
        "reflections": d["reflections"],
    }


def _apply(case: Case, monkeypatch) -> None:
    for (module, name), value in case.monkey.items():
        monkeypatch.setattr(module, name, value)


def _lines_of(report: ImportReport) -> list:
    return sorted((r["line"] for r in report.rejected), key=lambda x: (x is None, x or 0))


def _dates_left_out(book, report: ImportReport, why: str, *, lines: tuple[int, ...] | None = None) -> None:
    """Everyone arrived; each date that could not be read is left out with a note naming its line."""
    c = book.contacts().set_index("full_name")
    undated = [n for n in ("Ada Lovelace", "Bo Chen") if pd.isna(c.loc[n, "connected_on"])]
    notes = [w for w in report.warnings if "Connected On" in w and "left out" in w]
    assert len(notes) == len(undated), report.warnings
    if lines is not None:
        assert [int(re.search(r"line (\d+)", w).group(1)) for w in notes] == list(lines), report.warnings
    assert all(re.search(why, w) for w in notes), notes


def _check_report(case: Case, book, report: ImportReport, kept_before: dict) -> None:
    assert isinstance(report, ImportReport)
    assert report.rows_read == report.rows_imported + report.rows_skipped + len(report.rejected), report.summary()
    for r in report.rejected:
        assert isinstance(r["line"], int) and r["line"] >= 1, r
        assert r["reason"].strip(), r
        if case.reason:
            assert re.search(case.reason, r["reason"]), r
    if case.rejected_lines is not None:
        assert _lines_of(report) == list(case.rejected_lines), report.summary()
    names = set(book.contacts()["full_name"])
    missing = set(case.arrive) - names
    assert not missing, f"{missing} did not arrive:\n{report.summary()}"
    # Nobody is lost silently: a row is imported, skipped with a note, or rejected with its line.
    if report.rows_read and not report.rows_imported:
        assert report.rejected or report.warnings, report.summary()
    assert _keeper_rows(book) == kept_before, "the people already in the workbook were changed"
    assert book.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if case.check:
        case.check(book, report)
    summary = report.summary()
    assert summary and "Traceback" not in summary


# ----------------------------------------------------------------------------- the tests


def test_every_case_has_a_unique_id():
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_input_through_import_file(case, kept, tmp_path, monkeypatch):
    _apply(case, monkeypatch)
    path = tmp_path / case.name
    path.write_bytes(case.make())
    before = kept.dump()
    kept_before = _keeper_rows(kept)
    if case.refused:
        with pytest.raises(ImportRefused, match=case.refused) as info:
            import_file(kept, path)
        assert case.name in str(info.value) or "nothing" in str(info.value).lower()
        assert kept.dump() == before, "a refused file changed the workbook"
        return
    report = import_file(kept, path)
    _check_report(case, kept, report, kept_before)
    # Importing the same file again adds no duplicates.
    counts = kept.counts()
    again = import_file(kept, path)
    assert again.contacts_added == again.interactions_added == again.tags_added == 0, again.summary()
    assert {k: v for k, v in kept.counts().items() if k != "imports"} == \
        {k: v for k, v in counts.items() if k != "imports"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_input_through_import_bytes_gives_the_same_outcome(case, kept, tmp_path, monkeypatch):
    _apply(case, monkeypatch)
    data = case.make()
    before = kept.dump()
    if case.refused:
        with pytest.raises(ImportRefused, match=case.refused):
            import_bytes(kept, case.name, data)
        assert kept.dump() == before
        return
    kept_before = _keeper_rows(kept)
    report = import_bytes(kept, case.name, data)
    _check_report(case, kept, report, kept_before)
    # The same outcome as from a file on disk.
    other = workbook.open(tmp_path / "other.sqlite")
    path = tmp_path / case.name
    path.write_bytes(data)
    cid = other.add_contact("Keeper Person", emails="keeper@example.com", company="Steady Co", notes="keep me")
    other.log_interaction(cid, "2023-05-01", "call", "outbound", note="kept call")
    from_file = import_file(other, path)
    keys = ("format", "rows_read", "rows_imported", "rows_skipped", "contacts_added", "interactions_added", "rejected")
    assert {k: getattr(report, k) for k in keys} == {k: getattr(from_file, k) for k in keys}
    other.close()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_input_through_the_command_line(case, tmp_path, monkeypatch, capsys):
    _apply(case, monkeypatch)
    db = tmp_path / "cli.sqlite"
    book = workbook.open(db)
    cid = book.add_contact("Keeper Person", emails="keeper@example.com")
    book.log_interaction(cid, "2023-05-01", "call", "outbound", note="kept call")
    before = book.dump()
    book.close()
    path = tmp_path / case.name
    path.write_bytes(case.make())
    status = cli.main(["import", str(path), "--db", str(db), "--quiet"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    after = workbook.open(db)
    try:
        if case.refused:
            assert status == 2, (out, err)
            assert err.strip().startswith("workbook import:") and len(err.strip()) > 30, err
            assert after.dump() == before, "a refused file changed the workbook"
        else:
            assert status == 0, (out, err)
            assert f"{case.name} (" in out and re.search(r"\d rows? read", out), out
            for name in case.arrive:
                assert name in set(after.contacts()["full_name"])
            if case.rejected_lines:
                assert "Rejected" in out and all(f"line {n}:" in out for n in case.rejected_lines), out
    finally:
        after.close()


def test_the_command_line_goes_on_after_a_refused_file_and_says_which(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    good = tmp_path / "people.csv"
    good.write_bytes(CSV_PEOPLE.encode())
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    status = cli.main(["import", str(bad), str(good), "--db", str(db), "--quiet"])
    out, err = capsys.readouterr()
    assert status == 2 and "photo.csv" in err and "PNG" in err
    assert {"Ada Lovelace", "Bo Chen"} <= set(workbook.open(db).contacts()["full_name"])


def test_the_command_line_refuses_a_file_that_does_not_exist(tmp_path, capsys):
    status = cli.main(["import", str(tmp_path / "nowhere.csv"), "--db", str(tmp_path / "w.sqlite"), "--quiet"])
    out, err = capsys.readouterr()
    assert status == 2 and "does not exist" in err and "Traceback" not in err


def test_a_folder_is_refused_with_advice(kept, tmp_path):
    before = kept.dump()
    with pytest.raises(ImportRefused, match="folder"):
        import_file(kept, tmp_path)
    assert kept.dump() == before


# ----------------------------------------------------------------------------- the upload page's limit


@pytest.mark.parametrize("files, message", [
    ({"big.csv": CSV_PEOPLE.encode() * 40}, "more than the"),
    ({"a.csv": CSV_PEOPLE.encode() * 15, "b.csv": CSV_PEOPLE.encode() * 15}, "Together these files"),
], ids=["one-file-over-the-limit", "files-together-over-the-limit"])
def test_uploads_over_the_size_limit_are_refused_with_a_message(kept, files, message):
    from workbook.ui.importer import ImporterWidget

    before = kept.dump()
    w = ImporterWidget(kept, max_upload_bytes=3 * 1024)
    w.add_files(files)
    w.import_button.click()
    assert w.messages.kind == "error" and message in w.messages.text
    assert w.reports == []
    assert kept.dump() == before


def test_an_upload_with_one_refused_file_imports_the_others_and_names_the_refused_one(kept):
    from workbook.ui.importer import ImporterWidget

    w = ImporterWidget(kept)
    w.add_files({"photo.csv": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "people.csv": CSV_PEOPLE.encode()})
    w.import_button.click()
    assert [r["name"] for r in w.refused] == ["photo.csv"] and "PNG" in w.refused[0]["reason"]
    assert w.reports[0]["contacts_added"] == 2
    assert w.messages.kind == "warning" and "refused" in w.messages.text
    assert "photo.csv" in w.summary.value


def _upload(name: str, content, size: int = 3) -> dict:
    import datetime as dt

    return {"name": name, "type": "text/csv", "size": size, "content": content,
            "last_modified": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}


@pytest.mark.parametrize("forged", [
    (_upload("x.csv", "Name\nAda Lovelace\n"),),  # text where bytes belong
    (_upload("x.csv", 12345),),  # a number where bytes belong
], ids=["text-content", "number-content"])
def test_a_forged_upload_value_is_refused_with_a_message(kept, forged):
    from workbook.ui.importer import ImporterWidget

    before = kept.dump()
    w = ImporterWidget(kept)
    # Straight into the trait's storage: what a visitor's forged widget state could deliver.
    w.upload._trait_values["value"] = forged
    w.upload._notify_trait("value", (), forged)
    w.import_button.disabled = False
    w.import_button.click()
    assert w.messages.kind == "error" and w.messages.text
    assert kept.dump() == before


# ----------------------------------------------------------------------------- choices that match nobody


def test_map_filters_that_match_nobody_say_so_instead_of_failing(demo_book):
    """Each filter alone matches people; together they may match nobody: an empty map, not a crash."""
    from workbook.ui.mapping import MapView

    view = MapView(demo_book)
    view.circle.value = "inner"
    industries = [v for _, v in view.industry.options if v]
    inner = set(view.map.people.loc[view.map.people["circle"] == "inner", "industry"])
    nobody = next(v for v in industries if v not in inner)
    view.industry.value = nobody
    assert "went wrong" not in view.messages.text, view.messages.text
    assert view.messages.kind != "error", view.messages.text
