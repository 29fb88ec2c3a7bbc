"""A 10,000-row paste sent to the real server as a browser sends it (the editor's state in a rerun) is
screened before Streamlit parses it (crlm_app/runtime/edit_screen.py) and refused with the page's message,
in a fresh editor; an ordinary edit afterwards is applied."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from crlm_content.table_limits import EDIT_MAX_CHARS
from devtools.protocol import MessageCache, rerun_message, run_once, stream
from devtools.server import Server

PAGE = "response_assessment"
ROW = {"organ": "liver", "baseline": 20, "nadir": 20, "now": 20}


class Seen:
    """The editable table's id and the alerts of one run."""

    def __init__(self) -> None:
        self.editor_id = ""
        self.alerts: list[str] = []

    def __call__(self, msg: ForwardMsg, ms: float) -> None:
        element = msg.delta.new_element if msg.WhichOneof("type") == "delta" else None
        if element is None:
            return
        if (
            element.WhichOneof("type") == "dataframe"
            and element.dataframe.editing_mode != Dataframe.READ_ONLY
        ):
            self.editor_id = element.dataframe.id
        elif element.WhichOneof("type") == "alert":
            self.alerts.append(element.alert.body)


def edit_message(page_hash: str, editor_id: str, edit: Mapping[str, object], cached: list[str]) -> bytes:
    msg = BackMsg()
    msg.ParseFromString(rerun_message(PAGE, page_hash, "", cached))
    state = msg.rerun_script.widget_states.widgets.add()
    state.id = editor_id
    state.string_value = json.dumps(edit, separators=(",", ":"))
    return bytes(msg.SerializeToString())


async def _paste_then_edit(base_url: str) -> tuple[Seen, Seen, Seen, int]:
    async with stream(base_url) as ws:
        cache, first = MessageCache(), Seen()
        _, page_hash, problems = await run_once(ws, rerun_message(PAGE, "", ""), cache, first)
        assert not problems and first.editor_id
        paste = {"edited_rows": {}, "added_rows": [ROW] * 10_000, "deleted_rows": []}
        chars = len(json.dumps(paste, separators=(",", ":")))
        refused = Seen()
        _, _, problems = await run_once(
            ws, edit_message(page_hash, first.editor_id, paste, cache.hashes()), cache, refused
        )
        assert not problems
        edited = Seen()
        edit = {"edited_rows": {"0": {"now": 11}}, "added_rows": [], "deleted_rows": []}
        _, _, problems = await run_once(
            ws, edit_message(page_hash, refused.editor_id, edit, cache.hashes()), cache, edited
        )
        assert not problems
        return first, refused, edited, chars


def test_a_10000_row_paste_is_screened_refused_and_the_table_still_takes_edits(server: Server) -> None:
    # in a thread of its own: Playwright's sync API keeps an event loop running in this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        first, refused, edited, chars = pool.submit(asyncio.run, _paste_then_edit(server.url)).result(120)
    assert chars > EDIT_MAX_CHARS
    refusal = next(body for body in refused.alerts if "refused" in body).replace("\\", "")  # as markdown
    assert f"too large to read ({chars:,} characters" in refusal and "at most 20 rows" in refusal
    assert refused.editor_id and refused.editor_id != first.editor_id  # a fresh editor, without the rows
    assert f"Replaced a table edit of {chars:,} characters before parsing it" in server.output()
    assert not any("refused" in body for body in edited.alerts)  # the fresh editor takes an ordinary edit
    assert edited.editor_id == refused.editor_id


CRAFTED = ('"text"', "[1, 2]", "null", '{"edited_rows": {"abc": {}}}', "{")


async def _crafted_edits(base_url: str) -> list[tuple[str, list[str], list[str]]]:
    """Each crafted table state in turn, as a browser's rerun carries it: (state, problems, alerts)."""
    results = []
    async with stream(base_url) as ws:
        cache, seen = MessageCache(), Seen()
        _, page_hash, problems = await run_once(ws, rerun_message(PAGE, "", ""), cache, seen)
        assert not problems and seen.editor_id
        for text in CRAFTED:
            msg = BackMsg()
            msg.ParseFromString(rerun_message(PAGE, page_hash, "", cache.hashes()))
            state = msg.rerun_script.widget_states.widgets.add()
            state.id, state.string_value = seen.editor_id, text
            run = Seen()
            _, _, problems = await run_once(ws, bytes(msg.SerializeToString()), cache, run)
            results.append((text, problems, run.alerts))
            seen = run if run.editor_id else seen
    return results


def test_a_table_state_not_in_an_editor_s_shape_is_refused_in_words_not_a_traceback(server: Server) -> None:
    """A crafted rerun whose table state was a JSON string, list or null, or named row 'abc', made
    Streamlit's parser raise before the page ran: an error box for the visitor, a traceback in the log."""
    logged = len(server.output())
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, _crafted_edits(server.url)).result(120)
    for text, problems, alerts in results:
        assert not problems, (text, problems)  # no exception element
        assert any("not an edit the table understands" in body for body in alerts), (text, alerts)
    log = server.output()[logged:]
    assert "Traceback" not in log and "not in a data editor's shape" in log  # (its lines are rate-limited)
