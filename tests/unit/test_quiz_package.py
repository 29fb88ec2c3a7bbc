"""The quiz package's layout: the model, the grading, the loader and the generated practice each in its own
module, ``crlm_content.quiz`` only re-exporting them, so every name stays importable from the package."""

from __future__ import annotations

import ast
import inspect

import pytest

from crlm_content import quiz
from crlm_content.quiz import generated, grading, loader, model, order

MODULES = (model, grading, loader, generated)  # the split of the one-module quiz; ``order`` was apart already


def _defined(module: object) -> set[str]:
    """Top-level names a module defines itself (functions, classes, assignments), not those it imports."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_package_init_defines_nothing_of_its_own() -> None:
    assert _defined(quiz) == {"__all__"}


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_name_a_module_defines_is_the_same_object_in_the_package(module: object) -> None:
    names = _defined(module)
    assert names, module
    for name in names:
        assert getattr(quiz, name) is getattr(module, name), name


def test_every_public_name_is_listed_in_all() -> None:
    public = {name for module in MODULES for name in _defined(module) if not name.startswith("_")}
    assert set(quiz.__all__) == public | {"option_order"}
    assert all(hasattr(quiz, name) for name in quiz.__all__)


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("Question", model),
        ("Grade", model),
        ("TOPIC_TITLES", model),
        ("grade", grading),
        ("calculator_result", grading),
        ("unsupported_numbers", grading),
        ("load_quiz", loader),
        ("page_paths", loader),
        ("generate", generated),
        ("GENERATOR_RANGES", generated),
        ("option_order", order),
    ],
)
def test_each_part_lives_in_its_module(name: str, home: object) -> None:
    assert name in _defined(home)
