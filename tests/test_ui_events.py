"""The Events page, driven headless: set widget values, click, read the published state."""
from __future__ import annotations

import datetime as dt

import pytest

from workbook.ui.events import EventsView

CAL = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
       "BEGIN:VEVENT\r\nUID:pt@x\r\nDTSTART;VALUE=DATE:20261105\r\nSUMMARY:ProductTank Leeds\r\nLOCATION:Leeds\r\n"
       "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:old@x\r\nDTSTART;VALUE=DATE:20250105\r\nSUMMARY:Old meetup\r\nEND:VEVENT\r\n"
       "END:VCALENDAR\r\n").encode()


def upload(view: EventsView, data: bytes, name: str = "mine.ics") -> None:
    view.upload.value = ({"name": name, "type": "text/calendar", "size": len(data), "content": memoryview(data),
                          "last_modified": dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)},)


def test_a_linkedin_only_workbook_shows_what_to_do(linkedin_book):
    view = EventsView(linkedin_book)
    assert "No events yet" in view.empty.value and ".ics" in view.empty.value
    assert "Nothing coming up" in view.upcoming.value and "No follow-ups waiting" in view.follow_ups.value
    assert view.event.options[1:] == () and view.past.options[1:] == () and view.messages.kind == ""
    out = view.chart.children[0].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert "No past events yet" in out["layout"]["annotations"][0]["text"]


def test_the_demo_page_prepares_each_upcoming_event(demo_book):
    view = EventsView(demo_book)
    html = view.upcoming.value
    assert html.count('class="wb-events-card"') == 2 and "ProductTank Manchester" in html
    assert "Likely there" in html and "Whom to meet" in html and "(planned)" in html and "(suggested)" in html
    assert html.count("Three openers") == 2
    assert view.goal.value == "Ask two product leads how they run discovery with teachers"
    assert view.follow_ups_due == 2 and "due 16 Oct 2026" in view.follow_ups.value
    assert view.empty.value == "" and view.messages.kind == ""


def test_add_an_event_and_escape_its_title(demo_book):
    view = EventsView(demo_book)
    view.title.value = "<script>alert(1)</script> =cmd|' /C calc'!A0"
    view.date.value = dt.date(2026, 10, 20)
    view.location.value = "<b>Leeds</b>"
    view.add.click()
    assert view.messages.kind == "success" and view.changes == 1
    html = view.upcoming.value
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<b>Leeds" not in html
    assert demo_book.events()["title"].str.startswith("<script>").sum() == 1


@pytest.mark.parametrize("title, date, words", [
    ("", dt.date(2026, 10, 20), "title must not be empty"),
    ("x" * 5000, dt.date(2026, 10, 20), "too long"),
    ("Conf", None, "Pick the event's date"),
])
def test_the_form_refuses_in_plain_words(book, title, date, words):
    view = EventsView(book)
    view.title.value, view.date.value = title, date
    view.add.click()
    assert view.messages.kind == "error" and words in view.messages.text and view.changes == 0


def test_a_calendar_upload_adds_upcoming_events_once(demo_book):
    view = EventsView(demo_book)
    before = len(demo_book.events())
    upload(view, CAL)
    assert view.messages.kind == "success" and "1 upcoming event" in view.messages.text and "1 past" in view.messages.text
    assert len(demo_book.events()) == before + 1 and "ProductTank Leeds" in view.upcoming.value
    assert view.upload.value == ()
    upload(view, CAL)
    assert "Added 0 upcoming events" in view.messages.text and "1 already here" in view.messages.text
    assert len(demo_book.events()) == before + 1 and "Old meetup" not in set(demo_book.events()["title"])


@pytest.mark.parametrize("data, name, words", [
    (b"PK\x03\x04zipzip", "mine.zip", "not a calendar file"),
    (b"Name,Email\nAda,a@x.org\n", "mine.ics", "not a calendar file"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n", "mine.ics", "could not be read"),
    (b"BEGIN:VCALENDAR\r\n" + b"X" * (5 * 1024 * 1024 + 10), "big.ics", "too large"),
])
def test_a_bad_upload_gives_a_plain_message(book, data, name, words):
    view = EventsView(book)
    upload(view, data, name)
    assert view.messages.kind == "error" and words in view.messages.text
    assert "Traceback" not in view.messages.text and book.events().empty and view.upload.value == ()


def test_log_who_you_met_then_follow_up(demo_book):
    view = EventsView(demo_book)
    assert view.past.value == 2  # the latest past event is chosen
    cid = int(demo_book.contacts()["contact_id"].iloc[40])
    name = demo_book.contact(cid)["full_name"]
    view.met_picker.select(cid)
    view.add_met.click()
    assert name in view.met_list.value
    view.new_people.value = "Ana <Silva>, Product Manager, Acme\nBo Chen"
    view.log_met.click()
    assert view.messages.kind == "success" and "3 people" in view.messages.text and "2 new contacts" in view.messages.text
    follow = view.follow_ups.value
    assert "Ana &lt;Silva&gt;" in follow and "Bo Chen" in follow and "<Silva>" not in follow
    assert view.follow_ups_due == 5 and view.changes == 1 and view.new_people.value == ""
    met = demo_book.contacts().set_index("full_name").loc["Bo Chen"]
    assert met["how_met"] == "EdTech Breakfast Manchester" and met["source"] == "manual"


def test_plan_whom_to_meet_and_save_a_goal(demo_book):
    view = EventsView(demo_book)
    view.event.value = 4  # UX Camp North
    assert view.goal.value.startswith("Practise a five-minute talk")
    view.goal.value = "Meet two <UX> leads"
    view.save_goal.click()
    assert demo_book.events().set_index("event_id").loc[4, "goal"] == "Meet two <UX> leads"
    assert "Meet two &lt;UX&gt; leads" in view.upcoming.value
    cid = int(demo_book.contacts()["contact_id"].iloc[10])
    view.meet_picker.select(cid)
    view.add_meet.click()
    people = demo_book.event_people()
    assert ((people["event_id"] == 4) & (people["contact_id"] == cid) & (people["role"] == "to meet")).any()
    assert view.changes == 2


@pytest.mark.parametrize("widget, forged", [("event", 999), ("past", 999), ("event", "<script>")])
def test_forged_event_choices_are_refused(demo_book, widget, forged):
    view = EventsView(demo_book)
    getattr(view, widget)._trait_values["value"] = forged  # what a visitor could send, past the widget's check
    button = view.save_goal if widget == "event" else view.log_met
    view.new_people.value = "Ana"
    button.click()
    assert view.messages.kind == "error" and "not one of the options" in view.messages.text
    assert view.changes == 0
