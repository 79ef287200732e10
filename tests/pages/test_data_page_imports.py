"""The Data page's import as AppTest runs it: what a preview keeps in the session, and for how long."""

from __future__ import annotations

from tests.data_io.helpers import FIXTURES
from tests.pages.test_data_page import open_page, upload

LINKEDIN = ("Job Applications.csv", (FIXTURES / "Job Applications.csv").read_bytes())


def kept_plans(at) -> list:
    return list(at.session_state["import-plans"].values()) if "import-plans" in at.session_state else []


def test_the_files_read_are_let_go_when_they_are_removed(app, db_path):
    at = upload(open_page(app), LINKEDIN)
    assert [len(plan.trackers[0].applications) for plan in kept_plans(at)] == [3]

    at.file_uploader(key="import-files-0").set_value([]).run()

    assert not at.exception
    assert kept_plans(at) == []


def test_the_files_read_are_let_go_when_the_user_opens_another_page(app, db_path):
    at = upload(open_page(app), LINKEDIN)
    assert kept_plans(at)

    at.switch_page("pages/today.py").run()

    assert not at.exception
    assert kept_plans(at) == []


def test_a_refused_import_keeps_only_its_problems(app, db_path):
    bad = b"id,company,role,applied_on\n" + b"1,Acme,Data Engineer,2026-02-30\n" * 2_000
    at = upload(open_page(app), ("applications.csv", bad))

    [plan] = kept_plans(at)
    assert plan.debrief == {} and plan.trackers == [] and plan.spreadsheets == []
    assert [str(p) for p in plan.problems] == [
        "applications.csv, row 2, column applied_on: '2026-02-30' is not a day of the calendar. …and 1,999 more like it.",
        "applications.csv, row 2, column id: 1 appears in more than one row (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 "
        "and 1,990 more); each row needs its own id.",
    ]
    assert "2,001 problem(s) in the files" in at.error[0].value
