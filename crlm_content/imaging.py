"""Imaging sensitivity by study: Evidence records -> typed rows (pure; no streamlit). The charts drawn from
these rows are ``crlm_content.figures.imaging``.

Every sensitivity comes from one of four Evidence records and keeps its study: the pooled meta-analysis
[71], PROMETEO-01 [69] and the intraoperative comparison [78] are never averaged into one figure
(caveat 12). The "what sensitivity means" illustration is arithmetic on one of those figures, labelled as
derived with its inputs and its rounding rule.

Invalid input raises ``ValueError`` whose message names the offending argument.
Educational use only; not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .formatting import format_number
from .search import format_refs
from .validation import require_real, shown

META_ID = "imaging-meta-analysis-preoperative-sensitivity"
PROMETEO_ID = "imaging-prometeo-mri-vs-ct"
PROMETEO_NCT_ID = "imaging-prometeo-ct-after-nct"
INTRAOPERATIVE_ID = "imaging-intraoperative-comparison"
SENSITIVITY_IDS: tuple[str, ...] = (META_ID, PROMETEO_ID, PROMETEO_NCT_ID, INTRAOPERATIVE_ID)

MRI_PREFERRED_ID = "imaging-meta-analysis-authors-conclusions"
PET_NOT_ROUTINE_ID = "imaging-pet-not-routine"

MIN_LESIONS = 1
MAX_LESIONS = 50


@dataclass(frozen=True)
class Study:
    key: str
    name: str
    evidence_id: str  # the record whose reference numbers label the study


STUDIES: tuple[Study, ...] = (
    Study("meta", "Pooled meta-analysis, after chemotherapy", META_ID),
    Study("prometeo", "PROMETEO-01", PROMETEO_ID),
    Study("intraop", "Intraoperative comparison", INTRAOPERATIVE_ID),
)
STUDY_KEYS: tuple[str, ...] = tuple(s.key for s in STUDIES)

# URL key -> canonical entity name (docs/CONTENT_MODEL.md)
MODALITIES: dict[str, str] = {
    "mri": "MRI",
    "ct": "CT",
    "pet": "PET",
    "pet-ct": "PET-CT",
    "ce-ious": "contrast-enhanced IOUS",
    "ious": "IOUS",
    "ce-mri": "contrast-enhanced MRI",
    "ce-ct": "contrast-enhanced CT",
}
MODALITY_KEYS: tuple[str, ...] = tuple(MODALITIES)
# what a reader sees: the canonical name, except that plain IOUS says it had no contrast
MODALITY_LABELS: dict[str, str] = {**MODALITIES, "ious": "IOUS without contrast"}

AFTER_NCT = "after neoadjuvant chemotherapy"
# [71] pooled only patients who had received neoadjuvant chemotherapy (its title): the setting says so,
# while its bars keep plain modality names (the study group's label carries the setting)
POOLED_AFTER_NCT = f"{AFTER_NCT}, pooled"


@dataclass(frozen=True)
class _RowSpec:
    key: str
    study_key: str
    evidence_id: str
    value_label: str
    modality_key: str
    setting: str


_ROW_SPECS: tuple[_RowSpec, ...] = (
    _RowSpec("meta-mri", "meta", META_ID, "MRI pooled sensitivity", "mri", POOLED_AFTER_NCT),
    _RowSpec("meta-ct", "meta", META_ID, "CT pooled sensitivity", "ct", POOLED_AFTER_NCT),
    _RowSpec("meta-pet", "meta", META_ID, "PET pooled sensitivity", "pet", POOLED_AFTER_NCT),
    _RowSpec("meta-pet-ct", "meta", META_ID, "PET-CT pooled sensitivity", "pet-ct", POOLED_AFTER_NCT),
    _RowSpec("prometeo-mri", "prometeo", PROMETEO_ID, "MRI sensitivity", "mri", "MRI vs CT"),
    _RowSpec("prometeo-ct", "prometeo", PROMETEO_ID, "CT sensitivity", "ct", "MRI vs CT"),
    _RowSpec(
        "prometeo-ct-nct",
        "prometeo",
        PROMETEO_NCT_ID,
        "CT sensitivity after neoadjuvant chemotherapy",
        "ct",
        AFTER_NCT,
    ),
    _RowSpec(
        "intraop-ce-ious",
        "intraop",
        INTRAOPERATIVE_ID,
        "contrast-enhanced IOUS sensitivity",
        "ce-ious",
        "at surgery",
    ),
    _RowSpec(
        "intraop-ious",
        "intraop",
        INTRAOPERATIVE_ID,
        "IOUS without contrast sensitivity",
        "ious",
        "at surgery",
    ),
    _RowSpec(
        "intraop-ce-mri",
        "intraop",
        INTRAOPERATIVE_ID,
        "contrast-enhanced MRI sensitivity",
        "ce-mri",
        "preoperative, compared at surgery",
    ),
    _RowSpec(
        "intraop-ce-ct",
        "intraop",
        INTRAOPERATIVE_ID,
        "contrast-enhanced CT sensitivity",
        "ce-ct",
        "preoperative, compared at surgery",
    ),
)
ROW_KEYS: tuple[str, ...] = tuple(spec.key for spec in _ROW_SPECS)


@dataclass(frozen=True)
class SensitivityRow:
    """One sensitivity exactly as an Evidence record gives it, with its study and references."""

    key: str
    study_key: str
    study: str  # e.g. "PROMETEO-01 [69]"
    modality_key: str
    modality: str
    setting: str
    sensitivity: float  # percent
    refs: tuple[int, ...]
    evidence_id: str

    @property
    def bar_label(self) -> str:
        """The label inside its study group ("CT after chemotherapy" keeps the two CT bars apart)."""
        label = MODALITY_LABELS[self.modality_key]
        return f"{label} after chemotherapy" if self.setting == AFTER_NCT else label

    @property
    def long_label(self) -> str:
        return f"{self.bar_label}, {self.study} ({pct(self.sensitivity)})"


def study_label(catalog: Catalog, study_key: str) -> str:
    """The study's name with the reference numbers of its record, e.g. 'PROMETEO-01 [69]'."""
    study = _study(study_key)
    return f"{study.name} {format_refs(catalog.get(study.evidence_id).refs)}"


def sensitivity_rows(catalog: Catalog) -> tuple[SensitivityRow, ...]:
    """Every sensitivity of the four records, in a fixed order: meta-analysis, PROMETEO-01, intraoperative."""
    rows = []
    for spec in _ROW_SPECS:
        record = catalog.get(spec.evidence_id)
        value = record.value(spec.value_label)
        if value.unit != "%" or value.high is not None or value.comparator != "=":
            raise ValueError(f"{spec.evidence_id}: {spec.value_label!r} is not a single percentage")
        rows.append(
            SensitivityRow(
                key=spec.key,
                study_key=spec.study_key,
                study=study_label(catalog, spec.study_key),
                modality_key=spec.modality_key,
                modality=MODALITIES[spec.modality_key],
                setting=spec.setting,
                sensitivity=value.value,
                refs=record.refs,
                evidence_id=record.id,
            )
        )
    return tuple(rows)


def select_rows(
    rows: Iterable[SensitivityRow], *, studies: Iterable[str], modalities: Iterable[str]
) -> tuple[SensitivityRow, ...]:
    """The rows of the chosen studies and modalities, in the canonical order (the order chosen is ignored)."""
    wanted_studies = set(studies)
    wanted_modalities = set(modalities)
    return tuple(r for r in rows if r.study_key in wanted_studies and r.modality_key in wanted_modalities)


def row_by_key(rows: Iterable[SensitivityRow], key: str) -> SensitivityRow:
    for row in rows:
        if row.key == key:
            return row
    raise KeyError(f"no sensitivity row {key!r}")


def sensitivity_table(rows: Iterable[SensitivityRow]) -> list[dict[str, object]]:
    """The chart's data as a table (study, modality, setting, sensitivity, references, evidence id)."""
    return [
        {
            "study": r.study,
            "modality": r.modality,
            "setting": r.setting,
            "sensitivity (%)": r.sensitivity,
            "refs": format_refs(r.refs),
            "evidence id": r.evidence_id,
        }
        for r in rows
    ]


def sensitivity_alt(rows: Sequence[SensitivityRow]) -> str:
    """A text description of the sensitivity chart, study by study."""
    if not rows:
        return "No study or modality selected."
    parts = []
    for study in dict.fromkeys(r.study for r in rows):
        items = ", ".join(f"{r.bar_label} {pct(r.sensitivity)}" for r in rows if r.study == study)
        parts.append(f"{study}: {items}")
    return "Horizontal bars of detection sensitivity, one group per study. " + "; ".join(parts) + "."


# ----------------------------------------------------------------------------------------------------------
# CT after chemotherapy
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CtChange:
    """CT sensitivity in PROMETEO-01 as the review reports it, and the fall (derived, in points)."""

    before: float
    after: float
    refs: tuple[int, ...]
    before_id: str
    after_id: str

    @property
    def fall_points(self) -> float:
        """before - after, exactly (82 - 71 = 11 percentage points)."""
        return float(Decimal(repr(self.before)) - Decimal(repr(self.after)))

    def arithmetic(self) -> str:
        return (
            f"Derived: {format_number(self.before)} - {format_number(self.after)} = "
            f"{format_number(self.fall_points)} percentage points "
            f"(from {self.before_id} and {self.after_id})."
        )


def ct_change(catalog: Catalog) -> CtChange:
    before = catalog.get(PROMETEO_ID)
    after = catalog.get(PROMETEO_NCT_ID)
    return CtChange(
        before=before.value("CT sensitivity").value,
        after=after.value("CT sensitivity after neoadjuvant chemotherapy").value,
        refs=tuple(sorted(set(before.refs) | set(after.refs))),
        before_id=before.id,
        after_id=after.id,
    )


def ct_change_alt(change: CtChange) -> str:
    return (
        f"Two bars: CT sensitivity {pct(change.before)} in the PROMETEO-01 comparison with MRI and "
        f"{pct(change.after)} after neoadjuvant chemotherapy, a fall of {format_number(change.fall_points)} "
        "percentage points (our arithmetic; the review does not say whether both figures come from the same "
        "patients)."
    )


# ----------------------------------------------------------------------------------------------------------
# What sensitivity means: N true lesions -> expected found and missed (derived arithmetic)
# ----------------------------------------------------------------------------------------------------------

ROUNDING_RULE = "rounded to the nearest whole lesion, halves rounded up"
ICONS_PER_ROW = 10


@dataclass(frozen=True)
class DetectionIllustration:
    lesions: int
    sensitivity: float  # percent
    expected_found: Decimal  # exact N x sensitivity / 100
    found: int
    missed: int

    def arithmetic(self) -> str:
        return (
            f"{self.lesions} lesions x {pct(self.sensitivity)} = "
            f"{format_number(self.expected_found, decimals=None)} "
            f"expected to be found; {ROUNDING_RULE}: {self.found} found, {self.missed} missed."
        )


def detection_illustration(lesions: int, sensitivity: float) -> DetectionIllustration:
    """Expected lesions found and missed among ``lesions`` true lesions at ``sensitivity`` percent.

    Exact decimal arithmetic on the figures as typed (50 x 99% = 49.5 exactly, rounded up to 50).
    """
    if isinstance(lesions, bool) or not isinstance(lesions, int):
        raise ValueError(f"lesions must be a whole number, got {shown(lesions)}")
    if not MIN_LESIONS <= lesions <= MAX_LESIONS:
        raise ValueError(f"lesions must be between {MIN_LESIONS} and {MAX_LESIONS}, got {shown(lesions)}")
    if isinstance(sensitivity, bool) or not isinstance(sensitivity, int | float):
        raise ValueError(f"sensitivity must be a number, got {shown(sensitivity)}")
    percent = require_real(sensitivity, "sensitivity")
    if not 0 <= percent <= 100:
        raise ValueError(f"sensitivity must be between 0 and 100 percent, got {shown(sensitivity)}")
    expected = Decimal(lesions) * Decimal(repr(percent)) / Decimal(100)
    found = int(expected.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return DetectionIllustration(lesions, percent, expected, found, lesions - found)


def icon_array_alt(illustration: DetectionIllustration, row: SensitivityRow) -> str:
    return (
        f"Icon array of {illustration.lesions} true lesions, ten a row: {illustration.found} filled circles "
        f"(found) then {illustration.missed} crosses (missed), using {row.long_label}; the counts are "
        "derived arithmetic, shown under the chart."
    )


# ----------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------


def _study(key: str) -> Study:
    for study in STUDIES:
        if study.key == key:
            return study
    raise KeyError(f"no study {key!r}")


def pct(number: float) -> str:
    """A percentage as the review quotes it, e.g. "82%"."""
    return f"{format_number(number)}%"
