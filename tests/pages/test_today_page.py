"""The Today page as AppTest runs it: a welcome on the first run, then what needs doing now.

The page reads the clock itself, so the data of each test is built relative to now.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from data.applications import Application, save_application
from data.interviews import Interview, save_interview
from data.reflections import Reflection, save_reflection
from data.settings import weekly_goal
from ui.store import serve

PAGE = "pages/today.py"


@pytest.fixture
def search(monkeypatch, filled_db):
    db, ids = filled_db
    serve(db)
    return db, ids


@pytest.fixture
def empty(monkeypatch, db):
    serve(db)
    return db


def open_page(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def plain(text: str) -> str:
    return text.replace("\\", "").replace("**", "")


def links(at) -> list[tuple[str, str]]:
    return [(p.proto.label, p.proto.query_string) for p in at.get("page_link")]


def items(at) -> list[str]:
    return [plain(m.value) for m in at.markdown if m.value.startswith("- ")]


def test_an_empty_database_shows_a_welcome_with_the_first_step(app, empty):
    at = open_page(app)
    assert [t.value for t in at.title] == ["Welcome to Debrief"]
    assert [s.value for s in at.subheader] == ["Start here"]
    assert links(at) == [
        ("Add your first application", ""),
        ("Just had an interview? Reflect on it now", ""),
    ]
    assert len(at.metric) == 0


def test_sections_show_what_needs_doing_in_the_small_search(app, search):
    db, ids = search
    at = open_page(app)
    assert at.title[0].value == "Today"
    assert [s.value for s in at.subheader] == [
        "Follow up",
        "Reflect",
        "Waiting to hear back",
        "Keep applying",
        "Coming up",
    ]
    # Every follow-up of the March search is long overdue, earliest first.
    assert [item.split(": ")[0] for item in items(at)[:6]] == [
        "- Thank Dana Lee (Acme)",
        "- Thank Kim Park (Globex)",
        "- Ask Globex for feedback",
        "- Thank Dana Lee (Acme)",
        "- Thank Sam Ortiz (Acme)",
        "- Check in with Acme",
    ]
    assert all(item.endswith("days overdue") for item in items(at)[:6])
    assert links(at) == [
        ("Open the drafts", ""),
        ("How did it go at Acme on 16 March?", f"interview={ids['acme_technical']}"),
        ("How did it go at Globex on 12 March?", f"interview={ids['globex_screen']}"),
        ("How did it go at Acme on 9 March?", f"interview={ids['acme_screen']}"),
        ("Prepare for your next interview", ""),
    ]
    # Two answers so far: fewer than three, so the note speaks of about a week.
    days = (date.today() - date(2026, 3, 16)).days
    assert items(at)[6:] == [
        f"- Acme, Data Engineer (Technical): Employers often take about a week to answer: today is day {days}. "
        "A polite check-in is due; see Follow-ups."
    ]
    assert [(m.label, m.value) for m in at.metric] == [("Applications this week", "0 of 5")]
    assert "No interviews in the next two weeks. Every application is a new chance." in [c.value for c in at.caption]


def test_a_reflected_interview_is_no_longer_asked_about(app, search):
    db, ids = search
    for key in ("acme_screen", "acme_technical", "globex_screen"):
        save_reflection(db, Reflection(ids[key], 3))
    at = open_page(app)
    assert [label for label, _ in links(at)] == ["Open the drafts", "Prepare for your next interview"]
    assert "Every interview so far has its reflection." in [c.value for c in at.caption]


def test_waiting_note_gives_the_users_own_typical_wait_once_three_answers(app, empty):
    today = date.today()
    other = save_application(empty, Application("Globex", "Analyst", today - timedelta(days=60)))
    for held, waited in ((50, 1), (40, 2), (30, 6)):
        on = today - timedelta(days=held)
        save_interview(
            empty,
            Interview(other, "screen", "phone", datetime.combine(on, time(9)), [], "advanced", on + timedelta(waited)),
        )
    acme = save_application(empty, Application("Acme", "Data Engineer", today - timedelta(days=10)))
    yesterday = save_interview(
        empty, Interview(acme, "technical", "video", datetime.combine(today - timedelta(days=1), time(10)), ["Dana"])
    )
    at = open_page(app)
    assert [item for item in items(at) if item.startswith("- Acme")] == [
        "- Acme, Data Engineer (Technical): Most of your answers came within 2 days: today is day 1."
    ]
    assert ("How did it go at Acme yesterday?", f"interview={yesterday}") in links(at)
    # The thank-you is due at 10:00 today: overdue or due later today, it is listed.
    assert any(item.startswith("- Thank Dana (Acme): ") for item in items(at))


def test_this_weeks_applications_count_against_the_goal(app, empty):
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    save_application(empty, Application("Acme", "Data Engineer", monday))
    save_application(empty, Application("Globex", "Analyst", today))
    save_application(empty, Application("Initech", "Developer", monday - timedelta(days=1)))
    at = open_page(app)
    assert at.metric[0].value == "2 of 5"
    assert at.get("progress")[0].proto.text == "3 to go this week."
    assert "Nothing due in the next 24 hours: you are on top of your follow-ups." in [c.value for c in at.caption]


def test_setting_the_weekly_goal_to_eight_persists(app, search):
    db, ids = search
    at = open_page(app)
    at.number_input(key="weekly-goal-input").set_value(8)
    at.button(key="FormSubmitter:weekly-goal-Set goal").click().run()
    assert not at.exception
    assert weekly_goal(db.cursor()) == 8
    assert at.metric[0].value == "0 of 8"
    assert [t.value for t in at.toast] == ["Weekly goal: 8 applications"]
    at.switch_page(PAGE).run()
    assert at.number_input(key="weekly-goal-input").value == 8


def test_coming_up_lists_the_next_interviews(app, empty):
    when = datetime.combine(date.today() + timedelta(days=2), time(14, 30))
    acme = save_application(empty, Application("Acme <Robotics>", "Data Engineer", date.today()))
    save_interview(empty, Interview(acme, "technical", "video", when, ["Dana"]))
    at = open_page(app)
    assert items(at)[-1] == f"- {when:%a %d %b, %H:%M}: Acme <Robotics>, Data Engineer (Technical, video)"


def test_a_thank_you_due_tomorrow_is_listed_right_after_the_interview(app, empty):
    now = datetime.now()
    acme = save_application(empty, Application("Acme", "Data Engineer", now.date() - timedelta(days=3)))
    # Held 90 minutes ago: its note is due in 22 and a half hours, shown in whole hours.
    save_interview(empty, Interview(acme, "screen", "video", now - timedelta(minutes=90), ["Dana"]))
    at = open_page(app)
    assert [item for item in items(at) if item.startswith("- Thank Dana")] == ["- Thank Dana (Acme): due in 22 h"]
