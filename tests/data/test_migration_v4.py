"""Migration v4 rebuilds every table: nothing saved may be lost, ids and sequences carry on."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime

import duckdb
import pytest

import data.store.db
from data.store.applications import Application, save_application
from data.store.db import Database, schema_version
from data.store.errors import StoreFailed
from data.store.schema import MIGRATIONS, NOTE_MAX

# The tables as they were at v3, written out: like the migration, this test is about the past.
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
# Columns that migrations after v3 add: compared rows leave them out.
ADDED_SINCE_V3 = {"contacts": ("updated_at",), "interviews": ("no_answer_on",)}


def _everything(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, with the columns that existed at v3."""
    rows = {}
    for table in TABLES:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
            ).fetchall()
        ]
        kept = ", ".join(c for c in columns if c not in ADDED_SINCE_V3.get(table, ()))
        rows[table] = con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()  # noqa: S608 (fixed names)
    return rows


@pytest.fixture
def v3_database(db_path, monkeypatch):
    """A database at v3 holding a small search with a reflection, follow-ups, a reference and a setting."""
    monkeypatch.setattr(data.store.db, "MIGRATIONS", BEFORE_V4)
    monkeypatch.setattr(data.store.db, "LATEST_VERSION", 3)
    old = Database(db_path)
    # Written as v3 stored them: today's store functions write columns v3 did not have.
    with old.transaction() as cur:
        for statement in (
            "INSERT INTO applications (company, role, applied_on, responded_on, status, about) VALUES"
            " ('Acme', 'Data Engineer', DATE '2026-03-02', DATE '2026-03-05', 'interviewing', 'streaming pipelines'),"
            " ('Globex', 'Analyst', DATE '2026-03-03', NULL, 'applied', NULL)",
            "INSERT INTO contacts (name, kind, email) VALUES ('Dana Lee', 'interviewer', 'dana@acme.example'),"
            " ('Priya Shah', 'reference', NULL)",
            "INSERT INTO interviews (application_id, stage, format, held_at, outcome, heard_back_on) VALUES"
            " (1, 'screen', 'phone', TIMESTAMP '2026-03-09 10:00', 'advanced', DATE '2026-03-11')",
            "INSERT INTO interview_interviewers VALUES (1, 1, 'their move to event sourcing')",
            "INSERT INTO application_references (application_id, contact_id) VALUES (1, 2)",
            "INSERT INTO reflections (interview_id, overall, went_well, thank_you_topic) VALUES"
            " (1, 4, 'Clear story', 'how the team runs on-call')",
            "INSERT INTO follow_ups (interview_id, application_id, kind, contact_id, due_at) VALUES"
            " (1, 1, 'thank_you', 1, TIMESTAMP '2026-03-10 10:00'),"
            " (1, 1, 'reference_heads_up', 2, TIMESTAMP '2026-03-10 09:00')",
            "INSERT INTO settings VALUES ('weekly_goal', '7')",
        ):
            cur.execute(statement)
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
    with closing(Database(path)) as db:
        assert schema_version(db.cursor()) == MIGRATIONS[-1].version
        assert _everything(db.cursor()) == before
        assert db.migration_backup is not None


def test_v4_new_ids_carry_on_after_the_old_ones(v3_database):
    path, before = v3_database
    with closing(Database(path)) as db:
        new_id = save_application(db, Application("Hooli", "Engineer", date(2026, 4, 1)))
        assert new_id > max(row[0] for row in before["applications"])


def test_v4_contacts_know_when_they_changed(v3_database):
    path, _ = v3_database
    with closing(Database(path)) as db:
        rows = db.cursor().execute("SELECT created_at = updated_at FROM contacts").fetchall()
        assert rows and all(same for (same,) in rows)


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
    with pytest.raises(StoreFailed), db.transaction() as cur:
        cur.execute(
            "INSERT INTO interviews (application_id, stage, format, held_at, heard_back_on) "
            "VALUES (?, 'screen', 'video', ?, ?)",
            [app_id, datetime(2026, 3, 9, 10), date(2026, 3, 1)],
        )
