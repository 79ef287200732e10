"""The application and interview forms, shared by the pages that add and edit them.

Each form returns the record as typed when it is submitted (None otherwise); the
page saves it and shows any problems. Widgets keep their keys, so a failed save
leaves every value on screen as the user typed it.
"""

from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from data.applications import SOURCES, Application
from data.interviews import Interview, split_names
from data.schema import (
    APPLICATION_STATUSES,
    INTERVIEW_FORMATS,
    INTERVIEW_OUTCOMES,
    INTERVIEW_STAGES,
)
from data.validation import InvalidRecord
from ui.actions import show_failure

_NO_SOURCE = "—"


def label(value: str) -> str:
    """An enumeration value as the UI shows it: `reference_heads_up` → `Reference heads up`."""
    return value.replace("_", " ").capitalize()


def application_form(
    key: str, initial: Application | None = None, *, submit: str = "Save application"
) -> Application | None:
    """The fields of an application; returns the typed application on submit."""
    app = initial or Application(company="", role="", applied_on=date.today())
    # The version the form opened on: a save over a newer one is refused (see save_application).
    version = st.session_state.setdefault(f"{key}-version", app.updated_at)
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
        id=app.id,
        updated_at=version,
    )


def interview_form(
    key: str, application_id: int | None, initial: Interview | None = None, *, submit: str = "Save interview"
) -> Interview | None:
    """The fields of an interview round; returns the typed interview on submit."""
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    interview = initial or Interview(application_id, "screen", "video", now)
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
            format_func=label,
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
    )


def show_problems(error: InvalidRecord) -> None:
    """Say what is wrong, field by field, above the form that keeps the values (pages use `ui.actions.act`)."""
    show_failure(error)


def interview_on_the_spot_form(key: str) -> tuple[str, str, Interview] | None:
    """A short form for an interview not recorded yet: company, role, stage, when, interviewers."""
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    with st.form(key, border=True):
        left, right = st.columns(2)
        company = left.text_input("Company", key=f"{key}-company")
        role = right.text_input("Role", key=f"{key}-role")
        left, middle, right, far = st.columns(4)
        stage = left.selectbox("Stage", INTERVIEW_STAGES, format_func=label, key=f"{key}-stage")
        format_ = middle.selectbox("Format", INTERVIEW_FORMATS, index=1, format_func=label, key=f"{key}-format")
        held_on = right.date_input("Date", value=now.date(), key=f"{key}-date", format="YYYY-MM-DD")
        held_time = far.time_input("Time", value=now.time(), step=900, key=f"{key}-time")
        interviewers = st.text_input(
            "Interviewers",
            key=f"{key}-interviewers",
            placeholder="Dana Lee, Sam Ortiz",
            help="Names separated by commas. Each one gets a thank-you note in your follow-ups.",
        )
        if not st.form_submit_button("Add interview", type="primary", icon=":material/add:"):
            return None
    interview = Interview(
        application_id=None,
        stage=stage,
        format=format_,
        held_at=datetime.combine(held_on, held_time or time(0, 0)) if held_on else None,
        interviewers=split_names(interviewers),
    )
    return company, role, interview
