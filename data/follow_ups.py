"""Follow-ups in the database: keeping each application's plan in step, and acting on items.

The rules of the plan live in `followups.plan`; this module reads the facts they
need and reconciles the `follow_ups` table with what the rules call for.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from followups.plan import FEEDBACK_AFTER, InterviewFacts, PlannedFollowUp, plan_for_application, typical_wait_days


def _interview_facts(cur: duckdb.DuckDBPyConnection, application_id: int) -> list[InterviewFacts]:
    rows = cur.execute(
        """
        SELECT i.id, i.stage, i.held_at, i.outcome, i.heard_back_on,
               coalesce(list(ii.contact_id ORDER BY ii.contact_id) FILTER (WHERE ii.contact_id IS NOT NULL), [])
        FROM interviews i LEFT JOIN interview_interviewers ii ON ii.interview_id = i.id
        WHERE i.application_id = ?
        GROUP BY ALL
        """,
        [application_id],
    ).fetchall()
    return [InterviewFacts(r[0], r[1], r[2], r[3], r[4], tuple(r[5])) for r in rows]


def _reference_ids(cur: duckdb.DuckDBPyConnection, application_id: int) -> list[int]:
    rows = cur.execute(
        "SELECT contact_id FROM application_references WHERE application_id = ? ORDER BY contact_id",
        [application_id],
    ).fetchall()
    return [r[0] for r in rows]


def past_waits_in_days(cur: duckdb.DuckDBPyConnection) -> list[float]:
    """Days from each interview to hearing back, over every interview with an answer."""
    rows = cur.execute(
        "SELECT datediff('day', CAST(held_at AS DATE), heard_back_on) FROM interviews WHERE heard_back_on IS NOT NULL"
    ).fetchall()
    return [float(r[0]) for r in rows]


def sync_application_plan(cur: duckdb.DuckDBPyConnection, application_id: int, now: datetime | None = None) -> None:
    """Make the application's open follow-ups match what its plan calls for.

    Run inside the transaction that changed the interviews or references. Items
    the plan still calls for get their due time moved; new ones are added; open
    items it no longer calls for are removed. Items done or skipped stay as
    history, and so do heads-ups given on demand (those have no interview).
    """
    now = now or datetime.now()
    planned = plan_for_application(
        _interview_facts(cur, application_id),
        _reference_ids(cur, application_id),
        typical_wait_days(past_waits_in_days(cur)),
    )
    wanted: dict[tuple, PlannedFollowUp] = {item.key: item for item in planned}
    existing = cur.execute(
        """
        SELECT id, kind, interview_id, contact_id, due_at, done_at IS NOT NULL OR skipped_at IS NOT NULL AS closed
        FROM follow_ups
        WHERE application_id = ? AND interview_id IS NOT NULL
        """,
        [application_id],
    ).fetchall()
    for follow_up_id, kind, interview_id, contact_id, due_at, closed in existing:
        item = wanted.pop((kind, interview_id, contact_id), None)
        if closed:
            continue
        if item is None:
            cur.execute("DELETE FROM follow_ups WHERE id = ?", [follow_up_id])
        elif item.due_at is not None and item.due_at != due_at:
            cur.execute("UPDATE follow_ups SET due_at = ? WHERE id = ?", [item.due_at, follow_up_id])
    for item in wanted.values():
        # Only a feedback request for an outcome heard without a date has no due
        # time of its own: its two days start now, when the outcome is recorded.
        cur.execute(
            "INSERT INTO follow_ups (application_id, interview_id, kind, contact_id, due_at) VALUES (?, ?, ?, ?, ?)",
            [application_id, item.interview_id, item.kind, item.contact_id, item.due_at or now + FEEDBACK_AFTER],
        )
