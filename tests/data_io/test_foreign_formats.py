"""Other trackers' exports and plain spreadsheets, each from a small fixture file, read as applications."""

from __future__ import annotations

from datetime import date

from data.transfer.import_preview import preview_import
from data.transfer.import_reading import prepare_import
from data.transfer.import_writing import run_import
from tests.data_io.helpers import fixture, import_all


def applications(db) -> list[tuple]:
    return (
        db.cursor()
        .execute(
            "SELECT company, role, applied_on, responded_on, status, location, source, url, notes FROM applications ORDER BY applied_on"
        )
        .fetchall()
    )


def test_linkedin_job_applications_export(db):
    plan = prepare_import([fixture("Job Applications.csv")])
    assert plan.formats == [("Job Applications.csv", "LinkedIn job applications", 3)]
    assert plan.trackers[0].date_forms == {"Application Date": "M/D/YY"}
    import_all(db, [fixture("Job Applications.csv")])
    assert applications(db) == [
        (
            "Initech",
            "Backend Developer",
            date(2023, 12, 28),
            None,
            "applied",
            None,
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3790",
            None,
        ),
        (
            "Acme Robotics",
            "Data Engineer",
            date(2024, 1, 19),
            None,
            "applied",
            None,
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3801",
            "Contact Email: jobs@acme.example.com\nResume Name: Resume-2024.pdf\n"
            "Question And Answers: Years of experience with Python?: 5",
        ),
        (
            "Globex",
            "Analytics Engineer",
            date(2024, 2, 3),
            None,
            "applied",
            None,
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3802",
            "Contact Phone Number: +1 555 0100\nResume Name: Resume-2024.pdf",
        ),
    ]


def test_simplify_export_maps_statuses_and_skips_saved_jobs(db):
    plan = prepare_import([fixture("simplify.csv")])
    preview = preview_import(db.cursor(), plan)
    assert plan.formats == [("simplify.csv", "Simplify", 4)]
    mapping = {(r["their status"], r["becomes"], r["rows"]) for _, r in preview.status_mapping.iterrows()}
    assert mapping == {
        ("Rejected", "rejected", 1),
        ("Interviewing", "interviewing", 1),
        ("Saved", "skipped: not applied yet", 1),
        ("Applied", "applied", 1),
    }
    assert preview.skipped[["row", "company", "reason"]].values.tolist() == [[4, "Initech", "not applied yet (Saved)"]]
    result = run_import(db, plan)
    assert result.skipped == 1
    assert [(r[0], r[2], r[3], r[4], r[8]) for r in applications(db)] == [
        ("Acme Robotics", date(2024, 3, 1), date(2024, 3, 15), "rejected", "Nice team"),
        ("Hooli", date(2024, 3, 5), date(2024, 3, 10), "interviewing", None),
        # A status date of a status that is no answer (applied) is not a reply date.
        ("Wayne Labs", date(2024, 3, 8), None, "applied", "Archived: true\nDate Archived: 2024-04-01"),
    ]


def test_jobsync_export_uses_created_date_where_applied_date_is_missing(db):
    plan = prepare_import([fixture("jobsync.csv")])
    assert plan.formats == [("jobsync.csv", "JobSync", 4)]
    import_all(db, [fixture("jobsync.csv")])
    assert [(r[0], r[2], r[4], r[5], r[6], r[8]) for r in applications(db)] == [
        ("Acme Robotics", date(2024, 5, 2), "interviewing", "Berlin, Remote", "Indeed", "jobType: Full Time"),
        ("Initech", date(2024, 5, 4), "applied", "Paris", "Company site", "jobType: Contract"),
        # "N/A" is no value.
        ("Hooli", date(2024, 5, 6), "rejected", None, None, "jobType: Unknown"),
    ]


def test_teal_export_reads_month_first_dates_and_keeps_salary_in_notes(db):
    plan = prepare_import([fixture("teal.csv")])
    preview = preview_import(db.cursor(), plan)
    assert plan.formats == [("teal.csv", "Teal", 4)]
    assert plan.trackers[0].date_forms == {"Date Applied": "M/D/YYYY"}
    assert ("Salary", "Notes (as a line)") in {(r[1], r[2]) for r in preview.column_mapping.itertuples(index=False)}
    assert ("Excitement", "not imported") in {(r[1], r[2]) for r in preview.column_mapping.itertuples(index=False)}
    run_import(db, plan)
    assert [(r[0], r[2], r[4], r[5], r[8]) for r in applications(db)] == [
        ("Hooli", date(2024, 4, 1), "ghosted", None, None),
        ("Initech", date(2024, 4, 20), "rejected", "Austin", None),
        ("Acme Robotics", date(2024, 5, 2), "applied", "Remote", "Salary: $120,000"),
    ]


def test_a_spreadsheet_waits_for_its_columns_then_imports_with_them(db):
    name, content = fixture("my-spreadsheet.csv")
    plan = prepare_import([(name, content)])
    assert not plan.ready and plan.problems == []
    [sheet] = plan.spreadsheets
    assert sheet.table.header == ["Employer", "Position", "Date sent", "Where", "Result", "Comments"]
    assert sheet.guess["company"] == "Employer" and sheet.guess["role"] == "Position"
    assert sheet.guess["applied_on"] == "Date sent" and sheet.guess["status"] == "Result"
    mapping = {**sheet.guess, "source": "Where"}
    import_all(db, [(name, content)], {name: mapping})
    assert [(r[0], r[1], r[2], r[4], r[6], r[8]) for r in applications(db)] == [
        ("Acme Robotics", "Data Engineer", date(2024, 3, 15), "rejected", "LinkedIn", 'Nice people, "great" coffee'),
        ("Globex", "Analyst", date(2024, 3, 20), "applied", "Company site", None),
        ("Café Zürich", "Barista 🚀", date(2024, 3, 21), "interviewing", None, None),
    ]


def test_a_spreadsheet_mapping_without_the_company_still_waits(db):
    name, content = fixture("my-spreadsheet.csv")
    plan = prepare_import([(name, content)], {name: {"role": "Position", "applied_on": "Date sent"}})
    assert [s.table.name for s in plan.spreadsheets] == [name]
    assert not plan.ready


def test_the_same_job_in_two_trackers_comes_in_once(db):
    linkedin = (
        b"Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,Question And Answers\n"
        b'"3/1/24, 9:00 AM",,,Acme Robotics,Data Engineer,https://www.linkedin.com/jobs/view/1,,\n'
    )
    plan = prepare_import([("Job Applications.csv", linkedin), fixture("simplify.csv")])
    preview = preview_import(db.cursor(), plan)
    assert preview.duplicates[["file", "company", "why"]].values.tolist() == [
        ["simplify.csv", "Acme Robotics", "earlier in this import"]
    ]
    assert preview.added["applications"] == 3


def test_a_foreign_row_already_in_debrief_is_left_out(db):
    import_all(db, [fixture("teal.csv")])
    plan = prepare_import([fixture("teal.csv")])
    preview = preview_import(db.cursor(), plan)
    assert preview.added["applications"] == 0
    assert set(preview.duplicates["why"]) == {"already in Debrief"} and len(preview.duplicates) == 3
