"""One function per step of the pathway, one module per step family. Each step returns its Step
(finding, cited reasoning, flags) and, where later steps need it, what it found; ``engine.recommend`` calls
them in order.
The rules are the review's; where it is silent the step says so in ``gap`` instead of inventing a rule.

Where each rule lives:

- ``common.py``: the shared wording helpers and the rules' thresholds (``LOW_RISK_MAX_LESIONS`` ...);
- ``presenting.py``: step 1, presentation (primary in place, disease outside the liver);
- ``resectable.py``: step 2, resectability and the remnant threshold that applies to this liver;
- ``liver_remnant.py``: step 3, the future liver remnant (enough, to grow, to measure again);
- ``augmentation.py``: systemic therapy beside a remnant to grow (steps 3 and 7);
- ``recurrence.py``: step 4, recurrence risk (Fong's score);
- ``fitness.py``: step 5, fitness and operative risk;
- ``biomarkers.py``: step 6, the molecular profile and the tests to order;
- ``gates.py``: the strategy gates in order and ``choose_strategy``; ``strategy.py``: step 7's text;
- ``systemic_therapy.py``: step 8, regimen and biologics;
- ``schedule.py``: step 9, timing, re-imaging and the course after surgery;
- ``surveillance.py``: steps 10 and 11, monitoring and disappearing metastases;
- ``resection_margin.py``: step 12, margins.

Every name is re-exported here, so ``steps.<name>`` reads as it did when the steps were one module (with the
model's and the calculators' names that module imported). Code that patches a rule must patch it in its own
module: a patch here does not reach the module that calls it.
"""

from __future__ import annotations

from ...dlm import DEPTH_THRESHOLD_CM, SIZE_THRESHOLD_CM, is_deep, is_small
from ...formatting import format_number
from ...liver import FLR_THRESHOLDS, LIVER_CONDITION_NOUNS, LiverCondition, flr_sufficient
from ...scores import FONG_INTERVAL_MONTHS, FONG_LARGEST_CM, FONG_RISK_GROUPING_NOTE, fong_score
from ...timing import (
    MAX_CHEMOTHERAPY_WEEKS,
    MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
    MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
    preoperative_timing_warnings,
)
from ..model import (
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
from .augmentation import (
    AUGMENTATION_AROUND,
    AUGMENTATION_SYSTEMIC,
    augmentation_chemotherapy,
    augmentation_gate,
    augmentation_systemic_text,
)
from .biomarkers import missing_tests, molecular, tests_to_order
from .common import (
    HIGH_RECURRENCE_RISK_MIN_SCORE,
    LOW_RISK_MAX_LESIONS,
    MIN_MARGIN_MM,
    and_list,
    plural,
    typed,
)
from .fitness import low_operative_risk, operative_risk
from .gates import DEFAULT_STRATEGY, GATES, Facts, Gate, choose_strategy
from .liver_remnant import liver_is_injured, remnant, remnant_after_planned_course_short, remnant_to_recheck
from .presenting import (
    CURATIVE_OR_CONVERSION,
    EXTRAHEPATIC_REMOVAL,
    RECTAL_PRIMARY,
    converted_disease,
    presentation,
    removal_parts,
    with_primary,
)
from .recurrence import RecurrenceRisk, assess_recurrence_risk, recurrence_derivation, recurrence_risk
from .resectable import (
    Resectability,
    assess_resectability,
    extensive_prior_chemotherapy,
    remnant_condition,
    remnant_criterion,
    resectability,
)
from .resection_margin import margins
from .schedule import (
    ASCO_IDS,
    EXPERT_GROUP_TOTAL,
    NO_MORE_BEFORE_SURGERY,
    REIMAGING_REVIEW,
    REIMAGING_SYNCHRONOUS,
    RESECTABLE_COURSE,
    SIX_MONTHS_WEEKS,
    AfterSurgery,
    course_after_surgery,
    no_chemotherapy_before_surgery,
    reimaging_interval,
    resectable_before_chemotherapy,
    timing,
    total_chemotherapy_weeks,
    total_course_given,
    weeks_before_surgery,
)
from .strategy import adverse_mutations, strategy_step
from .surveillance import disappearing_metastases, dlm_factors, monitoring
from .systemic_therapy import (
    ANTI_EGFR_AFTER_CONVERSION_GAP,
    BRAF_V600E_REGIMEN_GAP,
    NEXT_LINE_AFTER_PROGRESSION,
    PEMBROLIZUMAB_AFTER_PROGRESSION_FINDING,
    PEMBROLIZUMAB_AFTER_PROGRESSION_IDS,
    PEMBROLIZUMAB_AFTER_PROGRESSION_REASONING,
    PEMBROLIZUMAB_TRIAL_SETTING,
    PERIOPERATIVE_REGIMEN,
    PRIMARY_CHEMOTHERAPY_GAP,
    PRIMARY_OXALIPLATIN_CLAUSE,
    pembrolizumab_after_course,
    primary_chemotherapy_clause,
    regimen,
)

__all__ = [
    "ANTI_EGFR_AFTER_CONVERSION_GAP",
    "ASCO_IDS",
    "AUGMENTATION_AROUND",
    "AUGMENTATION_SYSTEMIC",
    "BRAF_V600E_REGIMEN_GAP",
    "CHEMOTHERAPY_FIRST",
    "CURATIVE_OR_CONVERSION",
    "DEFAULT_STRATEGY",
    "DEPTH_THRESHOLD_CM",
    "EXPERT_GROUP_TOTAL",
    "EXTRAHEPATIC_LABELS",
    "EXTRAHEPATIC_REMOVAL",
    "FLR_THRESHOLDS",
    "FONG_INTERVAL_MONTHS",
    "FONG_LARGEST_CM",
    "FONG_RISK_GROUPING_NOTE",
    "GATES",
    "HIGH_RECURRENCE_RISK_MIN_SCORE",
    "LIVER_CONDITION_NOUNS",
    "LOW_RISK_MAX_LESIONS",
    "MAX_CHEMOTHERAPY_WEEKS",
    "MIN_MARGIN_MM",
    "MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY",
    "MIN_WEEKS_LAST_CHEMO_TO_SURGERY",
    "NEXT_LINE_AFTER_PROGRESSION",
    "NOT_RESECTABLE_NOW",
    "NO_MORE_BEFORE_SURGERY",
    "NO_OPERATION_NOW",
    "PEMBROLIZUMAB_AFTER_PROGRESSION_FINDING",
    "PEMBROLIZUMAB_AFTER_PROGRESSION_IDS",
    "PEMBROLIZUMAB_AFTER_PROGRESSION_REASONING",
    "PEMBROLIZUMAB_TRIAL_SETTING",
    "PERIOPERATIVE_REGIMEN",
    "PRIMARY_CHEMOTHERAPY_GAP",
    "PRIMARY_OXALIPLATIN_CLAUSE",
    "RAS_LABELS",
    "RECTAL_PRIMARY",
    "REIMAGING_REVIEW",
    "REIMAGING_SYNCHRONOUS",
    "RESECTABLE_COURSE",
    "SIX_MONTHS_WEEKS",
    "SIZE_THRESHOLD_CM",
    "STRATEGY_LABELS",
    "AfterSurgery",
    "Facts",
    "Gate",
    "LiverCondition",
    "RecurrenceRisk",
    "Resectability",
    "Scenario",
    "Step",
    "Strategy",
    "adverse_mutations",
    "and_list",
    "assess_recurrence_risk",
    "assess_resectability",
    "augmentation_chemotherapy",
    "augmentation_gate",
    "augmentation_systemic_text",
    "choose_strategy",
    "converted_disease",
    "course_after_surgery",
    "disappearing_metastases",
    "dlm_factors",
    "extensive_prior_chemotherapy",
    "flr_sufficient",
    "fong_score",
    "format_number",
    "is_deep",
    "is_small",
    "liver_is_injured",
    "low_operative_risk",
    "margins",
    "missing_tests",
    "molecular",
    "monitoring",
    "no_chemotherapy_before_surgery",
    "operative_risk",
    "pembrolizumab_after_course",
    "plural",
    "preoperative_timing_warnings",
    "presentation",
    "primary_chemotherapy_clause",
    "recurrence_derivation",
    "recurrence_risk",
    "regimen",
    "reimaging_interval",
    "remnant",
    "remnant_after_planned_course_short",
    "remnant_condition",
    "remnant_criterion",
    "remnant_to_recheck",
    "removal_parts",
    "resectability",
    "resectable_before_chemotherapy",
    "sentence_case",
    "strategy_step",
    "tests_to_order",
    "timing",
    "total_chemotherapy_weeks",
    "total_course_given",
    "typed",
    "weeks_before_surgery",
    "with_primary",
]
