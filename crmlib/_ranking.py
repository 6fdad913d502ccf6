"""Deterministic ranking of customers (private): the tie rules every segment cut relies on."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def rank_positions(keys: pd.DataFrame, descending: Sequence[bool]) -> pd.Series:
    """Position 0..n-1 of each row when sorted by the columns of *keys*, best first.

    Column k sorts descending if ``descending[k]``; rows equal on every key are ordered by
    their index label, so the result never depends on the order of the input rows.
    """
    if not keys.index.is_unique:
        dup = keys.index[keys.index.duplicated()][:5].tolist()
        raise ValueError(f"customer ids must be unique, but these repeat: {dup}")
    n = len(keys)
    columns = [
        -keys[c].to_numpy() if desc else keys[c].to_numpy()
        for c, desc in zip(keys.columns, descending, strict=True)
    ]
    # np.lexsort is stable, so rows equal on every key keep their order in *by_label*.
    by_label = (
        np.arange(n) if keys.index.is_monotonic_increasing else (keys.index.argsort(kind="stable"))
    )
    order = by_label[np.lexsort([col[by_label] for col in columns[::-1]])]
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    return pd.Series(position, index=keys.index)


def rank_by_value(values: pd.Series) -> pd.Series:
    """Position of each customer when sorted by *values*, largest first (ties by label)."""
    return rank_positions(values.to_frame("value"), [True])
