"""Deterministic ranking of customers (private): the tie rules every segment cut relies on."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

try:  # pandas-internal, but lets the hash table start small (see _factorize_integers)
    from pandas.core.algorithms import factorize_array as _factorize_array
except ImportError:  # pragma: no cover - only on another pandas
    _factorize_array = None


def factorize_sorted(values: pd.Series | np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes 0..k-1 of *values* and their k distinct values in sorted order.

    The same result as ``pd.factorize(values, sort=True)``, faster on customer ids. Hashing
    runs without sorting; then only the k distinct values are sorted and the codes renumbered
    (pandas' own ``sort=True`` is about twice as slow on a million strings). Integer ids, and
    text ids that differ in at most 8 bytes after a shared prefix (``"C000123"``), are hashed
    as 64-bit integers.
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    keys = _short_text_keys(values)
    if keys is not None:
        # An odd multiplier permutes the integers, so codes stay the same while the hash
        # table sees well-spread keys (raw ASCII digits hash 1.5x slower in pandas' int hash).
        codes, _ = _factorize_integers(keys * np.uint64(0x9E3779B97F4A7C15))
        first = np.empty(codes.max() + 1, dtype=np.intp)
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # first row of each code
        order = np.argsort(keys[first], kind="stable")
        uniques = pd.Index(values.array.take(first[order]))
    else:
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
            codes, uniques = _factorize_integers(values.to_numpy())
        else:
            codes, uniques = pd.factorize(values, sort=False)
        uniques = pd.Index(uniques)
        try:
            order = uniques.argsort()
        except TypeError:  # mixed types (say ints and strings): pandas knows how to order them
            return pd.factorize(values, sort=True)
        uniques = uniques.take(order)
    renumber = np.empty(len(order), dtype=np.intp)
    renumber[order] = np.arange(len(order))
    return renumber[codes], uniques


def _factorize_integers(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(keys)`` for a numpy integer array, with a hash table that starts small.

    pandas sizes its table for ``len(keys)`` distinct values; in a transaction log customers
    repeat, and a table that starts small and grows stays in the CPU cache: 2-4x faster on a
    million rows of 100,000 customers. ``factorize_array`` is pandas-internal, so any change
    there falls back to the public call (same result, slower).
    """
    if _factorize_array is None:  # pragma: no cover - only on another pandas
        return pd.factorize(keys)
    return _factorize_array(keys, size_hint=min(len(keys), 1 << 16))


def _short_text_keys(values: pd.Series) -> np.ndarray | None:
    """Each Arrow-backed string as a uint64 that sorts like the string; None if not possible.

    The prefix all strings share (``"customer-"`` in ``"customer-000123"``) is dropped: it
    changes neither order nor equality. Rests of one width up to 8 bytes are their bytes read
    big-endian; rests of mixed widths up to 7 bytes are their bytes, zero-padded, then the
    length in the last byte, so a string sorts before every longer string it starts (UTF-8
    byte order is code-point order).
    """
    arrow = getattr(values.array, "__arrow_array__", None)
    if arrow is None or not isinstance(values.dtype, pd.StringDtype) or values.empty:
        return None
    import pyarrow as pa  # only ever reached with Arrow-backed strings, so pandas has it loaded

    array = arrow()
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    large = pa.types.is_large_string(array.type)
    if array.null_count or not (large or pa.types.is_string(array.type)):
        return None
    n = len(array)
    _, offset_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64 if large else np.int32)
    offsets = offsets[array.offset : array.offset + n + 1].astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(1, np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    shortest, longest = int(lengths.min()), int(lengths.max())
    if longest - shortest > 7:
        return None
    fixed = shortest == longest
    block = data[offsets[0] : offsets[-1]].reshape(n, longest) if fixed else None

    def byte(j: int) -> np.ndarray:  # byte j of every string (only where it has one)
        return block[:, j] if fixed else data[np.minimum(starts + j, len(data) - 1)]

    prefix = 0
    while prefix < shortest and (byte(prefix) == byte(prefix)[0]).all():
        prefix += 1
    width = longest - prefix
    if width > (8 if fixed else 7):
        return None
    padded = np.zeros((n, 8), dtype=np.uint8)
    for j in range(width):
        padded[:, j] = byte(prefix + j)
        if not fixed:
            padded[lengths <= prefix + j, j] = 0
    if not fixed:
        padded[:, 7] = lengths - prefix
    return padded.view(">u8").ravel().astype(np.uint64)


def rank_positions(keys: pd.DataFrame, descending: Sequence[bool]) -> pd.Series:
    """Position 0..n-1 of each row when sorted by the columns of *keys*, best first.

    Column k sorts descending if ``descending[k]``; rows equal on every key are ordered by
    their index label, so the result never depends on the order of the input rows.
    """
    if not keys.index.is_unique:
        dup = keys.index[keys.index.duplicated()][:5].tolist()
        raise ValueError(f"customer ids must be unique, but these repeat: {dup}")
    n = len(keys)
    columns = [keys[c].to_numpy() for c in keys.columns]
    # Rows are first put in label order; every sort below is stable, so label breaks all ties.
    by_label = None
    if not keys.index.is_monotonic_increasing:
        by_label = keys.index.argsort(kind="stable")
        columns = [col[by_label] for col in columns]
    order = _lexicographic_order(columns, list(descending))
    if by_label is not None:
        order = by_label[order]
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    return pd.Series(position, index=keys.index)


def _lexicographic_order(columns: list[np.ndarray], descending: list[bool]) -> np.ndarray:
    """Stable order of rows by several keys, as ``np.lexsort`` with the first key leading.

    Each key becomes a dense code 0..k-1 that keeps its order (reversed if descending). When
    the cardinalities allow, the codes are packed into one int64 (first key in the high
    digits), so a single stable sort replaces one sort per key.
    """
    sortable, cardinalities = [], []
    for col, desc in zip(columns, descending, strict=True):
        dense = _order_codes(col)
        if dense is None:  # NaN sorts last either way, as np.lexsort puts it
            sortable.append(-col if desc else col)
            cardinalities.append(2**62)
            continue
        codes, cardinality = dense
        sortable.append(cardinality - 1 - codes if desc else codes)
        cardinalities.append(cardinality)
    if math.prod(cardinalities) >= 2**62:
        return np.lexsort(sortable[::-1])
    packed = np.zeros(len(columns[0]), dtype=np.int64)
    for codes, cardinality in zip(sortable, cardinalities, strict=True):
        packed = packed * cardinality + codes
    return np.argsort(packed, kind="stable")


def _order_codes(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Codes 0..k-1 that sort like *values* (equal values, equal codes), and k.

    None when the values cannot be coded that way: NaN (no order) or not numbers.
    """
    n = len(values)
    if values.dtype.kind == "b":
        return values.astype(np.int64), 2
    if values.dtype.kind in "iu" and n:
        low, high = int(values.min()), int(values.max())
        if high - low < 4 * n:  # a short range: the offset from the minimum is already a code
            return (values - low).astype(np.int64), high - low + 1
    elif values.dtype.kind != "f" or np.isnan(values).any():
        return None
    order = np.argsort(values)  # equal values get equal codes, so any order among them will do
    ordered = values[order]
    starts = np.zeros(n, dtype=np.int64)
    starts[1:] = ordered[1:] != ordered[:-1]
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(starts)
    return codes, int(codes.max()) + 1 if n else 1


def rank_by_value(values: pd.Series) -> pd.Series:
    """Position of each customer when sorted by *values*, largest first (ties by label)."""
    return rank_positions(values.to_frame("value"), [True])
