"""Open follow-ups as an iCalendar file that Google Calendar, Outlook and Apple Calendar import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from data.labels import label
from followups.schedule import follow_up_title

EVENT_LENGTH = timedelta(minutes=15)
REMIND_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarItem:
    follow_up_id: int
    title: str
    due_at: datetime
    description: str


def calendar_items(follow_ups) -> list[CalendarItem]:
    """Calendar events for follow-up cards (anything with the `FollowUpCard` attributes)."""
    return [
        CalendarItem(
            item.id,
            follow_up_title(item.kind, item.recipient, item.company),
            item.due_at,
            f"{item.company}, {item.role}"
            + (f": {label(item.stage, 'stage')} interview on {item.held_at:%Y-%m-%d}" if item.held_at else "")
            + ". The draft is on Debrief's Follow-ups page.",
        )
        for item in follow_ups
    ]


def follow_ups_calendar(items: list[CalendarItem], now: datetime) -> bytes:
    """One 15-minute event per item at its due time, each with a reminder an hour before.

    Times are floating (no time zone), as Debrief stores them: calendars show them
    at the same wall-clock time the user typed. UIDs are stable per follow-up, so
    importing again updates the events instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Debrief//Follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Debrief follow-ups")
    for item in items:
        event = Event()
        event.add("uid", f"debrief-follow-up-{item.follow_up_id}@localhost")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.due_at)
        event.add("dtend", item.due_at + EVENT_LENGTH)
        event.add("summary", item.title)
        event.add("description", item.description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", -REMIND_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
