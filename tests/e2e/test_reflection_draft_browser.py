"""A reflection typed in the browser and not saved is back after the page is reloaded, until discarded.

Each change is kept by the server run it starts; the test waits for that run's
end (its "script finished" message on the websocket), not for time, before the
next change and before the reload.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from data.store.db import Database
from data.store.interviews import Interview, add_interview_on_the_spot
from tests.e2e.conftest import serving
from tests.e2e.helpers import settled

WAIT = 30_000
WENT_WELL = "Walked through the backfill design calmly"
TOPIC = "their move from nightly batches to streaming"


def _run_finished(payload: str | bytes) -> bool:
    """Whether a message from the server says a run of the page ended normally."""
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "script_finished" and (
        message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    )


def change(socket: WebSocket, make_the_change) -> None:
    """Make a change in the form and wait until the run it starts on the server has ended."""
    with socket.expect_event("framereceived", predicate=_run_finished, timeout=WAIT):
        make_the_change()


@pytest.fixture
def an_interview_this_morning(tmp_path, browser):
    """A Debrief served over a database holding one interview held three hours ago; yields its URL."""
    db_path = tmp_path / "debrief.duckdb"
    db = Database(db_path)
    held = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    add_interview_on_the_spot(db, "Acme", "Data Engineer", Interview(None, "technical", "video", held, ["Dana Lee"]))
    db.close()
    with serving(db_path, browser) as url:
        yield url


def test_what_was_typed_in_the_reflection_is_back_after_a_reload_until_discarded(
    page, an_interview_this_morning, tmp_path
):
    url = an_interview_this_morning
    with page.expect_websocket() as opened:
        page.goto(url + "/reflect")
    socket = opened.value
    form = page.locator(".st-key-reflection-form")
    expect(form.get_by_role("radiogroup", name="Overall")).to_be_visible(timeout=WAIT)
    settled(page)
    went_well = form.get_by_role("textbox", name="What went well")
    topic = form.get_by_role("textbox", name="Something you talked about that you'd like to mention")

    change(socket, lambda: form.get_by_role("radiogroup", name="Overall").get_by_text("4", exact=True).click())
    change(socket, lambda: form.get_by_role("radiogroup", name="Rapport").get_by_text("5", exact=True).click())
    went_well.fill(WENT_WELL)
    change(socket, lambda: went_well.press("Control+Enter"))
    topic.fill(TOPIC)
    change(socket, lambda: topic.press("Enter"))
    expect(form.get_by_text("not yet saved")).to_be_visible(timeout=WAIT)

    page.reload()

    expect(form.get_by_text("not yet saved")).to_be_visible(timeout=WAIT)
    expect(form.get_by_role("radiogroup", name="Overall").get_by_role("radio", name="4")).to_be_checked()
    expect(form.get_by_role("radiogroup", name="Rapport").get_by_role("radio", name="5")).to_be_checked()
    expect(went_well).to_have_value(WENT_WELL)
    expect(topic).to_have_value(TOPIC)
    page.screenshot(path=str(tmp_path / "reflection-draft.png"), full_page=True)

    # Discarding empties the form in the browser too, not only on the server.
    form.get_by_role("button", name="Discard draft").click()
    expect(form.get_by_text("not yet saved")).to_have_count(0, timeout=WAIT)
    expect(went_well).to_have_value("")
    expect(topic).to_have_value("")
    expect(form.get_by_role("radiogroup", name="Overall").get_by_role("radio", name="4")).not_to_be_checked()
    page.reload()
    expect(form.get_by_role("radiogroup", name="Overall")).to_be_visible(timeout=WAIT)
    settled(page)
    expect(went_well).to_have_value("")
    expect(form.get_by_text("not yet saved")).to_have_count(0)
