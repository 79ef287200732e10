"""Debrief on the command line: import, export, back up, restore, make demo data, check.

    python cli.py --help
    python cli.py import "Job Applications.csv"
    python cli.py export ~/debrief-export

Every command works on the database given by --db, else DEBRIEF_DB, else
data/debrief.duckdb. A problem prints one line on stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import duckdb

from data.operations.backup import BackupProblem, NotABackup, Verification, backup_now, restore_backup, verify_backup
from data.operations.demo import DEMO_APPLICATIONS, DEMO_SEED, DemoRefused, generate_demo
from data.operations.integrity import STRUCTURE_RULE, check_database, row_counts, unreadable_because
from data.store.db import Database, DatabaseUnavailable, database_path, describe_database_error
from data.store.errors import DebriefError
from data.transfer.exporting import export_files, export_zip
from data.transfer.foreign_formats import FIELDS, missing_fields
from data.transfer.import_files import ImportBudget, ImportProblem, OverLimit, count_problems
from data.transfer.import_preview import ImportPreview, describe_counts, preview_import, preview_without_writing
from data.transfer.import_reading import ImportPlan, prepare_import
from data.transfer.import_writing import run_import

PROBLEMS_SHOWN = 30


class Failure(Exception):
    """An error to print as one line before exiting with `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _open(args: argparse.Namespace, *, read_only: bool = False) -> closing[Database]:
    """The database of --db, for a `with` block that closes it however the block ends."""
    return closing(Database(_path(args), read_only=read_only))


def _path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else database_path()


def _say(text: str = "") -> None:
    print(text)


# import ---------------------------------------------------------------------


def _read_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in FIELDS or not column.strip():
            raise Failure(f"--map takes FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}; got '{pair}'.", 2)
        mapping[name.strip()] = column.strip()
    return mapping


def _plan(files: list[Path], chosen: dict[str, str]) -> ImportPlan:
    contents = []
    # Files larger together than an import may hold are refused before they are read.
    sizes = ImportBudget()
    for path in files:
        try:
            sizes.take_bytes(path.name, path.stat().st_size)
            contents.append((path.name, path.read_bytes()))
        except OSError as error:
            raise Failure(f"cannot read {path}: {error.strerror}.") from None
        except OverLimit as refused:
            raise Failure(str(refused.problem)) from None
    plan = prepare_import(contents)
    if not plan.spreadsheets:
        return plan
    mappings = {}
    for sheet in plan.spreadsheets:
        mapping = {**sheet.guess, **chosen}
        unknown = [c for c in chosen.values() if c not in sheet.table.header]
        if unknown:
            raise Failure(
                f"{sheet.table.name} has no column '{unknown[0]}' (its columns: {', '.join(sheet.table.header)})."
            )
        missing = missing_fields(mapping)
        if missing:
            raise Failure(
                f"{sheet.table.name}: which column is the {FIELDS[missing[0]].lower()}? Name it with "
                f"--map {missing[0]}=COLUMN (its columns: {', '.join(sheet.table.header)})."
            )
        mappings[sheet.table.name] = mapping
    return prepare_import(contents, mappings)


def _print_problems(problems: list[ImportProblem]) -> None:
    for problem in problems[:PROBLEMS_SHOWN]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > PROBLEMS_SHOWN:
        print(f"  … and {count_problems(problems[PROBLEMS_SHOWN:]):,} more.", file=sys.stderr)


def command_import(args: argparse.Namespace) -> int:
    """Import Debrief's five CSV files (in any order), a zip of them, or an export of LinkedIn, Simplify, JobSync or
    Teal, or any spreadsheet saved as CSV. Prints what it read and adds it all in one transaction; if any row has a
    problem, nothing is imported and each problem is listed with its file, row and column. Applications already in
    Debrief (same company, role and date applied) are left out.
    """
    plan = _plan([Path(f).expanduser() for f in args.files], _read_mapping(args.map or []))
    for name, label, rows in plan.formats:
        _say(f"{name}: {label}, {rows:,} rows")
    if plan.problems:
        print(f"Nothing imported: {plan.problem_count:,} problem(s) in the files:", file=sys.stderr)
        _print_problems(plan.problems)
        return 1
    if args.dry_run:
        # Read-only, or an empty database in memory: a dry run makes no folder and no file.
        preview = preview_without_writing(_path(args), plan)
        _say_preview(plan, preview)
        _say("Would add: " + describe_counts(preview.added) + ". Nothing written (--dry-run).")
        return 0
    with _open(args) as db:
        preview = preview_import(db.cursor(), plan)
        _say_preview(plan, preview)
        result = run_import(db, plan)
    _say("Added: " + describe_counts(result.added) + ".")
    if result.backup:
        _say(f"Your data before the import is backed up in {result.backup}.")
    return 0


def _say_preview(plan: ImportPlan, preview: ImportPreview) -> None:
    """How the files' columns and statuses are read, and what the import leaves out."""
    for row in preview.column_mapping.itertuples(index=False):
        _say(f"  column {row[1]} → {row[2]}")
    for row in preview.status_mapping.itertuples(index=False):
        _say(f"  status {row[1]} → {row[2]} ({row[3]:,} rows)")
    for note in plan.notes:
        _say(f"  {note}")
    if len(preview.duplicates):
        _say(f"Already in Debrief or repeated, left out: {len(preview.duplicates):,} application(s).")
    if len(preview.skipped):
        _say(f"Not applied to yet, left out: {len(preview.skipped):,} row(s).")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in counts.items())


# export, backup, restore ----------------------------------------------------


def command_export(args: argparse.Namespace) -> int:
    """Write applications.csv, interviews.csv, reflections.csv, contacts.csv and follow_ups.csv into DIR (or a zip of
    them when DIR ends in .zip). See docs/data-format.md.
    """
    target = Path(args.dir).expanduser()
    with _open(args, read_only=True) as db:
        con = db.cursor()
        if target.suffix.lower() == ".zip":
            if target.exists() and not args.force:
                raise Failure(f"{target} exists already; add --force to replace it.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(export_zip(con))
            _say(f"Exported everything to {target}")
            return 0
        files = export_files(con)
    if target.exists() and not target.is_dir():
        raise Failure(f"{target} is a file, not a folder.")
    existing = [name for name in files if (target / name).exists()]
    if existing and not args.force:
        raise Failure(f"{target} already holds {', '.join(existing)}; add --force to replace them.")
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)
    _say(f"Exported everything to {target}: {', '.join(files)}")
    return 0


def command_backup(args: argparse.Namespace) -> int:
    """Make a consistent copy of the database in the backups folder beside it (the last five are kept) and, if FILE is
    given, copy it there too.
    """
    target = Path(args.file).expanduser() if args.file else None
    if target is not None and target.exists() and not target.is_dir() and not args.force:
        raise Failure(f"{target} exists already; add --force to replace it.")
    with _open(args) as db:
        made = backup_now(db, target)
    _say(f"Backed up to {made}")
    return 0


def command_restore(args: argparse.Namespace) -> int:
    """Replace the database with the backup FILE. FILE is first verified in a temporary copy with every check of
    `check` (brought up to date if older); a file that fails is refused and nothing changes. The current data is
    copied into the backups folder first (that copy is never deleted automatically). Asks first unless --yes is
    given.
    """
    source = Path(args.file).expanduser()
    if not source.is_file():
        raise Failure(f"there is no backup file at {source}.")
    path = _path(args)
    # Verified before anything is asked or opened; restore_backup verifies the copy it swaps in again.
    verification = verify_backup(source)
    _say(f"{source}: {describe_verification(verification)}")
    if verification.refusal is not None:
        raise verification.refusal
    if not args.yes:
        if not sys.stdin.isatty():
            raise Failure(f"restoring replaces everything in {path}; run again with --yes to confirm.", 2)
        answer = input(f"Replace everything in {path} with {source}? A copy of the current data is kept first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            _say("Nothing restored.")
            return 1
    with _open(args) as db:
        before = restore_backup(db, source)
    _say(f"Restored {path} from {source}.")
    _say(f"Your data before the restore is kept in {before} (Debrief never deletes that copy by itself).")
    try:
        reopened = Database(path)
    except DatabaseUnavailable as problem:
        raise Failure(
            f"restored, but the database does not open: {problem.title}. {problem.advice} "
            f"Your data before the restore is kept in {before}."
        ) from None
    with closing(reopened):
        _say("It holds " + _counts(row_counts(reopened.cursor())) + ".")
    return 0


def describe_verification(verification: Verification) -> str:
    """One line on what a candidate backup holds and the verdict, for the terminal."""
    held = []
    if verification.version:
        held.append(f"schema version {verification.version}")
    if verification.last_change is not None:
        held.append(f"last change {verification.last_change:%Y-%m-%d %H:%M}")
    if verification.counts:
        held.append(_counts(verification.counts))
    verdict = "passes every check" if verification.ok else "refused"
    return f"{'; '.join(held) or f'{verification.size:,} bytes'}; {verdict}."


# demo, check ----------------------------------------------------------------


def command_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with a realistic, made-up job search: applications over months, interview rounds,
    reflections, follow-ups, references and feedback. The same seed gives the same data on the same day.
    """
    if args.applications < 1:
        raise Failure("--applications must be at least 1.", 2)
    with _open(args) as db:
        counts = generate_demo(db, args.applications, args.seed)
    _say(f"Demo data written to {_path(args)}: " + _counts(counts) + ".")
    return 0


def command_check(args: argparse.Namespace) -> int:
    """Open the database read-only, read every table in full (DuckDB verifies each block's checksum), check that every
    link resolves and every rule of the schema holds, and print a summary. Exits 1 if a check fails.
    """
    path = _path(args)
    with _open(args, read_only=True) as db:
        con = db.cursor()
        try:
            counts = ", ".join(f"{table.replace('_', ' ')}: {n:,}" for table, n in row_counts(con).items())
        except duckdb.Error as error:
            counts = f"rows not counted: {unreadable_because(error)}"
        findings = check_database(con)
    _say(f"Database {path} ({path.stat().st_size / 1_000_000:.1f} MB)")
    _say("  " + counts)
    failed = [f for f in findings if not f.ok]
    # On a file that is not Debrief's, most checks cannot run for the same reason: say that once.
    blocked = [f for f in failed if f.breaking < 0 and f.detail == unreadable_because(duckdb.CatalogException())]
    for finding in failed if len(blocked) <= 3 else [f for f in failed if f not in blocked]:
        if finding.breaking < 0:
            broken = "could not be checked"
        elif finding.rule == STRUCTURE_RULE:
            broken = f"{finding.breaking:,} difference(s)"
        else:
            broken = f"{finding.breaking:,} row(s) break it"
        _say(f"  FAILED: {finding.rule}: {broken}{'; ' + finding.detail if finding.detail else ''}")
    if len(blocked) > 3:
        _say(f"  FAILED: {len(blocked)} more checks could not run: a table or column they need is missing")
    if failed:
        _say(f"{len(failed)} of {len(findings)} checks failed.")
        return 1
    _say(f"All {len(findings)} checks passed.")
    return 0


# the parser -----------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    db_help = "the database file (default: $DEBRIEF_DB, else data/debrief.duckdb)"
    top = argparse.ArgumentParser(
        prog="python cli.py",
        description="Debrief's data on the command line. Errors print one line and exit non-zero.",
    )
    top.add_argument("--db", metavar="PATH", default=None, help=db_help)
    # Sub-commands accept --db too; SUPPRESS keeps one given before the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, run: Callable[[argparse.Namespace], int], summary: str) -> argparse.ArgumentParser:
        # The command's docstring is its --help (argparse folds the lines into paragraphs again).
        sub = commands.add_parser(name, parents=[common], help=summary, description=run.__doc__)
        sub.set_defaults(run=run)
        return sub

    sub = add("import", command_import, "import Debrief's CSV files, a zip of them, or another tracker's export")
    sub.add_argument("files", nargs="+", metavar="FILE", help="CSV or zip files")
    sub.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help=f"for a spreadsheet: the column holding FIELD ({', '.join(FIELDS)}); repeat for each field",
    )
    sub.add_argument(
        "--dry-run", action="store_true", help="check the files and show what would be added, write nothing"
    )

    sub = add("export", command_export, "write the five CSV files into DIR")
    sub.add_argument("dir", metavar="DIR")
    sub.add_argument("--force", action="store_true", help="replace files already there")

    sub = add("backup", command_backup, "back up the database")
    sub.add_argument("file", nargs="?", metavar="FILE")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")

    sub = add("restore", command_restore, "replace the database with a backup")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    sub = add("demo", command_demo, "fill an empty database with a made-up job search")
    sub.add_argument("--applications", type=int, default=DEMO_APPLICATIONS, metavar="N", help="how many applications")
    sub.add_argument("--seed", type=int, default=DEMO_SEED, metavar="S", help="the random seed")

    add("check", command_check, "check the database's integrity")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Failure as failure:
        print(f"debrief: {failure}", file=sys.stderr)
        return failure.code
    except DatabaseUnavailable as problem:
        print(f"debrief: {problem.title} ({problem.path}). {problem.advice}", file=sys.stderr)
        return 3
    except NotABackup as refused:
        print(f"debrief: nothing restored, your database is as it was. {refused}", file=sys.stderr)
        return 1
    except (BackupProblem, DemoRefused) as problem:
        print(f"debrief: {problem}", file=sys.stderr)
        return 1
    except DebriefError as problem:  # Every other failure of the family: a full disk, a busy database…
        print(f"debrief: {problem.title}. {problem.advice}", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(f"debrief: {describe_database_error(error)}", file=sys.stderr)
        return 1
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(f"debrief: {error.strerror or error}{where}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("debrief: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as error:  # A bug must still not print a traceback at the user.
        if os.environ.get("DEBRIEF_DEBUG"):
            raise
        first_line = (str(error).splitlines() or [""])[0]
        print(
            f"debrief: unexpected error ({type(error).__name__}: {first_line}). Set DEBRIEF_DEBUG=1 to see details.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
