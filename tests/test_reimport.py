"""Importing a file again adds nothing, for every format and every contact; same-name people stay apart.

Generated address books carry their truth: every row is labelled with the person it describes
(a Google label, so a community tag ``t<person>``), and after an import the tags say how many
true people were *found* (got a contact of their own), *fused* (shared a contact with another
person: invented identity) and *split* (spread over several contacts: invented people).
"""
from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import workbook
from workbook import samples
from workbook.core.text import name_key
from workbook.importers import import_bytes, import_file

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# file, files imported first (the people the history is about)
SAMPLE_FILES = [
    ("linkedin-export.zip", []),
    ("linkedin-Connections.csv", []),
    ("linkedin-Connections-old.csv", []),
    ("google-contacts.csv", []),
    ("google-contacts-legacy.csv", []),
    ("outlook-contacts.csv", []),
    ("contacts-v21.vcf", []),
    ("contacts-v30.vcf", []),
    ("contacts-v40.vcf", []),
    ("contacts-comma.csv", []),
    ("contacts-semicolon-crlf.csv", []),
    ("contacts-tab.tsv", []),
    ("contacts-utf16.csv", []),
    ("contacts-cp1252.csv", []),
    ("contacts-bad-rows.csv", []),
    ("calendar.ics", ["google-contacts.csv"]),
    ("calendar.ics", ["linkedin-Connections-old.csv"]),
    ("mail.mbox", ["google-contacts.csv"]),
    ("mail.mbox", ["linkedin-export.zip"]),
    ("interactions.csv", ["contacts-comma.csv"]),
]


# ----------------------------------------------------------------------------- generated address books


def address_book(n: int, seed: int = 7) -> pd.DataFrame:
    """About ``n`` Google rows describing fewer people, with the quirks of a real address book.

    Most people have no LinkedIn URL and many no email; some have nothing but a name; some names
    are shared by different people with different emails (or different phones); some people are
    entered twice (sharing a phone, an email or a company). Column ``truth`` names the person.
    """
    rng = random.Random(seed)
    firsts, lasts = samples.FIRST_NAMES, samples.LAST_NAMES
    rows: list[dict] = []
    person = 0

    def new_person(first: str, last: str, **force) -> dict:
        nonlocal person
        person += 1
        k = person
        r = {
            "truth": k, "first_name": first, "last_name": last,
            "email": f"{samples.slug(first)}.{samples.slug(last)}.{k}@{samples.DOMAINS[k % 3]}"
            if rng.random() < 0.4 else "",
            "phone": f"+44 20 7946 {k:04d}" if rng.random() < 0.5 else "",
            "company": rng.choice(samples.COMPANIES) if rng.random() < 0.45 else "",
            "position": rng.choice(samples.POSITIONS) if rng.random() < 0.3 else "",
            "city": rng.choice(samples.CITIES) if rng.random() < 0.35 else "",
            "linkedin_url": f"https://www.linkedin.com/in/{samples.slug(first + ' ' + last)}-{k:05d}"
            if rng.random() < 0.05 else "",
            "notes": "", "birthday": "",
        }
        if rng.random() < 0.06:  # nothing but a name
            r.update(email="", phone="", company="", city="", linkedin_url="", position="")
        r.update(force)
        return r

    while len(rows) < n:
        first, last = rng.choice(firsts), rng.choice(lasts) + ("" if rng.random() < 0.5 else f"-{rng.randint(1, 60)}")
        roll = rng.random()
        if roll < 0.06:  # two people, one name, different emails
            for _ in range(2):
                rows.append(new_person(first, last, email=f"{samples.slug(first)}.{person + 1}@example.org"))
        elif roll < 0.09:  # two people, one name, different phones, nothing else
            for _ in range(2):
                rows.append(new_person(first, last, email="", company="", city="", linkedin_url="",
                                       phone=f"+1 555 01{person % 100:02d} {person:04d}"))
        elif roll < 0.13:  # one person entered twice: the second entry shares one detail
            r = new_person(first, last)
            shared = rng.choice([f for f in ("email", "phone", "company") if r[f]] or ["phone"])
            if not r[shared]:
                r["phone"] = f"+44 20 7946 {r['truth']:04d}"
            twin = {**r, **{f: "" for f in ("email", "phone", "company", "city", "position") if f != shared}}
            rows += [r, twin]
        else:
            rows.append(new_person(first, last))
    return pd.DataFrame(rows[:n])


def google_bytes(rows: pd.DataFrame) -> bytes:
    p = rows.assign(labels=[[f"t{t}"] for t in rows["truth"]])
    return samples.google_csv_bytes(p)


def truth_of(book) -> dict[str, float]:
    """found / fused / split counts from the ``t<person>`` tags (see the module docstring)."""
    t = book.tags()
    t = t[(t["owner"] == "contact") & t["text"].str.fullmatch(r"t\d+")]
    people_of: dict[int, set[str]] = defaultdict(set)
    contacts_of: dict[str, set[int]] = defaultdict(set)
    for cid, text in zip(t["contact_id"], t["text"]):
        people_of[int(cid)].add(text)
        contacts_of[text].add(int(cid))
    fused = {p for ps in people_of.values() if len(ps) > 1 for p in ps}
    return {
        "people": len(contacts_of),
        "contacts": len(people_of),
        "found": sum(1 for p, cs in contacts_of.items() if p not in fused),
        "fused": len(fused),
        "split": sum(len(cs) - 1 for cs in contacts_of.values()),
    }


def counts(book) -> dict[str, int]:
    return {k: v for k, v in book.counts().items() if k != "imports"}


def fused_apart(book, rows: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs of people sharing one contact although their emails or LinkedIn URLs differ (must be none)."""
    by_truth = rows.drop_duplicates("truth").set_index("truth")
    t = book.tags()
    t = t[(t["owner"] == "contact") & t["text"].str.fullmatch(r"t\d+")]
    bad = []
    for _, texts in t.groupby("contact_id")["text"]:
        people = sorted(int(x[1:]) for x in texts)
        for a, b in zip(people, people[1:]):
            ra, rb = by_truth.loc[a], by_truth.loc[b]
            if (ra["email"] and rb["email"] and ra["email"] != rb["email"]) or (
                    ra["linkedin_url"] and rb["linkedin_url"] and ra["linkedin_url"] != rb["linkedin_url"]):
                bad.append((a, b))
    return bad


# ----------------------------------------------------------------------------- every sample file


@pytest.mark.parametrize("name, first", SAMPLE_FILES, ids=[f"{n}-after-{'+'.join(f) or 'nothing'}"
                                                           for n, f in SAMPLE_FILES])
def test_every_sample_imported_twice_adds_nothing_the_second_time(book, name, first):
    for f in first:
        import_file(book, SAMPLES / f)
    import_file(book, SAMPLES / name)
    before = counts(book)
    again = import_file(book, SAMPLES / name)
    assert (again.contacts_added, again.interactions_added, again.tags_added) == (0, 0, 0)
    assert counts(book) == before
    assert again.rows_read == again.rows_imported + again.rows_skipped + len(again.rejected)


# ----------------------------------------------------------------------------- generated address books


def test_a_google_file_of_thousands_reimported_adds_nobody_and_keeps_people_apart(book):
    rows = address_book(3000)
    assert (rows["email"] == "").mean() > 0.5 and (rows["linkedin_url"] == "").mean() > 0.9
    data = google_bytes(rows)
    first = import_bytes(book, "contacts.csv", data)
    assert first.rows_read == 3000 and not first.rejected
    truth = truth_of(book)
    again = import_bytes(book, "contacts.csv", data)
    assert (again.contacts_added, again.contacts_merged, again.contacts_updated) == (0, 0, 0)
    assert truth_of(book) == truth
    # Every person entered twice sharing a detail became one contact (nobody invented) ...
    assert truth["split"] == 0
    # ... and no contact holds two people whose addresses differ; what remains fused are
    # same-name people the file gives nothing to tell apart (a bare name twice, or one city).
    assert fused_apart(book, rows) == []
    assert truth["found"] >= 0.99 * truth["people"]


def test_two_files_of_one_address_book_imported_in_turn_then_again(book):
    rows = address_book(1200, seed=11)
    a, b = rows.iloc[::2], rows.iloc[1::2]
    import_bytes(book, "a.csv", google_bytes(a))
    import_bytes(book, "b.csv", google_bytes(b))
    truth = truth_of(book)
    assert fused_apart(book, rows) == []
    for name, part in (("a.csv", a), ("b.csv", b), ("all.csv", rows)):
        again = import_bytes(book, name, google_bytes(part))
        assert again.contacts_added == 0, name
    assert truth_of(book)["contacts"] == truth["contacts"]


@pytest.mark.parametrize("writer", [
    lambda p: samples.outlook_csv_bytes(p),
    lambda p: samples.vcard_bytes(p, version="3.0"),
    lambda p: samples.vcard_bytes(p, version="2.1"),
    lambda p: samples.generic_csv_bytes(p.assign(full_name=p["first_name"] + " " + p["last_name"]), columns={
        "full_name": "Name", "email": "Email", "phone": "Phone", "company": "Company", "city": "City"}),
], ids=["outlook", "vcard-3.0", "vcard-2.1", "csv"])
def test_generated_files_of_other_formats_reimported_add_nobody(book, writer):
    rows = address_book(600, seed=5)
    data = writer(rows)
    name = "people.vcf" if data.startswith(b"BEGIN:VCARD") else "people.csv"
    first = import_bytes(book, name, data)
    assert first.contacts_added > 0
    before = counts(book)
    again = import_bytes(book, name, data)
    assert again.contacts_added == 0 and counts(book) == before


def test_a_linkedin_export_then_google_then_both_again(book):
    p = samples.people(80)
    li = samples.linkedin_connections_bytes(p, emails=False)
    g = samples.google_csv_bytes(p.iloc[:40].assign(linkedin_url="", email=""))
    import_bytes(book, "Connections.csv", li)
    merged = import_bytes(book, "google.csv", g)
    # Google rows carry the name and company LinkedIn has: joined, not added.
    assert merged.contacts_added == 0 and merged.contacts_merged == 40
    assert {m["rule"] for m in merged.merges} == {"same name and company"}
    for name, data in (("Connections.csv", li), ("google.csv", g)):
        assert import_bytes(book, name, data).contacts_added == 0
    assert len(book.contacts()) == 80


# ----------------------------------------------------------------------------- properties

FEW_NAMES = ["Ada Lovelace", "Alan Turing", "Ada  lovelace", "ADA LOVELACE"]
someone = st.fixed_dictionaries({
    "name": st.sampled_from(FEW_NAMES),
    "email": st.sampled_from(["", "", "a", "b", "c"]),  # the name's address a, b or c ('': none)
    "phone": st.sampled_from(["", "", "+44 20 7946 0018", "+1 555 0100 1234", "+1 555 0100 9999"]),
    "company": st.sampled_from(["", "", "Engines Ltd", "Navy"]),
    "city": st.sampled_from(["", "Leeds", "London"]),
})
#: A row of an address book: a person, and which of their details this entry bothers to give.
entry = st.tuples(st.integers(0, 7), st.lists(st.sampled_from(["email", "phone", "company", "city"]), unique=True))


def _email(p: dict) -> str:
    # Addresses belong to one name: people of different names never share one.
    return f"{samples.slug(p['name'])}.{p['email']}@example.com" if p["email"] else ""


def _people_csv(people: list[dict], entries: list[tuple[int, list[str]]]) -> bytes:
    rows = []
    for who, given in entries:
        p = people[who % len(people)]
        rows.append([p["name"], *(({"email": _email(p)} | p)[f] if f in given else "" for f in
                                  ("email", "phone", "company", "city"))])
    return samples._csv([["Name", "Email", "Phone", "Company", "City"], *rows]).encode()


@settings(max_examples=40, deadline=None)
@given(st.lists(someone, min_size=1, max_size=8), st.lists(entry, min_size=1, max_size=20),
       st.lists(entry, max_size=8))
# Found by hypothesis: two Adas of Leeds at different companies were joined by their city, so a later
# file naming one's company added her again, and each re-import moved a detail between the two.
@example(people=[{"name": "Ada Lovelace", "email": "", "phone": "", "company": c, "city": "Leeds"}
                 for c in ("Engines Ltd", "Navy")],
         entries=[(1, ["email", "company", "city"]), (0, ["email", "phone", "company", "city"])],
         later=[(0, ["email", "company"])])
def test_reimporting_any_contact_list_changes_no_count(people, entries, later):
    book = workbook.open(":memory:")
    try:
        data = _people_csv(people, entries)
        import_bytes(book, "people.csv", data)
        if later:
            import_bytes(book, "later.csv", _people_csv(people, later))
        before = counts(book)
        again = import_bytes(book, "people.csv", data)
        assert again.contacts_added == 0 and again.contacts_updated == 0 and counts(book) == before
        c = book.contacts()
        key = c["full_name"].map(name_key)
        emails_of: dict[str, set[str]] = defaultdict(set)
        for who, given in entries + later:
            p = people[who % len(people)]
            if "email" in given and _email(p):
                emails_of[name_key(p["name"])].add(_email(p))
        for name, emails in emails_of.items():
            mine = c.loc[key == name, "emails"]
            # Same-name people with different emails stay apart: one contact per address, never two in one.
            # (Each address also landing on a contact of its own is not asserted: hypothesis found a
            # bare-name chain where one does not; see the MERGE report.)
            assert all(len(set(e.split(";")) & emails) <= 1 for e in mine)
    finally:
        book.close()
