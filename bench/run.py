"""Measure how Debrief grows with the size of the job search: `python bench/run.py`.

For each size (default 1,000 and 100,000 applications) it builds the demo
search in a temporary folder, then measures, each part in a process of its own
(bench/workload.py): every analytics function, every page's server-side render
and what it sends to the browser, the Trends metrics together, saving a
reflection, importing the applications as CSV, and peak memory. It prints one
table, writes it as JSON, and exits with 1 when a target of issue 6 is missed
(bench/targets.py), with 2 when something could not be measured.

    python bench/run.py                       # 1,000 and 100,000 applications, 5 repetitions
    python bench/run.py --sizes 200,2000 --repeat 3
    python bench/run.py --json out.json --markdown table.md --no-fail
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.targets import Check, check  # noqa: E402

DEFAULT_SIZES = (1_000, 100_000)
DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"
PARTS = ("build", "app", "import")
PACKAGES = ("streamlit", "duckdb", "pandas", "altair", "pyarrow", "numpy")
LOG_LINES_SHOWN = 25


def sizes_argument(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers separated by commas, not {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


def parser() -> argparse.ArgumentParser:
    described = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    described.add_argument(
        "--sizes",
        type=sizes_argument,
        default=list(DEFAULT_SIZES),
        help="numbers of applications, separated by commas (default: 1000,100000)",
    )
    described.add_argument("--repeat", type=int, default=5, help="measured repetitions of each figure (default: 5)")
    described.add_argument("--warmup", type=int, default=1, help="unmeasured runs before them (default: 1)")
    described.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds one figure may take before it stops repeating; 0 for no limit (default: 60)",
    )
    described.add_argument("--seed", type=int, default=1, help="seed of the demo generator (default: 1)")
    described.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help="where to write the results (default: bench/results/latest.json)",
    )
    described.add_argument("--markdown", type=Path, help="also write the table as Markdown, for docs/performance.md")
    described.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    return described


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# The machine ---------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures depend on: processors, memory, load, versions, and the code measured."""
    return {
        "processors": os.cpu_count(),
        "processors_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain")),
        "load_average_at_start": _load(),
    }


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def describe_machine(info: dict[str, Any]) -> str:
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items() if version)
    start, end = info.get("load_average_at_start"), info.get("load_average_at_end")
    load = f"; load average {start[0]:g} at start" if start else ""
    load += f", {end[0]:g} at end" if start and end else ""
    return (
        f"{info['processors_usable']} of {info['processors']} processors ({info['cpu'] or 'unknown CPU'}), "
        f"{info['memory_gib']} GiB memory, {info['system']}; Python {info['python']}, {packages}; "
        f"commit {info['commit'] or 'unknown'}{' with uncommitted changes' if info['uncommitted_changes'] else ''}"
        f"{load}"
    )


# Running the parts ----------------------------------------------------------------


def run_part(part: str, size: int, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one part at one size in its own process; its figures and facts, or the reason it failed."""
    out = folder / f"{part}-{size}.json"
    log = folder / f"{part}-{size}.log"
    command = [
        sys.executable,
        "-m",
        "bench.workload",
        part,
        f"--size={size}",
        f"--folder={folder}",
        f"--repeat={args.repeat}",
        f"--warmup={args.warmup}",
        f"--budget={args.budget}",
        f"--seed={args.seed}",
        f"--out={out}",
    ]
    with log.open("w", encoding="utf-8") as errors:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True)
        for line in process.stdout:
            say(line.rstrip())
        code = process.wait()
    if code != 0 or not out.exists():
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        say("\n".join(lines[-LOG_LINES_SHOWN:]))
        last = next((line for line in reversed(lines) if line.strip()), "no message")
        return {"part": part, "size": size, "figures": [], "facts": {}, "error": f"exit {code}: {last}"}
    return json.loads(out.read_text(encoding="utf-8"))


def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as folder:
        for size in args.sizes:
            built = True
            for part in PARTS:
                if not built:
                    results.append({"part": part, "size": size, "figures": [], "facts": {}, "error": "not built"})
                    continue
                say(f"{size:,} applications: {part}")
                result = run_part(part, size, Path(folder), args)
                built = built and not (part == "build" and result.get("error"))
                results.append(result)
    return results


# The table --------------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.1:
            return f"{value * 1000:.1f} ms"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1000:.1f} KB" if value < 1_000_000 else f"{value / 1_000_000:.1f} MB"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    return f"{value:,.0f}"


def _limit(item: Check, unit: str) -> str:
    if item.target.where == "growth":
        return f"≤ {item.target.limit:g}×"
    return ("< " if item.target.strict else "≤ ") + format_value(item.target.limit, unit)


def table_rows(figures: list[dict[str, Any]], checks: list[Check], sizes: list[int], repeat: int) -> list[list[str]]:
    """One row per figure and size: figure, size, median, spread, CPU median, ratio, targets."""
    smallest, largest = min(sizes), max(sizes)
    by_key = {(f["name"], f["size"]): f for f in figures}
    rows = []
    for name in dict.fromkeys(f["name"] for f in figures):
        for size in sizes:
            figure = by_key.get((name, size))
            if figure is None:
                continue
            unit = figure["unit"]
            if figure["error"]:
                rows.append([name, f"{size:,}", "error", figure["error"][:60], "", "", ""])
                continue
            runs = len(figure["samples"])
            spread = f"{format_value(figure['min'], unit)}–{format_value(figure['max'], unit)}" if runs > 1 else ""
            if unit == "s" and runs < repeat:
                # The budget stopped it early (see bench/measure.py, Budget).
                spread = f"{spread} ({runs} runs)" if runs > 1 else "1 run"
            ratio = ""
            small = by_key.get((name, smallest))
            if size == largest and smallest != largest and small and small["median"] and figure["median"] is not None:
                ratio = f"{figure['median'] / small['median']:.2f}×"
            verdicts = [
                f"{'ok' if c.met else 'MISSED'} {_limit(c, unit)}"
                for c in checks
                if c.figure == name and c.size == size
            ]
            cpu = format_value(figure.get("cpu_median"), unit) if figure.get("cpu_samples") else ""
            rows.append(
                [name, f"{size:,}", format_value(figure["median"], unit), spread, cpu, ratio, "; ".join(verdicts)]
            )
    return rows


HEADER = ["figure", "applications", "median", "spread (min–max)", "CPU (median)", "large/small", "target"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    right = {1, 2, 3, 4, 5}

    def line(row: list[str]) -> str:
        return "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def markdown_table(rows: list[list[str]]) -> str:
    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    return "\n".join([line(HEADER), "| --- | ---: | ---: | ---: | ---: | ---: | --- |", *(line(row) for row in rows)])


# Putting it together ------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    info = machine()
    started = datetime.now().isoformat(timespec="seconds")
    say(f"Debrief benchmark on {describe_machine(info)}")
    results = measure(args)
    info["load_average_at_end"] = _load()

    figures = [figure for result in results for figure in result["figures"]]
    medians = {(f["name"], f["size"]): f["median"] for f in figures}
    checks = check(medians, args.sizes)
    smallest, largest = min(args.sizes), max(args.sizes)
    for figure in figures:
        small = medians.get((figure["name"], smallest))
        large = medians.get((figure["name"], largest))
        figure["ratio"] = large / small if figure["size"] == largest and small and large is not None else None
    errors = [f"{r['part']} at {r['size']:,}: {r['error']}" for r in results if r.get("error")]
    errors += [f"{f['name']} at {f['size']:,}: {f['error']}" for f in figures if f["error"]]
    missed = [c for c in checks if not c.met]

    rows = table_rows(figures, checks, args.sizes, args.repeat)
    print(text_table(rows))
    print()
    print(f"Targets: {len(checks) - len(missed)} of {len(checks)} met.")
    units = {f["name"]: f["unit"] for f in figures}
    for item in missed:
        where = f" at {item.size:,}" if item.size else ""
        value = (
            f"{item.value:.2f}×"
            if item.target.where == "growth" and item.value is not None
            else format_value(item.value, units.get(item.figure, ""))
        )
        print(
            f"  MISSED {item.figure}{where}: {value}, target {_limit(item, units.get(item.figure, ''))} "
            f"({item.target.description}){' — ' + item.note if item.note else ''}"
        )
    for error in errors:
        print(f"  ERROR {error}")

    report = {
        "started": started,
        "finished": datetime.now().isoformat(timespec="seconds"),
        "machine": info,
        "sizes": args.sizes,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "budget": args.budget,
        "seed": args.seed,
        "facts": _facts(results),
        "figures": figures,
        "checks": [c.as_dict() for c in checks],
        "missed": len(missed),
        "errors": errors,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    say(f"Results written to {args.json}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(
            f"Measured {started} on {describe_machine(info)}.\n\n{markdown_table(rows)}\n", encoding="utf-8"
        )
    if errors:
        return 2
    return 1 if missed and not args.no_fail else 0


def _facts(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every part's facts, merged by size."""
    merged: dict[str, dict[str, Any]] = {}
    for result in results:
        merged.setdefault(str(result["size"]), {}).update(result["facts"])
    return merged


if __name__ == "__main__":
    sys.exit(main())
