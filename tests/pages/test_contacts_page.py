"""The Contacts page as AppTest runs it: add, edit, filter, delete, and references with their usage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from tests.conftest import page_opener

PAGE = "pages/contacts.py"


# The app uses the test's `Database`, one per process as when served (a second one on
# the same file would share DuckDB's instance and could make the first one's checkpoints fail).
pytestmark = pytest.mark.usefixtures("served")
_open = page_opener(PAGE)


def _rows(db, sql, params=()):
    """Rows as the app wrote them, read through the test's own handle on the same file."""
    return db.cursor().execute(sql, list(params)).fetchall()


def _texts(at) -> str:
    shown = [e.value for kind in ("info", "warning", "error", "caption", "markdown") for e in getattr(at, kind)]
    return "\n".join(str(v) for v in shown)


def test_empty_contacts_page_says_what_to_do(app, db):
    at = _open(app)
    assert at.title[0].value == "Contacts"
    assert "No contacts yet" in at.info[0].value
    assert "Add an application first" in at.info[1].value
    assert len(at.dataframe) == 0


def test_adding_a_reference_saves_it_and_lists_it(app, db):
    at = _open(app)
    at.text_input(key="new-contact-0-name").input("Ana Ruiz")
    at.selectbox(key="new-contact-0-kind").select("reference")
    at.text_input(key="new-contact-0-email").input("ana@example.com")
    at.text_input(key="new-contact-0-relationship").input("Former manager")
    at.button(key="FormSubmitter:new-contact-0-Add contact").click().run()

    assert not at.exception
    assert _rows(db, "SELECT name, kind, email, relationship FROM contacts") == [
        ("Ana Ruiz", "reference", "ana@example.com", "Former manager")
    ]
    assert list(at.dataframe[0].value["name"]) == ["Ana Ruiz"]
    # The next form starts empty.
    assert at.text_input(key="new-contact-1-name").value == ""


def test_contact_with_a_bad_email_is_refused_and_keeps_what_was_typed(app, db):
    at = _open(app)
    at.text_input(key="new-contact-0-name").input("Ana Ruiz")
    at.text_input(key="new-contact-0-email").input("ana at example")
    at.text_area(key="new-contact-0-notes").input("Call «before» noon 🙂")
    at.button(key="FormSubmitter:new-contact-0-Add contact").click().run()

    assert not at.exception
    assert "does not look like an email address" in at.error[0].value
    assert at.text_input(key="new-contact-0-name").value == "Ana Ruiz"
    assert at.text_input(key="new-contact-0-email").value == "ana at example"
    assert at.text_area(key="new-contact-0-notes").value == "Call «before» noon 🙂"
    assert _rows(db, "SELECT count(*) FROM contacts") == [(0,)]


def test_interviewers_recorded_with_interviews_are_listed_and_filterable_by_kind(app, filled_db):
    db, ids = filled_db
    save_contact(db, Contact("Ana Ruiz", "reference"))
    at = _open(app)
    assert list(at.dataframe[0].value["name"]) == ["Ana Ruiz", "Dana Lee", "Kim Park", "Sam Ortiz"]

    at.selectbox(key="contacts-kind").select("interviewer").run()
    assert list(at.dataframe[0].value["name"]) == ["Dana Lee", "Kim Park", "Sam Ortiz"]

    at.text_input(key="contacts-search").input("globex").run()
    assert list(at.dataframe[0].value["name"]) == ["Kim Park"]

    at.text_input(key="contacts-search").input("nobody").run()
    assert "No contacts match these filters." in at.info[0].value


def test_editing_an_interviewer_adds_their_email(app, filled_db):
    db, ids = filled_db
    at = _open(app)
    dana_row = list(at.dataframe[0].value["name"]).index("Dana Lee")
    at.session_state["contacts-table"] = {"selection": {"rows": [dana_row], "columns": []}}
    at.run()
    dana = int(at.dataframe[0].value["id"].iloc[dana_row])
    assert at.subheader[0].value == "Dana Lee"

    at.text_input(key=f"edit-contact-{dana}-email").input("dana@acme.example")
    at.text_input(key=f"edit-contact-{dana}-title").input("Engineering manager")
    at.button(key=f"FormSubmitter:edit-contact-{dana}-Save contact").click().run()

    assert not at.exception
    assert _rows(db, "SELECT kind, email, title FROM contacts WHERE id = ?", [dana]) == [
        ("interviewer", "dana@acme.example", "Engineering manager")
    ]


def test_deleting_a_contact_asks_first_and_keeps_a_backup(app, filled_db):
    db, ids = filled_db
    ana = save_contact(db, Contact("Ana Ruiz", "reference"))
    at = _open(app)
    at.session_state["contacts-table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    at.button(key="delete-contact-ask").click().run()
    assert "Delete Ana Ruiz?" in at.warning[0].value.replace("*", "").replace("\\", "")
    assert _rows(db, "SELECT count(*) FROM contacts WHERE id = ?", [ana]) == [(1,)]

    at.button(key="delete-contact-yes").click().run()

    assert not at.exception
    assert _rows(db, "SELECT count(*) FROM contacts WHERE id = ?", [ana]) == [(0,)]
    assert list((db.path.parent / "backups").glob("auto-*-before-delete.duckdb"))


def test_references_section_lists_applications_newest_first_with_their_dates(app, filled_db):
    db, ids = filled_db
    save_contact(db, Contact("Ana Ruiz", "reference"))
    at = _open(app)
    picker = at.selectbox(key="references-application")
    assert picker.options == [
        "Initech: Developer (applied 2026-03-10)",
        "Globex: Analyst (applied 2026-03-03)",
        "Acme: Data Engineer (applied 2026-03-02)",
    ]
    assert picker.value == ids["initech"]


def test_attaching_a_reference_plans_its_heads_up_and_detaching_removes_it(app, filled_db):
    db, ids = filled_db
    ana = save_contact(db, Contact("Ana Ruiz", "reference"))
    acme = ids["acme"]
    at = _open(app)
    at.selectbox(key="references-application").set_value(acme).run()
    assert at.selectbox(key=f"attach-{acme}").options == ["Ana Ruiz (not given out in 30 days)"]
    at.selectbox(key=f"attach-{acme}").set_value(ana).run()
    at.button(key=f"attach-button-{acme}").click().run()

    assert not at.exception
    assert _rows(db, "SELECT application_id, contact_id FROM application_references") == [(acme, ana)]
    assert _rows(db, "SELECT contact_id FROM follow_ups WHERE kind = 'reference_heads_up'") == [(ana,)]
    attached = at.dataframe[1].value
    assert list(attached["name"]) == ["Ana Ruiz"]

    at.selectbox(key=f"detach-{acme}").set_value(ana).run()
    at.button(key=f"detach-button-{acme}").click().run()

    assert not at.exception
    assert _rows(db, "SELECT count(*) FROM application_references") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM follow_ups WHERE kind = 'reference_heads_up'") == [(0,)]
    assert "No references attached to this application yet." in _texts(at)


def test_a_reference_given_out_three_times_in_30_days_gets_a_warning(app, db):
    ana = save_contact(db, Contact("Ana Ruiz", "reference"))
    ben = save_contact(db, Contact("Ben Okafor", "reference"))
    applications = {
        company: save_application(db, Application(company, "Analyst", date.today()))
        for company in ("Acme", "Globex", "Initech", "Hooli", "Umbrella")
    }
    for company in ("Acme", "Globex", "Initech"):
        attach_reference(db, applications[company], ana)
    for company in ("Hooli", "Umbrella"):
        attach_reference(db, applications[company], ben)

    at = _open(app)

    warnings = [w.value for w in at.warning]
    assert warnings == [
        "You have given Ana Ruiz's name out 3 times in 30 days: check in with them before giving it again."
    ]
    # The newest application, Umbrella, has Ben; Acme, the oldest, has Ana.
    umbrella, acme = at.selectbox(key="references-application").value, applications["Acme"]
    assert at.selectbox(key=f"attach-{umbrella}").options == ["Ana Ruiz (given out 3 times in 30 days)"]
    at.selectbox(key="references-application").set_value(acme).run()
    assert at.selectbox(key=f"attach-{acme}").options == ["Ben Okafor (given out twice in 30 days)"]
    usage = at.dataframe[-1].value
    assert list(usage["name"]) == ["Ana Ruiz", "Ben Okafor"]
    assert list(usage["recent"]) == [3, 2]


def test_with_applications_but_no_references_the_page_says_how_to_add_one(app, filled_db):
    at = _open(app)
    assert any("No references yet: add a contact of kind Reference" in i.value for i in at.info)


# A long search: the table is paged, the application picker offers the newest and a search.


def _many_contacts(db, count: int) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO contacts (name, kind) SELECT 'Person ' || lpad(CAST(n AS VARCHAR), 3, '0'), 'interviewer'"
            " FROM range(?) t(n)",
            [count],
        )


def test_a_long_contact_list_is_paged_and_a_row_of_another_page_opens_its_contact(app, db):
    _many_contacts(db, 60)
    at = _open(app)

    assert list(at.dataframe[0].value["name"]) == [f"Person {n:03}" for n in range(50)]
    assert "Showing 1–50 of 60 contacts. Select one to edit or delete it." in [c.value for c in at.caption]
    at.session_state["contacts-table"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    at.run()
    assert at.subheader[0].value == "Person 003"

    at.number_input(key="contacts-page-None-").set_value(2).run()

    assert list(at.dataframe[0].value["name"]) == [f"Person {n:03}" for n in range(50, 60)]
    # The row picked on the first page is not taken for the fourth row of this one.
    assert not any(s.value == "Person 053" for s in at.subheader)
    at.session_state["contacts-table"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    at.run()
    contact = int(at.dataframe[0].value["id"].iloc[3])
    assert at.subheader[0].value == "Person 053"
    at.text_input(key=f"edit-contact-{contact}-email").input("p53@example.com")
    at.button(key=f"FormSubmitter:edit-contact-{contact}-Save contact").click().run()
    assert _rows(db, "SELECT name, email FROM contacts WHERE id = ?", [contact]) == [("Person 053", "p53@example.com")]


def test_with_many_applications_the_reference_picker_offers_the_newest_and_a_search(app, db):
    ana = save_contact(db, Contact("Ana Ruiz", "reference"))
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on)"
            " SELECT n, 'Company ' || n, 'Role', DATE '2026-01-01' + CAST(n AS INTEGER) FROM range(1, 131) t(n)"
        )
    at = _open(app)

    picker = at.selectbox(key="references-application")
    assert len(picker.options) == 100
    assert picker.options[0] == "Company 130: Role (applied 2026-05-11)"
    assert picker.value == 130

    at.text_input(key="references-find").input("company 3").run()
    assert at.selectbox(key="references-application").options == [
        "Company 130: Role (applied 2026-05-11)",
        *[f"Company {n}: Role (applied {date(2026, 1, 1) + timedelta(days=n)})" for n in range(39, 29, -1)],
        "Company 3: Role (applied 2026-01-04)",
    ]

    at.selectbox(key="references-application").set_value(3).run()
    at.selectbox(key="attach-3").set_value(ana).run()
    at.button(key="attach-button-3").click().run()

    assert not at.exception
    assert _rows(db, "SELECT application_id, contact_id FROM application_references") == [(3, ana)]
    assert at.selectbox(key="references-application").value == 3

    at.text_input(key="references-find").input("no such company").run()
    assert at.selectbox(key="references-application").options == ["Company 3: Role (applied 2026-01-04)"]
