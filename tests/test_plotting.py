"""Figures not covered elsewhere: built, labelled, and refusing what they cannot draw."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from crmlib import plotting
from crmlib.plotting import _satisfaction

matplotlib.use("Agg")


@pytest.mark.parametrize("name", ["ACSI", "SCSB", "ECSI"])
def test_index_model_draws_every_construct_and_path(name):
    boxes, arrows = _satisfaction.INDEX_MODELS[name]
    fig = plotting.index_model(name)
    ax = fig.axes[0]
    labels = {t.get_text().replace("\n", " ") for t in ax.texts} - {""}  # arrows have no text
    assert labels == set(boxes)
    assert len([c for c in ax.get_children() if type(c).__name__ == "Annotation"]) == len(arrows)


def test_index_model_writes_estimated_paths_and_rejects_unknown_models():
    paths = pd.Series({("perceived value", "customer satisfaction"): 0.456})
    fig = plotting.index_model("SCSB", paths=paths)
    assert "0.46" in {t.get_text() for t in fig.axes[0].texts}
    with pytest.raises(ValueError, match="no model 'NCSB'"):
        plotting.index_model("NCSB")


def test_clv_conventions_draws_the_three_values_at_the_marked_retention():
    fig = plotting.clv_conventions(margin=100, rate=0.10, mark=0.80)
    ax = fig.axes[0]
    marks = sorted(
        round(float(line.get_ydata()[0]), 2) for line in ax.lines if len(line.get_ydata()) == 1
    )
    assert marks == [266.67, 333.33, 366.67]  # m r/(1+i-r), m/(1+i-r), m(1+i)/(1+i-r)
    assert "retention" in ax.get_xlabel() and "yuan" in ax.get_ylabel()
    with pytest.raises(ValueError, match="mark must be a retention rate"):
        plotting.clv_conventions(mark=1.2)


def test_rfm_heatmap_names_the_unit_of_its_colour_bar():
    scores = pd.DataFrame(
        {"R": [1, 2, 2], "F": [1, 1, 2], "monetary": [10.0, 20.0, 40.0]},
        index=["a", "b", "c"],
    )
    fig = plotting.rfm_heatmap(scores, unit="yuan")
    assert fig.axes[1].get_ylabel() == "mean monetary (yuan)"
    assert plotting.rfm_heatmap(scores).axes[1].get_ylabel() == "mean monetary"


def test_colour_lists_repeat_instead_of_dropping_or_failing_on_long_inputs():
    # Each figure has a short palette. It used to zip it with strict=False: loyal_profit_bars
    # left out a seventh source silently, weight_bars and lead_workload failed with a KeyError
    # on a fifth criterion or sixth department. The colours now repeat.
    sources = pd.DataFrame({f"source {k}": [1.0, 2.0] for k in range(7)} | {"total": 21.0})
    assert len(plotting.loyal_profit_bars(sources).axes[0].patches) == 7 * 2
    synthesis = pd.DataFrame(
        {"criterion": list("ABCDE"), "global_weight": [0.3, 0.25, 0.2, 0.15, 0.1]},
        index=["i1", "i2", "i3", "i4", "i5"],
    )
    bars = plotting.weight_bars(synthesis).axes[0].patches
    assert len(bars) == 5 and bars[0].get_facecolor() == bars[4].get_facecolor()  # i5 and i1
    leads = pd.DataFrame(
        {"lead_type": [f"type {k}" for k in range(6)], "department": list("abcdef")}
    )
    assert len(plotting.lead_workload(leads).axes[0].patches) == 6


def test_figures_that_can_show_nothing_accept_an_empty_table():
    """No leads is a day's answer, and its chart is empty; a pyramid of no zones is an error."""
    no_leads = pd.DataFrame({"lead_type": [], "department": []})
    assert len(plotting.lead_workload(no_leads).axes[0].patches) == 0
    empty_zones = pd.DataFrame(
        columns=["customers", "share_of_customers", "share_of_revenue", "share_of_profit"]
    )
    with pytest.raises(ValueError, match="summary is empty"):
        plotting.pyramid(empty_zones)
