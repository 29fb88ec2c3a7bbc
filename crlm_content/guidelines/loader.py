"""Guideline comparison: the seven organisations of the review's Table 2, topic by topic (pure; no streamlit).

Content lives in ``data/guidelines.yaml``, a mapping with two lists:

- ``topics``: every member of ``Topic`` exactly once, with a ``title``, a ``question``, the ``stances`` the
  topic allows (``{key: label}``; the topic ``neoadjuvant_resectable`` uses the fixed ``Stance`` values
  instead and declares none), the review's own text on the topic (``review_text``: Evidence ids), the
  ``caveats`` (numbers in ``data/caveats.yaml``) where that text and Table 2 pull different ways, a ``note``.
- ``organisations``: ``key``, ``name`` (the correct full name), ``short_name``, ``review_name`` (only when
  Table 2 gets the name wrong), ``year``, ``ref`` (the review's reference number), ``note``, and
  ``positions``: for every topic either ``not_stated`` (Table 2 does not address it: never guessed) or a
  mapping with ``stance``, ``summary`` (our paraphrase), ``qualifier``, ``evidence_ids`` (the organisation's
  ``table-2-<key>-*`` records), ``applies_to`` (situations) and ``by_situation`` (a different stance, of
  the same topic's stances, in a situation it applies to: NCCN's synchronous and metachronous halves).

``load_guidelines`` validates it (one ``ContentError`` naming the file, the record and the field) and
cross-checks it against the catalog: every evidence id exists, is a Table 2 record of that organisation,
cites exactly the organisation's reference and carries its year. Stances are this app's classification of
the review's paraphrase of each guideline, not the guidelines' own words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import memo
from ..catalog import Catalog, ContentError, data_file_name, get_catalog, read_yaml, validate_record
from ..search import format_refs
from .model import (
    GUIDELINES_FILE,
    NOT_STATED,
    YEAR_LABEL,
    Guideline,
    GuidelineContent,
    GuidelinePosition,
    Topic,
    TopicInfo,
)


def _rewrap(error: ContentError, prefix: str) -> ContentError:
    field_name = f"{prefix}.{error.field}" if error.field else prefix
    return ContentError(error.file, error.record, field_name, error.problem)


def _position(raw: Any, topic: Topic, file: str, record: str) -> GuidelinePosition:
    prefix = f"positions.{topic.value}"
    if raw == NOT_STATED:
        return GuidelinePosition(topic=topic, stance=NOT_STATED)
    if not isinstance(raw, dict):
        raise ContentError(file, record, prefix, "expected not_stated or a mapping of fields")
    if "topic" in raw:
        raise ContentError(file, record, f"{prefix}.topic", "unknown field")
    if raw.get("stance") == NOT_STATED:
        raise ContentError(
            file, record, f"{prefix}.stance", "write the position as just not_stated, with no other fields"
        )
    try:
        return validate_record(GuidelinePosition, {"topic": topic.value, **raw}, file, 0, lambda _: record)
    except ContentError as error:
        raise _rewrap(error, prefix) from error


def _organisation(raw: Any, file: str, index: int) -> Guideline:
    record = str(raw.get("key")) if isinstance(raw, dict) and raw.get("key") is not None else f"#{index + 1}"
    if not isinstance(raw, dict):
        raise ContentError(file, record, None, f"expected a mapping of fields, got {type(raw).__name__}")
    positions_raw = raw.get("positions")
    if positions_raw is None:
        raise ContentError(file, record, "positions", "required field is missing")
    if not isinstance(positions_raw, dict):
        raise ContentError(file, record, "positions", "expected a mapping of topic to position")
    known = {t.value for t in Topic}
    for name in positions_raw:
        if name not in known:
            raise ContentError(
                file, record, f"positions.{name}", f"unknown topic (topics: {', '.join(sorted(known))})"
            )
    positions = []
    for topic in Topic:
        if topic.value not in positions_raw:
            raise ContentError(
                file,
                record,
                f"positions.{topic.value}",
                "required field is missing (write not_stated if the organisation does not address the topic)",
            )
        positions.append(_position(positions_raw[topic.value], topic, file, record))
    return validate_record(Guideline, {**raw, "positions": positions}, file, index, lambda _: record)


def _list(raw: Mapping[str, Any], name: str, file: str) -> list[Any]:
    items = raw.get(name)
    if items is None:
        raise ContentError(file, None, name, "required field is missing")
    if not isinstance(items, list):
        raise ContentError(file, None, name, f"expected a list, got {type(items).__name__}")
    return items


def _key_of(raw: Any) -> str | None:
    return None if raw.get("key") is None else str(raw.get("key"))


def _parse(root: Path) -> tuple[tuple[TopicInfo, ...], tuple[Guideline, ...]]:
    """Read and schema-validate the file (``load_content`` keeps the result per catalog: ``memo.content``;
    the catalog cross-check is separate)."""
    path = root / GUIDELINES_FILE
    file = data_file_name(path, root)
    raw = read_yaml(path, root)
    if raw is None:
        raise ContentError(file, None, None, "file is empty")
    if not isinstance(raw, dict):
        raise ContentError(
            file, None, None, f"expected a mapping with topics and organisations, got {type(raw).__name__}"
        )
    for name in raw:
        if name not in ("topics", "organisations"):
            raise ContentError(file, None, str(name), "unknown field")

    topics: dict[Topic, TopicInfo] = {}
    for index, item in enumerate(_list(raw, "topics", file)):
        topic = validate_record(TopicInfo, item, file, index, _key_of)
        if topic.key in topics:
            raise ContentError(file, topic.key.value, "key", "duplicate topic")
        topics[topic.key] = topic
    for wanted in Topic:
        if wanted not in topics:
            raise ContentError(file, None, "topics", f"topic {wanted.value!r} is missing")

    guidelines: list[Guideline] = []
    for index, item in enumerate(_list(raw, "organisations", file)):
        guideline = _organisation(item, file, index)
        if any(g.key == guideline.key for g in guidelines):
            raise ContentError(file, guideline.key, "key", "duplicate organisation key")
        guidelines.append(guideline)
    if not guidelines:
        raise ContentError(file, None, "organisations", "no organisations listed")
    return tuple(topics[t] for t in Topic), tuple(guidelines)


def _check_position(
    guideline: Guideline, position: GuidelinePosition, topic: TopicInfo, catalog: Catalog, file: str
) -> None:
    prefix = f"positions.{position.topic.value}"
    stances = [("stance", position.stance), *(("by_situation", s) for _, s in position.by_situation)]
    for field_name, stance in stances:
        if stance not in topic.allowed_stances():
            raise ContentError(
                file,
                guideline.key,
                f"{prefix}.{field_name}",
                f"{stance!r} is not a stance of this topic (allowed: {', '.join(topic.allowed_stances())})",
            )
    for evidence_id in position.evidence_ids:
        field_name = f"{prefix}.evidence_ids"
        record = catalog.evidence_by_id.get(evidence_id)
        if record is None:
            raise ContentError(file, guideline.key, field_name, f"unknown evidence id {evidence_id!r}")
        expected = f"table-2-{guideline.key}-"
        if not evidence_id.startswith(expected) or record.section != "table_2":
            raise ContentError(
                file,
                guideline.key,
                field_name,
                f"{evidence_id!r} is not a Table 2 record of {guideline.short_name}"
                f" (expected an id starting {expected!r})",
            )
        if record.refs != (guideline.ref,):
            raise ContentError(
                file,
                guideline.key,
                field_name,
                f"{evidence_id!r} cites {format_refs(record.refs) or 'no reference'}"
                f" but {guideline.short_name} is reference [{guideline.ref}]",
            )
        years = [v.value for v in record.values if v.label == YEAR_LABEL]
        if years and years[0] != guideline.year:
            raise ContentError(
                file,
                guideline.key,
                "year",
                f"{guideline.year} differs from the {YEAR_LABEL} {years[0]:g} in {evidence_id!r}",
            )


def _cross_check(
    topics: Sequence[TopicInfo], guidelines: Sequence[Guideline], catalog: Catalog, file: str
) -> None:
    caveat_numbers = {c.number for c in catalog.caveats}
    for topic in topics:
        for evidence_id in topic.review_text:
            if evidence_id not in catalog.evidence_by_id:
                raise ContentError(
                    file, topic.key.value, "review_text", f"unknown evidence id {evidence_id!r}"
                )
        for number in topic.caveats:
            if number not in caveat_numbers:
                raise ContentError(
                    file, topic.key.value, "caveats", f"no caveat {number} in data/caveats.yaml"
                )
    by_topic = {t.key: t for t in topics}
    for guideline in guidelines:
        if guideline.ref not in catalog.reference_by_number:
            raise ContentError(
                file,
                guideline.key,
                "ref",
                f"reference number {guideline.ref} has no entry in data/references.csv",
            )
        for position in guideline.positions:
            _check_position(guideline, position, by_topic[position.topic], catalog, file)


def load_content(catalog: Catalog, root: Path | None = None) -> GuidelineContent:
    """Topics and guidelines of ``guidelines.yaml`` in ``root`` (the catalog's own folder unless given),
    checked with ``catalog``.

    Content, not a per-input result: parsed and cross-checked once per catalog and kept for the process
    (``memo.content``), so no reader's typing can evict it.
    """
    folder = Path(root) if root is not None else catalog.root
    return memo.content(_load_content, catalog, folder)


def _load_content(catalog: Catalog, folder: Path) -> GuidelineContent:
    topics, guidelines = _parse(folder)
    _cross_check(topics, guidelines, catalog, data_file_name(folder / GUIDELINES_FILE, folder))
    return GuidelineContent(topics=topics, guidelines=guidelines, catalog=catalog)


def load_guidelines(catalog: Catalog, root: Path | None = None) -> tuple[Guideline, ...]:
    """The organisations of ``data/guidelines.yaml``, validated and cross-checked (else ContentError)."""
    return load_content(catalog, root).guidelines


def content() -> GuidelineContent:
    """The packaged comparison (the content folder's catalog and guidelines, each parsed once per process)."""
    return load_content(get_catalog())
