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

from data.applications import Application, get_application, save_application
from data.contacts import get_contact, save_contact
from data.follow_ups import mark_done, open_follow_ups
from data.interviews import get_interview, save_interview
from data.reflections import Reflection, get_reflection, save_reflection
from data.settings import set_weekly_goal, weekly_goal

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


def test_an_edited_application_is_in_the_file(filled_db, tmp_path):
    db, ids = filled_db
    page = db.cursor()
    application = get_application(page, ids["acme"])
    application.notes = "Edited after reading it on the page"
    save_application(db, application)

    assert in_the_file_alone(db, tmp_path, f"SELECT notes FROM applications WHERE id = {ids['acme']}") == (
        "[('Edited after reading it on the page',)]"
    )


def test_an_edited_interview_is_in_the_file(filled_db, tmp_path):
    db, ids = filled_db
    page = db.cursor()
    interview = get_interview(page, ids["acme_screen"])
    interview.feedback = "Strong on SQL"
    save_interview(db, interview)

    assert in_the_file_alone(db, tmp_path, f"SELECT feedback FROM interviews WHERE id = {ids['acme_screen']}") == (
        "[('Strong on SQL',)]"
    )


def test_a_reflection_saved_twice_is_in_the_file(filled_db, tmp_path):
    db, ids = filled_db
    page = db.cursor()
    interview = ids["globex_screen"]
    save_reflection(db, Reflection(interview, 3), now=datetime(2026, 3, 13))
    saved = get_reflection(page, interview)
    save_reflection(db, Reflection(interview, 4, went_well="Calm answers"), original=saved, now=datetime(2026, 3, 13))

    assert in_the_file_alone(db, tmp_path, "SELECT overall, went_well FROM reflections") == "[(4, 'Calm answers')]"


def test_an_edited_contact_is_in_the_file(filled_db, tmp_path):
    db, _ = filled_db
    page = db.cursor()
    [(dana,)] = page.execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()
    contact = get_contact(page, dana)
    contact.email = "dana@acme.example"
    save_contact(db, contact)

    assert in_the_file_alone(db, tmp_path, f"SELECT email FROM contacts WHERE id = {dana}") == (
        "[('dana@acme.example',)]"
    )


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
