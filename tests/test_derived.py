"""Derived common ground from a LinkedIn export: found with its source, measured against known truth,
dismissable for good, and topics that are never names, greetings or stop words."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from known_truth import FILLER, make_export
from workbook.common_ground import list_shared_items, score_common_ground
from workbook.common_ground.derived import explain_derived, share_explained, tags_with_derived
from workbook.common_ground.topics import list_contact_topics, list_shared_topics
from workbook.importers import import_bytes, import_file
from workbook.importers.linkedin_topics import GREETINGS, is_topic, keyphrases, match_phrases, stop_words, topic_key
from workbook.samples import SAMPLES_DIR

#: Measured on the bundled sample export (20 of 60 connections); the floor leaves a little room.
SAMPLE_SHARE_FLOOR = 0.30


def _found(book) -> set[tuple[str, str, str]]:
    contacts = book.contacts()
    shared = list_shared_items(contacts, tags_with_derived(book.tags(), book.derived_items()), book.profile())
    url = dict(zip(contacts["contact_id"], contacts["linkedin_url"]))
    return {(url[c], k, topic_key(key) if k == "interest" else key)
            for c, k, key in zip(shared["contact_id"], shared["kind"], shared["key"])}


def _truth(export) -> set[tuple[str, str, str]]:
    t = export.truth
    return {(u, k, topic_key(key) if k == "interest" else key) for u, k, key in zip(t["url"], t["kind"], t["key"])}


@pytest.fixture(scope="module", params=[2025, 7, 31])
def imported(request, tmp_path_factory):
    import workbook

    export = make_export(seed=request.param)
    book = workbook.open(tmp_path_factory.mktemp("kt") / "w.sqlite")
    import_bytes(book, "Complete_LinkedInDataExport.zip", export.zip())
    yield book, export
    book.close()


def test_known_truth_recall_and_precision(imported):
    book, export = imported
    found, truth = _found(book), _truth(export)
    recall = len(found & truth) / len(truth)
    assert recall >= 0.9, sorted(truth - found)
    assert found <= truth, f"invented: {sorted(found - truth)}"


def test_common_ground_for_those_who_share_and_none_for_the_rest(imported):
    book, export = imported
    contacts = book.contacts()
    scores = score_common_ground(contacts, tags_with_derived(book.tags(), book.derived_items()), book.profile())
    share = set(export.truth["url"])
    by_url = dict(zip(contacts["contact_id"], contacts["linkedin_url"]))
    has = {by_url[c] for c, n in zip(scores["contact_id"], scores["n_shared"]) if n > 0}
    nothing = set(export.people["url"]) - share
    assert nothing and not (has & nothing)
    assert len(has & share) >= 0.9 * len(share)


@pytest.mark.parametrize("kind, source_file, words", [
    ("employer", "Connections.csv", "You both worked at"),
    ("field", "Connections.csv", "You both work in data"),
    ("topic", "messages.csv", "You both wrote about"),
    ("skill", "Endorsement_Given_Info.csv", "You both have"),
])
def test_every_explained_item_says_where_it_came_from(imported, kind, source_file, words):
    book, _ = imported
    explained = explain_derived(book.derived_items(), book.tags())
    rows = explained.loc[explained["kind"] == kind]
    assert len(rows) and rows["sentence"].str.startswith(words).all()
    assert (rows["source_file"] == source_file).all() and rows["source_date"].notna().all()
    assert rows["derived"].all()


def test_past_employer_reads_with_the_persons_years(imported):
    book, _ = imported
    d = book.derived_items()
    mine = d.loc[(d["owner"] == "profile") & (d["kind"] == "employer")].set_index("key")
    assert mine.loc["quillmark labs", "detail"] == "2016-2021"
    assert mine.loc["quillmark labs", "source_file"] == "Positions.csv"
    history = book.profile_history()
    assert set(history["kind"]) == {"position", "education"}
    assert "University of Tamsworth" in set(history["organisation"])


def test_shared_items_are_flagged_derived_and_plain_ones_are_not(imported):
    book, _ = imported
    contacts = book.contacts()
    shared = list_shared_items(contacts, tags_with_derived(book.tags(), book.derived_items()), book.profile())
    assert shared.loc[shared["kind"] == "interest", "derived"].all()
    # The current employer is in the profile itself (not derived); a contact there is plain common ground.
    current = shared.loc[(shared["kind"] == "employer") & (shared["key"] == "harbourline energy")]
    assert not current.empty and not current["derived"].any()


def test_a_dismissal_survives_reimport(tmp_path):
    import workbook

    export = make_export(seed=2025)
    book = workbook.open(tmp_path / "w.sqlite")
    import_bytes(book, "export.zip", export.zip())
    d = book.derived_items()
    topic = d.loc[(d["owner"] == "contact") & (d["kind"] == "topic")].iloc[0]
    before = len(d)
    book.dismiss_derived(int(topic["item_id"]))
    assert len(book.derived_items()) == before - 1
    import_bytes(book, "export.zip", export.zip())
    again = book.derived_items(include_dismissed=True)
    assert len(again) == before  # nothing added twice
    gone = again.loc[(again["identity"] == topic["identity"]) & (again["key"] == topic["key"])
                     & (again["kind"] == "topic")]
    assert len(gone) == 1 and bool(gone["dismissed"].iloc[0])
    cid = int(topic["contact_id"])
    assert topic["value"] not in list_contact_topics(book.derived_items(), cid)
    shared = list_shared_items(book.contacts(), tags_with_derived(book.tags(), book.derived_items(True)), book.profile())
    assert not ((shared["contact_id"] == cid) & (shared["key"] == topic_key(topic["value"]))).any()
    book.dismiss_derived(int(gone["item_id"].iloc[0]), dismissed=False)
    assert len(book.derived_items()) == before


def test_message_text_is_not_kept_unless_the_person_asks(tmp_path):
    import workbook

    export = make_export(seed=7)
    for keep in (False, True):
        book = workbook.open(tmp_path / f"w{keep}.sqlite")
        book.set_setting("keep_message_text", keep)
        import_bytes(book, "export.zip", export.zip())
        notes = " ".join(book.interactions()["note"].astype(str))
        assert ("weekends on" in notes) is keep
        assert len(list_shared_topics(book.derived_items())) > 0  # topics either way
        book.close()


def test_share_of_sample_contacts_with_an_explained_item(book):
    import_file(book, SAMPLES_DIR / "linkedin-export.zip")
    share = share_explained(book.contacts(), book.derived_items(), book.tags())
    assert share >= SAMPLE_SHARE_FLOOR


def test_the_apps_common_ground_reads_what_the_export_holds(book):
    # What the app and the chapters show (Session.common_ground): the sample's export alone gives
    # common ground to many more connections than its shared current employers did (5 of 60).
    from workbook.common_ground import score_common_ground
    from workbook.session import Session

    import_file(book, SAMPLES_DIR / "linkedin-export.zip")
    plain = score_common_ground(book.contacts(), book.tags(), book.profile())
    cg = Session.of(book).common_ground()
    assert int((plain["score"] > 0).sum()) == 5
    assert int((cg["score"] > 0).sum()) >= 15 and int((cg["n_derived"] > 0).sum()) >= 10
    d = book.derived_items()
    who = int(cg.loc[cg["n_derived"] > 0, "contact_id"].iloc[0])
    for item in d.loc[d["contact_id"] == who, "item_id"]:
        book.dismiss_derived(int(item))  # "not true": gone from what the app shows at once
    after = Session.of(book).common_ground().set_index("contact_id")
    assert who not in after.index or int(after.loc[who, "n_derived"]) == 0


# ----------------------------------------------------------------------------- topics, property tests

_NAMES = ["Aurelio", "Brigid", "Ashgrove", "Morgan"]
_WORDS = sorted(stop_words() | GREETINGS)[:400]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _NAMES + ["!", ",", "."]), min_size=1, max_size=40))
def test_stop_words_greetings_and_names_never_become_topics(tokens):
    text = " ".join(tokens)
    assert keyphrases([text, text.upper()], names=_NAMES) == []


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _NAMES), min_size=1, max_size=3))
def test_no_phrase_of_stop_words_or_names_is_a_topic(ws):
    assert not is_topic(" ".join(ws), names=_NAMES)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(FILLER + ["Hi Brigid!", "Cheers Morgan"]), min_size=1, max_size=8),
       st.sampled_from(["heat pumps", "urban beekeeping", "jazz guitar"]))
def test_a_topic_among_small_talk_is_found_and_nothing_else(filler, topic):
    texts = filler + [f"I have been reading about {topic} a lot."]
    phrases = keyphrases(texts, names=_NAMES)
    assert topic in phrases
    assert all(not set(topic_key(p).split()) <= set(topic_key(" ".join(filler)).split()) for p in phrases)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="abc XY.,", max_size=30), max_size=12), st.lists(st.sampled_from(
    ["ab", "a b", "abc", "xy", "b c"]), max_size=4))
def test_match_phrases_agrees_with_a_plain_search(texts, keys):
    series = pd.Series(texts, dtype=object)
    rows, codes = match_phrases(series, [topic_key(k) for k in keys])
    vocab = list(dict.fromkeys(topic_key(k) for k in keys if topic_key(k)))
    got = set(zip(rows.tolist(), [vocab[c] for c in codes.tolist()]))
    want = {(i, k) for i, t in enumerate(texts) for k in vocab
            if f" {k} " in " " + " ".join(topic_key(t).split()) + " "}
    assert got == want


def test_an_older_workbook_is_upgraded_and_read_only_ones_read_empty(tmp_path):
    import sqlite3

    from workbook import schema
    from workbook.store import Workbook, _split_sql

    old = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(old)
    for script in schema.MIGRATIONS[:2]:
        for stmt in _split_sql(script):
            conn.execute(stmt)
    conn.execute("INSERT INTO schema_version (version) VALUES (2)")
    conn.commit()
    conn.close()
    ro = Workbook(old, readonly=True)
    assert ro.derived_items().empty and ro.profile_history().empty
    ro.close()
    book = Workbook(old)
    assert book.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert {"derived", "derived_dismissals", "profile_history"} <= {
        r[0] for r in book.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    book.close()


def test_derived_items_are_marked_where_the_matches_and_who_shares_show_them(imported):
    # Issue #17: "derived items are marked as derived wherever they are shown": the top-matches hover
    # and the who-shares list say which shared items only the export gave; typed ones are unmarked.
    from workbook.common_ground import find_who_shares
    from workbook.figures.common_ground import top_matches

    book, _ = imported
    tags = tags_with_derived(book.tags(), book.derived_items())
    scores = score_common_ground(book.contacts(), tags, book.profile())
    fig = top_matches(scores, n=15)
    top = scores.loc[scores["score"] > 0].head(15)
    marked = ["(from your export)" in str(x[0]) for x in fig.data[0].customdata]
    assert marked == (top["n_derived"] > 0).tolist() and any(marked)
    shared = list_shared_items(book.contacts(), tags, book.profile())
    topic = shared.loc[shared["derived"] & (shared["kind"] == "interest"), "text"].iloc[0]
    found = find_who_shares(book.contacts(), tags, topic, profile=book.profile())
    assert len(found) and found["derived"].all()
    employer = find_who_shares(book.contacts(), tags, "Harbourline Energy", kind="employer", profile=book.profile())
    assert len(employer) and not employer["derived"].any()
