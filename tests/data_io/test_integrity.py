"""The integrity check finds what breaks the schema's rules, in a file written by other means."""

from __future__ import annotations

import duckdb

from data.operations.integrity import STRUCTURE_RULE, check_database, row_counts
from data.store.schema import LATEST_VERSION, TABLES


def test_a_sound_database_passes_every_check(filled_db):
    db, _ = filled_db
    findings = check_database(db.cursor())
    assert findings and all(f.ok for f in findings)
    assert row_counts(db.cursor())["applications"] == 3


def test_row_counts_name_each_table_with_its_own_count(filled_db):
    db, _ = filled_db
    con = db.cursor()
    with db.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('weekly_goal', '7'), ('signature', 'Ana')")
    counts = row_counts(con)
    assert list(counts) == list(TABLES)
    assert counts == {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}  # noqa: S608
    assert counts["settings"] == 2
    assert len(set(counts.values())) > 3  # the tables hold different numbers of rows, so the order is checked


def loose_copy(tmp_path) -> duckdb.DuckDBPyConnection:
    """Debrief's tables without their constraints, as a file written by other means could hold them."""
    con = duckdb.connect(str(tmp_path / "loose.duckdb"))
    con.execute("CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_version VALUES (?, 'as Debrief writes it', localtimestamp)", [LATEST_VERSION])
    con.execute(
        "CREATE TABLE applications (id INTEGER, company VARCHAR, role VARCHAR, location VARCHAR, source VARCHAR,"
        " url VARCHAR, applied_on DATE, responded_on DATE, status VARCHAR, notes VARCHAR)"
    )
    con.execute("ALTER TABLE applications ADD COLUMN about VARCHAR")  # schema v3
    con.execute(
        "CREATE TABLE interviews (id INTEGER, application_id INTEGER, stage VARCHAR, format VARCHAR,"
        " held_at TIMESTAMP, outcome VARCHAR, heard_back_on DATE, feedback VARCHAR)"
    )
    con.execute(
        "CREATE TABLE contacts (id INTEGER, name VARCHAR, kind VARCHAR, email VARCHAR, phone VARCHAR,"
        " company VARCHAR, title VARCHAR, relationship VARCHAR, notes VARCHAR)"
    )
    con.execute("CREATE TABLE interview_interviewers (interview_id INTEGER, contact_id INTEGER)")
    con.execute("CREATE TABLE application_references (application_id INTEGER, contact_id INTEGER)")
    con.execute(
        "CREATE TABLE reflections (id INTEGER, interview_id INTEGER, written_at TIMESTAMP, overall INTEGER,"
        " communication INTEGER, skills INTEGER, examples INTEGER, rapport INTEGER, questions INTEGER,"
        " preparation INTEGER, stress INTEGER, went_well VARCHAR, to_improve VARCHAR, topics VARCHAR,"
        " questions_asked VARCHAR, other_notes VARCHAR)"
    )
    con.execute(
        "CREATE TABLE follow_ups (id INTEGER, interview_id INTEGER, application_id INTEGER, kind VARCHAR,"
        " contact_id INTEGER, due_at TIMESTAMP, done_at TIMESTAMP, snoozed_until TIMESTAMP, skipped_at TIMESTAMP,"
        " skip_reason VARCHAR, note VARCHAR)"
    )
    con.execute("CREATE TABLE settings (key VARCHAR, value VARCHAR)")
    con.execute("CREATE TABLE reflection_drafts (interview_id INTEGER, overall INTEGER)")  # schema v6
    return con


def test_broken_rules_are_each_found_and_counted(tmp_path):
    con = loose_copy(tmp_path)
    con.execute(
        "INSERT INTO applications VALUES (1, 'Acme', 'Dev', NULL, NULL, NULL, '2026-03-02', '2026-03-01', 'hired', NULL,"
        " NULL), (2, 'Globex', 'Analyst', NULL, NULL, NULL, '2026-03-03', NULL, 'applied', repeat('x', 100001), NULL)"
    )
    con.execute(
        "INSERT INTO interviews VALUES (1, 1, 'screen', 'phone', '2026-03-09 10:00', 'pending', NULL, NULL),"
        " (2, 99, 'screen', 'phone', '2026-03-09 10:00', 'pending', NULL, NULL)"
    )
    con.execute("INSERT INTO reflections (id, interview_id, overall) VALUES (1, 1, 7), (2, 1, 3)")
    con.execute("INSERT INTO reflection_drafts VALUES (1, 4), (98, 2)")
    con.execute(
        "INSERT INTO follow_ups (id, interview_id, application_id, kind, due_at) VALUES (1, 1, 2, 'thank_you', '2026-03-10')"
    )
    broken = {f.rule: f.breaking for f in check_database(con) if not f.ok}
    # Written without Debrief's keys, defaults and checks: the structure is not Debrief's either.
    assert broken.pop(STRUCTURE_RULE) > 0
    assert broken == {
        "a reply comes on or after the date applied": 1,
        "applications.status is one of applied, screening, interviewing, offer, accepted, rejected, withdrawn, ghosted": 1,
        "applications.notes is at most 100,000 characters": 1,
        "every interview belongs to an application": 1,
        "an interview has at most one reflection": 1,
        "reflections.overall is a rating from 1 to 5": 1,
        "a follow-up of an interview belongs to that interview's application": 1,
        "every reflection draft belongs to an interview": 1,
    }
