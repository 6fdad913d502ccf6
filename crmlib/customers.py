"""Per-customer data of a transaction log: value, main attributes, distinctiveness of needs.

The inputs of chapter 2's segmentations (and of later chapters): one row per customer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib._validation import (
    datetime_column,
    numeric_column,
    require_columns,
    require_frame,
    require_no_missing,
)

__all__ = ["customer_attributes", "customer_value", "needs_distinctiveness"]


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

    profit = revenue − cost of goods − cost to serve. Returns (negative rows) net out of
    revenue and cost; ``purchases`` counts the positive rows only and ``sales`` adds them up
    (gross sales, before returns). ``avg_purchase`` is sales per purchase and
    ``purchases_per_quarter`` is the customer's own purchase rate: purchases divided by the
    quarters (91.3 days) from the customer's first purchase to the log's last day, counted as at
    least one quarter so that a customer who joined last week is not credited with a rate of 13
    purchases a quarter for one order.

    Returns a DataFrame indexed by customer with ``purchases``, ``sales``, ``revenue``, ``cogs``,
    ``gross_margin``, ``service_cost``, ``profit``, ``avg_purchase``, ``purchases_per_quarter``.
    """
    require_frame(transactions)
    require_columns(transactions, [customer, date, amount, cost, service_cost])
    require_no_missing(transactions, customer)
    values = pd.DataFrame(
        {col: numeric_column(transactions, col) for col in (amount, cost, service_cost)}
    )
    if (values[service_cost] < 0).any():
        raise ValueError(f"transactions.{service_cost} must be >= 0")
    dates = datetime_column(transactions, date)
    values["purchase"] = values[amount] > 0
    values["bought"] = values[amount].where(values["purchase"], 0.0)
    grouped = values.groupby(transactions[customer].to_numpy(), sort=True)
    with np.errstate(over="ignore", invalid="ignore"):  # checked just below, with a message
        sums = grouped.sum()
    _require_finite_totals(sums[[amount, cost, service_cost]], {amount: "revenue", cost: "cost"})
    bought = values["purchase"].to_numpy()
    first_purchase = dates[bought].groupby(transactions[customer].to_numpy()[bought]).min()
    tenure_days = (dates.max() - first_purchase.reindex(sums.index)).dt.days
    quarters = (tenure_days / 91.3).clip(lower=1.0).fillna(1.0)
    out = pd.DataFrame(
        {
            "purchases": sums["purchase"].astype(np.int64),
            "sales": sums["bought"],
            "revenue": sums[amount],
            "cogs": sums[cost],
            "gross_margin": sums[amount] - sums[cost],
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
        column = sums.columns[col]
        raise ValueError(
            f"the {names.get(column, column)} of customer {sums.index[row]!r} is not a finite "
            f"number ({sums.iloc[row, col]}): its {column} values are too large to add up; "
            f"check transactions.{column} for typos"
        )


def customer_attributes(
    transactions: pd.DataFrame, /, columns: Sequence[str], *, customer: str = "customer_id"
) -> pd.DataFrame:
    """Each customer's most frequent value of each column (e.g. their main region or channel).

    Ties go to the value that sorts first, so the result is deterministic.
    """
    require_frame(transactions)
    require_columns(transactions, [customer, *columns])
    out = {}
    for col in columns:
        counts = transactions.groupby([customer, col], observed=True).size().rename("n")
        counts = counts.reset_index().sort_values(
            [customer, "n", col], ascending=[True, False, True]
        )
        out[col] = counts.drop_duplicates(customer).set_index(customer)[col]
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
    mix of the whole base: ½ Σ_k |p_ik − p_k|. 0 = buys exactly like everyone else; 1 = buys only
    what nobody else buys. Used as the needs axis of the customer difference matrix.
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
