"""Tests of crmlib.segmentation against hand-computed values, plus invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import classification, customers, datasets, segmentation


def tx(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


@pytest.fixture
def small() -> pd.DataFrame:
    return tx(
        [
            ("a", "2024-01-01", 100.0),
            ("a", "2024-03-01", 50.0),
            ("b", "2024-02-15", 20.0),
            ("c", "2023-12-01", 300.0),
            ("c", "2024-02-01", 10.0),
            ("c", "2024-02-20", 40.0),
        ]
    )


# ----------------------------------------------------------------------------- rfm_table ---


def test_rfm_table_hand_computed(small):
    got = segmentation.rfm_table(small, as_of="2024-03-31")
    expected = pd.DataFrame(
        {"recency": [30, 45, 40], "frequency": [2, 1, 3], "monetary": [150.0, 20.0, 350.0]},
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(got, expected)


def test_rfm_table_default_as_of_is_day_after_last(small):
    got = segmentation.rfm_table(small)
    assert got.loc["a", "recency"] == 1  # last transaction 2024-03-01, as_of 2024-03-02


def test_rfm_table_does_not_mutate_input(small):
    before = small.copy()
    segmentation.rfm_table(small)
    pd.testing.assert_frame_equal(small, before)


def test_rfm_table_custom_column_names(small):
    renamed = small.rename(columns={"customer_id": "cust", "date": "day", "amount": "paid"})
    got = segmentation.rfm_table(renamed, customer="cust", date="day", amount="paid")
    assert got.index.name == "cust"
    assert got["monetary"].tolist() == [150.0, 20.0, 350.0]


def test_returns_lower_monetary_but_are_not_purchases():
    got = segmentation.rfm_table(
        tx(
            [
                ("a", "2024-01-01", 100.0),
                ("a", "2024-01-20", -40.0),  # a return, later than the purchase
                ("r", "2024-01-05", -10.0),  # only a return
            ]
        ),
        as_of="2024-01-31",
    )
    assert got.loc["a"].tolist() == [30, 1, 60.0]  # recency from the purchase, not the return
    assert got.loc["r"].tolist() == [26, 0, -10.0]  # kept, with F = 0


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (tx([]), "empty"),
        (pd.DataFrame({"customer": ["a"], "date": ["2024-01-01"], "amount": [1.0]}), "customer_id"),
        (tx([("a", "2024-01-01", None)]), "missing value"),
        (tx([(None, "2024-01-01", 5.0)]), "customer_id has 1 missing"),
        (tx([("a", "not a date", 5.0)]), "must hold dates"),
        (tx([("a", "2024-01-01", 1.0)]).astype({"amount": str}), "must be numeric"),
        (tx([("a", "2025-01-01", 1.0)]), "after as_of"),
    ],
)
def test_rfm_table_rejects_bad_input(frame, message):
    with pytest.raises(ValueError, match=message):
        segmentation.rfm_table(frame, as_of="2024-06-30")


def test_rfm_table_rejects_non_frame():
    with pytest.raises(TypeError, match="DataFrame"):
        segmentation.rfm_table([1, 2, 3])


# ---------------------------------------------------------------------------- rfm_scores ---


def rfm_frame(recency, frequency, monetary) -> pd.DataFrame:
    n = len(recency)
    index = pd.Index([f"c{i:03d}" for i in range(n)], name="customer_id")
    return pd.DataFrame(
        {"recency": recency, "frequency": frequency, "monetary": monetary}, index=index
    )


def test_rfm_scores_hand_computed():
    rfm = rfm_frame([5, 10, 50, 200, 400], [8, 1, 4, 2, 1], [500.0, 20.0, 200.0, 50.0, 5.0])
    got = segmentation.rfm_scores(rfm)
    # Recency: 5 is most recent -> R = 5; frequency 1 is shared by two customers -> F = 1 both.
    assert got["R"].tolist() == [5, 4, 3, 2, 1]
    assert got["F"].tolist() == [5, 1, 4, 3, 1]
    assert got["M"].tolist() == [5, 2, 4, 3, 1]
    assert got["rfm_product"].tolist() == [125, 8, 48, 18, 1]
    assert got["tier"].tolist() == ["top", "middle", "middle", "middle", "bottom"]


def test_rfm_scores_three_bins_and_ties_share_scores():
    rfm = rfm_frame([1, 1, 9, 9, 9, 30], [3, 3, 3, 1, 1, 1], [10.0, 10, 10, 10, 10, 10])
    got = segmentation.rfm_scores(rfm, bins=3)
    # Score = 1 + (min-rank - 1) * bins // n, rank 1 = worst. Recency 30 -> rank 1 -> 1;
    # the three 9s share rank 2 -> 1 + 1 * 3 // 6 = 1; the two 1s share rank 5 -> 1 + 12 // 6 = 3.
    assert got["R"].tolist() == [3, 3, 1, 1, 1, 1]
    assert got["F"].tolist() == [2, 2, 2, 1, 1, 1]
    assert got["M"].tolist() == [1] * 6


def test_rfm_tier_ties_broken_by_monetary_then_id():
    rfm = rfm_frame([10] * 5, [2] * 5, [10.0, 50.0, 10.0, 10.0, 10.0])
    got = segmentation.rfm_scores(rfm)
    assert got["tier"].tolist() == ["middle", "top", "middle", "middle", "bottom"]


@pytest.mark.parametrize("bins", [1, 0, 2.5, "5"])
def test_rfm_scores_rejects_bad_bins(bins):
    with pytest.raises(ValueError, match="bins"):
        segmentation.rfm_scores(rfm_frame([1], [1], [1.0]), bins=bins)


def test_rfm_scores_other_tier_shares():
    rfm = rfm_frame(list(range(10)), [1] * 10, [float(m) for m in range(10)])
    tiers = segmentation.rfm_scores(rfm, top_share=0.1)["tier"]
    assert tiers.value_counts().to_dict() == {"top": 1, "middle": 8, "bottom": 1}
    with pytest.raises(ValueError, match="top_share"):
        segmentation.rfm_scores(rfm, top_share=0.5)


def test_rfm_scores_rejects_missing_column():
    with pytest.raises(ValueError, match="monetary"):
        segmentation.rfm_scores(rfm_frame([1], [1], [1.0]).drop(columns="monetary"))


rfm_values = st.lists(
    st.tuples(st.integers(0, 700), st.integers(0, 50), st.floats(-100, 1e5, allow_nan=False)),
    min_size=1,
    max_size=300,
)


@given(rfm_values, st.integers(2, 10))
def test_scores_in_range_and_tiers_20_60_20(rows, bins):
    recency, frequency, monetary = zip(*rows, strict=True)
    got = segmentation.rfm_scores(rfm_frame(recency, frequency, monetary), bins=bins)
    for col in "RFM":
        assert got[col].between(1, bins).all()
    n = len(rows)
    sizes = got["tier"].value_counts().reindex(["top", "middle", "bottom"])
    assert sizes.tolist() == [round(0.2 * n), round(0.8 * n) - round(0.2 * n), n - round(0.8 * n)]
    # A customer with a larger product is never in a lower tier.
    codes = got["tier"].cat.codes.to_numpy()
    product = got["rfm_product"].to_numpy()
    assert not ((product[:, None] > product[None, :]) & (codes[:, None] > codes[None, :])).any()


@given(rfm_values)
def test_scores_are_monotone(rows):
    recency, frequency, monetary = zip(*rows, strict=True)
    got = segmentation.rfm_scores(rfm_frame(recency, frequency, monetary))
    for measure, score, sign in [("recency", "R", -1), ("frequency", "F", 1), ("monetary", "M", 1)]:
        ordered = got.sort_values(measure)
        assert (np.diff(ordered[score].to_numpy()) * sign >= 0).all()


# --------------------------------------------------------------------- pyramid and tiers ---


def test_textbook_pyramid_reproduced():
    summary = segmentation.profit_zone_summary(datasets.pyramid_example())
    assert summary["customers"].tolist() == [15, 30, 60, 75, 120]
    np.testing.assert_allclose(summary["share_of_profit"], [0.42, 0.41, 0.16, 0.06, -0.05])
    # The source's revenue shares sum to 105%; the example keeps their proportions.
    np.testing.assert_allclose(
        summary["share_of_revenue"], np.array([35, 40, 15, 10, 5]) / 105, atol=1e-9
    )
    assert summary.loc["loss-making", "zone_zh"] == "赔钱区"


def test_profit_zones_cut_at_5_10_20_25_40_percent():
    profit = pd.Series(np.arange(100.0, 0, -1), index=[f"c{i:03d}" for i in range(100)])
    zones = segmentation.profit_zones(profit)
    assert zones.value_counts(sort=False).tolist() == [5, 10, 20, 25, 40]
    assert zones.iloc[0] == "most profitable"
    assert zones.iloc[-1] == "loss-making"


def test_profit_zones_ties_by_customer_id_regardless_of_row_order():
    profit = pd.Series([5.0] * 20, index=[f"c{i:02d}" for i in range(20)])
    forward = segmentation.profit_zones(profit)
    backward = segmentation.profit_zones(profit.iloc[::-1])
    pd.testing.assert_series_equal(forward, backward.reindex(forward.index))
    assert forward["c00"] == "most profitable"


@given(st.lists(st.floats(-1e4, 1e5, allow_nan=False), min_size=1, max_size=400))
def test_zone_shares_sum_to_one(profits):
    value = pd.DataFrame(
        {"profit": profits, "revenue": np.abs(profits) + 1.0},
        index=[f"c{i:04d}" for i in range(len(profits))],
    )
    summary = segmentation.profit_zone_summary(value)
    assert summary["customers"].sum() == len(profits)
    assert summary["share_of_customers"].sum() == pytest.approx(1.0)
    assert summary["share_of_revenue"].sum() == pytest.approx(1.0)


def test_profit_zones_reject_duplicates_and_missing():
    with pytest.raises(ValueError, match="unique"):
        segmentation.profit_zones(pd.Series([1.0, 2.0], index=["a", "a"]))
    with pytest.raises(ValueError, match="missing"):
        segmentation.profit_zones(pd.Series([1.0, None], index=["a", "b"]))
    with pytest.raises(ValueError, match="profit is empty"):
        segmentation.profit_zones(pd.Series([], dtype=float))


def test_value_tiers_sizes():
    tiers = segmentation.value_tiers(pd.Series(np.arange(20.0), index=range(20)))
    assert tiers.value_counts(sort=False).tolist() == [1, 3, 6, 10]
    assert tiers[19] == "VIP"


def test_segment_summary_hand_computed():
    value = pd.DataFrame({"revenue": [10.0, 30.0, 60.0], "profit": [-5.0, 5.0, 20.0]})
    got = segmentation.segment_summary(value, pd.Series(["x", "y", "y"], name="seg"))
    assert got["customers"].tolist() == [1, 2]
    assert got["share_of_revenue"].tolist() == [0.1, 0.9]
    assert got["share_of_profit"].tolist() == [-0.25, 1.25]
    with pytest.raises(ValueError, match="exactly the index"):
        segmentation.segment_summary(value, pd.Series(["x"]))


def test_customer_value_hand_computed():
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "date": ["2024-01-01", "2024-02-01", "2024-02-05", "2024-03-31"],
            "amount": [100.0, 50.0, -50.0, 20.0],
            "cost": [60.0, 30.0, -30.0, 15.0],
            "service_cost": [10.0, 10.0, 5.0, 10.0],
        }
    )
    got = customers.customer_value(frame)
    assert got.loc["a", "purchases"] == 2
    assert got.loc["a", "sales"] == 150.0
    assert got.loc["a", "revenue"] == 100.0
    assert got.loc["a", "profit"] == 100.0 - 60.0 - 25.0
    assert got.loc["a", "avg_purchase"] == 75.0
    assert got.loc["b", "profit"] == -5.0
    assert got.loc["a", "purchases_per_quarter"] == 2  # the log spans under one quarter


def test_purchase_rate_counts_each_customers_own_tenure():
    # "old" buys 4 times over the whole year (4 quarters: 1 a quarter); "new" joins half a
    # year before the log ends and buys 4 times too (2 quarters: 2 a quarter); "last" joins on
    # the last day (counted as one quarter, not as 1 / 0).
    days = ["2024-01-01", "2024-04-01", "2024-07-01", "2024-12-30"]
    late = ["2024-07-02", "2024-08-01", "2024-09-01", "2024-12-30"]
    frame = pd.DataFrame(
        {
            "customer_id": ["old"] * 4 + ["new"] * 4 + ["last"],
            "date": days + late + ["2024-12-30"],
            "amount": 10.0,
            "cost": 5.0,
            "service_cost": 1.0,
        }
    )
    rate = customers.customer_value(frame)["purchases_per_quarter"]
    assert rate["old"] == pytest.approx(4 / (364 / 91.3))
    assert rate["new"] == pytest.approx(4 / (181 / 91.3))
    assert rate["last"] == 1.0
    with pytest.raises(ValueError, match="service_cost"):
        customers.customer_value(frame.drop(columns="service_cost"))
    with pytest.raises(ValueError, match=">= 0"):
        customers.customer_value(frame.assign(service_cost=-1.0))


def test_customer_attributes_most_frequent_with_alphabetical_ties():
    frame = pd.DataFrame(
        {"customer_id": ["a", "a", "a", "b", "b"], "region": ["E", "W", "W", "N", "E"]}
    )
    got = customers.customer_attributes(frame, ["region"])
    assert got["region"].to_dict() == {"a": "W", "b": "E"}


# ------------------------------------------------------------------------------------ ABC ---


def test_abc_classes_hand_computed():
    sales = pd.Series({"k1": 500.0, "k2": 300.0, "k3": 120.0, "k4": 80.0, "p": 0.0})
    assert segmentation.abc_classes(sales).to_dict() == {
        "k1": "A",
        "k2": "A",
        "k3": "B",
        "k4": "B",
        "p": "C",
    }


def test_abc_exact_75_percent_boundary():
    sales = pd.Series({"x": 75.0, "y": 25.0})
    assert segmentation.abc_classes(sales).tolist() == ["A", "B"]


@pytest.mark.parametrize(
    ("sales", "message"),
    [
        (pd.Series({"x": -1.0, "y": 2.0}), ">= 0"),
        (pd.Series({"x": 0.0}), "no customer has sales"),
        (pd.Series([], dtype=float), "sales is empty"),
    ],
)
def test_abc_rejects_bad_sales(sales, message):
    with pytest.raises(ValueError, match=message):
        segmentation.abc_classes(sales)


def test_visit_plan_counts_visits():
    plan = segmentation.visit_plan(
        pd.Series(["A", "B", "B", "C"], name="abc"), segmentation.ABC_VISITS_PER_MONTH
    )
    assert plan["total_visits"].to_dict() == {"A": 2.0, "B": 2.0, "C": 0.5}
    with pytest.raises(ValueError, match="no visit frequency"):
        segmentation.visit_plan(pd.Series(["Z"]), segmentation.ABC_VISITS_PER_MONTH)


# ------------------------------------------------------------------------ 2 x 2 and AWARE ---


def test_svcd_quadrants_default_splits():
    amount = pd.Series([250.0, 250.0, 150.0, 150.0], index=list("svcd"))
    per_quarter = pd.Series([3.0, 1.0, 3.0, 1.0], index=list("svcd"))
    got = classification.svcd_quadrants(amount, per_quarter)
    assert got["svcd"].tolist() == ["Star", "Volcano", "Cow", "Dog"]
    assert got["visits_per_year"].tolist() == [52, 12, 26, 6]


def test_difference_matrix_labels():
    value = pd.Series([9.0, 9.0, 1.0, 1.0])
    needs = pd.Series([0.9, 0.1, 0.9, 0.1])
    got = classification.difference_matrix(value, needs, value_split=5, needs_split=0.5)
    assert got.tolist() == [
        "one-to-one relationship marketing",
        "build loyalty, grow need differences",
        "niche strategy",
        "mass marketing",
    ]


def test_quadrants_needs_all_labels():
    with pytest.raises(ValueError, match="all four"):
        classification.quadrants(
            pd.Series([1.0]), pd.Series([1.0]), x_split=0, y_split=0, labels={(True, True): "x"}
        )


def test_needs_distinctiveness_hand_computed():
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "c"],
            "category": ["x", "y", "x", "y"],
            "amount": [10.0, 10.0, 10.0, 10.0],
        }
    )
    got = customers.needs_distinctiveness(frame)
    # The base buys x and y half and half; a and b buy one only: distance 0.5; c matches: 0.
    assert got.to_dict() == {"a": 0.5, "b": 0.5, "c": 0.0}


def test_aware_targets():
    prospects = pd.DataFrame(
        {
            "ability": [True, False],
            "want": [True, False],
            "authority": [True, True],
            "reasonable": [True, True],
            "eligible": [True, True],
        }
    )
    got = classification.aware_targets(prospects)
    assert got["target"].tolist() == [True, False]
    assert got["fails"].tolist() == ["", "ability,want"]
    with pytest.raises(ValueError, match="boolean"):
        classification.aware_targets(prospects.astype(int))


def test_top_customers_flags_silent_ones():
    value = pd.DataFrame(
        {"revenue": [100.0, 50.0, 10.0], "profit": [30.0, 20.0, 1.0]}, index=["a", "b", "c"]
    )
    scores = segmentation.rfm_scores(rfm_frame([200, 5, 3], [4, 2, 1], [100.0, 50, 10]))
    scores.index = value.index
    got = segmentation.top_customers(value, scores, n=2, at_risk_days=90)
    assert got.index.tolist() == ["a", "b"]
    assert got["at_risk"].tolist() == [True, False]
    with pytest.raises(ValueError, match="positive integer"):
        segmentation.top_customers(value, scores, n=0)


def test_purchases_per_quarter_counts_each_customers_own_tenure():
    tx = pd.DataFrame(
        {
            "customer_id": ["old", "old", "old", "old", "new", "late"],
            "date": pd.to_datetime(
                ["2023-01-01", "2023-06-01", "2024-01-01", "2024-12-31", "2024-09-01", "2024-12-20"]
            ),
            "amount": [10.0] * 6,
            "cost": [5.0] * 6,
            "service_cost": [1.0] * 6,
        }
    )
    got = customers.customer_value(tx)["purchases_per_quarter"]
    assert got["old"] == pytest.approx(4 / (730 / 91.3))  # two years: 4 purchases / 8 quarters
    assert got["new"] == pytest.approx(1 / (121 / 91.3))  # joined 121 days before the end
    assert got["late"] == 1.0  # less than a quarter of tenure counts as one quarter


def test_visit_plan_names_its_period():
    plan = segmentation.visit_plan(
        pd.Series(["A", "B"], name="abc"), segmentation.ABC_VISITS_PER_YEAR, period="year"
    )
    assert list(plan.columns) == [
        "customers",
        "visits_per_customer_per_year",
        "total_visits_per_year",
    ]
    assert plan["total_visits_per_year"].sum() == 36
    monthly = segmentation.visit_plan(
        pd.Series(["A", "B"], name="abc"), segmentation.ABC_VISITS_PER_MONTH
    )
    assert (monthly["total_visits"] * 12).tolist() == plan["total_visits_per_year"].tolist()
    with pytest.raises(ValueError, match="period"):
        segmentation.visit_plan(pd.Series(["A"]), segmentation.ABC_VISITS_PER_YEAR, period="a b")


def test_quadrants_pair_measures_by_customer_not_by_row():
    amount = pd.Series([100.0, 5.0], index=["a", "b"])
    frequency = pd.Series([9.0, 2.0], index=["a", "b"])
    grid = classification.svcd_quadrants(amount, frequency)
    with pytest.raises(ValueError, match="same customers in the same order"):
        classification.svcd_quadrants(amount, frequency[::-1])
    with pytest.raises(ValueError, match="same customers"):
        classification.difference_matrix(
            amount, frequency.rename({"b": "c"}), value_split=1.0, needs_split=1.0
        )
    with pytest.raises(TypeError, match="pandas Series"):
        classification.svcd_quadrants(amount, [9.0, 2.0])
    assert grid.index.tolist() == ["a", "b"]
