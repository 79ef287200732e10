"""Two windows on the same record, the same application added twice, and a long paste: nothing is lost unseen."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from data.store.schema import NOTE_MAX
from tests.conftest import PROJECT_ROOT
from ui.store import serve


def window(page: str, **state) -> AppTest:
    """A browser window of its own (its own session) on `page`, with `state` in its session."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    for name, value in state.items():
        at.session_state[name] = value
    at.switch_page(page).run()
    assert not at.exception
    return at


def open_acme(at: AppTest) -> AppTest:
    at.session_state["app-table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    return at.run()


def two_windows_save_acme_notes(ids) -> AppTest:
    """Two windows open Acme; the other one saves its notes first, then this one; this one is returned."""
    form = f"edit-application-{ids['acme']}"
    mine, theirs = open_acme(window("pages/applications.py")), open_acme(window("pages/applications.py"))
    for at, notes in ((theirs, "Their notes"), (mine, "My notes")):
        at.text_area(key=f"{form}-notes").input(notes)
        at.button(key=f"FormSubmitter:{form}-Save application").click().run()
    return mine


def reflect(at: AppTest, interview: int, overall: int, field: str, text: str) -> AppTest:
    """Rate `overall`, type `text` into `field` of the reflection and save it."""
    form = f"reflection-{interview}"
    at.radio(key=f"{form}-overall").set_value(overall)
    at.text_area(key=f"{form}-{field}").input(text)
    return at.button(key=f"{form}-save").click().run()


def reflect_windows(interview: int) -> tuple[AppTest, AppTest]:
    return tuple(window("pages/reflect.py", **{"reflect-interview": interview}) for _ in range(2))


def add_application(company: str, role: str, applied_on: date) -> AppTest:
    """A new window that adds this application."""
    at = window("pages/applications.py")
    at.text_input(key="new-application-0-company").input(company)
    at.text_input(key="new-application-0-role").input(role)
    at.date_input(key="new-application-0-applied").set_value(applied_on)
    return at.button(key="FormSubmitter:new-application-0-Add application").click().run()


def acme_notes(db, ids) -> list[tuple]:
    return db.cursor().execute("SELECT notes FROM applications WHERE id = ?", [ids["acme"]]).fetchall()


def test_a_second_window_saving_an_older_application_is_asked_and_keep_mine_stores_it(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"edit-application-{ids['acme']}"

    mine = two_windows_save_acme_notes(ids)

    assert not mine.exception
    [asked] = mine.warning
    assert "This was changed in another window" in asked.value
    [shown] = [d.value for d in mine.dataframe if "Yours" in d.value.columns]
    assert list(shown["Saved in the other window"]) == ["Their notes"] and list(shown["Yours"]) == ["My notes"]
    assert acme_notes(db, ids) == [("Their notes",)]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception
    assert acme_notes(db, ids) == [("My notes",)]


def test_take_theirs_drops_what_was_typed_and_shows_the_stored_application(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"edit-application-{ids['acme']}"
    mine = two_windows_save_acme_notes(ids)

    mine.button(key=f"{form}-conflict-theirs").click().run()

    assert not mine.exception and not mine.warning
    assert mine.text_area(key=f"{form}-notes").value == "Their notes"
    assert acme_notes(db, ids) == [("Their notes",)]


def test_two_windows_writing_the_same_reflection_field_are_asked_and_the_choice_is_stored(filled_db):
    db, ids = filled_db
    serve(db)
    interview = ids["globex_screen"]
    form = f"reflection-{interview}"
    mine, theirs = reflect_windows(interview)

    reflect(theirs, interview, 2, "went_well", "Theirs: the case study")
    reflect(mine, interview, 4, "went_well", "Mine: the system design")

    assert not mine.exception
    assert "This was changed in another window" in mine.warning[0].value
    stored = "SELECT overall, went_well FROM reflections WHERE interview_id = ?"
    assert db.cursor().execute(stored, [interview]).fetchall() == [(2, "Theirs: the case study")]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception
    assert db.cursor().execute(stored, [interview]).fetchall() == [(4, "Mine: the system design")]


def test_two_windows_writing_different_reflection_fields_both_keep_their_change(filled_db):
    db, ids = filled_db
    serve(db)
    interview = ids["globex_screen"]
    mine, theirs = reflect_windows(interview)

    reflect(theirs, interview, 3, "to_improve", "Slow down")
    reflect(mine, interview, 3, "went_well", "Good questions")

    assert not mine.exception and not mine.warning
    stored = "SELECT overall, went_well, to_improve FROM reflections WHERE interview_id = ?"
    assert db.cursor().execute(stored, [interview]).fetchall() == [(3, "Good questions", "Slow down")]


def test_adding_the_same_application_again_asks_first(filled_db):
    db, ids = filled_db
    serve(db)
    at = add_application(" acme ", "Data engineer", date(2026, 3, 20))

    assert not at.exception
    assert "You already have this one" in at.warning[0].value.replace("\\", "")
    count = "SELECT count(*) FROM applications WHERE company = 'acme'"
    assert db.cursor().execute(count).fetchall() == [(0,)]

    at.button(key="new-application-0-duplicate-yes").click().run()

    assert not at.exception
    assert db.cursor().execute(count).fetchall() == [(1,)]


def test_an_application_of_the_same_role_months_later_is_added_without_asking(filled_db):
    db, ids = filled_db
    serve(db)
    at = add_application("Acme", "Data Engineer", date(2026, 6, 1))

    assert not at.exception and not at.warning
    assert db.cursor().execute("SELECT count(*) FROM applications WHERE company = 'Acme'").fetchall() == [(2,)]


def test_a_paste_as_long_as_the_notes_allow_is_stored_whole(filled_db):
    db, ids = filled_db
    serve(db)
    interview = ids["globex_screen"]
    pasted = ("A long transcript line, pasted whole. " * 2_000)[: min(50_000, NOTE_MAX)]

    at = reflect(window("pages/reflect.py", **{"reflect-interview": interview}), interview, 3, "other_notes", pasted)

    assert not at.exception and not at.error
    [(stored,)] = (
        db.cursor().execute("SELECT other_notes FROM reflections WHERE interview_id = ?", [interview]).fetchall()
    )
    assert stored == pasted.strip()


def test_a_paste_over_the_limit_is_kept_on_screen_and_the_limit_said(filled_db):
    db, ids = filled_db
    serve(db)
    interview = ids["globex_screen"]
    pasted = "x" * (NOTE_MAX + 1)

    at = reflect(window("pages/reflect.py", **{"reflect-interview": interview}), interview, 3, "other_notes", pasted)

    assert not at.exception
    assert f"the limit is {NOTE_MAX:,}" in at.error[0].value.replace("\\", "")
    assert at.text_area(key=f"reflection-{interview}-other_notes").value == pasted
    assert db.cursor().execute("SELECT count(*) FROM reflections").fetchall() == [(0,)]
