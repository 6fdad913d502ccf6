#!/usr/bin/env python3
"""Set up the course in ./.venv and run one of its jobs. Needs only Python 3.11+ and pip.

    python3 bootstrap.py report    # set up, then write every case report as HTML (main job)
    python3 bootstrap.py test      # set up, then run the whole test suite
    python3 bootstrap.py lab       # set up, then open YOUR copy of the course (work/) in JupyterLab
    python3 bootstrap.py lab --lang zh   # the same in Chinese (中文版), in work-zh/
    python3 bootstrap.py refresh   # re-execute all notebooks in place (after an upgrade),
                                   # then rewrite their Chinese editions (notebooks/zh/ ...)
    python3 bootstrap.py refresh --lang zh   # only the Chinese editions (catalog changed)
    python3 bootstrap.py lock      # re-resolve the newest versions into requirements-lock.txt

Extra arguments go to the job: ``python3 bootstrap.py test -k rfm``. The environment is
(re)installed only when requirements-lock.txt or pyproject.toml change.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CRM_COURSE_VENV", ROOT / ".venv"))
LOCK = ROOT / "requirements-lock.txt"
STAMP = VENV / ".crm-course-installed"
WORK = ROOT / "work"  # students' copies of the course (git-ignored, never overwritten)
#: The students' copies in other languages (``lab --lang zh``), also git-ignored.
WORKS = {"en": WORK, "zh": ROOT / "work-zh"}
EDITION_FILE = ".crm-course-edition"
EXTRAS = ".[course,test,bench,cluster,book,grading]"


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
            # --all keeps setuptools, which the test extra names (tests/test_install.py)
            [python, "-m", "pip", "freeze", "--all", "--exclude", "crm-course", "--exclude", "pip"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    header = "# Exact versions the stored notebook outputs were made with. Regenerate with\n"
    header += "# `python3 bootstrap.py lock`, then `python3 bootstrap.py refresh` (see README).\n"
    LOCK.write_text(header + frozen)
    print(f"wrote {LOCK}")


def refresh(python: Path, langs: tuple[str, ...] = ("en", "zh")) -> None:
    """Format, then re-execute every course and case notebook in place (no timing metadata);
    then write each one's committed Chinese edition from it (``notebooks/zh/``,
    ``casestudies/zh/``, executed natively: ``crmlib.course.editions.refresh_translations``).
    *langs* picks the steps: ``("zh",)`` after a change of the catalogs only."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    notebooks += sorted((ROOT / "casestudies").glob("*.ipynb"))
    if "en" in langs:
        _run(python, "-m", "ruff", "format", *notebooks)
        run = (
            "import sys\n"
            "from crmlib.course._execution import execute_in_place\n"
            "for path in sys.argv[1:]:\n"
            "    print('executing', path, flush=True)\n"
            "    execute_in_place(path)\n"
        )
        # the bounded notebook runner (crmlib.course._execution) that reports and editions use too
        _run(python, "-c", run, *notebooks)
    for lang in langs:
        if lang != "en":
            cmd = _bin(VENV, "crm-course")
            _run(cmd, "translate", "refresh", "--lang", lang, *notebooks)


def course_edition(notebooks: Path = ROOT / "notebooks", lang: str = "en") -> str:
    """A fingerprint of the course text: the cells' sources, not their outputs (and, in
    another language, its catalogs in ``translations/LANG/``)."""
    digest = hashlib.sha256()
    for path in sorted(notebooks.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        digest.update(path.name.encode())
        for cell in cells:
            digest.update("".join(cell["source"]).encode())
    if lang != "en":
        for path in sorted((ROOT / "translations" / lang / notebooks.name).glob("*.yml")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def student_workspace(
    make_student,
    *,
    work: Path = WORK,
    edition: str | None = None,
    today: datetime.date | None = None,
) -> tuple[Path, str]:
    """Find or make the student's folder; return it and a message for the student.

    *make_student(folder)* writes the student edition into an empty *folder*. On first use it
    becomes ``work/``. Later, ``work/`` is never written to: when the course has changed (a new
    *edition* fingerprint), the new edition goes beside it, in ``work/new-edition-YYYYMMDD/``.
    """
    edition = edition or course_edition()
    today = today or datetime.date.today()

    def make(target: Path) -> None:
        scratch = target.with_name(f".{target.name}.partial")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        make_student(scratch)
        (scratch / EDITION_FILE).write_text(edition + "\n", encoding="utf-8")
        scratch.rename(target)  # all or nothing: an interrupted run leaves no half copy

    if not work.exists():
        make(work)
        return work, f"Your copy of the course is in {work}: start with 01-strategy.ipynb."
    marker = work / EDITION_FILE
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == edition:
        return work, f"Your copy of the course is in {work} (up to date)."
    for folder in sorted(work.glob("new-edition-*")):
        stamp = folder / EDITION_FILE
        if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == edition:
            break
    else:
        folder = work / f"new-edition-{today:%Y%m%d}"
        suffix = 2
        while folder.exists():
            folder = work / f"new-edition-{today:%Y%m%d}-{suffix}"
            suffix += 1
        make(folder)
    return work, (
        f"The course has a newer edition: it is in {folder}. Your own files in {work} are "
        "unchanged; copy over what you want to keep, or carry on where you are."
    )


def lab_command(python: Path, root: Path, rest: list[str]) -> list[object]:
    """The JupyterLab command for *root*; as root, with ``--allow-root`` (Lab refuses otherwise)."""
    cmd: list[object] = [python, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return [*cmd, *rest]


def _make_student_edition(python: Path, lang: str = "en"):
    """A *make_student* for :func:`student_workspace`: crmlib's student edition, executed."""

    def make(folder: Path) -> None:
        print(f"making your copy of the course in {folder} (once; about a minute)", flush=True)
        with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
            code = (
                "import sys; from crmlib.course import editions; "
                "editions.make_editions(sys.argv[1], lang=sys.argv[2])"
            )
            _run(python, "-c", code, tmp, lang, cwd=ROOT)
            student = Path(tmp) / ("student" if lang == "en" else f"{lang}/student")
            for path in sorted(student.iterdir()):
                shutil.move(str(path), folder / path.name)

    return make


def _language(rest: list[str]) -> tuple[str, list[str]]:
    """``--lang zh`` (or ``--lang=zh``) taken out of *rest*; the other arguments go to Lab."""
    for index, arg in enumerate(rest):
        if arg == "--lang" and index + 1 < len(rest):
            return rest[index + 1], rest[:index] + rest[index + 2 :]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1], rest[:index] + rest[index + 1 :]
    return "en", rest


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
        lang, rest = _language(rest)
        if lang not in WORKS:
            print(f"--lang {lang}: the course is in {', '.join(WORKS)}")
            return 2
        work, message = student_workspace(
            _make_student_edition(python, lang),
            work=WORKS[lang],
            edition=course_edition(lang=lang),
        )
        print(message, flush=True)
        cmd = lab_command(python, work, rest)
    else:
        given = any(arg == "--lang" or arg.startswith("--lang=") for arg in rest)
        lang, rest = _language(rest)
        if rest or lang not in WORKS:
            print(f"usage: bootstrap.py refresh [--lang {'|'.join(WORKS)}] (got {argv[1:]})")
            return 2
        refresh(python, (lang,) if given else tuple(WORKS))
        return 0
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
