"""Customer segmentation (客户细分): RFM, profit zones, ABC, SVCD, 80/20 and value tiers.

Chapter 2 of the course. Every function takes a pandas object indexed or keyed by customer and
returns a new one; inputs are never modified. Ranking ties are broken deterministically (by the
documented secondary keys, then by customer id), so the same data always gives the same segments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmlib._ranking import rank_by_value, rank_positions
from crmlib._validation import (
    as_day,
    numeric_column,
    numeric_series,
    require_columns,
    require_fraction,
    require_frame,
    require_no_missing,
    require_same_index,
    require_series,
    whole_number,
)
from crmlib.i18n import canonical, localize
from crmlib.transactions import customer_days, customer_totals

__all__ = [
    "ABC_VISITS_PER_MONTH",
    "ABC_VISITS_PER_YEAR",
    "PROFIT_ZONES",
    "RFM_TIERS",
    "VALUE_TIERS",
    "abc_classes",
    "cut_by_rank",
    "profit_zone_summary",
    "profit_zones",
    "rfm_scores",
    "rfm_table",
    "rfm_tier_strategies",
    "segment_summary",
    "top_customers",
    "value_tiers",
    "visit_plan",
]

#: The customer pyramid (客户金字塔): zone, share of customers from the top, strategy (000).
PROFIT_ZONES: pd.DataFrame = pd.DataFrame(
    {
        "zone": [
            "most profitable",
            "second profitable",
            "slightly profitable",
            "unprofitable",
            "loss-making",
        ],
        "zone_zh": ["最赚钱区", "次赚钱区", "微赚钱区", "不赚钱区", "赔钱区"],
        "share_of_customers": [0.05, 0.10, 0.20, 0.25, 0.40],
        "strategy": [
            "keep the relationship; lose none of them",
            "raise their contribution; upgrade them actively",
            "learn their needs; prepare them for an upgrade",
            "serve passively; they help carry operating cost",
            "exit, or cut the cost to serve",
        ],
    }
)

#: RFM tiers (top 20% / middle 60% / bottom 20% by the RFM product) and what to do. Source: 003.
RFM_TIERS: pd.DataFrame = pd.DataFrame(
    {
        "tier": ["top", "middle", "bottom"],
        "share_of_customers": [0.20, 0.60, 0.20],
        "strategy": ["protect: best customers", "invest: grow them", "avoid: do not chase"],
    }
)


def rfm_tier_strategies() -> pd.Series:
    """What to do with each RFM tier, indexed by the tier as :func:`rfm_scores` shows it.

    Both the tiers and the strategies are in the reader's language (:mod:`crmlib.i18n`), so
    ``segment_summary(value, scores["tier"]).join(rfm_tier_strategies())`` works in either.

    Returns
    -------
    pandas.Series
        The strategy of each tier (top, middle, bottom), named ``strategy``; source 003.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; RFM: protect the top 20%, invest in the middle (see the README, "Sources").
    Hughes, A. M. (1994). *Strategic Database Marketing*. Chicago: Probus.

    Examples
    --------
    >>> rfm_tier_strategies()["top"]
    'protect: best customers'
    """
    tiers = localize(pd.Index(RFM_TIERS["tier"], name="tier"))
    return pd.Series(localize(RFM_TIERS["strategy"]).to_numpy(), index=tiers, name="strategy")


#: Value tiers of the "by value" classification (VIP, major, ordinary, small). Source: 003.
VALUE_TIERS: pd.DataFrame = pd.DataFrame(
    {"tier": ["VIP", "major", "ordinary", "small"], "share_of_customers": [0.05, 0.15, 0.30, 0.50]}
)

#: ABC visit plan, as visits per month. Source: 000 (A twice a month, B monthly, C every 2 months).
ABC_VISITS_PER_MONTH: dict[str, float] = {"A": 2.0, "B": 1.0, "C": 0.5}

#: The same ABC plan as visits per year (x 12), on the footing of SVCD's visit plan
#: (:data:`crmlib.classification.SVCD_VISIT_PLAN`).
ABC_VISITS_PER_YEAR: dict[str, int] = {"A": 24, "B": 12, "C": 6}


# --------------------------------------------------------------------------------------- RFM ---


def rfm_table(
    transactions: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer (Hughes' RFM).

    R = days from the last purchase day to ``as_of``; F = number of purchase days;
    M = net amount, returns included (source 003; Hughes 1994). ``as_of`` defaults to the day
    after the last transaction.

    Purchases are counted in days, by the rule of :mod:`crmlib.transactions`: several rows of
    one customer on one day are one purchase, a day whose amounts net below zero is a return
    day (it lowers M but neither counts in F nor moves R), and a zero amount is a purchase. A
    customer with return days only gets F = 0 and R from their last return, so no customer is
    lost.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per sale or return (a return has a negative amount).
    as_of : str or pandas.Timestamp, optional
        The analysis date; every transaction must be on or before that day.
    customer, date, amount : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with int ``recency`` (days) and ``frequency`` (purchase
        days) and float ``monetary`` (net amount).

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        Missing columns, missing ids / dates / amounts, non-numeric amounts, an empty table, or
        transactions after ``as_of``.

    References
    ----------
    Hughes, A. M. (1994). Strategic Database Marketing. Chicago: Probus.

    Examples
    --------
    Customer a buys twice on 1 January (one purchase day) and again on 10 January:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-10", "2024-01-05"],
    ...                    "amount": [10.0, 5.0, 25.0, 5.0]})
    >>> rfm_table(tx, as_of="2024-01-11")
                 recency  frequency  monetary
    customer_id
    a                  1          2      40.0
    b                  6          1       5.0
    """
    days = customer_days(transactions, customer=customer, date=date, amount=amount)
    as_of = days["day"].max() + pd.Timedelta(days=1) if as_of is None else as_day(as_of, "as_of")
    late = days["day"] > as_of  # a sale later on the as_of day itself is fine
    if late.any():
        raise ValueError(
            f"{int(late.sum())} day(s) of transactions are after as_of={as_of.date()} "
            f"(first: {days.loc[late, 'day'].min().date()}); pick a later as_of or drop those rows"
        )
    totals = customer_totals(days)
    last = totals["last_purchase"].fillna(totals["last_day"])  # return days only: last return
    rfm = pd.DataFrame(
        {
            "recency": (as_of - last).dt.days,
            "frequency": totals["purchase_days"],
            "monetary": totals["net_amount"],
        }
    )
    rfm.index.name = customer
    return rfm


def top_customers(
    value: pd.DataFrame,
    scores: pd.DataFrame,
    /,
    *,
    n: int = 20,
    at_risk_days: int = 90,
) -> pd.DataFrame:
    """The *n* most profitable customers, with what a key-account manager needs to protect them.

    Joins profit and revenue (from :func:`crmlib.customers.customer_value`) with recency,
    frequency, the RFM tier (from :func:`rfm_scores`) and the pyramid zone
    (:func:`profit_zones`), and flags ``at_risk`` when recency > *at_risk_days*: a top customer
    going quiet is the first sign of defection. Customers are ranked by profit, ties by id.

    Parameters
    ----------
    value : pandas.DataFrame
        One row per customer with ``revenue`` and ``profit``.
    scores : pandas.DataFrame
        The output of :func:`rfm_scores` for the same customers (same index).
    n : int
        How many customers to list, at least 1.
    at_risk_days : int
        Days without a purchase after which a top customer is flagged, at least 0.

    Returns
    -------
    pandas.DataFrame
        The *n* customers, most profitable first, with ``revenue``, ``profit``, ``recency``,
        ``frequency``, ``tier``, ``zone`` and bool ``at_risk``.

    Raises
    ------
    TypeError
        *value* or *scores* is not a DataFrame, or *at_risk_days* is not a whole number.
    ValueError
        A table is empty or lacks a column, revenue or recency is missing or not a number,
        *n* is not a positive integer, *at_risk_days* is negative, or *value* and *scores*
        describe different customers.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the most profitable zone: keep them, lose none (see the README, "Sources").
    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
    profitable customers. *California Management Review*, 43(4).

    Examples
    --------
    >>> value = pd.DataFrame({"revenue": [500.0, 90.0, 300.0], "profit": [120.0, 5.0, 80.0]},
    ...                      index=pd.Index(["a", "b", "c"], name="customer_id"))
    >>> scores = pd.DataFrame({"recency": [200, 3, 10], "frequency": [9, 1, 4],
    ...                        "tier": ["top", "bottom", "middle"]}, index=value.index)
    >>> top_customers(value, scores, n=2)[["profit", "recency", "at_risk"]]
                 profit  recency  at_risk
    customer_id
    a             120.0      200     True
    c              80.0       10    False
    """
    require_frame(value, "value")
    require_frame(scores, "scores")
    require_columns(value, ["revenue", "profit"], "value")
    require_columns(scores, ["recency", "frequency", "tier"], "scores")
    numeric_column(value, "revenue", "value")
    numeric_column(scores, "recency", "scores")
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    whole_number(
        at_risk_days,
        "at_risk_days",
        minimum=0,
        meaning=": the days a top customer may stay silent before being flagged at risk",
    )
    if not value.index.equals(scores.index):
        raise ValueError("value and scores must describe the same customers (same index)")
    zones = profit_zones(value["profit"])
    table = value[["revenue", "profit"]].join(scores[["recency", "frequency", "tier"]])
    table["zone"] = zones
    table["at_risk"] = table["recency"] > at_risk_days
    order = np.argsort(rank_by_value(value["profit"]).to_numpy())[:n]
    return table.iloc[order]


def _quantile_scores(values: pd.Series, bins: int, *, higher_is_better: bool) -> pd.Series:
    """Scores 1..bins by rank, like SQL ``ntile``; equal values always share a score.

    score = 1 + (r − 1) · bins // n, where r is the value's lowest rank (1 = worst) among the
    n customers (``rank(method="min")``), so a tie group takes the score of its worst-placed
    member.

    >>> _quantile_scores(pd.Series([10, 20, 20, 40]), 2, higher_is_better=True).tolist()
    [1, 1, 1, 2]
    """
    worst_rank = values.rank(method="min", ascending=higher_is_better).astype("int64")
    return 1 + (worst_rank - 1) * bins // len(values)


def rfm_scores(rfm: pd.DataFrame, /, *, bins: int = 5, top_share: float = 0.2) -> pd.DataFrame:
    """Score R, F and M from 1 to *bins*, multiply them and cut the 20/60/20 tiers.

    Each score is the customer's quantile bin (like SQL ``ntile(bins)``): *bins* is best, so a
    short recency scores high. Customers with equal values share a score. ``rfm_product`` =
    R x F x M. Customers are then ranked by the product (ties broken by monetary, then frequency,
    then recency, then customer id) and cut into the tiers of :data:`RFM_TIERS`: top 20% protect,
    middle 60% invest, bottom 20% avoid (source 003).

    Parameters
    ----------
    rfm : pandas.DataFrame
        The output of :func:`rfm_table` (columns recency, frequency, monetary).
    bins : int
        Number of score levels, at least 2.
    top_share : float
        Share of customers in the top tier, and in the bottom tier (0.2 as the source teaches;
        the middle tier gets the rest).

    Returns
    -------
    pandas.DataFrame
        A copy of *rfm* with int columns ``R``, ``F``, ``M``, ``rfm_product`` and categorical
        ``tier``.

    Raises
    ------
    TypeError
        *rfm* is not a DataFrame.
    ValueError
        A column is missing or not numeric, a recency or frequency is negative, *bins* is not
        an integer >= 2, or *top_share* is not between 0 and 0.5.

    References
    ----------
    Hughes, A. M. (1994). Strategic Database Marketing. Chicago: Probus.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [1, 30, 300, 60, 5], "frequency": [9, 3, 1, 2, 5],
    ...                     "monetary": [900.0, 120.0, 10.0, 50.0, 300.0]},
    ...                    index=pd.Index(list("abcde"), name="customer_id"))
    >>> rfm_scores(rfm)[["R", "F", "M", "rfm_product", "tier"]]
                 R  F  M  rfm_product    tier
    customer_id
    a            5  5  5          125     top
    b            3  3  3           27  middle
    c            1  1  1            1  bottom
    d            2  2  2            8  middle
    e            4  4  4           64  middle
    """
    require_frame(rfm, "rfm")
    require_columns(rfm, ["recency", "frequency", "monetary"], "rfm")
    if not isinstance(bins, int | np.integer) or bins < 2:
        raise ValueError(f"bins must be an integer >= 2, got {bins!r}")
    require_fraction(top_share, "top_share", high=0.5, closed=False)
    for col in ("recency", "frequency", "monetary"):
        numeric_column(rfm, col, "rfm")
    if (rfm["recency"] < 0).any() or (rfm["frequency"] < 0).any():
        raise ValueError("rfm.recency and rfm.frequency must be >= 0; rebuild it with rfm_table")
    out = rfm.copy()
    out["R"] = _quantile_scores(rfm["recency"], bins, higher_is_better=False)
    out["F"] = _quantile_scores(rfm["frequency"], bins, higher_is_better=True)
    out["M"] = _quantile_scores(rfm["monetary"], bins, higher_is_better=True)
    out["rfm_product"] = out["R"] * out["F"] * out["M"]
    keys = out[["rfm_product", "monetary", "frequency", "recency"]]
    order = rank_positions(keys, [True, True, True, False])
    shares = [top_share, 1 - 2 * top_share, top_share]
    out["tier"] = localize(cut_by_rank(order, shares, RFM_TIERS["tier"]))
    return out


def cut_by_rank(
    position: pd.Series,
    shares: Sequence[float] | pd.Series,
    labels: Sequence[str] | pd.Series,
) -> pd.Series:
    """Cut customers ranked 0..n-1 (0 = best) into consecutive groups of the given *shares*.

    The k-th boundary is ``round(n * (shares[0] + ... + shares[k]))``, so group sizes follow
    the shares as closely as whole customers allow, and they always add up to n.

    Parameters
    ----------
    position : pandas.Series
        Each customer's rank position 0..n-1, 0 the best.
    shares : sequence of float or pandas.Series
        The share of customers in each group, from the best group down; they sum to 1.
    labels : sequence of str or pandas.Series
        One name per group.

    Returns
    -------
    pandas.Series
        Each customer's group (categorical, ordered as *labels*), on the index of *position*.

    Raises
    ------
    TypeError
        *position* is not a Series.
    ValueError
        A position is missing or not a number, a share is negative, the shares do not sum to
        1, or there is not one label per share.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the cuts of the customer pyramid (see the README, "Sources").
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the value tiers and the 20/60/20 split of RFM (see the README, "Sources").

    Examples
    --------
    Ten customers cut 20/60/20: boundaries at round(2) = 2 and round(8) = 8.

    >>> list(cut_by_rank(pd.Series(range(10)), [0.2, 0.6, 0.2], ["top", "mid", "low"]))
    ['top', 'top', 'mid', 'mid', 'mid', 'mid', 'mid', 'mid', 'low', 'low']
    """
    ranks = numeric_column(position, what="position")
    weights = np.asarray(shares, dtype=float)
    if len(weights) != len(labels) or (weights < 0).any() or not np.isclose(weights.sum(), 1.0):
        raise ValueError("shares must be non-negative, one per label, and sum to 1")
    n = len(position)
    bounds = np.rint(np.cumsum(weights) * n).astype(np.int64)
    group = np.searchsorted(bounds, ranks.to_numpy(), side="right")
    groups = pd.Categorical.from_codes(group, categories=pd.Index(list(labels)), ordered=True)
    return pd.Series(groups, index=position.index, name="group")


# ------------------------------------------------------------------------- pyramid and zones ---


def _ranked(values: pd.Series, what: str) -> pd.Series:
    """Validate a per-customer Series and rank it, largest first."""
    return rank_by_value(numeric_series(values, what))


def profit_zones(profit: pd.Series, /) -> pd.Series:
    """Zone of the customer pyramid (客户金字塔) for each customer.

    Customers are ranked by profit, highest first (ties by customer id), and cut from the top
    at 5%, 10%, 20%, 25% and 40% of customers (source 000, see :data:`PROFIT_ZONES`).

    Parameters
    ----------
    profit : pandas.Series
        Profit of each customer, indexed by customer (unique ids).

    Returns
    -------
    pandas.Series
        The zone of each customer, named ``zone``, indexed like *profit*: most profitable …
        loss-making, in the language of :func:`crmlib.i18n.set_language` (最赚钱区 … 赔钱区 in
        Chinese), always in the order of :data:`PROFIT_ZONES`.

    Raises
    ------
    TypeError
        *profit* is not a Series.
    ValueError
        *profit* is empty, has missing or non-numeric values, or repeats a customer id.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the customer pyramid and its five profit zones (see the README, "Sources").
    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
    profitable customers. *California Management Review*, 43(4).

    Examples
    --------
    20 customers: 5% is 1 customer, then 2, 4, 5 and 8.

    >>> profit = pd.Series(range(20, 0, -1), index=[f"c{i:02d}" for i in range(20)])
    >>> profit_zones(profit).value_counts(sort=False).tolist()
    [1, 2, 4, 5, 8]
    """
    return localize(_profit_zones(profit))


def _profit_zones(profit: pd.Series) -> pd.Series:
    """:func:`profit_zones` with the English names, the codes the other functions use."""
    zones = cut_by_rank(
        _ranked(profit, "profit"), PROFIT_ZONES["share_of_customers"], PROFIT_ZONES["zone"]
    )
    return zones.rename("zone")


def segment_summary(
    value: pd.DataFrame, labels: pd.Series, /, *, revenue: str = "revenue", profit: str = "profit"
) -> pd.DataFrame:
    """Customers, revenue and profit of each segment, with their shares of the whole base.

    share_of_X(segment) = Σ X over the segment's customers / Σ X over all customers.

    Parameters
    ----------
    value : pandas.DataFrame
        One row per customer (e.g. :func:`crmlib.customers.customer_value`).
    labels : pandas.Series
        Each customer's segment, with exactly the index of *value*; categorical labels keep
        their order and their empty segments.
    revenue, profit : str
        Column names in *value*.

    Returns
    -------
    pandas.DataFrame
        One row per segment with ``customers``, ``share_of_customers``, ``revenue``,
        ``share_of_revenue``, ``profit`` and ``share_of_profit`` (fractions that sum to 1).

    Raises
    ------
    TypeError
        *value* is not a DataFrame or *labels* not a Series.
    ValueError
        A column is missing, revenue or profit is missing or not a number, *labels* has
        another index, or a label is missing.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the customer pyramid's shares of customers, revenue and profit (see the README,
    "Sources").
    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
    profitable customers. *California Management Review*, 43(4).

    Examples
    --------
    >>> value = pd.DataFrame({"revenue": [60.0, 30.0, 10.0], "profit": [20.0, 5.0, -5.0]})
    >>> segment_summary(value, pd.Series(["A", "B", "B"]))[["customers", "share_of_profit"]]
             customers  share_of_profit
    segment
    A                1              1.0
    B                2              0.0
    """
    require_frame(value, "value")
    require_columns(value, [revenue, profit], "value")
    require_same_index(labels, value, "labels", of="value")
    require_no_missing(labels, what="labels")
    table = pd.DataFrame(
        {
            "segment": labels,
            "revenue": numeric_column(value, revenue, "value"),
            "profit": numeric_column(value, profit, "value"),
        },
        index=value.index,
    )
    out = table.groupby("segment", observed=False, sort=True).agg(
        customers=("profit", "size"), revenue=("revenue", "sum"), profit=("profit", "sum")
    )
    out.index.name = labels.name or "segment"
    out.insert(1, "share_of_customers", out["customers"] / out["customers"].sum())
    out.insert(3, "share_of_revenue", out["revenue"] / out["revenue"].sum())
    out["share_of_profit"] = out["profit"] / out["profit"].sum()
    return out


def profit_zone_summary(value: pd.DataFrame, /, *, profit: str = "profit") -> pd.DataFrame:
    """The customer pyramid as a table: :func:`segment_summary` by :func:`profit_zones`.

    Parameters
    ----------
    value : pandas.DataFrame
        One row per customer with ``revenue`` and the *profit* column.
    profit : str
        Column name of the profit.

    Returns
    -------
    pandas.DataFrame
        One row per zone, top first, with the columns of :func:`segment_summary`, the zone's
        Chinese name ``zone_zh`` and the recommended ``strategy`` (source 000).

    Raises
    ------
    TypeError
        *value* is not a DataFrame.
    ValueError
        A column is missing or a profit is missing or not a number.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the customer pyramid's shares of customers, revenue and profit (see the README,
    "Sources").
    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
    profitable customers. *California Management Review*, 43(4).

    Examples
    --------
    The textbook's 300 customers cut 5/10/20/25/40%:

    >>> from crmlib.datasets import pyramid_example
    >>> profit_zone_summary(pyramid_example())["customers"].tolist()
    [15, 30, 60, 75, 120]
    """
    require_frame(value, "value")
    require_columns(value, [profit], "value")
    zones = _profit_zones(value[profit])
    out = segment_summary(value, zones, profit=profit)
    strategy = PROFIT_ZONES.set_index("zone")
    out["zone_zh"] = strategy["zone_zh"]
    out["strategy"] = localize(strategy["strategy"])
    out.index = localize(out.index)
    return out


def visit_plan(
    labels: pd.Series, visits: Mapping[str, float], /, *, period: str | None = None
) -> pd.DataFrame:
    """Customers per class and the visits a sales force owes them under a visit plan.

    *visits* maps each class to visits per customer per period (e.g.
    :data:`crmlib.classification.SVCD_VISIT_PLAN`
    and :data:`ABC_VISITS_PER_YEAR` per year, :data:`ABC_VISITS_PER_MONTH` per month). Returns
    ``customers``, ``visits_per_customer`` and ``total_visits`` per class; name the *period*
    ("year", "month") to have it in the column names, ``visits_per_customer_per_year`` and
    ``total_visits_per_year``, so the unit travels with the table.

    Parameters
    ----------
    labels : pandas.Series
        Each customer's class (in either language), named after the classification.
    visits : mapping of str to float
        Visits per customer per period of each class.
    period : str, optional
        The period of *visits*, a word such as ``"year"``.

    Returns
    -------
    pandas.DataFrame
        One row per class of *visits*, in its order: ``customers``, visits per customer and
        total visits (total = customers × visits per customer).

    Raises
    ------
    TypeError
        *labels* is not a Series.
    ValueError
        *labels* is empty, a class of *labels* has no visit frequency, or *period* is not a
        word.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the visit plans of SVCD and ABC (see the README, "Sources").

    Examples
    --------
    >>> visit_plan(pd.Series(["A", "B", "B"], name="abc"), ABC_VISITS_PER_YEAR, period="year")
         customers  visits_per_customer_per_year  total_visits_per_year
    abc
    A            1                            24                     24
    B            2                            12                     24
    C            0                             6                      0
    """
    require_series(labels, "labels")
    codes = canonical(labels.astype(object))  # the classes in either language
    visits = {canonical(str(k)): v for k, v in visits.items()}
    unknown = sorted(set(codes.dropna().unique()) - set(visits))
    if unknown:
        raise ValueError(f"no visit frequency for class(es) {unknown}; add them to visits")
    counts = codes.value_counts().reindex(list(visits), fill_value=0)
    out = pd.DataFrame({"customers": counts, "visits_per_customer": pd.Series(visits)})
    out["total_visits"] = out["customers"] * out["visits_per_customer"]
    out.index = localize(pd.Index(out.index, name=labels.name or "class"))
    if period is not None:
        if not isinstance(period, str) or not period.isidentifier():
            raise ValueError(f"period must be a word such as 'year' or 'month', got {period!r}")
        out.columns = [
            "customers",
            f"visits_per_customer_per_{period}",
            f"total_visits_per_{period}",
        ]
    return out


def value_tiers(value: pd.Series, /) -> pd.Series:
    """VIP / major / ordinary / small tier of each customer by value rank (source 003).

    Customers are ranked by value, largest first (ties by id), and cut at the top 5%, the next
    15%, 30% and the last 50% (:data:`VALUE_TIERS`), as :func:`cut_by_rank` does.

    Parameters
    ----------
    value : pandas.Series
        Value of each customer (e.g. revenue or profit), indexed by customer.

    Returns
    -------
    pandas.Series
        Each customer's tier, named ``value_tier``, in the reader's language.

    Raises
    ------
    TypeError
        *value* is not a Series.
    ValueError
        *value* is empty, has missing or non-numeric values, or repeats a customer id.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; customers by value: VIP, major, ordinary, small (see the README, "Sources").
    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
    profitable customers. *California Management Review*, 43(4).

    Examples
    --------
    Twenty customers: 1 VIP, 3 major, 6 ordinary, 10 small.

    >>> value_tiers(pd.Series(range(20), dtype=float)).value_counts(sort=False).tolist()
    [1, 3, 6, 10]
    """
    tiers = cut_by_rank(
        _ranked(value, "value"), VALUE_TIERS["share_of_customers"], VALUE_TIERS["tier"]
    )
    return localize(tiers).rename("value_tier")


# ------------------------------------------------------------------------------------ ABC ---


def abc_classes(sales: pd.Series, /, *, a_share: float = 0.75) -> pd.Series:
    """ABC class of each customer from their sales (source 000).

    Customers with sales are sorted from the largest; A are those needed to reach ``a_share``
    (75%) of total sales, counting the customer who crosses the line; B are the other customers
    with sales; C are prospects with zero sales.

    Parameters
    ----------
    sales : pandas.Series
        Sales of each customer (net of returns, at least 0), indexed by customer.
    a_share : float
        Share of total sales that the A customers bring, between 0 and 1.

    Returns
    -------
    pandas.Series
        ``A``, ``B`` or ``C`` for each customer, named ``abc``, indexed like *sales*.

    Raises
    ------
    TypeError
        *sales* is not a Series.
    ValueError
        *sales* is empty, missing, not numeric or negative, no customer has sales, or
        *a_share* is not between 0 and 1.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; ABC customers and their visit plan (see the README, "Sources").

    Examples
    --------
    x alone has 60% of 100, below 75%, so y (crossing the line at 90%) is an A too:

    >>> abc_classes(pd.Series({"x": 60.0, "y": 30.0, "z": 10.0, "p": 0.0})).tolist()
    ['A', 'A', 'B', 'C']
    """
    values = numeric_series(sales, "sales")
    if (values < 0).any():
        raise ValueError("sales must be >= 0 (net out returns first)")
    require_fraction(a_share, "a_share", closed=False, meaning=": the A customers' share of sales")
    total = values.sum()
    if total == 0:
        raise ValueError("no customer has sales, so there is nothing to split into A and B")
    order = rank_by_value(values)
    ranked = values.iloc[np.argsort(order.to_numpy())]
    before = (ranked.cumsum() - ranked) / total  # share reached before this customer
    cls = np.where(before < a_share, "A", "B")
    cls = np.where(ranked.to_numpy() == 0, "C", cls)
    return pd.Series(cls, index=ranked.index, name="abc").reindex(sales.index)
