"""The chapters teach: enough prose, a recap, discussion questions, sources, interpretation work.

Issue #16's bar, checked mechanically on every chapter notebook (the glossary is not a chapter).
Words are counted as runs of Latin letters in markdown cells, so code, numbers and Chinese
terms in brackets do not count.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CHAPTERS = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
MIN_WORDS = 3500
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _markdown(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def _section(cells: list[nbformat.NotebookNode], heading: str) -> str:
    """The text of the markdown cell that starts with *heading* (a level-2 heading)."""
    found = [c.source for c in cells if c.source.lstrip().startswith(f"## {heading}")]
    assert found, f"no markdown cell headed '## {heading}'"
    return found[0]


def test_the_chapters_are_found():
    """Chapters are discovered (``NN-topic.ipynb``), not counted: 01, 02, ... with no gap, each
    in the README's course map and among the chapters of the editions and the book."""
    from crmlib.course import editions

    assert CHAPTERS, f"no chapter notebook NN-topic.ipynb in {NOTEBOOKS}"
    assert [int(p.name[:2]) for p in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    mapped = re.findall(r"^\| \d+ \|.*`notebooks/(\d\d-[\w-]+\.ipynb)`", readme, re.MULTILINE)
    assert mapped == [p.name for p in CHAPTERS], "the README's course map lists other chapters"
    assert set(CHAPTERS) <= set(editions.chapter_notebooks())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_enough_teaching_prose(path):
    words = sum(len(WORD.findall(c.source)) for c in _markdown(path))
    assert words >= MIN_WORDS, f"{path.name}: {words:,} words of prose, want {MIN_WORDS:,}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_ends_with_recap_questions_and_sources(path):
    cells = _markdown(path)
    _section(cells, "Recap")
    questions = _section(cells, "Discussion questions")
    items = re.findall(r"^\s*(?:\d+\.|[-*])\s+\S", questions, flags=re.MULTILINE)
    assert len(items) >= 3, f"{path.name}: {len(items)} discussion questions, want 3 or more"
    sources = _section(cells, "Sources")
    assert re.search(r"\b00[0-4]\b", sources), f"{path.name}: Sources names no seed document"
    assert re.search(r"\b(19|20)\d\d\b", sources), f"{path.name}: Sources cites no literature"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_interpretation_exercises(path):
    answers = [c for c in _markdown(path) if "solution" in c.metadata.get("tags", [])]
    assert len(answers) >= 2, f"{path.name}: {len(answers)} interpretation exercises, want 2+"
    for cell in answers:
        assert cell.source.lstrip().startswith("**Model answer.**"), cell.id
