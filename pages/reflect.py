"""Reflect: the two-minute self-assessment right after an interview."""

from datetime import datetime

import streamlit as st

from data.labels import labelled
from data.store.applications import company_names
from data.store.follow_ups import open_thank_you_notes
from data.store.interviews import add_interview_on_the_spot, get_interview, known_interviewers, move_interview
from data.store.reflections import (
    Reflection,
    count_reflections,
    delete_reflection,
    discard_draft,
    get_draft,
    get_reflection,
    interviewer_topics,
    interviews_to_reflect_on,
    reflection_history,
    save_reflection,
)
from data.store.schema import INTERVIEW_STAGES
from data.store.settings import your_details
from ui.actions import act, forget_typed, show_conflict
from ui.confirm import confirmed
from ui.follow_up_card import follow_up_card
from ui.forms import interview_date_correction, interview_on_the_spot_form, label
from ui.reflection_form import reflection_form
from ui.store import database, reader
from ui.tables import PAGE_SIZE, REFLECTION_COLUMNS, page_picker, table
from ui.text import md

PICKER_SIZE = 100

db, con = database(), reader()
now = datetime.now()
st.title("Reflect")
st.caption("Two minutes right after the interview, while it is fresh: how it went, what to keep, what to change.")

# The picker offers recent interviews, and any older one a link or the history below opened.
asked = st.query_params.get("interview")
opened = [int(asked)] if asked and asked.isdigit() else []
if isinstance(st.session_state.get("reflect-interview"), int):
    opened.append(st.session_state["reflect-interview"])
interviews = interviews_to_reflect_on(con, limit=PICKER_SIZE, including=opened)

with st.expander("Not in the list? Add the interview", icon=":material/add:", expanded=interviews.empty):
    spot_key = f"on-the-spot-{st.session_state.get('interviews_added_here', 0)}"
    typed = interview_on_the_spot_form(spot_key, known_interviewers(con), now.date())
    if typed is not None:
        act(
            lambda: add_interview_on_the_spot(
                db,
                typed.company,
                typed.role,
                typed.interview,
                applied_on=typed.applied_on,
                interviewers=typed.interviewers,
            ),
            done="Interview added; its thank-you notes are planned.",
            after=lambda added: st.session_state.update(
                {
                    "interviews_added_here": st.session_state.get("interviews_added_here", 0) + 1,
                    "reflect-interview": added.id,
                }
            ),
        )

if interviews.empty:
    st.info("No interviews yet. Add the one you just had above, then reflect on it here.", icon=":material/info:")
    st.stop()

# Open the interview asked for by a link (?interview=ID), else the latest one still waiting for a reflection.
labels = {
    int(row.id): f"{row.company}: {row.role} · {label(row.stage)} · {row.held_at:%a %d %b %Y, %H:%M}"
    + (" · reflected" if row.reflected else "")
    for row in interviews.itertuples()
}
if asked and asked.isdigit() and int(asked) in labels:
    st.session_state["reflect-interview"] = int(asked)
    del st.query_params["interview"]
if st.session_state.get("reflect-interview") not in labels:
    waiting = interviews[(interviews.held_at <= now) & ~interviews.reflected]
    st.session_state["reflect-interview"] = int((waiting if not waiting.empty else interviews).iloc[0].id)
interview_id = st.selectbox("Interview", list(labels), format_func=labels.get, key="reflect-interview")
if len(labels) >= PICKER_SIZE:
    st.caption(f"Your {PICKER_SIZE} most recent interviews; open an older one from your reflections below.")
chosen = interviews[interviews.id == interview_id].iloc[0]

who = f" with {md(chosen.interviewers)}" if chosen.interviewers else ""
st.markdown(
    f"**{md(chosen.company)}**, {md(chosen.role)}: {label(chosen.stage)} interview{who}, "
    f"{chosen.held_at:%A %d %B %Y at %H:%M}."
)

if chosen.held_at > now:
    st.info(
        f"This interview has not happened yet. Come back after it, on {chosen.held_at:%A %d %B at %H:%M}, to reflect.",
        icon=":material/schedule:",
    )
    date_key = f"correct-date-{interview_id}"
    show_conflict(date_key)
    stored = get_interview(con, interview_id)
    if stored is not None and (moved := interview_date_correction(date_key, stored)):
        act(
            lambda: move_interview(db, interview_id, moved.held_at, version=moved.updated_at),
            done=f"Interview moved to {moved.held_at:%A %d %B at %H:%M}; its follow-ups moved with it.",
            after=lambda _: forget_typed(date_key),
            form=date_key,
            keep_mine=lambda conflict: move_interview(db, interview_id, conflict.mine.held_at),
        )
else:
    saved, draft = get_reflection(con, interview_id), get_draft(con, interview_id)
    form_key = f"reflection-{interview_id}"
    original_key = f"{form_key}-original"
    # What the form opened on (a draft's, when the form opens on one); with none saved, an empty one: a save
    # writes only the fields changed since, and keeps what another session saved meanwhile (or asks, when
    # both changed one).
    opened_on = draft.original if draft is not None else saved
    st.session_state.setdefault(original_key, opened_on or Reflection(interview_id=interview_id, overall=None))
    show_conflict(form_key, take_theirs=lambda: discard_draft(db, interview_id))
    typed = reflection_form(
        db, form_key, interview_id, saved, draft, st.session_state[original_key], interviewer_topics(con, interview_id)
    )
    if typed is not None:
        act(
            lambda: save_reflection(db, typed, original=st.session_state[original_key]),
            done="Reflection saved. This interview's thank-you notes are below.",
            after=lambda _: forget_typed(form_key),
            form=form_key,
            keep_mine=lambda conflict: save_reflection(db, conflict.mine, original=conflict.theirs),
        )
    if saved is not None:
        # This interview's own notes, each one, right here: no hunting for them in a list.
        notes = open_thank_you_notes(con, interview_id)
        if notes:
            st.subheader("Your thank-you notes")
            details = your_details(con)
            for note in notes:
                follow_up_card(db, note, now=now, details=details, expanded=True)
        if confirmed(
            "delete-reflection",
            interview_id,
            "Delete reflection",
            "Delete this reflection? The interview and its follow-ups stay. A backup of your data is kept first.",
        ):
            act(
                lambda: delete_reflection(db, interview_id),
                done="Reflection deleted",
                icon=":material/delete:",
                after=lambda _: forget_typed(form_key),
            )

st.divider()
st.subheader("Your reflections")


def _open_picked_reflection() -> None:
    rows = st.session_state["reflection-history"].selection.rows
    if rows:
        st.session_state["reflect-interview"] = int(st.session_state["reflection-history-ids"][rows[0]])


company_filter, stage_filter = st.columns(2)
shown = {
    "company": company_filter.selectbox(
        "Company", company_names(con), index=None, placeholder="All", key="history-company"
    ),
    "stage": stage_filter.selectbox(
        "Stage", INTERVIEW_STAGES, index=None, placeholder="All", format_func=label, key="history-stage"
    ),
}
offset = page_picker(count_reflections(con, **shown), key="history-page")
history = reflection_history(con, **shown, limit=PAGE_SIZE, offset=offset)
if history.empty:
    st.caption("No reflections match yet. Saved reflections appear here, newest first.")
else:
    st.session_state["reflection-history-ids"] = history.interview_id.tolist()
    table(
        labelled(history),
        REFLECTION_COLUMNS,
        on_select=_open_picked_reflection,
        selection_mode="single-row",
        key="reflection-history",
    )
    st.caption("Select a row to open that reflection above and edit it.")
