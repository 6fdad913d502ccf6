"""The Analytic Hierarchy Process (层次分析法, AHP) as the dealer satisfaction study uses it.

Experts compare the elements of each group in pairs on Saaty's 1–9 scale (1 equal, 3 moderate,
5 strong, 7 very strong, 9 extreme importance; 2, 4, 6, 8 in between; reciprocals for the
reverse). The principal eigenvector of each comparison matrix gives the weights; the
consistency ratio CR = CI / RI, with CI = (λmax − n) / (n − 1), checks the judgments (accept
CR < 0.10); the weights of the layers multiply into global weights (Saaty 1980).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any, cast

import numpy as np
import pandas as pd

from crmlib._validation import (
    name_rows,
    numeric_column,
    numeric_series,
    require_columns,
    require_frame,
)
from crmlib.i18n import label

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "RANDOM_INDICES",
    "SAATY_SCALE",
    "aggregate_judgments",
    "aggregate_priorities",
    "complete_matrix",
    "consensus",
    "consistency_index",
    "consistency_ratio",
    "consistency_report",
    "global_weights",
    "judgment_diagnosis",
    "judgment_matrices",
    "lambda_max",
    "pairwise_matrix",
    "priority_weights",
    "random_index",
    "synthesize",
    "validate_pairwise",
]

#: Saaty's random consistency index RI by matrix size n = 1..15: the mean CI of random
#: reciprocal matrices. Version: Saaty (1980), *The Analytic Hierarchy Process*, the table
#: most textbooks and the Chinese AHP literature reprint (n = 3: 0.58, ..., n = 9: 1.45).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}

#: Random-index tables, selectable by name in :func:`consistency_ratio` and friends.
#: ``"saaty1980"`` (the default, :data:`RANDOM_INDEX`) is the table the dealer thesis and most
#: textbooks use. ``"saaty2005"``: Saaty's later estimates (*Theory and Applications of the
#: Analytic Network Process*, 2005, p. 31), from many more random matrices. ``"donegan-dodd"``:
#: Donegan & Dodd (1991), "A note on Saaty's random indexes", *Mathematical and Computer
#: Modelling* 15(10), computed for sizes up to 100 (sizes between two listed ones are
#: interpolated linearly). A CR near 0.10 can pass under one table and fail under another.
RANDOM_INDICES: dict[str, dict[int, float]] = {
    "saaty1980": RANDOM_INDEX,
    "saaty2005": {
        1: 0.0, 2: 0.0, 3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45,
        10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59,
    },
    "donegan-dodd": {
        1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171,
        9: 1.3733, 10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969,
        16: 1.5078, 17: 1.5153, 18: 1.5262, 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772,
        40: 1.5976, 50: 1.6102, 60: 1.6178, 70: 1.6237, 80: 1.6277, 90: 1.6213, 100: 1.6339,
    },
}  # fmt: skip

#: Judgments are accepted when CR < 0.10.
CR_THRESHOLD = 0.10

#: The meaning of Saaty's scale values.
SAATY_SCALE: dict[int, str] = {
    1: "equal importance",
    3: "moderate importance",
    5: "strong importance",
    7: "very strong importance",
    9: "extreme importance",
}


def pairwise_matrix(
    judgments: Sequence[float] | Mapping[tuple[str, str], float], items: Sequence[str]
) -> pd.DataFrame:
    """Build a reciprocal comparison matrix from its upper-triangle judgments.

    *judgments* are either the values a_12, a_13, ..., a_1n, a_23, ... in row order, or a
    mapping ``{(row_item, col_item): value}`` with every pair once. a_ij says how much more
    important item i is than item j, on Saaty's scale 1/9 .. 9. The lower triangle is filled
    with reciprocals and the diagonal with ones: a_ji = 1 / a_ij, a_ii = 1 (Saaty 1980).

    Parameters
    ----------
    judgments : sequence of float, or mapping of (str, str) to float
        The n(n − 1)/2 upper-triangle judgments in row order, or one value per pair keyed
        ``(row_item, col_item)`` (either direction; the reverse key means the reciprocal).
    items : sequence of str
        The n distinct items compared, in matrix order.

    Returns
    -------
    pandas.DataFrame
        The n × n reciprocal matrix, index and columns *items*.

    Raises
    ------
    ValueError
        If *items* are empty or repeated, a judgment is missing, judged twice or off the scale
        1/9 .. 9, or the sequence has the wrong length.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> pairwise_matrix([3, 5, 2], ["a", "b", "c"]).round(3).values.tolist()
    [[1.0, 3.0, 5.0], [0.333, 1.0, 2.0], [0.2, 0.5, 1.0]]
    >>> pairwise_matrix({("b", "a"): 2}, ["a", "b"]).loc["a", "b"]
    np.float64(0.5)
    """
    items = list(items)
    n = len(items)
    if n < 1 or len(set(items)) != n:
        raise ValueError("items must be one or more distinct names")
    pairs = [(items[i], items[j]) for i in range(n) for j in range(i + 1, n)]
    if isinstance(judgments, Mapping):
        values = _judged_pairs(judgments, items, lambda row, col, value: float(value))
        missing = [p for p in pairs if p not in values and p[::-1] not in values]
        if missing:
            raise ValueError(f"judgments are missing for the pairs {missing}")
        upper = [values[p] if p in values else 1.0 / values[p[::-1]] for p in pairs]
    else:
        upper = [float(v) for v in judgments]
        if len(upper) != len(pairs):
            raise ValueError(
                f"{n} items need {len(pairs)} upper-triangle judgments, got {len(upper)}"
            )
    for (row, col), value in zip(pairs, upper, strict=True):
        _require_on_scale(row, col, value)
    matrix = np.ones((n, n))
    iu = np.triu_indices(n, k=1)
    matrix[iu] = upper
    matrix[(iu[1], iu[0])] = 1.0 / np.asarray(upper)
    return pd.DataFrame(matrix, index=items, columns=items)


def _judged_pairs(
    judgments: Mapping[tuple[str, str], Any],
    items: list[str],
    convert: Callable[[str, str, Any], float],
) -> dict[tuple[str, str], float]:
    """``{(row, col): value}`` of judgments between distinct *items*, each pair at most once."""
    values: dict[tuple[str, str], float] = {}
    for (row, col), value in judgments.items():
        if (row, col) in values or (col, row) in values:
            raise ValueError(f"the pair ({row}, {col}) is judged twice")
        if row not in items or col not in items or row == col:
            raise ValueError(f"({row}, {col}) is not a pair of distinct items of {items}")
        values[(row, col)] = convert(row, col, value)
    return values


def _require_on_scale(row: str, col: str, value: float) -> None:
    if not np.isfinite(value) or not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
        raise ValueError(f"judgment ({row}, {col}) = {value} is outside Saaty's scale 1/9 .. 9")


def validate_pairwise(matrix: pd.DataFrame | np.ndarray, *, tol: float = 1e-6) -> np.ndarray:
    """Check that *matrix* is a square, positive, reciprocal comparison matrix; return it.

    A comparison matrix has a_ii = 1 and a_ij · a_ji = 1 for every pair (Saaty 1980).

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        The comparison matrix; a DataFrame must list the same items as rows and columns.
    tol : float, default 1e-6
        The tolerance of the diagonal and reciprocity checks.

    Returns
    -------
    numpy.ndarray
        The matrix as a float array.

    Raises
    ------
    TypeError
        If *matrix* is neither a DataFrame nor an array.
    ValueError
        If the matrix is not square, rows and columns differ, a judgment is missing, not a
        number or not positive, the diagonal is not 1, or it is not reciprocal (naming the
        first offending cell and its expected value).

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> validate_pairwise(np.array([[1, 4], [0.25, 1]])).tolist()
    [[1.0, 4.0], [0.25, 1.0]]
    >>> validate_pairwise(np.array([[1, 4], [0.5, 1]]))
    Traceback (most recent call last):
    ...
    ValueError: the matrix is not reciprocal: a[0, 1] = 4 but a[1, 0] = 0.5; it should be 0.25
    """
    a = _matrix_values(matrix)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"a comparison matrix must be square and non-empty, got shape {a.shape}")
    if isinstance(matrix, pd.DataFrame) and list(matrix.index) != list(matrix.columns):
        raise ValueError("rows and columns of the comparison matrix must list the same items")
    if (a <= 0).any():
        raise ValueError("every judgment must be a positive number")
    if not np.allclose(np.diag(a), 1.0, atol=tol):
        raise ValueError("the diagonal of a comparison matrix must be 1 (an item equals itself)")
    product = a * a.T
    if not np.allclose(product, 1.0, atol=tol, rtol=tol):
        i, j = np.unravel_index(np.argmax(np.abs(product - 1.0)), a.shape)
        names = list(matrix.index) if isinstance(matrix, pd.DataFrame) else list(range(len(a)))
        raise ValueError(
            f"the matrix is not reciprocal: a[{names[i]}, {names[j]}] = {a[i, j]:g} but "
            f"a[{names[j]}, {names[i]}] = {a[j, i]:g}; it should be {1 / a[i, j]:g}"
        )
    return a


def _matrix_values(matrix: object) -> np.ndarray:
    """The judgments of a comparison matrix as floats, each column checked by numeric_column."""
    if isinstance(matrix, pd.DataFrame):
        frame = matrix.infer_objects()  # numbers kept in object columns still count as numbers
    elif isinstance(matrix, np.ndarray | list | tuple):
        array = np.asarray(matrix)
        if array.ndim != 2:
            raise ValueError(
                f"a comparison matrix must be square and non-empty, got shape {array.shape}"
            )
        if array.dtype.kind in "iuf" and np.isfinite(array).all():
            return array.astype(float)  # the common case, checked without building a frame
        frame = pd.DataFrame(array)
    else:
        raise TypeError(
            "a comparison matrix must be a pandas DataFrame or a numpy array (build one with "
            f"pairwise_matrix), got {type(matrix).__name__}"
        )
    columns = [numeric_column(frame, c, "the comparison matrix") for c in frame.columns]
    return np.column_stack(columns) if columns else np.empty((len(frame), 0))


def _principal(a: np.ndarray) -> tuple[float, np.ndarray]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return float(values[k].real), vector / vector.sum()


def priority_weights(
    matrix: pd.DataFrame | np.ndarray, *, method: str = "eigenvector"
) -> pd.Series:
    """Weights of the compared items, summing to 1.

    ``method="eigenvector"`` (Saaty 1980): the principal right eigenvector w of A (A w = λmax
    w), normalised to Σ w_i = 1. ``method="geometric"``: w_i ∝ (Π_j a_ij)^(1/n), the
    normalised geometric means of the rows (Crawford & Williams 1985), which equals the
    eigenvector when the matrix is consistent.

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        A comparison matrix (checked by :func:`validate_pairwise`).
    method : {"eigenvector", "geometric"}, default "eigenvector"

    Returns
    -------
    pandas.Series
        ``weight``, indexed by item: the matrix's labels, or 0 … n−1 for an array.

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix or *method* is unknown.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment
    matrices. *Journal of Mathematical Psychology*, 29(4), 387–405.

    Examples
    --------
    a is twice as important as b, b twice as important as c (and a four times c): a
    consistent matrix, weights 4 : 2 : 1 = 4/7, 2/7, 1/7.

    >>> m = pairwise_matrix([2, 4, 2], ["a", "b", "c"])
    >>> priority_weights(m).round(4).tolist()
    [0.5714, 0.2857, 0.1429]
    >>> priority_weights(m, method="geometric").round(4).tolist()
    [0.5714, 0.2857, 0.1429]
    """
    a = validate_pairwise(matrix)
    if method == "eigenvector":
        weights = _principal(a)[1]
    elif method == "geometric":
        g = np.exp(np.log(a).mean(axis=1))
        weights = g / g.sum()
    else:
        raise ValueError(f"method must be 'eigenvector' or 'geometric', got {method!r}")
    items = matrix.index if isinstance(matrix, pd.DataFrame) else pd.RangeIndex(len(weights))
    return pd.Series(weights, index=items, name="weight")


def lambda_max(matrix: pd.DataFrame | np.ndarray) -> float:
    """The principal eigenvalue λmax (= n for a perfectly consistent matrix, > n otherwise).

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        A comparison matrix.

    Returns
    -------
    float
        λmax, the largest real eigenvalue of the matrix.

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix (:func:`validate_pairwise`).

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> round(lambda_max(pairwise_matrix([2, 4, 2], ["a", "b", "c"])), 6)
    3.0
    """
    return _principal(validate_pairwise(matrix))[0]


def consistency_index(matrix: pd.DataFrame | np.ndarray) -> float:
    """The consistency index CI = (λmax − n) / (n − 1); 0 for n ≤ 2 (Saaty 1980).

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        A comparison matrix.

    Returns
    -------
    float
        CI ≥ 0 (rounding below 0 is clipped); 0 means perfectly consistent.

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    a > b 2 to 1, b > c 2 to 1, but c > a 2 to 1: a circle. For n = 3, λmax = 1 + k^(1/3) +
    k^(−1/3) with k = a_ab·a_bc / a_ac = 8, so λmax = 3.5 and CI = 0.5 / 2.

    >>> round(consistency_index(pairwise_matrix([2, 1 / 2, 2], ["a", "b", "c"])), 4)
    0.25
    """
    a = validate_pairwise(matrix)
    n = a.shape[0]
    if n <= 2:
        return 0.0
    return max(0.0, (_principal(a)[0] - n) / (n - 1))


def random_index(n: int, table: str = "saaty1980") -> float:
    """The random index RI: the mean CI of random n × n comparison matrices.

    Parameters
    ----------
    n : int
        The matrix size (≥ 1, within the table; sizes between two listed ones are
        interpolated linearly).
    table : {"saaty1980", "saaty2005", "donegan-dodd"}, default "saaty1980"
        Which table of :data:`RANDOM_INDICES`.

    Returns
    -------
    float
        RI(n); 0 for n ≤ 2.

    Raises
    ------
    ValueError
        If the table is unknown or does not cover *n*.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Donegan, H. A. & Dodd, F. J. (1991). A note on Saaty's random indexes. *Mathematical and
    Computer Modelling*, 15(10), 135–137.

    Examples
    --------
    >>> random_index(4), random_index(4, "saaty2005"), random_index(4, "donegan-dodd")
    (0.9, 0.89, 0.8286)
    """
    if table not in RANDOM_INDICES:
        raise ValueError(
            f"unknown random-index table {table!r}; choose one of {list(RANDOM_INDICES)}"
        )
    values = RANDOM_INDICES[table]
    if n in values:
        return values[n]
    sizes = sorted(values)
    if not sizes[0] < n < sizes[-1]:
        raise ValueError(f"no random index for n = {n} in {table!r}; it covers 1..{sizes[-1]}")
    return float(np.interp(n, sizes, [values[k] for k in sizes]))


def consistency_ratio(matrix: pd.DataFrame | np.ndarray, *, table: str = "saaty1980") -> float:
    """The consistency ratio CR = CI / RI(n); judgments pass when CR < 0.10 (Saaty 1980).

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        A comparison matrix.
    table : str, default "saaty1980"
        The :data:`RANDOM_INDICES` table RI comes from.

    Returns
    -------
    float
        CR (rounded to 12 decimals so that a consistent matrix gives exactly 0); 0 for n ≤ 2.

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix or the table is unknown.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    A consistent matrix has CR 0; the circular one of :func:`consistency_index` has
    CI = 0.25 and RI(3) = 0.58, so CR = 0.431, far above 0.10.

    >>> consistency_ratio(pairwise_matrix([2, 4, 2], ["a", "b", "c"]))
    0.0
    >>> round(consistency_ratio(pairwise_matrix([2, 1 / 2, 2], ["a", "b", "c"])), 3)
    0.431
    """
    n = validate_pairwise(matrix).shape[0]
    if n <= 2:
        return 0.0
    return round(consistency_index(matrix) / random_index(n, table), 12)


def consistency_report(matrix: pd.DataFrame | np.ndarray, *, table: str = "saaty1980") -> pd.Series:
    """n, λmax, CI, RI, CR and the verdict against the 0.10 threshold, for one matrix.

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        A comparison matrix.
    table : str, default "saaty1980"
        The :data:`RANDOM_INDICES` table RI comes from.

    Returns
    -------
    pandas.Series
        Indexed by ``n``, ``lambda_max``, ``CI``, ``RI``, ``CR``, ``consistent`` (CR < 0.10)
        and ``verdict`` (text in the current language, :mod:`crmlib.i18n`).

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix or the table is unknown.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> r = consistency_report(pairwise_matrix([2, 4, 2], ["a", "b", "c"]))
    >>> int(r["n"]), r["RI"], r["CR"], r["verdict"]
    (3, 0.58, 0.0, 'acceptable (CR < 0.10)')
    """
    a = validate_pairwise(matrix)
    n = a.shape[0]
    cr = consistency_ratio(a, table=table)
    return pd.Series(
        {
            "n": n,
            "lambda_max": lambda_max(a),
            "CI": consistency_index(a),
            "RI": random_index(n, table) if n > 2 else 0.0,
            "CR": cr,
            "consistent": cr < CR_THRESHOLD,
            "verdict": label(
                "acceptable (CR < 0.10)"
                if cr < CR_THRESHOLD
                else "inconsistent: revise the judgments"
            ),
        }
    )


def aggregate_judgments(matrices: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Combine several experts' matrices by the element-wise geometric mean (AIJ).

    a_ij = (Π_k a_ij^(k))^(1/K) over the K experts; the result is again reciprocal (Aczél &
    Saaty 1983). It keeps the items of the first matrix.

    Parameters
    ----------
    matrices : sequence of pandas.DataFrame
        The experts' comparison matrices, all over the same items in the same order.

    Returns
    -------
    pandas.DataFrame
        The group matrix.

    Raises
    ------
    TypeError
        If *matrices* is not a list of DataFrames.
    ValueError
        If there are no matrices, one is not a comparison matrix, or their items differ.

    References
    ----------
    Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *Journal of
    Mathematical Psychology*, 27(1), 93–102.

    Examples
    --------
    One expert says 2, the other 8: the group says √16 = 4.

    >>> experts = [pairwise_matrix([2], ["a", "b"]), pairwise_matrix([8], ["a", "b"])]
    >>> aggregate_judgments(experts).round(4).values.tolist()
    [[1.0, 4.0], [0.25, 1.0]]
    """
    _same_items(matrices)
    first = matrices[0]
    for m in matrices:
        validate_pairwise(m)
    logs = np.mean([np.log(m.to_numpy(dtype=float)) for m in matrices], axis=0)
    return pd.DataFrame(np.exp(logs), index=first.index, columns=first.columns)


def synthesize(
    hierarchy: Mapping[str, pd.DataFrame],
    *,
    goal: str = "goal",
    method: str = "eigenvector",
    on_inconsistent: str = "raise",
) -> pd.DataFrame:
    """Combine criterion and sub-criterion weights into global weights and rank the indicators.

    *hierarchy* maps ``goal`` to the matrix over the criteria, and each criterion to the matrix
    over its indicators. Global weight = criterion weight × local weight; they sum to 1.
    An inconsistent matrix (CR >= 0.10) raises a ValueError (``on_inconsistent="raise"``) or is
    kept and marked in the ``consistent`` column (``"flag"``), never silently used.

    Parameters
    ----------
    hierarchy : mapping of str to pandas.DataFrame
        ``goal`` → matrix over the criteria; each criterion → matrix over its indicators.
    goal : str, default "goal"
        The key of the top matrix.
    method : {"eigenvector", "geometric"}, default "eigenvector"
        How local weights are derived (:func:`priority_weights`).
    on_inconsistent : {"raise", "flag"}, default "raise"
        What to do with a matrix whose CR ≥ 0.10.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator``; columns ``criterion``, ``criterion_weight``,
        ``local_weight``, ``global_weight``, ``consistent`` and ``rank`` (1 = heaviest),
        sorted by rank.

    Raises
    ------
    ValueError
        If the goal or a criterion's matrix is missing, a matrix is inconsistent (with
        ``"raise"``), an indicator sits under two criteria, or an option is unknown.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    Price counts three times quality (0.75 : 0.25); under price, "cost" counts three times
    "terms"; quality has one indicator. Global weights 0.5625, 0.25, 0.1875.

    >>> h = {"goal": pairwise_matrix([3], ["price", "quality"]),
    ...      "price": pairwise_matrix([3], ["cost", "terms"]),
    ...      "quality": pairwise_matrix([], ["defects"])}
    >>> synthesize(h)["global_weight"].round(4).to_dict()
    {'cost': 0.5625, 'defects': 0.25, 'terms': 0.1875}
    """
    if on_inconsistent not in {"raise", "flag"}:
        raise ValueError("on_inconsistent must be 'raise' or 'flag'")
    if goal not in hierarchy:
        raise ValueError(f"the hierarchy needs a {goal!r} matrix over the criteria")
    top = hierarchy[goal]
    missing = [c for c in top.index if c not in hierarchy]
    if missing:
        raise ValueError(f"no matrix for the criteria {missing}")
    checks = {name: consistency_ratio(m) < CR_THRESHOLD for name, m in hierarchy.items()}
    bad = [name for name, ok in checks.items() if not ok]
    if bad and on_inconsistent == "raise":
        raise ValueError(
            f"inconsistent judgments (CR >= {CR_THRESHOLD}) in {bad}; revise them or pass "
            "on_inconsistent='flag' to see the result marked"
        )
    criterion_weights = priority_weights(top, method=method)
    rows = []
    for label_, cw in criterion_weights.items():
        criterion = cast(str, label_)  # a row of the goal matrix, checked above to be a key
        local = priority_weights(hierarchy[criterion], method=method)
        for indicator, lw in local.items():
            rows.append(
                {
                    "indicator": indicator,
                    "criterion": criterion,
                    "criterion_weight": cw,
                    "local_weight": lw,
                    "global_weight": cw * lw,
                    "consistent": checks[goal] and checks[criterion],
                }
            )
    table = pd.DataFrame(rows).set_index("indicator")
    if not table.index.is_unique:
        raise ValueError("an indicator appears under two criteria; names must be unique")
    table["rank"] = table["global_weight"].rank(ascending=False, method="first").astype(int)
    return table.sort_values("rank")


#: The columns of a long table of judgments (:func:`judgment_matrices`).
_JUDGMENT_COLUMNS = ["expert", "matrix", "row", "col", "value"]


def judgment_matrices(judgments: pd.DataFrame, /) -> dict[tuple[Hashable, Hashable], pd.DataFrame]:
    """Every expert's comparison matrices from a long table of judgments.

    *judgments* has columns ``expert``, ``matrix``, ``row``, ``col`` and ``value`` (one row per
    upper-triangle judgment). A value is a number or a fraction written as text (``1/3``).
    Items keep the order in which they first appear.

    Parameters
    ----------
    judgments : pandas.DataFrame
        The long table described above.

    Returns
    -------
    dict of (expert, matrix) to pandas.DataFrame
        One comparison matrix per expert and matrix name, in order of first appearance.

    Raises
    ------
    TypeError
        *judgments* is not a DataFrame.
    ValueError
        No judgments, a missing column, or for one expert and matrix: a pair judged twice
        (whether the values agree or conflict: keep one row per pair), a missing pair, or a
        value that is no number or off Saaty's scale; the message names the expert, the matrix
        and the pair.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; the dealer study's pairwise comparisons, judged by
    several people (see the README, "Sources").
    Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *Journal of
    Mathematical Psychology*, 27(1), 93–102.

    Examples
    --------
    >>> j = pd.DataFrame({"expert": ["E1", "E1", "E1"], "matrix": "goal",
    ...                   "row": ["a", "a", "b"], "col": ["b", "c", "c"],
    ...                   "value": ["2", "4", "2"]})
    >>> judgment_matrices(j)[("E1", "goal")].loc["a"].tolist()
    [1.0, 2.0, 4.0]
    """
    if isinstance(judgments, list | tuple) and not judgments:
        raise ValueError("no judgments: pass a table with one row per expert judgment")
    require_columns(require_frame(judgments, "judgments"), _JUDGMENT_COLUMNS, "judgments")
    out: dict[tuple[Hashable, Hashable], pd.DataFrame] = {}
    for (expert, name), group in judgments.groupby(["expert", "matrix"], sort=False):
        try:
            cells = list(zip(group["row"], group["col"], group["value"], strict=True))
            _refuse_repeated_pairs(cells)
            pairs = {(row, col): _judgment_value(row, col, value) for row, col, value in cells}
            items = list(dict.fromkeys([*group["row"], *group["col"]]))
            out[(expert, name)] = pairwise_matrix(pairs, items)
        except ValueError as err:
            raise ValueError(f"expert {expert}, matrix {name!r}: {err}") from None
    return out


def _refuse_repeated_pairs(cells: list[tuple[str, str, object]]) -> None:
    """Raise if a pair of items is judged more than once, in either direction; the message says
    whether the judgments agree (a duplicated row) or conflict."""
    seen: dict[frozenset, tuple[str, str, object]] = {}
    for row, col, value in cells:
        key = frozenset((row, col))
        if key in seen:
            first_row, first_col, first_value = seen[key]
            a = _judgment_value(first_row, first_col, first_value)
            b = _judgment_value(row, col, value)
            same = np.isclose(a, b if (row, col) == (first_row, first_col) else 1 / b)
            kind = "twice (the same judgment)" if same else "twice, with conflicting values"
            raise ValueError(
                f"the pair ({row}, {col}) is judged {kind}: ({first_row}, {first_col}) = "
                f"{first_value} and ({row}, {col}) = {value}; keep one judgment per pair"
            )
        seen[key] = (row, col, value)


def _judgment_value(row: str, col: str, value: Any) -> float:
    """A judgment as a float: a number, or text such as ``3``, ``0.5`` or ``1/3``."""
    try:
        number = float(Fraction(value.strip())) if isinstance(value, str) else float(value)
    except (ValueError, TypeError, ZeroDivisionError):
        raise ValueError(
            f"judgment ({row}, {col}) = {value!r} is not a number; write e.g. 3, 0.5 or 1/3"
        ) from None
    if np.isnan(number):
        raise ValueError(f"judgment ({row}, {col}) is missing; fill in a value from 1/9 to 9")
    return number


def consensus(
    judgments: pd.DataFrame, /, *, drop_inconsistent: bool = True
) -> tuple[dict[Hashable, pd.DataFrame], pd.DataFrame]:
    """Group judgment: per matrix, the geometric mean of the experts' matrices.

    With ``drop_inconsistent`` an expert's matrix with CR >= 0.10 is left out of that matrix's
    mean (and reported), so inconsistent judgments are never silently used (Aczél & Saaty
    1983 for the mean).

    Parameters
    ----------
    judgments : pandas.DataFrame
        Columns ``expert``, ``matrix``, ``row``, ``col``, ``value`` (:func:`judgment_matrices`).
    drop_inconsistent : bool, default True
        Leave out each expert matrix with CR ≥ 0.10.

    Returns
    -------
    consensus : dict of str to pandas.DataFrame
        The group matrix per matrix name.
    report : pandas.DataFrame
        One row per expert and matrix: ``expert``, ``matrix``, ``CR``, ``consistent``,
        ``used``.

    Raises
    ------
    TypeError
        *judgments* is not a DataFrame.
    ValueError
        No judgments at all, a bad judgment (see :func:`judgment_matrices`), or a matrix on
        which no expert's judgments pass the consistency check.

    References
    ----------
    Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *Journal of
    Mathematical Psychology*, 27(1), 93–102.

    Examples
    --------
    Two experts judge a against b as 2 and 8; the consensus is 4.

    >>> j = pd.DataFrame({"expert": ["E1", "E2"], "matrix": "goal", "row": "a", "col": "b",
    ...                   "value": [2, 8]})
    >>> matrices, report = consensus(j)
    >>> float(matrices["goal"].loc["a", "b"]), report["used"].tolist()
    (4.0, [True, True])
    """
    matrices = judgment_matrices(judgments)
    report = pd.DataFrame(
        [{"expert": e, "matrix": m, "CR": consistency_ratio(a)} for (e, m), a in matrices.items()]
    )
    report["consistent"] = report["CR"] < CR_THRESHOLD
    report["used"] = report["consistent"] | (not drop_inconsistent)
    combined: dict[Hashable, pd.DataFrame] = {}
    for name, rows in report.groupby("matrix", sort=False):
        use = rows[rows["used"]]
        if use.empty:
            raise ValueError(f"no expert's judgments on {name!r} pass the consistency check")
        combined[name] = aggregate_judgments([matrices[(e, name)] for e in use["expert"]])
    return combined, report


# ------------------------------------------------------------------ incomplete judgments ---


def complete_matrix(
    judgments: Mapping[tuple[str, str], float], items: Sequence[str]
) -> tuple[pd.DataFrame, pd.Series]:
    """Fill the pairs nobody judged so that the matrix is as consistent as it can be.

    The missing judgments x are chosen to minimise λmax of the completed matrix (Bozóki, Fülöp &
    Rónyai 2010, "On optimal completion of incomplete pairwise comparison matrices",
    *Mathematical and Computer Modelling* 52): in the variables ln x, λmax is convex, so the
    minimum is unique and a quasi-Newton search finds it. Every item must be linked to every
    other through the judgments given, or the missing ones are not determined.

    Parameters
    ----------
    judgments : mapping of (str, str) to float
        The judgments given, ``{(row_item, col_item): value}`` (numbers or text such as
        ``"1/3"``), each pair at most once.
    items : sequence of str
        All items compared, in matrix order.

    Returns
    -------
    matrix : pandas.DataFrame
        The completed comparison matrix.
    filled : pandas.Series
        ``filled``: the judgments chosen, indexed by pair (``row``, ``col``); empty when
        nothing was missing.

    Raises
    ------
    ValueError
        If a judgment is off the scale, not a number, judged twice, names an unknown item, or
        the judgments do not link every item to the rest.

    References
    ----------
    Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of incomplete pairwise
    comparison matrices. *Mathematical and Computer Modelling*, 52(1–2), 318–333.

    Examples
    --------
    With only a : b = 2 and b : c = 2 given, the most consistent a : c is 2 × 2 = 4.

    >>> matrix, filled = complete_matrix({("a", "b"): 2, ("b", "c"): 2}, ["a", "b", "c"])
    >>> round(float(filled[("a", "c")]), 4)
    4.0

    A case where no completion is perfectly consistent:

    >>> given = {("a", "b"): 1, ("a", "c"): 5, ("a", "d"): 2, ("b", "c"): 3, ("b", "d"): 4}
    >>> matrix, filled = complete_matrix(given, ["a", "b", "c", "d"])
    >>> round(float(filled[("c", "d")]), 4)
    0.7303
    """
    from scipy.optimize import minimize

    items = list(items)
    n = len(items)
    known = _judged_pairs(judgments, items, _judgment_value)
    for (row, col), value in known.items():
        _require_on_scale(row, col, value)
    missing = [
        (items[i], items[j])
        for i in range(n)
        for j in range(i + 1, n)
        if (items[i], items[j]) not in known and (items[j], items[i]) not in known
    ]
    _require_connected(items, known)
    if not missing:
        return pairwise_matrix(known, items), pd.Series(dtype=float, name="filled")
    position = {item: k for k, item in enumerate(items)}

    def matrix_for(logs: np.ndarray) -> np.ndarray:
        a = np.ones((n, n))
        for (row, col), value in known.items():
            a[position[row], position[col]], a[position[col], position[row]] = value, 1 / value
        for (row, col), log_value in zip(missing, logs, strict=True):
            a[position[row], position[col]] = np.exp(log_value)
            a[position[col], position[row]] = np.exp(-log_value)
        return a

    def largest_eigenvalue(logs: np.ndarray) -> float:
        return float(np.max(np.linalg.eigvals(matrix_for(logs)).real))

    result = minimize(
        largest_eigenvalue, np.zeros(len(missing)), method="BFGS", options={"gtol": 1e-10}
    )
    filled = pd.Series(
        np.exp(result.x),
        index=pd.MultiIndex.from_tuples(missing, names=["row", "col"]),
        name="filled",
    )
    completed = pd.DataFrame(matrix_for(result.x), index=items, columns=items)
    return completed, filled


def _require_connected(items: list[str], known: Mapping[tuple[str, str], float]) -> None:
    """Raise unless the judged pairs link every item to every other (a connected graph)."""
    reached, frontier = {items[0]}, [items[0]]
    while frontier:
        item = frontier.pop()
        for row, col in known:
            for a, b in ((row, col), (col, row)):
                if a == item and b not in reached:
                    reached.add(b)
                    frontier.append(b)
    cut_off = [item for item in items if item not in reached]
    if cut_off:
        raise ValueError(
            f"the judgments given do not link {cut_off} to the other items; compare each of "
            "them with at least one item of the rest"
        )


# ------------------------------------------------------------------- deeper hierarchies ---


def global_weights(
    hierarchy: Mapping[str, pd.DataFrame | pd.Series],
    *,
    goal: str = "goal",
    table: str = "saaty1980",
    on_inconsistent: str = "raise",
) -> pd.Series:
    """Global weights of the bottom elements of a hierarchy of any depth, by synthesis.

    *hierarchy* maps each node to what decides its children's local weights: a pairwise
    comparison matrix over the children, or a Series of measured values (weights proportional
    to them, as for fuel economy in miles per gallon). Elements that map to nothing are the
    bottom of the hierarchy (the alternatives); an element may sit under several parents, as
    alternatives do under every criterion, and its global weight is the sum over all paths
    from the goal of the products of local weights (Saaty 1980, hierarchic composition).

    A matrix with CR >= 0.10 raises a ValueError naming the node (``on_inconsistent="raise"``),
    or is used anyway (``"ignore"``).

    Parameters
    ----------
    hierarchy : mapping of str to pandas.DataFrame or pandas.Series
        Node → comparison matrix over its children, or measured values of its children.
    goal : str, default "goal"
        The top node.
    table : str, default "saaty1980"
        The :data:`RANDOM_INDICES` table of the consistency check.
    on_inconsistent : {"raise", "ignore"}, default "raise"

    Returns
    -------
    pandas.Series
        ``global_weight`` of each bottom element, summing to 1, heaviest first.

    Raises
    ------
    ValueError
        If the goal is missing, a matrix is inconsistent (with ``"raise"``), a measured value
        is not positive, the hierarchy has a cycle, or an option is unknown.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    Price weighs 0.75, quality 0.25; A beats B 2 to 1 on price (2/3, 1/3) and scores 1 against
    3 on quality (1/4, 3/4): A = 0.75 × 2/3 + 0.25 × 1/4 = 0.5625.

    >>> goal = pairwise_matrix([3], ["price", "quality"])
    >>> price = pairwise_matrix([2], ["A", "B"])
    >>> quality = pd.Series({"A": 1.0, "B": 3.0})
    >>> global_weights({"goal": goal, "price": price, "quality": quality}).round(4).to_dict()
    {'A': 0.5625, 'B': 0.4375}
    """
    if on_inconsistent not in {"raise", "ignore"}:
        raise ValueError("on_inconsistent must be 'raise' or 'ignore'")
    if goal not in hierarchy:
        raise ValueError(f"the hierarchy has no node {goal!r} (its top)")
    totals: dict[str, float] = {}

    def local(node: str) -> pd.Series:
        spec = hierarchy[node]
        if isinstance(spec, pd.Series):
            values = numeric_series(spec, f"node {node!r}")
            if (values <= 0).any():
                raise ValueError(
                    f"node {node!r}: measured values must be positive numbers "
                    f"({name_rows(values, values <= 0)})"
                )
            return values / values.sum()
        if on_inconsistent == "raise" and consistency_ratio(spec, table=table) >= CR_THRESHOLD:
            raise ValueError(
                f"node {node!r}: inconsistent judgments (CR = "
                f"{consistency_ratio(spec, table=table):.3f} >= {CR_THRESHOLD}); revise them "
                "(see judgment_diagnosis) or pass on_inconsistent='ignore'"
            )
        return priority_weights(spec)

    def descend(node: str, weight: float, path: tuple[str, ...]) -> None:
        if node in path:
            raise ValueError(f"the hierarchy has a cycle: {' -> '.join((*path, node))}")
        if node not in hierarchy:
            totals[node] = totals.get(node, 0.0) + weight
            return
        for child, share in local(node).items():
            descend(str(child), weight * share, (*path, node))

    descend(goal, 1.0, ())
    return pd.Series(totals, name="global_weight").sort_values(ascending=False)


# ------------------------------------------------------------------------- group decisions ---


def aggregate_priorities(
    matrices: Sequence[pd.DataFrame],
    *,
    weights: Sequence[float] | None = None,
    mean: str = "geometric",
) -> pd.Series:
    """Group priorities by aggregating each expert's priorities (AIP).

    Each expert's weights come from their own matrix; the group's are their weighted
    geometric (or arithmetic) mean, normalised to sum to 1. Forman & Peniwati (1998),
    "Aggregating individual judgments and priorities with the AHP", *European Journal of
    Operational Research* 108: aggregate the *judgments* (AIJ, :func:`aggregate_judgments`)
    when the experts act as one body that pools its judgments; aggregate the *priorities* (AIP)
    when each expert decides separately and the group then combines their conclusions.
    Geometric: w_i ∝ Π_k (w_i^(k))^(λ_k), with expert weights λ_k summing to 1.

    Parameters
    ----------
    matrices : sequence of pandas.DataFrame
        One comparison matrix per expert, all over the same items in the same order.
    weights : sequence of float, optional
        The experts' weights λ_k (non-negative, not all zero; normalised); equal if omitted.
    mean : {"geometric", "arithmetic"}, default "geometric"

    Returns
    -------
    pandas.Series
        ``weight`` of each item, summing to 1.

    Raises
    ------
    TypeError
        If *matrices* is not a list of DataFrames, or *weights* not a list of numbers.
    ValueError
        If there are no matrices, their items differ, *mean* is unknown, or the weights are
        not one number per expert, or are missing, negative or all zero.

    References
    ----------
    Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
    Analytic Hierarchy Process. *European Journal of Operational Research*, 108(1), 165–169.

    Examples
    --------
    Two experts with opposite views (3/4 : 1/4 and 1/4 : 3/4) cancel out:

    >>> m1 = pairwise_matrix([3], ["a", "b"])
    >>> m2 = pairwise_matrix([1 / 3], ["a", "b"])
    >>> aggregate_priorities([m1, m2]).round(3).to_dict()
    {'a': 0.5, 'b': 0.5}
    """
    first = _same_items(matrices)
    if mean not in {"geometric", "arithmetic"}:
        raise ValueError(f"mean must be 'geometric' or 'arithmetic', got {mean!r}")
    w = np.ones(len(matrices)) if weights is None else _expert_weights(weights, len(matrices))
    w = w / w.sum()
    priorities = np.array([priority_weights(m).to_numpy() for m in matrices])
    combined = np.exp(w @ np.log(priorities)) if mean == "geometric" else w @ priorities
    return pd.Series(combined / combined.sum(), index=first, name="weight")


def _same_items(matrices: object) -> list[Hashable]:
    """The items of the first matrix, after checking that every matrix is a DataFrame over them."""
    if isinstance(matrices, pd.DataFrame) or not isinstance(matrices, Sequence):
        raise TypeError(
            "matrices must be a list of comparison matrices (DataFrames), one per expert, got "
            f"{type(matrices).__name__}"
        )
    if not matrices:
        raise ValueError("no matrices to aggregate")
    for k, m in enumerate(matrices):
        if not isinstance(m, pd.DataFrame):
            raise TypeError(
                f"matrix {k} must be a pandas DataFrame (build it with pairwise_matrix), "
                f"got {type(m).__name__}"
            )
    first = list(matrices[0].index)
    if any(list(m.index) != first for m in matrices):
        raise ValueError("all matrices must compare the same items in the same order")
    return first


def _expert_weights(weights: object, experts: int) -> np.ndarray:
    """The experts' weights λ_k as floats: one per expert, none missing or negative, not all 0."""
    if isinstance(weights, str | bytes | Mapping) or not pd.api.types.is_list_like(weights):
        raise TypeError(
            f"weights must be a list of numbers, one per expert, got {type(weights).__name__}"
        )
    values = pd.Series(weights) if not isinstance(weights, pd.Series) else weights
    if len(values) != experts:
        raise ValueError(
            f"weights must be one non-negative number per expert: {experts} experts, "
            f"got {len(values)} weight(s)"
        )
    w = numeric_column(values.reset_index(drop=True), what="weights")
    if (w < 0).any():
        raise ValueError(
            f"weights must not be negative ({name_rows(w, w < 0)}); an expert who should not "
            "count gets weight 0"
        )
    if w.sum() == 0:
        raise ValueError("weights are all zero: give at least one expert a positive weight")
    return w.to_numpy()


# -------------------------------------------------------------------- consistency diagnosis ---


def judgment_diagnosis(matrix: pd.DataFrame, *, table: str = "saaty1980") -> pd.DataFrame:
    """Which judgment to revisit first: each judgment against what the other judgments imply.

    For each pair (i, j) above the diagonal: the judgment a_ij, the ratio w_i/w_j of the
    current weights (what the matrix as a whole says), their disagreement
    max(a_ij w_j/w_i, w_i/(a_ij w_j)) (1 = none), and the CR the matrix would have if this one
    judgment were changed to w_i/w_j. Sorted so that the judgment whose revision lowers CR most
    comes first: the one to ask the expert about (Saaty 2003, "Decision-making with the AHP:
    why is the principal eigenvector necessary", EJOR 145, on improving consistency).

    Parameters
    ----------
    matrix : pandas.DataFrame
        A comparison matrix (an array is accepted; its items are then numbered 0..n−1).
    table : str, default "saaty1980"
        The :data:`RANDOM_INDICES` table of the CR.

    Returns
    -------
    pandas.DataFrame
        One row per upper-triangle pair: ``row``, ``col``, ``judgment``, ``implied``,
        ``disagreement``, ``CR_if_revised``; lowest ``CR_if_revised`` first.

    Raises
    ------
    ValueError
        If the matrix is not a comparison matrix.

    References
    ----------
    Saaty, T. L. (2003). Decision-making with the AHP: why is the principal eigenvector
    necessary. *European Journal of Operational Research*, 145(1), 85–91.

    Examples
    --------
    Weights 8 : 4 : 2 : 1 judged consistently, except that d was said to beat c 5 to 1:

    >>> m = pairwise_matrix([2, 4, 8, 2, 4, 1 / 5], ["a", "b", "c", "d"])
    >>> first = judgment_diagnosis(m).iloc[0]
    >>> first["row"], first["col"], round(float(first["CR_if_revised"]), 3)
    ('c', 'd', 0.078)
    """
    a = validate_pairwise(matrix)
    if not isinstance(matrix, pd.DataFrame):
        matrix = pd.DataFrame(a)
    items = list(matrix.index)
    w = priority_weights(a)
    rows = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            implied = w[i] / w[j]
            revised = a.copy()
            revised[i, j], revised[j, i] = implied, 1 / implied
            rows.append(
                {
                    "row": items[i],
                    "col": items[j],
                    "judgment": a[i, j],
                    "implied": implied,
                    "disagreement": max(a[i, j] / implied, implied / a[i, j]),
                    "CR_if_revised": consistency_ratio(revised, table=table),
                }
            )
    table_out = pd.DataFrame(rows)
    return table_out.sort_values(
        ["CR_if_revised", "disagreement"], ascending=[True, False]
    ).reset_index(drop=True)
