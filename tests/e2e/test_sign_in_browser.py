"""Debrief on an address other computers could reach, in a real browser: the password first, then the data.

The server listens on 127.0.0.2: still this computer (all of 127.0.0.0/8 is
loopback on Linux), but not one of the addresses Debrief counts as local, so the
sign-in screen guards it exactly as it would guard 0.0.0.0.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from data.store.db import Database
from tests.conftest import build_small_search
from tests.e2e.conftest import start_server, stop_server

PASSWORD = "correct horse battery staple"
WAIT = 30_000


@pytest.fixture
def guarded(tmp_path):
    path = tmp_path / "debrief.duckdb"
    db = Database(path)
    build_small_search(db)
    db.close()
    server, url = start_server(path, "127.0.0.2", DEBRIEF_PASSWORD=PASSWORD)
    yield url, path
    stop_server(server)


def sign_in(page, password: str) -> None:
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_the_first_right_password_opens_debrief(page, guarded):
    url, path = guarded
    page.goto(url)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT)
    # Nothing of the data before signing in: no page list, no names, not even the file's path.
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_text("Acme")).to_have_count(0)
    expect(page.get_by_text(str(path))).to_have_count(0)

    sign_in(page, PASSWORD)

    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=WAIT)
    # The small search's interviews are from March: waiting, and to reflect on from the Reflect page.
    expect(page.get_by_text("Acme", exact=True).first).to_be_visible()
    expect(page.get_by_text("Older interviews without a reflection (3) are on the Reflect page")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Applications").click()
    expect(page.get_by_text("Showing 1–3 of 3")).to_be_visible(timeout=WAIT)


def test_a_wrong_password_is_told_at_the_first_try_and_shows_nothing(page, guarded):
    url, _ = guarded
    page.goto(url + "/applications")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT)

    sign_in(page, "correct horse battery")

    expect(page.get_by_text("That is not the password.")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Acme")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    sign_in(page, PASSWORD)
    # The page the link named opens once signed in.
    expect(page.get_by_role("heading", name="Applications")).to_be_visible(timeout=WAIT)
