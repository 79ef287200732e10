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


def _count(n: int, thing: str) -> str:
    word = _NUMBERS.get(n, f"{n:,}")
    return f"{word} {thing}" if n == 1 else f"{word} {thing}s"


def trend_message(scores: int, dimension_title: str, *, filtered: bool) -> str | None:
    """The score trend needs three reflections that scored the dimension."""
    if scores >= TREND_NEEDS:
        return None
    if filtered:
        return (
            f"These filters hold {_count(scores, 'reflection')} rating {mid_sentence(dimension_title)}; "
            f"a trend needs {_NUMBERS[TREND_NEEDS]}. {_WIDEN}"
        )
    more = TREND_NEEDS - scores
    if dimension_title == "Overall":
        if scores == 0:
            return (
                "Write a reflection after each interview (Reflect page) to see whether you are getting "
                "better: the trend appears after three."
            )
        return f"Write reflections after {_count(more, 'more interview')} to see a trend."
    return f"Rate {mid_sentence(dimension_title)} in your reflections after {_count(more, 'more interview')} to see its trend."


def response_time_message(answers: int, *, filtered: bool) -> str | None:
    """Days to hear back need three interviews with a `heard_back_on` date."""
    if answers >= ANSWERS_NEEDED:
        return None
    if filtered:
        return (
            f"These filters hold {_count(answers, 'interview')} with a day you heard back; "
            f"this needs {_NUMBERS[ANSWERS_NEEDED]}. {_WIDEN}"
        )
    more = ANSWERS_NEEDED - answers
    return (
        f"Record the day you heard back for {_count(more, 'more interview')} (Applications, then the "
        "interview's “Heard back on”) to see how long answers take."
    )


def volume_message(weeks: int, *, filtered: bool) -> str | None:
    """Weekly volume needs one week with an application or interview."""
    if weeks > 0:
        return None
    if filtered:
        return f"No applications or interviews in these filters. {_WIDEN}"
    return "Add your applications (Applications page) to see how many you send each week against your goal."


def funnel_message(applications: int, *, filtered: bool) -> str | None:
    """The funnel needs one application."""
    if applications > 0:
        return None
    if filtered:
        return f"No applications in these filters. {_WIDEN}"
    return "Add your applications to see how many get an answer, an interview and an offer."


def recent_dimensions_message(rated: int, *, filtered: bool) -> str | None:
    """The dimensions lately need one reflection that rated a part of the interview besides overall."""
    if rated > 0:
        return None
    if filtered:
        return f"These filters hold no reflections rating the parts of an interview. {_WIDEN}"
    return "Rate the parts of each interview in your reflections to see which needs work."


def self_rating_message(decided: int, *, filtered: bool) -> str | None:
    """Self-rating by outcome needs three reflected interviews whose outcome is known (not pending)."""
    if decided >= DECIDED_OUTCOMES_NEEDED:
        return None
    if filtered:
        return (
            f"These filters hold {_count(decided, 'reflected interview')} with a known outcome; "
            f"this needs {_NUMBERS[DECIDED_OUTCOMES_NEEDED]}. {_WIDEN}"
        )
    more = DECIDED_OUTCOMES_NEEDED - decided
    return (
        f"Record the outcome of {_count(more, 'more interview')} you reflected on to see whether "
        "feeling good about an interview predicts moving on."
    )
