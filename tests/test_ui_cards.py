"""The cards view: the contacts that matter most, and a few clicks to add what only you know (issue 17)."""
from __future__ import annotations

import pytest

from workbook import samples
from workbook.importers import import_bytes
from workbook.outreach.top_contacts import HOW_MET_CHOICES
from workbook.ui.cards import MAX_CHIP, MAX_CHIPS, CardsView

EVIL = '<img src=x onerror="alert(1)">'


def _forge(widget, value) -> None:
    """Put a value in a widget behind its validation, as a tampered front end could."""
    widget._trait_values["value"] = value


@pytest.fixture
def small(book):
    ids = {
        "data": book.add_contact(f"Dee {EVIL}", position="Senior Data Scientist", company=f"Co {EVIL}"),
        "chef": book.add_contact("Cy Chef", position="Chef"),
        "known": book.add_contact("Kay Known", position="Data Analyst", how_met="Worked together"),
    }
    book.add_goal("Move into data", kind="field", needs="data science")
    book.tag("profile", "value", "open science")
    return book, ids


def _tags_of(book, cid: int, kind: str) -> set[str]:
    t = book.tags()
    return set(t.loc[(t["contact_id"] == cid).fillna(False) & (t["kind"] == kind), "text"])


def test_one_card_per_contact_escaped_with_progress(small):
    book, ids = small
    view = CardsView(book)
    assert [c.contact_id for c in view.cards][:2] == [ids["data"], ids["known"]]  # the goal's field first
    assert (view.known, view.total) == (1, 3) and view.progress_text == "1 of 3 have something only you know"
    header = view.card_for(ids["data"]).header.value
    assert EVIL not in header and "&lt;img" in header
    assert "wb-cards-card-known" in view.card_for(ids["known"])._dom_classes
    assert view.card_for(ids["known"]).how_met.value == "Worked together"
    assert "open science" in view.card_for(ids["data"]).allowed_values  # your own values are offered
    assert {"wb-cards", "wb-cards-progress", "wb-cards-list"} <= set(view._dom_classes) | set(
        view.progress._dom_classes) | set(view.list._dom_classes)


@pytest.mark.parametrize("fill", [
    lambda card: setattr(card.how_met, "value", HOW_MET_CHOICES[2]),
    lambda card: setattr(card.interests, "value", ["Bouldering", " bouldering ", "Chess"]),
    lambda card: setattr(card.values, "value", ["fairness"]),
])
def test_saving_a_card_writes_the_workbook_and_counts_one_more(small, fill):
    book, ids = small
    view = CardsView(book)
    card = view.card_for(ids["data"])
    before = view.known
    fill(card)
    card.save.click()
    assert view.messages.kind == "success", view.messages.text
    assert view.known == before + 1 and view.changes == 1 and card.known
    assert f"{before + 1} of 3" in view.progress.value
    how = book.contact(ids["data"])["how_met"]
    found = (how, _tags_of(book, ids["data"], "interest"), _tags_of(book, ids["data"], "value"))
    assert found in [(HOW_MET_CHOICES[2], set(), set()), ("", {"Bouldering", "Chess"}, set()),
                     ("", set(), {"fairness"})]


def test_removing_a_chip_untags_and_progress_can_go_down(small):
    book, ids = small
    view = CardsView(book)
    card = view.card_for(ids["chef"])
    card.interests.value = ["Sourdough"]
    card.save.click()
    assert _tags_of(book, ids["chef"], "interest") == {"Sourdough"} and view.known == 2
    card.interests.value = []
    card.save.click()
    assert _tags_of(book, ids["chef"], "interest") == set() and view.known == 1 and view.changes == 2


@pytest.mark.parametrize("tamper, message", [
    (lambda c: _forge(c.how_met, "<script>x</script>"), "not one of the options"),
    (lambda c: _forge(c.values, ["world domination"]), "not one of the options"),
    (lambda c: _forge(c.interests, "not a list"), "list"),
    (lambda c: _forge(c.interests, [42]), "text"),
    (lambda c: _forge(c.interests, ["x" * (MAX_CHIP + 1)]), "too long"),
    (lambda c: _forge(c.interests, [f"i{n}" for n in range(MAX_CHIPS + 1)]), "At most"),
])
def test_a_forged_widget_value_is_refused_with_a_message(small, tamper, message):
    book, ids = small
    view = CardsView(book)
    card = view.card_for(ids["data"])
    card.interests.value = ["Chess"]  # a good value alongside: nothing at all may be written
    tamper(card)
    tags_before, contact_before = len(book.tags()), book.contact(ids["data"])["how_met"]
    card.save.click()
    assert view.messages.kind == "error" and message in view.messages.text
    assert len(book.tags()) == tags_before and book.contact(ids["data"])["how_met"] == contact_before
    assert view.changes == 0 and view.known == 1


def test_a_card_from_before_a_refresh_is_refused(small):
    book, ids = small
    view = CardsView(book)
    old = view.card_for(ids["chef"])
    view.refresh()
    old.how_met.value = HOW_MET_CHOICES[0]
    old.save.click()
    assert view.messages.kind == "error" and book.contact(ids["chef"])["how_met"] == ""


def test_an_empty_workbook_says_what_to_do(book):
    view = CardsView(book)
    assert view.total == 0 and view.cards == []
    assert "wb-cards-empty" in view.list.children[0]._dom_classes


def test_a_linkedin_only_workbook_gets_twenty_cards_and_none_known(book):
    import_bytes(book, "linkedin-export.zip", samples.sample_files()["linkedin-export.zip"])
    book.add_goal("Move into data", kind="field", needs="data science; analytics")
    view = CardsView(book)
    assert (view.known, view.total) == (0, 20)  # exports never say how you met: this is the gap
    assert sum(c.header.value.count("Data Scientist") + c.header.value.count("Policy Analyst")
               for c in view.cards[:5]) == 5  # data people first for a data goal
    first = view.cards[0]
    first.how_met.value, first.values.value = "At an event or conference", ["curiosity"]
    first.save.click()
    assert view.progress_text == "1 of 20 have something only you know" and view.changes == 1
