"""Reading an import: the uploaded files turned into checked tables, one kind for each format.

`prepare_import(files)` is the first of the import's three steps, and needs no
database: it tells which format each file is in (one of Debrief's five files,
another tracker's export, or a spreadsheet whose columns the user chooses),
reads every cell, and finds every problem with file, row and column, links
between Debrief's files included. The ids in Debrief's files only link the
rows of one import to each other.

Then `import_preview` compares the plan with the database, and `import_writing`
writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import cast

import pandas as pd

from data.store.schema import NAME_MAX
from data.transfer.csv_format import FILES, LIST_SEPARATOR, Column, column_names, file_name, required_columns
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
            values[name] = check.email(cells, name, _limit(column))
        elif column.kind == "url":
            values[name] = check.url(cells, name, _limit(column))
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


def _limit(column: Column) -> int:
    """The length limit of a column that must have one (every email and url column of the format does)."""
    if column.limit is None:
        raise ValueError(f"the column {column.name} of Debrief's format has no length limit")
    return column.limit


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
    check.each(too_long, column, lambda v: f"the name '{str(v)[:40]}…' is over {NAME_MAX} characters.")
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
    """Every id that links to another file must name one of its rows, and linked rows must agree."""
    files = plan.debrief
    for kind, column, target in _LINKS:
        if kind in files:
            plan.problems += _dangling(files, kind, column, target, files[kind].values[column])
    if "applications" in files:
        references = files["applications"].values["reference_ids"].explode().dropna()
        plan.problems += _dangling(files, "applications", "reference_ids", "contacts", references)
    if "reflections" in files and "interviews" in files and len(files["reflections"].values):
        plan.problems += _reflections_before_their_interview(files["reflections"], files["interviews"])
    if "follow_ups" in files and "interviews" in files:
        plan.problems += _follow_ups_of_another_application(files["follow_ups"], files["interviews"])


def _dangling(
    files: dict[str, DebriefFile], kind: str, column: str, target: str, links: pd.Series
) -> list[ImportProblem]:
    """The `links` (ids in `column` of the file `kind`) that name no row of the file `target`."""
    known = set(files[target].values["id"].dropna()) if target in files else set()
    present = target in files

    def worded(value: object) -> str:
        if present:
            return f"{value} links to no row of {file_name(target)}."
        return f"{value} links to {file_name(target)}, which is not among the files imported."

    return problems_of_a_kind(files[kind].table.name, column, links[links.notna() & ~links.isin(known)], worded)


def _reflections_before_their_interview(reflections: DebriefFile, interviews: DebriefFile) -> list[ImportProblem]:
    """A reflection of an interview still to come (by the time it is held at) is a problem."""
    held = interviews.values.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["held_at"]
    values = reflections.values
    when = pd.to_datetime(values["interview_id"].map(held))
    ahead = (when.notna() & (when > pd.Timestamp(datetime.now()))).to_numpy()
    return _problems_at(
        reflections,
        "interview_id",
        values.index[ahead],
        [values["interview_id"][ahead], when[ahead]],
        lambda interview, held_at: (
            f"interview {interview} has not happened yet ({held_at:%Y-%m-%d %H:%M}); "
            "a reflection comes after the interview."
        ),
    )


def _follow_ups_of_another_application(follow_ups: DebriefFile, interviews: DebriefFile) -> list[ImportProblem]:
    """A follow-up of an interview must belong to that interview's application."""
    interview_app = interviews.values.set_index("id")["application_id"]
    interview_app = interview_app[interview_app.index.notna()]
    interview_app = interview_app[~interview_app.index.duplicated()]
    values = follow_ups.values
    linked = values[values["interview_id"].notna() & values["interview_id"].isin(interview_app.index)]
    theirs = linked["interview_id"].map(interview_app)
    wrong = theirs.ne(linked["application_id"]).fillna(False).astype(bool).to_numpy()
    return _problems_at(
        follow_ups,
        "application_id",
        linked.index[wrong],
        [linked["application_id"][wrong], linked["interview_id"][wrong], theirs[wrong]],
        lambda application, interview, its_application: (
            f"is {application}, but interview {interview} belongs to application {its_application}."
        ),
    )


def _problems_at(
    file: DebriefFile, column: str, rows: pd.Index, values: list[pd.Series], message: Callable[..., str]
) -> list[ImportProblem]:
    """A problem at each of `rows` of `file`, worded by `message` from the `values` of that row, one each.

    Rows whose values are all alike are one problem, as `problems_of_a_kind` merges them.
    """
    together = pd.Series(list(zip(*values, strict=True)), index=rows, dtype=object)
    return problems_of_a_kind(file.table.name, column, together, lambda row: message(*cast(tuple, row)))
