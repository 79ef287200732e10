"""The Applications page as AppTest runs it: list, add, refuse bad input, edit, delete, filter, interviews."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from data.store.applications import Application, get_application, save_application
from data.store.db import backups_dir
from data.store.interviews import get_interview
from tests.conftest import page_opener
from tests.other_process import held_by_another_process

PAGE = "pages/applications.py"
ADD = "FormSubmitter:new-application-0-Add application"


open_page = page_opener(PAGE)


def select_row(at, row: int):
    """Select a row of the applications table.

    AppTest 1.67 has no interaction for a dataframe's selection; Streamlit 1.67
    accepts a selection written to the table's key in session state, in the
    shape the browser sends.
    """
    at.session_state["app-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def select_company(at, company: str):
    row = list(at.dataframe[0].value["company"]).index(company)
    return select_row(at, row)


def rows(db, sql, params=()):
    return db.cursor().execute(sql, list(params)).fetchall()


def listed_companies(at) -> list[str]:
    return list(at.dataframe[0].value["company"]) if at.dataframe else []


def plain(text: str) -> str:
    """A Markdown message as the user reads it (escapes and bold marks removed)."""
    return text.replace("\\", "").replace("**", "")


def showing(at) -> str:
    """The caption under the table that says which rows are shown."""
    return next(c.value for c in at.main.caption if c.value.startswith("Showing"))


def toasts(at) -> list[str]:
    return [plain(t.value) for t in at.toast]


# Showing


def test_empty_database_shows_the_add_form_and_a_hint(app, shares_db):
    at = open_page(app)

    assert at.title[0].value == "Applications"
    assert at.info[0].value == "No applications yet: add your first one above."
    assert at.expander[0].proto.expanded
    assert at.text_input(key="new-application-0-company").value == ""
    assert len(at.dataframe) == 0


def test_filled_database_lists_applications_newest_first(app, filled_db, shares_db):
    at = open_page(app)

    table = at.dataframe[0].value
    assert list(table["company"]) == ["Initech", "Globex", "Acme"]
    assert list(table["interviews"]) == [0, 1, 2]
    assert [str(d.date()) for d in table["applied_on"]] == ["2026-03-10", "2026-03-03", "2026-03-02"]
    assert showing(at).startswith("Showing 1–3 of 3.")
    assert not at.expander[0].proto.expanded
    assert len(at.subheader) == 0


# Adding


def test_add_form_saves_the_application_and_lists_it(app, shares_db):
    db = shares_db
    at = open_page(app)
    at.text_input(key="new-application-0-company").input("Acme Robotics")
    at.text_input(key="new-application-0-role").input("Data Engineer")
    at.selectbox(key="new-application-0-status").select("screening")
    at.date_input(key="new-application-0-applied").set_value(date(2026, 3, 1))
    at.date_input(key="new-application-0-responded").set_value(date(2026, 3, 4))
    at.text_input(key="new-application-0-location").input("Berlin")
    at.selectbox(key="new-application-0-source").select("Referral")
    at.text_input(key="new-application-0-url").input("https://acme.example/jobs/42")
    at.text_area(key="new-application-0-notes").input("Kim referred me.")
    at.button(key=ADD).click().run()

    assert not at.exception
    assert rows(
        db, "SELECT company, role, status, applied_on, responded_on, location, source, url, notes FROM applications"
    ) == [
        (
            "Acme Robotics",
            "Data Engineer",
            "screening",
            date(2026, 3, 1),
            date(2026, 3, 4),
            "Berlin",
            "Referral",
            "https://acme.example/jobs/42",
            "Kim referred me.",
        )
    ]
    assert listed_companies(at) == ["Acme Robotics"]
    assert str(at.dataframe[0].value["applied_on"][0].date()) == "2026-03-01"
    assert "Added Acme Robotics: Data Engineer" in toasts(at)
    # A fresh, empty form for the next one.
    assert at.text_input(key="new-application-1-company").value == ""


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"company": "", "role": "Data Engineer"}, "Company", "is required."),
        (
            {"applied": date(2026, 3, 10), "responded": date(2026, 3, 1)},
            "Reply received",
            "cannot be before the date applied (2026-03-10).",
        ),
        ({"url": "acme.example/jobs/42"}, "Posting URL", "must be a web address starting with http:// or https://."),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeps_what_was_typed(app, shares_db, typed, field, reason):
    db = shares_db
    values = {
        "company": "Acme",
        "role": "Data Engineer",
        "location": "Berlin",
        "url": "https://acme.example/jobs/42",
        "notes": "Ask about **remote** <b>days</b>",
        "applied": date(2026, 3, 10),
        "responded": None,
        **typed,
    }
    at = open_page(app)
    for name in ("company", "role", "location", "url"):
        at.text_input(key=f"new-application-0-{name}").input(values[name])
    at.text_area(key="new-application-0-notes").input(values["notes"])
    at.date_input(key="new-application-0-applied").set_value(values["applied"])
    at.date_input(key="new-application-0-responded").set_value(values["responded"])
    at.button(key=ADD).click().run()

    assert not at.exception
    assert len(at.error) == 1
    assert f"{field} {reason}" in plain(at.error[0].value)
    assert rows(db, "SELECT count(*) FROM applications") == [(0,)]
    for name in ("company", "role", "location", "url"):
        assert at.text_input(key=f"new-application-0-{name}").value == values[name]
    assert at.text_area(key="new-application-0-notes").value == values["notes"]
    assert at.date_input(key="new-application-0-applied").value == values["applied"]
    assert at.date_input(key="new-application-0-responded").value == values["responded"]


# Editing


def test_selecting_a_row_opens_it_and_edit_saves(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Acme")
    assert at.subheader[0].value == "Acme: Data Engineer"
    key = f"edit-application-{ids['acme']}"
    assert at.text_input(key=f"{key}-company").value == "Acme"

    at.text_input(key=f"{key}-company").input("Acme Corp")
    at.selectbox(key=f"{key}-status").select("offer")
    at.date_input(key=f"{key}-applied").set_value(date(2026, 3, 1))
    at.button(key=f"FormSubmitter:{key}-Save application").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == []
    saved = get_application(db.cursor(), ids["acme"])
    assert (saved.company, saved.status, saved.applied_on) == ("Acme Corp", "offer", date(2026, 3, 1))
    assert saved.responded_on == date(2026, 3, 5)
    assert "Saved" in toasts(at)
    assert "Acme Corp" in listed_companies(at)


def test_an_edit_with_bad_input_is_refused_and_the_record_is_unchanged(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Globex")
    key = f"edit-application-{ids['globex']}"
    at.text_input(key=f"{key}-role").input("")
    at.button(key=f"FormSubmitter:{key}-Save application").click().run()

    assert not at.exception
    assert "Role is required." in plain(at.error[0].value)
    assert get_application(db.cursor(), ids["globex"]).role == "Analyst"
    assert at.text_input(key=f"{key}-role").value == ""


# Deleting


def test_delete_asks_first_and_cancel_keeps_the_application(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Globex")
    at.button(key="delete-application-ask").click().run()

    assert "Delete Globex: Analyst with its interviews" in plain(at.warning[0].value)
    assert get_application(db.cursor(), ids["globex"]) is not None

    at.button(key="delete-application-cancel").click().run()

    assert not at.exception
    assert len(at.warning) == 0
    assert get_application(db.cursor(), ids["globex"]) is not None
    assert listed_companies(at) == ["Initech", "Globex", "Acme"]
    assert not backups_dir(db.path).exists()


def test_delete_removes_the_application_and_leaves_a_backup(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Acme")
    at.button(key="delete-application-ask").click().run()
    at.button(key="delete-application-yes").click().run()

    assert not at.exception
    assert get_application(db.cursor(), ids["acme"]) is None
    assert rows(db, "SELECT count(*) FROM interviews WHERE application_id = ?", [ids["acme"]]) == [(0,)]
    assert "Acme" not in listed_companies(at)
    backups = list(backups_dir(db.path).glob("auto-*-before-delete.duckdb"))
    assert len(backups) == 1
    assert any(t.startswith("Deleted. A backup is in ") and backups[0].name in t for t in toasts(at))


def test_after_a_delete_no_other_application_is_opened_in_its_place(app, filled_db, shares_db):
    """The selection is a row position: the row below moves up into it, and must not open by itself."""
    db, ids = filled_db
    at = select_company(open_page(app), "Globex")
    at.button(key="delete-application-ask").click().run()
    at.button(key="delete-application-yes").click().run()

    assert not at.exception
    assert listed_companies(at) == ["Initech", "Acme"]
    assert len(at.subheader) == 0
    assert "delete-application-ask" not in [b.key for b in at.button]


def test_changing_the_filter_closes_the_open_application(app, filled_db, shares_db):
    at = select_company(open_page(app), "Initech")
    assert at.subheader[0].value == "Initech: Developer"

    at.text_input(key="app-search").input("acme").run()

    assert listed_companies(at) == ["Acme"]
    assert len(at.subheader) == 0


def test_an_edit_that_keeps_the_list_in_order_keeps_the_application_open(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Globex")
    key = f"edit-application-{ids['globex']}"
    at.text_area(key=f"{key}-notes").input("Rejected after the screen.")
    at.button(key=f"FormSubmitter:{key}-Save application").click().run()

    assert get_application(db.cursor(), ids["globex"]).notes == "Rejected after the screen."
    assert at.subheader[0].value == "Globex: Analyst"


# Filtering


def test_filters_narrow_the_list(app, filled_db, shares_db):
    at = open_page(app)

    at.multiselect(key="app-statuses").select("rejected").run()
    assert listed_companies(at) == ["Globex"]
    at.multiselect(key="app-statuses").select("applied").run()
    assert listed_companies(at) == ["Initech", "Globex"]
    at.multiselect(key="app-statuses").set_value([]).run()

    at.selectbox(key="app-company").select("Acme").run()
    assert listed_companies(at) == ["Acme"]
    at.selectbox(key="app-company").set_value(None).run()

    at.text_input(key="app-search").input("DEVELOPER").run()
    assert listed_companies(at) == ["Initech"]
    assert showing(at).startswith("Showing 1–1 of 1.")

    at.text_input(key="app-search").input("100%").run()
    assert listed_companies(at) == []
    assert at.info[0].value == "No applications match these filters."
    assert not at.exception


def test_a_long_list_is_paged(app, shares_db):
    db = shares_db
    for n in range(55):
        save_application(db, Application(f"Company {n:02d}", "Engineer", date(2026, 1, 1)))
    at = open_page(app)
    assert len(at.dataframe[0].value) == 50
    assert showing(at).startswith("Showing 1–50 of 55.")

    at.number_input(key="app-page").set_value(2).run()

    assert list(at.dataframe[0].value["company"]) == [f"Company {n:02d}" for n in range(4, -1, -1)]
    assert showing(at).startswith("Showing 51–55 of 55.")


# Interviews


def test_interviews_tab_lists_rounds_and_adds_one_with_interviewers(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Acme")
    rounds = at.tabs[1]
    assert rounds.label == "Interviews"
    assert list(rounds.dataframe[0].value["interviewers"]) == ["Dana Lee", "Dana Lee, Sam Ortiz"]
    contacts_before = rows(db, "SELECT count(*) FROM contacts")[0][0]

    key = f"interview-{ids['acme']}-new-0"
    at.selectbox(key=f"{key}-stage").select("final")
    at.selectbox(key=f"{key}-format").select("onsite")
    at.date_input(key=f"{key}-date").set_value(date(2026, 3, 23))
    at.time_input(key=f"{key}-time").set_value(time(11, 30))
    at.text_input(key=f"{key}-interviewers").input("dana lee, Pat Kim")
    at.text_area(key=f"{key}-feedback").input("Panel with the CTO.")
    at.button(key=f"FormSubmitter:{key}-Add interview").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == []
    added = rows(
        db,
        "SELECT id, stage, format, held_at, feedback FROM interviews WHERE application_id = ? AND stage = 'final'",
        [ids["acme"]],
    )
    assert [r[2:] for r in added] == [("onsite", datetime(2026, 3, 23, 11, 30), "Panel with the CTO.")]
    # "dana lee" is the Dana Lee already met at Acme; Pat Kim is new.
    assert get_interview(db.cursor(), added[0][0]).interviewers == ["Dana Lee", "Pat Kim"]
    assert rows(db, "SELECT count(*) FROM contacts")[0][0] == contacts_before + 1
    assert list(at.tabs[1].dataframe[0].value["stage"]) == ["Screening", "Technical", "Final"]
    assert "Interview saved; its follow-ups are planned." in toasts(at)


def test_an_interview_heard_back_before_it_was_held_is_refused(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Initech")
    key = f"interview-{ids['initech']}-new-0"
    at.date_input(key=f"{key}-date").set_value(date(2026, 3, 20))
    at.date_input(key=f"{key}-heard").set_value(date(2026, 3, 19))
    at.text_input(key=f"{key}-interviewers").input("Ray Chen")
    at.button(key=f"FormSubmitter:{key}-Add interview").click().run()

    assert not at.exception
    assert "Heard back on cannot be before the interview (2026-03-20)." in plain(at.error[0].value)
    assert rows(db, "SELECT count(*) FROM interviews WHERE application_id = ?", [ids["initech"]]) == [(0,)]
    assert at.text_input(key=f"{key}-interviewers").value == "Ray Chen"


def test_editing_a_round_saves_its_outcome(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Acme")
    at.selectbox(key=f"round-{ids['acme']}").set_value(ids["acme_technical"]).run()
    key = f"interview-{ids['acme']}-{ids['acme_technical']}"
    assert at.text_input(key=f"{key}-interviewers").value == "Dana Lee, Sam Ortiz"

    at.selectbox(key=f"{key}-outcome").select("advanced")
    at.date_input(key=f"{key}-heard").set_value(date(2026, 3, 18))
    at.button(key=f"FormSubmitter:{key}-Save interview").click().run()

    assert not at.exception
    saved = get_interview(db.cursor(), ids["acme_technical"])
    assert (saved.outcome, saved.heard_back_on) == ("advanced", date(2026, 3, 18))
    assert saved.interviewers == ["Dana Lee", "Sam Ortiz"]


def test_deleting_a_round_asks_first_and_leaves_a_backup(app, filled_db, shares_db):
    db, ids = filled_db
    at = select_company(open_page(app), "Globex")
    at.selectbox(key=f"round-{ids['globex']}").set_value(ids["globex_screen"]).run()
    at.button(key="delete-interview-ask").click().run()
    assert get_interview(db.cursor(), ids["globex_screen"]) is not None

    at.button(key="delete-interview-yes").click().run()

    assert not at.exception
    assert get_interview(db.cursor(), ids["globex_screen"]) is None
    assert len(list(backups_dir(db.path).glob("auto-*-before-delete.duckdb"))) == 1
    assert at.tabs[1].caption[0].value == "No interviews recorded for this application yet."


# A database Debrief cannot open


def test_a_database_held_by_another_program_shows_what_to_do(app, db_path):
    with held_by_another_process(db_path) as pid:
        at = app.run()

    assert not at.exception
    assert at.title[0].value == "Debrief cannot open your data"
    assert at.error[0].value == "Another program is using this database"
    assert f"process {pid}" in at.markdown[0].value
    assert at.code[0].value == str(db_path)


def test_an_application_with_no_date_is_listed_last_and_can_be_saved_without_one(app, filled_db, shares_db):
    db, ids = filled_db
    undated = save_application(db, Application("Hooli", "Engineer", None))
    at = open_page(app)
    assert listed_companies(at)[-1] == "Hooli"
    assert at.dataframe[0].value["applied_on"].isna().tolist()[-1]
    at = select_company(at, "Hooli")
    key = f"edit-application-{undated}"
    assert at.date_input(key=f"{key}-applied").value is None
    at.text_input(key=f"{key}-role").input("Staff Engineer")
    at.button(key=f"FormSubmitter:{key}-Save application").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    saved = get_application(db.cursor(), undated)
    assert (saved.role, saved.applied_on) == ("Staff Engineer", None)
