"""The Data page as AppTest runs it: import preview and confirmation, refusals, column choices, backups, demo mode."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from data.operations.backup import backup_now, restore_backup
from data.operations.integrity import row_counts
from data.store.applications import Application, save_application
from data.store.db import Database, backups_dir
from data.transfer.exporting import export_zip
from tests.conftest import page_opener
from tests.data_io.helpers import FIXTURES, contents
from tests.data_io.hostile_backups import REFUSED_BECAUSE, before_restore_copies, hostile, read_only_view

PAGE = "pages/data.py"


open_page = page_opener(PAGE)


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="import-files-0").set_value([(name, content, "text/csv") for name, content in files]).run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def stored(path) -> list[tuple]:
    db = Database(path)
    try:
        return db.cursor().execute("SELECT company, role, applied_on, status FROM applications ORDER BY id").fetchall()
    finally:
        db.close()


def test_a_linkedin_export_is_previewed_then_imported_on_confirmation(app, db_path):
    at = upload(open_page(app), ("Job Applications.csv", (FIXTURES / "Job Applications.csv").read_bytes()))
    assert any("read as **LinkedIn job applications**, 3 rows" in m.value for m in at.markdown)
    assert metrics(at) == {
        "Applications to add": "3",
        "Already in Debrief": "0",
        "Not applied yet": "0",
        "Interviews": "0",
        "Reflections": "0",
    }
    columns = at.dataframe[0].value
    assert ("Company Name", "Company") in set(zip(columns["their column"], columns["becomes"], strict=True))
    to_add = at.dataframe[1].value
    assert list(to_add["company"]) == ["Acme Robotics", "Globex", "Initech"]
    assert stored(db_path) == []  # Nothing written before the confirmation.

    at.button(key="import-confirm").click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == ["Imported 3 applications."]
    assert stored(db_path) == [
        ("Acme Robotics", "Data Engineer", date(2024, 1, 19), "applied"),
        ("Globex", "Analytics Engineer", date(2024, 2, 3), "applied"),
        ("Initech", "Backend Developer", date(2023, 12, 28), "applied"),
    ]
    # The upload is cleared, ready for the next one.
    assert at.file_uploader(key="import-files-1").value == []
    assert not [b for b in at.button if b.key == "import-confirm"]


def test_a_bad_file_lists_its_problems_offers_no_import_and_changes_nothing(app, db_path):
    database = Database(db_path)
    save_application(database, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    before = contents(database.cursor())
    database.close()
    bad = b"id,company,role,applied_on,responded_on,status\n1,Globex,Analyst,2026-03-05,2026-03-01,hired\n"
    at = upload(open_page(app), ("applications.csv", bad))
    assert "2 problem(s) in the files" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(zip(problems["row"], problems["column"], strict=True)) == [(2, "status"), (2, "responded_on")]
    assert not [b for b in at.button if b.key == "import-confirm"]
    database = Database(db_path)
    try:
        assert contents(database.cursor()) == before
    finally:
        database.close()


def test_a_spreadsheet_asks_which_column_is_which(app, db_path):
    at = upload(open_page(app), ("my-spreadsheet.csv", (FIXTURES / "my-spreadsheet.csv").read_bytes()))
    role = at.selectbox(key="map-my-spreadsheet.csv-role")
    assert role.value == "Position"
    assert at.selectbox(key="map-my-spreadsheet.csv-applied_on").value == "Date sent"
    assert metrics(at)["Applications to add"] == "3"

    role.set_value("(none)").run()
    assert any("Choose a column for the company, the role and the date applied" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "import-confirm"]

    at.selectbox(key="map-my-spreadsheet.csv-role").set_value("Position").run()
    at.selectbox(key="map-my-spreadsheet.csv-source").set_value("Where").run()
    at.button(key="import-confirm").click().run()
    assert not at.exception
    assert stored(db_path)[0] == ("Acme Robotics", "Data Engineer", date(2024, 3, 15), "rejected")


def test_an_export_of_the_same_data_has_nothing_new_to_add(app, db_path):
    database = Database(db_path)
    save_application(database, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    exported = export_zip(database.cursor())
    database.close()
    at = open_page(app)
    at.file_uploader(key="import-files-0").set_value(("debrief-export.zip", exported, "application/zip")).run()
    assert metrics(at)["Already in Debrief"] == "1"
    assert any("Nothing new to add" in i.value for i in at.info)


def test_back_up_now_then_restore_it_after_a_change(app, db_path):
    database = Database(db_path)
    save_application(database, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    database.close()
    at = open_page(app)
    at.button(key="backup-now").click().run()
    assert not at.exception
    assert at.toast[0].value.startswith("Backed up: auto-")
    [kept] = list(backups_dir(db_path).glob("*-manual.duckdb"))

    database = Database(db_path)
    save_application(database, Application("Hooli", "ML Engineer", date(2026, 3, 9)))
    database.close()

    at.selectbox(key="restore-choice-0").set_value(str(kept)).run()
    # What the backup holds and its verdict come before the question.
    assert metrics(at)["Applications"] == "1"
    assert "It passed every check" in at.success[0].value
    assert "Restoring replaces everything in Debrief with this backup" in at.warning[0].value
    assert [c for c, *_ in stored(db_path)] == ["Acme", "Hooli"]  # Asking changed nothing.
    at.button(key="restore").click().run()
    assert not at.exception
    [before] = list(backups_dir(db_path).glob("*-before-restore.duckdb"))
    assert at.toast[0].value == f"Restored. Your data from before is kept in {before}"
    assert any(str(before) in s.value for s in at.success)
    assert [c for c, *_ in stored(db_path)] == ["Acme"]
    assert [c for c, *_ in stored(before)] == ["Acme", "Hooli"]


def test_a_file_that_is_no_backup_is_refused_before_anything_is_asked(app, db_path):
    at = open_page(app)
    at.file_uploader(key="restore-upload-0").set_value(("fake.duckdb", b"not a database", "application/octet-stream"))
    at.run()
    assert "not a Debrief backup" in at.error[0].value
    assert not [b for b in at.button if b.key == "restore"]


def rows_in(path) -> dict[str, int]:
    db = Database(path)
    try:
        return row_counts(db.cursor())
    finally:
        db.close()


def restore_buttons(at: AppTest) -> list:
    return [b for b in at.button if b.key == "restore"]


@pytest.mark.parametrize("kind", ["fake", "truncated"])
def test_a_hostile_backup_uploaded_six_times_is_refused_and_changes_nothing(app, db_path, tmp_path, kind):
    database = Database(db_path)
    save_application(database, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    older = backup_now(database, tmp_path / "older.duckdb")
    save_application(database, Application("Hooli", "ML Engineer", date(2026, 3, 9)))
    first_copy = restore_backup(database, older)  # An earlier restore kept the data with Hooli.
    rows, content = rows_in(db_path), db_path.read_bytes()
    bad = hostile(kind, tmp_path / "hostile").read_bytes()

    at = open_page(app)
    for attempt in range(6):
        upload = at.file_uploader(key="restore-upload-0")
        upload.set_value((f"backup-{attempt}.duckdb", bad, "application/octet-stream")).run()
        assert not at.exception
        refusal = at.error[0].value.replace("\\", "")  # Shown through ui.text.md, which escapes Markdown.
        assert REFUSED_BECAUSE[kind] in refusal and "Nothing was changed: your data is as it was." in refusal
        assert not restore_buttons(at)
        assert rows_in(db_path) == rows

    assert [c for c, *_ in stored(db_path)] == ["Acme"]
    assert db_path.read_bytes() == content
    assert before_restore_copies(db_path) == [first_copy]
    assert [c for c, *_ in stored(first_copy)] == ["Acme", "Hooli"]


def test_a_damaged_backup_in_the_list_shows_when_it_was_taken_and_offers_no_restore(app, db_path, tmp_path):
    Database(db_path).close()
    backups_dir(db_path).mkdir()
    cut = backups_dir(db_path) / "auto-20260301-093000-000000-manual.duckdb"
    cut.write_bytes(hostile("truncated", tmp_path / "hostile").read_bytes())
    at = open_page(app)
    at.selectbox(key="restore-choice-0").set_value(str(cut)).run()
    assert not at.exception
    assert any("taken Sunday 01 March 2026 at 09:30" in c.value for c in at.caption), [c.value for c in at.caption]
    assert "This file is cut short or damaged" in at.error[0].value
    assert not restore_buttons(at)


def test_an_uploaded_backup_shows_what_it_holds_and_its_verdict_before_the_restore_button(app, db_path, tmp_path):
    database = Database(db_path)
    save_application(database, Application("Acme", "Data Engineer", date(2026, 3, 2)))
    save_application(database, Application("Globex", "Analyst", date(2026, 3, 3)))
    good = backup_now(database, tmp_path / "good.duckdb").read_bytes()
    save_application(database, Application("Hooli", "ML Engineer", date(2026, 3, 9)))
    database.close()
    at = open_page(app)
    at.file_uploader(key="restore-upload-0").set_value(("mine.duckdb", good, "application/octet-stream")).run()
    assert not at.exception
    assert metrics(at) == {
        "Applications": "2",
        "Interviews": "0",
        "Reflections": "0",
        "Contacts": "0",
        "Follow-ups": "0",
    }
    assert any("its latest change was made" in c.value and "schema version" in c.value for c in at.caption)
    assert "It passed every check" in at.success[0].value
    assert restore_buttons(at)
    assert [c for c, *_ in stored(db_path)] == ["Acme", "Globex", "Hooli"]  # Shown, not yet restored.

    at.button(key="restore").click().run()
    assert not at.exception
    [kept] = before_restore_copies(db_path)
    assert at.toast[0].value == f"Restored. Your data from before is kept in {kept}"
    assert [c for c, *_ in stored(db_path)] == ["Acme", "Globex"]
    assert [c for c, *_ in stored(kept)] == ["Acme", "Globex", "Hooli"]


def test_back_up_now_into_a_read_only_backups_folder_says_so(app, db_path, tmp_path):
    Database(db_path).close()
    hidden = tmp_path.parent / f"{tmp_path.name}-backups"
    hidden.mkdir()
    with read_only_view(hidden, backups_dir(db_path)):
        at = open_page(app)
        at.button(key="backup-now").click().run()
        assert not at.exception
        shown = at.error[0].value.replace("\\", "")
        assert "No backup was made" in shown and "the file system it is on is read-only" in shown
        assert not at.toast


DEMO_SCRIPT = """
from ui.demo import demo_banner, demo_offer
demo_banner()
demo_offer()
"""


def test_demo_mode_uses_its_own_file_says_so_and_leaves_in_one_click(db_path):
    at = AppTest.from_string(DEMO_SCRIPT, default_timeout=120).run()
    assert not at.exception
    assert not [m for m in at.markdown if "You are exploring demo data" in m.value]
    at.button(key="demo-enter").click().run()
    assert not at.exception
    banner = [m.value for m in at.markdown if "You are exploring demo data" in m.value]
    assert banner and "debrief-demo" in banner[0]
    demo_file = db_path.parent / "debrief-demo" / "demo.duckdb"
    assert demo_file.exists()
    # The user's own database was not even created, let alone written.
    assert not db_path.exists()

    at.button(key="demo-leave").click().run()
    assert not [m for m in at.markdown if "You are exploring demo data" in m.value]
