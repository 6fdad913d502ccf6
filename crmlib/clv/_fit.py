"""Maximum likelihood for the customer-base models: one maximiser, one degeneracy check.

Every model module writes its log-likelihood (and, where the algebra is short, its gradient) and
hands it to :func:`fit_parameters`, which maximises it (:func:`maximise`) and warns when the data
cannot pin a parameter down (:func:`warn_if_degenerate`). Identical customers are counted once
with a weight (:func:`compress`), so a base of 100,000 customers with whole-day histories fits
about as fast as the few thousand distinct histories it holds.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = [
    "DegenerateFitWarning",
    "compress",
    "fit_parameters",
    "maximise",
    "numerical_gradient",
    "time_scale",
    "warn_if_degenerate",
]

LogLik = Callable[[np.ndarray], tuple[float, np.ndarray]]


class DegenerateFitWarning(RuntimeWarning):
    """The likelihood has no finite maximum: the data cannot pin down some parameter.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer.
    """


def compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Unique rows of the columns and how often each occurs (the likelihood sums over them).

    Parameters
    ----------
    *columns : numpy.ndarray
        Equally long columns, e.g. frequency, recency and T.

    Returns
    -------
    list of numpy.ndarray, numpy.ndarray
        The columns of the unique rows (as floats, sorted), and each row's count.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> (x, t), counts = compress(np.array([1, 1, 2]), np.array([5.0, 5.0, 6.0]))
    >>> x.tolist(), t.tolist(), counts.tolist()
    ([1.0, 2.0], [5.0, 6.0], [2.0, 1.0])
    """
    frame = pd.DataFrame({k: np.asarray(c, dtype=float) for k, c in enumerate(columns)})
    # a hash-based group count: 0.02 s on 100,000 rows, where np.unique(axis=0) takes 0.4 s
    counts = frame.value_counts(sort=False).sort_index()
    return [counts.index.get_level_values(k).to_numpy() for k in range(len(columns))], (
        counts.to_numpy(dtype=float)
    )


def time_scale(T: np.ndarray) -> float:
    """The data's unit of time for a Gamma scale parameter (α, β): the mean time observed.

    A purchase rate λ ~ Gamma(r, α) has mean r/α, so α is measured in the histories' time unit;
    the mean T is where its search starts and the size :func:`warn_if_degenerate` compares it
    with (at least 10⁻³, so that a base observed for no time still gives a positive start).

    Parameters
    ----------
    T : numpy.ndarray
        Each customer's time observed since the first purchase.

    Returns
    -------
    float
        max(mean T, 10⁻³).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> time_scale(np.array([30.0, 40.0])), time_scale(np.array([0.0]))
    (35.0, 0.001)
    """
    return max(float(np.mean(T)), 1e-3)


def numerical_gradient(loglik: Callable[[np.ndarray], float], theta: np.ndarray) -> np.ndarray:
    """Central-difference gradient, for likelihoods whose derivatives are long (Pareto/NBD).

    Parameters
    ----------
    loglik : callable
        The function of θ to differentiate.
    theta : numpy.ndarray
        Where; each step is 10⁻⁶ of the parameter's size (at least 10⁻⁹).

    Returns
    -------
    numpy.ndarray
        ∂ loglik / ∂θ, one entry per parameter.

    References
    ----------
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer: the
    chapter on calculating derivatives (finite differences).

    Examples
    --------
    >>> numerical_gradient(lambda v: float(v @ v), np.array([1.0, 2.0])).round(6).tolist()
    [2.0, 4.0]
    """
    steps = np.diag(1e-6 * np.maximum(np.abs(theta), 1e-3))
    return np.array([(loglik(theta + h) - loglik(theta - h)) / (2 * h.max()) for h in steps])


def maximise(loglik: LogLik, start: np.ndarray, n: float) -> np.ndarray:
    """Maximise a log-likelihood over positive parameters θ; returns the maximiser.

    *loglik(θ)* returns the log-likelihood and its gradient. The search runs over z = ln θ
    (so θ stays positive; ∂/∂z = θ · ∂/∂θ) on the mean log-likelihood (divided by the *n*
    customers, so tolerances do not depend on the size of the base): BFGS with the gradient,
    then Newton steps with a Hessian from differences of that gradient until a step is below
    1e-10. The Newton polish makes the optimum exact to about 1e-9 relative, so the fitted values,
    and every number computed from them, depend neither on the starting point nor on the CPU's
    floating-point kernels (BFGS alone stops about 1e-7 away, which reached the third decimal of
    some forecasts).

    Parameters
    ----------
    loglik : callable
        θ -> (log-likelihood, gradient with respect to θ).
    start : numpy.ndarray
        Starting parameters (positive).
    n : float
        Number of customers (the log-likelihood is divided by it).

    Returns
    -------
    numpy.ndarray
        The maximiser θ.

    Raises
    ------
    RuntimeError
        The likelihood is not finite anywhere the search went.

    References
    ----------
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer: the
    chapters on quasi-Newton (BFGS) and Newton methods.

    Examples
    --------
    >>> maximise(lambda v: (-float((v[0] - 2) ** 2), np.array([-2 * (v[0] - 2)])), np.ones(1), 1)
    array([2.])
    """
    from scipy.optimize import minimize

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        theta = np.exp(z)
        with np.errstate(all="ignore"):
            value, gradient = loglik(theta)
        if not np.isfinite(value) or not np.isfinite(gradient).all():
            return 1e300, np.zeros_like(z)
        return -value / n, -gradient * theta / n

    result = minimize(objective, np.log(start), jac=True, method="BFGS", options={"gtol": 1e-6})
    if not np.isfinite(result.fun) or result.fun >= 1e300:
        raise RuntimeError("the likelihood could not be maximised; check the data")
    z, (value, gradient) = result.x, objective(result.x)
    eye = np.eye(len(z)) * 1e-5
    for _ in range(6):  # Newton: each step squares the error; two or three steps suffice
        hessian = np.column_stack([(objective(z + e)[1] - objective(z - e)[1]) / 2e-5 for e in eye])
        try:
            step = np.linalg.solve((hessian + hessian.T) / 2, gradient)
        except np.linalg.LinAlgError:
            break
        new_value, new_gradient = objective(z - step)
        if not np.isfinite(step).all() or new_value > value + 1e-12:
            break  # not a concave neighbourhood: keep the point reached
        z, value, gradient = z - step, new_value, new_gradient
        if np.max(np.abs(step)) < 1e-10:
            break
    return np.exp(z)


def warn_if_degenerate(names: tuple[str, ...], values: np.ndarray, scale: np.ndarray) -> None:
    """Warn when a fitted parameter ran off towards 0 or infinity (no finite maximum).

    *scale* is each parameter's natural size (1 for shapes, the data's time or money scale for
    α, β and γ); a value beyond 10⁵ times its scale, or below 10⁻⁵ of it, means the likelihood
    kept rising as the parameter grew or shrank, so the data do not determine it.

    Parameters
    ----------
    names : tuple of str
        The parameters' names, for the message.
    values : numpy.ndarray
        The fitted values.
    scale : numpy.ndarray
        Each parameter's natural size.

    Warns
    -----
    DegenerateFitWarning
        A value beyond 10⁵ times its scale or below 10⁻⁵ of it.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_if_degenerate(("r", "alpha"), np.array([0.5, 1e9]), np.array([1.0, 10.0]))
    >>> [type(w.message).__name__ for w in caught]
    ['DegenerateFitWarning']
    """
    ratio = values / scale
    off = [name for name, v in zip(names, ratio, strict=True) if not 1e-5 < v < 1e5]
    if off:
        shown = ", ".join(f"{n} = {v:.3g}" for n, v in zip(names, values, strict=True))
        warnings.warn(
            f"degenerate fit: {', '.join(off)} ran off ({shown}); the likelihood has no finite "
            "maximum on these data (too few customers, no repeat purchases, or no variation); "
            "do not use these parameters",
            DegenerateFitWarning,
            stacklevel=4,  # the caller of the model's fit (fit_bgnbd, ...), via fit_parameters
        )


def fit_parameters(
    loglik: LogLik, start: np.ndarray, n: float, names: tuple[str, ...]
) -> list[float]:
    """Maximum likelihood estimates and the maximum: what a model's ``fit_*`` returns.

    Maximises *loglik* from *start* (:func:`maximise`), warns when a parameter ran off
    towards 0 or infinity (:func:`warn_if_degenerate`, with *start* as each parameter's natural
    size), and returns θ̂ followed by ln L(θ̂), ready for the model's ``Params._make``.

    Parameters
    ----------
    loglik : callable
        θ -> (log-likelihood, gradient with respect to θ); wrap a likelihood without an
        analytic gradient as ``lambda p: (f(p), numerical_gradient(f, p))``.
    start : numpy.ndarray
        Starting parameters (positive), each also its natural size for the degeneracy check.
    n : float
        Number of customers (the log-likelihood is divided by it during the search).
    names : tuple of str
        The parameters' names, for the warning.

    Returns
    -------
    list of float
        The fitted parameters, then the log-likelihood at them.

    Raises
    ------
    RuntimeError
        The likelihood is not finite anywhere the search went.

    Warns
    -----
    DegenerateFitWarning
        A fitted value beyond 10⁵ times its starting size or below 10⁻⁵ of it.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer.

    Examples
    --------
    ln L(θ) = 1 − (θ − 2)² is largest at θ = 2, where it is 1:

    >>> loglik = lambda v: (1 - float((v[0] - 2) ** 2), np.array([-2 * (v[0] - 2)]))
    >>> fit_parameters(loglik, np.ones(1), 1, ("theta",))
    [2.0, 1.0]
    """
    theta = maximise(loglik, start, n)
    warn_if_degenerate(names, theta, start)
    return [*map(float, theta), loglik(theta)[0]]
