"""Prepare: before the next interview, what your reflections and employers' feedback taught you."""

import streamlit as st

from data.prepare import (
    WINDOW,
    PrepareScope,
    count_reflections,
    dimension_trends,
    employer_feedback,
    interviewed_applications,
    notes_to_address,
    question_bank,
)
from data.reflections import FIELD_LABELS
from data.schema import INTERVIEW_STAGES
from ui.forms import label
from ui.store import reader
from ui.text import md

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

applications = interviewed_applications(con)
titles = {int(a.id): f"{a.company}: {a.role}" for a in applications.itertuples()}
for_application, for_stage = st.columns(2)
scope = PrepareScope(
    application_id=for_application.selectbox(
        "Application", list(titles), format_func=titles.get, index=None, placeholder="All applications", key="prep-app"
    ),
    stage=for_stage.selectbox(
        "Stage", INTERVIEW_STAGES, format_func=label, index=None, placeholder="All stages", key="prep-stage"
    ),
)

reflections = count_reflections(con, scope)
if count_reflections(con) == 0:
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
        f"Your mean ratings over your last {WINDOW} reflections (of {reflections}), against the {WINDOW} before; "
        "a rating left blank is skipped."
        if reflections > WINDOW
        else f"Your mean ratings over your {reflections} reflections so far; a rating left blank is skipped. "
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
    st.dataframe(
        trends,
        column_config=TREND_COLUMNS,
        column_order=[c for c in TREND_COLUMNS if compared or c not in ("earlier", "change")],
        hide_index=True,
        placeholder="—",
        width="stretch",
    )

    st.subheader("What to address next time")
    notes = notes_to_address(con, scope)
    if notes.empty:
        st.caption("None of these reflections noted anything to address next time.")
    with st.container(height=360 if len(notes) > 3 else "content"):
        for note in notes.itertuples():
            st.caption(f"{note.held_at:%Y-%m-%d} · {md(note.company)}: {md(note.role)} · {label(note.stage)}")
            st.write(md(note.to_improve))

    st.subheader("Question bank")
    search = st.text_input("Search questions", placeholder="conflict, SQL, salary…", key="prep-search")
    bank = question_bank(con, scope, search)
    if bank.empty:
        st.caption(
            "No question matches this search."
            if search.strip()
            else "No questions yet: list the questions you were asked, one per line, in your reflections."
        )
    else:
        st.dataframe(
            bank,
            column_config=QUESTION_COLUMNS,
            column_order=list(QUESTION_COLUMNS),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )
        interviews = bank["interview_id"].nunique()
        st.caption(
            f"{len(bank):,} question{'s' if len(bank) != 1 else ''} from "
            f"{interviews:,} interview{'s' if interviews != 1 else ''}."
        )

st.subheader("Feedback from employers")
feedback = employer_feedback(con, scope)
if feedback.empty:
    st.caption(
        "No feedback recorded yet. When an employer tells you how it went, add it to the interview on the "
        "Applications page; the Follow-ups page drafts a polite request for it."
    )
with st.container(height=360 if len(feedback) > 3 else "content"):
    for item in feedback.itertuples():
        st.caption(
            f"{item.held_at:%Y-%m-%d} · {md(item.company)}: {md(item.role)} · {label(item.stage)} · {label(item.outcome)}"
        )
        st.write(md(item.feedback))
