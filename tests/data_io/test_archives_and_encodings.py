"""Locked, damaged and oddly packed zips get a message, and text in UTF-16 or UTF-32 with a byte-order mark is read.

Each case goes through the reading, the command line and the Data page, since
each of these once crashed on them (`unexpected error (RuntimeError: ...)`, or
"This app has encountered an error").
"""

from __future__ import annotations

import io
import zipfile

import pytest

from data.transfer.import_reading import prepare_import
from tests.data_io.test_cli import cli
from tests.pages.test_data_page import open_page

TEAL = "Company Name\tJob Title\tStatus\tDate Applied\r\nCafé Noir\tBarista\tApplied\t05/02/2024\r\nGlobex\tAnalyst\tRejected\t05/03/2024\r\n"


def stored_zip(name: str = "teal.csv", content: bytes = TEAL.encode()) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, content)
    return bytearray(buffer.getvalue())


def with_header_fields(archive: bytearray, *, flags: int = 0, method: int | None = None) -> bytes:
    """The zip with general-purpose flags set and the compression method changed, in both of its headers."""
    local, central = archive.find(b"PK\x03\x04"), archive.find(b"PK\x01\x02")
    archive[local + 6] |= flags
    archive[central + 8] |= flags
    if method is not None:
        archive[local + 8 : local + 10] = method.to_bytes(2, "little")
        archive[central + 10 : central + 12] = method.to_bytes(2, "little")
    return bytes(archive)


def encrypted() -> bytes:
    return with_header_fields(stored_zip(), flags=0x1)


def bad_checksum() -> bytes:
    archive = stored_zip()
    at = archive.find(b"Globex")
    archive[at : at + 6] = b"Globux"
    return bytes(archive)


def unknown_method() -> bytes:
    return with_header_fields(stored_zip(), method=9)  # Deflate64, which Python cannot unpack


# (case, the zip, the problem as the command line prints it)
ZIPS = [
    (
        "encrypted",
        encrypted,
        "jobs.zip/teal.csv: is protected by a password in the zip, and Debrief does not ask for zip passwords. "
        "Unzip it yourself (your system asks for the password), then import the CSV file.",
    ),
    (
        "bad checksum",
        bad_checksum,
        "jobs.zip/teal.csv: is damaged in the zip: its contents do not match their checksum. Download or zip it again.",
    ),
    (
        "unsupported method",
        unknown_method,
        "jobs.zip/teal.csv: is packed with a compression method Debrief cannot unpack (method 9). Unzip it yourself, "
        "or zip it again with your system's usual zip, then import it.",
    ),
    (
        "cut short",
        lambda: bytes(stored_zip()[:60]),
        "jobs.zip: looks like a zip file but cannot be opened; it may be damaged. Download or zip it again.",
    ),
]
# (case, how the text is encoded, with its byte-order mark)
ENCODINGS = [
    ("UTF-16 little-endian (Excel's Unicode Text)", "utf-16-le"),
    ("UTF-16 big-endian", "utf-16-be"),
    ("UTF-32 little-endian", "utf-32-le"),
    ("UTF-32 big-endian", "utf-32-be"),
]


def with_mark(text: str, encoding: str) -> bytes:
    return "\ufeff".encode(encoding) + text.encode(encoding)


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in ZIPS], ids=[c[0] for c in ZIPS])
def test_a_zip_that_cannot_be_unpacked_is_one_problem_saying_why(make, message):
    plan = prepare_import([("jobs.zip", make())])
    assert [str(p) for p in plan.problems] == [message]


@pytest.mark.parametrize("encoding", [c[1] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_text_with_a_byte_order_mark_is_read_in_its_encoding(encoding):
    plan = prepare_import([("teal.txt", with_mark(TEAL, encoding))])
    assert plan.problems == []
    [rows] = plan.trackers
    assert list(rows.applications["company"]) == ["Café Noir", "Globex"]


def test_utf16_that_goes_wrong_names_its_line():
    broken = with_mark(TEAL, "utf-16-le") + b"\x00\xdc\r\x00\n\x00"  # a lone low surrogate on line 4
    plan = prepare_import([("teal.txt", broken)])
    assert [str(p) for p in plan.problems] == [
        "teal.txt, row 4: starts as UTF-16 text, but this line holds something that is not. Save the file as "
        "CSV UTF-8 from your spreadsheet program and import it again."
    ]


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in ZIPS], ids=[c[0] for c in ZIPS])
def test_the_command_line_says_what_is_wrong_with_a_zip(tmp_path, make, message):
    archive = tmp_path / "jobs.zip"
    archive.write_bytes(make())
    result = cli("import", str(archive), db=tmp_path / "debrief.duckdb")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert result.stderr.splitlines() == ["Nothing imported: 1 problem(s) in the files:", f"  {message}"]
    assert not (tmp_path / "debrief.duckdb").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_the_command_line_imports_utf16_and_utf32(tmp_path, encoding):
    text = tmp_path / "teal.txt"
    text.write_bytes(with_mark(TEAL, encoding))
    result = cli("import", str(text), db=tmp_path / "debrief.duckdb")
    assert result.returncode == 0, result.stderr
    assert "teal.txt: Teal, 2 rows" in result.stdout and "Added: 2 applications." in result.stdout


def upload(at, name: str, content: bytes):
    at.file_uploader(key="import-files-0").set_value([(name, content, "application/octet-stream")]).run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in ZIPS], ids=[c[0] for c in ZIPS])
def test_the_data_page_says_what_is_wrong_with_a_zip(app, db_path, make, message):
    at = upload(open_page(app), "jobs.zip", make())
    file, why = message.split(": ", 1)
    [error] = at.error
    shown = error.value.replace("\\", "")  # without the escapes that keep Markdown out
    assert "1 problem(s) in the files" in shown
    assert f"**{file}**: {why}" in shown
    assert not [b for b in at.button if b.key == "import-confirm"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le"])
def test_the_data_page_reads_utf16_and_utf32(app, db_path, encoding):
    at = upload(open_page(app), "teal.txt", with_mark(TEAL, encoding))
    assert not at.error
    assert {m.label: m.value for m in at.metric}["Applications to add"] == "2"
