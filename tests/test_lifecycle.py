"""Tests of crmlib.lifecycle: churn, CLV, cohorts and stages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import datasets, lifecycle


def test_syllabus_worked_example_and_firms():
    # 100 customers, 20 lost a year -> churn 20% -> lifetime 5 years (source 003).
    assert lifecycle.churn_rate(20, 100) == 0.2
    assert lifecycle.base_lifetime(0.2) == 5.0
    assert lifecycle.base_lifetime(lifecycle.churn_rate(10, 100)) == 10.0  # firm B


@pytest.mark.parametrize(("lost", "customers"), [(-1, 100), (101, 100), (1, 0)])
def test_churn_rate_rejects_bad_counts(lost, customers):
    with pytest.raises(ValueError):
        lifecycle.churn_rate(lost, customers)


@pytest.mark.parametrize("churn", [0, -0.1, 1.5])
def test_base_lifetime_rejects_bad_churn(churn):
    with pytest.raises(ValueError, match="churn"):
        lifecycle.base_lifetime(churn)


def test_clv_hand_computed():
    # 80 a year for 3 years at 10%: 80/1.1 + 80/1.21 + 80/1.331 = 198.948...
    assert lifecycle.customer_lifetime_value([100] * 3, [20] * 3, 0.10) == pytest.approx(
        80 / 1.1 + 80 / 1.21 + 80 / 1.331
    )
    assert lifecycle.customer_lifetime_value([50, 60], [0, 0], 0.0) == 110.0


def test_clv_vectorised_matches_single():
    profits = pd.DataFrame({1: [100.0, 50.0], 2: [120.0, 40.0]}, index=["a", "b"])
    costs = pd.DataFrame({1: [30.0, 10.0], 2: [30.0, 10.0]}, index=["a", "b"])
    got = lifecycle.customer_lifetime_values(profits, costs, 0.08)
    for cid in profits.index:
        single = lifecycle.customer_lifetime_value(profits.loc[cid], costs.loc[cid], 0.08)
        assert got[cid] == pytest.approx(single)


@pytest.mark.parametrize(
    ("profits", "costs", "rate", "message"),
    [
        ([1, 2, 3], [1, 2], 0.1, "equal length"),
        ([1, 2], [1, 2], -1.0, "greater than -1"),
        ([1, np.nan], [0, 0], 0.1, "missing"),
    ],
)
def test_clv_rejects_bad_input(profits, costs, rate, message):
    with pytest.raises(ValueError, match=message):
        lifecycle.customer_lifetime_value(profits, costs, rate)


def test_clv_frames_must_match():
    with pytest.raises(ValueError, match="shape"):
        lifecycle.customer_lifetime_values(
            pd.DataFrame({1: [1.0], 2: [1.0]}), pd.DataFrame({1: [1.0]}), 0.1
        )


def test_clv_has_one_return_type_each():
    frame = pd.DataFrame({1: [110.0]}, index=["a"])
    assert isinstance(lifecycle.customer_lifetime_value(pd.Series([110.0]), [0.0], 0.1), float)
    assert isinstance(lifecycle.customer_lifetime_values(frame, frame * 0, 0.1), pd.Series)
    with pytest.raises(
        TypeError, match=r"for a table of customers .* use customer_lifetime_values"
    ):
        lifecycle.customer_lifetime_value(frame, frame * 0, 0.1)
    with pytest.raises(TypeError, match="costs must be a pandas DataFrame, got list"):
        lifecycle.customer_lifetime_values(frame, [0.0], 0.1)


def test_clv_steps_table():
    table = lifecycle.clv_steps([300, 400], [250, 100], 0.10)
    assert table["net"].tolist() == [50.0, 300.0]
    assert table["cumulative_clv"].iloc[-1] == pytest.approx(50 / 1.1 + 300 / 1.21)


def test_retention_clv_closed_form_and_limit():
    assert lifecycle.retention_clv(100, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    # The multiple equals the infinite discounted sum of m r^t / (1+i)^t.
    t = np.arange(1, 2000)
    brute = float(np.sum(100 * 0.8**t / 1.1**t))
    assert lifecycle.retention_clv(100, 0.8, 0.1) == pytest.approx(brute)


@pytest.mark.parametrize(
    ("retention", "rate", "multiple"),
    [(0.6, 0.10, 1.20), (0.7, 0.12, 1.67), (0.8, 0.14, 2.35), (0.9, 0.16, 3.46), (0.9, 0.10, 4.50)],
)
def test_retention_clv_reproduces_the_published_margin_multiples(retention, rate, multiple):
    # Gupta & Lehmann (2003), "Customers as assets", J. Interactive Marketing 17(1), table 1:
    # the margin multiple r / (1 + i - r) for retention 60-90% and discount rates 10-16%,
    # printed to two decimals (also Gupta & Lehmann 2005, ch. 2).
    assert round(lifecycle.retention_clv(1.0, retention, rate), 2) == multiple


def test_new_customer_clv_hand_computed():
    # m = 100, r = 0.8, i = 0.1: 100 now + 100 * 0.8 / 0.3 = 366.67 (start of each year);
    # one year later, 366.67 / 1.1 = 100 / 0.3 = 333.33 (end of each year).
    assert lifecycle.new_customer_clv(100, 0.8, 0.1) == pytest.approx(1100 / 3)
    assert lifecycle.new_customer_clv(100, 0.8, 0.1, first_margin="end") == pytest.approx(1000 / 3)
    # With no retention the customer pays the first margin only.
    assert lifecycle.new_customer_clv(100, 0.0, 0.1) == pytest.approx(100)
    assert lifecycle.new_customer_clv(100, 0.0, 0.1, first_margin="end") == pytest.approx(100 / 1.1)


def test_new_customer_clv_is_the_discounted_sum_of_its_convention():
    # Berger & Nasr (1998), case 1: margins at the start of each period, the first at t = 0
    # undiscounted, the t-th paid with probability r^t; here with an infinite horizon.
    t = np.arange(0, 3000)
    start = float(np.sum(100 * 0.8**t / 1.1**t))
    end = float(np.sum(100 * 0.8**t / 1.1 ** (t + 1)))
    assert lifecycle.new_customer_clv(100, 0.8, 0.1) == pytest.approx(start)
    assert lifecycle.new_customer_clv(100, 0.8, 0.1, first_margin="end") == pytest.approx(end)


def test_new_customer_clv_matches_the_chapter_1_cohort():
    # strategy.cohort_profit counts the first year's margin for every customer acquired, at the
    # end of year 1; per customer and without acquisition cost its NPV is m / (1 + i - r).
    from crmlib import strategy

    cohort = strategy.cohort_profit(
        1000, margin=100, retention=0.8, acquisition_cost=0, discount_rate=0.1, years=400
    )
    per_customer = cohort["cumulative_npv"].iloc[-1] / 1000
    assert per_customer == pytest.approx(
        lifecycle.new_customer_clv(100, 0.8, 0.1, first_margin="end")
    )


@given(st.floats(1, 1e4), st.floats(0, 0.95), st.floats(0.0, 0.5))
def test_the_two_conventions_differ_by_one_margin(margin, retention, rate):
    existing = lifecycle.retention_clv(margin, retention, rate)
    start = lifecycle.new_customer_clv(margin, retention, rate)
    end = lifecycle.new_customer_clv(margin, retention, rate, first_margin="end")
    assert start == pytest.approx(margin + existing)
    assert end == pytest.approx((margin + existing) / (1 + rate))


def test_new_customer_clv_rejects_bad_input():
    with pytest.raises(ValueError, match="first_margin must be 'start' or 'end'"):
        lifecycle.new_customer_clv(100, 0.8, 0.1, first_margin="middle")
    with pytest.raises(ValueError, match="retention"):
        lifecycle.new_customer_clv(100, 1.0, 0.1)


@pytest.mark.parametrize(("retention", "rate"), [(1.0, 0.1), (-0.1, 0.1), (0.5, -1.0)])
def test_retention_clv_rejects_bad_rates(retention, rate):
    with pytest.raises(ValueError):
        lifecycle.retention_clv(100, retention, rate)


@given(
    st.lists(st.floats(0, 1e4), min_size=1, max_size=20),
    st.floats(0.0, 0.5),
    st.floats(0.01, 0.5),
)
def test_clv_falls_as_discount_rate_rises(profits, rate, extra):
    costs = [0.0] * len(profits)
    low = lifecycle.customer_lifetime_value(profits, costs, rate)
    high = lifecycle.customer_lifetime_value(profits, costs, rate + extra)
    assert high <= low + 1e-9


@given(st.floats(0.0, 0.9), st.floats(0.001, 0.09), st.floats(0.0, 0.5))
def test_retention_clv_rises_with_retention(retention, step, rate):
    assert lifecycle.retention_clv(100, retention + step, rate) > lifecycle.retention_clv(
        100, retention, rate
    )


def test_cohort_retention_hand_computed():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "d"],
            "date": [
                "2024-01-05",
                "2024-04-02",
                "2024-02-01",
                "2024-07-01",
                "2024-04-10",
                "2024-07-03",
            ],
        }
    )
    table = lifecycle.cohort_retention(tx, freq="Q", amount=None)  # a log without amounts
    # Cohort 2024Q1 = {a, b}: Q2 only a buys (0.5), Q3 only b (0.5). 2024Q2 = {c}: Q3 nobody.
    assert table.loc["2024Q1"].tolist() == [1.0, 0.5, 0.5]
    assert table.loc["2024Q2"].iloc[:2].tolist() == [1.0, 0.0]
    assert np.isnan(table.loc["2024Q2"].iloc[2])  # not observed yet
    counts = lifecycle.cohort_retention(tx, freq="Q", amount=None, counts=True)
    assert counts.loc["2024Q1"].tolist() == [2, 1, 1]
    with pytest.raises(ValueError, match="freq"):
        lifecycle.cohort_retention(tx, freq="fortnight", amount=None)


def test_cohort_retention_counts_purchase_days():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "d", "e", "e"],
            "date": pd.to_datetime(
                [
                    "2024-01-10",
                    "2024-07-01",
                    "2024-02-01",
                    "2024-04-20",
                    "2024-04-02",
                    "2024-05-01",
                    "2024-05-02",
                    "2024-05-02",
                ]
            ),
            "amount": [5.0, 5.0, 5.0, -5.0, 5.0, 5.0, 3.0, -3.0],
        }
    )
    got = lifecycle.cohort_retention(tx, freq="Q")
    # e's two rows on one day net to zero: one purchase day, so e joins in Q2
    assert got.index.astype(str).tolist() == ["2024Q1", "2024Q2"]
    assert lifecycle.cohort_retention(tx, freq="Q", counts=True)[0].tolist() == [2, 3]
    assert got[1].tolist() == [0.0, 0.0]  # b's return in Q2 is no purchase
    assert got[2].iloc[0] == 0.5 and pd.isna(got[2].iloc[1])  # Q4 2024 is not in the log
    with pytest.raises(ValueError, match="no day of the log is a purchase day"):
        lifecycle.cohort_retention(tx.assign(amount=-1.0))
    # without amounts every day with a row is a purchase day, b's April row included
    rows = lifecycle.cohort_retention(tx, freq="Q", amount=None, counts=True)
    assert rows.loc["2024Q1"].tolist() == [2, 1, 1]


def _stage_tx():
    return pd.DataFrame(
        {
            "customer_id": [
                "new",
                "gone",
                "back",
                "back",
                "up",
                "up",
                "down",
                "down",
                "flat",
                "flat",
            ],
            "date": [
                "2024-11-01",
                "2023-06-01",
                "2022-01-01",
                "2024-12-01",
                "2024-03-01",
                "2024-10-01",
                "2024-03-01",
                "2024-10-01",
                "2024-03-01",
                "2024-10-01",
            ],
            "amount": [50.0, 80.0, 30.0, 40.0, 100.0, 300.0, 300.0, 100.0, 100.0, 110.0],
        }
    )


def test_lifecycle_stage_rules():
    stages = lifecycle.lifecycle_stages(
        _stage_tx(), as_of="2025-01-01", prospects=["lead"], period_days=180, churn_days=365
    )
    assert stages["stage"].astype(str).to_dict() == {
        "back": "recovery",
        "down": "decline",
        "flat": "maturity",
        "gone": "termination",
        "lead": "potential",
        "new": "development",
        "up": "growth",
    }


def test_lifecycle_stages_ignore_future_rows_and_check_parameters():
    tx = pd.concat(
        [
            _stage_tx(),
            pd.DataFrame({"customer_id": ["gone"], "date": ["2025-06-01"], "amount": [10.0]}),
        ]
    )
    stages = lifecycle.lifecycle_stages(tx, as_of="2025-01-01")
    assert stages.loc["gone", "stage"] == "termination"
    with pytest.raises(ValueError, match="change"):
        lifecycle.lifecycle_stages(tx, as_of="2025-01-01", change=1.5)
    with pytest.raises(ValueError, match="churn_days"):
        lifecycle.lifecycle_stages(tx, as_of="2025-01-01", period_days=400, churn_days=365)


def test_every_customer_gets_exactly_one_stage():
    tx = datasets.load_transactions()
    stages = lifecycle.lifecycle_stages(tx, as_of="2024-06-30", prospects=["P1", "P2"])
    bought = tx.loc[tx["date"] <= "2024-06-30", "customer_id"].unique()
    assert stages.index.is_unique
    assert set(stages.index) == set(bought) | {"P1", "P2"}
    assert stages["stage"].notna().all()


def test_a_customer_silent_for_almost_a_year_is_declining_not_mature():
    # bought regularly until 362 days before as_of: nothing recent, nothing in the previous
    # window (180-359 days), not yet 365 days silent. Once this fell through to "maturity".
    tx = pd.DataFrame(
        {
            "customer_id": ["quiet"] * 3,
            "date": ["2023-06-01", "2023-10-01", "2024-01-05"],
            "amount": [50.0, 60.0, 55.0],
        }
    )
    stages = lifecycle.lifecycle_stages(tx, as_of="2025-01-01", period_days=180, churn_days=365)
    assert stages.loc["quiet", "stage"] == "decline"
