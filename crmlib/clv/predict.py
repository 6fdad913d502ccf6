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

from functools import singledispatch
from typing import Any

import pandas as pd

__all__ = [
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


@singledispatch
def probability_alive(
    params: Any, frequency: Any, recency: Any = None, T: Any = None
) -> float | pd.Series:
    """P(alive | history): the probability that each customer has not yet dropped out."""
    raise _unknown(params, "probability_alive")


@singledispatch
def expected_purchases(
    params: Any, frequency: Any, recency: Any = None, T: Any = None, *, t: float
) -> float | pd.Series:
    """E[Y(t) | history]: purchases each *existing* customer is expected to make in the next t."""
    raise _unknown(params, "expected_purchases")


@singledispatch
def expected_purchases_new_customer(params: Any, t: Any) -> Any:
    """E[X(t)]: purchases a customer just acquired is expected to make in a period of length t."""
    raise _unknown(params, "expected_purchases_new_customer")


@singledispatch
def probability_of_purchases(params: Any, n: int, t: float) -> float:
    """P(X(t) = n): probability that a new customer makes exactly n repeat purchases in (0, t]."""
    raise _unknown(params, "probability_of_purchases")
