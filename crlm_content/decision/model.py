"""The walkthrough's vocabulary: the patient (Scenario), the strategies, the flags, steps and actions.

Field names, strategy values and flag codes are public: links, tests and the case library rely on them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..liver import LiverCondition
from ..urlstate import QueryField

__all__ = ["LiverCondition"]

RasStatus = Literal["wild_type", "kras_mutant", "nras_mutant", "unknown"]
Extrahepatic = Literal["none", "resectable", "unresectable"]
FlagKind = Literal["action", "option", "hazard", "note"]
Phase = Literal["first", "then", "reassess"]

RAS_LABELS: dict[RasStatus, str] = {
    "wild_type": "RAS wild-type",
    "kras_mutant": "KRAS-mutant",
    "nras_mutant": "NRAS-mutant",
    "unknown": "RAS not known",
}
EXTRAHEPATIC_LABELS: dict[Extrahepatic, str] = {
    "none": "no extrahepatic disease",
    "resectable": "resectable extrahepatic disease",
    "unresectable": "unresectable extrahepatic disease",
}


class Strategy(StrEnum):
    UPFRONT_RESECTION = "upfront_resection"
    PERIOPERATIVE_CHEMOTHERAPY = "perioperative_chemotherapy"
    CONVERSION_CHEMOTHERAPY = "conversion_chemotherapy"
    LIVER_REMNANT_AUGMENTATION = "liver_remnant_augmentation"
    PROCEED_TO_RESECTION = "proceed_to_resection"
    SYSTEMIC_THERAPY = "systemic_therapy"
    PROGRESSED_ON_CHEMOTHERAPY = "progressed_on_chemotherapy"


STRATEGY_LABELS: dict[Strategy, str] = {
    Strategy.UPFRONT_RESECTION: "Upfront resection (then adjuvant chemotherapy)",
    Strategy.PERIOPERATIVE_CHEMOTHERAPY: "Perioperative (neoadjuvant) chemotherapy, then resection",
    Strategy.CONVERSION_CHEMOTHERAPY: "Conversion therapy (systemic treatment), re-assessing for resection",
    Strategy.LIVER_REMNANT_AUGMENTATION: "Grow the liver remnant first (PVE or two-stage), then resection",
    Strategy.PROCEED_TO_RESECTION: "Proceed to resection (no further chemotherapy before surgery)",
    Strategy.SYSTEMIC_THERAPY: "Systemic therapy without curative intent for now",
    Strategy.PROGRESSED_ON_CHEMOTHERAPY: "No resection now: the disease progressed on chemotherapy (the team "
    "decides what next)",
}

# Strategies with chemotherapy before any liver surgery (the ones whose regimen the engine discusses).
CHEMOTHERAPY_FIRST = frozenset(
    {
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        Strategy.CONVERSION_CHEMOTHERAPY,
        Strategy.SYSTEMIC_THERAPY,
    }
)
# Strategies for disease that cannot be removed now: where the review's biologics evidence applies.
NOT_RESECTABLE_NOW = frozenset({Strategy.CONVERSION_CHEMOTHERAPY, Strategy.SYSTEMIC_THERAPY})
# Strategies with no liver operation planned now: no remnant to grow, no limits before surgery.
NO_OPERATION_NOW = frozenset({Strategy.SYSTEMIC_THERAPY, Strategy.PROGRESSED_ON_CHEMOTHERAPY})


class FlagInfo(BaseModel):
    """A flag's label and kind; a hazard's or a note's ``evidence_ids`` are the records of its rule or figure
    (the ones the step that raises it cites), shown beside it on the page and in the handout."""

    model_config = ConfigDict(frozen=True)

    label: str
    kind: FlagKind
    evidence_ids: tuple[str, ...] = ()


# The records of each hazard's rule: its figure (5 weeks, 4 weeks, 12 weeks, 1 mm) is theirs; and of each
# note that states a finding (the score's items: 12 months, 5 cm, 200 ng/mL; the dMMR studies). The
# guideline note points to the lens, which cites each guideline itself.
FLAG_EVIDENCE: dict[str, tuple[str, ...]] = {
    "flr_insufficient": ("flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    "liver_injury_caution": ("rationale-irinotecan-steatohepatitis", "timing-hepatic-atrophy"),
    "anti_egfr_not_for_resectable": ("biologics-egfr-not-for-resectable", "biologics-new-epoc-os"),
    "bevacizumab_washout_short": ("biologics-bevacizumab-preop-safety",),
    "interval_under_4_weeks": ("timing-long-chemo-short-interval",),
    "duration_over_12_weeks": ("timing-long-chemo-short-interval",),
    "dlm_risk": ("dlm-risk-factors",),
    "margin_submillimetre": ("margins-submillimetre",),
    "high_recurrence_risk": ("risk-scores-fong-review-items",),
    "neoadjuvant_immunotherapy_unsettled": ("immunotherapy-neoadjuvant-dmmr",),
}

FLAG_INFO: dict[str, FlagInfo] = {
    code: FlagInfo(label=label, kind=kind, evidence_ids=FLAG_EVIDENCE.get(code, ()))
    for code, label, kind in (
        ("portal_vein_embolization", "portal vein embolization to grow the remnant", "action"),
        ("two_stage_hepatectomy", "two-stage hepatectomy", "action"),
        ("fiducial_marker", "fiducial markers on lesions at risk of disappearing", "action"),
        ("mri_preferred", "MRI for staging and re-assessment", "action"),
        ("remnant_recheck", "measure the remnant again before surgery (the threshold may rise)", "action"),
        ("complete_risk_assessment", "find the missing prognostic factors", "action"),
        (
            "state_initial_resectability",
            "say whether the disease was resectable before chemotherapy",
            "action",
        ),
        ("molecular_testing_needed", "test the molecular results not yet known", "action"),
        ("test_braf_before_anti_egfr", "test BRAF before any anti-EGFR antibody", "action"),
        ("anti_egfr_option", "anti-EGFR antibody (cetuximab or panitumumab)", "option"),
        ("bevacizumab_option", "bevacizumab", "option"),
        ("immunotherapy_preferred", "pembrolizumab first (dMMR/MSI-H)", "option"),
        ("triplet_option", "FOLFOXIRI triplet", "option"),
        # beside a remnant that must grow first: what would change that patient's chemotherapy
        ("chemotherapy_around_resection", "chemotherapy before and after the resection", "option"),
        ("flr_insufficient", "liver remnant too small for this liver", "hazard"),
        (
            "liver_injury_caution",
            "injured liver: keep chemotherapy short; irinotecan's steatohepatitis is linked to liver failure "
            "after surgery",
            "hazard",
        ),
        ("anti_egfr_not_for_resectable", "no anti-EGFR antibody in initially resectable disease", "hazard"),
        ("bevacizumab_washout_short", "bevacizumab stopped less than 5 weeks before surgery", "hazard"),
        ("interval_under_4_weeks", "less than 4 weeks from chemotherapy to surgery", "hazard"),
        ("duration_over_12_weeks", "more than 12 weeks of chemotherapy", "hazard"),
        ("dlm_risk", "lesions at risk of disappearing", "hazard"),
        ("margin_submillimetre", "expected margin under 1 mm", "hazard"),
        (
            "neoadjuvant_immunotherapy_unsettled",
            "dMMR/MSI-H: neoadjuvant immunotherapy is little studied, a team decision",
            "note",
        ),
        (
            "high_recurrence_risk",
            "high recurrence risk (clinical risk score 3 or more, a convention)",
            "note",
        ),
        ("guidelines_disagree", "not every Table 2 guideline leans this way: see the Guideline lens", "note"),
    )
}
FLAGS = frozenset(FLAG_INFO)


MIN_LESION_CM = 0.01  # the smallest lesion size a box or a link takes (the walkthrough's first minimum)


class Scenario(BaseModel):
    """A patient as the walkthrough describes them; field names are part of the public API."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    synchronous: bool
    disease_free_interval_months: float | None = Field(default=None, ge=0, le=600)
    lesion_count: int = Field(ge=1, le=100)
    # sizes from 0.01 cm (a tenth of a millimetre, below any scan's resolution): "above 0" took 4.9e-324 cm,
    # shown as "5e-324" and counted as a lesion at risk of disappearing
    largest_lesion_cm: float | None = Field(default=None, ge=MIN_LESION_CM, le=30)  # None: not given
    bilobar: bool = False
    extrahepatic_disease: Extrahepatic = "none"
    fit_for_surgery: bool = True
    complete_resection_possible: bool = True
    two_adjacent_segments_spared: bool = True
    vascular_and_biliary_preserved: bool = True
    flr_percent: float = Field(ge=0, le=100)
    liver_condition: LiverCondition = "normal"
    high_operative_risk: bool = False
    resection_easy: bool | None = None
    node_positive_primary: bool | None = None
    cea_ng_ml: float | None = Field(default=None, ge=0, le=100000)
    ras_status: RasStatus = "unknown"
    braf_v600e: bool | None = None
    msi_high_or_dmmr: bool | None = None
    good_performance_status: bool | None = None
    prior_chemotherapy_weeks: float | None = Field(default=None, ge=0, le=104)
    initially_resectable: bool | None = None  # resectable before any chemotherapy (None: not stated)
    progression_on_chemotherapy: bool | None = None  # at restaging after it (None: not stated)
    planned_preop_weeks: float | None = Field(default=None, ge=0, le=104)
    weeks_from_last_bevacizumab_to_surgery: float | None = Field(default=None, ge=0, le=104)
    weeks_from_last_chemotherapy_to_surgery: float | None = Field(default=None, ge=0, le=104)
    smallest_lesion_cm: float | None = Field(default=None, ge=MIN_LESION_CM, le=30)
    deepest_lesion_depth_cm: float | None = Field(default=None, ge=0, le=25)
    expected_margin_mm: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if (
            self.smallest_lesion_cm is not None
            and self.largest_lesion_cm is not None
            and self.smallest_lesion_cm > self.largest_lesion_cm
        ):
            raise ValueError("smallest_lesion_cm: the smallest lesion cannot be larger than the largest")
        if self.lesion_count == 1 and self.bilobar:
            raise ValueError("bilobar: a single lesion cannot be in both lobes")
        if self.initially_resectable is not None and not self.chemotherapy_given:
            raise ValueError(
                "initially_resectable: this answer is about chemotherapy already given; enter its weeks, or "
                "leave the answer as not known"
            )
        if self.progression_on_chemotherapy is not None and not self.chemotherapy_given:
            raise ValueError(
                "progression_on_chemotherapy: this answer is about chemotherapy already given; enter its "
                "weeks, or leave the answer as not known"
            )
        if self.synchronous and self.disease_free_interval_months not in (None, 0):
            raise ValueError("disease_free_interval_months: synchronous metastases have an interval of 0")
        return self

    @property
    def chemotherapy_given(self) -> bool:
        """Chemotherapy already given for these metastases (None or 0 weeks: none)."""
        return bool(self.prior_chemotherapy_weeks)

    @property
    def progressed(self) -> bool:
        """The disease progressed on the course given (the weeks box may hold a pembrolizumab course too): the
        progressed gate's question, and what every plan that gives systemic therapy after it must say."""
        return self.chemotherapy_given and self.progression_on_chemotherapy is True


FIELD_LABELS: dict[str, str] = {
    "synchronous": "Synchronous metastases (found with the primary)",
    "disease_free_interval_months": "Disease-free interval (months)",
    "lesion_count": "Number of liver lesions",
    "largest_lesion_cm": "Largest lesion (cm)",
    "smallest_lesion_cm": "Smallest lesion (cm)",
    "bilobar": "Both lobes involved",
    "extrahepatic_disease": "Extrahepatic disease",
    "fit_for_surgery": "Medically fit for liver surgery",
    "complete_resection_possible": "All liver disease can be removed (in one or two stages)",
    "two_adjacent_segments_spared": "Two adjacent segments can be spared",
    "vascular_and_biliary_preserved": "Inflow, outflow and biliary drainage preserved",
    "flr_percent": "Future liver remnant (% of total liver volume)",
    "liver_condition": "Liver condition",
    "high_operative_risk": "High operative risk (the review's term)",
    "resection_easy": "Resection of primary and metastases considered easy",
    "node_positive_primary": "Node-positive primary",
    "cea_ng_ml": "CEA (ng/mL)",
    "ras_status": "RAS status",
    "braf_v600e": "BRAF V600E mutation",
    "msi_high_or_dmmr": "MSI-H or dMMR",
    "good_performance_status": "Fit for an intensive (triplet) regimen",
    "prior_chemotherapy_weeks": "Chemotherapy already given for these metastases (weeks)",
    "initially_resectable": "Resectable before any chemotherapy (initially resectable)",
    "progression_on_chemotherapy": "Disease progressed on that chemotherapy (at restaging)",
    "planned_preop_weeks": "Further chemotherapy planned before surgery (weeks)",
    "weeks_from_last_bevacizumab_to_surgery": "Weeks from last bevacizumab to surgery",
    "weeks_from_last_chemotherapy_to_surgery": "Weeks from last chemotherapy to surgery",
    "deepest_lesion_depth_cm": "Deepest lesion, depth from the liver surface (cm)",
    "expected_margin_mm": "Expected margin (mm)",
}


class Step(BaseModel):
    """One step of the pathway: what this patient shows (finding) and the general reason (reasoning)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    finding: str
    reasoning: str
    evidence_ids: tuple[str, ...] = Field(min_length=1)
    flags: tuple[str, ...] = ()
    gap: str | None = None


class Action(BaseModel):
    """One thing to do, in the order a board would do it."""

    model_config = ConfigDict(frozen=True)

    phase: Phase
    text: str
    evidence_ids: tuple[str, ...] = Field(min_length=1)


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    strategy: Strategy
    resectable: bool
    flags: frozenset[str]
    steps: tuple[Step, ...]
    actions: tuple[Action, ...] = ()
    path: tuple[str, ...] = ()  # the keys of the pathway gates this patient went through, in order
    # the disease progressed on the course given (``Scenario.progressed``), whichever gate the patient left
    # by: an unfit patient's systemic plan is after progression too
    progressed: bool = False
    # a course (chemotherapy or pembrolizumab) already given for these metastases
    # (``Scenario.chemotherapy_given``): pembrolizumab is not "first" after it
    course_given: bool = False

    @property
    def resectability_summary(self) -> str:
        """Resectable now, not, or removable with too small a remnant (the one case the remnant gate decides:
        a surgical problem, not unresectable disease)."""
        if self.strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
            return (
                "The disease could be removed as entered, but it progressed on chemotherapy: not now."
                if self.resectable
                else "Not resectable now, and the disease progressed on chemotherapy."
            )
        if self.resectable and self.path[-1:] == ("fit",):  # the disease is, the patient is not
            return "The disease is resectable, but the patient is not fit for liver surgery now."
        if self.resectable:
            return "Resectable now."
        if self.strategy is Strategy.LIVER_REMNANT_AUGMENTATION:
            return "All disease removable, but the remnant is too small for now."
        return "Not resectable now."

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(f"no step {key!r}")

    def flags_of(self, kind: FlagKind) -> tuple[str, ...]:
        return tuple(code for code in FLAG_INFO if code in self.flags and FLAG_INFO[code].kind == kind)

    def option_labels(self) -> tuple[str, ...]:
        """The options' labels, as the page's badges and the handout list them (``option_labels``)."""
        first = "immunotherapy_preferred" in self.flags
        return option_labels(
            self.flags_of("option"),
            self.strategy,
            pembrolizumab_first=first,
            progressed=self.progressed,
            course_given=self.course_given,
        )


def option_labels(
    codes: Iterable[str],
    strategy: Strategy,
    *,
    pembrolizumab_first: bool,
    removed: bool = False,
    progressed: bool = False,
    course_given: bool = False,
) -> tuple[str, ...]:
    """Option flags as a plan shows them (its badges, its handout, what would change it). Beside pembrolizumab
    first (dMMR/MSI-H) the chemotherapy and biologic options are for a patient not given it, as the regimen
    step says: listed bare beside it, they read as options to add to it; and pembrolizumab comes first. A
    perioperative plan's title already says chemotherapy before and after the resection: no label repeats it.
    After progression pembrolizumab is labelled as the option it is only where the course that progressed was
    chemotherapy, with its trial's first-line setting: in the progressed plan, and (``progressed``) in any
    other plan made after progression (an unfit patient's, unresectable extrahepatic disease's). After a
    course that did not progress (``course_given``, progression no or not known) it is not "first" either:
    the course may have been pembrolizumab, to continue, or chemotherapy, which the review gives no rule to
    switch (the plan's first actions say so), and the label says the first.

    ``removed``: options a change takes away (what would change it), named plainly. The progressed plan's
    qualifier is about the progression, which the change may remove ('with disease that did not progress'),
    and names its option; 'first' is not what that plan said either.
    """
    shown = [
        code
        for code in codes
        if not (code == "chemotherapy_around_resection" and strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY)
    ]
    shown.sort(key=lambda code: code != "immunotherapy_preferred")  # stable: the rest keep their order
    after = " (if not given pembrolizumab)" if pembrolizumab_first else ""
    progressed = progressed or strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
    if removed:
        pembrolizumab = PEMBROLIZUMAB_PLAIN if progressed or course_given else FLAG_INFO[IMMUNOTHERAPY].label
    elif progressed:
        pembrolizumab = PEMBROLIZUMAB_AFTER_PROGRESSION
    elif course_given:
        pembrolizumab = PEMBROLIZUMAB_AFTER_COURSE
    else:
        pembrolizumab = FLAG_INFO[IMMUNOTHERAPY].label
    return tuple(pembrolizumab if code == IMMUNOTHERAPY else FLAG_INFO[code].label + after for code in shown)


IMMUNOTHERAPY = "immunotherapy_preferred"


# After progression pembrolizumab is not "first": its trial [96] gave it before any treatment for metastatic
# disease, which the label says rather than borrow the first-line plans' wording. And it is the review's
# alternative to chemotherapy, so an option only where the course that progressed was chemotherapy: the weeks
# box also holds a pembrolizumab course, after whose failure the review has no result.
PEMBROLIZUMAB_AFTER_PROGRESSION = (
    "pembrolizumab (dMMR/MSI-H), if the course that progressed was chemotherapy (its trial gave it "
    "first-line, not after progression)"
)
# After a course that did not progress (or not known to have): continued if it was pembrolizumab; after
# chemotherapy the review has no rule for switching (``steps.pembrolizumab_after_course``, in Do first). Said
# without pointing at Do first: a 'what would change it' line names the option of another plan.
PEMBROLIZUMAB_AFTER_COURSE = "pembrolizumab (dMMR/MSI-H), continued if that was the course given"
PEMBROLIZUMAB_PLAIN = "pembrolizumab (dMMR/MSI-H)"  # the drug and its tumours, as the plans' actions name it


def _is_number(annotation: object) -> bool:
    return annotation in (int, float) or any(arg in (int, float) for arg in get_args(annotation))


# The Scenario's number fields, in the model's order: each has one range, the model's own (below).
NUMBER_FIELDS = tuple(name for name, info in Scenario.model_fields.items() if _is_number(info.annotation))


@functools.cache
def scenario_number_field(name: str, default: float | None = None) -> QueryField:
    """The link parameter and number box of a number field of ``Scenario``, its range read from the model's
    own constraints (``ge`` or ``gt`` for the minimum, ``gt`` held above it; ``le``; an ``int`` field is kind
    ``int``), so a link, a box and the model hold the field to one range and cannot drift apart. Optional:
    an emptied box writes "none" and reopens empty, and the model names it if the plan needs it."""
    info = Scenario.model_fields[name]
    if not _is_number(info.annotation):
        raise KeyError(f"{name!r} is not a number field of Scenario")
    minimum: float | None = None
    maximum: float | None = None
    above_minimum = False
    for constraint in info.metadata:
        if (ge := getattr(constraint, "ge", None)) is not None:
            minimum = float(ge)
        if (gt := getattr(constraint, "gt", None)) is not None:
            minimum, above_minimum = float(gt), True
        if (le := getattr(constraint, "le", None)) is not None:
            maximum = float(le)
        if getattr(constraint, "lt", None) is not None:  # a box cannot say "below 30" yet: add it there first
            raise TypeError(f"{name}: an exclusive maximum (lt) has no QueryField wording")
    whole = info.annotation is int or int in get_args(info.annotation)
    return QueryField(
        name,
        "int" if whole else "float",
        default,
        optional=True,
        minimum=minimum,
        maximum=maximum,
        above_minimum=above_minimum,
    )


# Pydantic's errors for a number the field's range or kind refuses: past a bound, or past any bound (1e19
# in a count: "exceeded maximum size"; inf, nan), a fraction in a count, an empty required box.
_NUMBER_ERRORS = frozenset(
    {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "int_parsing_size",
        "finite_number",
        "int_from_float",
        "float_type",
        "int_type",
    }
)


def validate_scenario(data: dict[str, object]) -> tuple[Scenario | None, list[str]]:
    """A Scenario, or None with one plain message per problem, each naming the field; a number box's
    problem in the words every box uses (``QueryField.box_problem``)."""
    try:
        return Scenario.model_validate(data), []
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            loc = ".".join(str(p) for p in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if loc in NUMBER_FIELDS and error["type"] in _NUMBER_ERRORS:
                message = scenario_number_field(loc).box_problem(error["input"]) or message
            head, _, rest = message.partition(": ")
            if not loc and head in Scenario.model_fields and rest:
                loc, message = head, rest
            label = FIELD_LABELS.get(loc, loc.replace("_", " ") or "scenario")
            messages.append(f"{label}: {message}")
        return None, messages


def sentence_case(text: str) -> str:
    """First letter up, the rest as written (keeps EGFR, RAS, PVE)."""
    return text[:1].upper() + text[1:]
