"""BG/NBD and Gamma-Gamma: published CDNOW estimates, parameter recovery, properties, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import clv_models, datasets

# Fader, Hardie & Lee (2005), "Counting your customers the easy way", table 1.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie & Lee (2005, JMR); Fader & Hardie (2013) note: p, q, gamma on 946 repeaters.
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def sig3(x: float) -> float:
    return float(f"{x:.3g}")


@pytest.fixture(scope="module")
def cdnow():
    return datasets.load_cdnow()


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return clv_models.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])


def test_bgnbd_reproduces_published_cdnow_estimates(bgnbd):
    for name, value in PUBLISHED_BGNBD.items():
        assert sig3(getattr(bgnbd, name)) == sig3(value), name
    assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)


def test_gamma_gamma_reproduces_published_cdnow_estimates(cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    assert len(rep) == 946
    gg = clv_models.fit_gamma_gamma(rep["frequency"], rep["monetary_value"])
    for name, value in PUBLISHED_GG.items():
        assert sig3(getattr(gg, name)) == sig3(value), name


def test_calibration_summary_rebuilds_the_published_summary(cdnow):
    built = clv_models.calibration_summary(
        datasets.load_cdnow_transactions(), calibration_end="1997-09-30", amount="dollars"
    )
    assert built.index.tolist() == cdnow.index.tolist()
    assert (built["frequency"] == cdnow["frequency"]).all()
    for col in ("recency", "T", "monetary_value"):
        assert (built[col] - cdnow[col]).abs().max() <= 0.005 + 1e-9, col


def test_bgnbd_recovers_parameters_of_simulated_data():
    truth = (0.5, 6.0, 0.7, 2.8)
    sim = clv_models.simulate_bgnbd(truth, 20_000, 52.0, rng=2024)
    fit = clv_models.fit_bgnbd(sim["frequency"], sim["recency"], sim["T"])
    np.testing.assert_allclose(fit[:4], truth, rtol=0.15)


def test_gamma_gamma_recovers_parameters_of_simulated_data():
    gen = np.random.default_rng(7)
    p, q, gamma = 6.0, 4.0, 20.0
    n = 20_000
    nu = gen.gamma(q, 1 / gamma, n)  # each customer's scale
    x = gen.integers(1, 8, n)
    spends = gen.gamma(p, 1 / nu[:, None], (n, 7))
    mean_spend = np.array([row[:k].mean() for row, k in zip(spends, x, strict=True)])
    fit = clv_models.fit_gamma_gamma(x, mean_spend)
    np.testing.assert_allclose(fit[:3], (p, q, gamma), rtol=0.15)


def test_conditional_expectation_closed_forms(bgnbd):
    # With t = 0 nobody buys; a customer with x = 0 is alive for sure.
    assert clv_models.conditional_expected_purchases(bgnbd, 0, [3], [20.0], [39.0])[0] == 0
    assert clv_models.probability_alive(bgnbd, [0], [0.0], [39.0])[0] == 1.0
    # A brand-new customer (x = 0, T -> 0) expects the unconditional E[X(t)].
    new = clv_models.conditional_expected_purchases(bgnbd, 39, [0], [0.0], [1e-9])[0]
    assert new == pytest.approx(clv_models.expected_purchases(bgnbd, 39), rel=1e-6)


@given(
    st.integers(0, 40),
    st.floats(0.0, 1.0),
    st.floats(0.1, 100.0),
)
def test_probability_alive_in_unit_interval(x, share, big_t):
    params = clv_models.BGNBDParams(0.243, 4.414, 0.793, 2.426, 0.0)
    recency = 0.0 if x == 0 else share * big_t
    p = clv_models.probability_alive(params, [x], [recency], [big_t])[0]
    assert 0.0 <= p <= 1.0


@pytest.mark.parametrize(
    ("freq", "rec", "T", "message"),
    [
        ([-1], [0.0], [10.0], "whole numbers >= 0"),
        ([1.5], [1.0], [10.0], "whole numbers"),
        ([2], [12.0], [10.0], "must not exceed T"),
        ([0], [3.0], [10.0], "frequency 0 must have recency 0"),
        ([1, 2], [1.0], [10.0], "same"),
    ],
)
def test_bad_calibration_data_is_rejected(freq, rec, T, message):
    with pytest.raises(ValueError, match=message):
        clv_models.fit_bgnbd(freq, rec, T)


def test_gamma_gamma_rejects_bad_spend():
    with pytest.raises(ValueError, match="monetary must be > 0"):
        clv_models.fit_gamma_gamma([1, 2, 3], [10.0, 0.0, 5.0])
    with pytest.raises(ValueError, match="at least 3"):
        clv_models.fit_gamma_gamma([1, 0], [10.0, 0.0])


def test_model_clv_is_positive_and_discounting_lowers_it(bgnbd, cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    gg = clv_models.fit_gamma_gamma(rep["frequency"], rep["monetary_value"])
    args = (cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"])
    low = clv_models.model_clv(bgnbd, gg, *args, discount_rate=0.0)
    high = clv_models.model_clv(bgnbd, gg, *args, discount_rate=0.05)
    assert (low > 0).all() and (high < low).all()
    with pytest.raises(ValueError, match="discount_rate"):
        clv_models.model_clv(bgnbd, gg, *args, discount_rate=-1.0)


# --------------------------------------------------------------- published values (issue 12) ---

# BTYD walkthrough (Dziurzynski, Wadsworth & McCarthy, the R package BTYD's vignette), CDNOW
# sample, weeks from 1997-01-01: cum.tracking[, 20:25] and inc.tracking[, 20:25], "actual".
BTYD_CUMULATIVE_WEEKS_20_25 = [1359, 1414, 1484, 1517, 1573, 1672]
BTYD_INCREMENTAL_WEEKS_20_25 = [73, 55, 70, 33, 56, 99]


def test_repeat_tracking_counts_purchases_strictly_before_the_end_of_each_week(bgnbd):
    tracking = clv_models.repeat_tracking_table(
        datasets.load_cdnow_transactions(), bgnbd, start="1997-01-01", periods=25
    )
    assert tracking["actual"].loc[20.0:25.0].tolist() == BTYD_CUMULATIVE_WEEKS_20_25
    incremental = tracking["actual"].diff()
    assert incremental.loc[20.0:25.0].tolist() == BTYD_INCREMENTAL_WEEKS_20_25


def test_repeat_tracking_week_boundary_on_a_tiny_log(bgnbd):
    import pandas as pd

    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            # first purchase; day 6 (still week 1); day 7 = 8 January (week 2)
            "date": ["1997-01-01", "1997-01-07", "1997-01-08"],
        }
    )
    tracking = clv_models.repeat_tracking_table(tx, bgnbd, start="1997-01-01", periods=2)
    assert tracking["actual"].tolist() == [1, 2]


def _lifetimes_example_summary():
    import pandas as pd

    tx = pd.read_csv(
        __import__("pathlib").Path(__file__).parent / "data/lifetimes/example_transactions.csv.gz",
        parse_dates=["date"],
    )
    return clv_models.calibration_summary(
        tx, calibration_end=tx["date"].max(), customer="id", amount="id", unit_days=1
    )


def test_30_day_value_at_rates_0_and_1_matches_lifetimes_published_test():
    # lifetimes 0.11.3, tests/test_utils.py::test_customer_lifetime_value_with_known_model:
    # the first five customers of its example data, one spend unit per purchase, one period of
    # 30 days, discount rate 0 (and 1: exactly half).
    published = np.array([0.016053, 0.021171, 0.030461, 0.031686, 0.001607])
    summary = _lifetimes_example_summary()
    bg = clv_models.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    head = summary.head()
    args = (bg, head["frequency"], head["recency"], head["T"])
    for rate, expected in ((0, published), (1, published / 2)):  # integer rates, as users type
        value = clv_models.discounted_expected_purchases(
            *args, periods=1, period_length=30, discount_rate=rate
        )
        np.testing.assert_allclose(value, expected, atol=5e-6)


def test_model_clv_takes_integer_rates_like_floats(bgnbd, cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    gg = clv_models.fit_gamma_gamma(rep["frequency"], rep["monetary_value"])
    args = (cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"])
    for rate in (0, 1):
        np.testing.assert_array_equal(
            clv_models.model_clv(bgnbd, gg, *args, discount_rate=rate),
            clv_models.model_clv(bgnbd, gg, *args, discount_rate=float(rate)),
        )


def test_frequent_buyer_silent_for_long_is_dead_without_overflow(bgnbd):
    with np.errstate(all="raise"):
        alive = clv_models.probability_alive(bgnbd, [1000], [10.0], [100.0])
        future = clv_models.conditional_expected_purchases(bgnbd, 52, [1000], [10.0], [100.0])
    assert alive[0] == 0.0
    assert future[0] == 0.0
    # ...and a frequent buyer seen an hour ago is alive and keeps buying at about x/T.
    with np.errstate(all="raise"):
        alive = clv_models.probability_alive(bgnbd, [1000], [99.99], [100.0])
        future = clv_models.conditional_expected_purchases(bgnbd, 10, [1000], [99.99], [100.0])
    assert 0.99 < alive[0] <= 1.0
    # its posterior rate is (r + x)/(α + T) a week; dropping out on the way lowers the forecast
    rate = (bgnbd.r + 1000) / (bgnbd.alpha + 100.0)
    assert 0.9 * 10 * rate < future[0] < 10 * rate


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
        * clv_models.probability_alive(bgnbd, x, t_x, np.full(4, big_t))
    )
    ours = clv_models.conditional_expected_purchases(bgnbd, t, x, t_x, np.full(4, big_t))
    np.testing.assert_allclose(ours, textbook, rtol=1e-12)


# ------------------------------------------------------------ fits: exact and CPU-independent ---


@pytest.mark.parametrize("point", [(0.3, 5.0, 0.8, 2.0), (0.243, 4.414, 0.793, 2.426)])
def test_bgnbd_gradient_equals_finite_differences(cdnow, point):
    x, t_x, t = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    w = np.ones(len(x))
    theta = np.array(point)
    _, grad = clv_models._bgnbd_loglik(theta, x, t_x, t, w)
    h = 1e-6 * theta
    numeric = [
        (
            clv_models._bgnbd_loglik(theta + e, x, t_x, t, w)[0]
            - clv_models._bgnbd_loglik(theta - e, x, t_x, t, w)[0]
        )
        / (2 * e.max())
        for e in np.diag(h)
    ]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-4)


def test_gamma_gamma_gradient_equals_finite_differences(cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy(float)
    theta = np.array([6.0, 3.5, 15.0])
    _, grad = clv_models._gamma_gamma_loglik(theta, x, m)
    h = 1e-6 * theta
    numeric = [
        (
            clv_models._gamma_gamma_loglik(theta + e, x, m)[0]
            - clv_models._gamma_gamma_loglik(theta - e, x, m)[0]
        )
        / (2 * e.max())
        for e in np.diag(h)
    ]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-4)


def test_fits_are_exact_maxima(bgnbd, cdnow):
    """The optimum is found to ~1e-9, so shown digits cannot depend on the CPU's kernels."""
    x, t_x, t = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    _, grad = clv_models._bgnbd_loglik(np.array(bgnbd[:4]), x, t_x, t, np.ones(len(x)))
    # ∂LL/∂ln θ per customer: BFGS alone stops near 1e-6, the Newton polish well below 1e-9.
    assert np.abs(grad * np.array(bgnbd[:4])).max() / len(x) < 1e-9
    # Digits that the chapter shows (three decimals) are far from a rounding boundary.
    for value in bgnbd[:4]:
        assert abs(value * 1000 - round(value * 1000)) < 0.49


def test_degenerate_bgnbd_data_raise_or_warn():
    with pytest.raises(ValueError, match="no customer has a repeat purchase"):
        clv_models.fit_bgnbd([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])
    with pytest.raises(ValueError, match="every T is 0"):
        clv_models.fit_bgnbd([1, 2], [0.0, 0.0], [0.0, 0.0])
    with pytest.warns(clv_models.DegenerateFitWarning, match="no finite maximum"):
        clv_models.fit_bgnbd([3], [20.0], [30.0])  # one customer cannot pin down four numbers


def test_degenerate_gamma_gamma_data_warn():
    with pytest.warns(clv_models.DegenerateFitWarning, match="no finite maximum"):
        clv_models.fit_gamma_gamma([1, 2, 3, 4], [20.0, 20.0, 20.0, 20.0])


def test_model_clv_rejects_bad_arguments(bgnbd, cdnow):
    rep = cdnow[cdnow["frequency"] > 0]
    gg = clv_models.fit_gamma_gamma(rep["frequency"], rep["monetary_value"])
    args = (cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"])
    with pytest.raises(TypeError, match="whole number"):
        clv_models.model_clv(bgnbd, gg, *args, periods=2.5)
    with pytest.raises(ValueError, match="margin"):
        clv_models.model_clv(bgnbd, gg, *args, margin=-5)
