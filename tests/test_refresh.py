"""``bootstrap.py refresh`` stores outputs with the course's own bounded runner."""

from __future__ import annotations

import nbformat
import pytest

from crmlib.course import _execution


def test_execute_in_place_stores_outputs_and_leaves_a_failing_notebook_alone(tmp_path):
    good = tmp_path / "good.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2020-01-01"}  # old timing
    nbformat.write(nb, good)
    _execution.execute_in_place(good)
    stored = nbformat.read(good, as_version=4).cells[0]
    assert stored.outputs[0]["text"] == "42\n" and stored.execution_count == 1
    assert "execution" not in stored.metadata

    bad = tmp_path / "bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), bad)
    before = bad.read_bytes()
    with pytest.raises(_execution.KernelError, match=r"bad.ipynb failed in cell 1.*ZeroDivision"):
        _execution.execute_in_place(bad)
    assert bad.read_bytes() == before
