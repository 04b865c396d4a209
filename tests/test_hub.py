"""The hub's parts without a hub: sharing and withdrawing, initials only, the cohort summary, the
coach's page, the share view headless, the one configuration file and the users' folders."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from workbook.hub import environment, parse_args
from workbook.hub.home import prepare_home, workbook_path
from workbook.hub.service import render_index
from workbook.hub.share import (check_user, hub_context, read_shared, report_path, share_report, shared_summary,
                                summarise_cohort, withdraw_report)
from workbook.ui.share import OUTSIDE_HUB, ShareView

NAMES = ("Ada Lovelace", "Grace Hopper", "Katherine Johnson")


@pytest.fixture
def client(book):
    ids = [book.add_contact(n, notes=f"{n} likes tea", emails=f"{n.split()[0].lower()}@example.org") for n in NAMES]
    book.log_interaction(ids[0], book.as_of() - dt.timedelta(days=2), "call", "mutual", "catch-up", "Ada: talk")
    book.add_goal("Move into product management")
    return book


@pytest.fixture
def shared(tmp_path):
    """The hub's shared folder (apart from the workbook's own folder)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


# ----------------------------------------------------------------------------- share and withdraw


@pytest.mark.parametrize("initials", [False, True])
def test_sharing_writes_the_report_and_its_summary(client, shared, initials):
    path = share_report(client, shared, "alice", initials=initials)
    summary = shared_summary(shared, "alice")
    assert path == report_path(shared, "alice") and path.read_text().startswith("<!DOCTYPE html>")
    assert summary["initials"] is initials and summary["contacts"] == 3
    assert summary["exchanges_this_week"] == 1 and summary["goals_in_progress"] == ["Move into product management"]
    assert ("Ada Lovelace" in path.read_text()) is not initials


def test_initials_only_leaves_no_full_name_email_or_note_in_what_is_shared(client, shared):
    share_report(client, shared, "alice", initials=True)
    shared = "".join(p.read_text() for p in (shared / "alice").iterdir())
    for name in NAMES:
        first, last = name.split()
        assert name not in shared and last not in shared
    assert "@example.org" not in shared and "likes tea" not in shared and "Ada: talk" not in shared
    assert "A. L." in shared


def test_withdrawing_deletes_everything_shared(client, shared):
    share_report(client, shared, "alice", initials=False)
    assert withdraw_report(shared, "alice") is True
    assert not (shared / "alice").exists() and read_shared(shared) == [] and report_path(shared, "alice") is None
    assert withdraw_report(shared, "alice") is False


def test_sharing_again_replaces_and_others_are_untouched(client, shared):
    share_report(client, shared, "alice", initials=False)
    share_report(client, shared, "bob", initials=True)
    share_report(client, shared, "alice", initials=True)
    assert [(e["user"], e["initials"]) for e in read_shared(shared)] == [("alice", True), ("bob", True)]
    withdraw_report(shared, "bob")
    assert [e["user"] for e in read_shared(shared)] == ["alice"]


def test_a_forged_or_half_written_share_is_not_listed(client, shared):
    share_report(client, shared, "alice", initials=False)
    (shared / "mallory").mkdir()
    (shared / "mallory" / "summary.json").write_text(json.dumps({"user": "alice"}))  # claims to be alice
    (shared / "eve").mkdir()
    (shared / "eve" / "summary.json").write_text("{not json")
    (shared / "carol").mkdir()
    (shared / "carol" / "summary.json").write_text(json.dumps({"user": "carol"}))  # no report beside it
    assert [e["user"] for e in read_shared(shared)] == ["alice"]


@pytest.mark.parametrize("user", ["", "..", "../coach", "a/b", "Alice", "a b", ".hidden", "x" * 33])
def test_user_names_that_are_not_plain_folder_names_are_refused(client, shared, user):
    with pytest.raises(ValueError):
        share_report(client, shared, user, initials=True)
    assert list(shared.iterdir()) == []


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_check_user_never_admits_a_path(text):
    try:
        name = check_user(text)
    except ValueError:
        return
    assert "/" not in name and "\\" not in name and not name.startswith(".")


@pytest.mark.parametrize("environ, expected", [
    ({}, None),
    ({"JUPYTERHUB_USER": "alice"}, None),
    ({"WORKBOOK_SHARE_DIR": "/srv/shared"}, None),
    ({"JUPYTERHUB_USER": "alice", "WORKBOOK_SHARE_DIR": "/srv/shared"}, "alice"),
])
def test_the_hub_is_recognised_only_with_a_user_and_a_folder(environ, expected):
    context = hub_context(environ)
    assert (context[0] if context else None) == expected


# ----------------------------------------------------------------------------- the cohort summary


def _entry(user, last=None, goals=()):
    return {"user": user, "last_exchange": last, "goals_in_progress": list(goals)}


@pytest.mark.parametrize("entries, active, goals", [
    ([], 0, []),
    ([_entry("a", "2026-10-15")], 1, []),
    ([_entry("a", "2026-10-09")], 1, []),  # 6 days before: still this week
    ([_entry("a", "2026-10-08")], 0, []),  # 7 days before: last week
    ([_entry("a", "2026-10-16")], 0, []),  # after the date: not counted
    ([_entry("a", None), _entry("b", "garbage")], 0, []),
    ([_entry("a", goals=["UX", "ux ", "Data"]), _entry("b", goals=["Data"])], 0, [("Data", 2), ("UX", 1)]),
])
def test_the_cohort_summary(entries, active, goals):
    s = summarise_cohort(entries, as_of=dt.date(2026, 10, 15))
    assert (s["shared"], s["active_this_week"], s["goals"]) == (len(entries), active, goals)
    assert s["goals_in_progress"] == sum(n for _, n in goals)


def test_the_summary_comes_from_shared_reports_only(client, shared):
    share_report(client, shared, "alice", initials=True)
    share_report(client, shared, "bob", initials=False)
    withdraw_report(shared, "bob")
    s = summarise_cohort(read_shared(shared), as_of=client.as_of())
    assert (s["shared"], s["active_this_week"], s["goals"]) == (1, 1, [("Move into product management", 1)])


# ----------------------------------------------------------------------------- the coach's page


def test_the_coach_page_lists_each_share_and_escapes_everything():
    xss = "<img src=x onerror=alert(1)>"
    shared = [{"user": "alice", "initials": True, "contacts": 12, "last_exchange": "2026-10-14",
               "goals_in_progress": [xss], "shared_at": "2026-10-15T09:30:00"}]
    page = render_index(shared, summarise_cohort(shared, as_of=dt.date(2026, 10, 15)), coach="coach")
    assert page.count('class="wb-coach-report"') == 1 and 'href="reports/alice"' in page
    assert xss not in page and "&lt;img src=x" in page
    assert "initials only" in page and "2026-10-15 09:30" in page


# ----------------------------------------------------------------------------- the share view, headless


def test_the_view_does_nothing_outside_a_hub(client, shared):
    view = ShareView(client, environ={})
    view._on_share()
    assert view.share_button.disabled and view.withdraw_button.disabled and not view.shared
    assert view.messages.text == OUTSIDE_HUB and list(shared.iterdir()) == []


def test_the_view_shares_with_initials_and_withdraws(client, shared):
    env = {"JUPYTERHUB_USER": "alice", "WORKBOOK_SHARE_DIR": str(shared)}
    view = ShareView(client, environ=env)
    assert not view.shared and view.withdraw_button.disabled
    view.names.value = True
    view.share_button.click()
    assert view.shared and view.messages.kind == "success" and "initials only" in view.status.value
    assert shared_summary(shared, "alice")["initials"] is True
    view.withdraw_button.click()
    assert not view.shared and shared_summary(shared, "alice") is None and view.withdraw_button.disabled


def test_the_view_never_shares_the_demo(demo_book, shared):
    view = ShareView(demo_book, environ={"JUPYTERHUB_USER": "alice", "WORKBOOK_SHARE_DIR": str(shared)})
    view.share_button.click()
    assert view.messages.kind == "error" and "demo" in view.messages.text and read_shared(shared) == []


def test_a_forged_names_choice_is_refused(client, shared):
    view = ShareView(client, environ={"JUPYTERHUB_USER": "alice", "WORKBOOK_SHARE_DIR": str(shared)})
    view.names._trait_values["value"] = "everything"  # past the widget's own check, as a forged message
    view._on_share()
    assert view.messages.kind == "error" and read_shared(shared) == []


# ----------------------------------------------------------------------------- configuration and folders


def test_the_configuration_file_keeps_everything_on_localhost_and_users_apart(tmp_path):
    from traitlets.config import Config

    from workbook.hub import CONFIG

    namespace: dict = {}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)  # as JupyterHub reads it, minus get_config
    c = Config()
    s = namespace["configure"](c, {"WORKBOOK_HUB_STATE": str(tmp_path / "state"), "WORKBOOK_HUB_PORT": "8123"})
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == "127.0.0.1" and c.JupyterHub.port == 8123
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert all(svc["url"].startswith("http://127.0.0.1:") for svc in c.JupyterHub.services if "url" in svc)
    assert c.JupyterHub.admin_access is False and c.Spawner.default_url == "/voila/render/app.ipynb"
    coach = next(r for r in c.JupyterHub.load_roles if r["name"] == "coach")
    assert not any(scope.startswith(("access:servers", "admin:servers", "tokens")) for scope in coach["scopes"])
    assert {"idle-culler", "coach"} <= {svc["name"] for svc in c.JupyterHub.services}

    class Spawner:
        home_dir = str(s.homes / "alice")

    assert c.Spawner.environment["WORKBOOK_DB"](Spawner) == str(s.homes / "alice" / "data" / "workbook.sqlite")
    assert c.Spawner.environment["WORKBOOK_SHARE_DIR"] == str(s.shared)


def test_each_home_gets_the_app_and_chapters_and_keeps_its_own_edits(tmp_path):
    home = prepare_home(tmp_path / "alice")
    chapter = home / "chapters" / "01-map-your-network.ipynb"
    chapter.write_text("mine")
    prepare_home(home)
    assert chapter.read_text() == "mine" and workbook_path(home).parent.is_dir()
    app = json.loads((home / "app.ipynb").read_text())
    assert any("ShareView" in "".join(cell["source"]) for cell in app["cells"])


@pytest.mark.parametrize("argv, key, value", [
    (["--port", "9000"], "WORKBOOK_HUB_PROXY_API_PORT", "9001"),
    (["--coach", "ms-rivera"], "WORKBOOK_HUB_COACH", "ms-rivera"),
    (["--cull-after", "600"], "WORKBOOK_HUB_CULL_AFTER", "600"),
])
def test_the_command_line_sets_what_the_configuration_reads(argv, key, value):
    assert environment(parse_args(argv))[key] == value


@pytest.mark.parametrize("argv", [["--port", "0"], ["--coach", "../x"], ["--coach", "Coach Name"]])
def test_bad_options_are_refused(argv):
    with pytest.raises(SystemExit):
        parse_args(argv)
