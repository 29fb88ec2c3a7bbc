"""The decision engine against the plans a hepatobiliary tumour board would sign (issue 18).

The expected plans are written from the review (its text and Table 2) and ordinary board reasoning, never
copied from the engine: each row says which sentence or Table 2 row it encodes, with its reference numbers.
Then properties over every valid patient, one flip per Table 2 organisation, and "what would change it".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import crlm_content
from crlm_content import Catalog
from crlm_content.decision import (
    FLAG_INFO,
    FLAGS,
    GATES,
    GuidelineReading,
    Recommendation,
    Scenario,
    Strategy,
    assess_recurrence_risk,
    assess_resectability,
    guideline_readings,
    guideline_readings_for,
    load_presets,
    recommend,
    validate_scenario,
    what_changes,
)
from crlm_content.liver import LIVER_CONDITION_PHRASES
from crlm_content.search import REVIEW_OWN, REVIEW_OWN_TOO

from .patients import patient

UPFRONT = Strategy.UPFRONT_RESECTION
PERIOP = Strategy.PERIOPERATIVE_CHEMOTHERAPY
CONVERSION = Strategy.CONVERSION_CHEMOTHERAPY
AUGMENT = Strategy.LIVER_REMNANT_AUGMENTATION
PROCEED = Strategy.PROCEED_TO_RESECTION
SYSTEMIC = Strategy.SYSTEMIC_THERAPY
RESECTABLE_STRATEGIES = frozenset({UPFRONT, PERIOP, AUGMENT, PROCEED})
OPTION_FLAGS = (
    "anti_egfr_option",
    "bevacizumab_option",
    "immunotherapy_preferred",
    "triplet_option",
    "chemotherapy_around_resection",
)


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


def changed(s: Scenario, **changes: object) -> Scenario:
    """``s`` with ``changes``, validated."""
    return Scenario.model_validate(s.model_dump() | changes)


def unresectable(**changes: object) -> Scenario:
    """Liver disease that cannot all be removed now (curative intent kept), MMR proficient."""
    data: dict[str, object] = {
        "lesion_count": 4,
        "largest_lesion_cm": 4,
        "bilobar": True,
        "complete_resection_possible": False,
        "msi_high_or_dmmr": False,
    }
    data.update(changes)
    return patient(**data)


@dataclass(frozen=True)
class Row:
    id: str
    scenario: Scenario
    strategy: Strategy
    present: frozenset[str] = field(default_factory=frozenset)
    absent: frozenset[str] = field(default_factory=frozenset)
    because: str = ""
    xfail: str | None = None


def row(
    id: str,
    scenario: Scenario,
    strategy: Strategy,
    *,
    present: tuple[str, ...] = (),
    absent: tuple[str, ...] = (),
    because: str,
    xfail: str | None = None,
) -> Row:
    return Row(id, scenario, strategy, frozenset(present), frozenset(absent), because, xfail)


NO_CHEMO_FIRST_OPTIONS = (
    "bevacizumab_option",
    "triplet_option",
    "anti_egfr_option",
    "immunotherapy_preferred",
)

# Fong's five items (calculator_definitions.md; review [57]) as patient changes, each worth one point.
FONG_ITEMS: dict[str, dict[str, object]] = {
    "node": {"node_positive_primary": True},
    "interval": {"disease_free_interval_months": 6},
    "count": {"lesion_count": 3},
    "size": {"largest_lesion_cm": 6},
    "cea": {"cea_ng_ml": 250},
}


def fong_patient(items: tuple[str, ...]) -> Scenario:
    """A patient scoring exactly the given Fong items (one lesion of 3 cm when neither count nor size)."""
    data: dict[str, object] = {"lesion_count": 1, "smallest_lesion_cm": None}
    for item in items:
        data.update(FONG_ITEMS[item])
    return patient(**data)


FONG_TRIPLES = (
    ("node", "interval", "count"),
    ("node", "interval", "size"),
    ("node", "interval", "cea"),
    ("node", "count", "size"),
    ("node", "count", "cea"),
    ("node", "size", "cea"),
    ("interval", "count", "size"),
    ("interval", "count", "cea"),
    ("interval", "size", "cea"),
    ("count", "size", "cea"),
)
FONG_BECAUSE = (
    "Fong score 3+ (node, interval < 12 mo, > 1 tumour, > 5 cm, CEA > 200) [57]: ESMO [110] perioperative "
    "FOLFOX/CAPOX when prognosis unfavourable; SEOM [109] NCT for high-risk resectable; high-risk "
    "meta-analysis HR 0.69 [50]; no bevacizumab in resectable disease (PERIMAX still running [34])"
)

ROWS: tuple[Row, ...] = (
    row(
        "progressed-on-chemotherapy-no-resection",
        patient(prior_chemotherapy_weeks=8, initially_resectable=True, progression_on_chemotherapy=True),
        Strategy.PROGRESSED_ON_CHEMOTHERAPY,
        absent=(*NO_CHEMO_FIRST_OPTIONS, "portal_vein_embolization", "anti_egfr_not_for_resectable"),
        because="Time on chemotherapy picks out disease that progresses fast and would not gain from a "
        "morbid operation; local progression that prevents resection is a drawback of NCT (Table 1); the "
        "review gives no rule for what follows, and ASCO [108] chooses by the chemotherapy given before",
    ),
    # --- Resectable, low risk ---------------------------------------------------------------------------
    row(
        "low-risk-metachronous-upfront",
        patient(),
        UPFRONT,
        present=("anti_egfr_not_for_resectable",),
        absent=(
            *NO_CHEMO_FIRST_OPTIONS,
            "high_recurrence_risk",
            "complete_risk_assessment",
            "portal_vein_embolization",
            "fiducial_marker",
            "dlm_risk",
        ),
        because="Current guidelines: upfront resection then adjuvant chemotherapy when resectable with low "
        "operative risk (fit, four or fewer lesions) (Table 2 [18,108-112]); anti-EGFR not in resectable "
        "CRLM (New EPOC [28,29])",
    ),
    row(
        "four-lesions-upfront",
        patient(lesion_count=4),
        UPFRONT,
        absent=("high_recurrence_risk", "bevacizumab_option"),
        because="Low operative risk: a fit patient with at most four lesions (guideline summary, "
        "Table 2); EORTC 40983 [48] took <= 4 lesions as resectable",
    ),
    row(
        "five-lesions-perioperative",
        patient(lesion_count=5),
        PERIOP,
        absent=("high_recurrence_risk", "bevacizumab_option", "triplet_option", "anti_egfr_option"),
        because="Five lesions is beyond 'four or fewer': guidelines reserve NCT for higher operative risk "
        "(Current guidelines, Table 2); Fong score only 1 [57]",
    ),
    row(
        "high-operative-risk-perioperative",
        patient(high_operative_risk=True),
        PERIOP,
        absent=("high_recurrence_risk", "bevacizumab_option", "triplet_option"),
        because="Abstract: guidelines keep NCT for borderline or unresectable disease and for patients at "
        "high operative risk (Table 2 [18,108-112]); recurrence score low [57]",
    ),
    row(
        "synchronous-single-lesion-upfront",
        patient(synchronous=True, disease_free_interval_months=None, lesion_count=1, smallest_lesion_cm=None),
        UPFRONT,
        absent=("high_recurrence_risk", "bevacizumab_option"),
        because="Fong 1 (synchronous = interval 0) [57]: guidelines advise upfront resection for low "
        "operative risk (Current guidelines, Table 2), although ESMO [110] puts synchronous disease on the "
        "perioperative path (source caveat 10)",
    ),
    # --- The remnant, per liver condition -----------------------------------------------------------------
    row(
        "flr-20-exactly-normal-liver-sufficient",
        patient(flr_percent=20),
        UPFRONT,
        absent=("portal_vein_embolization", "flr_insufficient"),
        because="At least 20% of TLV is the remnant proposed for a normal liver (FLR paragraph, with the "
        "> 30% / > 40% thresholds of [93])",
    ),
    row(
        "flr-19.9-normal-liver-pve",
        patient(flr_percent=19.9, good_performance_status=True, ras_status="wild_type", braf_v600e=False),
        AUGMENT,
        present=("portal_vein_embolization", "flr_insufficient", "anti_egfr_not_for_resectable"),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "two_stage_hepatectomy", "liver_injury_caution"),
        because="Below 20% in a normal liver (FLR paragraph, [93]): a remnant expected to be too small "
        "after hepatectomy is grown first with PVE (PVE paragraph, [94,95]); a surgical problem, not "
        "conversion",
    ),
    row(
        "flr-30-exactly-injured-liver-insufficient",
        patient(
            flr_percent=30,
            liver_condition="chemotherapy_or_steatosis",
            good_performance_status=True,
            ras_status="wild_type",
            braf_v600e=False,
        ),
        AUGMENT,
        present=("portal_vein_embolization",),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "liver_injury_caution"),
        because="After extensive chemotherapy or with marked steatosis the remnant must exceed 30% [93]: "
        "30% exactly is not > 30%; PVE [94]; no triplet in an injured liver (irinotecan steatohepatitis "
        "[20-22]); no chemotherapy before this operation, so no caution to keep it short",
    ),
    row(
        "flr-30.1-injured-liver-sufficient",
        patient(flr_percent=30.1, liver_condition="chemotherapy_or_steatosis"),
        UPFRONT,
        absent=("portal_vein_embolization", "flr_insufficient", "bevacizumab_option", "liver_injury_caution"),
        because="FLR > 30% with steatosis [93] is enough; low operative risk -> upfront (Current "
        "guidelines, Table 2); no chemotherapy before this operation, so no caution to keep it short",
    ),
    row(
        "flr-40-exactly-cirrhosis-insufficient",
        patient(flr_percent=40, liver_condition="cirrhosis", good_performance_status=True),
        AUGMENT,
        present=("portal_vein_embolization", "flr_insufficient"),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "two_stage_hepatectomy", "liver_injury_caution"),
        because="Cirrhosis needs a remnant above 40% [93]: 40% is not enough; "
        "PVE [94]; never a triplet or bevacizumab for a cirrhotic liver awaiting hypertrophy; no "
        "chemotherapy before this operation, so no caution to keep it short",
    ),
    row(
        "flr-40.1-cirrhosis-sufficient",
        patient(flr_percent=40.1, liver_condition="cirrhosis"),
        UPFRONT,
        absent=("portal_vein_embolization", "flr_insufficient", "liver_injury_caution"),
        because="Cirrhosis with FLR > 40% [93], resectable [92], low operative risk (Table 2); no "
        "chemotherapy before this operation, so no caution to keep it short",
    ),
    row(
        "cirrhosis-small-remnant-never-conversion",
        patient(
            flr_percent=25,
            liver_condition="cirrhosis",
            lesion_count=3,
            good_performance_status=True,
            ras_status="kras_mutant",
        ),
        AUGMENT,
        present=("portal_vein_embolization",),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "liver_injury_caution"),
        because="Insufficient FLR in cirrhosis (> 40% needed [93]) -> PVE [94]; chemotherapy injures the "
        "liver (irinotecan [20-22], > 9 cycles [54], atrophy [55]) so no conversion regimen, and none comes "
        "before this operation, so no caution to keep it short",
    ),
    row(
        "bilobar-small-remnant-two-stage",
        patient(lesion_count=3, bilobar=True, flr_percent=15),
        AUGMENT,
        present=("portal_vein_embolization", "two_stage_hepatectomy"),
        absent=NO_CHEMO_FIRST_OPTIONS,
        because="Disease in both lobes with a small remnant: PVE [94], two stages offered beside one "
        "operation (the review's route in extensive disease in both lobes: 64% vs 15% at 5 years [95])",
    ),
    row(
        "injured-liver-small-remnant-after-16-weeks",
        patient(flr_percent=25, liver_condition="chemotherapy_or_steatosis", prior_chemotherapy_weeks=16),
        AUGMENT,
        present=("portal_vein_embolization", "liver_injury_caution", "duration_over_12_weeks"),
        absent=NO_CHEMO_FIRST_OPTIONS,
        because="PVE reduced liver insufficiency after prolonged NCT [94]; > 12 weeks linked to "
        "complications [53]; not proceed: the remnant is below > 30% [93]",
    ),
    row(
        "extensive-prior-chemotherapy-raises-remnant-threshold",
        patient(flr_percent=25, prior_chemotherapy_weeks=24),
        AUGMENT,
        present=("portal_vein_embolization",),
        because="after extensive chemotherapy the remnant should exceed 30% of TLV [93]; 24 weeks "
        "is twice the 12 weeks linked to complications "
        "[53] and past the 9 cycles after which FOLFOX added injury, not response [54]",
    ),
    # --- Recurrence risk (Fong) -------------------------------------------------------------------------
    *(
        row(
            "fong-3-" + "-".join(items),
            fong_patient(items),
            PERIOP,
            present=("high_recurrence_risk",),
            absent=(*NO_CHEMO_FIRST_OPTIONS, "complete_risk_assessment"),
            because=FONG_BECAUSE,
        )
        for items in FONG_TRIPLES
    ),
    row(
        "fong-5-all-items",
        fong_patient(("node", "interval", "count", "size", "cea")),
        PERIOP,
        present=("high_recurrence_risk", "anti_egfr_not_for_resectable"),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "complete_risk_assessment"),
        because=FONG_BECAUSE,
    ),
    row(
        "fong-2-stays-upfront",
        fong_patient(("node", "cea")),
        UPFRONT,
        absent=("high_recurrence_risk", "complete_risk_assessment"),
        because="Fong 2 is the low group (0-2) [57]; ESMO [110]: favourable prognosis, upfront justified",
    ),
    row(
        "fong-unknowns-straddle-3",
        patient(node_positive_primary=None, cea_ng_ml=None),
        UPFRONT,
        present=("complete_risk_assessment",),
        absent=("high_recurrence_risk", "bevacizumab_option"),
        because="Score 1 known, node and CEA missing: 1-3 straddles Fong's high group [57]; ESMO [110] "
        "decides by prognosis, so find the missing items first",
    ),
    row(
        "fong-2-known-node-unknown",
        patient(disease_free_interval_months=6, node_positive_primary=None),
        UPFRONT,
        present=("complete_risk_assessment",),
        absent=("high_recurrence_risk",),
        because="Interval < 12 mo and > 1 tumour = 2, node status would make 3 [57]: ESMO [110] 'prognosis "
        "unclear' -> complete the assessment",
    ),
    row(
        "fong-3-known-despite-unknowns",
        patient(disease_free_interval_months=6, lesion_count=3, largest_lesion_cm=6, cea_ng_ml=None),
        PERIOP,
        present=("high_recurrence_risk",),
        absent=("complete_risk_assessment", "bevacizumab_option"),
        because="Already 3 points without CEA [57]: unfavourable prognosis -> perioperative (ESMO [110], "
        "SEOM [109], [50]); the missing item cannot lower it",
    ),
    row(
        "fong-unknowns-cannot-reach-3",
        patient(lesion_count=1, smallest_lesion_cm=None, node_positive_primary=None),
        UPFRONT,
        absent=("complete_risk_assessment", "high_recurrence_risk"),
        because="Score 0 known, node status unknown: at most 1 of 5 [57], cannot reach the high group",
    ),
    # --- Extrahepatic disease and fitness -------------------------------------------------------------
    row(
        "resectable-extrahepatic-never-upfront",
        patient(extrahepatic_disease="resectable", ras_status="wild_type", braf_v600e=False),
        PERIOP,
        present=("anti_egfr_not_for_resectable",),
        absent=NO_CHEMO_FIRST_OPTIONS,
        because="EORTC 40983 [48] excluded extrahepatic disease; extrahepatic disease is an adverse factor "
        "(review's list [57]); ESMO [110] perioperative FOLFOX/CAPOX when prognosis unfavourable",
    ),
    row(
        "unresectable-extrahepatic-systemic",
        patient(
            extrahepatic_disease="unresectable",
            ras_status="kras_mutant",
            msi_high_or_dmmr=False,
            good_performance_status=False,
            smallest_lesion_cm=1.5,
        ),
        SYSTEMIC,
        present=("bevacizumab_option", "dlm_risk"),
        absent=("anti_egfr_option", "triplet_option", "immunotherapy_preferred", "fiducial_marker"),
        because="Resection must remove all disease [92]; systemic therapy for unresectable disease [18] "
        "with bevacizumab (NCCN row [18], AHPBA [112]); KRAS-mutant: no anti-EGFR [30-32]",
    ),
    row(
        "unfit-systemic",
        patient(fit_for_surgery=False, ras_status="nras_mutant", msi_high_or_dmmr=False),
        SYSTEMIC,
        present=("bevacizumab_option",),
        absent=("anti_egfr_option", "fiducial_marker"),
        because="Low operative risk means 'medically fit' (Current guidelines, Table 2); ASCO [108]: the "
        "MDT decides eligibility for curative-intent treatment; NRAS-mutant: no anti-EGFR (NCCN [18])",
    ),
    row(
        "unfit-good-ps-normal-liver-triplet",
        patient(
            fit_for_surgery=False,
            good_performance_status=True,
            ras_status="kras_mutant",
            msi_high_or_dmmr=False,
        ),
        SYSTEMIC,
        present=("triplet_option", "bevacizumab_option"),
        absent=("anti_egfr_option",),
        because="Regimen depends on performance status and RAS/BRAF [25]; FOLFOXIRI for patients who can "
        "tolerate it [17,26]",
    ),
    # --- Chemotherapy already given ----------------------------------------------------------------------
    row(
        "prior-chemotherapy-now-resectable-proceed",
        patient(prior_chemotherapy_weeks=8, ras_status="wild_type", braf_v600e=False),
        PROCEED,
        absent=(
            *NO_CHEMO_FIRST_OPTIONS,
            "fiducial_marker",
            "duration_over_12_weeks",
            "anti_egfr_not_for_resectable",
        ),
        because="Operate as soon as the disease becomes resectable (timing section); avoid lengthy "
        "courses [53-55]; no regimen is planned before surgery, so New EPOC's warning about initially "
        "resectable disease [28,29] does not apply",
    ),
    row(
        "converted-high-risk-still-proceed",
        changed(
            fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=10, initially_resectable=False
        ),
        PROCEED,
        absent=("bevacizumab_option", "triplet_option", "state_initial_resectability"),
        because="Converted disease: operate as soon as resectable (Timing and duration), not a second "
        "neoadjuvant course; scores were derived without preoperative chemotherapy [57]",
    ),
    row(
        "resectable-high-risk-after-10-weeks-completes",
        changed(
            fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=10, initially_resectable=True
        ),
        PERIOP,
        absent=("bevacizumab_option", "triplet_option", "state_initial_resectability"),
        because="Resectable at high risk: 2-3 months before resection [48]; 10 weeks given, the course is "
        "completed, not cut short nor doubled (AHPBA at most 3 months [112])",
    ),
    row(
        "prior-chemotherapy-small-lesion-no-fiducial",
        patient(prior_chemotherapy_weeks=8, smallest_lesion_cm=1.2),
        PROCEED,
        present=("dlm_risk",),
        absent=("fiducial_marker",),
        because="Fiducials are placed before chemotherapy [84,85]; after it the lesion may already be "
        "invisible: contrast IOUS (99%) [78], resect original sites [80]",
    ),
    row(
        "course-under-way-completed-before-resection",
        changed(
            fong_patient(("node", "interval", "cea")),
            prior_chemotherapy_weeks=4,
            planned_preop_weeks=8,
        ),
        PERIOP,
        present=("high_recurrence_risk",),
        absent=(*NO_CHEMO_FIRST_OPTIONS, "duration_over_12_weeks"),
        because="Resectable disease: 2-3 months before and after resection is preferred (EORTC 40983 gave "
        "6 cycles before [48]); 'operate as soon as resectable' is the rule for initially unresectable "
        "disease (Timing and duration), not for a resectable course after 4 of its 12 weeks",
    ),
    row(
        "course-under-way-after-one-cycle",
        patient(lesion_count=5, prior_chemotherapy_weeks=2, planned_preop_weeks=10),
        PERIOP,
        absent=(*NO_CHEMO_FIRST_OPTIONS, "duration_over_12_weeks"),
        because="One cycle given, ten more weeks planned for resectable disease: 2-3 months before surgery "
        "[48]; NCCN 2-3 months [18], AHPBA at most 3 months [112]",
    ),
    # --- A remnant enough for a normal liver, before chemotherapy -------------------------------------
    row(
        "remnant-22-before-perioperative-chemotherapy-rechecked",
        changed(fong_patient(("node", "interval", "cea")), flr_percent=22, planned_preop_weeks=12),
        PERIOP,
        present=("remnant_recheck",),
        absent=("portal_vein_embolization", "flr_insufficient"),
        because="FLR >= 20% suffices for a normal liver, but the threshold may be higher after NCT (> 30% "
        "after extensive chemotherapy) [93]: measured again before surgery, not changed by guesswork",
    ),
    row(
        "remnant-22-after-12-weeks-rechecked",
        patient(flr_percent=22, prior_chemotherapy_weeks=12),
        PROCEED,
        present=("remnant_recheck",),
        absent=("portal_vein_embolization",),
        because="12 weeks is not more than the 12 linked to complications [53], so the normal-liver >= 20% "
        "applies, but the review says the threshold may be higher after NCT [93]",
    ),
    row(
        "remnant-22-upfront-no-recheck",
        patient(lesion_count=1, smallest_lesion_cm=None, flr_percent=22),
        UPFRONT,
        absent=("remnant_recheck", "portal_vein_embolization"),
        because="No chemotherapy before surgery: the normal-liver threshold (>= 20% [93]) is the one that "
        "applies at the operation",
    ),
    row(
        "remnant-31-before-chemotherapy-no-recheck",
        changed(fong_patient(("node", "interval", "cea")), flr_percent=31, planned_preop_weeks=12),
        PERIOP,
        absent=("remnant_recheck",),
        because="31% meets even the > 30% asked after extensive chemotherapy [93]",
    ),
    # --- Regimen in unresectable disease -----------------------------------------------------------------
    row(
        "ras-braf-wild-type-conversion-anti-egfr",
        unresectable(ras_status="wild_type", braf_v600e=False),
        CONVERSION,
        present=("anti_egfr_option", "bevacizumab_option"),
        absent=("test_braf_before_anti_egfr", "molecular_testing_needed", "immunotherapy_preferred"),
        because="NCCN [18] unresectable: FOLFOX/FOLFIRI ± panitumumab or cetuximab (wild-type "
        "KRAS/NRAS/BRAF) or ± bevacizumab; KRAS wild-type benefit [30-32]; conversion [14-17]",
    ),
    row(
        "ras-wild-type-braf-unknown-test-first",
        unresectable(ras_status="wild_type", braf_v600e=None),
        CONVERSION,
        present=("test_braf_before_anti_egfr", "bevacizumab_option"),
        absent=("anti_egfr_option",),
        because="NCCN row [18] requires wild-type KRAS/NRAS/BRAF for anti-EGFR; BRAF V600E in ~9% [63] "
        "with the worst RFS [64]",
    ),
    row(
        "braf-v600e-no-anti-egfr",
        unresectable(ras_status="wild_type", braf_v600e=True),
        CONVERSION,
        present=("bevacizumab_option",),
        absent=("anti_egfr_option", "test_braf_before_anti_egfr"),
        because="NCCN [18]: anti-EGFR only with wild-type BRAF; BRAF is considered when choosing a "
        "regimen [25,64]",
    ),
    row(
        "kras-mutant-conversion-bevacizumab",
        unresectable(ras_status="kras_mutant", braf_v600e=False),
        CONVERSION,
        present=("bevacizumab_option",),
        absent=("anti_egfr_option", "test_braf_before_anti_egfr"),
        because="BECOME [42]: RAS-mutant unresectable CRLM, mFOLFOX6 + bevacizumab raised R0 22.3% vs 5.8%; "
        "anti-EGFR only for KRAS wild-type [30-32], New EPOC [28,29]",
    ),
    row(
        "nras-mutant-no-anti-egfr",
        unresectable(ras_status="nras_mutant", braf_v600e=False),
        CONVERSION,
        present=("bevacizumab_option",),
        absent=("anti_egfr_option", "test_braf_before_anti_egfr"),
        because="NCCN row [18]: anti-EGFR needs wild-type KRAS/NRAS/BRAF; NRAS-mutant excluded",
    ),
    row(
        "ras-unknown-conversion-test",
        unresectable(ras_status="unknown", msi_high_or_dmmr=None),
        CONVERSION,
        present=("molecular_testing_needed", "bevacizumab_option"),
        absent=("anti_egfr_option", "immunotherapy_preferred"),
        because="Regimen depends on RAS or BRAF mutation [25] and dMMR (NCCN [18]): test before choosing "
        "the biologic",
    ),
    row(
        "dmmr-conversion-immunotherapy-first",
        unresectable(msi_high_or_dmmr=True, ras_status="kras_mutant"),
        CONVERSION,
        present=("immunotherapy_preferred",),
        absent=("anti_egfr_option",),
        because="Phase III: pembrolizumab superior to chemotherapy in MSI-H/dMMR (PFS 16.5 vs 8.2 mo) [96]; "
        "NCCN row [18] pembrolizumab (dMMR/MSI-H only)",
    ),
    row(
        "dmmr-resectable-no-immunotherapy",
        patient(msi_high_or_dmmr=True, lesion_count=5),
        PERIOP,
        absent=("immunotherapy_preferred", "bevacizumab_option"),
        because="Neoadjuvant immunotherapy is little studied [97-99]; resectable disease: "
        "perioperative FOLFOX (ESMO [110], IHPBA [112])",
    ),
    row(
        "triplet-fit-normal-liver-conversion",
        unresectable(good_performance_status=True, ras_status="kras_mutant"),
        CONVERSION,
        present=("triplet_option", "bevacizumab_option"),
        because="FOLFOXIRI is for patients fit for a more intensive regimen [17,26]; IHPBA [112]: "
        "FOLFOXIRI may give more response",
    ),
    row(
        "triplet-waits-for-performance-status",
        unresectable(good_performance_status=None, ras_status="kras_mutant"),
        CONVERSION,
        absent=("triplet_option",),
        because="Choice depends on performance status [25]: FOLFOXIRI only when it can be tolerated [17,26]",
    ),
    row(
        "no-triplet-limited-performance-status",
        unresectable(good_performance_status=False, ras_status="kras_mutant"),
        CONVERSION,
        absent=("triplet_option",),
        because="FOLFOXIRI only for patients fit for a more intensive regimen [17,26]",
    ),
    row(
        "no-triplet-injured-liver-conversion",
        unresectable(
            good_performance_status=True,
            liver_condition="chemotherapy_or_steatosis",
            ras_status="kras_mutant",
        ),
        CONVERSION,
        present=("liver_injury_caution", "bevacizumab_option"),
        absent=("triplet_option",),
        because="Irinotecan steatohepatitis raised liver insufficiency and mortality [20-22]; AHPBA [112]: "
        "bevacizumab may reduce CALI",
    ),
    row(
        "no-triplet-cirrhosis-conversion",
        unresectable(good_performance_status=True, liver_condition="cirrhosis", ras_status="kras_mutant"),
        CONVERSION,
        present=("liver_injury_caution",),
        absent=("triplet_option",),
        because="Irinotecan steatohepatitis [20-22] on top of cirrhosis (FLR > 40% needed [93])",
    ),
    row(
        "unresectable-bilobar-two-stage",
        unresectable(ras_status="kras_mutant", lesion_count=7, largest_lesion_cm=5),
        CONVERSION,
        present=("two_stage_hepatectomy",),
        because="Extensive bilateral CRLM: NCT to decrease tumour burden with PVE and two-stage resection "
        "[95]",
    ),
    # --- Timing at its boundaries ------------------------------------------------------------------------
    row(
        "timing-at-the-limits-no-hazard",
        patient(
            prior_chemotherapy_weeks=8,
            planned_preop_weeks=4,
            weeks_from_last_chemotherapy_to_surgery=4,
            weeks_from_last_bevacizumab_to_surgery=5,
        ),
        PROCEED,
        absent=("duration_over_12_weeks", "interval_under_4_weeks", "bevacizumab_washout_short"),
        because="Over 12 weeks, or under 4 weeks to surgery, meant more complications [53]; bevacizumab "
        "safe when stopped 5 or more weeks before [35-41]: 8+4 = 12, 4 and 5 weeks are within; low risk "
        "(upfront resection on the summary [108-112]), so with a course begun: operate once the interval "
        "allows",
    ),
    row(
        "timing-just-over-the-limits",
        patient(
            prior_chemotherapy_weeks=12.5,
            planned_preop_weeks=4,
            weeks_from_last_chemotherapy_to_surgery=3.9,
            weeks_from_last_bevacizumab_to_surgery=4.9,
        ),
        PROCEED,
        present=("duration_over_12_weeks", "interval_under_4_weeks", "bevacizumab_washout_short"),
        because="12.5 weeks given > 12 and 3.9 < 4 weeks [53]; 4.9 < 5 weeks after bevacizumab [35-41]; "
        "past AHPBA's 3 months [112]: no more before surgery, so the 4 planned weeks are not given",
    ),
    row(
        "perioperative-planned-12.5-weeks",
        patient(lesion_count=5, planned_preop_weeks=12.5),
        PERIOP,
        present=("duration_over_12_weeks",),
        because="> 12 weeks of chemotherapy linked to complications [53]; resectable: 2-3 months (EORTC "
        "40983 [48], AHPBA [112] no more than 3 months)",
    ),
    # --- Disappearing metastases ---------------------------------------------------------------------------
    row(
        "dlm-small-lesion-perioperative-fiducial",
        patient(lesion_count=5, smallest_lesion_cm=1.5),
        PERIOP,
        present=("dlm_risk", "fiducial_marker"),
        because="Lesions < 2 cm are at greatest risk of disappearing [80,85]; 'a fiducial marker can "
        "facilitate the localization' [84,85]",
    ),
    row(
        "dlm-deep-lesion-perioperative-fiducial",
        patient(high_operative_risk=True, deepest_lesion_depth_cm=1.5),
        PERIOP,
        present=("dlm_risk", "fiducial_marker"),
        because="Lesions deeper than 1 cm are at greatest risk [80,85]; fiducials before NCT [84,85]",
    ),
    row(
        "dlm-boundaries-2cm-1cm-no-risk",
        patient(lesion_count=5, smallest_lesion_cm=2.0, deepest_lesion_depth_cm=1.0),
        PERIOP,
        absent=("dlm_risk", "fiducial_marker"),
        because="At risk: under 2 cm, or deeper than 1 cm [80,85]: 2.0 cm and 1.0 cm are neither",
    ),
    row(
        "dlm-upfront-no-fiducial",
        patient(smallest_lesion_cm=1.9),
        UPFRONT,
        present=("dlm_risk",),
        absent=("fiducial_marker",),
        because="Surgery first suits those at highest DLM risk [80,85]: no chemotherapy, no marker needed",
    ),
    row(
        "dlm-conversion-fiducial",
        unresectable(ras_status="kras_mutant", smallest_lesion_cm=1.0),
        CONVERSION,
        present=("dlm_risk", "fiducial_marker"),
        because="Likelihood of DLM rises with NCT [80,85]; fiducials localise lesions that vanish [84,85]",
    ),
    row(
        "dlm-all-lesions-under-2cm-smallest-not-entered",
        patient(lesion_count=3, largest_lesion_cm=1.8, smallest_lesion_cm=None, high_operative_risk=True),
        PERIOP,
        present=("dlm_risk", "fiducial_marker"),
        because="Largest 1.8 cm means every lesion is < 2 cm, the size at greatest risk of disappearing "
        "[80,85]; chemotherapy first -> fiducials [84,85]",
    ),
    # --- Margins ------------------------------------------------------------------------------------------
    row(
        "margin-0.9-mm",
        patient(expected_margin_mm=0.9),
        UPFRONT,
        present=("margin_submillimetre",),
        because="Submillimetre margins: OS 36 vs 65 mo [90]; a margin of at least 1 mm is needed",
    ),
    row(
        "margin-1-mm",
        patient(expected_margin_mm=1.0),
        UPFRONT,
        absent=("margin_submillimetre",),
        because="1-10 mm did as well as > 10 mm [87-89]; at least 1 mm is the need [90]",
    ),
    # --- Actions that cannot change the plan ------------------------------------------------------------
    row(
        "unfit-no-fong-completion",
        patient(fit_for_surgery=False, node_positive_primary=None, cea_ng_ml=None, ras_status="kras_mutant"),
        SYSTEMIC,
        absent=("complete_risk_assessment", "high_recurrence_risk"),
        because="Risk scores are for patients considered for resection [57]; ESMO's "
        "prognosis criteria [110] choose between resectable pathways: for an unfit patient the missing "
        "items cannot move the plan to perioperative chemotherapy",
    ),
)

# The presets (data/scenarios.yaml), expected plan written from each description.
PRESET_ROWS: tuple[tuple[str, Strategy, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "progression-on-folfox",
        Strategy.PROGRESSED_ON_CHEMOTHERAPY,
        (),
        ("portal_vein_embolization", "bevacizumab_option", "anti_egfr_option", "triplet_option"),
        "Resectable disease that grew on 8 weeks of FOLFOX: chemotherapy first finds disease progressing "
        "fast that would not gain from a morbid operation, and local progression can prevent resection "
        "(Rationale; Table 1); no rule for what follows (ASCO [108]: by the chemotherapy given before)",
    ),
    (
        "figure-1",
        UPFRONT,
        ("complete_risk_assessment",),
        ("high_recurrence_risk", "bevacizumab_option", "portal_vein_embolization"),
        "Single 9.6 cm metachronous lesion, FLR 45%: resectable [92], one lesion = low operative risk "
        "(Table 2); Fong 1 known (> 5 cm), node/interval/CEA missing -> 1-4 [57]: complete before ESMO "
        "[110] decides",
    ),
    (
        "figure-2",
        UPFRONT,
        ("complete_risk_assessment",),
        ("fiducial_marker", "bevacizumab_option", "high_recurrence_risk", "dlm_risk"),
        "Solitary synchronous lesion (Figure 2) whose size and depth the review does not give: no DLM factor "
        "can be checked [80,85]; Fong 1-4 with node, size and CEA missing [57]",
    ),
    (
        "easy-metachronous",
        UPFRONT,
        (),
        ("high_recurrence_risk", "complete_risk_assessment", "bevacizumab_option", "dlm_risk"),
        "Two lesions, 24 months, N0, CEA 12: Fong 1 [57], low operative risk -> upfront (Table 2); resection "
        "easy: Expert Group [111] also surgery first",
    ),
    (
        "bilobar-small-remnant",
        AUGMENT,
        (
            "portal_vein_embolization",
            "two_stage_hepatectomy",
            "liver_injury_caution",
            "duration_over_12_weeks",
        ),
        ("bevacizumab_option", "triplet_option", "anti_egfr_option", "fiducial_marker"),
        "22% remnant in a liver injured by 16 weeks of chemotherapy (> 30% needed [93]): PVE [94] and "
        "two-stage resection for bilobar disease [95]; > 12 weeks already [53]",
    ),
    (
        "many-lesions-resectable",
        PERIOP,
        (
            "high_recurrence_risk",
            "duration_over_12_weeks",
            "interval_under_4_weeks",
            "bevacizumab_washout_short",
            "margin_submillimetre",
            "dlm_risk",
            "fiducial_marker",
            "liver_injury_caution",
        ),
        ("bevacizumab_option", "anti_egfr_option", "triplet_option", "portal_vein_embolization"),
        "Six lesions, N+, interval 8 mo, CEA 250: Fong 4 [57], > 4 lesions; FLR 35% > 30% [93]: "
        "perioperative FOLFOX (ESMO [110]); drafted 16 weeks [53], 3-week interval [53], bevacizumab 4 weeks "
        "[35-41], 0.5 mm margin [90] all hazards",
    ),
    (
        "msi-unresectable",
        SYSTEMIC,
        ("immunotherapy_preferred", "bevacizumab_option"),
        ("anti_egfr_option", "triplet_option", "fiducial_marker"),
        "Unresectable peritoneal disease: systemic therapy [18]; dMMR -> pembrolizumab first [96]; BRAF "
        "V600E: no anti-EGFR (NCCN [18]); limited performance status: no triplet [25]",
    ),
    (
        "wild-type-unresectable",
        CONVERSION,
        ("anti_egfr_option", "bevacizumab_option", "triplet_option"),
        ("immunotherapy_preferred", "test_braf_before_anti_egfr"),
        "Outflow cannot be preserved [92]: conversion chemotherapy [14-17]; RAS/BRAF wild-type -> "
        "anti-EGFR (NCCN [18]); fit, normal liver -> FOLFOXIRI [17,26]",
    ),
    (
        "after-conversion",
        PROCEED,
        ("interval_under_4_weeks", "dlm_risk", "liver_injury_caution"),
        (
            "bevacizumab_washout_short",
            "duration_over_12_weeks",
            "bevacizumab_option",
            "fiducial_marker",
            "portal_vein_embolization",
        ),
        "Converted after 12 weeks (not > 12 [53]), FLR 40% > 30% [93]: proceed as soon as resectable "
        "(Timing and duration); last chemotherapy 3 weeks ago < 4 [53]; bevacizumab 6 weeks >= 5 [35-41]",
    ),
    (
        "lung-nodule",
        PERIOP,
        ("anti_egfr_not_for_resectable",),
        ("bevacizumab_option", "anti_egfr_option"),
        "Resectable lung metastasis: EORTC 40983 [48] excluded extrahepatic disease; ESMO [110] "
        "perioperative when prognosis unfavourable",
    ),
)


def _param(r: Row) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=r.xfail)] if r.xfail else []
    return pytest.param(r, id=r.id, marks=marks)


def check_plan(
    plan: Recommendation, strategy: Strategy, present: frozenset[str], absent: frozenset[str], because: str
) -> None:
    assert present <= FLAGS and absent <= FLAGS, "unknown flag in the table"
    assert not present & absent
    assert plan.strategy is strategy, because
    assert present <= plan.flags, (sorted(present - plan.flags), because)
    assert not absent & plan.flags, (sorted(absent & plan.flags), because)


def test_the_table_is_large_and_distinct() -> None:
    assert len(ROWS) + len(PRESET_ROWS) >= 32
    assert len({r.id for r in ROWS}) == len(ROWS)
    assert len({r.scenario for r in ROWS}) == len(ROWS)
    assert {r.strategy for r in ROWS} == set(Strategy)
    assert all(re.search(r"\[\d", r.because) or "Table 2" in r.because for r in ROWS)
    presets = {p.key for p in load_presets(catalog())}
    assert {key for key, *_ in PRESET_ROWS} == presets


@pytest.mark.parametrize("r", [_param(r) for r in ROWS])
def test_board_plan(r: Row) -> None:
    check_plan(recommend(r.scenario), r.strategy, r.present, r.absent, r.because)


@pytest.mark.parametrize(
    ("key", "strategy", "present", "absent", "because"),
    [pytest.param(*p, id=f"preset-{p[0]}") for p in PRESET_ROWS],
)
def test_preset_plan(
    key: str, strategy: Strategy, present: tuple[str, ...], absent: tuple[str, ...], because: str
) -> None:
    preset = next(p for p in load_presets(catalog()) if p.key == key)
    check_plan(recommend(preset.scenario), strategy, frozenset(present), frozenset(absent), because)


# --- Properties over every valid scenario ------------------------------------------------------------------

_opt_bool = st.sampled_from([None, True, False])
_mostly_true = st.sampled_from([True, True, True, False])  # so that resectable patients are common
_mostly_false = st.sampled_from([False, False, False, True])


def _weeks() -> st.SearchStrategy[float | None]:
    return st.one_of(
        st.none(),
        st.sampled_from([0.0, 3.9, 4.0, 4.9, 5.0, 8.0, 12.0, 12.5, 16.0]),
        st.floats(0, 104, allow_nan=False),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    synchronous = draw(st.booleans())
    data: dict[str, object] = {
        "synchronous": synchronous,
        "disease_free_interval_months": draw(
            st.one_of(
                st.none(),
                st.just(0.0),
                st.sampled_from([6.0, 11.99, 12.0, 24.0]),
                st.floats(0, 600, allow_nan=False),
            )
        ),
        "lesion_count": draw(st.one_of(st.integers(1, 4), st.integers(1, 8), st.integers(1, 100))),
        "largest_lesion_cm": draw(
            st.one_of(st.sampled_from([1.5, 3.0, 5.0, 5.01, 9.6]), st.floats(0.1, 6), st.floats(0.1, 30))
        ),
        "bilobar": draw(st.booleans()),
        "extrahepatic_disease": draw(st.sampled_from(["none", "none", "resectable", "unresectable"])),
        "fit_for_surgery": draw(_mostly_true),
        "complete_resection_possible": draw(_mostly_true),
        "two_adjacent_segments_spared": draw(_mostly_true),
        "vascular_and_biliary_preserved": draw(_mostly_true),
        "flr_percent": draw(
            st.one_of(
                st.sampled_from([19.99, 20.0, 25.0, 30.0, 30.01, 40.0, 40.01, 60.0]),
                st.floats(0, 100, allow_nan=False),
            )
        ),
        "liver_condition": draw(st.sampled_from(list(LIVER_CONDITION_PHRASES))),
        "high_operative_risk": draw(_mostly_false),
        "resection_easy": draw(_opt_bool),
        "node_positive_primary": draw(_opt_bool),
        "cea_ng_ml": draw(
            st.one_of(
                st.none(),
                st.sampled_from([5.0, 200.0, 200.01]),
                st.floats(0, 300, allow_nan=False),
                st.floats(0, 100000, allow_nan=False),
            )
        ),
        "ras_status": draw(st.sampled_from(["wild_type", "kras_mutant", "nras_mutant", "unknown"])),
        "braf_v600e": draw(_opt_bool),
        "msi_high_or_dmmr": draw(_opt_bool),
        "good_performance_status": draw(_opt_bool),
        "prior_chemotherapy_weeks": draw(st.one_of(st.none(), _weeks())),
        "planned_preop_weeks": draw(_weeks()),
        "weeks_from_last_bevacizumab_to_surgery": draw(_weeks()),
        "weeks_from_last_chemotherapy_to_surgery": draw(_weeks()),
        "smallest_lesion_cm": draw(
            st.one_of(st.none(), st.sampled_from([1.0, 1.99, 2.0]), st.floats(0.1, 30))
        ),
        "deepest_lesion_depth_cm": draw(st.one_of(st.none(), st.sampled_from([1.0, 1.01]), st.floats(0, 25))),
        "expected_margin_mm": draw(st.one_of(st.none(), st.sampled_from([0.99, 1.0]), st.floats(0, 100))),
    }
    if draw(st.booleans()):  # half the patients are candidates for resection, to reach every strategy
        largest = draw(st.sampled_from([1.5, 3.0, 5.0, 5.01, 9.6]))
        smallest = draw(st.one_of(st.none(), st.sampled_from([1.0, 1.99, 2.0, 2.5])))
        data |= {
            "fit_for_surgery": True,
            "extrahepatic_disease": draw(st.sampled_from(["none", "none", "resectable"])),
            "complete_resection_possible": True,
            "two_adjacent_segments_spared": True,
            "vascular_and_biliary_preserved": True,
            "prior_chemotherapy_weeks": draw(_weeks()) if draw(st.booleans()) else None,
            "lesion_count": draw(st.integers(1, 5)),
            "largest_lesion_cm": largest,
            "smallest_lesion_cm": None if smallest is None else min(smallest, largest),
            "flr_percent": draw(st.sampled_from([19.99, 20.0, 25.0, 30.0, 30.01, 40.0, 40.01, 60.0, 70.0])),
        }
    if data["prior_chemotherapy_weeks"]:  # restaging after it: mostly not stated, as in the form
        data["progression_on_chemotherapy"] = draw(st.sampled_from([None, None, False, True]))
    scenario, _ = validate_scenario(data)
    assume(scenario is not None)
    assert scenario is not None
    return scenario


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@PROPERTY_SETTINGS
@given(scenarios())
def test_regimen_flags_follow_the_evidence(s: Scenario) -> None:
    plan = recommend(s)
    flags = plan.flags
    if plan.strategy in RESECTABLE_STRATEGIES:
        assert "bevacizumab_option" not in flags  # PERIMAX [34] still running; resectable rows: chemo alone
    if "anti_egfr_option" in flags:
        assert s.ras_status == "wild_type" and s.braf_v600e is False  # NCCN [18]
    if "triplet_option" in flags:
        assert s.good_performance_status is True and s.liver_condition == "normal"  # [17,26], [20-22]
    if "immunotherapy_preferred" in flags:
        assert s.msi_high_or_dmmr is True  # [96]
    if s.extrahepatic_disease == "resectable":
        assert plan.strategy is not UPFRONT  # EORTC 40983 [48]
    resect = assess_resectability(s)
    if (
        s.fit_for_surgery
        and s.extrahepatic_disease != "unresectable"
        and resect.liver_technically_resectable
        and not resect.remnant_sufficient
        and s.progression_on_chemotherapy is not True  # progression on chemotherapy: no operation (Table 1)
    ):
        assert plan.strategy is not CONVERSION  # a surgical problem first [93-95]
        assert plan.strategy is AUGMENT


@PROPERTY_SETTINGS
@given(scenarios())
def test_steps_and_actions_cite_existing_records(s: Scenario) -> None:
    plan = recommend(s)
    known = catalog().evidence_by_id
    for step in plan.steps:
        assert step.evidence_ids and set(step.evidence_ids) <= set(known), step.key
    for action in plan.actions:
        assert action.evidence_ids and set(action.evidence_ids) <= set(known), action.text


EMPTY_ITEMS = ("; ;", ": ;", ": .", ", ,", ";;", ",,")
INTERNAL = re.compile(r"\b(None|True|False)\b|\b[a-z0-9]+_[a-z0-9_]+\b")


def check_text(text: str) -> None:
    for empty in EMPTY_ITEMS:
        assert empty not in text, (empty, text)
    assert not INTERNAL.search(text), text
    for code in FLAGS:
        assert code not in text, text
    assert not ("not met" in text and "meets" in text), text


@PROPERTY_SETTINGS
@given(scenarios())
def test_step_and_action_text_reads_as_prose(s: Scenario) -> None:
    plan = recommend(s)
    for step in plan.steps:
        for text in (step.title, step.finding, step.reasoning, step.gap or ""):
            check_text(text)
    for action in plan.actions:
        check_text(action.text)


@PROPERTY_SETTINGS
@given(scenarios())
def test_path_ends_at_the_gate_that_chose(s: Scenario) -> None:
    plan = recommend(s)
    keys = tuple(gate.key for gate in GATES)
    assert plan.path == keys[: len(plan.path)] and plan.path
    last = next(gate for gate in GATES if gate.key == plan.path[-1])
    if plan.strategy is UPFRONT:
        assert plan.path == keys and last.strategy is not UPFRONT  # passed every gate
    else:
        assert last.strategy is plan.strategy


# --- what_changes, re-derived ------------------------------------------------------------------------------

BOOLEAN_PHRASES: dict[str, dict[str, bool]] = {
    "synchronous": {"synchronous metastases": True, "metachronous metastases": False},
    "bilobar": {"disease in both lobes": True, "disease in one lobe": False},
    "fit_for_surgery": {"a patient fit for liver surgery": True, "a patient unfit for liver surgery": False},
    "complete_resection_possible": {
        "all liver disease removable": True,
        "liver disease that cannot all be removed": False,
    },
    "two_adjacent_segments_spared": {
        "two adjacent segments spared": True,
        "two adjacent segments not spared": False,
    },
    "vascular_and_biliary_preserved": {
        "vessels and ducts preserved": True,
        "vessels or ducts not preserved": False,
    },
    "high_operative_risk": {"operative risk called high": True, "operative risk not called high": False},
    "resection_easy": {"resection judged easy": True, "resection judged not easy": False},
    "node_positive_primary": {"a node-positive primary": True, "a node-negative primary": False},
    "braf_v600e": {"BRAF V600E present": True, "BRAF tested wild-type": False},
    "msi_high_or_dmmr": {"a dMMR/MSI-H tumour": True, "a mismatch-repair-proficient tumour": False},
    "good_performance_status": {"good performance status": True, "limited performance status": False},
    "initially_resectable": {
        "disease that was resectable before chemotherapy": True,
        "disease converted by chemotherapy": False,
    },
    "progression_on_chemotherapy": {
        "disease that progressed on the chemotherapy given": True,
        "disease that did not progress on the chemotherapy given": False,
    },
}
CHOICE_PHRASES: dict[str, dict[str, str]] = {
    "extrahepatic_disease": {
        "no extrahepatic disease": "none",
        "resectable extrahepatic disease": "resectable",
        "unresectable extrahepatic disease": "unresectable",
    },
    "liver_condition": {phrase: key for key, phrase in LIVER_CONDITION_PHRASES.items()},
    "ras_status": {
        "a RAS wild-type tumour": "wild_type",
        "a KRAS-mutant tumour": "kras_mutant",
        "an NRAS-mutant tumour": "nras_mutant",
    },
}
NUMBER = re.compile(r"(at least|at most|above|below|more than|fewer than)? ?(\d+(?:\.\d+)?)")
SAME_RELATION = {"more than": "above", "fewer than": "below"}  # weeks are more or fewer


def plan_outcome(s: Scenario) -> tuple[Strategy, frozenset[str]]:
    plan = recommend(s)
    return plan.strategy, plan.flags & frozenset(OPTION_FLAGS)


def applied(s: Scenario, field_name: str, condition: str) -> tuple[Scenario, bool]:
    """The scenario with the change applied (from the change's words), and whether the current value
    already meets the condition."""
    current = getattr(s, field_name)
    update: dict[str, object]
    if field_name == "synchronous" and " interval " in condition:  # metachronous, worded with its interval
        months = float(re.findall(r"\d+", condition)[0])
        under = re.search(r"interval under \d+ months$", condition) is not None
        assert under or condition.endswith(f"of {months:g} months or more"), condition
        update = {
            "synchronous": False,
            "disease_free_interval_months": round(months - 0.01, 2) if under else months,
        }
        met = (
            not s.synchronous
            and s.disease_free_interval_months is not None
            and (
                s.disease_free_interval_months < months if under else s.disease_free_interval_months >= months
            )
        )
    elif field_name in BOOLEAN_PHRASES:
        value: object = BOOLEAN_PHRASES[field_name][condition]
        update = {field_name: value}
        if field_name == "synchronous":
            update["disease_free_interval_months"] = None
        met = current is value
    elif field_name in CHOICE_PHRASES:
        value = CHOICE_PHRASES[field_name][condition]
        update, met = {field_name: value}, current == value
    elif field_name == "prior_chemotherapy_weeks" and "weeks" not in condition:
        given_now = bool(current)
        wants = condition == "chemotherapy already given"
        assert condition in ("chemotherapy already given", "no chemotherapy given yet"), condition
        update, met = {field_name: 8.0 if wants else None}, given_now == wants
        if not wants:  # the answers about chemotherapy given go with it
            update |= {"initially_resectable": None, "progression_on_chemotherapy": None}
    else:
        match = NUMBER.search(condition)
        assert match, condition
        rel, number = SAME_RELATION.get(match.group(1), match.group(1)), float(match.group(2))
        step = 0.01
        if field_name == "lesion_count":
            assert rel is None
            update, met = {field_name: int(number)}, current == int(number)
        elif rel == "at least":
            update, met = {field_name: number}, current >= number
        elif rel == "at most":
            update, met = {field_name: number}, current <= number
        elif rel == "above":
            update, met = {field_name: round(number + step, 2)}, current > number
        else:
            assert rel == "below", condition
            update, met = {field_name: round(number - step, 2)}, current < number
    return Scenario.model_validate(s.model_dump() | update), met


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios())
def test_what_changes_really_changes_the_plan(s: Scenario) -> None:
    now = plan_outcome(s)
    for change in what_changes(s):
        variant, already = applied(s, change.field, change.condition)
        assert not already, (change.field, change.condition)
        strategy, options = plan_outcome(variant)
        assert (strategy, options) != now, change.text
        assert strategy is change.strategy, change.text
        assert set(change.gained) == options - now[1], change.text
        assert set(change.lost) == now[1] - options, change.text
        check_text(change.text)


# --- One flip per Table 2 organisation ------------------------------------------------------------------


def reading(s: Scenario, organisation: str) -> GuidelineReading:
    readings = guideline_readings(
        s, resectable=assess_resectability(s).resectable, risk=assess_recurrence_risk(s)
    )
    return next(r for r in readings if r.organisation == organisation)


LOW_RISK_SINGLE = patient(lesion_count=1, smallest_lesion_cm=None)  # Fong 0, metachronous, resectable
SYNCHRONOUS_SINGLE = changed(LOW_RISK_SINGLE, synchronous=True, disease_free_interval_months=None)

# (organisation, base, changed, leaning before, leaning after (None: the text changes), because)
FLIPS: tuple[tuple[str, Scenario, Scenario, str, str | None, str], ...] = (
    (
        "nccn",
        LOW_RISK_SINGLE,
        changed(LOW_RISK_SINGLE, synchronous=True, disease_free_interval_months=None),
        "surgery_first",
        "allowed_option",
        "NCCN [18]: metachronous resectable -> resection preferred; synchronous -> 'can consider' 2-3 mo "
        "NCT, an option it allows, not an order it prefers (it was counted as leaning to chemotherapy first)",
    ),
    (
        "asco",
        LOW_RISK_SINGLE,
        changed(LOW_RISK_SINGLE, prior_chemotherapy_weeks=8.0),
        "not_stated",
        None,
        "ASCO [108]: choice depends on whether the patient had prior chemotherapy",
    ),
    (
        "seom",
        fong_patient(("node", "interval")),
        fong_patient(("node", "interval", "cea")),
        "not_stated",
        "chemotherapy_first",
        "SEOM [109]: NCT might benefit high-risk resectable patients (Fong 3+ [57])",
    ),
    (
        "esmo",
        LOW_RISK_SINGLE,
        changed(LOW_RISK_SINGLE, synchronous=True, disease_free_interval_months=None),
        "surgery_first",
        "chemotherapy_first",
        "ESMO [110]: synchronous metastases allocated to the perioperative group",
    ),
    (
        "egosm",
        SYNCHRONOUS_SINGLE,
        changed(SYNCHRONOUS_SINGLE, resection_easy=True),
        "chemotherapy_first",
        "surgery_first",
        "Expert Group [111]: chemotherapy preoperatively unless resection is considered easy",
    ),
    (
        "egosm",
        LOW_RISK_SINGLE,
        SYNCHRONOUS_SINGLE,
        "not_stated",
        "chemotherapy_first",
        "Expert Group [111]: by its title a consensus on synchronous metastases; its row removes the primary "
        "with the metastases, so it gives no order once the primary is gone",
    ),
    (
        "ihpba",
        LOW_RISK_SINGLE,
        changed(LOW_RISK_SINGLE, complete_resection_possible=False),
        "chemotherapy_first",
        None,
        "IHPBA [112]: resectable -> perioperative oxaliplatin; unresectable -> FOLFOX/FOLFIRI downsizing",
    ),
    (
        "ahpba",
        unresectable(ras_status="kras_mutant"),
        unresectable(ras_status="wild_type"),
        "chemotherapy_first",
        None,
        "AHPBA [112]: anti-EGFR agents are an option where KRAS is not mutated",
    ),
)


@pytest.mark.parametrize(
    ("organisation", "base", "changed", "before", "after", "because"),
    [pytest.param(*flip, id=flip[0]) for flip in FLIPS],
)
def test_one_input_flips_each_guideline_reading(
    organisation: str, base: Scenario, changed: Scenario, before: str, after: str | None, because: str
) -> None:
    old, new = reading(base, organisation), reading(changed, organisation)
    assert old.leaning == before, because
    if after is not None:
        assert new.leaning == after, because
    else:
        assert new.text != old.text, because
    for text in (old.text, new.text):
        check_text(text)


@pytest.mark.parametrize("item", list(FONG_ITEMS))
def test_each_fong_item_flips_seom_and_esmo(item: str) -> None:
    others = tuple(i for i in FONG_ITEMS if i != item)[:2]
    base, changed = fong_patient(others), fong_patient((*others, item))
    assert reading(base, "seom").leaning == "not_stated"
    assert reading(changed, "seom").leaning == "chemotherapy_first"
    assert reading(base, "esmo").leaning == "surgery_first"
    assert reading(changed, "esmo").leaning == "chemotherapy_first"


# --- What would change the plan -------------------------------------------------------------------------


def test_normal_liver_remnant_below_20_leads_to_augmentation() -> None:
    s = patient(flr_percent=25)
    assert recommend(s).strategy is UPFRONT
    changes = [c for c in what_changes(s) if c.field == "flr_percent"]
    assert any(c.strategy is AUGMENT and "below 20%" in c.condition for c in changes), changes


def test_injured_liver_remnant_above_30_is_resectable() -> None:
    s = patient(flr_percent=25, liver_condition="chemotherapy_or_steatosis")
    assert recommend(s).strategy is AUGMENT
    changes = [c for c in what_changes(s) if c.field == "flr_percent"]
    assert any(c.strategy in (UPFRONT, PERIOP) and "above 30%" in c.condition for c in changes), changes


def test_braf_wild_type_makes_anti_egfr_an_option() -> None:
    s = unresectable(ras_status="wild_type", braf_v600e=None)
    assert recommend(s).strategy is CONVERSION
    change = next(c for c in what_changes(s) if c.field == "braf_v600e" and "BRAF tested wild-type" in c.text)
    assert "anti_egfr_option" in change.gained
    assert change.strategy is CONVERSION


def test_what_changes_never_lists_the_current_value() -> None:
    for s in (patient(), patient(flr_percent=25), unresectable(ras_status="wild_type", braf_v600e=None)):
        for change in what_changes(s):
            _, already = applied(s, change.field, change.condition)
            assert not already, change.text


# --- What the board says in words (a clinical audit against the review, 2026-12-06) ---------------------

HIGH_RISK = fong_patient(("node", "interval", "cea"))  # Fong 3, resectable


def test_a_course_under_way_is_completed_not_stopped() -> None:
    """Resectable disease after 4 of 12 planned weeks: the course is finished before surgery (2-3 months,
    EORTC 40983 [48]); only with nothing more planned does the patient go straight to surgery."""
    for planned in (8, None):  # planned weeks entered, or left empty ("not known")
        plan = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=4, planned_preop_weeks=planned))
        assert plan.strategy is PERIOP and plan.path[-1] == "recurrence_risk"
        assert "No further chemotherapy" not in plan.step("regimen").finding
        assert "table-2-asco-regimens" in plan.step("regimen").evidence_ids
        assert any(a.text.startswith("Complete the course under way") for a in plan.actions)
        assert "state_initial_resectability" in plan.flags  # converted disease would go to surgery now
        assert "operate as soon as" in (plan.step("strategy").gap or "")
    converted = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=4, initially_resectable=False))
    assert converted.strategy is PROCEED and converted.path[-1] == "converted"
    finished = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=12))
    assert finished.strategy is PROCEED and finished.path[-1] == "course_complete"
    assert "No further chemotherapy" in finished.step("regimen").finding


@pytest.mark.parametrize(
    "s",
    [
        pytest.param(patient(lesion_count=3, bilobar=True, flr_percent=15), id="bilobar-15"),
        pytest.param(patient(flr_percent=26, prior_chemotherapy_weeks=26), id="26-weeks-26"),
        pytest.param(
            patient(flr_percent=18, synchronous=True, disease_free_interval_months=None), id="sync-18"
        ),
    ],
)
def test_a_short_remnant_is_not_read_as_downsizing_by_the_guideline_lens(s: Scenario) -> None:
    """No Table 2 row speaks of a remnant too small for the liver; reading the rows on unresectable tumour
    would show "chemotherapy first" beside the surgical answer (PVE [94], two stages [95])."""
    plan = recommend(s)
    assert plan.strategy is AUGMENT
    readings = crlm_content.decision.guideline_readings_for(s)
    assert len(readings) == 7 and {r.leaning for r in readings} == {"not_stated"}
    assert not any(word in r.text for r in readings for word in ("Unresectable", "Downsizing"))
    assert "guidelines_disagree" not in plan.flags
    assert " agree " not in plan.step("strategy").reasoning
    assert all(catalog().get(eid) for r in readings for eid in r.evidence_ids)


def test_disappearing_lesions_in_conversion_are_marked_not_operated_first() -> None:
    """Surgery first is the review's alternative only 'if clinically feasible' [80,85]: not in disease that
    cannot be removed; once chemotherapy has started, the marker goes in now."""
    s = unresectable(ras_status="kras_mutant", smallest_lesion_cm=1.2)
    before = recommend(s)
    assert before.strategy is CONVERSION and "fiducial_marker" in before.flags
    assert "surgery first" not in before.step("dlm").finding
    started = recommend(changed(s, prior_chemotherapy_weeks=8))
    assert started.strategy is CONVERSION
    assert "now" in started.step("dlm").finding and "before chemotherapy" not in started.step("dlm").finding
    resectable = recommend(patient(lesion_count=5, smallest_lesion_cm=1.5))
    assert resectable.strategy is PERIOP and "surgery first" in resectable.step("dlm").finding


def test_high_operative_risk_in_clearly_resectable_disease_is_a_named_gap() -> None:
    """The review reserves NCT for higher operative risk WITH borderline resectable or unresectable disease
    (Current guidelines); for clearly resectable disease it gives no rule, and the walkthrough says so."""
    plan = recommend(patient(lesion_count=1, smallest_lesion_cm=None, high_operative_risk=True))
    strategy = plan.step("strategy")
    assert plan.strategy is PERIOP
    assert "borderline resectable or unresectable" in strategy.reasoning
    assert strategy.gap is not None and "no rule" in strategy.gap


@pytest.mark.parametrize(
    "s",
    [
        pytest.param(patient(lesion_count=1, smallest_lesion_cm=None, msi_high_or_dmmr=True), id="upfront"),
        pytest.param(changed(HIGH_RISK, msi_high_or_dmmr=True), id="perioperative"),
    ],
)
def test_resectable_dmmr_disease_names_neoadjuvant_immunotherapy_as_unsettled(s: Scenario) -> None:
    """Neoadjuvant immunotherapy in dMMR disease: early work only [97,98]; pembrolizumab first [96] is the
    review's statement for disease that is not resectable."""
    plan = recommend(s)
    assert plan.strategy in (UPFRONT, PERIOP)
    assert "immunotherapy-neoadjuvant-dmmr" in plan.step("regimen").evidence_ids
    assert "for the team" in plan.step("regimen").reasoning
    assert "neoadjuvant_immunotherapy_unsettled" in plan.flags
    assert "immunotherapy_preferred" not in plan.flags


def test_synchronous_plans_name_the_primary_and_the_review_s_silence() -> None:
    synchronous = recommend(
        patient(synchronous=True, disease_free_interval_months=None, lesion_count=1, smallest_lesion_cm=None)
    )
    assert synchronous.strategy is UPFRONT
    gap = synchronous.step("presentation").gap
    assert gap is not None and "primary" in gap and "does not discuss" in gap
    assert "primary" in synchronous.actions[0].text
    assert recommend(patient()).step("presentation").gap is None


def test_two_stages_are_taught_where_the_tumour_burden_is_the_problem() -> None:
    """Two-stage resection [95] is for extensive bilobar disease; outflow against the hepatic veins is
    another problem, and conversion of it says nothing of two stages."""
    veins = recommend(patient(lesion_count=3, bilobar=True, vascular_and_biliary_preserved=False))
    assert veins.strategy is CONVERSION
    assert "two-stage" not in veins.step("strategy").reasoning
    assert "two_stage_hepatectomy" not in veins.flags
    burden = recommend(unresectable(ras_status="kras_mutant", lesion_count=7, largest_lesion_cm=5))
    assert "two stages could clear it" in burden.step("strategy").reasoning


def test_the_adjuvant_trials_are_not_called_positive() -> None:
    """Caveat 7: the pooled FFCD 9002/EORTC 40923 PFS (P = 0.058) and OS (P = 0.095) were not significant."""
    text = recommend(patient(lesion_count=1, smallest_lesion_cm=None)).step("regimen").reasoning
    assert "showed longer" not in text and "not significant" in text


def test_an_injured_liver_is_spared_irinotecan() -> None:
    """Irinotecan steatohepatitis and liver failure after surgery [20-22]; the flag says keep it short.
    The review gives no rule on the triplet or on which drug to prefer there: "prefer oxaliplatin", said as
    a rule, was the walkthrough's own (and poor advice after a long oxaliplatin course)."""
    injured = unresectable(ras_status="kras_mutant", liver_condition="chemotherapy_or_steatosis")
    plan = recommend(injured)
    assert "liver_injury_caution" in plan.flags and "triplet_option" not in plan.flags
    reasoning = plan.step("regimen").reasoning
    assert "prefer oxaliplatin" not in reasoning
    assert "the walkthrough does not offer the triplet" in reasoning and "gives no rule" in reasoning
    # Not offered for the liver, so it does not also wait for a judgement of fitness.
    unknown_fitness = recommend(changed(injured, good_performance_status=None))
    assert "judgement of fitness" not in unknown_fitness.step("regimen").reasoning


def test_a_short_remnant_is_not_called_unresectable() -> None:
    assert recommend(patient(lesion_count=3, bilobar=True, flr_percent=15)).resectability_summary == (
        "All disease removable, but the remnant is too small for now."
    )
    assert recommend(patient()).resectability_summary == "Resectable now."
    assert recommend(unresectable()).resectability_summary == "Not resectable now."


# --- Second review of the fixes (2026-12-06): chemotherapy already given, remnant, primary, lens -----------


@pytest.mark.parametrize("weeks", [12, 26])
def test_a_course_of_three_months_or_more_is_not_completed_again(weeks: int) -> None:
    """AHPBA: no more than 3 months before surgery [112]; > 12 weeks linked to complications [53]."""
    plan = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=weeks, planned_preop_weeks=8))
    assert plan.strategy is PROCEED and plan.path[-1] == "course_complete"
    assert not any("Complete the course" in a.text for a in plan.actions)


def test_converted_disease_goes_to_surgery_whatever_was_planned() -> None:
    """Converted disease is operated on once it can be removed (Timing and duration), planned weeks or not."""
    preset = next(p for p in load_presets(catalog()) if p.key == "after-conversion")
    assert preset.scenario.initially_resectable is False
    plan = recommend(changed(preset.scenario, planned_preop_weeks=4))
    assert plan.strategy is PROCEED and plan.path[-1] == "converted"
    assert "surgery first" not in plan.step("dlm").finding


def test_a_low_risk_patient_with_a_course_begun_is_told_the_summary_would_operate() -> None:
    plan = recommend(patient(prior_chemotherapy_weeks=2, planned_preop_weeks=10))
    strategy = plan.step("strategy")
    assert plan.strategy is PROCEED and plan.path[-1] == "chemotherapy_started"
    assert "would have operated first" in strategy.reasoning and "EORTC 40983" in strategy.reasoning
    assert strategy.gap is not None and "for the team" in strategy.gap
    assert "longer courses add liver injury" not in strategy.reasoning  # not the converted-disease reason


def test_a_planned_course_that_will_make_the_remnant_too_small_says_so_before() -> None:
    """> 30% after extensive chemotherapy [93] (here more than 12 weeks in all, the walkthrough's reading):
    with 10 given and 8 planned, a 20% remnant will fall short; the plan says shorten or grow (PVE [94])."""
    plan = recommend(changed(HIGH_RISK, flr_percent=20, prior_chemotherapy_weeks=10, planned_preop_weeks=8))
    assert plan.strategy is PERIOP and "remnant_recheck" in plan.flags
    assert "shorten the course, or grow the remnant" in plan.step("remnant").finding
    short = recommend(changed(HIGH_RISK, flr_percent=20, planned_preop_weeks=8))  # 8 weeks in all
    assert "shorten" not in short.step("remnant").finding and "measure the remnant again" in (
        short.step("remnant").finding
    )
    steatotic = recommend(changed(HIGH_RISK, flr_percent=45, liver_condition="chemotherapy_or_steatosis"))
    assert "remnant_recheck" in steatotic.flags
    action = next(a for a in steatotic.actions if a.text.startswith("Measure the remnant again"))
    assert 93 in {n for eid in action.evidence_ids for n in catalog().get(eid).refs}


def test_the_primary_is_mentioned_conditionally_and_only_where_there_is_an_operation() -> None:
    upfront = recommend(
        patient(synchronous=True, disease_free_interval_months=None, lesion_count=1, smallest_lesion_cm=None)
    )
    assert (upfront.step("presentation").gap or "").startswith("If the primary tumour is still in place")
    palliative = recommend(
        patient(synchronous=True, disease_free_interval_months=None, extrahepatic_disease="unresectable")
    )
    assert palliative.strategy is SYSTEMIC and palliative.step("presentation").gap is None


def test_no_embolization_or_remnant_lens_without_an_operation() -> None:
    unfit = patient(flr_percent=15, fit_for_surgery=False)
    plan = recommend(unfit)
    assert plan.strategy is SYSTEMIC
    assert "portal_vein_embolization" not in plan.flags and "flr_insufficient" in plan.flags
    readings = crlm_content.decision.guideline_readings_for(unfit)
    assert not any("grow the remnant first" in r.text for r in readings)


def test_a_plan_the_table_2_rows_do_not_choose_is_not_said_to_agree_with_them() -> None:
    plan = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=12))
    assert plan.strategy is PROCEED
    assert "agree" not in plan.step("strategy").reasoning


def test_cirrhosis_chemotherapy_is_a_named_gap_and_dmmr_keeps_its_scope() -> None:
    cirrhotic = recommend(unresectable(ras_status="kras_mutant", liver_condition="cirrhosis"))
    assert "cirrhotic" in (cirrhotic.step("regimen").gap or "")
    dmmr = recommend(changed(HIGH_RISK, msi_high_or_dmmr=True))
    assert "not in liver metastases" in dmmr.step("regimen").reasoning
    upfront = recommend(patient(lesion_count=1, smallest_lesion_cm=None))
    assert "longer overall survival" in upfront.step("regimen").reasoning


# --- Third review (2026-12-06): the plan after chemotherapy, in words that agree with each other ------------


def test_the_conversion_question_is_asked_only_where_its_answer_changes_the_plan() -> None:
    preset = next(p for p in load_presets(catalog()) if p.key == "bilobar-small-remnant")
    augment = recommend(preset.scenario)
    assert augment.strategy is AUGMENT and "state_initial_resectability" not in augment.flags
    assert "portal vein embolization" in augment.actions[0].text.lower()  # the surgical answer first
    unfit = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=8, fit_for_surgery=False))
    assert "state_initial_resectability" not in unfit.flags
    perioperative = recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=8))
    assert "state_initial_resectability" in perioperative.flags


def test_a_course_begun_in_low_risk_disease_still_asks_for_the_missing_risk_items() -> None:
    s = patient(
        node_positive_primary=None, cea_ng_ml=None, prior_chemotherapy_weeks=4, initially_resectable=True
    )
    plan = recommend(s)
    assert plan.strategy is PROCEED and "complete_risk_assessment" in plan.flags
    assert "would not change this plan" not in plan.step("recurrence_risk").finding


def test_weeks_a_plan_does_not_give_are_not_counted_against_it() -> None:
    plan = recommend(patient(prior_chemotherapy_weeks=26, planned_preop_weeks=8))
    assert plan.strategy is PROCEED and "duration_over_12_weeks" in plan.flags
    assert "26 weeks" in plan.step("timing").finding and "34" not in plan.step("timing").finding
    assert "planned are not given" in plan.step("timing").finding
    upfront = recommend(patient(lesion_count=1, smallest_lesion_cm=None, planned_preop_weeks=16))
    assert upfront.strategy is UPFRONT and "duration_over_12_weeks" not in upfront.flags


def test_converted_without_weeks_is_a_named_input_problem() -> None:
    scenario, problems = validate_scenario(
        HIGH_RISK.model_dump() | {"initially_resectable": False, "prior_chemotherapy_weeks": None}
    )
    assert scenario is None and any(p.startswith("Resectable before any chemotherapy") for p in problems)


def test_six_months_given_leaves_more_after_surgery_to_the_team() -> None:
    """Synchronous metastases resectable before chemotherapy: the Expert Group's 6 months in all [111] are
    given, so more after surgery is the team's (ASCO [108])."""
    s = patient(
        synchronous=True,
        disease_free_interval_months=None,
        prior_chemotherapy_weeks=26,
        initially_resectable=True,
    )
    plan = recommend(s)
    assert not any(a.text.startswith("Complete the chemotherapy course after surgery") for a in plan.actions)
    assert any("team's decision" in a.text for a in plan.actions)
    assert "already given" in plan.step("regimen").finding


def test_a_planned_course_past_12_weeks_is_capped_in_the_actions() -> None:
    plan = recommend(changed(HIGH_RISK, flr_percent=25, prior_chemotherapy_weeks=10, planned_preop_weeks=8))
    first = [a.text for a in plan.actions if a.phase == "first"]
    assert first[0].startswith("Keep chemotherapy within 12 weeks in all, or grow the remnant")
    assert any("stopping at 12 weeks in all" in text for text in first)


def test_converted_disease_is_read_with_table_2_s_unresectable_rows() -> None:
    preset = next(p for p in load_presets(catalog()) if p.key == "after-conversion")
    readings = crlm_content.decision.guideline_readings_for(preset.scenario)
    nccn = next(r for r in readings if r.organisation == "nccn")
    assert nccn.text.startswith("Unresectable")


def test_the_proceed_label_and_map_do_not_claim_more_than_is_known() -> None:
    from crlm_content.decision import STRATEGY_LABELS, pathway_text

    assert "now that the disease is resectable" not in STRATEGY_LABELS[PROCEED]
    text = pathway_text(recommend(changed(HIGH_RISK, prior_chemotherapy_weeks=8)))
    assert "Converted by chemotherapy (not resectable before it)? no, or not stated" in text
    # Converted disease has no "no chemotherapy given yet" change: without the chemotherapy that converted
    # it, the disease as entered (resectable) is not this patient's; the list offered a plan for it.
    converted = changed(HIGH_RISK, prior_chemotherapy_weeks=8, initially_resectable=False)
    assert not any(c.condition == "no chemotherapy given yet" for c in what_changes(converted))
    not_stated = patient(prior_chemotherapy_weeks=8)  # resectable before it not stated: the change stands
    assert any(c.condition == "no chemotherapy given yet" for c in what_changes(not_stated))


def test_no_operation_no_pre_surgery_hazards() -> None:
    """The 12-week limit and the irinotecan caution concern the operation's complications [20-22,53]; the
    review gives no limit for treatment without curative intent, so none is invented."""
    for s in (
        patient(
            extrahepatic_disease="unresectable",
            prior_chemotherapy_weeks=24,
            liver_condition="chemotherapy_or_steatosis",
        ),
        patient(fit_for_surgery=False, prior_chemotherapy_weeks=24),
    ):
        plan = recommend(s)
        assert plan.strategy is SYSTEMIC
        assert not {"duration_over_12_weeks", "liver_injury_caution"} & plan.flags
        assert "keep the course short" not in plan.step("regimen").reasoning
        assert "do not apply yet" in plan.step("timing").finding


def test_a_two_stage_plan_clears_the_future_remnant_first() -> None:
    plan = recommend(patient(lesion_count=3, bilobar=True, flr_percent=15))
    first = next(a for a in plan.actions if a.phase == "first")
    assert (
        "two-stage hepatectomy (the first stage clears the future remnant, then the embolization)"
        in first.text
    )
    assert not any("clear the remnant side first" in a.text for a in plan.actions)


def test_disease_in_both_lobes_with_a_small_remnant_offers_two_stages_without_imposing_them() -> None:
    """The review's two stages [95] were shown in *extensive* disease in both lobes after chemotherapy; two
    lesions, one in each lobe, were told "Two-stage hepatectomy" as the plan's first action, and "extensive"
    of them. Embolization is the surgical answer to the small remnant; one operation or two is the team's,
    and the review's silence on where one ends is said."""
    plan = recommend(patient(lesion_count=2, bilobar=True, flr_percent=15))
    first = next(a for a in plan.actions if a.phase == "first")
    assert first.text.startswith("Portal vein embolization to grow the remnant")
    assert "the team decides between one operation after it and a two-stage hepatectomy" in first.text
    remnant = plan.step("remnant")
    assert "shown in extensive disease after chemotherapy" in remnant.reasoning
    assert "With extensive disease in both lobes" not in remnant.reasoning
    assert remnant.gap is not None and "how much disease in both lobes needs two stages" in remnant.gap


def test_a_conversion_plan_with_enough_remnant_does_not_plan_an_embolization() -> None:
    plan = recommend(patient(lesion_count=8, bilobar=True, flr_percent=60, complete_resection_possible=False))
    assert "portal_vein_embolization" not in plan.flags
    texts = [a.text for a in plan.actions]
    assert not any("to plan the embolization" in t for t in texts)
    assert any("embolization only if it is too small" in t for t in texts)


def test_an_operation_dated_too_soon_is_moved_in_every_plan_that_operates() -> None:
    """Under 4 weeks from chemotherapy [53] or 5 from bevacizumab [35-41]: the hazard and its remedy."""
    for s in (
        changed(HIGH_RISK, weeks_from_last_chemotherapy_to_surgery=3),
        unresectable(ras_status="kras_mutant", weeks_from_last_bevacizumab_to_surgery=4),
        patient(prior_chemotherapy_weeks=12, weeks_from_last_chemotherapy_to_surgery=3),
    ):
        plan = recommend(s)
        assert {"interval_under_4_weeks", "bevacizumab_washout_short"} & plan.flags
        assert any(a.text.startswith("Schedule the resection at least 4 weeks") for a in plan.actions)


def test_a_plan_that_gives_2_to_3_months_says_it_cuts_a_longer_planned_course() -> None:
    """12.5 weeks is within "2-3 months", so "2-3 months, not the more than 12 weeks planned" read as a
    contradiction: the cut is the 12 weeks linked to complications [53], said as such."""
    for planned, shown in ((16, "16"), (12.5, "12.5")):
        plan = recommend(changed(HIGH_RISK, planned_preop_weeks=planned))
        assert plan.strategy is PERIOP
        texts = [a.text for a in plan.actions]
        assert any(
            t.startswith("FOLFOX or CAPOX for 2-3 months")
            and t.endswith(
                ", and no more than 12 weeks (more were linked to complications): "
                f"fewer than the {shown} weeks planned."
            )
            for t in texts
        ), texts


# --- AHPBA's 3 months counts the weeks the plan gives ------------------------------------------------------


def ahpba_text(s: Scenario) -> str:
    readings = crlm_content.decision.guideline_readings_for(s)
    return next(r.text for r in readings if r.organisation == "ahpba")


def test_ahpba_line_does_not_count_weeks_a_surgery_first_plan_cancels() -> None:
    s = changed(LOW_RISK_SINGLE, planned_preop_weeks=16.0)
    assert recommend(s).strategy is Strategy.UPFRONT_RESECTION
    assert "16 weeks" not in ahpba_text(s)
    assert "within 3 months." in ahpba_text(s)


def test_ahpba_line_counts_given_and_planned_weeks_for_a_plan_that_gives_them() -> None:
    s = changed(
        fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=4.0, planned_preop_weeks=8.0
    )
    assert recommend(s).strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY
    assert "(here 12 weeks in all)" in ahpba_text(s)


def test_what_changes_names_the_weeks_that_complete_the_course_before_surgery() -> None:
    from crlm_content.timing import MAX_CHEMOTHERAPY_WEEKS

    s = changed(
        fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=6.0, initially_resectable=True
    )
    assert recommend(s).strategy is PERIOP
    weeks = [c for c in what_changes(s) if c.field == "prior_chemotherapy_weeks"]
    assert [c.strategy for c in weeks] == [PROCEED]
    assert weeks[0].condition.startswith(f"at least {MAX_CHEMOTHERAPY_WEEKS} weeks")


def test_after_chemotherapy_the_lens_says_its_rows_speak_of_the_choice_already_made() -> None:
    high_risk = fong_patient(("node", "interval", "cea"))
    after = changed(high_risk, prior_chemotherapy_weeks=30.0, initially_resectable=True)
    plan = recommend(after)
    assert plan.strategy is PROCEED
    strategy_step = next(step for step in plan.steps if step.key == "strategy")
    assert "speak of the choice before any chemotherapy, already made here" in strategy_step.reasoning
    before = recommend(high_risk)
    assert before.strategy is PERIOP
    assert "already made here" not in next(step for step in before.steps if step.key == "strategy").reasoning


# --- Conversion: what the board asks for names what is still missing ----------------------------------------


def test_the_testing_action_names_only_the_results_not_yet_known() -> None:
    unresectable = changed(patient(), complete_resection_possible=False)
    dmmr = recommend(changed(unresectable, msi_high_or_dmmr=True, ras_status="unknown", braf_v600e=None))
    assert [a.text for a in dmmr.actions if a.text.startswith("Test ")] == ["Test RAS and BRAF."]
    wild = recommend(changed(unresectable, ras_status="wild_type", braf_v600e=False, msi_high_or_dmmr=None))
    assert [a.text for a in wild.actions if a.text.startswith("Test ")] == ["Test mismatch repair."]


def test_conversion_with_a_remnant_too_small_grows_it_before_resecting() -> None:
    """One lobe: embolization, then resection. Both lobes: two stages, the first clearing the future remnant
    (the review's route [95]); never 'grow first, then resect' for a two-stage operation."""
    s = changed(patient(), complete_resection_possible=False, flr_percent=15.0)
    plan = recommend(s)
    assert plan.strategy is CONVERSION
    then = [a for a in plan.actions if a.phase == "then"]
    assert then[0].text.startswith(
        "Once all disease is removable, portal vein embolization to grow the remnant"
    )
    assert "flr-pve-insufficient-remnant" in then[0].evidence_ids
    reassess = [a.text for a in plan.actions if a.phase == "reassess"]
    # metachronous: the review's own interval (NCCN's row is on synchronous disease)
    assert reassess[0].startswith("Every 2-3 months") and "measure the remnant (CT volumetry)" in reassess[1]
    both = recommend(changed(s, bilobar=True))
    (operation,) = [a for a in both.actions if a.phase == "then"]
    assert "in two stages" in operation.text and "the first stage clears the future remnant" in operation.text
    assert {"flr-two-stage-strategy", "flr-pve-insufficient-remnant"} <= set(operation.evidence_ids)
    enough = recommend(changed(s, flr_percent=45.0))
    assert not any("remnant" in a.text for a in enough.actions)
    both_enough = recommend(changed(s, flr_percent=45.0, bilobar=True))  # two stages for the burden alone
    assert "two_stage_hepatectomy" in both_enough.flags
    assert any("in two stages" in a.text for a in both_enough.actions)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios())
def test_every_conversion_plan_says_when_to_reassess(s: Scenario) -> None:
    plan = recommend(s)
    assume(plan.strategy is CONVERSION)
    reassess = [a for a in plan.actions if a.phase == "reassess"]
    assert reassess and "timing-unresectable-reimaging" in reassess[0].evidence_ids
    # NCCN's every 2 months only where its row speaks: unresectable synchronous metastases
    assert ("table-2-nccn-reevaluation" in reassess[0].evidence_ids) is s.synchronous


def test_the_high_risk_cut_off_is_shown_as_a_convention_wherever_it_is_used() -> None:
    """The review names high risk without defining it; Fong's 3-or-more grouping is a convention
    (calculator definitions), so the step and the action that use it say so."""
    undecided = changed(
        LOW_RISK_SINGLE, cea_ng_ml=None, node_positive_primary=None, disease_free_interval_months=None
    )
    plan = recommend(undecided)
    step = next(s for s in plan.steps if s.key == "recurrence_risk")
    assert step.gap and "a convention" in step.gap and "does not say which score or cut-off" in step.gap
    find = [a.text for a in plan.actions if a.text.startswith("Find the")]
    assert find and "a convention" in find[0]
    given = recommend(changed(undecided, prior_chemotherapy_weeks=4.0, initially_resectable=True))
    given_gap = next(s for s in given.steps if s.key == "recurrence_risk").gap or ""
    assert "a convention" in given_gap and "no chemotherapy before surgery" in given_gap
    # where the plan never reaches the risk gate (unfit for surgery), the cut-off takes no part: no note
    unfit = recommend(changed(undecided, fit_for_surgery=False))
    assert "recurrence_risk" not in unfit.path
    assert not (next(s for s in unfit.steps if s.key == "recurrence_risk").gap or "")


def test_zero_weeks_given_is_no_chemotherapy_in_what_would_change() -> None:
    s = changed(fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=0.0)
    weeks = [c.condition for c in what_changes(s) if c.field == "prior_chemotherapy_weeks"]
    assert all("weeks of chemotherapy already given" not in condition for condition in weeks), weeks


def test_without_an_operation_no_weeks_are_counted_before_surgery() -> None:
    unfit = changed(
        LOW_RISK_SINGLE, fit_for_surgery=False, prior_chemotherapy_weeks=20.0, planned_preop_weeks=8.0
    )
    assert recommend(unfit).strategy is SYSTEMIC
    assert "weeks in all" not in ahpba_text(unfit)


def test_after_chemotherapy_the_rows_differing_raise_no_flag() -> None:
    after = changed(
        fong_patient(("node", "interval", "cea")), prior_chemotherapy_weeks=30.0, initially_resectable=True
    )
    plan = recommend(after)
    assert plan.strategy is PROCEED and "guidelines_disagree" not in plan.flags


def test_braf_is_asked_for_once_with_its_reason() -> None:
    unresectable = changed(patient(), complete_resection_possible=False)
    plan = recommend(changed(unresectable, ras_status="wild_type", braf_v600e=None, msi_high_or_dmmr=None))
    asks = [a.text for a in plan.actions if "BRAF" in a.text]
    assert asks == ["Test BRAF and mismatch repair: BRAF before any anti-EGFR antibody."]
    only_braf = recommend(
        changed(unresectable, ras_status="wild_type", braf_v600e=None, msi_high_or_dmmr=False)
    )
    assert [a.text for a in only_braf.actions if "BRAF" in a.text] == [
        "Test BRAF before any anti-EGFR antibody."
    ]


# --- A remnant that must grow first: prognosis still chooses the systemic therapy -------------------------


def augmentation(**changes: object) -> Scenario:
    """Resectable disease in one lobe but for a 15% remnant in a normal liver (under 20%)."""
    return patient(flr_percent=15, **changes)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (("node", "count", "size"), "FOLFOX or CAPOX before and after the resection"),  # Fong 3: high
        (("count",), "Chemotherapy after resection."),  # Fong 1
    ],
)
def test_a_remnant_to_grow_keeps_the_plan_for_prognosis(items: tuple[str, ...], expected: str) -> None:
    """The remnant gate used to end the plan at embolization and resection: a Fong 5 patient with no
    chemotherapy got no systemic therapy at all, while a 20% remnant would have given perioperative
    chemotherapy (ESMO [110]). The surgical answer still comes first."""
    s = changed(fong_patient(items), flr_percent=15)
    plan = recommend(s)
    assert plan.strategy is AUGMENT
    texts = [a.text for a in plan.actions]
    assert any(t.startswith(expected) for t in texts), texts
    surgical = next(i for i, t in enumerate(texts) if "embolization" in t)
    systemic = next(i for i, t in enumerate(texts) if t.startswith(expected))
    assert surgical < systemic
    same_with_a_remnant = recommend(changed(s, flr_percent=60)).strategy
    assert (same_with_a_remnant is PERIOP) == ("FOLFOX" in expected)


def test_a_remnant_to_grow_names_the_missing_risk_items() -> None:
    s = augmentation(node_positive_primary=None, cea_ng_ml=None, lesion_count=3)  # Fong 1 known, up to 3
    plan = recommend(s)
    assert "complete_risk_assessment" in plan.flags
    assert plan.actions[0].text.startswith("Find the node status and CEA")
    risk = next(step for step in plan.steps if step.key == "recurrence_risk")
    assert risk.gap and "convention" in risk.gap


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_remnant_augmentation_plan_says_what_chemotherapy_and_when(s: Scenario) -> None:
    plan = recommend(s)
    assume(plan.strategy is AUGMENT)
    chemotherapy = [a for a in plan.actions if "chemotherapy" in a.text.casefold() or "FOLFOX" in a.text]
    assert chemotherapy, [a.text for a in plan.actions]
    assert "short bridge" not in " ".join(step.finding + step.reasoning for step in plan.steps)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"node_positive_primary": True, "cea_ng_ml": 300}, "Mark them with fiducials before chemotherapy"),
        ({}, "No chemotherapy is planned before the resection"),
        ({"prior_chemotherapy_weeks": 8}, "may already be invisible"),
    ],
)
def test_a_remnant_to_grow_says_what_to_do_with_lesions_that_may_vanish(
    changes: dict[str, object], expected: str
) -> None:
    s = augmentation(
        lesion_count=3, largest_lesion_cm=6, smallest_lesion_cm=1, deepest_lesion_depth_cm=3, **changes
    )
    dlm = next(step for step in recommend(s).steps if step.key == "dlm")
    assert expected in dlm.finding


def test_a_conversion_plan_rechecks_a_borderline_remnant() -> None:
    """Conversion courses often run past 12 weeks; a 25% remnant meets a normal liver's 20% but not the
    more than 30% after extensive chemotherapy [93], so the plan measures it again before surgery."""
    s = unresectable(
        flr_percent=25,
        bilobar=False,
        ras_status="kras_mutant",
        braf_v600e=False,
        good_performance_status=True,
    )
    plan = recommend(s)
    assert plan.strategy is CONVERSION
    assert "remnant_recheck" in plan.flags
    assert "Measure the remnant again before surgery." in [a.text for a in plan.actions]
    roomy = recommend(changed(s, flr_percent=45))
    assert "remnant_recheck" not in roomy.flags


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"ras_status": "kras_mutant"}, "KRAS-mutant"),
        ({"ras_status": "nras_mutant"}, "NRAS-mutant"),
        ({"ras_status": "wild_type", "braf_v600e": True}, "BRAF V600E"),
    ],
)
def test_the_guideline_lens_reads_a_known_mutation_as_known(changes: dict[str, object], named: str) -> None:
    """NCCN's reading said "anti-EGFR only once KRAS, NRAS and BRAF are known wild-type" for a tumour whose
    mutation was known, as if a result were pending; AHPBA's called an anti-EGFR antibody reasonable for a
    BRAF V600E tumour. Synchronous: NCCN's row on unresectable disease speaks of synchronous metastases only
    (test_lens_metachronous_unresectable)."""
    s = unresectable(synchronous=True, disease_free_interval_months=0, **changes)
    nccn = reading(s, "nccn").text
    assert f"no anti-EGFR antibody ({named})" in nccn and "once KRAS" not in nccn
    ahpba = reading(s, "ahpba").text
    assert "is reasonable" not in ahpba


def test_anti_egfr_teaching_names_its_partners_and_the_silence_on_sidedness() -> None:
    """NCCN lists the antibodies with FOLFIRI, FOLFOX or FOLFOXIRI, not CAPOX [18]; the review does not
    discuss the side of the primary, which bears on the choice: a gap, not an invented rule."""
    step = recommend(unresectable(ras_status="wild_type", braf_v600e=False)).step("regimen")
    assert "anti_egfr_option" in step.flags
    assert "FOLFIRI, FOLFOX or FOLFOXIRI" in step.reasoning and "not with CAPOX" in step.reasoning
    assert step.gap and "side of the primary tumour" in step.gap
    mutant = recommend(unresectable(ras_status="kras_mutant")).step("regimen")
    assert not (mutant.gap and "side of the primary" in mutant.gap)


@PROPERTY_SETTINGS
@given(scenarios())
def test_a_remnant_to_grow_gives_the_systemic_therapy_of_the_same_patient_with_enough_remnant(
    s: Scenario,
) -> None:
    """Only the risk score was read: resectable extrahepatic disease or more than four lesions, which send
    the same patient with enough remnant to perioperative chemotherapy, got chemotherapy after resection."""
    plan = recommend(s)
    assume(plan.strategy is AUGMENT and not s.chemotherapy_given)
    roomy = recommend(changed(s, flr_percent=80)).strategy
    perioperative = any(a.text.startswith("FOLFOX or CAPOX before and after") for a in plan.actions)
    assert perioperative == (roomy is PERIOP), [a.text for a in plan.actions]
    if not perioperative and "complete_risk_assessment" not in plan.flags:  # after resection only: no weeks
        # counted before the operation either (an undecided risk keeps a planned course in view)
        assert "duration_over_12_weeks" not in plan.flags
        assert "chemotherapy that reduces the tumour load comes with" not in plan.step("strategy").reasoning


@pytest.mark.parametrize("changes", [{"extrahepatic_disease": "resectable"}, {"lesion_count": 8}])
def test_a_remnant_to_grow_follows_every_perioperative_gate(changes: dict[str, object]) -> None:
    plan = recommend(augmentation(**changes))
    assert plan.strategy is AUGMENT
    assert any(a.text.startswith("FOLFOX or CAPOX before and after the resection") for a in plan.actions)


def test_a_remnant_to_grow_with_the_risk_undecided_does_not_promise_no_chemotherapy() -> None:
    s = augmentation(node_positive_primary=None, cea_ng_ml=None, lesion_count=3, smallest_lesion_cm=1)
    dlm = recommend(changed(s, deepest_lesion_depth_cm=3)).step("dlm")
    assert "No chemotherapy is planned" not in dlm.finding and "Should chemotherapy come first" in dlm.finding


def test_a_remnant_to_grow_in_a_cirrhotic_liver_is_measured_against_its_own_threshold() -> None:
    s = changed(
        augmentation(liver_condition="cirrhosis", node_positive_primary=True, cea_ng_ml=300), flr_percent=35
    )
    plan = recommend(s)
    texts = [a.text for a in plan.actions]
    assert any("cirrhotic liver needs more than 40%" in t for t in texts) and not any(
        "30%" in t for t in texts
    )
    assert "cirrhotic liver" in (plan.step("regimen").gap or "")
    dmmr = recommend(changed(s, msi_high_or_dmmr=True))
    assert "neoadjuvant_immunotherapy_unsettled" in dmmr.flags


def test_the_lens_does_not_deny_the_position_the_strategy_cites() -> None:
    plan = recommend(augmentation(node_positive_primary=True, cea_ng_ml=300, lesion_count=3))
    reasoning = plan.step("strategy").reasoning
    assert "ESMO advises perioperative chemotherapy" in reasoning
    assert "No Table 2 organisation takes a position" not in reasoning


def test_a_conversion_plan_that_grows_the_remnant_measures_it_once() -> None:
    plan = recommend(unresectable(flr_percent=25, ras_status="kras_mutant"))
    assert "two_stage_hepatectomy" in plan.flags
    measures = [a.text for a in plan.actions if "measure the remnant" in a.text.casefold()]
    assert len(measures) == 1, measures


def test_the_injured_liver_flag_states_no_drug_rule() -> None:
    assert "avoid irinotecan" not in FLAG_INFO["liver_injury_caution"].label


def test_the_injured_liver_flag_does_not_blame_a_drug_the_patient_may_not_have_had() -> None:
    """'(irinotecan linked to liver failure)' beside a liver injured by 26 weeks of FOLFOX read as if the
    injury were irinotecan's. The Rationale ties irinotecan to steatohepatitis with more liver insufficiency
    after surgery [20-22] and oxaliplatin to sinusoidal injury [19]: the label says the former as a fact of
    irinotecan, apart from the caution about this liver."""
    label = FLAG_INFO["liver_injury_caution"].label
    caution, _, irinotecan = label.partition("; ")
    assert caution == "injured liver: keep chemotherapy short"
    assert irinotecan.startswith("irinotecan's steatohepatitis is linked to liver failure after surgery")
    record = catalog().get("rationale-irinotecan-steatohepatitis").statement
    assert "steatohepatitis" in record and "postoperative liver insufficiency" in record
    folfox_only = recommend(patient(liver_condition="chemotherapy_or_steatosis", prior_chemotherapy_weeks=26))
    assert "liver_injury_caution" in folfox_only.flags


@PROPERTY_SETTINGS
@given(scenarios())
def test_a_remnant_plan_with_chemotherapy_first_does_not_also_ask_the_risk_score_to_decide(
    s: Scenario,
) -> None:
    """With resectable extrahepatic disease the plan gave FOLFOX or CAPOX before and after, yet its first
    action asked for the missing risk items because 3 or more "would favour perioperative chemotherapy"."""
    plan = recommend(s)
    assume(plan.strategy is AUGMENT)
    if any(a.text.startswith("FOLFOX or CAPOX before and after") for a in plan.actions):
        assert "complete_risk_assessment" not in plan.flags
        assert "the missing items decide" not in plan.step("recurrence_risk").finding


def test_a_remnant_plan_with_the_risk_undecided_keeps_the_planned_weeks_in_view() -> None:
    s = augmentation(node_positive_primary=None, cea_ng_ml=None, lesion_count=3, planned_preop_weeks=16)
    plan = recommend(s)
    assert "not given: this plan has no more chemotherapy" not in plan.step("timing").finding
    assert "duration_over_12_weeks" in plan.flags  # if the course comes first, 16 weeks is over 12
    assert any("if chemotherapy comes first, after it" in a.text for a in plan.actions)


def test_the_remnant_plan_s_lens_does_not_claim_the_rows_agree() -> None:
    summary = recommend(augmentation(synchronous=True, disease_free_interval_months=None)).step("strategy")
    assert "on which the Table 2 rows differ" in summary.reasoning


def test_what_would_change_a_remnant_plan_s_chemotherapy_is_listed() -> None:
    texts = [change.text for change in what_changes(augmentation())]
    assert (
        "With resectable extrahepatic disease: chemotherapy before and after the resection becomes an option."
        in texts
    )


def test_a_remnant_plan_after_chemotherapy_keeps_the_dmmr_note_and_the_cirrhosis_gap() -> None:
    s = changed(
        augmentation(liver_condition="cirrhosis", msi_high_or_dmmr=True, prior_chemotherapy_weeks=6),
        flr_percent=35,
    )
    plan = recommend(s)
    assert plan.strategy is AUGMENT
    assert "neoadjuvant_immunotherapy_unsettled" in plan.flags
    assert "cirrhotic liver" in (plan.step("regimen").gap or "")


def test_a_dmmr_conversion_plan_is_pembrolizumab_first_with_chemotherapy_as_the_alternative() -> None:
    """The plan for unresectable dMMR disease started with pembrolizumab, then said 'once chemotherapy has
    shrunk the disease', quoted the chemotherapy conversion rate as its own and listed FOLFOXIRI and
    bevacizumab (BECOME) as if given with it."""
    plan = recommend(unresectable(msi_high_or_dmmr=True, ras_status="kras_mutant"))
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    assert "immunotherapy_preferred" in plan.flags
    texts = [a.text for a in plan.actions] + [s.reasoning for s in plan.steps]
    assert not [t for t in texts if "once chemotherapy has shrunk" in t.casefold()]
    assert any(a.text.startswith("Once pembrolizumab has shrunk") for a in plan.actions)
    steps = {s.key: s for s in plan.steps}
    assert "for a patient not given pembrolizumab" in steps["regimen"].reasoning
    assert "none for conversion with pembrolizumab" in steps["strategy"].reasoning
    # an MMR-proficient patient keeps the chemotherapy wording
    proficient = recommend(unresectable(ras_status="kras_mutant"))
    assert any(a.text.startswith("Once chemotherapy has shrunk") for a in proficient.actions)


# --- From a tumour-board read of the walkthrough (session 17) ---------------------------------------------


def test_a_resectable_plan_with_missing_score_items_says_so_instead_of_no_high_risk_features() -> None:
    plan = recommend(patient(node_positive_primary=None, cea_ng_ml=None, disease_free_interval_months=None))
    assert plan.strategy is UPFRONT and "complete_risk_assessment" in plan.flags
    reasoning = plan.step("strategy").reasoning
    assert "no high-risk features" not in reasoning
    assert "from the items known (the missing ones could still reach the high-risk group" in reasoning


def test_an_adverse_mutation_in_resectable_disease_is_named_with_the_reviews_silence() -> None:
    """BRAF V600E was "the shortest recurrence-free survival" in one step and "no high-risk features" in the
    next: the mutation is outside the clinical score, and the review gives no rule on it [59]."""
    for changes, named in (
        ({"braf_v600e": True}, "The BRAF V600E mutation adds"),
        ({"ras_status": "kras_mutant"}, "The KRAS mutation adds"),
        ({"ras_status": "kras_mutant", "braf_v600e": True}, "The KRAS mutation and BRAF V600E mutation add"),
    ):
        plan = recommend(patient(**changes))
        step = plan.step("strategy")
        assert plan.strategy is UPFRONT and named in step.reasoning
        assert step.gap is not None and "no rule on whether a RAS or BRAF mutation" in step.gap
        assert "risk-scores-ras-based-scores" in step.evidence_ids
    wild = recommend(patient(ras_status="wild_type", braf_v600e=False)).step("strategy")
    assert "adverse prognosis" not in wild.reasoning and wild.gap is None
    assert (
        "A BRAF mutation carried the shortest"
        in recommend(patient(braf_v600e=True)).step("molecular").reasoning
    )


def test_several_lesions_with_only_the_largest_sized_leave_the_small_ones_unchecked() -> None:
    plan = recommend(unresectable(lesion_count=8, bilobar=True, largest_lesion_cm=3, smallest_lesion_cm=None))
    finding = plan.step("dlm").finding
    assert "the smaller lesions' sizes" in finding and "not checked" in finding
    one = recommend(patient(lesion_count=1, largest_lesion_cm=3, smallest_lesion_cm=None))
    assert "smaller lesions" not in one.step("dlm").finding  # one lesion: its size is all there is


def test_an_unfit_patient_is_not_told_resectable_now_nor_that_the_guidelines_lean_to_surgery() -> None:
    plan = recommend(patient(fit_for_surgery=False))
    assert plan.strategy is SYSTEMIC
    assert plan.resectability_summary.startswith("The disease is resectable, but the patient is not fit")
    assert "guidelines_disagree" not in plan.flags
    readings = crlm_content.decision.guideline_readings_for(patient(fit_for_surgery=False))
    assert {r.leaning for r in readings} == {"not_stated"}
    nccn = next(r for r in readings if r.organisation == "nccn")
    assert "local therapy" in nccn.text
    assert "local therapy" in (plan.step("strategy").gap or "")
    synchronous = recommend(patient(fit_for_surgery=False, synchronous=True, disease_free_interval_months=0))
    assert "local therapy" not in (synchronous.step("strategy").gap or "")  # the metachronous row only
    # the plan itself asks the question before systemic therapy, citing the row that names it
    first = [a for a in plan.actions if a.phase == "first"]
    assert first[0].text.startswith("Ask the team whether local therapy fits")
    assert first[0].evidence_ids == ("table-2-nccn-resectable-metachronous",)
    assert not any("local therapy" in a.text for a in synchronous.actions)
    unresectable_unfit = recommend(unresectable(fit_for_surgery=False))
    assert not any("local therapy" in a.text for a in unresectable_unfit.actions)


def test_a_liver_only_conversion_plan_names_liver_directed_chemotherapy_and_its_cautions() -> None:
    step = recommend(unresectable()).step("strategy")
    assert "hepatic arterial infusion" in step.reasoning and "technical failure" in step.reasoning
    assert {"intra-arterial-hai-outcomes", "intra-arterial-debiri-outcomes"} <= set(step.evidence_ids)
    assert step.gap is not None and "liver-directed chemotherapy" in step.gap
    extrahepatic = recommend(unresectable(extrahepatic_disease="resectable")).step("strategy")
    assert "hepatic arterial infusion" not in extrahepatic.reasoning


def test_oxaliplatin_injury_is_quoted_for_mortality_not_liver_failure() -> None:
    reasoning = recommend(patient(lesion_count=3, bilobar=True, flr_percent=15)).step("regimen").reasoning
    assert "usually does not raise postoperative mortality unless severe" in reasoning
    assert "FOLFOX gave no more response after 9 cycles, and more liver insufficiency" in reasoning


def test_the_margin_step_gives_both_sides_of_the_width_question() -> None:
    step = recommend(patient()).step("margins")
    assert "disputed" in step.reasoning and "over 10 mm with better survival" in step.reasoning
    assert "margins-meta-analysis-wide-margin" in step.evidence_ids


def test_a_short_margin_in_a_conversion_plan_is_for_the_later_resection() -> None:
    plan = recommend(unresectable(expected_margin_mm=0))
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    first = [a.text for a in plan.actions if a.phase == "first"]
    assert not any("margin" in t for t in first)
    then = [a.text for a in plan.actions if a.phase == "then"]
    resect = next(i for i, t in enumerate(then) if "resect" in t.lower())
    margin = next(i for i, t in enumerate(then) if "margin of at least 1 mm" in t)
    assert resect < margin


def test_a_dmmr_conversion_plan_marks_lesions_before_treatment_not_chemotherapy() -> None:
    plan = recommend(unresectable(msi_high_or_dmmr=True, smallest_lesion_cm=1))
    assert "fiducials before treatment" in plan.step("dlm").finding
    assert "before chemotherapy" not in plan.step("dlm").finding


def test_what_would_change_says_one_lesion() -> None:
    s = patient(node_positive_primary=True, disease_free_interval_months=6)  # Fong 3 with two tumours
    lesions = [c for c in crlm_content.decision.what_changes(s) if c.field == "lesion_count"]
    assert [c.condition for c in lesions] == ["1 lesion"]  # was "1 lesions"


def test_beside_pembrolizumab_first_the_chemotherapy_options_say_whom_they_are_for() -> None:
    plan = recommend(unresectable(msi_high_or_dmmr=True, ras_status="wild_type", braf_v600e=False))
    labels = plan.option_labels()
    assert "pembrolizumab first (dMMR/MSI-H)" in labels
    others = [label for label in labels if not label.startswith("pembrolizumab")]
    assert others and all(label.endswith("(if not given pembrolizumab)") for label in others)
    scenario = unresectable(msi_high_or_dmmr=True, ras_status="wild_type", braf_v600e=False)
    handout = crlm_content.decision.handout_markdown(scenario, plan, crlm_content.get_catalog())
    assert "(if not given pembrolizumab)" in handout
    proficient = recommend(unresectable(ras_status="wild_type", braf_v600e=False)).option_labels()
    assert not any("pembrolizumab" in label for label in proficient)


def test_values_on_a_cut_off_are_written_as_typed_not_rounded_onto_it() -> None:
    """11.999 months read '12 months after the primary' beside a Fong point for an interval under 12; 5.0001
    cm read 'largest 5 cm' beside a point for over 5 cm; 12.0001 weeks read '12 weeks ..., more than 12';
    3.9999 weeks read '4 weeks after the last chemotherapy, under 4'; the handout listed 12 months."""
    s = patient(
        disease_free_interval_months=11.999,
        largest_lesion_cm=5.0001,
        planned_preop_weeks=12.0001,
        weeks_from_last_chemotherapy_to_surgery=3.9999,
    )
    plan = recommend(s)
    presentation = plan.step("presentation").finding
    assert "11.999 months after the primary" in presentation and "largest 5.0001 cm" in presentation
    timing = plan.step("timing").finding
    assert "12.0001 weeks of chemotherapy before surgery in all, more than 12" in timing
    assert "surgery 3.9999 weeks after the last chemotherapy, under 4" in timing
    handout = crlm_content.decision.handout_markdown(s, plan, crlm_content.get_catalog())
    assert "Disease-free interval (months): 11.999 months" in handout


def test_a_dmmr_conversion_plan_times_pembrolizumab_without_chemotherapy_s_cycle_limit() -> None:
    """The plan starts a dMMR patient on pembrolizumab, yet its timing step gave FOLFOX's cycle limit as the
    plan's pace, as if chemotherapy were the treatment; the review gives no limit for pembrolizumab."""
    dmmr = recommend(unresectable(msi_high_or_dmmr=True))
    assert dmmr.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    assert "pembrolizumab first" in dmmr.step("regimen").reasoning
    reasoning = dmmr.step("timing").reasoning
    assert "no limit for pembrolizumab before surgery" in reasoning
    assert "if chemotherapy is given instead, after 9 cycles FOLFOX" in reasoning
    assert "timing-folfox-9-cycles" in dmmr.step("timing").evidence_ids
    proficient = recommend(unresectable(msi_high_or_dmmr=False)).step("timing").reasoning
    assert "pembrolizumab" not in proficient and "resectable: after 9 cycles FOLFOX" in proficient


def test_pembrolizumab_first_is_the_first_option_and_no_badge_repeats_the_plan_s_title() -> None:
    """The badges read 'bevacizumab (if not given pembrolizumab)' before 'pembrolizumab first', and a
    perioperative plan, titled chemotherapy before and after resection, had a badge saying so again."""
    dmmr = recommend(unresectable(msi_high_or_dmmr=True, ras_status="wild_type", braf_v600e=False))
    labels = dmmr.option_labels()
    assert labels[0] == "pembrolizumab first (dMMR/MSI-H)" and len(labels) > 1
    perioperative = recommend(patient(lesion_count=5))
    assert perioperative.strategy is PERIOP and "chemotherapy_around_resection" in perioperative.flags
    assert "chemotherapy before and after the resection" not in perioperative.option_labels()
    around = recommend(augmentation(extrahepatic_disease="resectable"))
    assert around.strategy is AUGMENT and "chemotherapy_around_resection" in around.flags
    assert "chemotherapy before and after the resection" in around.option_labels()  # not in that title


NUMBER_WORDS = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}


def _figures(text: str) -> set[float]:
    words = re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower())
    return {
        float(w) if w[0].isdigit() else NUMBER_WORDS[w] for w in words if w[0].isdigit() or w in NUMBER_WORDS
    }


def test_every_figure_on_the_pathway_map_is_cited_or_said_to_be_a_convention() -> None:
    """The map's questions state two segments, 12 weeks, a score under 3 and four lesions with no citation:
    each figure now comes with the records that hold it, or a note where it is a convention."""
    figures = crlm_content.decision.pathway_figures()
    cited = {question for question, _, _ in figures}
    for gate in GATES:
        stated = _figures(gate.question)
        if not stated:
            continue
        assert gate.question in cited, gate.question
        held = {
            number
            for record_id in gate.evidence_ids
            for value in catalog().get(record_id).values
            for number in (value.value, value.high)
            if number is not None
        }
        assert stated <= held or gate.note, (gate.question, stated, held)


@PROPERTY_SETTINGS
@given(scenarios())
def test_a_change_that_states_a_figure_cites_the_rule_it_crosses(s: Scenario) -> None:
    """'with: a remnant below 20%' and '5 lesions' stood uncited on the What would change it tab."""
    for change in what_changes(s):
        if change.field in ("braf_v600e",) or not _figures(change.condition):
            continue
        assert change.evidence_ids, change.condition
        for record_id in change.evidence_ids:
            catalog().get(record_id)


def test_the_lens_summary_says_leans_for_one_row_named_and_lean_for_several() -> None:
    """A synchronous patient with an easy resection read "Expert Group 2015 lean to surgery first": the verb
    follows the number of rows the summary names in each group."""
    s = patient(synchronous=True, disease_free_interval_months=None, resection_easy=True)
    readings = crlm_content.decision.guideline_readings_for(s)
    surgery = [r.label for r in readings if r.leaning == "surgery_first"]
    chemotherapy = [r.label for r in readings if r.leaning == "chemotherapy_first"]
    assert surgery == ["Expert Group 2015"] and len(chemotherapy) > 1  # the rows differ for this patient
    summary = crlm_content.decision.lens_summary(readings, recommend(s).strategy)
    assert "Expert Group 2015 leans to surgery first" in summary
    named = ", ".join(chemotherapy[:-1]) + " and " + chemotherapy[-1]  # "a, b and c", as written
    assert f"{named} lean to chemotherapy before surgery" in summary
    assert "Expert Group 2015 lean to" not in summary


def test_the_lens_summary_speaks_of_one_organisation_in_the_singular() -> None:
    """Where one row alone takes a position, the summary does not say "the organisations ... agree"."""
    rows = (
        GuidelineReading(
            organisation="nccn",
            label="NCCN 2020",
            leaning="surgery_first",
            text="",
            inputs=(),
            evidence_ids=("table-2-nccn-resectable-metachronous",),
        ),
        GuidelineReading(
            organisation="asco",
            label="ASCO 2020",
            leaning="not_stated",
            text="",
            inputs=(),
            evidence_ids=("table-2-asco-mdt",),
        ),
    )
    summary = crlm_content.decision.lens_summary
    assert summary(rows, UPFRONT) == (
        "The only Table 2 organisation that takes a position agrees with this plan (NCCN 2020)."
    )
    assert summary(rows, PERIOP).startswith(
        "The only Table 2 organisation that takes a position leans to surgery first (NCCN 2020), unlike"
    )
    assert summary(rows, PROCEED).endswith(
        "The only Table 2 organisation that takes a position leans to surgery first (NCCN 2020)."
    )
    two = (rows[0], rows[0].model_copy(update={"organisation": "esmo", "label": "ESMO 2016"}))
    assert summary(two, UPFRONT) == (
        "The Table 2 organisations that take a position agree with this plan (NCCN 2020, ESMO 2016)."
    )


def test_an_option_a_row_allows_is_no_lean_in_the_lens_summary_or_the_disagreement_flag() -> None:
    """NCCN's synchronous 'can consider' (caveat 10) allows chemotherapy first without preferring it: the lens
    shows it as such, not as 'no position', and counts it as a lean neither way."""
    allowed = GuidelineReading(
        organisation="nccn",
        label="NCCN 2020",
        leaning="allowed_option",
        text="",
        inputs=(),
        evidence_ids=("table-2-nccn-resectable-synchronous",),
    )
    chemotherapy = allowed.model_copy(
        update={
            "organisation": "esmo",
            "label": "ESMO 2016",
            "leaning": "chemotherapy_first",
            "evidence_ids": ("table-2-esmo-resectable-synchronous",),
        }
    )
    summary = crlm_content.decision.lens_summary
    disagree = crlm_content.decision.readings_disagree
    both = (allowed, chemotherapy)
    assert summary(both, PERIOP) == (
        "The only Table 2 organisation that takes a position agrees with this plan (ESMO 2016)."
    )
    assert not disagree(both, PERIOP) and disagree(both, UPFRONT)
    assert summary((allowed,), UPFRONT) == "No Table 2 organisation takes a position for this patient."
    assert not disagree((allowed,), UPFRONT) and not disagree((allowed,), PERIOP)
    (shown,) = crlm_content.decision.reading_rows((allowed,), catalog())[:1]
    assert "allowed" in str(shown["Leans to"]) and "not preferred" in str(shown["Leans to"])
    # a synchronous patient: NCCN's row allows chemotherapy first, and the summary does not count it
    s = patient(synchronous=True, disease_free_interval_months=None)
    nccn = next(r for r in guideline_readings_for(s) if r.organisation == "nccn")
    assert nccn.leaning == "allowed_option"
    assert "NCCN" not in crlm_content.decision.lens_summary(guideline_readings_for(s), recommend(s).strategy)


@PROPERTY_SETTINGS
@given(scenarios())
def test_the_lens_summary_verb_agrees_with_the_rows_it_names(s: Scenario) -> None:
    readings = crlm_content.decision.guideline_readings_for(s)
    summary = crlm_content.decision.lens_summary(readings, recommend(s).strategy)
    groups: dict[str, list[str]] = {}
    for r in readings:
        if r.leaning not in ("not_stated", "allowed_option"):  # the rows that take a side
            groups.setdefault(r.leaning, []).append(r.label)
    for names in groups.values():
        if len(names) == 1:
            assert f"{names[0]} lean to" not in summary, summary
    assert "organisation that take " not in summary and "organisations that takes " not in summary, summary
    assert not re.search(r"organisation that takes a position (lean|agree) ", summary), summary


def test_the_handout_carries_the_plan_s_notes_and_cites_the_changes_figures() -> None:
    """The screen's grey note badges (a convention, the guideline lens) were missing from the handout, and
    'With a remnant below 20%' stood there without its reference."""
    handout = crlm_content.decision.handout_markdown
    seen_note = False
    for preset in load_presets(catalog()):
        plan = recommend(preset.scenario)
        text = handout(preset.scenario, plan, catalog())
        for flag in plan.flags_of("note"):
            seen_note = True
            assert crlm_content.decision.sentence_case(FLAG_INFO[flag].label) in text, (preset.key, flag)
        for change in what_changes(preset.scenario):
            if change.evidence_ids:
                line = next(line for line in text.splitlines() if line.startswith(f"- {change.text}"))
                # a bracket, or the review's own text said in words (search.REVIEW_OWN, REVIEW_OWN_TOO)
                assert line.rstrip().endswith(("]", f"({REVIEW_OWN})", REVIEW_OWN_TOO)), line
    assert seen_note


# --- second board review (session 18): what-changes, intervals, two stages, handout, wording ----------------


def test_what_changes_lists_pembrolizumab_first_and_the_others_for_a_patient_not_given_it() -> None:
    s = patient(lesion_count=6, bilobar=True, ras_status="wild_type", braf_v600e=False, msi_high_or_dmmr=True)
    conversion = next(c for c in what_changes(s) if c.condition == "liver disease that cannot all be removed")
    labels = conversion.effect.split("; ")[1:]
    assert labels[0] == "pembrolizumab first (dMMR/MSI-H) becomes an option"
    gained = [text for text in labels if text.endswith("becomes an option")][1:]
    assert gained and all("(if not given pembrolizumab) becomes an option" in text for text in gained)


def test_intervals_since_a_last_dose_are_not_used_where_no_chemotherapy_is_given() -> None:
    """An upfront plan warned 'bevacizumab stopped less than 5 weeks before surgery' for one given none."""
    for gap in (
        {"weeks_from_last_bevacizumab_to_surgery": 4.9},
        {"weeks_from_last_chemotherapy_to_surgery": 3.9},
    ):
        plan = recommend(patient(lesion_count=1, **gap))
        assert plan.strategy is UPFRONT
        assert not {"bevacizumab_washout_short", "interval_under_4_weeks"} & plan.flags
        assert "The weeks entered since a last dose are not used" in plan.step("timing").finding
    given = recommend(patient(lesion_count=5, weeks_from_last_chemotherapy_to_surgery=3.9))
    assert "interval_under_4_weeks" in given.flags  # chemotherapy before this operation: the gap counts


def test_a_two_stage_route_names_embolization_only_where_the_remnant_is_too_small() -> None:
    ample = recommend(unresectable(lesion_count=6, bilobar=True, flr_percent=60))
    text = next(a.text for a in ample.actions if "two stages" in a.text)
    assert "with portal vein embolization if it is too small" in text and "to grow it" not in text
    small = recommend(unresectable(lesion_count=6, bilobar=True, flr_percent=15))
    if "two_stage_hepatectomy" in small.flags and "portal_vein_embolization" in small.flags:
        assert any("with portal vein embolization to grow it" in a.text for a in small.actions)


def test_four_lesions_cite_the_low_risk_gloss_not_fong() -> None:
    s = patient(lesion_count=5, disease_free_interval_months=24, node_positive_primary=False, cea_ng_ml=5)
    four = next(c for c in what_changes(s) if c.field == "lesion_count")
    assert four.condition == "4 lesions" and four.evidence_ids == ("guidelines-upfront-resection-low-risk",)


def test_the_handout_writes_empty_boxes_as_the_plan_reads_them() -> None:
    s = patient(synchronous=True, disease_free_interval_months=None)
    lines = crlm_content.decision.patient_lines(s)
    assert "Chemotherapy already given for these metastases (weeks): none" in lines
    assert any(line.endswith("Disease-free interval (months): 0 months (synchronous)") for line in lines)


def test_the_changes_and_the_operative_risk_reason_read_as_prose() -> None:
    weeks = patient(lesion_count=1, flr_percent=25, prior_chemotherapy_weeks=11.9)
    texts = [c.condition for c in what_changes(weeks) if c.field == "prior_chemotherapy_weeks"]
    assert not any(t.startswith(("above", "below")) for t in texts), texts
    wild = unresectable(ras_status="wild_type", braf_v600e=False)
    assert "an NRAS-mutant tumour" in [c.condition for c in what_changes(wild) if c.field == "ras_status"]
    strategy = recommend(patient(lesion_count=1, high_operative_risk=True, prior_chemotherapy_weeks=4))
    reasoning = strategy.step("strategy").reasoning
    assert "here operative risk called high)" in reasoning and "more lesions" not in reasoning


# --- a resident's read of the walkthrough (session 19): what would change it, the course begun -----------


def test_a_synchronous_patient_made_metachronous_is_worded_with_the_interval_that_changes_it() -> None:
    """Synchronous, node-positive, two lesions: Fong 3 (node, interval 0 under 12 months, more than one
    tumour [57]), so perioperative chemotherapy. Made metachronous, the interval point goes only with an
    interval of 12 months or more (Fong 2, low operative risk: upfront resection [57, 18]); under 12 it stays,
    and 'metachronous metastases' alone read as if the interval no longer counted."""
    s = Scenario(
        synchronous=True,
        disease_free_interval_months=0,
        lesion_count=2,
        largest_lesion_cm=3,
        smallest_lesion_cm=1.5,
        node_positive_primary=True,
        cea_ng_ml=50,
        flr_percent=65,
        resection_easy=True,
    )
    assert recommend(s).strategy is PERIOP
    assert recommend(changed(s, synchronous=False, disease_free_interval_months=11.99)).strategy is PERIOP
    timing = [c for c in what_changes(s) if c.field == "synchronous"]
    assert [c.condition for c in timing] == [
        "metachronous metastases after a disease-free interval of 12 months or more"
    ]
    assert timing[0].strategy is UPFRONT
    assert timing[0].evidence_ids == ("risk-scores-fong-review-items",)
    # where the interval cannot matter (Fong 0 either way), metachronous is the whole change, or none
    single = patient(synchronous=True, disease_free_interval_months=None, lesion_count=1)
    assert not any(" interval " in c.condition for c in what_changes(single) if c.field == "synchronous")


def test_chemotherapy_already_given_beside_a_remnant_to_grow_is_not_said_to_stop_chemotherapy() -> None:
    """A remnant to grow in a high-risk patient: a course before and after the resection (ESMO [110]). With
    chemotherapy already given the plan counts it (ASCO [108]) and still completes the course after surgery;
    the change read 'chemotherapy before and after the resection no longer an option'."""
    s = Scenario(
        synchronous=False,
        disease_free_interval_months=10,
        lesion_count=6,
        largest_lesion_cm=4,
        smallest_lesion_cm=1,
        bilobar=True,
        flr_percent=18,
        node_positive_primary=True,
        cea_ng_ml=30,
        ras_status="wild_type",
        braf_v600e=False,
        msi_high_or_dmmr=False,
        good_performance_status=True,
    )
    assert recommend(s).strategy is AUGMENT and "chemotherapy_around_resection" in recommend(s).flags
    given = recommend(changed(s, prior_chemotherapy_weeks=8))
    assert given.strategy is AUGMENT
    # metachronous: no total duration (the Expert Group's is for synchronous metastases), and the review's
    # perioperative course, 2-3 months on each side of the operation, named after it
    assert any("again after it" in a.text for a in given.actions)
    change = next(c for c in what_changes(s) if c.condition == "chemotherapy already given")
    assert change.lost == ("chemotherapy_around_resection",)
    assert "no longer an option" not in change.text
    assert "takes what was given into account" in change.text
    # a change that does take the course away (no operation planned) still says so
    unfit = next(c for c in what_changes(s) if c.field == "fit_for_surgery")
    assert "chemotherapy before and after the resection no longer an option" in unfit.text


def test_a_proficient_tumour_is_named_in_the_glossary_s_words() -> None:
    """'a proficient (MSS) tumour': 'proficient' alone names nothing; the change names the tumour as the
    glossary's pMMR entry does (mismatch-repair-proficient)."""
    s = unresectable(msi_high_or_dmmr=True, ras_status="kras_mutant")
    change = next(c for c in what_changes(s) if c.field == "msi_high_or_dmmr")
    assert change.condition == "a mismatch-repair-proficient tumour"
    assert "immunotherapy_preferred" in change.lost
    assert catalog().glossary_index["mismatch-repair-proficient"].term == "pMMR"


def test_a_course_begun_with_score_items_missing_says_what_is_known_of_the_risk() -> None:
    """Interval 6 months and three lesions: Fong 2 known, 4 at most with node status and CEA missing [57].
    The strategy said 'no high-risk feature known' beside 'at least 2 and at most 4 of 5'."""
    s = Scenario(
        synchronous=False,
        disease_free_interval_months=6,
        lesion_count=3,
        largest_lesion_cm=4,
        flr_percent=50,
        prior_chemotherapy_weeks=10,
        initially_resectable=True,
        ras_status="wild_type",
    )
    plan = recommend(s)
    assert plan.strategy is PROCEED and plan.path[-1] == "chemotherapy_started"
    reasoning = plan.step("strategy").reasoning
    assert "no high-risk feature" not in reasoning
    assert "not known to be in the high-risk group (clinical risk score 2-4 of 5" in reasoning
    assert "node status and CEA not given" in reasoning
    assert "risk-scores-fong-review-items" in plan.step("strategy").evidence_ids
    known = recommend(changed(s, node_positive_primary=False, cea_ng_ml=5)).step("strategy")  # Fong 2
    assert "a clinical risk score under 3: the review's summary" in known.reasoning


# --- progression on chemotherapy (Rationale; Table 1 advantage 4, disadvantage 2) -------------------------

PROGRESSED = Strategy.PROGRESSED_ON_CHEMOTHERAPY


def test_disease_that_progressed_on_chemotherapy_does_not_go_on_to_resection() -> None:
    """Chemotherapy first gives time to find disease that progresses fast and would not gain from a morbid
    operation; local progression that prevents resection is one of its drawbacks (Table 1). What follows is
    not in the review: the team decides."""
    for s in (
        patient(prior_chemotherapy_weeks=10, initially_resectable=True),  # would proceed to resection
        changed(HIGH_RISK, prior_chemotherapy_weeks=6),  # would complete a perioperative course
        unresectable(prior_chemotherapy_weeks=8),  # would go on with conversion
        patient(prior_chemotherapy_weeks=8, flr_percent=15),  # would grow the remnant
    ):
        assert recommend(s).strategy is not PROGRESSED
        plan = recommend(changed(s, progression_on_chemotherapy=True))
        assert plan.strategy is PROGRESSED
        assert not [a for a in plan.actions if a.text.startswith(("Resect", "Schedule the resection"))]
        assert not plan.flags & {"portal_vein_embolization", "two_stage_hepatectomy", *OPTION_FLAGS}
        step = plan.step("strategy")
        assert {"table-1-advantage-4", "table-1-disadvantage-2"} <= set(step.evidence_ids)
        assert step.gap is not None and "the team decides" in step.gap
        assert any("the review gives no rule" in a.text for a in plan.actions)
        for text in [a.text for a in plan.actions] + [x.reasoning for x in plan.steps]:
            check_text(text)


def test_after_chemotherapy_with_progression_not_stated_the_resection_waits_for_restaging() -> None:
    s = patient(prior_chemotherapy_weeks=10, initially_resectable=True)
    resect = [a for a in recommend(s).actions if a.text.startswith("Schedule the resection")]
    assert resect and "only if restaging shows no progression" in resect[0].text
    assert "table-1-disadvantage-2" in resect[0].evidence_ids
    said_no = recommend(changed(s, progression_on_chemotherapy=False))
    assert said_no.strategy is PROCEED
    assert not [a for a in said_no.actions if "restaging shows no progression" in a.text]
    untreated = recommend(patient())  # no chemotherapy given: nothing to have progressed on
    assert not [a for a in untreated.actions if "progression" in a.text]


def test_progression_is_asked_only_after_chemotherapy_and_changes_what_would_change_it() -> None:
    scenario, errors = validate_scenario(patient().model_dump() | {"progression_on_chemotherapy": True})
    assert scenario is None and errors[0].startswith("Disease progressed on that chemotherapy")
    s = patient(prior_chemotherapy_weeks=10, initially_resectable=True)
    change = next(c for c in what_changes(s) if c.field == "progression_on_chemotherapy")
    assert change.condition == "disease that progressed on the chemotherapy given"
    assert change.strategy is PROGRESSED
    back = next(
        c
        for c in what_changes(changed(s, progression_on_chemotherapy=True))
        if c.field == "progression_on_chemotherapy"
    )
    assert back.strategy is PROCEED


def test_progression_travels_in_the_link_and_the_handout() -> None:
    from crlm_content.decision import handout_markdown, scenario_to_state, state_to_data

    s = patient(prior_chemotherapy_weeks=10, progression_on_chemotherapy=True)
    state = scenario_to_state(s)
    assert state["progression_on_chemotherapy"] == "yes"
    assert Scenario.model_validate(state_to_data(state)) == s
    field = next(
        f for f in crlm_content.decision.scenario_query_fields() if f.name == "progression_on_chemotherapy"
    )
    assert field.default == "unknown"
    text = handout_markdown(s, recommend(s), catalog())
    assert "Disease progressed on that chemotherapy (at restaging): yes" in text


def test_the_lens_of_a_plan_after_progression_says_no_row_speaks_of_it() -> None:
    """The Guideline lens tab listed Table 2's leanings for a patient whose disease progressed on
    chemotherapy as if they answered that plan; the map's lens already said none does."""
    from crlm_content.decision import guideline_readings_for, lens_summary

    s = patient(prior_chemotherapy_weeks=10, initially_resectable=True, progression_on_chemotherapy=True)
    plan = recommend(s)
    assert plan.strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
    summary = lens_summary(guideline_readings_for(s), plan.strategy)
    assert summary.startswith("Table 2's rows speak of the choice before any chemotherapy; none speaks of")
    assert "Below, the rows as read for that first choice." in summary


def test_the_handout_s_guideline_lens_opens_as_the_tab_does() -> None:
    """After progression on chemotherapy the printed handout listed Table 2's leanings under a 'No resection
    now' plan with no word that no row speaks of progression; the tab has said so first since beace4c."""
    from crlm_content.decision import guideline_readings_for, handout_markdown, lens_summary

    s = patient(prior_chemotherapy_weeks=10, initially_resectable=True, progression_on_chemotherapy=True)
    plan = recommend(s)
    assert plan.strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
    text = handout_markdown(s, plan, crlm_content.get_catalog())
    before_the_rows = text.split("## Guideline lens (the review's Table 2)", 1)[1].split("\n- ", 1)[0]
    summary = lens_summary(guideline_readings_for(s), plan.strategy)
    assert "none speaks of disease that progresses on it" in summary
    assert before_the_rows.strip() == summary  # the tab's opening paragraph, before the rows


def test_a_tiny_lesion_is_never_described_as_0_cm() -> None:
    """A link may carry any size the model takes: 0.004 cm, when it took it, read 'largest 0 cm'. Its minimum
    now, 0.01 cm, reads as itself."""
    s = Scenario(synchronous=False, lesion_count=1, largest_lesion_cm=0.01, flr_percent=60)
    presentation = recommend(s).steps[0].finding
    assert "largest 0.01 cm" in presentation and "largest 0 cm" not in presentation


# --- the tumour board's four findings: progression, the primary's chemotherapy, a threatened margin, the
# primary in place ---------------------------------------------------------------------------------------


def test_a_dmmr_tumour_that_progressed_on_chemotherapy_keeps_pembrolizumab_with_its_trial_s_setting() -> None:
    """The review names checkpoint inhibitors as an alternative to chemotherapy for MSI-H/dMMR metastatic CRC,
    pembrolizumab beat chemotherapy in its phase III trial [96] (KEYNOTE-177, given first-line), and Table 2's
    NCCN row lists pembrolizumab for dMMR/MSI-H only [18]. The plan after progression said the review gives
    no rule and dropped it, while its own Molecular step named the checkpoint inhibitors."""
    from crlm_content.decision import handout_markdown

    s = patient(
        prior_chemotherapy_weeks=8,
        progression_on_chemotherapy=True,
        ras_status="kras_mutant",
        braf_v600e=False,
        msi_high_or_dmmr=True,
    )
    plan = recommend(s)
    assert plan.strategy is PROGRESSED
    assert "immunotherapy_preferred" in plan.flags
    (pembrolizumab,) = [a for a in plan.actions if "embrolizumab" in a.text and a.phase == "first"]
    assert {
        "immunotherapy-checkpoint-inhibitors-msi",
        "immunotherapy-pembrolizumab-vs-chemotherapy",
        "table-2-nccn-immunotherapy",
    } <= set(pembrolizumab.evidence_ids)
    # the trial's setting is said: first treatment for metastatic disease, not after progression
    assert "first" in pembrolizumab.text and "not after progression" in pembrolizumab.text
    regimen = plan.step("regimen")
    assert "immunotherapy-pembrolizumab-vs-chemotherapy" in regimen.evidence_ids
    assert "KEYNOTE-177" in regimen.reasoning and "not after progression" in regimen.reasoning
    assert "no rule for it" not in regimen.finding  # the review has one answer here
    # the rest stays the team's, and there is still no resection
    assert any("team decides" in a.text and "no rule" in a.text for a in plan.actions)
    assert not [a for a in plan.actions if a.text.startswith(("Resect", "Schedule the resection"))]
    gap = plan.step("strategy").gap or ""
    assert "pembrolizumab" in gap and "the team decides" in gap
    # the option is not the first-line plans' "pembrolizumab first"; it says where its evidence comes from
    (label,) = plan.option_labels()
    assert label.startswith("pembrolizumab") and "first (" not in label and "first-line" in label
    assert "Pembrolizumab (dMMR/MSI-H)" in handout_markdown(s, plan, catalog())
    for text in [a.text for a in plan.actions] + [x.reasoning for x in plan.steps]:
        check_text(text)
    proficient = recommend(changed(s, msi_high_or_dmmr=False))
    assert "immunotherapy_preferred" not in proficient.flags
    assert not [a for a in proficient.actions if "embrolizumab" in a.text]
    gained = next(
        c for c in what_changes(changed(s, msi_high_or_dmmr=False)) if c.field == "msi_high_or_dmmr"
    )
    assert gained.strategy is PROGRESSED and "first-line" in gained.effect


def test_a_plan_after_progression_asks_for_the_tests_the_other_plans_ask_for() -> None:
    """With RAS, BRAF or mismatch repair unknown, what comes next depends on them (the biologic, and
    pembrolizumab for dMMR/MSI-H [18, 96]); the plan after progression asked for no test, only the Molecular
    step's note did. It asks as the plan of the same patient unfit for surgery (systemic therapy) asks."""
    s = patient(prior_chemotherapy_weeks=8, progression_on_chemotherapy=True)  # no molecular result known

    def tests(plan: Recommendation) -> list[str]:
        return [a.text for a in plan.actions if a.text.startswith("Test ")]

    for known in (
        {},
        {"ras_status": "kras_mutant"},  # mismatch repair still unknown
        {"ras_status": "wild_type", "msi_high_or_dmmr": False},  # BRAF before any anti-EGFR antibody
    ):
        variant = changed(s, **known)
        progressed = recommend(variant)
        assert progressed.strategy is PROGRESSED
        asked = tests(progressed)
        assert len(asked) == 1, known
        assert asked == tests(recommend(changed(variant, fit_for_surgery=False))), known
    assert all(name in tests(recommend(s))[0] for name in ("RAS", "BRAF", "mismatch repair"))
    all_known = changed(s, ras_status="kras_mutant", braf_v600e=False, msi_high_or_dmmr=False)
    assert tests(recommend(all_known)) == []


def test_chemotherapy_for_the_primary_counts_as_prior_chemotherapy_in_every_metachronous_plan() -> None:
    """The weeks box holds chemotherapy for these metastases; a metachronous recurrence after adjuvant FOLFOX
    had nowhere to say so, and the plan prescribed FOLFOX or CAPOX again without a word. ASCO's row makes the
    regimen depend on prior chemotherapy [108]; the review has no rule on choosing again after it."""
    for s in (
        patient(lesion_count=1, smallest_lesion_cm=None),  # upfront resection, adjuvant after
        HIGH_RISK,  # perioperative FOLFOX or CAPOX
        unresectable(),  # conversion
        patient(flr_percent=15),  # a remnant to grow
        patient(prior_chemotherapy_weeks=12, initially_resectable=True),  # proceed, more after surgery
        patient(fit_for_surgery=False),  # systemic therapy
        patient(prior_chemotherapy_weeks=8, progression_on_chemotherapy=True),  # the team's next line
    ):
        regimen = recommend(s).step("regimen")
        gap = regimen.gap or ""
        assert "primary tumour" in gap and "ASCO" in gap, s
        assert "no rule" in gap and "for the team" in gap, s
        assert "table-2-asco-regimens" in regimen.evidence_ids, s
        check_text(gap)
    # synchronous metastases are found with the primary: no chemotherapy for it came before them
    synchronous = recommend(
        patient(synchronous=True, disease_free_interval_months=None, lesion_count=1, smallest_lesion_cm=None)
    )
    assert "primary tumour" not in (synchronous.step("regimen").gap or "")


# A recurrence 8 months after a node-positive primary (whose adjuvant chemotherapy is often oxaliplatin),
# 3 lesions, the largest 6 cm, CEA 250: Fong 5, perioperative chemotherapy.
EARLY_RECURRENCE = patient(
    disease_free_interval_months=8,
    node_positive_primary=True,
    lesion_count=3,
    largest_lesion_cm=6,
    smallest_lesion_cm=None,
    cea_ng_ml=250,
)
REGIMEN_NAMES = ("FOLFOX", "CAPOX")


def test_a_metachronous_action_naming_folfox_or_capox_says_the_primarys_oxaliplatin_counts() -> None:
    """The regimen step's gap said the primary's chemotherapy is prior chemotherapy in ASCO's row [108] and
    the review has no rule for choosing again, while the action read 'FOLFOX or CAPOX for 2-3 months.'
    unconditionally. The action itself now carries the condition and the silence, cited as the gap is;
    synchronous disease, found with the primary, does not."""
    for s, strategy in ((EARLY_RECURRENCE, PERIOP), (changed(EARLY_RECURRENCE, flr_percent=15), AUGMENT)):
        plan = recommend(s)
        assert plan.strategy is strategy
        named = [a for a in plan.actions if any(name in a.text for name in REGIMEN_NAMES)]
        assert len(named) == 1, [a.text for a in plan.actions]
        (action,) = named
        assert "if no oxaliplatin was given for the primary tumour" in action.text
        assert "the review gives no rule for choosing again: the team decides" in action.text
        assert "table-2-asco-regimens" in action.evidence_ids
        check_text(action.text)
    synchronous = recommend(changed(EARLY_RECURRENCE, synchronous=True, disease_free_interval_months=None))
    assert synchronous.strategy is PERIOP
    assert not any("primary tumour" in a.text for a in synchronous.actions)


def test_the_regimen_step_of_a_metachronous_plan_naming_folfox_or_capox_says_what_its_action_says() -> None:
    """The actions carried the condition on the primary's oxaliplatin, but the Regimen step of the same plan
    still read 'FOLFOX or CAPOX before and after resection, without a biologic.' bare. Its finding now says
    it, in the action's words and on the action's record; synchronous disease, found with the primary, does
    not."""
    condition = "if no oxaliplatin was given for the primary tumour"
    silence = "the review gives no rule for choosing again: the team decides"
    for s, strategy in ((EARLY_RECURRENCE, PERIOP), (changed(EARLY_RECURRENCE, flr_percent=15), AUGMENT)):
        plan = recommend(s)
        assert plan.strategy is strategy
        step = plan.step("regimen")
        assert step.finding.startswith("FOLFOX or CAPOX before and after resection"), step.finding
        assert condition in step.finding and silence in step.finding, step.finding
        assert "table-2-asco-regimens" in step.evidence_ids
        (action,) = [a for a in plan.actions if condition in a.text]
        clause = step.finding[step.finding.index(", if no oxaliplatin") : -1]  # up to the full stop
        assert clause in action.text, (clause, action.text)
        check_text(step.finding)
    synchronous = recommend(changed(EARLY_RECURRENCE, synchronous=True, disease_free_interval_months=None))
    finding = synchronous.step("regimen").finding
    assert finding.startswith("FOLFOX or CAPOX before and after resection") and "primary" not in finding


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_metachronous_action_naming_an_oxaliplatin_regimen_carries_the_primarys_condition(
    s: Scenario,
) -> None:
    for action in recommend(s).actions:
        if any(name in action.text for name in REGIMEN_NAMES):
            assert ("if no oxaliplatin was given for the primary tumour" in action.text) == (
                not s.synchronous
            ), action.text


def test_monitoring_follows_a_response_only_where_systemic_treatment_comes_first() -> None:
    """A remnant to grow whose chemotherapy comes after resection was told 'Follow the response with MRI, and
    CEA alongside imaging' on NCCN's re-evaluation [18]: there is no response to follow. Before an operation
    with nothing systemic before it the liver is staged with MRI (PROMETEO-01 [69]), after the embolization
    where there is one; [18]'s re-evaluation every 2 months is for unresectable disease on treatment."""
    nothing_first = {
        UPFRONT: patient(lesion_count=1, smallest_lesion_cm=None),
        AUGMENT: augmentation(),  # Fong 1: chemotherapy after resection
    }
    for strategy, s in nothing_first.items():
        plan = recommend(s)
        assert plan.strategy is strategy
        step = plan.step("monitoring")
        assert "response" not in step.finding and "CEA" not in step.finding, step.finding
        assert step.finding.startswith("Stage the liver with MRI before surgery"), step.finding
        assert "imaging-prometeo-mri-vs-ct" in step.evidence_ids
        assert not {"table-2-nccn-reevaluation", "cea-useful-adjunct"} & set(step.evidence_ids)
        assert ("after the embolization" in step.finding) == (strategy is AUGMENT)
    perioperative = recommend(HIGH_RISK).step("monitoring")
    assert "response" in perioperative.finding and "before surgery" in perioperative.finding
    assert "table-2-nccn-reevaluation" not in perioperative.evidence_ids  # resectable disease
    assert "cea-useful-adjunct" in perioperative.evidence_ids
    conversion = recommend(unresectable(synchronous=True, disease_free_interval_months=0)).step("monitoring")
    assert "every 2 months" in conversion.finding
    assert {"table-2-nccn-reevaluation", "timing-unresectable-reimaging"} <= set(conversion.evidence_ids)
    metachronous = recommend(unresectable()).step("monitoring")  # NCCN's row is on synchronous disease
    assert "every 2-3 months" in metachronous.finding and "NCCN" not in metachronous.finding
    assert "timing-unresectable-reimaging" in metachronous.evidence_ids
    assert "table-2-nccn-reevaluation" not in metachronous.evidence_ids
    unfit = recommend(patient(fit_for_surgery=False)).step("monitoring")
    assert "table-2-nccn-reevaluation" not in unfit.evidence_ids
    assert "gives none for systemic therapy without curative intent" in (unfit.gap or "")


@PROPERTY_SETTINGS
@given(scenarios())
def test_monitoring_cites_the_re_evaluation_interval_only_for_conversion(s: Scenario) -> None:
    plan = recommend(s)
    step = plan.step("monitoring")
    assert ("timing-unresectable-reimaging" in step.evidence_ids) == (plan.strategy is CONVERSION)
    assert ("table-2-nccn-reevaluation" in step.evidence_ids) == (
        plan.strategy is CONVERSION and s.synchronous
    )
    nothing_systemic_first = plan.strategy is UPFRONT or (
        plan.strategy is AUGMENT
        and not s.chemotherapy_given
        and "Chemotherapy after resection." in [a.text for a in plan.actions]
    )
    if nothing_systemic_first:
        assert "response" not in step.finding and "cea-useful-adjunct" not in step.evidence_ids
    check_text(step.finding)


def test_the_high_recurrence_risk_note_only_beside_a_planned_resection() -> None:
    """Fong's score assesses prognosis in patients considered for resection ('before resection',
    risk-scores-fong-review-items [57]); the plan box raised 'High recurrence risk' on plans that remove
    nothing now (an unfit patient, extrahepatic disease that cannot be removed, progression). A conversion
    plan's finding speaks of recurrence after the resection conversion may allow; the note goes to plans
    with a resection planned."""
    high = dict(disease_free_interval_months=6, node_positive_primary=True, cea_ng_ml=300)  # Fong 4
    no_resection = (
        patient(fit_for_surgery=False, **high),
        patient(extrahepatic_disease="unresectable", **high),
        patient(prior_chemotherapy_weeks=8, progression_on_chemotherapy=True, **high),
    )
    for s in no_resection:
        plan = recommend(s)
        assert plan.strategy in (SYSTEMIC, Strategy.PROGRESSED_ON_CHEMOTHERAPY)
        assert "high_recurrence_risk" not in plan.flags
        assert "none is planned now" in plan.step("recurrence_risk").finding
    conversion = recommend(unresectable(**high))
    assert conversion.strategy is CONVERSION
    assert "high_recurrence_risk" not in conversion.flags
    assert (
        "after a resection, should conversion make one possible" in conversion.step("recurrence_risk").finding
    )
    for s in (patient(**high), changed(patient(**high), flr_percent=15)):  # a resection planned
        plan = recommend(s)
        assert plan.strategy in (PERIOP, AUGMENT)
        assert "high_recurrence_risk" in plan.flags


def test_resectable_disease_outside_the_liver_is_named_in_every_resect_action_and_in_esmos_reading() -> None:
    """The lung-nodule preset's plan read 'Resect, then 2-3 months more chemotherapy.' and never named the
    lung; the review does not discuss how to treat resectable extrahepatic disease, so the order is left
    open. ESMO's 'Prognosis unfavourable' stood beside Fong 1 of 5 with no reason: the reason is the disease
    outside the liver, counted as unfavourable by this app's reading (the ESMO record's note: the row names
    no prognostic criteria)."""
    lung = next(p for p in load_presets(catalog()) if p.key == "lung-nodule").scenario
    assert lung.extrahepatic_disease == "resectable"
    for s in (
        lung,
        changed(lung, flr_percent=15),  # a remnant to grow
        changed(lung, prior_chemotherapy_weeks=12, initially_resectable=True),  # proceed
        unresectable(extrahepatic_disease="resectable"),  # conversion
    ):
        plan = recommend(s)
        resect = [a.text for a in plan.actions if a.text.startswith(("Resect", "Schedule the resection"))]
        resect += [a.text for a in plan.actions if ", resect it" in a.text]
        assert resect, [a.text for a in plan.actions]
        for text in resect:
            assert "with the disease outside the liver" in text, text
            assert "the review gives no rule for" in text, text
            check_text(text)
    liver_only = recommend(changed(lung, extrahepatic_disease="none"))
    assert not any("outside the liver" in a.text for a in liver_only.actions)
    esmo = next(r for r in guideline_readings_for(lung) if r.organisation == "esmo")
    assert assess_recurrence_risk(lung).at_most < 3  # nothing in the score makes it unfavourable
    assert esmo.text.startswith("Prognosis unfavourable (resectable disease outside the liver")
    assert "this app's reading" in esmo.text and "names no criteria" in esmo.text


def test_every_prognosis_the_lens_gives_esmo_for_a_patient_is_said_to_be_this_apps_reading() -> None:
    """ESMO's row sorts resectable disease by prognosis but names no criteria (table-2-esmo-resectable's
    note), so sorting a patient is this app's reading. Only the extrahepatic reason said so: 'Prognosis
    unfavourable (a high clinical risk score)' read as ESMO's own criterion, as did 'favourable prognostic
    criteria' and 'Prognosis unclear'."""
    unclear = changed(fong_patient(("node", "interval")), cea_ng_ml=None)  # 2 points, or 3 with CEA
    for s, words in (
        (HIGH_RISK, "Prognosis unfavourable (a high clinical risk score)"),
        (unclear, "Prognosis unclear (items of the clinical risk score missing)"),
        (fong_patient(()), "Clearly resectable with a favourable prognosis"),
    ):
        esmo = next(r for r in guideline_readings_for(s) if r.organisation == "esmo")
        assert esmo.text.startswith(words), esmo.text
        assert "this app's reading" in esmo.text and "names no criteria" in esmo.text, esmo.text
        check_text(esmo.text)


@PROPERTY_SETTINGS
@given(scenarios())
def test_esmos_reading_of_a_metachronous_patient_that_takes_a_side_says_whose_reading_it_is(
    s: Scenario,
) -> None:
    """For metachronous disease ESMO's side is taken by the patient's prognosis, which its row leaves to us;
    for synchronous disease by the row itself (synchronous metastases go with the perioperative group)."""
    esmo = next(r for r in guideline_readings_for(s) if r.organisation == "esmo")
    if esmo.leaning != "not_stated":
        assert ("this app's reading" in esmo.text) is not s.synchronous, esmo.text


def test_a_margin_under_1_mm_is_not_re_planned_while_no_resection_is_in_view() -> None:
    """After progression the actions no longer go to resection, yet the Margins step still said 're-plan the
    resection for a clear margin'. With no resection in view the margin matters only if one comes back; a
    conversion plan's is the resection conversion may allow, as its action says."""
    short = {"expected_margin_mm": 0.5}
    for s in (
        patient(prior_chemotherapy_weeks=8, progression_on_chemotherapy=True, **short),
        patient(fit_for_surgery=False, **short),
    ):
        plan = recommend(s)
        assert plan.strategy in (Strategy.PROGRESSED_ON_CHEMOTHERAPY, SYSTEMIC)
        finding = plan.step("margins").finding
        assert "re-plan" not in finding.casefold(), finding
        assert "no resection is planned now" in finding and "at least 1 mm" in finding
        assert not any("re-plan" in a.text.casefold() for a in plan.actions)
    conversion = recommend(unresectable(**short))
    assert "the resection that conversion may allow" in conversion.step("margins").finding
    upfront = recommend(patient(lesion_count=1, smallest_lesion_cm=None, **short))
    assert "re-plan the resection" in upfront.step("margins").finding


def test_a_margin_under_1_mm_before_upfront_resection_names_chemotherapy_first_and_the_silence() -> None:
    """Preoperative chemotherapy may make negative margins more likely (Rationale; Table 1, advantage 3), and
    a positive margin mattered most after a poor response [91]; the review gives no rule for when a
    threatened margin should move resectable disease to chemotherapy first. Re-planning stays first."""
    s = patient(
        lesion_count=1,
        largest_lesion_cm=4,
        smallest_lesion_cm=None,
        expected_margin_mm=0.5,
        ras_status="wild_type",
        braf_v600e=False,
        msi_high_or_dmmr=False,
    )
    plan = recommend(s)
    assert plan.strategy is UPFRONT
    assert plan.actions[0].text.startswith("Re-plan the resection")  # the surgical answer first
    step = plan.step("margins")
    assert {"table-1-advantage-3", "rationale-resectable-surgical-advantages"} <= set(step.evidence_ids)
    assert "negative margin more likely" in step.finding
    assert step.finding.index("re-plan") < step.finding.index("Chemotherapy")
    assert step.gap is not None and "no rule" in step.gap and "for the team" in step.gap
    check_text(step.finding)
    check_text(step.gap)
    for other in (
        changed(s, expected_margin_mm=1),  # 1 mm is enough: nothing to weigh
        changed(HIGH_RISK, expected_margin_mm=0.5),  # chemotherapy already comes first
        changed(s, prior_chemotherapy_weeks=10, initially_resectable=True),  # and here it has been given
    ):
        margins = recommend(other).step("margins")
        assert "table-1-advantage-3" not in margins.evidence_ids and margins.gap is None


RESECT = re.compile(r"\b[Rr]esect\b|^Schedule the resection")


def test_every_resection_of_synchronous_disease_names_the_primary_with_the_row_that_applies() -> None:
    """Only the upfront plan's resection said '(with the primary if still in place: together or staged)'.
    NCCN's row on resectable synchronous disease (combined or staged removal [18]) backs it where the disease
    was resectable; for disease made resectable by chemotherapy no Table 2 row speaks of the primary, and the
    Presentation step cited that row all the same."""
    sync: dict[str, object] = {"synchronous": True, "disease_free_interval_months": None}
    cases: tuple[tuple[Scenario, Strategy, bool], ...] = (
        (patient(**sync, lesion_count=1, smallest_lesion_cm=None), UPFRONT, False),
        (changed(HIGH_RISK, **sync), PERIOP, False),
        (patient(**sync, flr_percent=15), AUGMENT, False),
        (patient(**sync, prior_chemotherapy_weeks=12, initially_resectable=True), PROCEED, False),
        (unresectable(**sync), CONVERSION, True),
        (unresectable(**sync, flr_percent=15), CONVERSION, True),  # embolization, then resect
        (unresectable(**sync, lesion_count=6), CONVERSION, True),  # two stages
        (patient(**sync, prior_chemotherapy_weeks=10, initially_resectable=False), PROCEED, True),
    )
    for s, strategy, converted in cases:
        plan = recommend(s)
        assert plan.strategy is strategy, s
        resections = [a for a in plan.actions if RESECT.search(a.text)]
        assert resections, s
        for action in resections:
            assert "with the primary if still in place" in action.text, action.text
            cites_row = "table-2-nccn-resectable-synchronous" in action.evidence_ids
            assert cites_row is not converted, action.text
        presentation = plan.step("presentation")
        assert ("table-2-nccn-resectable-synchronous" in presentation.evidence_ids) is not converted, s
        if converted:
            assert presentation.gap is not None and "no rule" in presentation.gap
            assert "NCCN" not in presentation.gap
        metachronous = recommend(changed(s, synchronous=False, disease_free_interval_months=24))
        assert not [a for a in metachronous.actions if "primary" in a.text], s


# --- the regression review of the progressed dMMR plan: the course that failed, the changes' labels --------


def progressed_dmmr_synchronous() -> Scenario:
    """The regression review's link: synchronous, eight bilobar lesions not all removable, RAS and BRAF
    wild-type, dMMR/MSI-H, 12 weeks given for the metastases, converted (not resectable before),
    progressed."""
    return Scenario(
        synchronous=True,
        lesion_count=8,
        largest_lesion_cm=3.0,
        bilobar=True,
        complete_resection_possible=False,
        flr_percent=50.0,
        ras_status="wild_type",
        braf_v600e=False,
        msi_high_or_dmmr=True,
        prior_chemotherapy_weeks=12.0,
        initially_resectable=False,
        progression_on_chemotherapy=True,
    )


def test_after_progression_pembrolizumab_is_offered_only_if_the_course_that_failed_was_chemotherapy() -> None:
    """The same patient with no course entered is given pembrolizumab [96], so the one weeks box may hold a
    pembrolizumab course, and 'progressed' may mean progressed on it. The plan offered pembrolizumab again
    whatever had failed; the review's alternative is to chemotherapy, and it has no result for checkpoint
    inhibitors after they fail: the offer is conditional and the other case is left to the team."""
    s = progressed_dmmr_synchronous()
    untreated = recommend(
        changed(s, prior_chemotherapy_weeks=None, initially_resectable=None, progression_on_chemotherapy=None)
    )
    assert untreated.strategy is CONVERSION
    assert any(a.text.startswith("Pembrolizumab") for a in untreated.actions if a.phase == "first")
    plan = recommend(s)
    assert plan.strategy is PROGRESSED and "immunotherapy_preferred" in plan.flags
    (offer,) = [a for a in plan.actions if a.phase == "first" and "embrolizumab" in a.text]
    assert not offer.text.startswith("Pembrolizumab")  # never an unconditional offer
    assert "if the course that progressed was chemotherapy" in offer.text.lower()
    assert "pembrolizumab itself" in offer.text and "no rule" in offer.text and "team" in offer.text
    (label,) = plan.option_labels()
    assert "if the course that progressed was chemotherapy" in label and "first-line" in label
    regimen = plan.step("regimen")
    assert "if the course that progressed was chemotherapy" in regimen.finding
    assert "pembrolizumab itself" in regimen.finding and "no rule" in regimen.finding
    assert "checkpoint inhibitors after" in regimen.reasoning
    assert "pembrolizumab itself" in (plan.step("strategy").gap or "")
    for text in (offer.text, label, regimen.finding, regimen.reasoning, plan.step("strategy").gap or ""):
        check_text(text)


def test_what_would_change_a_progressed_plan_names_a_removed_pembrolizumab_without_the_progression() -> None:
    """The regression review: after progression, each change that takes pembrolizumab away named it with the
    progressed plan's qualifier (its trial's setting, the course that progressed), also beside 'with disease
    that did not progress' and 'no chemotherapy given yet', where there is no progression to speak of. A
    removed option is named plainly, on the tab and in the handout."""
    from crlm_content.decision import handout_markdown

    s = patient(
        disease_free_interval_months=20,
        msi_high_or_dmmr=True,
        prior_chemotherapy_weeks=12,
        progression_on_chemotherapy=True,
    )
    plan = recommend(s)
    assert plan.strategy is PROGRESSED and "immunotherapy_preferred" in plan.flags
    qualified = [label for label in plan.option_labels() if label.startswith("pembrolizumab")]
    assert qualified and "progress" in qualified[0]  # the plan itself keeps its qualifier
    changes = {c.condition: c for c in what_changes(s)}
    for condition in (
        "disease that did not progress on the chemotherapy given",
        "no chemotherapy given yet",
        "a mismatch-repair-proficient tumour",
    ):
        change = changes[condition]
        assert "immunotherapy_preferred" in change.lost, condition
        (removed,) = [p for p in change.effect.split("; ") if "pembrolizumab" in p]
        assert removed.endswith("no longer an option"), removed
        assert "progress" not in removed and "first-line" not in removed, removed
        assert "first" not in removed  # nor the first-line plans' 'pembrolizumab first'
    handout = handout_markdown(s, plan, catalog())
    section = handout.split("What would change this plan", 1)[1].split("Guideline lens", 1)[0]
    assert "pembrolizumab (dMMR/MSI-H) no longer an option" in section
    assert "progressed was chemotherapy" not in section and "first-line" not in section


# --- progression stated on a plan left earlier (unfit, unresectable extrahepatic disease) ---------------


@pytest.mark.parametrize(
    "earlier",
    [{"fit_for_surgery": False}, {"extrahepatic_disease": "unresectable"}],
    ids=["unfit", "extrahepatic"],
)
def test_a_systemic_plan_after_progression_keeps_the_progressed_plan_s_pembrolizumab_rule(
    earlier: dict[str, object],
) -> None:
    """The fit and extrahepatic gates come before the progression gate: the same progressed dMMR patient,
    unfit or with extrahepatic disease that cannot be removed, got 'Pembrolizumab (dMMR/MSI-H).' and
    'pembrolizumab first' with no condition, and the progression answer was ignored. Systemic therapy stays
    the strategy; the plan says what progressed and that the next line is the team's, and pembrolizumab
    carries the progressed plan's condition, in its words."""
    progressed = recommend(progressed_dmmr_synchronous())
    assert progressed.strategy is PROGRESSED
    (progressed_offer,) = [a for a in progressed.actions if a.phase == "first" and "embrolizumab" in a.text]
    (progressed_label,) = progressed.option_labels()
    s = changed(progressed_dmmr_synchronous(), **earlier)
    plan = recommend(s)
    assert plan.strategy is SYSTEMIC and "immunotherapy_preferred" in plan.flags
    first = [a for a in plan.actions if a.phase == "first"]
    assert not [a for a in plan.actions if a.text.startswith("Pembrolizumab")]  # no unconditional offer
    assert progressed_offer in first  # the same words and records
    (said,) = [a for a in first if "progressed on the treatment given" in a.text]
    assert "no rule for the next line" in said.text and "team decides" in said.text
    labels = plan.option_labels()
    assert labels[0] == progressed_label and not any("pembrolizumab first" in label for label in labels)
    regimen = plan.step("regimen")
    assert "progressed on the treatment given" in regimen.finding
    assert "if the course that progressed was chemotherapy" in regimen.finding
    assert "pembrolizumab first" not in regimen.reasoning
    assert "progressed on the treatment given" in (plan.step("strategy").gap or "")
    for text in (said.text, regimen.finding, regimen.reasoning, plan.step("strategy").gap or ""):
        check_text(text)
    # a proficient tumour: the progression is said too, and no first-line choice is named for what follows
    proficient = recommend(changed(s, msi_high_or_dmmr=False))
    assert proficient.strategy is SYSTEMIC
    assert any("progressed on the treatment given" in a.text for a in proficient.actions)
    assert not any(a.text.startswith("Systemic chemotherapy") for a in proficient.actions)
    # what would change it: pembrolizumab named as the plan made then would show it
    effects = {c.condition: c.effect for c in what_changes(changed(s, msi_high_or_dmmr=False))}
    assert f"{progressed_label} becomes an option" in effects["a dMMR/MSI-H tumour"]
    assert (
        "pembrolizumab (dMMR/MSI-H) no longer an option"
        in {c.condition: c.effect for c in what_changes(s)}["a mismatch-repair-proficient tumour"]
    )


@pytest.mark.parametrize("answer", [None, False])
def test_a_systemic_plan_without_progression_keeps_the_course_given(answer: bool | None) -> None:
    """Progression not stated, or denied: the unfit dMMR patient's plan offers no next line; the course
    already given (chemotherapy or pembrolizumab) is met by the conditional action
    (``test_regimen_oncology``), not by the progressed plan's. Its option is not 'pembrolizumab first',
    which the action contradicted; with progression not known, a pembrolizumab course continues only once
    restaging shows none."""
    s = changed(progressed_dmmr_synchronous(), fit_for_surgery=False, progression_on_chemotherapy=answer)
    plan = recommend(s)
    assert plan.strategy is SYSTEMIC and not plan.progressed
    texts = [a.text for a in plan.actions]
    go_on = "continue it." if answer is False else "continue it if it has not progressed (restage first)."
    assert any(t.startswith(f"If the course given was pembrolizumab (dMMR/MSI-H), {go_on}") for t in texts)
    assert not any("progressed on the treatment given" in t or "course that progressed" in t for t in texts)
    label = plan.option_labels()[0]
    assert label.startswith("pembrolizumab (dMMR/MSI-H)") and "if that was the course given" in label
    assert "first" not in label
    assert plan.step("regimen").finding.startswith("Systemic therapy chosen by molecular status and fitness.")
    # with no course given the plan is pembrolizumab, plainly
    untreated = recommend(
        changed(s, prior_chemotherapy_weeks=None, initially_resectable=None, progression_on_chemotherapy=None)
    )
    assert "Pembrolizumab (dMMR/MSI-H)." in [a.text for a in untreated.actions]


@pytest.mark.parametrize(
    "earlier",
    [{"fit_for_surgery": False}, {"extrahepatic_disease": "unresectable"}],
    ids=["unfit", "extrahepatic"],
)
def test_the_guideline_lens_of_a_systemic_plan_after_progression_says_no_row_speaks_of_it(
    earlier: dict[str, object],
) -> None:
    """The systemic plan after progression read Table 2's rows as if nothing had been given (the NCCN row:
    'here pembrolizumab, as the tumour is dMMR/MSI-H'), with no word that the rows speak of the choice
    before chemotherapy: its lens, strategy step and handout now open as the progressed plan's do."""
    from crlm_content.decision import guideline_readings_for, lens_summary
    from crlm_content.decision.lens import PROGRESSED_LENS

    s = changed(progressed_dmmr_synchronous(), **earlier)
    plan = recommend(s)
    assert plan.strategy is SYSTEMIC and plan.progressed
    summary = lens_summary(guideline_readings_for(s), plan.strategy, progressed=plan.progressed)
    assert summary.startswith(PROGRESSED_LENS)
    assert PROGRESSED_LENS in plan.step("strategy").reasoning
    assert PROGRESSED_LENS in crlm_content.decision.handout_markdown(s, plan, crlm_content.get_catalog())
    not_progressed = changed(s, progression_on_chemotherapy=False)
    assert PROGRESSED_LENS not in lens_summary(
        guideline_readings_for(not_progressed), SYSTEMIC, progressed=recommend(not_progressed).progressed
    )


# --- A tumour board's review of what the walkthrough teaches (nine findings) ----------------------------


def _after_surgery_texts(plan: Recommendation) -> list[tuple[str, tuple[str, ...]]]:
    """The plan's actions and its Regimen step (finding and reasoning), each with its records: where a plan
    says what chemotherapy follows the operation."""
    regimen = plan.step("regimen")
    return [(a.text, a.evidence_ids) for a in plan.actions] + [
        (f"{regimen.finding} {regimen.reasoning}", regimen.evidence_ids)
    ]


EXPERT_GROUP_CASES: tuple[tuple[str, Scenario, Strategy, bool], ...] = (
    # (case, patient, plan, does the Expert Group's 6 months in all [111] speak to this patient?)
    (
        "converted metachronous (the review's link)",
        patient(
            disease_free_interval_months=10,
            lesion_count=5,
            largest_lesion_cm=3.2,
            smallest_lesion_cm=0.7,
            bilobar=True,
            flr_percent=42,
            cea_ng_ml=48,
            ras_status="nras_mutant",
            prior_chemotherapy_weeks=10,
            weeks_from_last_chemotherapy_to_surgery=4,
            weeks_from_last_bevacizumab_to_surgery=6,
            initially_resectable=False,
            progression_on_chemotherapy=False,
            braf_v600e=False,
            msi_high_or_dmmr=False,
        ),
        PROCEED,
        False,
    ),
    (
        "converted synchronous",
        patient(
            synchronous=True,
            disease_free_interval_months=None,
            prior_chemotherapy_weeks=12,
            initially_resectable=False,
        ),
        PROCEED,
        False,
    ),
    (
        "metachronous, resectable before a completed course",
        patient(prior_chemotherapy_weeks=14, initially_resectable=True, progression_on_chemotherapy=False),
        PROCEED,
        False,
    ),
    (
        "metachronous, 26 weeks given",
        patient(prior_chemotherapy_weeks=26, initially_resectable=True, progression_on_chemotherapy=False),
        PROCEED,
        False,
    ),
    (
        "metachronous remnant to grow after chemotherapy",
        patient(flr_percent=15, prior_chemotherapy_weeks=8, progression_on_chemotherapy=False),
        AUGMENT,
        False,
    ),
    (
        "synchronous, resectable before a completed course",
        patient(
            synchronous=True,
            disease_free_interval_months=None,
            prior_chemotherapy_weeks=14,
            initially_resectable=True,
            progression_on_chemotherapy=False,
        ),
        PROCEED,
        True,
    ),
    (
        "synchronous remnant to grow after chemotherapy",
        patient(
            synchronous=True,
            disease_free_interval_months=None,
            flr_percent=15,
            prior_chemotherapy_weeks=8,
            progression_on_chemotherapy=False,
        ),
        AUGMENT,
        True,
    ),
)


@pytest.mark.parametrize(
    ("case", "s", "strategy", "applies"), EXPERT_GROUP_CASES, ids=[c[0] for c in EXPERT_GROUP_CASES]
)
def test_the_expert_group_s_six_months_only_speaks_to_synchronous_disease_resectable_from_the_start(
    case: str, s: Scenario, strategy: Strategy, applies: bool
) -> None:
    """Finding 1. Table 2 gives the Expert Group's 6 months in total under resectable CRLM, and [111] is a
    consensus on synchronous metastases (the record's note; the Guideline lens reads it so). The plan after
    chemotherapy said 'Complete the chemotherapy course after surgery' on that record and 'the Expert Group
    counts 6 months in total' for metachronous and converted disease alike. Elsewhere the review gives no
    total: more after surgery is the team's, chosen with what was given in view (ASCO [108])."""
    plan = recommend(s)
    assert plan.strategy is strategy, case
    texts = _after_surgery_texts(plan)
    cited = [text for text, ids in texts if "table-2-egosm-duration" in ids]
    worded = [text for text, _ in texts if "Expert Group" in text or "6 months" in text]
    if applies:
        assert cited and worded, case
        assert all("synchronous" in text for text in worded), worded
    else:
        assert not cited and not worded, (case, cited, worded)
        after = [a for a in plan.actions if a.text.startswith(("After surgery", "If the disease"))]
        assert len(after) == 1, after
        text, ids = after[0].text, after[0].evidence_ids
        assert "already given into account" in text and "table-2-asco-regimens" in ids, text
        # resectable before chemotherapy: the review's perioperative course (2-3 months on each side); after
        # conversion the review has none to give (tests/unit/test_course_after_surgery.py: each course)
        converted = s.initially_resectable is False
        assert ("again after it" in text) is not converted, text
        assert ("timing-resectable-duration" in ids) is not converted, text
        if converted:
            assert "review gives no total duration" in text and "team's decision" in text, text


def test_the_primary_s_removal_is_nccn_s_for_a_colon_primary_and_the_review_s_silence_for_a_rectal_one() -> (
    None
):
    """Finding 2. Synchronous plans said 'with the primary if still in place: together or staged' on NCCN's
    row, which speaks of colectomy [18], i.e. a colon primary; Figure 2's patient had pelvic radiation, and
    the review does not say how a rectal primary's own treatment is fitted around the liver."""
    sync: dict[str, object] = {"synchronous": True, "disease_free_interval_months": None}
    for s in (
        patient(**sync, lesion_count=1, smallest_lesion_cm=None),
        changed(HIGH_RISK, **sync),
        patient(**sync, flr_percent=15),
        patient(**sync, prior_chemotherapy_weeks=12, initially_resectable=True),
    ):
        plan = recommend(s)
        for action in (a for a in plan.actions if "table-2-nccn-resectable-synchronous" in a.evidence_ids):
            assert "colon primary" in action.text and "no rule for a rectal primary" in action.text, (
                action.text
            )
        gap = plan.step("presentation").gap or ""
        assert "colectomy, a colon primary" in gap and "rectal primary" in gap and "give a rule" in gap, gap
    converted = recommend(patient(**sync, prior_chemotherapy_weeks=10, initially_resectable=False))
    gap = converted.step("presentation").gap or ""
    assert "rectal primary" in gap and "NCCN" not in gap, gap
    assert not any("colon" in a.text for a in converted.actions)  # no row to cite after conversion


@pytest.mark.parametrize(
    "s",
    [
        patient(
            extrahepatic_disease="unresectable",
            ras_status="wild_type",
            braf_v600e=False,
            msi_high_or_dmmr=False,
        ),
        next(p.scenario for p in load_presets(catalog()) if p.key == "msi-unresectable"),
        patient(extrahepatic_disease="unresectable", complete_resection_possible=False, bilobar=True),
    ],
    ids=["review-link", "msi-unresectable", "liver-not-removable-either"],
)
def test_no_table_2_row_is_read_for_extrahepatic_disease_that_cannot_be_removed(s: Scenario) -> None:
    """Finding 3. A systemic plan left at the extrahepatic gate read the rows on unresectable liver disease
    (NCCN, SEOM, Expert Group: conversion; IHPBA: downsizing; AHPBA) as leaning to 'chemotherapy before
    surgery', a surgery the plan does not have in view. Like the unfit patient's, its rows take no position
    and say what they speak of."""
    from crlm_content.decision import guideline_readings_for, lens_summary

    plan = recommend(s)
    assert plan.strategy is SYSTEMIC and plan.path[-1] == "extrahepatic"
    readings = guideline_readings_for(s)
    assert {r.leaning for r in readings} == {"not_stated"}
    for reading in readings:
        if reading.organisation != "asco":
            assert "does not speak of extrahepatic disease that cannot be removed" in reading.text, reading
            assert "liver metastases" in reading.text, reading
            assert len(reading.evidence_ids) == 1, reading
    summary = lens_summary(readings, plan.strategy)
    assert summary == "No Table 2 organisation takes a position for this patient."
    assert summary in plan.step("strategy").reasoning
    assert "guidelines_disagree" not in plan.flags
    # the same liver disease without the extrahepatic disease is read with the rows on conversion
    liver_only = changed(s, extrahepatic_disease="none")
    if recommend(liver_only).strategy is CONVERSION:
        assert "chemotherapy_first" in {r.leaning for r in guideline_readings_for(liver_only)}


def test_a_remnant_too_small_and_a_margin_under_1_mm_are_measured_on_the_wider_resection() -> None:
    """Finding 4. A wider resection takes more liver [90]: with a remnant too small and a margin under 1 mm
    the plan re-planned the margin and measured the remnant after embolization as if the two were unrelated.
    The remnant to measure, before and after embolization, is the re-planned resection's. And a plan with no
    resection in view (progression) no longer asks to re-plan one."""
    link = patient(flr_percent=15, expected_margin_mm=0.5, ras_status="wild_type", braf_v600e=False)
    link = changed(link, msi_high_or_dmmr=False)
    plan = recommend(link)
    assert plan.strategy is AUGMENT and {"flr_insufficient", "margin_submillimetre"} <= plan.flags
    (measure,) = [a for a in plan.actions if a.text.startswith("Measure the remnant")]
    assert "re-planned resection" in measure.text and "wider resection leaves less liver" in measure.text
    assert "before embolization, and again after it" in measure.text
    assert "margins-submillimetre" in measure.evidence_ids
    # without the short margin, the remnant measured is the one planned
    plain_plan = recommend(changed(link, expected_margin_mm=None))
    assert not any("wider" in a.text for a in plain_plan.actions)
    # a conversion plan that will grow the remnant measures the remnant of a 1 mm resection too
    conversion = recommend(unresectable(flr_percent=15, expected_margin_mm=0.5))
    assert conversion.strategy is CONVERSION
    assert any(
        a.phase == "reassess" and "margin of at least 1 mm" in a.text and "remnant" in a.text
        for a in conversion.actions
    )
    # a remnant enough now but measured again after chemotherapy: on the re-planned resection
    periop = recommend(changed(HIGH_RISK, flr_percent=25, expected_margin_mm=0.5))
    assert periop.strategy is PERIOP and "remnant_recheck" in periop.flags
    assert any("again before surgery, on the re-planned resection" in a.text for a in periop.actions)
    progressed = recommend(
        changed(
            HIGH_RISK, expected_margin_mm=0.5, prior_chemotherapy_weeks=8, progression_on_chemotherapy=True
        )
    )
    assert progressed.strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
    assert not any(a.text.startswith("Re-plan the resection") for a in progressed.actions)


def test_parenchymal_sparing_is_cited_as_table_1_lists_it_and_offered_as_the_team_s_option() -> None:
    """Finding 5. The remnant plan said a small remnant is 'solved first by growing the remnant ... or by a
    parenchyma-sparing operation; chemotherapy does not grow a remnant' on table-1-advantage-2, which lists
    making a parenchymal-sparing operation feasible as an advantage of chemotherapy: the record said the
    opposite of the sentence it backed. The review gives no rule on sparing instead of growing."""
    record = catalog().get("table-1-advantage-2").statement
    assert "advantage of neoadjuvant chemotherapy" in record
    for s in (patient(flr_percent=15), patient(flr_percent=15, lesion_count=4, bilobar=True)):
        step = recommend(s).step("strategy")
        assert "table-1-advantage-2" in step.evidence_ids
        assert "or by a parenchyma-sparing operation" not in step.reasoning
        (sentence,) = [x for x in re.split(r"(?<=\.) ", step.reasoning) if "sparing" in x]
        assert "advantages of chemotherapy before surgery" in sentence, sentence
        assert "parenchymal-sparing operation" in (step.gap or "") and "team's option" in (step.gap or "")
