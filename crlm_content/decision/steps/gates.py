"""Step 7's rules: the strategy gates in order (``GATES``, each a question with where it leads and its
records), the facts they read (``Facts``) and ``choose_strategy``, which walks them to the first gate that
decides; ``DEFAULT_STRATEGY`` (upfront resection) is what passes every gate. The pathway map and "what would
change the plan" read these very gates. Rest on flr-resectability-definition, flr-threshold-normal-liver,
flr-threshold-injured-liver, guidelines-upfront-resection-low-risk, risk-scores-fong-review-items and
timing-long-chemo-short-interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...timing import MAX_CHEMOTHERAPY_WEEKS
from ..model import Scenario, Strategy
from .fitness import low_operative_risk
from .recurrence import RecurrenceRisk
from .resectable import Resectability


@dataclass(frozen=True)
class Facts:
    scenario: Scenario
    resectability: Resectability
    recurrence: RecurrenceRisk


@dataclass(frozen=True)
class Gate:
    """One question of the pathway. ``leaves(facts)`` True: the patient leaves to ``strategy`` by the edge
    labelled ``exit_label``; False: on to the next gate (``pass_label``)."""

    key: str
    question: str
    exit_label: str
    pass_label: str
    strategy: Strategy
    leaves: Callable[[Facts], bool]
    # The records behind a figure the question states (two segments, 12 weeks, a score of 3, four lesions),
    # and a note where the figure is a convention rather than the review's: the map cites them under it.
    evidence_ids: tuple[str, ...] = ()
    note: str = ""


GATES: tuple[Gate, ...] = (
    Gate(
        "fit",
        "Fit for liver surgery?",
        "no",
        "yes",
        Strategy.SYSTEMIC_THERAPY,
        lambda f: not f.scenario.fit_for_surgery,
    ),
    Gate(
        "extrahepatic",
        "Extrahepatic disease absent or resectable?",
        "no",
        "yes",
        Strategy.SYSTEMIC_THERAPY,
        lambda f: not f.resectability.extrahepatic_resectable,
    ),
    Gate(
        "progressed",
        "Disease progressed on the chemotherapy given?",
        "yes",
        "no, or not stated",
        Strategy.PROGRESSED_ON_CHEMOTHERAPY,
        lambda f: f.scenario.progressed,
    ),
    Gate(
        "liver",
        "All liver disease removable, two segments spared with vessels and ducts?",
        "no",
        "yes",
        Strategy.CONVERSION_CHEMOTHERAPY,
        lambda f: not f.resectability.liver_technically_resectable,
        ("flr-resectability-definition",),
    ),
    Gate(
        "remnant",
        "Remnant large enough for this liver?",
        "no",
        "yes",
        Strategy.LIVER_REMNANT_AUGMENTATION,
        lambda f: not f.resectability.remnant_sufficient,
        ("flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    ),
    Gate(
        "converted",
        "Converted by chemotherapy (not resectable before it)?",
        "yes",
        "no, or not stated",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: f.scenario.chemotherapy_given and f.scenario.initially_resectable is False,
    ),
    Gate(
        "course_complete",
        "12 weeks of chemotherapy already given?",
        "yes",
        "no",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: (
            f.scenario.chemotherapy_given
            and (f.scenario.prior_chemotherapy_weeks or 0) >= MAX_CHEMOTHERAPY_WEEKS
        ),
        ("timing-long-chemo-short-interval",),
    ),
    Gate(
        "liver_only",
        "Disease confined to the liver?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: f.scenario.extrahepatic_disease != "none",
    ),
    Gate(
        "recurrence_risk",
        "Clinical risk score under 3?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: f.recurrence.high,
        ("risk-scores-fong-review-items",),
        "3 or more as high risk is the usual grouping of Fong's score, a convention of how the score is "
        "quoted, not a rule the review gives",
    ),
    Gate(
        "operative_risk",
        "Low operative risk (four or fewer lesions, not called high)?",
        "no",
        "yes",
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        lambda f: not low_operative_risk(f.scenario),
        ("guidelines-upfront-resection-low-risk",),
    ),
    Gate(
        "chemotherapy_started",
        "Chemotherapy already started?",
        "yes",
        "no",
        Strategy.PROCEED_TO_RESECTION,
        lambda f: f.scenario.chemotherapy_given,
    ),
)
DEFAULT_STRATEGY = Strategy.UPFRONT_RESECTION


def choose_strategy(facts: Facts) -> tuple[Strategy, tuple[str, ...]]:
    """The strategy and the keys of the gates passed through (the last one is where the patient left)."""
    path: list[str] = []
    for gate in GATES:
        path.append(gate.key)
        if gate.leaves(facts):
            return gate.strategy, tuple(path)
    return DEFAULT_STRATEGY, tuple(path)
