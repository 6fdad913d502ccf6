"""The one transaction-log rule (crmlib.transactions) and the five functions built on it.

Every number below is counted by hand from the small logs written out here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import clv, customers, lifecycle, satisfaction, segmentation, transactions

AS_OF = "2024-01-31"

# a: two purchases on 1 Jan (one purchase day of 15), a return-only day on 5 Jan (-4), a day
#    whose purchase of 8 and return of 20 net to -12 on 10 Jan (a return day), a free item
#    on 15 Jan (a zero amount: a purchase day). Purchase days: 1 and 15 Jan.
# b: purchases on 3 and 20 Jan. c: a return only, on 4 Jan.
LOG = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "a", "a", "a", "b", "b", "c"],
        "date": [
            "2024-01-01",
            "2024-01-01 17:30",
            "2024-01-05",
            "2024-01-10",
            "2024-01-10",
            "2024-01-15",
            "2024-01-03",
            "2024-01-20",
            "2024-01-04",
        ],
        "amount": [10.0, 5.0, -4.0, 8.0, -20.0, 0.0, 7.0, 3.0, -2.0],
        "category": ["x", "y", "x", "x", "x", "z", "x", "x", "y"],
    }
).assign(cost=lambda t: t["amount"] / 2, service_cost=1.0)

# Purchase, purchase, then a return on a later day: two purchase days everywhere.
PPR = pd.DataFrame(
    {
        "customer_id": ["d", "d", "d"],
        "date": ["2024-01-01", "2024-01-08", "2024-01-20"],
        "amount": [10.0, 10.0, -10.0],
        "category": "x",
        "cost": [6.0, 6.0, -6.0],
        "service_cost": 1.0,
    }
)


def test_customer_days_follow_the_rule():
    days = transactions.customer_days(LOG).set_index(["customer", "day"])
    a = days.loc["a"]
    assert a["amount"].tolist() == [15.0, -4.0, -12.0, 0.0]  # 1 Jan: both rows, time dropped
    assert a["purchase"].tolist() == [True, False, False, True]
    assert days.loc["c", "purchase"].tolist() == [False]


def test_customer_totals_by_hand():
    totals = transactions.customer_totals(transactions.customer_days(LOG))
    assert totals["purchase_days"].to_dict() == {"a": 2, "b": 2, "c": 0}
    assert totals["net_amount"].to_dict() == {"a": -1.0, "b": 10.0, "c": -2.0}
    assert totals["purchase_amount"].to_dict() == {"a": 15.0, "b": 10.0, "c": 0.0}
    assert totals.loc["a", "last_purchase"] == pd.Timestamp("2024-01-15")
    assert totals.loc["a", "last_day"] == pd.Timestamp("2024-01-15")
    assert pd.isna(totals.loc["c", "last_purchase"])
    assert totals.loc["c", "first_day"] == pd.Timestamp("2024-01-04")


def test_the_five_functions_count_the_same_purchase_days():
    rfm = segmentation.rfm_table(LOG, as_of=AS_OF)
    value = customers.customer_value(LOG)
    loyalty = satisfaction.loyalty_indicators(LOG, as_of=AS_OF, period_days=30)
    stages = lifecycle.lifecycle_stages(LOG, as_of=AS_OF)
    summary = clv.calibration_summary(LOG, calibration_end=AS_OF, unit_days=1.0)

    assert rfm["frequency"].to_dict() == {"a": 2, "b": 2, "c": 0}
    assert value["purchases"].to_dict() == {"a": 2, "b": 2, "c": 0}
    assert loyalty["frequency"].to_dict() == {"a": 2, "b": 2, "c": 0}
    # the calibration summary counts repeat purchase days: purchase days - 1; c never bought
    assert summary["frequency"].to_dict() == {"a": 1, "b": 1}
    assert stages.index.tolist() == ["a", "b"]  # c has return days only: no stage

    # the last purchase is the free item of 15 Jan, not the return day of 10 Jan
    assert rfm.loc["a", "recency"] == 16
    assert stages.loc["a", "last_purchase"] == pd.Timestamp("2024-01-15")
    assert summary.loc["a", "recency"] == 14.0  # days from 1 to 15 Jan
    assert rfm.loc["c", "recency"] == 27  # return days only: from the last return
    # money: RFM's M and the revenue are net of every return; sales are the purchase days'
    assert rfm["monetary"].to_dict() == {"a": -1.0, "b": 10.0, "c": -2.0}
    assert value["revenue"].to_dict() == {"a": -1.0, "b": 10.0, "c": -2.0}
    assert value["sales"].to_dict() == {"a": 15.0, "b": 10.0, "c": 0.0}
    assert loyalty["spend"].to_dict() == {"a": -1.0, "b": 10.0, "c": -2.0}
    assert summary["monetary_value"].to_dict() == {"a": 0.0, "b": 3.0}  # repeat days' mean


def test_purchase_purchase_return_is_two_purchase_days_everywhere():
    as_of = "2024-01-31"
    assert segmentation.rfm_table(PPR, as_of=as_of).loc["d", "frequency"] == 2
    assert customers.customer_value(PPR).loc["d", "purchases"] == 2
    loyalty = satisfaction.loyalty_indicators(PPR, as_of=as_of)
    assert loyalty.loc["d", "frequency"] == 2
    stages = lifecycle.lifecycle_stages(PPR, as_of=as_of)
    assert stages.loc["d", "last_purchase"] == pd.Timestamp("2024-01-08")
    summary = clv.calibration_summary(PPR, calibration_end=as_of)
    assert summary.loc["d", "frequency"] == 1  # one repeat purchase day
    assert summary.loc["d", "monetary_value"] == 10.0  # the later return is no purchase day


def test_loyalty_trend_and_lifecycle_spend_use_the_same_windows():
    # 30-day windows before 31 Jan: recent = 2-31 Jan, previous = 3 Dec - 1 Jan
    log = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a"],
            "date": ["2023-12-10", "2024-01-01", "2024-01-02", "2024-01-30"],
            "amount": [10.0, 20.0, 30.0, 40.0],
            "category": "x",
        }
    )
    loyalty = satisfaction.loyalty_indicators(log, as_of=AS_OF, period_days=30)
    assert loyalty.loc["a", "trend"] == 0  # 2 recent days - 2 previous days
    stages = lifecycle.lifecycle_stages(log, as_of=AS_OF, period_days=30, churn_days=60)
    assert stages.loc["a", ["recent_spend", "previous_spend"]].tolist() == [70.0, 30.0]


def test_recent_and_previous_boundaries():
    days = pd.Series(pd.to_datetime(["2024-01-31", "2024-01-22", "2024-01-21", "2024-01-12"]))
    window = transactions.recent_and_previous(
        days, as_of=pd.Timestamp("2024-01-31"), period_days=10
    )
    assert window["recent"].tolist() == [True, True, False, False]  # ages 0, 9 | 10, 19
    assert window["previous"].tolist() == [False, False, True, True]
    later = transactions.recent_and_previous(
        pd.Series(pd.to_datetime(["2024-02-01"])), as_of=pd.Timestamp("2024-01-31"), period_days=10
    )
    assert not later.to_numpy().any()  # a day after as_of is in neither window


def test_no_amount_column_makes_every_day_a_purchase():
    days = transactions.customer_days(LOG.drop(columns="amount"), amount=None)
    assert days["purchase"].all()
    assert len(days) == 7  # a has 4 days, b 2, c 1


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (LOG["amount"], TypeError, "transactions must be a pandas DataFrame, got Series"),
        (LOG.iloc[:0], ValueError, "transactions is empty"),
        (LOG.drop(columns="date"), ValueError, r"missing column\(s\) \['date'\]"),
        (LOG.assign(customer_id=None), ValueError, "customer_id has 9 missing value"),
        (LOG.assign(amount="12 yuan"), ValueError, "amount must be numeric"),
        (LOG.assign(date="soon"), ValueError, "date must hold dates"),
    ],
)
def test_customer_days_refuses_bad_logs(bad, error, message):
    with pytest.raises(error, match=message):
        transactions.customer_days(bad)


def test_customer_totals_and_windows_refuse_bad_input():
    with pytest.raises(TypeError, match="days must be a pandas DataFrame"):
        transactions.customer_totals(LOG["amount"])
    with pytest.raises(ValueError, match=r"days is missing column\(s\) \['day', 'purchase'\]"):
        transactions.customer_totals(LOG.rename(columns={"customer_id": "customer"}))
    days = pd.Series(pd.to_datetime(["2024-01-01"]))
    with pytest.raises(TypeError, match=r"period_days must be a whole number, got 7\.5"):
        transactions.recent_and_previous(days, as_of=pd.Timestamp(AS_OF), period_days=7.5)
    with pytest.raises(ValueError, match="period_days must be a whole number >= 1, got 0"):
        transactions.recent_and_previous(days, as_of=pd.Timestamp(AS_OF), period_days=0)
