"""Data: bring a job search in, take all of it out, and keep backups."""

from datetime import date
from pathlib import Path

import streamlit as st

from data.operations.backup import backup_now, list_backups, taken_at
from data.store.db import backups_dir
from data.transfer.exporting import export_zip
from data.transfer.import_files import MAX_IMPORT_BYTES, MAX_ROWS
from data.transfer.import_preview import describe_counts, preview_import
from data.transfer.import_writing import run_import
from ui.actions import act
from ui.data_page import (
    forget_prepared,
    nothing_to_add,
    prepared,
    restore,
    show_files,
    show_preview,
    show_problems,
    show_verification,
    verified,
)
from ui.store import database, reader
from ui.tables import table

db, con = database(), reader()
st.title("Data")
st.caption("Bring your job search in from a spreadsheet or another tracker, take all of it out, and keep backups.")
importing, exporting, backups = st.tabs(["Import", "Export", "Backups"])

with importing:
    st.markdown(
        "Upload Debrief's own CSV files (or the zip **Export everything** gives), an export from LinkedIn, "
        "Simplify, JobSync or Teal, or any spreadsheet saved as CSV. You see what will be added before "
        "anything is written."
    )
    round_ = st.session_state.get("import-round", 0)
    uploaded = st.file_uploader(
        "CSV files, or a zip of them",
        type=["csv", "tsv", "txt", "zip"],
        accept_multiple_files=True,
        max_upload_size=MAX_IMPORT_BYTES // 2**20,  # a larger file is over an import's limit anyway
        key=f"import-files-{round_}",
    )
    st.caption(f"One import reads at most {MAX_IMPORT_BYTES // 2**20} MB of CSV (zips unpacked) and {MAX_ROWS:,} rows.")
    if not uploaded:
        forget_prepared()  # files removed: what was read from them is let go
    else:
        plan = prepared(uploaded)
        show_files(plan)
        if plan.problems:
            show_problems(plan)
        elif plan.spreadsheets:
            st.info("Choose a column for the company, the role and the date applied.", icon=":material/view_column:")
        else:
            preview = preview_import(con, plan)
            show_preview(preview)
            if nothing_to_add(preview):
                st.info("Nothing new to add: all of it is in Debrief already.", icon=":material/check_circle:")
            elif st.button(
                "Import "
                + describe_counts({"applications": preview.added["applications"]}).replace("nothing new", "it"),
                type="primary",
                icon=":material/upload:",
                key="import-confirm",
            ):
                bar = st.progress(0.0, text="Importing…")
                act(
                    lambda: run_import(db, plan, progress=lambda done, step: bar.progress(done, text=step)),
                    done=lambda result: f"Imported {describe_counts(result.added)}.",
                    icon=":material/upload:",
                    after=lambda _: (st.session_state.update({"import-round": round_ + 1}), forget_prepared()),
                )

with exporting:
    st.markdown(
        "**Export everything** gives a zip of five CSV files (applications, interviews, reflections, contacts "
        "and follow-ups) that any spreadsheet program opens and that Debrief imports back as they were. "
        "The format is described in `docs/data-format.md`."
    )
    st.download_button(
        "Export everything",
        data=lambda: export_zip(db.cursor()),
        file_name=f"debrief-export-{date.today():%Y-%m-%d}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        key="export-everything",
    )
    st.caption(
        "Texts that start with =, +, - or @ get an apostrophe in front so that spreadsheet programs show "
        "them instead of running them as formulas; Debrief removes it again on import."
    )

with backups:
    st.markdown(
        "A backup is a copy of your whole database. Debrief makes one by itself before it updates the "
        "database's structure, before a delete, an import or a restore; the last five are kept in "
        f"`{backups_dir(db.path)}`, and every copy taken before a restore is kept until you delete it."
    )
    if st.button("Back up now", icon=":material/backup:", key="backup-now"):
        act(lambda: backup_now(db), done=lambda made: f"Backed up: {made.name}", icon=":material/backup:")
    kept = list_backups(db.path)
    if kept.empty:
        st.caption("No backups yet.")
    else:
        table(
            kept[["name", "taken", "size_mb"]],
            {
                "name": st.column_config.TextColumn("Backup"),
                "taken": st.column_config.DatetimeColumn("Taken", format="YYYY-MM-DD HH:mm"),
                "size_mb": st.column_config.NumberColumn("Size (MB)"),
            },
        )
        newest = Path(kept.iloc[0]["path"])
        st.download_button(
            "Download the newest backup",
            data=lambda: newest.read_bytes(),
            file_name=f"debrief-backup-{date.today():%Y-%m-%d}.duckdb",
            icon=":material/download:",
            on_click="ignore",
            key="backup-download",
        )

    st.subheader("Restore a backup")
    restored_before = st.session_state.pop("restored-before", None)
    if restored_before:
        st.success(
            f"Restored. Your data from before the restore is kept in `{restored_before}`; Debrief never "
            "deletes that copy by itself.",
            icon=":material/settings_backup_restore:",
        )
    restore_round = st.session_state.get("restore-round", 0)
    chosen = st.selectbox(
        "Backup kept beside your database",
        kept["path"].tolist(),
        format_func=lambda p: Path(p).name,
        index=None,
        placeholder="Choose a backup",
        key=f"restore-choice-{restore_round}",
    )
    upload = st.file_uploader("Or a backup file from elsewhere", type=["duckdb"], key=f"restore-upload-{restore_round}")
    if chosen or upload:
        verification = verified(upload if upload is not None else Path(chosen))
        show_verification(verification, taken=None if upload or not verification.size else taken_at(Path(chosen)))
        if verification.ok:
            st.warning(
                "Restoring replaces everything in Debrief with this backup. A copy of your data as it is now "
                f"is kept first, in `{backups_dir(db.path)}`.",
                icon=":material/warning:",
            )
            if st.button(
                "Restore this backup", type="primary", icon=":material/settings_backup_restore:", key="restore"
            ):
                act(
                    lambda: restore(db, upload, Path(chosen) if chosen else None),
                    done=lambda before: f"Restored. Your data from before is kept in {before}",
                    icon=":material/settings_backup_restore:",
                    after=lambda before: st.session_state.update(
                        {"restore-round": restore_round + 1, "restored-before": str(before)}
                    ),
                )
