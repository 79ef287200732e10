"""The user's settings, kept in the `settings` table as text under a key.

For now one setting: the weekly application goal that Today and Trends measure
this week's applications against.
"""

from __future__ import annotations

import duckdb

from data import reads
from data.db import Database
from data.validation import InvalidRecord, Problem

WEEKLY_GOAL_KEY = "weekly_goal"
DEFAULT_WEEKLY_GOAL = 5
WEEKLY_GOAL_MAX = 500


def weekly_goal(con: duckdb.DuckDBPyConnection) -> int:
    """How many applications a week the user aims for: the stored `weekly_goal`, else 5.

    A stored value that is not a whole number from 1 to 500 (written by hand or
    by a broken import) counts as absent, so the pages always have a goal to show.
    """
    row = reads.one(con, "SELECT value FROM settings WHERE key = ?", [WEEKLY_GOAL_KEY])
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
