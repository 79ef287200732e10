"""Today: what needs doing now, or a welcome on the first run."""

from datetime import datetime

import streamlit as st

from data.follow_ups import answered_waits, follow_ups_due_by
from data.reflections import unreflected_interviews
from data.settings import set_weekly_goal, weekly_goal
from data.today import applications_in_week, has_any_application, upcoming_interviews, waiting_for_answers
from followups.drafts import spoken_day
from followups.plan import MIN_ANSWERS_FOR_OWN_WAIT, typical_wait_days
from followups.schedule import DUE_SOON, countdown, follow_up_title, wait_note
from ui.actions import act
from ui.demo import demo_offer
from ui.forms import label
from ui.store import database, reader
from ui.text import md

db, con = database(), reader()
now = datetime.now()

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
    st.page_link("pages/reflect.py", label="Just had an interview? Reflect on it now", icon=":material/edit_note:")
    st.divider()
    demo_offer()
    st.stop()

st.title("Today")
st.caption(f"{now:%A %d %B %Y}")

st.subheader("Follow up")
due, due_in_all = follow_ups_due_by(con, now + DUE_SOON, limit=8)
if not due:
    st.caption("Nothing due in the next 24 hours: you are on top of your follow-ups.")
for item in due:
    st.markdown(f"- **{md(follow_up_title(item.kind, item.recipient, item.company))}**: {countdown(item.due_at, now)}")
if due:
    more = f" (and {due_in_all - len(due):,} more)" if due_in_all > len(due) else ""
    st.page_link("pages/follow_ups.py", label=f"Open the drafts{more}", icon=":material/outgoing_mail:")

st.subheader("Reflect")
unreflected = unreflected_interviews(con, now, limit=5)
if unreflected.empty:
    st.caption("Every interview so far has its reflection.")
for row in unreflected.itertuples():
    st.page_link(
        "pages/reflect.py",
        label=f"How did it go at {row.company} {spoken_day(row.held_at, now.date())}?",
        icon=":material/edit_note:",
        query_params={"interview": str(row.id)},
    )

st.subheader("Waiting to hear back")
answers, median_wait = answered_waits(con)
typical = typical_wait_days(answers, median_wait)
waiting = waiting_for_answers(con, now.date(), limit=8)
if waiting.empty:
    st.caption("No interview is waiting for an answer.")
for row in waiting.itertuples():
    st.markdown(
        f"- **{md(row.company)}**, {md(row.role)} ({label(row.stage)}): "
        f"{wait_note(int(row.days_waited), typical, answers >= MIN_ANSWERS_FOR_OWN_WAIT)}"
    )
if not waiting.empty and waiting.waiting.iloc[0] > len(waiting):
    st.caption(f"And {waiting.waiting.iloc[0] - len(waiting):,} more interviews waiting, shorter than these.")

st.subheader("Keep applying")
goal = weekly_goal(con)
sent = applications_in_week(con, now.date())
progress, setting = st.columns([3, 1])
progress.metric("Applications this week", f"{sent} of {goal}", delta=None)
progress.progress(
    min(sent / goal, 1.0), text="Goal reached: well done." if sent >= goal else f"{goal - sent} to go this week."
)
with setting.form("weekly-goal", border=False):
    new_goal = st.number_input("Weekly goal", min_value=1, max_value=500, value=goal, step=1, key="weekly-goal-input")
    if st.form_submit_button("Set goal"):
        act(lambda: set_weekly_goal(db, int(new_goal)), done=f"Weekly goal: {int(new_goal)} applications")

st.subheader("Coming up")
upcoming = upcoming_interviews(con, now, limit=8)
if upcoming.empty:
    st.caption("No interviews in the next two weeks. Every application is a new chance.")
for row in upcoming.itertuples():
    st.markdown(
        f"- **{row.held_at:%a %d %b, %H:%M}**: {md(row.company)}, {md(row.role)} ({label(row.stage)}, {row.format})"
    )
st.page_link("pages/prepare.py", label="Prepare for your next interview", icon=":material/school:")
