"""The Guideline lens for metastases found after the primary that cannot be removed: the Expert Group's
consensus [111] is on synchronous metastases, and NCCN's row on unresectable disease speaks of synchronous
metastases only (Table 2: "For unresectable synchronous CRLM"), so neither takes a position nor is counted
as agreeing with the plan (caveat 10; the records' notes)."""

from __future__ import annotations

from crlm_content import get_catalog
from crlm_content.decision import Strategy, guideline_readings_for, lens_summary, recommend

from .patients import patient

REPORTED = {  # the reviewer's link
    "synchronous": False,
    "disease_free_interval_months": 10,
    "lesion_count": 5,
    "bilobar": True,
    "complete_resection_possible": False,
    "flr_percent": 40,
    "ras_status": "nras_mutant",
    "braf_v600e": False,
    "msi_high_or_dmmr": False,
}


def test_the_records_say_the_rows_are_on_synchronous_disease() -> None:
    catalog = get_catalog()
    assert "synchronous disease only" in (catalog.get("table-2-nccn-unresectable").note or "")
    assert "synchronous" in catalog.get("table-2-nccn-unresectable").statement
    assert "synchronous liver metastases" in (catalog.get("table-2-egosm-resectable").note or "")


def test_metachronous_unresectable_disease_gets_no_expert_group_or_nccn_position() -> None:
    s = patient(**REPORTED)
    plan = recommend(s)
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    readings = {r.organisation: r for r in guideline_readings_for(s)}
    for key in ("egosm", "nccn"):
        assert readings[key].leaning == "not_stated", (key, readings[key])
    assert "found with the primary" in readings["egosm"].text
    assert readings["egosm"].evidence_ids == ("table-2-egosm-unresectable",)
    assert "synchronous metastases only" in readings["nccn"].text
    summary = lens_summary(tuple(readings.values()), plan.strategy, progressed=plan.progressed)
    assert "agree with this plan" in summary
    assert "Expert Group" not in summary and "NCCN" not in summary, summary
    assert "Expert Group" not in plan.step("strategy").reasoning
    assert "NCCN" not in plan.step("strategy").reasoning


def test_synchronous_unresectable_disease_keeps_both_rows() -> None:
    s = patient(**{**REPORTED, "synchronous": True, "disease_free_interval_months": 0})
    readings = {r.organisation: r for r in guideline_readings_for(s)}
    assert readings["egosm"].leaning == "chemotherapy_first"
    assert readings["nccn"].leaning == "chemotherapy_first"
    assert "its row speaks of" not in readings["nccn"].text
