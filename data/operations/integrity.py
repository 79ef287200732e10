"""Checking a database: every table readable, every link resolvable, every rule of the schema still true.

DuckDB verifies a checksum for each block it reads, so reading every row of
every table finds a damaged file. The schema's constraints are checked again by
queries (each counts the rows that break one rule), so a file written by other
means, or an older Debrief, is held to the same rules as one written by this one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import duckdb

from data.store import schema
from data.store.db import schema_version
from data.store.schema import TABLES, Migration
from data.transfer.csv_format import FILES

STRUCTURE_RULE = "every table, column and rule of Debrief's schema is there as Debrief makes it"

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
        "every reflection draft belongs to an interview",
        "SELECT count(*) FROM reflection_drafts d WHERE NOT EXISTS (SELECT 1 FROM interviews i WHERE i.id = d.interview_id)",
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


def tables_at(version: int) -> tuple[str, ...]:
    """Those of TABLES a database at schema `version` has (all of them for a version Debrief does not know).

    A table a later migration adds (reflection_drafts, v6) is not expected of an
    older file, which opening it in Debrief brings up to date.
    """
    if not 0 < version <= schema.LATEST_VERSION:
        return tuple(TABLES)
    made = expected_structure(version).columns
    return tuple(table for table in TABLES if table in made)


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many rows each of Debrief's tables holds, in the order of TABLES (those its version has: `tables_at`)."""
    tables = tables_at(schema_version(con))
    # One statement; the table names are fixed text from TABLES.
    [counts] = con.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)).fetchall()  # noqa: S608
    return dict(zip(tables, counts, strict=True))


def check_database(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every check, in order: schema version, structure, a full read of each table, links, and the schema's rules."""
    version, latest = schema_version(con), schema.LATEST_VERSION
    findings = [
        Finding(
            f"the schema is at version {latest}",
            0 if version == latest else 1,
            "" if version == latest else f"it is at version {version}; opening it in Debrief updates it",
        )
    ]
    if 0 < version <= latest:
        different = structure_problems(con, version)
        findings.append(Finding(STRUCTURE_RULE, len(different), "; ".join(different[:5])))
    present = tables_at(version)
    for table in present:
        # Hashing whole rows makes DuckDB read (and checksum) every block of the table.
        read_all = f"SELECT CASE WHEN count(*) > 0 AND bit_xor(hash(t)) IS NULL THEN 1 ELSE 0 END FROM {table} t"  # noqa: S608
        findings.append(_count(con, f"all of {table} can be read", read_all))
    later = [table for table in TABLES if table not in present]
    for rule, query in _LINK_RULES:
        if not any(re.search(rf"\bFROM {table}\b", query) for table in later):
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
        [[count]] = con.execute(query, params or []).fetchall()
        return Finding(rule, int(count))
    except duckdb.Error as error:
        return Finding(rule, -1, unreadable_because(error))


def unreadable_because(error: duckdb.Error) -> str:
    """Why DuckDB could not read what a check asked, in words (its own first line when it is none of these)."""
    if isinstance(error, duckdb.IOException):
        return "part of the file cannot be read: it is cut short or damaged"
    if isinstance(error, duckdb.CatalogException | duckdb.BinderException):
        return "a table or column it needs is missing"
    return str(error).splitlines()[0]


# What describes the structure of Debrief's tables: columns (name, type, whether
# they may be empty, whether they have a default), their rules (kind and the
# columns each names, not its text, which DuckDB versions render differently),
# and the sequences that number new rows.
_COLUMNS = """
    SELECT table_name, column_name, data_type, is_nullable = 'YES', column_default IS NOT NULL
    FROM information_schema.columns
    WHERE table_schema = 'main' AND table_name IN (SELECT table_name FROM information_schema.tables
                                                   WHERE table_schema = 'main' AND table_type = 'BASE TABLE')
    ORDER BY table_name, ordinal_position
"""
_RULES = """
    SELECT table_name, constraint_type, list_sort(list_distinct(constraint_column_names))
    FROM duckdb_constraints() WHERE schema_name = 'main'
"""
_SEQUENCES = "SELECT sequence_name FROM duckdb_sequences() WHERE schema_name = 'main'"


@dataclass(frozen=True)
class Structure:
    """The tables, columns, rules and sequences of a database, as `structure_of` reads them."""

    columns: dict[str, tuple[tuple[str, str, bool, bool], ...]]
    rules: dict[str, Counter]
    sequences: frozenset[str]


def structure_of(con: duckdb.DuckDBPyConnection) -> Structure:
    """The structure of the database on `con`: its base tables' columns, their rules, its sequences."""
    columns: dict[str, list] = {}
    for table, column, kind, nullable, has_default in con.execute(_COLUMNS).fetchall():
        columns.setdefault(table, []).append((column, kind, nullable, has_default))
    rules: dict[str, Counter] = {}
    for table, kind, names in con.execute(_RULES).fetchall():
        rules.setdefault(table, Counter())[(kind, tuple(names))] += 1
    sequences = frozenset(name for (name,) in con.execute(_SEQUENCES).fetchall())
    return Structure({t: tuple(c) for t, c in columns.items()}, rules, sequences)


def expected_structure(version: int) -> Structure:
    """The structure Debrief's migrations give a database at schema `version` (built once, in memory).

    The `schema_version` table itself is left out: `schema_version()` reads
    only its `version` column, and a file whose table lacks it is refused
    before this is asked.
    """
    return _structure_made_by(tuple(m for m in schema.MIGRATIONS if m.version <= version))


@cache
def _structure_made_by(migrations: tuple[Migration, ...]) -> Structure:
    with duckdb.connect() as con:
        for migration in migrations:
            for statement in migration.statements:
                con.execute(statement)
        return structure_of(con)


def structure_problems(con: duckdb.DuckDBPyConnection, version: int) -> list[str]:
    """How the database on `con` differs from Debrief's schema at `version`, one phrase per difference.

    Every table, column, rule and sequence Debrief's migrations create must be
    there as they create it: a missing table or column, a column of another
    type, one that may be empty where Debrief's may not, a missing default or
    rule (a key, a link, a check) are each named. Columns Debrief does not know
    in its own tables count too; tables of other names are left alone.
    Returns [] for a database with Debrief's structure.
    """
    expected, found = expected_structure(version), structure_of(con)
    absent = [table for table in expected.columns if table not in found.columns]
    # Most telling first: whole tables missing, then missing columns, then everything else.
    problems = [
        f"the table {absent[0]} is missing" if len(absent) == 1 else f"the tables {', '.join(absent)} are missing"
    ] * bool(absent)
    others = []
    for table, columns in expected.columns.items():
        if table in absent:
            continue
        have = {c[0]: c for c in found.columns[table]}
        lacking = [c[0] for c in columns if c[0] not in have]
        if lacking:
            names = ", ".join(lacking[:4]) + (", …" if len(lacking) > 4 else "")
            problems.append(
                f"the table {table} lacks {len(lacking)} of its {len(columns)} columns ({names})"
                if len(lacking) > 1
                else f"the column {table}.{lacking[0]} is missing"
            )
        for name, kind, nullable, has_default in columns:
            column = f"{table}.{name}"
            if name not in have:
                continue
            _, their_kind, their_nullable, their_default = have[name]
            if their_kind != kind:
                others.append(f"the column {column} holds {their_kind} instead of {kind}")
            elif their_nullable != nullable:
                others.append(f"the column {column} {'may' if their_nullable else 'may not'} be empty")
            elif their_default != has_default:
                others.append(f"the column {column} {'lacks its' if has_default else 'has a'} default value")
        unknown = [c[0] for c in found.columns[table] if c[0] not in {c[0] for c in columns}]
        if unknown:
            others.append(f"the table {table} has columns Debrief does not know ({', '.join(unknown[:4])})")
        missing_rules = sorted((expected.rules.get(table, Counter()) - found.rules.get(table, Counter())).elements())
        if missing_rules and not lacking:
            rules = ", ".join(f"{kind.lower()} on {', '.join(names)}" for kind, names in missing_rules[:3])
            more = ", …" if len(missing_rules) > 3 else ""
            others.append(f"the table {table} lacks {len(missing_rules)} of its rules ({rules}{more})")
    others.extend(f"the sequence {name} is missing" for name in sorted(expected.sequences - found.sequences))
    return problems + others
