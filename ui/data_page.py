"""The Data page's pieces: reading uploads, choosing a spreadsheet's columns, the import preview, backups.

The page reads top to bottom; the pieces that take more than a few lines live
here so that it can.
"""

from __future__ import annotations

import streamlit as st

from data.foreign_formats import FIELDS, REQUIRED_FIELDS
from data.importing import ImportPlan, ImportPreview, Spreadsheet, prepare_import
from data.labels import labelled
from ui.text import md

PROBLEMS_SHOWN = 1_000
# How the preview's tables name their columns.
LABELS = {
    "file": st.column_config.TextColumn("File"),
    "row": st.column_config.NumberColumn("Row", help="As your spreadsheet numbers it: the header is row 1"),
    "company": st.column_config.TextColumn("Company"),
    "role": st.column_config.TextColumn("Role"),
    "applied_on": st.column_config.DateColumn("Applied", format="YYYY-MM-DD"),
    "status": st.column_config.TextColumn("Status"),
    "source": st.column_config.TextColumn("Source"),
    "why": st.column_config.TextColumn("Why left out"),
    "reason": st.column_config.TextColumn("Why left out"),
    "their column": st.column_config.TextColumn("Their column"),
    "their status": st.column_config.TextColumn("Their status"),
    "becomes": st.column_config.TextColumn("In Debrief"),
    "rows": st.column_config.NumberColumn("Rows"),
}
ROWS_SHOWN = 200
_NONE = "(none)"


def prepared(uploaded: list) -> ImportPlan:
    """The uploaded files read and checked, with the columns chosen for any spreadsheet.

    Kept for the session while the same files and choices stay, so that
    confirming does not read a large file again.
    """
    files = [(f.name, f.getvalue()) for f in uploaded]
    plan = _cached(files, tuple(f.file_id for f in uploaded), None)
    if not plan.spreadsheets:
        return plan
    mappings = {sheet.table.name: column_choices(sheet) for sheet in plan.spreadsheets}
    return _cached(files, tuple(f.file_id for f in uploaded), mappings)


def _cached(files: list, ids: tuple, mappings: dict | None) -> ImportPlan:
    key = (ids, repr(sorted(mappings.items())) if mappings else None)
    kept = st.session_state.get("import-plans", {})
    if key not in kept:
        kept = {k: v for k, v in kept.items() if k[0] == ids}
        kept[key] = prepare_import(files, mappings)
        st.session_state["import-plans"] = kept
    return kept[key]


def forget_prepared() -> None:
    st.session_state.pop("import-plans", None)


def column_choices(sheet: Spreadsheet) -> dict[str, str | None]:
    """Ask which of a spreadsheet's columns holds each field; return the choices (None: no column)."""
    st.markdown(f"**Which column is which in {md(sheet.table.base_name)}?** Debrief guessed from the column names.")
    options = [_NONE, *[c for c in sheet.table.header if c]]
    chosen: dict[str, str | None] = {}
    grid = st.columns(3)
    for position, (field, label) in enumerate(FIELDS.items()):
        guess = sheet.guess.get(field)
        picked = grid[position % 3].selectbox(
            label + (" (required)" if field in REQUIRED_FIELDS else ""),
            options,
            index=options.index(guess) if guess in options else 0,
            key=f"map-{sheet.table.name}-{field}",
        )
        chosen[field] = None if picked == _NONE else picked
    return chosen


def show_files(plan: ImportPlan) -> None:
    """Which files were read, and as what."""
    for name, label, rows in plan.formats:
        st.markdown(f":material/description: {md(name)}: read as **{md(label)}**, {rows:,} rows")
    for rows in plan.trackers:
        for column, form in rows.date_forms.items():
            st.caption(f"{md(rows.table.name)}: dates in {md(column)} read as {md(form)}.")
    for note in plan.notes:
        st.caption(md(note))


def show_problems(plan: ImportPlan) -> None:
    """Every problem, with file, row and column, and the promise that nothing was written.

    Problems with a whole file or row are listed in full; those of one cell
    go in a table, in file and row order.
    """
    whole = [p for p in plan.problems if p.column is None]
    listed = "".join(
        f"\n- **{md(p.file)}**{f', row {p.row}' if p.row is not None else ''}: {md(p.message)}" for p in whole
    )
    st.error(
        f"**{len(plan.problems):,} problem(s) in the files.** Nothing will be imported until they are fixed: "
        "correct them in the file and upload it again." + listed,
        icon=":material/error:",
    )
    cells = plan.problem_table()
    cells = cells[cells["column"].notna()]
    if cells.empty:
        return
    st.dataframe(
        cells.head(PROBLEMS_SHOWN),
        hide_index=True,
        width="stretch",
        column_config={
            "file": st.column_config.TextColumn("File", width="small"),
            "row": st.column_config.NumberColumn("Row", width="small", help=LABELS["row"]["help"]),
            "column": st.column_config.TextColumn("Column", width="small"),
            "problem": st.column_config.TextColumn("Problem", width="large"),
        },
    )
    if len(cells) > PROBLEMS_SHOWN:
        st.caption(f"Showing the first {PROBLEMS_SHOWN:,} of {len(cells):,} problems in cells.")


def show_preview(preview: ImportPreview) -> None:
    """What the import will add, what it leaves out, and how other trackers' columns and statuses were read."""
    added = preview.added
    cells = st.columns(5)
    cells[0].metric("Applications to add", f"{added['applications']:,}")
    cells[1].metric("Already in Debrief", f"{len(preview.duplicates):,}", help="Same company, role and date applied")
    cells[2].metric("Not applied yet", f"{len(preview.skipped):,}", help="Bookmarked or wishlist jobs are left out")
    cells[3].metric("Interviews", f"{added['interviews']:,}")
    cells[4].metric("Reflections", f"{added['reflections']:,}")
    extra = []
    if added["follow_ups"]:
        extra.append(f"{added['follow_ups']:,} follow-ups")
    if added["contacts"]:
        extra.append(f"{added['contacts']:,} new contacts")
    if preview.contacts_matched:
        extra.append(f"{preview.contacts_matched:,} contacts already in Debrief, linked rather than added again")
    if extra:
        st.caption("Also: " + "; ".join(extra) + ".")

    if not preview.column_mapping.empty:
        with st.expander("How their columns are read", icon=":material/view_column:", expanded=True):
            st.dataframe(preview.column_mapping, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.status_mapping.empty:
        with st.expander("How their statuses are read", icon=":material/swap_horiz:", expanded=True):
            shown = labelled(preview.status_mapping, {"becomes": "status"})
            st.dataframe(shown, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.new_applications.empty:
        st.markdown("**Applications to add**")
        shown = labelled(preview.new_applications.head(ROWS_SHOWN))
        st.dataframe(shown, hide_index=True, width="stretch", column_config=LABELS)
        if len(preview.new_applications) > ROWS_SHOWN:
            st.caption(f"Showing the first {ROWS_SHOWN:,} of {len(preview.new_applications):,}.")
    if not preview.duplicates.empty:
        with st.expander(f"Left out as already there ({len(preview.duplicates):,})", icon=":material/content_copy:"):
            shown = labelled(preview.duplicates.head(ROWS_SHOWN))
            st.dataframe(shown, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.skipped.empty:
        with st.expander(f"Left out as not applied yet ({len(preview.skipped):,})", icon=":material/bookmark:"):
            shown = labelled(preview.skipped.head(ROWS_SHOWN))
            st.dataframe(shown, hide_index=True, width="stretch", column_config=LABELS)


def nothing_to_add(preview: ImportPreview) -> bool:
    return not any(preview.added.values())
