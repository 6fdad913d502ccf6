"""Chapter 3's model figures: built from crmlib.clv results, labelled, and checked on bad input."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from crmlib import clv, datasets, plotting

matplotlib.use("Agg")

BG = clv.BGNBDParams(0.243, 4.414, 0.793, 2.426)


@pytest.fixture(scope="module")
def both():
    return clv.calibration_and_holdout(
        datasets.load_cdnow_transactions(),
        calibration_end="1997-09-30",
        holdout_end="1998-06-30",
        amount="dollars",
    )


def _labelled(fig) -> None:
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_period_transactions_figure_shows_both_series(both):
    fig = plotting.period_transactions(clv.period_transactions(BG, both))
    _labelled(fig)
    ax = fig.axes[0]
    assert len(ax.patches) == 16  # 8 bars, actual and model
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "7+"


def test_calibration_vs_holdout_figure(both):
    fig = plotting.calibration_vs_holdout(clv.holdout_comparison(BG, both))
    _labelled(fig)
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["actual", "model"]


@pytest.mark.parametrize("t", [None, 39.0])
def test_frequency_recency_matrix_for_every_model(t):
    for params in (BG, clv.ParetoNBDParams(0.553, 10.578, 0.606, 11.669)):
        fig = plotting.frequency_recency_matrix(params, T=39, t=t, max_frequency=10)
        _labelled(fig)
        values = fig.axes[0].get_images()[0].get_array()
        assert values.shape == (11, 60) and np.isfinite(values).all()


def test_alive_history_jumps_at_purchases_and_checks_its_input():
    fig = plotting.alive_history(BG, [0, 2, 5, 6], T=20)
    _labelled(fig)
    x, y = fig.axes[0].get_lines()[0].get_data()
    assert y[x < 2].min() == 1.0  # no repeat purchase yet: alive for sure under BG/NBD
    assert y[-1] < y[np.searchsorted(x, 6.0)]  # silence after the last purchase lowers it
    with pytest.raises(ValueError, match="start at 0"):
        plotting.alive_history(BG, [1, 2], T=20)
    with pytest.raises(ValueError, match="end by T"):
        plotting.alive_history(BG, [0, 25], T=20)


def test_repeat_tracking_incremental_view(both):
    tracking = clv.repeat_tracking_table(
        BG, datasets.load_cdnow_transactions(), start="1997-01-01", periods=78
    )
    fig = plotting.repeat_tracking(tracking, calibration_end=39, incremental=True)
    _labelled(fig)
    assert "weekly" in fig.axes[0].get_ylabel()
