"""The Prognostic scores page: one patient form -> Fong, GAME (with TBS) and m-CS, their breakdown and the
published outcomes by group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from ..scores import (
    FongResult,
    GameResult,
    ModifiedClinicalResult,
    PublishedOutcomes,
    fong_score,
    game_score,
    modified_clinical_score,
)
from .common import dedupe, name_fields

# The records of the page's "Read before using any score" tab, in its order: that no score is validated to
# guide treatment (eight scores compared), the RAS-based scores, the review's seven-item Fong list (the table
# beside it compares it with the published score), then the rest of what the review says (collapsed).
NOT_VALIDATED_IDS: tuple[str, ...] = (
    "risk-scores-clinical-relevance-questioned",
    "risk-scores-scoring-systems-comparison",
)
RAS_SCORES_ID = "risk-scores-ras-based-scores"
FONG_REVIEW_ITEMS_ID = "risk-scores-fong-review-items"
MORE_ON_SCORES_IDS: tuple[str, ...] = ("risk-scores-kras-hr", "risk-scores-molecular-markers-future")
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
        return None, dedupe(messages)
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
                    # the item and its criterion in one cell: four columns ran past a 360 px phone
                    "item and criterion": f"{item.name}: {item.criterion}",
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
    """The same Fong score under the two public groupings (conventions of how the score is quoted)."""
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
