"""Figures of chapter 2: the pyramid, Pareto and Lorenz curves, RFM heat map, SVCD grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from crmlib._validation import numeric_column, require_same_index, require_series, require_table
from crmlib.concentration import gini_coefficient, lorenz_curve, pareto_table, top_share
from crmlib.i18n import label, pick
from crmlib.plotting._common import figure, measure, plain

_ZONE_COLOURS = ["#1b5e20", "#43a047", "#c0ca33", "#fb8c00", "#c62828"]


def pyramid(summary: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Draw the customer pyramid from :func:`crmlib.segmentation.profit_zone_summary`.

    One layer per zone, the top zone at the apex; each layer is labelled with its customers and
    its shares of revenue and profit.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per zone, top zone first, indexed by zone name; columns ``customers``,
        ``share_of_customers``, ``share_of_revenue`` and ``share_of_profit``.
    title : str, optional
        The title; "Customer pyramid" (in the current language) if omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *summary* is not a DataFrame.
    ValueError
        If *summary* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> summary = pd.DataFrame({"customers": [20, 80], "share_of_customers": [0.2, 0.8],
    ...                         "share_of_revenue": [0.7, 0.3], "share_of_profit": [0.9, 0.1]},
    ...                        index=["top", "rest"])
    >>> ax = pyramid(summary).axes[0]
    >>> len(ax.patches), ax.texts[0].get_text().splitlines()
    (2, ['top: 20 customers (20%)', 'revenue 70%, profit 90%'])
    """
    require_table(
        summary,
        ["customers", "share_of_customers", "share_of_revenue", "share_of_profit"],
        what="summary",
        built_by="crmlib.segmentation.profit_zone_summary",
    )
    for column in ["customers", "share_of_customers", "share_of_revenue", "share_of_profit"]:
        numeric_column(summary, column, "summary")
    fig, (ax,) = figure(8.0, 5.0)
    n = len(summary)
    for level, (zone, row) in enumerate(summary.iterrows()):  # five layers, not transactions
        # iterrows makes an all-numeric row float: int() keeps "20 customers", not "20.0"
        customers = int(row["customers"])
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
            pick(
                f"{zone}: {customers:,} customers ({row['share_of_customers']:.0%})\n"
                f"revenue {row['share_of_revenue']:.0%}, profit {row['share_of_profit']:.0%}",
                f"{zone}：{customers:,} 位客户（{row['share_of_customers']:.0%}）\n"
                f"收入 {row['share_of_revenue']:.0%}，利润 {row['share_of_profit']:.0%}",
            ),
            va="center",
            fontsize=9,
        )
    ax.set_xlim(-1.05, 2.6)
    ax.set_ylim(0, n)
    ax.set_axis_off()
    ax.set_title(plain(pick("Customer pyramid", "客户金字塔") if title is None else title))
    return fig


def pareto_curve(values: pd.Series, *, what: str = "revenue") -> Figure:
    """The 80/20 picture: Pareto curve (largest customers first) and Lorenz curve with Gini.

    Left, the cumulative share of *what* against the share of customers, largest first, with
    the top 20 % marked; right, the Lorenz curve (smallest first, negative values as 0) and
    its Gini coefficient (:mod:`crmlib.concentration`).

    Parameters
    ----------
    values : pandas.Series
        One value per customer (revenue, profit, …).
    what : str, default "revenue"
        The measure's name, for the axes.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes.

    Examples
    --------
    Five customers, one bringing 60 of 100: the top 20 % bring 60 %.

    >>> fig = pareto_curve(pd.Series([60, 10, 10, 10, 10]))
    >>> fig.axes[0].texts[0].get_text(), fig.axes[1].get_title()
    ('top 20% bring 60%', 'Lorenz curve, Gini = 0.400')
    """
    table = pareto_table(values)
    fig, (left, right) = figure(10.0, 4.2, ncols=2)
    x = np.r_[0.0, table["cum_share_customers"].to_numpy()]
    y = np.r_[0.0, table["cum_share_value"].to_numpy()]
    left.plot(x, y, color="#1565c0")
    share = top_share(values, 0.2)
    left.axvline(0.2, color="grey", linestyle="--", linewidth=1)
    left.axhline(share, color="grey", linestyle="--", linewidth=1)
    left.annotate(
        pick(f"top 20% bring {share:.0%}", f"前20%的客户带来 {share:.0%}"),
        (0.2, share),
        (0.3, share - 0.25),
        arrowprops={"arrowstyle": "->"},
    )
    left.set(
        xlabel=pick("share of customers (largest first)", "客户占比（从大到小）"),
        ylabel=pick(f"cumulative share of {what}", f"{measure(what)}的累计占比"),
        title=pick("Pareto curve (80/20)", "帕累托曲线（80/20法则）"),
    )
    lorenz = lorenz_curve(values.clip(lower=0))
    gini = gini_coefficient(values.clip(lower=0))
    right.plot(
        lorenz["share_customers"],
        lorenz["share_value"],
        color="#c62828",
        label=pick("Lorenz curve", "洛伦兹曲线"),
    )
    right.plot(
        [0, 1], [0, 1], color="grey", linestyle=":", label=pick("perfect equality", "绝对平均线")
    )
    right.fill_between(
        lorenz["share_customers"],
        lorenz["share_value"],
        lorenz["share_customers"],
        alpha=0.15,
        color="#c62828",
    )
    right.set(
        xlabel=pick("share of customers (smallest first)", "客户占比（从小到大）"),
        ylabel=pick(f"cumulative share of {what}", f"{measure(what)}的累计占比"),
        title=pick(f"Lorenz curve, Gini = {gini:.3f}", f"洛伦兹曲线，基尼系数 = {gini:.3f}"),
    )
    right.legend(loc="upper left")
    return fig


def rfm_heatmap(
    scores: pd.DataFrame, *, value: str = "monetary", unit: str | None = None
) -> Figure:
    """Heat map of the mean *value* (and customer count) in each R x F score cell.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per customer with the scores ``R`` and ``F`` and the column *value*
        (:func:`crmlib.segmentation.rfm_scores`).
    value : str, default "monetary"
        The column averaged in each cell.
    unit : str, optional
        Added to the colour bar's label (e.g. "yuan").

    Returns
    -------
    matplotlib.figure.Figure
        The heat map (F rows, highest first; R columns) and its colour bar.

    Raises
    ------
    TypeError
        If *scores* is not a DataFrame.
    ValueError
        If *scores* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    Two customers in cell (R 2, F 1) spending 100 and 300 show a mean of 200:

    >>> scores = pd.DataFrame({"R": [2, 2, 1], "F": [1, 1, 2], "monetary": [100, 300, 50]})
    >>> ax = rfm_heatmap(scores).axes[0]
    >>> sorted(t.get_text().split() for t in ax.texts)
    [['200', 'n=2'], ['50', 'n=1']]
    """
    require_table(
        scores, ["R", "F", value], what="scores", built_by="crmlib.segmentation.rfm_scores"
    )
    grid = scores.pivot_table(
        index="F", columns="R", values=value, aggfunc="mean", observed=False
    ).sort_index(ascending=False)
    counts = scores.pivot_table(
        index="F", columns="R", values=value, aggfunc="size", observed=False
    ).reindex_like(grid)
    fig, (ax,) = figure(6.5, 5.0)
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
        xlabel=pick("R score (5 = most recent)", "R得分（5 = 最近）"),
        ylabel=pick("F score (5 = most frequent)", "F得分（5 = 最频繁）"),
        title=pick(f"Mean {value} by RFM cell", f"各RFM单元的平均{measure(value)}"),
    )
    unit_zh = {"yuan": "元"}.get(unit, unit) if unit else unit
    fig.colorbar(
        image,
        ax=ax,
        label=pick(f"mean {value}", f"平均{measure(value)}")
        + (pick(f" ({unit})", f"（{unit_zh}）") if unit else ""),
    )
    return fig


def svcd_scatter(
    amount: pd.Series,
    frequency: pd.Series,
    svcd: pd.Series,
    *,
    amount_split: float,
    frequency_split: float,
) -> Figure:
    """SVCD grid: each customer's average purchase against purchases per quarter, by class.

    Both axes are logarithmic; the two split lines divide Star, Volcano, Cow and Dog.

    Parameters
    ----------
    amount : pandas.Series
        Each customer's average purchase amount (yuan, > 0).
    frequency : pandas.Series
        Purchases per quarter (> 0).
    svcd : pandas.Series
        Each customer's class, as code or display label
        (:func:`crmlib.classification.svcd_quadrants`).
    amount_split, frequency_split : float
        Where the classes divide.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *amount*, *frequency* or *svcd* is not a Series.
    ValueError
        If *amount* is empty, or the three are not indexed alike.

    Examples
    --------
    >>> fig = svcd_scatter(pd.Series([500.0, 50.0]), pd.Series([4.0, 1.0]),
    ...                    pd.Series(["Star", "Dog"]), amount_split=100, frequency_split=2)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Star (1)', 'Volcano (0)', 'Cow (0)', 'Dog (1)']
    """
    require_series(amount, "amount")
    require_same_index(frequency, amount, "frequency", of="amount")
    require_same_index(svcd, amount, "svcd", of="amount")
    colours = {"Star": "#f9a825", "Volcano": "#c62828", "Cow": "#2e7d32", "Dog": "#757575"}
    fig, (ax,) = figure(7.0, 5.0)
    for code, colour in colours.items():
        name = label(code)  # the classes as svcd_quadrants names them, in either language
        mask = (svcd.astype(object).isin([code, name])).to_numpy()
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
        # ticks at 1, 2 and 5 of each decade: a range narrower than a decade still gets several
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())
    ax.set(
        xlabel=pick("average purchase amount (yuan, log scale)", "平均购买金额（元，对数刻度）"),
        ylabel=pick("purchases per quarter (log scale)", "每季度购买次数（对数刻度）"),
        title=pick("SVCD: Star, Volcano, Cow, Dog", "SVCD：明星、火山、奶牛、小狗"),
    )
    ax.legend(loc="upper left", fontsize=8)
    return fig
