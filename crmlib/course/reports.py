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
from typing import Any

from crmlib.course import _execution, _outputs, _webfont
from crmlib.course._outputs import ReportError, write_atomic

__all__ = [
    "Report",
    "ReportError",
    "ReportJob",
    "allowed_values",
    "case_notebook",
    "case_parameters",
    "check_values",
    "coerce",
    "date_span",
    "declared_checks",
    "execute_report",
    "html_exporter",
    "list_cases",
    "localized_markdown",
    "path_parameters",
    "people_table",
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

#: The kernel every report runs in.
KERNEL_NAME = _execution.KERNEL_NAME

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
    "import crmlib as _crmlib\n_crmlib.set_language('en')\ndel _crmlib\n"
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
        """What the report's files record about it (``run`` tells one run from another)."""
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
    """Names of the bundled case studies (``casestudies/NAME.ipynb`` with a parameters cell)."""
    return sorted(p.stem for p in _cases_folder().glob("*.ipynb") if _is_case(p))


def case_notebook(case: str) -> Path:
    """Path of the notebook of *case*, or a ValueError naming the cases there are."""
    if case not in list_cases():
        raise ValueError(f"unknown case {case!r}; the cases are: {', '.join(list_cases())}")
    return _cases_folder() / f"{case}.ipynb"


@functools.lru_cache(maxsize=16)
def _inspect(path: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    import papermill

    return dict(papermill.inspect_notebook(path))


def case_parameters(case: str) -> dict[str, dict[str, Any]]:
    """The parameters of *case*: name -> {"inferred_type_name", "default", "help"}."""
    path = case_notebook(case)
    return dict(_inspect(str(path), path.stat().st_mtime_ns))


def path_parameters(case: str) -> set[str]:
    """Parameters of *case* that name a file: ``str`` ones whose comment mentions a file.

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

    >>> coerce("top_n", "5", "int"), coerce("as_of", dt.date(2024, 12, 31), "str")
    (5, '2024-12-31')
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
    """8 hex digits of the SHA-256 of *case* and *parameters* (typed) in canonical JSON."""
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

    Raises
    ------
    ValueError
        Unknown case or parameter, a value of the wrong type or one the data do not have (the
        case's declared checks, :func:`check_values`); an unknown language or an
        incomplete translation of the case (a
        :class:`~crmlib.course.translations.TranslationError`).
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
    if len(records) == 2 and records[".html"].get("run") == records[".ipynb"].get("run"):
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
    markup; escaped, they show as text. Returns an ``IPython.display.Markdown`` object.

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
    en, zh : the template in English and in Chinese (``str.format`` fields, escaped values).
    **values : the fields' values.

    Returns
    -------
    IPython.display.Markdown

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


def _cell(value: Any) -> str:
    """*value* as text for one cell of a markdown table (escaped, a ``|`` kept as text)."""
    return html.escape(str(value)).replace("|", "&#124;").replace("\n", " ")


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

    >>> yes_no(True), yes_no(False)
    ('yes', 'no')
    """
    from crmlib.i18n import pick

    return pick("yes", "是") if flag else pick("no", "否")


def date_span(first: Any, last: Any) -> tuple[str, str]:
    """The period from *first* to *last* (dates or ``YYYY-MM-DD`` text), in English and Chinese.

    >>> date_span("2025-07-01", dt.date(2025, 7, 31))
    ('2025-07-01 to 2025-07-31', '2025-07-01 至 2025-07-31')
    """
    import pandas as pd

    a, b = (f"{pd.Timestamp(day):%Y-%m-%d}" for day in (first, last))
    return f"{a} to {b}", f"{a} 至 {b}"


def report_header(
    subject: tuple[str, str, Any],
    period: tuple[str, str, str],
    parameters: Mapping[str, Any],
) -> Any:
    """The header of a case report: who it is about, the data it covers, the parameters run.

    A table of three rows that follows the report's title; every value is escaped, so a
    company name with markup or a ``|`` shows as text. An empty text parameter shows as
    "(default)" (the case's own data or date) and a file by its name.

    Parameters
    ----------
    subject : (English label, Chinese label, value), e.g. ``("Company", "公司", name)``.
    period : the data period in English and in Chinese, and a note on its source (or "").
    parameters : the case's parameters as run, name -> value.

    Returns
    -------
    IPython.display.Markdown

    Examples
    --------
    >>> head = report_header(("Dealer", "经销商", "TJ01"), ("2025-07", "2025年7月", ""),
    ...                      {"dealer": "TJ01", "as_of": "", "days": 1500})
    >>> print(head.data)
    | | |
    |:--|:--|
    | **Dealer** | TJ01 |
    | **Data covered** | 2025-07 |
    | **Parameters** | dealer = TJ01 · as_of = (default) · days = 1,500 |
    """
    from IPython.display import Markdown

    from crmlib.i18n import pick

    shown = " · ".join(
        f"{_cell(name)} = {_cell(_shown_parameter(value))}" for name, value in parameters.items()
    )
    en, zh, note = period
    covered = _cell(pick(en, zh)) + (f" ({_cell(note)})" if note else "")
    rows = [
        "| | |",
        "|:--|:--|",
        f"| **{_cell(pick(subject[0], subject[1]))}** | {_cell(subject[2])} |",
        f"| **{pick('Data covered', '数据范围')}** | {covered} |",
        f"| **{pick('Parameters', '参数')}** | {shown or pick('none', '无')} |",
    ]
    return Markdown("\n".join(rows))


#: Titles of the columns the case reports show, in English and in Chinese.
COLUMN_TITLES: dict[str, tuple[str, str]] = {
    "at_risk": ("At risk", "有流失风险"),
    "conversion_rate": ("Conversion rate", "转化率"),
    "cost": ("Cost", "成本"),
    "cost_per_lead": ("Cost per lead", "每条线索成本"),
    "cost_per_sale": ("Cost per sale", "每笔销售成本"),
    "customer_id": ("Customer", "客户"),
    "customers": ("Customers", "客户数"),
    "department": ("Department", "部门"),
    "frequency": ("Orders", "订单数"),
    "hot_leads": ("Hot leads", "热切线索数"),
    "leads": ("Leads", "线索数"),
    "name": ("Name", "名称"),
    "profit": ("Profit", "利润"),
    "recency": ("Days since last order", "距上次购买天数"),
    "revenue": ("Revenue", "收入"),
    "sales": ("Sales", "销量"),
    "share_of_customers": ("Share of customers", "客户占比"),
    "share_of_profit": ("Share of profit", "利润占比"),
    "share_of_revenue": ("Share of revenue", "收入占比"),
    "strategy": ("Strategy", "策略"),
    "tier": ("RFM tier", "RFM 层级"),
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


def _money(value: float) -> str:
    return f"-¥{-value:,.2f}" if value < 0 else f"¥{value:,.2f}"


def people_table(
    frame: Any,
    /,
    *,
    percent: Any = (),
    money: Any = (),
    counts: Any = (),
    titles: Mapping[str, str] | None = None,
) -> Any:
    """*frame* formatted for people: percentages, yuan, whole counts, yes/no, readable titles.

    Each listed column becomes text: *percent* as ``38.8%``, *money* as ``¥817,253.43`` (yuan,
    to the fen), *counts* as ``3,000``; every boolean column as yes/no (是/否 in Chinese), a
    missing value as ``–``. Column and index titles come from *titles* (already in the
    reader's language), else :data:`COLUMN_TITLES` (English or Chinese, as the reader reads),
    else the name with its underscores as spaces. The frame itself is not changed.

    Parameters
    ----------
    frame : pandas.DataFrame
    percent, money, counts : names of columns (shares 0–1, amounts in yuan, numbers of things).
    titles : column (or index) name -> title shown.

    Returns
    -------
    pandas.DataFrame
        The same rows, the listed columns as text, the columns renamed.

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

    listed = [*percent, *money, *counts]
    missing = [name for name in listed if name not in frame.columns]
    if missing:
        raise ValueError(
            f"people_table: no column(s) {missing}; the columns are {list(frame.columns)}"
        )
    formats = (
        dict.fromkeys(percent, "{:.1%}".format)
        | dict.fromkeys(money, _money)
        | dict.fromkeys(counts, lambda v: f"{round(v):,}")
    )
    shown = frame.copy()
    for name in shown.columns:
        if name in formats:
            shown[name] = [("–" if pd.isna(v) else formats[name](v)) for v in shown[name]]
        elif pd.api.types.is_bool_dtype(shown[name]):
            shown[name] = shown[name].map(yes_no)
    names = dict(titles or {})
    shown.index = shown.index.set_names([names.get(n) or _title(n) for n in shown.index.names])
    return shown.rename(columns=lambda n: names.get(n) or _title(n))


def html_exporter(*, show_code: bool = False):
    """The nbconvert exporter every report uses: lab template, prompts hidden, code optional."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def to_html(notebook: Path, *, show_code: bool = False) -> str:
    """Render an executed notebook as a standalone HTML page (code hidden unless *show_code*)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = html_exporter(show_code=show_code).from_notebook_node(nb)
    return _webfont.embed_cjk_font(body)


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
    """Run *job* in *kernel* (reset first) and render it with *exporter*; never raises for a
    failure of the notebook or the kernel, which the :class:`Outcome` describes instead."""
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
    body = _webfont.embed_cjk_font(body)  # Chinese renders without a system CJK font
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

    Raises
    ------
    ValueError
        Unknown case or parameter, a value of the wrong type, or an output folder inside the
        case folder.
    ReportError
        The output folder is not writable or full, its file holds another report, the kernel
        did not start, or the notebook failed or timed out (the executed copy with the error is
        kept under ``failed/``); with *pdf*, no Chromium is installed or it could not print.
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
