"""What each Trends chart needs before it says anything, and the words that tell the user how to get it.

Each function is given how much of the chart's data there is and returns the
message to show instead of the chart, or None when the chart can be drawn.
`filtered` says whether the date range, company or stage narrowed the data: then
the way to more data may simply be to widen them.
"""

from __future__ import annotations

from analytics.charts import mid_sentence

TREND_NEEDS = 3
ANSWERS_NEEDED = 3
DECIDED_OUTCOMES_NEEDED = 3

_WIDEN = "Widen the date range or clear the company or stage filter to include more."
_NUMBERS = {0: "no", 1: "one", 2: "two", 3: "three"}

# The charts that need one row: what to say instead when the filters hold none, and when there is none at all.
_NONE_IN_FILTERS = {
    "recent dimensions": "These filters hold no reflections rating the parts of an interview.",
    "volume": "No applications or interviews in these filters.",
    "funnel": "No applications in these filters.",
}
_NONE_YET = {
    "recent dimensions": "Rate the parts of each interview in your reflections to see which needs work.",
    "volume": "Add your applications (Applications page) to see how many you send each week against your goal.",
    "funnel": "Add your applications to see how many get an answer, an interview and an offer.",
}
# The charts that count down to three interviews with a fact: the way to more ({more}: "two more interviews").
_TO_GET_MORE = {
    "self-rating": "Record the outcome of {more} you reflected on to see whether feeling good about an interview "
    "predicts moving on.",
    "response times": "Record the day you heard back for {more} (Applications, then the interview's “Heard back on”) "
    "to see how long answers take.",
}


def _count(n: int, thing: str) -> str:
    word = _NUMBERS.get(n, f"{n:,}")
    return f"{word} {thing}" if n == 1 else f"{word} {thing}s"


def _too_few_in_filters(held: str, needed: int, needs: str = "this needs") -> str:
    """What the filters hold of a chart's data (`held`, counted), what the chart needs, and how to widen them."""
    return f"These filters hold {held}; {needs} {_NUMBERS[needed]}. {_WIDEN}"


def _none_yet(chart: str, rows: int, filtered: bool) -> str | None:
    """For a chart that needs one row: None when it has one, else what to say instead."""
    if rows > 0:
        return None
    return f"{_NONE_IN_FILTERS[chart]} {_WIDEN}" if filtered else _NONE_YET[chart]


def _count_down(chart: str, have: int, needed: int, filtered: bool, held: str) -> str | None:
    """For a chart that needs `needed` interviews with a fact: None once it has them, else what to say instead.

    `held` says what the filters hold, with its count ("two interviews with a day you heard back").
    """
    if have >= needed:
        return None
    if filtered:
        return _too_few_in_filters(held, needed)
    return _TO_GET_MORE[chart].format(more=_count(needed - have, "more interview"))


# In the order the Trends page shows the charts.


def trend_message(scores: int, dimension_title: str, *, filtered: bool) -> str | None:
    """The score trend needs three reflections that scored the dimension."""
    if scores >= TREND_NEEDS:
        return None
    if filtered:
        held = f"{_count(scores, 'reflection')} rating {mid_sentence(dimension_title)}"
        return _too_few_in_filters(held, TREND_NEEDS, "a trend needs")
    more = TREND_NEEDS - scores
    if dimension_title == "Overall":
        if scores == 0:
            return (
                "Write a reflection after each interview (Reflect page) to see whether you are getting "
                "better: the trend appears after three."
            )
        return f"Write reflections after {_count(more, 'more interview')} to see a trend."
    return f"Rate {mid_sentence(dimension_title)} in your reflections after {_count(more, 'more interview')} to see its trend."


def recent_dimensions_message(rated: int, *, filtered: bool) -> str | None:
    """The dimensions lately need one reflection that rated a part of the interview besides overall."""
    return _none_yet("recent dimensions", rated, filtered)


def self_rating_message(decided: int, *, filtered: bool) -> str | None:
    """Self-rating by outcome needs three reflected interviews whose outcome is known (not pending)."""
    held = f"{_count(decided, 'reflected interview')} with a known outcome"
    return _count_down("self-rating", decided, DECIDED_OUTCOMES_NEEDED, filtered, held)


def response_time_message(answers: int, *, filtered: bool) -> str | None:
    """Days to hear back need three interviews with a `heard_back_on` date."""
    held = f"{_count(answers, 'interview')} with a day you heard back"
    return _count_down("response times", answers, ANSWERS_NEEDED, filtered, held)


def volume_message(weeks: int, *, filtered: bool) -> str | None:
    """Weekly volume needs one week with an application or interview."""
    return _none_yet("volume", weeks, filtered)


def funnel_message(applications: int, *, filtered: bool) -> str | None:
    """The funnel needs one application."""
    return _none_yet("funnel", applications, filtered)
