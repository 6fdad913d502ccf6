"""The committed Chinese editions run under strict nbval on baseline CPU kernels.

``notebooks/zh/*.ipynb`` and ``casestudies/zh/*.ipynb`` are collected by nbval like the English
notebooks, in the same pytest run, but their kernel starts with numpy and OpenBLAS held to the
x86-64 baseline (``tests/_lowered.py``): the English run on this CPU's best kernels, their
Chinese editions (the same code) on the oldest, so an output that depends on the CPU fails on
every machine. Why and what else checks them: ``tests/test_cpu_portability.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests._lowered import LOWERED, REFRESH, is_edition


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Start an edition's kernel (nbval does, in the setup of its first cell) with LOWERED."""
    if not is_edition(item.path):
        return (yield)
    notebook = item.parent
    starts_kernel = getattr(notebook, "kernel", None) is None
    saved = {name: os.environ.get(name) for name in LOWERED}
    os.environ.update(LOWERED)
    try:
        result = yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if starts_kernel and sys.platform == "linux":
        _check_kernel_environment(notebook)
    return result


def _check_kernel_environment(notebook: pytest.Collector) -> None:
    """The running kernel's own environment (``/proc/PID/environ``) holds LOWERED."""
    pid = notebook.kernel.km.provisioner.pid
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    missing = [name for name, value in LOWERED.items() if f"{name}={value}".encode() not in environ]
    if missing:
        raise RuntimeError(f"{notebook.path.name}: its kernel started without {missing}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed cell of an edition says what the failure means and what to run."""
    report = yield
    if report.failed and call.when == "call" and is_edition(item.path):
        report.sections.append(
            (
                "committed Chinese edition",
                f"{item.path.relative_to(Path(__file__).parent)} gives other outputs on the "
                "x86-64 baseline kernels than it stores: if its English source or catalog "
                f"changed, {REFRESH}; if not, a shown number depends on the CPU (round it to "
                "what the model determines), or the edition is not reproducible.",
            )
        )
    return report


#: Test modules that take longest (setup included; ``pytest --durations``): they are handed to
#: the workers first, so that no worker is left running one of them alone at the end.
#: Measured on 2 cores (mypy still in the suite then): 300 s in collection order, 268 s in this.
SLOW_FIRST = (
    "tests/test_assignments.py",
    "tests/test_editions.py",
    "tests/test_batch.py",
    "tests/test_faults.py",
    "tests/test_book.py",
    "tests/test_visual.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow modules first, then the notebooks, then the rest; order within a module kept."""
    root = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        where = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        if where in SLOW_FIRST:
            return SLOW_FIRST.index(where)
        return len(SLOW_FIRST) + (0 if item.path.suffix == ".ipynb" else 1)

    items.sort(key=rank)  # stable: each notebook's cells stay in order, as nbval needs
