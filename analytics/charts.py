"""Altair charts of the metric frames: each builder takes an already aggregated frame and returns a chart.

Dates reach the browser as midnight UTC of the local date (Streamlit sends
naive timestamps that way), so every temporal encoding reads them in UTC: the
axis and tooltips then show the date as stored, whatever the viewer's time zone.

Building an Altair chart and turning it into Vega-Lite costs tens of
milliseconds per chart, whatever the size of its data. So each chart is drawn
in two parts: its layout, which depends only on a few parameters (the
dimension, the window, the goal, the order of the bars) and is built once per
process for each set of them on named, empty data; and the frames it draws.
`vega_lite(builder, ...)` gives the page the layout's Vega-Lite spec, made and
validated once, with the frames as its datasets; the builders give the same
chart as an Altair object, for tests and notebooks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeAlias, TypeVar

import altair as alt
import pandas as pd

from data.labels import DIMENSION_LABELS, SCORE_ANCHORS, label

DIMENSION_TITLES = DIMENSION_LABELS


def mid_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "Questions I asked" becomes "questions I asked"."""
    return title[:1].lower() + title[1:]


FUNNEL_TITLES = {
    "applied": "Applied",
    "responded": "Got an answer",
    "interviewed": "Interviewed",
    "offer": "Offer",
}

_DAY = "%a %d %b %Y"
_SCORE_SCALE = alt.Scale(domain=[1, 5])
_SCORE_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], format="d")
_HEIGHT = 300
# Streamlit's palette: light bars or points under a dark line, the goal in red.
_LIGHT, _DARK, _GOAL = "#83c9ff", "#0068c9", "#ff2b2b"


def _colors(*pairs: tuple[str, str]) -> alt.Scale:
    """A colour scale giving each named series (a legend entry) its colour."""
    return alt.Scale(domain=[name for name, _ in pairs], range=[colour for _, colour in pairs])


def _as_series(chart: alt.Chart, name: str, colors: alt.Scale) -> alt.Chart:
    """Colour `chart`'s marks as the series `name`, so that the legend names it."""
    # The names are fixed texts of this module (never user text), written as a JSON string literal.
    return chart.transform_calculate(series=json.dumps(name)).encode(color=alt.Color("series:N", scale=colors))


def title(value: str) -> str:
    """A stored value as a chart shows it, from Debrief's one set of labels (`data.labels`)."""
    return label(value)


def _utc_day(field: str, axis_title: str) -> alt.X:
    # Vega's own date labels name the year where it changes: clear on searches of any length.
    return alt.X(f"utcyearmonthdate({field}):T", title=axis_title, axis=alt.Axis(labelOverlap=True))


def _day_tooltip(field: str, tooltip_title: str) -> alt.Tooltip:
    return alt.Tooltip(f"utcyearmonthdate({field}):T", title=tooltip_title, format=_DAY)


# What a layout draws: a frame (a chart of it) or a placeholder naming the dataset (a layout).
_Data: TypeAlias = pd.DataFrame | alt.NamedData
# The kind of chart a layout draws (a single chart or a layer of them).
_C = TypeVar("_C", bound=alt.TopLevelMixin, covariant=True)


class _Parts(NamedTuple, Generic[_C]):
    """One chart: the function drawing its layout, that layout's parameters, and the frames it draws, by name.

    `layout(data, *parameters)` takes `data` as a dict of the same names, each a
    frame or an `alt.NamedData` placeholder of that name.
    """

    layout: Callable[..., _C]
    parameters: tuple
    frames: dict[str, pd.DataFrame]


def _chart(parts: _Parts[_C]) -> _C:
    return parts.layout(parts.frames, *parts.parameters)


def _drawn_alone(layout: Callable[[dict[str, _Data]], _C], name: str) -> Callable[[pd.DataFrame], _Parts[_C]]:
    """The parts of a chart that draws one frame as it is, under `name`, with no parameters."""
    return lambda frame: _Parts(layout, (), {name: frame})


@functools.lru_cache(maxsize=128)
def _layout_spec(layout: Callable[..., alt.TopLevelMixin], parameters: tuple, names: tuple[str, ...]) -> str:
    """The Vega-Lite spec of `layout` on placeholder data, as JSON: built and validated once per process."""
    spec = layout({name: alt.NamedData(name=name) for name in names}, *parameters).to_dict()
    # Altair's default theme gives every view 300 pixels; Streamlit draws charts without
    # that theme (st.altair_chart turns it off), sizing them itself.
    config = spec.get("config", {})
    config.pop("view", None)
    if not config:
        spec.pop("config", None)
    return json.dumps(spec)


def _fingerprint(frame: pd.DataFrame) -> str:
    """A short digest of a frame (its pickle: columns, types and values): its dataset's name changes with it."""
    return hashlib.sha1(pickle.dumps(frame, protocol=5)).hexdigest()[:16]


def _name_data(spec: Any, names: dict[str, str]) -> None:
    """Point every `{"data": {"name": placeholder}}` in `spec` at the dataset's content-named `names[placeholder]`."""
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and data.get("name") in names:
            spec["data"] = {"name": names[data["name"]]}
        for value in spec.values():
            _name_data(value, names)
    elif isinstance(spec, list):
        for value in spec:
            _name_data(value, names)


def _spec(parts: _Parts[alt.TopLevelMixin]) -> dict[str, Any]:
    spec = json.loads(_layout_spec(parts.layout, parts.parameters, tuple(parts.frames)))
    names = {name: f"{name}-{_fingerprint(frame)}" for name, frame in parts.frames.items()}
    _name_data(spec, names)
    spec["datasets"] = {names[name]: frame for name, frame in parts.frames.items()}
    return spec


def vega_lite(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The Vega-Lite spec of `builder(*args, **kwargs)` (one of this module's chart builders), for
    `st.vega_lite_chart(spec, width="stretch")`.

    The same chart as the builder's, with each frame it draws left as a
    DataFrame under `datasets` (Streamlit sends it as Arrow, dates as they are)
    and named by its content. The layout's spec is built and validated once per
    process for each set of parameters; a call costs about a millisecond.
    """
    return _spec(_PARTS[builder](*args, **kwargs))


def score_trend_chart(trend: pd.DataFrame, dimension: str, window: int = 3) -> alt.LayerChart:
    """One dimension's score at each interview (points) and its rolling mean (line).

    `trend` holds rows of `metrics.performance_trend`; only `dimension`'s are drawn.
    """
    return _chart(_score_trend(trend, dimension, window))


def _score_trend(trend: pd.DataFrame, dimension: str, window: int = 3) -> _Parts[alt.LayerChart]:
    data = trend.loc[trend["dimension"] == dimension, ["interview_date", "company", "stage", "score", "rolling_mean"]]
    return _Parts(_score_trend_layout, (dimension, window), {"trend": data.assign(stage=data["stage"].map(title))})


def _score_trend_layout(data: dict[str, _Data], dimension: str, window: int) -> alt.LayerChart:
    name = DIMENSION_TITLES[dimension]
    x = _utc_day("interview_date", "Interview date")
    tooltip = [
        _day_tooltip("interview_date", "Interview"),
        alt.Tooltip("company:N", title="Company"),
        alt.Tooltip("stage:N", title="Stage"),
        alt.Tooltip("score:Q", title=f"{name} score"),
        alt.Tooltip("rolling_mean:Q", title=f"Mean of last {window}", format=".2f"),
    ]
    score, mean = "Your score", f"Mean of last {window} interviews"
    colors = _colors((score, _LIGHT), (mean, _DARK))
    base = alt.Chart(data["trend"]).encode(x=x, tooltip=tooltip)
    points = base.mark_circle(size=90, opacity=0.8).encode(
        y=alt.Y(
            "score:Q",
            title=f"{name} (1 = {SCORE_ANCHORS[0]}, 5 = {SCORE_ANCHORS[-1]})",
            scale=_SCORE_SCALE,
            axis=_SCORE_AXIS,
        )
    )
    line = base.mark_line(strokeWidth=3).encode(y=alt.Y("rolling_mean:Q", scale=_SCORE_SCALE))
    points, line = _as_series(points, score, colors), _as_series(line, mean, colors)
    return (points + line).properties(height=_HEIGHT).configure_legend(orient="top", title=None)


def weekly_score_chart(weekly: pd.DataFrame, dimension: str, window: int = 3) -> alt.LayerChart:
    """One dimension's mean score per week (points sized by reflections) and its rolling mean over weeks.

    `weekly` is a frame of `metrics.weekly_scores`: for long searches, where one
    point per interview would crowd the chart.
    """
    return _chart(_weekly_score(weekly, dimension, window))


def _weekly_score(weekly: pd.DataFrame, dimension: str, window: int = 3) -> _Parts[alt.LayerChart]:
    return _Parts(_weekly_score_layout, (dimension, window), {"weekly": weekly})


def _weekly_score_layout(data: dict[str, _Data], dimension: str, window: int) -> alt.LayerChart:
    name = DIMENSION_TITLES[dimension]
    tooltip = [
        _day_tooltip("week", "Week of"),
        alt.Tooltip("reflections:Q", title="Reflections"),
        alt.Tooltip("mean_score:Q", title=f"Mean {mid_sentence(name)} score", format=".2f"),
        alt.Tooltip("rolling_mean:Q", title=f"Mean of last {window} weeks", format=".2f"),
    ]
    score, mean = "Weekly mean", f"Mean of last {window} weeks"
    colors = _colors((score, _LIGHT), (mean, _DARK))
    base = alt.Chart(data["weekly"]).encode(x=_utc_day("week", "Week"), tooltip=tooltip)
    points = base.mark_circle(opacity=0.8).encode(
        y=alt.Y("mean_score:Q", title=f"{name}, weekly mean (1–5)", scale=_SCORE_SCALE, axis=_SCORE_AXIS),
        size=alt.Size("reflections:Q", title="Reflections", legend=None),
    )
    line = base.mark_line(strokeWidth=3).encode(y=alt.Y("rolling_mean:Q", scale=_SCORE_SCALE))
    points, line = _as_series(points, score, colors), _as_series(line, mean, colors)
    return (points + line).properties(height=_HEIGHT).configure_legend(orient="top", title=None)


def response_time_histogram(distribution: pd.DataFrame) -> alt.Chart:
    """How many interviews answered after each number of days (`metrics.response_time_distribution`)."""
    return _chart(_response_time_histogram(distribution))


def _response_time_histogram_layout(data: dict[str, _Data]) -> alt.Chart:
    return (
        alt.Chart(data["distribution"])
        .mark_bar()
        .encode(
            x=alt.X("days:O", title="Days from interview to answer", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("interviews:Q", title="Interviews", axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[
                alt.Tooltip("days:O", title="Days to answer"),
                alt.Tooltip("interviews:Q", title="Interviews"),
            ],
        )
        .properties(height=_HEIGHT)
    )


_response_time_histogram = _drawn_alone(_response_time_histogram_layout, "distribution")


def still_waiting_chart(curve: pd.DataFrame) -> alt.Chart:
    """The share of interviews still waiting for an answer after each number of days, as a step line.

    `curve` is a frame of `analytics.survival.still_waiting_curve` (a Kaplan–Meier
    estimate: waits still open and those closed as no answer are counted, not left out).
    """
    return _chart(_still_waiting(curve))


def _still_waiting_layout(data: dict[str, _Data]) -> alt.Chart:
    return (
        alt.Chart(data["curve"])
        .mark_line(interpolate="step-after", color=_DARK, point=False)
        .encode(
            x=alt.X("days:Q", title="Days since the interview", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y(
                "still_waiting:Q",
                title="Share still waiting",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("days:Q", title="After days"),
                alt.Tooltip("still_waiting:Q", title="Still waiting", format=".0%"),
                alt.Tooltip("at_risk:Q", title="Interviews still watched"),
            ],
        )
        .properties(height=_HEIGHT)
    )


_still_waiting = _drawn_alone(_still_waiting_layout, "curve")


def response_time_by_stage_chart(by_stage: pd.DataFrame) -> alt.Chart:
    """Median days to hear back per interview stage (`metrics.response_time_by_stage`), as bars."""
    return _chart(_response_time_by_stage(by_stage))


def _response_time_by_stage(by_stage: pd.DataFrame) -> _Parts[alt.Chart]:
    data = by_stage.assign(stage=by_stage["stage"].map(title))
    return _Parts(_response_time_by_stage_layout, (tuple(data["stage"]),), {"by_stage": data})


def _response_time_by_stage_layout(data: dict[str, _Data], stages: tuple[str, ...]) -> alt.Chart:
    return (
        alt.Chart(data["by_stage"])
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", title="Stage", sort=list(stages)),
            x=alt.X("median_days:Q", title="Median days to hear back"),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("responses:Q", title="Answers"),
                alt.Tooltip("median_days:Q", title="Median days", format=".1f"),
                alt.Tooltip("shortest_days:Q", title="Quickest (days)"),
                alt.Tooltip("longest_days:Q", title="Slowest (days)"),
            ],
        )
        .properties(height=_HEIGHT)
    )


def weekly_volume_chart(volume: pd.DataFrame, goal: int) -> alt.LayerChart:
    """Applications per week as bars, interviews per week as a line, the weekly goal as a dashed rule.

    `volume` is a frame of `metrics.application_volume`.
    """
    return _chart(_weekly_volume(volume, goal))


def _weekly_volume(volume: pd.DataFrame, goal: int) -> _Parts[alt.LayerChart]:
    return _Parts(_weekly_volume_layout, (goal,), {"volume": volume, "goal": pd.DataFrame({"goal": [goal]})})


def _weekly_volume_layout(data: dict[str, _Data], goal: int) -> alt.LayerChart:
    tooltip = [
        _day_tooltip("week", "Week of"),
        alt.Tooltip("applications:Q", title="Applications"),
        alt.Tooltip("interviews:Q", title="Interviews"),
    ]
    x = alt.X(
        "utcyearmonthdate(week):O",
        title="Week starting",
        axis=alt.Axis(format="%d %b %Y", labelAngle=-45, labelOverlap=True),
    )
    applications, interviews, target = "Applications", "Interviews", f"Goal: {goal} a week"
    colors = _colors((applications, _LIGHT), (interviews, _DARK), (target, _GOAL))
    base = alt.Chart(data["volume"]).encode(x=x, tooltip=tooltip)
    bars = base.mark_bar().encode(y=alt.Y("applications:Q", title="Per week", axis=alt.Axis(tickMinStep=1)))
    line = base.mark_line(strokeWidth=3, point=True).encode(y="interviews:Q")
    rule = (
        alt.Chart(data["goal"])
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(y="goal:Q", tooltip=[alt.Tooltip("goal:Q", title="Weekly goal (applications)")])
    )
    bars, line, rule = (
        _as_series(bars, applications, colors),
        _as_series(line, interviews, colors),
        _as_series(rule, target, colors),
    )
    return (bars + line + rule).properties(height=_HEIGHT).configure_legend(orient="top", title=None)


def funnel_chart(steps: pd.DataFrame) -> alt.LayerChart:
    """How many applications reach each step (`metrics.funnel`), as bars labelled with their share."""
    return _chart(_funnel(steps))


def _funnel(steps: pd.DataFrame) -> _Parts[alt.LayerChart]:
    data = steps.assign(step=steps["stage"].map(FUNNEL_TITLES), rate=steps["rate"].fillna(0.0))
    return _Parts(_funnel_layout, (tuple(data["step"]),), {"steps": data})


def _funnel_layout(data: dict[str, _Data], order: tuple[str, ...]) -> alt.LayerChart:
    base = alt.Chart(data["steps"]).encode(
        y=alt.Y("step:N", title=None, sort=list(order)),
        x=alt.X("applications:Q", title="Applications", axis=alt.Axis(tickMinStep=1)),
        tooltip=[
            alt.Tooltip("step:N", title="Step"),
            alt.Tooltip("applications:Q", title="Applications", format=","),
            alt.Tooltip("rate:Q", title="Share of all applications", format=".0%"),
        ],
    )
    bars = base.mark_bar()
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("rate:Q", format=".0%"))
    return (bars + labels).properties(height=_HEIGHT)


def self_rating_chart(by_outcome: pd.DataFrame) -> alt.LayerChart:
    """Mean overall self-rating per interview outcome (`metrics.self_rating_by_outcome`), as bars.

    Outcomes still pending come last: they do not answer the question yet. The
    number above each bar is how many interviews it stands for.
    """
    return _chart(_self_rating(by_outcome))


def _self_rating(by_outcome: pd.DataFrame) -> _Parts[alt.LayerChart]:
    decided_first = by_outcome.sort_values("outcome", key=lambda o: o == "pending", kind="stable")
    data = decided_first.assign(outcome=decided_first["outcome"].map(title))
    return _Parts(_self_rating_layout, (tuple(data["outcome"]),), {"by_outcome": data})


def _self_rating_layout(data: dict[str, _Data], outcomes: tuple[str, ...]) -> alt.LayerChart:
    base = alt.Chart(data["by_outcome"]).encode(
        x=alt.X("outcome:N", title="Outcome", sort=list(outcomes), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean_overall:Q", title="Mean overall self-rating (1–5)", scale=alt.Scale(domain=[0, 5])),
        tooltip=[
            alt.Tooltip("outcome:N", title="Outcome"),
            alt.Tooltip("interviews:Q", title="Interviews"),
            alt.Tooltip("mean_overall:Q", title="Mean overall", format=".2f"),
            alt.Tooltip("lowest_overall:Q", title="Lowest"),
            alt.Tooltip("highest_overall:Q", title="Highest"),
        ],
    )
    bars = base.mark_bar()
    counts = base.mark_text(baseline="bottom", dy=-3).encode(text=alt.Text("interviews:Q", format=",d"))
    return (bars + counts).properties(height=_HEIGHT)


def recent_dimensions_chart(means: pd.DataFrame, last: int) -> alt.Chart:
    """Each dimension's mean over the last reflections, weakest first (`metrics.weakest_dimensions`)."""
    return _chart(_recent_dimensions(means, last))


def _recent_dimensions(means: pd.DataFrame, last: int) -> _Parts[alt.Chart]:
    data = means.assign(name=means["dimension"].map(DIMENSION_TITLES))
    return _Parts(_recent_dimensions_layout, (tuple(data["name"]), last), {"means": data})


def _recent_dimensions_layout(data: dict[str, _Data], weakest_first: tuple[str, ...], last: int) -> alt.Chart:
    return (
        alt.Chart(data["means"])
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=list(weakest_first), axis=alt.Axis(labelLimit=220)),
            x=alt.X(
                "mean_score:Q", title=f"Mean score over your last {last} reflections", scale=alt.Scale(domain=[0, 5])
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Dimension"),
                alt.Tooltip("mean_score:Q", title="Mean score", format=".2f"),
                alt.Tooltip("scores:Q", title="Reflections that rated it"),
            ],
        )
        .properties(height=_HEIGHT)
    )


# Each builder and the function giving its parts, for `vega_lite`.
_PARTS: dict[Callable[..., alt.TopLevelMixin], Callable[..., _Parts[alt.TopLevelMixin]]] = {
    score_trend_chart: _score_trend,
    weekly_score_chart: _weekly_score,
    response_time_histogram: _response_time_histogram,
    response_time_by_stage_chart: _response_time_by_stage,
    still_waiting_chart: _still_waiting,
    weekly_volume_chart: _weekly_volume,
    funnel_chart: _funnel,
    self_rating_chart: _self_rating,
    recent_dimensions_chart: _recent_dimensions,
}
