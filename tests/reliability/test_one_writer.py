"""One writer: a second Debrief on a file in use is told which file and what to do; readers share.

The other process here is a real one, holding the file as the running app holds
it (`Database(path)`), or as a read-only command does. It says "ready" on stdout
once DuckDB holds the file's lock, so the tests wait on that line, not a clock.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from data.store.db import Database
from tests.conftest import PROJECT_ROOT
from tests.reliability.integrity import assert_database_intact

_HOLD = """
import sys
from data.store.db import Database
db = Database(sys.argv[1], read_only=sys.argv[2] == "read-only")
print("ready", flush=True)
sys.stdin.read()
db.close()
"""


@contextmanager
def debrief_holding(path: Path, *, read_only: bool = False) -> Iterator[int]:
    """Another Debrief process with `path` open (as the app does, or read-only) until the block ends; its PID."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path), "read-only" if read_only else "read-write"],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
        yield process.pid
    finally:
        process.stdin.close()
        process.wait(timeout=60)
        process.stdout.close()
        process.stderr.close()


def cli(path: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "cli.py", *arguments],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DEBRIEF_DB": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def search_on_disk(filled_db, db_path) -> Path:
    """The small search, saved and closed: the file is free for other processes."""
    db, _ = filled_db
    db.close()
    return db_path


def test_a_second_app_on_a_file_in_use_names_the_file_the_process_and_what_to_do(search_on_disk, app):
    with debrief_holding(search_on_disk) as pid:
        at = app.run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Debrief cannot open your data"]
    assert [e.value for e in at.error] == ["Another program is using this database"]
    [advice] = [m.value for m in at.markdown]
    assert f"(process {pid})" in advice
    assert "Stop it (close the other `streamlit run` or `python cli.py`), then try again." in advice
    assert "DEBRIEF_DB" in advice
    assert [c.value for c in at.caption] == ["Database file:"]
    assert [c.value for c in at.code] == [str(search_on_disk)]


@pytest.mark.parametrize(
    "command",
    [["check"], ["backup"], ["import", "{tmp}/applications.csv"]],
    ids=lambda command: command[0],
)
def test_a_command_while_the_app_runs_is_refused_with_the_file_and_what_to_do(search_on_disk, tmp_path, command):
    (tmp_path / "applications.csv").write_text("company,role,applied_on\nHooli,Analyst,2026-03-20\n")
    arguments = [part.format(tmp=tmp_path) for part in command]

    with debrief_holding(search_on_disk) as pid:
        refused = cli(search_on_disk, *arguments)

    assert refused.returncode == 3
    assert "Added" not in refused.stdout
    assert refused.stderr.startswith(f"debrief: Another program is using this database ({search_on_disk}).")
    assert f"(process {pid})" in refused.stderr and "then try again" in refused.stderr
    # Nothing was written: the search is as it was.
    db = Database(search_on_disk, read_only=True)
    try:
        companies = sorted(r[0] for r in db.cursor().execute("SELECT company FROM applications").fetchall())
    finally:
        db.close()
    assert companies == ["Acme", "Globex", "Initech"]


def test_read_only_commands_share_the_file_with_another_reader(search_on_disk, tmp_path):
    # Two read-only connections may share a file across processes; a writer may not join them.
    with debrief_holding(search_on_disk, read_only=True):
        checked = cli(search_on_disk, "check")
        exported = cli(search_on_disk, "export", str(tmp_path / "export"))
        backed_up = cli(search_on_disk, "backup")

    assert checked.returncode == 0, checked.stderr
    assert "applications: 3" in checked.stdout and checked.stdout.rstrip().endswith("checks passed.")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "export" / "applications.csv").read_text(encoding="utf-8-sig").count("\n") == 4
    assert backed_up.returncode == 3
    assert "Another program is using this database" in backed_up.stderr


def test_the_app_and_a_command_take_turns_on_the_same_file(search_on_disk, tmp_path):
    """Once the other one has stopped, the file is free again: nothing is left locked."""
    with debrief_holding(search_on_disk):
        assert cli(search_on_disk, "backup").returncode == 3
    backed_up = cli(search_on_disk, "backup")
    assert backed_up.returncode == 0, backed_up.stderr
    with debrief_holding(search_on_disk):
        pass
    assert_database_intact(search_on_disk)
