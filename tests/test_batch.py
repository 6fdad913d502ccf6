"""Batch reports: validation before running, resume, --force, failures, injection, escaping,
and the same batch on a Dask LocalCluster."""

from __future__ import annotations

import ast
import json

import pytest

from crmlib.course import batch, cli, reports


def test_invalid_parameter_files_are_rejected_before_anything_runs(tmp_path):
    with pytest.raises(ValueError) as err:
        batch.run_batch(
            "dealer-call-list",
            [
                {"dealer": "TJ01"},
                {"dealer": "XX"},
                {"colour": "red"},
                {"horizon_days": "soon"},
                {"dealer": "TJ01"},
            ],
            out_dir=tmp_path,
        )
    message = str(err.value)
    assert "row 2: dealer 'XX' does not exist" in message
    assert "row 3: unknown parameter(s) ['colour']" in message
    assert "row 4: parameter 'horizon_days' must be int" in message
    assert "row 5: same parameters as row 1" in message
    assert not any(tmp_path.iterdir())  # nothing ran, nothing written


def test_rows_are_the_same_only_when_their_parameters_are(tmp_path):
    rows = [
        {"company": "北京华联超市"},
        {"company": "上海百联集团"},
        {"company": "A&B"},
        {"company": "A B"},
        {"company": "A+B"},
        {"at_risk_days": "-5"},
        {"at_risk_days": "5"},
        {"dataset": "/data/" + "x" * 50 + "/a.csv"},
        {"dataset": "/data/" + "x" * 50 + "/b.csv"},
    ]
    jobs = batch.validate_rows("value-pyramid", rows)
    assert len({job.name for job in jobs}) == len(rows)
    with pytest.raises(ValueError, match=r"row 3: same parameters as row 1") as err:
        batch.validate_rows("value-pyramid", [{"top_n": "5"}, {"top_n": "6"}, {"top_n": "05"}])
    assert "row 2" not in str(err.value)


def test_resume_never_skips_or_replaces_a_file_of_other_parameters(tmp_path, capsys):
    (job,) = batch.validate_rows("value-pyramid", [{"top_n": "5"}])
    other = tmp_path / f"{job.name}.html"
    other.write_text("<html><head></head><body>another report</body></html>", encoding="utf-8")
    params = tmp_path / "p.csv"
    params.write_text("top_n\n5\n", encoding="utf-8")
    code = cli.main(["batch", "value-pyramid", "--params", str(params), "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2 and "skipped" not in out
    assert "row 1:" in err and "holds a report of other parameters" in err and "--force" in err
    assert other.read_text(encoding="utf-8").endswith("another report</body></html>")


def test_parameter_files_chinese_users_have(tmp_path):
    gbk = tmp_path / "class.csv"
    gbk.write_bytes("company,top_n\n北京华联超市,5\n上海百联集团,5\n".encode("gb18030"))
    rows = batch.read_params(gbk)
    assert rows == [
        {"company": "北京华联超市", "top_n": "5"},
        {"company": "上海百联集团", "top_n": "5"},
    ]
    assert len(batch.validate_rows("value-pyramid", rows)) == 2
    bom = tmp_path / "bom.csv"
    bom.write_bytes("company\n北京华联超市\n".encode("utf-8-sig"))
    assert batch.read_params(bom) == [{"company": "北京华联超市"}]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"company\nCaf\xe9,\xff\n")
    with pytest.raises(
        ValueError, match=r"latin.csv is neither UTF-8 nor GB18030.*save it as UTF-8"
    ):
        batch.read_params(latin)


def test_bad_parameter_files_are_one_clear_line(tmp_path, capsys):
    evil = tmp_path / "evil.yaml"
    evil.write_text("- company: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    null = tmp_path / "null.yaml"
    null.write_text("- company: null\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"company\nCaf\xe9,\xff\n")
    for path, message in [
        (evil, "evil.yaml is not a plain YAML list of parameter mappings"),
        (null, "row 1: parameter 'company' is empty (null)"),
        (latin, "latin.csv is neither UTF-8 nor GB18030"),
    ]:
        code = cli.main(["batch", "value-pyramid", "--params", str(path), "--out", str(tmp_path)])
        out, err = capsys.readouterr()
        assert code == 2 and out == "" and "Traceback" not in err, err
        assert err.startswith("crm-course: error: ") and message in err, err
    assert not list(tmp_path.glob("*.html"))


def test_read_params_csv_and_yaml(tmp_path):
    (tmp_path / "p.csv").write_text("dealer,wave\nDL01,2025H1\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("- {dealer: DL01, wave: 2025H1}\n", encoding="utf-8")
    assert batch.read_params(tmp_path / "p.csv") == [{"dealer": "DL01", "wave": "2025H1"}]
    assert batch.read_params(tmp_path / "p.yaml") == [{"dealer": "DL01", "wave": "2025H1"}]
    (tmp_path / "p.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.csv, \.yml or \.yaml"):
        batch.read_params(tmp_path / "p.txt")


@pytest.fixture
def hostile_dataset(tmp_path):
    data = tmp_path / "orders.csv"
    data.write_text(
        "customer_id,date,amount,cost,service_cost\n"
        "<script>alert(1)</script>,2024-01-01,900,500,5\nb,2024-01-02,40,30,5\n"
        "c,2024-02-01,10,8,5\n",
        encoding="utf-8",
    )
    return data


def test_batch_resume_force_failure_injection_and_escaping(tmp_path, hostile_dataset, capsys):
    broken = tmp_path / "broken.csv"
    broken.write_text("customer_id,date\na,2024-01-01\n", encoding="utf-8")
    params = tmp_path / "params.csv"
    params.write_text(
        "dataset,company,top_n\n"
        f'{hostile_dataset},"X""; import os; os.remove(""nothing"") #",3\n'
        f"{broken},Broken Co,3\n",
        encoding="utf-8",
    )
    before = params.read_bytes(), hostile_dataset.read_bytes()
    out = tmp_path / "out"
    code = cli.main(["batch", "value-pyramid", "--params", str(params), "--out", str(out)])
    summary = capsys.readouterr().out
    assert code == 1  # one row failed
    assert "1 written, 0 skipped" in summary and "1 failed" in summary
    assert "FAILED row 2" in summary and "ValueError" in summary
    assert (params.read_bytes(), hostile_dataset.read_bytes()) == before  # inputs untouched

    html_files = list(out.glob("*.html"))
    assert len(html_files) == 1
    html = html_files[0].read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html  # a customer id shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    nb = json.loads(html_files[0].with_suffix(".ipynb").read_text(encoding="utf-8"))
    injected = "".join(
        "".join(c["source"]) for c in nb["cells"] if "injected-parameters" in c["metadata"]["tags"]
    )
    assigned = {
        node.targets[0].id: node.value
        for node in ast.parse(injected).body
        if isinstance(node, ast.Assign)
    }
    assert isinstance(assigned["company"], ast.Constant)  # a string literal, not code
    assert assigned["company"].value == 'X"; import os; os.remove("nothing") #'
    assert len(ast.parse(injected).body) == 3  # three assignments, nothing else
    failed = list((out / "failed").glob("*.ipynb"))
    assert len(failed) == 1 and "Broken" in failed[0].name
    assert not list(out.glob(".*"))  # no temporary files left

    assert f"notebook in failed/{failed[0].name}" in summary  # points at a file that exists
    assert nb["metadata"]["papermill"]["parameters"] == nb["metadata"]["crm_course"]["parameters"]

    # Rerun: the finished report is skipped, the failed one is tried again.
    first_mtime = html_files[0].stat().st_mtime_ns
    result = batch.run_batch("value-pyramid", batch.read_params(params), out_dir=out, jobs=1)
    assert len(result.skipped) == 1 and len(result.failed) == 1 and not result.written
    assert html_files[0].stat().st_mtime_ns == first_mtime
    # A notebook of another run beside the HTML (a crash between the renames): made again.
    notebook = html_files[0].with_suffix(".ipynb")
    nb["metadata"]["crm_course"]["run"] = "interrupted"
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    (job,) = batch.validate_rows("value-pyramid", batch.read_params(params)[:1])
    assert reports.report_state(out, job) == "unfinished"
    result = batch.run_batch("value-pyramid", batch.read_params(params)[:1], out_dir=out, jobs=1)
    assert len(result.written) == 1 and reports.report_state(out, job) == "complete"
    first_mtime = html_files[0].stat().st_mtime_ns
    # --force rewrites it.
    result = batch.run_batch(
        "value-pyramid", batch.read_params(params)[:1], out_dir=out, jobs=1, force=True
    )
    assert len(result.written) == 1 and html_files[0].stat().st_mtime_ns != first_mtime


def test_batch_on_a_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = batch.run_batch(
            "dealer-call-list",
            [{"dealer": "TJ02"}, {"dealer": "DL01"}],
            out_dir=tmp_path,
            dask=cluster.scheduler_address,
        )
    assert result.ok and len(result.written) == 2
    for path in result.written:
        assert path.is_file() and "calls after merging" in path.read_text(encoding="utf-8")
