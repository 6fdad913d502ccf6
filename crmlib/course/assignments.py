"""Graded assignments: the chapters as an nbgrader course folder.

``crm-course assignments --out DIR`` writes ``DIR/nbgrader_config.py`` and
``DIR/source/chNN/NN-topic.ipynb`` for every chapter, made from the chapter notebooks (the
instructor edition) by the same rules as the student edition:

- **Exercises are found in the notebook**, never listed here. A computed exercise is a code cell
  tagged ``solution`` followed by a cell calling ``exercises.check("chN.qK", answer)``; an
  interpretation question is a markdown cell starting ``**chN.qK.**`` followed by a markdown
  cell tagged ``solution`` (the model answer). A solution cell's metadata may give its
  ``points`` (default 1).
- **Answer cells** (``solution: true``) keep the instructor's solution; nbgrader's release puts
  the student edition's stubs in their place (:func:`crmlib.course.editions.answer_stub`, given to
  nbgrader in ``nbgrader_config.py``).
- **Graded test cells.** The check becomes ``exercises.check(key, answer, strict=True)``, which
  raises with the hint while the answer is wrong, followed by a hidden test that compares the
  answer with the expected value written into the cell as a literal when the assignment is
  made (computed by crmlib here, with the exercise's tolerance). Nothing the student's kernel
  does – replacing ``exercises.check``, its expected values, or reloading the module – reaches
  that literal; nbgrader restores the test cells from its gradebook before grading.
- **Interpretation answers** become manually graded answer cells worth their points.
- **Stored outputs stay** in the released notebook (figures, tables), except those of answer
  and test cells and of cells that use a name an answer cell sets (they would show the
  solution).

nbgrader runs in the same environment (the ``grading`` extra); see the README's instructors'
section for release, collect, autograde, feedback and export.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from crmlib.course import _execution, _outputs, editions, exercises

__all__ = [
    "Task",
    "assignment_name",
    "config_text",
    "find_tasks",
    "hidden_test",
    "make_assignments",
    "source_notebook",
]

#: The course id written into ``nbgrader_config.py`` unless another is given.
COURSE_ID = "crm-course"

_CHECK = re.compile(
    r"""exercises\.check\(\s*(?P<quote>["'])(?P<key>ch\d+\.q\d+)(?P=quote)\s*,"""
    r"""\s*(?P<name>[A-Za-z_]\w*)\s*\)"""
)
_QUESTION = re.compile(r"\s*\*\*(?P<key>ch\d+\.q\d+)\.?\*\*")
_CHAPTER = re.compile(r"(?P<number>\d\d)-")


@dataclass(frozen=True)
class Task:
    """One exercise of a chapter, as found in its notebook.

    ``solution`` and ``test`` are cell indexes: the answer cell and, for a computed exercise,
    the cell that checks it (None for an interpretation question). ``name`` is the variable the
    check reads.
    """

    key: str
    kind: Literal["computed", "interpretation"]
    solution: int
    test: int | None
    name: str
    points: float

    @property
    def grade_id(self) -> str:
        """nbgrader's id of the exercise: the key with ``_`` for ``.`` (``ch1_q2``)."""
        return self.key.replace(".", "_")


def _where(nb: Any, index: int) -> str:
    cell = nb.cells[index]
    return f"cell {index + 1} (id {cell.get('id', '?')})"


def _points(nb: Any, index: int) -> float:
    value = nb.cells[index].metadata.get("points", 1)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(
            f"{_where(nb, index)}: points must be a positive number, not {value!r}; "
            "fix the cell's metadata"
        )
    return float(value)


def find_tasks(nb: Any) -> list[Task]:
    """The exercises of a chapter notebook, in notebook order.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A chapter notebook (instructor edition).

    Returns
    -------
    list of Task
        One per computed exercise (a code cell tagged ``solution`` followed by the cell that
        calls ``exercises.check(key, answer)``) and per interpretation question (a markdown
        ``**chN.qK.**`` question followed by a markdown cell tagged ``solution``).

    Raises
    ------
    ValueError
        A solution cell with no check after it (or no question before it), a check with no
        solution cell before it, two cells for one key, or bad ``points``; the message names
        the cell.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("answer = 1 + 1", metadata={"tags": ["solution"]}),
    ...     nbformat.v4.new_code_cell('exercises.check("ch3.q2", answer)'),
    ...     nbformat.v4.new_markdown_cell("**ch3.q3.** Why?"),
    ...     nbformat.v4.new_markdown_cell("**Model answer.** ...",
    ...                                   metadata={"tags": ["solution"], "points": 2}),
    ... ])
    >>> [(t.key, t.kind, t.solution, t.test, t.points) for t in find_tasks(nb)]
    [('ch3.q2', 'computed', 0, 1, 1.0), ('ch3.q3', 'interpretation', 3, None, 2.0)]
    """
    tasks: list[Task] = []
    pending: int | None = None  # a code solution cell waiting for its check
    question: tuple[str, int] | None = None  # the last interpretation question seen
    for index, cell in enumerate(nb.cells):
        solution = editions.is_solution(cell)
        if cell.cell_type == "markdown":
            if solution:
                if question is None:
                    raise ValueError(
                        f"{_where(nb, index)} is a model answer (tagged solution) with no "
                        "question before it: start the markdown cell before it with "
                        "**chN.qK.**"
                    )
                key = question[0]
                tasks.append(Task(key, "interpretation", index, None, "", _points(nb, index)))
                question = None
            elif match := _QUESTION.match(cell.source):
                question = (match["key"], index)
            continue
        if cell.cell_type != "code":
            continue
        checks = list(_CHECK.finditer(cell.source))
        if solution:
            if checks:
                raise ValueError(
                    f"{_where(nb, index)} is tagged solution but also checks the answer: put "
                    "exercises.check(...) in the next cell"
                )
            if pending is not None:
                raise ValueError(
                    f"{_where(nb, pending)} is a solution cell with no exercises.check(...) "
                    "after it"
                )
            pending = index
            continue
        if not checks:
            continue
        if len(checks) > 1:
            raise ValueError(f"{_where(nb, index)} checks {len(checks)} exercises; check one")
        if pending is None:
            raise ValueError(
                f"{_where(nb, index)} checks {checks[0]['key']} but no cell tagged solution "
                "comes before it"
            )
        key, name = checks[0]["key"], checks[0]["name"]
        tasks.append(Task(key, "computed", pending, index, name, _points(nb, pending)))
        pending = None
    if pending is not None:
        raise ValueError(
            f"{_where(nb, pending)} is a solution cell with no exercises.check(...) after it"
        )
    keys = [t.key for t in tasks]
    if len(set(keys)) < len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"exercises {', '.join(twice)} appear twice in the notebook")
    return tasks


def _bounds(expected: float, rel_tol: float, abs_tol: float = 1e-9) -> tuple[float, float]:
    """The interval of answers ``math.isclose(answer, expected, rel_tol, abs_tol)`` accepts."""
    low, high = expected * (1 - rel_tol), expected / (1 - rel_tol)
    if expected < 0:
        low, high = high, low
    return min(low, expected - abs_tol), max(high, expected + abs_tol)


def hidden_test(key: str, name: str = "answer") -> str:
    """The hidden test of a computed exercise: its expected value as a literal.

    The value is computed now, by crmlib (``exercises.EXERCISES[key]``), and written into the
    code, so a test run later in a student's kernel depends on nothing that kernel can change.
    A number is accepted within the exercise's tolerance (the interval ``math.isclose``
    accepts), a category in any of its accepted spellings, case and spaces aside – the rules of
    :func:`crmlib.course.exercises.check`.

    Parameters
    ----------
    key : str
        The exercise, e.g. ``"ch3.q2"``.
    name : str, default "answer"
        The variable holding the student's answer.

    Returns
    -------
    str
        Python source: comments and one ``assert``.

    Examples
    --------
    >>> print(hidden_test("ch3.q2"))  # doctest: +ELLIPSIS
    # The expected value, computed by crmlib when this assignment was made: nothing run in
    # the notebook can change it.
    assert 3.996 <= answer <= 4.004..., "ch3.q2: the answer is not the expected value"
    """
    exercise = exercises.EXERCISES.get(key)
    if exercise is None:
        raise ValueError(f"unknown exercise {key!r}; register it in crmlib/course/exercises.py")
    expected = exercise.expected()
    if exercise.kind == "category":
        forms = tuple(sorted({form.casefold() for form in expected}))
        condition = f"{name}.strip().casefold() in {forms!r}"
    else:
        low, high = _bounds(float(expected), exercise.rel_tol)
        condition = f"{low!r} <= {name} <= {high!r}"
    return (
        "# The expected value, computed by crmlib when this assignment was made: nothing run in\n"
        "# the notebook can change it.\n"
        f'assert {condition}, "{key}: the answer is not the expected value"'
    )


def _test_source(source: str, task: Task) -> str:
    visible = _CHECK.sub(
        lambda m: f"exercises.check({m['quote']}{m['key']}{m['quote']}, {m['name']}, strict=True)",
        source,
    )
    points = f"{task.points:g} point{'s' if task.points != 1 else ''}"
    return (
        f"# Graded ({points}): raises with a hint until the answer is right.\n"
        f"{visible}\n"
        "### BEGIN HIDDEN TESTS\n"
        f"{hidden_test(task.key, task.name)}\n"
        "### END HIDDEN TESTS"
    )


def _nbgrader(cell: Any, grade_id: str, *, grade: bool, solution: bool, points: float) -> None:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta


def _names_set(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _names_used(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def source_notebook(nb: Any) -> Any:
    """The nbgrader source version of a chapter notebook (a copy; *nb* is not changed).

    Answer cells get ``solution: true`` (and, for interpretation questions, ``grade: true``
    with their points, graded by hand); each check cell becomes a graded test cell worth its
    exercise's points (:func:`hidden_test`). Stored outputs are kept except where they would
    show a solution: answer and test cells, and cells that use a name an answer cell sets.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A chapter notebook (instructor edition).

    Returns
    -------
    nbformat.NotebookNode
        The notebook for ``source/chNN/`` of the nbgrader course folder.

    Raises
    ------
    ValueError
        As :func:`find_tasks`.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("answer = 4", metadata={"tags": ["solution"]}),
    ...     nbformat.v4.new_code_cell('exercises.check("ch3.q2", answer)'),
    ... ])
    >>> [c.metadata["nbgrader"]["grade_id"] for c in source_notebook(nb).cells]
    ['ch3_q2_answer', 'ch3_q2_test']
    >>> print(source_notebook(nb).cells[1].source.splitlines()[1])
    exercises.check("ch3.q2", answer, strict=True)
    """
    source = copy.deepcopy(nb)
    tasks = find_tasks(source)
    answer_cells = {t.solution for t in tasks}
    test_cells = {t.test for t in tasks if t.test is not None}
    for task in tasks:
        answer = source.cells[task.solution]
        interpretation = task.kind == "interpretation"
        _nbgrader(
            answer,
            f"{task.grade_id}_answer",
            grade=interpretation,
            solution=True,
            points=task.points,
        )
        if task.test is not None:
            test = source.cells[task.test]
            test.source = _test_source(test.source, task)
            _nbgrader(test, f"{task.grade_id}_test", grade=True, solution=False, points=task.points)
    answers: set[str] = set()
    for index, cell in enumerate(source.cells):
        if cell.cell_type != "code":
            continue
        if index in answer_cells:
            answers |= _names_set(cell.source)
        if index in answer_cells or index in test_cells or _names_used(cell.source) & answers:
            cell.outputs, cell.execution_count = [], None
    return source


def assignment_name(notebook: Path) -> str:
    """The assignment of a chapter notebook: ``chNN`` from ``NN-topic.ipynb``.

    Parameters
    ----------
    notebook : Path
        A chapter notebook; only its file name is read.

    Returns
    -------
    str
        ``ch`` and the chapter's two digits.

    Raises
    ------
    ValueError
        The file name is not ``NN-topic.ipynb``.

    Examples
    --------
    >>> assignment_name(Path("notebooks/03-lifecycle.ipynb"))
    'ch03'
    """
    match = _CHAPTER.match(notebook.name)
    if match is None:
        raise ValueError(f"{notebook.name} is not a chapter notebook (NN-topic.ipynb)")
    return f"ch{match['number']}"


def config_text(course_id: str = COURSE_ID) -> str:
    """The ``nbgrader_config.py`` of the course folder.

    It sets the course id, the student edition's stubs (instead of nbgrader's
    ``raise NotImplementedError()``), keeps stored outputs in released notebooks, gives each
    cell the course's time limit when grading, names how ``zip_collect`` reads submissions
    (``downloaded/chNN/archive/STUDENT_ID/NN-topic.ipynb`` or ``STUDENT_ID.zip``), and puts the
    folder of the running Python on ``PATH`` (nbgrader runs ``alembic`` from there when it
    creates the gradebook).

    Parameters
    ----------
    course_id : str, default "crm-course"
        nbgrader's course id: letters, digits, ``.``, ``_`` or ``-``.

    Returns
    -------
    str
        The file's Python source.

    Raises
    ------
    ValueError
        If *course_id* has other characters.

    Examples
    --------
    >>> "c.CourseDirectory.course_id = 'crm-2025'" in config_text("crm-2025")
    True
    """
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", course_id):
        raise ValueError(
            f"course id {course_id!r}: use letters, digits, '.', '_' or '-' (e.g. crm-2025)"
        )
    return f'''\
"""nbgrader settings of the crm-course assignments (written by `crm-course assignments`).

Run nbgrader from this folder with the course's environment, e.g. `../.venv/bin/nbgrader ...`.
"""

import os
import sys

# nbgrader runs the `alembic` command when it makes the gradebook: find it beside this Python,
# so nbgrader works without the environment's bin folder on PATH.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")

c = get_config()  # noqa: F821 - defined by nbgrader when it reads this file

c.CourseDirectory.course_id = {course_id!r}
# The student edition's stubs (crmlib.course.editions.answer_stub) instead of nbgrader's defaults.
c.ClearSolutions.code_stub = {{"python": {editions.STUB!r}}}
c.ClearSolutions.text_stub = {editions.TEXT_STUB!r}
# Released notebooks keep the stored figures and tables, as the student edition does.
c.ClearOutput.enabled = False
# Seconds one cell may run when a submission is graded (nbgrader's default is 30).
c.Execute.timeout = {int(_execution.CELL_TIMEOUT)}
# zip_collect: downloaded/chNN/archive/STUDENT_ID/NN-topic.ipynb, or STUDENT_ID.zip holding it.
c.FileNameCollectorPlugin.named_regexp = (
    r".*/extracted/(?P<student_id>[^/]+)/(?:.*/)?(?P<file_id>\\d\\d-[^/]+\\.ipynb)$"
)
'''


def make_assignments(
    out_dir: str | Path, *, course_id: str = COURSE_ID, chapters: list[Path] | None = None
) -> list[Path]:
    """Write an nbgrader course folder: ``nbgrader_config.py`` and ``source/chNN/*.ipynb``.

    Only those two are written (each replaced whole); the gradebook, releases, submissions
    and feedback already in the folder are left alone.

    Parameters
    ----------
    out_dir : str or Path
        The course folder (created if missing).
    course_id : str, default "crm-course"
        nbgrader's course id.
    chapters : list of Path, optional
        Chapter notebooks; default every ``NN-topic.ipynb`` of the course.

    Returns
    -------
    list of Path
        The source notebooks written.

    Raises
    ------
    ValueError
        A bad course id, or a notebook whose exercises cannot be read (:func:`find_tasks`).

    Examples
    --------
    What ``crm-course assignments --out course`` runs:

    >>> make_assignments("course")  # doctest: +SKIP
    [PosixPath('course/source/ch01/01-strategy.ipynb'), ...]
    """
    import nbformat

    out = Path(out_dir)
    config = config_text(course_id)
    if chapters is None:
        chapters = [p for p in editions.chapter_notebooks() if _CHAPTER.match(p.name)]
    sources = []
    for chapter in chapters:
        nb = nbformat.read(chapter, as_version=4)
        try:
            sources.append((chapter, source_notebook(nb)))
        except ValueError as err:
            raise ValueError(f"{chapter.name}: {err}") from None
    out.mkdir(parents=True, exist_ok=True)
    _outputs.write_atomic(out / "nbgrader_config.py", config)
    written = []
    for chapter, nb in sources:
        target = out / "source" / assignment_name(chapter) / chapter.name
        target.parent.mkdir(parents=True, exist_ok=True)
        _outputs.write_atomic(target, nbformat.writes(nb))
        written.append(target)
    return written
