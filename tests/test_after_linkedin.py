"""A calendar and a mail archive imported after a LinkedIn-only import (issue 16).

LinkedIn connections rarely carry an email, so attendees and correspondents are found by their
display name: exactly one contact of that name, else not guessed. Each address found this way
is learned (the next file finds it by address), the report says what happened in plain words,
and importing again adds nothing. Truth is known: the test writes the files itself.
"""
from __future__ import annotations

import datetime as dt

import pytest

import workbook
from workbook import samples
from workbook.importers import import_bytes
from workbook.importers.report import outcome_lines

OWNER = samples.OWNER["email"]


def _connections(people: list[tuple[str, str, str]]) -> bytes:
    rows = [[f, l, f"https://www.linkedin.com/in/{samples.slug(f + l + c)}", "", c, "Analyst", "20 Feb 2022"]
            for f, l, c in people]
    return (samples.NOTES_PREAMBLE + samples._csv([samples.CONNECTIONS_HEADER, *rows])).encode()


def _calendar(events: list[tuple[str, str, list[tuple[str, str]]]]) -> bytes:
    """Events (uid, day, [(address, display name)]), organised by the owner."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN"]
    for uid, day, people in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART;VALUE=DATE:{day}", "SUMMARY:Coffee",
                  f"ORGANIZER;CN=Owner:mailto:{OWNER}",
                  f"ATTENDEE;CN=Owner;PARTSTAT=ACCEPTED:mailto:{OWNER}"]
        lines += [f'ATTENDEE;CN="{name}";PARTSTAT=ACCEPTED:mailto:{addr}' for addr, name in people]
        lines.append("END:VEVENT")
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode()


PEOPLE = [("Aino", "Virtanen", "Northwind"), ("Kofi", "Mensah", "Harbour Labs"),
          ("Lea", "Novak", "Northwind"), ("Lea", "Novak", "Kestrel")]  # two Lea Novaks: never guessed


@pytest.fixture
def linkedin_book(book):
    book.set_profile(email=OWNER)
    import_bytes(book, "Connections.csv", _connections(PEOPLE))
    return book


def _ids(book) -> dict[str, list[int]]:
    c = book.contacts()
    out: dict[str, list[int]] = {}
    for cid, name in zip(c["contact_id"], c["full_name"]):
        out.setdefault(name, []).append(int(cid))
    return out


def test_a_calendar_after_linkedin_finds_attendees_by_name_and_learns_their_address(linkedin_book):
    book = linkedin_book
    cal = _calendar([
        ("e1", "20240110", [("aino@example.org", "Aino Virtanen")]),
        ("e2", "20240212", [("kofi.m@example.org", "Mensah, Kofi")]),  # "Last, First" as Outlook writes it
        ("e3", "20240315", [("lea@example.org", "Lea Novak")]),  # two contacts of that name
        ("e4", "20240418", [("stranger@example.org", "Someone Else")]),
    ])
    rep = import_bytes(book, "work.ics", cal)
    ids = _ids(book)
    got = sorted(zip(book.interactions()["contact_id"], book.interactions()["date"].astype(str)))
    assert got == sorted([(ids["Aino Virtanen"][0], "2024-01-10"), (ids["Kofi Mensah"][0], "2024-02-12")])
    assert rep.matched_by_name == 2 and rep.emails_learned == 2 and rep.unmatched == 2
    assert [a["name"] for a in rep.ambiguous] == ["Lea Novak"]
    emails = dict(zip(book.contacts()["full_name"], book.contacts()["emails"]))
    assert emails["Aino Virtanen"] == "aino@example.org" and emails["Kofi Mensah"] == "kofi.m@example.org"
    assert all(e == "" for n, e in emails.items() if n == "Lea Novak")  # nobody's address guessed
    said = " ".join(outcome_lines(rep.to_dict()))
    assert "Found by name: 2" in said and "Not guessed: Lea Novak (2 contacts)" in said
    assert "Unmatched: 2 events" in said and "Nothing new" not in said


def test_importing_the_calendar_again_adds_nothing_and_says_so_truthfully(linkedin_book):
    book = linkedin_book
    cal = _calendar([("e1", "20240110", [("aino@example.org", "Aino Virtanen")]),
                     ("e4", "20240418", [("stranger@example.org", "Someone Else")])])
    import_bytes(book, "work.ics", cal)
    before = (len(book.contacts()), len(book.interactions()))
    again = import_bytes(book, "work.ics", cal)
    assert (len(book.contacts()), len(book.interactions())) == before
    assert again.interactions_added == 0 and again.matched_by_name == 0  # found by its learned address now
    lines = outcome_lines(again.to_dict())
    assert lines[-1] == "Nothing was added: 1 event was already in your workbook, 1 event matched nobody."


def test_a_known_address_that_differs_is_not_joined_by_name(linkedin_book):
    book = linkedin_book
    aino = _ids(book)["Aino Virtanen"][0]
    book.update_contact(aino, emails="aino.v@northwind.example")
    rep = import_bytes(book, "work.ics", _calendar([("e1", "20240110", [("other@example.org", "Aino Virtanen")])]))
    assert len(book.interactions()) == 0 and rep.unmatched == 1 and rep.emails_learned == 0


def test_mail_after_linkedin_finds_correspondents_by_display_name(linkedin_book):
    book = linkedin_book
    mails = [
        {"sender": "kofi.m@example.org", "sender_name": "Kofi Mensah", "to": [OWNER],
         "when": dt.datetime(2024, 3, 1, 9), "subject": "Hello"},
        {"sender": "nobody@example.org", "sender_name": "No One", "to": [OWNER],
         "when": dt.datetime(2024, 3, 2, 9), "subject": "Offer"},
    ]
    rep = import_bytes(book, "mail.mbox", samples.mbox_bytes(mails))
    kofi = _ids(book)["Kofi Mensah"][0]
    assert list(zip(book.interactions()["contact_id"], book.interactions()["direction"])) == [(kofi, "inbound")]
    assert rep.matched_by_name == 1 and rep.unmatched == 1
    assert import_bytes(book, "mail.mbox", samples.mbox_bytes(mails)).interactions_added == 0
