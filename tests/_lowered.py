"""Baseline CPU kernels for the committed Chinese editions (see tests/test_cpu_portability.py).

numpy picks SIMD kernels for ``exp``, ``log`` … by CPU and OpenBLAS its matrix kernels; these
environment variables hold a process to the oldest ones: ``NPY_DISABLE_CPU_FEATURES`` (numpy's
dispatched targets; names this numpy or CPU lacks are ignored) and ``OPENBLAS_CORETYPE`` (an
SSE3-era core). The repository's ``conftest.py`` starts the kernel of every committed Chinese
edition with them.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: numpy's dispatch targets, old names (numpy 1.x) and new (numpy >= 2.4) alike.
NUMPY_TARGETS = (
    "X86_V3 X86_V4 AVX512_ICL AVX512_SPR AVX512_SKX AVX512_CLX AVX512_CNL AVX512_KNL "
    "AVX512_KNM AVX512F AVX512CD AVX2 FMA3 F16C AVX"
)
LOWERED = {"NPY_DISABLE_CPU_FEATURES": NUMPY_TARGETS, "OPENBLAS_CORETYPE": "Prescott"}

#: The language of the committed editions and the folders that hold them.
LANG = "zh"
EDITION_FOLDERS = (ROOT / "notebooks" / LANG, ROOT / "casestudies" / LANG)

#: What to do when a committed edition is not current.
REFRESH = f"run `python3 bootstrap.py refresh --lang {LANG}` (after `refresh` of the English)"


def is_edition(path: Path) -> bool:
    """Whether *path* is a committed Chinese edition (``notebooks/zh/*.ipynb`` ...)."""
    return path.suffix == ".ipynb" and path.resolve().parent in EDITION_FOLDERS
