"""The Data page's pieces: reading uploads, choosing a spreadsheet's columns, the import preview, backups.

The page reads top to bottom; the pieces that take more than a few lines live
here so that it can.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from data.labels import labelled
from data.operations.backup import (
    Verification,
    restore_backup,
    restore_backup_bytes,
    verify_backup,
    verify_backup_bytes,
)
from data.store.db import Database
from data.transfer.foreign_formats import FIELDS, REQUIRED_FIELDS
from data.transfer.import_files import release_memory
from data.transfer.import_preview import ImportPreview
from data.transfer.import_reading import ImportPlan, Spreadsheet, prepare_import
from ui.store import forget_database
from ui.tables import table
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

    Kept in the session while the same files and choices stay, so that
    confirming does not read a large file again; let go of as soon as the
    files are removed or replaced, the import is done, or the user opens
    another page (`forget_prepared`). A plan with problems is kept without
    the rows read, which only an import needs.
    """
    plan = _cached(uploaded, tuple(f.file_id for f in uploaded), None)
    if not plan.spreadsheets:
        return plan
    mappings = {sheet.table.name: column_choices(sheet) for sheet in plan.spreadsheets}
    return _cached(uploaded, tuple(f.file_id for f in uploaded), mappings)


def _cached(uploaded: list, ids: tuple, mappings: dict | None) -> ImportPlan:
    key = (ids, repr(sorted(mappings.items())) if mappings else None)
    kept = st.session_state.get("import-plans", {})
    if key not in kept:
        others = len(kept)
        kept = {k: v for k, v in kept.items() if k[0] == ids}
        st.session_state["import-plans"] = kept  # the plans of other files are let go before reading these
        if len(kept) < others:
            release_memory()
        # The files' bytes are copied out of the upload only when they are read (not on every rerun).
        plan = prepare_import([(f.name, f.getvalue()) for f in uploaded], mappings)
        kept[key] = plan.problems_only() if plan.problems else plan
    return kept[key]


def forget_prepared() -> None:
    """Let go of the files read for an import, and give the memory they held back to the system."""
    if st.session_state.pop("import-plans", None):
        release_memory()


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
    for name, label, row_count in plan.formats:
        st.markdown(f":material/description: {md(name)}: read as **{md(label)}**, {row_count:,} rows")
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
        f"\n- **{md(p.file)}**{f', row {p.row:,}' if p.row is not None else ''}: {md(p.message)}"
        + (f" …and {p.more:,} more like it." if p.more else "")
        for p in whole[:PROBLEMS_SHOWN]
    )
    st.error(
        f"**{plan.problem_count:,} problem(s) in the files.** Nothing will be imported until they are fixed: "
        "correct them in the file and upload it again." + listed,
        icon=":material/error:",
    )
    cells = plan.problem_table()
    cells = cells[cells["column"].notna()]
    if cells.empty:
        return
    table(
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
            table(preview.column_mapping, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.status_mapping.empty:
        with st.expander("How their statuses are read", icon=":material/swap_horiz:", expanded=True):
            shown = labelled(preview.status_mapping, {"becomes": "status"})
            table(shown, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.new_applications.empty:
        st.markdown("**Applications to add**")
        shown = labelled(preview.new_applications.head(ROWS_SHOWN))
        table(shown, hide_index=True, width="stretch", column_config=LABELS)
        if len(preview.new_applications) > ROWS_SHOWN:
            st.caption(f"Showing the first {ROWS_SHOWN:,} of {len(preview.new_applications):,}.")
    if not preview.duplicates.empty:
        with st.expander(f"Left out as already there ({len(preview.duplicates):,})", icon=":material/content_copy:"):
            shown = labelled(preview.duplicates.head(ROWS_SHOWN))
            table(shown, hide_index=True, width="stretch", column_config=LABELS)
    if not preview.skipped.empty:
        with st.expander(f"Left out as not applied yet ({len(preview.skipped):,})", icon=":material/bookmark:"):
            shown = labelled(preview.skipped.head(ROWS_SHOWN))
            table(shown, hide_index=True, width="stretch", column_config=LABELS)


def nothing_to_add(preview: ImportPreview) -> bool:
    return not any(preview.added.values())


# Restoring a backup ---------------------------------------------------------

_VERIFIED = "restore-verification"
# The tables a person recognises, as the verification shows them.
_HELD = {
    "applications": "Applications",
    "interviews": "Interviews",
    "reflections": "Reflections",
    "contacts": "Contacts",
    "follow_ups": "Follow-ups",
}


def verified(backup: UploadedFile | Path) -> Verification:
    """The verification of `backup` (an uploaded file or a kept one), kept while the file stays the same.

    Verifying reads the whole file, so it is done once per file (an upload by
    its id, a kept backup by its path, size and modification time), not on
    every rerun.
    """
    if isinstance(backup, UploadedFile):
        key: tuple = ("upload", backup.file_id, backup.size)
    else:
        try:
            stat = backup.stat()
            key = ("kept", str(backup), stat.st_size, stat.st_mtime_ns)
        except OSError:  # Gone since the list was read: verify_backup says it cannot be read.
            key = ("kept", str(backup), None, None)
    kept = st.session_state.get(_VERIFIED)
    if kept is None or kept[0] != key:
        with st.spinner("Checking the backup…"):
            verification = (
                verify_backup_bytes(backup.getvalue()) if isinstance(backup, UploadedFile) else verify_backup(backup)
            )
        kept = (key, verification)
        st.session_state[_VERIFIED] = kept
    return kept[1]


def show_verification(verification: Verification, taken: datetime | None) -> None:
    """What the backup holds (rows per table, when it was taken or last changed) and the verdict, before any button."""
    if verification.counts and verification.ok:
        cells = st.columns(len(_HELD))
        for cell, (table, label) in zip(cells, _HELD.items(), strict=True):
            cell.metric(label, f"{verification.counts.get(table, 0):,}")
    facts = []
    if verification.counts and not verification.ok:
        # A refused file's counts come from its own bookkeeping, which may not match what can be read.
        said = ", ".join(f"{verification.counts.get(t, 0):,} {label.lower()}" for t, label in _HELD.items())
        facts.append(f"it says it holds {said}")
    if taken is not None:
        facts.append(f"taken {taken:%A %d %B %Y at %H:%M}")
    if verification.last_change is not None:
        facts.append(f"its latest change was made {verification.last_change:%A %d %B %Y at %H:%M}")
    if verification.version:
        facts.append(f"schema version {verification.version}")
    facts.append(f"{verification.size / 1_000_000:,.1f} MB")
    st.caption("This backup: " + "; ".join(facts) + ".")  # dates and numbers only, nothing from the file
    if verification.refusal is None:
        st.success(
            "**It passed every check**: each table and column is Debrief's, every row can be read, every "
            "link is whole and every rule holds.",
            icon=":material/verified:",
        )
    else:
        st.error(
            f"**{md(verification.refusal.title)}.** {md(verification.refusal.advice)}\n\n"
            "It cannot be restored. Nothing was changed: your data is as it was.",
            icon=":material/error:",
        )


def restore(db: Database, upload, chosen: Path | None) -> Path:
    """Restore the uploaded backup, or else the one at `chosen`; return the copy of the data from before.

    The restore closes the database whether it succeeds or not, so the page's
    next run opens the file anew (`forget_database`). Raises `RestoreFailed`,
    saying why, with the data as it was (see `data.operations.backup.restore_backup`).
    """
    try:
        if upload is not None:
            return restore_backup_bytes(db, upload.getvalue())
        if chosen is None:
            raise ValueError("A backup to restore is needed: an upload or a kept one.")
        return restore_backup(db, chosen)
    finally:
        forget_database()
