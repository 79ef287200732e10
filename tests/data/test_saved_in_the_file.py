"""After every save, the change is in the database file itself (the checkpoint happened), not only in its log.

Each test reads as a page does (one record through the page's cursor) before it
saves, since a result left half-read on that cursor is what made the checkpoint
fail. Then the file alone, without its write-ahead log, is copied and opened
read-only in another process, which must find the change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime

import pytest

from data.store.applications import Application, get_application, save_application
from data.store.contacts import get_contact, save_contact
from data.store.follow_ups import mark_done, open_follow_ups
from data.store.interviews import get_interview, save_interview
from data.store.reflections import Reflection, get_reflection, save_reflection
from data.store.settings import set_weekly_goal, weekly_goal

_READ = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute(sys.argv[2]).fetchall())
"""


def in_the_file_alone(db, tmp_path, sql: str) -> str:
    """What `sql` returns from a copy of the database file without its log, read by another process."""
    copy = tmp_path / "copy" / "file-alone.duckdb"
    copy.parent.mkdir()
    shutil.copy2(db.path, copy)
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(copy), sql], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_an_added_application_is_in_the_file(db, tmp_path):
    page = db.cursor()
    assert get_application(page, 1) is None
    save_application(db, Application("Hooli", "Analyst", date(2026, 3, 20)))

    assert in_the_file_alone(db, tmp_path, "SELECT company FROM applications") == "[('Hooli',)]"


# What a page edits after reading it: the record's getter and saver, its table, and one field changed.
EDITS = {
    "application": (get_application, save_application, "applications", "acme", "notes", "Edited on the page"),
    "interview": (get_interview, save_interview, "interviews", "acme_screen", "feedback", "Strong on SQL"),
    "contact": (get_contact, save_contact, "contacts", "dana", "email", "dana@acme.example"),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edited_record_is_in_the_file(filled_db, tmp_path, kind):
    db, ids = filled_db
    get, save, table, which, column, value = EDITS[kind]
    page = db.cursor()
    [(ids["dana"],)] = page.execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()
    record = get(page, ids[which])
    setattr(record, column, value)
    save(db, record)

    sql = f"SELECT {column} FROM {table} WHERE id = {ids[which]}"
    assert in_the_file_alone(db, tmp_path, sql) == f"[('{value}',)]"


def test_a_reflection_saved_twice_is_in_the_file(filled_db, tmp_path):
    db, ids = filled_db
    page = db.cursor()
    interview = ids["globex_screen"]
    save_reflection(db, Reflection(interview, 3), now=datetime(2026, 3, 13))
    saved = get_reflection(page, interview)
    save_reflection(db, Reflection(interview, 4, went_well="Calm answers"), original=saved, now=datetime(2026, 3, 13))

    assert in_the_file_alone(db, tmp_path, "SELECT overall, went_well FROM reflections") == "[(4, 'Calm answers')]"


def test_a_follow_up_marked_done_is_in_the_file(filled_db, tmp_path):
    db, _ = filled_db
    page = db.cursor()
    first = open_follow_ups(page)[0]
    mark_done(db, first.id)

    assert in_the_file_alone(db, tmp_path, f"SELECT done_at IS NOT NULL FROM follow_ups WHERE id = {first.id}") == (
        "[(True,)]"
    )


def test_a_weekly_goal_is_in_the_file(db, tmp_path):
    page = db.cursor()
    assert weekly_goal(page) == 5
    set_weekly_goal(db, 9)

    assert in_the_file_alone(db, tmp_path, "SELECT value FROM settings WHERE key = 'weekly_goal'") == "[('9',)]"
