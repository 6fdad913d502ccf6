"""The course website: built once per test module, every internal link resolves, pages render.

Both languages: English at the root, Chinese under zh/ from the committed Chinese editions,
each page linking to the same page in the other language. The browser checks (figures load,
formulas typeset, the search index is there and finds Chinese words, the language switch, no
blank page) need Debian's chromium, like tests/test_browser.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from _chromium import Browser

from crmlib.course import book, cli, editions, reports

CHAPTERS = [p.stem for p in editions.chapter_notebooks() if p.stem != "glossary"]


class _Page(HTMLParser):
    """The ids of a page, the relative links (href/src) it holds, its language and switch."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.lang: str | None = None
        self.switch: list[str] = []  # href of each link of the language switch

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "a" and "crm-language-switch" in (values.get("class") or "").split():
            self.switch.append(values.get("href") or "")
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


def _pages(site: Path) -> list[Path]:
    """The site's pages (``_static/`` holds the theme's Jinja macros, not pages)."""
    return [p for p in site.rglob("*.html") if "_static" not in p.parts]


def test_the_chinese_book_has_every_page_in_chinese(site):
    zh = site / "zh"
    english = {p.relative_to(site) for p in _pages(site) if zh not in p.parents}
    chinese = {p.relative_to(zh) for p in _pages(zh)}
    assert english == chinese and len(chinese) > 10  # the same pages, one for one
    index = (zh / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="notebooks/{name}.html"') for name in CHAPTERS]
    assert -1 not in positions and positions == sorted(positions)  # chapters in order
    for caption in ("各章", "参考", "案例"):  # the navigation's captions
        assert f'<span class="caption-text">{caption}</span>' in index, caption
    assert (zh / "searchindex.js").is_file()
    for path in (zh / "index.html", zh / "notebooks" / "03-lifecycle.html"):
        assert _parse(path).lang == "zh-CN"
    chapter = (zh / "notebooks" / "03-lifecycle.html").read_text(encoding="utf-8")
    assert "<h1>第3章 客户生命周期与客户终生价值" in chapter  # the heading, translated
    assert 'placeholder="搜索' in chapter  # Sphinx's and the theme's labels in Chinese
    assert 'set_language("zh")' not in chapter  # the language cell stays off the page
    download = zh / "_sources" / "notebooks" / "03-lifecycle.ipynb"
    assert json.loads(download.read_text(encoding="utf-8"))["metadata"]["language"] == "zh"


def test_every_page_links_to_itself_in_the_other_language(site):
    zh = site / "zh"
    for path in _pages(site):
        page = _parse(path)
        assert len(page.switch) == 1, path.relative_to(site)
        other = (path.parent / page.switch[0]).resolve()
        mirror = (
            zh / path.relative_to(site) if zh not in path.parents else site / path.relative_to(zh)
        )
        assert other == mirror, f"{path.relative_to(site)}: {page.switch[0]}"
        assert page.lang == ("zh-CN" if zh in path.parents else "en")


def _shown_text(root: Path, other: Path | None) -> str:
    """The text of one language's pages (not of *other*) and of its script's translations."""
    pages = [p for p in _pages(root) if other is None or other not in p.parents]
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    script = root / "_static" / "translations.js"  # Sphinx's labels for the search page
    if script.is_file():
        body = script.read_text(encoding="utf-8")
        text += json.dumps(
            json.loads(body[body.index("(") + 1 : body.rindex(")")]), ensure_ascii=False
        )
    return text


def test_the_embedded_font_has_every_chinese_character_a_page_shows(site):
    import base64
    import io

    from fontTools.ttLib import TTFont

    from crmlib.course import _webfont

    for root, other in ((site, site / "zh"), (site / "zh", None)):
        css = (root / "_static" / "crm-cjk.css").read_text(encoding="utf-8")
        woff = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
        font = TTFont(io.BytesIO(woff)).getBestCmap()
        shown = _webfont.cjk_characters(_shown_text(root, other))
        assert len(shown) > (1000 if other is None else 300)
        missing = [c for c in shown if ord(c) not in font]
        assert not missing, f"{root.relative_to(site.parent)}: no glyph for {''.join(missing)}"


def _conf_common():
    spec = importlib.util.spec_from_file_location("conf_common", book.BOOK / "conf_common.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chinese_search_indexes_pairs_of_characters():
    conf = _conf_common()
    split = conf.SearchChinesePairs({}).split
    assert split("客户价值") == ["客户", "户价", "价值"]
    assert split("RFM 分析，的 CLV") == ["分析", "的", "RFM", "CLV"]
    assert conf.language_links("zh_CN", "notebooks/glossary.html") == [
        {"url": "../../notebooks/glossary.html", "lang": "en", "label": "English"}
    ]


def test_every_internal_link_resolves(site):
    pages = {p: _parse(p) for p in _pages(site)}
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
    assert checked > 1000  # both languages
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


def _when(browser: Browser, condition: str, timeout: float = 30) -> object:
    """The value of the JavaScript *condition* once truthy (polled), or at *timeout* seconds."""
    poll = (
        f"const value = ({condition}); if (value || Date.now() > end) resolve(value);"
        " else setTimeout(poll, 50);"
    )
    return browser.evaluate(
        f"new Promise(resolve => {{ const end = Date.now() + {timeout * 1000:.0f};"
        f" const poll = () => {{ {poll} }}; poll(); }})"
    )


def test_pages_render_offline(site, tmp_path):
    figures = "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
    formulas = "window.MathJax && MathJax.isReady && MathJax.Hub.getAllJax().length"
    summary = "document.querySelector('#search-results .search-summary')?.innerText"
    with Browser(tmp_path / "profile", offline=True) as browser:
        browser.open((site / "index.html").as_uri(), settle=0)
        assert len(browser.evaluate("document.body.innerText.trim()")) > 500  # not blank
        browser.open((site / "notebooks/03-lifecycle.html").as_uri(), settle=0)
        assert len(browser.evaluate("document.body.innerText")) > 5000
        assert browser.evaluate("document.images.length") >= 3
        assert _when(browser, figures), "a figure did not load"
        assert _when(browser, formulas), "no formula typeset"
        browser.open((site / "search.html").as_uri() + "?q=pyramid", settle=0)
        assert _when(browser, summary), "the search did not finish"  # searchindex.js loaded
        results = browser.evaluate("document.querySelectorAll('#search-results li').length")
        assert results >= 2
    assert browser.exceptions == []
    assert [url for url in browser.failed_urls() if not url.startswith("about:")] == []


def test_chinese_pages_render_offline_and_switch_language(site, tmp_path):
    text = "document.body.innerText"
    figures = "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
    formulas = "window.MathJax && MathJax.isReady && MathJax.Hub.getAllJax().length"
    switch = "document.querySelector('.bd-header-article a.crm-language-switch')"
    shown = "(r => r.width > 0 && r.top >= 0 && r.bottom <= innerHeight)"
    on_screen = f"{shown}({switch}.getBoundingClientRect())"
    chapter = site / "zh" / "notebooks" / "03-lifecycle.html"
    with Browser(tmp_path / "profile", offline=True) as browser:
        browser.open((site / "zh" / "index.html").as_uri(), settle=0)
        home = browser.evaluate(text)
        assert len(home) > 200 and "客户关系管理" in home and "各章" in home  # not blank
        browser.open(chapter.as_uri(), settle=0)
        assert len(browser.evaluate(text)) > 5000 and "客户终生价值" in browser.evaluate(text)
        assert browser.evaluate("document.images.length") >= 3
        assert _when(browser, figures), "a figure did not load"
        assert _when(browser, formulas), "no formula typeset"
        assert browser.evaluate(on_screen)  # the switch is in the header, on screen
        browser.open(browser.evaluate(f"{switch}.href"), settle=0)  # the same chapter...
        english = site / "notebooks" / "03-lifecycle.html"
        assert browser.evaluate("location.href") == english.as_uri()
        assert browser.evaluate("document.documentElement.lang") == "en"
        browser.open(browser.evaluate(f"{switch}.href"), settle=0)  # ...and back
        assert browser.evaluate("location.href") == chapter.as_uri()
        browser.open((site / "zh" / "search.html").as_uri() + "?q=客户金字塔", settle=0)
        # Sphinx lists the results one by one, then writes its summary: wait for the summary.
        assert _when(
            browser, "document.querySelector('#search-results .search-summary')?.innerText"
        )
        results = "[...document.querySelectorAll('#search-results li a')].map(a => a.href)"
        found = browser.evaluate(results)
        assert any(url.endswith("notebooks/02-segmentation.html") for url in found)  # in Chinese
    assert browser.exceptions == []
    assert [url for url in browser.failed_urls() if not url.startswith("about:")] == []


def test_a_missing_chinese_notebook_is_named_before_anything_is_built(tmp_path, monkeypatch):
    for folder in ("notebooks/zh", "casestudies/zh"):
        (tmp_path / folder).mkdir(parents=True)
    for path in ("notebooks/01-a", "notebooks/02-b", "notebooks/zh/01-a"):
        (tmp_path / f"{path}.ipynb").write_text("{}", encoding="utf-8")
    case = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("n = 1", metadata={"tags": ["parameters"]})]
    )
    nbformat.write(case, tmp_path / "casestudies" / "c.ipynb")  # a case: it has parameters
    chapters = [tmp_path / "notebooks" / "01-a.ipynb", tmp_path / "notebooks" / "02-b.ipynb"]
    monkeypatch.setattr(editions, "chapter_notebooks", lambda: chapters)
    monkeypatch.setattr(reports, "_cases_folder", lambda: tmp_path / "casestudies")
    assert book.book_notebooks("en") == {
        "notebooks": chapters,
        "casestudies": [tmp_path / "casestudies" / "c.ipynb"],
    }
    missing = r"notebooks/zh/02-b\.ipynb, casestudies/zh/c\.ipynb are missing: run `python3 boot"
    with pytest.raises(book.BookError, match=missing):
        book.build_book(tmp_path / "site")
    assert not (tmp_path / "site").exists()
    with pytest.raises(ValueError, match="no language 'fr'; choose from: en, zh"):
        book.book_notebooks("fr")


def test_cli_book_prints_the_home_page_of_each_language(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(book, "build_book", lambda out_dir: Path(out_dir) / "index.html")
    assert cli.main(["book", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / "index.html"),
        str(tmp_path / "zh" / "index.html"),
    ]


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
