"""The reflection form survives a reload: what is typed is kept as a draft until saved or discarded.

A reload is a new browser session: here a new AppTest on the same database.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from data.store.reflections import Reflection, get_draft, get_reflection, save_reflection
from tests.conftest import PROJECT_ROOT
from tests.reliability.test_disk_full import DISK_FULL, UnwritableConnection
from ui.store import serve

PAGE = "pages/reflect.py"


@pytest.fixture
def search(filled_db):
    db, ids = filled_db
    serve(db)
    return db, ids


def session(interview: int) -> AppTest:
    """A new browser session (a reload) on the Reflect page of `interview`."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    at.session_state["reflect-interview"] = interview
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def type_into(at: AppTest, key: str, **values) -> AppTest:
    """Rate or type each of `values` (field name: score or text) into the form of `key`, each change its own run."""
    for name, value in values.items():
        if isinstance(value, int):
            at.radio(key=f"{key}-{name}").set_value(value).run()
        else:
            at.text_area(key=f"{key}-{name}").input(value).run()
        assert not at.exception
    return at


def typed_in(at: AppTest, key: str) -> dict[str, object]:
    """What the form of `key` shows, field by field."""
    return {
        "overall": at.radio(key=f"{key}-overall").value,
        "rapport": at.radio(key=f"{key}-rapport").value,
        "went_well": at.text_area(key=f"{key}-went_well").value,
        "other_notes": at.text_area(key=f"{key}-other_notes").value,
    }


def draft_caption(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if "Draft from" in c.value]


def test_ratings_and_text_typed_are_back_after_a_reload(search):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    first = type_into(
        session(interview),
        key,
        overall=4,
        rapport=5,
        went_well="Walked through the «Kafka» design 🚀\nthen the backfill",
    )
    assert not first.warning

    again = session(interview)

    assert typed_in(again, key) == {
        "overall": 4,
        "rapport": 5,
        "went_well": "Walked through the «Kafka» design 🚀\nthen the backfill",
        "other_notes": "",
    }
    kept_at = get_draft(db.cursor(), interview).updated_at
    assert draft_caption(again) == [
        f":material/edit_note: Draft from {kept_at:%H:%M}, not yet saved. Discarding it drops these changes and "
        "empties the form."
    ]
    assert again.button(key=f"{key}-discard-draft").label == "Discard draft"
    assert get_reflection(db.cursor(), interview) is None
    assert not [t.value for t in again.toast]  # kept quietly


def test_discarding_the_draft_empties_the_form_without_asking(search):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    type_into(session(interview), key, overall=2, went_well="Not my best")
    again = session(interview)

    again.button(key=f"{key}-discard-draft").click().run()

    assert not again.exception
    assert get_draft(db.cursor(), interview) is None
    assert typed_in(again, key) == {"overall": None, "rapport": None, "went_well": "", "other_notes": ""}
    assert draft_caption(again) == []
    assert [t.value for t in again.toast] == ["Draft discarded"]
    assert typed_in(session(interview), key)["went_well"] == ""


def test_saving_the_reflection_clears_the_draft(search):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    at = type_into(session(interview), key, overall=3, went_well="Good questions")
    assert get_draft(db.cursor(), interview) is not None

    at.button(key=f"{key}-save").click().run()

    assert not at.exception
    assert get_draft(db.cursor(), interview) is None
    assert (get_reflection(db.cursor(), interview).overall, get_reflection(db.cursor(), interview).went_well) == (
        3,
        "Good questions",
    )
    assert draft_caption(at) == []
    again = session(interview)
    assert typed_in(again, key)["went_well"] == "Good questions" and draft_caption(again) == []


def test_a_50000_character_paste_is_kept_in_the_draft_and_stored_whole(search):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    pasted = ("A long transcript line, pasted whole. " * 2_000)[:50_000]
    type_into(session(interview), key, overall=3, other_notes=pasted)
    assert get_draft(db.cursor(), interview).typed.other_notes == pasted

    again = session(interview)
    assert again.text_area(key=f"{key}-other_notes").value == pasted
    again.button(key=f"{key}-save").click().run()

    assert not again.exception and not again.error
    assert get_reflection(db.cursor(), interview).other_notes == pasted.strip()
    assert get_draft(db.cursor(), interview) is None


def test_unsaved_edits_of_a_saved_reflection_are_kept_and_discarding_goes_back_to_it(search):
    db, ids = search
    interview = ids["acme_screen"]
    key = f"reflection-{interview}"
    save_reflection(db, Reflection(interview, 3, went_well="Saved before"), now=datetime(2026, 3, 20, 12))
    type_into(session(interview), key, overall=5, went_well="Edited, not saved")

    again = session(interview)
    assert typed_in(again, key)["overall"] == 5 and typed_in(again, key)["went_well"] == "Edited, not saved"
    assert draft_caption(again)[0].endswith("goes back to the saved reflection.")
    assert get_reflection(db.cursor(), interview).went_well == "Saved before"

    again.button(key=f"{key}-discard-draft").click().run()
    assert typed_in(again, key)["overall"] == 3 and typed_in(again, key)["went_well"] == "Saved before"
    assert get_reflection(db.cursor(), interview) == Reflection(interview, 3, went_well="Saved before")


def test_changing_back_to_what_is_saved_drops_the_draft(search):
    db, ids = search
    interview = ids["acme_screen"]
    key = f"reflection-{interview}"
    save_reflection(db, Reflection(interview, 3), now=datetime(2026, 3, 20, 12))
    at = session(interview)
    at.radio(key=f"{key}-overall").set_value(4).run()
    assert get_draft(db.cursor(), interview) is not None

    at.radio(key=f"{key}-overall").set_value(3).run()

    assert get_draft(db.cursor(), interview) is None
    assert draft_caption(at) == []


def test_thank_you_topics_for_each_interviewer_are_back_after_a_reload(search):
    db, ids = search
    interview = ids["acme_technical"]
    key = f"reflection-{interview}"
    sam = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Sam Ortiz'").fetchall()[0][0]
    first = session(interview)
    first.text_input(key=f"{key}-thank_you_topic").input("their move to event sourcing").run()
    first.text_input(key=f"{key}-topic-{sam}").input("how the team runs on-call").run()

    again = session(interview)

    assert again.text_input(key=f"{key}-thank_you_topic").value == "their move to event sourcing"
    assert again.text_input(key=f"{key}-topic-{sam}").value == "how the team runs on-call"


def test_a_draft_that_cannot_be_written_is_said_quietly_and_the_form_keeps_what_was_typed(search, monkeypatch):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    at = session(interview)
    monkeypatch.setattr(db, "_con", UnwritableConnection(db._con, DISK_FULL.format(wal=f"{db.path}.wal")))

    at.radio(key=f"{key}-overall").set_value(4).run()
    at.text_area(key=f"{key}-went_well").input("Typed on a full disk").run()

    assert not at.exception and not at.error
    [warning] = at.warning
    assert warning.value.replace("\\", "").startswith("**Draft not kept.** Not saved: the disk is full.")
    assert typed_in(at, key)["overall"] == 4 and typed_in(at, key)["went_well"] == "Typed on a full disk"
    assert get_draft(db.cursor(), interview) is None


def saved_over_a_draft_and_reloaded(db, interview: int) -> AppTest:
    """A draft ("Mine, unsaved") typed over the saved "Opened", another window saving "Theirs" meanwhile, reloaded.

    The other window's save drops the interview's one draft; this window types on,
    which keeps its draft again with the reflection it opened on.
    """
    key = f"reflection-{interview}"
    opened = Reflection(interview, 3, went_well="Opened")
    save_reflection(db, opened, now=datetime(2026, 3, 20, 12))
    first = type_into(session(interview), key, went_well="Mine")
    save_reflection(db, Reflection(interview, 3, went_well="Theirs"), original=opened)
    type_into(first, key, went_well="Mine, unsaved")
    assert get_draft(db.cursor(), interview).original == opened
    again = session(interview)
    assert typed_in(again, key)["went_well"] == "Mine, unsaved"
    return again


def test_a_draft_begun_before_another_window_saved_is_asked_about_and_take_theirs_drops_it(search):
    db, ids = search
    interview = ids["acme_screen"]
    key = f"reflection-{interview}"
    again = saved_over_a_draft_and_reloaded(db, interview)

    again.button(key=f"{key}-save").click().run()

    assert "This was changed in another window" in again.warning[0].value
    assert get_reflection(db.cursor(), interview).went_well == "Theirs"
    again.button(key=f"{key}-conflict-theirs").click().run()
    assert not again.exception
    assert get_draft(db.cursor(), interview) is None
    assert typed_in(again, key)["went_well"] == "Theirs"
    assert draft_caption(again) == []


def test_keep_mine_saves_the_reloaded_draft_over_the_other_windows_version_and_clears_it(search):
    db, ids = search
    interview = ids["acme_screen"]
    key = f"reflection-{interview}"
    again = saved_over_a_draft_and_reloaded(db, interview)
    again.button(key=f"{key}-save").click().run()

    again.button(key=f"{key}-conflict-mine").click().run()

    assert not again.exception
    assert get_reflection(db.cursor(), interview).went_well == "Mine, unsaved"
    assert get_draft(db.cursor(), interview) is None


def test_once_the_disk_has_room_again_saving_stores_the_reflection_and_the_warning_goes(search, monkeypatch):
    db, ids = search
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    at = session(interview)
    connection = db._con
    monkeypatch.setattr(db, "_con", UnwritableConnection(connection, DISK_FULL.format(wal=f"{db.path}.wal")))
    at.radio(key=f"{key}-overall").set_value(4).run()
    assert len(at.warning) == 1

    monkeypatch.setattr(db, "_con", connection)  # space freed
    at.button(key=f"{key}-save").click().run()

    assert not at.exception and not at.warning
    assert get_reflection(db.cursor(), interview).overall == 4
    assert get_draft(db.cursor(), interview) is None
