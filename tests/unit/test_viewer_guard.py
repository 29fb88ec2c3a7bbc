"""A clear_cache message from a viewer's websocket leaves the shared caches alone (viewer_guard.py); the
developer toolbar still clears them."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pytest
import streamlit as st
from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1.util import patch_config_options

from crlm_app.runtime import viewer_guard


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
