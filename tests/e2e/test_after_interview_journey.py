"""Right after an interview, in the browser: add it on the spot, reflect, sign and send the thank-you shown there.

DEBRIEF_SCREENSHOTS=1 refreshes docs/screenshots/after-interview.png, the README's picture of the draft.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.helpers import settled

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = PROJECT_ROOT / "docs" / "screenshots" / "after-interview.png"
# Each step waits on the server's answer; a first run (imports) or a busy machine can take seconds.
WAIT = 30_000
TOPIC = "their move from nightly batches to streaming"
UNSIGNED = (
    "Dear Dana,\n\n"
    "Thank you for taking the time to speak with me today about the Data Engineer role at Acme. "
    f"I really enjoyed our conversation about {TOPIC}.\n\n"
    "It left me even more keen on the role and on the chance to join Acme. "
    "If there's anything else I can share, I'd be glad to."
)
THANK_YOU = UNSIGNED + "\n\nBest regards,\nAlex Kim"


def add_interview_and_reflect(page, url: str) -> None:
    """From an empty Debrief: the interview just held, with Dana Lee, and a reflection naming a topic."""
    page.goto(url + "/reflect")
    expect(page.get_by_role("heading", name="Reflect")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("No interviews yet.")).to_be_visible(timeout=WAIT)
    settled(page)

    add = page.get_by_test_id("stExpander").filter(has=page.get_by_role("button", name="Add interview"))
    add.get_by_role("textbox", name="Company").fill("Acme")
    add.get_by_role("textbox", name="Role").fill("Data Engineer")
    add.get_by_role("combobox", name="Interviewers").click()
    page.keyboard.type("Dana Lee")
    expect(page.get_by_role("option", name="Add: Dana Lee")).to_be_visible(timeout=WAIT)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    # The e-mail typed beside the name goes to the contact, and so into "Open in email".
    add.get_by_role("textbox", name="E-mail of Dana Lee").fill("dana@acme.example")
    add.get_by_role("textbox", name="E-mail of Dana Lee").press("Enter")
    add.get_by_role("button", name="Add interview").click()
    expect(page.get_by_text("Data Engineer: Screening interview with Dana Lee")).to_be_visible(timeout=WAIT)

    reflection = page.locator(".st-key-reflection-form")
    reflection.get_by_role("radiogroup", name="Overall").get_by_text("4", exact=True).click()
    reflection.get_by_role("radiogroup", name="Rapport").get_by_text("5", exact=True).click()
    reflection.get_by_role("textbox", name="What went well").fill("Walked through the backfill design calmly")
    reflection.get_by_role("textbox", name="What we discussed").fill("Behavioural: conflict, ownership")
    reflection.get_by_role("textbox", name="Something you talked about that you'd like to mention").fill(TOPIC)
    reflection.get_by_role("button", name="Save reflection").click()
    # Its thank-you note is right here, under the reflection.
    expect(page.get_by_role("heading", name="Your thank-you notes")).to_be_visible(timeout=WAIT)
    # The history lists it at once.
    expect(page.get_by_role("heading", name="Your reflections")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=WAIT)


def test_reflect_then_send_the_thank_you_and_see_it_done(page, served, tmp_path):
    url, db_path = served
    add_interview_and_reflect(page, url)

    message = page.get_by_role("textbox", name="Message")
    expect(message).to_have_count(1, timeout=WAIT)
    # Never signed with a bare closing: without a name, the draft asks for it where it is shown.
    expect(message).to_have_value(UNSIGNED, timeout=WAIT)
    sign = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Sign"))
    sign.get_by_role("textbox", name="Your name").fill("Alex Kim")
    sign.get_by_role("button", name="Sign").click()
    expect(message).to_have_value(THANK_YOU, timeout=WAIT)
    email = page.get_by_role("link", name="Open in email")
    expect(email).to_have_count(1, timeout=WAIT)  # the rerun after signing has replaced the old card
    link = urlsplit(email.get_attribute("href"))
    assert (link.scheme, link.path) == ("mailto", "dana@acme.example")
    assert parse_qs(link.query) == {
        "subject": ["Thank you: Data Engineer interview at Acme"],
        "body": [THANK_YOU.replace("\n", "\r\n")],
    }
    # The README's picture of this step, refreshed on demand so that test runs leave the checkout alone.
    expect(page.get_by_test_id("stToast")).to_have_count(0, timeout=WAIT)
    page.screenshot(path=str(tmp_path / "after-interview.png"))
    if os.environ.get("DEBRIEF_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "after-interview.png", SCREENSHOT)

    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("heading", name="Your thank-you notes")).to_have_count(0, timeout=WAIT)
    page.goto(url + "/follow_ups")
    expect(page.get_by_role("heading", name="Done")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Thank Dana Lee (Acme) · done")).to_be_visible(timeout=WAIT)
    # Its card left the open list: what is open now is the status check, drafted to the same interviewer.
    expect(page.get_by_test_id("stExpander").filter(has_text="Thank Dana Lee")).to_have_count(0, timeout=WAIT)
    expect(page.get_by_role("heading", name="Upcoming (1)")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("stExpander").filter(has_text="Check in with Acme")).to_have_count(1, timeout=WAIT)


def test_open_follow_ups_download_as_a_calendar_file_with_one_event_each(page, served):
    url, db_path = served
    add_interview_and_reflect(page, url)
    page.goto(url + "/follow_ups")
    expect(page.get_by_role("heading", name="Upcoming (2)")).to_be_visible(timeout=WAIT)

    page.get_by_text("Calendar", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Add open follow-ups to your calendar (.ics)").click()
    assert download.value.suggested_filename == "debrief-follow-ups.ics"
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())

    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Thank Dana Lee (Acme)", "Check in with Acme"]
    held_on = f"{datetime.now():%Y-%m-%d}"
    assert [str(e["DESCRIPTION"]) for e in events] == [
        f"Acme, Data Engineer: Screening interview on {held_on}. The draft is on Debrief's Follow-ups page."
    ] * 2
    assert [len(e.walk("VALARM")) for e in events] == [1, 1]
    thank_you, status_check = (e.decoded("DTSTART") for e in events)
    # Due 24 hours after the interview, which the form set at the current hour; the check at 09:00 a week on.
    assert (thank_you.minute, thank_you.second, thank_you.tzinfo) == (0, 0, None)
    assert (status_check.time().isoformat(), (status_check.date() - thank_you.date()).days) == ("09:00:00", 7)
