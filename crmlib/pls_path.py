"""PLS path modelling: how the ACSI and ECSI turn survey answers into a satisfaction index.

A customer-satisfaction index model (ACSI, ECSI) has *latent variables* – image, expectations,
perceived quality, perceived value, satisfaction, complaints, loyalty – each measured by a few
survey questions (its *block* of manifest variables), and *paths* between them. PLS path
modelling (Wold 1982; Lohmöller 1989; Tenenhaus, Esposito Vinzi, Chatelin & Lauro 2005)
estimates each latent variable as a weighted sum of its questions, choosing the weights so that
neighbouring latent variables predict each other well. Wold's algorithm alternates two steps
until the weights stop changing:

1. **Inner estimate** (path weighting scheme). For latent variable j, a proxy
   :math:`Z_j = \\sum_i e_{ji} Y_i` of its neighbours' scores :math:`Y_i`: for a predecessor
   (i → j), :math:`e_{ji}` is i's coefficient in the regression of :math:`Y_j` on all its
   predecessors; for a successor (j → k), :math:`e_{jk} = \\mathrm{cor}(Y_j, Y_k)`.
2. **Outer estimate**. Mode A ("reflective": the questions reflect the construct):
   :math:`w_j = X_j^\\top Z_j / n`, the covariances of the block's questions with the proxy.
   Mode B ("formative": the questions form the construct): :math:`w_j` are the coefficients of
   the regression of :math:`Z_j` on the block. Then :math:`Y_j = X_j w_j`, rescaled to unit
   variance.

The questions are standardised first; at convergence the path coefficients are ordinary least
squares between the latent scores, the loadings are the correlations of each question with its
latent variable, and R² is each endogenous construct's explained variance. An ACSI-style index
on 0–100 rescales the weights to the questions' own scale (Fornell et al. 1996): weights on the
raw questions, normalised to sum to 1, give a score on the question scale, mapped linearly from
[min, max] of the scale to [0, 100].

References
----------
Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS path modeling.
*Computational Statistics & Data Analysis*, 48(1), 159–205.
Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996). The American
Customer Satisfaction Index: nature, purpose, and findings. *Journal of Marketing*, 60(4), 7–18.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from crmlib._validation import numeric_column, require_columns, require_frame

__all__ = [
    "ACSI_PATHS",
    "ECSI_BLOCKS",
    "ECSI_PATHS",
    "PLSResult",
    "fit_pls_path",
    "satisfaction_index",
]

#: The ACSI model's paths (cause, effect), as in Fornell et al. (1996): expectations,
#: perceived quality and perceived value drive satisfaction, which drives complaints and loyalty;
#: the names are those of the path diagram ``crmlib.plotting.index_model("ACSI")``.
ACSI_PATHS: list[tuple[str, str]] = [
    ("customer expectations", "perceived quality"),
    ("customer expectations", "perceived value"),
    ("customer expectations", "customer satisfaction"),
    ("perceived quality", "perceived value"),
    ("perceived quality", "customer satisfaction"),
    ("perceived value", "customer satisfaction"),
    ("customer satisfaction", "customer complaints"),
    ("customer satisfaction", "customer loyalty"),
    ("customer complaints", "customer loyalty"),
]

#: The ECSI model's paths (cause, effect), as in Tenenhaus et al. (2005), figure 2: the ACSI's
#: paths with corporate image added as a driver of expectations, satisfaction and loyalty; the
#: names are those of the path diagram ``crmlib.plotting.index_model("ECSI")``.
ECSI_PATHS: list[tuple[str, str]] = [
    ("corporate image", "customer expectations"),
    ("corporate image", "customer satisfaction"),
    ("corporate image", "customer loyalty"),
    *ACSI_PATHS,
]

#: The questions of each ECSI construct in the mobile-phone survey (``datasets.load_ecsi_mobi``).
ECSI_BLOCKS: dict[str, list[str]] = {
    "corporate image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    "customer expectations": ["CUEX1", "CUEX2", "CUEX3"],
    "perceived quality": ["PERQ1", "PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"],
    "perceived value": ["PERV1", "PERV2"],
    "customer satisfaction": ["CUSA1", "CUSA2", "CUSA3"],
    "customer complaints": ["CUSCO"],
    "customer loyalty": ["CUSL1", "CUSL2", "CUSL3"],
}


_Frame = TypeVar("_Frame", pd.DataFrame, pd.Series)


class PLSResult(NamedTuple):
    """A fitted PLS path model.

    Attributes
    ----------
    weights : Series
        Outer weight of each question (index: question) on standardised questions.
    loadings : Series
        Correlation of each question with its latent variable.
    paths : Series
        Path coefficient of each (cause, effect) pair.
    r_squared : Series
        Explained variance of each endogenous latent variable.
    scores : DataFrame
        Standardised latent-variable scores, one column per construct.
    iterations : int
        Rounds of Wold's algorithm until the weights changed by less than the tolerance.

    References
    ----------
    Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. & Lauro, C. (2005). PLS path modeling.
    *Computational Statistics & Data Analysis*, 48(1), 159–205.
    Lohmöller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least Squares*.
    """

    weights: pd.Series
    loadings: pd.Series
    paths: pd.Series
    r_squared: pd.Series
    scores: pd.DataFrame
    iterations: int


def _standardise(frame: _Frame) -> _Frame:
    """Mean 0 and standard deviation 1 (n − 1 in the denominator, as R's ``scale``)."""
    return (frame - frame.mean()) / frame.std()


def _regression(y: pd.Series, x: pd.DataFrame) -> pd.Series:
    """Least-squares coefficients of *y* on the columns of *x* (no intercept: all centred)."""
    coef, *_ = np.linalg.lstsq(x.to_numpy(), y.to_numpy(), rcond=None)
    return pd.Series(coef, index=x.columns)


def _questions(blocks: Mapping[str, Sequence[str]]) -> list[str]:
    """Every question of *blocks*, block by block (a TypeError unless *blocks* is a mapping)."""
    if not isinstance(blocks, Mapping):
        raise TypeError(
            "blocks must map each construct to its questions, e.g. {'customer loyalty': "
            f"['CUSL1', 'CUSL3']}}, got {type(blocks).__name__}"
        )
    return [q for block in blocks.values() for q in block]


def _answers(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The answers to every question of *blocks* as floats, each checked by numeric_column."""
    return pd.DataFrame({q: numeric_column(data, q, "data") for q in _questions(blocks)})


def _check_model(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    modes: Mapping[str, str],
) -> None:
    require_frame(data, "data")
    require_columns(data, _questions(blocks), "data")
    for cause, effect in paths:
        for name in (cause, effect):
            if name not in blocks:
                raise ValueError(
                    f"path ({cause!r}, {effect!r}): {name!r} has no block of questions"
                )
    unknown = set(modes) - set(blocks)
    if unknown:
        raise ValueError(f"modes name constructs without a block: {sorted(unknown)}")
    bad = {name: mode for name, mode in modes.items() if mode not in ("A", "B")}
    if bad:
        raise ValueError(f"a mode is 'A' (reflective) or 'B' (formative), got {bad}")
    questions = data[[q for questions in blocks.values() for q in questions]]
    if questions.isna().any().any():
        gaps = questions.columns[questions.isna().any()].tolist()
        raise ValueError(f"the questions {gaps} have missing answers; drop or impute them first")
    questions = _answers(data, blocks)
    flat = questions.columns[questions.std() == 0].tolist()
    if flat:
        raise ValueError(f"questions with one answer for everyone carry no information: {flat}")


def fit_pls_path(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    *,
    modes: Mapping[str, Literal["A", "B"]] | None = None,
    tol: float = 1e-10,
    max_iter: int = 300,
) -> PLSResult:
    """Fit a PLS path model by Wold's algorithm with the path weighting scheme.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, one column per question (numeric, no missing answers).
    blocks : mapping
        Each latent variable's questions, e.g. ``{"customer loyalty": ["CUSL1", "CUSL3"]}``.
    paths : sequence of (cause, effect)
        The inner model; every name must have a block.
    modes : mapping, optional
        ``"A"`` (reflective, the default) or ``"B"`` (formative) per latent variable.
    tol, max_iter : float, int
        Stop when no weight changes by more than *tol*; give up after *max_iter* rounds.

    Returns
    -------
    PLSResult
        Weights, loadings, path coefficients, R², latent scores and the number of rounds.

    Raises
    ------
    TypeError
        If *data* is not a DataFrame or *blocks* not a mapping.
    ValueError
        If a question column is missing, a path names a construct without a block, a mode is
        not ``"A"`` or ``"B"``, an answer is missing, not a number or infinite, or a question
        has one answer for everyone.
    RuntimeError
        If the weights have not converged after *max_iter* rounds.

    References
    ----------
    Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. & Lauro, C. (2005). PLS path modeling.
    *Computational Statistics & Data Analysis*, 48(1), 159–205.
    Tenenhaus et al. (2005), sections 2–3; Lohmöller (1989), *Latent variable path modeling
    with partial least squares*.

    Examples
    --------
    Two constructs of two questions each; the single path is the correlation of the scores:

    >>> survey = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 1, 4, 3, 5],
    ...                        "s1": [1, 3, 2, 5, 4], "s2": [2, 2, 3, 4, 5]})
    >>> fit = fit_pls_path(survey, {"Q": ["q1", "q2"], "S": ["s1", "s2"]}, [("Q", "S")])
    >>> round(float(fit.paths["Q", "S"]), 3) == round(float(fit.scores.corr().loc["Q", "S"]), 3)
    True
    """
    modes = dict(modes or {})
    _check_model(data, blocks, paths, modes)
    names = list(blocks)
    X = {name: _standardise(data[list(blocks[name])].astype(float)) for name in names}
    predecessors = {name: [c for c, e in paths if e == name] for name in names}
    successors = {name: [e for c, e in paths if c == name] for name in names}

    def scores_of(weights: dict[str, pd.Series]) -> pd.DataFrame:
        return pd.DataFrame({n: _standardise(X[n] @ weights[n]) for n in names})

    weights = {n: pd.Series(1.0, index=X[n].columns) for n in names}
    Y = scores_of(weights)
    rounds, change = 0, np.inf
    while change >= tol:
        rounds += 1
        if rounds > max_iter:
            raise RuntimeError(
                f"Wold's algorithm did not converge in {max_iter} rounds (change {change:.1e})"
            )
        # 1. inner estimate: each construct's proxy from its neighbours (path weighting scheme)
        inner = {}
        for n in names:
            proxy = pd.Series(0.0, index=Y.index)
            if predecessors[n]:
                proxy += Y[predecessors[n]] @ _regression(Y[n], Y[predecessors[n]])
            for k in successors[n]:
                proxy += Y[n].corr(Y[k]) * Y[k]
            inner[n] = proxy
        # 2. outer estimate: new weights from each block and its proxy (mode A or B)
        new = {}
        for n in names:
            if modes.get(n, "A") == "B":
                w = _regression(inner[n], X[n])
            else:
                w = X[n].T @ inner[n] / (len(Y) - 1)
            new[n] = w / (X[n] @ w).std()  # scores with unit variance
        change = max((new[n] - weights[n]).abs().max() for n in names)
        weights, Y = new, scores_of(new)

    endogenous = [n for n in names if predecessors[n]]
    coefficients = {n: _regression(Y[n], Y[predecessors[n]]) for n in endogenous}
    path_index = pd.MultiIndex.from_tuples(list(paths), names=["cause", "effect"])
    path_values = [coefficients[effect][cause] for cause, effect in paths]
    # R² = Σ β_i · cor(Y_i, Y_n); both vectors list the predecessors in the same order
    r_squared = pd.Series(
        {n: float(np.dot(coefficients[n], Y[predecessors[n]].corrwith(Y[n]))) for n in endogenous},
        name="r_squared",
    )
    loadings = pd.concat([X[n].corrwith(Y[n]) for n in names])
    return PLSResult(
        weights=pd.concat([weights[n] for n in names]).rename("weight"),
        loadings=loadings.rename("loading"),
        paths=pd.Series(path_values, index=path_index, name="path"),
        r_squared=r_squared,
        scores=Y,
        iterations=rounds,
    )


def satisfaction_index(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    fit: PLSResult,
    *,
    scale: tuple[float, float] = (1, 10),
) -> pd.Series:
    """Each construct's index on 0–100, the way the ACSI reports it.

    The standardised weights w are turned into weights on the raw questions (w / sd of the
    question), normalised to sum to 1; the weighted mean answer, on the questions' own scale
    [lo, hi], is mapped to 0–100: index = 100 · (mean − lo) / (hi − lo).

    Parameters
    ----------
    data : DataFrame
        The survey the model was fitted on.
    blocks : mapping
        The same blocks as in the fit.
    fit : PLSResult
        From :func:`fit_pls_path`.
    scale : (lo, hi)
        The answer scale of the questions (the ECSI survey's is 1–10).

    Returns
    -------
    Series
        Index of each construct, 0–100, indexed by construct.

    Raises
    ------
    TypeError
        If *data* is not a DataFrame, *blocks* not a mapping or *fit* not a PLSResult.
    ValueError
        If the scale does not have hi > lo, *data* is empty or lacks a question, an answer is
        missing, not a number or infinite, or *fit* has no weight for a question.

    References
    ----------
    Fornell, C. et al. (1996). The American Customer Satisfaction Index: nature, purpose, and
    findings. *Journal of Marketing*, 60(4), 7–18.

    Examples
    --------
    Everyone answering 10 on a 1–10 scale is an index of 100:

    >>> survey = pd.DataFrame({"q1": [10, 10, 10], "q2": [10, 10, 10]})
    >>> fake = PLSResult(pd.Series({"q1": 0.5, "q2": 0.5}), None, None, None, None, 0)
    >>> float(satisfaction_index(survey, {"Q": ["q1", "q2"]}, fake, scale=(1, 10)).loc["Q"])
    100.0
    """
    lo, hi = scale
    if not hi > lo:
        raise ValueError(f"scale must be (lo, hi) with hi > lo, got {scale}")
    require_frame(data, "data")
    require_columns(data, _questions(blocks), "data")
    if not isinstance(fit, PLSResult):
        raise TypeError(f"fit must be the PLSResult of fit_pls_path, got {type(fit).__name__}")
    unweighted = [q for q in _questions(blocks) if q not in fit.weights.index]
    if unweighted:
        raise ValueError(
            f"fit has no weight for the questions {unweighted}: pass the blocks it was fitted on"
        )
    scored = _answers(data, blocks)
    out = {}
    for name, questions in blocks.items():
        answers = scored[list(questions)]
        sd = answers.std().replace(0, 1.0)  # a constant question: its weight is used as given
        raw = fit.weights[list(questions)] / sd
        raw = raw / raw.sum()
        out[name] = 100 * ((answers.mean() * raw).sum() - lo) / (hi - lo)
    return pd.Series(out, name="index")
