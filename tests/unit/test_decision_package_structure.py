"""The decision package's structure: names that read as what they are, one home per rule, no dead code.

These hold maintainability fixes in place; the package's behaviour is held by the decision tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import crlm_content.decision as decision

PACKAGE = Path(decision.__file__).parent


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_in_the_pure_package_imports_as_st() -> None:
    """``st`` reads as Streamlit's alias; the pure package has no Streamlit, so no import takes that name."""
    aliased = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if alias.asname == "st"
    ]
    assert aliased == []
