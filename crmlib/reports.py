"""Case reports: run a parametrised case notebook with papermill and render it as HTML.

A report run never writes to its input notebook and never leaves a half-written report where a
good one stood: the executed notebook and the HTML are written to temporary files in the output
folder and renamed into place only when both are complete. A run that fails keeps its executed
notebook (with the error in it) under ``failed/`` in the output folder, for diagnosis.
"""

from __future__ import annotations

import html
import importlib.resources
import os
import re
import string
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Report",
    "ReportError",
    "case_notebook",
    "case_parameters",
    "coerce",
    "html_exporter",
    "list_cases",
    "report_name",
    "run_report",
    "safe_markdown",
    "to_html",
    "write_atomic",
]

_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


class ReportError(RuntimeError):
    """A report could not be produced; the message says why and where the evidence is."""


@dataclass(frozen=True)
class Report:
    """Where a finished report was written."""

    notebook: Path
    html: Path


def _cases_folder() -> Path:
    return Path(str(importlib.resources.files("crmlib._cases")))


def list_cases() -> list[str]:
    """Names of the bundled case studies (``casestudies/NAME.ipynb``)."""
    return sorted(p.stem for p in _cases_folder().glob("*.ipynb"))


def case_notebook(case: str) -> Path:
    """Path of the notebook of *case*, or a ValueError naming the cases there are."""
    path = _cases_folder() / f"{case}.ipynb"
    if not path.is_file():
        raise ValueError(f"unknown case {case!r}; the cases are: {', '.join(list_cases())}")
    return path


def case_parameters(case: str) -> dict[str, dict[str, Any]]:
    """The parameters of *case*: name -> {"inferred_type_name", "default", "help"}."""
    import papermill

    return dict(papermill.inspect_notebook(str(case_notebook(case))))


def coerce(name: str, value: Any, type_name: str) -> Any:
    """Turn a command-line or CSV string into the parameter's declared type."""
    if not isinstance(value, str):
        return value
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
        raise ValueError(f"parameter {name!r} must be {type_name}, got {value!r} ({err})") from None
    return value


def report_name(case: str, parameters: Mapping[str, Any]) -> str:
    """File name that says which parameters made a report: ``value-pyramid__as_of-2024``."""
    parts = [case]
    for key in sorted(parameters):
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", str(parameters[key])).strip("-.")[:40]
        parts.append(f"{key}-{slug or 'x'}")
    return "__".join(parts)


def _publish(tmp: Path, final: Path) -> None:
    """Give a finished temporary file the usual permissions and rename it into place."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates files readable by the owner only
    os.replace(tmp, final)


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to a temporary file beside *path*, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        _publish(Path(tmp), path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def html_exporter(*, show_code: bool = False):
    """The nbconvert exporter every report uses: lab template, prompts hidden, code optional."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


#: The kernel every report runs in.
KERNEL_NAME = "python3"

#: Kernel-manager settings of every report. ``transport_encryption="auto"``: the manager gives
#: the kernel CurveZMQ keys when its kernelspec supports them (ipykernel does), so code and
#: data never cross the local TCP sockets in plain text, and ipykernel (>= 7.4) does not print
#: its plain-TCP warning into every report run.
KERNEL_MANAGER_SETTINGS: dict[str, Any] = {"transport_encryption": "auto"}


def _kernel_manager_config():
    """:data:`KERNEL_MANAGER_SETTINGS` as traitlets config, for papermill's kernel manager."""
    from traitlets.config import Config

    return Config({"KernelManager": KERNEL_MANAGER_SETTINGS})


def start_kernel(cwd: str | Path):
    """A started report kernel, with :data:`KERNEL_MANAGER_SETTINGS`."""
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME, **KERNEL_MANAGER_SETTINGS)
    km.start_kernel(cwd=str(cwd))
    return km


def to_html(notebook: Path, *, show_code: bool = False) -> str:
    """Render an executed notebook as a standalone HTML page (code hidden unless *show_code*)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = html_exporter(show_code=show_code).from_notebook_node(nb)
    return body


def run_report(
    case: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    out_dir: str | Path = "reports",
    show_code: bool = False,
    progress: bool = False,
) -> Report:
    """Execute case notebook *case* with *parameters* and write ``NAME.ipynb`` and ``NAME.html``.

    Parameter names are checked against the notebook's ``parameters`` cell, and string values
    (as they come from a command line) are converted to the declared type, before anything runs.

    Raises
    ------
    ValueError
        Unknown case or parameter, or a value of the wrong type.
    ReportError
        The notebook failed; the executed copy with the traceback is kept under ``failed/``.
    """
    import papermill

    source = case_notebook(case)
    declared = case_parameters(case)
    parameters = dict(parameters or {})
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ValueError(
            f"case {case!r} has no parameter(s) {unknown}; its parameters are: "
            f"{', '.join(declared) or 'none'}"
        )
    values = {k: coerce(k, v, declared[k]["inferred_type_name"]) for k, v in parameters.items()}

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    name = report_name(case, values)
    final_nb, final_html = out / f"{name}.ipynb", out / f"{name}.html"
    if source.resolve() in (final_nb, final_html):
        raise ValueError("the output folder holds the case notebook itself; choose another --out")

    fd, tmp_name = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".ipynb")
    os.close(fd)
    tmp_nb = Path(tmp_name)
    try:
        papermill.execute_notebook(
            str(source),
            str(tmp_nb),
            parameters=values,
            cwd=str(out),
            progress_bar=progress,
            kernel_name=KERNEL_NAME,
            log_output=False,
            config=_kernel_manager_config(),
        )
    except papermill.PapermillExecutionError as err:
        failed = out / "failed" / f"{name}.ipynb"
        failed.parent.mkdir(exist_ok=True)
        os.replace(tmp_nb, failed)
        raise ReportError(
            f"case {case!r} failed in cell {err.exec_count}: {err.ename}: {err.evalue}\n"
            f"the executed notebook is kept at {failed}"
        ) from None
    except BaseException:
        tmp_nb.unlink(missing_ok=True)
        raise
    try:
        write_atomic(final_html, to_html(tmp_nb, show_code=show_code))
        _publish(tmp_nb, final_nb)
    finally:
        tmp_nb.unlink(missing_ok=True)
    return Report(notebook=final_nb, html=final_html)
