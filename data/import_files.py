"""Reading uploaded files into tables of text: CSV files, zips of them, and what is neither.

Nothing here knows what the columns mean; it only turns bytes into a header
and rows, or says in plain words why it cannot (not UTF-8, not a table, empty).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd

# The csv module refuses cells over 128 KiB by default; a long cell should be
# reported as over Debrief's own limit instead, with its row and column.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong with the files: where (file, spreadsheet row, column) and why."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class RawTable:
    """One CSV file as text: its header and its rows, indexed by spreadsheet row number.

    Row 1 is the header, so the first row of data is row 2, as a spreadsheet
    program numbers it. Rows whose cells are all empty are left out.
    """

    name: str
    header: list[str]
    rows: pd.DataFrame
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def base_name(self) -> str:
        """The file's own name, without the folder or zip it came in."""
        return PurePosixPath(self.name.replace("\\", "/")).name


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list[RawTable], list[ImportProblem]]:
    """The CSV tables in `files` (name and content each; zips are opened), and file-level problems."""
    tables: list[RawTable] = []
    problems: list[ImportProblem] = []
    for name, data in files:
        if data[:4] == b"PK\x03\x04":
            found, trouble = _read_zip(name, data)
            tables += found
            problems += trouble
        else:
            table, trouble = read_csv_bytes(name, data)
            problems += trouble
            if table is not None:
                tables.append(table)
    return tables, problems


def _read_zip(name: str, data: bytes) -> tuple[list[RawTable], list[ImportProblem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        return [], [ImportProblem(name, None, None, "looks like a zip file but cannot be opened; it may be damaged.")]
    names = [m.filename for m in members]
    if "[Content_Types].xml" in names:
        return [], [
            ImportProblem(
                name,
                None,
                None,
                "is a spreadsheet workbook (such as Excel's .xlsx), not CSV. In your spreadsheet program, "
                "save it as CSV UTF-8, then import that file.",
            )
        ]
    wanted = [
        m
        for m in members
        if m.filename.lower().endswith(".csv")
        and not m.filename.startswith("__MACOSX/")
        and not PurePosixPath(m.filename).name.startswith(".")
    ]
    if not wanted:
        return [], [ImportProblem(name, None, None, "holds no CSV files.")]
    if sum(m.file_size for m in wanted) > MAX_UNZIPPED_BYTES:
        return [], [ImportProblem(name, None, None, "unpacks to more than 1 GB; import its files a few at a time.")]
    tables, problems = [], []
    for member in wanted:
        table, trouble = read_csv_bytes(f"{name}/{member.filename}", archive.read(member))
        problems += trouble
        if table is not None:
            tables.append(table)
    return tables, problems


def read_csv_bytes(name: str, data: bytes) -> tuple[RawTable | None, list[ImportProblem]]:
    """One CSV file's header and rows, or the reason it cannot be read as one."""
    if b"\x00" in data[:8192]:
        return None, [
            ImportProblem(name, None, None, "is not a CSV file (it holds binary data, as an image or workbook does).")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            ImportProblem(
                name,
                line,
                None,
                "is not UTF-8 text (the first character Debrief cannot read is on this line). "
                "Save the file as CSV UTF-8 from your spreadsheet program and import it again.",
            )
        ]
    if not text.strip():
        return None, [ImportProblem(name, None, None, "is empty.")]
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        return None, [ImportProblem(name, None, None, f"is not a valid CSV file ({error}).")]
    header = [cell.strip() for cell in records[0]]
    problems = _header_problems(name, header)
    width = len(header)
    kept_rows, kept_numbers = [], []
    for number, record in enumerate(records[1:], start=2):
        if not "".join(record).strip():
            continue
        if len(record) != width:
            problems.append(
                ImportProblem(name, number, None, f"has {len(record)} cells but the header has {width} columns.")
            )
            continue
        kept_rows.append(record)
        kept_numbers.append(number)
    rows = pd.DataFrame(kept_rows, columns=header, index=pd.Index(kept_numbers, name="row"), dtype=object)
    if len(rows.columns) != len(set(rows.columns)):
        rows = rows.loc[:, ~rows.columns.duplicated()]
    return RawTable(name, header, rows, problems), []


def _delimiter(text: str) -> str:
    """The separator the header row uses: commas, or semicolons or tabs as some spreadsheets write."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _header_problems(name: str, header: list[str]) -> list[ImportProblem]:
    problems = []
    seen: set[str] = set()
    for column in header:
        if not column:
            continue
        if column.casefold() in seen:
            problems.append(ImportProblem(name, 1, column, "appears twice in the header."))
        seen.add(column.casefold())
    return problems
