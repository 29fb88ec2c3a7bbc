"""Step 5, Fitness and operative risk: the review's "low operative risk" (fit for surgery, no more than four
lesions, operative risk not called high) as the gate that keeps upfront resection open. Rests on
guidelines-upfront-resection-low-risk and abstract-guideline-summary.
"""

from __future__ import annotations

from ..model import Scenario, Step, sentence_case
from .common import LOW_RISK_MAX_LESIONS, plural


def low_operative_risk(s: Scenario) -> bool:
    """The review's 'low operative risk': fit for surgery, with no more than four liver lesions (and not
    called high)."""
    return s.fit_for_surgery and not s.high_operative_risk and s.lesion_count <= LOW_RISK_MAX_LESIONS


def operative_risk(s: Scenario) -> Step:
    parts = [
        "fit for liver surgery" if s.fit_for_surgery else "not fit for liver surgery",
        "operative risk called high" if s.high_operative_risk else "operative risk not called high",
        f"{plural(s.lesion_count, 'lesion')} "
        f"({'within' if s.lesion_count <= LOW_RISK_MAX_LESIONS else 'above'} the review's four or fewer)",
    ]
    verdict = (
        " Low operative risk in the review's sense."
        if low_operative_risk(s)
        else " Not low operative risk in the review's sense."
    )
    return Step(
        key="operative_risk",
        title="Fitness and operative risk",
        finding=sentence_case("; ".join(parts)) + "." + verdict,
        reasoning=(
            "The review's guideline summary reserves upfront resection for resectable disease with low "
            "operative risk, which it glosses as a patient fit for surgery with no more than four lesions. "
            "This is operative risk, not recurrence risk (the previous step)."
        ),
        evidence_ids=("guidelines-upfront-resection-low-risk", "abstract-guideline-summary"),
        gap=(
            "The review never defines 'high operative risk' or 'borderline resectable' beyond that gloss; "
            "the "
            "judgement is the team's."
        ),
    )
