"""Step 8, Regimen and biologics: the chemotherapy backbone and the biologic for this plan and molecular
profile (bevacizumab, anti-EGFR for RAS wild-type unresectable disease only, pembrolizumab first for
dMMR/MSI-H), with the review's silences said as gaps (chemotherapy already given for the primary, BRAF V600E,
anti-EGFR after conversion, what follows progression). Rests on regimens-choice-factors,
regimens-first-line-backbone, regimens-nccn-listed, biologics-egfr-not-for-resectable,
biologics-new-epoc-design, biologics-kras-egfr-benefit, immunotherapy-pembrolizumab-vs-chemotherapy and Table
2's regimen rows (table-2-asco-regimens, table-2-esmo-regimens, table-2-nccn-biologics ...).
``crlm_content.regimens`` draws its grid from ``regimen``.
"""

from __future__ import annotations

from ..model import CHEMOTHERAPY_FIRST, NOT_RESECTABLE_NOW, Scenario, Step, Strategy
from .augmentation import augmentation_chemotherapy
from .biomarkers import tests_to_order
from .liver_remnant import liver_is_injured
from .schedule import course_after_surgery, resectable_before_chemotherapy

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
