"""Bundled data sets and the seeded generators behind them: every loader and generator is here.

The committed files live in the repository's ``datasets/`` folder, each with a datasheet
(:func:`describe`), and are installed inside the package (``crmlib._bundled``) so ``load_*`` finds
them however crmlib is installed. The generators of the synthetic ones are
:func:`generate_transactions`, :func:`generate_dealer_records`, the three survey generators and
:func:`generate_svw_data` (the last ones written in the private modules beside this one).
Regenerate the synthetic files on purpose with ``python -m crmlib.datasets._make_data``.
"""

from __future__ import annotations

import importlib.resources
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib._reading import read_table
from crmlib._validation import as_day, name_rows, numeric_column, parse_dates, require_no_missing
from crmlib.datasets._dealer import generate_dealer_records
from crmlib.datasets._surveys import (
    KANO_FEATURES,
    TRUE_WEIGHTS,
    generate_ahp_judgments,
    generate_kano_survey,
    generate_satisfaction_survey,
    generate_satisfaction_trap,
)
from crmlib.datasets._svw import SVW_DEALERS, generate_svw_data
from crmlib.datasets._transactions import TRANSACTIONS_SEED, generate_transactions

__all__ = [
    "DEALER_DATES",
    "KANO_FEATURES",
    "MAX_AMOUNT",
    "SVW_DEALERS",
    "TRANSACTIONS_SEED",
    "TRUE_WEIGHTS",
    "DataWarning",
    "appliance_customer_groups",
    "bundled_path",
    "check_transactions",
    "datasheets",
    "describe",
    "describe_set_aside",
    "generate_ahp_judgments",
    "generate_dealer_records",
    "generate_kano_survey",
    "generate_satisfaction_survey",
    "generate_satisfaction_trap",
    "generate_svw_data",
    "generate_transactions",
    "load_ahp_judgments",
    "load_cdnow",
    "load_cdnow_log",
    "load_cdnow_transactions",
    "load_dealer_records",
    "load_donations",
    "load_ecsi_mobi",
    "load_kano_survey",
    "load_satisfaction_hierarchy",
    "load_satisfaction_survey",
    "load_svw_data",
    "load_transactions",
    "pyramid_example",
    "read_table",
    "read_transactions",
]


def bundled_path(name: str) -> Path:
    """Path of a bundled file, e.g. ``bundled_path("transactions.csv")``.

    Parameters
    ----------
    name : str
        The file's name in ``datasets/`` of the repository (shipped as ``crmlib._bundled``).

    Returns
    -------
    Path
        Where the installed file is.

    Raises
    ------
    FileNotFoundError
        No such bundled file.

    Examples
    --------
    >>> bundled_path("transactions.csv").name
    'transactions.csv'
    """
    path = importlib.resources.files("crmlib._bundled") / name
    if not path.is_file():
        raise FileNotFoundError(f"no bundled data file {name!r}; reinstall crm-course")
    return Path(str(path))


def datasheets() -> list[str]:
    """The names of the bundled data sets that have a datasheet, for :func:`describe`.

    Returns
    -------
    list of str
        Sorted names, each the stem of a ``NAME.md`` datasheet.

    Examples
    --------
    >>> "transactions" in datasheets()
    True
    """
    folder = importlib.resources.files("crmlib._bundled")
    return sorted(
        entry.name.removesuffix(".md") for entry in folder.iterdir() if entry.name.endswith(".md")
    )


def describe(name: str) -> str:
    """The datasheet of a bundled data set: where it comes from, its columns, its limits.

    Parameters
    ----------
    name : str
        The data set, e.g. ``"transactions"``, ``"cdnow_log"`` or ``"ecsi_mobi"`` (see
        :func:`datasheets`).

    Returns
    -------
    str
        The datasheet as Markdown (``datasets/NAME.md`` of the repository).

    Examples
    --------
    >>> describe("transactions").splitlines()[0]
    "# Datasheet: `transactions.csv` – a home-goods retailer's transaction log"
    """
    names = datasheets()
    if name not in names:
        raise ValueError(f"no datasheet {name!r}; the data sets are: {', '.join(names)}")
    return bundled_path(f"{name}.md").read_text(encoding="utf-8")


def load_transactions() -> pd.DataFrame:
    """The bundled retail transaction log (seed :data:`TRANSACTIONS_SEED`, 2023-2024).

    ============  ========================================================
    rows          one per order or return (9,698); 3,000 customers
    order_id      int, 1..n in date order
    customer_id   str, ``C0001`` ... ``C3000``
    date          datetime64, the day of the order
    amount        float, yuan; negative for a return
    cost          float, yuan, cost of the goods (negative for a return)
    service_cost  float, yuan, handling cost of the order by channel
    channel       str, store / online / phone
    region        str, North / East / South / West / Central
    category      str, appliances / electronics / kitchen / home / accessories
    ============  ========================================================

    See ``datasets/transactions.md`` for how it was generated.

    Returns
    -------
    pandas.DataFrame
        The log above, synthetic, numbered from 0.

    Examples
    --------
    >>> tx = load_transactions()
    >>> tx.shape, tx["customer_id"].nunique()
    ((9698, 9), 3000)
    """
    return read_transactions()


class DataWarning(UserWarning):
    """Rows of a user's file were set aside because they cannot be right (see the message)."""


#: One transaction larger than this (in absolute value, in any currency) is taken as a typo.
MAX_AMOUNT = 1e12

#: An analysis date more than this many days after the last transaction is taken as a typo.
_MAX_AS_OF_GAP_DAYS = 366


def read_transactions(
    path: str | Path | None = None,
    *,
    until: str | pd.Timestamp | None = None,
    encoding: str | None = None,
    today: str | pd.Timestamp | None = None,
    amount: str = "amount",
) -> pd.DataFrame:
    """Read a transaction log (CSV or .xlsx; the bundled one if *path* is None or empty).

    The file needs at least ``customer_id``, ``date`` and ``amount``; the value analyses also
    use ``cost`` and ``service_cost`` (*amount* names another amount column, e.g. ``dollars``).
    It is read by :func:`read_table` (UTF-8, GB18030 or
    *encoding*; ids as text) and checked by :func:`check_transactions`. Rows dated after
    *until* (a report's ``as_of``) are left out, so a report "as of" a past date sees only what
    was known then; rows dated in the future are left out with a :class:`DataWarning`.

    Parameters
    ----------
    path : str or Path, optional
        A CSV or .xlsx file; None or empty reads the bundled log.
    until : str or Timestamp, optional
        The analysis date: later rows are left out.
    encoding : str, optional
        The text encoding of a CSV (detected by default).
    today : str or Timestamp, optional
        The date the analysis is made (default: the computer's date).
    amount : str, default "amount"
        The name of the amount column.

    Returns
    -------
    pandas.DataFrame
        The kept rows, numbered from 0, with ``date`` as datetime64 (local time).

    Raises
    ------
    FileNotFoundError
        No file at *path*.
    ValueError
        The file cannot be read or a value cannot be right; the message names the file, the
        line and the value.

    Examples
    --------
    >>> first_half = read_transactions(until="2023-06-30")  # the bundled log's first half-year
    >>> str(first_half["date"].max().date()), len(first_half) < len(read_transactions())
    ('2023-06-30', True)
    """
    source = bundled_path("transactions.csv") if not path else Path(path)
    raw = read_table(source, encoding=encoding, what="transaction file")
    try:
        kept, set_aside = check_transactions(raw, as_of=until, today=today, amount=amount)
    except ValueError as err:
        raise ValueError(f"{source}: {err}") from None
    future = set_aside[set_aside["reason"].str.startswith("dated in the future")]
    if len(future):
        warnings.warn(f"{source}: {describe_set_aside(future)}", DataWarning, stacklevel=2)
    return kept.reset_index(drop=True)


def check_transactions(
    transactions: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp | None = None,
    today: str | pd.Timestamp | None = None,
    amount: str = "amount",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check a transaction log as read from a file, and set aside the rows it cannot use.

    Errors, each naming the line (the index label) and the value: a missing column
    (``customer_id``, ``date``, ``amount``), no rows, a missing id or date, a date that is no
    date, an amount (or ``cost``, ``service_cost``) that is missing, no number, not finite or
    beyond ±:data:`MAX_AMOUNT`; an *as_of* that is no date, after *today*, or more than a year
    after the last transaction (every customer would look lapsed).

    Set aside, with the ``reason``: rows dated after *today* (a typo such as 2099 would
    otherwise move every customer's recency by decades) and rows dated after the *as_of* day.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The log, e.g. from :func:`read_table`.
    as_of : str or Timestamp, optional
        The analysis date; None keeps every row that is not in the future.
    today : str or Timestamp, optional
        The date the analysis is made (default: the computer's date).
    amount : str, default "amount"
        The name of the amount column.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        ``(kept, set_aside)``: the usable rows with ``date`` as datetime64 in local time, and
        the rows set aside with a ``reason`` column. :func:`describe_set_aside` puts the
        second in words.

    Raises
    ------
    ValueError
        One of the errors above; the message names the line and the value.

    Examples
    --------
    >>> raw = pd.DataFrame({"customer_id": ["A", "B"], "date": ["2024-01-02", "2099-01-01"],
    ...                     "amount": [10.0, 5.0]}, index=pd.Index([2, 3], name="line"))
    >>> kept, aside = check_transactions(raw, today="2025-01-01")
    >>> kept["customer_id"].tolist(), aside["reason"].tolist()
    (['A'], ['dated in the future, after today 2025-01-01'])
    """
    tx = transactions.copy()
    if tx.empty:
        raise ValueError("the table has no rows: it needs a header line and at least one row")
    missing = [c for c in ("customer_id", "date", amount) if c not in tx.columns]
    if missing:
        raise ValueError(
            f"no {', '.join(map(repr, missing))} column{'s' if len(missing) > 1 else ''}; it has: "
            f"{', '.join(map(str, tx.columns))}. Name the columns customer_id, date and amount "
            "(and cost, service_cost for profit)"
        )
    require_no_missing(tx, "customer_id")
    require_no_missing(tx, "date")
    dates = parse_dates(tx["date"])
    if dates.isna().any():
        raise ValueError(
            f"transactions.date holds values that are no date: "
            f"{name_rows(tx['date'], dates.isna())}; write dates as YYYY-MM-DD (year first)"
        )
    tx["date"] = dates
    for column in dict.fromkeys([amount, "cost", "service_cost"]):
        if column in tx.columns:
            values = numeric_column(tx, column)
            absurd = values.abs() > MAX_AMOUNT
            if absurd.any():
                raise ValueError(
                    f"transactions.{column} holds values no transaction can have (beyond "
                    f"±{MAX_AMOUNT:g}): {name_rows(values, absurd)}; fix or drop those rows"
                )
            tx[column] = values
    day = tx["date"].dt.normalize()
    today = pd.Timestamp.now().normalize() if today is None else as_day(today, "today")
    reason = pd.Series("", index=tx.index)
    reason[day > today] = f"dated in the future, after today {today:%Y-%m-%d}"
    if as_of is not None and str(as_of):
        as_of = as_day(as_of, "as_of")
        if as_of > today:
            raise ValueError(
                f"as_of {as_of:%Y-%m-%d} is after today ({today:%Y-%m-%d}): no transactions of "
                "that day are known yet; pick a date on or before today, or leave as_of empty"
            )
        reason[(reason == "") & (day > as_of)] = f"dated after as_of {as_of:%Y-%m-%d}"
    kept = tx[reason == ""]
    set_aside = tx[reason != ""].assign(reason=reason[reason != ""])
    if kept.empty:
        when = f" on or before {as_of:%Y-%m-%d}" if as_of is not None and str(as_of) else ""
        raise ValueError(f"no transactions{when} to analyse: {describe_set_aside(set_aside)}")
    if as_of is not None and str(as_of):
        gap = (as_of - kept["date"].max().normalize()).days
        if gap > _MAX_AS_OF_GAP_DAYS:
            raise ValueError(
                f"as_of {as_of:%Y-%m-%d} is {gap:,} days after the last transaction "
                f"({kept['date'].max():%Y-%m-%d}), so every customer would look lapsed; leave "
                "as_of empty (the day after the last transaction) or pick a date within a year "
                "of the data"
            )
    return kept, set_aside


def describe_set_aside(set_aside: pd.DataFrame, /) -> str:
    """The rows :func:`check_transactions` set aside, in one sentence ("" when there are none).

    Parameters
    ----------
    set_aside : pandas.DataFrame
        The second table :func:`check_transactions` returns (``date`` and ``reason``,
        indexed by line).

    Returns
    -------
    str
        How many rows, and for each reason how many and which lines.

    Examples
    --------
    >>> aside = pd.DataFrame({"date": pd.to_datetime(["2099-05-05"]),
    ...                       "reason": ["dated in the future"]}, index=pd.Index([5], name="line"))
    >>> describe_set_aside(aside)
    "1 row was set aside and is not analysed: 1 dated in the future (line 5: '2099-05-05')."
    """
    if set_aside.empty:
        return ""
    n = len(set_aside)
    head = f"{n} row was set aside and is not" if n == 1 else f"{n} rows were set aside and are not"
    days = set_aside["date"].dt.strftime("%Y-%m-%d")
    parts = [
        f"{int(mask.sum())} {reason} ({name_rows(days, mask)})"
        for reason in set_aside["reason"].unique()
        for mask in [set_aside["reason"] == reason]
    ]
    return f"{head} analysed: {'; '.join(parts)}."


def load_cdnow() -> pd.DataFrame:
    """The CDNOW sample's 39-week calibration summary, as published (Fader, Hardie & Lee 2005).

    ==============  =====================================================================
    rows            2,357 customers who first bought from CDNOW in 1997 Q1
    index           ``customer_id``, 1..2357
    frequency       int, repeat purchases (purchase days after the first) to 1997-09-30
    recency         float, weeks from the first to the last purchase
    T               float, weeks from the first purchase to 1997-09-30
    monetary_value  float, dollars, mean spend of the repeat purchases (0 if none)
    ==============  =====================================================================

    Source: the ``lifetimes`` package (MIT licence), file
    ``cdnow_customers_summary_with_transactions.csv``; see ``datasets/cdnow.md``.

    Returns
    -------
    pandas.DataFrame
        The table above, real data.

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> len(cdnow), int(cdnow.loc[1, "frequency"]), float(cdnow.loc[1, "T"])
    (2357, 2, 38.86)
    """
    raw = pd.read_csv(bundled_path("cdnow_calibration_summary.csv"))
    out = raw.rename(
        columns={"ID": "customer_id", "x": "frequency", "t_x": "recency", "zbar": "monetary_value"}
    )
    return out.set_index("customer_id")[["frequency", "recency", "T", "monetary_value"]]


def load_cdnow_transactions() -> pd.DataFrame:
    """The CDNOW sample's 6,919 purchases over 78 weeks (1997-01-01 to 1998-06-30).

    Real data (Fader, Hardie & Lee 2005), a 1/10 sample of :func:`load_cdnow_log`.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (1..2357), ``original_id`` (the id in the full CDNOW log),
        ``date`` (datetime64), ``cds`` (number of CDs bought), ``dollars`` (amount).

    Examples
    --------
    >>> purchases = load_cdnow_transactions()
    >>> len(purchases), purchases["customer_id"].nunique()
    (6919, 2357)
    """
    tx = read_transactions(bundled_path("cdnow_sample.csv"), amount="dollars")
    return tx.astype({"customer_id": "int64"})  # the published numbering, 1..2357


def load_cdnow_log() -> pd.DataFrame:
    """The full CDNOW transaction log: every purchase of the 1997 Q1 cohort, 1997-01 to 1998-06.

    ===========  ==========================================================================
    rows         69,659 purchase records (a customer's orders of one day may be several rows)
    customer_id  int, 1..23570: every customer whose first CDNOW purchase was in 1997 Q1
    date         datetime64, day of the purchase, 1997-01-01 to 1998-06-30
    cds          int, number of CDs bought
    dollars      float, amount paid in US dollars (80 rows are 0.00, e.g. free items)
    ===========  ==========================================================================

    Real data (Fader, Hardie & Lee 2005), from ``CDNOW_master.txt`` of the ``lifetimes`` package
    (MIT licence), stored as ``cdnow_log.csv.gz``; see ``datasets/cdnow_log.md``. The 2,357
    customers of :func:`load_cdnow_transactions` are a 1/10 sample of these (their
    ``original_id``). The log has no costs, so analyses of it use revenue, not profit.

    Returns
    -------
    pandas.DataFrame
        The table above, numbered from 0.

    Examples
    --------
    >>> log = load_cdnow_log()
    >>> len(log), log["customer_id"].nunique()
    (69659, 23570)
    """
    log = pd.read_csv(
        bundled_path("cdnow_log.csv.gz"),
        dtype={"customer_id": "int64", "cds": "int64", "dollars": "float64"},
        parse_dates=["date"],
    )
    return log


#: The date columns of ``dealer_records.csv``.
DEALER_DATES = [
    "purchase_date",
    "loan_end",
    "insurance_end",
    "warranty_end",
    "connected_end",
    "last_service_date",
]


def load_dealer_records() -> pd.DataFrame:
    """A premium car dealer group's customer and vehicle records (synthetic, 1,200 customers).

    One row per customer: ``customer_id``, ``name``, ``mobile``, ``dealer`` (TJ01, TJ02, DL01),
    ``model``, ``price`` (yuan), ``purchase_date``, ``vin``, ``loan_end`` (empty if paid in
    cash), ``insurance_end``, ``warranty_end``, ``connected_end``, ``last_service_date``
    (datetime64), ``complaints`` and ``cars_owned`` (int). Made by
    :func:`crmlib.datasets.generate_dealer_records`; see ``datasets/dealer_records.md``.

    Returns
    -------
    pandas.DataFrame
        The records, one row per customer, dates parsed.

    Examples
    --------
    >>> records = load_dealer_records()
    >>> len(records), sorted(records["dealer"].unique())
    (1200, ['DL01', 'TJ01', 'TJ02'])
    """
    records = pd.read_csv(
        bundled_path("dealer_records.csv"), dtype={"mobile": str}, parse_dates=DEALER_DATES
    )
    return records


def load_satisfaction_survey() -> pd.DataFrame:
    """The dealer customer-satisfaction survey (synthetic): 900 respondents, 3 dealers, 2 waves.

    One row per respondent: ``respondent``, ``dealer``, ``wave``, ``customer_type``,
    ``age_group``, ``gender``; for each indicator of the dealer hierarchy (S1-S5, A1-A5,
    C1-C4) ``<id>_sat`` and ``<id>_imp`` (1-5); ``expectation``, ``perceived_value``,
    ``overall``, ``repurchase`` (1-5); ``vs_competitors`` (better/same/worse); ``complained``
    (bool); ``recommend`` (0-10); ``suggestion`` (text, often empty).
    See ``datasets/satisfaction_survey.md``.

    Returns
    -------
    pandas.DataFrame
        The answers, one row per respondent.

    Examples
    --------
    >>> survey = load_satisfaction_survey()
    >>> len(survey), survey.groupby(["dealer", "wave"]).size().unique().tolist()
    (900, [150])
    """
    survey = pd.read_csv(bundled_path("satisfaction_survey.csv"), keep_default_na=False)
    survey["complained"] = survey["complained"].astype(bool)
    return survey


def load_kano_survey() -> pd.DataFrame:
    """Kano questionnaire answers (synthetic): 200 respondents × 9 dealer service features.

    Returns
    -------
    pandas.DataFrame
        One row per respondent and feature: ``respondent``, ``feature``, ``functional`` and
        ``dysfunctional`` (1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike). See
        ``datasets/kano_survey.md``.

    Examples
    --------
    >>> kano = load_kano_survey()
    >>> len(kano), kano["respondent"].nunique() * kano["feature"].nunique()
    (1800, 1800)
    """
    return pd.read_csv(bundled_path("kano_survey.csv"))


def load_ahp_judgments(path: str | Path | None = None) -> pd.DataFrame:
    """Experts' pairwise judgments for the dealer satisfaction hierarchy (bundled if no *path*).

    Parameters
    ----------
    path : str or Path, optional
        A CSV or .xlsx file of the same columns; None or empty reads the bundled one.

    Returns
    -------
    pandas.DataFrame
        Columns ``expert``, ``matrix`` (goal, sales service, after-sales service, customer
        care), ``row``, ``col``, ``value`` (Saaty scale), numbered from 0. See
        ``datasets/ahp_judgments.md``.

    Raises
    ------
    FileNotFoundError
        No file at *path*.
    ValueError
        The file cannot be read (see :func:`crmlib._reading.read_table`).

    Examples
    --------
    >>> judgments = load_ahp_judgments()
    >>> judgments["expert"].nunique(), list(judgments.columns)
    (5, ['expert', 'matrix', 'row', 'col', 'value'])
    """
    source = bundled_path("ahp_judgments.csv") if not path else Path(path)
    table = read_table(
        source, text_columns=("expert", "matrix", "row", "col"), what="judgments file"
    )
    return table.reset_index(drop=True)


def load_satisfaction_hierarchy() -> pd.DataFrame:
    """The dealer satisfaction index hierarchy: its 14 indicators.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator`` (S1-S5, A1-A5, C1-C4), with the ``criterion`` it belongs to,
        its ``name`` in English and ``name_zh`` in Chinese, and the improvement ``action``.

    Examples
    --------
    >>> hierarchy = load_satisfaction_hierarchy()
    >>> len(hierarchy), hierarchy.index[0]
    (14, 'S1')
    """
    return pd.read_csv(bundled_path("dealer_satisfaction_hierarchy.csv")).set_index("indicator")


def load_svw_data() -> dict[str, pd.DataFrame]:
    """The Shanghai Volkswagen case data (synthetic): touchpoints, dealers, campaigns, sales.

    See ``datasets/svw.md``.

    Returns
    -------
    dict of str to pandas.DataFrame
        The four tables as :func:`crmlib.datasets.generate_svw_data` makes them (dates parsed; a
        missing phone or e-mail is None; the column ``true_person`` is the simulation's truth,
        kept to check matching).

    Examples
    --------
    >>> tables = load_svw_data()
    >>> sorted(tables), len(tables["dealers"])
    (['campaigns', 'dealers', 'sales', 'touchpoints'], 9)
    """
    tables = {}
    for name, dates in [
        ("touchpoints", ["occurred_at"]),
        ("dealers", []),
        ("campaigns", []),
        ("sales", ["sold_at"]),
    ]:
        frame = pd.read_csv(
            bundled_path(f"svw_{name}.csv"),
            parse_dates=dates,
            dtype={"raw_phone": "object", "buyer_phone": "object"},
            keep_default_na=False,
            na_values={"raw_phone": [""], "raw_email": [""]},
        )
        for column in ("raw_phone", "raw_email"):
            if column in frame:
                frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        tables[name] = frame
    return tables


def appliance_customer_groups() -> pd.DataFrame:
    """The Beijing home-appliance company's customer groups (source 003), as published.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``group`` (very low ... very high): ``value_pct``, each group's profit
        contribution index as printed, and ``market_share_pct`` and ``customer_share_pct``,
        which each sum to 100.

    Examples
    --------
    >>> groups = appliance_customer_groups()
    >>> float(groups["market_share_pct"].sum()), float(groups.loc["very high", "value_pct"])
    (100.0, 107.76)
    """
    return pd.DataFrame(
        {
            "group": ["very low", "low", "moderate", "high", "very high"],
            "value_pct": [-4.12, -2.10, 7.45, 30.49, 107.76],
            "market_share_pct": [51.4, 25.3, 18.0, 4.6, 0.7],
            "customer_share_pct": [42.2, 20.5, 26.3, 9.2, 1.8],
        }
    ).set_index("group")


def pyramid_example() -> pd.DataFrame:
    """300 customers built to match the textbook customer pyramid (source 000).

    Zones of 15 / 30 / 60 / 75 / 120 customers bring 42 / 41 / 16 / 6 / -5% of profit
    (600,000 yuan in all), the source's "over 40%, over 40%, over 15%, under 10%, below 0".
    The source prints revenue shares of 35 / 40 / 15 / 10 / 5%, which add up to 105%; we keep
    their proportions (zone revenue = 30,000 yuan x printed percentage, 3,150,000 in all), so
    the computed shares are the printed ones divided by 1.05. Inside a zone the values spread
    linearly by +-30% around the zone mean, so the zones do not overlap. No randomness.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (P001..P300), with ``revenue`` and ``profit`` in yuan, the
        most profitable zone first.

    Examples
    --------
    >>> pyramid = pyramid_example()
    >>> round(pyramid["revenue"].sum()), round(pyramid["profit"].sum())
    (3150000, 600000)
    """
    sizes = np.array([15, 30, 60, 75, 120])
    revenue_share = np.array([0.35, 0.40, 0.15, 0.10, 0.05])
    profit_share = np.array([0.42, 0.41, 0.16, 0.06, -0.05])
    revenue, profit = [], []
    for size, rev, prof in zip(sizes, revenue_share, profit_share, strict=True):
        spread = 1 + 0.3 * np.linspace(1, -1, size)  # mean 1, highest first
        revenue.append(3_000_000 * rev / size * spread)
        profit.append(600_000 * prof / size * (spread if prof > 0 else spread[::-1]))
    index = pd.Index([f"P{i:03d}" for i in range(1, 301)], name="customer_id")
    return pd.DataFrame(
        {
            "revenue": np.round(np.concatenate(revenue), 2),
            "profit": np.round(np.concatenate(profit), 2),
        },
        index=index,
    )


def load_donations() -> pd.DataFrame:
    """Repeat donations of a nonprofit's 1995 cohort, as the BG/BB model reads them.

    ==========  ==============================================================================
    rows        22 distinct histories of 11,104 first-time donors of 1995
    frequency   int, x: years of 1996–2001 with a donation
    recency     int, t_x: the last such year (1 = 1996 … 6 = 2001), 0 if none
    n           int, opportunities observed (6)
    weights     int, donors with this history
    ==========  ==============================================================================

    Source: Fader, Hardie & Shang (2010), via the ``lifetimes`` package (MIT licence); see
    ``datasets/donations.md``.

    Returns
    -------
    pandas.DataFrame
        The table above, real data.

    Examples
    --------
    >>> int(load_donations()["weights"].sum())
    11104
    """
    raw = pd.read_csv(bundled_path("donations.csv"))
    return raw.rename(columns={"periods": "n"})[["frequency", "recency", "n", "weights"]]


def load_ecsi_mobi() -> pd.DataFrame:
    """The ECSI mobile-phone survey: 250 customers' answers to 24 questions on a 1–10 scale.

    Real data (Tenenhaus et al. 2005; the ``mobi`` data set of the R package ``seminr``), GPL-3
    rather than MIT: see ``datasets/ecsi_mobi.md``. Indexed by respondent; the constructs'
    questions are :data:`crmlib.pls_path.ECSI_BLOCKS`.

    Returns
    -------
    pandas.DataFrame
        250 rows by 24 question columns, answers 1 to 10.

    Examples
    --------
    >>> survey = load_ecsi_mobi()
    >>> survey.shape
    (250, 24)
    >>> int(survey.min().min()), int(survey.max().max())
    (1, 10)
    """
    return pd.read_csv(bundled_path("ecsi_mobi.csv"), index_col="respondent")
