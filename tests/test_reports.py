"""Case reports: runs into a temporary folder, the CLI, names, records and the safety rules."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib.course import _outputs, cli, reports


@pytest.fixture(scope="module")
def default_report(tmp_path_factory) -> reports.Report:
    return reports.run_report("value-pyramid", out_dir=tmp_path_factory.mktemp("reports"))


def _summary(page: str) -> list[str]:
    """The findings of a report's executive summary, as text."""
    (items,) = re.findall(r'<ul class="crm-summary">(.*?)</ul>', page, re.DOTALL)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", items)]


def _stored_summary(case: str) -> list[str]:
    """The executive summary of the committed case notebook (run on its defaults)."""
    nb = nbformat.read(Path("casestudies") / f"{case}.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if c.id == "c002s"]
    return _summary(cell.outputs[0]["data"]["text/html"])


def _table(page: str, title: str) -> dict[str, list[str]]:
    """The first table of *page* with a column titled *title*: row label -> the row's cells."""
    for table in re.findall(r"<table.*?</table>", page, re.DOTALL):
        if f">{title}</th>" in table:
            rows = re.findall(r"<tr.*?</tr>", table, re.DOTALL)
            cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL) for row in rows]
            return {
                html.unescape(c[0].strip()): [html.unescape(x.strip()) for x in c[1:]]
                for c in cells
            }
    raise AssertionError(f"no table with a column {title!r}")


def _column(page: str, title: str) -> list[str]:
    """The cells of the column titled *title* of the first table that has one."""
    table = re.search(
        rf"<table(?:(?!</table>).)*>{re.escape(title)}</th>.*?</table>", page, re.DOTALL
    )
    assert table, f"no table with a column {title!r}"
    header = re.search(r"<thead>.*?</thead>", table.group(0), re.DOTALL).group(0)
    last_row = re.findall(r"<tr.*?</tr>", header, re.DOTALL)[0]
    titles = [
        html.unescape(t.strip()) for t in re.findall(r"<th[^>]*>(.*?)</th>", last_row, re.DOTALL)
    ]
    at = titles.index(title)
    body = re.search(r"<tbody>.*?</tbody>", table.group(0), re.DOTALL).group(0)
    rows = re.findall(r"<tr.*?</tr>", body, re.DOTALL)
    return [
        html.unescape(re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)[at].strip())
        for row in rows
    ]


def _check_contents(page: str, title: str = "Contents") -> list[str]:
    """Every link of the report's table of contents leads to a heading of the page."""
    (nav,) = re.findall(r'<nav class="crm-contents".*?</nav>', page, re.DOTALL)
    assert f"<strong>{title}</strong>" in nav
    targets = re.findall(r'href="#([^"]+)"', nav)
    assert len(targets) >= 4
    for target in targets:
        assert re.search(rf'<h2 id="{re.escape(target)}"', page), f"#{target} leads nowhere"
    return [html.unescape(t) for t in re.findall(r'">([^<]*)</a></li>', nav)]


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
    # The parameters are recorded in the notebook and in the HTML, with one run id in both.
    expected = {"company": hostile, "top_n": 3}
    assert nb["metadata"]["papermill"]["parameters"] == expected
    record = nb["metadata"]["crm_course"]
    assert record["case"] == "value-pyramid" and record["parameters"] == expected
    assert reports._html_record(report.html) == record
    assert record["key"] in report.html.name


def test_report_names_differ_whenever_parameters_do():
    def name(**params):
        return reports.report_name("value-pyramid", params)

    beijing, shanghai = name(company="北京华联超市"), name(company="上海百联集团")
    assert beijing != shanghai and "company=北京华联超市__" in beijing  # readable, Chinese kept
    assert len({name(company="A&B"), name(company="A B"), name(company="A+B")}) == 3
    assert name(at_risk_days=-5) != name(at_risk_days=5) and "at_risk_days=-5__" in name(
        at_risk_days=-5
    )
    long = "/data/" + "x" * 50
    assert name(dataset=long + "/a.csv") != name(dataset=long + "/b.csv")
    assert name(dataset=long + "/my orders.csv").startswith("value-pyramid__dataset=my_orders.csv")
    assert len({name(top_n=5), name(top_n=5.0), name(top_n="5")}) == 3  # typed values
    assert name() == "value-pyramid"


_values = st.one_of(
    st.text(max_size=80),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.booleans(),
)
_parameter_sets = st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,20}", fullmatch=True), _values)


@given(st.lists(_parameter_sets, min_size=2, max_size=6, unique_by=lambda p: json.dumps(p)))
def test_distinct_parameter_sets_give_distinct_valid_file_names(sets):
    names = [reports.report_name("value-pyramid", params) for params in sets]
    assert len(set(names)) == len(names)
    for name in names:
        assert 0 < len(f"{name}.ipynb".encode()) <= 255
        assert "/" not in name and "\\" not in name and "\0" not in name
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in name)
        assert not name.startswith((".", "-")) and not name.endswith((".", " "))
        assert not set(name) & set('<>:"|?*')  # not allowed in Windows file names


def test_path_parameters_are_taken_from_the_current_folder(tmp_path, monkeypatch):
    assert reports.path_parameters("value-pyramid") == {"dataset"}
    assert reports.path_parameters("dealer-satisfaction-ahp") == {"judgments"}
    assert reports.path_parameters("svw-lead-management") == set()  # campaigns: ids, not a file
    (tmp_path / "orders.csv").write_text(
        "customer_id,date,amount,cost,service_cost\n"
        "a,2024-01-01,100,60,5\nb,2024-01-02,40,30,5\nc,2024-02-01,10,8,5\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    job = reports.prepare_report("value-pyramid", {"dataset": "orders.csv"})
    assert job.parameters["dataset"] == str(tmp_path / "orders.csv")
    assert reports.prepare_report("value-pyramid", {"dataset": ""}).parameters["dataset"] == ""
    # The README's example: the file in the current folder, the reports in another.
    code = cli.main(["report", "value-pyramid", "-p", "dataset", "orders.csv", "--out", "out"])
    assert code == 0
    assert "3 customers, 3 transactions" in next((tmp_path / "out").glob("*.html")).read_text(
        encoding="utf-8"
    )


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
    data = tmp_path / "orders.csv"
    shutil.copy(reports._cases_folder().parent / "datasets" / "transactions.csv", data)
    out = tmp_path / "out"
    first = reports.run_report("value-pyramid", {"dataset": str(data)}, out_dir=out)
    good = first.html.read_bytes(), first.notebook.read_bytes()
    data.unlink()
    with pytest.raises(reports.ReportError, match="FileNotFoundError") as err:
        reports.run_report("value-pyramid", {"dataset": str(data)}, out_dir=out)
    assert "failed/" in str(err.value)
    assert (out / "failed" / first.notebook.name).is_file()
    assert (first.html.read_bytes(), first.notebook.read_bytes()) == good
    assert not list(out.glob(".*"))


def test_a_report_of_other_parameters_is_never_replaced_silently(tmp_path, default_report):
    job = reports.prepare_report("value-pyramid", {"top_n": "4"})
    impostor = tmp_path / f"{job.name}.html"
    shutil.copy(default_report.html, impostor)  # records other (no) parameters
    before = impostor.read_bytes()
    with pytest.raises(reports.ReportError, match="holds a report of other parameters"):
        reports.run_report("value-pyramid", {"top_n": "4"}, out_dir=tmp_path)
    assert impostor.read_bytes() == before
    report = reports.run_report("value-pyramid", {"top_n": "4"}, out_dir=tmp_path, force=True)
    assert reports.report_state(tmp_path, job) == "complete" and report.html == impostor


def test_a_crash_between_the_two_renames_leaves_an_unfinished_report(tmp_path, monkeypatch):
    job = reports.prepare_report("value-pyramid", {"top_n": "6"})
    first = reports.run_report("value-pyramid", {"top_n": "6"}, out_dir=tmp_path)
    old_html = first.html.read_bytes()
    replace = os.replace

    def crash_before_html(src, dst):
        if str(dst).endswith(".html"):
            raise KeyboardInterrupt  # the process dies here
        replace(src, dst)

    monkeypatch.setattr(_outputs.os, "replace", crash_before_html)
    with pytest.raises(KeyboardInterrupt):
        reports.run_report("value-pyramid", {"top_n": "6"}, out_dir=tmp_path)
    monkeypatch.undo()
    assert first.html.read_bytes() == old_html  # the old HTML, never a new HTML beside...
    assert reports.report_state(tmp_path, job) == "unfinished"  # ...and not taken as complete
    assert not list(tmp_path.glob(".*"))
    reports.run_report("value-pyramid", {"top_n": "6"}, out_dir=tmp_path)
    assert reports.report_state(tmp_path, job) == "complete"


def test_out_inside_the_case_folder_is_refused_and_only_cases_are_listed(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    cases.mkdir()
    source = reports.case_notebook("dealer-call-list")
    shutil.copy(source, cases / source.name)
    monkeypatch.setattr(reports, "_cases_folder", lambda: cases)
    for out in (cases, cases / "reports"):
        with pytest.raises(ValueError, match="inside the case folder"):
            reports.run_report("dealer-call-list", out_dir=out)
    assert cli.main(["report", "dealer-call-list", "--out", str(cases)]) == 2
    # What an older version let through: an executed report among the cases.
    report = reports.run_report("dealer-call-list", {"dealer": "DL01"}, out_dir=tmp_path / "r")
    shutil.copy(report.notebook, cases / "dealer-call-list-dl01.ipynb")
    shutil.copy(report.notebook, cases / report.notebook.name)
    assert reports.list_cases() == ["dealer-call-list"]


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


def _assert_refused_twice(
    case: str, name: str, value: str, have: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A *value* of parameter *name* that the data lack is refused twice over: by the check the
    case declares, before anything runs, and, with that check switched off, by the case's own
    guard. *have* starts the list of the values the data have."""
    checked = tmp_path / "checked"
    with pytest.raises(ValueError, match=f"{name} '{value}' does not exist; the data have: {have}"):
        reports.run_report(case, {name: value}, out_dir=checked)
    assert not checked.exists()  # the declared check runs before anything
    monkeypatch.setattr(reports, "check_values", lambda case, values: None)
    with pytest.raises(reports.ReportError, match=f"unknown {name} '{value}'"):
        reports.run_report(case, {name: value}, out_dir=tmp_path)


def test_dealer_call_list_report(tmp_path, monkeypatch):
    report = reports.run_report("dealer-call-list", {"dealer": "DL01"}, out_dir=tmp_path)
    html = report.html.read_text(encoding="utf-8")
    assert '<td style="text-align:left">DL01</td>' in html  # the header
    assert "calls after merging" in html
    _check_contents(html)
    summary = _summary(html)
    assert summary != _stored_summary("dealer-call-list")  # computed for DL01, not fixed text
    workload = _table(html, "Leads")
    leads, calls = workload["all leads"][-1], workload["calls after merging"][-1]
    assert f"{calls} have lifecycle events in the next 30 days: {leads} leads" in summary[0]
    assert re.search(r'<td style="white-space:nowrap">2025-07-\d\d</td>', html)  # dates unbroken
    assert "<td>2025-07-" not in html
    late = _column(html, "Within the contact rule").count("no")
    assert f"{late} of the {calls} calls would miss the 2-day contact rule" in summary[1]
    _assert_refused_twice("dealer-call-list", "dealer", "XX", "DL01", tmp_path, monkeypatch)


def test_dealer_satisfaction_report_flags_the_inconsistent_expert(tmp_path, monkeypatch):
    report = reports.run_report(
        "dealer-satisfaction-ahp", {"dealer": "DL01", "wave": "2024H2"}, out_dir=tmp_path
    )
    html = report.html.read_text(encoding="utf-8")
    assert "dealer = DL01" in html and "wave = 2024H2" in html  # the header
    summary = _summary(html)
    assert "1 of 20 expert matrices failed" in summary[3]
    assert summary != _stored_summary("dealer-satisfaction-ahp")
    total = _table(html, "Weighted score")["total"][2]
    assert f"weighted satisfaction of {total} out of 5" in summary[0]
    heaviest = _column(html, "Global weight")[0]  # the table is ranked
    assert f"heaviest: {heaviest} of the total weight" in summary[1]
    _check_contents(html)
    assert ">0.175<" not in html and ">True<" not in html  # weights in %, flags as words
    assert "#ffcdd2" in html  # the flagged cell is coloured
    assert "The business situation" in html and "Recommendations" in html
    # the summary's numbers follow from this dealer and wave (DL01's three top priorities)
    assert "Bringing repair quality, repair time, service price to full marks" in html
    assert "Judgments to take back to the experts: 1." in html
    _assert_refused_twice(
        "dealer-satisfaction-ahp", "wave", "2030", "2024H2", tmp_path, monkeypatch
    )


def test_svw_report_with_selection(tmp_path, monkeypatch):
    report = reports.run_report(
        "svw-lead-management",
        {"period": "2005", "region": "East", "campaigns": "W01,R00"},
        out_dir=tmp_path,
    )
    html = report.html.read_text(encoding="utf-8")
    assert "period = 2005" in html and "campaigns = W01,R00" in html  # the header
    summary = _summary(html)
    assert summary != _stored_summary("svw-lead-management")
    hot, share = _table(html, "Leads meeting it")["all three: a hot lead"]
    assert f"{hot} of the touchpoints ({share}) are hot leads" in summary[0]
    amounts = re.findall(r"¥[\d,]+\.\d\d", summary[3])
    assert len(amounts) == 2 and set(amounts) <= set(_column(html, "Cost per sale"))
    _check_contents(html)
    assert "reverse: owner" in html
    _assert_refused_twice("svw-lead-management", "region", "Mars", "East", tmp_path, monkeypatch)


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


def test_cli_report_prints_html_path_and_nothing_else(tmp_path, capfd):
    code = cli.main(["report", "value-pyramid", "-p", "top_n", "5", "--out", str(tmp_path)])
    assert code == 0
    out, err = capfd.readouterr()  # file-descriptor level: the kernel's own stderr included
    printed = Path(out.strip())
    assert printed == tmp_path / f"{reports.report_name('value-pyramid', {'top_n': 5})}.html"
    assert printed.is_file()
    assert err == "running value-pyramid ...\n"  # no kernel warnings


def test_report_kernels_use_private_sockets_not_tcp_ports(tmp_path):
    """A TCP port picked for a kernel can be taken by another process before the kernel binds
    it (jupyter_client issue 487): the kernel then never answers. This is what made a report
    kernel time out in the parallel suite. Report kernels use Unix sockets in a private folder.
    """
    from crmlib.course import _execution

    with _execution.Kernel(tmp_path, label="t") as kernel:
        info = kernel.km.get_connection_info()
        assert info["transport"] == "ipc" and str(kernel.runtime) in info["ip"]
        kernel.run_quietly("x = 6 * 7")
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(x)")])
        assert _execution.execute(nb, kernel, cell_timeout=30) is None
        assert nb.cells[0].outputs[0]["text"] == "42\n"


def test_cli_report_pdf_prints_the_html_beside_it(tmp_path, capfd):
    from tests._chromium import chromium_path

    chromium_path()  # skip (or fail in CI) without a browser
    code = cli.main(
        ["report", "value-pyramid", "-p", "top_n", "5", "--out", str(tmp_path), "--pdf"]
    )
    assert code == 0
    html, pdf = (Path(line) for line in capfd.readouterr().out.split())
    assert pdf == html.with_suffix(".pdf") and pdf.parent == tmp_path
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pages = int(re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)[0])
    assert pages > 2 and len(data) > 100_000  # several pages with the figures in them
    assert not list(tmp_path.glob(".*"))  # no staging folder or temporary PDF left behind


def test_pdf_without_a_browser_says_which_and_how_to_install_it(tmp_path, monkeypatch, capsys):
    from crmlib.course import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(reports.ReportError, match=r"no Chromium.*apt-get install chromium"):
        reports.run_report("value-pyramid", out_dir=tmp_path, pdf=True)
    assert not any(tmp_path.iterdir())  # said before anything ran
    assert cli.main(["report", "value-pyramid", "--out", str(tmp_path), "--pdf"]) == 1
    assert "chromium" in capsys.readouterr().err


def test_people_table_formats_for_readers_in_both_languages():
    import pandas as pd

    from crmlib import i18n

    frame = pd.DataFrame(
        {
            "customers": [3000, 12],
            "share_of_revenue": [0.38804, float("nan")],
            "revenue": [817253.434, -12.5],
            "at_risk": [True, False],
        },
        index=pd.Index(["top", "bottom"], name="tier"),
    )
    kw = {"percent": ["share_of_revenue"], "money": ["revenue"], "counts": ["customers"]}
    shown = reports.people_table(frame, **kw, titles={"tier": "Tier"})
    expected = pd.DataFrame(
        {
            "Customers": ["3,000", "12"],
            "Share of revenue": ["38.8%", "–"],
            "Revenue": ["¥817,253.43", "-¥12.50"],
            "At risk": ["yes", "no"],
        },
        index=pd.Index(["top", "bottom"]),
    ).rename_axis(columns="Tier")  # the row labels' title heads the header row
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    assert frame["at_risk"].dtype == bool  # the input is not changed
    i18n.set_language("zh")
    try:
        zh = reports.people_table(frame, **kw)
        head = reports.report_header(("Dealer", "经销商", "A|B"), ("x", "2025年", ""), {"f": ""})
    finally:
        i18n.set_language("en")
    assert list(zh.columns) == ["客户数", "收入占比", "收入", "有流失风险"]
    assert list(zh.iloc[:, 3]) == ["是", "否"]
    assert '<td style="text-align:left">A|B</td>' in head.data and "f = （默认）" in head.data
    assert ">经销商</th>" in head.data and "<thead" not in head.data
    with pytest.raises(ValueError, match=r"no column\(s\) \['share'\]"):
        reports.people_table(frame, percent=["share"])
    scores = pd.DataFrame({"score": [4.0667, float("nan")], "name": ["a", None]})
    shown = reports.people_table(scores, decimals={"score": 2})
    assert shown.to_dict("list") == {"Satisfaction (1–5)": ["4.07", "–"], "Name": ["a", "–"]}
    with pytest.raises(ValueError, match=r"no column\(s\) \['gain'\]"):
        reports.people_table(scores, decimals={"gain": 2})


def test_every_case_report_opens_with_its_header(default_report):
    html = default_report.html.read_text(encoding="utf-8")
    places = [
        html.find(s)
        for s in (
            ">Customer-value report: the customer pyramid",
            "Data covered",
            ">Executive summary<",
            "<strong>Contents</strong>",
            'id="The-brief"',
        )
    ]
    assert places[0] > 0 and places == sorted(places)
    (header,) = re.findall(r'<table class="crm-report-header".*?</table>', html, re.DOTALL)
    assert "<thead" not in header and "<th></th>" not in header  # no empty first row
    assert 'nowrap">2023-01-01 to 2024-12-31</span> (synthetic course data)' in header
    assert 'nowrap">top_n = 15</span> · <span style="white-space:nowrap">at_risk_days' in header
    assert "¥143,768.54" in html and "52.8%" in html  # people's numbers, not 0.528
    assert "share_of_revenue" not in html


def test_the_summary_agrees_with_the_tables_and_follows_the_parameters(default_report, tmp_path):
    page = default_report.html.read_text(encoding="utf-8")
    summary = _summary(page)
    assert summary == _stored_summary("value-pyramid")  # the committed notebook's defaults
    share = _table(page, "Share of profit")["most profitable"][2]
    assert f"brings {share} of profit" in summary[1]
    assert summary[3].startswith(f"{_column(page, 'At risk').count('yes')} of the 15 ")
    assert _check_contents(page)[:2] == ["The brief", "The pyramid and its profit zones"]
    other = reports.run_report("value-pyramid", {"top_n": 40, "at_risk_days": 30}, out_dir=tmp_path)
    page = other.html.read_text(encoding="utf-8")
    changed = _summary(page)
    assert changed[:3] == summary[:3]  # the same data ...
    at_risk = _column(page, "At risk").count("yes")  # ... other parameters, other findings
    assert changed[3].startswith(
        f"{at_risk} of the 40 most profitable customers have bought nothing for more than 30 days"
    )
    assert changed[3] != summary[3]


def test_a_chinese_report_has_its_summary_and_contents_in_chinese(tmp_path):
    report = reports.run_report("value-pyramid", {"top_n": 5}, out_dir=tmp_path, lang="zh")
    page = report.html.read_text(encoding="utf-8")
    assert ">摘要</h2>" in page and ">数据范围</th>" in page
    assert "位客户" in _summary(page)[0] and "笔交易" in _summary(page)[0]
    sections = _check_contents(page, "目录")
    assert "客户金字塔及其利润区" in sections


def test_contents_and_summary_need_their_inputs():
    page = reports.CONTENTS_MARK + '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2>'
    assert reports.add_contents(page) == page  # too short for contents
    assert reports.add_contents("<h2 id='x'>X</h2>" * 5) == "<h2 id='x'>X</h2>" * 5  # no mark
    long = reports.CONTENTS_MARK + "".join(f'<h2 id="s-{i}">S &amp; {i}</h2>' for i in range(4))
    assert '<a href="#s-3">S &amp; 3</a>' in reports.add_contents(long, "zh")
    assert "<strong>目录</strong>" in reports.add_contents(long, "zh")
    with pytest.raises(ValueError, match="3 to 5 findings, got 2"):
        reports.executive_summary(["One.", "Two."])
    assert reports.finding("{x}", "{x}", x="<b>") == "&lt;b&gt;"


def test_cli_batch_pdf_prints_each_report_once(tmp_path, capsys):
    from tests._chromium import chromium_path

    chromium_path()
    (tmp_path / "rows.csv").write_text("top_n\n3\n", encoding="utf-8")
    args = ["batch", "value-pyramid", "--params", str(tmp_path / "rows.csv"), "--jobs", "1"]
    out = tmp_path / "out"
    assert cli.main([*args, "--out", str(out), "--pdf"]) == 0
    (pdf,) = out.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-") and str(pdf) in capsys.readouterr().out
    before = pdf.stat().st_mtime_ns
    assert cli.main([*args, "--out", str(out), "--pdf"]) == 0  # skipped: its PDF is kept
    assert pdf.stat().st_mtime_ns == before and str(pdf) not in capsys.readouterr().out


def test_people_table_titles_the_row_labels_in_the_header_row():
    import pandas as pd

    table = pd.DataFrame(
        {"customers": [150, 300]}, index=pd.Index(["top", "second"], name="profit_zone")
    )
    page = reports.people_table(table, counts=["customers"]).to_html()
    header = re.search(r"<thead>.*?</thead>", page, re.DOTALL).group(0)
    assert len(re.findall(r"<tr", header)) == 1  # no row of its own for the index's name
    assert re.findall(r"<th>(.*?)</th>", header) == ["Profit zone", "Customers"]
