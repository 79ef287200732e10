"""Contacts: the interviewers, references and recruiters of a job search, and which
references were given to which application.

Interviewer contacts are created by `data.store.interviews` when an interview names
them; here the user completes them (an email for the thank-you note) and keeps
references, whose heads-ups the follow-up plan schedules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
import pandas as pd

from data.store import reads
from data.store.applications import ApplicationPicker
from data.store.db import Database
from data.store.errors import RecordChanged
from data.store.follow_ups import sync_application_plan
from data.store.schema import CONTACT_KINDS
from data.store.validation import (
    InvalidRecord,
    Problem,
    clean,
    email_field,
    name_field,
    note_field,
    one_of,
    with_texts_cleaned,
)

# How often a reference may be given out in `USAGE_WINDOW_DAYS` before the user is
# told to check in with them first: from the third time on.
OVER_ASKED_FROM = 3
USAGE_WINDOW_DAYS = 30


@dataclass
class Contact:
    name: str
    kind: str = "reference"
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    company: str | None = None
    relationship: str | None = None
    notes: str | None = None
    id: int | None = field(default=None, compare=False)
    # When the stored contact was last saved, as this copy was read: its version.
    updated_at: datetime | None = field(default=None, compare=False)

    def cleaned(self) -> Contact:
        """The same contact with texts trimmed and empty texts as no value."""
        return with_texts_cleaned(self, ("name", "email", "phone", "title", "company", "relationship", "notes"))


def validate_contact(contact: Contact) -> list[Problem]:
    """Every problem with `contact`, field by field; empty when it may be saved."""
    return [
        *name_field("Name", contact.name, is_required=True),
        *one_of("Kind", contact.kind, CONTACT_KINDS),
        *email_field("Email", contact.email),
        *name_field("Phone", contact.phone),
        *name_field("Title", contact.title),
        *name_field("Company", contact.company),
        *name_field("Relationship", contact.relationship),
        *note_field("Notes", contact.notes),
    ]


_COLUMNS = ("name", "kind", "email", "phone", "title", "company", "relationship", "notes")


def save_contact(db: Database, contact: Contact) -> int:
    """Insert `contact` (no id) or update it (with id); return its id.

    Raises `InvalidRecord` without writing anything when a rule is broken,
    `RecordGone` when the contact was deleted meanwhile, and `RecordChanged`
    when `contact` carries the version (`updated_at`) it was read at and the
    stored one was saved since (in another window): nothing is overwritten unseen.
    """
    contact = contact.cleaned()
    problems = validate_contact(contact)
    if problems:
        raise InvalidRecord(problems)
    values = [getattr(contact, c) for c in _COLUMNS]
    with db.transaction() as cur:
        if contact.id is None:
            return reads.scalar(
                cur,
                "INSERT INTO contacts (name, kind, email, phone, title, company, relationship, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                values,
            )
        reads.require(cur, "contacts", contact.id, "Contact")
        if contact.updated_at is not None:
            stored = get_contact(cur, contact.id)
            if stored is not None and stored.updated_at != contact.updated_at:
                raise RecordChanged("contact", theirs=stored, mine=replace(contact, updated_at=stored.updated_at))
        # No RETURNING here: DuckDB 2.0 then treats the update of a row other
        # tables refer to as a delete and refuses it (a foreign-key limitation).
        cur.execute(
            "UPDATE contacts SET name = ?, kind = ?, email = ?, phone = ?, title = ?, company = ?,"
            " relationship = ?, notes = ?, updated_at = localtimestamp WHERE id = ?",
            [*values, contact.id],
        )
        return contact.id


def get_contact(con: duckdb.DuckDBPyConnection, contact_id: int) -> Contact | None:
    """The contact with id `contact_id` as stored, with its version (`updated_at`); None if there is none."""
    # fetchall, not fetchone: a result left unread keeps the reader's transaction
    # open, and the checkpoint after the page's next write would then fail.
    rows = reads.rows(
        con,
        "SELECT id, updated_at, name, kind, email, phone, title, company, relationship, notes"
        " FROM contacts WHERE id = ?",
        [contact_id],
    )
    if not rows:
        return None
    id_, updated_at, *values = rows[0]
    return Contact(**dict(zip(_COLUMNS, values, strict=True)), id=id_, updated_at=updated_at)


@dataclass(frozen=True)
class ContactFilter:
    """Which contacts the Contacts list shows; each field left empty narrows nothing.

    - `kind`: only contacts of that kind (`data.store.schema.CONTACT_KINDS`);
    - `search`: only contacts with it in their name, title, company, email,
      phone, relationship or notes, ignoring case (its `%`, `_` and `\\` are
      plain characters; trimmed; blank finds every contact).

    `ContactFilter()` is every contact.
    """

    kind: str | None = None
    search: str = ""

    # The texts `search` looks in.
    SEARCHED: ClassVar[tuple[str, ...]] = ("name", "title", "company", "email", "phone", "relationship", "notes")

    def where(self) -> tuple[str, dict[str, object]]:
        """The SQL condition keeping the contacts this filter chooses, and the values it binds.

        The condition reads the contacts under the alias `c`, which the query
        must give them (`FROM contacts c`). It binds `$kind` and the search as
        `$pattern` (see `reads.like_pattern`), only those it uses: DuckDB refuses
        a parameter a query does not name. The empty filter gives `TRUE` and no
        values. Column names are fixed here; a value is never written into the text.
        """
        conditions: list[str] = []
        values: dict[str, object] = {}
        if self.kind is not None:
            conditions.append("c.kind = $kind")
            values["kind"] = self.kind
        if self.search.strip():
            conditions.append(
                "(" + " OR ".join(f"c.{column} ILIKE $pattern ESCAPE '\\'" for column in self.SEARCHED) + ")"
            )
            values["pattern"] = reads.like_pattern(self.search)
        return " AND ".join(conditions) or "TRUE", values


def list_contacts(
    con: duckdb.DuckDBPyConnection,
    where: ContactFilter = ContactFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The contacts `where` chooses (every one by default), by name.

    One page of them with `limit` and `offset` (all when `limit` is None); the
    same name is ordered by the contact's id. Columns: id, name, kind, title,
    company, email, phone, relationship, interviews (how many interviews they
    took part in), applications (how many applications they are a reference for).
    """
    # The page is chosen first, so that only its contacts' interviews and applications are counted.
    clause, params = where.where()
    return reads.frame(
        con,
        f"""
        WITH page AS (
            SELECT c.id, c.name, c.kind, c.title, c.company, c.email, c.phone, c.relationship
            FROM contacts c
            WHERE {clause}
            ORDER BY lower(c.name), c.id
            LIMIT $limit OFFSET $offset
        ),
        interviewed AS (
            SELECT contact_id, count(*) AS interviews FROM interview_interviewers
            WHERE contact_id IN (SELECT id FROM page) GROUP BY contact_id
        ),
        given AS (
            SELECT contact_id, count(*) AS applications FROM application_references
            WHERE contact_id IN (SELECT id FROM page) GROUP BY contact_id
        )
        SELECT p.*, coalesce(n.interviews, 0) AS interviews, coalesce(g.applications, 0) AS applications
        FROM page p LEFT JOIN interviewed n ON n.contact_id = p.id LEFT JOIN given g ON g.contact_id = p.id
        ORDER BY lower(p.name), p.id
        """,  # noqa: S608 (fixed clause; values bound)
        {**params, "limit": limit, "offset": offset},
    )


def count_contacts(con: duckdb.DuckDBPyConnection, where: ContactFilter = ContactFilter()) -> int:
    """How many contacts `list_contacts` lists for `where` (every contact by default)."""
    clause, params = where.where()
    query = "SELECT count(*) FROM contacts c WHERE " + clause  # noqa: S608 (fixed fragments; values bound)
    return reads.scalar(con, query, params)


def delete_contact(db: Database, contact_id: int) -> Path:
    """Delete a contact, its interviewer and reference links, and its open follow-ups; return the backup taken first.

    Follow-ups already done or skipped stay as history, without the contact.
    The plans of the applications the contact was linked to are brought in step
    with the links.

    This takes two transactions: DuckDB checks foreign keys against committed
    rows only, so the rows referring to the contact must be gone, and committed,
    before the contact itself. Other writers are kept out until both commit.
    """
    of_contact = {"id": contact_id}
    with db.exclusive():
        backup = db.backup("before-delete")
        with db.transaction() as cur:
            applications = [
                row[0]
                for row in reads.rows(
                    cur,
                    """
                    SELECT application_id FROM application_references WHERE contact_id = $id
                    UNION
                    SELECT i.application_id
                    FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id
                    WHERE ii.contact_id = $id
                    UNION
                    SELECT application_id FROM follow_ups WHERE contact_id = $id
                    """,
                    of_contact,
                )
            ]
            cur.execute(
                "DELETE FROM follow_ups WHERE contact_id = $id AND done_at IS NULL AND skipped_at IS NULL", of_contact
            )
            cur.execute("UPDATE follow_ups SET contact_id = NULL WHERE contact_id = $id", of_contact)
            cur.execute("DELETE FROM interview_interviewers WHERE contact_id = $id", of_contact)
            cur.execute("DELETE FROM application_references WHERE contact_id = $id", of_contact)
            for application_id in sorted(applications):
                sync_application_plan(cur, application_id)
        with db.transaction() as cur:
            cur.execute("DELETE FROM contacts WHERE id = $id", of_contact)
    return backup


def attach_reference(db: Database, application_id: int, contact_id: int) -> None:
    """Give reference `contact_id` to application `application_id`, and plan its heads-up.

    Attaching a reference already attached changes nothing (its first
    `attached_at` is kept). Raises `InvalidRecord` when the application is gone
    or the contact is not a reference.
    """
    with db.transaction() as cur:
        reads.require(cur, "applications", application_id, "Application")
        reads.require(cur, "contacts", contact_id, "Reference")
        if reads.scalar(cur, "SELECT kind FROM contacts WHERE id = ?", [contact_id]) != "reference":
            raise InvalidRecord([Problem("Reference", "is not a reference; change the contact's kind first.")])
        cur.execute(
            "INSERT INTO application_references (application_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [application_id, contact_id],
        )
        sync_application_plan(cur, application_id)


def detach_reference(db: Database, application_id: int, contact_id: int) -> None:
    """Take reference `contact_id` off application `application_id`, with its open heads-up.

    A heads-up already done or skipped stays as history.
    """
    with db.transaction() as cur:
        cur.execute(
            "DELETE FROM application_references WHERE application_id = ? AND contact_id = ?",
            [application_id, contact_id],
        )
        sync_application_plan(cur, application_id)


def applications_for_references(
    con: duckdb.DuckDBPyConnection, picker: ApplicationPicker = ApplicationPicker()
) -> pd.DataFrame:
    """Applications to pick one to give references to, newest first (ties by newest id), as `picker` offers them.

    Columns: id, company, role, applied_on, references (how many are attached).
    """
    searched, params = picker.where()
    # The `limit` newest were applied on or after the day of the `limit`-th newest: reading
    # that day first spares sorting every application (see data.store.applications.list_applications).
    since = "TRUE"
    if picker.limit is not None:
        since = f"(a.applied_on >= (SELECT list_last(max(a.applied_on, $limit)) FROM applications a WHERE {searched}) OR a.applied_on IS NULL)"  # noqa: S608
    query = f"""
        WITH picked AS (
            (SELECT a.id FROM applications a
             WHERE {searched} AND {since}
             ORDER BY a.applied_on DESC, a.id DESC
             LIMIT $limit)
            UNION
            (SELECT id FROM applications WHERE list_contains($including, id))
        ),
        attached AS (
            SELECT application_id, count(*) AS "references" FROM application_references
            WHERE application_id IN (SELECT id FROM picked) GROUP BY application_id
        )
        SELECT a.id, a.company, a.role, a.applied_on, coalesce(r."references", 0) AS "references"
        FROM picked p JOIN applications a ON a.id = p.id LEFT JOIN attached r ON r.application_id = p.id
        ORDER BY a.applied_on DESC, a.id DESC
        """  # noqa: S608 (fixed fragments; values bound)
    return reads.frame(con, query, {**params, **picker.offered()})


def references_of(con: duckdb.DuckDBPyConnection, application_id: int) -> pd.DataFrame:
    """The references attached to one application, in the order they were attached.

    Columns: contact_id, name, relationship, email, phone, attached_at,
    heads_up_due_at (when the open heads-up is due; empty until the application
    has a technical or later interview) and heads_up_done_at (when it was done).
    """
    return reads.frame(
        con,
        """
        SELECT c.id AS contact_id, c.name, c.relationship, c.email, c.phone, ar.attached_at,
               (SELECT min(f.due_at) FROM follow_ups f
                WHERE f.application_id = ar.application_id AND f.contact_id = c.id
                  AND f.kind = 'reference_heads_up' AND f.done_at IS NULL AND f.skipped_at IS NULL)
                   AS heads_up_due_at,
               (SELECT max(f.done_at) FROM follow_ups f
                WHERE f.application_id = ar.application_id AND f.contact_id = c.id
                  AND f.kind = 'reference_heads_up') AS heads_up_done_at
        FROM application_references ar JOIN contacts c ON c.id = ar.contact_id
        WHERE ar.application_id = ?
        ORDER BY ar.attached_at, c.id
        """,
        [application_id],
    )


def reference_usage(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """How often each reference was given out lately, most given first.

    One row per contact of kind reference. `recent` counts the applications it
    was attached to in the 30 days ending `today` (attached on `today` or up to
    29 days before, by `application_references.attached_at`); `total` counts
    every application it is attached to; `last_given` is the latest attachment
    date (empty if never). `over_asked` is true from the third recent time on.
    Columns: contact_id, name, relationship, recent, total, last_given, over_asked.
    """
    since = today - timedelta(days=USAGE_WINDOW_DAYS - 1)
    return reads.frame(
        con,
        """
        SELECT c.id AS contact_id, c.name, c.relationship,
               count(ar.contact_id) FILTER (WHERE CAST(ar.attached_at AS DATE) BETWEEN $since AND $today) AS recent,
               count(ar.contact_id) AS total,
               CAST(max(ar.attached_at) AS DATE) AS last_given,
               recent >= $over_asked_from AS over_asked
        FROM contacts c LEFT JOIN application_references ar ON ar.contact_id = c.id
        WHERE c.kind = 'reference'
        GROUP BY c.id, c.name, c.relationship
        ORDER BY recent DESC, lower(c.name), c.id
        """,
        {"since": since, "today": today, "over_asked_from": OVER_ASKED_FROM},
    )


def save_follow_up_address(db: Database, follow_up_id: int, email: str) -> str:
    """Save `email` as the address of the person follow-up `follow_up_id` is written to; return their name.

    That person is the follow-up's contact, or else the interview's first
    interviewer by name (as on its card, see `data.store.follow_ups.FollowUpCard`).
    Raises `InvalidRecord` when the address does not look like one, or when the
    follow-up has nobody to write to (or no longer exists).
    """
    typed = clean(email)
    problems = [Problem("Email", "is required.")] if typed is None else email_field("Email", typed)
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        rows = cur.execute(
            """
            SELECT coalesce(f.contact_id, (
                SELECT c.id FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
                WHERE ii.interview_id = f.interview_id
                ORDER BY c.name, c.id LIMIT 1
            )) AS contact_id
            FROM follow_ups f WHERE f.id = ?
            """,
            [follow_up_id],
        ).fetchall()
        if not rows or rows[0][0] is None:
            raise InvalidRecord([Problem("Email", "has nobody to go to: this follow-up names no contact.")])
        contact_id = rows[0][0]
        # No RETURNING: DuckDB would rewrite the update of a referenced row as delete and insert.
        cur.execute("UPDATE contacts SET email = ?, updated_at = localtimestamp WHERE id = ?", [typed, contact_id])
        return cur.execute("SELECT name FROM contacts WHERE id = ?", [contact_id]).fetchall()[0][0]
