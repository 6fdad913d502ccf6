"""Stored notebook outputs must not depend on the CPU they are computed on.

numpy picks SIMD kernels for ``exp``, ``log``, ``power`` … by CPU (AVX-512, AVX2, or the x86-64
baseline), and OpenBLAS picks its matrix kernels the same way; their results differ in the last
bits. A notebook that shows a digit those bits can reach passes on the machine that stored it
and fails on a student's laptop. So every notebook and case study is executed a second time,
under strict nbval like the main pass, in a kernel whose numpy and OpenBLAS are held to the
oldest kernels they have: what the first pass ran on this CPU's best kernels, this pass runs on
others, and any output that differs fails here, on every machine, whatever its CPU.

The lowered settings are environment variables the kernel inherits:
``NPY_DISABLE_CPU_FEATURES`` (numpy's dispatched targets; names this numpy or CPU lacks are
ignored) and ``OPENBLAS_CORETYPE`` (an SSE3-era core). ``test_lowered_settings_take_effect``
checks that they really change what runs, so this pass cannot pass vacuously.

The pass runs on the **Chinese editions**: each test makes its notebook's Chinese edition
(markdown from ``translations/zh/``, the same code run with ``crmlib.set_language("zh")``),
executes it natively, checks it has no error and no warning (a "Glyph ... missing from font"
among them), and then runs it under strict nbval on the lowered kernels. So one pass checks
both that the Chinese editions of every chapter and case execute and reproduce their outputs,
and that no output depends on the CPU: the code cells are shared with the English sources,
which the main nbval pass checks on this CPU. Completeness of the translations is checked
apart (``tests/test_translations.py``): here a cell with no translation keeps its English.

Each notebook gets its own test class, so pytest-xdist (``--dist=loadscope``) spreads the
notebooks over the workers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "casestudies").glob("*.ipynb")
)

#: numpy's dispatch targets, old names (numpy 1.x) and new (numpy >= 2.4) alike.
NUMPY_TARGETS = (
    "X86_V3 X86_V4 AVX512_ICL AVX512_SPR AVX512_SKX AVX512_CLX AVX512_CNL AVX512_KNL "
    "AVX512_KNM AVX512F AVX512CD AVX2 FMA3 F16C AVX"
)
LOWERED = {"NPY_DISABLE_CPU_FEATURES": NUMPY_TARGETS, "OPENBLAS_CORETYPE": "Prescott"}

#: One notebook's nbval run may take this long before it counts as hung.
TIMEOUT_S = 300

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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_output_shows_a_float_at_full_precision(notebook: Path):
    """A bare float repr (1211.7310665565562) shows digits only float noise decides."""
    import nbformat

    shown = []
    for number, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            shown += [f"cell {number}: {m}" for m in _FULL_REPR.findall(text)]
    assert not shown, f"round these to the precision the model determines: {shown}"


def _nbval_lowered(notebook: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "0",
            "-q",
            "-p",
            "no:randomly",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            str(notebook),
        ],
        cwd=ROOT,
        env=_lowered_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    if done.returncode != 0:
        pytest.fail(
            f"the Chinese edition of {notebook.name} gives other outputs on the x86-64 baseline "
            "kernels than on this CPU's: a shown number depends on the CPU (round it to what the "
            "model determines), or the edition is not reproducible.\n"
            + done.stdout[-6000:]
            + done.stderr[-2000:],
            pytrace=False,
        )


def _chinese_edition(notebook: Path, folder: Path) -> Path:
    """The notebook's Chinese edition in *folder*, executed natively; no error, no warning."""
    import nbformat

    from crmlib.course import editions

    edition = editions.translated_edition(notebook, "zh", folder / notebook.name, strict=False)
    nb = nbformat.read(edition, as_version=4)
    assert nb.cells[0].metadata.get("tags") == ["language"]
    warnings = [
        f"cell {number}: {output.get('text', '').strip()[:300]}"
        for number, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]
    assert not warnings, "the Chinese edition warns (a missing glyph?):\n" + "\n".join(warnings)
    return edition


def _make_class(notebook: Path) -> type:
    def test_same_outputs_on_baseline_kernels(self, tmp_path: Path) -> None:
        _nbval_lowered(_chinese_edition(notebook, tmp_path))

    return type(
        f"TestLowered_{notebook.stem.replace('-', '_')}",
        (),
        {"test_same_outputs_on_baseline_kernels": test_same_outputs_on_baseline_kernels},
    )


for _nb in NOTEBOOKS:
    _cls = _make_class(_nb)
    globals()[_cls.__name__] = _cls
