"""The reader's language: English or Chinese labels for what the library shows (显示语言).

One switch, :func:`set_language` (``"en"`` or ``"zh"``; the environment variable
``CRMLIB_LANG`` gives the value at import, default ``"en"``), decides the language of every
name the library returns *for display*: profit zones (and their strategies), RFM and value
tiers, SVCD classes, difference-matrix strategies, lifecycle stages, Kano categories,
satisfaction readings, improvement-map areas, AHP verdicts; and the titles, axes, legends and
notes of the figures (dealer lead types and departments included), the widgets' labels and the
exercises' feedback. ABC classes stay the letters A, B, C, as the sources write them.
Column names, codes (Kano ``"M"``, ABC ``"A"``), numbers and parameters stay the same in both
languages, so a notebook's code runs unchanged in either.

Design
------
*Compute in English, translate at the end.* Every formula computes with the English label
as its stable code (the categories' order is fixed by the tables that define them, e.g.
``segmentation.PROFIT_ZONES``) and passes the finished labels through :func:`localize` just
before returning them. So a category keeps its order and meaning in both languages: an
ordered categorical has the same categories in the same order, only renamed.

Code that compares against a category should not spell the English literal. Either compare
positions (``zones.cat.codes == 0`` is the top zone in any language), or spell the label
through :func:`label` (``svcd == label("Star")`` is ``svcd == "明星"`` in Chinese), or turn
shown labels back into codes with :func:`canonical` (which accepts either language). Functions
that take labels as input (``segmentation.visit_plan``, ``segmentation.segment_summary``)
accept them in either language.

The Chinese terms are the course sources' own (客户金字塔's 最赚钱区 … 赔钱区, SVCD's
明星/火山/奶牛/小狗, 急需改进区, Kano's 当然质量/期望质量/迷人质量), the same as the glossary
(:mod:`crmlib.course.glossary`). :data:`LABELS` is the single table of them; a test checks that
every category any formula can return has an entry.

Fonts
-----
Chinese needs a CJK font. The course depends on ``pylopdf-fonts-zh-cn``, which ships Noto Sans
SC (SIL Open Font License 1.1) as one OpenType file; :func:`cjk_font_path` finds it.
:mod:`crmlib.plotting` registers it with matplotlib as a fallback behind the Latin font, and
the HTML outputs embed the glyphs they use (:mod:`crmlib.course._webfont`). This module imports
neither matplotlib nor any course tooling: formula modules import it.

Examples
--------
>>> set_language("zh")
>>> label("Star"), label("urgent improvement")
('明星', '急需改进区')
>>> canonical("明星"), canonical("Star")
('Star', 'Star')
>>> set_language("en")
>>> label("Star")
'Star'
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, overload

import pandas as pd

__all__ = [
    "CJK_FONT_FAMILY",
    "LABELS",
    "LANGUAGES",
    "canonical",
    "cjk_font_path",
    "get_language",
    "label",
    "localize",
    "pick",
    "set_language",
]

#: The languages of the course: English (the source) and Simplified Chinese.
LANGUAGES: tuple[str, ...] = ("en", "zh")

#: The family name of the shipped CJK font (Noto Sans SC), as matplotlib and CSS know it.
CJK_FONT_FAMILY = "Noto Sans SC"

#: English display label -> Chinese, for every category the library returns and the terms
#: figures reuse. Sources: 000 (pyramid, SVCD, difference matrix), 003 (RFM, value tiers,
#: lifecycle stages, Kano), 004 (improvement map, AHP), and the glossary.
LABELS: dict[str, str] = {
    # customer pyramid, profit zones (000)
    "most profitable": "最赚钱区",
    "second profitable": "次赚钱区",
    "slightly profitable": "微赚钱区",
    "unprofitable": "不赚钱区",
    "loss-making": "赔钱区",
    "keep the relationship; lose none of them": "维持关系，一个也不能流失",
    "raise their contribution; upgrade them actively": "提高其贡献，积极推动升级",
    "learn their needs; prepare them for an upgrade": "了解其需求，为升级做准备",
    "serve passively; they help carry operating cost": "被动服务，他们帮助分摊运营成本",
    "exit, or cut the cost to serve": "退出，或降低服务成本",
    # RFM tiers (003)
    "top": "前20%",
    "middle": "中间60%",
    "bottom": "后20%",
    "protect: best customers": "保护：最好的客户",
    "invest: grow them": "投资：培养其成长",
    "avoid: do not chase": "规避：不必追逐",
    # value tiers (003)
    "VIP": "VIP客户",
    "major": "主要客户",
    "ordinary": "普通客户",
    "small": "小客户",
    # SVCD (000)
    "Star": "明星",
    "Volcano": "火山",
    "Cow": "奶牛",
    "Dog": "小狗",
    # customer difference matrix (000)
    "one-to-one relationship marketing": "一对一关系营销",
    "build loyalty, grow need differences": "培养忠诚，扩大需求差异",
    "niche strategy": "利基战略",
    "mass marketing": "大众营销",
    # lifecycle stages (003)
    "potential": "潜在客户期",
    "development": "开发期",
    "growth": "成长期",
    "maturity": "成熟期",
    "decline": "衰退期",
    "termination": "终止期",
    "recovery": "恢复期",
    # Kano categories (003)
    "attractive": "迷人质量",
    "one-dimensional": "期望质量",
    "must-be": "当然质量",
    "indifferent": "无差异",
    "reverse": "反向",
    "questionable": "可疑",
    # readings of the satisfaction degree C = B / A (003)
    "exceeds": "超出期望",
    "meets": "符合期望",
    "dissatisfied": "不满意",
    "no data": "无数据",
    # importance-performance (improvement) map (004)
    "urgent improvement": "急需改进区",
    "competitive advantage": "竞争优势区",
    "secondary improvement": "次要改进区",
    "nice-to-have": "锦上添花区",
    # AHP verdicts (004)
    "acceptable (CR < 0.10)": "可以接受（CR < 0.10）",
    "inconsistent: revise the judgments": "不一致：请修改判断",
    # a car dealer's lifecycle leads (004)
    "loan maturity": "贷款到期",
    "insurance renewal": "保险续保",
    "extended warranty": "延长保修",
    "service due": "保养到期",
    "churn win-back": "流失客户挽回",
    "connected services expiry": "车联网服务到期",
    "trade-in": "置换",
    "finance": "金融部",
    "insurance": "保险部",
    "after-sales": "售后部",
    "customer care": "客户关怀部",
    "sales": "销售部",
    # the loyalty ladder (001)
    "suspect": "可疑者",
    "prospect": "潜在客户",
    "first-time buyer": "初次购买者",
    "repeat buyer": "重复购买者",
    "client": "客户",
    "advocate": "拥护者",
    "partner": "合作伙伴",
}

_TO_CODE: dict[str, str] = {zh: en for en, zh in LABELS.items()}
if len(_TO_CODE) != len(LABELS):  # pragma: no cover - a guard on the table above
    raise RuntimeError("crmlib.i18n.LABELS gives two English labels the same Chinese name")

T = TypeVar("T", pd.Series, pd.Index, pd.Categorical)


def _checked(lang: object, where: str) -> str:
    if not isinstance(lang, str) or lang.strip().lower() not in LANGUAGES:
        raise ValueError(
            f"{where} must be one of {list(LANGUAGES)} (English or Chinese), got {lang!r}"
        )
    return lang.strip().lower()


_state: dict[str, str] = {
    "lang": _checked(
        os.environ.get("CRMLIB_LANG", "en") or "en", "the environment variable CRMLIB_LANG"
    )
}


def set_language(lang: str) -> None:
    """Show the library's labels, figures and feedback in *lang*: ``"en"`` or ``"zh"``.

    Parameters
    ----------
    lang : ``"en"`` (English, the default) or ``"zh"`` (Simplified Chinese).

    Returns
    -------
    None
        The language is a setting of the running process (:func:`get_language` reads it).

    Raises
    ------
    ValueError
        *lang* is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en"); get_language()
    'en'
    """
    _state["lang"] = _checked(lang, "the language")


def get_language() -> str:
    """The current language, ``"en"`` or ``"zh"`` (initially ``$CRMLIB_LANG`` or ``"en"``).

    Returns
    -------
    str
        ``"en"`` or ``"zh"``.

    Examples
    --------
    Whatever ``$CRMLIB_LANG`` set at import, the answer follows :func:`set_language`:

    >>> before = get_language()
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en"); get_language()
    'en'
    >>> set_language(before)
    """
    return _state["lang"]


def label(text: str) -> str:
    """The display label of *text* (an English label or code) in the current language.

    A text without a Chinese entry in :data:`LABELS` is returned as it is, in either language.

    Parameters
    ----------
    text : str
        An English label or code.

    Returns
    -------
    str
        Its Chinese label in ``"zh"``; *text* itself in ``"en"`` or when there is none.

    Examples
    --------
    >>> before = get_language()
    >>> set_language("en"); label("Dog")
    'Dog'
    >>> set_language("zh"); label("Dog"), label("no such label")
    ('小狗', 'no such label')
    >>> set_language(before)
    """
    if _state["lang"] == "zh":
        return LABELS.get(text, text)
    return text


def pick(en: str, zh: str) -> str:
    """*en* or *zh*, whichever is the current language: for sentences of figures and feedback.

    Parameters
    ----------
    en, zh : str
        The same text in English and in Chinese.

    Returns
    -------
    str
        *zh* when the language is ``"zh"``, else *en*.

    Examples
    --------
    >>> before = get_language()
    >>> set_language("en"); pick("customers", "客户数")
    'customers'
    >>> set_language("zh"); pick("customers", "客户数")
    '客户数'
    >>> set_language(before)
    """
    return zh if _state["lang"] == "zh" else en


def _mapper(to: Callable[[str], str]) -> Callable[[object], object]:
    return lambda v: to(v) if isinstance(v, str) else v


def _code(text: str) -> str:
    return _TO_CODE.get(text, text)


@overload
def canonical(values: str) -> str: ...
@overload
def canonical(values: T) -> T: ...
def canonical(values: str | T) -> str | T:
    """Labels in either language turned back into the English codes the formulas use.

    Parameters
    ----------
    values : a string, a Series, an Index or a Categorical (whose categories are renamed,
        order kept); anything that is no known Chinese label is left as it is.

    Returns
    -------
    The same kind of object, with English labels.

    Raises
    ------
    TypeError
        *values* is none of those kinds.

    Examples
    --------
    >>> canonical(pd.Series(["明星", "Cow"])).tolist()
    ['Star', 'Cow']
    """
    return _convert(values, _code)


@overload
def localize(values: str) -> str: ...
@overload
def localize(values: T) -> T: ...
def localize(values: str | T) -> str | T:
    """English labels turned into display labels of the current language (see :func:`label`).

    Parameters
    ----------
    values : a string, a Series, an Index or a Categorical; a categorical keeps its order, its
        categories renamed.

    Returns
    -------
    The same kind of object with display labels; in English, *values* itself.

    Raises
    ------
    TypeError
        *values* is none of those kinds (in Chinese).

    Examples
    --------
    >>> zones = pd.Categorical(["loss-making", "most profitable"],
    ...                        categories=["most profitable", "loss-making"], ordered=True)
    >>> set_language("zh"); list(localize(zones).categories); set_language("en")
    ['最赚钱区', '赔钱区']
    """
    if _state["lang"] == "en":
        return values
    return _convert(values, label)


def _convert(values: str | T, to: Callable[[str], str]) -> str | T:
    if isinstance(values, str):
        return to(values)
    if isinstance(values, pd.Categorical):
        # pandas takes a list here; pandas-stubs wrongly allows only a mapping or a function
        return values.rename_categories(_renamed(values.categories, to))  # type: ignore[arg-type]
    if isinstance(values, pd.CategoricalIndex):
        return values.rename_categories(_renamed(values.categories, to))
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, pd.CategoricalDtype):
            return values.cat.rename_categories(_renamed(values.cat.categories, to))
        return values.map(_mapper(to))
    if isinstance(values, pd.Index):
        return values.map(_mapper(to))
    raise TypeError(
        f"expected a str, Series, Index or Categorical of labels, got {type(values).__name__}"
    )


def _renamed(categories: Iterable[object], to: Callable[[str], str]) -> list[Any]:
    return [to(c) if isinstance(c, str) else c for c in categories]


def cjk_font_path() -> Path:
    """The shipped Chinese font, Noto Sans SC Regular (OpenType, SIL OFL 1.1).

    It comes with the ``pylopdf-fonts-zh-cn`` package, a dependency of the course (Noto Sans SC
    from notofonts/noto-cjk, unchanged).

    Returns
    -------
    pathlib.Path
        The font file.

    Raises
    ------
    FileNotFoundError
        The package is not installed (``pip install pylopdf-fonts-zh-cn``).

    Examples
    --------
    >>> cjk_font_path().name
    'NotoSansSC-Regular.otf'
    """
    spec = importlib.util.find_spec("pylopdf_fonts_zh_cn")
    path = None
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "NotoSansSC-Regular.otf"
    if path is None or not path.is_file():
        raise FileNotFoundError(
            "the Chinese font Noto Sans SC is missing: install the course's dependencies "
            "(pip install pylopdf-fonts-zh-cn), which ship it"
        )
    return path
