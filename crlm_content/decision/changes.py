"""What would change this plan: for each input, the nearest value that changes the strategy or the options.

The search asks the engine itself (``steps.choose_strategy`` and ``steps.regimen``), so it never holds a
threshold of its own: a numeric boundary is found by scanning and halving, then worded from where the
outcome flips ("above 200", "at least 20").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from ..formatting import format_number
from ..liver import LIVER_CONDITION_PHRASES, LiverCondition
from ..scores import FONG_INTERVAL_MONTHS
from . import steps
from .model import (
    EXTRAHEPATIC_LABELS,
    FIELD_LABELS,
    FLAG_INFO,
    RAS_LABELS,
    STRATEGY_LABELS,
    Extrahepatic,
    RasStatus,
    Scenario,
    Strategy,
    option_labels,
)

OPTION_FLAGS = tuple(code for code, info in FLAG_INFO.items() if info.kind == "option")
# The records behind the figure a numeric input's change is worded by (the rules' own cut-offs): the page
# cites them beside the change ("a remnant below 20% [93]"), as the step-by-step tab cites the rules.
FIELD_EVIDENCE: dict[str, tuple[str, ...]] = {
    "synchronous": ("risk-scores-fong-review-items",),  # metachronous "with an interval of 12 months or more"
    "flr_percent": ("flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    "disease_free_interval_months": ("risk-scores-fong-review-items",),
    "largest_lesion_cm": ("risk-scores-fong-review-items",),
    "cea_ng_ml": ("risk-scores-fong-review-items",),
    "prior_chemotherapy_weeks": ("timing-long-chemo-short-interval",),
    "planned_preop_weeks": ("timing-long-chemo-short-interval",),
    "two_adjacent_segments_spared": ("flr-resectability-definition",),  # "two", in words
}
Outcome = tuple[Strategy, frozenset[str]]


class Change(BaseModel):
    """One input that, changed to ``condition``, changes the plan."""

    model_config = ConfigDict(frozen=True)

    field: str
    condition: str  # "a remnant above 30%"
    strategy: Strategy
    gained: tuple[str, ...]  # option flags the change adds
    lost: tuple[str, ...]  # option flags it removes

    effect: str  # "upfront resection (then adjuvant chemotherapy); anti-EGFR ... becomes an option"

    @property
    def text(self) -> str:
        return f"With {self.condition}: {self.effect}."

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        """The records behind the cut-off the condition states (``FIELD_EVIDENCE``); () where it states none
        ("no chemotherapy given yet", a yes/no input)."""
        stated = any(character.isdigit() for character in self.condition)
        if not stated and self.field != "two_adjacent_segments_spared":
            return ()
        if self.field == "lesion_count":  # four or more: operative risk's four; fewer: Fong's "more than one"
            many = _first_number(self.condition) >= steps.LOW_RISK_MAX_LESIONS  # 4 or 5: the low-risk gloss
            return ("guidelines-upfront-resection-low-risk",) if many else ("risk-scores-fong-review-items",)
        return FIELD_EVIDENCE.get(self.field, ())


def _first_number(text: str) -> float:
    return float(re.search(r"\d+(?:\.\d+)?", text).group())  # type: ignore[union-attr]


def _effect(
    now: Strategy,
    strategy: Strategy,
    gained: tuple[str, ...],
    lost: tuple[str, ...],
    *,
    pembrolizumab_first: bool = False,
    given_counts: bool = False,
    progressed: tuple[bool, bool] = (False, False),
    course_given: tuple[bool, bool] = (False, False),
) -> str:
    """The change in words, its options labelled and ordered as the plan it leads to shows them
    (``option_labels``: pembrolizumab first, the others 'if not given pembrolizumab').

    ``given_counts``: the plan it leads to counts chemotherapy already given (a remnant to grow, after a
    course begun): a course planned before and after the resection is not taken away, it gives way to what
    was given ('no longer an option' read as if chemotherapy stopped, while that plan completes the course
    after surgery).

    ``progressed``: whether the disease progressed on the course given (``Scenario.progressed``) now and
    after the change: an option is labelled as the plan made then shows it (pembrolizumab's condition after
    progression, in the progressed plan or an unfit patient's systemic one); ``course_given`` likewise, for a
    course already given (pembrolizumab is not 'first' after it)."""
    parts = []
    if strategy is not now:
        parts.append(STRATEGY_LABELS[strategy][0].lower() + STRATEGY_LABELS[strategy][1:])
    parts += [
        f"{label} becomes an option"
        for label in option_labels(
            gained,
            strategy,
            pembrolizumab_first=pembrolizumab_first,
            progressed=progressed[1],
            course_given=course_given[1],
        )
    ]
    if given_counts and "chemotherapy_around_resection" in lost:
        lost = tuple(code for code in lost if code != "chemotherapy_around_resection")
        parts.append(
            "what more chemotherapy to give, and when, takes what was given into account (instead of a "
            "course planned before and after the resection)"
        )
    # the plan it leaves, its options named plainly: after progression the plan's qualifier is about the
    # progression the change may remove (a perioperative plan's title still names its own)
    parts += [
        f"{label} no longer an option"
        for label in option_labels(
            lost,
            now,
            pembrolizumab_first=False,
            removed=True,
            progressed=progressed[0],
            course_given=course_given[0],
        )
    ]
    return "; ".join(parts)


def outcome(s: Scenario) -> Outcome:
    """The strategy and the regimen options: what a change must alter to count."""
    facts = steps.Facts(
        scenario=s, resectability=steps.assess_resectability(s), recurrence=steps.assess_recurrence_risk(s)
    )
    strategy, _ = steps.choose_strategy(facts)
    options = frozenset(f for f in steps.regimen(s, strategy).flags if f in OPTION_FLAGS)
    return strategy, options


def _variant(s: Scenario, **changes: object) -> Scenario | None:
    try:
        return Scenario.model_validate(s.model_dump() | changes)
    except ValidationError:
        return None


def _yes_no(field: str, value: bool) -> str:
    phrases = {
        "synchronous": ("synchronous metastases", "metachronous metastases"),
        "bilobar": ("disease in both lobes", "disease in one lobe"),
        "fit_for_surgery": ("a patient fit for liver surgery", "a patient unfit for liver surgery"),
        "complete_resection_possible": (
            "all liver disease removable",
            "liver disease that cannot all be removed",
        ),
        "two_adjacent_segments_spared": ("two adjacent segments spared", "two adjacent segments not spared"),
        "vascular_and_biliary_preserved": ("vessels and ducts preserved", "vessels or ducts not preserved"),
        "high_operative_risk": ("operative risk called high", "operative risk not called high"),
        "resection_easy": ("resection judged easy", "resection judged not easy"),
        "node_positive_primary": ("a node-positive primary", "a node-negative primary"),
        "braf_v600e": ("BRAF V600E present", "BRAF tested wild-type"),
        "msi_high_or_dmmr": ("a dMMR/MSI-H tumour", "a mismatch-repair-proficient tumour"),
        "initially_resectable": (
            "disease that was resectable before chemotherapy",
            "disease converted by chemotherapy",
        ),
        "progression_on_chemotherapy": (
            "disease that progressed on the chemotherapy given",
            "disease that did not progress on the chemotherapy given",
        ),
        "good_performance_status": ("good performance status", "limited performance status"),
    }
    yes, no = phrases[field]
    return yes if value else no


def _metachronous(s: Scenario) -> Iterator[tuple[str, str, Scenario | None]]:
    """A synchronous patient made metachronous. Synchronous disease counts as an interval of 0 in Fong's
    score; a metachronous one needs an interval nobody entered, so it is tried on both sides of Fong's cut-off
    (under 12 months, as synchronous disease scores, and 12 or more), and the change is worded with the
    interval that makes it. Without one, the point would vanish only because the interval became unknown."""
    cut_off = FONG_INTERVAL_MONTHS
    under = _variant(s, synchronous=False, disease_free_interval_months=0.0)
    over = _variant(s, synchronous=False, disease_free_interval_months=float(cut_off))
    if under is None or over is None:
        return
    if outcome(under) == outcome(over):  # the interval makes no difference: metachronous is the change
        yield "synchronous", _yes_no("synchronous", False), under
        return
    interval = "metachronous metastases after a disease-free interval"
    yield "synchronous", f"{interval} under {cut_off} months", under
    yield "synchronous", f"{interval} of {cut_off} months or more", over


def _categorical(s: Scenario) -> Iterator[tuple[str, str, Scenario | None]]:
    for field in (
        "synchronous",
        "bilobar",
        "fit_for_surgery",
        "complete_resection_possible",
        "two_adjacent_segments_spared",
        "vascular_and_biliary_preserved",
        "high_operative_risk",
    ):
        value = not getattr(s, field)
        if field == "synchronous" and not value:
            yield from _metachronous(s)
            continue
        extra: dict[str, object] = {}
        if field == "synchronous":  # a synchronous patient's interval is 0 (or not entered), never another
            extra["disease_free_interval_months"] = None
        yield field, _yes_no(field, value), _variant(s, **{field: value}, **extra)
    for field in (
        "resection_easy",
        "node_positive_primary",
        "braf_v600e",
        "msi_high_or_dmmr",
        "good_performance_status",
        "initially_resectable",
        "progression_on_chemotherapy",
    ):
        for value in (True, False):
            if getattr(s, field) is not value:
                yield field, _yes_no(field, value), _variant(s, **{field: value})
    for choice in get_args(Extrahepatic):
        if choice != s.extrahepatic_disease:
            yield (
                "extrahepatic_disease",
                EXTRAHEPATIC_LABELS[choice],
                _variant(s, extrahepatic_disease=choice),
            )
    for condition in get_args(LiverCondition):
        if condition != s.liver_condition:
            yield (
                "liver_condition",
                LIVER_CONDITION_PHRASES[condition],
                _variant(s, liver_condition=condition),
            )
    for ras in get_args(RasStatus):
        if ras not in (s.ras_status, "unknown"):
            article = "an" if RAS_LABELS[ras].startswith("NRAS") else "a"  # "en-RAS"
            yield "ras_status", f"{article} {RAS_LABELS[ras]} tumour", _variant(s, ras_status=ras)
    # Not for converted disease: without the chemotherapy that converted it, the disease was not resectable
    if s.chemotherapy_given and s.initially_resectable is not False:
        yield (
            "prior_chemotherapy_weeks",
            "no chemotherapy given yet",
            _variant(
                s, prior_chemotherapy_weeks=None, initially_resectable=None, progression_on_chemotherapy=None
            ),
        )

    else:
        yield (
            "prior_chemotherapy_weeks",
            "chemotherapy already given",
            _variant(s, prior_chemotherapy_weeks=8),
        )


# field -> (low, high, integer, phrase template with {rel} and {value}, unit)
_NUMERIC: dict[str, tuple[float, float, bool, str]] = {
    "flr_percent": (0, 100, False, "a remnant {rel} {value}%"),
    "lesion_count": (1, 100, True, "{value}"),
    "largest_lesion_cm": (0.1, 30, False, "a largest lesion {rel} {value} cm"),
    "cea_ng_ml": (0, 100000, False, "CEA {rel} {value} ng/mL"),
    "disease_free_interval_months": (0, 600, False, "a disease-free interval {rel} {value} months"),
    # scanned only once chemotherapy has been given (none given is the yes/no change above)
    "prior_chemotherapy_weeks": (0.5, 104, False, "{rel} {value} weeks of chemotherapy already given"),
}


# Words for a value strictly past a cut-off where "above" and "below" do not read: weeks are more or fewer.
_STRICT_WORDS: dict[str, tuple[str, str]] = {"prior_chemotherapy_weeks": ("more than", "fewer than")}


def _grid(low: float, high: float, integer: bool) -> list[float]:
    points = {low, high}
    points.update(low + (high - low) * k / 60 for k in range(61))
    for decade in range(-1, 6):
        for mantissa in (1, 2, 3, 5):
            value = mantissa * 10.0**decade
            if low <= value <= high:
                points.add(value)
    if integer:
        points = {float(round(p)) for p in points} | {
            float(v) for v in range(int(low), min(int(high), 12) + 1)
        }
    return sorted(points)


def _round(value: float) -> bool:
    return math.isclose(value * 2, round(value * 2), abs_tol=1e-9)


def _numeric(s: Scenario, field: str, now: Outcome) -> Iterator[tuple[str, Scenario]]:
    current = getattr(s, field)
    if (
        current is None
        or (field == "disease_free_interval_months" and s.synchronous)
        or (field == "prior_chemotherapy_weeks" and not s.chemotherapy_given)  # 0 weeks: none given yet
    ):
        return
    low, high, integer, template = _NUMERIC[field]
    strict = _STRICT_WORDS.get(field, ("above", "below"))
    resolution = 1.0 if integer else 0.01

    def at(value: float) -> tuple[Scenario | None, bool]:
        variant = _variant(s, **{field: int(value) if integer else value})
        return variant, variant is not None and outcome(variant) != now

    for direction in (1, -1):
        candidates = [v for v in _grid(low, high, integer) if (v - current) * direction > 0]
        candidates.sort(key=lambda v: abs(v - current))
        inside = float(current)
        for value in candidates:
            variant, changed = at(value)
            if variant is None:
                break
            if not changed:
                inside = value
                continue
            outside = value
            while abs(outside - inside) > resolution + 1e-9:  # halve towards the flip
                middle = (inside + outside) / 2
                middle = round(middle) if integer else round(middle, 2)
                if middle in (inside, outside):
                    break
                if at(middle)[1]:
                    outside = middle
                else:
                    inside = middle
            variant, _ = at(outside)
            assert variant is not None
            if integer:
                count = int(outside)  # "1 lesion", not "1 lesions"
                phrase = template.format(
                    value=steps.plural(count, "lesion") if field == "lesion_count" else count, rel=""
                )
            elif direction > 0:
                phrase = template.format(
                    rel="at least" if _round(outside) else strict[0],
                    value=format_number(outside if _round(outside) else inside, decimals=2),
                )
            else:
                phrase = template.format(
                    rel="at most" if _round(outside) else strict[1],
                    value=format_number(outside if _round(outside) else inside, decimals=2),
                )
            yield phrase, variant
            break


def what_changes(scenario: Scenario) -> tuple[Change, ...]:
    """For each input, the nearest value that changes the strategy or the regimen options, in field order."""
    now = outcome(scenario)
    found: list[Change] = []

    def record(field: str, condition: str, variant: Scenario | None) -> None:
        if variant is None:
            return
        strategy, options = outcome(variant)
        if (strategy, options) == now:
            return
        gained = tuple(f for f in OPTION_FLAGS if f in options - now[1])
        lost = tuple(f for f in OPTION_FLAGS if f in now[1] - options)
        found.append(
            Change(
                field=field,
                condition=condition,
                strategy=strategy,
                gained=gained,
                lost=lost,
                effect=_effect(
                    now[0],
                    strategy,
                    gained,
                    lost,
                    pembrolizumab_first="immunotherapy_preferred" in options,
                    given_counts=strategy is Strategy.LIVER_REMNANT_AUGMENTATION
                    and steps.augmentation_chemotherapy(variant) == "given",
                    progressed=(scenario.progressed, variant.progressed),
                    course_given=(scenario.chemotherapy_given, variant.chemotherapy_given),
                ),
            )
        )

    for field, condition, variant in _categorical(scenario):
        record(field, condition, variant)
    for field in _NUMERIC:
        for condition, variant in _numeric(scenario, field, now):
            record(field, condition, variant)
    order = list(FIELD_LABELS)
    return tuple(sorted(found, key=lambda c: order.index(c.field)))


def group_changes(changes: tuple[Change, ...]) -> tuple[tuple[str, tuple[Change, ...]], ...]:
    """Changes with the same effect together: (effect, changes), in the order first met."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.effect, []).append(change)
    return tuple((effect, tuple(grouped)) for effect, grouped in groups.items())
