"""The upload widget, driven headless: choose files, click Import, read the published state."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from workbook import samples
from workbook.ui.importer import MAX_UPLOAD_BYTES, ImporterWidget, report_html

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def upload(widget: ImporterWidget, *names: str, data: dict[str, bytes] | None = None) -> None:
    """Put files into the FileUpload the way the browser does (a tuple of dicts, memoryview content)."""
    files = {n: (SAMPLES / n).read_bytes() for n in names}
    files.update(data or {})
    widget.upload.value = tuple(
        {"name": n, "type": "", "size": len(b), "content": memoryview(b), "last_modified": dt.datetime(2024, 1, 1)}
        for n, b in files.items()
    )


def test_the_upload_limit_is_explicit():
    assert MAX_UPLOAD_BYTES == 200 * 1024 * 1024


def test_button_waits_for_files_and_names_them(book):
    w = ImporterWidget(book)
    assert w.import_button.disabled and "No files" in w.chosen.value
    upload(w, "google-contacts.csv")
    assert not w.import_button.disabled and "google-contacts.csv" in w.chosen.value


def test_import_publishes_reports_shows_progress_and_clears_the_choice(book):
    w = ImporterWidget(book)
    seen, progress = [], []
    w.observe(lambda change: seen.append(change["new"]), "reports")
    w.progress.observe(lambda change: progress.append(change["new"]), "value")
    upload(w, "google-contacts.csv", "calendar.ics")
    w.import_button.click()
    assert len(seen) == 1 and [r["format"] for r in seen[0]] == ["google", "ics"]
    assert w.value == w.reports == seen[0]
    assert seen[0][0]["contacts_added"] == 20 and seen[0][1]["interactions_added"] == 13
    assert len(book.contacts()) == 20
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert w.upload.value == () and w.import_button.disabled
    assert w.messages.kind == "success"
    assert "20 new contacts" in w.summary.value and "google-contacts.csv" in w.summary.value


@pytest.mark.parametrize("name, message", [
    ("refused-png-renamed.csv", "PNG image"),
    ("refused-empty.csv", "empty"),
    ("refused-no-header.csv", "no header"),
])
def test_refused_files_are_explained_and_write_nothing(book, name, message):
    w = ImporterWidget(book)
    upload(w, name)
    w.import_button.click()
    assert w.reports == [] and w.refused[0]["name"] == name and message in w.refused[0]["reason"]
    assert w.messages.kind == "error" and message in w.messages.text
    assert book.is_empty() and book.counts()["imports"] == 0
    assert "refused" in w.summary.value


def test_one_refused_file_does_not_stop_the_others(book):
    w = ImporterWidget(book)
    upload(w, "refused-png-renamed.csv", "contacts-comma.csv")
    w.import_button.click()
    assert len(w.reports) == 1 and len(w.refused) == 1
    assert w.messages.kind == "warning" and len(book.contacts()) == 12


@pytest.mark.parametrize("sizes, message", [
    ({"big.csv": 2048}, "more than the 1 KB"),
    ({"a.csv": 700, "b.csv": 700}, "Together these files"),
])
def test_uploads_over_the_limit_are_refused_before_anything_is_read(book, sizes, message):
    w = ImporterWidget(book, max_upload_bytes=1024)
    upload(w, data={n: b"Name,Email\n" + b"x" * (size - 11) for n, size in sizes.items()})
    w.import_button.click()
    assert message in w.messages.text and w.messages.kind == "error"
    assert w.reports == [] and book.is_empty()


def test_zip_bombs_are_refused(book):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Connections.csv", b"\0" * (40 * 1024 * 1024))
    w = ImporterWidget(book)
    upload(w, data={"export.zip": buf.getvalue()})
    w.import_button.click()
    assert "zip bomb" in w.refused[0]["reason"] and book.is_empty()


def test_names_from_files_are_shown_escaped(book):
    w = ImporterWidget(book)
    upload(w, data={"<b>x<b>.csv": b"Name,Email,Company\n<img src=x onerror=alert(1)>,bad@,<script>co</script>\n"
                                   b"<img src=x onerror=alert(1)>,img@example.com,<script>co</script>\n"})
    w.import_button.click()
    html = w.summary.value
    assert "<img" not in html and "<script" not in html and "<b>x" not in html
    assert "&lt;b&gt;x&lt;b&gt;.csv" in html and "&#x27;bad@&#x27; is not an email address" in html
    assert book.contacts()["full_name"].tolist() == ["<img src=x onerror=alert(1)>"]  # stored as-is


def forge(widget, value) -> None:
    """Store a value the widget's own validation would refuse (as a forged front end might)."""
    widget._trait_values["value"] = value


def test_a_forged_format_is_refused_with_a_visible_message(book):
    w = ImporterWidget(book)
    upload(w, "contacts-comma.csv")
    forge(w.format, "exe")
    w.import_button.click()
    assert w.messages.kind == "error" and "not one of the options" in w.messages.text
    assert book.is_empty()


def test_a_forged_upload_value_is_refused(book):
    w = ImporterWidget(book)
    forge(w.upload, ({"name": "x.csv", "content": "not bytes"},))
    w._on_upload()
    assert w.messages.kind == "error" and w.import_button.disabled
    w.import_button.disabled = False  # a forged front end can press a disabled button too
    w.import_button.click()
    assert w.messages.kind == "error" and "unexpected form" in w.messages.text and book.is_empty()


def test_chosen_format_is_used(book):
    w = ImporterWidget(book)
    w.format.value = "vcard"
    upload(w, "contacts-comma.csv")
    w.import_button.click()
    assert "does not look like a vCard" in w.refused[0]["reason"]


def test_importing_the_same_file_again_says_nothing_new(book):
    w = ImporterWidget(book)
    for _ in range(2):
        upload(w, "linkedin-Connections.csv")
        w.import_button.click()
    assert w.reports[0]["contacts_added"] == 0 and "Nothing new" in w.summary.value


def test_report_html_lists_merges_and_rejections_in_plain_words():
    report = {"source": "c.csv", "format": "csv", "rows_read": 3, "contacts_added": 1, "contacts_merged": 1,
              "merges": [{"line": 3, "name": "Ada", "into": "Ada L.", "rule": "same email"}],
              "rejected": [{"line": 4, "reason": "no name and no email address"}], "warnings": ["note <x>"]}
    html = report_html(report)
    assert "1 new contact" in html and "merged with people you already had" in html
    assert "line 3: Ada → Ada L. (same email)" in html and "line 4: no name" in html
    assert "note &lt;x&gt;" in html


def test_css_classes_are_stable(book):
    w = ImporterWidget(book)
    classes = {c for child in (w, w.upload, w.import_button, w.progress, w.summary, w.format) for c in child._dom_classes}
    assert {"wb-importer", "wb-importer-upload", "wb-importer-button", "wb-importer-progress", "wb-importer-report",
            "wb-importer-format"} <= classes


def test_a_linkedin_export_through_the_widget(book):
    w = ImporterWidget(book)
    upload(w, "linkedin-export.zip")
    w.import_button.click()
    r = w.reports[0]
    assert r["contacts_added"] == 60 and r["interactions_added"] > 150 and "Connections.csv" in r["files"]
    assert samples.OWNER["first_name"] in book.profile().iloc[0]["name"]
