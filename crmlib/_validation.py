"""Input checks shared by the crmlib modules (private).

Every public function validates its inputs with these helpers so that a bad table fails early
with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd


def name_rows(values: pd.Series, mask: pd.Series | np.ndarray, n: int = 3) -> str:
    """The first *n* entries of *values* where *mask* holds, as ``line 7: '03/01/2024'``.

    Rows are called by the index name (``line`` for a file read by :func:`crmlib.datasets.
    read_table`, where the label is the line number in the file) or ``row``.

    Parameters
    ----------
    values : pandas.Series
        The values to quote.
    mask : pandas.Series or numpy.ndarray
        Which entries to quote (bool, aligned by position).
    n : int
        How many to quote; the rest are counted.

    Returns
    -------
    str
        The quoted entries, comma-separated.

    Examples
    --------
    >>> name_rows(pd.Series(["x", "y", "z"]), [True, False, True], n=1)
    "row 0: 'x' and 1 more"
    """
    picked = values[np.asarray(mask, dtype=bool)]
    word = values.index.name if isinstance(values.index.name, str) else "row"
    shown = [f"{word} {label}: {value!r}" for label, value in picked.head(n).items()]
    more = f" and {len(picked) - n} more" if len(picked) > n else ""
    return ", ".join(shown) + more


def require_frame(
    df: object, what: str = "transactions", *, allow_empty: bool = False
) -> pd.DataFrame:
    """*df* if it is a DataFrame with rows (any DataFrame with *allow_empty*).

    Parameters
    ----------
    df : object
        The table to check.
    what : str
        Its name in the message.
    allow_empty : bool
        Accept a table without rows (one that may rightly hold nothing, such as no leads).

    Returns
    -------
    pandas.DataFrame
        *df* itself.

    Raises
    ------
    TypeError
        *df* is not a DataFrame.
    ValueError
        *df* has no rows (unless *allow_empty*).

    Examples
    --------
    >>> require_frame([1, 2])
    Traceback (most recent call last):
    ...
    TypeError: transactions must be a pandas DataFrame, got list
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    if df.empty and not allow_empty:
        raise ValueError(f"{what} is empty: pass a table with at least one row")
    return df


def require_columns(
    df: pd.DataFrame, columns: Iterable[str], what: str = "transactions", *, hint: str = ""
) -> None:
    """Raise a ValueError naming every column of *columns* missing from *df*.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : iterable of str
        The columns it needs.
    what : str
        Its name in the message.
    hint : str
        How to fix it, ending the message; by default, rename the columns or pass their names
        as keyword arguments. A function that takes the table another function builds says
        which one: ``"build it with crmlib.lifecycle.segment_summary"``.

    Raises
    ------
    ValueError
        A column is missing; the message lists the columns the table has.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"id": [1]}), ["id", "date"])
    Traceback (most recent call last):
    ...
    ValueError: transactions is missing column(s) ['date']; it has: id. ...
    >>> require_columns(pd.DataFrame({"R": [1]}), ["R", "F"], "scores", hint="use rfm_scores")
    Traceback (most recent call last):
    ...
    ValueError: scores is missing column(s) ['F']; it has: R. Use rfm_scores.
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns))
        fix = hint or "rename your columns or pass their names as keyword arguments"
        raise ValueError(
            f"{what} is missing column(s) {missing}; it has: {have}. {fix[0].upper()}{fix[1:]}."
        )


def require_table(
    table: object, columns: Iterable[str], *, what: str, built_by: str, allow_empty: bool = False
) -> pd.DataFrame:
    """*table* if it is a DataFrame with *columns* (and rows) that another function builds.

    A figure draws, and a formula reads, a table that a formula builds (a calibration summary,
    a Kano summary): when a column is missing, the message names it and that function
    (:func:`require_columns`), instead of the bare KeyError the reading would raise.

    Parameters
    ----------
    table : object
        The table to read.
    columns : iterable of str
        The columns read.
    what : str
        The table's parameter name, for the message.
    built_by : str
        The function that builds the right table, e.g. ``"crmlib.satisfaction.kano_summary"``.
    allow_empty : bool, default False
        Accept a table without rows (one that may rightly hold nothing, such as no leads).

    Returns
    -------
    pandas.DataFrame
        *table* itself.

    Raises
    ------
    TypeError
        *table* is not a DataFrame.
    ValueError
        *table* has no rows (unless *allow_empty*), or lacks a column.

    Examples
    --------
    >>> require_table(pd.DataFrame({"better": [0.5]}), ["better", "worse"], what="summary",
    ...               built_by="crmlib.satisfaction.kano_summary")
    Traceback (most recent call last):
    ...
    ValueError: summary is missing column(s) ['worse']; it has: better. Build it with ...
    """
    frame = require_frame(table, what, allow_empty=allow_empty)
    require_columns(frame, columns, what, hint=f"build it with {built_by}")
    return frame


def require_series(values: object, what: str, *, allow_empty: bool = False) -> pd.Series:
    """*values* if it is a Series indexed by customer (or item), with values unless *allow_empty*.

    Parameters
    ----------
    values : object
        The values to check.
    what : str
        Their name in the message.
    allow_empty : bool
        Accept a Series without values.

    Returns
    -------
    pandas.Series
        *values* itself.

    Raises
    ------
    TypeError
        *values* is not a pandas Series.
    ValueError
        *values* is empty (unless *allow_empty*).

    Examples
    --------
    >>> require_series(pd.Series([1.0]), "profit").tolist()
    [1.0]
    """
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"{what} must be a pandas Series indexed by customer, got {type(values).__name__}; "
            "pick one column of a table, e.g. value['profit']"
        )
    if values.empty and not allow_empty:
        raise ValueError(f"{what} is empty: pass a Series with at least one value")
    return values


def numeric_series(values: object, what: str) -> pd.Series:
    """*values* as a float Series: :func:`require_series`, then :func:`numeric_column`.

    Parameters
    ----------
    values : object
        The values to check.
    what : str
        Their name in the message.

    Returns
    -------
    pandas.Series
        The values as float.

    Raises
    ------
    TypeError
        *values* is not a Series.
    ValueError
        *values* is empty, or has missing, non-numeric or infinite values.

    Examples
    --------
    >>> numeric_series(pd.Series([1, 2], index=["a", "b"]), "profit").to_dict()
    {'a': 1.0, 'b': 2.0}
    """
    return numeric_column(require_series(values, what), what=what)


def require_same_index(
    labels: object, values: pd.Series | pd.DataFrame, what: str, of: str = "values"
) -> None:
    """Raise unless *labels* is a Series with exactly the index of *values*.

    Parameters
    ----------
    labels : object
        The Series to check (e.g. each customer's group).
    values : pandas.Series or pandas.DataFrame
        What it must be aligned with.
    what, of : str
        The names of *labels* and *values* in the message.

    Raises
    ------
    TypeError
        *labels* is not a Series.
    ValueError
        Its index differs from that of *values* (other labels or another order).

    Examples
    --------
    >>> require_same_index(pd.Series(["x"], index=["b"]), pd.Series([1.0], index=["a"]), "groups")
    Traceback (most recent call last):
    ...
    ValueError: groups must have exactly the index of values (the same customers in the same order)
    """
    if not isinstance(labels, pd.Series):
        raise TypeError(
            f"{what} must be a pandas Series indexed like {of}, got {type(labels).__name__}"
        )
    if not labels.index.equals(values.index):
        raise ValueError(
            f"{what} must have exactly the index of {of} (the same customers in the same order)"
        )


def _pick(data: pd.DataFrame | pd.Series, column: str | None, what: str) -> tuple[pd.Series, str]:
    """The values to check and how to name them: *data* itself (a Series) or its *column*."""
    if isinstance(data, pd.Series):
        return data, what
    if isinstance(data, pd.DataFrame):
        if column is None:
            raise TypeError(f"{what} is a DataFrame: name the column to check")
        return data[column], f"{what}.{column}"
    raise TypeError(f"{what} must be a pandas Series or DataFrame, got {type(data).__name__}")


def require_no_missing(
    data: pd.DataFrame | pd.Series, column: str | None = None, what: str = "transactions"
) -> None:
    """Raise a ValueError if *data* (a Series, or a DataFrame's *column*) has missing values.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The table or the values.
    column : str, optional
        The column to check when *data* is a DataFrame.
    what : str
        The name of the table or values in the message.

    Raises
    ------
    TypeError
        *data* is neither a Series nor a DataFrame, or a DataFrame without *column*.
    ValueError
        A value is missing; the message names the first offending rows.

    Examples
    --------
    >>> require_no_missing(pd.Series([1.0, None]), what="profit")
    Traceback (most recent call last):
    ...
    ValueError: profit has 1 missing value(s) (first rows: [1]); drop or fill those rows first
    """
    values, name = _pick(data, column, what)
    bad = values.isna()
    if bad.any():
        rows = list(values.index[bad][:5])
        word = values.index.name if isinstance(values.index.name, str) else "row"
        raise ValueError(
            f"{name} has {int(bad.sum())} missing value(s) (first {word}s: {rows}); "
            "drop or fill those rows first"
        )


def numeric_column(
    data: pd.DataFrame | pd.Series, column: str | None = None, what: str = "transactions"
) -> pd.Series:
    """*data* (a Series, or a DataFrame's *column*) as float.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The table or the values.
    column : str, optional
        The column to read when *data* is a DataFrame.
    what : str
        The name of the table or values in the message.

    Returns
    -------
    pandas.Series
        The values as float.

    Raises
    ------
    TypeError
        *data* is neither a Series nor a DataFrame, or a DataFrame without *column*.
    ValueError
        A value is missing, not a number, or infinite.

    Examples
    --------
    >>> numeric_column(pd.DataFrame({"amount": [1, 2]}), "amount").tolist()
    [1.0, 2.0]
    >>> numeric_column(pd.Series(["3 yuan"]), what="profit")
    Traceback (most recent call last):
    ...
    ValueError: profit must be numeric, got dtype str (row 0: '3 yuan'); ...
    """
    require_no_missing(data, column, what)
    col, name = _pick(data, column, what)
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        not_numbers = pd.to_numeric(col, errors="coerce").isna().to_numpy()
        if not not_numbers.any():  # numbers written as text, such as "4": quote those
            not_numbers = col.map(lambda v: isinstance(v, str | bytes | bool)).to_numpy(bool)
        which = f" ({name_rows(col, not_numbers)})" if not_numbers.any() else ""
        raise ValueError(
            f"{name} must be numeric, got dtype {col.dtype}{which}; "
            "write plain numbers (no currency signs or thousands separators), or convert the "
            "column with pd.to_numeric first"
        )
    values = col.astype(float)
    infinite = ~np.isfinite(values.to_numpy())
    if infinite.any():
        raise ValueError(
            f"{name} has infinite values ({name_rows(values, infinite)}); fix or drop those rows"
        )
    return values


def datetime_column(
    data: pd.DataFrame | pd.Series, column: str | None = None, what: str = "transactions"
) -> pd.Series:
    """*data* (a Series, or a DataFrame's *column*) as datetime64 (:func:`parse_dates`).

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The table or the values.
    column : str, optional
        The column to read when *data* is a DataFrame.
    what : str
        The name of the table or values in the message.

    Returns
    -------
    pandas.Series
        The dates, without time zones.

    Raises
    ------
    TypeError
        *data* is neither a Series nor a DataFrame, or a DataFrame without *column*.
    ValueError
        A value is missing or cannot be read as a date.

    Examples
    --------
    >>> datetime_column(pd.DataFrame({"date": ["2024-03-01"]}), "date").dt.day.tolist()
    [1]
    """
    require_no_missing(data, column, what)
    col, name = _pick(data, column, what)
    parsed = parse_dates(col)
    bad = parsed.isna().to_numpy()
    if bad.any():
        raise ValueError(
            f"{name} must hold dates (datetime64 or ISO strings like 2024-03-31); "
            f"{name_rows(col, bad)} is not one. Write dates as YYYY-MM-DD"
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

    Parameters
    ----------
    values : pandas.Series
        Dates as datetime64 or text.

    Returns
    -------
    pandas.Series
        datetime64 without time zone, indexed like *values*.

    Examples
    --------
    >>> parse_dates(pd.Series(["2024年3月1日", "2024-03-01T07:30+08:00", "soon"])).tolist()
    [Timestamp('2024-03-01 00:00:00'), Timestamp('2024-03-01 07:30:00'), NaT]
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

    Parameters
    ----------
    value : object
        A date: a string, a Timestamp, a datetime.
    name : str
        The parameter's name in the message.

    Returns
    -------
    pandas.Timestamp
        Midnight of that day, without time zone.

    Raises
    ------
    TypeError
        *value* is not a string, date, datetime, Timestamp or numpy datetime64 (a number
        would be read as nanoseconds after 1970).
    ValueError
        *value* cannot be read as a date.

    Examples
    --------
    >>> as_day("2024-12-31 17:30", "as_of")
    Timestamp('2024-12-31 00:00:00')
    """
    message = f"{name} must be a date like 2024-12-31, got {value!r}"
    if not isinstance(value, str | datetime.date | np.datetime64):  # Timestamp is a datetime
        raise TypeError(f"{message} ({type(value).__name__})")
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(message) from None
    if pd.isna(day):
        raise ValueError(message)
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


def whole_number(value: object, name: str, *, minimum: int, meaning: str = "") -> int:
    """*value* as an int, checked against *minimum*.

    Parameters
    ----------
    value : object
        The number to check.
    name : str
        The parameter's name in the message.
    minimum : int
        The smallest value allowed.
    meaning : str
        What the number is, added to the message.

    Returns
    -------
    int
        *value*.

    Raises
    ------
    TypeError
        *value* is not a whole number (a float or a bool is refused).
    ValueError
        *value* is below *minimum*.

    Examples
    --------
    >>> whole_number(3, "n", minimum=1)
    3
    >>> whole_number(0, "n", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number >= 1, got 0
    """
    if not isinstance(value, int | np.integer) or isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}{meaning}")
    return int(value)


def require_fraction(
    value: object,
    name: str,
    *,
    low: float = 0.0,
    high: float = 1.0,
    closed: bool = True,
    meaning: str = "",
) -> float:
    """*value* as a float in [low, high] (in (low, high) with ``closed=False``).

    Parameters
    ----------
    value : object
        The number to check.
    name : str
        The parameter's name in the message.
    low, high : float
        The interval's ends.
    closed : bool
        Whether the ends themselves are allowed.
    meaning : str
        What the number is, added to the message.

    Returns
    -------
    float
        *value*.

    Raises
    ------
    TypeError
        *value* is not a real number (a bool is refused).
    ValueError
        *value* is outside the interval or NaN.

    Examples
    --------
    >>> require_fraction(0.25, "change")
    0.25
    >>> require_fraction(1.5, "share")
    Traceback (most recent call last):
    ...
    ValueError: share must be a number in [0.0, 1.0], got 1.5
    """
    interval = f"[{low}, {high}]" if closed else f"({low}, {high})"
    if not isinstance(value, int | float | np.integer | np.floating) or isinstance(
        value, bool | np.bool_
    ):
        raise TypeError(f"{name} must be a number in {interval}, got {value!r}{meaning}")
    inside = low <= float(value) <= high if closed else low < float(value) < high
    if not inside:
        raise ValueError(f"{name} must be a number in {interval}, got {value!r}{meaning}")
    return float(value)
