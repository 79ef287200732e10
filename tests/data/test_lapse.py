"""Follow-ups that lapse and waits that end, as the store keeps them: missed, dismissed, closed, undone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from analytics.metrics import follow_up_discipline
from data.store.applications import Application, save_application
from data.store.follow_ups import (
    DISMISSED,
    closed_follow_ups,
    dismiss,
    follow_ups_due_by,
    follow_ups_still_due,
    mark_done,
    mark_no_answer,
    next_follow_up,
    open_follow_ups_by_group,
    reopen_wait,
    skip,
    undo,
)
from data.store.interviews import Interview, list_interviews, save_interview
from data.store.settings import lapse_windows, set_lapse_windows
from data.store.today import closed_waits, waiting_for_answers
from data.store.validation import InvalidRecord
from followups.plan import LapseWindows, lapses_at
from tests.data.test_follow_ups import add_reference, follow_up_id, row

HELD = datetime(2026, 3, 9, 10, 0)


@pytest.fixture
def acme(db) -> int:
    return save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), "interviewing"))


def _groups(db, now: datetime) -> list[tuple[str, int, list[int]]]:
    return [(g.name, g.total, [c.id for c in g.cards]) for g in open_follow_ups_by_group(db.cursor(), now)]


def _missed(db, now: datetime) -> list[int]:
    return [c.id for g in open_follow_ups_by_group(db.cursor(), now) if g.name == "missed" for c in g.cards]


def test_a_thank_you_is_overdue_until_exactly_three_days_after_the_interview_then_missed(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    lapse = HELD + timedelta(days=3)
    assert ("overdue", 1, [thanks]) in _groups(db, lapse - timedelta(seconds=1))
    groups = _groups(db, lapse)
    assert ("missed", 1, [thanks]) in groups and all(g[0] != "overdue" for g in groups)
    [missed] = [g for g in open_follow_ups_by_group(db.cursor(), lapse) if g.name == "missed"]
    assert missed.cards[0].late is True


def test_without_missed_cards_the_missed_group_has_its_count_and_no_cards(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    assert follow_up_id(db, "thank_you", interview, "Dana Lee")
    groups = open_follow_ups_by_group(db.cursor(), HELD + timedelta(days=3), missed_cards=False)
    assert [(g.name, g.total, g.cards) for g in groups if g.name == "missed"] == [("missed", 1, [])]


def test_a_missed_follow_up_is_no_longer_due_on_today(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    now = HELD + timedelta(days=211)
    cards, total = follow_ups_due_by(db.cursor(), now + timedelta(hours=24), now=now)
    assert follow_up_id(db, "thank_you", interview, "Dana Lee") not in [c.id for c in cards]
    assert total == 0


def test_the_follow_ups_still_due_leave_out_the_missed_ones(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    lapse = HELD + timedelta(days=3)
    before = [c.id for c in follow_ups_still_due(db.cursor(), lapse - timedelta(seconds=1))]
    after = [c.id for c in follow_ups_still_due(db.cursor(), lapse)]
    assert thanks in before
    assert thanks not in after
    assert set(after) < set(before)


def test_a_heads_up_is_missed_once_the_next_round_is_held(db, acme):
    add_reference(db, acme, "Ana Ruiz")
    technical = save_interview(db, Interview(acme, "technical", "video", HELD, []))
    heads_up = follow_up_id(db, "reference_heads_up", technical, "Ana Ruiz")
    save_interview(db, Interview(acme, "final", "onsite", HELD + timedelta(days=5), []))
    assert ("overdue", 1, [heads_up]) in _groups(db, HELD + timedelta(days=5) - timedelta(minutes=1))
    assert ("missed", 1, [heads_up]) in _groups(db, HELD + timedelta(days=5))


@pytest.mark.parametrize("kind", ["thank_you", "reference_heads_up", "feedback_request", "status_check"])
def test_the_sql_lapse_time_is_the_rule_of_followups_plan(db, acme, kind):
    add_reference(db, acme, "Ana Ruiz")
    interview = save_interview(
        db, Interview(acme, "technical", "video", HELD, ["Dana Lee"], "rejected", heard_back_on=date(2026, 3, 12))
    )
    waiting = save_interview(db, Interview(acme, "final", "video", HELD + timedelta(days=20), ["Dana Lee"]))
    follow_up = {
        "thank_you": follow_up_id(db, "thank_you", interview, "Dana Lee"),
        "reference_heads_up": follow_up_id(db, "reference_heads_up", interview, "Ana Ruiz"),
        "feedback_request": follow_up_id(db, "feedback_request", interview),
        "status_check": follow_up_id(db, "status_check", waiting),
    }[kind]
    held = HELD + timedelta(days=20) if kind == "status_check" else HELD
    expected = lapses_at(
        kind,
        held_at=held,
        planned_due_at=row(db, follow_up)["due_at"],
        next_round_at=HELD + timedelta(days=20) if kind == "reference_heads_up" else None,
    )
    assert follow_up in _missed(db, expected)
    assert follow_up not in _missed(db, expected - timedelta(seconds=1))


def test_windows_set_by_the_user_move_the_lapse(db, acme):
    set_lapse_windows(db, LapseWindows(thank_you_days=1, heads_up_days=14, feedback_days=30, wait_limit_days=45))
    assert lapse_windows(db.cursor()).thank_you_days == 1
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    assert ("missed", 1, [follow_up_id(db, "thank_you", interview, "Dana Lee")]) in _groups(
        db, HELD + timedelta(days=1)
    )


def test_windows_out_of_range_are_refused_and_nothing_is_written(db):
    with pytest.raises(InvalidRecord):
        set_lapse_windows(db, LapseWindows(thank_you_days=0))
    assert lapse_windows(db.cursor()) == LapseWindows()


def test_dismissing_a_missed_follow_up_closes_it_and_undo_brings_it_back_missed(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    thanks = follow_up_id(db, "thank_you", interview, "Dana Lee")
    now = HELD + timedelta(days=30)
    dismiss(db, thanks, now)
    assert row(db, thanks)["skip_reason"] == DISMISSED and row(db, thanks)["skipped_at"] == now
    assert thanks not in _missed(db, now)
    assert [c.id for c in closed_follow_ups(db.cursor())] == [thanks]
    undo(db, thanks)
    assert ("missed", 1, [thanks]) in _groups(db, now)


def test_discipline_counts_a_missed_thank_you_as_missed_and_not_done_whether_open_late_or_dismissed(db, acme):
    first = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    second = save_interview(db, Interview(acme, "technical", "video", HELD + timedelta(days=7), ["Sam Ortiz"]))
    third = save_interview(db, Interview(acme, "final", "video", HELD + timedelta(days=14), ["Kim Park"]))
    now = HELD + timedelta(days=40)
    mark_done(db, follow_up_id(db, "thank_you", first, "Dana Lee"), HELD + timedelta(hours=5))  # on time
    mark_done(db, follow_up_id(db, "thank_you", second, "Sam Ortiz"), HELD + timedelta(days=7 + 4))  # late
    dismiss(db, follow_up_id(db, "thank_you", third, "Kim Park"), now)
    figures = follow_up_discipline(db.cursor(), now).to_dict("records")[0]
    assert figures["thank_you_on_time"] == 1
    assert figures["thank_you_missed"] == 2
    # Only the two thank-yous: the wait after the final round (26 days) has not reached its 45 days.
    assert figures["follow_ups_missed"] == 2


def test_a_follow_up_skipped_before_it_lapsed_is_not_missed(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    skip(db, follow_up_id(db, "thank_you", interview, "Dana Lee"), "Sent from my phone", HELD + timedelta(hours=2))
    figures = follow_up_discipline(db.cursor(), HELD + timedelta(days=10)).to_dict("records")[0]
    assert figures["thank_you_missed"] == 0


def test_marking_no_answer_ends_the_wait_and_its_check_in_and_undo_restores_both(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, []))
    status_check = follow_up_id(db, "status_check", interview)
    mark_no_answer(db, interview, date(2026, 4, 30))
    assert db.cursor().execute("SELECT no_answer_on FROM interviews WHERE id = ?", [interview]).fetchone() == (
        date(2026, 4, 30),
    )
    assert waiting_for_answers(db.cursor(), date(2026, 5, 1)).empty
    assert list(closed_waits(db.cursor())["id"]) == [interview]
    assert db.cursor().execute("SELECT count(*) FROM follow_ups WHERE id = ?", [status_check]).fetchone() == (0,)
    reopen_wait(db, interview)
    assert list(waiting_for_answers(db.cursor(), date(2026, 5, 1))["id"]) == [interview]
    assert closed_waits(db.cursor()).empty
    follow_up_id(db, "status_check", interview)  # planned again


def test_an_answered_interview_cannot_be_marked_no_answer(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, [], "advanced", date(2026, 3, 10)))
    with pytest.raises(InvalidRecord):
        mark_no_answer(db, interview, date(2026, 4, 30))


def test_next_follow_up_is_the_soonest_still_due_then(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, ["Dana Lee"]))
    # At noon the day after, the thank-you (due at 10:00) is past: the next is the status check.
    after = HELD + timedelta(days=1, hours=2)
    assert next_follow_up(db.cursor(), after).id == follow_up_id(db, "status_check", interview)
    assert next_follow_up(db.cursor(), HELD).id == follow_up_id(db, "thank_you", interview, "Dana Lee")
    assert next_follow_up(db.cursor(), HELD + timedelta(days=60)) is None


def test_a_wait_closed_as_no_answer_shows_as_no_answer_among_the_rounds(db, acme):
    interview = save_interview(db, Interview(acme, "screen", "video", HELD, []))
    assert list(list_interviews(db.cursor(), acme)["outcome"]) == ["pending"]
    mark_no_answer(db, interview, date(2026, 4, 30))
    assert list(list_interviews(db.cursor(), acme)["outcome"]) == ["no_answer"]
