"""Text customer ids as 64-bit integers (private): the fast path of ``factorize_sorted``.

pandas hashes a million strings several times slower than a million integers. Arrow keeps
strings as one byte buffer plus offsets, so numpy can read every id's bytes at once and turn
them into integers: exactly, keeping the order, when ids differ in at most 8 bytes after a
shared prefix (``"C000123"``, ``"customer-000123"``); otherwise as a hash of up to 64 bytes
(UUIDs, e-mails) whose rare collisions the caller checks with :func:`same_as_first`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Longest id (in bytes) that :func:`word_hashes` handles; longer ones take pandas' own path.
MAX_HASHED_BYTES = 64

_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)  # k low bytes
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9))


def arrow_buffers(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The bytes and the n + 1 offsets of an Arrow-backed string Series without missing values.

    String i is ``data[offsets[i]:offsets[i + 1]]``. None for any other Series.
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
    return data, offsets


def order_keys(data: np.ndarray, offsets: np.ndarray) -> np.ndarray | None:
    """Each string as a uint64 that sorts like it; None when they differ in more than 8 bytes.

    The prefix all strings share is dropped: it changes neither order nor equality. Rests of
    one width up to 8 bytes are their bytes read big-endian; rests of mixed widths up to 7
    bytes are their bytes, zero-padded, then the length in the last byte, so a string sorts
    before every longer string it starts (UTF-8 byte order is code-point order).
    """
    n = len(offsets) - 1
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


def words(data: np.ndarray, offsets: np.ndarray) -> np.ndarray | None:
    """The bytes of each string as zero-padded little-endian 8-byte words, shape (m, n).

    Two strings are equal exactly when their lengths and all their words are. None when the
    longest string has more than :data:`MAX_HASHED_BYTES` bytes.
    """
    n = len(offsets) - 1
    starts, lengths = offsets[:-1], np.diff(offsets)
    longest = int(lengths.max())
    if longest > MAX_HASHED_BYTES:
        return None
    m = max(1, -(-longest // 8))
    if int(lengths.min()) == longest and longest % 8 == 0 and longest:
        return data[offsets[0] : offsets[-1]].view("<u8").reshape(n, m).T  # no copy needed
    padded = np.zeros(len(data) + 8, dtype=np.uint8)  # so the last word never reads past the end
    padded[: len(data)] = data
    # Every byte position seen as the start of a uint64: word j of string i is at starts + 8j.
    at = np.ndarray(shape=(len(data) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    out = np.empty((m, n), dtype=np.uint64)
    for j in range(m):
        word = at[np.minimum(starts + 8 * j, len(data))]  # past its end: masked to 0
        out[j] = word & _LOW_BYTES[np.clip(lengths - 8 * j, 0, 8)]
    return out


def word_hashes(words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A well-mixed uint64 hash of each string from its :func:`words` and byte length."""
    h = lengths.astype(np.uint64) * _MIX[0]
    for word in words:
        h ^= word
        h *= _MIX[1]
        h ^= h >> np.uint64(31)
    return h


def same_as_first(
    words: np.ndarray, lengths: np.ndarray, codes: np.ndarray, first: np.ndarray
) -> bool:
    """True when every string equals the first string of its code (no hash collision)."""
    representative = first[codes]
    if not np.array_equal(lengths[representative], lengths):
        return False
    return all(np.array_equal(word[representative], word) for word in words)
