"""The engine: a patient in, the board's plan out (strategy, ordered actions, hazards, cited steps).

``recommend`` reads as the pathway: one call per step of ``steps``, in the order a hepatobiliary board takes
them; the plan's actions follow from the strategy and the steps' flags. The map of the strategy gates is
``pathway``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..timing import MAX_CHEMOTHERAPY_WEEKS
from . import steps
from .lens import PROGRESSED_LENS, lens_summary, readings_disagree, readings_for_plan
from .model import (
    NO_OPERATION_NOW,
    Action,
    Recommendation,
    Scenario,
    Step,
    Strategy,
    sentence_case,
)


def recommend(scenario: Scenario) -> Recommendation:
    """The review's reasoning for this patient, as an ordered, cited trace of steps and a plan of action."""
    s = scenario
    resect = steps.assess_resectability(s)
    risk = steps.assess_recurrence_risk(s)
    facts = steps.Facts(scenario=s, resectability=resect, recurrence=risk)
    strategy, path = steps.choose_strategy(facts)
    readings = readings_for_plan(s, resect.resectable, risk, strategy, path)
    # Beside a remnant that must grow first, the missing risk items decide the systemic therapy only where
    # nothing else (extrahepatic disease, operative risk) already calls for chemotherapy first.
    risk_decides = (
        strategy is Strategy.LIVER_REMNANT_AUGMENTATION and steps.augmentation_chemotherapy(s) == "undecided"
    )
    trace: list[Step] = [
        steps.presentation(s, strategy),
        steps.resectability(s, resect),
        steps.remnant(s, resect, strategy),
        steps.recurrence_risk(
            s,
            risk,
            passed_risk_gates=path[-1] == steps.GATES[-1].key or risk_decides,
            risk_gate_reached="recurrence_risk" in path or risk_decides,
            strategy=strategy,
        ),
        steps.operative_risk(s),
        steps.molecular(s),
        steps.strategy_step(
            facts,
            strategy,
            path,
            *(
                (False, PROGRESSED_LENS, ())  # the rows speak of the choice before chemotherapy, not after
                if strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
                else (
                    readings_disagree(readings, strategy),
                    lens_summary(readings, strategy, progressed=s.progressed),
                    tuple(eid for reading in readings for eid in reading.evidence_ids),
                )
            ),
        ),
        steps.regimen(s, strategy),
        steps.timing(s, strategy),
        steps.monitoring(s, strategy),
        steps.disappearing_metastases(s, strategy),
        steps.margins(s, strategy),
    ]
    flags = frozenset(flag for step in trace for flag in step.flags)
    return Recommendation(
        strategy=strategy,
        resectable=resect.resectable,
        flags=flags,
        steps=tuple(trace),
        actions=_actions(s, strategy, flags, risk),
        path=path,
        progressed=s.progressed,
        course_given=s.chemotherapy_given,
    )


# NCCN's row adds a biologic "+/-" (table-2-nccn-biologics): not every patient gets one.
SYSTEMIC_CHEMOTHERAPY = "Systemic chemotherapy, with or without a biologic chosen by molecular status."
# A margin under 1 mm re-planned to 1 mm takes more liver: the remnant to measure is the one that resection
# leaves, not the one first planned.
WIDER_RESECTION = "(margin of at least 1 mm: a wider resection leaves less liver)"
RESCHEDULE = "Schedule the resection at least 4 weeks after the last chemotherapy (5 after bevacizumab)."
RESCHEDULE_IDS = ("timing-long-chemo-short-interval", "biologics-bevacizumab-preop-safety")


def _actions(
    s: Scenario, strategy: Strategy, flags: frozenset[str], risk: steps.RecurrenceRisk
) -> tuple[Action, ...]:
    """What to do first, then, and when to re-assess, in the order a board would take them."""
    first: list[Action] = []
    then: list[Action] = []
    reassess: list[Action] = []

    def do(bucket: list[Action], text: str, *ids: str) -> None:
        phase = "first" if bucket is first else "then" if bucket is then else "reassess"
        bucket.append(Action(phase=phase, text=text, evidence_ids=ids))

    # Synchronous disease: every resect action names the primary, if still in place (one wording, one record).
    # Resectable extrahepatic disease too: each resect action names it (``steps.removal_parts``).
    with_primary, primary_ids = steps.removal_parts(s, strategy)
    # An operation dated too soon after chemotherapy or bevacizumab: moved, wherever one is planned.
    too_soon = "interval_under_4_weeks" in flags or "bevacizumab_washout_short" in flags
    # Metachronous disease: an action naming FOLFOX or CAPOX says the primary's oxaliplatin counts (ASCO).
    primary_clause, primary_clause_ids = steps.primary_chemotherapy_clause(s)
    if "complete_risk_assessment" in flags:
        do(
            first,
            f"Find the {steps.and_list(risk.missing)}: the clinical risk score is "
            f"{risk.at_least}-{risk.at_most}, "
            "and 3 or more (the usual high-risk group, a convention) would favour perioperative "
            "chemotherapy.",
            "table-2-esmo-resectable",
            "risk-scores-fong-review-items",
        )
    # a resection planned now; a conversion plan's comes later (_conversion_actions), none without one
    # a wider resection takes more liver: where the remnant is measured again, it is the re-planned one's
    replanned = "margin_submillimetre" in flags
    if replanned and strategy not in (Strategy.CONVERSION_CHEMOTHERAPY, *NO_OPERATION_NOW):
        do(first, "Re-plan the resection for a margin of at least 1 mm.", "margins-submillimetre")
    if strategy is Strategy.UPFRONT_RESECTION:
        do(
            first,
            f"Stage the liver with MRI, then resect{with_primary}.",
            "imaging-prometeo-mri-vs-ct",
            *primary_ids,
        )
        do(then, "Chemotherapy after resection.", "guidelines-upfront-resection-low-risk")
    elif strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:
        if "fiducial_marker" in flags:
            do(first, "Mark lesions at risk of disappearing with fiducials.", "dlm-fiducial-marker")
        if steps.remnant_after_planned_course_short(s, strategy):
            do(
                first,
                "Keep chemotherapy within 12 weeks in all, or grow the remnant (PVE) first: after more, this "
                "remnant is too small.",
                "flr-threshold-injured-liver",
                "flr-pve-atrophy-after-nct",
                "timing-long-chemo-short-interval",
            )
        if s.chemotherapy_given:
            do(
                first,
                "Complete the course under way: 2-3 months before surgery in all"
                + (
                    ", stopping at 12 weeks in all (fewer than the weeks planned)."
                    if (steps.total_chemotherapy_weeks(s) or 0) > MAX_CHEMOTHERAPY_WEEKS
                    else "."
                ),
                "timing-resectable-duration",
                "table-2-asco-regimens",
                "timing-long-chemo-short-interval",
            )
        else:
            do(
                first,
                "FOLFOX or CAPOX for 2-3 months"
                + primary_clause
                + (
                    f", and no more than 12 weeks (more were linked to complications): fewer than the "
                    f"{steps.typed(s.planned_preop_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)} weeks planned."
                    if (s.planned_preop_weeks or 0) > MAX_CHEMOTHERAPY_WEEKS
                    else "."
                ),
                "table-2-esmo-regimens",
                "timing-resectable-duration",
                "timing-long-chemo-short-interval",
                *primary_clause_ids,
            )
        if too_soon:
            do(then, RESCHEDULE, *RESCHEDULE_IDS)
        do(
            then,
            f"Resect{with_primary}, then 2-3 months more chemotherapy.",
            "timing-resectable-duration",
            *primary_ids,
        )
        do(reassess, "Restage with MRI before surgery.", "imaging-prometeo-ct-by-chemotherapy")
    elif strategy is Strategy.LIVER_REMNANT_AUGMENTATION:
        systemic = steps.augmentation_chemotherapy(s)
        if "fiducial_marker" in flags:
            do(first, "Mark lesions at risk of disappearing with fiducials.", "dlm-fiducial-marker")
        if "two_stage_hepatectomy" in flags:
            do(
                first,
                "Portal vein embolization to grow the remnant; with disease in both lobes, the team decides "
                "between one operation after it and a two-stage hepatectomy (the first stage clears the "
                "future remnant, then the embolization).",
                "flr-pve-insufficient-remnant",
                "flr-two-stage-strategy",
            )
            do(
                then,
                f"Resect once the remnant has grown{with_primary}: in one operation, or as the second stage.",
                "flr-pve-insufficient-remnant",
                "flr-two-stage-strategy",
                *primary_ids,
            )
        else:
            do(first, "Portal vein embolization to grow the remnant.", "flr-pve-insufficient-remnant")
            do(
                then,
                f"Resect once the remnant is large enough{with_primary}.",
                "flr-pve-insufficient-remnant",
                *primary_ids,
            )
        if systemic == "around":  # after the surgical answer: the remnant is the first problem
            _, reason, reason_ids = steps.AUGMENTATION_AROUND[steps.augmentation_gate(s)]
            do(
                first,
                f"FOLFOX or CAPOX before and after the resection{primary_clause}, {reason} (how it fits "
                "around the embolization is for the team).",
                *reason_ids,
                "table-2-esmo-regimens",
                *primary_clause_ids,
            )
        if too_soon:
            do(then, RESCHEDULE, *RESCHEDULE_IDS)
        if systemic == "given":
            _after_surgery(s, strategy, do, then)
        elif systemic != "around":
            do(
                then,
                "Chemotherapy after resection"
                + (
                    ", and before it too if the missing items put the risk in the high group."
                    if systemic == "undecided"
                    else "."
                ),
                "guidelines-upfront-resection-low-risk",
                *(("table-2-esmo-resectable",) if systemic == "undecided" else ()),
            )
        cirrhosis = s.liver_condition == "cirrhosis"
        do(
            reassess,
            (
                f"Measure the remnant the re-planned resection leaves {WIDER_RESECTION} before "
                "embolization, and again after it"
                if replanned
                else "Measure the remnant again after embolization"
            )
            + (
                (
                    " and after chemotherapy: a cirrhotic liver needs more than 40%."
                    if cirrhosis
                    else " and after chemotherapy: after extensive chemotherapy it must be above 30%."
                )
                if systemic in ("around", "given")
                else (
                    " and, if chemotherapy comes first, after it: after extensive chemotherapy it must be "
                    "above 30%."
                    if systemic == "undecided" and not cirrhosis
                    else "."
                )
            ),
            "flr-ct-volumetry",
            *(("flr-threshold-injured-liver",) if systemic != "after" else ()),
            *(("margins-submillimetre",) if replanned else ()),
        )
    elif strategy is Strategy.PROCEED_TO_RESECTION:
        do(
            first,
            RESCHEDULE.replace("Schedule the resection", f"Schedule the resection{with_primary}", 1),
            *RESCHEDULE_IDS,
            *primary_ids,
        )
        _after_surgery(s, strategy, do, then)
    elif strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
        do(
            first,
            "Do not go on to resection: the disease progressed on the chemotherapy given.",
            "rationale-resectable-surgical-advantages",
            "table-1-advantage-4",
            "table-1-disadvantage-2",
        )
        _testing_actions(s, flags, do, first)
        # the regimen step's dMMR/MSI-H answer, with its trial's setting; the course that progressed may have
        # been pembrolizumab itself (the weeks box holds it too), after which the review has no answer
        if "immunotherapy_preferred" in flags:
            do(
                first,
                steps.pembrolizumab_after_course(progressed=True),
                *steps.PEMBROLIZUMAB_AFTER_PROGRESSION_IDS,
            )
            do(
                then,
                "The team decides what else comes next (restaging, chemotherapy if pembrolizumab is not "
                "given): the review gives no rule for it.",
                "table-2-asco-regimens",
            )
        else:
            do(
                then,
                "The team decides what comes next (another line of systemic therapy, restaging): the review "
                "gives no rule for it.",
                "table-2-asco-regimens",
            )
    else:
        if (
            strategy is Strategy.SYSTEMIC_THERAPY
            and not s.fit_for_surgery
            and not s.synchronous
            and steps.assess_resectability(s).resectable
        ):  # removable disease in a patient unfit for the operation: the one local answer Table 2 names
            do(
                first,
                "Ask the team whether local therapy fits: NCCN's row on resectable metachronous disease "
                "names it beside resection; the review does not discuss it.",
                "table-2-nccn-resectable-metachronous",
            )
        _testing_actions(s, flags, do, first)
        if "fiducial_marker" in flags:
            do(first, "Mark lesions at risk of disappearing with fiducials.", "dlm-fiducial-marker")
        # a systemic plan after progression (unfit, extrahepatic): the next line is the team's, and a
        # dMMR/MSI-H tumour gets the progressed plan's conditional offer, not pembrolizumab first
        if s.progressed:
            do(first, steps.NEXT_LINE_AFTER_PROGRESSION, "table-2-asco-regimens")
            if "immunotherapy_preferred" in flags:  # the progressed plan's offer, with its condition
                do(
                    first,
                    steps.pembrolizumab_after_course(progressed=True),
                    *steps.PEMBROLIZUMAB_AFTER_PROGRESSION_IDS,
                )
        elif "immunotherapy_preferred" in flags and s.chemotherapy_given:  # its trial gave it first-line
            do(
                first,
                steps.pembrolizumab_after_course(
                    progressed=False, progression_known=s.progression_on_chemotherapy is not None
                ),
                "immunotherapy-pembrolizumab-vs-chemotherapy",
                "table-2-asco-regimens",
            )
        elif "immunotherapy_preferred" in flags:
            do(first, "Pembrolizumab (dMMR/MSI-H).", "immunotherapy-pembrolizumab-vs-chemotherapy")
        else:
            do(
                first,
                SYSTEMIC_CHEMOTHERAPY,
                "regimens-nccn-listed",
                "table-2-nccn-biologics",
                "regimens-choice-factors",
            )
        if strategy is Strategy.CONVERSION_CHEMOTHERAPY:
            # a course already given to a dMMR/MSI-H tumour may be chemotherapy or pembrolizumab (above)
            shrinking = (
                ("the treatment" if s.chemotherapy_given else "pembrolizumab")
                if "immunotherapy_preferred" in flags
                else "chemotherapy"
            )
            _conversion_actions(
                flags,
                too_soon,
                do,
                then,
                reassess,
                (with_primary, primary_ids),
                shrinking=shrinking,
                synchronous=s.synchronous,
            )
        else:
            do(
                reassess,
                "At each restaging the team asks again whether surgery has become possible.",
                "rationale-guidelines-unresectable",
            )
    embolization_planned = "portal_vein_embolization" in flags or "two_stage_hepatectomy" in flags
    # perioperative, conversion or proceed: chemotherapy before this operation (a conversion plan that grows
    # the remnant already measures it when the disease becomes removable)
    if "remnant_recheck" in flags and not (
        strategy is Strategy.CONVERSION_CHEMOTHERAPY and embolization_planned
    ):
        do(
            reassess,
            f"Measure the remnant again before surgery, on the re-planned resection {WIDER_RESECTION}."
            if replanned
            else "Measure the remnant again before surgery.",
            "flr-higher-threshold-after-nct",
            "flr-threshold-injured-liver",
            *(("margins-submillimetre",) if replanned else ()),
        )
    if "state_initial_resectability" in flags:  # after the plan's own first steps: it may change them
        do(
            first,
            "Say whether the disease was resectable before chemotherapy: converted disease goes to surgery "
            "as soon as it is resectable.",
            "timing-unresectable-reimaging",
        )
    if s.chemotherapy_given and s.progression_on_chemotherapy is None:
        then = [_unless_progressed(a) for a in then]
        first = [_unless_progressed(a) for a in first]
    return (*first, *then, *reassess)


def _testing_actions(
    s: Scenario, flags: frozenset[str], do: Callable[..., None], first: list[Action]
) -> None:
    """The tests the regimen step asks for (``steps.tests_to_order``), as one action with BRAF's reason when
    it has one: the same words in every plan that gives systemic therapy."""
    braf_first = "test_braf_before_anti_egfr" in flags
    if "molecular_testing_needed" in flags:
        do(
            first,
            f"Test {steps.and_list(steps.missing_tests(s))}"
            + (": BRAF before any anti-EGFR antibody." if braf_first else "."),
            "regimens-choice-factors",
            "table-2-nccn-biologics",
        )
    elif braf_first:
        do(first, "Test BRAF before any anti-EGFR antibody.", "table-2-nccn-biologics")


def _unless_progressed(action: Action) -> Action:
    """After chemotherapy with no word on progression: the resection stands only if restaging shows none
    (chemotherapy first is meant to find disease that progresses, Table 1)."""
    if not action.text.startswith(("Resect", "Schedule the resection")):
        return action
    return Action(
        phase=action.phase,
        text=action.text + " It stands only if restaging shows no progression on the chemotherapy given.",
        evidence_ids=(*action.evidence_ids, "table-1-advantage-4", "table-1-disadvantage-2"),
    )


def _after_surgery(s: Scenario, strategy: Strategy, do: Callable[..., None], then: list[Action]) -> None:
    """Chemotherapy after the operation, for a patient who has had some before it (the Expert Group's total
    only where its consensus speaks: ``steps.course_after_surgery``)."""
    after = steps.course_after_surgery(s, strategy)
    do(then, after.action, *after.action_ids)


def _conversion_actions(
    flags: frozenset[str],
    too_soon: bool,
    do: Callable[..., None],
    then: list[Action],
    reassess: list[Action],
    primary: tuple[str, tuple[str, ...]] = ("", ()),
    *,
    shrinking: str,
    synchronous: bool,
) -> None:
    """After conversion chemotherapy: the operation that clears the disease once it can (two stages where
    the disease in both lobes needs them; embolization first where the remnant is too small), and the
    re-assessment that finds that moment. ``primary``: the words on the primary (synchronous disease), with
    their records; ``shrinking``: what is to shrink the disease (chemotherapy, pembrolizumab, or the treatment
    a dMMR/MSI-H tumour already has, which may be either); ``synchronous``: NCCN's re-evaluation row speaks
    of synchronous disease only (``steps.reimaging_interval``)."""
    with_primary, primary_ids = primary
    if too_soon:
        do(then, RESCHEDULE, *RESCHEDULE_IDS)
    last_cycle = "" if "immunotherapy_preferred" in flags else "; leave bevacizumab out of the last cycle"
    last_cycle_ids = (
        () if "immunotherapy_preferred" in flags else ("biologics-bevacizumab-last-cycle-omitted",)
    )
    if "two_stage_hepatectomy" in flags:  # the review's route: NCT with PVE and a two-stage resection [95]
        # embolization in the route only where the remnant is too small now; else only if it becomes so (the
        # re-assessment measures it), so the plan does not state it and then hedge it
        embolization = (
            "with portal vein embolization to grow it"
            if "portal_vein_embolization" in flags
            else "with portal vein embolization if it is too small"
        )
        do(
            then,
            f"Once {shrinking} has shrunk "
            f"the disease enough, resect it{with_primary}: in two stages where one operation "
            f"cannot clear both lobes (the first stage clears the future remnant, {embolization}; the second "
            f"removes the rest){last_cycle}.",
            "timing-unresectable-reimaging",
            "flr-two-stage-strategy",
            "flr-pve-insufficient-remnant",
            *last_cycle_ids,
            *primary_ids,
        )
    elif "portal_vein_embolization" in flags:  # the remnant too small, the disease in one lobe
        do(
            then,
            "Once all disease is removable, portal vein embolization to grow the remnant, then resect"
            f"{with_primary}{last_cycle}.",
            "timing-unresectable-reimaging",
            "flr-pve-insufficient-remnant",
            *last_cycle_ids,
            *primary_ids,
        )
    else:
        do(
            then,
            f"Resect as soon as the disease becomes resectable{with_primary}{last_cycle}.",
            "timing-unresectable-reimaging",
            *last_cycle_ids,
            *primary_ids,
        )
    if "margin_submillimetre" in flags:  # the resection conversion may allow
        do(
            then,
            "Plan that resection for a margin of at least 1 mm (the one expected now is under 1 mm).",
            "margins-submillimetre",
        )
    interval, interval_ids = steps.reimaging_interval(synchronous)
    do(reassess, f"{sentence_case(interval)} with MRI and CEA.", *interval_ids)
    replanned = "margin_submillimetre" in flags  # the remnant measured is that of the wider resection
    margin_ids = ("margins-submillimetre",) if replanned else ()
    if "portal_vein_embolization" in flags:
        do(
            reassess,
            "When the disease becomes removable, measure the remnant (CT volumetry)"
            + (
                " that a resection with a margin of at least 1 mm leaves (a wider resection leaves less "
                "liver),"
                if replanned
                else ""
            )
            + " to plan the embolization, and again after it.",
            "flr-ct-volumetry",
            *margin_ids,
        )
    elif "two_stage_hepatectomy" in flags:  # a remnant large enough today: the operation decides on PVE
        do(
            reassess,
            "When the disease becomes removable, measure the remnant the planned operation leaves (CT "
            "volumetry)"
            + (
                ", planned for a margin of at least 1 mm, as a wider resection leaves less liver"
                if replanned
                else ""
            )
            + ": embolization only if it is too small.",
            "flr-ct-volumetry",
            "flr-pve-insufficient-remnant",
            *margin_ids,
        )
