"""Filtering and tabulating Evidence records for look-up (pure; the Sources page is a thin shell)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .catalog import Catalog
from .models import SECTION_TITLES, Evidence, Reference


@dataclass(frozen=True)
class EvidenceFilter:
    """What a reader asked for; empty means 'any'."""

    text: str = ""
    sections: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    refs: frozenset[int] = frozenset()
    entities: frozenset[str] = frozenset()
    caveats_only: bool = False


def format_refs(refs: Sequence[int]) -> str:
    """Compact citation text: (14, 15, 16, 17, 52) -> '[14-17, 52]'."""
    if not refs:
        return ""
    numbers = sorted(set(refs))
    runs: list[str] = []
    start = prev = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == prev + 1:
            prev = number
            continue
        runs.append(
            str(start) if start == prev else f"{start}-{prev}" if prev > start + 1 else f"{start}, {prev}"
        )
        if number is not None:
            start = prev = number
    return "[" + ", ".join(runs) + "]"


def values_text(record: Evidence) -> str:
    return "; ".join(f"{v.label}: {v.display()}" for v in record.values)


def _haystack(record: Evidence) -> str:
    parts = [record.id, record.statement, record.note or "", values_text(record), " ".join(record.entities)]
    return " ".join(parts).casefold()


def filter_evidence(catalog: Catalog, query: EvidenceFilter) -> tuple[Evidence, ...]:
    """Records matching every given criterion; the text matches all of its words, in any field, any case."""
    words = query.text.casefold().split()
    out = []
    for record in catalog.evidence:
        if query.sections and record.section not in query.sections:
            continue
        if query.kinds and record.kind not in query.kinds:
            continue
        if query.refs and not query.refs.intersection(record.refs):
            continue
        if query.entities and not query.entities.intersection(record.entities):
            continue
        if query.caveats_only and not catalog.caveats_for(record.id):
            continue
        if words:
            haystack = _haystack(record)
            if not all(word in haystack for word in words):
                continue
        out.append(record)
    return tuple(out)


def evidence_rows(catalog: Catalog, records: Iterable[Evidence]) -> list[dict[str, object]]:
    """One flat row per record for a table or a CSV download."""
    rows: list[dict[str, object]] = []
    for record in records:
        caveats = catalog.caveats_for(record.id)
        if record.derived:
            source = "derived from " + ", ".join(record.derived_from)
        elif record.refs:
            source = format_refs(record.refs)
        else:
            source = "the review itself"
        rows.append(
            {
                "id": record.id,
                "section": SECTION_TITLES[record.section],
                "statement": record.statement,
                "values": values_text(record),
                "refs": format_refs(record.refs),
                "source": source,
                "entities": ", ".join(record.entities),
                "kind": record.kind,
                "caveat": "; ".join(f"#{c.number} {c.title}" for c in caveats),
                "note": record.note or "",
            }
        )
    return rows


def cited_by(catalog: Catalog) -> dict[int, int]:
    """How many records cite each reference number."""
    counts: dict[int, int] = {}
    for record in catalog.evidence:
        for ref in record.refs:
            counts[ref] = counts.get(ref, 0) + 1
    return counts


def filtered_rows(catalog: Catalog, query: EvidenceFilter) -> list[dict[str, object]]:
    """``evidence_rows`` of the records matching ``query`` (one hashable input, for a shared table)."""
    return evidence_rows(catalog, filter_evidence(catalog, query))


def reference_rows(catalog: Catalog) -> list[dict[str, object]]:
    """The reference list as rows: only numbers the content cites; identifiers only where verified."""
    counts = cited_by(catalog)
    return [
        {
            "number": ref.number,
            "study": reference_label(ref),
            "journal": ref.journal or "",
            "mapping": ref.status,
            "PMID": ref.pmid or "",
            "DOI link": f"https://doi.org/{ref.doi}" if ref.doi else None,
            "records": counts[ref.number],
        }
        for ref in catalog.references
        if ref.number in counts
    ]


def reference_label(ref: Reference) -> str:
    """Study label with the strength of the mapping made visible."""
    label = ref.label()
    if ref.status == "unverified":
        return f"{label} (identification not checked: see the review's reference list)"
    if ref.status == "partial":  # the study is found; its number or some of its details were not checked
        return f"{label} (partly verified, some details not checked: see the review's reference list)"
    if ref.status == "unmapped":
        return f"{label} (study not identified: see the review's reference list)"
    return label


def all_entities(catalog: Catalog) -> list[str]:
    return sorted({e for record in catalog.evidence for e in record.entities}, key=str.casefold)


def all_refs(catalog: Catalog) -> list[int]:
    return sorted(cited_by(catalog))
