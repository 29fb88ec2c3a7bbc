"""The guideline comparison: the seven organisations of the review's Table 2, topic by topic (pure).

``model`` is the schema, ``loader`` reads and cross-checks ``data/guidelines.yaml`` (its docstring describes
the file), ``analysis`` answers who says what and who agrees, ``rows`` builds the tables and the timeline's
text; the timeline chart is ``crlm_content.figures.guidelines``. This package re-exports their names.
"""

from __future__ import annotations

from .analysis import (
    Agreement,
    StanceGroup,
    TopicRow,
    TopicView,
    agreement,
    topic_view,
)
from .loader import (
    content,
    load_content,
    load_guidelines,
)
from .model import (
    GUIDELINES_FILE,
    MARK_LABELS,
    NOT_STATED,
    RESECTABLE_SITUATIONS,
    SITUATION_LABELS,
    STANCE_COLOURS,
    STANCE_LABELS,
    STANCE_SYMBOLS,
    YEAR_LABEL,
    AgreementMark,
    Guideline,
    GuidelineContent,
    GuidelinePosition,
    Situation,
    Stance,
    Topic,
    TopicInfo,
)
from .rows import (
    EVIDENCE,
    FULL_NAME,
    ORGANISATION,
    REFERENCE,
    YEAR,
    comparison_rows,
    name_lines,
    shown_topics,
    timeline_alt,
    timeline_rows,
    topic_rows,
)

__all__ = [
    "EVIDENCE",
    "FULL_NAME",
    "GUIDELINES_FILE",
    "MARK_LABELS",
    "NOT_STATED",
    "ORGANISATION",
    "REFERENCE",
    "RESECTABLE_SITUATIONS",
    "SITUATION_LABELS",
    "STANCE_COLOURS",
    "STANCE_LABELS",
    "STANCE_SYMBOLS",
    "YEAR",
    "YEAR_LABEL",
    "Agreement",
    "AgreementMark",
    "Guideline",
    "GuidelineContent",
    "GuidelinePosition",
    "Situation",
    "Stance",
    "StanceGroup",
    "Topic",
    "TopicInfo",
    "TopicRow",
    "TopicView",
    "agreement",
    "comparison_rows",
    "content",
    "load_content",
    "load_guidelines",
    "name_lines",
    "shown_topics",
    "timeline_alt",
    "timeline_rows",
    "topic_rows",
    "topic_view",
]
