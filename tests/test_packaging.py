"""The frame: dependency lists agree, notebooks are clean, the import is light, the code is tidy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "casestudies").glob("*.ipynb")
)
CONDA_NAMES = {"python-duckdb": "duckdb"}  # conda-forge name -> PyPI name


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):  # the pip: section, for packages conda-forge lacks
            for pinned in dep["pip"]:
                if "==" in pinned:
                    name, version = pinned.split("#")[0].split("==")
                    pins[name.strip().lower()] = version.strip()
            continue
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)\W*(.*)", dep).groups()
        if name not in {"python", "pip"}:
            pins[CONDA_NAMES.get(name, name).lower()] = version
    return pins


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version.strip()
    return pins


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = _pyproject()["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"]:
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    assert set(_conda_pins()) == wanted


def test_environment_yml_pins_match_the_lock():
    lock = _lock()
    for name, version in _conda_pins().items():
        assert version == lock[name], f"environment.yml pins {name}={version}, lock {lock[name]}"


def test_lock_pins_every_named_dependency():
    lock = _lock()
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    for requirement in project["dependencies"] + extras["course"] + extras["test"]:
        assert _name(requirement) in lock


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_executed(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "re-run the notebook top to bottom"
    for cell in code:
        source = "".join(cell["source"])
        assert "sys.path" not in source, "import crmlib as an installed package"
        assert not any(o["output_type"] == "error" for o in cell["outputs"])
        assert not any(o.get("name") == "stderr" for o in cell["outputs"]), "fix the warning"


def test_case_notebooks_have_a_parameters_cell():
    for path in (ROOT / "casestudies").glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert "parameters" in first_code["metadata"].get("tags", []), path.name


def test_import_crmlib_is_light():
    code = (
        # CPU time, not wall time: a busy machine (CI, two cores shared) must not fail this
        "import sys, time; import pandas; t = time.process_time(); import crmlib; "
        "print(time.process_time() - t); "
        "print(sorted(m for m in ('matplotlib', 'scipy', 'ipywidgets', 'papermill') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[1] == "[]", f"import crmlib pulled in {out[1]}"
    assert float(out[0]) < 0.1, f"import crmlib took {float(out[0]):.3f} s of CPU (pandas aside)"


def test_ruff_lint_and_format():
    ruff = [sys.executable, "-m", "ruff"]
    lint = subprocess.run([*ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [*ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout
