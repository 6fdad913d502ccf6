"""Figures of the course. Each function returns a matplotlib ``Figure``.

Figures are built with the object-oriented API (``matplotlib.figure.Figure``), not pyplot, so
nothing piles up in pyplot's global list of open figures; Jupyter displays a returned Figure.
This module imports matplotlib, so ``import crmlib`` does not import it: import
``crmlib.plotting`` where you plot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.ticker import FuncFormatter, NullFormatter

from crmlib.concentration import gini_coefficient, lorenz_curve, pareto_table

__all__ = [
    "alive_matrix",
    "improvement_map",
    "kano_curves",
    "kano_plot",
    "lead_workload",
    "pareto_curve",
    "pyramid",
    "repeat_tracking",
    "retention_curves",
    "rfm_heatmap",
    "stage_profile",
    "svcd_scatter",
    "weight_bars",
]

_ZONE_COLOURS = ["#1b5e20", "#43a047", "#c0ca33", "#fb8c00", "#c62828"]


def _plain(text: str) -> str:
    """Escape ``$`` so user text (a company name) is never read as mathtext."""
    return text.replace("$", r"\$")


def _figure(width: float = 7.0, height: float = 4.5, ncols: int = 1) -> tuple[Figure, list]:
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def pyramid(summary: pd.DataFrame, *, title: str = "Customer pyramid (客户金字塔)") -> Figure:
    """Draw the customer pyramid from :func:`crmlib.segmentation.profit_zone_summary`.

    One layer per zone, the top zone at the apex; each layer is labelled with its customers and
    its shares of revenue and profit.
    """
    needed = {"customers", "share_of_customers", "share_of_revenue", "share_of_profit"}
    if not needed <= set(summary.columns):
        raise ValueError(f"summary needs columns {sorted(needed)}; use profit_zone_summary()")
    fig, (ax,) = _figure(8.0, 5.0)
    n = len(summary)
    for level, (zone, row) in enumerate(summary.iterrows()):  # five layers, not transactions
        top, bottom = n - level, n - level - 1
        half_top, half_bottom = level / n, (level + 1) / n
        ax.add_patch(
            Polygon(
                [(-half_bottom, bottom), (half_bottom, bottom), (half_top, top), (-half_top, top)],
                closed=True,
                facecolor=_ZONE_COLOURS[level % 5],
                edgecolor="white",
                linewidth=2,
            )
        )
        ax.text(
            1.05,
            bottom + 0.5,
            (
                f"{zone}: {row['customers']:,} customers ({row['share_of_customers']:.0%})\n"
                f"revenue {row['share_of_revenue']:.0%}, profit {row['share_of_profit']:.0%}"
            ),
            va="center",
            fontsize=9,
        )
    ax.set_xlim(-1.05, 2.6)
    ax.set_ylim(0, n)
    ax.set_axis_off()
    ax.set_title(_plain(title))
    return fig


def pareto_curve(values: pd.Series, *, what: str = "revenue") -> Figure:
    """The 80/20 picture: Pareto curve (largest customers first) and Lorenz curve with Gini."""
    table = pareto_table(values)
    fig, (left, right) = _figure(10.0, 4.2, ncols=2)
    x = np.r_[0.0, table["cum_share_customers"].to_numpy()]
    y = np.r_[0.0, table["cum_share_value"].to_numpy()]
    left.plot(x, y, color="#1565c0")
    k = max(1, round(0.2 * len(table)))
    share = table["cum_share_value"].iloc[k - 1]
    left.axvline(0.2, color="grey", linestyle="--", linewidth=1)
    left.axhline(share, color="grey", linestyle="--", linewidth=1)
    left.annotate(
        f"top 20% bring {share:.0%}",
        (0.2, share),
        (0.3, share - 0.25),
        arrowprops={"arrowstyle": "->"},
    )
    left.set(
        xlabel="share of customers (largest first)",
        ylabel=f"cumulative share of {what}",
        title="Pareto curve (80/20)",
    )
    lorenz = lorenz_curve(values.clip(lower=0))
    gini = gini_coefficient(values.clip(lower=0))
    right.plot(
        lorenz["share_customers"], lorenz["share_value"], color="#c62828", label="Lorenz curve"
    )
    right.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect equality")
    right.fill_between(
        lorenz["share_customers"],
        lorenz["share_value"],
        lorenz["share_customers"],
        alpha=0.15,
        color="#c62828",
    )
    right.set(
        xlabel="share of customers (smallest first)",
        ylabel=f"cumulative share of {what}",
        title=f"Lorenz curve, Gini = {gini:.3f}",
    )
    right.legend(loc="upper left")
    return fig


def rfm_heatmap(scores: pd.DataFrame, *, value: str = "monetary") -> Figure:
    """Heat map of the mean *value* (and customer count) in each R x F score cell."""
    if not {"R", "F", value} <= set(scores.columns):
        raise ValueError(f"scores needs columns R, F and {value}; use rfm_scores()")
    grid = scores.pivot_table(
        index="F", columns="R", values=value, aggfunc="mean", observed=False
    ).sort_index(ascending=False)
    counts = scores.pivot_table(
        index="F", columns="R", values=value, aggfunc="size", observed=False
    ).reindex_like(grid)
    fig, (ax,) = _figure(6.5, 5.0)
    image = ax.imshow(grid.to_numpy(dtype=float), cmap="viridis", aspect="auto")
    for (i, j), mean in np.ndenumerate(grid.to_numpy(dtype=float)):
        if not np.isnan(mean):
            ax.text(
                j,
                i,
                f"{mean:,.0f}\nn={int(counts.to_numpy()[i, j])}",
                ha="center",
                va="center",
                color="white" if mean < np.nanmax(grid.to_numpy()) / 2 else "black",
                fontsize=8,
            )
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), grid.index)
    ax.set(
        xlabel="R score (5 = most recent)",
        ylabel="F score (5 = most frequent)",
        title=f"Mean {value} by RFM cell",
    )
    fig.colorbar(image, ax=ax, label=f"mean {value}")
    return fig


def svcd_scatter(
    amount: pd.Series,
    frequency: pd.Series,
    svcd: pd.Series,
    *,
    amount_split: float,
    frequency_split: float,
) -> Figure:
    """SVCD grid: each customer's average purchase against purchases per quarter, by class."""
    colours = {"Star": "#f9a825", "Volcano": "#c62828", "Cow": "#2e7d32", "Dog": "#757575"}
    fig, (ax,) = _figure(7.0, 5.0)
    for name, colour in colours.items():
        mask = (svcd == name).to_numpy()
        ax.scatter(
            amount[mask],
            frequency[mask],
            s=10,
            alpha=0.6,
            color=colour,
            label=f"{name} ({int(mask.sum()):,})",
        )
    ax.axvline(amount_split, color="black", linewidth=1)
    ax.axhline(frequency_split, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())
    ax.set(
        xlabel="average purchase amount (yuan, log scale)",
        ylabel="purchases per quarter (log scale)",
        title="SVCD: Star, Volcano, Cow, Dog",
    )
    ax.legend(loc="upper left", fontsize=8)
    return fig


# ------------------------------------------------------------------------------ chapter 3 ---


def retention_curves(table: pd.DataFrame, *, unit: str = "quarter") -> Figure:
    """Retention curve of each acquisition cohort (from :func:`crmlib.lifecycle.cohort_retention`)
    and their customer-weighted mean."""
    fig, (ax,) = _figure(7.5, 4.5)
    for cohort, row in table.iterrows():  # one line per cohort, a handful of rows
        ax.plot(row.index, row.to_numpy(), marker="o", markersize=3, alpha=0.5, label=str(cohort))
    ax.plot(table.columns, table.mean().to_numpy(), color="black", linewidth=2.5, label="mean")
    ax.set(
        xlabel=f"{unit}s since acquisition",
        ylabel="share of the cohort buying",
        title="Retention by acquisition cohort",
        ylim=(0, 1.05),
    )
    ax.legend(fontsize=7, ncol=2)
    return fig


def stage_profile(summary: pd.DataFrame) -> Figure:
    """Customers per lifecycle stage (bars) and profit per customer (line), in stage order."""
    needed = {"customers", "profit"}
    if not needed <= set(summary.columns):
        raise ValueError("summary needs customers and profit; use segment_summary by stage")
    fig, (ax,) = _figure(8.0, 4.5)
    stages = [str(s) for s in summary.index]
    ax.bar(stages, summary["customers"], color="#90caf9")
    ax.set_ylabel("customers")
    per_customer = summary["profit"] / summary["customers"].where(summary["customers"] > 0)
    twin = ax.twinx()
    twin.plot(stages, per_customer.to_numpy(), color="#c62828", marker="o", linewidth=2)
    twin.set_ylabel("profit per customer (yuan)", color="#c62828")
    ax.set_title("Lifecycle stages: customers and profitability")
    ax.tick_params(axis="x", rotation=20)
    return fig


def alive_matrix(params, *, T: float, max_frequency: int = 20) -> Figure:
    """P(alive) for every frequency x and recency t_x of a customer observed for T periods."""
    from crmlib.clv_models import probability_alive

    x = np.arange(max_frequency + 1)
    t_x = np.linspace(0, T, 60)
    xx, tt = np.meshgrid(x, t_x, indexing="ij")
    prob = probability_alive(
        params, xx.ravel(), np.where(xx.ravel() == 0, 0, tt.ravel()), np.full(xx.size, T)
    ).reshape(xx.shape)
    fig, (ax,) = _figure(6.5, 5.0)
    image = ax.imshow(
        prob,
        origin="lower",
        aspect="auto",
        cmap="RdYlGn",
        vmin=0,
        vmax=1,
        extent=(0, T, -0.5, max_frequency + 0.5),
    )
    ax.set(
        xlabel="recency: time of the last purchase",
        ylabel="frequency: repeat purchases",
        title=f"Probability a customer is still alive (T = {T:g})",
    )
    fig.colorbar(image, ax=ax, label="P(alive)")
    return fig


def repeat_tracking(table: pd.DataFrame, *, calibration_end: float) -> Figure:
    """Actual vs model cumulative repeat purchases (from ``repeat_tracking_table``)."""
    fig, (ax,) = _figure(7.5, 4.5)
    ax.plot(table.index, table["actual"], color="black", label="actual")
    ax.plot(table.index, table["expected"], color="#1565c0", linestyle="--", label="BG/NBD")
    ax.axvline(calibration_end, color="grey", linestyle=":")
    ax.annotate(
        "end of calibration",
        (calibration_end, 0),
        (calibration_end + 1, 0),
        fontsize=8,
        color="grey",
    )
    ax.set(
        xlabel="week",
        ylabel="cumulative repeat purchases",
        title="Tracking repeat purchases: calibration and holdout",
    )
    ax.legend()
    return fig


def lead_workload(leads: pd.DataFrame) -> Figure:
    """Leads per type, coloured by the department that owns them."""
    counts = leads.groupby(["lead_type", "department"], observed=True).size().reset_index()
    colours = dict(
        zip(
            sorted(counts["department"].unique()),
            ["#1565c0", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a"],
            strict=False,
        )
    )
    fig, (ax,) = _figure(7.5, 4.0)
    ax.barh(
        counts["lead_type"].astype(str), counts[0], color=[colours[d] for d in counts["department"]]
    )
    for name, colour in colours.items():
        ax.bar(0, 0, color=colour, label=name)
    ax.invert_yaxis()
    ax.set(xlabel="leads", title="Lifecycle leads by type and department")
    ax.legend(fontsize=8, loc="lower right")
    return fig


# ------------------------------------------------------------------------------ chapter 4 ---


def kano_curves() -> Figure:
    """The Kano picture: satisfaction against fulfilment for the three kinds of quality."""
    x = np.linspace(0, 1, 100)
    fig, (ax,) = _figure(6.5, 4.5)
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
    fig, (ax,) = _figure(7.5, 5.5)
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
    fig, (ax,) = _figure(7.5, 5.5)
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
    fig, (ax,) = _figure(7.5, 0.35 * len(table) + 1.2)
    names = [str(labels[i]) if labels is not None else str(i) for i in table.index]
    ax.barh(names, table["global_weight"], color=[palette[c] for c in table["criterion"]])
    for criterion, colour in palette.items():
        ax.bar(0, 0, color=colour, label=criterion)
    ax.set(xlabel="global weight", title="AHP weights of the satisfaction indicators")
    ax.legend(fontsize=8, loc="lower right")
    return fig
