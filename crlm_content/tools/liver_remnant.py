"""The Future liver remnant page: an FLR entered or standardized from volume and BSA (Vauthey), against the
review's threshold for the liver's condition, with the verdict in words."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from ..catalog import Catalog
from ..formatting import format_exact, format_number
from ..liver import (
    ETLV_INTERCEPT_ML,
    ETLV_SLOPE_ML_PER_M2,
    FLR_THRESHOLDS,
    LIVER_CONDITION_PHRASES,
    Comparator,
    LiverCondition,
    estimated_total_liver_volume_ml,
    estimated_total_liver_volume_text,
    flr_sufficient,
    standardized_flr_exact,
)
from ..search import citation_text
from ..timing import MAX_CHEMOTHERAPY_WEEKS
from .common import name_fields

FlrSource = Literal["percent", "volume"]

# (evidence id, value label) of the record each threshold comes from.
LIVER_CONDITION_EVIDENCE: Mapping[LiverCondition, tuple[str, str]] = {
    "normal": ("flr-threshold-normal-liver", "FLR, normal liver"),
    "chemotherapy_or_steatosis": (
        "flr-threshold-injured-liver",
        "FLR, marked steatosis or extensive chemotherapy",
    ),
    "cirrhosis": ("flr-threshold-injured-liver", "FLR, cirrhosis"),
}
# The records the remnant planner shows beside its verdict, in the page's order. When the remnant is too
# small: portal vein embolization, then measuring the remnant again (the walkthrough's record for it), then
# two-stage resection; when it suffices, the same four cards in one collapsed list. Below, always: all three
# thresholds and why chemotherapy raises the bar. PVE_IDS and TWO_STAGE_IDS are defined here only: the Surgery
# page's remnant tab (``crlm_content.surgery``) imports them, so a record added here shows on both pages.
FLR_REMEASURE_ID = "flr-ct-volumetry"
PVE_IDS: tuple[str, ...] = ("flr-pve-insufficient-remnant", "flr-pve-atrophy-after-nct")
TWO_STAGE_IDS: tuple[str, ...] = ("flr-two-stage-strategy", "flr-two-stage-survival")
REMNANT_TOO_SMALL_IDS: tuple[str, ...] = (*PVE_IDS, *TWO_STAGE_IDS)
FLR_THRESHOLD_IDS: tuple[str, ...] = (
    "flr-threshold-normal-liver",
    "flr-threshold-injured-liver",
    "flr-higher-threshold-after-nct",
    FLR_REMEASURE_ID,
    "flr-resectability-definition",
)
# The walkthrough's reading of "extensive chemotherapy" (decision.steps.extensive_prior_chemotherapy): more
# than MAX_CHEMOTHERAPY_WEEKS, the duration this record links to complications; it cites the same record.
EXTENSIVE_CHEMOTHERAPY_EVIDENCE = ("timing-long-chemo-short-interval", "duration of chemotherapy")
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
    at_threshold: bool  # exactly on the threshold, decided on the exact value (not its nearest float)
    shown: str  # the FLR as the page writes it (``flr_shown``)

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
    exact: float | Fraction
    if source == "percent":
        if flr_percent is None:
            return None, ["FLR (% of total liver volume): enter a percentage."]
        percent = exact = flr_percent
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
            exact = standardized_flr_exact(flr_volume_ml=flr_volume_ml, bsa_m2=bsa_m2)
            percent = float(exact)
        except ValueError as exc:
            return None, [name_fields(str(exc), FLR_FIELD_LABELS)]
        if percent > 100:
            return None, [
                # both exactly: rounded, 1486.6941 mL read as "more than" an estimate written 1486.7 mL
                f"FLR volume (mL): {format_number(flr_volume_ml, decimals=None)} mL is more than the "
                f"estimated total liver volume ({estimated_total_liver_volume_text(bsa_m2=bsa_m2)} mL from a "
                f"body surface area of {format_number(bsa_m2, decimals=None)} m²), a standardized FLR above "
                "100%. Check both values."
            ]
    try:
        sufficient = flr_sufficient(flr_percent=exact, liver_condition=condition)
    except ValueError as exc:
        return None, [name_fields(str(exc), FLR_FIELD_LABELS)]
    # entered: as typed (41%); derived: one decimal, more where one would cross the threshold
    if isinstance(exact, Fraction):
        shown = format_exact(exact, threshold, decimals=1)
    else:
        shown = format_number(percent, decimals=None)
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
            at_threshold=exact == threshold,
            shown=shown + "%",
        ),
        [],
    )


def vauthey_derivation(assessment: FlrAssessment) -> list[str]:
    """The standardized FLR worked through with the visitor's numbers (empty when the FLR was entered)."""
    if assessment.etlv_ml is None or assessment.flr_volume_ml is None or assessment.bsa_m2 is None:
        return []
    intercept, slope = format_number(ETLV_INTERCEPT_ML), format_number(ETLV_SLOPE_ML_PER_M2)
    etlv = estimated_total_liver_volume_text(bsa_m2=assessment.bsa_m2)  # exact: the reader divides by it
    return [
        f"Estimated total liver volume = {intercept} + {slope} x BSA = {intercept} + {slope} x "
        f"{format_number(assessment.bsa_m2)} = {etlv} mL",
        f"Standardized FLR = FLR volume / estimated total liver volume x 100 = "
        f"{format_number(assessment.flr_volume_ml)} / {etlv} x 100 = "
        f"{flr_shown(assessment)}",
    ]


def flr_shown(assessment: FlrAssessment) -> str:
    """The FLR as the page writes it: an entered FLR exactly as typed (41%, 29.999%), a derived one to one
    decimal, with more where one would put it on the other side of the threshold (29.96%, not 30.0%), from
    its exact value."""
    return assessment.shown


def flr_verdict(assessment: FlrAssessment) -> str:
    """One sentence: the FLR, the rule for the condition, and whether it is met (with the exact-sign case)."""
    shown = flr_shown(assessment)
    condition = LIVER_CONDITION_PHRASES[assessment.condition]
    if assessment.at_threshold and not assessment.sufficient:
        return (
            f"An FLR of {shown} is exactly at the review's threshold for {condition} ({assessment.rule}), "
            f"which it does not meet: '{assessment.comparator}' excludes it."
        )
    met = "meets" if assessment.sufficient else "does not meet"
    text = f"An FLR of {shown} {met} the review's threshold for {condition} ({assessment.rule})."
    if assessment.at_threshold:
        text += f" It sits exactly on the threshold, and '{assessment.comparator}' includes it."
    return text


def flr_bar_label(assessment: FlrAssessment) -> str:
    """``flr_verdict`` short enough to sit under the FLR bar on a phone: entered or derived, and where it
    stands against the chosen threshold (``<br>`` where the line breaks). The part before the break fits a
    line of the chart's note on its own: longer, it wrapped too and left "with '>'," alone on a line."""
    condition = LIVER_CONDITION_PHRASES[assessment.condition]
    if assessment.sufficient is False and assessment.at_threshold:
        return f"On the threshold; not enough with '{assessment.comparator}',<br>for {condition}"
    verdict = "meets" if assessment.sufficient else "below"
    return f"{'Derived' if assessment.derived else 'Entered'}; {verdict} the threshold<br>for {condition}"


def extensive_chemotherapy_note(catalog: Catalog) -> str:
    """What 'extensive chemotherapy' means here: the review does not say; the walkthrough reads more than the
    weeks the review links to complications as extensive, and the planner says so beside its condition box.

    The weeks are the record's, and must be the walkthrough's own constant (``ValueError`` otherwise), so the
    two pages cannot drift apart."""
    record_id, label = EXTENSIVE_CHEMOTHERAPY_EVIDENCE
    record = catalog.get(record_id)
    weeks = record.value(label)
    if (weeks.value, weeks.comparator, weeks.unit) != (MAX_CHEMOTHERAPY_WEEKS, ">", "weeks"):
        raise ValueError(
            f"{record_id}: {label!r} is {weeks.display()}, not the walkthrough's more than "
            f"{MAX_CHEMOTHERAPY_WEEKS} weeks"
        )
    injured: LiverCondition = "chemotherapy_or_steatosis"
    threshold, comparator = FLR_THRESHOLDS[injured]
    threshold_refs = catalog.get(LIVER_CONDITION_EVIDENCE[injured][0]).refs
    return (
        "The review does not define 'extensive chemotherapy'. The decision walkthrough counts more than "
        f"{format_number(weeks.value)} weeks of chemotherapy as extensive (the duration the review links to "
        f"more complications, {citation_text(record.refs)}), and then holds a liver called normal to the "
        f"{comparator} {format_number(threshold)}% asked of {LIVER_CONDITION_PHRASES[injured]} "
        f"({citation_text(threshold_refs)})."
    )
