"""Keeping Streamlit on Debrief's own navigation.

The design puts page files in `pages/`. Streamlit treats a `pages/` folder beside
the entry script as its older multipage mode until `st.navigation` has run once
in the process; a first visit straight to a page's address (a bookmark, after a
restart) would then run that page alone, without app.py's navigation and checks.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_pages_folder_mode() -> None:
    """Called by app.py itself: from now on Streamlit runs pages through app.py's navigation."""
    PagesManager.uses_pages_directory = False


def use_app_navigation() -> None:
    """If a page is running on its own (Streamlit still in pages-folder mode), rerun it through app.py.

    app.py leaves that mode before it asks for the database, so this reruns only
    a page that Streamlit started without app.py, never a run of app.py itself
    (a rerun there would drop the click that started it).
    """
    if PagesManager.uses_pages_directory:
        leave_pages_folder_mode()
        st.rerun()
