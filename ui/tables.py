"""How lists of records look in tables, paging through long ones, and each table's guarded download.

Every table of Debrief is drawn by `table`, never by `st.dataframe` directly:
Streamlit's own "Download as CSV" is switched off (`client.disableDataExport` in
`.streamlit/config.toml`) because it writes a cell such as `=cmd|' /C calc'!A0`
as a formula a spreadsheet would run. `table` offers the same view for download
instead, through the export's formula guard (`data.transfer.csv_format.protect`).
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from data.labels import labelled
from data.store.contacts import USAGE_WINDOW_DAYS
from data.transfer.csv_format import protect, to_csv_bytes

PAGE_SIZE = 50

APPLICATION_COLUMNS = {
    "company": st.column_config.TextColumn("Company"),
    "role": st.column_config.TextColumn("Role"),
    "location": st.column_config.TextColumn("Location"),
    "status": st.column_config.TextColumn("Status"),
    "applied_on": st.column_config.DateColumn("Applied", format="YYYY-MM-DD", help="— when the date is unknown"),
    "responded_on": st.column_config.DateColumn("Reply", format="YYYY-MM-DD"),
    "interviews": st.column_config.NumberColumn("Interviews"),
    "source": st.column_config.TextColumn("Source"),
}

INTERVIEW_COLUMNS = {
    "held_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm"),
    "stage": st.column_config.TextColumn("Stage"),
    "format": st.column_config.TextColumn("Format"),
    "interviewers": st.column_config.TextColumn("Interviewers"),
    "outcome": st.column_config.TextColumn("Outcome"),
    "heard_back_on": st.column_config.DateColumn("Heard back", format="YYYY-MM-DD"),
    "reflected": st.column_config.CheckboxColumn("Reflected"),
}


def _texts_named_as_columns(*columns: str) -> dict[str, Any]:
    """Text columns headed by their own name in words (`"name"` → "Name")."""
    return {column: st.column_config.TextColumn(column.replace("_", " ").capitalize()) for column in columns}


CONTACT_COLUMNS = {
    **_texts_named_as_columns("name", "kind", "title", "company", "email", "phone", "relationship"),
    "interviews": st.column_config.NumberColumn("Interviews", help="Interviews they took part in"),
    "applications": st.column_config.NumberColumn("Given as reference", help="Applications you gave their name to"),
}
REFERENCE_COLUMNS = {
    "name": st.column_config.TextColumn("Reference"),
    "relationship": st.column_config.TextColumn("Relationship"),
    "email": st.column_config.TextColumn("Email"),
    "phone": st.column_config.TextColumn("Phone"),
    "attached_at": st.column_config.DatetimeColumn("Given on", format="YYYY-MM-DD"),
    "heads_up_due_at": st.column_config.DatetimeColumn("Heads-up due", format="YYYY-MM-DD HH:mm"),
    "heads_up_done_at": st.column_config.DatetimeColumn("Heads-up sent", format="YYYY-MM-DD HH:mm"),
}
USAGE_COLUMNS = {
    "name": st.column_config.TextColumn("Reference"),
    "relationship": st.column_config.TextColumn("Relationship"),
    "recent": st.column_config.NumberColumn(f"Given out in {USAGE_WINDOW_DAYS} days"),
    "total": st.column_config.NumberColumn("Given out in all"),
    "last_given": st.column_config.DateColumn("Last given", format="YYYY-MM-DD"),
}


def forget_selection_if_rows_changed(key: str, row_ids: list) -> None:
    """Unselect table `key` when the records it lists differ from its last run.

    Call before drawing the table. A table's selection is a row position: once
    rows are added, deleted, filtered or re-sorted, the same position would open
    another record than the one the user picked.
    """
    before = st.session_state.get(f"{key}-row-ids")
    st.session_state[f"{key}-row-ids"] = row_ids
    if before is not None and before != row_ids:
        st.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": []}}


def picked_in_table(listed: pd.DataFrame, columns: dict[str, Any], key: str) -> int | None:
    """A table of the records `listed` (each with its `id`) where one row can be selected; the selected one's id.

    Stored values show as labels (`data.labels.labelled`). The selection is
    forgotten when the records listed change (see `forget_selection_if_rows_changed`),
    so it never opens another record.
    """
    forget_selection_if_rows_changed(key, listed["id"].tolist())
    picked = table(labelled(listed), columns, on_select="rerun", selection_mode="single-row", key=key)
    rows = picked.selection.rows
    return int(listed.iloc[rows[0]]["id"]) if rows and rows[0] < len(listed) else None


def page_picker(total: int, key: str, page_size: int = PAGE_SIZE) -> int:
    """A page number picker when `total` rows need more than one page; returns the offset."""
    pages = max(1, math.ceil(total / page_size))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key)
    return (int(page) - 1) * page_size


REFLECTION_COLUMNS = {
    "held_at": st.column_config.DatetimeColumn("Interview", format="YYYY-MM-DD HH:mm"),
    "company": st.column_config.TextColumn("Company"),
    "role": st.column_config.TextColumn("Role"),
    "stage": st.column_config.TextColumn("Stage"),
    "overall": st.column_config.ProgressColumn("Overall", min_value=0, max_value=5, format="%d / 5"),
    "stress": st.column_config.NumberColumn("Stress", format="%d / 5"),
    "went_well": st.column_config.TextColumn("What went well", width="large"),
    "to_improve": st.column_config.TextColumn("To address next time", width="large"),
}


def table(data: pd.DataFrame, columns: dict[str, Any] | None = None, **options: Any):
    """`st.dataframe(data, **options)` with a guarded "Download as CSV" of the same view below it.

    `columns` (a column's name → its `st.column_config` entry) are the columns
    shown, in that order. Every table fills the width, hides its index and shows
    "—" for a missing value unless `options` say otherwise; all else `options`
    passes to `st.dataframe`, and `table` returns what it does (its selection,
    when `on_select` is given). The download holds the columns shown, in their
    order, under their labels; it is built only when clicked. No button under an
    empty table.
    """
    if columns is not None:
        options = {"column_config": columns, "column_order": list(columns), **options}
    options = {"hide_index": True, "placeholder": "—", "width": "stretch", **options}
    shown = st.dataframe(data, **options)
    if isinstance(data, pd.DataFrame) and not data.empty:
        # The call's place in the code names its button: unique on a page, stable across reruns.
        frame = inspect.currentframe()
        caller = frame.f_back if frame is not None else None
        while caller is not None and caller.f_code.co_filename == __file__:  # through `picked_in_table`: its page
            caller = caller.f_back
        page = Path(caller.f_code.co_filename).stem if caller is not None else "debrief"
        where = f"{page}-{caller.f_lineno if caller is not None else 0}"
        st.download_button(
            "Download as CSV",
            data=lambda: view_csv(data, options.get("column_config"), options.get("column_order")),
            file_name=f"debrief-{page.replace('_', '-')}.csv",
            mime="text/csv",
            key=f"table-csv-{where}",
            on_click="ignore",
            type="tertiary",
            icon=":material/download:",
        )
    return shown


def view_csv(data: pd.DataFrame, column_config: dict | None = None, column_order: list | None = None) -> bytes:
    """The table as shown (`column_order`, labels and hidden columns from `column_config`) as a CSV file.

    Text cells go through the export's formula guard: a cell starting with `=`,
    `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a
    spreadsheet shows it as text. Numbers stay numbers, dates and times are
    written as `YYYY-MM-DD` and `YYYY-MM-DD HH:MM`, missing values as empty cells.
    """
    config = column_config or {}
    columns = [c for c in (column_order or list(data.columns)) if c in data.columns and config.get(c, c) is not None]
    view = pd.DataFrame({_label(column, config.get(column)): _cells(data[column]) for column in columns})
    return to_csv_bytes(view)


def _label(column: str, config: Any) -> str:
    if isinstance(config, str):
        return config
    if isinstance(config, dict) and config.get("label"):
        return str(config["label"])
    return str(column)


def _cells(values: pd.Series) -> pd.Series:
    """One column as text for the CSV file; only text columns can hold a formula, and they are guarded."""
    present = values.notna()
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "yes", False: "no"}).where(present, None)
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(object).where(present, None).map(lambda v: v if v is None else _number(v))
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = pd.to_datetime(values)
        with_time = (stamps.dropna() != stamps.dropna().dt.normalize()).any()
        return stamps.dt.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d").where(present, None)
    texts = values.astype(object).where(present, None).map(lambda v: v if v is None else _text(v))
    return protect(texts)


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.10g}"


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)
