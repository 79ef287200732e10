"""Asking before anything is destroyed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from ui.actions import act

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


def delete_button(
    noun: str, target: int, question: str, delete: Callable[[], Path], *, ask: str | None = None, done: str = "Deleted"
) -> None:
    """A two-step delete of the `noun` `target` (see `confirmed`): on Delete, `delete` runs through `act`.

    The button reads `ask` ("Delete application" by default); `question` is
    followed by "A backup of your data is kept first.", as `delete` does (it
    returns that backup), and the toast, `done`, names the backup.
    """
    if confirmed(f"delete-{noun}", target, ask or f"Delete {noun}", f"{question} A backup of your data is kept first."):
        # The backup's name is Debrief's own (auto-<time>-<reason>.duckdb), shown as it is on disk.
        act(delete, done=lambda backup: f"{done}. A backup is in {backup.name}", icon=":material/delete:")


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
