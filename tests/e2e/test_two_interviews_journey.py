"""Two interviews on one day, in the browser: each reflection leads to its own thank-you notes.

Acme first, then Northwind (technical, the interviewer's e-mail typed on the
spot). The thank-you under Northwind's reflection is Sam's, not Dana's; it greets
Sam, names the role, the company and the topic given, is signed, and "Open in
email" carries the address typed on the spot. Northwind's reference gets a
heads-up that names company and role and quotes nothing from the reflection.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from data.store.db import Database
from data.store.settings import set_your_details
from tests.e2e.conftest import serving
from tests.e2e.helpers import settled

WAIT = 30_000
ACME_TOPIC = "their move from nightly batches to streaming"
NORTHWIND_TOPIC = "how the team runs on-call"
PRIVATE = ("Explained the outbox pattern clearly", "Rushed the capacity estimate")


@pytest.fixture
def northwind_with_a_reference(tmp_path, browser):
    """A served Debrief whose search holds Northwind's application with Priya Shah as its reference."""
    db_path = tmp_path / "debrief.duckdb"
    db = Database(db_path)
    northwind = save_application(
        db,
        Application(
            "Northwind",
            "Backend Engineer",
            date.today() - timedelta(days=10),
            url="https://northwind.example/jobs/42",
            about="building the payments platform",
        ),
    )
    priya = save_contact(db, Contact("Priya Shah", "reference", email="priya@example.com"))
    attach_reference(db, northwind, priya)
    set_your_details(db, "Alex Kim")
    db.close()
    with serving(db_path, browser) as url:
        yield url


def add_interview(page, company: str, role: str, interviewer: str, *, stage: str | None = None, email: str = ""):
    """Fill the on-the-spot form (opening it when it is folded away) and add the interview."""
    add = page.get_by_test_id("stExpander").filter(has_text="Not in the list? Add the interview")
    expect(add).to_have_count(1, timeout=WAIT)
    if add.locator("details").get_attribute("open") is None:
        add.locator("summary").click()
    expect(add.get_by_role("textbox", name="Company")).to_be_visible(timeout=WAIT)
    settled(page)
    add.get_by_role("textbox", name="Company").fill(company)
    add.get_by_role("textbox", name="Role").fill(role)
    if stage:
        add.get_by_role("combobox", name="Stage").click()
        page.get_by_role("option", name=stage, exact=True).click()
    add.get_by_role("combobox", name="Interviewers").click()
    page.keyboard.type(interviewer)
    expect(page.get_by_role("option", name=f"Add: {interviewer}")).to_be_visible(timeout=WAIT)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    if email:
        box = add.get_by_role("textbox", name=f"E-mail of {interviewer}")
        box.fill(email)
        box.press("Enter")
    add.get_by_role("button", name="Add interview").click()


def reflect(page, overall: str, topic: str, *, went_well: str = "", to_address: str = "") -> None:
    """Rate the interview on screen, write what is asked, save, and wait for its thank-you notes."""
    form = page.locator(".st-key-reflection-form")
    form.get_by_role("radiogroup", name="Overall").get_by_text(overall, exact=True).click()
    if went_well:
        form.get_by_role("textbox", name="What went well").fill(went_well)
    if to_address:
        form.get_by_role("textbox", name="What to address next time").fill(to_address)
    form.get_by_role("textbox", name="Something you talked about that you'd like to mention").fill(topic)
    form.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_role("heading", name="Your thank-you notes")).to_be_visible(timeout=WAIT)


def test_the_second_reflection_opens_the_second_interviewers_note_and_the_reference_hears_nothing_private(
    page, northwind_with_a_reference
):
    url = northwind_with_a_reference
    page.goto(url + "/reflect")
    expect(page.get_by_role("heading", name="Reflect")).to_be_visible(timeout=WAIT)
    # The page has settled (a first visit runs once more through the app's navigation).
    expect(page.get_by_text("No interviews yet.")).to_be_visible(timeout=WAIT)
    settled(page)

    add_interview(page, "Acme", "Data Engineer", "Dana Lee")
    expect(page.get_by_text("Data Engineer: Screening interview with Dana Lee")).to_be_visible(timeout=WAIT)
    reflect(page, "4", ACME_TOPIC)

    add_interview(page, "Northwind", "Backend Engineer", "Sam Ortiz", stage="Technical", email="sam@northwind.example")
    expect(page.get_by_text("Backend Engineer: Technical interview with Sam Ortiz")).to_be_visible(timeout=WAIT)
    reflect(page, "5", NORTHWIND_TOPIC, went_well=PRIVATE[0], to_address=PRIVATE[1])

    # Under Northwind's reflection: Sam's note alone, not Acme's.
    message = page.get_by_role("textbox", name="Message")
    expect(message).to_have_count(1, timeout=WAIT)
    note = message.input_value()
    assert note.startswith("Dear Sam,\n\n")
    assert "the Backend Engineer role at Northwind" in note
    assert f"our conversation about {NORTHWIND_TOPIC}." in note
    assert note.endswith("\n\nBest regards,\nAlex Kim")
    assert "Dana" not in note and "Acme" not in note and ACME_TOPIC not in note
    link = urlsplit(page.get_by_role("link", name="Open in email").get_attribute("href"))
    assert (link.scheme, link.path) == ("mailto", "sam@northwind.example")
    assert parse_qs(link.query)["body"] == [note.replace("\n", "\r\n")]

    # The technical round brings Priya's heads-up: company, role and the role in the user's words, nothing private.
    page.goto(url + "/follow_ups")
    card = page.get_by_test_id("stExpander").filter(has_text="Give Priya Shah a heads-up about Northwind")
    expect(card).to_have_count(1, timeout=WAIT)
    if card.get_by_role("textbox", name="Message").count() == 0:
        card.locator("summary").click()
    heads_up = card.get_by_role("textbox", name="Message")
    expect(heads_up).to_be_visible(timeout=WAIT)
    text = heads_up.input_value()
    assert text.startswith("Hi Priya,\n\n")
    assert "Backend Engineer role at Northwind" in text
    assert "building the payments platform" in text
    assert "https://northwind.example/jobs/42" in text
    assert text.endswith("Alex Kim")
    for private in (*PRIVATE, NORTHWIND_TOPIC, "outbox", "capacity"):
        assert private not in text
    heads_up_link = urlsplit(card.get_by_role("link", name="Open in email").get_attribute("href"))
    assert heads_up_link.path == "priya@example.com"
