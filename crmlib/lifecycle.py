"""Customer lifecycle (客户生命周期) and lifetime value (客户终生价值): chapter 3.

Churn and base lifetime, the discounted CLV of the sources, the retention-based margin multiple,
acquisition-cohort retention, and the seven lifecycle stages. The probabilistic models of a
customer base (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma) are in :mod:`crmlib.clv`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib._validation import (
    as_day,
    require_fraction,
    require_frame,
    whole_number,
)
from crmlib.i18n import localize
from crmlib.transactions import customer_days, customer_totals, recent_and_previous

__all__ = [
    "STAGES",
    "base_lifetime",
    "churn_rate",
    "clv_steps",
    "cohort_retention",
    "customer_lifetime_value",
    "customer_lifetime_values",
    "lifecycle_stages",
    "new_customer_clv",
    "retention_clv",
]

#: The seven stages in lifecycle order, with their Chinese names (source 003).
STAGES: pd.DataFrame = pd.DataFrame(
    {
        "stage": [
            "potential",
            "development",
            "growth",
            "maturity",
            "decline",
            "termination",
            "recovery",
        ],
        "stage_zh": ["潜在客户期", "开发期", "成长期", "成熟期", "衰退期", "终止期", "恢复期"],
    }
)


# ------------------------------------------------------------------------ churn and lifetime ---


def churn_rate(lost: float, customers: float) -> float:
    """Share of the customers at the start of a period who are lost during it (客户流失率).

    churn = lost / customers (source 003).

    Parameters
    ----------
    lost : float
        Customers lost during the period, between 0 and *customers*.
    customers : float
        Customers at the start of the period, above 0.

    Returns
    -------
    float
        The churn rate, between 0 and 1.

    Raises
    ------
    ValueError
        *customers* is not positive, or *lost* is negative or above *customers*.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the churn rate of a customer base (see the README, "Sources").
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*,
    17(1), 9–24.

    Examples
    --------
    >>> churn_rate(20, 100)
    0.2
    """
    if customers <= 0:
        raise ValueError(f"customers must be positive, got {customers}")
    if not 0 <= lost <= customers:
        raise ValueError(f"lost must be between 0 and customers ({customers}), got {lost}")
    return lost / customers


def base_lifetime(churn: float) -> float:
    """Average customer lifetime in periods: 1 / churn rate (source 003).

    With a constant churn c, a customer's lifetime is geometric with mean 1 / c.

    Parameters
    ----------
    churn : float
        Churn rate per period, in (0, 1].

    Returns
    -------
    float
        The mean lifetime in periods.

    Raises
    ------
    ValueError
        *churn* is not in (0, 1].

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the base lifetime 1 / churn rate (see the README, "Sources").
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    100 customers of whom 20 leave a year: churn 20%, lifetime 5 years.

    >>> base_lifetime(0.2)
    5.0
    """
    if not 0 < churn <= 1:
        raise ValueError(f"churn must be in (0, 1], got {churn}; with no churn, no end in sight")
    return 1.0 / churn


# ------------------------------------------------------------------------------------ CLV ---


def _check_rate(rate: float, name: str = "rate") -> float:
    if not np.isfinite(rate) or rate <= -1:
        raise ValueError(f"{name} must be greater than -1 (a per-period rate), got {rate}")
    return float(rate)


def customer_lifetime_value(
    profits: Sequence[float] | pd.Series | np.ndarray,
    costs: Sequence[float] | pd.Series | np.ndarray,
    rate: float,
) -> float:
    """Discounted lifetime value of one customer, V = Σ_{t=1..T} (Q_t − C_t)(1 + i)^−t.

    The four steps of the sources: the lifecycle length T is the number of periods given; Q_t is
    the profit the customer brings in period t and C_t what the firm spends on them; each net
    amount is discounted at rate i; the sum is the CLV. For a table of customers,
    :func:`customer_lifetime_values`.

    Parameters
    ----------
    profits : sequence of float, pandas.Series or numpy.ndarray
        Q_1 … Q_T, the customer's profit in each period.
    costs : sequence of float, pandas.Series or numpy.ndarray
        C_1 … C_T, as many periods as *profits*.
    rate : float
        Discount rate i per period, > −1.

    Returns
    -------
    float
        The CLV V.

    Raises
    ------
    TypeError
        *profits* or *costs* is a DataFrame (use :func:`customer_lifetime_values`).
    ValueError
        The lengths differ, a value is missing, or *rate* ≤ −1.

    References
    ----------
    Source 003 (the four steps of CLV); Berger, P. D. & Nasr, N. I. (1998). Customer lifetime
    value: marketing models and applications. Journal of Interactive Marketing 12(1), 17–30.

    Examples
    --------
    80 a year for three years at 10%: 80/1.1 + 80/1.21 + 80/1.331 = 198.95.

    >>> round(customer_lifetime_value([100, 100, 100], [20, 20, 20], 0.10), 2)
    198.95
    """
    rate = _check_rate(rate)
    if isinstance(profits, pd.DataFrame) or isinstance(costs, pd.DataFrame):
        raise TypeError(
            "customer_lifetime_value values one customer; for a table of customers (one row "
            "each, one column per period) use customer_lifetime_values"
        )
    q = np.asarray(profits, dtype=float)
    c = np.asarray(costs, dtype=float)
    if q.ndim != 1 or q.shape != c.shape:
        raise ValueError(
            f"profits ({q.shape[0] if q.ndim else 'scalar'} periods) and costs "
            f"({c.shape[0] if c.ndim else 'scalar'} periods) must be sequences of equal length"
        )
    if np.isnan(q).any() or np.isnan(c).any():
        raise ValueError("profits and costs must not have missing values; fill them with 0")
    return float(np.dot(q - c, (1 + rate) ** -np.arange(1, len(q) + 1)))


def customer_lifetime_values(
    profits: pd.DataFrame, costs: pd.DataFrame, /, rate: float
) -> pd.Series:
    """Discounted lifetime value of each customer of a table (:func:`customer_lifetime_value`).

    V_c = Σ_{t=1..T} (Q_ct − C_ct)(1 + i)^−t for each row c.

    Parameters
    ----------
    profits : pandas.DataFrame
        One row per customer and one column per period (1, 2, …, T): the profits Q_ct.
    costs : pandas.DataFrame
        The costs C_ct, of the same shape.
    rate : float
        Discount rate i per period, > −1.

    Returns
    -------
    pandas.Series
        The CLV of each customer, named ``clv``, indexed like the rows of *profits*.

    Raises
    ------
    TypeError
        *profits* or *costs* is not a DataFrame.
    ValueError
        The shapes differ, a value is missing, or *rate* ≤ −1.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the four steps of CLV (see the README, "Sources").
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and applications.
    *Journal of Interactive Marketing*, 12(1), 17–30.

    Examples
    --------
    a brings 110 in year 1 and 121 in year 2: 110/1.1 + 121/1.21 = 100 + 100 = 200.

    >>> profits = pd.DataFrame({1: [110.0, 0.0], 2: [121.0, 0.0]}, index=["a", "b"])
    >>> customer_lifetime_values(profits, profits * 0, rate=0.10).round(2).tolist()
    [200.0, 0.0]
    """
    rate = _check_rate(rate)
    for name, frame in (("profits", profits), ("costs", costs)):
        require_frame(frame, name)
    if profits.shape != costs.shape:
        raise ValueError(
            f"profits has shape {profits.shape} but costs {costs.shape}: one column per period"
        )
    net = profits.to_numpy(dtype=float) - costs.to_numpy(dtype=float)
    if np.isnan(net).any():
        raise ValueError("profits and costs must not have missing values; fill them with 0")
    factors = (1 + rate) ** -np.arange(1, net.shape[1] + 1)
    return pd.Series(net @ factors, index=profits.index, name="clv")


def clv_steps(profits: Sequence[float], costs: Sequence[float], rate: float) -> pd.DataFrame:
    """The four-step CLV calculation of the sources as a table, one row per period t = 1..T.

    net_t = Q_t − C_t, discount_factor_t = (1 + i)^−t, present_value_t = net_t ×
    discount_factor_t; the last row's cumulative value is :func:`customer_lifetime_value`.

    Parameters
    ----------
    profits, costs : sequence of float
        Q_1 … Q_T and C_1 … C_T of one customer.
    rate : float
        Discount rate i per period, > −1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``t``, with ``profit``, ``cost``, ``net``, ``discount_factor``,
        ``present_value`` and ``cumulative_clv``.

    Raises
    ------
    ValueError
        As :func:`customer_lifetime_value`.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the four steps of CLV (see the README, "Sources").
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and applications.
    *Journal of Interactive Marketing*, 12(1), 17–30.

    Examples
    --------
    80 / 1.1 = 72.73, then 72.73 + 80 / 1.21 = 138.84:

    >>> clv_steps([100, 100], [20, 20], 0.1)["cumulative_clv"].round(2).tolist()
    [72.73, 138.84]
    """
    total = customer_lifetime_value(profits, costs, rate)  # validates the inputs
    q = np.asarray(profits, dtype=float)
    c = np.asarray(costs, dtype=float)
    t = np.arange(1, len(q) + 1)
    table = pd.DataFrame(
        {"profit": q, "cost": c, "net": q - c, "discount_factor": (1 + rate) ** -t},
        index=pd.Index(t, name="t"),
    )
    table["present_value"] = table["net"] * table["discount_factor"]
    table["cumulative_clv"] = table["present_value"].cumsum()
    assert np.isclose(table["cumulative_clv"].iloc[-1], total)
    return table


def retention_clv(margin: float, retention: float, rate: float) -> float:
    """CLV of a customer with a constant margin and retention: m · r / (1 + i − r).

    The margin m is earned at the end of each period the customer is still there; they stay
    each period with probability r; cash is discounted at i. Summing m·r^t/(1+i)^t over all
    t ≥ 1 gives the margin multiple r/(1 + i − r) (Gupta & Lehmann 2003). This values a
    customer the firm already has, before this period's retention is known; a customer being
    acquired, whose first margin is certain, is :func:`new_customer_clv`. Use it when margins
    and retention are stable; use :func:`customer_lifetime_value` when they change over time.

    Parameters
    ----------
    margin : float
        The margin m a period.
    retention : float
        Retention probability r a period, 0 ≤ r < 1.
    rate : float
        Discount rate i a period, > −1, with 1 + i − r > 0.

    Returns
    -------
    float
        The expected discounted margins.

    Raises
    ------
    ValueError
        *retention* is not in [0, 1), *rate* ≤ −1, or 1 + i − r ≤ 0.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive Marketing
    17(1), 9–24.

    Examples
    --------
    100 · 0.8 / (1.1 − 0.8) = 266.67:

    >>> round(retention_clv(100, 0.8, 0.1), 2)
    266.67
    """
    rate = _check_rate(rate)
    if not 0 <= retention < 1:
        raise ValueError(f"retention must be in [0, 1), got {retention}")
    if 1 + rate - retention <= 0:
        raise ValueError("1 + rate - retention must be positive for the sum to converge")
    return float(margin) * retention / (1 + rate - retention)


def new_customer_clv(
    margin: float, retention: float, rate: float, *, first_margin: str = "start"
) -> float:
    """CLV of a customer just acquired, whose first margin is certain: the other convention.

    :func:`retention_clv` values a customer the firm already has: every future margin needs
    the customer to be retained first, m · r / (1 + i − r). A customer being acquired pays the
    first period's margin for certain (that is what acquiring means), and only the later ones
    depend on retention. Where that first margin falls in time gives two forms:

    - ``first_margin="start"`` (margins at the start of each period, the first at acquisition,
      undiscounted; Berger & Nasr 1998, case 1 with an infinite horizon):
      Σ_{t≥0} m r^t / (1+i)^t = m (1 + i) / (1 + i − r) = m + m · r / (1 + i − r);
    - ``first_margin="end"`` (margins at the end of each period, the first at the end of the
      first period; the cohort of :func:`crmlib.strategy.cohort_profit`):
      Σ_{t≥1} m r^(t−1) / (1+i)^t = m / (1 + i − r) = (m + m · r / (1 + i − r)) / (1 + i).

    Parameters
    ----------
    margin : the margin m a period (profit after the cost of serving the customer).
    retention : probability r of staying each further period, 0 ≤ r < 1.
    rate : discount rate i a period, > −1, with 1 + i − r > 0.
    first_margin : ``"start"`` (at acquisition) or ``"end"`` (one period later).

    Returns
    -------
    float
        The expected discounted margins, acquisition cost not subtracted.

    Raises
    ------
    ValueError
        *first_margin* is not "start" or "end", or as :func:`retention_clv`.

    References
    ----------
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. Journal of Interactive Marketing 12(1), 17–30.
    Gupta, S. & Lehmann, D. R. (2005). Managing Customers as Investments. Wharton School
    Publishing, ch. 2.

    Examples
    --------
    >>> round(new_customer_clv(100, 0.8, 0.1), 2)  # 100 now + 266.67 for the years after
    366.67
    >>> round(new_customer_clv(100, 0.8, 0.1, first_margin="end"), 2)  # 366.67 / 1.1
    333.33
    """
    if first_margin not in {"start", "end"}:
        raise ValueError(f"first_margin must be 'start' or 'end', got {first_margin!r}")
    after_first = retention_clv(margin, retention, rate)  # validates retention and rate
    at_start = float(margin) + after_first
    return at_start if first_margin == "start" else at_start / (1 + rate)


# -------------------------------------------------------------------------------- cohorts ---


def cohort_retention(
    transactions: pd.DataFrame,
    /,
    *,
    freq: str = "Q",
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    counts: bool = False,
) -> pd.DataFrame:
    """Acquisition-cohort × period retention table, counted in purchase days.

    A customer's cohort is the period (``freq``: "M" months, "Q" quarters, "Y" years) of
    their first purchase day; cell (cohort, k) is the share of the cohort with at least one
    purchase day in the k-th period after that (k = 0 is the acquisition period, always 1).
    Purchase days follow the rule of :func:`crmlib.transactions.customer_days`: same-day rows
    are one day, and a day netting below zero is a return, not a purchase; a customer with
    return days only is never acquired. Periods after the log's last period are missing
    (NaN), not zero: they have not been observed. The log's first and last periods may be
    partial. With ``counts=True`` the cells are numbers of customers, so column 0 is each
    cohort's size.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per sale or return.
    freq : str
        A pandas period: ``"M"``, ``"Q"`` or ``"Y"`` (or ``"W"``).
    customer, date : str
        Column names of the customer id and the date.
    amount : str or None
        Column name of the amount; ``None`` when the log has none, and then every day with a
        row is a purchase day.
    counts : bool
        Numbers of customers instead of shares.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``cohort`` (a period), one column per period since the first purchase:
        0, 1, 2, ...

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame.
    ValueError
        A column is missing, an id or date is missing or unreadable, no day is a purchase
        day, or *freq* is not a pandas period.

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the customer lifecycle (see the README, "Sources").
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    a joins in January and buys again in March; b joins in January and only returns goods
    later; c joins in February, whose second month after joining the log has not reached:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
    ...     "date": ["2024-01-05", "2024-03-01", "2024-01-20", "2024-02-10", "2024-02-02",
    ...              "2024-03-09"],
    ...     "amount": [10.0, 5.0, 8.0, -8.0, 4.0, 6.0]})
    >>> cohort_retention(tx, freq="M")
    periods since first purchase    0    1    2
    cohort
    2024-01                       1.0  0.0  0.5
    2024-02                       1.0  1.0  NaN
    >>> cohort_retention(tx, freq="M", counts=True)[0]  # the cohorts' sizes
    cohort
    2024-01    2
    2024-02    1
    Freq: M, Name: 0, dtype: int64
    """
    days = customer_days(transactions, customer=customer, date=date, amount=amount)
    try:
        period = days["day"].dt.to_period(freq)
    except ValueError as err:
        raise ValueError(f"freq must be a pandas period such as 'M', 'Q' or 'Y': {err}") from None
    ordinal = pd.Series(period.array.asi8, index=days.index)  # periods as integers
    bought = days.loc[days["purchase"], ["customer"]].assign(period=ordinal[days["purchase"]])
    if bought.empty:
        raise ValueError(
            "no day of the log is a purchase day (every day nets below zero), so no customer "
            "was ever acquired; check the sign of the amounts"
        )
    bought = bought.drop_duplicates()  # buying in a period at all, not how often
    cohort = bought.groupby("customer", observed=True)["period"].transform("min")
    active = bought.assign(cohort=cohort, k=bought["period"] - cohort)
    table = active.groupby(["cohort", "k"]).size().unstack("k", fill_value=0)
    last = int(ordinal.max())  # the log's last period, return days included
    table = table.reindex(columns=range(last - int(table.index.min()) + 1), fill_value=0)
    unseen = table.index.to_numpy()[:, None] + table.columns.to_numpy()[None, :] > last
    table = table.mask(unseen)
    if not counts:
        table = table.div(table[0], axis=0)
    table.index = pd.PeriodIndex.from_ordinals(  # type: ignore[attr-defined]  # not in the stubs
        table.index.to_numpy(), freq=period.dt.freq
    ).rename("cohort")
    table.columns = pd.Index(table.columns.astype(int), name="periods since first purchase")
    return table


# ------------------------------------------------------------------------- lifecycle stages ---


def lifecycle_stages(
    transactions: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp,
    prospects: Sequence[str] = (),
    period_days: int = 180,
    churn_days: int = 365,
    change: float = 0.25,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Assign every customer one of the seven lifecycle stages at ``as_of``.

    Rules, checked in this order (the first that holds wins); "recent" is the last
    ``period_days`` before ``as_of`` and "previous" the ``period_days`` before that:

    1. **potential** – listed in *prospects* and no purchase yet;
    2. **termination** – no purchase in the last ``churn_days``;
    3. **recovery** – the latest purchase is recent and came after a gap of more than
       ``churn_days`` (the customer came back after being lost);
    4. **development** – the first purchase is recent (a new customer);
    5. **decline** – no purchase in the recent period, or recent spend below (1 − ``change``) ×
       previous spend (a customer silent longer than ``period_days`` but not yet
       ``churn_days`` is declining, whatever the previous period held);
    6. **growth** – recent spend above (1 + ``change``) × previous spend;
    7. **maturity** – otherwise: an established customer with stable spend.

    Purchases are purchase days, by the rule of :mod:`crmlib.transactions` (same-day rows are
    one purchase, a day netting below zero is a return day and no purchase, a zero amount is a
    purchase); only days on or before ``as_of`` count, and a customer with return days only
    has no stage. Spend is the purchase days' amounts.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per sale or return (a return has a negative amount).
    as_of : str or pandas.Timestamp
        The analysis date.
    prospects : sequence of str
        Ids of known prospects; those without a purchase are *potential* customers.
    period_days : int
        Length of the recent and the previous window (:func:`crmlib.transactions.
        recent_and_previous`), at least 1.
    churn_days : int
        Days without a purchase after which a customer is lost, at least *period_days*.
    change : float
        Relative change of spend that counts as growth or decline, between 0 and 1.
    customer, date, amount : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per customer (sorted), with ``stage`` (ordered categorical, :data:`STAGES`
        order, in the reader's language), ``first_purchase``, ``last_purchase``,
        ``recent_spend``, ``previous_spend`` and ``gap_before_last`` (days between the last two
        purchase days, NaN after a single one).

    Raises
    ------
    TypeError
        *transactions* is not a DataFrame, or *period_days* / *churn_days* is not a whole number.
    ValueError
        A column is missing or unreadable, *change* is not in (0, 1), *period_days* < 1, or
        *churn_days* < *period_days*.

    References
    ----------
    Source 003 (the seven stages of the customer lifecycle); Dwyer, F. R., Schurr, P. H. &
    Oh, S. (1987). Developing buyer-seller relationships. Journal of Marketing 51(2), 11–27.

    Examples
    --------
    a spent 50 about 300 days ago (the previous window) and 100 ten days ago (the recent one:
    more than 1.25 x 50, so growth); b bought once, 20 days ago (a new customer):

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "date": ["2024-03-07", "2024-12-22", "2024-12-12"], "amount": [50.0, 100.0, 80.0]})
    >>> lifecycle_stages(tx, as_of="2025-01-01")["stage"].tolist()
    ['growth', 'development']
    """
    require_fraction(change, "change", closed=False, meaning=": the relative change of spend")
    whole_number(period_days, "period_days", minimum=1, meaning=": the window length")
    whole_number(churn_days, "churn_days", minimum=period_days, meaning=" (at least period_days)")
    as_of = as_day(as_of, "as_of")
    days = customer_days(transactions, customer=customer, date=date, amount=amount)
    days = days[days["purchase"] & (days["day"] <= as_of)]
    if days.empty:
        raise ValueError(f"no purchase on or before as_of={as_of.date()}; pick a later as_of")
    window = recent_and_previous(days["day"], as_of=as_of, period_days=period_days)
    days = days.assign(
        recent_spend=days["amount"].where(window["recent"], 0.0),
        previous_spend=days["amount"].where(window["previous"], 0.0),
        gap=days.groupby("customer")["day"].diff().dt.days,  # days are sorted by customer, day
    )
    out = customer_totals(
        days,
        recent_spend=("recent_spend", "sum"),
        previous_spend=("previous_spend", "sum"),
        gap_before_last=("gap", "last"),  # last skips the NaN of the first purchase day
    )[["first_purchase", "last_purchase", "recent_spend", "previous_spend", "gap_before_last"]]
    since_last = (as_of - out["last_purchase"]).dt.days
    since_first = (as_of - out["first_purchase"]).dt.days
    rules = [
        since_last >= churn_days,
        (since_last < period_days) & (out["gap_before_last"] > churn_days),
        since_first < period_days,
        (since_last >= period_days) | (out["recent_spend"] < (1 - change) * out["previous_spend"]),
        out["recent_spend"] > (1 + change) * out["previous_spend"],
    ]
    names = ["termination", "recovery", "development", "decline", "growth"]
    stage = np.select(rules, names, default="maturity")
    stages = pd.Categorical(stage, categories=STAGES["stage"], ordered=True)
    out.insert(0, "stage", pd.Series(stages, index=out.index))
    new = pd.Index(prospects).difference(out.index)
    if len(new):
        potential = pd.DataFrame(index=new)
        potential["stage"] = pd.Categorical(
            ["potential"] * len(new), categories=STAGES["stage"], ordered=True
        )
        out = pd.concat([out, potential])
    out.index.name = customer
    out["stage"] = localize(out["stage"])
    return out.sort_index()
