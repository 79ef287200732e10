"""Today: what needs doing now, or a welcome on the first run."""

from contextlib import closing
from datetime import datetime, timedelta

import streamlit as st

from analytics.survival import wait_forecast
from data.labels import interview_label
from data.store.follow_ups import follow_ups_due_by, mark_no_answer, next_follow_up, reopen_wait
from data.store.reflections import count_unreflected_before, unreflected_interviews
from data.store.settings import lapse_windows, set_weekly_goal, weekly_goal
from data.store.today import (
    applications_in_week,
    closed_waits,
    has_any_application,
    upcoming_interviews,
    waiting_for_answers,
)
from followups.drafts import spoken_day
from followups.schedule import (
    DUE_SOON,
    countdown,
    follow_up_noun,
    follow_up_title,
    nothing_due_note,
    wait_note,
    wait_verdict,
)
from ui.actions import act
from ui.demo import demo_offer
from ui.forms import label
from ui.store import database, reader
from ui.text import md

# A reflection is worth most while the interview is fresh: Today asks only about the last two weeks'.
STILL_FRESH = timedelta(days=14)

db, con = database(), reader()


@st.cache_data(show_spinner=False, max_entries=20)
def own_wait_forecast(_db, database_state: tuple, today):
    """`analytics.survival.wait_forecast`, once per state of the database and day (it reads every interview)."""
    with closing(_db.cursor()) as cursor:
        return wait_forecast(cursor, today)


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

windows = lapse_windows(con)
due, due_in_all = follow_ups_due_by(con, now + DUE_SOON, limit=8, now=now, windows=windows)
unreflected = unreflected_interviews(con, now, held_since=now - STILL_FRESH, limit=5)
forecast = own_wait_forecast(db, (str(db.path), id(db), db.changes), now.date())
waiting = waiting_for_answers(con, now.date(), limit=8)
verdicts = {
    int(row.id): wait_verdict(
        int(row.days_waited), forecast.chance_after(int(row.days_waited)), windows.wait_limit_days
    )
    for row in waiting.itertuples()
}

# When nothing needs the user, say so first, and until when (the next follow-up or interview): they can close the tab.
upcoming = upcoming_interviews(con, now, limit=8)
if not due and unreflected.empty and all(verdict == "wait" for verdict in verdicts.values()):
    coming = next_follow_up(con, now, windows=windows)
    next_things = [
        *(
            [
                (
                    coming.due_at,
                    follow_up_noun(coming.kind, coming.recipient and md(coming.recipient), md(coming.company)),
                )
            ]
            if coming
            else []
        ),
        *[
            (row.held_at, f"your {label(row.stage).lower()} interview with {md(row.company)}")
            for row in upcoming.head(1).itertuples()
        ],
    ]
    next_due_at, next_thing = min(next_things, key=lambda thing: thing[0], default=(None, None))
    st.success(nothing_due_note(next_due_at, next_thing, now), icon=":material/self_care:")

st.subheader("Follow up")
if not due:
    st.caption("Nothing due in the next 24 hours: you are on top of your follow-ups.")
for item in due:
    st.markdown(f"- **{md(follow_up_title(item.kind, item.recipient, item.company))}**: {countdown(item.due_at, now)}")
if due:
    more = f" (and {due_in_all - len(due):,} more)" if due_in_all > len(due) else ""
    st.page_link("pages/follow_ups.py", label=f"Open the drafts{more}", icon=":material/outgoing_mail:")

st.subheader("Reflect")
older = count_unreflected_before(con, now - STILL_FRESH)
if unreflected.empty and not older:
    st.caption("Every interview so far has its reflection.")
elif unreflected.empty:
    st.caption(f"Every interview of the last {STILL_FRESH.days} days has its reflection.")
for row in unreflected.itertuples():
    st.page_link(
        "pages/reflect.py",
        label=f"How did it go at {row.company} {spoken_day(row.held_at, now.date())}?",
        icon=":material/edit_note:",
        query_params={"interview": str(row.id)},
    )
if older:
    st.page_link(
        "pages/reflect.py",
        label=f"Older interviews without a reflection ({older:,}) are on the Reflect page",
        icon=":material/history:",
    )

st.subheader("Waiting to hear back")
if waiting.empty:
    st.caption("No interview is waiting for an answer.")
for row in waiting.itertuples():
    days = int(row.days_waited)
    text, action = st.columns([3, 1], vertical_alignment="center")
    text.markdown(
        f"- **{md(row.company)}**, {md(row.role)} ({label(row.stage)}): "
        f"{wait_note(days, forecast.chance_after(days), forecast.answers_mostly_by, windows.wait_limit_days)}"
    )
    let_go = verdicts[int(row.id)] == "let_go"
    if action.button(
        "Mark as no answer",
        key=f"no-answer-{row.id}",
        icon=":material/do_not_disturb_on:",
        type="secondary" if let_go else "tertiary",
        help="Close this wait: no answer came. You can undo it.",
    ):
        act(
            lambda interview=int(row.id): mark_no_answer(db, interview, now.date()),
            done=f"Closed as no answer: {md(row.company)}",
            icon=":material/do_not_disturb_on:",
        )
if not waiting.empty and waiting.waiting.iloc[0] > len(waiting):
    st.caption(f"And {waiting.waiting.iloc[0] - len(waiting):,} more interviews waiting, shorter than these.")
for row in closed_waits(con, since=now.date() - timedelta(days=7), limit=3).itertuples():
    text, action = st.columns([5, 1], vertical_alignment="center")
    text.caption(
        f"No answer: {md(row.company)}, {md(row.role)} ({label(row.stage)}), closed {row.no_answer_on:%a %d %b}."
    )
    if action.button("Undo", key=f"reopen-{row.id}", icon=":material/undo:", type="tertiary"):
        act(
            lambda interview=int(row.id): reopen_wait(db, interview),
            done=f"Waiting again: {md(row.company)}",
            icon=":material/undo:",
        )

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
if upcoming.empty:
    st.caption("No interviews in the next two weeks. Every application is a new chance.")
for row in upcoming.itertuples():
    st.markdown(
        f"- **{row.held_at:%a %d %b, %H:%M}**: {md(row.company)}, {md(row.role)} ({interview_label(row.stage, row.format)})"
    )
st.page_link("pages/prepare.py", label="Prepare for your next interview", icon=":material/school:")
