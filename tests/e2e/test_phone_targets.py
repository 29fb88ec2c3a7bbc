"""On a phone (360 and 390 px): radio options big enough to tap, the CEA chart's cut-off label clear of its
point labels, and the imaging page's study chips whole, each with its reference.

Found by a phone reader's review at 360x800 (Android Chrome): a vote's options 22 px tall and touching,
"fall of 7.5% (cut-off)" on the week-3 point's "-10.0%", and "Pooled meta-analysis, after chemo..." without
its [71].
"""

from __future__ import annotations

from typing import Any

import pytest

from crlm_content.imaging import MODALITY_KEYS
from devtools.browser import wait_for_app
from devtools.server import Server

SMALL_PHONE = {"width": 360, "height": 800}
PHONE = {"width": 390, "height": 844}

# Every visible radio option, as [text, px tall].
RADIO_OPTIONS_JS = """
() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stRadioOption']")]
  .map((el) => [el.innerText.trim().slice(0, 40), el.getBoundingClientRect().height])
  .filter(([, height]) => height > 0)
"""


@pytest.mark.parametrize("path", ["cases", "treatment_timing"])
def test_every_radio_option_is_a_24_px_target_on_a_phone(server: Server, visit: Any, path: str) -> None:
    """WCAG 2.5.8: 22 px options touching one another, where a wrong tap costs a vote (the cases' stage
    question is the vote's question)."""
    page = visit(f"{server.url}/{path}", viewport=SMALL_PHONE).page
    options = page.evaluate(RADIO_OPTIONS_JS)
    assert len(options) >= 3, options  # the stage's question; the timing page's choices
    assert [option for option in options if option[1] < 24] == []


# The CEA chart's texts naming the cut-off, and its points' labels, as [text, [left, top, right, bottom]].
CEA_TEXTS_JS = """
() => {
  const chart = document.querySelector("[data-testid='stPlotlyChart']");
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const visible = (el) => el.getBoundingClientRect().width > 0 && el.textContent.trim();
  const cutOff = [...chart.querySelectorAll('svg text')]
    .filter((t) => visible(t) && t.textContent.includes('(cut-off)'))
    .map((t) => [t.textContent, box(t)]);
  const points = [...chart.querySelectorAll('g.scatterlayer g.textpoint text')]
    .filter(visible)
    .map((t) => [t.textContent, box(t)]);
  return {cutOff, points};
}
"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["360px", "390px"])
def test_the_cea_cut_off_label_covers_no_point_label_on_a_phone(
    server: Server, visit: Any, viewport: dict[str, int]
) -> None:
    """With the page's own example, "fall of 7.5% (cut-off)" overlapped "-10.0%" by 5x6 px at 360 px."""
    page = visit(f"{server.url}/cea_monitor", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.textpoint text", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    drawn = page.evaluate(CEA_TEXTS_JS)
    assert [text for text, _ in drawn["cutOff"]] == ["fall of 7.5% (cut-off)"]
    assert [text for text, _ in drawn["points"]] == ["baseline", "-10.0%", "-22.5%", "-27.5%"]
    (_, cut), *_ = drawn["cutOff"]
    covered = [
        text
        for text, (left, top, right, bottom) in drawn["points"]
        if left < cut[2] and right > cut[0] and top < cut[3] and bottom > cut[1]
    ]
    assert covered == [], drawn


# Every text of a multiselect's chips that is cut (an ellipsis at the chip's end), as [text, px cut].
CUT_CHIPS_JS = """
() => [...document.querySelectorAll("[data-testid='stMultiSelectTagsContainer'] span")]
  .filter((el) => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth)
  .map((el) => [el.textContent, el.scrollWidth - el.clientWidth])
"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["360px", "390px"])
def test_every_imaging_chip_is_whole_with_its_reference_on_a_phone(
    server: Server, visit: Any, viewport: dict[str, int]
) -> None:
    page = visit(f"{server.url}/imaging", viewport=viewport).page
    studies = page.locator("[data-testid='stMultiSelect']").filter(has_text="Studies")
    for reference in ("[71]", "[69]", "[78]"):  # every study chosen by default
        assert studies.get_by_text(reference, exact=False).count() == 1
    assert page.evaluate(CUT_CHIPS_JS) == []


# The Modalities box and each of its chips, as [top, bottom] (the box: the element Streamlit caps in height).
MODALITY_CHIPS_JS = """
() => {
  const select = [...document.querySelectorAll("[data-testid='stMultiSelect']")]
    .find((el) => el.innerText.includes('Modalities'));
  const tags = select.querySelector("[data-testid='stMultiSelectTagsContainer']");
  const span = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
  return {box: span(tags.parentElement),
          chips: [...tags.querySelectorAll('[data-tag]')].map((chip) => [chip.innerText.trim(), span(chip)])};
}
"""


def test_every_imaging_modality_chip_is_inside_its_box_on_a_phone(
    server: Server, chromium_browser: Any
) -> None:
    """At 390x844 (a phone at 3 device pixels per CSS pixel) the box showed four and a half rows of chips and
    cut its eighth, "contrast-enhanced CT", in half at its bottom edge (a scroll nobody sees on a phone)."""
    context = chromium_browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(f"{server.url}/imaging", wait_until="domcontentloaded")
        wait_for_app(page)
        drawn = page.evaluate(MODALITY_CHIPS_JS)
        top, bottom = drawn["box"]
        assert len(drawn["chips"]) == len(MODALITY_KEYS), drawn  # every modality chosen by default
        outside = [(text, span) for text, span in drawn["chips"] if span[0] < top or span[1] > bottom]
        assert outside == [], drawn
    finally:
        context.close()
