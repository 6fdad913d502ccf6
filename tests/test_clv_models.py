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
