"""A non-editable install works: ``pip install .`` into a scratch environment (no download) runs a
case report and makes the editions, from a folder outside the clone.

The scratch environment borrows this environment's packages for the dependencies (a ``.pth``
file), so nothing is downloaded; crmlib itself, its cases, chapters, translations and data come
only from the wheel just built (the test checks where crmlib is imported from).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*cmd: object, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{cmd}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A scratch venv with crm-course installed from the clone as a wheel; its python and env."""
    base = tmp_path_factory.mktemp("install")
    scratch = base / "venv"
    venv.EnvBuilder(with_pip=False).create(scratch)
    python = scratch / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies: this environment's site-packages, after the scratch one on sys.path.
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "crm_course_deps.pth").write_text(ours + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{scratch / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # Data files the dependencies install beside site-packages (nbconvert's HTML templates).
    env["JUPYTER_PATH"] = str(Path(sys.prefix, "share", "jupyter"))
    env["PIP_NO_INDEX"] = "1"  # never download: the build uses this environment's setuptools
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps"]
    _run(*pip, "--no-compile", "--no-build-isolation", ROOT, cwd=base, env=env)
    return python, env, base


def test_the_install_imports_crmlib_from_the_scratch_environment(installed):
    python, env, base = installed
    out = _run(
        python,
        "-c",
        "import crmlib, crmlib.course.cli; print(crmlib.__file__)",
        cwd=base,
        env=env,
    )
    where = Path(out.strip())
    assert where.is_relative_to(python.parent.parent), where
    assert not where.is_relative_to(ROOT)


def test_the_install_runs_a_report_and_makes_the_editions(installed):
    python, env, base = installed
    work = base / "work"
    work.mkdir()
    crm_course = python.parent / "crm-course"
    out = _run(crm_course, "report", "value-pyramid", "--out", "reports", cwd=work, env=env)
    html = work / "reports" / "value-pyramid.html"
    assert str(html) in out and "Customer-value report" in html.read_text(encoding="utf-8")
    # The editions of every chapter the wheel ships, found without a clone (not executed here:
    # tests/test_editions.py executes them; this checks that the install finds and writes them).
    code = (
        "import json, sys; from crmlib.course import editions; "
        "w = editions.make_editions(sys.argv[1], execute=False); "
        "print(json.dumps({k: [p.name for p in v] for k, v in w.items()}))"
    )
    written = json.loads(_run(python, "-c", code, "editions", cwd=work, env=env))
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert written == {"instructor": chapters, "student": chapters}
    student = json.loads((work / "editions/student/03-lifecycle.ipynb").read_text("utf-8"))
    tags = [t for c in student["cells"] for t in c["metadata"].get("tags", [])]
    assert "solution" not in tags and "exercise" in tags
