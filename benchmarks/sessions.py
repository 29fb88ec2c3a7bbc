"""Concurrent sessions through Streamlit's real websocket protocol (/_stcore/stream, protobuf messages).

Each session does what a browser tab does: (optionally GET the page first, keeping its cookies, as through a
load balancer), open the websocket with the ``streamlit`` subprotocol, send a ``rerun_script`` BackMsg naming
the page, and read ForwardMsgs until ``script_finished``, keeping the browser's message cache
(``devtools.protocol``). Once every session has finished its first run, all
of them rerun the page at the same moment, ``reruns`` times in a row; each rerun's time from sending the
BackMsg to ``script_finished`` is one sample ("a full page run").

Bounded: K sessions, a fixed number of runs each, a timeout per run and for the whole round; loopback only.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from benchmarks.common import median, percentile
from devtools.protocol import MessageCache, rerun_message, run_once, stream

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
            first_ms, page_hash, problems = await run_once(
                ws, rerun_message(page_name, "", query_string), cache
            )
            result.first_ms = first_ms
            result.errors.extend(problems)
            await arrive()
            for _ in range(reruns):
                payload = rerun_message(page_name, page_hash, query_string, cache.hashes())
                ms, _, problems = await run_once(ws, payload, cache)
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
