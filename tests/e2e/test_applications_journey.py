"""A user adds an application in the browser, finds it in the list, and it survives a restart."""

from playwright.sync_api import expect

from tests.e2e.conftest import start_server, stop_server
from tests.e2e.helpers import select_table_row


def test_add_application_and_see_it_listed_after_restart(page, served):
    url, db_path = served
    page.goto(url)
    expect(page.get_by_role("heading", name="Welcome to Debrief")).to_be_visible()

    page.get_by_role("link", name="Add your first application").click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    page.get_by_label("Company").first.fill("Acme <b>Robotics</b>")
    page.get_by_label("Role").first.fill("Data Engineer")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_text("Showing 1–1 of 1")).to_be_visible()

    # The name is shown as typed, as text: the <b> is not bold markup.
    heading = page.get_by_role("heading", name="Acme <b>Robotics</b>: Data Engineer")
    select_table_row(page.get_by_test_id("stDataFrame").first, shows=heading)


def test_a_bookmarked_page_opens_inside_debrief_after_a_restart(browser, tmp_path):
    """A first visit straight to /applications shows Debrief's own navigation, not a bare page."""
    server, url = start_server(tmp_path / "debrief.duckdb")
    try:
        page = browser.new_page()
        page.goto(url + "/applications")
        expect(page.get_by_role("heading", name="Applications")).to_be_visible()
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_role("link", name="Today")).to_be_visible()
        expect(page.get_by_text("Your data:")).to_be_visible()
        expect(nav.get_by_role("link", name="app", exact=True)).to_have_count(0)
        page.close()
    finally:
        stop_server(server)


def test_saved_application_is_still_there_after_the_server_restarts(browser, tmp_path):
    db_path = tmp_path / "debrief.duckdb"
    server, url = start_server(db_path)
    try:
        page = browser.new_page()
        page.goto(url + "/applications")
        page.get_by_label("Company").first.fill("Globex")
        page.get_by_label("Role").first.fill("Analyst")
        page.get_by_role("button", name="Add application").click()
        expect(page.get_by_text("Showing 1–1 of 1")).to_be_visible()
        page.close()
    finally:
        stop_server(server)

    server, url = start_server(db_path)
    try:
        page = browser.new_page()
        page.goto(url + "/applications")
        expect(page.get_by_text("Showing 1–1 of 1")).to_be_visible()
        heading = page.get_by_role("heading", name="Globex: Analyst")
        select_table_row(page.get_by_test_id("stDataFrame").first, shows=heading)
        page.close()
    finally:
        stop_server(server)
