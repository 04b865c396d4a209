"""The personal brand (issue 20): the statement and pitch builder, suggestions from the person's own
data, saving with history (never overwritten) and the brand line drafts and introductions use."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import workbook
from workbook import samples
from workbook.importers import import_file
from workbook.practices import brand
from workbook.session import Session
from workbook.store import brand as store

BAD = re.compile(r"[{}]|\bNone\b|\bnan\b|\bNaN\b|\bNaT\b|\bnull\b", re.I)
PROFILE = {"name": "Sam Rivera", "position": "Operations Lead", "company": "Brightpath Learning Trust",
           "industry": "Education"}

_ANY = st.one_of(st.none(), st.text(max_size=300), st.lists(st.one_of(st.none(), st.text(max_size=120)), max_size=12),
                 st.sampled_from(["nan", "None", "{x}", "{{audience}}", "<script>alert(1)</script>", "=cmd|' /C calc'!A0",
                                  float("nan")]))
_PROFILES = st.one_of(st.none(), st.fixed_dictionaries({"name": _ANY, "position": _ANY, "company": _ANY,
                                                         "industry": _ANY, "headline": _ANY}))


@settings(max_examples=50, deadline=None)
@given(_ANY, _ANY, _ANY, _ANY, _PROFILES)
def test_any_text_in_gives_a_clean_statement_and_pitch(values, strengths, audience, goals, profile):
    statement, pitch = brand.build_statement(values, strengths, audience, goals, profile)
    assert statement.strip() and pitch.strip()
    assert statement.startswith("I help ") and statement.endswith(".")
    assert len(statement) <= brand.MAX_STATEMENT and len(pitch) <= brand.MAX_PITCH
    for text in (statement, pitch):
        assert not BAD.search(text), text
        assert "<" not in text and "\x00" not in text
    assert statement in pitch or len(pitch) == brand.MAX_PITCH or statement[:-1] in pitch


_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=3, max_size=10)
_PHRASE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=50, deadline=None)
@given(st.lists(_PHRASE, max_size=4), st.lists(_PHRASE, max_size=4), st.lists(_PHRASE, max_size=2),
       st.lists(_PHRASE, max_size=2), st.booleans())
def test_a_pitch_from_ordinary_words_takes_about_thirty_seconds(values, strengths, audience, goals, with_profile):
    _, pitch = brand.build_statement(values, strengths, audience, goals, PROFILE if with_profile else None)
    assert 60 <= len(pitch.split()) <= brand.PITCH_WORDS[1]


@pytest.mark.parametrize("values, strengths, audience, goals, statement", [
    (["curiosity", "generosity"], ["untangling messy processes"], "school leaders", [],
     "I help school leaders with untangling messy processes, guided by curiosity and generosity."),
    ("curiosity; care; fairness", "teaching, research, writing", "edtech teams", "",
     "I help edtech teams with teaching and research, guided by curiosity and care."),
    ([], [], "", [], "I help teams in education as an Operations Lead."),
    (["Curiosity", "curiosity", " curiosity "], [], "", [], "I help teams in education as an Operations Lead, guided by "
                                                            "Curiosity."),
    (["<b>care</b>"], ["{skill}"], "nan", None, "I help teams in education with skill, guided by bcare/b."),
])
def test_the_statement_template(values, strengths, audience, goals, statement):
    assert brand.build_statement(values, strengths, audience, goals, PROFILE)[0] == statement


def test_the_pitch_says_who_where_and_asks_for_an_introduction():
    _, pitch = brand.build_statement(["curiosity"], ["user research", "facilitation"], "edtech product teams",
                                     ["Move into product management"], pd.DataFrame([PROFILE]))
    assert pitch.startswith("Hi, I'm Sam Rivera. I'm an Operations Lead at Brightpath Learning Trust.")
    assert "my next step: move into product management" in pitch
    assert pitch.rstrip().endswith("I'd be grateful for an introduction.") or "introduction" in pitch
    assert brand.build_statement(["curiosity"], ["user research"], "x", [], PROFILE) == \
        brand.build_statement(["curiosity"], ["user research"], "x", [], PROFILE)  # deterministic


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "x" * 5000,
                                     "{0.__class__}", "\x00\x1b[31m", "@SUM(1+1)*cmd|' /C calc'!A0"])
def test_hostile_strings_never_reach_the_text_as_markup_or_templates(hostile):
    statement, pitch = brand.build_statement([hostile], [hostile], hostile, [hostile], {"name": hostile})
    for text in (statement, pitch):
        assert "<script" not in text and "{" not in text and "|" not in text and "\x1b" not in text
        assert len(text) <= brand.MAX_PITCH


# -- suggestions from the person's own data ----------------------------------------------------------


def test_suggestions_on_the_demo(demo_book):
    s = Session.of(demo_book)
    parts = brand.suggest_brand_parts(s.profile(), s.tags(), s.derived_items(), s.goals())
    own = s.tags().query("owner == 'profile'")
    assert parts["values"] == own.query("kind == 'value'")["text"].tolist()[:8]
    assert set(parts["strengths"]) <= set(own.query("kind == 'skill'")["text"])
    assert parts["goals"][0] == s.goals().query("status == 'active'")["title"].iloc[0]
    assert parts["audience"][0] == "teams in education"


def test_suggestions_on_a_linkedin_only_workbook_put_endorsed_skills_first(tmp_path):
    book = workbook.open(tmp_path / "li.sqlite")
    import_file(book, samples.SAMPLES_DIR / "linkedin-export.zip")
    s = Session.of(book)
    parts = brand.suggest_brand_parts(s.profile(), s.tags(), s.derived_items(), s.goals())
    endorsed = s.derived_items().query("owner == 'profile' and kind == 'skill'")["value"].tolist()
    assert parts["strengths"][:len(endorsed)] == endorsed and "Negotiation" in parts["strengths"]
    assert parts["values"] == [] and parts["goals"] == []
    assert "Nothing yet for values and goals" in brand.parts_sentence(parts)
    statement, pitch = brand.build_statement([], parts["strengths"][:2], parts["audience"][:1], [], s.profile())
    assert statement == "I help teams in civic technology with Mentoring and Python."
    assert pitch.startswith("Hi, I'm Robin Quillfeather.")
    book.close()


# -- saving: a history that is never overwritten ---------------------------------------------------


def test_every_saved_version_is_kept_and_the_newest_is_the_brand_line(book):
    texts = ["I help teachers plan.", "I help school leaders untangle processes.", "I help edtech teams ship."]
    ids = [store.save_statement(book, values=["curiosity"], strengths="teaching;planning", audience="teachers",
                                goals=[], statement=t, pitch=f"Hi. {t}") for t in texts]
    assert len(set(ids)) == 3
    h = book.brand_statements()
    assert h["statement"].tolist() == texts and h["strengths"].unique().tolist() == ["teaching;planning"]
    assert brand.brand_line(book) == texts[-1] == brand.brand_line(Session.of(book))
    assert brand.brand_line({"brand_statements": h}) == texts[-1] == brand.brand_line(h)
    # The same text again adds nothing; an earlier text again is a new, current version.
    assert store.save_statement(book, values="", strengths="", audience="", goals="", statement=texts[-1],
                                pitch=f"Hi. {texts[-1]}") == ids[-1]
    store.save_statement(book, values="", strengths="", audience="", goals="", statement=texts[0], pitch="")
    h = brand.statement_history(book.brand_statements())
    assert len(h) == 4 and h.loc[0, "statement"] == texts[0] and h["current"].tolist() == [True, False, False, False]
    assert set(h["statement"]) == set(texts)


def test_a_clock_behind_the_last_version_still_makes_the_new_one_current(book, monkeypatch):
    store.save_statement(book, values="", strengths="", audience="", goals="", statement="Later one.", pitch="",
                         at="2027-06-01 09:00:00")
    monkeypatch.setattr(store, "now_text", lambda: "2020-01-01 09:00:00")
    store.save_statement(book, values="", strengths="", audience="", goals="", statement="Newest one.", pitch="")
    assert brand.brand_line(book) == "Newest one." and len(book.brand_statements()) == 2


@pytest.mark.parametrize("statement, pitch, message", [
    ("", "", "statement must not be empty"), ("   ", "", "statement must not be empty"),
    ("x" * 401, "", "statement is too long"), ("ok.", "y" * 1201, "pitch is too long"),
])
def test_bad_statements_are_refused(book, statement, pitch, message):
    with pytest.raises(ValueError, match=message):
        store.save_statement(book, values="", strengths="", audience="", goals="", statement=statement, pitch=pitch)
    assert book.brand_statements().empty


def test_no_statement_reads_as_empty(book):
    assert brand.brand_line(book) == "" and brand.brand_line(None) == ""
    assert brand.brand_sentence(book.brand_statements()).startswith("You have not saved")


def test_the_demo_history_sentence(demo_book):
    text = brand.brand_sentence(demo_book.brand_statements())
    assert "2 versions since 16 August 2026" in text and "saved on 1 October 2026" in text
