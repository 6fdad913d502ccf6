"""CRM strategy (客户关系管理战略): the economics behind it, computed (chapter 1).

Retention economics of a customer cohort, the cost of acquisition against retention, the profit
a loyal customer brings year by year (Reichheld's picture), the loyalty ladder as a funnel, the
satisfaction trap, and the course's small published tables (history, the bank example).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlib._validation import numeric_series

__all__ = [
    "BANK_PRODUCT_LINES",
    "BANK_SEGMENTS",
    "CRM_HISTORY",
    "LOYALTY_LADDER",
    "acquisition_vs_retention",
    "bank_bundles",
    "cohort_profit",
    "ladder_funnel",
    "loyal_customer_profit",
    "retention_uplift",
]

#: The history of CRM in four eras (source 001).
CRM_HISTORY: pd.DataFrame = pd.DataFrame(
    {
        "start": [1950, 1980, 1990, 2000],
        "end": [1979, 1995, 2005, 2025],
        "era": [
            "marketing orientation",
            "database marketing",
            "first CRM software",
            "omni-channel, cloud, big data, AI",
        ],
        "what changed": [
            "customer records on paper",
            "customer databases; the term CRM appears (1986)",
            "sales force automation, service and marketing integrated",
            "every channel, in the cloud, with analytics and AI",
        ],
    }
)

#: Loyalty ladder rungs, lowest first (source 003).
LOYALTY_LADDER = [
    "suspect",
    "prospect",
    "first-time buyer",
    "repeat buyer",
    "client",
    "advocate",
    "partner",
]

#: The bank example (source 000): product lines of a product-centric bank ...
BANK_PRODUCT_LINES = ["credit card", "mortgage", "micro-loan", "insurance", "funds", "deposits"]

#: ... and the bundles a customer-centric bank puts together for each segment.
BANK_SEGMENTS: dict[str, list[str]] = {
    "silver-haired": ["fixed deposit", "credit card", "bond funds", "medical insurance", "loans"],
    "young adults": ["credit card", "equity funds", "micro-loan", "revolving credit"],
    "students": [
        "current account",
        "credit card",
        "regular investment plan",
        "accident insurance",
        "study-abroad loan",
    ],
    "singles": [
        "current account",
        "credit card",
        "equity funds",
        "whole-life insurance",
        "long mortgage",
        "regular investment plan",
    ],
}


def bank_bundles() -> pd.DataFrame:
    """Products (rows) × customer segments (columns): 1 where the segment's bundle has it.

    The customer-centric bank of the course's bank example (source 000) sells each segment a
    bundle; this table puts the bundles of :data:`BANK_SEGMENTS` side by side.

    Returns
    -------
    pandas.DataFrame
        Index ``product`` (each product once, in order of first appearance); one integer column
        per segment, 1 if the segment's bundle holds the product, else 0.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the product-centric and the customer-centric bank (see the README, "Sources").

    Examples
    --------
    >>> table = bank_bundles()
    >>> int(table.loc["credit card"].sum())  # every segment's bundle has a credit card
    4
    >>> table.columns.tolist()
    ['silver-haired', 'young adults', 'students', 'singles']
    """
    products = list(dict.fromkeys(p for bundle in BANK_SEGMENTS.values() for p in bundle))
    return pd.DataFrame(
        {seg: [int(p in bundle) for p in products] for seg, bundle in BANK_SEGMENTS.items()},
        index=pd.Index(products, name="product"),
    )


def cohort_profit(
    customers: int,
    *,
    margin: float,
    retention: float,
    acquisition_cost: float,
    discount_rate: float,
    years: int = 10,
    margin_growth: float = 0.0,
) -> pd.DataFrame:
    """Year-by-year profit of a cohort of newly acquired customers.

    Year t (1..years): customers still there = N·r^(t−1); profit = survivors × margin ×
    (1 + margin_growth)^(t−1) (loyal customers buy more and cost less to serve, so their margin
    may grow); discounted at (1 + i)^−t. The acquisition cost N × cost is paid at t = 0:

        NPV = −N·c + Σ_{t=1..T} N·r^(t−1)·m·(1 + g)^(t−1) / (1 + i)^t

    The convention is that of a newly won customer: the first year's margin is counted for
    everyone (year t starts with N·r^(t−1) customers, so year 1 with all N), each margin booked
    at its year's end. Over an unbounded horizon, with no margin growth, one customer is then
    worth m / (1 + i − r); a customer the firm already has, whose next margin comes only if
    they are retained, is worth r times that, m·r / (1 + i − r) (Gupta & Lehmann 2003).

    Parameters
    ----------
    customers : int
        N, the number of customers acquired (> 0).
    margin : float
        m, the yearly margin of one customer (money).
    retention : float
        r, the share of customers kept from one year to the next, in [0, 1).
    acquisition_cost : float
        c, the cost of winning one customer, paid at t = 0 (money).
    discount_rate : float
        i, the yearly discount rate (> −1; 0.1 is 10 %).
    years : int, default 10
        T, the horizon in years (≥ 1).
    margin_growth : float, default 0.0
        g, the yearly growth of a surviving customer's margin (0.05 is 5 %).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` 0..T; columns ``customers`` (survivors), ``profit``, ``discounted``
        (profit / (1 + i)^t) and ``cumulative_npv`` (running sum of ``discounted``).

    Raises
    ------
    ValueError
        If ``customers`` or ``years`` is not positive, ``retention`` is outside [0, 1) or
        ``discount_rate`` ≤ −1.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9–24.

    Examples
    --------
    One customer, margin 100, retention 0.8, discount rate 0.1, a horizon long enough for the
    remaining terms to vanish: 100 / (1.1 − 0.8) = 333.33.

    >>> t = cohort_profit(1, margin=100, retention=0.8, acquisition_cost=0, discount_rate=0.1,
    ...                   years=300)
    >>> round(float(t["cumulative_npv"].iloc[-1]), 2)
    333.33
    """
    if customers <= 0 or years < 1:
        raise ValueError("customers and years must be positive")
    if not 0 <= retention < 1:
        raise ValueError(f"retention must be in [0, 1), got {retention}")
    if discount_rate <= -1:
        raise ValueError("discount_rate must be greater than -1")
    t = np.arange(0, years + 1)
    survivors = np.where(t == 0, customers, customers * retention ** np.maximum(t - 1, 0))
    profit = np.where(
        t == 0,
        -customers * acquisition_cost,
        survivors * margin * (1 + margin_growth) ** np.maximum(t - 1, 0),
    )
    table = pd.DataFrame(
        {"customers": survivors, "profit": profit, "discounted": profit / (1 + discount_rate) ** t},
        index=pd.Index(t, name="year"),
    )
    table["cumulative_npv"] = table["discounted"].cumsum()
    return table


def retention_uplift(points: float = 0.05, **cohort: Any) -> dict[str, float]:
    """What raising retention by *points* does to a cohort's NPV (Reichheld & Sasser 1990).

    change = (NPV(r + points) − NPV(r)) / |NPV(r)|, both NPVs from :func:`cohort_profit`; the
    raised retention is capped at 0.999.

    Parameters
    ----------
    points : float, default 0.05
        How much to add to the retention rate (0.05 is five percentage points).
    **cohort
        The keyword arguments of :func:`cohort_profit`, with the base ``retention``.

    Returns
    -------
    dict of str to float
        ``npv_before``, ``npv_after`` (cumulative NPV at the horizon) and ``change`` (relative
        change; 0.5 is +50 %).

    Raises
    ------
    ValueError
        As :func:`cohort_profit` for a bad cohort.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
    *Harvard Business Review*, 68(5), 105–111.

    Examples
    --------
    One customer, margin 100, no discounting, two years: NPV 100 + 100·r, so r = 0.5 gives
    150 and r = 0.6 gives 160, a change of 10 / 150.

    >>> u = retention_uplift(0.1, customers=1, margin=100, retention=0.5,
    ...                      acquisition_cost=0, discount_rate=0, years=2)
    >>> round(u["npv_before"], 6), round(u["npv_after"], 6), round(u["change"], 4)
    (150.0, 160.0, 0.0667)
    """
    before = cohort_profit(**cohort)["cumulative_npv"].iloc[-1]
    raised = dict(cohort, retention=min(cohort["retention"] + points, 0.999))
    after = cohort_profit(**raised)["cumulative_npv"].iloc[-1]
    return {
        "npv_before": float(before),
        "npv_after": float(after),
        "change": float((after - before) / abs(before)),
    }


def acquisition_vs_retention(
    customers: int, *, churn: float, acquisition_cost: float, retention_cost: float
) -> pd.Series:
    """The yearly cost of standing still: replace the lost customers, or keep them.

    Replacing: churn × N × acquisition cost. Keeping: N × retention cost per customer (spent on
    everyone to stop the churn). The ratio of the cost per customer is the sources' "5 to 25
    times" comparison (source 001).

    Parameters
    ----------
    customers : int
        N, the size of the customer base (> 0).
    churn : float
        The share of customers lost a year, in (0, 1).
    acquisition_cost : float
        The cost of winning one new customer (money).
    retention_cost : float
        The yearly cost of keeping one customer (money, > 0).

    Returns
    -------
    pandas.Series
        Indexed by ``customers lost a year``, ``cost to replace them``, ``cost to keep
        everyone`` and ``acquisition / retention cost per customer``.

    Raises
    ------
    ValueError
        If ``churn`` is not in (0, 1) or ``customers`` is not positive.

    References
    ----------
    Course source 001: slides "CRM strategies"; acquiring a customer costs 5 to 25 times as much as
    keeping one (see the README, "Sources").
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services. *Harvard
    Business Review*, 68(5), 105–111.

    Examples
    --------
    1,000 customers, 20 % churn: 200 to replace at 50 each is 10,000; keeping everyone at 5
    each is 5,000; acquisition costs 10 times retention.

    >>> acquisition_vs_retention(1000, churn=0.2, acquisition_cost=50, retention_cost=5).tolist()
    [200.0, 10000.0, 5000.0, 10.0]
    """
    if not 0 < churn < 1 or customers <= 0:
        raise ValueError("need 0 < churn < 1 and customers > 0")
    lost = churn * customers
    return pd.Series(
        {
            "customers lost a year": lost,
            "cost to replace them": lost * acquisition_cost,
            "cost to keep everyone": customers * retention_cost,
            "acquisition / retention cost per customer": acquisition_cost / retention_cost,
        }
    )


def loyal_customer_profit(
    years: int = 8,
    *,
    acquisition_cost: float = 150.0,
    base_profit: float = 40.0,
    purchase_growth: float = 12.0,
    cost_savings: float = 6.0,
    referrals: float = 8.0,
    price_premium: float = 4.0,
) -> pd.DataFrame:
    """Reichheld's picture: a loyal customer's yearly profit by source, years 1..*years*.

    Base profit stays flat; profit from more purchases, lower operating cost, referrals and
    the price premium each grow by the given amount a year (from year 2): in year t ≥ 1 a
    source growing by a yields a·(t − 1). Year 0 is the acquisition cost. The amounts are
    illustrative parameters, not data.

    Parameters
    ----------
    years : int, default 8
        The last year shown.
    acquisition_cost : float, default 150.0
        Paid in year 0 (shown negative).
    base_profit : float, default 40.0
        The flat yearly profit from year 1.
    purchase_growth, cost_savings, referrals, price_premium : float
        How much each source adds a year, from year 2 (defaults 12, 6, 8 and 4).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` 0..*years*; one column per source and ``total``, their sum.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
    *Harvard Business Review*, 68(5), 105–111.

    Examples
    --------
    Year 2: base 40 plus one year's growth of each source, 12 + 6 + 8 + 4 = 30.

    >>> loyal_customer_profit(2)["total"].tolist()
    [-150.0, 40.0, 70.0]
    """
    t = np.arange(0, years + 1)
    grow = np.maximum(t - 1, 0)
    table = pd.DataFrame(
        {
            "acquisition cost": np.where(t == 0, -acquisition_cost, 0.0),
            "base profit": np.where(t > 0, base_profit, 0.0),
            "more purchases": purchase_growth * grow,
            "lower operating cost": cost_savings * grow,
            "referrals": referrals * grow,
            "price premium": price_premium * grow,
        },
        index=pd.Index(t, name="year"),
    )
    table["total"] = table.sum(axis=1)
    return table


def ladder_funnel(counts: pd.Series) -> pd.DataFrame:
    """The loyalty ladder as a funnel: customers on or above each rung, and the conversion.

    *counts* gives the number of people whose highest rung is each rung of
    :data:`LOYALTY_LADDER` (source 003). reached(k) = Σ_{j ≥ k} counts(j); conversion(k) =
    reached(k) / reached(k − 1). The hardest step is the one with the lowest conversion.

    Parameters
    ----------
    counts : pandas.Series
        Indexed by rung name (as spelled in :data:`LOYALTY_LADDER`); a rung missing from the
        index counts 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by rung, lowest first; columns ``highest rung`` (the counts), ``reached`` and
        ``conversion_from_previous`` (NaN for the first rung).

    Raises
    ------
    TypeError
        *counts* is not a Series.
    ValueError
        A label is not a rung of the ladder (a typo would lose its people), or a count is
        negative, missing or not a whole number, or every count is 0.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the loyalty ladder (see the README, "Sources").
    Christopher, M., Payne, A. & Ballantyne, D. (1991). *Relationship Marketing: Bringing Quality,
    Customer Service and Marketing Together*.

    Examples
    --------
    >>> counts = pd.Series({"suspect": 50, "prospect": 30, "first-time buyer": 20})
    >>> t = ladder_funnel(counts)
    >>> t["reached"].head(3).tolist(), t["conversion_from_previous"].iloc[1]
    ([100, 50, 20], np.float64(0.5))
    """
    counts = numeric_series(counts, "counts")
    unknown = [label for label in counts.index if label not in LOYALTY_LADDER]
    if unknown:
        raise ValueError(
            f"counts has labels that are not rungs of the loyalty ladder: {unknown}; "
            f"use these names: {LOYALTY_LADDER}"
        )
    if (counts < 0).any() or (counts != counts.round()).any():
        raise ValueError("counts must be whole numbers >= 0 (people on each rung)")
    counts = counts.reindex(LOYALTY_LADDER, fill_value=0).astype(int)
    if counts.sum() == 0:
        raise ValueError("counts put nobody on the ladder: every count is 0")
    reached = counts[::-1].cumsum()[::-1]
    table = pd.DataFrame({"highest rung": counts, "reached": reached})
    table["conversion_from_previous"] = reached / reached.shift(1)
    return table
