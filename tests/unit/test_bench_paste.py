"""The paste benchmark (benchmarks/paste.py) sends what a browser sends after a 10,000-row paste, one the
table guard refuses, and reads the editor's id and the refusal from the page's messages."""

from __future__ import annotations

from streamlit.elements.widgets.data_editor import DataEditorSerde
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.paste import ROWS, Watch, paste_message
from crlm_content.table_limits import TARGETS, edit_problem


def test_the_paste_is_the_editors_widget_state_in_a_rerun_of_the_page() -> None:
    msg = BackMsg()
    msg.ParseFromString(paste_message("page-hash", "editor-id"))
    assert msg.rerun_script.page_script_hash == "page-hash"
    (state,) = msg.rerun_script.widget_states.widgets
    assert state.id == "editor-id"
    edit = DataEditorSerde().deserialize(state.string_value)  # as Streamlit reads it
    assert len(edit["added_rows"]) == ROWS == 10_000
    assert set(edit["added_rows"][0]) == set(TARGETS.columns)
    problem = edit_problem(edit, 2, TARGETS)
    assert problem is not None and "refused" in problem


def element(kind: str) -> ForwardMsg:
    msg = ForwardMsg()
    if kind == "editor":
        msg.delta.new_element.dataframe.id = "editor-2"
        msg.delta.new_element.dataframe.editing_mode = Dataframe.DYNAMIC
    elif kind == "table":
        msg.delta.new_element.dataframe.id = "read-only"
    else:
        msg.delta.new_element.alert.body = kind
    return msg


def test_the_watch_keeps_the_editable_tables_id_and_the_first_refusals_time() -> None:
    watch = Watch()
    watch(element("The table needs fixing"), 5.0)
    watch(element("table"), 6.0)
    assert watch.editor_id == "" and watch.refused_ms is None
    watch(element("That edit was refused and the table left as it was"), 40.0)
    watch(element("editor"), 41.0)
    watch(element("refused again"), 90.0)
    assert watch.editor_id == "editor-2" and watch.refused_ms == 40.0
