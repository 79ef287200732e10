"""The Kaplan–Meier estimate of time to an answer, against statsmodels' and by hand.

The reference is statsmodels' `SurvfuncRight`, a well-kept independent
implementation. (`lifelines`, the other obvious one, requires pandas < 3 and
cannot be installed beside Debrief.)"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.duration.survfunc import SurvfuncRight

from analytics.metrics import TrendsFilter
from analytics.survival import (
    interview_waits,
    kaplan_meier,
    median_days,
    still_waiting_by_day,
    still_waiting_curve,
    wait_forecast,
)
from data.store.applications import Application, save_application
from data.store.interviews import Interview, save_interview

TODAY = date(2026, 6, 30)

# One interview's history: (days to its end, how it ended). Small day ranges make ties and same-day answers common.
histories = st.lists(
    st.tuples(st.integers(min_value=0, max_value=20), st.sampled_from(["answered", "waiting", "no_answer"])),
    min_size=1,
    max_size=40,
)
# The waits of such histories, as `interview_waits` gives them: `days`, and `answered` (else censored).
any_waits = histories.map(
    lambda history: pd.DataFrame(
        {"days": [d for d, _ in history], "answered": [end == "answered" for _, end in history]}
    )
)


def _reference(waits: pd.DataFrame) -> SurvfuncRight:
    return SurvfuncRight(np.array(list(waits["days"]), dtype=float), np.array(list(waits["answered"]), dtype=float))


def _reference_at(reference: SurvfuncRight, day: int) -> float:
    """The reference's share still waiting after `day`: its step function, 1 before the first answer."""
    past = reference.surv_times <= day
    return float(reference.surv_prob[past][-1]) if past.any() else 1.0


@settings(deadline=None)
@given(any_waits)
def test_still_waiting_equals_the_reference_on_every_day(waits):
    ours = still_waiting_by_day(kaplan_meier(waits))
    reference = _reference(waits)
    expected = [_reference_at(reference, int(day)) for day in ours["days"]]
    assert ours["still_waiting"].to_numpy() == pytest.approx(expected, abs=1e-12)


@settings(deadline=None)
@given(any_waits)
def test_table_counts_match_the_reference(waits):
    ours = kaplan_meier(waits).set_index("days")
    reference = _reference(waits)
    with_answers = ours[ours["answered"] > 0]
    assert list(with_answers.index) == [int(t) for t in reference.surv_times]
    assert list(with_answers["at_risk"]) == [int(n) for n in reference.n_risk]
    assert list(with_answers["answered"]) == [int(n) for n in reference.n_events]
    # Every day on which a wait ended is a row, with the waits that ended that day unanswered.
    ended = waits.groupby("days")["answered"].agg(["size", "sum"])
    assert list(ours.index) == [int(day) for day in ended.index]
    assert list(ours["censored"]) == list(ended["size"] - ended["sum"])


@settings(deadline=None)
@given(any_waits)
def test_median_equals_the_reference_median(waits):
    forecast_median = _median_of(kaplan_meier(waits))
    # The median is the first day S(t) <= 1/2; a hair above 1/2 keeps float rounding of an exact half out of it.
    reference = _reference(waits)
    reached = reference.surv_times[reference.surv_prob <= 0.5 + 1e-9]
    assert forecast_median == (int(reached[0]) if len(reached) else None)


def _median_of(table: pd.DataFrame) -> int | None:
    from analytics.survival import WaitForecast

    return WaitForecast(int(table["answered"].sum()), int(table["censored"].sum()), table).median_days


def test_no_waits_give_an_empty_table():
    empty = kaplan_meier(pd.DataFrame({"days": [], "answered": []}))
    assert empty.empty and list(empty.columns) == ["days", "at_risk", "answered", "censored", "still_waiting"]


def _interview(db, company: str, held: date, **facts) -> int:
    application = save_application(
        db, Application(company=company, role="Analyst", applied_on=held - timedelta(days=7))
    )
    return save_interview(
        db,
        Interview(
            application_id=application,
            stage="screen",
            format="video",
            held_at=datetime.combine(held, datetime.min.time().replace(hour=10)),
            **facts,
        ),
    )


def _close_as_no_answer(db, interview_id: int, on: date) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE interviews SET no_answer_on = ? WHERE id = ?", [on, interview_id])


def test_waiting_and_closed_interviews_are_censored_not_left_out(db):
    answered = _interview(db, "Acme", date(2026, 6, 1), outcome="advanced", heard_back_on=date(2026, 6, 4))
    same_day = _interview(db, "Birch", date(2026, 6, 10), outcome="rejected", heard_back_on=date(2026, 6, 10))
    waiting = _interview(db, "Cedar", date(2026, 6, 20))
    closed = _interview(db, "Delta", date(2026, 5, 1))
    _close_as_no_answer(db, closed, date(2026, 6, 15))
    _interview(db, "Elm", date(2026, 7, 3))  # after today: not yet a wait
    _interview(db, "Fir", date(2026, 6, 2), outcome="advanced")  # answered, but when is unknown

    waits = interview_waits(db.cursor(), TODAY).set_index("interview_id")

    assert waits.loc[answered].tolist() == [3, True, False]
    assert waits.loc[same_day].tolist() == [0, True, False]
    assert waits.loc[waiting].tolist() == [10, False, False]
    assert waits.loc[closed].tolist() == [45, False, True]
    assert sorted(waits.index) == sorted([answered, same_day, waiting, closed])
    # The Trends filter chooses the interviews, as for every metric.
    assert interview_waits(db.cursor(), TODAY, where=TrendsFilter(company="Cedar"))["interview_id"].tolist() == [
        waiting
    ]
    in_may = TrendsFilter(start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert interview_waits(db.cursor(), TODAY, where=in_may)["interview_id"].tolist() == [closed]


def test_chance_after_a_silence_counts_those_that_answered_later(db):
    # Answers after 1, 2, 3, 8 and 10 days; two waits closed as no answer after 20 days.
    for n, days in enumerate([1, 2, 3, 8, 10]):
        _interview(
            db,
            f"Answered {n}",
            date(2026, 5, 1),
            outcome="advanced",
            heard_back_on=date(2026, 5, 1) + timedelta(days=days),
        )
    for n in range(2):
        closed = _interview(db, f"Silent {n}", date(2026, 5, 1))
        _close_as_no_answer(db, closed, date(2026, 5, 21))

    forecast = wait_forecast(db.cursor(), TODAY)

    assert forecast.own_history and forecast.answers == 5 and forecast.censored == 2
    # Four of seven waited past day 3 (no answer by then); two of them answered later.
    assert forecast.chance_after(4) == pytest.approx(2 / 4)
    assert forecast.chance_after(9) == pytest.approx(1 / 3)
    assert forecast.chance_after(11) == 0.0
    assert forecast.chance_after(0) == pytest.approx(5 / 7)
    assert forecast.median_days == 8  # still waiting: 4/7 after day 3, 3/7 after day 8
    assert forecast.answers_mostly_by == 8  # four of the five answers had come by day 8


def test_fewer_than_five_answers_give_no_forecast_of_their_own(db):
    for n in range(4):
        _interview(db, f"Answered {n}", date(2026, 5, 1), outcome="advanced", heard_back_on=date(2026, 5, 3))
    forecast = wait_forecast(db.cursor(), TODAY)
    assert not forecast.own_history
    assert forecast.chance_after(6) is None and forecast.answers_mostly_by is None


def test_curve_keeps_day_zero_each_fall_and_the_last_day(db):
    _interview(db, "Acme", date(2026, 6, 1), outcome="advanced", heard_back_on=date(2026, 6, 3))
    _interview(db, "Birch", date(2026, 6, 25))
    every_day = still_waiting_by_day(kaplan_meier(interview_waits(db.cursor(), TODAY)))
    assert list(every_day["still_waiting"]) == [1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    assert list(every_day["at_risk"]) == [2, 2, 2, 1, 1, 1]
    curve = still_waiting_curve(db.cursor(), TODAY)
    assert list(curve.itertuples(index=False, name=None)) == [(0, 1.0, 2), (2, 0.5, 2), (5, 0.5, 1)]
    assert median_days(curve) == 2
