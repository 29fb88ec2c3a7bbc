"""Browser: a number pasted or typed with a decimal comma into an editable table is refused, never read.

Streamlit's number columns read "," as a thousands separator: "0,5" pasted into the DLM explorer's depth
cell became 5 cm ("deeper than 1 cm: yes"), and a typed comma was dropped. The server only ever saw the
wrong number, so only a browser can show it; the cells now hold the text and the server refuses it."""

from __future__ import annotations

import pytest

from devtools.browser import wait_for_app
from devtools.server import Server
from tests.e2e.test_typed_cells import open_cell, type_into

pytestmark = pytest.mark.e2e

RULE = "use a point for decimals, e.g. 0.5; no thousands separators or units"


def paste_into(page, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the first row's cell of ``column`` and paste ``text`` into it, as Ctrl+V from a spreadsheet."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    open_cell(page, column)
    page.keyboard.press("Escape")  # the cell stays selected, not in edit mode
    page.locator("#portal input, #portal textarea").first.wait_for(state="detached", timeout=10_000)
    page.wait_for_timeout(300)  # the grid takes its focus back on its next frame
    page.keyboard.press("Control+V")


def test_a_pasted_decimal_comma_depth_is_refused(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/dlm_explorer?lesions=3x0.2x5").page
    page.get_by_text("0.2 cm deep is not deeper than 1 cm", exact=False).wait_for(timeout=10_000)
    paste_into(page, 1, "0,5")
    page.get_by_text(RULE, exact=False).first.wait_for(timeout=20_000)
    wait_for_app(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Row 1, depth (cm): '0,5'" in body
    assert "deeper than 1 cm: yes" not in body and "5 cm deep" not in body
    assert "Row 1 (segment 5, 3 cm, depth not read): not assessed" in body


def test_a_typed_decimal_comma_is_kept_and_refused(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/dlm_explorer?lesions=3x0.2x5").page
    type_into(page, 1, "1,5")  # the comma keystroke is kept, not dropped
    page.get_by_text(RULE, exact=False).first.wait_for(timeout=20_000)
    wait_for_app(page)
    assert "15 cm" not in page.locator("[data-testid='stMain']").inner_text()
