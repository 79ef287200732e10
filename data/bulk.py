"""Writing many rows at once: ids from the tables' own sequences, and whole frames inserted as sets.

Used by the import and the demo generator, inside a `Database.transaction()`.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

# Each table with an id, and the sequence that numbers it (see data/schema.py).
SEQUENCES = {
    "applications": "applications_id_seq",
    "contacts": "contacts_id_seq",
    "interviews": "interviews_id_seq",
    "reflections": "reflections_id_seq",
    "follow_ups": "follow_ups_id_seq",
}
TABLES = (*SEQUENCES, "interview_interviewers", "application_references")


def new_ids(cur: duckdb.DuckDBPyConnection, table: str, count: int) -> np.ndarray:
    """`count` fresh ids for `table`, taken from its sequence so later inserts cannot collide."""
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    sequence = SEQUENCES[table]
    # The sequence name comes from the fixed table above; the count is bound.
    rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [count]).fetchnumpy()  # noqa: S608
    return np.asarray(next(iter(rows.values())), dtype=np.int64)


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert every row of `frame` into `table`, matching columns by name; return how many.

    Columns the frame leaves out take the table's defaults (created_at and the like).
    """
    if table not in TABLES:
        raise ValueError(f"not a Debrief table: {table}")
    if frame.empty:
        return 0
    view = f"incoming_{table}"
    cur.register(view, frame)
    try:
        # Table and view names come from the fixed TABLES tuple, never from a file.
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")  # noqa: S608
    finally:
        cur.unregister(view)
    return len(frame)
