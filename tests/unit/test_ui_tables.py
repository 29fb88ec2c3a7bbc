"""Markdown tables: escaped cells, numbers as written, blanks empty, one column mark per column."""

from __future__ import annotations

import ui


def test_markdown_table_text() -> None:
    rows = [
        {"group": "3 (high)", "os": 14.0, "median": None, "mark": True},
        {"group": "a|b *c*", "os": 57.5, "median": 40, "mark": False},
    ]
    columns = [("group", "Fong score"), ("os", "5-year OS (%)"), ("median", "Median"), ("mark", "Here")]
    text = ui.markdown_table_text(rows, columns, "lrrl")
    assert text.splitlines() == [
        "| Fong score | 5\\-year OS \\(%\\) | Median | Here |",
        "|:---|---:|---:|:---|",
        "| 3 \\(high\\) | 14 |  | yes |",
        "| a\\|b \\*c\\* | 57.5 | 40 | no |",
    ]


def test_newlines_in_a_cell_do_not_break_the_row() -> None:
    text = ui.markdown_table_text([{"event": "first\nsecond"}], [("event", "Event")])
    assert text.splitlines()[-1] == "| first second |"
    assert text.splitlines()[1] == "|:---|"


def test_alignment_must_name_every_column() -> None:
    import pytest

    with pytest.raises(ValueError, match="one of l, c, r for each of 2 columns"):
        ui.markdown_table_text([], [("a", "A"), ("b", "B")], "l")
    with pytest.raises(ValueError):
        ui.markdown_table_text([], [("a", "A")], "x")
