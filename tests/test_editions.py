"""Student and instructor editions from the same notebooks; both pass strict nbval."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crmlib import editions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return out, editions.make_editions(out)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_instructor_edition_is_the_tested_source(made):
    _, written = made
    for path in written["instructor"]:
        assert path.read_bytes() == (ROOT / "notebooks" / path.name).read_bytes()
    solutions = [
        c
        for p in written["instructor"]
        for c in _cells(p)
        if "solution" in c["metadata"].get("tags", [])
    ]
    checked = [c for c in solutions if c["cell_type"] == "code"]
    assert len(checked) == 10  # two checked exercises in each of five chapters
    # Interpretation exercises: a markdown model answer after each question (any number).
    answers = [c for c in solutions if c["cell_type"] == "markdown"]
    assert all("".join(c["source"]).startswith("**Model answer.**") for c in answers)


def test_student_edition_has_no_solution_text(made):
    _, written = made
    for student, instructor in zip(written["student"], written["instructor"], strict=True):
        solution_code = [
            "".join(c["source"])
            for c in _cells(instructor)
            if "solution" in c["metadata"].get("tags", [])
        ]
        text = student.read_text(encoding="utf-8")
        assert '"solution"' not in text
        for code in solution_code:
            assert code.removeprefix("answer = ") not in text, (student.name, code)
        if solution_code:
            assert "no answer yet" in text


def test_student_edition_passes_strict_nbval(made):
    out, _ = made
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            str(out / "student"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout.splitlines()[-1]


def test_editions_command_prints_only_what_its_user_needs(tmp_path, monkeypatch, capfd):
    from crmlib import cli

    first = ROOT / "notebooks" / "01-strategy.ipynb"
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: [first])
    assert cli.main(["editions", "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()  # file-descriptor level: the kernels' own output included
    assert err == ""  # no transport-encryption or debugger warnings from the kernel
    assert out.splitlines() == [
        f"instructor: 1 notebooks in {tmp_path / 'instructor'}",
        f"student: 1 notebooks in {tmp_path / 'student'}",
    ]
