"""Reading uploaded files into tables of text: CSV files, zips of them, and what is neither.

Nothing here knows what the columns mean; it only turns bytes into a header
and rows, or says in plain words why it cannot (not UTF-8, not a table, empty).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv

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
    if not text or text.isspace():
        return None, [ImportProblem(name, None, None, "is empty.")]
    delimiter = _delimiter(text)
    quick = _read_quickly(data, text, delimiter)
    if quick is not None:
        header, rows = quick
        return RawTable(name, header, rows, _header_problems(name, header)), []
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


# Reading a large file with Python's csv module, cell by cell, takes seconds; Arrow's
# reader takes moments. Both give the same cells for a well-formed file, which is what
# `_read_quickly` accepts: every row as wide as the header, and quotes only where the csv
# module (strict) accepts them. For any other file it gives up, and the csv module reads
# it, to name each problem with its row.

# A cell of blanks only, as str.isspace counts them: a row of such cells is left out.
_BLANK_CELL = r"^[\t-\r\x1c-\x20\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"


def _doubtful_quotes(data: bytes, delimiter: str) -> bool:
    """Whether quotes are where the csv module may refuse the file, or read it otherwise than Arrow does.

    The file is followed from one run of quotes to the next, knowing whether a
    quoted cell is open. Doubtful are: a closing quote followed by more than the
    end of the cell (the delimiter or a line break), an empty quoted text ("")
    followed by more, a quote inside an unquoted cell followed by more, and a
    quoted cell never closed. Quotes doubled inside a quoted cell never are.
    (Looked for run by run: a regular expression over a large file is far slower.)
    """
    quote, cell_ends = ord('"'), {ord(delimiter), ord("\r"), ord("\n")}
    quoted = False
    start = data.find(b'"')
    while start != -1:
        end = start
        while end < len(data) and data[end] == quote:
            end += 1
        odd, cell_ends_next = (end - start) % 2 == 1, end == len(data) or data[end] in cell_ends
        if quoted:
            if odd:  # the closing quote, after any doubled ones
                if not cell_ends_next:
                    return True
                quoted = False
        elif start == 0 or data[start - 1] in cell_ends:  # a quote opening a cell
            if odd:
                quoted = True
            elif not cell_ends_next:
                return True
        elif odd and not cell_ends_next:
            return True
        start = data.find(b'"', end)
    return quoted


def _header_width(text: str, delimiter: str) -> int | None:
    """How many columns the csv module finds in the first row (read from the first megabyte at most)."""
    try:
        return len(next(csv.reader(io.StringIO(text[:1_000_000], newline=""), delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return None


def _read_quickly(data: bytes, text: str, delimiter: str) -> tuple[list[str], pd.DataFrame] | None:
    """The header and rows of a well-formed CSV file, read by Arrow; None for any other file."""
    data = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    # An empty first line is a header of no column to the csv module, of one to Arrow.
    if data[:1] in (b"\r", b"\n") or _doubtful_quotes(data, delimiter):
        return None
    width = _header_width(text, delimiter)
    if width is None:
        return None
    uneven: list[object] = []
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(data),
            read_options=arrow_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=lambda row: uneven.append(row) or "skip",
            ),
            # Arrow guesses types: every cell is read as text, by the names it gives the columns.
            convert_options=arrow_csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if uneven or table.num_rows == 0 or table.num_columns != width:
        return None
    header = [str(cell).strip() for cell in table.slice(0, 1).to_pylist()[0].values()]
    cells = table.slice(1)
    # Column by column, only the rows still blank so far: after the first, hardly any are.
    blank = np.ones(cells.num_rows, dtype=bool)
    for column in cells.columns:
        still = np.flatnonzero(blank)
        if not len(still):
            break
        blank[still] = pc.match_substring_regex(column.take(still), _BLANK_CELL).to_numpy(zero_copy_only=False)
    kept = cells.filter(pa.array(~blank))
    # The first of two columns with one name, as the csv module's reading keeps it.
    first = {name: i for i, name in reversed(list(enumerate(header)))}
    columns = {name: kept.column(i).to_pandas() for name, i in sorted(first.items(), key=lambda item: item[1])}
    numbers = pd.Index(np.arange(2, cells.num_rows + 2)[~blank], name="row")
    rows = pd.DataFrame(columns).set_axis(numbers) if columns else pd.DataFrame(index=numbers)
    return header, rows


def _delimiter(text: str) -> str:
    """The separator the header row uses: commas, or semicolons or tabs as some spreadsheets write."""
    first_line = text[: text.find("\n")] if "\n" in text else text
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
