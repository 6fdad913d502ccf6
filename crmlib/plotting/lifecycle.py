"""Figures of chapter 3: retention curves, lifecycle stages, BG/NBD, dealer leads."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib.plotting._common import figure


def retention_curves(table: pd.DataFrame, *, unit: str = "quarter") -> Figure:
    """Retention curve of each acquisition cohort (from :func:`crmlib.lifecycle.cohort_retention`)
    and their customer-weighted mean."""
    fig, (ax,) = figure(7.5, 4.5)
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
    fig, (ax,) = figure(8.0, 4.5)
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
    fig, (ax,) = figure(6.5, 5.0)
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
    fig, (ax,) = figure(7.5, 4.5)
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
    fig, (ax,) = figure(7.5, 4.0)
    ax.barh(
        counts["lead_type"].astype(str), counts[0], color=[colours[d] for d in counts["department"]]
    )
    for name, colour in colours.items():
        ax.bar(0, 0, color=colour, label=name)
    ax.invert_yaxis()
    ax.set(xlabel="leads", title="Lifecycle leads by type and department")
    ax.legend(fontsize=8, loc="lower right")
    return fig
