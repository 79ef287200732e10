"""Interview rounds in the store: saving them with their interviewers, the rules, deleting."""

from __future__ import annotations

import time
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from data.store.applications import Application, delete_application, save_application
from data.store.errors import StoreFailed
from data.store.interviews import (
    Interview,
    delete_interview,
    get_interview,
    list_interviews,
    save_interview,
    split_names,
)
from data.store.schema import NAME_MAX, NOTE_MAX
from data.store.validation import InvalidRecord, Problem


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def interviewer_contacts(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT id, name, kind, company FROM contacts ORDER BY id").fetchall()


def everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = ("interviews", "contacts", "interview_interviewers", "follow_ups", "reflections")
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in tables}


@pytest.fixture
def acme(db) -> int:
    return save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))


def screen(application_id: int | None, /, **changes) -> Interview:
    values = dict(
        application_id=application_id,
        stage="screen",
        format="video",
        held_at=datetime(2026, 3, 9, 10, 30),
        interviewers=["Dana Lee"],
    )
    return Interview(**{**values, **changes})


# Saving and reading back


def test_saved_interview_reads_back_as_typed(db, acme):
    typed = Interview(
        acme,
        "technical",
        "onsite",
        datetime(2026, 3, 16, 14, 15),
        ["Sam Ortiz", "Dana Lee"],
        "advanced",
        date(2026, 3, 18),
        "Strong SQL; practise system design.",
    )
    interview_id = save_interview(db, typed)

    read = get_interview(db.cursor(), interview_id)
    assert (read.id, read.application_id, read.stage, read.format) == (interview_id, acme, "technical", "onsite")
    assert read.held_at == datetime(2026, 3, 16, 14, 15)
    assert (read.outcome, read.heard_back_on, read.feedback) == ("advanced", date(2026, 3, 18), typed.feedback)
    assert read.interviewers == ["Dana Lee", "Sam Ortiz"]


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"])
def test_time_held_stays_the_wall_clock_time_typed_in_any_time_zone(db, acme, monkeypatch, zone):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        interview_id = save_interview(
            db, screen(acme, held_at=datetime(2026, 3, 29, 23, 30), heard_back_on=date(2026, 3, 30))
        )
        read = get_interview(db.cursor(), interview_id)
        listed = list_interviews(db.cursor(), acme)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert read.held_at == datetime(2026, 3, 29, 23, 30)
    assert read.heard_back_on == date(2026, 3, 30)
    assert pd.Timestamp(listed.loc[0, "held_at"]) == pd.Timestamp("2026-03-29 23:30")
    assert pd.Timestamp(listed.loc[0, "heard_back_on"]).date() == date(2026, 3, 30)


def test_feedback_is_trimmed_and_empty_feedback_kept_as_no_value(db, acme):
    with_feedback = save_interview(db, screen(acme, feedback="  Good energy.  "))
    without = save_interview(db, screen(acme, feedback="   "))
    assert get_interview(db.cursor(), with_feedback).feedback == "Good energy."
    assert get_interview(db.cursor(), without).feedback is None


def test_list_shows_rounds_earliest_first_with_interviewers_and_reflection(filled_db):
    db, ids = filled_db
    with db.transaction() as cur:
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 4)", [ids["acme_screen"]])

    listed = list_interviews(db.cursor(), ids["acme"])

    assert list(listed["id"]) == [ids["acme_screen"], ids["acme_technical"]]
    assert list(listed["stage"]) == ["screen", "technical"]
    assert list(listed["interviewers"]) == ["Dana Lee", "Dana Lee, Sam Ortiz"]
    assert list(listed["reflected"]) == [True, False]
    assert list_interviews(db.cursor(), ids["initech"]).empty


# Interviewers are contacts


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Dana Lee, Sam Ortiz", ["Dana Lee", "Sam Ortiz"]),
        ("Dana Lee; Sam Ortiz\nKim Park", ["Dana Lee", "Sam Ortiz", "Kim Park"]),
        ("  Dana Lee ,, , dana lee, DANA LEE ", ["Dana Lee"]),
        ("", []),
        (None, []),
    ],
)
def test_names_typed_in_one_field_are_split_and_kept_once(typed, names):
    assert split_names(typed) == names


def test_each_interviewer_becomes_a_contact_at_the_company(db, acme):
    save_interview(db, screen(acme, interviewers=["Dana Lee", "Sam Ortiz"]))

    assert interviewer_contacts(db.cursor()) == [
        (1, "Dana Lee", "interviewer", "Acme"),
        (2, "Sam Ortiz", "interviewer", "Acme"),
    ]


def test_an_interviewer_met_again_at_the_same_company_is_the_same_contact_whatever_the_case(db, acme):
    first = save_interview(db, screen(acme, interviewers=["Dana Lee"]))
    second = save_interview(db, screen(acme, stage="technical", interviewers=["dana LEE", "Sam Ortiz"]))

    contacts = interviewer_contacts(db.cursor())
    assert [c[1] for c in contacts] == ["Dana Lee", "Sam Ortiz"]
    links = db.cursor().execute("SELECT interview_id, contact_id FROM interview_interviewers ORDER BY ALL").fetchall()
    assert links == [(first, 1), (second, 1), (second, 2)]


def test_an_interviewer_of_the_same_name_at_another_company_is_another_contact(db, acme):
    globex = save_application(db, Application("Globex", "Analyst", date(2026, 3, 3)))
    save_interview(db, screen(acme, interviewers=["Dana Lee"]))
    save_interview(db, screen(globex, interviewers=["Dana Lee"]))

    assert interviewer_contacts(db.cursor()) == [
        (1, "Dana Lee", "interviewer", "Acme"),
        (2, "Dana Lee", "interviewer", "Globex"),
    ]


def test_company_is_matched_ignoring_case_too(db, acme):
    acme_lower = save_application(db, Application("ACME", "Analyst", date(2026, 3, 4)))
    save_interview(db, screen(acme, interviewers=["Dana Lee"]))
    save_interview(db, screen(acme_lower, interviewers=["Dana Lee"]))
    assert count(db.cursor(), "contacts") == 1


def test_a_name_typed_twice_links_the_interviewer_once(db, acme):
    interview_id = save_interview(db, screen(acme, interviewers=["Dana Lee", " dana lee "]))
    assert get_interview(db.cursor(), interview_id).interviewers == ["Dana Lee"]
    assert count(db.cursor(), "interview_interviewers") == 1


# Editing


def test_editing_a_round_replaces_its_details_and_interviewers(db, acme):
    interview_id = save_interview(db, screen(acme, interviewers=["Dana Lee", "Sam Ortiz"]))
    edited = get_interview(db.cursor(), interview_id)
    edited.stage = "technical"
    edited.held_at = datetime(2026, 3, 10, 15, 0)
    edited.outcome = "advanced"
    edited.heard_back_on = date(2026, 3, 12)
    edited.interviewers = ["Sam Ortiz", "Kim Park"]

    assert save_interview(db, edited) == interview_id

    read = get_interview(db.cursor(), interview_id)
    assert (read.stage, read.held_at, read.outcome) == ("technical", datetime(2026, 3, 10, 15), "advanced")
    assert read.heard_back_on == date(2026, 3, 12)
    assert read.interviewers == ["Kim Park", "Sam Ortiz"]
    # Dana stays a contact: she was met, even if not in this round after all.
    assert [c[1] for c in interviewer_contacts(db.cursor())] == ["Dana Lee", "Sam Ortiz", "Kim Park"]
    assert count(db.cursor(), "interviews") == 1


def test_editing_a_round_with_a_reflection_and_follow_ups_keeps_the_reflection(filled_db):
    db, ids = filled_db
    with db.transaction() as cur:
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 4)", [ids["acme_technical"]])
    edited = get_interview(db.cursor(), ids["acme_technical"])
    edited.outcome = "advanced"
    edited.heard_back_on = date(2026, 3, 20)
    edited.feedback = "They liked the pipeline design."

    save_interview(db, edited)

    read = get_interview(db.cursor(), ids["acme_technical"])
    assert (read.outcome, read.feedback) == ("advanced", "They liked the pipeline design.")
    assert read.interviewers == ["Dana Lee", "Sam Ortiz"]
    assert db.cursor().execute("SELECT interview_id, overall FROM reflections").fetchall() == [
        (ids["acme_technical"], 4)
    ]


def test_editing_a_round_that_was_deleted_meanwhile_is_refused(db, acme):
    interview_id = save_interview(db, screen(acme))
    stale = get_interview(db.cursor(), interview_id)
    delete_interview(db, interview_id)
    stale.outcome = "advanced"

    with pytest.raises(InvalidRecord) as refused:
        save_interview(db, stale)

    assert refused.value.problems == [Problem("Interview", "no longer exists; it may have been deleted.")]
    assert count(db.cursor(), "interviews") == 0


def test_a_round_for_an_application_deleted_meanwhile_is_refused(db, acme):
    delete_application(db, acme)
    with pytest.raises(InvalidRecord) as refused:
        save_interview(db, screen(acme))
    assert refused.value.problems == [Problem("Application", "no longer exists; it may have been deleted.")]
    assert everything(db.cursor()) == {table: [] for table in everything(db.cursor())}


# The rules, with the words the user sees


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"application_id": None}, Problem("Application", "is required.")),
        (
            {"stage": "lunch"},
            Problem("Stage", "must be one of screen, technical, behavioral, panel, onsite, final, other."),
        ),
        ({"format": "email"}, Problem("Format", "must be one of phone, video, onsite.")),
        ({"held_at": None}, Problem("Date and time", "is required.")),
        ({"outcome": "hired"}, Problem("Outcome", "must be one of pending, advanced, offer, rejected, withdrawn.")),
        (
            {"heard_back_on": date(2026, 3, 8)},
            Problem("Heard back on", "cannot be before the interview (2026-03-09)."),
        ),
        ({"feedback": "f" * (NOTE_MAX + 1)}, Problem("Feedback", "is 100,001 characters long; the limit is 100,000.")),
        (
            {"interviewers": ["Dana Lee", "N" * (NAME_MAX + 1)]},
            Problem("Interviewer", "is 201 characters long; the limit is 200."),
        ),
    ],
)
def test_a_broken_rule_is_refused_with_its_field_and_reason_and_nothing_is_written(db, acme, changes, problem):
    before = everything(db.cursor())

    with pytest.raises(InvalidRecord) as refused:
        save_interview(db, screen(acme, **changes))

    assert refused.value.problems == [problem]
    assert everything(db.cursor()) == before


def test_hearing_back_the_same_day_is_allowed(db, acme):
    interview_id = save_interview(db, screen(acme, outcome="rejected", heard_back_on=date(2026, 3, 9)))
    assert get_interview(db.cursor(), interview_id).heard_back_on == date(2026, 3, 9)


def test_a_refused_edit_leaves_the_round_as_it_was(filled_db):
    db, ids = filled_db
    before = everything(db.cursor())
    edited = get_interview(db.cursor(), ids["acme_screen"])
    edited.interviewers = ["Someone New"]
    edited.heard_back_on = date(2026, 3, 1)

    with pytest.raises(InvalidRecord):
        save_interview(db, edited)

    assert everything(db.cursor()) == before


# The database's own checks, for writes that bypass the rules above


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("stage", "lunch"),
        ("format", "email"),
        ("outcome", "hired"),
        ("heard_back_on", date(2026, 3, 8)),
        ("feedback", "f" * (NOTE_MAX + 1)),
        ("application_id", 999),
    ],
)
def test_the_database_itself_refuses_what_the_rules_refuse(db, acme, column, value):
    row = {
        "application_id": acme,
        "stage": "screen",
        "format": "video",
        "held_at": datetime(2026, 3, 9, 10),
        column: value,
    }
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)

    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(f"INSERT INTO interviews ({names}) VALUES ({marks})", list(row.values()))

    assert count(db.cursor(), "interviews") == 0


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO contacts (name, kind) VALUES ('Dana Lee', 'friend')",
        "INSERT INTO contacts (name, kind) VALUES ('  ', 'interviewer')",
        "INSERT INTO interview_interviewers (interview_id, contact_id) VALUES (999, 999)",
        "INSERT INTO reflections (interview_id, overall) VALUES (999, 4)",
        "INSERT INTO follow_ups (application_id, kind, due_at) VALUES (999, 'thank_you', TIMESTAMP '2026-03-10 10:00')",
    ],
)
def test_the_database_refuses_bad_contacts_and_links_to_nothing(db, statement):
    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(statement)
    assert everything(db.cursor()) == {table: [] for table in everything(db.cursor())}


@pytest.mark.parametrize(
    ("column", "value"),
    [("overall", 0), ("overall", 6), ("overall", None), ("stress", 6), ("went_well", "w" * (NOTE_MAX + 1))],
)
def test_the_database_refuses_reflection_ratings_out_of_range(filled_db, column, value):
    db, ids = filled_db
    row = {"interview_id": ids["acme_screen"], "overall": 3, column: value}
    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(
            f"INSERT INTO reflections ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
        )
    assert count(db.cursor(), "reflections") == 0


def test_the_database_refuses_a_follow_up_of_an_unknown_kind(filled_db):
    db, ids = filled_db
    before = count(db.cursor(), "follow_ups")
    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(
            "INSERT INTO follow_ups (application_id, kind, due_at) VALUES (?, 'gift_basket', TIMESTAMP '2026-03-10 10:00')",
            [ids["acme"]],
        )
    assert count(db.cursor(), "follow_ups") == before


# Deleting


def test_delete_removes_the_round_with_its_reflection_follow_ups_and_links_but_not_contacts(filled_db):
    db, ids = filled_db
    with db.transaction() as cur:
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 4)", [ids["acme_technical"]])
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 5)", [ids["acme_screen"]])
    con = db.cursor()
    of_technical = "SELECT count(*) FROM {} WHERE interview_id = ?"
    assert con.execute(of_technical.format("follow_ups"), [ids["acme_technical"]]).fetchone()[0] > 0
    contacts_before = con.execute("SELECT * FROM contacts ORDER BY id").fetchall()
    screen_links = con.execute(
        "SELECT * FROM interview_interviewers WHERE interview_id = ?", [ids["acme_screen"]]
    ).fetchall()

    delete_interview(db, ids["acme_technical"])

    assert get_interview(con, ids["acme_technical"]) is None
    for table in ("follow_ups", "reflections", "interview_interviewers"):
        assert con.execute(of_technical.format(table), [ids["acme_technical"]]).fetchone()[0] == 0
    assert con.execute("SELECT * FROM contacts ORDER BY id").fetchall() == contacts_before
    assert list(list_interviews(con, ids["acme"])["id"]) == [ids["acme_screen"]]
    assert con.execute("SELECT interview_id FROM reflections").fetchall() == [(ids["acme_screen"],)]
    assert (
        con.execute("SELECT * FROM interview_interviewers WHERE interview_id = ?", [ids["acme_screen"]]).fetchall()
        == screen_links
    )


def test_deleting_a_round_twice_changes_nothing_the_second_time(filled_db):
    db, ids = filled_db
    delete_interview(db, ids["globex_screen"])
    after_first = everything(db.cursor())
    delete_interview(db, ids["globex_screen"])
    assert everything(db.cursor()) == after_first
