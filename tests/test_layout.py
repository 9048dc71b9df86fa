"""The package's shape: no import cycle between its modules, and the stages depend forwards.

Every import counts, also one inside a function (made late for speed) or under
TYPE_CHECKING: a late import still ties the two modules together. The graph is read from
the source with `ast`, so the test needs no tool beyond the standard library.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import publish

PACKAGE = Path(publish.__file__).parent

STAGES = ("readers", "enrich", "render", "writers", "output")
"""The stage packages, in the order an article goes through them."""

MAX_LINES = 400
"""The longest a module may be: past that it usually holds two ideas."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """Yield the project's modules that the module NAME at PATH imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base in known:
                yield base
            for alias in node.names:  # `from publish.writers import pdf` imports a module
                if f"{base}.{alias.name}" in known:
                    yield f"{base}.{alias.name}"


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: {other for other in _imports(name, path, known) if other != name}
        for name, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of GRAPH with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def _group(module: str) -> str:
    """Return the package (or top-level module) MODULE belongs to: `publish.writers`..."""
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_round_a_cycle() -> None:
    graph = _graph()
    assert {"publish.batch.run", "publish.book_build"} <= graph["publish.pipeline"]
    assert "publish.writers.pdf.weasy" in graph["publish.writers.pdf"]  # a late import counts
    assert list(_cycles(graph)) == []


def test_no_cycle_between_packages() -> None:
    graph = _graph()
    between: dict[str, set[str]] = {}
    for module, imported in graph.items():
        for other in imported:
            if _group(other) != _group(module):
                between.setdefault(_group(module), set()).add(_group(other))
    for group in {_group(m) for m in graph}:
        between.setdefault(group, set())
    assert list(_cycles(between)) == []


def test_no_module_is_longer_than_the_limit() -> None:
    """The stage order itself is tests/test_stage_imports.py's."""
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
    assert max(lengths.values()) > MAX_LINES // 2  # the count reads real modules
