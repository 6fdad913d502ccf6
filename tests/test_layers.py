"""The layering rule of CONTRIBUTING.md, checked on the source and on what an import loads.

Floors, bottom up: data (``crmlib.datasets``), formulas (the other modules of ``crmlib``),
plotting (``crmlib.plotting``), course tooling (``crmlib.course``). A module imports only from
its own floor or the floors below; the private helpers (``crmlib._*``, such as ``_validation``)
serve every floor. The library's dependencies follow the floors: the formulas, plotting and
datasets need the base dependencies only, never a package of the ``course`` extra.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmlib"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _floor(module: str) -> str:
    if module == "crmlib.course" or module.startswith("crmlib.course."):
        return "course"
    if module == "crmlib.plotting" or module.startswith("crmlib.plotting."):
        return "plotting"
    if module == "crmlib.datasets" or module.startswith("crmlib.datasets."):
        return "data"
    if module != "crmlib" and module.split(".")[1].startswith("_"):
        return "helper"  # crmlib._validation, crmlib._process, ...: below every floor
    return "formulas"  # crmlib itself imports formula modules


#: Which floors each floor may import ("helper" modules may be imported by all).
ALLOWED = {
    "helper": {"helper"},
    "data": {"helper", "data"},
    "formulas": {"helper", "data", "formulas"},
    "plotting": {"helper", "data", "formulas", "plotting"},
    "course": {"helper", "data", "formulas", "plotting", "course"},
}

SOURCES = sorted(
    p for p in PACKAGE.rglob("*.py") if "_vendor" not in p.parts and "__pycache__" not in p.parts
)
LIBRARY = [p for p in SOURCES if _floor(_module(p)) != "course"]


def _imports(path: Path) -> set[str]:
    """Every module *path* imports (absolute names; ``from crmlib import x`` gives crmlib.x)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _is_module(name: str) -> bool:
    path = ROOT / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or path.is_dir()


def _crmlib_imports(path: Path) -> set[str]:
    """The crmlib modules *path* imports (``from crmlib.x import f`` also records crmlib.x.f,
    which is not a module and is dropped)."""
    return {m for m in _imports(path) if m.startswith("crmlib.") and _is_module(m)}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_imports_only_its_floor_and_the_floors_below(path):
    floor = _floor(_module(path))
    wrong = sorted(m for m in _crmlib_imports(path) if _floor(m) not in ALLOWED[floor])
    assert not wrong, f"{_module(path)} ({floor}) imports {wrong} from a floor above"


def test_the_floors_are_where_contributing_says():
    floors = {_module(p): _floor(_module(p)) for p in SOURCES}
    assert floors["crmlib.course.reports"] == "course"
    assert floors["crmlib.plotting._common"] == "plotting"
    assert floors["crmlib.datasets"] == floors["crmlib.datasets._svw"] == "data"
    assert floors["crmlib.clv._bgnbd"] == floors["crmlib.crmdb"] == "formulas"
    assert floors["crmlib._validation"] == floors["crmlib._process"] == "helper"
    # the check sees imports inside functions too (crmlib.course.cli imports batch lazily)
    assert "crmlib.course.batch" in _crmlib_imports(PACKAGE / "course" / "cli.py")


def _base_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {r.split(">")[0].split("=")[0].split("[")[0].strip() for r in project["dependencies"]}
    return {n.replace("-", "_").lower() for n in names}


def test_the_library_needs_only_the_base_dependencies():
    """Third-party imports of the formulas, plotting and datasets are base dependencies."""
    base = _base_dependencies()
    for path in LIBRARY:
        third_party = {
            m.split(".")[0]
            for m in _imports(path)
            if m and m.split(".")[0] not in sys.stdlib_module_names and not m.startswith("crmlib")
        }
        assert third_party <= base, f"{_module(path)} imports {sorted(third_party - base)}"


def test_importing_the_library_loads_no_course_package():
    """``import crmlib``, every formula module, plotting and datasets, in a fresh interpreter,
    leave every package of the ``course`` extra (and what only they bring) unloaded."""
    modules = sorted({_module(p) for p in LIBRARY} - {"crmlib.datasets._make_data"})
    course_only = [
        "jupyterlab",
        "ipywidgets",
        "ipykernel",
        "IPython",
        "nbval",
        "papermill",
        "nbconvert",
        "nbformat",
        "jupyter_client",
        "yaml",
        "jupyter_server_mathjax",
        "jupyterlab_rise",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in {course_only!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]", f"the library loaded {out.stdout.strip()}"
    assert len(modules) > 20  # the formula modules, plotting and datasets were all imported


# --------------------------------------------------------------------- one import path per idea ---


def _public_modules() -> list[str]:
    """Every module of crmlib whose dotted name has no private part (``_vendor`` aside)."""
    names = [_module(p) for p in PACKAGE.rglob("*.py") if "_vendor" not in p.parts]
    return sorted(n for n in names if not any(part.startswith("_") for part in n.split(".")))


def test_every_function_and_class_has_one_public_import_path():
    """A public module says what it offers in ``__all__``, and no two offer the same object.

    A package that gathers its private modules (``crmlib.clv`` from ``crmlib.clv._bgnbd``, ...)
    is the one path to their functions; a module that imports another's function for its own
    use does not offer it again.
    """
    import importlib
    import inspect

    paths: dict[int, list[str]] = {}
    without_all = []
    for name in _public_modules():
        module = importlib.import_module(name)
        if not hasattr(module, "__all__"):
            without_all.append(name)
            continue
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                paths.setdefault(id(obj), []).append(f"{name}.{attr}")
    assert without_all == [], "public modules without __all__"
    twice = [where for where in paths.values() if len(where) > 1]
    assert twice == [], "reachable by two public paths"
    assert len(paths) > 300  # the walk found the library, not an empty list
