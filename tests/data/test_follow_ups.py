"""The follow-up plan in the store: kept in step with interviews and references, and acted on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from data.store.applications import Application, save_application
from data.store.follow_ups import (
    applications_with_references,
    closed_follow_ups,
    count_open_follow_ups,
    give_references_heads_up,
    mark_done,
    open_follow_ups,
    open_follow_ups_by_group,
    request_feedback,
    set_signature,
    signature,
    skip,
    snooze,
    sync_application_plan,
    undo,
)
from data.store.interviews import Interview, add_interview_on_the_spot, delete_interview, get_interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.store.validation import InvalidRecord


def plan(db, application_id: int) -> list[tuple]:
    """(kind, interview_id, contact name, due_at, closed) of an application's follow-ups, in a stable order."""
    return (
        db.cursor()
        .execute(
            """
            SELECT f.kind, f.interview_id, c.name, f.due_at, f.done_at IS NOT NULL OR f.skipped_at IS NOT NULL
            FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id
            WHERE f.application_id = ?
            ORDER BY f.kind, f.interview_id NULLS FIRST, c.name NULLS FIRST
            """,
            [application_id],
        )
        .fetchall()
    )


def follow_up_id(db, kind: str, interview_id: int | None = None, name: str | None = None) -> int:
    rows = (
        db.cursor()
        .execute(
            "SELECT f.id FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.kind = ? AND f.interview_id IS NOT DISTINCT FROM ? AND c.name IS NOT DISTINCT FROM ?",
            [kind, interview_id, name],
        )
        .fetchall()
    )
    assert len(rows) == 1, rows
    return rows[0][0]


def row(db, follow_up_id: int) -> dict:
    cur = db.cursor().execute("SELECT * FROM follow_ups WHERE id = ?", [follow_up_id])
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def add_reference(db, application_id: int, name: str) -> int:
    """A reference contact attached to the application with plain SQL (no plan sync)."""
    with db.transaction() as cur:
        contact_id = cur.execute(
            "INSERT INTO contacts (name, kind, email) VALUES (?, 'reference', ?) RETURNING id",
            [name, f"{name.split()[0].lower()}@example.com"],
        ).fetchone()[0]
        cur.execute(
            "INSERT INTO application_references (application_id, contact_id) VALUES (?, ?)",
            [application_id, contact_id],
        )
    return contact_id


def resave(db, interview_id: int, **changes) -> None:
    save_interview(db, replace(get_interview(db.cursor(), interview_id), **changes))


@pytest.fixture
def acme(db) -> int:
    return save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), "interviewing"))


# The plan rules, as the store keeps them.


def test_thank_you_due_24_hours_after_interview(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10, 30), ["Dana Lee"]))
    assert plan(db, acme) == [
        ("status_check", interview, None, datetime(2026, 3, 17, 9), False),
        ("thank_you", interview, "Dana Lee", datetime(2026, 3, 10, 10, 30), False),
    ]


def test_one_thank_you_per_interviewer(db, acme):
    interview = save_interview(
        db, Interview(acme, "panel", "onsite", datetime(2026, 3, 9, 10), ["Sam Ortiz", "Dana Lee", "Kim Park"])
    )
    thanks = [r for r in plan(db, acme) if r[0] == "thank_you"]
    assert thanks == [
        ("thank_you", interview, name, datetime(2026, 3, 10, 10), False)
        for name in ("Dana Lee", "Kim Park", "Sam Ortiz")
    ]


def test_editing_an_interviews_time_moves_its_open_thank_you_due_times(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee", "Sam"]))
    resave(db, interview, held_at=datetime(2026, 3, 11, 15, 45))
    assert [r for r in plan(db, acme) if r[0] == "thank_you"] == [
        ("thank_you", interview, "Dana Lee", datetime(2026, 3, 12, 15, 45), False),
        ("thank_you", interview, "Sam", datetime(2026, 3, 12, 15, 45), False),
    ]


def test_editing_keeps_the_same_follow_up_rows(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    before = follow_up_id(db, "thank_you", interview, "Dana Lee")
    resave(db, interview, held_at=datetime(2026, 3, 10, 10))
    assert follow_up_id(db, "thank_you", interview, "Dana Lee") == before


def test_adding_an_interviewer_adds_a_thank_you(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    resave(db, interview, interviewers=["Dana Lee", "Sam Ortiz"])
    assert [r for r in plan(db, acme) if r[0] == "thank_you"] == [
        ("thank_you", interview, "Dana Lee", datetime(2026, 3, 10, 10), False),
        ("thank_you", interview, "Sam Ortiz", datetime(2026, 3, 10, 10), False),
    ]


def test_removing_an_interviewer_removes_their_open_thank_you_but_keeps_a_done_one(db, acme):
    interview = save_interview(
        db, Interview(acme, "panel", "video", datetime(2026, 3, 9, 10), ["Dana Lee", "Sam Ortiz", "Kim Park"])
    )
    mark_done(db, follow_up_id(db, "thank_you", interview, "Kim Park"), now=datetime(2026, 3, 9, 18))
    resave(db, interview, interviewers=["Dana Lee"])
    assert [r for r in plan(db, acme) if r[0] == "thank_you"] == [
        ("thank_you", interview, "Dana Lee", datetime(2026, 3, 10, 10), False),
        ("thank_you", interview, "Kim Park", datetime(2026, 3, 10, 10), True),
    ]


def test_deleting_the_interview_removes_its_follow_ups(db, acme):
    kept = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 2, 10), ["Kim Park"]))
    gone = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee", "Sam"]))
    mark_done(db, follow_up_id(db, "thank_you", gone, "Sam"), now=datetime(2026, 3, 9, 18))
    delete_interview(db, gone)
    assert plan(db, acme) == [
        ("status_check", kept, None, datetime(2026, 3, 10, 9), False),
        ("thank_you", kept, "Kim Park", datetime(2026, 3, 3, 10), False),
    ]


def test_reference_heads_up_due_48_hours_after_the_first_technical_interview(db, acme):
    save_interview(db, Interview(acme, "screen", "phone", datetime(2026, 3, 2, 9), [], "advanced", date(2026, 3, 3)))
    add_reference(db, acme, "Ana Ruiz")
    add_reference(db, acme, "Ben Cho")
    technical = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 9, 14)))
    save_interview(db, Interview(acme, "onsite", "onsite", datetime(2026, 3, 16, 10)))
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == [
        ("reference_heads_up", technical, "Ana Ruiz", datetime(2026, 3, 11, 14), False),
        ("reference_heads_up", technical, "Ben Cho", datetime(2026, 3, 11, 14), False),
    ]


def test_no_reference_heads_up_while_the_application_has_only_screens(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    save_interview(db, Interview(acme, "screen", "phone", datetime(2026, 3, 2, 9), ["Dana Lee"]))
    save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 4, 9), ["Sam Ortiz"]))
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == []


def test_an_earlier_technical_interview_moves_an_open_heads_up(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    later = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 20, 14)))
    assert follow_up_id(db, "reference_heads_up", later, "Ana Ruiz")
    earlier = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 18, 14)))
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == [
        ("reference_heads_up", earlier, "Ana Ruiz", datetime(2026, 3, 20, 14), False),
    ]


def test_a_reference_already_given_a_heads_up_is_not_planned_another(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    later = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 20, 14)))
    mark_done(db, follow_up_id(db, "reference_heads_up", later, "Ana Ruiz"), now=datetime(2026, 3, 21, 9))
    save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 18, 14)))
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == [
        ("reference_heads_up", later, "Ana Ruiz", datetime(2026, 3, 22, 14), True),
    ]


@pytest.mark.parametrize("outcome", ["rejected", "offer"])
def test_feedback_request_due_two_days_after_hearing_back_at_nine(db, acme, outcome):
    interview = save_interview(db, Interview(acme, "onsite", "onsite", datetime(2026, 3, 9, 10), [], "pending"))
    resave(db, interview, outcome=outcome, heard_back_on=date(2026, 3, 12))
    assert plan(db, acme) == [("feedback_request", interview, None, datetime(2026, 3, 14, 9), False)]


def test_feedback_request_without_a_date_of_answer_is_due_two_days_from_now(db, acme):
    interview = save_interview(db, Interview(acme, "onsite", "onsite", datetime(2026, 3, 9, 10), []))
    with db.transaction() as cur:
        cur.execute("UPDATE interviews SET outcome = 'rejected' WHERE id = ?", [interview])
        sync_application_plan(cur, acme, now=datetime(2026, 3, 13, 16, 20))
    assert plan(db, acme) == [("feedback_request", interview, None, datetime(2026, 3, 15, 16, 20), False)]
    # A later sync keeps the time it started with.
    with db.transaction() as cur:
        sync_application_plan(cur, acme, now=datetime(2026, 3, 20, 8))
    assert plan(db, acme) == [("feedback_request", interview, None, datetime(2026, 3, 15, 16, 20), False)]


def test_status_check_due_the_morning_after_a_seven_day_wait_while_fewer_than_three_answers(db, acme):
    other = save_application(db, Application("Globex", "Analyst", date(2026, 2, 1)))
    save_interview(db, Interview(other, "screen", "phone", datetime(2026, 2, 2, 9), [], "advanced", date(2026, 2, 3)))
    save_interview(db, Interview(other, "panel", "video", datetime(2026, 2, 9, 9), [], "advanced", date(2026, 2, 10)))
    interview = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14)))
    assert plan(db, acme) == [("status_check", interview, None, datetime(2026, 3, 24, 9), False)]


def test_status_check_follows_the_median_of_the_users_own_waits_once_three(db, acme):
    other = save_application(db, Application("Globex", "Analyst", date(2026, 2, 1)))
    for held, heard in (
        (date(2026, 2, 2), date(2026, 2, 3)),
        (date(2026, 2, 9), date(2026, 2, 11)),
        (date(2026, 2, 16), date(2026, 2, 26)),
    ):
        save_interview(
            db, Interview(other, "screen", "phone", datetime.combine(held, datetime.min.time()), [], "advanced", heard)
        )
    # Waits of 1, 2 and 10 days: the median is 2, so day 3 is past it.
    interview = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14)))
    assert plan(db, acme) == [("status_check", interview, None, datetime(2026, 3, 19, 9), False)]


def test_status_checks_elsewhere_move_when_an_answer_changes_the_typical_wait(db, acme):
    interview = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14)))
    other = save_application(db, Application("Globex", "Analyst", date(2026, 2, 1)))
    rounds = [save_interview(db, Interview(other, "screen", "phone", datetime(2026, 3, day, 9))) for day in (2, 4, 6)]
    for round_id in rounds:
        resave(db, round_id, outcome="advanced", heard_back_on=get_interview(db.cursor(), round_id).held_at.date())
    # Three same-day answers: the typical wait is 0 days, so the check is due the next morning.
    assert plan(db, acme) == [("status_check", interview, None, datetime(2026, 3, 17, 9), False)]


def test_status_check_removed_once_the_answer_arrives(db, acme):
    interview = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14)))
    assert [r[0] for r in plan(db, acme)] == ["status_check"]
    resave(db, interview, outcome="advanced", heard_back_on=date(2026, 3, 20))
    assert plan(db, acme) == []


def test_a_sync_never_changes_done_or_skipped_items(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee", "Sam"]))
    done = follow_up_id(db, "thank_you", interview, "Dana Lee")
    skipped = follow_up_id(db, "status_check", interview)
    mark_done(db, done, now=datetime(2026, 3, 9, 17))
    skip(db, skipped, "They told me to wait", now=datetime(2026, 3, 10, 8))
    before = {done: row(db, done), skipped: row(db, skipped)}
    resave(db, interview, held_at=datetime(2026, 3, 12, 11), interviewers=["Sam"])
    assert {done: row(db, done), skipped: row(db, skipped)} == before
    assert plan(db, acme) == [
        ("status_check", interview, None, datetime(2026, 3, 17, 9), True),
        ("thank_you", interview, "Dana Lee", datetime(2026, 3, 10, 10), True),
        ("thank_you", interview, "Sam", datetime(2026, 3, 13, 11), False),
    ]


# Acting on follow-ups.


def test_mark_done_records_the_time_and_moves_it_to_closed(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    mark_done(db, thanks, now=datetime(2026, 3, 9, 18, 5))
    assert row(db, thanks)["done_at"] == datetime(2026, 3, 9, 18, 5)
    con = db.cursor()
    assert [c.id for c in open_follow_ups(con)] == [follow_up_id(db, "status_check", interview)]
    assert [(c.id, c.done_at, c.closed) for c in closed_follow_ups(con)] == [
        (thanks, datetime(2026, 3, 9, 18, 5), True)
    ]
    assert count_open_follow_ups(con) == 1


def test_snooze_changes_the_time_shown_but_keeps_the_planned_one(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    snooze(db, thanks, datetime(2026, 3, 11, 9))
    card = next(c for c in open_follow_ups(db.cursor()) if c.id == thanks)
    assert (card.due_at, card.planned_due_at, card.snoozed_until) == (
        datetime(2026, 3, 11, 9),
        datetime(2026, 3, 10, 10),
        datetime(2026, 3, 11, 9),
    )
    # Open items are listed by the time shown: the snoozed thank-you (11th), then the status check (17th).
    assert [c.id for c in open_follow_ups(db.cursor())] == [thanks, follow_up_id(db, "status_check", interview)]


def test_skip_requires_a_reason_and_changes_nothing_without_one(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    before = row(db, thanks)
    for reason in ("", "   ", "x" * 201):
        with pytest.raises(InvalidRecord) as refused:
            skip(db, thanks, reason)
        assert [p.field for p in refused.value.problems] == ["Reason"]
        assert row(db, thanks) == before


def test_skip_records_the_time_and_the_reason(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    skip(db, thanks, "  Thanked her in person «merci» 🙂 ", now=datetime(2026, 3, 9, 12))
    assert {k: row(db, thanks)[k] for k in ("skipped_at", "skip_reason", "done_at")} == {
        "skipped_at": datetime(2026, 3, 9, 12),
        "skip_reason": "Thanked her in person «merci» 🙂",
        "done_at": None,
    }
    assert [c.id for c in closed_follow_ups(db.cursor())] == [thanks]


@pytest.mark.parametrize("close", ["done", "skipped", "snoozed"])
def test_undo_reopens_a_follow_up_at_its_planned_time(db, acme, close):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    {
        "done": lambda: mark_done(db, thanks),
        "skipped": lambda: skip(db, thanks, "No"),
        "snoozed": lambda: snooze(db, thanks, datetime(2026, 4, 1, 9)),
    }[close]()
    undo(db, thanks)
    assert {k: row(db, thanks)[k] for k in ("done_at", "skipped_at", "skip_reason", "snoozed_until", "due_at")} == {
        "done_at": None,
        "skipped_at": None,
        "skip_reason": None,
        "snoozed_until": None,
        "due_at": datetime(2026, 3, 10, 10),
    }
    assert thanks in [c.id for c in open_follow_ups(db.cursor())]


def test_acting_on_a_follow_up_that_is_gone_says_so(db):
    for act in (
        lambda: mark_done(db, 99),
        lambda: snooze(db, 99, datetime(2026, 3, 1)),
        lambda: undo(db, 99),
        lambda: skip(db, 99, "why"),
    ):
        with pytest.raises(InvalidRecord, match="no longer exists"):
            act()


def test_request_feedback_by_hand_is_due_now_and_not_added_twice_while_open(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", datetime(2026, 3, 9, 10), [], "advanced"))
    first = request_feedback(db, interview, now=datetime(2026, 3, 12, 10))
    assert request_feedback(db, interview, now=datetime(2026, 3, 13, 10)) == first
    assert [r for r in plan(db, acme) if r[0] == "feedback_request"] == [
        ("feedback_request", interview, None, datetime(2026, 3, 12, 10), False)
    ]
    mark_done(db, first, now=datetime(2026, 3, 14, 9))
    second = request_feedback(db, interview, now=datetime(2026, 3, 20, 10))
    assert second != first
    # A later sync leaves the request alone, though the outcome calls for none.
    resave(db, interview, held_at=datetime(2026, 3, 9, 11))
    assert [r for r in plan(db, acme) if r[0] == "feedback_request"] == [
        ("feedback_request", interview, None, datetime(2026, 3, 12, 10), True),
        ("feedback_request", interview, None, datetime(2026, 3, 20, 10), False),
    ]


def test_request_feedback_for_a_deleted_interview_is_refused(db):
    with pytest.raises(InvalidRecord, match="no longer exists"):
        request_feedback(db, 42)


def test_give_references_heads_up_adds_one_per_attached_reference_and_not_twice(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    add_reference(db, acme, "Ben Cho")
    assert give_references_heads_up(db, acme, now=datetime(2026, 3, 5, 9)) == 2
    assert give_references_heads_up(db, acme, now=datetime(2026, 3, 6, 9)) == 0
    add_reference(db, acme, "Cleo Diaz")
    assert give_references_heads_up(db, acme, now=datetime(2026, 3, 7, 9)) == 1
    assert plan(db, acme) == [
        ("reference_heads_up", None, "Ana Ruiz", datetime(2026, 3, 5, 9), False),
        ("reference_heads_up", None, "Ben Cho", datetime(2026, 3, 5, 9), False),
        ("reference_heads_up", None, "Cleo Diaz", datetime(2026, 3, 7, 9), False),
    ]


def test_a_heads_up_given_on_demand_is_not_planned_again_by_a_technical_interview(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    give_references_heads_up(db, acme, now=datetime(2026, 3, 5, 9))
    save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 9, 14)))
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == [
        ("reference_heads_up", None, "Ana Ruiz", datetime(2026, 3, 5, 9), False)
    ]


def test_applications_with_references_are_offered_newest_first_with_their_count(db, acme):
    globex = save_application(db, Application("Globex", "Analyst", date(2026, 3, 20), "applied"))
    save_application(db, Application("Initech", "Engineer", date(2026, 3, 25), "applied"))
    add_reference(db, acme, "Ana Ruiz")
    add_reference(db, acme, "Ben Cho")
    add_reference(db, globex, "Cleo Diaz")
    assert applications_with_references(db.cursor()) == [
        (globex, "Globex: Analyst (1 reference)"),
        (acme, "Acme: Data Engineer (2 references)"),
    ]
    assert applications_with_references(db.cursor(), limit=1) == [(globex, "Globex: Analyst (1 reference)")]


def test_give_references_heads_up_brings_a_planned_one_forward_instead_of_adding_another(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    technical = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 9, 14)))
    assert give_references_heads_up(db, acme, now=datetime(2026, 3, 10, 9)) == 1
    # Still the one planned heads-up, its planned time kept, now due at once.
    assert [r for r in plan(db, acme) if r[0] == "reference_heads_up"] == [
        ("reference_heads_up", technical, "Ana Ruiz", datetime(2026, 3, 11, 14), False)
    ]
    [(snoozed_until,)] = (
        db.cursor().execute("SELECT snoozed_until FROM follow_ups WHERE kind = 'reference_heads_up'").fetchall()
    )
    assert snoozed_until == datetime(2026, 3, 10, 9)
    assert give_references_heads_up(db, acme, now=datetime(2026, 3, 10, 10)) == 0


# Cards: what the Follow-ups page shows and drafts from.


def test_thank_you_card_carries_the_recipient_and_the_reflections_topic(db, acme):
    with db.transaction() as cur:
        cur.execute("UPDATE applications SET url = 'https://acme.example/jobs/1' WHERE id = ?", [acme])
    interview = save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    with db.transaction() as cur:
        cur.execute("UPDATE contacts SET email = 'dana@acme.example' WHERE name = 'Dana Lee'")
    save_reflection(
        db, Reflection(interview, 4, topics="Streaming 🚀", went_well="Clear"), now=datetime(2026, 3, 9, 12)
    )
    card = next(c for c in open_follow_ups(db.cursor()) if c.kind == "thank_you")
    assert (card.company, card.role, card.url, card.stage, card.held_at, card.outcome) == (
        "Acme",
        "Data Engineer",
        "https://acme.example/jobs/1",
        "technical",
        datetime(2026, 3, 9, 10),
        "pending",
    )
    assert (card.recipient, card.recipient_email, card.topics, card.went_well) == (
        "Dana Lee",
        "dana@acme.example",
        "Streaming 🚀",
        "Clear",
    )


def test_messages_to_the_employer_go_to_the_first_interviewer_by_name(db, acme):
    interview = save_interview(db, Interview(acme, "panel", "video", datetime(2026, 3, 9, 10), ["Sam Ortiz", "Dana"]))
    card = next(c for c in open_follow_ups(db.cursor()) if c.kind == "status_check")
    assert (card.interview_id, card.recipient) == (interview, "Dana")


def test_a_message_to_the_employer_takes_the_first_interviewers_own_email_even_when_blank(db, acme):
    save_interview(db, Interview(acme, "panel", "video", datetime(2026, 3, 9, 10), ["Sam Ortiz", "Dana", "Ana"]))
    with db.transaction() as cur:
        cur.execute("UPDATE contacts SET email = 'sam@acme.example' WHERE name = 'Sam Ortiz'")
        cur.execute("UPDATE contacts SET email = 'dana@acme.example' WHERE name = 'Dana'")
    card = next(c for c in open_follow_ups(db.cursor()) if c.kind == "status_check")
    # Ana comes first and has no address: the draft opens without one rather than to Dana.
    assert (card.recipient, card.recipient_email) == ("Ana", None)


def test_open_follow_ups_by_group_count_each_group_and_keep_its_soonest(db, acme):
    interview = save_interview(db, Interview(acme, "panel", "video", datetime(2026, 3, 9, 10), ["A", "B", "C"]))
    ids = {name: follow_up_id(db, "thank_you", interview, name) for name in ("A", "B", "C")}
    status_check = follow_up_id(db, "status_check", interview)
    snooze(db, ids["B"], datetime(2026, 3, 10, 18))
    # At 9:00 on the 10th: A and C due at 10:00, B snoozed to 18:00, the status check days later.
    now = datetime(2026, 3, 10, 9)
    groups = open_follow_ups_by_group(db.cursor(), now, per_group=2)
    assert [(g.name, g.total, [c.id for c in g.cards]) for g in groups] == [
        ("today", 3, [ids["A"], ids["C"]]),
        ("upcoming", 1, [status_check]),
    ]
    # At noon A and C are overdue; a minute past 18:00 B is too, and nothing is due today.
    groups = open_follow_ups_by_group(db.cursor(), datetime(2026, 3, 10, 12), per_group=1)
    assert [(g.name, g.total, [c.id for c in g.cards]) for g in groups] == [
        ("overdue", 2, [ids["A"]]),
        ("today", 1, [ids["B"]]),
        ("upcoming", 1, [status_check]),
    ]
    assert [g.name for g in open_follow_ups_by_group(db.cursor(), datetime(2026, 3, 10, 18, 1))] == [
        "overdue",
        "upcoming",
    ]


def test_closed_follow_ups_list_the_most_recently_closed_first(db, acme):
    interview = save_interview(db, Interview(acme, "panel", "video", datetime(2026, 3, 9, 10), ["A", "B", "C"]))
    ids = [follow_up_id(db, "thank_you", interview, name) for name in ("A", "B", "C")]
    mark_done(db, ids[0], now=datetime(2026, 3, 9, 15))
    skip(db, ids[1], "no address", now=datetime(2026, 3, 9, 17))
    mark_done(db, ids[2], now=datetime(2026, 3, 9, 16))
    assert [c.id for c in closed_follow_ups(db.cursor())] == [ids[1], ids[2], ids[0]]


def test_signature_is_kept_trimmed_and_cleared_when_empty(db):
    assert signature(db.cursor()) is None
    set_signature(db, "  Zoë Ångström ")
    assert signature(db.cursor()) == "Zoë Ångström"
    set_signature(db, "Alex")
    assert signature(db.cursor()) == "Alex"
    set_signature(db, "   ")
    assert signature(db.cursor()) is None
    with pytest.raises(InvalidRecord):
        set_signature(db, "x" * 201)


# Adding an interview on the spot (the Reflect page).


def test_interview_added_on_the_spot_creates_its_application_and_plan(db):
    added = add_interview_on_the_spot(
        db, " Globex ", " Analyst ", Interview(None, "screen", "video", datetime(2026, 3, 12, 9, 30), ["Kim Park"])
    )
    con = db.cursor()
    # No date applied is invented; the interview records that Globex answered.
    assert con.execute("SELECT id, company, role, applied_on, responded_on, status FROM applications").fetchall() == [
        (added.application_id, "Globex", "Analyst", None, date(2026, 3, 12), "interviewing")
    ]
    assert get_interview(con, added.id).interviewers == ["Kim Park"]
    assert plan(db, added.application_id) == [
        ("status_check", added.id, None, datetime(2026, 3, 20, 9), False),
        ("thank_you", added.id, "Kim Park", datetime(2026, 3, 13, 9, 30), False),
    ]


def test_interview_added_on_the_spot_joins_the_existing_application_ignoring_case(db, acme):
    added = add_interview_on_the_spot(
        db, "ACME", "data engineer", Interview(None, "technical", "video", datetime(2026, 3, 16, 14), ["Sam"])
    )
    assert added.application_id == acme
    assert db.cursor().execute("SELECT count(*) FROM applications").fetchone()[0] == 1


def test_interview_added_on_the_spot_writes_nothing_when_a_rule_is_broken(db):
    with pytest.raises(InvalidRecord) as refused:
        add_interview_on_the_spot(db, "", "x" * 201, Interview(None, "lunch", "video", datetime(2026, 3, 1, 9)))
    assert [p.field for p in refused.value.problems] == ["Company", "Role", "Stage"]
    con = db.cursor()
    for table in ("applications", "interviews", "contacts", "follow_ups"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
