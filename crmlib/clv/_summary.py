"""From a transaction log to what the customer-base models read, and back to checks on them.

- :func:`calibration_summary` – frequency, recency, T and monetary value per customer;
- :func:`calibration_and_holdout` – the same for a calibration period, plus each customer's
  purchases in a later holdout period, to test a model on data it never saw;
- :func:`repeat_tracking_table` – cumulative repeat purchases week by week, actual and expected;
- :func:`holdout_comparison` and :func:`period_transactions` – the standard fit diagnostics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmlib._validation import as_day, numeric_column, require_table
from crmlib.clv import _predict as predict
from crmlib.transactions import customer_days, customer_totals

if TYPE_CHECKING:
    from crmlib.clv import PurchaseModel

__all__ = [
    "calibration_and_holdout",
    "calibration_summary",
    "compare_models",
    "holdout_comparison",
    "period_transactions",
    "repeat_tracking_table",
]


def _purchase_days(
    transactions: pd.DataFrame, customer: str, date: str, amount: str | None
) -> pd.DataFrame:
    """The purchase days of :func:`crmlib.transactions.customer_days` (return days left out)."""
    days = customer_days(transactions, customer=customer, date=date, amount=amount)
    return days[days["purchase"]]


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
    """frequency, recency, T and monetary_value per customer, from a transaction log.

    Parameters
    ----------
    transactions
        One row per purchase (a return is a row with a negative amount).
    calibration_end
        Last day of the calibration period: later transactions are ignored.
    customer, date, amount
        Column names.
    unit_days
        Length of the time unit in days (7: weeks, as in the CDNOW papers).

    Returns
    -------
    DataFrame indexed by customer (sorted), with
    ``frequency`` x – purchase days after the first (repeat purchases);
    ``recency`` t_x – time from the first to the last purchase day;
    ``T`` – time from the first purchase day to ``calibration_end``;
    ``monetary_value`` – mean amount of the repeat purchase days (0 when x = 0), as Fader and
    Hardie define it: the first purchase is left out of the spend model.

    Notes
    -----
    Purchases are purchase days, by the rule of :mod:`crmlib.transactions`: same-day rows are
    one purchase, a day netting below zero is a return day and left out (its amount too), and a
    zero amount is a purchase (CDNOW has free items; the published summary counts them).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "date": ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-08"],
    ...                    "amount": [10.0, 20.0, 40.0, 5.0]})
    >>> calibration_summary(tx, calibration_end="2024-01-29")
                 frequency  recency    T  monetary_value
    customer_id
    a                    2      2.0  4.0            30.0
    b                    0      0.0  3.0             0.0
    """
    days = _purchase_days(transactions, customer, date, amount)
    return _summary(days, as_day(calibration_end, "calibration_end"), customer, unit_days)


def _summary(
    days: pd.DataFrame, end: pd.Timestamp, customer: str, unit_days: float
) -> pd.DataFrame:
    """:func:`calibration_summary` from the purchase days (``_purchase_days``) up to *end*."""
    days = days[days["day"] <= end]
    if days.empty:
        raise ValueError(f"no purchases on or before calibration_end={end.date()}")
    totals = customer_totals(days, first_amount=("amount", "first"))  # days sorted by day
    first, last = totals["first_purchase"], totals["last_purchase"]
    frequency = totals["purchase_days"] - 1
    repeat_spend = totals["purchase_amount"] - totals["first_amount"]
    unit = pd.Timedelta(days=unit_days)
    summary = pd.DataFrame(
        {
            "frequency": frequency,
            # timedeltas / a timedelta are floats; the stubs lack that overload
            "recency": (last - first) / unit,  # type: ignore[operator]
            "T": (end - first) / unit,  # type: ignore[operator]
            "monetary_value": (repeat_spend / frequency).where(frequency > 0, 0.0),
        }
    )
    summary.index.name = customer
    return summary


def calibration_and_holdout(
    transactions: pd.DataFrame,
    /,
    *,
    calibration_end: str | pd.Timestamp,
    holdout_end: str | pd.Timestamp,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """The calibration summary plus each customer's purchases in the holdout period.

    Customers are those who bought by ``calibration_end``; ``frequency_holdout`` counts their
    purchase days (:mod:`crmlib.transactions`) in (calibration_end, holdout_end] and
    ``duration_holdout`` is the length of that period in the time unit: the t to predict with.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase (a return is a row with a negative amount).
    calibration_end, holdout_end : str or pandas.Timestamp
        Last days of the calibration and of the holdout period.
    customer, date, amount : str
        Column names.
    unit_days : float
        Length of the time unit in days.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`calibration_summary` with int ``frequency_holdout`` and float
        ``duration_holdout``.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        *holdout_end* is not after *calibration_end*, a column is missing or unreadable, or no
        purchase is on or before *calibration_end*.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284.

    Examples
    --------
    a buys on 1 January and again on 12 February, in the four-week holdout:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                    "date": ["2024-01-01", "2024-02-12", "2024-01-08"], "amount": 1.0})
    >>> both = calibration_and_holdout(tx, calibration_end="2024-01-29", holdout_end="2024-02-26")
    >>> both[["frequency", "T", "frequency_holdout", "duration_holdout"]]
                 frequency    T  frequency_holdout  duration_holdout
    customer_id
    a                    0  4.0                  1               4.0
    b                    0  3.0                  0               4.0
    """
    start, end = as_day(calibration_end, "calibration_end"), as_day(holdout_end, "holdout_end")
    if not end > start:
        raise ValueError(
            f"holdout_end ({end.date()}) must be after calibration_end ({start.date()})"
        )
    days = _purchase_days(transactions, customer, date, amount)  # read once, split in two
    summary = _summary(days, start, customer, unit_days)
    later = days[(days["day"] > start) & (days["day"] <= end)]
    counts = later.groupby("customer").size()
    summary["frequency_holdout"] = counts.reindex(summary.index, fill_value=0).to_numpy()
    summary["duration_holdout"] = (end - start) / pd.Timedelta(days=unit_days)
    return summary


def expected_repeat_tracking(
    params: PurchaseModel, first_purchase: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """Expected cumulative repeat purchases of a cohort at times *t* (FHL 2005, figure 2).

    Σ_i E[X(t − s_i)] over customers i whose first purchase was at s_i < t, with E[X(·)] the
    model's new-customer expectation; one term per distinct first-purchase time.

    Parameters
    ----------
    params : fitted parameters
        Of a purchase model of :mod:`crmlib.clv` (e.g. :class:`crmlib.clv.BGNBDParams`).
    first_purchase : numpy.ndarray
        Each customer's first-purchase time s_i, in the time unit from the tracking start.
    t : numpy.ndarray
        The times at which to add up.

    Returns
    -------
    numpy.ndarray
        The expected cumulative repeat purchases at each t.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    Before anyone's first purchase nothing is expected:

    >>> from crmlib import clv
    >>> p = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
    >>> expected_repeat_tracking(p, np.array([1.0, 2.0]), np.array([0.5, 1.0])).tolist()
    [0.0, 0.0]
    """
    starts, counts = np.unique(np.asarray(first_purchase, dtype=float), return_counts=True)
    span = np.clip(np.asarray(t, dtype=float)[:, None] - starts[None, :], 0, None)
    expected = predict._new_customer(params, span)  # a 2-D grid, inside the package
    return (np.where(span > 0, expected, 0.0) * counts).sum(axis=1)


def repeat_tracking_table(
    params: PurchaseModel,
    transactions: pd.DataFrame,
    /,
    *,
    start: str | pd.Timestamp,
    periods: int,
    customer: str = "customer_id",
    date: str = "date",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """Cumulative repeat purchases per period, actual and expected, from *start* on.

    A repeat purchase is a purchase day after the customer's first; the expected curve is the
    fitted model's E[X(t − s_i)] summed over the same customers' first-purchase times s_i
    (:func:`expected_repeat_tracking`).

    Period t covers days [(t−1)·unit, t·unit) after *start*: the value at t counts the purchases
    made strictly before the end of period t, as the published CDNOW tracking tables do (BTYD
    walkthrough, ``cum.tracking``: 1359, 1414, 1484, 1517, 1573, 1672 repeat purchases by the
    ends of weeks 20–25 when *start* is 1997-01-01). A purchase on day 7 (8 January) falls in
    week 2, not week 1.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    params : fitted parameters
        Of a purchase model of :mod:`crmlib.clv` (e.g. :class:`crmlib.clv.BGNBDParams`).
    start : str or pandas.Timestamp
        The first day of period 1.
    periods : int
        How many periods to track.
    customer, date : str
        Column names.
    unit_days : float
        Length of a period in days.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``t`` (1 … periods), with int ``actual`` and float ``expected``.

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        A column is missing or unreadable.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    McCarthy, D. & Wadsworth, E. (2014). Buy 'Til You Die – a walkthrough. Vignette of the R package
    BTYD.

    Examples
    --------
    a's repeat purchase on 9 January (day 8) counts by the end of week 2:

    >>> from crmlib import clv
    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "date": ["2024-01-01", "2024-01-09"]})
    >>> p = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
    >>> repeat_tracking_table(p, tx, start="2024-01-01", periods=2)["actual"].tolist()
    [0, 1]
    """
    days = _purchase_days(transactions, customer, date, None)
    origin = as_day(start, "start")
    elapsed = (days["day"] - origin) / pd.Timedelta(days=unit_days)
    is_first = ~days["customer"].duplicated()  # days are sorted by customer, then day
    grid = np.arange(1, periods + 1, dtype=float)
    actual = np.searchsorted(np.sort(elapsed[~is_first]), grid, side="left")  # elapsed < t
    expected = expected_repeat_tracking(params, elapsed[is_first].to_numpy(), grid)
    return pd.DataFrame({"actual": actual, "expected": expected}, index=pd.Index(grid, name="t"))


def _summary_table(summary: object, columns: list[str], built_by: str) -> pd.DataFrame:
    """*summary* if it is a non-empty DataFrame whose *columns* hold numbers, none missing."""
    frame = require_table(summary, columns, what="summary", built_by=built_by)
    for column in columns:
        numeric_column(frame, column, "summary")
    return frame


#: The columns of :func:`calibration_and_holdout` that a holdout check reads.
_HOLDOUT_COLUMNS = ["frequency", "recency", "T", "frequency_holdout", "duration_holdout"]


def holdout_comparison(
    params: PurchaseModel, summary: pd.DataFrame, /, *, max_frequency: int = 7
) -> pd.DataFrame:
    """Mean actual vs predicted holdout purchases, by calibration frequency (x ≥ max pooled).

    The standard check of a customer-base model: does it rank and scale customers' futures
    correctly? predicted = E[X(t) | x, t_x, T] of each customer, t = the holdout length.

    Parameters
    ----------
    params : fitted parameters
        Of a purchase model of :mod:`crmlib.clv` (e.g. :class:`crmlib.clv.BGNBDParams`).
    summary : pandas.DataFrame
        :func:`calibration_and_holdout`'s table.
    max_frequency : int
        Calibration frequencies from this one up are pooled in one row.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``calibration_frequency``: ``customers``, mean ``actual`` and mean
        ``predicted`` holdout purchases.

    Raises
    ------
    TypeError
        *summary* is not a DataFrame.
    ValueError
        *summary* is empty, lacks a column of :func:`calibration_and_holdout`, or a value there
        is missing or not a number.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> from crmlib import clv
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": 1.0,
    ...                    "date": ["2024-01-01", "2024-02-12", "2024-01-08"]})
    >>> both = calibration_and_holdout(tx, calibration_end="2024-01-29", holdout_end="2024-02-26")
    >>> p = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
    >>> holdout_comparison(p, both)[["customers", "actual"]]
                           customers  actual
    calibration_frequency
    0                              2     0.5
    """
    _summary_table(summary, _HOLDOUT_COLUMNS, "crmlib.clv.calibration_and_holdout")
    predicted = predict.expected_purchases(
        params, summary, t=float(summary["duration_holdout"].iloc[0])
    )
    group = summary["frequency"].clip(upper=max_frequency).rename("calibration_frequency")
    table = pd.DataFrame({"actual": summary["frequency_holdout"], "predicted": predicted})
    out = table.groupby(group).agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    return out


def period_transactions(
    params: PurchaseModel, summary: pd.DataFrame, /, *, max_frequency: int = 7
) -> pd.DataFrame:
    """Customers with 0, 1, …, max+ repeat purchases in calibration: actual and model.

    The model's count is Σ_i P(X(T_i) = x) over the customers' own observation times T_i
    (:func:`crmlib.clv.probability_of_purchases`), the last row pooling x ≥ max_frequency.

    Parameters
    ----------
    params : fitted parameters
        Of a purchase model of :mod:`crmlib.clv` (e.g. :class:`crmlib.clv.BGNBDParams`).
    summary : pandas.DataFrame
        :func:`calibration_summary`'s table.
    max_frequency : int
        The last row pools this many repeat purchases and more.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``repeat_purchases`` (0 … max_frequency), with int ``actual`` and float
        ``model`` customer counts; each column sums to the number of customers.

    Raises
    ------
    TypeError
        *summary* is not a DataFrame.
    ValueError
        *summary* is empty, lacks a column of :func:`calibration_summary`, or a value there
        is missing or not a number.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> from crmlib import clv
    >>> summary = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 3.0], "T": [5.0, 5.0]})
    >>> p = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
    >>> table = period_transactions(p, summary, max_frequency=2)
    >>> table["actual"].tolist(), round(float(table["model"].sum()), 6)
    ([1, 0, 1], 2.0)
    """
    _summary_table(summary, ["frequency", "T"], "crmlib.clv.calibration_summary")
    ages, n_with_age = np.unique(summary["T"].to_numpy(), return_counts=True)
    expected = np.zeros(max_frequency + 1)
    for age, count in zip(ages, n_with_age, strict=True):  # one term per distinct T, not customer
        probs = [predict.probability_of_purchases(params, x, age) for x in range(max_frequency)]
        expected += count * np.append(probs, 1 - sum(probs))
    actual = summary["frequency"].clip(upper=max_frequency).value_counts()
    index = pd.Index(range(max_frequency + 1), name="repeat_purchases")
    return pd.DataFrame(
        {"actual": actual.reindex(index, fill_value=0), "model": expected}, index=index
    )


def compare_models(models: dict[str, PurchaseModel], summary: pd.DataFrame, /) -> pd.DataFrame:
    """Fit and holdout accuracy of several fitted purchase models, one row each.

    The log-likelihood of the calibration data (higher is better; compare models with the same
    number of parameters directly), the total holdout purchases predicted against the actual
    total, and the mean absolute and root-mean-square error per customer of the holdout
    forecasts: MAE = mean |ŷ_i − y_i|, RMSE = √(mean (ŷ_i − y_i)²).

    Parameters
    ----------
    models : dict of str to fitted parameters
        The fitted models by name.
    summary : pandas.DataFrame
        :func:`calibration_and_holdout`'s table.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``model``: ``log_likelihood``, ``predicted``, ``actual``, ``mae`` and
        ``rmse``.

    Raises
    ------
    TypeError
        *summary* is not a DataFrame.
    ValueError
        *summary* is empty, lacks a column of :func:`calibration_and_holdout`, or a value there
        is missing or not a number.

    References
    ----------
    Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison of
    models for customer base analysis. *International Journal of Research in Marketing*, 24(3),
    201–209.
    Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of forecast accuracy.
    *International Journal of Forecasting*, 22, 679–688.

    Examples
    --------
    >>> from crmlib import clv
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"], "amount": 1.0,
    ...     "date": ["2024-01-01", "2024-01-15", "2024-02-12", "2024-01-08", "2024-01-22"]})
    >>> both = calibration_and_holdout(tx, calibration_end="2024-01-29", holdout_end="2024-02-26")
    >>> table = compare_models({"BG/NBD": clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)}, both)
    >>> table.columns.tolist(), int(table.loc["BG/NBD", "actual"])
    (['log_likelihood', 'predicted', 'actual', 'mae', 'rmse'], 1)
    """
    _summary_table(summary, _HOLDOUT_COLUMNS, "crmlib.clv.calibration_and_holdout")
    rows = {}
    horizon = float(summary["duration_holdout"].iloc[0])
    actual = summary["frequency_holdout"]
    for name, params in models.items():
        predicted = predict.expected_purchases(params, summary, t=horizon)
        error = predicted - actual
        rows[name] = {
            "log_likelihood": params.log_likelihood,
            "predicted": float(np.sum(predicted)),
            "actual": actual.sum(),
            "mae": error.abs().mean(),
            "rmse": float(np.sqrt((error**2).mean())),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")
