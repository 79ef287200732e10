"""What the data-in-and-out tests share: fixture files, a database's whole contents, importing in one call."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb

from data.store.db import Database
from data.store.schema import TABLES
from data.transfer.import_reading import prepare_import
from data.transfer.import_writing import ImportResult, run_import

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> tuple[str, bytes]:
    """A fixture file as an upload: its name and content."""
    return name, (FIXTURES / name).read_bytes()


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema version), sorted: the whole database, for before/after.

    Id sequences are left out: like any database's, they do not go back when a
    transaction is rolled back, and a skipped id number holds no data.
    """
    return {
        table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in (*TABLES, "schema_version")
    }


def import_all(db: Database, files: list[tuple[str, bytes]], mappings: dict | None = None) -> ImportResult:
    """Import `files`, which the test expects to have no problem."""
    plan = prepare_import(files, mappings)
    assert plan.problems == [], plan.problem_table().to_string()
    return run_import(db, plan)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
