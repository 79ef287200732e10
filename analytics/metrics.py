"""The job search in numbers: read-only DuckDB queries that each answer one question.

Every function takes a connection to a Debrief database (a cursor from
`Database.cursor()`), never writes, binds every value as a parameter, and
returns a small pandas DataFrame with the columns its docstring names.

Most take one keyword-only `where`, a `TrendsFilter`: the applications and
interviews they count (all of them by default). A function that applies the
filter in its own way (the funnel's stage, the undated applications' dates)
says so in its docstring.

Dates are local wall-clock dates; days between two dates are whole calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

import duckdb
import pandas as pd

from data.store import reads
from data.store.follow_ups import LAPSES_AT, lapse_params
from data.store.schema import INTERVIEW_OUTCOMES, INTERVIEW_STAGES, RATING_DIMENSIONS
from data.store.settings import lapse_windows
from followups.plan import LapseWindows


@dataclass(frozen=True)
class TrendsFilter:
    """Which applications and interviews the Trends numbers count; each field left None narrows nothing.

    - `start`, `end` (dates, inclusive): an application counts when its
      `applied_on` is in the range (one whose `applied_on` is unknown then counts
      in none), an interview when the date of its `held_at` is;
    - `company`: only applications to that company (the exact name) and their
      interviews;
    - `stage`: only interviews at that stage. Applications as such are not
      narrowed by stage; where a metric uses interviews to classify
      applications, its docstring says how the stage applies.

    The empty filter, `TrendsFilter()`, counts everything. A new way to narrow
    the numbers is a field here and its conditions in `where`: every metric of
    this module (and `analytics.survival`) applies it from then on.
    """

    start: date | None = None
    end: date | None = None
    company: str | None = None
    stage: str | None = None

    def where(self, table: Literal["applications", "interviews"]) -> tuple[str, dict[str, object]]:
        """The SQL condition keeping the rows of `table` this filter chooses, and the values it binds.

        The condition reads the table under a fixed alias, which the query must
        give it: `FROM applications a` or `FROM interviews i`. It binds the values
        of the fields set, as the named parameters `$start`, `$end`, `$company`
        and `$stage` (only those it uses: DuckDB refuses a parameter a query does
        not name); the empty filter gives `TRUE` and no values. Column names are
        fixed here; a value is never written into the text.
        """
        if table == "applications":
            conditions = {
                "company": "a.company = $company",
                "start": "a.applied_on >= $start",
                "end": "a.applied_on <= $end",
            }
        elif table == "interviews":
            # To a company through a semi-join on its applications: written only when a company is chosen.
            conditions = {
                "company": "i.application_id IN (SELECT id FROM applications WHERE company = $company)",
                "stage": "i.stage = $stage",
                "start": "CAST(i.held_at AS DATE) >= $start",
                "end": "CAST(i.held_at AS DATE) <= $end",
            }
        else:
            raise ValueError(f"a TrendsFilter chooses applications or interviews, not {table!r}")
        return reads.where_set(self, conditions)


# The filtered applications and interviews the queries start from, with the
# condition of a `TrendsFilter` in place of `{chosen}`. The queries that show an
# interview's company or role join the applications themselves, over the rows
# they keep.
_CHOSEN_APPLICATIONS = """
    chosen_applications AS (
        SELECT a.id, a.company, a.role, a.applied_on, a.responded_on, a.status
        FROM applications a
        WHERE {chosen}
    )
"""
_CHOSEN_INTERVIEWS = """
    chosen_interviews AS (
        SELECT i.id, i.application_id, i.stage, i.held_at, CAST(i.held_at AS DATE) AS interview_date, i.outcome,
               i.heard_back_on, i.no_answer_on
        FROM interviews i
        WHERE {chosen}
    )
"""

# The reflections of the chosen interviews, one row each with its seven scores.
_REFLECTED = """
    reflected AS (
        SELECT i.id AS interview_id, i.application_id, i.held_at, i.interview_date, i.stage, i.outcome,
               r.overall, r.communication, r.skills, r.examples, r.rapport, r.questions, r.preparation
        FROM chosen_interviews i
        JOIN reflections r ON r.interview_id = i.id
    )
"""

# Every reflection's scores in long form: one row per reflection and scored
# dimension (UNPIVOT leaves out a blank dimension); `position` orders the dimensions.
_SCORES = """
    scores AS (
        SELECT interview_id, application_id, held_at, interview_date, stage, outcome, dimension,
               list_position($dimensions, dimension) AS position, score
        FROM (
            UNPIVOT reflected
            ON overall, communication, skills, examples, rapport, questions, preparation
            INTO NAME dimension VALUE score
        )
    )
"""

# The same rows for one dimension, `$dimension`, without unpivoting the other six.
_ONE_DIMENSION_SCORES = """
    scores AS (
        SELECT * FROM (
            SELECT interview_id, application_id, held_at, interview_date, stage, outcome,
                   $dimension AS dimension, list_position($dimensions, $dimension) AS position,
                   CASE $dimension
                       WHEN 'overall' THEN overall WHEN 'communication' THEN communication
                       WHEN 'skills' THEN skills WHEN 'examples' THEN examples WHEN 'rapport' THEN rapport
                       WHEN 'questions' THEN questions WHEN 'preparation' THEN preparation
                   END AS score
            FROM reflected
        )
        WHERE score IS NOT NULL
    )
"""

# The dimensions named in _SCORES and _ONE_DIMENSION_SCORES, in their order; a test checks they
# match the schema.
SCORED_DIMENSIONS = RATING_DIMENSIONS


def _check_dimension(dimension: str | None, *, allow_none: bool = False) -> None:
    if dimension is None and allow_none:
        return
    if dimension not in SCORED_DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(SCORED_DIMENSIONS)}, not {dimension!r}")


def _scores(dimension: str | None) -> tuple[tuple[str, ...], dict[str, object]]:
    """The CTEs giving `scores` (every dimension, or only `dimension`) and the values they bind."""
    if dimension is None:
        return (_REFLECTED, _SCORES), {"dimensions": list(SCORED_DIMENSIONS)}
    return (_REFLECTED, _ONE_DIMENSION_SCORES), {"dimensions": list(SCORED_DIMENSIONS), "dimension": dimension}


def _query(
    con: duckdb.DuckDBPyConnection, where: TrendsFilter, ctes: tuple[str, ...], body: str, **values: object
) -> pd.DataFrame:
    """Run `WITH <chosen applications>, <chosen interviews>, <ctes> <body>`, those chosen by
    `where`, with its values and `values` bound as named parameters.

    The result is fetched whole (`df()`): a result left half-read on a cursor of
    the process's connection would hold back DuckDB's checkpoints.
    """
    applications, params = where.where("applications")
    interviews, interview_params = where.where("interviews")
    params |= interview_params
    if clash := sorted(params.keys() & values.keys()):
        raise ValueError(f"a metric's own values would overwrite the filter's: {', '.join(clash)}")
    # Only fixed SQL fragments are joined here; every value is bound.
    # DuckDB skips a CTE the query does not read, so both chosen sets cost only where used.
    chosen = (_CHOSEN_APPLICATIONS.format(chosen=applications), _CHOSEN_INTERVIEWS.format(chosen=interviews))
    sql = "WITH " + ",\n".join((*chosen, *ctes)) + "\n" + body
    return reads.frame(con, sql, {**params, **values})


def application_volume(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """Applications and interviews per week, weeks starting on Monday.

    One row per week from the earliest to the latest week that holds an
    application (by `applied_on`) or an interview (by the date of `held_at`);
    weeks in between with neither are included with zeros. No rows when there
    is nothing. The stage filter narrows the interviews only. An application
    whose `applied_on` is unknown (null) counts in no week (see
    `undated_applications`).

    Columns: `week` (the date of that Monday), `applications`, `interviews`.
    """
    return _query(
        con,
        where,
        (
            """
            weekly_applications AS (
                SELECT CAST(date_trunc('week', applied_on) AS DATE) AS week, count(*) AS n
                FROM chosen_applications WHERE applied_on IS NOT NULL GROUP BY 1
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
    )


def response_times(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
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
        where,
        (),
        """
        SELECT i.id AS interview_id, a.company, a.role, i.stage, i.interview_date, i.heard_back_on,
               datediff('day', i.interview_date, i.heard_back_on) AS days, i.outcome
        FROM chosen_interviews i
        JOIN applications a ON a.id = i.application_id
        WHERE i.heard_back_on IS NOT NULL
        ORDER BY i.interview_date, interview_id
        """,
    )


def response_time_summary(
    con: duckdb.DuckDBPyConnection,
    today: date | None = None,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """How long answers take and who is still waiting: one row.

    - `responses`: interviews with a `heard_back_on` date (the rows of `response_times`);
    - `median_days`, `p90_days`: the median and 90th percentile of their `days`,
      as continuous quantiles (linear interpolation, numpy's default percentile);
      null when there are no responses;
    - `waiting`: interviews with outcome `pending`, no `heard_back_on`, not closed
      as no answer (`no_answer_on`), held on a date before `today`;
    - `longest_wait_days`: whole days from the date of the oldest of those to
      `today`; null when none is waiting.

    `today` defaults to the local date.
    """
    return _query(
        con,
        where,
        (),
        """
        SELECT
            count(heard_back_on) AS responses,
            median(datediff('day', interview_date, heard_back_on)) AS median_days,
            quantile_cont(datediff('day', interview_date, heard_back_on), 0.9) AS p90_days,
            count(*) FILTER (
                WHERE outcome = 'pending' AND heard_back_on IS NULL AND no_answer_on IS NULL AND interview_date < $today)
                AS waiting,
            datediff('day',
                     min(interview_date) FILTER (
                         WHERE outcome = 'pending' AND heard_back_on IS NULL AND no_answer_on IS NULL
                           AND interview_date < $today),
                     $today) AS longest_wait_days
        FROM chosen_interviews
        """,
        today=today or date.today(),
    )


def application_response(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """How many applications got an answer, and how fast: one row.

    - `applications`: every application (in the filters; stage does not apply);
    - `responded`: those that got an answer: a `responded_on` date, or at least
      one interview (an interview is an answer); the same count as the
      `responded` step of `funnel`;
    - `response_rate`: `responded / applications`; null when there are none;
    - `median_days_to_response`: median whole days from `applied_on` to
      `responded_on` over those with both dates (continuous); null when none.
    """
    return _query(
        con,
        where,
        (),
        """
        SELECT
            count(*) AS applications,
            count(*) FILTER (WHERE answered) AS responded,
            CAST(count(*) FILTER (WHERE answered) AS DOUBLE) / nullif(count(*), 0) AS response_rate,
            median(datediff('day', applied_on, responded_on)) AS median_days_to_response
        FROM (
            SELECT a.applied_on, a.responded_on,
                   a.responded_on IS NOT NULL
                   OR EXISTS (SELECT 1 FROM interviews i WHERE i.application_id = a.id) AS answered
            FROM chosen_applications a
        )
        """,
    )


def performance_trend(
    con: duckdb.DuckDBPyConnection,
    window: int = 3,
    *,
    dimension: str | None = None,
    where: TrendsFilter = TrendsFilter(),
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
    ctes, values = _scores(dimension)
    return _query(
        con,
        where,
        ctes,
        """
        SELECT s.interview_id, s.interview_date, a.company, s.stage, s.dimension, s.score,
               avg(s.score) OVER (
                   PARTITION BY s.dimension ORDER BY s.held_at, s.interview_id
                   ROWS BETWEEN $preceding PRECEDING AND CURRENT ROW
               ) AS rolling_mean
        FROM scores s
        JOIN applications a ON a.id = s.application_id
        ORDER BY s.held_at, s.interview_id, s.position
        """,
        preceding=window - 1,
        **values,
    )


def funnel(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """How far applications get: four rows, in order.

    - `applied`: every application (applied in the date range);
    - `responded`: with a `responded_on` date, or at least one interview;
    - `interviewed`: with at least one interview (at `stage`, when given);
    - `offer`: status `offer` or `accepted`, or any interview with outcome `offer`.

    The date range picks the applications by `applied_on`; their interviews
    count whenever they were held (the filter's other conditions apply to
    them). `rate` is each count's share of all the applications (null when
    there are none).

    Columns: `stage`, `applications`, `rate`.
    """
    # The same values as `where` binds, less the dates: no parameter of its own.
    interviewed, _ = replace(where, start=None, end=None).where("interviews")
    return _query(
        con,
        where,
        (
            # Grouping the interviews (fewer, and only the applications that have any) by
            # application, rather than every application after a join, keeps this cheap.
            """
            per_application AS (
                SELECT i.application_id,
                       bool_or({interviewed}) AS interviewed_at_stage,
                       bool_or(i.outcome = 'offer') AS offered
                FROM interviews i
                GROUP BY i.application_id
            )""".replace("{interviewed}", interviewed),
            """
            totals AS (
                SELECT count(*) AS applied,
                       count(*) FILTER (WHERE a.responded_on IS NOT NULL OR p.application_id IS NOT NULL)
                           AS responded,
                       count(*) FILTER (WHERE p.interviewed_at_stage) AS interviewed,
                       count(*) FILTER (WHERE a.status IN ('offer', 'accepted') OR p.offered) AS offer
                FROM chosen_applications a
                LEFT JOIN per_application p ON p.application_id = a.id
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
    )


def follow_up_discipline(
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    *,
    windows: LapseWindows | None = None,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """Whether thank-you notes go out within a day, and feedback gets asked for: one row.

    Over the interviews held at least 24 hours before `now` (default: the local time now):

    - `interviews`: how many;
    - `thank_you_on_time`: those whose earliest done thank-you (by `done_at`) was
      done no later than 24 hours after `held_at`;
    - `on_time_rate`: `thank_you_on_time / interviews`; null when there are none;
    - `median_hours_to_thank_you`: over those with a done thank-you, the median
      of the hours from `held_at` to the earliest one (continuous; null when none);
    - `feedback_requested`: those with a done feedback request;
    - `thank_you_missed`: those with a thank-you note missed: not done before it
      lapsed (`followups.plan.lapses_at`, with `windows`, by default the user's
      settings), its lapse time before `now`;
    - `follow_ups_missed`: the follow-ups of any kind of these interviews that
      lapsed before `now` without being done first (done late, dismissed or still
      open); one skipped before its lapse time is not missed.

    Skipped and open follow-ups do not count as done; a follow-up done after it
    lapsed counts as missed, not done on time.

    A caller that caches the result may pass `now` rounded down (the Trends
    page passes the start of the current hour, so its numbers are computed once
    an hour rather than every minute): an interview then counts from that
    rounded time on, up to an hour after its 24 hours are over.
    """
    return _query(
        con,
        where,
        (
            # The done follow-ups grouped by interview first: one row per interview to join.
            """
            done AS (
                SELECT interview_id,
                       min(done_at) FILTER (WHERE kind = 'thank_you') AS first_thank_you,
                       count(*) FILTER (WHERE kind = 'feedback_request') AS feedback_requests
                FROM follow_ups
                WHERE done_at IS NOT NULL AND interview_id IS NOT NULL
                  AND kind IN ('thank_you', 'feedback_request')
                GROUP BY interview_id
            )""",
            """
            next_rounds AS (
                SELECT id AS interview_id,
                       lead(held_at) OVER (PARTITION BY application_id ORDER BY held_at, id) AS next_round_at
                FROM interviews
            )""",
            """
            missed AS (
                SELECT interview_id,
                       count(*) FILTER (WHERE kind = 'thank_you') AS thank_you_missed,
                       count(*) AS follow_ups_missed
                FROM (
                    SELECT f.interview_id, f.kind, f.done_at, f.skipped_at, {lapses_at} AS lapses_at
                    FROM follow_ups f
                    JOIN interviews i ON i.id = f.interview_id
                    LEFT JOIN next_rounds n ON n.interview_id = f.interview_id
                )
                WHERE lapses_at <= $now
                  AND (done_at IS NULL OR done_at > lapses_at)
                  AND (skipped_at IS NULL OR skipped_at >= lapses_at)
                GROUP BY interview_id
            )""".replace("{lapses_at}", LAPSES_AT),
            """
            per_interview AS (
                SELECT i.held_at, d.first_thank_you, coalesce(d.feedback_requests, 0) AS feedback_requests,
                       coalesce(m.thank_you_missed, 0) AS thank_you_missed,
                       coalesce(m.follow_ups_missed, 0) AS follow_ups_missed
                FROM chosen_interviews i
                LEFT JOIN done d ON d.interview_id = i.id
                LEFT JOIN missed m ON m.interview_id = i.id
                WHERE i.held_at <= $now - INTERVAL 24 HOUR
            )""",
        ),
        """
        SELECT
            count(*) AS interviews,
            count(*) FILTER (WHERE first_thank_you <= held_at + INTERVAL 24 HOUR) AS thank_you_on_time,
            CAST(count(*) FILTER (WHERE first_thank_you <= held_at + INTERVAL 24 HOUR) AS DOUBLE)
                / nullif(count(*), 0) AS on_time_rate,
            median(epoch(first_thank_you - held_at) / 3600.0) AS median_hours_to_thank_you,
            count(*) FILTER (WHERE feedback_requests > 0) AS feedback_requested,
            count(*) FILTER (WHERE thank_you_missed > 0) AS thank_you_missed,
            coalesce(sum(follow_ups_missed), 0)::BIGINT AS follow_ups_missed
        FROM per_interview
        """,
        now=now or datetime.now(),
        **{k: v for k, v in lapse_params(windows or lapse_windows(con)).items() if k != "horizon"},
    )


# Beyond the seven: what the Trends page draws besides them.


def undated_applications(con: duckdb.DuckDBPyConnection, *, where: TrendsFilter = TrendsFilter()) -> int:
    """How many of the applications `where` chooses, its dates aside, have no known `applied_on` date.

    They count in no week of `application_volume` and in no date range, so
    `where.start` and `where.end` do not apply (nor does `where.stage`, which
    narrows interviews only).
    """
    chosen, params = replace(where, start=None, end=None).where("applications")
    query = "SELECT count(*) FROM applications a WHERE a.applied_on IS NULL AND " + chosen  # noqa: S608 (fixed fragments; values bound)
    return reads.scalar(con, query, params)


def response_time_distribution(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """How many interviews answered after each number of days, for a histogram.

    One row for every whole number of days from 0 to the longest `days` of
    `response_times` (a count of 0 where none took that long); no rows when
    there are no responses. Columns: `days`, `interviews`.
    """
    return _query(
        con,
        where,
        (
            """
            answered AS (
                SELECT datediff('day', interview_date, heard_back_on) AS days, count(*) AS interviews
                FROM chosen_interviews WHERE heard_back_on IS NOT NULL
                GROUP BY 1
            )""",
            """
            every_day AS (
                SELECT unnest(range(0, max(days) + 1)) AS days FROM answered HAVING count(*) > 0
            )""",
        ),
        """
        SELECT e.days, coalesce(a.interviews, 0) AS interviews
        FROM every_day e LEFT JOIN answered a ON a.days = e.days
        ORDER BY e.days
        """,
    )


def response_time_by_stage(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """Days to hear back per interview stage, over the rows of `response_times`.

    One row per stage that has a response, in the schema's order of stages.
    Columns: `stage`, `responses`, `median_days` (continuous median),
    `shortest_days`, `longest_days`.
    """
    return _query(
        con,
        where,
        (),
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
        stages=list(INTERVIEW_STAGES),
    )


def self_rating_by_outcome(
    con: duckdb.DuckDBPyConnection,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """Does feeling good predict advancing? The overall self-rating per interview outcome.

    Over interviews with a reflection: one row per outcome that has any, in the
    schema's order of outcomes (pending first). Columns: `outcome`,
    `interviews`, `mean_overall`, `lowest_overall`, `highest_overall`.
    """
    return _query(
        con,
        where,
        (),
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
        outcomes=list(INTERVIEW_OUTCOMES),
    )


def weakest_dimensions(
    con: duckdb.DuckDBPyConnection,
    last: int = 5,
    *,
    where: TrendsFilter = TrendsFilter(),
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
        where,
        (
            _REFLECTED,
            # The last reflections are picked before their scores are unpivoted: a handful of rows.
            """
            recent AS (
                SELECT communication, skills, examples, rapport, questions, preparation
                FROM reflected
                ORDER BY held_at DESC, interview_id DESC
                LIMIT $last
            )""",
        ),
        """
        SELECT dimension, avg(score) AS mean_score, count(*) AS scores
        FROM (
            UNPIVOT recent
            ON communication, skills, examples, rapport, questions, preparation
            INTO NAME dimension VALUE score
        )
        GROUP BY dimension
        ORDER BY mean_score, list_position($dimensions, dimension)
        """,
        last=last,
        dimensions=list(SCORED_DIMENSIONS),
    )


def weekly_scores(
    con: duckdb.DuckDBPyConnection,
    dimension: str,
    window: int = 3,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """One dimension's scores per week (Monday), for a trend over many reflections.

    One row per week in which reflections scored `dimension`: `week`,
    `reflections` (how many), `mean_score` (their mean) and `rolling_mean` (the
    mean of this week's and the previous `window - 1` such weeks' mean scores).
    """
    _check_dimension(dimension)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of at least 1, not {window!r}")
    ctes, values = _scores(dimension)
    return _query(
        con,
        where,
        (
            *ctes,
            """
            weekly AS (
                SELECT CAST(date_trunc('week', interview_date) AS DATE) AS week,
                       count(*) AS reflections, avg(score) AS mean_score
                FROM scores GROUP BY 1
            )""",
        ),
        """
        SELECT week, reflections, mean_score,
               avg(mean_score) OVER (ORDER BY week ROWS BETWEEN $preceding PRECEDING AND CURRENT ROW)
                   AS rolling_mean
        FROM weekly
        ORDER BY week
        """,
        preceding=window - 1,
        **values,
    )


def activity_span(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The first and last day with an application or interview: one row.

    Columns: `first_day`, `last_day` (dates of `applied_on` or of `held_at`,
    including interviews still to come); both null in an empty database.
    """
    return reads.frame(
        con,
        """
        SELECT min(day) AS first_day, max(day) AS last_day
        FROM (SELECT applied_on AS day FROM applications
              UNION ALL SELECT CAST(held_at AS DATE) FROM interviews)
        """,
    )
