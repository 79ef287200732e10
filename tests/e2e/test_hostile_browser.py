"""Every page of Debrief in a real browser, over data typed to break out: nothing runs, nothing leaves.

The database is filled through Debrief's own store with HTML, script, `javascript:`
links, Markdown links and images, SQL, 10,000-character notes, right-to-left and
zero-width characters and emoji, in every text field of every record. Each page
registered in app.py is opened, its expanders opened too, and the test fails if a
dialog opens, a payload's script runs (it would set `window.__pwned`), a link or
image of the data becomes a real element, or any request leaves 127.0.0.1.
"""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from data.store.db import Database
from data.store.follow_ups import open_follow_ups, set_signature, skip
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from followups.schedule import follow_up_title
from tests.e2e.conftest import PROJECT_ROOT, start_server, stop_server
from tests.e2e.helpers import select_table_row
from tests.reliability.hostile import (
    DIRECTIVES,
    EMOJI,
    HTML_ENTITY,
    MARKDOWN_AUTOLINK,
    MARKDOWN_IMAGE,
    MARKDOWN_LINK,
    RIGHT_TO_LEFT,
    SQL,
    SVG_ONLOAD,
    ZERO_WIDTH,
    long_note,
)

WAIT = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Names may not hold , or ; (they separate interviewers), so these payloads do without.
IMAGE = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1</script>"
LINK = '<a href="javascript:window.__pwned=1">me</a>'
COMPANY = f"{IMAGE} Robotics"
ROLE = f"{MARKDOWN_LINK} Engineer 🚀"
INTERVIEWER = f"{SCRIPT} Dana"
REFERENCE = f"{LINK} Kim {EMOJI}"


def registered_pages(*, hidden: bool = False) -> dict[str, str]:
    """The pages app.py registers with `st.Page(...)`: file → title; those left out of the menu with `hidden`."""
    tree = ast.parse((PROJECT_ROOT / "app.py").read_text())
    pages = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            options = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            if (options.get("visibility") == "hidden") == hidden:
                pages[node.args[0].value] = options["title"]
    return pages


def fill_with_hostile_texts(path: Path) -> None:
    """Every text field of every kind of record, filled with texts that try to break out."""
    now = datetime.now().replace(second=0, microsecond=0)
    db = Database(path)
    try:
        newest = save_application(
            db,
            Application(
                COMPANY,
                ROLE,
                date.today(),
                "interviewing",
                location=RIGHT_TO_LEFT,
                source=SCRIPT,
                url="https://example.invalid/jobs?q=<script>window.__pwned=1</script>",
                notes=long_note(),
            ),
        )
        older = save_application(
            db,
            Application(
                SQL, MARKDOWN_IMAGE, date.today() - timedelta(days=20), "applied", location=ZERO_WIDTH, notes=DIRECTIVES
            ),
        )
        save_application(
            db,
            Application(
                ("W" * 150 + SVG_ONLOAD)[:200],
                HTML_ENTITY,
                date.today() - timedelta(days=40),
                "rejected",
                source=MARKDOWN_AUTOLINK,
                notes=MARKDOWN_IMAGE + " " + MARKDOWN_LINK,
            ),
        )
        held = save_interview(
            db,
            Interview(
                newest,
                "technical",
                "video",
                now - timedelta(days=2),
                [INTERVIEWER, f"{IMAGE} Sam", RIGHT_TO_LEFT],
                feedback=long_note(),
            ),
        )
        save_interview(db, Interview(older, "screen", "phone", now - timedelta(days=9), [ZERO_WIDTH], feedback=SQL))
        save_interview(db, Interview(older, "onsite", "onsite", now + timedelta(days=3), [EMOJI], feedback=DIRECTIVES))
        save_reflection(
            db,
            Reflection(
                held,
                4,
                stress=3,
                went_well=long_note(),
                to_improve=f"{SCRIPT} {MARKDOWN_LINK}",
                topics=f"{IMAGE} streaming\n{MARKDOWN_IMAGE}",
                questions_asked=f"{SQL}\n{RIGHT_TO_LEFT}\n{LINK}",
                other_notes=f"{ZERO_WIDTH} {EMOJI} {DIRECTIVES}",
            ),
        )
        reference = save_contact(
            db,
            Contact(
                REFERENCE,
                "reference",
                email="kim+tag@example.invalid",
                phone=SCRIPT,
                title=IMAGE,
                company=MARKDOWN_LINK,
                relationship=RIGHT_TO_LEFT,
                notes=long_note(),
            ),
        )
        attach_reference(db, newest, reference)
        set_signature(db, f"{IMAGE} {EMOJI}")
        closed = open_follow_ups(db.cursor())[-1]
        skip(db, closed.id, f"{SCRIPT} {MARKDOWN_LINK}")
    finally:
        db.close()


@pytest.fixture
def hostile_server(tmp_path):
    path = tmp_path / "debrief.duckdb"
    fill_with_hostile_texts(path)
    server, url = start_server(path)
    yield url, path
    stop_server(server)


@pytest.fixture
def watched(browser):
    """A browser page that records dialogs, and requests beyond 127.0.0.1 (which it blocks)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    seen = {"dialogs": [], "outside": []}

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname
        if host in LOCAL_HOSTS:
            request_route.continue_()
        else:
            seen["outside"].append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(WAIT)

    def dialog(opened):
        seen["dialogs"].append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    yield page, seen
    context.close()


def assert_nothing_broke_out(page, seen: dict, where: str) -> None:
    assert seen["dialogs"] == [], where
    assert page.evaluate("() => window.__pwned") is None, where
    # No payload became a real element: no image from the data, no javascript: link, no script of ours.
    assert page.locator("img[src='x'], img[src*='example.invalid']").count() == 0, where
    assert page.locator("a[href^='javascript:' i]").count() == 0, where
    assert page.locator("script:text('__pwned')").count() == 0, where
    assert page.locator("svg[onload]").count() == 0, where
    assert seen["outside"] == [], where


def open_every_expander(page) -> None:
    for summary in page.get_by_test_id("stExpander").locator("summary").all():
        if summary.get_attribute("aria-expanded") == "false":
            summary.click()


def test_every_page_shows_hostile_data_as_text_and_runs_none_of_it(hostile_server, watched):
    url, _ = hostile_server
    page, seen = watched
    page.goto(url)
    nav = page.get_by_test_id("stSidebarNav")
    expected = registered_pages()
    expect(nav.get_by_role("link")).to_have_count(len(expected))
    links = {
        title: nav.get_by_role("link", name=title, exact=True).get_attribute("href") for title in expected.values()
    }

    for title, href in links.items():
        page.goto(href)
        expect(page.locator("h1").first).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        open_every_expander(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert_nothing_broke_out(page, seen, title)
    # Pages reached from another page rather than the menu (the templates' preview shows real follow-ups).
    for file, title in registered_pages(hidden=True).items():
        page.goto(f"{url}/{Path(file).stem}")
        expect(page.locator("h1").first).to_be_visible()
        open_every_expander(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert_nothing_broke_out(page, seen, title)


def test_the_applications_heading_and_the_follow_up_card_show_the_texts_as_typed(hostile_server, watched):
    url, _ = hostile_server
    page, seen = watched

    page.goto(url + "/applications")
    heading = page.get_by_role("heading", name=f"{COMPANY}: {ROLE}", exact=True)
    select_table_row(page.get_by_test_id("stDataFrame").first, shows=heading)
    expect(page.get_by_role("textbox", name="Company").last).to_have_value(COMPANY)
    assert_nothing_broke_out(page, seen, "Applications details")

    page.goto(url + "/follow_ups")
    card = page.get_by_test_id("stExpander").filter(has_text=follow_up_title("thank_you", INTERVIEWER, COMPANY))
    expect(card).to_have_count(1)
    expect(card.locator("summary")).to_contain_text(follow_up_title("thank_you", INTERVIEWER, COMPANY))
    heads_up = follow_up_title("reference_heads_up", REFERENCE, COMPANY)
    expect(page.get_by_test_id("stExpander").filter(has_text=heads_up)).to_have_count(1)
    assert_nothing_broke_out(page, seen, "Follow-ups")
