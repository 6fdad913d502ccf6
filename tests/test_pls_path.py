"""PLS path modelling against seminr's estimates on the ECSI mobile-phone survey."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import datasets
from crmlib.pls_path import ECSI_BLOCKS, ECSI_PATHS, fit_pls_path, satisfaction_index

# seminr's estimates of its "basic" mobi model (Image -> Expectation; Expectation, Quality
# (mode B), Complaints -> Loyalty), as recorded by plspm-python's regression tests
# (tests/data/seminr-mobi-basic-outer-model.csv and -paths.csv), rounded to 9 decimals.
SEMINR_WEIGHTS = {
    "IMAG1": 0.289315133, "IMAG2": 0.302049293, "IMAG3": 0.239056557, "IMAG4": 0.306197699,
    "IMAG5": 0.307935310, "CUEX1": 0.486195011, "CUEX2": 0.561419220, "CUEX3": 0.381323455,
    "PERQ1": 0.407033651, "PERQ2": 0.166397958, "PERQ3": 0.384657286, "PERQ4": 0.074006541,
    "PERQ5": 0.052151213, "PERQ6": -0.086247505, "PERQ7": 0.247567714, "CUSCO": 1.0,
    "CUSL1": 0.455294150, "CUSL2": 0.117887757, "CUSL3": 0.658305669,
}  # fmt: skip
SEMINR_LOADINGS = {
    "IMAG1": 0.738146832, "IMAG2": 0.628057636, "IMAG3": 0.584994324, "IMAG4": 0.755321624,
    "IMAG5": 0.732667242, "CUEX1": 0.750620089, "CUEX2": 0.760693714, "CUEX3": 0.545427205,
    "PERQ1": 0.848331560, "PERQ2": 0.613093728, "PERQ3": 0.840292545, "PERQ4": 0.654863987,
    "PERQ5": 0.670785747, "PERQ6": 0.610190555, "PERQ7": 0.802363178, "CUSCO": 1.0,
    "CUSL1": 0.817374916, "CUSL2": 0.205795369, "CUSL3": 0.916889002,
}  # fmt: skip
SEMINR_PATHS = {
    ("corporate image", "customer expectations"): 0.512876954,
    ("customer expectations", "customer loyalty"): 0.124534793,
    ("perceived quality", "customer loyalty"): 0.405693672,
    ("customer complaints", "customer loyalty"): 0.176081957,
}
BASIC = {
    name: ECSI_BLOCKS[name]
    for name in [
        "corporate image",
        "customer expectations",
        "perceived quality",
        "customer complaints",
        "customer loyalty",
    ]
}


@pytest.fixture(scope="module")
def mobi() -> pd.DataFrame:
    return datasets.load_ecsi_mobi()


def test_reproduces_seminr_on_the_ecsi_mobile_phone_survey(mobi):
    fit = fit_pls_path(mobi, BASIC, list(SEMINR_PATHS), modes={"perceived quality": "B"})
    pd.testing.assert_series_equal(
        fit.weights, pd.Series(SEMINR_WEIGHTS, name="weight"), atol=1e-6, rtol=0
    )
    pd.testing.assert_series_equal(
        fit.loadings, pd.Series(SEMINR_LOADINGS, name="loading"), atol=1e-6, rtol=0
    )
    expected = pd.Series(SEMINR_PATHS, name="path").rename_axis(["cause", "effect"])
    pd.testing.assert_series_equal(fit.paths, expected, atol=1e-6, rtol=0)
    # R² follows from the same scores: the squared multiple correlation, computed directly
    X = fit.scores[["customer expectations", "perceived quality", "customer complaints"]].to_numpy()
    y = fit.scores["customer loyalty"].to_numpy()
    residual = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    assert fit.r_squared["customer loyalty"] == pytest.approx(
        1 - residual.var() / y.var(), abs=1e-12
    )
    assert fit.r_squared["customer expectations"] == pytest.approx(0.512876954**2, abs=1e-6)


def test_full_ecsi_model_is_well_behaved(mobi):
    fit = fit_pls_path(mobi, ECSI_BLOCKS, ECSI_PATHS)
    assert fit.iterations < 50
    assert ((fit.r_squared > 0) & (fit.r_squared < 1)).all()
    np.testing.assert_allclose(fit.scores.std(), 1.0)
    assert (fit.loadings[ECSI_BLOCKS["customer satisfaction"]] > 0.7).all()  # a reflective block
    assert fit.paths["customer satisfaction", "customer loyalty"] > 0
    index = satisfaction_index(mobi, ECSI_BLOCKS, fit)
    assert index.between(0, 100).all()
    assert list(index.index) == list(ECSI_BLOCKS)


def test_index_of_a_block_is_its_rescaled_weighted_mean():
    # equal raw weights: the index is the plain mean mapped from 1..10 to 0..100
    survey = pd.DataFrame({"q1": [4.0, 6.0, 8.0], "q2": [4.0, 6.0, 8.0], "s": [1.0, 5.0, 9.0]})
    fit = fit_pls_path(survey, {"Q": ["q1", "q2"], "S": ["s"]}, [("Q", "S")])
    index = satisfaction_index(survey, {"Q": ["q1", "q2"], "S": ["s"]}, fit)
    assert index["Q"] == pytest.approx(100 * (6 - 1) / 9)
    assert index["S"] == pytest.approx(100 * (5 - 1) / 9)


def test_bad_models_get_clear_errors(mobi):
    with pytest.raises(ValueError, match="'perceived value' has no block"):
        fit_pls_path(mobi, BASIC, [("perceived quality", "perceived value")])
    with pytest.raises(ValueError, match="mode is 'A'"):
        fit_pls_path(mobi, BASIC, list(SEMINR_PATHS), modes={"perceived quality": "C"})
    # The message names the argument ("data"), not the transaction log (a bug fixed here).
    with pytest.raises(ValueError, match=r"^data is missing column\(s\) \['CUSCO'\]"):
        fit_pls_path(mobi.drop(columns="CUSCO"), BASIC, list(SEMINR_PATHS))
    with pytest.raises(ValueError, match="missing answers"):
        fit_pls_path(mobi.mask(mobi == 1), BASIC, list(SEMINR_PATHS))
    with pytest.raises(ValueError, match="one answer for everyone"):
        fit_pls_path(mobi.assign(CUSCO=5), BASIC, list(SEMINR_PATHS))
    with pytest.raises(RuntimeError, match="did not converge in 1 rounds"):
        fit_pls_path(mobi, BASIC, list(SEMINR_PATHS), max_iter=1)
    with pytest.raises(ValueError, match="hi > lo"):
        satisfaction_index(
            mobi, BASIC, fit_pls_path(mobi, BASIC, list(SEMINR_PATHS)), scale=(10, 1)
        )
