"""Bad files get a clear answer, with file, row and column, and the database stays exactly as it was."""

from __future__ import annotations

import io
import zipfile

import pytest

import data.transfer.import_writing
from data.store.schema import NOTE_MAX
from data.transfer.import_reading import prepare_import
from data.transfer.import_writing import ImportRefused, run_import
from tests.data_io.helpers import contents, zipped

APPLICATIONS = "id,company,role,location,source,url,applied_on,responded_on,status,notes\n"
GOOD_APPLICATION = "1,Acme,Data Engineer,,,,2026-03-02,,applied,\n"
INTERVIEWS = "id,application_id,stage,format,held_at,outcome,heard_back_on,interviewers,feedback\n"
GOOD_INTERVIEW = "1,1,screen,phone,2026-03-09 10:00,pending,,Dana Lee,\n"
REFLECTIONS = "id,interview_id,written_at,overall,communication,skills,examples,rapport,questions,preparation,stress,went_well,to_improve,topics,questions_asked\n"
FOLLOW_UPS = "id,interview_id,application_id,kind,contact_id,due_at,done_at,note\n"


HEADERS = {
    "applications.csv": APPLICATIONS,
    "interviews.csv": INTERVIEWS,
    "reflections.csv": REFLECTIONS,
    "follow_ups.csv": FOLLOW_UPS,
}
# The files a row of each file links to, with the one good row it links to in each.
LINKED_TO = {
    "applications.csv": {},
    "interviews.csv": {"applications.csv": GOOD_APPLICATION},
    "reflections.csv": {"applications.csv": GOOD_APPLICATION, "interviews.csv": GOOD_INTERVIEW},
    "follow_ups.csv": {"applications.csv": GOOD_APPLICATION, "interviews.csv": GOOD_INTERVIEW},
}


def csv_file(name: str, *rows: str) -> tuple[str, bytes]:
    """One of Debrief's files as an upload: its header, then `rows`."""
    return name, (HEADERS[name] + "".join(rows)).encode()


def files_for(name: str, *rows: str) -> list[tuple[str, bytes]]:
    """The file `name` holding `rows`, after the files its rows link to, each with one good row to link to."""
    return [*(csv_file(linked, row) for linked, row in LINKED_TO[name].items()), csv_file(name, *rows)]


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


# (what is wrong, the files, the file/row/column of the problem, words of its message)
BAD_INPUTS = [
    (
        "wrong encoding",
        [
            (
                "applications.csv",
                (APPLICATIONS + GOOD_APPLICATION + "2,Café Noir,Barista,,,,2026-03-03,,applied,\n").encode("latin-1"),
            )
        ],
        ("applications.csv", 3, None),
        "is not UTF-8 text",
    ),
    (
        "missing required column",
        [("applications.csv", b"id,company,applied_on\n1,Acme,2026-03-02\n")],
        ("applications.csv", 1, "role"),
        "this column is missing",
    ),
    (
        "unknown status",
        files_for("applications.csv", GOOD_APPLICATION, "2,Globex,Analyst,,,,2026-03-03,,hired maybe,\n"),
        ("applications.csv", 3, "status"),
        "'hired maybe' is not allowed",
    ),
    (
        "date in another form",
        files_for("applications.csv", "1,Acme,Data Engineer,,,,03/02/2026,,applied,\n"),
        ("applications.csv", 2, "applied_on"),
        "is not a date written YYYY-MM-DD",
    ),
    (
        "impossible date",
        files_for("applications.csv", "1,Acme,Data Engineer,,,,2025-02-29,,applied,\n"),
        ("applications.csv", 2, "applied_on"),
        "'2025-02-29' is not a day of the calendar",
    ),
    (
        "reply before the application",
        files_for("applications.csv", "1,Acme,Data Engineer,,,,2026-03-02,2026-03-01,rejected,\n"),
        ("applications.csv", 2, "responded_on"),
        "cannot be before the date applied (2026-03-02)",
    ),
    (
        "outcome heard before the interview",
        files_for("interviews.csv", "1,1,screen,phone,2026-03-09 10:00,rejected,2026-03-08,,\n"),
        ("interviews.csv", 2, "heard_back_on"),
        "cannot be before the interview",
    ),
    (
        "cell over the length limit",
        files_for("applications.csv", f"1,{'A' * 201},Data Engineer,,,,2026-03-02,,applied,\n"),
        ("applications.csv", 2, "company"),
        "is 201 characters long; the limit is 200.",
    ),
    (
        "notes over the length limit",
        files_for("applications.csv", f"1,Acme,Data Engineer,,,,2026-03-02,,applied,{'n' * (NOTE_MAX + 1)}\n"),
        ("applications.csv", 2, "notes"),
        "is 100,001 characters long; the limit is 100,000.",
    ),
    (
        "id that links to nothing",
        files_for("interviews.csv", "1,7,screen,phone,2026-03-09 10:00,pending,,,\n"),
        ("interviews.csv", 2, "application_id"),
        "7 links to no row of applications.csv",
    ),
    (
        "link to a file not imported",
        [csv_file("interviews.csv", GOOD_INTERVIEW)],
        ("interviews.csv", 2, "application_id"),
        "which is not among the files imported",
    ),
    (
        "the same id twice",
        files_for("applications.csv", GOOD_APPLICATION, "1,Globex,Analyst,,,,2026-03-03,,applied,\n"),
        ("applications.csv", 2, "id"),
        "appears in more than one row (rows 2, 3)",
    ),
    (
        "two reflections of one interview",
        files_for("reflections.csv", "1,1,,4,,,,,,,,,,,\n2,1,,3,,,,,,,,,,,\n"),
        ("reflections.csv", 2, "interview_id"),
        "has more than one reflection",
    ),
    (
        "rating out of range",
        files_for("reflections.csv", "1,1,,6,,,,,,,,,,,\n"),
        ("reflections.csv", 2, "overall"),
        "'6' is not a rating",
    ),
    (
        "follow-up in another application than its interview",
        [
            csv_file("applications.csv", GOOD_APPLICATION, "2,Globex,Analyst,,,,2026-03-03,,applied,\n"),
            csv_file("interviews.csv", GOOD_INTERVIEW),
            csv_file("follow_ups.csv", "1,1,2,status_check,,2026-03-17 09:00,,\n"),
        ],
        ("follow_ups.csv", 2, "application_id"),
        "but interview 1 belongs to application 1",
    ),
    (
        "an id too large for an integer",
        files_for("applications.csv", "9223372036854775808,Acme,Data Engineer,,,,2026-03-02,,applied,\n"),
        ("applications.csv", 2, "id"),
        "'9223372036854775808' is too large for an id: Debrief reads ids of up to 9 digits.",
    ),
    (
        "a negative id",
        files_for("applications.csv", "-1,Acme,Data Engineer,,,,2026-03-02,,applied,\n"),
        ("applications.csv", 2, "id"),
        "'-1' must be positive: an id is a whole number from 0 up.",
    ),
    (
        "a time of day that does not exist",
        files_for("interviews.csv", "1,1,screen,phone,2026-03-09 25:61,pending,,,\n"),
        ("interviews.csv", 2, "held_at"),
        "'2026-03-09 25:61' is not a time of day: hours go from 00 to 23 and minutes from 00 to 59.",
    ),
    (
        "a time on a day that does not exist",
        files_for("interviews.csv", "1,1,screen,phone,2026-02-30 10:00,pending,,,\n"),
        ("interviews.csv", 2, "held_at"),
        "'2026-02-30 10:00' is not a day of the calendar.",
    ),
    (
        "a problem below blank lines before the header",
        [
            (
                "applications.csv",
                ("\r\n,,,\r\n" + APPLICATIONS + "1,Acme,Data Engineer,,,,2026-03-02,2026-03-01,,\n").encode(),
            )
        ],
        ("applications.csv", 4, "responded_on"),
        "cannot be before the date applied (2026-03-02)",
    ),
    (
        "an id in digits other than 0 to 9",
        files_for("applications.csv", "٣,Acme,Data Engineer,,,,2026-03-02,,applied,\n"),
        ("applications.csv", 2, "id"),
        "'٣' is not a whole number",
    ),
    (
        "a reference id in digits other than 0 to 9",
        [
            (
                "applications.csv",
                (
                    APPLICATIONS.replace("notes\n", "notes,reference_ids\n")
                    + "1,Acme,Data Engineer,,,,2026-03-02,,applied,,²\n"
                ).encode(),
            )
        ],
        ("applications.csv", 2, "reference_ids"),
        "'²' is not an id",
    ),
    (
        "a row with too many cells",
        files_for("applications.csv", GOOD_APPLICATION, "2,Globex,Analyst,,,,2026-03-03,,applied,,surplus\n"),
        ("applications.csv", 3, None),
        "has 11 cells but the header has 10 columns",
    ),
    (
        "unterminated quote",
        files_for(
            "applications.csv", GOOD_APPLICATION, '2,"Acme,Data Engineer,,,,2026-03-02,,applied,\n', GOOD_APPLICATION
        ),
        ("applications.csv", 3, None),
        'has a quote (") that is never closed: the cell it opens in this row runs to the end of the file.',
    ),
    ("empty file", [("applications.csv", b"")], ("applications.csv", None, None), "is empty"),
    ("file of blank lines", [("applications.csv", b"\n\n  \n")], ("applications.csv", None, None), "is empty"),
    (
        "an image",
        [("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")],
        ("photo.csv", None, None),
        "is not a CSV file",
    ),
    (
        "a spreadsheet workbook",
        [("jobs.xlsx", xlsx())],
        ("jobs.xlsx", None, None),
        "is a spreadsheet workbook",
    ),
    (
        "a zip without CSV files",
        [("export.zip", zipped({"notes.txt": b"hello"}))],
        ("export.zip", None, None),
        "holds no CSV files",
    ),
    (
        "text that is not a table",
        [("letter.csv", b"Dear hiring manager\nI am writing to apply.\n")],
        ("letter.csv", None, None),
        "is not a table Debrief can read",
    ),
    (
        "another tracker's unknown status",
        [("teal.csv", b"Company Name,Job Title,Status,Date Applied\nAcme,Data Engineer,Maybe later,05/02/2024\n")],
        ("teal.csv", 2, "Status"),
        "'Maybe later' is not a status Debrief knows",
    ),
    (
        "another tracker's unreadable date",
        [
            (
                "Job Applications.csv",
                b"Application Date,Company Name,Job Title,Job Url\n"
                b'"1/19/24, 10:12 AM",Acme,Data Engineer,https://x.example.com/1\nsoon,Globex,Analyst,\n',
            )
        ],
        ("Job Applications.csv", 3, "Application Date"),
        "'soon' is not a date Debrief can read",
    ),
]


@pytest.mark.parametrize(("files", "where", "words"), [case[1:] for case in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_with_where_and_why_and_changes_nothing(filled_db, files, where, words):
    db, _ = filled_db
    before = contents(db.cursor())
    plan = prepare_import(files)
    found = [(p.file, p.row, p.column, p.message) for p in plan.problems]
    assert any((f, r, c) == where and words in m for f, r, c, m in found), found
    assert not plan.ready
    with pytest.raises(ImportRefused):
        run_import(db, plan)
    assert contents(db.cursor()) == before


def test_a_failure_while_writing_rolls_everything_back(filled_db, monkeypatch):
    """All or nothing: even when the last set of rows fails to go in, the earlier ones are undone."""
    db, _ = filled_db
    plan = prepare_import(
        [
            csv_file("applications.csv", GOOD_APPLICATION.replace("Acme", "Hooli")),
            csv_file("interviews.csv", GOOD_INTERVIEW),
            csv_file("follow_ups.csv", "1,1,1,status_check,,2026-03-17 09:00,,\n"),
        ]
    )
    assert plan.ready
    before = contents(db.cursor())
    real_insert = data.transfer.import_writing.insert_frame

    def fail_on_follow_ups(cur, table, frame):
        if table == "follow_ups":
            raise RuntimeError("disk full")
        return real_insert(cur, table, frame)

    monkeypatch.setattr(data.transfer.import_writing, "insert_frame", fail_on_follow_ups)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(db, plan)
    assert contents(db.cursor()) == before


def test_every_problem_is_listed_not_only_the_first(db):
    plan = prepare_import(
        [
            csv_file(
                "applications.csv",
                "1,,Data Engineer,,,,2026-03-02,,applied,\n",
                "2,Globex,,,,not a url,2026-13-01,,applied,\n",
            )
        ]
    )
    found = {(p.row, p.column) for p in plan.problems}
    assert found == {(2, "company"), (3, "role"), (3, "url"), (3, "applied_on")}


def test_a_reflection_on_an_interview_still_to_come_is_refused(db):
    plan = prepare_import(
        [
            csv_file("applications.csv", GOOD_APPLICATION),
            csv_file("interviews.csv", "1,1,screen,phone,2999-01-01 10:00,pending,,,\n"),
            csv_file("reflections.csv", "1,1,,4,,,,,,,,,,,\n"),
        ]
    )
    assert [(p.file, p.row, p.column) for p in plan.problems] == [("reflections.csv", 2, "interview_id")]
    assert "has not happened yet" in plan.problems[0].message


def test_blank_lines_before_the_header_are_skipped():
    plan = prepare_import([("applications.csv", ("\n\n   \n" + APPLICATIONS + GOOD_APPLICATION).encode())])
    assert plan.problems == []
    assert plan.debrief["applications"].table.header_row == 4
    assert plan.debrief["applications"].values.index.tolist() == [5]


@pytest.mark.parametrize(
    ("name", "content", "column"),
    [
        (
            "Job Applications.csv",
            b"Application Date,Company Name,Job Title,Job Url\nsoon,Globex,Analyst,\n",
            "Application Date",
        ),
        (
            "simplify.csv",
            b"Job Title,Company Name,Job URL,Applied Date,Status\nAnalyst,Globex,,soon,Applied\n",
            "Applied Date",
        ),
        ("teal.csv", b"Company Name,Job Title,Status,Date Applied\nGlobex,Analyst,Applied,soon\n", "Date Applied"),
    ],
    ids=["LinkedIn", "Simplify", "Teal"],
)
def test_an_unreadable_date_in_another_trackers_export_is_one_problem(name, content, column):
    plan = prepare_import([(name, content)])
    assert [(p.row, p.column) for p in plan.problems] == [(2, column)]
    assert "'soon' is not a date Debrief can read" in plan.problems[0].message
