"""Run notebooks in local Jupyter kernels with every wait bounded: the one execution helper.

Single reports, batch workers, Dask tasks and the student edition all execute notebooks through
:class:`Kernel` and :func:`execute`.

- **Transport.** On POSIX a kernel talks over IPC (Unix sockets) in a private runtime folder
  (mode 0700). No TCP port is involved: jupyter_client picks TCP ports by binding port 0 and
  releasing it for the kernel to bind, and a port some other process takes in between leaves the
  kernel unable to bind its socket, alive but deaf, and its client waiting for ever
  (jupyter_client issue 487). That race is what made a report kernel time out inside the
  parallel test suite. Where Unix sockets are not available (Windows), or the runtime folder's
  path is too long for one, the kernel uses TCP on 127.0.0.1 with CurveZMQ keys. IPC needs no
  encryption: only the owner can open the sockets in the 0700 folder, and every message is
  signed with the session's HMAC key as always. Measured on 2 cores, IPC and CurveZMQ-over-TCP
  kernels start and run a report equally fast (see ``benchmarks/bench_batch.py``).
- **Bounded waits.** Start-up (``startup_timeout``), every cell (``cell_timeout``) and every
  quiet command have a timeout; shutdown kills the kernel's process group. A timeout or a dead
  kernel ends in :class:`KernelError` or a :class:`CellFailure` naming the notebook and cell.
- **Nothing left behind.** The connection file (HMAC key, Curve secret), the sockets and the
  kernel's log live in the runtime folder ``crm-kernel-PID-XXXXXXXX`` in the system's temporary
  folder, removed by :meth:`Kernel.close`; if the process that made it was killed first, the
  next kernel started on the machine removes it (its owner PID is dead). The kernel's own
  output (start-up warnings) goes to that log, not to the user's terminal; its last lines are
  quoted when the kernel fails. A kernel also exits by itself within a second of its parent
  process dying (ipykernel's parent poller).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from jupyter_core.utils import run_sync

if TYPE_CHECKING:
    from jupyter_client.asynchronous import AsyncKernelClient

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (jupyter-events
# pulls it in), and that module builds its IRI grammar parsers on import: 1.6 s of CPU in every
# process that reads a notebook (`crm-course report value-pyramid`: 8.3 s -> 5.8 s). Only
# jsonschema's "iri" format checks use it, and no notebook or report of ours needs them; marking
# the module absent makes jsonschema skip those two checks, as it does where it is not installed.
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]

__all__ = [
    "CELL_TIMEOUT",
    "STARTUP_TIMEOUT",
    "CellFailure",
    "Kernel",
    "KernelError",
    "Stopped",
    "execute",
    "stop_on_sigterm",
]

#: The kernel every notebook runs in.
KERNEL_NAME = "python3"
#: Seconds a kernel may take to start and answer (``wait_for_ready``).
STARTUP_TIMEOUT = 60.0
#: Seconds one cell may run before it is stopped and the run fails.
CELL_TIMEOUT = 600.0
#: Seconds a quiet command (the namespace reset between reports) may take.
COMMAND_TIMEOUT = 30.0

# Longest runtime-folder path that leaves room for the socket names within the 104-108 bytes
# a Unix socket path may have.
_MAX_IPC_FOLDER = 80

_LOG = logging.getLogger("crmlib.kernel")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False  # nbclient logs a timeout before raising it; the error says it already


class KernelError(RuntimeError):
    """A kernel did not start, died, or did not answer in time; the message says which."""


class Stopped(BaseException):
    """The process was asked to stop by a signal (SIGTERM); like KeyboardInterrupt for SIGINT,
    it unwinds the stack so that every ``finally`` stops what it started."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class stop_on_sigterm:  # lower case: used like a function, ``with stop_on_sigterm():``
    """While active (in the main thread), SIGTERM raises :class:`Stopped` instead of ending the
    process on the spot, so kernels are shut down and temporary files removed."""

    def __enter__(self) -> stop_on_sigterm:
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


@dataclass(frozen=True)
class CellFailure:
    """Why a notebook run stopped: the cause, the cell (number from 1, and its first line), and
    whether the kernel is lost.

    ``kernel_lost`` is true when the kernel died or was still busy (a timeout): it must be
    replaced before it runs anything else.
    """

    cause: str
    cell: int
    code: str
    kernel_lost: bool

    @property
    def where(self) -> str:
        """``cell 3 (first line of its code)``."""
        return f"cell {self.cell} ({self.code})"


_RUNTIME = re.compile(r"^crm-kernel-(?P<pid>\d+)-[a-z0-9_]{8}$")


def _new_runtime() -> Path:
    return Path(tempfile.mkdtemp(prefix=f"crm-kernel-{os.getpid()}-"))


def clean_stale_runtimes() -> list[Path]:
    """Remove kernel runtime folders (with their secrets) of this user's dead processes.

    A runtime folder is named ``crm-kernel-PID-XXXXXXXX`` after the process that made it; the
    folders of processes still running, and of other users, are left alone.

    Returns
    -------
    list of Path
        The folders removed (empty when there were none).

    Examples
    --------
    >>> removed = clean_stale_runtimes()  # doctest: +SKIP
    >>> [folder.name for folder in removed]  # doctest: +SKIP
    ['crm-kernel-41234-k2j4xw9q']
    """
    from crmlib._process import process_alive

    removed = []
    for folder in Path(tempfile.gettempdir()).glob("crm-kernel-*"):
        found = _RUNTIME.match(folder.name)
        try:
            if not found or folder.stat().st_uid != os.getuid() or process_alive(int(found["pid"])):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _uses_ipc(runtime: Path) -> bool:
    return os.name == "posix" and len(str(runtime)) <= _MAX_IPC_FOLDER


class Kernel:
    """A started local kernel, its connected client and its private runtime folder.

    Parameters
    ----------
    cwd : str or Path
        Working folder of the kernel.
    label : str
        What runs in it (a report or notebook name), quoted in errors.
    startup_timeout : float
        Seconds the kernel may take to start and answer.
    env : mapping, optional
        Extra environment variables for the kernel.

    Raises
    ------
    KernelError
        The kernel did not answer within *startup_timeout*; nothing is left running.
    """

    def __init__(
        self,
        cwd: str | Path,
        *,
        label: str = "notebook",
        startup_timeout: float = STARTUP_TIMEOUT,
        env: dict[str, str] | None = None,
    ) -> None:
        self.label = label
        self.cwd = str(cwd)
        self.startup_timeout = startup_timeout
        self.env = dict(env or {})
        clean_stale_runtimes()
        self.runtime = _new_runtime()
        self.km: Any = None
        self.kc: Any = None
        self._log: Any = None
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    # -------------------------------------------------------------------- life cycle ---

    def _start(self) -> None:
        from jupyter_client import KernelManager

        settings: dict[str, Any] = {
            "kernel_name": KERNEL_NAME,
            "connection_file": str(self.runtime / "connection.json"),
            # nbclient needs an asynchronous client: with a blocking one, its wait for output
            # blocks the event loop, and with it the cell timeout (a hanging cell hangs for ever).
            "client_class": "jupyter_client.asynchronous.AsyncKernelClient",
        }
        if _uses_ipc(self.runtime):
            km = KernelManager(transport="ipc", ip=str(self.runtime / "kernel"), **settings)
        else:
            km = KernelManager(transport_encryption="auto", **settings)
        self.km = km
        self._log = open(self.runtime / "kernel.log", "wb")  # noqa: SIM115 - closed in close()
        km.start_kernel(
            cwd=self.cwd,
            stdout=self._log,
            stderr=self._log,
            env={**os.environ, **self.env},
        )
        # an AsyncKernelClient (client_class above); KernelManager.client() names the base class
        kc = cast("AsyncKernelClient", km.client())
        kc.start_channels()  # all of them: stop_channels() would create, and leak, a missing one
        kc.allow_stdin = False
        self.kc = kc
        try:
            run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
        except RuntimeError as err:
            raise KernelError(
                f"{self.label}: the kernel did not start within {self.startup_timeout:g} s "
                f"({err}){self.log_tail()}"
            ) from None

    @property
    def transport(self) -> str:
        """``"ipc"`` or ``"tcp"``."""
        return str(self.km.transport)

    @property
    def pid(self) -> int | None:
        """Process id of the kernel (the leader of its own process group), if it runs."""
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pid", None)

    def is_alive(self) -> bool:
        """Whether the kernel process is running.

        Returns
        -------
        bool
            True while the kernel runs; False once it died or was closed.

        Examples
        --------
        >>> with Kernel(".", label="demo") as kernel:  # doctest: +SKIP
        ...     kernel.is_alive()
        True
        """
        return bool(self.km is not None and self.km.is_alive())

    def log_tail(self, lines: int = 5) -> str:
        """The last lines the kernel process printed, as a suffix for an error message.

        Parameters
        ----------
        lines : int, default 5
            How many non-blank lines of the kernel's log to keep.

        Returns
        -------
        str
            ``"; the kernel's last words: A | B"``, or ``""`` when the log is empty or unreadable.

        Examples
        --------
        >>> kernel.log_tail(1)  # doctest: +SKIP
        "; the kernel's last words: MemoryError"
        """
        try:
            text = (self.runtime / "kernel.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        tail = [line for line in text.splitlines() if line.strip()][-lines:]
        return ("; the kernel's last words: " + " | ".join(tail)) if tail else ""

    def restart(self) -> None:
        """Replace the kernel by a fresh one (after a failure: never carry a broken state).

        The old kernel, its process group and its runtime folder are removed first.

        Raises
        ------
        KernelError
            The new kernel did not start; nothing is left running.

        Examples
        --------
        >>> kernel.restart()  # doctest: +SKIP
        >>> kernel.is_alive()  # doctest: +SKIP
        True
        """
        self.close()
        self.runtime = _new_runtime()
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the kernel and its process group, and remove the runtime folder. Idempotent.

        Examples
        --------
        >>> kernel = Kernel(".", label="demo")  # doctest: +SKIP
        >>> kernel.close()  # doctest: +SKIP
        >>> kernel.is_alive()  # doctest: +SKIP
        False
        """
        pid = self.pid if self.km is not None and self.km.has_kernel else None
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # closing must go on whatever state the channels are in
                _LOG.debug("stopping the channels failed", exc_info=True)
            self.kc = None
        if self.km is not None:
            try:
                if self.km.has_kernel:
                    self.km.shutdown_kernel(now=True)  # kill, then wait at most 5 s
            except Exception:
                _LOG.debug("kernel shutdown failed", exc_info=True)
            if pid is not None:
                kill_group(pid)
            try:
                self.km.cleanup_resources()  # connection file and IPC socket files
            except Exception:
                _LOG.debug("kernel clean-up failed", exc_info=True)
            self.km = None
        if self._log is not None:
            self._log.close()
            self._log = None
        shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------------ commands ---

    def run_quietly(self, code: str, *, timeout: float = COMMAND_TIMEOUT) -> None:
        """Run *code* without output or history (e.g. a namespace reset), bounded in time.

        Parameters
        ----------
        code : str
            Python source to run in the kernel.
        timeout : float, default COMMAND_TIMEOUT
            Seconds to wait for the kernel's reply.

        Raises
        ------
        KernelError
            The kernel died, did not answer within *timeout*, or *code* raised.

        Examples
        --------
        >>> kernel.run_quietly("%reset -f")  # doctest: +SKIP
        """
        content = run_sync(self._run_quietly)(code, timeout)
        if content["status"] != "ok":
            raise KernelError(
                f"{self.label}: {content.get('ename', 'error')}: {content.get('evalue', '')}"
            )

    async def _run_quietly(self, code: str, timeout: float) -> dict[str, Any]:
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelError(f"{self.label}: the kernel did not answer within {timeout:g} s")
            try:
                reply = await self.kc.get_shell_msg(timeout=min(remaining, 1.0))
            except queue.Empty:
                if not self.is_alive():
                    raise KernelError(f"{self.label}: the kernel died{self.log_tail()}") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by *pid* (a kernel and anything it started), if any.

    Does nothing off POSIX, or when the group is gone or belongs to someone else.

    Parameters
    ----------
    pid : int
        The process id of the group's leader (:attr:`Kernel.pid`).

    Examples
    --------
    >>> kill_group(kernel.pid)  # doctest: +SKIP
    """
    if os.name != "posix":
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _first_line(cell: Any) -> str:
    lines = [line for line in str(cell.source).splitlines() if line.strip()]
    text = lines[0].strip() if lines else ""
    return text if len(text) <= 60 else text[:57] + "..."


def execute(nb: Any, kernel: Kernel, *, cell_timeout: float = CELL_TIMEOUT) -> CellFailure | None:
    """Execute every cell of *nb* (in place) in *kernel*; None when all ran, else the failure.

    Each cell may run *cell_timeout* seconds; a cell that raises, a kernel that dies and a
    cell that does not finish in time each end the run with a :class:`CellFailure`. The
    notebook keeps the outputs of the cells that ran, the failing cell's error included.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook to run; its cells receive the new outputs.
    kernel : Kernel
        A started kernel (its namespace is not reset first).
    cell_timeout : float, default CELL_TIMEOUT
        Seconds each cell may run.

    Returns
    -------
    CellFailure or None
        The first failure (cell number, first line of code, cause), or None when every cell ran.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    >>> with Kernel(".", label="demo") as kernel:  # doctest: +SKIP
    ...     print(execute(nb, kernel).cause)
    ZeroDivisionError: division by zero
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(
        nb,
        km=kernel.km,
        kernel_name=KERNEL_NAME,
        timeout=cell_timeout,
        allow_errors=False,
        record_timing=False,
        log=_LOG,
    )
    client.reset_execution_trackers()
    client.kc = kernel.kc
    for index, cell in enumerate(nb.cells):
        number, code = index + 1, _first_line(cell)
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError:
            cause = f"did not finish within {cell_timeout:g} s; the kernel was stopped"
            return CellFailure(cause, number, code, kernel_lost=True)
        except DeadKernelError:
            cause = f"the kernel died{kernel.log_tail()}"
            return CellFailure(cause, number, code, kernel_lost=True)
        except CellExecutionError as err:
            return CellFailure(f"{err.ename}: {err.evalue}", number, code, kernel_lost=False)
    client.set_widgets_metadata()
    return None


def execute_in_place(path: str | Path, *, cell_timeout: float = CELL_TIMEOUT) -> None:
    """Re-execute the notebook at *path* in a fresh kernel and store its new outputs there.

    What ``python3 bootstrap.py refresh`` runs for each course notebook: the same bounded runner
    as reports, batches and editions, so a refresh stores exactly what the tests compare.

    Parameters
    ----------
    path : str or Path
        The notebook file; it runs in its own folder.
    cell_timeout : float, default CELL_TIMEOUT
        Seconds each cell may run.

    Raises
    ------
    KernelError
        The kernel did not start, or a cell failed (named); the file is left as it was.

    Examples
    --------
    >>> execute_in_place("notebooks/02-segmentation.ipynb")  # doctest: +SKIP
    """
    import nbformat

    source = Path(path)
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # no timing metadata: clean diffs
    with Kernel(source.parent, label=source.name) as kernel:
        failure = execute(nb, kernel, cell_timeout=cell_timeout)
    if failure is not None:
        raise KernelError(f"{source.name} failed in {failure.where}: {failure.cause}")
    nbformat.write(nb, source)
