"""Common ground: items, rarity-weighted scores and their explanations, who shares what,
conversation starters, introductions, collaboration and the interests-by-circle map."""
from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import common_ground as cg
from workbook.schema import CIRCLES


# ----------------------------------------------------------------------------- builders


def build(people: dict[int, list[tuple[str, str]]], mine: list[tuple[str, str]] = (), *,
          companies: dict[int, str] | None = None, locations: dict[int, str] | None = None,
          profile_company: str = "", profile_location: str = ""):
    """(contacts, tags, profile) frames shaped like the store's, from plain dicts."""
    ids = sorted(people)
    companies, locations = companies or {}, locations or {}
    contacts = pd.DataFrame({
        "contact_id": pd.Series(ids, dtype="int64"),
        "full_name": [f"Person {i}" for i in ids],
        "company": [companies.get(i, "") for i in ids],
        "position": ["" for _ in ids],
        "location": [locations.get(i, "") for i in ids],
    })
    rows = [("profile", None, k, t) for k, t in mine] + [("contact", i, k, t) for i in ids for k, t in people[i]]
    tags = pd.DataFrame(rows, columns=["owner", "contact_id", "kind", "text"]).astype({"contact_id": "Int64"})
    tags.insert(0, "tag_id", np.arange(1, len(tags) + 1))
    profile = pd.DataFrame({"name": ["Me"], "company": [profile_company], "location": [profile_location]})
    return contacts, tags, profile


def scores_by_id(*frames) -> pd.DataFrame:
    return cg.score_common_ground(*frames).set_index("contact_id")


# ----------------------------------------------------------------------------- scores and explanations

SCORE_CASES = [
    # (name, people, mine, assertion on the scores frame indexed by contact_id)
    ("rare shared interest outranks a common one",
     {1: [("interest", "beekeeping")], 2: [("interest", "technology")], 3: [("interest", "technology")],
      4: [("interest", "technology")]},
     [("interest", "beekeeping"), ("interest", "technology")],
     lambda s: s.loc[1, "score"] > s.loc[2, "score"] > 0),
    ("nothing shared scores zero",
     {1: [("interest", "golf")], 2: [("interest", "chess")]},
     [("interest", "origami")],
     lambda s: (s["score"] == 0).all() and (s["n_shared"] == 0).all() and (s["shared"] == "").all()),
    ("identical items score one",
     {1: [("interest", "chess"), ("value", "curiosity")], 2: [("interest", "golf")]},
     [("interest", "chess"), ("value", "curiosity")],
     lambda s: s.loc[1, "score"] == pytest.approx(1.0)),
    ("matching ignores case and spacing",
     {1: [("interest", "  Open   SOURCE ")], 2: [("interest", "golf")]},
     [("interest", "open source")],
     lambda s: s.loc[1, "n_shared"] == 1 and s.loc[2, "n_shared"] == 0),
    ("same text of another kind is not shared",
     {1: [("value", "sustainability")]},
     [("interest", "sustainability")],
     lambda s: s.loc[1, "score"] == 0),
    ("a shared value counts like a shared interest",
     {1: [("value", "generosity")], 2: [("interest", "generosity")]},
     [("value", "generosity")],
     lambda s: s.loc[1, "score"] > 0 and s.loc[2, "score"] == 0),
    ("more shared items score higher, all else equal",
     {1: [("interest", "chess"), ("interest", "golf")], 2: [("interest", "chess"), ("interest", "poker")],
      3: [("interest", "darts"), ("interest", "poker")]},
     [("interest", "chess"), ("interest", "golf"), ("interest", "poker")],
     lambda s: s.loc[1, "score"] > s.loc[3, "score"] and s.loc[2, "score"] > s.loc[3, "score"]),
]


@pytest.mark.parametrize(("name", "people", "mine", "check"), SCORE_CASES, ids=[c[0] for c in SCORE_CASES])
def test_score_cases(name, people, mine, check):
    assert check(scores_by_id(*build(people, mine)))


HISTORY_CASES = [
    # (name, companies, locations, mine, profile company, profile location, contact 1 shares?)
    ("past employer tag matches a current company", {1: "Acme Ltd"}, {}, [("employer", "ACME")], "", "", True),
    ("the profile's own company matches", {1: "Brightpath Trust"}, {}, [], "brightpath trust", "", True),
    ("city before the comma matches", {}, {1: "Manchester, United Kingdom"}, [], "", "Manchester", True),
    ("a city tag matches a location", {}, {1: "Greater Leeds Area"}, [("city", "Leeds")], "", "", True),
    ("different employers do not match", {1: "Acme"}, {}, [("employer", "Apex")], "", "", False),
]


@pytest.mark.parametrize(("name", "companies", "locations", "mine", "pcompany", "plocation", "shares"),
                         HISTORY_CASES, ids=[c[0] for c in HISTORY_CASES])
def test_shared_history_counts_in_the_history_part(name, companies, locations, mine, pcompany, plocation, shares):
    people = {1: [("interest", "chess")], 2: [("interest", "golf")]}
    s = scores_by_id(*build(people, [("interest", "origami"), *mine], companies=companies, locations=locations,
                            profile_company=pcompany, profile_location=plocation))
    assert bool(s.loc[1, "history_part"] > 0) is shares
    assert s.loc[1, "tags_part"] == 0
    assert s.loc[1, "score"] == pytest.approx(s.loc[1, "history_part"])


def test_community_and_event_are_history_interests_are_tags():
    people = {1: [("community", "Product Guild"), ("interest", "chess")], 2: [("event", "PyData 2025")]}
    s = scores_by_id(*build(people, [("community", "Product Guild"), ("interest", "chess"),
                                     ("event", "PyData 2025")]))
    assert s.loc[1, "history_part"] > 0 and s.loc[1, "tags_part"] > 0
    assert s.loc[2, "tags_part"] == 0 and s.loc[2, "history_part"] > 0


EXPLAIN_CASES = [
    ("rarest first",
     {1: [("interest", "technology"), ("interest", "beekeeping")], 2: [("interest", "technology")],
      3: [("interest", "technology")]},
     [("interest", "technology"), ("interest", "beekeeping")], 1, ["beekeeping", "technology"]),
    ("ties in rarity go alphabetically",
     {1: [("interest", "zumba"), ("interest", "aikido")]},
     [("interest", "zumba"), ("interest", "aikido")], 1, ["aikido", "zumba"]),
    ("nothing shared, empty explanation",
     {1: [("interest", "golf")]}, [("interest", "chess")], 1, []),
    ("the person's spelling is shown",
     {1: [("interest", "GO (Board Game)")]}, [("interest", "Go (board game)")], 1, ["Go (board game)"]),
]


@pytest.mark.parametrize(("name", "people", "mine", "cid", "expected"), EXPLAIN_CASES,
                         ids=[c[0] for c in EXPLAIN_CASES])
def test_explanations(name, people, mine, cid, expected):
    frames = build(people, mine)
    why = cg.explain_common_ground(*frames, cid)
    assert why["text"].tolist() == expected
    assert why["df"].is_monotonic_increasing
    score = scores_by_id(*frames).loc[cid, "score"]
    assert why["contribution"].sum() == pytest.approx(score)


def test_explain_refuses_an_unknown_contact():
    with pytest.raises(ValueError, match="no contact with id 99"):
        cg.explain_common_ground(*build({1: []}), 99)


def test_score_table_spells_out_the_rarest_shared_items_first():
    people = {1: [("interest", "technology"), ("interest", "beekeeping"), ("value", "curiosity")],
              2: [("interest", "technology"), ("value", "curiosity")], 3: [("interest", "technology")]}
    s = scores_by_id(*build(people, [("interest", "technology"), ("interest", "beekeeping"), ("value", "curiosity")]))
    assert s.loc[1, "shared"] == "beekeeping; curiosity; technology"
    assert s.loc[1, "rarest"] == "beekeeping"
    assert s.loc[3, "shared"] == "technology"


def test_shared_items_list_agrees_with_scores():
    people = {1: [("interest", "chess"), ("interest", "golf")], 2: [("interest", "chess")], 3: []}
    frames = build(people, [("interest", "chess"), ("interest", "golf")], companies={3: "Acme"},
                   profile_company="Acme")
    long = cg.list_shared_items(*frames)
    s = scores_by_id(*frames)
    sums = long.groupby("contact_id")["contribution"].sum()
    for cid in (1, 2, 3):
        assert sums.get(cid, 0.0) == pytest.approx(s.loc[cid, "score"])
    assert long.loc[long["contact_id"] == 1, "text"].tolist() == ["golf", "chess"]


def test_items_of_contacts_left_out_do_not_count():
    people = {1: [("interest", "chess")], 2: [("interest", "chess")]}
    contacts, tags, profile = build(people, [("interest", "chess")])
    only_one = contacts.loc[contacts["contact_id"] == 1]
    items = cg.collect_contact_items(only_one, tags)
    assert items["contact_id"].unique().tolist() == [1]
    assert cg.weigh_items(only_one, tags, profile).set_index("text").loc["chess", "df"] == 1


def test_rarity_weights_follow_the_documented_formula():
    people = {i: [("interest", "chess")] for i in range(1, 5)} | {5: [("skill", "SQL")]}
    v = cg.weigh_items(*build(people, [("goal", "learn to sail")])).set_index("text")
    n = 5
    assert v.loc["chess", "idf"] == pytest.approx(math.log((n + 1) / (4 + 1)) + 1)
    assert v.loc["SQL", "weight"] == pytest.approx(cg.KIND_WEIGHTS["skill"] * (math.log((n + 1) / 2) + 1))
    assert v.loc["learn to sail", "df"] == 0 and bool(v.loc["learn to sail", "mine"])
    assert v["df"].is_monotonic_increasing  # rarest first


def test_functions_do_not_mutate_their_inputs():
    frames = build({1: [("interest", "chess")], 2: [("skill", "SQL"), ("goal", "learn chess")]},
                   [("interest", "chess")], companies={1: "Acme"}, locations={2: "Leeds, UK"})
    copies = [f.copy(deep=True) for f in frames]
    cg.score_common_ground(*frames)
    cg.suggest_introductions(frames[0], frames[1], None, min_shared=1)
    cg.find_collaborators(*frames)
    for before, after in zip(copies, frames):
        pd.testing.assert_frame_equal(before, after)


def test_empty_workbook_gives_empty_results():
    contacts, tags, profile = build({})
    assert cg.score_common_ground(contacts, tags, profile).empty
    assert cg.suggest_introductions(contacts, tags, None).empty
    assert cg.find_collaborators(contacts, tags, profile).empty
    assert cg.weigh_items(contacts, tags, profile).empty


# ----------------------------------------------------------------------------- a naive cross-check


def naive_scores(people, mine) -> dict[int, float]:
    """The documented score by plain loops (tags only, base keys)."""
    def key(kind, text):
        return kind, re.sub(r"\s+", " ", text.casefold()).strip(" .,;:!?\"'")
    items = {cid: {key(k, t) for k, t in tags if key(k, t)[1]} for cid, tags in people.items()}
    me = {key(k, t) for k, t in mine if key(k, t)[1]}
    n = len(people)
    df = defaultdict(int)
    for its in items.values():
        for it in its:
            df[it] += 1
    w = {it: cg.KIND_WEIGHTS[it[0]] * (math.log((n + 1) / (df[it] + 1)) + 1) for it in set(df) | me}
    pn = math.sqrt(sum(w[i] ** 2 for i in me))
    out = {}
    for cid, its in items.items():
        cn = math.sqrt(sum(w[i] ** 2 for i in its))
        out[cid] = sum(w[i] ** 2 for i in its & me) / (pn * cn) if pn and cn else 0.0
    return out


WORDS = ["chess", "golf", "Chess", "sea kayaking", "SQL", "origami", "jazz", "curiosity"]
tag_lists = st.lists(st.tuples(st.sampled_from(["interest", "value", "skill", "community"]), st.sampled_from(WORDS)),
                     max_size=5)
networks = st.dictionaries(st.integers(1, 40), tag_lists, min_size=1, max_size=12)


@settings(max_examples=50, deadline=None)
@given(people=networks, mine=tag_lists)
def test_scores_match_a_naive_loop_and_stay_in_range(people, mine):
    frames = build(people, mine)
    s = scores_by_id(*frames)
    slow = naive_scores(people, mine)
    for cid, value in slow.items():
        assert s.loc[cid, "score"] == pytest.approx(value, abs=1e-9)
    assert ((s["score"] >= 0) & (s["score"] <= 1)).all()
    assert np.allclose(s["tags_part"] + s["history_part"], s["score"])
    assert ((s["score"] > 0) == (s["n_shared"] > 0)).all()


@settings(max_examples=50, deadline=None)
@given(people=networks, mine=tag_lists, seed=st.integers(0, 1000))
def test_order_is_deterministic_and_ignores_row_order(people, mine, seed):
    contacts, tags, profile = build(people, mine)
    first = cg.score_common_ground(contacts, tags, profile)
    again = cg.score_common_ground(contacts, tags, profile)
    pd.testing.assert_frame_equal(first, again)
    shuffled = cg.score_common_ground(contacts.sample(frac=1, random_state=seed),
                                      tags.sample(frac=1, random_state=seed), profile)
    assert shuffled["contact_id"].tolist() == first["contact_id"].tolist()
    assert np.allclose(shuffled["score"], first["score"])
    keys = list(zip(-first["score"].round(12), first["full_name"], first["contact_id"]))
    assert keys == sorted(keys)


# ----------------------------------------------------------------------------- who shares X

WHO_CASES = [
    ("exact match ignores case", "CHESS", None, False, [1, 3]),
    ("partial match finds longer items", "chess", None, True, [1, 2, 3]),
    ("kind filter", "chess", "value", False, [3]),
    ("nobody", "curling", None, False, []),
]


@pytest.mark.parametrize(("name", "text", "kind", "partial", "expected"), WHO_CASES, ids=[c[0] for c in WHO_CASES])
def test_find_who_shares(name, text, kind, partial, expected):
    people = {1: [("interest", "chess")], 2: [("interest", "chess variants")], 3: [("value", "Chess")],
              4: [("interest", "golf")]}
    found = cg.find_who_shares(*build(people)[:2], text, kind=kind, partial=partial)
    assert sorted(found["contact_id"].tolist()) == expected


def test_who_shares_ranks_by_common_ground():
    people = {1: [("interest", "chess")], 2: [("interest", "chess"), ("value", "curiosity")],
              3: [("interest", "chess")]}
    frames = build(people, [("interest", "chess"), ("value", "curiosity")])
    found = cg.find_who_shares(*frames[:2], "chess", profile=frames[2])
    assert found["contact_id"].tolist() == [2, 1, 3]
    assert found["score"].is_monotonic_decreasing


@pytest.mark.parametrize("text", ["", "   ", None])
def test_who_shares_needs_something_to_look_for(text):
    with pytest.raises(ValueError):
        cg.find_who_shares(*build({1: []})[:2], text)


def test_find_contacts_searches_name_company_and_role():
    contacts = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana Diaz", "Ben Ode", "Cy Ray"],
                             "company": ["Acme", "Bolt", "acme labs"], "position": ["", "", "Engineer"]})
    assert cg.find_contacts(contacts, "ACME")["contact_id"].tolist() == [1, 3]
    assert cg.find_contacts(contacts, "engin")["contact_id"].tolist() == [3]
    assert len(cg.find_contacts(contacts, "", limit=2)) == 2


# Issue 21: the pickers use the one search rule (workbook.core.search): every word, in any field,
# accents and punctuation ignored; location and emails are searched too (they were not before).
@pytest.mark.parametrize("query, ids", [
    ("diaz acme", [1]),
    ("acme diaz", [1]),
    ("díaz", [1]),
    ("leeds", [2]),
    ("ben@bolt", [2]),
    ("acme ben", []),
])
def test_find_contacts_matches_every_word_in_any_field(query, ids):
    contacts = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana Díaz", "Ben Ode", "Cy Ray"],
                             "company": ["Acme", "Bolt", "acme labs"], "position": ["", "", "Engineer"],
                             "location": ["", "Leeds, UK", ""], "emails": ["", "ben@bolt.example", ""]})
    assert cg.find_contacts(contacts, query)["contact_id"].tolist() == ids


@pytest.mark.parametrize("company, shared", [("Acme Ltd", True), ("ACME, Inc.", True), ("Self-employed", False)])
def test_employer_items_follow_the_one_company_rule(company, shared):
    contacts = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": [company], "location": [""]})
    profile = pd.DataFrame({"company": ["acme" if shared else company], "location": [""]})  # same text when unshared
    tags = pd.DataFrame({"owner": pd.Series([], dtype=object), "contact_id": pd.array([], dtype="Int64"),
                         "kind": pd.Series([], dtype=object), "text": pd.Series([], dtype=object)})
    items = cg.list_shared_items(contacts, tags, profile)
    assert (items["kind"] == "employer").any() == shared


# ----------------------------------------------------------------------------- conversation starters

FLATTERY = re.compile(r"\b(?:amazing|impressive|inspiring|brilliant|awesome|incredible|love your|great work|"
                      r"big fan|genius)\b", re.I)


def interactions(rows=()):
    return pd.DataFrame(rows, columns=["contact_id", "date", "channel", "direction", "kind", "note"]).assign(
        date=lambda f: pd.to_datetime(f["date"]))


STARTER_CASES = [
    ("shared items become openers",
     {1: [("interest", "sea kayaking"), ("community", "Product Guild"), ("value", "curiosity")]},
     [("interest", "sea kayaking"), ("community", "Product Guild"), ("value", "curiosity")], [],
     ["shared", "shared", "shared", "ask"]),
    ("recent exchange comes first",
     {1: [("interest", "chess")]}, [("interest", "chess")],
     [(1, "2026-09-01", "call", "mutual", "catch-up", "talked about her new team")],
     ["recent", "shared", "open", "ask"]),
    ("their side fills in when little is shared",
     {1: [("goal", "run a marathon"), ("skill", "SQL")]}, [("interest", "chess")], [],
     ["theirs", "theirs", "open", "ask"]),
    ("nothing known still gives three openers",
     {1: []}, [], [], ["open", "open", "open", "ask"]),
]


@pytest.mark.parametrize(("name", "people", "mine", "log", "kinds"), STARTER_CASES, ids=[c[0] for c in STARTER_CASES])
def test_starters(name, people, mine, log, kinds):
    frames = build(people, mine)
    s = cg.suggest_starters(*frames, interactions(log), 1, as_of="2026-10-15")
    assert s["kind"].tolist() == kinds
    assert 3 <= (s["kind"] != "ask").sum() <= 5
    assert not s["text"].str.contains(FLATTERY).any()
    assert s["text"].str[0].str.isupper().all()
    again = cg.suggest_starters(*frames, interactions(log), 1, as_of="2026-10-15")
    pd.testing.assert_frame_equal(s, again)


def test_starters_use_the_last_note_and_date_and_ignore_the_future():
    log = [(1, "2026-08-01", "call", "mutual", "catch-up", "old chat"),
           (1, "2026-09-20", "email", "outbound", "follow-up", "sent the roadmap template"),
           (1, "2026-12-01", "call", "mutual", "catch-up", "not yet happened")]
    s = cg.suggest_starters(*build({1: []}), interactions(log), 1, as_of="2026-10-15")
    recent = s.loc[s["kind"] == "recent", "text"].iloc[0]
    assert "20 September 2026" in recent and "sent the roadmap template" in recent
    assert not s["text"].str.contains("not yet happened").any()


def test_starters_after_a_long_silence_say_so():
    log = [(1, "2022-03-01", "meeting", "mutual", "catch-up", "")]
    s = cg.suggest_starters(*build({1: []}), interactions(log), 1, as_of="2026-10-15")
    assert s["text"].iloc[0].startswith("It has been a while") and "March 2022" in s["text"].iloc[0]


def test_starters_cap_at_n_and_ask_about_their_goal_first():
    people = {1: [("interest", w) for w in ("a1", "b2", "c3", "d4", "e5", "f6")] + [("goal", "write a book")]}
    s = cg.suggest_starters(*build(people, [("interest", w) for w in ("a1", "b2", "c3", "d4", "e5", "f6")]),
                            interactions(), 1, as_of="2026-10-15", n=4)
    assert (s["kind"] != "ask").sum() == 4
    assert s["kind"].iloc[-1] == "ask" and "write a book" in s["text"].iloc[-1]


def test_touchpoints_take_the_top_matches_with_a_first_opener():
    people = {1: [("interest", "chess")], 2: [("interest", "chess"), ("value", "curiosity")], 3: [("interest", "golf")],
              4: [("value", "curiosity")]}
    frames = build(people, [("interest", "chess"), ("value", "curiosity")])
    log = interactions([(2, "2026-10-01", "call", "mutual", "catch-up", "her new job")])
    tp = cg.suggest_touchpoints(*frames, log, as_of="2026-10-15", n=2)
    assert tp["contact_id"].tolist() == [2, 1]
    assert tp["shared"].iloc[0] == "chess; curiosity" and "her new job" in tp["follow_up"].iloc[0]
    assert "chess" in tp["opener"].iloc[0] and tp["follow_up"].iloc[1] == ""
    assert len(cg.suggest_touchpoints(*frames, log, as_of="2026-10-15", n=10)) == 3  # only people sharing something


def test_describe_agrees_with_explain_and_starters():
    people = {1: [("interest", "chess"), ("value", "curiosity")], 2: [("interest", "chess")]}
    frames = build(people, [("interest", "chess"), ("value", "curiosity")])
    log = interactions([(1, "2026-10-01", "call", "mutual", "catch-up", "her new job")])
    d = cg.describe_common_ground(*frames, log, 1, as_of="2026-10-15")
    pd.testing.assert_frame_equal(d["shared"], cg.explain_common_ground(*frames, 1))
    pd.testing.assert_frame_equal(d["starters"], cg.suggest_starters(*frames, log, 1, as_of="2026-10-15"))
    assert d["score"] == pytest.approx(scores_by_id(*frames).loc[1, "score"])


@pytest.mark.parametrize("n", [0, 6, -1])
def test_starters_refuse_silly_counts(n):
    with pytest.raises(ValueError):
        cg.suggest_starters(*build({1: []}), interactions(), 1, as_of="2026-10-15", n=n)


# ----------------------------------------------------------------------------- introductions


def links(pairs=()):
    return pd.DataFrame([(i + 1, a, b, "knows", 0.5) for i, (a, b) in enumerate(pairs)],
                        columns=["link_id", "a", "b", "kind", "strength"])


INTRO_PEOPLE = {
    1: [("interest", "sea kayaking"), ("interest", "jazz"), ("skill", "SQL")],
    2: [("interest", "sea kayaking"), ("interest", "jazz"), ("goal", "get better at SQL")],
    3: [("interest", "sea kayaking"), ("interest", "jazz"), ("interest", "opera")],
    4: [("interest", "golf")],
    5: [("interest", "golf"), ("interest", "darts")],
}

INTRO_CASES = [
    ("similar pairs are suggested, the one with a goal met first", {}, [], (1, 2), {(1, 2), (1, 3), (2, 3), (4, 5)}),
    ("linked pairs are skipped", {}, [(1, 2), (2, 1)], (1, 3), {(1, 3), (2, 3), (4, 5)}),
    ("colleagues at the same company are skipped", {1: "Acme Ltd", 2: "ACME"}, [], (1, 3), {(1, 3), (2, 3), (4, 5)}),
]


@pytest.mark.parametrize(("name", "companies", "linked", "best", "pairs"), INTRO_CASES, ids=[c[0] for c in INTRO_CASES])
def test_introductions(name, companies, linked, best, pairs):
    contacts, tags, _ = build(INTRO_PEOPLE, companies=companies)
    out = cg.suggest_introductions(contacts, tags, links(linked), min_shared=1)
    assert set(zip(out["a"], out["b"])) == pairs
    assert (out.iloc[0]["a"], out.iloc[0]["b"]) == best
    assert (out["a"] < out["b"]).all()
    assert out["score"].is_monotonic_decreasing


def test_introduction_benefit_and_reason():
    contacts, tags, _ = build(INTRO_PEOPLE)
    out = cg.suggest_introductions(contacts, tags, None, min_shared=2).set_index(["a", "b"])
    row = out.loc[(1, 2)]
    assert row["b_gains"] == "SQL" and row["benefit"] == 0.5  # 2 meets a goal (1); 2 brings 1 no skill (0)
    assert out.loc[(1, 3), "benefit"] == 0.25  # 3 learns a skill new to them (0.5); 1 gains nothing (0)
    assert "Person 1 has SQL, which Person 2 is working toward." in row["reason"]
    assert "sea kayaking" in row["shared"] and row["n_shared"] == 2
    assert row["score"] == pytest.approx(row["similarity"] * (1 + row["benefit"]) / 2)
    assert (4, 5) not in out.index  # only one thing in common, below min_shared=2


def test_introductions_respect_top():
    contacts, tags, _ = build(INTRO_PEOPLE)
    assert len(cg.suggest_introductions(contacts, tags, None, min_shared=1, top=2)) == 2


intro_networks = st.dictionaries(
    st.integers(1, 30),
    st.lists(st.tuples(st.sampled_from(["interest", "skill", "goal", "value"]),
                       st.sampled_from(["chess", "jazz", "SQL", "learn SQL", "golf", "kayaking", "Python"])),
             max_size=5),
    min_size=2, max_size=15)


@settings(max_examples=50, deadline=None)
@given(people=intro_networks, k=st.integers(1, 5))
def test_introductions_are_symmetric_in_range_and_deterministic(people, k):
    contacts, tags, _ = build(people)
    out = cg.suggest_introductions(contacts, tags, None, k=k, min_shared=1)
    again = cg.suggest_introductions(contacts, tags, None, k=k, min_shared=1)
    pd.testing.assert_frame_equal(out, again)
    assert (out["a"] < out["b"]).all() and not out.duplicated(["a", "b"]).any()
    for col in ("similarity", "benefit", "score"):
        assert ((out[col] >= 0) & (out[col] <= 1 + 1e-12)).all()
    for a, b, sim in out[["a", "b", "similarity"]].head(5).itertuples(index=False):
        ab, ba = cg.score_pair(contacts, tags, a, b), cg.score_pair(contacts, tags, b, a)
        assert ab == ba
        assert sim == pytest.approx(ab, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(people=intro_networks)
def test_pair_scores_are_symmetric(people):
    contacts, tags, _ = build(people)
    ids = sorted(people)
    a, b = ids[0], ids[-1]
    assert cg.score_pair(contacts, tags, a, b) == cg.score_pair(contacts, tags, b, a)
    assert 0 <= cg.score_pair(contacts, tags, a, b) <= 1


def test_a_tiny_budget_still_finds_pairs_through_rare_items():
    contacts, tags, _ = build(INTRO_PEOPLE)
    out = cg.suggest_introductions(contacts, tags, None, min_shared=1, budget=4)  # only df=2 items fit
    assert set(zip(out["a"], out["b"])) == {(4, 5)}


# ----------------------------------------------------------------------------- collaboration


def test_collaborators_need_both_a_skill_for_a_goal_and_shared_interests():
    people = {1: [("skill", "product analytics"), ("interest", "chess")],  # both: a collaborator
              2: [("skill", "product analytics")],  # skill only
              3: [("interest", "chess")],  # interest only
              4: [("skill", "roadmapping"), ("interest", "chess"), ("value", "curiosity")]}
    contacts, tags, profile = build(people, [("interest", "chess"), ("value", "curiosity")])
    goals = pd.DataFrame({"goal_id": [1, 2], "title": ["Get fluent in product analytics", "Learn to paint"],
                          "kind": ["skill", "skill"], "needs": ["", "roadmapping"], "status": ["active", "dropped"]})
    out = cg.find_collaborators(contacts, tags, profile, goals)
    assert out["contact_id"].tolist() == [1]
    row = out.iloc[0]
    assert row["skills"] == "product analytics" and row["shared"] == "chess"
    assert "Get fluent in product analytics" in row["reason"]
    assert 0 < row["score"] <= 1 and row["score"] == pytest.approx(math.sqrt(row["fit"] * row["common"]))


def test_profile_goal_tags_count_as_goals_too():
    people = {1: [("skill", "public speaking"), ("interest", "jazz")]}
    contacts, tags, profile = build(people, [("goal", "get better at public speaking"), ("interest", "jazz")])
    out = cg.find_collaborators(contacts, tags, profile)
    assert out["contact_id"].tolist() == [1] and out["fit"].iloc[0] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- interests across circles


def test_map_shared_interests_counts_people_per_circle():
    people = {1: [("interest", "chess")], 2: [("interest", "chess")], 3: [("interest", "jazz")], 4: []}
    contacts, tags, profile = build(people, [("interest", "chess"), ("interest", "jazz"), ("interest", "origami")])
    circles = pd.Series(["inner", "inner", "close", "acquaintance"], index=[1, 2, 3, 4])
    m = cg.map_shared_interests(contacts, tags, profile, circles)
    assert m["item"].unique().tolist() == ["chess", "jazz", "origami"]  # most shared first, unshared kept
    assert set(m["circle"]) == set(CIRCLES) and len(m) == 3 * len(CIRCLES)
    grid = m.set_index(["item", "circle"])
    assert grid.loc[("chess", "inner"), "n"] == 2 and grid.loc[("chess", "inner"), "share"] == 1.0
    assert grid.loc[("chess", "inner"), "names"] == "Person 1; Person 2"
    assert grid.loc[("jazz", "close"), "n"] == 1 and grid.loc[("origami", "inner"), "n"] == 0


def test_map_lists_a_few_names_then_says_how_many_more():
    people = {i: [("interest", "chess")] for i in range(1, 10)}
    contacts, tags, profile = build(people, [("interest", "chess")])
    m = cg.map_shared_interests(contacts, tags, profile, pd.Series("close", index=range(1, 10)), names=3)
    assert m.set_index("circle").loc["close", "names"] == "Person 1; Person 2; Person 3 + 6 more"


# ----------------------------------------------------------------------------- on the demo workbook


def test_demo_common_ground_makes_sense(demo_book):
    b = demo_book
    contacts, tags, profile = b.contacts(), b.tags(), b.profile()
    s = cg.score_common_ground(contacts, tags, profile)
    assert len(s) == len(contacts) and s["score"].iloc[0] > 0
    top = int(s["contact_id"].iloc[0])
    why = cg.explain_common_ground(contacts, tags, profile, top)
    assert len(why) == s["n_shared"].iloc[0] and why["contribution"].sum() == pytest.approx(s["score"].iloc[0])
    starters = cg.suggest_starters(contacts, tags, profile, b.interactions(), top, as_of=b.as_of())
    assert 3 <= (starters["kind"] != "ask").sum() <= 5 and starters["kind"].iloc[-1] == "ask"
    intros = cg.suggest_introductions(contacts, tags, b.links(), top=10)
    assert len(intros) == 10
    linked = set(zip(b.links()["a"], b.links()["b"])) | set(zip(b.links()["b"], b.links()["a"]))
    assert not set(zip(intros["a"], intros["b"])) & linked
    assert len(cg.find_collaborators(contacts, tags, profile, b.goals())) > 0
