"""Follow-ups in the database: keeping each application's plan in step, and acting on items.

The rules of the plan live in `followups.plan`; this module reads the facts they
need and reconciles the `follow_ups` table with what the rules call for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import duckdb

from data.store import reads
from data.store.db import Database
from data.store.errors import RecordGone
from data.store.settings import lapse_windows
from data.store.validation import InvalidRecord, Problem, clean, name_field, required
from followups.plan import (
    FEEDBACK_AFTER,
    MORNING,
    InterviewFacts,
    LapseWindows,
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
               coalesce(list(ii.contact_id ORDER BY ii.contact_id) FILTER (WHERE ii.contact_id IS NOT NULL), []),
               i.no_answer_on
        FROM interviews i LEFT JOIN interview_interviewers ii ON ii.interview_id = i.id
        WHERE i.application_id = ?
        GROUP BY ALL
        """,
        [application_id],
    )
    return [InterviewFacts(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), r[6]) for r in rows]


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
           r.topics, r.went_well,
           coalesce(own_topic.thank_you_topic, r.thank_you_topic) AS thank_you_topic, a.about
    FROM picked f
    JOIN applications a ON a.id = f.application_id
    LEFT JOIN interviews i ON i.id = f.interview_id
    LEFT JOIN contacts c ON c.id = f.contact_id
    LEFT JOIN reflections r ON r.interview_id = f.interview_id
    LEFT JOIN first_interviewers AS first_interviewer ON first_interviewer.interview_id = f.interview_id
    -- The topic given for this interviewer, else the one given for the whole interview.
    LEFT JOIN (
        SELECT interview_id, contact_id, thank_you_topic FROM interview_interviewers
        WHERE thank_you_topic IS NOT NULL AND interview_id IN (SELECT interview_id FROM picked)
    ) AS own_topic ON own_topic.interview_id = f.interview_id AND own_topic.contact_id = f.contact_id
"""


@dataclass(frozen=True)
class FollowUpCard:
    """A follow-up with what its card and draft need.

    `due_at` is the snoozed time when snoozed, else the planned one. The
    recipient is the follow-up's contact, or else the interview's first
    interviewer (alphabetically), for messages to the employer.
    `thank_you_topic` is what the user asked to mention in this contact's
    thank-you note, else in every note of the interview; `about` is what the
    role is about, in the user's words.
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
    thank_you_topic: str | None = None
    about: str | None = None
    # Past its lapse window (missed): a draft sent now says it comes late.
    late: bool = False

    @property
    def closed(self) -> bool:
        return self.done_at is not None or self.skipped_at is not None


# The open follow-ups, each with `due` (its due time, snooze included) and `lapses_at`
# (`followups.plan.lapses_at` in SQL: from that moment on it is missed). The next round
# of an interview is looked up only in applications with an open heads-up.
# When a follow-up `f` of interview `i` (NULL for one given on demand) lapses, given
# `n.next_round_at`, the application's next interview after `i`.
LAPSES_AT = """
    CASE f.kind
        WHEN 'thank_you' THEN coalesce(i.held_at, f.due_at) + to_days($thank_you_days)
        WHEN 'reference_heads_up'
            THEN least(coalesce(i.held_at, f.due_at) + to_days($heads_up_days), n.next_round_at)
        WHEN 'feedback_request' THEN f.due_at + to_days($feedback_days)
        ELSE coalesce(CAST(i.no_answer_on AS TIMESTAMP),
                      CAST(CAST(coalesce(i.held_at, f.due_at) AS DATE) AS TIMESTAMP) + to_days($wait_limit_days))
    END
"""
LAPSING = """
    next_rounds AS (
        SELECT id AS interview_id,
               lead(held_at) OVER (PARTITION BY application_id ORDER BY held_at, id) AS next_round_at
        FROM interviews
        WHERE application_id IN (
            SELECT application_id FROM follow_ups
            WHERE kind = 'reference_heads_up' AND done_at IS NULL AND skipped_at IS NULL
              AND ($horizon IS NULL OR due_at > $horizon))
    ),
    lapsing AS (
        SELECT f.*, coalesce(f.snoozed_until, f.due_at) AS due,
               {lapses_at} AS lapses_at
        FROM follow_ups f
        LEFT JOIN interviews i ON i.id = f.interview_id
        LEFT JOIN next_rounds n ON n.interview_id = f.interview_id
        WHERE f.done_at IS NULL AND f.skipped_at IS NULL AND ($horizon IS NULL OR f.due_at > $horizon)
    )
""".replace("{lapses_at}", LAPSES_AT)


def lapse_params(windows: LapseWindows, not_missed_at: datetime | None = None) -> dict[str, object]:
    """The values `LAPSING` (and `LAPSES_AT`) bind: each window in days, and `horizon`.

    With `not_missed_at`, `LAPSING` keeps only follow-ups planned due after
    `horizon`, `not_missed_at` less the longest window: none planned earlier
    can still be due then (each kind lapses at most its window after its planned
    due time, as the interview comes before it), and the few kept are quick to
    look at on a search of 100,000 applications. Without it, every open one.
    """
    longest = max(windows.thank_you_days, windows.heads_up_days, windows.feedback_days, windows.wait_limit_days)
    return {
        "thank_you_days": windows.thank_you_days,
        "heads_up_days": windows.heads_up_days,
        "feedback_days": windows.feedback_days,
        "wait_limit_days": windows.wait_limit_days,
        "horizon": None if not_missed_at is None else not_missed_at - timedelta(days=longest),
    }


def _cards(
    con: duckdb.DuckDBPyConnection,
    where: str,
    order: str,
    params: dict,
    *,
    qualify: str | None = None,
    lapsing: bool = False,
    late: bool = False,
) -> list[FollowUpCard]:
    # `where`, `qualify` and `order` are fixed fragments chosen below; every value is bound.
    # The follow-ups are picked first, so the joins run for the shown ones only. With
    # `lapsing`, they are picked from the open ones with their lapse time (`LAPSING`) in a
    # query of their own: the card query then reads those few by id, in that order.
    kept = f"{where} QUALIFY {qualify}" if qualify else where
    if lapsing:
        ids = [
            row[0]
            for row in con.execute(
                f"WITH {LAPSING} SELECT f.id FROM lapsing f WHERE {kept} ORDER BY {order} LIMIT $limit",  # noqa: S608
                params,
            ).fetchall()
        ]
        if not ids:
            return []
        kept, order, params = "list_contains($ids, f.id)", "list_position($ids, f.id)", {"ids": ids, "limit": len(ids)}
    picked = f"WITH picked AS (SELECT * FROM follow_ups f WHERE {kept} ORDER BY {order} LIMIT $limit)"  # noqa: S608
    query = f"{picked} {_CARD_QUERY} ORDER BY {order}"
    cards = [FollowUpCard(*row) for row in reads.rows(con, query, params)]
    return [replace(card, late=True) for card in cards] if late else cards


_OPEN = "f.done_at IS NULL AND f.skipped_at IS NULL"
_SOONEST_FIRST = "coalesce(f.snoozed_until, f.due_at), f.id"
_NOT_MISSED = "f.lapses_at > $now"
_MISSED = "f.lapses_at <= $now"
_MOST_RECENTLY_MISSED_FIRST = "f.lapses_at DESC, f.id DESC"
# Which group of `group_windows` an open follow-up not yet missed falls in: 0 overdue, 1 due today, 2 upcoming.
_GROUP_INDEX = (
    "CASE WHEN coalesce(f.snoozed_until, f.due_at) < $today THEN 0"
    " WHEN coalesce(f.snoozed_until, f.due_at) < $upcoming THEN 1 ELSE 2 END"
)

# How many open follow-ups each group holds, in the order of `_GROUP_INDEX`, then the missed ones
# (every open one not in the first three: `LAPSING` keeps only those that may still be due).
_GROUP_COUNTS = (
    "WITH "  # noqa: S608 (fixed fragments of this module)
    + LAPSING
    + """
    , due_counts AS (
        SELECT count(*) FILTER (WHERE due < $today) AS overdue,
               count(*) FILTER (WHERE due >= $today AND due < $upcoming) AS today,
               count(*) FILTER (WHERE due >= $upcoming) AS upcoming
        FROM lapsing
        WHERE lapses_at > $now
    )
    SELECT overdue, today, upcoming,
           (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND skipped_at IS NULL)
               - overdue - today - upcoming AS missed
    FROM due_counts
"""
)


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
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    *,
    per_group: int = 25,
    windows: LapseWindows | None = None,
    missed_cards: bool = True,
) -> list[FollowUpGroup]:
    """The open follow-ups as the Follow-ups page groups them at `now`: overdue, due today, upcoming, missed.

    Only the groups that hold any, in that order, each with its count and its
    `per_group` first follow-ups. A follow-up past its lapse time
    (`followups.plan.lapses_at`, with `windows`, by default the user's settings)
    is missed, whatever its due time; its card is `late`; the missed group lists
    the most recently missed first (read only with `missed_cards`; else the group
    has its count and no cards, see `missed_follow_ups`). The others fall in the
    windows of `followups.schedule.group_windows`, soonest first.
    """
    windows = windows or lapse_windows(con)
    due_windows = group_windows(now)
    bounds = {"today": due_windows["today"][0], "upcoming": due_windows["upcoming"][0], "now": now}
    lapse = lapse_params(windows, now)
    [counts] = con.execute(_GROUP_COUNTS, {**bounds, **lapse}).fetchall()
    due_cards = _cards(
        con,
        _NOT_MISSED,
        _SOONEST_FIRST,
        {**bounds, **lapse, "per_group": per_group, "limit": per_group * len(due_windows)},
        qualify=f"row_number() OVER (PARTITION BY {_GROUP_INDEX} ORDER BY {_SOONEST_FIRST}) <= $per_group",
        lapsing=True,
    )
    missed = (
        _cards(
            con,
            _MISSED,
            _MOST_RECENTLY_MISSED_FIRST,
            {"now": now, **lapse, "limit": per_group},
            lapsing=True,
            late=True,
        )
        if missed_cards and counts[-1]
        else []
    )
    groups = [
        FollowUpGroup(name, total, [card for card in due_cards if group_of(card.due_at, False, now) == name])
        for name, total in zip(due_windows, counts[:-1], strict=True)
    ]
    groups.append(FollowUpGroup("missed", counts[-1], missed))
    return [group for group in groups if group.total]


def follow_ups_still_due(
    con: duckdb.DuckDBPyConnection, now: datetime, *, limit: int = 500, windows: LapseWindows | None = None
) -> list[FollowUpCard]:
    """Open follow-ups not yet missed at `now` (before their lapse time), soonest due first (at most `limit`).

    What still belongs in a calendar: a thank-you note three weeks late has no
    event to remind anyone of.
    """
    params = {"now": now, "limit": limit, **lapse_params(windows or lapse_windows(con), not_missed_at=now)}
    return _cards(con, _NOT_MISSED, _SOONEST_FIRST, params, lapsing=True)


def missed_follow_ups(
    con: duckdb.DuckDBPyConnection, now: datetime, *, limit: int = 25, windows: LapseWindows | None = None
) -> list[FollowUpCard]:
    """Open follow-ups past their lapse time at `now` (missed), most recently missed first, each `late`."""
    params = {"now": now, "limit": limit, **lapse_params(windows or lapse_windows(con))}
    return _cards(con, _MISSED, _MOST_RECENTLY_MISSED_FIRST, params, lapsing=True, late=True)


def open_thank_you_notes(con: duckdb.DuckDBPyConnection, interview_id: int) -> list[FollowUpCard]:
    """The open thank-you notes of one interview (one per interviewer), soonest first."""
    return _cards(
        con,
        f"{_OPEN} AND f.kind = 'thank_you' AND f.interview_id = $interview",
        _SOONEST_FIRST,
        {"interview": interview_id, "limit": 50},
    )


def closed_follow_ups(con: duckdb.DuckDBPyConnection, *, limit: int = 50) -> list[FollowUpCard]:
    """Follow-ups done or skipped, most recently closed first (at most `limit`)."""
    return _cards(
        con,
        "f.done_at IS NOT NULL OR f.skipped_at IS NOT NULL",
        "coalesce(f.done_at, f.skipped_at) DESC, f.id DESC",
        {"limit": limit},
    )


def follow_ups_due_by(
    con: duckdb.DuckDBPyConnection,
    until: datetime,
    *,
    limit: int = 8,
    now: datetime | None = None,
    windows: LapseWindows | None = None,
) -> tuple[list[FollowUpCard], int]:
    """Open follow-ups due before `until` and not missed at `now`, soonest first (at most `limit`), and how many in all.

    Missed ones (past their lapse time, `windows` by default the user's settings) are left out:
    they are no longer due.
    """
    now = now or datetime.now()
    params = {"until": until, "now": now, **lapse_params(windows or lapse_windows(con), now)}
    due = "f.lapses_at > $now AND f.due < $until"
    cards = _cards(con, due, _SOONEST_FIRST, {**params, "limit": limit}, lapsing=True)
    [(total,)] = con.execute(
        "WITH " + LAPSING + " SELECT count(*) FROM lapsing f WHERE " + due,  # noqa: S608 (fixed fragments)
        params,
    ).fetchall()
    return cards, total


def next_follow_up(
    con: duckdb.DuckDBPyConnection, after: datetime, *, windows: LapseWindows | None = None
) -> FollowUpCard | None:
    """The open follow-up due soonest at or after `after` that will still be due then (not missed), if any."""
    params = {"now": after, "limit": 1, **lapse_params(windows or lapse_windows(con), after)}
    cards = _cards(con, "f.lapses_at > f.due AND f.due >= $now", _SOONEST_FIRST, params, lapsing=True)
    return cards[0] if cards else None


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
    given = clean(reason)
    problems = required("Reason", given) or name_field("Reason", given)
    if problems:
        raise InvalidRecord(problems)
    _update_one(
        db,
        "UPDATE follow_ups SET skipped_at = ?, skip_reason = ?, done_at = NULL WHERE id = ?",
        [now or datetime.now(), given, follow_up_id],
    )


def undo(db: Database, follow_up_id: int) -> None:
    """Open the follow-up again: not done, not skipped, not snoozed."""
    _update_one(
        db,
        "UPDATE follow_ups SET done_at = NULL, skipped_at = NULL, skip_reason = NULL,"
        " snoozed_until = NULL WHERE id = ?",
        [follow_up_id],
    )


DISMISSED = "Missed, dismissed"


def dismiss(db: Database, follow_up_id: int, now: datetime | None = None) -> None:
    """Put a missed follow-up away: skipped at `now` with the reason `DISMISSED`; `undo` brings it back."""
    skip(db, follow_up_id, DISMISSED, now)


def mark_no_answer(db: Database, interview_id: int, on: date) -> None:
    """Close the interview's wait: no answer came, decided on `on`. `reopen_wait` undoes it.

    Only a wait can be closed: an interview with an answer (a `heard_back_on`
    date or an outcome other than pending) raises `InvalidRecord`. Its open
    status check goes (the plan calls for none once the wait is concluded).
    """
    with db.transaction() as cur:
        row = cur.execute(
            "SELECT application_id FROM interviews WHERE id = ? AND outcome = 'pending' AND heard_back_on IS NULL",
            [interview_id],
        ).fetchone()
        if row is None:
            raise InvalidRecord([Problem("Interview", "has an answer already, or no longer exists.")])
        # No RETURNING: DuckDB would then rewrite the update as delete and insert,
        # which the foreign keys of its interviewers and follow-ups refuse.
        cur.execute(
            "UPDATE interviews SET no_answer_on = ?, updated_at = localtimestamp WHERE id = ?", [on, interview_id]
        )
        sync_application_plan(cur, row[0])


def reopen_wait(db: Database, interview_id: int) -> None:
    """Undo `mark_no_answer`: the interview is waiting again, and its status check planned again."""
    with db.transaction() as cur:
        row = cur.execute("SELECT application_id FROM interviews WHERE id = ?", [interview_id]).fetchone()
        if row is None:
            raise InvalidRecord([Problem("Interview", "no longer exists; it may have been deleted.")])
        cur.execute(
            "UPDATE interviews SET no_answer_on = NULL, updated_at = localtimestamp WHERE id = ?", [interview_id]
        )
        sync_application_plan(cur, row[0])


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
    """Keep the name drafts are signed with (empty: drafts go unsigned and ask for it; see `data.store.settings`)."""
    given = clean(name)
    problems = name_field("Your name", given)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        cur.execute("DELETE FROM settings WHERE key = 'signature'")
        if given:
            cur.execute("INSERT INTO settings (key, value) VALUES ('signature', ?)", [given])
