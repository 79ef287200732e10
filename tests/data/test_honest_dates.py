"""An application date may be unknown, and an interview is an answer: through the store, metrics and files."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.metrics import application_response, application_volume, funnel, undated_applications
from data.store.applications import Application, get_application, list_applications, save_application
from data.store.db import Database
from data.store.interviews import (
    Interview,
    Interviewer,
    add_interview_on_the_spot,
    answered_on,
    date_question,
    known_interviewers,
    save_interview,
)
from data.store.today import applications_in_week
from data.store.validation import InvalidRecord
from data.transfer.exporting import export_files
from tests.data_io.helpers import import_all

TODAY = date(2026, 3, 18)  # a Wednesday


def spot(db: Database, held_at: datetime, **kwargs) -> Interview:
    interview = Interview(None, "screen", "video", held_at)
    return add_interview_on_the_spot(db, "Hooli", "Platform Engineer", interview, today=TODAY, **kwargs)


def test_an_application_with_no_date_is_saved_and_listed_after_the_dated_ones(db):
    undated = save_application(db, Application("Hooli", "Engineer", None))
    dated = save_application(db, Application("Acme", "Analyst", date(2026, 3, 2)))
    assert get_application(db.cursor(), undated).applied_on is None
    assert list_applications(db.cursor())["id"].tolist() == [dated, undated]
    assert list_applications(db.cursor(), limit=1)["id"].tolist() == [dated]
    assert list_applications(db.cursor(), limit=1, offset=1)["id"].tolist() == [undated]


def test_a_reply_before_the_date_applied_is_still_refused_when_both_are_known(db):
    with pytest.raises(InvalidRecord, match="Reply received"):
        save_application(db, Application("Acme", "Analyst", date(2026, 3, 2), responded_on=date(2026, 3, 1)))
    assert save_application(db, Application("Acme", "Analyst", None, responded_on=date(2026, 3, 1)))


def test_an_interview_on_the_spot_leaves_the_date_applied_unknown_unless_given(db):
    added = spot(db, datetime(2026, 3, 18, 10))
    application = get_application(db.cursor(), added.application_id)
    assert application.applied_on is None
    assert applications_in_week(db.cursor(), TODAY) == 0
    assert application_volume(db.cursor())["applications"].sum() == 0
    assert undated_applications(db.cursor()) == 1


def test_an_interview_on_the_spot_keeps_the_date_applied_given(db):
    added = spot(db, datetime(2026, 3, 18, 10), applied_on=date(2026, 3, 2))
    assert get_application(db.cursor(), added.application_id).applied_on == date(2026, 3, 2)


def test_an_interview_before_the_date_applied_is_refused_and_nothing_is_written(db):
    with pytest.raises(InvalidRecord, match="Date"):
        spot(db, datetime(2026, 3, 1, 10), applied_on=date(2026, 3, 2))
    assert db.cursor().execute("SELECT count(*) FROM applications").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("held_on", "applied_on", "expected"),
    [
        (date(2026, 3, 16), None, date(2026, 3, 16)),  # held: arranged on an unknown day, its own date
        (date(2026, 3, 25), None, TODAY),  # to come: arranged today at the latest
        (date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 17)),  # never before the date applied
    ],
)
def test_the_answer_an_interview_records_is_dated_when_it_was_arranged(held_on, applied_on, expected):
    assert answered_on(held_on, TODAY, applied_on) == expected


def test_adding_an_interview_records_the_reply_date_and_keeps_one_already_there(db):
    waiting = save_application(db, Application("Acme", "Analyst", date(2026, 3, 2)))
    replied = save_application(db, Application("Globex", "Analyst", date(2026, 3, 2), responded_on=date(2026, 3, 4)))
    save_interview(db, Interview(waiting, "screen", "video", datetime(2026, 3, 10, 9)), today=TODAY)
    save_interview(db, Interview(replied, "screen", "video", datetime(2026, 3, 10, 9)), today=TODAY)
    assert get_application(db.cursor(), waiting).responded_on == date(2026, 3, 10)
    assert get_application(db.cursor(), replied).responded_on == date(2026, 3, 4)


def test_the_headline_response_rate_counts_an_interview_without_a_reply_date_as_an_answer(db):
    # As an import or an older version may have left it: an interview, no reply date.
    with db.transaction() as cur:
        cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (1, 'Acme', 'Analyst', NULL)")
        cur.execute(
            "INSERT INTO interviews (application_id, stage, format, held_at) VALUES (1, 'screen', 'video', ?)",
            [datetime(2026, 3, 10, 9)],
        )
    response = application_response(db.cursor()).iloc[0]
    assert (response["responded"], response["response_rate"]) == (1, 1.0)
    assert funnel(db.cursor()).set_index("stage").loc["responded", "applications"] == 1


def test_an_empty_date_applied_survives_export_and_import(db, tmp_path):
    save_application(db, Application("Hooli", "Engineer", None, notes="no date"))
    save_application(db, Application("Acme", "Analyst", date(2026, 3, 2)))
    files = export_files(db.cursor())
    other = Database(tmp_path / "other.duckdb")
    try:
        import_all(other, list(files.items()))
        dates = other.cursor().execute("SELECT company, applied_on FROM applications ORDER BY company").fetchall()
        assert dates == [("Acme", date(2026, 3, 2)), ("Hooli", None)]
        assert export_files(other.cursor())["applications.csv"] == files["applications.csv"]
    finally:
        other.close()


def test_interviewers_on_the_spot_keep_their_e_mails_and_a_known_contact_is_reused(db):
    first = spot(db, datetime(2026, 3, 16, 10), interviewers=[Interviewer("Dana Lee", "dana@hooli.example")])
    known = known_interviewers(db.cursor())
    assert known[["name", "company", "email"]].values.tolist() == [["Dana Lee", "Hooli", "dana@hooli.example"]]
    dana = int(known["id"].iloc[0])
    second = add_interview_on_the_spot(
        db,
        "Pied Piper",
        "Engineer",
        Interview(None, "technical", "video", datetime(2026, 3, 17, 10)),
        interviewers=[Interviewer("Dana Lee", "dana@piper.example", dana), Interviewer("Sam Ortiz")],
        today=TODAY,
    )
    links = (
        db.cursor()
        .execute("SELECT interview_id, contact_id FROM interview_interviewers ORDER BY interview_id, contact_id")
        .fetchall()
    )
    assert links[0] == (first.id, dana) and (second.id, dana) in links
    people = known_interviewers(db.cursor())
    assert people[["name", "email"]].fillna("-").values.tolist() == [
        ["Dana Lee", "dana@piper.example"],
        ["Sam Ortiz", "-"],
    ]


def test_a_malformed_interviewer_e_mail_is_refused_and_nothing_is_written(db):
    with pytest.raises(InvalidRecord, match="E-mail of Dana Lee"):
        spot(db, datetime(2026, 3, 16, 10), interviewers=[Interviewer("Dana Lee", "dana at hooli")])
    assert db.cursor().execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("held_on", "question"),
    [
        (date(2026, 3, 25), "This says next Wednesday (2026-03-25), still to come: is that right?"),
        (date(2026, 3, 19), "This says tomorrow (2026-03-19), still to come: is that right?"),
        (date(2026, 3, 10), "This says Tuesday 10 March, 8 days ago: is that right?"),
        (date(2026, 3, 11), None),
        (TODAY, None),
    ],
)
def test_a_just_had_interview_in_the_future_or_over_a_week_ago_is_questioned(held_on, question):
    assert date_question(held_on, TODAY) == question


def test_only_the_interviewers_met_most_recently_are_offered(db):
    for day, name in ((9, "Old Friend"), (10, "Mid Person"), (11, "New Face")):
        spot(db, datetime(2026, 3, day, 10), interviewers=[Interviewer(name)])
    assert known_interviewers(db.cursor(), limit=2)["name"].tolist() == ["Mid Person", "New Face"]
