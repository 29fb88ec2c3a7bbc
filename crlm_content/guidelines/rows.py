"""Tables for the page and its CSV download, the timeline's rows and its text for screen readers."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog import Catalog
from ..search import REVIEW_OWN, citation_text, format_refs, reference_label
from .analysis import TopicRow, TopicView, topic_view
from .loader import content
from .model import (
    MARK_LABELS,
    METASTASES,
    RESECTABLE_SITUATIONS,
    STANCE_LABELS,
    Guideline,
    GuidelineContent,
    Situation,
    Stance,
    Topic,
    TopicInfo,
)

ORGANISATION = "Organisation"
FULL_NAME = "Full name"
YEAR = "Year"
REFERENCE = "Reference"
EVIDENCE = "Evidence records"


def _cell(row: TopicRow) -> str:
    """A position as the comparison table shows it: stance (for chemotherapy before resection), summary and
    qualifier, as the topic view's "What it says": without the qualifier the table hid whom a position is
    for (the Expert Group's is for synchronous metastases only)."""
    if not row.stated:
        return row.summary
    said = row.summary + (f" ({row.qualifier})" if row.qualifier else "")
    if row.topic is Topic.NEOADJUVANT_RESECTABLE:
        return f"{row.stance_label}: {said}"
    return said


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
                # the "Reference" column's form, as the organisations' "[14]" above it: citation_text's
                # bracket without "ref."; with no reference, its one wording for the review's own statement
                REFERENCE: format_refs(record.refs) or REVIEW_OWN,
                "Agreement": "",
                "Stance": "",
                "What it says": record.statement,
                "Against the review's text": "",
                EVIDENCE: record.id,
            }
        )
    return rows


def reference_text(catalog: Catalog, number: int) -> str:
    """An organisation's reference as the page cites it: its label from the reference list ('[14] ESMO 2016',
    ``reference_label``), or, a number the list lacks, ``citation_text`` ('ref. [14]')."""
    reference = catalog.reference_by_number.get(number)
    return reference_label(reference) if reference else citation_text((number,))


def resectable_stance_text(guideline: Guideline) -> str:
    """The stance on chemotherapy before resection with whom it is for, when that is not every resectable
    patient: "Recommended (chemotherapy first), for synchronous metastases only" (the Expert Group's position
    covers synchronous metastases only), or a stance per kind of metastases ("With synchronous metastases,
    ...; with metachronous, ...": NCCN, ESMO). The overall label alone read as a stance for every resectable
    patient."""
    position = guideline.position(Topic.NEOADJUVANT_RESECTABLE)
    overall = STANCE_LABELS[guideline.resectable_stance()]
    covered = [s for s in METASTASES if s in RESECTABLE_SITUATIONS and position.applies(s)]
    stances = [Stance(position.stance_in(s)) for s in covered]
    if not covered or (len(covered) == len(METASTASES) and len(set(stances)) == 1):
        return overall
    if len(covered) == 1:
        return f"{overall}, for {METASTASES[covered[0]]} only"
    text = "; ".join(
        f"with {METASTASES[s]}, {STANCE_LABELS[stance].lower()}"
        for s, stance in zip(covered, stances, strict=True)
    )
    return text[0].upper() + text[1:]


def by_year(items: Sequence[Guideline]) -> list[Guideline]:
    return sorted(items, key=lambda g: g.year)


def timeline_rows(items: Sequence[Guideline]) -> list[dict[str, object]]:
    """The timeline's data: organisation, year, reference, stance on chemotherapy before resection."""
    return [
        {
            ORGANISATION: g.short_name,
            FULL_NAME: g.name,
            YEAR: g.year,
            REFERENCE: f"[{g.ref}]",
            "Stance on chemotherapy before resection": resectable_stance_text(g),
        }
        for g in by_year(items)
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


def timeline_alt(items: Sequence[Guideline]) -> str:
    """Text description of the timeline for screen readers and the caption."""
    # a sentence each: a stance per kind of metastases has a semicolon of its own
    parts = [
        f"{g.short_name} {g.year} [{g.ref}]: {resectable_stance_text(g).lower()}." for g in by_year(items)
    ]
    return (
        "Timeline of the guidelines compared, earliest first, each marked by its stance on chemotherapy "
        "before resection of resectable metastases. " + " ".join(parts)
    )
