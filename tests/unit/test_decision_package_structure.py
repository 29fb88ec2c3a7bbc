"""The decision package's structure: names that read as what they are, one home per rule, no dead code.

These hold maintainability fixes in place; the package's behaviour is held by the decision tests.
"""

from __future__ import annotations

import ast
import re
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


REPO = PACKAGE.parents[1]
CODE_DIRS = ("app_pages", "benchmarks", "crlm_app", "crlm_content", "devtools", "tests")


def _repo_trees() -> list[ast.Module]:
    paths = [REPO / "app.py", *(p for d in CODE_DIRS for p in sorted((REPO / d).rglob("*.py")))]
    return [ast.parse(p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _used_names(trees: list[ast.Module]) -> set[str]:
    """Every name code uses (read, called, imported or listed in ``__all__``), not counting definitions."""
    used: set[str] = set()
    for tree in trees:
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.alias):
                used.add(node.name.rsplit(".", 1)[-1])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                used.add(node.value)
    return used


def test_every_function_and_class_of_the_decision_package_has_a_caller() -> None:
    """Dead code in the engine reads as a live rule: every top-level function and class is used somewhere
    (``expert_group_total_applies`` outlived its callers, its rule inline in ``_resectable_course_after``)."""
    used = _used_names(_repo_trees())
    uncalled = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path in _modules()
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name not in used
    ]
    assert uncalled == []


def test_names_the_decision_docstrings_point_to_exist() -> None:
    """A docstring's ``name`` that looks like code (snake_case) is a name some code defines or uses."""
    trees = _repo_trees()
    known = (
        _used_names(trees)
        | {
            node.name
            for tree in trees
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        }
        | {node.arg for tree in trees for node in ast.walk(tree) if isinstance(node, ast.arg)}
    )
    known |= {
        target.id
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    missing = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                for name in re.findall(r"``([a-z_][a-z0-9_]*_[a-z0-9_]+)``", ast.get_docstring(node) or ""):
                    if name not in known:
                        missing.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert missing == []


def _string_tuples(path: Path) -> list[tuple[str, ...]]:
    return [
        tuple(str(e.value) for e in node.elts if isinstance(e, ast.Constant))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Tuple)
        and len(node.elts) >= 3
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    ]


def test_the_lens_writes_each_tuple_of_inputs_once() -> None:
    """The readings that read the same inputs share one constant, so a branch cannot drift from its twin."""
    tuples = _string_tuples(PACKAGE / "lens.py")
    assert sorted({t for t in tuples if tuples.count(t) > 1}) == []


def test_the_guideline_loader_has_no_shortcut_past_the_catalog_but_the_fallback() -> None:
    """Issue 19's two catalogs: readers pass the catalog they hold (``load_content(catalog)``); the only
    catalog-less shortcut left is ``content()``, the default that ``rows`` and ``analysis`` fall back on."""
    import inspect

    from crlm_content.guidelines import loader

    shortcuts = sorted(
        name
        for name, value in vars(loader).items()
        if inspect.isfunction(value)
        and value.__module__ == loader.__name__
        and not name.startswith("_")
        and not inspect.signature(value).parameters
    )
    assert shortcuts == ["content"]


def test_the_engine_and_the_map_are_separate_modules_and_old_imports_still_work() -> None:
    """``engine`` holds ``recommend`` and the plan's actions; ``pathway`` draws the map and re-exports the
    engine's names, so ``from crlm_content.decision.pathway import recommend`` keeps working."""
    from crlm_content.decision import engine, pathway

    assert decision.recommend is engine.recommend is pathway.recommend
    assert engine.recommend.__module__ == engine.__name__
    for name in ("SYSTEMIC_CHEMOTHERAPY", "WIDER_RESECTION", "RESCHEDULE", "RESCHEDULE_IDS"):
        assert getattr(pathway, name) is getattr(engine, name)
    defined_in_pathway = {
        node.name
        for node in ast.parse(Path(pathway.__file__).read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    assert defined_in_pathway == {
        "_dot_text",
        "_wrap",
        "pathway_dot",
        "pathway_outline",
        "pathway_text",
        "pathway_figures",
    }
    assert "pathway" not in {
        alias.name
        for node in ast.walk(ast.parse(Path(engine.__file__).read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }  # the engine does not draw
