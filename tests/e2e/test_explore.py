"""Browser: deep links to non-trivial states of the Explore pages (Imaging, DLM explorer) on a real server."""

from __future__ import annotations

import pytest

from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e


def test_imaging_deep_link_before_and_after_chemotherapy(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    query = "view=chemo&studies=prometeo,intraop&modalities=ct,ce-ct&n=37&example=prometeo-ct-nct"
    result = visit(f"{server.url}/imaging?{query}")
    page = result.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Imaging: how sensitive is each test?").is_visible()
    assert page.get_by_role("heading", name="CT after chemotherapy").is_visible()
    # the primary's comparison of different patients, with no fall derived from the review's 82% and 71%
    assert page.get_by_text("no fall is computed from them").is_visible()
    assert page.get_by_text("percentage points").count() == 0
    assert page.get_by_text("37 lesions x 71% = 26.27 expected to be found").is_visible()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator(".js-plotly-plot").count() == 2  # the CT chart and the icon array
    # The icon array's title, in the chart (its lines wrap to fit a phone: compared without the breaks).
    titles = "".join(page.locator(".js-plotly-plot .gtitle").all_text_contents()).replace(" ", "")
    assert "37 true lesions: about 26 found, 11 missed".replace(" ", "") in titles
    assert "n=37" in page.url and "view=chemo" in page.url
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0
    assert result.page_errors == []


def test_dlm_explorer_deep_link_flags_and_messages(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    query = "lesions=1.99x1.01x3,2x1x4,-1x1x2&cycles=8&cycle_weeks=3"
    result = visit(f"{server.url}/dlm_explorer?{query}")
    page = result.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="DLM explorer: disappearing liver metastases").is_visible()
    assert page.get_by_text("Row 3, size (cm): -1 must be greater than 0 cm").is_visible()
    assert page.get_by_text("Derived: 8 cycles x 3 weeks = 24 weeks.").is_visible()
    page.get_by_role("tab", name="Leaving DLM in place").click()  # the chart is built when its tab opens
    page.get_by_text("P = 0.04 [80]").first.wait_for()  # in the RFS chart
    assert "lesions=1.99x1.01x3" in page.url.replace("%2C", ",")
    assert result.page_errors == []


def test_dlm_explorer_loads_the_figure_2_patient(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/dlm_explorer").page
    page.get_by_role("button", name="Load the Figure 2 patient").click()
    page.wait_for_url("**lesions=xx5**")
    wait_for_app(page)
    assert page.get_by_text("This is the Figure 2 patient").is_visible()
    assert page.get_by_text("the cycle length is not given", exact=False).first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
