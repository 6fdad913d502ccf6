"""Chinese renders as characters in headless Chromium without any system CJK font (_cjk.py)."""

from __future__ import annotations

from pathlib import Path

import _chromium
from _cjk import check_page

from crmlib.course import _webfont, reports

ROOT = Path(__file__).resolve().parent.parent


def test_a_report_for_a_chinese_company_shows_its_name(tmp_path):
    _chromium.chromium_path()
    report = reports.run_report("value-pyramid", {"company": "上汽大众"}, out_dir=tmp_path)
    page = report.html.read_text(encoding="utf-8")
    assert page.count('id="crm-course-cjk-font"') == 1
    check_page(report.html, "上汽大众", tmp_path)


def test_a_chapter_page_shows_its_chinese_terms(tmp_path):
    _chromium.chromium_path()
    page = tmp_path / "02-segmentation.html"
    page.write_text(reports.to_html(ROOT / "notebooks" / "02-segmentation.ipynb"), "utf-8")
    check_page(page, "客户细分", tmp_path)


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
