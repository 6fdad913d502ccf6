"""Visual regression check of the case reports: a screenshot of each default report, compared
with a committed reference.

Each case runs with its defaults (one kernel for all), its HTML page is shot by headless
Chromium (:data:`WIDTH` pixels wide, the first :data:`HEIGHT` pixels of the page) and shrunk
to a small grayscale image (:data:`SMALL`). Shrinking averages 6×6 blocks of pixels, which
washes out font anti-aliasing and sub-pixel shifts; a missing figure, a blank section or a
broken layout still changes whole blocks. Two images match when the mean absolute difference
of their gray levels is below :data:`MEAN_LIMIT` overall and below :data:`TILE_LIMIT` in every
one of a grid of tiles (so a local change is not diluted by a page that is otherwise the same).

The references are ``tests/data/visual/CASE.png``. After an intended change of a report's look,
regenerate them and look at them before committing::

    .venv/bin/python -m crmlib.course.visual refresh
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from crmlib.course import _execution, pdf, reports
from crmlib.course._outputs import ReportError

__all__ = ["REFERENCES", "compare", "render_defaults", "shoot", "small_image"]

#: Where the reference images are kept.
REFERENCES = Path(__file__).resolve().parents[2] / "tests" / "data" / "visual"
WIDTH, HEIGHT = 960, 4800
#: Size (width, height) of the compared images: 6 × 6 screen pixels a cell.
SMALL = (160, 800)
#: Tiles (columns, rows) of the per-tile check.
TILES = (4, 20)
MEAN_LIMIT = 0.01
TILE_LIMIT = 0.06


def render_defaults(out: Path) -> dict[str, Path]:
    """Run every case with its defaults in one kernel; write ``out/CASE.html``.

    Parameters
    ----------
    out : Path
        An existing folder for the pages (the kernel runs there too).

    Returns
    -------
    dict of str to Path
        Each case's name and its HTML page.

    Raises
    ------
    ReportError
        A case failed.

    Examples
    --------
    >>> render_defaults(Path("/tmp/pages"))  # doctest: +SKIP
    {'dealer-call-list': PosixPath('/tmp/pages/dealer-call-list.html'), ...}
    """
    pages = {}
    exporter = reports.html_exporter()
    with _execution.Kernel(out, label="visual") as kernel:
        for case in reports.list_cases():
            outcome = reports.execute_report(reports.prepare_report(case), kernel, exporter)
            if not outcome.ok:
                raise ReportError(f"case {case!r} failed: {outcome.cause}")
            pages[case] = out / f"{case}.html"
            pages[case].write_text(outcome.html, encoding="utf-8")
    return pages


def shoot(html: Path, png: Path, *, timeout: float = 120.0) -> Path:
    """A PNG of the top :data:`WIDTH` × :data:`HEIGHT` pixels of the page *html*.

    Parameters
    ----------
    html : Path
        The HTML page to shoot.
    png : Path
        Where the screenshot goes.
    timeout : float, default 120.0
        Seconds before a hung browser is stopped.

    Returns
    -------
    Path
        *png*, once the browser has written it.

    Raises
    ------
    ReportError
        No Chromium is installed, or it made no screenshot.

    Examples
    --------
    >>> shoot(Path("reports/value-pyramid.html"), Path("/tmp/pyramid.png"))  # doctest: +SKIP
    PosixPath('/tmp/pyramid.png')
    """
    browser = pdf.find_chromium()
    with tempfile.TemporaryDirectory(prefix="crm-course-chromium-") as profile:
        cmd = [browser, *pdf.FLAGS, "--hide-scrollbars", f"--user-data-dir={profile}"]
        cmd += [f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", html.resolve().as_uri()]
        subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if not png.is_file():
        raise ReportError(f"{browser} made no screenshot of {html}")
    return png


def small_image(png: Path) -> np.ndarray:
    """The screenshot *png* as a :data:`SMALL` grayscale array of values in [0, 1].

    Each value is the mean gray level of a 6 × 6 block of screen pixels.

    Parameters
    ----------
    png : Path
        A screenshot of :data:`WIDTH` × :data:`HEIGHT` pixels (:func:`shoot`).

    Returns
    -------
    numpy.ndarray
        An array of shape (800, 160): rows first, 0 black and 1 white.

    Examples
    --------
    >>> import tempfile
    >>> from PIL import Image
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     Image.new("L", (WIDTH, HEIGHT), 255).save(Path(tmp) / "white.png")
    ...     small = small_image(Path(tmp) / "white.png")
    >>> small.shape, float(small.min())
    ((800, 160), 1.0)
    """
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L").resize(SMALL, Image.Resampling.BOX)
    return np.asarray(gray, dtype=float) / 255


def compare(actual: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference of two small images, overall and in the worst tile.

    Parameters
    ----------
    actual, reference : numpy.ndarray
        Two images of the same shape (:func:`small_image`), gray levels in [0, 1].

    Returns
    -------
    tuple of (float, float)
        The mean over all pixels, and the largest mean over one of the :data:`TILES` tiles;
        the images match when they are below :data:`MEAN_LIMIT` and :data:`TILE_LIMIT`.

    Raises
    ------
    ValueError
        The images differ in size.

    Examples
    --------
    >>> blank, half = np.ones((800, 160)), np.ones((800, 160))
    >>> half[:40, :40] = 0  # one tile (40 × 40) turned black
    >>> compare(half, blank)
    (0.0125, 1.0)
    """
    if actual.shape != reference.shape:
        raise ValueError(f"images of different sizes: {actual.shape} and {reference.shape}")
    diff = np.abs(actual - reference)
    cols, rows = TILES
    tiles = diff.reshape(rows, diff.shape[0] // rows, cols, diff.shape[1] // cols)
    return float(diff.mean()), float(tiles.mean(axis=(1, 3)).max())


def refresh(folder: Path = REFERENCES) -> list[Path]:
    """Write the reference images of every case's default report to *folder*.

    Parameters
    ----------
    folder : Path, default REFERENCES
        Where the images go (made if needed); existing images of the same names are replaced.

    Returns
    -------
    list of Path
        The images written, one per case.

    Raises
    ------
    ReportError
        A case failed, or Chromium is missing or made no screenshot.

    Examples
    --------
    The command line form, after an intended change of a report's look:

    >>> refresh()  # doctest: +SKIP
    [PosixPath('.../tests/data/visual/dealer-call-list.png'), ...]
    """
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, html in render_defaults(Path(tmp)).items():
            shot = shoot(html, Path(tmp) / f"{case}.png")
            small = (small_image(shot) * 255).round().astype(np.uint8)
            Image.fromarray(small, mode="L").save(folder / f"{case}.png", optimize=True)
            written.append(folder / f"{case}.png")
    return written


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["refresh"]:
        sys.exit("usage: python -m crmlib.course.visual refresh")
    for path in refresh():
        print(path)
