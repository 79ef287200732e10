"""The README's run command, exactly as written, serves on a machine where Streamlit never ran.

A fresh machine: `HOME` is an empty folder (no `~/.streamlit`), standard input
is empty, and (where Linux lets an unprivileged user make one) the command runs
in a network namespace of its own with only the loopback interface, so nothing
it starts can reach beyond this computer; elsewhere proxies to a closed port
stand in. The command is run in two ways: with no terminal at all (as a script
or a service would) and on a terminal (through `script`, as a person would).
It must serve without a prompt, print the address to open, and say nothing
about e-mail or usage statistics. `pip install` finds everything installed
already and is told not to use the network (`PIP_NO_INDEX`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.e2e.conftest import PROJECT_ROOT, _free_port

README = PROJECT_ROOT / "README.md"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def run_command() -> str:
    """The line of the README's "Run it" block that starts Debrief."""
    block = re.search(r"```bash\n(.*?)```", readme_section("Run it"), re.DOTALL).group(1)
    lines = [line for line in block.splitlines() if "streamlit run app.py" in line]
    assert len(lines) == 1, block
    return lines[0].strip()


def isolated_network() -> list[str]:
    """A prefix that runs a command with no network but loopback, or [] where that is not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=30)
    return [unshare, "-rn"] if probe.returncode == 0 else []


def test_the_readme_sets_up_a_virtual_environment_before_pip_install():
    block = re.search(r"```bash\n(.*?)```", readme_section("Run it"), re.DOTALL).group(1).splitlines()
    assert block[0] == "python3 -m venv .venv && . .venv/bin/activate"
    assert block[1] == "pip install -r requirements.txt && streamlit run app.py"
    assert re.search(r"```bash\npip install -r requirements-dev.txt && pytest\n```", readme_section("Test it"))


@pytest.mark.parametrize("terminal", [False, True], ids=["no terminal", "terminal"])
def test_the_readme_run_command_serves_on_a_fresh_machine_without_a_prompt(tmp_path, terminal):
    command = run_command()
    home = tmp_path / "home"
    home.mkdir()
    port = _free_port()
    binaries = str(Path(sys.executable).parent)
    env = {
        "HOME": str(home),
        "PATH": f"{binaries}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "DEBRIEF_DB": str(tmp_path / "debrief.duckdb"),
        # Only the port differs from the README's 8501, which another Debrief may be using.
        "STREAMLIT_SERVER_PORT": str(port),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "PYTHONUNBUFFERED": "1",
    }
    if terminal:
        if shutil.which("script") is None:
            pytest.skip("no `script` here to give the command a terminal")
        started = f"script -qefc {sh_quote(command)} /dev/null"
    else:
        started = command
    # Inside the (possibly isolated) network: start the command; read what it prints (a FIFO, so the
    # reader waits for each line) into the log until it gives its address, ask its health once, stop it.
    harness = textwrap.dedent(
        f"""
        ip link set lo up 2>/dev/null || true
        mkfifo "$OUT"
        setsid bash -c {sh_quote(started)} < /dev/null > "$OUT" 2>&1 &
        server=$!
        {sh_quote(sys.executable)} - <<'PY'
        import os, signal, urllib.request
        signal.alarm(90)  # the deadline: a server that never says where it listens fails the test
        with open(os.environ["OUT"], encoding="utf-8", errors="replace") as said, open(os.environ["LOG"], "w") as log:
            for line in said:
                log.write(line)
                log.flush()
                if "URL:" in line:
                    with urllib.request.build_opener(urllib.request.ProxyHandler({{}})).open(
                        "http://127.0.0.1:{port}/_stcore/health", timeout=30
                    ) as response:
                        print("HEALTH", response.status, response.read().decode())
                    break
            else:
                print("NO ANSWER")
        PY
        kill -TERM -- -$server
        wait $server
        """
    )
    log = tmp_path / "server.log"
    finished = subprocess.run(
        [*isolated_network(), "bash", "-c", harness],
        cwd=PROJECT_ROOT,
        env={**env, "LOG": str(log), "OUT": str(tmp_path / "server.out")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    assert "HEALTH 200 ok" in finished.stdout, finished.stdout + finished.stderr + output
    assert f"http://localhost:{port}" in output
    for said in ("Email", "Welcome to Streamlit", "usage statistics", "gatherUsageStats", "External URL"):
        assert said not in output
    # Nothing written about the user in the empty home folder but pip's own cache, if any.
    assert not (home / ".streamlit" / "credentials.toml").exists()


def sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def test_the_test_command_is_unchanged_in_ci():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-r requirements-dev.txt" in ci and re.search(r"^pytest$", ci, re.MULTILINE)
    assert os.path.exists(PROJECT_ROOT / "requirements.txt")
