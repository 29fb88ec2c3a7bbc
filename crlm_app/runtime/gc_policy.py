"""Garbage collection for a long-lived server process (docs/PERFORMANCE.md).

Every page run leaves reference cycles behind (Streamlit's script runner, its context and session-state
wrapper point at each other). With ``runner.postScriptGC`` off, nothing collects them until Python's
oldest generation grows by a quarter of the whole heap (pandas, plotly and the catalog: ~150 000 objects),
so fifty visitors' runs leave megabytes of dead runners in memory.

``start_up()`` wraps the first page run's loading of the content. It freezes what the process has imported
first, so a collection that the load's allocations trigger scans only the new objects (a full collection of
the whole start-up heap used to land there: 60-80 ms of the first visitor's run). ``start()``, at its end,
freezes the content too (libraries and content live as long as the process, so no collection need scan them
again) and starts one daemon thread. ``run_finished()`` wakes it. It collects once the server has been quiet
for ``DELAY_S`` (no run finished; the last run's messages have gone out), or at the latest ``MAX_WAIT_S``
after the first run it has not yet collected: a full collection of what is not frozen, the ten thousand or so
objects that sessions made (~2-3 ms here), so a visitor's run seldom shares the interpreter with it. A visitor
changing widgets in quick succession, or a room of fifty, gets one collection per ``MAX_WAIT_S`` at most.
Measured with ``make bench``: with 50 sessions, memory growth 7-10 MB -> ~5 MB. ``MAX_WAIT_S`` trades memory
for latency; growth from 1 to 50 sessions on the heaviest page (two runs each): 3.9-4.0 MB at 0.05 s, 4.3-4.7
MB at 0.2 s, 5.0-5.4 MB at 0.5 s, against 3.6 MB for the stock blank page. ``CRLM_GC_POLICY=0`` turns it off.

After each collection the collector hands freed memory back to the system (``release_freed_memory``: glibc's
``malloc_trim(0)``). A run's messages are built in its script thread, and glibc gives each thread an arena of
its own; what they freed stays mapped in those arenas, so the server's RSS kept the peak of the busiest
moment. Measured (treatment timing planner, 1 -> 50 sessions, two runs each): +9.0 and +10.3 MB without it,
+7.0 and +7.2 MB with it; one trim takes ~1 ms (at most ~10 ms), in the collector's thread and with the GIL
released. Only where the C library is glibc; ``CRLM_MALLOC_TRIM=0`` turns it off.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LOGGER = logging.getLogger("crlm.gc_policy")
DELAY_S = 0.05  # quiet time after the last run before collecting (its messages go out first)
MAX_WAIT_S = 0.2  # under a steady stream of runs, collect at least this often (memory, below)

_lock = threading.Lock()
_started = False
_runs = threading.Event()


def enabled() -> bool:
    return os.environ.get("CRLM_GC_POLICY", "1").strip() != "0"


def _glibc_malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None: not Linux, another C library, or ``CRLM_MALLOC_TRIM=0``."""
    if os.environ.get("CRLM_MALLOC_TRIM", "1").strip() == "0" or not sys.platform.startswith("linux"):
        return None
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):  # e.g. "glibc 2.36"; musl has no such name
            return None
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process already uses
    except (AttributeError, OSError, ValueError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_malloc_trim = _glibc_malloc_trim()


def release_freed_memory() -> bool:
    """Hand the C library's free pages back to the system; False where that is not available."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def due(now: float, first_finished: float, last_finished: float) -> bool:
    """Collect now? ``DELAY_S`` after the last finished run, or ``MAX_WAIT_S`` after the first one waiting."""
    return now - last_finished >= DELAY_S or now - first_finished >= MAX_WAIT_S


def _collector() -> None:
    while True:
        _runs.wait()
        first = last = time.monotonic()
        _runs.clear()
        while not due(time.monotonic(), first, last):
            if _runs.wait(min(DELAY_S, max(0.0, first + MAX_WAIT_S - time.monotonic()))):
                _runs.clear()
                last = time.monotonic()
        gc.collect()
        release_freed_memory()


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
        if LOGGER.isEnabledFor(logging.DEBUG):  # counting walks every frozen object: ~13 ms of the first run
            LOGGER.debug("gc policy: %d objects frozen", gc.get_freeze_count())


@contextmanager
def start_up() -> Iterator[None]:
    """Around the first run's loading of the content: freeze start-up's imports before it, ``start()``
    after it (also when the load fails). Later runs: nothing."""
    if _started or not enabled():
        yield
        return
    gc.freeze()  # moves the tracked objects to the permanent generation: well under a millisecond
    try:
        yield
    finally:
        start()


def run_finished() -> None:
    """A page run ended: its cycles are collected at the collector's next pass."""
    _runs.set()
