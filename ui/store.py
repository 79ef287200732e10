"""The page's way to the database: one `Database` per process, a cursor per script run."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from data.operations.demo import demo_database_path
from data.store.db import Database, database_path
from data.store.reads import Cursor
from ui.routing import use_app_navigation

# Set in a session exploring demo data (see ui/demo.py): its pages then use the demo database.
DEMO_MODE = "demo-mode"


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(Path(path))


# A database already open in this process that every page uses instead (see `serve`).
_served: list[Database] = []


def serve(db: Database | None) -> None:
    """Make every page use `db`, already opened by the caller, instead of opening the configured file.

    For tests and tools that hold the database open themselves; `serve(None)`
    goes back to the configured file.
    """
    _served.clear()
    if db is not None:
        _served.append(db)


def database() -> Database:
    """The process's database for the configured path (opened and migrated on first use).

    Every page asks for it first, so this is also where a page run outside
    app.py's navigation is sent back through it.
    """
    use_app_navigation()
    if _served:
        return _served[0]
    return _open(str(database_file()))


def database_file() -> Path:
    """The file this session works on: the demo database while exploring demo data, else the configured one."""
    path = database_path()
    return demo_database_path(path) if st.session_state.get(DEMO_MODE) else path


def forget_database() -> None:
    """Drop this session's open database and every cached read, so the next run opens the file anew.

    For after the file was replaced underneath, as a restore does.
    """
    _open.clear(str(database_file()))
    st.cache_data.clear()


def reader() -> Cursor:
    """A cursor for this script run's reads."""
    return database().cursor()
