"""A user with months of job search behind them opens Trends and sees every chart drawn."""

from datetime import date

from playwright.sync_api import expect

from data.store.db import Database
from tests.analytics.realistic_search import write_realistic_search
from tests.e2e.conftest import start_server, stop_server

CHARTS = 7
FIRST_LOAD = 60_000  # the first run of a fresh server imports Altair and opens the database


def filled_database(tmp_path):
    path = tmp_path / "debrief.duckdb"
    db = Database(path)
    try:
        write_realistic_search(db, applications=150, weeks=20, seed=11)
    finally:
        db.close()
    return path


def test_trends_draws_every_chart_on_a_filled_database(browser, tmp_path):
    server, url = start_server(filled_database(tmp_path))
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, timezone_id="America/Los_Angeles")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(url + "/trends")
        expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible(timeout=FIRST_LOAD)
        charts = page.get_by_test_id("stVegaLiteChart")
        expect(charts).to_have_count(CHARTS, timeout=FIRST_LOAD)
        for index in range(CHARTS):
            # Vega draws into an svg (or a canvas): a chart with marks, not an empty box.
            expect(charts.nth(index).locator("svg .mark-group, canvas").first).to_be_attached()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
        expect(page.get_by_test_id("stMetricLabel").filter(has_text="Median days to hear back")).to_be_visible()

        # The weekly volume bars name their week in the tooltip, as stored, in any time zone.
        bar = charts.nth(5).locator(".mark-rect path").nth(3)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        # low in the bar, below the line of interviews drawn over it
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
        expect(page.locator("#vg-tooltip-element")).to_contain_text("Week of")
    finally:
        context.close()
        stop_server(server)


def test_a_filter_that_leaves_too_little_says_so_instead_of_drawing(browser, tmp_path):
    server, url = start_server(filled_database(tmp_path))
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    try:
        page.set_default_timeout(30_000)
        page.goto(url + "/trends")
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(CHARTS, timeout=FIRST_LOAD)
        # A year before the search began, typed into both ends of the range.
        for end in ("start", "end"):
            page.get_by_role("spinbutton", name=f"year, Dates {end} date").click()
            page.keyboard.type(str(date.today().year - 3))
        # The range is taken when the calendar closes and the field loses focus.
        page.keyboard.press("Escape")
        page.get_by_role("heading", name="Trends", exact=True).click()
        expect(page.get_by_text("No applications or interviews in these filters.")).to_be_visible(timeout=20_000)
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        page.close()
        stop_server(server)
