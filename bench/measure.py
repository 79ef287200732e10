"""Timing with a warm-up and repetitions, the summary of the samples, and the process's peak memory."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured quantity at one size: its samples (seconds, bytes, rows or MiB), or why it failed.

    A timed figure also keeps the CPU time of each sample (all threads of the
    process): on a busy machine the wall time grows, the CPU time much less.
    """

    name: str
    size: int
    unit: str
    samples: list[float] = field(default_factory=list)
    error: str | None = None
    cpu_samples: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        cpu = summary(self.cpu_samples)["median"]
        return {**asdict(self), **summary(self.samples), "cpu_median": cpu}


def summary(samples: list[float]) -> dict[str, float | None]:
    """Median, min, max and the quartiles (inclusive method) of `samples`; all None when there are none."""
    if not samples:
        return {"median": None, "min": None, "max": None, "q1": None, "q3": None}
    if len(samples) == 1:
        q1 = q3 = samples[0]
    else:
        q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "q1": q1, "q3": q3}


def timed(
    name: str,
    size: int,
    action: Callable[[Any], object],
    *,
    repeat: int,
    warmup: int = 1,
    setup: Callable[[], Any] | None = None,
) -> Figure:
    """Time `action(setup())` `warmup + repeat` times and keep the last `repeat` durations.

    `setup` runs before each call, untimed, and its result is passed to `action`
    (a fresh interview to reflect on, an empty database to import into). An
    exception ends the figure with the error instead of samples.
    """
    figure = Figure(name, size, "s")
    try:
        for run in range(warmup + repeat):
            prepared = setup() if setup is not None else None
            started, cpu_started = time.perf_counter(), time.process_time()
            action(prepared)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            if run >= warmup:
                figure.samples.append(elapsed)
                figure.cpu_samples.append(cpu)
    except Exception as error:  # the table reports it and the run fails
        figure.samples, figure.cpu_samples, figure.error = [], [], f"{type(error).__name__}: {error}"
    return figure


class Stopwatch:
    """Wall and CPU time since it was made: `elapsed()` gives both, in seconds."""

    def __init__(self) -> None:
        self.started, self.cpu_started = time.perf_counter(), time.process_time()

    def elapsed(self) -> tuple[float, float]:
        return time.perf_counter() - self.started, time.process_time() - self.cpu_started


def peak_memory_mb() -> float:
    """The most resident memory this process has held so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
