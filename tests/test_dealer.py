"""The dealer's lifecycle leads and call list."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import datasets, dealer


def one_customer(**overrides) -> pd.DataFrame:
    base = {
        "customer_id": "D1",
        "name": "王伟",
        "mobile": "13800000000",
        "dealer": "TJ01",
        "model": "X3",
        "price": 420_000,
        "purchase_date": pd.Timestamp("2022-07-10"),
        "vin": "WBA00000000000001",
        "loan_end": pd.Timestamp("2025-07-10"),
        "insurance_end": pd.Timestamp("2025-07-10"),
        "warranty_end": pd.Timestamp("2025-07-10"),
        "connected_end": pd.Timestamp("2025-07-10"),
        "last_service_date": pd.Timestamp("2024-07-15"),
        "complaints": 1,
        "cars_owned": 2,
    }
    base.update(overrides)
    return pd.DataFrame([base])


def test_every_rule_fires_and_merges_into_one_call():
    records = one_customer()
    leads = dealer.lifecycle_leads(records, as_of="2025-07-01", horizon_days=30)
    assert set(leads["lead_type"].astype(str)) == {
        "loan maturity",
        "insurance renewal",
        "extended warranty",
        "service due",
        "connected services expiry",
    }
    calls = dealer.call_list(records, leads, as_of="2025-07-01")
    assert len(calls) == 1
    call = calls.iloc[0]
    assert call["leads"] == 5
    assert call["earliest_due"] == pd.Timestamp("2025-07-10")
    assert call["vin"] == "WBA00000000000001" and call["complaints"] == 1
    assert call["within_rule"]


def test_churn_win_back_and_trade_in():
    records = one_customer(
        purchase_date=pd.Timestamp("2020-07-15"),
        loan_end=pd.NaT,
        last_service_date=pd.Timestamp("2024-01-20"),
    )
    leads = dealer.lifecycle_leads(
        records, as_of="2025-07-01", horizon_days=30, churn_days=540, trade_in_years=5
    )
    kinds = set(leads["lead_type"].astype(str))
    assert "churn win-back" in kinds  # 2024-01-20 + 540 days = 2025-07-13
    assert "trade-in" in kinds  # fifth anniversary 2025-07-14
    assert "loan maturity" not in kinds  # paid in cash


def test_nothing_due_gives_no_leads():
    records = one_customer(
        loan_end=pd.NaT,
        insurance_end=pd.Timestamp("2026-01-01"),
        warranty_end=pd.Timestamp("2026-01-01"),
        connected_end=pd.Timestamp("2026-01-01"),
        last_service_date=pd.Timestamp("2025-06-01"),
    )
    assert dealer.lifecycle_leads(records, as_of="2025-07-01").empty


def test_two_day_rule_at_capacity():
    records = datasets.load_dealer_records()
    leads = dealer.lifecycle_leads(records, as_of="2025-07-01", horizon_days=30)
    calls = dealer.call_list(records, leads, as_of="2025-07-01", calls_per_day=10)
    assert calls["within_rule"].sum() == 20  # two days of 10 calls
    assert calls.index.is_unique and len(calls) == leads["customer_id"].nunique()
    assert calls["priority"].tolist() == list(range(1, len(calls) + 1))
    bands = calls["urgency_band"].to_numpy()
    assert (bands[1:] >= bands[:-1]).all()


def test_bad_input():
    with pytest.raises(ValueError, match="unknown dealer 'XX'"):
        dealer.select_dealer(datasets.load_dealer_records(), "XX")
    with pytest.raises(ValueError, match="missing column"):
        dealer.lifecycle_leads(one_customer().drop(columns="vin"), as_of="2025-07-01")
    with pytest.raises(ValueError, match="after as_of"):
        dealer.lifecycle_leads(one_customer(), as_of="2020-01-01")


def test_committed_records_match_the_generator():
    committed = datasets.load_dealer_records()
    fresh = datasets.generate_dealer_records()
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)
