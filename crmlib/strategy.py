"""CRM strategy (客户关系管理战略): the economics behind it, computed (chapter 1).

Retention economics of a customer cohort, the cost of acquisition against retention, the profit
a loyal customer brings year by year (Reichheld's picture), the loyalty ladder as a funnel, the
satisfaction trap, and the course's small published tables (history, the bank example).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    "simulate_satisfaction_trap",
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
    """Products (rows) × customer segments (columns): 1 where the segment's bundle has it."""
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
    may grow); discounted at (1 + i)^−t. The acquisition cost N × cost is paid at t = 0.
    Returns survivors, profit, discounted profit and the cumulative NPV (year 0 included).

    The convention is that of a newly won customer: the first year's margin is counted for
    everyone (year t starts with N·r^(t−1) customers, so year 1 with all N), each margin booked
    at its year's end. Over an unbounded horizon, with no margin growth, one customer is then
    worth m / (1 + i − r); a customer the firm already has, whose next margin comes only if
    they are retained, is worth r times that, m·r / (1 + i − r) (Gupta & Lehmann 2003).

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


def retention_uplift(points: float = 0.05, **cohort) -> dict[str, float]:
    """What raising retention by *points* does to a cohort's NPV (Reichheld & Sasser 1990).

    Returns the NPV before and after and the relative change; *cohort* are the arguments of
    :func:`cohort_profit` (with the base retention).
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
    times" comparison.
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
    the price premium each grow by the given amount a year (from year 2). Year 0 is the
    acquisition cost. The amounts are illustrative parameters, not data.
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
    :data:`LOYALTY_LADDER`. The hardest step is the one with the lowest conversion.
    """
    counts = counts.reindex(LOYALTY_LADDER, fill_value=0).astype(int)
    if (counts < 0).any():
        raise ValueError("counts must be >= 0")
    reached = counts[::-1].cumsum()[::-1]
    table = pd.DataFrame({"highest rung": counts, "reached": reached})
    table["conversion_from_previous"] = reached / reached.shift(1)
    return table


def simulate_satisfaction_trap(n: int = 2000, *, rng=7) -> pd.DataFrame:
    """Customers' satisfaction (1-5), switching cost and whether they defected a year later.

    Defection depends less on satisfaction than on the value a competitor offers relative to
    ours and on the cost of switching (two-factor theory, competition): satisfied customers
    still defect. Seeded; for teaching.
    """
    gen = np.random.default_rng(rng)
    satisfaction = np.clip(np.rint(3.9 + 0.9 * gen.standard_normal(n)), 1, 5).astype(int)
    switching_cost = gen.choice(["low", "high"], n, p=[0.6, 0.4])
    rival_edge = gen.normal(0, 1, n)  # how much more value a competitor offers
    score = -1.2 - 0.45 * (satisfaction - 3) + 0.9 * rival_edge - 1.0 * (switching_cost == "high")
    defected = gen.random(n) < 1 / (1 + np.exp(-score))
    return pd.DataFrame(
        {"satisfaction": satisfaction, "switching_cost": switching_cost, "defected": defected}
    )
