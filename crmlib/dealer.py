"""A car dealer's lifecycle leads and its daily call list (chapter 3, source 004).

A dealer's business-development centre turns customer and vehicle records into leads: loan
maturity, insurance renewal, extended warranty, service due, after-sales churn win-back,
connected-services expiry and trade-in. Every opportunity for one customer is merged into a
single call with a pre-call sheet, so departments stop calling the same customer separately,
and triggered leads are contacted within 2 days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib._validation import (
    as_day,
    name_rows,
    require_columns,
    require_frame,
    require_no_missing,
    whole_number,
)
from crmlib.datasets import DEALER_DATES
from crmlib.i18n import localize, pick

__all__ = [
    "LEAD_TYPES",
    "RECORD_COLUMNS",
    "call_list",
    "lifecycle_leads",
    "select_dealer",
    "workload",
]

#: Lead types, the department that owns each, and what the call offers.
LEAD_TYPES: pd.DataFrame = pd.DataFrame(
    {
        "lead_type": [
            "loan maturity",
            "insurance renewal",
            "extended warranty",
            "service due",
            "churn win-back",
            "connected services expiry",
            "trade-in",
        ],
        "department": [
            "finance",
            "insurance",
            "after-sales",
            "after-sales",
            "after-sales",
            "customer care",
            "sales",
        ],
        "offer": [
            "refinance or a new car on a new loan",
            "renew the car insurance with the dealer",
            "extend the warranty before it runs out",
            "book maintenance (oil, filters, checks)",
            "a service voucher to bring the car back",
            "renew connected services (3-year term)",
            "a trade-in valuation and a new model",
        ],
    }
)

RECORD_COLUMNS = [
    "customer_id",
    "name",
    "mobile",
    "dealer",
    "model",
    "price",
    "purchase_date",
    "vin",
    "loan_end",
    "insurance_end",
    "warranty_end",
    "connected_end",
    "last_service_date",
    "complaints",
    "cars_owned",
]


def _example_records() -> pd.DataFrame:
    """The docstrings' example: two customers of dealer TJ01 (synthetic)."""
    day = pd.Timestamp
    return pd.DataFrame(
        {
            "customer_id": [1, 2],
            "name": ["王伟", "李娜"],
            "mobile": ["13900000001", "13900000002"],
            "dealer": ["TJ01", "TJ01"],
            "model": ["3 Series", "X1"],
            "price": [320_000, 280_000],
            "purchase_date": [day("2020-06-10"), day("2023-03-01")],
            "vin": ["LBVAA0000A0000001", "LBVAA0000A0000002"],
            "loan_end": [day("2025-06-20"), day("2026-03-01")],
            "insurance_end": [day("2025-06-15"), day("2026-03-01")],
            "warranty_end": [day("2023-06-10"), day("2026-03-01")],
            "connected_end": [day("2023-06-10"), day("2026-03-01")],
            "last_service_date": [day("2025-01-10"), day("2024-06-20")],
            "complaints": [0, 1],
            "cars_owned": [1, 1],
        }
    )


def select_dealer(records: pd.DataFrame, dealer: str, /) -> pd.DataFrame:
    """The records of one dealer, or a ValueError naming the dealers there are.

    Parameters
    ----------
    records : pandas.DataFrame
        Customer records with a ``dealer`` column.
    dealer : str
        The dealer code, e.g. ``"TJ01"``.

    Returns
    -------
    pandas.DataFrame
        That dealer's rows, renumbered from 0.

    Raises
    ------
    TypeError
        If *records* is not a DataFrame.
    ValueError
        If *records* is empty, has no ``dealer`` column or no rows of *dealer*.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the dealer's customer and vehicle records (see the
    README, "Sources").

    Examples
    --------
    >>> records = pd.DataFrame({"dealer": ["TJ01", "SH01", "TJ01"], "customer_id": [1, 2, 3]})
    >>> select_dealer(records, "TJ01")["customer_id"].tolist()
    [1, 3]
    >>> select_dealer(records, "BJ01")
    Traceback (most recent call last):
    ...
    ValueError: unknown dealer 'BJ01'; the records hold: SH01, TJ01
    """
    require_frame(records, "records")
    require_columns(records, ["dealer"], "records")
    known = sorted(records["dealer"].unique())
    if dealer not in known:
        raise ValueError(f"unknown dealer {dealer!r}; the records hold: {', '.join(known)}")
    return records[records["dealer"] == dealer].reset_index(drop=True)


#: A call list made more than this many days after every date in the records (the last
#: purchase, service, and the loan, insurance, warranty and connected-services end dates, which
#: lie ahead for current customers) is made on records that cannot describe that day.
_MAX_STALE_DAYS = 366


def _as_of(records: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.Timestamp:
    """The day the list is made, checked: a date, and not far beyond every date on file."""
    start = as_day(as_of, "as_of")
    latest = records[DEALER_DATES].max().max()
    if pd.notna(latest) and (start - latest).days > _MAX_STALE_DAYS:
        raise ValueError(
            f"as_of {start:%Y-%m-%d} is {(start - latest).days:,} days after the latest date in "
            f"the records ({latest:%Y-%m-%d}), so they cannot describe that day; load current "
            "records, or pick an as_of within a year of them"
        )
    return start


def _window(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    return dates.notna() & (dates >= start) & (dates <= end)


def lifecycle_leads(
    records: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp,
    horizon_days: int = 30,
    service_interval_days: int = 365,
    churn_days: int = 540,
    trade_in_years: int = 5,
) -> pd.DataFrame:
    """Every lifecycle lead the records trigger for the next ``horizon_days`` after ``as_of``.

    Rules (dates inclusive; "window" = as_of .. as_of + horizon):
    loan maturity – the loan ends in the window; insurance renewal – the policy ends in the
    window; extended warranty – the factory warranty ends in the window; service due – the last
    service + ``service_interval_days`` falls in the window; churn win-back – the customer
    reaches ``churn_days`` without a service in the window (after-sales churn); connected
    services expiry – the 3-year term ends in the window; trade-in – the car is at least
    ``trade_in_years`` old and its purchase anniversary (in 365-day years) falls in the window.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per customer with the columns of :data:`RECORD_COLUMNS` (dates as Timestamps).
    as_of : str or pandas.Timestamp
        The day the leads are made (within a year of the latest date in the records).
    horizon_days : int, default 30
        The length of the window in days (≥ 0).
    service_interval_days : int, default 365
        Days from one service to the next.
    churn_days : int, default 540
        Days without a service after which a customer counts as lost to after-sales (longer
        than the service interval).
    trade_in_years : int, default 5
        The age of a car at which the dealer offers a trade-in.

    Returns
    -------
    pandas.DataFrame
        One row per (customer, lead): ``customer_id``, ``lead_type`` (categorical in the order
        of :data:`LEAD_TYPES`), ``due_date`` and ``department``; sorted by customer and type.

    Raises
    ------
    TypeError
        If *records* is not a DataFrame.
    ValueError
        If a column or a customer id is missing, an option is not a whole number in range,
        ``churn_days`` is not longer than the service interval, *as_of* is not a date or lies
        more than a year after the records, or a car was bought after *as_of*.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the lifecycle lead types of the dealer's BDC (see the
    README, "Sources").

    Examples
    --------
    In the two-customer example, customer 1's loan and insurance end in June 2025 and the car
    bought on 10 June 2020 turns five (5 × 365 days) on 9 June; customer 2's yearly service
    falls due on 20 June.

    >>> leads = lifecycle_leads(_example_records(), as_of="2025-06-01")
    >>> leads[["customer_id", "lead_type"]].values.tolist()
    [[1, 'loan maturity'], [1, 'insurance renewal'], [1, 'trade-in'], [2, 'service due']]
    """
    require_frame(records, "records")
    require_columns(records, RECORD_COLUMNS, "records")
    require_no_missing(records, "customer_id", "records")
    whole_number(horizon_days, "horizon_days", minimum=0)
    for name, days in [
        ("service_interval_days", service_interval_days),
        ("churn_days", churn_days),
        ("trade_in_years", trade_in_years),
    ]:
        whole_number(days, name, minimum=1)
    start = _as_of(records, as_of)
    end = start + pd.Timedelta(days=horizon_days)
    if churn_days <= service_interval_days:
        raise ValueError("churn_days must be longer than service_interval_days")
    if (records["purchase_date"] > start).any():
        late = records.loc[records["purchase_date"] > start, "customer_id"].head(3).tolist()
        raise ValueError(f"purchase dates after as_of={start.date()} (customers {late})")
    churned_on = records["last_service_date"] + pd.Timedelta(days=churn_days)
    service_due = records["last_service_date"] + pd.Timedelta(days=service_interval_days)
    owned_days = (start - records["purchase_date"]).dt.days
    years_at_anniversary = -(-owned_days // 365)  # the next anniversary, today included
    anniversary = records["purchase_date"] + pd.to_timedelta(years_at_anniversary * 365, "D")
    candidates = {
        "loan maturity": (_window(records["loan_end"], start, end), records["loan_end"]),
        "insurance renewal": (
            _window(records["insurance_end"], start, end),
            records["insurance_end"],
        ),
        "extended warranty": (
            _window(records["warranty_end"], start, end),
            records["warranty_end"],
        ),
        "service due": (_window(service_due, start, end), service_due),
        "churn win-back": (_window(churned_on, start, end), churned_on),
        "connected services expiry": (
            _window(records["connected_end"], start, end),
            records["connected_end"],
        ),
        "trade-in": (
            (years_at_anniversary >= trade_in_years) & _window(anniversary, start, end),
            anniversary,
        ),
    }
    parts = [
        pd.DataFrame(
            {
                "customer_id": records.loc[mask, "customer_id"],
                "lead_type": kind,
                "due_date": due[mask],
            }
        )
        for kind, (mask, due) in candidates.items()
    ]
    leads = pd.concat(parts, ignore_index=True)
    leads = leads.merge(LEAD_TYPES[["lead_type", "department"]], on="lead_type")
    leads["lead_type"] = pd.Categorical(leads["lead_type"], categories=LEAD_TYPES["lead_type"])
    return leads.sort_values(["customer_id", "lead_type"], ignore_index=True)


def call_list(
    records: pd.DataFrame,
    leads: pd.DataFrame,
    /,
    *,
    as_of: str | pd.Timestamp,
    contact_days: int = 2,
    calls_per_day: int = 40,
) -> pd.DataFrame:
    """Merge each customer's leads into one call, order the calls and schedule them.

    One row per customer: the pre-call sheet (name, mobile, model, cars owned, complaints,
    purchase date, VIN, last service date) and every reason to call. Calls are ordered by
    urgency (days to the earliest due date, overdue first, in weekly bands), then by customer
    value (price of the car × cars owned), then by customer id. They are scheduled from the
    day after ``as_of`` at ``calls_per_day``; ``within_rule`` says whether the call happens
    within ``contact_days`` days, as the dealer's 2-day contact rule requires (source 004).

    Parameters
    ----------
    records : pandas.DataFrame
        The customer records the leads were made from (:data:`RECORD_COLUMNS`).
    leads : pandas.DataFrame
        From :func:`lifecycle_leads`.
    as_of : str or pandas.Timestamp
        The day the list is made; calls start the day after.
    contact_days : int, default 2
        The contact rule: days within which a triggered lead is called.
    calls_per_day : int, default 40
        Calls the centre makes a day.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` in call order: ``priority`` (1 = first), the pre-call
        sheet, ``reasons``, ``departments``, ``leads``, ``earliest_due``, ``value``,
        ``urgency_band`` (weeks to the earliest due date, rounded up), ``call_day`` and
        ``within_rule``.

    Raises
    ------
    TypeError
        If *records* or *leads* is not a DataFrame.
    ValueError
        If *records* is empty, a column is missing, a customer id is missing or a lead's
        customer is not in *records*, an option is not a positive whole number, or *as_of* is
        bad (as in :func:`lifecycle_leads`).

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the pre-call sheet and the 2-day contact rule (see the
    README, "Sources").

    Examples
    --------
    Customer 1's three leads become one call, made first (the earliest is due in 8 days:
    urgency band 2); customer 2's lead is due in 19 days (band 3). With one call a day, the
    second call falls on day 2, still within the 2-day rule.

    >>> records = _example_records()
    >>> leads = lifecycle_leads(records, as_of="2025-06-01")
    >>> calls = call_list(records, leads, as_of="2025-06-01", calls_per_day=1)
    >>> calls[["leads", "urgency_band", "within_rule"]].values.tolist()
    [[3, 2, True], [1, 3, True]]
    >>> calls.loc[1, "reasons"]
    'loan maturity, insurance renewal, trade-in'
    """
    require_frame(records, "records")
    require_columns(records, RECORD_COLUMNS, "records")
    require_no_missing(records, "customer_id", "records")
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["customer_id", "lead_type", "department", "due_date"], "leads")
    whole_number(calls_per_day, "calls_per_day", minimum=1)
    whole_number(contact_days, "contact_days", minimum=1)
    start = _as_of(records, as_of)
    strangers = leads.loc[~leads["customer_id"].isin(records["customer_id"]), "customer_id"]
    if not strangers.empty:
        raise ValueError(
            f"leads name customers the records lack ({name_rows(strangers, strangers.notna())}); "
            "make the leads from these records with lifecycle_leads"
        )
    grouped = leads.sort_values("lead_type").groupby("customer_id", observed=True)
    merged = pd.DataFrame(
        {
            "reasons": grouped["lead_type"].agg(lambda s: ", ".join(map(str, s))),
            "departments": grouped["department"].agg(lambda s: ", ".join(dict.fromkeys(s))),
            "leads": grouped.size(),
            "earliest_due": grouped["due_date"].min(),
        }
    )
    sheet = records.set_index("customer_id").loc[
        merged.index,
        [
            "name",
            "mobile",
            "dealer",
            "model",
            "cars_owned",
            "complaints",
            "purchase_date",
            "vin",
            "last_service_date",
            "price",
        ],
    ]
    calls = sheet.join(merged)
    calls["value"] = calls["price"] * calls["cars_owned"]
    days_left = (calls["earliest_due"] - start).dt.days
    calls["urgency_band"] = np.ceil(days_left.clip(lower=0) / 7).astype(int)
    calls = (
        calls.rename_axis("customer_id")
        .reset_index()
        .sort_values(["urgency_band", "value", "customer_id"], ascending=[True, False, True])
    )
    position = np.arange(len(calls))
    calls["call_day"] = start + pd.to_timedelta(1 + position // calls_per_day, unit="D")
    calls["within_rule"] = (calls["call_day"] - start).dt.days <= contact_days
    calls.insert(0, "priority", position + 1)
    return calls.set_index("customer_id")


def workload(leads: pd.DataFrame, calls: pd.DataFrame, /) -> pd.DataFrame:
    """Leads per type and department, and how many separate calls merging saved.

    Parameters
    ----------
    leads : pandas.DataFrame
        From :func:`lifecycle_leads`.
    calls : pandas.DataFrame
        From :func:`call_list` (one row per call).

    Returns
    -------
    pandas.DataFrame
        Indexed by lead type (display labels, :mod:`crmlib.i18n`): ``department`` and
        ``leads``, then the rows ``all leads`` and ``calls after merging``.

    Raises
    ------
    TypeError
        If *leads* or *calls* is not a DataFrame.
    ValueError
        If *leads* lacks ``lead_type`` or ``department``.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; one integrated contact instead of each department
    calling separately (see the README, "Sources").

    Examples
    --------
    Four leads of the two-customer example, two calls after merging:

    >>> records = _example_records()
    >>> leads = lifecycle_leads(records, as_of="2025-06-01")
    >>> table = workload(leads, call_list(records, leads, as_of="2025-06-01"))
    >>> table["leads"].tail(2).tolist()
    [4, 2]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(
        leads, ["lead_type", "department"], "leads", hint="make them with lifecycle_leads"
    )
    require_frame(calls, "calls", allow_empty=True)
    table = (
        leads.groupby(["lead_type", "department"], observed=True)
        .size()
        .rename("leads")
        .reset_index()
        .set_index("lead_type")
    )
    table.index = localize(table.index.astype(str))
    table["department"] = localize(table["department"].astype(str))
    totals = pd.DataFrame(
        {"department": "", "leads": [len(leads), len(calls)]},
        index=pd.Index(
            [pick("all leads", "全部线索"), pick("calls after merging", "合并后的电话")],
            name=table.index.name,
        ),
    )
    return pd.concat([table, totals])
