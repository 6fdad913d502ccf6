"""The SVW lead rules and the customer database."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import crmdb, datasets, svw


@pytest.fixture(scope="module")
def data():
    return datasets.load_svw_data()


@pytest.fixture(scope="module")
def con(data):
    return crmdb.build_customer_database(data)


def test_committed_svw_data_match_the_generator(data):
    fresh = svw.generate_svw_data()
    for name, table in data.items():
        pd.testing.assert_frame_equal(table, fresh[name], check_dtype=False)


@given(st.booleans(), st.sampled_from(["Shanghai", "Wuxi"]), st.sampled_from([1, 3, 6, 12]))
def test_hot_only_when_all_three_conditions_hold(verified, city, horizon):
    lead = pd.DataFrame(
        {"verified": [verified], "city": [city], "purchase_horizon_months": [horizon]}
    )
    expected = verified and city == "Shanghai" and horizon <= 3
    assert bool(svw.qualify_hot_leads(lead).iloc[0]) is expected


def test_normalisation():
    phones = pd.Series(["+86 139-1234-5678", "13912345678", "0086 13912345678", "555", None])
    assert crmdb.normalise_phone(phones).tolist() == ["13912345678"] * 3 + [None, None]
    emails = pd.Series([" Wang@QQ.com ", "not-an-email", None])
    assert crmdb.normalise_email(emails).tolist() == ["wang@qq.com", None, None]
    assert crmdb.normalise_name(pd.Series(["王 伟", "ＷＡＮＧ"])).tolist() == ["王伟", "wang"]


def test_matching_is_transitive_symmetric_and_order_free():
    phone = pd.Series(["1", "1", None, None, "9"])
    email = pd.Series([None, "a@x.cn", "a@x.cn", "b@x.cn", None])
    labels = crmdb.match_identities(phone, email)
    assert labels.tolist() == [0, 0, 0, 1, 2]  # 0-1 by phone, 1-2 by e-mail
    reversed_labels = crmdb.match_identities(
        phone[::-1].reset_index(drop=True), email[::-1].reset_index(drop=True)
    )[::-1]
    # the same partition (symmetric, order free), whatever the numbering
    pairs = {(a, b) for a, b in zip(labels, reversed_labels, strict=True)}
    assert len(pairs) == len(set(labels))


def test_database_keeps_every_touchpoint_and_merges_correctly(con, data):
    merged = crmdb.query(con, "duplicates_merged").iloc[0]
    assert merged["touchpoints"] == len(data["touchpoints"])  # de-duplication loses nothing
    assigned = pd.read_sql_query("SELECT touchpoint_id, customer_id FROM touchpoints", con)
    check = data["touchpoints"][["touchpoint_id", "true_person"]].merge(assigned)
    mixed = check.groupby("customer_id")["true_person"].nunique()
    assert mixed.max() == 1  # no customer mixes two people
    assert pd.read_sql_query("SELECT COUNT(*) n FROM sales", con)["n"].iloc[0] == len(data["sales"])


def test_constraints_reject_bad_rows_and_name_them(con):
    bad_sale = pd.DataFrame(
        {
            "sale_id": [99999],
            "customer_id": [1],
            "dealer_id": ["XX99"],
            "sold_at": ["2005-01-01"],
            "model": ["Passat"],
            "price": [1.0],
            "vin": ["LSVAA000000099999"],
        }
    )
    with pytest.raises(ValueError, match=r"sales row 0 .*FOREIGN KEY"):
        crmdb.insert_rows(con, "sales", bad_sale)
    no_contact = pd.DataFrame(
        {
            "touchpoint_id": [99999],
            "customer_id": [1],
            "source": ["web"],
            "campaign_id": ["W01"],
            "occurred_at": ["2005-01-01"],
            "raw_phone": [None],
            "raw_email": [None],
            "verified": [1],
        }
    )
    with pytest.raises(ValueError, match=r"touchpoints row 0 .*CHECK constraint"):
        crmdb.insert_rows(con, "touchpoints", no_contact)
    count = pd.read_sql_query("SELECT COUNT(*) n FROM sales WHERE sale_id = 99999", con)
    assert count["n"].iloc[0] == 0  # nothing half-inserted


def test_queries(con):
    one = crmdb.query(con, "customer_360", customer_id=12)
    assert len(one) == 1 and one["touchpoints"].iloc[0] >= 1
    assert crmdb.query(con, "multi_channel_customers")["customers"].sum() == 4079
    with pytest.raises(ValueError, match="unknown query"):
        crmdb.query(con, "nope")


def test_campaign_and_paths(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    perf = svw.campaign_performance(outcomes, data["campaigns"], converted=outcomes["converted"])
    assert perf["leads"].sum() == len(outcomes)
    r00 = perf.loc["R00"]
    assert r00["cost_per_sale"] == pytest.approx(r00["cost"] / r00["sales"])
    paths = svw.referral_paths(outcomes, outcomes["converted"], data["campaigns"])
    assert paths["leads"].sum() == len(outcomes)
    assert paths.loc[svw.REVERSE, "conversion_rate"] > paths.loc[svw.FORWARD, "conversion_rate"]


def test_select_leads_errors(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    args = (outcomes, data["dealers"], data["campaigns"])
    assert len(svw.select_leads(*args, period="2005Q1", region="East", campaign_ids="W01,R00")) > 0
    with pytest.raises(ValueError, match="unknown region 'Mars'"):
        svw.select_leads(*args, region="Mars")
    with pytest.raises(ValueError, match=r"unknown campaign\(s\) \['ZZ'\]"):
        svw.select_leads(*args, campaign_ids="ZZ")
    with pytest.raises(ValueError, match="is not a year"):
        svw.select_leads(*args, period="spring")


def test_funnel_cannot_grow():
    with pytest.raises(ValueError, match="cannot grow"):
        svw.lead_funnel({"a": 1, "b": 2})
