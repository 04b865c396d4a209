"""The HTML report for a coach: self-contained, escaped, and private with initials."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import report
from workbook.report import build_report, initials_of

XSS = "<img src=x onerror=alert(1)>"
#: (payload, what must never appear in the HTML): markup stays text, a URL never becomes a link.
PAYLOADS = [
    (XSS, "<img"),
    ("</script><script>alert(1)</script>", "<script>alert"),
    ("javascript:alert(1)", "href=\"javascript"),
    ('"><svg onload=alert(1)>', "<svg onload"),
]


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "A. L."),
    ("ada", "A."),
    ("Mary Ann Evans", "M. E."),
    ("  José   Álvarez ", "J. Á."),
    ("", "?"),
    (None, "?"),
])
def test_initials_of(name, expected):
    assert initials_of(name) == expected


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_initials_never_hold_more_than_two_letters(name):
    out = initials_of(name)
    assert out == "?" or re.fullmatch(r"\S\.( \S\.)?", out)


@pytest.fixture(scope="module")
def demo_report(_demo_master):
    import workbook

    book = workbook.open(_demo_master, readonly=True)
    try:
        names = book.contacts()["full_name"].tolist()
        emails = [e for e in book.contacts()["emails"].str.split(";").explode().tolist() if e]
        return build_report(book), build_report(book, initials=True), names, emails
    finally:
        book.close()


def test_the_report_works_offline(demo_report):
    html, *_ = demo_report
    assert html.startswith("<!DOCTYPE html>")
    # plotly's JavaScript is inlined once, and nothing is fetched from the internet
    assert html.count("plotly.js v") >= 1
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"http", html)
    assert html.count('class="plotly-graph-div"') >= 3


def test_the_report_shows_the_plan_and_the_charts(demo_report):
    html, *_ = demo_report
    for heading in ("This week", "Your circles", "Relationship health", "Keeping in touch", "Mentor outreach"):
        assert f"<h2>{heading}</h2>" in html
    assert html.count("<tr>") >= 4  # a header row and the week's steps


def test_initials_hide_every_name_and_email(demo_report):
    html, private, names, emails = demo_report
    assert sum(n in html for n in names) > 0  # the plain report does name people
    assert [n for n in names if n in private] == []
    assert [e for e in emails if e in private] == []
    assert "shown by their initials" in private


@pytest.mark.parametrize("payload, forbidden", PAYLOADS)
def test_hostile_text_is_escaped_everywhere(demo_book, payload, forbidden):
    cid = demo_book.add_contact(payload, company=payload, position=payload, notes=payload, circle="inner")
    demo_book.log_interaction(cid, demo_book.as_of(), "call", "mutual", "catch-up", payload)
    demo_book.tag(cid, "interest", payload)
    demo_book.set_profile(name=payload)
    demo_book.add_goal(payload, needs=payload)
    html = build_report(demo_book, include_plotlyjs=False)
    assert forbidden not in html
    assert html.count("<script") == html.count("</script>")  # no script opened or closed by data


def test_an_empty_workbook_gets_a_plain_report(book):
    html = build_report(book, include_plotlyjs=False)
    assert "No steps this week." in html
    assert "plotly-graph-div" not in html


def test_one_failing_chart_does_not_lose_the_report(book, monkeypatch):
    book.add_contact("Ada Lovelace")

    def broken(_frames):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "CHARTS", (("Broken", broken),) + report.CHARTS[1:])
    html = build_report(book, include_plotlyjs=False)
    assert "This chart could not be drawn." in html and "boom" not in html


def test_the_report_never_changes_the_workbook(demo_book):
    before = demo_book.dump()
    build_report(demo_book, initials=True, include_plotlyjs=False)
    assert demo_book.dump() == before


def test_write_report_and_its_file_name(book, tmp_path):
    path = report.write_report(book, tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert path.endswith("r.html")
    assert re.fullmatch(r"networking-report-\d{4}-\d{2}-\d{2}\.html", report.report_filename(book))
