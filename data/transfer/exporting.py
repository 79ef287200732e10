"""Exporting everything as Debrief's five CSV files (see `docs/data-format.md`).

Each query returns one file's rows in id order, every cell already text:
dates `YYYY-MM-DD`, times `YYYY-MM-DD HH:MM`, lists joined with "; ". Free
texts then get the spreadsheet-safety apostrophe of `csv_format.protect`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from data.store import reads
from data.transfer.csv_format import FILES, column_names, file_name, protect, text_columns, to_csv_bytes

# One query per file, plain SQL text. Each orders by the table's own (numeric)
# id, qualified: the text column of the same name would sort 10 before 9.
_QUERIES = {
    "applications": """
        SELECT CAST(a.id AS VARCHAR) AS id, a.company, a.role, a.location, a.source, a.url,
               strftime(a.applied_on, '%Y-%m-%d') AS applied_on,
               strftime(a.responded_on, '%Y-%m-%d') AS responded_on,
               a.status, a.notes,
               (SELECT string_agg(CAST(r.contact_id AS VARCHAR), '; ' ORDER BY r.contact_id)
                FROM application_references r WHERE r.application_id = a.id) AS reference_ids,
               a.about
        FROM applications a
        ORDER BY a.id
    """,
    "interviews": """
        SELECT CAST(i.id AS VARCHAR) AS id, CAST(i.application_id AS VARCHAR) AS application_id,
               i.stage, i.format, strftime(i.held_at, '%Y-%m-%d %H:%M') AS held_at, i.outcome,
               strftime(i.heard_back_on, '%Y-%m-%d') AS heard_back_on,
               (SELECT string_agg(c.name, '; ' ORDER BY c.name, c.id)
                FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
                WHERE ii.interview_id = i.id) AS interviewers,
               i.feedback,
               (SELECT string_agg(c.name || ': ' || ii.thank_you_topic, chr(10) ORDER BY c.name, c.id)
                FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
                WHERE ii.interview_id = i.id AND ii.thank_you_topic IS NOT NULL) AS interviewer_topics,
               strftime(i.no_answer_on, '%Y-%m-%d') AS no_answer_on
        FROM interviews i
        ORDER BY i.id
    """,
    "reflections": """
        SELECT CAST(id AS VARCHAR) AS id, CAST(interview_id AS VARCHAR) AS interview_id,
               strftime(written_at, '%Y-%m-%d %H:%M') AS written_at,
               CAST(overall AS VARCHAR) AS overall, CAST(communication AS VARCHAR) AS communication,
               CAST(skills AS VARCHAR) AS skills, CAST(examples AS VARCHAR) AS examples,
               CAST(rapport AS VARCHAR) AS rapport, CAST(questions AS VARCHAR) AS questions,
               CAST(preparation AS VARCHAR) AS preparation, CAST(stress AS VARCHAR) AS stress,
               went_well, to_improve, topics, questions_asked, other_notes, thank_you_topic
        FROM reflections r
        ORDER BY r.id
    """,
    "contacts": """
        SELECT CAST(id AS VARCHAR) AS id, name, kind, email, phone, company, title, notes, relationship
        FROM contacts c
        ORDER BY c.id
    """,
    "follow_ups": """
        SELECT CAST(id AS VARCHAR) AS id, CAST(interview_id AS VARCHAR) AS interview_id,
               CAST(application_id AS VARCHAR) AS application_id, kind,
               CAST(contact_id AS VARCHAR) AS contact_id,
               strftime(due_at, '%Y-%m-%d %H:%M') AS due_at, strftime(done_at, '%Y-%m-%d %H:%M') AS done_at, note,
               strftime(snoozed_until, '%Y-%m-%d %H:%M') AS snoozed_until,
               strftime(skipped_at, '%Y-%m-%d %H:%M') AS skipped_at, skip_reason
        FROM follow_ups f
        ORDER BY f.id
    """,
}


def export_frame(con: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """The rows of one of the five files, as text cells in the file's column order."""
    frame = reads.frame(con, _QUERIES[kind])
    for column in text_columns(kind):
        frame[column] = protect(frame[column])
    return frame[column_names(kind)]


def export_files(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
    """The five files' contents, by file name, read in one transaction so they agree with each other."""
    con.execute("BEGIN TRANSACTION")
    try:
        return {file_name(kind): to_csv_bytes(export_frame(con, kind)) for kind in FILES}
    finally:
        con.execute("ROLLBACK")


def export_zip(con: duckdb.DuckDBPyConnection) -> bytes:
    """A zip holding the five files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in export_files(con).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def export_to_folder(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """Write the five files into `folder` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in export_files(con).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
