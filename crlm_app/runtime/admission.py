"""At most a few page runs execute at once in one server process (docs/PERFORMANCE.md).

Page scripts are CPU-bound Python and share one GIL, so 50 visitors' runs started together do not finish
sooner when all 50 run interleaved: they all finish late, and each holds its half-built messages, tables and
charts in memory until it ends (the memory high-water mark of a grand-rounds room opening the same link).
Letting ``MAX_RUNS`` runs proceed while the others wait their turn keeps total throughput, gives earlier
visitors their page sooner, and caps the memory of runs in flight.

``CRLM_MAX_CONCURRENT_RUNS`` sets the number (0 turns the limit off). A run never waits longer than
``WAIT_LIMIT_S`` for its turn: it then runs anyway, so the limit can slow a run but never stop one.

A slot is held for at most ``HOLD_LIMIT_S``: a run still going after that (a heavy one: a huge paste took
47 s) keeps running but no longer counts, so the next run waiting takes its slot. Ordinary runs still go one
at a time, and one heavy run delays the others by at most ``HOLD_LIMIT_S`` instead of for its whole length.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
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
HOLD_LIMIT_S = 0.5
_TURNS = threading.Condition()
_HOLDERS: dict[object, float] = {}  # a token per run holding a slot -> when it took the slot


def _take_slot() -> object | None:
    """A token once a slot is free (runs held past HOLD_LIMIT_S free theirs), None after WAIT_LIMIT_S."""
    token = object()
    with _TURNS:
        deadline = time.monotonic() + WAIT_LIMIT_S
        while True:
            now = time.monotonic()
            for holder, since in list(_HOLDERS.items()):
                if now - since >= HOLD_LIMIT_S:
                    del _HOLDERS[holder]  # a heavy run: it goes on, without a slot
            if len(_HOLDERS) < MAX_RUNS:
                _HOLDERS[token] = now
                return token
            if now >= deadline:
                return None
            expiry = min(_HOLDERS.values()) + HOLD_LIMIT_S
            _TURNS.wait(timeout=max(0.001, min(deadline, expiry) - now))


@contextlib.contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the ``MAX_RUNS`` slots for the body (a whole page run, or its first ``HOLD_LIMIT_S``);
    released however the run ends."""
    token = _take_slot() if MAX_RUNS > 0 else None
    try:
        yield
    finally:
        if token is not None:
            with _TURNS:
                if _HOLDERS.pop(token, None) is not None:
                    _TURNS.notify()
