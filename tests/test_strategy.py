"""Chapter 1 economics and chapter 5 implementation tools."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import datasets, implementation, strategy

COHORT = dict(customers=1000, margin=100, acquisition_cost=150, discount_rate=0.10, years=10)


def test_cohort_profit_hand_computed():
    table = strategy.cohort_profit(retention=0.8, **COHORT)
    assert table.loc[0, "profit"] == -150_000
    assert table.loc[1, "customers"] == 1000 and table.loc[2, "customers"] == 800
    assert table.loc[2, "discounted"] == pytest.approx(80_000 / 1.21)
    assert table["cumulative_npv"].iloc[-1] == pytest.approx(table["discounted"].sum())


@given(st.floats(0.0, 0.95), st.floats(0.01, 0.3), st.floats(1.0, 500.0))
def test_cohort_profit_converges_to_the_new_customer_clv(retention, rate, margin):
    # chapter 1's convention, the first year's margin counted for everyone: the geometric
    # series sum_t m r^(t-1) / (1+i)^t = m / (1 + i - r); an existing customer is r times that
    one = strategy.cohort_profit(
        1, margin=margin, retention=retention, acquisition_cost=0, discount_rate=rate, years=2000
    )
    assert one["cumulative_npv"].iloc[-1] == pytest.approx(margin / (1 + rate - retention))
    assert strategy.cohort_profit(
        1, margin=100, retention=0.8, acquisition_cost=0, discount_rate=0.1, years=10
    )["cumulative_npv"].iloc[-1] == pytest.approx(100 / 0.3 * (1 - (0.8 / 1.1) ** 10))


@given(st.floats(0.0, 0.9), st.floats(0.001, 0.09), st.floats(0.0, 0.3))
def test_more_retention_never_lowers_cohort_profit(retention, step, growth):
    low = strategy.cohort_profit(retention=retention, margin_growth=growth, **COHORT)
    high = strategy.cohort_profit(retention=retention + step, margin_growth=growth, **COHORT)
    assert high["cumulative_npv"].iloc[-1] >= low["cumulative_npv"].iloc[-1]


def test_retention_uplift_and_bad_input():
    uplift = strategy.retention_uplift(0.05, retention=0.8, **COHORT)
    assert uplift["change"] == pytest.approx(0.2955, abs=1e-4)
    with pytest.raises(ValueError, match="retention"):
        strategy.cohort_profit(retention=1.0, **COHORT)


def test_acquisition_vs_retention():
    got = strategy.acquisition_vs_retention(
        1000, churn=0.2, acquisition_cost=300, retention_cost=30
    )
    assert got["cost to replace them"] == 60_000
    assert got["acquisition / retention cost per customer"] == 10


def test_loyal_customer_profit_grows():
    table = strategy.loyal_customer_profit()
    assert table.loc[0, "total"] == -150
    assert table["total"].iloc[1:].is_monotonic_increasing


def test_ladder_funnel_conversion():
    table = strategy.ladder_funnel(pd.Series({"prospect": 80, "first-time buyer": 15, "client": 5}))
    assert table.loc["prospect", "reached"] == 100
    assert table.loc["first-time buyer", "conversion_from_previous"] == pytest.approx(0.2)
    assert table.loc["advocate", "reached"] == 0


def test_satisfaction_trap_data():
    trap = datasets.generate_satisfaction_trap(2000, rng=7)
    defectors = trap[trap["defected"]]
    assert (defectors["satisfaction"] >= 4).mean() > 0.5  # satisfied customers still leave
    rates = trap.groupby("satisfaction")["defected"].mean()
    assert rates.loc[5] < rates.loc[2]


def test_bank_bundles_match_the_source():
    bundles = strategy.bank_bundles()
    assert bundles["students"].sum() == 5 and bundles["singles"].sum() == 6
    assert bundles.loc["credit card"].sum() == 4


def test_readiness_and_maturity():
    answers = {q: 4 for q in implementation.READINESS_QUESTIONS.index}
    answers.update({"Q5": 2, "Q6": 3})
    scores = implementation.readiness_scores(answers)
    assert scores.loc[("stage", 3), "score"] == 2.5
    assert implementation.maturity_stage(scores) == 2
    with pytest.raises(ValueError, match="missing"):
        implementation.readiness_scores({"Q1": 3})
    with pytest.raises(ValueError, match="from 1 to 5"):
        implementation.readiness_scores({**answers, "Q1": 9})


def test_project_plan_dates():
    plan = implementation.project_plan("2026-01-05")
    assert plan["start"].iloc[0] == pd.Timestamp("2026-01-05")
    # planning starts one week before the analysis (6 weeks from 5 January) ends
    assert plan.loc["project planning and management", "start"] == pd.Timestamp("2026-02-09")
    # every phase starts its overlap before the previous one ends: never earlier
    gap = (plan["end"].shift() - plan["start"]).iloc[1:].dt.days / 7
    assert gap.tolist() == implementation.PHASES["overlap_weeks"].iloc[1:].tolist()
    # in particular, the rollout starts only when testing and training are over
    assert plan.loc["rollout", "start"] == plan.loc["quality assurance testing and training", "end"]


def test_evaluate_kpis_verdicts():
    kpis = pd.DataFrame(
        {
            "area": ["value", "cost", "cost"],
            "before": [10.0, 100.0, 5.0],
            "after": [12.0, 90.0, 5.0],
            "higher_is_better": [True, False, False],
        }
    )
    assert implementation.evaluate_kpis(kpis)["verdict"].tolist() == [
        "improved",
        "improved",
        "unchanged",
    ]
    with pytest.raises(ValueError, match="must not be 0"):
        implementation.evaluate_kpis(kpis.assign(before=0.0))


def test_ladder_funnel_refuses_labels_that_are_not_rungs():
    # a capitalised or misspelt rung used to vanish: the funnel showed 0 people
    with pytest.raises(ValueError, match=r"not rungs of the loyalty ladder: \['Suspect'\]"):
        strategy.ladder_funnel(pd.Series({"Suspect": 100, "prospect": 50}))
    with pytest.raises(TypeError, match="pandas Series"):
        strategy.ladder_funnel([100, 50])
    with pytest.raises(ValueError, match="whole numbers"):
        strategy.ladder_funnel(pd.Series({"suspect": 1.5}))
