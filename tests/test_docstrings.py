"""Every public function of crmlib has a numpydoc docstring a reader can rely on.

"Public" means a function or method whose name has no leading underscore, defined at the top
level of a crmlib module or in a public class there (properties, ``typing.overload``
signatures and dunder methods aside); the vendored-asset updater in ``crmlib/_vendor`` is not
part of the library. Its docstring, read by numpydoc's own parser, must have a one-line
summary; a Parameters section naming every parameter (``self`` and ``cls`` aside) when it
takes any; a Returns section (Yields for a generator) unless it is annotated ``-> None``; and
an Examples section. The source is parsed, not imported, so the check is fast and names each
offender as ``file:line``.

The formula modules (``crmlib/*.py`` but the private helpers ``crmlib/_*.py`` and the language
switch ``crmlib/i18n.py``, and all of ``crmlib/clv``, its private modules included) must also say
where each formula comes from: every public function, method and class there has a References
section (published work, or the course source it is taught from), placed where numpydoc wants
it, before Examples.
"""

from __future__ import annotations

import ast
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from numpydoc.docscrape import NumpyDocString

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmlib"
SKIPPED = ("_vendor",)  # tooling that refreshes the bundled JavaScript, not library code
#: Top-level modules of crmlib that hold no formulas. The private helpers ``_*.py`` are left out
#: by their name; datasets, plotting and the course tooling are packages that ``crmlib/*.py``
#: never reaches.
NOT_FORMULAS = ("i18n.py",)

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _decorators(node: Function) -> set[str]:
    return {
        d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in node.decorator_list
    }


def _is_property(node: Function) -> bool:
    return bool(_decorators(node) & {"property", "cached_property", "setter"})


def _is_overload(node: Function) -> bool:
    """A ``typing.overload`` signature: the implementation after it carries the docstring."""
    return "overload" in _decorators(node)


def public_functions(tree: ast.Module) -> Iterator[tuple[str, Function]]:
    """The public functions and methods of a parsed module, as (qualified name, node)."""
    for node in tree.body:
        if isinstance(node, Function) and not node.name.startswith("_"):
            if not _is_overload(node):
                yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if (
                    isinstance(item, Function)
                    and not item.name.startswith("_")
                    and not _is_property(item)
                    and not _is_overload(item)
                ):
                    yield f"{node.name}.{item.name}", item


def _parameters(node: Function) -> list[str]:
    args = node.args
    names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]
    if args.vararg:
        names.append(args.vararg.arg)
    if args.kwarg:
        names.append(args.kwarg.arg)
    return [n for n in names if n not in {"self", "cls"}]


def _returns_none(node: Function) -> bool:
    return isinstance(node.returns, ast.Constant) and node.returns.value is None


def _is_generator(node: Function) -> bool:
    inner = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    todo: list[ast.AST] = list(node.body)
    while todo:
        child = todo.pop()
        if isinstance(child, ast.Yield | ast.YieldFrom):
            return True
        if not isinstance(child, inner):
            todo.extend(ast.iter_child_nodes(child))
    return False


def problems(node: Function) -> list[str]:
    """What the docstring of one function lacks (empty when it is complete)."""
    text = ast.get_docstring(node)
    if not text:
        return ["no docstring"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            doc = NumpyDocString(text)
        except Exception as err:  # numpydoc raises ValueError and others on malformed sections
            return [f"numpydoc cannot parse it ({err})"]
    found = [f"numpydoc: {w.message}" for w in caught]
    if not doc["Summary"] or len(doc["Summary"]) > 1:
        found.append("no one-line summary")
    wanted = _parameters(node)
    if wanted:
        documented = {
            name.strip().lstrip("*") for p in doc["Parameters"] for name in p.name.split(",")
        }
        missing = [n for n in wanted if n not in documented]
        if not doc["Parameters"]:
            found.append("no Parameters section")
        elif missing:
            found.append(f"Parameters lacks {', '.join(missing)}")
    if not _returns_none(node):
        section = "Yields" if _is_generator(node) else "Returns"
        if not doc[section]:
            found.append(f"no {section} section")
    if not doc["Examples"]:
        found.append("no Examples section")
    return found


def offenders(paths: list[Path]) -> list[tuple[str, int, str, list[str]]]:
    """Every public function of *paths* whose docstring is incomplete: (file, line, name, what)."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(ROOT).as_posix()
        for name, node in public_functions(tree):
            lacking = problems(node)
            if lacking:
                found.append((relative, node.lineno, name, lacking))
    return found


def _modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if not any(part in SKIPPED for part in p.relative_to(PACKAGE).parts)
    )


def public_classes(tree: ast.Module) -> Iterator[tuple[str, ast.ClassDef]]:
    """The public classes of a parsed module, as (name, node)."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield node.name, node


def _section_start(text: str, title: str) -> int:
    """Where a numpydoc section header (title, then a dashed underline) starts in *text*, or -1."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == title and set(lines[i + 1].strip()) == {"-"}:
            return i
    return -1


def reference_problems(node: Function | ast.ClassDef) -> list[str]:
    """What the References section of one function or class lacks (empty when it is fine)."""
    text = ast.get_docstring(node)
    if not text:
        return ["no docstring"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # malformed sections are the other check's business
        try:
            doc = NumpyDocString(text)
        except Exception as err:
            return [f"numpydoc cannot parse it ({err})"]
    if not "".join(doc["References"]).strip():
        return ["no References section"]
    examples = _section_start(text, "Examples")
    if 0 <= examples < _section_start(text, "References"):
        return ["References after Examples (numpydoc puts it before)"]
    return []


def reference_offenders(paths: list[Path]) -> list[tuple[str, int, str, list[str]]]:
    """Every public function, method and class of *paths* without a proper References section."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(ROOT).as_posix()
        nodes: list[tuple[str, Function | ast.ClassDef]] = [
            *public_classes(tree),
            *public_functions(tree),
        ]
        for name, node in nodes:
            lacking = reference_problems(node)
            if lacking:
                found.append((relative, node.lineno, name, lacking))
    return sorted(found)


def _formula_modules() -> list[Path]:
    top = [
        p for p in PACKAGE.glob("*.py") if not p.name.startswith("_") and p.name not in NOT_FORMULAS
    ]
    return sorted([*top, *(PACKAGE / "clv").glob("*.py")])


def _report(found: list[tuple[str, int, str, list[str]]]) -> str:
    lines = [f"{file}:{line}: {name}: {'; '.join(what)}" for file, line, name, what in found]
    counts = Counter(file for file, *_ in found)
    lines.append(f"{len(found)} functions in {len(counts)} modules:")
    lines += [f"  {file}: {count}" for file, count in sorted(counts.items())]
    return "\n".join(lines)


def test_the_check_finds_each_kind_of_gap(tmp_path: Path):
    source = '''
def nothing(a):
    pass

def fine(a: int, *, b: int = 0) -> int:
    """Add.

    Parameters
    ----------
    a, b : int
        The numbers.

    Returns
    -------
    int
        Their sum.

    Examples
    --------
    >>> fine(1, b=2)
    3
    """

def gaps(a: int, b: int) -> int:
    """Add, with a summary
    that runs over two lines.

    Parameters
    ----------
    a : int
        One number.
    """

def walk(n: int) -> None:
    """Count.

    Parameters
    ----------
    n : int
        How far.

    Examples
    --------
    >>> walk(0)
    """

def steps(n: int):
    """Count.

    Parameters
    ----------
    n : int
        How far.

    Returns
    -------
    int

    Examples
    --------
    >>> list(steps(1))
    [0]
    """
    yield from range(n)

@overload
def twice(x: int) -> int: ...
@overload
def twice(x: str) -> str: ...
def twice(x):
    """Double.

    Parameters
    ----------
    x : int or str
        What to double.

    Returns
    -------
    int or str

    Examples
    --------
    >>> twice(2)
    4
    """
    return x * 2

class Thing:
    def method(self) -> int:
        """One.

        Examples
        --------
        >>> Thing().method()
        1
        """
        return 1

    @property
    def size(self) -> int:
        """A property needs no sections."""
        return 1

    def _hidden(self):
        pass
'''
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    tree = ast.parse(source)
    assert [name for name, _ in public_functions(tree)] == [
        "nothing",
        "fine",
        "gaps",
        "walk",
        "steps",
        "twice",
        "Thing.method",
    ]
    found = {name: what for name, what in ((n, problems(f)) for n, f in public_functions(tree))}
    assert found["nothing"] == ["no docstring"]
    assert found["fine"] == []
    assert found["gaps"] == [
        "no one-line summary",
        "Parameters lacks b",
        "no Returns section",
        "no Examples section",
    ]
    assert found["walk"] == []
    assert found["steps"] == ["no Yields section"]
    assert found["twice"] == []
    assert found["Thing.method"] == ["no Returns section"]


def test_every_public_function_has_a_numpydoc_docstring():
    found = list(offenders(_modules()))
    assert not found, "incomplete docstrings:\n" + _report(found)


def test_the_reference_check_finds_each_kind_of_gap():
    source = '''
class Params:
    """Model parameters."""

class Documented:
    """Model parameters.

    References
    ----------
    Someone (2000). A paper.
    """

def cited(a: int) -> int:
    """Double.

    Parameters
    ----------
    a : int
        A number.

    Returns
    -------
    int

    References
    ----------
    Someone (2000). A paper.

    Examples
    --------
    >>> cited(1)
    2
    """

def uncited(a: int) -> int:
    """Double.

    Examples
    --------
    >>> uncited(1)
    2
    """

def empty(a: int) -> int:
    """Double.

    References
    ----------

    Examples
    --------
    >>> empty(1)
    2
    """

def late(a: int) -> int:
    """Double.

    Examples
    --------
    >>> late(1)
    2

    References
    ----------
    Someone (2000). A paper.
    """

def bare(a):
    pass

class Model:
    def predict(self) -> int:
        """One.

        Examples
        --------
        >>> Model().predict()
        1
        """
        return 1
'''
    tree = ast.parse(source)
    assert [name for name, _ in public_classes(tree)] == ["Params", "Documented", "Model"]
    found = {
        name: reference_problems(node)
        for name, node in [*public_classes(tree), *public_functions(tree)]
    }
    assert found == {
        "Params": ["no References section"],
        "Documented": [],
        "Model": ["no docstring"],
        "cited": [],
        "uncited": ["no References section"],
        "empty": ["no References section"],
        "late": ["References after Examples (numpydoc puts it before)"],
        "bare": ["no docstring"],
        "Model.predict": ["no References section"],
    }


def test_the_formula_modules_are_the_ones_named():
    names = {p.relative_to(PACKAGE).as_posix() for p in _formula_modules()}
    assert {"ahp.py", "segmentation.py", "clv/_bgnbd.py", "clv/_fit.py"} <= names
    assert not {"i18n.py", "_validation.py", "__init__.py"} & names
    assert not any(n.startswith(("datasets/", "plotting/", "course/")) for n in names)


def test_every_formula_cites_its_source():
    found = reference_offenders(_formula_modules())
    assert not found, "References sections missing:\n" + _report(found)


if __name__ == "__main__":  # `python tests/test_docstrings.py`: every offender
    print(_report(offenders(_modules())))
    print(_report(reference_offenders(_formula_modules())))
