"""Interview rounds of an application, with their interviewers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from data.store import reads
from data.store.db import Database
from data.store.errors import RecordChanged, RecordGone
from data.store.follow_ups import sync_application_plan
from data.store.schema import INTERVIEW_FORMATS, INTERVIEW_OUTCOMES, INTERVIEW_STAGES
from data.store.validation import (
    InvalidRecord,
    Problem,
    clean,
    email_field,
    name_field,
    not_before,
    note_field,
    one_of,
    required,
)


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
    # When the stored interview was last saved, as this copy was read: its version.
    updated_at: datetime | None = field(default=None, compare=False)


@dataclass
class Interviewer:
    """A person met in an interview, as typed on the spot: a known contact (`contact_id`) or a new name.

    `email`, when given, is saved to the contact (replacing the one it had).
    """

    name: str
    email: str | None = None
    contact_id: int | None = None


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


def save_interview(db: Database, interview: Interview, *, today: date | None = None) -> int:
    """Insert `interview` (no id) or update it (with id); return its id.

    Each interviewer name is matched (ignoring case) to an interviewer contact at
    the application's company, or kept as a new one. Editing replaces the list of
    interviewers. A new interview records that the employer answered (see
    `write_interview`). Raises `InvalidRecord` without writing when a rule is broken,
    `RecordGone` when the interview was deleted meanwhile, and `RecordChanged` when
    `interview` carries the version (`updated_at`) it was read at and the stored
    one was saved since (in another window): nothing is overwritten unseen.
    """
    interview.feedback = clean(interview.feedback)
    interview.interviewers = split_names("\n".join(interview.interviewers))
    problems = validate_interview(interview)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        return write_interview(cur, interview, today=today)


def answered_on(held_on: date, today: date, applied_on: date | None) -> date:
    """The day an employer answered, as far as an interview tells: the day it was arranged.

    An interview still to come was arranged by `today` at the latest, so `today`;
    one already held was arranged on an unknown day, so the interview's own date.
    Never before `applied_on` when that is known.
    """
    day = min(held_on, today)
    return max(day, applied_on) if applied_on is not None else day


def write_interview(
    cur: duckdb.DuckDBPyConnection,
    interview: Interview,
    *,
    people: Sequence[Interviewer] = (),
    today: date | None = None,
) -> int:
    """Write a validated interview inside the caller's transaction; return its id.

    A new interview is an answer: when its application has no reply date
    (`responded_on`), it gets `answered_on(...)` (the user can edit it). `people`
    links an interviewer by name (ignoring case) to a chosen contact and saves
    the e-mail typed for them. Keeps the application's follow-up plan in step
    in the same transaction. An edit carrying its version (`updated_at`) is
    refused with `RecordChanged` when the stored interview was saved since.
    """
    application_id, held_at = interview.application_id, interview.held_at
    if application_id is None or held_at is None:
        raise InvalidRecord([*required("Application", application_id), *required("Date and time", held_at)])
    values = [
        interview.stage,
        interview.format,
        interview.held_at,
        interview.outcome,
        interview.heard_back_on,
        interview.feedback,
    ]
    company = reads.one(
        cur, "SELECT company, applied_on, responded_on FROM applications WHERE id = ?", [application_id]
    )
    if company is None:
        raise RecordGone("Application")
    topics: dict[int, str | None] = {}
    if interview.id is None:
        interview_id = reads.scalar(
            cur,
            "INSERT INTO interviews (application_id, stage, format, held_at, outcome, heard_back_on, feedback)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [application_id, *values],
        )
        if company[2] is None:
            # No RETURNING, as below: the interviews' foreign keys refuse a delete and insert.
            cur.execute(
                "UPDATE applications SET responded_on = ?, updated_at = localtimestamp WHERE id = ?",
                [answered_on(held_at.date(), today or date.today(), company[1]), application_id],
            )
    else:
        interview_id = interview.id
        reads.require(cur, "interviews", interview_id, "Interview")
        _refuse_if_changed(cur, interview)
        # No RETURNING: DuckDB would then rewrite the update as delete and insert,
        # which the foreign keys of its interviewers and follow-ups refuse.
        cur.execute(
            "UPDATE interviews SET stage = ?, format = ?, held_at = ?, outcome = ?, heard_back_on = ?,"
            " feedback = ?, updated_at = localtimestamp WHERE id = ?",
            [*values, interview_id],
        )
        # The thank-you topic given for an interviewer stays with them when the list is written anew.
        topics = dict(
            cur.execute(
                "SELECT contact_id, thank_you_topic FROM interview_interviewers WHERE interview_id = ?", [interview_id]
            ).fetchall()
        )
        cur.execute("DELETE FROM interview_interviewers WHERE interview_id = ?", [interview_id])
    chosen = {person.name.strip().casefold(): person for person in people}
    for name in interview.interviewers:
        person = chosen.get(name.casefold())
        contact_id = _known_contact(cur, person.contact_id) if person else None
        if contact_id is None:
            contact_id = _interviewer_contact(cur, name, company[0])
        if person and person.email:
            cur.execute(
                "UPDATE contacts SET email = ?, updated_at = localtimestamp WHERE id = ?", [person.email, contact_id]
            )
        cur.execute(
            "INSERT INTO interview_interviewers (interview_id, contact_id, thank_you_topic) VALUES (?, ?, ?)",
            [interview_id, contact_id, topics.get(contact_id)],
        )
    # The follow-up plan moves with the interview, in the same transaction.
    sync_application_plan(cur, application_id)
    return interview_id


def _refuse_if_changed(cur: duckdb.DuckDBPyConnection, interview: Interview) -> None:
    """Raise `RecordChanged` when `interview` carries a version older than the stored interview's."""
    if interview.id is None or interview.updated_at is None:
        return
    stored = get_interview(cur, interview.id)
    if stored is not None and stored.updated_at != interview.updated_at:
        # The names in the order the stored ones are read, so that only a real difference shows.
        mine = replace(interview, interviewers=sorted(interview.interviewers), updated_at=stored.updated_at)
        raise RecordChanged("interview", theirs=stored, mine=mine)


def add_interview_on_the_spot(
    db: Database,
    company: str,
    role: str,
    interview: Interview,
    *,
    applied_on: date | None = None,
    interviewers: Sequence[Interviewer] | None = None,
    today: date | None = None,
) -> Interview:
    """Record an interview together with its application, in one transaction; return it with its ids.

    The application is the existing one with the same company and role (ignoring
    case and surrounding space, the most recent if several), or a new one with
    status "interviewing" dated `applied_on`, which may be None: unknown, never
    invented. An existing application without a date takes `applied_on`; one
    with a date keeps it. `interviewers`, when given, replaces
    `interview.interviewers`: each is linked to its known contact or to one
    matched by name at the company, and its e-mail is saved to that contact.
    The application's reply date is recorded as in `write_interview`. Nothing
    is written if the company, role, dates, e-mails or interview break a rule;
    the interview may not come before `applied_on`.
    """
    company_name, role_name = clean(company) or "", clean(role) or ""
    people = [Interviewer(p.name.strip(), clean(p.email), p.contact_id) for p in (interviewers or ()) if p.name.strip()]
    if interviewers is not None:
        interview.interviewers = [p.name for p in people]
    problems = [
        *name_field("Company", company_name, is_required=True),
        *name_field("Role", role_name, is_required=True),
    ]
    interview.feedback = clean(interview.feedback)
    interview.interviewers = split_names("\n".join(interview.interviewers))
    problems += [p for p in validate_interview(interview) if p.field != "Application"]
    if interview.held_at is not None:
        problems += not_before("Date", interview.held_at.date(), applied_on, "the date applied")
    for person in people:
        problems += email_field(f"E-mail of {person.name}", person.email)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        found = reads.one(
            cur,
            "SELECT id, applied_on FROM applications WHERE lower(company) = lower(?) AND lower(role) = lower(?)"
            " ORDER BY applied_on DESC NULLS LAST, id DESC LIMIT 1",
            [company_name, role_name],
        )
        if found:
            application_id = found[0]
            if found[1] is None and applied_on is not None:
                cur.execute(
                    "UPDATE applications SET applied_on = ?, updated_at = localtimestamp WHERE id = ?",
                    [applied_on, application_id],
                )
        else:
            application_id = reads.scalar(
                cur,
                "INSERT INTO applications (company, role, applied_on, status) VALUES (?, ?, ?, 'interviewing')"
                " RETURNING id",
                [company_name, role_name, applied_on],
            )
        interview.application_id = application_id
        interview.id = write_interview(cur, interview, people=people, today=today)
    return interview


def known_interviewers(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The interviewer contacts to offer when a name is typed: the `limit` met most recently, by name.

    Recency is the latest interview a contact sat in (contacts in none come
    last, newest first). A person beyond the limit, typed by name, is still
    matched to their contact at the same company by `write_interview`, so the
    limit keeps the page light without duplicating anyone.

    Columns: id, name, company, email.
    """
    return con.execute(
        """
        WITH recent AS (
            SELECT c.id, c.name, c.company, c.email
            FROM contacts c
            LEFT JOIN (
                SELECT ii.contact_id, max(i.held_at) AS last_met
                FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id
                GROUP BY ii.contact_id
            ) m ON m.contact_id = c.id
            WHERE c.kind = 'interviewer'
            ORDER BY m.last_met DESC NULLS LAST, c.id DESC
            LIMIT ?
        )
        SELECT id, name, company, email FROM recent ORDER BY lower(name), lower(coalesce(company, '')), id
        """,
        [limit],
    ).df()


def _known_contact(cur: duckdb.DuckDBPyConnection, contact_id: int | None) -> int | None:
    if contact_id is None:
        return None
    found = cur.execute("SELECT id FROM contacts WHERE id = ?", [contact_id]).fetchone()
    return found[0] if found else None


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
    """Delete an interview with its reflection (and draft), follow-ups and interviewer links; return the backup taken first.

    DuckDB checks foreign keys against committed rows only, so what points at the
    interview is deleted in a first transaction and the interview in a second,
    with every other writer kept out until both have committed.
    """
    with db.exclusive():
        backup = db.backup("before-delete")
        with db.transaction() as cur:
            cur.execute("DELETE FROM follow_ups WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM reflections WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM reflection_drafts WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM interview_interviewers WHERE interview_id = ?", [interview_id])
        with db.transaction() as cur:
            application = reads.one(cur, "DELETE FROM interviews WHERE id = ? RETURNING application_id", [interview_id])
            if application:
                sync_application_plan(cur, application[0])
    return backup


def get_interview(con: duckdb.DuckDBPyConnection, interview_id: int) -> Interview | None:
    """The interview with this id as stored (interviewers by name), with its version (`updated_at`); None if none."""
    row = reads.one(
        con,
        "SELECT id, application_id, stage, format, held_at, outcome, heard_back_on, feedback, updated_at"
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
    id_, application_id, stage, format_, held_at, outcome, heard_back_on, feedback, updated_at = row
    return Interview(
        application_id, stage, format_, held_at, names, outcome, heard_back_on, feedback, id_, updated_at=updated_at
    )


def list_interviews(con: duckdb.DuckDBPyConnection, application_id: int) -> pd.DataFrame:
    """The rounds of one application, earliest first.

    Columns: id, stage, format, held_at, interviewers (names joined with ", "),
    outcome (`no_answer` for a wait closed as no answer), heard_back_on,
    feedback, reflected (whether a reflection exists).
    """
    return reads.frame(
        con,
        """
        SELECT i.id, i.stage, i.format, i.held_at,
               coalesce((SELECT string_agg(c.name, ', ' ORDER BY c.name)
                         FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
                         WHERE ii.interview_id = i.id), '') AS interviewers,
               CASE WHEN i.no_answer_on IS NOT NULL AND i.heard_back_on IS NULL AND i.outcome = 'pending'
                    THEN 'no_answer' ELSE i.outcome END AS outcome,
               i.heard_back_on, i.feedback,
               EXISTS (SELECT 1 FROM reflections r WHERE r.interview_id = i.id) AS reflected
        FROM interviews i
        WHERE i.application_id = ?
        ORDER BY i.held_at, i.id
        """,
        [application_id],
    )


# How far back a "just had" interview may lie before Debrief asks whether the date is right.
JUST_HAD_DAYS = 7


def when_in_words(day: date, today: date) -> str:
    """`day` as a person says it, seen from `today`: "today", "tomorrow", "next Wednesday", "Monday 16 November"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    this_monday = today - timedelta(days=today.weekday())
    weeks_ahead = (day - this_monday).days // 7
    if days > 0 and weeks_ahead == 0:
        return f"this {day:%A}"
    if days > 0 and weeks_ahead == 1:
        return f"next {day:%A}"
    year = f" {day.year}" if day.year != today.year else ""
    return f"{day:%A} {day.day} {day:%B}{year}"


def date_question(held_on: date, today: date) -> str | None:
    """The question to ask before saving an interview the user says they just had, or None.

    Asked when `held_on` is after `today`, or more than `JUST_HAD_DAYS` days before it.
    """
    days = (held_on - today).days
    if days > 0:
        return f"This says {when_in_words(held_on, today)} ({held_on:%Y-%m-%d}), still to come: is that right?"
    if days < -JUST_HAD_DAYS:
        return f"This says {when_in_words(held_on, today)}, {-days} days ago: is that right?"
    return None


def move_interview(db: Database, interview_id: int, held_at: datetime, *, version: datetime | None = None) -> None:
    """Correct when an interview was held, and nothing else; its follow-up plan moves with it.

    Raises `InvalidRecord` without writing when the interview no longer exists or
    its answer (`heard_back_on`) would come before the new date. With `version`
    (the `updated_at` the interview was read at), raises `RecordChanged` when the
    stored interview was saved since: its `mine` is the stored one moved.
    """
    with db.transaction() as cur:
        stored = get_interview(cur, interview_id)
        if stored is None or stored.application_id is None:
            raise InvalidRecord([Problem("Interview", "no longer exists; it may have been deleted.")])
        if version is not None and stored.updated_at != version:
            raise RecordChanged("interview", theirs=stored, mine=replace(stored, held_at=held_at))
        problems = not_before("Heard back on", stored.heard_back_on, held_at.date(), "the interview")
        if problems:
            raise InvalidRecord(problems)
        # No RETURNING: DuckDB would then rewrite the update as delete and insert (see write_interview).
        cur.execute(
            "UPDATE interviews SET held_at = ?, updated_at = localtimestamp WHERE id = ?", [held_at, interview_id]
        )
        sync_application_plan(cur, stored.application_id)
