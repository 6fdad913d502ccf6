"""Widget logic without a browser: set the controls, read the result."""

from __future__ import annotations

import pytest

from crmlib import ahp, datasets, lifecycle, strategy, widgets


def test_clv_calculator_follows_its_controls():
    box = widgets.clv_calculator(margin=100, retention=0.8, rate=0.1, horizon=10)
    assert "m·r/(1+i−r) = 266.67" in box.result.value
    box.controls["retention"].value = 0.9
    assert f"{lifecycle.retention_clv(100, 0.9, 0.1):,.2f}" in box.result.value
    assert bytes(box.picture.value).startswith(b"\x89PNG")


def test_retention_explorer_matches_strategy():
    box = widgets.retention_explorer()
    box.controls["acquisition_cost"].value = 300
    uplift = strategy.retention_uplift(
        0.05,
        customers=1000,
        margin=100,
        retention=0.8,
        acquisition_cost=300,
        discount_rate=0.1,
        years=10,
        margin_growth=0.0,
    )
    assert f"{uplift['change']:+.0%}" in box.result.value


def test_ahp_editor_weights_and_warning():
    box = widgets.ahp_editor(items=("a", "b", "c"), judgments=(2, 4, 2))
    assert "CR = 0.000" in box.result.value and "Inconsistent" not in box.result.value
    box.controls["p0"].value = 9
    box.controls["p1"].value = -7  # a is 9x b, but c is 9x a, while b is 2x c
    assert "Inconsistent" in box.result.value
    expected = ahp.priority_weights(ahp.pairwise_matrix([9, 1 / 9, 2], ["a", "b", "c"]))
    assert f"{expected['c']:.3f}" in box.result.value


def test_rfm_explorer_tier_sizes():
    box = widgets.rfm_explorer(datasets.load_transactions())
    assert "<td>top</td><td>600</td>" in box.result.value
    box.controls["top_share"].value = 0.1
    assert "<td>top</td><td>300</td>" in box.result.value


@pytest.mark.parametrize(("f", "d", "name"), [(1, 3, "attractive"), (2, 5, "must-be")])
def test_kano_classifier(f, d, name):
    box = widgets.kano_classifier()
    box.controls["functional"].value = f
    box.controls["dysfunctional"].value = d
    assert f"Kano: {name}" in box.result.value
    box.controls["perceived"].value = 120
    assert "1.20: exceeds" in box.result.value
