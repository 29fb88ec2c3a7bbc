"""The calculator pages' adapters: inputs from widgets, edited tables and URLs in; display-ready results out.

The clinical rules live in the calculators (``crlm_content.scores``, ``.response``, ``.liver``, ``.timing``);
each module here validates and parses what a visitor entered on one page, calls its calculator and arranges
the result for display (rows, verdicts in words). Every message names the field as the page labels it, so the
visitor knows what to fix. Tables travel in the URL in a compact text form (``liver:35/20/22,lung:12/10/10``);
each parser returns what it understood and a list of what it ignored, and never raises. The charts are in
``crlm_content.figures``.

One module per page: ``scores``, ``liver_remnant``, ``response`` (RECIST), ``cea``, ``timing``; ``common``
holds what they share. This package re-exports the names the pages use.

Educational use only; not for clinical decisions.
"""

from __future__ import annotations

from ..formatting import format_near, format_number, format_percent
from ..liver import FLR_VOLUME_MAX_ML, LIVER_CONDITION_LABELS, LIVER_CONDITION_PHRASES
from ..scores import CEA_MAX_NG_ML, DFI_MAX_MONTHS, LARGEST_MAX_CM, TUMOURS_MAX
from ..timing import CYCLES_MAX
from .cea import (
    CEA_LABELS,
    CEA_MAX_VALUES,
    CeaPoint,
    CeaTime,
    cea_rows,
    encode_cea,
    parse_cea_dates,
    parse_cea_param,
    parse_cea_weeks,
    validate_cea,
)
from .common import (
    DATE_MAX,
    DATE_MIN,
    DATE_WIDGET_FORMAT,
    DateField,
    add_months,
    date_from_text,
    exact_sum,
    name_fields,
    parse_iso_date,
)
from .liver_remnant import (
    FLR_FIELD_LABELS,
    LIVER_CONDITION_EVIDENCE,
    FlrAssessment,
    FlrSource,
    assess_flr,
    flr_bar_label,
    flr_verdict,
    vauthey_derivation,
)
from .response import (
    MAX_TARGET_LESIONS,
    MAX_TARGETS_PER_ORGAN,
    MEASURABLE_LESION_MM,
    ORGAN_MAX_LENGTH,
    RECIST_CATEGORY_NAMES,
    TARGET_COLUMNS,
    TARGET_LABELS,
    RecistBoundaries,
    TargetLesion,
    TargetSums,
    encode_targets,
    figure_1_targets,
    parse_targets_param,
    recist_boundaries,
    recist_change_texts,
    recist_sum_texts,
    validate_targets,
)
from .scores import (
    SCORE_FIELD_LABELS,
    FongGrouping,
    ScorePatient,
    ScoreSet,
    compute_scores,
    fong_groupings,
    fong_review_comparison_rows,
    outcome_rows,
    ras_note,
    score_breakdown_rows,
)
from .timing import (
    BEVACIZUMAB_PLAN_LABELS,
    CYCLE_WEEKS_MAX,
    REIMAGING_INTERVAL_MONTHS,
    SURGERY_GAP_MAX_WEEKS,
    SURGERY_GAP_MIN_WEEKS,
    TIMING_WARNING_EVIDENCE,
    BevacizumabPlan,
    SurgeryBy,
    TimingInputs,
    TimingPlan,
    plan_timing,
    reimaging_dates,
    schedule_rows,
    weeks_text,
)

__all__ = [
    "BEVACIZUMAB_PLAN_LABELS",
    "CEA_LABELS",
    "CEA_MAX_NG_ML",
    "CEA_MAX_VALUES",
    "CYCLES_MAX",
    "CYCLE_WEEKS_MAX",
    "DATE_MAX",
    "DATE_MIN",
    "DATE_WIDGET_FORMAT",
    "DFI_MAX_MONTHS",
    "FLR_FIELD_LABELS",
    "FLR_VOLUME_MAX_ML",
    "LARGEST_MAX_CM",
    "LIVER_CONDITION_EVIDENCE",
    "LIVER_CONDITION_LABELS",
    "LIVER_CONDITION_PHRASES",
    "MAX_TARGETS_PER_ORGAN",
    "MAX_TARGET_LESIONS",
    "MEASURABLE_LESION_MM",
    "ORGAN_MAX_LENGTH",
    "RECIST_CATEGORY_NAMES",
    "REIMAGING_INTERVAL_MONTHS",
    "SCORE_FIELD_LABELS",
    "SURGERY_GAP_MAX_WEEKS",
    "SURGERY_GAP_MIN_WEEKS",
    "TARGET_COLUMNS",
    "TARGET_LABELS",
    "TIMING_WARNING_EVIDENCE",
    "TUMOURS_MAX",
    "BevacizumabPlan",
    "CeaPoint",
    "CeaTime",
    "DateField",
    "FlrAssessment",
    "FlrSource",
    "FongGrouping",
    "RecistBoundaries",
    "ScorePatient",
    "ScoreSet",
    "SurgeryBy",
    "TargetLesion",
    "TargetSums",
    "TimingInputs",
    "TimingPlan",
    "add_months",
    "assess_flr",
    "cea_rows",
    "compute_scores",
    "date_from_text",
    "encode_cea",
    "encode_targets",
    "exact_sum",
    "figure_1_targets",
    "flr_bar_label",
    "flr_verdict",
    "fong_groupings",
    "fong_review_comparison_rows",
    "format_near",
    "format_number",
    "format_percent",
    "name_fields",
    "outcome_rows",
    "parse_cea_dates",
    "parse_cea_param",
    "parse_cea_weeks",
    "parse_iso_date",
    "parse_targets_param",
    "plan_timing",
    "ras_note",
    "recist_boundaries",
    "recist_change_texts",
    "recist_sum_texts",
    "reimaging_dates",
    "schedule_rows",
    "score_breakdown_rows",
    "validate_cea",
    "validate_targets",
    "vauthey_derivation",
    "weeks_text",
]
