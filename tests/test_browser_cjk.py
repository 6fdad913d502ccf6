"""Chinese renders as characters in headless Chromium without any system CJK font.

Debian's Chromium on a fresh machine has no CJK font, so Chinese falls back to empty boxes.
Each test shoots a Chinese text as the page shows it on load (nothing in the page is changed),
then the same page without its embedded font: the fixed page must differ from the one
without the font, which shows boxes. Without the fix – no embedded font, or one the page's
font stack reaches too late – both pictures show boxes and the test fails.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import _chromium

from crmlib import _webfont, reports

ROOT = Path(__file__).resolve().parent.parent

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


def _check_page(page: Path, text: str, tmp_path: Path) -> None:
    without = tmp_path / f"without-font-{page.name}"
    html = page.read_text(encoding="utf-8")
    stripped = re.sub(r'<style id="crm-course-cjk-font">.*?</style>', "", html, flags=re.S)
    assert stripped != html, "the page carries no embedded CJK font"
    without.write_text(stripped, encoding="utf-8")
    with _chromium.Browser(tmp_path / f"profile-{page.stem[:20]}", offline=True) as browser:
        found, shown = _shoot(browser, page, text)
        assert '"crm-course CJK"' in found["family"] and found["loaded"], found
        plain, boxes = _shoot(browser, without, text)
        assert not plain["loaded"] or '"crm-course CJK"' not in plain["family"]
    assert shown != boxes, f"{text} renders as the same boxes with and without the font"


def test_a_report_for_a_chinese_company_shows_its_name(tmp_path):
    _chromium.chromium_path()
    report = reports.run_report("value-pyramid", {"company": "上汽大众"}, out_dir=tmp_path)
    page = report.html.read_text(encoding="utf-8")
    assert page.count('id="crm-course-cjk-font"') == 1
    _check_page(report.html, "上汽大众", tmp_path)


def test_a_chapter_page_shows_its_chinese_terms(tmp_path):
    _chromium.chromium_path()
    page = tmp_path / "02-segmentation.html"
    page.write_text(reports.to_html(ROOT / "notebooks" / "02-segmentation.ipynb"), "utf-8")
    _check_page(page, "客户细分", tmp_path)


def test_the_embedded_font_holds_just_the_pages_characters():
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_webfont.woff_subset(_webfont.cjk_characters("客户客x"))))
    assert set(font.getBestCmap()) == {ord("客"), ord("户")}  # x is not CJK: not asked for
    assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert (
        _webfont.embed_cjk_font("<html><head></head><body>plain</body></html>").count("font-face")
        == 0
    )
    page = _webfont.embed_cjk_font("<html><head></head><body>客户</body></html>")
    assert page.index("@font-face") < page.index("</head>")
    assert _webfont.embed_cjk_font(page) == page  # once only
