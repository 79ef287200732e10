"""The application, interview and contact forms, shared by the pages that add and edit them.

Each form returns the record as typed when it is submitted (None otherwise); the
page saves it and shows any problems. Widgets keep their keys, so a failed save
leaves every value on screen as the user typed it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TypeVar

import pandas as pd
import streamlit as st

from data.labels import label
from data.store.applications import SOURCES, Application
from data.store.contacts import Contact
from data.store.interviews import Interview, Interviewer, date_question, split_names
from data.store.schema import (
    APPLICATION_STATUSES,
    CONTACT_KINDS,
    INTERVIEW_FORMATS,
    INTERVIEW_OUTCOMES,
    INTERVIEW_STAGES,
)
from ui.actions import opened_version, save_edit, show_conflict, starting_from

_NO_SOURCE = "—"
R = TypeVar("R")
T = TypeVar("T")


def edit_form(
    key: str,
    draw: Callable[[str], R | None],
    save: Callable[[R], T],
    *,
    done: str = "Saved",
    after: Callable[[T], None] | None = None,
) -> None:
    """The form `key` as `draw(key)` shows it, below any conflict its last save met; what it gives is saved.

    The record submitted is saved with `save` through `ui.actions.save_edit`,
    which says `done` and runs `after`: a version saved in another window
    meanwhile is shown beside it to choose from, never overwritten unasked.
    """
    show_conflict(key)
    typed = draw(key)
    if typed is not None:
        save_edit(key, save, typed, done=done, after=after)


def format_label(value: str) -> str:
    """An interview format as the pickers show it (`onsite` → "In person", not the stage "Onsite")."""
    return label(value, "format")


def _choice(where, text: str, options: tuple[str, ...], value: str, key: str, *, format_func=label) -> str:
    """A picker of the stored `options` in `where` (a column, or `st`), opened on `value`, each shown as a label."""
    return where.selectbox(text, options, format_func=format_func, key=starting_from(key, value))


def _text(where, text: str, value: str | None, key: str, **options) -> str:
    """A line of text in `where`, opened on `value` (empty when there is none)."""
    return where.text_input(text, key=starting_from(key, value or ""), **options)


def _day(where, text: str, value: date | None, key: str, *, help: str | None = None) -> date | None:
    """A date field in `where`, opened on `value` (empty when there is none), written as the rest of Debrief writes dates."""
    return where.date_input(text, key=starting_from(key, value), format="YYYY-MM-DD", help=help)


def _moment(day_where, time_where, value: datetime, key: str, *, texts=("Date", "Time")) -> datetime | None:
    """A date and a time (to the quarter hour) side by side, opened on `value`; None while the date is empty."""
    day = _day(day_where, texts[0], value.date(), f"{key}-date")
    at = time_where.time_input(texts[1], step=900, key=starting_from(f"{key}-time", value.time()))
    return datetime.combine(day, at or time(0, 0)) if day else None


def application_form(
    key: str, initial: Application | None = None, *, submit: str = "Save application"
) -> Application | None:
    """The fields of an application; returns the typed application on submit."""
    app = initial or Application(company="", role="", applied_on=date.today())
    # The version the form opened on: a save over a newer one is refused (see save_application).
    version = opened_version(key, app.updated_at, field="company")
    with st.form(key, clear_on_submit=False, border=True):
        left, right = st.columns(2)
        company = _text(left, "Company", app.company, f"{key}-company")
        role = _text(right, "Role", app.role, f"{key}-role")
        left, middle, right = st.columns(3)
        status = _choice(left, "Status", APPLICATION_STATUSES, app.status, f"{key}-status")
        applied_on = _day(middle, "Date applied", app.applied_on, f"{key}-applied")
        first_answer = "The date of the employer's first answer, whatever it said. Leave empty while you wait."
        responded_on = _day(right, "Reply received", app.responded_on, f"{key}-responded", help=first_answer)
        left, middle, right = st.columns(3)
        location = _text(left, "Location", app.location, f"{key}-location")
        sources = [_NO_SOURCE, *SOURCES]
        if app.source and app.source not in sources:
            sources.append(app.source)
        source = _choice(middle, "Source", tuple(sources), app.source or _NO_SOURCE, f"{key}-source", format_func=str)
        url = _text(right, "Posting URL", app.url, f"{key}-url")
        about = _text(
            st,
            "What the role is about",
            app.about,
            f"{key}-about",
            placeholder="building the data platform behind their new pricing engine",
            help="In your own words, as it ends the sentence “The role is about …”. "
            "Your references' heads-ups say it, so they know what to speak to. Optional.",
        )
        notes = st.text_area("Notes", key=starting_from(f"{key}-notes", app.notes or ""))
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
        stage = _choice(left, "Stage", INTERVIEW_STAGES, interview.stage, f"{key}-stage")
        format_ = _choice(
            middle, "Format", INTERVIEW_FORMATS, interview.format, f"{key}-format", format_func=format_label
        )
        outcome = _choice(right, "Outcome", INTERVIEW_OUTCOMES, interview.outcome, f"{key}-outcome")
        left, middle, right = st.columns(3)
        held_at = _moment(left, middle, interview.held_at or now, key)
        heard_back_on = _day(
            right,
            "Heard back on",
            interview.heard_back_on,
            f"{key}-heard",
            help="When they told you the outcome. Leave empty while you wait.",
        )
        interviewers = _text(
            st,
            "Interviewers",
            ", ".join(interview.interviewers),
            f"{key}-interviewers",
            placeholder="Dana Lee, Sam Ortiz",
            help="Names separated by commas. Each one gets a thank-you note in your follow-ups.",
        )
        feedback = st.text_area("Feedback received", key=starting_from(f"{key}-feedback", interview.feedback or ""))
        if not st.form_submit_button(submit, type="primary", icon=":material/save:"):
            return None
    return replace(
        interview,
        stage=stage,
        format=format_,
        held_at=held_at,
        interviewers=split_names(interviewers),
        outcome=outcome,
        heard_back_on=heard_back_on,
        feedback=feedback,
        updated_at=version,
    )


def contact_form(key: str, initial: Contact, *, submit: str) -> Contact | None:
    """The fields of a contact; returns the contact as typed when submitted, with the version it opened on."""
    version = opened_version(key, initial.updated_at, field="name")
    with st.form(key, clear_on_submit=False, border=True):
        left, right = st.columns(2)
        name = _text(left, "Name", initial.name, f"{key}-name")
        kind = _choice(right, "Kind", CONTACT_KINDS, initial.kind, f"{key}-kind")
        left, right = st.columns(2)
        title = _text(left, "Title", initial.title, f"{key}-title")
        company = _text(right, "Company", initial.company, f"{key}-company")
        left, right = st.columns(2)
        addressed = "Thank-you notes and heads-ups open in your email program addressed to it."
        email = _text(left, "Email", initial.email, f"{key}-email", help=addressed)
        phone = _text(right, "Phone", initial.phone, f"{key}-phone")
        example = "Former manager at Initech, 2021–2024"
        relationship = _text(st, "Relationship", initial.relationship, f"{key}-relationship", placeholder=example)
        notes = st.text_area("Notes", key=starting_from(f"{key}-notes", initial.notes or ""))
        if not st.form_submit_button(submit, type="primary", icon=":material/save:"):
            return None
    return Contact(name, kind, email, phone, title, company, relationship, notes, id=initial.id, updated_at=version)


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
        applied_on = _day(
            far,
            "Date applied",
            None,
            f"{key}-applied",
            help="Leave empty if you don't remember: it then counts in no week.",
        )
        left, middle, right, far = st.columns(4)
        stage = left.selectbox("Stage", INTERVIEW_STAGES, format_func=label, key=f"{key}-stage")
        format_ = middle.selectbox("Format", INTERVIEW_FORMATS, index=1, format_func=format_label, key=f"{key}-format")
        held_at = _moment(right, far, now, key)
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
                held_at=held_at,
                interviewers=[person.name for person in interviewers],
            ),
            interviewers=interviewers,
        )
        held_on = held_at.date() if held_at else None
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
        moved_to = _moment(day, hour, held_at, key, texts=("Held on", "At"))
        if not save.form_submit_button("Save the date", icon=":material/edit_calendar:") or moved_to is None:
            return None
    return replace(interview, held_at=moved_to, updated_at=version)
