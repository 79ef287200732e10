"""Opening a Debrief database: where it lives, migrations, and serialised writes.

One `Database` per process holds the only DuckDB connection to the file. Readers
take a `cursor()` each (one per script run or thread); writers go through
`transaction()`, which serialises them behind one lock, commits, and checkpoints
so that a saved record is in the database file itself, not only in the log.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from data.store.errors import DatabaseUnavailable, WriteFailed, translate
from data.store.schema import LATEST_VERSION, MIGRATIONS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "debrief.duckdb"
BACKUPS_KEPT = 5
T = TypeVar("T")
# Reads run at once by `Database.read_all`: two keep both processors of a small machine busy.
CONCURRENT_READS = 2
# Raised here; defined, with the rest of the family, in data/store/errors.py.
__all__ = ["Database", "DatabaseUnavailable", "WriteFailed", "database_path"]


def database_path() -> Path:
    """The database file to open: `DEBRIEF_DB` if set, else `data/debrief.duckdb`."""
    configured = os.environ.get("DEBRIEF_DB", "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DB_PATH


def backups_dir(path: Path) -> Path:
    """Where backups of the database at `path` are kept: a `backups` folder beside it."""
    return path.parent / "backups"


# Copies of the data taken just before a restore replaced it. They are kept apart
# from the rotation: restoring a wrong backup a few times in a row must not rotate
# away the one copy of the data as it was before the first restore.
BEFORE_RESTORE = "before-restore"


def prune_backups(folder: Path, keep: int = BACKUPS_KEPT) -> None:
    """Keep the newest `keep` automatic backups in `folder`, remove older ones.

    Copies taken before a restore (`auto-…-before-restore.duckdb`, and the log
    kept beside one) are never removed here: only the user deletes them.
    """
    automatic = sorted(
        (p for p in folder.glob("auto-*.duckdb") if not p.name.endswith(f"-{BEFORE_RESTORE}.duckdb")),
        key=lambda p: p.name,
        reverse=True,
    )
    for old in automatic[keep:]:
        old.unlink()


class Database:
    """The process's connection to one Debrief database file."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._changes = 0
        self.migration_backup: Path | None = None
        # Where a write-ahead log DuckDB could not replay was moved on opening, if it was.
        self.recovered_wal: Path | None = None
        self._con, self.recovered_wal = _connect_past_damaged_log(self.path, read_only=read_only)
        try:
            if not read_only:
                self.migration_backup = _migrate(self._con, self.path)
            else:
                _check_version(self._con, self.path)
        except BaseException:
            # Let go of the file: a refused or failed open must not keep it locked.
            self._con.close()
            raise

    @property
    def changes(self) -> int:
        """How many write transactions this process has committed; a cache key."""
        return self._changes

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for reading, one per script run or thread."""
        return self._con.cursor()

    def read_all(self, reads: Mapping[str, Callable[[duckdb.DuckDBPyConnection], T]]) -> dict[str, T]:
        """Every read of `reads` called with a cursor of its own, up to `CONCURRENT_READS` at once.

        For a page that asks many small questions: much of a small query's time is
        DuckDB binding and planning it on one thread, so two at a time take about
        half as long as one after another. Returns each read's result under its
        name; the first exception a read raised is raised here, after every read
        has finished and every cursor is closed.
        """

        def run(read: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
            with closing(self.cursor()) as cursor:
                return read(cursor)

        with ThreadPoolExecutor(max_workers=CONCURRENT_READS, thread_name_prefix="debrief-read") as pool:
            futures = {name: pool.submit(run, read) for name, read in reads.items()}
        return {name: future.result() for name, future in futures.items()}

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run writes in one transaction, one writer at a time, then checkpoint.

        Everything done on the yielded cursor is committed together or, if the
        block raises, rolled back together. A DuckDB error is raised as one of
        Debrief's own (`data.store.errors.translate`): `WriteFailed` for a full disk or a
        read-only file, `DatabaseBusy` for a conflicting write, `StoreFailed` else.
        """
        with self._write_lock:
            cur = self._con.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    yield cur
                except BaseException as error:
                    cur.execute("ROLLBACK")
                    if isinstance(error, duckdb.Error):
                        raise translate(error, self.path) from error
                    raise
                try:
                    cur.execute("COMMIT")
                except duckdb.Error as error:
                    # DuckDB has rolled the transaction back: nothing of it was written.
                    raise translate(error, self.path) from error
                self._changes += 1
                checkpoint(cur, self.path)
            finally:
                cur.close()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Keep this process's other writers out while the block runs several transactions.

        For work DuckDB cannot do in one transaction: it checks a foreign key against
        committed rows only, so rows that point at a record must be deleted, and
        committed, before the record itself.
        """
        with self._write_lock:
            yield

    def backup(self, reason: str) -> Path:
        """Copy the database file into `backups/` now, between writes; return the copy."""
        with self._write_lock:
            try:
                return backup_file(self._con, self.path, reason=reason)
            except (OSError, duckdb.Error) as error:
                raise translate(error, self.path) from error

    def close(self) -> None:
        if not self.read_only and not room_to_checkpoint(self.path):
            # DuckDB checkpoints on closing; short of room that would fail. The log keeps everything.
            self._con.execute("PRAGMA disable_checkpoint_on_shutdown")
        self._con.close()


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise DatabaseUnavailable(
            path, "There is no Debrief database here", "Check the path, or start the app once to create it."
        )
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                path,
                "Debrief cannot create the folder for its database",
                f"{error.strerror}. Choose another place with DEBRIEF_DB.",
            ) from None
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        if "replaying WAL" in str(error):
            raise _UnreadableLog(str(error)) from None
        raise _explain(path, str(error)) from None


def wal_path(path: Path) -> Path:
    """The write-ahead log DuckDB keeps beside the database at `path`."""
    return path.with_name(path.name + ".wal")


class _UnreadableLog(Exception):
    """DuckDB refused to open a database because it could not replay its write-ahead log."""


def _connect_past_damaged_log(path: Path, *, read_only: bool) -> tuple[duckdb.DuckDBPyConnection, Path | None]:
    """Connect to `path`; a damaged write-ahead log is moved aside, never deleted.

    Debrief checkpoints after every write, so a log is left beside the file only
    when a run stopped between a commit and its checkpoint; DuckDB replays it on
    opening. A damaged log makes DuckDB either refuse to open the database (an
    entry whose checksum does not match) or pass over it unread (a header it does
    not recognise), leaving it to be overwritten. Either way the log is renamed to
    `<name>.wal.damaged-<time>` and the database opened as it was at its last
    checkpoint; the new name is returned so the app can tell the user.

    A log cut short inside its last transaction is not damage to DuckDB: it
    replays every complete transaction and drops the torn one, as a crash in the
    middle of a commit leaves it (that commit never returned).
    """
    log = wal_path(path)
    try:
        con = _connect(path, read_only=read_only)
    except _UnreadableLog:
        if read_only:
            raise DatabaseUnavailable(
                path,
                "The database's write-ahead log is damaged",
                f"Start Debrief (streamlit run app.py) once: it moves {log.name} aside, keeps it, and opens "
                "the database as it was at its last checkpoint.",
            ) from None
        damaged = _move_aside(log)
        return _connect(path, read_only=False), damaged
    if read_only or not log.exists() or not room_to_checkpoint(path):
        return con, None
    # A log DuckDB replayed is folded into the file and removed by a checkpoint; one it passed over stays.
    con.execute("CHECKPOINT")
    if not log.exists() or log.stat().st_size == 0:
        return con, None
    con.close()
    damaged = _move_aside(log)
    return _connect(path, read_only=False), damaged


def _move_aside(log: Path) -> Path:
    target = log.with_name(f"{log.name}.damaged-{datetime.now():%Y%m%d-%H%M%S-%f}")
    log.rename(target)
    return target


def _explain(path: Path, message: str) -> DatabaseUnavailable:
    """Turn DuckDB's message about a file it cannot open into words for the user."""
    if "Could not set lock" in message or "Conflicting lock" in message:
        pid = re.search(r"PID (\d+)", message)
        holder = f" (process {pid.group(1)})" if pid else ""
        return DatabaseUnavailable(
            path,
            "Another program is using this database",
            f"Another Debrief window or command{holder} has the file open. Stop it (close the other "
            "`streamlit run` or `python cli.py`), then try again. To run two at once, point one "
            "of them at another file with DEBRIEF_DB.",
        )
    if "not a valid DuckDB database" in message:
        return DatabaseUnavailable(
            path,
            "This file is not a Debrief database",
            "Point DEBRIEF_DB at a Debrief database file, or move this file away to start a new one.",
        )
    if "version number" in message or "newer" in message.lower():
        return DatabaseUnavailable(
            path,
            "This database was written by a newer version of DuckDB",
            "Upgrade Debrief (pip install -r requirements.txt --upgrade), then reload this page.",
        )
    why = read_only_reason(message)
    if why is not None:
        return DatabaseUnavailable(
            path,
            "Debrief may not write to this database",
            f"{why[0].upper()}{why[1:]}. Make it writable again, or point DEBRIEF_DB at a writable place.",
        )
    return DatabaseUnavailable(path, "Debrief could not open its database", message.splitlines()[0])


def read_only_reason(message: str) -> str | None:
    """Why writing failed, in words, when the message (DuckDB's or the system's) says the place is read-only or full.

    DuckDB says `Cannot open file "…": Read-only file system` (or `Permission
    denied`), the system `[Errno 30] Read-only file system: '…'`. None for
    any other message.
    """
    if "Read-only file system" in message:
        return "the file system it is on is read-only (mounted read-only, or a locked drive)"
    if "Permission denied" in message:
        return "the file or its folder is read-only for you (its permissions do not let you write)"
    if "No space left" in message or "Disk quota exceeded" in message:
        return "the disk is full"
    return None


def describe_database_error(error: duckdb.Error) -> str:
    """A DuckDB error met while reading or writing the database, in words for a person (one sentence)."""
    message = str(error)
    why = read_only_reason(message)
    if why is not None:
        return f"Debrief could not write: {why}."
    if isinstance(error, duckdb.IOException):
        return "The database file is cut short or damaged: part of it cannot be read. Restore your last backup."
    if isinstance(error, duckdb.CatalogException | duckdb.BinderException):
        return (
            "The database lacks a table or column Debrief needs: it is not a Debrief database, or it was changed "
            "by other means. Run `python cli.py check` to see what is missing."
        )
    return f"The database refused: {message.splitlines()[0]}"


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version the database is at; 0 for a new, empty file.

    Results are fetched whole: `con` is the process's long-lived connection, and
    a result left half-read on it would block every later checkpoint.
    """
    [(exists,)] = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchall()
    if not exists:
        return 0
    [(version,)] = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()
    return version


def _check_version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    version = schema_version(con)
    if version > LATEST_VERSION:
        con.close()
        raise DatabaseUnavailable(
            path,
            "This database was written by a newer version of Debrief",
            f"It is at schema version {version}; this Debrief knows up to {LATEST_VERSION}. Upgrade Debrief to open it.",
        )
    return version


def _migrate(con: duckdb.DuckDBPyConnection, path: Path) -> Path | None:
    """Bring the schema up to date; return the backup taken first, if any.

    An existing database is copied to `backups/` before any migration touches it.
    All pending migrations run in one transaction: they all apply or none does.
    """
    version = _check_version(con, path)
    pending = [m for m in MIGRATIONS if m.version > version]
    if not pending:
        return None
    backup = None
    if version > 0:
        backup = backup_file(con, path, reason=f"before-v{pending[-1].version}")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, description VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT localtimestamp)"
        )
        for migration in pending:
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [migration.version, migration.description],
            )
        con.execute("COMMIT")
    except BaseException as error:
        con.execute("ROLLBACK")
        if not isinstance(error, duckdb.Error):
            raise
        kept = f", and a copy taken before the update is in backups/{backup.name}" if backup else ""
        raise DatabaseUnavailable(
            path,
            "Debrief could not update its database",
            f"Nothing was changed: your data is as it was{kept}. "
            "Go back to the version of Debrief you used before, and report the problem.",
        ) from error
    con.execute("CHECKPOINT")
    return backup


def checkpoint(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> bool:
    """Write everything committed into the database file; False when DuckDB cannot now.

    DuckDB refuses while another cursor still holds an unfinished result from
    before an update or delete (a page that read one row with fetchone(), say).
    Debrief does not start one when the disk holding `path` lacks the room (see
    `room_to_checkpoint`). The saved changes are safe in the write-ahead log
    meanwhile; the next checkpoint, or closing the database, moves them into the file.
    """
    if path is not None and not room_to_checkpoint(path):
        return False
    try:
        con.execute("CHECKPOINT")
    except duckdb.TransactionException:
        return False
    return True


# A checkpoint writes the changed blocks anew before it frees the old ones, and when
# it runs out of room DuckDB invalidates the database until the process restarts.
CHECKPOINT_SPARE_ROOM = 8 * 1024 * 1024


def room_to_checkpoint(path: Path) -> bool:
    """Whether the disk holding the database at `path` has room for a checkpoint.

    That is the size of the file and its log again, plus 8 MB: a checkpoint
    rewrites at most every block of the file.
    """
    log = wal_path(path)
    needed = sum(p.stat().st_size for p in (path, log) if p.exists()) + CHECKPOINT_SPARE_ROOM
    return shutil.disk_usage(path.parent).free >= needed


def _fold_log_into(copy: Path, log: Path) -> None:
    """Make `copy` of a database file whole by replaying the write-ahead `log` into it."""
    copy_log = copy.with_name(copy.name + ".wal")
    shutil.copy2(log, copy_log)
    duckdb.connect(str(copy)).close()  # replays the log and checkpoints it into the copy
    copy_log.unlink(missing_ok=True)


def backup_file(con: duckdb.DuckDBPyConnection, path: Path, *, reason: str) -> Path:
    """Copy the database file to `backups/auto-<time>-<reason>.duckdb` and prune old ones.

    The checkpoint first writes everything committed into the file, so the copy
    is complete (when DuckDB cannot checkpoint now, the write-ahead log is replayed
    into the copy instead); the write lock is held, so nothing writes meanwhile.
    The copy is made under a hidden name and renamed when whole: a crash halfway
    leaves no file that looks like a backup (its remains are cleared next time).
    """
    checkpointed = checkpoint(con, path)
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for unfinished in [*folder.glob(".auto-*.partial"), *folder.glob(".auto-*.partial.wal")]:
        unfinished.unlink()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"auto-{stamp}-{reason}.duckdb"
    partial = folder / f".{target.name}.partial"
    shutil.copy2(path, partial)
    log = path.with_name(path.name + ".wal")
    if not checkpointed and log.exists():
        _fold_log_into(partial, log)
    with open(partial, "rb+") as copy:
        os.fsync(copy.fileno())
    os.replace(partial, target)
    prune_backups(folder)
    return target
