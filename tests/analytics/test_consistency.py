"""The headline response rate and the funnel name one thing: applications that got an answer (a reply or an interview)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.metrics import TrendsFilter, application_response, funnel
from data.operations.demo import generate_demo
from data.store.interviews import Interview, add_interview_on_the_spot
from tests.analytics.test_metrics import APPLICATIONS, INTERVIEWS, write_search


def answered(con, where: TrendsFilter = TrendsFilter()) -> tuple:
    """(responded, rate) by the headline and by the funnel's `responded` step."""
    headline = application_response(con, where=where).iloc[0]
    step = funnel(con, where=where).set_index("stage").loc["responded"]
    return (headline["responded"], headline["response_rate"]), (step["applications"], step["rate"])


def same(pair: tuple) -> bool:
    (count, rate), (step_count, step_rate) = pair
    both_missing = rate != rate and step_rate != step_rate  # NaN: no applications
    return count == step_count and (both_missing or rate == pytest.approx(step_rate))


def test_on_an_empty_database_both_have_nothing(db):
    assert same(answered(db.cursor()))
    assert answered(db.cursor())[0][0] == 0


def test_one_interview_on_the_spot_is_an_answer_for_both(db):
    add_interview_on_the_spot(db, "Acme", "Analyst", Interview(None, "screen", "video", datetime(2026, 3, 9, 10)))
    pair = answered(db.cursor())
    assert pair == ((1, 1.0), (1, 1.0))


@pytest.mark.parametrize(
    "where",
    [
        TrendsFilter(),
        TrendsFilter(company="Acme"),
        TrendsFilter(stage="final"),
        TrendsFilter(start=date(2026, 3, 4), end=date(2026, 3, 25)),
    ],
)
def test_on_the_tiny_search_both_agree_whatever_the_filters(db, where):
    write_search(db, APPLICATIONS, INTERVIEWS)
    assert same(answered(db.cursor(), where))


def test_on_the_demo_search_both_agree(db):
    generate_demo(db, 300, seed=7, today=date(2026, 6, 1))
    pair = answered(db.cursor())
    assert same(pair) and pair[0][0] > 0
    assert same(answered(db.cursor(), TrendsFilter(start=date(2026, 3, 1), end=date(2026, 4, 30))))
