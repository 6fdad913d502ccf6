"""The course website: built once per test module, every internal link resolves, pages render.

The browser checks (figures load, formulas typeset, the search index is there, no blank page)
need Debian's chromium, like tests/test_browser.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from _chromium import Browser

from crmlib.course import book, cli, editions

CHAPTERS = [p.stem for p in editions.chapter_notebooks() if p.stem != "glossary"]


class _Page(HTMLParser):
    """The ids of a page and the relative links (href/src) it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        for key in ("href", "src"):
            link = values.get(key)
            if link and not re.match(r"[a-zA-Z][a-zA-Z+.-]*:|//", link):
                self.links.append(link)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return book.build_book(tmp_path_factory.mktemp("book") / "site").parent


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_page_is_built_in_order(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="notebooks/{name}.html"') for name in CHAPTERS]
    assert -1 not in positions and positions == sorted(positions)  # chapters in order
    for page in ["notebooks/glossary", *(f"casestudies/{c}" for c in _cases())]:
        assert f'href="{page}.html"' in index, page
    assert (site / "searchindex.js").is_file()
    assert not (site / ".doctrees").exists()


def _cases() -> list[str]:
    return [p.stem for p in (book.BOOK.parent / "casestudies").glob("*.ipynb")]


def test_every_internal_link_resolves(site):
    # _static/ holds the theme's Jinja macros (webpack-macros.html), not pages
    pages = {p: _parse(p) for p in site.rglob("*.html") if "_static" not in p.parts}
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.relative_to(site)}: {link} is missing"
            assert site in target.parents, f"{path.relative_to(site)}: {link} leaves the site"
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                assert unquote(parts.fragment) in ids, f"{path.relative_to(site)}: {link}"
            checked += 1
    assert checked > 500
    glossary_links = [link for link in pages[site / "notebooks/02-segmentation.html"].links]
    assert "glossary.html#rfm" in glossary_links  # a chapter's link to a glossary term


def test_each_notebook_can_be_downloaded(site):
    for name in CHAPTERS:
        html = (site / f"notebooks/{name}.html").read_text(encoding="utf-8")
        assert f"_sources/notebooks/{name}.ipynb" in html
        source = site / "_sources" / "notebooks" / f"{name}.ipynb"
        assert json.loads(source.read_text(encoding="utf-8"))["cells"]


def test_solutions_are_folded_away(site):
    source = json.loads((book.BOOK.parent / "notebooks/03-lifecycle.ipynb").read_text("utf-8"))
    solutions = [
        c
        for c in source["cells"]
        if c["cell_type"] == "code" and "solution" in c["metadata"].get("tags", [])
    ]
    html = (site / "notebooks/03-lifecycle.html").read_text(encoding="utf-8")
    assert solutions and html.count("tag_solution") == len(solutions) and "tag_hide-cell" in html


def test_no_page_loads_from_a_cdn(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', text):
            pytest.fail(f"{path.relative_to(site)} loads {url}")


def test_pages_render_offline(site, tmp_path):
    shown = (
        "[document.body.innerText.trim().length, document.images.length,"
        " [...document.images].filter(i => i.complete && i.naturalWidth > 0).length]"
    )
    with Browser(tmp_path / "profile", offline=True) as browser:
        browser.open((site / "index.html").as_uri())
        text, images, loaded = browser.evaluate(shown)
        assert text > 500  # not a blank page
        browser.open((site / "notebooks/03-lifecycle.html").as_uri(), settle=2)
        text, images, loaded = browser.evaluate(shown)
        assert text > 5000 and images >= 3 and loaded == images  # every figure loads
        jax = "MathJax.Hub.getAllJax().length"
        assert browser.evaluate(f"window.MathJax && MathJax.isReady && {jax}") >= 1  # formulas
        browser.open((site / "search.html").as_uri() + "?q=pyramid", settle=2)
        results = browser.evaluate("document.querySelectorAll('#search-results li').length")
        assert results >= 2  # searchindex.js loaded and searched
    assert browser.exceptions == []
    assert [url for url in browser.failed_urls() if not url.startswith("about:")] == []


def test_cli_book_reports_a_failed_build(tmp_path, monkeypatch, capsys):
    def fail(out_dir):
        raise book.BookError("Sphinx failed for 'en': WARNING: something")

    monkeypatch.setattr(book, "build_book", fail)
    assert cli.main(["book", "--out", str(tmp_path)]) == 1
    assert "crm-course: error: Sphinx failed" in capsys.readouterr().err


def test_a_chapter_page_of_the_book_shows_chinese_without_system_fonts(site, tmp_path):
    from _cjk import BOOK_CSS, check_page

    css = (site / "_static" / "crm-cjk.css").read_text(encoding="utf-8")
    assert "@font-face" in css and '"crm-course CJK"' in css
    page = site / "notebooks" / "02-segmentation.html"
    check_page(page, "客户金字塔", tmp_path, font=BOOK_CSS)
