"""Interactive widgets for the key formulas: thin views over tested crmlib functions.

Each widget is built by a function that returns an ``ipywidgets`` box: controls, an HTML result
and, where a picture helps, an image. The result is recomputed by a plain function of the
control values (``*_result``), so tests set the controls and read ``.result.value`` without a
browser. In a static rendering (nbval, papermill, HTML reports) :func:`show` displays the widget
and a static copy of its current result, so the number is always on the page.
"""

from __future__ import annotations

import html
import io

import numpy as np
import pandas as pd

__all__ = [
    "ahp_editor",
    "clv_calculator",
    "kano_classifier",
    "retention_explorer",
    "rfm_explorer",
    "show",
]

_STYLE = {"description_width": "170px"}
_LAYOUT = {"width": "480px"}


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def _box(controls: dict, compute, *, image: bool = False):
    """Wire *controls* to *compute(**values) -> (html, figure | None)* and return the box."""
    import ipywidgets as w

    result = w.HTML()
    picture = w.Image(format="png") if image else None

    def refresh(_change=None) -> None:
        text, fig = compute(**{name: c.value for name, c in controls.items()})
        result.value = text
        if picture is not None and fig is not None:
            picture.value = _png(fig)

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    box = w.VBox([*controls.values(), result, *([picture] if picture is not None else [])])
    box.controls, box.result, box.picture, box.refresh = controls, result, picture, refresh
    return box


def show(box) -> None:
    """Display the widget, then a static copy of its current result (for static renderings)."""
    from IPython.display import HTML, Image, display

    bundle = box._repr_mimebundle_()
    bundle["text/plain"] = "Interactive widget: move the controls in JupyterLab."
    display(bundle, raw=True)
    display(HTML(box.result.value))
    if box.picture is not None and box.picture.value:
        display(Image(data=bytes(box.picture.value), format="png"))


def _slider(kind: str, value, low, high, step, label: str):
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


def clv_result(margin: float, retention: float, rate: float, horizon: int):
    """CLV over *horizon* years (four-step formula) and the infinite-horizon multiple."""
    from crmlib import lifecycle
    from crmlib.plotting._common import figure

    years = np.arange(1, horizon + 1)
    expected = margin * retention**years  # the margin if still a customer, times P(still there)
    finite = lifecycle.customer_lifetime_value(expected, np.zeros(horizon), rate)
    infinite = lifecycle.retention_clv(margin, retention, rate)
    fig, (ax,) = figure(5.5, 3.0)
    ax.bar(years, expected / (1 + rate) ** years, color="#1565c0")
    ax.set(xlabel="year", ylabel="discounted expected margin", title="Where the CLV comes from")
    text = (
        f"<b>CLV over {horizon} years: {finite:,.2f}</b> &nbsp; "
        f"(all years: m·r/(1+i−r) = {infinite:,.2f}; customers stay {1 / (1 - retention):.1f} "
        "years on average)"
    )
    return text, fig


def clv_calculator(margin=100.0, retention=0.8, rate=0.1, horizon=10):
    """Margin, retention, discount rate and horizon → CLV and its yearly contributions."""
    controls = {
        "margin": _slider("float", margin, 0, 1000, 10, "margin a year"),
        "retention": _slider("float", retention, 0, 0.99, 0.01, "retention rate"),
        "rate": _slider("float", rate, 0, 0.3, 0.01, "discount rate"),
        "horizon": _slider("int", horizon, 1, 30, 1, "horizon (years)"),
    }
    return _box(controls, clv_result, image=True)


# ------------------------------------------------------------------ retention economics (1) ---


def retention_result(
    retention: float, margin: float, acquisition_cost: float, margin_growth: float
):
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
    fig = cohort_npv_lines({f"retention {retention:.0%}": base, f"retention {more:.0%}": better})
    text = (
        f"<b>10-year NPV {uplift['npv_before']:,.0f} → {uplift['npv_after']:,.0f}</b> "
        f"({uplift['change']:+.0%} for 5 more points of retention)"
    )
    return text, fig


def retention_explorer(retention=0.8, margin=100.0, acquisition_cost=150.0, margin_growth=0.0):
    """Chapter 1: how retention, margin and acquisition cost drive a cohort's profit."""
    controls = {
        "retention": _slider("float", retention, 0.3, 0.94, 0.01, "retention rate"),
        "margin": _slider("float", margin, 10, 500, 10, "margin a year"),
        "acquisition_cost": _slider("float", acquisition_cost, 0, 1000, 10, "acquisition cost"),
        "margin_growth": _slider("float", margin_growth, 0, 0.3, 0.01, "margin growth a year"),
    }
    return _box(controls, retention_result, image=True)


# ---------------------------------------------------------------------------- RFM (ch. 2) ---


def rfm_result(bins: int, top_share: float, transactions: pd.DataFrame):
    """RFM tiers with a chosen number of score levels and a chosen top-tier size."""
    from crmlib import segmentation

    rfm = segmentation.rfm_table(transactions)
    scores = segmentation.rfm_scores(rfm, bins=bins, top_share=top_share)
    revenue = scores.groupby("tier", observed=False)["monetary"].sum()
    share = revenue / revenue.sum()
    counts = scores["tier"].value_counts()
    rows = "".join(
        f"<tr><td>{t}</td><td>{counts[t]:,}</td><td>{share.get(t, 0):.0%}</td></tr>"
        for t in ["top", "middle", "bottom"]
    )
    text = f"<table><tr><th>tier</th><th>customers</th><th>share of revenue</th></tr>{rows}</table>"
    return text, None


def rfm_explorer(transactions: pd.DataFrame, bins=5, top_share=0.2):
    """Score levels and tier cut-offs → tier sizes and their share of revenue."""
    controls = {
        "bins": _slider("int", bins, 2, 10, 1, "score levels"),
        "top_share": _slider("float", top_share, 0.05, 0.45, 0.05, "top and bottom tier share"),
    }

    def compute(bins, top_share):
        return rfm_result(bins, top_share, transactions)

    return _box(controls, compute)


# ---------------------------------------------------------------------------- AHP (ch. 4) ---


def ahp_result(items: tuple[str, ...], **judgments: float):
    """Weights, λmax, CI and CR of the matrix the sliders describe, with the warning."""
    from crmlib import ahp

    values = [judgments[f"p{i}"] for i in range(len(judgments))]
    upper = [v if v >= 1 else 1 / (2 - v) for v in values]  # slider −7..7 → Saaty 1/9..9
    matrix = ahp.pairwise_matrix(upper, list(items))
    report = ahp.consistency_report(matrix)
    weights = ahp.priority_weights(matrix)
    rows = "".join(
        f"<tr><td>{html.escape(i)}</td><td>{w:.3f}</td></tr>" for i, w in weights.items()
    )
    warning = (
        ""
        if report["consistent"]
        else "<p style='color:#c62828'><b>Inconsistent (CR ≥ 0.10): revise the judgments.</b></p>"
    )
    text = (
        f"<table><tr><th>item</th><th>weight</th></tr>{rows}</table>"
        f"<p>λmax = {report['lambda_max']:.3f}, CI = {report['CI']:.3f}, "
        f"CR = {report['CR']:.3f}</p>{warning}"
    )
    return text, None


def _saaty_slider(value: float, label: str):
    """A slider from −7 to 9 where 1..9 are Saaty's values and −7..0 stand for 1/9..1/2."""
    position = value if value >= 1 else 2 - 1 / value
    return _slider("int", round(position), -7, 9, 1, label)


def ahp_editor(
    items=("sales service", "after-sales service", "customer care"), judgments=(0.5, 2, 3)
):
    """Pairwise judgments → weights and CR, live. Slider values 1..9 mean 'row is that many
    times as important'; 0, −1, … −7 mean 1/2, 1/3, … 1/9."""
    items = tuple(items)
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    controls = {
        f"p{k}": _saaty_slider(v, f"{a} vs {b}")
        for k, ((a, b), v) in enumerate(zip(pairs, judgments, strict=True))
    }

    def compute(**values):
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


def kano_result(functional: int, dysfunctional: int, perceived: float, expected: float):
    """The Kano category of an answer pair and the satisfaction degree C = B / A."""
    from crmlib import satisfaction

    code = satisfaction.kano_category(functional, dysfunctional)
    name = satisfaction.KANO_CATEGORIES.set_index("code").loc[code, "category"]
    c = satisfaction.satisfaction_degree(perceived, expected)
    return (
        f"<b>Kano: {name}</b> ({code}) &nbsp; | &nbsp; C = B / A = {c:.2f}: "
        f"{satisfaction.satisfaction_reading(c)}"
    ), None


def kano_classifier(functional=1, dysfunctional=3, perceived=90.0, expected=100.0):
    """Answer pair → Kano category; perceived and expected value → satisfaction degree."""
    import ipywidgets as w

    controls = {
        "functional": w.Dropdown(
            options=_ANSWERS, value=functional, style=_STYLE, description="if offered"
        ),
        "dysfunctional": w.Dropdown(
            options=_ANSWERS, value=dysfunctional, style=_STYLE, description="if not offered"
        ),
        "perceived": _slider("float", perceived, 0, 200, 5, "perceived value B"),
        "expected": _slider("float", expected, 5, 200, 5, "expected value A"),
    }
    return _box(controls, kano_result)
