"""The stages depend forwards only: model <- readers <- enrich <- render <- writers <- output.

A module of one stage may import the stages before it, never one after it (a reader that
needs an enricher's helper, or the PDF options reading the front matter again, is the
backwards dependency this guards against). Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import publish

STAGES = ("model", "readers", "enrich", "render", "writers", "output")
PACKAGE = Path(publish.__file__).resolve().parent


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    later = {f"publish.{name}" for name in STAGES[STAGES.index(stage) + 1 :]}
    modules = sorted((PACKAGE / stage).rglob("*.py"))
    assert modules
    backwards = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}"
        for path in modules
        for line, module in _imports(path)
        if any(module == name or module.startswith(name + ".") for name in later)
    ]
    assert backwards == []


def test_the_check_sees_a_backwards_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from publish.enrich.figures import x\n", encoding="utf-8")
    assert _imports(module) == [(2, "publish.enrich.figures")]
