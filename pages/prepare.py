"""Prepare: before the next interview, what your reflections and employers' feedback taught you."""

import streamlit as st

from data.labels import labelled
from data.store.applications import ApplicationPicker
from data.store.prepare import (
    WINDOW,
    PrepareScope,
    count_feedback,
    count_interviewed_applications,
    count_notes,
    count_questions,
    count_reflections,
    dimension_trends,
    employer_feedback,
    interviewed_applications,
    notes_to_address,
    question_bank,
)
from data.store.reflections import FIELD_LABELS
from data.store.schema import INTERVIEW_STAGES
from ui.forms import label
from ui.store import reader
from ui.tables import PAGE_SIZE, page_picker, table
from ui.text import md

# The application picker offers the most recently interviewed ones; a search reaches the others.
PICKER_SIZE = 100
# Notes and feedback are drawn one by one: a page of them at a time.
NOTES_PER_PAGE = 20

TREND_COLUMNS = {
    "dimension": st.column_config.TextColumn("Dimension"),
    "recent": st.column_config.NumberColumn(f"Last {WINDOW}", format="%.1f", help="Mean rating, 1 to 5"),
    "earlier": st.column_config.NumberColumn(f"The {WINDOW} before", format="%.1f"),
    "change": st.column_config.NumberColumn("Change", format="%+.1f"),
    "recent_ratings": st.column_config.NumberColumn("Ratings", help=f"How many of the last {WINDOW} rated it"),
}
QUESTION_COLUMNS = {
    "question": st.column_config.TextColumn("Question", width="large"),
    "held_at": st.column_config.DatetimeColumn("Date", format="YYYY-MM-DD"),
    "company": st.column_config.TextColumn("Company"),
    "stage": st.column_config.TextColumn("Stage"),
    "overall": st.column_config.NumberColumn("Overall", help="Your overall rating of that interview, 1 to 5"),
}

con = reader()
st.title("Prepare")
st.caption(
    "Before your next interview: where your own ratings are weakest lately, what you meant to address, "
    "the questions you were asked, and what employers told you."
)

# The picker offers recent applications, any one a search finds, and the one already picked.
picked = st.session_state.get("prep-app")
many = count_interviewed_applications(con) > PICKER_SIZE
if many:
    find, for_application, for_stage = st.columns(3)
    search_applications = find.text_input("Find an application", placeholder="Company or role", key="prep-find")
else:
    (for_application, for_stage), search_applications = st.columns(2), ""
applications = interviewed_applications(
    con,
    ApplicationPicker(
        search=search_applications, limit=PICKER_SIZE, including=(picked,) if isinstance(picked, int) else ()
    ),
)
titles = {int(a.id): f"{a.company}: {a.role}" for a in applications.itertuples()}
scope = PrepareScope(
    application_id=for_application.selectbox(
        "Application", list(titles), format_func=titles.get, index=None, placeholder="All applications", key="prep-app"
    ),
    stage=for_stage.selectbox(
        "Stage", INTERVIEW_STAGES, format_func=label, index=None, placeholder="All stages", key="prep-stage"
    ),
)
if many:
    for_application.caption(
        f"The {PICKER_SIZE} most recently interviewed, or those matching your search."
        if not search_applications.strip()
        else f"Matching “{md(search_applications.strip())}”, most recently interviewed first."
    )
in_scope = f"{scope.application_id}-{scope.stage}"

written = count_reflections(con)
reflections = written if scope == PrepareScope() else count_reflections(con, scope)
if written == 0:
    st.info(
        "Write a reflection after your next interview: its notes and questions show up here.",
        icon=":material/edit_note:",
    )
    st.page_link("pages/reflect.py", label="Write a reflection", icon=":material/edit_note:")
elif reflections == 0:
    st.info("No reflections on interviews of this application and stage yet.", icon=":material/search_off:")
else:
    st.subheader("Weakest lately")
    st.caption(
        f"Your mean ratings over your last {WINDOW} reflections (of {reflections:,}), against the {WINDOW} before; "
        "a rating left blank is skipped."
        if reflections > WINDOW
        else f"Your mean ratings over your {reflections} reflection{'s' if reflections != 1 else ''} so far; "
        "a rating left blank is skipped. "
        f"The trend shows once you have written more than {WINDOW}."
    )
    trends = dimension_trends(con, scope).assign(dimension=lambda t: t["dimension"].map(FIELD_LABELS))
    for column, weak in zip(st.columns(3), trends.head(3).itertuples(), strict=False):
        column.metric(
            weak.dimension,
            f"{weak.recent:.1f} / 5",
            delta=None if weak.earlier_ratings == 0 else weak.change,
            delta_color="off" if weak.earlier_ratings == 0 or weak.change == 0 else "normal",
            delta_description=f"vs the {WINDOW} before" if weak.earlier_ratings else None,
            border=True,
        )
    compared = trends["earlier_ratings"].gt(0).any()
    table(trends, TREND_COLUMNS, column_order=[c for c in TREND_COLUMNS if compared or c not in ("earlier", "change")])

    st.subheader("What to address next time")
    noted = count_notes(con, scope)
    if noted == 0:
        st.caption("None of these reflections noted anything to address next time.")
    else:
        offset = page_picker(noted, key=f"prep-notes-page-{in_scope}", page_size=NOTES_PER_PAGE)
        notes = notes_to_address(con, scope, limit=NOTES_PER_PAGE, offset=offset)
        with st.container(height=360 if len(notes) > 3 else "content"):
            for note in notes.itertuples():
                st.caption(f"{note.held_at:%Y-%m-%d} · {md(note.company)}: {md(note.role)} · {label(note.stage)}")
                st.write(md(note.to_improve))
        if noted > NOTES_PER_PAGE:
            st.caption(f"Notes {offset + 1:,}–{offset + len(notes):,} of {noted:,}, newest first.")

    st.subheader("Question bank")
    search = st.text_input("Search questions", placeholder="conflict, SQL, salary…", key="prep-search")
    questions, interviews = count_questions(con, scope, search)
    if questions == 0:
        st.caption(
            "No question matches this search."
            if search.strip()
            else "No questions yet: list the questions you were asked, one per line, in your reflections."
        )
    else:
        offset = page_picker(questions, key=f"prep-questions-page-{in_scope}-{search.strip().lower()}")
        bank = question_bank(con, scope, search, limit=PAGE_SIZE, offset=offset)
        table(labelled(bank), QUESTION_COLUMNS)
        from_interviews = f"from {interviews:,} interview{'s' if interviews != 1 else ''}"
        st.caption(
            f"{questions:,} question{'s' if questions != 1 else ''} {from_interviews}."
            if questions <= PAGE_SIZE
            else f"Showing {offset + 1:,}–{offset + len(bank):,} of {questions:,} questions {from_interviews}, "
            "newest first. Search to narrow them."
        )

st.subheader("Feedback from employers")
given = count_feedback(con, scope)
if given == 0:
    st.caption(
        "No feedback recorded yet. When an employer tells you how it went, add it to the interview on the "
        "Applications page; the Follow-ups page drafts a polite request for it."
    )
else:
    offset = page_picker(given, key=f"prep-feedback-page-{in_scope}", page_size=NOTES_PER_PAGE)
    feedback = employer_feedback(con, scope, limit=NOTES_PER_PAGE, offset=offset)
    with st.container(height=360 if len(feedback) > 3 else "content"):
        for item in feedback.itertuples():
            st.caption(
                f"{item.held_at:%Y-%m-%d} · {md(item.company)}: {md(item.role)} · {label(item.stage)} · "
                f"{label(item.outcome)}"
            )
            st.write(md(item.feedback))
    if given > NOTES_PER_PAGE:
        st.caption(f"Feedback {offset + 1:,}–{offset + len(feedback):,} of {given:,}, newest first.")
