"""The printable handout: the disclaimer on every page and at the end, and the reopen link's QR code.

Whether the printed pages each carry the disclaimer is checked in a real browser (tests/e2e/
test_handout_print.py); here, what the page holds."""

from __future__ import annotations

import re

import crlm_content
from crlm_content import DISCLAIMER, share
from crlm_content.decision import handout_html, handout_markdown, load_presets, recommend

LINK = "http://localhost:8501/walkthrough?lesion_count=6&bilobar=true&flr_percent=22&tab=Guideline+lens"


def _page(link: str = LINK) -> str:
    catalog = crlm_content.get_catalog()
    preset = next(p for p in load_presets(catalog) if p.key == "bilobar-small-remnant")
    return handout_html(preset.scenario, recommend(preset.scenario), catalog, link=link, case=preset)


def test_the_reopen_line_has_a_qr_code_of_exactly_its_link() -> None:
    """A printed page ended with a ~365-character address nobody types from paper: beside it, a QR code of
    that address, drawn inline (a standalone file fetches nothing) by the share panel's builder."""
    page = _page()
    assert page.count("<svg class='qr'") == 1
    assert re.search(r"<svg class='qr' [^>]*role='img' aria-label='QR code of the link[^']*'", page)
    reopen = page[page.index("<div class='reopen'>") :]
    assert reopen.index(share.qr_svg(LINK).decode().strip()) < reopen.index("Reopen this view: <a href=")
    other = LINK.replace("22", "23")
    assert share.qr_svg(other) != share.qr_svg(LINK) and share.qr_svg(other).decode().strip() not in page
    # drawn at the size of its box: the builder's 10 units a module, its quiet zone included, in a viewBox
    width = share.qr_modules(LINK) * 10
    assert f"<svg class='qr' viewBox='0 0 {width} {width}'" in page


def test_the_qr_code_draws_a_visitors_link_without_its_text() -> None:
    """The link is the visitor's own query: it is written escaped, and the code carries no text of it."""
    link = 'http://h/walkthrough?a=<script>alert(1)</script>&c="d"'
    page = _page(link)
    assert "<script" not in page and '"d"' not in page
    svg = page[page.index("<svg class='qr'") : page.index("</svg></svg>") + len("</svg></svg>")]
    assert "alert" not in svg and "walkthrough" not in svg
    assert share.qr_svg(link).decode().strip() in svg


def test_a_link_too_long_for_a_qr_code_is_printed_without_one() -> None:
    """The share builder refuses a link over its limit (a visitor's query can be that long): no traceback,
    the address alone."""
    link = "http://localhost:8501/walkthrough?q=" + "x" * share.MAX_LINK_LENGTH
    page = _page(link)
    assert "<svg" not in page and f'<a href="{link}">' in page


def test_the_disclaimer_foots_every_printed_page_and_ends_the_handout() -> None:
    """Printed, the disclaimer was on the first page alone: a fixed footer, repeated on every page, holds it
    (shown in print only), and the handout ends with it as it begins."""
    page = _page()
    footer = re.search(r"<div class='page-footer'>([^<]*)</div>", page)
    assert footer and footer.group(1) == DISCLAIMER
    print_css = page[page.index("@media print{") : page.index("</style>")]
    assert re.search(r"\.page-footer\{display:block;position:fixed;[^}]*bottom:0", print_css)
    assert ".page-footer,.footer-space{display:none}" in page[: page.index("@media print{")]  # not on screen
    body = page[: page.index("<div class='page-footer'>")]
    assert body.rstrip().endswith(f"<blockquote>{DISCLAIMER}</blockquote>\n</td></tr></tbody></table>")
    catalog = crlm_content.get_catalog()
    preset = next(p for p in load_presets(catalog) if p.key == "bilobar-small-remnant")
    text = handout_markdown(preset.scenario, recommend(preset.scenario), catalog, link=LINK)
    assert text.rstrip().endswith(f"> {DISCLAIMER}") and text.count(DISCLAIMER) == 2


def test_the_printed_page_draws_no_ligatures() -> None:
    """Chromium's PDF kept 'fl' and 'fi' as ligature glyphs in its text layer: a link copied from the printed
    handout read 'ﬂr_percent', which the app ignores. The page's body turns ligatures off (the real PDF is
    read back in tests/e2e/test_handout_print.py)."""
    style = re.search(r"<style>(.*?)</style>", _page(), re.S)
    assert style
    body = re.search(r"(?:^|})body\{([^}]*)\}", style.group(1))
    assert body and "font-variant-ligatures:none" in body.group(1).replace(" ", "")
