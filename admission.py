"""At most a few page runs execute at once in one server process (docs/PERFORMANCE.md).

Page scripts are CPU-bound Python and share one GIL, so 50 visitors' runs started together do not finish
sooner when all 50 run interleaved: they all finish late, and each holds its half-built messages, tables and
charts in memory until it ends (the memory high-water mark of a grand-rounds room opening the same link).
Letting ``MAX_RUNS`` runs proceed while the others wait their turn keeps total throughput, gives earlier
visitors their page sooner, and caps the memory of runs in flight.

``CRLM_MAX_CONCURRENT_RUNS`` sets the number (0 turns the limit off). A run never waits longer than
``WAIT_LIMIT_S`` for its turn: it then runs anyway, so the limit can slow a run but never stop one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator

LOGGER = logging.getLogger("crlm.admission")
DEFAULT_MAX_RUNS = 1
WAIT_LIMIT_S = 15.0


def _max_runs() -> int:
    text = os.environ.get("CRLM_MAX_CONCURRENT_RUNS", "").strip()
    if not text:
        return DEFAULT_MAX_RUNS
    try:
        return max(0, int(text))
    except ValueError:
        LOGGER.warning("CRLM_MAX_CONCURRENT_RUNS=%r is not a whole number; using %d", text, DEFAULT_MAX_RUNS)
        return DEFAULT_MAX_RUNS


MAX_RUNS = _max_runs()
_SLOTS = threading.BoundedSemaphore(MAX_RUNS) if MAX_RUNS > 0 else None


@contextlib.contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the ``MAX_RUNS`` slots for the body (a whole page run); released however the run ends."""
    acquired = _SLOTS.acquire(timeout=WAIT_LIMIT_S) if _SLOTS is not None else False
    try:
        yield
    finally:
        if acquired and _SLOTS is not None:
            _SLOTS.release()
