"""Concentration of customer value (80-20法则): Pareto table, Lorenz curve and Gini coefficient.

Part of chapter 2. A few customers usually bring most of the value; these functions measure how
few. Ranking ties are broken by customer id, as in :mod:`crmlib.segmentation`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib._ranking import rank_by_value
from crmlib._validation import (
    numeric_column,
    numeric_series,
    require_columns,
    require_frame,
    require_no_missing,
    require_same_index,
    require_series,
)

__all__ = [
    "concentration_by_group",
    "cumulative_shares",
    "gini_coefficient",
    "lorenz_curve",
    "pareto_table",
    "top_share",
    "variance_between",
]


def _non_negative(values: pd.Series, what: str) -> np.ndarray:
    arr = numeric_series(values, what).to_numpy()
    if (arr < 0).any():
        raise ValueError(
            f"{what} has negative values; the Lorenz curve and Gini coefficient need values "
            ">= 0 (use revenue, or clip losses at 0 and say so)"
        )
    if arr.sum() == 0:
        raise ValueError(f"{what} sums to 0, so shares are undefined")
    return arr


def pareto_table(values: pd.Series, /) -> pd.DataFrame:
    """Customers sorted by value, largest first, with cumulative shares (the 80/20 table).

    cum_share_customers_k = k / n; cum_share_value_k = Σ_(j ≤ k) x_(j) / Σ x, with the values
    x_(1) ≥ x_(2) ≥ … (ties by customer id). Negative values (loss-making customers) are
    allowed here: the value share can then exceed 1 before it comes back down to 1.

    Parameters
    ----------
    values : pandas.Series
        Value of each customer (revenue, profit …), indexed by customer.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, largest first: ``value``, ``rank`` (1 = largest),
        ``cum_share_customers`` and ``cum_share_value``.

    Raises
    ------
    TypeError
        *values* is not a pandas Series.
    ValueError
        *values* is empty, has missing, non-numeric or infinite values, or a total that
        is not positive.

    References
    ----------
    Koch, R. (1998). The 80/20 Principle. London: Nicholas Brealey; source 003.

    Examples
    --------
    >>> pareto_table(pd.Series({"a": 10.0, "b": 30.0, "c": 60.0}))["cum_share_value"].tolist()
    [0.6, 0.9, 1.0]
    """
    v = numeric_series(values, "values")
    if v.sum() <= 0:
        raise ValueError("values must have a positive total for shares to make sense")
    ranked = v.iloc[np.argsort(rank_by_value(v).to_numpy())]
    n = len(ranked)
    return pd.DataFrame(
        {
            "value": ranked,
            "rank": np.arange(1, n + 1),
            "cum_share_customers": np.arange(1, n + 1) / n,
            "cum_share_value": ranked.cumsum() / ranked.sum(),
        }
    )


def top_share(values: pd.Series, /, share: float = 0.2) -> float:
    """Share of the total that the top ``share`` of customers bring (0.2 for the 80/20 rule).

    top_share = cum_share_value of the k-th customer of :func:`pareto_table`, with
    k = max(1, round(share · n)).

    Parameters
    ----------
    values : pandas.Series
        Value of each customer, indexed by customer.
    share : float
        The top share of customers, in (0, 1].

    Returns
    -------
    float
        Their share of the total value.

    Raises
    ------
    TypeError
        *values* is not a pandas Series.
    ValueError
        *values* is empty, has missing, non-numeric or infinite values, or a total that
        is not positive, or *share* is not in (0, 1].

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the 80/20 rule (see the README, "Sources").
    Koch, R. (1998). *The 80/20 Principle*. London: Nicholas Brealey.

    Examples
    --------
    The top 20% of five customers is one customer, with 50 of 100:

    >>> top_share(pd.Series([50.0, 20.0, 10.0, 10.0, 10.0]), 0.2)
    0.5
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share}")
    table = pareto_table(values)
    k = max(1, round(share * len(table)))
    return float(table["cum_share_value"].iloc[k - 1])


def lorenz_curve(values: pd.Series, /) -> pd.DataFrame:
    """Points of the Lorenz curve: customers sorted from the smallest value, from (0, 0) to (1, 1).

    Point k = (k / n, Σ_(j ≤ k) x_(j) / Σ x) with the values sorted ascending.

    Parameters
    ----------
    values : pandas.Series
        Value of each customer, at least 0, indexed by customer.

    Returns
    -------
    pandas.DataFrame
        n + 1 rows with ``share_customers`` and ``share_value``.

    Raises
    ------
    TypeError
        *values* is not a pandas Series.
    ValueError
        *values* is empty, has missing, non-numeric or infinite values, negative values
        or a zero total.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. Publications of the
    American Statistical Association 9(70), 209–219.

    Examples
    --------
    >>> lorenz_curve(pd.Series([1.0, 3.0])).round(2).values.tolist()
    [[0.0, 0.0], [0.5, 0.25], [1.0, 1.0]]
    """
    arr = np.sort(_non_negative(values, "values"))
    n = len(arr)
    return pd.DataFrame(
        {
            "share_customers": np.r_[0.0, np.arange(1, n + 1) / n],
            "share_value": np.r_[0.0, np.cumsum(arr) / arr.sum()],
        }
    )


def gini_coefficient(values: pd.Series, /) -> float:
    """Gini coefficient G = 1 − 2 × (area under the Lorenz curve), in [0, 1).

    With the values sorted ascending, G = 2 Σ i·x_i / (n Σ x_i) − (n + 1) / n (i = 1..n).
    0 means every customer is worth the same; values near 1, one customer is worth everything.

    Parameters
    ----------
    values : pandas.Series
        Value of each customer, at least 0, indexed by customer.

    Returns
    -------
    float
        G.

    Raises
    ------
    TypeError
        *values* is not a pandas Series.
    ValueError
        *values* is empty, has missing, non-numeric or infinite values, negative values
        or a zero total.

    References
    ----------
    Gini, C. (1912). Variabilità e mutabilità. Bologna: Tipografia di Paolo Cuppini.

    Examples
    --------
    One customer of four has everything: G = 2 · 4 · 10 / (4 · 10) − 5/4 = 0.75.

    >>> gini_coefficient(pd.Series([1.0, 1.0, 1.0]))
    0.0
    >>> gini_coefficient(pd.Series([0.0, 0.0, 0.0, 10.0]))
    0.75
    """
    arr = np.sort(_non_negative(values, "values"))
    n = len(arr)
    g = 2.0 * np.dot(np.arange(1, n + 1), arr) / (n * arr.sum()) - (n + 1) / n
    return float(round(g, 12))


def cumulative_shares(groups: pd.DataFrame, /, *, by: str, shares: list[str]) -> pd.DataFrame:
    """Grouped 80/20 table: groups sorted by *by* (largest first) with cumulative *shares*.

    For published tables that give groups rather than customers, such as the Beijing
    home-appliance company's (source 003): cum_s_k = Σ_(j ≤ k) s_j over the sorted groups.

    Parameters
    ----------
    groups : pandas.DataFrame
        One row per group.
    by : str
        The column to sort by, largest first.
    shares : list of str
        Share columns in percent, each summing to 100.

    Returns
    -------
    pandas.DataFrame
        The sorted groups with a ``cum_`` column for each share column.

    Raises
    ------
    TypeError
        *groups* is not a DataFrame.
    ValueError
        A column is missing, not numeric, or a share column does not sum to 100.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the Beijing home-appliance company's customer-value table (see the README, "Sources").
    Koch, R. (1998). *The 80/20 Principle*. London: Nicholas Brealey.

    Examples
    --------
    >>> t = pd.DataFrame({"v": [1.0, 9.0], "pct": [70.0, 30.0]}, index=["lo", "hi"])
    >>> cumulative_shares(t, by="v", shares=["pct"])["cum_pct"].tolist()
    [30.0, 100.0]
    """
    require_frame(groups, "groups")
    require_columns(groups, [by, *shares], "groups")
    for col in [by, *shares]:
        numeric_column(groups, col, "groups")
    for col in shares:
        total = groups[col].sum()
        if not np.isclose(total, 100.0, atol=0.05):
            raise ValueError(f"groups.{col} must sum to 100 (percent), it sums to {total:g}")
    out = groups.sort_values(by, ascending=False, kind="stable").copy()
    for col in shares:
        out[f"cum_{col}"] = out[col].cumsum().round(10)
    return out


def concentration_by_group(
    values: pd.Series, groups: pd.Series, /, *, share: float = 0.2
) -> pd.DataFrame:
    """How unequal customers are *within* each group: top-share and Gini coefficient per group.

    The value axis of the customer difference matrix asks how much customers differ from one
    another in value. For each group this returns ``customers``, ``value`` (the group's total),
    ``top_share`` (the share of the group's value held by its top *share* of customers, see
    :func:`top_share`) and ``gini`` (:func:`gini_coefficient`). Values must be >= 0.

    Parameters
    ----------
    values : pandas.Series
        Value of each customer (e.g. gross sales), at least 0, indexed by customer.
    groups : pandas.Series
        Each customer's group, with exactly the index of *values*.
    share : float
        The top share of customers whose part of the value is measured (0.2).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted) with int ``customers`` and float ``value``, ``top_share``
        and ``gini``.

    Raises
    ------
    TypeError
        *values* or *groups* is not a Series.
    ValueError
        *groups* has another index or a missing group, or *values* is empty, missing, not
        numeric, negative or sums to 0.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the value axis of the customer difference matrix (see the README, "Sources").
    Peppers, D., Rogers, M. & Dorf, B. (1999). Is your company ready for one-to-one marketing?
    *Harvard Business Review*, 77(1), 151–160.
    Gini, C. (1912). *Variabilità e mutabilità*. Bologna: Tipografia di Paolo Cuppini.

    Examples
    --------
    >>> v = pd.Series([10.0, 10.0, 90.0, 10.0], index=list("abcd"))
    >>> concentration_by_group(v, pd.Series(["x", "x", "y", "y"], index=list("abcd")))
           customers  value  top_share  gini
    group
    x              2   20.0        0.5   0.0
    y              2  100.0        0.9   0.4
    """
    require_same_index(groups, require_series(values, "values"), "groups")
    require_no_missing(groups, what="groups")  # a customer without a group would be dropped
    _non_negative(values, "values")
    rows = {
        name: {
            "customers": len(part),
            "value": float(part.sum()),
            "top_share": top_share(part, share),
            "gini": gini_coefficient(part),
        }
        for name, part in values.groupby(groups.to_numpy(), sort=True)
    }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = groups.name or "group"
    return out.astype({"customers": "int64"})


def variance_between(values: pd.Series, groups: pd.Series, /) -> float:
    """Share of the variance of customer value that lies *between* groups (eta squared).

    η² = Σ_g n_g (mean_g − mean)² / Σ_i (x_i − mean)²: 1 when every group's customers are
    worth the same and the groups differ, 0 when every group has the same mean value. A
    segmentation separates value when η² is high; what is left (1 − η²) is the difference
    between customers inside the segments.

    Parameters
    ----------
    values : pandas.Series
        Value of each customer, indexed by customer.
    groups : pandas.Series
        Each customer's group, with exactly the index of *values*.

    Returns
    -------
    float
        η², rounded to 12 decimals.

    Raises
    ------
    TypeError
        *values* or *groups* is not a Series.
    ValueError
        *groups* has another index or a missing group, *values* is empty, missing or not
        numeric, or all values are equal.

    References
    ----------
    Cohen, J. (1973). Eta-squared and partial eta-squared in fixed factor ANOVA designs.
    Educational and Psychological Measurement 33(1), 107–112.

    Examples
    --------
    Means 2 and 6 around 4: η² = (2·4 + 2·4) / (9 + 1 + 1 + 9) = 0.8.

    >>> v = pd.Series([1.0, 3.0, 5.0, 7.0])
    >>> variance_between(v, pd.Series(["a", "a", "b", "b"]))
    0.8
    """
    require_same_index(groups, require_series(values, "values"), "groups")
    require_no_missing(groups, what="groups")  # a customer without a group would be dropped
    v = numeric_series(values, "values")
    deviation = v - v.mean()
    total = float((deviation**2).sum())
    if total == 0:
        raise ValueError("values are all equal, so there is no variance to split")
    means = v.groupby(groups.to_numpy()).transform("mean")
    return float(round(float(((means - v.mean()) ** 2).sum()) / total, 12))
