"""AppTest of the editable tables' guards: an oversized paste is refused with a message before Streamlit
applies its rows, the table and the link stay as they were; a table too long for a link stays out of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.elements.widgets import data_editor

from .helpers import run_page

TARGETS_PAGE = "app_pages/response_assessment.py"
DLM_PAGE = "app_pages/dlm_explorer.py"


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of added rows each call of Streamlit's row addition was given (a large one is not run)."""
    calls: list[int] = []
    original = data_editor._apply_row_additions

    def spy(df: Any, added_rows: list[dict[str, Any]], schema: Any) -> None:
        calls.append(len(added_rows))
        if len(added_rows) <= 100:
            original(df, added_rows, schema)

    monkeypatch.setattr(data_editor, "_apply_row_additions", spy)
    yield calls


def _paste(at: Any, rows: list[dict[str, Any]], **state: Any) -> Any:
    """The edit the browser reports for the page's table (its editor's key changes with the page's keys)."""
    key = at.data_editor[0].key
    assert key
    at.session_state[key] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": [], **state}
    return at.run()


def test_a_10000_row_paste_is_refused_before_its_rows_are_applied(applied: list[int]) -> None:
    at = run_page(TARGETS_PAGE)
    row = {"organ": "liver", "baseline": 20.0, "nadir": 20.0, "now": 20.0}
    _paste(at, [row] * 10_000)
    assert not at.exception
    assert max(applied, default=0) <= 100  # Streamlit never applied the pasted rows
    refusal = at.error[0].value
    assert "refused" in refusal and "at most 20 rows" in refusal
    assert "RECIST 1.1 allows at most 5 target lesions" in refusal and "10,002 rows" in refusal
    assert str(at.data_editor[0].key).endswith("targets_editor_1")  # a fresh editor on the table as it was
    assert list(at.data_editor[0].value["organ"]) == ["liver", "lung"]
    assert "targets" not in at.query_params  # the default table: the link did not grow
    assert any(h.value.startswith("RECIST 1.1: Partial response") for h in at.header)
    # the next edit works on the fresh editor
    _paste(at, [], edited_rows={0: {"now": 28.0}})
    assert at.query_params["targets"] == "liver:35/20/28,lung:12/10/10"
    assert not at.error or "refused" not in at.error[0].value


def test_an_organ_longer_than_max_chars_is_refused_on_the_server() -> None:
    at = run_page(TARGETS_PAGE)
    _paste(at, [], edited_rows={0: {"organ": "x" * 10_000}})
    refusal = at.error[0].value
    assert "refused" in refusal and "10,000 characters" in refusal and "at most 30" in refusal
    assert str(at.data_editor[0].key).endswith("targets_editor_1")
    assert "targets" not in at.query_params


def test_a_huge_paste_into_the_dlm_table_is_refused(applied: list[int]) -> None:
    at = run_page(DLM_PAGE)
    _paste(at, [{"size_cm": 1.0, "depth_cm": 2.0, "segment": 3.0}] * 10_000)
    assert not at.exception
    assert max(applied, default=0) <= 100
    refusal = at.error[0].value
    assert "refused" in refusal and "at most 40 rows" in refusal and "at most 20 lesions" in refusal
    assert str(at.data_editor[0].key).endswith("lesions_editor_1")
    assert len(at.data_editor[0].value) == 3
    assert "lesions" not in at.query_params


def test_a_table_too_long_for_a_link_stays_out_of_it_and_in_the_view() -> None:
    at = run_page(DLM_PAGE)
    rows = [{"size_cm": 1.23456789, "depth_cm": 2.3456789, "segment": 7.0}] * 17  # 20 rows, ~460 characters
    _paste(at, rows)
    notice = "\n".join(w.value for w in at.warning)
    assert "too long for a link" in notice and "at most 400" in notice
    assert at.query_params["lesions"] == ""  # an empty table, not a link a proxy refuses
    assert not at.error  # the view is the 20-row table, assessed
    assert "Row 20" in "\n".join(m.value for m in at.markdown)
    # another page and back: the table is the session's own, not the link's
    at.switch_page("app_pages/glossary.py").run()
    at.switch_page(DLM_PAGE).run()
    assert not at.exception
    assert len(at.data_editor[0].value) == 20


def test_invisible_controls_in_a_link_are_shown_not_obeyed_in_the_notice() -> None:
    at = run_page(TARGETS_PAGE, {"chun_before": "\u202e7\u200b", "targets": "li\u2066ver:1/2/3"})
    notices = "\n".join(w.value for w in at.warning)
    assert "ignored" in notices
    assert not {"\u202e", "\u200b", "\u2066"} & set(notices)
    assert "U\\+202E" in notices and "U\\+2066" in notices


def test_a_table_too_long_for_a_link_does_not_come_back_once_replaced() -> None:
    """Long, then short, then empty: the empty table stays empty after a page switch (the session's copy of
    the long table is dropped once a table fits the link again)."""
    at = run_page(DLM_PAGE)
    long_rows = [{"size_cm": 1.23456789, "depth_cm": 2.3456789, "segment": 7.0}] * 17  # 20 rows, too long
    _paste(at, long_rows)
    assert at.query_params["lesions"] == "" and "Row 20" in "\n".join(m.value for m in at.markdown)
    _paste(at, [], edited_rows={0: {"size_cm": 2.0}})  # the three rows it started with: short
    assert at.query_params["lesions"] == "2x0.5x6,3x2x7,1x1.5x8"
    _paste(at, [], deleted_rows=[0, 1, 2])  # no rows
    at.switch_page("app_pages/glossary.py").run()
    at.switch_page(DLM_PAGE).run()
    assert not at.exception
    assert len(at.data_editor[0].value) == 0
