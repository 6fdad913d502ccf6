"""Per-customer data of a transaction log: value, main attributes, distinctiveness of needs.

The inputs of chapter 2's segmentations (and of later chapters): one row per customer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib._validation import (
    numeric_column,
    require_columns,
    require_frame,
)
from crmlib.transactions import customer_days, customer_totals

__all__ = [
    "customer_attributes",
    "customer_value",
    "needs_distinctiveness",
]


def customer_value(
    transactions: pd.DataFrame,
    /,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    cost: str = "cost",
    service_cost: str = "service_cost",
) -> pd.DataFrame:
    """Revenue, costs and profit of each customer: the value side of segmentation.

    profit = revenue − cost of goods − cost to serve, where revenue is the net amount (returns
    included) and the costs are summed over all rows. Purchases are counted in days by the rule
    of :mod:`crmlib.transactions` (same-day rows are one purchase, a day netting below zero is a
    return day, a zero amount is a purchase): ``purchases`` is the number of purchase days and
    ``sales`` the sum of their amounts (before returns made on later days); ``avg_purchase`` is
    sales per purchase day. ``purchases_per_quarter`` is the customer's own purchase rate:
    purchase days divided by the quarters (91.3 days) from the first purchase day to the log's
    last day, counted as at least one quarter so that a customer who joined last week is not
    credited with a rate of 13 purchases a quarter for one order. (A customer who stopped buying
    long ago keeps the whole span since the first purchase in the denominator, so the rate falls
    as they stay silent.)

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per sale or return (a return has a negative amount and cost).
    customer, date, amount, cost, service_cost : str
        Column names; *cost* is the cost of the goods, *service_cost* the cost of handling the
        order (never negative).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with int ``purchases`` and float ``sales``, ``revenue``,
        ``cogs``, ``gross_margin``, ``service_cost``, ``profit``, ``avg_purchase`` and
        ``purchases_per_quarter``.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        A column is missing, ids or dates are missing, amounts or costs are not numbers, a
        service cost is negative, or a customer's totals overflow.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; segmentation by profitability, the customer pyramid (see the README,
    "Sources").
    Shapiro, B. P., Rangan, V. K., Moriarty, R. T. & Ross, E. B. (1987). Manage customers for
    profits (not just sales). *Harvard Business Review*, 65(5).

    Examples
    --------
    Customer a buys on three days; 181 days = 1.982 quarters, so 3 / 1.982 = 1.513 a quarter:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-06-30", "2024-06-30"]),
    ...     "amount": [100.0, 50.0, 30.0, 20.0], "cost": [60.0, 30.0, 20.0, 10.0],
    ...     "service_cost": [8.0, 8.0, 8.0, 8.0]})
    >>> cols = ["purchases", "profit", "avg_purchase", "purchases_per_quarter"]
    >>> customer_value(tx)[cols].round(3)
                 purchases  profit  avg_purchase  purchases_per_quarter
    customer_id
    a                    3    46.0          60.0                  1.513
    b                    1     2.0          20.0                  1.000
    """
    require_frame(transactions)
    require_columns(transactions, [customer, date, amount, cost, service_cost])
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked below, with a message
        days = customer_days(transactions, customer=customer, date=date, amount=amount)
    costs = pd.DataFrame({col: numeric_column(transactions, col) for col in (cost, service_cost)})
    if (costs[service_cost] < 0).any():
        raise ValueError(
            f"transactions.{service_cost} must be >= 0 (the cost of handling an order); "
            "fix the negative values"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        sums = costs.groupby(transactions[customer].to_numpy(), sort=True).sum()
        totals = customer_totals(days)
    sums[amount] = totals["net_amount"]
    _require_finite_totals(sums[[amount, cost, service_cost]], {amount: "revenue", cost: "cost"})
    tenure_days = (days["day"].max() - totals["first_purchase"]).dt.days
    quarters = (tenure_days / 91.3).clip(lower=1.0).fillna(1.0)
    out = pd.DataFrame(
        {
            "purchases": totals["purchase_days"],
            "sales": totals["purchase_amount"],
            "revenue": totals["net_amount"],
            "cogs": sums[cost],
            "gross_margin": totals["net_amount"] - sums[cost],
            "service_cost": sums[service_cost],
        }
    )
    out["profit"] = out["gross_margin"] - out["service_cost"]
    out["avg_purchase"] = (out["sales"] / out["purchases"].where(out["purchases"] > 0)).fillna(0)
    out["purchases_per_quarter"] = out["purchases"] / quarters
    out.index.name = customer
    return out


def _require_finite_totals(sums: pd.DataFrame, names: dict[str, str]) -> None:
    """Raise if a customer's total overflowed (amounts like 1e308 add up to infinity)."""
    bad = ~np.isfinite(sums.to_numpy())
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        column = str(sums.columns[col])
        raise ValueError(
            f"the {names.get(column, column)} of customer {sums.index[row]!r} is not a finite "
            f"number ({sums.to_numpy()[row, col]}): its {column} values are too large to add up; "
            f"check transactions.{column} for typos"
        )


def customer_attributes(
    transactions: pd.DataFrame, /, columns: Sequence[str], *, customer: str = "customer_id"
) -> pd.DataFrame:
    """Each customer's most frequent value of each column (e.g. their main region or channel).

    The mode of the column over the customer's rows; ties go to the value that sorts first, so
    the result is deterministic.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    columns : sequence of str
        The columns to summarise.
    customer : str
        Column name of the customer id.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), one column per entry of *columns*.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        The table is empty or a column is missing.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the segmentation bases: geographic, demographic, behavioural (see the README,
    "Sources").

    Examples
    --------
    a bought twice online and once by phone; b once in each (a tie: "online" sorts first):

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...                    "channel": ["online", "phone", "online", "phone", "online"]})
    >>> customer_attributes(tx, ["channel"])["channel"].tolist()
    ['online', 'online']
    """
    require_frame(transactions)
    require_columns(transactions, [customer, *columns])
    out = {}
    for col in columns:
        counts = transactions.groupby([customer, col], observed=True).size().rename("n")
        ranked = counts.reset_index().sort_values(
            [customer, "n", col], ascending=[True, False, True]
        )
        out[col] = ranked.drop_duplicates(customer).set_index(customer)[col]
    return pd.DataFrame(out).sort_index()


def needs_distinctiveness(
    transactions: pd.DataFrame,
    /,
    *,
    customer: str = "customer_id",
    category: str = "category",
    amount: str = "amount",
) -> pd.Series:
    """How far each customer's needs are from the average customer's, from 0 to 1.

    The total-variation distance between the customer's spending mix over categories and the
    mix of the whole base: d_i = ½ Σ_k |p_ik − p_k|. 0 = buys exactly like everyone else;
    1 = buys only what nobody else buys. Used as the needs axis of the customer difference
    matrix. Returns (negative amounts) count as 0.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, category, amount : str
        Column names.

    Returns
    -------
    pandas.Series
        d_i of each customer, named ``needs_distinctiveness``; NaN for a customer with no
        spending.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        The table is empty, a column is missing, or amounts are not numbers.

    References
    ----------
    Peppers, D., Rogers, M. & Dorf, B. (1999). Is your company ready for one-to-one marketing?
    Harvard Business Review 77(1), 151–160.

    Examples
    --------
    The base spends 50/50 on x and y; a only on x: ½ (|1 − ½| + |0 − ½|) = 0.5.

    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b"], "category": ["x", "x", "y"],
    ...                    "amount": [10.0, 0.0, 10.0]})
    >>> needs_distinctiveness(tx).tolist()
    [0.5, 0.5]
    """
    require_frame(transactions)
    require_columns(transactions, [customer, category, amount])
    spend = numeric_column(transactions, amount).clip(lower=0)
    mix = pd.crosstab(
        transactions[customer], transactions[category], values=spend, aggfunc="sum"
    ).fillna(0.0)
    base = mix.sum() / mix.to_numpy().sum()
    totals = mix.sum(axis=1)
    shares = mix.div(totals.where(totals > 0), axis=0)
    distance = 0.5 * (shares - base).abs().sum(axis=1)
    return distance.where(totals > 0).rename("needs_distinctiveness").rename_axis(customer)
