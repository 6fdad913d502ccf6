"""Customer satisfaction (客户满意度) and loyalty measurement: chapter 4.

Satisfaction degree, the Kano model, an ACSI-style index, the importance–performance
(improvement) map, NPS and a loyalty index, and the AHP-weighted satisfaction score of the dealer
study. Survey sampling and sample sizes are in :mod:`crmlib.sampling`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmlib._validation import (
    as_day,
    datetime_column,
    numeric_column,
    numeric_series,
    require_columns,
    require_frame,
    require_same_index,
    require_series,
)
from crmlib.classification import quadrants
from crmlib.i18n import label, localize
from crmlib.transactions import customer_days, customer_totals, recent_and_previous

__all__ = [
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "acsi_scores",
    "composite_index",
    "improvement_map",
    "improvement_priorities",
    "item_means",
    "kano_categories",
    "kano_category",
    "kano_summary",
    "loyalty_indicators",
    "net_promoter_score",
    "rescale",
    "satisfaction_degree",
    "satisfaction_degrees",
    "satisfaction_reading",
    "select_survey",
    "structural_paths",
    "weighted_satisfaction",
]


# ---------------------------------------------------------------------- satisfaction degree ---


def satisfaction_degree(perceived: float, expected: float) -> float:
    """Satisfaction degree of one respondent, C = B / A (source 003).

    B is the perceived value, A the expected value; C > 1 means expectations exceeded, C < 1
    disappointed. For many respondents, :func:`satisfaction_degrees`.

    Parameters
    ----------
    perceived : float
        Perceived value B, at least 0.
    expected : float
        Expected value A, above 0.

    Returns
    -------
    float
        C = B / A.

    Raises
    ------
    TypeError
        A value is not a number.
    ValueError
        *expected* is not above 0, or *perceived* is negative.

    References
    ----------
    Source 003 (customer satisfaction as perceived over expected value); Oliver, R. L. (1980).
    A cognitive model of the antecedents and consequences of satisfaction decisions. Journal of
    Marketing Research 17(4), 460–469.

    Examples
    --------
    >>> satisfaction_degree(90, 100)
    0.9
    """
    for name, value in (("perceived", perceived), ("expected", expected)):
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise TypeError(
                f"{name} must be one number, got {type(value).__name__}; for many respondents "
                "use satisfaction_degrees"
            )
    if not expected > 0 or not perceived >= 0:
        raise ValueError(
            f"expected values must be > 0 and perceived values >= 0, got {perceived} / {expected}"
        )
    return float(perceived) / float(expected)


def satisfaction_degrees(perceived: pd.Series, expected: pd.Series, /) -> pd.Series:
    """Satisfaction degree of each respondent, C_i = B_i / A_i (source 003).

    Parameters
    ----------
    perceived : pandas.Series
        Perceived value B of each respondent, at least 0.
    expected : pandas.Series
        Expected value A of each respondent, above 0, with the index of *perceived*.

    Returns
    -------
    pandas.Series
        C of each respondent, named ``C``, indexed like *perceived*.

    Raises
    ------
    TypeError
        An input is not a Series.
    ValueError
        The indexes differ, a value is missing or not a number, an expected value is not above
        0, or a perceived value is negative.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; satisfaction as perceived over expected value (see the README, "Sources").
    Oliver, R. L. (1980). A cognitive model of the antecedents and consequences of satisfaction
    decisions. *Journal of Marketing Research*, 17(4), 460–469.

    Examples
    --------
    >>> satisfaction_degrees(pd.Series([90, 120]), pd.Series([100, 100])).tolist()
    [0.9, 1.2]
    """
    b = numeric_series(perceived, "perceived")
    a = numeric_series(expected, "expected")
    require_same_index(a, b, "expected", of="perceived")
    if (a <= 0).any() or (b < 0).any():
        raise ValueError("expected values must be > 0 and perceived values >= 0")
    return (b / a).rename("C")


def satisfaction_reading(
    c: float | Sequence[float] | pd.Series | np.ndarray, *, tolerance: float = 0.05
) -> str | np.ndarray | pd.Series:
    """The three readings of C: 'exceeds' (C > 1), 'meets' (C ≈ 1) or 'dissatisfied' (C < 1).

    C within ``tolerance`` of 1 counts as meeting expectations (source 003). A missing C (NaN,
    e.g. a respondent who left the question out) reads 'no data', never one of the three.

    Parameters
    ----------
    c : float, sequence of float, pandas.Series or numpy.ndarray
        Satisfaction degrees (:func:`satisfaction_degree`).
    tolerance : float
        Half-width of the band around 1 that reads 'meets'.

    Returns
    -------
    str, numpy.ndarray or pandas.Series
        The reading of one C; for many, an array, or for a Series a Series ``reading`` on its
        index; in the reader's language.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; satisfaction as perceived over expected value (see the README, "Sources").
    Oliver, R. L. (1980). A cognitive model of the antecedents and consequences of satisfaction
    decisions. *Journal of Marketing Research*, 17(4), 460–469.

    Examples
    --------
    >>> satisfaction_reading([1.2, 1.02, 0.8, float("nan")]).tolist()
    ['exceeds', 'meets', 'dissatisfied', 'no data']
    """
    arr = np.asarray(c, dtype=float)
    out = np.select(
        [np.isnan(arr), arr > 1 + tolerance, arr < 1 - tolerance],
        [label("no data"), label("exceeds"), label("dissatisfied")],
        default=label("meets"),
    )
    if isinstance(c, pd.Series):
        return pd.Series(out, index=c.index, name="reading")
    return str(out) if out.ndim == 0 else out


# ------------------------------------------------------------------------------------ Kano ---

#: Kano categories: code, name, and the source's Chinese name where it gives one.
KANO_CATEGORIES: pd.DataFrame = pd.DataFrame(
    {
        "code": ["A", "O", "M", "I", "R", "Q"],
        "category": [
            "attractive",
            "one-dimensional",
            "must-be",
            "indifferent",
            "reverse",
            "questionable",
        ],
        "zh": ["迷人质量", "期望质量", "当然质量", "无差异", "反向", "可疑"],
    }
)

#: Kano evaluation table (Berger et al. 1993): rows = answer to the functional question,
#: columns = answer to the dysfunctional question; 1 like, 2 must-be, 3 neutral,
#: 4 live with, 5 dislike.
KANO_TABLE: pd.DataFrame = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index([1, 2, 3, 4, 5], name="functional"),
    columns=pd.Index([1, 2, 3, 4, 5], name="dysfunctional"),
)


def _answers(values: object, name: str) -> np.ndarray:
    arr = np.asarray(values)
    try:
        ints = arr.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} answers must be numbers 1..5") from None
    if np.isnan(ints).any() or not np.isin(ints, [1, 2, 3, 4, 5]).all():
        bad = arr[~np.isin(ints, [1, 2, 3, 4, 5])].ravel()[:5].tolist()
        raise ValueError(
            f"{name} answers must be 1 (like), 2 (must-be), 3 (neutral), 4 (live with) "
            f"or 5 (dislike); got {bad}"
        )
    return ints.astype(int)


def kano_category(functional: int, dysfunctional: int) -> str:
    """Kano category code (A, O, M, I, R, Q) of one answer pair, by :data:`KANO_TABLE`.

    The row is the answer to the functional question ("if the product has the feature"), the
    column the answer to the dysfunctional one ("if it has not"), each 1 like, 2 must-be,
    3 neutral, 4 live with, 5 dislike. For many answer pairs, :func:`kano_categories`.

    Parameters
    ----------
    functional, dysfunctional : int
        The two answers, 1..5.

    Returns
    -------
    str
        A (attractive), O (one-dimensional), M (must-be), I (indifferent), R (reverse) or Q
        (questionable).

    Raises
    ------
    ValueError
        An answer is not one of 1..5.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. Center
    for Quality Management Journal 2(4), 3–36.

    Examples
    --------
    >>> kano_category(1, 5), kano_category(1, 3), kano_category(3, 5)
    ('O', 'A', 'M')
    """
    f = _answers(functional, "functional")
    d = _answers(dysfunctional, "dysfunctional")
    if f.ndim != 0 or d.ndim != 0:
        raise ValueError("kano_category takes one answer pair; for many use kano_categories")
    return str(KANO_TABLE.to_numpy()[f - 1, d - 1])


def kano_categories(functional: pd.Series, dysfunctional: pd.Series, /) -> pd.Series:
    """Kano category code of each answer pair (:func:`kano_category` row by row).

    Parameters
    ----------
    functional, dysfunctional : pandas.Series
        The answers 1..5 of each respondent, with the same index.

    Returns
    -------
    pandas.Series
        The codes A, O, M, I, R or Q, named ``category``, indexed like *functional*.

    Raises
    ------
    TypeError
        An input is not a Series.
    ValueError
        The indexes differ or an answer is not one of 1..5.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and must-be quality.
    *Hinshitsu* (Journal of the Japanese Society for Quality Control), 14(2).
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. *Center for
    Quality Management Journal*, 2(4), 3–36.

    Examples
    --------
    >>> kano_categories(pd.Series([1, 3]), pd.Series([5, 5])).tolist()
    ['O', 'M']
    """
    require_same_index(dysfunctional, require_series(functional, "functional"), "dysfunctional")
    f = _answers(functional, "functional")
    d = _answers(dysfunctional, "dysfunctional")
    codes = KANO_TABLE.to_numpy()[f - 1, d - 1]
    return pd.Series(codes, index=functional.index, name="category")


def kano_summary(
    answers: pd.DataFrame,
    /,
    *,
    feature: str = "feature",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
) -> pd.DataFrame:
    """Category counts, the category and the Better / Worse coefficients of each feature.

    The feature's category is its most frequent one, ties broken M > O > A > I (the usual
    evaluation rule: the category that hurts most when ignored wins). Better = (A + O) /
    (A + O + M + I): how much fulfilling the feature raises satisfaction; Worse = −(O + M) /
    (A + O + M + I): how much its absence lowers it.

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per respondent and feature, with the two answers 1..5.
    feature, functional, dysfunctional : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per feature with the counts A, O, M, I, R, Q, ``category``, ``better`` and
        ``worse``.

    Raises
    ------
    TypeError
        *answers* is not a DataFrame.
    ValueError
        A column is missing or an answer is not one of 1..5.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. Center
    for Quality Management Journal 2(4), 3–36.

    Examples
    --------
    Two O answers and one A: Better = 3 / 3 = 1, Worse = −2 / 3.

    >>> answers = pd.DataFrame({"feature": "wifi", "functional": [1, 1, 1],
    ...                         "dysfunctional": [5, 5, 3]})
    >>> kano_summary(answers)[["category", "better", "worse"]].round(3)
                    category  better  worse
    feature
    wifi     one-dimensional     1.0 -0.667
    """
    require_frame(answers, "answers")
    require_columns(answers, [feature, functional, dysfunctional], "answers")
    cats = kano_categories(answers[functional], answers[dysfunctional])
    counts = pd.crosstab(answers[feature].to_numpy(), cats.to_numpy()).reindex(
        columns=list(KANO_CATEGORIES["code"]), fill_value=0
    )
    counts.index.name = feature
    counts.columns.name = None
    core = counts[["A", "O", "M", "I"]].sum(axis=1)
    out = counts.copy()
    order = ["M", "O", "A", "I", "R", "Q"]  # tie-break priority
    ranked = counts[order]
    out["category"] = localize(
        ranked.idxmax(axis=1).map(KANO_CATEGORIES.set_index("code")["category"])
    )
    out["better"] = (counts["A"] + counts["O"]) / core.where(core > 0)
    out["worse"] = -(counts["O"] + counts["M"]) / core.where(core > 0)
    return out


# ------------------------------------------------------------------------- index and paths ---


def rescale(
    values: float | Sequence[float] | pd.Series | np.ndarray, *, low: float, high: float
) -> np.ndarray | pd.Series:
    """Map answers on a low..high scale to 0..100: 100 (x − low) / (high − low).

    Parameters
    ----------
    values : float, sequence of float, pandas.Series or numpy.ndarray
        Answers on the scale.
    low, high : float
        The ends of the scale, low < high.

    Returns
    -------
    numpy.ndarray or pandas.Series
        The answers on 0..100; a Series (same index and name) for a Series.

    Raises
    ------
    ValueError
        high ≤ low, or an answer lies outside the scale.

    References
    ----------
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. & Bryant, B. E. (1996). The American
    Customer Satisfaction Index: nature, purpose, and findings. *Journal of Marketing*, 60(4), 7–18.

    Examples
    --------
    >>> rescale([1, 3, 5], low=1, high=5).tolist()
    [0.0, 50.0, 100.0]
    """
    arr = np.asarray(values, dtype=float)
    if high <= low:
        raise ValueError("high must be greater than low")
    if (arr < low).any() or (arr > high).any():
        raise ValueError(f"answers must lie on the scale {low:g}..{high:g}")
    scores = 100.0 * (arr - low) / (high - low)
    if isinstance(values, pd.Series):
        return pd.Series(scores, index=values.index, name=values.name)
    return scores


def acsi_scores(
    survey: pd.DataFrame,
    constructs: Mapping[str, Sequence[str]],
    /,
    *,
    scale: tuple[float, float] = (1, 5),
    weights: Mapping[str, Sequence[float]] | None = None,
) -> pd.DataFrame:
    """Latent scores (0–100) of each respondent for each construct of an ACSI-style model.

    Each construct (customer expectations, perceived quality, perceived value, satisfaction,
    complaints, loyalty ...) is measured by survey items; its score is the weighted mean of its
    items rescaled from ``scale`` to 0–100: score = Σ_j w_j · rescale(item_j) / Σ_j w_j (equal
    weights unless *weights* gives them).

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent.
    constructs : mapping of str to sequence of str
        The item columns of each construct.
    scale : tuple of float
        The answer scale (low, high).
    weights : mapping of str to sequence of float, optional
        One non-negative weight per item of each construct.

    Returns
    -------
    pandas.DataFrame
        One column per construct, indexed like *survey*.

    Raises
    ------
    TypeError
        *survey* is not a DataFrame.
    ValueError
        An item column is missing, not numeric or off the scale, or the weights do not fit.

    References
    ----------
    Fornell, C. et al. (1996). The American Customer Satisfaction Index: nature, purpose, and
    findings. Journal of Marketing 60(4), 7–18.

    Examples
    --------
    >>> survey = pd.DataFrame({"q1": [5, 1], "q2": [3, 1]})
    >>> acsi_scores(survey, {"satisfaction": ["q1", "q2"]})["satisfaction"].tolist()
    [75.0, 0.0]
    """
    require_frame(survey, "survey")
    out = {}
    for construct, items in constructs.items():
        require_columns(survey, items, "survey")
        w = np.ones(len(items)) if weights is None else np.asarray(weights[construct], float)
        if len(w) != len(items) or (w < 0).any() or w.sum() == 0:
            raise ValueError(f"weights of {construct!r} must be one non-negative number per item")
        block = np.column_stack(
            [
                rescale(numeric_column(survey, c, "survey"), low=scale[0], high=scale[1])
                for c in items
            ]
        )
        out[construct] = block @ (w / w.sum())
    return pd.DataFrame(out, index=survey.index)


def structural_paths(scores: pd.DataFrame, /, *, outcome: str, drivers: Sequence[str]) -> pd.Series:
    """Standardised regression coefficients of *outcome* on *drivers* (least squares).

    β = argmin ‖z_y − Z_x β‖² on z-scores: a simple stand-in for the path coefficients of the
    ACSI model, how strongly each driver (e.g. expectations, perceived quality, perceived value)
    moves the outcome (satisfaction).

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per respondent (e.g. :func:`acsi_scores`).
    outcome : str
        The column explained.
    drivers : sequence of str
        The explaining columns.

    Returns
    -------
    pandas.Series
        One coefficient per driver.

    Raises
    ------
    TypeError
        *scores* is not a DataFrame.
    ValueError
        *scores* is empty, or a column is missing or constant.

    References
    ----------
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. & Bryant, B. E. (1996). The American
    Customer Satisfaction Index: nature, purpose, and findings. *Journal of Marketing*, 60(4), 7–18.
    Fornell, C. (1992). A national customer satisfaction barometer: the Swedish experience. *Journal
    of Marketing*, 56(1), 6–21.

    Examples
    --------
    >>> s = pd.DataFrame({"sat": [1.0, 2.0, 3.0], "quality": [2.0, 4.0, 6.0]})
    >>> structural_paths(s, outcome="sat", drivers=["quality"]).round(3).tolist()
    [1.0]
    """
    require_frame(scores, "scores")
    require_columns(scores, [outcome, *drivers], "scores")
    z = (scores - scores.mean()) / scores.std(ddof=0).replace(0, np.nan)
    if z[[outcome, *drivers]].isna().any().any():
        raise ValueError("every variable needs some spread (non-constant) to estimate paths")
    x = z[list(drivers)].to_numpy()
    y = z[outcome].to_numpy()
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    return pd.Series(coef, index=list(drivers), name=f"paths to {outcome}")


def net_promoter_score(scores: Sequence[float] | pd.Series | np.ndarray) -> float:
    """NPS = % promoters (9–10) − % detractors (0–6) on the 0–10 "would you recommend" scale.

    Parameters
    ----------
    scores : sequence of float, pandas.Series or numpy.ndarray
        Whole-number answers 0..10.

    Returns
    -------
    float
        The NPS, from −100 to 100.

    Raises
    ------
    ValueError
        No answers, a missing answer, or an answer that is not a whole number 0..10.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12),
    46–54.

    Examples
    --------
    Two promoters and two detractors of six: 100 (2/6 − 2/6) = 0.

    >>> net_promoter_score([10, 9, 8, 7, 6, 0])
    0.0
    """
    arr = np.asarray(scores, dtype=float)
    if arr.size == 0 or np.isnan(arr).any():
        raise ValueError("scores must be a non-empty list of answers without gaps")
    if ((arr < 0) | (arr > 10) | (arr != np.round(arr))).any():
        raise ValueError("recommendation scores must be whole numbers 0..10")
    return float(100.0 * ((arr >= 9).mean() - (arr <= 6).mean()))


def composite_index(
    indicators: pd.DataFrame,
    /,
    *,
    weights: Mapping[str, float] | None = None,
    reverse: Sequence[str] = (),
) -> pd.Series:
    """A 0–100 index from several indicators (e.g. the loyalty indicator system).

    Each indicator is min–max scaled to 0–1 across the rows, s = (x − min) / (max − min)
    (*reverse* ones flipped to 1 − s, for indicators where less is better, such as price
    sensitivity; a constant indicator scores 0.5), then weighted (equal weights by default):
    index = 100 Σ_j w_j s_j / Σ_j w_j.

    Parameters
    ----------
    indicators : pandas.DataFrame
        One row per customer, one numeric column per indicator.
    weights : mapping of str to float, optional
        One non-negative weight per indicator.
    reverse : sequence of str
        Indicators where less is better.

    Returns
    -------
    pandas.Series
        The index of each row, named ``index``.

    Raises
    ------
    TypeError
        *indicators* is not a DataFrame.
    ValueError
        The weights do not fit, *reverse* names an unknown indicator, or a value is missing or
        not numeric.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the loyalty index system (see the README, "Sources").
    Nardo, M., Saisana, M., Saltelli, A., Tarantola, S., Hoffmann, A. & Giovannini, E. (2008).
    *Handbook on Constructing Composite Indicators: Methodology and User Guide*. Paris: OECD
    Publishing.

    Examples
    --------
    >>> ind = pd.DataFrame({"frequency": [1.0, 3.0], "price_sensitivity": [0.2, 0.8]})
    >>> composite_index(ind, reverse=["price_sensitivity"]).tolist()
    [50.0, 50.0]
    """
    require_frame(indicators, "indicators")
    cols = list(indicators.columns)
    w = pd.Series(1.0, index=cols) if weights is None else pd.Series(weights, dtype=float)
    if set(w.index) != set(cols) or (w < 0).any() or w.sum() == 0:
        raise ValueError("weights must give one non-negative weight for every indicator")
    unknown = set(reverse) - set(cols)
    if unknown:
        raise ValueError(f"reverse names unknown indicators {sorted(unknown)}")
    values = pd.DataFrame({c: numeric_column(indicators, c, "indicators") for c in cols})
    span = (values.max() - values.min()).replace(0, np.nan)
    scaled = ((values - values.min()) / span).fillna(0.5)
    for c in reverse:
        scaled[c] = 1 - scaled[c]
    return (100 * scaled[cols] @ (w[cols] / w.sum())).rename("index")


def loyalty_indicators(
    transactions: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp,
    period_days: int = 180,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    category: str = "category",
) -> pd.DataFrame:
    """The behavioural part of the loyalty indicator system, per customer (source 003).

    duration = days from the first purchase day to ``as_of``; frequency = purchase days;
    trend = purchase days in the recent ``period_days`` − purchase days in the ``period_days``
    before (:func:`crmlib.transactions.recent_and_previous`); spend = net amount; cross_buying =
    distinct categories bought (in rows with an amount ≥ 0: a returned item is not a category
    bought). Purchase days follow the rule of :mod:`crmlib.transactions` (same-day
    rows are one purchase, a day netting below zero is a return day, a zero amount is a
    purchase); a customer with return days only gets frequency 0 and a duration from their
    first return. Only rows on or before ``as_of`` count. The attitudinal indicators (mention
    rate, price sensitivity, satisfaction, emotion, share of wallet ...) come from surveys, not
    from a transaction log.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per sale or return (a return has a negative amount).
    as_of : str or pandas.Timestamp
        The analysis date.
    period_days : int
        Length of the recent and of the previous window, at least 1.
    customer, date, amount, category : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with int ``duration``, ``frequency``, ``trend`` and
        ``cross_buying`` and float ``spend``.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame, or *period_days* is not a whole number.
    ValueError
        A column is missing or unreadable, *period_days* < 1, or no row is on or before
        ``as_of``.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the loyalty index system (see the README, "Sources").
    Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated conceptual framework.
    *Journal of the Academy of Marketing Science*, 22(2), 99–113.

    Examples
    --------
    a buys twice on 20 December (one purchase day) and once in August; b only returns goods:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "date": ["2024-08-01", "2024-12-20", "2024-12-20", "2024-12-01"],
    ...     "amount": [40.0, 10.0, 20.0, -15.0], "category": ["x", "x", "y", "x"]})
    >>> loyalty_indicators(tx, as_of="2025-01-01", period_days=100)
                 duration  frequency  trend  spend  cross_buying
    customer_id
    a                 153          2      0   70.0             2
    b                  31          0      0  -15.0             0
    """
    end = as_day(as_of, "as_of")
    require_frame(transactions)
    require_columns(transactions, [customer, date, amount, category])
    # dates and amounts read once, for the purchase days and for the categories bought
    dates = datetime_column(transactions, date)
    amounts = numeric_column(transactions, amount)
    log = transactions.assign(**{date: dates, amount: amounts})
    days = customer_days(log, customer=customer, date=date, amount=amount)
    days = days[days["day"] <= end]
    if days.empty:
        raise ValueError(f"no transactions on or before as_of={end.date()}; pick a later as_of")
    window = recent_and_previous(days["day"], as_of=end, period_days=period_days)
    totals = customer_totals(
        days.assign(
            recent=window["recent"] & days["purchase"],
            previous=window["previous"] & days["purchase"],
        ),
        recent=("recent", "sum"),
        previous=("previous", "sum"),
    )
    bought = (dates.dt.normalize() <= end) & (amounts >= 0)
    categories = log.loc[bought.to_numpy()].groupby(customer)[category].nunique()
    out = pd.DataFrame(
        {
            "duration": (end - totals["first_purchase"].fillna(totals["first_day"])).dt.days,
            "frequency": totals["purchase_days"],
            "trend": totals["recent"] - totals["previous"],
            "spend": totals["net_amount"],
            "cross_buying": categories.reindex(totals.index, fill_value=0),
        }
    )
    out.index.name = customer
    return out


def select_survey(survey: pd.DataFrame, /, *, dealer: str, wave: str) -> pd.DataFrame:
    """The responses of one dealer in one wave, or a ValueError naming what there is.

    Parameters
    ----------
    survey : pandas.DataFrame
        Responses with ``dealer`` and ``wave`` columns.
    dealer, wave : str
        The dealer and the wave to keep.

    Returns
    -------
    pandas.DataFrame
        The rows of that dealer and wave.

    Raises
    ------
    TypeError
        *survey* is not a DataFrame.
    ValueError
        *survey* is empty, a column is missing, or the dealer or wave is not in the survey.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the dealer satisfaction survey (see the README,
    "Sources").

    Examples
    --------
    >>> s = pd.DataFrame({"dealer": ["DL01", "TJ01"], "wave": "2025H1", "q": [4, 5]})
    >>> select_survey(s, dealer="TJ01", wave="2025H1")["q"].tolist()
    [5]
    """
    require_frame(survey, "survey")
    require_columns(survey, ["dealer", "wave"], "survey")
    for column, value in (("dealer", dealer), ("wave", wave)):
        known = sorted(survey[column].unique())
        if value not in known:
            raise ValueError(f"unknown {column} {value!r}; the survey has: {', '.join(known)}")
    return survey[(survey["dealer"] == dealer) & (survey["wave"] == wave)]


def item_means(responses: pd.DataFrame, items: Sequence[str], /, *, suffix: str) -> pd.Series:
    """Mean answer to ``<item><suffix>`` for each item (e.g. suffix ``_sat`` or ``_imp``).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent.
    items : sequence of str
        The item names.
    suffix : str
        What follows the item name in the column name.

    Returns
    -------
    pandas.Series
        The mean of each item, indexed by item.

    Raises
    ------
    TypeError
        *responses* is not a DataFrame.
    ValueError
        *responses* is empty, or a column is missing or not numeric.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the dealer satisfaction survey (see the README,
    "Sources").
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*,
    41(1), 77–79.

    Examples
    --------
    >>> r = pd.DataFrame({"staff_sat": [4, 5], "price_sat": [2, 3]})
    >>> item_means(r, ["staff", "price"], suffix="_sat").tolist()
    [4.5, 2.5]
    """
    columns = [f"{item}{suffix}" for item in items]
    require_frame(responses, "responses")
    require_columns(responses, columns, "responses")
    return pd.Series(
        [numeric_column(responses, c, "responses").mean() for c in columns], index=list(items)
    )


# ------------------------------------------------------------------ improvement and weights ---


def improvement_map(
    importance: pd.Series,
    performance: pd.Series,
    /,
    *,
    importance_split: float | None = None,
    performance_split: float | None = None,
) -> pd.DataFrame:
    """Place items on the importance–performance (improvement) map.

    High importance and low performance: urgent improvement; high and high: competitive
    advantage; low importance and low performance: secondary improvement; low importance and
    high performance: nice-to-have (maintain, do not invest more). Splits default to the means;
    a value equal to its split counts as high.

    Parameters
    ----------
    importance, performance : pandas.Series
        The two measures of each item, with the same index.
    importance_split, performance_split : float, optional
        The thresholds (default: the means).

    Returns
    -------
    pandas.DataFrame
        ``importance``, ``performance`` and ``area`` (in the reader's language) of each item.

    Raises
    ------
    TypeError
        *importance* or *performance* is not a Series.
    ValueError
        Either is empty, the indexes differ or a value is missing.

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. Journal of
    Marketing 41(1), 77–79.

    Examples
    --------
    >>> imp = pd.Series({"price": 4.5, "parking": 2.0})
    >>> perf = pd.Series({"price": 2.5, "parking": 4.0})
    >>> improvement_map(imp, perf)["area"].tolist()
    ['urgent improvement', 'nice-to-have']
    """
    require_series(importance, "importance")
    require_series(performance, "performance")
    if not importance.index.equals(performance.index):
        raise ValueError("importance and performance must describe the same items (same index)")
    for name, values in (("importance", importance), ("performance", performance)):
        if values.isna().any():
            raise ValueError(
                f"{name} is missing (NaN) for the items {values.index[values.isna()].tolist()}; "
                "an item without a value cannot be placed on the map"
            )
    i_split = float(importance.mean()) if importance_split is None else importance_split
    p_split = float(performance.mean()) if performance_split is None else performance_split
    labels = {
        (True, False): "urgent improvement",
        (True, True): "competitive advantage",
        (False, False): "secondary improvement",
        (False, True): "nice-to-have",
    }
    area = quadrants(importance, performance, x_split=i_split, y_split=p_split, labels=labels)
    return pd.DataFrame(
        {"importance": importance, "performance": performance, "area": localize(area)}
    )


def weighted_satisfaction(global_weights: pd.Series, scores: pd.Series, /) -> pd.DataFrame:
    """AHP-weighted satisfaction: each indicator's weight × its mean score, and their sum.

    S = Σ_k w_k · s_k, with the global AHP weights w_k (summing to 1) and mean scores s_k.

    Parameters
    ----------
    global_weights : pandas.Series
        The global weight of each indicator, >= 0, summing to 1.
    scores : pandas.Series
        The mean satisfaction score of each indicator.

    Returns
    -------
    pandas.DataFrame
        One row per indicator with ``weight``, ``score``, ``weighted_score`` and a final
        ``total`` row whose weighted score is the overall satisfaction on the scores' scale.

    Raises
    ------
    TypeError
        *global_weights* or *scores* is not a Series.
    ValueError
        Either is empty, a weighted indicator has no score or a missing (NaN) score – an
        error rather than a silent renormalisation, since the total would otherwise describe
        fewer indicators than the weights promise – or the weights are negative, missing or do
        not sum to 1.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the AHP-weighted satisfaction score of the dealer study
    (see the README, "Sources").
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    0.6 × 4 + 0.4 × 3 = 3.6:

    >>> w = pd.Series({"staff": 0.6, "price": 0.4})
    >>> weighted_satisfaction(w, pd.Series({"staff": 4.0, "price": 3.0})).loc["total"].tolist()
    [1.0, nan, 3.6]
    """
    require_series(global_weights, "global_weights")
    require_series(scores, "scores")
    missing = sorted(set(global_weights.index) - set(scores.index))
    if missing:
        raise ValueError(f"no satisfaction score for the indicators {missing}")
    gaps = global_weights.index[scores.reindex(global_weights.index).isna().to_numpy()].tolist()
    if gaps:
        raise ValueError(
            f"the satisfaction score of the indicators {gaps} is missing (NaN); compute it "
            "from the responses that have one, or leave the indicator out of the weights"
        )
    if global_weights.isna().any() or (global_weights < 0).any():
        raise ValueError("global weights must be numbers >= 0 without gaps")
    if not np.isclose(global_weights.sum(), 1.0):
        raise ValueError("global weights must sum to 1")
    table = pd.DataFrame({"weight": global_weights, "score": scores.reindex(global_weights.index)})
    table["weighted_score"] = table["weight"] * table["score"]
    table.loc["total"] = [table["weight"].sum(), np.nan, table["weighted_score"].sum()]
    return table


def improvement_priorities(
    global_weights: pd.Series, scores: pd.Series, /, *, scale_max: float = 5.0, n: int = 3
) -> pd.DataFrame:
    """The *n* indicators whose improvement would add most to weighted satisfaction.

    Potential gain = weight × (scale_max − score): what the overall score would gain if the
    indicator reached full marks.

    Parameters
    ----------
    global_weights : pandas.Series
        The weight of each indicator.
    scores : pandas.Series
        The mean score of each indicator.
    scale_max : float
        The top of the score scale.
    n : int
        How many indicators to list.

    Returns
    -------
    pandas.DataFrame
        ``weight``, ``score`` and ``potential_gain`` of the *n* indicators, largest gain first.

    Raises
    ------
    TypeError
        *global_weights* or *scores* is not a Series.
    ValueError
        Either is empty, a weight is missing or not a number, or a weighted indicator has no
        score.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the weak factors of the dealer study and their
    improvement (see the README, "Sources").
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*,
    41(1), 77–79.

    Examples
    --------
    0.6 × (5 − 4) = 0.6 against 0.4 × (5 − 3) = 0.8:

    >>> w = pd.Series({"staff": 0.6, "price": 0.4})
    >>> improvement_priorities(w, pd.Series({"staff": 4.0, "price": 3.0}), n=1).index.tolist()
    ['price']
    """
    weights = numeric_series(global_weights, "global_weights")
    require_series(scores, "scores")
    table = pd.DataFrame({"weight": weights, "score": scores.reindex(weights.index)})
    if table["score"].isna().any():
        raise ValueError("every weighted indicator needs a score")
    table["potential_gain"] = table["weight"] * (scale_max - table["score"])
    return table.sort_values("potential_gain", ascending=False).head(n)
