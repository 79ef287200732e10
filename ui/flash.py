"""Confirmations that survive the rerun after a save."""

from __future__ import annotations

import streamlit as st

_KEY = "flash-messages"


def flash(message: str, icon: str = ":material/check:") -> None:
    """Queue a toast for the next run (a toast shown just before `st.rerun` would be lost)."""
    st.session_state.setdefault(_KEY, []).append((message, icon))


def show_flashed() -> None:
    """Show and forget the queued toasts; app.py calls this once per run."""
    for message, icon in st.session_state.pop(_KEY, []):
        st.toast(message, icon=icon)
