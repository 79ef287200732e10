"""The Prepare page as AppTest runs it: empty state, weakest dimensions, notes, question bank, feedback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from data.applications import Application, save_application
from data.interviews import Interview, save_interview
from ui.text import md

PAGE = "pages/prepare.py"
EMPTY = "Write a reflection after your next interview: its notes and questions show up here."


@pytest.fixture(autouse=True)
def _app_on_the_test_database(monkeypatch, db):
    """The app uses the test's `Database`, one per process as when served (a second
    one on the same file would share DuckDB's instance and could make the first
    one's checkpoints fail). tests/conftest.py runs it through app.py's navigation.
    """
    monkeypatch.setattr("ui.store._open", lambda path: db)


def _open(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def reflect(db, interview_id: int, overall: int, **fields) -> None:
    columns = ["interview_id", "overall", *fields]
    with db.transaction() as cur:
        cur.execute(
            f"INSERT INTO reflections ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [interview_id, overall, *fields.values()],
        )


@pytest.fixture
def reflected(filled_db):
    """The small search with reflections on both Acme rounds and the Globex screen, and Globex's feedback."""
    db, ids = filled_db
    reflect(
        db,
        ids["acme_screen"],
        overall=3,
        communication=2,
        preparation=4,
        to_improve="Shorter answers; *no* rambling <b>",
        questions_asked="- Why Acme?\n- Tell me about a conflict",
    )
    reflect(
        db,
        ids["acme_technical"],
        overall=4,
        communication=3,
        preparation=5,
        to_improve="Practise window functions",
        questions_asked="1. Design a URL shortener\n2. Explain a LEFT JOIN",
    )
    reflect(db, ids["globex_screen"], overall=2, communication=1, questions_asked="What is your conflict style?")
    save_interview(
        db,
        Interview(
            ids["globex"],
            "screen",
            "video",
            datetime(2026, 3, 12, 9, 30),
            ["Kim Park"],
            "rejected",
            date(2026, 3, 12),
            feedback="Wanted more **stakeholder** stories",
            id=ids["globex_screen"],
        ),
    )
    return db, ids


def test_empty_prepare_page_says_to_write_a_reflection(app, db):
    at = _open(app)
    assert at.title[0].value == "Prepare"
    assert [i.value for i in at.info] == [EMPTY]
    assert len(at.dataframe) == 0
    assert len(at.metric) == 0
    assert any("No feedback recorded yet" in c.value for c in at.caption)


def test_prepare_shows_weakest_dimensions_first(app, reflected):
    at = _open(app)

    assert [m.label for m in at.metric] == ["Communication", "Overall", "Preparation"]
    assert [m.value for m in at.metric] == ["2.0 / 5", "3.0 / 5", "4.5 / 5"]
    trends = at.dataframe[0].value
    assert list(trends["dimension"]) == ["Communication", "Overall", "Preparation"]


def test_prepare_shows_notes_newest_first_escaped_as_typed(app, reflected):
    at = _open(app)
    shown = [m.value for m in at.markdown]
    newest = shown.index(md("Practise window functions"))
    older = shown.index(md("Shorter answers; *no* rambling <b>"))
    assert newest < older
    captions = [c.value for c in at.caption]
    assert "2026-03-16 · Acme: Data Engineer · Technical" in captions
    assert "2026-03-09 · Acme: Data Engineer · Screen" in captions


def test_question_bank_lists_every_question_and_can_be_searched(app, reflected):
    at = _open(app)
    bank = at.dataframe[1].value
    assert list(bank["question"]) == [
        "Design a URL shortener",
        "Explain a LEFT JOIN",
        "What is your conflict style?",
        "Why Acme?",
        "Tell me about a conflict",
    ]
    assert list(bank["overall"]) == [4, 4, 2, 3, 3]

    at.text_input(key="prep-search").input("CONFLICT").run()
    assert list(at.dataframe[1].value["question"]) == ["What is your conflict style?", "Tell me about a conflict"]

    at.text_input(key="prep-search").input("left join").run()
    assert list(at.dataframe[1].value["question"]) == ["Explain a LEFT JOIN"]
    assert "1 question from 1 interview." in [c.value for c in at.caption]

    at.text_input(key="prep-search").input("salary").run()
    assert len(at.dataframe) == 1
    assert any(c.value == "No question matches this search." for c in at.caption)


def test_picking_an_application_and_a_stage_narrows_everything(app, reflected):
    db, ids = reflected
    at = _open(app)

    at.selectbox(key="prep-app").set_value(ids["acme"]).run()
    assert not at.exception
    assert list(at.dataframe[1].value["company"]) == ["Acme"] * 4
    assert [m.value for m in at.metric][:1] == ["2.5 / 5"]
    assert not any("stakeholder" in m.value for m in at.markdown)

    at.selectbox(key="prep-stage").set_value("final").run()
    assert [i.value for i in at.info] == ["No reflections on interviews of this application and stage yet."]


def test_feedback_from_employers_is_shown_as_typed(app, reflected):
    at = _open(app)
    assert md("Wanted more **stakeholder** stories") in [m.value for m in at.markdown]
    assert "2026-03-12 · Globex: Analyst · Screen · Rejected" in [c.value for c in at.caption]


def test_the_application_picker_lists_interviewed_applications_latest_first(app, reflected):
    at = _open(app)
    assert at.selectbox(key="prep-app").options == ["Acme: Data Engineer", "Globex: Analyst"]


def test_with_more_than_five_reflections_the_trend_is_shown_against_the_five_before(app, db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    for n, overall in enumerate([2, 2, 3, 3, 3, 3, 3]):
        held = save_interview(
            db, Interview(application, "screen", "video", datetime(2026, 1, 5, 10) + timedelta(days=n))
        )
        reflect(db, held, overall=overall)

    at = _open(app)

    assert [(m.label, m.value, m.delta) for m in at.metric] == [("Overall", "3.0 / 5", "1.0")]
    assert "over your last 5 reflections (of 7), against the 5 before" in at.caption[1].value
