"""Writing many rows at once: ids from the tables' own sequences, and whole frames inserted as sets.

Used by the import and the demo generator, inside a `Database.transaction()`.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from data.store.schema import LINK_TABLES, RECORD_TABLES, TABLES

# The tables written in bulk: the records and the links between them, in the schema's
# foreign-key order (data/store/schema.py), the order to write them in.
BULK_TABLES = tuple(table for table in TABLES if table in RECORD_TABLES or table in LINK_TABLES)
# Each record's table and the sequence that numbers it.
SEQUENCES = {table: f"{table}_id_seq" for table in RECORD_TABLES}
# How a frame registered as `incoming` goes into each table, columns matched by name.
INSERTS = {table: f"INSERT INTO {table} BY NAME SELECT * FROM incoming" for table in BULK_TABLES}  # noqa: S608 (fixed names)


def new_ids(cur: duckdb.DuckDBPyConnection, table: str, count: int) -> np.ndarray:
    """`count` fresh ids for `table`, taken from its sequence so later inserts cannot collide."""
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    rows = cur.execute("SELECT nextval(?) FROM range(?)", [SEQUENCES[table], count]).fetchnumpy()
    return np.asarray(next(iter(rows.values())), dtype=np.int64)


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert every row of `frame` into `table`, matching columns by name; return how many.

    Columns the frame leaves out take the table's defaults (created_at and the like).
    """
    if table not in BULK_TABLES:
        raise ValueError(f"not a Debrief table: {table}")
    if frame.empty:
        return 0
    cur.register("incoming", frame)
    try:
        cur.execute(INSERTS[table])
    finally:
        cur.unregister("incoming")
    return len(frame)
