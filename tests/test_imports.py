"""The package's imports make no cycle: the model imports neither the loader nor the writer.

The graph is read from the source with :mod:`ast`, so a test cannot miss an
import that the tests happen not to run: every ``import sessionfeed…`` and
``from sessionfeed… import …`` (relative ones too), at module level and inside
functions, is an edge. Imports under ``if TYPE_CHECKING:`` are left out: they
never run. So are the dynamic imports of ``importlib`` (the lazy names of
``sessionfeed/__init__.py``, the exporters the registry loads by name), which
no module makes at import time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest


PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sessionfeed"

#: Groups of modules known to import each other, outside the model and its loader,
#: each as the set of its modules: to be broken where they are, then removed here (the
#: test fails while an entry no longer matches such a group). None is known today.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()

#: What the model may import, however indirectly: no file format, no output format.
MODEL = "sessionfeed.model.programme"
FORMATS = ("sessionfeed.io.toml", "sessionfeed.io.dump", "sessionfeed.io.lines", "sessionfeed.exporters")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run, in functions and classes too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:  # an ``else:`` of TYPE_CHECKING does run
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules an import statement loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        package = module if is_package else module.rpartition(".")[0]
        parts = package.split(".")
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, *([node.module] if node.module else [])])
    if base not in known:
        return set()
    # ``from sessionfeed import _layout`` loads the submodule; ``from sessionfeed import __version__`` the package.
    return {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}


def import_graph() -> dict[str, set[str]]:
    """Each module of the package to the modules of the package it imports."""
    paths = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    known = set(paths)
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _imports(tree):
            targets |= _targets(node, module, is_package, known)
        graph[module] = targets - {module}
    return graph


def groups(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, however indirectly (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:  # a programme's packages are shallow: recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of modules that import each other, as ``[a, b, …, a]``."""
    return [_path_round(graph, group) for group in groups(graph)]


def _path_round(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A cycle within ``group``, from its first module back to it, by the shortest way."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    return sorted(group)  # unreachable: a strongly connected group has a cycle


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


# --------------------------------------------------------------------------- the graph is read right


def test_the_graph_sees_imports_in_functions_and_skips_type_checking(tmp_path: Path) -> None:
    """A function's import is an edge; one under TYPE_CHECKING is not; a relative one resolves."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from sessionfeed import _text, __version__\n"
        "if TYPE_CHECKING:\n"
        "    from sessionfeed._load import load\n"
        "def f():\n"
        "    from sessionfeed._dump import to_dict\n"
        "    import sessionfeed._checks\n"
        "    from . import _ids\n"
        "    from .exporters import _base\n"
    )
    known = {
        "sessionfeed", "sessionfeed._text", "sessionfeed._load", "sessionfeed._dump", "sessionfeed._checks",
        "sessionfeed._ids", "sessionfeed.exporters", "sessionfeed.exporters._base", "sessionfeed._x",
    }  # fmt: skip
    found: set[str] = set()
    for node in _imports(ast.parse(source)):
        found |= _targets(node, "sessionfeed._x", False, known)
    assert found == {
        "sessionfeed", "sessionfeed._text", "sessionfeed._dump", "sessionfeed._checks", "sessionfeed._ids",
        "sessionfeed.exporters._base",
    }  # fmt: skip


def test_a_cycle_is_found_and_named() -> None:
    """The check can fail: a cycle of three is reported as the way round it."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_has_the_package() -> None:
    graph = import_graph()
    assert {MODEL, "sessionfeed.io.toml", "sessionfeed.io.dump", "sessionfeed.exporters.ical.exporter"} <= set(graph)
    assert MODEL in graph["sessionfeed.io.toml"]  # the loader builds the model
    assert MODEL in graph["sessionfeed.io.dump"]


# --------------------------------------------------------------------------- the package


def test_the_package_imports_make_no_cycle() -> None:
    """No module imports, however indirectly and however late, one that imports it back."""
    graph = import_graph()
    unknown = [
        f"{' -> '.join(_path_round(graph, group))} (the modules that import each other: {', '.join(sorted(group))})"
        for group in groups(graph)
        if frozenset(group) not in KNOWN_CYCLES
    ]
    assert not unknown, "import cycles: " + "; ".join(unknown)


def test_the_known_cycles_still_exist() -> None:
    """An entry of KNOWN_CYCLES that no longer matches a group of modules importing each other is to be removed."""
    found = {frozenset(group) for group in groups(import_graph())}
    assert not [sorted(cycle) for cycle in KNOWN_CYCLES if cycle not in found]


@pytest.mark.parametrize("module", FORMATS)
def test_the_model_knows_no_format(module: str) -> None:
    """The model reaches neither the loader, the writer, the TOML lines nor an exporter."""
    reached = _reach(import_graph(), MODEL)
    assert not [m for m in reached if m == module or m.startswith(f"{module}.")], sorted(reached)
