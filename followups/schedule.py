"""Where a follow-up stands at a given moment: its group on the Follow-ups page and its countdown."""

from __future__ import annotations

from datetime import datetime, timedelta

GROUPS = ("overdue", "today", "upcoming", "missed", "done")
GROUP_TITLES = {"overdue": "Overdue", "today": "Due today", "upcoming": "Upcoming", "missed": "Missed", "done": "Done"}


# Today lists what falls due within a day: a thank-you note's 24 hours start
# running the moment the interview ends, so it is shown from then, not only on
# the day it is due.
DUE_SOON = timedelta(hours=24)


def group_of(due_at: datetime, closed: bool, now: datetime, lapses_at: datetime | None = None) -> str:
    """`done` once done or skipped; `missed` from `lapses_at` on (see `followups.plan.lapses_at`);
    else `overdue` once past due, `today` if due later today, else `upcoming`."""
    if closed:
        return "done"
    if lapses_at is not None and now >= lapses_at:
        return "missed"
    if due_at < now:
        return "overdue"
    if due_at.date() == now.date():
        return "today"
    return "upcoming"


def group_windows(now: datetime) -> dict[str, tuple[datetime | None, datetime | None]]:
    """The open groups as windows of due time, `[from, before)`, None where open-ended.

    A follow-up that has not lapsed falls in the window of the group `group_of`
    gives it: overdue before `now`, due today from `now` to midnight, upcoming
    from midnight on. Missed ones are chosen by their lapse time, not a window.
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


# Each kind of follow-up in words: its title (what it asks of the user) and its noun (it as a thing to be done).
_IN_WORDS = {
    "thank_you": ("Thank {recipient} ({company})", "the thank-you note to {recipient} ({company})"),
    "reference_heads_up": (
        "Give {recipient} a heads-up about {company}",
        "the heads-up to {recipient} about {company}",
    ),
    "feedback_request": ("Ask {company} for feedback", "the feedback request to {company}"),
    "status_check": ("Check in with {company}", "the check-in with {company}"),
}
# Whom a note goes to when the follow-up names no one.
_UNNAMED = {"thank_you": "your interviewer", "reference_heads_up": "your reference"}


def _in_words(kind: str, recipient: str | None, company: str, *, as_noun: bool) -> str:
    title, noun = _IN_WORDS.get(kind, _IN_WORDS["status_check"])
    return (noun if as_noun else title).format(recipient=recipient or _UNNAMED.get(kind), company=company)


def follow_up_title(kind: str, recipient: str | None, company: str) -> str:
    """What the follow-up asks of the user, in a few words: "Thank Dana Lee (Acme)", "Check in with Acme"."""
    return _in_words(kind, recipient, company, as_noun=False)


def follow_up_noun(kind: str, recipient: str | None, company: str) -> str:
    """The follow-up as a thing to be done: "the thank-you note to Dana Lee (Acme)", "the check-in with Acme"."""
    return _in_words(kind, recipient, company, as_noun=True)


# Where a wait stands, by the chance that an answer still comes after this many days of silence.
CHECK_IN_BELOW = 0.5
LET_GO_BELOW = 0.1
# Until the user has answers enough of their own: employers commonly answer within one to two weeks.
DEFAULT_CHECK_IN_AFTER_DAYS = 14


def wait_verdict(days_waited: int, chance: float | None, limit_days: int) -> str:
    """What a wait calls for: `wait`, `check_in` or `let_go`.

    `let_go` (propose "Mark as no answer") once `limit_days` have passed or the
    chance of an answer has fallen below 10 %; `check_in` below 50 %; `wait`
    otherwise. With no estimate of the user's own (`chance` None), a check-in
    after the common one to two weeks (`DEFAULT_CHECK_IN_AFTER_DAYS`).
    """
    if days_waited >= limit_days or (chance is not None and chance < LET_GO_BELOW):
        return "let_go"
    if chance is None:
        return "check_in" if days_waited > DEFAULT_CHECK_IN_AFTER_DAYS else "wait"
    return "check_in" if chance < CHECK_IN_BELOW else "wait"


def chance_in_words(chance: float) -> str:
    """A share as a person says it: "nearly all", "about 7 in 10", "about 1 in 3", "none"."""
    if chance >= 0.95:
        return "nearly all"
    if chance > 0.55:
        return f"about {round(chance * 10)} in 10"
    if chance >= 0.45:
        return "about 1 in 2"
    if chance <= 0:
        return "none"
    if chance < 0.05:
        return "hardly any"
    return f"about 1 in {round(1 / chance)}"


def wait_note(days_waited: int, chance: float | None, answers_mostly_by: int | None, limit_days: int) -> str:
    """Where one wait stands, in the user's own terms, and what (if anything) it calls for.

    "Day 6. Most of your answers came by day 5; about 1 in 3 that went this long
    still answered. A polite check-in makes sense now." With no estimate of the
    user's own (`chance` None), the common one to two weeks, said to be a default.
    """
    verdict = wait_verdict(days_waited, chance, limit_days)
    day = f"Day {days_waited}."
    if chance is None or answers_mostly_by is None:
        base = f"{day} Employers often answer within one to two weeks (a common default, until you have answers of your own)."
    elif chance <= 0:
        base = f"{day} Most of your answers came by day {answers_mostly_by}; none came this late."
    else:
        base = (
            f"{day} Most of your answers came by day {answers_mostly_by}; "
            f"{chance_in_words(chance)} that went this long still answered."
        )
    if verdict == "let_go":
        if days_waited >= limit_days:
            return base + f" After {limit_days} days, it is fair to call it no answer."
        return base + " It is fair to call it no answer and let it go."
    if verdict == "check_in":
        return base + " A polite check-in makes sense now."
    return base


def until_when(due_at: datetime, now: datetime) -> str:
    """When something falls due, as said in a sentence after "until": "later today", "tomorrow", "Thursday",
    "Thursday 17 December" (from a week on)."""
    days = (due_at.date() - now.date()).days
    if days <= 0:
        return "later today"
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"{due_at:%A}"
    return f"{due_at:%A} {due_at.day} {due_at:%B}"


def nothing_due_note(next_due_at: datetime | None, next_thing: str | None, now: datetime) -> str:
    """What Today says when nothing needs the user: until when, and what comes next, if anything."""
    if next_due_at is None or next_thing is None:
        return "Nothing needs you right now, and nothing is planned. You can close this tab."
    return f"Nothing needs you until {until_when(next_due_at, now)}: {next_thing}. You can close this tab."
