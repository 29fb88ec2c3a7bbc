"""Step 12, Margins: the aim of a clear margin of at least ``MIN_MARGIN_MM`` and what the review says of
submillimetre and wider margins and of a margin after a poor response to chemotherapy. Rests on
margins-negative-margin-survival, margins-meta-analysis-wide-margin, margins-1-to-10-mm-no-benefit,
margins-submillimetre, margins-positive-margin-suboptimal-response, rationale-resectable-surgical-advantages
and table-1-advantage-3.
"""

from __future__ import annotations

from ..model import NO_OPERATION_NOW, Scenario, Step, Strategy
from .common import MIN_MARGIN_MM, typed
from .schedule import no_chemotherapy_before_surgery


def margins(s: Scenario, strategy: Strategy) -> Step:
    short = s.expected_margin_mm is not None and s.expected_margin_mm < MIN_MARGIN_MM
    # an operation with no chemotherapy before it, none given: chemotherapy first is the other answer
    surgery_first = short and not s.chemotherapy_given and no_chemotherapy_before_surgery(s, strategy)
    evidence = [
        "margins-submillimetre",
        "margins-negative-margin-survival",
        "margins-meta-analysis-wide-margin",
        "margins-1-to-10-mm-no-benefit",
        "margins-positive-margin-suboptimal-response",
    ]
    gap = None
    if s.expected_margin_mm is None:
        finding = "Expected margin not entered."
    elif short:
        # as the actions say it: no resection to re-plan while none is in view, and a conversion plan's is
        # the one conversion may allow
        finding = f"Expected margin {typed(s.expected_margin_mm, MIN_MARGIN_MM)} mm, under 1 mm: " + (
            "no resection is planned now; should one come back into view, plan it for a margin of at least "
            "1 mm."
            if strategy in NO_OPERATION_NOW
            else "plan the resection that conversion may allow for a margin of at least 1 mm."
            if strategy is Strategy.CONVERSION_CHEMOTHERAPY
            else "re-plan the resection for a margin of at least 1 mm."
        )
    else:
        finding = f"Expected margin {typed(s.expected_margin_mm, MIN_MARGIN_MM)} mm: at least 1 mm."
    if surgery_first:
        finding += (
            " Chemotherapy before the operation may make a negative margin more likely (Table 1), though a "
            "positive margin did the most harm where the tumour responded poorly to it."
        )
        evidence += ["table-1-advantage-3", "rationale-resectable-surgical-advantages"]
        gap = (
            "The review gives no rule for when a margin under 1 mm should move resectable disease to "
            "chemotherapy first: if re-planning cannot give 1 mm, that is for the team."
        )
    return Step(
        key="margins",
        title="Margins",
        finding=finding,
        reasoning=(
            "Aim for at least 1 mm: submillimetre margins were linked with shorter survival. How much wider "
            "is better is disputed: a large meta-analysis linked margins over 10 mm with better survival, "
            "while several large series found 1-10 mm did as well as wider margins. A positive margin hurt "
            "most after a poor response to NCT."
        ),
        evidence_ids=tuple(evidence),
        flags=("margin_submillimetre",) if short else (),
        gap=gap,
    )
