"""The course as a static website: Sphinx + MyST-NB + sphinx-book-theme over the stored outputs.

``crm-course book`` stages one source tree per language (``book/LANG/``: ``conf.py``,
``index.md``) together with the committed notebooks, and runs Sphinx on it with warnings as
errors. Nothing is executed: MyST-NB renders the outputs stored in the notebooks. The result
uses relative links only, so the folder works opened from the file system or copied to any
static host. A second language is a second source tree (``book/zh/``) built into ``OUT/zh/``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from crmlib.course import _webfont, editions, reports

__all__ = ["LANGUAGES", "BookError", "build_book", "stage_sources"]

#: Languages built, in order; the first one is the site's root, the others go to OUT/LANG/.
LANGUAGES = ("en",)
#: The Sphinx sources of the book, next to the notebooks in the repository.
BOOK = Path(__file__).resolve().parents[2] / "book"


class BookError(RuntimeError):
    """Sphinx failed or warned; the message holds its output."""


def _stage_notebook(source: Path, target: Path) -> None:
    """Copy a notebook for the book; solutions are folded away behind a "show" toggle."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution" in tags and "hide-cell" not in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
    nbformat.write(nb, target)


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
        ``casestudies/`` and ``_static/mathjax/``.
    """
    tree = BOOK / language
    if not (tree / "conf.py").is_file():
        raise ValueError(f"no book sources for language {language!r} in {BOOK}")
    staging = Path(staging)
    shutil.copyfile(BOOK / "conf_common.py", staging / "conf_common.py")
    src = staging / language
    shutil.copytree(tree, src)
    notebooks = editions.chapter_notebooks()
    cases = [reports.case_notebook(case) for case in reports.list_cases()]
    for folder, paths in (("notebooks", notebooks), ("casestudies", cases)):
        (src / folder).mkdir()
        for path in paths:
            _stage_notebook(path, src / folder / path.name)
    editions.copy_mathjax(src / "_static" / "mathjax")
    _write_cjk_css(src)
    return src


def _write_cjk_css(src: Path) -> None:
    """``_static/crm-cjk.css``: the CJK font stack and the glyphs the book's pages use."""
    text = "".join(
        path.read_text(encoding="utf-8")
        for pattern in ("*.md", "notebooks/*.ipynb", "casestudies/*.ipynb")
        for path in sorted(src.glob(pattern))
    )
    (src / "_static").mkdir(exist_ok=True)
    css = _webfont.font_face_css(text) or "/* no Chinese text in this book */\n"
    (src / "_static" / "crm-cjk.css").write_text(css, encoding="utf-8")


def build_book(out_dir: str | Path = "book-html", *, quiet: bool = True) -> Path:
    """Build the website into *out_dir*; return the path of its home page.

    Sphinx runs with ``-W --keep-going`` and ``nitpicky``: a warning (an unresolved reference,
    a missing file, a notebook it cannot read) fails the build after reporting all of them.

    Parameters
    ----------
    out_dir : str or Path
        Output folder; the previous build there is replaced only when the new one succeeds.
    quiet : bool
        Pass ``-q`` to Sphinx (warnings and errors are still reported).

    Returns
    -------
    Path
        ``out_dir / "index.html"``.

    Raises
    ------
    BookError
        If Sphinx fails or warns.
    """
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".book-", dir=out.parent) as tmp:
        scratch = Path(tmp)
        site = scratch / "site"
        for index, language in enumerate(LANGUAGES):
            stage = scratch / "src" / language
            stage.mkdir(parents=True)
            src = stage_sources(language, stage)  # stage/conf_common.py, stage/LANG/...
            html = site if index == 0 else site / language
            cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
            cmd += ["-d", str(scratch / "doctrees" / language), str(src), str(html)]
            if quiet:
                cmd.insert(3, "-q")
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                raise BookError(f"Sphinx failed for {language!r}:\n{run.stderr or run.stdout}")
        shutil.rmtree(site / ".doctrees", ignore_errors=True)
        (site / ".buildinfo").unlink(missing_ok=True)
        if out.exists():
            shutil.rmtree(out)
        site.rename(out)
    return out / "index.html"
