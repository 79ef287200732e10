"""The user's details for drafts (name, sign-off, tone): asked once on first use, edited in one place."""

from __future__ import annotations

import streamlit as st

from data.store.db import Database
from data.store.settings import not_now, set_your_details
from followups.drafts import DEFAULT_SIGN_OFF, TONES, YourDetails
from ui.actions import act, forget_typed, opened_version, show_conflict, starting_from

TONE_EXAMPLES = {"formal": '"Dear Dana,"', "friendly": '"Hi Dana,"'}
DETAILS_PAGE = "pages/your_details.py"


def forget_drafts() -> None:
    """Let every open draft box be written anew (they keep their text across reruns otherwise)."""
    for draft_box in [k for k in st.session_state if str(k).startswith(("subject-", "body-"))]:
        del st.session_state[draft_box]


def your_details_form(db: Database, details: YourDetails, key: str, *, first_use: bool = False) -> None:
    """Name, sign-off and tone in one form; saving them rewrites the drafts. On first use, also "Not now".

    Saved only over the details the form opened on; else both are shown for the user to choose.
    """
    opened = opened_version(key, details, field="name")
    show_conflict(key)
    with st.form(key, border=True):
        if first_use:
            st.markdown("**Before your first draft: how should your messages be signed?**")
            st.caption("Asked once; change it any time under Your details and templates.")
        name_box, sign_off_box = st.columns(2)
        name = name_box.text_input(
            "Your name, to sign your messages",
            placeholder="Alex Kim",
            key=starting_from(f"{key}-name", details.my_name or ""),
        )
        sign_off = sign_off_box.text_input(
            "Sign-off (optional)",
            placeholder=DEFAULT_SIGN_OFF,
            help=f'The words above your name; "{DEFAULT_SIGN_OFF}" when empty.',
            key=starting_from(f"{key}-sign-off", details.sign_off or ""),
        )
        tone = st.radio(
            "Greet interviewers with",
            list(TONES),
            format_func=TONE_EXAMPLES.get,
            horizontal=True,
            help='References are always greeted with "Hi" and their first name.',
            key=starting_from(f"{key}-tone", details.tone),
        )
        save, later = st.columns([1, 4]) if first_use else (st.container(), None)
        saved = save.form_submit_button("Save", type="primary", icon=":material/save:")
        put_off = later.form_submit_button("Not now") if later is not None else False
    if saved:
        act(
            lambda: set_your_details(db, name, sign_off, tone, opened=opened),
            done="Your drafts are signed with your name." if name.strip() else "Saved. Add your name to sign drafts.",
            after=lambda _: _forget_form_and_drafts(key),
            form=key,
            keep_mine=lambda conflict: set_your_details(
                db, conflict.mine.my_name, conflict.mine.sign_off, conflict.mine.tone
            ),
        )
    if put_off:
        act(lambda: not_now(db))


def _forget_form_and_drafts(key: str) -> None:
    """After a save: the drafts are written anew and the form shows what is stored, at its new version."""
    forget_drafts()
    forget_typed(key)


def ask_for_name(db: Database, details: YourDetails, key: str) -> None:
    """Where a draft is shown without a signature: a short form for the name it should be signed with."""
    with st.form(key, border=False):
        st.caption("This draft has no signature yet. Sign it with your name:")
        box, button = st.columns([4, 1], vertical_alignment="bottom")
        name = box.text_input("Your name", placeholder="Alex Kim", key=f"{key}-name", label_visibility="collapsed")
        if button.form_submit_button("Sign", icon=":material/draw:", width="stretch"):
            act(
                lambda: set_your_details(db, name, details.sign_off, details.tone),
                done="Your drafts are signed with your name." if name.strip() else "Drafts stay unsigned for now.",
                after=lambda _: forget_drafts(),
            )
