"""The regimen step and the plan's systemic actions, read by a medical oncologist against the review: what
the review says about anti-EGFR antibodies, pembrolizumab, BRAF V600E and biologics, and where it is
silent."""

from __future__ import annotations

import re

from crlm_content import get_catalog
from crlm_content.cases import load_cases
from crlm_content.decision import Scenario, Strategy, recommend

from ..conftest import ROOT

# Initially unresectable, wild-type, 10 weeks of chemotherapy without progression; now removable in both
# lobes but with a remnant too small for the injured liver.
CONVERTED_SMALL_REMNANT: dict[str, object] = {
    "synchronous": True,
    "lesion_count": 5,
    "largest_lesion_cm": 4,
    "bilobar": True,
    "flr_percent": 22,
    "liver_condition": "chemotherapy_or_steatosis",
    "ras_status": "wild_type",
    "prior_chemotherapy_weeks": 10,
    "initially_resectable": False,
    "progression_on_chemotherapy": False,
    "braf_v600e": False,
    "msi_high_or_dmmr": False,
    "good_performance_status": True,
}


def test_converted_disease_gets_the_review_s_silence_on_anti_egfr_not_its_warning() -> None:
    """The review's warning (and New EPOC) is about initially resectable disease; whether to keep an anti-EGFR
    antibody after conversion it does not say."""
    plan = recommend(Scenario.model_validate(CONVERTED_SMALL_REMNANT))
    assert plan.strategy is Strategy.LIVER_REMNANT_AUGMENTATION
    regimen = plan.step("regimen")
    assert "anti_egfr_not_for_resectable" not in plan.flags
    assert "New EPOC" not in regimen.reasoning
    assert regimen.gap is not None
    assert "does not say whether to continue an anti-EGFR antibody after conversion" in regimen.gap


def test_initially_resectable_disease_keeps_the_anti_egfr_warning() -> None:
    """The same liver, but resectable before the chemotherapy given: the warning stands, and no gap on
    conversion."""
    plan = recommend(Scenario.model_validate({**CONVERTED_SMALL_REMNANT, "initially_resectable": True}))
    assert plan.strategy is Strategy.LIVER_REMNANT_AUGMENTATION
    regimen = plan.step("regimen")
    assert "anti_egfr_not_for_resectable" in regimen.flags
    assert "initially resectable" in regimen.reasoning
    assert "after conversion" not in (regimen.gap or "")
    # not known whether it was resectable before: the warning is not withdrawn on a guess
    unknown = recommend(Scenario.model_validate({**CONVERTED_SMALL_REMNANT, "initially_resectable": None}))
    assert "anti_egfr_not_for_resectable" in unknown.flags


def test_no_case_says_anti_egfr_antibodies_are_not_for_any_resectable_disease() -> None:
    """The review's warning is about initially resectable disease: a case that calls them "not for disease
    that can be removed" also rules them out for converted disease, where the review is silent."""
    texts = [
        (case.key, text)
        for case in load_cases(get_catalog(), ROOT / "data")
        for stage in case.stages
        for text in (stage.reveal, *(option.feedback or "" for option in stage.options))
    ]
    warnings = [
        (key, text)
        for key, text in texts
        if "anti-egfr" in text.lower() and re.search(r"\bnot for\b|\bwarns against\b", text)
    ]
    assert len(warnings) >= 4  # the cases that teach the warning (the test reads them, not an empty list)
    assert [(key, text) for key, text in warnings if "initially resectable" not in text] == []


# Initially unresectable, KRAS-mutant, dMMR/MSI-H; 8 weeks of a course already given, no progression.
DMMR_TREATED: dict[str, object] = {
    "synchronous": True,
    "lesion_count": 6,
    "largest_lesion_cm": 5.5,
    "bilobar": True,
    "complete_resection_possible": False,
    "flr_percent": 40,
    "ras_status": "kras_mutant",
    "prior_chemotherapy_weeks": 8,
    "initially_resectable": False,
    "progression_on_chemotherapy": False,
    "braf_v600e": False,
    "msi_high_or_dmmr": True,
    "good_performance_status": True,
}


def test_a_dmmr_plan_after_a_course_given_does_not_switch_it_to_pembrolizumab_unasked() -> None:
    """KEYNOTE-177 [96] gave pembrolizumab before any treatment for metastatic disease: after a course that
    is working, the plan continues pembrolizumab if that was the course, and leaves a switch from chemotherapy
    to the team, as the review gives no rule for it."""
    plan = recommend(Scenario.model_validate(DMMR_TREATED))
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY and not plan.progressed
    texts = [a.text for a in plan.actions]
    assert "Pembrolizumab (dMMR/MSI-H)." not in texts
    (offer,) = [t for t in texts if "pembrolizumab (dMMR/MSI-H)" in t]
    assert "If the course given was pembrolizumab" in offer and "continue it" in offer
    assert "If it was chemotherapy, the review gives no rule for switching" in offer
    assert "first treatment for metastatic disease" in offer and "the team decides" in offer
    # the regimen step says the same, and nothing says pembrolizumab alone shrinks what may be chemotherapy
    assert offer in plan.step("regimen").finding
    assert not any(t.startswith("Once pembrolizumab has shrunk") for t in texts)
    # with nothing given yet the plan is pembrolizumab, plainly
    untreated = {
        **DMMR_TREATED,
        "prior_chemotherapy_weeks": None,
        "initially_resectable": None,
        "progression_on_chemotherapy": None,
    }
    first_line = recommend(Scenario.model_validate(untreated))
    assert "Pembrolizumab (dMMR/MSI-H)." in [a.text for a in first_line.actions]
    assert any(a.text.startswith("Once pembrolizumab has shrunk") for a in first_line.actions)


# Unresectable (inflow, outflow or drainage not preserved), RAS wild-type with BRAF V600E, nothing given yet.
BRAF_V600E_CONVERSION: dict[str, object] = {
    "synchronous": True,
    "lesion_count": 4,
    "largest_lesion_cm": 8,
    "bilobar": True,
    "vascular_and_biliary_preserved": False,
    "flr_percent": 45,
    "ras_status": "wild_type",
    "braf_v600e": True,
    "msi_high_or_dmmr": False,
    "good_performance_status": True,
}


def test_a_braf_v600e_regimen_says_why_no_anti_egfr_antibody_is_offered() -> None:
    """The anti-EGFR option disappeared for BRAF V600E with no reason given: the review names no regimen for
    it [25], and NCCN's row requires BRAF wild-type for an anti-EGFR antibody."""
    plan = recommend(Scenario.model_validate(BRAF_V600E_CONVERSION))
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    regimen = plan.step("regimen")
    assert "anti_egfr_option" not in regimen.flags
    assert "BRAF V600E" in (regimen.gap or "") and "names no regimen" in (regimen.gap or "")
    assert "BRAF wild-type" in (regimen.gap or "")
    assert {"regimens-choice-factors", "table-2-nccn-biologics"} <= set(regimen.evidence_ids)
    catalog = get_catalog()
    assert "BRAF" in catalog.get("table-2-nccn-biologics").statement
    assert "BRAF" in catalog.get("regimens-choice-factors").statement
    # BRAF wild-type: the option is there and no BRAF gap
    wild = recommend(Scenario.model_validate({**BRAF_V600E_CONVERSION, "braf_v600e": False})).step("regimen")
    assert "anti_egfr_option" in wild.flags and "BRAF V600E" not in (wild.gap or "")


def test_the_systemic_action_leaves_the_biologic_optional_and_cites_the_biologics_records() -> None:
    """'Systemic chemotherapy with a biologic' told every patient to have one, citing the backbone list
    (regimens-nccn-listed, no biologic in it); NCCN's row adds them '+/-' and the regimen step says 'may'."""
    plan = recommend(Scenario.model_validate(BRAF_V600E_CONVERSION))
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    (action,) = [a for a in plan.actions if a.text.startswith("Systemic chemotherapy")]
    assert "with or without a biologic" in action.text
    assert {"regimens-nccn-listed", "table-2-nccn-biologics", "regimens-choice-factors"} <= set(
        action.evidence_ids
    )


def test_the_kras_molecular_step_cites_the_record_that_requires_ras_wild_type() -> None:
    """'Anti-EGFR antibodies need RAS wild-type' cited only prognostic records ([59], [60]); NCCN's biologics
    row, which the NRAS branch already cites, is the one that says it."""
    for ras in ("kras_mutant", "nras_mutant"):
        plan = recommend(
            Scenario.model_validate({**BRAF_V600E_CONVERSION, "braf_v600e": False, "ras_status": ras})
        )
        molecular = plan.step("molecular")
        assert "need" in molecular.reasoning or "only with" in molecular.reasoning
        assert "table-2-nccn-biologics" in molecular.evidence_ids
    assert "wild-type for KRAS, NRAS and BRAF" in get_catalog().get("table-2-nccn-biologics").statement
