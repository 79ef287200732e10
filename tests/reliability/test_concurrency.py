"""Several sessions at once: every save lands, none overwrites another's fields, no failure is swallowed.

Streamlit runs each browser session's script in a thread of its own, all of them
sharing the one cached `Database`. The thread tests do the same: many sessions
saving and reading at one moment (a barrier starts them together). The AppTest
tests run two sessions of the app itself, one after the other on the same data.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from data.store.applications import Application, list_applications, save_application
from data.store.errors import StoreFailed
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, get_reflection, save_reflection
from data.store.validation import InvalidRecord
from tests.conftest import PROJECT_ROOT
from tests.reliability.integrity import assert_database_intact

SESSIONS = 8
SAVES_EACH = 12
NOW = datetime(2026, 3, 20, 12)


def at_once(*tasks):
    """Run each task in its own thread, all released together; return their results.

    `result()` re-raises whatever a task raised: no failure goes unseen.
    """
    start = threading.Barrier(len(tasks))

    def released(task):
        start.wait()
        return task()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        futures = [pool.submit(released, task) for task in tasks]
        return [future.result() for future in futures]


def test_sessions_saving_applications_at_the_same_moment_all_land_whole(db):
    changes_before = db.changes

    def session(n: int):
        def saves() -> dict[int, tuple]:
            saved = {}
            for k in range(SAVES_EACH):
                typed = Application(f"Session {n} company {k}", f"Role {n}.{k}", date(2026, 3, 1 + k), notes=f"{n}:{k}")
                saved[save_application(db, typed)] = (typed.company, typed.role, typed.notes)
            return saved

        return saves

    def reader() -> list[int]:
        # A page reading while the others write: each read sees whole rows, and never fewer than before.
        con = db.cursor()
        seen = []
        for _ in range(SAVES_EACH * 2):
            rows = list_applications(con, limit=1_000)
            assert all(notes_match(r.company, r.role) for r in rows.itertuples())
            seen.append(len(rows))
        con.close()
        return seen

    results = at_once(*(session(n) for n in range(SESSIONS)), reader, reader)

    saved = {}
    for by_id in results[:SESSIONS]:
        assert not saved.keys() & by_id.keys()  # no two saves were given the same id
        saved.update(by_id)
    stored = db.cursor().execute("SELECT id, company, role, notes FROM applications").fetchall()
    assert {row[0]: row[1:] for row in stored} == saved
    assert len(saved) == SESSIONS * SAVES_EACH
    for seen in results[SESSIONS:]:
        assert seen == sorted(seen) and seen[-1] <= len(saved)
    # The pages' cache key counted every one of those transactions.
    assert db.changes == changes_before + SESSIONS * SAVES_EACH
    db.close()
    assert_database_intact(db.path)


def notes_match(company: str, role: str) -> bool:
    """A row read back is whole: its role belongs to its company (see the sessions above)."""
    n, k = company.removeprefix("Session ").split(" company ")
    return role == f"Role {n}.{k}"


def test_interviews_saved_at_once_on_one_application_each_keep_their_interviewers_and_notes(filled_db):
    db, ids = filled_db
    names = {n: [f"Panelist {n}a", f"Panelist {n}b"] for n in range(SESSIONS)}

    def session(n: int):
        return lambda: save_interview(
            db, Interview(ids["initech"], "onsite", "onsite", datetime(2026, 3, 20 + n % 5, 9 + n), names[n])
        )

    interview_ids = at_once(*(session(n) for n in range(SESSIONS)))

    con = db.cursor()
    for n, interview_id in enumerate(interview_ids):
        interviewers = con.execute(
            "SELECT c.name FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id"
            " WHERE ii.interview_id = ? ORDER BY c.name",
            [interview_id],
        ).fetchall()
        thank_yous = con.execute(
            "SELECT c.name FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.interview_id = ? AND f.kind = 'thank_you' ORDER BY c.name",
            [interview_id],
        ).fetchall()
        assert [r[0] for r in interviewers] == names[n]
        # Each save brought the application's plan in step: one thank-you note per interviewer, none twice.
        assert [r[0] for r in thank_yous] == names[n]
    assert (
        con.execute("SELECT count(*) FROM interviews WHERE application_id = ?", [ids["initech"]]).fetchone()[0]
        == SESSIONS
    )
    db.close()
    assert_database_intact(db.path)


def test_a_save_that_fails_among_others_is_reported_to_its_session_and_the_others_land(filled_db):
    db, ids = filled_db

    def good(n: int):
        return lambda: save_application(db, Application(f"Good {n}", "Analyst", date(2026, 3, 9)))

    def refused():
        # The same reply date rule the form checks; the database's CHECK would refuse it too.
        return save_application(db, Application("Bad", "Analyst", date(2026, 3, 9), responded_on=date(2026, 3, 1)))

    def broken_transaction():
        with db.transaction() as cur:
            cur.execute(
                "INSERT INTO applications (company, role, applied_on) VALUES ('Half', 'Done', DATE '2026-03-09')"
            )
            cur.execute("INSERT INTO applications (company, role, applied_on) VALUES ('', 'Empty', DATE '2026-03-09')")

    with pytest.raises(InvalidRecord):
        at_once(refused, *(good(n) for n in range(3)))
    with pytest.raises(StoreFailed):
        at_once(broken_transaction, *(good(n) for n in range(3, 6)))

    companies = sorted(r[0] for r in db.cursor().execute("SELECT company FROM applications").fetchall())
    # Every good save landed; nothing of the refused or broken ones did, not even the broken one's first row.
    assert companies == sorted(["Acme", "Globex", "Initech", *(f"Good {n}" for n in range(6))])


def test_two_windows_editing_one_reflection_keep_both_changes(filled_db):
    db, ids = filled_db
    interview = ids["acme_screen"]
    save_reflection(db, Reflection(interview, 3, went_well="first draft", to_improve="first draft"), now=NOW)
    opened = get_reflection(db.cursor(), interview)

    def window_a():
        return save_reflection(
            db, replace(opened, went_well="Explained the backfill clearly"), original=opened, now=NOW
        )

    def window_b():
        return save_reflection(db, replace(opened, to_improve="Ask about on-call", stress=4), original=opened, now=NOW)

    at_once(window_a, window_b)

    stored = get_reflection(db.cursor(), interview)
    assert (stored.overall, stored.went_well, stored.to_improve, stored.stress) == (
        3,
        "Explained the backfill clearly",
        "Ask about on-call",
        4,
    )


# Two sessions of the app itself


def session(interview: int | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    if interview is not None:
        at.session_state["reflect-interview"] = interview
    at.switch_page("pages/reflect.py").run()
    assert not at.exception
    return at


def test_two_sessions_writing_the_first_reflection_of_an_interview_keep_each_others_notes(filled_db):
    db, ids = filled_db
    interview = ids["globex_screen"]
    key = f"reflection-{interview}"
    first, second = session(interview), session(interview)  # both open the empty form

    first.radio(key=f"{key}-overall").set_value(4)
    first.text_area(key=f"{key}-went_well").input("Clear answer on the pipeline")
    first.button(key=f"{key}-save").click().run()
    assert not first.exception

    second.radio(key=f"{key}-overall").set_value(4)
    second.text_area(key=f"{key}-to_improve").input("Prepare a question on team size")
    second.button(key=f"{key}-save").click().run()
    assert not second.exception

    stored = get_reflection(db.cursor(), interview)
    assert (stored.overall, stored.went_well, stored.to_improve) == (
        4,
        "Clear answer on the pipeline",
        "Prepare a question on team size",
    )


def test_two_sessions_adding_applications_both_land(filled_db):
    db, _ = filled_db
    first, second = (AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run() for _ in range(2))
    for at in (first, second):
        at.switch_page("pages/applications.py").run()
        assert not at.exception
    typed = {first: ("Hooli", "Platform Engineer"), second: ("Pied Piper", "Data Scientist")}
    # Both fill the form before either saves.
    for at, (company, role) in typed.items():
        at.text_input(key="new-application-0-company").input(company)
        at.text_input(key="new-application-0-role").input(role)
    for at in typed:
        at.button(key="FormSubmitter:new-application-0-Add application").click().run()
        assert not at.exception

    rows = db.cursor().execute("SELECT company, role FROM applications ORDER BY id").fetchall()
    assert rows[3:] == list(typed.values())
    assert len(rows) == 5
