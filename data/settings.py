"""The user's settings, kept in the `settings` table as text under a key.

The weekly application goal that Today and Trends measure this week's
applications against, and the windows after which follow-ups are missed.
"""

from __future__ import annotations

import duckdb

from data.db import Database
from data.validation import InvalidRecord, Problem
from followups.plan import LapseWindows

WEEKLY_GOAL_KEY = "weekly_goal"
DEFAULT_WEEKLY_GOAL = 5
WEEKLY_GOAL_MAX = 500


def weekly_goal(con: duckdb.DuckDBPyConnection) -> int:
    """How many applications a week the user aims for: the stored `weekly_goal`, else 5.

    A stored value that is not a whole number from 1 to 500 (written by hand or
    by a broken import) counts as absent, so the pages always have a goal to show.
    """
    row = con.execute("SELECT value FROM settings WHERE key = ?", [WEEKLY_GOAL_KEY]).fetchone()
    if row is None:
        return DEFAULT_WEEKLY_GOAL
    try:
        goal = int(row[0].strip())
    except ValueError:
        return DEFAULT_WEEKLY_GOAL
    return goal if 1 <= goal <= WEEKLY_GOAL_MAX else DEFAULT_WEEKLY_GOAL


def set_weekly_goal(db: Database, goal: int) -> None:
    """Store `goal` (a whole number from 1 to 500) as the weekly application goal.

    Raises `InvalidRecord` without writing anything when it is outside that range.
    """
    if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= WEEKLY_GOAL_MAX:
        raise InvalidRecord([Problem("Weekly goal", f"must be a whole number from 1 to {WEEKLY_GOAL_MAX}.")])
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [WEEKLY_GOAL_KEY, str(goal)],
        )


# When follow-ups lapse (see `followups.plan.LapseWindows`): one whole number of days each.
LAPSE_KEYS = {
    "thank_you_days": "lapse_thank_you_days",
    "heads_up_days": "lapse_heads_up_days",
    "feedback_days": "lapse_feedback_days",
    "wait_limit_days": "wait_limit_days",
}
LAPSE_DAYS_MAX = 365


def lapse_windows(con: duckdb.DuckDBPyConnection) -> LapseWindows:
    """The windows after which each kind of follow-up is missed: the stored ones, else the defaults.

    A stored value that is not a whole number from 1 to 365 counts as absent,
    as with the weekly goal.
    """
    stored = dict(
        con.execute(
            "SELECT key, value FROM settings WHERE list_contains(?, key)", [list(LAPSE_KEYS.values())]
        ).fetchall()
    )
    chosen = {}
    for name, key in LAPSE_KEYS.items():
        try:
            days = int(stored[key].strip())
        except (KeyError, ValueError):
            continue
        if 1 <= days <= LAPSE_DAYS_MAX:
            chosen[name] = days
    return LapseWindows(**chosen)


def set_lapse_windows(db: Database, windows: LapseWindows) -> None:
    """Store every window of `windows` (whole numbers of days from 1 to 365).

    Raises `InvalidRecord` naming each window out of range, without writing anything.
    """
    problems = [
        Problem(LAPSE_LABELS[name], f"must be a whole number of days from 1 to {LAPSE_DAYS_MAX}.")
        for name in LAPSE_KEYS
        if isinstance(getattr(windows, name), bool)
        or not isinstance(getattr(windows, name), int)
        or not 1 <= getattr(windows, name) <= LAPSE_DAYS_MAX
    ]
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        for name, key in LAPSE_KEYS.items():
            cur.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, str(getattr(windows, name))],
            )


# How the settings name each window, in the words of the Follow-ups page.
LAPSE_LABELS = {
    "thank_you_days": "Thank-you note: missed after (days from the interview)",
    "heads_up_days": "Reference heads-up: missed after (days, or once the next round is held)",
    "feedback_days": "Feedback request: missed after (days from when it was due)",
    "wait_limit_days": "A wait with no answer ends after (days from the interview)",
}
