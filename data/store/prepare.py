"""What the Prepare page reads before the next interview: where the user's ratings are
weakest lately, what they meant to address, the questions they were asked, and what
employers told them. Read-only queries over reflections and interviews.

A long search holds tens of thousands of notes and questions, so every list here
comes a page at a time (`limit`, `offset`) with a count beside it, and the work
happens in DuckDB: the page only ever receives the rows it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from data.store import reads
from data.store.applications import ApplicationPicker

# How many reflections make "lately": the latest five, against the five before.
WINDOW = 5

# A list marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ".
_LIST_MARKER = re.compile(r"^(?:[-*•‣–—]|\d{1,3}[.)])\s+")

# The same rules as `split_questions`, in DuckDB's regular expressions (RE2), so that the
# question bank is split, counted and searched where the rows are. RE2's \s and \d are
# ASCII only: these classes spell out what Python's str.isspace and \d accept.
_WHITE_SPACE = r"[\t-\r\x1c-\x20\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_MARKER = r"(?:[-*•‣–—]|\p{Nd}{1,3}[.)])"
# Where str.splitlines breaks a line: "\r\n", or one of these alone.
_LINE_BREAKS = ("\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_QUESTION_PATTERNS = {
    "edge_space": f"^{_WHITE_SPACE}+|{_WHITE_SPACE}+$",
    "marker": f"^{_MARKER}{_WHITE_SPACE}+",
    # A line `split_questions` drops: blank, a marker alone, or a marker after a marker ("- -").
    "no_question": f"{_WHITE_SPACE}*(?:{_MARKER}{_WHITE_SPACE}+{_MARKER}|{_MARKER})?{_WHITE_SPACE}*",
}


def _lines_of(column: str) -> str:
    """SQL for the list of lines of a text `column`, broken where str.splitlines breaks them.

    Every line break is first made a "\\n" (plain replacements, several times
    quicker in DuckDB than splitting on a regular expression).
    """
    text = column
    for line_break in _LINE_BREAKS:
        text = f"replace({text}, {'||'.join(f'chr({ord(c)})' for c in line_break)}, chr(10))"
    return f"string_split({text}, chr(10))"


@dataclass(frozen=True)
class PrepareScope:
    """Which interviews the Prepare page reads from; each field left None narrows nothing.

    - `application_id`: only the interviews of that application;
    - `stage`: only the interviews at that stage.

    Every list of this module but the application picker is of the interviews
    in scope or of their reflections (a reflection is in scope when its
    interview is). `PrepareScope()` is every interview.
    """

    application_id: int | None = None
    stage: str | None = None

    def where(self) -> tuple[str, dict[str, object]]:
        """The SQL condition keeping the interviews in scope, and the values it binds.

        The condition reads the interviews under the alias `i`, which the query
        must give them (`FROM interviews i`, or `reflections r JOIN interviews i
        ON i.id = r.interview_id`). It binds the values of the fields set, as
        `$application_id` and `$stage` (only those it uses: DuckDB refuses a
        parameter a query does not name); every interview gives `TRUE` and no
        values. Column names are fixed here; a value is never written into the text.
        """
        return reads.where_set(
            self, {"application_id": "i.application_id = $application_id", "stage": "i.stage = $stage"}
        )


# The reflections with their interviews `i`, which `PrepareScope.where()` reads.
_REFLECTIONS = "reflections r JOIN interviews i ON i.id = r.interview_id"


def _count(con: duckdb.DuckDBPyConnection, rows: str, condition: str, scope: PrepareScope) -> int:
    """How many of `rows` (fixed SQL naming the interviews `i`) meet `condition` (fixed SQL) and are in `scope`."""
    in_scope, params = scope.where()
    return reads.scalar(con, f"SELECT count(*) FROM {rows} WHERE {condition} AND {in_scope}", params)  # noqa: S608 (fixed fragments; values bound)


def split_questions(text: str | None) -> list[str]:
    """The questions typed one per line, without blank lines or list markers.

    "- Tell me about a conflict" and "1. Tell me about a conflict" both give
    "Tell me about a conflict"; a line that is only a marker is dropped.
    `question_bank` applies the same rules in SQL.
    """
    questions = []
    for line in (text or "").splitlines():
        question = _LIST_MARKER.sub("", line.strip()).strip()
        if question and not _LIST_MARKER.fullmatch(question + " "):
            questions.append(question)
    return questions


def _bound(sql: str, params: dict) -> dict:
    """The parameters `sql` names: DuckDB refuses one a query does not use."""
    return {name: value for name, value in params.items() if re.search(rf"\${name}\b", sql)}


def interviewed_applications(
    con: duckdb.DuckDBPyConnection, picker: ApplicationPicker = ApplicationPicker()
) -> pd.DataFrame:
    """Applications with at least one interview, most recently interviewed first, as `picker` offers them.

    Ties by newest application. Columns: id, company, role, last_held_at.
    """
    searched, params = picker.where()
    # Without a search, the latest interviews alone say which applications to read.
    found = (
        f"""
        SELECT n.* FROM interviewed n JOIN applications a ON a.id = n.application_id
        WHERE {searched}
        ORDER BY n.last_held_at DESC, n.application_id DESC
        LIMIT $limit
        """  # noqa: S608 (fixed clause; values bound)
        if params
        else "SELECT * FROM interviewed ORDER BY last_held_at DESC, application_id DESC LIMIT $limit"
    )
    sql = f"""
        WITH interviewed AS (
            SELECT application_id, max(held_at) AS last_held_at FROM interviews GROUP BY application_id
        ),
        found AS ({found}),
        picked AS (SELECT * FROM interviewed WHERE list_contains($including, application_id))
        SELECT a.id, a.company, a.role, n.last_held_at
        FROM (SELECT * FROM found UNION SELECT * FROM picked) n JOIN applications a ON a.id = n.application_id
        ORDER BY n.last_held_at DESC, a.id DESC
    """  # noqa: S608 (fixed clauses; values bound)
    return reads.frame(con, sql, {**params, **picker.offered()})


def count_interviewed_applications(con: duckdb.DuckDBPyConnection) -> int:
    """How many applications have at least one interview."""
    return reads.scalar(con, "SELECT count(DISTINCT application_id) FROM interviews")


def count_reflections(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> int:
    """How many reflections were written on the interviews in `scope`."""
    return _count(con, _REFLECTIONS, "TRUE", scope)


def dimension_trends(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> pd.DataFrame:
    """Each rating dimension's mean over the latest five reflections against the five before, weakest first.

    Reflections in `scope` are ordered by their interview's date, newest first
    (ties by newest reflection). `recent` is the mean of the dimension's ratings in
    reflections 1–5 and `earlier` in reflections 6–10, each rounded to one decimal
    (halves away from zero); a dimension left blank in a reflection is skipped,
    not counted as zero. `change` is recent − earlier (empty without earlier ratings); `recent_ratings` and `earlier_ratings` say
    how many ratings each mean is of. Dimensions never rated in the latest five
    are left out. Rows are ordered by `recent`, lowest first, then in the order of
    `data.store.schema.RATING_DIMENSIONS`.
    Columns: dimension, recent, earlier, change, recent_ratings, earlier_ratings.
    """
    in_scope, params = scope.where()
    return reads.frame(
        con,
        f"""
        WITH latest AS (
            SELECT i.held_at, r.id,
                   r.overall, r.communication, r.skills, r.examples, r.rapport, r.questions, r.preparation
            FROM {_REFLECTIONS}
            WHERE {in_scope}
            ORDER BY i.held_at DESC, r.id DESC
            LIMIT {2 * WINDOW}
        ),
        numbered AS (
            SELECT row_number() OVER (ORDER BY held_at DESC, id DESC) AS position,
                   overall, communication, skills, examples, rapport, questions, preparation
            FROM latest
        ),
        ratings AS (
            UNPIVOT numbered
            ON overall, communication, skills, examples, rapport, questions, preparation
            INTO NAME dimension VALUE rating
        ),
        means AS (
            SELECT dimension,
                   avg(rating) FILTER (WHERE position <= {WINDOW}) AS recent,
                   avg(rating) FILTER (WHERE position > {WINDOW}) AS earlier,
                   count(rating) FILTER (WHERE position <= {WINDOW}) AS recent_ratings,
                   count(rating) FILTER (WHERE position > {WINDOW}) AS earlier_ratings
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
        params,
    )


def _newest_first(
    con: duckdb.DuckDBPyConnection,
    scope: PrepareScope,
    limit: int | None,
    offset: int,
    *,
    rows: str,
    tie: str,
    shown: str,
) -> pd.DataFrame:
    """One page (`limit`, `offset`; all when `limit` is None) of `rows` in `scope`, newest interview first.

    All three are fixed SQL of this module. `rows` selects, from the interviews
    `i` and what they are joined to, the `id` of each row listed, its
    interview's `held_at` and `application_id`, and whatever else `shown`
    reads, ending with a WHERE clause (the scope's condition is added to it);
    `tie` is the column breaking ties of `held_at`, newest first; `shown`
    selects the columns of the result from that page, `p`. The page is chosen
    first, so that only its rows are joined to anything else.
    """
    in_scope, params = scope.where()
    sql = f"""
        WITH page AS (
            {rows} AND {in_scope}
            ORDER BY i.held_at DESC, {tie} DESC
            LIMIT $limit OFFSET $offset
        )
        {shown}
        ORDER BY p.held_at DESC, p.id DESC
    """  # noqa: S608 (fixed fragments; values bound)
    return reads.frame(con, sql, {**params, "limit": limit, "offset": offset})


def notes_to_address(
    con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope(), *, limit: int | None = None, offset: int = 0
) -> pd.DataFrame:
    """The "what to address next time" notes of the reflections in `scope`, newest interview first.

    One page of them with `limit` and `offset` (all when `limit` is None); ties
    by newest reflection. Columns: interview_id, held_at, company, role, stage,
    to_improve.
    """
    return _newest_first(
        con,
        scope,
        limit,
        offset,
        rows=f"""
            SELECT r.id, r.interview_id, i.held_at, i.application_id, i.stage
            FROM {_REFLECTIONS} WHERE r.to_improve IS NOT NULL
        """,  # noqa: S608 (fixed fragments)
        tie="r.id",
        shown="""
            SELECT p.interview_id, p.held_at, a.company, a.role, p.stage, r.to_improve
            FROM page p JOIN reflections r ON r.id = p.id JOIN applications a ON a.id = p.application_id
        """,
    )


def count_notes(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> int:
    """How many reflections in `scope` have a "what to address next time" note."""
    return _count(con, _REFLECTIONS, "r.to_improve IS NOT NULL", scope)


# The question bank in SQL. Each query starts from `asked`: the reflections in scope
# with questions typed (containing the search, when there is one). `_QUESTIONS` turns
# them into one row per question: their lines, with each line's place in its
# reflection, less the lines `split_questions` drops. `_QUESTION` is a line made the
# question shown (trimmed, one list marker removed).
_QUESTIONS = f"""
    asked_lines AS (
        SELECT asked.*, line.line, line.position
        FROM asked, unnest({_lines_of("asked.questions_asked")}) WITH ORDINALITY AS line (line, position)
    ),
    questions AS (
        SELECT * EXCLUDE (questions_asked) FROM asked_lines WHERE NOT regexp_full_match(line, $no_question)
    )
"""  # noqa: S608 (fixed fragments; values bound)
_QUESTION = "regexp_replace(regexp_replace(line, $edge_space, '', 'g'), $marker, '')"
_SEARCHED = "($wanted = '' OR contains(lower(r.questions_asked), $wanted))"
# Without a search, the questions are counted and paged from their lines alone, and
# only the page shown is cleaned; with one, the lines of the reflections containing it
# are cleaned to compare them.
_MATCHING = {
    False: "questions",
    True: f"(SELECT * FROM questions WHERE contains(lower({_QUESTION}), $wanted))",  # noqa: S608 (fixed fragments)
}
_IN_ORDER = "ORDER BY held_at DESC, reflection_id DESC, position"


def question_bank(
    con: duckdb.DuckDBPyConnection,
    scope: PrepareScope = PrepareScope(),
    search: str = "",
    *,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The questions the user was asked in the interviews of `scope`, newest interview first.

    The questions come from the reflections' "questions they asked me", one per
    line (see `split_questions`), in the order typed. With `search`, only
    questions containing it (ignoring case) are kept. One page of them with
    `limit` and `offset` (all when `limit` is None). `overall` is that
    interview's overall rating.
    Columns: question, held_at, company, role, stage, overall, interview_id.
    """
    wanted = search.strip().lower()
    in_scope, scope_params = scope.where()
    sql = f"""
        WITH asked AS (
            SELECT r.id AS reflection_id, r.interview_id, i.held_at, i.application_id, i.stage, r.overall,
                   r.questions_asked
            FROM {_REFLECTIONS}
            WHERE r.questions_asked IS NOT NULL AND {in_scope} AND {_SEARCHED}
            ORDER BY i.held_at DESC, r.id DESC
            LIMIT $reflections
        ),
        {_QUESTIONS},
        page AS (SELECT * FROM {_MATCHING[bool(wanted)]} {_IN_ORDER} LIMIT $limit OFFSET $offset)
        SELECT {_QUESTION} AS question, p.held_at, a.company, a.role, p.stage, p.overall, p.interview_id,
               (SELECT count(*) FROM asked) AS reflections_read
        FROM page p JOIN applications a ON a.id = p.application_id
        {_IN_ORDER}
    """  # noqa: S608 (fixed clauses; values bound)
    params = {**scope_params, **_QUESTION_PATTERNS, "wanted": wanted, "limit": limit, "offset": offset}
    # A reflection gives at least one question, nearly always: the page is then among the
    # newest `offset + limit` reflections, and only those need splitting. Every reflection
    # in scope is read when those gave fewer questions than the page holds although more
    # reflections were left (some held only list markers).
    bank = None
    if limit is not None:
        newest = reads.frame(con, sql, _bound(sql, {**params, "reflections": offset + limit}))
        if len(newest) == limit or (not newest.empty and newest["reflections_read"].iloc[0] < offset + limit):
            bank = newest
    if bank is None:
        bank = reads.frame(con, sql, _bound(sql, {**params, "reflections": None}))
    bank = bank.drop(columns="reflections_read")
    return bank.astype({"held_at": "datetime64[us]", "overall": "Int64", "interview_id": "Int64"})


def count_questions(
    con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope(), search: str = ""
) -> tuple[int, int]:
    """How many questions `question_bank` lists for `scope` and `search`, and from how many interviews."""
    wanted = search.strip().lower()
    in_scope, scope_params = scope.where()
    # The interviews are read only to keep those in scope.
    if scope != PrepareScope():
        in_scope = f"r.interview_id IN (SELECT i.id FROM interviews i WHERE {in_scope})"  # noqa: S608 (fixed fragments)
    sql = f"""
        WITH asked AS (
            SELECT r.id AS reflection_id, r.interview_id, r.questions_asked
            FROM reflections r
            WHERE r.questions_asked IS NOT NULL AND {in_scope} AND {_SEARCHED}
        ),
        {_QUESTIONS}
        SELECT count(*), count(DISTINCT interview_id) FROM {_MATCHING[bool(wanted)]}
    """  # noqa: S608 (fixed clauses; values bound)
    [(questions, interviews)] = reads.rows(
        con, sql, _bound(sql, {**scope_params, **_QUESTION_PATTERNS, "wanted": wanted})
    )
    return questions, interviews


def employer_feedback(
    con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope(), *, limit: int | None = None, offset: int = 0
) -> pd.DataFrame:
    """The feedback employers gave on the interviews in `scope`, newest interview first.

    Only interviews with feedback recorded; one page of them with `limit` and
    `offset` (all when `limit` is None); ties by newest interview. Columns:
    interview_id, held_at, company, role, stage, outcome, heard_back_on, feedback.
    """
    return _newest_first(
        con,
        scope,
        limit,
        offset,
        rows="SELECT i.id, i.held_at, i.application_id FROM interviews i WHERE i.feedback IS NOT NULL",
        tie="i.id",
        shown="""
            SELECT i.id AS interview_id, i.held_at, a.company, a.role, i.stage, i.outcome, i.heard_back_on, i.feedback
            FROM page p JOIN interviews i ON i.id = p.id JOIN applications a ON a.id = p.application_id
        """,
    )


def count_feedback(con: duckdb.DuckDBPyConnection, scope: PrepareScope = PrepareScope()) -> int:
    """How many interviews in `scope` have feedback from the employer recorded."""
    return _count(con, "interviews i", "i.feedback IS NOT NULL", scope)
