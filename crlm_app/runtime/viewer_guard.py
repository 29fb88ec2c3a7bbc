"""A viewer cannot clear the server's caches: a guarded fix for Streamlit 1.67, which has no option for it.

``client.toolbarMode = "viewer"`` only hides "Clear cache" from the menu. The server still honours a
``clear_cache`` message from any browser's websocket and empties ``st.cache_data`` and ``st.cache_resource``
for every session of the process, so one visitor sending it in a loop makes every other visitor's runs
rebuild the catalog and figures (issue 24).

The fix: ``AppSession``'s handler of that message clears only when the toolbar is in developer mode (or
Streamlit's own development mode); otherwise it ignores the message and logs one line at most once a
minute. ``app.py`` imports this module; Python runs it once per process.

Guards (``guarded``): applied only on the Streamlit releases in ``guarded.TESTED_STREAMLIT`` and only
when the handler exists; anything unexpected and the app runs as before. ``APPLIED`` says what happened.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from streamlit import config

from . import guarded

LOGGER = logging.getLogger("crlm.viewer_guard")
LOG_EVERY_S = 60.0
APPLIED: dict[str, str] = {}
_last_logged = [float("-inf")]


def viewers_may_clear_cache() -> bool:
    return config.get_option("client.toolbarMode") == "developer" or bool(
        config.get_option("global.developmentMode")
    )


def _guard(original: Any) -> Any:
    def handle_clear_cache_request(self: Any) -> None:
        if viewers_may_clear_cache():
            original(self)
            return
        now = time.monotonic()
        if now - _last_logged[0] >= LOG_EVERY_S:
            _last_logged[0] = now
            LOGGER.warning("ignored a viewer's clear_cache request (client.toolbarMode is not developer)")

    return handle_clear_cache_request


def _apply() -> str:
    from streamlit.runtime.app_session import AppSession

    return guarded.replace_method(AppSession, "_handle_clear_cache_request", _guard)


def apply() -> dict[str, str]:
    """Apply the guard once per process; return what happened."""
    guarded.apply_once(APPLIED, "clear_cache", _apply, LOGGER)
    return APPLIED
