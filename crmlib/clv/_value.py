"""Model-based customer lifetime value: purchases from a purchase model, spend from Gamma-Gamma."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from crmlib.clv import _predict as predict
from crmlib.clv._data import Column, Histories, answer, histories
from crmlib.clv._gamma_gamma import GammaGammaParams, expected_average_spend

if TYPE_CHECKING:
    from crmlib.clv import PurchaseModel

__all__ = ["discounted_expected_purchases", "model_clv"]


def discounted_expected_purchases(
    params: PurchaseModel,
    frequency: Histories,
    recency: Column | None = None,
    T: Column | None = None,
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

    Parameters
    ----------
    params : BGNBDParams, ParetoNBDParams, MBGNBDParams or BGBBParams
        A fitted purchase model.
    frequency, recency, T
        The histories, as for :func:`crmlib.clv.expected_purchases`.
    periods : int, default 12
        The number of future periods K.
    period_length : float, default 4.345
        L, in the histories' time unit (4.345 weeks is a month).
    discount_rate : float, default 0.01
        d per period (> −1; 0.01 is 1 % a month).

    Returns
    -------
    float or pandas.Series
        A float for one customer, else ``discounted_purchases`` indexed by customer.

    Raises
    ------
    TypeError
        If *periods* is not a whole number, or the histories are not numbers.
    ValueError
        If *periods* < 1, *period_length* ≤ 0, *discount_rate* ≤ −1, or a history is
        impossible.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

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
    purchases: PurchaseModel,
    spend: GammaGammaParams,
    summary: pd.DataFrame | pd.Series,
    /,
    *,
    periods: int = 12,
    period_length: float = 4.345,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> float | pd.Series:
    """Model-based CLV of each customer: margin · E[M] · discounted expected purchases.

    Σ_k margin · E[M] · (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)^k, with E[Y] from the purchase
    model *purchases* (BG/NBD, MBG/NBD or Pareto/NBD parameters) and E[M] from the Gamma-Gamma
    *spend* model, over ``periods`` periods of length L, discounted at d per period.

    Parameters
    ----------
    purchases, spend
        Fitted parameters of a purchase model and of Gamma-Gamma.
    summary
        Calibration summary (frequency, recency, T, monetary_value), indexed by customer; or
        one customer's row of it (a Series with those four labels).
    periods, period_length, discount_rate
        See :func:`discounted_expected_purchases`.
    margin
        Share of spend kept as profit, in [0, 1].

    Returns
    -------
    float or pandas.Series
        ``clv`` indexed by customer, in money; a float for one customer's row.

    Raises
    ------
    TypeError
        If *summary* is neither a DataFrame nor a Series.
    ValueError
        If *margin* is outside [0, 1], or as :func:`discounted_expected_purchases` and
        :func:`crmlib.clv.expected_average_spend`.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

    Examples
    --------
    One undiscounted month: Bob's 0.158 expected purchases × his expected spend of 39.14
    (Gamma-Gamma shrinks his 40.00 towards the mean) = 6.17.

    >>> from crmlib.clv import BGNBDParams
    >>> bg = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> gg = GammaGammaParams(p=6.25, q=3.74, gamma=15.44)
    >>> summary = pd.DataFrame({"frequency": [2], "recency": [30.0], "T": [39.0],
    ...                         "monetary_value": [40.0]}, index=["Bob"])
    >>> model_clv(bg, gg, summary, periods=1, discount_rate=0).round(2).to_dict()
    {'Bob': 6.17}
    >>> round(model_clv(bg, gg, summary.loc["Bob"], periods=1, discount_rate=0), 2)
    6.17
    """
    if not 0 <= margin <= 1:
        raise ValueError(
            f"margin is the share of spend kept as profit and must be in [0, 1], got {margin}"
        )
    if isinstance(summary, pd.Series):  # one customer's row: a one-row table, a float back
        one = model_clv(
            purchases,
            spend,
            summary.to_frame().T.infer_objects(),
            periods=periods,
            period_length=period_length,
            discount_rate=discount_rate,
            margin=margin,
        )
        return float(cast(pd.Series, one).iloc[0])
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(
            "summary must be the calibration-summary DataFrame (or one customer's row of it), "
            f"got {type(summary).__name__}"
        )
    future = discounted_expected_purchases(
        purchases,
        summary,
        periods=periods,
        period_length=period_length,
        discount_rate=discount_rate,
    )
    clv = margin * expected_average_spend(spend, summary) * future
    return cast(pd.Series, clv).rename("clv")  # a DataFrame in, a Series out
