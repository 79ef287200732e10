"""The application and interview forms, shared by the pages that add and edit them.

Each form returns the record as typed when it is submitted (None otherwise); the
page saves it and shows any problems. Widgets keep their keys, so a failed save
leaves every value on screen as the user typed it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from data.labels import label
from data.store.applications import SOURCES, Application
from data.store.interviews import Interview, Interviewer, date_question, split_names
from data.store.schema import (
    APPLICATION_STATUSES,
    INTERVIEW_FORMATS,
    INTERVIEW_OUTCOMES,
    INTERVIEW_STAGES,
)
from data.store.validation import InvalidRecord
from ui.actions import opened_version, show_failure

_NO_SOURCE = "—"


def format_label(value: str) -> str:
    """An interview format as the pickers show it (`onsite` → "In person", not the stage "Onsite")."""
    return label(value, "format")


def application_form(
    key: str, initial: Application | None = None, *, submit: str = "Save application"
) -> Application | None:
    """The fields of an application; returns the typed application on submit."""
    app = initial or Application(company="", role="", applied_on=date.today())
    # The version the form opened on: a save over a newer one is refused (see save_application).
    version = opened_version(key, app.updated_at, field="company")
    with st.form(key, clear_on_submit=False, border=True):
        left, right = st.columns(2)
        company = left.text_input("Company", value=app.company, key=f"{key}-company")
        role = right.text_input("Role", value=app.role, key=f"{key}-role")
        left, middle, right = st.columns(3)
        status = left.selectbox(
            "Status",
            APPLICATION_STATUSES,
            index=APPLICATION_STATUSES.index(app.status),
            format_func=label,
            key=f"{key}-status",
        )
        applied_on = middle.date_input("Date applied", value=app.applied_on, key=f"{key}-applied", format="YYYY-MM-DD")
        responded_on = right.date_input(
            "Reply received",
            value=app.responded_on,
            key=f"{key}-responded",
            format="YYYY-MM-DD",
            help="The date of the employer's first answer, whatever it said. Leave empty while you wait.",
        )
        left, middle, right = st.columns(3)
        location = left.text_input("Location", value=app.location or "", key=f"{key}-location")
        sources = [_NO_SOURCE, *SOURCES]
        if app.source and app.source not in sources:
            sources.append(app.source)
        source = middle.selectbox(
            "Source", sources, index=sources.index(app.source) if app.source else 0, key=f"{key}-source"
        )
        url = right.text_input("Posting URL", value=app.url or "", key=f"{key}-url")
        about = st.text_input(
            "What the role is about",
            value=app.about or "",
            key=f"{key}-about",
            placeholder="building the data platform behind their new pricing engine",
            help="In your own words, as it ends the sentence “The role is about …”. "
            "Your references' heads-ups say it, so they know what to speak to. Optional.",
        )
        notes = st.text_area("Notes", value=app.notes or "", key=f"{key}-notes")
        if not st.form_submit_button(submit, type="primary", icon=":material/save:"):
            return None
    return Application(
        company=company,
        role=role,
        applied_on=applied_on,
        status=status,
        location=location,
        source=None if source == _NO_SOURCE else source,
        url=url,
        responded_on=responded_on,
        notes=notes,
        about=about,
        id=app.id,
        updated_at=version,
    )


def interview_form(
    key: str, application_id: int | None, initial: Interview | None = None, *, submit: str = "Save interview"
) -> Interview | None:
    """The fields of an interview round; returns the typed interview on submit."""
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    interview = initial or Interview(application_id, "screen", "video", now)
    # The version the form opened on: a save over a newer one is refused (see save_interview).
    version = opened_version(key, interview.updated_at, field="stage")
    with st.form(key, clear_on_submit=False, border=True):
        left, middle, right = st.columns(3)
        stage = left.selectbox(
            "Stage",
            INTERVIEW_STAGES,
            index=INTERVIEW_STAGES.index(interview.stage),
            format_func=label,
            key=f"{key}-stage",
        )
        format_ = middle.selectbox(
            "Format",
            INTERVIEW_FORMATS,
            index=INTERVIEW_FORMATS.index(interview.format),
            format_func=format_label,
            key=f"{key}-format",
        )
        outcome = right.selectbox(
            "Outcome",
            INTERVIEW_OUTCOMES,
            index=INTERVIEW_OUTCOMES.index(interview.outcome),
            format_func=label,
            key=f"{key}-outcome",
        )
        held = interview.held_at or now
        left, middle, right = st.columns(3)
        held_on = left.date_input("Date", value=held.date(), key=f"{key}-date", format="YYYY-MM-DD")
        held_time = middle.time_input("Time", value=held.time(), step=900, key=f"{key}-time")
        heard_back_on = right.date_input(
            "Heard back on",
            value=interview.heard_back_on,
            key=f"{key}-heard",
            format="YYYY-MM-DD",
            help="When they told you the outcome. Leave empty while you wait.",
        )
        interviewers = st.text_input(
            "Interviewers",
            value=", ".join(interview.interviewers),
            key=f"{key}-interviewers",
            placeholder="Dana Lee, Sam Ortiz",
            help="Names separated by commas. Each one gets a thank-you note in your follow-ups.",
        )
        feedback = st.text_area("Feedback received", value=interview.feedback or "", key=f"{key}-feedback")
        if not st.form_submit_button(submit, type="primary", icon=":material/save:"):
            return None
    return Interview(
        application_id=application_id,
        stage=stage,
        format=format_,
        held_at=datetime.combine(held_on, held_time or time(0, 0)) if held_on else None,
        interviewers=split_names(interviewers),
        outcome=outcome,
        heard_back_on=heard_back_on,
        feedback=feedback,
        id=interview.id,
        updated_at=version,
    )


def show_problems(error: InvalidRecord) -> None:
    """Say what is wrong, field by field, above the form that keeps the values (pages use `ui.actions.act`)."""
    show_failure(error)


@dataclass
class InterviewOnTheSpot:
    """What the on-the-spot form gives on submit: the application's company, role and date, the interview."""

    company: str
    role: str
    applied_on: date | None
    interview: Interview
    interviewers: list[Interviewer]


def interview_on_the_spot_form(key: str, known: pd.DataFrame, today: date) -> InterviewOnTheSpot | None:
    """A short form for an interview not recorded yet: company, role, when applied, when held, who with.

    `known` (columns id, name, company, email: `known_interviewers`) is offered as
    a name is typed, so a person met before is linked rather than added again;
    each interviewer has an optional e-mail beside the name. A date in the future
    or more than a week ago is questioned before the form gives it back. Not an
    `st.form`: the e-mail fields follow the names as they are picked.
    """
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    people = {int(row.id): row for row in known.itertuples()}
    with st.container(border=True):
        left, right, far = st.columns([2, 2, 1])
        company = left.text_input("Company", key=f"{key}-company")
        role = right.text_input("Role", key=f"{key}-role")
        applied_on = far.date_input(
            "Date applied",
            value=None,
            key=f"{key}-applied",
            format="YYYY-MM-DD",
            help="Leave empty if you don't remember: it then counts in no week.",
        )
        left, middle, right, far = st.columns(4)
        stage = left.selectbox("Stage", INTERVIEW_STAGES, format_func=label, key=f"{key}-stage")
        format_ = middle.selectbox("Format", INTERVIEW_FORMATS, index=1, format_func=format_label, key=f"{key}-format")
        held_on = right.date_input("Date", value=now.date(), key=f"{key}-date", format="YYYY-MM-DD")
        held_time = far.time_input("Time", value=now.time(), step=900, key=f"{key}-time")
        picked = st.multiselect(
            "Interviewers",
            list(people),
            format_func=lambda item: _person_label(people, item),
            accept_new_options=True,
            select_all=False,  # picking every "Dana" met before is never what is meant
            key=f"{key}-interviewers",
            placeholder="Type a name: people you met before are offered",
            help="Each one gets a thank-you note in your follow-ups. Pick a person met before to link them.",
        )
        interviewers: list[Interviewer] = []
        for item in picked:
            person = people.get(item) if isinstance(item, int) else None
            for name in [str(person.name)] if person else split_names(str(item)):
                known_email = person.email if person is not None and isinstance(person.email, str) else ""
                if len(interviewers) % 2 == 0:
                    row = st.columns(2)
                email = row[len(interviewers) % 2].text_input(
                    f"E-mail of {name}",
                    value=known_email,
                    key=f"{key}-email-{item if person else name.casefold()}",
                    placeholder="Optional: for the thank-you note",
                )
                interviewers.append(Interviewer(name, email, int(item) if person else None))
        typed = InterviewOnTheSpot(
            company=company,
            role=role,
            applied_on=applied_on,
            interview=Interview(
                application_id=None,
                stage=stage,
                format=format_,
                held_at=datetime.combine(held_on, held_time or time(0, 0)) if held_on else None,
                interviewers=[person.name for person in interviewers],
            ),
            interviewers=interviewers,
        )
        question = date_question(held_on, today) if held_on else None
        asked_key = f"{key}-asked"
        if st.button("Add interview", type="primary", icon=":material/add:", key=f"{key}-add"):
            if question is None:
                return typed
            st.session_state[asked_key] = held_on
        if question is not None and st.session_state.get(asked_key) == held_on:
            st.warning(question, icon=":material/event:")
            yes, correct = st.columns(2)
            if yes.button("Yes, that's right", icon=":material/check:", key=f"{key}-confirm"):
                del st.session_state[asked_key]
                return typed
            if correct.button("Correct the date", icon=":material/edit_calendar:", key=f"{key}-correct"):
                del st.session_state[asked_key]
                st.rerun()
    return None


def _person_label(people: dict, item: object) -> str:
    person = people.get(item) if isinstance(item, int) else None
    if person is None:
        return str(item)
    return f"{person.name} ({person.company})" if isinstance(person.company, str) else str(person.name)


def interview_date_correction(key: str, interview: Interview) -> Interview | None:
    """A date and time to correct when `interview` was held; on "Save the date", the interview moved.

    The interview given back carries the version the form opened on, so a move
    over a newer one is refused (see `move_interview`).
    """
    held_at = interview.held_at or datetime.now()
    version = opened_version(key, interview.updated_at, field="date")
    with st.form(key, border=False):
        st.caption("Already had it? Correct the date:")
        day, hour, save = st.columns([2, 2, 1], vertical_alignment="bottom")
        held_on = day.date_input("Held on", value=held_at.date(), key=f"{key}-date", format="YYYY-MM-DD")
        held_time = hour.time_input("At", value=held_at.time(), step=900, key=f"{key}-time")
        if not save.form_submit_button("Save the date", icon=":material/edit_calendar:") or held_on is None:
            return None
    return replace(interview, held_at=datetime.combine(held_on, held_time or time(0, 0)), updated_at=version)
