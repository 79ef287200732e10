"""Importing a job search: Debrief's own CSV files and other trackers' exports.

Three steps, so that nothing is written before the user has seen what will be:
1. `prepare_import(files)` reads and checks the files, without the database:
   which format each file is in, and every problem with file, row and column.
2. `preview_import(con, plan)` compares it with the database: what will be
   added, what is already there (same company, role and date applied), what is
   skipped.
3. `run_import(db, plan)` writes it all in one transaction, as sets of rows,
   with new ids: it all goes in, or (on any problem) nothing does.

The ids in Debrief's files only link the rows of one import to each other.
Importing restores history as written: it plans no follow-ups of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import duckdb
import numpy as np
import pandas as pd

from data.store.bulk import insert_frame, new_ids
from data.store.db import Database
from data.store.errors import DebriefError
from data.store.reads import has_any_application
from data.store.schema import MIGRATIONS, NAME_MAX
from data.transfer.csv_format import FILES, LIST_SEPARATOR, column_names, file_name, required_columns
from data.transfer.foreign_formats import (
    TrackerRows,
    guess_mapping,
    missing_fields,
    read_tracker,
    recognise,
    spreadsheet_tracker,
)
from data.transfer.import_checks import Checker
from data.transfer.import_files import (
    ImportProblem,
    RawTable,
    count_problems,
    merge_alike,
    problems_of_a_kind,
    read_uploads,
)

Progress = Callable[[float, str], None]
APPLICATION_COLUMNS = ["company", "role", "location", "source", "url", "applied_on", "responded_on", "status", "notes"]


@dataclass
class DebriefFile:
    """One of Debrief's five files, read: typed values indexed by spreadsheet row."""

    kind: str
    table: RawTable
    values: pd.DataFrame


@dataclass
class Spreadsheet:
    """A file in no format Debrief knows: it needs the user to say which column is which."""

    table: RawTable
    guess: dict[str, str | None]


@dataclass
class ImportPlan:
    """What the uploaded files hold, read and checked; nothing about the database yet."""

    debrief: dict[str, DebriefFile] = field(default_factory=dict)
    trackers: list[TrackerRows] = field(default_factory=list)
    spreadsheets: list[Spreadsheet] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    formats: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Whether it may be imported: no problems and no spreadsheet waiting for its columns."""
        return not self.problems and not self.spreadsheets

    @property
    def problem_count(self) -> int:
        """How many problems the files have, counting those summed up as "…and N more like it"."""
        return count_problems(self.problems)

    def problems_only(self) -> ImportPlan:
        """The plan without the rows read: what a refused import needs to be shown, in far less memory."""
        return ImportPlan(problems=self.problems, notes=self.notes, formats=self.formats)

    def problem_table(self) -> pd.DataFrame:
        """The problems as a table: file, row, column, problem; by file (as given), then row.

        A problem standing for more rows says so after its message ("…and 41 more like it.")."""
        table = pd.DataFrame(
            [
                (p.file, p.row, p.column, p.message + (f" …and {p.more:,} more like it." if p.more else ""))
                for p in self.problems
            ],
            columns=["file", "row", "column", "problem"],
        ).astype({"row": "Int64"})
        order = {name: i for i, name in enumerate(dict.fromkeys(table["file"]))}
        return table.sort_values(
            ["file", "row"], key=lambda c: c.map(order) if c.name == "file" else c, na_position="first", kind="stable"
        ).reset_index(drop=True)


def prepare_import(
    files: list[tuple[str, bytes]], mappings: dict[str, dict[str, str | None]] | None = None
) -> ImportPlan:
    """Read and check `files` (name and content each; zips are opened).

    `mappings` gives, for a spreadsheet of unknown shape (by file name), which
    of its columns holds each application field; without one, the spreadsheet
    waits in `plan.spreadsheets` with a guess.
    """
    mappings = mappings or {}
    tables, problems = read_uploads(files)
    plan = ImportPlan(problems=problems)
    if not tables and not problems:
        plan.problems.append(ImportProblem("(upload)", None, None, "No files were given."))
    for table in tables:
        plan.problems += table.problems
        kind = _debrief_kind(table)
        tracker = None if kind else recognise(table.header)
        if kind is not None:
            if kind in plan.debrief:
                plan.problems.append(
                    ImportProblem(table.name, None, None, f"is a second {file_name(kind)}; import one at a time.")
                )
                continue
            plan.debrief[kind] = _read_debrief(kind, table, plan)
            plan.formats.append((table.name, f"Debrief {file_name(kind)}", len(table.rows)))
        elif tracker is not None:
            plan.trackers.append(read_tracker(table, tracker))
            plan.formats.append((table.name, tracker.label, len(table.rows)))
        elif table.name in mappings:
            mapping = mappings[table.name]
            missing = missing_fields(mapping)
            if missing:
                plan.spreadsheets.append(Spreadsheet(table, mapping))
            else:
                plan.trackers.append(read_tracker(table, spreadsheet_tracker(mapping)))
                plan.formats.append((table.name, "Spreadsheet (your column choices)", len(table.rows)))
        elif len([c for c in table.header if c]) < 3:
            plan.problems.append(
                ImportProblem(
                    table.name,
                    None,
                    None,
                    "is not a table Debrief can read: it needs a header row with a column for the company, "
                    "the role and the date applied at least.",
                )
            )
        else:
            plan.spreadsheets.append(Spreadsheet(table, guess_mapping(table.header)))
            plan.formats.append((table.name, "Spreadsheet (choose its columns)", len(table.rows)))
    for rows in plan.trackers:
        plan.problems += rows.problems
    _check_links(plan)
    plan.problems = merge_alike(plan.problems)
    return plan


def _debrief_kind(table: RawTable) -> str | None:
    """Which of Debrief's files this is: by its name, or by a header that has that file's required columns."""
    stem = PurePosixPath(table.base_name).stem.casefold().replace("-", "_").replace(" ", "_")
    if stem in FILES:
        return stem
    header = {c.casefold() for c in table.header}
    fitting = [
        kind
        for kind in FILES
        if set(required_columns(kind)) <= header and len(header & set(column_names(kind))) >= len(header) / 2
    ]
    return max(fitting, key=lambda k: len(header & set(column_names(k))), default=None)


def _read_debrief(kind: str, table: RawTable, plan: ImportPlan) -> DebriefFile:
    """Every column of one of Debrief's files, read and checked cell by cell."""
    check = Checker(table.name, unquote=True)
    by_name = {c.casefold(): c for c in table.header if c}
    known = {c.casefold() for c in column_names(kind)}
    for missing in (c for c in required_columns(kind) if c not in by_name):
        check.problems.append(
            ImportProblem(
                table.name,
                table.header_row,
                missing,
                f"this column is missing; {file_name(kind)} needs {', '.join(required_columns(kind))}.",
            )
        )
    left_out = [c for c in table.header if c and c.casefold() not in known]
    if left_out:
        plan.notes.append(f"{table.name}: columns not in Debrief's format are left out: {', '.join(left_out)}.")
    rows = table.rows
    values = pd.DataFrame(index=rows.index)
    for column in FILES[kind]:
        present = column.name in by_name and not any(
            p.column == column.name and p.row == table.header_row for p in check.problems
        )
        cells = rows[by_name[column.name]] if present else pd.Series(None, index=rows.index, dtype="str")
        name, required = column.name, column.required and present
        if column.kind in ("id", "link"):
            values[name] = check.whole_number(cells, name, is_required=required and column.kind == "link")
        elif column.kind == "links":
            values[name] = _id_lists(cells, name, check)
        elif column.kind == "text":
            values[name] = check.text(cells, name, column.limit, is_required=required)
        elif column.kind == "email":
            values[name] = check.email(cells, name, column.limit)
        elif column.kind == "url":
            values[name] = check.url(cells, name, column.limit)
        elif column.kind == "names":
            values[name] = _names(cells, name, check)
        elif column.kind == "date":
            values[name] = check.date(cells, name, is_required=required)
        elif column.kind == "time":
            values[name] = check.time(cells, name, is_required=required)
        elif column.kind == "choice":
            values[name] = check.choice(cells, name, column.choices, column.default, is_required=required)
        elif column.kind == "rating":
            values[name] = check.rating(cells, name, is_required=required)
    if kind == "applications":
        check.not_before(values["responded_on"], values["applied_on"], "responded_on", "the date applied")
    if kind == "interviews":
        check.not_before(values["heard_back_on"], values["held_at"], "heard_back_on", "the interview")
    _unique(values["id"], "id", check, "appears in more than one row (rows {rows}); each row needs its own id.")
    if kind == "reflections":
        _unique(
            values["interview_id"],
            "interview_id",
            check,
            "has more than one reflection (rows {rows}); an interview has one reflection.",
        )
    plan.problems += check.problems
    return DebriefFile(kind, table, values)


def _unique(ids: pd.Series, column: str, check: Checker, message: str) -> None:
    """One problem for each value found in more than one row, at its first row, naming the rows (ten at most)."""
    repeated = ids[ids.notna() & ids.duplicated(keep=False)]
    firsts = repeated[~repeated.duplicated()]

    def worded(value: object) -> str:
        rows = repeated.index[(repeated == value).to_numpy()]
        listed = ", ".join(str(r) for r in rows[:10]) + (f" and {len(rows) - 10:,} more" if len(rows) > 10 else "")
        return f"{value} " + message.format(rows=listed)

    check.each(firsts, column, worded)


def _split(cells: pd.Series, check: Checker) -> pd.Series:
    """The parts of each filled cell separated by ';', trimmed, without empty ones (empty cells left out)."""
    texts = check.texts(cells).dropna()
    parts = [[part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()] for text in texts]
    return pd.Series(parts, index=texts.index, dtype=object)


def _names(cells: pd.Series, column: str, check: Checker) -> pd.Series:
    """Names separated by ';', each within the length of a name: a list for each filled cell, no value for the others."""
    lists = _split(cells, check)
    each = lists.explode().dropna().astype(object)
    too_long = each[each.map(len) > NAME_MAX] if len(each) else each
    check.each(too_long, column, lambda v: f"the name '{v[:40]}…' is over {NAME_MAX} characters.")
    return lists.reindex(cells.index)


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _id_lists(cells: pd.Series, column: str, check: Checker) -> pd.Series:
    """Ids separated by ';': a list for each filled cell, no value for the others."""
    lists = _split(cells, check)
    bad = lists.map(lambda ids: next((i for i in ids if not _is_id(i)), None)).dropna()
    check.each(bad, column, lambda v: f"'{v}' is not an id (a whole number).")
    return lists.map(lambda ids: [int(i) for i in ids if _is_id(i)]).reindex(cells.index)


# Which column of which file links to which file.
_LINKS = (
    ("interviews", "application_id", "applications"),
    ("reflections", "interview_id", "interviews"),
    ("follow_ups", "application_id", "applications"),
    ("follow_ups", "interview_id", "interviews"),
    ("follow_ups", "contact_id", "contacts"),
)


def _check_links(plan: ImportPlan) -> None:
    """Every id that links to another file must name one of its rows."""
    files = plan.debrief
    for kind, column, target in _LINKS:
        if kind not in files:
            continue
        source = files[kind]
        known = set(files[target].values["id"].dropna()) if target in files else set()
        links = source.values[column]
        dangling = links[links.notna() & ~links.isin(known)]
        plan.problems += problems_of_a_kind(
            source.table.name,
            column,
            dangling,
            lambda value, target=target: _no_such_row(value, target, target in files),
        )
    if "applications" in files and "contacts" in plan.debrief:
        known = set(files["contacts"].values["id"].dropna())
    else:
        known = set()
    if "applications" in files:
        source = files["applications"]
        references = source.values["reference_ids"].explode().dropna()
        plan.problems += problems_of_a_kind(
            source.table.name,
            "reference_ids",
            references[~references.isin(known)],
            lambda value: _no_such_row(value, "contacts", "contacts" in files),
        )
    if "reflections" in files and "interviews" in files and len(files["reflections"].values):
        held = files["interviews"].values.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["held_at"]
        reflections = files["reflections"].values
        when = pd.to_datetime(reflections["interview_id"].map(held))
        ahead = (when.notna() & (when > pd.Timestamp(datetime.now()))).to_numpy()
        pairs = pd.Series(
            list(zip(reflections["interview_id"][ahead], when[ahead], strict=True)),
            index=reflections.index[ahead],
            dtype=object,
        )
        plan.problems += problems_of_a_kind(
            files["reflections"].table.name,
            "interview_id",
            pairs,
            lambda pair: (
                f"interview {pair[0]} has not happened yet ({pair[1]:%Y-%m-%d %H:%M}); "
                "a reflection comes after the interview."
            ),
        )
    if "follow_ups" in files and "interviews" in files:
        follow_ups = files["follow_ups"].values
        interview_app = files["interviews"].values.set_index("id")["application_id"]
        interview_app = interview_app[interview_app.index.notna()]
        interview_app = interview_app[~interview_app.index.duplicated()]
        linked = follow_ups[follow_ups["interview_id"].notna() & follow_ups["interview_id"].isin(interview_app.index)]
        theirs = linked["interview_id"].map(interview_app)
        wrong = theirs.ne(linked["application_id"]).fillna(False).astype(bool).to_numpy()
        triples = pd.Series(
            list(zip(linked["application_id"][wrong], linked["interview_id"][wrong], theirs[wrong], strict=True)),
            index=linked.index[wrong],
            dtype=object,
        )
        plan.problems += problems_of_a_kind(
            files["follow_ups"].table.name,
            "application_id",
            triples,
            lambda t: f"is {t[0]}, but interview {t[1]} belongs to application {t[2]}.",
        )


def _no_such_row(value: object, target: str, present: bool) -> str:
    if present:
        return f"{value} links to no row of {file_name(target)}."
    return f"{value} links to {file_name(target)}, which is not among the files imported."


# ---------------------------------------------------------------------------
# Comparing with the database


@dataclass
class ImportPreview:
    """What importing the plan would do to the database as it is now."""

    added: dict[str, int]
    contacts_matched: int
    new_applications: pd.DataFrame
    duplicates: pd.DataFrame
    skipped: pd.DataFrame
    status_mapping: pd.DataFrame
    column_mapping: pd.DataFrame


@dataclass
class _Incoming:
    """The plan's rows ready to write, with the duplicates against the database marked."""

    applications: pd.DataFrame
    interviews: pd.DataFrame
    reflections: pd.DataFrame
    follow_ups: pd.DataFrame
    contacts: pd.DataFrame
    duplicates: pd.DataFrame


def _applications(plan: ImportPlan) -> pd.DataFrame:
    """Every incoming application in one frame: where it came from, its values, its file id."""
    parts = []
    if "applications" in plan.debrief:
        file = plan.debrief["applications"]
        part = file.values[[*APPLICATION_COLUMNS, "id", "reference_ids", "about"]].copy()
        part["file"], part["row"], part["foreign"] = file.table.name, part.index, False
        parts.append(part.rename(columns={"id": "file_id"}))
    for rows in plan.trackers:
        part = rows.applications.reindex(columns=APPLICATION_COLUMNS)
        part["file"], part["row"], part["foreign"] = rows.table.name, part.index, True
        part["file_id"] = pd.array([pd.NA] * len(part), dtype="Int64")
        part["reference_ids"] = pd.Series(None, index=part.index, dtype=object)
        part["about"] = pd.Series(None, index=part.index, dtype=object)
        parts.append(part)
    if not parts:
        return pd.DataFrame(
            columns=[*APPLICATION_COLUMNS, "file_id", "reference_ids", "about", "file", "row", "foreign"]
        )
    frame = pd.concat(parts, ignore_index=True)
    for column in ("applied_on", "responded_on"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame


def _mark_duplicates(con: duckdb.DuckDBPyConnection, apps: pd.DataFrame) -> pd.Series:
    """Why each incoming application is a duplicate ('' when it is not).

    A duplicate has the same company, role and date applied (ignoring case and
    surrounding spaces) as an application already in the database or, for
    other trackers' rows, as an earlier row of this import.
    """
    why = pd.Series(np.full(len(apps), "", dtype=object), index=apps.index, dtype=object)
    if apps.empty:
        return why
    keys = (
        apps[["company", "role", "applied_on"]]
        .reset_index(drop=True)
        .assign(pos=np.arange(len(apps)), foreign=apps["foreign"].astype(bool).to_numpy())
    )
    con.register("incoming_keys", keys)
    try:
        # Only the duplicates come back; an earlier row is looked for among other trackers' rows alone.
        found = con.execute(
            """
            WITH k AS (
                SELECT pos, lower(trim(company)) AS company, lower(trim(role)) AS role,
                       CAST(applied_on AS DATE) AS applied_on, "foreign"
                FROM incoming_keys
            ),
            in_debrief AS (
                SELECT pos FROM k
                WHERE EXISTS (
                    SELECT 1 FROM applications e
                    WHERE lower(trim(e.company)) = k.company AND lower(trim(e.role)) = k.role
                      AND e.applied_on = k.applied_on
                )
            ),
            repeated AS (
                SELECT pos FROM k WHERE "foreign"
                QUALIFY row_number() OVER (PARTITION BY company, role, applied_on ORDER BY pos) > 1
            )
            SELECT pos, 'already in Debrief' AS why FROM in_debrief
            UNION ALL
            SELECT pos, 'earlier in this import' FROM repeated WHERE pos NOT IN (SELECT pos FROM in_debrief)
            """
        ).fetchall()
    finally:
        con.unregister("incoming_keys")
    for position, reason in found:
        why.iat[position] = reason
    return why


def _incoming(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> _Incoming:
    apps = _applications(plan)
    why = _mark_duplicates(con, apps)
    duplicate = why != ""
    duplicates = apps.loc[duplicate, ["file", "row", "company", "role", "applied_on"]].assign(why=why[duplicate])
    kept_apps = apps[~duplicate].reset_index(drop=True)
    kept_file_ids = kept_apps["file_id"].dropna()

    def from_file(kind: str) -> pd.DataFrame:
        if kind not in plan.debrief:
            return pd.DataFrame(columns=column_names(kind))
        return plan.debrief[kind].values.reset_index(drop=True)

    interviews = from_file("interviews")
    interviews = interviews[interviews["application_id"].isin(kept_file_ids)]
    kept_interviews = interviews["id"].dropna()
    reflections = from_file("reflections")
    reflections = reflections[reflections["interview_id"].isin(kept_interviews)]
    follow_ups = from_file("follow_ups")
    follow_ups = follow_ups[follow_ups["application_id"].isin(kept_file_ids)]
    return _Incoming(
        kept_apps,
        interviews.reset_index(drop=True),
        reflections.reset_index(drop=True),
        follow_ups.reset_index(drop=True),
        from_file("contacts"),
        duplicates.reset_index(drop=True),
    )


def _existing_contacts(con: duckdb.DuckDBPyConnection, contacts: pd.DataFrame) -> pd.Series:
    """For each incoming contact, the id of the same contact already in the database, if any.

    The same contact has the same name, kind and company, ignoring case.
    """
    if contacts.empty:
        return pd.Series([], dtype="Int64")
    keys = pd.DataFrame(
        {
            "pos": np.arange(len(contacts)),
            "name": contacts["name"].astype(object),
            "kind": contacts["kind"].astype(object),
            "company": contacts["company"].astype(object),
        }
    )
    con.register("incoming_contact_keys", keys)
    try:
        found = con.execute(
            """
            SELECT k.pos, min(c.id) AS id
            FROM incoming_contact_keys k
            LEFT JOIN contacts c
              ON lower(trim(c.name)) = lower(trim(k.name)) AND c.kind = k.kind
             AND lower(coalesce(c.company, '')) = lower(coalesce(k.company, ''))
            GROUP BY k.pos ORDER BY k.pos
            """
        ).df()
    finally:
        con.unregister("incoming_contact_keys")
    return found["id"].astype("Int64").set_axis(contacts.index)


def preview_without_writing(path: Path, plan: ImportPlan) -> ImportPreview:
    """What importing `plan` into the database at `path` would add, writing nothing anywhere.

    An existing database is opened read-only. Where there is none, the plan is
    compared with an empty database in memory, which is what the import would
    start from: no folder or file is made.
    """
    if path.exists():
        db = Database(path, read_only=True)
        try:
            return preview_import(db.cursor(), plan)
        finally:
            db.close()
    con = duckdb.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for statement in migration.statements:
                con.execute(statement)
        return preview_import(con, plan)
    finally:
        con.close()


def preview_import(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> ImportPreview:
    """What `run_import` would add to the database `con` reads, and what it would leave out."""
    incoming = _incoming(con, plan)
    matched = _existing_contacts(con, incoming.contacts)
    new_apps = incoming.applications[["file", "row", "company", "role", "applied_on", "status", "source"]]
    skipped = [rows.skipped for rows in plan.trackers if not rows.skipped.empty]
    mapping = [rows.status_mapping for rows in plan.trackers if rows.tracker.columns.get("status")]
    columns = [rows.column_mapping for rows in plan.trackers]
    return ImportPreview(
        added={
            "applications": len(incoming.applications),
            "interviews": len(incoming.interviews),
            "reflections": len(incoming.reflections),
            "contacts": int(matched.isna().sum()),
            "follow_ups": len(incoming.follow_ups),
        },
        contacts_matched=int(matched.notna().sum()),
        new_applications=new_apps,
        duplicates=incoming.duplicates,
        skipped=pd.concat(skipped, ignore_index=True)
        if skipped
        else pd.DataFrame(columns=["file", "row", "company", "role", "reason"]),
        status_mapping=pd.concat(mapping, ignore_index=True)
        if mapping
        else pd.DataFrame(columns=["file", "their status", "becomes", "rows"]),
        column_mapping=pd.concat(columns, ignore_index=True)
        if columns
        else pd.DataFrame(columns=["file", "their column", "becomes"]),
    )


# ---------------------------------------------------------------------------
# Writing


@dataclass
class ImportResult:
    """What an import added, and the backup taken first (None for an empty database)."""

    added: dict[str, int]
    duplicates: int
    skipped: int
    backup: Path | None


_SINGULAR = {
    "applications": "application",
    "interviews": "interview",
    "reflections": "reflection",
    "contacts": "contact",
    "follow_ups": "follow-up",
}


def describe_counts(counts: dict[str, int]) -> str:
    """Counts by table in words: "12 applications, 1 interview" (tables with none are left out)."""
    words = [
        f"{n:,} {_SINGULAR[kind] if n == 1 else _SINGULAR[kind] + 's'}"
        for kind, n in counts.items()
        if n and kind in _SINGULAR
    ]
    return ", ".join(words) or "nothing new"


class ImportRefused(DebriefError):
    """The plan has problems (or columns still to choose); nothing was written."""

    title = "Nothing was imported"


def run_import(db: Database, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write the plan into `db` in one transaction, all of it or (on any error) nothing.

    A backup of the database is taken first when it holds any application.
    Raises `ImportRefused` when the plan is not ready.
    """
    if not plan.ready:
        raise ImportRefused(
            f"{plan.problem_count:,} problem(s) in the files; nothing was imported."
            if plan.problems
            else "Choose the columns of each spreadsheet first; nothing was imported."
        )
    report = progress or (lambda fraction, text: None)
    report(0.0, "Taking a backup")
    backup = db.backup("before-import") if _has_applications(db) else None
    added: dict[str, int] = {}
    with db.transaction() as cur:
        report(0.1, "Comparing with your applications")
        incoming = _incoming(cur, plan)
        matched = _existing_contacts(cur, incoming.contacts)
        report(0.2, "Adding contacts")
        contact_ids, added["contacts"] = _write_contacts(cur, incoming.contacts, matched)
        report(0.3, "Adding applications")
        new_app_ids, added["applications"] = _write_applications(cur, incoming.applications)
        _write_references(cur, incoming.applications, new_app_ids, contact_ids)
        app_ids = _id_map(incoming.applications["file_id"], new_app_ids)
        report(0.5, "Adding interviews")
        interview_ids, added["interviews"] = _write_interviews(cur, incoming.interviews, app_ids)
        added["contacts"] += _write_interviewers(
            cur, incoming.interviews, interview_ids, incoming.applications, app_ids, incoming.contacts, contact_ids
        )
        _write_interviewer_topics(cur, incoming.interviews, interview_ids)
        report(0.7, "Adding reflections")
        added["reflections"] = _write_reflections(cur, incoming.reflections, interview_ids)
        report(0.85, "Adding follow-ups")
        added["follow_ups"] = _write_follow_ups(cur, incoming.follow_ups, app_ids, interview_ids, contact_ids)
        report(0.95, "Saving")
    report(1.0, "Done")
    skipped = sum(len(rows.skipped) for rows in plan.trackers)
    in_order = {kind: added[kind] for kind in ("applications", "interviews", "reflections", "contacts", "follow_ups")}
    return ImportResult(in_order, len(incoming.duplicates), skipped, backup)


def _has_applications(db: Database) -> bool:
    cur = db.cursor()
    try:
        return has_any_application(cur)
    finally:
        cur.close()


# From the ids in a file to the ids Debrief gave the same rows: a Series indexed by file id.
IdMap = pd.Series


def _id_map(file_ids: pd.Series, new: np.ndarray) -> IdMap:
    """The ids Debrief gave the rows of a file, by the ids the file gave them (rows without one left out)."""
    present = file_ids.notna().to_numpy()
    return pd.Series(np.asarray(new, dtype="int64")[present], index=file_ids[present].astype("int64").to_numpy())


def _remap(links: pd.Series, ids: IdMap) -> pd.Series:
    """Links by file id turned into links by Debrief's id (no value where there was none): a join on the id."""
    return links.astype("Int64").map(ids).astype("Int64")


def _write_contacts(cur, contacts: pd.DataFrame, matched: pd.Series) -> tuple[IdMap, int]:
    fresh = contacts[matched.isna().to_numpy()]
    ids = new_ids(cur, "contacts", len(fresh))
    columns = ["name", "kind", "email", "phone", "company", "title", "relationship", "notes"]
    insert_frame(cur, "contacts", fresh[columns].assign(id=ids))
    mapping = pd.concat(
        [_id_map(contacts["id"][matched.notna().to_numpy()], matched.dropna().to_numpy()), _id_map(fresh["id"], ids)]
    )
    return mapping, len(fresh)


def _write_applications(cur, apps: pd.DataFrame) -> tuple[np.ndarray, int]:
    ids = new_ids(cur, "applications", len(apps))
    insert_frame(cur, "applications", apps[[*APPLICATION_COLUMNS, "about"]].assign(id=ids))
    return ids, len(apps)


def _write_references(cur, apps: pd.DataFrame, app_ids: np.ndarray, contact_ids: IdMap) -> None:
    if apps["reference_ids"].isna().all():
        return
    pairs = pd.DataFrame({"application_id": app_ids, "contact": apps["reference_ids"].to_numpy()}).explode("contact")
    pairs = pairs.dropna(subset=["contact"])
    pairs["contact_id"] = _remap(pairs["contact"].astype("Int64"), contact_ids)
    insert_frame(cur, "application_references", pairs[["application_id", "contact_id"]].drop_duplicates())


def _write_interviews(cur, interviews: pd.DataFrame, app_ids: IdMap) -> tuple[IdMap, int]:
    ids = new_ids(cur, "interviews", len(interviews))
    columns = ["stage", "format", "held_at", "outcome", "heard_back_on", "feedback", "no_answer_on"]
    frame = interviews[columns].assign(id=ids, application_id=_remap(interviews["application_id"], app_ids))
    insert_frame(cur, "interviews", frame)
    return _id_map(interviews["id"], ids), len(interviews)


def _write_interviewers(
    cur,
    interviews: pd.DataFrame,
    interview_ids: IdMap,
    apps: pd.DataFrame,
    app_ids: IdMap,
    contacts: pd.DataFrame,
    contact_ids: IdMap,
) -> int:
    """Link each interview to its interviewers by name; return how many interviewer contacts were created.

    A name is matched, ignoring case, to a contact of the interview's company:
    first one from the imported contacts (interviewers before other kinds),
    then an interviewer already in Debrief; a name matched to none becomes a
    new interviewer contact of that company, as when typed in the interview form.
    """
    if interviews.empty:
        return 0
    linked = apps[apps["file_id"].notna()]
    company_of_app = pd.Series(linked["company"].to_numpy(), index=linked["file_id"].astype("int64").to_numpy())
    names = pd.DataFrame(
        {
            "interview_id": _remap(interviews["id"], interview_ids),
            "company": interviews["application_id"].astype("Int64").map(company_of_app),
            "name": interviews["interviewers"],
        }
    ).explode("name")
    names = names.dropna(subset=["name"]).reset_index(drop=True)
    if names.empty:
        return 0
    names["key"] = list(zip(names["name"].str.casefold(), names["company"].str.casefold(), strict=True))

    in_file: dict[tuple[str, str], int] = {}
    if not contacts.empty:
        ordered = contacts.assign(not_interviewer=contacts["kind"] != "interviewer", order=range(len(contacts)))
        for row in ordered.sort_values(["not_interviewer", "order"]).itertuples():
            key = (row.name.casefold(), (row.company if isinstance(row.company, str) else "").casefold())
            in_file.setdefault(key, contact_ids[int(row.id)] if pd.notna(row.id) else None)
    names["contact_id"] = pd.array([in_file.get(k) for k in names["key"]], dtype="Int64")

    unmatched = names[names["contact_id"].isna()]
    if not unmatched.empty:
        lookup = unmatched[["name", "company"]].drop_duplicates().astype(object)
        cur.register("incoming_interviewer_names", lookup)
        try:
            found = cur.execute(
                """
                SELECT n.name, n.company, min(c.id) AS contact_id
                FROM incoming_interviewer_names n JOIN contacts c
                  ON c.kind = 'interviewer' AND lower(c.name) = lower(n.name)
                 AND lower(coalesce(c.company, '')) = lower(n.company)
                GROUP BY n.name, n.company
                """
            ).df()
        finally:
            cur.unregister("incoming_interviewer_names")
        in_db = {(n, c): int(i) for n, c, i in found.itertuples(index=False)}
        names["contact_id"] = names["contact_id"].fillna(
            pd.Series([in_db.get((n, c)) for n, c in zip(names["name"], names["company"], strict=True)], dtype="Int64")
        )

    created = names[names["contact_id"].isna()].drop_duplicates("key")
    ids = new_ids(cur, "contacts", len(created))
    insert_frame(
        cur,
        "contacts",
        pd.DataFrame(
            {
                "id": ids,
                "name": created["name"].to_numpy(),
                "kind": "interviewer",
                "company": created["company"].to_numpy(),
            }
        ),
    )
    new_by_key = dict(zip(created["key"], ids, strict=True))
    names["contact_id"] = names["contact_id"].fillna(names["key"].map(new_by_key).astype("Int64"))
    insert_frame(cur, "interview_interviewers", names[["interview_id", "contact_id"]].drop_duplicates())
    return len(created)


def _write_interviewer_topics(cur, interviews: pd.DataFrame, interview_ids: IdMap) -> None:
    """Give each linked interviewer the thank-you topic of their "Name: topic" line, matched ignoring case."""
    lines = pd.DataFrame(
        {"interview_id": _remap(interviews["id"], interview_ids), "line": interviews["interviewer_topics"]}
    ).dropna(subset=["line"])
    if lines.empty:
        return
    lines["line"] = lines["line"].str.split("\n")
    lines = lines.explode("line")
    parts = lines["line"].str.partition(": ")
    topics = pd.DataFrame(
        {"interview_id": lines["interview_id"], "name": parts[0].str.strip(), "topic": parts[2].str.strip()}
    )
    topics = topics[(parts[1] != "") & (topics["topic"] != "")].astype(object)
    if topics.empty:
        return
    cur.register("incoming_interviewer_topics", topics)
    try:
        cur.execute(
            """
            UPDATE interview_interviewers AS ii SET thank_you_topic = t.topic
            FROM incoming_interviewer_topics t, contacts c
            WHERE c.id = ii.contact_id AND ii.interview_id = t.interview_id AND lower(c.name) = lower(t.name)
            """
        )
    finally:
        cur.unregister("incoming_interviewer_topics")


def _write_reflections(cur, reflections: pd.DataFrame, interview_ids: IdMap) -> int:
    ids = new_ids(cur, "reflections", len(reflections))
    now = pd.Timestamp(datetime.now().replace(second=0, microsecond=0))
    frame = reflections.drop(columns=["id"]).assign(
        id=ids,
        interview_id=_remap(reflections["interview_id"], interview_ids),
        written_at=reflections["written_at"].fillna(now),
    )
    return insert_frame(cur, "reflections", frame)


def _write_follow_ups(
    cur,
    follow_ups: pd.DataFrame,
    app_ids: IdMap,
    interview_ids: IdMap,
    contact_ids: IdMap,
) -> int:
    ids = new_ids(cur, "follow_ups", len(follow_ups))
    frame = follow_ups.drop(columns=["id"]).assign(
        id=ids,
        application_id=_remap(follow_ups["application_id"], app_ids),
        interview_id=_remap(follow_ups["interview_id"], interview_ids),
        contact_id=_remap(follow_ups["contact_id"], contact_ids),
    )
    return insert_frame(cur, "follow_ups", frame)
