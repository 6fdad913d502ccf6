"""AHP: matrices, weights, consistency, synthesis, expert aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import ahp, datasets


def consistent(weights: list[float], names: list[str] | None = None) -> pd.DataFrame:
    w = np.asarray(weights, dtype=float)
    names = names or [f"x{i}" for i in range(len(w))]
    return pd.DataFrame(w[:, None] / w[None, :], index=names, columns=names)


def test_consistent_matrix_has_cr_zero_and_weights_proportional_to_columns():
    m = consistent([4.0, 2.0, 1.0, 1.0])
    assert ahp.consistency_ratio(m) == pytest.approx(0.0, abs=1e-9)
    assert ahp.lambda_max(m) == pytest.approx(4.0)
    expected = m.iloc[:, 0] / m.iloc[:, 0].sum()  # any column, normalised
    pd.testing.assert_series_equal(ahp.priority_weights(m), expected, check_names=False)
    np.testing.assert_allclose(ahp.priority_weights(m, method="geometric"), expected)


def test_random_index_table():
    # Saaty (1980): the values every AHP text reprints.
    assert ahp.RANDOM_INDEX[3] == 0.58
    assert ahp.RANDOM_INDEX[4] == 0.90
    assert ahp.RANDOM_INDEX[5] == 1.12
    assert ahp.RANDOM_INDEX[9] == 1.45
    assert ahp.RANDOM_INDEX[15] == 1.59
    assert sorted(ahp.RANDOM_INDEX) == list(range(1, 16))


def test_sizes_one_and_two_are_consistent_by_definition():
    assert ahp.consistency_ratio(pd.DataFrame([[1.0]])) == 0.0
    assert ahp.consistency_ratio(ahp.pairwise_matrix([9], ["a", "b"])) == 0.0


def test_hand_computed_three_by_three():
    # a = [[1, 2, 6], [1/2, 1, 4], [1/6, 1/4, 1]]: lambda_max by power iteration is 3.0092
    # (computed by hand to 4 decimals), CI = 0.0046, CR = 0.0079.
    m = ahp.pairwise_matrix([2, 6, 4], ["a", "b", "c"])
    assert ahp.lambda_max(m) == pytest.approx(3.0092, abs=1e-4)
    assert ahp.consistency_index(m) == pytest.approx(0.0046, abs=1e-4)
    assert ahp.consistency_ratio(m) == pytest.approx(0.0079, abs=1e-4)
    w = ahp.priority_weights(m)
    assert w.round(3).tolist() == [0.588, 0.323, 0.089]


def test_inconsistent_matrix_is_flagged():
    m = ahp.pairwise_matrix([9, 1 / 9, 9], ["a", "b", "c"])  # a >> b, a << c, b >> c
    report = ahp.consistency_report(m)
    assert report["CR"] > 1
    assert not report["consistent"]
    assert "inconsistent" in report["verdict"]


def test_pairwise_matrix_from_mapping_either_direction():
    m = ahp.pairwise_matrix({("a", "b"): 3, ("c", "a"): 2, ("b", "c"): 1}, ["a", "b", "c"])
    assert m.loc["a", "c"] == 0.5 and m.loc["c", "a"] == 2.0 and m.loc["b", "a"] == 1 / 3


@pytest.mark.parametrize(
    ("judgments", "message"),
    [
        ([3, 5], "need 3 upper-triangle judgments"),
        ([3, 5, 12], "outside Saaty's scale"),
        ([3, 5, 0], "outside Saaty's scale"),
        ({("a", "b"): 3, ("a", "c"): 2}, "missing for the pairs"),
        ({("a", "b"): 3, ("b", "a"): 3, ("a", "c"): 1, ("b", "c"): 1}, "judged twice"),
    ],
)
def test_pairwise_matrix_rejects_bad_judgments(judgments, message):
    with pytest.raises(ValueError, match=message):
        ahp.pairwise_matrix(judgments, ["a", "b", "c"])


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (np.ones((2, 3)), "square"),
        (np.array([[1.0, 2.0], [2.0, 1.0]]), "not reciprocal"),
        (np.array([[1.0, -2.0], [-0.5, 1.0]]), "positive"),
        (np.array([[2.0, 1.0], [1.0, 2.0]]), "diagonal"),
    ],
)
def test_validate_pairwise_rejects_bad_matrices(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp.validate_pairwise(matrix)


def test_unknown_weight_method():
    with pytest.raises(ValueError, match="method"):
        ahp.priority_weights(consistent([1, 2]), method="mean")


@given(st.lists(st.floats(0.2, 5.0), min_size=2, max_size=9))
def test_weights_sum_to_one_and_recover_consistent_weights(raw):
    m = consistent(raw)
    w = ahp.priority_weights(m)
    assert w.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(w, np.asarray(raw) / sum(raw), rtol=1e-6)
    assert ahp.consistency_ratio(m) == pytest.approx(0.0, abs=1e-6)


def test_synthesize_global_weights():
    hierarchy = {
        "goal": consistent([3, 1], ["B1", "B2"]),
        "B1": consistent([1, 1], ["i1", "i2"]),
        "B2": consistent([3, 1], ["i3", "i4"]),
    }
    table = ahp.synthesize(hierarchy)
    # B1 = 0.75 split equally; B2 = 0.25 split 3:1.
    assert table["global_weight"].to_dict() == pytest.approx(
        {"i1": 0.375, "i2": 0.375, "i3": 0.1875, "i4": 0.0625}
    )
    assert table["global_weight"].sum() == pytest.approx(1.0)
    assert table["rank"].tolist() == [1, 2, 3, 4]


def test_synthesize_refuses_or_flags_inconsistent_matrices():
    bad = ahp.pairwise_matrix([9, 1 / 9, 9], ["i1", "i2", "i3"])
    hierarchy = {"goal": consistent([1, 1], ["B1", "B2"]), "B1": bad, "B2": consistent([1], ["i4"])}
    with pytest.raises(ValueError, match="inconsistent judgments"):
        ahp.synthesize(hierarchy)
    flagged = ahp.synthesize(hierarchy, on_inconsistent="flag")
    assert not flagged.loc["i1", "consistent"] and flagged.loc["i4", "consistent"]
    with pytest.raises(ValueError, match="no matrix for the criteria"):
        ahp.synthesize({"goal": consistent([1, 1], ["B1", "B2"]), "B1": bad})


def test_aggregate_is_geometric_mean_and_reciprocal():
    a = ahp.pairwise_matrix([2], ["x", "y"])
    b = ahp.pairwise_matrix([8], ["x", "y"])
    g = ahp.aggregate_judgments([a, b])
    assert g.loc["x", "y"] == pytest.approx(4.0) and g.loc["y", "x"] == pytest.approx(0.25)


def test_consensus_drops_the_inconsistent_expert():
    group, checks = ahp.consensus(datasets.load_ahp_judgments())
    bad = checks[~checks["consistent"]]
    assert bad[["expert", "matrix"]].to_numpy().tolist() == [["E5", "after-sales service"]]
    assert not bad["used"].any()
    assert all(ahp.consistency_ratio(m) < ahp.CR_THRESHOLD for m in group.values())
    weights = ahp.synthesize(group)
    assert len(weights) == 14 and weights["global_weight"].sum() == pytest.approx(1.0)


def test_judgment_errors_name_the_expert():
    bad = pd.DataFrame(
        {"expert": ["E9"], "matrix": ["goal"], "row": ["a"], "col": ["b"], "value": [20.0]}
    )
    with pytest.raises(ValueError, match="expert E9, matrix 'goal'"):
        ahp.judgment_matrices(bad)
    with pytest.raises(ValueError, match="columns"):
        ahp.judgment_matrices(bad.drop(columns="value"))


def _judgments(rows: list[tuple[str, str, object]], expert: str = "E1") -> pd.DataFrame:
    return pd.DataFrame(
        [{"expert": expert, "matrix": "goal", "row": r, "col": c, "value": v} for r, c, v in rows]
    )


def test_conflicting_duplicate_judgments_name_the_expert_and_the_pair():
    twice = _judgments([("a", "b", 3), ("a", "b", 5)], expert="E7")
    with pytest.raises(
        ValueError,
        match=r"expert E7, matrix 'goal': the pair \(a, b\) is judged "
        r"twice, with conflicting values: \(a, b\) = 3 and \(a, b\) = 5",
    ):
        ahp.judgment_matrices(twice)
    reversed_conflict = _judgments([("a", "b", 3), ("b", "a", 3)])
    with pytest.raises(ValueError, match=r"conflicting values"):
        ahp.consensus(reversed_conflict)


def test_identical_duplicate_judgments_are_refused_too():
    """Documented choice: a repeated row is refused (keep one judgment per pair), not merged."""
    with pytest.raises(ValueError, match=r"judged twice \(the same judgment\)"):
        ahp.judgment_matrices(_judgments([("a", "b", 3), ("a", "b", 3)]))
    with pytest.raises(ValueError, match=r"judged twice \(the same judgment\)"):
        ahp.judgment_matrices(_judgments([("a", "b", "3"), ("b", "a", "1/3")]))


def test_judgments_written_as_fractions_are_read():
    matrices = ahp.judgment_matrices(_judgments([("a", "b", "1/3")]))
    assert matrices[("E1", "goal")].loc["b", "a"] == pytest.approx(3.0)
    with pytest.raises(ValueError, match=r"judgment \(a, b\) = 'three' is not a number"):
        ahp.judgment_matrices(_judgments([("a", "b", "three")]))
    with pytest.raises(ValueError, match=r"judgment \(a, b\) is missing"):
        ahp.judgment_matrices(_judgments([("a", "b", np.nan)]))


def test_a_judgment_off_saatys_scale_is_refused():
    with pytest.raises(ValueError, match=r"expert E1.*\(a, b\) = 100.0 is outside Saaty's scale"):
        ahp.consensus(_judgments([("a", "b", 100)]))


def test_consensus_of_no_judgments_is_a_clear_error():
    with pytest.raises(ValueError, match="no judgments"):
        ahp.consensus([])
    with pytest.raises(ValueError, match="no judgments"):
        ahp.consensus(_judgments([]).reindex(columns=["expert", "matrix", "row", "col", "value"]))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        ahp.consensus([{"expert": "E1"}])
