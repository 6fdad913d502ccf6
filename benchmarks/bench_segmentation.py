"""Benchmark of RFM on 1,000,000 transactions of 100,000 customers (issue: frame + chapter 2).

    python benchmarks/bench_segmentation.py            # everything, about two minutes
    python benchmarks/bench_segmentation.py --quick    # skip the slow groupby().apply() baseline
    python benchmarks/bench_segmentation.py --quick --ids uuid   # other id formats: see ID_FORMATS

Compares, in the same run and on the same data:
- crmlib: ``rfm_table`` + ``rfm_scores`` (purchases counted in days, the rule of
  ``crmlib.transactions``; the other two follow the same rule);
- the usual pandas way: ``groupby().apply()`` with a Python function per customer, then
  ``qcut`` scores (target: crmlib at least 50x faster);
- one DuckDB SQL query that computes the same table as crmlib: purchase days, scores by
  ``rank()`` as ``rfm_scores`` does (equal values share a score) and the 20/60/20 tiers
  (target: readable crmlib within 2x of DuckDB; the run checks both tables are equal);
and the time ``import crmlib`` adds to ``import pandas`` (target: at most 0.1 s).
Times are the best of several repeats; ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

import numpy as np
import pandas as pd
from timing import best_of, best_of_interleaved

from crmlib import segmentation

N_TX, N_CUSTOMERS = 1_000_000, 100_000
AS_OF = pd.Timestamp("2025-01-01")


#: Customer id formats: short text (``C000123``), text with a long shared prefix
#: (``customer-000123``), 32 random-looking hex digits like a UUID (no shared prefix, so crmlib
#: hashes them as strings, not as integers) and plain integers.
ID_FORMATS = {
    "str": "C{:06d}".format,
    "long": "customer-{:06d}".format,
    "uuid": lambda i: f"{i * 0x9E3779B97F4A7C15F39CC0605CEDC835 % 2**128:032x}",
    "int": None,
}


def make_transactions(rng: int = 42, ids: str = "str") -> pd.DataFrame:
    gen = np.random.default_rng(rng)
    customer = gen.integers(0, N_CUSTOMERS, N_TX)
    fmt = ID_FORMATS[ids]
    return pd.DataFrame(
        {
            "customer_id": customer if fmt is None else pd.Series(customer).map(fmt),
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(gen.integers(0, 731, N_TX), "D"),
            "amount": np.round(gen.lognormal(4, 1, N_TX), 2),
        }
    )


def rfm_crmlib(tx: pd.DataFrame) -> pd.DataFrame:
    return segmentation.rfm_scores(segmentation.rfm_table(tx, as_of=AS_OF))


def rfm_groupby_apply(tx: pd.DataFrame) -> pd.DataFrame:
    def one_customer(g: pd.DataFrame) -> pd.Series:
        daily = g.groupby(g["date"].dt.normalize())["amount"].sum()  # one purchase a day
        bought = daily[daily >= 0]  # a day netting below zero is a return day
        return pd.Series(
            {
                "recency": (AS_OF - bought.index.max()).days,
                "frequency": len(bought),
                "monetary": daily.sum(),
            }
        )

    rfm = tx.groupby("customer_id")[["date", "amount"]].apply(one_customer)
    for col, score, ascending in [
        ("recency", "R", False),
        ("frequency", "F", True),
        ("monetary", "M", True),
    ]:
        ranks = rfm[col].rank(method="first", ascending=ascending)
        rfm[score] = pd.qcut(ranks, 5, labels=False) + 1
    rfm["rfm_product"] = rfm["R"] * rfm["F"] * rfm["M"]
    return rfm


DUCKDB_SQL = """
WITH d AS (
    SELECT customer_id, CAST(date AS DATE) AS day, sum(amount) AS amount
    FROM tx GROUP BY customer_id, day
), c AS (
    SELECT customer_id,
           date_diff('day', coalesce(max(day) FILTER (WHERE amount >= 0), max(day)),
                     DATE '2025-01-01') AS recency,
           count(*) FILTER (WHERE amount >= 0) AS frequency,
           sum(amount) AS monetary,
           count(*) OVER () AS n
    FROM d GROUP BY customer_id
), s AS (
    SELECT customer_id, recency, frequency, monetary, n,
           1 + (rank() OVER (ORDER BY recency DESC) - 1) * 5 // n AS R,
           1 + (rank() OVER (ORDER BY frequency) - 1) * 5 // n AS F,
           1 + (rank() OVER (ORDER BY monetary) - 1) * 5 // n AS M
    FROM c
), p AS (
    SELECT *, R * F * M AS rfm_product,
           row_number() OVER (ORDER BY R * F * M DESC, monetary DESC, frequency DESC,
                              recency, customer_id) - 1 AS position
    FROM s
)
SELECT customer_id, recency, frequency, monetary, R, F, M, rfm_product,
       CASE WHEN position < round(0.2 * n) THEN 'top'
            WHEN position < round(0.8 * n) THEN 'middle' ELSE 'bottom' END AS tier
FROM p ORDER BY customer_id
"""


def compare(ours: pd.DataFrame, sql: pd.DataFrame) -> str:
    """How many customers get the same recency, F, M, R, scores and tier from both, in words.

    Monetary sums may differ in the last bits (DuckDB adds in parallel, in another order), so
    they are compared to 1e-12 relative; a customer tied on monetary in one and not the other
    can then get another M score.
    """
    sql = sql.set_index("customer_id")
    sql.index = sql.index.astype(ours.index.dtype)
    if not sql.index.equals(ours.index):
        return "NO: different customers"
    cols = ["recency", "frequency", "R", "F", "M", "rfm_product"]
    rows_equal = (sql[cols].to_numpy() == ours[cols].to_numpy()).all(axis=1) & (
        sql["tier"].to_numpy() == ours["tier"].astype(str).to_numpy()
    )
    close = np.allclose(sql["monetary"], ours["monetary"], rtol=1e-12, atol=0)
    return (
        f"{rows_equal.sum():,} of {len(ours):,} customers equal on {', '.join(cols)} and tier; "
        f"monetary equal to 1e-12: {close}"
    )


def import_overhead(repeats: int = 11) -> tuple[float, float]:
    """Median time of ``import pandas``, and of ``import crmlib`` right after it.

    Each run is a fresh process that imports pandas first, so the second figure is exactly
    what crmlib adds to a pandas session (its own modules, plus anything it imports that
    pandas did not), without the noise of comparing two separate processes.
    """
    code = (
        "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
        "import crmlib; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(repeats)
    ]
    return (
        statistics.median(float(r[0]) for r in runs),
        statistics.median(float(r[1]) for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the groupby().apply() run")
    parser.add_argument(
        "--ids", choices=list(ID_FORMATS), default="str", help="customer id format (see ID_FORMATS)"
    )
    args = parser.parse_args()

    tx = make_transactions(ids=args.ids)
    print(f"{len(tx):,} transactions, {tx['customer_id'].nunique():,} customers, {args.ids} ids")

    try:
        import duckdb
    except ImportError:
        print("duckdb not installed (pip install -e '.[bench]'): skipping the SQL comparison")
        t_lib, ours = best_of(lambda: rfm_crmlib(tx), 10)
        print(f"crmlib rfm_table + rfm_scores : {t_lib:8.3f} s")
    else:
        con = duckdb.connect()
        con.register("tx", tx)
        (t_lib, t_db), (ours, sql) = best_of_interleaved(
            [lambda: rfm_crmlib(tx), lambda: con.execute(DUCKDB_SQL).df()], 10
        )
        print(f"crmlib rfm_table + rfm_scores : {t_lib:8.3f} s")
        print(
            f"DuckDB one query               : {t_db:8.3f} s  (crmlib / DuckDB = "
            f"{t_lib / t_db:.2f}x, target <= 2x)"
        )
        print(f"  same table as crmlib: {compare(ours, sql)}")

    if not args.quick:
        t_apply, _ = best_of(lambda: rfm_groupby_apply(tx), 1)
        print(
            f"pandas groupby().apply()       : {t_apply:8.3f} s  (crmlib is "
            f"{t_apply / t_lib:.0f}x faster, target >= 50x)"
        )

    pandas_time, crmlib_time = import_overhead()
    print(
        f"import pandas {pandas_time:.3f} s, then import crmlib {crmlib_time:.3f} s "
        "(medians of 11 fresh processes; target: crmlib adds <= 0.1 s)"
    )


if __name__ == "__main__":
    main()
