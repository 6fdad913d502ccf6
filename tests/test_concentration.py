"""Tests of crmlib.concentration: 80/20 table, Lorenz curve, Gini coefficient."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import concentration, datasets


def test_pareto_table_hand_computed():
    got = concentration.pareto_table(pd.Series({"a": 10.0, "b": 60.0, "c": 30.0}))
    assert got.index.tolist() == ["b", "c", "a"]
    assert got["cum_share_value"].tolist() == [0.6, 0.9, 1.0]
    assert got["rank"].tolist() == [1, 2, 3]


def test_top_share():
    values = pd.Series([80.0, 5.0, 5.0, 5.0, 5.0])
    assert concentration.top_share(values, 0.2) == 0.8
    assert concentration.top_share(values, 1.0) == 1.0
    with pytest.raises(ValueError, match="share"):
        concentration.top_share(values, 0)


def test_gini_closed_forms():
    # Equal values: 0. One customer of n holds everything: (n - 1) / n.
    assert concentration.gini_coefficient(pd.Series([3.0] * 7)) == 0.0
    assert concentration.gini_coefficient(pd.Series([0.0] * 9 + [1.0])) == pytest.approx(0.9)
    # Uniform 1..n: G = (n - 1) / (3n) (a textbook closed form).
    n = 50
    got = concentration.gini_coefficient(pd.Series(np.arange(1.0, n + 1)))
    assert got == pytest.approx((n - 1) / (3 * n))


def test_gini_equals_one_minus_twice_lorenz_area():
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 50.0])
    curve = concentration.lorenz_curve(values)
    area = np.trapezoid(curve["share_value"], curve["share_customers"])
    assert concentration.gini_coefficient(values) == pytest.approx(1 - 2 * area)


def test_gini_rejects_negative_and_zero_totals():
    with pytest.raises(ValueError, match="negative"):
        concentration.gini_coefficient(pd.Series([1.0, -1.0]))
    with pytest.raises(ValueError, match="sums to 0"):
        concentration.gini_coefficient(pd.Series([0.0, 0.0]))


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=200))
def test_gini_in_unit_interval(values):
    series = pd.Series(values)
    if series.sum() <= 0:
        return
    g = concentration.gini_coefficient(series)
    assert 0.0 <= g < 1.0
    curve = concentration.lorenz_curve(series)
    assert curve["share_value"].is_monotonic_increasing
    assert curve["share_value"].iloc[-1] == pytest.approx(1.0)
    assert (curve["share_value"] <= curve["share_customers"] + 1e-12).all()


def test_appliance_company_cumulative_shares():
    got = concentration.cumulative_shares(
        datasets.appliance_customer_groups(),
        by="value_pct",
        shares=["market_share_pct", "customer_share_pct"],
    )
    assert got.index.tolist() == ["very high", "high", "moderate", "low", "very low"]
    # Hand-added from the published table (source 003).
    assert got["cum_customer_share_pct"].tolist() == [1.8, 11.0, 37.3, 57.8, 100.0]
    assert got["cum_market_share_pct"].tolist() == [0.7, 5.3, 23.3, 48.6, 100.0]


def test_cumulative_shares_rejects_shares_not_summing_to_100():
    bad = pd.DataFrame({"v": [1.0, 2.0], "pct": [50.0, 40.0]})
    with pytest.raises(ValueError, match="sum to 100"):
        concentration.cumulative_shares(bad, by="v", shares=["pct"])


def test_concentration_by_group_by_hand():
    values = pd.Series([10.0, 10.0, 10.0, 10.0, 0.0, 0.0, 0.0, 40.0], index=list("abcdefgh"))
    groups = pd.Series(["even"] * 4 + ["skewed"] * 4, index=values.index)
    got = concentration.concentration_by_group(values, groups, share=0.25)
    assert got["customers"].tolist() == [4, 4]
    assert got["value"].tolist() == [40.0, 40.0]
    assert got["top_share"].tolist() == [0.25, 1.0]
    # One customer of four holds everything: G = (n - 1) / n = 0.75.
    assert got["gini"].tolist() == [0.0, 0.75]
    with pytest.raises(ValueError, match="exactly the index"):
        concentration.concentration_by_group(values, groups.iloc[1:])
    with pytest.raises(ValueError, match="negative"):
        concentration.concentration_by_group(-values, groups)


def test_variance_between_is_eta_squared():
    values = pd.Series([1.0, 3.0, 5.0, 7.0])
    # Grand mean 4, total SS 9 + 1 + 1 + 9 = 20; group means 2 and 6: between SS 4*4 = 16.
    assert concentration.variance_between(values, pd.Series(["a", "a", "b", "b"])) == 0.8
    assert concentration.variance_between(values, pd.Series(["a", "b", "a", "b"])) == 0.2
    assert concentration.variance_between(values, pd.Series(list("abcd"))) == 1.0
    with pytest.raises(ValueError, match="all equal"):
        concentration.variance_between(pd.Series([2.0, 2.0]), pd.Series(["a", "b"]))
