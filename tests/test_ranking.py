"""Tests of the private ranking helper every segment cut relies on: positions by several keys,
ties by customer id, whatever order the rows arrive in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib._ranking import rank_positions


def reference_positions(keys: pd.DataFrame, descending: list[bool]) -> np.ndarray:
    """Positions by pandas' stable multi-key sort, ties by index label."""
    by_label = keys.sort_index(kind="stable")
    ordered = by_label.sort_values(
        list(keys.columns), ascending=[not d for d in descending], kind="stable", na_position="last"
    )
    position = pd.Series(np.arange(len(keys)), index=ordered.index)
    return position.reindex(keys.index).to_numpy()


def key_table(
    small: list[int], floats: list[float], wide: list[int], labels: list[int]
) -> pd.DataFrame:
    """Three sort keys (few values, floats with ties, wide integers); ids c000... in that order."""
    return pd.DataFrame(
        {"small": small, "floats": floats, "wide": wide},
        index=pd.Index([f"c{i:03d}" for i in labels]),
    )


# (keys, descending): a key table of 1 to 40 customers and a direction for each key
key_frames = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.builds(
            key_table,
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
            st.lists(st.sampled_from([0.5, 1.0, 2.5, -3.0, 1e300]), min_size=n, max_size=n),
            st.lists(st.integers(-(2**40), 2**40), min_size=n, max_size=n),
            st.permutations(range(n)),
        ),
        st.lists(st.booleans(), min_size=3, max_size=3),
    )
)


@given(key_frames)
def test_rank_positions_matches_a_stable_multi_key_sort(frame):
    keys, descending = frame
    got = rank_positions(keys, descending).to_numpy()
    np.testing.assert_array_equal(got, reference_positions(keys, descending))


def test_rank_positions_with_nan_and_many_distinct_keys():
    gen = np.random.default_rng(7)
    keys = pd.DataFrame(
        {
            "a": gen.normal(size=500).round(1),  # many ties
            "b": np.where(gen.random(500) < 0.1, np.nan, gen.normal(size=500)),
            "c": gen.integers(0, 2**62, 500),  # too many combinations to pack into int64
        },
        index=pd.Index(gen.permutation(500)),
    )
    for descending in ([True, False, True], [False, True, False]):
        got = rank_positions(keys, descending).to_numpy()
        np.testing.assert_array_equal(got, reference_positions(keys, descending))


def test_rank_positions_rejects_duplicate_ids():
    keys = pd.DataFrame({"v": [1, 2]}, index=["a", "a"])
    with pytest.raises(ValueError, match="must be unique"):
        rank_positions(keys, [True])


@given(key_frames)
def test_rank_positions_do_not_depend_on_row_order(frame):
    keys, descending = frame
    shuffled = keys.iloc[::-1]
    pd.testing.assert_series_equal(
        rank_positions(keys, descending), rank_positions(shuffled, descending).reindex(keys.index)
    )
