"""Collaboration projects (issue 20): ideas from shared interests and complementary skills, the road from
idea to done (every legal and illegal move), who is on a project, and projects in give-and-take."""
from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import workbook
from workbook import schema
from workbook.practices import projects as practice
from workbook.session import Session
from workbook.store import projects as store

MOVES = [(a, b) for a, b in itertools.product(schema.PROJECT_STATUSES, repeat=2) if a != b]
LEGAL = {(a, b) for a, nxt in schema.PROJECT_TRANSITIONS.items() for b in nxt}


def _ideas(book, **kw) -> pd.DataFrame:
    s = Session.of(book)
    return practice.suggest_projects(s.contacts(), s.common_tags(), s.derived_items(), s.profile(), s.ties(), **kw)


# -- the road ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("from_status, to_status", MOVES)
def test_every_move_is_allowed_exactly_when_the_road_allows_it(book, from_status, to_status):
    book.set_setting("as_of", "2026-10-15")
    pid = store.add_project(book, "Open data dashboard", status=from_status)
    before = len(book.project_history())
    if (from_status, to_status) in LEGAL:
        store.move_project(book, pid, to_status, on="2026-10-16")
        history = book.project_history()
        assert book.projects()["status"].tolist() == [to_status]
        last = history.iloc[-1]
        assert (last["from_status"], last["to_status"]) == (from_status, to_status)
        assert last["date"].date().isoformat() == "2026-10-16"
    else:
        with pytest.raises(ValueError) as err:
            store.move_project(book, pid, to_status)
        message = str(err.value)
        assert from_status in message and to_status in message and message.endswith(".")
        assert "'" not in message and "got" not in message  # a sentence, not a repr
        assert book.projects()["status"].tolist() == [from_status]
        assert len(book.project_history()) == before


def test_the_road_is_the_schemas():
    assert set(practice.allowed_moves("idea")) == set(schema.PROJECT_TRANSITIONS["idea"])
    assert practice.allowed_moves("done") == ()
    assert practice.allowed_moves("not a status") == ()


def test_a_new_project_starts_as_an_idea_dated_on_the_as_of_day(book):
    book.set_setting("as_of", "2026-10-15")
    pid = store.add_project(book, "  Reading group  ", description="Six sessions", basis="shared interest: books")
    row = book.projects().iloc[0]
    assert (row["project_id"], row["title"], row["status"]) == (pid, "Reading group", "idea")
    h = book.project_history()
    assert h[["from_status", "to_status"]].values.tolist() == [["", "idea"]]
    assert h["date"].iloc[0].date().isoformat() == "2026-10-15"
    store.move_project(book, pid, "idea")  # staying put is no move
    assert len(book.project_history()) == 1


@pytest.mark.parametrize("kwargs, fragment", [
    ({"title": ""}, "title must not be empty"),
    ({"title": "x" * 201}, "too long"),
    ({"title": "ok", "status": "finished"}, "status is one of"),
    ({"title": "ok", "contact_ids": [999]}, "no contact with id 999"),
])
def test_bad_projects_are_refused_with_a_sentence(book, kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        store.add_project(book, **kwargs)
    assert book.projects().empty


@pytest.mark.parametrize("project_id", [None, "abc", 1.5, 404])
def test_moving_an_unknown_project_is_refused(book, project_id):
    with pytest.raises(ValueError, match="project number"):
        store.move_project(book, project_id, "proposed")


def test_project_people_are_replaced_not_appended(book):
    a, b, c = (book.add_contact(n) for n in ("Ada Li", "Ben Cho", "Cy Ray"))
    pid = store.add_project(book, "Dashboard", contact_ids=[a, b, a])
    assert sorted(book.project_people()["contact_id"]) == [a, b]
    store.set_project_people(book, pid, [b, c])
    assert sorted(book.project_people()["contact_id"]) == [b, c]
    store.set_project_people(book, pid, [])
    assert book.project_people().empty
    with pytest.raises(ValueError):
        store.set_project_people(book, pid, [a, 12345])
    assert book.project_people().empty  # all or nothing


# -- give and take -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status, counts", [("idea", 0), ("proposed", 0), ("active", 1), ("done", 1), ("dropped", 0)])
def test_active_and_done_projects_count_one_give_and_one_take_each(status, counts):
    projects = pd.DataFrame({"project_id": [1], "status": [status]})
    people = pd.DataFrame({"project_id": [1, 1], "contact_id": [5, 6]})
    gt = practice.project_give_take(projects, people)
    assert len(gt) == 2 * counts
    assert (gt["give"] == counts).all() and (gt["take"] == gt["give"]).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(schema.PROJECT_STATUSES)), max_size=8, unique_by=lambda t: t[0]),
       st.lists(st.tuples(st.integers(1, 5), st.integers(1, 6)), max_size=15, unique=True))
def test_give_and_take_is_mutual_and_counts_memberships(projects, people):
    p = pd.DataFrame(projects, columns=["project_id", "status"])
    pp = pd.DataFrame(people, columns=["project_id", "contact_id"])
    gt = practice.project_give_take(p, pp)
    counting = set(p.loc[p["status"].isin(["active", "done"]), "project_id"])
    assert (gt["give"] == gt["take"]).all()
    assert int(gt["give"].sum()) == int(pp["project_id"].isin(counting).sum())


def test_the_demo_projects_count_in_give_and_take(demo_book):
    s = Session.of(demo_book)
    gt = practice.project_give_take(s.table("projects"), s.table("project_people"))
    live = s.table("projects").query("status in ['active', 'done']")["project_id"]
    on = s.table("project_people").query("project_id in @live")["contact_id"]
    assert sorted(gt["contact_id"]) == sorted(on.unique()) and len(gt) > 0
    assert "3 people" in practice.describe_give_take(gt, s.contacts()) or len(gt) != 3


# -- ideas ---------------------------------------------------------------------------------------------


def test_ideas_on_the_demo_come_in_both_kinds_and_name_their_basis(demo_book):
    ideas = _ideas(demo_book, limit=10)
    assert len(ideas) == 10
    assert set(ideas["kind"]) == {"shared interest", "complementary skills"}
    ids = set(Session.of(demo_book).contacts()["contact_id"])
    for idea in ideas.itertuples():
        assert idea.title and idea.people and set(idea.contact_ids) <= ids
        assert idea.basis.startswith(("you ", "they bring "))
        assert idea.item in idea.basis
        assert not re.search(r"\{|\}|\bnan\b|\bNone\b", idea.title + idea.basis + idea.people)
    assert ideas["score"].is_monotonic_decreasing or ideas["kind"].iloc[0] != ideas["kind"].iloc[1]


def test_complementary_skills_are_really_complementary(demo_book):
    s = Session.of(demo_book)
    tags = s.common_tags()
    ideas = _ideas(demo_book, limit=40)
    comp = ideas.loc[ideas["kind"] == "complementary skills"]
    assert len(comp)
    key = lambda v: " ".join(str(v).casefold().split())  # noqa: E731
    mine = {key(t) for t in tags.loc[tags["owner"].eq("profile") & tags["kind"].eq("skill"), "text"]}
    for idea in comp.itertuples():
        (cid,) = idea.contact_ids
        theirs = {key(t) for t in tags.loc[tags["contact_id"].eq(cid).fillna(False) & tags["kind"].eq("skill"), "text"]}
        bring, you = re.match(r"they bring (.+), you bring (.+?); ", idea.basis).groups()
        assert all(key(b) in theirs and key(b) not in mine for b in bring.split(" and "))
        assert key(you) in mine and key(you) not in theirs


def test_a_shared_interest_groups_the_people_who_share_it(demo_book):
    ideas = _ideas(demo_book, limit=40)
    shared = ideas.loc[ideas["kind"] == "shared interest"]
    assert (shared["contact_ids"].map(len) <= practice.GROUP).all()
    groups = shared.loc[shared["contact_ids"].map(len) > 1]
    assert len(groups) and groups["basis"].str.contains("you (?:all|are all|were all) ").all()


def test_started_ideas_leave_the_list(demo_book):
    first = _ideas(demo_book, limit=5).iloc[0]
    store.add_project(demo_book, first["title"], basis=first["basis"], contact_ids=list(first["contact_ids"]))
    again = _ideas(demo_book, limit=5, existing=Session.of(demo_book).table("projects"))
    assert first["title"] not in again["title"].tolist()
    # the demo's beekeeping workshop already covers the shared interest in urban beekeeping
    assert not again.query("kind == 'shared interest'")["item"].str.contains("beekeeping").any()


def test_ideas_come_from_derived_skills_and_employers_on_a_linkedin_only_workbook(linkedin_book):
    s = Session.of(linkedin_book)
    assert s.tags().query("owner == 'contact'").empty  # nothing typed in: only what the export derived
    ideas = _ideas(linkedin_book)
    assert len(ideas) >= 2
    assert {"shared interest", "complementary skills"} <= set(ideas["kind"])
    assert ideas["basis"].str.contains("wrote about|work with|work in|worked at").all()
    assert practice.describe_ideas(ideas).startswith(f"{len(ideas)} ideas")


def test_no_tags_no_ideas_and_the_empty_state_says_what_to_do(book):
    book.add_contact("Ada Li")
    ideas = _ideas(book)
    assert ideas.empty and list(ideas.columns) == practice.IDEA_COLUMNS
    text = practice.describe_ideas(ideas)
    assert "Profile" in text and "LinkedIn export" in text
    assert "add interests and skills" in practice.describe_projects(book.projects(), ideas)


def test_ideas_on_an_empty_workbook_are_an_empty_frame(book):
    assert _ideas(book).empty


def test_ideas_never_mutate_their_inputs(demo_book):
    s = Session.of(demo_book)
    frames = [s.contacts(), s.common_tags(), s.profile(), s.ties()]
    copies = [f.copy() for f in frames]
    practice.suggest_projects(frames[0], frames[1], s.derived_items(), frames[2], frames[3])
    for f, c in zip(frames, copies):
        pd.testing.assert_frame_equal(f, c)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["profile", "contact"]), st.integers(1, 4),
                          st.sampled_from(["interest", "skill", "value", "community", "employer"]),
                          st.sampled_from(["open data", "Python", "SQL", "chess", "{x}", "Acme", "nan"])),
                max_size=25))
def test_ideas_read_cleanly_whatever_the_tags(rows):
    contacts = pd.DataFrame({"contact_id": [1, 2, 3, 4], "full_name": ["Ana Li", "Ben", "Cy {z}", "Di"],
                             "company": "", "location": ""})
    tags = pd.DataFrame({"owner": [r[0] for r in rows],
                         "contact_id": pd.array([None if r[0] == "profile" else r[1] for r in rows], dtype="Int64"),
                         "kind": [r[2] for r in rows], "text": [r[3] for r in rows]})
    ideas = practice.suggest_projects(contacts, tags, None, None, None)
    for idea in ideas.itertuples():
        text = idea.title + idea.basis + idea.people
        assert "{" not in text and "}" not in text
        assert idea.kind in ("shared interest", "complementary skills")
