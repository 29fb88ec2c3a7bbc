"""A viewer cannot clear the server's caches: a guarded fix for Streamlit 1.67, which has no option for it.

``client.toolbarMode = "viewer"`` only hides "Clear cache" from the menu. The server still honours a
``clear_cache`` message from any browser's websocket and empties ``st.cache_data`` and ``st.cache_resource``
for every session of the process, so one visitor sending it in a loop makes every other visitor's runs
rebuild the catalog and figures (issue 24).

The fix: ``AppSession``'s handler of that message clears only when the toolbar is in developer mode (or
Streamlit's own development mode); otherwise it ignores the message and logs one line at most once a
minute. ``app.py`` imports this module; Python runs it once per process.

Guards, as in ``perf_patches``: applied only on the Streamlit releases in its ``TESTED_STREAMLIT`` and only
when the handler exists; anything unexpected and the app runs as before. ``APPLIED`` says what happened.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import streamlit
from streamlit import config

from .perf_patches import streamlit_is_tested

LOGGER = logging.getLogger("crlm.viewer_guard")
LOG_EVERY_S = 60.0
APPLIED: dict[str, str] = {}
_last_logged = [float("-inf")]


def viewers_may_clear_cache() -> bool:
    return config.get_option("client.toolbarMode") == "developer" or bool(
        config.get_option("global.developmentMode")
    )


def _apply() -> str:
    from streamlit.runtime.app_session import AppSession

    original = getattr(AppSession, "_handle_clear_cache_request", None)
    if original is None:
        return "skipped: AppSession has no _handle_clear_cache_request"
    if getattr(original, "_crlm_guarded", False):
        return "applied"

    def handle_clear_cache_request(self: Any) -> None:
        if viewers_may_clear_cache():
            original(self)
            return
        now = time.monotonic()
        if now - _last_logged[0] >= LOG_EVERY_S:
            _last_logged[0] = now
            LOGGER.warning("ignored a viewer's clear_cache request (client.toolbarMode is not developer)")

    handle_clear_cache_request._crlm_guarded = True  # type: ignore[attr-defined]
    AppSession._handle_clear_cache_request = handle_clear_cache_request  # type: ignore[method-assign]
    return "applied"


def apply() -> dict[str, str]:
    """Apply the guard once per process; return what happened."""
    if APPLIED:
        return APPLIED
    if not streamlit_is_tested():
        APPLIED["clear_cache"] = f"skipped: Streamlit {streamlit.__version__} is not a tested release"
    else:
        try:
            APPLIED["clear_cache"] = _apply()
        except Exception as error:
            APPLIED["clear_cache"] = f"skipped: {type(error).__name__}: {error}"
    LOGGER.info("viewer guard: %s", APPLIED)
    return APPLIED
