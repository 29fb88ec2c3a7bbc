"""Converted disease that goes straight to resection: an anti-EGFR antibody given during conversion raises
the question the review leaves open (its warning and New EPOC concern initially resectable disease), which
the conversion plan's Regimen step already names as a gap; the proceed plan said nothing."""

from __future__ import annotations

import pytest

from crlm_content.decision import Strategy, recommend
from crlm_content.decision.steps import ANTI_EGFR_AFTER_CONVERSION_GAP

from .patients import patient

AFTER_CHEMOTHERAPY = {
    "synchronous": False,
    "disease_free_interval_months": 20,
    "lesion_count": 3,
    "largest_lesion_cm": 3,
    "flr_percent": 45,
    "braf_v600e": False,
    "msi_high_or_dmmr": False,
    "prior_chemotherapy_weeks": 12,
    "progression_on_chemotherapy": False,
}


def regimen_step(**fields: object):  # type: ignore[no-untyped-def]
    plan = recommend(patient(**{**AFTER_CHEMOTHERAPY, **fields}))
    assert plan.strategy is Strategy.PROCEED_TO_RESECTION
    return next(step for step in plan.steps if step.key == "regimen")


@pytest.mark.parametrize("ras", ["wild_type", "unknown"])
def test_converted_disease_going_to_resection_names_the_anti_egfr_gap(ras: str) -> None:
    step = regimen_step(ras_status=ras, initially_resectable=False)
    assert ANTI_EGFR_AFTER_CONVERSION_GAP in (step.gap or "")
    assert {"biologics-egfr-not-for-resectable", "biologics-new-epoc-design"} <= set(step.evidence_ids)
    assert "anti_egfr_not_for_resectable" not in step.flags


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"ras_status": "wild_type", "initially_resectable": True}, "resectable before: no new regimen"),
        ({"ras_status": "wild_type", "initially_resectable": None}, "not known: no claim of conversion"),
        ({"ras_status": "kras_mutant", "initially_resectable": False}, "no anti-EGFR for a KRAS mutation"),
    ],
)
def test_no_gap_where_the_question_does_not_arise(fields: dict[str, object], why: str) -> None:
    assert ANTI_EGFR_AFTER_CONVERSION_GAP not in (regimen_step(**fields).gap or ""), why
