"""Streamlit's settings as `streamlit run app.py` reads them from .streamlit/config.toml.

Debrief holds personal data: it listens on this computer only, tells nobody how
it is used, and keeps cross-site request forgery protection on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from streamlit import config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = PROJECT_ROOT / ".streamlit" / "config.toml"


@pytest.fixture
def effective(monkeypatch, tmp_path):
    """The options as `streamlit run app.py` from the project folder gets them, on a machine without user settings."""
    monkeypatch.chdir(PROJECT_ROOT)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in [n for n in os.environ if n.startswith("STREAMLIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(config, "_main_script_path", str(PROJECT_ROOT / "app.py"))
    config.get_config_options(force_reparse=True)
    yield config.get_option
    monkeypatch.undo()
    config.get_config_options(force_reparse=True)


def shipped(effective, option: str) -> object:
    """The effective value of `option`, which the shipped .streamlit/config.toml sets (asserted)."""
    assert config.get_where_defined(option) == str(CONFIG_FILE)
    return effective(option)


def test_debrief_listens_on_this_computer_only(effective):
    assert shipped(effective, "server.address") == "localhost"


def test_no_usage_statistics_are_sent(effective):
    assert shipped(effective, "browser.gatherUsageStats") is False


def test_cross_site_request_forgery_protection_is_on(effective):
    assert effective("server.enableXsrfProtection") is True


def test_error_details_stay_out_of_the_page(effective):
    """A traceback could show a line of the user's notes; the terminal has the details."""
    assert effective("client.showErrorDetails") == "none"


def test_no_code_lets_streamlit_render_html():
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for folder in ("pages", "ui", "analytics", "data", "followups")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"unsafe_allow_html\s*=\s*True", line)
    ]
    app = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")
    assert offenders == []
    assert not re.search(r"unsafe_allow_html\s*=\s*True", app)


def test_the_first_run_asks_nothing_and_waits_for_no_terminal(effective):
    """No "Welcome to Streamlit ... Email:" prompt (it also announces usage statistics), no browser to open."""
    assert shipped(effective, "server.headless") is True
    assert effective("server.showEmailPrompt") is False


def test_the_tables_own_download_and_copy_are_off(effective):
    """Streamlit's "Download as CSV" writes formulas unguarded; Debrief's own download guards them (ui/tables.py)."""
    assert effective("client.disableDataExport") is True


def test_the_address_printed_at_start_is_localhost_so_nothing_asks_for_the_public_one(effective):
    # Without browser.serverAddress, Streamlit on 0.0.0.0 and headless asks checkip.amazonaws.com.
    assert shipped(effective, "browser.serverAddress") == "localhost"


def test_streamlits_agent_api_stays_shut(effective):
    assert effective("server.enableAgentApi") is False
    assert config.get_where_defined("server.enableAgentApi") == str(CONFIG_FILE)
