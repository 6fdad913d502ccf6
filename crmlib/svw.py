"""The Shanghai Volkswagen (上海大众) lead-management case: touchpoint data and lead logic.

SVW's CRM (planned 2001, launched early 2002) collects prospects from web campaigns (an "I want
to buy a car" form), the free 800 hotline of its customer development centre (CAC), dealer
showroom visits and events, and, from 2004, from owners who refer friends (the reverse path
owner → prospect → dealer → SVW). Hot leads – verified contact, local, intending to buy within
3 months – are sent daily to dealers; the dealer management system (DMS) records every sale.

This module simulates those sources (seeded) and implements the case's rules: hot-lead
qualification, routing to dealers, campaign measurement, follow-up times, the two referral
paths and the funnel. The single customer view behind them is built in :mod:`crmlib.crmdb`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib._validation import require_columns, require_frame

__all__ = [
    "DEALERS",
    "campaign_performance",
    "follow_up_times",
    "generate_svw_data",
    "hot_lead_reasons",
    "lead_funnel",
    "qualify_hot_leads",
    "referral_paths",
    "route_leads",
    "select_leads",
]

#: SVW dealers of the simulated network: id, name, city, region.
DEALERS: pd.DataFrame = pd.DataFrame(
    {
        "dealer_id": ["SH01", "SH02", "HZ01", "NJ01", "BJ01", "TJ01", "GZ01", "SZ01", "CD01"],
        "name": [
            "Shanghai Pudong",
            "Shanghai Minhang",
            "Hangzhou West Lake",
            "Nanjing Xinjiekou",
            "Beijing Haidian",
            "Tianjin Hexi",
            "Guangzhou Tianhe",
            "Shenzhen Futian",
            "Chengdu Wuhou",
        ],
        "city": [
            "Shanghai",
            "Shanghai",
            "Hangzhou",
            "Nanjing",
            "Beijing",
            "Tianjin",
            "Guangzhou",
            "Shenzhen",
            "Chengdu",
        ],
        "region": ["East", "East", "East", "East", "North", "North", "South", "South", "West"],
    }
)

_CAMPAIGNS = pd.DataFrame(
    {
        "campaign_id": ["W01", "W02", "W03", "W04", "E01", "E02", "H00", "S00", "R00"],
        "name": [
            "Passat web launch",
            "Polo online test-drive",
            "Touran family site",
            "Santana web offer",
            "Auto show Shanghai",
            "Dealer open days",
            "800 hotline",
            "Showroom walk-ins",
            "Owner referral (Passat club)",
        ],
        "channel": [
            "web",
            "web",
            "web",
            "web",
            "event",
            "event",
            "hotline",
            "showroom",
            "referral",
        ],
        "cost": [600_000, 250_000, 300_000, 150_000, 900_000, 200_000, 400_000, 0, 120_000],
    }
)
# Models Shanghai Volkswagen sold in 2004-2005 (the Lavida came only in 2008).
_MODELS = ["Passat", "Polo", "Touran", "Santana", "Santana 3000"]
_OTHER_CITIES = ["Wuxi", "Suzhou", "Ningbo", "Xi'an", "Wuhan"]  # not in the dealer network
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂")


def _noisy_phone(phone: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """The same mobile number as people type it: plain, +86, dashes or 0086."""
    dashed = np.array([f"{p[:3]}-{p[3:7]}-{p[7:]}" for p in phone])
    forms = np.stack([phone, np.char.add("+86 ", phone), dashed, np.char.add("0086", phone)])
    return forms[gen.integers(0, 4, len(phone)), np.arange(len(phone))]


def generate_svw_data(
    people: int = 4000, *, rng: int | np.random.Generator = 2004
) -> dict[str, pd.DataFrame]:
    """Simulate SVW's touchpoints, dealers, campaigns and DMS sales for 2004-2005.

    Each simulated person (a prospect, sometimes already an owner) leaves one to three
    touchpoints in different channels, typing their phone, e-mail and name a little differently
    each time; some leave no phone or no e-mail (never neither). Prospects buy with a
    probability that rises when their lead is hot and the dealer calls back quickly. Owners
    refer friends through the owners' club (the reverse path). The same *rng* gives the same
    tables: ``touchpoints``, ``dealers``, ``campaigns``, ``sales``.
    """
    gen = np.random.default_rng(rng)
    n = people
    cities = np.array(list(DEALERS["city"].unique()) + _OTHER_CITIES)
    city_p = np.array([0.22, 0.08, 0.08, 0.16, 0.08, 0.1, 0.08, 0.06] + [0.028] * 5)
    city = gen.choice(cities, n, p=city_p / city_p.sum())
    phone = np.char.add(
        gen.choice(["139", "138", "136", "135", "137"], n),
        np.char.zfill(gen.integers(0, 10**8, n).astype(str), 8),
    )
    email = np.array(
        [
            f"user{k:05d}@{d}"
            for k, d in zip(range(n), gen.choice(["163.com", "sina.com", "qq.com"], n), strict=True)
        ]
    )
    name = np.char.add(
        np.asarray(_SURNAMES)[gen.integers(0, 20, n)], np.asarray(_GIVEN)[gen.integers(0, 20, n)]
    )
    horizon = gen.choice([1, 3, 6, 12], n, p=[0.2, 0.35, 0.3, 0.15])
    campaign_p = np.array([0.14, 0.1, 0.08, 0.06, 0.12, 0.08, 0.17, 0.15, 0.10])
    touches = gen.choice([1, 2, 3], n, p=[0.6, 0.3, 0.1])
    who = np.repeat(np.arange(n), touches)
    m = len(who)
    campaign = gen.choice(_CAMPAIGNS["campaign_id"], m, p=campaign_p)
    when = pd.Timestamp("2004-01-01") + pd.to_timedelta(gen.integers(0, 700, m), unit="D")
    has_phone = gen.random(m) > 0.12
    has_email = gen.random(m) > 0.35
    neither = ~has_phone & ~has_email
    has_phone = has_phone | neither
    raw_name = np.where(gen.random(m) < 0.2, np.char.add(name[who], " "), name[who])
    raw_email = np.where(gen.random(m) < 0.3, np.char.upper(email[who]), email[who])
    touchpoints = pd.DataFrame(
        {
            "touchpoint_id": np.arange(1, m + 1),
            "source": _CAMPAIGNS.set_index("campaign_id").loc[campaign, "channel"].to_numpy(),
            "campaign_id": campaign,
            "occurred_at": when,
            "raw_name": raw_name,
            "raw_phone": np.where(has_phone, _noisy_phone(phone[who].astype(str), gen), None),
            "raw_email": np.where(has_email, raw_email, None),
            "city": city[who],
            "model_interest": gen.choice(_MODELS, m),
            "purchase_horizon_months": horizon[who],
            "verified": gen.random(m) < 0.7,
            "true_person": who,  # the simulation's truth, to check the matching; not a CRM field
        }
    ).sort_values(["occurred_at", "touchpoint_id"], ignore_index=True)
    touchpoints["touchpoint_id"] = np.arange(1, m + 1)
    for column in ("raw_phone", "raw_email"):  # missing contact details are None, not NaN
        present = touchpoints[column].notna()
        touchpoints[column] = touchpoints[column].astype(object).where(present, None)

    # Dealer follow-up of routed leads and the resulting sales.
    first = touchpoints.drop_duplicates("true_person").set_index("true_person")
    local = first["city"].isin(DEALERS["city"]).to_numpy()
    hot = local & first["verified"].to_numpy() & (first["purchase_horizon_months"] <= 3).to_numpy()
    delay_h = np.where(
        gen.random(len(first)) < 0.7,
        gen.exponential(20, len(first)),
        gen.exponential(120, len(first)),
    )
    referral = (first["source"] == "referral").to_numpy()
    p_buy = 0.04 + 0.22 * hot + 0.1 * (delay_h < 48) * local + 0.15 * referral
    buys = local & (gen.random(len(first)) < p_buy)
    dealer_of_city = DEALERS.drop_duplicates("city").set_index("city")["dealer_id"]
    buyers = first[buys]
    sales = pd.DataFrame(
        {
            "sale_id": np.arange(1, len(buyers) + 1),
            "true_person": buyers.index.to_numpy(),
            "dealer_id": dealer_of_city.loc[buyers["city"]].to_numpy(),
            "sold_at": (
                buyers["occurred_at"] + pd.to_timedelta(gen.integers(7, 120, len(buyers)), unit="D")
            ).to_numpy(),
            "model": buyers["model_interest"].to_numpy(),
            "price": gen.choice([98_000, 128_000, 168_000, 228_000], len(buyers)),
            "buyer_name": name[buyers.index],
            "buyer_phone": phone[buyers.index],
        }
    )
    sales["vin"] = [f"LSVAA{k:012d}" for k in range(1, len(sales) + 1)]
    touchpoints["first_contact_hours"] = (
        pd.Series(delay_h, index=first.index)
        .reindex(touchpoints["true_person"])
        .to_numpy()
        .round(1)
    )
    return {
        "touchpoints": touchpoints,
        "dealers": DEALERS.copy(),
        "campaigns": _CAMPAIGNS.copy(),
        "sales": sales,
    }


# ---------------------------------------------------------------------------- lead rules ---


def hot_lead_reasons(leads: pd.DataFrame, /, *, local_cities=None) -> pd.DataFrame:
    """The three hot-lead conditions for each lead, as booleans: verified, local, buys soon.

    verified – the CAC confirmed the contact details; local – the prospect's city has an SVW
    dealer; soon – intends to buy within 3 months. A lead is hot only when all three hold.
    """
    require_frame(leads, "leads")
    require_columns(leads, ["verified", "city", "purchase_horizon_months"], "leads")
    cities = set(DEALERS["city"] if local_cities is None else local_cities)
    return pd.DataFrame(
        {
            "verified": leads["verified"].astype(bool),
            "local": leads["city"].isin(cities),
            "buys_within_3_months": leads["purchase_horizon_months"] <= 3,
        },
        index=leads.index,
    )


def qualify_hot_leads(leads: pd.DataFrame, /, *, local_cities=None) -> pd.Series:
    """True where a lead is hot: verified contact AND local AND buying within 3 months."""
    return hot_lead_reasons(leads, local_cities=local_cities).all(axis=1).rename("hot")


def route_leads(leads: pd.DataFrame, dealers: pd.DataFrame, /) -> pd.Series:
    """The dealer each lead goes to: the first dealer of the prospect's city (None if none)."""
    require_columns(leads, ["city"], "leads")
    require_columns(dealers, ["dealer_id", "city"], "dealers")
    first = dealers.drop_duplicates("city").set_index("city")["dealer_id"]
    return leads["city"].map(first).rename("dealer_id")


def campaign_performance(
    leads: pd.DataFrame, campaigns: pd.DataFrame, /, *, converted: pd.Series
) -> pd.DataFrame:
    """Leads, hot leads, conversions, conversion rate, cost per lead and per sale by campaign.

    *converted* says for each lead (same index) whether the person bought afterwards.
    """
    require_columns(leads, ["campaign_id", "hot"], "leads")
    require_columns(campaigns, ["campaign_id", "name", "cost"], "campaigns")
    table = (
        pd.DataFrame({"campaign_id": leads["campaign_id"], "hot": leads["hot"], "sale": converted})
        .groupby("campaign_id")
        .agg(leads=("hot", "size"), hot_leads=("hot", "sum"), sales=("sale", "sum"))
    )
    out = (
        campaigns.set_index("campaign_id")[["name", "cost"]]
        .join(table, how="left")
        .fillna({"leads": 0, "hot_leads": 0, "sales": 0})
    )
    out["conversion_rate"] = out["sales"] / out["leads"].where(out["leads"] > 0)
    out["cost_per_lead"] = out["cost"] / out["leads"].where(out["leads"] > 0)
    out["cost_per_sale"] = out["cost"] / out["sales"].where(out["sales"] > 0)
    return out


def follow_up_times(leads: pd.DataFrame, /, *, limit_hours: float = 48.0) -> pd.DataFrame:
    """Per dealer: routed hot leads, median hours to first contact, share within the limit."""
    require_columns(leads, ["dealer_id", "first_contact_hours"], "leads")
    grouped = leads.dropna(subset=["dealer_id"]).groupby("dealer_id")["first_contact_hours"]
    return pd.DataFrame(
        {
            "leads": grouped.size(),
            "median_hours": grouped.median(),
            "within_limit": grouped.apply(lambda h: float((h <= limit_hours).mean())),
        }
    )


FORWARD = "forward: SVW → dealer → prospect → owner"
REVERSE = "reverse: owner → prospect → dealer → SVW"


def referral_paths(
    leads: pd.DataFrame, converted: pd.Series, campaigns: pd.DataFrame, /
) -> pd.DataFrame:
    """Forward (SVW → dealer → prospect → owner) vs reverse (owner → prospect → dealer → SVW).

    Forward leads come from SVW's own campaigns (web, events, hotline, showroom); reverse
    leads from owners' referrals. Compares leads, sales, conversion and cost per sale.
    """
    require_columns(leads, ["campaign_id"], "leads")
    require_columns(campaigns, ["campaign_id", "channel", "cost"], "campaigns")
    is_referral = campaigns.set_index("campaign_id")["channel"] == "referral"
    path = np.where(leads["campaign_id"].map(is_referral).fillna(False), REVERSE, FORWARD)
    cost = campaigns.groupby(np.where(campaigns["channel"] == "referral", REVERSE, FORWARD))[
        "cost"
    ].sum()
    table = (
        pd.DataFrame({"path": path, "sale": converted.to_numpy()})
        .groupby("path")
        .agg(leads=("sale", "size"), sales=("sale", "sum"))
    )
    table["conversion_rate"] = table["sales"] / table["leads"]
    table["cost"] = cost.reindex(table.index).fillna(0)
    table["cost_per_sale"] = table["cost"] / table["sales"].where(table["sales"] > 0)
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
    """Leads of one period ("2004", "2005Q2", "2004-07" or "all"), one region of the dealer
    network (or "all"; leads outside the network count as region "none") and a comma-separated
    list of campaign ids (or "all"). Unknown values are errors that list the valid ones."""
    require_columns(leads, ["occurred_at", "city", "campaign_id"], "leads")
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


def lead_funnel(stages: dict[str, int]) -> pd.DataFrame:
    """A funnel table: count at each stage and the share kept from the previous stage."""
    counts = pd.Series(stages, name="count")
    if (counts.diff().dropna() > 0).any():
        raise ValueError("a funnel cannot grow from one stage to the next")
    out = counts.to_frame()
    out["share_of_previous"] = counts / counts.shift(1)
    out["share_of_first"] = counts / counts.iloc[0]
    return out
