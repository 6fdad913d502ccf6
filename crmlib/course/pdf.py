"""A report as PDF: its HTML page printed by headless Chromium.

``crm-course report CASE --pdf`` writes ``NAME.pdf`` beside ``NAME.html``. Chromium prints the
page as a browser shows it (figures, the embedded Chinese font, coloured cells), with a fresh
profile each time and no network traffic of its own. The PDF is printed into the run's
staging folder and renamed into place only when it is a whole PDF, so a failed print never
leaves half a file (nor replaces a good one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from crmlib._process import usual_permissions
from crmlib.course import _outputs
from crmlib.course._outputs import ReportError

__all__ = ["BROWSERS", "FLAGS", "HEADLESS", "find_chromium", "print_pdf"]

#: Executables tried, in order, on the PATH.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds a print may take before it counts as hung.
TIMEOUT = 180.0

#: A headless Chromium that makes no network traffic of its own (also the browser tests' base).
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FLAGS = [
    *HEADLESS,
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=20000",  # let images and the web font load before printing
]

_MISSING = (
    "cannot write a PDF: no Chromium browser was found (looked for {names} on the PATH); "
    "install it (Debian/Ubuntu: sudo apt-get install chromium) or leave out --pdf"
)


def find_chromium() -> str:
    """Path of the Chromium (or Chrome) that prints PDFs.

    Returns
    -------
    str
        The first of :data:`BROWSERS` found on the PATH.

    Raises
    ------
    ReportError
        None is installed; the message names the browser and how to install it.

    Examples
    --------
    >>> find_chromium()  # doctest: +SKIP
    '/usr/bin/chromium'
    """
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise ReportError(_MISSING.format(names=", ".join(BROWSERS)))


def print_pdf(html: str | Path, pdf: str | Path | None = None, *, timeout: float = TIMEOUT) -> Path:
    """Print the page *html* to *pdf* (default: the same name with ``.pdf``), atomically.

    Parameters
    ----------
    html : str or Path
        An HTML file (a written report).
    pdf : str or Path, optional
        Where the PDF goes; its folder must exist. By default beside *html*.
    timeout : float, default TIMEOUT
        Seconds before a hung browser is stopped.

    Returns
    -------
    Path
        The PDF written.

    Raises
    ------
    ReportError
        No Chromium is installed, or it failed, hung or wrote no PDF (the old PDF is kept).

    Examples
    --------
    >>> print_pdf("reports/value-pyramid.html")  # doctest: +SKIP
    PosixPath('reports/value-pyramid.pdf')
    """
    source = Path(html).resolve()
    target = source.with_suffix(".pdf") if pdf is None else Path(pdf)
    browser = find_chromium()
    if not source.is_file():
        raise ReportError(f"cannot write a PDF: {source} does not exist")
    with (
        _outputs.staging(target.parent) as stage,
        tempfile.TemporaryDirectory(prefix="crm-course-chromium-") as profile,
    ):
        printed = stage / "report.pdf"
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={printed}"]
        cmd.append(source.as_uri())
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise ReportError(
                f"cannot write {target.name}: {browser} did not finish printing in {timeout:.0f} s"
            ) from None
        if not printed.is_file() or printed.read_bytes()[:5] != b"%PDF-":
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise ReportError(
                f"cannot write {target.name}: {browser} wrote no PDF "
                f"(exit code {done.returncode}: {last})"
            )
        usual_permissions(printed)
        os.replace(printed, target)
    return target
