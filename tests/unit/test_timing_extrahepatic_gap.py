"""Resectable extrahepatic disease: the timing step's 2-3 months before and after resection come from EORTC
40983, which excluded extrahepatic metastases, and the review gives no duration beyond the liver; the step
says so in its gap, as the case liver-and-lung-metastases does."""

from __future__ import annotations

from crlm_content import get_catalog
from crlm_content.decision import Strategy, load_presets, recommend

from .patients import patient


def test_the_eortc_record_says_the_trial_excluded_extrahepatic_disease() -> None:
    assert "no extrahepatic metastases" in get_catalog().get("resectable-eortc-40983-design").statement


def test_the_lung_nodule_preset_s_timing_step_names_the_gap() -> None:
    preset = next(p for p in load_presets(get_catalog()) if p.key == "lung-nodule")
    assert preset.scenario.extrahepatic_disease == "resectable"
    plan = recommend(preset.scenario)
    assert plan.strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
    step = plan.step("timing")
    assert "EORTC 40983" in step.reasoning  # the duration it gives is the trial's
    assert step.gap is not None and "no duration of chemotherapy for disease beyond the liver" in step.gap
    assert "resectable-eortc-40983-design" in step.evidence_ids


def test_liver_only_disease_and_plans_without_an_operation_have_no_such_gap() -> None:
    liver_only = recommend(patient(lesion_count=6, node_positive_primary=True)).step("timing")
    assert liver_only.gap is None or "beyond the liver" not in liver_only.gap
    unresectable = recommend(patient(extrahepatic_disease="unresectable")).step("timing")
    assert unresectable.gap is None or "beyond the liver" not in unresectable.gap
