"""Shared helpers of the plotting modules (private): figures, user text, the Chinese font."""

from __future__ import annotations

from functools import cache

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmlib.i18n import CJK_FONT_FAMILY, cjk_font_path, label, pick


def plain(text: str) -> str:
    """Escape ``$`` so user text (a company name) is never read as mathtext.

    Parameters
    ----------
    text : str
        Text to draw.

    Returns
    -------
    str
        *text* with each ``$`` preceded by a backslash.

    Examples
    --------
    >>> print(plain("Shop $1 deals"))
    Shop \\$1 deals
    """
    return text.replace("$", r"\$")


#: Chinese names of the measures figures name in their axes (a figure's *what* or *value*).
_MEASURES = {
    "revenue": "收入",
    "profit": "利润",
    "monetary": "消费金额",
    "sales": "销售额",
    "frequency": "购买频率",
    "recency": "最近一次购买间隔",
}


def measure(name: str) -> str:
    """A measure's name (``"revenue"``, ``"profit"``, …) in the current language.

    Parameters
    ----------
    name : str
        The English name.

    Returns
    -------
    str
        *name* in English; its Chinese name in Chinese (a :data:`crmlib.i18n.LABELS` entry,
        else *name*).

    Examples
    --------
    >>> from crmlib.i18n import set_language
    >>> set_language("zh"); measure("profit"); set_language("en")
    '利润'
    """
    return pick(name, _MEASURES.get(name, label(name)))


@cache
def _register_cjk_font() -> None:
    font_manager.fontManager.addfont(str(cjk_font_path()))


def use_cjk_font() -> str:
    """Register the shipped Noto Sans SC with matplotlib, as the fallback of the Latin font.

    The font is added to matplotlib's font manager once; ``font.family`` gains Noto Sans SC
    after the families it already names (by default the generic sans-serif, DejaVu Sans), so
    English figures look as they did, and matplotlib (>= 3.6) takes each glyph the first font
    lacks from the next: Chinese labels, company names and bracketed terms render as
    characters in either language. The minus sign stays the Unicode minus
    (``axes.unicode_minus``), which the Latin font has. Every figure of :mod:`crmlib.plotting`
    calls it; call it yourself before drawing Chinese text with plain matplotlib.

    Returns
    -------
    str
        The font's family name, ``"Noto Sans SC"``.

    Raises
    ------
    FileNotFoundError
        If the font package is missing (:func:`crmlib.i18n.cjk_font_path`).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> use_cjk_font()
    'Noto Sans SC'
    >>> mpl.rcParams["font.family"][-1]
    'Noto Sans SC'
    """
    _register_cjk_font()
    family = list(mpl.rcParams["font.family"])
    if CJK_FONT_FAMILY not in family:
        mpl.rcParams["font.family"] = [*family, CJK_FONT_FAMILY]
    mpl.rcParams["axes.unicode_minus"] = True
    return CJK_FONT_FAMILY


def figure(width: float = 7.0, height: float = 4.5, ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A new Figure (inches, constrained layout, Chinese font ready) and its *ncols* axes.

    Made with the object-oriented API, so it never enters pyplot's list of open figures and
    needs no closing.

    Parameters
    ----------
    width, height : float, default 7.0 and 4.5
        Size in inches.
    ncols : int, default 1
        Number of axes side by side.

    Returns
    -------
    Figure, list of Axes
        The figure and its axes, left to right.

    Examples
    --------
    >>> fig, axes = figure(ncols=2)
    >>> len(axes), [float(v) for v in fig.get_size_inches()]
    (2, [7.0, 4.5])
    """
    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)
