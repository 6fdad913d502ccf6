"""Regenerate the bundled synthetic data sets on purpose: ``python -m crmlib.datasets._make_data``.

The committed files are frozen snapshots; tests check that they still equal their generators.
Run this only to change the data on purpose, then re-run the notebooks and review the diff.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from crmlib.datasets import (
    generate_ahp_judgments,
    generate_dealer_records,
    generate_kano_survey,
    generate_satisfaction_survey,
    generate_svw_data,
    generate_transactions,
)


def main() -> None:
    """Write every bundled synthetic data set from its generator (overwrites the CSV files).

    Examples
    --------
    >>> main()  # doctest: +SKIP
    wrote 9,698 rows to .../datasets/transactions.csv
    """
    folder = Path(str(importlib.resources.files("crmlib._bundled")))
    for name, frame in [
        ("transactions.csv", generate_transactions()),
        ("dealer_records.csv", generate_dealer_records()),
        ("satisfaction_survey.csv", generate_satisfaction_survey()),
        ("kano_survey.csv", generate_kano_survey()),
        ("ahp_judgments.csv", generate_ahp_judgments()),
        *[(f"svw_{name}.csv", table) for name, table in generate_svw_data().items()],
    ]:
        frame.to_csv(folder / name, index=False, date_format="%Y-%m-%d")
        print(f"wrote {len(frame):,} rows to {folder / name}")


if __name__ == "__main__":
    main()
