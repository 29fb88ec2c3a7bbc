"""Filtering and tabulating Evidence records for look-up (pure; the Sources page is a thin shell)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from . import memo, textsearch
from .catalog import Catalog
from .models import SECTION_TITLES, Evidence, Reference
from .textsearch import values_text


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


# What a figure or statement the review gives without a bracketed reference is cited to (a record with
# no reference numbers, a glossary figure from such records): the review itself, said in words.
REVIEW_OWN = "stated by the review itself, no reference given"


def citation_text(refs: Sequence[int]) -> str:
    """The one way to say where a figure comes from: 'ref. [14-17, 52]' (the review's reference numbers,
    ``format_refs``), or, with none, ``REVIEW_OWN``. It reads alone (a caption, 'Source: ...') and inside
    parentheses after a sentence ('... (ref. [57])')."""
    return f"ref. {format_refs(refs)}" if refs else REVIEW_OWN


# What a citation of several records adds after its bracket when some of them have no reference number:
# mixed with referenced records, their figures are still the review's own, and say so.
REVIEW_OWN_TOO = "and the review's own text, no reference given"


def records_refs(catalog: Catalog, evidence_ids: Iterable[str]) -> tuple[tuple[int, ...], bool]:
    """The reference numbers of some records, sorted, and whether any of them has none (the review's own
    text, ``REVIEW_OWN``): the one reading of a plan line's, a step's or a flag's records, so that a record
    without a reference keeps its mark beside others that have one."""
    records = [catalog.get(evidence_id) for evidence_id in evidence_ids]
    numbers = tuple(sorted({n for record in records for n in record.refs}))
    return numbers, any(not record.refs for record in records)


def records_citation(bracket: str, review_own: bool) -> str:
    """A citation of several records: their bracket (``format_refs``, or a link of it), with
    ``REVIEW_OWN_TOO`` after it when some of them have no reference; ``REVIEW_OWN`` alone with no bracket."""
    if not bracket:
        return REVIEW_OWN
    return f"{bracket}; {REVIEW_OWN_TOO}" if review_own else bracket


def _parsed(catalog: Catalog, text: str) -> textsearch.Query:
    """What ``text`` asks for, with the catalog's linked outcome measures and glossary names."""
    return textsearch.parse_query(text, textsearch.linked_forms(catalog), textsearch.glossary_names(catalog))


def _positions(catalog: Catalog, query: EvidenceFilter) -> list[int]:
    """The positions of the records the filters other than the text let through, in file order."""
    return [
        position
        for position, record in enumerate(catalog.evidence)
        if (not query.sections or record.section in query.sections)
        and (not query.kinds or record.kind in query.kinds)
        and (not query.refs or query.refs.intersection(record.refs))
        and (not query.entities or query.entities.intersection(record.entities))
        and (not query.caveats_only or catalog.caveats_for(record.id))
    ]


def _filter(catalog: Catalog, query: EvidenceFilter) -> tuple[Evidence, ...]:
    records = catalog.evidence
    positions = _positions(catalog, query)
    exact = catalog.evidence_by_id.get(query.text.strip().casefold())
    if exact is not None:  # a record's id (a record's own link searches by it): that record alone
        return tuple(records[position] for position in positions if records[position] is exact)
    terms = _parsed(catalog, query.text)
    if terms.terms:
        positions = textsearch.rank(textsearch.index(catalog), positions, terms)
    found = tuple(records[position] for position in positions)
    cited = textsearch.defining_records(catalog)
    defining = {i for name in textsearch.whole_name(terms) for i in cited.get(name, ())}
    if defining:  # a glossary name alone: the records its entry cites first, each part in the search's order
        found = tuple(sorted(found, key=lambda record: record.id not in defining))
    return found


def filter_evidence(catalog: Catalog, query: EvidenceFilter) -> tuple[Evidence, ...]:
    """Records matching every given criterion. The text matches by ``textsearch``'s rule (normalised, whole
    numbers, every word but stopwords, a glossary name also by its term's other names) and ranks what it
    finds (a glossary name alone: the records its glossary entry cites first; then what a record says,
    then what it is about; records with figures before others; file order);
    without text, file order; a record's id as the text finds that record alone. Worked out once per query
    and process."""
    return memo.cached(_filter, catalog, query)


MAX_QUERY = 100  # the Sources page's search box and its ``q`` link field
Linked = Sequence[Sequence[str]]  # textsearch.linked_forms


def _says(field: textsearch.Field, asked: textsearch.Query) -> bool:
    """Whether ``field`` has what ``asked`` asks for, as the search matches it ("overall" has "overal")."""
    return all(any(field.match(term) is not None for term in alternatives) for alternatives in asked.terms)


def _replaced(words: Sequence[str], i: int, term: str, linked: Linked) -> str:
    """``words`` with word ``i`` replaced by ``term``, less the other words ``term`` already says: a term of
    several words does not repeat its neighbour ("pathologc response" -> "pathologic response", not
    "pathologic response response")."""
    said = textsearch.Field.of([term])

    def new(part: Sequence[str]) -> list[str]:
        return [word for word in part if not _says(said, textsearch.parse_query(word, linked))]

    return " ".join([*new(words[:i]), term, *new(words[i + 1 :])])


def _in_known_names(catalog: Catalog, words: Sequence[str]) -> set[int]:
    """The indices of ``words`` inside a run of them that is a known name (a glossary term, expansion or
    alias, or an entity: "blue liver"): such a word is kept as it is, never replaced or dropped."""
    known = textsearch.known_terms(catalog)
    return {
        k
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
        if textsearch.compact(" ".join(words[i:j])) in known
        for k in range(i, j)
    }


# Candidate searches a 'Did you mean' tries at most: a 100-character query of near-miss words ("flra flrb
# ...") made about 40, some 0.5 s of one process's time (a hostile-visitor review), while a real typo's fix is
# among the first few.
MAX_SUGGESTION_TRIES = 12


def suggestions(catalog: Catalog, query: EvidenceFilter, limit: int = 3) -> tuple[str, ...]:
    """'Did you mean' searches for a text query that finds nothing: the whole query, or one of its words
    that no record has, replaced by a close glossary term, alias or entity (``textsearch.close_terms``: a
    known name only by its own term, and a word of a known name is left alone); failing those, the query
    without the words no record has ("bevacizumab zzzz" -> "bevacizumab"). A suggestion keeps every word
    of the query that some record has ("New EPOC overall survivl" is not offered "overall survival" alone).
    Only searches that find records with the same filters are offered, at most ``limit``, from at most
    ``MAX_SUGGESTION_TRIES`` candidates; () when the query finds something or has no text. Memoised, as the
    search is: a rerun of the page asks again."""
    return memo.cached(_suggestions, catalog, query, limit)


def _suggestions(catalog: Catalog, query: EvidenceFilter, limit: int) -> tuple[str, ...]:
    text = " ".join(query.text.split())
    if not text or filter_evidence(catalog, query):
        return ()
    candidates = list(textsearch.close_terms(catalog, text))
    words = text.split(" ")
    linked = textsearch.linked_forms(catalog)
    matched: list[textsearch.Query] = []  # what each word some record has asks, stopwords aside
    shorter = ""  # the query without the words no record has, when it has such words
    if len(words) > 1:
        texts = textsearch.index(catalog)
        named = _in_known_names(catalog, words)
        found_words = []  # the words some record has, in order
        unknown = False  # a word no record has
        for i, word in enumerate(words):
            asked = _parsed(catalog, word)
            if not asked.terms or all(term in textsearch.STOPWORDS for term, *_ in asked.terms):
                continue
            if i in named or textsearch.rank(texts, range(len(texts)), asked):
                matched.append(textsearch.parse_query(word, linked))
                found_words.append(word)
                continue
            unknown = True
            for term in textsearch.close_terms(catalog, word):
                candidates.append(_replaced(words, i, term, linked))
        if unknown and found_words:
            shorter = " ".join(found_words)
    found: list[str] = []
    for candidate in list(dict.fromkeys(candidates))[:MAX_SUGGESTION_TRIES]:
        if len(candidate) > MAX_QUERY or candidate.casefold() == text.casefold():
            continue
        field = textsearch.Field.of([candidate])
        if not all(_says(field, asked) for asked in matched):
            continue  # it drops a word that found records
        if filter_evidence(catalog, replace(query, text=candidate)):
            found.append(candidate)
            if len(found) == limit:
                break
    if not found and shorter and filter_evidence(catalog, replace(query, text=shorter)):
        found.append(shorter)  # only when no word has a close term: a typo's fix says more
    return tuple(found)


@dataclass(frozen=True)
class PartialMatch:
    """A record that has some of a search's words but not all: ``lacks`` says which it lacks."""

    record: Evidence
    lacks: tuple[str, ...]


def _closest(catalog: Catalog, query: EvidenceFilter, limit: int) -> tuple[PartialMatch, ...]:
    if filter_evidence(catalog, query):
        return ()
    asked = _parsed(catalog, query.text)
    if len(asked.terms) < 2:
        return ()
    found = textsearch.closest(textsearch.index(catalog), _positions(catalog, query), asked)
    return tuple(
        PartialMatch(catalog.evidence[position], tuple(asked.shown(i) for i in lacks))
        for position, lacks in found[:limit]
    )


def closest_matches(catalog: Catalog, query: EvidenceFilter, limit: int = 5) -> tuple[PartialMatch, ...]:
    """For a text query of several words that finds nothing (a question typed as a sentence), the records
    (with the same filters) that have the most of its words, each word weighed by how few records have it
    and the words of a question's grammar ("when", "should", "than") not at all (``textsearch.closest``):
    at least half its other words, at most ``limit``, the most weight first, then as the search ranks; each
    with the words it lacks, those aside. () when the query finds something or asks one word or none."""
    return memo.cached(_closest, catalog, query, limit)


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
                "reference_labels": reference_entries(catalog, record.refs),
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


def filtered_rows(
    catalog: Catalog, query: EvidenceFilter, limit: int | None = None
) -> list[dict[str, object]]:
    """``evidence_rows`` of the records matching ``query`` (one hashable input, for a shared table): the
    first ``limit`` of them when given."""
    return evidence_rows(catalog, filter_evidence(catalog, query)[:limit])


def reference_entries(catalog: Catalog, refs: Iterable[int]) -> tuple[tuple[int, str], ...]:
    """Each reference number, in order, with its label (``reference_label``, the text of the citation's
    hover help), '[n]' alone when the reference list lacks it: what a reader needs to see what [93] is."""
    return tuple(
        (number, reference_label(ref) if (ref := catalog.reference_by_number.get(number)) else f"[{number}]")
        for number in sorted(set(refs))
    )


# Mappings whose journal was seen in a record (verified, or the study found with some details unchecked).
JOURNAL_SHOWN_FOR = frozenset({"verified", "partial"})


def reference_rows(catalog: Catalog, refs: frozenset[int] = frozenset()) -> list[dict[str, object]]:
    """The reference list as rows: only numbers the content cites (of ``refs`` only, when given);
    identifiers only where verified, and no journal for a row recalled from memory (an unverified mapping
    shows the study name and year at most, ``JOURNAL_SHOWN_FOR``)."""
    counts = cited_by(catalog)
    return [
        {
            "number": ref.number,
            "study": reference_label(ref),
            "journal": (ref.journal or "") if ref.status in JOURNAL_SHOWN_FOR else "",
            "mapping": ref.status,
            "PMID": ref.pmid or "",
            "DOI link": f"https://doi.org/{ref.doi}" if ref.doi else None,
            "records": counts[ref.number],
        }
        for ref in catalog.references
        if ref.number in counts and (not refs or ref.number in refs)
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
