"""Decision walkthrough: a described patient -> a cited, step-by-step teaching plan.

The rules are the review's, each step naming the Evidence records it rests on. Where the review leaves a gap
(it never defines "high operative risk" or "borderline resectable"), the step says so instead of inventing a
rule. Educational only: this reproduces one review's reasoning, it is not clinical decision support.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import StrEnum
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .catalog import Catalog, ContentError, data_dir, load_records
from .dlm import DEPTH_THRESHOLD_CM, SIZE_THRESHOLD_CM, is_deep, is_small
from .guidelines import Situation, Topic, TopicView, topic_view
from .liver import FLR_THRESHOLDS, flr_sufficient
from .search import format_refs, reference_label
from .source import DISCLAIMER, SOURCE_CITATION
from .timing import preoperative_timing_warnings
from .urlstate import QueryField

LiverCondition = Literal["normal", "chemotherapy_or_steatosis", "cirrhosis"]
RasStatus = Literal["wild_type", "kras_mutant", "nras_mutant", "unknown"]
Extrahepatic = Literal["none", "resectable", "unresectable"]

# Thresholds of the rules; tests check each equals its cited Evidence record.
LOW_RISK_MAX_LESIONS = 4  # guidelines-upfront-resection-low-risk
DLM_SIZE_BELOW_CM = SIZE_THRESHOLD_CM  # dlm-risk-factors: the DLM explorer's rule, shared
DLM_DEPTH_ABOVE_CM = DEPTH_THRESHOLD_CM
MIN_MARGIN_MM = 1.0  # margins-submillimetre: margin >= 1 mm


FLAG_LABELS: dict[str, str] = {
    "flr_insufficient": "liver remnant insufficient",
    "portal_vein_embolization": "consider portal vein embolization",
    "two_stage_hepatectomy": "consider two-stage hepatectomy",
    "anti_egfr_not_for_resectable": "no anti-EGFR antibody in resectable disease",
    "anti_egfr_option": "anti-EGFR antibody is an option",
    "bevacizumab_option": "bevacizumab is an option",
    "immunotherapy_option": "immunotherapy is an option",
    "triplet_option": "FOLFOXIRI triplet is an option",
    "bevacizumab_washout_short": "bevacizumab washout under 5 weeks",
    "interval_under_4_weeks": "under 4 weeks from chemotherapy to surgery",
    "duration_over_12_weeks": "over 12 weeks of chemotherapy",
    "dlm_risk": "risk of disappearing metastases",
    "fiducial_marker": "consider fiducial markers",
    "mri_preferred": "prefer MRI after chemotherapy",
    "margin_submillimetre": "expected margin under 1 mm",
    "guidelines_disagree": "guidelines disagree",
}


FLAGS = frozenset(FLAG_LABELS)


class Strategy(StrEnum):
    UPFRONT_RESECTION = "upfront_resection"
    PERIOPERATIVE_CHEMOTHERAPY = "perioperative_chemotherapy"
    CONVERSION_CHEMOTHERAPY = "conversion_chemotherapy"


STRATEGY_LABELS: dict[Strategy, str] = {
    Strategy.UPFRONT_RESECTION: "Upfront resection (then adjuvant chemotherapy)",
    Strategy.PERIOPERATIVE_CHEMOTHERAPY: "Perioperative (neoadjuvant) chemotherapy, then resection",
    Strategy.CONVERSION_CHEMOTHERAPY: "Conversion chemotherapy, re-assessing for resection",
}


class Scenario(BaseModel):
    """A patient as the walkthrough describes them; field names are part of the public API."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    synchronous: bool
    disease_free_interval_months: float | None = Field(default=None, ge=0, le=600)
    lesion_count: int = Field(ge=1, le=100)
    largest_lesion_cm: float = Field(gt=0, le=30)
    bilobar: bool = False
    extrahepatic_disease: Extrahepatic = "none"
    complete_resection_possible: bool = True
    two_adjacent_segments_spared: bool = True
    vascular_and_biliary_preserved: bool = True
    flr_percent: float = Field(ge=0, le=100)
    liver_condition: LiverCondition = "normal"
    high_operative_risk: bool = False
    resection_easy: bool | None = None
    node_positive_primary: bool | None = None
    cea_ng_ml: float | None = Field(default=None, ge=0, le=100000)
    ras_status: RasStatus = "unknown"
    braf_v600e: bool | None = None
    msi_high_or_dmmr: bool | None = None
    good_performance_status: bool | None = None
    planned_preop_weeks: float | None = Field(default=None, ge=0, le=104)
    weeks_from_last_bevacizumab_to_surgery: float | None = Field(default=None, ge=0, le=104)
    weeks_from_last_chemotherapy_to_surgery: float | None = Field(default=None, ge=0, le=104)
    smallest_lesion_cm: float | None = Field(default=None, gt=0, le=30)
    deepest_lesion_depth_cm: float | None = Field(default=None, ge=0, le=25)
    expected_margin_mm: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.smallest_lesion_cm is not None and self.smallest_lesion_cm > self.largest_lesion_cm:
            raise ValueError("smallest_lesion_cm: the smallest lesion cannot be larger than the largest")
        if self.lesion_count == 1 and self.bilobar:
            raise ValueError("bilobar: a single lesion cannot be in both lobes")
        if self.synchronous and self.disease_free_interval_months not in (None, 0):
            raise ValueError("disease_free_interval_months: synchronous metastases have an interval of 0")
        return self


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    finding: str
    reasoning: str
    evidence_ids: tuple[str, ...] = Field(min_length=1)
    flags: tuple[str, ...] = ()
    gap: str | None = None


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    strategy: Strategy
    resectable: bool
    flags: frozenset[str]
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(f"no step {key!r}")


FIELD_LABELS: dict[str, str] = {
    "disease_free_interval_months": "Disease-free interval (months)",
    "lesion_count": "Number of liver lesions",
    "largest_lesion_cm": "Largest lesion (cm)",
    "smallest_lesion_cm": "Smallest lesion (cm)",
    "deepest_lesion_depth_cm": "Deepest lesion, depth from the liver surface (cm)",
    "flr_percent": "Future liver remnant (% of total liver volume)",
    "cea_ng_ml": "CEA (ng/mL)",
    "planned_preop_weeks": "Planned chemotherapy before surgery (weeks)",
    "weeks_from_last_bevacizumab_to_surgery": "Weeks from last bevacizumab to surgery",
    "weeks_from_last_chemotherapy_to_surgery": "Weeks from last chemotherapy to surgery",
    "expected_margin_mm": "Expected margin (mm)",
    "bilobar": "Both lobes involved",
}


def validate_scenario(data: dict[str, object]) -> tuple[Scenario | None, list[str]]:
    """A Scenario, or None with one plain message per problem, each naming the field."""
    try:
        return Scenario.model_validate(data), []
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            loc = ".".join(str(p) for p in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            head, _, rest = message.partition(": ")
            if not loc and head in Scenario.model_fields and rest:
                loc, message = head, rest
            label = FIELD_LABELS.get(loc, loc.replace("_", " ") or "scenario")
            messages.append(f"{label}: {message}")
        return None, messages


def _yes(value: bool | None, yes: str, no: str, unknown: str = "not known") -> str:
    return unknown if value is None else yes if value else no


def _fmt(number: float) -> str:
    """Input figures as shown in the trace: at most two decimals."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def recommend(scenario: Scenario) -> Recommendation:
    """The review's reasoning for this patient, as an ordered, cited trace of steps."""
    s = scenario
    steps: list[Step] = []
    flags: set[str] = set()

    # 1. Presentation
    timing_text = (
        "synchronous (found with the primary)"
        if s.synchronous
        else "metachronous"
        + (
            f", {_fmt(s.disease_free_interval_months)} months after the primary"
            if s.disease_free_interval_months is not None
            else ""
        )
    )
    steps.append(
        Step(
            key="presentation",
            title="Presentation",
            finding=(
                f"{s.lesion_count} liver lesion{'s' if s.lesion_count > 1 else ''}, largest "
                f"{_fmt(s.largest_lesion_cm)} cm, {'both lobes' if s.bilobar else 'one lobe'}; "
                f"{timing_text}; "
                f"extrahepatic disease: {s.extrahepatic_disease}."
            ),
            reasoning=(
                "Synchronous disease is common and, in some guidelines, "
                "changes the pathway (see the guideline "
                "lens). Every decision starts from whether the disease can be resected."
            ),
            evidence_ids=("introduction-synchronous-crlm", "conclusion-resectability-and-conversion"),
        )
    )

    # 2. Resectability and liver remnant
    flr_ok = flr_sufficient(flr_percent=s.flr_percent, liver_condition=s.liver_condition)
    threshold, sign = FLR_THRESHOLDS[s.liver_condition]
    technical = [
        ("all disease can be removed", s.complete_resection_possible),
        ("two adjacent segments can be spared", s.two_adjacent_segments_spared),
        ("inflow, outflow and biliary drainage can be preserved", s.vascular_and_biliary_preserved),
        (
            f"FLR {_fmt(s.flr_percent)}% meets {sign} {_fmt(threshold)}% for a {s.liver_condition} liver",
            flr_ok,
        ),
    ]
    extrahepatic_ok = s.extrahepatic_disease != "unresectable"
    resectable = all(ok for _, ok in technical) and extrahepatic_ok
    unmet = [text for text, ok in technical if not ok]
    resect_flags: list[str] = []
    resect_evidence = [
        "flr-resectability-definition",
        "flr-threshold-normal-liver",
        "flr-threshold-injured-liver",
    ]
    reasoning = (
        "The review calls liver metastases resectable when all four criteria hold; the FLR threshold rises "
        "after chemotherapy or with steatosis, and again with "
        "cirrhosis (the review's signs are kept exactly)."
    )
    if not flr_ok:
        resect_flags += ["flr_insufficient", "portal_vein_embolization"]
        resect_evidence += ["flr-pve-insufficient-remnant", "flr-pve-atrophy-after-nct"]
        reasoning += " An insufficient remnant is a reason to consider portal vein embolization first."
    if s.bilobar and (not flr_ok or not s.complete_resection_possible):
        resect_flags.append("two_stage_hepatectomy")
        resect_evidence += ["flr-two-stage-strategy", "flr-two-stage-survival"]
        reasoning += (
            " With extensive disease in both lobes, chemotherapy with PVE and a two-stage resection is the "
            "review's route to resection."
        )
    gap = None
    if s.extrahepatic_disease != "none":
        resect_evidence.append("resectable-eortc-40983-design")
        gap = (
            "The review's resectability definition concerns the liver only. It does not say how extrahepatic "
            "disease changes resectability; here unresectable extrahepatic disease is taken to rule out "
            "complete resection, and resectable extrahepatic disease is left to the team."
        )
    finding = (
        "Resectable: all criteria met."
        if resectable
        else "Not resectable now: "
        + "; ".join([f"not met: {u}" for u in unmet])
        + ("; extrahepatic disease is unresectable" if not extrahepatic_ok else "")
        + "."
    )
    flags.update(resect_flags)
    steps.append(
        Step(
            key="resectability",
            title="Resectability and future liver remnant",
            finding=finding,
            reasoning=reasoning,
            evidence_ids=tuple(resect_evidence),
            flags=tuple(resect_flags),
            gap=gap,
        )
    )

    # 3. Operative risk and prognosis
    low_risk = not s.high_operative_risk and s.lesion_count <= LOW_RISK_MAX_LESIONS
    steps.append(
        Step(
            key="risk",
            title="Operative risk and prognosis",
            finding=(
                f"Operative risk {'high' if s.high_operative_risk else 'not high'}; "
                f"{s.lesion_count} lesion{'s' if s.lesion_count > 1 else ''} "
                f"({'within' if s.lesion_count <= LOW_RISK_MAX_LESIONS else 'above'} the review's four or "
                f"fewer); node-positive primary: {_yes(s.node_positive_primary, 'yes', 'no')}; CEA: "
                f"{'not known' if s.cea_ng_ml is None else _fmt(s.cea_ng_ml) + ' ng/mL'}."
                + (" Low operative risk in the review's sense." if low_risk else "")
            ),
            reasoning=(
                "The review's guideline summary reserves upfront resection for resectable disease with low "
                "operative risk (a medically fit patient with four or "
                "fewer lesions). Prognostic scores such as "
                "Fong's predict survival but have not been validated to guide management (see the Prognostic "
                "scores tool)."
            ),
            evidence_ids=(
                "guidelines-upfront-resection-low-risk",
                "risk-scores-clinical-relevance-questioned",
                "risk-scores-fong-review-items",
            ),
            gap=(
                "The review never defines 'high operative risk' or 'borderline resectable' beyond this "
                "parenthesis; the judgement is the team's."
            ),
        )
    )

    # 4. Molecular profile
    molecular_evidence = ["regimens-choice-factors"]
    molecular_notes = []
    if s.ras_status in ("kras_mutant", "nras_mutant"):
        molecular_evidence += ["risk-scores-kras-hr", "risk-scores-ras-based-scores"]
        molecular_notes.append(
            "RAS-mutant tumours carry a worse prognosis and do not respond to anti-EGFR agents."
        )
    if s.braf_v600e:
        molecular_evidence.append("risk-scores-rfs-by-mutation")
        molecular_notes.append("BRAF V600E is linked to the shortest recurrence-free survival.")
    if s.msi_high_or_dmmr:
        molecular_evidence.append("immunotherapy-checkpoint-inhibitors-msi")
        molecular_notes.append("MSI-H/dMMR tumours respond to immune checkpoint inhibitors.")
    steps.append(
        Step(
            key="molecular",
            title="Molecular profile",
            finding=(
                f"RAS: {s.ras_status.replace('_', ' ')}; BRAF V600E: "
                f"{_yes(s.braf_v600e, 'present', 'absent')}; "
                f"MSI-H/dMMR: {_yes(s.msi_high_or_dmmr, 'yes', 'no')}."
            ),
            reasoning=" ".join(
                ["Performance status and RAS/BRAF status drive the choice of regimen.", *molecular_notes]
            ),
            evidence_ids=tuple(molecular_evidence),
            gap=(
                "RAS status is unknown: the choice of biologic cannot be made until it is tested."
                if s.ras_status == "unknown"
                else None
            ),
        )
    )

    # 5. Strategy
    dlm_factors = _dlm_factors(s)
    if not resectable:
        strategy = Strategy.CONVERSION_CHEMOTHERAPY
        strategy_evidence = (
            "rationale-conversion-therapy",
            "unresectable-conversion-rate",
            "table-2-seom-unresectable",
        )
        strategy_reason = (
            "Disease that cannot be resected now is treated with systemic chemotherapy aiming at conversion; "
            "12-35% of patients respond enough to undergo curative-intent surgery."
        )
    elif low_risk:
        strategy = Strategy.UPFRONT_RESECTION
        strategy_evidence = (
            "guidelines-upfront-resection-low-risk",
            "resectable-nct-controversial",
            "resectable-eortc-40983-long-term-os",
        )
        strategy_reason = (
            "Resectable disease with low operative risk: consensus "
            "statements generally advise resection first, "
            "then adjuvant chemotherapy; routine neoadjuvant chemotherapy is controversial (no OS benefit in "
            "EORTC 40983)."
        )
    else:
        strategy = Strategy.PERIOPERATIVE_CHEMOTHERAPY
        strategy_evidence = (
            "guidelines-upfront-resection-low-risk",
            "resectable-eortc-40983-pfs",
            "resectable-meta-analysis-high-risk",
        )
        strategy_reason = (
            "Resectable but not low risk (high operative risk or more "
            "than four lesions): the review's summary "
            "reserves neoadjuvant chemotherapy for these patients; "
            "perioperative FOLFOX improved 3-year PFS in "
            "EORTC 40983, and in high-risk patients NCT was linked with better survival."
        )
    lens = guideline_lens(scenario, resectable=resectable)
    disagree = len(lens.agreement.groups) > 1
    strategy_flags = ["guidelines_disagree"] if disagree else []
    specifics = []
    if resectable and s.synchronous:
        specifics.append("ESMO places synchronous metastases on the perioperative pathway")
    if resectable and s.resection_easy is not True:
        specifics.append(
            "the Expert Group on OncoSurgery advises chemotherapy first unless resection is easy"
        )
    lens_ids = tuple(i for row in lens.rows for i in row.evidence_ids)
    if strategy is Strategy.UPFRONT_RESECTION and dlm_factors:
        strategy_reason += " Lesions at risk of disappearing are a further reason to operate first."
    flags.update(strategy_flags)
    steps.append(
        Step(
            key="strategy",
            title="Strategy",
            finding=STRATEGY_LABELS[strategy] + ".",
            reasoning=strategy_reason
            + (
                " Table 2's organisations take different positions here (see the guideline lens)"
                + (": " + "; ".join(specifics) if specifics else "")
                + "."
                if disagree
                else " The Table 2 organisations that address this situation agree."
            ),
            evidence_ids=tuple(dict.fromkeys(strategy_evidence + lens_ids)),
            flags=tuple(strategy_flags),
        )
    )

    # 6. Regimen and biologics
    regimen_flags: list[str] = []
    regimen_evidence = ["regimens-nccn-listed"]
    regimen_text = []
    if strategy is Strategy.UPFRONT_RESECTION:
        regimen_text.append("Chemotherapy, if given, follows resection (adjuvant).")
        regimen_evidence.append("table-2-ihpba-regimens")
    else:
        regimen_text.append("Fluorouracil-based doublets (FOLFOX, CAPOX, FOLFIRI) are the backbone.")
        if strategy is Strategy.CONVERSION_CHEMOTHERAPY and s.good_performance_status is not False:
            regimen_flags.append("triplet_option")
            regimen_evidence += ["regimens-folfoxiri-response", "unresectable-folfoxiri-vs-folfiri"]
            regimen_text.append(
                "FOLFOXIRI is an option for fit patients and may raise response and R0 rates."
            )
    if s.ras_status == "wild_type" and s.braf_v600e is not True:
        if resectable:
            regimen_flags.append("anti_egfr_not_for_resectable")
            regimen_evidence += ["biologics-egfr-not-for-resectable", "biologics-new-epoc-os"]
            regimen_text.append(
                "Anti-EGFR antibodies are not for initially resectable "
                "disease: in New EPOC, adding cetuximab "
                "shortened OS."
            )
        else:
            regimen_flags.append("anti_egfr_option")
            regimen_evidence += ["biologics-kras-egfr-benefit", "table-2-nccn-biologics"]
            regimen_text.append("RAS wild-type unresectable disease: an anti-EGFR antibody is an option.")
    elif resectable and s.ras_status == "unknown":
        regimen_flags.append("anti_egfr_not_for_resectable")
        regimen_evidence.append("biologics-egfr-not-for-resectable")
        regimen_text.append("Whatever the RAS result, anti-EGFR antibodies are not for resectable disease.")
    if strategy is not Strategy.UPFRONT_RESECTION:
        regimen_flags.append("bevacizumab_option")
        regimen_evidence.append("biologics-bevacizumab-vegf")
        if not resectable and s.ras_status in ("kras_mutant", "nras_mutant"):
            regimen_evidence.append("biologics-become-resection-response")
            regimen_text.append(
                "RAS-mutant unresectable disease: bevacizumab with mFOLFOX6 raised R0 resection and response "
                "rates in BECOME."
            )
        else:
            regimen_text.append("Bevacizumab may be added to the chemotherapy backbone.")
    if s.msi_high_or_dmmr:
        regimen_flags.append("immunotherapy_option")
        regimen_evidence += ["immunotherapy-pembrolizumab-vs-chemotherapy", "immunotherapy-neoadjuvant-dmmr"]
        regimen_text.append(
            "MSI-H/dMMR: pembrolizumab outperformed chemotherapy in "
            "metastatic disease; its neoadjuvant role is "
            "still under study."
        )
    flags.update(regimen_flags)
    steps.append(
        Step(
            key="regimen",
            title="Regimen and biologics",
            finding="; ".join(FLAG_LABELS[f] for f in regimen_flags).capitalize()
            or "No biologic indicated yet.",
            reasoning=" ".join(regimen_text),
            evidence_ids=tuple(dict.fromkeys(regimen_evidence)),
            flags=tuple(regimen_flags),
        )
    )

    # 7. Timing and safety
    warnings = preoperative_timing_warnings(
        chemotherapy_weeks=s.planned_preop_weeks,
        weeks_last_chemo_to_surgery=s.weeks_from_last_chemotherapy_to_surgery,
        weeks_last_bevacizumab_to_surgery=s.weeks_from_last_bevacizumab_to_surgery,
    )
    timing_flags = list(warnings)
    timing_evidence = ["timing-long-chemo-short-interval", "timing-resectable-duration"]
    if "bevacizumab_washout_short" in warnings or s.weeks_from_last_bevacizumab_to_surgery is not None:
        timing_evidence += ["biologics-bevacizumab-preop-safety", "biologics-bevacizumab-last-cycle-omitted"]
    messages = {
        "duration_over_12_weeks": "more than 12 weeks of chemotherapy is linked to more complications",
        "interval_under_4_weeks": "less than 4 weeks from chemotherapy "
        "to surgery is linked to more complications",
        "bevacizumab_washout_short": "bevacizumab is safe before "
        "surgery when stopped 5 or more weeks before; "
        "it is usually left out of the last cycle",
    }
    flags.update(timing_flags)
    steps.append(
        Step(
            key="timing",
            title="Timing and safety",
            finding=(
                "; ".join(messages[w] for w in warnings)
                if warnings
                else "No timing warning from what was entered."
                + (" (No timing entered.)" if s.planned_preop_weeks is None else "")
            ),
            reasoning=(
                "Keep courses short before hepatectomy: 2-3 months is often preferred in resectable disease; "
                "long courses add liver injury and complications."
            ),
            evidence_ids=tuple(timing_evidence),
            flags=tuple(timing_flags),
        )
    )

    # 8. Monitoring
    monitoring_flags = [] if strategy is Strategy.UPFRONT_RESECTION else ["mri_preferred"]
    flags.update(monitoring_flags)
    steps.append(
        Step(
            key="monitoring",
            title="Monitoring",
            finding=(
                "Stage with MRI before surgery."
                if strategy is Strategy.UPFRONT_RESECTION
                else "Re-image every 2 months (NCCN; the review's text says "
                "2-3 months) and operate as soon as "
                "the disease is resectable; prefer MRI after chemotherapy."
            ),
            reasoning=(
                "MRI is more sensitive than CT, and CT loses sensitivity after chemotherapy; CEA complements "
                "imaging to judge response."
            ),
            evidence_ids=(
                "imaging-prometeo-mri-vs-ct",
                "imaging-prometeo-ct-after-nct",
                "table-2-nccn-reevaluation",
                "timing-unresectable-reimaging",
                "cea-useful-adjunct",
            ),
            flags=tuple(monitoring_flags),
        )
    )

    # 9. DLM risk and margins
    dlm_flags: list[str] = []
    if dlm_factors:
        dlm_flags.append("dlm_risk")
        if strategy is not Strategy.UPFRONT_RESECTION:
            dlm_flags.append("fiducial_marker")
    if s.expected_margin_mm is not None and s.expected_margin_mm < MIN_MARGIN_MM:
        dlm_flags.append("margin_submillimetre")
    flags.update(dlm_flags)
    dlm_finding = (
        "Risk factors for disappearing metastases: " + "; ".join(dlm_factors) + "."
        if dlm_factors
        else "No size or depth risk factor for disappearing metastases from what was entered."
    )
    if "margin_submillimetre" in dlm_flags:
        dlm_finding += f" Expected margin {_fmt(s.expected_margin_mm or 0)} mm is under 1 mm."
    steps.append(
        Step(
            key="dlm",
            title="Disappearing metastases and margins",
            finding=dlm_finding,
            reasoning=(
                "Small (< 2 cm) and deep (> 1 cm) lesions are the "
                "likeliest to vanish on imaging while viable "
                "tumour remains; mark them with a fiducial before "
                "chemotherapy, or operate first if feasible. "
                "Aim for margins of at least 1 mm."
            ),
            evidence_ids=(
                "dlm-risk-factors",
                "dlm-residual-disease-after-complete-response",
                "dlm-fiducial-marker",
                "dlm-upfront-surgery-highest-risk",
                "margins-submillimetre",
            ),
            flags=tuple(dlm_flags),
            gap=(
                "The review links longer chemotherapy to DLM without a numeric cut-off."
                if s.planned_preop_weeks is not None and strategy is not Strategy.UPFRONT_RESECTION
                else None
            ),
        )
    )

    return Recommendation(
        strategy=strategy, resectable=resectable, flags=frozenset(flags), steps=tuple(steps)
    )


def guideline_situation(scenario: Scenario, *, resectable: bool) -> Situation:
    """The Table 2 situation this patient falls in."""
    if not resectable:
        return Situation.UNRESECTABLE
    return Situation.RESECTABLE_SYNCHRONOUS if scenario.synchronous else Situation.RESECTABLE_METACHRONOUS


def guideline_lens(scenario: Scenario, *, resectable: bool) -> TopicView:
    """What each Table 2 organisation says for this patient's situation, with agreement marked."""
    topic = Topic.NEOADJUVANT_RESECTABLE if resectable else Topic.UNRESECTABLE
    return topic_view(topic, guideline_situation(scenario, resectable=resectable))


def _dlm_factors(s: Scenario) -> list[str]:
    smallest = (
        s.smallest_lesion_cm
        if s.smallest_lesion_cm is not None
        else (s.largest_lesion_cm if s.lesion_count == 1 else None)
    )
    factors = []
    if smallest is not None and is_small(smallest):
        factors.append(f"a lesion of {_fmt(smallest)} cm (under 2 cm)")
    if s.deepest_lesion_depth_cm is not None and is_deep(s.deepest_lesion_depth_cm):
        factors.append(f"a lesion {_fmt(s.deepest_lesion_depth_cm)} cm deep (deeper than 1 cm)")
    return factors


class Preset(BaseModel):
    """A ready-made patient; ``assumed`` names the fields its source does not give."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    description: str
    evidence_ids: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    scenario: Scenario

    @model_validator(mode="after")
    def _assumed_are_fields(self) -> Preset:
        unknown = [name for name in self.assumed if name not in Scenario.model_fields]
        if unknown:
            raise ValueError(f"assumed: unknown scenario field {unknown[0]!r}")
        return self


def load_presets(catalog: Catalog) -> tuple[Preset, ...]:
    """The preset patients from ``data/scenarios.yaml``, validated and cross-checked against the catalog."""
    presets = load_records(data_dir() / "scenarios.yaml", data_dir(), Preset, "key")
    for preset in presets:
        for evidence_id in preset.evidence_ids:
            if evidence_id not in catalog.evidence_by_id:
                raise ContentError(
                    "data/scenarios.yaml", preset.key, "evidence_ids", f"unknown evidence id {evidence_id!r}"
                )
    return tuple(presets)


# --- URL state and handout ---

TRI_STATE = ("unknown", "yes", "no")
_TRI_FIELDS = (
    "resection_easy",
    "node_positive_primary",
    "braf_v600e",
    "msi_high_or_dmmr",
    "good_performance_status",
)
DEFAULT_SCENARIO = Scenario(synchronous=False, lesion_count=1, largest_lesion_cm=3.0, flr_percent=60.0)


@functools.cache
def scenario_query_fields() -> tuple[QueryField, ...]:
    """One URL parameter per Scenario field, validated with the same bounds as the model (one tuple per
    process: see ``walkthrough_query_fields``)."""
    d = DEFAULT_SCENARIO
    fields = [
        QueryField("synchronous", "bool", d.synchronous),
        QueryField("disease_free_interval_months", "float", None, optional=True, minimum=0, maximum=600),
        QueryField("lesion_count", "int", d.lesion_count, minimum=1, maximum=100),
        QueryField("largest_lesion_cm", "float", d.largest_lesion_cm, minimum=0.01, maximum=30),
        QueryField("smallest_lesion_cm", "float", None, optional=True, minimum=0.01, maximum=30),
        QueryField("bilobar", "bool", d.bilobar),
        QueryField("extrahepatic_disease", "choice", d.extrahepatic_disease, choices=get_args(Extrahepatic)),
        QueryField("complete_resection_possible", "bool", d.complete_resection_possible),
        QueryField("two_adjacent_segments_spared", "bool", d.two_adjacent_segments_spared),
        QueryField("vascular_and_biliary_preserved", "bool", d.vascular_and_biliary_preserved),
        QueryField("flr_percent", "float", d.flr_percent, minimum=0, maximum=100),
        QueryField("liver_condition", "choice", d.liver_condition, choices=get_args(LiverCondition)),
        QueryField("high_operative_risk", "bool", d.high_operative_risk),
        QueryField("cea_ng_ml", "float", None, optional=True, minimum=0, maximum=100000),
        QueryField("ras_status", "choice", d.ras_status, choices=get_args(RasStatus)),
        QueryField("planned_preop_weeks", "float", None, optional=True, minimum=0, maximum=104),
        QueryField(
            "weeks_from_last_chemotherapy_to_surgery", "float", None, optional=True, minimum=0, maximum=104
        ),
        QueryField(
            "weeks_from_last_bevacizumab_to_surgery", "float", None, optional=True, minimum=0, maximum=104
        ),
        QueryField("deepest_lesion_depth_cm", "float", None, optional=True, minimum=0, maximum=25),
        QueryField("expected_margin_mm", "float", None, optional=True, minimum=0, maximum=100),
    ]
    fields += [QueryField(name, "choice", "unknown", choices=TRI_STATE) for name in _TRI_FIELDS]
    return tuple(fields)


@functools.cache
def walkthrough_query_fields(tab_labels: tuple[str, ...]) -> tuple[QueryField, ...]:
    """The walkthrough's URL parameters: the scenario's, then the open tab (the first by default).

    One tuple per process and set of labels: the case picker's callback holds it for the session, and a tuple
    built afresh by every run of the page would be held once per session (26 fields each)."""
    return (*scenario_query_fields(), QueryField("tab", "choice", tab_labels[0], choices=tab_labels))


def scenario_to_state(scenario: Scenario) -> dict[str, object]:
    """Widget/URL values for a scenario (tri-state answers as 'unknown'/'yes'/'no')."""
    state: dict[str, object] = scenario.model_dump()
    for name in _TRI_FIELDS:
        value = state[name]
        state[name] = "unknown" if value is None else "yes" if value else "no"
    return state


def state_to_data(state: Mapping[str, object]) -> dict[str, object]:
    """Scenario input from widget/URL values (inverse of ``scenario_to_state``)."""
    data = {name: state.get(name) for name in Scenario.model_fields}
    for name in _TRI_FIELDS:
        data[name] = {"yes": True, "no": False}.get(str(state.get(name)))
    return data


def handout_markdown(
    scenario: Scenario, recommendation: Recommendation, catalog: Catalog, *, link: str = ""
) -> str:
    """A self-contained Markdown handout of the walkthrough, with every cited record and its references."""
    lines = [
        "# CRLM decision walkthrough: teaching summary",
        "",
        f"> {DISCLAIMER}",
        "",
        f"**Strategy:** {STRATEGY_LABELS[recommendation.strategy]}  ",
        f"**Resectable now:** {'yes' if recommendation.resectable else 'no'}  ",
        f"**Flags:** {', '.join(sorted(recommendation.flags)) or 'none'}",
        "",
        "## The patient",
        "",
    ]
    lines += [
        f"- {FIELD_LABELS.get(k, k.replace('_', ' '))}: {v}" for k, v in scenario_to_state(scenario).items()
    ]
    cited: dict[str, None] = {}
    for number, step in enumerate(recommendation.steps, start=1):
        lines += [
            "",
            f"## {number}. {step.title}",
            "",
            f"**Finding:** {step.finding}",
            "",
            f"**Why:** {step.reasoning}",
        ]
        if step.gap:
            lines += ["", f"**Gap in the source:** {step.gap}"]
        refs = sorted({ref for eid in step.evidence_ids for ref in catalog.get(eid).refs})
        lines += [
            "",
            f"Evidence: {', '.join(step.evidence_ids)}" + (f" (refs {format_refs(refs)})" if refs else ""),
        ]
        cited.update(dict.fromkeys(step.evidence_ids))
    lens = guideline_lens(scenario, resectable=recommendation.resectable)
    situation = lens.situation.value.replace("_", " ") if lens.situation else "overall"
    lines += ["", f"## Guideline lens ({situation})", ""]
    lines += [f"- {line}" for line in lens.summary_lines()]
    lines += [""] + [
        f"- {row.guideline.label}: {row.stance_label}" + (f". {row.summary}" if row.stated else "")
        for row in lens.rows
    ]
    cited.update(dict.fromkeys(i for row in lens.rows for i in row.evidence_ids))
    lines += ["", "## Evidence cited", ""]
    for evidence_id in cited:
        record = catalog.get(evidence_id)
        values = "; ".join(f"{v.label}: {v.display()}" for v in record.values)
        source = format_refs(record.refs) if record.refs else "the review itself"
        lines.append(
            f"- `{record.id}`: {record.statement}" + (f" ({values})" if values else "") + f" [{source}]"
        )
    numbers = sorted({ref for eid in cited for ref in catalog.get(eid).refs})
    lines += ["", "## References (the review's numbering)", ""]
    lines += [f"- {reference_label(catalog.reference_by_number[n])}" for n in numbers]
    lines += ["", "---", SOURCE_CITATION]
    if link:
        lines.append(f"Reopen this view: {link}")
    return "\n".join(lines) + "\n"
