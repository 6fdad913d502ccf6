"""The course as a static website: Sphinx + MyST-NB + sphinx-book-theme over the stored outputs.

``crm-course book`` stages one source tree per language (``book/LANG/``: ``conf.py``,
``index.md``) together with the committed notebooks of that language, and runs Sphinx on it
with warnings as errors. Nothing is executed: MyST-NB renders the outputs stored in the
notebooks. English is built at the root of the site from ``notebooks/`` and ``casestudies/``;
Chinese into ``OUT/zh/`` from the committed Chinese editions ``notebooks/zh/`` and
``casestudies/zh/`` (executed in Chinese when they are refreshed, so their figures and category
names are Chinese). Every page links to the same page in the other language (the switch in its
header, ``book/_templates/``). The result uses relative links only, so the folder works opened
from the file system or copied to any static host.
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from crmlib.course import _webfont, editions, reports, translations

__all__ = ["LANGUAGES", "BookError", "book_notebooks", "build_book", "stage_sources"]

#: Languages built, in order; the first one is the site's root, the others go to OUT/LANG/
#: (``BOOK_LANGUAGES`` in ``book/conf_common.py`` gives the same folders to the switch).
LANGUAGES = ("en", "zh")
#: The Sphinx sources of the book, next to the notebooks in the repository.
BOOK = Path(__file__).resolve().parents[2] / "book"


class BookError(RuntimeError):
    """Sphinx failed or warned; the message holds its output."""


def _stage_notebook(source: Path, target: Path) -> None:
    """Copy a notebook for the book; solutions are folded away behind a "show" toggle.

    The cell that switches a translated notebook's language is left out of the page (it stays
    in the notebook readers download, which needs it).
    """
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution" in tags and "hide-cell" not in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
        if translations.LANGUAGE_TAG in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nbformat.write(nb, target)


def book_notebooks(language: str) -> dict[str, list[Path]]:
    """The committed notebooks of one language of the book, by folder of the site.

    English: ``notebooks/*.ipynb`` and ``casestudies/*.ipynb``. Another language: the same
    names in ``notebooks/LANG/`` and ``casestudies/LANG/``, the committed editions executed in
    that language (``python3 bootstrap.py refresh`` writes them).

    Parameters
    ----------
    language : str
        ``"en"`` or a language of :data:`crmlib.course.translations.LANGUAGES`.

    Returns
    -------
    dict of str to list of Path
        ``{"notebooks": [...], "casestudies": [...]}``, each sorted by name.

    Raises
    ------
    ValueError
        If *language* is not one the course is translated into.
    BookError
        If a notebook of *language* is missing (every one named, with the command that writes
        them).

    Examples
    --------
    >>> [path.name for path in book_notebooks("en")["notebooks"]][:2]
    ['01-strategy.ipynb', '02-segmentation.ipynb']
    >>> book_notebooks("fr")
    Traceback (most recent call last):
    ...
    ValueError: the course has no language 'fr'; choose from: en, zh
    """
    if language != "en" and language not in translations.LANGUAGES:
        known = ", ".join(("en", *translations.LANGUAGES))
        raise ValueError(f"the course has no language {language!r}; choose from: {known}")
    chapters = editions.chapter_notebooks()
    cases = [reports.case_notebook(case) for case in reports.list_cases()]
    found = {"notebooks": chapters, "casestudies": cases}
    if language == "en":
        return found
    found = {
        folder: [editions.committed_edition(p, language) for p in paths]
        for folder, paths in found.items()
    }
    missing = [p for paths in found.values() for p in paths if not p.is_file()]
    if missing:
        names = ", ".join(str(p.relative_to(chapters[0].parent.parent)) for p in missing)
        raise BookError(
            f"the {language!r} book needs the committed {language!r} editions, and {names} "
            "are missing: run `python3 bootstrap.py refresh` to write them"
        )
    return found


def stage_sources(language: str, staging: str | Path) -> Path:
    """Lay out the Sphinx source tree of one language in *staging*; return its folder.

    Parameters
    ----------
    language : str
        A folder of ``book/`` such as ``"en"``.
    staging : str or Path
        An empty scratch folder.

    Returns
    -------
    Path
        ``staging / language``, holding ``conf.py``, ``index.md``, ``notebooks/``,
        ``casestudies/`` and ``_static/mathjax/``; beside it ``conf_common.py``,
        ``_templates/`` and ``_static/`` (shared by the languages).

    Raises
    ------
    ValueError
        If ``book/`` has no sources for *language*.
    BookError
        If notebooks of *language* are missing (:func:`book_notebooks`).

    Examples
    --------
    Stage the Chinese tree in a scratch folder (a few seconds: the font subset is made):

    >>> src = stage_sources("zh", tempfile.mkdtemp())  # doctest: +SKIP
    >>> sorted(path.name for path in src.parent.iterdir())  # doctest: +SKIP
    ['_static', '_templates', 'conf_common.py', 'zh']
    """
    tree = BOOK / language
    if not (tree / "conf.py").is_file():
        raise ValueError(f"no book sources for language {language!r} in {BOOK}")
    staging = Path(staging)
    shutil.copyfile(BOOK / "conf_common.py", staging / "conf_common.py")
    for shared in ("_templates", "_static"):
        shutil.copytree(BOOK / shared, staging / shared)
    src = staging / language
    shutil.copytree(tree, src)
    for folder, paths in book_notebooks(language).items():
        (src / folder).mkdir()
        for path in paths:
            _stage_notebook(path, src / folder / path.name)
    editions.copy_mathjax(src / "_static" / "mathjax")
    _write_cjk_css(src, language)
    return src


#: Where Sphinx and the themes keep their message catalogs (``FOLDER/LANG/LC_MESSAGES/*.po``).
_CATALOGS = (
    ("sphinx", "locale"),
    ("pydata_sphinx_theme", "locale"),
    ("sphinx_book_theme", "theme/sphinx_book_theme/static/locales"),
)


def _interface_text(language: str) -> str:
    """The translations of Sphinx's and the themes' own labels (search, contents, ...).

    Pages show some of them (the theme's 导航, 亮色 and 暗色), in a language of their own:
    their glyphs must be embedded too. A catalog is looked up as ``zh_CN``, then ``zh``.
    """
    code = translations.HTML_LANG.get(language, language).replace("-", "_")
    texts = []
    for package, folder in _CATALOGS:
        root = Path(str(importlib.resources.files(package))) / folder
        for name in dict.fromkeys((code, code.split("_")[0])):
            for catalog in sorted((root / name / "LC_MESSAGES").glob("*.po")):
                texts.append(catalog.read_text(encoding="utf-8"))
    return "".join(texts)


def _write_cjk_css(src: Path, language: str) -> None:
    """``_static/crm-cjk.css``: the CJK font stack and the glyphs the book's pages use."""
    text = "".join(
        path.read_text(encoding="utf-8")
        for pattern in ("*.md", "notebooks/*.ipynb", "casestudies/*.ipynb")
        for path in sorted(src.glob(pattern))
    )
    (src / "_static").mkdir(exist_ok=True)
    css = _webfont.font_face_css(text + _interface_text(language))
    (src / "_static" / "crm-cjk.css").write_text(
        css or "/* no Chinese text in this book */\n", encoding="utf-8"
    )


def build_book(out_dir: str | Path = "book-html", *, quiet: bool = True) -> Path:
    """Build the website into *out_dir*; return the path of its home page.

    Every language of :data:`LANGUAGES` is staged, then Sphinx builds them side by side (one
    process each), with ``-W --keep-going`` and ``nitpicky``: a warning (an unresolved
    reference, a missing file, a notebook it cannot read) fails the build after reporting all
    of them.

    Parameters
    ----------
    out_dir : str or Path
        Output folder; the previous build there is replaced only when the new one succeeds.
    quiet : bool
        Pass ``-q`` to Sphinx (warnings and errors are still reported).

    Returns
    -------
    Path
        ``out_dir / "index.html"``, the first language's home page; the others' are at
        ``out_dir / LANG / "index.html"``.

    Raises
    ------
    BookError
        If Sphinx fails or warns (for every language that did), or a language's notebooks are
        missing.

    Examples
    --------
    What ``crm-course book`` does (about half a minute), and where the Chinese pages land:

    >>> home = build_book("book-html")  # doctest: +SKIP
    >>> home.name, (home.parent / "zh" / "index.html").is_file()  # doctest: +SKIP
    ('index.html', True)
    """
    for language in LANGUAGES:
        book_notebooks(language)  # a missing notebook fails before anything is built
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".book-", dir=out.parent) as tmp:
        scratch = Path(tmp)
        commands = {}
        for language in LANGUAGES:
            # MyST-NB writes the notebooks' images beside the output folder (html/../): one
            # scratch folder per language keeps them apart and out of the site.
            stage = scratch / language / "src"
            stage.mkdir(parents=True)
            src = stage_sources(language, stage)  # stage/conf_common.py, stage/LANG/...
            cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
            cmd += ["-q"] if quiet else []
            cmd += ["-d", str(scratch / language / "doctrees"), str(src)]
            commands[language] = [*cmd, str(scratch / language / "html")]
        failures = _run_all(commands)
        if failures:
            raise BookError("\n".join(failures))
        site = scratch / LANGUAGES[0] / "html"
        for language in LANGUAGES[1:]:
            (scratch / language / "html").rename(site / language)
        for html in (site, *(site / language for language in LANGUAGES[1:])):
            (html / ".buildinfo").unlink(missing_ok=True)
        if out.exists():
            shutil.rmtree(out)
        site.rename(out)
    return out / "index.html"


def _run_all(commands: dict[str, list[str]]) -> list[str]:
    """Run the Sphinx builds at once; the report of each that failed (none left running)."""
    running = {
        language: subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for language, cmd in commands.items()
    }
    failures = []
    try:
        for language, process in running.items():
            stdout, stderr = process.communicate()
            if process.returncode != 0:
                failures.append(f"Sphinx failed for {language!r}:\n{stderr or stdout}")
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return failures
