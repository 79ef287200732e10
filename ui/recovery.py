"""What the app says when opening the database needed a repair: a damaged log moved aside."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

from data.store.db import Database, backups_dir

_UNDERSTOOD = "recovery-understood"


def last_backup(database_path: Path) -> Path | None:
    """The newest of Debrief's backups in the database's `backups/` folder, if there is one.

    Their names start with the time they were taken (`auto-<time>-<reason>.duckdb`),
    which orders them; the files' own times are the database's, kept by the copy.
    """
    folder = backups_dir(database_path)
    copies = [p for p in folder.glob("auto-*.duckdb") if p.is_file()] if folder.is_dir() else []
    return max(copies, key=lambda p: p.name, default=None)


def show_recovery_notice(db: Database) -> None:
    """Say, above every page until the user has read it, that the log was damaged and what to do."""
    if db.recovered_wal is None or st.session_state.get(_UNDERSTOOD) == str(db.recovered_wal):
        return
    backup = last_backup(db.path)
    with st.container(border=True):
        st.warning(
            "**Debrief could not read the log of your latest changes.** The log of changes not yet written "
            "into the database file was damaged, so Debrief opened your data as it was when it last wrote "
            "them in. What you saved in the last moments before Debrief stopped may be missing.",
            icon=":material/warning:",
        )
        st.markdown(f"The damaged log is kept, unchanged, beside your database: `{db.recovered_wal}`")
        if backup is not None:
            as_of = datetime.fromtimestamp(backup.stat().st_mtime)
            st.markdown(
                f"Your last backup is `{backup}`, with your data as of {as_of:%A %d %B %Y at %H:%M}. "
                "If something you saved "
                "is missing, you can go back to it on the **Data** page, under *Restore a backup*; Debrief "
                "keeps a copy of your data as it is now first."
            )
        else:
            st.markdown("There is no backup of this database yet to go back to.")
        st.button(
            "I have read this",
            icon=":material/check:",
            key="recovery-dismiss",
            on_click=st.session_state.__setitem__,
            args=(_UNDERSTOOD, str(db.recovered_wal)),
        )
