"""One week of the job search, Monday to Sunday, for the week in review: read-only queries.

Every function takes a connection and the week's Monday (`monday`); the week runs
from that Monday 00:00 up to, not including, the next Monday 00:00. Each returns
a small pandas DataFrame with the columns its docstring names.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from data.store.schema import RATING_DIMENSIONS

# The dimensions of the week's ratings: the seven scores, then stress (shared only when chosen).
REVIEW_DIMENSIONS = (*RATING_DIMENSIONS, "stress")


def monday_of(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def _bounds(monday: date) -> dict[str, object]:
    if monday.weekday() != 0:
        raise ValueError(f"a week starts on a Monday, not on {monday:%A %Y-%m-%d}")
    start = datetime.combine(monday, datetime.min.time())
    return {"monday": monday, "sunday": monday + timedelta(days=6), "start": start, "end": start + timedelta(days=7)}


def _times(monday: date) -> dict[str, object]:
    bounds = _bounds(monday)
    return {"start": bounds["start"], "end": bounds["end"]}


def week_activity(con: duckdb.DuckDBPyConnection, monday: date, now: datetime) -> pd.DataFrame:
    """What the week held: one row.

    - `applications`: applications whose `applied_on` is in the week (an unknown
      date is in no week), the count `application_volume` gives that week;
    - `interviews`: interviews whose `held_at` is in the week and before `now`;
    - over the follow-ups due in the week (`due_at` in it): `follow_ups` (how
      many), `done_on_time` (done no later than `due_at`), `done_late` (done
      after it), `skipped` (skipped, not done), `not_done` (neither done nor
      skipped, and due before `now`), `still_open` (neither, due from `now` on).
    """
    bounds = _bounds(monday)
    return con.execute(
        """
        WITH due AS (
            SELECT due_at, done_at, skipped_at FROM follow_ups WHERE due_at >= $start AND due_at < $end
        )
        SELECT
            (SELECT count(*) FROM applications WHERE applied_on BETWEEN $monday AND $sunday) AS applications,
            (SELECT count(*) FROM interviews WHERE held_at >= $start AND held_at < $end AND held_at <= $now)
                AS interviews,
            (SELECT count(*) FROM due) AS follow_ups,
            (SELECT count(*) FROM due WHERE done_at <= due_at) AS done_on_time,
            (SELECT count(*) FROM due WHERE done_at > due_at) AS done_late,
            (SELECT count(*) FROM due WHERE done_at IS NULL AND skipped_at IS NOT NULL) AS skipped,
            (SELECT count(*) FROM due WHERE done_at IS NULL AND skipped_at IS NULL AND due_at < $now) AS not_done,
            (SELECT count(*) FROM due WHERE done_at IS NULL AND skipped_at IS NULL AND due_at >= $now)
                AS still_open
        """,
        {**bounds, "now": now},
    ).df()


def week_ratings(con: duckdb.DuckDBPyConnection, monday: date) -> pd.DataFrame:
    """The week's self-ratings beside the usual ones: one row per dimension, in `REVIEW_DIMENSIONS` order.

    `this_week`: the mean score over the reflections of interviews held in the
    week; `usual`: the mean over the reflections of interviews held before the
    week; `reflections`: how many of the week's reflections scored it. A blank
    score counts in neither mean; a mean with no score is null. Only dimensions
    scored this week have a row.

    Columns: `dimension`, `reflections`, `this_week`, `usual`.
    """
    return con.execute(
        """
        WITH rated AS (
            SELECT i.held_at >= $start AS in_week,
                   r.overall, r.communication, r.skills, r.examples, r.rapport, r.questions, r.preparation, r.stress
            FROM reflections r JOIN interviews i ON i.id = r.interview_id
            WHERE i.held_at < $end
        ),
        scores AS (
            UNPIVOT rated
            ON overall, communication, skills, examples, rapport, questions, preparation, stress
            INTO NAME dimension VALUE score
        )
        SELECT dimension,
               count(*) FILTER (WHERE in_week) AS reflections,
               avg(score) FILTER (WHERE in_week) AS this_week,
               avg(score) FILTER (WHERE NOT in_week) AS usual
        FROM scores
        GROUP BY dimension
        HAVING count(*) FILTER (WHERE in_week) > 0
        ORDER BY list_position($dimensions, dimension)
        """,
        {**_times(monday), "dimensions": list(REVIEW_DIMENSIONS)},
    ).df()


def week_reflection_notes(con: duckdb.DuckDBPyConnection, monday: date) -> pd.DataFrame:
    """The notes of the week's reflections, by interview, earliest first.

    Over the interviews held in the week that have a reflection with a "what to
    address next time" (`to_improve`) or "anything else" (`other_notes`) note.

    Columns: `interview_id`, `held_at`, `company`, `role`, `stage`, `to_improve`, `other_notes`.
    """
    return con.execute(
        """
        SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage, r.to_improve, r.other_notes
        FROM interviews i
        JOIN reflections r ON r.interview_id = i.id
        JOIN applications a ON a.id = i.application_id
        WHERE i.held_at >= $start AND i.held_at < $end
          AND (r.to_improve IS NOT NULL OR r.other_notes IS NOT NULL)
        ORDER BY i.held_at, i.id
        """,
        _times(monday),
    ).df()


def week_ahead(con: duckdb.DuckDBPyConnection, monday: date) -> pd.DataFrame:
    """What is coming the week after `monday`'s: its interviews, soonest first.

    Columns: `interview_id`, `held_at`, `company`, `role`, `stage`.
    """
    return con.execute(
        """
        SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage
        FROM interviews i JOIN applications a ON a.id = i.application_id
        WHERE i.held_at >= $start AND i.held_at < $end
        ORDER BY i.held_at, i.id
        """,
        _times(monday + timedelta(days=7)),
    ).df()


def follow_ups_due_ahead(con: duckdb.DuckDBPyConnection, monday: date) -> int:
    """How many follow-ups, neither done nor skipped, fall due the week after `monday`'s."""
    return con.execute(
        "SELECT count(*) FROM follow_ups WHERE due_at >= $start AND due_at < $end"
        " AND done_at IS NULL AND skipped_at IS NULL",
        _times(monday + timedelta(days=7)),
    ).fetchall()[0][0]
