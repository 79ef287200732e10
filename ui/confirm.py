"""Asking before anything is destroyed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


def confirmed(key: str, target: object, ask: str, question: str) -> bool:
    """A two-step delete: a quiet `ask` button, then `question` with Delete and Cancel.

    Returns True once, on the run where the user clicks Delete for `target`.
    """
    state_key = f"confirm-{key}"
    if st.session_state.get(state_key) != target:
        if st.button(ask, icon=":material/delete:", key=f"{key}-ask"):
            st.session_state[state_key] = target
            st.rerun()
        return False
    st.warning(question, icon=":material/warning:")
    return _answer(state_key, "Delete", key)


def _answer(state_key: str, yes_label: str, key: str) -> bool:
    """`yes_label` and Cancel buttons; either forgets the question kept under `state_key`. True on yes."""
    yes, no, _ = st.columns([1, 1, 5])
    if no.button("Cancel", key=f"{key}-cancel", width="stretch"):
        del st.session_state[state_key]
        st.rerun()
    if yes.button(yes_label, type="primary", key=f"{key}-yes", width="stretch"):
        del st.session_state[state_key]
        return True
    return False


def added_anyway(key: str, typed: T | None, similar: Callable[[T], list[T]], describe: Callable[[T], str]) -> T | None:
    """`typed` when nothing like it is stored yet; else ask first, and give it back on "Add anyway".

    `similar` finds the stored records that look like `typed` (the same
    application added twice, say); `describe` names one for the question.
    """
    state_key = f"duplicate-{key}"
    if typed is not None:
        found = similar(typed)
        if not found:
            st.session_state.pop(state_key, None)
            return typed
        st.session_state[state_key] = (typed, found)
    pending = st.session_state.get(state_key)
    if pending is None:
        return None
    typed, found = pending
    st.warning(
        "You already have this one: " + "; ".join(describe(record) for record in found) + ". Add it again?",
        icon=":material/content_copy:",
    )
    return typed if _answer(state_key, "Add anyway", f"{key}-duplicate") else None
