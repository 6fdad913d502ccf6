"""Sphinx settings shared by every language of the course book (``crm-course book``).

Each language is a source tree ``book/LANG/`` with a ``conf.py`` that imports these settings and
sets what differs (``language``, ``project``, labels). ``crmlib.course.book`` stages the tree with
the notebooks and runs Sphinx on it; see ``crmlib/course/book.py``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

extensions = ["myst_nb"]

# Render the stored outputs as committed; nothing is executed.
nb_execution_mode = "off"
# Widgets cannot run without a kernel, and their JavaScript would load from a CDN: show the
# stored plain-text copy instead (the chapters also print each widget's result).
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "text/markdown", 15),  # glossary tables: rendered markdown over plain text
]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Formulas: MathJax 2 copied into _static/mathjax by the build (no CDN, works from a file).
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe,local/crm"

html_theme = "sphinx_book_theme"
# The language's own (MathJax, CJK font) and the shared ones, staged beside this file by
# crmlib.course.book, like the template of the language switch.
html_static_path = ["_static", "../_static"]
templates_path = ["../_templates"]
# The CJK font stack and Noto Sans SC's glyphs of the book (written by crmlib.course.book at
# staging), and the layout of the language switch.
html_css_files = ["crm-cjk.css", "crm-book.css"]
html_copy_source = True
html_sourcelink_suffix = ""  # _sources/…/NAME.ipynb is the notebook itself: the download link
html_show_sphinx = False
# Search results without page summaries: fetching them fails on file:// pages (browsers block it).
html_show_search_summary = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # The link to the same page in the other language, left of the download button.
    "article_header_end": ["crm-language-switch.html", "article-header-buttons.html"],
}

#: The languages of the book: Sphinx ``language`` -> folder under the site's root, the
#: ``lang`` of its pages, and the switch's label (each in its own language). The order and the
#: folders match ``crmlib.course.book.LANGUAGES``, which builds the first at the root.
BOOK_LANGUAGES = {
    "en": ("", "en", "English"),
    "zh_CN": ("zh/", "zh-CN", "中文"),
}

# Every internal reference must resolve (the build runs with -W --keep-going).
nitpicky = True
exclude_patterns = ["_build", "**.ipynb_checkpoints"]


_HTML_ANCHOR = re.compile(r"""<a\s+id=["']([^"']+)["']""")


def _register_html_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Make ``<a id="...">`` anchors in raw HTML linkable as ``doc.ipynb#id``.

    The glossary marks each term with such an anchor (inside the table ``crmlib.course.glossary``
    writes), and the chapters link to them. Registered as anonymous std labels, MyST resolves
    the links and still warns about an anchor that does not exist.
    """
    std = app.env.get_domain("std")
    docname = app.env.docname
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            for anchor in _HTML_ANCHOR.findall(raw.astext()):
                std.anonlabels[f"html-anchor:{docname}:{anchor}"] = (docname, anchor)


def language_links(language: str, target_uri: str) -> list[dict[str, str]]:
    """The links from the page *target_uri* of the *language* book to that page in the others.

    Every language builds the same pages, so a page's address differs only by the language's
    folder; links are relative, so the site works from the file system and any static host.

    Parameters
    ----------
    language : str
        The Sphinx ``language`` of the page, a key of ``BOOK_LANGUAGES``.
    target_uri : str
        The page's address within its book, as Sphinx writes it (``notebooks/x.html``).

    Returns
    -------
    list of dict
        One per other language: ``url`` (relative to the page), ``lang`` (its HTML ``lang``)
        and ``label`` (its name in that language).

    Examples
    --------
    >>> language_links("en", "notebooks/03-lifecycle.html")[0]["url"]
    '../zh/notebooks/03-lifecycle.html'
    >>> language_links("zh_CN", "index.html")[0]["url"]
    '../index.html'
    """
    folder = BOOK_LANGUAGES[language][0]
    up = "../" * (target_uri.count("/") + folder.count("/"))
    return [
        {"url": f"{up}{other}{target_uri}", "lang": lang, "label": label}
        for code, (other, lang, label) in BOOK_LANGUAGES.items()
        if code != language
    ]


def _add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page its links to the other languages: the switch and ``rel=alternate``."""
    links = language_links(app.config.language, app.builder.get_target_uri(pagename))
    context["crm_language_links"] = links
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{link["url"]}">' for link in links
    )


_HAN = (
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs (the browser gets the same escapes)
)


class SearchChinesePairs(SearchChinese):
    """Chinese full-text search without a dictionary: every pair of adjacent Han characters.

    Sphinx's Chinese search segments words with jieba and indexes no Chinese at all without it;
    the browser, moreover, looks a query up whole (``客户价值`` is one term to it). Here both
    sides cut a run of Han characters into overlapping pairs (``客户价值`` -> ``客户``, ``户价``,
    ``价值``) and a page must hold every pair of the query, a close stand-in for the phrase.
    Latin words are indexed and stemmed as in English.
    """

    # Sphinx 9.0 ships the English stemmer for Chinese (the Latin words of Chinese pages) but
    # then sets ``window.Stemmer = ChineseStemmer``, which does not exist, and the search page
    # stops with a ReferenceError: name the stemmer it ships.
    language_name = "English"
    _runs = re.compile(f"[{_HAN}]+")
    js_splitter_code = f"""
function splitQuery(query) {{
  const terms = [];
  for (const run of query.match(/[{_HAN}]+/gu) || []) {{
    if (run.length === 1) terms.push(run);
    for (let i = 1; i !== run.length; i++) terms.push(run.slice(i - 1, i + 1));
  }}
  return terms.concat(query.match(/[a-zA-Z0-9_]+/g) || []);
}}
"""

    def split(self, input: str) -> list[str]:
        """Han runs as pairs of characters (a lone character as itself), then Latin words."""
        pairs = [
            run[i : i + 2] for run in self._runs.findall(input) for i in range(max(len(run) - 1, 1))
        ]
        latin = self.latin1_letters.findall(input)
        self.latin_terms.update(latin)
        return pairs + latin


def setup(app: Sphinx) -> dict[str, bool]:
    """Sphinx hook of every language's conf.py (imported with ``from conf_common import *``)."""
    app.connect("doctree-read", _register_html_anchors)
    app.connect("html-page-context", _add_language_links)
    app.add_search_language(SearchChinesePairs)
    return {"parallel_read_safe": True}
