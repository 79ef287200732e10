"""An import is bounded: files too large, too wide or too long are refused early, each limit named, in little memory.

The hostile files of issue 14 (a 1 MB zip of 500 MB of CSV, a header of five
million columns) run in a child process whose peak memory is measured; the other
limits are lowered here, so that small files reach them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import data.transfer.import_files as import_files
from data.transfer.import_files import count_problems, read_uploads
from data.transfer.import_reading import prepare_import
from tests.data_io.helpers import zipped

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HEADER = b"id,company,role,location,source,url,applied_on,responded_on,status,notes\n"
ROW = b"1,Acme,Data Engineer,,,,2026-03-02,,applied,\n"
# Debrief's promise for any input (docs/reliability.md); a bare Python with pandas, Arrow and DuckDB takes ~150 MB.
MEMORY_PROMISED_MB = 1024
# A safety net for the code as it was: without it, the zip bomb takes 7 GB before it fails.
ADDRESS_SPACE_LIMIT = 3 * 1024**3

CHILD = textwrap.dedent(
    """
    import json, resource, sys
    if sys.platform == "linux":  # macOS refuses to lower it
        resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from data.transfer.import_reading import prepare_import
    path = sys.argv[1]
    try:
        with open(path, "rb") as file:
            plan = prepare_import([(path.rsplit("/", 1)[-1], file.read())])
        problems = [str(p) for p in plan.problems]
    except MemoryError:
        problems = ["MemoryError"]
    try:  # This process's own peak (ru_maxrss would also count the test process it was forked from).
        with open("/proc/self/status") as status:
            peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:  # no /proc (macOS): ru_maxrss, in bytes there
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(json.dumps({{"problems": problems, "peak_mb": peak_mb}}))
    """
)


def prepared_in_a_child(path: Path) -> dict:
    """`prepare_import` of the file at `path` in a fresh Python: its problems and its peak memory (resident, MB)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE_LIMIT), str(path)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def deflated(name: str, content: bytes, times: int = 1) -> bytes:
    """A zip holding `content` repeated `times` times, written a piece at a time (never all of it in memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(times):
            member.write(content)
    return buffer.getvalue()


def test_a_small_zip_of_500_mb_of_csv_is_refused_naming_the_limit_in_little_memory(tmp_path):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(deflated("applications.csv", HEADER + ROW * (5_000_000 // len(ROW)), times=100))
    assert bomb.stat().st_size < 2_000_000

    child = prepared_in_a_child(bomb)

    assert child["problems"] == [
        "bomb.zip: takes this import over 100 MB of text (zips unpacked), the most Debrief reads at once. Import "
        "the files a few at a time; a job search is far smaller (100,000 applications with everything in them "
        "are about 40 MB)."
    ]
    assert child["peak_mb"] < MEMORY_PROMISED_MB


@pytest.mark.parametrize("packed", [True, False], ids=["zipped", "plain"])
def test_a_header_of_five_million_columns_is_one_problem_in_little_memory(tmp_path, packed):
    content = b"," * 5_000_000 + b"\n1\n"
    wide = tmp_path / ("wide.zip" if packed else "wide.csv")
    wide.write_bytes(deflated("applications.csv", content) if packed else content)

    child = prepared_in_a_child(wide)

    [problem] = child["problems"]
    if packed:
        assert problem.startswith("wide.zip/applications.csv: is packed 1,0")
        assert "Debrief unpacks files packed at most 100 times smaller" in problem
    else:
        assert problem == (
            "wide.csv: has a line over 1 MB long (line 1), more than Debrief reads in one line. Is it a CSV file?"
        )
    assert child["peak_mb"] < MEMORY_PROMISED_MB


def test_a_zip_whose_contents_lie_about_their_size_is_unpacked_no_further_and_called_damaged():
    """Unpacking stops at the size the zip declares (which the limits checked): the rest fails its checksum."""
    content = HEADER + ROW * 40_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packing:
        packing.writestr("applications.csv", content)
    archive = bytearray(buffer.getvalue())
    # Declare 1,000 bytes in both headers, as a hostile zip may.
    local, central = archive.find(b"PK\x03\x04"), archive.find(b"PK\x01\x02")
    archive[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    archive[central + 24 : central + 28] = (1000).to_bytes(4, "little")

    tables, problems = read_uploads([("liar.zip", bytes(archive))])

    assert tables == []
    assert [str(p) for p in problems] == [
        "liar.zip/applications.csv: is damaged in the zip: its contents do not match their checksum. "
        "Download or zip it again."
    ]


# (limit lowered, the files, words of the problem's message)
LIMITS = [
    (
        "size of plain files together",
        {"MAX_IMPORT_BYTES": 1000},
        [("applications.csv", HEADER + ROW * 10), ("interviews.csv", b"x" * 600)],
        "interviews.csv: takes this import over 0 MB of text",
    ),
    (
        "size of a zip's files and a plain file together",
        {"MAX_IMPORT_BYTES": 1000},
        [
            ("export.zip", zipped({"contacts.csv": b"id,name,kind\n" + b"1,Dana,reference\n" * 30})),
            ("a.csv", b"x" * 600),
        ],
        "a.csv: takes this import over 0 MB of text",
    ),
    (
        "number of files",
        {"MAX_FILES": 2},
        [("a.csv", HEADER + ROW), ("b.csv", HEADER + ROW), ("c.csv", HEADER + ROW)],
        "c.csv: is one file too many: Debrief imports at most 2 at once.",
    ),
    (
        "number of files in a zip",
        {"MAX_FILES": 2},
        [("export.zip", zipped({f"{n}.csv": HEADER + ROW for n in "abc"}))],
        "export.zip: holds 3 files; Debrief opens zips of at most 2.",
    ),
    (
        "compression ratio",
        {"RATIO_CHECKED_FROM": 0, "MAX_COMPRESSION_RATIO": 5},
        [("export.zip", deflated("applications.csv", HEADER + ROW * 1000))],
        "Debrief unpacks files packed at most 5 times smaller",
    ),
    (
        "columns",
        {"MAX_COLUMNS": 5},
        [("applications.csv", HEADER + ROW)],
        "applications.csv, row 1: has a header of 10 columns; Debrief reads files of at most 5 columns.",
    ),
    (
        "line length",
        {"MAX_LINE_BYTES": 60},
        [("applications.csv", HEADER + ROW)],
        "applications.csv: has a line over 0 MB long (line 1)",
    ),
    (
        "rows",
        {"MAX_ROWS": 100},
        [("applications.csv", HEADER + ROW * 60), ("more.csv", HEADER + ROW * 60)],
        "more.csv: takes this import over 100 rows, the most Debrief reads at once.",
    ),
    (
        "rows of a file the csv module reads",
        {"MAX_ROWS": 100},
        [("applications.csv", HEADER + ROW * 200 + b"1,2\n")],
        "applications.csv: takes this import over 100 rows",
    ),
    (
        "cells",
        {"MAX_CELLS": 500},
        [("applications.csv", HEADER + ROW * 60)],
        "applications.csv: takes this import over 500 cells (rows times columns)",
    ),
]


@pytest.mark.parametrize(("limits", "files", "words"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS])
def test_each_limit_refuses_the_whole_import_with_one_problem_naming_it(monkeypatch, limits, files, words):
    for name, value in limits.items():
        monkeypatch.setattr(import_files, name, value)

    plan = prepare_import(files)

    assert len(plan.problems) == 1, plan.problems
    assert words in str(plan.problems[0])
    assert not plan.debrief and not plan.trackers and not plan.ready


def test_the_same_problem_in_many_rows_is_one_problem_with_its_count():
    # An application date may be unknown, but not a day that does not exist.
    plan = prepare_import([("applications.csv", HEADER + b"1,Acme,Data Engineer,,,,2026-02-30,,applied,\n" * 50_000)])

    assert [str(p) for p in plan.problems] == [
        "applications.csv, row 2, column applied_on: '2026-02-30' is not a day of the calendar."
        " …and 49,999 more like it.",
        "applications.csv, row 2, column id: 1 appears in more than one row (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 "
        "and 49,990 more); each row needs its own id.",
    ]
    assert plan.problem_count == 50_001


def test_uneven_rows_alike_are_one_problem_with_their_count():
    plan = prepare_import([("applications.csv", HEADER + ROW + b"1,2,3\n" * 5_000)])

    assert [str(p) for p in plan.problems] == [
        "applications.csv, row 3: has 3 cells but the header has 10 columns. …and 4,999 more like it."
    ]


def test_many_values_of_one_kind_are_listed_up_to_twenty_and_the_rest_counted():
    rows = b"".join(b"%d,Acme,Data Engineer,,,,soon %d,,applied,\n" % (n, n) for n in range(1, 101))
    plan = prepare_import([("applications.csv", HEADER + rows)])

    assert len(plan.problems) == 21
    assert str(plan.problems[0]) == (
        "applications.csv, row 2, column applied_on: 'soon 1' is not a date written YYYY-MM-DD."
    )
    assert str(plan.problems[-1]) == (
        "applications.csv, row 22, column applied_on: 'soon 21' is not a date written YYYY-MM-DD. …and 79 more like it."
    )
    assert count_problems(plan.problems) == 100


def test_a_full_export_is_well_within_the_limits():
    """What the limits are measured against: a job search's export uses a small part of each."""
    budget = import_files.ImportBudget()
    budget.take_bytes("export", 40 * 1024 * 1024)
    budget.take_rows("export", 380_000, 11)
    assert budget.bytes * 2 < import_files.MAX_IMPORT_BYTES
    assert budget.rows * 2 < import_files.MAX_ROWS and budget.cells * 2 < import_files.MAX_CELLS
