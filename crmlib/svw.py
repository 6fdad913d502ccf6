"""The Shanghai Volkswagen (上海大众) lead-management case: touchpoint data and lead logic.

SVW's CRM (planned 2001, launched early 2002) collects prospects from web campaigns (an "I want
to buy a car" form), the free 800 hotline of its customer development centre (CAC), dealer
showroom visits and events, and, from 2004, from owners who refer friends (the reverse path
owner → prospect → dealer → SVW). Hot leads – verified contact, local, intending to buy within
3 months – are sent daily to dealers; the dealer management system (DMS) records every sale.

This module simulates those sources (seeded) and implements the case's rules: hot-lead
qualification, routing to dealers, the attribution of each sale to one campaign (first touch,
:func:`attribute_sales`), campaign measurement and cost per sale, follow-up times, the two
referral paths and the nested lead funnel. The single customer view behind them is built in
:mod:`crmlib.crmdb`.

The 48-hour follow-up limit is not SVW's: the SVW sources set no deadline. The course borrows it
from the BMW dealer material (source 004: a new-car lead with purchase intent within 3 months is
followed up by a sales consultant within 48 hours).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

import numpy as np
import pandas as pd

from crmlib._validation import (
    numeric_column,
    require_columns,
    require_frame,
    require_no_missing,
)
from crmlib.datasets import SVW_DEALERS

__all__ = [
    "ATTRIBUTION_RULES",
    "FOLLOW_UP_HOURS",
    "NO_TOUCH",
    "allocate_costs",
    "attribute_sales",
    "campaign_performance",
    "cost_per_sale",
    "credited_sales",
    "demand_signal",
    "follow_up_times",
    "hot_lead_reasons",
    "lead_funnel",
    "lead_stages",
    "nested_funnel",
    "qualify_hot_leads",
    "referral_paths",
    "route_leads",
    "sales_by_campaign",
    "select_leads",
]

#: The follow-up limit in hours, borrowed from the BMW dealer rule (source 004), not from SVW.
FOLLOW_UP_HOURS: float = 48.0

#: The label of sales whose buyer has no touchpoint on record before the sale.
NO_TOUCH = "no touch before the sale"

#: The attribution rules :func:`attribute_sales` knows; the course uses "first".
ATTRIBUTION_RULES: tuple[str, ...] = ("first", "last")

# ---------------------------------------------------------------------------- lead rules ---


def hot_lead_reasons(
    leads: pd.DataFrame, /, *, local_cities: Iterable[str] | None = None
) -> pd.DataFrame:
    """The three hot-lead conditions for each lead, as booleans: verified, local, buys soon.

    verified – the CAC confirmed the contact details; local – the prospect's city has an SVW
    dealer; soon – intends to buy within 3 months. A lead is hot only when all three hold
    (source 002).

    Parameters
    ----------
    leads : pandas.DataFrame
        Columns ``verified``, ``city`` and ``purchase_horizon_months``.
    local_cities : iterable of str, optional
        The cities with a dealer; those of :data:`~crmlib.datasets.SVW_DEALERS` if omitted.

    Returns
    -------
    pandas.DataFrame
        On the index of *leads*: boolean columns ``verified``, ``local`` and
        ``buys_within_3_months``.

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If it is empty or a column is missing.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads (see the README,
    "Sources").

    Examples
    --------
    >>> leads = pd.DataFrame({"verified": [True, True], "city": ["Tianjin", "Wuxi"],
    ...                       "purchase_horizon_months": [2, 1]})
    >>> hot_lead_reasons(leads).values.tolist()
    [[True, True, True], [True, False, True]]
    """
    require_frame(leads, "leads")
    require_columns(leads, ["verified", "city", "purchase_horizon_months"], "leads")
    cities = set(SVW_DEALERS["city"] if local_cities is None else local_cities)
    return pd.DataFrame(
        {
            "verified": leads["verified"].astype(bool),
            "local": leads["city"].isin(cities),
            "buys_within_3_months": leads["purchase_horizon_months"] <= 3,
        },
        index=leads.index,
    )


def qualify_hot_leads(
    leads: pd.DataFrame, /, *, local_cities: Iterable[str] | None = None
) -> pd.Series:
    """True where a lead is hot: verified contact AND local AND buying within 3 months.

    Parameters
    ----------
    leads : pandas.DataFrame
        Columns ``verified``, ``city`` and ``purchase_horizon_months``.
    local_cities : iterable of str, optional
        The cities with a dealer; those of :data:`~crmlib.datasets.SVW_DEALERS` if omitted.

    Returns
    -------
    pandas.Series
        Boolean ``hot`` on the index of *leads*.

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If it is empty or a column is missing.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads (see the README,
    "Sources").

    Examples
    --------
    The second lead is verified and local but will buy only in six months:

    >>> leads = pd.DataFrame({"verified": [True, True], "city": ["Tianjin", "Tianjin"],
    ...                       "purchase_horizon_months": [3, 6]})
    >>> qualify_hot_leads(leads).tolist()
    [True, False]
    """
    return hot_lead_reasons(leads, local_cities=local_cities).all(axis=1).rename("hot")


def route_leads(leads: pd.DataFrame, dealers: pd.DataFrame, /) -> pd.Series:
    """The dealer each lead goes to: the first dealer of the prospect's city (NaN if none).

    Parameters
    ----------
    leads : pandas.DataFrame
        Column ``city``.
    dealers : pandas.DataFrame
        Columns ``dealer_id`` and ``city``, in order of preference
        (:data:`~crmlib.datasets.SVW_DEALERS`).

    Returns
    -------
    pandas.Series
        ``dealer_id`` on the index of *leads*, missing for a city without a dealer.

    Raises
    ------
    TypeError
        If *leads* or *dealers* is not a DataFrame.
    ValueError
        If *dealers* is empty, a column is missing, or a dealer has no ``dealer_id``.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads sent daily to the
    dealers (see the README, "Sources").

    Examples
    --------
    Shanghai has two dealers; its leads go to the first, SH01. Wuxi has none.

    >>> route_leads(pd.DataFrame({"city": ["Shanghai", "Wuxi"]}), SVW_DEALERS).tolist()
    ['SH01', nan]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["city"], "leads")
    require_frame(dealers, "dealers")
    require_columns(dealers, ["dealer_id", "city"], "dealers")
    require_no_missing(dealers, "dealer_id", "dealers")
    first = dealers.drop_duplicates("city").set_index("city")["dealer_id"]
    return leads["city"].map(first).rename("dealer_id")


def attribute_sales(
    touchpoints: pd.DataFrame, sales: pd.DataFrame, /, *, rule: str = "first"
) -> pd.DataFrame:
    """Credit each sale to exactly one touchpoint of its buyer: the first (or last) before it.

    The course's rule is **first touch**: a sale belongs to the touchpoint that first brought
    the buyer into the database, among the buyer's touchpoints on or before the sale date. SVW
    judged each campaign by the prospects it collected and the share of them that bought
    (source 002), and first touch credits exactly that: the campaign that found the buyer.
    ``rule="last"`` credits the last touchpoint before the sale instead (for comparison). Ties
    on the same date go to the lower ``touchpoint_id``. Because every sale is credited once,
    the campaigns' sales add up to the number of sales (a sale whose buyer has no touchpoint
    before it is credited to no campaign and shows ``campaign_id`` None).

    Parameters
    ----------
    touchpoints : DataFrame
        Columns ``touchpoint_id``, ``customer_id``, ``campaign_id``, ``occurred_at``.
    sales : DataFrame
        Columns ``sale_id``, ``customer_id``, ``sold_at``.
    rule : {"first", "last"}
        Which of the buyer's earlier touchpoints gets the sale.

    Returns
    -------
    DataFrame
        Indexed by ``sale_id`` in the order of *sales*, columns ``touchpoint_id`` (nullable
        Int64) and ``campaign_id``.

    Raises
    ------
    TypeError
        If *touchpoints* or *sales* is not a DataFrame.
    ValueError
        If one is empty or misses a column, a ``touchpoint_id`` or ``sale_id`` is missing,
        *rule* is unknown, or a ``sale_id`` repeats.

    References
    ----------
    Source 002 (SVW: campaigns judged by leads collected and the share that converts).

    Examples
    --------
    Customer 1 met W01, then H00, then bought; customer 2 bought before touching E01:

    >>> tp = pd.DataFrame({"touchpoint_id": [1, 2, 3], "customer_id": [1, 1, 2],
    ...                    "campaign_id": ["W01", "H00", "E01"],
    ...                    "occurred_at": ["2004-01-05", "2004-02-01", "2004-06-01"]})
    >>> sales = pd.DataFrame({"sale_id": [10, 11], "customer_id": [1, 2],
    ...                       "sold_at": ["2004-03-01", "2004-05-01"]})
    >>> attribute_sales(tp, sales)["campaign_id"].tolist()
    ['W01', None]
    >>> attribute_sales(tp, sales, rule="last")["campaign_id"].tolist()
    ['H00', None]
    """
    require_frame(touchpoints, "touchpoints")
    require_frame(sales, "sales")
    require_columns(
        touchpoints, ["touchpoint_id", "customer_id", "campaign_id", "occurred_at"], "touchpoints"
    )
    require_columns(sales, ["sale_id", "customer_id", "sold_at"], "sales")
    require_no_missing(touchpoints, "touchpoint_id", "touchpoints")
    require_no_missing(sales, "sale_id", "sales")
    if rule not in ATTRIBUTION_RULES:
        raise ValueError(f"rule must be one of {ATTRIBUTION_RULES}, got {rule!r}")
    if sales["sale_id"].duplicated().any():
        raise ValueError("sales has a sale_id more than once; each sale is credited once")
    tp = touchpoints[["touchpoint_id", "customer_id", "campaign_id", "occurred_at"]].assign(
        occurred_at=lambda t: pd.to_datetime(t["occurred_at"])
    )
    pairs = (
        sales[["sale_id", "customer_id", "sold_at"]]
        .assign(sold_at=lambda s: pd.to_datetime(s["sold_at"]))
        .merge(tp, on="customer_id")
        .query("occurred_at <= sold_at")  # only touches on or before the sale can earn it
        .sort_values(["sale_id", "occurred_at", "touchpoint_id"])
    )
    picked = (
        pairs.groupby("sale_id").head(1) if rule == "first" else pairs.groupby("sale_id").tail(1)
    )
    out = picked.set_index("sale_id")[["touchpoint_id", "campaign_id"]].reindex(sales["sale_id"])
    out["touchpoint_id"] = out["touchpoint_id"].astype("Int64")
    out["campaign_id"] = out["campaign_id"].astype(object).where(out["campaign_id"].notna(), None)
    return out


def sales_by_campaign(attribution: pd.DataFrame, /) -> pd.Series:
    """Sales per campaign from :func:`attribute_sales`, with the uncredited ones as their own row.

    The counts add up to the number of sales: a sale whose buyer has no touchpoint on record
    before it (a buyer the database never met, or met only afterwards) is counted under
    :data:`NO_TOUCH` instead of being dropped.

    Parameters
    ----------
    attribution : pandas.DataFrame
        From :func:`attribute_sales` (column ``campaign_id``).

    Returns
    -------
    pandas.Series
        ``sales`` per ``campaign_id``, most sales first.

    Raises
    ------
    TypeError
        If *attribution* is not a DataFrame.
    ValueError
        If the ``campaign_id`` column is missing.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; each campaign judged by its leads
    and the share that converts (see the README, "Sources").

    Examples
    --------
    >>> att = pd.DataFrame({"campaign_id": ["W01", None, "W01"]}, index=[1, 2, 3])
    >>> sales_by_campaign(att).to_dict()
    {'W01': 2, 'no touch before the sale': 1}
    """
    require_frame(attribution, "attribution", allow_empty=True)
    require_columns(attribution, ["campaign_id"], "attribution")
    campaign = attribution["campaign_id"].astype(object).where(attribution["campaign_id"].notna())
    return campaign.fillna(NO_TOUCH).value_counts().rename("sales").rename_axis("campaign_id")


def credited_sales(
    touchpoints: pd.DataFrame, sales: pd.DataFrame, /, *, rule: str = "first"
) -> pd.Series:
    """The number of sales each touchpoint is credited with under *rule* (0 for most).

    The sum over all touchpoints is the number of sales that have a touchpoint before them.

    Parameters
    ----------
    touchpoints, sales : pandas.DataFrame
        As for :func:`attribute_sales`.
    rule : {"first", "last"}, default "first"
        The attribution rule.

    Returns
    -------
    pandas.Series
        Integer ``credited_sales`` on the index of *touchpoints*.

    Raises
    ------
    TypeError, ValueError
        As :func:`attribute_sales`.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; each campaign judged by its leads
    and the share that converts (see the README, "Sources").

    Examples
    --------
    First touch credits the one sale to the first of the buyer's two touchpoints:

    >>> tp = pd.DataFrame({"touchpoint_id": [1, 2], "customer_id": [1, 1],
    ...                    "campaign_id": ["W01", "H00"],
    ...                    "occurred_at": ["2004-01-05", "2004-02-01"]})
    >>> sales = pd.DataFrame({"sale_id": [10], "customer_id": [1], "sold_at": ["2004-03-01"]})
    >>> credited_sales(tp, sales).tolist()
    [1, 0]
    """
    credit = attribute_sales(touchpoints, sales, rule=rule)["touchpoint_id"].dropna()
    counts = credit.value_counts()
    return touchpoints["touchpoint_id"].map(counts).fillna(0).astype(int).rename("credited_sales")


def cost_per_sale(cost: pd.Series, sales: pd.Series) -> pd.Series:
    """Cost per sale in yuan, to the cent: cost / sales, missing (NaN) where there is no sale.

    The one definition the course uses, in chapter 5 and in the SVW case: *sales* are the sales
    credited to the campaign by one attribution rule (:func:`attribute_sales`), so each sale is
    paid for once.

    Parameters
    ----------
    cost : pandas.Series
        Cost of each campaign in yuan.
    sales : pandas.Series
        Credited sales of each campaign, aligned with *cost*.

    Returns
    -------
    pandas.Series
        ``cost_per_sale``, rounded to 0.01 yuan.

    Raises
    ------
    TypeError
        *cost* or *sales* is not a Series.
    ValueError
        A value is missing, not a number or infinite, or the two are indexed differently.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; each campaign judged by its leads
    and the share that converts (see the README, "Sources").

    Examples
    --------
    400,000 / 117 = 3,418.80; a free campaign costs 0 per sale; no sale, no ratio:

    >>> cost_per_sale(pd.Series([400_000, 0, 9]), pd.Series([117, 95, 0])).tolist()
    [3418.8, 0.0, nan]
    """
    cost = numeric_column(cost, what="cost")
    sales = numeric_column(sales, what="sales")
    if not cost.index.equals(sales.index):
        raise ValueError("cost and sales must describe the same campaigns (the same index)")
    return (cost / sales.where(sales > 0)).round(2).rename("cost_per_sale")


def allocate_costs(
    campaigns: pd.DataFrame, leads: pd.DataFrame, all_leads: pd.DataFrame, /
) -> pd.DataFrame:
    """Campaigns with each cost shared out to a selection of leads, in proportion to its leads.

    A campaign's cost covers the whole data period and every region. For a selection (a
    period, a region) the campaign carries cost × (its leads in *leads* / its leads in
    *all_leads*), in yuan to the cent – the assumption that each of a campaign's leads cost the
    same. With the full data the costs are unchanged.

    Parameters
    ----------
    campaigns : pandas.DataFrame
        Columns ``campaign_id`` and ``cost``.
    leads : pandas.DataFrame
        The selected leads (column ``campaign_id``).
    all_leads : pandas.DataFrame
        Every lead of the data period (column ``campaign_id``).

    Returns
    -------
    pandas.DataFrame
        A copy of *campaigns* with ``cost`` replaced by the share carried.

    Raises
    ------
    TypeError
        If *campaigns*, *leads* or *all_leads* is not a DataFrame.
    ValueError
        If a column is missing, a cost is missing or not a number, or *leads* holds more
        leads of a campaign than *all_leads*.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; each campaign judged by its leads
    and the share that converts (see the README, "Sources").

    Examples
    --------
    W01 brought 4 leads in all and 1 in the selection: it carries 1000 × 1/4.

    >>> campaigns = pd.DataFrame({"campaign_id": ["W01", "H00"], "cost": [1000.0, 500.0]})
    >>> all_leads = pd.DataFrame({"campaign_id": ["W01"] * 4 + ["H00"]})
    >>> allocate_costs(campaigns, all_leads.iloc[:1], all_leads)["cost"].tolist()
    [250.0, 0.0]
    """
    require_frame(campaigns, "campaigns", allow_empty=True)
    require_columns(campaigns, ["campaign_id", "cost"], "campaigns")
    numeric_column(campaigns, "cost", "campaigns")
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["campaign_id"], "leads")
    require_frame(all_leads, "all_leads", allow_empty=True)
    require_columns(all_leads, ["campaign_id"], "all_leads")
    ids = campaigns["campaign_id"]
    selected = leads["campaign_id"].value_counts().reindex(ids).fillna(0).to_numpy()
    total = all_leads["campaign_id"].value_counts().reindex(ids).fillna(0).to_numpy()
    if (selected > total).any():
        raise ValueError("leads must be a selection of all_leads (a campaign has more leads)")
    share = np.divide(selected, total, out=np.zeros(len(ids)), where=total > 0)
    return campaigns.assign(cost=(campaigns["cost"] * share).round(2))


def campaign_performance(leads: pd.DataFrame, campaigns: pd.DataFrame, /) -> pd.DataFrame:
    """Leads, hot leads, credited sales, conversion, cost per lead and per sale by campaign.

    *leads* holds one row per touchpoint with ``campaign_id``, ``hot`` and ``credited_sales``
    (from :func:`credited_sales`, first touch in the course): each sale counts for one campaign
    only, so the ``sales`` column adds up to the sales credited to the leads given. The
    conversion rate is credited sales over leads; cost per lead and per sale are in yuan to the
    cent (:func:`cost_per_sale`); both are missing where they would divide by zero.

    Parameters
    ----------
    leads : pandas.DataFrame
        Columns ``campaign_id``, ``hot`` and ``credited_sales``.
    campaigns : pandas.DataFrame
        Columns ``campaign_id``, ``name`` and ``cost``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``campaign_id`` (every campaign, in the order of *campaigns*): ``name``,
        ``cost``, ``leads``, ``hot_leads``, ``sales``, ``conversion_rate``,
        ``cost_per_lead`` and ``cost_per_sale``.

    Raises
    ------
    TypeError
        If *leads* or *campaigns* is not a DataFrame.
    ValueError
        If a column is missing, or a cost or a lead's credited sales are missing or not
        numbers.

    References
    ----------
    Source 002 (SVW: campaigns judged by leads collected and the share that converts).

    Examples
    --------
    W01 cost 1,000 for 2 leads and 1 sale; H00's one lead did not buy:

    >>> leads = pd.DataFrame({"campaign_id": ["W01", "W01", "H00"], "hot": [True, False, True],
    ...                       "credited_sales": [1, 0, 0]})
    >>> campaigns = pd.DataFrame({"campaign_id": ["W01", "H00"], "name": ["web", "hotline"],
    ...                           "cost": [1000, 500]})
    >>> campaign_performance(leads, campaigns)[["leads", "sales", "cost_per_sale"]].values.tolist()
    [[2.0, 1.0, 1000.0], [1.0, 0.0, nan]]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["campaign_id", "hot", "credited_sales"], "leads")
    require_frame(campaigns, "campaigns", allow_empty=True)
    require_columns(campaigns, ["campaign_id", "name", "cost"], "campaigns")
    numeric_column(campaigns, "cost", "campaigns")
    numeric_column(leads, "credited_sales", "leads")
    table = leads.groupby("campaign_id").agg(
        leads=("hot", "size"), hot_leads=("hot", "sum"), sales=("credited_sales", "sum")
    )
    out = (
        campaigns.set_index("campaign_id")[["name", "cost"]]
        .join(table, how="left")
        .fillna({"leads": 0, "hot_leads": 0, "sales": 0})
        .astype({"leads": int, "hot_leads": int, "sales": int})
    )
    out["conversion_rate"] = out["sales"] / out["leads"].where(out["leads"] > 0)
    out["cost_per_lead"] = (out["cost"] / out["leads"].where(out["leads"] > 0)).round(2)
    out["cost_per_sale"] = cost_per_sale(out["cost"], out["sales"])
    return out


def follow_up_times(
    leads: pd.DataFrame, /, *, limit_hours: float = FOLLOW_UP_HOURS
) -> pd.DataFrame:
    """Per dealer: routed hot leads, median hours to first contact, share within the limit.

    The default limit, 48 hours, is the BMW dealer rule (source 004) that the course borrows;
    the SVW sources give no deadline.

    Parameters
    ----------
    leads : pandas.DataFrame
        Routed hot leads: columns ``dealer_id`` (missing: not routed, left out) and
        ``first_contact_hours``.
    limit_hours : float, default 48
        The follow-up limit.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``dealer_id``: ``leads``, ``median_hours`` and ``within_limit`` (share).

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If a column is missing.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; a lead followed up by a sales consultant within 48
    hours (see the README, "Sources").
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads sent daily to the
    dealers (see the README, "Sources").

    Examples
    --------
    >>> leads = pd.DataFrame({"dealer_id": ["SH01", "SH01", "TJ01"],
    ...                       "first_contact_hours": [10.0, 60.0, 30.0]})
    >>> follow_up_times(leads).values.tolist()
    [[2.0, 35.0, 0.5], [1.0, 30.0, 1.0]]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["dealer_id", "first_contact_hours"], "leads")
    grouped = leads.dropna(subset=["dealer_id"]).groupby("dealer_id")["first_contact_hours"]
    return pd.DataFrame(
        {
            "leads": grouped.size(),
            "median_hours": grouped.median(),
            "within_limit": grouped.apply(lambda h: float((h <= limit_hours).mean())),
        }
    )


def demand_signal(
    leads: pd.DataFrame,
    /,
    *,
    rate: float,
    by: str | list[str] = "model_interest",
) -> pd.DataFrame:
    """CRM's demand signal for the value chain: hot leads and the sales they should bring.

    Each hot lead is a prospect who said they will buy within 3 months; *rate* is the share of
    hot leads that ended in a sale in the past. Expected sales = hot leads × rate, in whole cars
    (rounded), per group of *by* (a model, a dealer, or both) – the input a demand, production
    and distribution plan needs (source 000, value-chain integration).

    Parameters
    ----------
    leads : pandas.DataFrame
        Column ``hot`` and the column(s) of *by*.
    rate : float
        The past share of hot leads that bought, in [0, 1].
    by : str or list of str, default "model_interest"
        What to group by.

    Returns
    -------
    pandas.DataFrame
        Indexed by *by*: ``hot_leads`` and ``expected_sales`` (whole cars).

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If a column is missing or *rate* is outside [0, 1].

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; CRM's integration with the value chain (see the README, "Sources").
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads intending to buy within
    3 months (see the README, "Sources").

    Examples
    --------
    Passat: 1 hot lead × 0.4 = 0.4, rounds to 0 cars; Polo: 2 × 0.4 = 0.8, rounds to 1.

    >>> leads = pd.DataFrame({"model_interest": ["Polo", "Polo", "Passat", "Polo"],
    ...                       "hot": [True, True, True, False]})
    >>> demand_signal(leads, rate=0.4)["expected_sales"].tolist()
    [0, 1]
    """
    columns = [by] if isinstance(by, str) else list(by)
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["hot", *columns], "leads")
    if not 0 <= rate <= 1:
        raise ValueError(f"rate is a share of hot leads that buy, between 0 and 1; got {rate}")
    out = leads.groupby(columns)["hot"].sum().astype(int).rename("hot_leads").to_frame()
    out["expected_sales"] = (out["hot_leads"] * rate).round().astype(int)
    return out


FORWARD = "forward: SVW → dealer → prospect → owner"
REVERSE = "reverse: owner → prospect → dealer → SVW"


def referral_paths(leads: pd.DataFrame, campaigns: pd.DataFrame, /) -> pd.DataFrame:
    """Forward (SVW → dealer → prospect → owner) vs reverse (owner → prospect → dealer → SVW).

    Forward leads come from SVW's own campaigns (web, events, hotline, showroom); reverse
    leads from owners' referrals. Compares leads, credited sales (``credited_sales`` of
    *leads*, one campaign per sale), conversion and cost per sale (:func:`cost_per_sale`).

    Parameters
    ----------
    leads : pandas.DataFrame
        Columns ``campaign_id`` and ``credited_sales``.
    campaigns : pandas.DataFrame
        Columns ``campaign_id``, ``channel`` and ``cost``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``path`` (the paths with leads): ``leads``, ``sales``,
        ``conversion_rate``, ``cost`` and ``cost_per_sale``.

    Raises
    ------
    TypeError
        If *leads* or *campaigns* is not a DataFrame.
    ValueError
        If *campaigns* is empty, a column is missing, or a cost or a lead's credited sales
        are missing or not numbers.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; the reverse marketing model from
    2004 (see the README, "Sources").

    Examples
    --------
    Three web leads and one sale against one referral lead that bought:

    >>> campaigns = pd.DataFrame({"campaign_id": ["W01", "R00"], "channel": ["web", "referral"],
    ...                           "cost": [900.0, 100.0]})
    >>> leads = pd.DataFrame({"campaign_id": ["W01", "W01", "W01", "R00"],
    ...                       "credited_sales": [1, 0, 0, 1]})
    >>> referral_paths(leads, campaigns)[["leads", "sales", "cost_per_sale"]].values.tolist()
    [[3.0, 1.0, 900.0], [1.0, 1.0, 100.0]]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["campaign_id", "credited_sales"], "leads")
    require_frame(campaigns, "campaigns")
    require_columns(campaigns, ["campaign_id", "channel", "cost"], "campaigns")
    numeric_column(campaigns, "cost", "campaigns")
    numeric_column(leads, "credited_sales", "leads")
    is_referral = campaigns.set_index("campaign_id")["channel"] == "referral"
    path = np.where(leads["campaign_id"].map(is_referral).fillna(False), REVERSE, FORWARD)
    cost = campaigns.groupby(np.where(campaigns["channel"] == "referral", REVERSE, FORWARD))[
        "cost"
    ].sum()
    table = (
        pd.DataFrame({"path": path, "sale": leads["credited_sales"].to_numpy()})
        .groupby("path")
        .agg(leads=("sale", "size"), sales=("sale", "sum"))
    )
    table["conversion_rate"] = table["sales"] / table["leads"]
    table["cost"] = cost.reindex(table.index).fillna(0)
    table["cost_per_sale"] = cost_per_sale(table["cost"], table["sales"])
    return table


def select_leads(
    leads: pd.DataFrame,
    dealers: pd.DataFrame,
    campaigns: pd.DataFrame,
    /,
    *,
    period: str = "all",
    region: str = "all",
    campaign_ids: str = "all",
) -> pd.DataFrame:
    """The leads of one period, one region and some campaigns.

    Unknown values are errors that list the valid ones.

    Parameters
    ----------
    leads : pandas.DataFrame
        Columns ``occurred_at``, ``city`` and ``campaign_id``.
    dealers : pandas.DataFrame
        Columns ``city`` and ``region`` (:data:`~crmlib.datasets.SVW_DEALERS`).
    campaigns : pandas.DataFrame
        Column ``campaign_id``.
    period : str, default "all"
        A year, quarter or month (``"2004"``, ``"2005Q2"``, ``"2004-07"``) or ``"all"``.
    region : str, default "all"
        A region of the dealer network or ``"all"``; a lead from a city without a dealer
        belongs to no region.
    campaign_ids : str, default "all"
        A comma-separated list of campaign ids or ``"all"``.

    Returns
    -------
    pandas.DataFrame
        The selected rows of *leads*.

    Raises
    ------
    TypeError
        If *leads*, *dealers* or *campaigns* is not a DataFrame.
    ValueError
        If *dealers* or *campaigns* is empty, a column is missing, a value is unknown, or
        nothing is selected.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; the lead sources, campaigns and
    dealers (see the README, "Sources").

    Examples
    --------
    >>> leads = pd.DataFrame({"occurred_at": ["2004-02-01", "2004-08-01", "2004-09-01"],
    ...                       "city": ["Beijing", "Beijing", "Shanghai"],
    ...                       "campaign_id": ["W01", "W01", "E01"]})
    >>> campaigns = pd.DataFrame({"campaign_id": ["W01", "E01"]})
    >>> len(select_leads(leads, SVW_DEALERS, campaigns, period="2004Q3", region="North"))
    1
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["occurred_at", "city", "campaign_id"], "leads")
    require_frame(dealers, "dealers")
    require_columns(dealers, ["city", "region"], "dealers")
    require_frame(campaigns, "campaigns")
    require_columns(campaigns, ["campaign_id"], "campaigns")
    out = leads
    if period != "all":
        try:
            span = pd.Period(period)
        except ValueError:
            raise ValueError(
                f"period {period!r} is not a year, quarter or month (e.g. 2004, 2004Q3, 2004-07)"
            ) from None
        when = pd.to_datetime(out["occurred_at"])
        out = out[(when >= span.start_time) & (when <= span.end_time)]
    if region != "all":
        known = sorted(dealers["region"].unique())
        if region not in known:
            raise ValueError(f"unknown region {region!r}; the regions are: {', '.join(known)}")
        city_region = dealers.drop_duplicates("city").set_index("city")["region"]
        out = out[out["city"].map(city_region) == region]
    if campaign_ids != "all":
        wanted = [c.strip() for c in campaign_ids.split(",") if c.strip()]
        unknown = sorted(set(wanted) - set(campaigns["campaign_id"]))
        if unknown or not wanted:
            raise ValueError(
                f"unknown campaign(s) {unknown}; the campaigns are: "
                f"{', '.join(campaigns['campaign_id'])}"
            )
        out = out[out["campaign_id"].isin(wanted)]
    if out.empty:
        raise ValueError("no leads match this period, region and campaign selection")
    return out


def lead_funnel(stages: Mapping[str, int]) -> pd.DataFrame:
    """A funnel table: count at each stage and the share kept from the previous stage.

    The counts must come from nested stages (each a subset of the one before, see
    :func:`nested_funnel`); a count that grows is refused.

    Parameters
    ----------
    stages : mapping of str to int
        The count at each stage, in funnel order.

    Returns
    -------
    pandas.DataFrame
        Indexed by stage: ``count``, ``share_of_previous`` (NaN for the first) and
        ``share_of_first``.

    Raises
    ------
    ValueError
        If a count is larger than the one before it.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; leads, hot leads and the share
    that converts to sales (see the README, "Sources").

    Examples
    --------
    >>> lead_funnel({"people": 10, "hot": 4, "bought": 1})["share_of_previous"].tolist()
    [nan, 0.4, 0.25]
    """
    counts = pd.Series(stages, name="count")
    if (counts.diff().dropna() > 0).any():
        raise ValueError("a funnel cannot grow from one stage to the next")
    out = counts.to_frame()
    out["share_of_previous"] = counts / counts.shift(1)
    out["share_of_first"] = counts / counts.iloc[0]
    return out


def nested_funnel(flags: pd.DataFrame, /) -> pd.DataFrame:
    """A funnel whose stages are nested by construction.

    *flags* has one row per unit (a person) and one boolean column per stage, in funnel order.
    A unit counts at a stage only if it meets that stage's condition **and every earlier one**
    (a running AND along the row), so each stage is a subset of the one before.

    Parameters
    ----------
    flags : pandas.DataFrame
        Boolean columns, one per stage, in funnel order.

    Returns
    -------
    pandas.DataFrame
        As :func:`lead_funnel`.

    Raises
    ------
    TypeError
        If *flags* is not a DataFrame.
    ValueError
        If it is empty or a column is not boolean.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; leads, hot leads and the share
    that converts to sales (see the README, "Sources").

    Examples
    --------
    The third person was called without being hot, so they count at no stage; the second was
    hot and bought but was never called, so they stop at "hot":

    >>> flags = pd.DataFrame({"hot": [True, True, False], "called": [True, False, True],
    ...                       "bought": [True, True, False]})
    >>> nested_funnel(flags)["count"].tolist()
    [2, 1, 1]
    """
    require_frame(flags, "flags")
    if not all(pd.api.types.is_bool_dtype(t) for t in flags.dtypes):
        raise ValueError("every stage column of flags must be boolean (True = at that stage)")
    kept = flags.cummin(axis=1)  # True only while every stage so far is True
    return lead_funnel(cast(dict[str, int], kept.sum().astype(int).to_dict()))


def lead_stages(leads: pd.DataFrame, /, *, limit_hours: float = FOLLOW_UP_HOURS) -> pd.DataFrame:
    """Per customer, the stages of the SVW lead funnel as nested booleans.

    ``hot lead``: one of the customer's touchpoints qualified as hot; ``called within {limit}
    h``: a hot touchpoint was followed up within *limit_hours*; ``bought after a timely call``:
    the customer bought on or after such a touchpoint. Each stage is defined on the touchpoints
    of the stage before, so the stages are nested (a buyer whose hot lead was called late is not
    counted).

    Parameters
    ----------
    leads : pandas.DataFrame
        One row per touchpoint: ``customer_id``, ``hot``, ``first_contact_hours`` and
        ``converted`` (:func:`crmlib.crmdb.touchpoint_outcomes`).
    limit_hours : float, default 48
        The follow-up limit.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: boolean columns ``people``, ``hot lead``, ``called within
        {limit} h`` and ``bought after a timely call`` (ready for :func:`nested_funnel`).

    Raises
    ------
    TypeError
        If *leads* is not a DataFrame.
    ValueError
        If a column is missing.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; hot leads and the share that
    converts to sales (see the README, "Sources").
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; a lead followed up by a sales consultant within 48
    hours (see the README, "Sources").

    Examples
    --------
    Customer 1's hot touchpoint was called in 30 h and they bought; customer 2's hot lead
    waited 90 h; customer 3 was never hot:

    >>> leads = pd.DataFrame({"customer_id": [1, 1, 2, 3], "hot": [False, True, True, False],
    ...                       "first_contact_hours": [5.0, 30.0, 90.0, 2.0],
    ...                       "converted": [True, True, True, True]})
    >>> lead_stages(leads).sum().tolist()
    [3, 2, 1, 1]
    """
    require_frame(leads, "leads", allow_empty=True)
    require_columns(leads, ["customer_id", "hot", "first_contact_hours", "converted"], "leads")
    hot = leads["hot"].astype(bool)
    timely = hot & (leads["first_contact_hours"] <= limit_hours)
    bought = timely & leads["converted"].astype(bool)
    called = f"called within {limit_hours:g} h"
    return (
        pd.DataFrame(
            {
                "customer_id": leads["customer_id"],
                "people": True,
                "hot lead": hot,
                called: timely,
                "bought after a timely call": bought,
            }
        )
        .groupby("customer_id")
        .any()
    )
