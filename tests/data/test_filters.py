"""The filters of the store's lists, on their own: each `where()` against a handful of rows counted by hand.

Every filter gives a SQL condition over a fixed alias and the values it binds
(`data.store.reads.where_set`): each field narrows the rows, fields combine, the
empty filter keeps every row, and text is always a bound value, never SQL or a
LIKE wildcard.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from data.store.applications import ApplicationFilter, ApplicationPicker
from data.store.contacts import ContactFilter
from data.store.prepare import PrepareScope
from data.store.reads import where_set

# Texts a search must take literally: LIKE's wildcards, a quote, a backslash.
HOSTILE = ("%", "_", "'", "\\")

# id, company, role, location, status, notes
APPLICATIONS = [
    (1, "Acme", "Data Engineer", "Berlin", "applied", None),
    (2, "Globex", "Analyst", None, "rejected", "100% remote"),
    (3, "data_works", "Engineer", "Paris", "offer", None),
    (4, "O'Brien & Co", "Analyst", None, "applied", "C:\\jobs\\obrien.txt"),
    (5, "acme labs", "Researcher", "Remote", "interviewing", "met at a meetup"),
]
# id, application, stage
INTERVIEWS = [(10, 1, "screen"), (11, 1, "technical"), (12, 2, "screen"), (13, 4, "final")]
# id, name, kind, company, email, notes
CONTACTS = [
    (1, "Dana Lee", "interviewer", "Acme", "dana@acme.example", None),
    (2, "Raj 100%", "reference", "Initech", None, None),
    (3, "Kim_Park", "interviewer", "Globex", None, "asked about 'culture'"),
    (4, "Ana Ruiz", "reference", "Acme", None, "C:\\refs"),
    (5, "Sam Ortiz", "recruiter", "Hooli", "sam@hooli.example", None),
]


@pytest.fixture
def con(db):
    with db.transaction() as cur:
        for id_, company, role, location, status, notes in APPLICATIONS:
            cur.execute(
                "INSERT INTO applications (id, company, role, applied_on, location, status, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [id_, company, role, date(2026, 3, id_), location, status, notes],
            )
        for id_, application, stage in INTERVIEWS:
            cur.execute(
                "INSERT INTO interviews (id, application_id, stage, format, held_at) VALUES (?, ?, ?, 'video', ?)",
                [id_, application, stage, datetime(2026, 3, 20, 10) + timedelta(days=id_ - 10)],
            )
        for id_, name, kind, company, email, notes in CONTACTS:
            cur.execute(
                "INSERT INTO contacts (id, name, kind, company, email, notes) VALUES (?, ?, ?, ?, ?, ?)",
                [id_, name, kind, company, email, notes],
            )
    return db.cursor()


def kept(con, table: str, alias: str, where: tuple[str, dict[str, object]]) -> list[int]:
    """The ids of `table`, read as `alias`, that the condition keeps, in order."""
    condition, values = where
    sql = f"SELECT {alias}.id FROM {table} {alias} WHERE {condition} ORDER BY {alias}.id"
    return [row[0] for row in con.execute(sql, values).fetchall()]


def test_where_set_joins_the_conditions_of_the_fields_set_and_binds_only_their_values():
    scope = PrepareScope(stage="screen")
    assert where_set(scope, {"application_id": "x = $application_id", "stage": "y = $stage"}) == (
        "y = $stage",
        {"stage": "screen"},
    )
    assert where_set(PrepareScope(), {"application_id": "x = $application_id"}) == ("TRUE", {})


# Applications


def test_an_empty_application_filter_keeps_every_application(con):
    assert ApplicationFilter().where() == ("TRUE", {})
    assert kept(con, "applications", "a", ApplicationFilter().where()) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("where", "ids"),
    [
        (ApplicationFilter(search="ACME"), [1, 5]),  # company, ignoring case
        (ApplicationFilter(search="analyst"), [2, 4]),  # role
        (ApplicationFilter(search="paris"), [3]),  # location
        (ApplicationFilter(search="meetup"), [5]),  # notes
        (ApplicationFilter(search="   "), [1, 2, 3, 4, 5]),  # blank: no search
        (ApplicationFilter(statuses=("applied", "offer")), [1, 3, 4]),
        (ApplicationFilter(company="Acme"), [1]),  # the exact name, not "acme labs"
        (ApplicationFilter(search="engineer", statuses=("applied",)), [1]),
        (ApplicationFilter(search="analyst", statuses=("applied", "rejected"), company="Globex"), [2]),
    ],
)
def test_each_application_filter_field_narrows_and_fields_combine(con, where, ids):
    assert kept(con, "applications", "a", where.where()) == ids


@pytest.mark.parametrize(("text", "ids"), [("%", [2]), ("_", [3]), ("'", [4]), ("\\", [4])])
def test_an_application_search_takes_wildcards_quotes_and_backslashes_literally(con, text, ids):
    condition, values = ApplicationFilter(search=text).where()
    assert condition == ApplicationFilter(search="plain").where()[0]  # a bound value, never part of the SQL
    assert kept(con, "applications", "a", (condition, values)) == ids


def test_an_application_company_is_a_bound_value(con):
    condition, values = ApplicationFilter(company="O'Brien & Co").where()
    assert "O'Brien" not in condition and values == {"company": "O'Brien & Co"}
    assert kept(con, "applications", "a", (condition, values)) == [4]
    assert kept(con, "applications", "a", ApplicationFilter(company="%").where()) == []


# The application pickers


@pytest.mark.parametrize(
    ("search", "ids"),
    [
        ("", [1, 2, 3, 4, 5]),
        ("acme", [1, 5]),  # company
        ("RESEARCHER", [5]),  # role
        ("acme data", [1]),  # "Acme Data Engineer": company and role read as one text
        ("berlin", []),  # not the location
        ("%", []),  # "100%" is in notes only
        ("_", [3]),
        ("'", [4]),
        ("\\", []),  # in notes only
    ],
)
def test_the_application_picker_searches_company_and_role_literally(con, search, ids):
    condition, values = ApplicationPicker(search=search).where()
    assert not search or condition == ApplicationPicker(search="plain").where()[0]
    assert kept(con, "applications", "a", (condition, values)) == ids


def test_the_application_picker_binds_its_limit_and_the_ids_offered_besides():
    picker = ApplicationPicker(limit=3, including=[7, 9])  # a list, as a page may pass
    assert picker.including == (7, 9)
    assert picker.offered() == {"limit": 3, "including": [7, 9]}
    assert ApplicationPicker().offered() == {"limit": None, "including": []}


# Contacts


def test_an_empty_contact_filter_keeps_every_contact(con):
    assert ContactFilter().where() == ("TRUE", {})
    assert kept(con, "contacts", "c", ContactFilter().where()) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("where", "ids"),
    [
        (ContactFilter(kind="interviewer"), [1, 3]),
        (ContactFilter(kind="recruiter"), [5]),
        (ContactFilter(kind="other"), []),
        (ContactFilter(search="acme"), [1, 4]),  # company (and an email)
        (ContactFilter(search="HOOLI.EXAMPLE"), [5]),  # email, ignoring case
        (ContactFilter(search="culture"), [3]),  # notes
        (ContactFilter(search="  dana "), [1]),  # trimmed
        (ContactFilter(kind="reference", search="acme"), [4]),
        (ContactFilter(kind="interviewer", search="initech"), []),
    ],
)
def test_each_contact_filter_field_narrows_and_fields_combine(con, where, ids):
    assert kept(con, "contacts", "c", where.where()) == ids


@pytest.mark.parametrize(("text", "ids"), [("%", [2]), ("_", [3]), ("'", [3]), ("\\", [4])])
def test_a_contact_search_takes_wildcards_quotes_and_backslashes_literally(con, text, ids):
    condition, values = ContactFilter(search=text).where()
    assert condition == ContactFilter(search="plain").where()[0]
    assert kept(con, "contacts", "c", (condition, values)) == ids


def test_a_contact_kind_is_a_bound_value(con):
    condition, values = ContactFilter(kind="reference' OR '1'='1").where()
    assert "OR '1'" not in condition
    assert kept(con, "contacts", "c", (condition, values)) == []


# The Prepare page's scope


@pytest.mark.parametrize(
    ("scope", "ids"),
    [
        (PrepareScope(), [10, 11, 12, 13]),
        (PrepareScope(application_id=1), [10, 11]),
        (PrepareScope(application_id=3), []),
        (PrepareScope(stage="screen"), [10, 12]),
        (PrepareScope(application_id=1, stage="screen"), [10]),
        (PrepareScope(application_id=2, stage="final"), []),
    ],
)
def test_each_prepare_scope_field_narrows_the_interviews_and_fields_combine(con, scope, ids):
    assert kept(con, "interviews", "i", scope.where()) == ids


def test_the_whole_prepare_scope_binds_nothing_and_a_stage_is_a_bound_value(con):
    assert PrepareScope().where() == ("TRUE", {})
    condition, values = PrepareScope(stage="screen' OR TRUE --").where()
    assert "OR TRUE" not in condition and values == {"stage": "screen' OR TRUE --"}
    assert kept(con, "interviews", "i", (condition, values)) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_every_search_keeps_only_rows_with_the_text_itself(con, text):
    """Across the three searches: a hostile text finds exactly the rows that contain it, by Python's `in`."""
    # The texts each search looks in: an application's company, role, location and notes; a contact's
    # name, company, email and notes (the others are empty here).
    applications = {id_: [company, role, location, notes] for id_, company, role, location, _, notes in APPLICATIONS}
    contacts = {id_: [name, company, email, notes] for id_, name, _, company, email, notes in CONTACTS}
    found_applications = kept(con, "applications", "a", ApplicationFilter(search=text).where())
    found_contacts = kept(con, "contacts", "c", ContactFilter(search=text).where())
    assert found_applications == [i for i, texts in applications.items() if any(text in (t or "") for t in texts)]
    assert found_contacts == [i for i, texts in contacts.items() if any(text in (t or "") for t in texts)]
    assert found_applications and found_contacts  # each text is somewhere: the test finds, not only refuses
