"""What the Today page asks of the store: this week's applications, what is coming, who is waiting."""

from __future__ import annotations

from datetime import date, datetime

from data.store.applications import Application, save_application
from data.store.interviews import Interview, save_interview
from data.store.today import applications_in_week, has_any_application, upcoming_interviews, waiting_for_answers


def test_an_empty_database_has_no_application(db):
    assert has_any_application(db.cursor()) is False


def test_a_database_with_one_application_has_some(db):
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    assert has_any_application(db.cursor()) is True


def test_applications_in_week_count_monday_to_sunday(db):
    # 2026-03-09 is a Monday.
    for day in (8, 9, 11, 15, 16):
        save_application(db, Application(f"Company {day}", "Role", date(2026, 3, day)))
    con = db.cursor()
    assert applications_in_week(con, date(2026, 3, 9)) == 3
    assert applications_in_week(con, date(2026, 3, 12)) == 3
    assert applications_in_week(con, date(2026, 3, 15)) == 3
    assert applications_in_week(con, date(2026, 3, 16)) == 1
    assert applications_in_week(con, date(2026, 3, 8)) == 1
    assert applications_in_week(con, date(2026, 4, 1)) == 0


def test_upcoming_interviews_from_now_for_two_weeks_soonest_first(filled_db):
    db, ids = filled_db
    late = save_interview(db, Interview(ids["globex"], "final", "onsite", datetime(2026, 3, 29, 14)))
    con = db.cursor()
    upcoming = upcoming_interviews(con, datetime(2026, 3, 16, 14))
    assert upcoming[["id", "company", "role", "stage", "format"]].values.tolist() == [
        [ids["acme_technical"], "Acme", "Data Engineer", "technical", "video"],
        [late, "Globex", "Analyst", "final", "onsite"],
    ]
    assert upcoming_interviews(con, datetime(2026, 3, 16, 14, 1)).id.tolist() == [late]
    assert upcoming_interviews(con, datetime(2026, 3, 15, 14)).id.tolist() == [ids["acme_technical"]]
    assert upcoming_interviews(con, datetime(2026, 3, 15, 14), days=30).id.tolist() == [ids["acme_technical"], late]


def test_waiting_for_answers_lists_pending_interviews_without_an_answer_with_days_waited(filled_db):
    db, ids = filled_db
    initech_screen = save_interview(db, Interview(ids["initech"], "screen", "phone", datetime(2026, 3, 14, 16)))
    waiting = waiting_for_answers(db.cursor(), date(2026, 3, 20))
    assert waiting[["id", "company", "role", "stage", "days_waited"]].values.tolist() == [
        [initech_screen, "Initech", "Developer", "screen", 6],
        [ids["acme_technical"], "Acme", "Data Engineer", "technical", 4],
    ]


def test_an_interview_held_today_is_not_waiting_yet(filled_db):
    db, ids = filled_db
    assert waiting_for_answers(db.cursor(), date(2026, 3, 16)).empty
    assert waiting_for_answers(db.cursor(), date(2026, 3, 17)).id.tolist() == [ids["acme_technical"]]


def test_an_interview_with_an_answer_is_not_waiting(filled_db):
    db, ids = filled_db
    with db.transaction() as cur:
        cur.execute("UPDATE interviews SET heard_back_on = DATE '2026-03-18' WHERE id = ?", [ids["acme_technical"]])
    assert waiting_for_answers(db.cursor(), date(2026, 3, 20)).empty
