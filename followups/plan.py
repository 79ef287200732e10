"""The follow-up plan: which follow-ups an application's interviews call for, and when.

Career advice for after an interview, as rules:
- a thank-you note to each interviewer, due 24 hours after the interview;
- a heads-up to each reference attached to the application, due 48 hours after
  the application's first interview at the technical stage or later;
- a feedback request, due two days after hearing back with a rejection or offer;
- a status check, due once the wait exceeds the user's own typical wait.

These are pure functions of the facts they are given; `data.follow_ups` reads
the facts from the database and writes the plan back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from math import floor

THANK_YOU_WITHIN = timedelta(hours=24)
HEADS_UP_WITHIN = timedelta(hours=48)
FEEDBACK_AFTER = timedelta(days=2)
DEFAULT_WAIT_DAYS = 7.0
MIN_ANSWERS_FOR_OWN_WAIT = 3
# Follow-ups that fall on a date, not an hour, are due at the start of the working day.
MORNING = time(9, 0)

# A reference is likely to be called once an interview goes past the first screen.
STAGES_WORTH_A_HEADS_UP = ("technical", "behavioral", "panel", "onsite", "final")
OUTCOMES_WORTH_FEEDBACK = ("rejected", "offer")


@dataclass(frozen=True)
class InterviewFacts:
    id: int
    stage: str
    held_at: datetime
    outcome: str
    heard_back_on: date | None
    interviewer_ids: tuple[int, ...]


@dataclass(frozen=True)
class PlannedFollowUp:
    """One follow-up the plan calls for.

    `due_at` is None where the due time is "from now" (an outcome recorded
    without a date): the store keeps an existing item's time, or starts the
    clock when it first writes it.
    """

    kind: str
    interview_id: int | None
    contact_id: int | None
    due_at: datetime | None

    @property
    def key(self) -> tuple[str, int | None, int | None]:
        return (self.kind, self.interview_id, self.contact_id)


def typical_wait_days(answers: int, median_wait: float | None) -> float:
    """The user's own median wait to hear back (over `answers` answers), or 7 days until they have 3."""
    if answers < MIN_ANSWERS_FOR_OWN_WAIT or median_wait is None:
        return DEFAULT_WAIT_DAYS
    return float(median_wait)


def thank_you_due(held_at: datetime) -> datetime:
    return held_at + THANK_YOU_WITHIN


def status_check_delay_days(typical_wait: float) -> int:
    """Days from an interview's date to its status check: the first day the wait exceeds the typical one."""
    return floor(typical_wait) + 1


def status_check_due(held_at: datetime, typical_wait: float) -> datetime:
    """The morning of the first day the wait is longer than the typical wait."""
    return datetime.combine(held_at.date(), MORNING) + timedelta(days=status_check_delay_days(typical_wait))


def plan_for_application(
    interviews: list[InterviewFacts], reference_ids: list[int], typical_wait: float
) -> list[PlannedFollowUp]:
    """Every follow-up the interviews and references of one application call for."""
    plan: list[PlannedFollowUp] = []
    for interview in sorted(interviews, key=lambda i: (i.held_at, i.id)):
        plan += [
            PlannedFollowUp("thank_you", interview.id, contact_id, thank_you_due(interview.held_at))
            for contact_id in interview.interviewer_ids
        ]
        if interview.outcome in OUTCOMES_WORTH_FEEDBACK:
            due = (
                datetime.combine(interview.heard_back_on, MORNING) + FEEDBACK_AFTER if interview.heard_back_on else None
            )
            plan.append(PlannedFollowUp("feedback_request", interview.id, None, due))
        if interview.outcome == "pending" and interview.heard_back_on is None:
            plan.append(
                PlannedFollowUp("status_check", interview.id, None, status_check_due(interview.held_at, typical_wait))
            )
    first_serious = next(
        (i for i in sorted(interviews, key=lambda i: (i.held_at, i.id)) if i.stage in STAGES_WORTH_A_HEADS_UP),
        None,
    )
    if first_serious is not None:
        plan += [
            PlannedFollowUp("reference_heads_up", first_serious.id, contact_id, first_serious.held_at + HEADS_UP_WITHIN)
            for contact_id in reference_ids
        ]
    return plan
