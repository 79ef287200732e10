"""Writing many rows at once: ids from the tables' own sequences, and whole frames inserted as sets.

Used by the import and the demo generator, inside a `Database.transaction()`.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

# Each table with an id, and the sequence that numbers it (see data/store/schema.py).
SEQUENCES = {
    "applications": "applications_id_seq",
    "contacts": "contacts_id_seq",
    "interviews": "interviews_id_seq",
    "reflections": "reflections_id_seq",
    "follow_ups": "follow_ups_id_seq",
}
# How a frame registered as `incoming` goes into each table, columns matched by name.
INSERTS = {
    "applications": "INSERT INTO applications BY NAME SELECT * FROM incoming",
    "contacts": "INSERT INTO contacts BY NAME SELECT * FROM incoming",
    "interviews": "INSERT INTO interviews BY NAME SELECT * FROM incoming",
    "reflections": "INSERT INTO reflections BY NAME SELECT * FROM incoming",
    "follow_ups": "INSERT INTO follow_ups BY NAME SELECT * FROM incoming",
    "interview_interviewers": "INSERT INTO interview_interviewers BY NAME SELECT * FROM incoming",
    "application_references": "INSERT INTO application_references BY NAME SELECT * FROM incoming",
}
TABLES = tuple(INSERTS)


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
    if table not in TABLES:
        raise ValueError(f"not a Debrief table: {table}")
    if frame.empty:
        return 0
    cur.register("incoming", frame)
    try:
        cur.execute(INSERTS[table])
    finally:
        cur.unregister("incoming")
    return len(frame)
