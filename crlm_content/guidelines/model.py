"""The guideline comparison's schema: topics, stances, situations, each organisation's positions, and the
validated content of ``data/guidelines.yaml`` (``GuidelineContent``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import palette
from ..catalog import Catalog
from ..models import MAX_REF, MIN_REF

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
    """An organisation's stance on chemotherapy before surgery for resectable disease, read as the
    walkthrough's Guideline lens reads the row (caveat 10), so the two views give one map of Table 2.

    ``consider`` is a lean to chemotherapy first short of a recommendation (ESMO's "should be considered",
    the IHPBA and AHPBA reports of a PFS gain); ``allowed_option`` is chemotherapy first allowed but not
    preferred (NCCN's "can consider" for synchronous metastases), a stance of its own, not a lean.
    """

    RECOMMENDED = "recommended"
    CONSIDER = "consider"
    SELECTIVE_HIGH_RISK = "selective_high_risk"
    ALLOWED_OPTION = "allowed_option"
    NOT_ROUTINE = "not_routine"
    NOT_STATED = "not_stated"


NOT_STATED = Stance.NOT_STATED.value

STANCE_LABELS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: "Recommended (chemotherapy first)",
        Stance.CONSIDER: "Leans to chemotherapy first",
        Stance.SELECTIVE_HIGH_RISK: "Selectively, for higher-risk disease",
        Stance.ALLOWED_OPTION: "Allowed as an option, not preferred",
        Stance.NOT_ROUTINE: "Not routine (resection first preferred)",
        Stance.NOT_STATED: "Not stated",
    }
)

STANCE_COLOURS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: palette.VERMILLION,
        Stance.CONSIDER: palette.BLUE,
        Stance.SELECTIVE_HIGH_RISK: palette.ORANGE,
        Stance.ALLOWED_OPTION: palette.PURPLE,
        Stance.NOT_ROUTINE: palette.GREEN,
        Stance.NOT_STATED: palette.GREY,
    }
)

STANCE_SYMBOLS: Mapping[Stance, str] = MappingProxyType(
    {
        Stance.RECOMMENDED: "triangle-up",
        Stance.CONSIDER: "diamond",
        Stance.SELECTIVE_HIGH_RISK: "circle",
        Stance.ALLOWED_OPTION: "square",
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

# The kinds of resectable metastases, as a position limited to some of them names them.
METASTASES: Mapping[Situation, str] = MappingProxyType(
    {
        Situation.RESECTABLE_SYNCHRONOUS: "synchronous metastases",
        Situation.RESECTABLE_METACHRONOUS: "metachronous metastases",
    }
)


class AgreementMark(StrEnum):
    """How one organisation's stance on a topic relates to the others'."""

    AGREES = "agrees"
    DIFFERS = "differs"
    ONLY = "only"
    NOT_STATED = "not_stated"


MARK_LABELS: Mapping[AgreementMark, str] = MappingProxyType(
    {
        # the largest group, which is a majority only when it holds more than half (the topic's summary says)
        AgreementMark.AGREES: "🟢 in the largest group",
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
    # a different stance in some situation: NCCN's timing dependence, as one key of the topic's stances each
    by_situation: tuple[tuple[Situation, str], ...] = ()

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
            for _, stance in self.by_situation:
                if stance not in allowed:
                    raise ValueError(f"by_situation: {stance!r} is not one of {', '.join(allowed)}")
        _no_repeats([situation for situation, _ in self.by_situation], "by_situation: situations")
        for situation, stance in self.by_situation:
            if situation not in self.applies_to:
                raise ValueError(f"by_situation: {situation.value} is not among applies_to")
            if stance == NOT_STATED:
                raise ValueError(f"by_situation: leave {situation.value} out of applies_to instead")
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
                return stance
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
