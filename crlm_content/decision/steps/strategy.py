"""Step 7, Strategy: the step's text for the plan the gates chose (``gates.py``), why this plan and not the
next, with the records of the gate it left at: EORTC 40983 and the guidelines' rows for resectable disease,
the conversion rationale and Table 2's rows for unresectable disease, portal vein embolisation and two-stage
hepatectomy for a remnant too small, intra-arterial therapy, and the review's silences (progression,
extrahepatic disease). Rests on the records each reason cites, among them resectable-eortc-40983-design,
resectable-eortc-40983-pfs, table-2-esmo-resectable, rationale-conversion-therapy,
unresectable-conversion-rate, flr-two-stage-strategy and intra-arterial-hai-outcomes.
"""

from __future__ import annotations

from ...timing import MAX_CHEMOTHERAPY_WEEKS
from ..model import STRATEGY_LABELS, Scenario, Step, Strategy
from .augmentation import augmentation_chemotherapy, augmentation_systemic_text
from .common import LOW_RISK_MAX_LESIONS, and_list, plural, typed
from .gates import DEFAULT_STRATEGY, Facts
from .surveillance import dlm_factors
from .systemic_therapy import NEXT_LINE_AFTER_PROGRESSION


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
