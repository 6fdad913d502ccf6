"""Customer-base models: published estimates and predictions, exact fits, properties, errors.

Every published number here comes from the paper or package named beside it; none is made here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import clv, datasets
from crmlib.clv import _bgnbd as bgnbd_module
from crmlib.clv import _gamma_gamma as gg_module
from crmlib.clv import _mbgnbd as mbgnbd_module

# Fader, Hardie & Lee (2005), "Counting your customers the easy way", table 1.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie & Lee (2005, JMR); Fader & Hardie (2013) note: p, q, gamma on 946 repeaters.
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}
# Fader & Hardie (2005), "A note on deriving the Pareto/NBD model ...".
PUBLISHED_PNBD = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
# Batislam, Denizel & Filiztekin (2007) as the BTYDplus package reports it on CDNOW.
PUBLISHED_MBGNBD = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
# Fader, Hardie & Shang (2010), table 2, donations of the 1995 cohort.
PUBLISHED_BGBB = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
BGNBD_TABLE_1 = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
# The continuous-time models at their published CDNOW estimates, for properties every model has.
PUBLISHED_CDNOW_MODELS = (
    BGNBD_TABLE_1,
    clv.ParetoNBDParams(*PUBLISHED_PNBD.values()),
    clv.MBGNBDParams(*PUBLISHED_MBGNBD.values()),
)


def sig3(x: float) -> float:
    return float(f"{x:.3g}")


@pytest.fixture(scope="module")
def cdnow():
    return datasets.load_cdnow()


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return clv.fit_bgnbd(cdnow)


@pytest.fixture(scope="module")
def gamma_gamma(cdnow):
    return clv.fit_gamma_gamma(cdnow)


@pytest.fixture(scope="module")
def pareto(cdnow):
    return clv.fit_pareto_nbd(cdnow)


# ------------------------------------------------------------------ published estimates ---


def test_bgnbd_reproduces_published_cdnow_estimates(bgnbd):
    for name, value in PUBLISHED_BGNBD.items():
        assert round(getattr(bgnbd, name), 3) == value, name
    assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)


def test_gamma_gamma_reproduces_published_cdnow_estimates(cdnow, gamma_gamma):
    assert (cdnow["frequency"] > 0).sum() == 946
    for name, value in PUBLISHED_GG.items():
        assert sig3(getattr(gamma_gamma, name)) == sig3(value), name


def test_gamma_gamma_spend_matches_hardies_spreadsheet(cdnow):
    # lifetimes' test_conditional_expected_average_profit, from Hardie's note 025 spreadsheet.
    published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
    spend = clv.expected_average_spend(clv.GammaGammaParams(6.25, 3.74, 15.44), cdnow.head(10))
    np.testing.assert_allclose(spend, published, atol=0.1)
    assert spend.index.tolist() == cdnow.index[:10].tolist()


def test_pareto_nbd_reproduces_published_cdnow_estimates(pareto):
    for name in ("r", "alpha", "s"):
        assert round(getattr(pareto, name), 3) == PUBLISHED_PNBD[name], name
    # The published β stopped short on a flat ridge: ours is 11.668, with a higher likelihood.
    assert pareto.beta == pytest.approx(PUBLISHED_PNBD["beta"], abs=0.002)
    assert pareto.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    published = clv.ParetoNBDParams(*PUBLISHED_PNBD.values())
    h = datasets.load_cdnow()
    from crmlib.clv import _paretonbd as paretonbd

    at_published = paretonbd._log_lik_terms(
        published, *(h[c].to_numpy(float) for c in h.columns[:3])
    )
    assert pareto.log_likelihood >= at_published.sum()


def test_pareto_nbd_predictions_match_btyd(pareto):
    # BTYD reference manual, pnbd.Expectation for t = 0..9 (lifetimes' test, atol 0.01).
    published = [0.0, 0.0508, 0.0992, 0.1454, 0.1898, 0.2325, 0.2736, 0.3134, 0.3518, 0.3891]
    np.testing.assert_allclose(
        clv.expected_purchases_new_customer(pareto, np.arange(10)), published, atol=0.01
    )
    # BTYD walkthrough: customer x = 26, t_x = 30.86, T = 31 expects 25.46 in 52 weeks...
    assert clv.expected_purchases(pareto, 26, 30.86, 31.0, t=52) == pytest.approx(25.46, abs=0.01)
    # ...and is alive with probability 0.9979 under the walkthrough's own parameters.
    walkthrough = clv.ParetoNBDParams(0.5534, 10.5802, 0.6061, 11.6562)
    assert clv.probability_alive(walkthrough, 26, 30.86, 31.0) == pytest.approx(0.9979, abs=1e-3)


def test_mbgnbd_reproduces_btydplus_cdnow_estimates(cdnow):
    fit = clv.fit_mbgnbd(cdnow)
    for name, value in PUBLISHED_MBGNBD.items():
        assert round(getattr(fit, name), 3) == value, name
    # It fits CDNOW a little better than BG/NBD (one more way to drop out, same 4 parameters).
    assert -9582.4 < fit.log_likelihood < -9582.0


def test_bgbb_reproduces_the_donations_paper():
    donations = datasets.load_donations()
    assert donations["weights"].sum() == 11_104
    fit = clv.fit_bgbb(donations)
    for name, value in PUBLISHED_BGBB.items():
        assert round(getattr(fit, name), 3) == value, name
    assert fit.log_likelihood == pytest.approx(-33225.6, abs=0.05)
    # Table 6: P(alive in 2002) for no repeat, two (last in 1999), six donations.
    alive = clv.probability_alive(fit, donations).set_axis(
        pd.MultiIndex.from_frame(donations[["frequency", "recency"]])
    )
    assert [round(alive[k], 2) for k in [(0, 0), (2, 4), (6, 6)]] == [0.11, 0.59, 0.93]
    # Hardie's BG/BB spreadsheet, "Conditional Expectations (II)": 12,884.2 donations expected
    # from the cohort in the five years 2002-2006.
    expected = clv.expected_purchases(fit, donations, t=5) * donations["weights"]
    assert expected.sum() == pytest.approx(12884.2, abs=0.5)


def test_probability_of_purchases_matches_btyd():
    # BTYD reference manual, bgnbd.pmf with the FHL 2005 parameters (lifetimes' test).
    assert clv.probability_of_purchases(BGNBD_TABLE_1, 10, 2) == pytest.approx(
        1.07869e-07, rel=1e-4
    )
    assert clv.probability_of_purchases(BGNBD_TABLE_1, 0, 39) == pytest.approx(0.5737864, abs=1e-7)
    published = [
        0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
        0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260,
    ]  # fmt: skip
    ours = [clv.probability_of_purchases(BGNBD_TABLE_1, n, 30) for n in range(11, 21)]
    np.testing.assert_allclose(ours, published, rtol=1e-6)


@given(st.floats(0.5, 80.0))
def test_probability_of_purchases_sums_to_one(t):
    total = sum(clv.probability_of_purchases(BGNBD_TABLE_1, n, t) for n in range(400))
    assert total == pytest.approx(1.0, abs=1e-6)


def test_probability_of_purchases_at_time_zero_is_certain_nothing():
    # At t = 0 nobody has bought yet: P(X(0) = 0) = 1 and 0 for n > 0, with no warning (it
    # was NaN with "invalid value encountered in multiply", from 0 · ln 0).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert clv.probability_of_purchases(BGNBD_TABLE_1, 0, 0.0) == 1.0
        assert clv.probability_of_purchases(BGNBD_TABLE_1, 3, 0.0) == 0.0


# ----------------------------------------------------------------- data in, checks out ---


def test_calibration_summary_rebuilds_the_published_summary(cdnow):
    built = clv.calibration_summary(
        datasets.load_cdnow_transactions(), calibration_end="1997-09-30", amount="dollars"
    )
    assert built.index.tolist() == cdnow.index.tolist()
    assert (built["frequency"] == cdnow["frequency"]).all()
    for col in ("recency", "T", "monetary_value"):
        assert (built[col] - cdnow[col]).abs().max() <= 0.005 + 1e-9, col


def test_calibration_summary_rules_for_same_day_purchases_and_returns():
    tx = pd.DataFrame(
        {
            "customer_id": ["001", "001", "001", "001", "1"],
            "date": ["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-08"],
            "amount": [10.0, 5.0, 20.0, -20.0, 7.0],
        }
    )
    summary = clv.calibration_summary(tx, calibration_end="2024-01-29")
    # two rows on 1 January are one purchase; 15 January only returns goods: no purchase
    assert summary.loc["001"].tolist() == [1, 1.0, 4.0, 20.0]
    assert summary.index.tolist() == ["001", "1"]  # ids stay text


def test_calibration_and_holdout_splits_at_the_boundary():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c"],
            "date": ["2024-01-01", "2024-01-29", "2024-01-30", "2024-01-08", "2024-02-05"],
            "amount": 1.0,
        }
    )
    both = clv.calibration_and_holdout(tx, calibration_end="2024-01-29", holdout_end="2024-02-26")
    assert both.index.tolist() == ["a", "b"]  # c joined in the holdout: not a calibration customer
    assert both["frequency"].tolist() == [1, 0]  # 29 January is calibration
    assert both["frequency_holdout"].tolist() == [1, 0]  # 30 January is holdout
    with pytest.raises(ValueError, match="must be after"):
        clv.calibration_and_holdout(tx, calibration_end="2024-01-29", holdout_end="2024-01-01")


def test_holdout_comparison_and_period_transactions_on_cdnow(bgnbd):
    both = clv.calibration_and_holdout(
        datasets.load_cdnow_transactions(),
        calibration_end="1997-09-30",
        holdout_end="1998-06-30",
        amount="dollars",
    )
    table = clv.holdout_comparison(bgnbd, both)
    assert table["customers"].sum() == 2357
    assert table["predicted"].is_monotonic_increasing  # more past purchases, more expected
    # FHL 2005, figure 4: the model tracks the conditional expectations closely.
    assert (table["predicted"] - table["actual"]).abs().max() < 1.0
    histogram = clv.period_transactions(bgnbd, both)
    assert histogram["actual"].sum() == 2357
    assert histogram["model"].sum() == pytest.approx(2357, rel=1e-9)
    assert histogram.loc[0, "actual"] == 1411


# BTYD walkthrough (the R package BTYD's vignette), CDNOW sample, weeks from 1997-01-01:
# cum.tracking[, 20:25] and inc.tracking[, 20:25], "actual".
BTYD_CUMULATIVE_WEEKS_20_25 = [1359, 1414, 1484, 1517, 1573, 1672]
BTYD_INCREMENTAL_WEEKS_20_25 = [73, 55, 70, 33, 56, 99]


def test_repeat_tracking_counts_purchases_strictly_before_the_end_of_each_week(bgnbd):
    tracking = clv.repeat_tracking_table(
        bgnbd, datasets.load_cdnow_transactions(), start="1997-01-01", periods=25
    )
    assert tracking["actual"].loc[20.0:25.0].tolist() == BTYD_CUMULATIVE_WEEKS_20_25
    incremental = tracking["actual"].diff()
    assert incremental.loc[20.0:25.0].tolist() == BTYD_INCREMENTAL_WEEKS_20_25


def test_repeat_tracking_week_boundary_on_a_tiny_log(bgnbd):
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            # first purchase; day 6 (still week 1); day 7 = 8 January (week 2)
            "date": ["1997-01-01", "1997-01-07", "1997-01-08"],
        }
    )
    tracking = clv.repeat_tracking_table(bgnbd, tx, start="1997-01-01", periods=2)
    assert tracking["actual"].tolist() == [1, 2]


def test_repeat_tracking_works_for_every_continuous_model(cdnow, pareto):
    tx = datasets.load_cdnow_transactions()
    for params in (pareto, clv.fit_mbgnbd(cdnow)):
        tracking = clv.repeat_tracking_table(params, tx, start="1997-01-01", periods=78)
        assert tracking["expected"].is_monotonic_increasing
        assert tracking["expected"].iloc[-1] == pytest.approx(tracking["actual"].iloc[-1], rel=0.1)


# ------------------------------------------------------------------ value and published ---


def _lifetimes_example_summary():
    tx = pd.read_csv(
        Path(__file__).parent / "data/lifetimes/example_transactions.csv.gz", parse_dates=["date"]
    )
    tx["amount"] = 1.0
    return clv.calibration_summary(tx, calibration_end=tx["date"].max(), customer="id", unit_days=1)


def test_30_day_value_at_rates_0_and_1_matches_lifetimes_published_test():
    # lifetimes 0.11.3, tests/test_utils.py::test_customer_lifetime_value_with_known_model:
    # the first five customers of its example data, one spend unit per purchase, one period of
    # 30 days, discount rate 0 (and 1: exactly half).
    published = np.array([0.016053, 0.021171, 0.030461, 0.031686, 0.001607])
    summary = _lifetimes_example_summary()
    bg = clv.fit_bgnbd(summary)
    for rate, expected in ((0, published), (1, published / 2)):  # integer rates, as users type
        value = clv.discounted_expected_purchases(
            bg, summary.head(), periods=1, period_length=30, discount_rate=rate
        )
        np.testing.assert_allclose(value, expected, atol=5e-6)


def test_model_clv_takes_integer_rates_like_floats(bgnbd, gamma_gamma, cdnow):
    for rate in (0, 1):
        pd.testing.assert_series_equal(
            clv.model_clv(bgnbd, gamma_gamma, cdnow, discount_rate=rate),
            clv.model_clv(bgnbd, gamma_gamma, cdnow, discount_rate=float(rate)),
        )


def test_model_clv_is_positive_indexed_and_discounting_lowers_it(bgnbd, gamma_gamma, cdnow):
    low = clv.model_clv(bgnbd, gamma_gamma, cdnow, discount_rate=0.0)
    high = clv.model_clv(bgnbd, gamma_gamma, cdnow, discount_rate=0.05)
    assert (low > 0).all() and (high < low).all()
    assert low.index.equals(cdnow.index) and low.name == "clv"
    with pytest.raises(ValueError, match="discount_rate"):
        clv.model_clv(bgnbd, gamma_gamma, cdnow, discount_rate=-1.0)


def test_model_clv_rejects_bad_arguments(bgnbd, gamma_gamma, cdnow):
    with pytest.raises(TypeError, match="whole number"):
        clv.model_clv(bgnbd, gamma_gamma, cdnow, periods=2.5)
    with pytest.raises(ValueError, match="margin"):
        clv.model_clv(bgnbd, gamma_gamma, cdnow, margin=-5)


# ------------------------------------------------------------ numerically safe predictions ---


@pytest.mark.parametrize("model", ["bgnbd", "pareto", "mbgnbd"])
def test_frequent_buyer_silent_for_long_is_dead_without_overflow(model, bgnbd, pareto, cdnow):
    params = {"bgnbd": bgnbd, "pareto": pareto, "mbgnbd": clv.fit_mbgnbd(cdnow)}[model]
    with np.errstate(all="raise"):
        alive = clv.probability_alive(params, 1000, 10.0, 100.0)
        future = clv.expected_purchases(params, 1000, 10.0, 100.0, t=52)
    assert alive == pytest.approx(0.0, abs=1e-300)
    assert future == pytest.approx(0.0, abs=1e-300)
    # ...and one seen an hour ago is alive and keeps buying at nearly its rate.
    with np.errstate(all="raise"):
        alive = clv.probability_alive(params, 1000, 99.99, 100.0)
        future = clv.expected_purchases(params, 1000, 99.99, 100.0, t=10)
    assert 0.99 < alive <= 1.0
    rate = (params.r + 1000) / (params.alpha + 100.0)  # posterior purchase rate a week
    assert 0.85 * 10 * rate < future < 10 * rate


def test_euler_transformed_expectation_equals_the_textbook_formula(bgnbd):
    from scipy.special import hyp2f1

    r, alpha, a, b = bgnbd[:4]
    x, t_x, big_t, t = np.array([0, 1, 5, 20]), np.array([0, 10, 30, 38]), 39.0, 26.0
    textbook = (
        (a + b + x - 1)
        / (a - 1)
        * (
            1
            - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x)
            * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
        )
        * clv.probability_alive(bgnbd, x, t_x, np.full(4, big_t))
    )
    ours = clv.expected_purchases(bgnbd, x, t_x, np.full(4, big_t), t=t)
    np.testing.assert_allclose(ours, textbook, rtol=1e-12)


def test_new_customer_limit_of_the_conditional_expectation(bgnbd):
    # With t = 0 nobody buys; a customer with x = 0 is alive for sure (BG/NBD).
    assert clv.expected_purchases(bgnbd, 3, 20.0, 39.0, t=0) == 0
    assert clv.probability_alive(bgnbd, 0, 0.0, 39.0) == 1.0
    # A brand-new customer (x = 0, T -> 0) expects the unconditional E[X(t)].
    new = clv.expected_purchases(bgnbd, 0, 0.0, 1e-9, t=39)
    assert new == pytest.approx(clv.expected_purchases_new_customer(bgnbd, 39), rel=1e-6)


@given(st.integers(0, 40), st.floats(0.0, 1.0), st.floats(0.1, 100.0))
def test_probability_alive_in_unit_interval_for_every_model(x, share, big_t):
    recency = 0.0 if x == 0 else share * big_t
    for params in PUBLISHED_CDNOW_MODELS:
        assert 0.0 <= clv.probability_alive(params, x, recency, big_t) <= 1.0


@given(st.integers(0, 30), st.floats(0.0, 1.0), st.floats(1.0, 60.0))
def test_expectations_grow_with_the_horizon(x, share, big_t):
    recency = 0.0 if x == 0 else share * big_t
    for params in PUBLISHED_CDNOW_MODELS:
        values = [clv.expected_purchases(params, x, recency, big_t, t=t) for t in (0, 4, 13, 52)]
        assert values == sorted(values) and values[0] == 0


def test_one_customer_gives_a_float_many_give_a_series(bgnbd, cdnow):
    assert isinstance(clv.probability_alive(bgnbd, 2, 30.0, 39.0), float)
    from_frame = clv.probability_alive(bgnbd, cdnow)
    from_columns = clv.probability_alive(bgnbd, cdnow["frequency"], cdnow["recency"], cdnow["T"])
    pd.testing.assert_series_equal(from_frame, from_columns)
    assert from_frame.index.equals(cdnow.index) and from_frame.name == "p_alive"
    plain = clv.probability_alive(bgnbd, [2, 0], [30.0, 0.0], [39.0, 39.0])
    assert plain.index.tolist() == [0, 1]


@pytest.mark.parametrize(
    ("t", "error"), [(-1.0, ValueError), (float("nan"), ValueError), ("39", TypeError)]
)
def test_every_model_refuses_a_bad_period_alike(t, error):
    bgbb = clv.BGBBParams(*PUBLISHED_BGBB.values())
    for params in (*PUBLISHED_CDNOW_MODELS, bgbb):
        with pytest.raises(error, match="t must be a period length >= 0"):
            clv.expected_purchases(params, 2, 3.0, 5.0, t=t)
    with pytest.raises(error, match="t must be a period length >= 0"):
        clv.probability_of_purchases(BGNBD_TABLE_1, 1, t)


def test_questions_a_model_cannot_answer_say_so():
    with pytest.raises(TypeError, match="not defined for tuple"):
        clv.probability_alive((0.2, 4.0, 0.8, 2.4), 1, 1.0, 2.0)
    with pytest.raises(TypeError, match="not defined for ParetoNBDParams"):
        clv.probability_of_purchases(clv.ParetoNBDParams(*PUBLISHED_PNBD.values()), 1, 10.0)


# ------------------------------------------------------------ fits: exact and CPU-independent ---


def _finite_difference_check(loglik, theta):
    _, grad = loglik(theta)
    h = 1e-6 * theta
    numeric = [(loglik(theta + e)[0] - loglik(theta - e)[0]) / (2 * e.max()) for e in np.diag(h)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("point", [(0.3, 5.0, 0.8, 2.0), (0.243, 4.414, 0.793, 2.426)])
@pytest.mark.parametrize("module", [bgnbd_module, mbgnbd_module], ids=["bgnbd", "mbgnbd"])
def test_analytic_gradients_equal_finite_differences(cdnow, point, module):
    x, t_x, t = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    w = np.ones(len(x))
    _finite_difference_check(lambda p: module._loglik(p, x, t_x, t, w), np.array(point))


def test_gamma_gamma_gradient_equals_finite_differences(cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy(float)
    _finite_difference_check(lambda p: gg_module._loglik(p, x, m), np.array([6.0, 3.5, 15.0]))


def test_fits_are_exact_maxima(bgnbd, cdnow):
    """The optimum is found to ~1e-9, so shown digits cannot depend on the CPU's kernels."""
    x, t_x, t = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    _, grad = bgnbd_module._loglik(np.array(bgnbd[:4]), x, t_x, t, np.ones(len(x)))
    # ∂LL/∂ln θ per customer: BFGS alone stops near 1e-6, the Newton polish well below 1e-9.
    assert np.abs(grad * np.array(bgnbd[:4])).max() / len(x) < 1e-9
    # The digits the chapter shows (three decimals) are far from a rounding boundary.
    for value in bgnbd[:4]:
        assert abs(value * 1000 - round(value * 1000)) < 0.49


def test_bgnbd_recovers_parameters_of_simulated_data():
    truth = (0.5, 6.0, 0.7, 2.8)
    sim = clv.simulate_bgnbd(truth, 20_000, 52.0, rng=2024)
    fit = clv.fit_bgnbd(sim)
    np.testing.assert_allclose(fit[:4], truth, rtol=0.15)


def test_gamma_gamma_recovers_parameters_of_simulated_data():
    gen = np.random.default_rng(7)
    p, q, gamma = 6.0, 4.0, 20.0
    n = 20_000
    nu = gen.gamma(q, 1 / gamma, n)  # each customer's rate
    x = gen.integers(1, 8, n)
    spends = gen.gamma(p, 1 / nu[:, None], (n, 7))
    mean_spend = np.array([row[:k].mean() for row, k in zip(spends, x, strict=True)])
    fit = clv.fit_gamma_gamma(x, mean_spend)
    np.testing.assert_allclose(fit[:3], (p, q, gamma), rtol=0.15)


# ----------------------------------------------------------------------------- bad input ---


@pytest.mark.parametrize(
    ("freq", "rec", "T", "message"),
    [
        ([-1], [0.0], [10.0], "whole numbers >= 0"),
        ([1.5], [1.0], [10.0], "whole numbers"),
        ([2], [12.0], [10.0], "must not exceed T"),
        ([0], [3.0], [10.0], "frequency 0 must have recency 0"),
        ([1, 2], [1.0], [10.0], "same"),
        ([1], [float("nan")], [10.0], "missing"),
    ],
)
def test_bad_calibration_data_is_rejected(freq, rec, T, message):
    for fit in (clv.fit_bgnbd, clv.fit_pareto_nbd, clv.fit_mbgnbd):
        with pytest.raises(ValueError, match=message):
            fit(freq, rec, T)


def test_summary_without_the_columns_is_rejected(cdnow):
    with pytest.raises(
        ValueError, match=r"summary is missing column\(s\) \['T'\].*calibration_summary"
    ):
        clv.fit_bgnbd(cdnow.drop(columns="T"))
    with pytest.raises(TypeError, match="not both"):
        clv.fit_bgnbd(cdnow, cdnow["recency"])
    # a value that is no number is a bad value (ValueError), as in every other formula
    with pytest.raises(ValueError, match=r"frequency must be numeric, got dtype str \(row 0: 'a'"):
        clv.fit_bgnbd(["a"], [1.0], [2.0])
    with pytest.raises(TypeError, match=r"frequency must be numbers .* got str"):
        clv.fit_bgnbd("12", [1.0], [2.0])


def test_gamma_gamma_rejects_bad_spend():
    with pytest.raises(ValueError, match="monetary_value must be > 0"):
        clv.fit_gamma_gamma([1, 2, 3], [10.0, 0.0, 5.0])
    with pytest.raises(ValueError, match="at least 3"):
        clv.fit_gamma_gamma([1, 0], [10.0, 0.0])


@pytest.mark.parametrize(
    ("fit", "model"),
    [(clv.fit_bgnbd, "BG/NBD"), (clv.fit_mbgnbd, "MBG/NBD"), (clv.fit_pareto_nbd, "Pareto/NBD")],
)
def test_every_purchase_model_refuses_histories_it_cannot_learn_from(fit, model):
    with pytest.raises(ValueError, match=f"repeat purchase \\(frequency > 0\\): {model} cannot"):
        fit([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])
    with pytest.raises(ValueError, match="every T is 0"):
        fit([1, 2], [0.0, 0.0], [0.0, 0.0])


def test_degenerate_bgnbd_data_raise_or_warn():
    with pytest.raises(ValueError, match="no customer has a repeat purchase"):
        clv.fit_bgnbd([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])
    with pytest.raises(ValueError, match="every T is 0"):
        clv.fit_bgnbd([1, 2], [0.0, 0.0], [0.0, 0.0])
    with pytest.warns(clv.DegenerateFitWarning, match="no finite maximum"):
        clv.fit_bgnbd([3], [20.0], [30.0])  # one customer cannot pin down four numbers


def test_degenerate_fit_warning_points_at_the_callers_line():
    # the warning names the line that called fit_*, not crmlib's own code (stacklevel)
    with pytest.warns(clv.DegenerateFitWarning) as caught:
        clv.fit_bgnbd([3], [20.0], [30.0])
    assert [w.filename for w in caught] == [__file__]


def test_degenerate_gamma_gamma_data_warn():
    with pytest.warns(clv.DegenerateFitWarning, match="no finite maximum"):
        clv.fit_gamma_gamma([1, 2, 3, 4], [20.0, 20.0, 20.0, 20.0])


def test_bgbb_rejects_impossible_histories():
    with pytest.raises(ValueError, match="whole numbers of opportunities"):
        clv.fit_bgbb([7], [6], [6])  # seven purchases in six opportunities
    with pytest.raises(ValueError, match="weights"):
        clv.fit_bgbb([1, 2], [1, 2], [6, 6], weights=[1])


def test_new_customer_expectation_keeps_the_index_of_a_series_of_horizons():
    horizons = pd.Series([13.0, 39.0], index=["quarter", "3 quarters"])
    got = clv.expected_purchases_new_customer(BGNBD_TABLE_1, horizons)
    assert got.index.tolist() == ["quarter", "3 quarters"] and got.name == "expected_purchases"
    assert got["3 quarters"] == pytest.approx(
        clv.expected_purchases_new_customer(BGNBD_TABLE_1, 39.0)
    )
    assert isinstance(clv.expected_purchases_new_customer(BGNBD_TABLE_1, [13.0, 39.0]), np.ndarray)
    with pytest.raises(ValueError, match="period lengths >= 0"):
        clv.expected_purchases_new_customer(BGNBD_TABLE_1, pd.Series([13.0, -1.0]))


def test_model_clv_of_one_customers_row_is_a_float():
    gg = clv.GammaGammaParams(p=6.25, q=3.74, gamma=15.44)
    summary = pd.DataFrame(
        {
            "frequency": [2, 0],
            "recency": [30.0, 0.0],
            "T": [39.0, 20.0],
            "monetary_value": [40.0, 0],
        },
        index=["Bob", "Ann"],
    )
    table = clv.model_clv(BGNBD_TABLE_1, gg, summary, periods=3)
    assert clv.model_clv(BGNBD_TABLE_1, gg, summary.loc["Ann"], periods=3) == pytest.approx(
        table["Ann"]
    )
    with pytest.raises(TypeError, match="calibration-summary DataFrame"):
        clv.model_clv(BGNBD_TABLE_1, gg, [2, 30.0, 39.0, 40.0])


def test_clv_signatures_say_what_they_take():
    """No public clv function takes or returns a bare Any (issue #14: full type hints)."""
    import inspect

    for name in clv.__all__:
        obj = getattr(clv, name)
        if inspect.isfunction(obj) or hasattr(obj, "dispatch"):
            hints = {k: str(v) for k, v in inspect.get_annotations(obj).items()}
            assert "Any" not in hints.values(), (name, hints)
