"""The follow-up plan: which follow-ups an application's interviews call for, and when.

Career advice for after an interview, as rules:
- a thank-you note to each interviewer, due 24 hours after the interview;
- a heads-up to each reference attached to the application, due 48 hours after
  the application's first interview at the technical stage or later;
- a feedback request, due two days after hearing back with a rejection or offer;
- a status check, due once the wait exceeds the user's own typical wait.

Each follow-up also lapses: past its window it is no longer due but missed
(`lapses_at`, windows in `LapseWindows`, adjustable in the settings). A wait
closed as "no answer" calls for no status check.

These are pure functions of the facts they are given; `data.store.follow_ups` reads
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
    no_answer_on: date | None = None


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
        if interview.outcome == "pending" and interview.heard_back_on is None and interview.no_answer_on is None:
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


@dataclass(frozen=True)
class LapseWindows:
    """How long each kind of follow-up stays worth doing, in days (the user can change each).

    - `thank_you_days`: a thank-you note is missed this long after the interview;
    - `heads_up_days`: a reference's heads-up is missed this long after the
      interview it is for (after its due time when given on demand), or as soon
      as the application's next round has been held, whichever comes first;
    - `feedback_days`: a feedback request is missed this long after it fell due;
    - `wait_limit_days`: a wait with no answer is over this long after the
      interview: its status check is missed, and Today proposes closing it.
    """

    thank_you_days: int = 3
    heads_up_days: int = 14
    feedback_days: int = 30
    wait_limit_days: int = 45


def lapses_at(
    kind: str,
    *,
    held_at: datetime | None,
    planned_due_at: datetime,
    next_round_at: datetime | None = None,
    no_answer_on: date | None = None,
    windows: LapseWindows | None = None,
) -> datetime:
    """The moment the follow-up stops being due and becomes missed (missed from this moment on).

    `held_at` is the interview's time (None for a heads-up given on demand),
    `planned_due_at` the due time the plan gave it (not a snooze: snoozing does
    not stretch the window), `next_round_at` the time of the application's next
    interview after this one, `no_answer_on` the day its wait was closed. A
    status check lapses at the start of the day the wait was closed, else
    `wait_limit_days` after the interview's date. `data.store.follow_ups` writes the
    same rule in SQL.
    """
    windows = windows or LapseWindows()
    if kind == "thank_you":
        return (held_at or planned_due_at) + timedelta(days=windows.thank_you_days)
    if kind == "reference_heads_up":
        lapse = (held_at or planned_due_at) + timedelta(days=windows.heads_up_days)
        return min(lapse, next_round_at) if next_round_at is not None else lapse
    if kind == "feedback_request":
        return planned_due_at + timedelta(days=windows.feedback_days)
    if no_answer_on is not None:
        return datetime.combine(no_answer_on, time())
    start = held_at.date() if held_at is not None else planned_due_at.date()
    return datetime.combine(start, time()) + timedelta(days=windows.wait_limit_days)


def is_missed(lapse: datetime, now: datetime) -> bool:
    """Whether an open follow-up that lapses at `lapse` is missed at `now` (from the lapse on)."""
    return now >= lapse
