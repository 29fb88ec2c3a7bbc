"""Browser: a number typed into an editable table's cell is kept as typed, and shown as held.

The DLM explorer's size and depth columns had a step of 0.01: the grid cut what was typed to 2 decimals
(1.004 cm deep became 1, "1 cm deep is not deeper than 1 cm") and showed a linked 1.004 as 1.00 while the
list below said 1.004. The rounding happens in the browser's grid editor, so only a browser can show it."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e

HEADER_PX = 36  # the grid's heading row
ROW_PX = 35


def open_cell(page, column: int, columns: int = 3) -> Any:  # type: ignore[no-untyped-def]
    """Double-click the first row's cell of ``column`` (0-based, of ``columns`` equal data columns after the
    narrow row-marker column) and return the grid's cell editor."""
    canvas = page.locator("[data-testid='stDataFrame'] [data-testid='data-grid-canvas']").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    marker = 33  # the row-marker column
    width = (box["width"] - marker) / columns
    page.mouse.dblclick(box["x"] + marker + width * (column + 0.5), box["y"] + HEADER_PX + ROW_PX / 2)
    editor = page.locator("#portal input, #portal textarea").first  # a text cell edits in a textarea
    editor.wait_for(timeout=10_000)
    return editor


def type_into(page, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = open_cell(page, column)
    editor.press("Control+A")
    page.keyboard.type(text)
    assert editor.input_value() == text  # the editor keeps every digit typed
    page.wait_for_timeout(
        300
    )  # the grid takes the typed text on its next frame: Enter at once commits the old
    page.keyboard.press("Enter")


def test_a_typed_depth_keeps_every_decimal(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/dlm_explorer?lesions=3x2x5").page
    type_into(page, 1, "1.004")
    page.wait_for_function("() => location.search.includes('lesions=3x1.004x5')", timeout=20_000)
    wait_for_app(page)
    page.get_by_text("1.004 cm deep is deeper than 1 cm", exact=False).wait_for(timeout=10_000)
    type_into(page, 2, "2.5")  # a segment is a whole number: said, not rounded to one
    page.wait_for_function("() => location.search.includes('lesions=3x1.004x2.5')", timeout=20_000)
    wait_for_app(page)
    assert page.get_by_text("2.5 is not a liver segment", exact=False).first.is_visible()


def test_a_linked_size_and_depth_open_as_held(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/dlm_explorer?lesions=1.999x1.004x5").page
    assert open_cell(page, 0).input_value() == "1.999"
    page.keyboard.press("Escape")
    assert open_cell(page, 1).input_value() == "1.004"
    page.keyboard.press("Escape")
    assert "lesions=1.999x1.004x5" in page.url
