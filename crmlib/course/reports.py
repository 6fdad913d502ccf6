"""Case reports: run a parametrised case notebook and write it as a notebook and an HTML page.

**Names.** A report's file name says which parameters made it and is unique to them:
``value-pyramid__company=北京华联超市__top_n=5__1c9a3f0e`` is the case, each parameter as
``name=value`` (letters of every script, digits and ``._+-`` kept, anything else shown as ``_``,
a path by its last part, each value cut at 40 characters) and, last, 8 hex digits of the SHA-256
of the case and the full typed parameter set in canonical JSON. Different parameter sets never
share a file, however alike their readable parts. A report with no parameters is just ``CASE``.

**Records.** The case, the parameters, their hash and a run id are recorded in the notebook's
metadata (``metadata.crm_course``, beside papermill's ``metadata.papermill.parameters``) and in a
``<meta name="crm-course-report">`` tag of the HTML. A report is *complete* when both files are
there and record the same run. A file of a report's name that records other parameters (or
none: a foreign file, or a report of an older version) is never replaced unless asked
(``force``): the run stops with an error saying so, since a silent replacement would lose it.

**Writing.** The executed notebook and the HTML are written in full to a staging folder inside
the output folder, then renamed into place, notebook first and HTML last, so a failed or killed
run never leaves a half-written report where a good one stood (see :mod:`crmlib.course._outputs`). A
run that fails keeps its executed notebook (with the error in it) under ``failed/``.

**Languages.** A report in another language (``lang="zh"``) runs the case notebook translated
(:mod:`crmlib.course.translations`: its markdown from the catalog, the code the same, the library
switched to the language) and is named ``NAME.LANG`` (``value-pyramid.zh.html``), so it never
meets the English report of the same parameters; its records say the language.

**Paths.** A parameter whose comment in the case's ``parameters`` cell mentions a CSV or xlsx
file, a file or a path (``dataset``, ``judgments``) is a path: a relative value is taken from
the current folder and passed to the notebook as an absolute path.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import importlib.resources
import json
import os
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmlib.course import _execution, _outputs, _webfont
from crmlib.course._outputs import ReportError, write_atomic

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

__all__ = [
    "CONTENTS_MARK",
    "Report",
    "ReportError",
    "ReportJob",
    "add_contents",
    "allowed_values",
    "case_notebook",
    "case_parameters",
    "check_values",
    "coerce",
    "count",
    "date_span",
    "declared_checks",
    "execute_report",
    "executive_summary",
    "finding",
    "html_exporter",
    "list_cases",
    "localized_markdown",
    "money",
    "path_parameters",
    "people_table",
    "percent",
    "prepare_report",
    "report_header",
    "report_name",
    "report_state",
    "run_report",
    "safe_markdown",
    "to_html",
    "write_atomic",
    "yes_no",
]

_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}

#: Longest readable part of a report name, in UTF-8 bytes (file names may have 255).
NAME_BYTES = 120
#: Longest shown value of one parameter, in characters.
VALUE_CHARS = 40

_META = "crm-course-report"
_CASE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PATH_HELP = re.compile(r"\b(csv|xlsx|file|path)\b", re.IGNORECASE)

# Run before every report: a clean namespace, pandas options and the library's language
# (English; a translated case switches it in its first cell), in a fresh or reused kernel.
_RESET = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import pandas as _pd\n_pd.reset_option('all')\ndel _pd\n"
    "from crmlib import i18n as _i18n\n_i18n.set_language('en')\ndel _i18n\n"
    # Figures use constrained layout, so the inline backend's tight bounding box (a second
    # full draw of every figure) is not needed.
    "get_ipython().run_line_magic('config', \"InlineBackend.print_figure_kwargs = "
    "{'bbox_inches': None}\")"
)


@dataclass(frozen=True)
class Report:
    """Where a finished report was written."""

    notebook: Path
    html: Path
    pdf: Path | None = None  # with ``pdf=True``: the page printed by Chromium


@dataclass(frozen=True)
class ReportJob:
    """One report to make: its case, typed parameters, file name and parameter hash."""

    case: str
    parameters: dict[str, Any]
    name: str
    key: str
    lang: str = "en"

    def record(self, run: str) -> dict[str, Any]:
        """What the report's files record about it (``run`` tells one run from another).

        Parameters
        ----------
        run : str
            The id of this run (12 hex digits), the same in the notebook and the HTML page.

        Returns
        -------
        dict
            ``case``, ``parameters``, ``key`` and ``run``, and ``lang`` for another language
            than English.

        Examples
        --------
        >>> job = ReportJob("value-pyramid", {"top_n": 5}, "value-pyramid__top_n=5__ef4b3891",
        ...                 "ef4b3891")
        >>> job.record("r1")
        {'case': 'value-pyramid', 'parameters': {'top_n': 5}, 'key': 'ef4b3891', 'run': 'r1'}
        """
        record = {"case": self.case, "parameters": self.parameters, "key": self.key, "run": run}
        return record if self.lang == "en" else {**record, "lang": self.lang}


@dataclass(frozen=True)
class Outcome:
    """A report run: the executed notebook, the HTML (when it succeeded) or the failure."""

    notebook: str
    html: str
    cause: str = ""
    where: str = ""  # "cell 3 (its first line)" when a cell failed
    kernel_lost: bool = False

    @property
    def ok(self) -> bool:
        return not self.cause


# ---------------------------------------------------------------------------------- cases ---


def _cases_folder() -> Path:
    return Path(str(importlib.resources.files("crmlib._cases")))


def _is_case(path: Path) -> bool:
    """A case notebook, not a report or a copy someone put beside the cases."""
    if not _CASE_NAME.match(path.stem):
        return False
    try:
        return _has_parameters_cell(str(path), path.stat().st_mtime_ns)
    except OSError:
        return False


@functools.lru_cache(maxsize=64)
def _has_parameters_cell(path: str, mtime_ns: int) -> bool:
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if "crm_course" in nb.get("metadata", {}) or "papermill" in nb.get("metadata", {}):
        return False  # an executed report
    return any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.get("cells", []))


def list_cases() -> list[str]:
    """Names of the bundled case studies (``casestudies/NAME.ipynb`` with a parameters cell).

    Returns
    -------
    list of str
        Sorted; a notebook without a ``parameters`` cell, or an executed report, is not a case.

    Examples
    --------
    >>> list_cases()
    ['dealer-call-list', 'dealer-satisfaction-ahp', 'svw-lead-management', 'value-pyramid']
    """
    return sorted(p.stem for p in _cases_folder().glob("*.ipynb") if _is_case(p))


def case_notebook(case: str) -> Path:
    """Path of the notebook of *case*, or a ValueError naming the cases there are.

    Parameters
    ----------
    case : str
        A case study's name (:func:`list_cases`).

    Returns
    -------
    Path
        The case's notebook inside the installed package.

    Raises
    ------
    ValueError
        *case* is not a case; the message lists them.

    Examples
    --------
    >>> case_notebook("value-pyramid").name
    'value-pyramid.ipynb'
    """
    if case not in list_cases():
        raise ValueError(f"unknown case {case!r}; the cases are: {', '.join(list_cases())}")
    return _cases_folder() / f"{case}.ipynb"


@functools.lru_cache(maxsize=16)
def _inspect(path: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    import papermill

    return dict(papermill.inspect_notebook(path))


def case_parameters(case: str) -> dict[str, dict[str, Any]]:
    """The parameters of *case*: name -> {"inferred_type_name", "default", "help"}.

    Read by papermill from the case's ``parameters`` cell (its type hints, defaults and
    comments).

    Parameters
    ----------
    case : str
        A case study's name (:func:`list_cases`).

    Returns
    -------
    dict of str to dict
        Per parameter, in the cell's order: its ``name``, ``inferred_type_name`` (``"int"``,
        ``"str"``, ...), ``default`` (as source text) and ``help`` (its comment).

    Raises
    ------
    ValueError
        *case* is not a case.

    Examples
    --------
    >>> spec = case_parameters("value-pyramid")["top_n"]
    >>> spec["inferred_type_name"], spec["default"], spec["help"]
    ('int', '15', 'how many top customers to list')
    """
    path = case_notebook(case)
    return dict(_inspect(str(path), path.stat().st_mtime_ns))


def path_parameters(case: str) -> set[str]:
    """Parameters of *case* that name a file: ``str`` ones whose comment mentions a file.

    Parameters
    ----------
    case : str
        A case study's name (:func:`list_cases`).

    Returns
    -------
    set of str
        Their names; :func:`prepare_report` makes their values absolute paths.

    Examples
    --------
    >>> sorted(path_parameters("value-pyramid"))
    ['dataset']
    """
    return {
        name
        for name, spec in case_parameters(case).items()
        if spec["inferred_type_name"] == "str" and _PATH_HELP.search(spec.get("help") or "")
    }


@functools.lru_cache(maxsize=16)
def _declared_checks(path: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    checks = cell["metadata"].get("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ValueError(
            f"{path}: the parameters cell's metadata 'checks' must map a parameter to "
            '{"loader": ..., "column": ...}'
        )
    return checks


def declared_checks(case: str) -> dict[str, dict[str, Any]]:
    """The value checks *case* declares beside its parameters (the parameters cell's metadata).

    Each entry maps a parameter to where its allowed values are: ``loader`` (a ``load_*``
    function of :mod:`crmlib.datasets`), ``table`` (for a loader returning several tables),
    ``column``, and ``also`` (values allowed besides the data's, such as ``"all"``).

    Parameters
    ----------
    case : str
        A case name (:func:`list_cases`).

    Returns
    -------
    dict of str to dict
        The declared checks by parameter (empty if the case declares none).

    Examples
    --------
    >>> declared_checks("dealer-call-list")
    {'dealer': {'column': 'dealer', 'loader': 'load_dealer_records'}}
    """
    path = case_notebook(case)
    return _declared_checks(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _values_of(loader: str, table: str | None, column: str) -> frozenset[str]:
    from crmlib import datasets

    if not loader.startswith("load_") or not callable(getattr(datasets, loader, None)):
        raise ValueError(f"a case check names {loader!r}, which is not a crmlib.datasets loader")
    data = getattr(datasets, loader)()
    if table is not None:
        data = data[table]
    return frozenset(data[column].astype(str))


def allowed_values(case: str) -> dict[str, set[str]]:
    """The values each checked parameter of *case* may take (see :func:`declared_checks`).

    Parameters
    ----------
    case : str
        A case name (:func:`list_cases`).

    Returns
    -------
    dict of str to set of str
        The allowed values of each checked parameter, as text.

    Examples
    --------
    >>> sorted(allowed_values("svw-lead-management")["region"])
    ['East', 'North', 'South', 'West', 'all']
    """
    return {
        name: set(_values_of(spec["loader"], spec.get("table"), spec["column"]))
        | {str(v) for v in spec.get("also", [])}
        for name, spec in declared_checks(case).items()
    }


def check_values(case: str, parameters: Mapping[str, Any]) -> None:
    """Raise a ValueError if a checked parameter of *case* has a value the data do not have.

    Parameters
    ----------
    case : str
        A case name (:func:`list_cases`).
    parameters : mapping
        The report's parameters; those the case does not check are ignored.

    Raises
    ------
    ValueError
        A value the data do not have, naming the values they do have.

    Examples
    --------
    >>> check_values("dealer-call-list", {"dealer": "XX"})
    Traceback (most recent call last):
    ...
    ValueError: dealer 'XX' does not exist; the data have: DL01, TJ01, TJ02
    """
    for key, options in allowed_values(case).items():
        if key in parameters and str(parameters[key]) not in options:
            raise ValueError(
                f"{key} {parameters[key]!r} does not exist; the data have: "
                f"{', '.join(sorted(options))}"
            )


# ------------------------------------------------------------------------------ parameters ---


def coerce(name: str, value: Any, type_name: str) -> Any:
    """Turn a command-line, CSV or YAML value into the parameter's declared type.

    Strings are parsed (``"5"`` for an int); YAML dates become ``YYYY-MM-DD`` text for a
    ``str`` parameter; an empty value (YAML ``null``) and a value of another type are errors.

    Parameters
    ----------
    name : str
        The parameter, named in error messages.
    value : Any
        The value as given.
    type_name : str
        The declared type: ``"int"``, ``"float"``, ``"bool"`` or ``"str"``; any other name
        takes the value as it is.

    Returns
    -------
    Any
        The value in the declared type.

    Raises
    ------
    ValueError
        The value is empty, or cannot be read as the declared type.

    Examples
    --------
    >>> coerce("top_n", "5", "int"), coerce("as_of", dt.date(2024, 12, 31), "str")
    (5, '2024-12-31')
    >>> coerce("top_n", "five", "int")
    Traceback (most recent call last):
    ValueError: parameter 'top_n' must be int, got 'five' (invalid literal for int() ...)
    """
    if value is None:
        raise ValueError(f"parameter {name!r} is empty (null); give a value or leave it out")
    if isinstance(value, str):
        try:
            if type_name == "int":
                return int(value)
            if type_name == "float":
                return float(value)
            if type_name == "bool":
                if value.lower() in _TRUE | _FALSE:
                    return value.lower() in _TRUE
                raise ValueError("expected true or false")
        except ValueError as err:
            raise ValueError(
                f"parameter {name!r} must be {type_name}, got {value!r} ({err})"
            ) from None
        return value
    if type_name == "str" and isinstance(value, dt.date):
        return value.isoformat()
    if type_name == "str" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    expected = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}.get(type_name)
    if expected is None:
        return value  # an untyped parameter takes what it is given
    if (isinstance(value, bool) and type_name != "bool") or not isinstance(value, expected):
        raise ValueError(
            f"parameter {name!r} must be {type_name}, got {value!r} ({type(value).__name__})"
        )
    return float(value) if type_name == "float" else value


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def parameters_key(case: str, parameters: Mapping[str, Any]) -> str:
    """8 hex digits of the SHA-256 of *case* and *parameters* (typed) in canonical JSON.

    Parameters
    ----------
    case : str
        The case's name.
    parameters : mapping of str to Any
        The typed parameters; their order does not matter.

    Returns
    -------
    str
        The key that ends a report's file name and tells reports of different parameters
        apart.

    Examples
    --------
    >>> parameters_key("value-pyramid", {"top_n": 5})
    'ef4b3891'
    >>> parameters_key("value-pyramid", {"top_n": "5"})  # text "5" is another value than 5
    'f503b4d0'
    """
    text = _canonical({"case": case, "parameters": dict(parameters)})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _shown(value: Any) -> str:
    """A parameter value as it appears in a file name."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if "/" in text or "\\" in text:  # a path: its last part says most
        text = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or text
    return re.sub(r"[^\w.+-]", "_", text)[:VALUE_CHARS]


def report_name(case: str, parameters: Mapping[str, Any]) -> str:
    """File name (without suffix) of the report of *case* with *parameters*; see the module doc.

    Parameters
    ----------
    case : str
        The case's name.
    parameters : mapping of str to Any
        The typed parameters given (not the defaults).

    Returns
    -------
    str
        *case* alone without parameters; else *case*, each ``name=value`` (shortened, unsafe
        characters replaced) and :func:`parameters_key`, joined by ``__``.

    Examples
    --------
    >>> report_name("value-pyramid", {"top_n": 5, "company": "A&B"})
    'value-pyramid__company=A_B__top_n=5__8e3d4766'
    >>> report_name("value-pyramid", {})
    'value-pyramid'
    """
    if not parameters:
        return case
    parts = [case, *(f"{_shown(k)}={_shown(parameters[k])}" for k in sorted(parameters))]
    readable = "__".join(parts).encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore")
    return f"{readable}__{parameters_key(case, parameters)}"


def _absolute(value: str, cwd: Path) -> str:
    if not value:
        return value  # empty: the notebook's own default data
    return os.path.abspath(cwd / Path(value).expanduser())


def prepare_report(
    case: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    cwd: str | Path | None = None,
    lang: str = "en",
    checked: bool = False,
) -> ReportJob:
    """Check *parameters* against *case*, convert them to type, and name the report.

    Path parameters (:func:`path_parameters`) are made absolute from *cwd* (default: the
    current folder), so the notebook finds the file wherever it runs. A report in another
    language *lang* is named ``NAME.LANG``; its translation is checked unless *checked* says
    the caller did it already (a batch checks it once for all its rows).

    Parameters
    ----------
    case : str
        A case study's name (:func:`list_cases`).
    parameters : mapping of str to Any, optional
        Values by parameter name, as given (text is converted); the rest keep their
        defaults.
    cwd : str or Path, optional
        The folder relative file paths start from.
    lang : str, default "en"
        The report's language.
    checked : bool, default False
        The caller has already checked the translation of the case.

    Returns
    -------
    ReportJob
        The case, the typed parameters, the report's file name and its key.

    Raises
    ------
    ValueError
        Unknown case or parameter, a value of the wrong type or one the data do not have (the
        case's declared checks, :func:`check_values`); an unknown language or an
        incomplete translation of the case (a
        :class:`~crmlib.course.translations.TranslationError`).

    Examples
    --------
    >>> prepare_report("value-pyramid", {"top_n": "5"}).name
    'value-pyramid__top_n=5__ef4b3891'
    """
    declared = case_parameters(case)
    given = dict(parameters or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ValueError(
            f"case {case!r} has no parameter(s) {unknown}; its parameters are: "
            f"{', '.join(declared) or 'none'}"
        )
    values = {k: coerce(k, v, declared[k]["inferred_type_name"]) for k, v in given.items()}
    base = Path(cwd) if cwd is not None else Path.cwd()
    for key in path_parameters(case) & set(values):
        values[key] = _absolute(values[key], base)
    check_values(case, values)
    name = report_name(case, values)
    if lang != "en":
        from crmlib.course import translations

        if not checked:
            translations.check_notebooks([case_notebook(case)], lang)  # before anything runs
        name = f"{name}.{lang}"
    return ReportJob(case, values, name, parameters_key(case, values), lang)


# --------------------------------------------------------------------------------- records ---


def _html_record(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return None
    found = re.search(rf'<meta name="{_META}" content="([^"]*)"', head)
    if not found:
        return None
    try:
        return json.loads(html.unescape(found.group(1)))
    except ValueError:
        return None


def _notebook_record(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["crm_course"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stamp(body: str, record: Mapping[str, Any]) -> str:
    """The HTML page with *record* in a ``<meta>`` tag right after ``<head>``."""
    tag = f'<meta name="{_META}" content="{html.escape(_canonical(record))}">'
    head = body.find("<head>")
    if head < 0:
        return tag + body
    return body[: head + 6] + "\n" + tag + body[head + 6 :]


def report_state(out: Path, job: ReportJob) -> str:
    """``"absent"``, ``"complete"``, ``"unfinished"`` or ``"other"`` for *job*'s files in *out*.

    ``"other"``: a file of that name exists and records other parameters, or none at all.
    ``"unfinished"``: the files record *job*'s parameters but not one finished run (a run was
    killed between the two renames, or one file is missing); making it again is safe.

    Parameters
    ----------
    out : Path
        The output folder.
    job : ReportJob
        The report to look for.

    Returns
    -------
    str
        One of the four states.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report_state(Path(tmp), prepare_report("value-pyramid"))
    'absent'
    """
    paths = out / f"{job.name}.html", out / f"{job.name}.ipynb"
    present = [p for p in paths if p.exists()]
    if not present:
        return "absent"
    records = {
        p.suffix: (_html_record(p) if p.suffix == ".html" else _notebook_record(p)) for p in present
    }
    mine = _canonical({"case": job.case, "parameters": job.parameters, "lang": job.lang})
    for record in records.values():
        if record is None:
            return "other"
        theirs = {k: record.get(k) for k in ("case", "parameters")}
        if _canonical({**theirs, "lang": record.get("lang", "en")}) != mine:
            return "other"
    page, notebook = records.get(".html"), records.get(".ipynb")
    if page is not None and notebook is not None and page.get("run") == notebook.get("run"):
        return "complete"
    return "unfinished"


def _other_message(out: Path, job: ReportJob) -> str:
    return (
        f"{out / job.name}.html or .ipynb exists but holds a report of other parameters, or "
        "of an older crm-course; move it away, or pass --force to replace it"
    )


# ------------------------------------------------------------------------------ execution ---


class _EscapingFormatter(string.Formatter):
    """str.format that HTML-escapes each formatted field (format specs still apply)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return html.escape(super().format_field(value, format_spec))


def safe_markdown(template: str, /, **values: Any) -> Any:
    """Markdown for a report, with every value HTML-escaped before it is put into *template*.

    Report parameters and data (a company or customer name) may hold ``<script>`` or other
    markup; escaped, they show as text.

    Parameters
    ----------
    template : str
        Markdown with ``str.format`` fields.
    **values : Any
        The fields' values; each is formatted, then HTML-escaped.

    Returns
    -------
    IPython.display.Markdown
        The filled-in text, displayed as Markdown.

    Examples
    --------
    >>> safe_markdown("## {name}", name="<b>Co</b>").data
    '## &lt;b&gt;Co&lt;/b&gt;'
    """
    from IPython.display import Markdown

    return Markdown(_EscapingFormatter().format(template, **values))


def localized_markdown(en: str, zh: str, /, **values: Any) -> Any:
    """:func:`safe_markdown` of the template in the reader's language (:func:`crmlib.i18n.pick`).

    A case report writes each computed sentence twice, in English and in Chinese, with the
    same placeholders; the values (numbers, names) are the same in both, only the words change.

    Parameters
    ----------
    en, zh : str
        The template in English and in Chinese (``str.format`` fields, escaped values).
    **values : Any
        The fields' values.

    Returns
    -------
    IPython.display.Markdown
        The filled-in template of the reader's language.

    Examples
    --------
    >>> from crmlib import i18n
    >>> localized_markdown("{n:,} customers", "{n:,} 位客户", n=3000).data
    '3,000 customers'
    >>> i18n.set_language("zh"); localized_markdown("{n} customers", "{n} 位客户", n=3).data
    '3 位客户'
    >>> i18n.set_language("en")
    """
    from crmlib.i18n import pick

    return safe_markdown(pick(en, zh), **values)


def _shown_parameter(value: Any) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str) and not value:
        from crmlib.i18n import pick

        return pick("(default)", "（默认）")
    if isinstance(value, str) and ("/" in value or "\\" in value):
        return value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]  # a file by its name
    return f"{value:,}" if isinstance(value, int) else str(value)


def yes_no(flag: bool) -> str:
    """A boolean as a word of the reader's language: yes/no, 是/否.

    Parameters
    ----------
    flag : bool
        The value shown.

    Returns
    -------
    str
        ``"yes"`` or ``"no"``; ``"是"`` or ``"否"`` in Chinese.

    Examples
    --------
    >>> yes_no(True), yes_no(False)
    ('yes', 'no')
    """
    from crmlib.i18n import pick

    return pick("yes", "是") if flag else pick("no", "否")


def date_span(first: Any, last: Any) -> tuple[str, str]:
    """The period from *first* to *last* (dates or ``YYYY-MM-DD`` text), in English and Chinese.

    Parameters
    ----------
    first, last : date, Timestamp or str
        The first and the last day.

    Returns
    -------
    tuple of (str, str)
        ``"FIRST to LAST"`` and ``"FIRST 至 LAST"``, days as ``YYYY-MM-DD``.

    Examples
    --------
    >>> date_span("2025-07-01", dt.date(2025, 7, 31))
    ('2025-07-01 to 2025-07-31', '2025-07-01 至 2025-07-31')
    """
    import pandas as pd

    a, b = (f"{pd.Timestamp(day):%Y-%m-%d}" for day in (first, last))
    return f"{a} to {b}", f"{a} 至 {b}"


# Labels and values of the header read from the left (notebook output tables align right)
_LEFT = "text-align:left"


def report_header(
    subject: tuple[str, str, Any],
    period: tuple[str, str, str],
    parameters: Mapping[str, Any],
) -> Any:
    """The header of a case report: who it is about, the data it covers, the parameters run.

    A table of three rows, each a label and its value, that follows the report's title (no
    heading row, labels and dates never broken across lines); every value is escaped, so a
    company name with markup shows as text. An empty text parameter shows as "(default)" (the
    case's own data or date) and a file by its name.

    Parameters
    ----------
    subject : (English label, Chinese label, value), e.g. ``("Company", "公司", name)``.
    period : the data period in English and in Chinese, and a note on its source (or "").
    parameters : the case's parameters as run, name -> value.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> head = report_header(("Dealer", "经销商", "TJ01"), ("2025-07", "2025年7月", ""),
    ...                      {"dealer": "TJ01", "as_of": "", "days": 1500})
    >>> import re
    >>> re.findall(r"<th [^>]*>([^<]*)</th>", head.data), "<thead" in head.data
    (['Dealer', 'Data covered', 'Parameters'], False)
    >>> re.findall(r'nowrap">([^<]*)</span>', head.data)
    ['2025-07', 'dealer = TJ01', 'as_of = (default)', 'days = 1,500']
    """
    from IPython.display import HTML

    from crmlib.i18n import pick

    def row(label: str, value: str) -> str:
        return (
            f'<tr><th scope="row" style="{_LEFT};white-space:nowrap">{label}</th>'
            f'<td style="{_LEFT}">{value}</td></tr>'
        )

    def keep(text: str) -> str:  # a value that must not break across lines
        return f'<span style="white-space:nowrap">{html.escape(text)}</span>'

    shown = " · ".join(
        keep(f"{name} = {_shown_parameter(value)}")
        if len(str(value)) < 24
        else html.escape(f"{name} = {_shown_parameter(value)}")
        for name, value in parameters.items()
    )
    en, zh, note = period
    covered = keep(pick(en, zh)) + (f" ({html.escape(note)})" if note else "")
    rows = [
        '<table class="crm-report-header" style="margin-left:0">',
        row(html.escape(pick(subject[0], subject[1])), html.escape(str(subject[2]))),
        row(pick("Data covered", "数据范围"), covered),
        row(pick("Parameters", "参数"), shown or pick("none", "无")),
        "</table>",
    ]
    return HTML("\n".join(rows))


def percent(share: float) -> str:
    """A share (0–1) as a percentage to one decimal, as the report tables show it.

    Parameters
    ----------
    share : float
        A fraction, e.g. 0.388 for 38.8 %.

    Returns
    -------
    str
        The percentage with one decimal and a ``%`` sign.

    Examples
    --------
    >>> percent(0.38804)
    '38.8%'
    """
    return f"{share:.1%}"


def money(value: float, *, fen: bool = True) -> str:
    """An amount in yuan with ``¥`` and thousands separators, to the fen or to the yuan.

    Parameters
    ----------
    value : float
        The amount in yuan; negative amounts get a leading minus sign.
    fen : bool, default True
        Show two decimals (fen); ``False`` rounds to whole yuan.

    Returns
    -------
    str
        The amount as a report shows it.

    Examples
    --------
    >>> money(817253.434), money(-817253.434, fen=False)
    ('¥817,253.43', '-¥817,253')
    """
    digits = 2 if fen else 0
    return f"-¥{-value:,.{digits}f}" if value < 0 else f"¥{value:,.{digits}f}"


def count(value: float) -> str:
    """A number of things as a whole number with thousands separators.

    Parameters
    ----------
    value : float
        A count (a float such as 1234.0 is rounded to the nearest whole number).

    Returns
    -------
    str
        The count with thousands separators.

    Examples
    --------
    >>> count(1234.0)
    '1,234'
    """
    return f"{round(value):,}"


# people_table's keyword arguments share these functions' names
_as_percent, _as_money = percent, money


def finding(en: str, zh: str, /, **values: Any) -> str:
    """One sentence of an executive summary in the reader's language, values escaped.

    *en* and *zh* are ``str.format`` templates with the same fields; format the numbers for
    people first (:func:`percent`, :func:`money`, :func:`count`), so that the sentence shows
    them exactly as the report's tables do.

    Parameters
    ----------
    en, zh : str
        The sentence in English and in Chinese, as ``str.format`` templates.
    **values
        The fields' values, already formatted; they are HTML-escaped here.

    Returns
    -------
    str
        The sentence in the reader's language (:func:`crmlib.i18n.pick`).

    Examples
    --------
    >>> finding("{n} customers bring {s} of profit.", "{n} 位客户带来 {s} 的利润。",
    ...         n=count(150), s=percent(0.5283))
    '150 customers bring 52.8% of profit.'
    """
    from crmlib.i18n import pick

    return _EscapingFormatter().format(pick(en, zh), **values)


#: Where :func:`add_contents` puts a report's table of contents (the end of the summary).
CONTENTS_MARK = "<!-- crm-contents -->"


def executive_summary(findings: Any, /, *, note: str = "") -> Any:
    """The executive summary of a case report: 3–5 findings, each one sentence, as a list.

    It follows the report's header; the report's table of contents (:func:`add_contents`) is
    put right after it. Each finding comes from :func:`finding` (already escaped);
    *note* (escaped here) says what the findings rest on, e.g. that the data are synthetic.

    Parameters
    ----------
    findings : sequence of str
        3 to 5 sentences computed from the data and parameters.
    note : str
        A closing remark in italics, or "".

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    ValueError
        Fewer than 3 or more than 5 findings.

    Examples
    --------
    >>> print(executive_summary(["One.", "Two.", "Three."]).data)  # doctest: +ELLIPSIS
    <h2 id="executive-summary">Executive summary</h2>
    <ul class="crm-summary">
    <li>One.</li>
    <li>Two.</li>
    <li>Three.</li>
    </ul>
    <!-- crm-contents -->
    """
    from IPython.display import HTML

    from crmlib.i18n import pick

    findings = list(findings)
    if not 3 <= len(findings) <= 5:
        raise ValueError(
            f"an executive summary has 3 to 5 findings, got {len(findings)}; "
            "keep the ones a manager would act on"
        )
    lines = [
        f'<h2 id="executive-summary">{pick("Executive summary", "摘要")}</h2>',
        '<ul class="crm-summary">',
        *(f"<li>{sentence}</li>" for sentence in findings),
        "</ul>",
    ]
    if note:
        lines.append(f"<p><em>{html.escape(note)}</em></p>")
    return HTML("\n".join([*lines, CONTENTS_MARK]))


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.DOTALL)


def add_contents(page: str, lang: str = "en", *, least: int = 4) -> str:
    """*page* (a report's HTML) with a linked table of contents at :data:`CONTENTS_MARK`.

    The contents list every second-level heading after the mark, each a link to the heading's
    own id (the ids nbconvert gave the headings, so the links work in the HTML and in the PDF
    Chromium prints of it). A page without the mark, or with fewer than *least* sections after
    it, is returned as it is.

    Parameters
    ----------
    page : str
        The report's HTML.
    lang : str, default "en"
        Language of the contents' title ("en" or "zh").
    least : int, default 4
        Fewest sections that make a contents list worth showing.

    Returns
    -------
    str
        The page with the contents inserted (or unchanged).

    Examples
    --------
    >>> page = CONTENTS_MARK + ''.join(f'<h2 id="s{i}">S{i}<a href="#s{i}">¶</a></h2>'
    ...                                for i in range(4))
    >>> import re
    >>> re.findall(r'href="(#[^"]*)">', add_contents(page).split("<h2")[0])
    ['#s0', '#s1', '#s2', '#s3']
    """
    mark = page.find(CONTENTS_MARK)
    if mark < 0:
        return page
    rest = page[mark + len(CONTENTS_MARK) :]
    sections = [
        (ident, html.unescape(re.sub(r"<a\b.*?</a>|<[^>]+>", "", text)).strip())
        for ident, text in _H2.findall(rest)
    ]
    if len(sections) < least:
        return page
    title = "目录" if lang == "zh" else "Contents"
    items = "".join(
        f'<li><a href="#{ident}">{html.escape(text)}</a></li>' for ident, text in sections
    )
    nav = (
        f'<nav class="crm-contents" aria-label="{title}"><p><strong>{title}</strong></p>\n'
        f"<ol>{items}</ol></nav>"
    )
    return page[:mark] + nav + rest


#: Titles of the columns the case reports show, in English and in Chinese.
COLUMN_TITLES: dict[str, tuple[str, str]] = {
    "action": ("Action", "改进行动"),
    "area": ("Area of the map", "改进图区域"),
    "at_risk": ("At risk", "有流失风险"),
    "call_day": ("Call day", "致电日期"),
    "campaign_id": ("Campaign", "活动"),
    "cars_owned": ("Cars owned", "拥有车辆数"),
    "CI": ("CI", "CI"),
    "col": ("Column", "列"),
    "complaints": ("Complaints", "投诉次数"),
    "consistent": ("Consistent", "一致"),
    "conversion_rate": ("Conversion rate", "转化率"),
    "cost": ("Cost", "成本"),
    "cost_per_lead": ("Cost per lead", "每条线索成本"),
    "cost_per_sale": ("Cost per sale", "每笔销售成本"),
    "CR": ("CR", "CR"),
    "CR_if_revised": ("CR if revised", "修改后的 CR"),
    "criterion": ("Criterion", "准则"),
    "criterion_weight": ("Criterion weight", "准则权重"),
    "customer_id": ("Customer", "客户"),
    "customers": ("Customers", "客户数"),
    "dealer_id": ("Dealer", "经销商"),
    "department": ("Department", "部门"),
    "departments": ("Departments", "部门"),
    "earliest_due": ("Earliest due", "最早到期日"),
    "expert": ("Expert", "专家"),
    "frequency": ("Orders", "订单数"),
    "global_weight": ("Global weight", "全局权重"),
    "hot_leads": ("Hot leads", "热切线索数"),
    "implied": ("Implied by the others", "其他判断隐含的值"),
    "importance": ("Importance (1–5)", "重要性（1–5）"),
    "indicator": ("Indicator", "指标"),
    "judgment": ("Judgment", "判断"),
    "lambda_max": ("λmax", "λmax"),
    "last_service_date": ("Last service", "上次保养日期"),
    "lead_type": ("Lead type", "线索类型"),
    "leads": ("Leads", "线索数"),
    "local_weight": ("Local weight", "局部权重"),
    "matrix": ("Matrix", "矩阵"),
    "median_hours": ("Median hours to first call", "首次联系时间中位数（小时）"),
    "mobile": ("Mobile", "手机"),
    "model": ("Model", "车型"),
    "n": ("Size", "阶数"),
    "name": ("Name", "名称"),
    "path": ("Referral path", "推荐路径"),
    "people": ("People", "人数"),
    "performance": ("Satisfaction (1–5)", "满意度（1–5）"),
    "potential_gain": ("Potential gain", "可提升分数"),
    "priority": ("Priority", "优先级"),
    "profit": ("Profit", "利润"),
    "purchase_date": ("Purchase date", "购车日期"),
    "rank": ("Rank", "排名"),
    "reasons": ("Reasons for the call", "致电理由"),
    "recency": ("Days since last order", "距上次购买天数"),
    "region": ("Region", "地区"),
    "revenue": ("Revenue", "收入"),
    "RI": ("RI", "RI"),
    "row": ("Row", "行"),
    "sales": ("Sales", "销量"),
    "score": ("Satisfaction (1–5)", "满意度（1–5）"),
    "share_of_customers": ("Share of customers", "客户占比"),
    "share_of_first": ("Share of all people", "占总人数的比例"),
    "share_of_previous": ("Share of the stage before", "占上一级的比例"),
    "share_of_profit": ("Share of profit", "利润占比"),
    "share_of_revenue": ("Share of revenue", "收入占比"),
    "strategy": ("Strategy", "策略"),
    "tier": ("RFM tier", "RFM 层级"),
    "verdict": ("Verdict", "结论"),
    "vin": ("VIN", "车架号"),
    "weight": ("Weight", "权重"),
    "weighted_score": ("Weighted score", "加权得分"),
    "within_limit": ("Called within 48 h", "48 小时内联系的比例"),
    "within_rule": ("Within the contact rule", "符合联系规则"),
    "zone": ("Profit zone", "利润区"),
}


def _title(name: Any) -> Any:
    """A column name as a reader's title: from :data:`COLUMN_TITLES` in the reader's
    language, else ``some_name`` as "Some name"."""
    from crmlib.i18n import pick

    if not isinstance(name, str):
        return name
    if name in COLUMN_TITLES:
        return pick(*COLUMN_TITLES[name])
    return name[:1].upper() + name[1:].replace("_", " ")


def people_table(
    frame: Any,
    /,
    *,
    percent: Any = (),
    money: Any = (),
    counts: Any = (),
    decimals: Mapping[str, int] | None = None,
    titles: Mapping[str, str] | None = None,
) -> Any:
    """*frame* formatted for people: percentages, yuan, whole counts, yes/no, readable titles.

    Each listed column becomes text: *percent* as ``38.8%``, *money* as ``¥817,253.43`` (yuan,
    to the fen), *counts* as ``3,000``, *decimals* (column -> digits) as a number to that many
    decimals (a score, a ratio); every boolean column as yes/no (是/否 in Chinese), a missing
    value as ``–`` (in a text column too). Column and index titles come from *titles* (already
    in the reader's language), else :data:`COLUMN_TITLES` (English or Chinese, as the reader
    reads), else the name with its underscores as spaces. The frame itself is not changed.

    Parameters
    ----------
    frame : pandas.DataFrame
    percent, money, counts : names of columns (shares 0–1, amounts in yuan, numbers of things).
    decimals : column name -> decimals shown, for other numbers (scores, ratios, hours).
    titles : column (or index) name -> title shown.

    Returns
    -------
    pandas.DataFrame
        The same rows, the listed columns as text, the columns renamed; the title of the row
        labels is the columns' name (shown in the header row's first cell).

    Raises
    ------
    ValueError
        A listed column is not in *frame*.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [3000.0], "share_of_revenue": [0.3876],
    ...                       "profit": [-817253.432], "at_risk": [True]})
    >>> people_table(table, percent=["share_of_revenue"], money=["profit"],
    ...              counts=["customers"]).iloc[0].to_dict()
    {'Customers': '3,000', 'Share of revenue': '38.8%', 'Profit': '-¥817,253.43', 'At risk': 'yes'}
    """
    import pandas as pd

    digits = dict(decimals or {})
    listed = [*percent, *money, *counts, *digits]
    missing = [name for name in listed if name not in frame.columns]
    if missing:
        raise ValueError(
            f"people_table: no column(s) {missing}; the columns are {list(frame.columns)}"
        )
    formats = (
        dict.fromkeys(percent, _as_percent)
        | dict.fromkeys(money, _as_money)
        | dict.fromkeys(counts, count)
        | {name: f"{{:,.{n}f}}".format for name, n in digits.items()}
    )
    shown = frame.copy()
    for name in shown.columns:
        if name in formats:
            shown[name] = [("–" if pd.isna(v) else formats[name](v)) for v in shown[name]]
        elif pd.api.types.is_bool_dtype(shown[name]):
            shown[name] = shown[name].map(yes_no)
        elif not pd.api.types.is_numeric_dtype(shown[name]) and shown[name].isna().any():
            shown[name] = shown[name].astype(object).where(shown[name].notna(), "–")
    names = dict(titles or {})
    shown.index = shown.index.set_names([names.get(n) or _title(n) for n in shown.index.names])
    shown = shown.rename(columns=lambda n: names.get(n) or _title(n))
    if shown.index.nlevels == 1 and shown.columns.nlevels == 1 and shown.index.name:
        # the row labels' title in the header row's first cell, as a person would set the
        # table, not on a row of its own under the column titles (pandas' default)
        shown.columns.name, shown.index.name = shown.index.name, None
    return shown


# A short cell of a data table (a date, a code, an amount, "5 Series"): one line, never broken
# at its hyphen or space, so a date column reads 2025-07-01, not 2025-07- / 01.
_SHORT_CELL = re.compile(r"<td>([^<\s][^<]{0,11})</td>")


def _finish(body: str, lang: str) -> str:
    """The exported page as the report shows it: contents, unbroken short cells, CJK font."""
    body = _SHORT_CELL.sub(r'<td style="white-space:nowrap">\1</td>', add_contents(body, lang))
    return _webfont.embed_cjk_font(body)  # Chinese renders without a system CJK font


def html_exporter(*, show_code: bool = False) -> HTMLExporter:
    """The nbconvert exporter every report uses: lab template, prompts hidden, code optional.

    Parameters
    ----------
    show_code : bool, default False
        Keep the code cells' input.

    Returns
    -------
    nbconvert.HTMLExporter
        A new exporter.

    Examples
    --------
    >>> exporter = html_exporter()
    >>> exporter.template_name, exporter.exclude_input
    ('lab', True)
    """
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def to_html(notebook: Path, *, show_code: bool = False) -> str:
    """Render an executed notebook as a standalone HTML page (code hidden unless *show_code*).

    Parameters
    ----------
    notebook : Path
        The executed notebook.
    show_code : bool, default False
        Keep the code cells' input.

    Returns
    -------
    str
        The page, with the glyphs of its Chinese text embedded (:mod:`crmlib.course._webfont`).

    Examples
    --------
    >>> page = to_html(Path("reports/value-pyramid.ipynb"))  # doctest: +SKIP
    >>> page.startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = html_exporter(show_code=show_code).from_notebook_node(nb)
    return _finish(body, nb.metadata.get("crm_course", {}).get("lang", "en"))


def _parameterized(job: ReportJob, run: str) -> Any:
    import nbformat
    from papermill.parameterize import parameterize_notebook

    if job.lang == "en":
        nb = nbformat.read(case_notebook(job.case), as_version=4)
    else:
        from crmlib.course import translations

        nb = translations.translated_notebook(case_notebook(job.case), job.lang)
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, job.parameters)  # records metadata.papermill.parameters
    nb.metadata["crm_course"] = job.record(run)
    return nb


def execute_report(
    job: ReportJob,
    kernel: _execution.Kernel,
    exporter: Any,
    *,
    cell_timeout: float = _execution.CELL_TIMEOUT,
) -> Outcome:
    """Run *job* in *kernel* (reset first) and render it with *exporter*.

    Never raises for a failure of the notebook or the kernel: the :class:`Outcome` describes it
    instead. The page records the job and a new run id in a ``<meta>`` tag, the notebook in its
    metadata.

    Parameters
    ----------
    job : ReportJob
        The report to make (:func:`prepare_report`).
    kernel : crmlib.course._execution.Kernel
        A started kernel; its namespace is reset first.
    exporter : nbconvert.HTMLExporter
        As :func:`html_exporter` makes it.
    cell_timeout : float, default CELL_TIMEOUT
        Seconds each cell may run.

    Returns
    -------
    Outcome
        The executed notebook (JSON text) and the HTML page, or the notebook as far as it ran
        and the cause, cell and whether the kernel was lost.

    Examples
    --------
    >>> with _execution.Kernel(".", label="demo") as kernel:  # doctest: +SKIP
    ...     outcome = execute_report(prepare_report("value-pyramid"), kernel, html_exporter())
    >>> outcome.ok  # doctest: +SKIP
    True
    """
    import nbformat

    run = uuid.uuid4().hex[:12]
    nb = _parameterized(job, run)
    try:
        kernel.run_quietly(_RESET)
    except _execution.KernelError as err:
        return Outcome(nbformat.writes(nb), "", f"KernelError: {err}", kernel_lost=True)
    failure = _execution.execute(nb, kernel, cell_timeout=cell_timeout)
    notebook = nbformat.writes(nb)
    if failure is not None:
        return Outcome(notebook, "", failure.cause, failure.where, failure.kernel_lost)
    from crmlib.course.translations import HTML_LANG

    exporter.language_code = HTML_LANG[job.lang]  # <html lang>: browsers choose fonts by it
    body, _ = exporter.from_notebook_node(nb)
    body = _finish(body, job.lang)
    return Outcome(notebook, _stamp(body, job.record(run)))


def run_report(
    case: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    out_dir: str | Path = "reports",
    show_code: bool = False,
    force: bool = False,
    cell_timeout: float = _execution.CELL_TIMEOUT,
    startup_timeout: float = _execution.STARTUP_TIMEOUT,
    lang: str = "en",
    pdf: bool = False,
) -> Report:
    """Execute case notebook *case* with *parameters* and write ``NAME.ipynb`` and ``NAME.html``.

    In another language *lang* (``"zh"``) the case runs translated and the files are
    ``NAME.LANG.ipynb`` and ``NAME.LANG.html``. With *pdf*, the HTML is also printed to
    ``NAME.pdf`` by headless Chromium (:mod:`crmlib.course.pdf`), which is looked for before
    anything runs.

    Parameter names are checked against the notebook's ``parameters`` cell, and string values
    (as they come from a command line) are converted to the declared type, before anything runs.
    A report of the same parameters is made again and replaced; a file of the report's name that
    holds another report is replaced only with *force*.

    Parameters
    ----------
    case : str
        A case study's name (:func:`list_cases`).
    parameters : mapping of str to Any, optional
        Values by parameter name (text is converted to the declared type).
    out_dir : str or Path, default "reports"
        The output folder (created if missing).
    show_code : bool, default False
        Keep the code in the HTML page.
    force : bool, default False
        Replace a file of the report's name that holds another report.
    cell_timeout : float, default CELL_TIMEOUT
        Seconds each cell may run.
    startup_timeout : float, default STARTUP_TIMEOUT
        Seconds the kernel may take to start.
    lang : str, default "en"
        The report's language.
    pdf : bool, default False
        Also print the page to PDF.

    Returns
    -------
    Report
        The paths of the notebook, the HTML page and, with *pdf*, the PDF.

    Raises
    ------
    ValueError
        Unknown case or parameter, a value of the wrong type, or an output folder inside the
        case folder.
    ReportError
        The output folder is not writable or full, its file holds another report, the kernel
        did not start, or the notebook failed or timed out (the executed copy with the error is
        kept under ``failed/``); with *pdf*, no Chromium is installed or it could not print.

    Examples
    --------
    What ``crm-course report value-pyramid --param top_n=5`` runs:

    >>> run_report("value-pyramid", {"top_n": 5})  # doctest: +SKIP
    Report(notebook=PosixPath('reports/value-pyramid__top_n=5__ef4b3891.ipynb'), ...)
    """
    job = prepare_report(case, parameters, lang=lang)
    if pdf:
        from crmlib.course import pdf as _pdf

        _pdf.find_chromium()  # a missing browser is said before the report runs
    out = _outputs.check_output_path(out_dir, _cases_folder())
    if not force and report_state(out, job) == "other":
        raise ReportError(_other_message(out, job))
    with _outputs.staging(out) as stage:
        try:
            with _execution.Kernel(out, label=job.name, startup_timeout=startup_timeout) as kernel:
                outcome = execute_report(
                    job, kernel, html_exporter(show_code=show_code), cell_timeout=cell_timeout
                )
        except _execution.KernelError as err:
            raise ReportError(f"case {case!r}: {err}") from None
        if not outcome.ok:
            kept, why = _outputs.keep_failed(out, stage, job.name, outcome.notebook)
            where = f"the executed notebook is kept at {kept}" if kept else why
            cell = f" in {outcome.where}" if outcome.where else ""
            raise ReportError(f"case {case!r} failed{cell}: {outcome.cause}\n{where}")
        try:
            _outputs.publish(out, stage, job.name, outcome.notebook, outcome.html)
        except OSError as err:
            raise ReportError(_outputs.describe_os_error(err, out)) from None
    report = Report(notebook=out / f"{job.name}.ipynb", html=out / f"{job.name}.html")
    if pdf:
        from crmlib.course import pdf as _pdf

        return Report(report.notebook, report.html, _pdf.print_pdf(report.html))
    return report
