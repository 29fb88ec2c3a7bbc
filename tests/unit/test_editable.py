"""The editable table's rows: read from the editor's table, shared per (base table, edits), never aliased."""

from __future__ import annotations

import math

import pandas as pd

from crlm_app import editable

EDITS = {"edited_rows": {"0": {"cea": 4.0}}, "added_rows": [], "deleted_rows": []}


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    base = pd.DataFrame({"week": [0.0, 8.0], "cea": [10.0, math.nan]})
    edited = base.copy()
    edited.loc[0, "cea"] = 4.0
    return base, edited


def test_rows_are_the_edited_table_with_blanks_as_none() -> None:
    base, edited = _frames()
    assert editable.edited_records(base, edited, EDITS) == [
        {"week": 0.0, "cea": 4.0},
        {"week": 8.0, "cea": None},
    ]


def test_same_base_and_edits_reuse_the_rows_read_before() -> None:
    base, edited = _frames()
    first = editable.edited_records(base, edited, EDITS)
    # The same base and edits determine the table: a different frame is not read again.
    other = pd.DataFrame({"week": [1.0], "cea": [1.0]})
    assert editable.edited_records(base, other, EDITS) == first
    # Other edits, or another base table, are read from the table given.
    assert editable.edited_records(base, other, {**EDITS, "deleted_rows": [1]}) == [{"week": 1.0, "cea": 1.0}]
    assert editable.edited_records(base.copy(), other, EDITS) == [{"week": 1.0, "cea": 1.0}]


def test_each_caller_gets_its_own_rows() -> None:
    base, edited = _frames()
    mine = editable.edited_records(base, edited, EDITS)
    mine[0]["cea"] = 999.0
    mine.append({"week": 1.0, "cea": 1.0})
    assert editable.edited_records(base, edited, EDITS) == [
        {"week": 0.0, "cea": 4.0},
        {"week": 8.0, "cea": None},
    ]


def test_edits_that_are_not_json_fall_back_to_reading_the_table() -> None:
    base, edited = _frames()
    assert editable.edited_records(
        base, edited, {"edited_rows": {("0", "cea"): 4.0}}
    ) == editable.table_records(edited)
