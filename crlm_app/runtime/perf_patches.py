"""A guarded runtime fix for a measured Streamlit 1.67 latency problem (docs/PERFORMANCE.md).

Streamlit 1.67 binds its listening socket itself with ``socket.socket(family)``, so every accepted connection
has ``proto == 0``, and asyncio's ``_set_nodelay`` (which insists on ``proto == IPPROTO_TCP``) never turns
Nagle's algorithm off. A script run sends many small websocket frames in a row; every frame after the first
then waits for the browser's delayed ACK, about 40 ms on Linux. Measured here (``make bench``, settings rows):
a warm rerun of the blank page at one session took ~44 ms with the defect and ~7 ms without it.

The fix lets asyncio treat a SOCK_STREAM socket of an AF_INET/AF_INET6 family with proto 0 as TCP (it is),
and sets TCP_NODELAY on the connections that were already open when this module was imported (the first
visitor's). ``app.py`` imports this module; Python runs it once per process, so reruns cost nothing.

Guards (``guarded``): applied only on the exact Streamlit releases in ``guarded.TESTED_STREAMLIT`` (the one
``requirements.lock`` pins; a unit test keeps the two in step) and only when the defect is detected at run
time (asyncio's own check leaves a proto-0 TCP socket with Nagle on). Anything unexpected: the fix is skipped
and the app runs as before. ``CRLM_PERF_PATCHES=0`` turns it off. ``APPLIED`` says what happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from typing import Any

from . import guarded

LOGGER = logging.getLogger("crlm.perf_patches")
APPLIED: dict[str, str] = {}


def _nodelay_is_missing(set_nodelay: Any) -> bool:
    """True when asyncio's own check leaves a proto-0 TCP socket with Nagle on (the defect is present)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.proto == socket.IPPROTO_TCP:
            return False
        set_nodelay(probe)
        return probe.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0


def _set_nodelay_tcp(sock: Any) -> None:
    if (
        sock.family in {socket.AF_INET, socket.AF_INET6}
        and sock.type == socket.SOCK_STREAM
        and sock.proto in {0, socket.IPPROTO_TCP}
    ):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _sweep_open_connections(loop: Any) -> None:
    """On the event loop thread: turn Nagle off on the connections that are already open."""
    for transport in list(getattr(loop, "_transports", {}).values()):
        sock = transport.get_extra_info("socket") if transport is not None else None
        if sock is not None:
            _set_nodelay_tcp(sock)


def _apply_nodelay() -> str:
    base_events: Any = asyncio.base_events
    original = getattr(base_events, "_set_nodelay", None)
    if original is None:
        return "skipped: asyncio has no _set_nodelay"
    if getattr(original, "_crlm_patched", False):
        return "applied"
    if not _nodelay_is_missing(original):
        return "skipped: asyncio already sets TCP_NODELAY on these sockets"

    def set_nodelay(sock: Any) -> None:
        _set_nodelay_tcp(sock)

    set_nodelay._crlm_patched = True  # type: ignore[attr-defined]
    base_events._set_nodelay = set_nodelay
    try:
        from streamlit import runtime

        if runtime.exists():
            loop = runtime.get_instance()._get_async_objs().eventloop
            loop.call_soon_threadsafe(_sweep_open_connections, loop)
    except Exception as error:  # the sweep is a bonus: new connections are fixed either way
        LOGGER.debug("could not sweep open connections: %s", error)
    return "applied"


def apply() -> dict[str, str]:
    """Apply the fix once per process; return what happened."""
    if os.environ.get("CRLM_PERF_PATCHES", "").strip().lower() in {"0", "off", "false", "none"}:
        APPLIED.setdefault("nodelay", "off: CRLM_PERF_PATCHES=0")
    guarded.apply_once(APPLIED, "nodelay", _apply_nodelay, LOGGER)
    return APPLIED
