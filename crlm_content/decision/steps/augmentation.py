"""Systemic therapy beside a liver remnant that must grow first (the liver-remnant augmentation plan of steps
3 and 7): the engine's own gates asked for the same patient with a large enough remnant decide whether
chemotherapy goes around the operation (high recurrence risk, resectable extrahepatic disease, higher
operative risk), after it, is already given, or waits on missing risk-score items. Rests on
table-2-esmo-resectable, risk-scores-fong-review-items, resectable-eortc-40983-design,
guidelines-upfront-resection-low-risk and table-2-asco-regimens.
"""

from __future__ import annotations

from ..model import Scenario
from .gates import DEFAULT_STRATEGY, Facts, choose_strategy
from .recurrence import assess_recurrence_risk
from .resectable import Resectability, assess_resectability


def augmentation_gate(s: Scenario) -> str:
    """Where the same patient with a large enough remnant would leave the pathway: the gate key of
    ``GATES`` (``""``: through every gate, upfront resection)."""
    resect = assess_resectability(s)
    facts = Facts(
        scenario=s,
        resectability=Resectability(
            liver_technically_resectable=resect.liver_technically_resectable,
            remnant_sufficient=True,
            extrahepatic_resectable=resect.extrahepatic_resectable,
        ),
        recurrence=assess_recurrence_risk(s),
    )
    strategy, path = choose_strategy(facts)
    return "" if strategy is DEFAULT_STRATEGY else path[-1]


def augmentation_chemotherapy(s: Scenario) -> str:
    """Systemic therapy beside a remnant that must grow first, by the engine's own rules for the same patient
    with a large enough remnant: ``given`` (chemotherapy already given: what more takes it into account),
    ``around`` (perioperative: high recurrence risk, resectable extrahepatic disease or higher operative
    risk), ``undecided`` (the missing score items decide) or ``after`` (after resection)."""
    if s.chemotherapy_given:
        return "given"
    if augmentation_gate(s) in AUGMENTATION_AROUND:
        return "around"
    return "undecided" if assess_recurrence_risk(s).undecided else "after"


# Why the same patient with enough remnant would have perioperative chemotherapy, by the gate it leaves at:
# (the strategy step's sentence, the action's reason, the records).
AUGMENTATION_AROUND: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "liver_only": (
        "with resectable disease outside the liver, an adverse factor that EORTC 40983 excluded, ESMO's "
        "advice for an unfavourable prognosis is perioperative chemotherapy.",
        "as resectable disease outside the liver favours",
        ("risk-scores-fong-review-items", "resectable-eortc-40983-design", "table-2-esmo-resectable"),
    ),
    "recurrence_risk": (
        "with a high recurrence risk, ESMO advises perioperative chemotherapy.",
        "as the high recurrence risk favours",
        ("table-2-esmo-resectable",),
    ),
    "operative_risk": (
        "not at low operative risk as the review uses the term, which the walkthrough reads as a reason for "
        "perioperative chemotherapy (a reading, for the team).",
        "as the walkthrough reads higher operative risk",
        ("guidelines-upfront-resection-low-risk",),
    ),
}

AUGMENTATION_SYSTEMIC = {
    "given": "The chemotherapy already given counts: what more to give, and when, takes it into account "
    "(ASCO).",
    "undecided": "Systemic therapy follows prognosis as in any resectable disease: the missing items of the "
    "risk score decide between perioperative chemotherapy (high risk, ESMO) and chemotherapy after "
    "resection.",
    "after": "Systemic therapy follows prognosis as in any resectable disease: without high-risk features, "
    "chemotherapy after resection.",
}


def augmentation_systemic_text(s: Scenario) -> tuple[str, tuple[str, ...]]:
    """The strategy step's sentence on systemic therapy beside a remnant to grow, with its records."""
    plan = augmentation_chemotherapy(s)
    if plan == "around":
        sentence, _, ids = AUGMENTATION_AROUND[augmentation_gate(s)]
        return "Systemic therapy follows the walkthrough's rules for resectable disease: " + sentence, ids
    if plan == "given":
        return AUGMENTATION_SYSTEMIC[plan], ("table-2-asco-regimens",)
    return AUGMENTATION_SYSTEMIC[plan], ("table-2-esmo-resectable", "guidelines-upfront-resection-low-risk")
