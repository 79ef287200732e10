"""What the Prepare page reads before the next interview: where the user's ratings are
weakest lately, what they meant to address, the questions they were asked, and what
employers told them. Read-only queries over reflections and interviews.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

# How many reflections make "lately": the latest five, against the five before.
WINDOW = 5

# A list marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ".
_LIST_MARKER = re.compile(r"^(?:[-*•‣–—]|\d{1,3}[.)])\s+")


@dataclass(frozen=True)
class PrepareScope:
    """Which interviews to prepare from: one application's, one stage's, both, or all (None)."""

    application_id: int | None = None
    stage: str | None = None

    def params(self) -> dict:
        return {"application_id": self.application_id, "stage": self.stage}


# Every query below filters its interviews `i` with this clause, bound by `PrepareScope.params()`.
_IN_SCOPE = "($application_id IS NULL OR i.application_id = $application_id) AND ($stage IS NULL OR i.stage = $stage)"


def split_questions(text: str | None) -> list[str]:
    """The questions typed one per line, without blank lines or list markers.

    "- Tell me about a conflict" and "1. Tell me about a conflict" both give
    "Tell me about a conflict"; a line that is only a marker is dropped.
    """
    questions = []
    for line in (text or "").splitlines():
        question = _LIST_MARKER.sub("", line.strip()).strip()
        if question and not _LIST_MARKER.fullmatch(question + " "):
            questions.append(question)
    return questions


def interviewed_applications(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Applications with at least one interview, most recently interviewed first.

    Columns: id, company, role, last_held_at.
    """
    return con.execute(
        """
        SELECT a.id, a.company, a.role, max(i.held_at) AS last_held_at
        FROM applications a JOIN interviews i ON i.application_id = a.id
        GROUP BY a.id, a.company, a.role
        ORDER BY last_held_at DESC, a.id DESC
        """
    ).df()


def count_reflections(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> int:
    """How many reflections were written on the interviews in `scope`."""
    return con.execute(
        f"SELECT count(*) FROM reflections r JOIN interviews i ON i.id = r.interview_id WHERE {_IN_SCOPE}",  # noqa: S608 (fixed clause; values bound)
        scope.params(),
    ).fetchall()[0][0]


def dimension_trends(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> pd.DataFrame:
    """Each rating dimension's mean over the latest five reflections against the five before, weakest first.

    Reflections in `scope` are ordered by their interview's date, newest first
    (ties by newest reflection). `recent` is the mean of the dimension's ratings in
    reflections 1–5 and `earlier` in reflections 6–10, each rounded to one decimal
    (halves away from zero); a dimension left blank in a reflection is skipped,
    not counted as zero. `change` is recent − earlier (empty without earlier ratings); `recent_ratings` and `earlier_ratings` say
    how many ratings each mean is of. Dimensions never rated in the latest five
    are left out. Rows are ordered by `recent`, lowest first, then in the order of
    `data.schema.RATING_DIMENSIONS`.
    Columns: dimension, recent, earlier, change, recent_ratings, earlier_ratings.
    """
    return con.execute(
        f"""
        WITH numbered AS (
            SELECT row_number() OVER (ORDER BY i.held_at DESC, r.id DESC) AS position,
                   r.overall, r.communication, r.skills, r.examples, r.rapport, r.questions, r.preparation
            FROM reflections r JOIN interviews i ON i.id = r.interview_id
            WHERE {_IN_SCOPE}
        ),
        ratings AS (
            UNPIVOT numbered
            ON overall, communication, skills, examples, rapport, questions, preparation
            INTO NAME dimension VALUE rating
        ),
        means AS (
            SELECT dimension,
                   avg(rating) FILTER (WHERE position <= {WINDOW}) AS recent,
                   avg(rating) FILTER (WHERE position > {WINDOW} AND position <= {2 * WINDOW}) AS earlier,
                   count(rating) FILTER (WHERE position <= {WINDOW}) AS recent_ratings,
                   count(rating) FILTER (WHERE position > {WINDOW} AND position <= {2 * WINDOW}) AS earlier_ratings
            FROM ratings
            GROUP BY dimension
        )
        SELECT dimension, round(recent, 1) AS recent, round(earlier, 1) AS earlier,
               round(round(recent, 1) - round(earlier, 1), 1) AS change, recent_ratings, earlier_ratings
        FROM means
        WHERE recent_ratings > 0
        ORDER BY recent,
                 list_position(['overall', 'communication', 'skills', 'examples', 'rapport', 'questions',
                                'preparation'], dimension)
        """,  # noqa: S608 (fixed clause and constants; values bound)
        scope.params(),
    ).df()


def notes_to_address(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> pd.DataFrame:
    """Every "what to address next time" note of the reflections in `scope`, newest interview first.

    Columns: interview_id, held_at, company, role, stage, to_improve.
    """
    return con.execute(
        f"""
        SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage, r.to_improve
        FROM reflections r
        JOIN interviews i ON i.id = r.interview_id
        JOIN applications a ON a.id = i.application_id
        WHERE r.to_improve IS NOT NULL AND {_IN_SCOPE}
        ORDER BY i.held_at DESC, r.id DESC
        """,  # noqa: S608 (fixed clause; values bound)
        scope.params(),
    ).df()


_QUESTION_BANK_COLUMNS = ["question", "held_at", "company", "role", "stage", "overall", "interview_id"]


def question_bank(
    con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope(), search: str = ""
) -> pd.DataFrame:
    """Every question the user was asked in the interviews of `scope`, newest interview first.

    The questions come from the reflections' "questions they asked me", one per
    line (see `split_questions`), in the order typed. With `search`, only
    questions containing it (ignoring case) are kept. `overall` is that
    interview's overall rating.
    Columns: question, held_at, company, role, stage, overall, interview_id.
    """
    reflections = con.execute(
        f"""
        SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage, r.overall, r.questions_asked
        FROM reflections r
        JOIN interviews i ON i.id = r.interview_id
        JOIN applications a ON a.id = i.application_id
        WHERE r.questions_asked IS NOT NULL AND {_IN_SCOPE}
        ORDER BY i.held_at DESC, r.id DESC
        """,  # noqa: S608 (fixed clause; values bound)
        scope.params(),
    ).fetchall()
    wanted = search.strip().casefold()
    rows = [
        (question, held_at, company, role, stage, overall, interview_id)
        for interview_id, held_at, company, role, stage, overall, asked in reflections
        for question in split_questions(asked)
        if wanted in question.casefold()
    ]
    bank = pd.DataFrame(rows, columns=_QUESTION_BANK_COLUMNS)
    return bank.astype({"held_at": "datetime64[us]", "overall": "Int64", "interview_id": "Int64"})


def employer_feedback(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> pd.DataFrame:
    """The feedback employers gave on the interviews in `scope`, newest interview first.

    Only interviews with feedback recorded. Columns: interview_id, held_at,
    company, role, stage, outcome, heard_back_on, feedback.
    """
    return con.execute(
        f"""
        SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage, i.outcome, i.heard_back_on, i.feedback
        FROM interviews i JOIN applications a ON a.id = i.application_id
        WHERE i.feedback IS NOT NULL AND {_IN_SCOPE}
        ORDER BY i.held_at DESC, i.id DESC
        """,  # noqa: S608 (fixed clause; values bound)
        scope.params(),
    ).df()
