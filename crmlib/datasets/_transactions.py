"""Seeded generator of the retailer's transaction log (committed as datasets/transactions.csv).

Synthetic: the datasheet ``datasets/transactions.md`` says how it was made and which of its
patterns the generator puts there on purpose.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["TRANSACTIONS_SEED", "generate_transactions"]

#: Seed of the committed copy of the retail transaction log.
TRANSACTIONS_SEED = 20240101

_REGIONS = ["North", "East", "South", "West", "Central"]
_REGION_P = [0.20, 0.30, 0.20, 0.15, 0.15]
_CHANNELS = ["store", "online", "phone"]
_CHANNEL_P = [0.45, 0.40, 0.15]
#: Handling cost of one order by channel (yuan): shelf and till, delivery, call-centre time.
_SERVICE_COST = {"store": 8.0, "online": 15.0, "phone": 25.0}
_CATEGORIES = ["appliances", "electronics", "kitchen", "home", "accessories"]
#: Gross margin rate by category.
_MARGIN = {
    "appliances": 0.22,
    "electronics": 0.15,
    "kitchen": 0.33,
    "home": 0.38,
    "accessories": 0.50,
}
_COLUMNS = [
    "order_id",
    "customer_id",
    "date",
    "amount",
    "cost",
    "service_cost",
    "channel",
    "region",
    "category",
]


def generate_transactions(
    n_customers: int = 3000,
    *,
    rng: int | np.random.Generator = TRANSACTIONS_SEED,
    start: str = "2023-01-01",
    end: str = "2024-12-31",
) -> pd.DataFrame:
    """Simulate a retailer's transaction log whose customers differ in value as real ones do.

    Each customer is acquired on a day anywhere in the window, stays active for an
    exponential time (mean 500 days), buys at a gamma-distributed yearly rate (shape 0.7,
    mean 3.15) at a log-normal typical order value (median 80 yuan, sigma 0.9), mostly in one
    region and channel, with personal category tastes (Dirichlet). About 2% of orders come back
    as a return row a few days later (negative amount and cost). Cost is the cost of goods at the
    category's margin; ``service_cost`` is the channel's handling cost per order, which makes the
    small, rare buyers loss-making. The same *rng* seed gives the identical table.

    Parameters
    ----------
    n_customers : int, default 3000
        Customers to simulate, 1 or more.
    rng : int or numpy.random.Generator, default TRANSACTIONS_SEED
        The seed or generator of every random draw.
    start, end : str, default "2023-01-01" and "2024-12-31"
        The first and the last day of the log (at least 30 days apart).

    Returns
    -------
    pandas.DataFrame
        Columns order_id, customer_id (``C`` and a zero-padded number), date, amount, cost,
        service_cost, channel, region, category; sorted by date then customer, order ids
        1..n in that order.

    Raises
    ------
    ValueError
        *n_customers* is not a positive integer, or the window is shorter than 30 days.

    Examples
    --------
    >>> tx = generate_transactions(20, rng=1)
    >>> tx["customer_id"].nunique(), tx["order_id"].tolist()[:3]
    (20, [1, 2, 3])
    >>> tx.equals(generate_transactions(20, rng=1))  # the same seed, the same log
    True
    """
    if not isinstance(n_customers, int) or n_customers < 1:
        raise ValueError(f"n_customers must be a positive integer, got {n_customers!r}")
    gen = np.random.default_rng(rng)
    t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    span = (t1 - t0).days
    if span < 30:
        raise ValueError("the window from start to end must be at least 30 days")

    # Customers.
    acq = gen.integers(0, span + 1, n_customers)  # acquired throughout, up to the last day
    active_end = np.minimum(acq + gen.exponential(500, n_customers).astype(int), span)
    rate = gen.gamma(0.7, 4.5, n_customers)  # purchases a year
    order_value = np.exp(np.log(80) + 0.9 * gen.standard_normal(n_customers))
    region = gen.choice(len(_REGIONS), n_customers, p=_REGION_P)
    channel = gen.choice(len(_CHANNELS), n_customers, p=_CHANNEL_P)
    taste = gen.dirichlet(np.full(len(_CATEGORIES), 0.6), n_customers)

    # Orders: the first on the acquisition day, the rest spread over the active window.
    n_orders = 1 + gen.poisson(rate * (active_end - acq) / 365.0)
    cust = np.repeat(np.arange(n_customers), n_orders)
    first = np.r_[0, np.cumsum(n_orders)[:-1]]
    is_first = np.zeros(len(cust), bool)
    is_first[first] = True
    day = acq[cust] + (gen.random(len(cust)) * (active_end[cust] - acq[cust] + 1)).astype(int)
    day = np.where(is_first, acq[cust], day)
    amount = np.round(order_value[cust] * np.exp(0.4 * gen.standard_normal(len(cust))), 2)
    order_channel = np.where(
        gen.random(len(cust)) < 0.8, channel[cust], gen.integers(0, len(_CHANNELS), len(cust))
    )
    cum_taste = np.cumsum(taste[cust], axis=1)
    category = (gen.random(len(cust))[:, None] > cum_taste).sum(axis=1).clip(0, 4)

    orders = pd.DataFrame(
        {
            "customer": cust,
            "day": day,
            "amount": amount,
            "channel": np.asarray(_CHANNELS)[order_channel],
            "region": np.asarray(_REGIONS)[region[cust]],
            "category": np.asarray(_CATEGORIES)[category],
        }
    )
    # Returns: a copy of ~2% of orders, 1-14 days later, with part or all of the amount back.
    back = orders[gen.random(len(orders)) < 0.02].copy()
    back["day"] = np.minimum(back["day"] + gen.integers(1, 15, len(back)), span)
    back["amount"] = -np.round(back["amount"] * gen.choice([0.5, 1.0], len(back)), 2)
    tx = pd.concat([orders, back], ignore_index=True)

    margin = tx["category"].map(_MARGIN).to_numpy()
    tx["cost"] = np.round(tx["amount"] * (1 - margin), 2)
    tx["service_cost"] = tx["channel"].map(_SERVICE_COST)
    tx["date"] = t0 + pd.to_timedelta(tx["day"], unit="D")
    width = len(str(n_customers))
    tx["customer_id"] = "C" + pd.Series(tx["customer"] + 1).astype(str).str.zfill(width)
    tx = tx.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    tx["order_id"] = np.arange(1, len(tx) + 1)
    return tx[_COLUMNS]
