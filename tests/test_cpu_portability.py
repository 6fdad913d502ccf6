"""Stored notebook outputs must not depend on the CPU they are computed on.

numpy picks SIMD kernels for ``exp``, ``log``, ``power`` … by CPU (AVX-512, AVX2, or the x86-64
baseline), and OpenBLAS picks its matrix kernels the same way; their results differ in the last
bits. A notebook that shows a digit those bits can reach passes on the machine that stored it
and fails on a student's laptop. So every notebook and case study is executed a second time,
under strict nbval like the main pass, in a kernel whose numpy and OpenBLAS are held to the
oldest kernels they have: what the first pass ran on this CPU's best kernels, this pass runs on
others, and any output that differs fails, on every machine, whatever its CPU.

The lowered settings are environment variables the kernel inherits (``tests/_lowered.py``):
``NPY_DISABLE_CPU_FEATURES`` (numpy's dispatched targets; names this numpy or CPU lacks are
ignored) and ``OPENBLAS_CORETYPE`` (an SSE3-era core). ``test_lowered_settings_take_effect``
checks that they really change what runs, so this pass cannot pass vacuously.

The second execution is that of the **committed Chinese editions** (``notebooks/zh/``,
``casestudies/zh/``: markdown from ``translations/zh/``, the same code run with
``crmlib.i18n.set_language("zh")``, executed natively by ``python3 bootstrap.py refresh``). nbval
collects them with the English notebooks, in the same run, and the repository's
``conftest.py`` starts their kernels with the lowered settings (and checks, in
``/proc/PID/environ``, that the kernel has them). One execution each so checks both that the
committed Chinese outputs are current (they are what this CPU's kernels gave when stored) and
that no output depends on the CPU (the baseline kernels give them too). Two fast checks here
make that chain hold: each committed edition is the current translation of its English source
(same cells, ids and tags, the same code, markdown as the catalog gives it), so a changed
source or catalog without a refresh fails with the command to run; and it is clean (executed
top to bottom, no error, no warning such as "Glyph ... missing from font"). Completeness of the
translations is checked apart (``tests/test_translations.py``): an edition's cell with no
translation keeps its English.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests._lowered import LANG, LOWERED, REFRESH, is_edition

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "casestudies").glob("*.ipynb")
)
#: The committed Chinese edition of each English notebook (editions.committed_edition).
EDITIONS = {source: source.parent / LANG / source.name for source in NOTEBOOKS}

_PROBE = """
import ctypes, json, numpy, scipy.linalg
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
blas = {}
for path in sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower()}):
    corename = ctypes.CDLL(path).gotoblas_corename
    corename.restype = ctypes.c_char_p
    blas[path.rsplit("/", 1)[-1]] = corename().decode()
x = numpy.linspace(0.1, 50.0, 10_001)
print(json.dumps({
    "dispatch": {name: bool(__cpu_features__[name]) for name in __cpu_dispatch__},
    "blas": blas,
    "exp_bits": numpy.exp(-x).tobytes().hex()[-64:],
}))
"""


def _probe(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def _lowered_env() -> dict[str, str]:
    return {**os.environ, **LOWERED}


@pytest.mark.skipif(sys.platform != "linux", reason="reads the loaded libraries from /proc")
def test_lowered_settings_take_effect():
    native, lowered = _probe(dict(os.environ)), _probe(_lowered_env())
    assert not any(lowered["dispatch"].values()), lowered["dispatch"]
    assert lowered["blas"], "no OpenBLAS found in the process"
    for lib, core in lowered["blas"].items():
        assert core != native["blas"][lib], f"{lib}: OPENBLAS_CORETYPE had no effect ({core})"
    if native["dispatch"].get("X86_V4"):  # AVX-512's exp differs from the baseline's last bits
        assert lowered["exp_bits"] != native["exp_bits"]


_FULL_REPR = re.compile(r"(?<![\w.])\d+\.\d{10,}(?![\d])")


@pytest.mark.parametrize(
    "notebook", [*NOTEBOOKS, *EDITIONS.values()], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_output_shows_a_float_at_full_precision(notebook: Path):
    """A bare float repr (1211.7310665565562) shows digits only float noise decides."""
    import nbformat

    shown = []
    for number, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            shown += [f"cell {number}: {m}" for m in _FULL_REPR.findall(text)]
    assert not shown, f"round these to the precision the model determines: {shown}"


def test_every_committed_edition_has_its_english_source():
    from crmlib.course import editions, reports

    # reports, batches, editions and the book see the English sources only
    assert [reports.case_notebook(case) for case in reports.list_cases()] == [
        p for p in NOTEBOOKS if p.parent.name == "casestudies"
    ]
    assert editions.chapter_notebooks() == [p for p in NOTEBOOKS if p.parent.name == "notebooks"]
    for folder in ("notebooks", "casestudies"):
        found = set((ROOT / folder / LANG).glob("*.ipynb"))
        orphans = sorted(p.name for p in found - set(EDITIONS.values()))
        assert not orphans, f"{folder}/{LANG}/ holds editions of no English notebook: {orphans}"
        assert not [p for p in (ROOT / folder / LANG).iterdir() if p.suffix != ".ipynb"], (
            f"{folder}/{LANG}/ holds files its notebooks wrote; only the editions belong there"
        )


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_committed_edition_is_the_current_translation_and_clean(source: Path):

    from crmlib.course import editions

    edition = EDITIONS[source]
    assert edition == editions.committed_edition(source, LANG)
    assert edition.is_file(), f"{edition.relative_to(ROOT)} is missing: {REFRESH}"
    where = edition.relative_to(ROOT)
    # cells and metadata are what the catalog and the English source give now
    assert editions.edition_differences(source, LANG, strict=False) == [], REFRESH
    ours = json.loads(edition.read_text(encoding="utf-8"))
    assert ours["cells"][0]["metadata"].get("tags") == ["language"]
    code = [c for c in ours["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{where} is not executed: {REFRESH}"
    problems = [
        f"cell {cell.get('id')}: {''.join(output.get('text', '')).strip()[:300]}"
        for cell in code
        for output in cell["outputs"]
        if output.get("name") == "stderr" or output["output_type"] == "error"
    ]
    assert not problems, f"{where} warns or fails (a missing glyph?):\n" + "\n".join(problems)
    # what editions and slides in Chinese then use instead of running the translation again
    assert editions.current_edition(source, LANG, strict=False) == edition


def test_committed_editions_run_on_baseline_kernels_in_the_main_pass():
    """nbval collects notebooks/zh and casestudies/zh (conftest.py lowers their kernels)."""
    import tomllib

    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert {"notebooks", "casestudies"} <= set(pytest_options["testpaths"])
    assert not [o for o in pytest_options["addopts"] if o.startswith("--ignore")]
    assert all(is_edition(edition) for edition in EDITIONS.values())
    assert not any(is_edition(source) for source in NOTEBOOKS)
