"""Interview rounds of an application, with their interviewers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import reads
from data.db import Database
from data.follow_ups import sync_application_plan
from data.schema import INTERVIEW_FORMATS, INTERVIEW_OUTCOMES, INTERVIEW_STAGES
from data.validation import InvalidRecord, Problem, clean, name_field, not_before, note_field, one_of, required


@dataclass
class Interview:
    application_id: int | None
    stage: str
    format: str
    held_at: datetime | None
    interviewers: list[str] = field(default_factory=list)
    outcome: str = "pending"
    heard_back_on: date | None = None
    feedback: str | None = None
    id: int | None = None


def split_names(text: str | None) -> list[str]:
    """Names typed in one field, separated by commas, semicolons or new lines.

    Blank names are dropped and a name typed twice (ignoring case) is kept once.
    """
    names: list[str] = []
    for part in re.split(r"[,;\n]", text or ""):
        name = part.strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def validate_interview(interview: Interview) -> list[Problem]:
    """Every problem with `interview`, field by field; empty when it may be saved."""
    held_on = interview.held_at.date() if interview.held_at else None
    problems = [
        *required("Application", interview.application_id),
        *one_of("Stage", interview.stage, INTERVIEW_STAGES),
        *one_of("Format", interview.format, INTERVIEW_FORMATS),
        *required("Date and time", interview.held_at),
        *one_of("Outcome", interview.outcome, INTERVIEW_OUTCOMES),
        *not_before("Heard back on", interview.heard_back_on, held_on, "the interview"),
        *note_field("Feedback", interview.feedback),
    ]
    for name in interview.interviewers:
        problems += name_field("Interviewer", name)
    return problems


def save_interview(db: Database, interview: Interview) -> int:
    """Insert `interview` (no id) or update it (with id); return its id.

    Each interviewer name is matched (ignoring case) to an interviewer contact at
    the application's company, or kept as a new one. Editing replaces the list of
    interviewers. Raises `InvalidRecord` without writing when a rule is broken.
    """
    interview.feedback = clean(interview.feedback)
    interview.interviewers = split_names("\n".join(interview.interviewers))
    problems = validate_interview(interview)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        return write_interview(cur, interview)


def write_interview(cur: duckdb.DuckDBPyConnection, interview: Interview) -> int:
    """Write a validated interview inside the caller's transaction; return its id.

    Keeps the application's follow-up plan in step in the same transaction.
    """
    values = [
        interview.stage,
        interview.format,
        interview.held_at,
        interview.outcome,
        interview.heard_back_on,
        interview.feedback,
    ]
    reads.require(cur, "applications", interview.application_id, "Application")
    company = reads.scalar(cur, "SELECT company FROM applications WHERE id = ?", [interview.application_id])
    if interview.id is None:
        interview_id = reads.scalar(
            cur,
            "INSERT INTO interviews (application_id, stage, format, held_at, outcome, heard_back_on, feedback)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [interview.application_id, *values],
        )
    else:
        interview_id = interview.id
        reads.require(cur, "interviews", interview_id, "Interview")
        # No RETURNING: DuckDB would then rewrite the update as delete and insert,
        # which the foreign keys of its interviewers and follow-ups refuse.
        cur.execute(
            "UPDATE interviews SET stage = ?, format = ?, held_at = ?, outcome = ?, heard_back_on = ?,"
            " feedback = ?, updated_at = localtimestamp WHERE id = ?",
            [*values, interview_id],
        )
        cur.execute("DELETE FROM interview_interviewers WHERE interview_id = ?", [interview_id])
    for name in interview.interviewers:
        contact_id = _interviewer_contact(cur, name, company)
        cur.execute(
            "INSERT INTO interview_interviewers (interview_id, contact_id) VALUES (?, ?)", [interview_id, contact_id]
        )
    # The follow-up plan moves with the interview, in the same transaction.
    sync_application_plan(cur, interview.application_id)
    return interview_id


def add_interview_on_the_spot(db: Database, company: str, role: str, interview: Interview) -> Interview:
    """Record an interview together with its application, in one transaction; return it with its ids.

    The application is the existing one with the same company and role (ignoring
    case and surrounding space, the most recent if several), or a new one dated
    on the interview's day with status "interviewing". Nothing is written if the
    company, role or interview breaks a rule.
    """
    company, role = clean(company), clean(role)
    problems = [*name_field("Company", company, is_required=True), *name_field("Role", role, is_required=True)]
    interview.feedback = clean(interview.feedback)
    interview.interviewers = split_names("\n".join(interview.interviewers))
    problems += [p for p in validate_interview(interview) if p.field != "Application"]
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        found = reads.one(
            cur,
            "SELECT id FROM applications WHERE lower(company) = lower(?) AND lower(role) = lower(?)"
            " ORDER BY applied_on DESC, id DESC LIMIT 1",
            [company, role],
        )
        if found:
            application_id = found[0]
        else:
            application_id = reads.scalar(
                cur,
                "INSERT INTO applications (company, role, applied_on, status) VALUES (?, ?, ?, 'interviewing')"
                " RETURNING id",
                [company, role, interview.held_at.date()],
            )
        interview.application_id = application_id
        interview.id = write_interview(cur, interview)
    return interview


def _interviewer_contact(cur: duckdb.DuckDBPyConnection, name: str, company: str) -> int:
    found = reads.one(
        cur,
        "SELECT id FROM contacts WHERE kind = 'interviewer' AND lower(name) = lower(?)"
        " AND lower(coalesce(company, '')) = lower(?) ORDER BY id LIMIT 1",
        [name, company],
    )
    if found:
        return found[0]
    return reads.scalar(
        cur, "INSERT INTO contacts (name, kind, company) VALUES (?, 'interviewer', ?) RETURNING id", [name, company]
    )


def delete_interview(db: Database, interview_id: int) -> Path:
    """Delete an interview with its reflection, follow-ups and interviewer links; return the backup taken first.

    DuckDB checks foreign keys against committed rows only, so what points at the
    interview is deleted in a first transaction and the interview in a second,
    with every other writer kept out until both have committed.
    """
    with db.exclusive():
        backup = db.backup("before-delete")
        with db.transaction() as cur:
            cur.execute("DELETE FROM follow_ups WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM reflections WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM interview_interviewers WHERE interview_id = ?", [interview_id])
        with db.transaction() as cur:
            application = reads.one(cur, "DELETE FROM interviews WHERE id = ? RETURNING application_id", [interview_id])
            if application:
                sync_application_plan(cur, application[0])
    return backup


def get_interview(con: duckdb.DuckDBPyConnection, interview_id: int) -> Interview | None:
    row = reads.one(
        con,
        "SELECT id, application_id, stage, format, held_at, outcome, heard_back_on, feedback"
        " FROM interviews WHERE id = ?",
        [interview_id],
    )
    if row is None:
        return None
    names = [
        r[0]
        for r in reads.rows(
            con,
            "SELECT c.name FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id"
            " WHERE ii.interview_id = ? ORDER BY c.name",
            [interview_id],
        )
    ]
    id_, application_id, stage, format_, held_at, outcome, heard_back_on, feedback = row
    return Interview(application_id, stage, format_, held_at, names, outcome, heard_back_on, feedback, id_)


def list_interviews(con: duckdb.DuckDBPyConnection, application_id: int) -> pd.DataFrame:
    """The rounds of one application, earliest first.

    Columns: id, stage, format, held_at, interviewers (names joined with ", "),
    outcome, heard_back_on, feedback, reflected (whether a reflection exists).
    """
    return reads.frame(
        con,
        """
        SELECT i.id, i.stage, i.format, i.held_at,
               coalesce((SELECT string_agg(c.name, ', ' ORDER BY c.name)
                         FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
                         WHERE ii.interview_id = i.id), '') AS interviewers,
               i.outcome, i.heard_back_on, i.feedback,
               EXISTS (SELECT 1 FROM reflections r WHERE r.interview_id = i.id) AS reflected
        FROM interviews i
        WHERE i.application_id = ?
        ORDER BY i.held_at, i.id
        """,
        [application_id],
    )
