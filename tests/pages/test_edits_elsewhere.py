"""Two windows on the same record, the same application added twice, and a long paste: nothing is lost unseen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from streamlit.testing.v1 import AppTest

from data.store.interviews import Interview, get_interview, save_interview
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


def asked_with_both(at: AppTest) -> dict[str, tuple[str, str]]:
    """The question a refused save asks: each field changed, as saved in the other window and as typed here."""
    assert not at.exception
    [asked] = at.warning
    assert "This was changed in another window" in asked.value
    [shown] = [d.value for d in at.dataframe if "Yours" in d.value.columns]
    return {row.Field: (row._2, row.Yours) for row in shown.itertuples()}


def take_theirs(at: AppTest, form: str) -> AppTest:
    """Answer the question with "Take theirs": it goes, and nothing else is said."""
    at.button(key=f"{form}-conflict-theirs").click().run()
    assert not at.exception and not at.warning
    return at


def acme_notes(db, ids) -> list[tuple]:
    return db.cursor().execute("SELECT notes FROM applications WHERE id = ?", [ids["acme"]]).fetchall()


def test_a_second_window_saving_an_older_application_is_asked_and_keep_mine_stores_it(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"edit-application-{ids['acme']}"

    mine = two_windows_save_acme_notes(ids)

    assert asked_with_both(mine) == {"Notes": ("Their notes", "My notes")}
    assert acme_notes(db, ids) == [("Their notes",)]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception
    assert acme_notes(db, ids) == [("My notes",)]


def test_take_theirs_drops_what_was_typed_and_shows_the_stored_application(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"edit-application-{ids['acme']}"
    mine = two_windows_save_acme_notes(ids)

    take_theirs(mine, form)

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


def open_round(at: AppTest, ids, interview: str) -> AppTest:
    """Acme opened, its Interviews tab on round `interview`."""
    open_acme(at)
    return at.selectbox(key=f"round-{ids['acme']}").set_value(ids[interview]).run()


def two_windows_save_a_round(ids) -> AppTest:
    """Two windows open Acme's technical round; the other one saves an outcome first, then this one; this one."""
    form = f"interview-{ids['acme']}-{ids['acme_technical']}"
    mine, theirs = (open_round(window("pages/applications.py"), ids, "acme_technical") for _ in range(2))
    for at, outcome, feedback in ((theirs, "advanced", "Their feedback"), (mine, "rejected", "My feedback")):
        at.selectbox(key=f"{form}-outcome").set_value(outcome)
        at.text_area(key=f"{form}-feedback").input(feedback)
        at.button(key=f"FormSubmitter:{form}-Save interview").click().run()
    return mine


def technical_round(db, ids) -> list[tuple]:
    query = "SELECT outcome, feedback FROM interviews WHERE id = ?"
    return db.cursor().execute(query, [ids["acme_technical"]]).fetchall()


def test_a_second_window_saving_an_older_interview_is_asked_with_both_and_keep_mine_stores_it(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"interview-{ids['acme']}-{ids['acme_technical']}"

    mine = two_windows_save_a_round(ids)

    assert asked_with_both(mine) == {
        "Outcome": ("Advanced", "Rejected"),
        "Feedback received": ("Their feedback", "My feedback"),
    }
    assert technical_round(db, ids) == [("advanced", "Their feedback")]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception and not mine.warning
    assert technical_round(db, ids) == [("rejected", "My feedback")]
    # The form shows what is stored, at its new version: saving again is no conflict.
    mine.text_area(key=f"{form}-feedback").input("My feedback, corrected")
    mine.button(key=f"FormSubmitter:{form}-Save interview").click().run()
    assert not mine.warning
    assert technical_round(db, ids) == [("rejected", "My feedback, corrected")]


def test_take_theirs_drops_the_typed_round_and_shows_the_stored_one(filled_db):
    db, ids = filled_db
    serve(db)
    form = f"interview-{ids['acme']}-{ids['acme_technical']}"
    mine = two_windows_save_a_round(ids)

    take_theirs(mine, form)

    assert mine.selectbox(key=f"{form}-outcome").value == "advanced"
    assert mine.text_area(key=f"{form}-feedback").value == "Their feedback"
    assert technical_round(db, ids) == [("advanced", "Their feedback")]


def open_dana(at: AppTest) -> AppTest:
    row = list(at.dataframe[0].value["name"]).index("Dana Lee")
    at.session_state["contacts-table"] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def dana(db) -> list[tuple]:
    return db.cursor().execute("SELECT email, notes FROM contacts WHERE name = 'Dana Lee'").fetchall()


def two_windows_save_dana(db) -> tuple[AppTest, str]:
    """Two windows open Dana Lee; the other one saves her email first, then this one her notes; this one, its form."""
    [(dana_id,)] = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()
    form = f"edit-contact-{dana_id}"
    mine, theirs = (open_dana(window("pages/contacts.py")) for _ in range(2))
    theirs.text_input(key=f"{form}-email").input("dana@acme.example")
    theirs.button(key=f"FormSubmitter:{form}-Save contact").click().run()
    mine.text_area(key=f"{form}-notes").input("Ask about the team")
    mine.button(key=f"FormSubmitter:{form}-Save contact").click().run()
    return mine, form


def test_a_second_window_saving_an_older_contact_is_asked_with_both_and_keep_mine_stores_it(filled_db):
    db, ids = filled_db
    serve(db)

    mine, form = two_windows_save_dana(db)

    assert asked_with_both(mine) == {"Email": ("dana@acme.example", ""), "Notes": ("", "Ask about the team")}
    assert dana(db) == [("dana@acme.example", None)]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception and not mine.warning
    assert dana(db) == [(None, "Ask about the team")]


def test_take_theirs_drops_the_typed_contact_and_shows_the_stored_one(filled_db):
    db, ids = filled_db
    serve(db)
    mine, form = two_windows_save_dana(db)

    take_theirs(mine, form)

    assert mine.text_input(key=f"{form}-email").value == "dana@acme.example"
    assert mine.text_area(key=f"{form}-notes").value == ""
    assert dana(db) == [("dana@acme.example", None)]


def test_a_form_left_and_opened_again_starts_from_the_version_saved_meanwhile(filled_db):
    db, ids = filled_db
    serve(db)
    mine, theirs = (open_dana(window("pages/contacts.py")) for _ in range(2))
    [(dana_id,)] = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()
    form = f"edit-contact-{dana_id}"
    mine.switch_page("pages/today.py").run()
    theirs.text_input(key=f"{form}-email").input("dana@acme.example")
    theirs.button(key=f"FormSubmitter:{form}-Save contact").click().run()

    open_dana(mine.switch_page("pages/contacts.py").run())
    mine.text_area(key=f"{form}-notes").input("Ask about the team")
    mine.button(key=f"FormSubmitter:{form}-Save contact").click().run()

    assert not mine.exception and not mine.warning
    assert dana(db) == [("dana@acme.example", "Ask about the team")]


def test_adding_a_round_leaves_the_application_form_at_the_version_it_made(filled_db):
    db, ids = filled_db
    serve(db)
    initech = f"edit-application-{ids['initech']}"
    at = window("pages/applications.py")
    at.session_state["app-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    new_round = f"interview-{ids['initech']}-new-0"
    at.text_input(key=f"{new_round}-interviewers").input("Pat Doe")
    at.button(key=f"FormSubmitter:{new_round}-Add interview").click().run()
    # The round gave Initech its reply date (a new version), and the form shows it.
    assert at.date_input(key=f"{initech}-responded").value is not None

    at.text_area(key=f"{initech}-notes").input("Second round soon")
    at.button(key=f"FormSubmitter:{initech}-Save application").click().run()

    assert not at.exception and not at.warning
    notes = "SELECT notes, responded_on IS NOT NULL FROM applications WHERE id = ?"
    assert db.cursor().execute(notes, [ids["initech"]]).fetchall() == [("Second round soon", True)]


def test_moving_an_interview_changed_in_another_window_is_asked_and_keep_mine_moves_it(filled_db):
    db, ids = filled_db
    serve(db)
    soon = (datetime.now() + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    upcoming = save_interview(db, Interview(ids["initech"], "screen", "video", soon, ["Lee Wong"]))
    form = f"correct-date-{upcoming}"
    mine = window("pages/reflect.py", **{"reflect-interview": upcoming})
    later = soon + timedelta(days=1, hours=4)
    save_interview(db, replace(get_interview(db.cursor(), upcoming), held_at=later))  # the other window
    yesterday = (datetime.now() - timedelta(days=1)).date()

    mine.date_input(key=f"{form}-date").set_value(yesterday)
    mine.button(key=f"FormSubmitter:{form}-Save the date").click().run()

    assert asked_with_both(mine) == {"Date and time": (f"{later:%Y-%m-%d %H:%M}", f"{yesterday:%Y-%m-%d} 11:00")}
    held = "SELECT held_at FROM interviews WHERE id = ?"
    assert db.cursor().execute(held, [upcoming]).fetchall() == [(later,)]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception
    assert db.cursor().execute(held, [upcoming]).fetchall() == [(datetime.combine(yesterday, time(11, 0)),)]


def test_a_template_saved_in_another_window_meanwhile_is_asked_and_keep_mine_stores_it(filled_db):
    db, ids = filled_db
    serve(db)
    form = "tpl-thank_you-0"
    mine, theirs = (window("pages/your_details.py") for _ in range(2))

    for at, whose in ((theirs, "Theirs"), (mine, "Mine")):
        at.text_input(key=f"{form}-subject").input(f"{whose}: thank you, {{first_name}}")
        [save] = [button for button in at.button if button.label == "Save template"]
        save.click().run()

    assert asked_with_both(mine) == {"Subject": ("Theirs: thank you, {first_name}", "Mine: thank you, {first_name}")}
    subject = "SELECT value FROM settings WHERE key = 'template.thank_you.subject'"
    assert db.cursor().execute(subject).fetchall() == [("Theirs: thank you, {first_name}",)]

    mine.button(key=f"{form}-conflict-mine").click().run()

    assert not mine.exception
    assert db.cursor().execute(subject).fetchall() == [("Mine: thank you, {first_name}",)]
