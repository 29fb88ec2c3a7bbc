"""Garbage collection for a long-lived server process (README "Performance").

Every page run leaves reference cycles behind (Streamlit's script runner, its context and session-state
wrapper point at each other). With ``runner.postScriptGC`` off, nothing collects them until Python's
oldest generation grows by a quarter of the whole heap (pandas, plotly and the catalog: ~150 000 objects),
so fifty visitors' runs leave megabytes of dead runners in memory.

``start()``, in the first page run, freezes what start-up loaded (libraries and content live as long as the
process, so a collection need not scan them again) and starts one daemon thread. ``run_finished()`` wakes
it: it waits
``DELAY_S`` (the run's last messages go out first), then runs a full collection of what is not frozen, the
ten thousand or so objects that sessions made (~2-3 ms here), so a visitor's run never waits for it.
Under load that is one collection per ``DELAY_S`` however many runs finished. Measured with ``make bench``:
with 50 sessions, memory growth 7-10 MB -> ~5 MB. ``CRLM_GC_POLICY=0`` turns it off.
"""

from __future__ import annotations

import gc
import logging
import os
import threading

LOGGER = logging.getLogger("crlm.gc_policy")
DELAY_S = 0.05  # after a run ends, let its last messages go out before collecting

_lock = threading.Lock()
_started = False
_runs = threading.Event()


def enabled() -> bool:
    return os.environ.get("CRLM_GC_POLICY", "1").strip() != "0"


def _collector() -> None:
    pause = threading.Event()
    while True:
        _runs.wait()
        pause.wait(DELAY_S)
        _runs.clear()
        gc.collect()


def start() -> None:
    """Once per process, from the first page run: freeze start-up and start the collector."""
    global _started
    if not enabled():
        return
    with _lock:
        if _started:
            return
        _started = True
        # Without a collection first: gc.freeze() alone only moves lists (well under a millisecond), where a
        # collection of the whole start-up heap took ~65 ms of the first visitor's run. The little garbage
        # start-up left is frozen with the rest.
        gc.freeze()
        threading.Thread(target=_collector, name="crlm-gc", daemon=True).start()
        LOGGER.debug("gc policy: %d objects frozen", gc.get_freeze_count())


def run_finished() -> None:
    """A page run ended: its cycles are collected at the collector's next pass."""
    _runs.set()
