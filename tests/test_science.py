"""The science, said right (issue 18): one home for the sources, each cited correctly, and the
rules that rest on them.

- Dunbar's layers describe personal networks: circles are inferred from the rhythm kept, never
  filled up to Dunbar's sizes (so comparing a network with those sizes is not circular);
- Rajkumar et al. 2022: the inverted U is for tie strength by mutual connections; by interaction
  intensity (the measure this workbook uses) the weakest ties helped most;
- dormant ties: Levin, Walter & Murnighan 2011; "weaker and more senior": Walter, Levin &
  Murnighan 2015;
- never "last in touch N years ago" for someone never contacted.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import health, prompts, ties
from workbook.schema import DUNBAR_SIZES

ROOT = Path(__file__).resolve().parent.parent
AS_OF = pd.Timestamp("2026-10-15")
#: The files whose wording this suite owns (the rest of the repository is reported, not edited).
OWN = ["workbook/health", "workbook/plan.py", "workbook/prompts.py", "workbook/ties.py",
       "workbook/outreach/drafts.py", "workbook/outreach/pipeline.py", "workbook/outreach/needs.py",
       "workbook/outreach/where_to_meet.py", "workbook/outreach/intro_routes.py",
       "workbook/common_ground/introductions.py", "workbook/common_ground/starters.py"]


def _own_text() -> str:
    files = []
    for name in OWN:
        path = ROOT / name
        files += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


# ----------------------------------------------------------------------------- one home for the sources


REQUIRED = ["dunbar", "weak-ties", "weak-ties-test", "dormant-ties", "dormant-value", "ask-yes", "ask-in-person",
            "reciprocity", "givers", "homophily", "women-networks", "minority-networks", "borrowed-networks",
            "structural-holes", "developmental-networks", "tie-strength"]


@pytest.mark.parametrize("key", REQUIRED)
def test_every_source_has_a_citation_a_finding_and_its_use(key):
    source = prompts.SOURCES[key]
    assert set(source) == {"cite", "reference", "finding", "use"}
    assert all(len(v.strip()) > 20 or k == "cite" for k, v in source.items())
    assert re.search(r"(19|20)\d\d", source["cite"]) and source["cite"].split()[0].rstrip(",") in source["reference"]


@pytest.mark.parametrize("key, cite", [
    ("dormant-ties", "Levin, Walter & Murnighan 2011"),
    ("dormant-value", "Walter, Levin & Murnighan 2015"),
    ("weak-ties-test", "Rajkumar et al. 2022"),
    ("ask-yes", "Flynn & Lake 2008"),
    ("ask-in-person", "Roghanizad & Bohns 2017"),
    ("reciprocity", "Gouldner 1960"),
    ("givers", "Grant 2013"),
    ("homophily", "McPherson, Smith-Lovin & Cook 2001"),
    ("women-networks", "Ibarra 1992"),
    ("borrowed-networks", "Burt 1998"),
    ("developmental-networks", "Higgins & Kram 2001"),
])
def test_citations_are_the_right_papers(key, cite):
    assert prompts.cite(key) == cite


def test_an_unknown_source_is_named():
    with pytest.raises(KeyError, match="SOURCES"):
        prompts.cite("astrology")


def test_the_weak_ties_finding_says_which_measure_and_the_workbook_says_which_it_uses():
    s = prompts.SOURCES["weak-ties-test"]
    assert "mutual connections" in s["finding"] and "inverted U" in s["finding"]
    assert "interaction intensity" in s["finding"] and "weakest ties helped most" in s["finding"]
    assert "interaction measure" in s["use"] and "not a count of mutual connections" in s["use"]
    assert "Science 377" in s["reference"]


def test_the_findings_that_change_advice_are_there():
    text = {k: v["finding"] + " " + v["use"] for k, v in prompts.SOURCES.items()}
    assert "burn out" in text["givers"]
    assert "several" in text["developmental-networks"]
    assert "sponsor" in text["borrowed-networks"]
    assert "face to face" in text["ask-in-person"] and "email" in text["ask-in-person"]
    assert "underestimate" in text["ask-yes"]
    assert "never filled up" in text["dunbar"] and "no target" in text["dunbar"]


@pytest.mark.parametrize("wrong", [
    r"Levin et al\.? \(?2015", r"Levin,? Walter,? Appleyard", r"Levin et al\.? \(?2011\)?[^.\n]{0,60}senior",
    r"moderately weak ties helped",
])
def test_no_wrong_citation_in_the_files_this_suite_owns(wrong):
    assert not re.search(wrong, _own_text()), wrong


def test_the_weak_ties_prompt_does_not_promise_the_middle_band():
    assert "moderately weak" not in prompts.ask("map.weak-ties")


# ----------------------------------------------------------------------------- Dunbar: no quotas


def _weekly(cid: int, n: int, last: int = 1) -> list[dict]:
    return [{"contact_id": cid, "date": AS_OF - pd.Timedelta(days=last + 7 * k), "direction": "mutual",
             "kind": "catch-up"} for k in range(n)]


def _circles(rows: list[list[dict]], chosen: list[str] | None = None) -> pd.Series:
    n = len(rows)
    c = pd.DataFrame({"contact_id": np.arange(1, n + 1), "circle": chosen or [""] * n,
                      "connected_on": pd.to_datetime(["2018-01-01"] * n)})
    i = pd.DataFrame([e for r in rows for e in r], columns=["contact_id", "date", "direction", "kind"])
    return ties.assign_circles(c, ties.measure_ties(c, i, as_of=AS_OF))


def test_forty_weekly_contacts_are_all_inner_not_five():
    circles = _circles([_weekly(k, 40) for k in range(1, 41)])
    assert (circles == "inner").sum() == 40 > DUNBAR_SIZES["inner"]


def test_a_small_network_is_never_padded_into_layers():
    circles = _circles([_weekly(1, 2, last=200), _weekly(2, 1, last=900), []])
    assert circles.tolist() == ["active", "meaningful", "acquaintance"]


@pytest.mark.parametrize("n, last, expected", [
    (24, 1, "inner"), (23, 1, "close"), (40, 31, "close"), (6, 80, "close"), (5, 80, "active"),
    (2, 300, "active"), (1, 300, "meaningful"), (1, 1094, "meaningful"), (1, 1095, "acquaintance"),
])
def test_circles_follow_the_rhythm_kept(n, last, expected):
    rows = [{"contact_id": 1, "date": AS_OF - pd.Timedelta(days=last + k), "direction": "mutual",
             "kind": "catch-up"} for k in range(n)]
    assert _circles([rows]).tolist() == [expected]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 1200)), min_size=1, max_size=25),
       st.integers(0, 60))
def test_a_contacts_circle_depends_on_their_own_rhythm_only(people, crowd):
    """With quotas, others' strength pushed a contact out of a layer; now adding a crowd of weekly
    contacts changes nobody else's circle."""
    rows = [[{"contact_id": k + 1, "date": AS_OF - pd.Timedelta(days=last + 3 * j), "direction": "mutual",
              "kind": "catch-up"} for j in range(n)] for k, (n, last) in enumerate(people)]
    alone = _circles(rows).tolist()
    extra = [_weekly(len(rows) + j + 1, 40) for j in range(crowd)]
    assert _circles(rows + extra).tolist()[:len(rows)] == alone


# ----------------------------------------------------------------------------- never in touch


@pytest.mark.parametrize("days, n_total, expected", [
    (3300, 0, "connected 9 years ago, never in touch"),
    (3300, 2, "last in touch 9 years ago"),
    (45, 0, "connected 45 days ago, never in touch"),
    (None, 0, "never in touch"),
])
def test_never_last_in_touch_for_someone_never_contacted(days, n_total, expected):
    assert health.describe_since(days, n_total) == expected


def test_dormant_reasons_say_connected_never_in_touch():
    c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Nia", "Oli"], "position": ["VP", "VP"],
                      "industry": ["", ""], "company": ["", ""], "circle": ["", ""],
                      "connected_on": pd.to_datetime(["2017-08-01", "2017-08-01"])})
    i = pd.DataFrame({"contact_id": [2], "date": [pd.Timestamp("2019-01-01")], "direction": ["mutual"],
                      "kind": ["catch-up"]})
    h = health.assess(c, i, as_of=AS_OF)
    reasons = health.rank_dormant(h, c)["reason"]
    assert "connected 9 years ago, never in touch" in reasons.loc[1] and "last in touch" not in reasons.loc[1]
    assert "last in touch 7 years ago" in reasons.loc[2]
