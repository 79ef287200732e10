"""Where a follow-up stands at a moment: its group, its countdown, its title, and the wait note."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followups.schedule import countdown, follow_up_title, group_of, group_windows, wait_note

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
    ("kind", "recipient", "title"),
    [
        ("thank_you", "Dana Lee", "Thank Dana Lee (Acme)"),
        ("thank_you", None, "Thank your interviewer (Acme)"),
        ("reference_heads_up", "Ana Ruiz", "Give Ana Ruiz a heads-up about Acme"),
        ("reference_heads_up", None, "Give your reference a heads-up about Acme"),
        ("feedback_request", "Dana Lee", "Ask Acme for feedback"),
        ("status_check", None, "Check in with Acme"),
    ],
)
def test_follow_up_title_says_what_to_do_and_for_whom(kind, recipient, title):
    assert follow_up_title(kind, recipient, "Acme") == title


def test_wait_note_without_own_history_speaks_of_about_a_week():
    assert wait_note(4, 7.0, own_history=False) == "Employers often take about a week to answer: today is day 4."


def test_wait_note_with_own_history_gives_the_typical_wait():
    assert wait_note(4, 6.0, own_history=True) == "Most of your answers came within 6 days: today is day 4."


def test_wait_note_on_the_last_day_of_the_typical_wait_is_still_calm():
    assert wait_note(6, 6.0, own_history=True) == "Most of your answers came within 6 days: today is day 6."


def test_wait_note_past_the_typical_wait_suggests_a_check_in():
    assert wait_note(9, 7.0, own_history=False) == (
        "Employers often take about a week to answer: today is day 9. A polite check-in is due; see Follow-ups."
    )


def test_wait_note_of_a_one_day_typical_wait_is_singular():
    assert wait_note(3, 1.0, own_history=True) == (
        "Most of your answers came within 1 day: today is day 3. A polite check-in is due; see Follow-ups."
    )
