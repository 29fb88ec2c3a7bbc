"""A clear_cache message sent over a real websocket, as any browser can send it, is ignored by the served
app (crlm_app/runtime/viewer_guard.py, applied by app.py's runtime.install, defence in depth: the product
keeps nothing in the caches it would clear): the server logs one line and the session goes on working."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg

from devtools.protocol import rerun_message, run_once, stream
from devtools.server import running

IGNORED = "ignored a viewer's clear_cache request"


async def _clear_cache_between_two_runs(url: str) -> list[str]:
    async with stream(url) as ws:
        _, _, first = await run_once(ws, rerun_message("", "", ""))
        clear = BackMsg()
        clear.clear_cache = True
        await ws.send(bytes(clear.SerializeToString()))
        _, _, second = await run_once(ws, rerun_message("glossary", "", ""))
        return first + second


def test_a_viewers_clear_cache_message_is_ignored(tmp_path: Path) -> None:
    with running("clear-cache", log_dir=tmp_path) as server:
        # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
        with ThreadPoolExecutor(max_workers=1) as pool:
            problems = pool.submit(asyncio.run, _clear_cache_between_two_runs(server.url)).result(120)
        deadline = time.monotonic() + 10
        while IGNORED not in server.output():
            assert time.monotonic() < deadline, server.output()[-2000:]
            time.sleep(0.1)
    assert problems == []
