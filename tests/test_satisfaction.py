"""Satisfaction degree, Kano, ACSI scores, improvement map, NPS, indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import datasets, satisfaction


def test_satisfaction_degree_and_readings():
    assert satisfaction.satisfaction_degree(120, 100) == 1.2
    assert satisfaction.satisfaction_reading(1.2) == "exceeds"
    assert satisfaction.satisfaction_reading(1.0) == "meets"
    assert satisfaction.satisfaction_reading(0.5) == "dissatisfied"
    with pytest.raises(ValueError, match="expected values must be > 0"):
        satisfaction.satisfaction_degree(1, 0)


@pytest.mark.parametrize(
    ("f", "d", "code"),
    [
        (1, 5, "O"),  # like it present, dislike it absent: one-dimensional
        (1, 3, "A"),  # like it, neutral without: attractive
        (2, 5, "M"),  # expect it, dislike without: must-be
        (3, 3, "I"),
        (5, 1, "R"),
        (1, 1, "Q"),
        (5, 5, "Q"),
        (4, 5, "M"),
        (1, 4, "A"),
        (2, 2, "I"),
    ],
)
def test_kano_table_cells(f, d, code):
    assert satisfaction.kano_category(f, d) == code


def test_kano_rejects_out_of_range_answers():
    with pytest.raises(ValueError, match="1 \\(like\\)"):
        satisfaction.kano_categories(pd.Series([1, 6]), pd.Series([5, 5]))
    with pytest.raises(ValueError, match=r"numbers 1\.\.5"):
        satisfaction.kano_categories(pd.Series(["x"]), pd.Series([5]))
    with pytest.raises(ValueError, match="1 \\(like\\)"):
        satisfaction.kano_category(6, 5)


def test_one_return_type_each():
    # one pair gives a str, one respondent a float, whatever the input; many give a Series
    assert isinstance(satisfaction.kano_category(np.int64(1), 5), str)
    assert isinstance(satisfaction.satisfaction_degree(np.float64(90), 100), float)
    codes = satisfaction.kano_categories(
        pd.Series([1, 3], index=["r1", "r2"]), pd.Series([5, 5], index=["r1", "r2"])
    )
    assert codes.to_dict() == {"r1": "O", "r2": "M"}
    c = satisfaction.satisfaction_degrees(pd.Series([90, 120]), pd.Series([100, 100]))
    assert c.tolist() == [0.9, 1.2]
    with pytest.raises(ValueError, match="one answer pair; for many use kano_categories"):
        satisfaction.kano_category([1, 3], [5, 5])
    with pytest.raises(TypeError, match="perceived must be one number, got Series"):
        satisfaction.satisfaction_degree(pd.Series([90]), 100)
    with pytest.raises(TypeError, match="functional must be a pandas Series"):
        satisfaction.kano_categories([1, 3], pd.Series([5, 5]))
    with pytest.raises(ValueError, match="expected must have exactly the index of perceived"):
        satisfaction.satisfaction_degrees(pd.Series([90]), pd.Series([100], index=[5]))


def test_kano_summary_hand_computed():
    answers = pd.DataFrame(
        {
            "feature": ["f"] * 5,
            "functional": [1, 1, 1, 2, 3],
            "dysfunctional": [3, 3, 5, 5, 3],
        }
    )
    row = satisfaction.kano_summary(answers).loc["f"]
    assert (row["A"], row["O"], row["M"], row["I"]) == (2, 1, 1, 1)
    assert row["category"] == "attractive"
    assert row["better"] == pytest.approx(3 / 5)
    assert row["worse"] == pytest.approx(-2 / 5)


def test_kano_ties_go_to_must_be():
    answers = pd.DataFrame(
        {"feature": ["f", "f"], "functional": [1, 2], "dysfunctional": [3, 5]}
    )  # one A, one M
    assert satisfaction.kano_summary(answers).loc["f", "category"] == "must-be"


def test_kano_survey_finds_the_planted_categories():
    table = satisfaction.kano_summary(datasets.load_kano_survey())
    assert table.loc["repair done right the first time", "category"] == "must-be"
    assert table.loc["loaner car during repairs", "category"] == "attractive"
    assert table.loc["online service booking", "category"] == "one-dimensional"


def test_acsi_scores_rescale_and_weight():
    survey = pd.DataFrame({"q1": [1, 5], "q2": [3, 5], "o": [5, 1]})
    got = satisfaction.acsi_scores(survey, {"quality": ["q1", "q2"], "overall": ["o"]})
    assert got["quality"].tolist() == [25.0, 100.0]
    assert got["overall"].tolist() == [100.0, 0.0]
    weighted = satisfaction.acsi_scores(
        survey, {"quality": ["q1", "q2"]}, weights={"quality": [3, 1]}
    )
    assert weighted["quality"].tolist() == [12.5, 100.0]
    with pytest.raises(ValueError, match=r"scale 1\.\.5"):
        satisfaction.acsi_scores(pd.DataFrame({"q": [7]}), {"x": ["q"]})


def test_structural_paths_recover_a_known_relation():
    gen = np.random.default_rng(1)
    x = gen.standard_normal((500, 2))
    y = 0.8 * x[:, 0] + 0.0 * x[:, 1]
    paths = satisfaction.structural_paths(
        pd.DataFrame({"y": y, "a": x[:, 0], "b": x[:, 1]}), outcome="y", drivers=["a", "b"]
    )
    assert paths["a"] == pytest.approx(1.0, abs=0.05) and abs(paths["b"]) < 0.05


def test_net_promoter_score():
    assert satisfaction.net_promoter_score([10, 10, 9, 5]) == 50.0
    assert satisfaction.net_promoter_score([0, 6, 7, 8]) == -50.0
    with pytest.raises(ValueError, match=r"0\.\.10"):
        satisfaction.net_promoter_score([11])


def test_improvement_map_areas():
    importance = pd.Series({"a": 5.0, "b": 5.0, "c": 1.0, "d": 1.0})
    performance = pd.Series({"a": 1.0, "b": 5.0, "c": 1.0, "d": 5.0})
    areas = satisfaction.improvement_map(importance, performance)["area"].to_dict()
    assert areas == {
        "a": "urgent improvement",
        "b": "competitive advantage",
        "c": "secondary improvement",
        "d": "nice-to-have",
    }


def test_weighted_satisfaction_and_priorities():
    weights = pd.Series({"x": 0.5, "y": 0.3, "z": 0.2})
    scores = pd.Series({"x": 4.0, "y": 3.0, "z": 5.0})
    table = satisfaction.weighted_satisfaction(weights, scores)
    assert table.loc["total", "weighted_score"] == pytest.approx(0.5 * 4 + 0.3 * 3 + 0.2 * 5)
    top = satisfaction.improvement_priorities(weights, scores, n=2)
    # Gains: x 0.5 * 1 = 0.5, y 0.3 * 2 = 0.6, z 0.
    assert top.index.tolist() == ["y", "x"]
    with pytest.raises(ValueError, match="sum to 1"):
        satisfaction.weighted_satisfaction(weights * 2, scores)


def test_composite_index_reverse_and_weights():
    frame = pd.DataFrame({"spend": [0.0, 10.0], "price_sensitivity": [1.0, 0.0]})
    idx = satisfaction.composite_index(frame, reverse=["price_sensitivity"])
    assert idx.tolist() == [0.0, 100.0]
    with pytest.raises(ValueError, match="unknown indicators"):
        satisfaction.composite_index(frame, reverse=["nope"])


def test_select_survey_names_what_exists():
    survey = datasets.load_satisfaction_survey()
    assert len(satisfaction.select_survey(survey, dealer="DL01", wave="2025H1")) == 150
    with pytest.raises(ValueError, match="unknown dealer 'XX'; the survey has: DL01, TJ01, TJ02"):
        satisfaction.select_survey(survey, dealer="XX", wave="2025H1")


def test_loyalty_indicators_hand_computed():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            "date": ["2024-01-01", "2024-09-01", "2024-12-01"],
            "amount": [10.0, 20.0, 30.0],
            "category": ["x", "y", "y"],
        }
    )
    row = satisfaction.loyalty_indicators(tx, as_of="2025-01-01").loc["a"]
    assert row["duration"] == 366 and row["frequency"] == 3 and row["cross_buying"] == 2
    assert row["trend"] == 2 - 0  # two purchases in the last 180 days, none before


def test_loyalty_cross_buying_counts_categories_bought_not_returned():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "date": ["2024-11-01", "2024-11-20", "2024-11-05"],
            "amount": [50.0, -20.0, -5.0],
            "category": ["x", "y", "x"],
        }
    )
    got = satisfaction.loyalty_indicators(tx, as_of="2025-01-01")
    assert got["cross_buying"].to_dict() == {"a": 1, "b": 0}  # y was only brought back
    assert got["cross_buying"].dtype == "int64"


def test_a_missing_satisfaction_degree_reads_no_data():
    assert satisfaction.satisfaction_reading(float("nan")) == "no data"
    readings = satisfaction.satisfaction_reading([1.0, np.nan, 0.5])
    assert readings.tolist() == ["meets", "no data", "dissatisfied"]


def test_weighted_satisfaction_refuses_a_missing_score_and_names_it():
    weights = pd.Series({"S1": 0.5, "S2": 0.5})
    with pytest.raises(ValueError, match=r"score of the indicators \['S2'\] is missing"):
        satisfaction.weighted_satisfaction(weights, pd.Series({"S1": 4.0, "S2": np.nan}))
    with pytest.raises(ValueError, match=r"weights must be numbers >= 0"):
        satisfaction.weighted_satisfaction(
            pd.Series({"S1": 1.5, "S2": -0.5}), pd.Series({"S1": 4.0, "S2": 3.0})
        )


def test_improvement_map_refuses_an_item_without_a_value():
    importance = pd.Series({"a": 4.0, "b": np.nan})
    with pytest.raises(ValueError, match=r"importance is missing \(NaN\) for the items \['b'\]"):
        satisfaction.improvement_map(importance, pd.Series({"a": 3.0, "b": 4.0}))


def test_readings_and_rescaled_answers_keep_the_customers():
    c = pd.Series([1.2, 0.5], index=["Ann", "Bob"])
    assert satisfaction.satisfaction_reading(c).to_dict() == {
        "Ann": "exceeds",
        "Bob": "dissatisfied",
    }
    answers = pd.Series([1.0, 5.0], index=["Ann", "Bob"], name="q1")
    scores = satisfaction.rescale(answers, low=1, high=5)
    assert scores.to_dict() == {"Ann": 0.0, "Bob": 100.0} and scores.name == "q1"
