"""Figures not covered elsewhere: built, labelled, and refusing what they cannot draw."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from crmlib import plotting

matplotlib.use("Agg")


@pytest.mark.parametrize("name", ["ACSI", "SCSB"])
def test_index_model_draws_every_construct_and_path(name):
    boxes, arrows = plotting.satisfaction.INDEX_MODELS[name]
    fig = plotting.index_model(name)
    ax = fig.axes[0]
    labels = {t.get_text().replace("\n", " ") for t in ax.texts} - {""}  # arrows have no text
    assert labels == set(boxes)
    assert len([c for c in ax.get_children() if type(c).__name__ == "Annotation"]) == len(arrows)


def test_index_model_writes_estimated_paths_and_rejects_unknown_models():
    paths = pd.Series({("perceived value", "customer satisfaction"): 0.456})
    fig = plotting.index_model("SCSB", paths=paths)
    assert "0.46" in {t.get_text() for t in fig.axes[0].texts}
    with pytest.raises(ValueError, match="no model 'ECSI'"):
        plotting.index_model("ECSI")


def test_rfm_heatmap_names_the_unit_of_its_colour_bar():
    scores = pd.DataFrame(
        {"R": [1, 2, 2], "F": [1, 1, 2], "monetary": [10.0, 20.0, 40.0]},
        index=["a", "b", "c"],
    )
    fig = plotting.rfm_heatmap(scores, unit="yuan")
    assert fig.axes[1].get_ylabel() == "mean monetary (yuan)"
    assert plotting.rfm_heatmap(scores).axes[1].get_ylabel() == "mean monetary"
