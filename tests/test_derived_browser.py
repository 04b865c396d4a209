"""Derived common ground in a real browser (issue #17): on a workbook holding only the bundled
LinkedIn export, the Common ground page shows what the export says about a contact with its
source, "Not true" removes it for good, and a card for what only the person knows saves and
counts ("1 of 20")."""
from __future__ import annotations

import re

import pytest

import workbook
from browser import SCREENSHOTS, AppPage, AppServer, free_port, launch_browser, wait_until
from workbook.importers import import_file
from workbook.samples import SAMPLES_DIR
from workbook.session import Session

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def linkedin_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("derived") / "linkedin only.sqlite"
    book = workbook.open(path)
    import_file(book, SAMPLES_DIR / "linkedin-export.zip")
    book.close()
    return path


@pytest.fixture(scope="module")
def app(linkedin_db, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    server = AppServer(linkedin_db, free_port(), tmp_path_factory.mktemp("log") / "server.log").start()
    with sync_playwright() as p:
        browser = launch_browser(p)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = AppPage(context.new_page(), server)
        page.open()
        yield page
        page.close()
        context.close()
        browser.close()
    server.stop()


def _someone_with_derived(db) -> tuple[int, str, list[str]]:
    book = workbook.open(db, readonly=True)
    try:
        explained = Session.of(book).explained_derived()
        cid = int(explained["contact_id"].value_counts().index[0])
        name = str(book.contact(cid)["full_name"])
        return cid, name, explained.loc[explained["contact_id"] == cid, "sentence"].astype(str).tolist()
    finally:
        book.close()


def test_what_the_export_shows_is_sourced_and_not_true_removes_it_for_good(app, linkedin_db):
    cid, name, sentences = _someone_with_derived(linkedin_db)
    common = app.section("common")
    common.get_by_text("One contact", exact=True).first.click()
    common.locator(".wb-picker-search input").first.fill(name)
    # One match is picked for the person (the picker's rule): wait for Python to have picked them.
    derived = common.locator(".wb-common-derived")
    wait_until(lambda: sentences[0][:40] in derived.inner_text(), message="their derived items to show")
    derived.get_by_text("What your export shows").wait_for(timeout=30_000)
    text = derived.inner_text()
    assert sentences[0][:40] in text and re.search(r"derived from \w+\.csv", text)
    common.locator(".wb-common-dismiss").click()
    try:
        common.locator(".wb-message-success").get_by_text("will not come back").wait_for(timeout=30_000)
    finally:
        app.screenshot("common-derived-after-dismiss")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app.page.screenshot(path=str(SCREENSHOTS / "common-derived-dismissed.png"), full_page=True)
    book = workbook.open(linkedin_db, readonly=True)
    try:
        dismissed = book.derived_items(include_dismissed=True)
        assert int(dismissed.loc[dismissed["contact_id"] == cid, "dismissed"].sum()) == 1
    finally:
        book.close()
    if len(sentences) == 1:
        wait_until(lambda: "What your export shows" not in derived.inner_text(), message="the item to go")
    else:
        wait_until(lambda: sentences[0][:40] not in derived.inner_text(), message="the dismissed item to go")


def test_a_card_saves_what_only_the_person_knows_and_the_count_moves(app, linkedin_db):
    common = app.section("common")
    progress = common.locator(".wb-cards-progress").first
    progress.wait_for(timeout=30_000)
    before = int(re.search(r"(\d+) of (\d+)", progress.inner_text()).group(1))
    card = common.locator(".wb-cards-card").first
    card.locator(".wb-cards-how-met select").select_option(label="Worked together")
    card.locator(".wb-cards-save").click()
    wait_until(lambda: f"{before + 1} of " in progress.inner_text(), message="the cards' count to move")
    common.locator(".wb-cards").first.screenshot(path=str(SCREENSHOTS / "common-cards-saved.png"))
    # Twenty cards sit side by side in a grid, not in one column a few thousand pixels long.
    boxes = [common.locator(".wb-cards-card").nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"]
    book = workbook.open(linkedin_db, readonly=True)
    try:
        assert (book.contacts()["how_met"] == "Worked together").sum() == 1
    finally:
        book.close()
