"""The check run after every test that damages or stresses a database: does it open, and read whole?"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from data.store.db import Database

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    "applications",
    "interviews",
    "contacts",
    "interview_interviewers",
    "application_references",
    "reflections",
    "follow_ups",
    "settings",
    "reflection_drafts",
)


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order: equal snapshots mean nothing changed."""
    con = db.cursor()
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


def read_every_table(path: Path) -> dict[str, int]:
    """Open `path` read-only at the current schema and read every row of every table; rows per table."""
    db = Database(path, read_only=True)
    try:
        con = db.cursor()
        tables = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        # Reading every column of every row makes DuckDB verify each block's checksum.
        return {table: len(con.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables}
    finally:
        db.close()


def assert_database_intact(path: Path) -> None:
    """`python cli.py check` passes on `path`, and every table reads back whole."""
    counts = read_every_table(path)
    assert {"applications", "interviews", "reflections", "follow_ups", "contacts"} <= set(counts)
    checked = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), "check"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DEBRIEF_DB": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.rstrip().endswith("checks passed."), checked.stdout
