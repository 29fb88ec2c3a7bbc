"""One function per step of the pathway. Each returns its Step (finding, cited reasoning, flags) and, where
later steps need it, what it found. ``engine.recommend`` calls them in order.

The rules are the review's; where it is silent the step says so in ``gap`` instead of inventing a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..dlm import DEPTH_THRESHOLD_CM, SIZE_THRESHOLD_CM, is_deep, is_small
from ..formatting import format_number
from ..liver import FLR_THRESHOLDS, LIVER_CONDITION_NOUNS, LiverCondition, flr_sufficient
from ..scores import FONG_INTERVAL_MONTHS, FONG_LARGEST_CM, FONG_RISK_GROUPING_NOTE, fong_score
from ..timing import (
    MAX_CHEMOTHERAPY_WEEKS,
    MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
    MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
    preoperative_timing_warnings,
)
from .model import (
    CHEMOTHERAPY_FIRST,
    EXTRAHEPATIC_LABELS,
    NO_OPERATION_NOW,
    NOT_RESECTABLE_NOW,
    RAS_LABELS,
    STRATEGY_LABELS,
    Scenario,
    Step,
    Strategy,
    sentence_case,
)

# Thresholds of the rules; tests check each equals its cited Evidence record.
LOW_RISK_MAX_LESIONS = 4  # guidelines-upfront-resection-low-risk
HIGH_RECURRENCE_RISK_MIN_SCORE = 3  # Fong's unfavourable group, 3-5 (the usual grouping; scores.py)
MIN_MARGIN_MM = 1.0  # margins-submillimetre: margin >= 1 mm
# Fong's cut-offs (FONG_INTERVAL_MONTHS, FONG_LARGEST_CM) live in scores.py: a typed interval or size is
# written on their side, never "12 months" for 11.999 beside the point an interval under 12 months earns.


def typed(value: float, *cut_offs: float) -> str:
    """A value the user entered, in a step's text: to 2 decimals, with more where 2 would put it on the other
    side of a cut-off it is compared with (11.999 months beside Fong's '< 12', never '12 months'), and never
    rounded to 0 when it is not (a 0.004 cm lesion read "largest 0 cm": 0 is a cut-off too)."""
    return format_number(value, *cut_offs, 0.0, decimals=2)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _yes(value: bool | None, yes: str, no: str, unknown: str = "not known") -> str:
    return unknown if value is None else yes if value else no


# --- 1. Presentation ------------------------------------------------------------------------------------


CURATIVE_OR_CONVERSION = frozenset(
    {
        Strategy.UPFRONT_RESECTION,
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        Strategy.PROCEED_TO_RESECTION,
        Strategy.LIVER_REMNANT_AUGMENTATION,
        Strategy.CONVERSION_CHEMOTHERAPY,
    }
)


def converted_disease(s: Scenario, strategy: Strategy) -> bool:
    """Disease not resectable before chemotherapy: a conversion plan, or a course already given to disease
    stated not resectable before it."""
    return strategy is Strategy.CONVERSION_CHEMOTHERAPY or (
        s.chemotherapy_given and s.initially_resectable is False
    )


# The review does not discuss how a rectal primary's own treatment is fitted around the liver (Figure 2's
# patient had pelvic radiation after his chemotherapy, in an order the review does not explain).
RECTAL_PRIMARY = (
    "how a rectal primary's own treatment (pelvic radiation, for instance) is sequenced with the liver"
)


def with_primary(s: Scenario, strategy: Strategy) -> tuple[str, tuple[str, ...]]:
    """What a resect action adds for synchronous disease, where the primary may still be in place, and its
    record: NCCN's row on resectable synchronous disease (combined or staged removal), which speaks of disease
    resectable from the start and of colectomy, a colon primary; a rectal primary's own treatment (pelvic
    radiation in Figure 2's patient) the review does not sequence with the liver. For converted disease the
    review has no row, and the words say so."""
    if not s.synchronous:
        return "", ()
    if converted_disease(s, strategy):
        return (
            "with the primary if still in place: together or staged, a choice the review leaves open after "
            "conversion",
            (),
        )
    return (
        "with the primary if still in place: together or staged for a colon primary, as NCCN's row says; the "
        "review gives no rule for a rectal primary's own treatment",
        ("table-2-nccn-resectable-synchronous",),
    )


# Resectable disease outside the liver is removed too; the review does not say in which order (it does not
# discuss how to treat it: the Resectability and Strategy gaps).
EXTRAHEPATIC_REMOVAL = "with the disease outside the liver, in an order the review gives no rule for"


def removal_parts(s: Scenario, strategy: Strategy) -> tuple[str, tuple[str, ...]]:
    """What a resect action names beside the liver, as one parenthesis (' (...)', or ''), with its records:
    the primary if still in place (``with_primary``) and resectable extrahepatic disease."""
    primary, ids = with_primary(s, strategy)
    parts = [
        part
        for part in (primary, EXTRAHEPATIC_REMOVAL if s.extrahepatic_disease == "resectable" else "")
        if part
    ]
    return (f" ({'; '.join(parts)})" if parts else ""), ids


def presentation(s: Scenario, strategy: Strategy) -> Step:
    timing = (
        "synchronous (found with the primary)"
        if s.synchronous
        else "metachronous"
        + (
            f", {typed(s.disease_free_interval_months, FONG_INTERVAL_MONTHS)} months after the primary"
            if s.disease_free_interval_months is not None
            else " (interval from the primary not known)"
        )
    )
    prior = (
        f"; {typed(s.prior_chemotherapy_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)} weeks of chemotherapy "
        "already given"
        if s.chemotherapy_given
        else ""
    )
    size = (
        "size not given"
        if s.largest_lesion_cm is None
        else f"largest {typed(s.largest_lesion_cm, SIZE_THRESHOLD_CM, FONG_LARGEST_CM)} cm"
    )
    primary_matters = s.synchronous and strategy in CURATIVE_OR_CONVERSION
    converted = primary_matters and converted_disease(s, strategy)  # NCCN's row speaks of resectable disease
    if converted:
        gap: str | None = (
            "If the primary tumour is still in place, the review gives no rule for removing it with liver "
            "metastases made resectable by chemotherapy (together or staged, and which comes first), nor "
            f"for {RECTAL_PRIMARY}: for the team."
        )
    elif primary_matters:
        gap = (
            "If the primary tumour is still in place, NCCN's row on resectable synchronous disease removes "
            "it with the liver metastases, in one operation or in stages; the row speaks of colectomy, a "
            "colon primary. The review does not discuss which should come first, nor does it give a rule "
            f"for {RECTAL_PRIMARY}: for the team."
        )
    else:
        gap = None
    return Step(
        key="presentation",
        title="Presentation",
        finding=(
            f"{plural(s.lesion_count, 'liver lesion')}, {size}, {'both lobes' if s.bilobar else 'one lobe'}"
            f"; {timing}; {EXTRAHEPATIC_LABELS[s.extrahepatic_disease]}{prior}."
        ),
        reasoning=(
            "Every decision starts from whether the disease can be removed; synchronous disease is common "
            "and "
            "some guidelines treat it differently (see the guideline lens)."
        ),
        evidence_ids=("introduction-synchronous-crlm", "conclusion-resectability-and-conversion")
        + (("table-2-nccn-resectable-synchronous",) if primary_matters and not converted else ()),
        gap=gap,
    )


# --- 2. Resectability ------------------------------------------------------------------------------------


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


# --- 3. Remnant ------------------------------------------------------------------------------------------


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


def augmentation_gate(s: Scenario) -> str:
    """Where the same patient with a large enough remnant would leave the pathway: the gate key of
    ``GATES`` (``""``: through every gate, upfront resection)."""
    resect = assess_resectability(s)
    facts = Facts(
        scenario=s,
        resectability=Resectability(
            liver_technically_resectable=resect.liver_technically_resectable,
            remnant_sufficient=True,
            extrahepatic_resectable=resect.extrahepatic_resectable,
        ),
        recurrence=assess_recurrence_risk(s),
    )
    strategy, path = choose_strategy(facts)
    return "" if strategy is DEFAULT_STRATEGY else path[-1]


def augmentation_chemotherapy(s: Scenario) -> str:
    """Systemic therapy beside a remnant that must grow first, by the engine's own rules for the same patient
    with a large enough remnant: ``given`` (chemotherapy already given: what more takes it into account),
    ``around`` (perioperative: high recurrence risk, resectable extrahepatic disease or higher operative
    risk), ``undecided`` (the missing score items decide) or ``after`` (after resection)."""
    if s.chemotherapy_given:
        return "given"
    if augmentation_gate(s) in AUGMENTATION_AROUND:
        return "around"
    return "undecided" if assess_recurrence_risk(s).undecided else "after"


# Why the same patient with enough remnant would have perioperative chemotherapy, by the gate it leaves at:
# (the strategy step's sentence, the action's reason, the records).
AUGMENTATION_AROUND: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "liver_only": (
        "with resectable disease outside the liver, an adverse factor that EORTC 40983 excluded, ESMO's "
        "advice for an unfavourable prognosis is perioperative chemotherapy.",
        "as resectable disease outside the liver favours",
        ("risk-scores-fong-review-items", "resectable-eortc-40983-design", "table-2-esmo-resectable"),
    ),
    "recurrence_risk": (
        "with a high recurrence risk, ESMO advises perioperative chemotherapy.",
        "as the high recurrence risk favours",
        ("table-2-esmo-resectable",),
    ),
    "operative_risk": (
        "not at low operative risk as the review uses the term, which the walkthrough reads as a reason for "
        "perioperative chemotherapy (a reading, for the team).",
        "as the walkthrough reads higher operative risk",
        ("guidelines-upfront-resection-low-risk",),
    ),
}

AUGMENTATION_SYSTEMIC = {
    "given": "The chemotherapy already given counts: what more to give, and when, takes it into account "
    "(ASCO).",
    "undecided": "Systemic therapy follows prognosis as in any resectable disease: the missing items of the "
    "risk score decide between perioperative chemotherapy (high risk, ESMO) and chemotherapy after "
    "resection.",
    "after": "Systemic therapy follows prognosis as in any resectable disease: without high-risk features, "
    "chemotherapy after resection.",
}


def augmentation_systemic_text(s: Scenario) -> tuple[str, tuple[str, ...]]:
    """The strategy step's sentence on systemic therapy beside a remnant to grow, with its records."""
    plan = augmentation_chemotherapy(s)
    if plan == "around":
        sentence, _, ids = AUGMENTATION_AROUND[augmentation_gate(s)]
        return "Systemic therapy follows the walkthrough's rules for resectable disease: " + sentence, ids
    if plan == "given":
        return AUGMENTATION_SYSTEMIC[plan], ("table-2-asco-regimens",)
    return AUGMENTATION_SYSTEMIC[plan], ("table-2-esmo-resectable", "guidelines-upfront-resection-low-risk")


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


# --- 4. Recurrence risk ----------------------------------------------------------------------------------


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


# --- 5. Fitness and operative risk ------------------------------------------------------------------------


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


# --- 6. Molecular profile --------------------------------------------------------------------------------


def molecular(s: Scenario) -> Step:
    evidence = ["regimens-choice-factors"]
    notes = []
    if s.ras_status == "kras_mutant":
        # the survival is [60]'s; the RAS wild-type condition is NCCN's row (the NRAS branch cites it too)
        evidence += ["risk-scores-kras-hr", "risk-scores-ras-based-scores", "table-2-nccn-biologics"]
        notes.append(
            "A KRAS mutation predicts shorter survival, and anti-EGFR antibodies need RAS wild-type."
        )
    elif s.ras_status == "nras_mutant":
        evidence += ["table-2-nccn-biologics", "risk-scores-ras-based-scores"]
        notes.append("NRAS-mutant: NCCN allows anti-EGFR antibodies only with KRAS, NRAS and BRAF wild-type.")
    elif s.ras_status == "wild_type":
        evidence.append("table-2-nccn-biologics")
        notes.append("RAS wild-type: anti-EGFR antibodies also need BRAF known to be wild-type (NCCN).")
    if s.braf_v600e:
        evidence.append("risk-scores-rfs-by-mutation")
        notes.append("A BRAF mutation carried the shortest recurrence-free survival.")
    if s.msi_high_or_dmmr:
        evidence.append("immunotherapy-checkpoint-inhibitors-msi")
        notes.append("MSI-H/dMMR tumours respond to immune checkpoint inhibitors.")
    unknown = missing_tests(s)
    return Step(
        key="molecular",
        title="Molecular profile",
        finding=(
            f"{RAS_LABELS[s.ras_status]}; BRAF V600E {_yes(s.braf_v600e, 'present', 'absent')}; "
            f"MSI-H/dMMR {_yes(s.msi_high_or_dmmr, 'yes', 'no')}."
        ),
        reasoning=" ".join(["Performance status and RAS/BRAF status drive the choice of regimen.", *notes]),
        evidence_ids=tuple(evidence),
        gap=(
            f"Not known: {', '.join(unknown)}. The choice of biologic waits for these results."
            if unknown
            else None
        ),
    )


# --- 7. Strategy: the pathway's gates, in order ----------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    scenario: Scenario
    resectability: Resectability
    recurrence: RecurrenceRisk


@dataclass(frozen=True)
class Gate:
    """One question of the pathway. ``leaves(facts)`` True: the patient leaves to ``strategy`` by the edge
    labelled ``exit_label``; False: on to the next gate (``pass_label``)."""

    key: str
    question: str
    exit_label: str
    pass_label: str
    strategy: Strategy
    leaves: Callable[[Facts], bool]
    # The records behind a figure the question states (two segments, 12 weeks, a score of 3, four lesions),
    # and a note where the figure is a convention rather than the review's: the map cites them under it.
    evidence_ids: tuple[str, ...] = ()
    note: str = ""


GATES: tuple[Gate, ...] = (
    Gate(
        "fit",
        "Fit for liver surgery?",
        "no",
        "yes",
        Strategy.SYSTEMIC_THERAPY,
        lambda f: not f.scenario.fit_for_surgery,
    ),
    Gate(
        "extrahepatic",
        "Extrahepatic disease absent or resectable?",
        "no",
        "yes",
        Strategy.SYSTEMIC_THERAPY,
        lambda f: not f.resectability.extrahepatic_resectable,
    ),
    Gate(
        "progressed",
        "Disease progressed on the chemotherapy given?",
        "yes",
        "no, or not stated",
        Strategy.PROGRESSED_ON_CHEMOTHERAPY,
        lambda f: f.scenario.progressed,
    ),
    Gate(
        "liver",
        "All liver disease removable, two segments spared with vessels and ducts?",
        "no",
        "yes",
        Strategy.CONVERSION_CHEMOTHERAPY,
        lambda f: not f.resectability.liver_technically_resectable,
        ("flr-resectability-definition",),
    ),
    Gate(
        "remnant",
        "Remnant large enough for this liver?",
        "no",
        "yes",
        Strategy.LIVER_REMNANT_AUGMENTATION,
        lambda f: not f.resectability.remnant_sufficient,
        ("flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    ),
    Gate(
        "converted",
        "Converted by chemotherapy (not resectable before it)?",
        "yes",
        "no, or not stated",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: f.scenario.chemotherapy_given and f.scenario.initially_resectable is False,
    ),
    Gate(
        "course_complete",
        "12 weeks of chemotherapy already given?",
        "yes",
        "no",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: (
            f.scenario.chemotherapy_given
            and (f.scenario.prior_chemotherapy_weeks or 0) >= MAX_CHEMOTHERAPY_WEEKS
        ),
        ("timing-long-chemo-short-interval",),
    ),
    Gate(
        "liver_only",
        "Disease confined to the liver?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: f.scenario.extrahepatic_disease != "none",
    ),
    Gate(
        "recurrence_risk",
        "Clinical risk score under 3?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: f.recurrence.high,
        ("risk-scores-fong-review-items",),
        "3 or more as high risk is the usual grouping of Fong's score, a convention of how the score is "
        "quoted, not a rule the review gives",
    ),
    Gate(
        "operative_risk",
        "Low operative risk (four or fewer lesions, not called high)?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: not low_operative_risk(f.scenario),
        ("guidelines-upfront-resection-low-risk",),
    ),
    Gate(
        "chemotherapy_started",
        "Chemotherapy already started?",
        "yes",
        "no",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: f.scenario.chemotherapy_given,
    ),
)
DEFAULT_STRATEGY = Strategy.UPFRONT_RESECTION


def choose_strategy(facts: Facts) -> tuple[Strategy, tuple[str, ...]]:
    """The strategy and the keys of the gates passed through (the last one is where the patient left)."""
    path: list[str] = []
    for gate in GATES:
        path.append(gate.key)
        if gate.leaves(facts):
            return gate.strategy, tuple(path)
    return DEFAULT_STRATEGY, tuple(path)


def _strategy_reason(
    facts: Facts, strategy: Strategy, exit_gate: str
) -> tuple[str, tuple[str, ...], str | None]:
    s = facts.scenario
    if strategy is Strategy.SYSTEMIC_THERAPY and exit_gate == "fit":
        return (
            "Curative-intent surgery needs a patient fit for it; whether a patient can have it is for the "
            "multidisciplinary team to decide. Until then, systemic therapy.",
            ("table-2-asco-mdt", "guidelines-upfront-resection-low-risk", "conclusion-tertiary-centres"),
            "The review does not discuss patients unfit for surgery; fitness can change and the team "
            "re-assesses."
            + (
                ""
                if s.synchronous
                else " NCCN's row on resectable metachronous disease names local therapy beside resection; "
                "the review says nothing more of it."
            )
            + (f" {NEXT_LINE_AFTER_PROGRESSION}" if s.progressed else ""),
        )
    if strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
        return (
            "The disease progressed on the chemotherapy given, so the plan does not go on to resection now. "
            "Time on chemotherapy before surgery is meant to show which disease progresses fast and would "
            "gain nothing from a potentially morbid operation (Table 1: better selection for surgery), and "
            "Table 1 counts local progression that prevents resection among chemotherapy's drawbacks.",
            ("rationale-resectable-surgical-advantages", "table-1-advantage-4", "table-1-disadvantage-2"),
            (
                "Beyond pembrolizumab for the dMMR/MSI-H tumour after progression on chemotherapy (see "
                "Regimen and biologics), the review gives no rule for what comes after progression (when to "
                "restage, whether surgery is reconsidered, what follows progression on pembrolizumab "
                "itself): the team decides."
                if s.msi_high_or_dmmr
                else "The review gives no rule for what comes after progression on chemotherapy (another "
                "line of systemic therapy, when to restage, whether surgery is reconsidered): the team "
                "decides."
            ),
        )
    if strategy is Strategy.SYSTEMIC_THERAPY:
        return (
            "Resection must remove all disease; with extrahepatic disease that cannot be removed there is no "
            "curative operation for now, so this is systemic therapy rather than conversion of the liver.",
            (
                "flr-resectability-definition",
                "resectable-eortc-40983-design",
                "rationale-guidelines-unresectable",
            ),
            "The review does not discuss unresectable extrahepatic disease; conversion is described for the "
            "liver. The team re-assesses if the disease responds."
            + (f" {NEXT_LINE_AFTER_PROGRESSION}" if s.progressed else ""),
        )
    if strategy is Strategy.CONVERSION_CHEMOTHERAPY:
        text = (
            "Liver disease that cannot be removed now is treated with systemic "
            f"{'therapy' if s.msi_high_or_dmmr else 'chemotherapy'} aiming at conversion: "
            "12-35% of patients respond enough for curative-intent surgery, and after resection 33% are "
            "alive "
            "at 5 years."
        )
        ids = [
            "rationale-conversion-therapy",
            "unresectable-conversion-rate",
            "unresectable-long-term-survival",
            "table-2-egosm-unresectable",
            "table-2-seom-unresectable",
        ]
        if s.msi_high_or_dmmr:  # the plan starts with pembrolizumab (regimen step)
            text += (
                " These figures come from chemotherapy: the review gives none for conversion with "
                "pembrolizumab."
            )
        if s.bilobar and not s.complete_resection_possible:
            text += (
                f" If {'treatment' if s.msi_high_or_dmmr else 'chemotherapy'} shrinks disease in both lobes "
                "until two stages could clear it, PVE and a two-stage resection is the review's route."
            )
            ids += ["flr-two-stage-strategy"]
        gap = None
        if s.extrahepatic_disease == "none":  # liver-only: the review's liver-directed alternatives
            text += (
                " The review also describes liver-directed chemotherapy: hepatic arterial infusion, linked "
                "with more conversions and better survival but with fairly frequent technical failure, and "
                "irinotecan-loaded beads (DEBIRI), with more conversions than systemic therapy alone."
            )
            ids += [
                "intra-arterial-hai-outcomes",
                "intra-arterial-hai-technical-failure",
                "intra-arterial-debiri-outcomes",
            ]
            gap = (
                "The review gives no rule for when liver-directed chemotherapy should join or replace "
                "systemic therapy: that is for a team with the expertise."
            )
        return text, tuple(ids), gap
    if strategy is Strategy.LIVER_REMNANT_AUGMENTATION:
        text = (
            "The disease could be removed but the liver left behind would be too small: a surgical problem, "
            "solved first by growing the remnant (portal vein embolization, or a two-stage resection in both "
            "lobes); chemotherapy does not grow a remnant. Table 1 counts making a parenchymal-sparing "
            "operation feasible among the possible advantages of chemotherapy before surgery."
        )
        ids = [
            "flr-pve-insufficient-remnant",
            "flr-pve-atrophy-after-nct",
            "flr-two-stage-strategy",
            "table-1-advantage-2",
        ]
        plan = augmentation_chemotherapy(s)
        if s.bilobar and plan in ("around", "given"):
            text += (
                " In the review's route for extensive disease in both lobes, chemotherapy that reduces the "
                "tumour load comes with the embolization and the two stages."
            )
        elif s.bilobar:
            text += (
                " The review's two-stage route was studied after chemotherapy in extensive disease in both "
                "lobes; "
                + (
                    "whether chemotherapy comes first here depends on the missing risk items."
                    if plan == "undecided"
                    else "without a reason for chemotherapy first, it gives no rule."
                )
            )
        systemic, systemic_ids = augmentation_systemic_text(s)
        text += " " + systemic
        ids += systemic_ids
        return (
            text,
            tuple(ids),
            "The review gives no rule for fitting chemotherapy around portal vein embolization, or for how "
            "much to give while the remnant grows: for the team. Nor does it say when a parenchymal-sparing "
            "operation could leave enough liver instead of growing it: the team's option, from the lesions' "
            "sites.",
        )
    if strategy is Strategy.PROCEED_TO_RESECTION:
        weeks = typed(s.prior_chemotherapy_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)
        if exit_gate == "converted":
            return (
                "Disease that could not be removed before chemotherapy is resectable now: operate as soon as "
                "it is safe, because longer courses add liver injury and complications without more "
                "response.",
                (
                    "timing-unresectable-reimaging",
                    "timing-long-chemo-short-interval",
                    "timing-folfox-9-cycles",
                    "timing-hepatic-atrophy",
                ),
                None,
            )
        if exit_gate == "course_complete":
            return (
                f"{weeks} weeks of chemotherapy already given: the 2-3 months preferred before resection "
                "are reached, AHPBA sets 3 months as the limit, and more than 12 weeks was linked to more "
                "complications. No more before surgery: operate once the interval allows.",
                (
                    "timing-resectable-duration",
                    "table-2-ahpba-duration",
                    "timing-long-chemo-short-interval",
                    "timing-folfox-9-cycles",
                ),
                None,
            )
        risk = facts.recurrence
        known = (  # what is known of the score, as the Recurrence risk step gives it: never "no high-risk
            # feature" where missing items could reach the high-risk group
            f"not known to be in the high-risk group (clinical risk score {risk.at_least}-{risk.at_most} of "
            f"5: {and_list(risk.missing)} not given; see Recurrence risk). Were it under 3, the review's "
            "summary of the guidelines would have operated first"
            if risk.undecided
            else "a clinical risk score under 3: the review's summary of the guidelines would have operated "
            "first"
        )
        return (  # chemotherapy_started: low risk on the summary's terms, a course already begun
            f"Resectable, low operative risk and {known}. With {weeks} weeks of chemotherapy already given, "
            "operating once the interval allows keeps to it; completing 2-3 months before surgery, as in "
            "EORTC 40983, is the other defensible course.",
            (
                "guidelines-upfront-resection-low-risk",
                "risk-scores-fong-review-items",
                "resectable-nct-controversial",
                "timing-resectable-duration",
            ),
            "The review does not discuss a course already started in disease that qualified for upfront "
            "resection: whether to stop or complete it is for the team."
            + (
                ""
                if s.initially_resectable is not None
                else " If the disease was not resectable before chemotherapy, operate as soon as it is "
                "resectable (say so under 'Treatment so far')."
            ),
        )
    if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:
        if exit_gate == "liver_only":
            return (
                "Resectable extrahepatic disease is an adverse prognostic factor in the review's list, and "
                "EORTC "
                "40983, the trial behind the perioperative and upfront options, excluded it; with an "
                "unfavourable "
                "prognosis ESMO advises perioperative chemotherapy.",
                ("risk-scores-fong-review-items", "resectable-eortc-40983-design", "table-2-esmo-resectable"),
                "The review does not say how to treat resectable extrahepatic disease; the team decides.",
            )
        if exit_gate == "recurrence_risk":
            return (
                "Resectable, but with a high recurrence risk: ESMO advises perioperative FOLFOX or CAPOX "
                "when the prognosis is unfavourable, SEOM suggests NCT may benefit high-risk patients, a "
                "meta-analysis of high-risk patients linked NCT with better survival, and perioperative "
                "FOLFOX raised 3-year PFS in the resected patients of EORTC 40983. No score is validated to "
                "choose treatment; CHARISMA is testing this question.",
                (
                    "table-2-esmo-resectable",
                    "table-2-seom-resectable",
                    "resectable-meta-analysis-high-risk",
                    "resectable-eortc-40983-pfs",
                    "risk-scores-clinical-relevance-questioned",
                    "resectable-charisma",
                ),
                None,
            )
        why_not_low = and_list(
            tuple(
                reason
                for reason, applies in (
                    (f"{plural(s.lesion_count, 'lesion')}", s.lesion_count > LOW_RISK_MAX_LESIONS),
                    ("operative risk called high", s.high_operative_risk),
                )
                if applies
            )
            or ("operative risk not low",)
        )
        return (
            "Resectable, but not at low operative risk as the review uses the term (fit for surgery, with no "
            f"more than four lesions; here {why_not_low}). The review's summary of "
            "the guidelines advises upfront resection only at low operative risk, and keeps NCT for patients "
            "whose operative risk is higher and whose disease is borderline resectable or unresectable.",
            ("guidelines-upfront-resection-low-risk", "abstract-guideline-summary"),
            "The review gives no rule for disease that is clearly resectable at higher operative risk, and "
            "defines neither 'high operative risk' nor 'borderline resectable': perioperative chemotherapy "
            "here is the walkthrough's reading of its summary, for the team to weigh.",
        )
    score = (
        "a clinical risk score under 3 from the items known (the missing ones could still reach the "
        "high-risk group: see Recurrence risk), so for now"
        if facts.recurrence.undecided
        else "a clinical risk score under 3:"
    )
    text = (
        f"Resectable, low operative risk and {score} the review's summary of the guidelines advises "
        "resection first, then adjuvant chemotherapy; routine NCT is disputed (no OS difference in EORTC "
        "40983)."
    )
    ids = [
        "guidelines-upfront-resection-low-risk",
        "resectable-nct-controversial",
        "resectable-eortc-40983-long-term-os",
    ]
    if dlm_factors(s):
        text += " Lesions at risk of disappearing are a further reason to operate first."
        ids.append("dlm-upfront-surgery-highest-risk")
    gap = None
    if mutations := adverse_mutations(s):
        verb = "add" if " and " in mutations else "adds"
        text += f" The {mutations} {verb} an adverse prognosis that the clinical score leaves out."
        ids += [
            "risk-scores-ras-based-scores",
            "risk-scores-molecular-markers-future",
            "risk-scores-clinical-relevance-questioned",
        ]
        gap = (
            "The review gives no rule on whether a RAS or BRAF mutation should change the plan for "
            "resectable disease: scores that add RAS status did better than the clinical scores, BRAF is in "
            "none yet, and no score is validated to steer treatment. The team weighs it."
        )
    return text, tuple(ids), gap


def adverse_mutations(s: Scenario) -> str:
    """The mutations the review links to a worse outcome, as a phrase ('' for none): KRAS [60,64], NRAS
    (RAS status in the scores that do better [59]), BRAF [64]."""
    found = {"kras_mutant": ["KRAS mutation"], "nras_mutant": ["NRAS mutation"]}.get(s.ras_status, [])
    if s.braf_v600e:
        found.append("BRAF V600E mutation")
    return " and ".join(found)


def strategy_step(
    facts: Facts,
    strategy: Strategy,
    path: tuple[str, ...],
    lens_disagree: bool,
    lens_text: str,
    lens_ids: tuple[str, ...],
) -> Step:
    exit_gate = path[-1] if strategy is not DEFAULT_STRATEGY else ""
    reason, ids, gap = _strategy_reason(facts, strategy, exit_gate)
    s = facts.scenario
    flags = ["guidelines_disagree"] if lens_disagree else []
    if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY and s.chemotherapy_given:
        weeks = typed(s.prior_chemotherapy_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)
        reason += (
            f" Chemotherapy has started ({weeks} weeks): complete 2-3 months before resection in all, "
            "counting what was given."
        )
        ids += ("timing-resectable-duration",)
    # Whether the disease was resectable before chemotherapy decides between completing a perioperative course
    # and operating as soon as the disease is resectable (converted disease); no other exit depends on it.
    if (
        s.chemotherapy_given
        and s.initially_resectable is None
        and exit_gate in ("liver_only", "recurrence_risk", "operative_risk")
    ):
        flags.append("state_initial_resectability")
        if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:
            gap = (gap + " " if gap else "") + (
                "If the disease was not resectable before chemotherapy, the review's rule is to operate as "
                "soon as it is resectable (say so under 'Treatment so far')."
            )
    return Step(
        key="strategy",
        title="Strategy",
        finding=STRATEGY_LABELS[strategy] + ".",
        reasoning=f"{reason} {lens_text}",
        evidence_ids=tuple(dict.fromkeys(ids + lens_ids)),
        flags=tuple(flags),
        gap=gap,
    )


# --- 8. Regimen and biologics ----------------------------------------------------------------------------


# The weeks entered are chemotherapy for these metastases; chemotherapy given for the primary tumour (after
# its resection) is not among them, yet ASCO's row [108] counts any prior chemotherapy in choosing a regimen.
PRIMARY_CHEMOTHERAPY_GAP = (
    "Chemotherapy given for the primary tumour, such as adjuvant chemotherapy after its resection, is not "
    "among the weeks entered for these metastases, but it is prior chemotherapy in ASCO's row, where the "
    "choice of regimen depends on it. The review gives no rule for choosing again after it (whether to give "
    "oxaliplatin again, for instance): for the team."
)
# The same silence in a metachronous plan's action naming an oxaliplatin regimen (cited to ASCO's row, as the
# gap is): a recurrence often follows adjuvant oxaliplatin, and the action must not prescribe it again bare.
PRIMARY_OXALIPLATIN_CLAUSE = (
    ", if no oxaliplatin was given for the primary tumour (if it was, the review gives no rule for choosing "
    "again: the team decides)"
)


# The Regimen step's finding where perioperative FOLFOX or CAPOX is the plan (with the clause above, as the
# action naming it carries it).
PERIOPERATIVE_REGIMEN = "FOLFOX or CAPOX before and after resection, without a biologic"


def primary_chemotherapy_clause(s: Scenario) -> tuple[str, tuple[str, ...]]:
    """What an action naming FOLFOX or CAPOX adds for metachronous disease, and its record (ASCO's row
    [108]: the regimen depends on any earlier chemotherapy); nothing for synchronous disease, found with the
    primary."""
    if s.synchronous:
        return "", ()
    return PRIMARY_OXALIPLATIN_CLAUSE, ("table-2-asco-regimens",)


def and_list(items: tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def missing_tests(s: Scenario) -> tuple[str, ...]:
    """The molecular results not yet known, in the order they are usually reported."""
    return tuple(
        name
        for name, missing in (
            ("RAS", s.ras_status == "unknown"),
            ("BRAF", s.braf_v600e is None),
            ("mismatch repair", s.msi_high_or_dmmr is None),
        )
        if missing
    )


def tests_to_order(s: Scenario) -> tuple[list[str], list[str]]:
    """The molecular tests a plan that gives systemic therapy asks for (flags, sentences): BRAF before any
    anti-EGFR antibody in RAS wild-type disease (NCCN), and the results not yet known where RAS or mismatch
    repair is among them. One rule for every such plan, so each asks for the same tests."""
    flags: list[str] = []
    text: list[str] = []
    if s.ras_status == "wild_type" and s.braf_v600e is None:
        flags.append("test_braf_before_anti_egfr")
        text.append("RAS wild-type but BRAF not known: test BRAF before any anti-EGFR antibody (NCCN).")
    if s.ras_status == "unknown" or s.msi_high_or_dmmr is None:
        flags.append("molecular_testing_needed")
        depends = (
            "the biologic and immunotherapy depend" if s.msi_high_or_dmmr is None else "the biologic depends"
        )
        text.append(f"Test {and_list(missing_tests(s))}: {depends} on the results.")
    return flags, text


# dMMR/MSI-H after progression (``Scenario.progressed``), in every plan made then: pembrolizumab is the
# review's alternative to chemotherapy, so an option only where the course that progressed was chemotherapy
# (the weeks box also holds a pembrolizumab course), and its trial [96] gave it first-line, not after it.
PEMBROLIZUMAB_AFTER_PROGRESSION_FINDING = (
    "dMMR/MSI-H: pembrolizumab, the review's alternative to chemotherapy for these tumours, if the course "
    "that progressed was chemotherapy; after progression on pembrolizumab itself the review gives no rule."
)
# Its trial's setting, in every plan that meets pembrolizumab after a course already given.
PEMBROLIZUMAB_TRIAL_SETTING = "its trial gave it as the first treatment for metastatic disease"


def pembrolizumab_after_course(*, progressed: bool, progression_known: bool = True) -> str:
    """A dMMR/MSI-H plan's pembrolizumab action after a course already given: the weeks box holds
    chemotherapy or pembrolizumab, and the review's trial [96] gave pembrolizumab before any treatment for
    metastatic disease. After progression it is offered where the course was chemotherapy; without progression
    a pembrolizumab course continues (once restaging shows no progression, where ``progression_known`` is
    False), and a working chemotherapy course the review gives no rule to switch."""
    if progressed:
        return (
            "If the course that progressed was chemotherapy: pembrolizumab (dMMR/MSI-H), the review's "
            f"alternative to chemotherapy for these tumours; {PEMBROLIZUMAB_TRIAL_SETTING}, not after "
            "progression on chemotherapy. If it was pembrolizumab itself, the review gives no rule (it has "
            "no result for checkpoint inhibitors after they fail): the team decides."
        )
    go_on = "continue it" if progression_known else "continue it if it has not progressed (restage first)"
    return (
        f"If the course given was pembrolizumab (dMMR/MSI-H), {go_on}. If it was chemotherapy, the review "
        f"gives no rule for switching to pembrolizumab ({PEMBROLIZUMAB_TRIAL_SETTING}): the team decides."
    )


PEMBROLIZUMAB_AFTER_PROGRESSION_REASONING = (
    "For metastatic colorectal cancer that is dMMR/MSI-H the review names checkpoint inhibitors as an "
    "alternative to chemotherapy, and NCCN's Table 2 row on unresectable synchronous disease lists "
    "pembrolizumab for these tumours only. In its phase III trial (KEYNOTE-177) pembrolizumab beat "
    "chemotherapy as the first treatment for metastatic disease, not after progression on chemotherapy: the "
    "review has no result for it in this setting. Nor has it any for checkpoint inhibitors after the disease "
    "progresses on them: where the course that progressed was pembrolizumab, what comes next is the team's."
)
PEMBROLIZUMAB_AFTER_PROGRESSION_IDS = (
    "immunotherapy-checkpoint-inhibitors-msi",
    "immunotherapy-pembrolizumab-vs-chemotherapy",
    "table-2-nccn-immunotherapy",
)
# A plan that keeps systemic therapy after progression (unfit, unresectable extrahepatic disease) for what
# comes next: the progressed plan's own gap, said of the treatment given (it may have been pembrolizumab).
NEXT_LINE_AFTER_PROGRESSION = (
    "The disease progressed on the treatment given, and the review gives no rule for the next line of "
    "systemic therapy: the team decides."
)


# BRAF V600E: the review says BRAF counts in the choice of regimen [25] but names no regimen or drug for it.
BRAF_V600E_REGIMEN_GAP = (
    "BRAF V600E: the review says BRAF status counts in choosing a regimen but names no regimen for it; "
    "NCCN's Table 2 row allows an anti-EGFR antibody only with BRAF wild-type, so none is offered here. For "
    "the team."
)


# The review's warning against anti-EGFR antibodies, and New EPOC's harm, are about initially resectable
# disease; for disease made resectable by chemotherapy the review says nothing either way.
ANTI_EGFR_AFTER_CONVERSION_GAP = (
    "The review does not say whether to continue an anti-EGFR antibody after conversion: its warning against "
    "them, and New EPOC, concern initially resectable disease. For the team."
)


def regimen(s: Scenario, strategy: Strategy) -> Step:
    flags: list[str] = []
    evidence: list[str] = []
    text: list[str] = []
    injured = liver_is_injured(s)
    sidedness = None
    braf_gap = None
    primary_clause, primary_clause_ids = primary_chemotherapy_clause(s)
    perioperative = f"{PERIOPERATIVE_REGIMEN}{primary_clause}."
    if strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
        text.append(
            "ASCO's row chooses chemotherapy by, among other things, any given before: here the course the "
            "disease progressed on."
        )
        evidence.append("table-2-asco-regimens")
        if s.msi_high_or_dmmr:  # the review's one alternative to chemotherapy, with the trial's setting
            flags.append("immunotherapy_preferred")
            finding = (
                f"{PEMBROLIZUMAB_AFTER_PROGRESSION_FINDING} The rest of what comes next is the team's choice."
            )
            evidence += PEMBROLIZUMAB_AFTER_PROGRESSION_IDS
            text.append(PEMBROLIZUMAB_AFTER_PROGRESSION_REASONING)
        else:
            finding = "What to give after progression is the team's choice: the review gives no rule for it."
        test_flags, test_text = tests_to_order(s)
        flags += test_flags
        text += test_text
        if test_flags:
            evidence += ["regimens-choice-factors", "table-2-nccn-biologics"]
    elif strategy is Strategy.UPFRONT_RESECTION:
        finding = "No chemotherapy before surgery; chemotherapy after resection."
        text.append(
            "Adjuvant chemotherapy after resection is the summary's default. Its trials did not show longer "
            "overall survival: pooling the two older adjuvant trials gave only trends in PFS and OS that "
            "were not significant, and JCOG0603 improved DFS with worse OS."
        )
        evidence += [
            "guidelines-upfront-resection-low-risk",
            "resectable-pooled-adjuvant-analysis",
            "resectable-jcog0603",
        ]
    elif strategy is Strategy.PROCEED_TO_RESECTION:
        after = course_after_surgery(s, strategy)
        finding = after.finding
        text.append(after.reasoning)
        evidence += after.evidence_ids
    elif strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:
        flags.append("chemotherapy_around_resection")
        finding = (
            "Continue the course under way to 2-3 months, then resect; more after resection."
            if s.chemotherapy_given
            else perioperative
        )
        text.append(
            "ESMO names FOLFOX or CAPOX, IHPBA takes an oxaliplatin regimen as the reference, and EORTC "
            "40983 "
            "gave FOLFOX4. Bevacizumab is not part of it: in resectable disease its trial (PERIMAX) was "
            "still "
            "running and the resectable guideline rows list chemotherapy alone."
        )
        evidence += [
            "table-2-esmo-regimens",
            "table-2-ihpba-regimens",
            "resectable-eortc-40983-design",
            "biologics-perimax",
            "table-2-nccn-regimens",
        ]
        if s.chemotherapy_given:
            text.append(
                "That is the reference for resectable disease; a different course already under way is for "
                "the team to weigh, as the choice takes the chemotherapy already given into account (ASCO)."
            )
            evidence += ["table-2-asco-regimens", "timing-resectable-duration"]
    elif strategy is Strategy.LIVER_REMNANT_AUGMENTATION:
        plan = augmentation_chemotherapy(s)
        if plan == "around":
            flags.append("chemotherapy_around_resection")
        finding = {
            "given": "What more chemotherapy to give, and when, takes what was given into account.",
            "around": perioperative,
            "undecided": "Chemotherapy after resection, and before it too if the risk proves high.",
            "after": "Chemotherapy after resection.",
        }[plan]
        if plan == "given":
            evidence.append("table-2-asco-regimens")
        else:
            text.append(
                "As for resectable disease: ESMO names FOLFOX or CAPOX where perioperative chemotherapy is "
                "given, and the resectable guideline rows list chemotherapy without a biologic; otherwise "
                "the summary's default is chemotherapy after resection."
            )
            evidence += [
                "table-2-esmo-regimens",
                "table-2-nccn-regimens",
                "guidelines-upfront-resection-low-risk",
            ]
        text.append(
            "In a liver that must grow, the drugs' injuries matter: irinotecan steatohepatitis is linked to "
            "more liver insufficiency and deaths after surgery; oxaliplatin's sinusoidal injury usually does "
            "not raise postoperative mortality unless severe, but in one study FOLFOX gave no more response "
            "after 9 cycles, and more liver insufficiency."
        )
        evidence += [
            "rationale-irinotecan-steatohepatitis",
            "rationale-oxaliplatin-sinusoidal-injury",
            "timing-folfox-9-cycles",
        ]
    else:
        finding = "Systemic therapy chosen by molecular status and fitness."
        if s.progressed:  # past the fit and extrahepatic gates progression leaves by its own: a systemic plan
            finding = NEXT_LINE_AFTER_PROGRESSION + (
                f" {PEMBROLIZUMAB_AFTER_PROGRESSION_FINDING}" if s.msi_high_or_dmmr else ""
            )
        text.append("Fluorouracil-based doublets (FOLFOX, CAPOX, FOLFIRI) are the backbone.")
        evidence += ["regimens-nccn-listed", "regimens-first-line-backbone"]
        if s.chemotherapy_given:
            text.append("The choice takes the chemotherapy already given into account (ASCO).")
            evidence.append("table-2-asco-regimens")
        if s.msi_high_or_dmmr and s.progressed:
            flags.append("immunotherapy_preferred")
            evidence += PEMBROLIZUMAB_AFTER_PROGRESSION_IDS
            text.append(
                PEMBROLIZUMAB_AFTER_PROGRESSION_REASONING
                + " The chemotherapy and biologic options that follow are for a patient not given "
                "pembrolizumab."
            )
        elif s.msi_high_or_dmmr:
            flags.append("immunotherapy_preferred")
            evidence += [
                "immunotherapy-pembrolizumab-vs-chemotherapy",
                "table-2-nccn-immunotherapy",
                "immunotherapy-neoadjuvant-dmmr",
            ]
            # a course already under way may be chemotherapy or pembrolizumab itself: not "first" (Do first
            # says what becomes of it)
            opening = (
                "dMMR/MSI-H: in the phase III trial pembrolizumab beat chemotherapy with or without a "
                "biologic as the first treatment for metastatic disease."
                if s.chemotherapy_given
                else "dMMR/MSI-H: pembrolizumab first; in the phase III trial it beat chemotherapy with or "
                "without a biologic."
            )
            text.append(
                f"{opening} Its place before surgery is still being studied. The chemotherapy and biologic "
                "options that follow are for a patient not given pembrolizumab; the review does not say how "
                "to sequence them after it."
            )
            if s.chemotherapy_given:
                course = pembrolizumab_after_course(
                    progressed=False, progression_known=s.progression_on_chemotherapy is not None
                )
                finding = f"{finding} {course}"
        if s.good_performance_status is True and not injured:
            flags.append("triplet_option")
            evidence += ["regimens-folfoxiri-response", "unresectable-folfoxiri-vs-folfiri"]
            text.append("For a fit patient with a normal liver, FOLFOXIRI may raise response and R0 rates.")
        elif s.good_performance_status is None and not injured:
            text.append("The triplet waits for a judgement of fitness (performance status not given).")
            evidence.append("regimens-folfoxiri-response")
        flags.append("bevacizumab_option")
        evidence += ["biologics-bevacizumab-vegf", "table-2-nccn-biologics"]
        if s.ras_status in ("kras_mutant", "nras_mutant") and strategy is Strategy.CONVERSION_CHEMOTHERAPY:
            evidence.append("biologics-become-resection-response")
            text.append(
                "RAS-mutant unresectable disease: adding bevacizumab to mFOLFOX6 raised R0 resection and "
                "response "
                "rates in BECOME."
            )
        else:
            text.append(
                "Bevacizumab may be added to the backbone (AHPBA: possibly a greater response, less CALI)."
            )
            evidence.append("table-2-ahpba-biologics")
        if s.ras_status == "wild_type" and s.braf_v600e is False:
            flags.append("anti_egfr_option")
            evidence += ["biologics-kras-egfr-benefit", "biologics-panitumumab-folfox"]
            text.append(
                "RAS and BRAF wild-type: an anti-EGFR antibody (cetuximab or panitumumab) is an option, with "
                "FOLFIRI, FOLFOX or FOLFOXIRI as NCCN lists it (not with CAPOX)."
            )
            sidedness = (
                "The review does not discuss the side of the primary tumour, which the team weighs in "
                "choosing between an anti-EGFR antibody and bevacizumab."
            )
        elif s.braf_v600e:
            evidence += ["regimens-choice-factors", "table-2-nccn-biologics"]
            braf_gap = BRAF_V600E_REGIMEN_GAP
        test_flags, test_text = tests_to_order(s)
        flags += test_flags
        text += test_text
    if finding == perioperative:  # the condition on the primary's oxaliplatin, cited as the action cites it
        evidence += primary_clause_ids
    if s.msi_high_or_dmmr and (
        strategy in (Strategy.UPFRONT_RESECTION, Strategy.PERIOPERATIVE_CHEMOTHERAPY)
        or strategy is Strategy.LIVER_REMNANT_AUGMENTATION
    ):
        flags.append("neoadjuvant_immunotherapy_unsettled")
        evidence.append("immunotherapy-neoadjuvant-dmmr")
        text.append(
            "dMMR/MSI-H: neoadjuvant immunotherapy, alone or with chemotherapy, is little studied; early "
            "work in dMMR colorectal cancer (not in liver metastases) suggests it can work. The review gives "
            "no rule for resectable liver metastases, so whether to offer it is for the team."
        )
    # New EPOC and the review's warning concern initially resectable disease; after chemotherapy already given
    # (proceed to resection) no new regimen is planned before surgery, so the warning is not repeated there.
    # Converted disease (not resectable before chemotherapy) is outside both: the review is silent there,
    # which the step says, also where converted disease goes straight to resection (an antibody given during
    # conversion raises the same question around the operation).
    anti_egfr_converted_gap = None
    if (
        strategy is Strategy.PROCEED_TO_RESECTION
        and s.ras_status in ("wild_type", "unknown")
        and resectable_before_chemotherapy(s, strategy) is False
    ):
        evidence += ["biologics-egfr-not-for-resectable", "biologics-new-epoc-design"]
        anti_egfr_converted_gap = ANTI_EGFR_AFTER_CONVERSION_GAP
    elif (
        strategy not in NOT_RESECTABLE_NOW
        and strategy not in (Strategy.PROCEED_TO_RESECTION, Strategy.PROGRESSED_ON_CHEMOTHERAPY)
        and s.ras_status in ("wild_type", "unknown")
    ):
        if resectable_before_chemotherapy(s, strategy) is False:
            evidence += ["biologics-egfr-not-for-resectable", "biologics-new-epoc-design"]
            anti_egfr_converted_gap = ANTI_EGFR_AFTER_CONVERSION_GAP
        else:
            evidence += ["biologics-egfr-not-for-resectable", "biologics-new-epoc-os"]
            flags.append("anti_egfr_not_for_resectable")
            text.append(
                "No anti-EGFR antibody in initially resectable disease: in New EPOC adding cetuximab to "
                "perioperative chemotherapy was followed by shorter OS."
            )
    if injured and strategy in (Strategy.PERIOPERATIVE_CHEMOTHERAPY, Strategy.CONVERSION_CHEMOTHERAPY):
        evidence.append("rationale-irinotecan-steatohepatitis")
        if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:
            evidence.append("timing-resectable-duration")
        if strategy in CHEMOTHERAPY_FIRST:
            text.append(
                "Injured liver: the review links irinotecan (part of FOLFOXIRI) to steatohepatitis and "
                "liver failure after surgery, so the walkthrough does not offer the triplet here; the "
                "review itself gives no rule on the triplet or on which drug to prefer in such a liver, "
                "and the choice takes the chemotherapy already given into account (ASCO)"
                + (
                    ". Keep the course short (2-3 months before surgery)."
                    if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
                    else "."
                )
            )
            evidence.append("table-2-asco-regimens")
    gaps = [gap for gap in (sidedness, braf_gap, anti_egfr_converted_gap) if gap]
    chemotherapy_first = strategy in CHEMOTHERAPY_FIRST or (
        strategy is Strategy.LIVER_REMNANT_AUGMENTATION
        and augmentation_chemotherapy(s) in ("around", "given")
    )
    if s.liver_condition == "cirrhosis" and chemotherapy_first:
        evidence.append("rationale-oxaliplatin-sinusoidal-injury")
        gaps.append(
            "The review does not discuss chemotherapy in a cirrhotic liver; its reassurance on oxaliplatin "
            "holds only without the severe injury that brings portal hypertension. For the team."
        )
    if not s.synchronous:  # metachronous: the primary's own (adjuvant) chemotherapy may have been given
        evidence.append("table-2-asco-regimens")
        gaps.append(PRIMARY_CHEMOTHERAPY_GAP)
    gap = " ".join(gaps) or None
    return Step(
        key="regimen",
        title="Regimen and biologics",
        finding=finding,
        reasoning=" ".join(text),
        evidence_ids=tuple(dict.fromkeys(evidence)),
        flags=tuple(flags),
        gap=gap,
    )


# --- 9. Timing -------------------------------------------------------------------------------------------


def total_chemotherapy_weeks(s: Scenario) -> float | None:
    """Weeks already given plus weeks still planned before surgery; None when neither is known."""
    if s.prior_chemotherapy_weeks is None and s.planned_preop_weeks is None:
        return None
    return (s.prior_chemotherapy_weeks or 0) + (s.planned_preop_weeks or 0)


# Re-imaging while unresectable disease is treated: NCCN's row [18] gives every 2 months, for unresectable
# synchronous metastases only (the Guideline lens: it takes no position on metachronous disease); the review's
# own text gives every 2-3 months for initially unresectable disease (caveat 8), with no reference.
REIMAGING_SYNCHRONOUS = "every 2 months (NCCN; 2-3 in the review's text)"
REIMAGING_REVIEW = "every 2-3 months"


def reimaging_interval(synchronous: bool) -> tuple[str, tuple[str, ...]]:
    """How often unresectable disease is re-imaged for resection, and the records behind it: NCCN's 2 months
    beside the review's 2-3 for synchronous metastases, the review's own 2-3 months for metachronous ones."""
    if synchronous:
        return REIMAGING_SYNCHRONOUS, ("table-2-nccn-reevaluation", "timing-unresectable-reimaging")
    return REIMAGING_REVIEW, ("timing-unresectable-reimaging",)


_TIMING_TEXT: dict[Strategy, tuple[str, tuple[str, ...]]] = {
    Strategy.UPFRONT_RESECTION: (
        "No chemotherapy before surgery; it follows resection.",
        ("guidelines-upfront-resection-low-risk",),
    ),
    Strategy.PERIOPERATIVE_CHEMOTHERAPY: (
        "2-3 months before and again after resection, as in EORTC 40983; NCCN gives 2-3 months and AHPBA no "
        "more than 3 months before surgery.",
        ("timing-resectable-duration", "table-2-nccn-duration", "table-2-ahpba-duration"),
    ),
    Strategy.CONVERSION_CHEMOTHERAPY: (
        "Re-assess every 2 months (NCCN; 2-3 in the review's text) and operate as soon as the disease is "
        "resectable: after 9 cycles FOLFOX added injury, not response.",
        ("table-2-nccn-reevaluation", "timing-unresectable-reimaging", "timing-folfox-9-cycles"),
    ),
    Strategy.LIVER_REMNANT_AUGMENTATION: (
        "Embolization and surgery set the pace. Needlessly long chemotherapy before a hepatectomy is "
        "avoided: it shrinks the liver, and liver failure after surgery follows more often.",
        ("flr-pve-atrophy-after-nct", "timing-hepatic-atrophy"),
    ),
    Strategy.PROCEED_TO_RESECTION: (
        "Operate once it is safe: at least 4 weeks after the last chemotherapy and at least 5 weeks "
        "after "
        "the last bevacizumab (usually left out of the last cycle).",
        ("biologics-bevacizumab-preop-safety", "biologics-bevacizumab-last-cycle-omitted"),
    ),
    Strategy.SYSTEMIC_THERAPY: (
        "The team keeps re-assessing whether surgery has become possible.",
        ("rationale-guidelines-unresectable",),
    ),
    Strategy.PROGRESSED_ON_CHEMOTHERAPY: (
        "No operation is planned after progression; the review gives no timing for what follows.",
        ("table-1-disadvantage-2",),
    ),
}


# The Expert Group's 6 months in all (Table 2), in weeks: 6 x 52 / 12 = 26.
SIX_MONTHS_WEEKS = 26


def resectable_before_chemotherapy(s: Scenario, strategy: Strategy) -> bool | None:
    """Whether the disease could be removed before the chemotherapy given: False for converted disease, True
    with none given yet (it is resectable now) or where the answer says so, None where a course was given and
    the answer is "Not known" (then neither the resectable nor the converted course may be assumed)."""
    if converted_disease(s, strategy):
        return False
    if not s.chemotherapy_given:
        return True
    return s.initially_resectable


def total_course_given(s: Scenario) -> bool:
    """The Expert Group's 6 months of chemotherapy in all already given before surgery (its count applies to
    synchronous metastases resectable before chemotherapy only: ``_resectable_course_after``)."""
    return (s.prior_chemotherapy_weeks or 0) >= SIX_MONTHS_WEEKS


@dataclass(frozen=True)
class AfterSurgery:
    """Chemotherapy after the operation for a patient given some before it: the plan's action, and the
    Regimen step's finding and reasoning, with their records (one home, so the two say the same)."""

    action: str
    action_ids: tuple[str, ...]
    finding: str
    reasoning: str
    evidence_ids: tuple[str, ...]


ASCO_IDS: tuple[str, ...] = ("table-2-asco-regimens",)
EXPERT_GROUP_TOTAL = (
    "6 months in all, before and after surgery, for synchronous metastases resectable before chemotherapy"
)
# The review's course for resectable disease: 2-3 months before resection and again after it (EORTC 40983);
# "2-3 months" before is read as at most MAX_CHEMOTHERAPY_WEEKS, as the course_complete gate reads it.
RESECTABLE_COURSE = (
    "in resectable disease the review's often-preferred course is 2-3 months before resection and again "
    "after it, as in EORTC 40983"
)


def _resectable_course_after(s: Scenario) -> AfterSurgery:
    """Disease resectable before chemotherapy: the Expert Group's total for synchronous metastases, else the
    review's perioperative course of 2-3 months on each side (beyond 2-3 months before, the team's).

    The Expert Group's 6 months in all (table-2-egosm-duration, [111]): its Table 2 row is on resectable
    disease and [111] is a consensus on synchronous metastases, so the walkthrough applies it to synchronous
    metastases resectable before chemotherapy only (the record's note, the Guideline lens), never to
    metachronous or converted disease. ``course_after_surgery`` calls this where that is known, and, where it
    is not known, for the branch that says "if the disease was resectable before chemotherapy"."""
    if s.synchronous:
        ids = ("table-2-egosm-duration", *ASCO_IDS)
        if total_course_given(s):
            return AfterSurgery(
                action="After surgery, any more chemotherapy is the team's decision: the Expert Group counts "
                f"{EXPERT_GROUP_TOTAL}, and that much is already given.",
                action_ids=ids,
                finding="No further chemotherapy before surgery; the Expert Group's 6 months in all are "
                "already given.",
                reasoning=f"The Expert Group counts {EXPERT_GROUP_TOTAL}, and that much is given; the review "
                "gives no rule for more after resection: for the team (ASCO: the choice takes what was given "
                "into account).",
                evidence_ids=ids,
            )
        return AfterSurgery(
            action="Complete the chemotherapy course after surgery: the Expert Group counts "
            f"{EXPERT_GROUP_TOTAL}.",
            action_ids=ids,
            finding="No further chemotherapy before surgery; complete the course after resection.",
            reasoning="The choice of any further chemotherapy takes what was already given into account "
            f"(ASCO); the Expert Group counts {EXPERT_GROUP_TOTAL}.",
            evidence_ids=ids,
        )
    ids = ("timing-resectable-duration", *ASCO_IDS)
    if (s.prior_chemotherapy_weeks or 0) <= MAX_CHEMOTHERAPY_WEEKS:
        return AfterSurgery(
            action="After surgery, 2-3 months more chemotherapy, as before it: "
            f"{RESECTABLE_COURSE}; the choice takes what was already given into account.",
            action_ids=ids,
            finding="No further chemotherapy before surgery; 2-3 months more after resection.",
            reasoning="The review gives no total duration for metachronous metastases, but "
            f"{RESECTABLE_COURSE}; the choice of any more takes what was already given into account (ASCO).",
            evidence_ids=ids,
        )
    return AfterSurgery(
        action="After surgery, any more chemotherapy is the team's decision: more than 2-3 months was given "
        f"before it ({RESECTABLE_COURSE}), the review gives no total duration, and the choice takes what was "
        "already given into account.",
        action_ids=ids,
        finding="No further chemotherapy before surgery; any more after resection is the team's decision.",
        reasoning=f"More than 2-3 months was given before surgery, and the review gives no total duration "
        f"({RESECTABLE_COURSE}): any more after resection is for the team, and the choice takes what was "
        "already given into account (ASCO).",
        evidence_ids=ids,
    )


def course_after_surgery(s: Scenario, strategy: Strategy) -> AfterSurgery:
    """What the review gives for chemotherapy after resection once some was given before it, by whether the
    disease was resectable before it (``resectable_before_chemotherapy``): for resectable disease the Expert
    Group's 6 months in all where its consensus speaks (synchronous metastases), else the review's 2-3 months
    on each side; for converted disease no total, and the choice of any more takes what was given into account
    (ASCO's row [108]); where it is not known, both, each with its condition."""
    before = resectable_before_chemotherapy(s, strategy)
    if before is True:
        return _resectable_course_after(s)
    converted = AfterSurgery(
        action="After surgery, any more chemotherapy is the team's decision: the review gives no total "
        "duration for converted disease (made resectable by chemotherapy), and the choice takes what was "
        "already given into account.",
        action_ids=ASCO_IDS,
        finding="No further chemotherapy before surgery; any more after resection is the team's decision.",
        reasoning="The review gives no total duration of chemotherapy, before and after surgery, for "
        "converted disease (made resectable by chemotherapy): any more after resection is for the team, and "
        "the choice takes what was already given into account (ASCO).",
        evidence_ids=ASCO_IDS,
    )
    if before is False:
        return converted
    resectable = _resectable_course_after(s)  # not known: say both, each with its condition
    unknown = (
        " (whether the disease was resectable before chemotherapy is not known: the answer changes this)"
    )
    return AfterSurgery(
        action=f"If the disease was resectable before chemotherapy: {_lower_first(resectable.action)} If "
        f"chemotherapy made it resectable: {_lower_first(converted.action)}",
        action_ids=tuple(dict.fromkeys((*resectable.action_ids, *converted.action_ids))),
        finding="No further chemotherapy before surgery; what follows it depends on whether the disease was "
        "resectable before chemotherapy" + unknown + ".",
        reasoning=f"If it was: {resectable.reasoning} If chemotherapy made it resectable: "
        f"{converted.reasoning}",
        evidence_ids=tuple(dict.fromkeys((*resectable.evidence_ids, *converted.evidence_ids))),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Plans that give no chemotherapy before surgery from here on: weeks still planned are not given.
NO_MORE_BEFORE_SURGERY = frozenset({Strategy.UPFRONT_RESECTION, Strategy.PROCEED_TO_RESECTION})


def weeks_before_surgery(s: Scenario, strategy: Strategy) -> float | None:
    """The weeks of chemotherapy this plan gives before surgery: those given, plus those planned unless the
    plan stops chemotherapy before surgery (None when neither is known, or when no operation is planned)."""
    if strategy in NO_OPERATION_NOW:  # no operation planned: no weeks "before surgery"
        return None
    if no_chemotherapy_before_surgery(s, strategy):
        return s.prior_chemotherapy_weeks
    return total_chemotherapy_weeks(s)


def no_chemotherapy_before_surgery(s: Scenario, strategy: Strategy) -> bool:
    """The plan gives no (more) chemotherapy before the operation: upfront resection, proceed to resection,
    or a remnant to grow in a patient whose chemotherapy comes after resection."""
    return strategy in NO_MORE_BEFORE_SURGERY or (
        strategy is Strategy.LIVER_REMNANT_AUGMENTATION and augmentation_chemotherapy(s) == "after"
    )


def timing(s: Scenario, strategy: Strategy) -> Step:
    total = weeks_before_surgery(s, strategy)
    # Weeks since a last dose describe chemotherapy this plan does not give when none was given and none
    # comes before the operation (the form leaves "already given" empty for none): not used, and said so.
    unused_gaps = (
        no_chemotherapy_before_surgery(s, strategy)
        and not s.chemotherapy_given
        and (
            s.weeks_from_last_chemotherapy_to_surgery is not None
            or s.weeks_from_last_bevacizumab_to_surgery is not None
        )
    )
    # The review's limits concern complications of the operation; with no operation planned they do not apply
    # (it gives none for how long treatment without curative intent should run).
    warnings = (
        []
        if strategy in NO_OPERATION_NOW
        else preoperative_timing_warnings(
            chemotherapy_weeks=total,
            weeks_last_chemo_to_surgery=None if unused_gaps else s.weeks_from_last_chemotherapy_to_surgery,
            weeks_last_bevacizumab_to_surgery=None
            if unused_gaps
            else s.weeks_from_last_bevacizumab_to_surgery,
        )
    )
    total_text = typed(total or 0, MAX_CHEMOTHERAPY_WEEKS)
    chemo_gap = typed(s.weeks_from_last_chemotherapy_to_surgery or 0, MIN_WEEKS_LAST_CHEMO_TO_SURGERY)
    bevacizumab_gap = typed(
        s.weeks_from_last_bevacizumab_to_surgery or 0, MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY
    )
    messages = {
        "duration_over_12_weeks": (
            f"{total_text} weeks of chemotherapy before surgery in all, more than {MAX_CHEMOTHERAPY_WEEKS}: "
            "linked to more complications"
        ),
        "interval_under_4_weeks": (
            f"surgery {chemo_gap} weeks after the last chemotherapy, under "
            f"{MIN_WEEKS_LAST_CHEMO_TO_SURGERY}: linked to more complications"
        ),
        "bevacizumab_washout_short": (
            f"surgery {bevacizumab_gap} weeks after the last bevacizumab: it was safe when stopped "
            f"{MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY} or more weeks before"
        ),
    }
    plan_text, plan_ids = _TIMING_TEXT[strategy]
    if s.msi_high_or_dmmr and strategy is Strategy.CONVERSION_CHEMOTHERAPY:
        # the plan starts with pembrolizumab (regimen step): the cycle limit is chemotherapy's, not its
        plan_text = (
            f"Re-assess {REIMAGING_SYNCHRONOUS} and operate as soon as the disease is resectable. The "
            "review gives no limit for pembrolizumab before surgery; if chemotherapy is given instead, after "
            "9 cycles FOLFOX added injury, not response."
        )
    if strategy is Strategy.CONVERSION_CHEMOTHERAPY and not s.synchronous:  # NCCN's row: synchronous only
        plan_text = plan_text.replace(REIMAGING_SYNCHRONOUS, reimaging_interval(False)[0])
        plan_ids = tuple(i for i in plan_ids if i != "table-2-nccn-reevaluation")
    evidence = ["timing-long-chemo-short-interval", *plan_ids]
    if "bevacizumab_washout_short" in warnings or s.weeks_from_last_bevacizumab_to_surgery is not None:
        evidence += ["biologics-bevacizumab-preop-safety", "biologics-bevacizumab-last-cycle-omitted"]
    if "duration_over_12_weeks" in warnings:
        evidence += ["timing-folfox-9-cycles", "timing-hepatic-atrophy"]
    if strategy in NO_OPERATION_NOW:
        finding = "No operation is planned: the review's limits before surgery do not apply yet."
    elif warnings:
        finding = sentence_case("; ".join(messages[w] for w in warnings)) + "."
    else:
        finding = "No timing warning from what was entered." + (
            " (No duration entered.)"
            if total is None and not no_chemotherapy_before_surgery(s, strategy)
            else ""
        )
    if unused_gaps:
        finding += (
            " The weeks entered since a last dose are not used: no chemotherapy has been given, and none "
            "comes before this operation."
        )
    if no_chemotherapy_before_surgery(s, strategy) and s.planned_preop_weeks:
        finding += (
            " The weeks entered as planned are not given: this plan has no more chemotherapy before surgery."
        )
    gap = None
    if s.extrahepatic_disease == "resectable" and strategy not in (
        *NO_OPERATION_NOW,
        Strategy.CONVERSION_CHEMOTHERAPY,
    ):  # a resection in view, of disease beyond the liver too: the course's durations are liver-only trials'
        evidence += ["resectable-eortc-40983-design", "timing-resectable-duration"]
        gap = (
            "The review gives no duration of chemotherapy for disease beyond the liver: its 2-3 months "
            "before and after resection follow EORTC 40983, a trial that excluded extrahepatic metastases. "
            "How long to give it here is for the team."
        )
    return Step(
        key="timing",
        title="Timing and safety",
        finding=finding,
        reasoning=plan_text + " Long courses of chemotherapy add liver injury, atrophy and complications.",
        evidence_ids=tuple(dict.fromkeys(evidence)),
        flags=tuple(warnings),
        gap=gap,
    )


# --- 10. Monitoring --------------------------------------------------------------------------------------


def monitoring(s: Scenario, strategy: Strategy) -> Step:
    """What imaging the plan needs: a response to follow only where systemic treatment comes before surgery
    (or instead of it); MRI staging before an operation with none before it; a re-assessment interval only
    for disease being converted (``reimaging_interval``: NCCN's 2 months [18] where its row speaks,
    synchronous disease, else the review's own 2-3 months)."""
    evidence = ["imaging-prometeo-mri-vs-ct"]
    reasoning = "MRI found liver metastases more often than CT."
    after_chemotherapy = (
        " CT found fewer of the lesions in patients given chemotherapy before resection than in those "
        "operated on first, and a pooled analysis judged MRI the best test before surgery after it."
    )
    cea = " CEA, cheap and easy to measure, goes alongside imaging in the first checks of a response."
    chemotherapy_ids = ("imaging-prometeo-ct-by-chemotherapy", "imaging-meta-analysis-authors-conclusions")
    gaps: list[str] = []
    embolization = (
        ", and again after the embolization" if strategy is Strategy.LIVER_REMNANT_AUGMENTATION else ""
    )
    plan = augmentation_chemotherapy(s) if strategy is Strategy.LIVER_REMNANT_AUGMENTATION else ""
    if strategy is Strategy.CONVERSION_CHEMOTHERAPY:
        interval, interval_ids = reimaging_interval(s.synchronous)
        finding = f"Re-assess for resection {interval} with MRI, and CEA alongside imaging."
        evidence += [*chemotherapy_ids, "cea-useful-adjunct", *interval_ids]
        reasoning += after_chemotherapy + cea
    elif strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
        finding = "Follow the disease with MRI, and CEA alongside imaging, on whatever treatment comes next."
        evidence += ["cea-useful-adjunct"]
        reasoning += cea
    elif strategy is Strategy.SYSTEMIC_THERAPY:
        finding = "Follow the response with MRI, and CEA alongside imaging."
        evidence += ["cea-useful-adjunct"]
        reasoning += cea
        gaps.append(
            "The review's interval for restaging is for liver disease being made resectable; it gives none "
            "for systemic therapy without curative intent: the team decides."
        )
    elif strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY or plan == "around":
        finding = (
            "Follow the response with MRI, and CEA alongside imaging; restage the liver with MRI before "
            f"surgery{embolization}."
        )
        evidence += [*chemotherapy_ids, "cea-useful-adjunct"]
        reasoning += after_chemotherapy + cea
    elif plan == "undecided":
        finding = (
            "Stage the liver with MRI before surgery, and again after the embolization; should chemotherapy "
            "come first, follow its response with MRI, and CEA alongside imaging."
        )
        evidence += [*chemotherapy_ids, "cea-useful-adjunct"]
        reasoning += after_chemotherapy + cea
    elif s.chemotherapy_given:  # proceed to resection, or a remnant to grow after a course given
        finding = (
            f"Restage the liver with MRI before surgery{embolization} (CT misses more lesions after "
            "chemotherapy)."
        )
        evidence += [*chemotherapy_ids]
        reasoning += after_chemotherapy
    else:  # nothing systemic before surgery: no response to follow, the liver to stage
        finding = f"Stage the liver with MRI before surgery{embolization}."
    if s.extrahepatic_disease != "none":
        evidence.append("imaging-pet-not-routine")
        gaps.append(
            "The review's imaging evidence is on liver metastases; of the disease outside the liver it says "
            "only that PET, not advised routinely, may help find hidden disease there. How to follow it is "
            "for the team."
        )
    return Step(
        key="monitoring",
        title="Monitoring",
        finding=finding,
        reasoning=reasoning.strip(),
        evidence_ids=tuple(dict.fromkeys(evidence)),
        flags=("mri_preferred",),
        gap=" ".join(gaps) or None,
    )


# --- 11. Disappearing metastases -------------------------------------------------------------------------


def dlm_factors(s: Scenario) -> list[str]:
    factors = []
    if s.smallest_lesion_cm is not None and is_small(s.smallest_lesion_cm):
        factors.append(f"a lesion of {typed(s.smallest_lesion_cm, SIZE_THRESHOLD_CM)} cm (under 2 cm)")
    elif (
        s.smallest_lesion_cm is None and s.largest_lesion_cm is not None and is_small(s.largest_lesion_cm)
    ):  # then every lesion is small
        largest = typed(s.largest_lesion_cm, SIZE_THRESHOLD_CM, FONG_LARGEST_CM)
        factors.append(
            f"a lesion of {largest} cm (under 2 cm)"
            if s.lesion_count == 1
            else f"every lesion, the largest {largest} cm (under 2 cm)"
        )
    if s.deepest_lesion_depth_cm is not None and is_deep(s.deepest_lesion_depth_cm):
        factors.append(
            f"a lesion {typed(s.deepest_lesion_depth_cm, DEPTH_THRESHOLD_CM)} cm deep (deeper than 1 cm)"
        )
    return factors


def disappearing_metastases(s: Scenario, strategy: Strategy) -> Step:
    factors = dlm_factors(s)
    flags: list[str] = []
    evidence = ["dlm-risk-factors", "dlm-residual-disease-after-complete-response"]
    # With several lesions and only the largest given (2 cm or more), the others' sizes are not known.
    others_unsized = (
        s.lesion_count > 1
        and s.smallest_lesion_cm is None
        and s.largest_lesion_cm is not None
        and not is_small(s.largest_lesion_cm)
    )
    unknown = [
        name
        for name, missing in (
            ("lesion size", s.largest_lesion_cm is None and s.smallest_lesion_cm is None),
            ("the smaller lesions' sizes", others_unsized),
            ("depth", s.deepest_lesion_depth_cm is None),
        )
        if missing
    ]
    # what comes first in a dMMR conversion plan is pembrolizumab, not chemotherapy (regimen step)
    treatment = "treatment" if s.msi_high_or_dmmr else "chemotherapy"
    if not factors:
        finding = "No size or depth risk factor for disappearing metastases from what was entered" + (
            f" ({' and '.join(unknown)} not given, so not checked)." if unknown else "."
        )
    else:
        flags.append("dlm_risk")
        finding = "At risk of disappearing: " + "; ".join(factors) + "."
        if strategy is Strategy.UPFRONT_RESECTION:
            finding += " Operating first avoids the problem."
            evidence.append("dlm-upfront-surgery-highest-risk")
        elif strategy is Strategy.LIVER_REMNANT_AUGMENTATION and not s.chemotherapy_given:
            systemic = augmentation_chemotherapy(s)
            if systemic == "around":
                flags.append("fiducial_marker")
                finding += (
                    " Mark them with fiducials before chemotherapy, so they can be found if they vanish."
                )
            elif systemic == "undecided":
                finding += (
                    " Should chemotherapy come first (if the missing risk items put the patient in the high "
                    "group), mark them with fiducials before it."
                )
            else:
                finding += (
                    " No chemotherapy is planned before the resection, which avoids the problem; should any "
                    "be given while the remnant grows, mark them with fiducials first."
                )
                evidence.append("dlm-upfront-surgery-highest-risk")
            evidence.append("dlm-fiducial-marker")
        elif strategy in (Strategy.PROCEED_TO_RESECTION, Strategy.LIVER_REMNANT_AUGMENTATION):
            finding += (
                " After chemotherapy such lesions may already be invisible: resect their original sites "
                "where "
                "possible and use contrast-enhanced intraoperative ultrasound."
            )
            evidence += ["dlm-intrahepatic-rfs", "imaging-intraoperative-comparison"]
        elif strategy in CHEMOTHERAPY_FIRST and strategy is not Strategy.SYSTEMIC_THERAPY:
            flags.append("fiducial_marker")
            evidence.append("dlm-fiducial-marker")
            finding += (
                " Chemotherapy has started: mark them with fiducials now, while they can still be seen."
                if s.chemotherapy_given
                else f" Mark them with fiducials before {treatment}, so they can be found if they vanish."
            )
            if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:  # resectable now: operating first is feasible
                finding += " For the highest risk, surgery first is the alternative."
                evidence.append("dlm-upfront-surgery-highest-risk")
    return Step(
        key="dlm",
        title="Disappearing metastases",
        finding=finding,
        reasoning=(
            "Small (under 2 cm) or deep (over 1 cm) lesions are the likeliest to vanish on imaging while "
            "viable tumour remains, and longer chemotherapy makes it likelier."
        ),
        evidence_ids=tuple(evidence),
        flags=tuple(flags),
        gap=(
            "The review links longer chemotherapy to disappearing metastases without a numeric cut-off."
            if factors and strategy in CHEMOTHERAPY_FIRST
            else None
        ),
    )


# --- 12. Margins -----------------------------------------------------------------------------------------


def margins(s: Scenario, strategy: Strategy) -> Step:
    short = s.expected_margin_mm is not None and s.expected_margin_mm < MIN_MARGIN_MM
    # an operation with no chemotherapy before it, none given: chemotherapy first is the other answer
    surgery_first = short and not s.chemotherapy_given and no_chemotherapy_before_surgery(s, strategy)
    evidence = [
        "margins-submillimetre",
        "margins-negative-margin-survival",
        "margins-meta-analysis-wide-margin",
        "margins-1-to-10-mm-no-benefit",
        "margins-positive-margin-suboptimal-response",
    ]
    gap = None
    if s.expected_margin_mm is None:
        finding = "Expected margin not entered."
    elif short:
        # as the actions say it: no resection to re-plan while none is in view, and a conversion plan's is
        # the one conversion may allow
        finding = f"Expected margin {typed(s.expected_margin_mm, MIN_MARGIN_MM)} mm, under 1 mm: " + (
            "no resection is planned now; should one come back into view, plan it for a margin of at least "
            "1 mm."
            if strategy in NO_OPERATION_NOW
            else "plan the resection that conversion may allow for a margin of at least 1 mm."
            if strategy is Strategy.CONVERSION_CHEMOTHERAPY
            else "re-plan the resection for a margin of at least 1 mm."
        )
    else:
        finding = f"Expected margin {typed(s.expected_margin_mm, MIN_MARGIN_MM)} mm: at least 1 mm."
    if surgery_first:
        finding += (
            " Chemotherapy before the operation may make a negative margin more likely (Table 1), though a "
            "positive margin did the most harm where the tumour responded poorly to it."
        )
        evidence += ["table-1-advantage-3", "rationale-resectable-surgical-advantages"]
        gap = (
            "The review gives no rule for when a margin under 1 mm should move resectable disease to "
            "chemotherapy first: if re-planning cannot give 1 mm, that is for the team."
        )
    return Step(
        key="margins",
        title="Margins",
        finding=finding,
        reasoning=(
            "Aim for at least 1 mm: submillimetre margins were linked with shorter survival. How much wider "
            "is better is disputed: a large meta-analysis linked margins over 10 mm with better survival, "
            "while several large series found 1-10 mm did as well as wider margins. A positive margin hurt "
            "most after a poor response to NCT."
        ),
        evidence_ids=tuple(evidence),
        flags=("margin_submillimetre",) if short else (),
        gap=gap,
    )
