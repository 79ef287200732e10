"""A full disk or a file gone read-only: the save says so, the form keeps what was typed, the data stays whole.

Two ways to run out of room. A real one: the database on a small tmpfs filled to
the last byte (this needs `mount`, as root in CI; elsewhere the test says why it
cannot run). And a simulated one, portable: the connection's COMMIT fails with
the error DuckDB raises when it cannot write its log (root ignores chmod, so a
read-only file cannot be made with permissions in CI).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from data.store.applications import Application, save_application
from data.store.db import Database
from data.store.errors import WriteFailed
from data.store.reflections import Reflection, save_reflection
from tests.reliability.integrity import assert_database_intact, snapshot
from ui.store import serve

DISK_FULL = 'TransactionContext Error: Failed to commit: Could not write file "{wal}": No space left on device'
READ_ONLY = 'TransactionContext Error: Failed to commit: Could not write file "{wal}": Read-only file system'


class _CommitFails:
    """A cursor whose COMMIT fails with `message`, as DuckDB's does when it cannot write its log."""

    def __init__(self, cursor, message: str):
        self._cursor = cursor
        self._message = message

    def execute(self, sql: str, *args):
        if sql.strip().upper() == "COMMIT":
            raise duckdb.TransactionException(self._message)
        self._cursor.execute(sql, *args)
        return self

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class UnwritableConnection:
    """The database's own connection, except that no commit gets written."""

    def __init__(self, connection, message: str):
        self._connection = connection
        self._message = message

    def cursor(self):
        return _CommitFails(self._connection.cursor(), self._message)

    def __getattr__(self, name):
        return getattr(self._connection, name)


@pytest.fixture
def unwritable(monkeypatch):
    """Make a `Database`'s commits fail with DuckDB's message for `kind` ("disk full" or "read-only")."""

    def make(db: Database, kind: str) -> None:
        message = (DISK_FULL if kind == "disk full" else READ_ONLY).format(wal=f"{db.path}.wal")
        monkeypatch.setattr(db, "_con", UnwritableConnection(db._con, message))

    return make


@pytest.fixture
def served(monkeypatch, filled_db):
    """The small search, served to the app through the test's own `Database`."""
    db, ids = filled_db
    serve(db)
    return db, ids


# The store


@pytest.mark.parametrize(
    ("kind", "said"),
    [("disk full", "the disk is full"), ("read-only", "the database file or its folder is read-only")],
)
def test_a_save_that_cannot_be_written_is_refused_clearly_and_nothing_changes(filled_db, unwritable, kind, said):
    db, ids = filled_db
    before = snapshot(db)
    unwritable(db, kind)

    with pytest.raises(WriteFailed) as refused:
        save_application(db, Application("Hooli", "Analyst", date(2026, 3, 20), notes="Typed with care"))

    assert refused.value.title == f"Not saved: {said}"
    assert said in refused.value.advice and "Nothing of this was saved" in refused.value.advice
    assert snapshot(db) == before


def test_after_a_failed_save_the_next_one_lands(filled_db, unwritable, monkeypatch):
    db, ids = filled_db
    connection = db._con
    unwritable(db, "disk full")
    with pytest.raises(WriteFailed):
        save_application(db, Application("Hooli", "Analyst", date(2026, 3, 20)))

    monkeypatch.setattr(db, "_con", connection)  # space freed
    saved = save_application(db, Application("Hooli", "Analyst", date(2026, 3, 20)))

    rows = db.cursor().execute("SELECT id, company FROM applications ORDER BY id").fetchall()
    assert rows == [(ids["acme"], "Acme"), (ids["globex"], "Globex"), (ids["initech"], "Initech"), (saved, "Hooli")]
    db.close()
    assert_database_intact(db.path)


# The pages


def test_the_application_form_says_why_and_keeps_what_was_typed(served, unwritable, app):
    db, _ = served
    before = snapshot(db)
    at = app.run()
    at.switch_page("pages/applications.py").run()
    at.text_input(key="new-application-0-company").input("Hooli «Labs» 🚀")
    at.text_input(key="new-application-0-role").input("Platform Engineer")
    at.text_area(key="new-application-0-notes").input("Met Kim at the meetup; <b>ask</b> about on-call")
    unwritable(db, "disk full")

    at.button(key="FormSubmitter:new-application-0-Add application").click().run()

    assert not at.exception
    [error] = at.error
    assert error.value.replace("\\", "").startswith("**Not saved: the disk is full.**")
    assert "Nothing of this was saved" in error.value
    assert at.text_input(key="new-application-0-company").value == "Hooli «Labs» 🚀"
    assert at.text_input(key="new-application-0-role").value == "Platform Engineer"
    assert at.text_area(key="new-application-0-notes").value == "Met Kim at the meetup; <b>ask</b> about on-call"
    assert snapshot(db) == before


def test_the_reflection_form_says_why_and_keeps_what_was_typed(served, unwritable, app):
    db, ids = served
    interview = ids["globex_screen"]
    save_reflection(db, Reflection(interview, 3, went_well="Saved before"))
    before = snapshot(db)
    at = app.run()
    at.session_state["reflect-interview"] = interview
    at.switch_page("pages/reflect.py").run()
    key = f"reflection-{interview}"
    at.radio(key=f"{key}-overall").set_value(5)
    at.text_area(key=f"{key}-to_improve").input("Slow down on the system design answer")
    unwritable(db, "read-only")

    at.button(key=f"FormSubmitter:{key}-Save reflection").click().run()

    assert not at.exception
    [error] = at.error
    assert "the database file or its folder is read-only" in error.value.replace("\\", "")
    assert at.radio(key=f"{key}-overall").value == 5
    assert at.text_area(key=f"{key}-to_improve").value == "Slow down on the system design answer"
    assert at.text_area(key=f"{key}-went_well").value == "Saved before"
    assert snapshot(db) == before


# A real full disk


@pytest.fixture
def small_disk():
    """A folder on its own 8 MB tmpfs, unmounted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="debrief-small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        shutil.rmtree(folder, ignore_errors=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk` with one file; return it."""
    filler = disk / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65_536)
                out.flush()
        except OSError as error:
            assert error.errno == 28  # ENOSPC: the disk is full
    return filler


def test_on_a_really_full_disk_a_save_is_refused_and_the_data_stays_whole(small_disk):
    path = small_disk / "debrief.duckdb"
    db = Database(path)
    kept = save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), notes="Before the disk filled"))
    before = snapshot(db)
    filler = fill(small_disk)

    for attempt in range(2):
        with pytest.raises(WriteFailed) as refused:
            save_application(db, Application(f"Globex {attempt}", "Analyst", date(2026, 3, 3), notes="x" * 9_000))
        assert "the disk is full" in refused.value.advice
    assert snapshot(db) == before

    filler.unlink()
    after = save_application(db, Application("Initech", "Developer", date(2026, 3, 4)))
    db.close()

    db = Database(path, read_only=True)
    try:
        rows = db.cursor().execute("SELECT id, company, notes FROM applications ORDER BY id").fetchall()
    finally:
        db.close()
    assert rows == [(kept, "Acme", "Before the disk filled"), (after, "Initech", None)]
    assert_database_intact(path)


def fill_but(disk: Path, left: int) -> Path:
    """Take all but `left` bytes of `disk`'s free space with one file; return it."""
    free = shutil.disk_usage(disk).free
    filler = disk / "filler"
    filler.write_bytes(b"\0" * (free - left))
    return filler


def test_a_disk_with_room_for_the_log_but_not_a_checkpoint_keeps_saving_and_loses_nothing(small_disk):
    """DuckDB invalidates the whole database when a checkpoint runs out of room; Debrief must not start one then."""
    path = small_disk / "debrief.duckdb"
    db = Database(path)
    first = save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    filler = fill_but(small_disk, 64 * 1024)

    # Each save fits in the write-ahead log, so it is saved; the database stays usable for the next one.
    second = save_application(
        db, Application("Globex", "Analyst", date(2026, 3, 3), notes="Saved on a nearly full disk")
    )
    third = save_application(db, Application("Initech", "Developer", date(2026, 3, 4)))
    rows = db.cursor().execute("SELECT id, company FROM applications ORDER BY id").fetchall()
    assert rows == [(first, "Acme"), (second, "Globex"), (third, "Initech")]
    db.close()

    # Reopened on the still nearly full disk: everything is there, and it still takes saves.
    db = Database(path)
    fourth = save_application(db, Application("Hooli", "Analyst", date(2026, 3, 5)))
    db.close()
    filler.unlink()

    db = Database(path, read_only=True)
    try:
        rows = db.cursor().execute("SELECT id, company, notes FROM applications ORDER BY id").fetchall()
    finally:
        db.close()
    assert rows == [
        (first, "Acme", None),
        (second, "Globex", "Saved on a nearly full disk"),
        (third, "Initech", None),
        (fourth, "Hooli", None),
    ]
    assert_database_intact(path)
