"""Benchmark of chapter 3: BG/NBD fits and the calibration summary.

    python benchmarks/bench_lifecycle.py

Targets (issue: chapter 3): the BG/NBD fit on CDNOW under 1 s; a fit on 100,000 customers under
10 s; building the calibration summary from 1,000,000 transactions at least 10x faster than a
``groupby().apply()`` implementation measured in the same run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from timing import best_of

from crmlib import clv_models, datasets


def summary_groupby_apply(tx: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    def one(g: pd.DataFrame) -> pd.Series:
        days = g.groupby("date")["amount"].sum()
        first, last = days.index.min(), days.index.max()
        repeat = len(days) - 1
        return pd.Series(
            {
                "frequency": repeat,
                "recency": (last - first).days / 7,
                "T": (end - first).days / 7,
                "monetary_value": days.iloc[1:].mean() if repeat else 0.0,
            }
        )

    return tx[tx["date"] <= end].groupby("customer_id")[["date", "amount"]].apply(one)


def main() -> None:
    cdnow = datasets.load_cdnow()
    clv_models.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])  # import scipy once
    t_cdnow, _ = best_of(
        lambda: clv_models.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"]), 5
    )
    print(f"BG/NBD fit on CDNOW (2,357 customers): {t_cdnow:.3f} s (target < 1 s)")

    sim = clv_models.simulate_bgnbd((0.25, 4.0, 0.8, 2.5), 100_000, 52.0, rng=1)
    sim["recency"] = np.round(sim["recency"] * 7) / 7  # whole days, as real logs record them
    t_big, _ = best_of(lambda: clv_models.fit_bgnbd(sim["frequency"], sim["recency"], sim["T"]), 1)
    print(f"BG/NBD fit on 100,000 simulated customers: {t_big:.2f} s (target < 10 s)")

    gen = np.random.default_rng(3)
    n = 1_000_000
    tx = pd.DataFrame(
        {
            "customer_id": gen.integers(0, 100_000, n),
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(gen.integers(0, 730, n), "D"),
            "amount": np.round(gen.lognormal(3, 1, n), 2),
        }
    )
    end = pd.Timestamp("2024-06-30")
    t_lib, _ = best_of(lambda: clv_models.calibration_summary(tx, calibration_end=end), 3)
    t_apply, _ = best_of(lambda: summary_groupby_apply(tx, end), 1)
    print(
        f"calibration summary of 1,000,000 transactions: crmlib {t_lib:.3f} s, "
        f"groupby().apply() {t_apply:.1f} s: {t_apply / t_lib:.0f}x faster (target >= 10x)"
    )


if __name__ == "__main__":
    main()
