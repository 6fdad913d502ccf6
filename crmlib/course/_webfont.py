"""The Chinese font inside the course's HTML pages (private): reports, the book, slides.

A browser without a CJK font (Debian's Chromium on a fresh machine) draws Chinese as empty
boxes. So each HTML page names a CJK font stack and carries the glyphs it needs: a WOFF font
built from the shipped Noto Sans SC (:func:`crmlib.i18n.cjk_font_path`, SIL OFL 1.1) holding
only the page's own Chinese characters, embedded as a ``data:`` URL in an ``@font-face`` rule
(a few kB per hundred characters; the page stays one self-contained file). Installed CJK fonts
are used first when the reader has them (``local()``).

Speed: parsing the 8 MB font takes about a second, once per process; each glyph's outline is
converted once and kept, so a batch of reports pays only for characters it has not seen.
"""

from __future__ import annotations

import base64
import io
import re
import threading
from functools import cache
from typing import Any

from crmlib.i18n import CJK_FONT_FAMILY, cjk_font_path

__all__ = ["CJK_STACK", "embed_cjk_font", "font_face_css", "woff_subset"]

#: Characters the embedded font serves: CJK ideographs, CJK and full-width punctuation.
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)

#: The same ranges for CSS ``unicode-range``.
_UNICODE_RANGE = "U+2E80-2FFF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF"

#: The CSS font stack of Chinese text: installed CJK fonts, then the embedded Noto Sans SC.
CJK_STACK = (
    f'"{CJK_FONT_FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei"'
)
_EMBEDDED = "crm-course CJK"  # the @font-face family; never clashes with an installed font
_MARK = "<!-- crm-course: embedded CJK font -->"

_lock = threading.Lock()
_glyphs: dict[str, Any] = {}  # glyph name -> T2CharString, converted once per process


@cache
def _source() -> Any:
    """The parsed Noto Sans SC: (font, glyph set, cmap, hmtx), once per process."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(cjk_font_path()))
    return font, font.getGlyphSet(), font.getBestCmap(), font["hmtx"]


def cjk_characters(text: str) -> str:
    """The distinct CJK characters of *text* that the embedded font serves, sorted.

    Parameters
    ----------
    text : str
        Any text (a whole HTML page).

    Returns
    -------
    str
        Its CJK ideographs and CJK or full-width punctuation, each once, in code-point order.

    Examples
    --------
    >>> cjk_characters("客户关系管理 (CRM)：客户")
    '关客户理管系：'
    """
    return "".join(sorted(set(_CJK.findall(text))))


def woff_subset(characters: str) -> bytes:
    """A WOFF font of Noto Sans SC holding exactly *characters* (those the font has).

    Parameters
    ----------
    characters : str
        The characters to keep; repeats and characters the font lacks are ignored.

    Returns
    -------
    bytes
        The WOFF file, with the font's copyright and licence (SIL OFL 1.1) in its name table.

    Raises
    ------
    FileNotFoundError
        The shipped font is not installed (see :func:`crmlib.i18n.cjk_font_path`).

    Examples
    --------
    >>> woff_subset("客户")[:4]
    b'wOFF'
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    with _lock:
        font, glyphs, cmap, hmtx = _source()
        codes = sorted({ord(c) for c in characters if ord(c) in cmap})
        names = [".notdef", *sorted({cmap[c] for c in codes} - {".notdef"})]
        for name in names:
            if name not in _glyphs:
                pen = T2CharStringPen(hmtx[name][0], None)
                glyphs[name].draw(pen)
                _glyphs[name] = pen.getCharString()
        builder = FontBuilder(font["head"].unitsPerEm, isTTF=False)
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap({c: cmap[c] for c in codes})
        builder.setupCFF(
            "NotoSansSC-Subset", {"FullName": CJK_FONT_FAMILY}, {n: _glyphs[n] for n in names}, {}
        )
        builder.setupHorizontalMetrics({n: hmtx[n] for n in names})
        hhea, os2 = font["hhea"], font["OS/2"]
        builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
        source_names = font["name"]
        builder.setupNameTable(
            {
                "copyright": str(source_names.getDebugName(0)),
                "familyName": _EMBEDDED,
                "styleName": "Regular",
                "licenseDescription": str(source_names.getDebugName(13)),
                "licenseInfoURL": str(source_names.getDebugName(14)),
            }
        )
        builder.setupOS2(
            sTypoAscender=os2.sTypoAscender,
            sTypoDescender=os2.sTypoDescender,
            usWinAscent=os2.usWinAscent,
            usWinDescent=os2.usWinDescent,
        )
        builder.setupPost()
        builder.font.flavor = "woff"
        out = io.BytesIO()
        builder.font.save(out)
    return out.getvalue()


def font_face_css(text: str) -> str:
    """CSS that makes the Chinese of *text* render anywhere: ``""`` when it has none.

    An ``@font-face`` rule with the page's glyphs embedded, and the CJK font stack after the
    page's own fonts: JupyterLab's, the book theme's and reveal.js's font variables, and
    ``body``.

    Parameters
    ----------
    text : str
        The page whose Chinese characters the embedded font must hold.

    Returns
    -------
    str
        The CSS rules, or ``""`` for a text without CJK characters.

    Examples
    --------
    >>> font_face_css("no Chinese here")
    ''
    >>> font_face_css("客户").startswith("@font-face")
    True
    """
    characters = cjk_characters(text)
    if not characters:
        return ""
    data = base64.b64encode(woff_subset(characters)).decode("ascii")
    # The embedded face comes first: it holds only CJK characters (and unicode-range says so),
    # so Latin text keeps the page's own fonts. Behind the system fonts it would come too late:
    # Chromium on Linux draws a CJK character with the first system family fontconfig matches,
    # as an empty box when that font has no such glyph.
    first = f'"{_EMBEDDED}"'
    rest = f"{CJK_STACK}, sans-serif"
    latin = "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial"
    return (
        "@font-face {\n"
        f'  font-family: "{_EMBEDDED}";\n'
        f'  src: local("{CJK_FONT_FAMILY}"), url(data:font/woff;base64,{data}) format("woff");\n'
        f"  unicode-range: {_UNICODE_RANGE};\n"
        "  font-display: block;\n"
        "}\n"
        ":root {\n"
        f"  --jp-content-font-family: {first}, {latin}, {rest};\n"
        f"  --jp-ui-font-family: {first}, {latin}, {rest};\n"
        f"  --pst-font-family-base: {first}, var(--pst-font-family-base-system), {rest};\n"
        f"  --pst-font-family-heading: {first}, var(--pst-font-family-base-system), {rest};\n"
        f'  --r-main-font: {first}, "Source Sans Pro", Helvetica, {rest};\n'
        f'  --r-heading-font: {first}, "Source Sans Pro", Helvetica, {rest};\n'
        "}\n"
        f"body {{ font-family: {first}, {latin}, {rest}; }}\n"
    )


def embed_cjk_font(page: str) -> str:
    """*page* (a whole HTML document) with :func:`font_face_css` of its text before ``</head>``.

    A page without Chinese, or one that already carries the font, is returned unchanged.

    Parameters
    ----------
    page : str
        An HTML document.

    Returns
    -------
    str
        The document with a marked ``<style>`` block added (at the start when it has no
        ``</head>``).

    Examples
    --------
    >>> page = "<html><head></head><body>客户</body></html>"
    >>> embedded = embed_cjk_font(page)
    >>> embedded.count("@font-face"), embed_cjk_font(embedded) == embedded
    (1, True)
    >>> embed_cjk_font("<p>customer</p>")
    '<p>customer</p>'
    """
    if _MARK in page or not _CJK.search(page):
        return page
    css = font_face_css(page)
    head_end = page.find("</head>")
    block = f'{_MARK}\n<style id="crm-course-cjk-font">\n{css}</style>\n'
    if head_end < 0:
        return block + page
    return page[:head_end] + block + page[head_end:]
