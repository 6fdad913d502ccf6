"""Model-based customer lifetime value: purchases from a purchase model, spend from Gamma-Gamma."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from crmlib.clv import predict
from crmlib.clv._data import answer, histories
from crmlib.clv.gamma_gamma import GammaGammaParams, expected_average_spend

__all__ = ["discounted_expected_purchases", "model_clv"]


def discounted_expected_purchases(
    params: Any,
    frequency: Any,
    recency: Any = None,
    T: Any = None,
    *,
    periods: int = 12,
    period_length: float = 4.345,
    discount_rate: float = 0.01,
) -> float | pd.Series:
    """Σ_k (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)^k: future purchases, discounted per period.

    E[Y(t)] is the model's :func:`crmlib.clv.expected_purchases`; the k-th term is the purchases
    expected in the k-th future period of length L (in the data's time unit, e.g. 4.345 weeks a
    month), discounted at the rate d per period. With one spend unit per purchase this is what
    ``lifetimes``' ``customer_lifetime_value`` computes; :func:`model_clv` multiplies it by the
    expected spend and the margin.

    Examples
    --------
    With d = 1 a single period's purchases count half:

    >>> from crmlib.clv import BGNBDParams
    >>> params = BGNBDParams(0.243, 4.414, 0.793, 2.426)
    >>> at_0 = discounted_expected_purchases(params, 2, 30.0, 39.0, periods=1, discount_rate=0)
    >>> at_1 = discounted_expected_purchases(params, 2, 30.0, 39.0, periods=1, discount_rate=1)
    >>> round(at_0, 3), round(at_1, 3)
    (0.158, 0.079)
    """
    if isinstance(periods, bool) or not isinstance(periods, int | np.integer):
        raise TypeError(f"periods must be a whole number of periods, got {periods!r}")
    if periods < 1 or not period_length > 0:
        raise ValueError(
            f"periods must be >= 1 and period_length > 0, got {periods}, {period_length}"
        )
    if not discount_rate > -1:
        raise ValueError(f"discount_rate must be greater than -1, got {discount_rate}")
    h = histories(frequency, recency, T)
    cumulative = np.vstack(
        [np.zeros(len(h.x))]
        + [
            np.atleast_1d(predict.expected_purchases(params, h.x, h.t_x, h.T, t=k * period_length))
            for k in range(1, periods + 1)
        ]
    )
    discount = (1.0 + discount_rate) ** -np.arange(1, periods + 1)  # 1.0: an int rate works too
    return answer(discount @ np.diff(cumulative, axis=0), h, "discounted_purchases")


def model_clv(
    purchases: Any,
    spend: GammaGammaParams,
    summary: pd.DataFrame,
    /,
    *,
    periods: int = 12,
    period_length: float = 4.345,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> pd.Series:
    """Model-based CLV of each customer: margin · E[M] · discounted expected purchases.

    Σ_k margin · E[M] · (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)^k, with E[Y] from the purchase
    model *purchases* (BG/NBD, MBG/NBD or Pareto/NBD parameters) and E[M] from the Gamma-Gamma
    *spend* model, over ``periods`` periods of length L, discounted at d per period.

    Parameters
    ----------
    purchases, spend
        Fitted parameters of a purchase model and of Gamma-Gamma.
    summary
        Calibration summary (frequency, recency, T, monetary_value), indexed by customer.
    periods, period_length, discount_rate
        See :func:`discounted_expected_purchases`.
    margin
        Share of spend kept as profit, in [0, 1].

    Returns
    -------
    Series ``clv`` indexed by customer.
    """
    if not 0 <= margin <= 1:
        raise ValueError(
            f"margin is the share of spend kept as profit and must be in [0, 1], got {margin}"
        )
    if not isinstance(summary, pd.DataFrame):
        raise TypeError("summary must be the calibration-summary DataFrame")
    future = discounted_expected_purchases(
        purchases,
        summary,
        periods=periods,
        period_length=period_length,
        discount_rate=discount_rate,
    )
    clv = margin * expected_average_spend(spend, summary) * future
    return cast(pd.Series, clv).rename("clv")  # a DataFrame in, a Series out
