"""Pages as AppTest runs them: what the role is about on the application form, an address typed on a card."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from data.store.applications import get_application
from data.store.settings import set_lapse_windows
from followups.plan import LapseWindows
from tests.conftest import open_app_page as open_page

APPLICATIONS = "pages/applications.py"
FOLLOW_UPS = "pages/follow_ups.py"


@pytest.fixture
def search(served_search):
    """The served small search (tests/conftest.py)."""
    # The search is from March: windows of a year keep its follow-ups due rather than missed.
    windows = LapseWindows(thank_you_days=365, heads_up_days=365, feedback_days=365, wait_limit_days=365)
    set_lapse_windows(served_search[0], windows)
    return served_search


def test_the_application_form_asks_what_the_role_is_about_and_saves_it(app, shares_db):
    at = open_page(app, APPLICATIONS)
    about = at.text_input(key="new-application-0-about")
    assert about.label == "What the role is about"
    assert "The role is about" in about.help
    at.text_input(key="new-application-0-company").input("Acme")
    at.text_input(key="new-application-0-role").input("Data Engineer")
    at.date_input(key="new-application-0-applied").set_value(date(2026, 3, 1))
    about.input("building the data platform behind their pricing engine")
    at.button(key="FormSubmitter:new-application-0-Add application").click().run()
    assert not at.exception
    assert shares_db.cursor().execute("SELECT about FROM applications").fetchall() == [
        ("building the data platform behind their pricing engine",)
    ]


def test_editing_an_application_shows_and_changes_what_the_role_is_about(app, search):
    db, ids = search
    with db.transaction() as cur:
        cur.execute("UPDATE applications SET about = 'streaming pipelines' WHERE id = ?", [ids["acme"]])
    at = open_page(app, APPLICATIONS)
    row = list(at.dataframe[0].value["company"]).index("Acme")
    at.session_state["app-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    key = f"edit-application-{ids['acme']}"
    assert at.text_input(key=f"{key}-about").value == "streaming pipelines"
    at.text_input(key=f"{key}-about").input("the analytics platform")
    at.button(key=f"FormSubmitter:{key}-Save application").click().run()
    assert not at.exception
    assert get_application(db.cursor(), ids["acme"]).about == "the analytics platform"


def thank_you_id(db, interview_id: int, name: str) -> int:
    return (
        db.cursor()
        .execute(
            "SELECT f.id FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.kind = 'thank_you' AND f.interview_id = ? AND c.name = ?",
            [interview_id, name],
        )
        .fetchone()[0]
    )


def open_card(app, follow_up_id: int):
    at = open_page(app, FOLLOW_UPS)
    at.session_state[f"card-{follow_up_id}"] = True
    return at.run()


def mail_link(at) -> str:
    """The "Open in email" link of Kim Park's thank-you note (the only message about Globex)."""
    (link,) = [b for b in at.get("link_button") if b.proto.url.startswith("mailto:") and "Globex" in b.proto.url]
    return link.proto.url


def test_an_address_typed_on_the_card_is_saved_to_the_contact_and_opens_the_email(app, search):
    db, ids = search
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_card(app, thanks)
    assert urlsplit(mail_link(at)).path == ""
    field = at.text_input(key=f"address-input-{thanks}")
    assert field.label.replace("\\", "") == "Kim Park's email address"

    field.input("kim@globex.example")
    at.button(key=f"FormSubmitter:address-{thanks}-Save address").click().run()

    assert not at.exception
    assert db.cursor().execute("SELECT email FROM contacts WHERE name = 'Kim Park'").fetchall() == [
        ("kim@globex.example",)
    ]
    assert urlsplit(mail_link(at)).path == "kim@globex.example"
    assert not [t for t in at.text_input if t.key == f"address-input-{thanks}"]


def test_a_mistyped_address_on_the_card_is_refused_and_kept_on_screen(app, search):
    db, ids = search
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_card(app, thanks)
    at.text_input(key=f"address-input-{thanks}").input("kim at globex")
    at.button(key=f"FormSubmitter:address-{thanks}-Save address").click().run()

    assert not at.exception
    assert any("does not look like an email address" in e.value for e in at.error)
    assert at.text_input(key=f"address-input-{thanks}").value == "kim at globex"
    assert db.cursor().execute("SELECT email FROM contacts WHERE name = 'Kim Park'").fetchall() == [(None,)]


def test_a_card_whose_contact_has_an_address_asks_for_none(app, search):
    db, ids = search
    with db.transaction() as cur:
        cur.execute("UPDATE contacts SET email = 'kim@globex.example' WHERE name = 'Kim Park'")
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_card(app, thanks)
    assert not [t for t in at.text_input if t.key == f"address-input-{thanks}"]
    assert urlsplit(mail_link(at)).path == "kim@globex.example"
