"""The Guideline lens's NCCN row for dMMR/MSI-H unresectable synchronous disease after a course already given:
the row lists pembrolizumab for the first treatment; read as "here pembrolizumab" it contradicted the plan,
which continues a pembrolizumab course and leaves a switch from chemotherapy to the team
(``steps.pembrolizumab_after_course``)."""

from __future__ import annotations

import pytest

from crlm_content.decision import guideline_readings_for, recommend
from crlm_content.decision.model import PEMBROLIZUMAB_AFTER_COURSE

from .patients import patient

UNRESECTABLE_DMMR = {
    "synchronous": True,
    "disease_free_interval_months": 0,
    "lesion_count": 6,
    "bilobar": True,
    "complete_resection_possible": False,
    "flr_percent": 40,
    "ras_status": "wild_type",
    "braf_v600e": False,
    "msi_high_or_dmmr": True,
}


def nccn(**fields: object) -> str:
    return {r.organisation: r for r in guideline_readings_for(patient(**fields))}["nccn"].text


def test_before_any_treatment_the_row_reads_pembrolizumab() -> None:
    assert "here pembrolizumab, as the tumour is dMMR/MSI-H;" in nccn(**UNRESECTABLE_DMMR)


@pytest.mark.parametrize("progressed", [False, None])
def test_after_a_course_the_row_says_what_it_does_not_cover(progressed: bool | None) -> None:
    fields = {
        **UNRESECTABLE_DMMR,
        "prior_chemotherapy_weeks": 8,
        "initially_resectable": False,
        "progression_on_chemotherapy": progressed,
    }
    text = nccn(**fields)
    # the row's own content (an option for these tumours), then its silence; the plan's rule is the
    # walkthrough's, named as such (the row gives no "first treatment" nor any rule for a course given)
    assert "here pembrolizumab, the row's option for a dMMR/MSI-H tumour;" in text
    assert "the row does not speak of a course already given" in text
    assert "(the walkthrough continues a pembrolizumab course and leaves a switch from chemotherapy" in text
    assert "first treatment" not in text
    # the plan beside it says the same: continued if that was the course given, no 'first'
    assert PEMBROLIZUMAB_AFTER_COURSE in recommend(patient(**fields)).option_labels()


def test_the_reading_names_the_weeks_box_among_its_inputs() -> None:
    reading = {r.organisation: r for r in guideline_readings_for(patient(**UNRESECTABLE_DMMR))}["nccn"]
    assert "prior_chemotherapy_weeks" in reading.inputs
