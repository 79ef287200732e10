"""Nothing lost: a Debrief process killed with SIGKILL at random moments, many times over.

Each round starts `crash_worker` on the same database and kills it after a
random number of the lines it prints, so kills land before, inside and just
after transactions, and during the backup an import takes first. After every
kill the database must open as the app opens it, hold every save the worker had
confirmed (printed after the save returned) exactly as written, and hold each
import either whole or not at all. The seed is in every failure message;
DEBRIEF_CRASH_SEED=<seed> replays a run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from data.operations.backup import NotABackup, check_backup, list_backups
from data.store.db import Database, backups_dir
from tests.reliability.crash_worker import IMPORTED_APPLICATIONS, NOTE
from tests.reliability.integrity import PROJECT_ROOT, assert_database_intact
from ui.recovery import last_backup

SAVE_ROUNDS = 8
IMPORT_ROUNDS = 6
# An import prints: opened, ready, ten progress steps (backup first), imported.
IMPORT_LINES = 13


@pytest.fixture(scope="module")
def seed() -> int:
    return int(os.environ.get("DEBRIEF_CRASH_SEED") or random.SystemRandom().randrange(1_000_000))


@dataclass
class Confirmed:
    """Everything the workers confirmed so far, and what was in flight when the last one died."""

    applications: dict[int, dict] = field(default_factory=dict)
    interviews: dict[int, dict] = field(default_factory=dict)
    reflections: dict[int, dict] = field(default_factory=dict)
    in_flight: dict | None = None

    def take(self, lines: list[dict]) -> None:
        self.in_flight = None
        for line in lines:
            if "intent" in line:
                self.in_flight = line["intent"]
            elif "saved" in line:
                saved = line["saved"]
                kind = saved["kind"]
                if kind == "application":
                    self.applications[saved["id"]] = saved
                elif kind == "interview":
                    self.interviews[saved["id"]] = saved
                else:
                    self.reflections[saved["interview_id"]] = saved
                self.in_flight = None


def worker_lines(worker: subprocess.Popen, kill_after: int) -> tuple[list[dict], bool]:
    """Read the worker's lines, SIGKILL it after `kill_after` of them; return its lines and whether it was killed.

    Lines printed before the kill but not read yet were confirmed too: they are read to the end.
    """
    lines: list[dict] = []
    for raw in iter(worker.stdout.readline, ""):
        lines.append(json.loads(raw))
        if len(lines) >= kill_after:
            worker.send_signal(signal.SIGKILL)
            break
    for raw in worker.stdout.read().splitlines(keepends=True):
        if raw.endswith("\n"):  # a line cut by the kill was never shown to anyone
            lines.append(json.loads(raw))
    worker.wait(timeout=120)
    stderr = worker.stderr.read()
    worker.stdout.close()
    worker.stderr.close()
    killed = worker.returncode == -signal.SIGKILL
    assert killed or worker.returncode == 0, stderr
    return lines, killed


def start_worker(mode: str, path: Path, round_: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_worker", mode, str(path), str(round_)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def open_as_the_app_does(path: Path, context: str) -> Database:
    db = Database(path)
    assert db.recovered_wal is None, f"{context}: a crash must never leave a log DuckDB cannot replay"
    return db


def assert_every_confirmed_save_is_there(db: Database, confirmed: Confirmed, context: str) -> None:
    con = db.cursor()
    for application_id, saved in confirmed.applications.items():
        row = con.execute("SELECT company, role, notes FROM applications WHERE id = ?", [application_id]).fetchall()
        assert row == [(saved["company"], "Data Engineer", NOTE)], context
    for interview_id, saved in confirmed.interviews.items():
        row = con.execute("SELECT application_id, held_at FROM interviews WHERE id = ?", [interview_id]).fetchall()
        assert row == [(saved["application_id"], datetime.fromisoformat(saved["held_at"]))], context
        assert interviewers_and_thanked(con, interview_id) == (saved["interviewers"], saved["interviewers"]), context
    for interview_id, saved in confirmed.reflections.items():
        row = con.execute(
            "SELECT overall, went_well FROM reflections WHERE interview_id = ?", [interview_id]
        ).fetchall()
        assert row == [(saved["overall"], saved["went_well"])], context


def interviewers_and_thanked(con, interview_id: int) -> tuple[list[str], list[str]]:
    """The names, sorted, of the interview's interviewers and of the contacts its thank-you notes go to."""
    interviewers, thanked = con.execute(
        "SELECT"
        " (SELECT list(c.name ORDER BY c.name) FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id"
        "  WHERE ii.interview_id = $id),"
        " (SELECT list(c.name ORDER BY c.name) FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
        "  WHERE f.interview_id = $id AND f.kind = 'thank_you')",
        {"id": interview_id},
    ).fetchone()
    return interviewers or [], thanked or []


def assert_nothing_else_is_there(db: Database, confirmed: Confirmed, context: str) -> None:
    """Beyond what was confirmed, at most the save in flight landed, and then whole."""
    con = db.cursor()
    flight = confirmed.in_flight or {}
    applications = {r[0]: r[1] for r in con.execute("SELECT id, company FROM applications").fetchall()}
    extra = {i: c for i, c in applications.items() if i not in confirmed.applications}
    if flight.get("kind") == "application":
        assert list(extra.values()) in ([], [flight["company"]]), context
    else:
        assert extra == {}, context
    interviews = {r[0] for r in con.execute("SELECT id FROM interviews").fetchall()}
    extra_interviews = interviews - set(confirmed.interviews)
    if flight.get("kind") == "interview" and extra_interviews:
        [landed] = extra_interviews
        # The interview, its interviewers and their thank-you notes were one transaction: all there.
        interviewers, thanked = interviewers_and_thanked(con, landed)
        assert len(interviewers) == 2 and thanked == interviewers
    else:
        assert extra_interviews == set(), context
    reflected = {r[0] for r in con.execute("SELECT interview_id FROM reflections").fetchall()}
    extra_reflections = reflected - set(confirmed.reflections)
    if flight.get("kind") == "reflection":
        assert extra_reflections <= {flight["interview_id"]}, context
    else:
        assert extra_reflections == set(), context


def test_a_stream_of_saves_killed_at_random_moments_loses_nothing_confirmed(db_path, seed):
    rng = random.Random(seed)
    confirmed = Confirmed()
    kills = 0
    for round_ in range(SAVE_ROUNDS):
        kill_after = rng.randint(2, 40)
        context = f"seed {seed}, round {round_}, killed after line {kill_after}"
        lines, killed = worker_lines(start_worker("saves", db_path, round_), kill_after)
        kills += killed
        confirmed.take(lines)

        db = open_as_the_app_does(db_path, context)
        try:
            assert_every_confirmed_save_is_there(db, confirmed, context)
            assert_nothing_else_is_there(db, confirmed, context)
        finally:
            db.close()
        # What the next round sees as confirmed includes a save in flight that landed.
        reconcile_in_flight(db_path, confirmed)

    assert kills == SAVE_ROUNDS
    assert len(confirmed.applications) >= SAVE_ROUNDS
    assert_database_intact(db_path)


def reconcile_in_flight(path: Path, confirmed: Confirmed) -> None:
    """Count a save that landed although its worker died before saying so as saved, for later rounds."""
    flight = confirmed.in_flight
    if flight is None:
        return
    db = Database(path)
    try:
        con = db.cursor()
        if flight["kind"] == "application":
            rows = con.execute("SELECT id, company FROM applications WHERE company = ?", [flight["company"]]).fetchall()
            for application_id, company in rows:
                confirmed.applications[application_id] = {"company": company}
                confirmed.applications[application_id]["notes"] = NOTE
        elif flight["kind"] == "interview":
            rows = con.execute(
                "SELECT id, held_at FROM interviews WHERE application_id = ? AND id NOT IN"
                " (SELECT unnest(?::INTEGER[]))",
                [flight["application_id"], list(confirmed.interviews)],
            ).fetchall()
            for interview_id, held_at in rows:
                confirmed.interviews[interview_id] = {
                    "application_id": flight["application_id"],
                    "held_at": held_at.isoformat(),
                    "interviewers": interviewers_and_thanked(con, interview_id)[0],
                }
        else:
            rows = con.execute(
                "SELECT overall, went_well FROM reflections WHERE interview_id = ?", [flight["interview_id"]]
            ).fetchall()
            for overall, went_well in rows:
                confirmed.reflections[flight["interview_id"]] = {"overall": overall, "went_well": went_well}
    finally:
        db.close()
    confirmed.in_flight = None


def imported_counts(db: Database, round_: int) -> tuple[int, int, int]:
    """Applications, interviews and interviewer contacts of import round `round_` in the database."""
    con = db.cursor()
    company, person = [f"Import {round_} company %"], [f"Import {round_} person %"]
    return (
        con.execute("SELECT count(*) FROM applications WHERE company LIKE ?", company).fetchone()[0],
        con.execute(
            "SELECT count(*) FROM interviews i JOIN applications a ON a.id = i.application_id WHERE a.company LIKE ?",
            company,
        ).fetchone()[0],
        con.execute("SELECT count(*) FROM contacts WHERE name LIKE ?", person).fetchone()[0],
    )


def test_an_import_killed_at_random_moments_is_all_in_or_all_out(db_path, seed):
    rng = random.Random(seed + 1)
    whole = (IMPORTED_APPLICATIONS,) * 3
    outcome: dict[int, tuple[int, int, int]] = {}
    for round_ in range(IMPORT_ROUNDS):
        # Up to one line past the end: some rounds finish, most die in the backup, the writing or the commit.
        kill_after = rng.randint(2, IMPORT_LINES + 1)
        context = f"seed {seed + 1}, round {round_}, killed after line {kill_after}"
        lines, killed = worker_lines(start_worker("import", db_path, round_), kill_after)
        finished = any("imported" in line for line in lines)

        db = open_as_the_app_does(db_path, context)
        try:
            outcome[round_] = imported_counts(db, round_)
            assert outcome[round_] in ((0, 0, 0), whole), context
            if finished:
                assert outcome[round_] == whole, context
            # Earlier imports are as they were left.
            for earlier in range(round_):
                assert imported_counts(db, earlier) == outcome[earlier], context
        finally:
            db.close()
        assert killed or finished, context
        assert_backups_are_whole(db_path, context)

    assert_database_intact(db_path)


def assert_backups_are_whole(path: Path, context: str) -> None:
    """Every backup Debrief lists opens as a Debrief database: a kill mid-copy leaves no torn one behind."""
    folder = backups_dir(path)
    for backup in sorted(folder.glob("*.duckdb")) if folder.exists() else []:
        try:
            check_backup(backup)
        except NotABackup as problem:
            pytest.fail(f"{context}: {backup.name} is listed as a backup but is not one: {problem}")


def test_a_backup_cut_short_by_a_crash_is_never_listed_as_a_backup(filled_db, db_path):
    db, _ = filled_db
    whole = db.backup("before-import")
    db.close()

    lines, killed = worker_lines(start_worker("backup", db_path, 0), kill_after=10)

    [copying] = [line for line in lines if "copying" in line]
    assert killed and copying["of"] > 0
    assert [Path(p) for p in list_backups(db_path)["path"]] == [whole]
    assert last_backup(db_path) == whole
    assert_backups_are_whole(db_path, "killed halfway through a backup")
    # The next backup is whole and listed first; the database itself was never touched.
    db = open_as_the_app_does(db_path, "after a backup cut short")
    try:
        newer = db.backup("before-delete")
    finally:
        db.close()
    assert sorted(list_backups(db_path)["path"]) == [str(whole), str(newer)]
    assert last_backup(db_path) == newer
    assert_database_intact(db_path)
