"""Every page on a filled search shows labels, never a stored value: no "interviewing", no "(Onsite, onsite)".

Each page is run on the demo search (and on the small hand-made one) with its
rows opened; every table cell, chart datum, caption, text, metric, widget label
and picker option is collected and checked against the stored values.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

import pandas as pd
import pyarrow as pa
import pytest

from data.labels import STORED_VALUES
from data.operations.demo import generate_demo
from data.store.interviews import Interview, save_interview
from tests.data_io.helpers import FIXTURES
from ui.store import serve

PAGES = (
    "pages/today.py",
    "pages/reflect.py",
    "pages/follow_ups.py",
    "pages/prepare.py",
    "pages/applications.py",
    "pages/contacts.py",
    "pages/trends.py",
    "pages/data.py",
)
# Where a label sits in a line of text: between these marks.
_PIECES = re.compile(r"\s*(?:[·,;()\[\]\n:|]|\s[-–—]\s)\s*")
_TEXTS = ("caption", "markdown", "text", "info", "success", "warning", "error", "title", "header", "subheader")
_WIDGETS = ("selectbox", "multiselect", "radio", "text_input", "text_area", "date_input", "number_input", "button")


def pieces(text: str) -> list[str]:
    """A text as the user reads it (Markdown escapes and bold marks gone), cut where a label could stand alone."""
    plain = text.replace("\\", "").replace("**", "").replace("*", "")
    return [piece for piece in _PIECES.split(plain) if piece]


def raw_in_text(text: str) -> list[str]:
    """The stored values standing alone in `text`, and any word said twice in a row ("Onsite, onsite")."""
    parts = pieces(text)
    raw = [piece for piece in parts if piece in STORED_VALUES]
    repeated = [f"{a}, {b}" for a, b in zip(parts, parts[1:], strict=False) if a.isalpha() and a.lower() == b.lower()]
    return raw + repeated


def raw_in_frame(frame: pd.DataFrame) -> list[str]:
    found = []
    for column in frame.columns:
        for value in frame[column].dropna().unique():
            if isinstance(value, str) and (value in STORED_VALUES or raw_in_text(value)):
                found.append(f"{column}={value!r}")
    return found


def _fields(spec: object) -> set[str]:
    """The data fields a Vega-Lite spec draws (its encodings' and tooltips' "field" names)."""
    if isinstance(spec, dict):
        own = {spec["field"]} if isinstance(spec.get("field"), str) else set()
        return own.union(*(_fields(value) for value in spec.values()))
    if isinstance(spec, list):
        return set().union(*(_fields(value) for value in spec))
    return set()


def chart_frames(at) -> list[pd.DataFrame]:
    """The data of every chart, in the columns the chart draws."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        drawn = _fields(json.loads(chart.proto.spec))
        for dataset in chart.proto.datasets:
            frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            frames.append(frame[[c for c in frame.columns if c in drawn]])
    return frames


def everything_shown(at) -> dict[str, list[str]]:
    """Every raw value on the page, by where it was found (empty when there is none)."""
    found: dict[str, list[str]] = {}

    def note(where: str, raw: list[str]) -> None:
        if raw:
            found.setdefault(where, []).extend(raw)

    for table in at.dataframe:
        note("table", raw_in_frame(table.value))
    for frame in chart_frames(at):
        note("chart", raw_in_frame(frame))
    for kind in _TEXTS:
        for element in at.get(kind):
            note(kind, raw_in_text(str(element.value)))
    for metric in at.metric:
        note("metric", raw_in_text(metric.label) + raw_in_text(str(metric.value)))
    for kind in _WIDGETS:
        for widget in at.get(kind):
            note(f"{kind} label", raw_in_text(str(widget.label)))
            for option in getattr(widget, "options", []) or []:
                note(f"{kind} option", [option] if option in STORED_VALUES else raw_in_text(str(option)))
    for group in at.get("button_group"):
        note("segmented control", [o.content for o in group.proto.options if o.content in STORED_VALUES])
    for block in (*at.expander, *at.tabs):
        note("expander or tab", raw_in_text(block.label))
    return found


def test_the_check_finds_raw_values_where_they_would_show():
    assert raw_in_text("- **Acme**, Data Engineer \\(technical\\): today is day 4") == ["technical"]
    assert raw_in_text("Mon 02 Mar, 10:00: Acme, Analyst (Onsite, onsite)") == ["onsite", "Onsite, onsite"]
    assert raw_in_text("2026-03-02 · Acme: Analyst · Screening · Waiting") == []
    assert raw_in_frame(pd.DataFrame({"status": ["Applied", "interviewing"]})) == ["status='interviewing'"]


def open_every_part(at, page: str):
    """Open what a user would open: a row of each table that opens a record, every follow-up card."""
    if page == "pages/applications.py":
        at.session_state["app-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    if page == "pages/contacts.py":
        at.session_state["contacts-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    if page == "pages/follow_ups.py":
        for key in [k for k in at.session_state if str(k).startswith("card-")]:
            at.session_state[key] = True
    return at.run()


@pytest.fixture
def demo_search(served):
    """A served demo search of 150 applications."""
    generate_demo(served, 150, seed=4)
    return served


@pytest.fixture
def small_search(served_search):
    """The served hand-made search, with an onsite round held on site tomorrow (shown under "Coming up" on Today)."""
    db, ids = served_search
    tomorrow = datetime.combine(date.today() + timedelta(days=1), time(10, 0))
    save_interview(db, Interview(ids["initech"], "onsite", "onsite", tomorrow, ["Ravi Iyer"]))
    return db


def assert_no_stored_value_shown(app, page: str) -> None:
    """`page`, with every part of it opened, runs and shows no stored value."""
    at = app.run()
    at.switch_page(page).run()
    at = open_every_part(at, page)
    assert not at.exception
    assert everything_shown(at) == {}


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_stored_value_on_the_demo_search(app, demo_search, page):
    assert_no_stored_value_shown(app, page)


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_stored_value_on_a_small_search(app, small_search, page):
    assert_no_stored_value_shown(app, page)


@pytest.mark.parametrize("tracker", ["simplify.csv", "teal.csv"])
def test_an_import_preview_shows_statuses_as_labels(app, db, monkeypatch, tracker):
    serve(db)
    at = app.run()
    at.switch_page("pages/data.py").run()
    content = (FIXTURES / tracker).read_bytes()
    at.file_uploader(key="import-files-0").set_value([(tracker, content, "text/csv")]).run()
    assert not at.exception
    previewed = [table.value for table in at.dataframe]
    assert any("becomes" in frame and "status" not in frame for frame in previewed)  # how their statuses are read
    assert everything_shown(at) == {}
