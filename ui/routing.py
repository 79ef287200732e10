"""Keeping Streamlit on Debrief's own navigation.

The design puts page files in `pages/`. Streamlit treats a `pages/` folder beside
the entry script as its older multipage mode until `st.navigation` has run once
in the process; a first visit straight to a page's address (a bookmark, after a
restart) would then run that page alone, without app.py's navigation and checks.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> None:
    """Leave the pages-folder mode if Streamlit is in it, and rerun through app.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
