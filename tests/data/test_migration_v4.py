"""Migration v4 rebuilds every table: nothing saved may be lost, ids and sequences carry on."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

import data.db
from data.applications import Application, save_application
from data.db import Database, schema_version
from data.reflections import Reflection, save_reflection
from data.schema import MIGRATIONS, NOTE_MAX
from tests.conftest import build_small_search

TABLES = (
    "applications",
    "contacts",
    "interviews",
    "interview_interviewers",
    "application_references",
    "reflections",
    "follow_ups",
    "settings",
)
BEFORE_V4 = tuple(m for m in MIGRATIONS if m.version < 4)


def _everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, with the columns that existed before v4."""
    rows = {}
    for table in TABLES:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
            ).fetchall()
        ]
        kept = ", ".join(c for c in columns if not (table == "contacts" and c == "updated_at"))
        rows[table] = con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()  # noqa: S608 (fixed names)
    return rows


@pytest.fixture
def v3_database(db_path, monkeypatch):
    """A database at v3 holding a small search with a reflection, follow-ups, a reference and a setting."""
    monkeypatch.setattr(data.db, "MIGRATIONS", BEFORE_V4)
    monkeypatch.setattr(data.db, "LATEST_VERSION", 3)
    old = Database(db_path)
    ids = build_small_search(old)
    save_reflection(old, Reflection(ids["acme_screen"], overall=4, went_well="Clear story"))
    with old.transaction() as cur:
        cur.execute("UPDATE reflections SET thank_you_topic = 'how the team runs on-call'")
        cur.execute("UPDATE interview_interviewers SET thank_you_topic = 'their move to event sourcing'")
        cur.execute("INSERT INTO contacts (name, kind) VALUES ('Priya Shah', 'reference')")
        cur.execute(
            "INSERT INTO application_references (application_id, contact_id) "
            "SELECT ?, id FROM contacts WHERE name = 'Priya Shah'",
            [ids["acme"]],
        )
        cur.execute("UPDATE applications SET about = 'streaming pipelines' WHERE id = ?", [ids["acme"]])
        cur.execute("INSERT INTO settings VALUES ('weekly_goal', '7')")
    with old.cursor() as con:
        before = _everything(con)
        [(follow_ups,)] = con.execute("SELECT count(*) FROM follow_ups").fetchall()
    old.close()
    monkeypatch.undo()
    monkeypatch.setenv("DEBRIEF_DB", str(db_path))
    assert follow_ups > 0
    return db_path, before


def test_v4_keeps_every_row_and_id(v3_database):
    path, before = v3_database
    db = Database(path)
    try:
        assert schema_version(db.cursor()) == MIGRATIONS[-1].version
        assert _everything(db.cursor()) == before
        assert db.migration_backup is not None
    finally:
        db.close()


def test_v4_new_ids_carry_on_after_the_old_ones(v3_database):
    path, before = v3_database
    db = Database(path)
    try:
        new_id = save_application(db, Application("Hooli", "Engineer", date(2026, 4, 1)))
        assert new_id > max(row[0] for row in before["applications"])
    finally:
        db.close()


def test_v4_contacts_know_when_they_changed(v3_database):
    path, _ = v3_database
    db = Database(path)
    try:
        rows = db.cursor().execute("SELECT created_at = updated_at FROM contacts").fetchall()
        assert rows and all(same for (same,) in rows)
    finally:
        db.close()


def test_after_v4_an_application_date_may_be_unknown(db):
    with db.transaction() as cur:
        cur.execute("INSERT INTO applications (company, role, applied_on) VALUES ('Acme', 'Analyst', NULL)")
    assert db.cursor().execute("SELECT applied_on FROM applications").fetchall() == [(None,)]


def test_after_v4_notes_hold_a_long_paste(db):
    long_note = "x" * NOTE_MAX
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (company, role, applied_on, notes) VALUES ('Acme', 'Analyst', ?, ?)",
            [date(2026, 3, 1), long_note],
        )
    [(stored,)] = db.cursor().execute("SELECT length(notes) FROM applications").fetchall()
    assert stored == NOTE_MAX >= 50_000


def test_after_v4_follow_ups_keep_their_indexes(db):
    names = {n for (n,) in db.cursor().execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert {"follow_ups_interview_idx", "follow_ups_application_idx"} <= names


def test_after_v4_the_interview_date_check_still_holds(db):
    app_id = save_application(db, Application("Acme", "Analyst", date(2026, 3, 1)))
    with pytest.raises(duckdb.ConstraintException), db.transaction() as cur:
        cur.execute(
            "INSERT INTO interviews (application_id, stage, format, held_at, heard_back_on) "
            "VALUES (?, 'screen', 'video', ?, ?)",
            [app_id, datetime(2026, 3, 9, 10), date(2026, 3, 1)],
        )
