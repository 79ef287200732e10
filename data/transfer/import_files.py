"""Reading uploaded files into tables of text: CSV files, zips of them, and what is neither.

Nothing here knows what the columns mean; it only turns bytes into a header
and rows, or says in plain words why it cannot (not text, not a table, empty,
a damaged or locked zip, or more than one import may hold: see `LIMITS`).
Every limit is checked while reading, before the memory it guards is spent.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import ctypes
import gc
import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import SupportsInt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv

# The csv module refuses cells over 128 KiB by default; a long cell should be
# reported as over Debrief's own limit instead, with its row and column.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

_MB = 1024 * 1024
# What one import (every file given at once, zips opened) may hold. A job search
# never comes near: 100,000 applications exported with all their interviews,
# reflections, contacts and follow-ups are 40 MB of text, 380,000 rows and 4.1
# million cells, in a 5 MB zip (7.7 times smaller). The limits keep the memory an
# import takes under about 1 GB whatever the files hold (docs/reliability.md).
MAX_IMPORT_BYTES = 100 * _MB
MAX_FILES = 100
MAX_COMPRESSION_RATIO = 100
# Small files may be packed far tighter than large ones without harm.
RATIO_CHECKED_FROM = 1 * _MB
MAX_COLUMNS = 200
MAX_LINE_BYTES = 1 * _MB
MAX_ROWS = 1_000_000
MAX_CELLS = 10_000_000
# The limits in words, for messages and the Data page.
LIMITS = (
    f"{MAX_IMPORT_BYTES // _MB} MB of text (zips unpacked), {MAX_FILES} files, {MAX_ROWS:,} rows and "
    f"{MAX_CELLS:,} cells in one import; {MAX_COLUMNS} columns in a file, lines up to {MAX_LINE_BYTES // _MB} MB, "
    f"and zips packed at most {MAX_COMPRESSION_RATIO} times smaller than their contents"
)
# Problems of one kind (one check on one column) are listed one by one up to this
# many; the rest of that kind are one problem with their count.
LISTED_OF_A_KIND = 20
_DELIMITERS = (",", ";", "\t")
_CHUNK = 1 * _MB
# Rows the careful reader gathers before it packs them into columns (keeps its memory small).
_ROWS_PER_CHUNK = 20_000


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong with the files: where (file, spreadsheet row, column) and why.

    `more` counts further rows with the same problem (or, for the last problem
    listed of a kind, with problems of that kind): they are not listed one by one.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    more: int = 0

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}" + (f" …and {self.more:,} more like it." if self.more else "")


def count_problems(problems: list[ImportProblem]) -> int:
    """How many problems `problems` stands for, counting those summed up in `more`."""
    return sum(1 + p.more for p in problems)


def problems_of_a_kind(
    file: str, column: str | None, failing: pd.Series, message: Callable[[Hashable], str]
) -> list[ImportProblem]:
    """The problems of one check on one column: `failing` maps row numbers to the values that fail it.

    Rows with the same value are one problem (its first row, and how many more);
    up to `LISTED_OF_A_KIND` values are listed, and the next one stands for all
    the rest. `message(value)` is called for those listed only, so a column of a
    million bad cells costs moments, not a million messages.
    """
    if not len(failing):
        return []
    codes, values = pd.factorize(failing.astype(object), use_na_sentinel=False)
    counts = np.bincount(codes, minlength=len(values))
    firsts = np.unique(codes, return_index=True)[1]
    rows = failing.index.to_numpy()
    found: dict[str, list] = {}
    for code in range(min(len(values), LISTED_OF_A_KIND + 1)):
        rest = code == LISTED_OF_A_KIND
        more = int(counts[code:].sum() if rest else counts[code]) - 1
        text = message(values[code])
        if text in found:
            found[text][1] += more + 1
        else:
            found[text] = [rows[firsts[code]], more]
    return [ImportProblem(file, _row(row), column, text, more) for text, (row, more) in found.items()]


def _row(row: SupportsInt | None) -> int | None:
    return None if row is None or pd.isna(row) else int(row)


def merge_alike(problems: list[ImportProblem]) -> list[ImportProblem]:
    """Problems with the same file, column and message made one, at the first of their rows."""
    merged: dict[tuple, ImportProblem] = {}
    for problem in problems:
        key = (problem.file, problem.column, problem.message)
        seen = merged.get(key)
        if seen is None:
            merged[key] = problem
        else:
            first = min((r for r in (seen.row, problem.row) if r is not None), default=None)
            merged[key] = ImportProblem(seen.file, first, seen.column, seen.message, seen.more + problem.more + 1)
    return list(merged.values())


@dataclass
class RawTable:
    """One CSV file as text: its header and its rows, indexed by spreadsheet row number.

    Row `header_row` is the header (1, unless blank rows come before it), so the
    first row of data is the next one, as a spreadsheet program numbers it. Rows
    whose cells are all empty are left out.
    """

    name: str
    header: list[str]
    rows: pd.DataFrame
    problems: list[ImportProblem] = field(default_factory=list)
    header_row: int = 1

    @property
    def base_name(self) -> str:
        """The file's own name, without the folder or zip it came in."""
        return PurePosixPath(self.name.replace("\\", "/")).name


class OverLimit(Exception):
    """The files hold more than one import may: the import is refused whole, nothing more is read."""

    def __init__(self, problem: ImportProblem):
        super().__init__(str(problem))
        self.problem = problem


class ImportBudget:
    """What the files of one import have used so far of `LIMITS`; raises `OverLimit` past any of them."""

    def __init__(self) -> None:
        self.bytes = 0
        self.files = 0
        self.rows = 0
        self.cells = 0

    def take_file(self, name: str) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise OverLimit(
                ImportProblem(name, None, None, f"is one file too many: Debrief imports at most {MAX_FILES} at once.")
            )

    def take_bytes(self, name: str, size: int) -> None:
        self.bytes += size
        if self.bytes > MAX_IMPORT_BYTES:
            raise OverLimit(
                ImportProblem(
                    name,
                    None,
                    None,
                    f"takes this import over {MAX_IMPORT_BYTES // _MB} MB of text (zips unpacked), the most Debrief "
                    "reads at once. Import the files a few at a time; a job search is far smaller "
                    "(100,000 applications with everything in them are about 40 MB).",
                )
            )

    def take_rows(self, name: str, rows: int, width: int) -> None:
        self.rows += rows
        self.cells += rows * max(width, 1)
        if self.rows > MAX_ROWS:
            raise OverLimit(
                ImportProblem(
                    name,
                    None,
                    None,
                    f"takes this import over {MAX_ROWS:,} rows, the most Debrief reads at once. "
                    "Import the files a few at a time.",
                )
            )
        if self.cells > MAX_CELLS:
            raise OverLimit(
                ImportProblem(
                    name,
                    None,
                    None,
                    f"takes this import over {MAX_CELLS:,} cells (rows times columns), the most Debrief reads "
                    "at once. Import the files a few at a time, or leave out columns Debrief does not need.",
                )
            )


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list[RawTable], list[ImportProblem]]:
    """The CSV tables in `files` (name and content each; zips are opened), and file-level problems.

    Past any of `LIMITS` nothing is returned but the problem naming that limit:
    the import is refused whole, and what was read is let go at once.
    """
    tables: list[RawTable] = []
    problems: list[ImportProblem] = []
    budget = ImportBudget()
    try:
        for name, data in files:
            if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
                found, trouble = _read_zip(name, data, budget)
                tables += found
                problems += trouble
            else:
                budget.take_file(name)
                table, trouble = read_csv_bytes(name, data, budget)
                problems += trouble
                if table is not None:
                    tables.append(table)
    except OverLimit as refused:
        tables.clear()
        return [], [refused.problem]
    finally:
        # Arrow keeps freed memory for reuse; give it back, so the server shrinks after a large file.
        pa.default_memory_pool().release_unused()
    return tables, problems


def release_memory() -> None:
    """Give the memory of files read and let go back to the system, so that the app's process shrinks again.

    Python, Arrow and the C library each keep freed memory for reuse: collect
    what is no longer referenced, then ask Arrow's pool and glibc's allocator
    (where there is one) to return what they hold unused.
    """
    gc.collect()
    pa.default_memory_pool().release_unused()
    # Not glibc: its allocator returns memory by itself, or keeps it.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# Compression methods the zipfile module reads: stored, deflate, bzip2, LZMA.
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_END_OF_DIRECTORY = b"PK\x05\x06"


def _declared_entries(data: bytes) -> int | None:
    """How many entries a zip's end record says it holds (0xFFFF for a zip64 one); None if it has none.

    Read before Python's zipfile lists them all: a small zip can declare millions.
    """
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def _zip_problem(name: str, message: str) -> tuple[list[RawTable], list[ImportProblem]]:
    return [], [ImportProblem(name, None, None, message)]


def _read_zip(name: str, data: bytes, budget: ImportBudget) -> tuple[list[RawTable], list[ImportProblem]]:
    damaged = "looks like a zip file but cannot be opened; it may be damaged. Download or zip it again."
    entries = _declared_entries(data)
    if entries is not None and entries > MAX_FILES:
        return _zip_problem(
            name,
            f"holds {'more than 65,000' if entries == 0xFFFF else f'{entries:,}'} files; Debrief opens zips of at "
            f"most {MAX_FILES}. Import the CSV files themselves, or a zip of those alone.",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, struct.error):
        return _zip_problem(name, damaged)
    names = [m.filename for m in members]
    if "[Content_Types].xml" in names:
        return _zip_problem(
            name,
            "is a spreadsheet workbook (such as Excel's .xlsx), not CSV. In your spreadsheet program, "
            "save it as CSV UTF-8, then import that file.",
        )
    wanted = [
        m
        for m in members
        if m.filename.lower().endswith(".csv")
        and not m.filename.startswith("__MACOSX/")
        and not PurePosixPath(m.filename).name.startswith(".")
    ]
    if not wanted:
        return _zip_problem(name, "holds no CSV files.")
    # Sizes as the zip declares them: refused before anything is unpacked.
    declared = sum(m.file_size for m in wanted)
    if budget.bytes + declared > MAX_IMPORT_BYTES:
        budget.take_bytes(name, declared)
    tables, problems = [], []
    for member in wanted:
        label = f"{name}/{member.filename}"
        budget.take_file(label)
        trouble = _member_problem(member)
        if trouble:
            problems.append(ImportProblem(label, None, None, trouble))
            continue
        try:
            content = _unpack(archive, member, label, budget)
        except zipfile.BadZipFile as error:
            checksum = "CRC" in str(error)
            problems.append(
                ImportProblem(
                    label,
                    None,
                    None,
                    "is damaged in the zip: "
                    + ("its contents do not match their checksum" if checksum else "it cannot be unpacked")
                    + ". Download or zip it again.",
                )
            )
            continue
        except (zlib.error, lzma.LZMAError, EOFError, OSError, ValueError):
            problems.append(
                ImportProblem(
                    label, None, None, "is damaged in the zip: it cannot be unpacked. Download or zip it again."
                )
            )
            continue
        table, trouble_found = read_csv_bytes(label, content, budget, counted=True)
        del content
        problems += trouble_found
        if table is not None:
            tables.append(table)
    return tables, problems


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    """Why a file in a zip cannot be unpacked at all, or None."""
    if member.flag_bits & 0x1:
        return (
            "is protected by a password in the zip, and Debrief does not ask for zip passwords. "
            "Unzip it yourself (your system asks for the password), then import the CSV file."
        )
    if member.compress_type not in _READABLE_METHODS:
        return (
            f"is packed with a compression method Debrief cannot unpack (method {member.compress_type}). "
            "Unzip it yourself, or zip it again with your system's usual zip, then import it."
        )
    if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
        member.compress_size, 1
    ):
        return (
            f"is packed {member.file_size // max(member.compress_size, 1):,} times smaller than its contents; "
            f"Debrief unpacks files packed at most {MAX_COMPRESSION_RATIO} times smaller (a CSV file is rarely "
            "packed more than 20 times smaller), so as not to be flooded by a zip bomb."
        )
    return None


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, budget: ImportBudget) -> bytes:
    """One file of the zip, unpacked a megabyte at a time and counted against the budget as it comes."""
    parts = []
    unpacked = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parts.append(chunk)
            unpacked += len(chunk)
            budget.take_bytes(label, len(chunk))
            if unpacked > RATIO_CHECKED_FROM and unpacked > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
                raise OverLimit(ImportProblem(label, None, None, _member_problem_ratio(unpacked, member)))
    return b"".join(parts)


def _member_problem_ratio(unpacked: int, member: zipfile.ZipInfo) -> str:
    return (
        f"unpacks to more than {MAX_COMPRESSION_RATIO} times its packed size, though the zip says otherwise; "
        "Debrief stopped unpacking it, so as not to be flooded by a zip bomb."
    )


# Byte-order marks, longest first (UTF-32's little-endian mark begins like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _as_utf8(name: str, data: bytes) -> tuple[bytes | None, list[ImportProblem]]:
    """The file as UTF-8: UTF-16 and UTF-32 with a byte-order mark (Excel's "Unicode Text") re-encoded."""
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(encoding).encode("utf-8"), []
            except UnicodeDecodeError as error:
                line = body[: error.start].decode(encoding, errors="replace").count("\n") + 1
                return None, [
                    ImportProblem(
                        name,
                        line,
                        None,
                        f"starts as {label} text, but this line holds something that is not. Save the file as "
                        "CSV UTF-8 from your spreadsheet program and import it again.",
                    )
                ]
    return data, []


def _utf8_error(data: bytes) -> int | None:
    """Where the first byte that is not UTF-8 is, or None; decoded a megabyte at a time, nothing kept."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(data[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            return start + error.start
    return None


def _long_line(data: bytes) -> int | None:
    """The number of the first line longer than `MAX_LINE_BYTES`, or None (looked for a megabyte at a time).

    Lines end at a line feed or a carriage return, as old Mac spreadsheets end them.
    """
    since = 0  # bytes since the last line break, carried across chunks
    for start in range(0, len(data), _CHUNK):
        chunk = np.frombuffer(data, dtype=np.uint8, count=min(_CHUNK, len(data) - start), offset=start)
        breaks = np.flatnonzero((chunk == 10) | (chunk == 13))
        if not len(breaks):
            since += len(chunk)
            if since > MAX_LINE_BYTES:
                return _line_at(data, start + len(chunk) - since)
            continue
        lengths = np.diff(breaks, prepend=-1) - 1
        lengths[0] += since
        over = np.flatnonzero(lengths > MAX_LINE_BYTES)
        if len(over):
            return _line_at(data, start + int(breaks[over[0]]) - int(lengths[over[0]]))
        since = len(chunk) - 1 - int(breaks[-1])
        if since > MAX_LINE_BYTES:
            return _line_at(data, start + int(breaks[-1]) + 1)
    return None


def _line_at(data: bytes, offset: int) -> int:
    """The number of the line starting at byte `offset`, counting line feeds (else carriage returns) before it."""
    before = data[:offset]
    return (before.count(b"\n") or before.count(b"\r")) + 1


# Rows before the header holding nothing but blanks and separators, as spreadsheets save empty rows.
_BLANK_LINES = re.compile(rb"(?:[ \t,;]*(?:\r\n|\n|\r))*")


def read_csv_bytes(
    name: str, data: bytes, budget: ImportBudget | None = None, *, counted: bool = False
) -> tuple[RawTable | None, list[ImportProblem]]:
    """One CSV file's header and rows, or the reason it cannot be read as one.

    Its size, rows and cells are taken from `budget` (a fresh one when None;
    `counted` when its bytes already were, as a zip's are while unpacking), and
    `OverLimit` is raised past any limit.
    """
    budget = budget or ImportBudget()
    if not counted:
        budget.take_bytes(name, len(data))
    converted, problems = _as_utf8(name, data)
    if converted is None:
        return None, problems
    data = converted
    if b"\x00" in data[:8192]:
        return None, [
            ImportProblem(name, None, None, "is not a CSV file (it holds binary data, as an image or workbook does).")
        ]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    bad = _utf8_error(data)
    if bad is not None:
        return None, [
            ImportProblem(
                name,
                data[:bad].count(b"\n") + 1,
                None,
                "is not UTF-8 text (the first character Debrief cannot read is on this line). "
                "Save the file as CSV UTF-8 from your spreadsheet program and import it again.",
            )
        ]
    too_long = _long_line(data)
    if too_long is not None:
        return None, [
            ImportProblem(
                name,
                None,
                None,
                f"has a line over {MAX_LINE_BYTES // _MB} MB long (line {too_long:,}), more than Debrief reads in "
                "one line. Is it a CSV file?",
            )
        ]
    blank_lines = _BLANK_LINES.match(data)
    assert blank_lines is not None, "the pattern matches the empty string, so at the start of any data"
    blank = blank_lines.end()
    skipped = len(re.findall(rb"\r\n|\n|\r", data[:blank]))
    data = data[blank:]
    if not data.strip():
        return None, [ImportProblem(name, None, None, "is empty.")]
    first_line = data[: min(len(data), MAX_LINE_BYTES)].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    delimiter = _delimiter(first_line)
    width = _header_width(data, delimiter)
    if width is not None and width > MAX_COLUMNS:
        return None, [
            ImportProblem(
                name,
                skipped + 1,
                None,
                f"has a header of {width:,} columns; Debrief reads files of at most {MAX_COLUMNS} columns.",
            )
        ]
    counted_before = budget.rows, budget.cells
    quick = _read_quickly(data, delimiter, width, name, budget)
    if quick is not None:
        header, rows = quick
        return _table(name, header, rows, skipped, []), []
    budget.rows, budget.cells = counted_before  # the careful reading counts them again
    try:
        header, rows, problems = _read_carefully(name, data, delimiter, budget)
    except _Unreadable as failed:
        return None, [failed.problem(name, skipped)]
    return _table(name, header, rows, skipped, problems), []


def _table(name: str, header: list[str], rows: pd.DataFrame, skipped: int, problems: list) -> RawTable:
    """The table, its row numbers moved down past the blank rows skipped before the header."""
    if skipped:
        rows.index = rows.index + skipped
        problems = [ImportProblem(p.file, p.row + skipped, p.column, p.message, p.more) for p in problems]
    return RawTable(name, header, rows, _header_problems(name, header, skipped + 1) + problems, skipped + 1)


class _Unreadable(Exception):
    """The csv module gave up on the file at `row` (counted from the header as row 1)."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row
        self.message = message

    def problem(self, name: str, skipped: int) -> ImportProblem:
        return ImportProblem(name, self.row + skipped, None, self.message)


def _records(data: bytes, delimiter: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    return csv.reader(text, delimiter=delimiter, strict=True)


def _read_carefully(
    name: str, data: bytes, delimiter: str, budget: ImportBudget
) -> tuple[list[str], pd.DataFrame, list[ImportProblem]]:
    """The header and rows as Python's csv module reads them, row by row, with a problem for each uneven row.

    Rows are packed into Arrow columns every `_ROWS_PER_CHUNK`, so the text
    takes about its own size in memory; rows and cells are counted against the
    budget as they come, and reading stops at the first limit passed.
    """
    records = _records(data, delimiter)
    number = 0  # the last row read whole
    try:
        header = [cell.strip() for cell in next(records)]
        number = 1
        width = len(header)
        budget.take_rows(name, 1, width)
        uneven: dict[str, list[int]] = {}
        chunks: list[pa.Table] = []
        kept_rows: list[list[str]] = []
        kept_numbers: list[int] = []
        names = [f"f{i}" for i in range(width)]
        for number, record in enumerate(records, start=2):
            budget.take_rows(name, 1, width)
            if not "".join(record).strip():
                continue
            if len(record) != width:
                message = f"has {len(record)} cells but the header has {width} columns."
                uneven.setdefault(message, [number, -1])[1] += 1
                continue
            kept_rows.append(record)
            kept_numbers.append(number)
            if len(kept_rows) == _ROWS_PER_CHUNK:
                chunks.append(_pack(kept_rows, names))
                kept_rows = []
    except csv.Error as error:
        row = number + 1
        if "unexpected end of data" in str(error) or "EOF" in str(error):
            raise _Unreadable(
                row,
                'has a quote (") that is never closed: the cell it opens in this row runs to the end of the file. '
                'Close the quote, or double a quote meant as text ("").',
            ) from None
        raise _Unreadable(row, f"is not a valid CSV file from this row on ({error}).") from None
    except StopIteration:
        raise _Unreadable(1, "is empty.") from None
    chunks.append(_pack(kept_rows, names))
    cells = pa.concat_tables(chunks)
    rows = _frame(header, cells, pd.Index(kept_numbers, name="row", dtype="int64"))
    problems = [ImportProblem(name, first, None, message, more) for message, (first, more) in uneven.items()]
    return header, rows, merge_alike(problems)


def _pack(rows: list[list[str]], names: list[str]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table({n: pa.array(column, type=pa.string()) for n, column in zip(names, columns, strict=True)})


def _frame(header: list[str], cells: pa.Table, numbers: pd.Index) -> pd.DataFrame:
    """The rows as a frame of text, one column per header name (the first of two with one name)."""
    first = {name: i for i, name in reversed(list(enumerate(header)))}
    columns = {name: cells.column(i).to_pandas() for name, i in sorted(first.items(), key=lambda item: item[1])}
    return pd.DataFrame(columns).set_axis(numbers) if columns else pd.DataFrame(index=numbers)


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
    (Followed with numpy, a few megabytes at a time: run by run in Python, a file
    quoting every cell took seconds a megabyte.)
    """
    everything = np.frombuffer(data, dtype=np.uint8)
    size = len(everything)
    ends_a_cell = np.zeros(256, dtype=bool)  # by byte value
    ends_a_cell[[ord(delimiter), ord("\r"), ord("\n")]] = True
    quoted = False
    low = 0
    while low < size:
        high = min(low + 8 * _CHUNK, size)
        while high < size and everything[high] == ord('"'):  # a run of quotes stays whole in one piece
            high += 1
        is_quote = (everything[low:high] == ord('"')).view(np.int8)
        low, piece_start = high, low
        if not is_quote.any():
            continue
        edges = np.diff(is_quote, prepend=np.int8(0), append=np.int8(0))
        starts = np.flatnonzero(edges == 1) + piece_start
        ends = np.flatnonzero(edges == -1) + piece_start
        odd = ((ends - starts) & 1).astype(bool)
        ends_cell = (ends == size) | ends_a_cell[everything[np.minimum(ends, size - 1)]]
        opens_cell = (starts == 0) | ends_a_cell[everything[np.maximum(starts - 1, 0)]]
        # Only odd runs change the state: a quoted cell closes; an unquoted one opens at a cell's start.
        # So after each odd run the cell is quoted when it opens one and the run of such openings since
        # the last odd run that cannot open one (or since the piece began, from `quoted`) is of odd length.
        opening = opens_cell[odd]
        order = np.arange(len(opening))
        last_reset = np.maximum.accumulate(np.where(opening, -1, order)) if len(opening) else order
        in_first = last_reset == -1
        quoted_after = opening & ((((order - last_reset) % 2) == 1) ^ (quoted & in_first))
        odd_before = np.cumsum(odd) - odd
        before = np.concatenate(([quoted], quoted_after))[odd_before]
        doubtful = ~ends_cell & ((before & odd) | (~before & opens_cell & ~odd) | (~before & ~opens_cell & odd))
        if doubtful.any():
            return True
        if len(quoted_after):
            quoted = bool(quoted_after[-1])
    return quoted


def _header_width(data: bytes, delimiter: str) -> int | None:
    """How many columns the csv module finds in the first row (read from the first megabyte at most)."""
    try:
        return len(next(_records(data[:MAX_LINE_BYTES], delimiter)))
    except (csv.Error, StopIteration, UnicodeDecodeError):
        return None


def _read_quickly(
    data: bytes, delimiter: str, width: int | None, name: str, budget: ImportBudget
) -> tuple[list[str], pd.DataFrame] | None:
    """The header and rows of a well-formed CSV file, read by Arrow; None for any other file.

    Read a megabyte at a time, its rows and cells counted against the budget as
    they come; the first uneven row gives up at once.
    """
    # An empty first line is a header of no column to the csv module, of one to Arrow.
    if width is None or data[:1] in (b"\r", b"\n") or _doubtful_quotes(data, delimiter):
        return None
    uneven: list[object] = []

    def skip_uneven(row: object) -> str:
        uneven.append(row)
        return "skip"

    batches = []
    try:
        reader = arrow_csv.open_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=arrow_csv.ReadOptions(autogenerate_column_names=True, block_size=_CHUNK),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=skip_uneven,
            ),
            # Arrow guesses types: every cell is read as text, by the names it gives the columns.
            convert_options=arrow_csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        if len(reader.schema) != width:
            return None
        for batch in reader:
            if uneven:
                return None
            budget.take_rows(name, batch.num_rows, width)
            batches.append(batch)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if uneven or not batches:
        return None
    table = pa.Table.from_batches(batches)
    del batches
    if table.num_rows == 0:
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
    numbers = pd.Index(np.arange(2, cells.num_rows + 2)[~blank], name="row")
    return header, _frame(header, kept, numbers)


def _delimiter(first_line: str) -> str:
    """The separator the header row uses: commas, or semicolons or tabs as some spreadsheets write."""
    first_line = first_line[: first_line.find("\n")] if "\n" in first_line else first_line
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _header_problems(name: str, header: list[str], row: int = 1) -> list[ImportProblem]:
    problems = []
    seen: set[str] = set()
    for column in header:
        if not column:
            continue
        if column.casefold() in seen:
            problems.append(ImportProblem(name, row, column, "appears twice in the header."))
        seen.add(column.casefold())
    return problems
