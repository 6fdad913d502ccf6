"""Sampling for a satisfaction survey: four sampling designs and the sample size (chapter 4).

Every design takes a customer list (one row per customer) and a seed, and returns the sampled
rows without changing the list.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from crmlib._validation import require_columns, require_frame, require_no_missing

#: What an ``rng`` argument accepts: a seed, a generator, or None (fresh entropy).
Seed = int | np.random.Generator | None

__all__ = [
    "KREJCIE_MORGAN_TABLE",
    "cluster_sample",
    "margin_of_error",
    "sample_size",
    "simple_random_sample",
    "stratified_sample",
    "systematic_sample",
]

#: Krejcie & Morgan (1970), "Determining sample size for research activities", Educational and
#: Psychological Measurement 30: 607-610, table 1: population N -> sample size S.
KREJCIE_MORGAN_TABLE: dict[int, int] = dict(
    zip(
        [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 110, 120,
         130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290,
         300, 320, 340, 360, 380, 400, 420, 440, 460, 480, 500, 550, 600, 650, 700, 750, 800,
         850, 900, 950, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 2200,
         2400, 2600, 2800, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000, 10000, 15000,
         20000, 30000, 40000, 50000, 75000, 1000000],
        [10, 14, 19, 24, 28, 32, 36, 40, 44, 48, 52, 56, 59, 63, 66, 70, 73, 76, 80, 86, 92, 97,
         103, 108, 113, 118, 123, 127, 132, 136, 140, 144, 148, 152, 155, 159, 162, 165, 169,
         175, 181, 186, 191, 196, 201, 205, 210, 214, 217, 226, 234, 242, 248, 254, 260, 265,
         269, 274, 278, 285, 291, 297, 302, 306, 310, 313, 317, 320, 322, 327, 331, 335, 338,
         341, 346, 351, 354, 357, 361, 364, 367, 368, 370, 375, 377, 379, 380, 381, 382, 384],
        strict=True,
    )
)  # fmt: skip


def sample_size(
    population: int,
    margin: float = 0.05,
    confidence: float = 0.95,
    p: float = 0.5,
    method: str = "cochran",
) -> int:
    """How many customers to survey to estimate a proportion within ±*margin*.

    ``method="cochran"``: n0 = z² p (1 − p) / e², then the finite-population correction
    n = n0 / (1 + (n0 − 1) / N), rounded up (Cochran 1977).
    ``method="krejcie-morgan"``: S = χ² N P (1 − P) / (d² (N − 1) + χ² P (1 − P)) with χ² the
    1-df chi-square at *confidence* (3.841 at 95%, as the paper prints it), rounded to the
    nearest whole number: this reproduces Krejcie & Morgan's (1970) table row for row.

    Parameters
    ----------
    population : int
        N, the customers in the sampling frame (≥ 1).
    margin : float, default 0.05
        e (or d), the wanted precision as a fraction (0.05 is ±5 percentage points).
    confidence : float, default 0.95
        The confidence level; z is its two-sided normal quantile (1.96 at 0.95).
    p : float, default 0.5
        The proportion assumed (P); 0.5 gives the largest sample.
    method : {"cochran", "krejcie-morgan"}, default "cochran"
        Which of the two formulas above.

    Returns
    -------
    int
        The sample size, at most *population*.

    Raises
    ------
    ValueError
        If *population* is not a positive whole number, *margin*, *confidence* or *p* is not
        strictly between 0 and 1, or *method* is unknown.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 4. Wiley.
    Krejcie, R. V. & Morgan, D. W. (1970). Determining sample size for research activities.
    *Educational and Psychological Measurement*, 30, 607–610.

    Examples
    --------
    n0 = 1.96² × 0.25 / 0.05² = 384.1 for an unlimited base; a base of 1,000 brings it down to
    384.1 / (1 + 383.1 / 1000) = 277.7, rounded up to 278.

    >>> sample_size(1000), sample_size(1000, method="krejcie-morgan")
    (278, 278)
    """
    if not isinstance(population, int | np.integer) or population < 1:
        raise ValueError(f"population must be a positive whole number, got {population!r}")
    if not 0 < margin < 1 or not 0 < confidence < 1 or not 0 < p < 1:
        raise ValueError("margin, confidence and p must each lie strictly between 0 and 1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    if method == "cochran":
        n0 = z**2 * p * (1 - p) / margin**2
        return min(population, math.ceil(n0 / (1 + (n0 - 1) / population) - 1e-9))
    if method == "krejcie-morgan":
        chi2 = 3.841 if math.isclose(confidence, 0.95) else z**2
        s = chi2 * population * p * (1 - p) / (margin**2 * (population - 1) + chi2 * p * (1 - p))
        return min(population, math.floor(s + 0.5))
    raise ValueError(f"method must be 'cochran' or 'krejcie-morgan', got {method!r}")


def margin_of_error(
    n: int,
    population: int | None = None,
    *,
    confidence: float = 0.95,
    p: float = 0.5,
) -> float:
    """The ± precision of a proportion estimated from *n* answers: :func:`sample_size` reversed.

    e = z √(p (1 − p) / n × (N − n) / (N − 1)), the normal-approximation margin with the
    finite-population correction (N − n) / (N − 1); without *population* the correction is
    left out (an unlimited base). It inverts Cochran's corrected formula exactly: surveying
    ``sample_size(N, margin=e)`` customers gives a margin of at most e (Cochran 1977, ch. 4).

    Parameters
    ----------
    n : int
        Answers collected (at least 1, at most *population*).
    population : int, optional
        Customers in the sampling frame, N.
    confidence : float
        Confidence level, e.g. 0.95 (z = 1.96).
    p : float
        The proportion assumed; 0.5, the default, gives the widest margin.

    Returns
    -------
    float
        The margin e as a fraction (0.05 means ±5 percentage points).

    Raises
    ------
    ValueError
        If *n* is not a positive whole number, *population* is below *n*, or *confidence* or
        *p* is not strictly between 0 and 1.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 4. Wiley.

    Examples
    --------
    400 answers from a large base: 1.96 × √(0.25 / 400) = 0.049; from a base of 1,000 the
    correction √(600 / 999) = 0.775 narrows it to 0.038.

    >>> round(margin_of_error(400), 3), round(margin_of_error(400, 1000), 3)
    (0.049, 0.038)
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive whole number of answers, got {n!r}")
    if population is not None and (not isinstance(population, int | np.integer) or population < n):
        raise ValueError(
            f"population must be a whole number of at least n = {n}, got {population!r}"
        )
    if not 0 < confidence < 1 or not 0 < p < 1:
        raise ValueError("confidence and p must each lie strictly between 0 and 1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    correction = (
        1.0 if population is None or population == 1 else (population - n) / (population - 1)
    )
    return float(z * math.sqrt(p * (1 - p) / n * correction))


def _check(frame: pd.DataFrame, n: int) -> None:
    require_frame(frame, "frame")
    if not isinstance(n, int | np.integer) or not 1 <= n <= len(frame):
        raise ValueError(f"n must be a whole number from 1 to {len(frame)}, got {n!r}")


def simple_random_sample(frame: pd.DataFrame, n: int, *, rng: Seed = None) -> pd.DataFrame:
    """n rows drawn without replacement, each set of n equally likely.

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer list, one row per customer.
    n : int
        Rows to draw, from 1 to ``len(frame)``.
    rng : int, numpy.random.Generator or None
        Seed or generator (``numpy.random.default_rng``).

    Returns
    -------
    pandas.DataFrame
        The *n* sampled rows of *frame*, in their original order and with their index.

    Raises
    ------
    TypeError
        If *frame* is not a DataFrame.
    ValueError
        If *n* is not a whole number from 1 to ``len(frame)``.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the sampling designs of a satisfaction survey (see the README, "Sources").
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 2. New York: Wiley.

    Examples
    --------
    >>> customers = pd.DataFrame({"id": range(10)})
    >>> len(simple_random_sample(customers, 3, rng=0))
    3
    >>> simple_random_sample(customers, 10, rng=0)["id"].tolist() == list(range(10))
    True
    """
    _check(frame, n)
    gen = np.random.default_rng(rng)
    return frame.iloc[np.sort(gen.choice(len(frame), n, replace=False))]


def systematic_sample(frame: pd.DataFrame, n: int, *, rng: Seed = None) -> pd.DataFrame:
    """Every k-th row from a random start, k = N / n (fractional steps keep exactly n rows).

    Row positions ⌊s + k·j⌋ for j = 0..n−1, the start s drawn uniformly from [0, k).

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer list, in the order the sample walks through it.
    n : int
        Rows to draw, from 1 to ``len(frame)``.
    rng : int, numpy.random.Generator or None
        Seed or generator for the start.

    Returns
    -------
    pandas.DataFrame
        The *n* sampled rows of *frame*, in order.

    Raises
    ------
    TypeError
        If *frame* is not a DataFrame.
    ValueError
        If *n* is not a whole number from 1 to ``len(frame)``.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the sampling designs of a satisfaction survey (see the README, "Sources").
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 8. New York: Wiley.

    Examples
    --------
    Ten customers, a sample of 2: k = 5, so the two rows are exactly 5 apart.

    >>> ids = systematic_sample(pd.DataFrame({"id": range(10)}), 2, rng=3)["id"].tolist()
    >>> ids[1] - ids[0]
    5
    """
    _check(frame, n)
    gen = np.random.default_rng(rng)
    step = len(frame) / n
    start = gen.uniform(0, step)
    return frame.iloc[np.floor(start + step * np.arange(n)).astype(int)]


def stratified_sample(frame: pd.DataFrame, n: int, *, by: str, rng: Seed = None) -> pd.DataFrame:
    """A simple random sample inside each stratum, sized in proportion to the stratum.

    Stratum h of N_h customers gets quota n·N_h / N, rounded by the largest-remainder rule
    (floor each quota, then give the leftover rows to the largest fractional parts), so the
    strata sizes add up to exactly n.

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer list, one row per customer.
    n : int
        Rows to draw in all, from 1 to ``len(frame)``.
    by : str
        The column naming each customer's stratum.
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    pandas.DataFrame
        The *n* sampled rows of *frame*, in their original order.

    Raises
    ------
    TypeError
        If *frame* is not a DataFrame.
    ValueError
        If *n* is out of range, *by* is not a column of *frame* or has missing values.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the sampling designs of a satisfaction survey (see the README, "Sources").
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 5. New York: Wiley.

    Examples
    --------
    Six customers in region A and four in B, a sample of 5: quotas 3 and 2.

    >>> customers = pd.DataFrame({"region": list("AAAAAABBBB")})
    >>> stratified_sample(customers, 5, by="region", rng=0)["region"].value_counts().to_dict()
    {'A': 3, 'B': 2}
    """
    _check(frame, n)
    require_columns(frame, [by], "frame")
    require_no_missing(frame, by, "frame")  # a row without a stratum could never be drawn
    gen = np.random.default_rng(rng)
    sizes = frame[by].value_counts().sort_index()
    quota = sizes / sizes.sum() * n
    alloc = (quota // 1).astype(int)
    remainder = (quota - alloc).sort_values(ascending=False, kind="stable")
    alloc[remainder.index[: n - alloc.sum()]] += 1
    positions = []
    for stratum, k in alloc.items():
        members = np.flatnonzero((frame[by] == stratum).to_numpy())
        positions.append(gen.choice(members, int(k), replace=False))
    return frame.iloc[np.sort(np.concatenate(positions))]


def cluster_sample(
    frame: pd.DataFrame, n_clusters: int, *, by: str, rng: Seed = None
) -> pd.DataFrame:
    """All rows of *n_clusters* clusters (values of *by*) drawn at random.

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer list, one row per customer.
    n_clusters : int
        Clusters to draw, from 1 to the number of distinct values of *by*.
    by : str
        The column naming each customer's cluster (a city, a dealer, a branch).
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    pandas.DataFrame
        Every row of the chosen clusters, in their original order.

    Raises
    ------
    TypeError
        If *frame* is not a DataFrame.
    ValueError
        If *by* is not a column of *frame* or has missing values, or *n_clusters* is out of
        range.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the sampling designs of a satisfaction survey (see the README, "Sources").
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), ch. 9. New York: Wiley.

    Examples
    --------
    Three cities of 2, 3 and 1 customers; drawing all three returns everyone.

    >>> customers = pd.DataFrame({"city": ["X", "X", "Y", "Y", "Y", "Z"]})
    >>> len(cluster_sample(customers, 3, by="city", rng=0))
    6
    >>> cluster_sample(customers, 1, by="city", rng=0)["city"].nunique()
    1
    """
    require_frame(frame, "frame")
    require_columns(frame, [by], "frame")
    require_no_missing(frame, by, "frame")  # a row without a cluster could never be drawn
    clusters = np.sort(frame[by].unique())
    if not 1 <= n_clusters <= len(clusters):
        raise ValueError(f"n_clusters must be from 1 to {len(clusters)}, got {n_clusters}")
    gen = np.random.default_rng(rng)
    chosen = gen.choice(clusters, n_clusters, replace=False)
    return frame[frame[by].isin(chosen)]
