"""The decision engine: rules from the review, cited steps, validation, presets, handout; property tests."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crlm_content
from crlm_content import Catalog
from crlm_content.coverage import numbers_in
from crlm_content.decision import (
    DLM_DEPTH_ABOVE_CM,
    DLM_SIZE_BELOW_CM,
    FLAGS,
    LOW_RISK_MAX_LESIONS,
    MIN_MARGIN_MM,
    Recommendation,
    Scenario,
    Strategy,
    guideline_lens,
    guideline_situation,
    handout_markdown,
    load_presets,
    recommend,
    scenario_query_fields,
    scenario_to_state,
    state_to_data,
    validate_scenario,
    walkthrough_query_fields,
)
from crlm_content.urlstate import ParamValue, parse_all


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


def param_value(value: object) -> ParamValue:
    """A widget/URL state value, checked to be one a query field can serialize."""
    assert value is None or isinstance(value, (str, int, float, bool, list)), value
    return value


def base(**changes: object) -> Scenario:
    data: dict[str, object] = {
        "synchronous": False,
        "disease_free_interval_months": 24,
        "lesion_count": 2,
        "largest_lesion_cm": 3,
        "flr_percent": 60,
        "resection_easy": True,
    }
    data.update(changes)
    return Scenario.model_validate(data)


def test_flag_codes_are_the_published_api() -> None:
    assert {
        "flr_insufficient",
        "portal_vein_embolization",
        "two_stage_hepatectomy",
        "anti_egfr_not_for_resectable",
        "anti_egfr_option",
        "bevacizumab_option",
        "immunotherapy_option",
        "triplet_option",
        "bevacizumab_washout_short",
        "interval_under_4_weeks",
        "duration_over_12_weeks",
        "dlm_risk",
        "fiducial_marker",
        "mri_preferred",
        "margin_submillimetre",
        "guidelines_disagree",
    } == FLAGS


def test_thresholds_equal_their_cited_records() -> None:
    c = catalog()
    assert c.get("guidelines-upfront-resection-low-risk").values[0].value == LOW_RISK_MAX_LESIONS
    assert c.get("dlm-risk-factors").value("lesion diameter").value == DLM_SIZE_BELOW_CM
    assert c.get("dlm-risk-factors").value("depth below the liver surface").value == DLM_DEPTH_ABOVE_CM
    assert c.get("margins-submillimetre").value("minimum margin width").value == MIN_MARGIN_MM


def test_resectable_low_risk_metachronous_is_upfront_resection() -> None:
    plan = recommend(base())
    assert (plan.strategy, plan.resectable) == (Strategy.UPFRONT_RESECTION, True)
    # RAS not yet known; Table 2's organisations differ on resectable disease
    assert plan.flags == {"anti_egfr_not_for_resectable", "guidelines_disagree"}


def test_four_lesions_is_low_risk_five_is_not() -> None:
    assert recommend(base(lesion_count=4)).strategy is Strategy.UPFRONT_RESECTION
    assert recommend(base(lesion_count=5)).strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY


def test_high_operative_risk_leads_to_perioperative_chemotherapy() -> None:
    plan = recommend(base(high_operative_risk=True))
    assert plan.strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
    assert {"mri_preferred", "bevacizumab_option", "guidelines_disagree"} <= plan.flags


@pytest.mark.parametrize(
    "change",
    [
        {"complete_resection_possible": False},
        {"two_adjacent_segments_spared": False},
        {"vascular_and_biliary_preserved": False},
        {"extrahepatic_disease": "unresectable"},
        {"flr_percent": 19.9},
    ],
)
def test_each_resectability_criterion_alone_makes_disease_unresectable(change: dict[str, object]) -> None:
    plan = recommend(base(**change))
    assert (plan.resectable, plan.strategy) == (False, Strategy.CONVERSION_CHEMOTHERAPY)


@pytest.mark.parametrize(
    ("flr", "condition", "sufficient"),
    [
        (20, "normal", True),
        (19.99, "normal", False),
        (30, "chemotherapy_or_steatosis", False),
        (30.01, "chemotherapy_or_steatosis", True),
        (40, "cirrhosis", False),
        (40.01, "cirrhosis", True),
    ],
)
def test_flr_boundaries_follow_the_review_signs(flr: float, condition: str, sufficient: bool) -> None:
    plan = recommend(base(flr_percent=flr, liver_condition=condition))
    assert plan.resectable is sufficient
    assert ("flr_insufficient" in plan.flags) is (not sufficient)
    assert ("portal_vein_embolization" in plan.flags) is (not sufficient)


def test_two_stage_only_for_bilobar_disease_not_resectable_in_one_stage() -> None:
    assert "two_stage_hepatectomy" in recommend(base(bilobar=True, flr_percent=15)).flags
    assert "two_stage_hepatectomy" not in recommend(base(bilobar=False, flr_percent=15)).flags
    assert "two_stage_hepatectomy" not in recommend(base(bilobar=True)).flags


def test_anti_egfr_never_for_resectable_disease() -> None:
    resectable = recommend(base(ras_status="wild_type", braf_v600e=False))
    assert "anti_egfr_not_for_resectable" in resectable.flags
    assert "anti_egfr_option" not in resectable.flags
    unresectable = recommend(
        base(ras_status="wild_type", braf_v600e=False, complete_resection_possible=False)
    )
    assert "anti_egfr_option" in unresectable.flags
    mutant = recommend(base(ras_status="kras_mutant", complete_resection_possible=False))
    assert not {"anti_egfr_option", "anti_egfr_not_for_resectable"} & mutant.flags
    assert "bevacizumab_option" in mutant.flags


def test_immunotherapy_and_triplet_options() -> None:
    assert "immunotherapy_option" in recommend(base(msi_high_or_dmmr=True)).flags
    assert "immunotherapy_option" not in recommend(base(msi_high_or_dmmr=False)).flags
    conversion = {"complete_resection_possible": False}
    assert "triplet_option" in recommend(base(**conversion, good_performance_status=True)).flags
    assert "triplet_option" not in recommend(base(**conversion, good_performance_status=False)).flags


@pytest.mark.parametrize(
    ("changes", "flag", "present"),
    [
        ({"planned_preop_weeks": 12}, "duration_over_12_weeks", False),
        ({"planned_preop_weeks": 12.5}, "duration_over_12_weeks", True),
        ({"weeks_from_last_chemotherapy_to_surgery": 4}, "interval_under_4_weeks", False),
        ({"weeks_from_last_chemotherapy_to_surgery": 3.9}, "interval_under_4_weeks", True),
        ({"weeks_from_last_bevacizumab_to_surgery": 5}, "bevacizumab_washout_short", False),
        ({"weeks_from_last_bevacizumab_to_surgery": 4.9}, "bevacizumab_washout_short", True),
        ({"smallest_lesion_cm": 2}, "dlm_risk", False),
        ({"smallest_lesion_cm": 1.99}, "dlm_risk", True),
        ({"deepest_lesion_depth_cm": 1}, "dlm_risk", False),
        ({"deepest_lesion_depth_cm": 1.01}, "dlm_risk", True),
        ({"expected_margin_mm": 1}, "margin_submillimetre", False),
        ({"expected_margin_mm": 0.9}, "margin_submillimetre", True),
    ],
)
def test_flag_boundaries(changes: dict[str, object], flag: str, present: bool) -> None:
    assert (flag in recommend(base(**changes)).flags) is present


def test_single_lesion_size_counts_for_dlm_and_fiducial_only_with_chemotherapy() -> None:
    upfront = recommend(base(lesion_count=1, largest_lesion_cm=1.5))
    assert "dlm_risk" in upfront.flags and "fiducial_marker" not in upfront.flags
    chemo = recommend(base(lesion_count=1, largest_lesion_cm=1.5, high_operative_risk=True))
    assert {"dlm_risk", "fiducial_marker"} <= chemo.flags


def test_guidelines_disagree_follows_the_guideline_lens() -> None:
    """Table 2 differs on resectable disease (both situations) and agrees on unresectable disease."""
    for changes, situation, disagree in (
        ({}, "resectable_metachronous", True),
        ({"synchronous": True, "disease_free_interval_months": None}, "resectable_synchronous", True),
        ({"complete_resection_possible": False}, "unresectable", False),
    ):
        scenario = base(**changes)
        plan = recommend(scenario)
        lens = guideline_lens(scenario, resectable=plan.resectable)
        assert guideline_situation(scenario, resectable=plan.resectable) == situation
        assert ("guidelines_disagree" in plan.flags) is disagree
        assert (len(lens.agreement.groups) > 1) is disagree
        stated = [row for row in lens.rows if row.stated]
        assert set(plan.step("strategy").evidence_ids) >= {i for row in stated for i in row.evidence_ids}
    synchronous = recommend(base(synchronous=True, disease_free_interval_months=None, resection_easy=None))
    assert "ESMO" in synchronous.step("strategy").reasoning
    assert "unless resection is easy" in synchronous.step("strategy").reasoning


def test_gaps_are_stated_not_filled() -> None:
    plan = recommend(base())
    assert "never defines" in (plan.step("risk").gap or "")
    assert "unknown" in (recommend(base(ras_status="unknown")).step("molecular").gap or "")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"lesion_count": 0}, "Number of liver lesions", "greater than or equal to 1"),
        ({"flr_percent": 101}, "Future liver remnant", "less than or equal to 100"),
        ({"flr_percent": -1}, "Future liver remnant", "greater than or equal to 0"),
        ({"largest_lesion_cm": -2}, "Largest lesion", "greater than 0"),
        ({"planned_preop_weeks": -1}, "Planned chemotherapy", "greater than or equal to 0"),
        ({"smallest_lesion_cm": 4}, "Smallest lesion", "cannot be larger than the largest"),
        ({"lesion_count": 1, "bilobar": True}, "Both lobes", "single lesion"),
        ({"synchronous": True}, "Disease-free interval", "interval of 0"),
    ],
)
def test_impossible_input_is_a_message_naming_the_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    data = base().model_dump() | changes
    scenario, messages = validate_scenario(data)
    assert scenario is None
    assert len(messages) == 1
    assert messages[0].startswith(field) and words in messages[0]


def test_presets_cover_every_strategy_and_the_review_figures() -> None:
    presets = load_presets(catalog())
    assert len(presets) >= 6
    assert {"figure-1", "figure-2"} <= {p.key for p in presets}
    assert {recommend(p.scenario).strategy for p in presets} == set(Strategy)


def test_url_state_round_trip_of_every_preset() -> None:
    fields = scenario_query_fields()
    by_key = {f.key: f for f in fields}
    for preset in load_presets(catalog()):
        state = scenario_to_state(preset.scenario)
        params = {
            k: [text] for k, v in state.items() if (text := by_key[k].serialize(param_value(v))) is not None
        }
        values, problems = parse_all(fields, params)
        assert problems == []
        restored = {f.key: values.get(f.key, f.default) for f in fields}
        assert Scenario.model_validate(state_to_data(restored)) == preset.scenario


def test_the_walkthrough_fields_are_the_scenario_fields_then_the_tab_built_once() -> None:
    tabs = ("Plan", "Lens")
    fields = walkthrough_query_fields(tabs)
    assert fields[:-1] == scenario_query_fields()
    tab = fields[-1]
    assert (tab.key, tab.default, tab.choices) == ("tab", "Plan", tabs)
    # A widget callback holds these for its session: each run must get the same objects, not copies.
    assert walkthrough_query_fields(("Plan", "Lens")) is fields
    assert walkthrough_query_fields(("Lens", "Plan"))[-1].default == "Lens"


def test_handout_is_self_contained() -> None:
    scenario = base(high_operative_risk=True)
    text = handout_markdown(scenario, recommend(scenario), catalog(), link="?high_operative_risk=true")
    assert text.startswith("# CRLM decision walkthrough")
    assert crlm_content.DISCLAIMER in text and "10.4251/wjgo.v13.i9.1043" in text
    assert "## 5. Strategy" in text and "resectable-eortc-40983-pfs" in text
    assert "[48] EORTC 40983 / Nordlinger B 2008" in text
    assert "Reopen this view: ?high_operative_risk=true" in text
    assert "## Guideline lens (resectable metachronous)" in text and "- NCCN 2020 [18]: " in text


def _step_numbers_are_traceable(scenario: Scenario, plan: Recommendation) -> None:
    inputs = {float(f"{v:.2f}") for v in scenario.model_dump().values() if isinstance(v, int | float)}
    for step in plan.steps:
        cited = {
            number
            for evidence_id in step.evidence_ids
            for value in catalog().get(evidence_id).values
            for number in (value.value, value.high)
            if number is not None
        }
        for number in numbers_in(f"{step.finding} {step.reasoning} {step.gap or ''}"):
            assert number in cited | inputs, (step.key, number)


scenario_inputs = st.fixed_dictionaries(
    dict(
        synchronous=st.booleans(),
        lesion_count=st.integers(1, 100),
        largest_lesion_cm=st.floats(0.1, 30),
        bilobar=st.booleans(),
        extrahepatic_disease=st.sampled_from(["none", "resectable", "unresectable"]),
        complete_resection_possible=st.booleans(),
        two_adjacent_segments_spared=st.booleans(),
        vascular_and_biliary_preserved=st.booleans(),
        flr_percent=st.floats(0, 100),
        liver_condition=st.sampled_from(["normal", "chemotherapy_or_steatosis", "cirrhosis"]),
        high_operative_risk=st.booleans(),
        resection_easy=st.none() | st.booleans(),
        node_positive_primary=st.none() | st.booleans(),
        cea_ng_ml=st.none() | st.floats(0, 100000),
        ras_status=st.sampled_from(["wild_type", "kras_mutant", "nras_mutant", "unknown"]),
        braf_v600e=st.none() | st.booleans(),
        msi_high_or_dmmr=st.none() | st.booleans(),
        good_performance_status=st.none() | st.booleans(),
        planned_preop_weeks=st.none() | st.floats(0, 104),
        weeks_from_last_bevacizumab_to_surgery=st.none() | st.floats(0, 104),
        weeks_from_last_chemotherapy_to_surgery=st.none() | st.floats(0, 104),
        deepest_lesion_depth_cm=st.none() | st.floats(0, 25),
        expected_margin_mm=st.none() | st.floats(0, 100),
    )
)


def scenario_from(inputs: dict[str, object]) -> Scenario:
    """A drawn scenario; bilobar only with more than one lesion."""
    lesion_count = inputs["lesion_count"]
    assert isinstance(lesion_count, int)
    return Scenario.model_validate({**inputs, "bilobar": inputs["bilobar"] and lesion_count > 1})


scenarios = scenario_inputs.map(scenario_from)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios)
def test_every_valid_scenario_gives_a_fully_cited_plan(scenario: Scenario) -> None:
    plan = recommend(scenario)
    assert plan.flags <= FLAGS
    assert [s.key for s in plan.steps] == [
        "presentation",
        "resectability",
        "risk",
        "molecular",
        "strategy",
        "regimen",
        "timing",
        "monitoring",
        "dlm",
    ]
    for step in plan.steps:
        assert step.evidence_ids
        for evidence_id in step.evidence_ids:
            catalog().get(evidence_id)
    assert plan.resectable is (plan.strategy is not Strategy.CONVERSION_CHEMOTHERAPY)
    _step_numbers_are_traceable(scenario, plan)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(Scenario.model_fields)),
        st.none() | st.integers() | st.floats() | st.text(max_size=5),
    )
)
def test_arbitrary_input_never_raises(data: dict[str, object]) -> None:
    scenario, messages = validate_scenario(data)
    assert (scenario is None) is bool(messages)
