"""The Prepare page's queries: weakest dimensions and their trend, notes, question bank, feedback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data.store import prepare
from data.store.applications import Application, ApplicationPicker, save_application
from data.store.bulk import insert_frame
from data.store.interviews import Interview, save_interview
from data.store.prepare import PrepareScope
from data.store.schema import RATING_DIMENSIONS


def reflect(db, interview_id: int, overall: int = 3, **fields) -> None:
    """Write a reflection as the Reflect page would, straight into the table."""
    columns = ["interview_id", "overall", *fields]
    marks = ", ".join("?" for _ in columns)
    with db.transaction() as cur:
        cur.execute(
            f"INSERT INTO reflections ({', '.join(columns)}) VALUES ({marks})",
            [interview_id, overall, *fields.values()],
        )


def interview(db, application_id: int, held_at: datetime, stage: str = "screen", **fields) -> int:
    return save_interview(db, Interview(application_id, stage, "video", held_at, **fields))


@pytest.mark.parametrize(
    ("typed", "questions"),
    [
        ("Why us?\nTell me about yourself", ["Why us?", "Tell me about yourself"]),
        ("- Why us?\n* Why now?\n• Why this role?", ["Why us?", "Why now?", "Why this role?"]),
        ("1. First\n2) Second\n10. Tenth", ["First", "Second", "Tenth"]),
        ("\n  \n- Why us?\n\n-\n*\n3.\n", ["Why us?"]),
        ("  -   Padded question  \r\nNext", ["Padded question", "Next"]),
        ("-Not a bullet\n2026 plans?", ["-Not a bullet", "2026 plans?"]),
        ('- "Qué" esperas? 🙂', ['"Qué" esperas? 🙂']),
        ("", []),
        (None, []),
    ],
)
def test_split_questions_drops_blanks_and_list_markers(typed, questions):
    assert prepare.split_questions(typed) == questions


def test_dimension_trends_compares_the_latest_five_reflections_with_the_five_before(db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    start = datetime(2026, 1, 5, 10)
    # Twelve interviews, a week apart; reflections written out of order.
    # Communication: 1 in the oldest two (outside both windows), 2 in the next five, 4 in the latest five.
    interviews = [interview(db, application, start + timedelta(weeks=n)) for n in range(12)]
    for n in (11, 0, 5, 3, 10, 1, 8, 2, 9, 4, 7, 6):
        communication = 1 if n < 2 else 2 if n < 7 else 4
        reflect(db, interviews[n], overall=3, communication=communication, rapport=5 if n >= 7 else None)

    trends = prepare.dimension_trends(db.cursor()).set_index("dimension")

    assert trends.loc["communication", "recent"] == 4.0
    assert trends.loc["communication", "earlier"] == 2.0
    assert trends.loc["communication", "change"] == 2.0
    assert (trends.loc["overall", "recent"], trends.loc["overall", "change"]) == (3.0, 0.0)
    # Rapport was left blank before the latest five: no earlier mean, no change.
    assert trends.loc["rapport", "recent_ratings"] == 5
    assert trends.loc["rapport", "earlier_ratings"] == 0
    assert pd.isna(trends.loc["rapport", "earlier"]) and pd.isna(trends.loc["rapport", "change"])
    # Never rated lately: not listed.
    assert set(trends.index) == {"overall", "communication", "rapport"}


def test_dimension_trends_skips_blanks_and_lists_the_weakest_first(db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    first = interview(db, application, datetime(2026, 1, 5, 10))
    second = interview(db, application, datetime(2026, 1, 12, 10))
    reflect(db, first, overall=4, preparation=2, skills=3, examples=2)
    reflect(db, second, overall=4, preparation=None, skills=5, examples=2)

    trends = prepare.dimension_trends(db.cursor())

    # Preparation is 2 (one rating, the blank skipped), not 1 (a blank counted as zero).
    assert list(trends["dimension"]) == ["examples", "preparation", "overall", "skills"]
    assert list(trends["recent"]) == [2.0, 2.0, 4.0, 4.0]
    assert list(trends["recent_ratings"]) == [2, 1, 2, 2]


def test_dimension_trends_knows_every_rating_dimension(db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    held = interview(db, application, datetime(2026, 1, 5, 10))
    reflect(db, held, **{d: 1 + n % 5 for n, d in enumerate(RATING_DIMENSIONS)})
    assert set(prepare.dimension_trends(db.cursor())["dimension"]) == set(RATING_DIMENSIONS)


def test_prepare_scope_picks_one_application_or_one_stage(filled_db):
    db, ids = filled_db
    reflect(db, ids["acme_screen"], overall=2, to_improve="Slow down")
    reflect(db, ids["acme_technical"], overall=4, to_improve="Practise SQL")
    reflect(db, ids["globex_screen"], overall=5, to_improve="Research the team")
    con = db.cursor()

    acme = PrepareScope(application_id=ids["acme"])
    screens = PrepareScope(stage="screen")
    acme_screens = PrepareScope(application_id=ids["acme"], stage="screen")

    assert prepare.count_reflections(con) == 3
    assert prepare.count_reflections(con, acme) == 2
    assert prepare.count_reflections(con, PrepareScope(application_id=ids["initech"])) == 0
    assert prepare.dimension_trends(con, acme).set_index("dimension").loc["overall", "recent"] == 3.0
    assert prepare.dimension_trends(con, screens).set_index("dimension").loc["overall", "recent"] == 3.5
    assert list(prepare.notes_to_address(con, screens)["to_improve"]) == ["Research the team", "Slow down"]
    assert list(prepare.notes_to_address(con, acme_screens)["to_improve"]) == ["Slow down"]


def test_notes_to_address_newest_first_with_company_stage_and_date(filled_db):
    db, ids = filled_db
    reflect(db, ids["acme_screen"], to_improve="Slow down when nervous")
    reflect(db, ids["globex_screen"], to_improve="Ask about the team «first»")
    reflect(db, ids["acme_technical"], to_improve=None, went_well="All of it")

    notes = prepare.notes_to_address(db.cursor())

    assert list(notes["to_improve"]) == ["Ask about the team «first»", "Slow down when nervous"]
    assert list(notes["company"]) == ["Globex", "Acme"]
    assert list(notes["stage"]) == ["screen", "screen"]
    assert list(notes["held_at"]) == [pd.Timestamp(2026, 3, 12, 9, 30), pd.Timestamp(2026, 3, 9, 10)]


def test_question_bank_lists_every_question_newest_interview_first_with_its_rating(filled_db):
    db, ids = filled_db
    reflect(db, ids["acme_screen"], overall=2, questions_asked="- Why Acme?\n- Tell me about a conflict")
    reflect(db, ids["acme_technical"], overall=4, questions_asked="1. Design a URL shortener\n2. Why SQL?")
    reflect(db, ids["globex_screen"], overall=5, questions_asked=None)

    bank = prepare.question_bank(db.cursor())

    assert list(bank["question"]) == [
        "Design a URL shortener",
        "Why SQL?",
        "Why Acme?",
        "Tell me about a conflict",
    ]
    assert list(bank["stage"]) == ["technical", "technical", "screen", "screen"]
    assert list(bank["company"]) == ["Acme"] * 4
    assert list(bank["overall"]) == [4, 4, 2, 2]
    assert bank["held_at"].iloc[0] == pd.Timestamp(2026, 3, 16, 14)


def test_question_bank_search_ignores_case_and_scope_applies(filled_db):
    db, ids = filled_db
    reflect(db, ids["acme_screen"], questions_asked="Why Acme?\nTell me about a CONFLICT")
    reflect(db, ids["globex_screen"], questions_asked="How do you handle conflict?\nWhy 100% remote?")
    con = db.cursor()

    assert list(prepare.question_bank(con, search="conflict")["question"]) == [
        "How do you handle conflict?",
        "Tell me about a CONFLICT",
    ]
    assert list(
        prepare.question_bank(con, PrepareScope(application_id=ids["acme"]), search="conflict")["question"]
    ) == ["Tell me about a CONFLICT"]
    assert list(prepare.question_bank(con, search="100%")["question"]) == ["Why 100% remote?"]
    nothing = prepare.question_bank(con, search="salary")
    assert nothing.empty
    assert list(nothing.columns) == ["question", "held_at", "company", "role", "stage", "overall", "interview_id"]


def test_employer_feedback_newest_first_and_in_scope(db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    other = save_application(db, Application("Globex", "Analyst", date(2026, 1, 2)))
    interview(db, application, datetime(2026, 1, 5, 10), feedback="Strong on SQL, vague on impact")
    interview(db, application, datetime(2026, 1, 12, 10), stage="technical")
    interview(
        db,
        other,
        datetime(2026, 1, 20, 10),
        stage="technical",
        outcome="rejected",
        heard_back_on=date(2026, 1, 25),
        feedback="Wanted more leadership",
    )
    con = db.cursor()

    feedback = prepare.employer_feedback(con)
    assert list(feedback["feedback"]) == ["Wanted more leadership", "Strong on SQL, vague on impact"]
    assert list(feedback["company"]) == ["Globex", "Acme"]
    assert feedback["outcome"].iloc[0] == "rejected"
    assert list(prepare.employer_feedback(con, PrepareScope(stage="screen"))["company"]) == ["Acme"]
    assert prepare.employer_feedback(con, PrepareScope(application_id=application, stage="technical")).empty


def test_interviewed_applications_most_recently_interviewed_first(filled_db):
    db, ids = filled_db
    listed = prepare.interviewed_applications(db.cursor())
    assert list(listed["id"]) == [ids["acme"], ids["globex"]]
    assert list(listed["company"]) == ["Acme", "Globex"]


def test_nothing_to_prepare_from_in_an_empty_database(db):
    con = db.cursor()
    assert prepare.count_reflections(con) == 0
    assert prepare.dimension_trends(con).empty
    assert prepare.notes_to_address(con).empty
    assert prepare.question_bank(con).empty
    assert prepare.employer_feedback(con).empty
    assert prepare.interviewed_applications(con).empty


def test_means_are_rounded_to_one_decimal_halves_up_and_change_is_of_the_rounded_means(db):
    application = save_application(db, Application("Acme", "Analyst", date(2026, 1, 1)))
    start = datetime(2026, 1, 5, 10)
    # Latest five: 4, 3, 3, 3, 3 (3.2); the four before: 3, 2, 2, 2 (2.25, shown 2.3 as on screen, not 2.2).
    for n, overall in enumerate([2, 2, 2, 3, 3, 3, 3, 3, 4]):
        reflect(db, interview(db, application, start + timedelta(days=n)), overall=overall)

    overall = prepare.dimension_trends(db.cursor()).set_index("dimension").loc["overall"]

    assert (overall["recent"], overall["earlier"]) == (3.2, 2.3)
    assert overall["change"] == 0.9
    assert (overall["recent_ratings"], overall["earlier_ratings"]) == (5, 4)


# Long searches: every list comes a page at a time, with its count.


def many_interviews(db, count: int, *, start: datetime = datetime(2025, 1, 6, 10), **reflection) -> list[int]:
    """`count` applications with one interview each, a day apart (oldest first), and a reflection on each.

    Written as whole frames, as an import does; returns the interview ids, oldest first.
    Each value of `reflection` may be a function of the interview's number.
    """
    numbers = range(count)
    ids = [n + 1 for n in numbers]
    applications = {"id": ids, "company": [f"Company {n}" for n in numbers], "role": [f"Role {n}" for n in numbers]}
    interviews = {"id": ids, "application_id": ids, "held_at": [start + timedelta(days=n) for n in numbers]}
    reflections = {k: [v(n) if callable(v) else v for n in numbers] for k, v in reflection.items()}
    with db.transaction() as cur:
        insert_frame(cur, "applications", pd.DataFrame(applications).assign(applied_on=date(2025, 1, 1)))
        insert_frame(cur, "interviews", pd.DataFrame(interviews).assign(stage="screen", format="video"))
        if reflections:
            insert_frame(cur, "reflections", pd.DataFrame({"overall": 3, **reflections, "interview_id": ids}))
    return ids


TRICKY_QUESTIONS = [
    "Why us?\nTell me about yourself",
    "- Why us?\n* Why now?\n• Why this role?\n‣ Why today?\n– Why here?\n— Why then?",
    "1. First\n2) Second\n10. Tenth\n1000. Not a marker\n٣. Arabic-Indic three",
    "\n  \n- Why us?\n\n-\n*\n3.\n- -\n1. 2.\n1. 2. 3.\n- - Dash dash",
    "  -   Padded question  \r\nNext\rAfter a carriage return\x0bvertical tab\x0cform feed",
    "Unicode breaks\x85next line\u2028line separator\u2029paragraph\x1cfile\x1dgroup\x1erecord\x1funit",
    "\u00a0\u3000Ideographic space around\u2003\n-\u00a0No-break space after marker\n\t•\tTabbed",
    "-Not a bullet\n2026 plans?\n'quoted' and \"double\" and %_ wildcards\\",
    '- "Qué" esperas? 🙂',
    "only spaces line:\n   \n\t\n",
    "\x1f- Unit separator before a marker\x1f\n\u205f\u202f2)\u2009Thin spaces\u1680",
]


def test_question_bank_splits_exactly_as_split_questions(db):
    interviews = many_interviews(db, len(TRICKY_QUESTIONS), questions_asked=lambda n: TRICKY_QUESTIONS[n])

    bank = prepare.question_bank(db.cursor())

    expected = [q for n in reversed(range(len(interviews))) for q in prepare.split_questions(TRICKY_QUESTIONS[n])]
    assert list(bank["question"]) == expected
    assert prepare.count_questions(db.cursor()) == (len(expected), len(interviews))


def test_question_bank_pages_cover_every_question_once_in_order(db):
    # Three questions each, except two reflections that hold only list markers.
    asked = {4: "-\n*", 7: "1.\n  "}
    many_interviews(
        db, 12, questions_asked=lambda n: asked.get(n, f"Q{n}a\n- Q{n}b\n2. Q{n}c"), overall=lambda n: 1 + n % 5
    )
    con = db.cursor()
    everything = prepare.question_bank(con)

    pages = [prepare.question_bank(con, limit=7, offset=offset) for offset in range(0, 35, 7)]

    assert prepare.count_questions(con) == (30, 10)
    assert len(everything) == 30
    assert list(everything["question"][:4]) == ["Q11a", "Q11b", "Q11c", "Q10a"]
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]
    assert pd.concat(pages, ignore_index=True).equals(everything)


def test_question_bank_page_after_reflections_of_markers_only_is_complete(db):
    # The newest two reflections give no question: the first page must reach further back.
    many_interviews(db, 5, questions_asked=lambda n: "-\n3." if n >= 3 else f"Question {n}")
    bank = prepare.question_bank(db.cursor(), limit=2)
    assert list(bank["question"]) == ["Question 2", "Question 1"]


def test_question_bank_search_and_count_agree_page_by_page(db):
    many_interviews(
        db,
        30,
        questions_asked=lambda n: f"Salary at {n}?\nConflict story {n}" if n % 3 else f"Why SALARY {n}%?",
    )
    con = db.cursor()

    salary = prepare.question_bank(con, search="  salary ")
    pages = [prepare.question_bank(con, search="SALARY", limit=8, offset=offset) for offset in (0, 8, 16, 24)]

    assert prepare.count_questions(con, search="salary") == (30, 30)
    assert list(salary["question"][:2]) == ["Salary at 29?", "Salary at 28?"]
    assert pd.concat(pages, ignore_index=True).equals(salary)
    assert prepare.count_questions(con, search="0%") == (1, 1)
    assert list(prepare.question_bank(con, search="0%")["question"]) == ["Why SALARY 0%?"]
    # 2, 20, 22, 23, 25, 26, 28 and 29: 21, 24 and 27 ask only about salary.
    assert prepare.count_questions(con, search="conflict story 2") == (8, 8)
    assert prepare.count_questions(con, PrepareScope(stage="final")) == (0, 0)
    assert prepare.count_questions(con, PrepareScope(application_id=3)) == (2, 1)


def test_notes_and_feedback_come_a_page_at_a_time_newest_first(db):
    many_interviews(db, 9, to_improve=lambda n: f"Note {n}" if n != 4 else None)
    with db.transaction() as cur:
        cur.execute("UPDATE interviews SET feedback = 'Feedback ' || id WHERE id % 2 = 1")
    con = db.cursor()

    assert prepare.count_notes(con) == 8
    assert list(prepare.notes_to_address(con, limit=3)["to_improve"]) == ["Note 8", "Note 7", "Note 6"]
    assert list(prepare.notes_to_address(con, limit=3, offset=3)["to_improve"]) == ["Note 5", "Note 3", "Note 2"]
    assert list(prepare.notes_to_address(con, limit=3, offset=6)["to_improve"]) == ["Note 1", "Note 0"]
    assert prepare.count_notes(con, PrepareScope(application_id=5)) == 0
    assert prepare.count_feedback(con) == 5
    assert list(prepare.employer_feedback(con, limit=2, offset=2)["feedback"]) == ["Feedback 5", "Feedback 3"]
    assert list(prepare.employer_feedback(con, limit=2, offset=4)["company"]) == ["Company 0"]
    assert prepare.count_feedback(con, PrepareScope(stage="technical")) == 0


def test_dimension_trends_reads_only_the_latest_ten_reflections(db):
    # Forty reflections rated 1, then the latest ten: 4 and, the five before, 2.
    many_interviews(db, 50, overall=lambda n: 1 if n < 40 else 2 if n < 45 else 4)
    overall = prepare.dimension_trends(db.cursor()).set_index("dimension").loc["overall"]
    assert (overall["recent"], overall["earlier"], overall["change"]) == (4.0, 2.0, 2.0)


def test_interviewed_applications_limit_search_and_the_one_already_picked(db):
    many_interviews(db, 30)
    con = db.cursor()

    assert prepare.count_interviewed_applications(con) == 30
    assert list(prepare.interviewed_applications(con, ApplicationPicker(limit=3))["company"]) == [
        "Company 29",
        "Company 28",
        "Company 27",
    ]
    assert list(prepare.interviewed_applications(con, ApplicationPicker(limit=3, including=(2,)))["id"]) == [
        30,
        29,
        28,
        2,
    ]
    assert list(prepare.interviewed_applications(con, ApplicationPicker(search="COMPANY 1", limit=4))["company"]) == [
        "Company 19",
        "Company 18",
        "Company 17",
        "Company 16",
    ]
    assert list(
        prepare.interviewed_applications(con, ApplicationPicker(search="role 2", limit=2, including=(5,)))["id"]
    ) == [
        30,
        29,
        5,
    ]
    assert prepare.interviewed_applications(con, ApplicationPicker(search="%")).empty
    assert len(prepare.interviewed_applications(con)) == 30
