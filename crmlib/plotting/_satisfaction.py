"""Figures of chapter 4: Kano, improvement map, AHP weights."""

from __future__ import annotations

from itertools import cycle

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from crmlib._validation import require_series, require_table
from crmlib.i18n import label, pick
from crmlib.plotting._common import figure
from crmlib.pls_path import ACSI_PATHS, ECSI_PATHS


def kano_curves() -> Figure:
    """The Kano picture: satisfaction against fulfilment for the three kinds of quality.

    Illustrative shapes, not data: one-dimensional quality rises in a straight line,
    attractive quality delights only when present, must-be quality only dissatisfies when
    absent (Kano et al. 1984).

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and must-be
    quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39–48.

    Examples
    --------
    >>> [line.get_label() for line in kano_curves().axes[0].get_lines()[:3]]
    ['one-dimensional (expected)', 'attractive (delighter)', 'must-be (basic)']
    """
    x = np.linspace(0, 1, 100)
    fig, (ax,) = figure(6.5, 4.5)
    ax.plot(
        x,
        2 * x - 1,
        color="#1565c0",
        label=pick("one-dimensional (expected)", "期望质量（一元质量）"),
    )
    ax.plot(
        x,
        np.expm1(3 * x) / np.expm1(3) * 1.0 - 0.02,
        color="#2e7d32",
        label=pick("attractive (delighter)", "迷人质量（魅力质量）"),
    )
    ax.plot(
        x,
        -np.expm1(3 * (1 - x)) / np.expm1(3) + 0.02,
        color="#c62828",
        label=pick("must-be (basic)", "当然质量（基本质量）"),
    )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set(
        xlabel=pick("fulfilment (absent → fully present)", "具备程度（不具备 → 充分具备）"),
        ylabel=pick("satisfaction (dissatisfied → delighted)", "满意程度（不满意 → 非常满意）"),
        title=pick("Kano model: three kinds of quality", "卡诺模型：三种质量"),
        xticks=[],
        yticks=[],
    )
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _spread(x: pd.Series, y: pd.Series, gap: float = 0.045) -> list[float]:
    """Label heights near the points' own, at least *gap* apart among neighbours in x.

    Points are taken from the top down; a label that would sit within *gap* of the label of a
    point nearby in x (within 0.3) is moved down below it, so no two labels overprint.
    """
    placed: list[tuple[float, float]] = []  # (x, label height)
    heights = {}
    for k in sorted(range(len(y)), key=lambda i: -float(y.iloc[i])):
        height = float(y.iloc[k])
        for px, py in sorted(placed, key=lambda item: -item[1]):
            if abs(px - float(x.iloc[k])) < 0.3 and abs(py - height) < gap:
                height = py - gap
        placed.append((float(x.iloc[k]), height))
        heights[k] = height
    return [heights[k] for k in range(len(y))]


def kano_plot(summary: pd.DataFrame) -> Figure:
    """Better against |Worse| for each feature (from :func:`crmlib.satisfaction.kano_summary`).

    Lines at 0.5 split the plane into attractive (top left), one-dimensional (top right),
    must-be (bottom right) and indifferent (bottom left) features (Berger et al. 1993).

    Parameters
    ----------
    summary : pandas.DataFrame
        Indexed by feature; columns ``better`` and ``worse`` (negative, as published).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *summary* is not a DataFrame.
    ValueError
        If *summary* lacks a column; the message names the function that builds it.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality Management Journal*, 2(4), 3–36.

    Examples
    --------
    >>> summary = pd.DataFrame({"better": [0.8, 0.2], "worse": [-0.3, -0.7]},
    ...                        index=["app", "brakes"])
    >>> ax = kano_plot(summary).axes[0]
    >>> ax.collections[0].get_offsets().tolist()
    [[0.3, 0.8], [0.7, 0.2]]
    """
    require_table(
        summary,
        ["better", "worse"],
        what="summary",
        built_by="crmlib.satisfaction.kano_summary",
        allow_empty=True,
    )
    fig, (ax,) = figure(7.5, 5.5)
    x, y = summary["worse"].abs(), summary["better"]
    ax.scatter(x, y, color="#1565c0")
    for name, xi, yi, ty in zip(summary.index, x, y, _spread(x, y), strict=True):
        right = xi > 0.6  # labels of points near the right edge go to their left
        ax.annotate(
            str(name),
            (xi, yi),
            (xi - 0.03 if right else xi + 0.03, ty),
            ha="right" if right else "left",
            va="center",
            fontsize=8,
            arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.5},
        )
    ax.axvline(0.5, color="grey", linestyle="--")
    ax.axhline(0.5, color="grey", linestyle="--")
    for text, (tx, ty) in {
        "attractive": (0.02, 0.97), "one-dimensional": (0.98, 0.97),
        "indifferent": (0.02, 0.03), "must-be": (0.98, 0.03),
    }.items():  # fmt: skip
        ax.text(
            tx,
            ty,
            label(text),
            transform=ax.transAxes,
            ha="left" if tx < 0.5 else "right",
            va="top" if ty > 0.5 else "bottom",
            color="grey",
            fontsize=9,
        )
    ax.set(
        xlim=(0, 1.05),
        ylim=(0, 1.05),
        xlabel=pick("|Worse|: dissatisfaction if absent", "|Worse|：不具备时的不满意系数"),
        ylabel=pick("Better: satisfaction if present", "Better：具备时的满意系数"),
        title=pick("Kano: Better and Worse coefficients", "卡诺模型：Better与Worse系数"),
    )
    return fig


def improvement_map(table: pd.DataFrame, *, labels: pd.Series | None = None) -> Figure:
    """The importance–performance map (from :func:`crmlib.satisfaction.improvement_map`).

    Dashed lines at the mean importance and mean performance divide the four areas.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by indicator; columns ``importance``, ``performance`` and ``area`` (code or
        display label).
    labels : pandas.Series, optional
        Text to write beside each indicator, indexed like *table* (the index if omitted).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.
    ValueError
        If *table* lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> table = pd.DataFrame({"importance": [0.9, 0.1], "performance": [2.0, 4.0],
    ...                       "area": ["urgent improvement", "nice-to-have"]}, index=["Q1", "Q2"])
    >>> ax = improvement_map(table).axes[0]
    >>> [t.get_text() for t in ax.texts], ax.get_lines()[0].get_xdata()[0]
    (['Q1', 'Q2'], np.float64(0.5))
    """
    require_table(
        table,
        ["importance", "performance", "area"],
        what="table",
        built_by="crmlib.satisfaction.improvement_map",
        allow_empty=True,
    )
    colours = {
        "urgent improvement": "#c62828",
        "competitive advantage": "#2e7d32",
        "secondary improvement": "#f9a825",
        "nice-to-have": "#757575",
    }
    fig, (ax,) = figure(7.5, 5.5)
    for code, colour in colours.items():
        area = label(code)  # the areas as improvement_map names them, in either language
        part = table[table["area"].isin([code, area])]
        ax.scatter(part["importance"], part["performance"], color=colour, label=area, s=40)
    points = zip(table.index, table["importance"], table["performance"], strict=True)
    for name, importance, performance in points:  # one label per indicator: a dozen rows
        text = str(labels[name]) if labels is not None else str(name)
        ax.annotate(
            text,
            (importance, performance),
            (4, 3),
            textcoords="offset points",
            fontsize=7,
        )
    ax.axvline(table["importance"].mean(), color="grey", linestyle="--")
    ax.axhline(table["performance"].mean(), color="grey", linestyle="--")
    ax.set(
        xlabel=pick("importance", "重要性"),
        ylabel=pick("performance (satisfaction)", "表现（满意度）"),
        title=pick("Improvement map", "改进矩阵"),
    )
    ax.legend(fontsize=8, loc="lower left")
    return fig


def weight_bars(synthesis: pd.DataFrame, *, labels: pd.Series | None = None) -> Figure:
    """Global AHP weights of the indicators, heaviest first, coloured by criterion.

    Parameters
    ----------
    synthesis : pandas.DataFrame
        From :func:`crmlib.ahp.synthesize`: indexed by indicator; columns ``criterion`` and
        ``global_weight`` (four colours, repeated from the fifth criterion).
    labels : pandas.Series, optional
        Bar labels, indexed like *synthesis* (the index if omitted).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *synthesis* is not a DataFrame.
    ValueError
        If *synthesis* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    The heaviest bar is drawn at the top (barh draws upwards):

    >>> from crmlib.ahp import pairwise_matrix, synthesize
    >>> h = {"goal": pairwise_matrix([3], ["price", "quality"]),
    ...      "price": pairwise_matrix([3], ["cost", "terms"]),
    ...      "quality": pairwise_matrix([], ["defects"])}
    >>> ax = weight_bars(synthesize(h)).axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['terms', 'defects', 'cost']
    """
    require_table(
        synthesis,
        ["criterion", "global_weight"],
        what="synthesis",
        built_by="crmlib.ahp.synthesize",
    )
    table = synthesis.sort_values("global_weight")
    criteria = list(dict.fromkeys(synthesis["criterion"]))
    # four colours, reused from the fifth criterion on
    palette = dict(zip(criteria, cycle(["#1565c0", "#2e7d32", "#f9a825", "#c62828"])))
    fig, (ax,) = figure(7.5, 0.35 * len(table) + 1.2)
    names = [str(labels[i]) if labels is not None else str(i) for i in table.index]
    ax.barh(names, table["global_weight"], color=[palette[c] for c in table["criterion"]])
    ax.set(
        xlabel=pick(
            "global weight (share of the goal, weights sum to 1)",
            "总排序权重（占目标的份额，权重之和为1）",
        ),
        title=pick("AHP weights of the satisfaction indicators", "满意度指标的AHP权重"),
        xlim=(0, table["global_weight"].max() * 1.1),
    )
    # legend entries drawn as patches: a zero-size bar at x = 0 would stretch the axis to -0.4
    handles = [Patch(color=colour, label=str(criterion)) for criterion, colour in palette.items()]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    return fig


#: The satisfaction-index models as path diagrams: box positions (x, y) and the causal paths.
#: ACSI: Fornell et al. (1996); SCSB: Fornell (1992); both as the source (003) draws them.
#: ECSI: the European model (ECSI Technical Committee 1998) in the form Tenenhaus et al. (2005)
#: estimate on the mobile-phone survey: corporate image added as a driver of expectations,
#: satisfaction and loyalty. The ACSI's and the ECSI's paths are :mod:`crmlib.pls_path`'s: one
#: list of paths for the diagram and the estimation.
INDEX_MODELS: dict[str, tuple[dict[str, tuple[float, float]], list[tuple[str, str]]]] = {
    "ACSI": (
        {
            "customer expectations": (0.0, 2.0),
            "perceived quality": (0.0, 0.0),
            "perceived value": (1.3, 1.0),
            "customer satisfaction": (2.6, 1.0),
            "customer complaints": (3.9, 2.0),
            "customer loyalty": (3.9, 0.0),
        },
        ACSI_PATHS,
    ),
    "SCSB": (
        {
            "customer expectations": (0.0, 2.0),
            "perceived value": (0.0, 0.0),
            "customer satisfaction": (1.6, 1.0),
            "customer complaints": (3.2, 2.0),
            "customer loyalty": (3.2, 0.0),
        },
        [
            ("customer expectations", "perceived value"),
            ("customer expectations", "customer satisfaction"),
            ("perceived value", "customer satisfaction"),
            ("customer satisfaction", "customer complaints"),
            ("customer satisfaction", "customer loyalty"),
            ("customer complaints", "customer loyalty"),
        ],
    ),
    "ECSI": (
        {
            "corporate image": (2.6, 2.4),
            "customer expectations": (0.0, 2.0),
            "perceived quality": (0.0, 0.0),
            "perceived value": (1.3, 1.1),
            "customer satisfaction": (2.6, 1.0),
            "customer complaints": (3.9, 0.0),
            "customer loyalty": (3.9, 1.9),
        },
        ECSI_PATHS,
    ),
}


#: The constructs' Chinese names, as source 003 writes them.
_CONSTRUCTS_ZH = {
    "corporate image": "企业形象",
    "customer expectations": "顾客期望",
    "perceived quality": "感知质量",
    "perceived value": "感知价值",
    "customer satisfaction": "顾客满意度",
    "customer complaints": "顾客抱怨",
    "customer loyalty": "顾客忠诚",
}


def index_model(name: str = "ACSI", *, paths: pd.Series | None = None) -> Figure:
    """Path diagram of a satisfaction-index model: ``"ACSI"``, ``"SCSB"`` or ``"ECSI"``.

    Boxes are the constructs (latent variables), arrows the causal paths (ACSI: Fornell et al.
    1996; SCSB: Fornell 1992; ECSI as Tenenhaus et al. 2005 estimate it).

    Parameters
    ----------
    name : {"ACSI", "SCSB", "ECSI"}, default "ACSI"
        The model (:data:`INDEX_MODELS`).
    paths : pandas.Series, optional
        Estimated coefficients indexed by (from, to) pairs (e.g. ``fit.paths`` of
        :func:`crmlib.pls_path.fit_pls_path`), written on their arrows.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *paths* is given but is not a Series.
    ValueError
        If *name* is not a known model.

    References
    ----------
    Fornell, C. (1992). A national customer satisfaction barometer: the Swedish experience.
    *Journal of Marketing*, 56(1), 6–21.
    Fornell, C. et al. (1996). The American Customer Satisfaction Index. *Journal of
    Marketing*, 60(4), 7–18.

    Examples
    --------
    SCSB has five constructs (boxes with text) and six paths (arrows, annotations without
    text); the one coefficient given is written on its arrow:

    >>> path = pd.Series({("customer satisfaction", "customer loyalty"): 0.456})
    >>> texts = [t.get_text() for t in index_model("SCSB", paths=path).axes[0].texts]
    >>> texts.count(""), texts[-2]
    (6, '0.46')
    """
    if name not in INDEX_MODELS:
        raise ValueError(f"no model {name!r}; choose one of {list(INDEX_MODELS)}")
    if paths is not None:
        require_series(paths, "paths", allow_empty=True)
    boxes, arrows = INDEX_MODELS[name]
    xs = [x for x, _ in boxes.values()]
    ys = [y for _, y in boxes.values()]
    fig, (ax,) = figure(8.0, 4.2 * (max(ys) - min(ys) + 1.2) / 3.2)  # 4.2 high for 0..2
    style = {"boxstyle": "round,pad=0.5", "facecolor": "#e3f2fd", "edgecolor": "#1565c0"}
    for construct, (x, y) in boxes.items():
        shown = pick(construct.replace(" ", "\n", 1), _CONSTRUCTS_ZH[construct])
        ax.text(x, y, shown, ha="center", va="center", fontsize=9, bbox=style)
    for start, end in arrows:
        (x0, y0), (x1, y1) = boxes[start], boxes[end]
        ax.annotate(
            "",
            (x1, y1),
            (x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": "#424242", "shrinkA": 28, "shrinkB": 28},
        )
        if paths is not None and (start, end) in paths.index:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.08, f"{paths[(start, end)]:.2f}",
                    ha="center", fontsize=8, color="#c62828")  # fmt: skip
    ax.set(
        xlim=(min(xs) - 0.7, max(xs) + 0.7),
        ylim=(min(ys) - 0.6, max(ys) + 0.6),
        title=pick(f"The {name} model", f"{name}模型"),
    )
    ax.set_axis_off()
    return fig
