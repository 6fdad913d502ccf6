"""Open a slide deck (offline) and an HTML case report in headless Chromium; check they render.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it). Without it the test is
skipped on a developer machine but fails in CI, so CI always checks the pages.
"""

from __future__ import annotations

import subprocess

import _chromium
import numpy as np
import pytest
from _chromium import Browser
from matplotlib import image

from crmlib.course import editions, reports

# the shared headless flags, plus time for the page's scripts to settle before a screenshot
FLAGS = [*_chromium.FLAGS, "--virtual-time-budget=3000"]


@pytest.fixture(scope="module")
def chromium():
    return _chromium.chromium_path()


def _render(chromium: str, page, tmp_path) -> tuple[str, np.ndarray]:
    profile = tmp_path / f"profile-{page.stem}"
    base = [chromium, *FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run(
        [*base, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    shot = tmp_path / f"{page.stem}.png"
    subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return dom, image.imread(shot)


def _assert_rendered(dom: str, pixels: np.ndarray, title: str) -> None:
    assert f"<title>{title}" in dom
    assert "<img" in dom and "data:image/png;base64" in dom  # at least one figure
    for error in ("Traceback", "Error:", "NameError", "ModuleNotFoundError"):
        assert error not in dom
    assert pixels.shape[0] >= 1000 and pixels.std() > 0.05  # a page, not a blank screen


def test_case_report_renders(chromium, tmp_path):
    report = reports.run_report("value-pyramid", out_dir=tmp_path)
    dom, pixels = _render(chromium, report.html, tmp_path)
    _assert_rendered(dom, pixels, "Customer-value report")
    assert "Customer-value report" in dom


def test_slides_paginate_offline(tmp_path):
    """With every network request blocked, the deck still starts reveal.js and shows slides."""
    deck = editions.make_slides("02", tmp_path / "slides")
    reveal = '"assets/reveal.js/dist/reveal.js"'
    with Browser(tmp_path / "profile", offline=True, size="1280,720") as browser:
        browser.open(deck.as_uri(), settle=2)
        total, ready = browser.evaluate(
            f"new Promise(done => require([{reveal}], "
            "R => done([R.getTotalSlides(), R.isReady()])))"
        )
        shown = browser.evaluate(
            "[...document.querySelectorAll('.reveal .slides > section')]"
            ".filter(s => getComputedStyle(s).display !== 'none').length"
        )
        present = browser.evaluate("document.querySelectorAll('section.present').length")
        height = browser.evaluate("document.documentElement.scrollHeight")
        mathjax = browser.evaluate("typeof MathJax !== 'undefined' && MathJax.isReady === true")
        pixels = image.imread(browser.screenshot(tmp_path / "slide.png"))
    assert ready and total > 1, total
    assert shown >= 1 and present >= 1  # slides laid out by reveal.js ...
    assert height <= 720  # ... one screen each, not one long page
    assert mathjax  # formulas typeset by the bundled MathJax
    assert browser.exceptions == [], browser.exceptions  # e.g. "require is not defined"
    assert browser.failed_urls() == []
    assert pixels.std() > 0.05  # not a blank screen
