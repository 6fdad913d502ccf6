"""Faults injected into reports and batches: killed workers and batches, hanging cells and
kernels, read-only and full output folders, leftovers of crashes.

Each test asserts that nothing is lost, that no half-written output looks complete, that no
process is left running, and that the error is one clear line. A cell is made to hang by an
IPython start-up file (``IPYTHONDIR``, inherited by the kernels): it sleeps in any cell whose
code sets ``company = "HANG"`` and writes the kernel's process id to a file first, so a test
knows which kernel (and worker) is busy.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crmlib.course import _execution, _outputs, batch, cli, reports

CLI = str(Path(sys.executable).parent / "crm-course")
HOOK = """
def _hang(info):  # runs in the user namespace, which %reset clears: import inside
    import os, time

    if 'company = "HANG"' in (info.raw_cell or ""):
        with open(os.environ["CRM_TEST_HANG_FILE"], "w") as fh:
            fh.write(str(os.getpid()))
        time.sleep(600)

get_ipython().events.register("pre_run_cell", _hang)
"""


@pytest.fixture
def hang(tmp_path, monkeypatch) -> Path:
    """Kernels started from now on hang in a cell that sets company = "HANG"; returns the file
    that receives the hanging kernel's pid."""
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-hang.py").write_text(HOOK, encoding="utf-8")
    pid_file = tmp_path / "hanging-kernel.pid"
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("CRM_TEST_HANG_FILE", str(pid_file))
    return pid_file


# ---------------------------------------------------------------------- process helpers ---


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return table


# A shell starts a foreground job with SIGINT and SIGTERM at their default action and not
# blocked. A test process need not be in that state (an earlier test, a library or the worker
# model of pytest-xdist can leave SIGINT ignored or blocked, and a child inherits both across
# exec), so the batch is started through this launcher, which sets them as a shell would.
_LIKE_A_TERMINAL = [
    sys.executable,
    "-c",
    "import os, signal, sys; "
    "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM}); "
    "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])",
]


def _signal_state(pid: int) -> str:
    """Whether SIGINT (bit 1 of the masks in /proc/PID/status) is blocked, ignored or caught."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return "gone"
    masks = dict(
        line.split(":\t") for line in lines if line.startswith(("SigBlk", "SigIgn", "SigCgt"))
    )
    return ", ".join(
        f"SIGINT {name[3:].lower()}={'yes' if int(value, 16) & 2 else 'no'}"
        for name, value in masks.items()
    )


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _descendants(pid: int) -> set[int]:
    table = _processes()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pids: set[int]) -> set[int]:
    table = _processes()
    return {p for p in pids if p in table and table[p][1] != "Z"}


def _wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


class _Batch:
    """`crm-course batch` in its own session, with every process it ever started recorded."""

    def __init__(self, rows: list[dict], out: Path, cwd: Path, jobs: int = 2) -> None:
        params = cwd / "params.json.yaml"
        params.write_text(json.dumps(rows), encoding="utf-8")  # JSON is YAML
        self.out = out
        # Output goes to files, not pipes: a pipe's end-of-file waits for every process that
        # inherited it, which would mix "the batch ended" with "its children ended" (checked
        # separately, by _assert_nothing_left).
        self.stdout_file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.stderr_file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                *_LIKE_A_TERMINAL,
                CLI,
                "batch",
                "value-pyramid",
                "--params",
                str(params),
                "--out",
                str(out),
                "--jobs",
                str(jobs),
            ],
            cwd=cwd,
            stdout=self.stdout_file,
            stderr=self.stderr_file,
            text=True,
            start_new_session=True,
        )
        self.seen: set[int] = set()

    def watch(self) -> set[int]:
        self.seen |= _descendants(self.proc.pid)
        return self.seen

    def wait_until(self, predicate: Callable[[], object], timeout: float, what: str) -> None:
        def check() -> object:
            self.watch()
            if self.proc.poll() is not None:
                raise AssertionError(f"the batch ended early: {self.output()}")
            return predicate()

        _wait_for(check, timeout, what)

    def _workers(self) -> list[int]:
        """The batch's worker processes (its direct children that are Python, not kernels)."""
        table = _processes()
        return [
            pid
            for pid in _running(self.seen)
            if pid in table and table[pid][0] == self.proc.pid and "ipykernel" not in _cmdline(pid)
        ]

    def output(self) -> tuple[str, str]:
        """What the batch printed; closes the files (call once, when it is over)."""
        texts = []
        for handle in (self.stdout_file, self.stderr_file):
            handle.seek(0)
            texts.append(handle.read())
            handle.close()
        return texts[0], texts[1]

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            table = _processes()
            alive = sorted(_running(self.seen | {self.proc.pid}))
            states = {pid: (table[pid][1], _signal_state(pid)) for pid in alive if pid in table}
            # the batch and its workers print every thread's stack on SIGUSR1 (faulthandler)
            for pid in [self.proc.pid, *self._workers()]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGUSR1)
            time.sleep(2)
            os.killpg(self.proc.pid, signal.SIGKILL)
            for pid in _running(self.seen):
                os.kill(pid, signal.SIGKILL)
            self.proc.wait(timeout=10)  # reaped: no "still running" warning in a later test
            out, err = self.output()
            raise AssertionError(
                f"the batch did not end within {timeout} s; still running (pid: state): "
                f"{states}; stdout: {out[-2000:]!r}; stderr: {err[-4000:]!r}"
            ) from None
        self.watch()
        return (self.proc.returncode, *self.output())


def _assert_nothing_left(run: _Batch, *, within: float = 5) -> None:
    assert run.seen, "the batch started no process"
    _wait_for(lambda: not _running(run.seen), within, f"processes {_running(run.seen)} to end")


def _assert_no_half_report(out: Path) -> None:
    """Every HTML beside a notebook of the same run: nothing unfinished looks complete."""
    for page in out.glob("*.html"):
        notebook = page.with_suffix(".ipynb")
        assert notebook.is_file(), page
        record = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["crm_course"]
        assert reports._html_record(page)["run"] == record["run"], page


ROWS = [{"company": "HANG"}, {"top_n": 3}, {"top_n": 4}]


# ------------------------------------------------------------------------ dying workers ---


def test_a_killed_worker_fails_its_row_and_the_rest_finish(tmp_path, hang):
    run = _Batch(ROWS, tmp_path / "out", tmp_path)
    run.wait_until(hang.exists, 60, "a kernel to start the hanging row")
    kernel = int(hang.read_text())
    worker = _processes()[kernel][0]
    assert worker in run.watch()
    runtime = _runtime_of(kernel)
    assert (runtime / "connection.json").is_file()
    os.kill(worker, signal.SIGKILL)  # what the OOM killer does
    code, out, err = run.finish()
    assert code == 1, (out, err)
    assert "2 written, 0 skipped" in out and "1 failed" in out
    assert "FAILED row 1" in out and "worker process died (signal 9, SIGKILL)" in out
    assert "no notebook was kept" in out and not (tmp_path / "out" / "failed").exists()
    assert len(list((tmp_path / "out").glob("*.html"))) == 2
    _assert_no_half_report(tmp_path / "out")
    _assert_nothing_left(run)  # the dead worker's kernel too
    assert not runtime.exists()  # and its connection file, with the keys
    assert not list((tmp_path / "out").glob(".*"))


def _runtime_of(kernel: int) -> Path:
    """The runtime folder of a kernel process, from its command line (-f connection file)."""
    args = Path(f"/proc/{kernel}/cmdline").read_bytes().decode().split("\0")
    return Path(args[args.index("-f") + 1]).parent


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_stopping_a_batch_stops_everything_it_started(tmp_path, hang, how):
    run = _Batch(ROWS[:1], tmp_path / "out", tmp_path, jobs=1)
    run.wait_until(hang.exists, 60, "a kernel to start the hanging row")
    run.wait_until(lambda: len(run.watch()) >= 2, 30, "the worker and its kernel")
    if how == "SIGINT":  # Ctrl-C: the terminal signals the whole foreground group
        state = _signal_state(run.proc.pid)
        assert state == "SIGINT blk=no, SIGINT ign=no, SIGINT cgt=yes", state  # Python's handler
        os.killpg(run.proc.pid, signal.SIGINT)
    else:
        os.kill(run.proc.pid, getattr(signal, how))
    code, out, err = run.finish(timeout=30)
    _assert_nothing_left(run)
    _assert_no_half_report(tmp_path / "out")
    if how == "SIGKILL":
        assert code == -signal.SIGKILL
        # Its staging folder is left; the next run in that folder removes it.
        assert _outputs.clean_stale(tmp_path / "out")
    else:
        assert code == 128 + getattr(signal, how), (out, err)
        assert err.strip().splitlines() == [
            f"crm-course: error: stopped by {how}; every process it started was stopped, "
            "finished reports are kept (run the same command again to resume)"
        ]
    assert not list((tmp_path / "out").glob(".*"))


# ----------------------------------------------------------------- hanging cells, kernels ---


def test_a_hanging_cell_times_out_naming_the_notebook_and_cell(tmp_path, hang):
    with pytest.raises(reports.ReportError) as err:
        reports.run_report("value-pyramid", {"company": "HANG"}, out_dir=tmp_path, cell_timeout=3)
    message = str(err.value)
    assert re.match(
        r"case 'value-pyramid' failed in cell \d+ \(# Parameters\): did not finish within 3 s; "
        "the kernel was stopped\nthe executed notebook is kept at ",
        message,
    )
    kept = list((tmp_path / "failed").glob("value-pyramid__company=HANG__*.ipynb"))
    assert len(kept) == 1 and str(kept[0]) in message
    kernel = int(hang.read_text())
    _wait_for(lambda: not _running({kernel}), 5, "the hanging kernel to be stopped")
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob(".*"))


def test_a_kernel_that_never_answers_is_a_clear_error_within_its_timeout(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, time\nif os.environ.get('JPY_PARENT_PID'):  # a kernel\n    time.sleep(600)\n",
        encoding="utf-8",
    )
    start = time.monotonic()
    with pytest.raises(_execution.KernelError, match=r"my-report: the kernel did not start "):
        _execution.Kernel(
            tmp_path, label="my-report", startup_timeout=3, env={"PYTHONPATH": str(site)}
        )
    assert time.monotonic() - start < 15
    assert not [p for p in _running(_descendants(os.getpid())) if _is_kernel(p)]


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_kernel_secrets_and_sockets_do_not_outlive_the_kernel(tmp_path):
    kernel = _execution.Kernel(tmp_path, label="t")
    runtime = kernel.runtime
    assert kernel.transport == "ipc"  # no TCP port to lose to another process
    assert (runtime.stat().st_mode & 0o777) == 0o700
    info = json.loads((runtime / "connection.json").read_text(encoding="utf-8"))
    assert info["transport"] == "ipc" and info["key"]
    pid = kernel.pid
    kernel.close()
    assert not runtime.exists()
    assert not _running({pid})


# -------------------------------------------------------- unwritable, full output folders ---


@pytest.fixture
def mount(tmp_path):
    """Mount a small tmpfs (root only); yields a function (options) -> folder."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root: read-only and full folders not tested here")
    mounted = []

    def make(options: str) -> Path:
        target = tmp_path / f"mnt{len(mounted)}"
        target.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(target)
        return target

    yield make
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=10)


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_batch_into_a_read_only_folder_fails_before_the_first_job(tmp_path, mount, capsys):
    folder = mount("ro,size=1m")
    params = tmp_path / "p.csv"
    params.write_text("top_n\n3\n4\n", encoding="utf-8")
    start = time.monotonic()
    code, out, err = _cli(
        capsys, "batch", "value-pyramid", "--params", str(params), "--out", str(folder)
    )
    assert time.monotonic() - start < 10  # no kernel was started
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"crm-course: error: the output folder {folder} is not writable (Read-only file "
        "system); choose another --out"
    ]
    code, out, err = _cli(capsys, "report", "value-pyramid", "--out", str(folder / "sub"))
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("crm-course: error: cannot create the output folder")


def test_batch_into_a_full_folder_fails_before_the_first_job(tmp_path, mount, capsys):
    folder = mount("size=128k")
    params = tmp_path / "p.csv"
    params.write_text("top_n\n3\n", encoding="utf-8")
    code, _out, err = _cli(
        capsys, "batch", "value-pyramid", "--params", str(params), "--out", str(folder)
    )
    assert code == 1 and "is full (No space left on device)" in err
    assert len(err.splitlines()) == 1 and not list(folder.iterdir())


def test_a_folder_that_fills_up_leaves_no_orphan_and_no_false_pointer(tmp_path, mount, capsys):
    folder = mount("size=400k")  # room for the probe, not for a report
    params = tmp_path / "p.csv"
    params.write_text("top_n\n3\n", encoding="utf-8")
    code, out, _err = _cli(
        capsys, "batch", "value-pyramid", "--params", str(params), "--out", str(folder)
    )
    assert code == 1 and "0 written" in out and "1 failed" in out
    assert "the report could not be written: the output folder" in out and "is full" in out
    assert "notebook in failed/" not in out and "no notebook was kept" in out
    assert not list(folder.glob("*.ipynb")) and not list(folder.glob("*.html"))
    assert not list(folder.glob(".*"))


# ------------------------------------------------------------------------------ leftovers ---


def test_kernel_secrets_of_a_killed_process_are_removed_by_the_next_kernel(tmp_path):
    code = (
        "import os, signal\n"
        "from crmlib.course import _execution\n"
        "kernel = _execution.Kernel('.', label='t')\n"
        "print(kernel.runtime, kernel.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    runtime, kernel = done.stdout.split()
    assert (Path(runtime) / "connection.json").is_file()  # the killed process could not clean
    _wait_for(lambda: not _running({int(kernel)}), 10, "the orphan kernel to exit by itself")
    _execution.clean_stale_runtimes()  # (a kernel started in parallel may have done it first)
    assert not Path(runtime).exists()


def test_a_new_run_removes_what_dead_runs_left(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    host = _outputs._host()
    stale_dir = out / f".crm-course-{host}-{dead_pid}-abcd1234"
    stale_dir.mkdir()
    (stale_dir / "tmpx.tmp").write_text("partial", encoding="utf-8")
    stale_file = out / f".crm-course-{host}-{dead_pid}-efgh5678.tmp"
    stale_file.write_text("partial", encoding="utf-8")
    legacy = out / ".value-pyramid__top_n-3.k2j4h5g6.ipynb"  # crm-course 0.1's temporary name
    legacy.write_text("{}", encoding="utf-8")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    fresh_legacy = out / ".value-pyramid__top_n-4.a1b2c3d4.ipynb"
    fresh_legacy.write_text("{}", encoding="utf-8")
    live = out / f".crm-course-{host}-{os.getpid()}-live0000"
    live.mkdir()
    other_host = out / f".crm-course-elsewhere-{dead_pid}-zzzz0000"
    other_host.mkdir()
    with _outputs.staging(out):
        pass
    assert not stale_dir.exists() and not stale_file.exists() and not legacy.exists()
    assert fresh_legacy.exists() and live.exists() and other_host.exists()


def test_dask_scheduler_that_cannot_be_reached_is_a_clear_error(monkeypatch, capsys):
    pytest.importorskip("distributed")
    assert batch.DASK_CONNECT_TIMEOUT <= 10
    monkeypatch.setattr(batch, "DASK_CONNECT_TIMEOUT", 2)
    start = time.monotonic()
    with pytest.raises(reports.ReportError, match=r"cannot reach the Dask scheduler at tcp://127"):
        batch._run_on_dask("tcp://127.0.0.1:9", [], Path("."), Path("."), None, cell_timeout=1)
    assert time.monotonic() - start < 8
