"""Backing up the database on demand, and restoring a backup without ever losing the current data.

A backup is a consistent copy of the database file, made by `Database.backup`
(a checkpoint, then a copy into the `backups/` folder, where the last five
automatic ones are kept; copies taken before a restore are kept apart and never
pruned). A restore copies the backup beside the database and verifies that copy
in full before anything else happens (`verify_backup`: in a temporary copy of
its own, brought up to date if it is older, it must pass every check of
`python cli.py check`); only then does it back up the current state and swap
the copy in with one atomic rename. A restore refused or failed at any step
leaves the current database as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data.operations.integrity import STRUCTURE_RULE, check_database, row_counts, structure_problems
from data.store import schema
from data.store.db import (
    Database,
    DatabaseUnavailable,
    backups_dir,
    describe_database_error,
    read_only_reason,
    schema_version,
)
from data.store.errors import DebriefError

# How many differences or broken rules a refusal names before it says "and N more".
REASONS_SHOWN = 6


class BackupProblem(DebriefError):
    """A backup or restore that did not happen; `title` says what, `advice` why and what to do, for a person."""

    def __init__(self, title: str, advice: str = ""):
        super().__init__(f"{title}. {advice}".strip() if advice else f"{title}.", title=title, advice=advice)


class BackupFailed(BackupProblem):
    """No backup was made (the folder is read-only, the disk full); the database is as it was."""


class RestoreFailed(BackupProblem):
    """Nothing was restored: the database is as it was."""

    title = "Nothing was restored"


class NotABackup(RestoreFailed):
    """The file given to restore was refused: it is not a whole Debrief database this version can use."""


class NotDebriefs(NotABackup):
    """Not a DuckDB database, or a DuckDB database Debrief did not write."""


class WrittenByNewerDebrief(NotABackup):
    """A backup whose schema (or storage format) is newer than this Debrief knows."""


class DamagedBackup(NotABackup):
    """A file cut short or damaged: part of it cannot be read."""


class IncompleteBackup(NotABackup):
    """A file with Debrief's name for things but not its tables, columns or rules."""


class BrokenRules(NotABackup):
    """A readable file whose rows break Debrief's rules (links, allowed values, limits)."""


class StillInUse(RestoreFailed):
    """Something else still has the database open, so its file cannot be replaced safely."""


@dataclass(frozen=True)
class Verification:
    """What a candidate backup holds and whether it may be restored.

    `version` is the schema version written in the file (0 when there is none
    to read); `counts` the rows of each of Debrief's tables, and `last_change`
    the newest time a record in it was created or changed (both empty when the
    file cannot be read); `size` its bytes. `refusal` says why it may not be
    restored; None for a file that passed every check.
    """

    size: int
    version: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    last_change: datetime | None = None
    refusal: NotABackup | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None

    @property
    def applications(self) -> int:
        return self.counts.get("applications", 0)


def backup_now(db: Database, target: Path | None = None) -> Path:
    """Back up the database now; return the backup's path.

    The copy goes into the `backups/` folder beside the database (among the
    five kept there) and, when `target` is given, is copied there as well.
    Raises `BackupFailed` saying why when either cannot be written.
    """
    try:
        made = db.backup("manual")
    except DebriefError as failure:
        raise _unwritable(BackupFailed, "No backup was made", backups_dir(db.path), _why(failure)) from None
    if target is None:
        return made
    target = Path(target)
    if target.is_dir():
        target = target / made.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(made, target)
    except OSError as error:
        raise _unwritable(
            BackupFailed, f"The backup was made in {made}, but not copied to {target}", target.parent, error
        ) from None
    return target


def _why(failure: DebriefError) -> OSError | duckdb.Error:
    """What the file system or DuckDB said, behind the store's translation (`Database.backup`) of it."""
    cause = failure.__cause__
    if isinstance(cause, (OSError, duckdb.Error)):
        return cause
    raise failure


def _unwritable(kind: type[BackupProblem], title: str, folder: Path, error: OSError | duckdb.Error) -> BackupProblem:
    """`title` with why writing failed, in words: a read-only folder, a full disk, or the error's own words."""
    why = read_only_reason(str(error))
    if why is None and isinstance(error, duckdb.Error):
        return kind(title, describe_database_error(error))
    return kind(title, f"{folder}: {why or getattr(error, 'strerror', None) or error}.")


def list_backups(database: Path) -> pd.DataFrame:
    """The backups kept beside the database at `database`, newest first: path, name, taken, size_mb.

    When a backup was taken is read from its name (`auto-<date>-<time>-…`), as
    the copy keeps the database file's own modification time.
    """
    folder = backups_dir(database)
    found = [p for p in folder.glob("*.duckdb") if p.is_file()] if folder.exists() else []
    taken = {p: taken_at(p) for p in found}
    found.sort(key=lambda p: taken[p], reverse=True)
    return pd.DataFrame(
        {
            "path": [str(p) for p in found],
            "name": [p.name for p in found],
            "taken": [taken[p] for p in found],
            "size_mb": [round(p.stat().st_size / 1_000_000, 2) for p in found],
        }
    )


def taken_at(path: Path) -> datetime:
    """When the backup at `path` was taken: from its name if Debrief named it, else the file's modification time."""
    try:
        return datetime.strptime("-".join(path.name.split("-")[1:4]), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime)


# Verifying ------------------------------------------------------------------


def verify_backup(path: Path) -> Verification:
    """Check the file at `path` as a restore would, without changing it; never raises for a bad file.

    The file is copied into a temporary folder and only the copy is opened:
    first read-only (is it a DuckDB database, one of Debrief's, of a schema
    version this Debrief knows, with every table, column and rule of that
    version), then, if it is older, brought up to date there as opening it
    would, and then held to every check of `python cli.py check` (each row of
    each table read, every link whole, every rule of the schema true).
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="debrief-verify-") as folder:
        copy = Path(folder) / "candidate.duckdb"
        try:
            size = path.stat().st_size
            shutil.copyfile(path, copy)
        except OSError as error:
            return Verification(0, refusal=NotDebriefs("This backup cannot be read", f"{error.strerror}."))
        return _verify_copy(copy, size)


def verify_backup_bytes(content: bytes) -> Verification:
    """`verify_backup` for the content of an uploaded file; the temporary copy is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="debrief-verify-") as folder:
        copy = Path(folder) / "candidate.duckdb"
        copy.write_bytes(content)
        return _verify_copy(copy, len(content))


def check_backup(path: Path) -> Verification:
    """`verify_backup`, raising its refusal (a `NotABackup`) for a file that may not be restored."""
    verification = verify_backup(path)
    if verification.refusal is not None:
        raise verification.refusal
    return verification


def check_backup_bytes(content: bytes) -> Verification:
    """`check_backup` for the content of an uploaded file."""
    verification = verify_backup_bytes(content)
    if verification.refusal is not None:
        raise verification.refusal
    return verification


_DAMAGED = "This file is cut short or damaged"
_DAMAGED_ADVICE = (
    "Part of it cannot be read{where}, so it is not a whole backup. Copy it again from where it came "
    "from, or choose another backup."
)


def _verify_copy(copy: Path, size: int) -> Verification:
    """Verify the temporary `copy` (which this may change: it is brought up to date)."""
    try:
        with closing(duckdb.connect(str(copy), read_only=True)) as con:
            version, refusal = _first_look(con)
    except duckdb.Error as error:
        return Verification(size, refusal=_unopenable(str(error)))
    if refusal is not None:
        return Verification(size, version, refusal=refusal)
    try:
        # Brought up to date as opening it in Debrief would; one at the latest version is only read.
        db = Database(copy, read_only=version == schema.LATEST_VERSION)
    except DatabaseUnavailable as problem:
        return Verification(size, version, refusal=_not_updatable(problem))
    except duckdb.Error:
        return Verification(size, version, refusal=DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where="")))
    try:
        con = db.cursor()
        # Counting rows reads the tables' metadata only; the full reading is among the findings.
        counts = row_counts(con)
        findings = check_database(con)
        last_change = _last_change(con) if all(f.breaking >= 0 for f in findings) else None
    except duckdb.Error:
        return Verification(size, version, refusal=DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where="")))
    finally:
        db.close()
    failed = [f for f in findings if not f.ok]
    unreadable = [f for f in failed if f.breaking < 0]
    if unreadable:
        tables = [f.rule.removeprefix("all of ").removesuffix(" can be read") for f in unreadable]
        where = f" (the table {tables[0]})" if unreadable[0].rule.startswith("all of ") else ""
        refusal = DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=where))
    elif any(f.rule == STRUCTURE_RULE for f in failed):
        # Only after an update: the file itself matched the structure of its own version.
        different = [f.detail for f in failed if f.rule == STRUCTURE_RULE]
        refusal = IncompleteBackup("This backup cannot be brought up to date", _listed(different))
    elif failed:
        refusal = BrokenRules(
            "This backup breaks Debrief's rules",
            "Restoring it would let pages fail on it. "
            + _listed([f"{f.rule} ({f.breaking:,} row(s) do not)" for f in failed]),
        )
    else:
        refusal = None
    return Verification(size, version, counts, last_change, refusal)


def _first_look(con: duckdb.DuckDBPyConnection) -> tuple[int, NotABackup | None]:
    """The file's schema version, and why it is refused before any update, if it is."""
    try:
        version = schema_version(con)
    except duckdb.IOException:
        return 0, DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=""))
    except duckdb.Error:
        version = None
    if not isinstance(version, int):
        return 0, NotDebriefs(
            "This file is not a Debrief backup", "It has a schema_version table, but not the one Debrief writes."
        )
    if version == 0:
        return 0, NotDebriefs(
            "This file is not a Debrief backup",
            "It is a DuckDB database but not one of Debrief's: it has no schema version.",
        )
    if version > schema.LATEST_VERSION:
        return version, WrittenByNewerDebrief(
            "This backup was written by a newer Debrief",
            f"It is at schema version {version}; this Debrief knows up to {schema.LATEST_VERSION}. "
            "Upgrade Debrief (pip install -r requirements.txt --upgrade) to restore it.",
        )
    try:
        different = structure_problems(con, version)
    except duckdb.IOException:
        return version, DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=""))
    if different:
        return version, IncompleteBackup(
            "This file lacks parts of Debrief's database",
            f"It says it is a Debrief database (schema version {version}), but {_listed(different)} "
            "Restoring it would break every page.",
        )
    return version, None


def _listed(reasons: list[str]) -> str:
    shown = "; ".join(reasons[:REASONS_SHOWN])
    more = f"; and {len(reasons) - REASONS_SHOWN:,} more" if len(reasons) > REASONS_SHOWN else ""
    return f"{shown}{more}."


def _unopenable(message: str) -> NotABackup:
    """Why DuckDB could not open a candidate file, in words."""
    if "not a valid DuckDB database" in message:
        return NotDebriefs("This file is not a Debrief backup", "It is not a DuckDB database at all.")
    if "Could not read enough bytes" in message or "checksum" in message.lower() or "corrupt" in message.lower():
        return DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=""))
    if "version number" in message or "newer" in message.lower():
        return WrittenByNewerDebrief(
            "This backup was written by a newer Debrief",
            "Its file format is newer than this Debrief's DuckDB reads. "
            "Upgrade Debrief (pip install -r requirements.txt --upgrade) to restore it.",
        )
    return DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=""))


def _not_updatable(problem: DatabaseUnavailable) -> NotABackup:
    if "damaged" in problem.title:
        return DamagedBackup(_DAMAGED, _DAMAGED_ADVICE.format(where=""))
    return IncompleteBackup(
        "This backup cannot be brought up to date",
        "It is an older Debrief database, but updating it to this version fails, so it is not restored.",
    )


# The newest moment any record was created or changed; NULLs are passed over.
_LAST_CHANGE = """
    SELECT greatest(
        (SELECT max(updated_at) FROM applications), (SELECT max(updated_at) FROM interviews),
        (SELECT max(updated_at) FROM reflections), (SELECT max(updated_at) FROM contacts),
        (SELECT max(greatest(created_at, done_at, skipped_at)) FROM follow_ups))
"""


def _last_change(con: duckdb.DuckDBPyConnection) -> datetime | None:
    [(when,)] = con.execute(_LAST_CHANGE).fetchall()
    return when


# Restoring ------------------------------------------------------------------


def restore_backup(db: Database, source: Path) -> Path:
    """Replace the database of `db` with the backup at `source`; return the copy of the state before.

    `db` is closed afterwards, whether or not the restore succeeds: open the
    file again to use it. Nothing is replaced unless the copy of `source` to be
    swapped in passes `verify_backup` and nothing else holds the database open;
    raises `RestoreFailed` (`NotABackup` and its kinds, `StillInUse`) saying why
    otherwise, with the database as it was.
    """
    source = Path(source)
    if source.resolve() == db.path.resolve():
        db.close()
        raise NotDebriefs("That is the database itself, not a backup of it")
    with _staged(db) as staged:
        try:
            shutil.copy2(source, staged)
        except OSError as error:
            if error.filename and Path(error.filename) == staged:
                raise _unwritable(RestoreFailed, "Nothing was restored", staged.parent, error) from None
            raise NotDebriefs("This backup cannot be read", f"{error.strerror}.") from None
        return _swap_in(db, staged)


def restore_backup_bytes(db: Database, content: bytes) -> Path:
    """`restore_backup` from the content of an uploaded backup file."""
    with _staged(db) as staged:
        try:
            staged.write_bytes(content)
        except OSError as error:
            raise _unwritable(RestoreFailed, "Nothing was restored", staged.parent, error) from None
        return _swap_in(db, staged)


@contextmanager
def _staged(db: Database) -> Iterator[Path]:
    """A path beside the database for the file to swap in; on any failure it is removed and `db` closed."""
    # Beside the database, so that the final rename stays on one file system and is atomic.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    staged = db.path.with_name(f".{db.path.name}.restoring-{stamp}")
    try:
        yield staged
    except BaseException:
        staged.unlink(missing_ok=True)
        db.close()
        raise


def _swap_in(db: Database, staged: Path) -> Path:
    # The very bytes that will be swapped in are verified, in a copy of their own.
    check_backup(staged)
    try:
        before = db.backup("before-restore")
    except DebriefError as failure:
        raise _unwritable(
            RestoreFailed,
            "Nothing was restored: Debrief could not keep a copy of your current data first",
            backups_dir(db.path),
            _why(failure),
        ) from None
    db.close()
    _make_sure_nothing_holds(db.path)
    wal = Path(f"{db.path}.wal")
    try:
        if wal.exists():
            # Everything in it was checkpointed into the backup just taken; keep it beside that backup anyway.
            wal.replace(Path(f"{before}.wal"))
        os.replace(staged, db.path)
    except OSError as error:
        raise _unwritable(
            RestoreFailed, f"Nothing was restored (your data is also kept in {before})", db.path.parent, error
        ) from None
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
                "not replaced",
                "Close the others or restart Debrief, then restore again.",
            ) from None
