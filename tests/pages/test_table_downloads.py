"""Every table's CSV goes through the formula guard: Streamlit's own download is off, Debrief's is guarded.

A cell such as `=cmd|' /C calc'!A0` in a CSV file runs as a formula when a
spreadsheet opens it. Debrief's export prefixes such cells with an apostrophe;
Streamlit's own "Download as CSV" of a table does not, so it is switched off and
`ui.tables.table` offers the same view through the guard instead.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pandas as pd
import pytest
import streamlit as st

import ui.tables
from data.operations.backup import backup_now
from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.transfer.csv_format import ENCODING
from tests.conftest import PROJECT_ROOT

FORMULA = "=cmd|' /C calc'!A0"
RISKY = re.compile(r"^[=+\-@\t\r]")
# Every page whose tables the filled search below shows, with how to reach the tables behind a selection.
PAGES = ["applications", "contacts", "prepare", "reflect", "data"]


def cells(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode(ENCODING), newline="")))


def unguarded(payload: bytes) -> list[str]:
    """The cells of a CSV file a spreadsheet would run as a formula."""
    return [cell for row in cells(payload)[1:] for cell in row if RISKY.match(cell)]


@pytest.fixture
def downloads(monkeypatch):
    """Every guarded download the pages offer, in order: (its CSV as a click downloads it, what built it).

    What built it is the frame, column config and column order the table was drawn with.
    """
    offered: list[tuple[bytes, tuple]] = []
    real_view_csv = ui.tables.view_csv
    built: list[tuple] = []

    def view_csv(frame, column_config=None, column_order=None):
        built.append((frame, column_config, column_order))
        return real_view_csv(frame, column_config, column_order)

    def record(label, data, **options):
        if label != "Download as CSV":  # the Data page's own export, checked elsewhere
            return False
        payload = data()  # built lazily, as a click would
        offered.append((payload, built[-1]))

    monkeypatch.setattr(st, "download_button", record)
    monkeypatch.setattr(ui.tables, "view_csv", view_csv)
    return offered


@pytest.fixture
def formula_search(filled_db):
    """The small search, plus a formula in every kind of text a table shows."""
    db, ids = filled_db
    poisoned = save_application(
        db,
        Application(
            FORMULA, "+SUM(1,2)", date(2026, 3, 4), "interviewing", location="@evil", source="-1+2", notes=FORMULA
        ),
    )
    screen = save_interview(
        db, Interview(poisoned, "screen", "video", datetime(2026, 3, 13, 11), [FORMULA], "advanced")
    )
    save_reflection(
        db,
        Reflection(
            screen, 3, 3, 3, 3, 3, 3, 3, 2, went_well=FORMULA, to_improve="-sleep", questions_asked="=HYPERLINK(1)"
        ),
    )
    reference = save_contact(db, Contact(FORMULA, "reference", company="=1+1", title="+title", notes="@note"))
    attach_reference(db, poisoned, reference)
    attach_reference(db, ids["acme"], reference)
    backup_now(db)  # the Data page lists backups in a table
    return db, ids | {"poisoned": poisoned, "reference": reference}


def test_streamlits_own_table_download_is_switched_off():
    shipped = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text()
    assert re.search(r"^disableDataExport = true$", shipped, re.MULTILINE)


def test_no_table_is_drawn_without_the_guarded_helper():
    """`st.dataframe`/`st.data_editor` appear only inside ui/tables.py; every page goes through `table`."""
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for folder in ("pages", "ui")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        if path.name != "tables.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(dataframe|data_editor)\(", line)
    ]
    assert offenders == []
    assert "st.dataframe(" not in (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")


def test_the_guarded_download_holds_the_view_with_formulas_as_text():
    frame = pd.DataFrame(
        {
            "id": [1, 2],
            "company": [FORMULA, "Acme"],
            "notes": ["-2+3", None],
            "interviews": [3, -1],
            "applied_on": pd.to_datetime(["2026-03-02", "2026-03-03"]),
        }
    )
    payload = ui.tables.view_csv(
        frame,
        {"id": None, "company": st.column_config.TextColumn("Company"), "applied_on": "Applied"},
        ["company", "notes", "interviews", "applied_on"],
    )
    assert cells(payload) == [
        ["Company", "notes", "interviews", "Applied"],
        ["'" + FORMULA, "'-2+3", "3", "2026-03-02"],
        ["Acme", "", "-1", "2026-03-03"],
    ]


def open_every_table(at, page: str, ids: dict[str, int]):
    """The page with the tables that need a selection opened too."""
    at.switch_page(f"pages/{page}.py").run()
    if page == "applications":
        row = list(at.dataframe[0].value["company"]).index(FORMULA)
        at.session_state["app-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        at.run()
    if page == "contacts":
        row = list(at.dataframe[0].value["name"]).index(FORMULA)
        at.session_state["contacts-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_table_on_the_page_offers_its_download_with_formulas_guarded(app, formula_search, downloads, page):
    _, ids = formula_search
    at = open_every_table(app.run(), page, ids)
    downloads.clear()
    at.run()  # the page as it stands, every table shown, recorded from a clean slate

    assert not at.exception
    shown = len(at.dataframe)
    assert shown >= 1
    assert len(downloads) == shown
    for payload, _ in downloads:
        assert unguarded(payload) == []
    # And whatever text those tables may hold: every text cell of each table's frame made a formula.
    for _, (frame, column_config, column_order) in downloads:
        poisoned = frame.copy()
        for column in poisoned.columns:
            if pd.api.types.is_object_dtype(poisoned[column]) or pd.api.types.is_string_dtype(poisoned[column]):
                poisoned[column] = poisoned[column].astype(object).where(poisoned[column].isna(), FORMULA)
        assert unguarded(ui.tables.view_csv(poisoned, column_config, column_order)) == []


def test_a_formula_typed_as_a_company_is_downloaded_as_text_from_the_applications_table(app, formula_search, downloads):
    at = app.run()
    at.switch_page("pages/applications.py").run()

    table = cells(downloads[-1][0])
    assert table[0][:2] == ["Company", "Role"]
    assert ["'" + FORMULA, "'+SUM(1,2)"] in [row[:2] for row in table[1:]]


# The Data page's import previews: tables shown only once a file is uploaded

SPREADSHEET = (
    "Employer,Position,Date sent,Where,Result\r\n"
    f'"{FORMULA}",+SUM(1),2026-03-02,@web,applied\r\n'
    "Acme,Engineer,2026-03-03,=HYPERLINK(1),rejected\r\n"
).encode()
DEBRIEF_APPLICATIONS = (
    "id,company,role,applied_on,responded_on,status\r\n"
    f'1,"{FORMULA}",+SUM(1),2026-03-02,,applied\r\n'
    "2,@Globex,-Analyst,2026-03-05,2026-03-06,rejected\r\n"
).encode()
WITH_PROBLEMS = (
    f'id,company,role,applied_on,responded_on,status\r\n1,"{FORMULA}",+SUM(1),2026-03-02,,=hired\r\n'
).encode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("my-spreadsheet.csv", SPREADSHEET),
        ("applications.csv", DEBRIEF_APPLICATIONS),
        ("applications.csv", WITH_PROBLEMS),
    ],
    ids=["a spreadsheet's column choices and preview", "Debrief's own file", "a file with problems"],
)
def test_every_import_preview_table_offers_its_download_with_formulas_guarded(
    app, formula_search, downloads, name, content
):
    at = app.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="import-files-0").set_value([(name, content, "text/csv")]).run()
    downloads.clear()
    at.run()

    assert not at.exception
    shown = len(at.dataframe)
    assert shown >= 2  # the backups list and at least one preview table
    assert len(downloads) == shown
    for payload, _ in downloads:
        assert unguarded(payload) == []
    # What the file holds reaches a download, as text: the typed formula, or the problem quoting it.
    downloaded = [cell for payload, _ in downloads for row in cells(payload) for cell in row]
    if content == WITH_PROBLEMS:
        assert any("'=hired'" in cell for cell in downloaded)
    else:
        assert "'" + FORMULA in downloaded
