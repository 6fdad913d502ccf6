"""Customer histories in, customer-indexed answers out: the calling convention of crmlib.clv.

Every prediction takes the customers' histories in one of three forms:

- the calibration summary itself, a DataFrame with columns ``frequency``, ``recency`` and ``T``
  (as :func:`crmlib.clv.calibration_summary` builds it): ``probability_alive(params, summary)``;
- three Series, arrays or lists: ``probability_alive(params, x, t_x, T)``;
- three numbers, for one customer: ``probability_alive(params, 2, 30.0, 39.0)``.

One customer in, one float out; several customers in, a Series out, indexed by customer (the
DataFrame's or Series' index, else 0, 1, …) and named after what it holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

from crmlib._validation import (
    numeric_column,
    require_same_index,
    require_table,
)

__all__ = ["Column", "Histories", "History", "answer", "histories", "numbers", "require_fittable"]

#: One column of histories: a Series indexed by customer, an array or a list, or one number.
Column: TypeAlias = pd.Series | np.ndarray | Sequence[float] | float
#: The first argument of every model: the calibration summary, or its first column.
Histories: TypeAlias = pd.DataFrame | Column


class History(NamedTuple):
    """Validated histories: frequency x, recency t_x, age T, and where they came from.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a discrete-time
    noncontractual setting. *Marketing Science*, 29(6), 1086–1108.
    """

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    customers: pd.Index  # not "index": a NamedTuple field must not hide tuple.index
    scalar: bool


def numbers(value: Any, name: str, what: str) -> np.ndarray:
    """*value* (a Series, an array, a list or one number) as a 1-D float array.

    A Series goes through :func:`crmlib._validation.numeric_column` as it is (its index names
    the rows of a bad value); an array, a list or a number becomes a Series first.

    Parameters
    ----------
    value : Series, array, list or number
        One value per customer.
    name : str
        The parameter's name, for a wrong type.
    what : str
        The values' name, for a bad value (``summary.frequency`` for a summary's column).

    Returns
    -------
    numpy.ndarray
        The values as float, at least 1-D.

    Raises
    ------
    TypeError
        *value* is text, a mapping or None.
    ValueError
        *value* has more than one dimension, or a value is missing, not a number or infinite.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; customer lifetime value from each customer's purchase history (see the README,
    "Sources").

    Examples
    --------
    >>> numbers([1, 2], "frequency", "frequency").tolist()
    [1.0, 2.0]
    >>> numbers([1, None], "frequency", "frequency")
    Traceback (most recent call last):
    ...
    ValueError: frequency has 1 missing value(s) (first rows: [1]); drop or fill those rows first
    """
    if isinstance(value, pd.Series):
        return numeric_column(value, what=what).to_numpy()
    if isinstance(value, str | bytes | Mapping) or value is None:
        raise TypeError(
            f"{name} must be numbers (a Series, an array, a list or one number), "
            f"got {type(value).__name__}"
        )
    array = np.atleast_1d(np.asarray(value))
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per customer), got shape {array.shape}")
    return numeric_column(pd.Series(array), what=what).to_numpy()


def histories(
    frequency: Histories,
    recency: Column | None = None,
    T: Column | None = None,
    *,
    age: str = "T",
    repeat: bool = True,
) -> History:
    """Read and check the histories of the calling convention above.

    *age* names the third column (``T`` for continuous time, ``n`` for BG/BB's number of
    opportunities). With *repeat* (the default), a customer with frequency 0 must have
    recency 0 (frequency counts repeat purchases after the first).

    Parameters
    ----------
    frequency : DataFrame, Series, array or number
        The summary DataFrame (columns ``frequency``, ``recency`` and *age*), or the repeat
        purchases x.
    recency, T : Series, array or number, optional
        t_x and T (or n), when *frequency* is not the summary.
    age : str, default "T"
        Name of the third column.
    repeat : bool, default True
        Frequency counts repeat purchases (so x = 0 needs t_x = 0).

    Returns
    -------
    History
        The three columns as float arrays, the customers' index, and whether one customer
        was given as numbers.

    Raises
    ------
    TypeError
        Both a summary and columns, a column missing, or a column that is text, a mapping or
        None instead of numbers.
    ValueError
        An empty summary or a column it lacks, columns of different lengths, missing,
        non-numeric, infinite or negative values, recency beyond T.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a discrete-time
    noncontractual setting. *Marketing Science*, 29(6), 1086–1108.

    Examples
    --------
    >>> h = histories(2, 30.0, 38.0)
    >>> h.x.tolist(), h.t_x.tolist(), h.T.tolist(), h.scalar
    ([2.0], [30.0], [38.0], True)
    """
    if isinstance(frequency, pd.DataFrame):
        if recency is not None or T is not None:
            raise TypeError("pass either the summary DataFrame or three columns, not both")
        frame = require_table(
            frequency,
            ["frequency", "recency", age],
            what="summary",
            built_by="crmlib.clv.calibration_summary",
        )
        frequency, recency, T = frame["frequency"], frame["recency"], frame[age]
        index: pd.Index | None = frame.index
        prefix = "summary."
    elif recency is None or T is None:
        raise TypeError(f"give frequency, recency and {age} (or the summary DataFrame)")
    else:
        columns = ((frequency, "frequency"), (recency, "recency"), (T, age))
        series = [(s, n) for s, n in columns if isinstance(s, pd.Series)]
        for s, n in series[1:]:  # pair customers by their ids, never by row position
            require_same_index(s, series[0][0], n, of=series[0][1])
        index = series[0][0].index if series else None
        prefix = ""
    scalar = all(np.ndim(v) == 0 for v in (frequency, recency, T))
    x, t_x, t = (
        numbers(v, n, prefix + n)
        for v, n in ((frequency, "frequency"), (recency, "recency"), (T, age))
    )
    if not (x.shape == t_x.shape == t.shape) or len(x) == 0:
        raise ValueError(
            f"frequency, recency and {age} must be of the same, non-zero length; got "
            f"{len(x)}, {len(t_x)} and {len(t)} values"
        )
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must be whole numbers >= 0 (repeat purchases)")
    if (t_x < 0).any():
        raise ValueError("recency must be >= 0")
    if (t_x > t + 1e-9).any():
        bad = int(np.argmax(t_x > t + 1e-9))
        raise ValueError(f"recency must not exceed {age} (row {bad}: {t_x[bad]} > {t[bad]})")
    if repeat and ((x == 0) & (t_x > 0)).any():
        raise ValueError("a customer with frequency 0 must have recency 0")
    if index is None or len(index) != len(x):
        index = pd.RangeIndex(len(x))
    return History(x, t_x, t, index, scalar)


def require_fittable(history: History, model: str) -> None:
    """Refuse histories from which a purchase model can learn nothing.

    A model of repeat buying needs at least one repeat purchase (x > 0) and some time observed
    after the first purchase (T > 0); the fits of BG/NBD, MBG/NBD and Pareto/NBD check both here.

    Parameters
    ----------
    history : History
        The checked histories (:func:`histories`).
    model : str
        The model's name, for the message.

    Raises
    ------
    ValueError
        No customer has a repeat purchase, or every T is 0.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; customer lifetime value from each customer's purchase history (see the README,
    "Sources").

    Examples
    --------
    >>> require_fittable(histories([0, 0], [0.0, 0.0], [5.0, 8.0]), "BG/NBD")
    Traceback (most recent call last):
    ...
    ValueError: no customer has a repeat purchase (frequency > 0): BG/NBD cannot estimate ...
    """
    if not (history.x > 0).any():
        raise ValueError(
            f"no customer has a repeat purchase (frequency > 0): {model} cannot estimate how "
            "often customers buy again or drop out; use a longer calibration period"
        )
    if not (history.T > 0).any():
        raise ValueError("every T is 0: customers must be observed for some time after joining")


def answer(values: np.ndarray, history: History, name: str) -> float | pd.Series:
    """One float for one customer, else a Series indexed like the histories.

    Parameters
    ----------
    values : numpy.ndarray
        One value per customer, in the histories' order.
    history : History
        What :func:`histories` read.
    name : str
        The Series' name.

    Returns
    -------
    float or pandas.Series
        A float when the histories were one customer's numbers.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> answer(np.array([0.25]), histories(2, 30.0, 38.0), "p_alive")
    0.25
    """
    values = np.asarray(values, dtype=float)
    if history.scalar:
        return float(values[0])
    return pd.Series(values, index=history.customers, name=name)
