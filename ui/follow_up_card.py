"""One follow-up on the Follow-ups page: its draft to edit, copy or open in email, and its actions."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from data.labels import label
from data.store.contacts import save_follow_up_address
from data.store.db import Database
from data.store.follow_ups import FollowUpCard, mark_done, skip, snooze
from followups.drafts import Draft, DraftFacts, YourDetails, draft_for
from followups.schedule import countdown, follow_up_title
from ui.actions import act
from ui.text import md
from ui.your_details import ask_for_name


def _follow_the_draft(box: str, text: str) -> None:
    """Give the box `text` when it is new or the draft changed (a name or template saved); else keep the user's edits.

    Set through the session state before the box is drawn: a browser sends back
    what a box showed, so a new default value alone would not replace it.
    """
    if box not in st.session_state or st.session_state.get(f"{box}-drafted") != text:
        st.session_state[box] = text
        st.session_state[f"{box}-drafted"] = text


def follow_up_card(db: Database, item: FollowUpCard, *, now: datetime, details: YourDetails, expanded: bool) -> None:
    """One follow-up: its draft (from the user's details and templates) to edit, copy or open in email, and what to do with it.

    The draft and its buttons are drawn only while the card is open (the page
    reruns when the user opens one), so a long list stays quick.
    """
    title = follow_up_title(item.kind, item.recipient, item.company)
    card = st.expander(
        f"{md(title)} · {'missed, to send late' if getattr(item, 'late', False) else countdown(item.due_at, now)}",
        expanded=expanded,
        key=f"card-{item.id}",
        on_change="rerun",
    )
    if not card.open:
        return
    with card:
        st.caption(
            f"{md(item.company)}, {md(item.role)}"
            + (f" · {label(item.stage, 'stage')} interview on {item.held_at:%a %d %b, %H:%M}" if item.held_at else "")
            + f" · due {item.due_at:%a %d %b, %H:%M}"
        )
        draft = draft_for(DraftFacts.of(item), now.date(), details)
        _follow_the_draft(f"subject-{item.id}", draft.subject)
        _follow_the_draft(f"body-{item.id}", draft.body)
        subject = st.text_input("Subject", key=f"subject-{item.id}")
        body = st.text_area("Message", height=300, key=f"body-{item.id}")
        if not details.my_name:
            ask_for_name(db, details, f"sign-{item.id}")
        edited = Draft(draft.to, subject, body)
        if item.recipient_email is None:
            missing_address(db, item)
        send, copy, done, later, skip_it = st.columns(5)
        send.link_button("Open in email", edited.mailto(), icon=":material/mail:", width="stretch")
        with copy.popover("Copy", icon=":material/content_copy:", width="stretch"):
            st.caption("The icon at the top right of the box copies the message.")
            st.code(body, language=None, wrap_lines=True)
        if done.button("Mark done", key=f"done-{item.id}", type="primary", icon=":material/check:", width="stretch"):
            act(lambda: mark_done(db, item.id), done=f"Done: {md(title)}")
        with later.popover("Snooze", icon=":material/snooze:", width="stretch"):
            until = st.date_input(
                "Until", value=now.date() + timedelta(days=1), min_value=now.date(), key=f"snooze-day-{item.id}"
            )
            at = st.time_input("At", value=time(9, 0), key=f"snooze-time-{item.id}")
            if st.button("Snooze", key=f"snooze-{item.id}"):
                act(
                    lambda: snooze(db, item.id, datetime.combine(until, at)),
                    done=f"Snoozed until {until:%a %d %b} {at:%H:%M}",
                    icon=":material/snooze:",
                )
        with skip_it.popover("Skip", icon=":material/block:", width="stretch"):
            reason = st.text_input("Why skip it?", key=f"skip-reason-{item.id}", placeholder="Sent from my phone")
            if st.button("Skip", key=f"skip-{item.id}"):
                act(lambda: skip(db, item.id, reason), done=f"Skipped: {md(title)}", icon=":material/block:")


def missing_address(db: Database, item: FollowUpCard) -> None:
    """A field for the recipient's email address, right on the card, when their contact has none.

    Saved to the contact, so "Open in email" (and every later message to them)
    is addressed. A follow-up with nobody to write to says so instead.
    """
    if item.recipient is None:
        st.caption("No one to address this to yet: type the address in your email program.")
        return
    with st.form(f"address-{item.id}", border=False, enter_to_submit=True):
        field, save = st.columns([4, 1], vertical_alignment="bottom")
        typed = field.text_input(
            f"{md(item.recipient)}'s email address",
            key=f"address-input-{item.id}",
            placeholder="name@example.com",
            help="Saved to their contact, so this message and the next ones open addressed to them.",
        )
        if save.form_submit_button("Save address", icon=":material/alternate_email:", width="stretch"):
            act(lambda: save_follow_up_address(db, item.id, typed), done=lambda name: f"Saved {md(name)}'s address")
