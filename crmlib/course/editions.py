"""Student and instructor editions, and lecture slides, from the same chapter notebooks.

The chapter notebooks are the instructor edition: exercise solutions sit in cells tagged
``solution`` (code for a computed answer, markdown for the model answer to an interpretation
question). The student edition replaces each solution cell with a stub (``answer = None``, or an
empty answer cell, :func:`answer_stub`) and is re-executed, so its stored outputs (``no answer
yet``) are true and it passes nbval like the instructor edition. Slides are reveal.js HTML made
by nbconvert from the cells' ``slideshow`` metadata (a new slide at every top-level heading).

Other languages (``lang="zh"``) come from the same notebooks: the markdown from the catalogs of
:mod:`crmlib.course.translations`, the code shared. Both editions are then executed, the instructor
edition too, so that the library's category names and plot labels in the outputs are in that
language; they are written to ``OUT/LANG/instructor`` and ``OUT/LANG/student``.
"""

from __future__ import annotations

import importlib.resources
import shutil
import tempfile
from pathlib import Path

from crmlib.course import _execution, _webfont, reports, translations

__all__ = [
    "answer_stub",
    "chapter_notebooks",
    "copy_mathjax",
    "is_solution",
    "make_editions",
    "make_slides",
    "slide_assets",
    "student_notebook",
    "translated_edition",
]

#: What a student gets in place of a computed exercise's solution (a code cell).
STUB = "answer = None  # your answer here"
#: What a student gets in place of a model answer to an interpretation question (markdown),
#: in the notebook's language (``metadata.language``, set by :mod:`crmlib.course.translations`).
TEXT_STUBS = {"en": "*Your answer here.*", "zh": "*在这里写下你的答案。*"}
TEXT_STUB = TEXT_STUBS["en"]


def is_solution(cell) -> bool:
    """Whether *cell* holds an exercise's solution (tagged ``solution``)."""
    return "solution" in cell.metadata.get("tags", [])


def answer_stub(cell, lang: str = "en"):
    """The student's cell in place of the solution *cell*: a code stub or an empty answer.

    The one transformation behind the student edition and nbgrader's released assignments
    (:mod:`crmlib.course.assignments` gives nbgrader these stubs). The stub keeps the cell's id.

    Examples
    --------
    >>> import nbformat
    >>> answer_stub(nbformat.v4.new_markdown_cell("**Model answer.** Because ...")).source
    '*Your answer here.*'
    >>> answer_stub(nbformat.v4.new_markdown_cell("**参考答案。** 因为……"), "zh").source
    '*在这里写下你的答案。*'
    >>> answer_stub(nbformat.v4.new_code_cell("answer = 42")).source
    'answer = None  # your answer here'
    """
    import nbformat

    if cell.cell_type == "markdown":
        stub = nbformat.v4.new_markdown_cell(TEXT_STUBS.get(lang, TEXT_STUB))
        stub.metadata["tags"] = ["answer"]
    else:
        stub = nbformat.v4.new_code_cell(STUB)
        stub.metadata["tags"] = ["exercise"]
    if "id" in cell:
        stub["id"] = cell["id"]
    return stub


def chapter_notebooks() -> list[Path]:
    """The course notebooks, chapters and glossary: ``notebooks/*.ipynb`` of the repository,
    shipped inside the package as ``crmlib._chapters`` so that any install finds them."""
    return sorted(Path(str(importlib.resources.files("crmlib._chapters"))).glob("*.ipynb"))


def student_notebook(nb):
    """A copy of *nb* with every ``solution`` cell replaced by its stub; outputs cleared."""
    import copy

    student = copy.deepcopy(nb)
    lang = student.metadata.get("language", "en")
    for index, cell in enumerate(student.cells):
        if is_solution(cell):
            student.cells[index] = answer_stub(cell, lang)
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return student


def make_editions(
    out_dir: str | Path, *, execute: bool = True, lang: str = "en"
) -> dict[str, list[Path]]:
    """Write ``OUT/instructor/*.ipynb`` (as committed) and ``OUT/student/*.ipynb`` (executed).

    Each student notebook runs in a fresh kernel through the same helper as the reports
    (:mod:`crmlib.course._execution`: every wait bounded, the kernel's own messages kept out of the
    terminal). In another language *lang* the editions go to ``OUT/LANG/`` and the instructor
    edition is the translated notebook, executed (:func:`translated_edition`).

    Raises
    ------
    crmlib.course.reports.ReportError
        A student notebook failed or timed out (naming the notebook and the cell), or its
        kernel did not start.
    crmlib.course.translations.TranslationError
        A translation is missing or stale (every such cell named, before anything runs).
    """
    import nbformat

    out = Path(out_dir) if lang == "en" else Path(out_dir) / lang
    written: dict[str, list[Path]] = {"instructor": [], "student": []}
    sources = chapter_notebooks()
    if lang != "en":
        translations.check_notebooks(sources, lang)  # every problem at once, before any run
    for edition in written:
        (out / edition).mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = out / "instructor" / source.name
        if lang == "en":
            shutil.copyfile(source, target)
        else:
            translated_edition(source, lang, target, execute=execute)
        written["instructor"].append(target)
        nb = student_notebook(nbformat.read(target, as_version=4))
        if execute:
            _execute(nb, out / "student", source.name)
        target = out / "student" / source.name
        reports.write_atomic(target, nbformat.writes(nb))
        written["student"].append(target)
    glossary = out / "student" / "glossary.ipynb"
    if not glossary.exists() and (out / "instructor" / "glossary.ipynb").exists():
        shutil.copyfile(out / "instructor" / "glossary.ipynb", glossary)
    return written


def translated_edition(
    source: Path, lang: str, target: Path, *, execute: bool = True, strict: bool = True
) -> Path:
    """Write the notebook *source* in *lang* to *target*, executed in a fresh kernel.

    The markdown comes from the catalog (:func:`crmlib.course.translations.translated_notebook`),
    the code is the source's, run with the library switched to *lang*; *target*'s folder is the
    working folder.

    Parameters
    ----------
    source : Path
        The English notebook.
    lang : str
        Language code, e.g. ``"zh"``.
    target : Path
        Where to write the edition (its folder must exist).
    execute : bool, default True
        Run it (else the outputs stay the English ones).
    strict : bool, default True
        Refuse a missing or stale translation; with False such cells keep their English (for
        tests of the outputs; completeness is tested apart).

    Returns
    -------
    Path
        *target*.

    Raises
    ------
    crmlib.course.translations.TranslationError
        With *strict*, a translation is missing or stale.
    crmlib.course.reports.ReportError
        A cell failed or timed out, or the kernel did not start.
    """
    import nbformat

    nb = translations.translated_notebook(source, lang, strict=strict)
    if execute:
        _execute(nb, target.parent, source.name, edition=f"{lang} edition")
    reports.write_atomic(target, nbformat.writes(nb))
    return target


#: Folder beside the decks that holds reveal.js, require.js, jQuery and MathJax.
ASSETS = "assets"
#: MathJax 2 as shipped by the ``jupyter-server-mathjax`` wheel, with the course's local config.
MATHJAX_URL = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe,local/crm"
# The wheel ships only the STIX-Web fonts: tell the HTML-CSS output to use them, and no others.
# A page's own configuration (nbconvert's delimiters, for one) is applied after this file.
_MATHJAX_LOCAL_CONFIG = """\
MathJax.Hub.Config({
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  menuSettings: {zoom: "None"},
  // MyST-NB marks notebook pages tex2jax_ignore and formulas "math": typeset just those.
  tex2jax: {ignoreClass: "tex2jax_ignore|mathjax_ignore", processClass: "math|output_area"}
});
MathJax.Ajax.loadComplete("[MathJax]/config/local/crm.js");
"""
# Parts of MathJax no deck or page loads (translations, the accessibility explorer, SVG output).
_MATHJAX_SKIP = ("localization", "a11y", "SVG", "tests")
# The reveal template with no mermaid.js (never used in the chapters; it would load from a CDN)
# and no widget renderer (a CDN again; the chapters show a copy of each widget's result as text).
_OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""


def copy_mathjax(out_dir: str | Path) -> Path:
    """Copy MathJax 2 (from the ``jupyter-server-mathjax`` package) into *out_dir*.

    Only what pages load is copied (about 2.5 MB of its 10 MB), plus ``config/local/crm.js``,
    which points MathJax at the fonts the package ships.

    Parameters
    ----------
    out_dir : str or Path
        Folder to create or refresh; ``MathJax.js`` lands directly in it.

    Returns
    -------
    Path
        The folder.
    """
    source = Path(str(importlib.resources.files("jupyter_server_mathjax") / "static"))
    out = Path(out_dir)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(*_MATHJAX_SKIP), dirs_exist_ok=True)
    (out / "config" / "local").mkdir(parents=True, exist_ok=True)
    (out / "config" / "local" / "crm.js").write_text(_MATHJAX_LOCAL_CONFIG, encoding="utf-8")
    return out


def slide_assets(out_dir: str | Path) -> Path:
    """Copy reveal.js, require.js, jQuery and MathJax into ``OUT/assets/``; return that folder.

    The copies come from the package (``crmlib/_vendor``, pinned npm releases with their
    licences, see ``manifest.json`` there; MathJax from ``jupyter-server-mathjax``), so decks
    need no network. Copying again refreshes the files in place.

    Parameters
    ----------
    out_dir : str or Path
        The folder of the decks.

    Returns
    -------
    Path
        ``out_dir / "assets"``.
    """
    vendor = Path(str(importlib.resources.files("crmlib._vendor")))
    assets = Path(out_dir) / ASSETS
    for name in ("reveal.js", "requirejs", "jquery"):
        shutil.copytree(vendor / name, assets / name, dirs_exist_ok=True)
    copy_mathjax(assets / "mathjax")
    return assets


def _execute(nb, cwd: Path, name: str, *, edition: str = "student edition") -> None:
    try:
        with _execution.Kernel(cwd, label=name) as kernel:
            failure = _execution.execute(nb, kernel)
    except _execution.KernelError as err:
        raise reports.ReportError(f"{edition}: {err}") from None
    if failure is not None:
        raise reports.ReportError(f"{edition} of {name} failed in {failure.where}: {failure.cause}")


def make_slides(
    chapter: str, out_dir: str | Path, *, reveal_prefix: str | None = None, lang: str = "en"
) -> Path:
    """reveal.js slides of the chapter whose notebook name starts with *chapter* (e.g. "02").

    The deck ``OUT/NAME.slides.html`` loads reveal.js, require.js, jQuery and MathJax from
    ``OUT/assets/`` (copied there by :func:`slide_assets`) through relative links, so it works
    offline, from the file system or any static host; copy the deck together with ``assets/``.

    Parameters
    ----------
    chapter : str
        Chapter number or notebook-name prefix, e.g. ``"02"`` or ``"glossary"``.
    out_dir : str or Path
        Output folder (created if missing).
    reveal_prefix : str, optional
        URL or path of another reveal.js 4 or 5 to load instead of the bundled copy.
    lang : str, default "en"
        Another language (``"zh"``): the chapter is translated and executed first (a few
        seconds to a minute) and the deck is ``OUT/NAME.LANG.slides.html``.

    Returns
    -------
    Path
        The deck.

    Raises
    ------
    ValueError
        If *chapter* matches no notebook or more than one, or its translation is incomplete.
    """
    import jinja2
    from nbconvert import SlidesExporter

    matches = [p for p in chapter_notebooks() if p.stem.startswith(chapter)]
    if len(matches) != 1:
        names = ", ".join(p.stem for p in chapter_notebooks())
        raise ValueError(
            f"chapter {chapter!r} matches {len(matches)} notebooks; choose from: {names}"
        )
    out = Path(out_dir)
    slide_assets(out)
    exporter = SlidesExporter(
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        extra_loaders=[jinja2.DictLoader({"crm_slides.html.j2": _OFFLINE_TEMPLATE})],
        template_file="crm_slides.html.j2",
        reveal_url_prefix=reveal_prefix or f"{ASSETS}/reveal.js",
        reveal_theme="white",  # its font ships with reveal.js; "simple" loads Google Fonts
        reveal_scroll=True,  # a slide taller than the screen scrolls instead of being cut
        require_js_url=f"{ASSETS}/requirejs/require.js",
        jquery_url=f"{ASSETS}/jquery/dist/jquery.min.js",
        mathjax_url=MATHJAX_URL,
    )
    if lang == "en":
        body, _ = exporter.from_filename(str(matches[0]))
        target = out / f"{matches[0].stem}.slides.html"
    else:
        import nbformat

        exporter.language_code = translations.HTML_LANG[lang]
        with tempfile.TemporaryDirectory(dir=out, prefix=".slides-") as scratch:
            executed = translated_edition(matches[0], lang, Path(scratch) / matches[0].name)
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        target = out / f"{matches[0].stem}.{lang}.slides.html"
    body = _webfont.embed_cjk_font(body)  # Chinese renders without a system CJK font
    reports.write_atomic(target, body)
    return target
