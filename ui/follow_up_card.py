"""One follow-up on the Follow-ups page: its draft to edit, copy or open in email, and its actions."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from data.db import Database
from data.follow_ups import FollowUpCard, mark_done, skip, snooze
from followups.drafts import Draft, DraftFacts, draft_for
from followups.schedule import countdown, follow_up_title
from ui.actions import act
from ui.text import md


def follow_up_card(db: Database, item: FollowUpCard, *, now: datetime, signature: str | None, expanded: bool) -> None:
    """One follow-up: its draft to edit, copy or open in email, and what to do with it.

    The draft and its buttons are drawn only while the card is open (the page
    reruns when the user opens one), so a long list stays quick.
    """
    title = follow_up_title(item.kind, item.recipient, item.company)
    card = st.expander(
        f"{md(title)} · {countdown(item.due_at, now)}", expanded=expanded, key=f"card-{item.id}", on_change="rerun"
    )
    if not card.open:
        return
    with card:
        st.caption(
            f"{md(item.company)}, {md(item.role)}"
            + (f" · {item.stage} interview on {item.held_at:%a %d %b, %H:%M}" if item.held_at else "")
            + f" · due {item.due_at:%a %d %b, %H:%M}"
        )
        draft = draft_for(DraftFacts.of(item, signature), now.date())
        subject = st.text_input("Subject", value=draft.subject, key=f"subject-{item.id}")
        body = st.text_area("Message", value=draft.body, height=260, key=f"body-{item.id}")
        edited = Draft(draft.to, subject, body)
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
        if item.recipient_email is None and item.kind in ("thank_you", "reference_heads_up"):
            st.caption("No email address for this contact yet: add it on the Contacts page, or type it in your email.")
