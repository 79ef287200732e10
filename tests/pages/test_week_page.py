"""The week in review as AppTest runs it: the numbers of a week, what is shared, the copy and the download."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from analytics.weekly import monday_of
from data.store.applications import Application, save_application
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from tests.conftest import page_opener

PAGE = "pages/week.py"


@pytest.fixture
def last_week(served):
    """Last week (the page's default), served: two applications, one interview reflected on, with stress 5."""
    db = served
    monday = monday_of(datetime.now().date()) - timedelta(days=7)
    acme = save_application(db, Application("Acme", "Analyst", monday))
    save_application(db, Application("Globex", "Engineer", monday + timedelta(days=2)))
    held = save_interview(
        db, Interview(acme, "screen", "video", datetime.combine(monday + timedelta(days=3), time(10)))
    )
    save_reflection(db, Reflection(held, 4, stress=5, to_improve="Slow down", other_notes="Private thing"))
    return db, monday


open_page = page_opener(PAGE)


def test_last_weeks_review_shows_its_numbers_and_shares_no_stress_by_default(app, last_week):
    db, monday = last_week
    at = open_page(app)
    assert at.title[0].value == "Week in review"
    shown = {m.label: m.value for m in at.metric}
    assert shown["Applications sent (goal 5)"] == "2"
    assert shown["Interviews held"] == "1"
    text = at.code[0].value
    assert "- 2 applications sent, against a goal of 5 (3 short of it)." in text
    assert "- Acme, Analyst (Screen," in text and "Slow down" in text
    assert "Stress" not in text and "Private thing" not in text


def test_ticking_stress_and_private_notes_adds_them(app, last_week):
    at = open_page(app)
    at.checkbox(key="week-stress").check().run()
    at.checkbox(key="week-private").check().run()
    assert not at.exception
    text = at.code[0].value
    assert "- Stress: 5.0 (first time rated)" in text
    assert "Private thing" in text


def test_picking_another_day_reviews_that_days_week(app, last_week):
    db, monday = last_week
    at = open_page(app)
    at.date_input(key="week-day").set_value(monday - timedelta(days=3)).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Applications sent (goal 5)"] == "0"
