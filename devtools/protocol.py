"""Streamlit's websocket protocol as a browser tab speaks it (/_stcore/stream, protobuf messages), shared by
the tests and the benchmarks.

``stream`` opens the websocket with the ``streamlit`` subprotocol; ``rerun_message`` is the ``rerun_script``
BackMsg naming a page; ``run_once`` sends one and reads ForwardMsgs until ``script_finished``. Like
Streamlit's frontend, ``MessageCache`` keeps the large messages the server marks cacheable and names them in
each rerun, so the server sends a reference instead of a message the browser already has. Loopback only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

RUN_TIMEOUT_S = 60.0


@dataclass
class MessageCache:
    """The browser's cache of large messages, as Streamlit's frontend keeps it (its ForwardMsgCache).

    The server marks a ForwardMsg ``metadata.cacheable`` (a new element of at least
    ``global.minCachedMessageSize``); the browser keeps it by hash and lists the hashes it holds in every
    rerun, and the server then sends a ``ref_hash`` in its place. An entry expires when more than
    ``max_age`` runs (the server's ``global.maxCachedMessageAge``, sent in ``new_session``) have finished
    since it was last used. A reference to a hash the cache does not hold is a protocol error."""

    max_age: int = 2
    run_count: int = 0
    used: dict[str, int] = field(default_factory=dict)  # hash -> run count when last received or used

    def hashes(self) -> list[str]:
        return list(self.used)

    def receive(self, msg: ForwardMsg) -> str | None:
        """Take one received message into account; returns a problem, or None."""
        kind = msg.WhichOneof("type")
        if kind == "new_session" and msg.new_session.config.max_cached_message_age > 0:
            self.max_age = msg.new_session.config.max_cached_message_age
        if kind == "ref_hash":
            if msg.ref_hash not in self.used:
                return "cache miss: a reference to a message the browser does not hold"
            self.used[msg.ref_hash] = self.run_count
        elif msg.metadata.cacheable and msg.hash and msg.hash not in self.used:
            self.used[msg.hash] = self.run_count
        return None

    def run_finished(self) -> None:
        self.run_count += 1
        for key, last in list(self.used.items()):
            if self.run_count - last > self.max_age:
                del self.used[key]


def rerun_message(
    page_name: str, page_script_hash: str, query_string: str, cached: list[str] | None = None
) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    if page_script_hash:
        msg.rerun_script.page_script_hash = page_script_hash
    else:
        msg.rerun_script.page_name = page_name
    msg.rerun_script.cached_message_hashes.extend(cached or ())
    return bytes(msg.SerializeToString())


async def run_once(
    ws: Any,
    payload: bytes,
    cache: MessageCache | None = None,
    watch: Callable[[ForwardMsg, float], None] | None = None,
) -> tuple[float, str, list[str]]:
    """Send one rerun; read until script_finished. Returns (ms, current page hash, problems). ``watch`` is
    given every message received and the ms since the send."""
    start = time.perf_counter()
    await ws.send(payload)
    page_hash = ""
    problems: list[str] = []
    while True:
        raw = await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if watch is not None:
            watch(msg, (time.perf_counter() - start) * 1000)
        if cache is not None and (problem := cache.receive(msg)):
            problems.append(problem)
        if kind == "navigation":
            page_hash = msg.navigation.page_script_hash
        elif kind == "new_session":
            page_hash = page_hash or msg.new_session.page_script_hash
        elif kind == "page_not_found":
            problems.append("page_not_found")
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            problems.append("exception: " + msg.delta.new_element.exception.message[:80])
        elif kind == "script_finished":
            if msg.script_finished not in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                problems.append(f"script_finished status {msg.script_finished}")
            if cache is not None and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                cache.run_finished()
            return (time.perf_counter() - start) * 1000, page_hash, problems


def stream(base_url: str, headers: dict[str, str] | None = None) -> Any:
    """The websocket a browser tab opens (``async with``), without compression or size limit."""
    return connect(
        base_url.replace("http://", "ws://", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers=headers or {},
        max_size=None,
        compression=None,
        open_timeout=30,
        ping_interval=None,
    )
