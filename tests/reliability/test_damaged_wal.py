"""A damaged write-ahead log beside the database: the app opens, keeps the log, and says so.

Debrief checkpoints after every write, so a log is left beside the file only when
a run stopped between a commit and its checkpoint. These tests leave one there on
purpose (a connection that does not checkpoint when it closes), damage it the ways
a disk or a copy can, and open the database as the app does.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from data.store.applications import Application, save_application
from data.store.db import Database, DatabaseUnavailable, wal_path
from tests.reliability.integrity import assert_database_intact

DAMAGED_NAME = re.compile(r"^debrief\.duckdb\.wal\.damaged-\d{8}-\d{6}-\d{6}$")


def companies(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT company FROM applications ORDER BY id").fetchall()]


def checkpointed_search(path: Path) -> None:
    """Acme, saved through Debrief: in the database file itself."""
    db = Database(path)
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    db.close()


def leave_in_log(path: Path, *names: str) -> bytes:
    """Save one application per name as a run killed before its checkpoint leaves them: in the log only."""
    con = duckdb.connect(str(path))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    for name in names:
        con.execute(
            "INSERT INTO applications (company, role, applied_on) VALUES (?, 'Analyst', DATE '2026-03-03')", [name]
        )
    con.close()
    log = wal_path(path).read_bytes()
    assert all(name.encode() in log for name in names)
    return log


def garble(path: Path, text: str) -> bytes:
    """Change the bytes of `text` inside the log, as a bad sector would; return the damaged log."""
    log = bytearray(wal_path(path).read_bytes())
    at = log.index(text.encode())
    log[at : at + len(text)] = b"#" * len(text)
    wal_path(path).write_bytes(bytes(log))
    return bytes(log)


def damaged_logs(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".wal.damaged-*"))


def test_an_intact_log_is_replayed_and_nothing_is_reported(db_path):
    checkpointed_search(db_path)
    leave_in_log(db_path, "Globex", "Initech")

    db = Database(db_path)
    db.close()

    assert db.recovered_wal is None
    assert companies(db_path) == ["Acme", "Globex", "Initech"]
    assert not wal_path(db_path).exists()
    assert damaged_logs(db_path) == []
    assert_database_intact(db_path)


def test_a_garbled_log_is_moved_aside_and_the_database_opens_as_of_its_last_checkpoint(db_path):
    checkpointed_search(db_path)
    leave_in_log(db_path, "Globex")
    damaged = garble(db_path, "Globex")

    db = Database(db_path)
    try:
        # The database works: it is as it was at its checkpoint, and takes new saves.
        save_application(db, Application("Hooli", "Analyst", date(2026, 3, 4)))
    finally:
        db.close()

    assert companies(db_path) == ["Acme", "Hooli"]
    assert [p.name for p in damaged_logs(db_path)] == [db.recovered_wal.name]
    assert DAMAGED_NAME.match(db.recovered_wal.name)
    assert db.recovered_wal.read_bytes() == damaged  # kept byte for byte, never deleted
    assert_database_intact(db_path)


def test_a_log_cut_inside_its_header_is_moved_aside_not_overwritten(db_path):
    checkpointed_search(db_path)
    log = leave_in_log(db_path, "Globex")
    wal_path(db_path).write_bytes(log[:10])

    db = Database(db_path)
    save_application(db, Application("Hooli", "Analyst", date(2026, 3, 4)))
    db.close()

    # DuckDB skips a log it cannot recognise; Debrief moves it aside before any write could overwrite it.
    assert db.recovered_wal is not None and db.recovered_wal.read_bytes() == log[:10]
    assert companies(db_path) == ["Acme", "Hooli"]
    assert_database_intact(db_path)


def test_a_log_torn_inside_its_last_transaction_keeps_every_complete_one(db_path):
    """A crash in the middle of writing a commit leaves this; that commit never returned, so never was confirmed."""
    checkpointed_search(db_path)
    log = leave_in_log(db_path, "Globex", "Initech", "Umbrella")
    wal_path(db_path).write_bytes(log[:-5])

    db = Database(db_path)
    db.close()

    assert db.recovered_wal is None
    assert companies(db_path) == ["Acme", "Globex", "Initech"]
    assert_database_intact(db_path)


def test_a_second_open_after_recovery_reports_nothing_new(db_path):
    checkpointed_search(db_path)
    leave_in_log(db_path, "Globex")
    garble(db_path, "Globex")
    first = Database(db_path)
    first.close()

    again = Database(db_path)
    again.close()

    assert first.recovered_wal is not None and again.recovered_wal is None
    assert damaged_logs(db_path) == [first.recovered_wal]


def test_a_read_only_open_refuses_a_damaged_log_and_leaves_it_in_place(db_path):
    checkpointed_search(db_path)
    leave_in_log(db_path, "Globex")
    damaged = garble(db_path, "Globex")

    with pytest.raises(DatabaseUnavailable) as refused:
        Database(db_path, read_only=True)

    assert refused.value.title == "The database's write-ahead log is damaged"
    assert "debrief.duckdb.wal" in refused.value.advice and "streamlit run app.py" in refused.value.advice
    assert wal_path(db_path).read_bytes() == damaged
    assert damaged_logs(db_path) == []


def test_the_app_starts_says_what_happened_and_offers_the_last_backup(db_path, app):
    checkpointed_search(db_path)
    db = Database(db_path)
    backup = db.backup("before-delete")
    db.close()
    leave_in_log(db_path, "Globex")
    garble(db_path, "Globex")

    at = app.run()

    assert not at.exception
    [warning] = at.warning
    assert "could not read the log of your latest changes" in warning.value
    [damaged] = damaged_logs(db_path)
    shown = "\n".join(m.value for m in at.markdown)
    assert str(damaged) in shown
    assert str(backup) in shown
    # The page under the notice works on the data as of the checkpoint.
    at.switch_page("pages/applications.py").run()
    assert not at.exception
    assert at.dataframe[0].value["company"].tolist() == ["Acme"]
    # Once read, the notice goes; the damaged log stays.
    at.button(key="recovery-dismiss").click().run()
    assert not at.exception and not at.warning
    assert damaged.exists()


def test_the_notice_without_any_backup_says_there_is_none(db_path, app):
    checkpointed_search(db_path)
    leave_in_log(db_path, "Globex")
    garble(db_path, "Globex")

    at = app.run()

    assert not at.exception
    assert "There is no backup of this database yet to go back to." in [m.value for m in at.markdown]
