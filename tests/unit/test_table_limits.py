"""Editable tables: oversized or malformed edits are refused before they are applied; links stay short;
invisible controls in visitor text are shown, not obeyed; rejected cells log one short line each."""

from __future__ import annotations

import logging

from crlm_app import markup
from crlm_content import table_limits
from crlm_content.safe_text import visible
from crlm_content.table_limits import LINK_MAX_CHARS, edit_problem, link_problem

ROW = {"organ": "liver", "baseline": 20.0, "nadir": 20.0, "now": 20.0}


def _edit(**state: object) -> dict[str, object]:
    return {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}


def test_a_10000_row_paste_is_refused_naming_the_limit() -> None:
    problem = edit_problem(_edit(added_rows=[ROW] * 10_000), 2, table_limits.TARGETS)
    assert problem is not None
    assert "at most 20 rows" in problem and "RECIST 1.1 allows at most 5 target lesions" in problem
    assert "10,002 rows" in problem


def test_edits_within_the_limits_pass() -> None:
    assert edit_problem(None, 2, table_limits.TARGETS) is None
    assert edit_problem(_edit(), 2, table_limits.TARGETS) is None
    assert (
        edit_problem(_edit(added_rows=[ROW] * 4, edited_rows={1: {"now": 3.0}}), 2, table_limits.TARGETS)
        is None
    )
    # six targets: the table takes them, and its own check explains RECIST's limit of five
    assert edit_problem(_edit(added_rows=[ROW] * 4), 2, table_limits.TARGETS) is None
    assert edit_problem(_edit(added_rows=[ROW] * 18), 2, table_limits.TARGETS) is None
    assert edit_problem(_edit(added_rows=[ROW] * 19), 2, table_limits.TARGETS) is not None
    assert edit_problem(_edit(added_rows=[ROW] * 19, deleted_rows=[0]), 2, table_limits.TARGETS) is None


def test_malformed_edits_are_refused() -> None:
    limit = table_limits.TARGETS
    assert "does not have" in (edit_problem(_edit(edited_rows={5: {"now": 1.0}}), 2, limit) or "")
    assert "does not have" in (edit_problem(_edit(deleted_rows=[7]), 2, limit) or "")
    assert "more rows" in (edit_problem(_edit(deleted_rows=list(range(3))), 2, limit) or "")
    assert "column" in (edit_problem(_edit(added_rows=[{"x": 1.0}]), 2, limit) or "")
    assert "holds a list" in (edit_problem(_edit(added_rows=[{"organ": ["a"]}]), 2, limit) or "")
    assert "not an edit" in (edit_problem(_edit(added_rows="many"), 2, limit) or "")
    # row numbers run 0 to base_rows - 1: row 2 of a two-row table is not there
    assert "does not have" in (edit_problem(_edit(edited_rows={2: {"now": 1.0}}), 2, limit) or "")
    # three edited rows on two: refused by their count, before any row number is read
    three = {0: {"now": 1.0}, 1: {"now": 1.0}, 2: {"now": 1.0}}
    assert "names more rows than the target lesion table has" in (
        edit_problem(_edit(edited_rows=three), 2, limit) or ""
    )
    # an object in a cell is refused as a list is
    assert "holds a list" in (edit_problem(_edit(added_rows=[{"organ": {"a": 1}}]), 2, limit) or "")
    # 21 rows pasted over both of two rows: 21 rows, one past the limit
    problem = edit_problem(_edit(added_rows=[ROW] * 21, deleted_rows=[0, 1]), 2, limit) or ""
    assert "at most 20 rows" in problem and "would make it 21 rows" in problem


def test_max_chars_is_enforced_on_the_server() -> None:
    """The browser keeps the organ to 30 characters; a crafted edit is refused, naming the limit."""
    problem = edit_problem(_edit(edited_rows={0: {"organ": "x" * 10_000}}), 2, table_limits.TARGETS)
    assert problem is not None and "10,000 characters" in problem and "at most 30" in problem
    assert edit_problem(_edit(edited_rows={0: {"organ": "x" * 30}}), 2, table_limits.TARGETS) is None
    assert edit_problem(_edit(added_rows=[{"cea": "9" * 41}]), 0, table_limits.CEA_WEEKS) is not None


def test_links_stay_within_a_safe_length() -> None:
    assert all(
        limit.link_chars <= LINK_MAX_CHARS
        for limit in (
            table_limits.TARGETS,
            table_limits.LESIONS,
            table_limits.CEA_WEEKS,
            table_limits.CEA_DATES,
        )
    )
    assert link_problem("x" * 400, table_limits.LESIONS) is None
    problem = link_problem("x" * 401, table_limits.LESIONS)
    assert problem is not None and "401 characters" in problem and "at most 400" in problem


def test_invisible_controls_are_shown_as_code_points() -> None:
    assert visible("liver\u202eabc\u200b\u2066x\ufeff") == "liver<U+202E>abc<U+200B><U+2066>x<U+FEFF>"
    assert visible("plain text, 7.5% - no change\n\tkept") == "plain text, 7.5% - no change\n\tkept"


def test_notices_escape_invisible_controls() -> None:

    shown = markup.md("'q=abc\u202egnp.exe' ignored")
    assert "\u202e" not in shown and "U\\+202E" in shown


def test_rejected_editor_cells_log_one_line_each_rate_limited() -> None:
    from crlm_app import table_guard

    table_guard.install_log_filter()  # as runtime.install() does once per process
    from streamlit.elements.lib.column_config_utils import ColumnDataKind
    from streamlit.elements.widgets import data_editor

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("streamlit.elements.widgets.data_editor")
    (installed,) = [f for f in logger.filters if isinstance(f, table_guard.OneLineRateLimit)]
    installed._window_start = -60.0  # a fresh minute, whatever earlier tests logged
    handler = Keep()
    logger.addHandler(handler)
    try:
        for _ in range(50):
            assert data_editor._parse_value("abc\nFAKE LOG LINE", ColumnDataKind.FLOAT) is None
    finally:
        logger.removeHandler(handler)
    # 50 unparsable cells: the first few logged (one line each), the rest counted
    assert 1 <= len(records) <= table_guard.LOG_LINES_PER_MINUTE
    for record in records:
        assert record.exc_info is None
        assert "\n" not in record.getMessage()
        assert "ValueError" in record.getMessage()


def test_the_log_filter_lets_a_few_lines_a_minute_through_and_counts_the_rest() -> None:
    from crlm_app.table_guard import OneLineRateLimit

    now = [0.0]
    limit = OneLineRateLimit(per_minute=2, clock=lambda: now[0])

    def record(value: str) -> logging.LogRecord:
        try:
            float(value)
        except ValueError as error:
            exc_info = (type(error), error, error.__traceback__)
        return logging.LogRecord("x", logging.WARNING, __file__, 1, "Failed to parse %s", (value,), exc_info)

    passed = [r for r in (record(str(i) + "x") for i in range(5)) if limit.filter(r)]
    assert [r.getMessage() for r in passed] == [
        "Failed to parse 0x (ValueError: could not convert string to float: '0x')",
        "Failed to parse 1x (ValueError: could not convert string to float: '1x')",
    ]
    assert all(r.exc_info is None for r in passed)
    now[0] = 61.0
    later = record("y" * 1000)
    assert limit.filter(later)
    message = later.getMessage()
    assert message.endswith("[3 similar line(s) left out]") and len(message) < 300


def test_the_log_filter_window_is_a_full_minute() -> None:
    from crlm_app.table_guard import OneLineRateLimit

    now = [0.0]
    limit = OneLineRateLimit(per_minute=1, clock=lambda: now[0])

    def passes(at: float) -> bool:
        now[0] = at
        return limit.filter(logging.LogRecord("x", logging.WARNING, __file__, 1, "line", None, None))

    assert passes(0.0)
    assert not passes(6.0) and not passes(30.0) and not passes(59.9)  # the same minute: left out
    assert passes(60.0)  # a new minute
    assert not passes(119.9) and passes(120.0)


def test_the_log_filter_escapes_carriage_returns_and_line_breaks() -> None:
    """A value with a carriage return could overwrite the start of its log line on a terminal."""
    from crlm_app.table_guard import OneLineRateLimit

    limit = OneLineRateLimit(per_minute=5, clock=lambda: 0.0)
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Failed to parse %s", ("1\rFAKE\n2",), None)
    assert limit.filter(record)
    assert record.getMessage() == "Failed to parse 1\\rFAKE\\n2"


def test_widget_state_and_message_sizes_are_capped_in_the_config() -> None:
    import tomllib

    from streamlit import config

    from ..conftest import ROOT

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["maxWidgetStateSize"] == 1  # MB, the least the option takes (default 25)
    assert server["maxMessageSize"] <= 20  # MB (default 200)
    options = config.get_config_options()
    assert {"server.maxWidgetStateSize", "server.maxMessageSize"} <= set(options)


def test_an_oversized_edit_stands_for_its_length_and_is_refused_naming_the_limit() -> None:
    from streamlit.elements.widgets.data_editor import DataEditorSerde

    edit = DataEditorSerde().deserialize(table_limits.oversized_edit(520_051))  # as Streamlit reads it
    assert (edit["edited_rows"], edit["added_rows"], edit["deleted_rows"]) == ({}, [], [])
    problem = edit_problem(edit, 2, table_limits.TARGETS)
    assert problem is not None and problem.startswith("That edit was refused")
    assert "520,051 characters" in problem and "at most 20 rows" in problem
    assert "RECIST 1.1 allows at most 5 target lesions" in problem
    for claimed in ("x", True, -5, 10**40, 1.5):  # what a crafted edit may claim: refused, the size not shown
        problem = edit_problem({table_limits.OVERSIZED_KEY: claimed}, 2, table_limits.TARGETS) or ""
        assert "(too long; the target lesion table" in problem, claimed


def _worst_legal_edit(limit: table_limits.TableLimit) -> str:
    """The longest edit a table takes: every row edited and deleted, the rest added, each cell at its
    longest and every character one JSON escapes as six (a control character)."""
    import json

    base = limit.max_rows
    cells = {column: "\x01" * limit.cell_chars(column) for column in limit.columns}
    edit = {
        "edited_rows": {str(row): cells for row in range(base)},
        "added_rows": [cells] * limit.max_rows,
        "deleted_rows": list(range(base)),
    }
    assert edit_problem(json.loads(json.dumps(edit)), base, limit) is None  # legal indeed
    return json.dumps(edit)  # as a browser's JSON.stringify, with spaces Python adds on top


def test_every_legal_edit_is_far_below_the_screens_limit_and_a_big_paste_above_it() -> None:
    import json

    for limit in table_limits.TABLES:
        assert len(_worst_legal_edit(limit)) < table_limits.EDIT_MAX_CHARS / 2, limit.name
    paste = {"edited_rows": {}, "added_rows": [ROW] * 5_000, "deleted_rows": []}  # the 5,000 lines
    assert len(json.dumps(paste, separators=(",", ":"))) > table_limits.EDIT_MAX_CHARS


def test_no_address_in_visitor_text_is_left_for_the_autolinker() -> None:
    """GFM links a bare http(s)://, mailto:/xmpp:, www. or e-mail address even with its markdown escaped; the
    escaped text keeps none of those forms (the browser test checks no such link is drawn)."""
    import re

    typed = "[a](http://e.com) HTTPS://x.org www.e.com WWW.E.COM me@e.com mailto:me@e.com xmpp:me@e.com"
    shown = markup.md(typed).replace("\\", "")
    assert shown.replace(markup.WORD_JOINER, "") == typed  # reads as typed
    left = re.findall(r"(?i)\b(?:https?|mailto|xmpp):|\bwww\.|[\w.+-]@[\w-]", shown)
    assert left == []
