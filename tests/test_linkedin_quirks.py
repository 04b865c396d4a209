"""LinkedIn quirks of genuine exports, each reproduced by a fixture of our own (tests/fixtures/quirks/README.md):
a Connections.csv re-saved by a spreadsheet, the older messages.csv layout, percent-encoded profile
URLs, and recipients' names for outbound messages. Importing each again adds nothing."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbook.importers import import_file
from workbook.importers.linkedin import connection_date_formats

QUIRKS = Path(__file__).parent / "fixtures" / "quirks"
CONNECTIONS = QUIRKS / "linkedin-connections-spreadsheet-dates.csv"
#: The quirk files this module covers (tests/test_quirks.py's README check may count them as tested).
LINKEDIN_QUIRK_FILES = ("linkedin-connections-spreadsheet-dates.csv", "linkedin-messages-old-layout.csv",
                        "linkedin-messages-percent-encoded-urls.csv", "linkedin-messages-outbound-recipient-names.csv")


@pytest.fixture
def connected(book):
    report = import_file(book, CONNECTIONS)
    return book, report


def _by_name(book) -> dict[str, dict]:
    return {r["full_name"]: r for r in book.contacts().to_dict("records")}


def _exchanges(book) -> list[tuple[str, str, str]]:
    i = book.interactions().merge(book.contacts()[["contact_id", "full_name"]], on="contact_id")
    return sorted(zip(i["full_name"], i["date"].dt.strftime("%Y-%m-%d"), i["direction"].astype(str)))


@pytest.mark.parametrize("name, connected_on, company, url", [
    ("Isolde Brackenridge", "2022-02-20", "Tallowmere Studio", "https://www.linkedin.com/in/isolde-brackenridge-77"),
    ("José García Ferrol", "2022-02-20", "Pinecrest Ltd", "https://www.linkedin.com/in/josé-garcía-ferrol-4a1"),
    ("Maeve Oakenfold", "2021-03-04", "Harrowgate Fields", ""),
])
def test_spreadsheet_resaved_connections_keep_every_person_and_date(connected, name, connected_on, company, url):
    book, _ = connected
    person = _by_name(book)[name]
    got = None if pd.isna(person["connected_on"]) else person["connected_on"].strftime("%Y-%m-%d")
    assert (got, person["company"], person["linkedin_url"]) == (connected_on, company, url)


def test_an_impossible_connection_date_costs_the_date_never_the_person(connected):
    book, report = connected
    assert report.contacts_added == 4 and report.rejected == []
    notes = [w for w in report.warnings if "31-Feb-22" in w]
    assert len(notes) == 1 and notes[0].startswith("line 8:") and "left out" in notes[0]


@pytest.mark.parametrize("values, first", [
    (["20-Feb-22", "2/20/2022"], "%d-%b-%y"),  # month first (a first part <= 12 never says day first)
    (["20/02/2022", "3/4/2022"], "%d/%m/%Y"),  # some value is day first: slashed dates read day first
])
def test_connection_date_formats_follow_the_column(values, first):
    formats = connection_date_formats(pd.Series(values))
    assert first in formats
    if first == "%d/%m/%Y":
        assert formats[0] == first


@pytest.mark.parametrize("fixture, expected", [
    ("linkedin-messages-old-layout.csv", [("Isolde Brackenridge", "2018-01-15", "inbound"),
                                          ("Isolde Brackenridge", "2018-01-16", "outbound"),
                                          ("Maeve Oakenfold", "2018-03-02", "outbound")]),
    ("linkedin-messages-percent-encoded-urls.csv", [("José García Ferrol", "2024-05-02", "inbound"),
                                                    ("José García Ferrol", "2024-05-03", "outbound")]),
    ("linkedin-messages-outbound-recipient-names.csv", [("Isolde Brackenridge", "2024-06-11", "inbound"),
                                                        ("Maeve Oakenfold", "2024-06-10", "outbound"),
                                                        ("Maeve Oakenfold", "2024-06-12", "outbound")]),
])
def test_messages_quirks_land_with_the_right_people(connected, fixture, expected):
    book, _ = connected
    report = import_file(book, QUIRKS / fixture)
    assert report.format == "linkedin" and report.rejected == []
    assert _exchanges(book) == expected
    assert import_file(book, QUIRKS / fixture).interactions_added == 0  # again: nothing new
    assert _exchanges(book) == expected


def test_old_layout_skips_strangers_and_finds_you_by_direction(connected):
    book, _ = connected
    report = import_file(book, QUIRKS / "linkedin-messages-old-layout.csv")
    assert report.interactions_added == 3 and report.rows_skipped == 1
    assert "Robin Quillfeather" not in _by_name(book)  # the owner is never made a contact


def test_percent_encoded_urls_are_decoded_before_matching(connected):
    book, _ = connected
    import_file(book, QUIRKS / "linkedin-messages-percent-encoded-urls.csv")
    assert len(book.contacts()) == 4  # no second José
    assert _by_name(book)["José García Ferrol"]["linkedin_url"] == "https://www.linkedin.com/in/josé-garcía-ferrol-4a1"


def test_a_silent_recipient_is_found_by_the_name_in_to_and_their_url_learned(connected):
    book, _ = connected
    report = import_file(book, QUIRKS / "linkedin-messages-outbound-recipient-names.csv")
    assert _by_name(book)["Maeve Oakenfold"]["linkedin_url"] == "https://www.linkedin.com/in/maeve-oakenfold-3b"
    assert any("found by name" in w for w in report.warnings)


def test_reimporting_the_spreadsheet_connections_adds_nothing(connected):
    book, _ = connected
    again = import_file(book, CONNECTIONS)
    assert again.contacts_added == 0 and len(book.contacts()) == 4


def test_every_linkedin_quirk_file_is_in_the_readme():
    readme = (QUIRKS / "README.md").read_text(encoding="utf-8")
    assert all((QUIRKS / f).exists() and f"`{f}`" in readme for f in LINKEDIN_QUIRK_FILES)
