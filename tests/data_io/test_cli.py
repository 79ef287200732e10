"""`python cli.py`: exit codes and messages, run as a user runs it, on a database in tmp_path.

Most tests run the command's `main` in this process (`cli`), which prints,
reads its standard input and exits as the script does; the journey from a demo
to an import elsewhere runs `python cli.py` itself, in processes of its own
(`cli_process`), as a user's terminal does.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

import cli as debrief_cli
from data.operations.backup import backup_now
from data.store.applications import Application, save_application
from data.store.db import Database, backups_dir
from tests.data_io.helpers import FIXTURES, contents
from tests.data_io.hostile_backups import REFUSED_BECAUSE, before_restore_copies, counted, hostile, read_only_view
from tests.other_process import held_by_another_process

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, db: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    """`python cli.py ARGS` as the script runs it, in this process: its exit code and what it printed.

    `db` is given as DEBRIEF_DB; `stdin` is its standard input, not a terminal (as
    in a pipe). Starting Python for each command took most of this module's time.
    """
    saved_db, saved_stdin = os.environ.get("DEBRIEF_DB"), sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        if db is not None:
            os.environ["DEBRIEF_DB"] = str(db)
        sys.stdin = io.StringIO(stdin)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = debrief_cli.main(list(args))
            except SystemExit as leaving:  # argparse's refusals and --help, as `sys.exit` in the script
                code = leaving.code if isinstance(leaving.code, int) else int(leaving.code is not None)
    finally:
        sys.stdin = saved_stdin
        if saved_db is None:
            os.environ.pop("DEBRIEF_DB", None)
        else:
            os.environ["DEBRIEF_DB"] = saved_db
    return subprocess.CompletedProcess(["python", "cli.py", *args], code, out.getvalue(), err.getvalue())


def cli_process(*args: str, db: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    """`python cli.py ARGS` in a Python of its own, exactly as a user runs it."""
    env = {**os.environ}
    if db is not None:
        env["DEBRIEF_DB"] = str(db)
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), *args],
        env=env,
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("debrief: ")
    return lines[0]


@pytest.mark.parametrize("command", ["import", "export", "backup", "restore", "demo", "check"])
def test_help_explains_each_command(command, capsys):
    # In-process: argparse's help is the same text as in a subprocess, without starting Python six times.
    with pytest.raises(SystemExit) as leaving:
        debrief_cli.main([command, "--help"])
    assert leaving.value.code == 0
    shown = capsys.readouterr().out
    assert "--db PATH" in shown and len(shown.splitlines()) > 5


def test_demo_then_check_then_export_then_import_elsewhere(tmp_path):
    db_path = tmp_path / "debrief.duckdb"
    made = cli_process("demo", "--applications", "120", "--seed", "4", db=db_path)
    assert made.returncode == 0, made.stderr
    assert "120 applications" in made.stdout

    checked = cli_process("check", db=db_path)
    assert checked.returncode == 0, checked.stdout
    assert "applications: 120" in checked.stdout and checked.stdout.strip().endswith("checks passed.")

    exported = cli_process("export", str(tmp_path / "out"), db=db_path)
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "applications.csv",
        "contacts.csv",
        "follow_ups.csv",
        "interviews.csv",
        "reflections.csv",
    ]
    again = cli_process("export", str(tmp_path / "out"), db=db_path)
    assert again.returncode == 1 and "--force" in one_line_error(again)

    other = tmp_path / "other.duckdb"
    files = [str(p) for p in sorted((tmp_path / "out").iterdir(), reverse=True)]
    imported = cli_process("--db", str(other), "import", *files)
    assert imported.returncode == 0, imported.stderr
    assert "Added: 120 applications" in imported.stdout
    source, target = Database(db_path, read_only=True), Database(other, read_only=True)
    try:
        assert contents(target.cursor())["reflections"] and len(contents(target.cursor())["reflections"]) == len(
            contents(source.cursor())["reflections"]
        )
    finally:
        source.close()
        target.close()


def test_a_bad_file_is_refused_with_its_problems_and_changes_nothing(filled_db, tmp_path):
    db, _ = filled_db
    before = contents(db.cursor())
    db.close()
    bad = tmp_path / "applications.csv"
    bad.write_text("id,company,role,applied_on,status\n1,Acme,Dev,2026-02-30,hired\n", encoding="utf-8")
    result = cli("import", str(bad), db=db.path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "Nothing imported: 2 problem(s) in the files:"
    assert "applications.csv, row 2, column applied_on: '2026-02-30' is not a day of the calendar." in result.stderr
    assert "applications.csv, row 2, column status: 'hired' is not allowed" in result.stderr
    reopened = Database(db.path, read_only=True)
    try:
        assert contents(reopened.cursor()) == before
    finally:
        reopened.close()


def test_another_trackers_export_and_a_dry_run(db_path):
    dry = cli("import", "--dry-run", str(FIXTURES / "teal.csv"), db=db_path)
    assert dry.returncode == 0, dry.stderr
    assert "teal.csv: Teal, 4 rows" in dry.stdout
    assert "status Not Selected → rejected (1 rows)" in dry.stdout
    assert "Would add: 3 applications. Nothing written (--dry-run)." in dry.stdout
    done = cli("import", str(FIXTURES / "teal.csv"), db=db_path)
    assert "Added: 3 applications." in done.stdout


def test_a_dry_run_makes_no_folder_and_no_database(tmp_path):
    missing = tmp_path / "not" / "yet" / "debrief.duckdb"
    dry = cli("import", "--dry-run", str(FIXTURES / "teal.csv"), "--db", str(missing))
    assert dry.returncode == 0, dry.stderr
    assert "Would add: 3 applications. Nothing written (--dry-run)." in dry.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_on_a_database_changes_no_file_beside_it(filled_db):
    db, _ = filled_db
    db.close()
    folder = db.path.parent
    before = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    dry = cli("import", "--dry-run", str(FIXTURES / "teal.csv"), db=db.path)
    assert dry.returncode == 0, dry.stderr
    assert "Would add: 3 applications." in dry.stdout
    assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_files_larger_together_than_an_import_may_hold_are_refused_unread(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as file:
        file.truncate(101 * 1024 * 1024)  # sparse: no disk space, and never read
    result = cli("import", str(big), db=tmp_path / "debrief.duckdb")
    assert result.returncode == 1
    assert "big.csv: takes this import over 100 MB of text" in one_line_error(result)
    assert not (tmp_path / "debrief.duckdb").exists()


def test_a_spreadsheet_needs_its_columns_named(db_path):
    sheet = str(FIXTURES / "my-spreadsheet.csv")
    asked = cli("import", sheet, "--map", "applied_on=Nope", db=db_path)
    assert asked.returncode == 1
    assert "has no column 'Nope'" in one_line_error(asked)
    wrong = cli("import", sheet, "--map", "salary=Where", db=db_path)
    assert wrong.returncode == 2 and "--map takes FIELD=COLUMN" in one_line_error(wrong)
    done = cli("import", sheet, "--map", "source=Where", db=db_path)
    assert done.returncode == 0, done.stderr
    assert "Added: 3 applications." in done.stdout


def test_backup_and_restore(filled_db, tmp_path):
    db, _ = filled_db
    db.close()
    copy = tmp_path / "copy.duckdb"
    backed = cli("backup", str(copy), db=db.path)
    assert backed.returncode == 0 and copy.exists()
    refused = cli("restore", str(copy), db=db.path)
    assert refused.returncode == 2 and "--yes" in one_line_error(refused)
    restored = cli("restore", str(copy), "--yes", db=db.path)
    assert restored.returncode == 0, restored.stderr
    assert "3 applications" in restored.stdout and "before-restore" in restored.stdout
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    wrong = cli("restore", str(not_a_backup), "--yes", db=db.path)
    assert wrong.returncode == 1 and "not a Debrief backup" in one_line_error(wrong)


def test_a_database_in_use_by_another_process_is_one_clear_line(db_path):
    Database(db_path).close()
    with held_by_another_process(db_path) as pid:
        result = cli("check", db=db_path)
    assert result.returncode == 3
    line = one_line_error(result)
    assert "Another program is using this database" in line and str(pid) in line


def test_missing_files_and_databases_are_one_clear_line(tmp_path):
    missing_db = cli("check", db=tmp_path / "nowhere.duckdb")
    assert missing_db.returncode == 3 and "There is no Debrief database here" in one_line_error(missing_db)
    missing_file = cli("import", str(tmp_path / "nothing.csv"), db=tmp_path / "d.duckdb")
    assert missing_file.returncode == 1 and "cannot read" in one_line_error(missing_file)
    demo_twice = tmp_path / "demo.duckdb"
    cli("demo", "--applications", "10", db=demo_twice)
    again = cli("demo", "--applications", "10", db=demo_twice)
    assert again.returncode == 1 and "already holds applications" in one_line_error(again)


def test_the_db_option_wins_over_the_environment(tmp_path):
    chosen = tmp_path / "chosen.duckdb"
    result = cli("demo", "--applications", "5", "--db", str(chosen), db=tmp_path / "env.duckdb")
    assert result.returncode == 0, result.stderr
    assert chosen.exists() and not (tmp_path / "env.duckdb").exists()


@pytest.mark.parametrize("kind", ["fake", "truncated"])
def test_a_hostile_backup_restored_six_times_from_the_command_line_changes_nothing(filled_db, tmp_path, kind):
    db, _ = filled_db
    older = backup_now(db, tmp_path / "older.duckdb")
    save_application(db, Application("Hooli", "ML Engineer", date(2026, 3, 20)))
    db.close()
    # A first, genuine restore keeps the data as it was (with Hooli), and says where.
    first = cli("restore", str(older), "--yes", db=db.path)
    assert first.returncode == 0, first.stderr
    [kept] = before_restore_copies(db.path)
    assert f"Your data before the restore is kept in {kept}" in first.stdout
    assert counted(kept)["applications"] == 4
    bad = hostile(kind, tmp_path / "hostile")
    rows, content = counted(db.path), db.path.read_bytes()

    for _ in range(6):
        refused = cli("restore", str(bad), "--yes", db=db.path)
        assert refused.returncode == 1
        line = one_line_error(refused)
        assert "nothing restored, your database is as it was" in line and REFUSED_BECAUSE[kind] in line
        assert "unexpected error" not in line and "Restored" not in refused.stdout

    assert counted(db.path) == rows == {**rows, "applications": 3}
    assert db.path.read_bytes() == content
    assert before_restore_copies(db.path) == [kept] and counted(kept)["applications"] == 4


def test_restore_shows_what_the_backup_holds_before_it_asks(filled_db, tmp_path):
    db, _ = filled_db
    copy = backup_now(db, tmp_path / "copy.duckdb")
    db.close()
    asked = cli("restore", str(copy), db=db.path)
    assert asked.returncode == 2 and "--yes" in one_line_error(asked)
    assert "3 applications, 3 interviews" in asked.stdout and "passes every check" in asked.stdout


@pytest.mark.parametrize(("kind", "says"), [("fake", "are missing"), ("truncated", "cut short or damaged")])
def test_check_on_a_hostile_file_says_what_is_wrong_in_words(tmp_path, kind, says):
    result = cli("check", db=hostile(kind, tmp_path / "hostile"))
    assert result.returncode == 1, result.stderr
    assert "unexpected error" not in result.stderr and "Error:" not in result.stdout
    assert says in result.stdout and result.stdout.strip().endswith("checks failed.")


def test_on_a_read_only_file_system_backup_restore_and_import_say_it_is_read_only(filled_db, tmp_path):
    db, _ = filled_db
    copy = backup_now(db, tmp_path / "copy.duckdb")
    db.close()
    rows = counted(db.path)
    with read_only_view(db.path.parent, tmp_path.parent / f"{tmp_path.name}-read-only") as view:
        on_view = view / db.path.name
        for args in (
            ["backup"],
            ["restore", str(copy), "--yes"],
            ["import", str(FIXTURES / "teal.csv")],
        ):
            result = cli(*args, db=on_view)
            assert result.returncode == 3, (args, result.stderr)
            line = one_line_error(result)
            assert "Debrief may not write to this database" in line and "read-only" in line, args
            assert "could not open" not in line and "unexpected error" not in line
    assert counted(db.path) == rows


def test_a_read_only_backups_folder_is_named_and_nothing_is_restored(filled_db, tmp_path):
    db, _ = filled_db
    copy = backup_now(db, tmp_path / "copy.duckdb")
    db.close()
    rows, content = counted(db.path), db.path.read_bytes()
    folder = backups_dir(db.path)
    hidden = tmp_path.parent / f"{tmp_path.name}-backups"
    hidden.mkdir()
    with read_only_view(hidden, folder):
        backed = cli("backup", db=db.path)
        assert backed.returncode == 1 and "No backup was made" in one_line_error(backed)
        assert f"{folder}: the file system it is on is read-only" in backed.stderr
        restored = cli("restore", str(copy), "--yes", db=db.path)
        assert restored.returncode == 1
        line = one_line_error(restored)
        assert "Nothing was restored: Debrief could not keep a copy of your current data first" in line
        assert "read-only" in line
    assert counted(db.path) == rows and db.path.read_bytes() == content


def test_a_file_with_a_foreign_schema_version_table_is_described_not_an_unexpected_error(tmp_path):
    import duckdb

    odd = tmp_path / "odd.duckdb"
    with duckdb.connect(str(odd)) as con:
        con.execute("CREATE TABLE schema_version (v VARCHAR)")
    checked = cli("check", db=odd)
    assert checked.returncode == 1
    assert "lacks a table or column Debrief needs" in one_line_error(checked)
    other = tmp_path / "debrief.duckdb"
    Database(other).close()
    restored = cli("restore", str(odd), "--yes", db=other)
    assert restored.returncode == 1
    assert "This file is not a Debrief backup" in one_line_error(restored)
