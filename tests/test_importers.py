"""Importers: every sample file and quirk, identity and dedupe, transactions, reports, the CLI.

The sample files in data/samples/ come from workbook/samples.py (seeded, synthetic); the
first test keeps them in step with the generator.
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import workbook
from workbook import samples
from workbook.importers import ImportRefused, cli_main, detect_format, import_bytes, import_file
from workbook.importers import _common, linkedin, mbox
from workbook.importers.report import ImportReport

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
JSON_KEYS = {"format", "rows_read", "contacts_added", "contacts_updated", "contacts_merged",
             "interactions_added", "rejected", "warnings"}


def sample(name: str) -> Path:
    return SAMPLES / name


def people_of(book) -> set[tuple[str, str, str]]:
    c = book.contacts()
    return set(zip(c["full_name"], c["emails"], c["company"]))


def accounted(r: ImportReport) -> bool:
    return r.rows_read == r.rows_imported + r.rows_skipped + len(r.rejected)


# ----------------------------------------------------------------------------- the sample files


def test_committed_samples_match_the_seeded_generator():
    files = samples.sample_files()
    for name, data in files.items():
        assert sample(name).read_bytes() == data, f"{name} differs: run python -m workbook.samples"
    texts = []
    for name, data in files.items():
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                texts += [_common.decode(zf.read(n)).text for n in zf.namelist()]
        elif not name.startswith("refused-"):
            texts.append(_common.decode(data).text)
    texts = [t.replace("\n ", "") for t in texts]  # unfold vCard / iCalendar lines
    domains = {d.lower() for t in texts for d in re.findall(r"@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", t)}
    assert domains and domains <= {"example.com", "example.org", "example.net"}


# file, files to import first, format, rows read, contacts added, interactions added (>=), rejected lines
SAMPLE_CASES = [
    ("linkedin-export.zip", [], "linkedin", 408, 60, 150, []),
    ("linkedin-Connections.csv", [], "linkedin", 20, 20, 0, []),
    ("linkedin-Connections-old.csv", [], "linkedin", 10, 10, 0, []),
    ("google-contacts.csv", [], "google", 20, 20, 0, []),
    ("google-contacts-legacy.csv", [], "google", 8, 8, 0, []),
    ("outlook-contacts.csv", [], "outlook", 8, 8, 0, []),
    ("contacts-v21.vcf", [], "vcard", 3, 3, 0, []),
    ("contacts-v30.vcf", [], "vcard", 6, 6, 0, []),
    ("contacts-v40.vcf", [], "vcard", 3, 3, 0, []),
    ("contacts-comma.csv", [], "csv", 12, 12, 0, []),
    ("contacts-semicolon-crlf.csv", [], "csv", 12, 12, 0, []),
    ("contacts-tab.tsv", [], "csv", 12, 12, 0, []),
    ("contacts-utf16.csv", [], "csv", 12, 12, 0, []),
    ("contacts-cp1252.csv", [], "csv", 12, 12, 0, []),
    # a bad email or date costs only that value, never the person (issue 16): lines 4 and 5 land
    ("contacts-bad-rows.csv", [], "csv", 7, 5, 0, [3, 6]),
    ("calendar.ics", ["google-contacts.csv"], "ics", 17, 0, 13, []),
    ("mail.mbox", ["google-contacts.csv"], "mbox", 22, 0, 10, [None]),
    ("interactions.csv", ["contacts-comma.csv"], "interactions-csv", 13, 0, 10, [12, 13, 14]),
]


@pytest.mark.parametrize("name, first, fmt, rows, added, interactions, rejected_lines", SAMPLE_CASES)
def test_every_sample_imports_as_expected(book, name, first, fmt, rows, added, interactions, rejected_lines):
    for f in first:
        import_file(book, sample(f))
    report = import_file(book, sample(name))
    assert report.format == fmt
    assert report.rows_read == rows
    assert report.contacts_added == added
    assert report.interactions_added >= interactions
    lines = [r["line"] for r in report.rejected]
    if None in rejected_lines:  # mbox: the line number depends on the message; only the count is fixed
        assert len(lines) == len(rejected_lines) and all(isinstance(x, int) for x in lines)
    else:
        assert lines == rejected_lines
    assert accounted(report)
    assert len(book.imports()) == len(first) + 1


@pytest.mark.parametrize("name", [c[0] for c in SAMPLE_CASES])
def test_importing_the_same_file_twice_adds_nothing(book, name):
    first = next(c[1] for c in SAMPLE_CASES if c[0] == name)
    for f in first:
        import_file(book, sample(f))
    import_file(book, sample(name))
    before = book.counts()
    again = import_file(book, sample(name))
    after = book.counts()
    assert again.contacts_added == 0 and again.interactions_added == 0 and again.tags_added == 0
    assert {k: v for k, v in after.items() if k != "imports"} == {k: v for k, v in before.items() if k != "imports"}
    text = again.summary()
    if again.contacts_updated + again.contacts_merged == 0:
        # "Nothing new" only when every row was already there; else what happened to the others.
        clean = again.rows_skipped == 0 and not again.rejected
        assert ("Nothing new" in text) == clean and ("Nothing was added" in text) == (not clean)


@pytest.mark.parametrize("name, what", [
    ("refused-png-renamed.csv", "PNG image"),
    ("refused-empty.csv", "empty"),
    ("refused-no-header.csv", "no header"),
    ("refused-binary.csv", "binary"),
])
def test_files_that_are_not_what_they_claim_are_refused_and_nothing_is_written(book, name, what):
    before = book.counts()
    with pytest.raises(ImportRefused, match=what):
        import_file(book, sample(name))
    assert book.counts() == before


@pytest.mark.parametrize("name, fmt", [
    ("linkedin-export.zip", "linkedin"), ("linkedin-Connections.csv", "linkedin"), ("google-contacts.csv", "google"),
    ("google-contacts-legacy.csv", "google"), ("outlook-contacts.csv", "outlook"), ("contacts-v21.vcf", "vcard"),
    ("calendar.ics", "ics"), ("mail.mbox", "mbox"), ("contacts-tab.tsv", "csv"),
    ("interactions.csv", "interactions-csv"),
])
def test_format_is_detected_by_content_not_by_name(name, fmt):
    assert detect_format("renamed.txt", sample(name).read_bytes()[:65536]) == fmt


def test_explicit_format_that_does_not_fit_is_refused(book):
    with pytest.raises(ImportRefused, match="does not look like a vCard"):
        import_file(book, sample("google-contacts.csv"), format="vcard")
    assert book.is_empty()


# ----------------------------------------------------------------------------- encodings and CSV quirks


@pytest.mark.parametrize("name, encoding", [
    ("contacts-comma.csv", "utf-8"),
    ("contacts-semicolon-crlf.csv", "utf-8-sig"),
    ("contacts-tab.tsv", "utf-8"),
    ("contacts-utf16.csv", "utf-16"),
    ("contacts-cp1252.csv", "cp1252"),
])
def test_one_table_in_every_encoding_and_separator_imports_the_same_people(tmp_path, name, encoding):
    reference = workbook.open(tmp_path / "ref.sqlite")
    import_file(reference, sample("contacts-comma.csv"))
    book = workbook.open(tmp_path / "b.sqlite")
    report = import_file(book, sample(name))
    assert report.encoding == encoding
    assert people_of(book) == people_of(reference)
    # Notes with a newline inside quotes survive every layout.
    assert (book.contacts()["notes"] == "Line one\nline two").sum() == 4
    assert any("Windows-1252" in w for w in report.warnings) == (encoding == "cp1252")


@pytest.mark.parametrize("text, expected", [
    ("Name,Email\r\nAda,ada@example.com\r\n", [("Ada", "ada@example.com")]),
    ("Name;Email\nAda;ada@example.com\n", [("Ada", "ada@example.com")]),
    ("Name\tEmail\nAda\tada@example.com\n", [("Ada", "ada@example.com")]),
    ("\ufeffName,Email\nAda,ada@example.com\n", [("Ada", "ada@example.com")]),
    ('Name,Email,Notes\n"Lovelace, Ada",ADA@Example.COM,"two\nlines"\n', [("Lovelace, Ada", "ada@example.com")]),
    ("Name,Email\n\n\nAda,ada@example.com\n\n", [("Ada", "ada@example.com")]),
])
def test_csv_layouts(book, text, expected):
    import_bytes(book, "t.csv", text.encode("utf-8"))
    assert list(zip(book.contacts()["full_name"], book.contacts()["emails"])) == expected


def test_rejected_line_numbers_count_quoted_newlines_and_blank_lines(book):
    text = 'Name,Email\n"Ada","ada@example.com"\n"Multi\nline\nname",multi@example.com\n\n,\nBob,bob@example\n'
    report = import_bytes(book, "t.csv", text.encode())
    assert [(r["line"], r["reason"]) for r in report.rejected] == [(7, "no name and no email address")]
    # Bob keeps his row; only the address that is not one is left out, with a note naming the line
    assert report.contacts_added == 3
    assert any(w.startswith("line 8: 'bob@example' is not an email address") for w in report.warnings)


def test_bad_rows_are_rejected_but_the_rest_land(book):
    report = import_file(book, sample("contacts-bad-rows.csv"))
    reasons = {r["line"]: r["reason"] for r in report.rejected}
    assert "no name" in reasons[3] and "header has 4 columns" in reasons[6] and set(reasons) == {3, 6}
    assert set(book.contacts()["full_name"]) == {"Good Person", "<img src=x onerror=alert(1)>", "Also Good",
                                                 "Bad Email", "Bad Date"}
    assert [w[:8] for w in report.warnings[:2]] == ["line 4: ", "line 5: "]


def test_html_in_names_is_stored_as_is(book):
    import_file(book, sample("contacts-bad-rows.csv"))
    c = book.contacts().set_index("full_name")
    assert c.loc["<img src=x onerror=alert(1)>", "company"] == "<b>Bold Co</b>"


def test_header_only_file_is_valid_with_nothing_new(book):
    report = import_bytes(book, "empty-table.csv", b"Name,Email,Company\n")
    assert report.rows_read == 0 and not report.changed
    assert "Nothing new" in report.summary()


# ----------------------------------------------------------------------------- LinkedIn


def test_connections_preamble_dates_and_urls(book):
    import_file(book, sample("linkedin-Connections.csv"))
    c = book.contacts()
    first = samples.people(60).iloc[0]
    row = c[c["full_name"] == first["full_name"]].iloc[0]
    assert row["linkedin_url"] == first["linkedin_url"]
    assert row["connected_on"] == pd.Timestamp(first["connected_on"])
    assert row["source"] == "linkedin"
    assert (c["emails"] != "").all()


def test_older_connections_export_without_url_column(book):
    report = import_file(book, sample("linkedin-Connections-old.csv"))
    assert report.contacts_added == 10
    assert (book.contacts()["linkedin_url"] == "").all()


def _messages_csv(rows):
    """rows: (conversation, sender is owner?, day, draft?)."""
    me, them = "https://www.linkedin.com/in/robin-quillfeather", "https://www.linkedin.com/in/ada-example"
    out = [samples.MESSAGES_HEADER]
    for conv, mine, day, draft in rows:
        out.append([conv, "", "Robin Quillfeather" if mine else "Ada Example", me if mine else them,
                    "Ada Example" if mine else "Robin Quillfeather", them if mine else me,
                    f"{day} 10:00:00 UTC", "", "hi", "INBOX", "", "Yes" if draft else "No"])
    return samples._csv(out).encode()


def test_messages_make_one_interaction_per_conversation_per_day_with_direction(book):
    cid = book.add_contact("Ada Example", linkedin_url="https://www.linkedin.com/in/Ada-Example/")
    data = _messages_csv([
        ("c1", True, "2024-01-02", False), ("c1", False, "2024-01-02", False), ("c1", True, "2024-01-02", False),
        ("c1", True, "2024-01-05", False), ("c1", False, "2024-01-09", False), ("c2", True, "2024-01-09", False),
        ("c1", True, "2024-01-10", True),
    ])
    report = import_bytes(book, "messages.csv", data)
    got = book.interactions()[["date", "direction", "note"]].assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d"))
    assert sorted(got.values.tolist()) == [
        ["2024-01-02", "mutual", "3 LinkedIn messages"],
        ["2024-01-05", "outbound", "1 LinkedIn message"],
        ["2024-01-09", "inbound", "1 LinkedIn message"],
        ["2024-01-09", "outbound", "1 LinkedIn message"],
    ]
    assert set(book.interactions()["contact_id"]) == {cid}
    assert (report.rows_read, report.rows_imported, report.rows_skipped) == (7, 6, 1)
    assert any("draft" in w for w in report.warnings)


def test_export_zip_brings_history_profile_and_skills(book):
    book.set_profile(headline="My own words")
    report = import_file(book, sample("linkedin-export.zip"))
    i = book.interactions()
    kinds = i.groupby(["kind", "direction"]).size().to_dict()
    assert kinds[("recommendation", "outbound")] == 3 and kinds[("recommendation", "inbound")] == 2
    assert kinds[("endorsement", "outbound")] == 5 and kinds[("endorsement", "inbound")] == 5
    assert kinds[("invitation", "outbound")] == 6 and kinds[("invitation", "inbound")] == 6
    assert (i[i["channel"] == "message"]["source"] == "linkedin").all()
    p = book.profile().iloc[0]
    assert p["name"] == "Robin Quillfeather" and p["company"] == "Meridian Civic Tech"
    assert p["headline"] == "My own words"  # what the person typed is kept
    assert p["email"] == samples.OWNER["email"]
    t = book.tags()
    skills = set(t[(t["owner"] == "profile") & (t["kind"] == "skill")]["text"])
    assert skills == set(samples.SKILLS[:6])
    assert "Ad_Targeting.csv" not in report.files and "Connections.csv" in report.files


def test_linkedin_files_tolerate_missing_optional_files(book):
    files = linkedin.__dict__  # noqa: F841 - the module is importable on its own
    p = samples.people(5)
    data = samples.zip_bytes({"Connections.csv": samples.linkedin_connections_bytes(p)})
    report = import_bytes(book, "export.zip", data)
    assert report.contacts_added == 5 and report.files == ["Connections.csv"]


def test_recommendations_file_needs_its_name_to_say_given_or_received(book):
    text = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\nAda,X,Co,CTO,Great,01/01/24,VISIBLE\n"
    with pytest.raises(ImportRefused, match="gave or received"):
        import_bytes(book, "recs.csv", text.encode())


def test_zip_that_is_not_a_linkedin_export_is_refused(book):
    data = samples.zip_bytes({"notes.txt": b"hello", "data.csv": b"a,b\n1,2\n"})
    with pytest.raises(ImportRefused, match="not a LinkedIn data export"):
        import_bytes(book, "other.zip", data)


def test_zip_bomb_is_refused_before_extraction(book):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Connections.csv", b"\0" * (40 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="zip bomb"):
        import_bytes(book, "bomb.zip", buf.getvalue())
    assert book.is_empty()


def test_zip_too_large_when_unpacked_is_refused(book, monkeypatch):
    monkeypatch.setattr(linkedin, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = samples.zip_bytes({"Connections.csv": samples.linkedin_connections_bytes(samples.people(30))})
    with pytest.raises(ImportRefused, match="would unpack"):
        import_bytes(book, "big.zip", data)


# ----------------------------------------------------------------------------- Google, Outlook, vCard


def test_google_multi_values_labels_and_birthdays(book):
    import_file(book, sample("google-contacts.csv"))
    c = book.contacts().reset_index(drop=True)
    assert ";" in c.loc[0, "emails"]  # " ::: " split into two addresses
    assert c.loc[1, "birthday"] == "--03-15"
    assert c.loc[0, "notes"] == "Met at the civic data meetup.\nAsked about mentoring."
    t = book.tags()
    assert set(t["kind"]) == {"community"}
    assert not t["text"].str.contains("myContacts").any() and not t["text"].str.startswith("*").any()


def test_google_legacy_utf16(book):
    report = import_file(book, sample("google-contacts-legacy.csv"))
    expected = samples.people(60).iloc[30:38]
    assert report.encoding == "utf-16"
    assert set(book.contacts()["full_name"]) == set(expected["full_name"])
    assert set(book.contacts()["position"]) == set(expected["position"])


def test_outlook_windows_1252_and_exchange_addresses(book):
    report = import_file(book, sample("outlook-contacts.csv"))
    expected = samples.people(60).iloc[38:46]
    assert set(book.contacts()["full_name"]) == set(expected["full_name"])  # accents decoded right
    assert any("Windows-1252" in w for w in report.warnings)
    assert any("Exchange" in w for w in report.warnings)
    assert report.rejected == []


@pytest.mark.parametrize("name, version", [("contacts-v21.vcf", "2.1"), ("contacts-v30.vcf", "3.0"),
                                           ("contacts-v40.vcf", "4.0")])
def test_vcards_of_every_version(book, name, version):
    import_file(book, sample(name))
    v = samples.vcard_people()
    got = book.contacts().set_index("full_name")
    for r in (v.iloc[:3] if version == "2.1" else v.iloc[3:] if version == "4.0" else v).itertuples():
        assert got.loc[r.full_name, "company"] == r.company
        assert r.email.split(";")[0] in got.loc[r.full_name, "emails"]


def test_vcard_21_quoted_printable_charset_and_soft_line_breaks(book):
    raw = sample("contacts-v21.vcf").read_bytes()
    assert b"ENCODING=QUOTED-PRINTABLE" in raw and b"=C3=" in raw and b"=\r\n" in raw
    import_file(book, sample("contacts-v21.vcf"))
    c = book.contacts().reset_index(drop=True)
    assert c.loc[0, "full_name"] == "Zoë Ångström-Núñez"
    assert c.loc[0, "notes"] == samples.vcard_people().iloc[0]["notes"]


def test_vcard_quirks_photos_folding_several_emails_yearless_birthday(book):
    report = import_file(book, sample("contacts-v30.vcf"))
    c = book.contacts().reset_index(drop=True)
    assert c.loc[0, "birthday"] == "--04-12"
    assert len(c.loc[1, "emails"].split(";")) == 2
    assert c.loc[2, "notes"].startswith("Long note that goes on") and "; with a comma, too." in c.loc[2, "notes"]
    assert any("3 embedded photo" in w for w in report.warnings)


def test_broken_vcard_is_rejected_alone(book):
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Good\nEMAIL:ada@example.com\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:No End\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Good\nEND:VCARD\n")
    report = import_bytes(book, "x.vcf", text.encode())
    assert [r["line"] for r in report.rejected] == [6]
    assert set(book.contacts()["full_name"]) == {"Ada Good", "Bob Good"}


@pytest.mark.parametrize("raw, expected", [
    ("1985-03-15", "1985-03-15"), ("19850315", "1985-03-15"), ("--0315", "--03-15"), ("--03-15", "--03-15"),
    ("1604-03-15", "--03-15"), ("3/15/1985", "1985-03-15"), ("0/0/00", ""), ("", ""), ("1985-02-30", None),
])
def test_birthdays(raw, expected):
    assert _common.normalise_birthday(raw) == expected


# ----------------------------------------------------------------------------- calendar and mail


def test_calendar_meetings_become_interactions_with_direction_and_channel(book):
    import_file(book, sample("google-contacts.csv"))
    report = import_file(book, sample("calendar.ics"))
    i = book.interactions()
    assert set(i["source"]) == {"ics"}
    assert set(i["channel"]) == {"video", "meeting"}
    assert set(i["direction"]) == {"inbound", "outbound"}
    assert report.rows_skipped == 4  # cancelled, declined, far future, strangers
    assert not (i["note"] == "Cancelled").any()


@pytest.mark.parametrize("chunk", [64, 1000, mbox.CHUNK])
def test_mbox_is_streamed_and_gives_the_same_result_at_any_chunk_size(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(mbox, "CHUNK", chunk)
    book = workbook.open(tmp_path / "b.sqlite")
    import_file(book, sample("google-contacts.csv"))
    report = import_file(book, sample("mail.mbox"))
    assert report.rows_read == 22 and report.interactions_added == 20
    assert report.rejected[0]["reason"].startswith("the Date header")
    line = report.rejected[0]["line"]
    assert sample("mail.mbox").read_text().split("\n")[line - 1].startswith("From ")
    assert set(book.interactions()["direction"]) == {"inbound", "outbound"}


def test_mbox_body_lines_starting_with_from_do_not_split_messages():
    data = sample("mail.mbox").read_bytes()
    blocks = list(mbox.split_messages(io.BytesIO(data)))
    assert len(blocks) == 22
    assert all(b.startswith(b"From ") for _, b in blocks)


def test_interaction_log_csv(book):
    import_file(book, sample("contacts-comma.csv"))
    report = import_file(book, sample("interactions.csv"))
    i = book.interactions()
    assert set(i["channel"]) == {"call", "meeting", "email"}  # coffee -> meeting
    assert set(i["kind"]) == {"catch-up", "support-given", "referral-received"}
    assert "inbound" in set(i["direction"])  # "in" -> inbound
    assert {r["line"] for r in report.rejected} == {12, 13, 14}


# ----------------------------------------------------------------------------- identity and dedupe


@pytest.mark.parametrize("first, second, second_name, rule", [
    ({"Email": "Ada@Example.com"}, {"Email": " ada@example.COM ", "Position": "Analyst"}, "Ada Lovelace",
     "same email"),
    ({"LinkedIn": "https://www.linkedin.com/in/ada-l"},
     {"LinkedIn": "http://linkedin.com/in/Ada-L/?trk=x", "Position": "Analyst"}, "Ada Lovelace", "same LinkedIn URL"),
    ({"LinkedIn": "https://www.linkedin.com/in/jos%C3%A9-l"},
     {"LinkedIn": "https://es.linkedin.com/in/José-L/", "Position": "Analyst"}, "Ada Lovelace", "same LinkedIn URL"),
    ({"Email": "ada@work.example.com", "Company": "Engines Ltd"}, {"Company": "ENGINES", "Position": "CTO"},
     "Ada  Lovelace", "same name and company"),
    ({"Phone": "+44 20 7946 0018"}, {"Phone": "020 7946 0018", "Company": "Engines"}, "ADA LOVELACE",
     "same name and phone"),
    ({"City": "Leeds", "Email": "ada@example.com"}, {"City": "Leeds, UK", "Company": "Engines"}, "Ada Lovelace",
     "same name and city"),
    ({"Email": "ada@work.example.com", "Company": "Engines Ltd"}, {"Company": "ENGINES", "Position": "CTO"},
     "Ada Lovelase", "similar name at the same company"),
])
def test_the_same_person_across_sources_is_merged(book, first, second, second_name, rule):
    def csv_of(fields, name):
        cols = ["Name", *fields]
        return samples._csv([cols, [name, *fields.values()]]).encode()

    import_bytes(book, "a.csv", csv_of(first, "Ada Lovelace"))
    book.update_contact(book.contacts()["contact_id"][0], source="google")
    report = import_bytes(book, "b.csv", csv_of(second, second_name))
    assert len(book.contacts()) == 1
    assert report.contacts_merged == 1 and report.merges[0]["rule"] == rule


@pytest.mark.parametrize("second", [
    "Name,Email,Company\nAda Lovelace,ada@home.example.org,Engines\n",    # same name and company, other email
    "Name,Email,Company\nAda Lovelase,ada@home.example.org,Engines\n",    # similar name, same company, other email
    "Name,LinkedIn,Company\nAda Lovelace,linkedin.com/in/someone-else,Engines\n",  # another profile
    "Name,Phone,City\nAda Lovelace,+1 555 0199 2222,Leeds\n",              # same city, another phone
])
def test_same_name_people_with_different_addresses_stay_two(book, second):
    import_bytes(book, "a.csv", b"Name,Email,Company,LinkedIn,Phone,City\n"
                                b"Ada Lovelace,ada@example.com,Engines,linkedin.com/in/ada,+44 20 7946 0018,Leeds\n")
    report = import_bytes(book, "b.csv", second.encode())
    assert report.contacts_added == 1 and len(book.contacts()) == 2


@pytest.mark.parametrize("second", [
    "Name,Email,Company\nAda Lovelace,other@example.org,Different Co\n",   # same name, other company
    "Name,Email,Company\nAdam Lovelock,other@example.org,Engines\n",       # other name, same company
    "Name,Company\nAda Lovelace,\n",                                        # no company to confirm
])
def test_fuzzy_matching_is_conservative(book, second):
    import_bytes(book, "a.csv", b"Name,Email,Company\nAda Lovelace,ada@example.com,Engines\n")
    report = import_bytes(book, "b.csv", second.encode())
    assert report.contacts_added == 1 and len(book.contacts()) == 2


def test_two_people_with_similar_names_in_one_file_are_not_fused(book):
    text = "Name,Email,Company\nAnn Lee,ann@example.com,Acme\nAnne Lee,anne@example.com,Acme\n"
    report = import_bytes(book, "t.csv", text.encode())
    assert report.contacts_added == 2


def test_the_same_person_twice_in_one_file_is_merged(book):
    text = "Name,Email,Phone\nAda,ada@example.com,\nAda L.,ADA@example.com,+1 555\n"
    report = import_bytes(book, "t.csv", text.encode())
    assert (report.contacts_added, report.contacts_merged) == (1, 1)
    assert book.contacts().loc[0, "phones"] == "+1 555"


def test_a_later_import_updates_company_and_position_but_keeps_notes_tags_and_circle(book):
    p = samples.people(3)
    import_bytes(book, "Connections.csv", samples.linkedin_connections_bytes(p))
    cid = int(book.contacts()["contact_id"][0])
    book.update_contact(cid, notes="Loves chess", circle="close")
    book.tag(cid, "interest", "chess")
    moved = p.assign(company=["New Co", p["company"][1], p["company"][2]], position=["CEO", p["position"][1], p["position"][2]])
    report = import_bytes(book, "Connections.csv", samples.linkedin_connections_bytes(moved))
    assert (report.contacts_updated, report.contacts_unchanged, report.contacts_added) == (1, 2, 0)
    c = book.contact(cid)
    assert (c["company"], c["position"], c["notes"], c["circle"]) == ("New Co", "CEO", "Loves chess", "close")
    assert "chess" in set(book.tags()["text"])


# ----------------------------------------------------------------------------- transactions and reports


def test_an_import_is_all_or_nothing(book, monkeypatch):
    import workbook.importers.linkedin as li

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(li, "write_interactions", boom)
    with pytest.raises(RuntimeError):
        import_file(book, sample("linkedin-export.zip"))
    assert book.counts()["contacts"] == 0 and book.counts()["imports"] == 0
    assert book.profile().iloc[0]["name"] == ""


def test_report_json_has_the_documented_keys_and_summary_reads_plainly(book):
    report = import_file(book, sample("contacts-bad-rows.csv"))
    d = json.loads(report.to_json())
    assert JSON_KEYS <= set(d)
    assert all(set(r) >= {"line", "reason"} for r in d["rejected"])
    text = report.summary()
    assert "5 new contacts" in text and "line 3: no name" in text
    logged = json.loads(book.imports().iloc[0]["report"])
    assert logged["contacts_added"] == 5


def test_progress_is_reported_from_zero_to_one(book):
    seen = []
    import_file(book, sample("linkedin-export.zip"), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(isinstance(m, str) and m for _, m in seen)


def test_mbox_uploads_work_from_bytes(book):
    import_file(book, sample("google-contacts.csv"))
    report = import_bytes(book, "mail.mbox", sample("mail.mbox").read_bytes())
    assert report.interactions_added == 20


def test_a_larger_export_keeps_its_accounts(book):
    files = samples.benchmark_files(n_connections=2000, n_messages=12000)
    r1 = import_bytes(book, "Connections.csv", files["Connections.csv"])
    r2 = import_bytes(book, "messages.csv", files["messages.csv"])
    assert r1.contacts_added == 2000 and accounted(r1) and accounted(r2)
    assert r2.rows_imported == 12000 and r2.interactions_added == len(book.interactions())
    assert book.interactions().groupby(["contact_id", "date"]).size().max() >= 1


# ----------------------------------------------------------------------------- command line


def test_cli_imports_and_prints_json(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    code = cli_main([str(sample("contacts-bad-rows.csv")), "--db", str(db), "--json"])
    out = capsys.readouterr()
    assert code == 0
    d = json.loads(out.out)
    assert JSON_KEYS <= set(d) and d["contacts_added"] == 5 and len(d["rejected"]) == 2
    assert "%" in out.err  # the progress bar goes to stderr
    assert len(workbook.open(db).contacts()) == 5


def test_cli_refuses_with_status_2_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    code = cli_main([str(sample("refused-png-renamed.csv")), "--db", str(db), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "PNG image" in err
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_cli_several_files_default_db_and_format_option(tmp_path, capsys, monkeypatch):
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("WORKBOOK_DB", str(db))
    code = cli_main(["import", str(sample("google-contacts.csv")), str(sample("calendar.ics")), "--json", "--quiet"])
    reports = json.loads(capsys.readouterr().out)
    assert code == 0 and [r["format"] for r in reports] == ["google", "ics"]
    assert cli_main([str(sample("google-contacts.csv")), "--format", "google", "--quiet"]) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert db.exists()


def test_files_read_whole_are_refused_above_the_size_cap(book):
    before = book.counts()
    with pytest.raises(ImportRefused, match=r"files over 0 MB are refused.*--max-size") as caught:
        import_file(book, sample("google-contacts.csv"), max_bytes=100)
    assert "google-contacts.csv" in str(caught.value)
    assert book.counts() == before
    # mbox streams and a zip is checked member by member: neither is capped.
    assert import_file(book, sample("mail.mbox"), max_bytes=100).rows_read > 0
    assert import_file(book, sample("linkedin-export.zip"), max_bytes=100).contacts_added > 0


def test_cli_max_size_refuses_a_big_csv_and_rejects_nonsense(tmp_path, capsys):
    big = tmp_path / "big.csv"
    rows = "".join(f"Person {i},person{i}@example.com\n" for i in range(60_000))
    big.write_text("Name,E-mail Address\n" + rows, encoding="utf-8")
    assert big.stat().st_size > 1024 * 1024
    db = tmp_path / "w.sqlite"
    assert cli_main(["import", str(big), "--db", str(db), "--max-size", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "big.csv is 2 MB; files over 1 MB are refused" in err
    from workbook.store import Workbook

    with Workbook(db) as b:
        assert b.counts()["contacts"] == 0
    assert cli_main(["import", str(big), "--db", str(db), "--max-size", "5", "--quiet"]) == 0
    with Workbook(db) as b:
        assert b.counts()["contacts"] == 60_000
    with pytest.raises(SystemExit):
        cli_main(["import", str(big), "--db", str(db), "--max-size", "0"])


def test_a_french_linkedin_export_keeps_every_connection_and_its_date(book, tmp_path):
    english = sample("linkedin-Connections.csv").read_text(encoding="utf-8")
    months = {"Jan": "janv.", "Feb": "févr.", "Mar": "mars", "Apr": "avr.", "May": "mai", "Jun": "juin",
              "Jul": "juil.", "Aug": "août", "Sep": "sept.", "Oct": "oct.", "Nov": "nov.", "Dec": "déc."}
    french = re.sub(r",(\d{2}) ([A-Z][a-z]{2}) (\d{4})$", lambda m: f",{m[1]} {months[m[2]]} {m[3]}", english,
                    flags=re.M)
    assert french != english and "févr." in french
    path = tmp_path / "Connections.csv"
    path.write_text(french, encoding="utf-8")
    report = import_file(book, path)
    reference = import_file(workbook.open(tmp_path / "english.sqlite"), sample("linkedin-Connections.csv"))
    assert report.contacts_added == reference.contacts_added and not report.rejected
    dates = book.contacts().set_index("linkedin_url")["connected_on"]
    assert dates.notna().sum() == reference.contacts_added
    assert dates["https://www.linkedin.com/in/rafael-moreau-0000"] == pd.Timestamp("2015-02-13")
