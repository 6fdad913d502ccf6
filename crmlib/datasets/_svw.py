"""Seeded generator of the Shanghai Volkswagen data of chapter 5 and the SVW case (synthetic).

The committed copies are ``datasets/svw_*.csv`` (see ``datasets/svw.md``); the lead rules that
work on them are in :mod:`crmlib.svw`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SVW_DEALERS", "generate_svw_data"]

#: SVW dealers of the simulated network: id, name, city, region.
SVW_DEALERS: pd.DataFrame = pd.DataFrame(
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


#: None as an array for np.where: a missing phone or e-mail (its typed overloads refuse None)
_NONE = np.array(None, dtype=object)


def generate_svw_data(
    people: int = 4000, *, rng: int | np.random.Generator = 2004
) -> dict[str, pd.DataFrame]:
    """Simulate SVW's touchpoints, dealers, campaigns and DMS sales for 2004-2005.

    Each simulated person (a prospect, sometimes already an owner) leaves one to three
    touchpoints in different channels, typing their phone, e-mail and name a little differently
    each time; some leave no phone or no e-mail (never neither). A local prospect buys with
    probability 0.04, plus 0.22 if the first lead is hot, 0.10 if the dealer called within
    48 hours and 0.15 if an owner referred them: these built-in effects are parameters of the
    simulation, not findings. The sale comes 7-119 days after the person's first touchpoint.
    Owners refer friends through the owners' club (the reverse path). The same *rng* gives the
    same tables.

    Parameters
    ----------
    people : int, default 4000
        Simulated people (prospects and owners).
    rng : int or numpy.random.Generator, default 2004
        Seed or generator.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``touchpoints`` (one row per contact, with the raw name, phone and e-mail as typed, and
        ``true_person``, the simulation's truth for checking the matching), ``dealers``
        (:data:`SVW_DEALERS`), ``campaigns`` (id, name, channel, cost) and ``sales`` (the DMS
        sales, with buyer name and phone).

    Examples
    --------
    >>> tables = generate_svw_data(50, rng=1)
    >>> sorted(tables), len(tables["dealers"]), len(tables["campaigns"])
    (['campaigns', 'dealers', 'sales', 'touchpoints'], 9, 9)
    """
    gen = np.random.default_rng(rng)
    n = people
    cities = np.array(list(SVW_DEALERS["city"].unique()) + _OTHER_CITIES)
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
            "raw_phone": np.where(has_phone, _noisy_phone(phone[who].astype(str), gen), _NONE),
            "raw_email": np.where(has_email, raw_email, _NONE),
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
    local = first["city"].isin(SVW_DEALERS["city"]).to_numpy()
    hot = local & first["verified"].to_numpy() & (first["purchase_horizon_months"] <= 3).to_numpy()
    delay_h = np.where(
        gen.random(len(first)) < 0.7,
        gen.exponential(20, len(first)),
        gen.exponential(120, len(first)),
    )
    referral = (first["source"] == "referral").to_numpy()
    p_buy = 0.04 + 0.22 * hot + 0.1 * (delay_h < 48) * local + 0.15 * referral
    buys = local & (gen.random(len(first)) < p_buy)
    dealer_of_city = SVW_DEALERS.drop_duplicates("city").set_index("city")["dealer_id"]
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
        "dealers": SVW_DEALERS.copy(),
        "campaigns": _CAMPAIGNS.copy(),
        "sales": sales,
    }
