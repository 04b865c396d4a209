"""workbook.ui.common_ground, driven headless: set values, click, assert on published state and the workbook."""
from __future__ import annotations

import pytest

from workbook.ui import common_ground as ui

EVIL = "<img src=x onerror=alert(1)>"


def _forge(widget, value) -> None:
    """Put a value in a widget behind its validation, as a tampered front end could."""
    widget._trait_values["value"] = value


def _profile(book) -> dict[str, set[str]]:
    tags = book.tags()
    own = tags.loc[tags["contact_id"].isna()]
    return {k: set(g["text"]) for k, g in own.groupby("kind")}


@pytest.fixture
def small(book):
    """Five contacts: two pairs worth introducing, one name that tries to be HTML."""
    book.set_setting("as_of", "2026-10-15")
    for kind, text in (("interest", "beekeeping"), ("interest", "chess"), ("value", "curiosity"),
                       ("goal", "get fluent in SQL")):
        book.tag("profile", kind, text)
    ids = {}
    for name, company, tags in (
        ("Ada Byron", "Acme", [("interest", "beekeeping"), ("interest", "jazz"), ("skill", "SQL")]),
        ("Ben Okoro", "Bolt", [("interest", "chess"), ("interest", "jazz"), ("goal", "learn SQL")]),
        (EVIL, "Crane", [("interest", "beekeeping"), ("interest", "jazz"), ("value", "curiosity")]),
        ("Cy Dunn", "Dune", [("interest", "golf"), ("interest", "darts")]),
        ("Di Eze", "Eider", [("interest", "golf"), ("interest", "darts")]),
    ):
        cid = book.add_contact(name, company=company, connected_on="2020-01-01")
        for kind, text in tags:
            book.tag(cid, kind, text)
        ids[name] = cid
    book.log_interaction(ids["Ada Byron"], "2026-09-30", "call", "mutual", "catch-up", "talked about her hives")
    return book, ids


# ----------------------------------------------------------------------------- ProfileEditor


def test_profile_editor_shows_the_saved_profile(small):
    book, _ = small
    editor = ui.ProfileEditor(book)
    assert editor.value["interest"] == ["beekeeping", "chess"]
    assert editor.inputs["value"].value == ["curiosity"]
    assert editor.value["city"] == [] and editor.changes == 0


def test_add_and_remove_by_click_save_at_once(small):
    book, _ = small
    editor = ui.ProfileEditor(book)
    editor.kind.value, editor.text.value = "value", "  generosity "
    editor.add_button.click()
    assert editor.messages.kind == "success", editor.messages.text
    assert "generosity" in _profile(book)["value"] and editor.changes == 1
    assert "generosity" in editor.inputs["value"].value and editor.text.value == ""
    editor.kind.value, editor.text.value = "interest", "CHESS"
    editor.remove_button.click()
    assert editor.messages.kind == "success", editor.messages.text
    assert _profile(book)["interest"] == {"beekeeping"} and editor.changes == 2


def test_tag_boxes_save_what_changed(small):
    book, _ = small
    editor = ui.ProfileEditor(book)
    editor.inputs["skill"].value = ["facilitation", "roadmapping"]
    assert _profile(book)["skill"] == {"facilitation", "roadmapping"} and editor.changes == 1
    editor.inputs["skill"].value = ["roadmapping"]
    assert _profile(book)["skill"] == {"roadmapping"} and editor.changes == 2
    editor.inputs["interest"].value = ["Beekeeping", "chess"]  # only the case changed: nothing to save
    assert editor.changes == 2 and _profile(book)["interest"] == {"beekeeping", "chess"}
    assert editor.value["skill"] == ["roadmapping"]


@pytest.mark.parametrize("tamper, message", [
    (lambda e: (_forge(e.kind, "favourite colour"), setattr(e.text, "value", "blue")), "kind"),
    (lambda e: (setattr(e.kind, "value", "interest"), setattr(e.text, "value", "   ")), "Type something"),
    (lambda e: (setattr(e.kind, "value", "interest"), setattr(e.text, "value", "x" * 201)), "too long"),
    (lambda e: (setattr(e.kind, "value", "interest"), setattr(e.text, "value", "Chess")), "already"),
])
def test_profile_editor_refuses_bad_or_forged_values(small, tamper, message):
    book, _ = small
    editor = ui.ProfileEditor(book)
    before = len(book.tags())
    tamper(editor)
    editor.add_button.click()
    assert editor.messages.kind == "error" and message in editor.messages.text
    assert len(book.tags()) == before and editor.changes == 0


@pytest.mark.parametrize("bad", ["x" * 500, "   "])
def test_a_bad_tag_box_value_is_refused_and_reverted(small, bad):
    book, _ = small
    editor = ui.ProfileEditor(book)
    before = len(book.tags())
    editor.inputs["interest"].value = ["beekeeping", "chess", "sailing", bad]
    assert editor.messages.kind == "error"
    assert len(book.tags()) == before and editor.changes == 0
    assert editor.inputs["interest"].value == ["beekeeping", "chess"]


def test_removing_what_is_not_there_says_so(small):
    book, _ = small
    editor = ui.ProfileEditor(book)
    editor.kind.value, editor.text.value = "skill", "juggling"
    editor.remove_button.click()
    assert editor.messages.kind == "error" and "not in your" in editor.messages.text


# ----------------------------------------------------------------------------- CommonGroundView


def test_view_publishes_top_matches_and_a_summary(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    assert view.messages.kind == "", view.messages.text
    top = [m["contact_id"] for m in view.value]
    assert set(top) == {ids["Ada Byron"], ids["Ben Okoro"], ids[EVIL]}
    assert "3 of your 5 contacts" in view.summary.value
    assert view.figures["matches"].layout.title.text == ("&lt;img src=x onerror=alert(1)&gt; shares the most with "
                                                         "you, starting with curiosity")
    assert view.contact.options[1][1] == top[0]  # the picker starts with the best matches


def test_picking_a_contact_shows_common_ground_and_starters_escaped(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    view.select(ids[EVIL])
    sel = view.selected
    assert sel["contact_id"] == ids[EVIL]
    assert {s["text"] for s in sel["shared"]} == {"beekeeping", "curiosity"}
    assert 3 <= sum(s["kind"] != "ask" for s in sel["starters"]) <= 5
    assert sel["starters"][-1]["kind"] == "ask"
    assert EVIL not in view.detail.value and "&lt;img" in view.detail.value
    view.select(ids["Ada Byron"])
    assert view.selected["starters"][0]["kind"] == "recent"
    assert "talked about her hives" in view.detail.value


def test_search_narrows_the_picker_and_a_single_match_is_picked(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    view.search.value = "okoro"
    assert view.contact.value == ids["Ben Okoro"] and view.selected["full_name"] == "Ben Okoro"


def test_a_forged_contact_is_refused(small):
    book, _ = small
    view = ui.CommonGroundView(book)
    _forge(view.contact, 9999)
    view.tag_text.value = "sailing"
    view.tag_button.click()
    assert view.messages.kind == "error" and "not one of the options" in view.messages.text
    assert view.changes == 0


def test_quick_tag_saves_and_updates_the_common_ground(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    view.select(ids["Cy Dunn"])
    assert view.selected["shared"] == []
    view.tag_kind.value, view.tag_text.value = "interest", "Chess"
    view.tag_button.click()
    assert view.messages.kind == "success", view.messages.text
    assert view.changes == 1 and view.tag_text.value == ""
    tags = book.tags()
    assert ((tags["contact_id"] == ids["Cy Dunn"]) & (tags["text"] == "Chess")).any()
    assert [s["text"] for s in view.selected["shared"]] == ["chess"]
    assert ids["Cy Dunn"] in [m["contact_id"] for m in view.value]


def test_who_shares_lists_people_and_escapes_names(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    assert "beekeeping" in view.interest.options
    view.interest.value = "Beekeeping"
    view.find_button.click()
    assert view.messages.kind == "", view.messages.text
    assert set(view.sharers) == {ids["Ada Byron"], ids[EVIL]}
    assert "&lt;img" in view.results.value and EVIL not in view.results.value
    view.interest.value, view.interest_kind.value = "jazz", "value"
    view.find_button.click()
    assert view.sharers == [] and "Nobody" in view.results.value
    _forge(view.interest_kind, "bogus")
    view.find_button.click()
    assert view.messages.kind == "error"


def test_accepting_an_introduction_links_and_logs_both(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    view.tabs.selected_index = ui.CommonGroundView.TABS.index("Introductions")
    pairs = {(p["a"], p["b"]) for p in view.introductions}
    assert (ids["Cy Dunn"], ids["Di Eze"]) in pairs
    assert "intros" in view.figures
    i = next(i for i, p in enumerate(view.introductions) if (p["a"], p["b"]) == (ids["Cy Dunn"], ids["Di Eze"]))
    view.intro.value = i
    view.intro_note.value = "both play darts on Tuesdays"
    view.accept.click()
    assert view.messages.kind == "success", view.messages.text
    assert view.changes == 1
    links = book.links()
    assert ((links["a"] == ids["Cy Dunn"]) & (links["b"] == ids["Di Eze"]) & (links["kind"] == "knows")).any()
    made = book.interactions().loc[lambda f: f["kind"] == "intro-made"]
    assert sorted(made["contact_id"]) == sorted([ids["Cy Dunn"], ids["Di Eze"]])
    assert (made["direction"] == "outbound").all() and (made["date"].dt.strftime("%Y-%m-%d") == "2026-10-15").all()
    assert made["note"].str.contains("both play darts on Tuesdays").all()
    assert (ids["Cy Dunn"], ids["Di Eze"]) not in {(p["a"], p["b"]) for p in view.introductions}


def test_a_forged_introduction_is_refused(small):
    book, _ = small
    view = ui.CommonGroundView(book)
    view.tabs.selected_index = ui.CommonGroundView.TABS.index("Introductions")
    before = (len(book.links()), len(book.interactions()))
    _forge(view.intro, 42)
    view.accept.click()
    assert view.messages.kind == "error" and view.changes == 0
    assert (len(book.links()), len(book.interactions())) == before


def test_collaborate_and_circles_tabs_draw_when_opened(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    assert "circles" not in view.figures and view.collaborators == []
    view.tabs.selected_index = ui.CommonGroundView.TABS.index("Collaborate")
    assert [c["contact_id"] for c in view.collaborators] == [ids["Ada Byron"]]
    assert "get fluent in SQL" in view.collab.value
    view.tabs.selected_index = ui.CommonGroundView.TABS.index("Across your circles")
    assert view.figures["circles"].data[0].type == "heatmap"
    assert view.messages.kind == ""


def test_refresh_picks_up_changes_made_elsewhere(small):
    book, ids = small
    view = ui.CommonGroundView(book)
    book.tag(ids["Di Eze"], "value", "curiosity")
    view.refresh()
    assert ids["Di Eze"] in [m["contact_id"] for m in view.value]


def test_views_work_on_an_empty_workbook(book):
    view, editor = ui.CommonGroundView(book), ui.ProfileEditor(book)
    assert view.messages.kind == "" and editor.messages.kind == ""
    assert view.value == [] and "No contacts yet" in view.summary.value
    for i in range(len(ui.CommonGroundView.TABS)):
        view.tabs.selected_index = i
    assert view.messages.kind == "", view.messages.text


def test_views_on_the_demo(demo_book):
    view, editor = ui.CommonGroundView(demo_book), ui.ProfileEditor(demo_book)
    assert view.messages.kind == "" and len(view.value) == ui.TOP
    assert "Product Guild" in editor.value["community"]
    view.select(view.value[0]["contact_id"])
    assert view.selected["shared"] and view.messages.kind == ""


def test_scores_are_shared_between_views_until_the_profile_changes(small):
    book, ids = small
    first = ui.common_ground_scores(book)
    assert ui.common_ground_scores(book) is first  # the Mentor outreach view gets the same, no rescoring
    book.tag("profile", "interest", "golf")
    again = ui.common_ground_scores(book)
    assert again is not first
    assert again.set_index("contact_id").loc[ids["Cy Dunn"], "n_shared"] == 1


def test_what_an_export_derived_is_shown_with_its_source_and_can_be_dismissed(book):
    # A LinkedIn-only workbook: the contact tab marks derived items, names their source file, and
    # "Not true" dismisses one for good (a forged item id is refused, nothing written).
    from workbook.importers import import_file
    from workbook.samples import SAMPLES_DIR

    import_file(book, SAMPLES_DIR / "linkedin-export.zip")
    view = ui.CommonGroundView(book)
    d = book.derived_items()
    cid = int(d.loc[(d["owner"] == "contact") & (d["kind"] == "employer"), "contact_id"].iloc[0])
    view.select(cid)
    assert "What your export shows" in view.derived.value and "Connections.csv" in view.derived.value
    assert view.dismiss_row.layout.display == "flex" and view.derived_pick.options
    before = len(book.derived_items())
    view.derived_pick.value = view.derived_pick.options[0][1]
    view.dismiss_button.click()
    assert len(book.derived_items()) == before - 1 and "will not come back" in view.messages.value
    changes = view.changes
    view.derived_pick.options = [("forged", 10**9)]
    view.derived_pick.value = 10**9
    view.dismiss_button.click()
    assert len(book.derived_items()) == before - 1 and view.changes == changes
