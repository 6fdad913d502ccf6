"""Translations of the course notebooks: one source (English), more languages beside it.

The English notebooks are the only source. The text of each markdown cell in another language
lives in a **catalog** beside them, one YAML file per notebook::

    translations/LANG/notebooks/STEM.yml     for notebooks/STEM.ipynb
    translations/LANG/casestudies/STEM.yml   for casestudies/STEM.ipynb

Its top-level keys are the markdown cells' ids, in notebook order; each maps to ``en``, the
fingerprint of the English source it translates (:func:`fingerprint`), and ``zh`` (the
language's code), the translated markdown. Code cells are shared and never translated.

A catalog is **complete** for a notebook when every markdown cell has an entry with a
translation, every fingerprint matches the current English (a changed English cell makes its
entry *stale*), and no entry names a cell that no longer exists. :func:`translate_notebook`
then makes the translated notebook: markdown replaced, code shared, a first code cell (tagged
``language``) that switches :mod:`crmlib` to the language, and ``metadata.language`` set.

**Writing a catalog.** Start from ``crm-course translate stub NOTEBOOK``; write each cell's
translation under its ``zh: |-`` as a YAML block (indented four spaces). Numbers, formulas
(LaTeX), code identifiers, URLs, anchors (glossary links keep their targets) and table values
stay exactly as in the English; the prose is natural textbook Chinese with the sources' and the
glossary's terms (``crmlib/course/glossary.py``). Keep each Chinese paragraph on **one line**: a
line break inside a paragraph is shown as a space, which Chinese text does not have. A cell tagged
``solution`` (an interpretation exercise's model answer) is translated like any other.

``crm-course translate status NOTEBOOK`` reports what is missing or stale, and ``crm-course
translate stub NOTEBOOK`` adds entries (fingerprint, empty text) for new cells; it never
re-fingerprints a stale entry, which needs its text checked first.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.resources
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

__all__ = [
    "LANGUAGES",
    "CatalogCheck",
    "Entry",
    "TranslationError",
    "catalog_path",
    "check_catalog",
    "check_notebooks",
    "fingerprint",
    "missing_catalog",
    "read_catalog",
    "render_catalog",
    "stub_catalog",
    "translate_notebook",
    "translated_notebook",
]

#: Languages with catalogs (the English source needs none).
LANGUAGES = ("zh",)
#: The ``lang`` attribute of HTML pages in each language (browsers pick fonts by it).
HTML_LANG = {"en": "en", "zh": "zh-CN"}
#: Tag of the first cell of a translated notebook, the one that switches the language.
LANGUAGE_TAG = "language"
#: Id of that cell (unique: course cell ids look like ``c012``).
LANGUAGE_CELL_ID = "set-language"
#: Length of a fingerprint, in hex digits.
FINGERPRINT_DIGITS = 12

# Installed from a wheel, the notebooks live in the package folders crmlib/_cases and _chapters.
_FOLDERS = {"_cases": "casestudies", "_chapters": "notebooks"}
_HEX = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_DIGITS}}}$")
_COMMENT = {
    "zh": (
        "Chinese (简体中文) text of the markdown cells of {where}; "
        "see crmlib/course/translations.py"
    ),
}


class TranslationError(ValueError):
    """A catalog is missing, malformed, incomplete or stale; the message names the notebook,
    the cells and what to do."""


@dataclass(frozen=True)
class Entry:
    """One catalog entry: the fingerprint of the English it translates, and the translation."""

    en: str
    text: str


@dataclass
class CatalogCheck:
    """What a catalog lacks for a notebook; empty lists everywhere when it is complete.

    ``missing``: markdown cells with no entry; ``untranslated``: entries with empty text;
    ``stale``: entries whose fingerprint is not that of the cell's current English;
    ``orphaned``: entries for cells the notebook no longer has (or that are not markdown).
    """

    notebook: str
    catalog: str
    missing: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.untranslated or self.stale or self.orphaned)

    def describe(self) -> str:
        """One line per kind of problem, naming the cells and what to do; "" when complete.

        Returns
        -------
        str
            ``NOTEBOOK (CATALOG): PROBLEM; PROBLEM``, or ``""``.

        Examples
        --------
        >>> CatalogCheck("01-strategy.ipynb", "01-strategy.yml", missing=["c003"]).describe()
        '01-strategy.ipynb (01-strategy.yml): no entry for markdown cell(s) c003'
        >>> CatalogCheck("01-strategy.ipynb", "01-strategy.yml").describe()
        ''
        """
        lines = []
        if self.missing:
            lines.append(f"no entry for markdown cell(s) {', '.join(self.missing)}")
        if self.untranslated:
            lines.append(f"empty translation for cell(s) {', '.join(self.untranslated)}")
        if self.stale:
            lines.append(
                f"stale (the English changed since it was translated): {', '.join(self.stale)}; "
                "update the text, then set `en` to the fingerprint "
                "`crm-course translate status` shows"
            )
        if self.orphaned:
            lines.append(
                f"entries for cells the notebook no longer has: {', '.join(self.orphaned)}"
            )
        if not lines:
            return ""
        return f"{self.notebook} ({self.catalog}): " + "; ".join(lines)


def fingerprint(source: str) -> str:
    """The first 12 hex digits of the SHA-256 of *source* (UTF-8): what a catalog entry records.

    Parameters
    ----------
    source : str
        A cell's source text.

    Returns
    -------
    str
        12 lower-case hex digits.

    Examples
    --------
    >>> fingerprint("# Hello")
    '01c8de44e04d'
    """
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:FINGERPRINT_DIGITS]


def _root() -> Path:
    """The folder of the catalogs (``translations/`` of the repository, shipped as a package)."""
    return Path(str(importlib.resources.files("crmlib._translations")))


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise TranslationError(
            f"no translations for language {lang!r}; the languages are: en (the source), "
            + ", ".join(LANGUAGES)
        )


def catalog_path(notebook: str | Path, lang: str, *, root: str | Path | None = None) -> Path:
    """The catalog of *notebook* in *lang*: ``ROOT/LANG/FOLDER/STEM.yml``.

    ``FOLDER`` is the notebook's folder name (``notebooks`` or ``casestudies``); *root* is
    ``translations/`` of the repository unless given.

    Parameters
    ----------
    notebook : str or Path
        The English notebook (it need not exist).
    lang : str
        Language code, e.g. ``"zh"``.
    root : str or Path, optional
        Folder of the catalogs.

    Returns
    -------
    Path
        Where the catalog is, or belongs.

    Raises
    ------
    TranslationError
        *lang* has no translations (:data:`LANGUAGES`).

    Examples
    --------
    >>> catalog_path("notebooks/02-segmentation.ipynb", "zh", root="translations").as_posix()
    'translations/zh/notebooks/02-segmentation.yml'
    >>> catalog_path("crmlib/_cases/value-pyramid.ipynb", "zh", root="translations").as_posix()
    'translations/zh/casestudies/value-pyramid.yml'
    """
    _check_language(lang)
    path = Path(notebook)
    base = Path(root) if root is not None else _root()
    folder = _FOLDERS.get(path.parent.name, path.parent.name)
    return base / lang / folder / f"{path.stem}.yml"


def _loader() -> type[yaml.BaseLoader]:
    import yaml

    class StrictLoader(yaml.BaseLoader):
        """Every scalar a string (a fingerprint of 12 digits stays text); duplicate keys are
        an error instead of the last one silently winning."""

    def mapping(loader: Any, node: Any, deep: bool = False) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise TranslationError(f"line {line}: key {key!r} appears twice")
            seen[key] = loader.construct_object(value_node, deep=deep)
        return seen

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return StrictLoader


def read_catalog(path: str | Path, lang: str) -> dict[str, Entry]:
    """Read and check the form of the catalog at *path*: cell id -> :class:`Entry`.

    Parameters
    ----------
    path : str or Path
        The YAML file.
    lang : str
        The language code, the key of each entry's translated text (``zh``).

    Returns
    -------
    dict of str to Entry
        In file order.

    Raises
    ------
    TranslationError
        The file is missing, not YAML, or an entry is not ``{en: FINGERPRINT, LANG: TEXT}``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "x.yml"
    ...     text = render_catalog([("c000", "0123456789ab", "# 标题")], "zh", where="x", notes={})
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     read_catalog(path, "zh")
    {'c000': Entry(en='0123456789ab', text='# 标题')}
    """
    import yaml

    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TranslationError(
            f"{source} does not exist; make it with `crm-course translate stub NOTEBOOK`"
        ) from None
    try:
        data = yaml.load(text, Loader=_loader())
    except (yaml.YAMLError, TranslationError) as err:
        raise TranslationError(f"{source} is not a valid catalog: {err}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TranslationError(f"{source}: expected cell ids as top-level keys")
    entries = {}
    problems = []
    for cell_id, value in data.items():
        if not isinstance(value, dict) or set(value) != {"en", lang}:
            keys = sorted(value) if isinstance(value, dict) else type(value).__name__
            problems.append(f"{cell_id}: needs exactly the keys en and {lang}, has {keys}")
        elif not _HEX.match(value["en"]):
            problems.append(
                f"{cell_id}: en must be {FINGERPRINT_DIGITS} lower-case hex digits, "
                f"not {value['en']!r}"
            )
        else:
            entries[cell_id] = Entry(value["en"], value[lang].rstrip("\n"))
    if problems:
        raise TranslationError(f"{source}: " + "; ".join(problems))
    return entries


def _markdown_cells(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "markdown"]


def check_catalog(
    nb: Any, catalog: dict[str, Entry], *, notebook: str = "notebook", where: str = "catalog"
) -> CatalogCheck:
    """Compare *catalog* with the markdown cells of *nb*; see :class:`CatalogCheck`.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The English notebook.
    catalog : dict of str to Entry
        As :func:`read_catalog` returns it.
    notebook, where : str
        Names of the notebook and of the catalog for messages.

    Returns
    -------
    CatalogCheck
        The cells missing, untranslated, stale or orphaned.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    >>> nb.cells[0]["id"] = "c000"
    >>> check_catalog(nb, {"c000": Entry(fingerprint("# Hello"), "# 你好")}).complete
    True
    >>> check_catalog(nb, {"c000": Entry(fingerprint("# Hi"), "# 你好")}).stale
    ['c000']
    """
    check = CatalogCheck(notebook, where)
    markdown = _markdown_cells(nb)
    ids = {cell.get("id") for cell in markdown}
    for cell in markdown:
        entry = catalog.get(cell.get("id"))
        if entry is None:
            check.missing.append(str(cell.get("id")))
        elif entry.en != fingerprint(cell.source):
            check.stale.append(cell.id)
        elif not entry.text.strip():
            check.untranslated.append(cell.id)
    check.orphaned = [cell_id for cell_id in catalog if cell_id not in ids]
    return check


def _read_notebook(path: Path) -> Any:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    missing = [str(i + 1) for i, cell in enumerate(nb.cells) if not cell.get("id")]
    if missing:
        raise TranslationError(
            f"{path.name}: cell(s) {', '.join(missing)} have no id; save the notebook with "
            "nbformat 4.5 or newer (JupyterLab does) so every cell gets one"
        )
    return nb


def _heading(markdown: str) -> str | None:
    found = re.search(r"^#\s+(.+?)\s*$", markdown, flags=re.MULTILINE)
    return found.group(1) if found else None


def translate_notebook(
    nb: Any, catalog: dict[str, Entry], lang: str, *, strict: bool = True, notebook: str = ""
) -> Any:
    """A copy of the English notebook *nb* in *lang*: markdown from *catalog*, code shared.

    The copy starts with a code cell (tagged ``language``, its source folded, skipped in
    slides) that calls ``crmlib.i18n.set_language(lang)``, so the shared code shows the library's
    category names and plot labels in *lang*; ``metadata.language`` is *lang*, and
    ``metadata.title`` the first heading of the translation when the notebook has a title.
    Outputs are kept as they are (English): execute the copy to get them in *lang*.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The English notebook (not changed).
    catalog : dict of str to Entry
        Its catalog (:func:`read_catalog`).
    lang : str
        Language code, e.g. ``"zh"``.
    strict : bool, default True
        Refuse an incomplete or stale catalog. With False a cell with no usable translation
        keeps its English text (for tests that check outputs only; completeness is tested
        apart).
    notebook : str
        The notebook's name, for messages.

    Returns
    -------
    nbformat.NotebookNode
        The translated copy, the language cell first.

    Raises
    ------
    TranslationError
        With *strict*, the catalog lacks or has stale entries (each cell named).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    >>> nb.cells[0]["id"] = "c000"
    >>> zh = translate_notebook(nb, {"c000": Entry(fingerprint("# Hello"), "# 你好")}, "zh")
    >>> [cell.source for cell in zh.cells]
    ['from crmlib.i18n import set_language\\n\\nset_language("zh")', '# 你好']
    """
    import nbformat

    _check_language(lang)
    if strict:
        check = check_catalog(nb, catalog, notebook=notebook or "notebook")
        if not check.complete:
            raise TranslationError(
                check.describe() + "; see `crm-course translate status NOTEBOOK`"
            )
    translated = copy.deepcopy(nb)
    for cell in _markdown_cells(translated):
        entry = catalog.get(cell.get("id"))
        if entry is not None and entry.text.strip():
            cell.source = entry.text
    switch = nbformat.v4.new_code_cell(
        f'from crmlib.i18n import set_language\n\nset_language("{lang}")'
    )
    switch["id"] = LANGUAGE_CELL_ID
    switch.metadata.update(
        {"tags": [LANGUAGE_TAG], "jupyter": {"source_hidden": True}, "slideshow": {}}
    )
    switch.metadata["slideshow"]["slide_type"] = "skip"
    translated.cells.insert(0, switch)
    translated.metadata["language"] = lang
    if "title" in translated.metadata:
        first = next(iter(_markdown_cells(translated)), None)
        title = _heading(first.source) if first is not None else None
        if title:
            translated.metadata["title"] = title
    return translated


def translated_notebook(path: str | Path, lang: str, *, strict: bool = True) -> Any:
    r"""Read the English notebook at *path* and its catalog; return the notebook in *lang*.

    See :func:`translate_notebook`. With *strict* False a missing catalog counts as empty.

    Parameters
    ----------
    path : str or Path
        The English notebook.
    lang : str
        Language code, e.g. ``"zh"``.
    strict : bool, default True
        Refuse a missing, incomplete or stale catalog.

    Returns
    -------
    nbformat.NotebookNode
        The translated notebook, not executed (its outputs are the English ones).

    Raises
    ------
    TranslationError
        The catalog is missing, malformed, incomplete or stale (with *strict*).

    Examples
    --------
    >>> from crmlib.course.editions import chapter_notebooks
    >>> nb = translated_notebook(chapter_notebooks()[0], "zh")
    >>> nb.metadata.language, nb.cells[0].source
    ('zh', 'from crmlib.i18n import set_language\n\nset_language("zh")')
    """
    source = Path(path)
    nb = _read_notebook(source)
    where = catalog_path(source, lang)
    catalog = {} if not strict and not where.exists() else read_catalog(where, lang)
    return translate_notebook(nb, catalog, lang, strict=strict, notebook=source.name)


def missing_catalog(notebook: Path, where: Path) -> str:
    """The message for a notebook with no catalog: where it belongs and the command to make it.

    Parameters
    ----------
    notebook : Path
        The English notebook.
    where : Path
        Where its catalog belongs (:func:`catalog_path`).

    Returns
    -------
    str
        One sentence for the user.

    Examples
    --------
    >>> notebook = Path("notebooks/06-new.ipynb")
    >>> print(missing_catalog(notebook, Path("translations/zh/notebooks/06-new.yml")))
    06-new.ipynb: no catalog translations/zh/notebooks/06-new.yml; make it with `crm-course
    translate stub notebooks/06-new.ipynb` and write the translations
    """
    shown = f"{notebook.parent.name}/{notebook.name}"
    return (
        f"{notebook.name}: no catalog {where}; make it with `crm-course translate stub {shown}` "
        "and write the translations"
    )


def check_notebooks(paths: list[Path], lang: str) -> list[CatalogCheck]:
    """Check the catalogs of all *paths* at once; raise one error listing every problem.

    Parameters
    ----------
    paths : list of Path
        English notebooks.
    lang : str
        Language code, e.g. ``"zh"``.

    Returns
    -------
    list of CatalogCheck
        One per notebook, all complete.

    Raises
    ------
    TranslationError
        Listing each notebook whose catalog is missing, malformed, incomplete or stale.

    Examples
    --------
    >>> from crmlib.course.editions import chapter_notebooks
    >>> all(check.complete for check in check_notebooks(chapter_notebooks(), "zh"))
    True
    """
    checks, problems = [], []
    for path in paths:
        where = catalog_path(path, lang)
        if not where.exists():
            problems.append(missing_catalog(path, where))
            continue
        try:
            catalog = read_catalog(where, lang)
        except TranslationError as err:
            problems.append(f"{path.name}: {err}")
            continue
        check = check_catalog(_read_notebook(path), catalog, notebook=path.name, where=str(where))
        checks.append(check)
        if not check.complete:
            problems.append(check.describe())
    if problems:
        raise TranslationError(
            f"the {lang} translation is not complete; nothing was made:\n  "
            + "\n  ".join(problems)
            + "\n(`crm-course translate status NOTEBOOK` shows the fingerprints; "
            "`crm-course translate stub NOTEBOOK` adds entries for new cells)"
        )
    return checks


def _block(text: str) -> str:
    """*text* as the body of a YAML literal block scalar, indented by four spaces."""
    lines = text.split("\n")
    return "\n".join(f"    {line}" if line else "" for line in lines)


def render_catalog(
    entries: list[tuple[str, str, str]], lang: str, *, where: str, notes: dict[str, str]
) -> str:
    """The YAML text of a catalog: a first comment naming the notebook, then one entry a cell.

    Parameters
    ----------
    entries : list of (cell id, fingerprint, text)
        In notebook order.
    lang : str
        The key of the text.
    where : str
        The notebook's path, for the comment.
    notes : dict of str to str
        A comment to put above the entry of some cells (a stale one, say).

    Returns
    -------
    str

    Examples
    --------
    >>> print(render_catalog([("c000", "0123456789ab", "# 标题")], "zh", where="x.ipynb",
    ...                      notes={}), end="")
    # Chinese (简体中文) text of the markdown cells of x.ipynb; see crmlib/course/translations.py
    c000:
      en: "0123456789ab"
      zh: |-
        # 标题
    """
    lines = ["# " + _COMMENT.get(lang, "{where}").format(where=where)]
    for cell_id, en, text in entries:
        if cell_id in notes:
            lines.append(f"# {notes[cell_id]}")
        lines.append(f"{cell_id}:")
        lines.append(f'  en: "{en}"')
        if text.strip():
            # |- keeps the text exactly, with no final newline; a first line that starts with
            # a space needs the indentation stated (2: four spaces under a key at two)
            indicator = "2" if text[:1] == " " else ""
            lines.append(f"  {lang}: |{indicator}-")
            lines.append(_block(text.rstrip("\n")))
        else:
            lines.append(f'  {lang}: ""')
    return "\n".join(lines) + "\n"


def stub_catalog(
    path: str | Path, lang: str, *, root: str | Path | None = None
) -> tuple[Path, CatalogCheck]:
    """Create or update the catalog of the notebook at *path*: an entry for every new cell.

    New markdown cells get an entry with their fingerprint and an empty text; existing entries
    keep their fingerprint and text, in notebook order. A stale entry is **not**
    re-fingerprinted: it is kept as it is, with a comment above it giving the new fingerprint
    to set once the text is checked. Entries for cells that no longer exist are kept at the end
    under a comment (delete them when their text is no longer wanted).

    Parameters
    ----------
    path : str or Path
        The English notebook.
    lang : str
        Language code.
    root : str or Path, optional
        Folder of the catalogs (default ``translations/`` of the repository).

    Returns
    -------
    (Path, CatalogCheck)
        The catalog written and the state it is in now.

    Examples
    --------
    What ``crm-course translate stub NOTEBOOK`` runs; here into a scratch folder, where every
    entry is new and so untranslated:

    >>> import tempfile
    >>> from crmlib.course.editions import chapter_notebooks
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     where, check = stub_catalog(chapter_notebooks()[0], "zh", root=tmp)
    ...     where.relative_to(tmp).as_posix(), check.complete, bool(check.untranslated)
    ('zh/notebooks/01-strategy.yml', False, True)
    """
    source = Path(path)
    nb = _read_notebook(source)
    where = catalog_path(source, lang, root=root)
    old = read_catalog(where, lang) if where.exists() else {}
    entries, notes = [], {}
    for cell in _markdown_cells(nb):
        now = fingerprint(cell.source)
        entry = old.get(cell.id)
        if entry is None:
            entries.append((cell.id, now, ""))
            continue
        if entry.en != now:
            notes[cell.id] = f"STALE: the English changed; check the text, then set en: {now}"
        entries.append((cell.id, entry.en, entry.text))
    ids = {cell.id for cell in _markdown_cells(nb)}
    for cell_id, entry in old.items():
        if cell_id not in ids:
            notes[cell_id] = "ORPHANED: the notebook has no markdown cell of this id any more"
            entries.append((cell_id, entry.en, entry.text))
    where.parent.mkdir(parents=True, exist_ok=True)
    shown = f"{source.parent.name}/{source.name}"
    text = render_catalog(entries, lang, where=shown, notes=notes)
    from crmlib.course._outputs import write_atomic

    write_atomic(where, text)
    catalog = read_catalog(where, lang)
    return where, check_catalog(nb, catalog, notebook=source.name, where=str(where))
