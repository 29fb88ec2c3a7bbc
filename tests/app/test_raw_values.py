"""No raw values on the pages (issue 23, item 17): no internal record id in a visible citation line (it is in
the line's hover help), no "None" in a table cell, drug names as written."""

from __future__ import annotations

import re

import pytest

from crlm_app.markup import ICON_SOURCE

from .helpers import run_page, visible_captions


@pytest.mark.parametrize(
    ("page", "record"),
    [
        ("app_pages/liver_remnant.py", "flr-threshold-normal-liver"),
        ("app_pages/cea_monitor.py", "cea-decline-cutoff"),
    ],
)
def test_citation_lines_show_reference_numbers_and_keep_the_record_id_on_hover(
    page: str, record: str
) -> None:
    at = run_page(page)
    lines = [c for c in at.caption if c.value.startswith(ICON_SOURCE)]
    assert lines, "no citation line on the page"
    assert not [c.value for c in lines if "record" in c.value.lower()]  # e.g. "· record cea-decline-cutoff"
    assert re.search(r"\[\d", visible_captions(at).replace("\\", ""))  # the reference numbers stay visible
    helps = "\n".join(c.proto.help for c in lines).replace("\\", "")
    assert f"Record {record}" in helps


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("app_pages/guidelines.py", {"view": "topic", "topic": "reevaluation"}),  # the review's text: no year
        ("app_pages/guidelines.py", {}),
        ("app_pages/guidelines.py", {"view": "timeline"}),
        ("app_pages/sources.py", {"tab": "References"}),  # no verified DOI
        ("app_pages/sources.py", {}),
    ],
)
def test_no_table_shows_none_for_a_blank_cell(page: str, params: dict[str, str]) -> None:
    at = run_page(page, params)
    assert at.dataframe
    for grid in at.dataframe:
        # The grid writes "None" in an empty cell unless told what to write instead.
        assert grid.proto.HasField("placeholder") and grid.proto.placeholder == "", grid.proto.id
