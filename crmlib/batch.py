"""Many case reports at once: one per row of a parameter file, in parallel, safely.

Speed: each worker process starts one Jupyter kernel and keeps it for all its reports (kernel
start-up and imports are paid once, not per report), and keeps one warm nbconvert exporter.
Isolation: before every report the kernel's namespace is cleared (``%reset -f``) and pandas'
options are reset; after a failed report the kernel is restarted. Reports share nothing else:
each reads its inputs afresh, and crmlib keeps no state between calls.

Safety: rows are validated before anything runs (unknown parameter, wrong type, a value the data
do not have, two rows for the same report); each report is written to temporary files and renamed
into place when complete; existing reports are skipped (resume) unless ``force``; a failing row
keeps its executed notebook under ``failed/`` and does not stop the batch; the parameter file is
only read.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crmlib import reports

__all__ = ["BatchResult", "read_params", "run_batch", "validate_rows"]

_RESET = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import pandas as _pd\n_pd.reset_option('all')\ndel _pd\n"
    # Figures use constrained layout, so the inline backend's tight bounding box (a second
    # full draw of every figure) is not needed.
    "get_ipython().run_line_magic('config', \"InlineBackend.print_figure_kwargs = "
    "{'bbox_inches': None}\")"
)


def _client_class():
    """A NotebookClient that reuses one started kernel client instead of opening one per run."""
    from nbclient import NotebookClient

    class ReusingClient(NotebookClient):
        shared_kc = None

        async def async_start_new_kernel_client(self):
            if self.shared_kc is None:
                return await super().async_start_new_kernel_client()
            self.kc = self.shared_kc
            return self.kc

    return ReusingClient


@dataclass
class BatchResult:
    """What a batch did: reports written, skipped (already there), failed (with causes)."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (row, name, cause)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def read_params(path: str | Path) -> list[dict[str, Any]]:
    """Parameter sets from a CSV (header = parameter names) or YAML (a list of mappings) file."""
    source = Path(path)
    if not source.is_file():
        raise ValueError(f"no parameter file at {source}")
    if source.suffix.lower() == ".csv":
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
        return [{k: v for k, v in row.items()} for row in frame.to_dict(orient="records")]
    if source.suffix.lower() in {".yml", ".yaml"}:
        import yaml

        rows = yaml.safe_load(source.read_text(encoding="utf-8"))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{source} must hold a list of parameter mappings, one per report")
        return [dict(r) for r in rows]
    raise ValueError(f"{source}: parameter files must be .csv, .yml or .yaml")


def _allowed_values(case: str) -> dict[str, set[str]]:
    """Values the bundled data actually have, for the parameters where that can be checked."""
    from crmlib import datasets

    if case == "dealer-call-list":
        return {"dealer": set(datasets.load_dealer_records()["dealer"])}
    if case == "dealer-satisfaction-ahp":
        survey = datasets.load_satisfaction_survey()
        return {"dealer": set(survey["dealer"]), "wave": set(survey["wave"])}
    if case == "svw-lead-management":
        return {"region": {"all", *datasets.load_svw_data()["dealers"]["region"]}}
    return {}


def validate_rows(case: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check every row before anything runs; return the rows with values converted to type.

    Errors name the row (1 = first data row) and the parameter.
    """
    declared = reports.case_parameters(case)
    allowed = _allowed_values(case)
    checked, names, problems = [], {}, []
    for number, row in enumerate(rows, start=1):
        unknown = sorted(set(row) - set(declared))
        if unknown:
            problems.append(
                f"row {number}: unknown parameter(s) {unknown}; {case} takes {', '.join(declared)}"
            )
            continue
        try:
            values = {
                k: reports.coerce(k, v, declared[k]["inferred_type_name"]) for k, v in row.items()
            }
        except ValueError as err:
            problems.append(f"row {number}: {err}")
            continue
        for key, options in allowed.items():
            if key in values and str(values[key]) not in options:
                problems.append(
                    f"row {number}: {key} {values[key]!r} does not exist; "
                    f"the data have: {', '.join(sorted(options))}"
                )
        name = reports.report_name(case, values)
        if name in names:
            problems.append(f"row {number}: same parameters as row {names[name]} ({name})")
        names.setdefault(name, number)
        checked.append(values)
    if problems:
        raise ValueError("invalid parameter file; nothing was run:\n  " + "\n  ".join(problems))
    return checked


# ------------------------------------------------------------------------------- workers ---


def _run_one(
    source: Path, case: str, values: dict, km, exporter, kc=None
) -> tuple[str, str, str, str]:
    """Execute one report in the given kernel; returns (status, cause, html, notebook)."""
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, values)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET))
    client = _client_class()(nb, km=km, kernel_name="python3", allow_errors=False)
    client.shared_kc = kc
    try:
        client.execute()
        status, cause = "ok", ""
    except CellExecutionError as err:
        status = "failed"
        cause = f"{err.ename}: {err.evalue}"
    finally:
        if kc is None and getattr(client, "kc", None) is not None:
            client.kc.stop_channels()
    nb.cells.pop(0)  # the reset cell is ours, not the report's
    if status == "failed":
        km.restart_kernel(now=True)  # never carry a broken state into the next report
        return status, cause, "", nbformat.writes(nb)
    body, _ = exporter.from_notebook_node(nb)
    return status, cause, body, nbformat.writes(nb)


def _save(out: Path, name: str, status: str, html: str, notebook: str) -> None:
    """Write one report's files atomically; a failed run keeps its notebook under failed/."""
    if status != "ok":
        if notebook:
            (out / "failed").mkdir(exist_ok=True)
            reports.write_atomic(out / "failed" / f"{name}.ipynb", notebook)
        return
    reports.write_atomic(out / f"{name}.ipynb", notebook)
    reports.write_atomic(out / f"{name}.html", html)  # last: its presence marks a finished report


def _worker(source: str, case: str, out: str, jobs, results) -> None:
    km = reports.start_kernel(out)
    kc = _connect(km)
    exporter = reports.html_exporter()
    try:
        while (job := jobs.get()) is not None:
            number, values = job
            name = reports.report_name(case, values)
            try:
                status, cause, html, notebook = _run_one(
                    Path(source), case, values, km, exporter, kc
                )
                _save(Path(out), name, status, html, notebook)
            except Exception as err:  # any failure of one row is reported, never fatal
                status, cause = "failed", f"{type(err).__name__}: {err}"
                km.restart_kernel(now=True)
            if status == "failed":  # the kernel was restarted: reconnect
                kc.stop_channels()
                kc = _connect(km)
            results.put((number, name, status, cause))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _connect(km):
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kc.allow_stdin = False
    return kc


_DASK_STATE: dict[str, Any] = {}


def _dask_task(source: str, case: str, values: dict) -> tuple[str, str, str, str]:
    """One report on a Dask worker: a kernel per worker process, kept between tasks.

    Returns the files' contents, so the client writes them: no shared file system is needed.
    """
    import atexit

    if "km" not in _DASK_STATE:
        km = reports.start_kernel(tempfile.mkdtemp(prefix="crm-course-"))
        atexit.register(km.shutdown_kernel, now=True)
        _DASK_STATE["km"] = km
        _DASK_STATE["exporter"] = reports.html_exporter()
    try:
        return _run_one(Path(source), case, values, _DASK_STATE["km"], _DASK_STATE["exporter"])
    except Exception as err:  # any failure of one row is reported, never fatal
        _DASK_STATE["km"].restart_kernel(now=True)
        return "failed", f"{type(err).__name__}: {err}", "", ""


def _run_on_dask(address, source, case, todo, out, result, bar) -> None:
    from distributed import Client, as_completed

    with Client(address) as client:
        futures = {
            client.submit(_dask_task, str(source), case, values, pure=False): (number, values)
            for number, values in todo
        }
        for future in as_completed(futures):
            number, values = futures[future]
            name = reports.report_name(case, values)
            try:
                status, cause, html, notebook = future.result()
            except Exception as err:  # a lost worker fails its row, not the batch
                status, cause, html, notebook = "failed", f"{type(err).__name__}: {err}", "", ""
            _save(out, name, status, html, notebook)
            _record(result, out, number, name, status, cause, bar)


def _record(result, out, number, name, status, cause, bar) -> None:
    if status == "ok":
        result.written.append(out / f"{name}.html")
    else:
        result.failed.append((number, name, cause))
    bar.update(1)
    bar.set_postfix(done=len(result.written), failed=len(result.failed))


def _progress(total: int, enabled: bool):
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
) -> BatchResult:
    """Produce one report of *case* per row; see the module docstring for the guarantees."""
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    source = reports.case_notebook(case)
    checked = validate_rows(case, rows)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    todo = []
    for number, values in enumerate(checked, start=1):
        html = out / f"{reports.report_name(case, values)}.html"
        if html.exists() and not force:
            result.skipped.append(html)
        else:
            todo.append((number, values))
    start = time.perf_counter()
    show = sys.stderr.isatty() if progress is None else progress
    if todo and dask:
        with _progress(len(todo), show) as bar:
            _run_on_dask(dask, source, case, todo, out, result, bar)
    elif todo:
        ctx = mp.get_context("spawn")
        job_q, result_q = ctx.Queue(), ctx.Queue()
        workers = [
            ctx.Process(target=_worker, args=(str(source), case, str(out), job_q, result_q))
            for _ in range(min(jobs, len(todo)))
        ]
        for w in workers:
            w.start()
        for job in todo:
            job_q.put(job)
        for _ in workers:
            job_q.put(None)
        with _progress(len(todo), show) as bar:
            for _ in todo:
                number, name, status, cause = result_q.get()
                _record(result, out, number, name, status, cause, bar)
        for w in workers:
            w.join()
    result.seconds = time.perf_counter() - start
    return result
