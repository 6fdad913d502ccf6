"""Headless-Chromium check that Chinese text renders as characters, not empty boxes.

Debian's Chromium on a fresh machine has no CJK font, so Chinese falls back to empty boxes.
:func:`check_page` shoots a Chinese text as the page shows it on load (nothing in the page is
changed), then the same page without its font (the embedded style, or the book's stylesheet):
the two must differ. Without the fix – no font, or one the page's font stack reaches too late
– both pictures show the same boxes and the check fails.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import _chromium

#: The rectangle (document coordinates) of the first occurrence of TEXT, as laid out on load.
_LOCATE = """
(async (text) => {
  await document.fonts.ready;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.textContent.includes(text)) {}
  if (!node) return null;
  const range = document.createRange();
  const at = node.textContent.indexOf(text);
  range.setStart(node, at);
  range.setEnd(node, at + text.length);
  node.parentElement.scrollIntoView({block: "center"});
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const r = range.getBoundingClientRect();
  return {
    rect: {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height},
    family: getComputedStyle(node.parentElement).fontFamily,
    loaded: document.fonts.check(`16px "crm-course CJK"`, text),
  };
})(%s)
"""


def _shoot(browser: _chromium.Browser, page: Path, text: str) -> tuple[dict, bytes]:
    browser.open(page.as_uri(), settle=0.3)
    found = browser.evaluate(_LOCATE % json.dumps(text))
    assert found, f"{text} is not on {page.name}"
    clip = {**found["rect"], "scale": 1}
    shot = browser.send(
        "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
    )
    return found, base64.b64decode(shot["data"])


#: What carries the font: the embedded style of a report or notebook page, the book's stylesheet.
EMBEDDED = r'<style id="crm-course-cjk-font">.*?</style>'
BOOK_CSS = r"<link[^>]*crm-cjk\.css[^>]*>"


def check_page(page: Path, text: str, tmp_path: Path, *, font: str = EMBEDDED) -> None:
    """Fail unless *text* on *page* looks different from the page without its *font*."""
    without = page.with_name(f"without-font-{page.name}")
    html = page.read_text(encoding="utf-8")
    stripped = re.sub(font, "", html, flags=re.S)
    assert stripped != html, "the page carries no embedded CJK font"
    without.write_text(stripped, encoding="utf-8")  # beside the page: its links still work
    try:
        with _chromium.Browser(tmp_path / f"profile-{page.stem[:20]}", offline=True) as browser:
            found, shown = _shoot(browser, page, text)
            assert '"crm-course CJK"' in found["family"] and found["loaded"], found
            plain, boxes = _shoot(browser, without, text)
            assert not plain["loaded"] or '"crm-course CJK"' not in plain["family"]
    finally:
        without.unlink()
    assert shown != boxes, f"{text} renders as the same boxes with and without the font"
