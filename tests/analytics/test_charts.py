"""The chart builders: each Vega-Lite spec has the intended marks, encodings, titles and tooltips."""

import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from analytics import charts
from analytics.metrics import (
    application_volume,
    funnel,
    performance_trend,
    response_time_by_stage,
    response_time_distribution,
    self_rating_by_outcome,
    weakest_dimensions,
    weekly_scores,
)
from tests.analytics.test_metrics import APPLICATIONS, FOLLOW_UPS, INTERVIEWS, REFLECTIONS, write_search


@pytest.fixture
def con(db):
    write_search(db, APPLICATIONS, INTERVIEWS, REFLECTIONS, FOLLOW_UPS)
    return db.cursor()


def layers(chart) -> list[dict]:
    """Each drawn layer of the chart's spec (the chart itself when it has no layers)."""
    spec = chart.to_dict()
    return spec.get("layer", [spec])


def mark(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def data_rows(chart) -> list[list[dict]]:
    """The rows of every dataset the chart ships to the browser."""
    return list(chart.to_dict()["datasets"].values())


def tooltip_titles(layer: dict) -> list[str]:
    return [t["title"] for t in layer["encoding"]["tooltip"]]


def assert_every_layer_has_tooltips(chart):
    for layer in layers(chart):
        assert layer["encoding"].get("tooltip"), f"a {mark(layer)} layer has no tooltip"


def test_score_trend_is_points_of_the_score_and_a_line_of_the_rolling_mean(con):
    chart = charts.score_trend_chart(performance_trend(con), "overall")
    points, line = layers(chart)
    assert (mark(points), mark(line)) == ("circle", "line")
    assert points["encoding"]["x"] == {
        "field": "interview_date",
        "timeUnit": "utcyearmonthdate",
        "type": "temporal",
        "title": "Interview date",
        "axis": {"labelOverlap": True},
    }
    assert points["encoding"]["y"]["field"] == "score"
    assert points["encoding"]["y"]["title"] == "Overall (1 = struggled, 5 = nailed it)"
    assert points["encoding"]["y"]["scale"] == {"domain": [1, 5]}
    assert line["encoding"]["y"]["field"] == "rolling_mean"
    assert tooltip_titles(points) == ["Interview", "Company", "Stage", "Overall score", "Mean of last 3"]
    assert_every_layer_has_tooltips(chart)
    # the legend names both series
    assert points["encoding"]["color"]["scale"]["domain"] == ["Your score", "Mean of last 3 interviews"]


def test_score_trend_draws_only_the_chosen_dimension(con):
    chart = charts.score_trend_chart(performance_trend(con), "examples")
    (rows,) = data_rows(chart)
    assert [r["score"] for r in rows] == [2, 3, 3]
    assert layers(chart)[0]["encoding"]["y"]["title"] == "Examples and stories (1 = struggled, 5 = nailed it)"


def test_weekly_score_chart_sizes_weeks_by_reflections(con):
    chart = charts.weekly_score_chart(weekly_scores(con, "rapport"), "rapport", window=4)
    points, line = layers(chart)
    assert (mark(points), mark(line)) == ("circle", "line")
    assert points["encoding"]["size"]["field"] == "reflections"
    assert points["encoding"]["y"]["field"] == "mean_score"
    assert line["encoding"]["y"]["field"] == "rolling_mean"
    assert points["encoding"]["color"]["scale"]["domain"] == ["Weekly mean", "Mean of last 4 weeks"]
    assert_every_layer_has_tooltips(chart)


def test_response_time_histogram_has_a_bar_per_day(con):
    chart = charts.response_time_histogram(response_time_distribution(con))
    (layer,) = layers(chart)
    assert mark(layer) == "bar"
    assert layer["encoding"]["x"]["field"] == "days"
    assert layer["encoding"]["x"]["type"] == "ordinal"
    assert layer["encoding"]["x"]["title"] == "Days from interview to answer"
    assert layer["encoding"]["y"]["title"] == "Interviews"
    assert tooltip_titles(layer) == ["Days to answer", "Interviews"]
    (rows,) = data_rows(chart)
    assert len(rows) == 8


def test_response_time_by_stage_bars_keep_the_stage_order(con):
    chart = charts.response_time_by_stage_chart(response_time_by_stage(con))
    (layer,) = layers(chart)
    assert mark(layer) == "bar"
    assert layer["encoding"]["y"]["sort"] == ["Screening", "Final"]
    assert layer["encoding"]["x"]["field"] == "median_days"
    assert layer["encoding"]["x"]["title"] == "Median days to hear back"
    assert "Answers" in tooltip_titles(layer)


def test_weekly_volume_is_bars_a_line_and_the_goal_as_a_rule(con):
    chart = charts.weekly_volume_chart(application_volume(con), goal=4)
    bars, line, rule = layers(chart)
    assert [mark(bars), mark(line), mark(rule)] == ["bar", "line", "rule"]
    assert bars["encoding"]["y"]["field"] == "applications"
    assert line["encoding"]["y"]["field"] == "interviews"
    assert rule["encoding"]["y"]["field"] == "goal"
    assert bars["encoding"]["x"]["title"] == "Week starting"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Applications", "Interviews", "Goal: 4 a week"]
    assert_every_layer_has_tooltips(chart)
    volume_rows, goal_rows = data_rows(chart)
    assert len(volume_rows) == 7
    assert goal_rows == [{"goal": 4}]


def test_funnel_chart_labels_each_step_with_its_share(con):
    chart = charts.funnel_chart(funnel(con))
    bars, labels = layers(chart)
    assert (mark(bars), mark(labels)) == ("bar", "text")
    assert bars["encoding"]["y"]["sort"] == ["Applied", "Got an answer", "Interviewed", "Offer"]
    assert labels["encoding"]["text"] == {"field": "rate", "format": ".0%", "type": "quantitative"}
    assert tooltip_titles(bars) == ["Step", "Applications", "Share of all applications"]


def test_funnel_chart_of_no_applications_shows_zero_shares_not_gaps(db):
    (rows,) = data_rows(charts.funnel_chart(funnel(db.cursor())))
    assert [r["rate"] for r in rows] == [0, 0, 0, 0]


def test_self_rating_chart_puts_pending_last(con):
    chart = charts.self_rating_chart(self_rating_by_outcome(con))
    bars, counts = layers(chart)
    assert (mark(bars), mark(counts)) == ("bar", "text")
    assert bars["encoding"]["x"]["sort"] == ["Advanced", "Rejected", "Waiting"]
    assert bars["encoding"]["y"]["title"] == "Mean overall self-rating (1–5)"
    assert counts["encoding"]["text"]["field"] == "interviews"
    assert_every_layer_has_tooltips(chart)


def test_recent_dimensions_chart_lists_the_weakest_first(con):
    chart = charts.recent_dimensions_chart(weakest_dimensions(con, last=3), last=3)
    (layer,) = layers(chart)
    assert mark(layer) == "bar"
    assert layer["encoding"]["y"]["sort"][:2] == ["Questions I asked", "Examples and stories"]
    assert layer["encoding"]["x"]["title"] == "Mean score over your last 3 reflections"


# The page draws each chart from `charts.vega_lite`: a layout built once, filled with the frames.

BUILDERS_AND_METRICS = [
    (charts.score_trend_chart, lambda con: (performance_trend(con), "examples", 3)),
    (charts.weekly_score_chart, lambda con: (weekly_scores(con, "rapport"), "rapport", 3)),
    (charts.response_time_histogram, lambda con: (response_time_distribution(con),)),
    (charts.response_time_by_stage_chart, lambda con: (response_time_by_stage(con),)),
    (charts.weekly_volume_chart, lambda con: (application_volume(con), 4)),
    (charts.funnel_chart, lambda con: (funnel(con),)),
    (charts.self_rating_chart, lambda con: (self_rating_by_outcome(con),)),
    (charts.recent_dimensions_chart, lambda con: (weakest_dimensions(con, last=3), 3)),
]


def draw_both_ways(database_path: str) -> None:
    """An app drawing each chart of the hand-worked search twice: with st.altair_chart, then from vega_lite."""
    import streamlit as st

    from analytics import charts
    from data.store.db import Database
    from tests.analytics.test_charts import BUILDERS_AND_METRICS

    db = Database(database_path)
    try:
        for builder, arguments in BUILDERS_AND_METRICS:
            args = arguments(db.cursor())
            st.altair_chart(builder(*args), width="stretch")
            st.vega_lite_chart(charts.vega_lite(builder, *args), width="stretch")
    finally:
        db.close()


def sent(chart) -> tuple[dict, list[pa.Table]]:
    """What the browser receives of a chart: its spec, datasets renamed by position, and their tables."""
    spec = chart.proto.spec
    for position, dataset in enumerate(chart.proto.datasets):
        spec = spec.replace(json.dumps(dataset.name), json.dumps(f"dataset {position}"))
    return json.loads(spec), [pa.ipc.open_stream(dataset.data.data).read_all() for dataset in chart.proto.datasets]


def test_vega_lite_sends_the_browser_what_altair_chart_sends(db_path, con):
    at = AppTest.from_function(draw_both_ways, kwargs={"database_path": str(db_path)}, default_timeout=60)
    at.run()
    assert not at.exception
    drawn = at.get("vega_lite_chart")
    assert len(drawn) == 2 * len(BUILDERS_AND_METRICS)
    for from_altair, from_vega_lite in zip(drawn[::2], drawn[1::2], strict=True):
        altair_spec, altair_data = sent(from_altair)
        spec, data = sent(from_vega_lite)
        assert spec == altair_spec
        assert len(data) == len(altair_data) >= 1
        # the same rows and types: dates stay timestamps, read in UTC by the charts
        assert all(mine.equals(theirs) for mine, theirs in zip(data, altair_data, strict=True))


def layout_of(spec: dict) -> dict:
    """The spec without its data: datasets left out, the names pointing at them blanked."""
    text = json.dumps({key: value for key, value in spec.items() if key != "datasets"})
    for name in spec["datasets"]:
        text = text.replace(json.dumps(name), '"a dataset"')
    return json.loads(text)


def test_a_layout_is_built_once_and_filled_with_each_frame(con):
    charts._layout_spec.cache_clear()
    volume = application_volume(con)
    every_week = charts.vega_lite(charts.weekly_volume_chart, volume, 4)
    three_weeks = charts.vega_lite(charts.weekly_volume_chart, volume.head(3), 4)
    assert charts._layout_spec.cache_info().misses == 1
    assert layout_of(three_weeks) == layout_of(every_week)
    # the datasets are the frames themselves, each named by its content
    (weeks, goal), (fewer_weeks, same_goal) = every_week["datasets"].items(), three_weeks["datasets"].items()
    assert weeks[1].equals(volume) and fewer_weeks[1].equals(volume.head(3))
    assert weeks[0] != fewer_weeks[0]
    assert goal[0] == same_goal[0] and goal[1]["goal"].tolist() == [4]
    # another goal is another layout
    charts.vega_lite(charts.weekly_volume_chart, volume, 5)
    assert charts._layout_spec.cache_info().misses == 2


def test_still_waiting_chart_draws_the_share_as_steps_in_percent():
    curve = pd.DataFrame({"days": [0, 2, 5], "still_waiting": [1.0, 0.5, 0.5], "at_risk": [2, 2, 1]})
    spec = charts.still_waiting_chart(curve).to_dict()
    assert spec["mark"]["interpolate"] == "step-after"
    assert spec["encoding"]["y"]["title"] == "Share still waiting"
    assert spec["encoding"]["y"]["axis"]["format"] == "%"
    assert spec["encoding"]["x"]["field"] == "days"
