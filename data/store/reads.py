"""The one way to read: every query of the store and analytics goes through these helpers.

Each runs its query and fetches the whole result before returning, so no result is
ever left half-read on a cursor: one left open would block every later checkpoint
(DuckDB refuses while another cursor holds an unfinished result from before a
write), and the saved change would stay in the log rather than in the file. A
DuckDB error is raised as `StoreFailed`, one of Debrief's own (data/store/errors.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from data.store.errors import RecordGone, StoreFailed
from data.store.schema import RECORD_TABLES

Params = Sequence[object] | Mapping[str, object] | None
# What a read is given: a cursor of the process's connection (for the UI, which never imports DuckDB).
Cursor = duckdb.DuckDBPyConnection


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql, params if params is not None else [])
    except duckdb.Error as error:
        raise StoreFailed(str(error)) from error


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
    """Every row of the query's result, as tuples."""
    result = _run(con, sql, params)
    try:
        return result.fetchall()
    except duckdb.Error as error:
        raise StoreFailed(str(error)) from error


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> tuple[Any, ...] | None:
    """The first row of the query's result (None when it has none); the rest is read and dropped."""
    found = rows(con, sql, params)
    return found[0] if found else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> Any:
    """The first column of the first row (None when there is no row)."""
    row = one(con, sql, params)
    return row[0] if row is not None else None


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pd.DataFrame:
    """The whole result as a DataFrame with the query's column names."""
    result = _run(con, sql, params)
    try:
        return result.df()
    except duckdb.Error as error:
        raise StoreFailed(str(error)) from error


def exists(con: duckdb.DuckDBPyConnection, table: str, record_id: object) -> bool:
    """Whether `table` (one of the schema's `RECORD_TABLES`) holds a row with this `id`.

    The table's name is only ever taken from that list, never from the caller's text.
    """
    if table not in RECORD_TABLES:
        raise ValueError(f"not a table of records: {table}")
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?)"  # noqa: S608 (a name from RECORD_TABLES)
    return bool(scalar(con, sql, [record_id]))


def require(con: duckdb.DuckDBPyConnection, table: str, record_id: object, what: str) -> None:
    """Raise `RecordGone` (the user's word for it: `what`) unless `table` still holds `record_id`."""
    if not exists(con, table, record_id):
        raise RecordGone(what)


def has_any_application(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database holds at least one application."""
    return bool(scalar(con, "SELECT EXISTS (SELECT 1 FROM applications)"))


def like_pattern(text: str) -> str:
    """`%text%` for `ILIKE $pattern ESCAPE '\\'`, with the text's own `%`, `_` and `\\` matched literally.

    The text is trimmed first.
    """
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where_set(chosen: object, conditions: Mapping[str, str]) -> tuple[str, dict[str, object]]:
    """The SQL condition of a list's filter over the fields it has set, and the values it binds.

    `conditions` maps a field of `chosen` to fixed SQL that binds its value as
    `$<field>`. The result joins with AND the conditions of the fields whose
    value is not None, with those values by field; `TRUE` and no values when
    none is set. Only the values a condition uses are given: DuckDB refuses a
    parameter a query does not name. (The filters' `where()` methods build on it,
    e.g. `data.store.prepare.PrepareScope`.)
    """
    values = {name: value for name in conditions if (value := getattr(chosen, name)) is not None}
    return " AND ".join(conditions[name] for name in values) or "TRUE", values
