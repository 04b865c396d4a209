"""The array code behind workbook.ties and workbook.health against plain-Python references of the
documented rules, on random small inputs (the fast paths share bincounts, lookup tables and a
selection instead of a sort, so these catch an off-by-one in any of them)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import health, ties
from workbook.schema import (CIRCLES, DEFAULT_CADENCE, DIRECTIONAL_GIVE_KINDS, DORMANT_DAYS, DUNBAR_SIZES,
                             GIVE_KINDS, TAKE_KINDS)

AS_OF = pd.Timestamp("2026-10-15")
KINDS = ["catch-up", "support-given", "support-received", "recommendation", "endorsement", "intro-made"]
DIRECTIONS = ["inbound", "outbound", "mutual", None]


# ----------------------------------------------------------------------------- references, one loop each


def reference_ties(contacts: pd.DataFrame, interactions: pd.DataFrame, as_of) -> dict[int, dict]:
    """measure_ties by its docstring: whole days elapsed, mutual counts half, nothing after as_of."""
    as_of = pd.Timestamp(as_of).normalize()
    rows = {int(cid): {"first": None, "last": None, "n_total": 0, "n_90": 0, "n_365": 0, "inbound": 0.0,
                       "outbound": 0.0, "give": 0, "take": 0} for cid in contacts["contact_id"]}
    for cid, when, direction, kind in zip(interactions["contact_id"], interactions["date"],
                                          interactions["direction"], interactions["kind"]):
        r = rows.get(int(cid))
        if r is None or pd.isna(when) or when > as_of:
            continue
        age = (as_of - when).days
        r["n_total"] += 1
        r["n_90"] += age <= 90
        r["n_365"] += age <= 365
        r["first"] = when if r["first"] is None else min(r["first"], when)
        r["last"] = when if r["last"] is None else max(r["last"], when)
        r["inbound"] += {"inbound": 1.0, "mutual": 0.5}.get(direction, 0.0)
        r["outbound"] += {"outbound": 1.0, "mutual": 0.5}.get(direction, 0.0)
        r["give"] += kind in GIVE_KINDS or (kind in DIRECTIONAL_GIVE_KINDS and direction == "outbound")
        r["take"] += kind in TAKE_KINDS or (kind in DIRECTIONAL_GIVE_KINDS and direction == "inbound")
    for cid, connected in zip(contacts["contact_id"], contacts["connected_on"]):
        r = rows[int(cid)]
        if r["last"] is not None:
            r["days_since"] = float((as_of - r["last"]).days)
        elif pd.notna(connected) and connected <= as_of:
            r["days_since"] = float((as_of - connected).days)
        else:
            r["days_since"] = math.nan
        total = r["inbound"] + r["outbound"]
        r["reciprocity"] = r["inbound"] / total if total else math.nan
        r["duration_days"] = float((r["last"] - r["first"]).days) if r["last"] is not None else 0.0
        r["tie_strength"] = reference_strength(r)
    return rows


def reference_strength(r: dict) -> float:
    w = ties.WEIGHTS
    recency = math.exp(-max(r["days_since"], 0) / 180) if r["last"] is not None else 0.0
    frequency = min(math.log1p(r["n_365"]) / math.log1p(52), 1.0)
    balance = 0.0 if math.isnan(r["reciprocity"]) else 1 - abs(2 * r["reciprocity"] - 1)
    services = min(math.log1p(r["give"] + r["take"]) / math.log1p(10), 1.0)
    score = (w["recency"] * recency + w["frequency"] * frequency + w["reciprocity"] * balance
             + w["duration"] * min(r["duration_days"] / (5 * 365), 1.0) + w["services"] * services)
    return min(max(score, 0.0), 1.0)


def reference_circles(chosen: list[str], strength: list[float], days: list[float], n_365: list[int],
                      contacted: list[bool]) -> list[str]:
    """assign_circles by its docstring: the closest layer whose rhythm the exchanges keep, no quotas
    (strength no longer matters)."""
    result = []
    for c, d, n, ever in zip(chosen, days, n_365, contacted):
        if c in CIRCLES:
            result.append(c)
            continue
        keeps = [layer for layer, (max_days, min_n) in ties.CIRCLE_RHYTHM.items()
                 if ever and not math.isnan(d) and d <= max_days and n >= min_n]
        result.append(keeps[0] if keeps else "acquaintance")
    return result


def reference_health(r: dict, cadence: float, days_connected: float) -> tuple[float, str]:
    """Score and status of one measured tie by the rules in workbook.health's docstring."""
    d, c, h = r["days_since"], cadence, (NO_CADENCE if math.isnan(cadence) else cadence)
    recency = 0.0 if math.isnan(d) else 0.5 ** (max(d, 0) / h)
    balance = 0.0 if math.isnan(r["reciprocity"]) else 1 - abs(2 * r["reciprocity"] - 1)
    score = round(50 * recency + 25 * min(1, r["n_365"] * h / 365) + 15 * balance
                  + 10 * min(1, (r["give"] + r["take"]) / 4), 1)
    frequent = r["n_365"] * 2 * c >= 365 and r["n_365"] >= 2
    horizon = NO_CADENCE if math.isnan(c) else c
    if d >= DORMANT_DAYS:
        status = "dormant"
    elif 0 <= days_connected <= 30 and r["n_total"] <= 1:
        status = "new"
    elif math.isnan(d):
        status = "at-risk"
    elif not math.isnan(c) and d <= c and frequent and 0 < r["reciprocity"] < 1:
        status = "thriving"
    elif r["n_total"] > 0 and d <= horizon:
        status = "steady"
    else:
        status = "cooling" if d <= 2 * horizon else "at-risk"
    return score, status


NO_CADENCE = health.NO_CADENCE_HORIZON


# ----------------------------------------------------------------------------- random workbooks


@st.composite
def workbooks(draw, max_contacts: int = 12, max_exchanges: int = 60):
    n = draw(st.integers(1, max_contacts))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    contacts = pd.DataFrame({
        "contact_id": ids,
        "full_name": [f"Person {k}" for k in ids],
        "connected_on": [AS_OF - pd.Timedelta(days=d) if d is not None else pd.NaT
                         for d in draw(st.lists(st.one_of(st.none(), st.integers(-60, 2000)), min_size=n,
                                                max_size=n))],
        "circle": draw(st.lists(st.sampled_from(["", "", "", "inner", "close", "acquaintance", "meaningful"]),
                                min_size=n, max_size=n)),
        "cadence_days": pd.array(draw(st.lists(st.one_of(st.none(), st.integers(1, 400)), min_size=n, max_size=n)),
                                 dtype="Int64"),
        "archived": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
    })
    m = draw(st.integers(0, max_exchanges))
    # Minutes, not days, so times of day and the as_of boundary are exercised; a few unknown contacts.
    inter = pd.DataFrame({
        "contact_id": draw(st.lists(st.sampled_from(ids + [99_999]), min_size=m, max_size=m)),
        "date": [AS_OF - pd.Timedelta(minutes=k) for k in draw(st.lists(st.integers(-30 * 1440, 1500 * 1440),
                                                                        min_size=m, max_size=m))],
        "direction": draw(st.lists(st.sampled_from(DIRECTIONS), min_size=m, max_size=m)),
        "kind": draw(st.lists(st.sampled_from(KINDS), min_size=m, max_size=m)),
    })
    return contacts, inter.astype({"date": draw(st.sampled_from(["datetime64[ns]", "datetime64[us]",
                                                                  "datetime64[s]"]))})


def _close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12


# ----------------------------------------------------------------------------- properties


@settings(max_examples=50, deadline=None)
@given(workbooks(), st.integers(0, 36))
def test_measure_ties_matches_the_reference(book, hours):
    contacts, inter = book
    as_of = AS_OF + pd.Timedelta(hours=hours)  # normalised to the day by measure_ties
    got = ties.measure_ties(contacts, inter, as_of=as_of)
    want = reference_ties(contacts, inter, as_of)
    assert got.index.tolist() == [int(c) for c in contacts["contact_id"]]
    for cid, r in want.items():
        row = got.loc[cid]
        assert [row[k] for k in ("n_total", "n_90", "n_365", "give", "take")] == \
            [r[k] for k in ("n_total", "n_90", "n_365", "give", "take")]
        assert (pd.isna(row["last_contact"]) and r["last"] is None) or row["last_contact"] == r["last"]
        assert (pd.isna(row["first_contact"]) and r["first"] is None) or row["first_contact"] == r["first"]
        for k in ("inbound", "outbound", "days_since", "reciprocity", "duration_days", "tie_strength"):
            assert _close(float(row[k]), r[k]), (cid, k, row[k], r[k])


@settings(max_examples=50, deadline=None)
@given(workbooks(max_contacts=20, max_exchanges=120), st.sampled_from([None, {"cadence": {"close": 12}}]))
def test_assess_matches_the_reference(book, settings_):
    contacts, inter = book
    h = health.assess(contacts, inter, as_of=AS_OF, settings=settings_)
    live = contacts.loc[~contacts["archived"]]
    # assess counts whole calendar days: the reference sees dates at midnight.
    want = reference_ties(live, inter.assign(date=inter["date"].dt.normalize()), AS_OF)
    ids = [int(c) for c in live["contact_id"]]
    assert h.index.tolist() == ids
    circles = reference_circles(list(live["circle"]), [want[c]["tie_strength"] for c in ids],
                                [want[c]["days_since"] for c in ids], [want[c]["n_365"] for c in ids],
                                [want[c]["last"] is not None for c in ids])
    assert h["circle"].astype(str).tolist() == circles
    table = {**DEFAULT_CADENCE, **((settings_ or {}).get("cadence") or {})}
    for cid, circle, override, connected in zip(ids, circles, live["cadence_days"], live["connected_on"]):
        cadence = float(override) if pd.notna(override) else float(table.get(circle, math.nan))
        days_connected = (AS_OF - connected).days if pd.notna(connected) else math.nan
        score, status = reference_health(want[cid], cadence, days_connected)
        row = h.loc[cid]
        assert _close(float(row["cadence_days"]) if pd.notna(row["cadence_days"]) else math.nan, cadence)
        assert row["status"] == status, (cid, row.to_dict(), want[cid])
        assert abs(row["score"] - score) <= 0.05 + 1e-9  # rounding to one decimal may flip on the last bit
        assert _close(row["overdue_days"], max(want[cid]["days_since"] - cadence, 0)
                      if not math.isnan(cadence) else math.nan)


@settings(max_examples=25, deadline=None)
@given(workbooks(max_contacts=15, max_exchanges=150), st.integers(1, 14))
def test_health_over_time_equals_assess_at_each_month_end(book, months):
    contacts, inter = book
    hist = health.health_over_time(contacts, inter, as_of=AS_OF, months=months)
    for month, part in hist.groupby("month", sort=True):
        expected = health.assess(contacts, inter, as_of=month).drop(columns="full_name")
        got = part.set_index("contact_id")[expected.columns]
        pd.testing.assert_frame_equal(got, expected, check_exact=True, check_names=False)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_circle_layers_match_the_rhythm_rule(data):
    """Many contacts keeping each rhythm: no layer is capped, and strength decides nothing."""
    n = data.draw(st.integers(1, 400))
    strength = data.draw(st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.5000001, 0.9]), min_size=n, max_size=n))
    days = data.draw(st.lists(st.sampled_from([1.0, 20.0, 60.0, 200.0, 1000.0, math.nan]), min_size=n, max_size=n))
    n_365 = data.draw(st.lists(st.sampled_from([0, 1, 2, 5, 6, 23, 24, 40]), min_size=n, max_size=n))
    contacted = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    chosen = data.draw(st.lists(st.sampled_from(["", "", "", "inner", "active", "bogus"]), min_size=n, max_size=n))
    ids = np.arange(n)[::-1] + 1  # ids not in list order: order, not id, breaks ties
    contacts = pd.DataFrame({"contact_id": ids, "circle": chosen})
    measured = pd.DataFrame({"tie_strength": strength, "days_since": days, "n_365": n_365,
                             "last_contact": [AS_OF if c else pd.NaT for c in contacted]},
                            index=pd.Index(ids, name="contact_id")).sample(frac=1.0, random_state=n)
    got = ties.assign_circles(contacts, measured)
    assert got.tolist() == reference_circles(chosen, strength, days, n_365, contacted)


# ----------------------------------------------------------------------------- edges, table style


@pytest.mark.parametrize("when, unit, days_since, n_90", [
    ("2026-10-14 23:59", "ns", 0.0, 1),   # the evening before as_of: not yet a whole day
    ("2026-10-14 00:00", "us", 1.0, 1),
    ("2026-07-16 12:00", "s", 90.0, 1),   # 90 whole days: still in the 90-day window
    ("2026-07-16 00:00", "ns", 91.0, 0),
    ("2026-10-15 00:00", "ns", 0.0, 1),   # as_of itself counts
    ("2026-10-15 00:01", "ns", 5.0, 0),   # later that day is after as_of: only connected_on is left
])
def test_measure_ties_counts_whole_days_in_any_unit(when, unit, days_since, n_90):
    contacts = pd.DataFrame({"contact_id": [1], "connected_on": [pd.Timestamp("2026-10-10")]})
    inter = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime([when]).astype(f"datetime64[{unit}]"),
                          "direction": ["inbound"], "kind": ["catch-up"]})
    t = ties.measure_ties(contacts, inter, as_of=AS_OF)
    assert t.loc[1, "days_since"] == days_since and t.loc[1, "n_90"] == n_90
    if n_90:
        assert t["last_contact"].dtype == f"datetime64[{unit}]"


@pytest.mark.parametrize("keys, values, expected", [
    ([5, 6, 7], [7, 5, 8, 4, -1], [2, 0, -1, -1, -1]),                 # dense ids, some outside the range
    ([10**12, 3], [3, 10**12, 4], [1, 0, -1]),                          # sparse ids: hashed instead
    ([1, 2], np.array([2.0, np.nan, 1.0]), [1, -1, 0]),                 # float ids from a nullable column
    ([], [1, 2], [-1, -1]),
])
def test_positions_of_contact_ids(keys, values, expected):
    got = ties._positions(pd.Index(np.asarray(keys, dtype="int64")), np.asarray(values))
    assert got.tolist() == expected


def test_repeated_contact_ids_get_the_same_measures():
    contacts = pd.DataFrame({"contact_id": [4, 4, 9], "connected_on": pd.to_datetime(["2026-01-01", None, None])})
    inter = pd.DataFrame({"contact_id": [4, 4, 9], "date": pd.to_datetime(["2026-10-01", "2026-10-05", "2026-09-01"]),
                          "direction": ["inbound", "mutual", "outbound"], "kind": ["catch-up"] * 3})
    t = ties.measure_ties(contacts, inter, as_of=AS_OF)
    assert t.index.tolist() == [4, 4, 9]
    assert t["n_total"].tolist() == [2, 2, 1] and t["reciprocity"].tolist() == [0.75, 0.75, 0.0]
