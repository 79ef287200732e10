"""Nobody in: Debrief listens on this computer only, and on a network shows nothing without its password."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from streamlit import config

import ui.access
from tests.conftest import PROJECT_ROOT

PASSWORD = "correct horse battery staple"


def every_text(at) -> str:
    """Everything the page shows as text, in the main area and the sidebar."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success")
    parts = [element.value for kind in kinds for element in getattr(at, kind)]
    parts += [element.value for kind in kinds for element in getattr(at.sidebar, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def listening_on(monkeypatch):
    """Set Streamlit's `server.address` for this test, as `--server.address` would, and restore it after."""
    before = config.get_option("server.address")

    def listen(address: str | None) -> None:
        config.set_option("server.address", address)

    yield listen
    config.set_option("server.address", before)


@pytest.fixture
def no_password(monkeypatch):
    monkeypatch.delenv("DEBRIEF_PASSWORD", raising=False)


# The shipped configuration


def test_the_shipped_config_listens_on_localhost_with_xsrf_protection():
    shipped = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert shipped["server"]["address"] == "localhost"
    assert shipped["server"]["enableXsrfProtection"] is True
    assert shipped["browser"]["gatherUsageStats"] is False


def test_the_effective_config_in_the_project_folder_is_localhost_with_xsrf_protection():
    # A fresh interpreter in the project folder reads the config exactly as `streamlit run app.py` does.
    program = (
        "from streamlit import config\n"
        "for key in ('server.address', 'server.enableXsrfProtection', 'browser.gatherUsageStats'):\n"
        "    print(key, config.get_option(key))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", program], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert shown == ["server.address localhost", "server.enableXsrfProtection True", "browser.gatherUsageStats False"]


@pytest.mark.parametrize("address", ["localhost", "127.0.0.1", "::1", "[::1]", "LOCALHOST"])
def test_addresses_of_this_computer_only_are_local(listening_on, address):
    listening_on(address)
    assert not ui.access.reachable_from_network()


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "::", "debrief.example.org", "", None])
def test_every_other_address_is_reachable_from_the_network(listening_on, address):
    # No address at all makes Streamlit listen on every address of the computer.
    listening_on(address)
    assert ui.access.reachable_from_network()


# The app on this computer only


def test_on_localhost_the_data_shows_without_a_password(filled_db, app, listening_on, no_password):
    listening_on("localhost")
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Today"
    assert "Acme" in every_text(at)


# The app on a network address


def test_on_a_network_address_without_a_password_no_data_shows_and_the_fix_is_explained(
    filled_db, app, listening_on, no_password, db_path
):
    listening_on("0.0.0.0")
    at = app.run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Debrief is reachable from your network"]
    shown = every_text(at)
    assert "0.0.0.0" in shown and "DEBRIEF_PASSWORD" in shown and ".streamlit/secrets.toml" in shown
    for private in ("Acme", "Globex", "Dana Lee", str(db_path)):
        assert private not in shown
    assert not at.text_input  # no sign-in form: there is no password to check against


def test_on_a_network_address_the_password_is_asked_and_a_wrong_one_shows_nothing(
    filled_db, app, listening_on, monkeypatch, db_path
):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    assert [t.value for t in at.title] == ["Debrief"]
    assert "Acme" not in every_text(at)

    at.text_input(key="access-password").input("correct horse battery").run()
    at.button[0].click().run()

    assert not at.exception
    assert [e.value for e in at.error] == ["That is not the password."]
    shown = every_text(at)
    assert "Acme" not in shown and str(db_path) not in shown


def test_the_right_password_shows_the_data_for_the_rest_of_the_session(filled_db, app, listening_on, monkeypatch):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    at.text_input(key="access-password").input(PASSWORD)
    at.button[0].click().run()

    assert not at.exception
    assert at.title[0].value == "Today"
    assert "Acme" in every_text(at)
    at.switch_page("pages/applications.py").run()
    assert not at.exception
    assert sorted(at.dataframe[0].value["company"]) == ["Acme", "Globex", "Initech"]


def test_the_password_in_secrets_toml_is_asked_for(filled_db, app, listening_on, no_password):
    listening_on("192.168.1.20")
    app.secrets["password"] = PASSWORD
    at = app.run()
    assert [t.value for t in at.title] == ["Debrief"]

    at.text_input(key="access-password").input(PASSWORD)
    at.button[0].click().run()

    assert not at.exception
    assert at.title[0].value == "Today"


def test_a_changed_password_signs_the_session_out(filled_db, app, listening_on, monkeypatch):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    at.text_input(key="access-password").input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Today"

    monkeypatch.setenv("DEBRIEF_PASSWORD", "a new password")
    at.run()

    assert [t.value for t in at.title] == ["Debrief"]
    assert "Acme" not in every_text(at)


def test_the_password_is_compared_in_constant_time(monkeypatch):
    compared = []

    def compare_digest(a, b):
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(ui.access.hmac, "compare_digest", compare_digest)

    assert ui.access.password_matches(PASSWORD, PASSWORD)
    assert not ui.access.password_matches("guess", PASSWORD)
    assert compared == [(PASSWORD.encode(), PASSWORD.encode()), (b"guess", PASSWORD.encode())]
