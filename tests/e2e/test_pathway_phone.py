"""Browser: the walkthrough's Pathway map is read at 12 px or more on a phone, as on a desktop.

Found by a phone reader's review (Android Chrome, 360x800 and 390x844): Streamlit draws a Graphviz chart's
labels at 9.6 units of its SVG, and stretched to a phone's column the map's 84 labels were 8.9 px (9.8 px at
390), its branches not taken grey at that size; the caption gave this patient's path only.
"""

from __future__ import annotations

from typing import Any

import pytest

from crlm_content.decision import GATES
from devtools.browser import wait_for_app
from devtools.server import Server

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
PHONES = [{"width": 360, "height": 800}, {"width": 390, "height": 844}]
DESKTOP = {"width": 1280, "height": 720}
MIN_PX = 12
# Two of its screens: the map stretched to a 1280 px window's column was 1,782 px tall.
DESKTOP_MAX_HEIGHT = 2 * DESKTOP["height"]
# The walkthrough's default patient passes every question; this one leaves at the remnant's.
QUERY = "tab=Pathway%20map&flr_percent=15"

# The map's shown texts, each as [text, px as drawn (computed size x the SVG's scale)]: the labels of every
# visible Graphviz chart, and every other text of the map's narrow-screen container (its text form).
MAP_TEXTS_JS = """
() => {
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const main = document.querySelector("[data-testid='stMain']");
  const labels = [...main.querySelectorAll("[data-testid='stGraphVizChart'] svg text")]
    .filter((t) => shown(t) && t.textContent.trim())
    .map((t) => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]);
  const words = [...main.querySelectorAll("[class*='st-key-narrow-only-walkthrough-map'] *")]
    .filter((el) => shown(el) && !el.closest("svg"))
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => [el.textContent.trim().slice(0, 60), parseFloat(getComputedStyle(el).fontSize)]);
  const charts = [...main.querySelectorAll("[data-testid='stGraphVizChart'] svg")].filter(shown)
    .map((svg) => svg.getBoundingClientRect().height);
  return {labels, words, charts, text: main.innerText};
}
"""


def _phone(chromium_browser: Any, url: str, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    """A page as an Android phone opens it (3 device pixels a CSS pixel, touch), and its page errors."""
    context = chromium_browser.new_context(
        viewport=viewport, device_scale_factor=3, is_mobile=True, has_touch=True, user_agent=ANDROID_CHROME
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    page.wait_for_timeout(500)  # d3-graphviz draws after the run
    return page, errors


@pytest.mark.parametrize("viewport", PHONES, ids=["360px", "390px"])
def test_every_text_of_the_map_is_12_px_on_a_phone(
    server: Server, chromium_browser: Any, viewport: dict[str, int]
) -> None:
    page, errors = _phone(chromium_browser, f"{server.url}/walkthrough?{QUERY}", viewport)
    try:
        drawn = page.evaluate(MAP_TEXTS_JS)
        texts = drawn["labels"] + drawn["words"]
        assert texts, drawn
        assert [t for t in texts if t[1] < MIN_PX] == []
        for gate in GATES:  # the whole map, every question and both its answers, not only the path
            assert gate.question in drawn["text"], gate.question
        assert (
            "Grow the liver remnant first (PVE or two-stage), then resection (this patient)" in drawn["text"]
        )
        # the diagram is one tap away, and as readable there
        page.get_by_text("The map as a diagram").click()
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stExpanderDetails'] [data-testid='stGraphVizChart'] svg text")
        page.wait_for_timeout(500)
        opened = page.evaluate(MAP_TEXTS_JS)
        assert len(opened["labels"]) > 2 * len(GATES), opened["labels"]
        assert [t for t in opened["labels"] + opened["words"] if t[1] < MIN_PX] == []
        assert errors == []
    finally:
        page.context.close()


def test_the_map_is_12_px_and_at_most_two_screens_tall_on_a_desktop(server: Server, visit: Any) -> None:
    result = visit(f"{server.url}/walkthrough?{QUERY}", viewport=DESKTOP)
    page = result.page
    page.wait_for_selector("[data-testid='stGraphVizChart'] svg text")
    page.wait_for_timeout(500)
    drawn = page.evaluate(MAP_TEXTS_JS)
    assert len(drawn["labels"]) > 2 * len(GATES), drawn["labels"]
    assert drawn["words"] == []  # the text form is the phone's
    assert [t for t in drawn["labels"] if t[1] < MIN_PX] == []
    assert len(drawn["charts"]) == 1 and drawn["charts"][0] <= DESKTOP_MAX_HEIGHT, drawn["charts"]
    assert result.page_errors == []


def test_the_projector_shows_the_diagram_large(server: Server, visit: Any) -> None:
    """Presenter mode shows every narrow-only form (the grids' lists), which hid the map's diagram behind
    its phone outline; the projector gets the diagram, its labels well above the phone's minimum."""
    result = visit(f"{server.url}/walkthrough?{QUERY}&present=1", viewport=DESKTOP)
    page = result.page
    page.wait_for_selector("[data-testid='stGraphVizChart'] svg text")
    page.wait_for_timeout(500)
    drawn = page.evaluate(MAP_TEXTS_JS)
    assert len(drawn["labels"]) > 2 * len(GATES), drawn["labels"]
    assert "The map in words" not in drawn["text"]
    assert min(t[1] for t in drawn["labels"]) >= 16, drawn["labels"]
    assert result.page_errors == []


def test_a_screen_reader_on_a_desktop_gets_the_map_in_words(server: Server, visit: Any) -> None:
    """The diagram's SVG reads as one run of its labels, each answer after the box it leads to; the words
    (every question, both answers, this patient's marked in words) were only on phones."""
    result = visit(f"{server.url}/walkthrough?{QUERY}", viewport=DESKTOP)
    page = result.page
    page.wait_for_selector("[data-testid='stGraphVizChart'] svg text")
    words = page.locator("[class*='st-key-sr-only-walkthrough-map-words']")
    tree = words.aria_snapshot()
    for gate in GATES:
        assert gate.question in tree, gate.question
    assert "Grow the liver remnant first (PVE or two-stage), then resection" in tree, tree
    assert "(this patient)" in tree, tree  # in words, not by bold alone
    assert words.bounding_box()["width"] <= 1  # in the accessibility tree, not drawn
