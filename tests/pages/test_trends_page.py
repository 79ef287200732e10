"""The Trends page, run through app.py with AppTest on an empty, a tiny and a demo-sized search.

The tiny search is the hand-worked one of tests/analytics/test_metrics.py moved
in time so that its 30 April 2026 is today: every number the page shows is then
the same whatever day the tests run.
"""

import functools
import inspect
import json
from datetime import date, datetime, timedelta

import altair as alt
import pyarrow as pa
import pytest

from analytics import charts, metrics, survival
from analytics.metrics import application_response, follow_up_discipline, funnel, response_time_summary
from data.store.settings import set_weekly_goal
from tests.analytics.realistic_search import write_realistic_search
from tests.analytics.test_metrics import APPLICATIONS, FOLLOW_UPS, INTERVIEWS, REFLECTIONS, write_search
from tests.conftest import page_opener

PAGE = "pages/trends.py"


def moved(rows, by: timedelta):
    return [tuple(v + by if isinstance(v, date | datetime) else v for v in row) for row in rows]


# The pages read the test's own `Database` (tests/conftest.py), as a served app reads its one.
pytestmark = pytest.mark.usefixtures("served")


@pytest.fixture
def tiny(db):
    """The hand-worked search, with its 30 April 2026 moved to today."""
    by = date.today() - date(2026, 4, 30)
    write_search(db, moved(APPLICATIONS, by), moved(INTERVIEWS, by), REFLECTIONS, moved(FOLLOW_UPS, by))
    return db


open_trends = page_opener(PAGE)


def metrics_shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts_shown(at) -> list[dict]:
    """The Vega-Lite spec of every chart on the page."""
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def rows_sent(at) -> list[int]:
    """How many rows each dataset of each chart sends to the browser."""
    return [
        pa.ipc.open_stream(dataset.data.data).read_all().num_rows
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_empty_database_says_what_each_chart_needs(app, db):
    at = open_trends(app)
    assert metrics_shown(at) == {
        "Median days to hear back": "—",
        "Got an answer": "—",
        "Thank-you notes on time": "—",
        "Applications this week": "0 of 5",
    }
    assert charts_shown(at) == []
    shown = infos(at)
    assert shown[0] == "Your trends appear here as you add applications, record interviews and write reflections."
    assert any(m.startswith("Write a reflection after each interview") for m in shown)
    assert any(m.startswith("Record the day you heard back for three more interviews") for m in shown)
    assert any(m.startswith("Add your applications (Applications page)") for m in shown)
    assert len(shown) == 7
    assert not at.selectbox  # no filters over nothing


def test_tiny_search_shows_its_hand_worked_numbers_and_every_chart(app, tiny):
    set_weekly_goal(tiny, 3)
    at = open_trends(app)
    assert metrics_shown(at) == {
        # Answers after 0, 2, 5 and 7 days, waits of 22 and 45: half answered by day 5 (Kaplan–Meier:
        # 5/6 after day 0, 4/6 after day 2, 3/6 after day 5). The answered alone have a median of 3.5.
        "Median days to hear back": "5 days",
        "Got an answer": "83%",  # 5 of 6: four replies, and Hooli's interview
        "Thank-you notes on time": "50%",  # interviews 12, 10 and 14 of six
        "Applications this week": "0 of 3",
    }
    wait = next(m for m in at.metric if m.label == "Median days to hear back")
    assert wait.proto.delta == "2 still waiting"
    assert "2 interviews are waiting for an answer; the longest for 45 days now." in [c.value for c in at.caption]
    specs = charts_shown(at)
    assert len(specs) == 7
    assert infos(at) == []
    trend = specs[0]
    assert trend["layer"][0]["encoding"]["y"]["title"] == "Overall (1 = struggled, 5 = nailed it)"


def test_picking_a_dimension_redraws_the_trend_for_it(app, tiny):
    at = open_trends(app)
    at.segmented_control(key="trends-dimension").set_value("examples").run()
    assert not at.exception
    trend = charts_shown(at)[0]
    assert trend["layer"][0]["encoding"]["y"]["title"] == "Examples and stories (1 = struggled, 5 = nailed it)"


def test_a_company_filter_narrows_the_numbers_and_explains_thin_charts(app, tiny):
    at = open_trends(app)
    at.selectbox(key="trends-company").select("Acme").run()
    assert not at.exception
    # Acme: one answer after 2 days, its one application answered, technical round still waiting
    shown = metrics_shown(at)
    assert shown["Median days to hear back"] == "2 days"
    assert shown["Got an answer"] == "100%"
    assert shown["Thank-you notes on time"] == "50%"
    assert (
        "These filters hold two reflections rating overall; a trend needs three. "
        "Widen the date range or clear the company or stage filter to include more."
    ) in infos(at)


def test_a_stage_filter_narrows_the_interviews(app, tiny):
    at = open_trends(app)
    at.selectbox(key="trends-stage").select("final").run()
    assert not at.exception
    shown = metrics_shown(at)
    assert shown["Median days to hear back"] == "5 days"
    # applications of every stage still count
    assert shown["Got an answer"] == "83%"


def test_a_date_range_narrows_applications_and_interviews(app, tiny):
    by = date.today() - date(2026, 4, 30)
    at = open_trends(app)
    at.date_input(key="trends-dates").set_value((date(2026, 3, 4) + by, date(2026, 3, 25) + by)).run()
    assert not at.exception
    # applications 2, 3 and 4 (two answered); interviews 12, 10 and 11 (answers after 0 and 2 days, 11 waiting):
    # still waiting 2/3 after day 0, 1/3 after day 2
    shown = metrics_shown(at)
    assert shown["Got an answer"] == "67%"
    assert shown["Median days to hear back"] == "2 days"


def test_demo_sized_search_draws_weekly_points_and_matches_the_metrics(app, db):
    written = write_realistic_search(db, applications=1_500, weeks=40)
    assert written["reflections"] > 250  # enough for the weekly view of the trend
    at = open_trends(app)
    con = db.cursor()
    replies = application_response(con).iloc[0]
    answers = response_time_summary(con).iloc[0]
    # the page counts the interviews held a day before the start of this hour
    thanks = follow_up_discipline(con, datetime.now().replace(minute=0, second=0, microsecond=0)).iloc[0]
    shown = metrics_shown(at)
    assert shown["Got an answer"] == f"{replies['response_rate']:.0%}"
    honest = survival.median_days(survival.still_waiting_curve(con, date.today()))
    assert shown["Median days to hear back"] == f"{honest:g} days"
    assert f"alone, {answers['median_days']:g} days, leaves those out." in " ".join(c.value for c in at.caption)
    assert shown["Thank-you notes on time"] == f"{thanks['on_time_rate']:.0%}"
    specs = charts_shown(at)
    assert len(specs) == 7
    assert specs[0]["layer"][0]["encoding"]["size"]["field"] == "reflections"
    assert any(
        c.value.endswith("reflections: one point per week, sized by how many you wrote that week.") for c in at.caption
    )
    # every chart ships aggregated rows: at most one per week, day or category, never one per application
    sent = rows_sent(at)
    assert len(sent) >= 7
    assert max(sent) <= 45


def counting_calls(monkeypatch) -> list[str]:
    """Record every call of a public metric function, every chart spec made and Altair's work, by name."""
    calls: list[str] = []

    def counted(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            calls.append(name)
            return function(*args, **kwargs)

        return wrapper

    for name, function in inspect.getmembers(metrics, inspect.isfunction):
        if function.__module__ == metrics.__name__ and not name.startswith("_"):
            monkeypatch.setattr(metrics, name, counted(name, function))
    monkeypatch.setattr(charts, "vega_lite", counted("vega_lite", charts.vega_lite))
    # Altair's work: building a chart and turning it into Vega-Lite
    monkeypatch.setattr(alt.Chart, "__init__", counted("altair", alt.Chart.__init__))
    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", counted("altair", alt.TopLevelMixin.to_dict))
    return calls


def test_a_rerun_on_the_same_data_runs_no_query_and_builds_no_chart(app, tiny, monkeypatch):
    at = open_trends(app)
    drawn = charts_shown(at)
    calls = counting_calls(monkeypatch)
    at.run()
    assert not at.exception
    assert calls == []
    assert charts_shown(at) == drawn
    # A write is a new state of the database: the next run reads it afresh. (The page counts the
    # writes of the process's open database: the one served, `tiny`.)
    set_weekly_goal(tiny, 2)
    at.run()
    assert not at.exception
    assert metrics_shown(at)["Applications this week"] == "0 of 2"
    assert {"funnel", "application_volume", "weekly_scores", "follow_up_discipline"} <= set(calls)
    # every number is read again; of the charts only the one showing the goal has new data to draw
    assert calls.count("vega_lite") == 1
    volume = charts_shown(at)[5]
    assert volume["layer"][0]["encoding"]["color"]["scale"]["domain"][2] == "Goal: 2 a week"


def test_the_headline_answer_rate_is_the_funnels_share_of_applications_with_an_answer(app, tiny):
    at = open_trends(app)
    steps = funnel(tiny.cursor()).set_index("stage")
    assert metrics_shown(at)["Got an answer"] == f"{steps.loc['responded', 'rate']:.0%}"
    assert "Got an answer: a reply or an interview." in " ".join(c.value for c in at.caption)


def test_the_weekly_chart_says_how_many_applications_have_no_date(app, tiny):
    with tiny.transaction() as cur:
        cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (99, 'Hooli', 'Engineer', NULL)")
    at = open_trends(app)
    assert "1 application has no date applied and counts in no week; add the date on the Applications page." in [
        c.value for c in at.caption
    ]
