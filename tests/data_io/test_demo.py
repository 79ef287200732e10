"""The demo job search: the same for the same seed, realistic in the ways the app shows, and only for empty databases."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data.operations.demo import DemoRefused, build_demo, demo_database_path, generate_demo
from data.operations.integrity import check_database
from data.store.applications import Application, save_application
from data.store.db import Database
from data.transfer.exporting import export_files

TODAY = date(2026, 3, 20)


def test_the_same_seed_gives_the_same_search():
    first, second = build_demo(400, 7, TODAY), build_demo(400, 7, TODAY)
    assert first.keys() == second.keys()
    for table in first:
        pd.testing.assert_frame_equal(first[table], second[table])


def test_the_same_seed_gives_the_same_database(tmp_path):
    one, two = Database(tmp_path / "one.duckdb"), Database(tmp_path / "two.duckdb")
    generate_demo(one, 200, seed=3, today=TODAY)
    generate_demo(two, 200, seed=3, today=TODAY)
    assert export_files(one.cursor()) == export_files(two.cursor())


def test_another_seed_gives_another_search():
    assert not build_demo(200, 1, TODAY)["applications"].equals(build_demo(200, 2, TODAY)["applications"])


def test_the_search_is_realistic_and_keeps_every_rule(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    counts = generate_demo(db, 1_000, seed=11, today=TODAY)
    con = db.cursor()
    assert counts["applications"] == 1_000
    assert [f for f in check_database(con) if not f.ok] == []
    # Applications spread over months, none in the future.
    first, last = con.execute("SELECT min(applied_on), max(applied_on) FROM applications").fetchone()
    assert last <= TODAY and (last - first).days >= 90
    # Self-assessed scores improve from the first third of the search to the last.
    early, late = con.execute(
        """
        WITH r AS (SELECT r.overall, ntile(3) OVER (ORDER BY i.held_at) AS third
                   FROM reflections r JOIN interviews i ON i.id = r.interview_id)
        SELECT avg(overall) FILTER (WHERE third = 1), avg(overall) FILTER (WHERE third = 3) FROM r
        """
    ).fetchone()
    assert late - early >= 1.0
    # Follow-ups done on time, done late, and still open.
    on_time, late_done, still_open = con.execute(
        "SELECT count(*) FILTER (WHERE done_at <= due_at), count(*) FILTER (WHERE done_at > due_at),"
        " count(*) FILTER (WHERE done_at IS NULL) FROM follow_ups"
    ).fetchone()
    assert on_time > late_done > 0 and still_open > 0
    # References attached, with their heads-ups; feedback from employers; several rounds per process.
    assert con.execute("SELECT count(*) FROM application_references").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM follow_ups WHERE kind = 'reference_heads_up'").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM interviews WHERE feedback IS NOT NULL").fetchone()[0] > 0
    assert (
        con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM interviews GROUP BY application_id)").fetchone()[0]
        >= 3
    )
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM applications").fetchall()}
    assert {"applied", "ghosted", "rejected", "interviewing", "offer"} <= statuses


def test_thank_you_notes_follow_the_plan_for_each_interviewer(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    generate_demo(db, 300, seed=2, today=TODAY)
    mismatched = (
        db.cursor()
        .execute(
            """
        SELECT count(*) FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id
        WHERE NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.kind = 'thank_you' AND f.interview_id = i.id
                          AND f.contact_id = ii.contact_id AND f.due_at = i.held_at + INTERVAL 24 HOUR)
        """
        )
        .fetchone()[0]
    )
    assert mismatched == 0


def test_demo_data_never_goes_into_a_database_that_holds_applications(db):
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    with pytest.raises(DemoRefused):
        generate_demo(db, 50)
    assert db.cursor().execute("SELECT count(*) FROM applications").fetchone()[0] == 1


def test_the_demo_database_lives_in_its_own_folder_beside_the_users(tmp_path):
    demo = demo_database_path(tmp_path / "debrief.duckdb")
    assert demo.parent == tmp_path / "debrief-demo"
    assert demo.parent != tmp_path  # its backups folder is not the user's
