"""The job search in numbers: read-only DuckDB queries that each answer one question.

Every function takes a connection to a Debrief database (a cursor from
`Database.cursor()`), never writes, binds every value as a parameter, and
returns a small pandas DataFrame with the columns its docstring names.

Most take the same optional, keyword-only filters:

- `start`, `end` (dates, inclusive): an application counts when its `applied_on`
  is in the range, an interview when the date of its `held_at` is;
- `company`: only applications to that company (exact name) and their interviews;
- `stage`: only interviews at that stage. Counts of applications as such are not
  narrowed by stage; where a function uses interviews to classify applications,
  its docstring says how the stage applies.

Dates are local wall-clock dates; days between two dates are whole calendar days.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from data.schema import INTERVIEW_OUTCOMES, INTERVIEW_STAGES, RATING_DIMENSIONS

# The filtered applications and interviews every query starts from. A NULL
# parameter means "no filter"; each value is bound, never written into the text.
_CHOSEN = """
    chosen_applications AS (
        SELECT *
        FROM applications
        WHERE ($company IS NULL OR company = $company)
          AND ($start IS NULL OR applied_on >= $start)
          AND ($end IS NULL OR applied_on <= $end)
    ),
    chosen_interviews AS (
        SELECT i.*, CAST(i.held_at AS DATE) AS interview_date, a.company, a.role
        FROM interviews i
        JOIN applications a ON a.id = i.application_id
        WHERE ($company IS NULL OR a.company = $company)
          AND ($stage IS NULL OR i.stage = $stage)
          AND ($start IS NULL OR CAST(i.held_at AS DATE) >= $start)
          AND ($end IS NULL OR CAST(i.held_at AS DATE) <= $end)
    )
"""

# Every reflection's scores in long form: one row per reflection and scored
# dimension (a blank dimension has no row); `position` orders the dimensions.
_SCORES = """
    scores AS (
        SELECT i.id AS interview_id, i.held_at, i.interview_date, i.company, i.stage, i.outcome,
               d.dimension, d.position, d.score
        FROM chosen_interviews i
        JOIN reflections r ON r.interview_id = i.id,
        LATERAL (VALUES ('overall', 1, r.overall), ('communication', 2, r.communication),
                        ('skills', 3, r.skills), ('examples', 4, r.examples), ('rapport', 5, r.rapport),
                        ('questions', 6, r.questions), ('preparation', 7, r.preparation)
                ) AS d(dimension, position, score)
        WHERE d.score IS NOT NULL
    )
"""

# The dimensions named in _SCORES, in its order; a test checks they match the schema.
SCORED_DIMENSIONS = RATING_DIMENSIONS


def _check_dimension(dimension: str | None, *, allow_none: bool = False) -> None:
    if dimension is None and allow_none:
        return
    if dimension not in SCORED_DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(SCORED_DIMENSIONS)}, not {dimension!r}")


def _query(
    con: duckdb.DuckDBPyConnection,
    ctes: tuple[str, ...],
    body: str,
    *,
    start: date | None,
    end: date | None,
    company: str | None,
    stage: str | None,
    **values: object,
) -> pd.DataFrame:
    """Run `WITH <ctes> <body>` with the filters and `values` bound as named parameters."""
    # Only fixed SQL fragments of this module are joined here; every value is bound.
    sql = "WITH " + ",\n".join(ctes) + "\n" + body
    params = {"start": start, "end": end, "company": company, "stage": stage, **values}
    return con.execute(sql, params).df()


def application_volume(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Applications and interviews per week, weeks starting on Monday.

    One row per week from the earliest to the latest week that holds an
    application (by `applied_on`) or an interview (by the date of `held_at`);
    weeks in between with neither are included with zeros. No rows when there
    is nothing. The stage filter narrows the interviews only.

    Columns: `week` (the date of that Monday), `applications`, `interviews`.
    """
    return _query(
        con,
        (
            _CHOSEN,
            """
            weekly_applications AS (
                SELECT CAST(date_trunc('week', applied_on) AS DATE) AS week, count(*) AS n
                FROM chosen_applications GROUP BY 1
            )""",
            """
            weekly_interviews AS (
                SELECT CAST(date_trunc('week', interview_date) AS DATE) AS week, count(*) AS n
                FROM chosen_interviews GROUP BY 1
            )""",
            """
            weeks AS (
                SELECT CAST(unnest(generate_series(min(week), max(week), INTERVAL 7 DAY)) AS DATE) AS week
                FROM (SELECT week FROM weekly_applications UNION ALL SELECT week FROM weekly_interviews)
                HAVING count(*) > 0
            )""",
        ),
        """
        SELECT w.week, coalesce(a.n, 0) AS applications, coalesce(i.n, 0) AS interviews
        FROM weeks w
        LEFT JOIN weekly_applications a ON a.week = w.week
        LEFT JOIN weekly_interviews i ON i.week = w.week
        ORDER BY w.week
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
    )


def response_times(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """How long each interview took to answer: one row per interview with a `heard_back_on` date.

    `days` is the number of whole days from the date of the interview's
    `held_at` to `heard_back_on` (an answer on the day of the interview is 0).
    Ordered by `interview_date`, then `interview_id`.

    Columns: `interview_id`, `company`, `role`, `stage`, `interview_date`,
    `heard_back_on`, `days`, `outcome`.
    """
    return _query(
        con,
        (_CHOSEN,),
        """
        SELECT id AS interview_id, company, role, stage, interview_date, heard_back_on,
               datediff('day', interview_date, heard_back_on) AS days, outcome
        FROM chosen_interviews
        WHERE heard_back_on IS NOT NULL
        ORDER BY interview_date, interview_id
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
    )


def response_time_summary(
    con: duckdb.DuckDBPyConnection,
    today: date | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """How long answers take and who is still waiting: one row.

    - `responses`: interviews with a `heard_back_on` date (the rows of `response_times`);
    - `median_days`, `p90_days`: the median and 90th percentile of their `days`,
      as continuous quantiles (linear interpolation, numpy's default percentile);
      null when there are no responses;
    - `waiting`: interviews with outcome `pending`, no `heard_back_on`, held on a
      date before `today`;
    - `longest_wait_days`: whole days from the date of the oldest of those to
      `today`; null when none is waiting.

    `today` defaults to the local date.
    """
    return _query(
        con,
        (_CHOSEN,),
        """
        SELECT
            count(heard_back_on) AS responses,
            median(datediff('day', interview_date, heard_back_on)) AS median_days,
            quantile_cont(datediff('day', interview_date, heard_back_on), 0.9) AS p90_days,
            count(*) FILTER (WHERE outcome = 'pending' AND heard_back_on IS NULL AND interview_date < $today)
                AS waiting,
            datediff('day',
                     min(interview_date) FILTER (
                         WHERE outcome = 'pending' AND heard_back_on IS NULL AND interview_date < $today),
                     $today) AS longest_wait_days
        FROM chosen_interviews
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        today=today or date.today(),
    )


def application_response(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """How many applications got an answer, and how fast: one row.

    - `applications`: every application (in the filters; stage does not apply);
    - `responded`: those with a `responded_on` date;
    - `response_rate`: `responded / applications`; null when there are none;
    - `median_days_to_response`: median whole days from `applied_on` to
      `responded_on` over those that responded (continuous); null when none did.
    """
    return _query(
        con,
        (_CHOSEN,),
        """
        SELECT
            count(*) AS applications,
            count(responded_on) AS responded,
            CAST(count(responded_on) AS DOUBLE) / nullif(count(*), 0) AS response_rate,
            median(datediff('day', applied_on, responded_on)) AS median_days_to_response
        FROM chosen_applications
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
    )


def performance_trend(
    con: duckdb.DuckDBPyConnection,
    window: int = 3,
    *,
    dimension: str | None = None,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Self-assessment scores over time, with a rolling mean per dimension.

    One row per reflection and dimension (overall, communication, skills,
    examples, rapport, questions, preparation) that has a score; a blank
    dimension has no row. `rolling_mean` is the mean of this score and the
    previous `window - 1` scores of the same dimension, in order of the
    interview's `held_at`, then interview id (fewer at the start). The filters
    choose the interviews first; the rolling mean runs over the chosen ones.
    Ordered by `held_at`, interview id, then dimension in the order above.
    `dimension`, when given, keeps only that dimension's rows.

    Columns: `interview_id`, `interview_date` (the date of `held_at`),
    `company`, `stage`, `dimension`, `score`, `rolling_mean`.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of at least 1, not {window!r}")
    _check_dimension(dimension, allow_none=True)
    return _query(
        con,
        (_CHOSEN, _SCORES),
        """
        SELECT interview_id, interview_date, company, stage, dimension, score,
               avg(score) OVER (
                   PARTITION BY dimension ORDER BY held_at, interview_id
                   ROWS BETWEEN $preceding PRECEDING AND CURRENT ROW
               ) AS rolling_mean
        FROM scores
        WHERE $dimension IS NULL OR dimension = $dimension
        ORDER BY held_at, interview_id, position
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        preceding=window - 1,
        dimension=dimension,
    )


def funnel(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """How far applications get: four rows, in order.

    - `applied`: every application (applied in the date range);
    - `responded`: with a `responded_on` date, or at least one interview;
    - `interviewed`: with at least one interview (at `stage`, when given);
    - `offer`: status `offer` or `accepted`, or any interview with outcome `offer`.

    The date range picks the applications by `applied_on`; their interviews
    count whenever they were held. `rate` is each count's share of all the
    applications (null when there are none).

    Columns: `stage`, `applications`, `rate`.
    """
    return _query(
        con,
        (
            _CHOSEN,
            """
            per_application AS (
                SELECT a.id, a.responded_on, a.status,
                       count(i.id) AS interviews,
                       count(i.id) FILTER (WHERE $stage IS NULL OR i.stage = $stage) AS interviews_at_stage,
                       count(i.id) FILTER (WHERE i.outcome = 'offer') AS offers
                FROM chosen_applications a
                LEFT JOIN interviews i ON i.application_id = a.id
                GROUP BY a.id, a.responded_on, a.status
            )""",
            """
            totals AS (
                SELECT count(*) AS applied,
                       count(*) FILTER (WHERE responded_on IS NOT NULL OR interviews > 0) AS responded,
                       count(*) FILTER (WHERE interviews_at_stage > 0) AS interviewed,
                       count(*) FILTER (WHERE status IN ('offer', 'accepted') OR offers > 0) AS offer
                FROM per_application
            )""",
        ),
        """
        SELECT step.stage, step.applications,
               CAST(step.applications AS DOUBLE) / nullif(totals.applied, 0) AS rate
        FROM totals,
        LATERAL (VALUES (1, 'applied', totals.applied), (2, 'responded', totals.responded),
                        (3, 'interviewed', totals.interviewed), (4, 'offer', totals.offer)
                ) AS step(position, stage, applications)
        ORDER BY step.position
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
    )


def follow_up_discipline(
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Whether thank-you notes go out within a day, and feedback gets asked for: one row.

    Over the interviews held at least 24 hours before `now` (default: the local time now):

    - `interviews`: how many;
    - `thank_you_on_time`: those whose earliest done thank-you (by `done_at`) was
      done no later than 24 hours after `held_at`;
    - `on_time_rate`: `thank_you_on_time / interviews`; null when there are none;
    - `median_hours_to_thank_you`: over those with a done thank-you, the median
      of the hours from `held_at` to the earliest one (continuous; null when none);
    - `feedback_requested`: those with a done feedback request.

    Skipped and open follow-ups do not count as done.
    """
    return _query(
        con,
        (
            _CHOSEN,
            """
            per_interview AS (
                SELECT i.id, i.held_at,
                       min(f.done_at) FILTER (WHERE f.kind = 'thank_you') AS first_thank_you,
                       count(f.id) FILTER (WHERE f.kind = 'feedback_request') AS feedback_requests
                FROM chosen_interviews i
                LEFT JOIN follow_ups f ON f.interview_id = i.id AND f.done_at IS NOT NULL
                WHERE i.held_at <= $now - INTERVAL 24 HOUR
                GROUP BY i.id, i.held_at
            )""",
        ),
        """
        SELECT
            count(*) AS interviews,
            count(*) FILTER (WHERE first_thank_you <= held_at + INTERVAL 24 HOUR) AS thank_you_on_time,
            CAST(count(*) FILTER (WHERE first_thank_you <= held_at + INTERVAL 24 HOUR) AS DOUBLE)
                / nullif(count(*), 0) AS on_time_rate,
            median(epoch(first_thank_you - held_at) / 3600.0) AS median_hours_to_thank_you,
            count(*) FILTER (WHERE feedback_requests > 0) AS feedback_requested
        FROM per_interview
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        now=now or datetime.now(),
    )


# Beyond the seven: what the Trends page draws besides them.


def response_time_distribution(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """How many interviews answered after each number of days, for a histogram.

    One row for every whole number of days from 0 to the longest `days` of
    `response_times` (a count of 0 where none took that long); no rows when
    there are no responses. Columns: `days`, `interviews`.
    """
    return _query(
        con,
        (
            _CHOSEN,
            """
            answered AS (
                SELECT datediff('day', interview_date, heard_back_on) AS days
                FROM chosen_interviews WHERE heard_back_on IS NOT NULL
            )""",
            """
            every_day AS (
                SELECT unnest(range(0, max(days) + 1)) AS days FROM answered HAVING count(*) > 0
            )""",
        ),
        """
        SELECT e.days, count(a.days) AS interviews
        FROM every_day e LEFT JOIN answered a ON a.days = e.days
        GROUP BY e.days
        ORDER BY e.days
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
    )


def response_time_by_stage(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Days to hear back per interview stage, over the rows of `response_times`.

    One row per stage that has a response, in the schema's order of stages.
    Columns: `stage`, `responses`, `median_days` (continuous median),
    `shortest_days`, `longest_days`.
    """
    return _query(
        con,
        (_CHOSEN,),
        """
        SELECT stage,
               count(*) AS responses,
               median(datediff('day', interview_date, heard_back_on)) AS median_days,
               min(datediff('day', interview_date, heard_back_on)) AS shortest_days,
               max(datediff('day', interview_date, heard_back_on)) AS longest_days
        FROM chosen_interviews
        WHERE heard_back_on IS NOT NULL
        GROUP BY stage
        ORDER BY list_position($stages, stage)
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        stages=list(INTERVIEW_STAGES),
    )


def self_rating_by_outcome(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Does feeling good predict advancing? The overall self-rating per interview outcome.

    Over interviews with a reflection: one row per outcome that has any, in the
    schema's order of outcomes (pending first). Columns: `outcome`,
    `interviews`, `mean_overall`, `lowest_overall`, `highest_overall`.
    """
    return _query(
        con,
        (_CHOSEN,),
        """
        SELECT i.outcome,
               count(*) AS interviews,
               avg(r.overall) AS mean_overall,
               min(r.overall) AS lowest_overall,
               max(r.overall) AS highest_overall
        FROM chosen_interviews i
        JOIN reflections r ON r.interview_id = i.id
        GROUP BY i.outcome
        ORDER BY list_position($outcomes, i.outcome)
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        outcomes=list(INTERVIEW_OUTCOMES),
    )


def weakest_dimensions(
    con: duckdb.DuckDBPyConnection,
    last: int = 5,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """Which part of interviewing needs work lately: the dimensions, weakest first.

    Over the `last` most recent reflections (by the interview's `held_at`, then
    interview id), the mean score of each dimension other than `overall` that
    any of them scored. Ordered by mean score, lowest first; ties in the order
    of the dimensions (communication, skills, examples, rapport, questions,
    preparation). Columns: `dimension`, `mean_score`, `scores` (how many of
    those reflections scored it).
    """
    if isinstance(last, bool) or not isinstance(last, int) or last < 1:
        raise ValueError(f"last must be a whole number of at least 1, not {last!r}")
    return _query(
        con,
        (
            _CHOSEN,
            _SCORES,
            """
            recent AS (
                SELECT DISTINCT interview_id, held_at FROM scores
                ORDER BY held_at DESC, interview_id DESC LIMIT $last
            )""",
        ),
        """
        SELECT s.dimension, avg(s.score) AS mean_score, count(*) AS scores
        FROM scores s
        JOIN recent USING (interview_id)
        WHERE s.dimension <> 'overall'
        GROUP BY s.dimension, s.position
        ORDER BY mean_score, s.position
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        last=last,
    )


def weekly_scores(
    con: duckdb.DuckDBPyConnection,
    dimension: str,
    window: int = 3,
    *,
    start: date | None = None,
    end: date | None = None,
    company: str | None = None,
    stage: str | None = None,
) -> pd.DataFrame:
    """One dimension's scores per week (Monday), for a trend over many reflections.

    One row per week in which reflections scored `dimension`: `week`,
    `reflections` (how many), `mean_score` (their mean) and `rolling_mean` (the
    mean of this week's and the previous `window - 1` such weeks' mean scores).
    """
    _check_dimension(dimension)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of at least 1, not {window!r}")
    return _query(
        con,
        (
            _CHOSEN,
            _SCORES,
            """
            weekly AS (
                SELECT CAST(date_trunc('week', interview_date) AS DATE) AS week,
                       count(*) AS reflections, avg(score) AS mean_score
                FROM scores WHERE dimension = $dimension GROUP BY 1
            )""",
        ),
        """
        SELECT week, reflections, mean_score,
               avg(mean_score) OVER (ORDER BY week ROWS BETWEEN $preceding PRECEDING AND CURRENT ROW)
                   AS rolling_mean
        FROM weekly
        ORDER BY week
        """,
        start=start,
        end=end,
        company=company,
        stage=stage,
        dimension=dimension,
        preceding=window - 1,
    )


def activity_span(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The first and last day with an application or interview: one row.

    Columns: `first_day`, `last_day` (dates of `applied_on` or of `held_at`,
    including interviews still to come); both null in an empty database.
    """
    return con.execute(
        """
        SELECT min(day) AS first_day, max(day) AS last_day
        FROM (SELECT applied_on AS day FROM applications
              UNION ALL SELECT CAST(held_at AS DATE) FROM interviews)
        """
    ).df()
