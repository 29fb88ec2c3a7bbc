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
  ``table-2-<key>-*`` records), ``applies_to`` (situations) and, for ``neoadjuvant_resectable`` only,
  ``by_situation`` (a different stance in one situation).

``load_guidelines`` validates it (one ``ContentError`` naming the file, the record and the field) and
cross-checks it against the catalog: every evidence id exists, is a Table 2 record of that organisation,
cites exactly the organisation's reference and carries its year. Stances are this app's classification of
the review's paraphrase of each guideline, not the guidelines' own words.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import memo, palette
from .catalog import Catalog, ContentError, data_dir, data_file_name, get_catalog, read_yaml, validate_record
from .figures import apply_frame
from .models import MAX_REF, MIN_REF, Caveat, Evidence
from .search import format_refs

GUIDELINES_FILE = "guidelines.yaml"
YEAR_LABEL = "guideline year"


class Topic(StrEnum):
    """The fixed set of topics every organisation is compared on (order = column order)."""

    NEOADJUVANT_RESECTABLE = "neoadjuvant_resectable"
    SYNCHRONOUS_METACHRONOUS = "synchronous_metachronous"
    UNRESECTABLE = "unresectable"
    REGIMENS = "regimens"
    BIOLOGICS = "biologics"
    DURATION = "duration"
    REEVALUATION = "reevaluation"
    MDT = "mdt"


class Stance(StrEnum):
    """An organisation's stance on chemotherapy before surgery for resectable disease."""

    RECOMMENDED = "recommended"
    CONSIDER = "consider"
    SELECTIVE_HIGH_RISK = "selective_high_risk"
    NOT_ROUTINE = "not_routine"
    NOT_STATED = "not_stated"


NOT_STATED = Stance.NOT_STATED.value

STANCE_LABELS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: "Recommended (chemotherapy first)",
        Stance.CONSIDER: "May be considered",
        Stance.SELECTIVE_HIGH_RISK: "Selectively, for higher-risk disease",
        Stance.NOT_ROUTINE: "Not routine (resection first preferred)",
        Stance.NOT_STATED: "Not stated",
    }
)

STANCE_COLOURS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: palette.VERMILLION,
        Stance.CONSIDER: palette.BLUE,
        Stance.SELECTIVE_HIGH_RISK: palette.ORANGE,
        Stance.NOT_ROUTINE: palette.GREEN,
        Stance.NOT_STATED: palette.GREY,
    }
)

STANCE_SYMBOLS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: "triangle-up",
        Stance.CONSIDER: "diamond",
        Stance.SELECTIVE_HIGH_RISK: "circle",
        Stance.NOT_ROUTINE: "triangle-down",
        Stance.NOT_STATED: "x",
    }
)


class Situation(StrEnum):
    """The clinical situations the comparison can be filtered by."""

    RESECTABLE_SYNCHRONOUS = "resectable_synchronous"
    RESECTABLE_METACHRONOUS = "resectable_metachronous"
    UNRESECTABLE = "unresectable"


SITUATION_LABELS: Mapping[Situation, str] = MappingProxyType(
    {
        Situation.RESECTABLE_SYNCHRONOUS: "Resectable, synchronous",
        Situation.RESECTABLE_METACHRONOUS: "Resectable, metachronous",
        Situation.UNRESECTABLE: "Unresectable",
    }
)

RESECTABLE_SITUATIONS = frozenset({Situation.RESECTABLE_SYNCHRONOUS, Situation.RESECTABLE_METACHRONOUS})


class AgreementMark(StrEnum):
    """How one organisation's stance on a topic relates to the others'."""

    AGREES = "agrees"
    DIFFERS = "differs"
    ONLY = "only"
    NOT_STATED = "not_stated"


MARK_LABELS: Mapping[AgreementMark, str] = MappingProxyType(
    {
        AgreementMark.AGREES: "🟢 agrees with the majority",
        AgreementMark.DIFFERS: "🟠 differs",
        AgreementMark.ONLY: "🔵 the only one to state it",
        AgreementMark.NOT_STATED: "⚪ not stated",
    }
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _no_repeats(items: Sequence[object], what: str) -> None:
    if len(set(items)) != len(items):
        raise ValueError(f"{what} repeat")


class TopicInfo(_Frozen):
    """One topic of the comparison: its question, the stances it allows, and the review's own text on it."""

    key: Topic
    title: str = Field(min_length=3)
    question: str = Field(min_length=10)
    stances: tuple[tuple[str, str], ...] = ()
    review_text: tuple[str, ...] = ()
    caveats: tuple[int, ...] = ()
    note: str | None = None

    @field_validator("stances", mode="before")
    @classmethod
    def _pairs(cls, raw: Any) -> Any:
        return tuple(raw.items()) if isinstance(raw, dict) else raw

    @field_validator("stances")
    @classmethod
    def _stance_keys(cls, stances: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        _no_repeats([key for key, _ in stances], "stance keys")
        for key, label in stances:
            if not key.replace("_", "").isalnum() or not key.islower():
                raise ValueError(f"stance key {key!r} must be lower-case letters, digits and underscores")
            if key == NOT_STATED:
                raise ValueError("not_stated is always allowed and is not declared")
            if not label:
                raise ValueError(f"stance {key!r} has no label")
        return stances

    @model_validator(mode="after")
    def _stances_declared(self) -> TopicInfo:
        if self.key is Topic.NEOADJUVANT_RESECTABLE and self.stances:
            raise ValueError(
                "stances: this topic uses the fixed stances " + ", ".join(s.value for s in Stance)
            )
        if self.key is not Topic.NEOADJUVANT_RESECTABLE and not self.stances:
            raise ValueError("stances: declare at least one stance (key: label) for this topic")
        _no_repeats(self.review_text, "review_text: evidence ids")
        _no_repeats(self.caveats, "caveats: caveat numbers")
        return self

    def allowed_stances(self) -> tuple[str, ...]:
        """The stance keys a position on this topic may take, ``not_stated`` last."""
        if self.key is Topic.NEOADJUVANT_RESECTABLE:
            return tuple(s.value for s in Stance)
        return (*(key for key, _ in self.stances), NOT_STATED)

    def stance_label(self, stance: str) -> str:
        """Readable label of a stance key of this topic."""
        if stance == NOT_STATED:
            return STANCE_LABELS[Stance.NOT_STATED]
        if self.key is Topic.NEOADJUVANT_RESECTABLE:
            return STANCE_LABELS[Stance(stance)]
        return dict(self.stances)[stance]


class GuidelinePosition(_Frozen):
    """What one organisation says on one topic, or, explicitly, that it says nothing (``not_stated``)."""

    topic: Topic
    stance: str = Field(min_length=1)
    summary: str | None = Field(default=None, min_length=5)
    qualifier: str | None = None
    evidence_ids: tuple[str, ...] = ()
    applies_to: tuple[Situation, ...] = ()
    by_situation: tuple[tuple[Situation, Stance], ...] = ()

    @field_validator("by_situation", mode="before")
    @classmethod
    def _pairs(cls, raw: Any) -> Any:
        return tuple(raw.items()) if isinstance(raw, dict) else raw

    @model_validator(mode="after")
    def _consistent(self) -> GuidelinePosition:
        if self.stance == NOT_STATED:
            if self.summary or self.qualifier or self.evidence_ids or self.applies_to or self.by_situation:
                raise ValueError(
                    "stance: a topic the organisation does not address is written not_stated,"
                    " with no summary, evidence or situations"
                )
            return self
        if not self.summary:
            raise ValueError("summary: a stated position needs a summary (our paraphrase)")
        if not self.evidence_ids:
            raise ValueError("evidence_ids: a stated position needs the Table 2 record(s) it rests on")
        if not self.applies_to:
            raise ValueError("applies_to: a stated position names the situation(s) it covers")
        _no_repeats(self.evidence_ids, "evidence_ids: evidence ids")
        _no_repeats(self.applies_to, "applies_to: situations")
        if self.topic is Topic.NEOADJUVANT_RESECTABLE:
            allowed = [s.value for s in Stance]
            if self.stance not in allowed:
                raise ValueError(f"stance: {self.stance!r} is not one of {', '.join(allowed)}")
            if not self.qualifier:
                raise ValueError("qualifier: a stance on chemotherapy before resection needs its qualifier")
            if Situation.UNRESECTABLE in self.applies_to:
                raise ValueError("applies_to: this topic is about resectable disease only")
            _no_repeats([situation for situation, _ in self.by_situation], "by_situation: situations")
            for situation, stance in self.by_situation:
                if situation not in self.applies_to:
                    raise ValueError(f"by_situation: {situation.value} is not among applies_to")
                if stance is Stance.NOT_STATED:
                    raise ValueError(f"by_situation: leave {situation.value} out of applies_to instead")
        elif self.by_situation:
            raise ValueError("by_situation: only the topic neoadjuvant_resectable has a stance per situation")
        return self

    @property
    def stated(self) -> bool:
        return self.stance != NOT_STATED

    def applies(self, situation: Situation | None) -> bool:
        """Whether the position covers ``situation`` (``None``: any situation)."""
        return self.stated and (situation is None or situation in self.applies_to)

    def stance_in(self, situation: Situation | None) -> str:
        """The stance in ``situation`` (``None``: overall); ``not_stated`` where it does not apply."""
        if not self.applies(situation):
            return NOT_STATED
        for special, stance in self.by_situation:
            if special is situation:
                return stance.value
        return self.stance


class Guideline(_Frozen):
    """One organisation's guideline as the review summarises it in Table 2, with a position on every topic."""

    key: str = Field(pattern=r"^[a-z][a-z0-9]*$")
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    review_name: str | None = None
    year: int = Field(ge=1990, le=2030)
    ref: int = Field(ge=MIN_REF, le=MAX_REF)
    note: str | None = None
    positions: tuple[GuidelinePosition, ...]

    @model_validator(mode="after")
    def _every_topic_once(self) -> Guideline:
        topics = [p.topic for p in self.positions]
        if topics != list(Topic):
            raise ValueError("positions: one position per topic, in topic order")
        if self.review_name is not None and self.review_name == self.name:
            raise ValueError("review_name: give it only when Table 2 gets the name wrong")
        return self

    def position(self, topic: Topic | str) -> GuidelinePosition:
        """The position on ``topic`` (always present: ``not_stated`` when Table 2 does not address it)."""
        wanted = Topic(topic)
        for position in self.positions:
            if position.topic is wanted:
                return position
        raise KeyError(f"{self.key} has no position on {wanted.value}")  # pragma: no cover (validated)

    def resectable_stance(self, situation: Situation | None = None) -> Stance:
        """The stance on chemotherapy before resection, overall or in one situation."""
        return Stance(self.position(Topic.NEOADJUVANT_RESECTABLE).stance_in(situation))

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        """Every Evidence id the positions rest on, in topic order, without repeats."""
        return tuple(dict.fromkeys(i for p in self.positions for i in p.evidence_ids))

    @property
    def label(self) -> str:
        """E.g. ``NCCN 2020 [18]``."""
        return f"{self.short_name} {self.year} [{self.ref}]"


@dataclass(frozen=True)
class GuidelineContent:
    """The validated content of ``data/guidelines.yaml``, cross-checked against ``catalog``.

    Loaded once per catalog and folder (``load_content``), so the shared memo keys it by identity.
    """

    __memo_identity__ = True

    topics: tuple[TopicInfo, ...]
    guidelines: tuple[Guideline, ...]
    catalog: Catalog

    def topic(self, topic: Topic | str) -> TopicInfo:
        wanted = Topic(topic)
        return next(t for t in self.topics if t.key is wanted)

    def guideline(self, key: str) -> Guideline:
        for item in self.guidelines:
            if item.key == key:
                return item
        raise KeyError(f"no guideline with key {key!r}")


# --- loading -------------------------------------------------------------------------------------------


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


@functools.lru_cache(maxsize=4)
def _parse(root: Path) -> tuple[tuple[TopicInfo, ...], tuple[Guideline, ...]]:
    """Read and schema-validate the file (cached per data folder; the catalog cross-check is separate)."""
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
    if position.stance not in topic.allowed_stances():
        raise ContentError(
            file,
            guideline.key,
            f"{prefix}.stance",
            f"{position.stance!r} is not a stance of this topic"
            f" (allowed: {', '.join(topic.allowed_stances())})",
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
    """Topics and guidelines of ``root/guidelines.yaml``, checked with ``catalog``.

    Parsed and cross-checked once per catalog and folder: pages ask for it on every rerun.
    """
    folder = Path(root) if root is not None else data_dir()
    return memo.cached(_load_content, catalog, folder)


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


def guidelines() -> tuple[Guideline, ...]:
    """All organisations, in Table 2 order."""
    return content().guidelines


def topics() -> tuple[TopicInfo, ...]:
    """All topics, in column order."""
    return content().topics


# --- agreement ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceGroup:
    """Organisations that take the same stance on a topic."""

    stance: str
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    """Who agrees, who differs and who is silent on one topic.

    The majority is the stance shared by the most organisations, provided at least two share it and no
    other stance is shared by as many; its organisations agree and every other stating organisation
    differs. With no majority (a tie, or every stance held once) all stating organisations differ. When a
    single organisation states anything, it is the only one (neither agreeing nor differing).
    """

    groups: tuple[StanceGroup, ...]
    not_stated: tuple[str, ...]

    @property
    def stated(self) -> tuple[str, ...]:
        return tuple(o for g in self.groups for o in g.organisations)

    @property
    def majority(self) -> StanceGroup | None:
        if not self.groups or len(self.groups[0].organisations) < 2:
            return None
        if len(self.groups) > 1 and len(self.groups[1].organisations) == len(self.groups[0].organisations):
            return None
        return self.groups[0]

    @property
    def agree(self) -> tuple[str, ...]:
        majority = self.majority
        return majority.organisations if majority else ()

    @property
    def differ(self) -> tuple[str, ...]:
        if len(self.stated) < 2:
            return ()
        return tuple(o for o in self.stated if o not in self.agree)

    @property
    def only(self) -> str | None:
        return self.stated[0] if len(self.stated) == 1 else None

    @property
    def unanimous(self) -> bool:
        """At least two organisations state a stance and all of them take the same one."""
        return self.majority is not None and len(self.groups) == 1

    def mark(self, organisation: str) -> AgreementMark:
        if organisation in self.agree:
            return AgreementMark.AGREES
        if organisation in self.differ:
            return AgreementMark.DIFFERS
        if organisation == self.only:
            return AgreementMark.ONLY
        return AgreementMark.NOT_STATED


def agreement(stances: Sequence[tuple[str, str]]) -> Agreement:
    """Group ``(organisation, stance)`` pairs; ``not_stated`` counts as silence, not as a stance.

    Groups are ordered by size (largest first), ties by first appearance.
    """
    grouped: dict[str, list[str]] = {}
    silent: list[str] = []
    for organisation, stance in stances:
        if stance == NOT_STATED:
            silent.append(organisation)
        else:
            grouped.setdefault(stance, []).append(organisation)
    order = sorted(grouped.items(), key=lambda item: -len(item[1]))
    return Agreement(
        groups=tuple(StanceGroup(stance, tuple(orgs)) for stance, orgs in order), not_stated=tuple(silent)
    )


# --- topic view and situations --------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicRow:
    """One organisation's line in a topic view."""

    guideline: Guideline
    topic: Topic
    stance: str
    stance_label: str
    summary: str
    qualifier: str
    evidence_ids: tuple[str, ...]
    mark: AgreementMark
    review_conflicts: tuple[int, ...]

    @property
    def stated(self) -> bool:
        return self.stance != NOT_STATED


@dataclass(frozen=True)
class TopicView:
    """What every organisation says on one topic (in one situation, or overall), with the agreement."""

    topic: TopicInfo
    situation: Situation | None
    rows: tuple[TopicRow, ...]
    agreement: Agreement
    review_text: tuple[Evidence, ...]
    caveats: tuple[Caveat, ...]

    def row(self, organisation: str) -> TopicRow:
        return next(r for r in self.rows if r.guideline.key == organisation)

    def _by_stance(self, keys: Sequence[str]) -> str:
        """``label: A, B; label: C`` for these organisations, grouped by stance in group order."""
        by_key = {r.guideline.key: r for r in self.rows}
        parts = []
        for group in self.agreement.groups:
            members = [by_key[k].guideline.short_name for k in group.organisations if k in keys]
            if members:
                parts.append(f"{self.topic.stance_label(group.stance)}: {', '.join(members)}")
        return "; ".join(parts)

    def summary_lines(self) -> tuple[str, ...]:
        """Plain sentences: who agrees, who differs, who is silent, where the review's own text disagrees."""
        names = {r.guideline.key: r.guideline.short_name for r in self.rows}
        result = self.agreement
        lines: list[str] = []
        if result.unanimous:
            count = "Both" if len(result.agree) == 2 else f"All {len(result.agree)}"
            lines.append(
                f"🟢 {count} organisations that state a position agree — "
                + self._by_stance(result.agree)
                + "."
            )
        elif result.only is not None:
            lines.append(
                f"🔵 Only {names[result.only]} states a position — {self.row(result.only).stance_label}."
            )
        elif result.majority is not None:
            lines.append("🟢 Agree (majority) — " + self._by_stance(result.agree) + ".")
            lines.append("🟠 Differ — " + self._by_stance(result.differ) + ".")
        elif result.stated:
            lines.append("🟠 Positions differ, with no majority — " + self._by_stance(result.differ) + ".")
        else:
            lines.append("⚪ No organisation states a position on this topic in this situation.")
        if result.not_stated:
            where = "for this situation" if self.situation is not None else "in Table 2"
            lines.append(f"⚪ Not stated {where}: " + ", ".join(names[k] for k in result.not_stated) + ".")
        for caveat in self.caveats:
            against = [r.guideline.short_name for r in self.rows if caveat.number in r.review_conflicts]
            if against:
                lines.append(
                    f"⚠️ Where the review's text and Table 2 pull different ways (caveat {caveat.number}, "
                    f"{caveat.title}): " + ", ".join(against) + "."
                )
        return tuple(lines)


def _row(
    guideline: Guideline, topic: TopicInfo, situation: Situation | None, mark: AgreementMark, catalog: Catalog
) -> TopicRow:
    position = guideline.position(topic.key)
    stance = position.stance_in(situation)
    if stance == NOT_STATED:
        summary = "Not stated in Table 2" if not position.stated else "Not stated for this situation"
        return TopicRow(guideline, topic.key, stance, topic.stance_label(stance), summary, "", (), mark, ())
    conflicts = sorted(
        {
            caveat.number
            for evidence_id in position.evidence_ids
            for caveat in catalog.caveats_for(evidence_id)
            if caveat.number in topic.caveats
        }
    )
    return TopicRow(
        guideline=guideline,
        topic=topic.key,
        stance=stance,
        stance_label=topic.stance_label(stance),
        summary=position.summary or "",
        qualifier=position.qualifier or "",
        evidence_ids=position.evidence_ids,
        mark=mark,
        review_conflicts=tuple(conflicts),
    )


def topic_view(
    topic: Topic | str, situation: Situation | str | None = None, *, data: GuidelineContent | None = None
) -> TopicView:
    """Every organisation's stance on ``topic``, overall or in ``situation``, with who agrees and who differs.

    A position that does not cover the situation counts as not stated there.
    """
    source = data if data is not None else content()
    info = source.topic(topic)
    where = Situation(situation) if situation is not None else None
    stances = [(g.key, g.position(info.key).stance_in(where)) for g in source.guidelines]
    result = agreement(stances)
    rows = tuple(_row(g, info, where, result.mark(g.key), source.catalog) for g in source.guidelines)
    caveats = tuple(c for c in source.catalog.caveats if c.number in info.caveats)
    review = tuple(source.catalog.get(i) for i in info.review_text)
    return TopicView(info, where, rows, result, review, caveats)


@dataclass(frozen=True)
class SituationRow:
    """What one organisation says for one clinical situation."""

    guideline: Guideline
    situation: Situation
    stance: Stance | None
    positions: tuple[TopicRow, ...]

    @property
    def stated(self) -> bool:
        return bool(self.positions)

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for row in self.positions for i in row.evidence_ids))


def for_situation(
    situation: Situation | str, *, data: GuidelineContent | None = None
) -> tuple[SituationRow, ...]:
    """For each organisation, its stated positions that cover ``situation``, in topic order.

    ``stance`` is the stance on chemotherapy before resection in a resectable situation (``None`` for
    unresectable disease, where the topic ``unresectable`` says what each organisation advises). Each row
    carries its agreement mark among the organisations in the same situation.
    """
    source = data if data is not None else content()
    where = Situation(situation)
    views = [topic_view(t.key, where, data=source) for t in source.topics]
    out = []
    for guideline in source.guidelines:
        rows = tuple(view.row(guideline.key) for view in views)
        stance = guideline.resectable_stance(where) if where in RESECTABLE_SITUATIONS else None
        out.append(SituationRow(guideline, where, stance, tuple(r for r in rows if r.stated)))
    return tuple(out)


# --- tables for the page and the CSV download -----------------------------------------------------------

ORGANISATION = "Organisation"
FULL_NAME = "Full name"
YEAR = "Year"
REFERENCE = "Reference"
EVIDENCE = "Evidence records"


def _cell(row: TopicRow) -> str:
    if not row.stated:
        return row.summary
    if row.topic is Topic.NEOADJUVANT_RESECTABLE:
        return f"{row.stance_label}: {row.summary}"
    return row.summary


def shown_topics(
    situation: Situation | str | None = None, *, data: GuidelineContent | None = None
) -> tuple[TopicInfo, ...]:
    """Topics on which at least one organisation states something (in ``situation``, if given)."""
    source = data if data is not None else content()
    where = Situation(situation) if situation is not None else None
    return tuple(t for t in source.topics if any(g.position(t.key).applies(where) for g in source.guidelines))


def comparison_rows(
    situation: Situation | str | None = None, *, data: GuidelineContent | None = None
) -> list[dict[str, object]]:
    """One row per organisation, one column per topic (titles as column names), for the table and the CSV.

    In a situation, only topics some organisation addresses there are columns, and only positions that
    cover the situation are filled; the rest read "Not stated ...".
    """
    source = data if data is not None else content()
    where = Situation(situation) if situation is not None else None
    topics_ = shown_topics(where, data=source)
    views = {t.key: topic_view(t.key, where, data=source) for t in topics_}
    rows: list[dict[str, object]] = []
    for guideline in source.guidelines:
        cells = {t.title: _cell(views[t.key].row(guideline.key)) for t in topics_}
        evidence = [i for t in topics_ for i in views[t.key].row(guideline.key).evidence_ids]
        rows.append(
            {
                ORGANISATION: guideline.short_name,
                YEAR: guideline.year,
                REFERENCE: f"[{guideline.ref}]",
                **cells,
                EVIDENCE: ", ".join(dict.fromkeys(evidence)),
                FULL_NAME: guideline.name,
            }
        )
    return rows


def topic_rows(view: TopicView) -> list[dict[str, object]]:
    """The topic view as rows, then the review's own text on the topic, for the table and the CSV."""
    rows: list[dict[str, object]] = []
    for row in view.rows:
        rows.append(
            {
                ORGANISATION: row.guideline.short_name,
                YEAR: row.guideline.year,
                REFERENCE: f"[{row.guideline.ref}]",
                "Agreement": MARK_LABELS[row.mark],
                "Stance": row.stance_label,
                "What it says": row.summary + (f" ({row.qualifier})" if row.qualifier else ""),
                "Against the review's text": ", ".join(f"caveat {n}" for n in row.review_conflicts),
                EVIDENCE: ", ".join(row.evidence_ids),
            }
        )
    for record in view.review_text:
        rows.append(
            {
                ORGANISATION: "The review's own text",
                YEAR: None,
                REFERENCE: format_refs(record.refs) if record.refs else "the review (no reference)",
                "Agreement": "",
                "Stance": "",
                "What it says": record.statement,
                "Against the review's text": "",
                EVIDENCE: record.id,
            }
        )
    return rows


# --- timeline --------------------------------------------------------------------------------------------


def _by_year(items: Sequence[Guideline]) -> list[Guideline]:
    return sorted(items, key=lambda g: g.year)


def timeline_rows(items: Sequence[Guideline]) -> list[dict[str, object]]:
    """The timeline's data: organisation, year, reference, stance on chemotherapy before resection."""
    return [
        {
            ORGANISATION: g.short_name,
            FULL_NAME: g.name,
            YEAR: g.year,
            REFERENCE: f"[{g.ref}]",
            "Stance on chemotherapy before resection": STANCE_LABELS[g.resectable_stance()],
        }
        for g in _by_year(items)
    ]


def name_lines(name: str, width: int = 14) -> list[str]:
    """An organisation's name as axis-label lines of at most ``width`` characters where it can break (at a
    slash or a space): "SEOM/AEC/SEOR/SERVEI/SEMNIM" took half a phone's width on one line."""
    lines: list[str] = []
    for word in name.replace("/", "/\n").replace(" ", " \n").split("\n"):
        if lines and len(lines[-1]) + len(word.rstrip()) <= width:
            lines[-1] += word
        else:
            lines.append(word)
    return [line.rstrip() for line in lines if line.strip()]


def timeline_figure(items: Sequence[Guideline]) -> go.Figure:
    """Organisations on a year axis, marked by their stance on chemotherapy before resection."""
    ordered = _by_year(items)
    years = [g.year for g in ordered] or [2020]
    middle = (min(years) + max(years)) / 2
    fig = go.Figure()
    for stance in Stance:
        members = [g for g in ordered if g.resectable_stance() is stance]
        if not members:
            continue
        fig.add_trace(
            go.Scatter(
                x=[g.year for g in members],
                y=[g.short_name for g in members],
                mode="markers+text",
                name=STANCE_LABELS[stance],
                text=[f"{g.year} [{g.ref}]" for g in members],
                # Later years' labels go left of their marker: to the right they ran off a phone's screen.
                textposition=["middle left" if g.year > middle else "middle right" for g in members],
                marker={
                    "color": STANCE_COLOURS[stance],
                    "symbol": STANCE_SYMBOLS[stance],
                    "size": 16,
                    "line": {"color": palette.BLACK, "width": 1},
                },
                hovertemplate="%{y}, %{x}: " + STANCE_LABELS[stance] + "<extra></extra>",
            )
        )
    fig.update_xaxes(
        title_text="Year of the guideline", dtick=1, range=[min(years) - 1, max(years) + 1], showgrid=True
    )
    names = [g.short_name for g in ordered]
    tick_lines = [name_lines(name) for name in names]
    fig.update_yaxes(
        title_text=None,
        categoryorder="array",
        categoryarray=names,
        tickmode="array",
        tickvals=names,
        ticktext=["<br>".join(lines) for lines in tick_lines],
        autorange="reversed",
        automargin=True,
    )
    refs = format_refs(sorted({g.ref for g in ordered}))
    return apply_frame(
        fig,
        title="The guidelines by year, by their stance on chemotherapy before resection",
        source=f"Source: the review's Table 2, refs {refs}. Stances are this app's reading of its summary.",
        height=540,
        labels_px=7 * max((len(line) for lines in tick_lines for line in lines), default=0),  # the names
    )


def timeline_alt(items: Sequence[Guideline]) -> str:
    """Text description of the timeline for screen readers and the caption."""
    parts = [
        f"{g.short_name} {g.year} [{g.ref}]: {STANCE_LABELS[g.resectable_stance()].lower()}"
        for g in _by_year(items)
    ]
    return (
        "Timeline of the guidelines compared, earliest first, each marked by its stance on chemotherapy "
        "before resection of resectable metastases. " + "; ".join(parts) + "."
    )
