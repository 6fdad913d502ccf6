"""Two-by-two classifications of chapter 2: SVCD, the customer difference matrix, AWARE.

:func:`quadrants` is the shared engine; the named classifiers fix its labels.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlib._validation import numeric_series, require_columns, require_frame
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
    """Label each row by whether x >= x_split and y >= y_split.

    *labels* maps ``(x_high, y_high)`` to a name. The shared engine of the SVCD grid, the
    customer difference matrix and the other 2 x 2 classifications of the chapter.
    """
    if set(labels) != {(True, True), (True, False), (False, True), (False, False)}:
        raise ValueError("labels must name all four (x_high, y_high) combinations")
    xs = numeric_series(x, str(x.name or "x") if isinstance(x, pd.Series) else "x")
    ys = numeric_series(y, str(y.name or "y") if isinstance(y, pd.Series) else "y")
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
    small, Dog = both low. The slide draws the amount axis from 100 to 300 and frequency from
    once a quarter to once a month; the default splits are the middles of those axes: an
    average purchase of 200, and 2 purchases a quarter (pass frequency per quarter).

    Returns columns ``svcd`` and ``visits_per_year`` (Star 52, Cow 26, Volcano 12, Dog 6).
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
    need differences; needs high, value low: niche strategy; both low: mass marketing (000).
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
    ``authority`` (to decide), ``reasonable``, ``eligible``. Adds ``target`` and ``fails``
    (the names of the failed criteria, comma-separated).
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
