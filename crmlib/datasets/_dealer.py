"""Seeded generator of a premium car dealer group's customer and vehicle records (synthetic).

The committed copy is ``datasets/dealer_records.csv`` (see ``datasets/dealer_records.md``); the
lead and call-list rules that work on it are in :mod:`crmlib.dealer`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate_dealer_records"]

_MODELS = {  # model: (price in yuan, share of sales)
    "1 Series": (220_000, 0.14),
    "3 Series": (320_000, 0.26),
    "5 Series": (450_000, 0.20),
    "X1": (280_000, 0.14),
    "X3": (420_000, 0.14),
    "X5": (700_000, 0.08),
    "7 Series": (1_000_000, 0.04),
}
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂")
_VIN_CHARS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))


def generate_dealer_records(
    n_customers: int = 1200,
    *,
    dealers: tuple[str, ...] = ("TJ01", "TJ02", "DL01"),
    reference: str = "2025-06-30",
    rng: int | np.random.Generator = 2025,
) -> pd.DataFrame:
    """Simulate a premium car dealer group's customer and vehicle records (synthetic).

    One row per customer (their latest car): purchases spread over the 7 years before
    *reference*; 60% bought on a loan of 3 or 5 years; insurance renews every year on the
    purchase anniversary; the factory warranty and the connected services run 3 years; most
    customers service their car every 6 to 15 months, 20% stop coming. Names and phone
    numbers are made up. The same *rng* gives the identical table.

    Parameters
    ----------
    n_customers : int, default 1200
        Rows to make.
    dealers : tuple of str, default ("TJ01", "TJ02", "DL01")
        Dealer codes, drawn with equal probability.
    reference : str, default "2025-06-30"
        The day the records are taken (ISO date); every purchase is before it.
    rng : int or numpy.random.Generator, default 2025
        Seed or generator.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`crmlib.dealer.RECORD_COLUMNS`, sorted by ``customer_id``
        (``D0001`` ...).

    Raises
    ------
    ValueError
        If *n_customers* is not a positive integer.

    Examples
    --------
    >>> records = generate_dealer_records(3, rng=1)
    >>> records["customer_id"].tolist(), records.equals(generate_dealer_records(3, rng=1))
    (['D1', 'D2', 'D3'], True)
    """
    if not isinstance(n_customers, int) or n_customers < 1:
        raise ValueError(f"n_customers must be a positive integer, got {n_customers!r}")
    gen = np.random.default_rng(rng)
    ref = pd.Timestamp(reference)
    n = n_customers
    models = list(_MODELS)
    shares = np.array([v[1] for v in _MODELS.values()])
    model = gen.choice(len(models), n, p=shares / shares.sum())
    bought = ref - pd.to_timedelta(gen.integers(1, 7 * 365, n), unit="D")
    loan_years = np.where(gen.random(n) < 0.6, gen.choice([3, 5], n), 0)
    loan_end = pd.Series(bought + pd.to_timedelta(loan_years * 365, unit="D")).where(loan_years > 0)
    years_owned = ((ref - bought).days // 365).to_numpy()
    insurance_end = bought + pd.to_timedelta((years_owned + 1) * 365, unit="D")
    # Service: every 6-15 months while loyal; 20% stopped coming after a random service.
    interval = gen.integers(180, 460, n)
    since_purchase = (ref - bought).days.to_numpy()
    visits = since_purchase // interval
    stopped = gen.random(n) < 0.2
    visits = np.where(stopped, (visits * gen.random(n)).astype(int), visits)
    last_service = bought + pd.to_timedelta(visits * interval, unit="D")
    names = np.char.add(
        np.asarray(_SURNAMES)[gen.integers(0, len(_SURNAMES), n)],
        np.asarray(_GIVEN)[gen.integers(0, len(_GIVEN), n)],
    )
    mobile = np.char.add(
        gen.choice(["138", "139", "186", "135", "150"], n),
        np.char.zfill(gen.integers(0, 10**8, n).astype(str), 8),
    )
    vin = np.char.add("WBA", ["".join(row) for row in gen.choice(_VIN_CHARS, (n, 14))])
    width = len(str(n))
    out = pd.DataFrame(
        {
            "customer_id": [f"D{i:0{width}d}" for i in range(1, n + 1)],
            "name": names,
            "mobile": mobile,
            "dealer": gen.choice(list(dealers), n),
            "model": np.asarray(models)[model],
            "price": np.array([v[0] for v in _MODELS.values()])[model],
            "purchase_date": bought,
            "vin": vin,
            "loan_end": loan_end.to_numpy(),
            "insurance_end": insurance_end,
            "warranty_end": bought + pd.DateOffset(years=3),
            "connected_end": bought + pd.DateOffset(years=3),
            "last_service_date": last_service,
            "complaints": gen.poisson(0.3, n),
            "cars_owned": 1 + gen.binomial(3, 0.15, n),
        }
    )
    return out.sort_values("customer_id", ignore_index=True)
