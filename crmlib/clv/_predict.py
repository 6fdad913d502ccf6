"""The questions every customer-base model answers, asked the same way of each model.

Each function dispatches on the type of the fitted parameters (``BGNBDParams``,
``ParetoNBDParams``, …), so the same call works whichever model was fitted:

>>> from crmlib import clv
>>> bg = clv.BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> round(clv.probability_alive(bg, 2, 30.0, 39.0), 3)
0.72
>>> pnbd = clv.ParetoNBDParams(r=0.553, alpha=10.578, s=0.606, beta=11.669)
>>> round(clv.probability_alive(pnbd, 2, 30.0, 39.0), 3)
0.858

Customers' histories come as the calibration summary or as columns (see :mod:`crmlib.clv._data`).
"""

from __future__ import annotations

import numbers
from functools import singledispatch
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from crmlib.clv._data import Column, Histories
from crmlib.clv._data import numbers as number_column

if TYPE_CHECKING:
    from crmlib.clv import PurchaseModel

__all__ = [
    "check_period",
    "expected_purchases",
    "expected_purchases_new_customer",
    "probability_alive",
    "probability_of_purchases",
]


def _unknown(params: Any, question: str) -> TypeError:
    return TypeError(
        f"{question} is not defined for {type(params).__name__}; pass the parameters a "
        "crmlib.clv fit returned (e.g. fit_bgnbd)"
    )


def check_period(t: object) -> float:
    """*t* checked as the length of the future period a question asks about: a number ≥ 0.

    Each model's answer to :func:`expected_purchases` and :func:`probability_of_purchases`
    reads its *t* through this check, so every model refuses the same bad periods alike.

    Parameters
    ----------
    t : object
        The period length, in the histories' time unit (BG/BB: a number of opportunities).

    Returns
    -------
    float
        *t* as a float.

    Raises
    ------
    TypeError
        If *t* is not a real number (a bool is refused).
    ValueError
        If *t* is negative or NaN.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> check_period(39)
    39.0
    >>> check_period(-1)
    Traceback (most recent call last):
    ...
    ValueError: t must be a period length >= 0 (in the histories' time unit), got -1
    """
    wanted = "t must be a period length >= 0 (in the histories' time unit)"
    if not isinstance(t, numbers.Real) or isinstance(t, bool | np.bool_):
        raise TypeError(f"{wanted}, got {t!r} ({type(t).__name__})")
    if not float(t) >= 0:
        raise ValueError(f"{wanted}, got {t!r}")
    return float(t)


@singledispatch
def probability_alive(
    params: PurchaseModel,
    frequency: Histories,
    recency: Column | None = None,
    T: Column | None = None,
) -> float | pd.Series:
    """P(alive | history): the probability that each customer has not yet dropped out.

    Each model has its own formula (BG/NBD: 1 / (1 + [x > 0] · a/(b+x−1) ·
    ((α+T)/(α+t_x))^{r+x}), Fader, Hardie & Lee 2005, eq. 13); see the model's module.

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted model.
    frequency, recency, T
        The customers' histories: the calibration summary (a DataFrame with these columns,
        indexed by customer), or three columns (Series, arrays, lists), or three numbers for
        one customer. Repeat purchases x, time of the last purchase t_x, time observed T (for
        BG/BB: purchases, opportunity of the last purchase, opportunities n).

    Returns
    -------
    float or pandas.Series
        A float for one customer, else ``p_alive`` indexed by customer.

    Raises
    ------
    TypeError
        If *params* are not the parameters of a fitted model, or the histories are not numbers.
    ValueError
        If a history is impossible (recency > T, negative or fractional frequency, missing).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    Under BG/NBD a customer drops out only right after a purchase, so one who never bought
    again is certainly alive; Ann's 0 repeats give 1.0:

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> summary = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.0], "T": [39.0, 39.0]},
    ...                        index=["Ann", "Bob"])
    >>> probability_alive(bg, summary).round(3).to_dict()
    {'Ann': 1.0, 'Bob': 0.72}
    """
    raise _unknown(params, "probability_alive")


@singledispatch
def expected_purchases(
    params: PurchaseModel,
    frequency: Histories,
    recency: Column | None = None,
    T: Column | None = None,
    *,
    t: float,
) -> float | pd.Series:
    """E[Y(t) | history]: purchases each *existing* customer is expected to make in the next t.

    The conditional expectation given the customer's own history (BG/NBD: Fader, Hardie &
    Lee 2005, eq. 10); for a customer just acquired, see
    :func:`expected_purchases_new_customer`.

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted model.
    frequency, recency, T
        The customers' histories: the calibration summary (a DataFrame with these columns,
        indexed by customer), or three columns (Series, arrays, lists), or three numbers for
        one customer. Repeat purchases x, time of the last purchase t_x, time observed T (for
        BG/BB: purchases, opportunity of the last purchase, opportunities n).
    t : float
        The length of the future period, in the histories' time unit (≥ 0; BG/BB: a number of
        opportunities).

    Returns
    -------
    float or pandas.Series
        A float for one customer, else ``expected_purchases`` indexed by customer.

    Raises
    ------
    TypeError
        If *params* are not the parameters of a fitted model.
    ValueError
        If *t* < 0 or a history is impossible.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    The next 39 weeks of a CDNOW customer with 2 repeat purchases, the last in week 30 of 39
    (BG/NBD with the published parameters):

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(expected_purchases(bg, 2, 30.0, 39.0, t=39), 3)
    1.211
    """
    raise _unknown(params, "expected_purchases")


def expected_purchases_new_customer(
    params: PurchaseModel, t: float | Column
) -> float | np.ndarray | pd.Series:
    """E[X(t)]: purchases a customer just acquired is expected to make in a period of length t.

    The unconditional expectation, before anything is known of the customer (BG/NBD: Fader,
    Hardie & Lee 2005, eq. 9); it grows from 0 at t = 0.

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted model.
    t : float, array-like or pandas.Series
        Period length(s) ≥ 0 in the model's time unit.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A float for a number, an array for an array or list, and for a Series a Series
        ``expected_purchases`` on its index.

    Raises
    ------
    TypeError
        If *params* are not the parameters of a fitted model, or *t* is not numbers.
    ValueError
        If a period length is negative or missing.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    A new CDNOW customer is expected to buy again 1.2 times in the first 39 weeks:

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(expected_purchases_new_customer(bg, 39), 3)
    1.197
    >>> horizons = pd.Series([13, 39], index=["quarter", "3 quarters"])
    >>> expected_purchases_new_customer(bg, horizons).round(3)
    quarter       0.534
    3 quarters    1.197
    Name: expected_purchases, dtype: float64
    """
    if np.ndim(t) == 0:
        return float(_new_customer(params, np.array([check_period(t)]))[0])
    times = number_column(t, "t", "t")
    if (times < 0).any():
        raise ValueError(f"t must be period lengths >= 0, got {times[times < 0][0]!r}")
    value = _new_customer(params, times)
    if isinstance(t, pd.Series):
        return pd.Series(value, index=t.index, name="expected_purchases")
    return value


@singledispatch
def _new_customer(params: Any, t: np.ndarray) -> np.ndarray:
    """E[X(t)] of one model for an array of period lengths; each model registers its formula."""
    raise _unknown(params, "expected_purchases_new_customer")


@singledispatch
def probability_of_purchases(params: PurchaseModel, n: int, t: float) -> float:
    """P(X(t) = n): probability that a new customer makes exactly n repeat purchases in (0, t].

    Defined for BG/NBD (Fader, Hardie & Lee 2005, eq. 8).

    Parameters
    ----------
    params : BGNBDParams
        A fitted BG/NBD model.
    n : int
        The number of purchases (≥ 0).
    t : float
        The period length (≥ 0).

    Returns
    -------
    float
        The probability; over n = 0, 1, 2, … they sum to 1.

    Raises
    ------
    TypeError
        If the model does not define it.
    ValueError
        If *n* is not a whole number ≥ 0 or *t* < 0.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    At t = 0 nobody has bought yet; over 39 weeks 57 % of new CDNOW customers make no repeat
    purchase (BTYD's ``bgnbd.pmf`` gives 0.5737864):

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> probability_of_purchases(bg, 0, 0.0), round(probability_of_purchases(bg, 0, 39.0), 4)
    (1.0, 0.5738)
    """
    raise _unknown(params, "probability_of_purchases")
