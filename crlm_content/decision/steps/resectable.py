"""Step 2, Resectability: the review's technical definition (complete resection, two adjacent segments spared
with their vessels and bile ducts, a large enough future liver remnant) read into ``Resectability``, and the
remnant threshold that applies to this liver (``remnant_condition``: normal, injured by extensive
chemotherapy, or cirrhotic; ``remnant_criterion`` says it in words). Rests on flr-resectability-definition,
flr-threshold-normal-liver, flr-threshold-injured-liver and resectable-eortc-40983-design (the weeks read as
extensive chemotherapy).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...formatting import format_number
from ...liver import FLR_THRESHOLDS, LIVER_CONDITION_NOUNS, LiverCondition, flr_sufficient
from ...timing import MAX_CHEMOTHERAPY_WEEKS
from ..model import Scenario, Step
from .common import typed


@dataclass(frozen=True)
class Resectability:
    liver_technically_resectable: bool  # complete removal, two segments, vessels and ducts
    remnant_sufficient: bool
    extrahepatic_resectable: bool  # none or resectable

    @property
    def resectable(self) -> bool:
        return self.liver_technically_resectable and self.remnant_sufficient and self.extrahepatic_resectable


def extensive_prior_chemotherapy(s: Scenario) -> bool:
    """More than 12 weeks already given: read as the review's 'extensive chemotherapy' (it gives no number;
    12 weeks is the duration it links to complications)."""
    return (s.prior_chemotherapy_weeks or 0) > MAX_CHEMOTHERAPY_WEEKS


def remnant_condition(s: Scenario) -> LiverCondition:
    """The liver condition whose threshold applies: a liver called normal after extensive chemotherapy is
    held to the injured liver's threshold."""
    if s.liver_condition == "normal" and extensive_prior_chemotherapy(s):
        return "chemotherapy_or_steatosis"
    return s.liver_condition


def assess_resectability(s: Scenario) -> Resectability:
    return Resectability(
        liver_technically_resectable=(
            s.complete_resection_possible
            and s.two_adjacent_segments_spared
            and s.vascular_and_biliary_preserved
        ),
        remnant_sufficient=flr_sufficient(flr_percent=s.flr_percent, liver_condition=remnant_condition(s)),
        extrahepatic_resectable=s.extrahepatic_disease != "unresectable",
    )


def remnant_criterion(s: Scenario) -> str:
    """'FLR 35% against more than 30% ...' with the review's sign, said once."""
    condition = remnant_condition(s)
    threshold, sign = FLR_THRESHOLDS[condition]
    need = (
        f"at least {format_number(threshold, decimals=2)}%"
        if sign == ">="
        else f"more than {format_number(threshold, decimals=2)}%"
    )
    liver = (
        f"liver after {typed(s.prior_chemotherapy_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)} weeks of chemotherapy"
        if condition != s.liver_condition
        else LIVER_CONDITION_NOUNS[condition]
    )
    return f"remnant {typed(s.flr_percent, threshold)}%, where a {liver} needs {need}"


def resectability(s: Scenario, r: Resectability) -> Step:
    unmet = [
        text
        for text, ok in (
            ("not all liver disease can be removed", s.complete_resection_possible),
            ("two adjacent segments cannot be spared", s.two_adjacent_segments_spared),
            ("inflow, outflow or biliary drainage cannot be preserved", s.vascular_and_biliary_preserved),
            (f"the {remnant_criterion(s)}", r.remnant_sufficient),
            ("the extrahepatic disease cannot be removed", r.extrahepatic_resectable),
        )
        if not ok
    ]
    if not unmet:
        finding = "Resectable: all disease can be removed, leaving enough liver."
    elif r.liver_technically_resectable and r.extrahepatic_resectable:
        finding = f"Resectable but for the remnant: {unmet[0]}."
    else:
        finding = "Not resectable now: " + "; ".join(unmet) + "."
    evidence = ["flr-resectability-definition"]
    if not r.remnant_sufficient:
        evidence += ["flr-threshold-normal-liver", "flr-threshold-injured-liver"]
    gap = None
    if s.extrahepatic_disease != "none":
        evidence.append("resectable-eortc-40983-design")
        gap = (
            "The review's definition of resectability concerns the liver; it does not say how extrahepatic "
            "disease changes it. Here unresectable extrahepatic disease rules out curative intent for now, "
            "and "
            "resectable extrahepatic disease is treated as resectable but outside the trial evidence."
        )
    return Step(
        key="resectability",
        title="Resectability",
        finding=finding,
        reasoning=(
            "Liver metastases are resectable when all of them can be removed while two adjacent segments "
            "keep "
            "their inflow, outflow and biliary drainage and the remnant is large enough."
        ),
        evidence_ids=tuple(evidence),
        gap=gap,
    )
