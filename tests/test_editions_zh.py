"""The Chinese editions, slides and reports: where they go, what they hold, how they refuse.

Every chapter's and case's committed Chinese edition is checked under strict nbval on baseline
CPU kernels (``conftest.py``, ``tests/test_cpu_portability.py``), and the editions and slides
commands use it as it is while it is current; here the commands are tested on the glossary
(its catalog is complete) and on the value-pyramid case with a placeholder catalog (real text
is the content catalogs' job, checked by ``tests/test_translations.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from crmlib.course import batch, cli, editions, reports, translations

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "notebooks" / "glossary.ipynb"
CASE = ROOT / "casestudies" / "value-pyramid.ipynb"
MARK = "【译】"  # placeholder translation: the English with a Chinese mark after it


def _placeholder_catalog(notebook: Path, root: Path) -> None:
    where, _ = translations.stub_catalog(notebook, "zh", root=root)
    catalog = translations.read_catalog(where, "zh")
    nb = nbformat.read(notebook, as_version=4)
    text = {c.id: f"{c.source} {MARK}" for c in nb.cells if c.cell_type == "markdown"}
    entries = [(k, e.en, text[k]) for k, e in catalog.items()]
    where.write_text(translations.render_catalog(entries, "zh", where="x", notes={}), "utf-8")


@pytest.fixture
def case_catalog(tmp_path, monkeypatch) -> Path:
    """Catalogs in a scratch folder: the real glossary's, a placeholder for value-pyramid."""
    root = tmp_path / "translations"
    (root / "zh" / "notebooks").mkdir(parents=True)
    real = translations.catalog_path(GLOSSARY, "zh")
    (root / "zh" / "notebooks" / real.name).write_bytes(real.read_bytes())
    _placeholder_catalog(CASE, root)
    monkeypatch.setattr(translations, "_root", lambda: root)
    return root


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_editions_command_writes_executed_chinese_editions(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: [GLOSSARY])
    assert cli.main(["editions", "--out", str(tmp_path), "--lang", "zh"]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"instructor: 1 notebooks in {tmp_path / 'zh' / 'instructor'}",
        f"student: 1 notebooks in {tmp_path / 'zh' / 'student'}",
    ]
    assert not (tmp_path / "instructor").exists()  # never where the English editions go
    source = _cells(GLOSSARY)
    for edition in ("instructor", "student"):
        path = tmp_path / "zh" / edition / "glossary.ipynb"
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["language"] == "zh"
        assert nb.cells[0].metadata["tags"] == ["language"]
        assert nb.cells[1].source.startswith("# 术语表")
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
        assert all(c.outputs for c in code[1:])  # executed: every shared cell shows something
        assert [c.source for c in code[1:]] == [
            "".join(c["source"]) for c in source if c["cell_type"] == "code"
        ]


def test_incomplete_translation_stops_the_editions_before_any_run(tmp_path, monkeypatch):
    chapter = ROOT / "notebooks" / "01-strategy.ipynb"
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: [GLOSSARY, chapter])
    monkeypatch.setattr(translations, "_root", lambda: tmp_path / "none")
    monkeypatch.setattr(editions, "_execute", lambda *a, **k: pytest.fail("ran a notebook"))
    with pytest.raises(translations.TranslationError) as err:
        editions.make_editions(tmp_path / "out", lang="zh")
    assert "glossary.ipynb" in str(err.value) and "01-strategy.ipynb" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_chinese_slides(tmp_path):
    deck = editions.make_slides("glossary", tmp_path, lang="zh")
    assert deck.name == "glossary.zh.slides.html"
    html = deck.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "各章分别涉及的术语数" in html and "set_language" not in html  # switch cell skipped
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # scratch removed


def test_chinese_report_beside_the_english_one(tmp_path, case_catalog, capfd):
    out = tmp_path / "reports"
    params = ["-p", "top_n", "3"]
    assert cli.main(["report", "value-pyramid", *params, "--out", str(out), "--lang", "zh"]) == 0
    printed, err = capfd.readouterr()
    job = reports.prepare_report("value-pyramid", {"top_n": 3})
    zh = reports.prepare_report("value-pyramid", {"top_n": 3}, lang="zh")
    assert zh.name == f"{job.name}.zh" and zh.key == job.key
    assert printed.strip() == str(out / f"{zh.name}.html") and err == "running value-pyramid ...\n"
    html = (out / f"{zh.name}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and MARK in html
    assert reports._html_record(out / f"{zh.name}.html")["lang"] == "zh"
    nb = nbformat.read(out / f"{zh.name}.ipynb", as_version=4)
    assert nb.metadata["crm_course"]["lang"] == "zh" and nb.metadata["language"] == "zh"
    assert reports.report_state(out, zh) == "complete"
    assert reports.report_state(out, job) == "absent"  # the English report is another file
    # a file of the Chinese name that records the English report is someone else's
    (out / f"{zh.name}.html").write_text(
        (out / f"{zh.name}.html")
        .read_text(encoding="utf-8")
        .replace("&quot;lang&quot;:&quot;zh&quot;,", ""),
        encoding="utf-8",
    )
    assert reports.report_state(out, zh) == "other"


def test_batch_names_chinese_reports_and_checks_the_translation_once(case_catalog, monkeypatch):
    rows = [{"top_n": 3}, {"top_n": 4}]
    jobs = batch.validate_rows("value-pyramid", rows, lang="zh")
    assert [j.name for j in jobs] == [
        reports.prepare_report("value-pyramid", r).name + ".zh" for r in rows
    ]
    assert {j.lang for j in jobs} == {"zh"}
    monkeypatch.setattr(translations, "_root", lambda: case_catalog.parent / "none")
    with pytest.raises(translations.TranslationError, match=r"value-pyramid\.ipynb"):
        batch.validate_rows("value-pyramid", rows, lang="zh")
    with pytest.raises(ValueError, match=r"value-pyramid\.ipynb"):
        reports.prepare_report("value-pyramid", {"top_n": 3}, lang="zh")


def test_unknown_language_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "value-pyramid", "--lang", "fr"])
    assert stop.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_a_reused_report_kernel_starts_every_report_in_english(tmp_path):
    """Batch workers keep one kernel for many reports: a Chinese one must not leak into the
    next (the reset before each report sets the language back; a translated case sets it)."""
    from crmlib.course import _execution

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from crmlib.i18n import get_language\nget_language()")]
    with _execution.Kernel(tmp_path, label="reuse") as kernel:
        kernel.run_quietly("from crmlib.i18n import set_language\nset_language('zh')")
        kernel.run_quietly(reports._RESET)
        assert _execution.execute(nb, kernel) is None
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "'en'"


def test_translate_refresh_writes_the_committed_edition_beside_its_source(tmp_path, capfd):
    # a notebook of no catalog keeps its English text; the code runs in Chinese
    source = tmp_path / "notebooks" / "tiny.ipynb"
    source.parent.mkdir()
    cells = [
        nbformat.v4.new_markdown_cell("# Tiny"),
        nbformat.v4.new_code_cell("from crmlib import i18n\n\nprint(i18n.get_language())"),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    assert cli.main(["translate", "refresh", str(source)]) == 0
    edition = tmp_path / "notebooks" / "zh" / "tiny.ipynb"
    assert edition == editions.committed_edition(source, "zh")
    assert capfd.readouterr().out.splitlines() == [f"executing {source}", f"wrote {edition}"]
    nb = nbformat.read(edition, as_version=4)
    assert nb.metadata["language"] == "zh" and nb.cells[0].metadata["tags"] == ["language"]
    assert [c.source for c in nb.cells[1:]] == [c.source for c in cells]
    assert nb.cells[2].outputs[0]["text"] == "zh\n"  # executed, in Chinese
    # current, so editions and slides use it as it is; a changed source makes it stale
    assert editions.current_edition(source, "zh", strict=False) == edition
    cells[1].source += "\nprint('more')"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    assert editions.current_edition(source, "zh", strict=False) is None
    # an edition is not a source: refused, naming the English notebook to give instead
    assert cli.main(["translate", "refresh", str(edition)]) == 2
    err = capfd.readouterr().err
    assert "is a zh edition itself" in err and str(source) in err
    with pytest.raises(ValueError, match="lang='en'"):
        editions.committed_edition(source, "en")
