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
        """The current result as ``text/html`` and ``text/plain``, for static renderings."""
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
    """CLV over *horizon* years (four-step formula) and the infinite-horizon multiple."""
    from crmlib import lifecycle
    from crmlib.plotting._common import figure

    years = np.arange(1, horizon + 1)
    expected = margin * retention**years  # the margin if still a customer, times P(still there)
    finite = lifecycle.customer_lifetime_value(expected, np.zeros(horizon), rate)
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
    """Margin, retention, discount rate and horizon → CLV and its yearly contributions."""
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
    """NPV of a 1,000-customer cohort and the effect of 5 more points of retention."""
    from crmlib import strategy
    from crmlib.plotting.strategy import cohort_npv_lines

    cohort = dict(
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
    """Chapter 1: how retention, margin and acquisition cost drive a cohort's profit."""
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
    """RFM tiers with a chosen number of score levels and a chosen top-tier size."""
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
    """Score levels and tier cut-offs → tier sizes and their share of revenue."""
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
    warns when the matrix is inconsistent (CR ≥ 0.10).
    """
    from crmlib import ahp

    upper = [judgments[f"p{k}"] for k in range(len(judgments))]
    matrix = ahp.pairwise_matrix(upper, list(items))
    report = ahp.consistency_report(matrix)
    weights = ahp.priority_weights(matrix)
    rows = "".join(
        f"<tr><td>{html.escape(i)}</td><td>{w:.3f}</td></tr>" for i, w in weights.items()
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

    >>> nearest_saaty(2.4), nearest_saaty(0.3)
    (2.0, 0.3333333333333333)
    """
    return float(min((j for _, j in SAATY_SCALE), key=lambda j: abs(math.log(j / value))))


def saaty_label(value: float) -> str:
    """The judgment *value* as Saaty writes it: ``1/5``, ``1``, ``3``.

    >>> saaty_label(0.2), saaty_label(1), saaty_label(3.0)
    ('1/5', '1', '3')

    Raises
    ------
    ValueError
        If *value* is not one of the 17 judgments 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
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
    """The Kano category of an answer pair and the satisfaction degree C = B / A."""
    from crmlib import satisfaction

    code = satisfaction.kano_category(functional, dysfunctional)
    name = label(satisfaction.KANO_CATEGORIES.set_index("code").loc[code, "category"])
    c = satisfaction.satisfaction_degree(perceived, expected)
    return (
        f"<b>{pick('Kano', '卡诺分类')}: {name}</b> ({code}) &nbsp; | &nbsp; C = B / A = {c:.2f}: "
        f"{satisfaction.satisfaction_reading(c)}"
    ), None


def kano_classifier(
    functional: int = 1, dysfunctional: int = 3, perceived: float = 90.0, expected: float = 100.0
) -> Explorer:
    """Answer pair → Kano category; perceived and expected value → satisfaction degree."""
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
