"""Oversized table edits are screened before Streamlit parses them: a guarded fix for Streamlit 1.67.

A browser's edit of an editable table arrives as one JSON string in the rerun message. Streamlit parses it
(``json.loads``) when the next run starts, before the page's first line and outside the admission slot
(``admission.py``), so a 10,000-row paste (0.5 MB) spent ~5 ms of the shared GIL parsing rows the table
guard (``crlm_app.table_guard``) then refused; another session's light reruns meanwhile took 2.4x their
usual time (``python -m benchmarks --only paste``, issue 24).

The fix: ``AppSession``'s handler of a rerun request first looks at the lengths of the widget states it
carries. A data editor's state longer than ``table_limits.EDIT_MAX_CHARS`` (far above the worst edit any
table here takes) is replaced by ``table_limits.oversized_edit``: no rows, only the length, which the page's
table guard refuses with its usual message and a fresh editor. Any other widget state that long is dropped
from the request (the widget keeps its last value): no widget here takes that much text. One log line per
screened state, through the table guard's rate-limited logger.

Guards (``guarded``): applied only on the exact Streamlit releases it was tested on and only when
the handler exists; anything unexpected and the app runs as before (the page's guard still refuses, after
parsing). ``APPLIED`` says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from streamlit.elements.widgets.data_editor import DataEditorSerde
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

from crlm_content.table_limits import EDIT_MAX_CHARS, is_editor_shaped, oversized_edit, unreadable_edit

from . import guarded

LOGGER = logging.getLogger("crlm.tables")  # the table guard's logger: one rate-limited line per record
APPLIED: dict[str, str] = {}


def is_data_editor(metadata: object) -> bool:
    """True when a widget's metadata (Streamlit's ``WidgetMetadata``) is a data editor's."""
    deserializer = getattr(metadata, "deserializer", None)
    return isinstance(getattr(deserializer, "__self__", None), DataEditorSerde)


def screen(states: WidgetStates, metadata_of: Callable[[str], object]) -> int:
    """In place: replace each data editor's state longer than ``EDIT_MAX_CHARS`` by an oversized edit, and one
    not in a data editor's shape (a crafted message) by an unreadable edit, both of which the page's guard
    refuses; drop any other string state that long. Returns how many states were screened."""
    screened = 0
    kept: list[WidgetState] = []
    for state in states.widgets:
        kind = state.WhichOneof("value")
        long = kind == "string_value" and len(state.string_value) > EDIT_MAX_CHARS
        if is_data_editor(metadata_of(state.id)):
            if long:
                chars = len(state.string_value)
                state.string_value = oversized_edit(chars)
                LOGGER.warning("Replaced a table edit of %s characters before parsing it", f"{chars:,}")
                screened += 1
            elif kind != "string_value" or not is_editor_shaped(state.string_value):
                state.string_value = unreadable_edit()  # Streamlit's parser raised on it, page unseen
                LOGGER.warning("Replaced a table edit not in a data editor's shape before parsing it")
                screened += 1
            kept.append(state)
        elif long:
            screened += 1
            chars = len(state.string_value)
            LOGGER.warning("Dropped a widget state of %s characters (none here takes that)", f"{chars:,}")
        else:
            kept.append(state)
    if len(kept) < len(states.widgets):
        copies = [WidgetState() for _ in kept]
        for copy, state in zip(copies, kept, strict=True):
            copy.CopyFrom(state)
        del states.widgets[:]
        states.widgets.extend(copies)
    return screened


def _screened(original: Any) -> Any:
    def handle_rerun_script_request(self: Any, client_state: Any = None) -> None:
        if client_state is not None and client_state.HasField("widget_states"):
            screen(client_state.widget_states, self._session_state.get_widget_metadata)
        original(self, client_state)

    return handle_rerun_script_request


def _apply() -> str:
    from streamlit.runtime.app_session import AppSession

    return guarded.replace_method(AppSession, "_handle_rerun_script_request", _screened)


def apply() -> dict[str, str]:
    """Apply the screen once per process; return what happened."""
    guarded.apply_once(APPLIED, "edit_screen", _apply, LOGGER)
    return APPLIED
