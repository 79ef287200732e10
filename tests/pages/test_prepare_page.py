"""The Prepare page as AppTest runs it: empty state, weakest dimensions, notes, question bank, feedback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from data.store.applications import Application, save_application
from data.store.interviews import Interview, save_interview
from tests.conftest import page_opener
from ui.text import md

PAGE = "pages/prepare.py"
EMPTY = "Write a reflection after your next interview: its notes and questions show up here."


# The app uses the test's `Database`, one per process as when served (a second one on
# the same file would share DuckDB's instance and could make the first one's checkpoints fail).
pytestmark = pytest.mark.usefixtures("served")
_open = page_opener(PAGE)


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
    assert "2026-03-09 · Acme: Data Engineer · Screening" in captions


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
    assert "2026-03-12 · Globex: Analyst · Screening · Rejected" in [c.value for c in at.caption]


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


# A long search: lists come a page at a time, the picker offers recent applications and a search.


def many_interviews(db, count: int, **reflection) -> None:
    """`count` applications "Company n: Role n", each with one interview a day apart (the last the newest).

    Each has a reflection with the given values; a value may be a function of n.
    """
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on)"
            " SELECT n + 1, 'Company ' || n, 'Role ' || n, DATE '2025-01-01' FROM range(?) t(n)",
            [count],
        )
        cur.execute(
            "INSERT INTO interviews (id, application_id, stage, format, held_at, feedback)"
            " SELECT n + 1, n + 1, 'screen', 'video', TIMESTAMP '2025-01-06 10:00' + n * INTERVAL 1 DAY,"
            " 'Feedback ' || n FROM range(?) t(n)",
            [count],
        )
    for n in range(count):
        reflect(db, n + 1, overall=3, **{k: v(n) if callable(v) else v for k, v in reflection.items()})


def test_notes_and_feedback_are_paged_newest_first(app, db):
    many_interviews(db, 25, to_improve=lambda n: f"Note {n}")
    at = _open(app)

    notes = [m.value for m in at.markdown if m.value.startswith("Note")]
    assert notes == [f"Note {n}" for n in range(24, 4, -1)]
    assert "Notes 1–20 of 25, newest first." in [c.value for c in at.caption]
    assert "Feedback 1–20 of 25, newest first." in [c.value for c in at.caption]

    at.number_input(key="prep-notes-page-None-None").set_value(2).run()
    at.number_input(key="prep-feedback-page-None-None").set_value(2).run()

    assert [m.value for m in at.markdown if m.value.startswith("Note")] == [f"Note {n}" for n in range(4, -1, -1)]
    assert [m.value for m in at.markdown if m.value.startswith("Feedback")] == [
        f"Feedback {n}" for n in range(4, -1, -1)
    ]
    assert "Notes 21–25 of 25, newest first." in [c.value for c in at.caption]


def test_question_bank_is_paged_and_search_narrows_it(app, db):
    many_interviews(db, 60, questions_asked=lambda n: f"Question {n}\nWhy {'salary' if n % 10 == 0 else 'us'}?")
    at = _open(app)

    assert len(at.dataframe[1].value) == 50
    assert list(at.dataframe[1].value["question"][:3]) == ["Question 59", "Why us?", "Question 58"]
    assert "Showing 1–50 of 120 questions from 60 interviews, newest first. Search to narrow them." in [
        c.value for c in at.caption
    ]
    at.number_input(key="prep-questions-page-None-None-").set_value(3).run()
    assert list(at.dataframe[1].value["question"]) == [
        question for n in range(9, -1, -1) for question in (f"Question {n}", "Why salary?" if n == 0 else "Why us?")
    ]

    at.text_input(key="prep-search").input("SALARY").run()
    assert list(at.dataframe[1].value["question"]) == ["Why salary?"] * 6
    assert "6 questions from 6 interviews." in [c.value for c in at.caption]


def test_with_many_applications_the_picker_offers_the_recent_ones_and_a_search(app, db):
    many_interviews(db, 130)
    at = _open(app)

    picker = at.selectbox(key="prep-app")
    assert len(picker.options) == 100
    assert picker.options[:2] == ["Company 129: Role 129", "Company 128: Role 128"]
    assert "Company 29: Role 29" not in picker.options

    at.text_input(key="prep-find").input("company 2").run()
    assert at.selectbox(key="prep-app").options == [f"Company {n}: Role {n}" for n in (*range(29, 19, -1), 2)]

    at.selectbox(key="prep-app").set_value(3).run()  # Company 2
    at.text_input(key="prep-find").input("Company 11").run()

    assert not at.exception
    assert at.selectbox(key="prep-app").value == 3
    assert at.selectbox(key="prep-app").options == [
        "Company 119: Role 119",
        "Company 118: Role 118",
        "Company 117: Role 117",
        "Company 116: Role 116",
        "Company 115: Role 115",
        "Company 114: Role 114",
        "Company 113: Role 113",
        "Company 112: Role 112",
        "Company 111: Role 111",
        "Company 110: Role 110",
        "Company 11: Role 11",
        "Company 2: Role 2",
    ]
    assert "Your mean ratings over your 1 reflection so far" in at.caption[2].value


def test_with_few_applications_there_is_no_application_search(app, reflected):
    at = _open(app)
    assert not any(t.key == "prep-find" for t in at.text_input)
