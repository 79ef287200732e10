"""Reading a CSV file quickly (Arrow) gives exactly what Python's csv module gives, or leaves the file to it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import data.transfer.import_files as import_files
from data.transfer.import_files import read_csv_bytes


def _as_read(data: bytes) -> tuple:
    """What `read_csv_bytes` made of `data`: the problems, and the header and every row (number and cells)."""
    table, problems = read_csv_bytes("upload.csv", data)
    if table is None:
        return None, problems
    rows = table.rows.astype(object).where(table.rows.notna(), None)
    return (
        table.header,
        list(rows.columns),
        rows.index.tolist(),
        rows.to_numpy().tolist(),
        table.problems,
    ), problems


def _by_the_csv_module(data: bytes) -> tuple:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_files, "_read_quickly", lambda *arguments: None)
        return _as_read(data)


def _quickly(data: bytes) -> bool:
    """Whether the quick reader took the file."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    delimiter = import_files._delimiter(data.decode())
    width = import_files._header_width(data, delimiter)
    return import_files._read_quickly(data, delimiter, width, "upload.csv", import_files.ImportBudget()) is not None


# Characters that make CSV hard: separators, quotes, line breaks of every kind, blanks.
AWKWARD = st.text(alphabet=st.sampled_from(list('ab,;"\n\r \t\x1f\u00a0é')), max_size=40)


@settings(deadline=None)
@given(header=st.sampled_from(["", "name,role,notes\n", "a;b\r\n", '"x","y"\n', "only\n"]), body=AWKWARD)
def test_the_quick_reader_reads_as_the_csv_module_does(header, body):
    data = (header + body).encode()
    assert _as_read(data) == _by_the_csv_module(data)


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("name,role\n", '"Acme, Inc","say ""hi"""\n'),
        ("name,role\n", '"x"y,2\n'),
        ("name,role\n", '"a"b"c",2\n'),
        ("name,role\n", '""x,2\n'),
        ("name,role\n", '"x"""y,2\n'),
        ("name,role\n", 'x""y,2\n'),
        ("name,role\n", "1,2\n\n   \n3,4\n"),
        ("name,role\n", '"unterminated,2\n'),
        ("name,role\n", "1,2,3\n4,5\n"),
        ("name,name\n", "1,2\n"),
        ("\n", "a,b\n1,2\n"),
        ("a,b\r", "1,2\r3,4"),
    ],
)
def test_awkward_files_chosen_by_hand_are_read_as_the_csv_module_does(header, body):
    # Run every time, beside the drawn ones: quotes in and around fields, blank and ragged rows, a repeated name,
    # line breaks of one carriage return.
    data = (header + body).encode()
    assert _as_read(data) == _by_the_csv_module(data)


def test_a_debrief_export_is_read_quickly():
    data = (
        "\ufeffid,company,role,notes\r\n"
        '1,"Acme, Inc",Data Engineer,"Said ""soon""\r\nthen nothing"\r\n'
        "2,Globex,Analyst,\r\n"
        ",,,\r\n"
        "3,Initech,'=cmd,🙂\r\n"
    ).encode()

    table, problems = read_csv_bytes("applications.csv", data)

    assert _quickly(data)
    assert problems == [] and table.problems == []
    assert table.header == ["id", "company", "role", "notes"]
    assert table.rows.index.tolist() == [2, 3, 5]
    assert table.rows["notes"].tolist()[0] == 'Said "soon"\r\nthen nothing'
    assert table.rows["company"].tolist() == ["Acme, Inc", "Globex", "Initech"]


@pytest.mark.parametrize(
    "body",
    ['"x"y,2\n', "1,2,3\n", '"open,2\n', "   \n"],
    ids=["text after a closing quote", "a row too wide", "an unterminated quote", "a row of blanks"],
)
def test_a_file_the_quick_reader_doubts_is_left_to_the_csv_module(body):
    data = ("name,role\n1,2\n" + body).encode()
    assert not _quickly(data)


@settings(deadline=None)
@given(data=st.binary(max_size=60).map(lambda b: bytes(b'a,;"\n\r '[x % 7] for x in b)))
@example(data=b'"a""b",c\n"x"y')
def test_quotes_are_followed_alike_in_small_pieces(data):
    """The quote check reads large files a few megabytes at a time; cut into pieces of 8 bytes, it says the same."""
    whole = import_files._doubtful_quotes(data, ",")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_files, "_CHUNK", 1)
        assert import_files._doubtful_quotes(data, ",") == whole
