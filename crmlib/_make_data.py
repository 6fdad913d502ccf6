"""Regenerate the bundled synthetic data sets on purpose: ``python -m crmlib._make_data``.

The committed files are frozen snapshots; tests check that they still equal their generators.
Run this only to change the data on purpose, then re-run the notebooks and review the diff.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from crmlib.datasets import generate_transactions
from crmlib.dealer import generate_dealer_records


def main() -> None:
    folder = Path(str(importlib.resources.files("crmlib._bundled")))
    for name, frame in [
        ("transactions.csv", generate_transactions()),
        ("dealer_records.csv", generate_dealer_records()),
    ]:
        frame.to_csv(folder / name, index=False, date_format="%Y-%m-%d")
        print(f"wrote {len(frame):,} rows to {folder / name}")


if __name__ == "__main__":
    main()
