"""mypy checks crmlib with the settings of pyproject.toml's [tool.mypy] (strict about untyped defs).

The check runs mypy once, in a subprocess with a fresh cache, so it measures what CI sees: about
26-31 s of CPU on the course's 2-core machine (half of it loading the stubs of pandas and
numpy).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):(?P<line>\d+): error: (?P<text>.*)$", re.MULTILINE)


def errors_by_file(output: str) -> dict[str, list[str]]:
    """Group mypy's ``file:line: error: ...`` lines by file (notes and the summary are dropped)."""
    found: dict[str, list[str]] = {}
    for match in ERROR.finditer(output):
        path = match["file"].replace("\\", "/")
        found.setdefault(path, []).append(f"{path}:{match['line']}: {match['text']}")
    return found


def test_errors_by_file_reads_mypy_output():
    output = (
        "crmlib/a.py:3: error: Missing return  [return]\n"
        "crmlib/a.py:3: note: see here\n"
        "crmlib/b/c.py:10: error: Bad  [arg-type]\n"
        "Found 2 errors in 2 files (checked 3 source files)\n"
    )
    assert errors_by_file(output) == {
        "crmlib/a.py": ["crmlib/a.py:3: Missing return  [return]"],
        "crmlib/b/c.py": ["crmlib/b/c.py:10: Bad  [arg-type]"],
    }


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    cache = tmp_path_factory.mktemp("mypy-cache")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "crmlib"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), f"mypy crashed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_mypy_passes_on_crmlib(mypy_output: str):
    errors = errors_by_file(mypy_output)
    unexpected = [line for lines in errors.values() for line in lines]
    assert not unexpected, "mypy errors in crmlib:\n" + "\n".join(unexpected)
