#!/usr/bin/env python3
"""Set up the course in ./.venv and run one of its jobs. Needs only Python 3.11+ and pip.

    python3 bootstrap.py report    # set up, then write every case report as HTML (main job)
    python3 bootstrap.py test      # set up, then run the whole test suite
    python3 bootstrap.py lab       # set up, then open the course in JupyterLab
    python3 bootstrap.py refresh   # re-execute all notebooks in place (after an upgrade)
    python3 bootstrap.py lock      # re-resolve the newest versions into requirements-lock.txt

Extra arguments go to the job: ``python3 bootstrap.py test -k rfm``. The environment is
(re)installed only when requirements-lock.txt or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CRM_COURSE_VENV", ROOT / ".venv"))
LOCK = ROOT / "requirements-lock.txt"
STAMP = VENV / ".crm-course-installed"
EXTRAS = ".[test,bench,cluster,book]"


def _bin(venv_dir: Path, name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return venv_dir / folder / f"{name}{suffix}"


def _run(*cmd: object, **kwargs) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def setup() -> Path:
    """Create or update the virtual environment; return its Python."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on any python3 first
        sys.exit(f"crm-course needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = _bin(VENV, "python")
    if STAMP.is_file() and STAMP.read_text() == _fingerprint() and python.exists():
        return python
    if not python.exists():
        print(f"creating the virtual environment {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    _run(python, "-m", "pip", "install", "--quiet", "-c", LOCK, "-e", EXTRAS, cwd=ROOT)
    # Build matplotlib's font cache now, so its one-time notice never lands in a notebook.
    _run(python, "-c", "import matplotlib.font_manager")
    STAMP.write_text(_fingerprint())
    return python


def lock() -> None:
    """Install the newest releases in a scratch environment and pin them all."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "venv"
        venv.create(scratch, with_pip=True)
        python = _bin(scratch, "python")
        _run(python, "-m", "pip", "install", "--quiet", EXTRAS, cwd=ROOT)
        frozen = subprocess.run(
            [python, "-m", "pip", "freeze", "--exclude", "crm-course"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    header = "# Exact versions the stored notebook outputs were made with. Regenerate with\n"
    header += "# `python3 bootstrap.py lock`, then `python3 bootstrap.py refresh` (see README).\n"
    LOCK.write_text(header + frozen)
    print(f"wrote {LOCK}")


def refresh(python: Path) -> None:
    """Format, then re-execute every course and case notebook in place (no timing metadata)."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    notebooks += sorted((ROOT / "casestudies").glob("*.ipynb"))
    _run(python, "-m", "ruff", "format", *notebooks)
    strip = (
        "import sys, nbformat\n"
        "for path in sys.argv[1:]:\n"
        "    nb = nbformat.read(path, as_version=4)\n"
        "    for cell in nb.cells:\n"
        "        cell.metadata.pop('execution', None)\n"
        "    nbformat.write(nb, path)\n"
    )
    _run(python, "-c", strip, *notebooks)  # drop old timing metadata: clean diffs
    for nb in notebooks:
        _run(
            python,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--inplace",
            "--ExecutePreprocessor.kernel_name=python3",
            "--ExecutePreprocessor.record_timing=False",
            nb,
            cwd=nb.parent,
        )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"report", "test", "lab", "refresh", "lock"}:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    if job == "lock":
        lock()
        return 0
    python = setup()
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    if job == "report":
        cmd = [_bin(VENV, "crm-course"), "report", *(rest or ["--all"])]
    elif job == "test":
        cmd = [python, "-m", "pytest", *rest]
    elif job == "lab":
        cmd = [python, "-m", "jupyter", "lab", *rest]
    else:
        refresh(python)
        return 0
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
