"""Demo mode: exploring Debrief on a made-up job search, kept in a file of its own.

The first-run page offers it with `demo_offer()`; app.py calls `demo_banner()`
on every page, which says so while it is on and leaves it with one click. The
user's own database is never opened for writing demo data.
"""

from __future__ import annotations

import streamlit as st

from data.operations.demo import generate_demo
from data.store.reads import has_any_application
from ui.actions import act
from ui.store import DEMO_MODE, database, database_file


def in_demo_mode() -> bool:
    return bool(st.session_state.get(DEMO_MODE))


def demo_offer() -> None:
    """A button that opens Debrief on demo data, with a word on where that data lives."""
    if st.button("Explore with demo data", icon=":material/science:", key="demo-enter"):
        with st.spinner("Making up a job search to explore…"):
            act(enter_demo_mode)
    st.caption(
        "A made-up search of a few months, in a separate demo file: your own data is never mixed with it, "
        "and one click takes you back."
    )


def enter_demo_mode() -> None:
    """Turn this session to the demo database, making up its job search the first time.

    Should that fail (the disk full, the folder read-only), the session stays on
    the user's own data: demo mode is off again, and the failure is raised for
    `act` to say.
    """
    st.session_state[DEMO_MODE] = True
    try:
        db = database()
        cur = db.cursor()
        try:
            empty = not has_any_application(cur)
        finally:
            cur.close()
        if empty:
            generate_demo(db)
    except Exception:
        st.session_state[DEMO_MODE] = False
        raise


def demo_banner() -> None:
    """While demo mode is on: say so above the page, with a button to leave it."""
    if not in_demo_mode():
        return
    with st.container(border=True):
        text, leave = st.columns([5, 1], vertical_alignment="center")
        text.markdown(
            ":material/science: **You are exploring demo data**: a made-up job search kept in its own file "
            f"(`{database_file()}`). Your own data is not shown here and nothing you do here touches it."
        )
        if leave.button("Leave demo mode", icon=":material/logout:", key="demo-leave", width="stretch"):
            st.session_state[DEMO_MODE] = False
            st.rerun()
