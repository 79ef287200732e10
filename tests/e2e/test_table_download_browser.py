"""A table's download in a real browser: Streamlit's own toolbar download is gone, Debrief's writes formulas as text."""

from __future__ import annotations

import csv
import io
from datetime import date

from playwright.sync_api import expect

from data.store.applications import Application, save_application
from data.store.db import Database
from data.transfer.csv_format import ENCODING
from tests.e2e.conftest import start_server, stop_server

FORMULA = "=cmd|' /C calc'!A0"


def test_the_applications_table_downloads_a_typed_formula_as_text(browser, tmp_path):
    db_path = tmp_path / "debrief.duckdb"
    db = Database(db_path)
    save_application(db, Application(FORMULA, "+SUM(1,2)", date(2026, 3, 2), "applied"))
    db.close()
    server, url = start_server(db_path)
    try:
        page = browser.new_page(accept_downloads=True)
        page.goto(url + "/applications")
        table = page.get_by_test_id("stDataFrame").first
        expect(table).to_be_visible()
        table.hover()
        # The toolbar shows no download of its own (client.disableDataExport): the only one is Debrief's.
        expect(page.get_by_role("button", name="Download as CSV")).to_have_count(1)

        with page.expect_download() as download:
            page.get_by_role("button", name="Download as CSV").click()

        assert download.value.suggested_filename == "debrief-applications.csv"
        text = download.value.path().read_text(encoding=ENCODING)
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == ["Company", "Role", "Location", "Status", "Applied", "Reply", "Interviews", "Source"]
        assert rows[1][:5] == [f"'{FORMULA}", "'+SUM(1,2)", "", "Applied", "2026-03-02"]
        page.close()
    finally:
        stop_server(server)
