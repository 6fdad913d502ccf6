"""Two-by-two classifications of chapter 2: SVCD, the customer difference matrix, AWARE.

:func:`quadrants` is the shared engine; the named classifiers fix its labels.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlib._validation import numeric_series, require_columns, require_frame, require_same_index
from crmlib.i18n import localize

__all__ = ["SVCD_VISIT_PLAN", "aware_targets", "difference_matrix", "quadrants", "svcd_quadrants"]

#: SVCD visit plan, as visits per year. Source: 000 (Star weekly, Cow every 2 weeks,
#: Volcano monthly, Dog every 2 months).
SVCD_VISIT_PLAN: dict[str, int] = {"Star": 52, "Cow": 26, "Volcano": 12, "Dog": 6}


def quadrants(
    x: pd.Series,
    y: pd.Series,
    /,
    *,
    x_split: float,
    y_split: float,
    labels: Mapping[tuple[bool, bool], str],
) -> pd.Series:
    """Label each row by whether x >= x_split and y >= y_split: a 2 × 2 grid.

    The shared engine of the SVCD grid, the customer difference matrix and the other 2 × 2
    classifications of the chapter: cell = labels[(x ≥ x_split, y ≥ y_split)].

    Parameters
    ----------
    x, y : pandas.Series
        The two measures of each customer (or item), with the same index.
    x_split, y_split : float
        The thresholds; a value equal to its threshold counts as high.
    labels : mapping of (bool, bool) to str
        The name of each of the four cells, keyed by ``(x_high, y_high)``.

    Returns
    -------
    pandas.Series
        Each row's cell name, indexed like *x*.

    Raises
    ------
    TypeError
        *x* or *y* is not a Series.
    ValueError
        *labels* does not name all four cells, or a measure is empty, missing or not numeric.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the SVCD grid and the customer difference matrix (see the README, "Sources").
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the 2 x 2 classifications by credit rating, scale and loyalty (see the README,
    "Sources").

    Examples
    --------
    >>> names = {(True, True): "HH", (True, False): "HL", (False, True): "LH", (False, False): "LL"}
    >>> quadrants(pd.Series([1, 5]), pd.Series([9, 2]), x_split=3, y_split=3,
    ...           labels=names).tolist()
    ['LH', 'HL']
    """
    if set(labels) != {(True, True), (True, False), (False, True), (False, False)}:
        raise ValueError("labels must name all four (x_high, y_high) combinations")
    xs = numeric_series(x, str(x.name or "x") if isinstance(x, pd.Series) else "x")
    ys = numeric_series(y, str(y.name or "y") if isinstance(y, pd.Series) else "y")
    require_same_index(y, x, "the second measure", of="the first")  # pair by customer, not row
    code = 2 * (xs >= x_split).astype(int).to_numpy() + (ys >= y_split).astype(int).to_numpy()
    names = np.array(
        [
            labels[(False, False)],
            labels[(False, True)],
            labels[(True, False)],
            labels[(True, True)],
        ],
        dtype=object,
    )
    return pd.Series(names[code], index=x.index)


def svcd_quadrants(
    amount: pd.Series,
    frequency: pd.Series,
    /,
    *,
    amount_split: float = 200.0,
    frequency_split: float = 2.0,
) -> pd.DataFrame:
    """Star / Volcano / Cow / Dog class and visit plan of each customer (source 000).

    Star = high amount and high frequency, Volcano = high amount but rare, Cow = frequent but
    small, Dog = both low (a value equal to its split counts as high). The slide draws the
    amount axis from 100 to 300 and frequency from once a quarter to once a month; the default
    splits are the middles of those axes: an average purchase of 200, and 2 purchases a
    quarter (pass frequency per quarter).

    Parameters
    ----------
    amount : pandas.Series
        Average purchase amount of each customer.
    frequency : pandas.Series
        Purchases a quarter of each customer, with the index of *amount*.
    amount_split, frequency_split : float
        The thresholds, above 0.

    Returns
    -------
    pandas.DataFrame
        ``svcd`` (in the reader's language) and ``visits_per_year`` (Star 52, Cow 26,
        Volcano 12, Dog 6; :data:`SVCD_VISIT_PLAN`), indexed like *amount*.

    Raises
    ------
    TypeError
        *amount* or *frequency* is not a Series.
    ValueError
        A split is not positive, or a measure is empty, missing or not numeric.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the SVCD grid, its axes and its visit plan (see the README, "Sources").

    Examples
    --------
    >>> svcd_quadrants(pd.Series([250.0, 120.0]), pd.Series([1.0, 3.0]))["svcd"].tolist()
    ['Volcano', 'Cow']
    """
    labels = {
        (True, True): "Star",
        (True, False): "Volcano",
        (False, True): "Cow",
        (False, False): "Dog",
    }
    if amount_split <= 0 or frequency_split <= 0:
        raise ValueError("amount_split and frequency_split must be positive")
    cls = quadrants(amount, frequency, x_split=amount_split, y_split=frequency_split, labels=labels)
    return pd.DataFrame({"svcd": localize(cls), "visits_per_year": cls.map(SVCD_VISIT_PLAN)})


def difference_matrix(
    value_spread: pd.Series,
    needs_spread: pd.Series,
    /,
    *,
    value_split: float,
    needs_split: float,
) -> pd.Series:
    """Customer difference matrix (客户差异矩阵): strategy from value and needs differentiation.

    Both high: one-to-one relationship marketing; value high, needs low: build loyalty and grow
    need differences; needs high, value low: niche strategy; both low: mass marketing (source
    000, after Peppers, Rogers & Dorf).

    Parameters
    ----------
    value_spread, needs_spread : pandas.Series
        How much each customer (or group) differs in value and in needs, same index.
    value_split, needs_split : float
        The thresholds between low and high.

    Returns
    -------
    pandas.Series
        The strategy of each row, named ``strategy``, in the reader's language.

    Raises
    ------
    TypeError
        A spread is not a Series.
    ValueError
        A spread is empty, missing or not numeric.

    References
    ----------
    Peppers, D., Rogers, M. & Dorf, B. (1999). Is your company ready for one-to-one marketing?
    Harvard Business Review 77(1), 151–160.

    Examples
    --------
    >>> difference_matrix(pd.Series([0.9, 0.1]), pd.Series([0.8, 0.2]), value_split=0.5,
    ...                   needs_split=0.5).tolist()
    ['one-to-one relationship marketing', 'mass marketing']
    """
    labels = {
        (True, True): "one-to-one relationship marketing",
        (True, False): "build loyalty, grow need differences",
        (False, True): "niche strategy",
        (False, False): "mass marketing",
    }
    return localize(
        quadrants(
            value_spread, needs_spread, x_split=value_split, y_split=needs_split, labels=labels
        ).rename("strategy")
    )


def aware_targets(prospects: pd.DataFrame, /) -> pd.DataFrame:
    """Apply the AWARE target-customer test (source 000) to boolean columns.

    A prospect is a target only if all five hold: ``ability`` (to pay), ``want`` (a need),
    ``authority`` (to decide), ``reasonable``, ``eligible``.

    Parameters
    ----------
    prospects : pandas.DataFrame
        One row per prospect with the five bool columns.

    Returns
    -------
    pandas.DataFrame
        A copy of *prospects* with bool ``target`` and ``fails`` (the names of the failed
        criteria, comma-separated).

    Raises
    ------
    TypeError
        *prospects* is not a DataFrame.
    ValueError
        A criterion column is missing or not boolean.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the AWARE test of a target customer (see the README, "Sources").

    Examples
    --------
    >>> p = pd.DataFrame({"ability": [True, False], "want": True, "authority": True,
    ...                   "reasonable": True, "eligible": [True, False]})
    >>> aware_targets(p)[["target", "fails"]].values.tolist()
    [[True, ''], [False, 'ability,eligible']]
    """
    criteria = ["ability", "want", "authority", "reasonable", "eligible"]
    require_frame(prospects, "prospects")
    require_columns(prospects, criteria, "prospects")
    checks = prospects[criteria]
    if not all(pd.api.types.is_bool_dtype(checks[c]) for c in criteria):
        raise ValueError(f"prospects columns {criteria} must be boolean (True/False)")
    out = prospects.copy()
    out["target"] = checks.all(axis=1)
    failed = ~checks
    # bool frame · labels: pandas joins the names of the failed checks; the stubs expect numbers
    out["fails"] = failed.dot(pd.Index(criteria) + ",").str.rstrip(",")  # type: ignore[call-overload]
    return out
