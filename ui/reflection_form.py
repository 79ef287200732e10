"""The post-interview self-assessment form: anchored 1–5 ratings and free-text notes, kept as a draft while typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from data.labels import SCORE_ANCHORS, STRESS_ANCHORS
from data.store.db import Database
from data.store.reflections import (
    FIELD_LABELS,
    SCORE_FIELDS,
    TEXT_FIELDS,
    Reflection,
    ReflectionDraft,
    discard_draft,
    get_draft,
    get_reflection,
    save_draft,
    unsaved_changes,
)
from ui.actions import act, act_quietly, forget_typed, show_quiet_failure, starting_from
from ui.store import reader

SCALE = (1, 2, 3, 4, 5)

WHAT_EACH_RATING_MEANS = {
    "overall": "All in all, how did the interview go?",
    "communication": "Clear, concise answers; listening and checking you understood the question.",
    "skills": "How well you showed the skills the role asks for.",
    "examples": "Concrete stories with a situation, your actions and the result.",
    "rapport": "The connection with the interviewers: warmth, energy, conversation.",
    "questions": "How good your own questions to them were.",
    "preparation": "How well prepared you felt: the company, the role, your stories.",
}

TEXT_PROMPTS = {
    "went_well": "Moments you are proud of: keep doing these.",
    "to_improve": "One or two things to do differently; they show up on the Prepare page.",
    "topics": "Your own notes on what you talked about; they stay private.",
    "questions_asked": "One question per line: they become your question bank.",
    "other_notes": "Names, impressions, next steps they mentioned.",
}


def _rating(name: str, key: str, *, anchors: tuple[str, ...], help_text: str, on_change: dict[str, Any]) -> None:
    st.radio(
        FIELD_LABELS[name],
        SCALE,
        index=None,  # the value is in Session State (see `_start_from`)
        horizontal=True,
        captions=list(anchors),
        help=help_text,
        key=f"{key}-{name}",
        **on_change,
    )


THANK_YOU_TOPIC_HELP = (
    'It finishes the sentence "I really enjoyed our conversation about ..." in your thank-you note.'
    " Nothing else from this form goes into a message."
)


def _thank_you_topics(key: str, interviewers: list[tuple[int, str, str | None]], on_change: dict[str, Any]) -> None:
    """The thank-you topic for the whole interview and, with several interviewers, one for each (optional)."""
    st.markdown("**For your thank-you notes**")
    st.text_input(
        FIELD_LABELS["thank_you_topic"],
        placeholder="their move to event sourcing",
        help=THANK_YOU_TOPIC_HELP,
        key=f"{key}-thank_you_topic",
        **on_change,
    )
    if len(interviewers) > 1:
        st.caption("Met several people? Give each their own (optional); an empty one uses the topic above.")
        columns = st.columns(min(len(interviewers), 3))
        for position, (contact_id, name, _) in enumerate(interviewers):
            columns[position % len(columns)].text_input(
                f"With {name}",
                placeholder="how the team runs on-call",
                key=f"{key}-topic-{contact_id}",
                **on_change,
            )


def reflection_form(
    db: Database,
    key: str,
    interview_id: int,
    saved: Reflection | None,
    draft: ReflectionDraft | None,
    original: Reflection,
    interviewers: list[tuple[int, str, str | None]] | None = None,
) -> Reflection | None:
    """The reflection fields for one interview, kept as a draft as they change; returns the typed reflection on save.

    The fields start from the interview's `draft` if one is kept, else from its
    `saved` reflection. Not an `st.form`: each change calls `_keep_draft` before
    the page reruns, which keeps what the form holds as the interview's draft
    (with `original`, the reflection this session opened, see `save_draft`), or
    drops the draft when nothing differs from the saved reflection any more. A
    draft is kept quietly; one that cannot be (a full disk) is said in a small
    warning, and the fields keep what was typed. While a draft is kept, the top of
    the form says since when, with a button to discard it. `interviewers` are the
    interview's (contact id, name, topic) as `interviewer_topics` gives them: with
    several, each gets their own optional thank-you topic.
    """
    interviewers = interviewers or []
    initial = draft.typed if draft is not None else saved or Reflection(interview_id=interview_id, overall=None)
    each = tuple(contact_id for contact_id, _, _ in interviewers) if len(interviewers) > 1 else ()
    # Callbacks run before the rerun's script, so a click elsewhere right after a change still finds it kept.
    on_change: dict[str, Any] = {"on_change": _keep_draft, "args": (db, key, interview_id, each, original)}
    _start_from(key, initial, each)
    with st.container(border=True, key="reflection-form"):
        _draft_status(db, key, interview_id, saved, draft)
        st.markdown(
            f"**How did it go?** Rate each part from 1 ({SCORE_ANCHORS[0]}) to 5 ({SCORE_ANCHORS[-1]}). Overall is required."
        )
        _rating(
            "overall",
            key,
            anchors=SCORE_ANCHORS,
            help_text=WHAT_EACH_RATING_MEANS["overall"],
            on_change=on_change,
        )
        left, right = st.columns(2)
        for column, names in (
            (left, ("communication", "skills", "examples")),
            (right, ("rapport", "questions", "preparation")),
        ):
            with column:
                for name in names:
                    _rating(
                        name,
                        key,
                        anchors=SCORE_ANCHORS,
                        help_text=WHAT_EACH_RATING_MEANS[name],
                        on_change=on_change,
                    )
        _rating(
            "stress",
            key,
            anchors=STRESS_ANCHORS,
            help_text="How anxious you felt, from 1 (calm) to 5.",
            on_change=on_change,
        )
        st.markdown("**While it is fresh**")
        left, right = st.columns(2)
        for column, text_names in ((left, ("went_well", "topics")), (right, ("to_improve", "questions_asked"))):
            for name in text_names:
                column.text_area(
                    FIELD_LABELS[name],
                    help=TEXT_PROMPTS[name],
                    key=f"{key}-{name}",
                    **on_change,
                )
        _thank_you_topics(key, interviewers, on_change)
        st.text_area(
            FIELD_LABELS["other_notes"],
            help=TEXT_PROMPTS["other_notes"],
            key=f"{key}-other_notes",
            **on_change,
        )
        submitted = st.button("Save reflection", type="primary", icon=":material/save:", key=f"{key}-save")
    if not submitted:
        return None
    return _typed(key, interview_id, each)


def _start_from(key: str, initial: Reflection, each: tuple[int, ...]) -> None:
    """Give each field of the form of `key` its value from `initial` (`ui.actions.starting_from`).

    After `forget_typed` (a discarded draft, a save, the other window's version
    taken) the browser then shows `initial` too, not what was typed.
    """
    values: dict[str, Any] = {f"{key}-{name}": getattr(initial, name) for name in SCORE_FIELDS}
    values |= {f"{key}-{name}": getattr(initial, name) or "" for name in TEXT_FIELDS}
    values |= {f"{key}-topic-{contact_id}": initial.interviewer_topics.get(contact_id) or "" for contact_id in each}
    for name, value in values.items():
        starting_from(name, value)


def _typed(key: str, interview_id: int, each: tuple[int, ...]) -> Reflection:
    """The reflection the form of `key` holds now (its widgets' values), with a topic for each interviewer in `each`."""
    values = st.session_state
    fields: dict[str, Any] = {name: values.get(f"{key}-{name}") for name in SCORE_FIELDS}
    fields |= {name: values.get(f"{key}-{name}") or "" for name in TEXT_FIELDS}
    topics = {contact_id: values.get(f"{key}-topic-{contact_id}") or "" for contact_id in each}
    return Reflection(interview_id=interview_id, **fields, interviewer_topics=topics)


def _keep_draft(db: Database, key: str, interview_id: int, each: tuple[int, ...], original: Reflection) -> None:
    """A field of the form changed: keep what it holds as the interview's draft, or drop the draft if nothing is unsaved."""

    def keep() -> None:
        typed = _typed(key, interview_id, each)
        con = reader()
        if unsaved_changes(typed, get_reflection(con, interview_id)):
            save_draft(db, typed, original=original)
        elif get_draft(con, interview_id) is not None:
            discard_draft(db, interview_id)

    act_quietly(keep, failed="Draft not kept.", key=f"{key}-draft")


def _draft_status(
    db: Database, key: str, interview_id: int, saved: Reflection | None, draft: ReflectionDraft | None
) -> None:
    """Since when a draft is kept, and the button to discard it; or why the last change could not be kept."""
    show_quiet_failure(f"{key}-draft")
    if draft is None:
        return
    kept_at = draft.updated_at
    since = f"{kept_at:%H:%M}" if kept_at.date() == date.today() else f"{kept_at:%a %d %b, %H:%M}"
    caption, discard = st.columns([5, 1], vertical_alignment="center")
    caption.caption(
        f":material/edit_note: Draft from {since}, not yet saved. Discarding it drops these changes and "
        + ("goes back to the saved reflection." if saved else "empties the form.")
    )
    if discard.button("Discard draft", icon=":material/delete:", key=f"{key}-discard-draft", width="stretch"):
        act(
            lambda: discard_draft(db, interview_id),
            done="Draft discarded",
            icon=":material/delete:",
            after=lambda _: forget_typed(key),
        )
