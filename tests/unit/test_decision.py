"""The decision engine: rules from the review, cited steps, validation, presets, handout; property tests."""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from collections.abc import Mapping
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
    HIGH_RECURRENCE_RISK_MIN_SCORE,
    LOW_RISK_MAX_LESIONS,
    MIN_MARGIN_MM,
    STRATEGY_LABELS,
    Recommendation,
    Scenario,
    Strategy,
    assess_recurrence_risk,
    guideline_readings_for,
    handout_html,
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

from .patients import easy_resection


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


def param_value(value: object) -> ParamValue:
    """A widget/URL state value, checked to be one a query field can serialize."""
    assert value is None or isinstance(value, (str, int, float, bool, list)), value
    return value


base = easy_resection  # the shared patient (tests/unit/patients.py)


def test_flag_codes_are_the_published_api() -> None:
    assert {
        "flr_insufficient",
        "portal_vein_embolization",
        "two_stage_hepatectomy",
        "liver_injury_caution",
        "anti_egfr_not_for_resectable",
        "anti_egfr_option",
        "test_braf_before_anti_egfr",
        "molecular_testing_needed",
        "bevacizumab_option",
        "immunotherapy_preferred",
        "triplet_option",
        "chemotherapy_around_resection",
        "bevacizumab_washout_short",
        "interval_under_4_weeks",
        "duration_over_12_weeks",
        "dlm_risk",
        "fiducial_marker",
        "mri_preferred",
        "remnant_recheck",
        "margin_submillimetre",
        "neoadjuvant_immunotherapy_unsettled",
        "high_recurrence_risk",
        "complete_risk_assessment",
        "state_initial_resectability",
        "guidelines_disagree",
    } == FLAGS
    assert {s.value for s in Strategy} == {
        "upfront_resection",
        "perioperative_chemotherapy",
        "conversion_chemotherapy",
        "liver_remnant_augmentation",
        "proceed_to_resection",
        "systemic_therapy",
        "progressed_on_chemotherapy",
    }


def test_thresholds_equal_their_cited_records() -> None:
    c = catalog()
    assert c.get("guidelines-upfront-resection-low-risk").values[0].value == LOW_RISK_MAX_LESIONS
    assert c.get("dlm-risk-factors").value("lesion diameter").value == DLM_SIZE_BELOW_CM
    assert c.get("dlm-risk-factors").value("depth below the liver surface").value == DLM_DEPTH_ABOVE_CM
    assert c.get("margins-submillimetre").value("minimum margin width").value == MIN_MARGIN_MM


def test_resectable_low_risk_metachronous_is_upfront_resection() -> None:
    plan = recommend(base(node_positive_primary=False, cea_ng_ml=5))
    assert (plan.strategy, plan.resectable) == (Strategy.UPFRONT_RESECTION, True)
    # RAS not yet known; Table 2's organisations differ on resectable disease; MRI to stage
    assert plan.flags == {"anti_egfr_not_for_resectable", "guidelines_disagree", "mri_preferred"}


def test_four_lesions_is_low_risk_five_is_not() -> None:
    assert recommend(base(lesion_count=4)).strategy is Strategy.UPFRONT_RESECTION
    assert recommend(base(lesion_count=5)).strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY


def test_high_operative_risk_leads_to_perioperative_chemotherapy_never_justified_by_recurrence() -> None:
    plan = recommend(base(high_operative_risk=True))
    assert plan.strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
    assert "bevacizumab_option" not in plan.flags  # chemotherapy alone in resectable disease
    # [50] is about patients at high risk of recurrence, not of operation
    assert "resectable-meta-analysis-high-risk" not in plan.step("strategy").evidence_ids


@pytest.mark.parametrize(
    ("change", "strategy"),
    [
        ({"complete_resection_possible": False}, Strategy.CONVERSION_CHEMOTHERAPY),
        ({"two_adjacent_segments_spared": False}, Strategy.CONVERSION_CHEMOTHERAPY),
        ({"vascular_and_biliary_preserved": False}, Strategy.CONVERSION_CHEMOTHERAPY),
        ({"extrahepatic_disease": "unresectable"}, Strategy.SYSTEMIC_THERAPY),
        ({"flr_percent": 19.9}, Strategy.LIVER_REMNANT_AUGMENTATION),
    ],
)
def test_each_resectability_criterion_alone_makes_disease_unresectable(
    change: dict[str, object], strategy: Strategy
) -> None:
    plan = recommend(base(**change))
    assert (plan.resectable, plan.strategy) == (False, strategy)


def test_an_unfit_patient_gets_systemic_therapy_though_the_disease_is_resectable() -> None:
    plan = recommend(base(fit_for_surgery=False))
    assert (plan.resectable, plan.strategy) == (True, Strategy.SYSTEMIC_THERAPY)


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


def test_anti_egfr_never_for_resectable_disease_and_only_with_braf_known_wild_type() -> None:
    resectable = recommend(base(ras_status="wild_type", braf_v600e=False))
    assert "anti_egfr_not_for_resectable" in resectable.flags
    assert "anti_egfr_option" not in resectable.flags
    unresectable = {"complete_resection_possible": False, "ras_status": "wild_type"}
    assert "anti_egfr_option" in recommend(base(**unresectable, braf_v600e=False)).flags
    braf_unknown = recommend(base(**unresectable))
    assert "anti_egfr_option" not in braf_unknown.flags
    assert "test_braf_before_anti_egfr" in braf_unknown.flags
    mutant = recommend(base(ras_status="kras_mutant", complete_resection_possible=False))
    assert not {"anti_egfr_option", "anti_egfr_not_for_resectable"} & mutant.flags
    assert "bevacizumab_option" in mutant.flags


def test_immunotherapy_and_triplet_options() -> None:
    conversion = {"complete_resection_possible": False}
    assert "immunotherapy_preferred" in recommend(base(**conversion, msi_high_or_dmmr=True)).flags
    assert "immunotherapy_preferred" not in recommend(base(msi_high_or_dmmr=True)).flags  # resectable
    assert "immunotherapy_preferred" not in recommend(base(**conversion, msi_high_or_dmmr=False)).flags
    assert "triplet_option" in recommend(base(**conversion, good_performance_status=True)).flags
    assert "triplet_option" not in recommend(base(**conversion, good_performance_status=None)).flags
    assert "triplet_option" not in recommend(base(**conversion, good_performance_status=False)).flags
    injured = base(**conversion, good_performance_status=True, liver_condition="cirrhosis", flr_percent=60)
    assert "triplet_option" not in recommend(injured).flags


@pytest.mark.parametrize(
    ("changes", "flag", "present"),
    [
        # a perioperative plan (five lesions): its planned weeks are given before surgery
        ({"lesion_count": 5, "planned_preop_weeks": 12}, "duration_over_12_weeks", False),
        ({"lesion_count": 5, "planned_preop_weeks": 12.5}, "duration_over_12_weeks", True),
        # an upfront plan gives none of them: planned weeks do not count
        ({"planned_preop_weeks": 12.5}, "duration_over_12_weeks", False),
        # the intervals since a last dose, where chemotherapy was given (a perioperative plan)
        ({"lesion_count": 5, "weeks_from_last_chemotherapy_to_surgery": 4}, "interval_under_4_weeks", False),
        ({"lesion_count": 5, "weeks_from_last_chemotherapy_to_surgery": 3.9}, "interval_under_4_weeks", True),
        (
            {"lesion_count": 5, "weeks_from_last_bevacizumab_to_surgery": 5},
            "bevacizumab_washout_short",
            False,
        ),
        (
            {"lesion_count": 5, "weeks_from_last_bevacizumab_to_surgery": 4.9},
            "bevacizumab_washout_short",
            True,
        ),
        # an upfront plan with none given and none before surgery: the intervals describe no chemotherapy
        ({"weeks_from_last_chemotherapy_to_surgery": 3.9}, "interval_under_4_weeks", False),
        ({"weeks_from_last_bevacizumab_to_surgery": 4.9}, "bevacizumab_washout_short", False),
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
    upfront = recommend(base(lesion_count=1, largest_lesion_cm=1.5, node_positive_primary=False, cea_ng_ml=3))
    assert "dlm_risk" in upfront.flags and "fiducial_marker" not in upfront.flags
    chemo = recommend(base(lesion_count=1, largest_lesion_cm=1.5, high_operative_risk=True))
    assert {"dlm_risk", "fiducial_marker"} <= chemo.flags


def test_the_guideline_lens_reads_the_table_2_rows_of_the_patient_s_situation() -> None:
    """The lens the page shows (guideline_readings_for) reads the rows of the situation that resectability
    and timing set: NCCN's metachronous, synchronous or unresectable row; IHPBA's resectable or
    unresectable one."""
    for changes, resectable, nccn_row, ihpba_row in (
        ({}, True, "table-2-nccn-resectable-metachronous", "table-2-ihpba-resectable"),
        (
            {"synchronous": True, "disease_free_interval_months": None},
            True,
            "table-2-nccn-resectable-synchronous",
            "table-2-ihpba-resectable",
        ),
        (
            {"complete_resection_possible": False},
            False,
            "table-2-nccn-unresectable",
            "table-2-ihpba-unresectable",
        ),
    ):
        scenario = base(**changes)
        assert recommend(scenario).resectable is resectable, changes
        readings = {r.organisation: r for r in guideline_readings_for(scenario)}
        assert readings["nccn"].evidence_ids[0] == nccn_row, changes
        assert readings["ihpba"].evidence_ids[0] == ihpba_row, changes


def test_guidelines_disagree_follows_the_patient_readings() -> None:
    easy = recommend(base(node_positive_primary=False, cea_ng_ml=5))  # NCCN metachronous: surgery first
    assert "guidelines_disagree" in easy.flags  # IHPBA, AHPBA, Expert Group lean to chemotherapy first
    unresectable = recommend(base(complete_resection_possible=False))
    assert "guidelines_disagree" not in unresectable.flags


def test_gaps_are_stated_not_filled() -> None:
    plan = recommend(base())
    assert "never defines" in (plan.step("operative_risk").gap or "")
    assert "Not known: RAS" in (recommend(base(ras_status="unknown")).step("molecular").gap or "")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        # the calculators' wording, with the field's whole range (its bounds in the Scenario model)
        (
            {"lesion_count": 0},
            "Number of liver lesions",
            "enter a whole number from 1 to 100; 0 is below that range",
        ),
        # past any integer's size, or not finite: the same wording, never pydantic's parse message
        (
            {"lesion_count": 1e19},
            "Number of liver lesions",
            "enter a whole number from 1 to 100; 1e+19 is above that range",
        ),
        ({"lesion_count": float("inf")}, "Number of liver lesions", "inf is above that range"),
        ({"lesion_count": float("nan")}, "Number of liver lesions", "; 'nan' is not a number"),
        ({"flr_percent": float("nan")}, "Future liver remnant", "from 0 to 100; 'nan' is not a number"),
        (
            {"flr_percent": 101},
            "Future liver remnant",
            "enter a number from 0 to 100; 101 is above that range",
        ),
        ({"flr_percent": -1}, "Future liver remnant", "from 0 to 100; -1 is below that range"),
        # one wording with every other box: a fraction, an empty required box, a bound from 10 000 on
        (
            {"lesion_count": 2.5},
            "Number of liver lesions",
            "enter a whole number from 1 to 100; 2.5 is not a whole number",
        ),
        (
            {"lesion_count": 150.5},  # the range first, as a link and every other box read it
            "Number of liver lesions",
            "enter a whole number from 1 to 100; 150.5 is above that range",
        ),
        (
            {"lesion_count": None},
            "Number of liver lesions",
            "enter a whole number from 1 to 100; the box is empty",
        ),
        ({"flr_percent": None}, "Future liver remnant", "enter a number from 0 to 100; the box is empty"),
        ({"cea_ng_ml": 2e5}, "CEA (ng/mL)", "enter a number from 0 to 100 000; 200000 is above that range"),
        (
            {"largest_lesion_cm": -0.0},
            "Largest lesion",
            "enter a number from 0.01 to 30; 0 is below that",
        ),
        ({"largest_lesion_cm": -2}, "Largest lesion", "enter a number from 0.01 to 30; -2 is below"),
        (  # the smallest positive float: 'above 0' took it, shown as 5e-324 cm and counted as a DLM risk
            {"largest_lesion_cm": 4.9e-324},
            "Largest lesion",
            "enter a number from 0.01 to 30; 5e-324 is below that range",
        ),
        ({"smallest_lesion_cm": 0.005}, "Smallest lesion", "enter a number from 0.01 to 30; 0.005 is below"),
        (
            {"planned_preop_weeks": -1},
            "Further chemotherapy planned",
            "from 0 to 104; -1 is below that range",
        ),
        ({"prior_chemotherapy_weeks": -2}, "Chemotherapy already given", "from 0 to 104; -2 is below"),
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


def _constraint_bounds(name: str) -> list[float]:
    """A Scenario field's bounds as its constraints state them (read here, apart from the code under test)."""
    return [
        float(bound)
        for constraint in Scenario.model_fields[name].metadata
        for kind in ("ge", "gt", "le", "lt")
        if (bound := getattr(constraint, kind, None)) is not None
    ]


NUMBERS = [f.key for f in scenario_query_fields() if f.kind in ("int", "float")]


def test_every_number_of_the_scenario_has_a_link_parameter_with_bounds() -> None:
    names = [
        name
        for name, info in Scenario.model_fields.items()
        if info.annotation in (int, float, float | None, int | None)
    ]
    assert sorted(NUMBERS) == sorted(names) and len(names) == 12
    assert all(_constraint_bounds(name) for name in names)


@pytest.mark.parametrize("name", NUMBERS)
def test_a_link_a_box_and_the_model_hold_a_number_to_one_range(name: str) -> None:
    """The link's bounds were typed again beside the model's: a largest lesion of 0.005 cm planned when typed
    and was refused from the shared link ('below the minimum 0.01'), so the link did not reopen the view.
    Each value just inside and just outside each bound gets one verdict from the model, the link and the
    box."""
    field = next(f for f in scenario_query_fields() if f.key == name)
    checked = []
    for bound in _constraint_bounds(name):
        if field.kind == "int":
            near = [bound - 1, bound, bound + 1]
        else:
            near = [math.nextafter(bound, -math.inf), bound, math.nextafter(bound, math.inf)]
        for value in near:
            number = int(value) if field.kind == "int" else value
            data = base().model_dump() | {name: number, "largest_lesion_cm": None}
            if name == "largest_lesion_cm":
                data[name] = number
            scenario, _ = validate_scenario(data)
            _, link_problem = field.parse([repr(number)])
            checked.append((number, scenario is not None))
            assert (link_problem is None) is (scenario is not None), (number, link_problem)
            assert (field.box_problem(number) is None) is (scenario is not None), number
    verdicts = {taken for _, taken in checked}
    assert verdicts == {True, False}  # each bound was met from both sides


def test_a_typed_size_the_model_takes_reopens_from_its_link() -> None:
    """The box and the link hold a size to one range, from 0.01 cm: its minimum reopens, below it neither
    takes it (4.9e-324 cm, 'above 0', was a lesion at risk of disappearing)."""
    assert validate_scenario(base().model_dump() | {"largest_lesion_cm": 0.01})[0] is not None
    values, problems = parse_all(scenario_query_fields(), {"largest_lesion_cm": ["0.01"]})
    assert problems == [] and values == {"largest_lesion_cm": 0.01}
    for raw in ("0", "0.005", "4.9e-324"):
        for name in ("largest_lesion_cm", "smallest_lesion_cm"):
            assert validate_scenario(base().model_dump() | {name: float(raw)})[0] is None, (name, raw)
            values, problems = parse_all(scenario_query_fields(), {name: [raw]})
            assert problems == [f"'{name}={raw}' ignored: below the minimum 0.01"] and values == {}


def test_presets_cover_every_strategy_and_the_review_figures() -> None:
    presets = load_presets(catalog())
    assert len(presets) >= 6
    assert {"figure-1", "figure-2"} <= {p.key for p in presets}
    assert {recommend(p.scenario).strategy for p in presets} == set(Strategy)
    # titles describe the patient, never the answer
    for preset in presets:
        assert not any(
            word in preset.title.lower() for word in ("upfront", "conversion", "perioperative", "too small")
        )


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


def test_the_loaded_case_is_a_url_field_and_the_handout_marks_what_it_assumes() -> None:
    fields = walkthrough_query_fields(("Plan", "Lens"), ("figure-1", "figure-2"))
    case = fields[-1]
    assert (case.key, case.default, case.optional, case.choices) == (
        "case",
        None,
        True,
        ("figure-1", "figure-2"),
    )
    (figure_1,) = [p for p in load_presets(catalog()) if p.key == "figure-1"]
    assert set(figure_1.assumed) == {"flr_percent", "liver_condition"}  # data/scenarios.yaml
    text = handout_markdown(figure_1.scenario, recommend(figure_1.scenario), catalog(), case=figure_1)
    assert figure_1.title.replace("*", "\\*") in text or figure_1.title in text
    marked = [line for line in text.splitlines() if "set for the exercise" in line]
    assert len(marked) == 2 and any("remnant" in line for line in marked), marked
    # edited: the remnant typed in is the reader's, no longer the exercise's; the liver condition still is
    edited = figure_1.scenario.model_copy(update={"flr_percent": 60.0})
    text = handout_markdown(edited, recommend(edited), catalog(), case=figure_1)
    assert "then edited" in text
    marked = [line for line in text.splitlines() if "set for the exercise" in line]
    assert len(marked) == 1 and "remnant" not in marked[0].casefold(), marked


def test_handout_reads_as_a_clinicians_summary() -> None:
    scenario = base(high_operative_risk=True)
    plan = recommend(scenario)
    link = "http://localhost:8501/walkthrough?high_operative_risk=true&lesion_count=2"
    text = handout_markdown(scenario, plan, catalog(), link=link)
    assert text.startswith("# CRLM decision walkthrough")
    assert crlm_content.DISCLAIMER.replace("*", "\\*") in text or crlm_content.DISCLAIMER in text
    assert "10.4251/wjgo.v13.i9.1043" in text
    assert "## Plan: Perioperative" in text and "Do first:" in text and "What would change this plan" in text
    assert "EORTC 40983 / Nordlinger B 2008" in text
    assert f"Reopen this view: <{link}>" in text  # the whole address, clickable, no escaped underscores
    assert "[[" not in text and "]]" not in text  # one pair of brackets around a citation
    assert re.search(r" \[\d+(?:[-, ]+\d+)*\]", text)
    for internal in (
        "True",
        "False",
        "None",
        "guidelines_disagree",
        "mri_preferred",
        "resectable-eortc",
        "_",
    ):
        body = text.split("Reopen this view")[0].replace("\\_", "")
        assert internal not in body, internal
    page = handout_html(scenario, plan, catalog(), link='http://h/walkthrough?a=<b>&c="d"')
    assert page.startswith("<!doctype html>") and "@media print" in page
    assert "?a=&lt;b&gt;&amp;c=&quot;d&quot;" in page and "<b>" not in page and '"d"' not in page
    assert '<a href="http://h/walkthrough?a=&lt;b&gt;' in page and "overflow-wrap:anywhere" in page


def _step_numbers_are_traceable(scenario: Scenario, plan: Recommendation) -> None:
    """Every number in a step or an action is cited by its records, typed by the user, or derived by the
    app from those (the risk score's bounds out of its five items, the weeks of chemotherapy in all)."""
    numbers = [v for v in scenario.model_dump().values() if isinstance(v, int | float)]
    # an input as the page writes it: rounded to as many decimals as keep it on its side of a threshold, or
    # exactly when no rounding does (a remnant of 29.999999999999996% is not written as 30%)
    # (a tiny value keeps as many places as keep it off 0: 1.19e-07 is written 1e-7)
    inputs = {round(float(v), places) for v in numbers for places in range(16)} | {float(v) for v in numbers}
    risk = assess_recurrence_risk(scenario)
    total = (scenario.prior_chemotherapy_weeks or 0) + (scenario.planned_preop_weeks or 0)
    derived = {float(risk.at_least), float(risk.at_most), float(len(risk.items)), round(total, 2)} | {
        round(total, p) for p in range(7)
    }
    # Fong's usual grouping (3-5 high): a convention shown with its note, from the calculator definitions
    derived.add(float(HIGH_RECURRENCE_RISK_MIN_SCORE))
    texts = [(s.key, s.evidence_ids, f"{s.finding} {s.reasoning} {s.gap or ''}") for s in plan.steps]
    texts += [("action", a.evidence_ids, a.text) for a in plan.actions]
    for key, evidence_ids, text in texts:
        cited = {
            number
            for evidence_id in evidence_ids
            for value in catalog().get(evidence_id).values
            for number in (value.value, value.high)
            if number is not None
        }
        for number in numbers_in(text):
            assert number in cited | inputs | derived, (key, number, text)


scenario_inputs = st.fixed_dictionaries(
    dict(
        synchronous=st.booleans(),
        lesion_count=st.integers(1, 100),
        largest_lesion_cm=st.none() | st.floats(0.1, 30),
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
        fit_for_surgery=st.booleans(),
        prior_chemotherapy_weeks=st.none() | st.floats(0, 104),
        planned_preop_weeks=st.none() | st.floats(0, 104),
        weeks_from_last_bevacizumab_to_surgery=st.none() | st.floats(0, 104),
        weeks_from_last_chemotherapy_to_surgery=st.none() | st.floats(0, 104),
        deepest_lesion_depth_cm=st.none() | st.floats(0, 25),
        expected_margin_mm=st.none() | st.floats(0, 100),
    )
)


def scenario_from(inputs: Mapping[str, object]) -> Scenario:
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
        "remnant",
        "recurrence_risk",
        "operative_risk",
        "molecular",
        "strategy",
        "regimen",
        "timing",
        "monitoring",
        "dlm",
        "margins",
    ]
    for step in plan.steps:
        assert step.evidence_ids
        for evidence_id in step.evidence_ids:
            catalog().get(evidence_id)
    if plan.strategy in {Strategy.CONVERSION_CHEMOTHERAPY, Strategy.LIVER_REMNANT_AUGMENTATION}:
        assert not plan.resectable
    elif plan.strategy is not Strategy.SYSTEMIC_THERAPY:
        assert plan.resectable
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


def test_the_pathway_map_is_drawn_from_the_gates_with_the_patients_path() -> None:
    from crlm_content import palette
    from crlm_content.decision import GATES, pathway_dot, pathway_text

    plan = recommend(base(flr_percent=15))
    dot = pathway_dot(plan)
    for gate in GATES:
        assert f'"{gate.key}" [label=' in dot
    chosen = [line for line in dot.splitlines() if f'fillcolor="{palette.SKY}"' in line]
    assert len(chosen) == 1 and chosen[0].startswith('  "remnant_exit"')
    assert plan.path == ("fit", "extrahepatic", "progressed", "liver", "remnant")
    assert pathway_text(plan).endswith(f"{STRATEGY_LABELS[Strategy.LIVER_REMNANT_AUGMENTATION]}.")
    assert "Remnant large enough for this liver? no" in pathway_text(plan)


def test_the_figure_2_patient_is_one_patient_with_its_unknowns_unknown() -> None:
    """The walkthrough's preset and the DLM explorer's example are the records' patient: one synchronous
    segment-5 lesion after 6 cycles; the review gives no size or depth, and neither page invents them."""
    from crlm_content.dlm import figure_2_example, parse_lesions

    c = catalog()
    preset = next(p for p in load_presets(c) if p.key == "figure-2")
    case = c.get("figure-2-case")
    assert "synchronous" in case.statement and preset.scenario.synchronous
    assert "single" in case.statement and preset.scenario.lesion_count == 1
    s = preset.scenario
    assert (s.largest_lesion_cm, s.smallest_lesion_cm, s.deepest_lesion_depth_cm) == (None, None, None)
    assert not {"largest_lesion_cm", "smallest_lesion_cm", "deepest_lesion_depth_cm"} & set(preset.assumed)
    example = figure_2_example(c)
    (lesion,) = parse_lesions(example.lesions_text).rows
    assert (lesion.size_cm, lesion.depth_cm) == (None, None)
    assert lesion.segment == case.value("liver segment involved (Couinaud number)").value
    plan = recommend(s)
    assert "size not given" in plan.step("presentation").finding
    assert "not checked" in plan.step("dlm").finding


def test_the_figure_2_patient_s_pelvic_radiation_is_told_with_the_review_s_silence_on_it() -> None:
    """Figure 2's legend gives pelvic radiation after the chemotherapy, a rectal primary's treatment; the
    review does not discuss how that is sequenced with the liver, and the preset said only 'pelvic
    radiation'. Its dose and fractions are the record's."""
    c = catalog()
    preset = next(p for p in load_presets(c) if p.key == "figure-2")
    record = c.get("figure-2-treatment-disappearance")
    assert "figure-2-treatment-disappearance" in preset.evidence_ids
    dose = record.value("pelvic radiation dose").value
    fractions = record.value("radiation fractions").value
    assert f"{dose:g} cGy in {fractions:g} fractions" in preset.description
    assert "rectal primary" in preset.description
    assert "does not discuss how a rectal primary's own treatment is sequenced" in preset.description


def test_a_name_the_decision_package_shares_with_another_module_is_the_same_object() -> None:
    """decision.LIVER_CONDITION_LABELS held the liver feature's nouns ('normal liver') under the name
    crlm_content.liver gives its box labels ('Normal liver'): whichever module a page imported the name from
    set the wording it showed. A public name both export must be one object, from its one home."""
    clashes = []
    for info in pkgutil.walk_packages(crlm_content.__path__, "crlm_content."):
        if info.name.startswith("crlm_content.decision"):
            continue
        module = importlib.import_module(info.name)
        for name in set(getattr(module, "__all__", ())) & set(crlm_content.decision.__all__):
            if getattr(module, name) is not getattr(crlm_content.decision, name):
                clashes.append(f"{info.name}.{name}")
    assert clashes == []
