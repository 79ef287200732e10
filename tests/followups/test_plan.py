"""The follow-up plan as pure rules: which follow-ups an application's interviews call for, and when."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from statistics import median

import pytest

from followups.plan import (
    InterviewFacts,
    LapseWindows,
    PlannedFollowUp,
    is_missed,
    lapses_at,
    plan_for_application,
    thank_you_due,
    typical_wait_days,
)

SCREEN = InterviewFacts(1, "screen", datetime(2026, 3, 9, 10), "advanced", date(2026, 3, 11), (7,))
TECHNICAL = InterviewFacts(2, "technical", datetime(2026, 3, 16, 14), "pending", None, (8, 7))


def test_thank_you_due_24_hours_after_interview():
    assert thank_you_due(datetime(2026, 3, 16, 14, 30)) == datetime(2026, 3, 17, 14, 30)


def test_one_thank_you_per_interviewer_due_the_next_day_at_the_same_time():
    plan = plan_for_application([SCREEN, TECHNICAL], [], 7.0)
    assert [p for p in plan if p.kind == "thank_you"] == [
        PlannedFollowUp("thank_you", 1, 7, datetime(2026, 3, 10, 10)),
        PlannedFollowUp("thank_you", 2, 8, datetime(2026, 3, 17, 14)),
        PlannedFollowUp("thank_you", 2, 7, datetime(2026, 3, 17, 14)),
    ]


def test_interview_without_interviewers_gets_no_thank_you():
    alone = InterviewFacts(3, "screen", datetime(2026, 3, 9, 10), "advanced", date(2026, 3, 10), ())
    assert plan_for_application([alone], [], 7.0) == []


def test_reference_heads_up_due_48_hours_after_the_first_technical_or_later_interview():
    final = InterviewFacts(3, "final", datetime(2026, 3, 20, 11), "pending", None, ())
    # Given out of order: the rule looks at the earliest serious interview, not the first listed.
    plan = plan_for_application([final, SCREEN, TECHNICAL], [21, 22], 7.0)
    assert [p for p in plan if p.kind == "reference_heads_up"] == [
        PlannedFollowUp("reference_heads_up", 2, 21, datetime(2026, 3, 18, 14)),
        PlannedFollowUp("reference_heads_up", 2, 22, datetime(2026, 3, 18, 14)),
    ]


@pytest.mark.parametrize("stage", ["technical", "behavioral", "panel", "onsite", "final"])
def test_every_stage_from_technical_on_calls_for_a_reference_heads_up(stage):
    interview = InterviewFacts(5, stage, datetime(2026, 4, 1, 9), "pending", None, ())
    heads_ups = [p for p in plan_for_application([interview], [30], 7.0) if p.kind == "reference_heads_up"]
    assert heads_ups == [PlannedFollowUp("reference_heads_up", 5, 30, datetime(2026, 4, 3, 9))]


def test_no_reference_heads_up_while_the_application_has_only_screens():
    plan = plan_for_application([SCREEN], [21, 22], 7.0)
    assert [p for p in plan if p.kind == "reference_heads_up"] == []


@pytest.mark.parametrize("outcome", ["rejected", "offer"])
def test_feedback_request_due_two_days_after_hearing_back_at_nine(outcome):
    heard = InterviewFacts(4, "onsite", datetime(2026, 3, 20, 15), outcome, date(2026, 3, 25), ())
    assert plan_for_application([heard], [], 7.0) == [
        PlannedFollowUp("feedback_request", 4, None, datetime(2026, 3, 27, 9)),
    ]


def test_feedback_request_without_a_date_of_answer_is_due_from_now():
    heard = InterviewFacts(4, "onsite", datetime(2026, 3, 20, 15), "rejected", None, ())
    assert plan_for_application([heard], [], 7.0) == [PlannedFollowUp("feedback_request", 4, None, None)]


@pytest.mark.parametrize("outcome", ["advanced", "withdrawn"])
def test_no_feedback_request_for_an_outcome_other_than_rejection_or_offer(outcome):
    heard = InterviewFacts(4, "onsite", datetime(2026, 3, 20, 15), outcome, date(2026, 3, 25), ())
    assert plan_for_application([heard], [], 7.0) == []


def test_status_check_due_the_morning_after_a_seven_day_wait():
    # Held on the 16th: day 7 of the wait is the 23rd; the wait exceeds 7 days on the 24th.
    plan = plan_for_application([TECHNICAL], [], 7.0)
    assert [p for p in plan if p.kind == "status_check"] == [
        PlannedFollowUp("status_check", 2, None, datetime(2026, 3, 24, 9)),
    ]


def test_status_check_follows_a_typical_wait_of_a_fraction_of_days():
    # A median of 2.5 days: day 3 is the first whole day past it.
    plan = plan_for_application([TECHNICAL], [], 2.5)
    assert [p for p in plan if p.kind == "status_check"] == [
        PlannedFollowUp("status_check", 2, None, datetime(2026, 3, 19, 9)),
    ]


def test_no_status_check_once_the_answer_arrived():
    answered = InterviewFacts(2, "technical", datetime(2026, 3, 16, 14), "pending", date(2026, 3, 18), ())
    assert plan_for_application([answered], [], 7.0) == []


@pytest.mark.parametrize(
    ("waits", "typical"),
    [
        ([], 7.0),
        ([1.0, 30.0], 7.0),
        ([1.0, 2.0, 10.0], 2.0),
        ([1.0, 2.0, 3.0, 4.0], 2.5),
        ([0.0, 0.0, 0.0], 0.0),
    ],
)
def test_typical_wait_is_seven_days_until_three_answers_then_their_median(waits, typical):
    assert typical_wait_days(len(waits), median(waits) if waits else None) == typical


# When each kind of follow-up lapses: missed from exactly its lapse time on.
HELD = datetime(2026, 3, 16, 14, 0)


def test_thank_you_is_missed_from_exactly_three_days_after_the_interview():
    lapse = lapses_at("thank_you", held_at=HELD, planned_due_at=thank_you_due(HELD))
    assert lapse == datetime(2026, 3, 19, 14, 0)
    assert not is_missed(lapse, lapse - timedelta(seconds=1))
    assert is_missed(lapse, lapse)


def test_heads_up_is_missed_fourteen_days_after_the_interview_when_no_round_follows():
    lapse = lapses_at("reference_heads_up", held_at=HELD, planned_due_at=HELD + timedelta(hours=48))
    assert lapse == datetime(2026, 3, 30, 14, 0)


def test_heads_up_is_missed_once_the_next_round_has_been_held():
    next_round = datetime(2026, 3, 20, 9, 0)
    lapse = lapses_at("reference_heads_up", held_at=HELD, planned_due_at=HELD, next_round_at=next_round)
    assert lapse == next_round
    assert not is_missed(lapse, next_round - timedelta(minutes=1)) and is_missed(lapse, next_round)


def test_heads_up_given_on_demand_is_missed_fourteen_days_after_it_fell_due():
    due = datetime(2026, 3, 1, 9, 0)
    assert lapses_at("reference_heads_up", held_at=None, planned_due_at=due) == datetime(2026, 3, 15, 9, 0)


def test_feedback_request_is_missed_thirty_days_after_it_fell_due():
    due = datetime(2026, 3, 13, 9, 0)
    assert lapses_at("feedback_request", held_at=HELD, planned_due_at=due) == datetime(2026, 4, 12, 9, 0)


def test_status_check_is_missed_when_the_wait_is_closed_or_at_the_hard_limit():
    due = datetime(2026, 3, 24, 9, 0)
    assert lapses_at("status_check", held_at=HELD, planned_due_at=due) == datetime(2026, 4, 30, 0, 0)
    closed = lapses_at("status_check", held_at=HELD, planned_due_at=due, no_answer_on=date(2026, 4, 2))
    assert closed == datetime(2026, 4, 2, 0, 0)


def test_windows_of_the_users_own_choosing_move_each_lapse():
    windows = LapseWindows(thank_you_days=1, heads_up_days=5, feedback_days=7, wait_limit_days=10)
    assert lapses_at("thank_you", held_at=HELD, planned_due_at=HELD, windows=windows) == HELD + timedelta(days=1)
    assert lapses_at("reference_heads_up", held_at=HELD, planned_due_at=HELD, windows=windows) == HELD + timedelta(
        days=5
    )
    assert lapses_at("feedback_request", held_at=HELD, planned_due_at=HELD, windows=windows) == HELD + timedelta(days=7)
    assert lapses_at("status_check", held_at=HELD, planned_due_at=HELD, windows=windows) == datetime(2026, 3, 26)


def test_a_wait_closed_as_no_answer_calls_for_no_status_check():
    closed = InterviewFacts(2, "technical", HELD, "pending", None, (), no_answer_on=date(2026, 4, 2))
    assert [p.kind for p in plan_for_application([closed], [], 7.0)] == []
