"""What the Today page asks of the database: what is coming up and what is waiting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd


def has_any_application(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT EXISTS (SELECT 1 FROM applications)").fetchone()[0]


def applications_in_week(con: duckdb.DuckDBPyConnection, today: date) -> int:
    """Applications dated in the Monday-to-Sunday week that holds `today`."""
    monday = today - timedelta(days=today.weekday())
    return con.execute(
        "SELECT count(*) FROM applications WHERE applied_on BETWEEN ? AND ?", [monday, monday + timedelta(days=6)]
    ).fetchone()[0]


def upcoming_interviews(
    con: duckdb.DuckDBPyConnection, now: datetime, days: int = 14, *, limit: int | None = None
) -> pd.DataFrame:
    """Interviews from `now` to `days` ahead, soonest first (at most `limit`).

    Columns: id, held_at, company, role, stage, format, upcoming (how many in all, on every row).
    """
    return con.execute(
        """
        SELECT i.id, i.held_at, a.company, a.role, i.stage, i.format, count(*) OVER () AS upcoming
        FROM interviews i JOIN applications a ON a.id = i.application_id
        WHERE i.held_at >= $start AND i.held_at < $end
        ORDER BY i.held_at, i.id
        LIMIT $limit
        """,
        {"start": now, "end": now + timedelta(days=days), "limit": limit},
    ).df()


def waiting_for_answers(con: duckdb.DuckDBPyConnection, today: date, *, limit: int | None = None) -> pd.DataFrame:
    """Interviews held before `today` whose outcome is pending with no answer yet, longest wait first.

    At most `limit` of them. Columns: id, company, role, stage, held_at,
    days_waited (whole days from the interview's date to `today`), waiting (how
    many interviews wait in all, the same on every row).
    """
    return con.execute(
        """
        SELECT i.id, a.company, a.role, i.stage, i.held_at,
               datediff('day', CAST(i.held_at AS DATE), CAST($today AS DATE)) AS days_waited,
               count(*) OVER () AS waiting
        FROM interviews i JOIN applications a ON a.id = i.application_id
        WHERE i.outcome = 'pending' AND i.heard_back_on IS NULL AND CAST(i.held_at AS DATE) < $today
        ORDER BY i.held_at, i.id
        LIMIT $limit
        """,
        {"today": today, "limit": limit},
    ).df()
