"""Step 9, Timing, and the course after surgery: how long chemotherapy runs before the operation (about 12
weeks, 2-3 months), the interval from the last chemotherapy and the last bevacizumab to surgery, re-imaging
while unresectable disease is treated, and what is given after resection (``course_after_surgery``, the Expert
Group's 6 months in all where it applies). Rests on timing-resectable-duration,
timing-long-chemo-short-interval, timing-hepatic-atrophy, timing-unresectable-reimaging,
biologics-bevacizumab-preop-safety, resectable-eortc-40983-design, table-2-nccn-duration,
table-2-ahpba-duration, table-2-egosm-duration, table-2-nccn-reevaluation and table-2-asco-regimens.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...timing import (
    MAX_CHEMOTHERAPY_WEEKS,
    MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
    MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
    preoperative_timing_warnings,
)
from ..model import NO_OPERATION_NOW, Scenario, Step, Strategy, sentence_case
from .augmentation import augmentation_chemotherapy
from .common import typed
from .presenting import converted_disease


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
