"""Decision walkthrough: a described patient -> the plan a hepatobiliary board would teach, step by step.

The rules are the review's, each step naming the Evidence records it rests on. Where the review leaves a gap
the step says so instead of inventing a rule. Educational only: this reproduces one review's reasoning, it is
not clinical decision support.

- ``model``: the patient (Scenario), strategies, flags, steps and actions;
- ``steps``: one function per step and the strategy gates, one module per step family (its ``__init__``
  maps them);
- ``engine``: ``recommend`` (the pathway in order, and the plan's actions);
- ``pathway``: the pathway map;
- ``lens``: the Table 2 guidelines read for this patient;
- ``changes``: what would change the plan;
- ``presets``: the ready-made patients and the URL state; ``handout``: the printable summary.
"""

from __future__ import annotations

from ..dlm import DEPTH_THRESHOLD_CM as DLM_DEPTH_ABOVE_CM
from ..dlm import SIZE_THRESHOLD_CM as DLM_SIZE_BELOW_CM
from .changes import Change, group_changes, what_changes
from .engine import recommend
from .handout import handout_html, handout_markdown, patient_lines, value_text
from .lens import (
    LEANING_LABELS,
    GuidelineReading,
    guideline_readings,
    guideline_readings_for,
    lens_summary,
    reading_rows,
    readings_disagree,
)
from .model import (
    FIELD_LABELS,
    FLAG_INFO,
    FLAGS,
    RAS_LABELS,
    STRATEGY_LABELS,
    Action,
    Extrahepatic,
    LiverCondition,
    RasStatus,
    Recommendation,
    Scenario,
    Step,
    Strategy,
    sentence_case,
    validate_scenario,
)
from .pathway import pathway_dot, pathway_figures, pathway_text
from .presets import (
    DEFAULT_SCENARIO,
    TRI_STATE,
    Preset,
    load_presets,
    scenario_query_fields,
    scenario_to_state,
    state_to_data,
    walkthrough_query_fields,
)
from .steps import (
    GATES,
    HIGH_RECURRENCE_RISK_MIN_SCORE,
    LOW_RISK_MAX_LESIONS,
    MIN_MARGIN_MM,
    RecurrenceRisk,
    assess_recurrence_risk,
    assess_resectability,
    recurrence_derivation,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "DLM_DEPTH_ABOVE_CM",
    "DLM_SIZE_BELOW_CM",
    "FIELD_LABELS",
    "FLAGS",
    "FLAG_INFO",
    "GATES",
    "HIGH_RECURRENCE_RISK_MIN_SCORE",
    "LEANING_LABELS",
    "LOW_RISK_MAX_LESIONS",
    "MIN_MARGIN_MM",
    "RAS_LABELS",
    "STRATEGY_LABELS",
    "TRI_STATE",
    "Action",
    "Change",
    "Extrahepatic",
    "GuidelineReading",
    "LiverCondition",
    "Preset",
    "RasStatus",
    "Recommendation",
    "RecurrenceRisk",
    "Scenario",
    "Step",
    "Strategy",
    "assess_recurrence_risk",
    "assess_resectability",
    "group_changes",
    "guideline_readings",
    "guideline_readings_for",
    "handout_html",
    "handout_markdown",
    "lens_summary",
    "load_presets",
    "pathway_dot",
    "pathway_figures",
    "pathway_text",
    "patient_lines",
    "reading_rows",
    "readings_disagree",
    "recommend",
    "recurrence_derivation",
    "scenario_query_fields",
    "scenario_to_state",
    "sentence_case",
    "state_to_data",
    "validate_scenario",
    "value_text",
    "walkthrough_query_fields",
    "what_changes",
]
