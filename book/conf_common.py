"""Sphinx settings shared by every language of the course book (``crm-course book``).

Each language is a source tree ``book/LANG/`` with a ``conf.py`` that imports these settings and
sets what differs (``language``, ``project``, labels). ``crmlib.course.book`` stages the tree with
the notebooks and runs Sphinx on it; see ``crmlib/course/book.py``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

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
html_static_path = ["_static"]
# The CJK font stack and Noto Sans SC's glyphs of the book (written by crmlib.course.book at
# staging)
html_css_files = ["crm-cjk.css"]
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


def setup(app: Sphinx) -> dict[str, bool]:
    """Sphinx hook of every language's conf.py (imported with ``from conf_common import *``)."""
    app.connect("doctree-read", _register_html_anchors)
    return {"parallel_read_safe": True}
