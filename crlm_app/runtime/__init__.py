"""The app's runtime set-up, once per process: the admission of runs, the garbage-collection policy and the
guarded fixes of Streamlit 1.67: the TCP fix, the viewer guard, the edit screen, the chart spec (each module
says what it fixes, how it was measured and how it is guarded).

``install()`` applies the fixes explicitly (importing a module changes nothing); ``app.py`` calls it first.
"""

from __future__ import annotations

import threading

from .. import table_guard
from . import chart_spec, edit_screen, perf_patches, viewer_guard

_INSTALLED: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


def install() -> dict[str, dict[str, str]]:
    """Apply every runtime fix once per process (later calls return what the first did)."""
    with _LOCK:
        if not _INSTALLED:
            _INSTALLED["perf_patches"] = perf_patches.apply()
            _INSTALLED["viewer_guard"] = viewer_guard.apply()
            _INSTALLED["edit_screen"] = edit_screen.apply()
            _INSTALLED["chart_spec"] = chart_spec.apply()
            table_guard.install_log_filter()
            _INSTALLED["table_guard"] = {"log_filter": "installed"}
        return _INSTALLED
