"""AppTest of the decision walkthrough: every preset, deep links, bad parameters, inconsistent input."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_content.decision import (
    STRATEGY_LABELS,
    Preset,
    Scenario,
    load_presets,
    recommend,
    scenario_query_fields,
    state_to_data,
)
from crlm_content.urlstate import parse_all

from .test_pages import run_page

PAGE = "app_pages/decision_walkthrough.py"
PRESETS = load_presets(crlm_content.get_catalog())


def plan_heading(at: AppTest) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("Plan: "))


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_each_preset_loads_with_one_click(preset: Preset) -> None:
    at = run_page(PAGE)
    at.selectbox(key="preset_choice").select(preset.key).run()
    assert not at.exception
    expected = STRATEGY_LABELS[recommend(preset.scenario).strategy]
    assert plan_heading(at) == f"Plan: {expected}"
    fields = scenario_query_fields()
    params = {key: [str(value)] for key, value in at.query_params.items()}
    values, problems = parse_all(fields, params)
    assert problems == []
    restored = {f.key: values.get(f.key, f.default) for f in fields}
    assert Scenario.model_validate(state_to_data(restored)) == preset.scenario
    assert at.selectbox(key="preset_choice").value is None  # cleared: any case can be loaded again


def open_section(at: AppTest, number: int) -> None:
    """Open one of the patient's input sections (their widgets are built only while open)."""
    at.session_state[f"section_{number}"] = True
    at.run()
    assert not at.exception, at.exception


def test_closed_sections_keep_their_values() -> None:
    """Widgets of a closed section are not rendered; their values must survive reruns all the same."""
    at = run_page(PAGE)
    assert "flr_percent" not in [w.key for w in at.number_input]  # section 2 starts closed
    open_section(at, 2)
    at.number_input(key="flr_percent").set_value(22).run()
    at.session_state["section_2"] = False
    at.run()
    at.run()
    assert "flr_percent" not in [w.key for w in at.number_input]
    assert at.query_params["flr_percent"] == "22"
    open_section(at, 2)
    assert at.number_input(key="flr_percent").value == 22


def test_deep_link_reproduces_a_scenario() -> None:
    params = {"lesion_count": "8", "bilobar": "true", "flr_percent": "22", "liver_condition": "cirrhosis"}
    at = run_page(PAGE, params)
    assert plan_heading(at) == "Plan: Conversion chemotherapy, re-assessing for resection"
    open_section(at, 2)
    assert at.number_input(key="flr_percent").value == 22
    assert not at.warning


def test_malformed_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"flr_percent": "abc", "ras_status": "purple", "lesion_count": "-3"})
    notice = at.warning[0].value
    assert "flr" in notice and "ras" in notice and "lesion" in notice
    assert plan_heading(at).startswith("Plan: ")


def test_inconsistent_patient_gives_a_message_not_an_exception() -> None:
    at = run_page(PAGE)
    at.number_input(key="smallest_lesion_cm").set_value(5.0).run()
    assert not at.exception
    assert "smallest lesion cannot be larger" in at.error[0].value
    assert not [h for h in at.subheader if h.value.startswith("Plan: ")]


def test_changing_a_widget_changes_the_plan_and_the_url() -> None:
    at = run_page(PAGE)
    assert plan_heading(at) == "Plan: Upfront resection (then adjuvant chemotherapy)"
    open_section(at, 3)
    at.toggle(key="high_operative_risk").set_value(True).run()
    assert plan_heading(at) == "Plan: Perioperative (neoadjuvant) chemotherapy, then resection"
    assert at.query_params["high_operative_risk"] == "true"


def test_guideline_lens_marks_agreement_for_the_situation() -> None:
    assert not [h for h in run_page(PAGE).subheader if h.value.startswith("Guideline lens")]  # tab closed
    at = run_page(PAGE, {"synchronous": "true", "tab": "Guideline lens"})
    heading = next(h.value for h in at.subheader if h.value.startswith("Guideline lens"))
    assert heading == "Guideline lens: Resectable, synchronous"
    lens_table = at.dataframe[-1].value
    assert len(lens_table[lens_table["Organisation"] != "The review's own text"]) == 7
    assert any("Differ" in m.value for m in at.markdown)
    at = run_page(PAGE, {"complete_resection_possible": "false", "tab": "Guideline lens"})
    heading = next(h.value for h in at.subheader if h.value.startswith("Guideline lens"))
    assert heading == "Guideline lens: Unresectable"
    assert any("agree" in m.value for m in at.markdown)
