"""Applications: every job applied to, with its interview rounds."""

import streamlit as st

from data.labels import labelled
from data.store.applications import (
    ApplicationFilter,
    company_names,
    count_applications,
    delete_application,
    get_application,
    list_applications,
    save_application,
    similar_applications,
)
from data.store.interviews import delete_interview, get_interview, list_interviews, save_interview
from data.store.schema import APPLICATION_STATUSES
from ui.actions import act, forget_typed
from ui.confirm import added_anyway, delete_button
from ui.forms import application_form, edit_form, interview_form, label
from ui.store import database, reader
from ui.tables import APPLICATION_COLUMNS, INTERVIEW_COLUMNS, PAGE_SIZE, page_picker, picked_in_table, table
from ui.text import md

db, con = database(), reader()
st.title("Applications")

held = count_applications(con)
with st.expander("Add an application", icon=":material/add:", expanded=held == 0):
    form_key = f"new-application-{st.session_state.get('applications_added', 0)}"
    typed = added_anyway(
        form_key,
        application_form(form_key, submit="Add application"),
        lambda app: similar_applications(con, app),
        lambda app: f"{md(app.company)}: {md(app.role)}, applied {app.applied_on or 'on an unknown date'}",
    )
    if typed is not None:
        act(
            lambda: save_application(db, typed),
            done=f"Added {md(typed.company.strip())}: {md(typed.role.strip())}",
            after=lambda _: st.session_state.update(
                applications_added=st.session_state.get("applications_added", 0) + 1
            ),
        )

search, statuses, company = st.columns([2, 2, 1])
shown = ApplicationFilter(
    search=search.text_input("Search", placeholder="Company, role, location or notes", key="app-search"),
    statuses=tuple(statuses.multiselect("Status", APPLICATION_STATUSES, format_func=label, key="app-statuses")),
    company=company.selectbox("Company", company_names(con), index=None, placeholder="All", key="app-company"),
)
total = held if shown == ApplicationFilter() else count_applications(con, shown)
if total == 0:
    st.info(
        "No applications match these filters." if held else "No applications yet: add your first one above.",
        icon=":material/search_off:",
    )
    st.stop()

offset = page_picker(total, key="app-page")
listed = list_applications(con, shown, limit=PAGE_SIZE, offset=offset)
picked = picked_in_table(listed, APPLICATION_COLUMNS, key="app-table")
st.caption(f"Showing {offset + 1:,}–{offset + len(listed):,} of {total:,}. Select a row to edit it and its interviews.")

application = get_application(con, picked) if picked is not None else None
if application is None:
    st.stop()

st.divider()
st.subheader(f"{md(application.company)}: {md(application.role)}")
details, rounds = st.tabs(["Details", "Interviews"])

with details:
    edit_key = f"edit-application-{application.id}"
    edit_form(edit_key, lambda key: application_form(key, application), lambda app: save_application(db, app))
    delete_button(
        "application",
        application.id,
        f"Delete **{md(application.company)}: {md(application.role)}** with its interviews, reflections and follow-ups?",
        lambda: delete_application(db, application.id),
    )

with rounds:
    interviews = list_interviews(con, application.id)
    if interviews.empty:
        st.caption("No interviews recorded for this application yet.")
    else:
        table(labelled(interviews), INTERVIEW_COLUMNS)
    choices = {
        None: "Add a new round",
        **{int(r.id): f"{label(r.stage)}, {r.held_at:%Y-%m-%d %H:%M}" for r in interviews.itertuples()},
    }
    chosen = st.selectbox("Round", list(choices), format_func=choices.get, key=f"round-{application.id}")
    existing = get_interview(con, chosen) if chosen is not None else None
    added = st.session_state.get("interviews_added", 0)
    round_key = f"interview-{application.id}-{chosen if chosen is not None else f'new-{added}'}"
    edit_form(
        round_key,
        lambda key: interview_form(
            key, application.id, existing, submit="Save interview" if existing else "Add interview"
        ),
        lambda interview: save_interview(db, interview),
        done="Interview saved; its follow-ups are planned.",
        # The application's form too shows what is stored: a new round may have set its reply date.
        after=lambda _: (
            st.session_state.update(interviews_added=added + (existing is None)),
            forget_typed(edit_key),
        ),
    )
    if existing is not None:
        delete_button(
            "interview",
            existing.id,
            "Delete this round with its reflection and follow-ups?",
            lambda: delete_interview(db, existing.id),
            ask="Delete this round",
            done="Round deleted",
        )
