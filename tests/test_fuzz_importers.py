"""Fuzz every importer with random and mutated files: the only outcomes are a report or a refusal.

Seeds are the real sample files in data/samples/. Each example flips, truncates, inserts,
deletes or duplicates bytes (or drops tokens that steer a parser: quotes, separators,
``BEGIN:VCARD``, ``From `` lines...), or mutates a LinkedIn zip's member and re-zips it, or is
plain random bytes. Each example imports into a fresh copy of a workbook that already holds
people (so calendars, mail and logs have someone to match) and must:

* return an :class:`~workbook.importers.ImportReport` whose rows add up, or raise
  :class:`~workbook.importers.ImportRefused` with a message, never another exception;
* finish within :data:`HANG_SECONDS` (``signal.alarm``), never hang;
* on refusal leave the workbook byte-for-byte as it was (``book.dump()`` before == after);
  on success keep everyone who was there and pass ``PRAGMA integrity_check``.

``derandomize=True`` keeps the examples the same on every run, so the counts quoted in the
README hold and a failure is reproducible.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import signal
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook
from workbook.importers import FORMATS, ImportRefused, ImportReport, import_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

#: Examples per format (8 formats: 480 imports, well under a minute on two cores).
EXAMPLES = 60
#: An import of a file this small that takes longer than this is a hang.
HANG_SECONDS = 20

#: Seed files per importer format, and the file name the upload would carry.
SEEDS: dict[str, list[str]] = {
    "linkedin": ["linkedin-Connections.csv", "linkedin-Connections-old.csv", "linkedin-export.zip"],
    "google": ["google-contacts.csv", "google-contacts-legacy.csv"],
    "outlook": ["outlook-contacts.csv"],
    "vcard": ["contacts-v21.vcf", "contacts-v30.vcf", "contacts-v40.vcf"],
    "ics": ["calendar.ics"],
    "mbox": ["mail.mbox"],
    "csv": ["contacts-comma.csv", "contacts-semicolon-crlf.csv", "contacts-tab.tsv", "contacts-utf16.csv",
            "contacts-cp1252.csv", "contacts-bad-rows.csv"],
    "interactions-csv": ["interactions.csv"],
}
SEED_BYTES = {name: (SAMPLES / name).read_bytes() for names in SEEDS.values() for name in names}

#: Byte strings that steer parsers: separators, quotes, line ends, encodings' marks, record starts.
TOKENS = [
    b",", b";", b"\t", b'"', b'""', b"\n", b"\r\n", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"\xff", b"\xc3", b"=", b"=\n", b":", b" ", b"\n ", b"BEGIN:VCARD\n", b"END:VCARD\n", b"BEGIN:VEVENT\n",
    b"END:VEVENT\n", b"END:VCALENDAR\n", b"BEGIN:VCALENDAR\n", b"VERSION:2.1\n", b"ENCODING=QUOTED-PRINTABLE:",
    b"From x@example.com Mon Jan  1 00:00:00 2024\n", b"Date: \n", b"Date: Fri, 31 Feb 99999 25:61:00 +9999\n",
    b"DTSTART:99991399T256100\n", b"DTSTART;TZID=Nowhere/Never:20240101T100000\n", b"RRULE:FREQ=SECONDLY\n",
    b"BDAY:--0230\n", b"31/31/2021", b"0000-00-00", b"9999-12-31", b"1 Jan 0001", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n",
    b"<img src=x onerror=alert(1)>", b"=HYPERLINK(1)", b"A" * 70_000, "Zoë Ş".encode("utf-8"),
    "Zoë".encode("cp1252"), "名前".encode("utf-16-le"),
]


class Fuzzed:
    """One fuzzed upload; its repr is short (the seed and the mutations), not the whole file."""

    def __init__(self, name: str, data: bytes, ops: list[str]):
        self.name, self.data, self.ops = name, data, ops

    def __repr__(self) -> str:
        digest = hashlib.sha1(self.data).hexdigest()[:10]
        return f"Fuzzed({self.name!r}, {len(self.data)} bytes sha1 {digest}, ops={self.ops})"


def _mutate(draw, data: bytes, ops: list[str]) -> bytes:
    """Apply one to four byte-level mutations (recorded in ``ops``)."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate", "token"]))
        n = len(buf)
        at = draw(st.integers(0, max(n - 1, 0)))
        ops.append(f"{op}@{at}")
        if op == "flip" and n:
            buf[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del buf[at:]
        elif op == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "delete" and n:
            del buf[at:at + draw(st.integers(1, 64))]
        elif op == "duplicate" and n:
            buf[at:at] = buf[at:at + draw(st.integers(1, 512))]
        elif op == "token":
            buf[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(buf)


def _rezip(draw, data: bytes, ops: list[str]) -> bytes:
    """Mutate one member of a zip (so the archive itself stays readable) and zip it again."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    victim = draw(st.sampled_from(sorted(members)))
    ops.append(f"member {victim.rsplit('/', 1)[-1]}")
    members[victim] = _mutate(draw, members[victim], ops)
    if draw(st.booleans()):
        dropped = draw(st.sampled_from(sorted(members)))
        ops.append(f"drop {dropped.rsplit('/', 1)[-1]}")
        members.pop(dropped)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


@st.composite
def fuzzed_files(draw, fmt: str) -> Fuzzed:
    """A mutated seed of ``fmt``, a re-zipped export with a mutated member, or random bytes."""
    seed = draw(st.sampled_from(SEEDS[fmt]))
    kind = draw(st.sampled_from(["mutate", "mutate", "mutate", "rezip", "random"]))
    ops: list[str] = [kind]
    if kind == "random":
        return Fuzzed(seed, draw(st.binary(max_size=4096)), ops)
    if kind == "rezip" and seed.endswith(".zip"):
        return Fuzzed(seed, _rezip(draw, SEED_BYTES[seed], ops), ops)
    return Fuzzed(seed, _mutate(draw, SEED_BYTES[seed], ops), ops)


# ----------------------------------------------------------------------------- the workbook under test


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A workbook holding the people the calendar, mail and interaction-log samples mention."""
    path = tmp_path_factory.mktemp("fuzz") / "seeded.sqlite"
    book = workbook.open(path)
    from workbook.importers import import_file

    import_file(book, SAMPLES / "google-contacts.csv")
    import_file(book, SAMPLES / "contacts-comma.csv")
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    book.close()
    return path


class Hang(Exception):
    """An import ran past HANG_SECONDS."""


def _alarm(signum, frame):
    raise Hang(f"the import took longer than {HANG_SECONDS} s")


def _scratch_dir(tmp_path_factory, fmt: str) -> Path:
    # Hundreds of tiny workbooks: in memory-backed /dev/shm when there is one (no fsync wait).
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix=f"wb-fuzz-{fmt}-", dir=shm))
    return tmp_path_factory.mktemp(f"fuzz-{fmt}")


def _fresh_copy(seeded: Path, tmp: Path, n: int) -> workbook.Workbook:
    dest = tmp / f"ex-{n}.sqlite"
    shutil.copyfile(seeded, dest)
    return workbook.open(dest)


def _contact_ids(book) -> set[int]:
    return {r[0] for r in book.conn.execute("SELECT id FROM contacts")}


OUTCOMES: dict[str, dict[str, int]] = {}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_importer_format_has_seeds(fmt):
    assert SEEDS.get(fmt), f"no fuzz seeds for the {fmt} importer"


@pytest.mark.parametrize("fmt", FORMATS)
def test_fuzzed_files_give_a_report_or_a_clean_refusal(fmt, seeded, tmp_path_factory):
    tmp = _scratch_dir(tmp_path_factory, fmt)
    counter = iter(range(10**9))
    tally = OUTCOMES.setdefault(fmt, {"report": 0, "refused": 0})

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(upload=fuzzed_files(fmt))
    def run(upload):
        name, data = upload.name, upload.data
        n = next(counter)
        book = _fresh_copy(seeded, tmp, n)
        try:
            before = book.dump()
            ids_before = _contact_ids(book)
            old = signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(HANG_SECONDS)
            try:
                # Forcing the format reaches this importer even when detection is unsure.
                report = import_bytes(book, name, data, format=fmt)
            except ImportRefused as exc:
                signal.alarm(0)
                assert str(exc).strip(), "a refusal must say why"
                assert book.dump() == before, "a refused import changed the workbook"
                tally["refused"] += 1
                return
            except Exception as exc:
                # Not a refusal: say so plainly, and whether the crash at least left the data alone.
                exc.add_note(f"{upload!r} crashed the {fmt} importer instead of a report or ImportRefused; "
                             f"workbook unchanged: {book.dump() == before}")
                raise
            finally:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, old)
            assert isinstance(report, ImportReport)
            assert report.rows_read == report.rows_imported + report.rows_skipped + len(report.rejected)
            assert all(isinstance(r.get("reason"), str) and r["reason"] for r in report.rejected)
            assert ids_before <= _contact_ids(book), "an import lost people who were already there"
            assert book.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tally["report"] += 1
        finally:
            book.close()
            for p in tmp.glob(f"ex-{n}.*"):
                p.unlink(missing_ok=True)

    try:
        run()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done = tally["report"] + tally["refused"]
    print(f"{fmt}: {done} fuzzed files, {tally['report']} reports, {tally['refused']} refusals")
    assert done >= EXAMPLES // 2, f"only {done} fuzzed files reached the {fmt} importer"
