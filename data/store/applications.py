"""Job applications: validating, saving, finding and deleting them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from data.store.db import Database
from data.store.errors import RecordChanged
from data.store.reads import frame, like_pattern, one, require, rows, scalar
from data.store.schema import APPLICATION_STATUSES
from data.store.validation import (
    InvalidRecord,
    Problem,
    max_length,
    name_field,
    not_before,
    note_field,
    one_of,
    url_field,
    with_texts_cleaned,
)

# "What the role is about" completes "The role is about …" in a reference's heads-up: a phrase, not an essay.
ABOUT_MAX = 500

SOURCES = ("LinkedIn", "Referral", "Company site", "Recruiter", "Job board", "Networking", "Other")


@dataclass
class Application:
    company: str
    role: str
    applied_on: date | None
    status: str = "applied"
    location: str | None = None
    source: str | None = None
    url: str | None = None
    responded_on: date | None = None
    notes: str | None = None
    about: str | None = None
    id: int | None = field(default=None, compare=False)
    # When the stored application was last saved, as this copy was read: its version.
    updated_at: datetime | None = field(default=None, compare=False)

    def cleaned(self) -> Application:
        """The same application with texts trimmed and empty texts as no value."""
        return with_texts_cleaned(self, ("company", "role", "location", "source", "url", "notes", "about"))


def validate_application(app: Application) -> list[Problem]:
    """Every problem with `app`, field by field; empty when it may be saved."""
    return [
        *name_field("Company", app.company, is_required=True),
        *name_field("Role", app.role, is_required=True),
        *one_of("Status", app.status, APPLICATION_STATUSES),
        *name_field("Location", app.location),
        *name_field("Source", app.source),
        *url_field("Posting URL", app.url),
        *not_before("Reply received", app.responded_on, app.applied_on, "the date applied"),
        *note_field("Notes", app.notes),
        *max_length("What the role is about", app.about, ABOUT_MAX),
    ]


_COLUMNS = ("company", "role", "location", "source", "url", "applied_on", "responded_on", "status", "notes", "about")


def save_application(db: Database, app: Application) -> int:
    """Insert `app` (no id) or update it (with id); return its id.

    Raises `InvalidRecord` without writing anything when a rule is broken,
    `RecordGone` when the application was deleted meanwhile, and `RecordChanged`
    when `app` carries the version (`updated_at`) it was read at and the stored
    one was saved since (in another window): nothing is overwritten unseen.
    """
    app = app.cleaned()
    problems = validate_application(app)
    if problems:
        raise InvalidRecord(problems)
    values = [getattr(app, c) for c in _COLUMNS]
    with db.transaction() as cur:
        if app.id is None:
            return scalar(
                cur,
                "INSERT INTO applications (company, role, location, source, url, applied_on,"
                " responded_on, status, notes, about) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                values,
            )
        require(cur, "applications", app.id, "Application")
        if app.updated_at is not None:
            stored = get_application(cur, app.id)
            if stored is not None and stored.updated_at != app.updated_at:
                raise RecordChanged("application", theirs=stored, mine=replace(app, updated_at=stored.updated_at))
        # No RETURNING: DuckDB would then rewrite the update as delete and insert,
        # which the interviews' foreign keys refuse.
        cur.execute(
            "UPDATE applications SET company = ?, role = ?, location = ?, source = ?, url = ?,"
            " applied_on = ?, responded_on = ?, status = ?, notes = ?, about = ?, updated_at = localtimestamp"
            " WHERE id = ?",
            [*values, app.id],
        )
        return app.id


def get_application(con: duckdb.DuckDBPyConnection, application_id: int) -> Application | None:
    """The application with this id as stored, with its version (`updated_at`); None if there is none."""
    row = one(
        con,
        "SELECT id, updated_at, company, role, location, source, url, applied_on, responded_on, status, notes, about"
        " FROM applications WHERE id = ?",
        [application_id],
    )
    if row is None:
        return None
    id_, updated_at, *values = row
    return Application(**dict(zip(_COLUMNS, values, strict=True)), id=id_, updated_at=updated_at)


def delete_application(db: Database, application_id: int) -> Path:
    """Delete an application with its interviews, reflections (and drafts), follow-ups and links; return the backup taken first.

    Contacts stay: the same person may be an interviewer or reference elsewhere.
    DuckDB checks foreign keys against committed rows only, so this takes three
    transactions, from the rows that point at interviews up to the application,
    with every other writer kept out until the last one commits.
    """
    of_application = {"id": application_id}
    with db.exclusive():
        backup = db.backup("before-delete")
        with db.transaction() as cur:
            cur.execute(
                "DELETE FROM follow_ups WHERE application_id = $id"
                " OR interview_id IN (SELECT id FROM interviews WHERE application_id = $id)",
                of_application,
            )
            cur.execute(
                "DELETE FROM reflections WHERE interview_id IN (SELECT id FROM interviews WHERE application_id = $id)",
                of_application,
            )
            cur.execute(
                "DELETE FROM reflection_drafts WHERE interview_id IN (SELECT id FROM interviews WHERE application_id = $id)",
                of_application,
            )
            cur.execute(
                "DELETE FROM interview_interviewers"
                " WHERE interview_id IN (SELECT id FROM interviews WHERE application_id = $id)",
                of_application,
            )
            cur.execute("DELETE FROM application_references WHERE application_id = $id", of_application)
        with db.transaction() as cur:
            cur.execute("DELETE FROM interviews WHERE application_id = $id", of_application)
        with db.transaction() as cur:
            cur.execute("DELETE FROM applications WHERE id = $id", of_application)
    return backup


# Two applications to the same company and role this many days apart look like one added twice.
DUPLICATE_WINDOW_DAYS = 30


def similar_applications(con: duckdb.DuckDBPyConnection, app: Application) -> list[Application]:
    """Stored applications that look like `app` added again: other ids, same company and role.

    Company and role compare trimmed and case-blind; the dates applied lie at most
    `DUPLICATE_WINDOW_DAYS` apart (or either is unknown). Newest first.
    """
    app = app.cleaned()
    if not app.company or not app.role:
        return []
    day = app.applied_on
    found = rows(
        con,
        "SELECT id FROM applications WHERE lower(trim(company)) = lower($company) AND lower(trim(role)) = lower($role)"
        " AND ($id IS NULL OR id <> $id)"
        " AND ($day IS NULL OR applied_on IS NULL OR applied_on BETWEEN $earliest AND $latest)"
        " ORDER BY applied_on DESC NULLS LAST, id DESC",
        {
            "company": app.company,
            "role": app.role,
            "id": app.id,
            "day": day,
            "earliest": day - timedelta(days=DUPLICATE_WINDOW_DAYS) if day else None,
            "latest": day + timedelta(days=DUPLICATE_WINDOW_DAYS) if day else None,
        },
    )
    return [found_app for (found_id,) in found if (found_app := get_application(con, found_id)) is not None]


@dataclass(frozen=True)
class ApplicationFilter:
    """Which applications the Applications list shows; each field left empty narrows nothing.

    - `search`: only applications with it in their company, role, location or
      notes, ignoring case (its `%`, `_` and `\\` are plain characters; trimmed;
      blank finds every application);
    - `statuses`: only applications in one of these statuses;
    - `company`: only applications to that company (the exact name).

    `ApplicationFilter()` is every application.
    """

    search: str = ""
    statuses: tuple[str, ...] = ()
    company: str | None = None

    def where(self) -> tuple[str, dict[str, object]]:
        """The SQL condition keeping the applications this filter chooses, and the values it binds.

        The condition reads the applications under the alias `a`, which the
        query must give them (`FROM applications a`). It binds the search as
        `$pattern` (see `reads.like_pattern`), `$statuses` and `$company`, only
        those it uses: DuckDB refuses a parameter a query does not name. The
        empty filter gives `TRUE` and no values. Column names are fixed here; a
        value is never written into the text.
        """
        clauses: list[str] = []
        params: dict[str, object] = {}
        if self.search.strip():
            clauses.append(
                "(a.company ILIKE $pattern ESCAPE '\\' OR a.role ILIKE $pattern ESCAPE '\\'"
                " OR coalesce(a.location, '') ILIKE $pattern ESCAPE '\\'"
                " OR coalesce(a.notes, '') ILIKE $pattern ESCAPE '\\')"
            )
            params["pattern"] = like_pattern(self.search)
        if self.statuses:
            clauses.append("list_contains($statuses, a.status)")
            params["statuses"] = list(self.statuses)
        if self.company:
            clauses.append("a.company = $company")
            params["company"] = self.company
        return " AND ".join(clauses) or "TRUE", params


def count_applications(con: duckdb.DuckDBPyConnection, where: ApplicationFilter = ApplicationFilter()) -> int:
    """How many applications match `where`."""
    clause, params = where.where()
    query = "SELECT count(*) FROM applications a WHERE " + clause  # noqa: S608 (fixed fragments; values bound)
    return scalar(con, query, params)


def list_applications(
    con: duckdb.DuckDBPyConnection,
    where: ApplicationFilter = ApplicationFilter(),
    *,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of matching applications, newest application first, those with no known date last.

    Columns: id, company, role, location, status, applied_on, responded_on,
    interviews (how many rounds recorded), source.
    """
    clause, params = where.where()
    # The clause is made of fixed fragments; every value in it is a bound parameter.
    query = f"""
        WITH page AS (
            SELECT a.id, a.company, a.role, a.location, a.status, a.applied_on, a.responded_on, a.source
            FROM applications a
            WHERE {clause} AND (a.applied_on >= ({_DAY_OF_THE_LAST_ROW.format(clause=clause)}) OR a.applied_on IS NULL)
            ORDER BY a.applied_on DESC NULLS LAST, a.id DESC
            LIMIT $limit OFFSET $offset
        ),
        rounds AS (
            SELECT application_id, count(*) AS interviews FROM interviews
            WHERE application_id IN (SELECT id FROM page)
            GROUP BY application_id
        )
        SELECT p.id, p.company, p.role, p.location, p.status, p.applied_on, p.responded_on,
               coalesce(r.interviews, 0) AS interviews, p.source
        FROM page p LEFT JOIN rounds r ON r.application_id = p.id
        ORDER BY p.applied_on DESC NULLS LAST, p.id DESC
        """  # noqa: S608
    return frame(con, query, {**params, "limit": limit, "offset": offset})


# The day applied of the (offset + limit)-th newest application matching `clause`: a page
# of the newest first lies among those applied on that day or later. Filtering on it
# before sorting spares sorting every application for the first pages (DuckDB's top-N
# otherwise replaces its heap at nearly every row of a table added to in date order).
# With fewer matching applications, the day of the oldest; none, no day (no rows).
# Applications with no known date (null) come after every dated one and are always let through.
# (The subquery names its applications `a` too, for the clause: inside it, `a` is its own.)
_DAY_OF_THE_LAST_ROW = "SELECT list_last(max(a.applied_on, $limit + $offset)) FROM applications a WHERE {clause}"


@dataclass(frozen=True)
class ApplicationPicker:
    """Which applications a picker offers (Prepare's, and Contacts' for references): a few, and the one picked.

    - `search`: those whose company or role contains it, ignoring case (its
      `%`, `_` and `\\` are plain characters; trimmed; blank finds every one);
    - `limit`: of those found, the first in the picker's own order (all when None);
    - `including`: the ids offered whatever the search and the limit (the
      application already picked, which must stay on offer).

    `ApplicationPicker()` offers every application.
    """

    search: str = ""
    limit: int | None = None
    including: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # Ids may come as any whole numbers (a list, numpy's integers): kept as a tuple of ints.
        object.__setattr__(self, "including", tuple(int(i) for i in self.including))

    def where(self) -> tuple[str, dict[str, object]]:
        """The SQL condition keeping the applications the search finds, and the values it binds.

        The condition reads the applications under the alias `a` (`FROM
        applications a`) and binds the search as `$pattern` (see
        `reads.like_pattern`); a blank search gives `TRUE` and no values. The
        limit and the ids included are the query's to bind, as `$limit` and
        `$including` (`offered()`).
        """
        if not self.search.strip():
            return "TRUE", {}
        return "concat_ws(' ', a.company, a.role) ILIKE $pattern ESCAPE '\\'", {"pattern": like_pattern(self.search)}

    def offered(self) -> dict[str, object]:
        """`$limit` and `$including` for the query: how many found to offer, and the ids offered besides."""
        return {"limit": self.limit, "including": list(self.including)}


def company_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every company applied to, alphabetically."""
    return [row[0] for row in rows(con, "SELECT DISTINCT company FROM applications ORDER BY lower(company)")]
