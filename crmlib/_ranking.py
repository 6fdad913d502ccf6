"""Deterministic ranking of customers (private): the tie rules every segment cut relies on.

Two customers with equal values must land in the same place whatever order the rows came in,
so every ranking here breaks ties by customer id: the rows are put in id order first, and every
sort after that is stable (equal rows keep their order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def rank_positions(keys: pd.DataFrame, descending: Sequence[bool]) -> pd.Series:
    """Position 0..n-1 of each row when sorted by the columns of *keys*, best first.

    Column k sorts descending if ``descending[k]``; rows equal on every key are ordered by
    their index label (the customer id): the rows are put in id order first and every sort
    after that is stable. Missing values sort last.

    Parameters
    ----------
    keys : pandas.DataFrame
        The sort keys, one row per customer, indexed by unique customer ids.
    descending : sequence of bool
        One flag per column of *keys*.

    Returns
    -------
    pandas.Series
        Each row's position, indexed like *keys*.

    Raises
    ------
    ValueError
        A customer id repeats.

    Examples
    --------
    a has the most profit; b and c tie and b comes first by id:

    >>> keys = pd.DataFrame({"profit": [5, 9, 5]}, index=["c", "a", "b"])
    >>> rank_positions(keys, [True]).to_dict()
    {'c': 2, 'a': 0, 'b': 1}
    """
    if not keys.index.is_unique:
        dup = keys.index[keys.index.duplicated()][:5].tolist()
        raise ValueError(f"customer ids must be unique, but these repeat: {dup}")
    # Carry each row's place through the sorts to put the positions back by place, not by a
    # lookup of the ids (100,000 text ids: 0.084 s -> 0.036 s; about a tenth of an RFM run).
    row = "_row_of_keys"
    ordered = (
        keys.assign(**{row: np.arange(len(keys))})
        .sort_index(kind="stable")
        .sort_values(
            list(keys.columns),
            ascending=[not d for d in descending],
            kind="stable",
            na_position="last",
        )
    )
    position = np.empty(len(keys), dtype=np.int64)
    position[ordered[row].to_numpy()] = np.arange(len(keys))
    return pd.Series(position, index=keys.index)


def rank_by_value(values: pd.Series) -> pd.Series:
    """Position of each customer when sorted by *values*, largest first (ties by id).

    Parameters
    ----------
    values : pandas.Series
        One value per customer, indexed by unique customer ids.

    Returns
    -------
    pandas.Series
        Each customer's position 0..n-1, indexed like *values*.

    Raises
    ------
    ValueError
        A customer id repeats.

    Examples
    --------
    >>> rank_by_value(pd.Series({"b": 1.0, "a": 1.0, "c": 3.0})).to_dict()
    {'b': 2, 'a': 1, 'c': 0}
    """
    return rank_positions(values.to_frame("value"), [True])
