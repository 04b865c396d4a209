"""workbook.core: the shared rules for job titles, text keys, people search and contact cards."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.core import people, search, text, titles

# ----------------------------------------------------------------------------- titles


@pytest.mark.parametrize("title, level", [
    # individual contributors
    ("Software Engineer", "mid"),
    ("Data Analyst", "mid"),
    ("Product Manager", "mid"),  # manages a product, not people
    ("Project Manager", "mid"),
    ("Programme Manager", "mid"),
    ("Account Manager", "mid"),
    ("Customer Success Manager", "mid"),
    ("Product Owner", "mid"),  # not an owner of the firm
    ("People Partner", "mid"),  # not a partner of the firm
    ("Partner Manager", "mid"),
    # entry level
    ("Intern", "entry"),
    ("Software Engineering Intern", "entry"),
    ("Junior Designer", "entry"),
    ("Jr. Developer", "entry"),
    ("Graduate Analyst", "entry"),
    ("Entry Level Recruiter", "entry"),
    ("Apprentice Electrician", "entry"),
    ("Junior Marketing Manager", "entry"),  # the trainee marker beats "manager"
    ("Teaching Assistant", "entry"),
    # senior individual contributors
    ("Senior Software Engineer", "senior"),
    ("Sr. Product Designer", "senior"),
    ("Lead UX Researcher", "senior"),
    ("Principal Engineer", "senior"),
    ("Staff Data Scientist", "senior"),
    ("Senior Product Manager", "senior"),
    ("Chief of Staff", "senior"),
    # managers, directors, vps, executives
    ("Engineering Manager", "manager"),
    ("Marketing Manager", "manager"),
    ("Senior Manager, Operations", "manager"),
    ("Head of Data", "director"),
    ("Head of Design", "director"),
    ("Headteacher", "director"),
    ("Director of Product", "director"),
    ("Associate Director", "director"),
    ("VP Engineering", "vp"),
    ("Vice President of Sales", "vp"),
    ("SVP, Marketing", "vp"),
    ("CEO", "executive"),
    ("Chief Technology Officer", "executive"),
    ("Co-founder & CTO", "executive"),
    ("Managing Director", "executive"),
    ("Partner, Acme Ventures", "executive"),
    # other languages
    ("Directora de Ingeniería", "director"),
    ("Directeur commercial", "director"),
    ("Vicepresidente de Ventas", "vp"),
    ("Geschäftsführer", "executive"),
    ("Directeur Général", "executive"),
    ("Teamleiterin Vertrieb", "manager"),
    ("Gerente de Proyectos", "manager"),
    ("Praktikant Marketing", "entry"),
    ("Werkstudentin", "entry"),
    ("Stagiaire", "entry"),
    ("Becaria de Investigación", "entry"),
    # no title
    ("", "unknown"),
    ("   ", "unknown"),
])
def test_classify_seniority(title, level):
    assert titles.classify_seniority(pd.Series([title])).iloc[0] == level


@pytest.mark.parametrize("title, function", [
    ("Data Engineer", "engineering"),
    ("Senior Data Scientist", "data"),
    ("UX Researcher", "research"),
    ("Product Designer", "design"),
    ("Product Manager", "product"),
    ("Head of Data", "data"),
    ("VP Engineering", "engineering"),
    ("Account Executive", "sales"),
    ("Talent Partner", "people"),
    ("CFO", "finance"),
    ("Chief Operating Officer", "operations"),
    ("Founder", "leadership"),
    ("Secondary School Teacher", "education"),
    ("Ingeniera de Software", "engineering"),
    ("Softwareentwicklerin", "other"),  # a German compound: no whole word to go on
    ("Zookeeper", "other"),
    ("", "unknown"),
])
def test_classify_function(title, function):
    assert titles.classify_function(pd.Series([title])).iloc[0] == function


def test_scores_rise_with_the_levels():
    scores = [titles.SENIORITY_SCORES[level] for level in titles.SENIORITY_LEVELS]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert set(titles.SENIORITY_SCORES) == set(titles.SENIORITY_LEVELS) | {"unknown"}
    assert set(titles.SENIORITY_LABELS) == set(titles.SENIORITY_SCORES)


@pytest.mark.parametrize("title, score, label", [
    ("Chief Data Officer", 1.0, "executive"),
    ("VP Product", 0.9, "vice president"),
    ("Head of People", 0.85, "director or head"),
    ("Marketing Manager", 0.7, "manager"),
    ("Senior Analyst", 0.55, "senior"),
    ("Data Analyst", 0.4, "mid-level"),
    ("Intern", 0.1, "junior"),
    (None, 0.3, "unknown seniority"),
])
def test_rate_seniority(title, score, label):
    rated = titles.rate_seniority(pd.Series([title], index=[42]))
    assert rated.loc[42, "seniority"] == score and rated.loc[42, "label"] == label
    assert titles.score_seniority(pd.Series([title])).iloc[0] == score


def test_classifiers_keep_the_index_and_leave_the_input_alone():
    s = pd.Series(["CTO", None, "CTO", "Intern"], index=[10, 11, 12, 13])
    before = s.copy()
    out = titles.classify_seniority(s)
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out.tolist() == ["executive", "unknown", "executive", "entry"]
    pd.testing.assert_series_equal(s, before)
    assert titles.rank_seniority(out).tolist() == [6, -1, 6, 0]


# ----------------------------------------------------------------------------- text keys

companies = st.lists(st.sampled_from(list("abcAZé ,.&-'") + [" Ltd", " Inc.", " GmbH", " Group", "Self-employed"]),
                     max_size=10).map("".join)


@settings(max_examples=50, deadline=None)
@given(companies)
def test_company_key_is_idempotent(name):
    key = text.company_key(name)
    assert text.company_key(key) == key


@settings(max_examples=50, deadline=None)
@given(st.lists(companies, max_size=8))
def test_company_keys_is_company_key_per_value(names):
    keys = text.company_keys(pd.Series(names, dtype=object))
    assert keys.tolist() == [text.company_key(n) for n in names]


@pytest.mark.parametrize("a, b", [
    ("Northwind Analytics, Inc.", "northwind analytics"),
    ("ACME GmbH", "Acme"),
    ("Société Générale SA", "societe generale"),
])
def test_company_keys_ignore_legal_suffixes_case_and_accents(a, b):
    assert text.company_key(a) == text.company_key(b) != ""


@pytest.mark.parametrize("name", ["Self-employed", "Freelance", "", "Unknown"])
def test_no_employer_has_no_key(name):
    assert text.company_key(name) == ""


def test_the_map_and_common_ground_use_the_one_company_rule():
    from workbook.common_ground.items import _employer_key
    from workbook.mapping.graph import _company_key

    names = pd.Series(["Acme Ltd", "ACME", "Self-employed", "Zoë & Co. GmbH", None], dtype=object)
    expected = [text.company_key(n) for n in names.fillna("")]
    assert _company_key(names).tolist() == expected
    assert _employer_key(names).tolist() == expected


# ----------------------------------------------------------------------------- people search

_FRAME = pd.DataFrame({
    "contact_id": [1, 2, 3, 4, 5],
    "full_name": ["Ada Lovelace", "Zoë O'Brien", "Alan Turing", "Grace Hopper", None],
    "company": ["Analytical Engines Ltd", "Acme", "Bletchley", "Navy", ""],
    "position": ["Mathematician", "Head of Data", "Cryptanalyst", "Rear Admiral", ""],
    "location": ["London, UK", "Dublin", "Bletchley, UK", "Arlington, VA", ""],
    "emails": ["ada@engines.example", "", "alan@example.org;turing@example.org", "", "who@nowhere.example"],
})


@pytest.mark.parametrize("query, ids", [
    ("ada", [1]),
    ("ADA lovelace", [1]),
    ("lovelace ada", [1]),  # word order does not matter
    ("zoe", [2]),  # accents ignored
    ("obrien", [2]),  # punctuation ignored
    ("o'brien data", [2]),  # words may match different fields
    ("uk", [1, 3]),
    ("turing@example.org", [3]),
    ("nowhere", [5]),
    ("ada navy", []),  # every word must match
    ("", [1, 2, 3, 4, 5]),
    ("   ", [1, 2, 3, 4, 5]),
])
def test_find_people(query, ids):
    assert search.find_people(_FRAME, query)["contact_id"].tolist() == ids


def test_search_keeps_the_rows_index_and_skips_missing_columns():
    f = _FRAME.set_index(pd.Index([10, 20, 30, 40, 50]))[["contact_id", "full_name"]]
    found = search.find_people(f, "grace")
    assert found.index.tolist() == [40]
    assert search.match_people(f, "navy").tolist() == [False] * 5  # company is not in this frame
    assert search.match_people(f.iloc[:0], "ada").tolist() == []


words = st.text(alphabet=st.sampled_from(list("adeoéë'- ")), max_size=6)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(words, words, words), min_size=1, max_size=8), st.lists(words, max_size=3))
def test_search_returns_exactly_the_rows_holding_every_word(rows, query_parts):
    frame = pd.DataFrame(rows, columns=["full_name", "company", "position"])
    query = " ".join(query_parts)
    hit = search.match_people(frame, query)
    wanted = search.query_words(query)
    for i, row in enumerate(frame.itertuples(index=False)):
        fields = [text.name_key(v) for v in row]
        has_all = all(any(w in f for f in fields) for w in wanted)
        assert hit[i] == has_all, (row, query)


@pytest.mark.parametrize("query, rows", [("ada", ["Ada"]), ("", ["Ada", "Alan", "Grace"]), ("navy GRACE", ["Grace"])])
def test_the_map_search_wraps_the_one_rule(query, rows):
    from workbook.mapping import search_contacts

    p = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Alan", "Grace"],
                      "company": ["Engines", "Bletchley", "Navy"], "tie_strength": [0.9, 0.5, 0.2]})
    assert search_contacts(p, query)["full_name"].tolist() == rows


# ----------------------------------------------------------------------------- contact cards


def test_contact_card_gives_plain_values():
    f = pd.DataFrame({"contact_id": [7, 8], "full_name": ["Ada", "Bo"], "n": [np.int64(3), np.int64(4)],
                      "days_since": [4.0, np.nan], "when": pd.to_datetime(["2024-01-02", None])})
    card = people.contact_card(f, 8, ["full_name", "n", "days_since", "when", "absent"], integers=("days_since",))
    assert card == {"contact_id": 8, "full_name": "Bo", "n": 4, "days_since": None, "when": None}
    assert type(card["n"]) is int
    assert people.contact_card(f, 7, integers=("days_since",))["days_since"] == 4


@pytest.mark.parametrize("contact_id", [99, "x", None])
def test_contact_card_refuses_unknown_ids(contact_id):
    with pytest.raises(ValueError):
        people.contact_card(pd.DataFrame({"contact_id": [1]}), contact_id)
