"""Prognostic scores for colorectal liver metastases: Fong, Tumor Burden Score, GAME and m-CS.

Every score follows its primary source (see ``calculator_definitions.md``), not the review's summary of it.
Boundaries are implemented exactly as published: Fong uses strict ">" / "<" for every item, GAME uses
"CEA >= 20 ng/mL" and the TBS zones ``< 3``, ``3 <= TBS < 9`` and ``>= 9``.

Invalid input raises ``ValueError`` whose message names the offending argument (also for a non-bool passed
where a bool is required, so the UI can report every input problem the same way). Plausible ranges: interval
0-600 months, 1-100 tumours, largest tumour up to 50 cm, CEA 0-100,000 ng/mL.

Educational use only; not for clinical decisions. All classic scores were derived in patients who had no
preoperative chemotherapy.
"""

from __future__ import annotations

import math
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from .formatting import format_near, format_number
from .primary_sources import (
    FONG_CITATION,
    GAME_CITATION,
    GAME_VALIDATION_CITATION,
    MCS_CITATION,
    TBS_CITATION,
)
from .validation import CEA_MAX_NG_ML
from .validation import exact as _exact
from .validation import require_at_most as _require_at_most
from .validation import require_bool as _require_bool
from .validation import require_count as _require_count
from .validation import require_non_negative as _require_non_negative
from .validation import require_positive as _require_positive

# ----------------------------------------------------------------------------------------------------------
# Plausible ranges (enforced by every score, stated in the error): beyond them an entry is a typing or unit
# error, not a patient.
# ----------------------------------------------------------------------------------------------------------

DFI_MAX_MONTHS = 600.0  # 50 years from the primary to the liver metastasis
TUMOURS_MAX = 100
LARGEST_MAX_CM = 50.0
TBS_MAX = math.hypot(LARGEST_MAX_CM, TUMOURS_MAX)  # the score of the largest plausible burden

# ----------------------------------------------------------------------------------------------------------
# Citations and teaching notes
# ----------------------------------------------------------------------------------------------------------


NO_PREOPERATIVE_CHEMOTHERAPY_NOTE = (
    "All classic scores (Fong included) were derived in patients without preoperative chemotherapy."
)

FONG_RISK_GROUPING_NOTE = (
    "Risk groups 0-2 low and 3-5 high, as usually quoted (MDCalc, UpToDate). Another public tool groups "
    "0-2 / 3-4 / 5: the grouping is a convention of how the score is quoted."
)

FONG_REVIEW_DIFFERENCE_NOTE = (
    "The review lists seven one-point items: positive margin, extrahepatic disease, node-positive primary, "
    "disease-free interval < 12 months, more than one hepatic tumour, largest tumour > 5 cm and CEA > 200 "
    "ng/mL. The published preoperative clinical risk score (Fong 1999) has five items (0-5 points). "
    "Positive margin and extrahepatic disease were independent adverse factors in Fong's analysis but are "
    "not score items, so this calculator scores only the five published items."
)

GAME_KRAS_NOTE = (
    "The GAME item is KRAS, not any RAS: an NRAS-only mutation scores no GAME point (the modified clinical "
    "score, by contrast, counts any RAS mutation)."
)

TBS_ZONE_NOTE = (
    "The GAME paper writes the TBS zones as '< 3', '3-8' and '>= 9'; we treat [3, 9) as the middle zone: "
    "TBS < 3 scores 0, 3 <= TBS < 9 scores 1, TBS >= 9 scores 2."
)

MCS_RISK_GROUP_CAUTION = (
    "The m-CS risk groups (0 low, 1-2 medium, 3 high) were taken from a secondary summary, not "
    "confirmed against Brudvik 2019; treat the grouping with caution."
)


# ----------------------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------------------


class ScoreItem(BaseModel):
    """One line of a score breakdown: the item, the patient's value, the criterion and the points."""

    model_config = ConfigDict(frozen=True)

    name: str
    patient_value: str
    criterion: str
    met: bool
    points: int = Field(ge=0)
    max_points: int = Field(ge=1)


class FongResult(BaseModel):
    """Fong clinical risk score (five items, 0-5 points) with its breakdown."""

    model_config = ConfigDict(frozen=True)

    grouping_note: ClassVar[str] = FONG_RISK_GROUPING_NOTE
    citation: ClassVar[str] = FONG_CITATION

    points: int = Field(ge=0, le=5)
    risk_group: Literal["low", "high"]
    items: tuple[ScoreItem, ...]


class GameResult(BaseModel):
    """GAME score (0-7 points) with its breakdown and the Tumor Burden Score it used."""

    model_config = ConfigDict(frozen=True)

    citation: ClassVar[str] = GAME_CITATION

    points: int = Field(ge=0, le=7)
    risk_group: Literal["low", "medium", "high"]
    items: tuple[ScoreItem, ...]
    tbs: float = Field(ge=0)
    tbs_zone: Literal["< 3", "3 to < 9", ">= 9"]
    tbs_points: int = Field(ge=0, le=2)


class ModifiedClinicalResult(BaseModel):
    """Modified clinical score, m-CS (0-3 points).

    The risk groups (0 low, 1-2 medium, 3 high) were taken from a secondary summary; the caution
    travels with every result in ``risk_group_caution`` so the UI can show it.
    """

    model_config = ConfigDict(frozen=True)

    citation: ClassVar[str] = MCS_CITATION

    points: int = Field(ge=0, le=3)
    risk_group: Literal["low", "medium", "high"]
    items: tuple[ScoreItem, ...]
    risk_group_caution: str = MCS_RISK_GROUP_CAUTION


class PublishedOutcome(BaseModel):
    """Published survival for one score value or risk group."""

    model_config = ConfigDict(frozen=True)

    group: str
    five_year_os_percent: float | None = None
    median_os_months: float | None = None


class PublishedOutcomes(BaseModel):
    """Published outcomes of one score, with the primary source they come from."""

    model_config = ConfigDict(frozen=True)

    score: str
    citation: str
    note: str
    rows: tuple[PublishedOutcome, ...]


FONG_PUBLISHED_OUTCOMES = PublishedOutcomes(
    score="Fong clinical risk score",
    citation=FONG_CITATION,
    note=(
        "Overall survival by score 0-5 as published by Fong 1999 (primary source, not the review). Not "
        "monotonic: 5-year survival rises from score 3 to 4, median survival from 4 to 5. "
        + NO_PREOPERATIVE_CHEMOTHERAPY_NOTE
    ),
    rows=(
        PublishedOutcome(group="0", five_year_os_percent=60, median_os_months=74),
        PublishedOutcome(group="1", five_year_os_percent=44, median_os_months=51),
        PublishedOutcome(group="2", five_year_os_percent=40, median_os_months=47),
        PublishedOutcome(group="3", five_year_os_percent=20, median_os_months=33),
        PublishedOutcome(group="4", five_year_os_percent=25, median_os_months=20),
        PublishedOutcome(group="5", five_year_os_percent=14, median_os_months=22),
    ),
)

GAME_PUBLISHED_OUTCOMES = PublishedOutcomes(
    score="GAME score",
    citation=GAME_VALIDATION_CITATION,
    note="Median overall survival by GAME risk group in a population-based validation (primary source).",
    rows=(
        PublishedOutcome(group="low", median_os_months=68.1),
        PublishedOutcome(group="medium", median_os_months=46.7),
        PublishedOutcome(group="high", median_os_months=32.4),
    ),
)


# ----------------------------------------------------------------------------------------------------------
# Display helpers
# ----------------------------------------------------------------------------------------------------------


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _require_months(value: object) -> float:
    months = _require_non_negative(value, "disease_free_interval_months")
    return _require_at_most(months, "disease_free_interval_months", DFI_MAX_MONTHS, unit="months")


def _require_largest(value: object) -> float:
    largest = _require_positive(value, "largest_tumour_cm")
    return _require_at_most(largest, "largest_tumour_cm", LARGEST_MAX_CM, unit="cm")


def _require_cea(value: object) -> float:
    cea = _require_non_negative(value, "cea_ng_ml")
    return _require_at_most(cea, "cea_ng_ml", CEA_MAX_NG_ML, unit="ng/mL")


# Fong's cut-offs (Fong 1999; risk-scores-fong-review-items [57]), named once: an interval under 12 months,
# a largest tumour over 5 cm and a CEA over 200 ng/mL each score a point. The walkthrough imports them.
FONG_INTERVAL_MONTHS = 12
FONG_LARGEST_CM = 5
FONG_CEA_NG_ML = 200

# The CEA cut-offs of the scores that share one CEA: Fong > 200 ng/mL, GAME >= 20 ng/mL.
_CEA_CUTOFFS_NG_ML = (20, FONG_CEA_NG_ML)


def _cea_text(cea: float) -> str:
    """One CEA written one way in every score, on its side of both cut-offs: 19.9999999 is never "20" in the
    Fong table beside "19.9999999" and 0 points for ">= 20" in the GAME table."""
    return f"{format_number(cea, *_CEA_CUTOFFS_NG_ML)} ng/mL"


def _item(name: str, patient_value: str, criterion: str, met: bool, points_if_met: int = 1) -> ScoreItem:
    return ScoreItem(
        name=name,
        patient_value=patient_value,
        criterion=criterion,
        met=met,
        points=points_if_met if met else 0,
        max_points=points_if_met,
    )


# ----------------------------------------------------------------------------------------------------------
# Fong clinical risk score
# ----------------------------------------------------------------------------------------------------------


def fong_score(
    *,
    node_positive: bool,
    disease_free_interval_months: float,
    tumour_count: int,
    largest_tumour_cm: float,
    cea_ng_ml: float,
) -> FongResult:
    """Fong clinical risk score (Fong 1999): one point per item, total 0-5.

    Items: node-positive primary; disease-free interval from primary resection to liver metastasis < 12 months
    (synchronous disease is entered as 0 months and scores); more than one hepatic tumour; largest hepatic
    tumour > 5 cm; preoperative CEA > 200 ng/mL. Risk group: 0-2 low, 3-5 high (a convention; see
    ``FONG_RISK_GROUPING_NOTE``). Positive margin and extrahepatic disease are NOT items (see
    ``FONG_REVIEW_DIFFERENCE_NOTE``).
    """
    node = _require_bool(node_positive, "node_positive")
    dfi = _require_months(disease_free_interval_months)
    count = _require_count(tumour_count, "tumour_count", TUMOURS_MAX)
    largest = _require_largest(largest_tumour_cm)
    cea = _require_cea(cea_ng_ml)

    dfi_shown = format_number(dfi, FONG_INTERVAL_MONTHS)
    dfi_text = f"{dfi_shown} month{'' if dfi_shown == '1' else 's'}" + (" (synchronous)" if dfi == 0 else "")
    items = (
        _item("Node-positive primary", _yes_no(node), "node-positive primary tumour", node),
        _item(
            "Disease-free interval",
            dfi_text,
            f"< {FONG_INTERVAL_MONTHS} months from primary resection to liver metastasis (synchronous = 0 "
            "months)",
            dfi < FONG_INTERVAL_MONTHS,
        ),
        _item("Number of hepatic tumours", str(count), "more than 1 tumour", count > 1),
        _item(
            "Largest hepatic tumour",
            f"{format_number(largest, decimals=None)} cm",
            f"> {FONG_LARGEST_CM} cm",
            largest > FONG_LARGEST_CM,
        ),
        _item("Preoperative CEA", _cea_text(cea), f"> {FONG_CEA_NG_ML} ng/mL", cea > FONG_CEA_NG_ML),
    )
    points = sum(item.points for item in items)
    return FongResult(points=points, risk_group="low" if points <= 2 else "high", items=items)


# ----------------------------------------------------------------------------------------------------------
# Tumor Burden Score and GAME
# ----------------------------------------------------------------------------------------------------------


_TBS_ZONE_LIMITS = (3, 9)  # TBS < 3, 3 <= TBS < 9, TBS >= 9


def _tbs_zone_exact(largest: float, count: int) -> int:
    """GAME points of the TBS zone, decided exactly on the squares (TBS < 9 is largest ** 2 + count ** 2 <
    81), with the diameter read as typed like every calculator here (``validation.exact``): the float square
    root can round 8.48528137423857 cm and 3 tumours (8.9999999999999992...) up to 9."""
    squared = _exact(largest) ** 2 + count**2
    return sum(1 for limit in _TBS_ZONE_LIMITS if squared >= limit**2)


def tumor_burden_score(*, largest_tumour_cm: float, tumour_count: int) -> float:
    """Tumor Burden Score (Sasaki 2018): sqrt(largest diameter in cm ** 2 + number of liver tumours ** 2).

    The zone (< 3, 3 to < 9, >= 9) is decided exactly on the squares; the float returned is kept in that
    zone (just under 9 is 8.999999999999998, never a rounded 9.0), so ``tbs_zone_points`` of it agrees.
    """
    largest = _require_largest(largest_tumour_cm)
    count = _require_count(tumour_count, "tumour_count", TUMOURS_MAX)
    tbs = math.hypot(largest, count)
    zone = _tbs_zone_exact(largest, count)
    if zone > 0 and tbs < _TBS_ZONE_LIMITS[zone - 1]:
        return float(_TBS_ZONE_LIMITS[zone - 1])
    if zone < len(_TBS_ZONE_LIMITS) and tbs >= _TBS_ZONE_LIMITS[zone]:
        return math.nextafter(_TBS_ZONE_LIMITS[zone], 0)
    return tbs


def tbs_zone_points(tbs: float) -> int:
    """GAME points for a Tumor Burden Score: < 3 -> 0; 3 <= TBS < 9 -> 1; >= 9 -> 2 (see TBS_ZONE_NOTE)."""
    value = _require_at_most(_require_non_negative(tbs, "tbs"), "tbs", TBS_MAX)
    if value < 3:
        return 0
    if value < 9:
        return 1
    return 2


_TBS_ZONE_LABELS: dict[int, Literal["< 3", "3 to < 9", ">= 9"]] = {0: "< 3", 1: "3 to < 9", 2: ">= 9"}


def game_score(
    *,
    kras_mutated: bool,
    cea_ng_ml: float,
    node_positive: bool,
    largest_tumour_cm: float,
    tumour_count: int,
    extrahepatic_disease: bool,
) -> GameResult:
    """GAME score (Margonis 2018): total 0-7.

    KRAS-mutated tumour 1 (KRAS only; NRAS-only scores 0); CEA >= 20 ng/mL 1; node-positive primary 1;
    Tumor Burden Score 3 to < 9 -> 1, >= 9 -> 2; extrahepatic disease 2.
    Groups: 0-1 low, 2-3 medium, >= 4 high.
    """
    kras = _require_bool(kras_mutated, "kras_mutated")
    cea = _require_cea(cea_ng_ml)
    node = _require_bool(node_positive, "node_positive")
    largest = _require_largest(largest_tumour_cm)
    count = _require_count(tumour_count, "tumour_count", TUMOURS_MAX)
    ehd = _require_bool(extrahepatic_disease, "extrahepatic_disease")

    tbs = tumor_burden_score(largest_tumour_cm=largest, tumour_count=count)
    tbs_points = tbs_zone_points(tbs)
    plural = "s" if count > 1 else ""
    tbs_item = ScoreItem(
        name="Tumor Burden Score",
        patient_value=(
            f"{format_near(tbs, 3, 9)} (largest {format_number(largest, decimals=None)} cm, "
            f"{count} tumour{plural})"
        ),
        criterion="3 to < 9 -> 1 point; >= 9 -> 2 points",
        met=tbs_points > 0,
        points=tbs_points,
        max_points=2,
    )
    items = (
        _item("KRAS mutation", _yes_no(kras), "KRAS-mutated tumour (NRAS-only does not count)", kras),
        _item("CEA", _cea_text(cea), ">= 20 ng/mL", cea >= 20),
        _item("Node-positive primary", _yes_no(node), "node-positive primary tumour", node),
        tbs_item,
        _item("Extrahepatic disease", _yes_no(ehd), "extrahepatic disease present", ehd, points_if_met=2),
    )
    points = sum(item.points for item in items)
    group: Literal["low", "medium", "high"]
    if points <= 1:
        group = "low"
    elif points <= 3:
        group = "medium"
    else:
        group = "high"
    return GameResult(
        points=points,
        risk_group=group,
        items=items,
        tbs=tbs,
        tbs_zone=_TBS_ZONE_LABELS[tbs_points],
        tbs_points=tbs_points,
    )


# ----------------------------------------------------------------------------------------------------------
# Modified clinical score (m-CS)
# ----------------------------------------------------------------------------------------------------------


def modified_clinical_score(
    *, ras_mutated: bool, node_positive: bool, largest_tumour_cm: float
) -> ModifiedClinicalResult:
    """Modified clinical score, m-CS (Brudvik 2019): one point each, total 0-3.

    Items: any RAS mutation (KRAS or NRAS); node-positive primary; largest liver metastasis > 5 cm.
    Risk groups 0 low, 1-2 medium, 3 high: taken from a secondary summary (``MCS_RISK_GROUP_CAUTION``).
    """
    ras = _require_bool(ras_mutated, "ras_mutated")
    node = _require_bool(node_positive, "node_positive")
    largest = _require_largest(largest_tumour_cm)

    items = (
        _item("RAS mutation", _yes_no(ras), "any RAS mutation (KRAS or NRAS)", ras),
        _item("Node-positive primary", _yes_no(node), "node-positive primary tumour", node),
        _item(
            "Largest liver metastasis", f"{format_number(largest, decimals=None)} cm", "> 5 cm", largest > 5
        ),
    )
    points = sum(item.points for item in items)
    group: Literal["low", "medium", "high"]
    if points == 0:
        group = "low"
    elif points <= 2:
        group = "medium"
    else:
        group = "high"
    return ModifiedClinicalResult(points=points, risk_group=group, items=items)


__all__ = [
    "CEA_MAX_NG_ML",
    "DFI_MAX_MONTHS",
    "FONG_CEA_NG_ML",
    "FONG_CITATION",
    "FONG_INTERVAL_MONTHS",
    "FONG_LARGEST_CM",
    "FONG_PUBLISHED_OUTCOMES",
    "FONG_REVIEW_DIFFERENCE_NOTE",
    "FONG_RISK_GROUPING_NOTE",
    "GAME_CITATION",
    "GAME_KRAS_NOTE",
    "GAME_PUBLISHED_OUTCOMES",
    "GAME_VALIDATION_CITATION",
    "LARGEST_MAX_CM",
    "MCS_CITATION",
    "MCS_RISK_GROUP_CAUTION",
    "NO_PREOPERATIVE_CHEMOTHERAPY_NOTE",
    "TBS_CITATION",
    "TBS_MAX",
    "TBS_ZONE_NOTE",
    "TUMOURS_MAX",
    "FongResult",
    "GameResult",
    "ModifiedClinicalResult",
    "PublishedOutcome",
    "PublishedOutcomes",
    "ScoreItem",
    "fong_score",
    "game_score",
    "modified_clinical_score",
    "tbs_zone_points",
    "tumor_burden_score",
]
