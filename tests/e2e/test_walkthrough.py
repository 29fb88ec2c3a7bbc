"""Browser: a deep link to a non-trivial walkthrough scenario shows the same strategy as the engine."""

from __future__ import annotations

import pytest

from crlm_content.decision import STRATEGY_LABELS, Scenario, recommend
from devtools.server import Server

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


def test_deep_link_to_scenario_shows_engine_strategy(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    query = (
        "lesion_count=6&largest_lesion_cm=4&smallest_lesion_cm=1.2&bilobar=true&flr_percent=35"
        "&liver_condition=chemotherapy_or_steatosis&planned_preop_weeks=16&weeks_from_last_bevacizumab_to_surgery=4"
    )
    scenario = Scenario(
        synchronous=False,
        lesion_count=6,
        largest_lesion_cm=4,
        smallest_lesion_cm=1.2,
        bilobar=True,
        flr_percent=35,
        liver_condition="chemotherapy_or_steatosis",
        planned_preop_weeks=16,
        weeks_from_last_bevacizumab_to_surgery=4,
    )
    expected = STRATEGY_LABELS[recommend(scenario).strategy]
    assert expected.startswith("Perioperative")
    page = visit(f"{server.url}/walkthrough?{query}").page
    assert page.get_by_role("heading", name=f"Plan: {expected}").is_visible()
    assert page.get_by_text("Bevacizumab stopped less than 5 weeks before surgery").first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    assert "flr_percent=35" in page.url


def test_choosing_a_case_loads_it_and_clears_the_picker(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    import crlm_content
    from crlm_content.decision import load_presets

    preset = load_presets(crlm_content.get_catalog())[-1]
    expected = STRATEGY_LABELS[recommend(preset.scenario).strategy]
    page = visit(f"{server.url}/walkthrough").page
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Load a patient")
    picker.click()
    page.get_by_role("option", name=preset.title).click()
    page.get_by_role("heading", name=f"Plan: {expected}").wait_for(timeout=10_000)
    assert page.get_by_text(preset.description[:40]).first.is_visible()  # the loaded case is described
    box = picker.locator("input")
    assert box.input_value() == ""  # cleared, its placeholder showing: any case can be loaded again
    assert box.get_attribute("placeholder") == "Choose a case to load..."
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_pathway_map_draws_this_patients_path(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The map is drawn in the browser (Graphviz in WebAssembly, offline) from the engine's gates."""
    from crlm_content.decision import GATES, STRATEGY_LABELS, Strategy

    page = visit(f"{server.url}/walkthrough?tab=Pathway+map&flr_percent=15").page
    chart = page.locator("[data-testid='stGraphVizChart'] svg")
    chart.wait_for(timeout=15_000)
    text = chart.text_content() or ""
    assert all(gate.question.split()[0] in text for gate in GATES)
    caption = page.get_by_text("This patient's path:").inner_text()
    assert "Remnant large enough for this liver? no" in caption
    assert STRATEGY_LABELS[Strategy.LIVER_REMNANT_AUGMENTATION] in caption
    assert page.locator("[data-testid='stException']").count() == 0


def test_on_a_phone_the_plan_comes_before_the_inputs(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/walkthrough", viewport={"width": 390, "height": 844}).page
    plan = page.get_by_role("heading", name="Plan: ").first.bounding_box()
    inputs = page.get_by_role("heading", name="The patient").bounding_box()
    assert plan is not None and inputs is not None
    assert plan["y"] < inputs["y"]


def test_the_guideline_lens_shows_every_reading_and_its_references_on_a_laptop(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """At 1366 x 768 the lens grid cut 'For this patient' and pushed the References column off its right
    edge; the lens is one list on every screen."""
    page = visit(f"{server.url}/walkthrough?lesion_count=6&tab=Guideline+lens", viewport=LAPTOP).page
    page.get_by_text("AHPBA 2013", exact=False).first.wait_for(timeout=10_000)
    main = page.locator("[data-testid='stMainBlockContainer']")
    assert main.locator("[data-testid='stDataFrame']").count() == 0
    assert main.get_by_text("Reference", exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_a_link_above_the_plan_jumps_to_the_inputs(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The inputs start ~2,500 px below the plan on a phone: each edit was three screens of scrolling."""
    phone = visit(f"{server.url}/walkthrough", viewport={"width": 390, "height": 844}).page
    link = phone.get_by_role("link", name="Edit the patient ↓")
    link.click()
    heading = phone.get_by_role("heading", name="The patient")
    phone.wait_for_function(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < 200; }",
        arg=heading.element_handle(),
        timeout=10_000,
    )
    laptop = visit(f"{server.url}/walkthrough", viewport=LAPTOP).page
    assert not laptop.get_by_role("link", name="Edit the patient ↓").is_visible()  # side by side there


def test_a_link_to_a_page_seen_before_opens_its_view_and_back_undoes_an_edit(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The trials page's 'Open step N in the walkthrough', followed after the walkthrough had been opened in
    the session, showed the earlier patient (the URL was read once per session); and after edits the
    browser's Back changed nothing visible, the page rewriting the URL with the session's values."""
    from urllib.parse import parse_qs, urlsplit

    from playwright.sync_api import expect

    from crlm_content.decision import scenario_query_fields, state_to_data, validate_scenario
    from crlm_content.urlstate import parse_all
    from devtools.browser import wait_for_app

    page = visit(f"{server.url}/walkthrough", viewport=LAPTOP).page
    lesions = page.get_by_role("spinbutton", name="Number of liver lesions")
    assert lesions.input_value() == "1"
    page.get_by_text("Learn", exact=True).first.click()
    page.get_by_text("Trials and studies", exact=True).first.click()
    link = page.get_by_role("link", name="Open step").first
    link.wait_for(timeout=15_000)
    query = {k: v for k, v in parse_qs(urlsplit(link.get_attribute("href") or "").query).items()}
    fields = scenario_query_fields()
    values, problems = parse_all(fields, query)
    scenario, errors = validate_scenario(state_to_data({f.key: values.get(f.key, f.default) for f in fields}))
    assert not problems and scenario is not None and scenario.lesion_count != 1, (problems, errors)
    link.click()
    expected = f"Plan: {STRATEGY_LABELS[recommend(scenario).strategy]}"
    page.get_by_role("heading", name=expected).wait_for(timeout=15_000)
    assert lesions.input_value() == str(scenario.lesion_count)
    for typed in ("3", "4"):  # two edits, each a new entry in the browser's history
        lesions.fill(typed)
        lesions.press("Enter")
        page.wait_for_function(f"() => location.search.includes('lesion_count={typed}')", timeout=10_000)
        wait_for_app(page)
    page.go_back()
    page.wait_for_function("() => location.search.includes('lesion_count=3')", timeout=10_000)
    # Back undid the last edit: the run Back starts may begin after the app looks idle (a busy machine read
    # '4' here once), so the box is given the time a run takes to show it
    expect(lesions).to_have_value("3", timeout=10_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
