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

from crmlib import (
    ahp,
    clv,
    concentration,
    crmdb,
    customers,
    datasets,
    dealer,
    implementation,
    plotting,
    pls_path,
    sampling,
    satisfaction,
    segmentation,
    strategy,
    svw,
    transactions,
)
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


# ------------------------------------ wrong types, missing columns, NaN, empty (issue #14) ---
# Each row: a function fed one bad input, and the error it must raise. Before issue #14 these
# ended in a KeyError, an AttributeError, a numpy message or a silent NaN (see the report of
# the validation sweep); now a TypeError names a wrong type and a ValueError a bad value, in
# the words of crmlib._validation.

BG = clv.BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
SUMMARY = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 3.0], "T": [5.0, 5.0]})
HOLDOUT = SUMMARY.assign(frequency_holdout=[0, 1], duration_holdout=[4.0, 4.0])
MATRIX = ahp.pairwise_matrix([3], ["a", "b"])
ANSWERS = {f"Q{k}": 3 for k in range(1, 14)}
SURVEY = pd.DataFrame({"q1": [1, 5, 3], "q2": [2, 4, 3]})
FIT = pls_path.PLSResult(pd.Series({"q1": 0.5, "q2": 0.5}), None, None, None, None, 0)
ZONES = pd.DataFrame(
    {
        "customers": [20, np.nan],
        "share_of_customers": [0.2, 0.8],
        "share_of_revenue": [0.7, 0.3],
        "share_of_profit": [0.9, 0.1],
    },
    index=["top", "rest"],
)
CAMPAIGNS = pd.DataFrame({"campaign_id": ["W01"], "name": ["web"], "cost": [np.nan]})
LEADS = pd.DataFrame({"campaign_id": ["W01"], "hot": [True], "credited_sales": [1]})
RECORDS = dealer._example_records()


def _nan_at(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """*frame* with the first value of *column* missing."""
    out = frame.astype({column: object})
    out.loc[out.index[0], column] = np.nan
    return out


SMALL_LOG = pd.DataFrame(
    {"customer_id": ["a", "a"], "date": ["2024-01-01", "2024-01-15"], "amount": [1.0, 2.0]}
)

BAD_CALLS = [
    # 1. clv histories and AHP inputs go through the shared checks
    (
        "histories: summary without T",
        lambda: clv.probability_alive(BG, SUMMARY.drop(columns="T")),
        ValueError,
        r"summary is missing column\(s\) \['T'\].*calibration_summary",
    ),
    (
        "histories: text in a Series",
        lambda: clv.probability_alive(BG, pd.Series(["1", "x"]), [1.0, 1.0], [5.0, 5.0]),
        ValueError,
        "frequency must be numeric.*row 1: 'x'",
    ),
    (
        "histories: infinite T",
        lambda: clv.probability_alive(BG, [1], [2.0], [np.inf]),
        ValueError,
        "T has infinite values",
    ),
    (
        "gamma-gamma: a dict",
        lambda: clv.fit_gamma_gamma({"a": 1}, [1.0]),
        TypeError,
        "frequency must be numbers .* got dict",
    ),
    (
        "validate_pairwise: text",
        lambda: ahp.validate_pairwise(MATRIX.astype(object).assign(b=["3", "x"])),
        ValueError,
        r"the comparison matrix\.b must be numeric",
    ),
    (
        "validate_pairwise: a string",
        lambda: ahp.validate_pairwise("a > b"),
        TypeError,
        "a comparison matrix must be a pandas DataFrame or a numpy array",
    ),
    (
        "aggregate_judgments: an array",
        lambda: ahp.aggregate_judgments([np.eye(2)]),
        TypeError,
        "matrix 0 must be a pandas DataFrame",
    ),
    (
        "judgment_matrices: empty table",
        lambda: ahp.judgment_matrices(pd.DataFrame(columns=["expert", "matrix", "row", "col"])),
        ValueError,
        "judgments is empty",
    ),
    (
        "global_weights: text measures",
        lambda: ahp.global_weights({"goal": pd.Series({"A": "1", "B": "many"})}),
        ValueError,
        "node 'goal' must be numeric",
    ),
    # 3. readiness answers
    (
        "readiness_scores: NaN",
        lambda: implementation.readiness_scores(ANSWERS | {"Q3": np.nan}),
        ValueError,
        r"answers has 1 missing value\(s\) \(first questions: \['Q3'\]\)",
    ),
    (
        "readiness_scores: a list",
        lambda: implementation.readiness_scores([3] * 13),
        TypeError,
        "answers must be a dict",
    ),
    # 4. experts' weights
    (
        "aggregate_priorities: NaN weight",
        lambda: ahp.aggregate_priorities([MATRIX, MATRIX], weights=[1.0, np.nan]),
        ValueError,
        r"weights has 1 missing value\(s\) \(first rows: \[1\]\)",
    ),
    (
        "aggregate_priorities: negative weight",
        lambda: ahp.aggregate_priorities([MATRIX, MATRIX], weights=[2.0, -1.0]),
        ValueError,
        r"weights must not be negative \(row 1: -1\.0\)",
    ),
    (
        "aggregate_priorities: zero weights",
        lambda: ahp.aggregate_priorities([MATRIX, MATRIX], weights=[0, 0]),
        ValueError,
        "weights are all zero",
    ),
    # 5. the satisfaction index reads numbers
    (
        "satisfaction_index: a list",
        lambda: pls_path.satisfaction_index([[1, 2]], {"Q": ["q1", "q2"]}, FIT),
        TypeError,
        "data must be a pandas DataFrame, got list",
    ),
    (
        "satisfaction_index: a missing question",
        lambda: pls_path.satisfaction_index(SURVEY[["q1"]], {"Q": ["q1", "q2"]}, FIT),
        ValueError,
        r"data is missing column\(s\) \['q2'\]",
    ),
    (
        "satisfaction_index: text answers",
        lambda: pls_path.satisfaction_index(
            SURVEY.astype({"q1": object}).assign(q1=["1", "5", "three"]), {"Q": ["q1"]}, FIT
        ),
        ValueError,
        r"data\.q1 must be numeric.*row 2: 'three'",
    ),
    (
        "satisfaction_index: NaN",
        lambda: pls_path.satisfaction_index(_nan_at(SURVEY, "q2"), {"Q": ["q1", "q2"]}, FIT),
        ValueError,
        r"data\.q2 has 1 missing",
    ),
    (
        "satisfaction_index: a fit of other questions",
        lambda: pls_path.satisfaction_index(SURVEY.assign(q3=1), {"Q": ["q3"]}, FIT),
        ValueError,
        r"fit has no weight for the questions \['q3'\]",
    ),
    # 6. figures name the missing column and the function that builds their table
    (
        "kano_plot: no worse",
        lambda: plotting.kano_plot(pd.DataFrame({"better": [0.5]})),
        ValueError,
        r"summary is missing column\(s\) \['worse'\].*satisfaction\.kano_summary",
    ),
    (
        "weight_bars: no criterion",
        lambda: plotting.weight_bars(pd.DataFrame({"global_weight": [1.0]})),
        ValueError,
        r"synthesis is missing column\(s\) \['criterion'\].*ahp\.synthesize",
    ),
    (
        "period_transactions figure: no model",
        lambda: plotting.period_transactions(pd.DataFrame({"actual": [1]})),
        ValueError,
        r"table is missing column\(s\) \['model'\].*clv\.period_transactions",
    ),
    (
        "lead_workload: a dict",
        lambda: plotting.lead_workload({"lead_type": ["x"]}),
        TypeError,
        "leads must be a pandas DataFrame",
    ),
    (
        "gantt: no end",
        lambda: plotting.gantt(pd.DataFrame({"start": pd.to_datetime(["2026-01-05"])})),
        ValueError,
        r"plan is missing column\(s\) \['end'\].*implementation\.project_plan",
    ),
    (
        "pyramid: NaN customers",
        lambda: plotting.pyramid(ZONES),
        ValueError,
        r"summary\.customers has 1 missing",
    ),
    (
        "radar: NaN",
        lambda: plotting.radar(pd.Series({"a": np.nan, "b": 2.0}), title="x"),
        ValueError,
        "scores has 1 missing",
    ),
    (
        "svcd_scatter: misaligned",
        lambda: plotting.svcd_scatter(
            pd.Series([500.0, 50.0]),
            pd.Series([4.0, 1.0], index=[5, 6]),
            pd.Series(["Star", "Dog"]),
            amount_split=100,
            frequency_split=2,
        ),
        ValueError,
        "frequency must have exactly the index of amount",
    ),
    # 8. the sweep
    (
        "call_list: NaN customer id",
        lambda: dealer.call_list(
            _nan_at(RECORDS, "customer_id"),
            dealer.lifecycle_leads(RECORDS, as_of="2025-06-01"),
            as_of="2025-06-01",
        ),
        ValueError,
        r"records\.customer_id has 1 missing",
    ),
    (
        "call_list: a lead of another customer",
        lambda: dealer.call_list(
            RECORDS,
            dealer.lifecycle_leads(RECORDS, as_of="2025-06-01").assign(customer_id=99),
            as_of="2025-06-01",
        ),
        ValueError,
        "leads name customers the records lack",
    ),
    (
        "maturity_stage: another table",
        lambda: implementation.maturity_stage(pd.DataFrame({"stage": [1]})),
        ValueError,
        r"scores is missing column\(s\) \['score'\].*readiness_scores",
    ),
    (
        "evaluate_kpis: NaN before",
        lambda: implementation.evaluate_kpis(
            pd.DataFrame(
                {"area": ["cost"], "before": [np.nan], "after": [1.0], "higher_is_better": [True]}
            )
        ),
        ValueError,
        r"kpis\.before has 1 missing",
    ),
    (
        "score_vendors: NaN rating",
        lambda: implementation.score_vendors(
            pd.DataFrame({"price": [4, np.nan], "fit": [2, 5]}), {"price": 0.5, "fit": 0.5}
        ),
        ValueError,
        r"ratings\.price has 1 missing",
    ),
    (
        "project_plan: NaN weeks",
        lambda: implementation.project_plan(
            "2026-01-05",
            pd.DataFrame({"phase": ["a", "b"], "weeks": [4, np.nan], "overlap_weeks": [0, 0]}),
        ),
        ValueError,
        r"phases\.weeks has 1 missing",
    ),
    (
        "top_customers: NaN revenue",
        lambda: segmentation.top_customers(
            pd.DataFrame({"revenue": [np.nan, 5.0], "profit": [1.0, 2.0]}, index=["a", "b"]),
            pd.DataFrame(
                {"recency": [1, 2], "frequency": [1, 1], "tier": ["x", "y"]}, index=["a", "b"]
            ),
        ),
        ValueError,
        r"value\.revenue has 1 missing",
    ),
    (
        "segment_summary: NaN revenue",
        lambda: segmentation.segment_summary(
            pd.DataFrame({"revenue": [np.nan, 5.0], "profit": [1.0, 2.0]}),
            pd.Series(["A", "B"]),
        ),
        ValueError,
        r"value\.revenue has 1 missing",
    ),
    (
        "variance_between: a customer without a group",
        lambda: concentration.variance_between(
            pd.Series([1.0, 2.0, 6.0]), pd.Series(["x", "x", None])
        ),
        ValueError,
        "groups has 1 missing",
    ),
    (
        "cut_by_rank: a list",
        lambda: segmentation.cut_by_rank([0, 1], [0.5, 0.5], ["a", "b"]),
        TypeError,
        "position must be a pandas Series",
    ),
    (
        "visit_plan: a list",
        lambda: segmentation.visit_plan(["Star"], {"Star": 4}),
        TypeError,
        "labels must be a pandas Series",
    ),
    (
        "ladder_funnel: NaN",
        lambda: strategy.ladder_funnel(pd.Series({"suspect": np.nan})),
        ValueError,
        "counts has 1 missing",
    ),
    (
        "ladder_funnel: nobody on a rung",
        lambda: strategy.ladder_funnel(pd.Series({"suspect": 0, "client": 0})),
        ValueError,
        "counts put nobody on the ladder",
    ),
    (
        "recent_and_previous: a list",
        lambda: transactions.recent_and_previous(
            ["2024-12-31"], as_of=pd.Timestamp("2025-01-01"), period_days=10
        ),
        TypeError,
        "days must be a pandas Series",
    ),
    (
        "cluster_sample: NaN cluster",
        lambda: sampling.cluster_sample(pd.DataFrame({"city": ["a", None, "b"]}), 1, by="city"),
        ValueError,
        r"frame\.city has 1 missing",
    ),
    (
        "holdout_comparison: empty summary",
        lambda: clv.holdout_comparison(BG, HOLDOUT.iloc[:0]),
        ValueError,
        "summary is empty",
    ),
    (
        "period_transactions: no frequency",
        lambda: clv.period_transactions(BG, SUMMARY.drop(columns="frequency")),
        ValueError,
        r"summary is missing column\(s\) \['frequency'\].*calibration_summary",
    ),
    (
        "item_means: empty",
        lambda: satisfaction.item_means(pd.DataFrame({"a_sat": []}), ["a"], suffix="_sat"),
        ValueError,
        "responses is empty",
    ),
    (
        "improvement_map: a list",
        lambda: satisfaction.improvement_map([1.0], pd.Series([1.0])),
        TypeError,
        "importance must be a pandas Series",
    ),
    (
        "select_survey: a dict",
        lambda: satisfaction.select_survey({"dealer": ["x"]}, dealer="x", wave="y"),
        TypeError,
        "survey must be a pandas DataFrame",
    ),
    (
        "cost_per_sale: NaN cost",
        lambda: svw.cost_per_sale(pd.Series([np.nan, 5.0]), pd.Series([1, 2])),
        ValueError,
        "cost has 1 missing",
    ),
    (
        "cost_per_sale: a list",
        lambda: svw.cost_per_sale([5.0], pd.Series([1])),
        TypeError,
        "cost must be a pandas Series",
    ),
    (
        "campaign_performance: NaN cost",
        lambda: svw.campaign_performance(LEADS, CAMPAIGNS),
        ValueError,
        r"campaigns\.cost has 1 missing",
    ),
    (
        "route_leads: no dealers",
        lambda: svw.route_leads(
            pd.DataFrame({"city": ["Beijing"]}), pd.DataFrame(columns=["dealer_id", "city"])
        ),
        ValueError,
        "dealers is empty",
    ),
    (
        "normalise_phone: a list",
        lambda: crmdb.normalise_phone(["139 1234 5678"]),
        TypeError,
        "raw must be a pandas Series",
    ),
    (
        "match_identities: lists",
        lambda: crmdb.match_identities(["a"], ["b"]),
        TypeError,
        "phone must be a pandas Series",
    ),
    # 4. customers are paired by id, and dates are dates
    (
        "histories: Series in different customer orders",
        lambda: clv.expected_purchases(
            BG,
            pd.Series([2.0, 10.0], index=["a", "b"]),
            pd.Series([30.0, 5.0], index=["b", "a"]),
            pd.Series([39.0, 39.0], index=["a", "b"]),
            t=10,
        ),
        ValueError,
        "recency must have exactly the index of frequency",
    ),
    (
        "calibration_summary: a number as the end",
        lambda: clv.calibration_summary(SMALL_LOG, calibration_end=5),
        TypeError,
        r"calibration_end must be a date like 2024-12-31, got 5 \(int\)",
    ),
    (
        "calibration_summary: no end",
        lambda: clv.calibration_summary(SMALL_LOG, calibration_end=None),
        TypeError,
        "calibration_end must be a date",
    ),
    (
        "rfm_table: a number as as_of",
        lambda: segmentation.rfm_table(SMALL_LOG, as_of=5),
        TypeError,
        "as_of must be a date",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [case[1:] for case in BAD_CALLS],
    ids=[case[0] for case in BAD_CALLS],
)
def test_bad_input_gets_the_error_of_its_kind(call, error, message):
    with pytest.raises(error, match=message):
        call()
