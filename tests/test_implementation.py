"""Chapter 5's implementation tools: vendor scoring and the BMW material."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import implementation


def test_vendor_scores_are_weighted_means_by_hand():
    ratings = pd.DataFrame({"price": [4, 2, 3], "fit": [2, 5, 3]}, index=["A", "B", "C"])
    out = implementation.score_vendors(ratings, {"price": 0.4, "fit": 0.6})
    # A: 0.4*4 + 0.6*2 = 2.8; B: 0.8 + 3.0 = 3.8; C: 3.0
    assert out.index.tolist() == ["B", "C", "A"]
    assert out["score"].tolist() == pytest.approx([3.8, 3.0, 2.8])
    assert out["rank"].tolist() == [1, 2, 3]


def test_equal_scores_share_a_rank():
    ratings = pd.DataFrame({"x": [3, 3, 1]}, index=["A", "B", "C"])
    assert implementation.score_vendors(ratings, {"x": 1.0})["rank"].tolist() == [1, 1, 3]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"price": 0.5}, "missing"),
        ({"price": 0.5, "fit": 0.3, "extra": 0.2}, "extra"),
        ({"price": 0.7, "fit": 0.7}, "sum to 1"),
        ({"price": 1.2, "fit": -0.2}, "non-negative"),
    ],
)
def test_bad_weights_are_refused(weights, message):
    ratings = pd.DataFrame({"price": [4, 2], "fit": [2, 5]}, index=["A", "B"])
    with pytest.raises(ValueError, match=message):
        implementation.score_vendors(ratings, weights)


def test_ratings_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="between 1 and 5"):
        implementation.score_vendors(pd.DataFrame({"x": [6]}), {"x": 1.0})


def test_bmw_material_is_complete():
    assert len(implementation.BMW_PRINCIPLES) == 5
    assert len(implementation.BMW_GUIDELINES) == 10
    assert set(implementation.BMW_GUIDELINES["principle"]) == {1, 2, 3, 4, 5}
    assert len(implementation.VENDOR_SELECTION_STEPS) == 7
