"""How long answers take, counting the waits that got none: a Kaplan–Meier estimate.

The plain median of answered interviews leaves out every interview still waiting
and every one closed as "no answer", so it is biased low and cannot say whether
a wait of six days still has a chance. This module estimates, from the user's
own history, the share of interviews still waiting after N days, and from it the
chance that an answer still comes after N days of silence.

Definitions (whole calendar days from the date of an interview's `held_at`):

- an interview with a `heard_back_on` date is an answer after `heard_back_on - held date` days
  (0: the same day);
- an interview closed as no answer (`no_answer_on`, outcome still pending) is
  **censored** at `no_answer_on - held date`: it was watched that long without an
  answer, then the user stopped waiting;
- an interview still waiting (outcome pending, no answer, not closed, held on or
  before `today`) is censored at `today - held date`;
- interviews with an outcome but no answer date (when the answer came is not
  known), and interviews after `today`, are left out.

`still_waiting` at day t is the Kaplan–Meier estimate S(t) = prod over days
u <= t of (1 - answered(u) / at_risk(u)), where at_risk(u) counts the interviews
whose time is u or later (censored ones at day u are still at risk at u, the usual
convention of statsmodels and lifelines). The estimate is pure DuckDB (counts per day)
and pandas (the product).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from analytics.metrics import TrendsFilter, _query

# Below this many answers, the user's own history says too little: a stated default is used.
MIN_ANSWERS = 5
# "Most of your answers came by day N": the day by which this share of the answers that came had come.
MOST_ANSWERS = 0.75


def interview_waits(
    con: duckdb.DuckDBPyConnection,
    today: date,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """Every interview that counts in the estimate, with its time: one row each (see the module's definitions).

    Columns: `interview_id`, `days` (whole days, at least 0), `answered` (True for
    an answer, False for a censored wait), `no_answer` (True where closed as no answer).
    Ordered by `interview_id`. `where` chooses the interviews, as for `analytics.metrics`.
    """
    return _query(
        con,
        where,
        (),
        """
        SELECT i.id AS interview_id,
               greatest(datediff('day', i.interview_date, coalesce(i.heard_back_on, x.no_answer_on, $today)), 0)
                   AS days,
               i.heard_back_on IS NOT NULL AS answered,
               i.heard_back_on IS NULL AND x.no_answer_on IS NOT NULL AS no_answer
        FROM chosen_interviews i
        JOIN interviews x ON x.id = i.id
        WHERE i.heard_back_on IS NOT NULL
           OR (i.outcome = 'pending' AND i.interview_date <= $today)
        ORDER BY i.id
        """,
        today=today,
    )


def kaplan_meier(waits: pd.DataFrame) -> pd.DataFrame:
    """The Kaplan–Meier table of `waits` (columns `days`, `answered`): one row per distinct day observed.

    Columns: `days`, `at_risk` (interviews whose time is that day or later),
    `answered` (answers on that day), `censored` (waits that ended unanswered
    that day), `still_waiting` (S(days), the estimated share with no answer
    after that many days). Ordered by `days`; no rows for no waits.
    """
    columns = ["days", "at_risk", "answered", "censored", "still_waiting"]
    if waits.empty:
        return pd.DataFrame(
            {name: pd.Series(dtype="float64" if name == "still_waiting" else "int64") for name in columns}
        )
    answered = waits["answered"].astype(bool)
    per_day = (
        pd.DataFrame({"days": waits["days"].astype("int64"), "answered": answered, "censored": ~answered})
        .groupby("days", as_index=False)
        .sum()
        .sort_values("days")
    )
    per_day["answered"] = per_day["answered"].astype("int64")
    per_day["censored"] = per_day["censored"].astype("int64")
    leaving = per_day["answered"] + per_day["censored"]
    per_day["at_risk"] = leaving[::-1].cumsum()[::-1].astype("int64")
    per_day["still_waiting"] = (1.0 - per_day["answered"] / per_day["at_risk"]).cumprod()
    return per_day[columns].reset_index(drop=True)


def still_waiting_by_day(table: pd.DataFrame) -> pd.DataFrame:
    """The estimate on every whole day from 0 to the last day observed (a step function).

    Columns: `days`, `still_waiting`, `at_risk` (interviews still watched that
    day: their time is that day or later). No rows for an empty table.
    """
    if table.empty:
        return pd.DataFrame(
            {
                "days": pd.Series(dtype="int64"),
                "still_waiting": pd.Series(dtype="float64"),
                "at_risk": pd.Series(dtype="int64"),
            }
        )
    every_day = pd.DataFrame({"days": range(int(table["days"].max()) + 1)})
    steps = every_day.merge(table[["days", "still_waiting", "at_risk"]], on="days", how="left")
    steps["still_waiting"] = steps["still_waiting"].ffill().fillna(1.0)
    # At risk on day t: everyone whose time is t or later, i.e. the at-risk count of the next observed day.
    steps["at_risk"] = steps["at_risk"].bfill().astype("int64")
    return steps


@dataclass(frozen=True)
class WaitForecast:
    """What the user's history says about a wait: built by `wait_forecast`.

    `own_history` is True once there are `MIN_ANSWERS` answers; before that, the
    methods return None and the pages state the common default instead.
    """

    answers: int
    censored: int
    table: pd.DataFrame

    @property
    def own_history(self) -> bool:
        return self.answers >= MIN_ANSWERS

    def _still_waiting_after(self, days: int) -> float:
        """S(days): 1 before day 0, the plateau after the last day observed."""
        if days < 0 or self.table.empty:
            return 1.0
        seen = self.table.loc[self.table["days"] <= days, "still_waiting"]
        return float(seen.iloc[-1]) if len(seen) else 1.0

    @property
    def never_answered(self) -> float:
        """The estimated share never answered: S at the last day observed (0 when the last time is an answer)."""
        return float(self.table["still_waiting"].iloc[-1]) if not self.table.empty else 1.0

    def chance_after(self, days: int) -> float | None:
        """The chance an answer still comes to an interview with none on days 0 to `days - 1`.

        (S(days - 1) - S(last)) / S(days - 1): of the interviews still waiting at
        the start of day `days`, the share answered later (within the history
        seen). 0 past the longest time seen once no one is left waiting; None
        without `MIN_ANSWERS` answers.
        """
        if not self.own_history:
            return None
        waiting = self._still_waiting_after(days - 1)
        if waiting <= 0:
            return 0.0
        return max(0.0, (waiting - self.never_answered) / waiting)

    @property
    def answers_mostly_by(self) -> int | None:
        """The day by which three quarters (`MOST_ANSWERS`) of the answers that came had come (estimated)."""
        if not self.own_history:
            return None
        answered_share = 1.0 - self.table["still_waiting"]
        reached = self.table.loc[answered_share >= MOST_ANSWERS * (1.0 - self.never_answered) - 1e-12, "days"]
        return int(reached.iloc[0]) if len(reached) else None

    @property
    def median_days(self) -> int | None:
        """The Kaplan–Meier median: the first day S(t) <= 0.5 (None when more than half are still unanswered)."""
        # A hair above 1/2: a product of fractions equal to one half may round just above it.
        reached = self.table.loc[self.table["still_waiting"] <= 0.5 + 1e-9, "days"]
        return int(reached.iloc[0]) if len(reached) else None


def wait_forecast(
    con: duckdb.DuckDBPyConnection,
    today: date,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> WaitForecast:
    """The Kaplan–Meier estimate over the user's interviews (see the module's definitions) at `today`."""
    waits = interview_waits(con, today, where=where)
    answers = int(waits["answered"].sum())
    return WaitForecast(answers, len(waits) - answers, kaplan_meier(waits))


def still_waiting_curve(
    con: duckdb.DuckDBPyConnection,
    today: date,
    *,
    where: TrendsFilter = TrendsFilter(),
) -> pd.DataFrame:
    """The share still waiting, for the Trends chart: the rows of `still_waiting_by_day` where it changes.

    Day 0, every day the share falls, and the last day observed: drawn as a step
    line, the same curve as every day's, in a few dozen rows whatever the span.
    Columns: `days`, `still_waiting`, `at_risk`.
    """
    every_day = still_waiting_by_day(kaplan_meier(interview_waits(con, today, where=where)))
    if every_day.empty:
        return every_day
    changes = every_day["still_waiting"].diff().fillna(-1.0) != 0
    changes.iloc[-1] = True
    return every_day[changes].reset_index(drop=True)


def median_days(curve: pd.DataFrame) -> int | None:
    """The Kaplan–Meier median of a `still_waiting_curve`: the first day S(t) <= 1/2; None if never."""
    reached = curve.loc[curve["still_waiting"] <= 0.5 + 1e-9, "days"]
    return int(reached.iloc[0]) if len(reached) else None
