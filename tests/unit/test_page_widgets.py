"""Widget settings every page keeps, read from the page scripts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parents[2] / "app_pages").glob("*.py"))


def multiselects_without(tree: ast.Module, argument: str, value: object) -> list[int]:
    """Lines of multiselects not given ``argument=value`` (a constant)."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "multiselect"
        and not any(
            kw.arg == argument and isinstance(kw.value, ast.Constant) and kw.value.value is value
            for kw in node.keywords
        )
    ]


def unwrapped_multiselects(tree: ast.Module) -> list[int]:
    """Lines of multiselects without ``wrap=True``."""
    return multiselects_without(tree, "wrap", True)


def test_the_check_finds_what_it_looks_for() -> None:
    source = (
        "c1.multiselect('a', [1])\nst.multiselect('b', [1], wrap=True)\nst.multiselect('c', [1], wrap=None)\n"
    )
    assert unwrapped_multiselects(ast.parse(source)) == [1, 3]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_multiselect_wraps_its_chips(page: Path) -> None:
    """Placed in a column, Streamlit 1.67 keeps a multiselect's chips on one row that scrolls sideways: on a
    phone the imaging page showed about half of the chosen studies, the rest hidden behind a fade."""
    assert unwrapped_multiselects(ast.parse(page.read_text(encoding="utf-8"))) == []


def direct_page_links(tree: ast.Module) -> list[int]:
    """Lines calling ``<something>.page_link(...)`` other than ``state.page_link``."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "page_link"
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "state")
    ]


def test_the_page_link_check_finds_what_it_looks_for() -> None:
    source = "st.page_link('a')\nstate.page_link('b', label='b')\nbox.page_link('c')\n"
    assert direct_page_links(ast.parse(source)) == [1, 3]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_link_keeps_presenter_mode(page: Path) -> None:
    """``st.page_link`` drops ``present=1``: a link followed on the projector opened the next page with the
    menu back and no way out of presenter mode. ``state.page_link`` carries it."""
    assert direct_page_links(ast.parse(page.read_text(encoding="utf-8"))) == []


def answer_multiselects_with_select_all(tree: ast.Module) -> list[int]:
    """Lines of multiselects without ``select_all=False``."""
    return multiselects_without(tree, "select_all", False)


@pytest.mark.parametrize("page", [p for p in PAGES if p.stem in ("quiz", "cases")], ids=lambda p: p.stem)
def test_an_answer_offers_no_select_all(page: Path) -> None:
    """Streamlit 1.67's multiselect adds "Select all" (up to 1,000 options): on a "choose all that apply"
    question it ticked every option, right and wrong, in one tap."""
    assert answer_multiselects_with_select_all(ast.parse(page.read_text(encoding="utf-8"))) == []
