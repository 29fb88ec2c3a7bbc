"""Pure logic for the Tools pages: inputs from widgets, edited tables and URLs in; display-ready results out.

The clinical rules live in the calculators (``scores``, ``response``, ``liver``, ``timing``); this module only
validates and parses what a visitor entered, calls the calculators, and arranges their results for display.
Every message names the field as the page labels it, so the visitor knows what to fix. Tables travel in the
URL in a compact text form (``liver:35/20/22,lung:12/10/10``); each parser returns what it understood and a
list of what it ignored, and never raises.

Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from .catalog import Catalog
from .formatting import format_near, format_number, format_percent
from .liver import (
    ETLV_INTERCEPT_ML,
    ETLV_SLOPE_ML_PER_M2,
    FLR_THRESHOLDS,
    FLR_VOLUME_MAX_ML,
    Comparator,
    LiverCondition,
    estimated_total_liver_volume_ml,
    flr_sufficient,
    standardized_flr_percent,
)
from .response import (
    RECIST_LESION_MAX_MM,
    RECIST_MAX_TARGET_LESIONS,
    RECIST_PD_ABSOLUTE_MM,
    RECIST_PD_INCREASE_PERCENT,
    RECIST_PR_DECREASE_PERCENT,
    CeaResult,
    cea_response,
)
from .scores import (
    CEA_MAX_NG_ML,
    DFI_MAX_MONTHS,
    LARGEST_MAX_CM,
    TUMOURS_MAX,
    FongResult,
    GameResult,
    ModifiedClinicalResult,
    PublishedOutcomes,
    fong_score,
    game_score,
    modified_clinical_score,
)
from .timing import (
    CYCLE_LENGTH_MAX_WEEKS,
    CYCLES_MAX,
    MAX_CHEMOTHERAPY_WEEKS,
    TimingWarning,
    cycles_to_weeks,
    preoperative_timing_warnings,
)
from .urlstate import ParamValue, QueryField
from .validation import cell_number
from .validation import is_blank as _is_blank

Record = Mapping[str, object]

# ----------------------------------------------------------------------------------------------------------
# Shared helpers
# ----------------------------------------------------------------------------------------------------------


def name_fields(message: str, labels: Mapping[str, str]) -> str:
    """Replace a calculator's argument names (``largest_tumour_cm``) with the page's field labels."""
    for argument, label in sorted(labels.items(), key=lambda item: -len(item[0])):
        message = re.sub(rf"\b{re.escape(argument)}\b", label, message)
    return message[:1].upper() + message[1:]


def _dedupe(messages: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def exact_sum(values: Sequence[float]) -> float:
    """Sum of decimals as typed (35.1 + 20.2 is 55.3, not 55.300000000000004), rounded once."""
    return float(sum((Fraction(repr(float(v))) for v in values), Fraction(0)))


def _cell_number(value: object) -> tuple[float | None, str | None]:
    """A table cell as a number; a text cell that is not a number is quoted in the problem."""
    number, problem = cell_number(value)
    if problem == "is not a number" and isinstance(value, str):
        return None, f"'{value.strip()[:20]}' is not a number"
    return number, problem


def _param_number(text: str) -> float | None:
    """A number from a URL table entry: None when empty; ValueError with a short reason otherwise."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        number = float(stripped)
    except ValueError:
        raise ValueError(f"'{stripped[:20]}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{stripped[:20]}' is not a finite number")
    return number


def _encode_number(value: object) -> str:
    number, problem = _cell_number(value)
    return "" if number is None or problem else format_number(number)


# ----------------------------------------------------------------------------------------------------------
# Dates in the URL
# ----------------------------------------------------------------------------------------------------------

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
DATE_FORMAT_HINT = "a date written as YYYY-MM-DD"
DATE_WIDGET_FORMAT = "YYYY-MM-DD"  # how date widgets and date columns display dates


def parse_iso_date(text: str) -> date:
    """A calendar date from ``YYYY-MM-DD`` within 2000-2099; ValueError says why not."""
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
        raise ValueError(f"'{stripped[:20]}' is not {DATE_FORMAT_HINT}")
    try:
        value = date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(f"'{stripped}' is not a real calendar date") from None
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"'{stripped}' is outside {DATE_MIN.year}-{DATE_MAX.year}")
    return value


@dataclass(frozen=True)
class DateField(QueryField):
    """A calendar date in the URL (``start=2025-01-06``), kept as its ISO text.

    ``urlstate`` has no date kind, so the value stays text (a valid ``ParamValue``) and the page keeps the
    date widget under ``widget_key``. With ``always_in_url`` the date is written even when it equals the
    default (a default of "today" must not drift when a link is opened on another day).
    """

    always_in_url: bool = False

    @property
    def widget_key(self) -> str:
        return f"{self.key}_date"

    def _parse(self, raw: Sequence[str]) -> ParamValue:
        value = raw[-1] if raw else ""
        if self.optional and value.strip() in ("", "none"):
            return None
        return parse_iso_date(value).isoformat()

    def serialize(self, value: ParamValue) -> str | None:
        if value is None:
            return None if self.default is None else "none"
        if value == self.default and not self.always_in_url:
            return None
        return str(value)


def date_from_text(text: object) -> date | None:
    """The date a ``DateField`` holds (None when empty or not a valid date)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError:
        return None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# ----------------------------------------------------------------------------------------------------------
# Prognostic scores
# ----------------------------------------------------------------------------------------------------------

SCORE_FIELD_LABELS: Mapping[str, str] = {
    "node_positive": "Node-positive primary",
    "disease_free_interval_months": "Disease-free interval (months)",
    "tumour_count": "Number of liver tumours",
    "largest_tumour_cm": "Largest liver tumour (cm)",
    "cea_ng_ml": "CEA (ng/mL)",
    "kras_mutated": "KRAS mutated",
    "ras_mutated": "KRAS or NRAS mutated",
    "extrahepatic_disease": "Extrahepatic disease",
}


@dataclass(frozen=True)
class ScorePatient:
    """The one patient form of the Prognostic scores page (synchronous disease = interval 0 months)."""

    node_positive: bool
    disease_free_interval_months: float
    tumour_count: int
    largest_tumour_cm: float
    cea_ng_ml: float
    kras_mutated: bool
    nras_mutated: bool
    extrahepatic_disease: bool


class ScoreSet(BaseModel):
    """All four scores of one patient (TBS travels inside the GAME result)."""

    model_config = ConfigDict(frozen=True)

    fong: FongResult
    game: GameResult
    mcs: ModifiedClinicalResult


def compute_scores(patient: ScorePatient) -> tuple[ScoreSet | None, list[str]]:
    """Fong, GAME (with TBS) and m-CS together; GAME gets KRAS only, m-CS any RAS (KRAS or NRAS)."""
    messages: list[str] = []
    fong = game = mcs = None
    try:
        fong = fong_score(
            node_positive=patient.node_positive,
            disease_free_interval_months=patient.disease_free_interval_months,
            tumour_count=patient.tumour_count,
            largest_tumour_cm=patient.largest_tumour_cm,
            cea_ng_ml=patient.cea_ng_ml,
        )
    except ValueError as exc:
        messages.append(name_fields(str(exc), SCORE_FIELD_LABELS))
    try:
        game = game_score(
            kras_mutated=patient.kras_mutated,
            cea_ng_ml=patient.cea_ng_ml,
            node_positive=patient.node_positive,
            largest_tumour_cm=patient.largest_tumour_cm,
            tumour_count=patient.tumour_count,
            extrahepatic_disease=patient.extrahepatic_disease,
        )
    except ValueError as exc:
        messages.append(name_fields(str(exc), SCORE_FIELD_LABELS))
    try:
        mcs = modified_clinical_score(
            ras_mutated=patient.kras_mutated or patient.nras_mutated,
            node_positive=patient.node_positive,
            largest_tumour_cm=patient.largest_tumour_cm,
        )
    except ValueError as exc:
        messages.append(name_fields(str(exc), SCORE_FIELD_LABELS))
    if fong is None or game is None or mcs is None:
        return None, _dedupe(messages)
    return ScoreSet(fong=fong, game=game, mcs=mcs), []


def score_breakdown_rows(scores: ScoreSet) -> list[dict[str, object]]:
    """One combined table: every item of every score, the patient's value and the points it earns."""
    rows: list[dict[str, object]] = []
    for score, result in (
        ("Fong clinical risk score", scores.fong),
        ("GAME score", scores.game),
        ("m-CS", scores.mcs),
    ):
        for item in result.items:
            rows.append(
                {
                    "score": score,
                    "item": item.name,
                    "this patient": item.patient_value,
                    "criterion": item.criterion,
                    "points": item.points,
                    "of": item.max_points,
                    "points of": f"{item.points} of {item.max_points}",
                }
            )
    return rows


@dataclass(frozen=True)
class FongGrouping:
    convention: str
    group: str
    used_here: bool


def fong_groupings(points: int) -> tuple[FongGrouping, ...]:
    """The same Fong score under the two public groupings (a convention, not part of Fong 1999)."""
    if not 0 <= points <= 5:
        raise ValueError(f"points must be a Fong score 0-5, got {points!r}")
    usual = "low (0-2)" if points <= 2 else "high (3-5)"
    three_way = "0-2" if points <= 2 else ("3-4" if points <= 4 else "5")
    return (
        FongGrouping("0-2 low, 3-5 high (as usually quoted; used on this page)", usual, True),
        FongGrouping("0-2 / 3-4 / 5 (another public tool)", three_way, False),
    )


def outcome_rows(outcomes: PublishedOutcomes, patient_group: str) -> list[dict[str, object]]:
    """Published outcomes by score or group, marking the patient's row."""
    rows: list[dict[str, object]] = []
    for row in outcomes.rows:
        entry: dict[str, object] = {"group": row.group}
        if any(r.five_year_os_percent is not None for r in outcomes.rows):
            entry["5-year OS (%)"] = row.five_year_os_percent
        if any(r.median_os_months is not None for r in outcomes.rows):
            entry["median OS (months)"] = row.median_os_months
        entry["this patient"] = "◀ this patient" if row.group == patient_group else ""
        rows.append(entry)
    return rows


def ras_note(*, kras_mutated: bool, nras_mutated: bool) -> str | None:
    """What an NRAS-only mutation does to the two RAS-aware scores (GAME counts KRAS only)."""
    if nras_mutated and not kras_mutated:
        return (
            "This patient has an NRAS mutation without a KRAS mutation: the m-CS counts it (any RAS, "
            "1 point), the GAME score does not (KRAS only, 0 points). The two scores disagree about the "
            "same tumour."
        )
    return None


FONG_REVIEW_COMPARISON: tuple[tuple[str, bool, bool], ...] = (
    ("Positive resection margin", True, False),
    ("Extrahepatic disease", True, False),
    ("Node-positive primary", True, True),
    ("Disease-free interval < 12 months", True, True),
    ("More than one liver tumour", True, True),
    ("Largest liver tumour > 5 cm", True, True),
    ("CEA > 200 ng/mL", True, True),
)


def fong_review_comparison_rows() -> list[dict[str, str]]:
    """The review's seven listed items against the five items of the published score (caveat 1)."""
    return [
        {
            "item": item,
            "in the review's list": "yes" if in_review else "no",
            "in the Fong score (1999)": "yes" if in_score else "no: adverse factor, not a score item",
        }
        for item, in_review, in_score in FONG_REVIEW_COMPARISON
    ]


# ----------------------------------------------------------------------------------------------------------
# Future liver remnant
# ----------------------------------------------------------------------------------------------------------

FlrSource = Literal["percent", "volume"]

LIVER_CONDITION_LABELS: Mapping[LiverCondition, str] = {
    "normal": "Normal liver",
    "chemotherapy_or_steatosis": "After extensive chemotherapy, or marked steatosis",
    "cirrhosis": "Cirrhosis",
}
LIVER_CONDITION_PHRASES: Mapping[LiverCondition, str] = {
    "normal": "a normal liver",
    "chemotherapy_or_steatosis": "a liver after extensive chemotherapy or with marked steatosis",
    "cirrhosis": "a cirrhotic liver",
}
# (evidence id, value label) of the record each threshold comes from.
LIVER_CONDITION_EVIDENCE: Mapping[LiverCondition, tuple[str, str]] = {
    "normal": ("flr-threshold-normal-liver", "FLR, normal liver"),
    "chemotherapy_or_steatosis": (
        "flr-threshold-injured-liver",
        "FLR, marked steatosis or extensive chemotherapy",
    ),
    "cirrhosis": ("flr-threshold-injured-liver", "FLR, cirrhosis"),
}
FLR_FIELD_LABELS: Mapping[str, str] = {
    "flr_percent": "FLR (% of total liver volume)",
    "flr_volume_ml": "FLR volume (mL)",
    "bsa_m2": "Body surface area (m²)",
    "liver_condition": "Liver condition",
}


class FlrAssessment(BaseModel):
    """The patient's FLR against the review's threshold for the chosen liver condition."""

    model_config = ConfigDict(frozen=True)

    flr_percent: float
    derived: bool
    flr_volume_ml: float | None = None
    bsa_m2: float | None = None
    etlv_ml: float | None = None
    condition: LiverCondition
    threshold_percent: float
    comparator: Comparator
    sufficient: bool

    @property
    def at_threshold(self) -> bool:
        return self.flr_percent == self.threshold_percent

    @property
    def rule(self) -> str:
        return f"FLR {self.comparator} {format_number(self.threshold_percent)}%"


def assess_flr(
    *,
    source: FlrSource,
    flr_percent: float | None,
    flr_volume_ml: float | None,
    bsa_m2: float | None,
    condition: LiverCondition,
) -> tuple[FlrAssessment | None, list[str]]:
    """FLR entered directly, or standardized from volume and BSA (Vauthey), against ``FLR_THRESHOLDS``."""
    if condition not in get_args(LiverCondition):
        return None, [f"Liver condition: '{condition}' is not one of the listed conditions."]
    threshold, comparator = FLR_THRESHOLDS[condition]
    etlv: float | None = None
    if source == "percent":
        if flr_percent is None:
            return None, ["FLR (% of total liver volume): enter a percentage."]
        percent = flr_percent
    else:
        missing = [
            f"{FLR_FIELD_LABELS[name]}: enter a value."
            for name, value in (("flr_volume_ml", flr_volume_ml), ("bsa_m2", bsa_m2))
            if value is None
        ]
        if flr_volume_ml is None or bsa_m2 is None:
            return None, missing
        try:
            etlv = estimated_total_liver_volume_ml(bsa_m2=bsa_m2)
            percent = standardized_flr_percent(flr_volume_ml=flr_volume_ml, bsa_m2=bsa_m2)
        except ValueError as exc:
            return None, [name_fields(str(exc), FLR_FIELD_LABELS)]
        if percent > 100:
            return None, [
                f"FLR volume (mL): {format_number(flr_volume_ml)} mL is more than the estimated total liver "
                f"volume ({format_number(round(etlv, 1))} mL from a body surface area of "
                f"{format_number(bsa_m2)} m²), a standardized FLR above 100%. Check both values."
            ]
    try:
        sufficient = flr_sufficient(flr_percent=percent, liver_condition=condition)
    except ValueError as exc:
        return None, [name_fields(str(exc), FLR_FIELD_LABELS)]
    return (
        FlrAssessment(
            flr_percent=percent,
            derived=source == "volume",
            flr_volume_ml=flr_volume_ml if source == "volume" else None,
            bsa_m2=bsa_m2 if source == "volume" else None,
            etlv_ml=etlv,
            condition=condition,
            threshold_percent=threshold,
            comparator=comparator,
            sufficient=sufficient,
        ),
        [],
    )


def vauthey_derivation(assessment: FlrAssessment) -> list[str]:
    """The standardized FLR worked through with the visitor's numbers (empty when the FLR was entered)."""
    if assessment.etlv_ml is None or assessment.flr_volume_ml is None or assessment.bsa_m2 is None:
        return []
    intercept, slope = format_number(ETLV_INTERCEPT_ML), format_number(ETLV_SLOPE_ML_PER_M2)
    etlv = format_number(round(assessment.etlv_ml, 2))
    return [
        f"Estimated total liver volume = {intercept} + {slope} x BSA = {intercept} + {slope} x "
        f"{format_number(assessment.bsa_m2)} = {etlv} mL",
        f"Standardized FLR = FLR volume / estimated total liver volume x 100 = "
        f"{format_number(assessment.flr_volume_ml)} / {etlv} x 100 = "
        f"{format_percent(assessment.flr_percent, assessment.threshold_percent)}",
    ]


def flr_verdict(assessment: FlrAssessment) -> str:
    """One sentence: the FLR, the rule for the condition, and whether it is met (with the exact-sign case)."""
    shown = format_percent(assessment.flr_percent, assessment.threshold_percent)
    condition = LIVER_CONDITION_PHRASES[assessment.condition]
    met = "meets" if assessment.sufficient else "does not meet"
    text = f"An FLR of {shown} {met} the review's threshold for {condition} ({assessment.rule})."
    if assessment.at_threshold:
        if assessment.sufficient:
            text += f" It sits exactly on the threshold, and '{assessment.comparator}' includes it."
        else:
            text += (
                " It sits exactly on the threshold, and the review's sign "
                f"'{assessment.comparator}' excludes it: exactly the threshold is not enough for this "
                "condition."
            )
    return text


# ----------------------------------------------------------------------------------------------------------
# RECIST 1.1 target-lesion table
# ----------------------------------------------------------------------------------------------------------

MAX_TARGET_LESIONS = RECIST_MAX_TARGET_LESIONS
MAX_TARGETS_PER_ORGAN = 2
MEASURABLE_LESION_MM = 10.0
MEASURABLE_NODE_SHORT_AXIS_MM = 15.0
ORGAN_MAX_LENGTH = 30
TARGET_COLUMNS = ("organ", "baseline", "nadir", "now")
TARGET_LABELS: Mapping[str, str] = {
    "organ": "Organ",
    "baseline": "Baseline (mm)",
    "nadir": "At nadir (mm)",
    "now": "Now (mm)",
}
RECIST_CATEGORY_NAMES: Mapping[str, str] = {
    "CR": "Complete response (CR)",
    "PR": "Partial response (PR)",
    "SD": "Stable disease (SD)",
    "PD": "Progressive disease (PD)",
}
_ORGAN_PATTERN = re.compile(r"[A-Za-z][A-Za-z -]*")


def normalize_organ(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_lymph_node(organ: str) -> bool:
    folded = normalize_organ(organ)
    return "node" in folded or "lymph" in folded


def _organ_problem(organ: str) -> str | None:
    if not organ:
        return "enter the organ (for example liver or lung)"
    if len(organ) > ORGAN_MAX_LENGTH:
        return f"use at most {ORGAN_MAX_LENGTH} characters"
    if not _ORGAN_PATTERN.fullmatch(organ):
        return "use letters, spaces and hyphens only"
    return None


def parse_targets_param(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``liver:35/20/22,lung:12/10/10`` -> rows (organ, baseline, nadir, now in mm) and what was ignored.

    Empty numbers (``liver:35//22``) come back as blank cells for the table validation to report; entries
    that cannot be read, and entries after the fifth, are ignored with a reason.
    """
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    entries = [entry for entry in text.split(",") if entry.strip()]
    for number, entry in enumerate(entries, start=1):
        shown = entry.strip()[:40]
        if len(rows) == MAX_TARGET_LESIONS:
            problems.append(
                f"'targets': entries after the {MAX_TARGET_LESIONS}th ignored (RECIST 1.1 allows at most "
                f"{MAX_TARGET_LESIONS} target lesions)"
            )
            break
        organ, colon, sizes = entry.partition(":")
        parts = sizes.split("/")
        if not colon or len(parts) != 3:
            problems.append(
                f"'targets' entry {number} '{shown}' ignored: expected organ:baseline/nadir/now in mm"
            )
            continue
        organ = " ".join(organ.split())
        organ_problem = _organ_problem(organ)
        if organ_problem:
            problems.append(f"'targets' entry {number} '{shown}' ignored: organ: {organ_problem}")
            continue
        try:
            values = [_param_number(part) for part in parts]
        except ValueError as exc:
            problems.append(f"'targets' entry {number} '{shown}' ignored: {exc}")
            continue
        rows.append(dict(zip(TARGET_COLUMNS, [organ, *values], strict=True)))
    return rows, problems


def encode_targets(records: Sequence[Record]) -> str:
    """Table rows -> the compact URL text (blank rows dropped; blank cells kept as empty numbers)."""
    entries = []
    for record in records:
        organ_cell = record.get("organ")
        organ = " ".join(organ_cell.split()) if isinstance(organ_cell, str) else ""
        numbers_text = [_encode_number(record.get(column)) for column in TARGET_COLUMNS[1:]]
        if not organ and not any(numbers_text):
            continue
        clean_organ = organ if _organ_problem(organ) is None else ""
        entries.append(f"{clean_organ}:{'/'.join(numbers_text)}")
    return ",".join(entries)


@dataclass(frozen=True)
class TargetLesion:
    organ: str
    baseline_mm: float
    nadir_mm: float
    now_mm: float


@dataclass(frozen=True)
class TargetSums:
    """Validated target lesions and their sums of diameters at baseline, at the nadir and now."""

    lesions: tuple[TargetLesion, ...]
    baseline_mm: float
    nadir_mm: float
    now_mm: float


def validate_targets(records: Sequence[Record]) -> tuple[TargetSums | None, list[str]]:
    """Check an edited target-lesion table against RECIST 1.1; messages name the row and the column.

    Blank rows are skipped. Rules: every cell filled, numbers 0-500 mm (``RECIST_LESION_MAX_MM``); at most 5
    targets and 2 per organ (lymph nodes count as one organ); a target must be measurable at baseline
    (longest diameter >= 10 mm, or short axis >= 15 mm for a lymph node); the nadir sum cannot exceed the
    baseline sum.
    """
    messages: list[str] = []
    lesions: list[TargetLesion] = []
    row_number = 0
    for record in records:
        cells = [record.get(column) for column in TARGET_COLUMNS]
        if all(_is_blank(cell) for cell in cells):
            continue
        row_number += 1
        where = f"Row {row_number}"
        organ_cell = record.get("organ")
        organ = " ".join(organ_cell.split()) if isinstance(organ_cell, str) else ""
        row_ok = True
        if organ_cell is not None and not isinstance(organ_cell, str) and not _is_blank(organ_cell):
            messages.append(f"{where}, {TARGET_LABELS['organ']}: use letters, spaces and hyphens only.")
            row_ok = False
        elif problem := _organ_problem(organ):
            messages.append(f"{where}, {TARGET_LABELS['organ']}: {problem}.")
            row_ok = False
        sizes: dict[str, float] = {}
        for column in TARGET_COLUMNS[1:]:
            label = TARGET_LABELS[column]
            number, problem = _cell_number(record.get(column))
            if problem:
                messages.append(f"{where}, {label}: {problem}.")
            elif number is None:
                messages.append(f"{where}, {label}: enter the diameter in mm (0 if the lesion has gone).")
            elif number < 0:
                messages.append(f"{where}, {label}: {format_number(number)} mm is negative; use 0 or more.")
            elif number > RECIST_LESION_MAX_MM:
                limit = format_number(RECIST_LESION_MAX_MM)
                messages.append(
                    f"{where}, {label}: {format_number(number)} mm is above {limit} mm, the plausible upper "
                    "limit for one lesion; check the unit (millimetres)."
                )
            else:
                sizes[column] = number
                continue
            row_ok = False
        if "baseline" in sizes:
            node = bool(organ) and is_lymph_node(organ)
            minimum = MEASURABLE_NODE_SHORT_AXIS_MM if node else MEASURABLE_LESION_MM
            if sizes["baseline"] < minimum:
                what = (
                    "a lymph node needs a short axis" if node else "a target lesion needs a longest diameter"
                )
                messages.append(
                    f"{where}, {TARGET_LABELS['baseline']}: {format_number(sizes['baseline'])} mm is not "
                    f"measurable; {what} of at least {format_number(minimum)} mm at baseline (RECIST 1.1)."
                )
                row_ok = False
        if row_ok:
            lesions.append(TargetLesion(organ, sizes["baseline"], sizes["nadir"], sizes["now"]))
    if row_number == 0:
        return None, ["Add at least one target lesion: organ and its diameters in mm."]
    if row_number > MAX_TARGET_LESIONS:
        messages.append(
            f"{row_number} target lesions: RECIST 1.1 allows at most {MAX_TARGET_LESIONS}; remove "
            f"{row_number - MAX_TARGET_LESIONS}."
        )
    per_organ: dict[str, int] = {}
    for record in records:
        organ_cell = record.get("organ")
        if isinstance(organ_cell, str) and organ_cell.strip():
            key = "lymph node" if is_lymph_node(organ_cell) else normalize_organ(organ_cell)
            per_organ[key] = per_organ.get(key, 0) + 1
    for organ, count in per_organ.items():
        if count > MAX_TARGETS_PER_ORGAN:
            kind = " (all lymph nodes count as one organ)" if organ == "lymph node" else ""
            messages.append(
                f"Organ '{organ}': {count} target lesions; RECIST 1.1 allows at most "
                f"{MAX_TARGETS_PER_ORGAN} per organ{kind}."
            )
    if messages:
        return None, messages
    sums = TargetSums(
        lesions=tuple(lesions),
        baseline_mm=exact_sum([lesion.baseline_mm for lesion in lesions]),
        nadir_mm=exact_sum([lesion.nadir_mm for lesion in lesions]),
        now_mm=exact_sum([lesion.now_mm for lesion in lesions]),
    )
    if sums.nadir_mm > sums.baseline_mm:
        return None, [
            f"{TARGET_LABELS['nadir']}: the sum at the nadir ({format_number(sums.nadir_mm)} mm) is "
            f"larger than the baseline sum ({format_number(sums.baseline_mm)} mm). The nadir is the "
            "smallest sum on study, baseline included, so it cannot exceed the baseline; with no earlier "
            "follow-up, enter the baseline values."
        ]
    return sums, []


@dataclass(frozen=True)
class RecistBoundaries:
    """Where the current sum would cross into PR or PD (derived from the RECIST 1.1 rules)."""

    pr_at_or_below_mm: float
    pd_at_or_above_mm: float


def recist_boundaries(*, baseline_mm: float, nadir_mm: float) -> RecistBoundaries:
    """PR: sum <= baseline x 0.7. PD: sum >= nadir x 1.2 and >= nadir + 5 mm (the larger of the two)."""
    base, nadir = Fraction(repr(baseline_mm)), Fraction(repr(nadir_mm))
    pr = base * (100 - RECIST_PR_DECREASE_PERCENT) / 100
    pd = max(nadir * (100 + RECIST_PD_INCREASE_PERCENT) / 100, nadir + RECIST_PD_ABSOLUTE_MM)
    return RecistBoundaries(pr_at_or_below_mm=float(pr), pd_at_or_above_mm=float(pd))


def figure_1_targets(catalog: Catalog) -> str:
    """The review's Figure 1 patient as a target table: one liver lesion, 9.6 cm -> 7.0 cm, in mm."""
    record = catalog.get("figure-1-response")
    before = Fraction(repr(record.value("maximum diameter before chemotherapy").value)) * 10
    after = Fraction(repr(record.value("maximum diameter after chemotherapy").value)) * 10
    return (
        f"liver:{format_number(float(before))}/{format_number(float(before))}/{format_number(float(after))}"
    )


# ----------------------------------------------------------------------------------------------------------
# Serial CEA
# ----------------------------------------------------------------------------------------------------------

CeaTime = Literal["week", "date"]
CEA_MAX_VALUES = 20
CEA_WEEK_MAX = 520.0
CEA_LABELS: Mapping[str, str] = {"week": "Week", "date": "Date", "cea": "CEA (ng/mL)"}


def parse_cea_param(text: str, time: CeaTime) -> tuple[list[dict[str, object]], list[str]]:
    """``0:40,3:36`` (week:value) or ``2025-01-06:40`` (date:value) -> table rows, and what was ignored."""
    key = "weeks" if time == "week" else "dates"
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    entries = [entry for entry in text.split(",") if entry.strip()]
    for number, entry in enumerate(entries, start=1):
        shown = entry.strip()[:40]
        if len(rows) == CEA_MAX_VALUES:
            problems.append(f"'{key}': entries after the {CEA_MAX_VALUES}th ignored")
            break
        when_text, colon, value_text = entry.rpartition(":")
        if not colon:
            problems.append(f"'{key}' entry {number} '{shown}' ignored: expected {time}:value")
            continue
        try:
            when: object = _param_number(when_text) if time == "week" else None
            if time == "date" and when_text.strip():
                when = parse_iso_date(when_text)
            value = _param_number(value_text)
        except ValueError as exc:
            problems.append(f"'{key}' entry {number} '{shown}' ignored: {exc}")
            continue
        rows.append({time: when, "cea": value})
    return rows, problems


def parse_cea_weeks(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``parse_cea_param`` for times in weeks (one named function, so a table built from it can be shared)."""
    return parse_cea_param(text, "week")


def parse_cea_dates(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``parse_cea_param`` for calendar dates."""
    return parse_cea_param(text, "date")


def encode_cea(records: Sequence[Record], time: CeaTime) -> str:
    entries = []
    for record in records:
        when = record.get(time)
        if time == "date":
            day, _ = _date_cell(when)
            when_text = day.isoformat() if day else ""
        else:
            when_text = _encode_number(when)
        value_text = _encode_number(record.get("cea"))
        if when_text or value_text:
            entries.append(f"{when_text}:{value_text}")
    return ",".join(entries)


class CeaPoint(BaseModel):
    """One CEA value with its change from the baseline (the earliest value)."""

    model_config = ConfigDict(frozen=True)

    when: float | date
    weeks_from_baseline: float
    cea_ng_ml: float
    result: CeaResult | None  # None for the baseline itself


_ISO_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ][0-9:.]*Z?")


def _date_cell(value: object) -> tuple[date | None, str | None]:
    if _is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, str):
        # a date column that started empty hands edits back as text, possibly with a time of day
        timestamp = _ISO_TIMESTAMP.fullmatch(value.strip())
        try:
            return parse_iso_date(timestamp.group(1) if timestamp else value), None
        except ValueError as exc:
            return None, str(exc)
    return None, "is not a date"


def validate_cea(records: Sequence[Record], time: CeaTime) -> tuple[list[CeaPoint] | None, list[str]]:
    """Check a serial CEA table and compute each value's change from the earliest one (``cea_response``)."""
    messages: list[str] = []
    points: list[tuple[float, float | date, float]] = []  # (position in weeks, when, value)
    row_number = 0
    time_label = CEA_LABELS[time]
    for record in records:
        if _is_blank(record.get(time)) and _is_blank(record.get("cea")):
            continue
        row_number += 1
        where = f"Row {row_number}"
        when: float | date | None
        if time == "week":
            when, problem = _cell_number(record.get(time))
            if problem:
                messages.append(f"{where}, {time_label}: {problem}.")
            elif when is None:
                messages.append(f"{where}, {time_label}: enter the week (0 for the baseline value).")
            elif not 0 <= when <= CEA_WEEK_MAX:
                messages.append(
                    f"{where}, {time_label}: {format_number(when)} is outside "
                    f"0-{format_number(CEA_WEEK_MAX)}."
                )
                when = None
        else:
            when, problem = _date_cell(record.get(time))
            if problem:
                messages.append(f"{where}, {time_label}: {problem}.")
            elif when is None:
                messages.append(f"{where}, {time_label}: enter the date of the blood test.")
        value, problem = _cell_number(record.get("cea"))
        if problem:
            messages.append(f"{where}, {CEA_LABELS['cea']}: {problem}.")
        elif value is None:
            messages.append(f"{where}, {CEA_LABELS['cea']}: enter the value in ng/mL.")
        elif value < 0:
            messages.append(f"{where}, {CEA_LABELS['cea']}: {format_number(value)} is negative.")
            value = None
        elif value > CEA_MAX_NG_ML:
            messages.append(
                f"{where}, {CEA_LABELS['cea']}: {format_number(value)} is above {CEA_MAX_NG_ML:,.0f} "
                "ng/mL, the plausible upper limit; check the unit."
            )
            value = None
        if when is not None and value is not None:
            position = when.toordinal() / 7 if isinstance(when, date) else when
            points.append((position, when, value))
    if row_number > CEA_MAX_VALUES:
        messages.append(
            f"{row_number} values: at most {CEA_MAX_VALUES}; remove {row_number - CEA_MAX_VALUES}."
        )
    seen: dict[str, int] = {}
    for _, when, _ in points:
        key = when.isoformat() if isinstance(when, date) else format_number(when)
        seen[key] = seen.get(key, 0) + 1
    for key, count in seen.items():
        if count > 1:
            messages.append(f"{time_label} {key} appears {count} times: enter one value per {time}.")
    if messages:
        return None, messages
    if len(points) < 2:
        return None, ["Enter at least two values, a baseline and a later one, to see a change."]
    points.sort(key=lambda point: point[0])
    first_position, _, baseline = points[0]
    if baseline <= 0:
        return None, [
            f"{CEA_LABELS['cea']}: the baseline (earliest) value is 0, so a percent change from it is "
            "undefined."
        ]
    result: list[CeaPoint] = []
    for index, (position, when, value) in enumerate(points):
        change = None if index == 0 else cea_response(baseline_ng_ml=baseline, current_ng_ml=value)
        result.append(
            CeaPoint(when=when, weeks_from_baseline=position - first_position, cea_ng_ml=value, result=change)
        )
    return result, []


def cea_rows(points: Sequence[CeaPoint], time: CeaTime, threshold_percent: float) -> list[dict[str, object]]:
    """The derived table under the chart: each value, its change from baseline and the cut-off check."""
    rows: list[dict[str, object]] = []
    for point in points:
        when = point.when.isoformat() if isinstance(point.when, date) else format_number(point.when)
        row: dict[str, object] = {CEA_LABELS[time]: when}
        if time == "date":
            row["weeks from baseline"] = format_number(round(point.weeks_from_baseline, 1))
        row[CEA_LABELS["cea"]] = format_number(point.cea_ng_ml)
        if point.result is None:
            row["change from baseline (derived)"] = "baseline"
            row[f"fall of at least {format_number(threshold_percent)}%"] = ""
        else:
            row["change from baseline (derived)"] = format_percent(
                point.result.percent_change, -threshold_percent, signed=True
            )
            row[f"fall of at least {format_number(threshold_percent)}%"] = (
                "yes" if point.result.meets_threshold else "no"
            )
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------------------------------
# Treatment timing
# ----------------------------------------------------------------------------------------------------------

BevacizumabPlan = Literal["none", "every_cycle", "not_last_cycle", "date"]
SurgeryBy = Literal["weeks", "date"]
BEVACIZUMAB_PLAN_LABELS: Mapping[BevacizumabPlan, str] = {
    "none": "No bevacizumab",
    "every_cycle": "With every cycle, the last one included",
    "not_last_cycle": "Left out of the last cycle",
    "date": "On a date I enter",
}
CYCLE_WEEKS_MAX = int(CYCLE_LENGTH_MAX_WEEKS)  # the page takes whole weeks
SURGERY_GAP_MAX_WEEKS = 52
# Re-imaging interval of the NCCN row of the review's Table 2 (record table-2-nccn-reevaluation).
REIMAGING_INTERVAL_MONTHS = 2
# Each warning and the (evidence id, value label) it is cited to.
TIMING_WARNING_EVIDENCE: Mapping[TimingWarning, tuple[str, str]] = {
    "duration_over_12_weeks": ("timing-long-chemo-short-interval", "duration of chemotherapy"),
    "interval_under_4_weeks": ("timing-long-chemo-short-interval", "interval from chemotherapy to surgery"),
    "bevacizumab_washout_short": (
        "biologics-bevacizumab-preop-safety",
        "interval from bevacizumab to surgery",
    ),
}
TIMING_FIELD_LABELS: Mapping[str, str] = {
    "cycles": "Number of cycles",
    "cycle_length_weeks": "Cycle length (weeks)",
    "chemotherapy_weeks": "Weeks of chemotherapy (start to the last dose plus one cycle)",
    "weeks_last_chemo_to_surgery": "Weeks from the last chemotherapy to surgery",
    "weeks_last_bevacizumab_to_surgery": "Weeks from the last bevacizumab dose to surgery",
}


@dataclass(frozen=True)
class TimingInputs:
    cycles: int
    cycle_weeks: int
    start: date | None
    last_chemo: date | None  # None: the first day of the last cycle
    bevacizumab: BevacizumabPlan
    bevacizumab_date: date | None
    surgery_by: SurgeryBy
    surgery_gap_weeks: int
    surgery: date | None


class TimingPlan(BaseModel):
    """A preoperative schedule with its intervals, the review's warnings and the re-imaging dates."""

    model_config = ConfigDict(frozen=True)

    start: date
    cycle_weeks: int
    cycle_dates: tuple[date, ...]
    chemotherapy_weeks_by_cycles: float
    chemotherapy_weeks: float
    last_chemo: date
    last_chemo_entered: bool
    last_bevacizumab: date | None
    surgery: date
    days_chemo_to_surgery: int
    days_bevacizumab_to_surgery: int | None
    warnings: tuple[TimingWarning, ...]
    reimaging: tuple[date, ...]
    notes: tuple[str, ...]

    @property
    def weeks_chemo_to_surgery(self) -> float:
        return self.days_chemo_to_surgery / 7

    @property
    def weeks_bevacizumab_to_surgery(self) -> float | None:
        days = self.days_bevacizumab_to_surgery
        return None if days is None else days / 7


def weeks_text(days: int) -> str:
    """``35 days (5 weeks)``, ``34 days (4.9 weeks)``: the days are exact, the weeks rounded to 1 decimal.

    A whole number of days is never k + 0.95 weeks or more, so the rounding cannot reach the next whole week.
    """
    weeks = days // 7 if days % 7 == 0 else round(days / 7, 1)
    day_word = "day" if days == 1 else "days"
    week_word = "week" if weeks == 1 else "weeks"
    return f"{days} {day_word} ({format_number(weeks)} {week_word})"


def reimaging_dates(
    start: date, before: date, interval_months: int = REIMAGING_INTERVAL_MONTHS
) -> tuple[date, ...]:
    """Re-imaging every ``interval_months`` calendar months from ``start``, strictly before ``before``."""
    if interval_months < 1:
        raise ValueError(f"interval_months must be at least 1, got {interval_months!r}")
    dates: list[date] = []
    step = 1
    while (when := add_months(start, step * interval_months)) < before:
        dates.append(when)
        step += 1
    return tuple(dates)


def plan_timing(inputs: TimingInputs) -> tuple[TimingPlan | None, list[str]]:
    """Dates, intervals and warnings of a preoperative plan; messages name the field that is wrong."""
    messages: list[str] = []
    try:
        weeks_by_cycles = cycles_to_weeks(cycles=inputs.cycles, cycle_length_weeks=inputs.cycle_weeks)
    except ValueError as exc:
        return None, [name_fields(str(exc), TIMING_FIELD_LABELS)]
    if inputs.start is None:
        return None, ["Start of chemotherapy: enter the date of the first cycle."]
    start = inputs.start
    step = timedelta(weeks=inputs.cycle_weeks)
    cycle_dates = tuple(start + index * step for index in range(inputs.cycles))
    last_chemo = inputs.last_chemo or cycle_dates[-1]
    if last_chemo < start:
        messages.append(
            f"Last chemotherapy: {last_chemo.isoformat()} is before the start of chemotherapy "
            f"({start.isoformat()})."
        )

    last_bevacizumab: date | None = None
    if inputs.bevacizumab == "every_cycle":
        last_bevacizumab = last_chemo
    elif inputs.bevacizumab == "not_last_cycle":
        if inputs.cycles < 2:
            messages.append(
                "Bevacizumab: with a single cycle it cannot be left out of the last cycle; choose another "
                "option."
            )
        else:
            last_bevacizumab = last_chemo - step
    elif inputs.bevacizumab == "date":
        if inputs.bevacizumab_date is None:
            messages.append("Last bevacizumab dose: enter the date, or choose another bevacizumab option.")
        elif inputs.bevacizumab_date < start:
            messages.append(
                f"Last bevacizumab dose: {inputs.bevacizumab_date.isoformat()} is before the start of "
                f"chemotherapy ({start.isoformat()})."
            )
        else:
            last_bevacizumab = inputs.bevacizumab_date

    surgery: date | None
    if inputs.surgery_by == "weeks":
        if not 0 <= inputs.surgery_gap_weeks <= SURGERY_GAP_MAX_WEEKS:
            messages.append(f"Weeks from the last chemotherapy to surgery: use 0-{SURGERY_GAP_MAX_WEEKS}.")
            surgery = None
        else:
            surgery = last_chemo + timedelta(weeks=inputs.surgery_gap_weeks)
    else:
        surgery = inputs.surgery
        if surgery is None:
            messages.append("Planned surgery: enter the date, or give the weeks after the last chemotherapy.")
    if surgery is not None and surgery <= last_chemo:
        messages.append(
            f"Planned surgery: {surgery.isoformat()} is not after the last chemotherapy "
            f"({last_chemo.isoformat()})."
        )
    if surgery is not None and last_bevacizumab is not None and last_bevacizumab > surgery:
        messages.append(
            f"Last bevacizumab dose: {last_bevacizumab.isoformat()} is after the planned surgery "
            f"({surgery.isoformat()})."
        )
    if messages or surgery is None:
        return None, messages

    notes: list[str] = []
    weeks = weeks_by_cycles
    if inputs.last_chemo is not None:
        by_dates = (last_chemo - start).days / 7 + inputs.cycle_weeks
        if by_dates != weeks_by_cycles:
            notes.append(
                f"The dates give {format_number(round(by_dates, 1))} weeks of chemotherapy (start to the "
                f"last dose plus one {inputs.cycle_weeks}-week cycle); the cycles give "
                f"{format_number(weeks_by_cycles)} weeks. The {MAX_CHEMOTHERAPY_WEEKS}-week check uses the "
                f"longer, {format_number(round(max(by_dates, weeks), 1))} weeks."
            )
            weeks = max(by_dates, weeks)
    days_chemo = (surgery - last_chemo).days
    days_bev = None if last_bevacizumab is None else (surgery - last_bevacizumab).days
    try:
        warnings = preoperative_timing_warnings(
            chemotherapy_weeks=weeks,
            weeks_last_chemo_to_surgery=days_chemo / 7,
            weeks_last_bevacizumab_to_surgery=None if days_bev is None else days_bev / 7,
        )
    except ValueError as exc:  # dates years apart: beyond the plausible range of the warnings
        return None, [name_fields(str(exc), TIMING_FIELD_LABELS) + "; check the dates."]
    return (
        TimingPlan(
            start=start,
            cycle_weeks=inputs.cycle_weeks,
            cycle_dates=cycle_dates,
            chemotherapy_weeks_by_cycles=weeks_by_cycles,
            chemotherapy_weeks=weeks,
            last_chemo=last_chemo,
            last_chemo_entered=inputs.last_chemo is not None,
            last_bevacizumab=last_bevacizumab,
            surgery=surgery,
            days_chemo_to_surgery=days_chemo,
            days_bevacizumab_to_surgery=days_bev,
            warnings=warnings,
            reimaging=reimaging_dates(start, surgery),
            notes=tuple(notes),
        ),
        [],
    )


def schedule_rows(plan: TimingPlan) -> list[dict[str, str]]:
    """Milestones in date order, each with its week from the start of chemotherapy."""
    events: list[tuple[date, str]] = [(plan.start, "Chemotherapy starts (cycle 1)")]
    if plan.last_chemo_entered:
        events.append((plan.last_chemo, "Last chemotherapy (date entered)"))
    else:
        events.append((plan.last_chemo, f"Last chemotherapy (cycle {len(plan.cycle_dates)})"))
    if plan.last_bevacizumab is not None:
        events.append((plan.last_bevacizumab, "Last bevacizumab dose"))
    events += [(when, f"Re-imaging (every {REIMAGING_INTERVAL_MONTHS} months)") for when in plan.reimaging]
    events.append((plan.surgery, "Planned surgery"))
    events.sort(key=lambda event: event[0])
    return [
        {
            "date": when.isoformat(),
            "week from start": format_number(round((when - plan.start).days / 7, 1)),
            "event": what,
        }
        for when, what in events
    ]


__all__ = [
    "BEVACIZUMAB_PLAN_LABELS",
    "CEA_LABELS",
    "CEA_MAX_NG_ML",
    "CEA_MAX_VALUES",
    "CYCLES_MAX",
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
    "RECIST_CATEGORY_NAMES",
    "REIMAGING_INTERVAL_MONTHS",
    "SCORE_FIELD_LABELS",
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
    "flr_verdict",
    "fong_groupings",
    "fong_review_comparison_rows",
    "format_near",
    "format_number",
    "format_percent",
    "name_fields",
    "outcome_rows",
    "parse_cea_param",
    "parse_iso_date",
    "parse_targets_param",
    "plan_timing",
    "ras_note",
    "recist_boundaries",
    "reimaging_dates",
    "schedule_rows",
    "score_breakdown_rows",
    "validate_cea",
    "validate_targets",
    "vauthey_derivation",
    "weeks_text",
]
