"""Translation catalogs: their form, their check against the English, the translated notebook,
the ``translate`` command, and that every course notebook is translated and up to date.

The machinery is tested on a tiny synthetic notebook; ``test_catalog_is_complete_and_current``
checks the real catalogs of every chapter and case (``translations/zh/``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat
import pytest

from crmlib.course import cli, translations
from crmlib.course.translations import Entry, TranslationError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "casestudies").glob("*.ipynb")
)

# Markdown that YAML could misread: a leading space, blank lines, trailing spaces, a colon,
# a comment sign, quotes, LaTeX backslashes, a table and a link with an anchor.
TRICKY = (
    '  indented: "quoted" # not a comment\n\n'
    "$$\\mathrm{CLV} = \\sum_t \\frac{m}{(1+d)^t}$$  \n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "[客户金字塔](glossary.ipynb#customer-pyramid)"
)


def _notebook(tmp_path: Path, name: str = "07-demo.ipynb") -> Path:
    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell("# Demo\n\nA *tiny* chapter."),
        nbformat.v4.new_code_cell("x = 1 + 1\nx"),
        nbformat.v4.new_markdown_cell(TRICKY),
        nbformat.v4.new_markdown_cell("**Model answer.** Two."),
    ]
    for number, cell in enumerate(cells):
        cell["id"] = f"c{number:03d}"
    cells[3].metadata["tags"] = ["solution"]
    nb.cells = cells
    nb.metadata["title"] = "Demo"
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def catalogs(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "translations"
    root.mkdir()
    monkeypatch.setattr(translations, "_root", lambda: root)
    return root


def _fill(where: Path, texts: dict[str, str]) -> None:
    """Put *texts* into the catalog at *where* (as a translator would, keeping fingerprints)."""
    catalog = translations.read_catalog(where, "zh")
    entries = [(k, e.en, texts.get(k, e.text)) for k, e in catalog.items()]
    where.write_text(
        translations.render_catalog(entries, "zh", where="x", notes={}), encoding="utf-8"
    )


ZH = {"c000": "# 示例\n\n一个*很小*的章节。", "c002": TRICKY, "c003": "**参考答案。** 二。"}


def test_fingerprint_is_the_contract():
    text = "## 客户 value\n"
    assert translations.fingerprint(text) == hashlib.sha256(text.encode()).hexdigest()[:12]


def test_stub_makes_an_entry_per_markdown_cell_and_no_more(tmp_path, catalogs):
    path = _notebook(tmp_path)
    where, check = translations.stub_catalog(path, "zh")
    assert where == catalogs / "zh" / "notebooks" / "07-demo.yml"
    text = where.read_text(encoding="utf-8")
    assert text.startswith("# Chinese") and "notebooks/07-demo.ipynb" in text.splitlines()[0]
    catalog = translations.read_catalog(where, "zh")
    nb = nbformat.read(path, as_version=4)
    assert list(catalog) == ["c000", "c002", "c003"]  # markdown only, in notebook order
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert catalog[cell.id] == Entry(translations.fingerprint(cell.source), "")
    assert check.untranslated == ["c000", "c002", "c003"] and not check.complete


def test_catalog_text_survives_the_round_trip(tmp_path, catalogs):
    where, _ = translations.stub_catalog(_notebook(tmp_path), "zh")
    _fill(where, ZH)
    catalog = translations.read_catalog(where, "zh")
    assert {k: e.text for k, e in catalog.items()} == ZH


def test_all_digit_fingerprint_stays_text(tmp_path):
    # YAML 1.1 would read 012345678901 as a number; catalogs are read as plain strings
    where = tmp_path / "c.yml"
    where.write_text("# x\nc000:\n  en: 012345678901\n  zh: 文字\n", encoding="utf-8")
    assert translations.read_catalog(where, "zh") == {"c000": Entry("012345678901", "文字")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("c000:\n  en: abcdefabcdef\n  zh: a\nc000:\n  en: abcdefabcdef\n  zh: b\n", "twice"),
        ("c000:\n  zh: a\n", "c000: needs exactly the keys en and zh"),
        ("c000:\n  en: abc\n  zh: a\n", "c000: en must be 12 lower-case hex digits"),
        ("- c000\n", "top-level keys"),
        ("c000: [unclosed\n", "not a valid catalog"),
    ],
)
def test_malformed_catalog_is_refused_with_the_reason(tmp_path, text, message):
    where = tmp_path / "bad.yml"
    where.write_text(text, encoding="utf-8")
    with pytest.raises(TranslationError, match=r"bad\.yml") as err:
        translations.read_catalog(where, "zh")
    assert message in str(err.value)


def test_missing_catalog_says_how_to_make_it(tmp_path):
    with pytest.raises(TranslationError, match="translate stub"):
        translations.read_catalog(tmp_path / "none.yml", "zh")


def test_translated_notebook_replaces_markdown_and_shares_code(tmp_path, catalogs):
    path = _notebook(tmp_path)
    where, _ = translations.stub_catalog(path, "zh")
    _fill(where, ZH)
    english = nbformat.read(path, as_version=4)
    zh = translations.translated_notebook(path, "zh")
    first, rest = zh.cells[0], zh.cells[1:]
    assert (
        first.cell_type == "code"
        and first.source == 'from crmlib.i18n import set_language\n\nset_language("zh")'
    )
    assert first.metadata["tags"] == ["language"]
    assert first.metadata["slideshow"]["slide_type"] == "skip"
    assert [c.id for c in rest] == [c.id for c in english.cells]
    assert len({c.id for c in zh.cells}) == len(zh.cells)
    for source, translated in zip(english.cells, rest, strict=True):
        if source.cell_type == "code":
            assert translated == source
        else:
            assert translated.source == ZH[source.id]
            assert translated.metadata == source.metadata  # tags (solution) kept
    assert zh.metadata["language"] == "zh" and zh.metadata["title"] == "示例"
    assert english.metadata.get("language") is None  # the source is not touched
    nbformat.validate(zh)


def test_stale_translation_is_refused_naming_notebook_and_cell(tmp_path, catalogs):
    path = _notebook(tmp_path)
    where, _ = translations.stub_catalog(path, "zh")
    _fill(where, ZH)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source += "\n\nA new sentence."
    nbformat.write(nb, path)
    with pytest.raises(TranslationError) as err:
        translations.translated_notebook(path, "zh")
    assert "07-demo.ipynb" in str(err.value) and "stale" in str(err.value)
    assert "c002" in str(err.value) and "c000" not in str(err.value)
    # stub keeps the old fingerprint (the text needs checking first) and flags the entry
    where, check = translations.stub_catalog(path, "zh")
    assert check.stale == ["c002"]
    new = translations.fingerprint(nb.cells[2].source)
    assert f"# STALE: the English changed; check the text, then set en: {new}" in (
        where.read_text(encoding="utf-8")
    )
    assert translations.read_catalog(where, "zh")["c002"].text == TRICKY


def test_new_and_removed_cells_are_reported(tmp_path, catalogs):
    path = _notebook(tmp_path)
    where, _ = translations.stub_catalog(path, "zh")
    _fill(where, ZH)
    nb = nbformat.read(path, as_version=4)
    added = nbformat.v4.new_markdown_cell("## Recap")
    added["id"] = "c004"
    nb.cells = [*nb.cells[:3], added]  # c003 removed, c004 added
    nbformat.write(nb, path)
    check = translations.check_catalog(nb, translations.read_catalog(where, "zh"))
    assert (check.missing, check.orphaned, check.stale) == (["c004"], ["c003"], [])
    with pytest.raises(TranslationError, match=r"no entry for markdown cell\(s\) c004"):
        translations.check_notebooks([path], "zh")
    # the loose form (for output tests) keeps the English of the untranslated cell
    loose = translations.translated_notebook(path, "zh", strict=False)
    assert loose.cells[-1].source == "## Recap" and loose.cells[1].source == ZH["c000"]
    where, check = translations.stub_catalog(path, "zh")
    assert check.missing == [] and check.untranslated == ["c004"]
    assert check.orphaned == ["c003"]
    assert "# ORPHANED" in where.read_text(encoding="utf-8")


def test_unknown_language_is_refused(tmp_path):
    with pytest.raises(TranslationError, match="languages are: en"):
        translations.catalog_path(tmp_path / "a.ipynb", "fr")


def test_translate_command(tmp_path, catalogs, capsys):
    path = _notebook(tmp_path)
    assert cli.main(["translate", "status", str(path)]) == 1  # no catalog yet
    assert "make it with `crm-course translate stub notebooks/07-demo.ipynb`" in (
        capsys.readouterr().out
    )
    assert cli.main(["translate", "stub", str(path)]) == 1  # written, not yet translated
    out = capsys.readouterr().out
    assert "wrote" in out and "empty translation for cell(s) c000, c002, c003" in out
    _fill(catalogs / "zh" / "notebooks" / "07-demo.yml", ZH)
    assert cli.main(["translate", "status", str(path)]) == 0
    assert "07-demo.ipynb: complete" in capsys.readouterr().out
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# Demo, revised"
    nbformat.write(nb, path)
    assert cli.main(["translate", "status", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"c000: en: {translations.fingerprint('# Demo, revised')}" in out
    assert cli.main(["translate", "status", str(tmp_path / "nothing.ipynb")]) == 2


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_catalog_is_complete_and_current(notebook):
    """Every markdown cell of every chapter and case has a current Chinese translation."""
    where = translations.catalog_path(notebook, "zh")
    if not where.exists():
        pytest.fail(translations.missing_catalog(notebook, where), pytrace=False)
    try:
        catalog = translations.read_catalog(where, "zh")
    except TranslationError as err:
        catalog, problem = None, str(err)
    if catalog is None:
        pytest.fail(problem, pytrace=False)
    nb = nbformat.read(notebook, as_version=4)
    check = translations.check_catalog(nb, catalog, notebook=notebook.name, where=str(where))
    assert check.complete, check.describe()
