"""A clear_cache message from a viewer's websocket leaves Streamlit's caches alone (viewer_guard.py); the
developer toolbar still clears them. And why that guards nothing today: the product keeps nothing in the
caches that message clears (viewer_guard's docstring says so, and must change when this test fails)."""

from __future__ import annotations

import ast
from types import SimpleNamespace
from unittest import mock

import pytest
import streamlit as st
from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1.util import patch_config_options

from crlm_app.runtime import viewer_guard

from ..conftest import ROOT

# What Streamlit's clear_cache handler clears for the whole process: st.cache_data and st.cache_resource
# (st.connection is cached in the latter); the legacy names as well.
SHARED_CACHES = {
    "cache_data",
    "cache_resource",
    "connection",
    "cache",
    "experimental_memo",
    "experimental_singleton",
}
PRODUCT = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
PRODUCT += [path for package in sorted(ROOT.glob("crlm_*/")) for path in sorted(package.rglob("*.py"))]


@pytest.fixture(autouse=True)
def _guarded_and_empty_caches() -> None:
    viewer_guard.apply()  # as runtime.install() does once per process: no test relies on another's order
    st.cache_data.clear()  # each test's counter has the same code, hence the same cache key


def _cached_counter() -> tuple[object, list[int]]:
    calls: list[int] = []

    @st.cache_data
    def value() -> int:
        calls.append(1)
        return len(calls)

    return value, calls


def _send_clear_cache() -> mock.Mock:
    session_state = mock.Mock()
    AppSession._handle_clear_cache_request(SimpleNamespace(_session_state=session_state))  # type: ignore[arg-type]
    return session_state


def test_the_guard_is_applied_on_the_tested_streamlit() -> None:
    assert viewer_guard.apply() == {"clear_cache": "applied"}


def test_a_viewer_cannot_clear_the_cache() -> None:
    value, calls = _cached_counter()
    value()  # type: ignore[operator]
    with patch_config_options({"client.toolbarMode": "viewer", "global.developmentMode": False}):
        session_state = _send_clear_cache()
    value()  # type: ignore[operator]
    assert len(calls) == 1  # still cached
    session_state.clear.assert_not_called()


def test_the_developer_toolbar_still_clears_it() -> None:
    value, calls = _cached_counter()
    value()  # type: ignore[operator]
    with patch_config_options({"client.toolbarMode": "developer"}):
        session_state = _send_clear_cache()
    value()  # type: ignore[operator]
    assert len(calls) == 2
    session_state.clear.assert_called_once()


def shared_cache_uses(source: str) -> list[str]:
    """Each place ``source`` reaches a Streamlit cache that clear_cache empties: ``st.cache_data``,
    ``streamlit.cache_resource``, ``from streamlit import connection``, anything from Streamlit's caching."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in SHARED_CACHES:
            if isinstance(node.value, ast.Name) and node.value.id in ("st", "streamlit"):
                found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
            names = {alias.name for alias in node.names}
            if (
                "caching" in (node.module or "")
                or "connection" in (node.module or "")
                or names & SHARED_CACHES
            ):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(sorted(names))}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit as st\n@st.cache_data\ndef f(): ...",
        "import streamlit\nf = streamlit.cache_resource(lambda: 1)",
        "import streamlit as st\nconn = st.connection('sql')",
        "from streamlit import cache_data",
        "from streamlit.runtime.caching import cache_resource",
    ],
)
def test_the_scan_finds_a_shared_cache(source: str) -> None:
    assert shared_cache_uses(source)


def test_the_product_keeps_nothing_in_the_caches_clear_cache_empties() -> None:
    """Content and figures are memoised in crlm_content.memo, which clear_cache does not reach; a use of
    Streamlit's caches would make a viewer's clear_cache rebuild it for everyone (the guard then matters)."""
    assert len(PRODUCT) > 50 and ROOT / "crlm_content" / "memo.py" in PRODUCT
    uses = {
        str(path.relative_to(ROOT)): found
        for path in PRODUCT
        if (found := shared_cache_uses(path.read_text(encoding="utf-8")))
    }
    assert uses == {}, (
        "update viewer_guard's docstring, README and docs/PERFORMANCE.md: the guard now guards these"
    )
