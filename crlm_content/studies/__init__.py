"""The studies the review reports results from, side by side (the Trials page).

A study is data (``data/studies.yaml``), validated like every other data kind (``ContentError`` naming the
file, the study and the field). Its numbers are never typed in: each figure names the Evidence record it comes
from and that record's value label, and the loader checks the label exists, the units fit (a P value where a
P value belongs, a ratio for an effect) and the stated significance agrees with the P value. Its reference
numbers are its records'.

- ``model``: Study, Arm, Endpoint, Figure; the questions, designs and significance labels;
- ``loader``: ``load_studies(catalog, root=None)`` and its cross-checks, ``resolve``, ``study_refs``;
- ``rows``: the page's text (design lines, endpoint table, verdicts, the chart's text alternative);
- ``walkthrough``: the walkthrough step that cites a study (imports the decision engine; load it lazily).
"""

from __future__ import annotations

from .loader import STUDIES_FILE, check_study, load_studies, resolve, study_refs
from .model import (
    DESIGN_LABELS,
    QUESTION_LABELS,
    QUESTIONS,
    SIGNIFICANCE_LABELS,
    Arm,
    ArmFigure,
    Endpoint,
    Figure,
    Study,
    stray_numbers,
)
from .rows import (
    NOT_GIVEN,
    alt_text,
    design_lines,
    detail_lines,
    endpoint_heading,
    figure_evidence_ids,
    figure_refs,
    further_details,
    in_question,
    p_phrase,
    result_text,
    significance_text,
    source_line,
    verdict_rows,
)

__all__ = [
    "DESIGN_LABELS",
    "NOT_GIVEN",
    "QUESTIONS",
    "QUESTION_LABELS",
    "SIGNIFICANCE_LABELS",
    "STUDIES_FILE",
    "Arm",
    "ArmFigure",
    "Endpoint",
    "Figure",
    "Study",
    "alt_text",
    "check_study",
    "design_lines",
    "detail_lines",
    "endpoint_heading",
    "figure_evidence_ids",
    "figure_refs",
    "further_details",
    "in_question",
    "load_studies",
    "p_phrase",
    "resolve",
    "result_text",
    "significance_text",
    "source_line",
    "stray_numbers",
    "study_refs",
    "verdict_rows",
]
