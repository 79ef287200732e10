"""Nobody in: Debrief listens on this computer only, answers to its own names only, and on a network
shows nothing without a strong password, typed with waits that grow after each wrong one.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from streamlit import config

import ui.access
from tests.conftest import PROJECT_ROOT
from ui.sign_in_throttle import SignInThrottle

PASSWORD = "correct horse battery staple"


class Clock:
    """A clock the test moves by hand: nothing in these tests sleeps."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    """Each test gets its own sign-in throttle (the real one is shared by the whole process) on a hand clock."""
    clock = Clock()
    monkeypatch.setattr(ui.access, "THROTTLE", SignInThrottle(clock=clock))
    return clock


@pytest.fixture
def host(monkeypatch):
    """Set the `Host` header the page was opened under (AppTest sends none)."""

    def opened_as(name: str | None) -> None:
        monkeypatch.setattr(ui.access, "request_host", lambda: name)

    return opened_as


def sign_in(at, password: str):
    at.text_input(key="access-password").input(password)
    at.button[0].click().run()
    return at


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

    sign_in(at, "correct horse battery")

    assert not at.exception
    assert [e.value for e in at.error] == ["That is not the password."]
    shown = every_text(at)
    assert "Acme" not in shown and str(db_path) not in shown


def test_the_right_password_shows_the_data_for_the_rest_of_the_session(filled_db, app, listening_on, monkeypatch):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    sign_in(at, PASSWORD)

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

    sign_in(at, PASSWORD)

    assert not at.exception
    assert at.title[0].value == "Today"


def test_a_changed_password_signs_the_session_out(filled_db, app, listening_on, monkeypatch):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    sign_in(at, PASSWORD)
    assert at.title[0].value == "Today"

    monkeypatch.setenv("DEBRIEF_PASSWORD", "a new password")
    at.run()

    assert [t.value for t in at.title] == ["Debrief"]
    assert "Acme" not in every_text(at)


def test_the_password_is_compared_in_constant_time_whatever_the_length_of_the_guess(monkeypatch):
    compared = []

    def compare_digest(a, b):
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(ui.access.hmac, "compare_digest", compare_digest)

    assert ui.access.password_matches(PASSWORD, PASSWORD)
    guesses = ["", "g", "guess", PASSWORD[:-1], PASSWORD + "!", "x" * 10_000]
    assert not any(ui.access.password_matches(guess, PASSWORD) for guess in guesses)
    # Every comparison is of two 32-byte digests, never of the texts: a guess's length changes nothing.
    assert len(compared) == 1 + len(guesses)
    assert {(len(a), len(b)) for a, b in compared} == {(32, 32)}
    assert all(PASSWORD.encode() not in (a, b) for a, b in compared)


# Waits after wrong passwords (the rules themselves: test_sign_in_throttle.py)


def warnings(at) -> list[str]:
    return [w.value for w in at.warning] + [e.value for e in at.error]


def test_after_three_wrong_passwords_the_next_try_waits_and_a_try_during_the_wait_is_not_checked(
    filled_db, app, listening_on, monkeypatch, clock
):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    for _ in range(2):
        sign_in(at, "guess")
        assert warnings(at) == ["That is not the password."]
    sign_in(at, "guess")
    assert warnings(at) == [
        "Several wrong passwords: wait 2 seconds before the next try. Each wrong one doubles the wait.",
        "That is not the password.",
    ]

    sign_in(at, PASSWORD)  # the right one, but too soon: not even checked

    assert [t.value for t in at.title] == ["Debrief"]
    assert warnings(at)[0].startswith("Several wrong passwords: wait 2 seconds")
    assert "Acme" not in every_text(at)

    clock.advance(2)
    sign_in(at, PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Today"


def test_ten_wrong_passwords_lock_signing_in_for_fifteen_minutes(filled_db, app, listening_on, monkeypatch, clock):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    at = app.run()
    for _ in range(10):
        sign_in(at, "guess")
        clock.advance(120)  # each wait over before the next try
    clock.advance(-120)

    assert any(text.startswith("Too many wrong passwords: signing in is locked for") for text in warnings(at))
    clock.advance(14 * 60)
    sign_in(at, PASSWORD)
    assert [t.value for t in at.title] == ["Debrief"]
    assert "Acme" not in every_text(at)

    clock.advance(60)
    sign_in(at, PASSWORD)
    assert at.title[0].value == "Today"


def test_wrong_passwords_from_many_sessions_slow_down_every_session(filled_db, app, listening_on, monkeypatch, clock):
    # A guesser opening a new tab for each guess meets the overall count.
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    for _ in range(10):
        sign_in(app.__class__.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run(), "guess")

    newcomer = app.run()
    sign_in(newcomer, PASSWORD)

    assert [t.value for t in newcomer.title] == ["Debrief"]
    assert warnings(newcomer)[0].startswith("Several wrong passwords: wait 2 seconds")


# A password strong enough for a network


@pytest.mark.parametrize("weak", ["1234", "a short one", "aaaaaaaaaaaaaaaaaaaa", "121212121212121212"])
def test_a_weak_password_on_a_network_address_shows_no_data_and_says_why(
    filled_db, app, listening_on, monkeypatch, db_path, weak
):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", weak)
    at = app.run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Debrief's password is too weak for a network"]
    shown = every_text(at)
    assert "at least 12 characters" in shown
    assert not at.text_input  # nothing to type: no password is accepted until it is stronger
    for private in ("Acme", str(db_path), weak):
        assert private not in shown


@pytest.mark.parametrize(
    ("password", "weakness"),
    [
        ("1234", "it is shorter than 12 characters"),
        ("abcdefghijk", "it is shorter than 12 characters"),
        ("abababababababab", "it uses fewer than 5 different characters"),
        ("correct horse battery staple", None),
        ("Tr0ub4dor&3xy", None),
    ],
)
def test_password_strength_for_a_network(password, weakness):
    assert ui.access.password_weakness(password) == weakness


def test_on_localhost_a_weak_password_does_not_matter(filled_db, app, listening_on, monkeypatch):
    listening_on("localhost")
    monkeypatch.setenv("DEBRIEF_PASSWORD", "1234")
    at = app.run()
    assert at.title[0].value == "Today"


# A secrets file that cannot be read


@pytest.fixture
def secrets_file(tmp_path):
    """Point Streamlit's `secrets.files` at one file in `tmp_path`; yields its path, restores the option."""
    before = config.get_option("secrets.files")
    path = tmp_path / "secrets.toml"
    config.set_option("secrets.files", [str(path)])
    yield path
    config.set_option("secrets.files", before)


def test_a_malformed_secrets_file_is_named_as_malformed_not_as_a_missing_password(
    filled_db, app, listening_on, no_password, secrets_file, db_path
):
    listening_on("0.0.0.0")
    secrets_file.write_text('password = "correct horse battery staple\n[server\n', encoding="utf-8")
    at = app.run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Debrief cannot read its secrets file"]
    shown = every_text(at)
    assert "secrets.toml" in shown and "is not valid TOML" in shown and "line 1" in shown
    assert "set a password" not in shown.lower()
    assert not at.text_input
    for private in ("Acme", str(db_path), str(secrets_file.parent), "correct horse"):
        assert private not in shown


def test_a_secrets_file_in_the_project_is_named_without_the_folders_above_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    assert ui.access._where(tmp_path / ".streamlit" / "secrets.toml") == ".streamlit/secrets.toml"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert ui.access._where(tmp_path / "home" / ".streamlit" / "secrets.toml") == "home/.streamlit/secrets.toml"


def test_a_readable_secrets_file_without_a_password_still_asks_for_one(
    filled_db, app, listening_on, no_password, secrets_file
):
    listening_on("0.0.0.0")
    secrets_file.write_text('other = "value"\n', encoding="utf-8")
    at = app.run()
    assert [t.value for t in at.title] == ["Debrief is reachable from your network"]


# Only the expected host names (DNS rebinding)


FOREIGN = [
    "attacker.example:8501",
    "attacker.example",
    "localhost.attacker.example:8501",
    "127.0.0.1.nip.io",
    "",
    "a b",
]
OWN = ["localhost:8501", "localhost", "LOCALHOST:8501", "localhost.:8501", "127.0.0.1:8501", "[::1]:8501", None]


@pytest.mark.parametrize("name", FOREIGN)
def test_a_page_opened_under_a_foreign_name_shows_no_data_and_says_why(
    filled_db, app, listening_on, no_password, host, db_path, name
):
    listening_on("localhost")
    host(name)
    at = app.run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Debrief does not answer to this address"]
    shown = every_text(at)
    assert "DNS rebinding" in shown and "http://localhost:8501" in shown
    for private in ("Acme", "Globex", "Dana Lee", str(db_path)):
        assert private not in shown


@pytest.mark.parametrize("name", OWN)
def test_a_page_opened_under_this_computers_own_names_shows_the_data(
    filled_db, app, listening_on, no_password, host, name
):
    listening_on("localhost")
    host(name)
    at = app.run()
    assert at.title[0].value == "Today"
    assert "Acme" in every_text(at)


def test_with_a_password_a_foreign_name_is_refused_before_the_sign_in_screen(
    filled_db, app, listening_on, monkeypatch, host
):
    listening_on("0.0.0.0")
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    host("attacker.example:8501")
    at = app.run()
    assert [t.value for t in at.title] == ["Debrief does not answer to this address"]
    assert not at.text_input


@pytest.mark.parametrize(
    ("address", "name"),
    [("0.0.0.0", "192.168.1.20:8501"), ("0.0.0.0", "[fe80::1]:8501"), ("debrief.lan", "debrief.lan:8501")],
)
def test_on_a_network_the_address_or_the_configured_name_reaches_the_sign_in_screen(
    filled_db, app, listening_on, monkeypatch, host, address, name
):
    listening_on(address)
    monkeypatch.setenv("DEBRIEF_PASSWORD", PASSWORD)
    host(name)
    at = app.run()
    assert [t.value for t in at.title] == ["Debrief"]
    assert at.text_input(key="access-password")


def test_a_name_listed_in_allowed_hosts_is_answered(filled_db, app, listening_on, no_password, host):
    listening_on("localhost")
    before = config.get_option("server.allowedHosts")
    config.set_option("server.allowedHosts", ["mybox.local"])
    try:
        host("mybox.local:8501")
        assert app.run().title[0].value == "Today"
        assert not ui.access.host_allowed("other.local:8501")
    finally:
        config.set_option("server.allowedHosts", before)
