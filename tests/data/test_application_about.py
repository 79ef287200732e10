"""What the role is about: saved with the application, limited in length, exported and imported back."""

from __future__ import annotations

from datetime import date

import pytest

from data.store.applications import ABOUT_MAX, Application, get_application, save_application
from data.store.db import Database
from data.store.validation import InvalidRecord
from data.transfer.exporting import export_files
from tests.data_io.helpers import import_all

ABOUT = "building the data platform behind their new pricing engine, with «dbt», 🚀 and commas, yes"


def test_what_the_role_is_about_is_saved_trimmed_and_read_back(db):
    app_id = save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about=f"  {ABOUT}  "))
    assert get_application(db.cursor(), app_id).about == ABOUT


def test_an_empty_about_is_no_value(db):
    app_id = save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about="   "))
    assert get_application(db.cursor(), app_id).about is None


def test_an_edit_changes_what_the_role_is_about(db):
    app_id = save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about="pipelines"))
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about="dashboards", id=app_id))
    assert get_application(db.cursor(), app_id).about == "dashboards"


def test_a_long_about_is_refused_naming_the_field(db):
    with pytest.raises(InvalidRecord) as refused:
        save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about="x" * (ABOUT_MAX + 1)))
    assert [p.field for p in refused.value.problems] == ["What the role is about"]
    assert db.cursor().execute("SELECT count(*) FROM applications").fetchone()[0] == 0


def test_what_the_role_is_about_goes_out_and_comes_back_unchanged(db, tmp_path):
    save_application(db, Application("Acme", "Data Engineer", date(2026, 3, 2), about=ABOUT))
    save_application(db, Application("Globex", "Analyst", date(2026, 3, 3)))
    files = export_files(db.cursor())
    assert b"about" in files["applications.csv"].splitlines()[0]

    again = Database(tmp_path / "again.duckdb")
    import_all(again, list(files.items()))
    assert again.cursor().execute("SELECT company, about FROM applications ORDER BY company").fetchall() == [
        ("Acme", ABOUT),
        ("Globex", None),
    ]
    assert export_files(again.cursor()) == files
