"""What the Today page asks of the database: what is coming up and what is waiting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from data.store import reads

has_any_application = reads.has_any_application


def applications_in_week(con: duckdb.DuckDBPyConnection, today: date) -> int:
    """Applications dated in the Monday-to-Sunday week that holds `today`."""
    monday = today - timedelta(days=today.weekday())
    return reads.scalar(
        con, "SELECT count(*) FROM applications WHERE applied_on BETWEEN ? AND ?", [monday, monday + timedelta(days=6)]
    )


def upcoming_interviews(
    con: duckdb.DuckDBPyConnection, now: datetime, days: int = 14, *, limit: int | None = None
) -> pd.DataFrame:
    """Interviews from `now` to `days` ahead, soonest first (at most `limit`).

    Columns: id, held_at, company, role, stage, format, upcoming (how many in all, on every row).
    """
    return reads.frame(
        con,
        """
        WITH picked AS (
            SELECT id, application_id, held_at, stage, format, count(*) OVER () AS upcoming
            FROM interviews
            WHERE held_at >= $start AND held_at < $end
            ORDER BY held_at, id
            LIMIT $limit
        )
        SELECT p.id, p.held_at, a.company, a.role, p.stage, p.format, p.upcoming
        FROM picked p JOIN applications a ON a.id = p.application_id
        ORDER BY p.held_at, p.id
        """,
        {"start": now, "end": now + timedelta(days=days), "limit": limit},
    )


def waiting_for_answers(con: duckdb.DuckDBPyConnection, today: date, *, limit: int | None = None) -> pd.DataFrame:
    """Interviews held before `today` whose outcome is pending with no answer yet and not closed as
    no answer (`no_answer_on`), longest wait first.

    At most `limit` of them. Columns: id, company, role, stage, held_at,
    days_waited (whole days from the interview's date to `today`), waiting (how
    many interviews wait in all, the same on every row).
    """
    return reads.frame(
        con,
        """
        WITH picked AS (
            SELECT id, application_id, stage, held_at, count(*) OVER () AS waiting
            FROM interviews
            WHERE outcome = 'pending' AND heard_back_on IS NULL AND no_answer_on IS NULL
              AND CAST(held_at AS DATE) < $today
            ORDER BY held_at, id
            LIMIT $limit
        )
        SELECT p.id, a.company, a.role, p.stage, p.held_at,
               datediff('day', CAST(p.held_at AS DATE), CAST($today AS DATE)) AS days_waited, p.waiting
        FROM picked p JOIN applications a ON a.id = p.application_id
        ORDER BY p.held_at, p.id
        """,
        {"today": today, "limit": limit},
    )


def closed_waits(con: duckdb.DuckDBPyConnection, *, since: date | None = None, limit: int = 5) -> pd.DataFrame:
    """Interviews whose wait was closed as no answer (on `since` or later, if given), most recently
    closed first (at most `limit`).

    Columns: id, company, role, stage, held_at, no_answer_on.
    """
    return con.execute(
        """
        SELECT i.id, a.company, a.role, i.stage, i.held_at, i.no_answer_on
        FROM interviews i JOIN applications a ON a.id = i.application_id
        WHERE i.no_answer_on IS NOT NULL AND i.heard_back_on IS NULL AND i.outcome = 'pending'
          AND ($since IS NULL OR i.no_answer_on >= $since)
        ORDER BY i.no_answer_on DESC, i.id DESC
        LIMIT $limit
        """,
        {"limit": limit, "since": since},
    ).df()
