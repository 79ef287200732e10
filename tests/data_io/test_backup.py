"""Backups on demand, and restores that never lose the current data."""

from __future__ import annotations

from datetime import date

import pytest

import data.db
from data.applications import Application, save_application
from data.backup import (
    NotABackup,
    StillInUse,
    backup_now,
    check_backup,
    list_backups,
    restore_backup,
    restore_backup_bytes,
)
from data.db import Database, backups_dir, schema_version
from data.schema import LATEST_VERSION, MIGRATIONS, Migration
from tests.data_io.helpers import contents


def companies(path) -> list[str]:
    db = Database(path)
    try:
        return [r[0] for r in db.cursor().execute("SELECT company FROM applications ORDER BY id").fetchall()]
    finally:
        db.close()


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
    reopened = Database(path)
    try:
        return contents(reopened.cursor())
    finally:
        reopened.close()


def test_a_restore_while_another_connection_holds_the_file_replaces_nothing(filled_db):
    """Another connection in this process would keep the old file alive unseen: the restore refuses instead."""
    db, _ = filled_db
    path = db.path
    backup = backup_now(db)
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    other = Database(path)
    try:
        with pytest.raises(StillInUse):
            restore_backup(db, backup)
        assert companies_of(other) == ["Acme", "Globex", "Initech", "Hooli"]
    finally:
        other.close()
    assert companies(path) == ["Acme", "Globex", "Initech", "Hooli"]
    assert not list(path.parent.glob(".*restoring*"))


def test_a_duckdb_file_that_is_not_debriefs_is_refused(filled_db, tmp_path):
    import duckdb

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
    import duckdb

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
    for module in (data.db, data.schema):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, salary))
        monkeypatch.setattr(module, "LATEST_VERSION", salary.version)
    newer = Database(path)
    assert newer.migration_backup is not None
    restore_backup(newer, old_backup)
    reopened = Database(path)
    try:
        assert schema_version(reopened.cursor()) == salary.version
        assert reopened.migration_backup is not None and reopened.migration_backup.name.endswith(
            f"-before-v{salary.version}.duckdb"
        )
        assert companies_of(reopened) == ["Acme", "Globex", "Initech"]
    finally:
        reopened.close()
