"""Concurrent sessions through Streamlit's real websocket protocol (/_stcore/stream, protobuf messages).

Each session does what a browser tab does: (optionally GET the page first, keeping its cookies, as through a
load balancer), open the websocket with the ``streamlit`` subprotocol, send a ``rerun_script`` BackMsg naming
the page, and read ForwardMsgs until ``script_finished``. Like Streamlit's frontend, it keeps the large
messages the server marks cacheable and names them in each rerun, so the server sends a reference instead of
a message the browser already has (``MessageCache``). Once every session has finished its first run, all
of them rerun the page at the same moment, ``reruns`` times in a row; each rerun's time from sending the
BackMsg to ``script_finished`` is one sample ("a full page run").

Bounded: K sessions, a fixed number of runs each, a timeout per run and for the whole round; loopback only.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from benchmarks.common import median, percentile

RUN_TIMEOUT_S = 60.0
ROUND_TIMEOUT_S = 150.0


@dataclass
class SessionResult:
    first_ms: float | None = None
    rerun_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    route: str = ""  # the load balancer's sticky-route cookie, when there is one


@dataclass
class Round:
    k: int
    results: list[SessionResult]
    wall_s: float
    rss_mb: float | None = None

    def summary(self) -> dict[str, Any]:
        samples = [ms for r in self.results for ms in r.rerun_ms]
        firsts = [r.first_ms for r in self.results if r.first_ms is not None]
        errors = [e for r in self.results for e in r.errors]
        return {
            "k": self.k,
            "p50_ms": median(samples),
            "p95_ms": percentile(samples, 95),
            "first_run_p50_ms": median(firsts),
            "first_run_p95_ms": percentile(firsts, 95),
            "samples": len(samples),
            "errors": len(errors),
            "error_examples": sorted(set(errors))[:5],
            "wall_s": self.wall_s,
            "rss_mb": self.rss_mb,
        }


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


def _rerun_message(
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


async def _run_once(
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


def _get_cookies(base_url: str) -> tuple[str, str]:
    """GET the page as a browser would; return (Cookie header, sticky route) from what the server set."""
    with urllib.request.urlopen(base_url + "/", timeout=30) as response:
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
    route = jar["crlm_route"].value if "crlm_route" in jar else ""
    return cookie, route


async def _session(
    base_url: str,
    page_name: str,
    query_string: str,
    reruns: int,
    ready: asyncio.Barrier,
    with_cookies: bool,
) -> SessionResult:
    result = SessionResult()
    headers: dict[str, str] = {}
    arrived = 0

    async def arrive() -> None:  # every session reaches the barrier exactly twice, failed or not
        nonlocal arrived
        arrived += 1
        await ready.wait()

    try:
        if with_cookies:
            cookie, result.route = await asyncio.to_thread(_get_cookies, base_url)
            if cookie:
                headers["Cookie"] = cookie
        async with stream(base_url, headers) as ws:
            cache = MessageCache()
            first_ms, page_hash, problems = await _run_once(
                ws, _rerun_message(page_name, "", query_string), cache
            )
            result.first_ms = first_ms
            result.errors.extend(problems)
            await arrive()
            for _ in range(reruns):
                payload = _rerun_message(page_name, page_hash, query_string, cache.hashes())
                ms, _, problems = await _run_once(ws, payload, cache)
                result.rerun_ms.append(ms)
                result.errors.extend(problems)
            # Hold the session open until every session is done, so memory is read with K sessions open.
            await arrive()
    except Exception as error:
        result.errors.append(f"{type(error).__name__}: {str(error)[:80]}")
    finally:
        while arrived < 2:
            await arrive()
    return result


async def _round(
    base_url: str,
    page_name: str,
    k: int,
    reruns: int,
    query_string: str,
    with_cookies: bool,
    measure_rss: Any,
) -> Round:
    # K sessions, plus this coroutine: it reads memory while all K sessions are open.
    ready = asyncio.Barrier(k + 1)
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(_session(base_url, page_name, query_string, reruns, ready, with_cookies))
        for _ in range(k)
    ]
    await ready.wait()  # every session finished its first run: go
    await ready.wait()  # every session finished its reruns, and all are still open
    rss = measure_rss() if measure_rss else None
    results = await asyncio.gather(*tasks)
    return Round(k, list(results), time.perf_counter() - start, rss)


def run_round(
    base_url: str,
    page_name: str,
    k: int,
    *,
    reruns: int = 3,
    query_string: str = "",
    with_cookies: bool = False,
    measure_rss: Any = None,
) -> Round:
    """One round of K simultaneous sessions; bounded by ROUND_TIMEOUT_S."""

    async def bounded() -> Round:
        return await asyncio.wait_for(
            _round(base_url, page_name, k, reruns, query_string, with_cookies, measure_rss), ROUND_TIMEOUT_S
        )

    try:
        return asyncio.run(bounded())
    except TimeoutError:
        failed = SessionResult(errors=[f"round timed out after {ROUND_TIMEOUT_S:.0f} s"])
        return Round(k, [failed] * k, ROUND_TIMEOUT_S)
