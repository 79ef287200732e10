"""Asking before anything is destroyed."""

from __future__ import annotations

import streamlit as st


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
    yes, no, _ = st.columns([1, 1, 5])
    if no.button("Cancel", key=f"{key}-cancel", width="stretch"):
        del st.session_state[state_key]
        st.rerun()
    if yes.button("Delete", type="primary", key=f"{key}-yes", width="stretch"):
        del st.session_state[state_key]
        return True
    return False
