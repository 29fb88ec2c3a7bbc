"""``data/studies.yaml``: read, validate, and check every figure against the record it points at."""

from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog, ContentError, check_unique, data_dir, data_file_name, load_records
from ..models import STAT_UNITS, Value
from .model import Figure, Study

STUDIES_FILE = "studies.yaml"
RATIO_UNITS = ("HR", "RR")


def resolve(catalog: Catalog, figure: Figure) -> Value:
    """The record's value that ``figure`` points at (KeyError when the record or the label is missing)."""
    return catalog.get(figure.evidence_id).value(figure.label)


def study_refs(catalog: Catalog, study: Study) -> tuple[int, ...]:
    """The review's reference numbers behind a study: those of its records, never typed in the study data."""
    return tuple(sorted({ref for evidence_id in study.evidence_ids for ref in catalog.get(evidence_id).refs}))


def _p_significant(value: Value) -> bool | None:
    """Whether a P value is below 0.05 as written (None when its comparator cannot tell)."""
    if value.comparator in ("<", "<=") and value.value <= 0.05:
        return True
    if value.comparator == "=":
        return value.value < 0.05
    if value.comparator in (">", ">=") and value.value >= 0.05:
        return False
    return None


def check_study(catalog: Catalog, study: Study, file: str) -> None:
    """Cross-checks a schema cannot make: records and labels exist, units fit their place, significance
    agrees with the P value, every number's record is among the study's cards."""
    for evidence_id in study.evidence_ids:
        if evidence_id not in catalog.evidence_by_id:
            raise ContentError(file, study.key, "evidence_ids", f"unknown evidence id {evidence_id!r}")
    for figure in study.figures():
        if figure.evidence_id not in catalog.evidence_by_id:
            raise ContentError(file, study.key, "evidence_id", f"unknown evidence id {figure.evidence_id!r}")
        if figure.evidence_id not in study.evidence_ids:
            raise ContentError(
                file, study.key, "evidence_ids", f"a figure comes from {figure.evidence_id!r}: list it too"
            )
        try:
            resolve(catalog, figure)
        except KeyError:
            raise ContentError(
                file, study.key, "label", f"{figure.evidence_id!r} has no value labelled {figure.label!r}"
            ) from None
    if not study_refs(catalog, study):
        raise ContentError(file, study.key, "evidence_ids", "no record behind the study cites a reference")
    for endpoint in study.endpoints:
        where = f"endpoints.{endpoint.key}"
        units = {resolve(catalog, v).unit for v in endpoint.values}
        if units & set(STAT_UNITS):
            raise ContentError(file, study.key, f"{where}.values", "an arm's figure is a P value or a ratio")
        if len(units) > 1:
            raise ContentError(
                file, study.key, f"{where}.values", f"the arms' figures mix units {sorted(units)}"
            )
        if endpoint.effect is not None and resolve(catalog, endpoint.effect).unit not in RATIO_UNITS:
            raise ContentError(file, study.key, f"{where}.effect", "an effect is a hazard or risk ratio")
        if endpoint.p is None:
            continue
        p = resolve(catalog, endpoint.p)
        if p.unit != "P":
            raise ContentError(file, study.key, f"{where}.p", f"{endpoint.p.label!r} is not a P value")
        below = _p_significant(p)
        if below is not None and below != (endpoint.significance in ("significant", "overall")):
            raise ContentError(
                file,
                study.key,
                f"{where}.significance",
                f"{endpoint.significance!r} does not agree with {p.display()}",
            )


def load_studies(catalog: Catalog, root: Path | None = None) -> tuple[Study, ...]:
    """Every study of ``data/studies.yaml``, validated and checked against ``catalog``; ContentError names
    the file, the study and the field of the first problem."""
    root = root or catalog.root or data_dir()
    path = root / STUDIES_FILE
    name = data_file_name(path, root)
    studies = load_records(path, root, Study, "key", "studies")
    check_unique(((name, study.key) for study in studies), "key")
    for study in studies:
        check_study(catalog, study, name)
    return tuple(studies)
