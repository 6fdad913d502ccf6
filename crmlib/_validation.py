"""Input checks shared by the crmlib modules (private).

Every public function validates its inputs with these helpers so that a bad table fails early
with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def require_frame(df: object, what: str = "transactions") -> pd.DataFrame:
    """Raise unless *df* is a non-empty DataFrame."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    if df.empty:
        raise ValueError(f"{what} is empty: pass a table with at least one row")
    return df


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str = "transactions") -> None:
    """Raise a ValueError naming every column of *columns* missing from *df*."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns))
        raise ValueError(
            f"{what} is missing column(s) {missing}; it has: {have}. "
            "Rename your columns or pass their names as keyword arguments."
        )


def require_no_missing(df: pd.DataFrame, column: str, what: str = "transactions") -> None:
    """Raise if *column* has missing values, naming the first offending rows."""
    bad = df[column].isna()
    if bad.any():
        rows = list(df.index[bad][:5])
        raise ValueError(
            f"{what}.{column} has {int(bad.sum())} missing value(s) (first rows: {rows}); "
            "drop or fill those rows first"
        )


def numeric_column(df: pd.DataFrame, column: str, what: str = "transactions") -> pd.Series:
    """Return *column* as float, raising if it is not numeric or has missing values."""
    require_no_missing(df, column, what)
    col = df[column]
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        raise ValueError(
            f"{what}.{column} must be numeric, got dtype {col.dtype}; "
            "convert it with pd.to_numeric first"
        )
    values = col.astype(float)
    if not np.isfinite(values.to_numpy()).all():
        raise ValueError(f"{what}.{column} has infinite values")
    return values


def datetime_column(df: pd.DataFrame, column: str, what: str = "transactions") -> pd.Series:
    """Return *column* as datetime64, raising if it cannot be read as dates."""
    require_no_missing(df, column, what)
    col = df[column]
    if pd.api.types.is_datetime64_any_dtype(col):
        return col
    try:
        return pd.to_datetime(col, format="ISO8601")
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"{what}.{column} must hold dates (datetime64 or ISO strings like 2024-03-31): {err}"
        ) from None


def require_fraction(value: float, name: str, *, low: float = 0.0, high: float = 1.0) -> float:
    """Raise unless low <= value <= high."""
    if not isinstance(value, int | float | np.number) or not low <= float(value) <= high:
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    return float(value)
