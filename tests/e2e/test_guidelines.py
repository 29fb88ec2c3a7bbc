"""Real Chromium: deep links into the Guideline comparison show the disagreement, clean and accessible."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e


def _serious_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_deep_link_to_duration_topic_shows_the_disagreement(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/guidelines?view=topic&topic=duration")
    page = result.page
    assert page.get_by_role("heading", name="Duration of chemotherapy").is_visible()
    assert page.get_by_text("Positions differ, with no majority", exact=False).is_visible()
    assert page.get_by_text(
        "6 months in total, before and after surgery: Expert Group", exact=False
    ).is_visible()
    assert page.get_by_text("caveat 9, How long before surgery?", exact=False).is_visible()
    assert "view=topic" in page.url and "topic=duration" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    assert result.console_errors == []
    assert result.page_errors == []
    assert _serious_violations(page) == []


def test_deep_link_to_resectable_topic_names_expert_group_and_esmo(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(
        f"{server.url}/guidelines?view=topic&topic=neoadjuvant_resectable&situation=resectable_synchronous"
    ).page
    assert page.get_by_role(
        "heading", name="Neoadjuvant chemotherapy for resectable disease"
    ).first.is_visible()
    assert page.get_by_text("Recommended (chemotherapy first): Expert Group", exact=False).is_visible()
    assert page.get_by_text("(caveat 10, ", exact=False).first.is_visible()
    # NCCN's "can consider" is an option it allows, not the lean of ESMO, IHPBA and AHPBA (caveat 10)
    assert page.get_by_text(
        "Largest group (3 of 6, not a majority) — Leans to chemotherapy first: ESMO, IHPBA, AHPBA",
        exact=False,
    ).is_visible()
    assert page.get_by_text("Allowed as an option, not preferred: NCCN", exact=False).is_visible()
    assert "situation=resectable_synchronous" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


def test_timeline_view_renders_the_chart_cleanly(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/guidelines?view=timeline")
    page = result.page
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=15_000)
    assert page.get_by_text("Chart description: Timeline of the guidelines", exact=False).is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    assert result.console_errors == []
    assert _serious_violations(page) == []


def test_switching_to_the_topic_view_updates_the_url(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/guidelines").page
    page.get_by_text("Topic view", exact=True).click()
    page.wait_for_url("**view=topic**")
    wait_for_app(page)
    # over all situations no stance is held by more organisations than every other: no group is called one
    assert page.get_by_text("Positions differ, with no majority", exact=False).is_visible()
    assert page.get_by_text("not a majority)", exact=False).count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}])
def test_the_timeline_legend_in_the_table_s_words_keeps_clear_of_the_note_in_presenter_mode(
    server: Server, visit: Any, viewport: dict[str, int]
) -> None:
    """The legend says each stance in the table's words, some entries over five lines: at presenter mode's
    20 px each further line drew ~26.5 px, and with 18 px kept a line the last entry ("Not stated") ran 23 px
    into the source note at 1920x1080."""
    from .test_phone import LEGEND_AND_NOTE_JS

    page = visit(f"{server.url}/guidelines?view=timeline&present=1", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.legend g.traces", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    drawn = page.evaluate(LEGEND_AND_NOTE_JS)
    assert drawn["items"] == 6 and drawn["legend"] is not None and drawn["note"] is not None
    assert drawn["legend"][3] <= drawn["note"][1], drawn
