"""Online platforms (issue 20): reading Shares.csv / Comments.csv, the LinkedIn profile checklist,
the engagement habit and its charts; on the demo and on a workbook made only from a LinkedIn export."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import workbook
from workbook.figures import online as charts
from workbook.importers.linkedin_activity import count_words, read_activity
from workbook.practices import online
from workbook.session import Session
from workbook.store import brand as store
from workbook.ties import assign_circles

NOTES = ('Notes:\n"This file holds your posts, including text, with commas, and ""quotes"" (synthetic)."\n\n')
SHARES = (NOTES + "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
          '2024-03-05 09:12:00,https://www.linkedin.com/feed/update/1,"Hello, world, ""quoted"", and\n'
          'a second line, too",,,MEMBER_NETWORK\n'
          '2024-03-20 18:00:00 UTC,https://www.linkedin.com/feed/update/2,Short post,,,\n'
          '2024-04-02 08:00:00,https://www.linkedin.com/feed/update/3,"",https://example.org,,\n')
COMMENTS = ("Date,Link,Message\n"
            '2024-04-01 10:00:00,https://www.linkedin.com/feed/update/9,"He said \\"yes, gladly\\" to it"\n'
            '2024-04-03 11:30:00,https://www.linkedin.com/feed/update/8,"Thanks, Ada!"\n'
            'not a date,https://www.linkedin.com/feed/update/7,"dropped"\n')


# -- read_activity ---------------------------------------------------------------------------------


def test_shares_with_a_notes_preamble_and_commas_inside_quoted_text():
    f = read_activity({"Basic_LinkedInDataExport/Shares.csv": SHARES.encode("utf-8")})
    assert f["kind"].tolist() == ["share"] * 3
    assert f["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-20", "2024-04-02"]
    assert f["words"].tolist() == [8, 2, 0]  # Hello world quoted and a second line too
    assert f.attrs["kinds"] == ["share"]
    assert set(f.columns) == {"date", "kind", "words"}  # the text itself is not kept


def test_comments_with_backslash_escaped_quotes_and_an_unreadable_date():
    f = read_activity({"Comments.csv": COMMENTS.encode("utf-8")})
    assert f["words"].tolist() == [6, 2]
    assert f["kind"].unique().tolist() == ["comment"]


@pytest.mark.parametrize("files, kinds, rows", [
    ({}, [], 0),
    ({"Profile.csv": b"First Name,Last Name,Headline\nA,B,C\n"}, [], 0),
    ({"Shares.csv": b"Date,ShareLink,ShareCommentary\n"}, ["share"], 0),
    ({"Shares.csv": SHARES.encode("utf-8-sig"), "Comments.csv": COMMENTS.encode("utf-16")}, ["comment", "share"], 5),
    ({"renamed.csv": COMMENTS.encode("cp1252")}, ["comment"], 2),
    ({"Shares.csv": SHARES.replace("\n", "\r\n").encode()}, ["share"], 3),
])
def test_missing_renamed_and_encoded_files(files, kinds, rows):
    f = read_activity(files)
    assert f.attrs["kinds"] == kinds and len(f) == rows
    assert f["date"].is_monotonic_increasing


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.dates(min_value=pd.Timestamp("2010-01-01").date(),
                                   max_value=pd.Timestamp("2026-01-01").date()), _TEXT), max_size=8))
def test_any_posts_written_by_a_csv_writer_read_back(posts):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    for day, text in posts:
        writer.writerow([f"{day} 10:00:00", "https://www.linkedin.com/feed/update/x", text, "", "", ""])
    f = read_activity({"Shares.csv": (NOTES + buf.getvalue()).encode("utf-8")})
    expected = sorted((str(d), int(count_words(pd.Series([t]))[0])) for d, t in posts)
    assert sorted(zip(f["date"].dt.strftime("%Y-%m-%d"), f["words"].astype(int))) == expected


def test_save_activity_keeps_counts_not_text_and_a_kind_the_export_lacked(book):
    first = read_activity({"Shares.csv": SHARES.encode(), "Comments.csv": COMMENTS.encode()})
    value = store.save_activity(book, first)
    assert "quoted" not in str(book.settings()[store.ACTIVITY_SETTING])
    assert {(m["month"], m["kind"], m["count"]) for m in value["months"]} == {
        ("2024-03", "share", 2), ("2024-04", "share", 1), ("2024-04", "comment", 2)}
    later = read_activity({"Shares.csv": b"Date,ShareLink,ShareCommentary\n2024-05-01,x,one two\n"})
    value = store.save_activity(book, later)
    assert {(m["month"], m["kind"]) for m in value["months"]} == {("2024-05", "share"), ("2024-04", "comment")}
    assert value["kinds"] == ["comment", "share"]
    with pytest.raises(ValueError):
        store.save_activity(book, pd.DataFrame({"x": [1]}))


# -- the checklist ---------------------------------------------------------------------------------


def _checklist(book):
    s = Session.of(book)
    return online.profile_checklist(s.profile(), s.tags(), s.derived_items(), s.interactions(),
                                    s.settings().get(store.ACTIVITY_SETTING), as_of=s.as_of(), contacts=s.contacts())


def test_the_checklist_on_the_demo(demo_book):
    c = _checklist(demo_book).set_index("key")
    assert list(c.index) == ["headline", "summary", "skills", "recommendations", "activity"]
    assert c.loc[["headline", "summary", "skills", "recommendations"], "done"].all()
    assert "6 skills" in c.loc["skills", "seen"]
    inbound = demo_book.interactions().query("kind == 'recommendation' and direction == 'inbound'")
    assert c.loc["recommendations", "seen"].startswith(f"{inbound['contact_id'].nunique()} recommendations received")
    # The demo's export counted posts and comments (the linkedin_activity setting), so activity is done.
    assert c.loc["activity", "done"] and c.loc["activity", "seen"].startswith("In about the last three months: 3 posts")
    assert c["next_step"].str.len().gt(10).all()


def test_the_checklist_on_a_linkedin_only_workbook(linkedin_book):
    c = _checklist(linkedin_book).set_index("key")
    assert c.loc["headline", "done"]  # "Data coach helping civic teams use evidence"
    assert not c.loc["summary", "done"] and "words" in c.loc["summary", "seen"]
    skills = c.loc["skills"]
    assert skills["done"] and "endorsed by your contacts" in skills["seen"]
    rec = c.loc["recommendations"]
    assert not rec["done"] and rec["seen"].startswith("2 recommendations received, 3 given")
    assert "whom you recommended" in rec["next_step"]  # names the people who might return the favour
    text = " ".join(c.astype(str).to_numpy().ravel())
    for bad in ("nan", "None", "{", "}", "NaT"):
        assert bad not in text


def test_activity_from_the_export_counts_towards_the_checklist(linkedin_book):
    rows = "".join(f"2024-0{m}-1{d} 09:00:00,x,\"post number {d}, on data\"\n" for m in (8, 9) for d in range(4))
    store.save_activity(linkedin_book, read_activity({"Shares.csv": f"Date,ShareLink,ShareCommentary\n{rows}".encode()}))
    row = _checklist(linkedin_book).set_index("key").loc["activity"]
    assert row["done"] and "8 posts" in row["seen"] and "September 2024" in row["seen"]


@pytest.mark.parametrize("headline, position, specific", [
    ("Data coach helping civic teams use evidence", "Lead Data Coach", True),
    ("Operations lead and former teacher moving into product management", "Operations Lead", True),
    ("Product Manager", "Product Manager", False),
    ("Product Manager at Acme", "Product Manager", False),
    ("Senior Data Scientist", "", False),
    ("UX researcher | accessible public services", "UX Researcher", True),
    ("", "Teacher", False),
    ("x" * 230 + " for teams", "", False),
])
def test_a_headline_is_specific_when_it_names_a_field_or_an_audience(headline, position, specific):
    profile = pd.DataFrame({"headline": [headline], "position": [position], "company": ["Acme"], "summary": [""]})
    row = online.profile_checklist(profile, None, None, None, None, as_of="2026-01-01").iloc[0]
    assert bool(row["done"]) is specific
    if not specific:
        assert "for example" in row["next_step"] or "Shorten" in row["next_step"]


@pytest.mark.parametrize("words, done", [(0, False), (12, False), (29, False), (30, True), (300, True)])
def test_the_summary_needs_some_length(words, done):
    profile = pd.DataFrame({"headline": [""], "summary": [" ".join(["word"] * words)]})
    assert online.profile_checklist(profile, None, None, None, None, as_of="2026-01-01").iloc[1]["done"] == done


# -- the engagement habit --------------------------------------------------------------------------


def test_logging_engagements_counts_them_in_their_week(demo_book):
    s = Session.of(demo_book)
    circles = assign_circles(s.contacts(), s.ties())
    inner = [int(c) for c in circles[circles.isin(online.HABIT_CIRCLES)].index[:2]]
    outer = int(circles[circles == "meaningful"].index[0])
    before = online.engagement_by_week(s.interactions(), s.contacts(), circles, as_of=s.as_of())
    assert store.log_engagement(demo_book, inner + [outer], on="2026-10-13") == 3
    assert store.log_engagement(demo_book, inner, on="2026-10-13") == 0  # the same day twice adds nothing
    added = store.log_engagement(demo_book, inner[:1], on="2026-10-07")
    w = online.engagement_by_week(s.interactions(), s.contacts(), circles, as_of=s.as_of())
    assert len(w) == 8 and w["current"].tolist() == [False] * 7 + [True]
    assert w.iloc[-1][["inner", "others", "total"]].tolist() == [2, 1, 3]  # the demo logged none this week
    # Last week already holds the demo's own engagements (demo_loops): one more on top.
    assert added == 1 and w.iloc[-2]["inner"] == before.iloc[-2]["inner"] + 1 and w["week"].dt.day_of_week.eq(0).all()
    status = online.habit_status(w, online.habit_target(s.table("targets")))
    assert status["this_week"] == 2 and status["to_go"] == 1
    nxt = online.suggest_engagements(s.contacts(), circles, s.interactions(), as_of=s.as_of())
    assert set(inner).isdisjoint(set(nxt["contact_id"].head(len(nxt) - 2)))  # the engaged come last


@pytest.mark.parametrize("ids, on, message", [
    ([], None, "Pick at least one"), ([99999], None, "no contact"), ([1], "3000-01-01", "future"),
    ([1], "soon", "not a date"),
])
def test_bad_engagements_are_refused_in_plain_words(demo_book, ids, on, message):
    with pytest.raises(ValueError, match=message):
        store.log_engagement(demo_book, ids, on=on)


def test_the_habit_is_a_measurable_goal_and_the_newest_counts(demo_book):
    first = store.set_engagement_habit(demo_book, 3, on="2026-09-01")
    store.set_engagement_habit(demo_book, 5, on="2026-10-01")
    t = demo_book.targets()
    assert not bool(t.loc[t["target_id"] == first, "active"].item())  # kept, no longer active
    assert online.habit_target(t) == {"n": 5, "per": "week", "weekly": 5.0, "set": True,
                                           "started": pd.Timestamp("2026-10-01")}
    for bad in (0, 101, "three", 2.5):
        with pytest.raises(ValueError):
            store.set_engagement_habit(demo_book, bad)


def test_the_chart_states_the_finding_with_whole_number_ticks_and_escaped_names():
    w = pd.DataFrame({"week": pd.date_range("2026-09-21", periods=4, freq="7D"), "inner": [3, 0, 4, 1],
                      "others": [0, 0, 1, 0], "total": [3, 0, 5, 1], "names": ["<b>Ada</b>", "", "Bo; Cy", "Di"],
                      "current": [False, False, False, True]})
    fig = charts.engagement_chart(w, {"weekly": 3.0})
    assert fig.layout.title.text == "You met your habit in 2 of the 3 weeks before this one; this week 1 of 3 so far"
    assert fig.layout.yaxis.dtick == 1 and fig.layout.barmode == "stack"
    assert "&lt;b&gt;Ada" in fig.data[0].customdata[0] and fig.data[0].customdata[1] == "nobody logged"
    assert fig.data[0].x[-1].endswith("(so far)") and list(fig.data[2].y) == [3] * 4
    empty = charts.engagement_chart(w.assign(inner=0, others=0, total=0), {"weekly": 3.0})
    assert empty.layout.title.text.startswith("No engagements logged") and empty.layout.annotations


def test_the_activity_chart_draws_months_after_the_export_as_missing():
    a = online.activity_frame({"months": [{"month": "2026-08", "kind": "share", "count": 2, "words": 9}],
                               "kinds": ["share", "comment"]})
    fig = charts.activity_chart(a, as_of="2026-10-15", months=4)
    share = next(t for t in fig.data if t.name == "posts")
    assert list(share.y[:2]) == [0, 2] and all(pd.isna(v) for v in share.y[2:])
    assert fig.layout.title.text == "In the last 4 months: no comments and 2 posts"
    none = charts.activity_chart(online.activity_frame(None), as_of="2026-10-15")
    assert "no Shares.csv" in none.layout.annotations[0].text


@pytest.mark.parametrize("value", [None, "x", {"months": "x"}, {"months": [{"month": "bad", "kind": "share"}]},
                                   {"months": [{"month": "2024-01", "kind": "like", "count": 1}]}])
def test_a_damaged_activity_setting_reads_as_none(value):
    assert online.activity_frame(value).empty
