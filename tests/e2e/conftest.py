"""Browser journeys: Debrief served by `streamlit run app.py`, driven by Playwright on the system Chromium.

Playwright cannot download its own browser here, so these tests use Debian's
`chromium`. Where none is installed they are skipped with a reason, unless
DEBRIEF_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

# A loaded 2-core machine can take seconds to answer a rerun; expectations wait
# for their condition up to this long instead of Playwright's default 5 s.
expect.set_options(timeout=20_000)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def _chromium() -> str | None:
    for candidate in (os.environ.get("DEBRIEF_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, deadline_s: float = 60) -> None:
    """Poll the server's health endpoint until it answers, the server dies, or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        try:
            server.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"streamlit exited early:\n{server.stdout.read()}")
    raise RuntimeError("streamlit did not become healthy in time")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("DEBRIEF_REQUIRE_BROWSER") == "1":
            pytest.fail("DEBRIEF_REQUIRE_BROWSER=1 but no Chromium found (apt-get install chromium)")
        pytest.skip("no Chromium here: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def start_server(db_path: Path, address: str = "127.0.0.1", **env: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on `address` and a free port over the database at `db_path`, with `env` added."""
    port = _free_port()
    env = {**os.environ, "DEBRIEF_DB": str(db_path), "PYTHONUNBUFFERED": "1", **env}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            address,
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://{address}:{port}"
    try:
        _wait_until_healthy(url, server)
    except BaseException:
        server.kill()
        raise
    return server, url


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def warm_up(browser, url: str) -> None:
    """Open Debrief once, as its first visitor, and wait until the app has run.

    A fresh server runs the first page it is asked for twice (once alone, then
    through app.py's navigation, see ui/routing.py); a test typing during the
    second run could lose what it typed. After this first visit every page runs once.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60_000)
        expect(page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")).to_have_count(1)
    finally:
        context.close()


@contextmanager
def serving(db_path: Path, browser) -> Iterator[str]:
    """Debrief served over the database at `db_path` and visited once (`warm_up`): its URL; stopped afterwards."""
    server, url = start_server(db_path)
    try:
        warm_up(browser, url)
        yield url
    finally:
        stop_server(server)


@pytest.fixture
def served(tmp_path, browser):
    """A running Debrief on an empty database in `tmp_path`, visited once: yields (url, db_path)."""
    db_path = tmp_path / "debrief.duckdb"
    with serving(db_path, browser) as url:
        yield url, db_path


@pytest.fixture
def page(browser, tmp_path):
    """A fresh browser page on the served app; a screenshot is kept if the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
