"""A Debrief process for the crash tests to kill: a stream of saves, or one bulk import.

    python -m tests.reliability.crash_worker saves DB ROUND
    python -m tests.reliability.crash_worker import DB ROUND
    python -m tests.reliability.crash_worker backup DB ROUND

It prints one JSON line per step, flushed, so the test can kill it at a chosen
step and know exactly what was confirmed: `{"intent": ...}` before a save, and
`{"saved": ...}` only after the save returned, as the page would then tell the
user. An import prints its progress steps, then `{"imported": ...}` when done.
`backup` dies by its own SIGKILL halfway through copying the database into a
backup, the moment a timed kill would rarely hit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from data.store.applications import Application, save_application
from data.store.db import Database
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection

IMPORTED_APPLICATIONS = 120
# Texts that must come back exactly: quotes, SQL, Markdown, right-to-left, zero-width, emoji.
NOTE = "Referral from Kim; 'quoted' \"twice\" -- ); DROP TABLE applications;-- [x](javascript:alert(1)) שלום\u200b 🚀"


def say(**line: object) -> None:
    print(json.dumps(line, default=str), flush=True)


def stream_of_saves(db: Database, round_: int) -> None:
    """Applications, each followed by an interview with two interviewers and its reflection, until killed."""
    first_day = date(2026, 1, 5)
    for step in range(10_000):
        company = f"Round {round_} company {step}"
        application = Application(company, "Data Engineer", first_day + timedelta(days=step % 60), notes=NOTE)
        say(intent={"kind": "application", "company": company})
        application_id = save_application(db, application)
        say(saved={"kind": "application", "id": application_id, "company": company, "notes": NOTE})

        held_at = datetime(2026, 3, 2, 9) + timedelta(hours=step)
        interviewers = [f"Interviewer {round_}-{step} A", f"Interviewer {round_}-{step} B"]
        say(intent={"kind": "interview", "application_id": application_id})
        interview_id = save_interview(db, Interview(application_id, "screen", "video", held_at, interviewers))
        say(
            saved={
                "kind": "interview",
                "id": interview_id,
                "application_id": application_id,
                "held_at": held_at.isoformat(),
                "interviewers": interviewers,
            }
        )

        went_well = f"Step {step}: the system design answer. {NOTE}"
        say(intent={"kind": "reflection", "interview_id": interview_id})
        save_reflection(db, Reflection(interview_id, overall=1 + step % 5, went_well=went_well))
        say(saved={"kind": "reflection", "interview_id": interview_id, "overall": 1 + step % 5, "went_well": went_well})


def import_files(round_: int) -> list[tuple[str, bytes]]:
    """Debrief's applications.csv and interviews.csv: 120 applications of round `round_`, one interview each."""
    applications = ["id,company,role,applied_on,status,notes"]
    interviews = ["id,application_id,stage,format,held_at,interviewers"]
    for n in range(1, IMPORTED_APPLICATIONS + 1):
        applications.append(f'{n},Import {round_} company {n},Analyst,2026-02-{1 + n % 28:02d},interviewing,"{n}"')
        interviews.append(f"{n},{n},screen,phone,2026-03-{1 + n % 28:02d} 10:00,Import {round_} person {n}")
    return [
        ("applications.csv", ("\n".join(applications) + "\n").encode()),
        ("interviews.csv", ("\n".join(interviews) + "\n").encode()),
    ]


def bulk_import(db: Database, round_: int) -> None:
    # pandas and friends: only the import needs them
    from data.transfer.import_reading import prepare_import
    from data.transfer.import_writing import run_import

    plan = prepare_import(import_files(round_))
    assert plan.ready, plan.problems
    say(step="ready to import")
    result = run_import(db, plan, progress=lambda fraction, text: say(step=text))
    say(imported=result.added)


def die_halfway_through_a_backup(db: Database) -> None:
    """Copy half of the database file into the backup, then die as if the power went off."""

    def half_a_copy(source, target, *args, **kwargs):
        content = Path(source).read_bytes()
        say(copying=str(target), of=len(content))
        with open(target, "wb") as copy:
            copy.write(content[: len(content) // 2])
        os.kill(os.getpid(), signal.SIGKILL)

    shutil.copyfile = half_a_copy
    db.backup("before-delete")


def main() -> None:
    mode, path, round_ = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    db = Database(path)
    say(opened=str(path), recovered_wal=str(db.recovered_wal) if db.recovered_wal else None)
    if mode == "saves":
        stream_of_saves(db, round_)
    elif mode == "import":
        bulk_import(db, round_)
    else:
        die_halfway_through_a_backup(db)
    db.close()


if __name__ == "__main__":
    main()
