"""The quirk corpus: one file of our own per quirk of a genuine export (tests/fixtures/quirks/README.md).

Each contacts file is imported into an empty workbook and checked field by field: every field of
every contact is compared (what a field must hold, and that every other field stayed empty, so
nothing is invented), plus the tags, the row notes (a value left out, with its line) and the
rejections. Calendars and mail archives are checked for what the parsers return (display names,
organisers) and for the interactions they write.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.importers import ImportRefused, ics, import_bytes, import_file, mbox
from workbook.importers import decode as decode_module
from workbook.importers import fields, generic, google, outlook, vcard, values
from workbook.importers._common import Source, _read_rows, what_was_seen
from workbook.importers.report import ImportReport

QUIRKS = Path(__file__).parent / "fixtures" / "quirks"
FIELDS = ("full_name", "first_name", "last_name", "emails", "phones", "linkedin_url", "company", "position",
          "location", "birthday", "notes", "connected_on")
FAST = settings(max_examples=40, deadline=None)


def _people(book) -> dict[str, dict[str, str]]:
    c = book.contacts()
    out = {}
    for rec in c.to_dict("records"):
        row = {}
        for f in FIELDS:
            v = rec.get(f)
            row[f] = "" if v is None or v != v else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v))
        out[row["full_name"]] = row
    return out


def _tags(book) -> set[tuple[str, str, str]]:
    rows = book.conn.execute(
        "SELECT c.full_name, t.kind, t.text FROM tags t JOIN contacts c ON c.id = t.contact_id").fetchall()
    return {tuple(r) for r in rows}


def P(full_name: str, **kw: str) -> dict[str, str]:
    """A contact as it must be stored: the fields given, every other field empty."""
    return {f: kw.get(f, full_name if f == "full_name" else "") for f in FIELDS}


# (fixture, format, contacts, tags, notes: regexes each matching one warning, rejected lines)
CONTACT_CASES = [
    ("iphone-crcrlf-folded-photo.vcf", "vcard", [
        P("Aurelia Quill", first_name="Aurelia", last_name="Quill", emails="aurelia.quill@example.com",
          phones="+1 (555) 010-4477", company="Tidewater Analytics", position="Data Lead", birthday="--07-30",
          notes="Met at the harbour data meetup"),
        P("Lantern Bicycle Repair", phones="+1 555 010 9001", company="Lantern Bicycle Repair"),
    ], set(), [r"^2 embedded photo"], []),
    ("lotus-notes-profile-vcard.vcf", "vcard", [
        P("Benedetta Marchetti", first_name="Benedetta", last_name="Marchetti",
          emails="benedetta.marchetti@example.com", phones="+39 02 5550 1234", company="Orchard Lane Partners",
          position="Partner"),
        P("Tobenna Okonjo", first_name="Tobenna", last_name="Okonjo", emails="tobenna.okonjo@example.com"),
    ], set(), [], []),
    ("vcard21-declared-charsets.vcf", "vcard", [
        P("山田 花子", first_name="花子", last_name="山田", emails="hanako.yamada@example.com", phones="090-5550-1234",
          company="株式会社サンプル"),
        P("Zoë Ångström", first_name="Zoë", last_name="Ångström", emails="zoe.angstrom@example.com",
          notes="Café owner, Göteborg"),
    ], set(), [], []),
    ("fn-unescaped-commas.vcf", "vcard", [
        P("Lovelace, Ada, PhD", first_name="Ada", last_name="Lovelace", emails="ada.lovelace@example.com",
          company="Engines, Inc.", position="Director, Computing", notes="Met in London, then Paris, in 2019"),
        P("Charles Babbage", first_name="Charles", last_name="Babbage", emails="charles.babbage@example.com"),
    ], set(), [], []),
    ("vcard4-tel-uri-extension.vcf", "vcard", [
        P("Priya Raman", first_name="Priya", last_name="Raman", emails="priya.raman@example.com",
          phones="+1-555-555-0100 ext. 102;+1-555-555-0199"),
    ], set(), [], []),
    ("vcard-mixed-encodings.vcf", "vcard", [
        P("Zoë Ångström", emails="zoe@example.com"),
        P("Jürgen Müller", emails="juergen@example.com", company="Bäckerei Müller"),
        P("Łukasz Żółw", emails="lukasz@example.com"),
    ], set(), [r"not UTF-8 and declare no charset"], []),
    ("vcard-bad-values.vcf", "vcard", [
        P("Mireille Fontaine", emails="mireille@example.com", phones="+33 1 55 50 12 34", company="Fontaine Conseil"),
        P("Osei Mensah", phones="+233 30 555 0101"),
    ], set(), [r"^line 11: the vCard line 'EMAIL;;;:' could not be read",
               r"^line 11: the vCard line 'X-APPLE-STRUCTURED-LOCATION",
               r"^line 1: 'mireille.fontaine@example' is not an email address; 'n/a' is not a phone number; "
               r"birthday '1985-13-45' is not a date; left out"], []),
    ("android-qp-soft-line-breaks.vcf", "vcard", [
        P("Wolfgang Emil Müller", first_name="Wolfgang Emil", last_name="Müller", phones="+49 170 5550123",
          location="München"),
    ], set(), [], []),
    ("vcard-property-order-and-case.vcf", "vcard", [
        P("Dorit Stenberg", first_name="Dorit", last_name="Stenberg", company="Example Corporation",
          location="Redmond", birthday="1963-09-21"),
        P("Casimir Lowe", first_name="Casimir", last_name="Lowe", emails="casimir.lowe@example.com"),
    ], set(), [], []),
    ("google-system-groups-org-only.csv", "google", [
        P("Ingrid Solberg", first_name="Ingrid", last_name="Solberg", emails="ingrid.solberg@example.com",
          phones="+47 555 01 234;+47 555 09 876", company="Fjord Labs", position="CTO", location="Oslo",
          linkedin_url="https://www.linkedin.com/in/ingrid-solberg-example"),
        P("Mateo Ferreira", first_name="Mateo", last_name="Ferreira", emails="mateo.ferreira@example.com"),
        P("Harbourside Dental", phones="+1 555 010 2200", company="Harbourside Dental"),
        P("Keiko Tanabe", first_name="Keiko", last_name="Tanabe", emails="keiko.tanabe@example.com"),
    ], {("Ingrid Solberg", "community", "Oslo Tech Meetup"), ("Keiko Tanabe", "community", "Alumni Network")},
        [r"^line 5: 'keiko.tanabe@example' is not an email address; 'n/a' is not a phone number; "
         r"birthday '1990-02-31' is not a date; left out"], []),
    ("google-legacy-utf16-system-groups.csv", "google", [
        P("Ravi Chandran", first_name="Ravi", last_name="Chandran", emails="ravi.chandran@example.com",
          company="Saffron Systems", position="PM"),
        P("Quayside Printers", phones="+44 20 5550 0101", company="Quayside Printers"),
    ], {("Ravi Chandran", "community", "Product Guild")}, [], []),
    ("outlook-cp1252-bad-values-org-only.csv", "outlook", [
        P("Helena Voss", first_name="Helena", last_name="Voss", emails="helena.voss@example.com",
          phones="+49 40 5550 1100", company="Nordlicht GmbH", position="Head of Research",
          notes="Café chat about Zürich lab", location="Hamburg"),
        P("Brightwater Plumbing", phones="+1 555 010 3300", company="Brightwater Plumbing"),
        P("Samir Haddad", first_name="Samir", last_name="Haddad", emails="samir.haddad@example.com",
          phones="+971 4 555 0199", birthday="1979-05-14"),
    ], {("Helena Voss", "community", "Conference 2024"), ("Helena Voss", "community", "Mentors")},
        [r"^This file is not UTF-8", r"^1 Exchange address",
         r"^line 2: 'helena.voss\(at\)example.com' is not an email address; '4.91555E\+12' is not a phone number "
         r"\(a spreadsheet rounded it\); birthday '31/31/1980' is not a date; left out"], []),
    ("csv-bad-values-keep-the-person.csv", "csv", [
        P("Noor Aziz", phones="+92 21 555 0100", company="Indus Health", birthday="1988-07-12",
          connected_on="2021-04-01"),
        P("Pablo Ortega", emails="pablo.ortega@example.com", company="Mesa Verde Coop"),
        P("Chidi Obi", emails="chidi.obi@example.com", phones="+234 1 555 0123", company="Lagos Makers",
          birthday="--11-02", connected_on="2019-11-20"),
    ], set(), [r"^line 2: 'noor.aziz@@example.com' is not an email address; left out",
               r"^line 3: 'call me' is not a phone number; birthday '13/13/1990' is not a date; "
               r"the date 'sometime in 2020' is not a date; left out"], []),
    ("thunderbird-short-rows.csv", "csv", [
        P("Astrid Lind", first_name="Astrid", last_name="Lind", emails="astrid.lind@example.com;astrid@example.org",
          phones="+46 8 555 0100;+46 70 555 0101", company="Nordic Rail", position="Engineer", location="Uppsala",
          linkedin_url="https://www.linkedin.com/in/astrid-lind-example", birthday="1987-03-15"),
        P("Kwame Asante", emails="kwame.asante@example.com"),
        P("Lucía Gómez", first_name="Lucía", last_name="Gómez", emails="lucia.gomez@example.com",
          phones="+34 600 555 010", company="Olivo Studio", location="Madrid", birthday="--11-02",
          notes="Met at a design sprint"),
    ], set(), [], []),
    ("csv-column-variants.csv", "csv", [
        P("Farah Nasser", emails="farah.nasser@example.com;farah@example.org;f.nasser@example.net",
          phones="+1 555 010 4400;+1 555 010 4401", company="Cedar Analytics"),
    ], set(), [], []),
    ("csv-mixed-latin1-utf8-rows.csv", "csv", [
        P("Zoë Ångström", emails="zoe.angstrom@example.com", company="Café Noir"),
        P("Jürgen Müller", emails="juergen.mueller@example.com", company="Bäckerei Müller"),
        P("Łukasz Żółw", emails="lukasz.zolw@example.com", company="Żabka Design"),
    ], set(), [r"^Some lines of this file are not UTF-8"], []),
]


@pytest.mark.parametrize("fixture, fmt, contacts, tags, notes, rejected", CONTACT_CASES,
                         ids=[c[0] for c in CONTACT_CASES])
def test_each_quirk_file_imports_field_by_field(book, fixture, fmt, contacts, tags, notes, rejected):
    report = import_file(book, QUIRKS / fixture)
    assert report.format == fmt
    assert [r["line"] for r in report.rejected] == rejected
    got = _people(book)
    assert sorted(got) == sorted(p["full_name"] for p in contacts)
    for person in contacts:
        assert got[person["full_name"]] == person  # every field: what must come in, and nothing invented
    assert _tags(book) == tags
    assert len(report.warnings) == len(notes), report.warnings
    for rx, warning in zip(notes, report.warnings):
        assert re.search(rx, warning), (rx, warning)
    again = import_file(book, QUIRKS / fixture)
    assert again.contacts_added == 0 and len(book.contacts()) == len(contacts)


def test_every_quirk_file_is_in_the_readme_and_has_a_case():
    readme = (QUIRKS / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in QUIRKS.iterdir() if p.name != "README.md")
    from test_linkedin_quirks import LINKEDIN_QUIRK_FILES

    tested = ({c[0] for c in CONTACT_CASES} | {"icloud-organizer-email-param.ics", "mbox-display-names.mbox"}
              | set(LINKEDIN_QUIRK_FILES))
    assert files and all(f"`{f}`" in readme for f in files)
    assert set(files) == tested


# ----------------------------------------------------------------------------- calendars and mail


def _with_contacts(book):
    import_file(book, QUIRKS / "iphone-crcrlf-folded-photo.vcf")
    import_file(book, QUIRKS / "lotus-notes-profile-vcard.vcf")
    return {name: cid for cid, name in zip(book.contacts()["contact_id"], book.contacts()["full_name"])}


def test_an_icloud_organizer_in_an_email_parameter_is_the_organizer():
    parsed = ics.parse(Source.of(QUIRKS / "icloud-organizer-email-param.ics"), ImportReport(), lambda *a: None)
    events = parsed["events"]
    assert [(e["organizer"], e["organizer_name"]) for e in events] == [
        ("aurelia.quill@example.com", "Aurelia Quill"), ("robin@example.com", "Robin Example"),
        ("aurelia.quill@example.com", "Aurelia Quill")]
    assert events[1]["attendees"] == [
        ("robin@example.com", "ACCEPTED", "Robin Example"),
        ("benedetta.marchetti@example.com", "NEEDS-ACTION", "Marchetti, Benedetta"),
        ("", "ACCEPTED", "Tobenna Okonjo")]  # no address: the name is all there is to match
    assert parsed["names"] == {"aurelia.quill@example.com": "Aurelia Quill", "robin@example.com": "Robin Example",
                               "benedetta.marchetti@example.com": "Marchetti, Benedetta"}


def test_a_meeting_organised_by_a_contact_counts_as_theirs(book):
    ids = _with_contacts(book)
    report = import_file(book, QUIRKS / "icloud-organizer-email-param.ics")
    got = sorted(zip(book.interactions()["contact_id"], book.interactions()["date"].astype(str),
                     book.interactions()["direction"]))
    assert got == sorted([
        (ids["Aurelia Quill"], "2025-03-10", "inbound"),  # only her EMAIL= parameter names her
        (ids["Benedetta Marchetti"], "2025-04-02", "outbound"),
        (ids["Tobenna Okonjo"], "2025-04-02", "outbound"),  # no address in the invitation: found by his name
        (ids["Aurelia Quill"], "2025-05-05", "inbound"),
        (ids["Benedetta Marchetti"], "2025-05-05", "mutual"),
    ])
    assert report.rows_read == 3 and report.rows_imported == 3


def test_mail_correspondents_keep_their_display_names():
    parsed = mbox.parse(Source.of(QUIRKS / "mbox-display-names.mbox"), ImportReport(), lambda *a: None)
    (l1, s1, to1, _, _, n1, tn1), (l2, s2, to2, _, _, n2, tn2) = parsed["messages"]
    assert (l1, s1, to1, n1, tn1) == (1, "aurelia.quill@example.com", ("robin@example.com",), "Quill, Aurelia",
                                      ("Robin Example",))
    assert (l2, s2, n2) == (10, "robin@example.com", "Robin Example")
    assert list(zip(to2, tn2)) == [("zoe.new@example.org", "Zoë Ångström"),
                                   ("benedetta.marchetti@example.com", "Benedetta Marchetti"),
                                   ("tobenna.okonjo@example.com", "")]
    assert parsed["names"]["zoe.new@example.org"] == "Zoë Ångström"


def test_mail_from_and_to_contacts_is_counted(book):
    ids = _with_contacts(book)
    import_file(book, QUIRKS / "mbox-display-names.mbox")
    got = sorted(zip(book.interactions()["contact_id"], book.interactions()["direction"]))
    assert got == sorted([(ids["Aurelia Quill"], "inbound"), (ids["Benedetta Marchetti"], "outbound"),
                          (ids["Tobenna Okonjo"], "outbound")])


# ----------------------------------------------------------------------------- refusals say what was seen


@pytest.mark.parametrize("module, data, must_say", [
    (google, b"Date,Amount,Description\n2025-01-02,12.50,Coffee\n",
     ["not a Google Contacts CSV", "columns Date, Amount, Description", "First Name"]),
    (outlook, b"Date;Amount;Description\n2025-01-02;12.50;Coffee\n",
     ["not an Outlook contacts CSV", "columns Date, Amount, Description", "E-mail Address"]),
    (generic, b"Date\tAmount\tDescription\n2025-01-02\t12.50\tCoffee\n",
     ["columns Date, Amount, Description", "Display Name", "Primary Email"]),
])
def test_a_refusal_says_what_was_seen_and_what_would_be_accepted(module, data, must_say):
    with pytest.raises(ImportRefused) as err:
        module.parse(Source.of("statement.csv", data), ImportReport(), lambda *a: None)
    for text in must_say:
        assert text in str(err.value)


def test_the_message_for_a_file_no_reader_recognises_says_what_was_seen():
    # For the dispatcher (importers/__init__.py, not this room's): a table, its columns, and what is accepted.
    message = generic.refusal("statement.csv", "Date,Amount,Description\n2025-01-02,12.50,Coffee\n")
    assert "a first line with the columns Date, Amount, Description" in message
    assert all(t in message for t in ("LinkedIn", "Google", "Outlook", "vCard", "Primary Email", "Nothing was imported"))
    assert "'just some words'" in generic.refusal("notes.txt", "just some words\n")


def test_a_vcard_refusal_says_what_was_seen(tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_bytes(b"just a note, not a card\n")
    with pytest.raises(ImportRefused, match=r"no BEGIN:VCARD line; its first line is 'just a note, not a card'"):
        vcard.parse(Source.of(path), ImportReport(), lambda *a: None)


# ----------------------------------------------------------------------------- properties of the new parsers

_PHONE = st.from_regex(r"\+?[0-9][0-9 ()\-]{6,14}[0-9]", fullmatch=True)


@FAST
@given(_PHONE, st.integers(1, 99999))
def test_a_tel_uri_with_an_extension_is_one_phone_with_its_extension(number, ext):
    cleaned, bad = values.clean_phones([f"tel:{number};ext={ext}"])
    assert bad == [""] and cleaned == [f"{' '.join(number.split())} ext. {ext}"]
    assert ";" not in cleaned[0]


@FAST
@given(st.lists(st.one_of(_PHONE, st.sampled_from(["n/a", "-", "call me", "4.47712E+11", ""])), max_size=6))
def test_phone_cells_keep_every_readable_number_and_name_the_first_unreadable(parts):
    cleaned, bad = values.clean_phones([" ::: ".join(parts)])
    good = [p for p in parts if values.clean_phone(p)[0]]
    assert cleaned[0].split(";") == list(dict.fromkeys(" ".join(p.split()) for p in good)) if good else cleaned == [""]
    first_bad = next((values.clean_phone(p)[1] for p in parts if values.clean_phone(p)[1]), "")
    assert bad == [first_bad]


@FAST
@given(st.lists(st.sampled_from(["* myContacts", "* starred", "myContacts", "My Contacts", "Starred", "* Work",
                                 "System Group: My Contacts", "Climbing Club", "Alumni", "Imported on 3/4/21"]),
                max_size=8))
def test_system_groups_never_become_communities(labels):
    tags = values.community_labels(" ::: ".join(labels))
    assert [t for _, t in tags] == list(dict.fromkeys(x for x in labels if x in ("Climbing Club", "Alumni")))


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@FAST
@given(_TEXT, st.sampled_from(["shift_jis", "euc_jp", "iso-8859-1", "cp1252", "koi8_r", "utf-8", "gb2312"]))
def test_a_value_in_its_declared_charset_decodes_to_the_text(text, charset):
    try:
        raw = text.encode(charset)
    except UnicodeEncodeError:
        return
    if charset in ("iso-8859-1", "cp1252") and not raw.isascii():
        try:
            raw.decode("utf-8")
            return  # valid UTF-8 too: taken as UTF-8 (the common lie), so the text is ambiguous
        except UnicodeDecodeError:
            pass
    assert decode_module.decode_value(raw, charset) == text


@FAST
@given(st.lists(st.tuples(_TEXT.filter(lambda t: "\n" not in t and "\r" not in t),
                          st.sampled_from(["shift_jis", "iso-8859-1", "utf-8"])), min_size=1, max_size=5))
def test_cards_with_a_declared_charset_per_value_read_back(entries):
    cards, names = [], []
    for i, (text, charset) in enumerate(entries):
        name = f"{text.strip()} {i}".strip()
        try:
            raw = name.encode(charset)
        except UnicodeEncodeError:
            continue
        if charset == "iso-8859-1" and not raw.isascii():
            try:
                raw.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
        cards.append(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=" + charset.upper().encode() + b":" + raw
                     + b"\r\nEND:VCARD\r\n")
        names.append(name)
    if not cards:
        return
    text, _ = vcard.decode_cards(b"".join(cards))
    got = [line.split(":", 1)[1] for line in text.split("\n") if line.startswith("FN;")]
    assert got == names


@FAST
@given(st.lists(st.sampled_from(["a", "b", ""]), min_size=1, max_size=5), st.integers(0, 4))
def test_short_rows_read_with_the_missing_fields_empty(values_, cut):
    cols = [f"c{i}" for i in range(len(values_))]
    row = values_[:max(1, len(values_) - cut)]
    frame = _read_rows(",".join(row) + "\n", ",", cols, cols)
    if len(row) == 1 and not row[0].strip():
        assert len(frame) == 0  # a blank line is no record
        return
    assert frame["_extra"].tolist() == [""]
    assert [frame[c].iloc[0] for c in cols] == row + [""] * (len(cols) - len(row))


def test_what_was_seen_names_the_columns():
    assert what_was_seen("Date,Amount\n1,2\n") == "a first line with the columns Date, Amount"
    assert "and 3 more" in what_was_seen(",".join(f"c{i}" for i in range(15)))


def test_google_and_outlook_share_one_field_map():
    assert google.contact_rows.__module__ == "workbook.importers.google"
    assert {type(fields.GOOGLE), type(fields.OUTLOOK)} == {fields.FieldMap}
    assert outlook.contact_rows is fields.contact_rows


def test_one_value_check_for_every_contact_importer():
    import pandas as pd

    rows = pd.DataFrame({"full_name": ["A"], "emails": ["a@example"], "phones": ["x"], "birthday": ["soon"],
                         "connected_on": ["later"], "_pos": [0], "_reason": [""]})
    rep = ImportReport()
    out = fields.check_values(rows, rep, lambda ps: [p + 7 for p in ps])
    assert out.loc[0, ["emails", "phones", "birthday", "connected_on"]].tolist() == ["", "", "", ""]
    assert rep.warnings == ["line 7: 'a@example' is not an email address; 'x' is not a phone number; birthday "
                            "'soon' is not a date; the date 'later' is not a date; left out, the rest of the row "
                            "was imported."]
    assert rows.loc[0, "emails"] == "a@example"  # the input is not changed


_NAME_PART = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo"), whitelist_characters=" ,.-'"),
                     min_size=1, max_size=25).filter(lambda t: t.strip(" ,") and t == t.strip())


@FAST
@given(_NAME_PART, _NAME_PART)
def test_unescaped_commas_in_fn_and_org_keep_the_whole_value(name, org):
    import vobject

    text = f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nORG:{org};Dept\nEND:VCARD\n"
    card = vobject.readOne(vcard.prepare_card(text))
    fields_ = vcard._fields(card)
    assert (fields_["full_name"], fields_["company"]) == (name, org)


@FAST
@given(st.lists(st.tuples(_NAME_PART.filter(lambda s: any(c.isalnum() for c in s)),  # a name, not lone quotes
                          st.from_regex(r"[a-z]{1,8}@example\.(com|org)", fullmatch=True)),
                min_size=1, max_size=4, unique_by=lambda t: t[1]))
def test_mail_display_names_come_back_with_their_addresses(people):
    import email.utils

    header = ", ".join(email.utils.formataddr((name, addr)) for name, addr in people)
    # the reader folds spaces and drops the quotes some clients wrap names in
    assert mbox._people(header) == [(addr, " ".join(name.replace('"', " ").split()).strip("'")) for name, addr in people]
