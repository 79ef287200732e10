"""Follow-ups: thank-you notes, reference heads-ups, feedback requests and status checks, with drafts."""

from datetime import datetime

import streamlit as st

from data.store.follow_ups import (
    applications_with_references,
    closed_follow_ups,
    dismiss,
    follow_ups_still_due,
    give_references_heads_up,
    missed_follow_ups,
    open_follow_ups_by_group,
    request_feedback,
    undo,
)
from data.store.reflections import interviews_to_reflect_on
from data.store.settings import (
    LAPSE_DAYS_MAX,
    LAPSE_LABELS,
    details_asked,
    lapse_windows,
    set_lapse_windows,
    your_details,
)
from followups.calendar import calendar_items, follow_ups_calendar
from followups.plan import LapseWindows
from followups.schedule import GROUP_TITLES, follow_up_title
from ui.actions import act
from ui.follow_up_card import follow_up_card
from ui.forms import label
from ui.pickers import record_picker
from ui.store import database, reader
from ui.text import md
from ui.your_details import DETAILS_PAGE, your_details_form

SHOWN_PER_GROUP = 25

db, con = database(), reader()
st.title("Follow-ups")
st.caption(
    "Thank each interviewer within 24 hours, give your references a heads-up before anyone calls them, "
    "ask for feedback, and check in when the wait runs long."
)

# One moment for the whole page: every group and card is due, late or missed against it.
now = datetime.now()
windows = lapse_windows(con)
groups = open_follow_ups_by_group(con, now, per_group=SHOWN_PER_GROUP, windows=windows, missed_cards=False)
missed = next((group for group in groups if group.name == "missed"), None)
groups = [group for group in groups if group.name != "missed"]
details = your_details(con)

if not details_asked(con):
    your_details_form(db, details, "first-use-details", first_use=True)
st.page_link(DETAILS_PAGE, label="Your details and templates", icon=":material/manage_accounts:")

with st.expander("Calendar", icon=":material/calendar_month:"):
    st.download_button(
        "Add open follow-ups to your calendar (.ics)",
        # Written when clicked, not on every run of the page; missed ones have nothing left to remind of.
        lambda: follow_ups_calendar(calendar_items(follow_ups_still_due(db.cursor(), datetime.now())), datetime.now()),
        file_name="debrief-follow-ups.ics",
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        disabled=not groups,
        on_click="ignore",
    )
    st.caption(
        "Google Calendar, Outlook and Apple Calendar import it; each event reminds you an hour before. "
        "Missed follow-ups are left out."
    )

with st.expander("Plan one yourself", icon=":material/add_task:"):
    ask, tell = st.columns(2)
    recent = interviews_to_reflect_on(con, limit=100)
    interview_labels = {
        int(r.id): f"{r.company}: {r.role} · {label(r.stage)} · {r.held_at:%Y-%m-%d}" for r in recent.itertuples()
    }
    with ask:
        st.markdown("**Ask for feedback** on an interview, whatever its outcome.")
        asked = record_picker(
            "Interview", interview_labels, "Pick an interview", nothing="No interviews yet", key="feedback-interview"
        )
        if st.button("Plan a feedback request", disabled=asked is None, key="plan-feedback"):
            act(lambda: request_feedback(db, asked), done="A feedback request is due now; its draft is below.")
    with tell:
        st.markdown("**Give your references a heads-up** now, before any interview calls for it.")
        told = record_picker(
            "Application",
            dict(applications_with_references(con)),
            "Pick an application",
            nothing="Attach references on the Contacts page first",
            key="heads-up-application",
        )
        if st.button("Plan the heads-ups", disabled=told is None, key="plan-heads-up"):
            act(
                lambda: give_references_heads_up(db, told),
                done=lambda added: (
                    f"{added} heads-up{'s' if added != 1 else ''} due now; the drafts are below."
                    if added
                    else "Every reference of this application already has a heads-up."
                ),
            )

if not groups:
    st.success("Nothing to follow up right now.", icon=":material/task_alt:")
    st.caption("Record an interview with its interviewers, and their thank-you notes appear here, due 24 hours after.")

# The first of each pressing group is open; with nothing pressing, the soonest one is
# (right after an interview, its thank-you notes are due tomorrow).
pressing = any(group.name != "upcoming" for group in groups)
for group in groups:
    st.subheader(f"{GROUP_TITLES[group.name]} ({group.total:,})")
    open_first = group.name != "upcoming" or not pressing
    for position, item in enumerate(group.cards):
        follow_up_card(db, item, now=now, details=details, expanded=open_first and position == 0)
    if group.total > len(group.cards):
        st.caption(f"And {group.total - len(group.cards):,} more, shown once these are done.")

# Missed: past the time they were worth sending. Collapsed, out of the way, never counted as overdue.
missed_cards = []
if missed:
    # Its cards are read only while it is open: on a long search thousands may have lapsed.
    missed_box = st.expander(
        f"Missed ({missed.total:,})", icon=":material/history:", key="missed-group", on_change="rerun"
    )
    if missed_box.open:
        missed_cards = missed_follow_ups(con, now, limit=SHOWN_PER_GROUP, windows=windows)
    with missed_box:
        st.caption(
            "These are past the time they were worth sending. Send one anyway (its draft says it comes late), "
            "or dismiss it; Undo under Done brings it back."
        )
        for item in missed_cards:
            title = follow_up_title(item.kind, item.recipient, item.company)
            text, send, drop = st.columns([3, 1, 1], vertical_alignment="center")
            text.markdown(f"{md(title)} · was due {item.due_at:%a %d %b}")
            if send.button("Send anyway", key=f"send-anyway-{item.id}", icon=":material/send:", width="stretch"):
                st.session_state["send-anyway"] = item.id
                st.rerun()
            if drop.button("Dismiss", key=f"dismiss-{item.id}", icon=":material/close:", width="stretch"):
                act(
                    lambda follow_up=item.id: dismiss(db, follow_up),
                    done=f"Dismissed: {md(title)}",
                    icon=":material/close:",
                )
        if missed.total > len(missed_cards) and missed_cards:
            st.caption(f"And {missed.total - len(missed_cards):,} more, missed earlier.")
    late = [item for item in missed_cards if item.id == st.session_state.get("send-anyway")]
    if late:
        st.subheader("Send anyway")
        follow_up_card(db, late[0], now=now, details=details, expanded=True)

with st.expander("When a follow-up is missed", icon=":material/timer_off:"), st.form("lapse-windows", border=False):
    st.caption("Past these, a follow-up is no longer due but missed: it leaves Today and the overdue list.")
    chosen = {
        name: st.number_input(
            LAPSE_LABELS[name], min_value=1, max_value=LAPSE_DAYS_MAX, value=getattr(windows, name), step=1
        )
        for name in LAPSE_LABELS
    }
    if st.form_submit_button("Save"):
        act(
            lambda: set_lapse_windows(db, LapseWindows(**{name: int(days) for name, days in chosen.items()})),
            done="Saved: when follow-ups are missed.",
        )

closed = closed_follow_ups(con)
if closed:
    st.subheader("Done")
    for item in closed:
        title = follow_up_title(item.kind, item.recipient, item.company)
        text, action = st.columns([5, 1])
        when = item.done_at or item.skipped_at
        status = f"done {when:%a %d %b, %H:%M}" if item.done_at else f"skipped {when:%a %d %b}: {md(item.skip_reason)}"
        text.markdown(f":material/check: {md(title)} · {status}")
        if action.button("Undo", key=f"undo-{item.id}", icon=":material/undo:"):
            act(lambda undone=item.id: undo(db, undone), done=f"Back on your list: {md(title)}", icon=":material/undo:")
