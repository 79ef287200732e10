"""Backing up the database on demand, and restoring a backup without ever losing the current data.

A backup is a consistent copy of the database file, made by `Database.backup`
(a checkpoint, then a copy into the `backups/` folder, where the last five are
kept). A restore copies the backup beside the database, checks that the copy
opens as a Debrief database, backs up the current state, and only then swaps
the copy in with one atomic rename: a restore that fails at any step leaves
the current database as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import schema
from data.db import Database, backups_dir, schema_version
from data.errors import DebriefError

_TABLES = ("applications", "interviews", "contacts", "reflections", "follow_ups")


class RestoreFailed(DebriefError):
    """Nothing was restored; the message says why, in words for the user."""

    title = "Nothing was restored"


class NotABackup(RestoreFailed):
    """The file given to restore is not a Debrief database this version can open."""


class StillInUse(RestoreFailed):
    """Something else still has the database open, so its file cannot be replaced safely."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds: its schema version and how many applications."""

    version: int
    applications: int


def backup_now(db: Database, target: Path | None = None) -> Path:
    """Back up the database now; return the backup's path.

    The copy goes into the `backups/` folder beside the database (among the
    five kept there) and, when `target` is given, is copied there as well.
    """
    made = db.backup("manual")
    if target is None:
        return made
    target = Path(target)
    if target.is_dir():
        target = target / made.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(made, target)
    return target


def list_backups(database: Path) -> pd.DataFrame:
    """The backups kept beside the database at `database`, newest first: path, name, taken, size_mb.

    When a backup was taken is read from its name (`auto-<date>-<time>-…`), as
    the copy keeps the database file's own modification time.
    """
    folder = backups_dir(database)
    found = [p for p in folder.glob("*.duckdb") if p.is_file()] if folder.exists() else []
    taken = {p: _taken(p) for p in found}
    found.sort(key=lambda p: taken[p], reverse=True)
    return pd.DataFrame(
        {
            "path": [str(p) for p in found],
            "name": [p.name for p in found],
            "taken": [taken[p] for p in found],
            "size_mb": [round(p.stat().st_size / 1_000_000, 2) for p in found],
        }
    )


def _taken(path: Path) -> datetime:
    try:
        return datetime.strptime("-".join(path.name.split("-")[1:4]), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime)


def check_backup(path: Path) -> BackupSummary:
    """Open `path` read-only and make sure it is a Debrief database this version can use.

    Raises `NotABackup` saying why not.
    """
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        if "not a valid DuckDB database" in first_line:
            raise NotABackup("This file is not a Debrief backup (it is not a DuckDB database).") from None
        raise NotABackup(f"This backup cannot be opened: {first_line}") from None
    try:
        version = schema_version(con)
        if version == 0:
            raise NotABackup("This file is a DuckDB database but not one of Debrief's.")
        if version > schema.LATEST_VERSION:
            raise NotABackup(
                f"This backup was made by a newer Debrief (schema version {version}); upgrade Debrief to restore it."
            )
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        missing = [t for t in _TABLES if t not in tables]
        if missing:
            raise NotABackup(f"This backup lacks Debrief's tables ({', '.join(missing)}).")
        applications = con.execute("SELECT count(*) FROM applications").fetchone()[0]
        return BackupSummary(version, applications)
    except duckdb.Error as error:
        raise NotABackup(f"This backup is damaged: {str(error).splitlines()[0]}") from None
    finally:
        con.close()


def check_backup_bytes(content: bytes) -> BackupSummary:
    """`check_backup` for the content of an uploaded file; the temporary copy is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="debrief-check-") as folder:
        path = Path(folder) / "backup.duckdb"
        path.write_bytes(content)
        return check_backup(path)


def restore_backup(db: Database, source: Path) -> Path:
    """Replace the database of `db` with the backup at `source`; return the backup of the state before.

    `db` is closed afterwards, whether or not the restore succeeds: open the
    file again to use it. Nothing is replaced unless `source` opens as a
    Debrief database and nothing else holds the database open; raises
    `RestoreFailed` (`NotABackup`, `StillInUse`) saying why otherwise.
    """
    source = Path(source)
    if source.resolve() == db.path.resolve():
        db.close()
        raise NotABackup("That is the database itself, not a backup of it.")
    staged = _staging_path(db.path)
    try:
        shutil.copy2(source, staged)
    except OSError as error:
        staged.unlink(missing_ok=True)
        db.close()
        raise NotABackup(f"The backup cannot be read: {error.strerror}.") from None
    return _swap_in(db, staged)


def restore_backup_bytes(db: Database, content: bytes) -> Path:
    """`restore_backup` from the content of an uploaded backup file."""
    staged = _staging_path(db.path)
    staged.write_bytes(content)
    return _swap_in(db, staged)


def _staging_path(database: Path) -> Path:
    # Beside the database, so that the final rename stays on one file system and is atomic.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return database.with_name(f".{database.name}.restoring-{stamp}")


def _swap_in(db: Database, staged: Path) -> Path:
    try:
        check_backup(staged)
        before = db.backup("before-restore")
        db.close()
        _make_sure_nothing_holds(db.path)
    except BaseException:
        staged.unlink(missing_ok=True)
        db.close()
        raise
    wal = Path(f"{db.path}.wal")
    if wal.exists():
        # Everything in it was checkpointed into the backup just taken; keep it beside that backup anyway.
        wal.replace(Path(f"{before}.wal"))
    os.replace(staged, db.path)
    return before


def _make_sure_nothing_holds(path: Path) -> None:
    """Raise `StillInUse` if any connection, in this process or another, still has `path` open.

    DuckDB shares one instance per file within a process: a connection left
    open elsewhere would keep the replaced file alive, unseen, and take the
    writes meant for the restored one. A connection in the other access mode
    is refused while such an instance lives, and another process's lock
    refuses both, so opening the file once read-only and once read-write
    proves it is free.
    """
    for read_only in (True, False):
        try:
            duckdb.connect(str(path), read_only=read_only).close()
        except duckdb.Error:
            raise StillInUse(
                "Debrief still has this database open somewhere (another page, window or command), so it was "
                "not replaced. Close the others or restart Debrief, then restore again."
            ) from None
