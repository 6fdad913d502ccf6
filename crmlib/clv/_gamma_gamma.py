"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

Each purchase's amount is Gamma(p, ν) around the customer's own mean p/ν, and the customers'
ν vary as Gamma(q, γ). Fitted on customers with repeat purchases (x ≥ 1) and their mean repeat
spend m_x; it assumes spend is independent of how often a customer buys.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlib._validation import require_table
from crmlib.clv._data import Column, Histories, numbers
from crmlib.clv._fit import fit_parameters

__all__ = ["GammaGammaParams", "expected_average_spend", "fit_gamma_gamma"]


class GammaGammaParams(NamedTuple):
    """Gamma-Gamma parameters: spend shape p, and the Gamma(q, γ) of its rate ν.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    http://brucehardie.com/notes/025/
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float = math.nan


def _spend(
    frequency: Histories, monetary_value: Column | None
) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    prefix = ""
    if isinstance(frequency, pd.DataFrame):
        if monetary_value is not None:
            raise TypeError("pass either the summary DataFrame or two columns, not both")
        frame = require_table(
            frequency,
            ["frequency", "monetary_value"],
            what="summary",
            built_by="crmlib.clv.calibration_summary",
        )
        frequency, monetary_value = frame["frequency"], frame["monetary_value"]
        prefix = "summary."
    elif monetary_value is None:
        raise TypeError("give frequency and monetary_value (or the summary DataFrame)")
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x = numbers(frequency, "frequency", prefix + "frequency")
    m = numbers(monetary_value, "monetary_value", prefix + "monetary_value")
    if x.shape != m.shape:
        raise ValueError(
            "frequency and monetary_value must be of the same length; "
            f"got {len(x)} and {len(m)} values"
        )
    if (x < 0).any():
        raise ValueError("frequency must be >= 0")
    if (m[x > 0] <= 0).any():
        raise ValueError("monetary_value must be > 0 for customers with repeat purchases")
    return x, m, index


def _loglik(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> tuple[float, np.ndarray]:
    """Gamma-Gamma log-likelihood of mean spends m over x purchases, and its gradient.

    ln f = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx)
    (Fader & Hardie 2013); ψ (digamma) is the derivative of ln Γ.
    """
    from scipy.special import digamma, gammaln

    p, q, g = params
    px = p * x
    log_total = np.log(g + m * x)
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
    ll += (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_total
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - log_total)
    d_q = digamma(px + q) - digamma(q) + np.log(g) - log_total
    d_g = q / g - (px + q) / (g + m * x)
    return float(ll.sum()), np.array([d_p.sum(), d_q.sum(), d_g.sum()])


def fit_gamma_gamma(frequency: Histories, monetary_value: Column | None = None) -> GammaGammaParams:
    """Fit the Gamma-Gamma spend model on the customers with at least one repeat purchase.

    Parameters
    ----------
    frequency, monetary_value
        The calibration summary (columns ``frequency`` and ``monetary_value``), or two columns:
        repeat purchases x and mean repeat spend m_x. Customers with x = 0 are left out.

    Returns
    -------
    GammaGammaParams
        p, q, gamma and the log-likelihood.

    Raises
    ------
    TypeError
        If both a summary and a monetary_value column are given, neither, or a column is text, a
        mapping or None.
    ValueError
        If the summary is empty or lacks a column, lengths differ, a value is missing, not a
        number or infinite, a frequency is negative,
        a repeat buyer's spend is not positive, or fewer than 3 customers bought again.

    Warns
    -----
    DegenerateFitWarning
        A parameter ran off to infinity: e.g. every customer spends the same amount.

    Notes
    -----
    A customer's mean spend m_x over x purchases has density (Fader & Hardie 2013)
    Γ(px+q)/(Γ(px)Γ(q)) · γ^q m_x^{px−1} x^{px} / (γ + m_x x)^{px+q}.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    http://brucehardie.com/notes/025/

    Examples
    --------
    On the CDNOW sample's 946 repeat buyers: p = 6.25, q = 3.74, γ = 15.44 (FHL 2005, JMR).

    >>> from crmlib import datasets
    >>> fit = fit_gamma_gamma(datasets.load_cdnow())
    >>> [round(v, 2) for v in fit[:3]]
    [6.25, 3.74, 15.45]
    """
    x, m, _ = _spend(frequency, monetary_value)
    x, m = x[x > 0], m[x > 0]
    if len(x) < 3:
        raise ValueError("need at least 3 customers with repeat purchases to fit Gamma-Gamma")
    scale = np.array([1.0, 1.0, float(np.mean(m))])
    fit = fit_parameters(lambda params: _loglik(params, x, m), scale, len(x), ("p", "q", "gamma"))
    return GammaGammaParams._make(fit)


def expected_average_spend(
    params: GammaGammaParams, frequency: Histories, monetary_value: Column | None = None
) -> float | pd.Series:
    """E[M | x, m_x] = p (γ + m_x x) / (p x + q − 1): each customer's mean spend, shrunk.

    A weighted average of the population mean p γ/(q − 1) and the customer's own mean m_x, the
    weight on m_x growing with x. Customers without repeat purchases get the population mean.

    Parameters
    ----------
    params : GammaGammaParams
        A fitted spend model (q > 1).
    frequency, monetary_value
        The calibration summary (columns ``frequency`` and ``monetary_value``), or two columns
        (or two numbers): repeat purchases x and mean repeat spend m_x.

    Returns
    -------
    float or pandas.Series
        A float for one customer, else ``expected_spend`` indexed by customer.

    Raises
    ------
    TypeError
        If both a summary and a monetary_value column are given, or neither.
    ValueError
        If q ≤ 1 or the spends are bad (as in :func:`fit_gamma_gamma`).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

    Examples
    --------
    A newcomer gets the population mean 6.25 × 15.44 / 2.74 = 35.22; a customer whose five
    purchases averaged 40 is expected to spend 6.25 × (15.44 + 200) / (31.25 + 2.74) = 39.61.

    >>> params = GammaGammaParams(6.25, 3.74, 15.44)
    >>> newcomer, regular = expected_average_spend(params, [0, 5], [0.0, 40.0])
    >>> round(newcomer, 2), round(regular, 2)
    (35.22, 39.61)
    """
    p, q, g = params[:3]
    if q <= 1:
        raise ValueError("q must exceed 1 for the expected spend to be finite")
    scalar = np.ndim(frequency) == 0 and not isinstance(frequency, pd.DataFrame)
    x, m, index = _spend(frequency, monetary_value)
    if isinstance(frequency, pd.DataFrame):
        index = frequency.index
    spend = p * (g + m * x) / (p * x + q - 1)
    if scalar:
        return float(spend[0])
    return pd.Series(
        spend, index=index if index is not None else pd.RangeIndex(len(x)), name="expected_spend"
    )
