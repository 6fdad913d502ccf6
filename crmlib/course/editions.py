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

The instructor editions in other languages are also committed, executed, beside their sources
(``notebooks/zh/NAME.ipynb``, ``casestudies/zh/NAME.ipynb``, :func:`committed_edition`):
``python3 bootstrap.py refresh`` rewrites them after the English notebooks
(:func:`refresh_translations`), the course website reads them, and the test suite runs them under
strict nbval on baseline CPU kernels (``tests/test_cpu_portability.py``).
"""

from __future__ import annotations

import importlib.resources
import shutil
import tempfile
from pathlib import Path
from typing import Any

from crmlib.course import _execution, _webfont, reports, translations

__all__ = [
    "answer_stub",
    "chapter_notebooks",
    "committed_edition",
    "copy_mathjax",
    "current_edition",
    "is_solution",
    "make_editions",
    "make_slides",
    "refresh_translations",
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


def is_solution(cell: Any) -> bool:
    """Whether *cell* holds an exercise's solution (tagged ``solution``).

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A notebook cell.

    Returns
    -------
    bool
        True when the cell's tags include ``solution``.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("answer = 4", metadata={"tags": ["solution"]})
    >>> is_solution(cell), is_solution(nbformat.v4.new_code_cell("x = 1"))
    (True, False)
    """
    return "solution" in cell.metadata.get("tags", [])


def answer_stub(cell: Any, lang: str = "en") -> Any:
    """The student's cell in place of the solution *cell*: a code stub or an empty answer.

    The one transformation behind the student edition and nbgrader's released assignments
    (:mod:`crmlib.course.assignments` gives nbgrader these stubs). The stub keeps the cell's id.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A solution cell: code (``answer = ...``) or a markdown model answer.
    lang : str, default "en"
        The notebook's language, for the text of an empty answer (English if unknown).

    Returns
    -------
    nbformat.NotebookNode
        A new code cell :data:`STUB` tagged ``exercise``, or a markdown cell of
        :data:`TEXT_STUBS` tagged ``answer``.

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
    """The course notebooks, chapters and glossary, sorted by name.

    They are ``notebooks/*.ipynb`` of the repository, shipped inside the package as
    ``crmlib._chapters`` so that any install (editable or not) finds them.

    Returns
    -------
    list of Path
        The chapters in order, then ``glossary.ipynb``.

    Examples
    --------
    >>> [p.name for p in chapter_notebooks()][:2]
    ['01-strategy.ipynb', '02-segmentation.ipynb']
    """
    return sorted(Path(str(importlib.resources.files("crmlib._chapters"))).glob("*.ipynb"))


def student_notebook(nb: Any) -> Any:
    """A copy of *nb* with every ``solution`` cell replaced by its stub; outputs cleared.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The instructor's notebook; it is not changed.

    Returns
    -------
    nbformat.NotebookNode
        The student's notebook, not yet executed (every code cell without outputs or count).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("answer = 4", metadata={"tags": ["solution"]})])
    >>> student_notebook(nb).cells[0].source, nb.cells[0].source
    ('answer = None  # your answer here', 'answer = 4')
    """
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

    A notebook with no solution cell (the glossary) is its own student edition: copied, with
    the instructor edition's outputs, not run again. Each other student notebook runs in a
    fresh kernel through the same helper as the reports (:mod:`crmlib.course._execution`:
    every wait bounded, the kernel's own messages kept out of the terminal). In another
    language *lang* the editions go to ``OUT/LANG/`` and the instructor edition is the
    translated notebook, executed (:func:`translated_edition`), or its committed
    edition when that is current (:func:`current_edition`).

    Parameters
    ----------
    out_dir : str or Path
        The output folder (created if missing).
    execute : bool, default True
        Run the student notebooks (else their code cells stay without outputs).
    lang : str, default "en"
        The language of the editions.

    Returns
    -------
    dict of str to list of Path
        The notebooks written, under ``"instructor"`` and ``"student"``.

    Raises
    ------
    crmlib.course.reports.ReportError
        A student notebook failed or timed out (naming the notebook and the cell), or its
        kernel did not start.
    crmlib.course.translations.TranslationError
        A translation is missing or stale (every such cell named, before anything runs).

    Examples
    --------
    What ``crm-course editions --out editions`` runs (a few minutes: every chapter runs):

    >>> written = make_editions("editions")  # doctest: +SKIP
    >>> written["student"][0]  # doctest: +SKIP
    PosixPath('editions/student/01-strategy.ipynb')
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
        elif execute and (committed := current_edition(source, lang)) is not None:
            shutil.copyfile(committed, target)  # executed already, as committed
        else:
            translated_edition(source, lang, target, execute=execute)
        written["instructor"].append(target)
        instructor = nbformat.read(target, as_version=4)
        target = out / "student" / source.name
        if not any(is_solution(cell) for cell in instructor.cells):
            # nothing to take out (the glossary): the same cells, so the same outputs
            shutil.copyfile(out / "instructor" / source.name, target)
            written["student"].append(target)
            continue
        nb = student_notebook(instructor)
        if execute:
            _execute(nb, out / "student", source.name)
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

    Examples
    --------
    >>> translated_edition(Path("notebooks/02-segmentation.ipynb"), "zh",
    ...                    Path("editions/zh/02-segmentation.ipynb"))  # doctest: +SKIP
    PosixPath('editions/zh/02-segmentation.ipynb')
    """
    import nbformat

    nb = translations.translated_notebook(source, lang, strict=strict)
    if execute:
        _execute(nb, target.parent, source.name, edition=f"{lang} edition")
    reports.write_atomic(target, nbformat.writes(nb))
    return target


def committed_edition(source: str | Path, lang: str) -> Path:
    """Where the committed *lang* edition of the English notebook *source* lives.

    A folder named after the language beside the source: ``notebooks/zh/01-strategy.ipynb``
    for ``notebooks/01-strategy.ipynb``. Same name, so links between notebooks still hold.

    Parameters
    ----------
    source : str or Path
        The English notebook.
    lang : str
        Language code, e.g. ``"zh"``.

    Returns
    -------
    Path

    Raises
    ------
    ValueError
        *lang* is English (the English notebook is its own edition).

    Examples
    --------
    >>> committed_edition("notebooks/01-strategy.ipynb", "zh").as_posix()
    'notebooks/zh/01-strategy.ipynb'
    """
    if lang == "en":
        raise ValueError("lang='en': the English notebook is the source, not an edition of it")
    source = Path(source)
    return source.parent / lang / source.name


def current_edition(source: str | Path, lang: str, *, strict: bool = True) -> Path | None:
    """The committed *lang* edition of *source* if it is its current translation, else None.

    Current: executed, and its cells (ids, types, sources, metadata) and notebook metadata are
    those :func:`crmlib.course.translations.translated_notebook` gives now; only what running it
    gives (outputs, execution counts, the widgets' saved state) is not compared here. The test suite
    checks those under strict nbval. Such an edition stands in for running the translation again
    (:func:`make_editions`, :func:`make_slides`), as the committed English notebook is the
    English instructor edition.

    Parameters
    ----------
    source : str or Path
        The English notebook.
    lang : str
        Language code, e.g. ``"zh"``.
    strict : bool, default True
        Refuse a missing or stale translation (see :func:`translated_edition`).

    Returns
    -------
    Path or None
        :func:`committed_edition`'s path, or None when there is no current one.

    Raises
    ------
    crmlib.course.translations.TranslationError
        With *strict*, a translation is missing or stale.

    Examples
    --------
    >>> current_edition("notebooks/01-strategy.ipynb", "zh")  # doctest: +SKIP
    PosixPath('notebooks/zh/01-strategy.ipynb')
    """
    edition = committed_edition(source, lang)
    return None if edition_differences(source, lang, strict=strict) else edition


def edition_differences(source: str | Path, lang: str, *, strict: bool = True) -> list[str]:
    """Why the committed *lang* edition of *source* is not its current translation, if it is not.

    The comparison of :func:`current_edition`: the edition must exist, be executed, and have
    the cells (ids, types, sources, metadata) and notebook metadata that
    :func:`crmlib.course.translations.translated_notebook` gives now; what running it gives
    (outputs, execution counts, the widgets' saved state) is not compared.

    Parameters
    ----------
    source : str or Path
        The English notebook.
    lang : str
        Language code, e.g. ``"zh"``.
    strict : bool, default True
        Refuse a missing or stale translation (see :func:`translated_edition`).

    Returns
    -------
    list of str
        One line per difference, naming the cell; empty when the edition is current.

    Raises
    ------
    crmlib.course.translations.TranslationError
        With *strict*, a translation is missing or stale.

    Examples
    --------
    >>> edition_differences("notebooks/01-strategy.ipynb", "zh")  # doctest: +SKIP
    []
    """
    import json

    import nbformat

    edition = committed_edition(source, lang)
    if not edition.is_file():
        return [f"{edition} is missing"]
    have = json.loads(edition.read_text(encoding="utf-8"))
    want = json.loads(
        nbformat.writes(translations.translated_notebook(source, lang, strict=strict))
    )
    if any(c.get("execution_count") is None for c in have["cells"] if c["cell_type"] == "code"):
        return [f"{edition} is not executed"]
    have, want = _without_run(have), _without_run(want)
    if [c.get("id") for c in have["cells"]] != [c.get("id") for c in want["cells"]]:
        return [f"{edition}: its cells are not those of {source}"]
    differences = [
        f"{edition}, cell {mine.get('id')}: not the current translation (its source or "
        "catalog changed)"
        for mine, current in zip(have["cells"], want["cells"], strict=True)
        if mine != current
    ]
    if have["metadata"] != want["metadata"]:
        differences.append(f"{edition}: its notebook metadata differs")
    return differences


def _without_run(nb: dict) -> dict:
    """A notebook's JSON without what running it gives (outputs, counts, widget state)."""
    ran = ("outputs", "execution_count")
    return {
        "cells": [{k: v for k, v in c.items() if k not in ran} for c in nb["cells"]],
        "metadata": {k: v for k, v in nb["metadata"].items() if k != "widgets"},
    }


def refresh_translations(sources: list[Path], lang: str = "zh") -> list[Path]:
    """Rewrite the committed *lang* edition of each English notebook in *sources*, executed.

    Each is :func:`translated_edition` of its source, run natively in a fresh kernel with
    :func:`committed_edition`'s folder as the working folder. A cell whose translation is missing
    or stale keeps its English (or its last Chinese) text, so a refresh never waits for a
    translator; ``tests/test_translations.py`` reports such cells.

    Parameters
    ----------
    sources : list of Path
        English notebooks (``notebooks/*.ipynb``, ``casestudies/*.ipynb``).
    lang : str, default "zh"
        Language code.

    Returns
    -------
    list of Path
        The editions written, in the order of *sources*.

    Raises
    ------
    crmlib.course.reports.ReportError
        A cell failed or timed out (named), or the kernel did not start; the editions written
        before it are kept, that one is left as it was.

    Examples
    --------
    >>> refresh_translations([Path("notebooks/01-strategy.ipynb")])  # doctest: +SKIP
    [PosixPath('notebooks/zh/01-strategy.ipynb')]
    """
    written = []
    for source in sources:
        target = committed_edition(source, lang)
        target.parent.mkdir(exist_ok=True)
        written.append(translated_edition(Path(source), lang, target, strict=False))
    return written


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

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = copy_mathjax(Path(tmp) / "mathjax")
    ...     (folder / "MathJax.js").is_file(), (folder / "config/local/crm.js").is_file()
    (True, True)
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

    Examples
    --------
    >>> slide_assets("slides")  # doctest: +SKIP
    PosixPath('slides/assets')
    """
    vendor = Path(str(importlib.resources.files("crmlib._vendor")))
    assets = Path(out_dir) / ASSETS
    for name in ("reveal.js", "requirejs", "jquery"):
        shutil.copytree(vendor / name, assets / name, dirs_exist_ok=True)
    copy_mathjax(assets / "mathjax")
    return assets


def _execute(nb: Any, cwd: Path, name: str, *, edition: str = "student edition") -> None:
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
        Another language (``"zh"``): the deck is ``OUT/NAME.LANG.slides.html``, made from the
        committed edition when it is current (:func:`current_edition`), else from the chapter
        translated and executed first (a few seconds to a minute).

    Returns
    -------
    Path
        The deck.

    Raises
    ------
    ValueError
        If *chapter* matches no notebook or more than one, or its translation is incomplete.

    Examples
    --------
    What ``crm-course slides 02`` runs:

    >>> make_slides("02", "slides")  # doctest: +SKIP
    PosixPath('slides/02-segmentation.slides.html')
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
        committed = current_edition(matches[0], lang)
        with tempfile.TemporaryDirectory(dir=out, prefix=".slides-") as scratch:
            executed = committed or translated_edition(
                matches[0], lang, Path(scratch) / matches[0].name
            )
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        target = out / f"{matches[0].stem}.{lang}.slides.html"
    body = _webfont.embed_cjk_font(body)  # Chinese renders without a system CJK font
    reports.write_atomic(target, body)
    return target
