"""The edit screen (crlm_app/runtime/edit_screen.py): oversized data-editor states are replaced before
Streamlit parses them, other oversized string states dropped, everything else left as sent."""

from __future__ import annotations

import json

from streamlit.elements.widgets.data_editor import DataEditorSerde
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.state.common import WidgetMetadata

from crlm_app.runtime import edit_screen, guarded
from crlm_content.table_limits import EDIT_MAX_CHARS, TARGETS, edit_problem

ROW = {"organ": "liver", "baseline": 20, "nadir": 20, "now": 20}
BIG = json.dumps({"edited_rows": {}, "added_rows": [ROW] * 10_000, "deleted_rows": []})
SMALL = json.dumps({"edited_rows": {"0": {"now": 3}}, "added_rows": [], "deleted_rows": []})


def _metadata(widget_id: str, deserializer: object) -> WidgetMetadata[object]:
    return WidgetMetadata(widget_id, deserializer, lambda value: value, value_type="string_value")  # type: ignore[arg-type]


METADATA = {
    "editor": _metadata("editor", DataEditorSerde().deserialize),
    "small-editor": _metadata("small-editor", DataEditorSerde().deserialize),
    "text": _metadata("text", str),
}


def _states() -> WidgetStates:
    states = WidgetStates()
    for widget_id, value in [
        ("editor", BIG),
        ("small-editor", SMALL),
        ("text", "x" * (EDIT_MAX_CHARS + 1)),
        ("unknown", BIG),
        ("flag", None),
    ]:
        state = states.widgets.add()
        state.id = widget_id
        if value is None:
            state.bool_value = True
        else:
            state.string_value = value
    return states


def test_an_oversized_editor_state_becomes_its_length_and_the_page_refuses_it() -> None:
    states = _states()
    assert edit_screen.screen(states, METADATA.get) == 3
    by_id = {state.id: state for state in states.widgets}
    edit = DataEditorSerde().deserialize(by_id["editor"].string_value)
    assert edit["added_rows"] == [] and edit["edited_rows"] == {}
    problem = edit_problem(edit, 2, TARGETS)
    assert problem is not None and f"{len(BIG):,} characters" in problem


def test_other_oversized_strings_are_dropped_and_the_rest_is_left_as_sent() -> None:
    states = _states()
    edit_screen.screen(states, METADATA.get)
    assert [state.id for state in states.widgets] == ["editor", "small-editor", "flag"]
    by_id = {state.id: state for state in states.widgets}
    assert by_id["small-editor"].string_value == SMALL
    assert by_id["flag"].bool_value is True


def test_nothing_to_screen_leaves_the_message_unchanged() -> None:
    states = WidgetStates()
    state = states.widgets.add()
    state.id, state.string_value = "editor", SMALL
    before = states.SerializeToString()
    assert edit_screen.screen(states, METADATA.get) == 0
    assert states.SerializeToString() == before


def test_the_screen_runs_on_every_rerun_request_of_a_session() -> None:
    """AppSession's handler of a rerun_script message screens the widget states, then asks for the rerun
    as before (here a stand-in session records what it was asked to run)."""
    from streamlit.runtime.app_session import AppSession

    assert edit_screen.apply() == {"edit_screen": "applied"}
    assert guarded.is_replaced(AppSession._handle_rerun_script_request)
    requested: list[ClientState | None] = []

    class StandIn:
        class _session_state:
            get_widget_metadata = staticmethod(METADATA.get)

        def request_rerun(self, client_state: ClientState | None) -> None:
            requested.append(client_state)

    client_state = ClientState()
    client_state.widget_states.CopyFrom(_states())
    AppSession._handle_rerun_script_request(StandIn(), client_state)  # type: ignore[arg-type]
    AppSession._handle_rerun_script_request(StandIn(), None)  # type: ignore[arg-type]
    (screened, none) = requested
    assert none is None
    assert screened is not None
    assert [state.id for state in screened.widget_states.widgets] == ["editor", "small-editor", "flag"]
    assert len(screened.widget_states.widgets[0].string_value) < 200


def test_an_editor_state_not_in_an_editor_s_shape_is_replaced_and_the_page_refuses_it() -> None:
    """A crafted message whose table state was a JSON string, list or null, or named a row 'abc', made
    Streamlit's own parser raise before the page's first line: the visitor saw an error box and the log a
    traceback. Such a state is now an unreadable edit, which the page's guard refuses in words."""
    crafted = ['"text"', "[1, 2]", "null", '{"edited_rows": {"abc": {}}}', '{"edited_rows": []}', "{", "7"]
    for text in crafted:
        states = WidgetStates()
        state = states.widgets.add()
        state.id, state.string_value = "editor", text
        assert edit_screen.screen(states, METADATA.get) == 1, text
        edit = DataEditorSerde().deserialize(states.widgets[0].string_value)  # no longer raises
        problem = edit_problem(edit, 2, TARGETS)
        assert problem is not None and "not an edit the table understands" in problem, text
    states = WidgetStates()
    state = states.widgets.add()
    state.id, state.int_value = "editor", 5  # not even a string
    assert edit_screen.screen(states, METADATA.get) == 1
    DataEditorSerde().deserialize(states.widgets[0].string_value)
    # a well-formed edit, rows included, is left to the page's guard as sent
    states = WidgetStates()
    state = states.widgets.add()
    state.id, state.string_value = "editor", SMALL
    assert edit_screen.screen(states, METADATA.get) == 0 and states.widgets[0].string_value == SMALL
