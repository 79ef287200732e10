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


@dataclass(frozen=True)
class Runs:
    """How often to run what is timed: `warmup` unmeasured runs, then `repeat` measured ones,
    for at most `budget` seconds (None: no limit) per figure (see `Budget`)."""

    repeat: int = 5
    warmup: int = 1
    budget: float | None = 60.0

    def budget_spent(self) -> Budget:
        return Budget(self.budget, self.warmup)


def timed(
    name: str, size: int, action: Callable[[Any], object], runs: Runs, setup: Callable[[], Any] | None = None
) -> Figure:
    """Time `action(setup())` as `runs` says; the figure keeps the measured durations.

    `setup` runs before each call, untimed, and its result is passed to `action`
    (a fresh interview to reflect on, an empty database to import into). An
    exception ends the figure with the error instead of samples.
    """
    figure = Figure(name, size, "s")
    spent = runs.budget_spent()
    try:
        for run in range(runs.warmup + runs.repeat):
            prepared = setup() if setup is not None else None
            clock = Stopwatch()
            action(prepared)
            elapsed, cpu = clock.elapsed()
            if spent.keep(run, elapsed):
                figure.samples.append(elapsed)
                figure.cpu_samples.append(cpu)
            if spent.exhausted():
                break
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


class Budget:
    """How long one figure may take: a slow figure is measured fewer times rather than for hours.

    Runs count against `seconds` (None: no limit); once it is spent the figure
    stops. A warm-up run that alone spends it is kept as the only sample: a
    page that takes minutes at 100,000 applications is measured once.
    """

    def __init__(self, seconds: float | None, warmup: int) -> None:
        self.seconds, self.warmup, self.spent = seconds, warmup, 0.0

    def keep(self, run: int, elapsed: float) -> bool:
        """Count `elapsed` against the budget; whether run number `run` (from 0) is a sample."""
        self.spent += elapsed
        return run >= self.warmup or self.exhausted()

    def exhausted(self) -> bool:
        return self.seconds is not None and self.spent > self.seconds
