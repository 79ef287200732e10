"""The page's way to the database: one `Database` per process, a cursor per script run."""

from __future__ import annotations

import duckdb
import streamlit as st

from data.db import Database, database_path
from ui.routing import use_app_navigation


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path)


def database() -> Database:
    """The process's database for the configured path (opened and migrated on first use).

    Every page asks for it first, so this is also where a page run outside
    app.py's navigation is sent back through it.
    """
    use_app_navigation()
    return _open(str(database_path()))


def reader() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run's reads."""
    return database().cursor()
