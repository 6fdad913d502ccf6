"""Figures of chapter 3: retention curves, lifecycle stages, BG/NBD, dealer leads."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import cycle
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from crmlib._validation import require_table
from crmlib.i18n import label, pick
from crmlib.plotting._common import figure

if TYPE_CHECKING:
    from crmlib.clv import PurchaseModel


def retention_curves(table: pd.DataFrame, *, unit: str = "quarter") -> Figure:
    """Retention curve of each acquisition cohort and their mean.

    The mean is the plain (unweighted) mean of the cohorts' rates in each period, each cohort
    counting once whatever its size.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per cohort, one column per period since acquisition, values the share of the
        cohort buying (:func:`crmlib.lifecycle.cohort_retention`).
    unit : str, default "quarter"
        The period, for the x axis label ("quarter", "month", "year", "week").

    Returns
    -------
    matplotlib.figure.Figure
        One line per cohort and a thick black line for the mean.

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.

    Examples
    --------
    >>> table = pd.DataFrame({0: [1.0, 1.0], 1: [0.6, 0.4], 2: [0.5, 0.3]},
    ...                      index=["2024Q1", "2024Q2"])
    >>> lines = retention_curves(table).axes[0].get_lines()
    >>> [line.get_label() for line in lines], lines[-1].get_ydata().tolist()
    (['2024Q1', '2024Q2', 'mean'], [1.0, 0.5, 0.4])
    """
    require_table(
        table, [], what="table", built_by="crmlib.lifecycle.cohort_retention", allow_empty=True
    )
    fig, (ax,) = figure(7.5, 4.5)
    for cohort, row in table.iterrows():  # one line per cohort, a handful of rows
        ax.plot(row.index, row.to_numpy(), marker="o", markersize=3, alpha=0.5, label=str(cohort))
    ax.plot(
        table.columns,
        table.mean().to_numpy(),
        color="black",
        linewidth=2.5,
        label=pick("mean", "平均"),
    )
    unit_zh = {"quarter": "季度", "month": "月", "year": "年", "week": "周"}.get(unit, unit)
    ax.set(
        xlabel=pick(f"{unit}s since acquisition", f"获取后的{unit_zh}数"),
        ylabel=pick("share of the cohort buying", "客户群中购买者的比例"),
        title=pick("Retention by acquisition cohort", "按获取批次的客户保持率"),
        ylim=(0, 1.05),
    )
    ax.legend(fontsize=7, ncol=2)
    return fig


def clv_conventions(*, margin: float = 100.0, rate: float = 0.10, mark: float = 0.80) -> Figure:
    """The value of a customer against retention under the two CLV conventions.

    Three curves over retention 0 … 0.95: an existing customer, m·r/(1+i−r)
    (:func:`crmlib.lifecycle.retention_clv`), and a new customer whose first margin is certain,
    at the start of each period, m(1+i)/(1+i−r), or at its end, m/(1+i−r)
    (:func:`crmlib.lifecycle.new_customer_clv`); the legend gives each value at retention *mark*
    (Gupta & Lehmann 2003).

    Parameters
    ----------
    margin : float, default 100.0
        m, the margin a period (yuan).
    rate : float, default 0.10
        i, the discount rate a period.
    mark : float, default 0.80
        The retention rate whose values the legend gives, in [0, 0.95].

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If *mark* lies outside [0, 0.95].

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9–24.

    Examples
    --------
    At r = 0.8, i = 0.1: 100 × 1.1 / 0.3 = 366.67, 100 / 0.3 = 333.33, 100 × 0.8 / 0.3 = 266.67.

    >>> legend = clv_conventions().axes[0].get_legend()
    >>> [t.get_text().split(": ")[1] for t in legend.get_texts()]
    ['366.67', '333.33', '266.67']
    """
    from crmlib import lifecycle

    if not 0 <= mark <= 0.95:
        raise ValueError(f"mark must be a retention rate between 0 and 0.95, got {mark}")
    r = np.linspace(0, 0.95, 96)
    curves = {
        pick("new customer, margins at period starts", "新客户，利润在期初"): lambda x: (
            lifecycle.new_customer_clv(margin, x, rate)
        ),
        pick("new customer, margins at period ends", "新客户，利润在期末"): lambda x: (
            lifecycle.new_customer_clv(margin, x, rate, first_margin="end")
        ),
        pick("existing customer, margins at period ends", "现有客户，利润在期末"): lambda x: (
            lifecycle.retention_clv(margin, x, rate)
        ),
    }
    fig, (ax,) = figure(7.5, 4.5)
    colours = ["#1565c0", "#2e7d32", "#c62828"]
    for (name, value), colour in zip(curves.items(), colours, strict=True):
        y = value(mark)
        ax.plot(r, [value(x) for x in r], color=colour, linewidth=2, label=f"{name}: {y:,.2f}")
        ax.plot([mark], [y], "o", color=colour)
    ax.axvline(mark, color="grey", linestyle=":", linewidth=1)
    ax.set(
        xlabel=pick(
            "retention rate r (share of customers kept each period)",
            "保持率 r（每期留住的客户比例）",
        ),
        ylabel=pick(
            f"customer value (yuan, margin {margin:,.0f} a period)",
            f"客户价值（元，每期利润 {margin:,.0f}）",
        ),
        title=pick(
            f"Two conventions for the value of a customer (discount rate {rate:.0%})",
            f"客户价值的两种算法（贴现率 {rate:.0%}）",
        ),
        xlim=(0, 1),
    )
    ax.legend(
        title=pick(f"value at r = {mark:.2f}", f"r = {mark:.2f} 时的价值"),
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
    )
    return fig


def stage_profile(summary: pd.DataFrame) -> Figure:
    """Customers per lifecycle stage (bars) and profit per customer (line), in stage order.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per stage, in stage order; columns ``customers`` and ``profit`` (total).

    Returns
    -------
    matplotlib.figure.Figure
        Bars on the left axis, profit per customer on a second (right) axis.

    Raises
    ------
    TypeError
        If *summary* is not a DataFrame.
    ValueError
        If *summary* lacks a column; the message names the function that builds it.

    Examples
    --------
    40 customers making 2,000 is 50 a customer:

    >>> summary = pd.DataFrame({"customers": [40, 10], "profit": [2000.0, -100.0]},
    ...                        index=["growth", "decline"])
    >>> fig = stage_profile(summary)
    >>> len(fig.axes[0].patches), fig.axes[1].get_lines()[0].get_ydata().tolist()
    (2, [50.0, -10.0])
    """
    require_table(
        summary,
        ["customers", "profit"],
        what="summary",
        built_by="crmlib.segmentation.segment_summary (by lifecycle stage)",
        allow_empty=True,
    )
    fig, (ax,) = figure(8.0, 4.5)
    stages = [label(str(s)) for s in summary.index]
    ax.bar(stages, summary["customers"], color="#90caf9")
    ax.set_ylabel(pick("customers", "客户数"))
    per_customer = summary["profit"] / summary["customers"].where(summary["customers"] > 0)
    twin = ax.twinx()
    twin.plot(stages, per_customer.to_numpy(), color="#c62828", marker="o", linewidth=2)
    twin.set_ylabel(pick("profit per customer (yuan)", "每位客户的利润（元）"), color="#c62828")
    ax.set_title(
        pick("Lifecycle stages: customers and profitability", "生命周期各阶段：客户数与盈利")
    )
    ax.tick_params(axis="x", rotation=20)
    return fig


def frequency_recency_matrix(
    params: PurchaseModel, *, T: float, t: float | None = None, max_frequency: int = 20
) -> Figure:
    """Heat map over frequency x and recency t_x of customers observed for T periods.

    P(alive) by default; with *t*, the purchases each history is expected to make in the next
    t periods. Works for any fitted purchase model of :mod:`crmlib.clv`.

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted purchase model of :mod:`crmlib.clv`.
    T : float
        How long the customers have been observed.
    t : float, optional
        Show expected purchases in the next *t* periods instead of P(alive).
    max_frequency : int, default 20
        The largest frequency shown (rows 0..max_frequency).

    Returns
    -------
    matplotlib.figure.Figure
        The heat map (60 recency columns) and its colour bar.

    Examples
    --------
    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> ax = frequency_recency_matrix(bg, T=39, max_frequency=2).axes[0]
    >>> ax.images[0].get_array().shape, ax.get_title()
    ((3, 60), 'Probability a customer is still alive (T = 39)')
    """
    from crmlib import clv

    x = np.arange(max_frequency + 1)
    t_x = np.linspace(0, T, 60)
    xx, tt = np.meshgrid(x, t_x, indexing="ij")
    history = (xx.ravel(), np.where(xx.ravel() == 0, 0, tt.ravel()), np.full(xx.size, T))
    if t is None:
        values, bar, cmap = clv.probability_alive(params, *history), "P(alive)", "RdYlGn"
        title = pick(
            f"Probability a customer is still alive (T = {T:g})", f"客户仍然活跃的概率（T = {T:g}）"
        )
        vmax = 1.0
    else:
        values = clv.expected_purchases(params, *history, t=t)
        bar = pick(f"expected purchases in the next {t:g}", f"未来 {t:g} 期的预期购买次数")
        cmap, vmax = "viridis", None
        title = pick(
            f"Expected purchases in the next {t:g} periods (T = {T:g})",
            f"未来 {t:g} 期的预期购买次数（T = {T:g}）",
        )
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
        xlabel=pick("recency: time of the last purchase (weeks)", "最近购买时间（周）"),
        ylabel=pick("frequency: repeat purchases", "频率：重复购买次数"),
        title=title,
    )
    fig.colorbar(image, ax=ax, label=bar)
    return fig


def repeat_tracking(
    table: pd.DataFrame, *, calibration_end: float, incremental: bool = False, model: str = "BG/NBD"
) -> Figure:
    """Actual vs model repeat purchases by week (:func:`crmlib.clv.repeat_tracking_table`).

    Cumulative by default; *incremental* shows each week's purchases instead.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by week; cumulative ``actual`` and ``expected`` repeat purchases.
    calibration_end : float
        The week the calibration period ends (a dotted line).
    incremental : bool, default False
        Show weekly differences instead of the cumulative counts.
    model : str, default "BG/NBD"
        The model's name in the legend.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.
    ValueError
        If *table* is empty (with *incremental*) or lacks a
        column; the message names the function that builds it.

    Examples
    --------
    Cumulative 2, 5, 6 is 2, 3, 1 a week:

    >>> table = pd.DataFrame({"actual": [2, 5, 6], "expected": [2.5, 4.5, 6.5]}, index=[1, 2, 3])
    >>> ax = repeat_tracking(table, calibration_end=2, incremental=True).axes[0]
    >>> ax.get_lines()[0].get_ydata().tolist()
    [2.0, 3.0, 1.0]
    """
    require_table(
        table,
        ["actual", "expected"],
        what="table",
        built_by="crmlib.clv.repeat_tracking_table",
        allow_empty=not incremental,
    )
    shown = table.diff().fillna(table.iloc[0]) if incremental else table
    fig, (ax,) = figure(7.5, 4.5)
    ax.plot(shown.index, shown["actual"], color="black", label=pick("actual", "实际"))
    ax.plot(shown.index, shown["expected"], color="#1565c0", linestyle="--", label=model)
    ax.axvline(calibration_end, color="grey", linestyle=":")
    ax.annotate(
        pick("end of calibration", "校准期结束"),
        (calibration_end, 0),
        (calibration_end + 1, 0),
        fontsize=8,
        color="grey",
    )
    kind = "weekly" if incremental else "cumulative"
    kind_zh = "每周" if incremental else "累计"
    ax.set(
        xlabel=pick("week", "周"),
        ylabel=pick(f"{kind} repeat purchases", f"{kind_zh}重复购买次数"),
        title=pick(
            f"Tracking {kind} repeat purchases: calibration and holdout",
            f"{kind_zh}重复购买的跟踪：校准期与检验期",
        ),
    )
    ax.legend()
    return fig


def period_transactions(table: pd.DataFrame) -> Figure:
    """Customers by number of repeat purchases in calibration, actual vs model.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`crmlib.clv.period_transactions`: indexed by repeat purchases, columns
        ``actual`` and ``model``; its last row pools the largest counts.

    Returns
    -------
    matplotlib.figure.Figure
        Two bars per count.

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.
    ValueError
        If *table* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> table = pd.DataFrame({"actual": [50, 30, 20], "model": [52, 27, 21]})
    >>> ax = period_transactions(table).axes[0]
    >>> len(ax.patches), [t.get_text() for t in ax.get_xticklabels()]
    (6, ['0', '1', '2+'])
    """
    require_table(
        table, ["actual", "model"], what="table", built_by="crmlib.clv.period_transactions"
    )
    labels = [str(k) for k in table.index[:-1]] + [f"{table.index[-1]}+"]
    position = np.arange(len(table))
    fig, (ax,) = figure(7.0, 4.0)
    ax.bar(
        position - 0.2, table["actual"], width=0.4, color="#424242", label=pick("actual", "实际")
    )
    ax.bar(position + 0.2, table["model"], width=0.4, color="#90caf9", label=pick("model", "模型"))
    ax.set_xticks(position, labels)
    ax.set(
        xlabel=pick("repeat purchases in the calibration period", "校准期内的重复购买次数"),
        ylabel=pick("customers", "客户数"),
        title=pick(
            "How many customers made 0, 1, 2, … repeat purchases",
            "重复购买0、1、2……次的客户各有多少",
        ),
    )
    ax.legend()
    return fig


def calibration_vs_holdout(table: pd.DataFrame) -> Figure:
    """Mean holdout purchases by calibration frequency, actual vs predicted.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`crmlib.clv.holdout_comparison`: one row per calibration frequency (the
        last pooling the largest), columns ``actual`` and ``predicted``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If *table* is not a DataFrame.
    ValueError
        If *table* is empty or lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> table = pd.DataFrame({"actual": [0.2, 0.9, 2.1], "predicted": [0.25, 0.8, 2.0]})
    >>> ax = calibration_vs_holdout(table).axes[0]
    >>> [line.get_label() for line in ax.get_lines()], [t.get_text() for t in ax.get_xticklabels()]
    (['actual', 'model'], ['0', '1', '2+'])
    """
    require_table(
        table, ["actual", "predicted"], what="table", built_by="crmlib.clv.holdout_comparison"
    )
    labels = [str(k) for k in table.index[:-1]] + [f"{table.index[-1]}+"]
    fig, (ax,) = figure(7.0, 4.0)
    actual, model = pick("actual", "实际"), pick("model", "模型")
    ax.plot(labels, table["actual"], color="black", marker="o", label=actual)
    ax.plot(labels, table["predicted"], color="#1565c0", marker="s", linestyle="--", label=model)
    ax.set(
        xlabel=pick("repeat purchases in the calibration period", "校准期内的重复购买次数"),
        ylabel=pick("mean purchases in the holdout", "检验期内的平均购买次数"),
        title=pick(
            "Predicted vs actual purchases in the holdout period", "检验期内预测与实际购买次数"
        ),
    )
    ax.legend()
    return fig


def alive_history(
    params: PurchaseModel,
    purchase_times: Sequence[float] | np.ndarray,
    *,
    T: float,
    points: int = 200,
) -> Figure:
    """One customer's P(alive) through time: it jumps at each purchase and decays in between.

    P(alive) at each time τ uses the history known at τ: the purchases made by τ, the last of
    them, and τ as the time observed.

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted purchase model of :mod:`crmlib.clv`.
    purchase_times : sequence of float
        The customer's purchase times since the first (0 first), in the model's time unit.
    T : float
        The end of the time axis (≥ the last purchase).
    points : int, default 200
        Grid points between 0 and T (the purchase times are added).

    Returns
    -------
    matplotlib.figure.Figure
        The P(alive) line and a dotted line at each repeat purchase.

    Raises
    ------
    ValueError
        If the times do not start at 0 or go beyond T.

    Examples
    --------
    Under BG/NBD a customer cannot drop out before a repeat purchase, so P(alive) is 1 until
    the first one (week 10):

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> ax = alive_history(bg, [0, 10, 12], T=39, points=40).axes[0]
    >>> line = ax.get_lines()[0]
    >>> float(line.get_ydata()[line.get_xdata() < 10].min()), len(ax.get_lines()) - 1
    (1.0, 2)
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
        xlabel=pick(
            "weeks since the first purchase (dotted: repeat purchases)",
            "首次购买后的周数（虚线：重复购买）",
        ),
        ylabel="P(alive)",
        ylim=(0, 1.05),
        title=pick(
            "One customer's probability of being alive, week by week", "单个客户逐周的活跃概率"
        ),
    )
    return fig


def lead_workload(leads: pd.DataFrame) -> Figure:
    """Leads per type, coloured by the department that owns them.

    Parameters
    ----------
    leads : pandas.DataFrame
        From :func:`crmlib.dealer.lifecycle_leads`: columns ``lead_type`` and ``department``
        (the five colours repeat from the sixth department).

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar per lead type, legend by department.

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If *leads* lacks a column; the message names the function that builds it.

    Examples
    --------
    >>> leads = pd.DataFrame({"lead_type": ["service due", "service due", "trade-in"],
    ...                       "department": ["after-sales", "after-sales", "sales"]})
    >>> ax = lead_workload(leads).axes[0]
    >>> [int(bar.get_width()) for bar in ax.patches]
    [2, 1]
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['after-sales', 'sales']
    """
    require_table(
        leads,
        ["lead_type", "department"],
        what="leads",
        built_by="crmlib.dealer.lifecycle_leads",
        allow_empty=True,
    )
    counts = leads.groupby(["lead_type", "department"], observed=True).size().reset_index()
    departments = sorted(counts["department"].unique())
    # five colours, reused from the sixth department on
    colours = dict(zip(departments, cycle(["#1565c0", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a"])))
    fig, (ax,) = figure(7.5, 4.0)
    ax.barh(
        counts["lead_type"].astype(str).map(label),
        counts[0],
        color=[colours[d] for d in counts["department"]],
    )
    ax.invert_yaxis()
    ax.set(
        xlabel=pick("leads (number due in the horizon)", "线索数（计划期内到期）"),
        title=pick("Lifecycle leads by type and department", "按类型和部门的生命周期线索"),
    )
    handles = [Patch(color=colour, label=label(str(name))) for name, colour in colours.items()]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    return fig
