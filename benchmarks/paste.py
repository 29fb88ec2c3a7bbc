"""Issue 24's figure: a 10,000-row paste is refused in under a second while another session's reruns stay
within 2x of their usual time.

Sessions speak Streamlit's websocket protocol to one app server (the app as shipped, on 127.0.0.1), as a
browser does (``devtools.protocol``, with its message cache). The paster opens the response assessment page,
reads the id of its editable table from the run, and sends what a browser reports after 10,000 rows are
pasted into it: the editor's widget state (``added_rows``, ~0.5 MB of JSON) in a ``rerun_script``. The
page refuses the edit before Streamlit applies it and shows why (``crlm_app.table_guard``), in a fresh editor
whose id the next paste targets. The other session reruns a light page of the same server. In each round it
first reruns ``alone`` times without a paste, then the paste is sent and it reruns back to back until the
paste's run has finished: every rerun begun before then is "during the paste". Per paste: ms from the send
to the refusal message (an error box saying "refused") and to the end of that run. Oversized edits are
screened before Streamlit parses them (``crlm_app/runtime/edit_screen.py``), so a paste costs what an
ordinary rerun of the page costs.

Two rows beside the budget say where the rest comes from: the other session's reruns during an ordinary rerun
of the response page (a reference: what any click on that page costs the other visitor), and during a third
session's reruns of the light page itself (the floor: two visitors share one process and its interpreter
lock, so even the lightest run of another visitor delays this one).

Bounded: ``rounds`` pastes, at most ``rounds`` x (``alone`` + MAX_DURING) reruns, RUN_TIMEOUT_S per run and
PHASE_TIMEOUT_S in all; loopback only.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.common import median, percentile
from devtools import protocol

PAGE = "response_assessment"
LIGHT_PAGE = "glossary"  # the other session's page
ROWS = 10_000
ROW = {"organ": "liver", "baseline": 20, "nadir": 20, "now": 20}  # as the browser's editor reports a row
ROUNDS = 10
ALONE = 10
WARM_UP = 3
MAX_DURING = 100
LIGHT_RERUNS = 3  # the third session's reruns of the light page per round (the floor row)
PHASE_TIMEOUT_S = 150.0


@dataclass
class Watch:
    """What one run of the response assessment page sent: its editable table's id, and when (ms after the
    send) an error box saying "refused" arrived."""

    editor_id: str = ""
    refused_ms: float | None = None

    def __call__(self, msg: ForwardMsg, ms: float) -> None:
        if msg.WhichOneof("type") != "delta":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "dataframe" and element.dataframe.editing_mode != Dataframe.READ_ONLY:
            self.editor_id = element.dataframe.id
        elif kind == "alert" and "refused" in element.alert.body and self.refused_ms is None:
            self.refused_ms = ms


def paste_message(page_hash: str, editor_id: str, rows: int = ROWS, cached: list[str] | None = None) -> bytes:
    """A rerun of the page carrying the editor's state after ``rows`` pasted rows, as a browser sends it
    (with the hashes of the messages its cache holds)."""
    msg = BackMsg()
    msg.ParseFromString(protocol.rerun_message(PAGE, page_hash, "", cached))
    state = msg.rerun_script.widget_states.widgets.add()
    state.id = editor_id
    edit = {"edited_rows": {}, "added_rows": [ROW] * rows, "deleted_rows": []}
    state.string_value = json.dumps(edit, separators=(",", ":"))
    return bytes(msg.SerializeToString())


def _summary(values: list[float]) -> dict[str, Any]:
    return {"p50_ms": median(values), "p95_ms": percentile(values, 95), "n": len(values)}


async def _measure(base_url: str, light_page: str, rounds: int, alone: int) -> dict[str, Any]:
    errors: list[str] = []
    refused: list[float | None] = []
    paste_runs: list[float] = []
    alone_ms: list[float] = []
    during_ms: list[float] = []
    ordinary_ms: list[float] = []  # reference: during an ordinary rerun of the same page by the first session
    light_ms: list[float] = []  # floor: during a third session's reruns of the light page itself
    async with (
        protocol.stream(base_url) as paster,
        protocol.stream(base_url) as other,
        protocol.stream(base_url) as third,
    ):
        watch = Watch()
        paster_cache = protocol.MessageCache()  # as the other session's: a browser keeps large messages
        _, page_hash, problems = await protocol.run_once(
            paster, protocol.rerun_message(PAGE, "", ""), paster_cache, watch=watch
        )
        errors += problems
        editor_id = watch.editor_id
        if not editor_id:
            raise RuntimeError(f"no editable table in the first run of {PAGE}")
        cache = protocol.MessageCache()
        _, light_hash, problems = await protocol.run_once(
            other, protocol.rerun_message(light_page, "", ""), cache
        )
        errors += problems

        third_cache = protocol.MessageCache()
        _, third_hash, problems = await protocol.run_once(
            third, protocol.rerun_message(light_page, "", ""), third_cache
        )
        errors += problems

        async def third_reruns() -> None:
            for _ in range(LIGHT_RERUNS):
                payload = protocol.rerun_message(light_page, third_hash, "", third_cache.hashes())
                errors.extend((await protocol.run_once(third, payload, third_cache))[2])

        async def rerun() -> float:
            payload = protocol.rerun_message(light_page, light_hash, "", cache.hashes())
            ms, _, problems = await protocol.run_once(other, payload, cache)
            errors.extend(problems)
            return ms

        for _ in range(WARM_UP):
            await rerun()
        for _ in range(rounds):
            for _ in range(alone):
                alone_ms.append(await rerun())
            watch = Watch()
            paste = asyncio.create_task(
                protocol.run_once(
                    paster,
                    paste_message(page_hash, editor_id, cached=paster_cache.hashes()),
                    paster_cache,
                    watch,
                )
            )
            for _ in range(MAX_DURING):
                if paste.done():
                    break
                during_ms.append(await rerun())
            run_ms, _, problems = await paste
            errors += problems
            paste_runs.append(run_ms)
            refused.append(watch.refused_ms)
            if watch.refused_ms is None:
                errors.append("a paste was not refused (no error box saying 'refused')")
            editor_id = watch.editor_id or editor_id
            # Reference: the same first session reruns the page without an edit. One run at a time per process
            # (crlm_app/runtime/admission.py), so the other session waits for any run in progress: this row
            # shows what a paste costs beside what an ordinary click on that page costs.
            ordinary = asyncio.create_task(
                protocol.run_once(
                    paster, protocol.rerun_message(PAGE, page_hash, "", paster_cache.hashes()), paster_cache
                )
            )
            for _ in range(MAX_DURING):
                if ordinary.done():
                    break
                ordinary_ms.append(await rerun())
            _, _, problems = await ordinary
            errors += problems
            # Floor: a third session reruns the light page itself. Two visitors share one process and its
            # interpreter lock, so any other visitor's run, even of the lightest page, delays this one.
            busy = asyncio.create_task(third_reruns())
            for _ in range(MAX_DURING):
                if busy.done():
                    break
                light_ms.append(await rerun())
            await busy
    return {
        "page": PAGE,
        "rows": ROWS,
        "light_page": light_page,
        "refused_ms": refused,
        "paste_run_ms": paste_runs,
        "alone": _summary(alone_ms),
        "during": _summary(during_ms),
        "during_ordinary": _summary(ordinary_ms),
        "during_light": _summary(light_ms),
        "alone_ms": alone_ms,
        "during_ms": during_ms,
        "errors": sorted(set(errors))[:5],
    }


def run(
    base_url: str, light_page: str = LIGHT_PAGE, rounds: int = ROUNDS, alone: int = ALONE
) -> dict[str, Any]:
    """The paste rounds against the app server at ``base_url``; bounded by PHASE_TIMEOUT_S."""
    return asyncio.run(asyncio.wait_for(_measure(base_url, light_page, rounds, alone), PHASE_TIMEOUT_S))
