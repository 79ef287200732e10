"""Checking a database: every table readable, every link resolvable, every rule of the schema still true.

DuckDB verifies a checksum for each block it reads, so reading every row of
every table finds a damaged file. The schema's constraints are checked again by
queries (each counts the rows that break one rule), so a file written by other
means, or an older Debrief, is held to the same rules as one written by this one.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from data.csv_format import FILES
from data.db import schema_version
from data.schema import LATEST_VERSION

TABLES = (
    "applications",
    "interviews",
    "contacts",
    "interview_interviewers",
    "application_references",
    "reflections",
    "follow_ups",
    "settings",
)
# The rows of each of TABLES, in that order, in one statement.
_ROW_COUNTS = """
    SELECT (SELECT count(*) FROM applications), (SELECT count(*) FROM interviews), (SELECT count(*) FROM contacts),
           (SELECT count(*) FROM interview_interviewers), (SELECT count(*) FROM application_references),
           (SELECT count(*) FROM reflections), (SELECT count(*) FROM follow_ups), (SELECT count(*) FROM settings)
"""

# (what must hold, query counting the rows where it does not). Table and column
# names here are fixed text; values (limits, allowed words) are bound parameters.
_LINK_RULES = (
    (
        "every interview belongs to an application",
        "SELECT count(*) FROM interviews i WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = i.application_id)",
    ),
    (
        "every interviewer link names an interview and a contact",
        "SELECT count(*) FROM interview_interviewers l WHERE NOT EXISTS (SELECT 1 FROM interviews i WHERE i.id = l.interview_id)"
        " OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = l.contact_id)",
    ),
    (
        "every reference link names an application and a contact",
        "SELECT count(*) FROM application_references r WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = r.application_id)"
        " OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = r.contact_id)",
    ),
    (
        "every reflection belongs to an interview",
        "SELECT count(*) FROM reflections r WHERE NOT EXISTS (SELECT 1 FROM interviews i WHERE i.id = r.interview_id)",
    ),
    (
        "an interview has at most one reflection",
        "SELECT count(*) FROM (SELECT interview_id FROM reflections GROUP BY interview_id HAVING count(*) > 1)",
    ),
    (
        "every follow-up belongs to an application, and to its interview and contact if it names them",
        "SELECT count(*) FROM follow_ups f WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = f.application_id)"
        " OR (f.interview_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.id = f.interview_id))"
        " OR (f.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = f.contact_id))",
    ),
    (
        "a follow-up of an interview belongs to that interview's application",
        "SELECT count(*) FROM follow_ups f JOIN interviews i ON i.id = f.interview_id WHERE i.application_id <> f.application_id",
    ),
    (
        "a reply comes on or after the date applied",
        "SELECT count(*) FROM applications WHERE responded_on < applied_on",
    ),
    (
        "an outcome is heard on or after the interview",
        "SELECT count(*) FROM interviews WHERE heard_back_on < CAST(held_at AS DATE)",
    ),
    (
        "companies, roles and contact names are not blank",
        "SELECT (SELECT count(*) FROM applications WHERE length(trim(company)) = 0 OR length(trim(role)) = 0)"
        " + (SELECT count(*) FROM contacts WHERE length(trim(name)) = 0)",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One rule checked: what must hold, and how many rows break it (-1: the check itself failed)."""

    rule: str
    breaking: int
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.breaking == 0


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many rows each of Debrief's tables holds."""
    [counts] = con.execute(_ROW_COUNTS).fetchall()
    return dict(zip(TABLES, counts, strict=True))


def check_database(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every check, in order: schema version, a full read of each table, links, and the schema's rules."""
    version = schema_version(con)
    findings = [
        Finding(
            f"the schema is at version {LATEST_VERSION}",
            0 if version == LATEST_VERSION else 1,
            "" if version == LATEST_VERSION else f"it is at version {version}; opening it in Debrief updates it",
        )
    ]
    for table in TABLES:
        # Hashing whole rows makes DuckDB read (and checksum) every block of the table.
        read_all = f"SELECT CASE WHEN count(*) > 0 AND bit_xor(hash(t)) IS NULL THEN 1 ELSE 0 END FROM {table} t"  # noqa: S608
        findings.append(_count(con, f"all of {table} can be read", read_all))
    for rule, query in _LINK_RULES:
        findings.append(_count(con, rule, query))
    # A file column made from other tables (an interview's interviewers, their thank-you topics) has no
    # stored column to check.
    stored = {
        tuple(row) for row in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    }
    for kind, columns in FILES.items():
        for column in columns:
            if (kind, column.name) not in stored:
                continue
            where = f"{kind}.{column.name}"
            if column.kind in ("text", "email", "url", "names") and column.limit and column.kind != "names":
                findings.append(
                    _count(
                        con,
                        f"{where} is at most {column.limit:,} characters",
                        f"SELECT count(*) FROM {kind} WHERE length({column.name}) > ?",  # noqa: S608
                        [column.limit],
                    )
                )
            elif column.kind == "choice":
                findings.append(
                    _count(
                        con,
                        f"{where} is one of {', '.join(column.choices)}",
                        f"SELECT count(*) FROM {kind} WHERE {column.name} IS NULL OR NOT list_contains(?, {column.name})",  # noqa: S608
                        [list(column.choices)],
                    )
                )
            elif column.kind == "rating":
                required = f"{column.name} IS NULL OR " if column.required else ""
                findings.append(
                    _count(
                        con,
                        f"{where} is a rating from 1 to 5",
                        f"SELECT count(*) FROM {kind} WHERE {required}{column.name} NOT BETWEEN 1 AND 5",  # noqa: S608
                    )
                )
    return findings


def _count(con: duckdb.DuckDBPyConnection, rule: str, query: str, params: list | None = None) -> Finding:
    try:
        return Finding(rule, int(con.execute(query, params or []).fetchone()[0]))
    except duckdb.Error as error:
        return Finding(rule, -1, str(error).splitlines()[0])
