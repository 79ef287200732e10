"""Files an attacker (or bad luck) hands to restore, and what the restore tests check after each.

- `fake_backup`: Debrief's table names and a `schema_version` at the latest
  version, but junk columns: it opens as a DuckDB database and names the right
  tables, yet no page could read it.
- `truncated_backup`: the first two thirds of a real backup of a 50-application
  search, as a copy or download cut short leaves it: its first tables still read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pytest

from data.operations.demo import generate_demo
from data.store.db import Database, backups_dir
from data.store.schema import LATEST_VERSION, RECORD_TABLES, TABLES


def fake_backup(path: Path) -> Path:
    """Write the fake backup at `path` and return it."""
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
        con.execute("INSERT INTO schema_version VALUES (?, 'looks like Debrief', localtimestamp)", [LATEST_VERSION])
        for table in RECORD_TABLES:
            con.execute(f"CREATE TABLE {table} (junk VARCHAR)")  # noqa: S608 (fixed names)
            con.execute(f"INSERT INTO {table} VALUES ('x')")  # noqa: S608
    return path


def truncated_backup(folder: Path) -> Path:
    """A real backup of a 50-application demo search, cut to its first two thirds, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    db = Database(folder / "source.duckdb")
    try:
        generate_demo(db, 50, seed=7, today=date(2026, 3, 1))
        whole = db.backup("manual")
    finally:
        db.close()
    content = whole.read_bytes()
    cut = folder / "cut-short.duckdb"
    cut.write_bytes(content[: len(content) * 2 // 3])
    return cut


def hostile(kind: str, folder: Path) -> Path:
    """The hostile backup of `kind` ("fake" or "truncated") made in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return fake_backup(folder / "fake.duckdb") if kind == "fake" else truncated_backup(folder)


# What the refusal says for each kind, in the user's words.
REFUSED_BECAUSE = {
    "fake": "lacks parts of Debrief's database",
    "truncated": "cut short or damaged",
}


def counted(path: Path) -> dict[str, int]:
    """Rows per table of the database at `path`, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}  # noqa: S608


def before_restore_copies(database: Path) -> list[Path]:
    """The copies of the data taken before a restore, beside the database at `database`, oldest first."""
    folder = backups_dir(database)
    return sorted(folder.glob("*-before-restore.duckdb")) if folder.exists() else []


@contextmanager
def read_only_view(folder: Path, view: Path) -> Iterator[Path]:
    """`folder` seen through `view`, a read-only bind mount of it, unmounted afterwards.

    A real read-only file system, so that the messages tested are DuckDB's and
    the system's own. Needs `mount` (root, as in CI); elsewhere the test is
    skipped and says why (root ignores file permissions, so chmod cannot stand in).
    """
    view.mkdir(parents=True, exist_ok=True)
    bound = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount a read-only folder here (needs root): {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=True)
