"""After "Take theirs", the application's form shows the version saved in the other window, in the browser too.

Two browser contexts edit the same application. A widget's own default never
reaches a browser that already holds a value for it, so the form must get the
stored values through Session State; else the typed text stays on screen and
comes back with the next save, over the version the user chose to take.
"""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator, Page, expect

from data.store.applications import Application, get_application, save_application
from data.store.db import Database
from tests.e2e.conftest import serving
from tests.e2e.helpers import select_table_row, settled


def _open_the_application(page: Page, url: str) -> Locator:
    """Open Applications, pick the one application and give its edit form."""
    page.goto(url + "/applications")
    settled(page)
    heading = page.get_by_role("heading", name="Zephyr Analytics: Data Analyst")
    select_table_row(page.get_by_test_id("stDataFrame").first, shows=heading)
    settled(page)
    return page.get_by_test_id("stForm").filter(has=page.locator("[class*='st-key-edit-application-']"))


def test_take_theirs_shows_the_other_windows_version_in_every_field(page, browser, tmp_path):
    db_path = tmp_path / "debrief.duckdb"
    db = Database(db_path)
    application_id = save_application(
        db,
        Application("Zephyr Analytics", "Data Analyst", date(2026, 3, 2), location="Zürich", notes="Hybrid"),
    )
    db.close()

    with serving(db_path, browser) as url:
        mine = _open_the_application(page, url)
        other_window = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            theirs = _open_the_application(other_window.new_page(), url)
            theirs.get_by_label("Location", exact=True).fill("Copenhagen")
            theirs.get_by_label("Notes", exact=True).fill("Fully remote now")
            theirs.get_by_role("button", name="Save application").click()
            expect(theirs.page.get_by_text("Saved", exact=True)).to_be_visible()
        finally:
            other_window.close()

        mine.get_by_label("Company", exact=True).fill("Zephyr Labs")
        mine.get_by_label("Notes", exact=True).fill("My own notes")
        mine.get_by_role("button", name="Save application").click()
        page.get_by_role("button", name="Take theirs").click()
        expect(page.get_by_role("button", name="Take theirs")).to_have_count(0)
        settled(page)

        expect(mine.get_by_label("Company", exact=True)).to_have_value("Zephyr Analytics")
        expect(mine.get_by_label("Location", exact=True)).to_have_value("Copenhagen")
        expect(mine.get_by_label("Notes", exact=True)).to_have_value("Fully remote now")

        # What the browser shows is what it sends: the next save keeps the version taken.
        mine.get_by_label("Role", exact=True).fill("Senior Data Analyst")
        mine.get_by_role("button", name="Save application").click()
        expect(page.get_by_role("heading", name="Zephyr Analytics: Senior Data Analyst")).to_be_visible()
        expect(mine.get_by_label("Notes", exact=True)).to_have_value("Fully remote now")

    db = Database(db_path)
    try:
        stored = get_application(db.cursor(), application_id)
    finally:
        db.close()
    assert stored is not None
    assert (stored.company, stored.role, stored.location, stored.notes) == (
        "Zephyr Analytics",
        "Senior Data Analyst",
        "Copenhagen",
        "Fully remote now",
    )
