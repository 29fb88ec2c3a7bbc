"""A viewer's ``clear_cache`` message is ignored: defence in depth, since today it can harm no other visitor.

``client.toolbarMode = "viewer"`` only hides "Clear cache" from the menu; Streamlit 1.67 still honours a
``clear_cache`` message from any browser's websocket (``AppSession._handle_clear_cache_request``). That
handler empties every ``st.cache_data`` and ``st.cache_resource`` function of the process, deletes the
server user's ``~/.streamlit/cache`` folder (where ``persist="disk"`` keeps entries), and clears the sender's
own session state. The product uses none of these: its content and figures live in ``crlm_content.memo``,
which Streamlit does not know about, and no code calls ``st.cache_data``, ``st.cache_resource`` or
``st.connection`` (``tests/unit/test_viewer_guard.py`` fails when one appears). So, guard or not, the
message costs other visitors nothing today; unguarded, its sender only forgets its own session, as a reload
would.

The guard keeps it that way should a shared Streamlit cache ever appear (issue 24: no viewer clears shared
state), at the price of one replaced Streamlit method, re-checked at each Streamlit upgrade
(``guarded.TESTED_STREAMLIT``). ``AppSession``'s handler clears only when the toolbar is in developer mode
(or Streamlit's own development mode); otherwise it ignores the message and logs one line at most once a
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
