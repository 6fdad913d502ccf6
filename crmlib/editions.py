"""Student and instructor editions, and lecture slides, from the same chapter notebooks.

The chapter notebooks are the instructor edition: exercise solutions sit in code cells tagged
``solution``. The student edition replaces each solution cell with a stub (``answer = None``)
and is re-executed, so its stored outputs (``no answer yet``) are true and it passes nbval like
the instructor edition. Slides are reveal.js HTML made by nbconvert from the cells'
``slideshow`` metadata (a new slide at every top-level heading).
"""

from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path

from crmlib import _execution, reports

__all__ = ["chapter_notebooks", "make_editions", "make_slides", "student_notebook"]

STUB = "answer = None  # your answer here"


def chapter_notebooks() -> list[Path]:
    """The course notebooks (``notebooks/*.ipynb`` of the repository)."""
    cases = Path(str(importlib.resources.files("crmlib._cases")))
    folder = cases.parent / "notebooks"
    if not folder.is_dir():
        raise FileNotFoundError(
            "the course notebooks are not next to the package; run this from a clone of the "
            "repository with crm-course installed in editable mode"
        )
    return sorted(folder.glob("*.ipynb"))


def student_notebook(nb):
    """A copy of *nb* with every ``solution`` cell replaced by a stub; outputs cleared."""
    import copy

    import nbformat

    student = copy.deepcopy(nb)
    for index, cell in enumerate(student.cells):
        if "solution" in cell.metadata.get("tags", []):
            stub = nbformat.v4.new_code_cell(STUB)
            stub.metadata["tags"] = ["exercise"]
            stub["id"] = cell.get("id", f"stub{index}")
            student.cells[index] = stub
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return student


def make_editions(out_dir: str | Path, *, execute: bool = True) -> dict[str, list[Path]]:
    """Write ``OUT/instructor/*.ipynb`` (as committed) and ``OUT/student/*.ipynb`` (executed).

    Each student notebook runs in a fresh kernel through the same helper as the reports
    (:mod:`crmlib._execution`: every wait bounded, the kernel's own messages kept out of the
    terminal).

    Raises
    ------
    crmlib.reports.ReportError
        A student notebook failed or timed out (naming the notebook and the cell), or its
        kernel did not start.
    """
    import nbformat

    out = Path(out_dir)
    written: dict[str, list[Path]] = {"instructor": [], "student": []}
    for edition in written:
        (out / edition).mkdir(parents=True, exist_ok=True)
    sources = chapter_notebooks()
    for source in sources:
        target = out / "instructor" / source.name
        shutil.copyfile(source, target)
        written["instructor"].append(target)
        nb = student_notebook(nbformat.read(source, as_version=4))
        if execute:
            _execute(nb, out / "student", source.name)
        target = out / "student" / source.name
        reports.write_atomic(target, nbformat.writes(nb))
        written["student"].append(target)
    glossary = out / "student" / "glossary.ipynb"
    if not glossary.exists() and (out / "instructor" / "glossary.ipynb").exists():
        shutil.copyfile(out / "instructor" / "glossary.ipynb", glossary)
    return written


def _execute(nb, cwd: Path, name: str) -> None:
    try:
        with _execution.Kernel(cwd, label=name) as kernel:
            failure = _execution.execute(nb, kernel)
    except _execution.KernelError as err:
        raise reports.ReportError(f"student edition: {err}") from None
    if failure is not None:
        raise reports.ReportError(
            f"student edition of {name} failed in {failure.where}: {failure.cause}"
        )


def make_slides(chapter: str, out_dir: str | Path, *, reveal_prefix: str | None = None) -> Path:
    """reveal.js slides of the chapter whose notebook name starts with *chapter* (e.g. "02").

    reveal.js is loaded from a CDN unless *reveal_prefix* points to a local copy.
    """
    from nbconvert import SlidesExporter

    matches = [p for p in chapter_notebooks() if p.stem.startswith(chapter)]
    if len(matches) != 1:
        names = ", ".join(p.stem for p in chapter_notebooks())
        raise ValueError(
            f"chapter {chapter!r} matches {len(matches)} notebooks; choose from: {names}"
        )
    exporter = SlidesExporter(exclude_input_prompt=True, exclude_output_prompt=True)
    if reveal_prefix:
        exporter.reveal_url_prefix = reveal_prefix
    body, _ = exporter.from_filename(str(matches[0]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{matches[0].stem}.slides.html"
    reports.write_atomic(target, body)
    return target
