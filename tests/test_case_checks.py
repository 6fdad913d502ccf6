"""Each case declares its checkable parameters beside itself; the tooling reads them generically."""

import ast
from pathlib import Path

import pytest

from crmlib.course import batch, reports

CASES = reports.list_cases()
CHECKED = [(case, name) for case in CASES for name in reports.declared_checks(case)]


def test_some_cases_declare_checks():
    assert {case for case, _ in CHECKED} >= {"dealer-call-list", "svw-lead-management"}


@pytest.mark.parametrize(("case", "name"), CHECKED)
def test_a_declared_check_refuses_a_value_the_data_do_not_have(case, name):
    with pytest.raises(ValueError, match=rf"^{name} 'no-such-value' does not exist; the data have"):
        reports.prepare_report(case, {name: "no-such-value"})
    with pytest.raises(ValueError, match=rf"row 1: {name} 'no-such-value' does not exist"):
        batch.validate_rows(case, [{name: "no-such-value"}])


@pytest.mark.parametrize(("case", "name"), CHECKED)
def test_a_declared_check_accepts_the_default(case, name):
    default = reports.case_parameters(case)[name]["default"].strip("\"'")
    assert default in reports.allowed_values(case)[name]
    assert reports.prepare_report(case, {name: default}).parameters == {name: default}


def test_a_check_naming_something_other_than_a_loader_is_refused():
    with pytest.raises(ValueError, match=r"not a crmlib\.datasets loader"):
        reports._values_of("read_table", None, "dealer")


def test_batch_names_no_case():
    # the code's strings, not its docstrings: a usage example may name a case, logic may not
    tree = ast.parse(Path(batch.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]
    assert strings, "found no string in batch.py: the check would pass vacuously"
    assert not [case for case in CASES for text in strings if case in text]
