"""The RFM benchmark's DuckDB query computes the same table as crmlib.

``benchmarks/bench_segmentation.py`` times crmlib against one SQL query; the ratio only means
something if both compute the same thing. Here both run on a small log that has what the
benchmark's data lacks: returns, same-day rows, a day netting to zero and a customer with
return days only. Whole-number amounts keep every sum exact, so ties are the same in both.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

duckdb = pytest.importorskip("duckdb")
sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import bench_segmentation as bench  # noqa: E402


def small_log() -> pd.DataFrame:
    gen = np.random.default_rng(7)
    n = 3_000
    log = pd.DataFrame(
        {
            "customer_id": pd.Series(gen.integers(0, 300, n)).map("C{:04d}".format),
            "date": pd.Timestamp("2024-06-01")
            + pd.to_timedelta(gen.integers(0, 200, n), "D")
            + pd.to_timedelta(gen.integers(0, 86_400, n), "s"),
            "amount": gen.integers(1, 500, n).astype(float),
        }
    )
    returns = gen.random(n) < 0.1
    log.loc[returns, "amount"] *= -1
    extra = pd.DataFrame(
        {
            "customer_id": ["C9000", "C9000", "C9001", "C9001"],
            "date": pd.to_datetime(
                ["2024-07-01 09:00", "2024-07-01 18:00", "2024-07-02 10:00", "2024-08-02 10:00"]
            ),
            "amount": [40.0, -40.0, -15.0, -5.0],  # a day netting to zero; returns only
        }
    )
    return pd.concat([log, extra], ignore_index=True)


def both_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The RFM table of :func:`small_log` as crmlib computes it and as the DuckDB query does."""
    log = small_log()
    con = duckdb.connect()
    con.register("tx", log)
    return bench.rfm_crmlib(log), con.execute(bench.DUCKDB_SQL).df()


def test_duckdb_query_equals_crmlib() -> None:
    ours, sql = both_tables()
    assert bench.compare(ours, sql) == (
        f"{len(ours):,} of {len(ours):,} customers equal on recency, frequency, R, F, M, "
        "rfm_product and tier; monetary equal to 1e-12: True"
    )
    assert ours.loc["C9000", "frequency"] == 1  # the zero day is a purchase day
    assert ours.loc["C9001", "frequency"] == 0


def test_compare_sees_a_difference() -> None:
    ours, sql = both_tables()
    ours.loc[ours.index[0], "R"] += 1
    assert bench.compare(ours, sql).startswith(f"{len(ours) - 1:,} of {len(ours):,}")
