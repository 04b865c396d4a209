"""Referral and recommendation asks (issue 20): scripts worded for the tie, specific asks only, asks
tracked made and received, thank-yous due after a given ask and answers due for asks received."""
from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st

from workbook import schema
from workbook.practices import asks as practice
from workbook.session import Session
from workbook.store import asks as store
from workbook.ties import assign_circles

SPECIFICS = "the Junior Data Analyst role at Northwind"
CONTACT = {"contact_id": 7, "full_name": "Ana Li", "first_name": "Ana", "company": "Northwind"}
PROFILE = {"name": "Sam Rivera", "headline": "Operations lead moving into product"}
TIES = {
    "direct": {"circle": "close", "days_since": 12.0, "n_total": 30, "tie_strength": 0.7},
    "light": {"circle": "meaningful", "days_since": 200.0, "n_total": 3, "tie_strength": 0.2},
    "reconnect": {"circle": "acquaintance", "days_since": 1500.0, "n_total": 6, "tie_strength": 0.05},
}


@pytest.mark.parametrize("level, tie", [
    ("direct", TIES["direct"]),
    ("direct", {"circle": "inner", "days_since": 1.0, "n_total": 80}),
    ("light", TIES["light"]),
    ("light", {"circle": "acquaintance", "days_since": 2000.0, "n_total": 0}),  # connected long ago, never in touch
    ("light", {"circle": "active", "days_since": np.nan, "n_total": np.nan}),
    ("light", None),
    ("reconnect", TIES["reconnect"]),
    ("reconnect", {"circle": "close", "days_since": float(schema.DORMANT_DAYS), "n_total": 2}),
])
def test_the_tie_level(level, tie):
    assert practice.tie_level(tie) == level


@pytest.mark.parametrize("kind", schema.ASK_KINDS)
def test_scripts_differ_by_tie_strength_and_always_name_the_specifics(kind):
    scripts = {level: practice.ask_script(CONTACT, tie, kind, SPECIFICS, profile=PROFILE) for level, tie in TIES.items()}
    assert len(set(scripts.values())) == 3
    for script in scripts.values():
        assert SPECIFICS in script and script.startswith("Hi Ana,") and script.rstrip().count("Sam") >= 1
    assert "straight" in scripts["direct"]
    assert "just say so" in scripts["light"] and "Northwind" in scripts["light"]  # context and an easy way out
    catch_up = scripts["reconnect"].index("catch up")
    assert catch_up < scripts["reconnect"].index(SPECIFICS)  # reconnect first, ask later
    assert "4 years" in scripts["reconnect"]


def test_the_kinds_ask_for_different_things():
    referral = practice.ask_script(CONTACT, TIES["direct"], "referral", SPECIFICS, profile=PROFILE)
    recommendation = practice.ask_script(CONTACT, TIES["direct"], "recommendation", SPECIFICS, profile=PROFILE)
    assert "refer me" in referral and "recommendation" in recommendation and referral != recommendation
    with pytest.raises(ValueError, match="referral or a recommendation"):
        practice.ask_script(CONTACT, TIES["direct"], "favour", SPECIFICS, profile=PROFILE)


VAGUE = ["a job", "Job", "any job please", "a referral", "a recommendation", "help", "something at your company",
         "an introduction to someone", "work", "", "   ", None, "a role, any role!"]
SPECIFIC = ["the Junior Data Analyst role at Northwind", "Python", "a recommendation on my SQL work",
            "Associate Product Manager role on their learning platform team", "user research at Lumen"]


@pytest.mark.parametrize("specifics", VAGUE)
def test_vague_asks_are_refused_with_what_to_add(specifics, book):
    with pytest.raises(ValueError, match="role, the company or the skill"):
        practice.check_specifics(specifics)
    with pytest.raises(ValueError, match="role, the company or the skill"):
        practice.ask_script(CONTACT, TIES["direct"], "referral", specifics, profile=PROFILE)
    cid = book.add_contact("Ana Li")
    with pytest.raises(ValueError, match="role, the company or the skill"):
        store.add_ask(book, cid, "referral", "made", specifics)
    assert book.asks().empty


@pytest.mark.parametrize("specifics", SPECIFIC)
def test_specific_asks_pass(specifics, book):
    assert practice.check_specifics(specifics) == specifics
    assert store.check_ask_specifics(specifics) == specifics


def test_the_store_and_the_practice_share_one_rule():
    for text in VAGUE[:-3] + SPECIFIC:
        outcomes = []
        for check in (practice.check_specifics, store.check_ask_specifics):
            try:
                outcomes.append(check(text))
            except ValueError as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1]


def test_an_overlong_ask_is_refused():
    with pytest.raises(ValueError, match="one line"):
        practice.check_specifics("the analyst role " * 40)


@settings(max_examples=50, deadline=None)
@given(name=st.one_of(st.none(), st.just(float("nan")), st.text(max_size=30)),
       first=st.one_of(st.none(), st.just(np.nan), st.text(max_size=12)),
       company=st.one_of(st.none(), st.just(np.nan), st.text(max_size=30)),
       headline=st.one_of(st.none(), st.just(np.nan), st.text(max_size=40)),
       me=st.one_of(st.none(), st.just(np.nan), st.text(max_size=20)),
       circle=st.one_of(st.none(), st.sampled_from(schema.CIRCLES + ("",))),
       days=st.one_of(st.none(), st.just(np.nan), st.floats(0, 9000)),
       n_total=st.one_of(st.none(), st.just(np.nan), st.integers(0, 500)),
       core=st.text(alphabet="abcdefghijklmnopqrstuvwxyz {}", min_size=0, max_size=20),
       kind=st.sampled_from(schema.ASK_KINDS))
def test_a_script_never_leaves_braces_none_or_nan(name, first, company, headline, me, circle, days, n_total, core,
                                                  kind):
    for text in (name, first, company, headline, me, core):
        assume(not isinstance(text, str) or not re.search(r"\b(nan|none)\b", text, re.I))
    specifics = f"the {core} analyst role"
    script = practice.ask_script({"full_name": name, "first_name": first, "company": company},
                                 {"circle": circle, "days_since": days, "n_total": n_total}, kind, specifics,
                                 profile={"name": me, "headline": headline})
    assert not re.search(r"[{}]|\bNone\b|\bnan\b|\bNaN\b|<NA>|NaT", script)
    assert " ".join(specifics.replace("{", "(").replace("}", ")").split()) in script
    assert script.startswith("Hi ")


# -- tracking ------------------------------------------------------------------------------------------


def _due(book) -> pd.DataFrame:
    s = Session.of(book)
    return practice.thank_yous_due(s.table("asks"), s.contacts(), as_of=s.as_of())


def test_a_thank_you_is_due_for_a_given_ask_and_goes_once_thanked(book):
    book.set_setting("as_of", "2026-10-15")
    cid = book.add_contact("Ana Li")
    aid = store.add_ask(book, cid, "referral", "made", SPECIFICS, asked_on="2026-10-01")
    assert _due(book).empty  # not answered yet
    store.answer_ask(book, aid, "given", on="2026-10-14")
    due = _due(book)
    assert due[["ask_id", "contact_id", "full_name", "kind"]].values.tolist() == [[aid, cid, "Ana Li", "referral"]]
    assert due["due"].iloc[0] == pd.Timestamp("2026-10-17")
    assert SPECIFICS in due["reason"].iloc[0] and "17 Oct 2026" in due["reason"].iloc[0]
    store.thank_ask(book, aid)
    assert _due(book).empty
    assert book.asks()["thanked_on"].iloc[0] == pd.Timestamp("2026-10-15")


@pytest.mark.parametrize("status, direction, thanked, shown", [
    ("given", "made", None, True),
    ("given", "made", "2026-10-12", False),
    ("declined", "made", None, False),
    ("asked", "made", None, False),
    ("given", "received", None, False),
])
def test_which_asks_want_a_thank_you(status, direction, thanked, shown):
    asks = pd.DataFrame({"ask_id": [1], "contact_id": [7], "kind": ["referral"], "direction": [direction],
                         "specifics": [SPECIFICS], "status": [status], "asked_on": pd.to_datetime(["2026-10-01"]),
                         "answered_on": pd.to_datetime([None if status == "asked" else "2026-10-10"]),
                         "thanked_on": pd.to_datetime([thanked])})
    contacts = pd.DataFrame({"contact_id": [7], "full_name": ["Ana Li"]})
    assert len(practice.thank_yous_due(asks, contacts, as_of="2026-10-15")) == int(shown)


def test_an_overdue_thank_you_says_send_it_today():
    asks = pd.DataFrame({"ask_id": [1], "contact_id": [7], "kind": ["referral"], "direction": ["made"],
                         "specifics": [SPECIFICS], "status": ["given"], "asked_on": pd.to_datetime(["2026-09-01"]),
                         "answered_on": pd.to_datetime(["2026-09-10"]), "thanked_on": pd.to_datetime([None])})
    reason = practice.thank_yous_due(asks, pd.DataFrame({"contact_id": [7], "full_name": ["Ana"]}),
                                     as_of="2026-10-15")["reason"].iloc[0]
    assert "was due on 13 Sep 2026, send it today" in reason


def test_asks_received_wait_for_an_answer_until_answered(book):
    book.set_setting("as_of", "2026-10-15")
    cid = book.add_contact("Ben Cho")
    aid = store.add_ask(book, cid, "recommendation", "received", "a job", asked_on="2026-10-12")  # as they put it
    s = Session.of(book)
    waiting = practice.asks_to_answer(s.table("asks"), s.contacts(), as_of=s.as_of())
    assert waiting["ask_id"].tolist() == [aid] and waiting["due"].iloc[0] == pd.Timestamp("2026-10-19")
    assert "Ben Cho asked you for a recommendation (a job)" in waiting["reason"].iloc[0]
    store.answer_ask(book, aid, "declined")
    assert practice.asks_to_answer(s.table("asks"), s.contacts(), as_of=s.as_of()).empty
    assert _due(book).empty  # a received ask never wants a thank-you from you


@pytest.mark.parametrize("call, fragment", [
    (lambda b, c: store.add_ask(b, c, "favour", "made", SPECIFICS), "referral or recommendation"),
    (lambda b, c: store.add_ask(b, c, "referral", "sideways", SPECIFICS), "made or received"),
    (lambda b, c: store.add_ask(b, 999, "referral", "made", SPECIFICS), "no contact"),
    (lambda b, c: store.add_ask(b, c, "referral", "made", SPECIFICS, asked_on="3000-01-01"), "too far"),
    (lambda b, c: store.add_ask(b, c, "referral", "received", ""), "must not be empty"),
    (lambda b, c: store.answer_ask(b, 1, "maybe"), "asked or given or declined"),
    (lambda b, c: store.answer_ask(b, 42, "given"), "no ask number 42"),
    (lambda b, c: store.thank_ask(b, "x"), "not an ask number"),
])
def test_bad_asks_are_refused_with_a_sentence(book, call, fragment):
    cid = book.add_contact("Ana Li")
    with pytest.raises(ValueError, match=fragment):
        call(book, cid)


def test_thanks_follow_an_answer_to_an_ask_you_made(book):
    book.set_setting("as_of", "2026-10-15")
    cid = book.add_contact("Ana Li")
    made = store.add_ask(book, cid, "referral", "made", SPECIFICS, asked_on="2026-10-01")
    received = store.add_ask(book, cid, "referral", "received", "an intro to their data lead", asked_on="2026-10-01")
    with pytest.raises(ValueError, match="no answer yet"):
        store.thank_ask(book, made)
    with pytest.raises(ValueError, match="asks you made"):
        store.thank_ask(book, received)
    store.answer_ask(book, made, "given", on="2026-10-10")
    with pytest.raises(ValueError, match="before the answer"):
        store.thank_ask(book, made, on="2026-10-09")
    store.answer_ask(book, made, "asked")  # back to open clears the answer
    row = book.asks().set_index("ask_id").loc[made]
    assert row["status"] == "asked" and pd.isna(row["answered_on"])


def test_the_demo_has_a_thank_you_due_and_an_ask_to_answer(demo_book):
    s = Session.of(demo_book)
    asks, contacts, as_of = s.table("asks"), s.contacts(), s.as_of()
    assert len(practice.thank_yous_due(asks, contacts, as_of=as_of)) == 1
    assert len(practice.asks_to_answer(asks, contacts, as_of=as_of)) == 1
    text = practice.describe_asks(asks, contacts, as_of=as_of)
    assert "1 thank-you to send" in text and "1 ask to answer" in text
    counts = practice.count_asks(asks)
    assert int(counts["n"].sum()) == len(asks)
    assert set(itertools.product(schema.ASK_DIRECTIONS, ["open", "given", "thanked", "declined"])) == \
        set(map(tuple, counts[["direction", "outcome"]].values.tolist()))


def test_example_scripts_cover_the_levels_present_in_the_demo(demo_book):
    s = Session.of(demo_book)
    ties = s.ties().assign(circle=assign_circles(s.contacts(), s.ties()))
    about = practice.example_specifics(s.table("asks"), s.goals(), "referral")
    assert about == "Associate Product Manager role on their learning platform team"
    examples = practice.scripts_by_level(s.contacts(), ties, "referral", about, profile=s.profile())
    assert examples["level"].tolist() == list(practice.LEVELS)
    assert examples["script"].str.contains(about, regex=False).all()


def test_the_example_falls_back_to_a_goal_and_then_to_a_sentence():
    empty = pd.DataFrame(columns=["direction", "kind", "specifics"])
    assert practice.example_specifics(empty, None) == practice._FALLBACK_SPECIFICS
    practice.check_specifics(practice._FALLBACK_SPECIFICS)  # passes its own rule
    assert "Learn SQL" in practice.example_specifics(empty, pd.DataFrame({"title": ["Learn SQL"], "status": ["active"]}))


def test_no_asks_says_what_to_do():
    text = practice.describe_asks(pd.DataFrame(columns=["direction", "status"]),
                                  pd.DataFrame(columns=["contact_id", "full_name"]), as_of="2026-10-15")
    assert text.startswith("No asks recorded yet") and "role, company or skill" in text
    assert practice.thank_yous_due(pd.DataFrame(), pd.DataFrame(columns=["contact_id", "full_name"]),
                                   as_of="2026-10-15").empty
