"""Property tests: random contact tables written in every format and encoding import back to
the same people; every row read is imported, skipped or rejected; parsers round-trip."""
from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook
from workbook import samples
from workbook.importers import import_bytes
from workbook.importers._common import decode, name_key, parse_dates

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèëöüñçåøÉÖÑ"
LETTERS_WIDE = LETTERS + "ąłśžčřğışŁŽ"  # outside Windows-1252


def _words(alphabet: str, punct: str, max_words: int = 3):
    word = st.text(alphabet=alphabet + punct, min_size=1, max_size=9).filter(lambda w: w[0] in alphabet)
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


@st.composite
def contact_tables(draw, wide: bool = True):
    """1-12 people: unique emails, names and companies with accents and punctuation."""
    alphabet = LETTERS_WIDE if wide else LETTERS
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        first = draw(_words(alphabet, "'-", 2))
        last = draw(_words(alphabet, "'-", 2))
        local = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12))
        rows.append({
            "first_name": first,
            "last_name": last,
            "full_name": f"{first} {last}",
            "email": f"p{i}.{local.strip('.') or 'x'}@{samples.DOMAINS[i % 3]}",
            "company": draw(_words(alphabet + "0123456789", "&.,'-", 3)),
            "position": draw(_words(alphabet, "-", 3)),
        })
    return pd.DataFrame(rows)


def _fresh() -> workbook.Workbook:
    return workbook.open(os.path.join(tempfile.mkdtemp(prefix="wb-prop-"), "w.sqlite"))


WRITERS = {
    "linkedin-connections": (samples.linkedin_connections_bytes, True),
    "google": (samples.google_csv_bytes, True),
    "google-legacy-utf16": (functools.partial(samples.google_csv_bytes, legacy=True), True),
    "outlook-cp1252": (samples.outlook_csv_bytes, False),
    "vcard-2.1": (functools.partial(samples.vcard_bytes, version="2.1"), True),
    "vcard-3.0": (functools.partial(samples.vcard_bytes, version="3.0"), True),
    "vcard-4.0": (functools.partial(samples.vcard_bytes, version="4.0"), True),
    "csv-comma-utf8": (samples.generic_csv_bytes, True),
    "csv-semicolon-bom-crlf": (functools.partial(samples.generic_csv_bytes, delimiter=";", bom=True, newline="\r\n"), True),
    "csv-tab-utf16": (functools.partial(samples.generic_csv_bytes, delimiter="\t", encoding="utf-16"), True),
    "csv-comma-cp1252": (functools.partial(samples.generic_csv_bytes, encoding="cp1252"), False),
}
CSV_COLUMNS = {"full_name": "Name", "email": "Email", "company": "Company", "position": "Position"}


@pytest.mark.parametrize("fmt", list(WRITERS))
@SETTINGS
@given(data=st.data())
def test_random_tables_in_every_format_import_back_to_the_same_people(fmt, data):
    write, wide = WRITERS[fmt]
    people = data.draw(contact_tables(wide=wide))
    kwargs = {"columns": CSV_COLUMNS} if fmt.startswith("csv") else {}
    payload = write(people, **kwargs)
    book = _fresh()
    report = import_bytes(book, "upload", payload)
    got = book.contacts()
    assert report.rejected == []
    assert report.rows_read == len(people) == report.rows_imported
    assert set(zip(got["full_name"], got["emails"], got["company"], got["position"])) == set(
        zip(people["full_name"], people["email"].str.lower(), people["company"], people["position"])
    )
    again = import_bytes(book, "upload", payload)
    assert again.contacts_added == 0 and again.contacts_unchanged == len(people)


@st.composite
def messy_tables(draw):
    """Rows that may lack a name, have a broken email or a broken date; returns (csv, rows, rows rejected,
    rows kept with a value left out)."""
    n = draw(st.integers(0, 25))
    rows, bad, noted = [["Name", "Email", "Connected On"]], 0, 0
    for i in range(n):
        name = draw(st.sampled_from(["", f"Person {i}", f"Zoë {i}, Jr."]))
        email = draw(st.sampled_from(["", f"p{i}@example.com", "not an email", f"P{i}@EXAMPLE.ORG"]))
        date = draw(st.sampled_from(["", "2021-03-04", "15 Mar 2024", "31/31/2021"]))
        rows.append([name, email, date])
        # One bad value never costs the person: only a row with neither name nor address is rejected.
        rejected = not name and email in ("", "not an email")
        bad += rejected
        noted += not rejected and (email == "not an email" or date == "31/31/2021")
    sep = draw(st.sampled_from([",", ";", "\t"]))
    return samples._csv(rows, delimiter=sep).encode(draw(st.sampled_from(["utf-8", "utf-16"]))), n, bad, noted


@SETTINGS
@given(messy_tables())
def test_rows_in_equal_rows_imported_plus_rows_rejected(table):
    payload, n, bad, noted = table
    book = _fresh()
    report = import_bytes(book, "messy.csv", payload)
    assert report.rows_read == n
    assert len(report.rejected) == bad
    assert len([w for w in report.warnings if w.startswith("line ") and "left out" in w]) == noted
    assert report.rows_read == report.rows_imported + report.rows_skipped + len(report.rejected)
    assert report.contacts_added + report.contacts_merged + report.contacts_unchanged == report.rows_imported
    assert len(book.contacts()) == report.contacts_added
    lines = [r["line"] for r in report.rejected]
    assert lines == sorted(lines) and all(2 <= x <= n + 1 for x in lines)


FORMATS = ["%Y-%m-%d", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y, %I:%M %p", "%Y/%m/%d %H:%M:%S UTC",
           "%Y-%m-%d %H:%M:%S UTC", "%b %d, %Y", "%d.%m.%Y"]


@SETTINGS
@given(st.lists(st.tuples(st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)), st.sampled_from(FORMATS)),
                min_size=1, max_size=20))
def test_dates_in_every_supported_format_parse_to_the_same_day(items):
    raw = pd.Series([d.strftime(f) if "%y" not in f else dt.datetime(d.year, d.month, d.day, 9, 5).strftime(f)
                     for d, f in items])
    got = parse_dates(raw)
    expected = [d for d, f in items]
    for (d, f), g in zip(items, got):
        if f == "%m/%d/%y, %I:%M %p":  # two-digit years: pandas puts 69-99 in the 1900s
            assert g.month == d.month and g.day == d.day and g.year % 100 == d.year % 100
        else:
            assert g.date() == d, (f, d, g)
    assert len(got) == len(expected)


def _some_line_is_utf8(data: bytes) -> bool:
    """A Windows-1252 line whose bytes are also valid UTF-8 beyond ASCII ("Â©") is read as UTF-8
    once another line is UTF-8: the one reading files with both kinds of rows cannot avoid."""
    def utf8(line: bytes) -> bool:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return not line.isascii()
    return any(utf8(line) for line in data.split(b"\n"))


_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00\ufeff"),
                max_size=30)


@SETTINGS
@given(st.lists(st.tuples(_LINE, st.booleans()), min_size=1, max_size=12))
def test_lines_in_utf8_and_windows_1252_in_one_file_each_decode_right(lines):
    data, expected = [], []
    for text, western in lines:
        try:
            raw = text.encode("cp1252") if western else text.encode("utf-8")
        except UnicodeEncodeError:
            raw, text = text.encode("utf-8"), text
        if western and (_some_line_is_utf8(raw) or any(b in raw for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))):
            continue
        data.append(raw)
        expected.append(text)
    if not data or data[0].startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return
    blob = b"\n".join(data)
    if _common._looks_utf16(blob[:4096]):
        return
    assert decode(blob).text == "\n".join(expected)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\ufeff"), max_size=200),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252"]))
def test_decoding_round_trips_every_supported_encoding(text, encoding):
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            return
        # Without non-ASCII bytes cp1252 and UTF-8 are the same bytes, so either answer is right.
        undefined = any(b in data for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
        if undefined or _some_line_is_utf8(data):
            return
    elif encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    if encoding == "utf-16" and not text:
        return
    assert decode(data).text == text


@SETTINGS
@given(st.text(max_size=40))
def test_name_keys_ignore_case_accents_and_spacing(name):
    assert name_key(name) == name_key(name.upper().replace(" ", "  ")) or not name.isascii()
    assert name_key(name_key(name)) == name_key(name)


# ----------------------------------------------------------------------------- fast paths agree with the plain way
#
# The importers do per-value work once per distinct value, check whole columns at once, and
# skip row-by-row matching when nobody can match. Each fast path is compared here with the
# plain, value-by-value way it replaces.

import csv  # noqa: E402
import io  # noqa: E402
import unicodedata  # noqa: E402
from unittest import mock  # noqa: E402

import numpy as np  # noqa: E402

from workbook.importers import _common, _merge, linkedin  # noqa: E402
from workbook.importers import decode as decode_module  # noqa: E402
from workbook.importers.report import ImportReport  # noqa: E402

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST_DB = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise stripping (ASCII and Unicode spaces, the separators \x1c-\x1f), NULs,
# accents in two spellings and combining marks on their own.
PIECES = ["a", "Zoë", "Zoe\u0308", "\u0308", " ", "\t", "\n", "\x1f", "\xa0", "\u2003", "\u3000", "\x00", "é", "-", ""]
messy_text = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


def _clean_plainly(v) -> str:
    v = "" if v is None or v != v else str(v)
    return unicodedata.normalize("NFC", v.strip().replace("\x00", ""))


@FAST
@given(st.lists(messy_text, min_size=1, max_size=12), st.booleans())
def test_cleaning_distinct_values_equals_cleaning_each_value(values, as_array):
    values = values + values[:3]  # repeats, as real columns have
    given_values = np.array(values, dtype=object) if as_array else values
    assert _common.clean_strings(given_values) == [_clean_plainly(v) for v in values]


def test_cleaning_values_that_are_not_all_text():
    assert _common.clean_strings([" a ", None, float("nan"), 3, "b\x00"]) == ["a", "", "", "3", "b"]


DATE_POOL = ["15 Mar 2024", " 15 Mar 2024 ", "15 mar 2024", "2023-06-11 15:33:58 UTC", "2023-06-11", "2024-02-30",
             "3/5/26, 1:45 AM", "2023/03/01 19:52:23 UTC", "Mar 2020", "2021", "31/31/2021", "", "  ", "soon",
             "1 Jan 1850", "01 Jan 2090", "2024-01-02T10:00:00Z", "20240105", "05.06.2022", " 2023-06-11",
             "2023-6-11", "2023-06-11x"]


@FAST
@given(st.lists(st.sampled_from(DATE_POOL), min_size=1, max_size=25))
def test_parsing_distinct_dates_equals_parsing_each_date(values):
    raw = pd.Series(values, index=range(100, 100 + len(values)), dtype=object)
    one_by_one = pd.concat([_common._parse_each(raw.iloc[[i]], _common._DATE_FORMATS) for i in range(len(raw))])
    pd.testing.assert_series_equal(_common.parse_dates(raw), one_by_one, check_freq=False)


URL_POOL = ["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/bo-2", "http://LinkedIn.com/in/Ada/?trk=x",
            "https://www.linkedin.com/in/ada/", "https://www.linkedin.com/in/a b", "https://www.linkedin.com/in/x#y",
            "linkedin.com/pub/cy", "", " ", "?", "https://example.com/in/ada", "https://www.linkedin.com/in/\x00",
            "https://www.linkedin.com/in/ZOË"]


# Lists of URLs that all start like canonical ones are the ones the one-go check may accept.
NEAR_CANONICAL = URL_POOL[:2] * 3 + ["https://www.linkedin.com/in/ada/", "https://www.linkedin.com/in/\x00",
                                     "https://www.linkedin.com/in/ZOË", "https://www.linkedin.com/in/a b",
                                     "https://www.linkedin.com/in/x?y", "https://www.linkedin.com/in/\x00https://www.linkedin.com/in/a/"]


@FAST
@given(st.lists(st.sampled_from(URL_POOL), min_size=1, max_size=12)
       | st.lists(st.sampled_from(NEAR_CANONICAL), min_size=1, max_size=4))
def test_checking_a_list_of_linkedin_urls_at_once_equals_normalising_each(urls):
    assert _merge.linkedin_keys(urls) == [_merge.fast_linkedin(u) for u in urls]


@FAST
@given(st.lists(st.sampled_from(["Ada@Example.com", "", "not an email", "a@x.org; b@y.org", "/o=Org/ou=x",
                                 " c@z.net ", "bad@", "x@y.com ::: X@Y.com"]), min_size=1, max_size=10))
def test_cleaning_distinct_email_cells_equals_cleaning_each(cells):
    one_by_one = [_merge.clean_emails([c]) for c in cells]
    joined, bad, exchange = _merge.clean_emails(cells)
    assert joined == [j[0] for j, _, _ in one_by_one] and bad == [b[0] for _, b, _ in one_by_one]
    assert exchange == sum(x for _, _, x in one_by_one)


def _read_rows_plainly(body: str, cols: list[str], keep: list[str], first: int):
    """The csv module row by row: the reference for _read_rows and _csv_record_lines."""
    idx, n = [cols.index(c) for c in keep], len(cols)
    rows, extra, lines, end = [], [], [], 0
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=",")
    for row in reader:
        start, end = end + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        width = len(row)
        while width > n and not row[width - 1].strip():
            width -= 1
        extra.append(f"has {width} values but the header has {n} columns" if width > n else "")
        row = row + [""] * (n - len(row))
        rows.append([row[i] for i in idx])
        lines.append(start + first - 1)
    return [dict(zip(keep, r), _extra=e) for r, e in zip(rows, extra)], lines


cell = st.sampled_from(["a", "", " ", "b c", '"q"', "x,y", "two\nlines", "é"])


@FAST
@given(st.integers(1, 4), st.lists(st.lists(cell, max_size=6), max_size=12), st.data())
def test_reading_rows_in_one_go_equals_the_csv_module_row_by_row(width, records, data):
    cols = [f"c{i}" for i in range(width)]
    keep = data.draw(st.lists(st.sampled_from(cols), min_size=1, unique=True)).copy()
    keep.sort(key=cols.index)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for r in records:
        writer.writerow(r)  # an empty record is a blank line
    body = out.getvalue()
    header = _common.Header(line=2, delimiter=",", columns=cols)
    frame = _common._read_rows(body, ",", cols, keep)
    expected_rows, expected_lines = _read_rows_plainly(body, cols, keep, header.line + 2)
    assert frame.to_dict("records") == expected_rows
    assert _common._csv_record_lines(body, header, len(frame)).tolist() == expected_lines


def _recipients_plainly(m: pd.DataFrame) -> list[tuple[int, str]]:
    """What _recipients replaced: split, explode and normalise row by row with pandas."""
    urls = m["r_urls"]
    multi = pd.Series([("," in u) or (";" in u) or (" " in u) for u in urls.tolist()], index=urls.index, dtype=bool)
    r = pd.concat([urls[~multi], urls[multi].str.split(r"[,;\s]+", regex=True).explode()])
    r = r[r.notna() & (r != "")].map(_merge.fast_linkedin)
    by_name = m.loc[m.index.difference(r.index), "r_names"].str.split(",").explode()
    by_name = by_name[by_name.notna() & (by_name.str.strip() != "")]
    names = by_name.str.strip().map(lambda n: "name:" + _common.name_key(n))
    return list(zip(r.index.tolist() + names.index.tolist(), r.tolist() + names.tolist()))


@FAST
@given(st.lists(st.tuples(
    st.sampled_from(["https://www.linkedin.com/in/ada", "", "linkedin.com/in/Bo, linkedin.com/in/cy", "?",
                     "https://www.linkedin.com/in/ada;", " , ", "http://LinkedIn.com/in/Ada/"]),
    st.sampled_from(["Ada", "", "Zoë Ö, Bob", " , ", "Bo,Cy"])), min_size=1, max_size=15))
def test_recipients_from_distinct_cells_equal_splitting_each_row(cells):
    m = pd.DataFrame(cells, columns=["r_urls", "r_names"], dtype=object)
    pos, keys = linkedin._recipients(m)
    assert list(zip(pos.tolist(), keys.tolist())) == _recipients_plainly(m)


@FAST
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(19000, 19003), st.integers(1, 4), st.integers(0, 1)),
                min_size=1, max_size=30))
def test_grouping_by_conversation_day_and_contact_equals_pandas_groupby(rows):
    conv, day, cid, out = (np.array(c, dtype=np.int64) for c in zip(*rows))
    got = linkedin._per_conversation_day(conv, day, cid, out.astype(np.int8))
    want = (pd.DataFrame({"conv": conv, "day": day, "cid": cid, "out": out})
            .groupby(["conv", "day", "cid"], sort=False).agg(n=("out", "size"), n_out=("out", "sum")).reset_index())
    for c in ("conv", "day", "cid", "n", "n_out"):
        assert got[c].tolist() == want[c].tolist(), c


@pytest.mark.parametrize("data", [
    "Zoë 🙂,x\nline two\n".encode(), "a,b\r\nc,d\r\n".encode(), "bad \ufffd char\n".encode(),
    "Zoë".encode("cp1252") + b"\n", b"\xef\xbb\xbfName\nAda\n", "plain ascii\n".encode(),
])
def test_a_big_file_decoded_lazily_reads_the_same(data, monkeypatch):
    eager = _common.decode(data)
    monkeypatch.setattr(decode_module, "LAZY_DECODE_BYTES", 1)
    lazy = _common.decode(data)
    assert (lazy.text, lazy.encoding, lazy.warnings, lazy.raw) == (eager.text, eager.encoding, eager.warnings, eager.raw)
    assert lazy.head == eager.text[:len(lazy.head)] and eager.text.startswith(lazy.head)


@FAST
@given(st.lists(st.sampled_from(["", "Notes:", "x,y", "First Name,Last Name,Connected On", "é,ü"]), max_size=70))
def test_headers_are_looked_for_in_the_same_first_lines_whether_decoded_or_not(lines):
    text = "\n".join(lines)
    n = _common.HEADER_SEARCH_LINES
    for head in (_common.Decoded(text, "utf-8").head, _common.Decoded(None, "utf-8", raw=text.encode()).head):
        assert head.split("\n")[:n] == text.split("\n", n)[:n]  # the lines find_header always searched
    score = _common.has_all("First Name", "Last Name", "Connected On")
    assert _common.find_header(head, score) == _common.find_header(text, score)


@st.composite
def connections_tables(draw):
    """Connections.csv rows that may share emails or URLs, lack a URL, or be rejected."""
    rows = []
    for i in range(draw(st.integers(1, 15))):
        url = draw(st.sampled_from(["", f"https://www.linkedin.com/in/p{i}", "https://www.linkedin.com/in/same",
                                    f"http://LinkedIn.com/in/P{i}/"]))
        email = draw(st.sampled_from(["", f"p{i}@example.com", "shared@example.com", "not an email"]))
        first = draw(st.sampled_from(["Ada", "Bo", "", "Zoë"]))
        rows.append([first, f"Person{i}", url, email, draw(st.sampled_from(["", "Acme", "Acme Ltd"])), "CEO",
                     draw(st.sampled_from(["15 Mar 2024", "", "31/31/2021"]))])
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    return samples.NOTES_PREAMBLE.encode() + samples._csv([header, *rows]).encode()


def _everything(book) -> tuple:
    c = book.conn
    return tuple(c.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                 for t in ("interactions", "tags")) + (
        c.execute("SELECT id, full_name, first_name, last_name, emails, linkedin_url, company, connected_on, source "
                  "FROM contacts ORDER BY id").fetchall(),)


def _report(r) -> dict:
    return {k: v for k, v in r.to_dict().items() if k != "seconds"}


@FAST_DB
@given(connections_tables(), st.booleans())
def test_the_first_import_into_an_empty_workbook_equals_matching_row_by_row(table, with_messages):
    files = [("Connections.csv", table)]
    if with_messages:
        p = samples.people(6)
        files += [("Connections.csv", samples.linkedin_connections_bytes(p)),
                  ("messages.csv", samples.linkedin_messages_bytes(samples.linkedin_messages(p, 40, strangers=1)))]
    results = []
    for fast in (True, False):
        book = _fresh()
        with mock.patch.object(_merge, "_all_new", side_effect=None if fast else (lambda *a: False),
                               wraps=_merge._all_new if fast else None):
            reports = [_report(import_bytes(book, name, data)) for name, data in files]
        results.append((reports, _everything(book)))
        book.close()
    assert results[0] == results[1]


@FAST_DB
@given(st.lists(st.tuples(st.integers(1, 3), st.sampled_from(["2024-01-02", "2023-12-31", "2024-02-29"]),
                          st.sampled_from(["inbound", "outbound", "mutual"]), st.sampled_from(["", "1 note", "é"])),
                min_size=1, max_size=20))
def test_interactions_passed_as_categoricals_land_as_plain_columns_do(rows):
    from workbook.importers import Context

    frame = pd.DataFrame(rows, columns=["contact_id", "date", "direction", "note"]).assign(
        channel="message", kind="catch-up", source="test",
        external_id=[f"t:{i}" for i in range(len(rows))])
    landed = []
    for categorical in (False, True):
        book = _fresh()
        for n in range(3):
            book.add_contact(f"Person {n}")
        f = frame.astype({c: "category" for c in ("date", "direction", "note")}) if categorical else frame
        with book.transaction():
            _merge.write_interactions(Context(book, ImportReport()), f)
        landed.append(book.conn.execute("SELECT * FROM interactions ORDER BY id").fetchall())
        book.close()
    assert landed[0] == landed[1] and len(landed[0]) == len(rows)


@st.composite
def conversations(draw):
    """Messages between the owner and 4 contacts (sometimes two recipients at once), some drafts."""
    rows = []
    for _ in range(draw(st.integers(1, 30))):
        mine = draw(st.booleans())
        them = draw(st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True)) if mine else [draw(st.integers(0, 3))]
        rows.append((f"conv-{draw(st.integers(0, 3))}", mine, them, draw(st.sampled_from(["2024-01-02", "2024-01-03"])),
                     draw(st.sampled_from(["09:00:00", "23:59:59"])), draw(st.booleans()) and draw(st.booleans())))
    return rows


@FAST_DB
@given(conversations())
def test_messages_become_the_interactions_a_plain_loop_would_make(rows):
    book = _fresh()
    owner = ("Robin Quillfeather", samples.OWNER["url"])
    people = [(f"Person {i}", f"https://www.linkedin.com/in/person-{i}") for i in range(4)]
    cids = [book.add_contact(n, linkedin_url=u) for n, u in people]
    book.set_profile(name=owner[0])
    out = [samples.MESSAGES_HEADER]
    for conv, mine, them, day, time_, draft in rows:
        to = [people[t] for t in them] if mine else [owner]
        sender = owner if mine else people[them[0]]
        out.append([conv, "", sender[0], sender[1], ", ".join(n for n, _ in to), ", ".join(u for _, u in to),
                    f"{day} {time_} UTC", "", "hi", "INBOX", "", "Yes" if draft else "No"])
    report = import_bytes(book, "messages.csv", samples._csv(out).encode())

    groups: dict[tuple, list[int]] = {}  # (conversation, day, contact) -> directions of its messages
    for conv, mine, them, day, _, draft in rows:
        if not draft:
            for t in them:
                groups.setdefault((conv, day, cids[t]), []).append(1 if mine else 0)
    expected = sorted(
        (cid, day, "mutual" if 0 < sum(d) < len(d) else ("outbound" if sum(d) else "inbound"),
         f"{len(d)} LinkedIn message{'s' if len(d) != 1 else ''}")
        for (_, day, cid), d in groups.items())
    got = book.interactions().assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d"))
    assert sorted(zip(got["contact_id"], got["date"], got["direction"].astype(str), got["note"])) == expected
    drafts = sum(r[5] for r in rows)
    assert (report.rows_read, report.rows_imported, report.rows_skipped) == (len(rows), len(rows) - drafts, drafts)
    book.close()


@pytest.mark.parametrize("cid", [[3, 3, 2**61, 3], [1, 2, 1, 2]])
def test_grouping_with_ids_too_far_apart_to_pack_still_equals_pandas_groupby(cid):
    conv, day, out = np.array([0, 0, 1, 0]), np.array([0, 0, 0, 2**40]), np.array([1, 0, 1, 1], dtype=np.int8)
    got = linkedin._per_conversation_day(conv, day, np.array(cid, dtype=np.int64), out)
    want = (pd.DataFrame({"conv": conv, "day": day, "cid": cid, "out": out})
            .groupby(["conv", "day", "cid"], sort=False).agg(n=("out", "size"), n_out=("out", "sum")).reset_index())
    assert {k: v.tolist() for k, v in got.items()} == {c: want[c].tolist() for c in got}


# ---------------------------------------------------------------------------- LinkedIn dates in other languages

_LOCAL_MONTHS = {  # how LinkedIn and common locales write each month, per language
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    "es": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."],
    "pt": ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
    "it": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 12, 31)),
       lang=st.sampled_from(sorted(_LOCAL_MONTHS)), style=st.sampled_from(["plain", "dotted", "de"]))
def test_connected_on_dates_in_other_languages_parse_to_the_same_day(day, lang, style):
    from workbook.importers._common import parse_dates

    month = _LOCAL_MONTHS[lang][day.month - 1]
    text = {"plain": f"{day.day} {month} {day.year}", "dotted": f"{day.day}. {month} {day.year}",
            "de": f"{day.day} de {month} de {day.year}"}[style]
    parsed = parse_dates(pd.Series([text, "15 Mar 2024", "not a date"]))
    assert parsed.iloc[0] == pd.Timestamp(day), text
    assert parsed.iloc[1] == pd.Timestamp("2024-03-15") and pd.isna(parsed.iloc[2])
