"""Follow-ups in the database: keeping each application's plan in step, and acting on items.

The rules of the plan live in `followups.plan`; this module reads the facts they
need and reconciles the `follow_ups` table with what the rules call for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import duckdb

from data import reads
from data.db import Database
from data.errors import RecordGone
from data.validation import InvalidRecord, clean, name_field, required
from followups.plan import (
    FEEDBACK_AFTER,
    MORNING,
    InterviewFacts,
    PlannedFollowUp,
    plan_for_application,
    status_check_delay_days,
    typical_wait_days,
)
from followups.schedule import group_of, group_windows


def _interview_facts(cur: duckdb.DuckDBPyConnection, application_id: int) -> list[InterviewFacts]:
    rows = reads.rows(
        cur,
        """
        SELECT i.id, i.stage, i.held_at, i.outcome, i.heard_back_on,
               coalesce(list(ii.contact_id ORDER BY ii.contact_id) FILTER (WHERE ii.contact_id IS NOT NULL), [])
        FROM interviews i LEFT JOIN interview_interviewers ii ON ii.interview_id = i.id
        WHERE i.application_id = ?
        GROUP BY ALL
        """,
        [application_id],
    )
    return [InterviewFacts(r[0], r[1], r[2], r[3], r[4], tuple(r[5])) for r in rows]


def _reference_ids(cur: duckdb.DuckDBPyConnection, application_id: int) -> list[int]:
    rows = reads.rows(
        cur,
        "SELECT contact_id FROM application_references WHERE application_id = ? ORDER BY contact_id",
        [application_id],
    )
    return [r[0] for r in rows]


def answered_waits(cur: duckdb.DuckDBPyConnection) -> tuple[int, float | None]:
    """How many interviews have an answer, and the median of their days from interview to answer."""
    [(answers, median_wait)] = reads.rows(
        cur,
        "SELECT count(*), median(datediff('day', CAST(held_at AS DATE), heard_back_on))"
        " FROM interviews WHERE heard_back_on IS NOT NULL",
    )
    return answers, None if median_wait is None else float(median_wait)


def typical_wait(cur: duckdb.DuckDBPyConnection) -> float:
    """The user's typical wait to hear back, in days (see `followups.plan.typical_wait_days`)."""
    return typical_wait_days(*answered_waits(cur))


def sync_application_plan(cur: duckdb.DuckDBPyConnection, application_id: int, now: datetime | None = None) -> None:
    """Make the application's open follow-ups match what its plan calls for.

    Run inside the transaction that changed the interviews or references. Items
    the plan still calls for get their due time moved; new ones are added; open
    items it no longer calls for are removed. Items done or skipped stay as
    history; so do heads-ups given on demand (those have no interview) and
    feedback requests (once asked for, by the rules or by hand, a request stays
    until the user marks it done or skips it). An answer recorded here changes
    the user's typical wait, so open status checks of every application follow it.
    """
    now = now or datetime.now()
    usual_wait = typical_wait(cur)
    planned = plan_for_application(
        _interview_facts(cur, application_id), _reference_ids(cur, application_id), usual_wait
    )
    # A reference already given a heads-up (on demand, or done or skipped for an
    # interview that is no longer the first serious one) is not planned a second one.
    already_told = {
        row[0]
        for row in reads.rows(
            cur,
            "SELECT contact_id FROM follow_ups"
            " WHERE application_id = ? AND kind = 'reference_heads_up'"
            " AND (interview_id IS NULL OR done_at IS NOT NULL OR skipped_at IS NOT NULL)",
            [application_id],
        )
    }
    wanted: dict[tuple, PlannedFollowUp] = {
        item.key: item
        for item in planned
        if not (item.kind == "reference_heads_up" and item.contact_id in already_told)
    }
    existing = reads.rows(
        cur,
        """
        SELECT id, kind, interview_id, contact_id, due_at, done_at IS NOT NULL OR skipped_at IS NOT NULL AS closed
        FROM follow_ups
        WHERE application_id = ? AND interview_id IS NOT NULL
        """,
        [application_id],
    )
    for follow_up_id, kind, interview_id, contact_id, due_at, closed in existing:
        item = wanted.pop((kind, interview_id, contact_id), None)
        if closed:
            continue
        if item is None:
            if kind != "feedback_request":
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
    _move_status_checks(cur, usual_wait)


def _move_status_checks(cur: duckdb.DuckDBPyConnection, usual_wait: float) -> None:
    """Put every open status check, of any application, at the due time `usual_wait` calls for.

    One statement for all of them (`followups.plan.status_check_due`, in SQL):
    a search can hold thousands of open status checks, and only those whose
    time changes are written.
    """
    cur.execute(
        """
        UPDATE follow_ups AS f
        SET due_at = CAST(CAST(i.held_at AS DATE) AS TIMESTAMP) + $morning + to_days($days)
        FROM interviews AS i
        WHERE i.id = f.interview_id AND f.kind = 'status_check' AND f.done_at IS NULL AND f.skipped_at IS NULL
          AND f.due_at IS DISTINCT FROM CAST(CAST(i.held_at AS DATE) AS TIMESTAMP) + $morning + to_days($days)
        """,
        {
            "morning": datetime.combine(date.min, MORNING) - datetime.combine(date.min, time()),
            "days": status_check_delay_days(usual_wait),
        },
    )


# After `WITH picked AS (...)`: the picked follow-ups with what their cards show. The
# first interviewer is looked up for the picked interviews only (a lateral subquery
# would rank the interviewers of every interview before keeping these).
_CARD_QUERY = """
    , first_interviewers AS (
        SELECT interview_id, first.name, first.email
        FROM (
            -- The whole struct, as arg_min would pass over a first interviewer without an email.
            SELECT ii.interview_id, arg_min({'name': ic.name, 'email': ic.email}, ic.name) AS first
            FROM interview_interviewers ii JOIN contacts ic ON ic.id = ii.contact_id
            WHERE ii.interview_id IN (SELECT interview_id FROM picked)
            GROUP BY ii.interview_id
        )
    )
    SELECT f.id, f.kind, coalesce(f.snoozed_until, f.due_at) AS due_at, f.due_at AS planned_due_at,
           f.done_at, f.skipped_at, f.skip_reason, f.snoozed_until,
           f.application_id, f.interview_id, a.company, a.role, a.url, i.stage, i.held_at, i.outcome,
           coalesce(c.name, first_interviewer.name) AS recipient,
           coalesce(c.email, first_interviewer.email) AS recipient_email,
           r.topics, r.went_well
    FROM picked f
    JOIN applications a ON a.id = f.application_id
    LEFT JOIN interviews i ON i.id = f.interview_id
    LEFT JOIN contacts c ON c.id = f.contact_id
    LEFT JOIN reflections r ON r.interview_id = f.interview_id
    LEFT JOIN first_interviewers AS first_interviewer ON first_interviewer.interview_id = f.interview_id
"""


@dataclass(frozen=True)
class FollowUpCard:
    """A follow-up with what its card and draft need.

    `due_at` is the snoozed time when snoozed, else the planned one. The
    recipient is the follow-up's contact, or else the interview's first
    interviewer (alphabetically), for messages to the employer.
    """

    id: int
    kind: str
    due_at: datetime
    planned_due_at: datetime
    done_at: datetime | None
    skipped_at: datetime | None
    skip_reason: str | None
    snoozed_until: datetime | None
    application_id: int
    interview_id: int | None
    company: str
    role: str
    url: str | None
    stage: str | None
    held_at: datetime | None
    outcome: str | None
    recipient: str | None
    recipient_email: str | None
    topics: str | None
    went_well: str | None

    @property
    def closed(self) -> bool:
        return self.done_at is not None or self.skipped_at is not None


def _cards(
    con: duckdb.DuckDBPyConnection, where: str, order: str, params: dict, *, qualify: str | None = None
) -> list[FollowUpCard]:
    # `where`, `qualify` and `order` are fixed fragments chosen below; every value is bound.
    # The follow-ups are picked first, so the joins run for the shown ones only.
    kept = f"{where} QUALIFY {qualify}" if qualify else where
    picked = f"WITH picked AS (SELECT * FROM follow_ups f WHERE {kept} ORDER BY {order} LIMIT $limit)"  # noqa: S608
    query = f"{picked} {_CARD_QUERY} ORDER BY {order}"
    rows = reads.rows(con, query, params)
    return [FollowUpCard(*row) for row in rows]


_OPEN = "f.done_at IS NULL AND f.skipped_at IS NULL"
_SOONEST_FIRST = "coalesce(f.snoozed_until, f.due_at), f.id"
# Which group of `group_windows` an open follow-up falls in: 0 overdue, 1 due today, 2 upcoming.
_GROUP_INDEX = (
    "CASE WHEN coalesce(f.snoozed_until, f.due_at) < $today THEN 0"
    " WHEN coalesce(f.snoozed_until, f.due_at) < $upcoming THEN 1 ELSE 2 END"
)

# How many open follow-ups each group holds, in the order of `_GROUP_INDEX`.
_GROUP_COUNTS = """
    SELECT count(*) FILTER (WHERE due < $today) AS overdue,
           count(*) FILTER (WHERE due >= $today AND due < $upcoming) AS today,
           count(*) FILTER (WHERE due >= $upcoming) AS upcoming
    FROM (SELECT coalesce(snoozed_until, due_at) AS due FROM follow_ups WHERE done_at IS NULL AND skipped_at IS NULL)
"""


def open_follow_ups(con: duckdb.DuckDBPyConnection, *, limit: int = 500) -> list[FollowUpCard]:
    """Follow-ups neither done nor skipped, soonest due first (at most `limit`)."""
    return _cards(con, _OPEN, _SOONEST_FIRST, {"limit": limit})


@dataclass(frozen=True)
class FollowUpGroup:
    """One group of open follow-ups on the Follow-ups page: how many it holds, and the soonest of them."""

    name: str
    total: int
    cards: list[FollowUpCard]


def open_follow_ups_by_group(
    con: duckdb.DuckDBPyConnection, now: datetime, *, per_group: int = 25
) -> list[FollowUpGroup]:
    """The open follow-ups as the Follow-ups page groups them at `now`: overdue, due today, upcoming.

    Only the groups that hold any, in that order (see `followups.schedule.group_windows`),
    each with its count and its `per_group` soonest follow-ups, soonest first.
    """
    windows = group_windows(now)
    bounds = {"today": windows["today"][0], "upcoming": windows["upcoming"][0]}
    [counts] = reads.rows(con, _GROUP_COUNTS, bounds)
    cards = _cards(
        con,
        _OPEN,
        _SOONEST_FIRST,
        {**bounds, "per_group": per_group, "limit": per_group * len(windows)},
        qualify=f"row_number() OVER (PARTITION BY {_GROUP_INDEX} ORDER BY {_SOONEST_FIRST}) <= $per_group",
    )
    return [
        FollowUpGroup(name, total, [card for card in cards if group_of(card.due_at, False, now) == name])
        for name, total in zip(windows, counts, strict=True)
        if total
    ]


def closed_follow_ups(con: duckdb.DuckDBPyConnection, *, limit: int = 50) -> list[FollowUpCard]:
    """Follow-ups done or skipped, most recently closed first (at most `limit`)."""
    return _cards(
        con,
        "f.done_at IS NOT NULL OR f.skipped_at IS NOT NULL",
        "coalesce(f.done_at, f.skipped_at) DESC, f.id DESC",
        {"limit": limit},
    )


def follow_ups_due_by(
    con: duckdb.DuckDBPyConnection, until: datetime, *, limit: int = 8
) -> tuple[list[FollowUpCard], int]:
    """Open follow-ups due before `until`, soonest first (at most `limit`), and how many there are in all."""
    due = "f.done_at IS NULL AND f.skipped_at IS NULL AND coalesce(f.snoozed_until, f.due_at) < $until"
    cards = _cards(con, due, "coalesce(f.snoozed_until, f.due_at), f.id", {"limit": limit, "until": until})
    [(total,)] = reads.rows(
        con,
        "SELECT count(*) FROM follow_ups f WHERE " + due,  # noqa: S608 (a fixed fragment; `until` is bound)
        {"until": until},
    )
    return cards, total


def count_open_follow_ups(con: duckdb.DuckDBPyConnection) -> int:
    """How many follow-ups are neither done nor skipped."""
    [(count,)] = reads.rows(con, "SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND skipped_at IS NULL")
    return count


def _update_one(db: Database, sql: str, params: list) -> None:
    with db.transaction() as cur:
        if not reads.rows(cur, sql + " RETURNING id", params):
            raise RecordGone("Follow-up")


def mark_done(db: Database, follow_up_id: int, now: datetime | None = None) -> None:
    """Record the follow-up as done at `now`."""
    _update_one(
        db,
        "UPDATE follow_ups SET done_at = ?, skipped_at = NULL, skip_reason = NULL WHERE id = ?",
        [now or datetime.now(), follow_up_id],
    )


def snooze(db: Database, follow_up_id: int, until: datetime) -> None:
    """Move the follow-up to `until`; its planned due time stays for the record."""
    _update_one(db, "UPDATE follow_ups SET snoozed_until = ? WHERE id = ?", [until, follow_up_id])


def skip(db: Database, follow_up_id: int, reason: str, now: datetime | None = None) -> None:
    """Close the follow-up without doing it, saying why (required, up to 200 characters)."""
    reason = clean(reason)
    problems = required("Reason", reason) or name_field("Reason", reason)
    if problems:
        raise InvalidRecord(problems)
    _update_one(
        db,
        "UPDATE follow_ups SET skipped_at = ?, skip_reason = ?, done_at = NULL WHERE id = ?",
        [now or datetime.now(), reason, follow_up_id],
    )


def undo(db: Database, follow_up_id: int) -> None:
    """Open the follow-up again: not done, not skipped, not snoozed."""
    _update_one(
        db,
        "UPDATE follow_ups SET done_at = NULL, skipped_at = NULL, skip_reason = NULL,"
        " snoozed_until = NULL WHERE id = ?",
        [follow_up_id],
    )


def request_feedback(db: Database, interview_id: int, now: datetime | None = None) -> int:
    """Plan a feedback request for an interview by hand, due now; return its id.

    If one is already open for the interview, that one is returned instead.
    """
    now = now or datetime.now()
    with db.transaction() as cur:
        open_one = reads.one(
            cur,
            "SELECT id FROM follow_ups WHERE interview_id = ? AND kind = 'feedback_request'"
            " AND done_at IS NULL AND skipped_at IS NULL",
            [interview_id],
        )
        if open_one:
            return open_one[0]
        reads.require(cur, "interviews", interview_id, "Interview")
        application = reads.scalar(cur, "SELECT application_id FROM interviews WHERE id = ?", [interview_id])
        return reads.scalar(
            cur,
            "INSERT INTO follow_ups (application_id, interview_id, kind, due_at) VALUES (?, ?, 'feedback_request', ?)"
            " RETURNING id",
            [application, interview_id, now],
        )


def give_references_heads_up(db: Database, application_id: int, now: datetime | None = None) -> int:
    """Make a heads-up due now to each reference of the application not yet told; return how many.

    A heads-up already planned for later is brought forward to now (its planned
    time stays for the record, as with a snooze); a reference with none gets one.
    """
    now = now or datetime.now()
    with db.transaction() as cur:
        brought_forward = reads.rows(
            cur,
            """
            UPDATE follow_ups SET snoozed_until = $now
            WHERE application_id = $application AND kind = 'reference_heads_up'
              AND done_at IS NULL AND skipped_at IS NULL AND coalesce(snoozed_until, due_at) > $now
            RETURNING id
            """,
            {"now": now, "application": application_id},
        )
        added = reads.rows(
            cur,
            """
            INSERT INTO follow_ups (application_id, interview_id, kind, contact_id, due_at)
            SELECT ar.application_id, NULL, 'reference_heads_up', ar.contact_id, ?
            FROM application_references ar
            WHERE ar.application_id = ?
              AND NOT EXISTS (SELECT 1 FROM follow_ups f
                              WHERE f.application_id = ar.application_id AND f.kind = 'reference_heads_up'
                                AND f.contact_id = ar.contact_id)
            RETURNING id
            """,
            [now, application_id],
        )
        return len(brought_forward) + len(added)


def applications_with_references(con: duckdb.DuckDBPyConnection, *, limit: int = 200) -> list[tuple[int, str]]:
    """Applications that have references attached, newest first (at most `limit`), as (id, label).

    The label reads "Company: role (2 references)".
    """
    rows = reads.rows(
        con,
        """
        WITH counted AS (
            SELECT application_id, count(*) AS refs FROM application_references GROUP BY application_id
        )
        SELECT a.id, a.company, a.role, counted.refs
        FROM counted JOIN applications a ON a.id = counted.application_id
        ORDER BY a.applied_on DESC, a.id DESC
        LIMIT $limit
        """,
        {"limit": limit},
    )
    return [
        (id_, f"{company}: {role} ({refs} reference{'s' if refs != 1 else ''})") for id_, company, role, refs in rows
    ]


def signature(con: duckdb.DuckDBPyConnection) -> str | None:
    """The name the user signs their messages with, if they gave one."""
    row = reads.one(con, "SELECT value FROM settings WHERE key = 'signature'")
    return row[0] if row else None


def set_signature(db: Database, name: str) -> None:
    """Keep the name drafts are signed with (empty: drafts end with "Best regards,")."""
    name = clean(name)
    problems = name_field("Your name", name)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        cur.execute("DELETE FROM settings WHERE key = 'signature'")
        if name:
            cur.execute("INSERT INTO settings (key, value) VALUES ('signature', ?)", [name])
