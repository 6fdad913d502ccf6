"""Sample sizes (Cochran, Krejcie & Morgan) and the four sampling designs."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import sampling


@pytest.mark.parametrize(("population", "size"), sorted(sampling.KREJCIE_MORGAN_TABLE.items()))
def test_krejcie_morgan_table_row_for_row(population, size):
    assert sampling.sample_size(population, method="krejcie-morgan") == size


def test_cochran_hand_computed():
    # n0 = 1.959964^2 * 0.25 / 0.05^2 = 384.146; N = 1000: 384.146 / (1 + 383.146/1000) = 277.7
    assert sampling.sample_size(1000) == 278
    assert sampling.sample_size(10**9) == 385  # the infinite-population 384.15, rounded up
    assert sampling.sample_size(50) == 45  # 44.34 -> 45
    assert sampling.sample_size(1000, margin=0.03) == 517


def test_margin_of_error_hand_computed_and_inverts_cochran():
    # 1.959964 * sqrt(0.25 / 400) = 0.04900; with N = 1000: * sqrt(600 / 999) = 0.03797
    assert sampling.margin_of_error(400) == pytest.approx(0.0490, abs=5e-5)
    assert sampling.margin_of_error(400, 1000) == pytest.approx(0.03797, abs=5e-5)
    assert sampling.margin_of_error(1000, 1000) == 0.0  # a census has no sampling error
    for population in (100, 379, 1200, 5000):
        for margin in (0.03, 0.05, 0.1):
            n = sampling.sample_size(population, margin=margin)
            assert sampling.margin_of_error(n, population) <= margin + 1e-12
            if n > 1:  # one answer fewer misses the target
                assert sampling.margin_of_error(n - 1, population) > margin


@pytest.mark.parametrize(
    "kwargs",
    [{"n": 0}, {"n": 2.5}, {"n": 10, "population": 5}, {"n": 10, "confidence": 1.0}],
)
def test_margin_of_error_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        sampling.margin_of_error(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"population": 0},
        {"population": 100, "margin": 0},
        {"population": 100, "p": 1.0},
        {"population": 100, "method": "guess"},
    ],
)
def test_sample_size_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        sampling.sample_size(**kwargs)


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"id": range(100), "group": ["a"] * 50 + ["b"] * 30 + ["c"] * 20})


def test_designs_sizes_and_determinism(frame):
    for design in (sampling.simple_random_sample, sampling.systematic_sample):
        s = design(frame, 10, rng=3)
        assert len(s) == 10 and s.index.is_unique
        pd.testing.assert_frame_equal(s, design(frame, 10, rng=3))
    strat = sampling.stratified_sample(frame, 10, by="group", rng=3)
    assert strat["group"].value_counts().to_dict() == {"a": 5, "b": 3, "c": 2}
    clusters = sampling.cluster_sample(frame, 2, by="group", rng=3)
    assert clusters["group"].nunique() == 2
    assert len(clusters) == frame["group"].isin(clusters["group"].unique()).sum()


def test_systematic_sample_is_evenly_spaced(frame):
    ids = sampling.systematic_sample(frame, 10, rng=0)["id"].to_numpy()
    assert set(ids[1:] - ids[:-1]) == {10}


def test_designs_reject_bad_sizes(frame):
    with pytest.raises(ValueError, match="from 1 to 100"):
        sampling.simple_random_sample(frame, 0)
    with pytest.raises(ValueError, match="n_clusters"):
        sampling.cluster_sample(frame, 4, by="group")
