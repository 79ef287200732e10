"""The Trends filter on its own: which applications and interviews each field keeps, on the hand-worked search.

Applications (tests/analytics/test_metrics.py): 1 Acme 03-02, 2 Globex 03-04,
3 Initech 03-10, 4 Umbrella 03-25, 5 Hooli 04-01, 6 Stark 04-02. Interviews:
10 (1, screen, 03-09 10:00), 11 (1, technical, 03-16), 12 (2, screen, 03-06),
13 (4, screen, 04-06), 14 (4, final, 04-15), 15 (5, screen, 04-08).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.metrics import TrendsFilter
from tests.analytics.test_metrics import APPLICATIONS, INTERVIEWS, write_search

ALIASES = {"applications": "a", "interviews": "i"}


@pytest.fixture
def con(db):
    write_search(db, APPLICATIONS, INTERVIEWS)
    return db.cursor()


def kept(con, where: TrendsFilter, table: str) -> list[int]:
    """The ids of `table` that `where` keeps, in order."""
    condition, values = where.where(table)
    alias = ALIASES[table]
    sql = f"SELECT {alias}.id FROM {table} {alias} WHERE {condition} ORDER BY {alias}.id"
    return [row[0] for row in con.execute(sql, values).fetchall()]


def test_the_empty_filter_keeps_everything_and_binds_nothing(con):
    assert TrendsFilter().where("applications") == ("TRUE", {})
    assert TrendsFilter().where("interviews") == ("TRUE", {})
    assert kept(con, TrendsFilter(), "applications") == [1, 2, 3, 4, 5, 6]
    assert kept(con, TrendsFilter(), "interviews") == [10, 11, 12, 13, 14, 15]


@pytest.mark.parametrize(
    ("where", "applications", "interviews"),
    [
        # Dates are inclusive: an application by the day applied, an interview by the day held.
        (TrendsFilter(start=date(2026, 3, 10)), [3, 4, 5, 6], [11, 13, 14, 15]),
        (TrendsFilter(end=date(2026, 3, 9)), [1, 2], [10, 12]),
        (TrendsFilter(start=date(2026, 3, 4), end=date(2026, 3, 25)), [2, 3, 4], [10, 11, 12]),
        # A company: its applications and their interviews.
        (TrendsFilter(company="Acme"), [1], [10, 11]),
        (TrendsFilter(company="acme"), [], []),  # the exact name
        # A stage narrows the interviews, never the applications.
        (TrendsFilter(stage="screen"), [1, 2, 3, 4, 5, 6], [10, 12, 13, 15]),
        # Combined: each table by the fields that apply to it.
        (TrendsFilter(company="Umbrella", stage="screen", start=date(2026, 4, 1)), [], [13]),
        (TrendsFilter(company="Acme", stage="technical", end=date(2026, 3, 31)), [1], [11]),
    ],
)
def test_each_field_narrows_applications_and_interviews_as_documented(con, where, applications, interviews):
    assert kept(con, where, "applications") == applications
    assert kept(con, where, "interviews") == interviews


def test_an_application_of_unknown_date_counts_in_no_date_range(con, db):
    with db.transaction() as cur:
        cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (7, 'Acme', 'Analyst', NULL)")
    assert kept(con, TrendsFilter(company="Acme"), "applications") == [1, 7]
    assert kept(con, TrendsFilter(company="Acme", start=date(2026, 1, 1)), "applications") == [1]
    assert kept(con, TrendsFilter(end=date(2026, 12, 31)), "applications") == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("company", ["O'Brien \\ 100%_Co", "%", "_", "'", "\\"])
def test_a_company_is_a_bound_value_matched_exactly(con, db, company):
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on) VALUES (8, ?, 'Analyst', DATE '2026-03-03')",
            [company],
        )
        cur.execute(
            "INSERT INTO interviews (id, application_id, stage, format, held_at) VALUES (20, 8, 'screen', 'video', ?)",
            [datetime(2026, 3, 12, 9)],
        )
    where = TrendsFilter(company=company)
    for table in ALIASES:
        condition, values = where.where(table)
        assert condition == TrendsFilter(company="plain").where(table)[0]
        assert values == {"company": company}
    assert kept(con, where, "applications") == [8]
    assert kept(con, where, "interviews") == [20]


def test_only_the_values_of_the_fields_set_are_bound():
    where = TrendsFilter(start=date(2026, 3, 1), stage="final")
    assert where.where("applications") == ("a.applied_on >= $start", {"start": date(2026, 3, 1)})
    condition, values = where.where("interviews")
    assert values == {"stage": "final", "start": date(2026, 3, 1)}
    assert "$end" not in condition and "$company" not in condition


def test_a_filter_chooses_applications_or_interviews_only():
    with pytest.raises(ValueError, match="applications or interviews"):
        TrendsFilter().where("reflections")
