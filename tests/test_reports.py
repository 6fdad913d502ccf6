"""Case reports: papermill runs into a temporary folder, the CLI, and the safety rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crmlib import cli, reports


@pytest.fixture(scope="module")
def default_report(tmp_path_factory) -> reports.Report:
    return reports.run_report("value-pyramid", out_dir=tmp_path_factory.mktemp("reports"))


def test_lists_the_cases_and_their_parameters():
    assert reports.list_cases() == [
        "dealer-call-list",
        "dealer-satisfaction-ahp",
        "svw-lead-management",
        "value-pyramid",
    ]
    params = reports.case_parameters("value-pyramid")
    assert list(params) == ["dataset", "as_of", "company", "top_n", "at_risk_days"]
    assert params["top_n"]["inferred_type_name"] == "int"


def test_report_writes_notebook_and_html(default_report):
    assert default_report.html.name == "value-pyramid.html"
    html = default_report.html.read_text(encoding="utf-8")
    assert "<title>Customer-value report</title>" in html
    assert html.count("<img") >= 3  # pyramid, RFM heat map, Pareto and Lorenz curves
    assert "Traceback" not in html
    assert "import pandas" not in html  # code cells are hidden by default
    assert not list(default_report.html.parent.glob(".*"))  # no temporary files left behind


def test_report_parameters_are_data_not_code(tmp_path):
    hostile = 'X"; import os; os.remove("nothing") #<script>alert(1)</script>'
    report = reports.run_report(
        "value-pyramid", {"company": hostile, "top_n": "3"}, out_dir=tmp_path
    )
    html = report.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    nb = json.loads(report.notebook.read_text(encoding="utf-8"))
    injected = next(
        c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    )
    assert "top_n = 3\n" in "".join(injected["source"])  # converted to the declared int


def test_report_with_own_dataset_and_as_of(tmp_path):
    data = tmp_path / "orders.csv"
    data.write_text(
        "customer_id,date,amount,cost,service_cost\n"
        "a,2024-01-01,100,60,5\nb,2024-01-02,40,30,5\nc,2024-02-01,10,8,5\n"
        "a,2024-03-01,80,50,5\nd,2024-06-01,500,300,5\n",
        encoding="utf-8",
    )
    before = data.read_bytes()
    report = reports.run_report(
        "value-pyramid", {"dataset": str(data), "as_of": "2024-03-31"}, out_dir=tmp_path / "out"
    )
    assert data.read_bytes() == before  # inputs are never written to
    html = report.html.read_text(encoding="utf-8")
    assert "3 customers, 4 transactions" in html  # the June order is after as_of


def test_failed_run_keeps_evidence_and_the_previous_report(tmp_path, default_report):
    shutil.copy(default_report.html, tmp_path / "value-pyramid__dataset-missing.csv.html")
    good = (tmp_path / "value-pyramid__dataset-missing.csv.html").read_bytes()
    with pytest.raises(reports.ReportError, match="FileNotFoundError") as err:
        reports.run_report("value-pyramid", {"dataset": "missing.csv"}, out_dir=tmp_path)
    assert "failed/" in str(err.value)
    assert (tmp_path / "failed" / "value-pyramid__dataset-missing.csv.ipynb").is_file()
    assert (tmp_path / "value-pyramid__dataset-missing.csv.html").read_bytes() == good
    assert not list(tmp_path.glob(".*"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"colour": "red"}, "has no parameter"),
        ({"top_n": "many"}, "must be int"),
    ],
)
def test_bad_parameters_rejected_before_running(tmp_path, params, message):
    with pytest.raises(ValueError, match=message):
        reports.run_report("value-pyramid", params, out_dir=tmp_path)
    assert not any(tmp_path.iterdir())


def test_dealer_call_list_report(tmp_path):
    report = reports.run_report("dealer-call-list", {"dealer": "DL01"}, out_dir=tmp_path)
    html = report.html.read_text(encoding="utf-8")
    assert "Dealer DL01, 2025-07-01" in html
    assert "calls after merging" in html
    with pytest.raises(reports.ReportError, match="unknown dealer 'XX'"):
        reports.run_report("dealer-call-list", {"dealer": "XX"}, out_dir=tmp_path)


def test_dealer_satisfaction_report_flags_the_inconsistent_expert(tmp_path):
    report = reports.run_report(
        "dealer-satisfaction-ahp", {"dealer": "DL01", "wave": "2024H2"}, out_dir=tmp_path
    )
    html = report.html.read_text(encoding="utf-8")
    assert "Dealer DL01, survey wave 2024H2" in html
    assert "1 of 20 expert matrices failed" in html
    assert "#ffcdd2" in html  # the flagged cell is coloured
    with pytest.raises(reports.ReportError, match="unknown wave '2030'"):
        reports.run_report("dealer-satisfaction-ahp", {"wave": "2030"}, out_dir=tmp_path)


def test_svw_report_with_selection(tmp_path):
    report = reports.run_report(
        "svw-lead-management",
        {"period": "2005", "region": "East", "campaigns": "W01,R00"},
        out_dir=tmp_path,
    )
    html = report.html.read_text(encoding="utf-8")
    assert "Period 2005, region East, campaigns W01,R00" in html
    assert "reverse: owner" in html
    with pytest.raises(reports.ReportError, match="unknown region 'Mars'"):
        reports.run_report("svw-lead-management", {"region": "Mars"}, out_dir=tmp_path)


def test_unknown_case():
    with pytest.raises(ValueError, match=r"unknown case 'nope'; the cases are: .*value-pyramid"):
        reports.case_notebook("nope")


def test_cli_list_and_errors(capsys):
    assert cli.main(["list"]) == 0
    assert "top_n: int = 15" in capsys.readouterr().out
    assert cli.main(["report", "nope"]) == 2
    assert "unknown case" in capsys.readouterr().err
    assert cli.main(["report"]) == 2
    assert "--all" in capsys.readouterr().err


def test_cli_report_prints_html_path(tmp_path, capfd):
    code = cli.main(["report", "value-pyramid", "-p", "top_n", "5", "--out", str(tmp_path)])
    assert code == 0
    out, err = capfd.readouterr()  # file-descriptor level: the kernel's own stderr included
    printed = Path(out.strip())
    assert printed == tmp_path / "value-pyramid__top_n-5.html"
    assert printed.is_file()
    assert "without encryption" not in err  # the kernel's channels are CurveZMQ-encrypted


def test_report_kernels_talk_over_encrypted_channels(tmp_path):
    km = reports.start_kernel(tmp_path)
    try:
        assert km.curve_publickey is not None and km.curve_secretkey is not None
        kc = km.client()
        kc.start_channels()
        try:
            reply = kc.execute_interactive("x = 6 * 7", timeout=60)
            assert reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
