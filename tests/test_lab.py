"""`python3 bootstrap.py lab`: the student's own copy of the course, never overwritten."""

from __future__ import annotations

import datetime
import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bootstrap)

DAY = datetime.date(2026, 3, 1)


def _maker(calls: list[Path], text: str = "student edition"):
    def make(folder: Path) -> None:
        calls.append(folder)
        (folder / "01-strategy.ipynb").write_text(text, encoding="utf-8")

    return make


def test_first_use_makes_the_student_folder(tmp_path):
    calls: list[Path] = []
    work, message = bootstrap.student_workspace(
        _maker(calls), work=tmp_path / "work", edition="e1", today=DAY
    )
    assert work == tmp_path / "work" and len(calls) == 1
    assert (work / "01-strategy.ipynb").read_text(encoding="utf-8") == "student edition"
    assert "start with 01-strategy.ipynb" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]  # no scratch left behind


def test_student_work_is_never_overwritten(tmp_path):
    work = tmp_path / "work"
    bootstrap.student_workspace(_maker([]), work=work, edition="e1", today=DAY)
    (work / "01-strategy.ipynb").write_text("my answers", encoding="utf-8")
    calls: list[Path] = []
    again, message = bootstrap.student_workspace(_maker(calls), work=work, edition="e1")
    assert calls == [] and "up to date" in message
    assert (again / "01-strategy.ipynb").read_text(encoding="utf-8") == "my answers"


def test_a_new_edition_goes_beside_the_students_work(tmp_path):
    work = tmp_path / "work"
    bootstrap.student_workspace(_maker([]), work=work, edition="e1", today=DAY)
    (work / "01-strategy.ipynb").write_text("my answers", encoding="utf-8")
    calls: list[Path] = []
    _, message = bootstrap.student_workspace(
        _maker(calls, "edition 2"), work=work, edition="e2", today=DAY
    )
    new = work / "new-edition-20260301"
    assert calls and (new / "01-strategy.ipynb").read_text(encoding="utf-8") == "edition 2"
    assert (work / "01-strategy.ipynb").read_text(encoding="utf-8") == "my answers"
    assert str(new) in message and "unchanged" in message
    # asked again, the same new edition is not made twice
    calls.clear()
    _, message = bootstrap.student_workspace(_maker(calls), work=work, edition="e2", today=DAY)
    assert calls == [] and str(new) in message


def test_a_failed_copy_leaves_no_folder(tmp_path):
    def broken(folder: Path) -> None:
        (folder / "half.ipynb").write_text("", encoding="utf-8")
        raise RuntimeError("kernel died")

    with pytest.raises(RuntimeError, match="kernel died"):
        bootstrap.student_workspace(broken, work=tmp_path / "work", edition="e1")
    assert not (tmp_path / "work").exists()


def test_edition_fingerprint_ignores_outputs(tmp_path):
    source = (ROOT / "notebooks" / "glossary.ipynb").read_text(encoding="utf-8")
    (tmp_path / "glossary.ipynb").write_text(source, encoding="utf-8")
    before = bootstrap.course_edition(tmp_path)
    rerun = source.replace('"execution_count": 1', '"execution_count": 1 ')
    (tmp_path / "glossary.ipynb").write_text(rerun, encoding="utf-8")
    assert bootstrap.course_edition(tmp_path) == before
    (tmp_path / "glossary.ipynb").write_text(source.replace("Glossary", "Terms"), encoding="utf-8")
    assert bootstrap.course_edition(tmp_path) != before


def test_lab_runs_in_the_work_folder_and_as_root_with_allow_root(tmp_path):
    cmd = bootstrap.lab_command(Path("python"), tmp_path, ["--no-browser"])
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and cmd[-1] == "--no-browser"
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)


def test_work_folder_is_ignored_by_git():
    assert "work/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_lab_language_option_is_taken_out_of_labs_arguments():
    assert bootstrap._language(["--no-browser", "--lang", "zh"]) == ("zh", ["--no-browser"])
    assert bootstrap._language(["--lang=zh", "--port", "8890"]) == ("zh", ["--port", "8890"])
    assert bootstrap._language(["--port", "8890"]) == ("en", ["--port", "8890"])
    assert bootstrap.WORKS["zh"] != bootstrap.WORK
    assert "work-zh/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_chinese_edition_fingerprint_follows_the_catalogs(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    source = (ROOT / "notebooks" / "glossary.ipynb").read_text(encoding="utf-8")
    (notebooks / "glossary.ipynb").write_text(source, encoding="utf-8")
    catalogs = tmp_path / "translations" / "zh" / "notebooks"
    catalogs.mkdir(parents=True)
    (catalogs / "glossary.yml").write_text("c000:\n  en: x\n  zh: 术语表\n", encoding="utf-8")
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    english, chinese = (
        bootstrap.course_edition(notebooks),
        bootstrap.course_edition(notebooks, "zh"),
    )
    assert english != chinese
    (catalogs / "glossary.yml").write_text("c000:\n  en: x\n  zh: 词汇表\n", encoding="utf-8")
    assert bootstrap.course_edition(notebooks, "zh") != chinese
    assert bootstrap.course_edition(notebooks) == english


def test_jupyterlab_offers_simplified_chinese():
    """The language pack is installed where JupyterLab finds it (Settings -> Language)."""
    from jupyterlab_server.translation_utils import get_language_packs

    packs, message = get_language_packs("en")
    assert message == ""
    assert packs["zh_CN"]["nativeName"] == "中文 (简体, 中国)"
