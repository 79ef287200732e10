"""A user brings in a LinkedIn export, checks the preview, imports it, exports everything, and restores a backup."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from playwright.sync_api import expect

FIXTURES = Path(__file__).resolve().parents[1] / "data_io" / "fixtures"


def test_import_a_linkedin_export_then_export_everything(page, served):
    url, _ = served
    page.goto(url + "/data")
    expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible(timeout=30_000)

    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(FIXTURES / "Job Applications.csv")
    expect(page.get_by_text("read as LinkedIn job applications, 3 rows")).to_be_visible()
    confirm = page.get_by_role("button", name="Import 3 applications")
    expect(confirm).to_be_visible()
    confirm.click()
    expect(page.get_by_text("Imported 3 applications.")).to_be_visible()
    expect(confirm).to_have_count(0)

    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export everything").click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        assert sorted(archive.namelist()) == [
            "applications.csv",
            "contacts.csv",
            "follow_ups.csv",
            "interviews.csv",
            "reflections.csv",
        ]
        applications = archive.read("applications.csv").decode("utf-8-sig").splitlines()
    assert applications[0].startswith("id,company,role,location,source,url,applied_on,responded_on,status,notes")
    assert applications[1].startswith(
        "1,Acme Robotics,Data Engineer,,LinkedIn,https://www.linkedin.com/jobs/view/3801,2024-01-19"
    )


def test_back_up_import_more_then_restore_the_backup(page, served):
    url, _ = served
    page.goto(url + "/data")
    page.get_by_role("tab", name="Backups").click()
    page.get_by_role("button", name="Back up now").click()
    expect(page.get_by_text("Backed up: auto-")).to_be_visible(timeout=30_000)

    page.get_by_role("tab", name="Import").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(FIXTURES / "teal.csv")
    page.get_by_role("button", name="Import 3 applications").click()
    expect(page.get_by_text("Imported 3 applications.")).to_be_visible()

    page.get_by_role("tab", name="Backups").click()
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option").filter(has_text="-manual.duckdb").click()
    # What the backup holds and its verdict, before the button.
    expect(page.get_by_text("It passed every check")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Applications")).to_contain_text("0")
    page.get_by_role("button", name="Restore this backup").click()
    expect(page.get_by_text("Your data from before the restore is kept in")).to_contain_text("-before-restore.duckdb")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Applications").click()
    expect(page.get_by_text("No applications yet")).to_be_visible()
