"""The shared input checks (crmlib._validation): Series and DataFrames alike, one error type per
kind of mistake – a wrong type is a TypeError, a bad value a ValueError – and the functions
that use them instead of their own copies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import concentration, lifecycle, satisfaction, segmentation
from crmlib._validation import (
    datetime_column,
    numeric_column,
    numeric_series,
    require_columns,
    require_fraction,
    require_frame,
    require_no_missing,
    require_same_index,
    require_series,
)

VALUES = pd.Series([3.0, 1.0], index=["a", "b"])
FRAME = pd.DataFrame({"amount": [3.0, 1.0], "date": ["2024-01-01", "2024-01-02"]})


def test_series_and_frame_columns_are_checked_alike():
    assert numeric_column(FRAME, "amount").tolist() == numeric_column(FRAME["amount"]).tolist()
    assert datetime_column(FRAME["date"], what="date").dt.day.tolist() == [1, 2]
    with pytest.raises(ValueError, match=r"^transactions\.amount has 1 missing"):
        require_no_missing(FRAME.assign(amount=[1.0, None]), "amount")
    with pytest.raises(ValueError, match=r"^profit has 1 missing"):
        require_no_missing(pd.Series([1.0, None]), what="profit")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: require_series([1.0, 2.0], "profit"), TypeError, "profit must be a pandas Series"),
        (lambda: require_series(FRAME, "profit"), TypeError, "got DataFrame"),
        (lambda: require_series(pd.Series([], dtype=float), "profit"), ValueError, "is empty"),
        (
            lambda: numeric_series(pd.Series(["1,000"]), "sales"),
            ValueError,
            "sales must be numeric",
        ),
        (lambda: numeric_series(pd.Series([np.inf]), "sales"), ValueError, "infinite"),
        (lambda: numeric_column(FRAME), TypeError, "name the column"),
        (lambda: numeric_column([1.0], what="x"), TypeError, "x must be a pandas Series or"),
        (lambda: datetime_column(pd.Series(["03/01/2024"]), what="day"), ValueError, "day must"),
        (lambda: require_same_index([1], VALUES, "groups"), TypeError, "groups must be a pandas"),
        (
            lambda: require_same_index(VALUES.iloc[::-1], VALUES, "groups"),
            ValueError,
            "exactly the index of values",
        ),
        (lambda: require_fraction("0.3", "change"), TypeError, "change must be a number"),
        (lambda: require_fraction(True, "change"), TypeError, "got True"),
        (lambda: require_fraction(1.2, "change"), ValueError, r"in \[0.0, 1.0\], got 1.2"),
        (lambda: require_fraction(float("nan"), "change"), ValueError, "got nan"),
    ],
)
def test_each_kind_of_mistake_has_one_error_type(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda bad: segmentation.profit_zones(bad),
        lambda bad: segmentation.value_tiers(bad),
        lambda bad: segmentation.abc_classes(bad),
        lambda bad: concentration.pareto_table(bad),
        lambda bad: concentration.lorenz_curve(bad),
        lambda bad: concentration.gini_coefficient(bad),
        lambda bad: concentration.top_share(bad),
    ],
)
def test_per_customer_functions_refuse_a_list_with_a_type_error(call):
    with pytest.raises(TypeError, match="must be a pandas Series indexed by customer, got list"):
        call([1.0, 2.0])


def test_groups_must_be_a_series_like_the_values():
    with pytest.raises(TypeError, match="groups must be a pandas Series"):
        concentration.variance_between(VALUES, ["x", "y"])
    with pytest.raises(ValueError, match="groups must have exactly the index of values"):
        concentration.concentration_by_group(VALUES, pd.Series(["x", "y"]))


def test_loyalty_indicators_validates_its_log():
    log = pd.DataFrame(
        {"customer_id": ["a"], "date": ["2024-01-01"], "amount": [5.0], "category": ["x"]}
    )
    with pytest.raises(ValueError, match=r"transactions\.amount must be numeric"):
        satisfaction.loyalty_indicators(log.assign(amount="5 yuan"), as_of="2024-02-01")
    with pytest.raises(ValueError, match=r"transactions\.date must hold dates"):
        satisfaction.loyalty_indicators(log.assign(date="01/02/2024"), as_of="2024-02-01")
    with pytest.raises(ValueError, match="as_of must be a date"):
        satisfaction.loyalty_indicators(log, as_of="soon")
    with pytest.raises(ValueError, match="no transactions on or before as_of=2023-12-31"):
        satisfaction.loyalty_indicators(log, as_of="2023-12-31")
    with pytest.raises(TypeError, match="period_days must be a whole number"):
        satisfaction.loyalty_indicators(log, as_of="2024-02-01", period_days=30.5)


def test_fractions_are_checked_by_require_fraction():
    sales = pd.Series({"x": 60.0, "y": 40.0})
    with pytest.raises(ValueError, match=r"a_share must be a number in \(0\.0, 1\.0\), got 1"):
        segmentation.abc_classes(sales, a_share=1)
    with pytest.raises(TypeError, match="a_share must be a number"):
        segmentation.abc_classes(sales, a_share="75%")
    rfm = pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"top_share must be a number in \(0\.0, 0\.5\)"):
        segmentation.rfm_scores(rfm, top_share=0.5)
    log = pd.DataFrame({"customer_id": ["a"], "date": ["2024-01-01"], "amount": [5.0]})
    with pytest.raises(TypeError, match=r"change must be a number .* got '25%'"):
        lifecycle.lifecycle_stages(log, as_of="2024-02-01", change="25%")
    with pytest.raises(ValueError, match=r"change must be a number .* got 0"):
        lifecycle.lifecycle_stages(log, as_of="2024-02-01", change=0)


def test_loyalty_indicators_reads_the_dates_once(monkeypatch):
    """The log's dates are parsed from text once, for the purchase days and the categories."""
    import crmlib._validation as validation

    parsed = []
    real = validation.parse_dates

    def counting(values: pd.Series) -> pd.Series:
        if not pd.api.types.is_datetime64_any_dtype(values):  # datetime64 passes through
            parsed.append(len(values))
        return real(values)

    monkeypatch.setattr(validation, "parse_dates", counting)
    log = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "date": ["2024-08-01", "2024-12-20", "2025-02-01"],
            "amount": [40.0, 10.0, 5.0],
            "category": ["x", "y", "x"],
        }
    )
    table = satisfaction.loyalty_indicators(log, as_of="2025-01-01")
    assert parsed == [3]
    assert table["cross_buying"].to_dict() == {"a": 2}  # b's purchase is after as_of


def test_empty_tables_and_hints():
    """An empty table passes only where it is allowed; a missing column's message says how to
    build the table when the caller knows; numbers written as text are quoted."""
    empty = FRAME.iloc[:0]
    assert require_frame(empty, "leads", allow_empty=True) is empty
    with pytest.raises(ValueError, match="leads is empty"):
        require_frame(empty, "leads")
    with pytest.raises(TypeError, match="leads must be a pandas DataFrame"):
        require_frame({"a": []}, "leads", allow_empty=True)
    assert require_series(VALUES.iloc[:0], "raw", allow_empty=True).empty
    with pytest.raises(ValueError, match=r"missing column\(s\) \['F'\]; it has: amount, date\. Us"):
        require_columns(FRAME, ["F"], "scores", hint="use rfm_scores")
    with pytest.raises(ValueError, match="Rename your columns"):
        require_columns(FRAME, ["F"], "scores")
    with pytest.raises(
        ValueError, match=r"answers must be numeric, got dtype object \(row 1: '4'\)"
    ):
        numeric_column(pd.Series([3, "4"], dtype=object), what="answers")
