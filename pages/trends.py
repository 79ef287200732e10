"""Trends: am I getting better, how long do they take to answer, and am I applying enough?"""

from contextlib import closing
from datetime import date, datetime
from functools import partial

import pandas as pd
import streamlit as st

from analytics import charts, guidance, metrics, survival
from analytics.metrics import TrendsFilter
from data.store.applications import company_names
from data.store.db import Database
from data.store.schema import INTERVIEW_STAGES, RATING_DIMENSIONS
from data.store.settings import weekly_goal
from data.store.today import applications_in_week
from ui.forms import label
from ui.store import database

db = database()
WINDOW, RECENT, POINTS_SHOWN_ONE_BY_ONE = 3, 5, 250
# Everything read below is computed once per state of the database: the state
# changes with every write (`changes`) and when the file is opened anew (a new
# `Database` object, as after a restore). A rerun with the same data and
# filters runs no query and builds no chart.
STATE = (str(db.path), id(db), db.changes)


@st.cache_data(show_spinner=False, max_entries=300)
def _read(reading: str, _function, _db: Database, database_state: tuple, *args, **kwargs):
    # A cursor of its own, closed after: no result is left pending on the process's connection.
    with closing(_db.cursor()) as cursor:
        return _function(cursor, *args, **kwargs)


def read(function, *args, **kwargs):
    """`function(cursor, ...)` (a metric, say), once per state of the database and arguments."""
    return _read(f"{function.__module__}.{function.__name__}", function, db, STATE, *args, **kwargs)


@st.cache_data(show_spinner=False, max_entries=100)
def _overview(_db: Database, database_state: tuple, today: date, now: datetime, where: TrendsFilter) -> dict:
    # Asked together, two at a time (`Database.read_all`): most of a small query's time
    # is DuckDB planning it on one processor.
    return _db.read_all(
        {
            "response_time_summary": partial(metrics.response_time_summary, today=today, where=where),
            "application_response": partial(metrics.application_response, where=where),
            "follow_up_discipline": partial(metrics.follow_up_discipline, now=now, where=where),
            "weakest_dimensions": partial(metrics.weakest_dimensions, last=RECENT, where=where),
            "self_rating_by_outcome": partial(metrics.self_rating_by_outcome, where=where),
            "response_time_distribution": partial(metrics.response_time_distribution, where=where),
            "response_time_by_stage": partial(metrics.response_time_by_stage, where=where),
            "still_waiting_curve": partial(survival.still_waiting_curve, today=today, where=where),
            "application_volume": partial(metrics.application_volume, where=where),
            "funnel": partial(metrics.funnel, where=where),
            "weekly_goal": weekly_goal,
            "applications_in_week": partial(applications_in_week, today=today),
        }
    )


def overview(today: date, now: datetime, where: TrendsFilter) -> dict:
    """What the page shows whatever the dimension, by name, once per state of the database and filter."""
    return _overview(db, STATE, today, now, where)


def _rows_of(frame: pd.DataFrame) -> str:
    """A frame's columns, types and values as text: a cache key cheaper than Streamlit's hashing of a frame."""
    return repr((list(frame.columns), [str(kind) for kind in frame.dtypes], frame.to_numpy().tolist()))


@st.cache_data(show_spinner=False, max_entries=300, hash_funcs={pd.DataFrame: _rows_of})
def _vega_lite(chart: str, *args) -> dict:
    return charts.vega_lite(getattr(charts, chart), *args)


def draw(where, chart: str, *args) -> None:
    """Draw `charts.<chart>(*args)` in `where`; its Vega-Lite spec is built once for the same data."""
    where.vega_lite_chart(_vega_lite(chart, *args), width="stretch")


# `now` to the hour: the thank-you numbers (interviews held over a day ago) stay cached for an hour.
today, now = date.today(), datetime.now().replace(minute=0, second=0, microsecond=0)
st.title("Trends")
st.caption("Am I getting better, how long do they take to answer, and am I applying enough?")

# Filters: they narrow every number and chart below except this week's applications.
span = read(metrics.activity_span).to_dict("records")[0]
everything = (span["first_day"].date(), max(span["last_day"].date(), today)) if pd.notna(span["first_day"]) else None
where = TrendsFilter()
if everything is None:
    st.info(
        "Your trends appear here as you add applications, record interviews and write reflections.",
        icon=":material/monitoring:",
    )
    st.page_link("pages/applications.py", label="Add an application", icon=":material/add:")
else:
    dates, company, stage = st.columns([2, 2, 1])
    picked = tuple(dates.date_input("Dates", value=everything, format="YYYY-MM-DD", key="trends-dates"))
    # The whole span is no filter; while a range is being picked, its first day alone is a start.
    narrowed = picked != everything and len(picked) > 0
    where = TrendsFilter(
        start=picked[0] if narrowed else None,
        end=picked[1] if narrowed and len(picked) > 1 else None,
        company=company.selectbox(
            "Company", read(company_names), index=None, placeholder="All companies", key="trends-company"
        ),
        stage=stage.selectbox(
            "Interview stage",
            INTERVIEW_STAGES,
            index=None,
            format_func=label,
            placeholder="All stages",
            key="trends-stage",
        ),
    )
    st.caption(
        "Dates choose applications by the day you applied and interviews by the day they were held. "
        "The stage filter narrows interviews; applications of every stage still count."
    )
filtered = where != TrendsFilter()

# Headline numbers
readings = overview(today, now, where)
answers = readings["response_time_summary"].to_dict("records")[0]
replies = readings["application_response"].to_dict("records")[0]
thanks = readings["follow_up_discipline"].to_dict("records")[0]
goal, sent = readings["weekly_goal"], readings["applications_in_week"]
wait, rate, on_time, week = st.columns(4, border=True)
# The headline median counts every wait (Kaplan–Meier); the median of answered interviews alone is biased low.
still_waiting = readings["still_waiting_curve"]
honest_median = survival.median_days(still_waiting)


def _days(days: float) -> str:
    return f"{days:g} day{'' if days == 1 else 's'}"


wait.metric(
    "Median days to hear back",
    "—"
    if answers["responses"] == 0
    else _days(honest_median)
    if honest_median is not None
    else f"Over {_days(int(still_waiting['days'].max()))}",
    help=(
        "From an interview to hearing the outcome. No answers recorded yet."
        if answers["responses"] == 0
        else "Half of your interviews had their answer within this time, counting those still waiting and those "
        "closed as no answer (a Kaplan–Meier estimate). "
        f"Over the {answers['responses']:,} answered interviews alone the median is {_days(answers['median_days'])}, "
        f"and nine in ten of those came within {answers['p90_days']:.0f} days."
    ),
    delta=f"{answers['waiting']:,} still waiting" if answers["waiting"] else None,
    delta_color="off",
    delta_arrow="off",
)
rate.metric(
    "Got an answer",
    "—" if pd.isna(replies["response_rate"]) else f"{replies['response_rate']:.0%}",
    help=f"{replies['responded']:,} of {replies['applications']:,} applications got an answer: a reply or an "
    "interview (the funnel's second step)"
    + (
        f". Replies came a median {replies['median_days_to_response']:g} days after applying."
        if pd.notna(replies["median_days_to_response"])
        else "."
    ),
)
on_time.metric(
    "Thank-you notes on time",
    "—" if pd.isna(thanks["on_time_rate"]) else f"{thanks['on_time_rate']:.0%}",
    help=f"Of {thanks['interviews']:,} interviews held over a day ago, {thanks['thank_you_on_time']:,} had a "
    f"thank-you note done within 24 hours; {thanks['thank_you_missed']:,} had one missed (not sent within its "
    f"window). Feedback asked for after {thanks['feedback_requested']:,}.",
)
week.metric(
    "Applications this week",
    f"{sent:,} of {goal:,}",
    help="Monday to Sunday this week, whatever the filters, against your weekly goal (set it on Today).",
    delta="Goal met" if sent >= goal else f"{goal - sent:,} to go",
    delta_color="normal" if sent >= goal else "off",
    delta_arrow="off",
)

st.subheader("Am I getting better?")
dimension = (
    st.segmented_control(
        "Dimension",
        RATING_DIMENSIONS,
        default="overall",
        format_func=charts.DIMENSION_TITLES.get,
        key="trends-dimension",
        label_visibility="collapsed",
    )
    or "overall"
)
weekly = read(metrics.weekly_scores, dimension, WINDOW, where=where)
scored = int(weekly["reflections"].sum())
if message := guidance.trend_message(scored, charts.DIMENSION_TITLES[dimension], filtered=filtered):
    st.info(message, icon=":material/trending_up:")
elif scored <= POINTS_SHOWN_ONE_BY_ONE:
    trend = read(metrics.performance_trend, WINDOW, dimension=dimension, where=where)
    draw(st, "score_trend_chart", trend, dimension, WINDOW)
else:
    draw(st, "weekly_score_chart", weekly, dimension, WINDOW)
    st.caption(f"{scored:,} reflections: one point per week, sized by how many you wrote that week.")

lately, by_outcome = st.columns(2)
with lately:
    st.markdown("**Lately, by dimension**")
    recent = readings["weakest_dimensions"]
    if message := guidance.recent_dimensions_message(len(recent), filtered=filtered):
        st.info(message, icon=":material/tune:")
    else:
        draw(st, "recent_dimensions_chart", recent, RECENT)
        weakest = recent.iloc[0]
        st.caption(
            f"Weakest lately: {charts.mid_sentence(charts.DIMENSION_TITLES[weakest['dimension']])}, "
            f"{weakest['mean_score']:.1f} of 5. Work on it before your next interview."
        )
with by_outcome:
    st.markdown("**Does feeling good predict moving on?**")
    ratings = readings["self_rating_by_outcome"]
    decided = int(ratings.loc[ratings["outcome"] != "pending", "interviews"].sum())
    if message := guidance.self_rating_message(decided, filtered=filtered):
        st.info(message, icon=":material/psychology:")
    else:
        draw(st, "self_rating_chart", ratings)
        st.caption("Above each bar: how many interviews it stands for.")

st.subheader("How long do they take to answer?")
distribution, by_stage = st.columns(2)
answered = int(answers["responses"])
if message := guidance.response_time_message(answered, filtered=filtered):
    distribution.info(message, icon=":material/schedule:")
else:
    distribution.markdown("**Share still waiting after each day**")
    draw(distribution, "still_waiting_chart", still_waiting)
    distribution.caption(
        (
            f"Half of your interviews had an answer by day {honest_median}"
            if honest_median is not None
            else "More than half of your interviews are still without an answer"
        )
        + ", counting the waits still open and those closed as no answer (a Kaplan–Meier estimate). "
        f"The median of answered interviews alone, {_days(answers['median_days'])}, leaves those out."
    )
    draw(by_stage, "response_time_by_stage_chart", readings["response_time_by_stage"])
if answers["waiting"] == 1:
    st.caption(f"One interview is waiting for an answer, for {answers['longest_wait_days']:,} days now.")
elif answers["waiting"] > 1:
    st.caption(
        f"{answers['waiting']:,} interviews are waiting for an answer; the longest for "
        f"{answers['longest_wait_days']:,} days now."
    )

st.subheader("Am I applying enough?")
weeks, steps = st.columns([3, 2])
volume = readings["application_volume"]
if message := guidance.volume_message(len(volume), filtered=filtered):
    weeks.info(message, icon=":material/work:")
else:
    draw(weeks, "weekly_volume_chart", volume, goal)
if undated := read(metrics.undated_applications, where=where):
    weeks.caption(
        f"{undated:,} application{' has' if undated == 1 else 's have'} no date applied and "
        f"count{'s' if undated == 1 else ''} in no week; "
        "add the date on the Applications page."
    )
reached = readings["funnel"]
if message := guidance.funnel_message(int(reached["applications"].iloc[0]), filtered=filtered):
    steps.info(message, icon=":material/filter_alt:")
else:
    draw(steps, "funnel_chart", reached)
    steps.caption("Got an answer: a reply or an interview. Offer: an offer received, accepted or not.")
