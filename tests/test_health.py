"""workbook.health: status rules at their boundaries, the score, health over time, dormant ties and the plan."""
from __future__ import annotations

import inspect

import icalendar
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import plan as plan_module
from workbook import health
from workbook.schema import DORMANT_DAYS

AS_OF = pd.Timestamp("2026-10-15")


def _contacts(rows: list[dict]) -> pd.DataFrame:
    """Contacts shaped like ``book.contacts()`` from a few fields per row."""
    base = {"full_name": "", "first_name": "", "company": "", "position": "", "industry": "", "emails": "",
            "circle": "", "cadence_days": None, "connected_on": pd.NaT, "archived": False}
    frame = pd.DataFrame([{**base, "full_name": f"Person {r['contact_id']}", **r} for r in rows])
    return frame.assign(connected_on=pd.to_datetime(frame["connected_on"]),
                        cadence_days=pd.array(frame["cadence_days"], dtype="Int64"),
                        archived=frame["archived"].astype(bool))


def _interactions(rows: list[tuple]) -> pd.DataFrame:
    """(contact_id, days before AS_OF, direction, kind) -> a frame shaped like ``book.interactions()``."""
    frame = pd.DataFrame(rows, columns=["contact_id", "ago", "direction", "kind"])
    return pd.DataFrame({
        "interaction_id": np.arange(1, len(frame) + 1),
        "contact_id": frame["contact_id"].astype("int64"),
        "date": AS_OF - pd.to_timedelta(frame["ago"].astype("int64"), unit="D"),
        "channel": "message", "direction": frame["direction"], "kind": frame["kind"], "note": "", "source": "manual",
    })


def _exchanges(cid: int, last: int, n: int = 1, step: int = 7) -> list[tuple]:
    """``n`` exchanges, alternating who started, the latest ``last`` days ago."""
    return [(cid, last + k * step, "inbound" if k % 2 else "outbound", "catch-up") for k in range(n)]


# ----------------------------------------------------------------------------- status at the boundaries

# (label, contact fields, exchanges, expected status). c = cadence, d = days since last contact.
STATUS_CASES = [
    # close circle, c = 30; one exchange, so never "thriving"
    ("d = c", {"circle": "close"}, _exchanges(1, 30), "steady"),
    ("d = c + 1", {"circle": "close"}, _exchanges(1, 31), "cooling"),
    ("d = 2c", {"circle": "close"}, _exchanges(1, 60), "cooling"),
    ("d = 2c + 1", {"circle": "close"}, _exchanges(1, 61), "at-risk"),
    ("d = 1094", {"circle": "close"}, _exchanges(1, DORMANT_DAYS - 1), "at-risk"),
    ("d = 1095", {"circle": "close"}, _exchanges(1, DORMANT_DAYS), "dormant"),
    # frequent (>= 7 a year at c = 30) and reciprocal: thriving up to d = c, then the cadence rules
    ("thriving at d = c", {"circle": "close"}, _exchanges(1, 30, n=8, step=20), "thriving"),
    ("frequent but d = c + 1", {"circle": "close"}, _exchanges(1, 31, n=8, step=20), "cooling"),
    ("frequent, one-sided", {"circle": "close"}, [(1, 30 + 20 * k, "outbound", "catch-up") for k in range(8)],
     "steady"),
    ("6 a year is not frequent at c = 30", {"circle": "close"}, _exchanges(1, 30, n=6, step=20), "steady"),
    # inner, c = 7
    ("inner d = 7", {"circle": "inner"}, _exchanges(1, 7), "steady"),
    ("inner d = 8", {"circle": "inner"}, _exchanges(1, 8), "cooling"),
    ("inner d = 14", {"circle": "inner"}, _exchanges(1, 14), "cooling"),
    ("inner d = 15", {"circle": "inner"}, _exchanges(1, 15), "at-risk"),
    # a per-contact cadence wins over the circle's
    ("override d = c", {"circle": "meaningful", "cadence_days": 10}, _exchanges(1, 10), "steady"),
    ("override d = c + 1", {"circle": "meaningful", "cadence_days": 10}, _exchanges(1, 11), "cooling"),
    ("override d = 2c + 1", {"circle": "meaningful", "cadence_days": 10}, _exchanges(1, 21), "at-risk"),
    # acquaintances have no cadence: measured against a year, as their score is (issue 18: three
    # years without an exchange is never "steady")
    ("acquaintance d = 365", {"circle": "acquaintance"}, _exchanges(1, 365), "steady"),
    ("acquaintance d = 366", {"circle": "acquaintance"}, _exchanges(1, 366), "cooling"),
    ("acquaintance d = 730", {"circle": "acquaintance"}, _exchanges(1, 730), "cooling"),
    ("acquaintance d = 731", {"circle": "acquaintance"}, _exchanges(1, 731), "at-risk"),
    ("acquaintance d = 1094", {"circle": "acquaintance"}, _exchanges(1, 1094), "at-risk"),
    ("acquaintance d = 1095", {"circle": "acquaintance"}, _exchanges(1, 1095), "dormant"),
    ("never in touch is never steady", {"circle": "acquaintance", "connected_on": AS_OF - pd.Timedelta(days=200)},
     [], "cooling"),
    ("never in touch, active, within cadence", {"circle": "active", "connected_on": AS_OF - pd.Timedelta(days=60)},
     [], "cooling"),
    # thriving asks that both sides take part, not that the contact start a quarter (issue 18)
    ("a mentee who starts 7 of 8 thrives", {"circle": "close"},
     [(1, 10 + 20 * k, "outbound" if k else "inbound", "support-received" if k % 2 else "catch-up")
      for k in range(8)], "thriving"),
    ("the contact starts 7 of 8: thriving", {"circle": "close"},
     [(1, 10 + 20 * k, "inbound" if k else "outbound", "catch-up") for k in range(8)], "thriving"),
    ("the contact starts all: you never wrote", {"circle": "close"},
     [(1, 10 + 20 * k, "inbound", "catch-up") for k in range(8)], "steady"),
    # never contacted: d counts from connected_on
    ("never contacted, d = 2c", {"circle": "close", "connected_on": AS_OF - pd.Timedelta(days=60)}, [], "cooling"),
    ("never contacted, d = 2c + 1", {"circle": "close", "connected_on": AS_OF - pd.Timedelta(days=61)}, [],
     "at-risk"),
    ("never contacted, 1095 days", {"circle": "acquaintance", "connected_on": AS_OF - pd.Timedelta(days=1095)}, [],
     "dormant"),
    ("never contacted, no dates, cadence", {"circle": "close"}, [], "at-risk"),
    ("never contacted, no dates, acquaintance", {"circle": "acquaintance"}, [], "at-risk"),
    # new: connected in the last 30 days with at most one exchange (wins over cooling and at-risk)
    ("new, 30 days, none", {"circle": "inner", "connected_on": AS_OF - pd.Timedelta(days=30)}, [], "new"),
    ("31 days is not new", {"circle": "inner", "connected_on": AS_OF - pd.Timedelta(days=31)}, [], "at-risk"),
    ("new today", {"connected_on": AS_OF}, [], "new"),
    ("new with one exchange", {"circle": "close", "connected_on": AS_OF - pd.Timedelta(days=10)},
     _exchanges(1, 2), "new"),
    ("two exchanges is not new", {"circle": "close", "connected_on": AS_OF - pd.Timedelta(days=10)},
     _exchanges(1, 2, n=2, step=3), "steady"),
    ("connected after as_of is not new", {"circle": "close", "connected_on": AS_OF + pd.Timedelta(days=3)}, [],
     "at-risk"),
    ("dormant wins over new", {"connected_on": AS_OF - pd.Timedelta(days=5)}, _exchanges(1, 1100), "dormant"),
]


@pytest.mark.parametrize("label, fields, exchanges, expected", STATUS_CASES, ids=[c[0] for c in STATUS_CASES])
def test_status_rules_at_the_boundaries(label, fields, exchanges, expected):
    contacts = _contacts([{"contact_id": 1, **fields}])
    h = health.assess(contacts, _interactions(exchanges), as_of=AS_OF)
    assert h.loc[1, "status"] == expected


@pytest.mark.parametrize("cadence, days, expected", [(7, 7, "steady"), (7, 8, "cooling"), (14, 28, "cooling"),
                                                     (14, 29, "at-risk")])
def test_cadence_setting_changes_the_circle_default(cadence, days, expected):
    contacts = _contacts([{"contact_id": 1, "circle": "close"}])
    h = health.assess(contacts, _interactions(_exchanges(1, days)), as_of=AS_OF,
                      settings={"cadence": {"close": cadence}})
    assert int(h.loc[1, "cadence_days"]) == cadence
    assert h.loc[1, "status"] == expected


def test_assess_columns_overdue_days_and_give_take():
    contacts = _contacts([{"contact_id": 1, "circle": "close"}, {"contact_id": 2, "circle": "acquaintance"}])
    inter = _interactions([(1, 45, "outbound", "support-given"), (1, 50, "inbound", "referral-received"),
                           (1, 60, "outbound", "recommendation"), (1, 70, "inbound", "recommendation"),
                           (2, 10, "mutual", "catch-up")])
    h = health.assess(contacts, inter, as_of=AS_OF)
    assert list(h.columns) == health.HEALTH_COLUMNS
    assert h.index.name == "contact_id"
    assert h.loc[1, ["give", "take", "balance", "n_total"]].tolist() == [2, 2, 0, 4]
    assert h.loc[1, "overdue_days"] == 15.0
    assert pd.isna(h.loc[2, "overdue_days"]) and pd.isna(h.loc[2, "cadence_days"])
    assert h.loc[2, "reciprocity"] == 0.5


def test_archived_contacts_are_left_out():
    contacts = _contacts([{"contact_id": 1}, {"contact_id": 2, "archived": True}])
    h = health.assess(contacts, _interactions(_exchanges(1, 3) + _exchanges(2, 3)), as_of=AS_OF)
    assert h.index.tolist() == [1]


def test_interactions_after_as_of_are_ignored():
    contacts = _contacts([{"contact_id": 1, "circle": "close"}])
    inter = _interactions(_exchanges(1, 40) + [(1, -5, "outbound", "catch-up")])
    h = health.assess(contacts, inter, as_of=AS_OF)
    assert h.loc[1, "days_since"] == 40.0 and h.loc[1, "status"] == "cooling"


def test_a_circle_the_person_sets_wins_over_inference():
    contacts = _contacts([{"contact_id": 1, "circle": "inner"}, {"contact_id": 2}])
    inter = _interactions(_exchanges(2, 1, n=30, step=3))
    h = health.assess(contacts, inter, as_of=AS_OF)
    assert h.loc[1, "circle"] == "inner" and h.loc[1, "cadence_days"] == 7
    assert h.loc[2, "circle"] == "inner"  # inferred from frequent, recent contact


def test_assess_does_not_mutate_its_inputs():
    contacts = _contacts([{"contact_id": 1, "circle": "close"}, {"contact_id": 2, "archived": True}])
    inter = _interactions(_exchanges(1, 12, n=3))
    c0, i0 = contacts.copy(deep=True), inter.copy(deep=True)
    health.assess(contacts, inter, as_of=AS_OF)
    health.health_over_time(contacts, inter, as_of=AS_OF, months=3)
    plan_module.weekly_plan(contacts, inter, as_of=AS_OF)
    pd.testing.assert_frame_equal(contacts, c0)
    pd.testing.assert_frame_equal(inter, i0)


def test_empty_workbook_gives_empty_frames():
    contacts = _contacts([{"contact_id": 1}]).iloc[:0]
    inter = _interactions([])
    assert health.assess(contacts, inter, as_of=AS_OF).empty
    assert health.health_over_time(contacts, inter, as_of=AS_OF, months=2).empty
    assert plan_module.weekly_plan(contacts, inter, as_of=AS_OF).empty


# ----------------------------------------------------------------------------- the score

def test_score_bounds_and_documented_values():
    frame = pd.DataFrame({"days_since": [0.0, 30.0, 60.0, np.nan], "cadence_days": pd.array([30, 30, 30, 30],
                                                                                              dtype="Int64"),
                          "n_365": [13, 13, 13, 0], "reciprocity": [0.5, 0.5, 0.5, np.nan],
                          "give": [2, 2, 2, 0], "take": [2, 2, 2, 0]})
    assert health.score_health(frame).tolist() == [100.0, 75.0, 62.5, 0.0]


@settings(max_examples=50, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=12),
    directions=st.lists(st.sampled_from(["inbound", "outbound", "mutual"]), min_size=12, max_size=12),
    kinds=st.lists(st.sampled_from(["catch-up", "support-given", "support-received", "recommendation"]),
                   min_size=12, max_size=12),
    circle=st.sampled_from(["inner", "close", "active", "meaningful", "acquaintance"]),
    later=st.integers(min_value=1, max_value=800),
)
def test_score_never_rises_as_contact_gets_older(offsets, directions, kinds, circle, later):
    contacts = _contacts([{"contact_id": 1, "circle": circle}])
    inter = _interactions([(1, o, d, k) for o, d, k in zip(offsets, directions, kinds)])
    now = health.assess(contacts, inter, as_of=AS_OF).loc[1, "score"]
    then = health.assess(contacts, inter, as_of=AS_OF + pd.Timedelta(days=later)).loc[1, "score"]
    assert 0 <= then <= now <= 100


@settings(max_examples=50, deadline=None)
@given(days=st.lists(st.floats(min_value=0, max_value=5000, allow_nan=False), min_size=2, max_size=20),
       cadence=st.sampled_from([7, 30, 90, 365, None]), n_365=st.integers(0, 60),
       reciprocity=st.one_of(st.none(), st.floats(0, 1)), give=st.integers(0, 9), take=st.integers(0, 9))
def test_score_is_monotonic_in_recency(days, cadence, n_365, reciprocity, give, take):
    days = sorted(days)
    frame = pd.DataFrame({"days_since": days, "cadence_days": pd.array([cadence] * len(days), dtype="Int64"),
                          "n_365": n_365, "reciprocity": np.nan if reciprocity is None else reciprocity,
                          "give": give, "take": take})
    scores = health.score_health(frame).to_numpy()
    assert (np.diff(scores) <= 0).all()
    assert ((scores >= 0) & (scores <= 100)).all()


# ----------------------------------------------------------------------------- health over time

def _tricky_workbook():
    """A small workbook with what makes month-end recomputation hard: person-set circles and cadences,
    more candidates than layer places, an archived contact, no connected date, future connections,
    exchanges on month ends, mutual exchanges and give/take kinds."""
    rng = np.random.default_rng(3)
    rows = []
    for cid in range(1, 41):
        rows.append({"contact_id": cid,
                     "connected_on": AS_OF - pd.Timedelta(days=int(rng.integers(-40, 1500))) if cid % 7 else pd.NaT,
                     "circle": {3: "inner", 4: "close", 5: "acquaintance", 6: "meaningful"}.get(cid, ""),
                     "cadence_days": {4: 12, 9: 45}.get(cid), "archived": cid == 8})
    contacts = _contacts(rows)
    kinds = ["catch-up", "support-given", "support-received", "recommendation", "endorsement", "intro-made",
             "referral-received", "follow-up"]
    inter = []
    for cid in range(1, 41):
        n = int(rng.integers(0, 40)) if cid % 5 else 0
        for ago in rng.integers(0, 1300, n):
            inter.append((cid, int(ago), str(rng.choice(["inbound", "outbound", "mutual"])), str(rng.choice(kinds))))
    for ago in (AS_OF - pd.Timestamp("2026-09-30")).days, (AS_OF - pd.Timestamp("2026-06-30")).days:
        inter.append((2, ago, "inbound", "catch-up"))
    return contacts, _interactions(inter)


def _assert_history_matches(contacts, inter, months, settings_=None):
    hist = health.health_over_time(contacts, inter, as_of=AS_OF, months=months, settings=settings_)
    ends = health.month_ends(AS_OF, months)
    assert list(hist["month"].unique()) == list(ends)
    for month, part in hist.groupby("month", sort=True):
        expected = health.assess(contacts, inter, as_of=month, settings=settings_).drop(columns="full_name")
        got = part.set_index("contact_id")[expected.columns]
        pd.testing.assert_frame_equal(got, expected, check_exact=True, check_names=False)
    return hist


def test_health_over_time_equals_recomputing_each_month():
    contacts, inter = _tricky_workbook()
    hist = _assert_history_matches(contacts, inter, 24, {"cadence": {"close": 20, "inner": 10}})
    assert 8 not in set(hist["contact_id"])  # archived
    assert hist["status"].astype(str).nunique() >= 4  # the workbook really exercises the rules


def test_health_over_time_on_the_demo_equals_recomputation(demo_book):
    _assert_history_matches(demo_book.contacts(), demo_book.interactions(), 6, demo_book.settings())


def test_in_network_is_false_before_someone_is_connected():
    contacts = _contacts([{"contact_id": 1, "connected_on": pd.Timestamp("2026-08-10")}])
    hist = health.health_over_time(contacts, _interactions([]), as_of=AS_OF, months=3)
    assert hist["in_network"].tolist() == [False, True, True]
    summary = health.summarise_over_time(hist)
    assert summary.loc[summary["circle"] == "all", "contacts"].tolist() == [1, 1]


def test_month_ends_and_monthly_interactions():
    assert [d.strftime("%m-%d") for d in health.month_ends("2026-03-31", 2)] == ["02-28", "03-31"]
    with pytest.raises(ValueError):
        health.month_ends(AS_OF, 0)
    inter = _interactions([(1, 0, "inbound", "catch-up"), (1, 20, "inbound", "catch-up"),
                           (2, 16, "inbound", "catch-up"), (3, 400, "inbound", "catch-up")])
    matrix = health.monthly_interactions(inter, as_of=AS_OF, months=2)
    # Aug 31, Sep 30 and the October in progress; contact 3 is outside the window
    assert matrix.index.tolist() == [1, 2] and matrix.shape == (2, 3)
    assert matrix.loc[1].tolist() == [0, 1, 1] and matrix.loc[2].tolist() == [0, 1, 0]
    chosen = health.monthly_interactions(inter, as_of=AS_OF, months=2, contact_ids=[3, 2])
    assert chosen.index.tolist() == [3, 2] and chosen.loc[3].sum() == 0


# ----------------------------------------------------------------------------- dormant ties worth reviving

# Re-baselined (issue 21): health now rates titles with the one classifier in workbook.core.titles,
# shared with the map and the mentor ranking (before: its own rules and labels). Changes: VP 0.85 ->
# 0.9 "vice president"; "Lead" 0.6 "lead" -> 0.55 "senior"; senior 0.5 -> 0.55; a Product Manager is
# an individual contributor (0.45 "manager" -> 0.4 "mid-level"); junior 0.15 -> 0.1; mid 0.35 -> 0.4.
@pytest.mark.parametrize("title, level, label", [
    ("Chief Data Officer", 1.0, "executive"),
    ("Co-founder", 1.0, "executive"),
    ("VP Product", 0.9, "vice president"),
    ("Head of Year", 0.85, "director or head"),
    ("Lead UX Researcher", 0.55, "senior"),
    ("Senior Product Manager", 0.55, "senior"),
    ("Product Manager", 0.4, "mid-level"),
    ("Engineering Manager", 0.7, "manager"),
    ("Junior Product Owner", 0.1, "junior"),
    ("Teaching Assistant", 0.1, "junior"),
    ("Data Scientist", 0.4, "mid-level"),
    ("", 0.3, "unknown seniority"),
])
def test_rate_seniority(title, level, label):
    rated = health.rate_seniority(pd.Series([title]))
    assert rated.iloc[0].tolist() == [level, label]


def test_dormant_ties_rank_by_value_not_past_closeness():
    far = AS_OF - pd.Timedelta(days=2000)
    contacts = _contacts([
        # once very close: many exchanges, junior, in the field most of the network is in
        {"contact_id": 1, "full_name": "Close Junior", "position": "Junior Teacher", "industry": "Education",
         "connected_on": far},
        # barely known, senior, in a field new to the network, matching a goal's need
        {"contact_id": 2, "full_name": "Far Director", "position": "Director of Product", "industry": "Energy",
         "connected_on": far},
        *[{"contact_id": k, "industry": "Education", "connected_on": far} for k in range(3, 8)],
    ])
    inter = _interactions(_exchanges(1, 1200, n=80, step=3) + _exchanges(2, 1500)
                          + [e for k in range(3, 8) for e in _exchanges(k, 5)])
    h = health.assess(contacts, inter, as_of=AS_OF)
    goals = pd.DataFrame({"goal_id": [1], "title": ["Move into product"], "needs": ["product management"],
                          "status": ["active"]})
    tags = pd.DataFrame({"owner": ["contact"], "contact_id": pd.array([2], dtype="Int64"), "kind": ["skill"],
                         "text": ["Product management"]})
    ranked = health.rank_dormant(h, contacts, tags=tags, goals=goals)
    assert ranked.index.tolist() == [2, 1]
    assert h.loc[1, "tie_strength"] > h.loc[2, "tie_strength"]
    top = ranked.loc[2]
    assert top["novelty"] == 1.0 and top["matched_need"] == "product management"
    assert "Director of Product" in top["reason"] and "missing from your current network" in top["reason"]
    assert "product management" in top["reason"]


# ----------------------------------------------------------------------------- contact search

def test_find_contacts_limits_orders_and_skips_archived():
    contacts = _contacts([{"contact_id": k, "full_name": f"Ana {k:03d}"} for k in range(1, 121)]
                         + [{"contact_id": 500, "full_name": "Zed", "company": "Anaconda"},
                            {"contact_id": 501, "full_name": "Ana Archived", "archived": True}])
    found = health.find_contacts(contacts, "ana", limit=50)
    assert len(found) == 50 and 501 not in set(found["contact_id"])
    assert found["full_name"].iloc[0] == "Ana 001"
    assert health.find_contacts(contacts, "anaconda")["label"].tolist() == ["Zed (Anaconda)"]
    assert health.find_contacts(contacts, "(*[") .empty  # text, not a regex


# Behaviour change (issue 21): the search is the one rule of workbook.core.search, so every word of
# the query counts, in any order, in the name, company, title, location or emails, accents ignored.
@pytest.mark.parametrize("query, expected", [
    ("zoe", [1]),
    ("acme ng", [1]),
    ("ng acme", [1]),
    ("designer", [2]),
    ("ZOË", [1]),
    ("   ", [2, 1]),  # no query: everyone, alphabetical
])
def test_find_contacts_uses_the_shared_search_rule(query, expected):
    contacts = _contacts([{"contact_id": 1, "full_name": "Zoë Ng", "company": "Acme"},
                          {"contact_id": 2, "full_name": "Bo Li", "position": "Designer"}])
    assert health.find_contacts(contacts, query)["contact_id"].tolist() == expected


def test_describe_contact_reads_one_row_and_refuses_an_unknown_id():
    contacts = _contacts([{"contact_id": 1, "full_name": "Ada", "circle": "inner"}])
    h = health.assess(contacts, _interactions(_exchanges(1, 3)), as_of=AS_OF)
    card = health.describe_contact(h, 1)
    assert card == {"contact_id": 1, "full_name": "Ada", "circle": "inner", "cadence_days": 7, "days_since": 3,
                    "score": float(h.loc[1, "score"]), "status": str(h.loc[1, "status"])}
    with pytest.raises(ValueError, match="no contact"):  # was a KeyError before issue 21
        health.describe_contact(h, 99)


# ----------------------------------------------------------------------------- the weekly plan

def _plan_workbook():
    rows = [
        {"contact_id": 1, "full_name": "Ines Inner", "first_name": "Ines", "circle": "inner"},
        {"contact_id": 2, "full_name": "Carl Close", "circle": "close"},
        {"contact_id": 3, "full_name": "Dora Dormant", "position": "VP Engineering", "industry": "Energy"},
        {"contact_id": 4, "full_name": "Omar Outreach", "circle": "meaningful"},
        {"contact_id": 5, "full_name": "Gus Giver", "circle": "active", "company": "A"},
        {"contact_id": 6, "full_name": "Archie Archived", "circle": "inner", "archived": True},
        {"contact_id": 7, "full_name": "Ada Active", "circle": "active", "company": "B"},
        {"contact_id": 8, "full_name": "Bea Active", "circle": "active", "company": "C"},
        {"contact_id": 9, "full_name": "Later Outreach", "circle": "meaningful"},
    ]
    contacts = _contacts([{**r, "connected_on": AS_OF - pd.Timedelta(days=3000)} for r in rows])
    inter = _interactions(
        _exchanges(1, 20) + _exchanges(2, 70) + _exchanges(3, 1500) + _exchanges(4, 100) + _exchanges(6, 40)
        + [(5, 10, "inbound", "support-received"), (5, 30, "inbound", "referral-received")]
        + _exchanges(7, 10) + _exchanges(8, 12) + _exchanges(9, 5))
    tags = pd.DataFrame({"owner": ["contact", "contact", "profile", "contact"], "contact_id": pd.array([7, 8, None, 6],
                                                                                                       dtype="Int64"),
                         "kind": ["interest", "interest", "interest", "interest"],
                         "text": ["Climate", "climate", "climate", "climate"]})
    outreach = pd.DataFrame({"outreach_id": [1, 2, 3], "contact_id": pd.array([4, 9, 6], dtype="Int64"),
                             "goal_id": pd.array([1, 1, 1], dtype="Int64"), "stage": ["contacted"] * 3,
                             "next_step": ["Follow up", "Follow up later", "Follow up"],
                             "due_date": pd.to_datetime(["2026-10-20", "2026-10-23", "2026-10-16"]),
                             "draft": "", "target": ""})
    goals = pd.DataFrame({"goal_id": [1], "title": ["Learn energy"], "needs": ["energy"], "status": ["active"]})
    return contacts, inter, tags, outreach, goals


def test_weekly_plan_covers_every_kind_of_step():
    contacts, inter, tags, outreach, goals = _plan_workbook()
    plan = plan_module.weekly_plan(contacts, inter, as_of=AS_OF, tags=tags, goals=goals, outreach=outreach, size=6)
    assert list(plan.columns) == plan_module.PLAN_COLUMNS
    by_kind = plan.groupby("category")["contact_id"].apply(list).to_dict()
    assert by_kind["nurture"][:2] == [1, 2]  # inner before close, both overdue
    assert by_kind["follow-up"] == [4]  # due within 7 days; 9 is due in 8
    assert by_kind["revive"] == [3]
    give = plan.loc[plan["category"] == "give"]
    assert set(give["interaction_kind"]) == {"recommendation", "intro-made"}
    intro = give.loc[give["interaction_kind"] == "intro-made"].iloc[0]
    assert {intro["contact_id"], intro["other_id"]} == {7, 8} and "Climate" in intro["reason"]
    assert plan["due"].between(AS_OF, AS_OF + pd.Timedelta(days=7)).all()
    assert plan.loc[plan["category"] == "follow-up", "due"].iloc[0] == pd.Timestamp("2026-10-20")
    assert (plan["message"].str.len() > 20).all() and (plan["reason"].str.len() > 10).all()
    assert plan["step"].tolist() == list(range(1, len(plan) + 1))


def _people(plan: pd.DataFrame) -> list[int]:
    return plan["contact_id"].tolist() + [int(x) for x in plan["other_id"].dropna()]


@pytest.mark.parametrize("size", [3, 5, 6, 7, 10])
def test_weekly_plan_never_suggests_archived_or_the_same_person_twice(size):
    contacts, inter, tags, outreach, goals = _plan_workbook()
    plan = plan_module.weekly_plan(contacts, inter, as_of=AS_OF, tags=tags, goals=goals, outreach=outreach, size=size)
    people = _people(plan)
    assert 6 not in people
    assert len(people) == len(set(people))
    assert len(plan) <= size


@settings(max_examples=10, deadline=None)
@given(archive=st.sets(st.integers(1, 250), max_size=120), size=st.integers(3, 10))
def test_weekly_plan_on_the_demo_respects_archive_and_uniqueness(demo_frames, archive, size):
    contacts, inter, tags, goals, outreach, links, settings_, as_of = demo_frames
    contacts = contacts.assign(archived=contacts["contact_id"].isin(archive))
    plan = plan_module.weekly_plan(contacts, inter, as_of=as_of, settings=settings_, tags=tags, goals=goals,
                              outreach=outreach, links=links, size=size)
    people = _people(plan)
    assert not set(people) & set(archive)
    assert len(people) == len(set(people))
    assert 1 <= len(plan) <= size


@pytest.fixture(scope="module")
def demo_frames(tmp_path_factory):
    from workbook.demo import write_demo

    book = write_demo(tmp_path_factory.mktemp("health-demo") / "demo.sqlite")
    frames = (book.contacts(include_archived=True), book.interactions(), book.tags(), book.goals(), book.outreach(),
              book.links(), book.settings(), book.as_of())
    book.close()
    return frames


def test_weekly_plan_on_the_demo_is_balanced(demo_frames):
    contacts, inter, tags, goals, outreach, links, settings_, as_of = demo_frames
    plan = plan_module.weekly_plan(contacts, inter, as_of=as_of, settings=settings_, tags=tags, goals=goals,
                              outreach=outreach, links=links)
    assert 5 <= len(plan) <= 7
    assert set(plan["category"]) == {"nurture", "follow-up", "give", "revive"}
    assert 1 <= (plan["category"] == "revive").sum() <= 2


def test_plan_exports_to_ics_and_checklist():
    contacts, inter, tags, outreach, goals = _plan_workbook()
    plan = plan_module.weekly_plan(contacts, inter, as_of=AS_OF, tags=tags, goals=goals, outreach=outreach)
    data = plan_module.plan_to_ics(plan, as_of=AS_OF)
    assert data == plan_module.plan_to_ics(plan, as_of=AS_OF)  # deterministic
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == plan["action"].tolist()
    assert [e.decoded("DTSTART") for e in events] == [d.date() for d in plan["due"]]
    assert len({str(e["UID"]) for e in events}) == len(plan)
    text = plan_module.plan_to_checklist(plan)
    assert text.count("- [ ] ") == len(plan)
    assert "Ines" in text


def test_checklist_escapes_markdown_from_data():
    plan = pd.DataFrame({"step": [1], "category": ["give"], "action": ["Thank [x](javascript:alert(1)) <b>"],
                         "reason": ["*bold*"], "message": ["line\nbreak"], "due": [AS_OF]})
    text = plan_module.plan_to_checklist(plan)
    assert "\\[x\\](javascript:alert(1)) \\<b\\>" in text and "\\*bold\\*" in text
    assert "line break" in text


def test_public_functions_are_documented_with_examples():
    for name in health.__all__:
        obj = getattr(health, name)
        if callable(obj):
            doc = inspect.getdoc(obj) or ""
            assert doc, f"{name} has no docstring"
            assert ">>>" in doc, f"{name} has no example"


# ----------------------------------------------------------------------------- words that match the numbers (issues 18, 19)


@pytest.mark.parametrize("circles, statuses, expected", [
    # The walk: one close tie, 1,245 days silent, drawn as dormant, was headlined "thriving, steady or new".
    (["close", "acquaintance"], ["dormant", "steady"], "Your 1 inner or close tie is dormant"),
    (["close"], ["thriving"], "Your 1 inner or close tie is thriving"),
    (["inner", "close", "close"], ["cooling", "dormant", "steady"],
     "2 of your 3 inner and close ties are cooling or dormant"),
    (["inner", "close"], ["at-risk", "at-risk"], "Both of your inner and close ties are at risk"),
    (["inner", "close", "active"], ["steady", "new", "dormant"], "Both of your inner and close ties are steady or new"),
    (["active", "acquaintance"], ["steady", "dormant"], "50% of your ties are thriving, steady or new"),
])
def test_the_headline_counts_the_statuses_the_chart_draws(circles, statuses, expected):
    h = pd.DataFrame({"circle": circles, "status": statuses, "full_name": "x"})
    assert health.health_headline(h) == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["inner", "close", "active", "acquaintance"]),
                          st.sampled_from(list(health.STATUSES))), min_size=1, max_size=30))
def test_the_headline_never_calls_a_fading_tie_healthy(rows):
    h = pd.DataFrame(rows, columns=["circle", "status"])
    text = health.health_headline(h)
    close = h.loc[h["circle"].isin(["inner", "close"])]
    fading = int(close["status"].isin(health.FADING).sum())
    if len(close) and fading:
        assert "thriving" not in text and "steady" not in text and "new" not in text.split()
        assert text.startswith((f"{fading} of your {len(close)}", f"All {fading}", "Both", "Your 1"))
    elif len(close):
        assert not any(w in text for w in ("cooling", "at risk", "dormant"))


def test_the_headline_comes_from_assess_on_the_walks_workbook():
    contacts = _contacts([{"contact_id": 1, "circle": "close", "connected_on": AS_OF - pd.Timedelta(days=3000)}])
    h = health.assess(contacts, _interactions([(1, 1245, "mutual", "catch-up")]), as_of=AS_OF)
    assert h.loc[1, "status"] == "dormant" and health.health_headline(h) == "Your 1 inner or close tie is dormant"


@pytest.mark.parametrize("row, expected", [
    ({"status": "thriving", "cadence_days": 30, "days_since": 9, "n_365": 14, "n_total": 20, "reciprocity": 0.1,
      "give": 0, "take": 3}, "normal when you are the one being helped"),
    ({"status": "thriving", "cadence_days": 30, "days_since": 9, "n_365": 14, "n_total": 20, "reciprocity": 0.1,
      "give": 3, "take": 0}, "fine if you are the one keeping this tie alive"),
    ({"status": "steady", "cadence_days": 30, "days_since": 9, "n_365": 14, "n_total": 20, "reciprocity": 1.0,
      "give": 0, "take": 0}, "you have not started or shared an exchange yet"),
    ({"status": "steady", "cadence_days": 30, "days_since": 9, "n_365": 3, "n_total": 3, "reciprocity": 0.5,
      "give": 0, "take": 0}, "fewer exchanges this year than half"),
    ({"status": "dormant", "cadence_days": None, "days_since": 3300, "n_total": 0}, "connected 9 years ago, never in touch"),
    ({"status": "at-risk", "cadence_days": None, "days_since": 800, "n_365": 0, "n_total": 2, "reciprocity": 0.5},
     "more than twice a year"),
])
def test_explain_status_says_why(row, expected):
    assert expected in health.explain_status(row)


def test_a_mentee_who_writes_first_thrives_and_is_told_why():
    ex = [(1, 10 + 20 * k, "outbound" if k else "inbound", "support-received" if k % 2 else "catch-up")
          for k in range(8)]
    h = health.assess(_contacts([{"contact_id": 1, "circle": "close"}]), _interactions(ex), as_of=AS_OF)
    assert h.loc[1, "reciprocity"] < health.RECIPROCAL[0] and h.loc[1, "status"] == "thriving"
    assert "normal when you are the one being helped" in health.explain_statuses(h).loc[1]


def test_inner_scores_are_explained_next_to_the_others():
    contacts = _contacts([{"contact_id": 1, "circle": "inner"}, {"contact_id": 2, "circle": "meaningful"}])
    h = health.assess(contacts, _interactions(_exchanges(1, 10) + _exchanges(2, 90)), as_of=AS_OF)
    table = health.compare_circle_scores(h).set_index("circle")
    # Seen 10 days ago, the inner tie scores below a meaningful one seen 90 days ago: each is
    # measured against its own rhythm, and the table says so next to the numbers.
    assert table.loc["inner", "median_score"] < table.loc["meaningful", "median_score"]
    assert table.loc["inner", "horizon_days"] == 7 and table.loc["meaningful", "horizon_days"] == 365
    assert "7-day rhythm" in table.loc["inner", "meaning"] and "365-day rhythm" in table.loc["meaningful", "meaning"]
