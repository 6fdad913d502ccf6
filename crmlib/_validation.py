"""Input checks shared by the crmlib modules (private).

Every public function validates its inputs with these helpers so that a bad table fails early
with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd


def name_rows(values: pd.Series, mask: pd.Series | np.ndarray, n: int = 3) -> str:
    """The first *n* entries of *values* where *mask* holds, as ``line 7: '03/01/2024'``.

    Rows are called by the index name (``line`` for a file read by :func:`crmlib.datasets.
    read_table`, where the label is the line number in the file) or ``row``.
    """
    picked = values[np.asarray(mask, dtype=bool)]
    word = values.index.name if isinstance(values.index.name, str) else "row"
    shown = [f"{word} {label}: {value!r}" for label, value in picked.head(n).items()]
    more = f" and {len(picked) - n} more" if len(picked) > n else ""
    return ", ".join(shown) + more


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
        word = df.index.name if isinstance(df.index.name, str) else "row"
        raise ValueError(
            f"{what}.{column} has {int(bad.sum())} missing value(s) (first {word}s: {rows}); "
            "drop or fill those rows first"
        )


def numeric_column(df: pd.DataFrame, column: str, what: str = "transactions") -> pd.Series:
    """Return *column* as float, raising if it is not numeric or has missing values."""
    require_no_missing(df, column, what)
    col = df[column]
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        not_numbers = pd.to_numeric(col, errors="coerce").isna().to_numpy()
        which = f" ({name_rows(col, not_numbers)})" if not_numbers.any() else ""
        raise ValueError(
            f"{what}.{column} must be numeric, got dtype {col.dtype}{which}; "
            "write plain numbers (no currency signs or thousands separators), or convert the "
            "column with pd.to_numeric first"
        )
    values = col.astype(float)
    infinite = ~np.isfinite(values.to_numpy())
    if infinite.any():
        raise ValueError(
            f"{what}.{column} has infinite values ({name_rows(values, infinite)}); "
            "fix or drop those rows"
        )
    return values


def datetime_column(df: pd.DataFrame, column: str, what: str = "transactions") -> pd.Series:
    """Return *column* as datetime64, raising if it cannot be read as dates."""
    require_no_missing(df, column, what)
    parsed = parse_dates(df[column])
    bad = parsed.isna().to_numpy()
    if bad.any():
        raise ValueError(
            f"{what}.{column} must hold dates (datetime64 or ISO strings like 2024-03-31); "
            f"{name_rows(df[column], bad)} is not one. Write dates as YYYY-MM-DD"
        )
    return parsed


#: A time of day followed by a UTC offset or zone letter: ``07:30:00+08:00``, ``07:30Z``.
_OFFSET = re.compile(
    r"^(.*\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE
)
#: Year-first dates with any of the usual separators: 2024/3/1, 2024.3.1, 2024年3月1日.
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(.*)$")
#: A time of day with a one-digit hour, as Excel writes it: ``7:05``.
_SHORT_HOUR = re.compile(r"^(\d):")


def _iso_text(text: str) -> str:
    """One date string in ISO form, with any UTC offset dropped (the local time is kept)."""
    text = text.strip()
    text = _OFFSET.sub(r"\1", text)
    match = _YEAR_FIRST.match(text)
    if match:
        year, month, day, rest = match.groups()
        rest = _SHORT_HOUR.sub(r"0\1:", rest.strip().removeprefix("T").strip())
        text = f"{year}-{int(month):02d}-{int(day):02d}" + (f" {rest}" if rest else "")
    return text


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates and times as they were written, without time zones; NaT where a value is no date.

    A timestamp with a UTC offset (``2024-03-01T07:30:00+08:00``) keeps its local date and
    time: a sale at 07:30 in Beijing happened on 1 March there, whatever the time in London.
    Timezone-aware datetime64 columns are treated the same way. Besides ISO 8601, year-first
    dates with ``/``, ``.`` or 年月日 are read (``2024/3/1``, ``2024年3月1日``); day-first and
    month-first dates (``03/01/2024``) are ambiguous and are not.
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    present = values[values.notna()].astype(str)
    try:  # the fast path: ISO dates, one UTC offset or none
        parsed = pd.to_datetime(present, format="ISO8601")
    except (ValueError, TypeError):  # other forms, several offsets, or values that are no date
        parsed = pd.to_datetime(present.map(_iso_text), format="ISO8601", errors="coerce")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)  # keep the local date and time written
    return parsed.reindex(values.index)


def as_day(value: object, name: str) -> pd.Timestamp:
    """*value* as a day (midnight, local time kept), or a ValueError naming the parameter.

    >>> as_day("2024-12-31 17:30", "as_of")
    Timestamp('2024-12-31 00:00:00')
    """
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError):
        day = pd.NaT
    if pd.isna(day):
        raise ValueError(f"{name} must be a date like 2024-12-31, got {value!r}")
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


def whole_number(value: object, name: str, *, minimum: int, meaning: str = "") -> int:
    """Return *value* as an int: a TypeError unless it is a whole number (not a bool), and a
    ValueError below *minimum*; *meaning* (what the number is) is added to the message."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}{meaning}")
    return int(value)


def require_fraction(value: float, name: str, *, low: float = 0.0, high: float = 1.0) -> float:
    """Raise unless low <= value <= high."""
    if not isinstance(value, int | float | np.number) or not low <= float(value) <= high:
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    return float(value)
