"""Benchmark of batch reports: `crm-course batch` against the plain loop, in the same run.

    python benchmarks/bench_batch.py [--reports 60] [--plain 6] [--jobs 2]

The plain loop is what a user would script by hand: for each report one ``papermill`` run
(a new kernel each time), then one ``jupyter nbconvert --to html --no-input``. It is timed on
``--plain`` reports and its per-report time compared with the batch's. Targets (issue: batch
reports): at least 60 HTML reports a minute for the value-pyramid case on 2 cores, and at
least 3x the plain loop.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crmlib.course import batch, reports


def plain_loop(rows: list[dict], out: Path) -> float:
    source = reports.case_notebook("value-pyramid")
    bin_dir = Path(sys.executable).parent
    start = time.perf_counter()
    for i, row in enumerate(rows):
        target = out / f"plain-{i}.ipynb"
        args = [str(bin_dir / "papermill"), str(source), str(target), "--no-progress-bar"]
        for key, value in row.items():
            args += ["-p", key, str(value)]
        subprocess.run(args, check=True, capture_output=True)
        subprocess.run(
            [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--plain", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = [{"top_n": 5 + i % 20, "at_risk_days": 30 + i} for i in range(args.reports)]
    with tempfile.TemporaryDirectory() as tmp:
        result = batch.run_batch(
            "value-pyramid",
            [{k: str(v) for k, v in r.items()} for r in rows],
            out_dir=Path(tmp) / "batch",
            jobs=args.jobs,
            progress=False,
        )
        assert result.ok and len(result.written) == args.reports, result.failed
        per_batch = result.seconds / args.reports
        plain_dir = Path(tmp) / "plain"
        plain_dir.mkdir()
        per_plain = plain_loop(rows[: args.plain], plain_dir) / args.plain
    print(
        f"batch: {args.reports} reports with {args.jobs} jobs in {result.seconds:.1f} s = "
        f"{60 / per_batch:.1f} reports a minute (target >= 60)"
    )
    print(
        f"plain loop (papermill + nbconvert per report): {per_plain:.2f} s a report = "
        f"{60 / per_plain:.1f} a minute; batch / plain speed = {per_plain / per_batch:.1f}x "
        "(target >= 3x)"
    )


if __name__ == "__main__":
    main()
