"""Step 3, Remnant: whether the future liver remnant is enough, what to do when it is not (portal vein
embolisation or a two-stage hepatectomy), and when a remnant enough now must be measured again because the
chemotherapy before the operation may shrink it or injure the liver. Rests on flr-threshold-normal-liver,
flr-threshold-injured-liver, flr-higher-threshold-after-nct, flr-ct-volumetry, flr-pve-insufficient-remnant,
flr-pve-atrophy-after-nct, flr-two-stage-strategy, flr-two-stage-survival, timing-hepatic-atrophy,
timing-long-chemo-short-interval, timing-folfox-9-cycles and rationale-irinotecan-steatohepatitis. The
systemic therapy beside a remnant to grow is in ``augmentation.py``.
"""

from __future__ import annotations

from ...liver import flr_sufficient
from ...timing import MAX_CHEMOTHERAPY_WEEKS
from ..model import NO_OPERATION_NOW, Scenario, Step, Strategy
from .common import typed
from .resectable import Resectability, remnant_condition, remnant_criterion
from .schedule import no_chemotherapy_before_surgery, total_chemotherapy_weeks


def liver_is_injured(s: Scenario) -> bool:
    return remnant_condition(s) != "normal"


def remnant_to_recheck(s: Scenario, r: Resectability, strategy: Strategy) -> bool:
    """A remnant enough now, in a patient who is having or has had chemotherapy before the operation, that
    the chemotherapy may make too small: below the injured liver's threshold in a normal liver, or any
    remnant of a liver already injured or cirrhotic (the review gives no further threshold for those).
    Conversion plans too: their courses often run past 12 weeks before the disease becomes removable."""
    if strategy not in (
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        Strategy.PROCEED_TO_RESECTION,
        Strategy.CONVERSION_CHEMOTHERAPY,
    ):
        return False
    if not r.remnant_sufficient:
        return False
    if remnant_condition(s) != "normal":
        return True
    return not flr_sufficient(flr_percent=s.flr_percent, liver_condition="chemotherapy_or_steatosis")


def remnant_after_planned_course_short(s: Scenario, strategy: Strategy) -> bool:
    """A normal liver whose remnant meets 20% but not 30%, before a chemotherapy course that will take the
    weeks given and planned past 12: by the walkthrough's reading of 'extensive' it will then need more than
    30%, so the plan should shorten the course or grow the remnant before it, not find out after."""
    total = total_chemotherapy_weeks(s) or 0
    return (
        strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
        and remnant_condition(s) == "normal"
        and total > MAX_CHEMOTHERAPY_WEEKS
        and not flr_sufficient(flr_percent=s.flr_percent, liver_condition="chemotherapy_or_steatosis")
    )


def remnant(s: Scenario, r: Resectability, strategy: Strategy) -> Step:
    flags: list[str] = []
    evidence = ["flr-threshold-normal-liver", "flr-threshold-injured-liver", "flr-higher-threshold-after-nct"]
    finding = ("Enough: " if r.remnant_sufficient else "Too small: ") + remnant_criterion(s) + "."
    reasoning = (
        "The threshold rises after extensive chemotherapy or with marked steatosis, and again with "
        "cirrhosis: "
        "an injured liver needs a larger remnant."
    )
    if not r.remnant_sufficient and strategy in NO_OPERATION_NOW:  # no liver operation planned
        flags.append("flr_insufficient")
        reasoning += " Should surgery become possible, the remnant would also have to grow first."
    elif not r.remnant_sufficient:
        flags += ["flr_insufficient", "portal_vein_embolization"]
        evidence += ["flr-pve-insufficient-remnant", "flr-pve-atrophy-after-nct"]
        reasoning += (
            " A remnant that is too small is a surgical problem first: portal vein embolization grows the "
            "tumour-free liver, and after long chemotherapy it lowered the rate of liver failure."
        )
    if (
        s.bilobar
        and strategy not in NO_OPERATION_NOW
        and (not r.remnant_sufficient or not s.complete_resection_possible)
    ):
        flags.append("two_stage_hepatectomy")
        evidence += ["flr-two-stage-strategy", "flr-two-stage-survival"]
        reasoning += (
            " With disease in both lobes, the review's route to removing it all, shown in extensive disease "
            "after chemotherapy, is PVE and a two-stage resection"
            + (
                ""
                if s.complete_resection_possible
                else f", once {'treatment' if s.msi_high_or_dmmr else 'chemotherapy'} has shrunk the disease "
                "enough for two stages to clear it"
            )
            + "."
        )
        gap_two_stage = (
            "The review does not say how much disease in both lobes needs two stages rather than one "
            "operation (after embolization where the remnant is too small): the team decides from the "
            "lesions' sites."
        )
    else:
        gap_two_stage = None
    if liver_is_injured(s) or not r.remnant_sufficient:
        evidence += [
            "rationale-irinotecan-steatohepatitis",
            "timing-folfox-9-cycles",
            "timing-hepatic-atrophy",
        ]
        reasoning += (
            " Keep the liver from further injury: irinotecan can cause steatohepatitis with more liver "
            "failure after surgery, long FOLFOX courses add sinusoidal injury without more response, and "
            "extensive chemotherapy shrinks the liver."
        )
        # a caution for chemotherapy before the operation: none where none was given and the plan gives none
        if (
            liver_is_injured(s)
            and strategy not in NO_OPERATION_NOW
            and (s.chemotherapy_given or not no_chemotherapy_before_surgery(s, strategy))
        ):
            flags.append("liver_injury_caution")
    if remnant_to_recheck(s, r, strategy):
        before = (
            "Chemotherapy has been given before this operation"
            if strategy is Strategy.PROCEED_TO_RESECTION
            else "Chemotherapy comes before this operation"
        )
        flags.append("remnant_recheck")
        evidence += ["flr-ct-volumetry"]
        if remnant_after_planned_course_short(s, strategy):
            total = typed(total_chemotherapy_weeks(s) or 0, MAX_CHEMOTHERAPY_WEEKS)
            finding += (
                f" After {total} weeks of chemotherapy in all, more than 12, this liver counts as after "
                "extensive chemotherapy and needs more than 30%, which this remnant does not reach: shorten "
                "the course, or grow the remnant (portal vein embolization) before surgery."
            )
            evidence += ["flr-pve-atrophy-after-nct", "timing-long-chemo-short-interval"]
        elif remnant_condition(s) == "normal":
            finding += (
                f" {before}, and after chemotherapy the threshold may be higher (more than 30% after "
                "extensive chemotherapy): measure the remnant again before surgery."
            )
        else:
            finding += (
                f" {before}, on a liver already injured: measure the remnant again before surgery (the "
                "review gives no threshold beyond this one for the two together)."
            )
    gaps = [gap_two_stage] if gap_two_stage else []
    if remnant_condition(s) != s.liver_condition:
        evidence.append("timing-long-chemo-short-interval")
        gaps.append(
            "The review does not say how much chemotherapy is 'extensive'; here more than 12 weeks, the "
            "duration it links to more complications, raises the threshold as for an injured liver."
        )
    gap = " ".join(gaps) or None
    return Step(
        key="remnant",
        title="Future liver remnant",
        finding=finding,
        reasoning=reasoning,
        evidence_ids=tuple(dict.fromkeys(evidence)),
        flags=tuple(flags),
        gap=gap,
    )
