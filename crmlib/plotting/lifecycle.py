"""Figures of chapter 3: retention curves, lifecycle stages, BG/NBD, dealer leads."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

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


def clv_conventions(*, margin: float = 100.0, rate: float = 0.10, mark: float = 0.80) -> Figure:
    """The value of a customer against retention under the two CLV conventions.

    Three curves over retention 0 … 0.95: an existing customer, m·r/(1+i−r)
    (:func:`crmlib.lifecycle.retention_clv`), and a new customer whose first margin is certain,
    at the start of each period, m(1+i)/(1+i−r), or at its end, m/(1+i−r)
    (:func:`crmlib.lifecycle.new_customer_clv`); the legend gives each value at retention *mark*.
    """
    from crmlib import lifecycle

    if not 0 <= mark <= 0.95:
        raise ValueError(f"mark must be a retention rate between 0 and 0.95, got {mark}")
    r = np.linspace(0, 0.95, 96)
    curves = {
        "new customer, margins at period starts": lambda x: lifecycle.new_customer_clv(
            margin, x, rate
        ),
        "new customer, margins at period ends": lambda x: lifecycle.new_customer_clv(
            margin, x, rate, first_margin="end"
        ),
        "existing customer, margins at period ends": lambda x: lifecycle.retention_clv(
            margin, x, rate
        ),
    }
    fig, (ax,) = figure(7.5, 4.5)
    colours = ["#1565c0", "#2e7d32", "#c62828"]
    for (label, value), colour in zip(curves.items(), colours, strict=True):
        y = value(mark)
        ax.plot(r, [value(x) for x in r], color=colour, linewidth=2, label=f"{label}: {y:,.2f}")
        ax.plot([mark], [y], "o", color=colour)
    ax.axvline(mark, color="grey", linestyle=":", linewidth=1)
    ax.set(
        xlabel="retention rate r (share of customers kept each period)",
        ylabel=f"customer value (yuan, margin {margin:,.0f} a period)",
        title=f"Two conventions for the value of a customer (discount rate {rate:.0%})",
        xlim=(0, 1),
    )
    ax.legend(title=f"value at r = {mark:.2f}", fontsize=8, title_fontsize=8, loc="upper left")
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


def frequency_recency_matrix(
    params, *, T: float, t: float | None = None, max_frequency: int = 20
) -> Figure:
    """Heat map over frequency x and recency t_x of customers observed for T periods.

    P(alive) by default; with *t*, the purchases each history is expected to make in the next
    t periods. Works for any fitted purchase model of :mod:`crmlib.clv`.
    """
    from crmlib import clv

    x = np.arange(max_frequency + 1)
    t_x = np.linspace(0, T, 60)
    xx, tt = np.meshgrid(x, t_x, indexing="ij")
    history = (xx.ravel(), np.where(xx.ravel() == 0, 0, tt.ravel()), np.full(xx.size, T))
    if t is None:
        values, label, cmap = clv.probability_alive(params, *history), "P(alive)", "RdYlGn"
        title, vmax = f"Probability a customer is still alive (T = {T:g})", 1.0
    else:
        values = clv.expected_purchases(params, *history, t=t)
        label, cmap, vmax = f"expected purchases in the next {t:g}", "viridis", None
        title = f"Expected purchases in the next {t:g} periods (T = {T:g})"
    fig, (ax,) = figure(6.5, 5.0)
    image = ax.imshow(
        np.asarray(values).reshape(xx.shape),
        origin="lower",
        aspect="auto",
        cmap=cmap,
        vmin=0,
        vmax=vmax,
        extent=(0, T, -0.5, max_frequency + 0.5),
    )
    ax.set(
        xlabel="recency: time of the last purchase (weeks)",
        ylabel="frequency: repeat purchases",
        title=title,
    )
    fig.colorbar(image, ax=ax, label=label)
    return fig


def repeat_tracking(
    table: pd.DataFrame, *, calibration_end: float, incremental: bool = False, model: str = "BG/NBD"
) -> Figure:
    """Actual vs model repeat purchases by week (``clv.repeat_tracking_table``).

    Cumulative by default; *incremental* shows each week's purchases instead.
    """
    shown = table.diff().fillna(table.iloc[0]) if incremental else table
    fig, (ax,) = figure(7.5, 4.5)
    ax.plot(shown.index, shown["actual"], color="black", label="actual")
    ax.plot(shown.index, shown["expected"], color="#1565c0", linestyle="--", label=model)
    ax.axvline(calibration_end, color="grey", linestyle=":")
    ax.annotate(
        "end of calibration",
        (calibration_end, 0),
        (calibration_end + 1, 0),
        fontsize=8,
        color="grey",
    )
    kind = "weekly" if incremental else "cumulative"
    ax.set(
        xlabel="week",
        ylabel=f"{kind} repeat purchases",
        title=f"Tracking {kind} repeat purchases: calibration and holdout",
    )
    ax.legend()
    return fig


def period_transactions(table: pd.DataFrame) -> Figure:
    """Customers by number of repeat purchases in calibration, actual vs model.

    *table* is :func:`crmlib.clv.period_transactions`'s; its last row pools the largest counts.
    """
    labels = [str(k) for k in table.index[:-1]] + [f"{table.index[-1]}+"]
    position = np.arange(len(table))
    fig, (ax,) = figure(7.0, 4.0)
    ax.bar(position - 0.2, table["actual"], width=0.4, color="#424242", label="actual")
    ax.bar(position + 0.2, table["model"], width=0.4, color="#90caf9", label="model")
    ax.set_xticks(position, labels)
    ax.set(
        xlabel="repeat purchases in the calibration period",
        ylabel="customers",
        title="How many customers made 0, 1, 2, … repeat purchases",
    )
    ax.legend()
    return fig


def calibration_vs_holdout(table: pd.DataFrame) -> Figure:
    """Mean holdout purchases by calibration frequency, actual vs predicted.

    *table* is :func:`crmlib.clv.holdout_comparison`'s (one row per calibration frequency).
    """
    labels = [str(k) for k in table.index[:-1]] + [f"{table.index[-1]}+"]
    fig, (ax,) = figure(7.0, 4.0)
    ax.plot(labels, table["actual"], color="black", marker="o", label="actual")
    ax.plot(labels, table["predicted"], color="#1565c0", marker="s", linestyle="--", label="model")
    ax.set(
        xlabel="repeat purchases in the calibration period",
        ylabel="mean purchases in the holdout",
        title="Predicted vs actual purchases in the holdout period",
    )
    ax.legend()
    return fig


def alive_history(params, purchase_times, *, T: float, points: int = 200) -> Figure:
    """One customer's P(alive) through time: it jumps at each purchase and decays in between.

    *purchase_times* are the customer's purchase times since the first (0 first), in the
    model's time unit; P(alive) at each time τ uses the history known at τ.
    """
    from crmlib import clv

    times = np.sort(np.asarray(purchase_times, dtype=float))
    if len(times) == 0 or times[0] != 0 or times[-1] > T:
        raise ValueError("purchase_times must start at 0 (the first purchase) and end by T")
    grid = np.union1d(np.linspace(1e-9, T, points), times[1:])
    made = np.searchsorted(times, grid, side="right")  # purchases made by each τ
    last = times[made - 1]
    alive = clv.probability_alive(params, made - 1, last, grid)
    fig, (ax,) = figure(7.5, 3.8)
    ax.plot(grid, alive, color="#2e7d32")
    for moment in times[1:]:
        ax.axvline(moment, color="grey", linewidth=0.6, linestyle=":")
    ax.set(
        xlabel="weeks since the first purchase (dotted: repeat purchases)",
        ylabel="P(alive)",
        ylim=(0, 1.05),
        title="One customer's probability of being alive, week by week",
    )
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
    ax.invert_yaxis()
    ax.set(
        xlabel="leads (number due in the horizon)", title="Lifecycle leads by type and department"
    )
    handles = [Patch(color=colour, label=name) for name, colour in colours.items()]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    return fig
