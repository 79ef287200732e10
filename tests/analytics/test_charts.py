"""The chart builders: each Vega-Lite spec has the intended marks, encodings, titles and tooltips."""

import pytest

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
    assert points["encoding"]["y"]["title"] == "Overall (1 = poor, 5 = excellent)"
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
    assert layers(chart)[0]["encoding"]["y"]["title"] == "Examples and stories (1 = poor, 5 = excellent)"


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
    assert layer["encoding"]["y"]["sort"] == ["Screen", "Final"]
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
    assert bars["encoding"]["x"]["sort"] == ["Advanced", "Rejected", "Pending"]
    assert bars["encoding"]["y"]["title"] == "Mean overall self-rating (1–5)"
    assert counts["encoding"]["text"]["field"] == "interviews"
    assert_every_layer_has_tooltips(chart)


def test_recent_dimensions_chart_lists_the_weakest_first(con):
    chart = charts.recent_dimensions_chart(weakest_dimensions(con, last=3), last=3)
    (layer,) = layers(chart)
    assert mark(layer) == "bar"
    assert layer["encoding"]["y"]["sort"][:2] == ["Questions I asked", "Examples and stories"]
    assert layer["encoding"]["x"]["title"] == "Mean score over your last 3 reflections"
