"""Tests of the private ranking helpers every segment cut relies on.

Both helpers have fast paths (short text ids hashed as integers; several sort keys packed into
one), so each is checked against the plain pandas / numpy way on awkward inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import _text_keys
from crmlib._ranking import factorize_sorted, rank_positions

# Text that stresses the short-id encoding: empty strings, NUL bytes, multi-byte UTF-8 and
# widths on both sides of the 7- and 8-byte limits.
awkward_chars = st.sampled_from(["a", "b", "Z", "0", "9", "\x00", "é", "客"])
short_text = st.text(alphabet=awkward_chars)
id_lists = st.lists(short_text, min_size=1, max_size=60)


def assert_same_as_pandas(values: pd.Series) -> None:
    codes, uniques = factorize_sorted(values)
    want_codes, want_uniques = pd.factorize(values, sort=True)
    np.testing.assert_array_equal(codes, want_codes)
    assert list(uniques) == list(want_uniques)
    assert uniques.dtype == want_uniques.dtype


@given(id_lists)
def test_factorize_sorted_matches_pandas_on_text(ids):
    assert_same_as_pandas(pd.Series(ids, dtype="str"))
    assert_same_as_pandas(pd.Series(ids, dtype="string[python]"))  # converted to Arrow first
    assert_same_as_pandas(pd.Series(ids, dtype=object))


@given(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=60))
def test_factorize_sorted_matches_pandas_on_integers(ids):
    assert_same_as_pandas(pd.Series(ids, dtype="int64"))
    assert_same_as_pandas(pd.Series([i + 2**63 for i in ids], dtype="uint64"))


@given(short_text, id_lists)
def test_factorize_sorted_matches_pandas_with_a_shared_prefix(prefix, ids):
    # The shared prefix is dropped before the short-id encoding; order must not change.
    assert_same_as_pandas(pd.Series([prefix + "customer-" + i for i in ids], dtype="str"))


@given(st.lists(st.text(alphabet=awkward_chars, min_size=6, max_size=30), min_size=1, max_size=40))
def test_factorize_sorted_matches_pandas_on_long_text(ids):
    # Ids too far apart for order keys: hashed from their 8-byte words, then checked.
    assert_same_as_pandas(pd.Series(ids, dtype="str"))


@given(id_lists, id_lists)
def test_factorize_sorted_handles_slices_and_chunks(first, second):
    # A slice starts at an offset inside the Arrow buffers; a concatenation has two chunks.
    joined = pd.concat([pd.Series(first, dtype="str"), pd.Series(second, dtype="str")])
    assert_same_as_pandas(joined)
    assert_same_as_pandas(joined.iloc[len(first) // 2 :])


@pytest.mark.parametrize(
    "ids",
    [
        ["C000002", "C000001", "C000002"],  # one width, 7 bytes
        ["ABCDEFGH", "ABCDEFGA", "ABCDEFGH"],  # one width, 8 bytes: the widest fast path
        ["ab", "ab\x00", "a", "", "ab"],  # a string sorts before longer ones it starts
        ["customer-10", "customer-9", "customer-10"],  # shared prefix, then short rests
        ["x" * 20, "y" * 20, "x" * 20],  # rests too long: the general path
        ["a", "a" + "b" * 9],  # widths too far apart: the general path
        [3, 1, 3, 2],
        [1, "a", 1],  # mixed types: pandas decides their order
    ],
)
def test_factorize_sorted_examples(ids):
    dtype = "str" if all(isinstance(i, str) for i in ids) else None
    assert_same_as_pandas(pd.Series(ids, dtype=dtype))


def test_factorize_sorted_reads_sorted_order():
    codes, uniques = factorize_sorted(pd.Series(["b", "a", "b", "c"], dtype="str"))
    assert codes.tolist() == [1, 0, 1, 2]
    assert uniques.tolist() == ["a", "b", "c"]


def reference_positions(keys: pd.DataFrame, descending: list[bool]) -> np.ndarray:
    """Positions by pandas' stable multi-key sort, ties by index label."""
    by_label = keys.sort_index(kind="stable")
    ordered = by_label.sort_values(
        list(keys.columns), ascending=[not d for d in descending], kind="stable", na_position="last"
    )
    position = pd.Series(np.arange(len(keys)), index=ordered.index)
    return position.reindex(keys.index).to_numpy()


key_frames = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.5, 1.0, 2.5, -3.0, 1e300]), min_size=n, max_size=n),
        st.lists(st.integers(-(2**40), 2**40), min_size=n, max_size=n),
        st.permutations(range(n)),
        st.lists(st.booleans(), min_size=3, max_size=3),
    )
)


@given(key_frames)
def test_rank_positions_matches_a_stable_multi_key_sort(frame):
    small, floats, wide, labels, descending = frame
    keys = pd.DataFrame(
        {"small": small, "floats": floats, "wide": wide},
        index=pd.Index([f"c{i:03d}" for i in labels]),
    )
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


def order_keys(ids: list[str]):
    return _text_keys.order_keys(*_text_keys.arrow_buffers(pd.Series(ids, dtype="str")))


def test_which_ids_take_which_fast_path():
    # Guards the tests above: they only check a fast path if it is taken.
    assert order_keys(["C000001", "C2"]) is not None
    assert order_keys(["ABCDEFGH"]) is not None
    assert order_keys(["customer-000001", "customer-2"]) is not None
    assert order_keys(["ABCDEFGHI", "ZBCDEFGHI"]) is None  # hashed instead
    assert order_keys(["a", "abcdefghij"]) is None  # hashed instead
    assert _text_keys.arrow_buffers(pd.Series(["C000001"], dtype=object)) is None
    too_long = pd.Series(["x" * 65, "y"], dtype="str")
    assert _text_keys.words(*_text_keys.arrow_buffers(too_long)) is None


def test_words_hold_the_bytes_and_nothing_after_them():
    ids = pd.Series(["ab", "", "abcdefghij", "abcdefgh"], dtype="str").iloc[1:]  # a slice
    data, offsets = _text_keys.arrow_buffers(ids)
    got = _text_keys.words(data, offsets)
    want = [
        [0, 0],
        [int.from_bytes(b"abcdefgh", "little"), int.from_bytes(b"ij", "little")],
        [int.from_bytes(b"abcdefgh", "little"), 0],
    ]
    assert got.T.tolist() == want


def test_a_hash_collision_falls_back_to_text(monkeypatch):
    # Force every id onto one hash: the check must notice and pandas' own path take over.
    monkeypatch.setattr(
        _text_keys, "word_hashes", lambda words, lengths: np.zeros(len(lengths), np.uint64)
    )
    ids = pd.Series(["x" * 20, "y" * 20, "x" * 20, "z" * 12], dtype="str")
    assert_same_as_pandas(ids)
    ids = pd.Series(["x" * 20, "y" * 20, "x" * 20], dtype="str")  # equal lengths: words differ
    assert_same_as_pandas(ids)


def test_pandas_still_lets_the_hash_table_start_small():
    # Without it factorize_sorted falls back to pd.factorize: the same codes, 2-4x slower.
    # If a pandas upgrade fails this, re-measure benchmarks/bench_segmentation.py.
    from crmlib import _ranking

    assert _ranking._factorize_array is not None
    codes, uniques = _ranking._factorize_integers(np.array([7, 3, 7, 9], dtype=np.int64))
    assert codes.tolist() == [0, 1, 0, 2]
    assert uniques.tolist() == [7, 3, 9]
