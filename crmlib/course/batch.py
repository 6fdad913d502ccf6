"""Many case reports at once: one per row of a parameter file, in parallel, safely.

Speed: each worker process starts one Jupyter kernel and keeps it for all its reports (kernel
start-up and imports are paid once, not per report), and keeps one warm nbconvert exporter.
Isolation: before every report the kernel's namespace is cleared (``%reset -f``) and pandas'
options are reset; after a failed report the kernel is replaced. Reports share nothing else:
each reads its inputs afresh, and crmlib keeps no state between calls. Notebooks run through
the same helper as single reports (:mod:`crmlib.course._execution`): every wait is bounded.

Safety:

- Rows are validated before anything runs (unknown parameter, wrong type, a value the data do
  not have, two rows with the same parameters), and the output folder is proven writable (a
  probe file is written and removed) before the first job.
- Each report is written to a staging folder and renamed into place, notebook then HTML; a
  finished report (both files recording the row's parameters and one run) is skipped, so a rerun
  resumes; a file of the row's name that records *other* parameters stops the batch before it
  runs (never reported as "already there", never replaced silently; ``force`` replaces it).
- A failing row keeps its executed notebook under ``failed/`` and does not stop the batch.
- Workers die sometimes (the OOM killer, a crash): the main process never blocks on them (it
  polls their pipes and process sentinels with a timeout), marks the row a dead worker had in
  hand as failed with the cause (``worker process died (signal 9, SIGKILL)``), kills that
  worker's kernel and starts a new worker for the rows left. A row that runs longer than its
  cells' time limits allow is failed and its worker replaced.
- Stopping the batch stops everything it started: on SIGTERM or SIGINT the main process
  terminates its workers, which shut their kernels down (each kernel runs in its own process
  group, killed as a whole); a worker whose main process was killed outright (SIGKILL) notices
  within half a second and does the same, and a kernel whose worker vanished exits by itself.
  Temporary files of a killed run are removed by the next run in the same folder.
"""

from __future__ import annotations

import faulthandler
import io
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import pandas as pd

from crmlib.course import _execution, _outputs, reports

__all__ = ["BatchResult", "Stopped", "read_params", "run_batch", "validate_rows"]

#: Seconds to wait for a Dask scheduler to answer.
DASK_CONNECT_TIMEOUT = 10.0
#: Seconds a stopped worker gets to shut its kernel down before it is killed.
STOP_GRACE = 5.0
#: Seconds between the main process's checks of its workers.
POLL = 0.5


Stopped = _execution.Stopped

#: What the runners call when a row is done: (row number, job, status, cause, kept notebook).
ReportDone = Callable[[int, reports.ReportJob, str, str, "Path | None"], None]


@dataclass
class BatchResult:
    """What a batch did: reports written, skipped (already there), failed (with causes).

    ``failed`` holds ``(row, name, cause, kept)``: ``kept`` is the path of the failed run's
    notebook under ``failed/``, or None when none could be kept.
    """

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[int, str, str, Path | None]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


# ---------------------------------------------------------------------- parameter files ---


def _decode(source: Path) -> str:
    """Text of *source*: UTF-8 (with or without BOM), else GB18030 (Excel on Chinese Windows)."""
    data = source.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        f"{source} is neither UTF-8 nor GB18030 text; open it and save it as UTF-8 "
        "(in Excel: Save As > CSV UTF-8)"
    )


def read_params(path: str | Path) -> list[dict[str, Any]]:
    r"""Parameter sets from a CSV (header = parameter names) or YAML (a list of mappings) file.

    Files may be UTF-8 (with or without BOM) or GB18030/GBK. YAML is read safely: plain
    values only (a ``!!python`` tag is an error, never code).

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.yml`` or ``.yaml`` file.

    Returns
    -------
    list of dict
        One mapping of parameter name to value per report, in file order; CSV values are
        strings (an empty cell an empty string), YAML values as written.

    Raises
    ------
    ValueError
        No such file, an unknown suffix, text that does not decode, or a malformed file;
        the message names the file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "dealers.csv"
    ...     _ = path.write_text("dealer,horizon_days\nTJ01,30\nDL01,\n", encoding="utf-8")
    ...     read_params(path)
    [{'dealer': 'TJ01', 'horizon_days': '30'}, {'dealer': 'DL01', 'horizon_days': ''}]
    """
    source = Path(path)
    if not source.is_file():
        raise ValueError(f"no parameter file at {source}")
    suffix = source.suffix.lower()
    if suffix not in {".csv", ".yml", ".yaml"}:
        raise ValueError(f"{source}: parameter files must be .csv, .yml or .yaml")
    text = _decode(source)
    if suffix == ".csv":
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise ValueError(f"{source} is not a readable CSV file: {err}") from None
        return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]
    import yaml

    try:
        rows = yaml.safe_load(text)
    except yaml.YAMLError as err:
        problem = str(err).splitlines()[0]
        raise ValueError(
            f"{source} is not a plain YAML list of parameter mappings ({problem}); "
            "write values only, without tags such as !!python"
        ) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{source} must hold a list of parameter mappings, one per report")
    return [{str(k): v for k, v in r.items()} for r in rows]


def validate_rows(
    case: str, rows: Iterable[Mapping[str, Any]], *, lang: str = "en"
) -> list[reports.ReportJob]:
    """Check every row of a batch before anything runs; return a report job for each.

    Errors name the row (1 = first data row) and the parameter. Two rows are "the same" only
    when their typed parameters are equal, never because their names look alike. In another
    language *lang* the case's translation is checked first, once for all rows.

    Parameters
    ----------
    case : str
        A case study's name (:func:`crmlib.course.reports.list_cases`).
    rows : iterable of mapping
        Parameter sets (:func:`read_params`); a parameter left out takes the case's default.
    lang : str, default "en"
        The language of the reports.

    Returns
    -------
    list of ReportJob
        One per row, in order, with typed parameters and the report's file name.

    Raises
    ------
    ValueError
        Any row names an unknown parameter, has a value of the wrong type or one the data do
        not have, or repeats another row; the message lists every problem at once.

    Examples
    --------
    >>> [job.name for job in validate_rows("dealer-call-list", [{"dealer": "TJ01"}])]
    ['dealer-call-list__dealer=TJ01__5dca695b']
    >>> validate_rows("dealer-call-list", [{"dealer": "XX99"}])
    Traceback (most recent call last):
    ValueError: invalid parameter file; nothing was run:
      row 1: dealer 'XX99' does not exist; the data have: DL01, TJ01, TJ02
    """
    if lang != "en":
        from crmlib.course import translations

        translations.check_notebooks([reports.case_notebook(case)], lang)
    declared = reports.case_parameters(case)
    checked: list[reports.ReportJob] = []
    seen: dict[str, tuple[int, reports.ReportJob]] = {}
    problems = []
    for number, row in enumerate(rows, start=1):
        unknown = sorted(set(row) - set(declared))
        if unknown:
            problems.append(
                f"row {number}: unknown parameter(s) {unknown}; {case} takes {', '.join(declared)}"
            )
            continue
        try:
            job = reports.prepare_report(case, row, lang=lang, checked=True)
        except ValueError as err:
            problems.append(f"row {number}: {err}")
            continue
        if job.name in seen:
            first, other = seen[job.name]
            same = other.parameters == job.parameters
            problems.append(
                f"row {number}: same parameters as row {first} ({job.name})"
                if same
                else f"row {number}: its report name collides with row {first}'s ({job.name}); "
                "change a value slightly"
            )
        seen.setdefault(job.name, (number, job))
        checked.append(job)
    if problems:
        raise ValueError("invalid parameter file; nothing was run:\n  " + "\n  ".join(problems))
    return checked


# ------------------------------------------------------------------------------- workers ---


def _save(
    out: Path, stage: Path, job: reports.ReportJob, outcome: reports.Outcome
) -> tuple[str, str, Path | None]:
    """Write one outcome; returns (status, cause, kept failed notebook or None)."""
    if outcome.ok:
        try:
            _outputs.publish(out, stage, job.name, outcome.notebook, outcome.html)
        except OSError as err:
            return (
                "failed",
                f"the report could not be written: {_outputs.describe_os_error(err, out)}",
                None,
            )
        return "ok", "", None
    kept, why = _outputs.keep_failed(out, stage, job.name, outcome.notebook)
    cell = f"{outcome.where}: " if outcome.where else ""
    return "failed", cell + outcome.cause + ("" if kept else f" ({why})"), kept


class _WorkerState:
    """What a worker must clean up when it is told to stop, or its main process vanishes."""

    def __init__(self) -> None:
        self.kernel: _execution.Kernel | None = None
        self.publishing = False
        self.stop_code: int | None = None

    def exit_now(self, code: int) -> None:
        """Kill the kernel's process group, remove its secrets, and exit at once.

        Called from a signal handler or a thread, in the middle of anything: no event loop or
        channel is touched, only the kernel's processes and its runtime folder.
        """
        kernel = self.kernel
        if kernel is not None:
            if kernel.pid:
                _execution.kill_group(kernel.pid)
            shutil.rmtree(kernel.runtime, ignore_errors=True)
        os._exit(code)

    def request_exit(self, code: int) -> None:
        """Exit now, or right after the rename in progress (never between the two renames)."""
        if self.publishing:
            self.stop_code = code
        else:
            self.exit_now(code)


def _watch_parent(parent: int, state: _WorkerState) -> None:
    """Exit (killing the kernel) as soon as the main process is gone."""
    while os.getppid() == parent:
        time.sleep(POLL)
    state.request_exit(70)
    deadline = time.monotonic() + 10
    while state.publishing and time.monotonic() < deadline:
        time.sleep(0.05)
    state.exit_now(70)


def _worker(
    conn: Connection, out: str, stage: str, parent: int, startup_timeout: float, cell_timeout: float
) -> None:
    """A worker process: one kernel, many reports; jobs and results travel over *conn*."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: main decides
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1: its stacks to stderr
    state = _WorkerState()
    signal.signal(signal.SIGTERM, lambda signum, frame: state.request_exit(128 + signum))
    threading.Thread(target=_watch_parent, args=(parent, state), daemon=True).start()
    kernel = None
    try:
        try:
            kernel = _execution.Kernel(out, label="batch worker", startup_timeout=startup_timeout)
        except _execution.KernelError as err:
            conn.send(("fatal", str(err)))
            return
        state.kernel = kernel
        conn.send(("ready", kernel.pid, str(kernel.runtime)))
        exporter = reports.html_exporter()
        while True:
            try:
                job = conn.recv()
            except EOFError:
                break
            if job is None:
                break
            number, report = job
            outcome = reports.execute_report(report, kernel, exporter, cell_timeout=cell_timeout)
            state.publishing = True
            try:
                status, cause, kept = _save(Path(out), Path(stage), report, outcome)
            finally:
                state.publishing = False
                if state.stop_code is not None:
                    state.exit_now(state.stop_code)
            if status != "ok":  # never carry a broken state into the next report
                try:
                    kernel.restart()
                except _execution.KernelError as err:
                    conn.send(("done", number, status, cause, kept, None, None))
                    conn.send(("fatal", str(err)))
                    return
            conn.send(("done", number, status, cause, kept, kernel.pid, str(kernel.runtime)))
    finally:
        if kernel is not None:
            kernel.close()


@dataclass
class _Handle:
    """The main process's view of one worker."""

    process: Any
    conn: Connection
    started: float
    kernel: int | None = None
    runtime: str | None = None  # the kernel's runtime folder (connection file, sockets)
    ready: bool = False
    job: tuple[int, reports.ReportJob] | None = None
    since: float = 0.0
    fatal: str = ""


def _exit_cause(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {-code}, {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class _Pool:
    """Worker processes run by the main process, without ever blocking on one of them."""

    def __init__(self, out: Path, stage: Path, startup_timeout: float, cell_timeout: float):
        self.ctx = mp.get_context("spawn")
        self.args = (str(out), str(stage), os.getpid(), startup_timeout, cell_timeout)
        self.startup_timeout = startup_timeout
        self.workers: list[_Handle] = []

    def spawn(self) -> None:
        mine, theirs = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker, args=(theirs, *self.args), daemon=False)
        process.start()
        theirs.close()
        self.workers.append(_Handle(process, mine, time.monotonic()))

    def retire(self, worker: _Handle) -> None:
        """Stop *worker* for good (SIGKILL) together with its kernel's process group."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=STOP_GRACE)
        if worker.kernel:
            _execution.kill_group(worker.kernel)
        if worker.runtime:  # a killed worker could not remove its kernel's secrets
            shutil.rmtree(worker.runtime, ignore_errors=True)
        worker.conn.close()
        if worker in self.workers:
            self.workers.remove(worker)

    def stop(self, *, graceful: bool) -> None:
        """End every worker: finished (graceful) or interrupted (SIGTERM, then SIGKILL)."""
        for worker in self.workers:
            try:
                if graceful:
                    worker.conn.send(None)
                elif worker.process.is_alive():
                    worker.process.terminate()
            except OSError:
                pass
        deadline = time.monotonic() + STOP_GRACE
        for worker in list(self.workers):
            worker.process.join(timeout=max(0.1, deadline - time.monotonic()))
            self.retire(worker)


def _run_local(
    todo: list[tuple[int, reports.ReportJob]],
    out: Path,
    stage: Path,
    jobs: int,
    report_done: ReportDone,
    *,
    startup_timeout: float,
    cell_timeout: float,
) -> None:
    import nbformat

    cells = len(nbformat.read(reports.case_notebook(todo[0][1].case), as_version=4).cells)
    job_timeout = cell_timeout * (cells + 1) + 60
    pending = deque(todo)
    pool = _Pool(out, stage, startup_timeout, cell_timeout)
    failed_starts = 0
    graceful = False
    try:
        while pending or any(w.job for w in pool.workers):
            busy = sum(1 for w in pool.workers if w.job)
            while len(pool.workers) < min(jobs, busy + len(pending)):
                pool.spawn()
            for worker in pool.workers:
                if worker.ready and worker.job is None and pending:
                    worker.job, worker.since = pending.popleft(), time.monotonic()
                    worker.conn.send(worker.job)
            wait([w.conn for w in pool.workers] + [w.process.sentinel for w in pool.workers], POLL)
            now = time.monotonic()
            for worker in list(pool.workers):
                _drain(worker, report_done)
                if not worker.process.is_alive():
                    _drain(worker, report_done)
                    cause = f"worker process died ({_exit_cause(worker.process.exitcode)})"
                    if worker.fatal:
                        cause += f": {worker.fatal}"
                    if worker.job:
                        report_done(worker.job[0], worker.job[1], "failed", cause, None)
                        worker.job = None
                    if not worker.ready:
                        failed_starts += 1
                    pool.retire(worker)
                    if failed_starts > jobs:  # no kernel can start here: give up, say why
                        while pending:
                            number, job = pending.popleft()
                            report_done(number, job, "failed", cause, None)
                elif worker.job and now - worker.since > job_timeout:
                    number, job = worker.job
                    worker.job = None
                    report_done(
                        number, job, "failed", f"did not finish within {job_timeout:g} s", None
                    )
                    pool.retire(worker)
                elif not worker.ready and now - worker.started > startup_timeout + 60:
                    worker.fatal = f"the worker did not start within {startup_timeout + 60:g} s"
                    pool.retire(worker)
                    failed_starts += 1
        graceful = True
    finally:
        pool.stop(graceful=graceful)


def _drain(worker: _Handle, report_done: ReportDone) -> None:
    """Handle every message *worker* has sent, without blocking."""
    while True:
        try:
            if worker.conn.closed or not worker.conn.poll():
                return
            message = worker.conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "ready":
            worker.ready, worker.kernel, worker.runtime = True, message[1], message[2]
        elif kind == "fatal":
            worker.fatal = message[1]
        elif kind == "done" and worker.job is not None:
            _, number, status, cause, kept, kernel, runtime = message
            report_done(number, worker.job[1], status, cause, kept)
            worker.job, worker.kernel, worker.runtime = None, kernel, runtime


# ---------------------------------------------------------------------------------- Dask ---

_DASK_STATE: dict[str, Any] = {}


def _dask_task(job: reports.ReportJob, cell_timeout: float) -> reports.Outcome:
    """One report on a Dask worker: a kernel per worker process, kept between tasks.

    Returns the files' contents, so the client writes them: no shared file system is needed.
    """
    import atexit

    if "kernel" not in _DASK_STATE:
        cwd = tempfile.mkdtemp(prefix="crm-course-")
        kernel = _execution.Kernel(cwd, label="Dask worker")
        atexit.register(shutil.rmtree, cwd, ignore_errors=True)
        atexit.register(kernel.close)  # runs first
        _DASK_STATE["kernel"] = kernel
        _DASK_STATE["exporter"] = reports.html_exporter()
    kernel = _DASK_STATE["kernel"]
    outcome = reports.execute_report(
        job, kernel, _DASK_STATE["exporter"], cell_timeout=cell_timeout
    )
    if not outcome.ok:
        kernel.restart()
    return outcome


def _run_on_dask(
    address: str,
    todo: list[tuple[int, reports.ReportJob]],
    out: Path,
    stage: Path,
    report_done: ReportDone,
    *,
    cell_timeout: float,
) -> None:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise reports.ReportError(
            f"cannot reach the Dask scheduler at {address} within {DASK_CONNECT_TIMEOUT:g} s "
            f"({type(err).__name__}); check the address and that the scheduler is running"
        ) from None
    with client:
        futures = {
            client.submit(_dask_task, job, cell_timeout, pure=False): (number, job)
            for number, job in todo
        }
        for future in as_completed(futures):
            number, job = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # a lost worker fails its row, not the batch
                outcome = reports.Outcome("", "", f"{type(err).__name__}: {err}")
            if not outcome.notebook and not outcome.ok:
                report_done(number, job, "failed", outcome.cause, None)
                continue
            status, cause, kept = _save(out, stage, job, outcome)
            report_done(number, job, status, cause, kept)


# ---------------------------------------------------------------------------------- main ---


def _progress(total: int, enabled: bool) -> Any:  # a tqdm bar (tqdm has no type hints)
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="report", disable=not enabled, dynamic_ncols=True)


def run_batch(
    case: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    out_dir: str | Path = "reports",
    jobs: int = 2,
    force: bool = False,
    progress: bool | None = None,
    dask: str | None = None,
    cell_timeout: float = _execution.CELL_TIMEOUT,
    startup_timeout: float = _execution.STARTUP_TIMEOUT,
    lang: str = "en",
) -> BatchResult:
    """Produce one report of *case* per row; see the module docstring for the guarantees.

    In another language *lang* (``"zh"``) every report is the translated case, named
    ``NAME.LANG`` (see :mod:`crmlib.course.reports`).

    Parameters
    ----------
    case : str
        A case study's name (:func:`crmlib.course.reports.list_cases`).
    rows : iterable of mapping
        Parameter sets, one report each (:func:`read_params`).
    out_dir : str or Path, default "reports"
        The output folder; a failed run's notebook is kept in ``failed/`` inside it.
    jobs : int, default 2
        Reports made at once, each in its own worker process and kernel.
    force : bool, default False
        Make every report again, even one already complete, and replace files of the same
        name that hold other parameters.
    progress : bool, optional
        Show a progress bar; by default only when standard error is a terminal.
    dask : str, optional
        The address of a Dask scheduler to run the reports on instead of local workers.
    cell_timeout : float, default CELL_TIMEOUT
        Seconds one cell may run.
    startup_timeout : float, default STARTUP_TIMEOUT
        Seconds a kernel may take to start.
    lang : str, default "en"
        The language of the reports.

    Returns
    -------
    BatchResult
        The reports written, skipped (already complete) and failed (with causes), and the
        seconds the batch took.

    Raises
    ------
    ValueError
        A row is invalid, a report file of a row's name holds other parameters (without
        *force*), or the output folder is inside the case folder; nothing has run.
    ReportError
        The output folder cannot be written or is full, or the Dask scheduler cannot be
        reached; nothing has run.
    Stopped, KeyboardInterrupt
        The batch was stopped by SIGTERM or SIGINT; its workers and kernels were stopped.

    Examples
    --------
    What ``crm-course batch dealer-call-list dealers.csv`` runs:

    >>> result = run_batch("dealer-call-list", read_params("dealers.csv"))  # doctest: +SKIP
    >>> len(result.written), result.ok  # doctest: +SKIP
    (3, True)
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    checked = validate_rows(case, rows, lang=lang)
    out = _outputs.check_output_path(out_dir, reports._cases_folder())
    result = BatchResult()
    todo: list[tuple[int, reports.ReportJob]] = []
    others: list[str] = []
    for number, job in enumerate(checked, start=1):
        state = reports.report_state(out, job)
        if state == "complete" and not force:
            result.skipped.append(out / f"{job.name}.html")
        elif state == "other" and not force:
            others.append(f"row {number}: {reports._other_message(out, job)}")
        else:
            todo.append((number, job))
    if others:
        raise ValueError("nothing was run:\n  " + "\n  ".join(others))
    start = time.perf_counter()
    show = sys.stderr.isatty() if progress is None else progress
    with (
        _execution.stop_on_sigterm(),
        _outputs.staging(out) as stage,
        _progress(len(todo), show) as bar,
    ):

        def report_done(
            number: int, job: reports.ReportJob, status: str, cause: str, kept: Path | None
        ) -> None:
            if status == "ok":
                result.written.append(out / f"{job.name}.html")
            else:
                result.failed.append((number, job.name, cause, kept))
            bar.update(1)
            bar.set_postfix(done=len(result.written), failed=len(result.failed))

        if todo and dask:
            _run_on_dask(dask, todo, out, stage, report_done, cell_timeout=cell_timeout)
        elif todo:
            _run_local(
                todo,
                out,
                stage,
                jobs,
                report_done,
                startup_timeout=startup_timeout,
                cell_timeout=cell_timeout,
            )
    result.failed.sort(key=lambda failure: failure[0])
    result.seconds = time.perf_counter() - start
    return result
