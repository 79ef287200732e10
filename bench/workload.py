"""What the benchmark measures at one size, run in a process of its own: `python -m bench.workload PART ...`.

Three parts, each in a fresh process so that its peak memory is its own:

- `build`: the demo search of N applications (data/operations/demo.py) in a database file,
  and its applications exported as Debrief's applications.csv;
- `app`: every public function of analytics.metrics; each page of app.py
  rendered server-side by AppTest (a fresh session's first render, then a
  rerun) and what it sends to the browser; the metrics the Trends page asks
  for, all together; saving one reflection;
- `import`: importing that applications.csv into an empty database.

The parent, bench/run.py, reads the figures from the JSON file each part writes.
"""

from __future__ import annotations

import argparse
import ast
import functools
import inspect
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.measure import Figure, Runs, Stopwatch, peak_memory_mb, timed  # noqa: E402

APP = ROOT / "app.py"
TRENDS_PAGE = "pages/trends.py"
TOGETHER = "Trends metrics together"
ONE_AFTER_ANOTHER = "Trends metrics one after another"
# Values for the metric parameters that have no default.
EXAMPLE_ARGUMENTS: dict[str, object] = {"dimension": "overall"}
# Generous: a slow page should be measured, not cut off.
PAGE_TIMEOUT = 600
# Rows of the CSV imported once, untimed, before the full file: loads the code the import runs.
WARMUP_IMPORT_ROWS = 1_000


def database_file(folder: Path, size: int) -> Path:
    return folder / f"demo-{size}" / "debrief.duckdb"


def csv_file(folder: Path, size: int) -> Path:
    return folder / f"applications-{size}.csv"


def say(text: str) -> None:
    """A line of progress for the parent to pass on."""
    print(text, flush=True)


# build ------------------------------------------------------------------------


def build(folder: Path, size: int, seed: int) -> tuple[list[Figure], dict[str, Any]]:
    """The demo database of `size` applications and its applications.csv; how long it took, and what it holds."""
    from data.operations.demo import generate_demo
    from data.store.db import Database
    from data.transfer.csv_format import to_csv_bytes
    from data.transfer.exporting import export_frame

    path = database_file(folder, size)
    clock = Stopwatch()
    db = Database(path)
    try:
        counts = generate_demo(db, size, seed)
        took, cpu = clock.elapsed()
        # Without reference_ids, which point into contacts.csv: this measures importing applications alone.
        applications = export_frame(db.cursor(), "applications").drop(columns=["reference_ids"])
    finally:
        db.close()
    data = to_csv_bytes(applications)
    csv_file(folder, size).write_bytes(data)
    figures = [
        Figure("build demo database", size, "s", [took], cpu_samples=[cpu]),
        Figure("database file", size, "bytes", [float(path.stat().st_size)]),
        Figure("peak memory: building", size, "MiB", [peak_memory_mb()]),
    ]
    return figures, {"rows": counts, "csv_bytes": len(data)}


# app --------------------------------------------------------------------------


def app_pages() -> list[tuple[str, str]]:
    """(file, title) of every `st.Page` in app.py, in the order of the navigation."""
    found = []
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            file = node.args[0].value
            title = next(
                (k.value.value for k in node.keywords if k.arg == "title" and isinstance(k.value, ast.Constant)),
                Path(file).stem,
            )
            found.append((node.lineno, node.col_offset, file, title))
    return [(file, title) for *_, file, title in sorted(found)]


def public_metrics() -> dict[str, Callable[..., Any]]:
    """Every public function defined in analytics.metrics, by name."""
    from analytics import metrics

    return {
        name: function
        for name, function in vars(metrics).items()
        if inspect.isfunction(function) and function.__module__ == metrics.__name__ and not name.startswith("_")
    }


def example_call(function: Callable[..., Any]) -> tuple[list[object], dict[str, object]]:
    """Arguments for `function(con, ...)`: the defaults, and EXAMPLE_ARGUMENTS for parameters without one."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        if parameter.default is not inspect.Parameter.empty or parameter.kind in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            continue
        if parameter.name not in EXAMPLE_ARGUMENTS:
            raise ValueError(f"bench/workload.py has no example value for {function.__name__}'s {parameter.name!r}")
        if parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = EXAMPLE_ARGUMENTS[parameter.name]
        else:
            args.append(EXAMPLE_ARGUMENTS[parameter.name])
    return args, kwargs


# (name, arguments after the connection, keyword arguments, batch): `batch` numbers the
# `Database.read_all` call the metric was asked in, None for a metric asked alone.
MetricCall = tuple[str, tuple, dict, int | None]


@contextmanager
def recording_metric_calls(calls: list[MetricCall]) -> Iterator[None]:
    """Append to `calls` every call of a public analytics.metrics function, and the batch it was asked in."""
    from analytics import metrics
    from data.store.db import Database

    originals = public_metrics()
    read_all = Database.read_all
    # The script waits in read_all while its reads run on other threads: one batch at a time.
    batches = {"current": None, "count": 0}

    def recorder(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def recorded(con: object, *args: object, **kwargs: object) -> object:
            calls.append((name, args, kwargs, batches["current"]))
            return function(con, *args, **kwargs)

        return recorded

    @functools.wraps(read_all)
    def recorded_read_all(db: Database, reads: Any) -> Any:
        batches["current"], batches["count"] = batches["count"], batches["count"] + 1
        try:
            return read_all(db, reads)
        finally:
            batches["current"] = None

    for name, function in originals.items():
        setattr(metrics, name, recorder(name, function))
    Database.read_all = recorded_read_all
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(metrics, name, function)
        Database.read_all = read_all


def _poll_apptest_in_constant_time() -> None:
    """Make AppTest's wait for the end of a run cost the same however many elements the page drew.

    AppTest's main thread checks every millisecond whether the script has
    stopped by scanning the list of every event of the run, one per element.
    On a page of tens of thousands of elements that scan costs more than the
    page and takes the interpreter lock from it: the figure would measure the
    test harness. A server does no such thing, so here each check reads only
    the events added since the last one.
    """
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    def script_stopped(runner: LocalScriptRunner) -> bool:
        seen = getattr(runner, "_bench_events_seen", 0)
        events = runner.events
        stopped = getattr(runner, "_bench_stopped", False) or ScriptRunnerEvent.SHUTDOWN in events[seen:]
        runner._bench_events_seen, runner._bench_stopped = len(events), stopped
        return stopped

    LocalScriptRunner.script_stopped = script_stopped


def _run_pages_through_app_navigation() -> None:
    """Run every AppTest session through app.py's navigation from its first run, as a served Debrief does.

    AppTest puts Streamlit back into its pages-folder mode before every run, so
    each page opened would first run on its own up to `ui.store.database()`,
    which reruns it through app.py (ui/routing.py): every figure would include
    that extra start. A server leaves the mode on its first run for good (the
    tests do the same, tests/conftest.py).
    """
    from streamlit.runtime.pages_manager import PagesManager

    original_init = PagesManager.__init__

    def init_without_pages_folder_mode(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init_without_pages_folder_mode


class PageFailed(Exception):
    """A page raised while AppTest rendered it."""


# AppTest looks for installed Streamlit components once per AppTest, reading the metadata of every
# installed package (about a second). A server does that once when it starts, so every fresh
# session here reuses the registry the first AppTest built.
_components: object | None = None


def _render(
    script: Path, page: str | None, around_first: AbstractContextManager | None = None
) -> tuple[Any, tuple[float, float], tuple[float, float]]:
    """A fresh session's first render of `page`, then a rerun: the AppTest and the (wall, CPU) times of both.

    `around_first` is entered around the first render only.
    """
    global _components
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    # A fresh session after a write, as a user meets it: every st.cache_data entry is stale.
    # The process keeps its open database (st.cache_resource), as a running server does.
    st.cache_data.clear()
    at = AppTest.from_file(str(script), default_timeout=PAGE_TIMEOUT)
    if _components is not None and hasattr(at, "_bidi_component_manager"):
        at._bidi_component_manager = _components
    if page is not None:
        at.switch_page(page)
    with around_first or nullcontext():
        clock = Stopwatch()
        at.run()
        first = clock.elapsed()
    _check(at, page)
    _components = getattr(at, "_bidi_component_manager", None)
    clock = Stopwatch()
    at.run()
    rerun = clock.elapsed()
    _check(at, page)
    return at, first, rerun


def _check(at: Any, page: str | None) -> None:
    if at.exception:
        raise PageFailed(f"{page or 'script'} raised {at.exception[0].message}")


def _render_figures(
    name: str,
    size: int,
    script: Path,
    page: str | None,
    runs: Runs,
    around_first: AbstractContextManager | None = None,
) -> tuple[list[Figure], Any]:
    """First render and rerun figures of one page, and the AppTest of the first cycle (None if it failed).

    The first cycle's first render happens inside `around_first`.
    """
    first = Figure(f"{name}: first render", size, "s")
    rerun = Figure(f"{name}: rerun", size, "s")
    first_at = None
    spent = runs.budget_spent()
    try:
        for cycle in range(runs.warmup + runs.repeat):
            at, (first_time, first_cpu), (rerun_time, rerun_cpu) = _render(
                script, page, around_first if cycle == 0 else None
            )
            if cycle == 0:
                first_at = at
            if spent.keep(cycle, first_time + rerun_time):
                first.samples.append(first_time)
                first.cpu_samples.append(first_cpu)
                rerun.samples.append(rerun_time)
                rerun.cpu_samples.append(rerun_cpu)
            if spent.exhausted():
                break
    except Exception as error:  # the table reports it and the run fails
        first.samples, rerun.samples, first.cpu_samples, rerun.cpu_samples = [], [], [], []
        first.error = rerun.error = f"{type(error).__name__}: {error}"
    return [first, rerun], first_at


def page_figures(folder: Path, size: int, runs: Runs) -> tuple[list[Figure], list[MetricCall]]:
    """Render figures and payload of every page of app.py, and the metric calls the Trends page made."""
    from bench.payload import page_payload

    baseline = folder / "baseline_app.py"
    baseline.write_text('import streamlit as st\n\nst.title("Baseline")\n', encoding="utf-8")
    figures, _ = _render_figures("AppTest baseline (one-line script)", size, baseline, None, runs)
    # The first render of the first cycle starts with empty caches: its calls are everything Trends computes.
    trends_calls: list[MetricCall] = []
    for file, title in app_pages():
        say(f"  page {title}")
        recording = recording_metric_calls(trends_calls) if file == TRENDS_PAGE else None
        rendered, at = _render_figures(f"page {title}", size, APP, file, runs, recording)
        figures += rendered
        names = (f"page {title}: data sent", f"page {title}: tables and chart data", f"page {title}: largest table")
        units = ("bytes", "bytes", "rows")
        try:
            if at is None:
                raise PageFailed("the page did not render")
            payload = page_payload(at)
            values = (payload.element_bytes, payload.table_bytes, payload.largest_table_rows)
            figures += [Figure(n, size, u, [float(v)]) for n, u, v in zip(names, units, values, strict=True)]
        except Exception as error:  # the table reports it and the run fails
            figures += [
                Figure(n, size, u, error=f"{type(error).__name__}: {error}") for n, u in zip(names, units, strict=True)
            ]
    return figures, trends_calls


def metric_figures(con: Any, size: int, runs: Runs) -> list[Figure]:
    """Each public analytics function, called with its defaults."""
    figures = []
    for name, function in public_metrics().items():
        try:
            args, kwargs = example_call(function)
        except ValueError as error:
            figures.append(Figure(f"metric {name}", size, "s", error=str(error)))
            continue
        figures.append(
            timed(
                f"metric {name}",
                size,
                lambda _, f=function, a=args, k=kwargs: f(con, *a, **k),
                runs,
            )
        )
    return figures


def trends_metrics_figures(db: Any, calls: list[MetricCall], size: int, runs: Runs) -> list[Figure]:
    """The analytics calls the Trends page made on its first render, made again as the page made them, and one
    after another.

    "As the page made them": in its order, those the page asked together (one
    `Database.read_all`) together again, each of the others alone.
    """
    if not calls:
        error = "the Trends page called no analytics.metrics function"
        return [Figure(name, size, "s", error=error) for name in (TOGETHER, ONE_AFTER_ANOTHER)]
    functions = public_metrics()

    def asked(name: str, args: tuple, kwargs: dict) -> Callable[[Any], object]:
        return lambda cursor: functions[name](cursor, *args, **kwargs)

    steps: list[list[MetricCall]] = []
    for call in calls:
        if steps and call[3] is not None and steps[-1][-1][3] == call[3]:
            steps[-1].append(call)
        else:
            steps.append([call])

    def as_the_page(_: object) -> None:
        for step in steps:
            if step[0][3] is None:
                with closing(db.cursor()) as cursor:
                    asked(*step[0][:3])(cursor)
            else:
                db.read_all({f"{n} {call[0]}": asked(*call[:3]) for n, call in enumerate(step)})

    def one_after_another(_: object) -> None:
        with closing(db.cursor()) as cursor:
            for name, args, kwargs, _batch in calls:
                functions[name](cursor, *args, **kwargs)

    return [timed(TOGETHER, size, as_the_page, runs), timed(ONE_AFTER_ANOTHER, size, one_after_another, runs)]


def reflection_figure(db: Any, size: int, runs: Runs) -> Figure:
    """Saving a typed reflection of a fresh interview, up to its committed row."""
    from data.store.interviews import Interview, save_interview
    from data.store.reflections import Reflection, save_reflection

    con = db.cursor()
    application_id = con.execute("SELECT max(id) FROM applications").fetchone()[0]
    reflected: list[int] = []

    def fresh_interview() -> int:
        held_at = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
        return save_interview(db, Interview(application_id, "screen", "video", held_at))

    def reflect(interview_id: int) -> None:
        save_reflection(
            db,
            Reflection(
                interview_id,
                overall=4,
                communication=4,
                skills=3,
                examples=4,
                rapport=5,
                questions=3,
                preparation=4,
                stress=2,
                went_well="Explained the pipeline redesign clearly, with numbers.",
                to_improve="Lead with the answer; prepare a shorter conflict story.",
                topics="SQL, data modelling",
            ),
        )
        reflected.append(interview_id)

    figure = timed("save a reflection", size, reflect, runs, setup=fresh_interview)
    if figure.error is None:
        saved = con.execute(
            "SELECT count(*) FROM reflections WHERE list_contains(?, interview_id)", [reflected]
        ).fetchone()[0]
        if saved != len(reflected):
            figure.samples, figure.error = [], f"{saved} reflections committed of {len(reflected)} saved"
    return figure


def app(folder: Path, size: int, runs: Runs) -> tuple[list[Figure], dict[str, Any]]:
    """Metrics, pages, the Trends metrics together and saving a reflection, on the demo database of `size`."""
    import streamlit.logger

    from data.store.db import Database

    streamlit.logger.set_log_level("error")
    _poll_apptest_in_constant_time()
    _run_pages_through_app_navigation()
    path = database_file(folder, size)
    os.environ["DEBRIEF_DB"] = str(path)
    db = Database(path)
    try:
        con = db.cursor()
        say("  analytics functions")
        figures = metric_figures(con, size, runs)
        pages, trends_calls = page_figures(folder, size, runs)
        figures += pages
        say("  Trends metrics together")
        figures += trends_metrics_figures(db, trends_calls, size, runs)
        say("  saving a reflection")
        figures.append(reflection_figure(db, size, runs))
    finally:
        db.close()
    figures.append(Figure("peak memory: metrics and pages", size, "MiB", [peak_memory_mb()]))
    facts = {
        "trends_metric_calls": [name for name, _, _, _ in trends_calls],
        "trends_metrics_asked_together": [name for name, _, _, batch in trends_calls if batch is not None],
    }
    return figures, facts


# import -----------------------------------------------------------------------


def _first_rows(data: bytes, rows: int) -> bytes:
    return b"\r\n".join(data.split(b"\r\n", rows + 1)[: rows + 1]) + b"\r\n"


def import_figures(folder: Path, size: int, runs: Runs) -> tuple[list[Figure], dict[str, Any]]:
    """Importing the applications.csv of `size` applications into an empty database, step by step."""
    from data.store.db import Database
    from data.transfer.import_preview import preview_import
    from data.transfer.import_reading import prepare_import
    from data.transfer.import_writing import run_import

    data = csv_file(folder, size).read_bytes()
    steps = ("read and check", "preview", "write", "total")
    figures = {step: Figure(f"CSV import: {step}", size, "s") for step in steps}
    added, spent = None, 0.0
    try:
        for run in range(runs.warmup + runs.repeat):
            upload = _first_rows(data, WARMUP_IMPORT_ROWS) if run < runs.warmup else data
            place = folder / f"import-{size}-{run}"
            db = Database(place / "debrief.duckdb")
            try:
                clock = Stopwatch()
                plan = prepare_import([("applications.csv", upload)])
                checked = clock.elapsed()
                if not plan.ready:
                    raise ValueError(f"the CSV did not pass the checks: {len(plan.problems)} problem(s)")
                preview_import(db.cursor(), plan)
                previewed = clock.elapsed()
                result = run_import(db, plan)
                written = clock.elapsed()
            finally:
                db.close()
                shutil.rmtree(place, ignore_errors=True)
            if run >= runs.warmup:
                added = result.added["applications"]
                # Each step's (wall, CPU) time: the difference between the clock's readings around it.
                marks = ((0.0, 0.0), checked, previewed, written)
                spans = [(marks[i + 1][0] - marks[i][0], marks[i + 1][1] - marks[i][1]) for i in range(3)]
                for step, (took, cpu) in zip(steps, [*spans, written], strict=True):
                    figures[step].samples.append(took)
                    figures[step].cpu_samples.append(cpu)
                spent += written[0]
                if runs.budget is not None and spent > runs.budget:
                    break
    except Exception as error:  # the table reports it and the run fails
        for figure in figures.values():
            figure.samples, figure.error = [], f"{type(error).__name__}: {error}"
    memory = Figure("peak memory: CSV import", size, "MiB", [peak_memory_mb()])
    return [*figures.values(), memory], {"imported_applications": added}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One part of the benchmark at one size (bench/run.py runs these).")
    parser.add_argument("part", choices=("build", "app", "import"))
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    runs = Runs(args.repeat, args.warmup, args.budget if args.budget > 0 else None)
    if args.part == "build":
        figures, facts = build(args.folder, args.size, args.seed)
    elif args.part == "app":
        figures, facts = app(args.folder, args.size, runs)
    else:
        figures, facts = import_figures(args.folder, args.size, runs)
    args.out.write_text(
        json.dumps({"part": args.part, "size": args.size, "figures": [f.as_dict() for f in figures], "facts": facts}),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
