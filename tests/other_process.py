"""A second process holding a database file open, as a second `streamlit run` would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD_OPEN = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


@contextmanager
def held_by_another_process(path: Path) -> Iterator[int]:
    """Keep `path` open in another Python process until the block ends; yield its PID.

    The process says "ready" once DuckDB holds the file's lock, so the test waits
    on that line rather than on a clock.
    """
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = process.stdout.readline().strip()
        if ready != "ready":
            process.kill()
            raise RuntimeError(f"the other process did not open the database: {process.stderr.read()}")
        yield process.pid
    finally:
        if process.poll() is None:
            process.stdin.close()
            process.wait(timeout=60)
