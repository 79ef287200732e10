"""The .ics export of open follow-ups, read back with icalendar as a calendar app would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from followups.calendar import CalendarItem, follow_ups_calendar

NOW = datetime(2026, 3, 17, 10, 0)
ITEMS = [
    CalendarItem(3, "Thank Dana Lee (Acme)", datetime(2026, 3, 17, 14, 0), "Data Engineer"),
    CalendarItem(4, "Thank Sam Ortiz (Acme)", datetime(2026, 3, 17, 14, 0), "Data Engineer"),
    CalendarItem(
        9, "Give Ana Ruiz a heads-up about Café Zoë 🚀", datetime(2026, 3, 18, 9, 30), 'Role: "Lead", R&D; ok'
    ),
]


def _events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_every_open_follow_up_is_one_event_at_its_due_time_with_one_reminder():
    events = _events(follow_ups_calendar(ITEMS, NOW))
    assert len(events) == len(ITEMS)
    for event, item in zip(events, ITEMS, strict=True):
        assert str(event["SUMMARY"]) == item.title
        assert str(event["DESCRIPTION"]) == item.description
        assert event.decoded("DTSTART") == item.due_at
        assert event.decoded("DTEND") == item.due_at + timedelta(minutes=15)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert str(alarms[0]["DESCRIPTION"]) == item.title
        assert alarms[0].decoded("TRIGGER") == -timedelta(hours=1)


def test_event_times_are_floating_wall_clock_times():
    event = _events(follow_ups_calendar(ITEMS[:1], NOW))[0]
    assert event.decoded("DTSTART").tzinfo is None
    assert b"DTSTART:20260317T140000\r\n" in follow_ups_calendar(ITEMS[:1], NOW)


def test_event_uids_are_unique_and_stable_across_exports():
    first = [str(e["UID"]) for e in _events(follow_ups_calendar(ITEMS, NOW))]
    again = [str(e["UID"]) for e in _events(follow_ups_calendar(list(reversed(ITEMS)), NOW + timedelta(days=1)))]
    assert first == ["debrief-follow-up-3@localhost", "debrief-follow-up-4@localhost", "debrief-follow-up-9@localhost"]
    assert sorted(again) == sorted(first)


def test_calendar_declares_what_importers_need():
    ics = follow_ups_calendar(ITEMS, NOW)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Debrief//Follow-ups//EN"
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert ics.endswith(b"END:VCALENDAR\r\n")
    # RFC 5545: content lines are folded at 75 octets.
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    for event in _events(ics):
        assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)


def test_no_open_follow_ups_makes_an_empty_calendar():
    calendar = Calendar.from_ical(follow_ups_calendar([], NOW))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Debrief follow-ups"


def test_an_event_names_the_interview_stage_with_its_label():
    from types import SimpleNamespace

    from followups.calendar import calendar_items

    item = SimpleNamespace(
        id=1,
        kind="thank_you",
        recipient="Dana Lee",
        company="Acme",
        role="Data Engineer",
        due_at=datetime(2026, 3, 10, 10),
        stage="screen",
        held_at=datetime(2026, 3, 9, 10),
    )
    (event,) = calendar_items([item])
    assert (
        event.description
        == "Acme, Data Engineer: Screening interview on 2026-03-09. The draft is on Debrief's Follow-ups page."
    )
