"""The week in review, as a person would send it to a friend or coach: its facts and its words.

`read_week_review` gathers one week's numbers from `analytics.weekly`;
`review_markdown` and `review_html` turn them into text, showing only the parts
the user chose (`Sharing`): stress ratings and private notes are left out unless
asked for. Both builders are pure: same review and choices, same text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from analytics import weekly
from data.labels import DIMENSION_LABELS

DIMENSION_NAMES = {**DIMENSION_LABELS, "stress": "Stress"}


@dataclass(frozen=True)
class Sharing:
    """Which parts of the review go in the text; what is private is off unless chosen."""

    ratings: bool = True
    stress: bool = False
    to_address: bool = True
    private_notes: bool = False
    coming: bool = True


@dataclass(frozen=True)
class WeekReview:
    """One week's facts, as read by `read_week_review`."""

    monday: date
    goal: int
    activity: dict
    ratings: pd.DataFrame
    notes: pd.DataFrame
    ahead: pd.DataFrame
    follow_ups_ahead: int


def read_week_review(con: duckdb.DuckDBPyConnection, monday: date, now: datetime, goal: int) -> WeekReview:
    """Everything the review of the week starting `monday` says, read at `now`, against a weekly `goal`."""
    return WeekReview(
        monday=monday,
        goal=goal,
        activity={k: int(v) for k, v in weekly.week_activity(con, monday, now).iloc[0].items()},
        ratings=weekly.week_ratings(con, monday),
        notes=weekly.week_reflection_notes(con, monday),
        ahead=weekly.week_ahead(con, monday),
        follow_ups_ahead=weekly.follow_ups_due_ahead(con, monday),
    )


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _label(value: str) -> str:
    return str(value).replace("_", " ").capitalize()


def _week_title(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return f"Week in review: {monday:%A} {monday.day} {monday:%B} to {sunday:%A} {sunday.day} {sunday:%B %Y}"


def _day(moment) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def _sections(review: WeekReview, sharing: Sharing) -> list[tuple[str, list[str]]]:
    """The review as (heading, lines) pairs of plain text, user text as typed."""
    act = review.activity
    sent, goal = act["applications"], review.goal
    verdict = "goal met" if sent >= goal else f"{goal - sent:,} short of it"
    sections = [
        ("Applications", [f"{_plural(sent, 'application')} sent, against a goal of {goal:,} ({verdict})."]),
        ("Interviews", [f"{_plural(act['interviews'], 'interview')} held."]),
    ]
    if act["follow_ups"]:
        parts = [f"{act['done_on_time']:,} done on time", f"{act['done_late']:,} done late"]
        parts.append(f"{act['not_done']:,} not done")
        if act["skipped"]:
            parts.append(f"{act['skipped']:,} skipped")
        if act["still_open"]:
            parts.append(f"{act['still_open']:,} still to do")
        follow = [f"{_plural(act['follow_ups'], 'follow-up')} due: {', '.join(parts)}."]
    else:
        follow = ["None due."]
    sections.append(("Follow-ups", follow))
    if sharing.ratings:
        shown = review.ratings[review.ratings["dimension"] != "stress"] if not sharing.stress else review.ratings
        lines = []
        for row in shown.itertuples():
            usual = f" (usually {row.usual:.1f})" if pd.notna(row.usual) else " (first time rated)"
            lines.append(f"{DIMENSION_NAMES[row.dimension]}: {row.this_week:.1f}{usual}")
        sections.append(("Self-ratings, 1 to 5", lines or ["No reflections this week."]))
    for chosen, column, heading in (
        (sharing.to_address, "to_improve", "To address next time"),
        (sharing.private_notes, "other_notes", "Private notes"),
    ):
        if not chosen:
            continue
        noted = review.notes[review.notes[column].notna()]
        lines = [
            f"{row.company}, {row.role} ({_label(row.stage)}, {_day(row.held_at)}): {getattr(row, column)}"
            for row in noted.itertuples()
        ]
        sections.append((heading, lines or ["Nothing noted."]))
    if sharing.coming:
        lines = [
            f"{_day(row.held_at)} {row.held_at:%H:%M}: {row.company}, {row.role} ({_label(row.stage)})"
            for row in review.ahead.itertuples()
        ] or ["No interviews planned."]
        if review.follow_ups_ahead:
            lines.append(f"{_plural(review.follow_ups_ahead, 'follow-up')} due.")
        sections.append(("Coming next week", lines))
    return sections


def review_markdown(review: WeekReview, sharing: Sharing = Sharing()) -> str:
    """The review as Markdown (readable as plain text too), with only the parts `sharing` chose."""
    out = [f"# {_week_title(review.monday)}"]
    for heading, lines in _sections(review, sharing):
        out += ["", f"## {heading}", ""]
        # A note of several lines stays one list item: its next lines are indented under it.
        out += ["- " + line.replace("\n", "\n  ") for line in lines]
    return "\n".join(out) + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5; color: #222; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; margin-top: 1.5rem; }}
li {{ white-space: pre-line; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
<p><small>Made with Debrief.</small></p>
</body>
</html>
"""


def review_html(review: WeekReview, sharing: Sharing = Sharing()) -> str:
    """The review as a printable HTML page, every text escaped, with only the parts `sharing` chose."""
    body = []
    for heading, lines in _sections(review, sharing):
        items = "\n".join(f"<li>{html.escape(line)}</li>" for line in lines)
        body.append(f"<h2>{html.escape(heading)}</h2>\n<ul>\n{items}\n</ul>")
    return _PAGE.format(title=html.escape(_week_title(review.monday)), body="\n".join(body))
