"""Today: what needs doing now, or a welcome on the first run."""

from datetime import date, datetime

import streamlit as st

from data.today import applications_in_week, has_any_application, upcoming_interviews
from ui.forms import label
from ui.store import reader
from ui.text import md

con = reader()

if not has_any_application(con):
    st.title("Welcome to Debrief")
    st.write(
        "Debrief is your companion for the time after each interview: reflect while it is fresh, "
        "send each interviewer a thank-you note within 24 hours, give your references a heads-up, "
        "ask for feedback, and keep applying. Your notes stay on this computer."
    )
    st.subheader("Start here")
    st.markdown(
        "1. **Add an application**: the company and role you applied to.\n"
        "2. **Record the interview**: when it is, and who you meet.\n"
        "3. **Reflect right after**: two minutes on how it went; Debrief drafts your thank-you notes from it."
    )
    st.page_link("pages/applications.py", label="Add your first application", icon=":material/add:")
    st.stop()

st.title("Today")
today = date.today()
this_week, coming = st.columns(2)
this_week.metric("Applications this week", applications_in_week(con, today))
upcoming = upcoming_interviews(con, datetime.now())
coming.metric("Interviews in the next two weeks", len(upcoming))

st.subheader("Coming up")
if upcoming.empty:
    st.caption("No interviews scheduled in the next two weeks. Keep applying: every application is a chance.")
for row in upcoming.itertuples():
    st.markdown(
        f"**{row.held_at:%a %d %b, %H:%M}**: {md(row.company)}, {md(row.role)} ({label(row.stage)}, {row.format})"
    )
