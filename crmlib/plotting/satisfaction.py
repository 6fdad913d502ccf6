"""Figures of chapter 4: Kano, improvement map, AHP weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib.plotting._common import figure


def kano_curves() -> Figure:
    """The Kano picture: satisfaction against fulfilment for the three kinds of quality."""
    x = np.linspace(0, 1, 100)
    fig, (ax,) = figure(6.5, 4.5)
    ax.plot(x, 2 * x - 1, color="#1565c0", label="one-dimensional (expected)")
    ax.plot(
        x,
        np.expm1(3 * x) / np.expm1(3) * 1.0 - 0.02,
        color="#2e7d32",
        label="attractive (delighter)",
    )
    ax.plot(
        x, -np.expm1(3 * (1 - x)) / np.expm1(3) + 0.02, color="#c62828", label="must-be (basic)"
    )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set(
        xlabel="fulfilment (absent → fully present)",
        ylabel="satisfaction (dissatisfied → delighted)",
        title="Kano model: three kinds of quality",
        xticks=[],
        yticks=[],
    )
    ax.legend(fontsize=8, loc="upper left")
    return fig


def kano_plot(summary: pd.DataFrame) -> Figure:
    """Better against |Worse| for each feature (from :func:`crmlib.satisfaction.kano_summary`).

    Lines at 0.5 split the plane into attractive (top left), one-dimensional (top right),
    must-be (bottom right) and indifferent (bottom left) features.
    """
    fig, (ax,) = figure(7.5, 5.5)
    x, y = summary["worse"].abs(), summary["better"]
    ax.scatter(x, y, color="#1565c0")
    for name, xi, yi in zip(summary.index, x, y, strict=True):
        ax.annotate(str(name), (xi, yi), (4, 4), textcoords="offset points", fontsize=8)
    ax.axvline(0.5, color="grey", linestyle="--")
    ax.axhline(0.5, color="grey", linestyle="--")
    for text, (tx, ty) in {
        "attractive": (0.02, 0.97), "one-dimensional": (0.98, 0.97),
        "indifferent": (0.02, 0.03), "must-be": (0.98, 0.03),
    }.items():  # fmt: skip
        ax.text(
            tx,
            ty,
            text,
            transform=ax.transAxes,
            ha="left" if tx < 0.5 else "right",
            va="top" if ty > 0.5 else "bottom",
            color="grey",
            fontsize=9,
        )
    ax.set(
        xlim=(0, 1.05),
        ylim=(0, 1.05),
        xlabel="|Worse|: dissatisfaction if absent",
        ylabel="Better: satisfaction if present",
        title="Kano: Better and Worse coefficients",
    )
    return fig


def improvement_map(table: pd.DataFrame, *, labels: pd.Series | None = None) -> Figure:
    """The importance–performance map (from :func:`crmlib.satisfaction.improvement_map`)."""
    colours = {
        "urgent improvement": "#c62828",
        "competitive advantage": "#2e7d32",
        "secondary improvement": "#f9a825",
        "nice-to-have": "#757575",
    }
    fig, (ax,) = figure(7.5, 5.5)
    for area, colour in colours.items():
        part = table[table["area"] == area]
        ax.scatter(part["importance"], part["performance"], color=colour, label=area, s=40)
    for name, row in table.iterrows():  # one label per indicator: a dozen rows
        text = str(labels[name]) if labels is not None else str(name)
        ax.annotate(
            text,
            (row["importance"], row["performance"]),
            (4, 3),
            textcoords="offset points",
            fontsize=7,
        )
    ax.axvline(table["importance"].mean(), color="grey", linestyle="--")
    ax.axhline(table["performance"].mean(), color="grey", linestyle="--")
    ax.set(xlabel="importance", ylabel="performance (satisfaction)", title="Improvement map")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def weight_bars(synthesis: pd.DataFrame, *, labels: pd.Series | None = None) -> Figure:
    """Global AHP weights of the indicators, heaviest first, coloured by criterion."""
    table = synthesis.sort_values("global_weight")
    criteria = list(dict.fromkeys(synthesis["criterion"]))
    palette = dict(zip(criteria, ["#1565c0", "#2e7d32", "#f9a825", "#c62828"], strict=False))
    fig, (ax,) = figure(7.5, 0.35 * len(table) + 1.2)
    names = [str(labels[i]) if labels is not None else str(i) for i in table.index]
    ax.barh(names, table["global_weight"], color=[palette[c] for c in table["criterion"]])
    for criterion, colour in palette.items():
        ax.bar(0, 0, color=colour, label=criterion)
    ax.set(xlabel="global weight", title="AHP weights of the satisfaction indicators")
    ax.legend(fontsize=8, loc="lower right")
    return fig
