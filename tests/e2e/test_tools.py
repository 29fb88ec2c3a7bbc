"""Browser: a deep link to a non-trivial state of each Tools page renders the expected result, cleanly."""

from __future__ import annotations

import pytest

from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e


def assert_clean(result) -> None:  # type: ignore[no-untyped-def]
    assert result.page.locator("[data-testid='stException']").count() == 0
    assert result.console_errors == []
    assert result.page_errors == []


def test_prognostic_scores_deep_link(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    # every Fong item; GAME: KRAS 1 + CEA 1 + node 1 + TBS sqrt(7.5^2 + 4^2) = 8.5 -> 1 + extrahepatic 2 = 6
    query = "node=true&dfi=0&tumours=4&largest=7.5&cea=350&kras=true&ehd=true"
    result = visit(f"{server.url}/prognostic_scores?{query}")
    page = result.page
    metrics = page.locator("[data-testid='stMetricValue']")
    assert metrics.all_inner_texts() == ["5 of 5", "8.50", "6 of 7", "3 of 3"]
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # in a tab not yet open
    page.get_by_role("tab", name="Published outcomes").click()  # built when opened, and kept in the link
    # the chart's title (plotly draws each wrapped line on its own, so match its first words)
    page.locator(
        "[data-testid='stPlotlyChart'] .gtitle", has_text="Published 5-year survival"
    ).first.wait_for()
    page.wait_for_url("**tab=Published*")
    assert "largest=7.5" in page.url
    assert_clean(result)


def test_liver_remnant_deep_link(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    query = "flr_from=volume&flr_ml=522.045&bsa=2&liver=chemotherapy_or_steatosis"
    result = visit(f"{server.url}/liver_remnant?{query}")
    page = result.page
    assert page.get_by_text("An FLR of 30.0% is exactly at the review's threshold").is_visible()
    assert page.get_by_text("1740.15 mL", exact=False).first.is_visible()
    assert page.get_by_role("heading", name="When the remnant is too small").is_visible()
    assert_clean(result)


def test_response_assessment_deep_link_and_figure_1(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/response_assessment?targets=liver:35/20/28,lung:12/10/10&chun_after=2")
    page = result.page
    # sum 40 vs nadir 30: +33% and +10 mm -> PD, though 15% under the baseline of 47
    assert page.get_by_role("heading", name="RECIST 1.1: Progressive disease (PD)").is_visible()
    page.get_by_role("button", name="Load the review's Figure 1 patient").click()
    page.wait_for_url("**targets=liver*96*")
    wait_for_app(page)
    assert page.get_by_role("heading", name="RECIST 1.1: Stable disease (SD)").is_visible()
    # The Chun groups sit in their own tab; opening it keeps the edited table, and the tab stays open
    # when one of its widgets changes (the browser, unlike AppTest, reports the open tab itself).
    page.get_by_role("tab", name="CT morphologic response").click()
    page.get_by_role("heading", name="Incomplete morphologic response").wait_for()
    page.wait_for_url("**tab=CT*")
    assert "targets=liver" in page.url and "96" in page.url
    assert_clean(result)


def test_cea_monitor_deep_link(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/cea_monitor?weeks=0:40,3:38,6:39")
    page = result.page
    assert page.get_by_text("CEA fell, but by less than 7.5% from baseline").is_visible()
    assert page.get_by_text("-2.5%").first.is_visible()  # (39 - 40) / 40
    assert_clean(result)


def test_treatment_timing_deep_link(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/treatment_timing?start=2025-01-06&cycles=8&gap=3&bev=every_cycle")
    page = result.page
    assert page.get_by_text("More than 12 weeks of preoperative chemotherapy").is_visible()
    assert page.get_by_text("An interval of less than 4 weeks").is_visible()
    assert page.get_by_text("Preoperative bevacizumab was shown to be safe").is_visible()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 1
    assert "start=2025-01-06" in page.url
    assert_clean(result)


@pytest.mark.parametrize(
    "path",
    [
        "prognostic_scores?largest=0&nras=true",
        "liver_remnant?flr_from=volume&flr_ml=3000&bsa=1",
        "response_assessment?targets=liver:5/5/5,lung:abc/1/2&chun_before=1&chun_after=3",
        "cea_monitor?time=date",
        "treatment_timing?start=2025-01-06&surgery_by=date&bev=date",
    ],
    ids=["scores-error", "liver-error", "recist-error", "cea-dates", "timing-dates"],
)
def test_other_states_have_no_serious_accessibility_violations(server: Server, visit, path: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    result = visit(f"{server.url}/{path}")
    results = Axe().run(result.page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}: " + " | ".join(n["html"][:160] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    assert_clean(result)


def test_an_emptied_box_and_a_whole_number_box_say_what_was_typed(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """In the browser a cleared box snapped back to 0 (the Fong score then counted a disease-free interval of
    '0 months (synchronous)'), and a whole-number box read what was typed through "%d": 2.5 tumours as 2,
    1e6 weeks as 1, silently. Each is now kept as typed and named in place, with no result beside it."""
    result = visit(f"{server.url}/prognostic_scores?dfi=24")
    page = result.page
    metrics = page.locator("[data-testid='stMetricValue']")
    assert metrics.first.inner_text() == "2 of 5"
    for label, typed, said in (
        ("Disease-free interval (months)", "", "enter a number from 0 to 600; the box is empty."),
        ("Number of liver tumours", "2.5", "enter a whole number from 1 to 100; 2.5 is not a whole number."),
    ):
        box = page.get_by_label(label, exact=True)
        kept = box.input_value()
        box.fill(typed)
        box.press("Enter")
        page.get_by_text(f"{label}: {said}").wait_for()
        wait_for_app(page)
        assert box.input_value() == typed
        assert metrics.count() == 0
        box.fill(kept)
        box.press("Enter")
        page.get_by_text("Risk group: low (0-2 low, 3-5 high)").wait_for()
    assert_clean(result)

    result = visit(f"{server.url}/treatment_timing?start=2025-01-06")
    page = result.page
    box = page.get_by_label("Weeks from the last chemotherapy to surgery", exact=True)
    box.fill("1e6")
    box.press("Enter")
    page.get_by_text("enter a whole number from 1 to 52; 1000000 is above that range.").wait_for()
    wait_for_app(page)
    assert page.get_by_text("No result while an entry above is out of range").is_visible()
    assert_clean(result)
