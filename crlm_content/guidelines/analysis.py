"""Who says what: each organisation's stance on a topic, overall or in one clinical situation, and who
is in the largest group (a majority only when it holds more than half)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..models import Caveat, Evidence
from .loader import content
from .model import (
    METASTASES,
    NOT_STATED,
    RESECTABLE_SITUATIONS,
    AgreementMark,
    Guideline,
    GuidelineContent,
    Situation,
    Topic,
    TopicInfo,
)


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
    # in the view of all situations, a stance per kind of resectable metastases where they differ:
    # (("synchronous", "allowed_option"), ("metachronous", "not_routine")) for NCCN; () otherwise
    halves: tuple[tuple[str, str], ...] = ()

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
        """``label: A, B; label: C`` for these organisations, grouped by stance in group order.

        Groups are by overall stance; a group whose one label is a position's halves says them ("Separate
        pathways (synchronous: ...; metachronous: ...): NCCN"), and a member of a larger group whose stance
        differs for one kind of metastases is named with that half ("ESMO (synchronous: leans to
        chemotherapy first)"): the overall label alone read as a stance for every resectable patient."""
        by_key = {r.guideline.key: r for r in self.rows}
        parts = []
        for group in self.agreement.groups:
            rows = [by_key[k] for k in group.organisations if k in keys]
            if not rows:
                continue
            labels = {r.stance_label for r in rows}
            if len(labels) == 1:
                label, members = labels.pop(), [self._name(r.guideline) for r in rows]
            else:
                label, members = self.topic.stance_label(group.stance), [self._member(r) for r in rows]
            parts.append(f"{label}: {', '.join(members)}")
        return "; ".join(parts)

    def _member(self, row: TopicRow) -> str:
        """An organisation in a group of its overall stance, with the half where its stance differs."""
        other = [(kind, stance) for kind, stance in row.halves if stance != row.stance]
        if not other:
            return self._name(row.guideline)
        return f"{self._name(row.guideline)} ({halves_text(self.topic, other)})"

    def scope(self, guideline: Guideline) -> str:
        """In the view of all situations, the one kind of resectable metastases an organisation's position is
        for ("synchronous metastases only"); "" when it is for both, or the view is filtered to a situation.
        Without it "Recommended (chemotherapy first): Expert Group" read as a stance for every resectable
        patient. The topic of synchronous versus metachronous disease names the kind in its stances."""
        if self.situation is not None or self.topic.key is Topic.SYNCHRONOUS_METACHRONOUS:
            return ""
        covered = RESECTABLE_SITUATIONS.intersection(guideline.position(self.topic.key).applies_to)
        return f"{METASTASES[next(iter(covered))]} only" if len(covered) == 1 else ""

    def _name(self, guideline: Guideline) -> str:
        scope = self.scope(guideline)
        return f"{guideline.short_name} ({scope})" if scope else guideline.short_name

    def _one_reference(self, keys: Sequence[str]) -> str:
        """A note when organisations of one group are cited to one reference (IHPBA and AHPBA: [112]), so a
        count of organisations is not read as a count of documents."""
        by_ref: dict[int, list[str]] = {}
        for row in self.rows:
            if row.guideline.key in keys:
                by_ref.setdefault(row.guideline.ref, []).append(row.guideline.short_name)
        shared = [
            f"{' and '.join(names)} cite one reference [{ref}]"
            for ref, names in by_ref.items()
            if len(names) > 1
        ]
        return f" ({'; '.join(shared)})" if shared else ""

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
            share = f"{len(result.agree)} of {len(result.stated)}"
            label = (  # a majority is more than half of those who state a position; else the largest group
                f"🟢 Agree (majority, {share})"
                if 2 * len(result.agree) > len(result.stated)
                else f"🟡 Largest group ({share}, not a majority)"
            )
            lines.append(
                f"{label} — " + self._by_stance(result.agree) + self._one_reference(result.agree) + "."
            )
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


def _lower(label: str) -> str:
    """A label inside a sentence: "Allowed as ..." -> "allowed as ...", "FOLFOX ..." kept."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def halves_text(topic: TopicInfo, halves: Sequence[tuple[str, str]]) -> str:
    """``synchronous: allowed as an option, not preferred; metachronous: not routine (...)``."""
    return "; ".join(f"{kind}: {_lower(topic.stance_label(stance))}" for kind, stance in halves)


def position_halves(
    guideline: Guideline, topic: TopicInfo, situation: Situation | None
) -> tuple[tuple[str, str], ...]:
    """In the view of all situations, the position's stance per kind of resectable metastases, when the kinds
    differ (Table 2's NCCN row: chemotherapy first allowed for synchronous metastases, resection first
    preferred for metachronous); () otherwise, or in a situation (which has one stance), or for the topic of
    synchronous versus metachronous disease, whose stances name the kinds themselves."""
    if situation is not None or topic.key is Topic.SYNCHRONOUS_METACHRONOUS:
        return ()
    position = guideline.position(topic.key)
    halves = tuple(
        (METASTASES[s].removesuffix(" metastases"), position.stance_in(s))
        for s in METASTASES
        if position.applies(s)
    )
    return halves if len({stance for _, stance in halves}) > 1 else ()


def _row(
    guideline: Guideline, topic: TopicInfo, situation: Situation | None, mark: AgreementMark, catalog: Catalog
) -> TopicRow:
    position = guideline.position(topic.key)
    stance = position.stance_in(situation)
    halves = position_halves(guideline, topic, situation)
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
        # a position whose stance differs by kind of metastases names both halves, as the topic of
        # synchronous versus metachronous disease does: "Separate pathways (synchronous: ...; ...)"
        stance_label=f"Separate pathways ({halves_text(topic, halves)})"
        if halves
        else topic.stance_label(stance),
        summary=position.summary or "",
        qualifier=position.qualifier or "",
        evidence_ids=position.evidence_ids,
        mark=mark,
        review_conflicts=tuple(conflicts),
        halves=halves,
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
