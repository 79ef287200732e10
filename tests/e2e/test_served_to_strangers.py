"""A real Debrief server, spoken to as a hostile page or a stranger on the network would: no data, nothing personal.

No browser: a websocket client speaks Streamlit's protocol directly, so the
`Host` header can be anything, as under DNS rebinding (a name of the attacker's
that resolves to 127.0.0.1). Every byte the server sends is searched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from data.store.db import Database
from tests.conftest import build_small_search
from tests.e2e.conftest import PROJECT_ROOT, _free_port, _wait_until_healthy, stop_server

PASSWORD = "correct horse battery staple"


def serve(tmp_path: Path, address: str, **env: str) -> tuple[subprocess.Popen, int, Path]:
    """`streamlit run app.py` on `address` over the small search; returns the server, its port, the database."""
    path = tmp_path / "debrief.duckdb"
    db = Database(path)
    build_small_search(db)
    db.close()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
        + ["--server.address", address, "--server.fileWatcherType", "none"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DEBRIEF_DB": str(path), "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_healthy(f"http://{address}:{port}", server)
    except BaseException:
        server.kill()
        raise
    return server, port, path


@pytest.fixture
def local_server(tmp_path):
    server, port, path = serve(tmp_path, "127.0.0.1")
    yield port, path
    stop_server(server)


@pytest.fixture
def guarded_server(tmp_path):
    server, port, path = serve(tmp_path, "127.0.0.2", DEBRIEF_PASSWORD=PASSWORD)
    yield port, path
    stop_server(server)


def one_run(address: str, port: int, host: str) -> bytes:
    """Open the app's websocket as a page opened at `http://{host}/` would, run the app once; all bytes received."""
    received = []
    with (
        socket.create_connection((address, port), timeout=30) as sock,
        connect(f"ws://{host}/_stcore/stream", sock=sock, subprotocols=["streamlit"], open_timeout=30) as ws,
    ):
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_script_hash = ""
        ws.send(rerun.SerializeToString())
        while True:
            data = ws.recv(timeout=60)
            received.append(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "script_finished":
                break
    return b"".join(received)


def http_get(address: str, port: int, host: str, path: str) -> bytes:
    request = urllib.request.Request(f"http://{address}:{port}{path}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def personal(path: Path) -> list[bytes]:
    """What must never reach a stranger: names from the search, the database's and the install folder's paths."""
    return [b"Acme", b"Globex", b"Dana Lee", str(path).encode(), str(PROJECT_ROOT).encode()]


def test_the_websocket_opened_under_a_foreign_name_is_refused_before_it_opens(local_server):
    port, _ = local_server

    with pytest.raises(InvalidStatus) as refused:
        one_run("127.0.0.1", port, f"attacker.example:{port}")

    assert refused.value.response.status_code == 403
    assert [p for p in personal(local_server[1]) if p in refused.value.response.body] == []


def test_the_same_websocket_under_localhost_gets_the_data(local_server):
    # The client above would see the data if there were any to see.
    port, _ = local_server
    assert b"Acme" in one_run("127.0.0.1", port, f"localhost:{port}")


@pytest.mark.parametrize("path", ["/", "/applications", "/_stcore/health", "/_stcore/host-config", "/_stcore/metrics"])
def test_every_address_under_a_foreign_name_gets_the_reason_and_nothing_else(local_server, path):
    port, database = local_server

    with pytest.raises(urllib.error.HTTPError) as refused:
        http_get("127.0.0.1", port, f"attacker.example:{port}", path)

    page = refused.value.read()
    assert refused.value.code == 403
    assert page.startswith(b"Debrief does not answer to this address")
    assert f"open http://localhost:{port}".encode() in page
    assert b"attacker.example" not in page
    assert [p for p in personal(database) if p in page] == []


def test_before_sign_in_no_message_names_the_user_or_their_data(guarded_server):
    port, path = guarded_server
    sent = one_run("127.0.0.2", port, f"127.0.0.2:{port}")

    assert b"Sign in" in sent
    assert [p for p in personal(path) if p in sent] == []
    assert b"/home/" not in sent and str(Path.home()).encode() not in sent


def test_the_metrics_endpoint_has_no_figures_to_give(guarded_server):
    port, _ = guarded_server
    one_run("127.0.0.2", port, f"127.0.0.2:{port}")
    one_run("127.0.0.2", port, f"127.0.0.2:{port}")

    metrics = http_get("127.0.0.2", port, f"127.0.0.2:{port}", "/_stcore/metrics").decode()

    assert [line for line in metrics.splitlines() if not line.startswith("#")] == []
    assert "session" not in metrics


def test_the_very_first_session_after_start_gets_no_install_path(guarded_server):
    port, _ = guarded_server
    assert str(PROJECT_ROOT).encode() not in one_run("127.0.0.2", port, f"127.0.0.2:{port}")
