"""Pages give widgets no lambda and no function of their own as labels, callback or deferred download.

Streamlit keeps those for the session (in its widget registry and its deferred downloads); a function defined
in a page script carries that run's globals, so each session would keep its last run of the page alive.
Labels: dicts (``LABELS.__getitem__``) or module functions; callbacks: modules (``state.set_state``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parents[2] / "app_pages").glob("*.py"))
KEPT_ARGUMENTS = {"format_func", "on_change", "on_click", "data"}


def kept_callables(tree: ast.Module) -> list[str]:
    """Lambdas and the module's own functions passed where Streamlit keeps them, as 'line: what'."""
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        values = [kw.value for kw in node.keywords if kw.arg in KEPT_ARGUMENTS]
        is_download = isinstance(node.func, ast.Attribute) and node.func.attr == "download_button"
        if is_download and len(node.args) > 1:
            values.append(node.args[1])  # the download's data: a callable is kept until clicked
        for value in values:
            if isinstance(value, ast.Lambda) or (isinstance(value, ast.Name) and value.id in own):
                found.append(f"{value.lineno}: {ast.unparse(value)[:60]}")
    return found


def test_the_check_finds_what_it_looks_for() -> None:
    source = (
        "def pick(): pass\n"
        "st.selectbox('a', [1], format_func=lambda v: str(v))\n"
        "st.button('b', on_click=pick)\n"
        "st.download_button('c', lambda: 'x')\n"
        "st.radio('d', [1], format_func=LABELS.__getitem__, on_change=state.set_state)\n"
    )
    assert [line.split(":")[0] for line in kept_callables(ast.parse(source))] == ["2", "3", "4"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_page_hands_streamlit_a_function_of_its_own(page: Path) -> None:
    assert kept_callables(ast.parse(page.read_text(encoding="utf-8"))) == []
