"""Imaging sensitivity by study: Evidence records -> typed rows (pure; no streamlit). The charts drawn from
these rows are ``crlm_content.figures.imaging``.

Every sensitivity comes from one of four Evidence records and keeps its study: the pooled meta-analysis
[71], PROMETEO-01 [69] and the intraoperative comparison [78] are never averaged into one figure
(caveat 12). PROMETEO-01's CT after chemotherapy is the primary paper's comparison of patients given
chemotherapy first with those operated on first; the review's 71% is never subtracted from its 82%
(caveat 22). The "what sensitivity means" illustration is arithmetic on one of those figures, labelled as
derived with its inputs and its rounding rule.

Invalid input raises ``ValueError`` whose message names the offending argument.
Educational use only; not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .formatting import format_number, unit_for
from .search import format_refs
from .validation import require_real, shown

META_ID = "imaging-meta-analysis-preoperative-sensitivity"
PROMETEO_ID = "imaging-prometeo-mri-vs-ct"
PROMETEO_NCT_ID = "imaging-prometeo-ct-after-nct"
PROMETEO_BY_CHEMOTHERAPY_ID = "imaging-prometeo-ct-by-chemotherapy"
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


# Each name, with its reference numbers, is a chip of the page's "Studies" box: a 360 px phone gives a chip's
# text 218 px, and "Pooled meta-analysis, after chemotherapy [71]" (271 px) lost "[71]" to an ellipsis.
STUDIES: tuple[Study, ...] = (
    Study("meta", "Meta-analysis, after chemo", META_ID),
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
# PROMETEO-01's MRI and CT figures count the patients operated on first and those given chemotherapy first
# together (the primary paper's abstract; caveat 22): not a "before chemotherapy" figure
ALL_PATIENTS_IN_LABEL = "all patients"
ALL_PATIENTS = f"MRI vs CT, {ALL_PATIENTS_IN_LABEL}"
# and its CT after chemotherapy is the review's figure, which the primary paper's abstract does not give
AFTER_NCT_AS_REVIEWED = f"{AFTER_NCT}, as the review gives it"
AFTER_NCT_AS_REVIEWED_IN_LABEL = "after chemotherapy, review's figure"


@dataclass(frozen=True)
class _RowSpec:
    key: str
    study_key: str
    evidence_id: str
    value_label: str
    modality_key: str
    setting: str
    # the setting as its bar's label says it, where the study's heading does not: PROMETEO-01's "CT" 82% and
    # "CT after chemotherapy" 71% read as a before-and-after pair (caveat 22)
    label_setting: str = ""


_ROW_SPECS: tuple[_RowSpec, ...] = (
    _RowSpec("meta-mri", "meta", META_ID, "MRI pooled sensitivity", "mri", POOLED_AFTER_NCT),
    _RowSpec("meta-ct", "meta", META_ID, "CT pooled sensitivity", "ct", POOLED_AFTER_NCT),
    _RowSpec("meta-pet", "meta", META_ID, "PET pooled sensitivity", "pet", POOLED_AFTER_NCT),
    _RowSpec("meta-pet-ct", "meta", META_ID, "PET-CT pooled sensitivity", "pet-ct", POOLED_AFTER_NCT),
    _RowSpec(
        "prometeo-mri", "prometeo", PROMETEO_ID, "MRI sensitivity", "mri", ALL_PATIENTS, ALL_PATIENTS_IN_LABEL
    ),
    _RowSpec(
        "prometeo-ct", "prometeo", PROMETEO_ID, "CT sensitivity", "ct", ALL_PATIENTS, ALL_PATIENTS_IN_LABEL
    ),
    _RowSpec(
        "prometeo-ct-nct",
        "prometeo",
        PROMETEO_NCT_ID,
        "CT sensitivity after neoadjuvant chemotherapy",
        "ct",
        AFTER_NCT_AS_REVIEWED,
        AFTER_NCT_AS_REVIEWED_IN_LABEL,
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
    label_setting: str = ""  # the setting in the bar's label, where the study's heading does not give it

    @property
    def bar_label(self) -> str:
        """The label inside its study group, with its setting where the heading does not give it ("CT (all
        patients)" and "CT (after chemotherapy, review's figure)" are not a before-and-after pair)."""
        label = MODALITY_LABELS[self.modality_key]
        return f"{label} ({self.label_setting})" if self.label_setting else label

    @property
    def long_label(self) -> str:
        return f"{self.bar_label}, {self.study} ({pct(self.sensitivity)})"

    @property
    def choice_label(self) -> str:
        """The label in a choice box, its figure first: a narrow box cuts a label's end (at 390 px "CT (after
        chemotherapy, review's figure), PROMETEO-" hid the percentage)."""
        return f"{pct(self.sensitivity)}: {self.bar_label}, {self.study}"


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
                label_setting=spec.label_setting,
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
class CtByChemotherapy:
    """CT sensitivity in PROMETEO-01, lesion by lesion, in patients operated on first and in patients given
    chemotherapy first: the primary paper's own comparison [69] (its abstract, not the review; caveat 22).

    The review's 71% after chemotherapy is kept beside it as the review gives it, and never subtracted from
    the review's 82%, which counts all the study's patients.
    """

    upfront: float
    pretreated: float
    p_value: str  # as displayed, e.g. "P = 0.024"
    refs: tuple[int, ...]
    evidence_id: str
    review_all: float  # the review's CT figure against MRI: all patients
    review_all_id: str
    review_after: float
    review_after_id: str
    caveat: int  # the caveat on both records: the review's figures against the primary's


def ct_by_chemotherapy(catalog: Catalog) -> CtByChemotherapy:
    record = catalog.get(PROMETEO_BY_CHEMOTHERAPY_ID)
    review_all = catalog.get(PROMETEO_ID)
    review = catalog.get(PROMETEO_NCT_ID)
    shared = {c.number for c in catalog.caveats_for(record.id)} & {
        c.number for c in catalog.caveats_for(review.id)
    }
    if len(shared) != 1:
        raise ValueError(f"{record.id} and {review.id} should share exactly one caveat, not {sorted(shared)}")
    return CtByChemotherapy(
        upfront=record.value("CT sensitivity, resected upfront").value,
        pretreated=record.value("CT sensitivity, chemotherapy before resection").value,
        p_value=record.value("P value").display(),
        refs=record.refs,
        evidence_id=record.id,
        review_all=review_all.value("CT sensitivity").value,
        review_all_id=review_all.id,
        review_after=review.value("CT sensitivity after neoadjuvant chemotherapy").value,
        review_after_id=review.id,
        caveat=shared.pop(),
    )


def ct_by_chemotherapy_alt(comparison: CtByChemotherapy) -> str:
    return (
        f"Two bars from the abstract of the PROMETEO-01 paper {format_refs(comparison.refs)}, counted "
        f"lesion by lesion: CT sensitivity {pct(comparison.upfront)} in patients resected upfront and "
        f"{pct(comparison.pretreated)} in patients given chemotherapy before resection "
        f"({comparison.p_value}). They are different patients, not the same patients before and after "
        f"chemotherapy. The review's own figure, {pct(comparison.review_after)} after chemotherapy, is not "
        f"in that abstract and is not drawn (caveat {comparison.caveat})."
    )


# ----------------------------------------------------------------------------------------------------------
# What sensitivity means: N true lesions -> expected found and missed (derived arithmetic)
# ----------------------------------------------------------------------------------------------------------

ROUNDING_RULE = "rounded to the nearest whole lesion, halves rounded up"
# A whole count of 0 beside a sensitivity under 100% taught that the test misses nothing (50 x 99% = 49.5
# found: "0 missed"): a count that rounds to 0 while its expected value does not is given as that value.
UNDER_ONE_RULE = (
    "where that would show 0 though part of a lesion is expected, the counts are given unrounded (the icons "
    "stay rounded)"
)
ICONS_PER_ROW = 10


@dataclass(frozen=True)
class DetectionIllustration:
    lesions: int
    sensitivity: float  # percent
    expected_found: Decimal  # exact N x sensitivity / 100
    found: int
    missed: int

    @property
    def true_lesions(self) -> str:
        """``1 true lesion``, ``10 true lesions``: the count with its noun in the number it takes."""
        return f"{self.lesions} true {unit_for(self.lesions, 'lesions')}"

    @property
    def expected_missed(self) -> Decimal:
        return Decimal(self.lesions) - self.expected_found

    @property
    def unrounded(self) -> bool:
        """A whole count would be 0 while part of a lesion is expected: 50 x 99% = 49.5 found, 0.5 missed."""
        hidden_find = self.found == 0 and self.expected_found > 0
        return hidden_find or (self.missed == 0 and self.expected_missed > 0)

    @property
    def found_count(self) -> str:
        """``9``; ``49.5 expected`` where ``unrounded``."""
        return _count(self.found, self.expected_found, self.unrounded)

    @property
    def missed_count(self) -> str:
        """``1``; ``0.5 expected`` where ``unrounded``."""
        return _count(self.missed, self.expected_missed, self.unrounded)

    @property
    def counts(self) -> str:
        """``9 found, 1 missed``; ``49.5 expected found, 0.5 expected missed`` where ``unrounded``."""
        return f"{self.found_count} found, {self.missed_count} missed"

    @property
    def headline(self) -> str:
        """The icon array's title: ``about 9 found, 1 missed``; ``expected 49.5 found, 0.5 missed``."""
        if self.unrounded:
            return (
                f"expected {format_number(self.expected_found, decimals=None)} found, "
                f"{format_number(self.expected_missed, decimals=None)} missed"
            )
        return f"about {self.counts}"

    @property
    def rounding_rule(self) -> str:
        """``ROUNDING_RULE``, with ``UNDER_ONE_RULE`` where it applies."""
        return ROUNDING_RULE + (f"; {UNDER_ONE_RULE}" if self.unrounded else "")

    def arithmetic(self) -> str:
        return (
            f"{self.lesions} {unit_for(self.lesions, 'lesions')} x {pct(self.sensitivity)} = "
            f"{format_number(self.expected_found, decimals=None)} "
            f"expected to be found; {self.rounding_rule}: {self.counts}."
        )


def _count(whole: int, expected: Decimal, unrounded: bool) -> str:
    return f"{format_number(expected, decimals=None)} expected" if unrounded else str(whole)


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
    circles = "filled circle" if illustration.found == 1 else "filled circles"
    crosses = "cross" if illustration.missed == 1 else "crosses"
    return (
        f"Icon array of {illustration.true_lesions}, ten a row: {illustration.found} {circles} "
        f"(found) then {illustration.missed} {crosses} (missed), using {row.long_label}"
        + "; the counts are derived arithmetic, shown under the chart"
        + (f"; unrounded, {illustration.counts}" if illustration.unrounded else "")
        + "."
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
