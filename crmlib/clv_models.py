"""Probabilistic CLV: the BG/NBD purchase model and the Gamma-Gamma spend model (chapter 3).

Customers buy at their own Poisson rate while "alive" and may drop out after any purchase
(BG/NBD: Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
24(2)); the amounts they spend vary around their own mean (Gamma-Gamma: Fader, Hardie & Lee
2005, "RFM and CLV: using iso-value curves", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma
model of monetary value"). Both are fitted by maximum likelihood with scipy.

Data come in the calibration form: ``frequency`` x = number of *repeat* purchases, ``recency``
t_x = time of the last purchase since the first, ``T`` = time from the first purchase to the end
of the calibration period, all in the same unit (weeks for CDNOW). scipy is imported when a
function runs, not when crmlib is imported.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlib._ranking import factorize_sorted
from crmlib._validation import datetime_column, numeric_column, require_columns, require_frame

__all__ = [
    "BGNBDParams",
    "GammaGammaParams",
    "calibration_summary",
    "conditional_expected_purchases",
    "expected_average_spend",
    "expected_purchases",
    "expected_repeat_tracking",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "model_clv",
    "probability_alive",
    "repeat_tracking_table",
    "simulate_bgnbd",
]


class BGNBDParams(NamedTuple):
    """Fitted BG/NBD parameters: purchase rates ~ Gamma(r, alpha), dropout p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float


class GammaGammaParams(NamedTuple):
    """Fitted Gamma-Gamma parameters: spend shape p, and the Gamma(q, gamma) of its scale."""

    p: float
    q: float
    gamma: float
    log_likelihood: float


def _rfm_arrays(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    t = np.asarray(T, dtype=float)
    if not (x.shape == t_x.shape == t.shape) or x.ndim != 1 or len(x) == 0:
        raise ValueError("frequency, recency and T must be 1-D and of the same, non-zero length")
    if np.isnan(x).any() or np.isnan(t_x).any() or np.isnan(t).any():
        raise ValueError("frequency, recency and T must not have missing values")
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must be whole numbers >= 0 (repeat purchases)")
    if (t_x < 0).any():
        raise ValueError("recency must be >= 0")
    if (t_x > t + 1e-9).any():
        bad = int(np.argmax(t_x > t + 1e-9))
        raise ValueError(f"recency must not exceed T (row {bad}: {t_x[bad]} > {t[bad]})")
    if ((x == 0) & (t_x > 0)).any():
        raise ValueError("a customer with frequency 0 must have recency 0")
    return x, t_x, t


# ---------------------------------------------------------------------------------- BG/NBD ---


def _bgnbd_loglik(params: np.ndarray, x, t_x, t, weights) -> float:
    from scipy.special import betaln, gammaln

    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + t)
    repeat = x > 0
    a3 = np.full_like(x, -np.inf)
    a3[repeat] = (
        betaln(a + 1, b + x[repeat] - 1)
        - betaln(a, b)
        - (r + x[repeat]) * np.log(alpha + t_x[repeat])
    )
    return float(np.dot(weights, a1 + np.logaddexp(a2, a3)))


def _compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Unique rows of the columns and how often each occurs (the likelihood sums over them)."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, k] for k in range(unique.shape[1])], counts.astype(float)


def _maximise(negll, start: np.ndarray) -> np.ndarray:
    """Maximise a likelihood over positive parameters (optimising their logs).

    BFGS first; if it does not converge, a Nelder-Mead search and BFGS again from there.
    """
    from scipy.optimize import minimize

    def objective(z: np.ndarray) -> float:
        value = negll(np.exp(z))
        return value if np.isfinite(value) else 1e300

    result = minimize(objective, np.log(start), method="BFGS")
    if not result.success:
        rough = minimize(objective, result.x, method="Nelder-Mead", options={"maxiter": 20_000})
        result = minimize(objective, rough.x, method="BFGS")
    if not np.isfinite(result.fun) or result.fun >= 1e300:
        raise RuntimeError("the likelihood could not be maximised; check the data")
    return np.exp(result.x)


def fit_bgnbd(frequency, recency, T) -> BGNBDParams:
    """Fit the BG/NBD model by maximum likelihood; returns r, alpha, a, b and the log-likelihood.

    The likelihood of a customer (x, t_x, T) is (FHL 2005, eq. 6)
    B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^{r+x})
    + [x > 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^{r+x}).
    Identical customers are counted once with a weight, so large bases fit fast.
    On the CDNOW sample: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (FHL 2005).
    """
    x, t_x, t = _rfm_arrays(frequency, recency, T)
    (ux, utx, ut), weights = _compress(x, t_x, t)

    def negll(params: np.ndarray) -> float:
        return -_bgnbd_loglik(params, ux, utx, ut, weights)

    r, alpha, a, b = _maximise(negll, np.array([1.0, max(float(np.mean(t)), 1e-3), 1.0, 1.0]))
    ll = -negll(np.array([r, alpha, a, b]))
    return BGNBDParams(float(r), float(alpha), float(a), float(b), float(ll))


def _hyp2f1(a, b, c, z):
    from scipy.special import hyp2f1

    return hyp2f1(a, b, c, z)


def expected_purchases(params: BGNBDParams, t: float) -> float:
    """E[X(t)]: expected purchases of a new customer in a period of length t (FHL 2005, eq. 9)."""
    r, alpha, a, b = params[:4]
    return float(
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * _hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    )


def expected_repeat_tracking(params: BGNBDParams, first_purchase: np.ndarray, t: np.ndarray):
    """Expected cumulative repeat purchases of a cohort at times *t* (FHL 2005, figure 2).

    Σ_i E[X(t − s_i)] over customers i whose first purchase was at time s_i (only those with
    s_i < t count). Compare with the actual cumulative repeat purchases to check the model in
    and after the calibration period.
    """
    first = np.asarray(first_purchase, dtype=float)
    times = np.asarray(t, dtype=float)
    starts, counts = np.unique(first, return_counts=True)
    out = np.zeros(len(times))
    for s0, n in zip(starts, counts, strict=True):  # one term per first-purchase day, not customer
        span = np.clip(times - s0, 0, None)
        out += n * np.array([expected_purchases(params, u) if u > 0 else 0.0 for u in span])
    return out


def repeat_tracking_table(
    transactions: pd.DataFrame,
    params: BGNBDParams,
    /,
    *,
    start: str | pd.Timestamp,
    periods: int,
    customer: str = "customer_id",
    date: str = "date",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """Cumulative repeat purchases per period, actual and expected, from *start* on.

    A repeat purchase is a purchase day after the customer's first; the expected curve is
    :func:`expected_repeat_tracking` for the same customers' first-purchase times.
    """
    require_frame(transactions)
    require_columns(transactions, [customer, date])
    dates = datetime_column(transactions, date).dt.normalize()
    origin = pd.Timestamp(start)
    days = pd.DataFrame({"c": transactions[customer].to_numpy(), "d": dates.to_numpy()})
    days = days.drop_duplicates().sort_values(["c", "d"])
    elapsed = (days["d"] - origin).dt.days.to_numpy() / unit_days
    is_first = ~days["c"].duplicated().to_numpy()
    grid = np.arange(1, periods + 1, dtype=float)
    actual = np.searchsorted(np.sort(elapsed[~is_first]), grid, side="right")
    expected = expected_repeat_tracking(params, elapsed[is_first], grid)
    return pd.DataFrame({"actual": actual, "expected": expected}, index=pd.Index(grid, name="t"))


def probability_alive(params: BGNBDParams, frequency, recency, T) -> np.ndarray:
    """P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x})."""
    r, alpha, a, b = params[:4]
    x, t_x, t = _rfm_arrays(frequency, recency, T)
    odds = np.where(
        x > 0, a / (b + np.maximum(x, 1) - 1) * ((alpha + t) / (alpha + t_x)) ** (r + x), 0.0
    )
    return 1.0 / (1.0 + odds)


def conditional_expected_purchases(params: BGNBDParams, t: float, frequency, recency, T):
    """Expected purchases in the next t periods of customers with history (x, t_x, T).

    E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x}
    · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+t_x))^{r+x})
    (FHL 2005, eq. 10).
    """
    if t < 0:
        raise ValueError(f"t must be >= 0, got {t}")
    r, alpha, a, b = params[:4]
    x, t_x, big_t = _rfm_arrays(frequency, recency, T)
    head = (a + b + x - 1) / (a - 1)
    hyp = _hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
    body = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp
    return head * body * probability_alive(params, x, t_x, big_t)


def simulate_bgnbd(
    params: tuple[float, float, float, float], n: int, T: float, *, rng=None
) -> pd.DataFrame:
    """Simulate n customers from the BG/NBD model over (0, T]; returns frequency, recency, T.

    Each customer draws λ ~ Gamma(r, 1/α) and p ~ Beta(a, b); purchases follow a Poisson process
    with rate λ, and after each purchase the customer drops out with probability p.
    """
    r, alpha, a, b = params
    gen = np.random.default_rng(rng)
    lam = gen.gamma(r, 1 / alpha, n)
    p = gen.beta(a, b, n)
    freq = np.zeros(n, dtype=np.int64)
    last = np.zeros(n)
    now = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():  # vectorised over customers; one loop step per purchase
        idx = np.flatnonzero(alive)
        now[idx] += gen.exponential(1 / lam[idx])
        bought = now[idx] <= T
        done = idx[~bought]
        alive[done] = False
        buyers = idx[bought]
        freq[buyers] += 1
        last[buyers] = now[buyers]
        alive[buyers[gen.random(len(buyers)) < p[buyers]]] = False
    return pd.DataFrame({"frequency": freq, "recency": last, "T": np.full(n, float(T))})


# ----------------------------------------------------------------------------- Gamma-Gamma ---


def _gg_arrays(frequency, monetary) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    if x.shape != m.shape or x.ndim != 1:
        raise ValueError("frequency and monetary must be 1-D and of the same length")
    if np.isnan(x).any() or np.isnan(m).any():
        raise ValueError("frequency and monetary must not have missing values")
    if (x < 0).any():
        raise ValueError("frequency must be >= 0")
    keep = x > 0
    if (m[keep] <= 0).any():
        raise ValueError("monetary must be > 0 for customers with repeat purchases")
    return x, m


def fit_gamma_gamma(frequency, monetary) -> GammaGammaParams:
    """Fit the Gamma-Gamma spend model on customers with at least one repeat purchase.

    A customer's mean spend m_x over x purchases has density (Fader & Hardie 2013)
    Γ(px+q)/(Γ(px)Γ(q)) · γ^q m_x^{px−1} x^{px} / (γ + m_x x)^{px+q}.
    On the CDNOW sample: p = 6.25, q = 3.74, γ = 15.44.
    """
    from scipy.special import gammaln

    x, m = _gg_arrays(frequency, monetary)
    x, m = x[x > 0], m[x > 0]
    if len(x) < 3:
        raise ValueError("need at least 3 customers with repeat purchases to fit Gamma-Gamma")

    def negll(params: np.ndarray) -> float:
        p, q, g = params
        px = p * x
        ll = (
            gammaln(px + q)
            - gammaln(px)
            - gammaln(q)
            + q * np.log(g)
            + (px - 1) * np.log(m)
            + px * np.log(x)
            - (px + q) * np.log(g + m * x)
        )
        return -float(ll.sum())

    p, q, g = _maximise(negll, np.array([1.0, 1.0, float(np.mean(m))]))
    return GammaGammaParams(float(p), float(q), float(g), float(-negll(np.array([p, q, g]))))


def expected_average_spend(params: GammaGammaParams, frequency, monetary) -> np.ndarray:
    """E[M | p, q, γ, m_x, x] = p (γ + m_x x) / (p x + q − 1): a shrunk mean spend.

    Customers without repeat purchases get the population mean p γ / (q − 1).
    """
    p, q, g = params[:3]
    if q <= 1:
        raise ValueError("q must exceed 1 for the expected spend to be finite")
    x, m = _gg_arrays(frequency, monetary)
    return p * (g + m * x) / (p * x + q - 1)


# ----------------------------------------------------------------------------------- CLV ---


def model_clv(
    bgnbd: BGNBDParams,
    gamma_gamma: GammaGammaParams,
    frequency,
    recency,
    T,
    monetary,
    *,
    periods: int = 12,
    period_length: float = 4.345,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> np.ndarray:
    """Model-based CLV: Σ_k margin · E[M] · (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)^k.

    Expected purchases per future period (length L in the data's time unit, e.g. 4.345 weeks a
    month) from BG/NBD, times the expected spend per purchase from Gamma-Gamma and the margin,
    discounted per period at d, over ``periods`` periods.
    """
    if discount_rate <= -1:
        raise ValueError("discount_rate must be greater than -1")
    if periods < 1 or period_length <= 0:
        raise ValueError("periods must be >= 1 and period_length > 0")
    spend = expected_average_spend(gamma_gamma, frequency, monetary)
    cumulative = [np.zeros(len(spend))] + [
        conditional_expected_purchases(bgnbd, k * period_length, frequency, recency, T)
        for k in range(1, periods + 1)
    ]
    per_period = np.diff(np.vstack(cumulative), axis=0)
    discount = (1 + discount_rate) ** -np.arange(1, periods + 1)
    return margin * spend * (discount @ per_period)


# ------------------------------------------------------------------------ data preparation ---


def calibration_summary(
    transactions: pd.DataFrame,
    /,
    *,
    calibration_end: str | pd.Timestamp,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """Build frequency, recency, T and monetary_value from a transaction log (vectorised).

    Purchases on the same day count once (their amounts are added). Only transactions on or
    before ``calibration_end`` count. ``frequency`` = purchase days after the first;
    ``recency`` = last − first purchase day; ``T`` = calibration_end − first purchase day (both
    in units of ``unit_days``, weeks by default); ``monetary_value`` = mean amount of the
    repeat purchase days (0 when there are none), as Fader and Hardie define it.
    """
    require_frame(transactions)
    require_columns(transactions, [customer, date, amount])
    end = pd.Timestamp(calibration_end)
    dates = datetime_column(transactions, date).dt.normalize()
    amounts = numeric_column(transactions, amount)
    keep = (dates <= end).to_numpy()
    if not keep.any():
        raise ValueError(f"no transactions on or before calibration_end={end.date()}")
    codes, ids = factorize_sorted(transactions[customer][keep])
    day = dates.to_numpy()[keep].astype("datetime64[D]").astype(np.int64)
    days = pd.DataFrame({"c": codes, "d": day, "v": amounts.to_numpy()[keep]})
    days = days.groupby(["c", "d"], sort=True, as_index=False)["v"].sum()  # one row a day
    c = days["c"].to_numpy()
    n = len(ids)
    count = np.bincount(c, minlength=n)
    start = np.r_[0, np.cumsum(count)[:-1]]
    first = days["d"].to_numpy()[start]
    last = days["d"].to_numpy()[start + count - 1]
    total = np.bincount(c, weights=days["v"].to_numpy(), minlength=n)
    first_value = days["v"].to_numpy()[start]
    repeat = count - 1
    end_day = np.datetime64(end.date(), "D").astype(np.int64)
    return pd.DataFrame(
        {
            "frequency": repeat,
            "recency": (last - first) / unit_days,
            "T": (end_day - first) / unit_days,
            "monetary_value": np.where(
                repeat > 0, (total - first_value) / np.maximum(repeat, 1), 0.0
            ),
        },
        index=pd.Index(ids, name=customer),
    )
