"""Step 4, Recurrence risk: Fong's clinical risk score from the scenario (its cut-offs named once in
``scores.py``), what is missing to score it, whether the missing items could change the group, and the
derivation the walkthrough shows. Rests on risk-scores-fong-review-items,
risk-scores-clinical-relevance-questioned, resectable-meta-analysis-high-risk, table-2-esmo-resectable and
table-2-seom-resectable.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...scores import FONG_RISK_GROUPING_NOTE, fong_score
from ..model import NO_OPERATION_NOW, Scenario, Step, Strategy
from .common import HIGH_RECURRENCE_RISK_MIN_SCORE


@dataclass(frozen=True)
class RecurrenceRisk:
    """The clinical risk score (Fong 1999, five items) with unknown items counted both ways."""

    at_least: int
    at_most: int
    missing: tuple[str, ...]  # the items not known
    items: tuple[str, ...]  # 'node-positive primary: yes (1 point)', ...

    @property
    def high(self) -> bool:
        return self.at_least >= HIGH_RECURRENCE_RISK_MIN_SCORE

    @property
    def undecided(self) -> bool:
        """The unknown items decide whether the score reaches the high group."""
        return self.at_least < HIGH_RECURRENCE_RISK_MIN_SCORE <= self.at_most


def assess_recurrence_risk(s: Scenario) -> RecurrenceRisk:
    """Fong's score from what is known; an unknown item is scored 0 for the lower and 1 for the upper bound
    (by filling it with values on either side of Fong's cut-offs, so the cut-offs live in scores.py only)."""
    interval_unknown = not s.synchronous and s.disease_free_interval_months is None
    interval = 0.0 if s.synchronous else s.disease_free_interval_months

    def score(*, worst: bool) -> int:
        return fong_score(
            node_positive=s.node_positive_primary if s.node_positive_primary is not None else worst,
            disease_free_interval_months=interval if interval is not None else (0.0 if worst else 600.0),
            tumour_count=s.lesion_count,
            largest_tumour_cm=s.largest_lesion_cm
            if s.largest_lesion_cm is not None
            else (30.0 if worst else 0.1),
            cea_ng_ml=s.cea_ng_ml if s.cea_ng_ml is not None else (100000.0 if worst else 0.0),
        ).points

    known = fong_score(
        node_positive=bool(s.node_positive_primary),
        disease_free_interval_months=interval if interval is not None else 600.0,
        tumour_count=s.lesion_count,
        largest_tumour_cm=s.largest_lesion_cm if s.largest_lesion_cm is not None else 0.1,
        cea_ng_ml=s.cea_ng_ml if s.cea_ng_ml is not None else 0.0,
    )
    unknown_items = {
        "Node-positive primary": s.node_positive_primary is None,
        "Disease-free interval": interval_unknown,
        "Largest hepatic tumour": s.largest_lesion_cm is None,
        "Preoperative CEA": s.cea_ng_ml is None,
    }
    items = tuple(
        f"{item.name}: "
        + (
            "not known"
            if unknown_items.get(item.name)
            else f"{item.patient_value} ({item.points} point" + ("" if item.points == 1 else "s") + ")"
        )
        for item in known.items
    )
    missing = tuple(
        {
            "Node-positive primary": "node status",
            "Disease-free interval": "disease-free interval",
            "Largest hepatic tumour": "size of the largest lesion",
            "Preoperative CEA": "CEA",
        }[name]
        for name, unknown in unknown_items.items()
        if unknown
    )
    return RecurrenceRisk(
        at_least=score(worst=False), at_most=score(worst=True), missing=missing, items=items
    )


def recurrence_risk(
    s: Scenario,
    risk: RecurrenceRisk,
    *,
    passed_risk_gates: bool,
    risk_gate_reached: bool = True,
    strategy: Strategy | None = None,
) -> Step:
    """Flags ``complete_risk_assessment`` only where the missing items could change the plan: where the
    patient passed every risk gate (``passed_risk_gates``: upfront resection, or surgery after a course
    begun in low-risk disease), a high score would send them to perioperative chemotherapy.
    ``risk_gate_reached``: the plan's path reached the recurrence-risk gate, so the high-risk cut-off (a
    convention) takes part in the plan and the step says so. Fong's score is a prognosis for patients
    considered for resection (risk-scores-fong-review-items): the plan's note of a high risk is raised only
    where a resection is planned; a conversion plan's finding speaks of the resection it may make possible."""
    value = (
        f"{risk.at_least} of 5"
        if risk.at_least == risk.at_most
        else f"at least {risk.at_least} and at most {risk.at_most} of 5 ({', '.join(risk.missing)} not known)"
    )
    no_resection_now = strategy in NO_OPERATION_NOW
    conversion = strategy is Strategy.CONVERSION_CHEMOTHERAPY
    if risk.high and no_resection_now:
        verdict = (
            "3 or more, the usual high-risk group; the score speaks of recurrence after a resection, and "
            "none is planned now."
        )
    elif risk.high and conversion:
        verdict = (
            "3 or more, the usual high-risk group: a high risk of recurrence after a resection, should "
            "conversion make one possible."
        )
    elif risk.high:
        verdict = "high recurrence risk (3 or more)."
    elif risk.undecided and passed_risk_gates:
        verdict = "could reach the high-risk group: the missing items decide."
    elif risk.undecided:
        verdict = "could reach the high-risk group, which would not change this plan."
    else:
        verdict = "not in the high-risk group."
    flags = ["high_recurrence_risk"] if risk.high and not (no_resection_now or conversion) else []
    if risk.undecided and passed_risk_gates:
        flags.append("complete_risk_assessment")
    # The review names high risk (ESMO, SEOM, the meta-analysis) without saying which score or cut-off
    # defines it: the grouping used here is a convention, said so wherever it takes part in the plan.
    gaps = (
        [
            "The review does not say which score or cut-off makes a patient high-risk: this walkthrough uses "
            "the usual grouping of Fong's score (3 or more), a convention of how the score is quoted, not a "
            "rule the review gives."
        ]
        if risk_gate_reached
        else []
    )
    if s.chemotherapy_given:
        gaps.append("The clinical scores were derived in patients who had no chemotherapy before surgery.")
    return Step(
        key="recurrence_risk",
        title="Recurrence risk",
        finding=f"Clinical risk score (Fong): {value}; {verdict}",
        reasoning=(
            "Fong's published score counts five items (node-positive primary, interval under 12 months, more "
            "than one tumour, largest over 5 cm, CEA over 200 ng/mL); 3 or more is the usual high-risk "
            "group. "
            "The review lists seven items, adding margin and extrahepatic disease (see its caveat). ESMO "
            "advises "
            "perioperative chemotherapy when the prognosis is unclear or unfavourable, SEOM sees a possible "
            "benefit in high-risk resectable disease, and a meta-analysis limited to high-risk patients "
            "linked "
            "NCT with better survival. The review also warns that no score is validated to guide treatment."
        ),
        evidence_ids=(
            "risk-scores-fong-review-items",
            "table-2-esmo-resectable",
            "table-2-seom-resectable",
            "resectable-meta-analysis-high-risk",
            "risk-scores-clinical-relevance-questioned",
        ),
        flags=tuple(flags),
        gap=" ".join(gaps) or None,
    )


def recurrence_derivation(risk: RecurrenceRisk) -> str:
    """The derived score with its inputs shown (a number computed by the app, labelled as such)."""
    return (
        "Derived by this app from Fong's five items: "
        + "; ".join(risk.items)
        + ". "
        + FONG_RISK_GROUPING_NOTE
    )
