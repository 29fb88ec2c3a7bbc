"""Sources in a real browser on a phone (390 x 844): results above the fold, references named and linked,
a typed "≥" found, a typo answered with a close term."""

from __future__ import annotations

from urllib.parse import quote

import pytest

import crlm_content
from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_phone_sees_the_count_and_a_record_first_and_can_open_its_reference(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/sources?q={quote('FLR ≥ 20%')}", viewport=PHONE).page
    total = len(crlm_content.get_catalog().evidence)
    count = page.get_by_text(f"of {total} records shown", exact=False).first
    count.wait_for(timeout=10_000)
    box = count.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    link = page.locator("a[href*='tab=References&ref=93']").first
    assert link.is_visible()
    assert page.get_by_text("study not identified", exact=False).first.is_visible()  # what [93] is
    assert not page.get_by_text("select a row", exact=False).first.is_visible()
    opener = page.get_by_role("link", name="Open this record in full, with its caveats").first
    assert opener.is_visible() and "record=" in (opener.get_attribute("href") or "")
    with page.context.expect_page() as opened:  # markdown links open a new tab: the search stays in this one
        link.click()
    reference = opened.value
    reference.wait_for_load_state()
    wait_for_app(reference)
    assert "tab=References" in reference.url and "ref=93" in reference.url
    assert reference.locator("[data-testid='stException']").count() == 0
    cited = reference.get_by_text("Records citing it", exact=False)
    cited.first.wait_for(timeout=10_000)
    assert cited.count() == 1  # only the reference asked for


def test_a_typo_offers_a_close_term_that_searches(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/sources?q=FRL").page
    page.get_by_role("button", name="FLR", exact=True).click()
    page.wait_for_url("**q=FLR**")
    wait_for_app(page)
    assert page.get_by_role("textbox", name="Search the evidence").input_value() == "FLR"
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_selected_row_goes_into_the_link_that_reopens_its_card(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The share link of a view with a selected row carried only the search; reopened, the card was gone."""
    page = visit(f"{server.url}/sources?q={quote('FLR ≥ 20%')}", viewport={"width": 1366, "height": 900}).page
    grid = page.locator("[class*='st-key-wide-only-sources-evidence'] [data-testid='stDataFrame']")
    grid.wait_for(timeout=10_000)
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 18)  # the first row's selection box, under the header
    page.wait_for_function("() => location.search.includes('record=')", timeout=10_000)
    link = page.url
    assert "record=flr-threshold-normal-liver" in link, link
    reopened = visit(link, viewport={"width": 1366, "height": 900}).page
    statement = crlm_content.get_catalog().get("flr-threshold-normal-liver").statement
    card = reopened.locator("[data-testid='stMainBlockContainer']").get_by_text(statement[:40], exact=False)
    card.last.wait_for(timeout=10_000)  # the card below the grid (the grid draws on a canvas)
    assert reopened.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("width", [390, 360])
def test_a_phone_count_says_the_cut_list_shows_forty(server: Server, visit, width: int) -> None:  # type: ignore[no-untyped-def]
    """A registrar's phone said "112 of 190 records shown" over a list cut at 40."""
    from crlm_content.search import EvidenceFilter, filter_evidence

    catalog = crlm_content.get_catalog()
    found = len(filter_evidence(catalog, EvidenceFilter(text="chemotherapy")))
    assert found > 40
    page = visit(f"{server.url}/sources?q=chemotherapy", viewport={"width": width, "height": 844}).page
    line = page.get_by_text(
        f"of {len(catalog.evidence)} records found; the first 40 are listed below", exact=False
    )
    line.first.wait_for(timeout=10_000)
    assert line.first.is_visible()
    assert str(found) in line.first.inner_text()
    box = line.first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    assert not page.get_by_text("records shown", exact=False).first.is_visible()  # the grid's count is hidden
    assert "search or filter to see others" in line.first.inner_text()  # said once, at the top
    assert page.get_by_text(f"The first 40 of {found} are shown", exact=False).count() == 0
