"""Every write a user can trigger, on a disk that is full or a file gone read-only, and with refused input.

Each action is described once (`ACTIONS`): the page, how to get to the point
just before its last click, that click, and (for a form) a value typed that must
still be on screen after a failed save. All go through ui/actions.act, so the
same promise holds for each: a clear message, nothing changed, the form kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from data.operations.backup import backup_now
from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from data.store.db import Database, backups_dir
from data.store.follow_ups import mark_done
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.store.settings import set_lapse_windows
from followups.plan import LapseWindows
from tests.conftest import PROJECT_ROOT
from tests.reliability.integrity import snapshot
from tests.reliability.test_disk_full import DISK_FULL, READ_ONLY, UnwritableConnection
from ui.store import DEMO_MODE


@dataclass(frozen=True)
class Action:
    page: str
    # Gets the page to the moment before the last click; gets the ids of the small search.
    prepare: Callable
    click: str | Callable[[dict], str]
    # (widget kind, key, value typed): still on screen after a failed save.
    kept: tuple[str, str, str] | Callable[[dict], tuple[str, str, str]] | None = None
    state: Callable[[dict], dict] = field(default=lambda ids: {})


def _select_application(at, ids, row=2):
    at.session_state["app-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def _type(at, kind: str, key: str, value):
    getattr(at, kind)(key=key).input(value) if kind in ("text_input", "text_area") else getattr(at, kind)(
        key=key
    ).set_value(value)


def _add_application(at, ids):
    _type(at, "text_input", "new-application-0-company", "Hooli")
    _type(at, "text_input", "new-application-0-role", "Platform Engineer")
    _type(at, "text_area", "new-application-0-notes", "Typed with care")


def _edit_application(at, ids):
    _select_application(at, ids)
    _type(at, "text_area", f"edit-application-{ids['acme']}-notes", "Typed with care")


def _delete_application(at, ids):
    _select_application(at, ids)
    at.button(key="delete-application-ask").click().run()


def _add_interview(at, ids):
    _select_application(at, ids)
    _type(at, "text_input", f"interview-{ids['acme']}-new-0-interviewers", "Typed with care")


def _delete_interview(at, ids):
    _select_application(at, ids)
    at.selectbox(key=f"round-{ids['acme']}").set_value(ids["acme_screen"]).run()
    at.button(key="delete-interview-ask").click().run()


def _edit_interview(at, ids):
    _select_application(at, ids)
    at.selectbox(key=f"round-{ids['acme']}").set_value(ids["acme_screen"]).run()
    _type(at, "text_area", f"interview-{ids['acme']}-{ids['acme_screen']}-feedback", "Typed with care")


def _yesterday() -> date:
    return date.today() - timedelta(days=1)


def _correct_date(at, ids):
    _type(at, "date_input", f"correct-date-{ids['upcoming']}-date", _yesterday())


def _on_the_spot(at, ids):
    _type(at, "text_input", "on-the-spot-0-company", "Hooli")
    _type(at, "text_input", "on-the-spot-0-role", "Typed with care")


def _reflection(at, ids):
    key = f"reflection-{ids['globex_screen']}"
    at.radio(key=f"{key}-overall").set_value(4)
    _type(at, "text_area", f"{key}-went_well", "Typed with care")


def _reflection_draft(at, ids):
    _reflection(at, ids)
    at.run()  # the change is kept as the interview's draft


def _add_contact(at, ids):
    _type(at, "text_input", "new-contact-0-name", "Typed with care")


def _select_contact(at, ids):
    row = list(at.dataframe[0].value["name"]).index("Dana Lee")
    at.session_state["contacts-table"] = {"selection": {"rows": [row], "columns": []}}
    at.run()


def _edit_contact(at, ids):
    _select_contact(at, ids)
    _type(at, "text_input", f"edit-contact-{ids['dana']}-email", "typed@with.care")


def _delete_contact(at, ids):
    _select_contact(at, ids)
    at.button(key="delete-contact-ask").click().run()


def _attach(at, ids):
    at.selectbox(key="references-application").set_value(ids["acme"]).run()
    at.selectbox(key=f"attach-{ids['acme']}").set_value(ids["ben"]).run()


def _detach(at, ids):
    at.selectbox(key="references-application").set_value(ids["acme"]).run()
    at.selectbox(key=f"detach-{ids['acme']}").set_value(ids["ana"]).run()


def _weekly_goal(at, ids):
    at.number_input(key="weekly-goal-input").set_value(9)


def _signature(at, ids):
    _type(at, "text_input", "first-use-details-name", "Typed with care")


def _open_first_card(at, ids):
    at.session_state[f"card-{ids['first_follow_up']}"] = True
    at.run()


def _skip(at, ids):
    _open_first_card(at, ids)
    _type(at, "text_input", f"skip-reason-{ids['first_follow_up']}", "Typed with care")


def _feedback(at, ids):
    at.selectbox(key="feedback-interview").set_value(ids["acme_screen"]).run()


def _heads_up(at, ids):
    at.selectbox(key="heads-up-application").set_value(ids["acme"]).run()


def _nothing(at, ids):
    pass


def _delete_reflection(at, ids):
    at.button(key="delete-reflection-ask").click().run()


def _upload(at, ids):
    export = PROJECT_ROOT / "tests" / "data_io" / "fixtures" / "Job Applications.csv"
    at.file_uploader(key="import-files-0").set_value([(export.name, export.read_bytes(), "text/csv")]).run()


ACTIONS = {
    "add application": Action(
        "pages/applications.py",
        _add_application,
        "FormSubmitter:new-application-0-Add application",
        ("text_area", "new-application-0-notes", "Typed with care"),
    ),
    "edit application": Action(
        "pages/applications.py",
        _edit_application,
        lambda ids: f"FormSubmitter:edit-application-{ids['acme']}-Save application",
        lambda ids: ("text_area", f"edit-application-{ids['acme']}-notes", "Typed with care"),
    ),
    "delete application": Action("pages/applications.py", _delete_application, "delete-application-yes"),
    "add interview": Action(
        "pages/applications.py",
        _add_interview,
        lambda ids: f"FormSubmitter:interview-{ids['acme']}-new-0-Add interview",
        lambda ids: ("text_input", f"interview-{ids['acme']}-new-0-interviewers", "Typed with care"),
    ),
    "edit interview": Action(
        "pages/applications.py",
        _edit_interview,
        lambda ids: f"FormSubmitter:interview-{ids['acme']}-{ids['acme_screen']}-Save interview",
        lambda ids: ("text_area", f"interview-{ids['acme']}-{ids['acme_screen']}-feedback", "Typed with care"),
    ),
    "correct an interview's date": Action(
        "pages/reflect.py",
        _correct_date,
        lambda ids: f"FormSubmitter:correct-date-{ids['upcoming']}-Save the date",
        lambda ids: ("date_input", f"correct-date-{ids['upcoming']}-date", _yesterday()),
        state=lambda ids: {"reflect-interview": ids["upcoming"]},
    ),
    "delete interview": Action("pages/applications.py", _delete_interview, "delete-interview-yes"),
    "add interview on the spot": Action(
        "pages/reflect.py",
        _on_the_spot,
        "on-the-spot-0-add",
        ("text_input", "on-the-spot-0-role", "Typed with care"),
    ),
    "save reflection": Action(
        "pages/reflect.py",
        _reflection,
        lambda ids: f"reflection-{ids['globex_screen']}-save",
        lambda ids: ("text_area", f"reflection-{ids['globex_screen']}-went_well", "Typed with care"),
        state=lambda ids: {"reflect-interview": ids["globex_screen"]},
    ),
    "discard reflection draft": Action(
        "pages/reflect.py",
        _reflection_draft,
        lambda ids: f"reflection-{ids['globex_screen']}-discard-draft",
        lambda ids: ("text_area", f"reflection-{ids['globex_screen']}-went_well", "Typed with care"),
        state=lambda ids: {"reflect-interview": ids["globex_screen"]},
    ),
    "delete reflection": Action(
        "pages/reflect.py",
        _delete_reflection,
        "delete-reflection-yes",
        state=lambda ids: {"reflect-interview": ids["acme_screen"]},
    ),
    "add contact": Action(
        "pages/contacts.py",
        _add_contact,
        "FormSubmitter:new-contact-0-Add contact",
        ("text_input", "new-contact-0-name", "Typed with care"),
    ),
    "edit contact": Action(
        "pages/contacts.py",
        _edit_contact,
        lambda ids: f"FormSubmitter:edit-contact-{ids['dana']}-Save contact",
        lambda ids: ("text_input", f"edit-contact-{ids['dana']}-email", "typed@with.care"),
    ),
    "delete contact": Action("pages/contacts.py", _delete_contact, "delete-contact-yes"),
    "attach reference": Action("pages/contacts.py", _attach, lambda ids: f"attach-button-{ids['acme']}"),
    "detach reference": Action("pages/contacts.py", _detach, lambda ids: f"detach-button-{ids['acme']}"),
    "set weekly goal": Action("pages/today.py", _weekly_goal, "FormSubmitter:weekly-goal-Set goal"),
    "save signature": Action(
        "pages/follow_ups.py",
        _signature,
        "FormSubmitter:first-use-details-Save",
        ("text_input", "first-use-details-name", "Typed with care"),
    ),
    "mark done": Action("pages/follow_ups.py", _open_first_card, lambda ids: f"done-{ids['first_follow_up']}"),
    "snooze": Action("pages/follow_ups.py", _open_first_card, lambda ids: f"snooze-{ids['first_follow_up']}"),
    "skip": Action(
        "pages/follow_ups.py",
        _skip,
        lambda ids: f"skip-{ids['first_follow_up']}",
        lambda ids: ("text_input", f"skip-reason-{ids['first_follow_up']}", "Typed with care"),
    ),
    "plan a feedback request": Action("pages/follow_ups.py", _feedback, "plan-feedback"),
    "plan the heads-ups": Action("pages/follow_ups.py", _heads_up, "plan-heads-up"),
    "undo": Action("pages/follow_ups.py", _nothing, lambda ids: f"undo-{ids['done_follow_up']}"),
    "import": Action("pages/data.py", _upload, "import-confirm"),
    "back up now": Action("pages/data.py", _nothing, "backup-now"),
}


@pytest.fixture
def search(served_search):
    """The served small search, with a reference attached to nothing yet; its ids."""
    db, ids = served_search
    ids = dict(ids)
    ids["ana"] = save_contact(db, Contact("Ana Ruiz", "reference"))
    ids["ben"] = save_contact(db, Contact("Ben Okafor", "reference"))
    attach_reference(db, ids["acme"], ids["ana"])
    # A final round still to come, with nobody named yet: its date can be corrected on Reflect.
    soon = datetime.combine(date.today() + timedelta(days=3), datetime.min.time()).replace(hour=11)
    ids["upcoming"] = save_interview(db, Interview(ids["globex"], "final", "video", soon))
    # The search is from March: windows of a year keep its follow-ups due rather than missed.
    set_lapse_windows(db, LapseWindows(thank_you_days=365, heads_up_days=365, feedback_days=365, wait_limit_days=365))
    ids["dana"] = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()[0][0]
    ids["first_follow_up"] = (
        db.cursor()
        .execute("SELECT id FROM follow_ups WHERE done_at IS NULL ORDER BY coalesce(snoozed_until, due_at), id")
        .fetchall()[0][0]
    )
    ids["done_follow_up"] = db.cursor().execute("SELECT max(id) FROM follow_ups WHERE done_at IS NULL").fetchall()[0][0]
    mark_done(db, ids["done_follow_up"])
    save_reflection(db, Reflection(ids["acme_screen"], 4, went_well="Saved before"))
    return db, ids


def _resolve(value, ids):
    return value(ids) if callable(value) else value


def _open(app, action: Action, ids):
    at = app.run()
    for name, value in action.state(ids).items():
        at.session_state[name] = value
    at.switch_page(action.page).run()
    assert not at.exception
    action.prepare(at, ids)
    assert not at.exception
    return at


@pytest.mark.parametrize("kind", ["disk full", "read-only"])
@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_that_cannot_be_written_says_why_changes_nothing_and_keeps_the_form(
    app, search, monkeypatch, name, kind
):
    db, ids = search
    action = ACTIONS[name]
    at = _open(app, action, ids)
    before = snapshot(db)
    message = (DISK_FULL if kind == "disk full" else READ_ONLY).format(wal=f"{db.path}.wal")
    monkeypatch.setattr(db, "_con", UnwritableConnection(db._con, message))
    # A backup (before a delete, or asked for) is a file copy: on such a disk it fails the same way.
    failure = OSError(28, "No space left on device") if kind == "disk full" else OSError(30, "Read-only file system")
    monkeypatch.setattr("data.store.db.shutil.copy2", lambda *args, **kwargs: (_ for _ in ()).throw(failure))

    at.button(key=_resolve(action.click, ids)).click().run()

    assert not at.exception
    said = "the disk is full" if kind == "disk full" else "read-only"
    assert any(said in error.value.replace("\\", "") for error in at.error), [e.value for e in at.error]
    assert snapshot(db) == before
    if action.kept is not None:
        widget, key, typed = _resolve(action.kept, ids)
        assert getattr(at, widget)(key=key).value == typed


REFUSED_INPUT = {
    "add application": ("text_input", "new-application-0-company", "x" * 300, "Company"),
    "edit application": ("text_input", "edit-application-{acme}-role", "", "Role"),
    "edit interview": ("text_input", "interview-{acme}-{acme_screen}-interviewers", "x" * 300, "Interviewer"),
    "add interview on the spot": ("text_input", "on-the-spot-0-company", "", "Company"),
    "add contact": ("text_input", "new-contact-0-email", "not an address", "Email"),
    "edit contact": ("text_input", "edit-contact-{dana}-email", "not an address", "Email"),
    "save reflection": ("text_area", "reflection-{globex_screen}-went_well", "y" * 200_001, "What went well"),
    "skip": ("text_input", "skip-reason-{first_follow_up}", "z" * 300, "Reason"),
    "save signature": ("text_input", "first-use-details-name", "s" * 300, "Your name"),
}


@pytest.mark.parametrize("name", list(REFUSED_INPUT))
def test_refused_input_shows_the_problem_and_keeps_what_was_typed(app, search, name):
    db, ids = search
    action = ACTIONS[name]
    at = _open(app, action, ids)
    widget, key, typed, field_name = REFUSED_INPUT[name]
    key = key.format(**ids)
    _type(at, widget, key, typed)
    before = snapshot(db)

    at.button(key=_resolve(action.click, ids)).click().run()

    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Not saved yet.")
    assert getattr(at, widget)(key=key).value == typed
    assert snapshot(db) == before


def _copies_fail(monkeypatch, kind: str) -> None:
    """Copying a file fails as on such a disk, naming the file it could not write (as the system does)."""
    errno, reason = (28, "No space left on device") if kind == "disk full" else (30, "Read-only file system")

    def copy(source, target, *args, **kwargs):
        raise OSError(errno, reason, str(target))

    monkeypatch.setattr("data.store.db.shutil.copy2", copy)


@pytest.mark.parametrize("kind", ["disk full", "read-only"])
def test_a_restore_that_cannot_be_written_says_why_and_changes_nothing(app, filled_db, db_path, monkeypatch, kind):
    db, ids = filled_db
    kept = backup_now(db)
    save_application(db, Application("Hooli", "Platform Engineer", date(2026, 3, 20)))
    before = snapshot(db)
    db.close()
    at = app.run()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="restore-choice-0").set_value(str(kept)).run()
    assert not at.exception and [b for b in at.button if b.key == "restore"]
    _copies_fail(monkeypatch, kind)

    at.button(key="restore").click().run()

    assert not at.exception
    said = "the disk is full" if kind == "disk full" else "read-only"
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert error.startswith("**Nothing was restored.**") and said in error
    assert not list(backups_dir(db_path).glob("*-before-restore.duckdb"))
    reopened = Database(db_path)
    try:
        assert snapshot(reopened) == before
    finally:
        reopened.close()


@pytest.mark.parametrize("kind", ["disk full", "read-only"])
def test_demo_data_that_cannot_be_written_says_why_and_stays_on_your_own_data(app, served, monkeypatch, kind):
    db = served
    at = app.run()
    assert not at.exception
    before = snapshot(db)
    message = (DISK_FULL if kind == "disk full" else READ_ONLY).format(wal=f"{db.path}.wal")
    monkeypatch.setattr(db, "_con", UnwritableConnection(db._con, message))

    at.button(key="demo-enter").click().run()

    assert not at.exception
    said = "the disk is full" if kind == "disk full" else "read-only"
    assert any(said in error.value.replace("\\", "") for error in at.error), [e.value for e in at.error]
    assert snapshot(db) == before
    assert not at.session_state[DEMO_MODE]
    assert not [m for m in at.markdown if "You are exploring demo data" in m.value]
