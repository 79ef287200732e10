"""Backups on demand, and restores that never lose the current data."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime

import duckdb
import pytest

import data.store.db
from data.operations.backup import (
    BrokenRules,
    DamagedBackup,
    IncompleteBackup,
    NotABackup,
    StillInUse,
    backup_now,
    check_backup,
    list_backups,
    restore_backup,
    restore_backup_bytes,
    verify_backup,
    verify_backup_bytes,
)
from data.operations.integrity import row_counts
from data.store.applications import Application, save_application
from data.store.db import BACKUPS_KEPT, Database, _explain, backups_dir, schema_version
from data.store.schema import LATEST_VERSION, MIGRATIONS, Migration
from tests.data_io.helpers import contents
from tests.data_io.hostile_backups import REFUSED_BECAUSE, before_restore_copies, fake_backup, hostile


def companies(path) -> list[str]:
    with closing(Database(path)) as db:
        return [r[0] for r in db.cursor().execute("SELECT company FROM applications ORDER BY id").fetchall()]


def test_backup_now_keeps_a_copy_beside_the_database_and_where_asked(filled_db, tmp_path):
    db, _ = filled_db
    kept = backup_now(db)
    assert kept.parent == backups_dir(db.path) and kept.name.endswith("-manual.duckdb")
    elsewhere = backup_now(db, tmp_path / "safe" / "my-backup.duckdb")
    assert elsewhere == tmp_path / "safe" / "my-backup.duckdb"
    assert check_backup(elsewhere).applications == 3
    listed = list_backups(db.path)
    assert list(listed["name"]) == sorted((p.name for p in backups_dir(db.path).glob("*.duckdb")), reverse=True)
    assert listed["taken"].is_monotonic_decreasing and len(listed) == 2


def test_restore_brings_back_the_backup_and_keeps_the_state_before(filled_db):
    db, _ = filled_db
    path = db.path
    backup = backup_now(db)
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    before_restore = restore_backup(db, backup)

    assert companies(path) == ["Acme", "Globex", "Initech"]
    assert before_restore.parent == backups_dir(path) and before_restore.name.endswith("-before-restore.duckdb")
    assert companies(before_restore) == ["Acme", "Globex", "Initech", "Hooli"]
    assert not list(path.parent.glob(".*restoring*"))


def test_restore_from_uploaded_bytes(filled_db):
    db, _ = filled_db
    path = db.path
    content = backup_now(db).read_bytes()
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    restore_backup_bytes(db, content)
    assert companies(path) == ["Acme", "Globex", "Initech"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not a database at all, just text", "not a Debrief backup"),
        (b"", "not a Debrief backup"),
    ],
)
def test_restoring_something_that_is_not_a_backup_changes_nothing(filled_db, tmp_path, content, words):
    db, _ = filled_db
    before = contents(db.cursor())
    backups_before = sorted(backups_dir(db.path).glob("*")) if backups_dir(db.path).exists() else []
    fake = tmp_path / "fake.duckdb"
    fake.write_bytes(content)
    with pytest.raises(NotABackup, match=words):
        restore_backup(db, fake)
    # The same data, no backup taken, no copy left behind.
    assert contents_of(db.path) == before
    assert (sorted(backups_dir(db.path).glob("*")) if backups_dir(db.path).exists() else []) == backups_before
    assert not list(db.path.parent.glob(".*restoring*"))


def contents_of(path) -> dict:
    with closing(Database(path)) as reopened:
        return contents(reopened.cursor())


def test_a_restore_while_another_connection_holds_the_file_replaces_nothing(filled_db):
    """Another connection in this process would keep the old file alive unseen: the restore refuses instead."""
    db, _ = filled_db
    path = db.path
    backup = backup_now(db)
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    with closing(Database(path)) as other:
        with pytest.raises(StillInUse):
            restore_backup(db, backup)
        assert companies_of(other) == ["Acme", "Globex", "Initech", "Hooli"]
    assert companies(path) == ["Acme", "Globex", "Initech", "Hooli"]
    assert not list(path.parent.glob(".*restoring*"))


def test_a_duckdb_file_that_is_not_debriefs_is_refused(filled_db, tmp_path):
    db, _ = filled_db
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(NotABackup, match="not one of Debrief's"):
        restore_backup(db, other)
    assert companies(db.path) == ["Acme", "Globex", "Initech"]


def companies_of(db: Database) -> list[str]:
    return [r[0] for r in db.cursor().execute("SELECT company FROM applications ORDER BY id").fetchall()]


def test_a_backup_from_a_newer_debrief_is_refused(filled_db, tmp_path):
    db, _ = filled_db
    newer = backup_now(db, tmp_path / "newer.duckdb")
    with duckdb.connect(str(newer)) as con:
        con.execute(
            "INSERT INTO schema_version (version, description) VALUES (?, 'from the future')", [LATEST_VERSION + 1]
        )
    with pytest.raises(NotABackup, match="newer Debrief"):
        restore_backup(db, newer)
    assert companies(db.path) == ["Acme", "Globex", "Initech"]


def test_the_database_itself_is_not_a_backup_of_itself(filled_db):
    db, _ = filled_db
    with pytest.raises(NotABackup, match="database itself"):
        restore_backup(db, db.path)
    assert companies(db.path) == ["Acme", "Globex", "Initech"]


def test_restoring_an_older_backup_updates_it_after_a_backup(filled_db, monkeypatch):
    """A backup from before a schema change comes back, and the next open migrates it with a backup first."""
    db, _ = filled_db
    path = db.path
    old_backup = backup_now(db)
    salary = Migration(LATEST_VERSION + 1, "salary", ("ALTER TABLE applications ADD COLUMN salary VARCHAR",))
    db.close()
    for module in (data.store.db, data.store.schema):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, salary))
        monkeypatch.setattr(module, "LATEST_VERSION", salary.version)
    newer = Database(path)
    assert newer.migration_backup is not None
    # Verified as it will be after the update: an older backup is fine when it updates cleanly.
    verification = verify_backup(old_backup)
    assert verification.ok and verification.version == LATEST_VERSION
    assert verification.counts["applications"] == 3
    restore_backup(newer, old_backup)
    with closing(Database(path)) as reopened:
        assert schema_version(reopened.cursor()) == salary.version
        assert reopened.migration_backup is not None and reopened.migration_backup.name.endswith(
            f"-before-v{salary.version}.duckdb"
        )
        assert companies_of(reopened) == ["Acme", "Globex", "Initech"]


def state_of(path) -> tuple:
    """Everything a restore could change: the rows, the file's bytes, and every file in the backups folder."""
    folder = backups_dir(path)
    kept = {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}
    return contents_of(path), path.read_bytes(), kept


@pytest.mark.parametrize("kind", ["fake", "truncated"])
def test_a_hostile_backup_restored_six_times_leaves_the_data_and_the_copy_before_intact(filled_db, tmp_path, kind):
    db, _ = filled_db
    path = db.path
    # An earlier, genuine restore left a copy of the data as it was before it (with Hooli).
    older = backup_now(db, tmp_path / "older.duckdb")
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    first_copy = restore_backup(db, older)
    bad = hostile(kind, tmp_path / "hostile")
    before = state_of(path)

    for attempt in range(6):
        with pytest.raises(NotABackup, match=REFUSED_BECAUSE[kind]):
            restore_backup(Database(path), bad)
        assert state_of(path) == before, f"attempt {attempt + 1}"

    assert companies(path) == ["Acme", "Globex", "Initech"]
    assert before_restore_copies(path) == [first_copy]
    assert companies(first_copy) == ["Acme", "Globex", "Initech", "Hooli"]
    assert not list(path.parent.glob(".*restoring*"))


@pytest.mark.parametrize("kind", ["fake", "truncated"])
def test_a_hostile_upload_is_refused_and_changes_nothing(filled_db, tmp_path, kind):
    db, _ = filled_db
    path = db.path
    counts = row_counts(db.cursor())
    before = state_of(path)
    content = hostile(kind, tmp_path / "hostile").read_bytes()
    with pytest.raises(NotABackup, match=REFUSED_BECAUSE[kind]):
        restore_backup_bytes(db, content)
    assert state_of(path) == before
    with closing(Database(path)) as reopened:
        assert row_counts(reopened.cursor()) == counts


def test_the_copy_taken_before_a_restore_outlives_any_number_of_backups_and_restores(filled_db, tmp_path):
    """Restoring a wrong (but sound) backup again and again, as an unsure user might, never rotates the first copy away."""
    db, _ = filled_db
    path = db.path
    older = backup_now(db, tmp_path / "older.duckdb")
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    first_copy = restore_backup(db, older)
    for _ in range(6):
        again = Database(path)
        for _ in range(BACKUPS_KEPT):
            again.backup("before-delete")
        restore_backup(again, older)

    assert first_copy.exists() and companies(first_copy) == ["Acme", "Globex", "Initech", "Hooli"]
    assert len(before_restore_copies(path)) == 7
    rotated = [p for p in backups_dir(path).glob("auto-*.duckdb") if not p.name.endswith("-before-restore.duckdb")]
    assert len(rotated) == BACKUPS_KEPT


def test_verification_tells_what_a_sound_backup_holds(filled_db):
    db, _ = filled_db
    with db.transaction() as cur:
        cur.execute("UPDATE applications SET updated_at = TIMESTAMP '2026-03-21 09:15' WHERE company = 'Acme'")
    backup = backup_now(db)
    verification = verify_backup(backup)
    assert verification.ok and verification.refusal is None
    assert verification.version == LATEST_VERSION
    assert verification.counts == row_counts(db.cursor())
    assert verification.counts["applications"] == 3 and verification.counts["interviews"] == 3
    assert verification.last_change is not None and verification.last_change >= datetime(2026, 3, 21, 9, 15)
    assert verification.size == backup.stat().st_size
    assert verify_backup_bytes(backup.read_bytes()).counts == verification.counts


def test_a_fake_backup_is_refused_naming_the_tables_and_columns_it_lacks(tmp_path):
    verification = verify_backup(fake_backup(tmp_path / "fake.duckdb"))
    assert isinstance(verification.refusal, IncompleteBackup)
    assert verification.refusal.title == "This file lacks parts of Debrief's database"
    advice = verification.refusal.advice
    assert (
        "the tables application_references, interview_interviewers, reflection_drafts, settings are missing" in advice
    )
    assert "the table applications lacks" in advice and "(id, company, role, location, …)" in advice


def test_a_backup_missing_one_column_is_refused_naming_it(filled_db, tmp_path):
    db, _ = filled_db
    backup = backup_now(db, tmp_path / "edited.duckdb")
    with duckdb.connect(str(backup)) as con:
        con.execute("ALTER TABLE reflections DROP COLUMN thank_you_topic")
    with pytest.raises(IncompleteBackup, match=r"the column reflections\.thank_you_topic is missing"):
        check_backup(backup)


def test_a_backup_whose_rows_break_a_rule_is_refused_naming_the_rule(filled_db, tmp_path):
    """DuckDB's keys cannot say that a follow-up belongs to its interview's application; the check does."""
    db, ids = filled_db
    backup = backup_now(db, tmp_path / "crossed.duckdb")
    with duckdb.connect(str(backup)) as con:
        con.execute(
            "INSERT INTO follow_ups (interview_id, application_id, kind, due_at) VALUES (?, ?, 'thank_you', ?)",
            [ids["acme_screen"], ids["globex"], datetime(2026, 3, 10, 9)],
        )
    with pytest.raises(BrokenRules, match="a follow-up of an interview belongs to that interview's application"):
        check_backup(backup)
    assert companies(db.path) == ["Acme", "Globex", "Initech"]


def test_a_backup_cut_short_is_refused_as_cut_short_naming_the_table(tmp_path):
    verification = verify_backup(hostile("truncated", tmp_path))
    assert isinstance(verification.refusal, DamagedBackup)
    assert verification.refusal.title == "This file is cut short or damaged"
    assert "(the table " in verification.refusal.advice


def test_verifying_an_older_backup_updates_a_copy_never_the_file(filled_db, tmp_path, monkeypatch):
    db, _ = filled_db
    backup = backup_now(db, tmp_path / "older.duckdb")
    beside = sorted(p.name for p in tmp_path.iterdir())
    content = backup.read_bytes()
    salary = Migration(LATEST_VERSION + 1, "salary", ("ALTER TABLE applications ADD COLUMN salary VARCHAR",))
    for module in (data.store.db, data.store.schema):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, salary))
        monkeypatch.setattr(module, "LATEST_VERSION", salary.version)
    verification = verify_backup(backup)
    assert verification.ok and verification.version == LATEST_VERSION
    assert backup.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == beside


@pytest.mark.parametrize(
    "message",
    [
        'IO Error: Cannot open file "/media/usb/debrief.duckdb": Read-only file system',
        'IO Error: Cannot open file "/home/ana/debrief.duckdb": Permission denied',
    ],
)
def test_duckdbs_own_read_only_messages_say_the_place_is_read_only(message, tmp_path):
    problem = _explain(tmp_path / "debrief.duckdb", message)
    assert problem.title == "Debrief may not write to this database"
    assert "read-only" in problem.advice and "DEBRIEF_DB" in problem.advice
