"""The bad-input corpus: files real users bring, each with its expected outcome.

``tests/data/bad_inputs/expected.csv`` lists every file of the corpus with what it tries and
what must happen: the right ``result`` (customers, rows, first and last date), a ``warning``
(rows set aside, with the message) or an ``error`` (a ValueError whose message matches). Every
file goes through the library reader; the rows marked ``cli`` also go through
``crm-course report value-pyramid -p dataset FILE`` (a few only: each report run takes seconds).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlib import customers, datasets, dealer, segmentation
from crmlib.course import reports

CORPUS = Path(__file__).parent / "data" / "bad_inputs"
EXPECTED = pd.read_csv(CORPUS / "expected.csv", dtype=str, keep_default_na=False)
CASES = EXPECTED.to_dict("records")
CLI_CASES = [case for case in CASES if case["cli"] == "yes"]


def test_every_corpus_file_has_an_expected_outcome():
    listed = set(EXPECTED["file"])
    on_disk = {p.name for p in CORPUS.iterdir()} - {"expected.csv"}
    assert listed == on_disk
    assert set(EXPECTED["outcome"]) == {"result", "warning", "error"}


def _check_result(tx: pd.DataFrame, case: dict) -> None:
    assert tx["customer_id"].map(type).eq(str).all()  # ids are text, never numbers
    assert not isinstance(tx["date"].dtype, pd.DatetimeTZDtype)
    assert pd.api.types.is_datetime64_any_dtype(tx["date"])
    assert tx["customer_id"].nunique() == int(case["customers"])
    assert len(tx) == int(case["rows"])
    assert tx["date"].min().normalize() == pd.Timestamp(case["first_date"])  # the local day
    assert tx["date"].max().normalize() == pd.Timestamp(case["last_date"])
    assert np.isfinite(tx["amount"].to_numpy(dtype=float)).all()


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_library_reader(case):
    path = CORPUS / case["file"]
    if case["outcome"] == "error":
        with pytest.raises(ValueError, match=case["message"]) as err:
            datasets.read_transactions(path)
        assert case["file"] in str(err.value)  # the message names the file
        return
    if case["outcome"] == "warning":
        with pytest.warns(datasets.DataWarning, match=case["message"]):
            tx = datasets.read_transactions(path)
    else:
        tx = datasets.read_transactions(path)  # any warning fails (filterwarnings = error)
    _check_result(tx, case)
    # The whole value analysis runs on what was read.
    value = customers.customer_value(tx)
    rfm = segmentation.rfm_table(tx)
    assert len(value) == len(rfm) == int(case["customers"])
    assert np.isfinite(value["profit"]).all()


def _report(tmp_path: Path, case: str, *params: str) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    args = [sys.executable, "-m", "crmlib.course.cli", "report", case, "--out", str(out)]
    for name, value in zip(params[::2], params[1::2], strict=True):
        args += ["-p", name, value]
    return subprocess.run(args, capture_output=True, text=True, timeout=180, cwd=tmp_path)


def _error_line(run: subprocess.CompletedProcess) -> str:
    """The one ``crm-course: error: ...`` line of a failed run."""
    (line,) = [x for x in run.stderr.splitlines() if x.startswith("crm-course: error:")]
    return line


@pytest.mark.parametrize("case", CLI_CASES, ids=[c["file"] for c in CLI_CASES])
def test_cli_report(case, tmp_path):
    run = _report(tmp_path, "value-pyramid", "dataset", str((CORPUS / case["file"]).resolve()))
    assert "Traceback" not in run.stderr
    if case["outcome"] == "error":
        assert run.returncode != 0
        assert pd.Series([_error_line(run)]).str.contains(case["message"]).all(), run.stderr
        assert not list((tmp_path / "out").glob("*.html"))
        return
    assert run.returncode == 0, run.stderr
    (page,) = (tmp_path / "out").glob("*.html")
    text = page.read_text(encoding="utf-8")
    assert f"{case['customers']} customers, {case['rows']} transactions" in text
    if case["outcome"] == "warning":
        assert "set aside" in text
        assert pd.Series([text]).str.contains(case["message"]).all()
    else:
        assert "set aside" not in text


# ------------------------------------------------------------ implausible parameters ---


def test_as_of_far_beyond_the_data_or_in_the_future_is_an_error():
    with pytest.raises(ValueError, match=r"as_of 2999-01-01 is after today"):
        datasets.read_transactions(until="2999-01-01")
    with pytest.raises(ValueError, match=r"as_of 2026-06-30 is 546 days after the last"):
        datasets.read_transactions(until="2026-06-30", today="2026-12-01")
    with pytest.raises(ValueError, match=r"as_of must be a date .* got 'soon'"):
        datasets.read_transactions(until="soon")


def test_rows_after_as_of_are_set_aside_and_said_so():
    log = datasets.read_table(CORPUS / "utf8.csv")
    kept, aside = datasets.check_transactions(log, as_of="2024-04-30")
    assert len(kept) == 3 and len(aside) == 2
    assert aside["reason"].unique().tolist() == ["dated after as_of 2024-04-30"]
    note = datasets.describe_set_aside(aside)
    assert note.startswith("2 rows were set aside")
    assert datasets.describe_set_aside(aside.iloc[:0]) == ""


def test_negative_or_non_integer_at_risk_days_is_an_error():
    tx = datasets.read_transactions(CORPUS / "utf8.csv")
    value = customers.customer_value(tx)
    scores = segmentation.rfm_scores(segmentation.rfm_table(tx))
    with pytest.raises(
        ValueError, match=r"at_risk_days must be a whole number >= 0, got -5: the days"
    ):
        segmentation.top_customers(value, scores, at_risk_days=-5)
    with pytest.raises(TypeError, match=r"at_risk_days must be a whole number"):
        segmentation.top_customers(value, scores, at_risk_days=None)


def test_totals_that_overflow_are_an_error():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a"],
            "date": ["2024-01-01", "2024-01-02"],
            "amount": [1e308, 1e308],
            "cost": [0.0, 0.0],
            "service_cost": [0.0, 0.0],
        }
    )
    with pytest.raises(ValueError, match=r"revenue of customer 'a' is not a finite number"):
        customers.customer_value(tx)


def test_timezone_aware_dates_count_on_the_local_day_written():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "date": pd.to_datetime(["2024-03-01T07:30:00+08:00", "2024-03-02T01:00:00+08:00"]),
            "amount": [10.0, 20.0],
        }
    )
    rfm = segmentation.rfm_table(tx, as_of="2024-03-10")  # no warning, no TypeError
    assert rfm["recency"].tolist() == [9, 8]


def test_dealer_call_list_for_a_date_far_beyond_the_records_is_an_error():
    records = dealer.select_dealer(datasets.load_dealer_records(), "TJ01")
    with pytest.raises(
        ValueError, match=r"as_of 2999-12-31 is .* after the latest date in the records"
    ):
        dealer.lifecycle_leads(records, as_of="2999-12-31")
    with pytest.raises(ValueError, match=r"as_of must be a date"):
        dealer.lifecycle_leads(records, as_of="next week")
    with pytest.raises(TypeError, match=r"horizon_days must be a whole number"):
        dealer.lifecycle_leads(records, as_of="2025-07-01", horizon_days=None)


def test_cli_dealer_call_list_in_2999_is_a_clear_error(tmp_path):
    run = _report(tmp_path, "dealer-call-list", "as_of", "2999-12-31")
    assert run.returncode != 0
    assert "after the latest date in the records" in _error_line(run)
    assert "Traceback" not in run.stderr


def test_report_without_a_company_name_is_an_error(tmp_path):
    # YAML `company: null` is refused before anything runs
    with pytest.raises(ValueError, match=r"'company' is empty \(null\)"):
        reports.run_report("value-pyramid", {"company": None}, out_dir=tmp_path)
    # an empty name gets through the parameter check and is refused by the case itself
    with pytest.raises(reports.ReportError, match=r"company must be a name"):
        reports.run_report("value-pyramid", {"company": " "}, out_dir=tmp_path)
