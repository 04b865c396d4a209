"""Mentor ranking by the goal's field and steps ahead (issue 17), and the contacts that matter most.

Synthetic frames with known answers, hypothesis properties for the score, and LinkedIn-only
workbooks (the bundled sample export, and one generated with known senior data titles).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import outreach as O
from workbook import samples
from workbook.core import titles
from workbook.importers import import_bytes
from workbook.outreach import ranking
from workbook.outreach.expertise import goal_field
from workbook.outreach.top_contacts import mark_known, top_contacts
from workbook.ties import measure_ties

DATA_GOAL = {"goal_id": 1, "title": "Move into data", "kind": "field", "needs": "data science; analytics"}
#: One title per seniority level, all in data and all sharing the one word the property goal needs.
LADDER = ("Junior Data Analyst", "Data Analyst", "Senior Data Analyst", "Data Analyst Manager",
          "Director of Data", "VP Data", "Chief Data Officer")
OFF_FIELD = ("Marketing Manager", "Chef", "Sales Director", "Software Engineer")


def _contacts(rows):
    cols = ["contact_id", "full_name", "company", "position", "industry", "location"]
    return pd.DataFrame(rows, columns=cols).astype({"contact_id": "int64"})


def _tags(rows):
    frame = pd.DataFrame(rows, columns=["owner", "contact_id", "kind", "text"])
    return frame.assign(contact_id=frame["contact_id"].astype("Int64"))


def _ties(strengths: dict[int, float]):
    return pd.DataFrame({"tie_strength": list(strengths.values())},
                        index=pd.Index(list(strengths), name="contact_id", dtype="int64"))


def _order(r: pd.DataFrame) -> list[int]:
    return [int(c) for c in r["contact_id"]]


# ----------------------------------------------------------------------------- a career changer moving into data

@pytest.fixture
def data_people():
    contacts = _contacts([
        (1, "Junior Analyst", "Acme", "Junior Data Analyst", "Software", ""),
        (2, "Senior Scientist", "Globex", "Senior Data Scientist", "Software", ""),
        (3, "Head Person", "Initech", "Head of Data", "Retail", ""),
        (4, "Mid Analyst", "Acme", "Data Analyst", "Software", ""),
        (5, "Market Lead", "Acme", "Marketing Director", "Media", ""),
        (6, "Vice Person", "Umbrella", "VP Data", "Health", ""),
        (7, "Intern Person", "Acme", "Data Intern", "Software", ""),
        (8, "Chef Person", "Diner", "Chef", "Food", ""),
    ])
    # The juniors are the person's closest ties and know all the words; the seniors barely know them.
    tags = _tags([
        ("profile", None, "interest", "Climbing"),
        ("contact", 1, "skill", "Data science"), ("contact", 1, "skill", "Analytics"),
        ("contact", 1, "interest", "climbing"), ("contact", 7, "skill", "Data science"),
        ("contact", 7, "interest", "climbing"), ("contact", 5, "skill", "Analytics"),
    ])
    ties = _ties({1: 0.95, 2: 0.05, 3: 0.3, 4: 0.9, 5: 0.9, 6: 0.1, 7: 0.8, 8: 0.9})
    return contacts, tags, ties


@pytest.mark.parametrize("position, seniors", [
    ("Marketing Manager", {2, 3, 6}),       # a career changer: data's seniors are ahead, whatever their own level
    ("Marketing Director", {2, 3, 6}),
    ("Data Analyst", {2, 3, 6}),            # already in data, mid level
    ("Junior Data Analyst", {2, 3, 4, 6}),  # an entry-level analyst: a mid-level analyst is a step ahead
    ("", {2, 3, 6}),                        # level unknown: senior and above
])
def test_a_fields_seniors_rank_first(data_people, position, seniors):
    contacts, tags, ties = data_people
    r = O.rank_mentors(DATA_GOAL, contacts, tags, ties, profile={"position": position, "headline": ""}, top=None)
    order = _order(r)
    assert set(order[:len(seniors)]) == seniors
    assert set(r.loc[r["field_senior"] == 1, "contact_id"]) == seniors
    assert 8 not in order  # no expertise, not in the field: not a candidate, however close


@pytest.mark.parametrize("senior, junior", [(2, 1), (2, 7), (3, 1), (6, 7), (6, 1), (2, 4)])
def test_a_junior_analyst_never_outranks_a_senior_of_data(data_people, senior, junior):
    contacts, tags, ties = data_people
    r = O.rank_mentors(DATA_GOAL, contacts, tags, ties, profile={"position": "Marketing Manager"}, top=None)
    order = _order(r)
    assert order.index(senior) < order.index(junior)
    row = r.set_index("contact_id")
    # ... although every junior here is the closer tie, with at least as much expertise.
    assert row.loc[junior, "reachability"] > row.loc[senior, "reachability"]
    assert row.loc[junior, "expertise"] >= row.loc[senior, "expertise"]


def test_steps_ahead_are_measured_from_where_the_career_changer_starts(data_people):
    contacts, tags, ties = data_people
    r = O.rank_mentors(DATA_GOAL, contacts, tags, ties, profile={"position": "Marketing Director"}, top=None)
    steps = r.set_index("contact_id")["steps_ahead"]
    # A director of marketing starts in data at mid level: a senior data scientist is one step ahead.
    assert (steps[2], steps[3], steps[6], steps[1]) == (1, 3, 4, -1)
    expl = r.set_index("contact_id").loc[2, "explanation"]
    assert "a senior of data" in expl and "1 step ahead of you" in expl and "works in data" in expl


@pytest.mark.parametrize("goal, field", [
    (DATA_GOAL, "data"),
    ({"title": "Move into product management", "needs": "product management;user research;roadmapping"}, "product"),
    ({"title": "Find a mentor in UX research", "needs": "user research;qualitative research"}, "research"),
    ("public speaking; negotiation", None),
])
def test_goal_field_is_the_one_classifiers_vote(goal, field):
    assert goal_field(goal) == field


def test_closeness_is_counted_once(data_people):
    contacts, tags, ties = data_people
    r = O.rank_mentors(DATA_GOAL, contacts, tags, ties, profile={"position": "Marketing Manager"}, top=None)
    assert "closeness" not in O.WEIGHTS and np.isclose(sum(O.WEIGHTS.values()), 1.0)
    # No links, no shared employers for Globex: for a direct contact reachability is the tie itself.
    two = r.set_index("contact_id").loc[2]
    assert two["reachability"] == pytest.approx(two["closeness"])
    assert two["score"] == pytest.approx(sum(O.WEIGHTS[k] * two[k] for k in O.WEIGHTS), abs=1e-6)


def test_a_goal_without_a_field_scales_the_other_weights():
    contacts = _contacts([(1, "A", "", "Chef", "", ""), (2, "B", "", "Teacher", "", "")])
    tags = _tags([("contact", 1, "skill", "Public speaking")])
    r = O.rank_mentors("public speaking", contacts, tags, _ties({1: 1.0, 2: 0.0}), top=None)
    one = r.iloc[0]
    rest = [k for k in O.WEIGHTS if k not in ("field_senior", "in_field")]
    assert one["field_senior"] == 0 and one["in_field"] == 0 and one["score"] == pytest.approx(
        sum(O.WEIGHTS[k] * one[k] for k in rest) / sum(O.WEIGHTS[k] for k in rest), abs=1e-6)


# ----------------------------------------------------------------------------- properties

_LEVEL_GOAL = {"goal_id": 1, "title": "Move into data", "kind": "field", "needs": "data"}


@st.composite
def _frames(draw):
    n = draw(st.integers(3, 8))
    levels = draw(st.lists(st.integers(-1, 6), min_size=n, max_size=n))  # -1: an off-field title
    rows, tie, tag_rows = [], {}, []
    for i, level in enumerate(levels, start=1):
        title = LADDER[level] if level >= 0 else draw(st.sampled_from(OFF_FIELD))
        rows.append((i, f"P {i}", draw(st.sampled_from(["Acme", "Globex", ""])), title, "", ""))
        tie[i] = draw(st.floats(0, 1))
        if draw(st.booleans()):
            tag_rows.append(("contact", i, draw(st.sampled_from(["skill", "interest"])), "data"))
    person = draw(st.one_of(st.sampled_from(LADDER), st.sampled_from(OFF_FIELD), st.just("")))
    return _contacts(rows), _tags(tag_rows), _ties(tie), levels, person


def _rank_of(r: pd.DataFrame, cid: int) -> int:
    return _order(r).index(cid)


@settings(max_examples=50, deadline=None)
@given(_frames(), st.data())
def test_raising_seniority_within_the_field_never_lowers_the_rank(frame, data):
    contacts, tags, ties, levels, person = frame
    profile = {"position": person}
    standing = ranking.rate_standing(profile, "data")["rank"]
    # In-field candidates that can climb one level without going past two steps ahead of the person.
    ceiling = 6 if standing < 0 else min(6, standing + 2)
    movable = [i for i, lv in enumerate(levels, start=1) if 0 <= lv < ceiling]
    if not movable:
        return
    cid = data.draw(st.sampled_from(movable))
    before = O.rank_mentors(_LEVEL_GOAL, contacts, tags, ties, profile=profile, top=None)
    raised = contacts.assign(position=contacts["position"].where(contacts["contact_id"] != cid,
                                                                 LADDER[levels[cid - 1] + 1]))
    after = O.rank_mentors(_LEVEL_GOAL, raised, tags, ties, profile=profile, top=None)
    assert _rank_of(after, cid) <= _rank_of(before, cid)
    for r in (before, after):  # and, whatever the frame, no one of the field below its seniors is above them
        field = r.loc[r["in_field"] == 1, "field_senior"].tolist()
        assert field == sorted(field, reverse=True)
    s0 = before.set_index("contact_id").loc[cid, "score"]
    s1 = after.set_index("contact_id").loc[cid, "score"]
    assert s1 >= s0 - 1e-9


@settings(max_examples=50, deadline=None)
@given(_frames(), st.data(), st.floats(0.0, 1.0))
def test_more_closeness_raises_the_score_once_and_keeps_it_bounded(frame, data, extra):
    contacts, tags, ties, levels, person = frame
    profile = {"position": person}
    before = O.rank_mentors(_LEVEL_GOAL, contacts, tags, ties, profile=profile, top=None, min_expertise=0.0)
    if before.empty:
        return
    cid = int(data.draw(st.sampled_from(_order(before))))
    old = float(ties.loc[cid, "tie_strength"])
    new = min(1.0, old + extra)
    closer = ties.assign(tie_strength=ties["tie_strength"].where(ties.index != cid, new))
    after = O.rank_mentors(_LEVEL_GOAL, contacts, tags, closer, profile=profile, top=None, min_expertise=0.0)
    s0 = before.set_index("contact_id").loc[cid, "score"]
    s1 = after.set_index("contact_id").loc[cid, "score"]
    assert 0.0 <= s0 <= 1.0 and 0.0 <= s1 <= 1.0
    # Closeness enters once, through reachability: the score moves by at most its one weight.
    assert s0 - 1e-6 <= s1 <= s0 + O.WEIGHTS["reachability"] * (new - old) + 1e-6


# ----------------------------------------------------------------------------- LinkedIn-only workbooks

def _import(book, files: dict[str, bytes]) -> None:
    report = import_bytes(book, "linkedin-export.zip", files["linkedin-export.zip"])
    assert report.contacts_added > 0


def _mentors(book, goal_id: int) -> pd.DataFrame:
    c, t = book.contacts(), book.tags()
    ties = measure_ties(c, book.interactions(), as_of=book.as_of())
    goal = book.goals().set_index("goal_id").loc[goal_id].to_dict() | {"goal_id": goal_id}
    return O.rank_mentors(goal, c, t, ties, links=book.links(), profile=book.profile(), top=10)


def test_bundled_linkedin_sample_puts_data_people_first(book):
    _import(book, samples.sample_files())
    gid = book.add_goal("Move into data", kind="field", needs="data science; analytics")
    r = _mentors(book, gid)
    c = book.contacts()
    data = c.loc[titles.classify_function(c["position"]) == "data"]
    rank = titles.rank_seniority(titles.classify_seniority(data["position"]))
    assert len(data) and len(r)
    top = r.head(min(5, len(data)))
    assert top["in_field"].all()  # "Northwind Analytics" staff match a word, but do not work in data
    if (rank >= 2).any():  # senior data titles exist: they come first
        assert (titles.rank_seniority(top["level"]) >= 2).all()
    else:  # none in this sample: the most senior data people available lead
        assert titles.rank_seniority(top["level"]).min() >= rank.max() - 1


def test_generated_linkedin_export_with_senior_data_titles(book):
    base = samples.people(24, samples.SEED)
    positions = (["Senior Data Scientist", "Head of Data", "Lead Data Analyst", "Junior Data Analyst",
                  "Data Intern", "Junior Data Scientist"] + list(samples.POSITIONS) * 2)[:len(base)]
    files = samples.linkedin_export_files(base.assign(position=positions), samples.SEED)
    _import(book, {"linkedin-export.zip": samples.zip_bytes(files, folder="Basic_LinkedInDataExport/")})
    book.set_profile(position="Marketing Manager", headline="Marketer moving into data")
    gid = book.add_goal("Move into data", kind="field", needs="data science; analytics")
    r = _mentors(book, gid)
    top3 = set(r["position"].head(3))
    assert top3 == {"Senior Data Scientist", "Head of Data", "Lead Data Analyst"}
    order = r["position"].tolist()
    juniors = [i for i, p in enumerate(order) if titles.classify_seniority(pd.Series([p])).iloc[0] == "entry"
               and "Data" in p]
    assert juniors and min(juniors) > 2


# ----------------------------------------------------------------------------- the contacts that matter most

def test_top_contacts_pick_by_goals_and_tie_strength():
    contacts = _contacts([(i, f"P {i}", "", t, "", "") for i, t in enumerate(
        ["Senior Data Scientist", "Chef", "Chef", "Data Analyst", "Teacher"], start=1)])
    contacts = contacts.assign(connected_on=pd.to_datetime(["2020-01-01"] * 4 + ["2025-12-01"]), how_met="")
    ties = _ties({1: 0.1, 2: 0.9, 3: 0.1, 4: 0.5, 5: 0.1})
    goals = pd.DataFrame({"goal_id": [1, 2], "title": ["Move into data", "Old goal"],
                          "needs": ["data science", "cooking"], "status": ["active", "done"]})
    top = top_contacts(contacts, ties, goals, "2026-01-01", n=3)
    assert _order(top) == [4, 1, 2]  # in the goal's field first (the closer first), then the closest tie
    assert top["score"].is_monotonic_decreasing and top["score"].between(0, 1).all()
    assert "Move into data" in top.loc[0, "reason"] and "Old goal" not in " ".join(top["reason"])
    fresh = top_contacts(contacts, ties, goals, "2026-01-01", n=5).set_index("contact_id")["fresh"]
    assert fresh[5] > 0 and fresh[3] == 0  # connected a month ago: you still remember how you met
    assert len(top_contacts(contacts, ties, goals, "2026-01-01", n=0)) == 0
    pd.testing.assert_frame_equal(contacts, contacts.copy())


def test_mark_known_counts_how_met_interests_and_values():
    c = pd.DataFrame({"contact_id": [1, 2, 3, 4], "how_met": ["  ", "At an event or conference", "", ""]})
    t = _tags([("contact", 3, "interest", "chess"), ("contact", 4, "skill", "SQL"), ("profile", None, "value", "x")])
    assert mark_known(c, t).tolist() == [False, True, True, False]  # a skill comes from exports; not "only you"
