"""The Today page as AppTest runs it: a welcome on the first run, then what needs doing now.

The page reads the clock itself, so the data of each test is built relative to now.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from data.store.applications import Application, save_application
from data.store.follow_ups import mark_no_answer
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.store.settings import weekly_goal
from tests.conftest import page_opener

PAGE = "pages/today.py"


open_page = page_opener(PAGE)


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
    # Every follow-up of the March search lapsed months ago: missed, not overdue, so none is listed.
    assert not any("overdue" in item for item in items(at))
    assert "Nothing due in the next 24 hours: you are on top of your follow-ups." in [c.value for c in at.caption]
    # The March interviews are months old: Today does not ask how they went, it points to them on Reflect.
    assert links(at) == [
        ("Older interviews without a reflection (3) are on the Reflect page", ""),
        ("Prepare for your next interview", ""),
    ]
    # Two answers so far: fewer than five, so the note states the common default; months of silence end the wait.
    days = (date.today() - date(2026, 3, 16)).days
    assert items(at) == [
        f"- Acme, Data Engineer (Technical): Day {days}. Employers often answer within one to two weeks "
        "(a common default, until you have answers of your own). After 45 days, it is fair to call it no answer."
    ]
    assert [b.label for b in at.button if b.key.startswith("no-answer-")] == ["Mark as no answer"]
    assert [(m.label, m.value) for m in at.metric] == [("Applications this week", "0 of 5")]
    assert "No interviews in the next two weeks. Every application is a new chance." in [c.value for c in at.caption]


def test_only_interviews_of_the_last_two_weeks_are_asked_about(app, search):
    db, ids = search
    now = datetime.now().replace(microsecond=0)
    fresh = save_interview(db, Interview(ids["acme"], "final", "onsite", now - timedelta(days=2), ["Dana Lee"]))
    stale = save_interview(db, Interview(ids["acme"], "other", "video", now - timedelta(days=15), ["Dana Lee"]))

    at = open_page(app)

    asked = [query for label, query in links(at) if label.startswith("How did it go")]
    assert asked == [f"interview={fresh}"]
    assert f"interview={stale}" not in [query for _, query in links(at)]
    assert ("Older interviews without a reflection (4) are on the Reflect page", "") in links(at)


def test_a_reflected_interview_is_no_longer_asked_about(app, search):
    db, ids = search
    for key in ("acme_screen", "acme_technical", "globex_screen"):
        save_reflection(db, Reflection(ids[key], 3))
    at = open_page(app)
    assert [label for label, _ in links(at)] == ["Prepare for your next interview"]
    assert "Every interview so far has its reflection." in [c.value for c in at.caption]


def test_waiting_note_speaks_of_the_users_own_answers_once_five(app, empty):
    today = date.today()
    other = save_application(empty, Application("Globex", "Analyst", today - timedelta(days=90)))
    # Answers after 1, 2, 3, 5 and 8 days, and a wait closed as no answer after 20.
    for held, waited in ((80, 1), (70, 2), (60, 3), (50, 5), (40, 8)):
        on = today - timedelta(days=held)
        save_interview(
            empty,
            Interview(other, "screen", "phone", datetime.combine(on, time(9)), [], "advanced", on + timedelta(waited)),
        )
    silent = save_interview(
        empty, Interview(other, "screen", "phone", datetime.combine(today - timedelta(days=30), time(9)), [])
    )
    mark_no_answer(empty, silent, today - timedelta(days=10))
    acme = save_application(empty, Application("Acme", "Data Engineer", today - timedelta(days=10)))
    yesterday = save_interview(
        empty, Interview(acme, "technical", "video", datetime.combine(today - timedelta(days=1), time(10)), ["Dana"])
    )
    birch = save_application(empty, Application("Birch", "Analyst", today - timedelta(days=20)))
    save_interview(empty, Interview(birch, "screen", "video", datetime.combine(today - timedelta(days=4), time(10))))
    at = open_page(app)
    waits = [item for item in items(at) if item.startswith(("- Acme", "- Birch"))]
    # Kaplan–Meier over 1, 2, 3, 5, 8 (answers) and 1, 4, 20 (waits): still waiting 7/12 after day 3,
    # 7/36 at the end. Past day 3: (7/12 - 7/36) / (7/12) = 2/3; from day 1: 1 - 7/36 = 0.81.
    assert waits == [
        "- Birch, Analyst (Screening): Day 4. Most of your answers came by day 5; "
        "about 7 in 10 that went this long still answered.",
        "- Acme, Data Engineer (Technical): Day 1. Most of your answers came by day 5; "
        "about 8 in 10 that went this long still answered.",
    ]
    assert ("How did it go at Acme yesterday?", f"interview={yesterday}") in links(at)
    # The thank-you is due at 10:00 today: overdue or due later today, it is listed.
    assert any(item.startswith("- Thank Dana (Acme): ") for item in items(at))


def test_mark_as_no_answer_closes_the_wait_and_undo_reopens_it(app, search):
    db, ids = search
    at = open_page(app)
    at.button(key=f"no-answer-{ids['acme_technical']}").click().run()
    assert not at.exception
    assert db.cursor().execute(
        "SELECT no_answer_on FROM interviews WHERE id = ?", [ids["acme_technical"]]
    ).fetchone() == (date.today(),)
    assert "No interview is waiting for an answer." in [c.value for c in at.caption]
    assert any(c.value.startswith("No answer: Acme, Data Engineer (Technical), closed") for c in at.caption)
    at.button(key=f"reopen-{ids['acme_technical']}").click().run()
    assert not at.exception
    assert db.cursor().execute(
        "SELECT no_answer_on FROM interviews WHERE id = ?", [ids["acme_technical"]]
    ).fetchone() == (None,)
    assert any(item.startswith("- Acme, Data Engineer (Technical): Day") for item in items(at))


def test_when_nothing_is_due_today_says_until_when_and_what_comes_next(app, empty):
    today = date.today()
    acme = save_application(empty, Application("Northwind", "Analyst", today - timedelta(days=10)))
    interview = save_interview(
        empty, Interview(acme, "screen", "video", datetime.combine(today - timedelta(days=2), time(10)), [])
    )
    save_reflection(empty, Reflection(interview, 4))
    at = open_page(app)
    # Two days into a wait of about a week (the default): nothing to do until the check-in on day 8.
    check_in = datetime.combine(today - timedelta(days=2) + timedelta(days=8), time(9))
    assert [s.value for s in at.success] == [
        f"Nothing needs you until {check_in:%A}: the check-in with Northwind. You can close this tab."
    ]


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


def test_when_an_interview_comes_before_any_follow_up_today_names_it(app, empty):
    today = date.today()
    northwind = save_application(empty, Application("Northwind", "Analyst", today - timedelta(days=10)))
    save_interview(empty, Interview(northwind, "final", "video", datetime.combine(today + timedelta(days=2), time(10))))
    at = open_page(app)
    when = (datetime.combine(today + timedelta(days=2), time(10))).strftime("%A")
    assert [s.value for s in at.success] == [
        f"Nothing needs you until {when}: your final interview with Northwind. You can close this tab."
    ]


def test_with_nothing_planned_today_says_nothing_needs_you(app, empty):
    save_application(empty, Application("Northwind", "Analyst", date.today()))
    at = open_page(app)
    assert [s.value for s in at.success] == [
        "Nothing needs you right now, and nothing is planned. You can close this tab."
    ]
