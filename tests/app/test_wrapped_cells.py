"""Guideline tables on a desktop: rows tall enough that the longest cell wraps whole ("2-3 months of che..."
was cut to one line), and drug names written as the clinic writes them on every page (issue 23, 16-17)."""

from __future__ import annotations

import re

from crlm_app import tables
from crlm_content import site

from .helpers import run_page

PAGE = "app_pages/guidelines.py"


def needed_px(longest: int, column_px: int = 400) -> int:
    """Lines the longest cell takes in a column, at the grid's widest character, plus one, times a line."""
    per_line = (column_px - 2 * tables.GRID_CELL_PADDING_PX) // tables.GRID_CHAR_PX
    return (-(-longest // per_line) + 1) * tables.GRID_LINE_PX


def test_the_comparison_and_topic_tables_give_the_longest_cell_its_lines() -> None:
    for params in ({}, {"view": "topic", "topic": "duration"}):
        at = run_page(PAGE, params)
        grid = at.dataframe[0]
        frame = grid.value
        longest = max(len(str(v)) for c in frame.columns for v in frame[c] if v is not None)
        assert grid.proto.row_height >= needed_px(longest) - tables.GRID_LINE_PX, params


def test_the_row_height_rule_at_its_boundary() -> None:
    one_line = "x" * ((400 - 2 * tables.GRID_CELL_PADDING_PX) // tables.GRID_CHAR_PX)
    assert tables.wrapped_row_height([{"a": one_line}], ["a"]) is None  # one line: the grid's own height
    wrapped = tables.wrapped_row_height([{"a": one_line + "x"}], ["a"])  # a character more wraps
    assert wrapped is not None and wrapped >= 3 * tables.GRID_LINE_PX
    tall = tables.wrapped_row_height([{"a": one_line * 3}], ["a"])
    assert tall is not None and tall >= 4 * tables.GRID_LINE_PX


def test_a_shared_frame_gets_the_rule_over_its_cells() -> None:
    import pandas as pd

    one_line = "x" * ((400 - 2 * tables.GRID_CELL_PADDING_PX) // tables.GRID_CHAR_PX)
    frame = pd.DataFrame({"a": [None, one_line * 2], "b": [one_line * 5, "y"]})
    assert tables.shared_row_height(frame, ["a"]) == tables.wrapped_row_height([{"a": one_line * 2}], ["a"])
    assert tables.shared_row_height(frame, ["b"]) == tables.wrapped_row_height([{"b": one_line * 5}], ["b"])
    assert tables.shared_row_height(frame.iloc[:1], ["a"]) is None  # an empty cell is no line at all


LOWER_DRUGS = re.compile(r"\banti-egfr\b|\bFolfoxiri\b|\bfolfox\b|\bcapox\b|\bfolfiri\b")


def test_no_page_writes_a_drug_name_in_the_wrong_case() -> None:
    for spec in site.PAGES:
        at = run_page(spec.path)
        text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
        text = re.sub(r"\]\([^)\s]*\)", "]", text)  # a link's address (a record id) is not read as text
        assert not LOWER_DRUGS.search(text), (spec.url_path, LOWER_DRUGS.search(text))
