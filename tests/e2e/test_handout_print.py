"""Browser: the walkthrough's printable summary, printed by Chromium to an A4 PDF, says on every page that it
is educational only, and its reopen link comes with a QR code.

A presenter printed a long plan: six pages, the disclaimer on the first alone, so a page passed round the room
carried none. pypdf reads Chromium's PDF back: each page's text, and where each line of it is drawn.
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader

from devtools.server import Server

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Line:
    """One printed line: its text, its baseline (points from the page's top) and its largest font size."""

    text: str
    baseline: float
    size: float


@dataclass(frozen=True)
class Page:
    text: str
    lines: list[Line]  # from the top of the page down


def _read(page: PageObject) -> Page:
    """pypdf gives each piece of text with the current transformation and text matrices where it starts;
    its baseline and size come from their product (PDF's row vectors: text matrix × transformation), and
    the pieces on one baseline (a line set in more than one font) make one line."""
    top = float(page.mediabox.top)
    pieces: list[tuple[float, float, float, str]] = []  # baseline, x, size, text

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            pieces.append((top - y, x, font_size * scale, text.strip()))

    text = page.extract_text(visitor_text=visit)
    rows: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces):
        if rows and piece[0] - rows[-1][0][0] < 1:  # the same baseline, to a point
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = [
        Line(" ".join(p[3] for p in sorted(row, key=lambda p: p[1])), row[0][0], max(p[2] for p in row))
        for row in rows
    ]
    return Page(text, lines)


def pdf_pages(pdf: bytes) -> list[Page]:
    """Each page's text and lines, in page order."""
    return [_read(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def _squeezed(text: str) -> str:
    """Text as compared across line breaks: ligatures unfolded (Skia draws 'fi' as one glyph), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_every_printed_page_of_a_long_handout_says_educational_only(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    import crlm_content
    from crlm_content import DISCLAIMER, share
    from crlm_content.decision import STRATEGY_LABELS, load_presets, recommend

    preset = next(p for p in load_presets(crlm_content.get_catalog()) if p.key == "bilobar-small-remnant")
    page = visit(f"{server.url}/walkthrough").page
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Load a patient")
    picker.click()
    page.get_by_role("option", name=preset.title).click()
    page.get_by_role(
        "heading", name=f"Plan: {STRATEGY_LABELS[recommend(preset.scenario).strategy]}"
    ).wait_for()
    page.get_by_role("tab", name="Guideline lens").click()
    page.wait_for_url("**tab=Guideline*")
    with page.expect_download() as download:
        page.get_by_role("button", name="Printable summary (HTML, print to PDF)").click()
    handout = Path(download.value.path()).read_text(encoding="utf-8")

    printed = page.context.new_page()
    printed.set_content(handout)
    link = printed.locator(".link a").get_attribute("href")
    assert link and "case=bilobar-small-remnant" in link and len(link) > 300, link  # the long address
    pages = pdf_pages(printed.pdf(format="A4"))
    assert len(pages) >= 4, "a plan this long must span pages for the test to mean anything"
    without = [
        n
        for n, printed_page in enumerate(pages, start=1)
        if _squeezed(DISCLAIMER) not in _squeezed(printed_page.text)
    ]
    assert without == [], f"pages without the disclaimer: {without}"
    for number, printed_page in enumerate(pages, start=1):
        # on each page the disclaimer is the lowest line, a footer clear of every other line
        *body, footer = printed_page.lines
        assert _squeezed(footer.text) == _squeezed(DISCLAIMER), (number, footer)
        lowest = body[-1]
        assert lowest.baseline + 0.3 * lowest.size < footer.baseline - footer.size, (number, lowest, footer)
    # beside the address, a QR code of exactly that address (the app's builder, drawn inline)
    from crlm_content.decision.handout import QR_LABEL

    assert share.qr_svg(link).decode().strip() in handout
    assert printed.get_by_role("img", name=QR_LABEL).count() == 1
    printed.emulate_media(media="print")
    qr = printed.get_by_role("img", name=QR_LABEL).bounding_box()
    line = printed.locator(".link").bounding_box()
    assert qr and line and qr["width"] > 100  # 40 mm: a phone reads it off the page
    assert qr["x"] + qr["width"] <= line["x"]  # beside the line: left of it, the two overlapping in height
    assert qr["y"] < line["y"] + line["height"] and line["y"] < qr["y"] + qr["height"]


# Latin ligatures (ff, fi, fl, ffi, ffl, long st, st): a PDF's text layer that stores one keeps it when the
# text is copied, and a copied 'ﬂr_percent' or 'case=ﬁgure-1' is a parameter the app does not know.
LIGATURES = {chr(code) for code in range(0xFB00, 0xFB07)}


def test_a_link_copied_from_the_printed_pdf_is_the_link(chromium_browser: Any) -> None:
    """Chromium's PDF stored the link's 'fl' and 'fi' as ligature glyphs, so a link copied from the printed
    handout reopened another patient. The printed link's text is the link, letter for letter."""
    import crlm_content
    from crlm_content.decision import load_presets, recommend
    from crlm_content.decision.handout import handout_html

    catalog = crlm_content.get_catalog()
    preset = next(p for p in load_presets(catalog) if p.key == "figure-1")
    link = "http://localhost:8501/walkthrough?case=figure-1&flr_percent=35&fiducial=off&affix=1"
    handout = handout_html(preset.scenario, recommend(preset.scenario), catalog, link=link, case=preset)
    context = chromium_browser.new_context()
    try:
        printed = context.new_page()
        printed.set_content(handout)
        text = "".join(page.text for page in pdf_pages(printed.pdf(format="A4")))
    finally:
        context.close()
    assert not LIGATURES & set(text), sorted(LIGATURES & set(text))
    assert link in "".join(text.split()), "the printed link, joined across its line breaks"
