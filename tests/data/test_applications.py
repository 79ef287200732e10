"""Job applications in the store: saving, the rules they obey, finding them, deleting them."""

from __future__ import annotations

import time
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from data.store import applications
from data.store.applications import Application, ApplicationFilter
from data.store.errors import StoreFailed
from data.store.interviews import Interview, list_interviews, save_interview
from data.store.schema import NAME_MAX, NOTE_MAX, URL_MAX
from data.store.validation import InvalidRecord, Problem


def acme(**changes) -> Application:
    values = dict(company="Acme", role="Data Engineer", applied_on=date(2026, 3, 2))
    return Application(**{**values, **changes})


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = ("applications", "interviews", "contacts", "interview_interviewers", "follow_ups", "reflections")
    return {table: table_rows(con, table) for table in tables}


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Pacific/Auckland"])
def local_time_zone(request, monkeypatch):
    """The computer's time zone; calendar dates must not move with it."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


# Saving and reading back


def test_saved_application_reads_back_as_typed(db):
    typed = Application(
        company="Acme",
        role="Data Engineer",
        applied_on=date(2026, 3, 2),
        status="screening",
        location="Remote (EU)",
        source="Referral",
        url="https://acme.example/jobs/42?ref=li",
        responded_on=date(2026, 3, 5),
        notes="Kim referred me.\nAsk about the data platform.",
    )
    application_id = applications.save_application(db, typed)

    read = applications.get_application(db.cursor(), application_id)
    assert read == typed
    assert read.id == application_id


def test_texts_are_trimmed_and_empty_texts_kept_as_no_value(db):
    application_id = applications.save_application(
        db, Application("  Acme  ", "\tData Engineer\n", date(2026, 3, 2), location="   ", url="", notes=" \n ")
    )

    read = applications.get_application(db.cursor(), application_id)
    assert (read.company, read.role) == ("Acme", "Data Engineer")
    assert (read.location, read.url, read.notes) == (None, None, None)
    assert db.cursor().execute("SELECT location, url, notes FROM applications").fetchall() == [(None, None, None)]


def test_dates_stay_the_same_calendar_date_in_any_time_zone(db, local_time_zone):
    application_id = applications.save_application(
        db, acme(applied_on=date(2026, 3, 1), responded_on=date(2026, 3, 31))
    )

    read = applications.get_application(db.cursor(), application_id)
    assert (read.applied_on, read.responded_on) == (date(2026, 3, 1), date(2026, 3, 31))
    listed = applications.list_applications(db.cursor())
    assert pd.Timestamp(listed.loc[0, "applied_on"]).date() == date(2026, 3, 1)
    assert pd.Timestamp(listed.loc[0, "responded_on"]).date() == date(2026, 3, 31)
    stored = db.cursor().execute("SELECT strftime(applied_on, '%Y-%m-%d') FROM applications").fetchone()[0]
    assert stored == "2026-03-01"


def test_editing_changes_the_application_in_place(db):
    application_id = applications.save_application(db, acme())
    edited = applications.get_application(db.cursor(), application_id)
    edited.company = "Acme Corp"
    edited.status = "interviewing"
    edited.responded_on = date(2026, 3, 9)
    edited.notes = "Recruiter called."

    assert applications.save_application(db, edited) == application_id

    assert applications.get_application(db.cursor(), application_id) == edited
    assert applications.count_applications(db.cursor()) == 1


def test_editing_an_application_with_interviews_keeps_them(filled_db):
    db, ids = filled_db
    edited = applications.get_application(db.cursor(), ids["acme"])
    edited.company = "Acme Corp"
    edited.applied_on = date(2026, 3, 1)
    edited.status = "offer"

    applications.save_application(db, edited)

    assert applications.get_application(db.cursor(), ids["acme"]) == edited
    assert list(list_interviews(db.cursor(), ids["acme"])["id"]) == [ids["acme_screen"], ids["acme_technical"]]


def test_editing_an_application_that_was_deleted_meanwhile_is_refused(db):
    application_id = applications.save_application(db, acme())
    stale = applications.get_application(db.cursor(), application_id)
    applications.delete_application(db, application_id)
    stale.status = "offer"

    with pytest.raises(InvalidRecord) as refused:
        applications.save_application(db, stale)

    assert refused.value.problems == [Problem("Application", "no longer exists; it may have been deleted.")]
    assert applications.count_applications(db.cursor()) == 0


# The rules, with the words the user sees


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"company": ""}, Problem("Company", "is required.")),
        ({"company": "   "}, Problem("Company", "is required.")),
        ({"company": "A" * (NAME_MAX + 1)}, Problem("Company", "is 201 characters long; the limit is 200.")),
        ({"role": ""}, Problem("Role", "is required.")),
        ({"role": "R" * (NAME_MAX + 1)}, Problem("Role", "is 201 characters long; the limit is 200.")),
        (
            {"status": "hired"},
            Problem(
                "Status",
                "must be one of applied, screening, interviewing, offer, accepted, rejected, withdrawn, ghosted.",
            ),
        ),
        ({"location": "L" * (NAME_MAX + 1)}, Problem("Location", "is 201 characters long; the limit is 200.")),
        ({"source": "S" * (NAME_MAX + 1)}, Problem("Source", "is 201 characters long; the limit is 200.")),
        (
            {"url": "acme.example/jobs"},
            Problem("Posting URL", "must be a web address starting with http:// or https://."),
        ),
        (
            {"url": "ftp://acme.example/jobs"},
            Problem("Posting URL", "must be a web address starting with http:// or https://."),
        ),
        ({"url": "https://"}, Problem("Posting URL", "must be a web address starting with http:// or https://.")),
        (
            {"url": "javascript:alert(1)"},
            Problem("Posting URL", "must be a web address starting with http:// or https://."),
        ),
        (
            {"url": "https://acme.example/data engineer"},
            Problem("Posting URL", "must be a web address starting with http:// or https://."),
        ),
        (
            {"url": "https://acme.example/" + "a" * URL_MAX},
            Problem("Posting URL", "is 2,021 characters long; the limit is 2,000."),
        ),
        (
            {"responded_on": date(2026, 3, 1)},
            Problem("Reply received", "cannot be before the date applied (2026-03-02)."),
        ),
        ({"notes": "n" * (NOTE_MAX + 1)}, Problem("Notes", "is 100,001 characters long; the limit is 100,000.")),
    ],
)
def test_a_broken_rule_is_refused_with_its_field_and_reason_and_nothing_is_written(db, changes, problem):
    with pytest.raises(InvalidRecord) as refused:
        applications.save_application(db, acme(**changes))

    assert refused.value.problems == [problem]
    assert applications.count_applications(db.cursor()) == 0


def test_every_problem_is_reported_at_once(db):
    with pytest.raises(InvalidRecord) as refused:
        applications.save_application(
            db, Application("", "", date(2026, 3, 2), url="acme", responded_on=date(2026, 3, 1))
        )

    assert [p.field for p in refused.value.problems] == ["Company", "Role", "Posting URL", "Reply received"]


def test_a_refused_edit_leaves_the_saved_application_as_it_was(db):
    application_id = applications.save_application(db, acme(notes="first version"))
    before = everything(db.cursor())
    edited = applications.get_application(db.cursor(), application_id)
    edited.notes = "second version"
    edited.responded_on = date(2026, 2, 1)

    with pytest.raises(InvalidRecord):
        applications.save_application(db, edited)

    assert everything(db.cursor()) == before


@pytest.mark.parametrize(
    "edge",
    [
        {"company": "A" * NAME_MAX, "role": "R" * NAME_MAX, "location": "L" * NAME_MAX},
        {"notes": "n" * NOTE_MAX},
        {"url": "http://acme.example/" + "a" * (URL_MAX - len("http://acme.example/"))},
        {"responded_on": date(2026, 3, 2)},
        {"company": "Ünïcødé GmbH 🚀", "notes": "**not bold** <b>not html</b> $x$"},
    ],
)
def test_values_at_the_limits_are_accepted(db, edge):
    application_id = applications.save_application(db, acme(**edge))
    read = applications.get_application(db.cursor(), application_id)
    assert {name: getattr(read, name) for name in edge} == edge


# The database's own checks, for writes that bypass the rules above


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("company", "   "),
        ("company", "A" * (NAME_MAX + 1)),
        ("role", ""),
        ("status", "hired"),
        ("location", "L" * (NAME_MAX + 1)),
        ("source", "S" * (NAME_MAX + 1)),
        ("url", "u" * (URL_MAX + 1)),
        ("notes", "n" * (NOTE_MAX + 1)),
        ("responded_on", date(2026, 3, 1)),
    ],
)
def test_the_database_itself_refuses_what_the_rules_refuse(db, column, value):
    row = {"company": "Acme", "role": "Data Engineer", "applied_on": date(2026, 3, 2), column: value}
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)

    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(f"INSERT INTO applications ({names}) VALUES ({marks})", list(row.values()))

    assert applications.count_applications(db.cursor()) == 0


def test_the_database_refuses_an_application_without_company_or_role(db):
    for statement in (
        "INSERT INTO applications (role, applied_on) VALUES ('Engineer', DATE '2026-03-02')",
        "INSERT INTO applications (company, applied_on) VALUES ('Acme', DATE '2026-03-02')",
    ):
        with pytest.raises(StoreFailed), db.transaction() as cur:
            cur.execute(statement)
    assert applications.count_applications(db.cursor()) == 0


# Finding applications


@pytest.fixture
def search_db(db):
    """Six applications whose names test the search: a % and an _ among them."""
    for company, role, applied_on, status, location, notes in [
        ("Acme", "Data Engineer", date(2026, 3, 1), "applied", "Berlin", None),
        ("Globex", "Analyst", date(2026, 3, 2), "rejected", "Remote", "100% remote, async team"),
        ("Initech", "Developer", date(2026, 3, 3), "interviewing", None, "1000 remote seats"),
        ("data_works", "Engineer", date(2026, 3, 4), "screening", None, None),
        ("dataXworks", "Engineer", date(2026, 3, 5), "applied", None, None),
        ("acme labs", "Researcher", date(2026, 3, 6), "offer", "Paris", r"path C:\jobs"),
    ]:
        applications.save_application(
            db, Application(company, role, applied_on, status, location=location, notes=notes)
        )
    return db


def companies(db, where: ApplicationFilter) -> list[str]:
    return list(applications.list_applications(db.cursor(), where)["company"])


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("acme", ["acme labs", "Acme"]),
        ("ENGINEER", ["dataXworks", "data_works", "Acme"]),
        ("berlin", ["Acme"]),
        ("async", ["Globex"]),
        ("  globex  ", ["Globex"]),
        ("100%", ["Globex"]),
        ("%", ["Globex"]),
        ("_", ["data_works"]),
        ("data_", ["data_works"]),
        ("C:\\jobs", ["acme labs"]),
        ("nothing like this", []),
    ],
)
def test_search_finds_text_in_company_role_location_or_notes_literally(search_db, search, found):
    where = ApplicationFilter(search=search)
    assert companies(search_db, where) == found
    assert applications.count_applications(search_db.cursor(), where) == len(found)


def test_filter_by_statuses_and_company(search_db):
    assert companies(search_db, ApplicationFilter(statuses=("applied", "offer"))) == ["acme labs", "dataXworks", "Acme"]
    assert companies(search_db, ApplicationFilter(company="Acme")) == ["Acme"]
    assert companies(search_db, ApplicationFilter(search="engineer", statuses=("applied",))) == ["dataXworks", "Acme"]
    assert applications.count_applications(search_db.cursor(), ApplicationFilter(statuses=("ghosted",))) == 0


def test_company_names_are_listed_once_alphabetically_ignoring_case(search_db):
    applications.save_application(search_db, Application("Acme", "Second role", date(2026, 3, 7)))
    assert applications.company_names(search_db.cursor()) == [
        "Acme",
        "acme labs",
        "data_works",
        "dataXworks",
        "Globex",
        "Initech",
    ]


def test_list_shows_newest_application_first_with_its_interview_count(filled_db):
    db, ids = filled_db
    listed = applications.list_applications(db.cursor())

    assert list(listed.columns) == [
        "id",
        "company",
        "role",
        "location",
        "status",
        "applied_on",
        "responded_on",
        "interviews",
        "source",
    ]
    assert list(listed["company"]) == ["Initech", "Globex", "Acme"]
    assert list(listed["interviews"]) == [0, 1, 2]


def test_pages_of_the_list_cover_every_application_once(db):
    for day in range(1, 8):
        applications.save_application(db, Application(f"Company {day}", "Engineer", date(2026, 3, day)))

    pages = [
        applications.list_applications(db.cursor(), limit=3, offset=offset)["company"].tolist()
        for offset in (0, 3, 6, 9)
    ]

    assert pages == [
        ["Company 7", "Company 6", "Company 5"],
        ["Company 4", "Company 3", "Company 2"],
        ["Company 1"],
        [],
    ]


def test_same_day_applications_page_in_a_stable_order(db):
    ids = [
        applications.save_application(db, Application(f"Company {n}", "Engineer", date(2026, 3, 2))) for n in range(5)
    ]
    first = applications.list_applications(db.cursor(), limit=2, offset=0)["id"].tolist()
    rest = applications.list_applications(db.cursor(), limit=10, offset=2)["id"].tolist()
    assert first + rest == sorted(ids, reverse=True)


def test_filtered_pages_cover_every_match_once_whatever_the_order_applications_were_added_in(db):
    # Added out of date order, few days for many applications, a filter keeping some of them,
    # and interviews counted per page.
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on, status)"
            " SELECT n, 'Company ' || n, CASE WHEN n % 3 = 0 THEN 'Analyst' ELSE 'Engineer' END,"
            " DATE '2026-03-01' + CAST((n * 5) % 7 AS INTEGER), CASE WHEN n % 2 = 0 THEN 'applied' ELSE 'rejected' END"
            " FROM range(1, 61) t(n)"
        )
        cur.execute(
            "INSERT INTO interviews (application_id, stage, format, held_at)"
            " SELECT n % 60 + 1, 'screen', 'video', TIMESTAMP '2026-03-10 10:00' FROM range(90) t(n)"
        )
    con = db.cursor()
    rows = con.execute(
        "SELECT id, applied_on, role, status, (SELECT count(*) FROM interviews i WHERE i.application_id = a.id)"
        " FROM applications a"
    ).fetchall()

    for where, keep in [
        (ApplicationFilter(), lambda role, status: True),
        (ApplicationFilter(search="analyst"), lambda role, status: role == "Analyst"),
        (ApplicationFilter(statuses=("applied",)), lambda role, status: status == "applied"),
    ]:
        expected = sorted(((day, id_) for id_, day, role, status, _ in rows if keep(role, status)), reverse=True)
        pages = [applications.list_applications(con, where, limit=7, offset=offset) for offset in range(0, 63, 7)]
        listed = pd.concat(pages, ignore_index=True)
        assert [(d.date(), i) for d, i in zip(listed["applied_on"], listed["id"], strict=True)] == expected
        interviews = {id_: n for id_, *_, n in rows}
        assert list(listed["interviews"]) == [interviews[i] for i in listed["id"]]
        assert applications.count_applications(con, where) == len(expected)


# Deleting


def test_delete_removes_the_application_with_everything_of_it_but_not_contacts(filled_db):
    db, ids = filled_db
    con = db.cursor()
    with db.transaction() as cur:
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 4)", [ids["acme_screen"]])
        cur.execute("INSERT INTO reflections (interview_id, overall) VALUES (?, 3)", [ids["globex_screen"]])
        reference = cur.execute(
            "INSERT INTO contacts (name, kind) VALUES ('Pat Reyes', 'reference') RETURNING id"
        ).fetchone()[0]
        cur.execute(
            "INSERT INTO application_references (application_id, contact_id) VALUES (?, ?)", [ids["acme"], reference]
        )
    contacts_before = table_rows(con, "contacts")
    acme_follow_ups = "SELECT count(*) FROM follow_ups WHERE application_id = ?"
    assert con.execute(acme_follow_ups, [ids["acme"]]).fetchone()[0] > 0
    globex_before = {
        table: con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [ids["globex"]]).fetchone()[0]
        for table, column in (("interviews", "application_id"), ("follow_ups", "application_id"))
    }

    applications.delete_application(db, ids["acme"])

    assert applications.get_application(con, ids["acme"]) is None
    assert con.execute("SELECT count(*) FROM interviews WHERE application_id = ?", [ids["acme"]]).fetchone()[0] == 0
    assert con.execute(acme_follow_ups, [ids["acme"]]).fetchone()[0] == 0
    assert con.execute("SELECT interview_id FROM reflections").fetchall() == [(ids["globex_screen"],)]
    assert (
        con.execute(
            "SELECT count(*) FROM interview_interviewers WHERE interview_id IN (?, ?)",
            [ids["acme_screen"], ids["acme_technical"]],
        ).fetchone()[0]
        == 0
    )
    assert table_rows(con, "application_references") == []
    assert table_rows(con, "contacts") == contacts_before
    assert list(applications.list_applications(con)["company"]) == ["Initech", "Globex"]
    assert {
        table: con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [ids["globex"]]).fetchone()[0]
        for table, column in (("interviews", "application_id"), ("follow_ups", "application_id"))
    } == globex_before


def test_deleted_application_can_be_added_again(filled_db):
    db, ids = filled_db
    applications.delete_application(db, ids["acme"])
    again = applications.save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    save_interview(db, Interview(again, "screen", "phone", datetime(2026, 3, 9, 10), ["Dana Lee"]))
    assert list_interviews(db.cursor(), again)["interviewers"].tolist() == ["Dana Lee"]
