"""How lists of records look in tables, and paging through long ones."""

from __future__ import annotations

import math

import streamlit as st

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
