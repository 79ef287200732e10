"""Where a follow-up stands at a moment: its group, its countdown, its title, and the wait note."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followups.schedule import (
    chance_in_words,
    countdown,
    follow_up_noun,
    follow_up_title,
    group_of,
    group_windows,
    nothing_due_note,
    until_when,
    wait_note,
    wait_verdict,
)

NOW = datetime(2026, 3, 17, 10, 0)


@pytest.mark.parametrize(
    ("due_at", "group"),
    [
        (NOW - timedelta(days=3), "overdue"),
        (NOW - timedelta(seconds=1), "overdue"),
        (NOW, "today"),
        (datetime(2026, 3, 17, 23, 59, 59), "today"),
        (datetime(2026, 3, 18, 0, 0), "upcoming"),
        (datetime(2026, 3, 25, 9, 0), "upcoming"),
    ],
)
def test_open_follow_up_groups_by_due_time_around_now_and_midnight(due_at, group):
    assert group_of(due_at, False, NOW) == group
    # The page reads each group from the database by its window: the same rule.
    [(in_window)] = [
        name
        for name, (start, end) in group_windows(NOW).items()
        if (start is None or due_at >= start) and (end is None or due_at < end)
    ]
    assert in_window == group


@pytest.mark.parametrize("due_at", [NOW - timedelta(days=2), NOW, NOW + timedelta(days=2)])
def test_a_closed_follow_up_is_done_whenever_it_was_due(due_at):
    assert group_of(due_at, True, NOW) == "done"


@pytest.mark.parametrize(
    ("due_at", "text"),
    [
        (NOW + timedelta(hours=5), "due in 5 h"),
        (NOW + timedelta(hours=5, minutes=59), "due in 5 h"),
        (NOW - timedelta(hours=3), "3 h overdue"),
        (NOW + timedelta(minutes=40), "due in 40 min"),
        (NOW - timedelta(minutes=12), "12 min overdue"),
        (NOW, "due in 1 min"),
        (NOW - timedelta(seconds=20), "1 min overdue"),
        (NOW + timedelta(hours=47, minutes=59), "due in 47 h"),
        (NOW + timedelta(hours=48), "due in 2 days"),
        (NOW + timedelta(days=6, hours=3), "due in 6 days"),
        (NOW - timedelta(days=3, hours=1), "3 days overdue"),
    ],
)
def test_countdown_in_minutes_hours_or_days(due_at, text):
    assert countdown(due_at, NOW) == text


@pytest.mark.parametrize(
    ("kind", "recipient", "title", "noun"),
    [
        ("thank_you", "Dana Lee", "Thank Dana Lee (Acme)", "the thank-you note to Dana Lee (Acme)"),
        ("thank_you", None, "Thank your interviewer (Acme)", "the thank-you note to your interviewer (Acme)"),
        (
            "reference_heads_up",
            "Ana Ruiz",
            "Give Ana Ruiz a heads-up about Acme",
            "the heads-up to Ana Ruiz about Acme",
        ),
        (
            "reference_heads_up",
            None,
            "Give your reference a heads-up about Acme",
            "the heads-up to your reference about Acme",
        ),
        ("feedback_request", "Dana Lee", "Ask Acme for feedback", "the feedback request to Acme"),
        ("status_check", None, "Check in with Acme", "the check-in with Acme"),
    ],
)
def test_a_follow_up_title_says_what_to_do_and_for_whom_and_its_noun_names_it(kind, recipient, title, noun):
    assert follow_up_title(kind, recipient, "Acme") == title
    assert follow_up_noun(kind, recipient, "Acme") == noun


def test_braces_in_a_name_are_kept_as_written():
    assert follow_up_title("thank_you", "Dana {recipient}", "{company} Inc") == "Thank Dana {recipient} ({company} Inc)"


def test_wait_note_without_own_history_states_the_common_default():
    assert wait_note(4, None, None, 45) == (
        "Day 4. Employers often answer within one to two weeks (a common default, until you have answers of your own)."
    )


def test_wait_note_without_own_history_proposes_a_check_in_after_two_weeks():
    assert wait_note(14, None, None, 45).endswith("your own).")
    assert wait_note(15, None, None, 45).endswith("A polite check-in makes sense now.")


def test_wait_note_speaks_of_the_users_own_answers_and_the_chance_left():
    assert wait_note(6, 1 / 3, 5, 45) == (
        "Day 6. Most of your answers came by day 5; about 1 in 3 that went this long still answered."
        " A polite check-in makes sense now."
    )


@pytest.mark.parametrize(
    ("chance", "verdict"),
    [(0.5, "wait"), (0.4999, "check_in"), (0.1, "check_in"), (0.0999, "let_go"), (0.0, "let_go")],
)
def test_wait_verdict_at_the_thresholds_of_the_chance(chance, verdict):
    assert wait_verdict(6, chance, 45) == verdict


def test_wait_verdict_lets_go_at_exactly_the_hard_limit_whatever_the_chance():
    assert wait_verdict(44, 0.9, 45) == "wait"
    assert wait_verdict(45, 0.9, 45) == "let_go"
    assert wait_verdict(45, None, 45) == "let_go"


def test_wait_note_at_the_hard_limit_proposes_calling_it_no_answer():
    assert wait_note(179, None, None, 45).endswith("After 45 days, it is fair to call it no answer.")
    assert wait_note(20, 0.05, 5, 45) == (
        "Day 20. Most of your answers came by day 5; about 1 in 20 that went this long still answered."
        " It is fair to call it no answer and let it go."
    )


@pytest.mark.parametrize(
    ("chance", "words"),
    [
        (1.0, "nearly all"),
        (0.7, "about 7 in 10"),
        (0.5, "about 1 in 2"),
        (0.25, "about 1 in 4"),
        (0.01, "hardly any"),
        (0.0, "none"),
    ],
)
def test_chance_in_words(chance, words):
    assert chance_in_words(chance) == words


def test_an_open_follow_up_is_missed_from_its_lapse_time_on_whatever_its_due_time():
    now = datetime(2026, 3, 10, 12, 0)
    assert group_of(now - timedelta(days=2), False, now, lapses_at=now) == "missed"
    assert group_of(now - timedelta(days=2), False, now, lapses_at=now + timedelta(minutes=1)) == "overdue"
    assert group_of(now - timedelta(days=2), True, now, lapses_at=now) == "done"


@pytest.mark.parametrize(
    ("due_at", "words"),
    [
        (datetime(2026, 3, 10, 18, 0), "later today"),
        (datetime(2026, 3, 11, 9, 0), "tomorrow"),
        (datetime(2026, 3, 12, 9, 0), "Thursday"),
        (datetime(2026, 3, 16, 9, 0), "Monday"),
        (datetime(2026, 3, 17, 9, 0), "Tuesday 17 March"),
    ],
)
def test_until_when_speaks_of_the_day(due_at, words):
    assert until_when(due_at, datetime(2026, 3, 10, 12, 0)) == words


def test_nothing_due_note_says_until_when_and_what_comes_next():
    now = datetime(2026, 3, 10, 12, 0)
    assert nothing_due_note(datetime(2026, 3, 12, 9), "the check-in with Northwind", now) == (
        "Nothing needs you until Thursday: the check-in with Northwind. You can close this tab."
    )
    assert nothing_due_note(None, None, now) == (
        "Nothing needs you right now, and nothing is planned. You can close this tab."
    )


def test_wait_note_past_every_answer_seen_says_none_came_this_late():
    assert wait_note(31, 0.0, 6, 45) == (
        "Day 31. Most of your answers came by day 6; none came this late. It is fair to call it no answer and let it go."
    )
