"""Student and instructor editions from the same notebooks; both pass strict nbval."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crmlib.course import editions, exercises

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
    # Exercises are discovered, not counted: each computed one is a code cell tagged
    # `solution` followed by its check, each interpretation one a markdown model answer.
    for path in written["instructor"]:
        cells = _cells(path)
        for index, cell in enumerate(cells):
            if "solution" not in cell["metadata"].get("tags", []):
                continue
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                following = "".join(cells[index + 1]["source"])
                key = re.search(r'exercises\.check\("(ch\d\.q\d+)", answer\)', following)
                assert key and key[1] in exercises.EXERCISES, (path.name, index)
            else:
                assert source.startswith("**Model answer.**"), (path.name, index)
        if path.name[:2].isdigit():
            tags = [c["cell_type"] for c in cells if "solution" in c["metadata"].get("tags", [])]
            assert tags.count("code") >= 2 and tags.count("markdown") >= 2, path.name


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


def _shown(cell: dict) -> list[str]:
    """The text a code cell shows: printed output (its chunks joined, as nbval does, since a
    kernel may send one print as several messages), then its plain-text results and errors;
    memory addresses masked."""
    printed = "".join(
        "".join(o["text"]) for o in cell.get("outputs", []) if o["output_type"] == "stream"
    )
    texts = [printed] if printed else []
    for output in cell.get("outputs", []):
        if "data" in output and "application/vnd.jupyter.widget-view+json" not in output["data"]:
            texts.append("".join(output["data"].get("text/plain", "")))
        elif output["output_type"] == "error":
            texts.append(f"{output['ename']}: {output['evalue']}")
    return [re.sub(r"0x[0-9a-fA-F]{6,16}", "0xADDRESS", text) for text in texts]


def test_student_edition_shows_what_the_tested_edition_shows(made):
    # The student edition is executed when it is made (the fixture). Every cell that is not an
    # exercise shows exactly what the instructor edition shows, and the instructor edition is
    # the one strict nbval checks (natively and on baseline CPU kernels): so the student sees
    # only checked numbers. (This replaced a second nbval run of the student edition, 34 s.)
    _, written = made
    for student, instructor in zip(written["student"], written["instructor"], strict=True):
        ours, theirs = _cells(student), _cells(instructor)
        assert [c["id"] for c in ours] == [c["id"] for c in theirs], student.name
        exercise_cells = set()
        for index, cell in enumerate(theirs):
            if "solution" in cell["metadata"].get("tags", []):
                exercise_cells |= {index, index + 1}  # the solution and the check after it
        compared = 0
        for index, (mine, tested) in enumerate(zip(ours, theirs, strict=True)):
            if mine["cell_type"] != "code" or index in exercise_cells:
                continue
            assert _shown(mine) == _shown(tested), (student.name, mine["id"])
            compared += 1
        assert compared > 0, student.name
        checks = [_shown(ours[i]) for i in sorted(exercise_cells) if ours[i]["cell_type"] == "code"]
        assert not any("Error" in text for shown in checks for text in shown), student.name


def test_editions_command_prints_only_what_its_user_needs(tmp_path, monkeypatch, capfd):
    import nbformat

    from crmlib.course import cli

    # a chapter of one exercise: its student edition starts a kernel like any chapter's, and
    # the kernel's start-up is where unwanted messages come from (the chapters' own cells are
    # compared with the tested edition's, output by output, above)
    first = tmp_path / "source" / "01-tiny.ipynb"
    first.parent.mkdir()
    cells = [
        nbformat.v4.new_code_cell("from crmlib.course import exercises"),
        nbformat.v4.new_code_cell("answer = 4", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('exercises.check("ch3.q2", answer)'),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), first)
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: [first])
    assert cli.main(["editions", "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()  # file-descriptor level: the kernels' own output included
    assert err == ""  # no transport-encryption or debugger warnings from the kernel
    assert out.splitlines() == [
        f"instructor: 1 notebooks in {tmp_path / 'instructor'}",
        f"student: 1 notebooks in {tmp_path / 'student'}",
    ]
    student = nbformat.read(tmp_path / "student" / first.name, as_version=4)
    assert "no answer yet" in student.cells[2].outputs[0]["text"]  # it ran


def test_student_edition_blanks_model_answers_and_keeps_cell_ids():
    import nbformat

    question = nbformat.v4.new_markdown_cell("**ch3.q9.** Why do customers leave?")
    model = nbformat.v4.new_markdown_cell("**Model answer.** Because ...")
    model.metadata["tags"] = ["solution"]
    code = nbformat.v4.new_code_cell("answer = 4", metadata={"tags": ["solution"]})
    nb = nbformat.v4.new_notebook(cells=[question, model, code])
    student = editions.student_notebook(nb)
    assert [c.source for c in student.cells] == [
        question.source,
        "*Your answer here.*",
        "answer = None  # your answer here",
    ]
    assert student.cells[1].cell_type == "markdown"
    assert [c.id for c in student.cells] == [c.id for c in nb.cells]
    assert not any(editions.is_solution(c) for c in student.cells)
    assert editions.is_solution(nb.cells[1])  # the instructor's notebook is not changed
