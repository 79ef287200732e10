"""Export, import into an empty database, export again: the same files, whatever the text holds."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from data.operations.demo import generate_demo
from data.store.applications import Application, save_application
from data.store.contacts import Contact, attach_reference, save_contact
from data.store.db import Database
from data.store.follow_ups import mark_done, mark_no_answer, skip, snooze
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.transfer.csv_format import protect, unprotect
from data.transfer.exporting import export_files, export_zip
from data.transfer.import_preview import preview_import
from data.transfer.import_reading import prepare_import
from data.transfer.import_writing import run_import
from tests.data_io.helpers import contents, import_all

AWKWARD = [
    'He said "great", then left',
    "Commas, everywhere, here",
    "Line one\nLine two\r\nLine three",
    "Café crème in Zürich, naïve façade",
    "Emoji 🚀👩‍💻 and CJK 面接",
    "=SUM(A1:A2)",
    "+44 20 7946 0000",
    "-starts with a minus",
    "@mention first",
    "'=already quoted",
    "''+two apostrophes",
    "'plain apostrophe",
    "\tTab first",
    "NA",
    "None",
]


def awkward_search(db: Database) -> None:
    """A small search through the store's own functions, each text awkward in its own way."""
    texts = iter(AWKWARD * 4)
    acme = save_application(
        db,
        Application(
            '=Acme, "Robotics"',
            next(texts),
            date(2026, 3, 2),
            "interviewing",
            location=next(texts),
            source=next(texts),
            url="https://acme.example.com/jobs/1?a=1&b=2",
            responded_on=date(2026, 3, 5),
            notes=next(texts),
        ),
    )
    globex = save_application(db, Application("Globex", "Analyst", date(2026, 3, 3), "rejected", notes=next(texts)))
    save_application(db, Application("Initech", "NA", date(2026, 3, 10)))
    screen = save_interview(
        db,
        Interview(
            acme,
            "screen",
            "phone",
            datetime(2026, 3, 9, 10, 15),
            ["José Álvarez", "=Eve", "O'Brien"],
            "advanced",
            date(2026, 3, 11),
            feedback=next(texts),
        ),
    )
    save_interview(db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14), ["José Álvarez"]))
    save_interview(
        db, Interview(globex, "screen", "video", datetime(2026, 3, 12, 9, 30), [], "rejected", date(2026, 3, 12))
    )
    reference = save_contact(
        db,
        Contact(
            "Marta Jensen",
            "reference",
            email="marta@example.com",
            phone="+45 1234 5678",
            title=next(texts),
            company=next(texts),
            relationship=next(texts),
            notes=next(texts),
        ),
    )
    save_contact(db, Contact("@recruiter", "recruiter", notes=next(texts)))
    attach_reference(db, acme, reference)
    save_reflection(
        db,
        Reflection(
            screen,
            4,
            communication=3,
            stress=2,
            went_well=next(texts),
            to_improve=next(texts),
            topics=next(texts),
            questions_asked=next(texts),
            other_notes=next(texts),
        ),
        now=datetime(2026, 3, 9, 12),
    )
    follow_ups = [r[0] for r in db.cursor().execute("SELECT id FROM follow_ups ORDER BY id").fetchall()]
    mark_done(db, follow_ups[0], now=datetime(2026, 3, 10, 8, 5))
    snooze(db, follow_ups[1], until=datetime(2026, 3, 12, 9))
    skip(db, follow_ups[2], "-not needed, =they said", now=datetime(2026, 3, 11, 17))


def test_export_import_export_gives_the_same_files_for_awkward_text(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    awkward_search(source)
    first = export_files(source.cursor())
    target = Database(tmp_path / "target.duckdb")
    import_all(target, [("debrief-export.zip", export_zip(source.cursor()))])
    second = export_files(target.cursor())
    assert list(second) == ["applications.csv", "interviews.csv", "reflections.csv", "contacts.csv", "follow_ups.csv"]
    for name in first:
        assert second[name] == first[name], name
    # And the texts came back as typed, not only as written.
    stored = {
        r[0] for r in target.cursor().execute("SELECT notes FROM applications WHERE notes IS NOT NULL").fetchall()
    }
    assert stored == {AWKWARD[3], AWKWARD[4]}
    assert target.cursor().execute("SELECT count(*) FROM application_references").fetchone()[0] == 1
    assert target.cursor().execute("SELECT skip_reason FROM follow_ups WHERE skip_reason IS NOT NULL").fetchall() == [
        ("-not needed, =they said",)
    ]


def test_a_demo_search_survives_the_round_trip_byte_for_byte(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    generate_demo(source, applications=300, seed=5, today=date(2026, 3, 20))
    first = export_files(source.cursor())
    target = Database(tmp_path / "target.duckdb")
    result = import_all(target, list(first.items()))
    assert result.added["applications"] == 300
    assert export_files(target.cursor()) == first


def test_formula_like_text_is_written_with_one_apostrophe_and_read_back_as_typed(tmp_path):
    db = Database(tmp_path / "d.duckdb")
    save_application(db, Application('=HYPERLINK("http://x")', "-1+1", date(2026, 1, 5), notes="'=kept"))
    rows = list(csv.DictReader(io.StringIO(export_files(db.cursor())["applications.csv"].decode("utf-8-sig"))))
    assert rows[0]["company"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["role"] == "'-1+1"
    assert rows[0]["notes"] == "''=kept"


@pytest.mark.parametrize("text", [*AWKWARD, "'", "''", "=", "'=", "plain"])
def test_protect_and_unprotect_are_inverse(text):
    import pandas as pd

    written = protect(pd.Series([text], dtype="str"))
    assert unprotect(written)[0] == text
    assert not written[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_files_are_utf8_with_a_byte_order_mark_and_crlf_rows(tmp_path):
    db = Database(tmp_path / "d.duckdb")
    save_application(db, Application("Café", "Rôle", date(2026, 1, 5), notes="one\ntwo"))
    content = export_files(db.cursor())["applications.csv"]
    assert content.startswith("\ufeffid,company,role,".encode())
    assert content.endswith(b"\r\n")
    assert b'"one\ntwo"' in content


def test_importing_an_export_into_its_own_database_adds_nothing(tmp_path):
    db = Database(tmp_path / "d.duckdb")
    awkward_search(db)
    before = contents(db.cursor())
    plan = prepare_import([("export.zip", export_zip(db.cursor()))])
    preview = preview_import(db.cursor(), plan)
    assert preview.added == {"applications": 0, "interviews": 0, "reflections": 0, "contacts": 0, "follow_ups": 0}
    assert len(preview.duplicates) == 3 and set(preview.duplicates["why"]) == {"already in Debrief"}
    assert preview.contacts_matched == 5  # three interviewers, a reference, a recruiter
    result = run_import(db, plan)
    assert result.duplicates == 3
    assert result.backup is not None and result.backup.exists()
    after = contents(db.cursor())
    assert after == before


def test_a_partial_overlap_adds_only_the_new_applications_with_their_rounds(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    awkward_search(source)
    exported = export_files(source.cursor())
    target = Database(tmp_path / "target.duckdb")
    save_application(target, Application("Globex", "analyst", date(2026, 3, 3)))  # same application, other case
    result = import_all(target, list(exported.items()))
    assert result.duplicates == 1
    assert result.added["applications"] == 2
    companies = target.cursor().execute("SELECT company FROM applications ORDER BY id").fetchall()
    assert companies == [("Globex",), ('=Acme, "Robotics"',), ("Initech",)]
    # Globex's interview was left out with it; Acme's two came in.
    assert target.cursor().execute("SELECT count(*) FROM interviews").fetchone()[0] == 2


def test_interviewer_names_link_to_the_imported_contacts_of_the_company(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    awkward_search(source)
    target = Database(tmp_path / "target.duckdb")
    import_all(target, list(export_files(source.cursor()).items()))
    linked = (
        target.cursor()
        .execute(
            """
        SELECT i.stage, string_agg(c.name, ', ' ORDER BY c.name), count(DISTINCT c.company)
        FROM interviews i JOIN interview_interviewers ii ON ii.interview_id = i.id JOIN contacts c ON c.id = ii.contact_id
        GROUP BY i.id, i.stage ORDER BY i.id
        """
        )
        .fetchall()
    )
    assert linked == [("screen", "=Eve, José Álvarez, O'Brien", 1), ("technical", "José Álvarez", 1)]
    # José is one contact, interviewing twice: no duplicate contact was made.
    assert target.cursor().execute("SELECT count(*) FROM contacts WHERE name = 'José Álvarez'").fetchone()[0] == 1


def test_an_empty_database_exports_headers_only_and_imports_as_nothing(tmp_path):
    empty = Database(tmp_path / "empty.duckdb")
    files = export_files(empty.cursor())
    assert files["reflections.csv"].decode("utf-8-sig").splitlines() == [
        "id,interview_id,written_at,overall,communication,skills,examples,rapport,questions,preparation,stress,"
        "went_well,to_improve,topics,questions_asked,other_notes,thank_you_topic"
    ]
    target = Database(tmp_path / "target.duckdb")
    result = import_all(target, list(files.items()))
    assert result.added == {"applications": 0, "interviews": 0, "reflections": 0, "contacts": 0, "follow_ups": 0}


def test_the_facts_asked_for_drafts_survive_the_round_trip(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    acme = save_application(source, Application("Acme", "Data Engineer", date(2026, 3, 2), "interviewing"))
    with source.transaction() as cur:
        cur.execute("UPDATE applications SET about = ? WHERE id = ?", ["building the payments platform, «v2» 🚀", acme])
    interview = save_interview(
        source, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14), ["Dana Lee", "Sam Ortiz"])
    )
    sam = source.cursor().execute("SELECT id FROM contacts WHERE name = 'Sam Ortiz'").fetchone()[0]
    save_reflection(
        source,
        Reflection(interview, 4, thank_you_topic="=their move: to event sourcing", interviewer_topics={sam: "on-call"}),
        now=datetime(2026, 3, 20),
    )
    first = export_files(source.cursor())
    target = Database(tmp_path / "target.duckdb")
    import_all(target, [("debrief-export.zip", export_zip(source.cursor()))])
    assert export_files(target.cursor()) == first
    con = target.cursor()
    assert con.execute("SELECT about FROM applications").fetchall() == [("building the payments platform, «v2» 🚀",)]
    assert con.execute("SELECT thank_you_topic FROM reflections").fetchall() == [("=their move: to event sourcing",)]
    assert con.execute(
        "SELECT c.name, ii.thank_you_topic FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id"
        " ORDER BY c.name"
    ).fetchall() == [("Dana Lee", None), ("Sam Ortiz", "on-call")]


def test_a_wait_closed_as_no_answer_survives_the_round_trip(tmp_path):
    source = Database(tmp_path / "source.duckdb")
    application = save_application(source, Application("Acme", "Analyst", date(2026, 3, 2)))
    closed = save_interview(source, Interview(application, "screen", "video", datetime(2026, 3, 9, 10)))
    save_interview(source, Interview(application, "technical", "video", datetime(2026, 4, 9, 10)))
    mark_no_answer(source, closed, date(2026, 4, 20))
    first = export_files(source.cursor())
    assert "no_answer_on" in first["interviews.csv"].decode("utf-8-sig").splitlines()[0]
    target = Database(tmp_path / "target.duckdb")
    import_all(target, list(first.items()))
    assert target.cursor().execute("SELECT no_answer_on FROM interviews ORDER BY held_at").fetchall() == [
        (date(2026, 4, 20),),
        (None,),
    ]
    assert export_files(target.cursor())["interviews.csv"] == first["interviews.csv"]
