"""Fixtures that build each test its own world: a fresh database in `tmp_path`.

`db` is an empty, migrated database; `filled_db` holds a small job search whose
numbers can be counted by hand (see `build_small_search`); `app` is an AppTest
started from app.py on whichever of them the test asked for; `served` and
`served_search` serve those databases to the app's pages (`ui.store.serve`), and
`page_opener(PAGE)` opens a page as a user does.

The suite runs on every core (pytest-xdist, `-n auto` in pyproject.toml), so a
test owns nothing outside its `tmp_path`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import settings
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from data.store.applications import Application, save_application
from data.store.db import Database
from data.store.interviews import Interview, save_interview
from ui.store import serve

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# In CI the property-based tests replay the same examples every run, so a red CI
# always points at a real change; on a developer's machine they keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Linux's shared memory: a file system in memory, present on every Linux machine.
MEMORY_FOLDER = Path("/dev/shm")
# What the temporary folders of a whole run may hold at once, with room to spare.
MEMORY_NEEDED = 2 * 1024**3


def pytest_configure(config):
    """Keep the tests' temporary folders in memory where Linux offers it (set PYTEST_DEBUG_TEMPROOT to choose).

    Every save checkpoints, and a checkpoint waits for the disk (fsync); on a
    disk that is half the time of the database tests. In memory, a file written
    by one process is read back by another exactly as on disk, so what the tests
    prove (crashes, other processes, full and read-only disks) is unchanged.
    """
    if (
        sys.platform == "linux"
        and MEMORY_FOLDER.is_dir()
        and os.access(MEMORY_FOLDER, os.W_OK)
        # A container's /dev/shm can be as small as 64 MB: there, the disk.
        and shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_NEEDED
    ):
        os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", str(MEMORY_FOLDER))


# Whether each phase of a test (setup, call) passed, for `tmp_path`.
_PASSED = pytest.StashKey[dict[str, bool]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_PASSED, {})[report.when] = report.passed
    return report


@pytest.fixture
def tmp_path(tmp_path, request) -> Path:
    """pytest's `tmp_path`, emptied once its test has passed when it is in memory.

    A whole run writes gigabytes there (a database grows to megabytes, and backups
    copy it). The emptied folder stays, so no later test is given the same path:
    DuckDB hands an already open database to whoever opens its path again.
    """
    yield tmp_path
    if tmp_path.is_relative_to(MEMORY_FOLDER) and all(request.node.stash.get(_PASSED, {}).values()):
        for child in tmp_path.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int | None:
    """One process, no workers, when the command names single tests (`path::test`): starting workers costs more.

    Otherwise (None) pytest-xdist starts one worker per core.
    """
    named = [arg for arg in config.args if not arg.startswith("-")]
    if named and all("::" in arg for arg in named) and not os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return 0
    return None


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Each test starts and ends with empty Streamlit caches (no database kept open across tests)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def _served_navigation(monkeypatch):
    """Run every AppTest through app.py's navigation, as a served Debrief does.

    AppTest puts Streamlit back into its pages-folder mode before every run; a
    page switched to would then run on its own, and `ui.store.database()` would
    rerun it through app.py, dropping the click under test. A served app leaves
    that mode for good on its first run (see ui/routing.py).
    """
    original_init = PagesManager.__init__

    def init_without_pages_folder_mode(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_without_pages_folder_mode)


@pytest.fixture(autouse=True)
def _nothing_served():
    """Each test's pages open the configured file unless the test serves them its own `Database`."""
    serve(None)
    yield
    serve(None)


@pytest.fixture
def served(db) -> Database:
    """The empty database of `db`, served to the app's pages (one `Database` per process, as when served)."""
    serve(db)
    return db


@pytest.fixture
def served_search(filled_db) -> tuple[Database, dict[str, int]]:
    """The small search of `filled_db`, served to the app's pages."""
    serve(filled_db[0])
    return filled_db


def open_app_page(app: AppTest, page: str, **query: object) -> AppTest:
    """Open `page` as a user does: app.py first, then the page, with `query` as its URL's parameters.

    A parameter given as None is left out of the URL. The page must run without an exception.
    """
    at = app.run()
    at.switch_page(page)
    for name, value in query.items():
        if value is not None:
            at.query_params[name] = str(value)
    at.run()
    assert not at.exception
    return at


def page_opener(page: str) -> Callable[..., AppTest]:
    """`open_app_page` for one page: a page test's `open_page = page_opener(PAGE)`, called as `open_page(app)`."""

    def open_page(app: AppTest, **query: object) -> AppTest:
        return open_app_page(app, page, **query)

    return open_page


@pytest.fixture
def open_page(app):
    """`open_app_page` on the test's app: `open_page("pages/today.py")`."""

    def opened(page: str, **query: object) -> AppTest:
        return open_app_page(app, page, **query)

    return opened


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "debrief.duckdb"
    monkeypatch.setenv("DEBRIEF_DB", str(path))
    return path


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory) -> Path:
    """An empty database file migrated to the latest schema, once per test process, for `db` to copy."""
    path = tmp_path_factory.mktemp("migrated") / "empty.duckdb"
    Database(path).close()
    return path


@pytest.fixture
def db(db_path, migrated_file) -> Database:
    """An empty, migrated database at `DEBRIEF_DB`: a copy of `migrated_file`, opened as the app opens it."""
    shutil.copyfile(migrated_file, db_path)
    database = Database(db_path)
    yield database
    database.close()


def build_small_search(db: Database) -> dict[str, int]:
    """A hand-countable search: three applications, two interviews at Acme, one at Globex.

    - Acme, Data Engineer: applied 2026-03-02, reply 2026-03-05, interviewing.
      Screen 2026-03-09 10:00 with Dana Lee (advanced, heard back 2026-03-11);
      technical 2026-03-16 14:00 with Sam Ortiz and Dana Lee (pending).
    - Globex, Analyst: applied 2026-03-03, reply 2026-03-10, rejected.
      Screen 2026-03-12 09:30 with Kim Park (rejected, heard back 2026-03-12).
    - Initech, Developer: applied 2026-03-10, no reply, applied.
    """
    acme = save_application(
        db, Application("Acme", "Data Engineer", date(2026, 3, 2), "interviewing", responded_on=date(2026, 3, 5))
    )
    globex = save_application(
        db, Application("Globex", "Analyst", date(2026, 3, 3), "rejected", responded_on=date(2026, 3, 10))
    )
    initech = save_application(db, Application("Initech", "Developer", date(2026, 3, 10), "applied"))
    acme_screen = save_interview(
        db,
        Interview(acme, "screen", "phone", datetime(2026, 3, 9, 10), ["Dana Lee"], "advanced", date(2026, 3, 11)),
    )
    acme_technical = save_interview(
        db, Interview(acme, "technical", "video", datetime(2026, 3, 16, 14), ["Sam Ortiz", "Dana Lee"])
    )
    globex_screen = save_interview(
        db,
        Interview(globex, "screen", "video", datetime(2026, 3, 12, 9, 30), ["Kim Park"], "rejected", date(2026, 3, 12)),
    )
    return {
        "acme": acme,
        "globex": globex,
        "initech": initech,
        "acme_screen": acme_screen,
        "acme_technical": acme_technical,
        "globex_screen": globex_screen,
    }


@pytest.fixture
def filled_db(db) -> tuple[Database, dict[str, int]]:
    """The database of `db` holding `build_small_search`; returns it with the ids."""
    return db, build_small_search(db)


@pytest.fixture
def app(db_path) -> AppTest:
    """Debrief as AppTest sees it, started from app.py, not yet run."""
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
