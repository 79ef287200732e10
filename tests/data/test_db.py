"""Opening the database: where it lives, migrations and their backups, refusals, serialised writes."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

import data.store.db
from data.store.applications import Application, count_applications, get_application, save_application
from data.store.db import Database, DatabaseUnavailable, backups_dir, database_path, schema_version
from data.store.schema import LATEST_VERSION, MIGRATIONS, Migration
from tests.other_process import held_by_another_process


def use_migrations(monkeypatch, migrations: tuple[Migration, ...]) -> None:
    """Make the app believe its schema is `migrations` (data.store.db reads these names at import)."""
    monkeypatch.setattr(data.store.db, "MIGRATIONS", migrations)
    monkeypatch.setattr(data.store.db, "LATEST_VERSION", migrations[-1].version)
    monkeypatch.setattr("data.store.schema.MIGRATIONS", migrations)
    monkeypatch.setattr("data.store.schema.LATEST_VERSION", migrations[-1].version)


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()
    ]


def one_application(db: Database) -> int:
    return save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 1), notes="Referred by Kim"))


SALARY_COLUMN = Migration(
    LATEST_VERSION + 1,
    "salary expectations",
    ("ALTER TABLE applications ADD COLUMN salary VARCHAR", "UPDATE applications SET salary = 'unknown'"),
)


# Where the database lives


def test_database_path_is_debrief_db_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("DEBRIEF_DB", str(tmp_path / "mine.duckdb"))
    assert database_path() == tmp_path / "mine.duckdb"


def test_database_path_defaults_to_data_folder(monkeypatch):
    monkeypatch.delenv("DEBRIEF_DB", raising=False)
    assert database_path() == data.store.db.PROJECT_ROOT / "data" / "debrief.duckdb"


def test_first_open_creates_the_file_and_its_folder_at_the_latest_version(tmp_path):
    path = tmp_path / "new" / "folder" / "debrief.duckdb"
    db = Database(path)
    try:
        assert path.exists()
        assert schema_version(db.cursor()) == LATEST_VERSION
        assert db.migration_backup is None
        assert not backups_dir(path).exists()
    finally:
        db.close()


def test_reopening_an_up_to_date_database_takes_no_backup(db_path):
    Database(db_path).close()
    db = Database(db_path)
    try:
        assert db.migration_backup is None
        assert not backups_dir(db_path).exists()
    finally:
        db.close()


# Migrations


def test_migration_takes_a_backup_first_and_keeps_the_data(db_path, monkeypatch):
    old = Database(db_path)
    application_id = one_application(old)
    old.close()

    use_migrations(monkeypatch, (*MIGRATIONS, SALARY_COLUMN))
    db = Database(db_path)
    try:
        assert schema_version(db.cursor()) == SALARY_COLUMN.version
        assert db.cursor().execute("SELECT company, salary FROM applications").fetchall() == [("Acme", "unknown")]
        assert get_application(db.cursor(), application_id).notes == "Referred by Kim"
        backup = db.migration_backup
        assert backup is not None and backup.parent == backups_dir(db_path)
        assert backup.name.startswith("auto-") and backup.name.endswith(f"-before-v{SALARY_COLUMN.version}.duckdb")
    finally:
        db.close()
    # The copy was taken before the migration: the old version, the old columns, the same data.
    with read_only(backup) as copy:
        assert schema_version(copy) == LATEST_VERSION
        assert "salary" not in columns_of(copy, "applications")
        assert copy.execute("SELECT company, notes FROM applications").fetchall() == [("Acme", "Referred by Kim")]


def test_several_pending_migrations_apply_together_with_one_backup(db_path, monkeypatch):
    old = Database(db_path)
    one_application(old)
    old.close()
    tags = Migration(LATEST_VERSION + 2, "tags", ("ALTER TABLE applications ADD COLUMN tags VARCHAR",))

    use_migrations(monkeypatch, (*MIGRATIONS, SALARY_COLUMN, tags))
    db = Database(db_path)
    try:
        versions = db.cursor().execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [v[0] for v in versions] == [m.version for m in (*MIGRATIONS, SALARY_COLUMN, tags)]
        assert {"salary", "tags"} <= set(columns_of(db.cursor(), "applications"))
        assert [p.name for p in backups_dir(db_path).iterdir()] == [db.migration_backup.name]
    finally:
        db.close()


def test_failing_migration_changes_nothing_and_says_so(db_path, monkeypatch):
    old = Database(db_path)
    one_application(old)
    old.close()
    broken = Migration(
        LATEST_VERSION + 1,
        "broken",
        (
            "ALTER TABLE applications ADD COLUMN salary VARCHAR",
            "UPDATE applications SET company = 'Changed'",
            "INSERT INTO no_such_table VALUES (1)",
        ),
    )

    use_migrations(monkeypatch, (*MIGRATIONS, broken))
    with pytest.raises(DatabaseUnavailable) as refused:
        Database(db_path)

    assert refused.value.title == "Debrief could not update its database"
    copies = list(backups_dir(db_path).glob("auto-*"))
    assert len(copies) == 1 and copies[0].name in refused.value.advice
    # The failed migration left no trace: same version, same columns, same data, and the file is free again.
    with read_only(db_path) as con:
        assert schema_version(con) == LATEST_VERSION
        assert "salary" not in columns_of(con, "applications")
        assert con.execute("SELECT company FROM applications").fetchall() == [("Acme",)]


def test_an_older_database_is_brought_up_to_date(db_path, monkeypatch):
    """A file written by the first release opens in this one, data and all, and can be edited."""
    if LATEST_VERSION == 1:
        pytest.skip("only one schema version so far")
    with monkeypatch.context() as first_release:
        use_migrations(first_release, MIGRATIONS[:1])
        old = Database(db_path)
        # As the first release wrote it: today's code writes columns that did not exist then.
        with old.transaction() as cur:
            cur.execute(
                "INSERT INTO applications (company, role, applied_on, notes)"
                " VALUES ('Acme', 'Data Engineer', DATE '2026-03-01', 'Referred by Kim')"
            )
        [(application_id,)] = old.cursor().execute("SELECT id FROM applications").fetchall()
        old.close()

    db = Database(db_path)
    try:
        assert schema_version(db.cursor()) == LATEST_VERSION
        assert db.migration_backup is not None
        edited = get_application(db.cursor(), application_id)
        edited.status = "screening"
        save_application(db, edited)
        assert get_application(db.cursor(), application_id).status == "screening"
    finally:
        db.close()


# Files Debrief refuses to open


def test_database_from_a_newer_debrief_is_refused_untouched(db_path):
    db = Database(db_path)
    one_application(db)
    with db.transaction() as cur:
        cur.execute("INSERT INTO schema_version (version, description) VALUES (?, 'from the future')", [99])
    db.close()

    for read_only_mode in (False, True):
        with pytest.raises(DatabaseUnavailable) as refused:
            Database(db_path, read_only=read_only_mode)
        assert refused.value.title == "This database was written by a newer version of Debrief"
        assert "99" in refused.value.advice

    assert not backups_dir(db_path).exists()
    with read_only(db_path) as con:
        assert schema_version(con) == 99
        assert con.execute("SELECT count(*) FROM applications").fetchone()[0] == 1


def test_a_file_that_is_not_a_duckdb_database_is_refused_untouched(db_path):
    text = "company,role\nAcme,Data Engineer\n" * 200
    db_path.write_text(text)

    with pytest.raises(DatabaseUnavailable) as refused:
        Database(db_path)

    assert refused.value.title == "This file is not a Debrief database"
    assert "DEBRIEF_DB" in refused.value.advice
    assert refused.value.path == db_path
    assert db_path.read_text() == text


def test_a_missing_file_is_refused_when_opening_read_only(tmp_path):
    with pytest.raises(DatabaseUnavailable) as refused:
        Database(tmp_path / "nowhere.duckdb", read_only=True)
    assert refused.value.title == "There is no Debrief database here"
    assert not (tmp_path / "nowhere.duckdb").exists()


def test_a_database_held_by_another_process_is_refused_with_advice(db_path):
    db = Database(db_path)
    one_application(db)
    db.close()

    with held_by_another_process(db_path) as pid:
        for read_only_mode in (False, True):
            with pytest.raises(DatabaseUnavailable) as refused:
                Database(db_path, read_only=read_only_mode)
            assert refused.value.title == "Another program is using this database"
            assert f"process {pid}" in refused.value.advice
            assert "DEBRIEF_DB" in refused.value.advice

    # Once the other program lets go, Debrief opens the file with the data intact.
    db = Database(db_path)
    try:
        assert count_applications(db.cursor()) == 1
    finally:
        db.close()


# Writes


def test_writes_from_several_threads_at_once_all_land(db):
    threads, saves_each = 8, 15
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            start.wait()
            for n in range(saves_each):
                with db.transaction() as cur:
                    cur.execute(
                        "INSERT INTO applications (company, role, applied_on) VALUES (?, ?, ?)",
                        [f"Company {worker}", f"Role {n}", date(2026, 3, 1 + n)],
                    )
                cur = db.cursor()
                cur.execute("SELECT count(*) FROM applications").fetchone()
                cur.close()
        except BaseException as error:
            failures.append(error)

    workers = [threading.Thread(target=write, args=(w,)) for w in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert failures == []
    assert db.changes == threads * saves_each
    rows = (
        db.cursor().execute("SELECT company, count(*) FROM applications GROUP BY company ORDER BY company").fetchall()
    )
    assert rows == [(f"Company {w}", saves_each) for w in range(threads)]


def test_read_all_gives_each_read_its_result_and_a_cursor_of_its_own(db):
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    save_application(db, Application("Globex", "Analyst", date(2026, 3, 3)))
    cursors: list[duckdb.DuckDBPyConnection] = []

    def companies(cursor):
        cursors.append(cursor)
        return [row[0] for row in cursor.execute("SELECT company FROM applications ORDER BY company").fetchall()]

    def how_many(cursor):
        cursors.append(cursor)
        return count_applications(cursor)

    assert db.read_all({"companies": companies, "how many": how_many}) == {
        "companies": ["Acme", "Globex"],
        "how many": 2,
    }
    assert len({id(cursor) for cursor in cursors}) == 2
    for cursor in cursors:  # closed once read
        with pytest.raises(duckdb.ConnectionException):
            cursor.execute("SELECT 1")


def test_read_all_raises_a_failed_read_after_the_others_have_finished(db):
    finished: list[str] = []

    def slow(cursor):
        cursor.execute("SELECT count(*) FROM range(2000000)").fetchall()
        finished.append("slow")
        return "done"

    def broken(cursor):
        cursor.execute("SELECT * FROM no_such_table").fetchall()

    with pytest.raises(duckdb.CatalogException):
        db.read_all({"broken": broken, "slow": slow, "after": slow})
    assert finished == ["slow", "slow"]


def test_saves_from_several_threads_at_once_all_land(db):
    start = threading.Barrier(6)
    saved: list[int] = []
    failures: list[BaseException] = []

    def save(worker: int) -> None:
        try:
            start.wait()
            for n in range(10):
                saved.append(save_application(db, Application(f"Company {worker}", f"Role {n}", date(2026, 3, 2))))
        except BaseException as error:
            failures.append(error)

    workers = [threading.Thread(target=save, args=(w,)) for w in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert failures == []
    assert len(set(saved)) == 60
    assert count_applications(db.cursor()) == 60


def test_a_transaction_that_fails_writes_nothing(db):
    with pytest.raises(RuntimeError), db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (company, role, applied_on) VALUES ('Acme', 'Engineer', DATE '2026-03-01')"
        )
        cur.execute(
            "INSERT INTO applications (company, role, applied_on) VALUES ('Globex', 'Analyst', DATE '2026-03-02')"
        )
        raise RuntimeError("the user's save failed half way")

    assert count_applications(db.cursor()) == 0
    assert db.changes == 0
    # The store is still usable afterwards.
    one_application(db)
    assert count_applications(db.cursor()) == 1


def test_a_save_is_in_the_database_file_itself_once_committed(db, db_path, tmp_path):
    """The checkpoint after each save: a copy of the file taken right away holds the record."""
    one_application(db)
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(db_path, copy)
    with read_only(copy) as con:
        assert con.execute("SELECT company, role FROM applications").fetchall() == [("Acme", "Data Engineer")]


def test_backup_copies_the_file_and_keeps_the_newest_five(db, db_path):
    one_application(db)
    copies = [db.backup("before-delete") for _ in range(7)]

    kept = sorted(p.name for p in backups_dir(db_path).glob("auto-*"))
    assert kept == sorted(p.name for p in copies[-5:])
    with read_only(copies[-1]) as con:
        assert con.execute("SELECT company FROM applications").fetchall() == [("Acme",)]


def offer_saved_while_a_reader_holds_a_result(db) -> duckdb.DuckDBPyConnection:
    """Acme's application saved as an offer while another cursor has read one row of a result; that cursor."""
    application_id = one_application(db)
    reader = db.cursor()
    reader.execute("SELECT company FROM applications WHERE id = ?", [application_id]).fetchone()
    edited = get_application(db.cursor(), application_id)
    edited.status = "offer"
    save_application(db, edited)
    return reader


def test_a_save_succeeds_while_a_reader_has_a_result_open(db, db_path):
    """A page that read one row with fetchone() still holds its result when the user saves.

    DuckDB then refuses the checkpoint after an update; the save itself must not fail.
    """
    reader = offer_saved_while_a_reader_holds_a_result(db)
    assert db.changes == 2

    reader.close()
    db.close()
    with read_only(db_path) as con:
        assert con.execute("SELECT status FROM applications").fetchall() == [("offer",)]


def test_a_backup_taken_while_a_reader_has_a_result_open_holds_every_save(db, db_path):
    reader = offer_saved_while_a_reader_holds_a_result(db)

    copy = db.backup("before-delete")

    assert [p.name for p in backups_dir(db_path).iterdir()] == [copy.name]
    with read_only(copy) as con:
        assert con.execute("SELECT company, status FROM applications").fetchall() == [("Acme", "offer")]
    reader.close()
