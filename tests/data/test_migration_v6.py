"""Migration v6 adds the reflection drafts: a v5 database keeps every row, and its interviews can hold drafts."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

import data.store.db
from data.operations.demo import generate_demo
from data.operations.integrity import TABLES, check_database
from data.store.db import Database, schema_version
from data.store.reflections import Reflection, get_draft, save_draft
from data.store.schema import MIGRATIONS

BEFORE_V6 = tuple(m for m in MIGRATIONS if m.version < 6)
V5_TABLES = tuple(table for table in TABLES if table != "reflection_drafts")


def _everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table a v5 database has, ordered."""
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in V5_TABLES}  # noqa: S608


@pytest.fixture
def v5_database(db_path, monkeypatch):
    """A database at v5 holding a 30-application demo search and a setting."""
    monkeypatch.setattr(data.store.db, "MIGRATIONS", BEFORE_V6)
    monkeypatch.setattr(data.store.db, "LATEST_VERSION", 5)
    old = Database(db_path)
    generate_demo(old, 30, seed=7, today=date(2026, 3, 1))
    with old.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('weekly_goal', '7')")
    with old.cursor() as con:
        before = _everything(con)
    old.close()
    monkeypatch.undo()
    monkeypatch.setenv("DEBRIEF_DB", str(db_path))
    assert all(before[table] for table in ("applications", "interviews", "reflections", "follow_ups", "settings"))
    return db_path, before


def test_v6_keeps_every_row_and_adds_an_empty_drafts_table(v5_database):
    path, before = v5_database
    db = Database(path)
    try:
        con = db.cursor()
        assert schema_version(con) == 6
        assert _everything(con) == before
        assert con.execute("SELECT count(*) FROM reflection_drafts").fetchall() == [(0,)]
        assert db.migration_backup is not None and db.migration_backup.name.endswith("-before-v6.duckdb")
        assert [f for f in check_database(con) if not f.ok] == []
    finally:
        db.close()


def test_after_v6_an_interview_of_the_old_search_keeps_a_draft(v5_database):
    path, before = v5_database
    interview = before["interviews"][0][0]
    db = Database(path)
    try:
        save_draft(db, Reflection(interview, 4, went_well="Typed after the update"), original=None)
        assert get_draft(db.cursor(), interview).typed.went_well == "Typed after the update"
    finally:
        db.close()
