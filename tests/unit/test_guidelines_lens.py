"""The Guideline comparison page and the walkthrough's Guideline lens give one map of Table 2.

The page put NCCN's synchronous "can consider" in one stance with ESMO's "should be considered" and the
IHPBA and AHPBA reports of a PFS gain ("May be considered: NCCN, ESMO, IHPBA, AHPBA", a majority that
agrees), while the lens, as caveat 10 states, reads NCCN's as an option it allows, not one it prefers, and
the other three as leaning to chemotherapy first. Here each organisation's lens reading for a representative
low-risk patient of each resectable situation must map to the page's stance for that situation.
"""

from __future__ import annotations

import pytest

import crlm_content
from crlm_content import get_catalog
from crlm_content import guidelines as gl
from crlm_content.decision import LEANING_LABELS, GuidelineReading, Scenario
from crlm_content.decision.lens import guideline_readings_for
from crlm_content.guidelines import Situation, Stance, Topic

# The lens's reading of a row -> the page stances that say the same. Written once, from caveat 10:
# chemotherapy first is a recommendation (the Expert Group's "should be given") or a lean (ESMO's "should be
# considered", the IHPBA and AHPBA PFS gain); an option allowed is its own stance; surgery first is "not
# routine"; a row whose reading turns on the clinical risk (SEOM, ESMO for metachronous metastases) is
# "selectively, for higher-risk disease"; no position is "not stated".
PAGE_STANCES: dict[str, frozenset[str]] = {
    "chemotherapy_first": frozenset({"recommended", "consider"}),
    "allowed_option": frozenset({"allowed_option"}),
    "surgery_first": frozenset({"not_routine"}),
    "risk_dependent": frozenset({"selective_high_risk"}),
    "not_stated": frozenset({"not_stated"}),
}


def patient(situation: Situation, *, high_risk: bool) -> Scenario:
    """A fit patient with one 3 cm lesion, a large remnant in a normal liver and every clinical risk score
    item known: score 0 (low), or 3 (high: node-positive primary, CEA 250 ng/mL, a 6 cm lesion). Resection
    ease is not stated, as on the walkthrough's default patient."""
    synchronous = situation is Situation.RESECTABLE_SYNCHRONOUS
    return Scenario.model_validate(
        {
            "synchronous": synchronous,
            "disease_free_interval_months": None if synchronous else 24,
            "lesion_count": 1,
            "largest_lesion_cm": 6 if high_risk else 3,
            "flr_percent": 60,
            "node_positive_primary": high_risk,
            "cea_ng_ml": 250 if high_risk else 5,
        }
    )


def readings(scenario: Scenario) -> dict[str, GuidelineReading]:
    return {r.organisation: r for r in guideline_readings_for(scenario)}


def lens_class(low: GuidelineReading, high: GuidelineReading) -> str:
    """What the lens reads a row as for the low-risk patient, with a row that turns chemotherapy first only
    for the high-risk patient of the same situation counted as risk-dependent."""
    if low.leaning != high.leaning and high.leaning == "chemotherapy_first":
        return "risk_dependent"
    return low.leaning


@pytest.mark.parametrize("situation", sorted(gl.RESECTABLE_SITUATIONS))
def test_the_page_stance_is_the_lens_reading_for_each_resectable_situation(situation: Situation) -> None:
    low = readings(patient(situation, high_risk=False))
    high = readings(patient(situation, high_risk=True))
    mismatches = []
    for guideline in gl.load_content(get_catalog()).guidelines:
        lens = lens_class(low[guideline.key], high[guideline.key])
        page = guideline.resectable_stance(situation).value
        if page not in PAGE_STANCES[lens]:
            mismatches.append(f"{guideline.short_name}: lens {lens}, page {page}")
    assert mismatches == []


def test_the_representative_patients_are_resectable_low_and_high_risk() -> None:
    """The patients above are read on the resectable rows (not as unfit, short of remnant or converted),
    and the high-risk one turns SEOM to chemotherapy first: otherwise the mapping would test nothing."""
    for situation in gl.RESECTABLE_SITUATIONS:
        low = readings(patient(situation, high_risk=False))
        high = readings(patient(situation, high_risk=True))
        assert low["seom"].leaning == "not_stated" and high["seom"].leaning == "chemotherapy_first"
        assert "table-2-ihpba-resectable" in low["ihpba"].evidence_ids


def test_caveat_10_is_what_the_allowed_option_reading_says() -> None:
    """NCCN's synchronous reading is the lens's allowed option, which caveat 10 explains ("an option it
    allows, not one it prefers"): its reading and its "Leans to" label say so, and say it is no lean."""
    (caveat,) = [c for c in crlm_content.get_catalog().caveats if c.number == 10]
    assert "an option it allows" in " ".join(caveat.explanation.split())
    nccn = readings(patient(Situation.RESECTABLE_SYNCHRONOUS, high_risk=False))["nccn"]
    assert nccn.leaning == "allowed_option"
    assert "an option it allows" in nccn.text
    label = LEANING_LABELS["allowed_option"]
    assert "allowed" in label and "not preferred" in label and label.startswith("neither")


def test_the_page_labels_say_what_the_lens_reads() -> None:
    """'May be considered' read as one stance for NCCN's 'can consider' and ESMO's 'should be considered';
    the label of the lean says it is a lean to chemotherapy first, the new stance that it is only allowed."""
    consider = gl.STANCE_LABELS[Stance.CONSIDER].lower()
    assert "lean" in consider and "chemotherapy first" in consider
    allowed = gl.STANCE_LABELS[Stance("allowed_option")].lower()
    assert "allowed" in allowed and "not preferred" in allowed
    topic = gl.load_content(get_catalog()).topics[0]
    assert topic.key is Topic.NEOADJUVANT_RESECTABLE
    assert topic.stance_label("allowed_option") == gl.STANCE_LABELS[Stance("allowed_option")]
