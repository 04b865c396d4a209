"""Issue 20's loops wired into the rest: the brand statement in drafts and introductions, LinkedIn
posts and comments counted on import (never their text), and the demo's online-loop data."""
from __future__ import annotations

import json

import ipywidgets as widgets
import pandas as pd
import pytest

import workbook
from workbook import outreach as O
from workbook import samples, ties
from workbook.common_ground.introductions import introduction_note
from workbook.importers import import_bytes
from workbook.practices import online, progress
from workbook.practices.brand import brand_line
from workbook.session import Session
from workbook.store import brand as store
from workbook.ui.common_ground import CommonGroundView
from workbook.ui.outreach_pipeline import DraftEditor

BRAND = "I help edtech product teams turn messy school processes into products teachers trust."
HOSTILE = "<script>alert(1)</script> =cmd|' /C calc'!A0 <img src=x onerror=alert(2)> I help teams."
_KW = dict(recipient="Lee", sender="Sam Rivera", goal="a product role", ask="a 20-minute call", shared=["chess"])


# -- drafts and introductions (pure) --------------------------------------------------------------------


@pytest.mark.parametrize("kind, relationship, extra, carries", [
    ("first-message", "cold", {}, True),
    ("first-message", "known", {}, True),
    ("first-message", "mentor", {}, True),
    ("intro-request", "cold", {"target": "Dana Reyes"}, True),
    ("follow-up", "cold", {}, False),
    ("thank-you", "cold", {"learned": "start small"}, False),
    ("mentor-update", "cold", {"progress": "I shipped a prototype"}, False),
])
def test_a_draft_carries_the_brand_once_where_it_belongs(kind, relationship, extra, carries):
    plain = O.compose_draft(kind, relationship=relationship, **_KW, **extra)
    branded = O.compose_draft(kind, relationship=relationship, brand=BRAND, **_KW, **extra)
    assert BRAND not in plain
    assert branded.count(BRAND) == (1 if carries else 0)
    assert O.compose_draft(kind, relationship=relationship, brand="  \n ", **_KW, **extra) == plain
    if carries:  # one paragraph added, nothing else changed
        assert [p for p in branded.split("\n\n") if BRAND not in p] == plain.split("\n\n")
    else:
        assert branded == plain


@pytest.mark.parametrize("brand, shown", [
    ("I help teams learn", "I help teams learn."),      # a sentence gets its full stop
    ("Why not ask?", "Why not ask?"),
    ("I help\n\nteams   learn.", "I help teams learn."),  # one line, whatever was typed
])
def test_the_brand_line_is_one_sentence(brand, shown):
    d = O.compose_draft("first-message", brand=brand, **_KW)
    assert d.count(shown) == 1 and "\n\n\n" not in d


def test_draft_for_passes_the_brand_on():
    contacts = pd.DataFrame({"contact_id": [2], "full_name": ["Lee Chen"], "first_name": ["Lee"], "company": [""]})
    tags = pd.DataFrame({"owner": ["profile"], "contact_id": [None], "kind": ["interest"], "text": ["go"]})
    d = O.draft_for("first-message", 2, contacts=contacts, tags=tags, goal={"title": "Lead", "needs": "hiring"},
                    profile={"name": "Sam"}, brand=BRAND)
    assert d.count(BRAND) == 1
    assert BRAND not in O.draft_for("first-message", 2, contacts=contacts, tags=tags, goal="Lead",
                                    profile={"name": "Sam"})


@pytest.mark.parametrize("brand, count", [(BRAND, 1), ("", 0)])
def test_the_introduction_note_signs_off_with_the_brand(brand, count):
    note = introduction_note("Ana Diaz", "Ben Ode", shared="chess; SQL", a_gains="Python", b_gains="",
                             sender="Sam Rivera", brand=brand)
    assert note.count(BRAND) == count
    assert note.startswith("Subject: Introducing Ana and Ben") and "chess and SQL" in note
    assert "Ana, Ben knows Python" in note and "Ben, Ana" not in note  # no gain, no line
    assert note.rstrip().splitlines()[-1] == (BRAND if brand else "Sam Rivera")
    assert introduction_note("Ana Diaz", "Ben Ode", sender="Sam Rivera") == introduction_note(
        "Ana Diaz", "Ben Ode", sender="Sam Rivera", brand="   ")


# -- the views pass brand_line(Session.of(book)) ----------------------------------------------------------


def _html_of(widget) -> str:
    """Every widgets.HTML value under ``widget`` (what reaches the page as markup)."""
    out = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        out.append(_html_of(child))
    return "\n".join(out)


def _forget_statements(book) -> None:
    with book.transaction():
        book._execute("DELETE FROM brand_statements")


def _first_message(book) -> str:
    from workbook.ui.outreach import OutreachView

    view = OutreachView(book)
    view.tabs.selected_index = 2
    editor = view.drafts
    assert isinstance(editor, DraftEditor) and editor.row.options
    editor.kind.value = "first-message"
    editor._on_regenerate()
    return editor.text.value, view


@pytest.mark.parametrize("statement", [BRAND, None])
def test_the_draft_editor_uses_the_saved_statement(demo_book, statement):
    _forget_statements(demo_book)
    if statement:
        store.save_statement(demo_book, values="curiosity", strengths="teaching", audience="teams", goals="",
                             statement=statement)
    assert brand_line(Session.of(demo_book)) == (statement or "")
    text, _ = _first_message(demo_book)
    assert text.count(BRAND) == (1 if statement else 0)
    if statement:
        assert "To introduce myself in one line" in text or "Where I am now, in one line" in text
    else:
        assert "in one line" not in text


def _intro_view(book) -> CommonGroundView:
    view = CommonGroundView(book)
    view.tabs.selected_index = 3
    assert view.introductions, "the demo has introductions to suggest"
    return view


@pytest.mark.parametrize("statement", [BRAND, None])
def test_the_introduction_note_in_the_view_uses_the_saved_statement(demo_book, statement):
    _forget_statements(demo_book)
    if statement:
        store.save_statement(demo_book, values="", strengths="", audience="", goals="", statement=statement)
    view = _intro_view(demo_book)
    note = view.intro_text.value
    pick = view.introductions[view.intro.value]
    assert note.count(BRAND) == (1 if statement else 0)
    assert pick["a_name"].split()[0] in note and pick["b_name"].split()[0] in note
    assert "Sam" in note  # signed by the persona


def test_a_hostile_statement_stays_text_in_both_views(demo_book):
    store.save_statement(demo_book, values="", strengths="", audience="", goals="", statement=HOSTILE)
    text, outreach_view = _first_message(demo_book)
    intro = _intro_view(demo_book)
    assert text.count(HOSTILE) == 1 and intro.intro_text.value.count(HOSTILE) == 1  # as typed, as text
    for view in (outreach_view, intro):
        markup = _html_of(view)
        assert "<script>" not in markup and "<img src=x" not in markup


# -- LinkedIn posts and comments ---------------------------------------------------------------------------


SECRETS = ("ZEBRA-POST-TEXT", "QUOKKA-SECOND-POST", "OKAPI-COMMENT-TEXT")
SHARES = ('Notes:\n"This file holds your posts, with commas and ""quotes"" (synthetic)."\n\n'
          "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
          '2026-08-03 09:12:00,https://www.linkedin.com/feed/update/1,"ZEBRA-POST-TEXT, with commas\nand lines",,,'
          "MEMBER_NETWORK\n"
          "2026-08-20 18:00:00,https://www.linkedin.com/feed/update/2,QUOKKA-SECOND-POST,,,\n"
          '2026-09-02 08:00:00,https://www.linkedin.com/feed/update/3,"",https://example.org,,\n')
COMMENTS = ("Date,Link,Message\n"
            '2026-09-01 10:00:00,https://www.linkedin.com/feed/update/9,"OKAPI-COMMENT-TEXT said \\"yes\\""\n'
            '2026-09-03 11:30:00,https://www.linkedin.com/feed/update/8,"Thanks, Ada!"\n')


def _export(with_activity: bool = True) -> bytes:
    files = samples.linkedin_export_files(samples.people(20, 3), 3)
    if with_activity:
        files["Shares.csv"] = SHARES.encode("utf-8")
        files["Comments.csv"] = COMMENTS.encode("utf-8")
    return samples.zip_bytes(files, folder="Basic_LinkedInDataExport/")


def _all_text(book) -> str:
    """Every text value of every table of the workbook (what a person's file holds)."""
    names = [r[0] for r in book.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = []
    for name in names:
        for row in book.conn.execute(f'SELECT * FROM "{name}"'):
            out.extend(str(v) for v in row if isinstance(v, (str, bytes)))
    return "\n".join(out)


@pytest.fixture
def linkedin_book(tmp_path):
    book = workbook.open(tmp_path / "li.sqlite")
    yield book
    book.close()


def test_posts_and_comments_are_counted_by_month_and_never_kept(linkedin_book):
    report = import_bytes(linkedin_book, "Basic_LinkedInDataExport.zip", _export())
    assert {"Shares.csv", "Comments.csv"} <= set(report.files)
    assert "3 posts and 2 comments counted (their text is not kept)." in report.warnings
    plain = import_bytes(workbook.open(":memory:"), "export.zip", _export(with_activity=False))
    assert [w for w in report.warnings if "other file" in w] == [w for w in plain.warnings if "other file" in w]
    value = linkedin_book.settings()[store.ACTIVITY_SETTING]
    assert value["kinds"] == ["comment", "share"]
    assert value["months"] == [
        {"month": "2026-08", "kind": "share", "count": 2, "words": 10},  # hyphens split words
        {"month": "2026-09", "kind": "comment", "count": 2, "words": 7},
        {"month": "2026-09", "kind": "share", "count": 1, "words": 0},
    ]
    text = _all_text(linkedin_book)
    assert not [s for s in SECRETS if s in text]
    assert "Thanks, Ada" not in text
    # The online loop reads what the import left.
    frame = online.activity_frame(Session.of(linkedin_book).settings().get(store.ACTIVITY_SETTING))
    assert int(frame["count"].sum()) == 5


def test_importing_the_export_again_does_not_double_the_counts(linkedin_book):
    import_bytes(linkedin_book, "export.zip", _export())
    first = linkedin_book.settings()[store.ACTIVITY_SETTING]
    again = import_bytes(linkedin_book, "export.zip", _export())
    assert linkedin_book.settings()[store.ACTIVITY_SETTING]["months"] == first["months"]
    assert "3 posts and 2 comments counted (their text is not kept)." in again.warnings


def test_an_export_without_activity_leaves_the_setting_alone(linkedin_book):
    report = import_bytes(linkedin_book, "export.zip", _export(with_activity=False))
    assert store.ACTIVITY_SETTING not in linkedin_book.settings()
    assert not any("counted (their text" in w for w in report.warnings)


def test_an_export_with_only_comments_keeps_the_earlier_posts(linkedin_book):
    import_bytes(linkedin_book, "export.zip", _export())
    files = samples.linkedin_export_files(samples.people(20, 3), 3)
    files["Comments.csv"] = b"Date,Link,Message\n2026-10-01 10:00:00,https://x/1,one two three\n"
    report = import_bytes(linkedin_book, "later.zip", samples.zip_bytes(files))
    months = linkedin_book.settings()[store.ACTIVITY_SETTING]["months"]
    assert [m for m in months if m["kind"] == "comment"] == [
        {"month": "2026-10", "kind": "comment", "count": 1, "words": 3}]
    assert sum(m["count"] for m in months if m["kind"] == "share") == 3
    assert "1 comment counted (their text is not kept)." in report.warnings


# -- the demo's online loop ----------------------------------------------------------------------------------


def test_the_demo_engages_with_inner_and_close_contacts_over_eight_weeks(demo_book):
    s = Session.of(demo_book)
    i = s.table("interactions")
    mine = i.loc[online.is_engagement(i).to_numpy() & (i["note"] == store.ENGAGEMENT_NOTE).to_numpy()]
    as_of = pd.Timestamp(demo_book.as_of())
    assert 10 <= len(mine) <= 14
    assert (pd.to_datetime(mine["date"]) > as_of - pd.Timedelta(weeks=8)).all()
    assert (pd.to_datetime(mine["date"]) <= as_of).all()
    circles = ties.assign_circles(s.contacts(), s.ties())
    assert set(mine["contact_id"].map(circles)) == {"inner", "close"}
    assert (mine["source"] == "manual").all() and mine["contact_id"].nunique() >= 4


def test_the_demo_has_the_habit_the_activity_and_a_goal_it_sometimes_misses(demo_book):
    t = demo_book.targets().set_index("metric")
    assert (int(t.loc["posts engaged", "n"]), t.loc["posts engaged", "per"]) == (3, "week")
    value = demo_book.settings()[store.ACTIVITY_SETTING]
    assert value["kinds"] == ["comment", "share"] and len({m["month"] for m in value["months"]}) >= 4
    assert online.activity_frame(value)["count"].sum() > 0
    s = Session.of(demo_book)
    weeks = progress.count_metric("conversations", s.table("interactions"), s.contacts(), s.table("events"),
                                  s.table("event_people"), s.table("asks"), period="week",
                                  as_of=demo_book.as_of())
    done = weeks.loc[weeks["complete"], "count"]
    met = int((done >= int(t.loc["conversations", "n"])).sum())
    assert 0 < met < len(done), f"met {met} of {len(done)} weeks: the demo should show a mix"
    engaged = progress.count_metric("posts engaged", s.table("interactions"), None, None, None, None,
                                    period="week", as_of=demo_book.as_of())
    assert 0 < int((engaged.loc[engaged["complete"], "count"] >= 3).sum()) < 8


def test_the_committed_demo_csvs_hold_the_online_loop():
    from workbook.demo import load_demo_csvs

    frames = load_demo_csvs()
    settings = dict(zip(frames["settings"]["key"], frames["settings"]["value"]))
    assert json.loads(settings[store.ACTIVITY_SETTING])["months"]
    assert (frames["interactions"]["note"] == store.ENGAGEMENT_NOTE).sum() == 12
    assert "posts engaged" in set(frames["targets"]["metric"])
