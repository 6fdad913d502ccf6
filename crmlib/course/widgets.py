"""Interactive widgets for the key formulas: thin views over tested crmlib functions.

Each widget is built by a function that returns an :class:`Explorer`: an ``ipywidgets`` box of
controls, an HTML result and, where a picture helps, an image, recomputed by a plain function of
the control values (``*_result``). Tests set the controls and read ``.result.value`` without a
browser.

An explorer is displayed as **one** output whose mime bundle holds the widget view and static
fallbacks (``text/html`` and ``text/plain``) of the result it shows when displayed. JupyterLab
renders the live widget only, so no stale copy stays on the page when a control moves; renderings
without a widget front end use the fallback: nbval compares it, and nbconvert's HTML exporter
shows it when the notebook holds no widget state (with saved state it renders the widget from
that state instead).
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pandas as pd

from crmlib.i18n import label, pick

__all__ = [
    "SAATY_SCALE",
    "Explorer",
    "ahp_editor",
    "clv_calculator",
    "kano_classifier",
    "nearest_saaty",
    "plain_text",
    "retention_explorer",
    "rfm_explorer",
    "saaty_label",
    "show",
]

#: Labels wide enough for any description (the label takes its natural width), and sliders that
#: keep a usable track next to a long label.
_STYLE = {"description_width": "initial"}
_LAYOUT = {"width": "100%", "max_width": "640px"}

#: Saaty's 17 judgments from 1/9 to 9, as (label, value) pairs in slider order.
SAATY_SCALE: tuple[tuple[str, float], ...] = (
    *((f"1/{k}", 1 / k) for k in range(9, 1, -1)),
    *((str(k), float(k)) for k in range(1, 10)),
)

Compute = Callable[..., tuple[str, Any]]


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


class _TextOf(HTMLParser):
    """Collects the text of a result's HTML: paragraphs as lines, tables as aligned columns."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.text: list[str] = []
        self.rows: list[list[str]] | None = None

    def _flush(self) -> None:
        line = " ".join("".join(self.text).split())
        if line:
            self.lines.append(line)
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in {"p", "br", "div"}:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self.rows:
            self.rows[-1].append(" ".join("".join(self.text).split()))
            self.text = []
        elif tag == "table" and self.rows is not None:
            widths = [max(map(len, col)) for col in zip(*self.rows, strict=False)]
            self.lines += [
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
                for row in self.rows
            ]
            self.rows = None
        elif tag in {"p", "div"}:
            self._flush()

    def handle_data(self, data: str) -> None:
        self.text.append(data.replace("\xa0", " "))


def plain_text(markup: str) -> str:
    """The text of a widget result's HTML, for renderings that show no HTML.

    Table cells are aligned in columns; paragraphs and line breaks start new lines.

    Parameters
    ----------
    markup : str
        The HTML of a ``*_result`` function.

    Returns
    -------
    str
        The visible text, one line per paragraph or table row.

    Examples
    --------
    >>> print(plain_text("<b>CR = 0.01</b><table><tr><th>item</th><th>weight</th></tr>"
    ...                  "<tr><td>price</td><td>0.75</td></tr></table>"))
    CR = 0.01
    item   weight
    price  0.75
    """
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines)


@dataclass(eq=False)
class Explorer:
    """A live widget over a ``*_result`` function, displayed with a static fallback.

    Attributes
    ----------
    widget : the ``ipywidgets.VBox`` of the controls, the result and the picture.
    controls : the input widgets by parameter name.
    result : the ``ipywidgets.HTML`` that shows the current result.
    picture : the ``ipywidgets.Image`` of the current figure, or None.
    refresh : recompute the result from the controls (called whenever a control moves).
    """

    widget: Any
    controls: dict[str, Any]
    result: Any
    picture: Any | None
    refresh: Callable[..., None]

    def fallback(self) -> dict[str, str]:
        """The current result as ``text/html`` and ``text/plain``, for static renderings.

        Returns
        -------
        dict of str to str
            The result's HTML and its :func:`plain_text`, by MIME type.

        Examples
        --------
        >>> print(clv_calculator(100, 0.5, 0.0, 2).fallback()["text/plain"])
        CLV over 2 years: 75.00 (all years: m·r/(1+i−r) = 100.00; ...)
        """
        return {"text/html": self.result.value, "text/plain": plain_text(self.result.value)}

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """One bundle: the widget view plus the fallback of the result shown now."""
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle.update(self.fallback())
        return bundle


def _box(controls: dict[str, Any], compute: Compute, *, image: bool = False) -> Explorer:
    """Wire *controls* to *compute(**values) -> (html, figure | None)* and return the explorer."""
    import ipywidgets as w

    result = w.HTML()
    picture = w.Image(format="png") if image else None

    def refresh(_change: object = None) -> None:
        text, fig = compute(**{name: c.value for name, c in controls.items()})
        result.value = text
        if picture is not None and fig is not None:
            picture.value = _png(fig)

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    box = w.VBox([*controls.values(), result, *([picture] if picture is not None else [])])
    return Explorer(box, controls, result, picture, refresh)


def show(explorer: Explorer) -> None:
    """Display the explorer as one output: the live widget, with its result as fallback.

    Same as leaving the explorer as the last expression of a cell.

    Parameters
    ----------
    explorer : Explorer
        One of the course's widgets (:func:`clv_calculator`, :func:`rfm_explorer`, ...).

    Examples
    --------
    In a notebook cell:

    >>> show(clv_calculator())  # doctest: +SKIP
    """
    from IPython.display import display

    display(explorer)


def _slider(kind: str, value: float, low: float, high: float, step: float, label: str) -> Any:
    import ipywidgets as w

    cls = {"float": w.FloatSlider, "int": w.IntSlider}[kind]
    return cls(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        style=_STYLE,
        layout=_LAYOUT,
        continuous_update=False,
    )


# ----------------------------------------------------------------------------- CLV (ch. 3) ---


def clv_result(margin: float, retention: float, rate: float, horizon: int) -> tuple[str, Any]:
    """CLV over *horizon* years (four-step formula) and the infinite-horizon multiple.

    The expected margin of year t is m·r^t (the margin if still a customer, times the chance
    of still being one); discounted at i and summed it is the CLV over the horizon, and over
    all years m·r/(1 + i − r).

    Parameters
    ----------
    margin : float
        The margin m a customer brings a year.
    retention : float
        The yearly retention rate r, in [0, 1).
    rate : float
        The discount rate i a year.
    horizon : int
        Years counted, 1 or more.

    Returns
    -------
    tuple of (str, matplotlib.figure.Figure)
        The result as HTML, and a bar chart of each year's discounted expected margin.

    Examples
    --------
    >>> text, fig = clv_result(100, 0.5, 0.0, 2)  # 100·0.5 + 100·0.25
    >>> print(plain_text(text))
    CLV over 2 years: 75.00 (all years: m·r/(1+i−r) = 100.00; customers stay 2.0 years on average)
    """
    from crmlib import lifecycle
    from crmlib.plotting._common import figure

    years = np.arange(1, horizon + 1)
    expected = margin * retention**years  # the margin if still a customer, times P(still there)
    finite = lifecycle.customer_lifetime_value(expected.tolist(), [0.0] * horizon, rate)
    infinite = lifecycle.retention_clv(margin, retention, rate)
    fig, (ax,) = figure(5.5, 3.0)
    ax.bar(years, expected / (1 + rate) ** years, color="#1565c0")
    ax.set(
        xlabel=pick("year", "年"),
        ylabel=pick("discounted expected margin", "贴现后的期望利润"),
        title=pick("Where the CLV comes from", "客户终生价值从何而来"),
    )
    text = pick(
        f"<b>CLV over {horizon} years: {finite:,.2f}</b> &nbsp; "
        f"(all years: m·r/(1+i−r) = {infinite:,.2f}; customers stay {1 / (1 - retention):.1f} "
        "years on average)",
        f"<b>{horizon} 年的客户终生价值：{finite:,.2f}</b> &nbsp; "
        f"（无限期：m·r/(1+i−r) = {infinite:,.2f}；客户平均保持 {1 / (1 - retention):.1f} 年）",
    )
    return text, fig


def clv_calculator(
    margin: float = 100.0, retention: float = 0.8, rate: float = 0.1, horizon: int = 10
) -> Explorer:
    """Margin, retention, discount rate and horizon → CLV and its yearly contributions.

    Parameters
    ----------
    margin : float, default 100.0
        The margin a year the slider starts at (0 to 1,000).
    retention : float, default 0.8
        The retention rate it starts at (0 to 0.99).
    rate : float, default 0.1
        The discount rate it starts at (0 to 0.3).
    horizon : int, default 10
        The horizon in years it starts at (1 to 30).

    Returns
    -------
    Explorer
        The live widget over :func:`clv_result`.

    Examples
    --------
    >>> explorer = clv_calculator(margin=100, retention=0.5, rate=0.0, horizon=2)
    >>> print(explorer.fallback()["text/plain"])
    CLV over 2 years: 75.00 (all years: m·r/(1+i−r) = 100.00; customers stay 2.0 years on average)
    """
    controls = {
        "margin": _slider("float", margin, 0, 1000, 10, pick("margin a year", "每年利润")),
        "retention": _slider("float", retention, 0, 0.99, 0.01, pick("retention rate", "保持率")),
        "rate": _slider("float", rate, 0, 0.3, 0.01, pick("discount rate", "贴现率")),
        "horizon": _slider("int", horizon, 1, 30, 1, pick("horizon (years)", "期限（年）")),
    }
    return _box(controls, clv_result, image=True)


# ------------------------------------------------------------------ retention economics (1) ---


def retention_result(
    retention: float, margin: float, acquisition_cost: float, margin_growth: float
) -> tuple[str, Any]:
    """NPV of a 1,000-customer cohort and the effect of 5 more points of retention.

    The cohort (:func:`crmlib.strategy.cohort_profit`) is followed for 10 years at a 10 %
    discount rate.

    Parameters
    ----------
    retention : float
        The yearly retention rate.
    margin : float
        The margin a customer brings a year.
    acquisition_cost : float
        What acquiring one customer costs.
    margin_growth : float
        The yearly growth of the margin of a customer who stays.

    Returns
    -------
    tuple of (str, matplotlib.figure.Figure)
        The result as HTML (NPV before and after, and the change), and the two cohorts'
        cumulative NPV.

    Examples
    --------
    >>> text, fig = retention_result(0.8, 100, 150, 0.0)
    >>> print(plain_text(text))
    10-year NPV 169,534 → 219,639 (+30% for 5 more points of retention)
    """
    from crmlib import strategy
    from crmlib.plotting import cohort_npv_lines

    cohort: dict[str, Any] = dict(
        customers=1000,
        margin=margin,
        acquisition_cost=acquisition_cost,
        discount_rate=0.10,
        years=10,
        margin_growth=margin_growth,
    )
    base = strategy.cohort_profit(retention=retention, **cohort)
    more = min(retention + 0.05, 0.99)
    better = strategy.cohort_profit(retention=more, **cohort)
    uplift = strategy.retention_uplift(0.05, retention=retention, **cohort)
    name = pick("retention", "保持率")
    fig = cohort_npv_lines({f"{name} {retention:.0%}": base, f"{name} {more:.0%}": better})
    text = pick(
        f"<b>10-year NPV {uplift['npv_before']:,.0f} → {uplift['npv_after']:,.0f}</b> "
        f"({uplift['change']:+.0%} for 5 more points of retention)",
        f"<b>10 年净现值 {uplift['npv_before']:,.0f} → {uplift['npv_after']:,.0f}</b>"
        f"（保持率提高 5 个百分点，变化 {uplift['change']:+.0%}）",
    )
    return text, fig


def retention_explorer(
    retention: float = 0.8,
    margin: float = 100.0,
    acquisition_cost: float = 150.0,
    margin_growth: float = 0.0,
) -> Explorer:
    """Chapter 1: how retention, margin and acquisition cost drive a cohort's profit.

    Parameters
    ----------
    retention : float, default 0.8
        The retention rate the slider starts at (0.3 to 0.94).
    margin : float, default 100.0
        The margin a year it starts at (10 to 500).
    acquisition_cost : float, default 150.0
        The acquisition cost it starts at (0 to 1,000).
    margin_growth : float, default 0.0
        The margin growth a year it starts at (0 to 0.3).

    Returns
    -------
    Explorer
        The live widget over :func:`retention_result`.

    Examples
    --------
    >>> print(retention_explorer().fallback()["text/plain"])
    10-year NPV 169,534 → 219,639 (+30% for 5 more points of retention)
    """
    controls = {
        "retention": _slider("float", retention, 0.3, 0.94, 0.01, pick("retention rate", "保持率")),
        "margin": _slider("float", margin, 10, 500, 10, pick("margin a year", "每年利润")),
        "acquisition_cost": _slider(
            "float", acquisition_cost, 0, 1000, 10, pick("acquisition cost", "获取成本")
        ),
        "margin_growth": _slider(
            "float", margin_growth, 0, 0.3, 0.01, pick("margin growth a year", "利润年增长率")
        ),
    }
    return _box(controls, retention_result, image=True)


# ---------------------------------------------------------------------------- RFM (ch. 2) ---


def rfm_result(bins: int, top_share: float, transactions: pd.DataFrame) -> tuple[str, None]:
    """RFM tiers with a chosen number of score levels and a chosen top-tier size.

    Parameters
    ----------
    bins : int
        Score levels of each of R, F and M (:func:`crmlib.segmentation.rfm_scores`).
    top_share : float
        The share of customers in the top tier, and in the bottom one.
    transactions : pandas.DataFrame
        The transaction log (:func:`crmlib.datasets.load_transactions`).

    Returns
    -------
    tuple of (str, None)
        The result as HTML: a table of each tier's customers and share of revenue; no figure.

    Examples
    --------
    >>> from crmlib import datasets
    >>> text, _ = rfm_result(5, 0.2, datasets.load_transactions())  # 3,000 customers
    >>> print(plain_text(text))
    tier    customers  share of revenue
    top     600        58%
    middle  1,800      39%
    bottom  600        3%
    """
    from crmlib import segmentation

    rfm = segmentation.rfm_table(transactions)
    scores = segmentation.rfm_scores(rfm, bins=bins, top_share=top_share)
    revenue = scores.groupby("tier", observed=False)["monetary"].sum()
    share = revenue / revenue.sum()
    counts = scores["tier"].value_counts()
    rows = "".join(
        f"<tr><td>{t}</td><td>{counts[t]:,}</td><td>{share.get(t, 0):.0%}</td></tr>"
        for t in scores["tier"].cat.categories  # top, middle, bottom in either language
    )
    head = pick(
        "<tr><th>tier</th><th>customers</th><th>share of revenue</th></tr>",
        "<tr><th>层级</th><th>客户数</th><th>收入占比</th></tr>",
    )
    text = f"<table>{head}{rows}</table>"
    return text, None


def rfm_explorer(transactions: pd.DataFrame, bins: int = 5, top_share: float = 0.2) -> Explorer:
    """Score levels and tier cut-offs → tier sizes and their share of revenue.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The transaction log.
    bins : int, default 5
        The score levels the slider starts at (2 to 10).
    top_share : float, default 0.2
        The top and bottom tiers' share it starts at (0.05 to 0.45).

    Returns
    -------
    Explorer
        The live widget over :func:`rfm_result`.

    Examples
    --------
    >>> from crmlib import datasets
    >>> explorer = rfm_explorer(datasets.load_transactions(), top_share=0.1)
    >>> print(explorer.fallback()["text/plain"].splitlines()[1])
    top     300        42%
    """
    controls = {
        "bins": _slider("int", bins, 2, 10, 1, pick("score levels", "评分等级数")),
        "top_share": _slider(
            "float",
            top_share,
            0.05,
            0.45,
            0.05,
            pick("top and bottom tier share", "顶层与底层的占比"),
        ),
    }

    def compute(bins: int, top_share: float) -> tuple[str, None]:
        return rfm_result(bins, top_share, transactions)

    return _box(controls, compute)


# ---------------------------------------------------------------------------- AHP (ch. 4) ---


def ahp_result(items: tuple[str, ...], **judgments: float) -> tuple[str, None]:
    """Weights, λmax, CI and CR of the matrix the judgments ``p0, p1, ...`` describe.

    Each ``p<k>`` is a Saaty judgment (1/9 .. 9) of the k-th pair in row order; the result
    warns when the matrix is inconsistent (CR ≥ 0.10) and names the judgment to revisit first.

    Parameters
    ----------
    items : tuple of str
        The items compared, in matrix order.
    **judgments : float
        ``p0``, ``p1``, ...: one judgment per pair above the diagonal, row by row.

    Returns
    -------
    tuple of (str, None)
        The result as HTML: the weights, the consistency figures and any warning; no figure.

    Examples
    --------
    >>> text, _ = ahp_result(("price", "service"), p0=3)  # price 3 times as important
    >>> print(plain_text(text))
    item     weight
    price    0.750
    service  0.250
    λmax = 2.000, CI = 0.000, CR = 0.000
    """
    from crmlib import ahp

    upper = [judgments[f"p{k}"] for k in range(len(judgments))]
    matrix = ahp.pairwise_matrix(upper, list(items))
    report = ahp.consistency_report(matrix)
    weights = ahp.priority_weights(matrix)
    rows = "".join(
        f"<tr><td>{html.escape(str(i))}</td><td>{w:.3f}</td></tr>" for i, w in weights.items()
    )
    warning = ""
    if not report["consistent"]:
        first = ahp.judgment_diagnosis(matrix).iloc[0]
        row, col = html.escape(str(first["row"])), html.escape(str(first["col"]))
        judged = saaty_label(nearest_saaty(first["judgment"]))
        implied = saaty_label(nearest_saaty(first["implied"]))
        warning = pick(
            "<p style='color:#c62828'><b>Inconsistent (CR ≥ 0.10): revise the judgments.</b> "
            f"Revisit first: {row} vs {col}, judged {judged}; the other judgments imply about "
            f"{implied} (CR would become {first['CR_if_revised']:.3f}).</p>",
            "<p style='color:#c62828'><b>判断不一致（CR ≥ 0.10）：请修改判断。</b>"
            f"先复核 {row} 对 {col}：当前判断为 {judged}，其他判断推算约为 {implied}"
            f"（改后 CR 将为 {first['CR_if_revised']:.3f}）。</p>",
        )
    head = pick("<tr><th>item</th><th>weight</th></tr>", "<tr><th>指标</th><th>权重</th></tr>")
    text = (
        f"<table>{head}{rows}</table>"
        f"<p>λmax = {report['lambda_max']:.3f}, CI = {report['CI']:.3f}, "
        f"CR = {report['CR']:.3f}</p>{warning}"
    )
    return text, None


def nearest_saaty(value: float) -> float:
    """The judgment on Saaty's scale closest to *value* (in ratio terms).

    Parameters
    ----------
    value : float
        A positive ratio, e.g. one implied by other judgments.

    Returns
    -------
    float
        One of the 17 judgments 1/9, ..., 1, ..., 9: the one with the smallest
        ``|log(judgment / value)|``.

    Examples
    --------
    >>> nearest_saaty(2.4), nearest_saaty(0.3)
    (2.0, 0.3333333333333333)
    """
    return float(min((j for _, j in SAATY_SCALE), key=lambda j: abs(math.log(j / value))))


def saaty_label(value: float) -> str:
    """The judgment *value* as Saaty writes it: ``1/5``, ``1``, ``3``.

    Parameters
    ----------
    value : float
        One of Saaty's 17 judgments.

    Returns
    -------
    str
        ``"1/9"`` to ``"1/2"``, ``"1"``, or ``"2"`` to ``"9"``.

    Raises
    ------
    ValueError
        If *value* is not one of the 17 judgments 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.

    Examples
    --------
    >>> saaty_label(0.2), saaty_label(1), saaty_label(3.0)
    ('1/5', '1', '3')
    """
    for written, judgment in SAATY_SCALE:
        if math.isclose(value, judgment, rel_tol=1e-9):
            return written
    raise ValueError(
        f"{value!r} is not a judgment on Saaty's scale: use 1, 2, ..., 9 or 1/2, ..., 1/9"
    )


def _saaty_slider(value: float, label: str) -> Any:
    """A slider over Saaty's 17 judgments whose readout is the judgment (``1/5``, ``3``)."""
    import ipywidgets as w

    return w.SelectionSlider(
        options=list(SAATY_SCALE),
        value=dict(SAATY_SCALE)[saaty_label(value)],
        description=label,
        style=_STYLE,
        layout=_LAYOUT,
        continuous_update=False,
    )


def ahp_editor(
    items: tuple[str, ...] | list[str] = ("sales service", "after-sales service", "customer care"),
    judgments: tuple[float, ...] | list[float] = (0.5, 2, 3),
) -> Explorer:
    """Pairwise judgments → weights and CR, live.

    One slider per pair "row vs column", in row order; its readout is the judgment: ``3`` means
    the row is 3 times as important as the column, ``1/3`` the column 3 times the row.

    Parameters
    ----------
    items : tuple or list of str, default three service areas
        The items compared.
    judgments : tuple or list of float, default (0.5, 2, 3)
        The judgments the sliders start at, one per pair in row order (each on Saaty's
        scale).

    Returns
    -------
    Explorer
        The live widget over :func:`ahp_result`.

    Raises
    ------
    ValueError
        A judgment is not on Saaty's scale, or there is not one judgment per pair.

    Examples
    --------
    >>> editor = ahp_editor(("price", "service"), (3,))
    >>> print(editor.fallback()["text/plain"].splitlines()[1])
    price    0.750
    """
    items = tuple(items)
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    controls = {
        f"p{k}": _saaty_slider(v, pick(f"{a} vs {b}", f"{a} 对 {b}"))
        for k, ((a, b), v) in enumerate(zip(pairs, judgments, strict=True))
    }

    def compute(**values: float) -> tuple[str, None]:
        return ahp_result(items, **values)

    return _box(controls, compute)


# --------------------------------------------------------------------------- Kano (ch. 4) ---

_ANSWERS = [
    ("like it", 1),
    ("expect it", 2),
    ("neutral", 3),
    ("can live with it", 4),
    ("dislike it", 5),
]
#: The answers in Chinese, as Kano questionnaires in Chinese word them.
_ANSWERS_ZH = {1: "喜欢", 2: "理应如此", 3: "无所谓", 4: "能忍受", 5: "不喜欢"}


def kano_result(
    functional: int, dysfunctional: int, perceived: float, expected: float
) -> tuple[str, None]:
    """The Kano category of an answer pair and the satisfaction degree C = B / A.

    Parameters
    ----------
    functional, dysfunctional : int
        The answers (1 like it, 2 expect it, 3 neutral, 4 can live with it, 5 dislike it) to
        "if the product had it" and "if it did not".
    perceived : float
        The perceived value B.
    expected : float
        The expected value A.

    Returns
    -------
    tuple of (str, None)
        The result as HTML: the category (name and code), C and its reading; no figure.

    Examples
    --------
    >>> text, _ = kano_result(1, 3, 90.0, 100.0)  # like it if offered, neutral if not
    >>> print(plain_text(text))
    Kano: attractive (A) | C = B / A = 0.90: dissatisfied
    """
    from crmlib import satisfaction

    code = satisfaction.kano_category(functional, dysfunctional)
    name = label(str(satisfaction.KANO_CATEGORIES.set_index("code").loc[code, "category"]))
    c = satisfaction.satisfaction_degree(perceived, expected)
    return (
        f"<b>{pick('Kano', '卡诺分类')}: {name}</b> ({code}) &nbsp; | &nbsp; C = B / A = {c:.2f}: "
        f"{satisfaction.satisfaction_reading(c)}"
    ), None


def kano_classifier(
    functional: int = 1, dysfunctional: int = 3, perceived: float = 90.0, expected: float = 100.0
) -> Explorer:
    """Answer pair → Kano category; perceived and expected value → satisfaction degree.

    Parameters
    ----------
    functional : int, default 1
        The answer to "if offered" the dropdown starts at (1 like it ... 5 dislike it).
    dysfunctional : int, default 3
        The answer to "if not offered" it starts at.
    perceived : float, default 90.0
        The perceived value B the slider starts at (0 to 200).
    expected : float, default 100.0
        The expected value A it starts at (5 to 200).

    Returns
    -------
    Explorer
        The live widget over :func:`kano_result`.

    Examples
    --------
    >>> print(kano_classifier(functional=2, dysfunctional=5).fallback()["text/plain"])
    Kano: must-be (M) | C = B / A = 0.90: dissatisfied
    """
    import ipywidgets as w

    answers = [(pick(text, _ANSWERS_ZH[value]), value) for text, value in _ANSWERS]
    controls = {
        "functional": w.Dropdown(
            options=answers,
            value=functional,
            style=_STYLE,
            description=pick("if offered", "具备时"),
        ),
        "dysfunctional": w.Dropdown(
            options=answers,
            value=dysfunctional,
            style=_STYLE,
            description=pick("if not offered", "不具备时"),
        ),
        "perceived": _slider("float", perceived, 0, 200, 5, pick("perceived value B", "感知值 B")),
        "expected": _slider("float", expected, 5, 200, 5, pick("expected value A", "期望值 A")),
    }
    return _box(controls, kano_result)
