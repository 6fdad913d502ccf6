"""Graded assignments (nbgrader): exercises found in the notebooks, hidden tests that no kernel
can patch, and the whole instructor workflow run on every chapter.

The workflow test generates the course, releases every chapter, puts three submissions per
chapter where ``zip_collect`` puts them (right answers, wrong answers, and wrong answers with the
checker and its expected values patched), autogrades them in one ``nbgrader autograde`` call and
checks the gradebook, the HTML feedback and the CSV export. nbgrader runs as the README tells
instructors to run it: the environment's ``nbgrader`` command from the course folder, with the
environment's ``bin`` folder *not* on ``PATH``. The four steps (``generate_assignment``,
``autograde``, ``generate_feedback``, ``export``) run one after the other in one process, each
as the ``nbgrader`` command runs it (``NbGraderApp.launch_instance`` with its arguments): the
same code, configuration and course folder, with nbgrader's start-up (about 4 s of CPU) paid
once instead of four times.

Submissions hold the answer and test cells of the released notebook (and one import cell), not
the chapter's other cells: grading runs only those cells, and running each chapter 15 times
more would add minutes to the suite (the chapters themselves run under nbval).
"""

from __future__ import annotations

import copy
import csv
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmlib.course import assignments, editions, exercises

ROOT = Path(__file__).resolve().parents[1]
NBGRADER = Path(sys.executable).with_name("nbgrader")
STUDENTS = ("right", "wrong", "tamper")
CHAPTERS = [p for p in editions.chapter_notebooks() if p.name[:2].isdigit()]


def _chapter_tasks() -> dict[str, list[assignments.Task]]:
    return {
        assignments.assignment_name(p): assignments.find_tasks(nbformat.read(p, as_version=4))
        for p in CHAPTERS
    }


# ------------------------------------------------------------------ finding the exercises ---


def test_every_checked_exercise_and_solution_cell_is_found():
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        tasks = assignments.find_tasks(nb)
        solutions = [i for i, c in enumerate(nb.cells) if editions.is_solution(c)]
        assert sorted(t.solution for t in tasks) == solutions, path.name
        for task in tasks:
            if task.kind == "computed":
                assert task.key in exercises.EXERCISES
                assert f'exercises.check("{task.key}", {task.name})' in nb.cells[task.test].source
        assert tasks, f"{path.name} has no exercise to grade"


def _nb(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _code(source, *tags, **meta):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags), **meta})


def _md(source, *tags, **meta):
    return nbformat.v4.new_markdown_cell(source, metadata={"tags": list(tags), **meta})


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([_code("answer = 1", "solution")], "no exercises.check"),
        ([_code("answer = 1", "solution"), _code("answer = 2", "solution")], "no exercises.check"),
        ([_code('exercises.check("ch3.q2", answer)')], "no cell tagged solution"),
        ([_md("**Model answer.** x", "solution")], "no question before it"),
        (
            [_code("answer = 1", "solution", points=0), _code('exercises.check("ch3.q2", answer)')],
            "points must be a positive number",
        ),
        (
            [
                _code("answer = 1", "solution"),
                _code('exercises.check("ch3.q2", answer)'),
                _code("answer = 1", "solution"),
                _code('exercises.check("ch3.q2", answer)'),
            ],
            "ch3.q2 appear twice",
        ),
    ],
)
def test_malformed_exercises_are_refused_naming_the_cell(cells, message):
    with pytest.raises(ValueError, match=message):
        assignments.find_tasks(_nb(*cells))


def test_source_notebook_marks_answers_tests_and_manual_grading():
    nb = _nb(
        _code("x = 2", outputs=None),
        _code("answer = x * 2", "solution"),
        _code('exercises.check("ch3.q2", answer)'),
        _code("print(answer + 1)"),
        _md("**ch3.q9.** Why do customers leave?"),
        _md("**Model answer.** Because ...", "solution", points=3),
    )
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="shown\n")]
    source = assignments.source_notebook(nb)
    meta = [c.metadata.get("nbgrader") for c in source.cells]
    assert meta[0] is None and source.cells[0].outputs  # other cells keep their outputs
    assert meta[1] == {
        "grade": False,
        "grade_id": "ch3_q2_answer",
        "locked": False,
        "schema_version": 3,
        "solution": True,
    }
    assert meta[2]["grade"] and meta[2]["points"] == 1 and meta[2]["locked"]
    test = source.cells[2].source
    assert 'exercises.check("ch3.q2", answer, strict=True)' in test
    assert "### BEGIN HIDDEN TESTS" in test and test.endswith("### END HIDDEN TESTS")
    assert meta[5] == {
        "grade": True,
        "grade_id": "ch3_q9_answer",
        "locked": False,
        "points": 3.0,
        "schema_version": 3,
        "solution": True,
    }
    # the answer, its check, and a cell using the answer would show the solution
    assert [bool(c.get("outputs")) for c in source.cells if c.cell_type == "code"] == [
        True,
        False,
        False,
        False,
    ]
    assert nb.cells[1].metadata.get("nbgrader") is None  # the input is not changed
    student = editions.student_notebook(nb)
    assert student.cells[5].source == editions.TEXT_STUB == "*Your answer here.*"
    assert student.cells[5].cell_type == "markdown" and student.cells[1].source == editions.STUB


# --------------------------------------------------------------------------- hidden tests ---


def _forms(value) -> list:
    return sorted(value) if isinstance(value, frozenset) else [value]


def _run_hidden(key: str, answer) -> None:
    # no builtins, no modules: the test can only rely on its own literals
    exec(assignments.hidden_test(key), {"__builtins__": {}, "answer": answer})


@pytest.mark.parametrize("key", sorted(exercises.EXERCISES))
def test_hidden_test_needs_nothing_from_the_kernel_and_tells_right_from_wrong(key):
    exercise = exercises.EXERCISES[key]
    for form in _forms(exercise.expected()):
        _run_hidden(key, form)
        if isinstance(form, str):
            _run_hidden(key, f"  {form.upper()} ")
    wrong = [form for m in exercise.mistakes for form in _forms(m.wrong())]
    wrong += ["Q"] if exercise.kind == "category" else [-12345.6]
    for answer in wrong:
        with pytest.raises(AssertionError, match=f"{key}: the answer is not the expected value"):
            _run_hidden(key, answer)


def test_hidden_test_accepts_exactly_what_check_accepts():
    # ch1.q2 expects 500/30 within 0.1%: the edges of math.isclose's interval
    expected = 500 / 30
    for answer, ok in [
        (expected * 0.99901, True),
        (expected * 0.99899, False),
        (expected / 0.99901, True),
        (expected / 0.99899, False),
    ]:
        assert _isclose(answer, expected) is ok
        if ok:
            _run_hidden("ch1.q2", answer)
        else:
            with pytest.raises(AssertionError):
                _run_hidden("ch1.q2", answer)


def _isclose(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


def test_strict_check_raises_with_the_hint():
    with pytest.raises(AssertionError, match=r"ch3\.q2: not yet\. That is the churn rate"):
        exercises.check("ch3.q2", 0.25, strict=True)
    with pytest.raises(AssertionError, match=r"ch3\.q2: no answer yet"):
        exercises.check("ch3.q2", None, strict=True)
    with pytest.raises(AssertionError, match="a number, not a string"):
        exercises.check("ch3.q2", "4", strict=True)
    assert exercises.check("ch3.q2", 4, strict=True) is True


def test_zip_collect_reads_the_student_from_the_folder_or_zip_name(monkeypatch):
    # nbgrader's FileNameCollectorPlugin matches this rule against each extracted file's path
    # (run for real, `nbgrader zip_collect` costs 5 s of CPU at start-up alone)
    from traitlets.config import Config

    monkeypatch.setenv("PATH", os.environ.get("PATH", ""))  # the config prepends to PATH
    config = Config()
    exec(assignments.config_text(), {"get_config": lambda: config, "__file__": "x"})
    rule = config.FileNameCollectorPlugin.named_regexp
    extracted = "/home/t/course/downloaded/ch03/extracted"
    for path in (
        f"{extracted}/2025-017/03-lifecycle.ipynb",  # archive/2025-017/03-lifecycle.ipynb
        f"{extracted}/2025-017/ch03/03-lifecycle.ipynb",  # archive/2025-017.zip with a folder
    ):
        match = re.match(rule, path)
        assert match and match["student_id"] == "2025-017", path
        assert match["file_id"] == "03-lifecycle.ipynb"
    assert re.match(rule, f"{extracted}/2025-017/notes.ipynb") is None
    assert os.path.dirname(sys.executable) in os.environ["PATH"].split(os.pathsep)


def test_config_refuses_a_bad_course_id():
    with pytest.raises(ValueError, match="course id 'my course'"):
        assignments.config_text("my course")


# ------------------------------------------------------------------------ the workflow ---


#: Runs each argument list as the `nbgrader` command does (its entry point,
#: nbgrader.apps.nbgraderapp:main, is NbGraderApp.launch_instance()), one after the other in this
#: one process. The apps are singletons: each step clears the instances the previous one made.
_NBGRADER_STEPS = """
import json, sys
from nbgrader.apps.baseapp import NbGrader
from nbgrader.apps.nbgraderapp import NbGraderApp

def apps(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from apps(sub)

for argv in json.loads(sys.argv[1]):
    print("nbgrader", *argv, file=sys.stderr, flush=True)
    NbGraderApp.launch_instance(argv)
    for app in {NbGrader, *apps(NbGrader)}:
        app.clear_instance()
"""


def _nbgrader(course: Path, *steps: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    venv_bin = str(NBGRADER.parent)
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
    )
    run = subprocess.run(
        [sys.executable, "-c", _NBGRADER_STEPS, json.dumps(steps)],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, f"{steps}:\n{run.stderr[-4000:]}"
    done = re.findall(r"^nbgrader (.*)$", run.stderr, flags=re.MULTILINE)
    assert done == [" ".join(step) for step in steps], run.stderr[-4000:]
    return run


def _answer(value) -> str:
    form = _forms(value)[0]
    return f"answer = {form!r}"


def _wrong(exercise: exercises.Exercise):
    if exercise.mistakes:
        return exercise.mistakes[0].wrong()
    return "Q" if exercise.kind == "category" else -12345.6


TAMPER = """\
import dataclasses
import importlib
import math

from crmlib.course import exercises

# accept anything: the checker, its expected values, its comparison, and a reload of it
exercises.check = lambda *args, **kwargs: True
for _key, _exercise in list(exercises.EXERCISES.items()):
    exercises.EXERCISES[_key] = dataclasses.replace(
        _exercise, expected=lambda: answer, mistakes=(), rel_tol=1e9
    )
exercises._matches = lambda *args: True
math.isclose = lambda *args, **kwargs: True
importlib.reload = lambda module: module
"""


def _submission(release, tasks: list[assignments.Task], student: str):
    """The released notebook's answer and test cells, answered as *student* would."""
    nb = copy.deepcopy(release)
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}
    cells = [nbformat.v4.new_code_cell("from crmlib.course import exercises")]
    for task in tasks:
        answer = by_id[f"{task.grade_id}_answer"]
        if task.kind == "interpretation":
            answer.source = "Customers leave when the value they get falls below what it costs."
            cells.append(answer)
            continue
        exercise = exercises.EXERCISES[task.key]
        value = exercise.expected() if student == "right" else _wrong(exercise)
        answer.source = _answer(value)
        cells.append(answer)
        if student == "tamper":
            cells.append(nbformat.v4.new_code_cell(TAMPER))
        cells.append(by_id[f"{task.grade_id}_test"])
    nb.cells = cells
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    assignments.make_assignments(course)
    _nbgrader(course, ["generate_assignment", "*"])
    tasks = _chapter_tasks()
    for path in CHAPTERS:
        name = assignments.assignment_name(path)
        release = nbformat.read(course / "release" / name / path.name, as_version=4)
        for student in STUDENTS:
            # where zip_collect puts them (its file-name rule: test_zip_collect_reads_...)
            target = course / "submitted" / student / name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(_submission(release, tasks[name], student), target)
    _nbgrader(
        course,
        ["autograde", "*", "--create"],
        ["generate_feedback", "*"],
        ["export", "--to", "grades.csv"],
    )
    return course, tasks


def _scores(course: Path) -> dict[tuple[str, str, str], tuple[float | None, float, bool]]:
    con = sqlite3.connect(course / "gradebook.db")
    rows = con.execute(
        """SELECT sa.student_id, a.name, bc.name, g.auto_score, gc.max_score,
                  g.needs_manual_grade
           FROM grade g
           JOIN submitted_notebook sn ON g.notebook_id = sn.id
           JOIN submitted_assignment sa ON sn.assignment_id = sa.id
           JOIN assignment a ON sa.assignment_id = a.id
           JOIN base_cell bc ON g.cell_id = bc.id
           JOIN grade_cells gc ON gc.id = bc.id"""
    ).fetchall()
    con.close()
    return {(s, a, cell): (auto, top, bool(manual)) for s, a, cell, auto, top, manual in rows}


def test_release_is_the_student_edition_with_test_cells(graded):
    course, tasks = graded
    for path in CHAPTERS:
        name = assignments.assignment_name(path)
        release = nbformat.read(course / "release" / name / path.name, as_version=4)
        student = editions.student_notebook(nbformat.read(path, as_version=4))
        tests = {tasks[name][i].test for i in range(len(tasks[name]))}
        assert len(release.cells) == len(student.cells)
        for index, (got, want) in enumerate(zip(release.cells, student.cells, strict=True)):
            if index in tests:
                assert "### BEGIN HIDDEN TESTS" not in got.source  # hidden in the release
                assert "strict=True" in got.source
            else:
                assert got.source == want.source, (name, index)
        kept = sum(bool(c.get("outputs")) for c in release.cells)
        assert kept > 0, f"{name}: the release lost the stored outputs"


def test_autograde_full_marks_zero_and_zero(graded):
    course, tasks = graded
    scores = _scores(course)
    for name, chapter_tasks in tasks.items():
        for task in chapter_tasks:
            cell = f"{task.grade_id}_{'test' if task.kind == 'computed' else 'answer'}"
            right, wrong, tamper = (scores[(s, name, cell)] for s in STUDENTS)
            if task.kind == "interpretation":
                assert all(manual for _, _, manual in (right, wrong, tamper)), cell
                continue
            assert right == (task.points, task.points, False), (name, cell, right)
            assert wrong[0] == 0, (name, cell, wrong)
            assert tamper[0] == 0, (name, cell, tamper)


def test_feedback_pages_are_written_with_the_hints(graded):
    course, _ = graded
    for path in CHAPTERS:
        name = assignments.assignment_name(path)
        for student in STUDENTS:
            page = course / "feedback" / student / name / path.with_suffix(".html").name
            html = page.read_text(encoding="utf-8")
            assert "<html" in html and "Score:" in html, page
        wrong = (course / "feedback" / "wrong" / name / path.with_suffix(".html").name).read_text(
            encoding="utf-8"
        )
        assert "AssertionError" in wrong and "not yet." in wrong


def test_export_writes_the_scores_to_csv(graded):
    course, tasks = graded
    with (course / "grades.csv").open(newline="", encoding="utf-8") as f:
        rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(f)}
    for name, chapter_tasks in tasks.items():
        computed = sum(t.points for t in chapter_tasks if t.kind == "computed")
        total = sum(t.points for t in chapter_tasks)
        assert float(rows[("right", name)]["score"]) == computed
        assert float(rows[("wrong", name)]["score"]) == 0
        assert float(rows[("tamper", name)]["score"]) == 0
        assert float(rows[("right", name)]["max_score"]) == total


def test_assignments_command(tmp_path, monkeypatch, capsys):
    from crmlib.course import cli

    first = CHAPTERS[0]
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: [first])
    assert cli.main(["assignments", "--out", str(tmp_path), "--course-id", "crm-2025"]) == 0
    out = capsys.readouterr().out
    assert f"1 assignments in {tmp_path / 'source'}" in out
    assert (tmp_path / "source" / "ch01" / first.name).is_file()
    assert "c.CourseDirectory.course_id = 'crm-2025'" in (
        tmp_path / "nbgrader_config.py"
    ).read_text(encoding="utf-8")
