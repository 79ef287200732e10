"""Where a follow-up stands at a given moment: its group on the Follow-ups page and its countdown."""

from __future__ import annotations

from datetime import datetime, timedelta

GROUPS = ("overdue", "today", "upcoming", "done")
GROUP_TITLES = {"overdue": "Overdue", "today": "Due today", "upcoming": "Upcoming", "done": "Done"}


# Today lists what falls due within a day: a thank-you note's 24 hours start
# running the moment the interview ends, so it is shown from then, not only on
# the day it is due.
DUE_SOON = timedelta(hours=24)


def group_of(due_at: datetime, closed: bool, now: datetime) -> str:
    """`done` once done or skipped; else `overdue` once past due, `today` if due later today, else `upcoming`."""
    if closed:
        return "done"
    if due_at < now:
        return "overdue"
    if due_at.date() == now.date():
        return "today"
    return "upcoming"


def group_windows(now: datetime) -> dict[str, tuple[datetime | None, datetime | None]]:
    """The open groups as windows of due time, `[from, before)`, None where open-ended.

    A follow-up falls in the window of the group `group_of` gives it: overdue
    before `now`, due today from `now` to midnight, upcoming from midnight on.
    """
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return {"overdue": (None, now), "today": (now, midnight), "upcoming": (midnight, None)}


def _amount(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def countdown(due_at: datetime, now: datetime) -> str:
    """How long until `due_at`, or how long past it: "due in 5 h", "3 h overdue", "due in 2 days"."""
    minutes = int((due_at - now).total_seconds() // 60)
    if minutes >= 0:
        return f"due in {_amount(max(minutes, 1))}"
    return f"{_amount(max(-minutes, 1))} overdue"


def follow_up_title(kind: str, recipient: str | None, company: str) -> str:
    """What the follow-up asks of the user, in a few words."""
    if kind == "thank_you":
        return f"Thank {recipient or 'your interviewer'} ({company})"
    if kind == "reference_heads_up":
        return f"Give {recipient or 'your reference'} a heads-up about {company}"
    if kind == "feedback_request":
        return f"Ask {company} for feedback"
    return f"Check in with {company}"


def wait_note(days_waited: int, typical_wait: float, own_history: bool) -> str:
    """The calm answer to checking email all day: this wait beside the usual one."""
    usual = round(typical_wait)
    day = f"today is day {days_waited}"
    if own_history:
        base = f"Most of your answers came within {usual} day{'s' if usual != 1 else ''}: {day}"
    else:
        base = f"Employers often take about a week to answer: {day}"
    if days_waited > typical_wait:
        return base + ". A polite check-in is due; see Follow-ups."
    return base + "."
