"""The metric functions against a small search whose answers are worked out by hand.

The search (`search` fixture), written with SQL so that every date is exact:

| app | company  | applied    | responded  | status       |
| --- | -------- | ---------- | ---------- | ------------ |
| 1   | Acme     | 2026-03-02 | 2026-03-05 | interviewing |
| 2   | Globex   | 2026-03-04 | 2026-03-04 | rejected     |
| 3   | Initech  | 2026-03-10 |            | applied      |
| 4   | Umbrella | 2026-03-25 | 2026-04-08 | interviewing |
| 5   | Hooli    | 2026-04-01 |            | interviewing |
| 6   | Stark    | 2026-04-02 | 2026-04-03 | accepted     |

| interview | app | stage     | held_at          | outcome  | heard back | days |
| --------- | --- | --------- | ---------------- | -------- | ---------- | ---- |
| 12        | 2   | screen    | 2026-03-06 09:30 | rejected | 2026-03-06 | 0    |
| 10        | 1   | screen    | 2026-03-09 10:00 | advanced | 2026-03-11 | 2    |
| 11        | 1   | technical | 2026-03-16 14:00 | pending  |            |      |
| 13        | 4   | screen    | 2026-04-06 11:00 | advanced | 2026-04-13 | 7    |
| 15        | 5   | screen    | 2026-04-08 13:00 | pending  |            |      |
| 14        | 4   | final     | 2026-04-15 16:00 | offer    | 2026-04-20 | 5    |

Reflections (overall, communication, skills, examples, rapport, questions,
preparation; - is blank), in interview order 12, 10, 11, 13, 15:
12: 2 3 - 2 4 - 2 · 10: 3 4 3 - 4 2 3 · 11: 4 4 4 3 5 3 4 · 13: 4 5 4 3 4 2 5 · 15: 5 - - - - - -

Follow-ups: 12 thank-you done after 8.5 h and another after 47.5 h, feedback
request done; 10 thank-you done after exactly 24 h; 11 thank-you done after
48 h; 13 thank-you skipped, feedback request open; 14 thank-you done after 4 h,
feedback request done; 15 none.
"""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import (
    SCORED_DIMENSIONS,
    TrendsFilter,
    _query,
    activity_span,
    application_response,
    application_volume,
    follow_up_discipline,
    funnel,
    performance_trend,
    response_time_by_stage,
    response_time_distribution,
    response_time_summary,
    response_times,
    self_rating_by_outcome,
    undated_applications,
    weakest_dimensions,
    weekly_scores,
)
from data.store.db import Database
from data.store.schema import RATING_DIMENSIONS

APPLICATIONS = [
    (1, "Acme", "Data Engineer", date(2026, 3, 2), date(2026, 3, 5), "interviewing"),
    (2, "Globex", "Analyst", date(2026, 3, 4), date(2026, 3, 4), "rejected"),
    (3, "Initech", "Developer", date(2026, 3, 10), None, "applied"),
    (4, "Umbrella", "Engineer", date(2026, 3, 25), date(2026, 4, 8), "interviewing"),
    (5, "Hooli", "Engineer", date(2026, 4, 1), None, "interviewing"),
    (6, "Stark", "Lead", date(2026, 4, 2), date(2026, 4, 3), "accepted"),
]
INTERVIEWS = [
    (10, 1, "screen", datetime(2026, 3, 9, 10), "advanced", date(2026, 3, 11)),
    (11, 1, "technical", datetime(2026, 3, 16, 14), "pending", None),
    (12, 2, "screen", datetime(2026, 3, 6, 9, 30), "rejected", date(2026, 3, 6)),
    (13, 4, "screen", datetime(2026, 4, 6, 11), "advanced", date(2026, 4, 13)),
    (14, 4, "final", datetime(2026, 4, 15, 16), "offer", date(2026, 4, 20)),
    (15, 5, "screen", datetime(2026, 4, 8, 13), "pending", None),
]
REFLECTIONS = [
    (12, 2, 3, None, 2, 4, None, 2),
    (10, 3, 4, 3, None, 4, 2, 3),
    (11, 4, 4, 4, 3, 5, 3, 4),
    (13, 4, 5, 4, 3, 4, 2, 5),
    (15, 5, None, None, None, None, None, None),
]
FOLLOW_UPS = [
    # interview, application, kind, due_at, done_at, skipped_at
    (12, 2, "thank_you", datetime(2026, 3, 7, 9, 30), datetime(2026, 3, 6, 18), None),
    (12, 2, "thank_you", datetime(2026, 3, 7, 9, 30), datetime(2026, 3, 8, 9), None),
    (12, 2, "feedback_request", datetime(2026, 3, 8, 9), datetime(2026, 3, 8, 10), None),
    (10, 1, "thank_you", datetime(2026, 3, 10, 10), datetime(2026, 3, 10, 10), None),
    (11, 1, "thank_you", datetime(2026, 3, 17, 14), datetime(2026, 3, 18, 14), None),
    (13, 4, "thank_you", datetime(2026, 4, 7, 11), None, datetime(2026, 4, 7, 12)),
    (13, 4, "feedback_request", datetime(2026, 4, 15, 9), None, None),
    (14, 4, "thank_you", datetime(2026, 4, 16, 16), datetime(2026, 4, 15, 20), None),
    (14, 4, "feedback_request", datetime(2026, 4, 22, 9), datetime(2026, 4, 22, 9), None),
]


def write_search(db: Database, applications=APPLICATIONS, interviews=INTERVIEWS, reflections=(), follow_ups=()):
    with db.transaction() as cur:
        for row in applications:
            cur.execute(
                "INSERT INTO applications (id, company, role, applied_on, responded_on, status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                list(row),
            )
        for row in interviews:
            cur.execute(
                "INSERT INTO interviews (id, application_id, stage, format, held_at, outcome, heard_back_on)"
                " VALUES (?, ?, ?, 'video', ?, ?, ?)",
                [row[0], row[1], row[2], row[3], row[4], row[5]],
            )
        for row in reflections:
            cur.execute(
                "INSERT INTO reflections (interview_id, overall, communication, skills, examples, rapport,"
                " questions, preparation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                list(row),
            )
        for row in follow_ups:
            cur.execute(
                "INSERT INTO follow_ups (interview_id, application_id, kind, due_at, done_at, skipped_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                list(row),
            )


@pytest.fixture
def search(db):
    write_search(db, APPLICATIONS, INTERVIEWS, REFLECTIONS, FOLLOW_UPS)
    return db.cursor()


@pytest.fixture
def empty(db):
    return db.cursor()


def rows(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows as plain Python values (dates as dates, missing values as None)."""
    out = []
    for record in frame.astype(object).itertuples(index=False):
        values = []
        for value in record:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                values.append(None)
            elif isinstance(value, pd.Timestamp):
                values.append(value.date() if value == value.normalize() else value.to_pydatetime())
            elif isinstance(value, np.generic):
                values.append(value.item())
            else:
                values.append(value)
        out.append(tuple(values))
    return out


def columns(frame: pd.DataFrame) -> dict[str, list]:
    """The frame's columns in order, each as a list of the plain values `rows` gives (a frame read down, not across)."""
    return {name: [row[i] for row in rows(frame)] for i, name in enumerate(frame.columns)}


def table(frame: pd.DataFrame) -> list[tuple]:
    """The frame as it prints: a row of its column names, then its rows as `rows` gives them."""
    return [tuple(frame.columns), *rows(frame)]


def one_row(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1
    return dict(zip(frame.columns, rows(frame)[0], strict=True))


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value)


# application_volume


def test_application_volume_counts_each_monday_week_with_empty_weeks_as_zeros(search):
    volume = application_volume(search)
    assert list(volume.columns) == ["week", "applications", "interviews"]
    assert rows(volume) == [
        (date(2026, 3, 2), 2, 1),
        (date(2026, 3, 9), 1, 1),
        (date(2026, 3, 16), 0, 1),
        (date(2026, 3, 23), 1, 0),
        (date(2026, 3, 30), 2, 0),
        (date(2026, 4, 6), 0, 2),
        (date(2026, 4, 13), 0, 1),
    ]


def test_application_volume_of_an_empty_database_has_no_weeks(empty):
    volume = application_volume(empty)
    assert list(volume.columns) == ["week", "applications", "interviews"]
    assert volume.empty


def test_application_volume_of_one_application_on_a_sunday_is_that_monday_week(db):
    write_search(db, [(1, "Acme", "Analyst", date(2026, 3, 8), None, "applied")], [])
    assert rows(application_volume(db.cursor())) == [(date(2026, 3, 2), 1, 0)]


def test_application_volume_by_company_and_date_range(search):
    assert rows(application_volume(search, where=TrendsFilter(company="Acme"))) == [
        (date(2026, 3, 2), 1, 0),
        (date(2026, 3, 9), 0, 1),
        (date(2026, 3, 16), 0, 1),
    ]
    assert rows(application_volume(search, where=TrendsFilter(start=date(2026, 3, 9), end=date(2026, 3, 31)))) == [
        (date(2026, 3, 9), 1, 1),
        (date(2026, 3, 16), 0, 1),
        (date(2026, 3, 23), 1, 0),
    ]


def test_application_volume_stage_filter_narrows_interviews_only(search):
    volume = application_volume(search, where=TrendsFilter(stage="final"))
    assert volume["applications"].sum() == 6
    assert rows(volume[volume["interviews"] > 0]) == [(date(2026, 4, 13), 0, 1)]


# response_times


def test_response_times_lists_answered_interviews_in_date_order(search):
    times = response_times(search)
    assert table(times) == [
        ("interview_id", "company", "role", "stage", "interview_date", "heard_back_on", "days", "outcome"),
        (12, "Globex", "Analyst", "screen", date(2026, 3, 6), date(2026, 3, 6), 0, "rejected"),
        (10, "Acme", "Data Engineer", "screen", date(2026, 3, 9), date(2026, 3, 11), 2, "advanced"),
        (13, "Umbrella", "Engineer", "screen", date(2026, 4, 6), date(2026, 4, 13), 7, "advanced"),
        (14, "Umbrella", "Engineer", "final", date(2026, 4, 15), date(2026, 4, 20), 5, "offer"),
    ]


def test_response_times_on_the_same_date_are_ordered_by_interview_id(db):
    technical = (8, 1, "technical", datetime(2026, 3, 9, 16), "advanced", date(2026, 3, 9))
    screen = (7, 1, "screen", datetime(2026, 3, 9, 9), "advanced", date(2026, 3, 10))
    write_search(db, [(1, "Acme", "Analyst", date(2026, 3, 2), None, "interviewing")], [technical, screen])
    assert rows(response_times(db.cursor())[["interview_id", "days"]]) == [(7, 1), (8, 0)]


def test_response_times_filtered_by_stage_and_company(search):
    assert response_times(search, where=TrendsFilter(stage="screen"))["interview_id"].tolist() == [12, 10, 13]
    assert response_times(search, where=TrendsFilter(company="Umbrella", stage="final"))["interview_id"].tolist() == [
        14
    ]
    assert response_times(search, where=TrendsFilter(company="Nobody")).empty


def test_response_times_of_an_empty_database(empty):
    assert response_times(empty).empty


# response_time_summary


def test_response_time_summary_by_hand(search):
    summary = one_row(response_time_summary(search, today=date(2026, 4, 20)))
    # days 0, 2, 5, 7: median 3.5; p90 at position 2.7 of 0..3 is 5 + 0.7 * 2 = 6.4
    assert summary == {
        "responses": 4,
        "median_days": approx(3.5),
        "p90_days": approx(6.4),
        "waiting": 2,
        "longest_wait_days": 35,
    }
    assert summary["p90_days"] == pytest.approx(np.percentile([0, 2, 5, 7], 90))


def test_an_interview_held_today_is_not_yet_waiting(search):
    summary = one_row(response_time_summary(search, today=date(2026, 4, 8)))
    assert (summary["waiting"], summary["longest_wait_days"]) == (1, 23)


def test_response_time_summary_of_an_empty_database(empty):
    assert one_row(response_time_summary(empty, today=date(2026, 4, 20))) == {
        "responses": 0,
        "median_days": None,
        "p90_days": None,
        "waiting": 0,
        "longest_wait_days": None,
    }


def test_one_same_day_answer_has_median_and_p90_of_zero(db):
    write_search(
        db,
        [(1, "Acme", "Analyst", date(2026, 3, 2), None, "rejected")],
        [(1, 1, "screen", datetime(2026, 3, 9, 23, 30), "rejected", date(2026, 3, 9))],
    )
    summary = one_row(response_time_summary(db.cursor(), today=date(2026, 4, 1)))
    assert summary == {"responses": 1, "median_days": 0, "p90_days": 0, "waiting": 0, "longest_wait_days": None}


def test_response_time_summary_today_defaults_to_the_local_date(search):
    assert rows(response_time_summary(search)) == rows(response_time_summary(search, today=date.today()))


# application_response


def test_application_response_by_hand(search):
    # responded: 1 (3 days), 2 (0 days), 4 (14 days), 6 (1 day), and 5 (no reply date, but an
    # interview is an answer); median over the known reply dates: of 0, 1, 3, 14 is 2
    assert one_row(application_response(search)) == {
        "applications": 6,
        "responded": 5,
        "response_rate": approx(5 / 6),
        "median_days_to_response": approx(2.0),
    }


def test_application_response_in_a_date_range_counts_applications_applied_in_it(search):
    assert one_row(application_response(search, where=TrendsFilter(start=date(2026, 3, 4), end=date(2026, 3, 25)))) == {
        "applications": 3,
        "responded": 2,
        "response_rate": approx(2 / 3),
        "median_days_to_response": approx(7.0),
    }


def test_application_response_of_an_empty_database(empty):
    assert one_row(application_response(empty)) == {
        "applications": 0,
        "responded": 0,
        "response_rate": None,
        "median_days_to_response": None,
    }


# performance_trend


def test_the_scored_dimensions_are_the_schemas_rating_dimensions():
    assert SCORED_DIMENSIONS == RATING_DIMENSIONS


def test_performance_trend_columns_and_one_row_per_scored_dimension(search):
    trend = performance_trend(search)
    assert list(trend) == ["interview_id", "interview_date", "company", "stage", "dimension", "score", "rolling_mean"]
    # 12 scores 5 dimensions, 10 six, 11 and 13 all seven, 15 only overall
    assert len(trend) == 26
    assert rows(trend[trend["interview_id"] == 12][["dimension", "score"]]) == [
        ("overall", 2),
        ("communication", 3),
        ("examples", 2),
        ("rapport", 4),
        ("preparation", 2),
    ]
    assert rows(trend.head(1)) == [(12, date(2026, 3, 6), "Globex", "screen", "overall", 2, 2.0)]


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("overall", [(12, 2, 2), (10, 3, 2.5), (11, 4, 3), (13, 4, 11 / 3), (15, 5, 13 / 3)]),
        # interview 12 left skills blank: the mean starts at interview 10
        ("skills", [(10, 3, 3), (11, 4, 3.5), (13, 4, 11 / 3)]),
        # interview 10 left examples blank: it is skipped, not counted as a score
        ("examples", [(12, 2, 2), (11, 3, 2.5), (13, 3, 8 / 3)]),
    ],
)
def test_performance_trend_rolling_mean_of_the_last_three_scores(search, dimension, expected):
    trend = performance_trend(search)
    chosen = trend[trend["dimension"] == dimension]
    assert rows(chosen[["interview_id", "score"]]) == [(i, s) for i, s, _ in expected]
    assert chosen["rolling_mean"].tolist() == pytest.approx([m for _, _, m in expected])


def test_performance_trend_with_a_window_of_one_is_the_score_itself(search):
    trend = performance_trend(search, window=1)
    assert trend["rolling_mean"].tolist() == pytest.approx(trend["score"].astype(float).tolist())


def test_performance_trend_for_one_dimension_matches_the_full_trend(search):
    rapport = performance_trend(search, dimension="rapport")
    full = performance_trend(search)
    assert rows(rapport) == rows(full[full["dimension"] == "rapport"].reset_index(drop=True))
    assert rapport["rolling_mean"].tolist() == pytest.approx([4, 4, 13 / 3, 13 / 3])


def test_performance_trend_filtered_to_a_company_starts_its_mean_afresh(search):
    overall = performance_trend(search, dimension="overall", where=TrendsFilter(company="Acme"))
    assert rows(overall[["interview_id", "score", "rolling_mean"]]) == [(10, 3, 3.0), (11, 4, 3.5)]


def test_performance_trend_orders_interviews_at_the_same_time_by_id(db):
    held = datetime(2026, 3, 9, 10)
    write_search(
        db,
        [(1, "Acme", "Analyst", date(2026, 3, 2), None, "interviewing")],
        [(21, 1, "panel", held, "pending", None), (20, 1, "panel", held, "pending", None)],
        # written in the opposite order of the ids
        [(21, 5, None, None, None, None, None, None), (20, 1, None, None, None, None, None, None)],
    )
    trend = performance_trend(db.cursor(), window=2)
    assert rows(trend[["interview_id", "score", "rolling_mean"]]) == [(20, 1, 1.0), (21, 5, 3.0)]


def test_performance_trend_of_an_empty_database(empty):
    assert performance_trend(empty).empty


@pytest.mark.parametrize("window", [0, -2, 1.5, True])
def test_performance_trend_refuses_a_window_that_is_not_a_positive_whole_number(search, window):
    with pytest.raises(ValueError, match="window"):
        performance_trend(search, window=window)


def test_performance_trend_refuses_an_unknown_dimension(search):
    with pytest.raises(ValueError, match="dimension"):
        performance_trend(search, dimension="stress")


# funnel


def test_funnel_by_hand(search):
    # responded: 1, 2, 4, 6 by reply and 5 by its interview; interviewed: 1, 2, 4, 5;
    # offer: 4 by its final interview, 6 by its status
    result = funnel(search)
    assert list(result.columns) == ["stage", "applications", "rate"]
    assert rows(result[["stage", "applications"]]) == [
        ("applied", 6),
        ("responded", 5),
        ("interviewed", 4),
        ("offer", 2),
    ]
    assert result["rate"].tolist() == pytest.approx([1, 5 / 6, 4 / 6, 2 / 6])


def test_funnel_at_a_stage_counts_applications_interviewed_at_that_stage(search):
    assert funnel(search, where=TrendsFilter(stage="final"))["applications"].tolist() == [6, 5, 1, 2]


def test_funnel_in_a_date_range_follows_the_applications_applied_in_it(search):
    # applications 3 and 4; 4's interviews in April count although they are after the range
    assert funnel(search, where=TrendsFilter(start=date(2026, 3, 9), end=date(2026, 3, 31)))[
        "applications"
    ].tolist() == [2, 1, 1, 1]


def test_funnel_with_every_filter_at_once(search):
    # Umbrella applied 03-25, in the range; its final interview (04-15, an offer) counts although after the range
    where = TrendsFilter(start=date(2026, 3, 1), end=date(2026, 3, 31), company="Umbrella", stage="final")
    assert funnel(search, where=where)["applications"].tolist() == [1, 1, 1, 1]
    no_technical = funnel(search, where=TrendsFilter(company="Umbrella", stage="technical"))
    assert no_technical["applications"].tolist() == [1, 1, 0, 1]


def test_funnel_of_an_empty_database_has_four_rows_of_zero(empty):
    result = funnel(empty)
    assert rows(result) == [("applied", 0, None), ("responded", 0, None), ("interviewed", 0, None), ("offer", 0, None)]


def test_funnel_counts_an_application_once_however_many_interviews(db):
    screen = (1, 1, "screen", datetime(2026, 3, 9, 9), "advanced", date(2026, 3, 10))
    final = (2, 1, "final", datetime(2026, 3, 16, 9), "offer", date(2026, 3, 17))
    write_search(db, [(1, "Acme", "Analyst", date(2026, 3, 2), None, "offer")], [screen, final])
    assert rows(funnel(db.cursor())) == [
        ("applied", 1, 1.0),
        ("responded", 1, 1.0),
        ("interviewed", 1, 1.0),
        ("offer", 1, 1.0),
    ]


# follow_up_discipline


# The search's follow-up discipline on 2026-04-16 at 15:00, by hand.
# Held by 2026-04-15 15:00: 12, 10, 11, 13, 15 (14 only 23 hours before).
# On time: 12 (8.5 h; its later note does not matter) and 10 (exactly 24 h).
# Hours to the first done note: 8.5, 24, 48; 13's was skipped, 15 has none.
DISCIPLINE_ON_16_APRIL_AT_3PM = {
    "interviews": 5,
    "thank_you_on_time": 2,
    "on_time_rate": approx(0.4),
    "median_hours_to_thank_you": approx(24.0),
    "feedback_requested": 1,
    "thank_you_missed": 0,
    "follow_ups_missed": 0,
}


def test_follow_up_discipline_by_hand(search):
    assert one_row(follow_up_discipline(search, now=datetime(2026, 4, 16, 15))) == DISCIPLINE_ON_16_APRIL_AT_3PM


def test_an_interview_held_exactly_24_hours_ago_counts(search):
    # 14 joins: its note after 4 h is on time and its feedback request was done
    assert one_row(follow_up_discipline(search, now=datetime(2026, 4, 16, 16))) == {
        "interviews": 6,
        "thank_you_on_time": 3,
        "on_time_rate": approx(0.5),
        "median_hours_to_thank_you": approx((8.5 + 24) / 2),
        "feedback_requested": 2,
        "thank_you_missed": 0,
        "follow_ups_missed": 0,
    }


def test_follow_up_discipline_for_one_company(search):
    assert one_row(follow_up_discipline(search, now=datetime(2026, 5, 1), where=TrendsFilter(company="Acme"))) == {
        "interviews": 2,
        "thank_you_on_time": 1,
        "on_time_rate": approx(0.5),
        "median_hours_to_thank_you": approx(36.0),
        "feedback_requested": 0,
        "thank_you_missed": 0,
        "follow_ups_missed": 0,
    }


def test_follow_up_discipline_of_an_empty_database(empty):
    assert one_row(follow_up_discipline(empty, now=datetime(2026, 4, 16))) == {
        "interviews": 0,
        "thank_you_on_time": 0,
        "on_time_rate": None,
        "median_hours_to_thank_you": None,
        "feedback_requested": 0,
        "thank_you_missed": 0,
        "follow_ups_missed": 0,
    }


def test_follow_up_discipline_counts_thank_yous_made_by_saving_an_interview(filled_db):
    """Saving interviews with interviewers plans open thank-yous: open is not done."""
    db, ids = filled_db
    con = db.cursor()
    assert one_row(follow_up_discipline(con, now=datetime(2026, 4, 1)))["thank_you_on_time"] == 0
    with db.transaction() as cur:
        cur.execute(
            "UPDATE follow_ups SET done_at = TIMESTAMP '2026-03-09 15:00'"
            " WHERE interview_id = ? AND kind = 'thank_you'",
            [ids["acme_screen"]],
        )
    assert one_row(follow_up_discipline(con, now=datetime(2026, 4, 1))) == {
        "interviews": 3,
        "thank_you_on_time": 1,
        "on_time_rate": approx(1 / 3),
        "median_hours_to_thank_you": approx(5.0),
        "feedback_requested": 0,
        "thank_you_missed": 2,  # Sam Ortiz and Dana Lee for the technical, Kim Park: open past 3 days
        "follow_ups_missed": 3,
    }


# Beyond the seven


def test_response_time_distribution_fills_every_day_up_to_the_longest(search):
    distribution = response_time_distribution(search)
    assert list(distribution.columns) == ["days", "interviews"]
    assert rows(distribution) == [(0, 1), (1, 0), (2, 1), (3, 0), (4, 0), (5, 1), (6, 0), (7, 1)]
    assert response_time_distribution(search, where=TrendsFilter(company="Nobody")).empty


def test_response_time_by_stage_in_stage_order(search):
    assert rows(response_time_by_stage(search)) == [("screen", 3, 2.0, 0, 7), ("final", 1, 5.0, 5, 5)]


def test_self_rating_by_outcome_in_outcome_order(search):
    assert rows(self_rating_by_outcome(search)) == [
        ("pending", 2, 4.5, 4, 5),
        ("advanced", 2, 3.5, 3, 4),
        ("rejected", 1, 2.0, 2, 2),
    ]


def test_weakest_dimensions_over_the_last_three_reflections_with_ties_in_dimension_order(search):
    # reflections 15, 13, 11: 15 scored only overall
    assert columns(weakest_dimensions(search, last=3)) == {
        "dimension": ["questions", "examples", "skills", "communication", "rapport", "preparation"],
        "mean_score": [2.5, 3.0, 4.0, 4.5, 4.5, 4.5],
        "scores": [2, 2, 2, 2, 2, 2],
    }


def test_weakest_dimensions_of_an_empty_database(empty):
    assert weakest_dimensions(empty).empty


def test_weekly_scores_average_each_week_and_roll_over_weeks(search):
    # overall: week of 2 Mar: 2; 9 Mar: 3; 16 Mar: 4; 6 Apr: 4 and 5
    assert rows(weekly_scores(search, "overall", window=2)) == [
        (date(2026, 3, 2), 1, 2.0, 2.0),
        (date(2026, 3, 9), 1, 3.0, 2.5),
        (date(2026, 3, 16), 1, 4.0, 3.5),
        (date(2026, 4, 6), 2, 4.5, 4.25),
    ]


def test_weekly_scores_of_a_dimension_leave_out_the_reflections_that_did_not_score_it(search):
    # examples: 12 scored 2 (week of 2 Mar), 10 left it blank, 11 scored 3 (16 Mar), 13 scored 3 (6 Apr), 15 blank
    assert rows(weekly_scores(search, "examples")) == [
        (date(2026, 3, 2), 1, 2.0, 2.0),
        (date(2026, 3, 16), 1, 3.0, 2.5),
        (date(2026, 4, 6), 1, 3.0, approx(8 / 3)),
    ]


def test_weakest_dimensions_over_more_reflections_than_there_are_takes_them_all(search):
    assert columns(weakest_dimensions(search, last=50)) == {
        "dimension": ["questions", "examples", "preparation", "skills", "communication", "rapport"],
        "mean_score": [approx(7 / 3), approx(8 / 3), 3.5, approx(11 / 3), 4.0, 4.25],
        "scores": [3, 3, 4, 3, 4, 4],
    }


def test_weakest_dimensions_of_one_company(search):
    # Acme's reflections, 10 and 11; skills and preparation tie at 3.5, in the order of the dimensions
    assert columns(weakest_dimensions(search, where=TrendsFilter(company="Acme"))) == {
        "dimension": ["questions", "examples", "skills", "preparation", "communication", "rapport"],
        "mean_score": [2.5, 3.0, 3.5, 3.5, 4.0, 4.5],
        "scores": [2, 1, 2, 2, 2, 2],
    }


def test_follow_up_discipline_counts_only_thank_you_notes_and_feedback_requests(db):
    status_check = (15, 5, "status_check", datetime(2026, 4, 9, 13), datetime(2026, 4, 9, 14), None)
    write_search(db, APPLICATIONS, INTERVIEWS, REFLECTIONS, [*FOLLOW_UPS, status_check])
    assert one_row(follow_up_discipline(db.cursor(), now=datetime(2026, 4, 16, 15))) == DISCIPLINE_ON_16_APRIL_AT_3PM


def test_undated_applications_follow_the_company_but_not_the_dates_or_the_stage(search, db):
    with db.transaction() as cur:
        cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (7, 'Acme', 'Analyst', NULL)")
        cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (8, 'Hooli', 'Analyst', NULL)")
    assert undated_applications(search) == 2
    assert undated_applications(search, where=TrendsFilter(company="Acme")) == 1
    dated = TrendsFilter(start=date(2026, 3, 1), end=date(2026, 3, 31), company="Acme", stage="final")
    assert undated_applications(search, where=dated) == 1
    assert undated_applications(search, where=TrendsFilter(company="Nobody")) == 0


def test_a_metrics_own_value_may_not_take_a_filters_name(search):
    with pytest.raises(ValueError, match="company"):
        _query(search, TrendsFilter(company="Acme"), (), "SELECT $company AS company", company="Globex")


def test_activity_span_includes_applications_and_interviews(search):
    assert one_row(activity_span(search)) == {"first_day": date(2026, 3, 2), "last_day": date(2026, 4, 15)}


def test_activity_span_of_an_empty_database(empty):
    assert one_row(activity_span(empty)) == {"first_day": None, "last_day": None}


def test_a_company_name_with_quotes_is_a_value_not_sql(db):
    name = 'O\'Brien "& Sons"; DROP TABLE applications; --'
    write_search(db, [(1, name, "Analyst", date(2026, 3, 2), None, "applied")], [])
    assert one_row(application_response(db.cursor(), where=TrendsFilter(company=name)))["applications"] == 1


def test_interviews_of_a_company_with_quotes_in_its_name_are_chosen_by_value(db):
    name = 'O\'Brien "& Sons"; DROP TABLE interviews; --'
    write_search(
        db,
        [
            (1, name, "Analyst", date(2026, 3, 2), None, "interviewing"),
            (2, "Acme", "Analyst", date(2026, 3, 2), None, "applied"),
        ],
        [
            (1, 1, "screen", datetime(2026, 3, 9, 10), "advanced", date(2026, 3, 12)),
            (2, 2, "screen", datetime(2026, 3, 9, 11), "advanced", date(2026, 3, 10)),
        ],
    )
    summary = one_row(response_time_summary(db.cursor(), today=date(2026, 4, 1), where=TrendsFilter(company=name)))
    assert (summary["responses"], summary["median_days"]) == (1, 3.0)
    assert rows(response_times(db.cursor(), where=TrendsFilter(company=name))[["interview_id", "company"]]) == [
        (1, name)
    ]


def test_every_metric_reads_a_read_only_database(db_path, db):
    write_search(db, APPLICATIONS, INTERVIEWS, REFLECTIONS, FOLLOW_UPS)
    db.close()
    read_only = Database(db_path, read_only=True)
    try:
        con = read_only.cursor()
        assert len(application_volume(con)) == 7
        assert len(response_times(con)) == 4
        assert one_row(response_time_summary(con, today=date(2026, 4, 20)))["waiting"] == 2
        assert one_row(application_response(con))["applications"] == 6
        assert len(performance_trend(con)) == 26
        assert len(funnel(con)) == 4
        assert one_row(follow_up_discipline(con, now=datetime(2026, 4, 16, 15)))["interviews"] == 5
    finally:
        read_only.close()
