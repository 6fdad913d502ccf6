"""Figures of chapters 1 and 5: loyal-customer profit, cohorts, funnels, readiness, Gantt."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import cycle

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from crmlib._validation import numeric_column, numeric_series, require_table
from crmlib.i18n import pick
from crmlib.plotting._common import figure, use_cjk_font


def loyal_profit_bars(table: pd.DataFrame) -> Figure:
    """Reichheld's picture: a loyal customer's profit by source, stacked by year.

    Positive parts stack upwards from 0, negative ones (the acquisition cost) downwards.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`crmlib.strategy.loyal_customer_profit`: index year, one column per source
        (six colours, repeated from the seventh) and ``total`` (not drawn).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
    *Harvard Business Review*, 68(5), 105–111.

    Examples
    --------
    Years 0–2 and six sources: 18 bars.

    >>> from crmlib.strategy import loyal_customer_profit
    >>> ax = loyal_profit_bars(loyal_customer_profit(2)).axes[0]
    >>> ax.get_title(), len(ax.patches)
    ('Why loyal customers are more profitable', 18)
    """
    require_table(
        table, [], what="table", built_by="crmlib.strategy.loyal_customer_profit", allow_empty=True
    )
    parts = [c for c in table.columns if c != "total"]
    colours = ["#c62828", "#1565c0", "#42a5f5", "#2e7d32", "#f9a825", "#8e24aa"]
    fig, (ax,) = figure(8.0, 4.5)
    bottom_pos = np.zeros(len(table))
    bottom_neg = np.zeros(len(table))
    for part, colour in zip(parts, cycle(colours)):  # every part drawn, colours reused after 6
        values = table[part].to_numpy(dtype=float)
        base = np.where(values >= 0, bottom_pos, bottom_neg)
        ax.bar(table.index, values, bottom=base, color=colour, label=part)
        bottom_pos += np.clip(values, 0, None)
        bottom_neg += np.clip(values, None, 0)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(
        xlabel=pick("year of the relationship", "关系年份"),
        ylabel=pick("profit per customer (yuan)", "每位客户的利润（元）"),
        title=pick("Why loyal customers are more profitable", "为什么忠诚客户更能盈利"),
    )
    ax.legend(fontsize=8, loc="upper left")
    return fig


def cohort_npv_lines(tables: dict[str, pd.DataFrame]) -> Figure:
    """Cumulative NPV of a cohort over the years, one line per scenario.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Scenario name → a :func:`crmlib.strategy.cohort_profit` table (column
        ``cumulative_npv``, index year).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *tables* is not a dict, or a table not a DataFrame.
    ValueError
        If a table lacks ``cumulative_npv``; the message names the function that
        builds it.

    Examples
    --------
    >>> from crmlib.strategy import cohort_profit
    >>> cohort = dict(customers=100, margin=50, acquisition_cost=60, discount_rate=0.1, years=5)
    >>> fig = cohort_npv_lines({"r = 0.7": cohort_profit(retention=0.7, **cohort),
    ...                         "r = 0.8": cohort_profit(retention=0.8, **cohort)})
    >>> [line.get_label() for line in fig.axes[0].get_lines()[:2]]
    ['r = 0.7', 'r = 0.8']
    """
    if not isinstance(tables, Mapping):
        raise TypeError(
            "tables must be a dict of scenario name to cohort_profit table, got "
            f"{type(tables).__name__}"
        )
    for name, table in tables.items():
        require_table(
            table,
            ["cumulative_npv"],
            what=f"tables[{name!r}]",
            built_by="crmlib.strategy.cohort_profit",
            allow_empty=True,
        )
    fig, (ax,) = figure(7.5, 4.5)
    for label, table in tables.items():
        ax.plot(table.index, table["cumulative_npv"], marker="o", markersize=3, label=label)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(
        xlabel=pick("year", "年"),
        ylabel=pick("cumulative NPV of the cohort (yuan)", "客户群的累计净现值（元）"),
        title=pick("Retention economics", "客户保持的经济学"),
    )
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 150,000, not 150000
    ax.legend(fontsize=8)
    return fig


def funnel(table: pd.DataFrame, *, column: str, title: str) -> Figure:
    """A horizontal funnel: one centred bar per stage, widest first, labelled with its count.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per stage, top of the funnel first; the index names the stages.
    column : str
        The column of counts.
    title : str
        The figure's title.

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
    >>> from crmlib.svw import lead_funnel
    >>> fig = funnel(lead_funnel({"people": 10, "hot": 4, "bought": 1}), column="count",
    ...              title="Leads")
    >>> ax = fig.axes[0]
    >>> len(ax.patches), [t.get_text() for t in ax.texts]
    (3, ['people: 10', 'hot: 4', 'bought: 1'])
    """
    require_table(
        table,
        [column],
        what="table",
        built_by="crmlib.strategy.ladder_funnel or crmlib.svw.nested_funnel, or name your "
        "column of counts as column=",
        allow_empty=True,
    )
    fig, (ax,) = figure(7.5, 0.55 * len(table) + 1.2)
    values = numeric_column(table, column, "table").to_numpy()
    top = values.max() if len(values) else 1.0
    y = np.arange(len(table))[::-1]
    ax.barh(y, values, left=(top - values) / 2, color="#1565c0", height=0.7)
    for yi, v, name in zip(y, values, table.index, strict=True):
        inside = v > 0.45 * top  # a narrow bar cannot hold its label: write it beside the bar
        ax.text(
            top / 2 if inside else (top + v) / 2 + 0.02 * top,
            yi,
            f"{name}: {v:,.0f}",
            ha="center" if inside else "left",
            va="center",
            color="white" if inside else "black",
            fontsize=9,
        )
    ax.set_xlim(-0.45 * top, top * 1.45)  # centred, with room for labels beside narrow bars
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def radar(scores: pd.Series, *, title: str, maximum: float = 5.0) -> Figure:
    """A radar (spider) chart of scores, e.g. readiness by success factor.

    Parameters
    ----------
    scores : pandas.Series
        One score per spoke, labelled by the index.
    title : str
        The figure's title.
    maximum : float, default 5.0
        The outer ring (the top of the scale).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *scores* is not a Series.
    ValueError
        If *scores* is empty, or a score is missing or not a number.

    Examples
    --------
    >>> fig = radar(pd.Series({"strategy": 4, "sponsor": 2, "staff": 3}), title="Readiness")
    >>> ax = fig.axes[0]
    >>> ax.name, [t.get_text() for t in ax.get_xticklabels()], ax.get_ylim()
    ('polar', ['strategy', 'sponsor', 'staff'], (np.float64(0.0), np.float64(5.0)))
    """
    values = numeric_series(scores, "scores").to_numpy()
    labels = [str(i) for i in scores.index]
    angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False)
    use_cjk_font()
    fig = Figure(figsize=(6.5, 5.5), layout="constrained")
    ax = fig.add_subplot(projection="polar")
    ax.plot(np.r_[angles, angles[:1]], np.r_[values, values[:1]], color="#1565c0")
    ax.fill(np.r_[angles, angles[:1]], np.r_[values, values[:1]], alpha=0.2, color="#1565c0")
    ax.set_xticks(angles, labels, fontsize=8)
    ax.set_ylim(0, maximum)
    ax.set_title(title)
    return fig


def gantt(plan: pd.DataFrame, *, title: str | None = None) -> Figure:
    """A Gantt chart of dated phases (from :func:`crmlib.implementation.project_plan`).

    Parameters
    ----------
    plan : pandas.DataFrame
        Indexed by phase, first phase first; columns ``start`` and ``end`` (Timestamps).
    title : str, optional
        The title; "Implementation plan" (in the current language) if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per phase, in days from the first start.

    Raises
    ------
    TypeError
        If *plan* is not a DataFrame.
    ValueError
        If *plan* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> from crmlib.implementation import project_plan
    >>> ax = gantt(project_plan("2026-01-05")).axes[0]
    >>> len(ax.patches), ax.get_xlabel()
    (7, 'days from 2026-01-05')
    """
    require_table(
        plan, ["start", "end"], what="plan", built_by="crmlib.implementation.project_plan"
    )
    fig, (ax,) = figure(8.5, 0.45 * len(plan) + 1.4)
    starts = plan["start"]
    y = np.arange(len(plan))[::-1]
    ax.barh(
        y, (plan["end"] - starts).dt.days, left=(starts - starts.min()).dt.days, color="#2e7d32"
    )
    ax.set_yticks(y, [str(i) for i in plan.index], fontsize=8)
    ax.set(
        xlabel=pick(f"days from {starts.min():%Y-%m-%d}", f"自 {starts.min():%Y-%m-%d} 起的天数"),
        title=pick("Implementation plan", "实施计划") if title is None else title,
    )
    return fig


def timeline(history: pd.DataFrame) -> Figure:
    """The eras of CRM history as spans on a time axis.

    Parameters
    ----------
    history : pandas.DataFrame
        One row per era: ``start`` and ``end`` (years) and ``era`` (its name), as
        :data:`crmlib.strategy.CRM_HISTORY`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *history* is not a DataFrame.
    ValueError
        If *history* lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> from crmlib.strategy import CRM_HISTORY
    >>> ax = timeline(CRM_HISTORY).axes[0]
    >>> len(ax.patches), ax.texts[0].get_text()
    (4, 'marketing orientation')
    """
    require_table(
        history,
        ["start", "end", "era"],
        what="history",
        built_by="the columns of crmlib.strategy.CRM_HISTORY",
        allow_empty=True,
    )
    fig, (ax,) = figure(8.5, 2.8)
    y = np.arange(len(history))[::-1]
    ax.barh(y, history["end"] - history["start"], left=history["start"], color="#90caf9")
    for yi, (_, row) in zip(y, history.iterrows(), strict=True):  # four eras
        ax.text(row["start"] + 1, yi, row["era"], va="center", fontsize=8)
    ax.set_yticks([])
    ax.set(
        xlabel=pick("year", "年"),
        title=pick(
            "From paper records to AI: the history of CRM", "从纸质档案到人工智能：CRM的发展历程"
        ),
    )
    return fig
