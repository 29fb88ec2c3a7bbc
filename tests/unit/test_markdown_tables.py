"""Markdown tables: escaped cells, numbers as written, blanks empty, one column mark per column."""

from __future__ import annotations

from crlm_app import tables


def test_markdown_table_text() -> None:
    rows = [
        {"group": "3 (high)", "os": 14.0, "median": None, "mark": True},
        {"group": "a|b *c*", "os": 57.5, "median": 40, "mark": False},
    ]
    columns = [("group", "Fong score"), ("os", "5-year OS (%)"), ("median", "Median"), ("mark", "Here")]
    text = tables.markdown_table_text(rows, columns, "lrrl")
    assert text.splitlines() == [
        "| Fong score | 5\\-year OS \\(%\\) | Median | Here |",
        "|:---|---:|---:|:---|",
        "| 3 \\(high\\) | 14 |  | yes |",
        "| a\\|b \\*c\\* | 57.5 | 40 | no |",
    ]


def test_newlines_in_a_cell_do_not_break_the_row() -> None:
    text = tables.markdown_table_text([{"event": "first\nsecond"}], [("event", "Event")])
    assert text.splitlines()[-1] == "| first second |"
    assert text.splitlines()[1] == "|:---|"


def test_alignment_must_name_every_column() -> None:
    import pytest

    with pytest.raises(ValueError, match="one of l, c, r for each of 2 columns"):
        tables.markdown_table_text([], [("a", "A"), ("b", "B")], "l")
    with pytest.raises(ValueError):
        tables.markdown_table_text([], [("a", "A")], "x")


def test_grouped_tables_one_per_group_in_order_without_the_group_column() -> None:
    rows = [
        {"score": "Fong", "item": "Nodes", "points": 1},
        {"score": "GAME", "item": "KRAS", "points": 0},
        {"score": "Fong", "item": "CEA", "points": 0},
        {"score": "m-CS", "item": "Size", "points": 1},
    ]
    text = tables.grouped_markdown_tables_text(rows, "score", [("item", "Item"), ("points", "Points")], "lr")
    blocks = text.split("\n\n")
    assert blocks[0::2] == ["**Fong**", "**GAME**", "**m\\-CS**"]  # first appearance; names escaped
    fong, game, mcs = (block.splitlines() for block in blocks[1::2])
    assert fong == ["| Item | Points |", "|:---|---:|", "| Nodes | 1 |", "| CEA | 0 |"]
    assert game[2:] == ["| KRAS | 0 |"] and mcs[2:] == ["| Size | 1 |"]


def test_a_csv_writes_whole_numbers_whole_as_the_screen_shows_them() -> None:
    """The guideline topic CSV wrote its years 2020.0 and 2016.0: one row without a year made the column a
    float column in pandas. Fractions, text and numbers too large to be exact stay as they were."""
    import pandas as pd

    from crlm_app.tables import csv_text

    frame = pd.DataFrame(
        {
            "Year": [2020.0, None, 2016.0],
            "HR": [0.69, 1.0, None],
            "Name": ["a", "b", "c"],
            "Big": [1e300, 2.0, 3.0],
        }
    )
    lines = csv_text(frame).splitlines()
    assert (
        lines[1].startswith("2020,0.69,a,")
        and lines[2].startswith(",1.0,b,")
        and lines[3].startswith("2016,,c,")
    )
    assert "1e+300" in lines[1]
