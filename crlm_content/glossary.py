"""Glossary look-up: search for the Glossary page, hover help for the terms pages use."""

from __future__ import annotations

import re
from urllib.parse import quote

from .catalog import Catalog
from .memo import content
from .models import GlossaryTerm
from .primary_sources import GLOSSARY_PRIMARY_SOURCES
from .search import citation_text
from .textsearch import fold_spelling


def lookup(catalog: Catalog, name: str) -> GlossaryTerm:
    """The entry for a term or one of its aliases; KeyError names the term when it is not defined."""
    try:
        return catalog.glossary_index[name.casefold()]
    except KeyError:
        raise KeyError(f"{name!r} is not in the glossary") from None


def one_line(term: GlossaryTerm) -> str:
    head = f"{term.term} ({term.expansion})" if term.expansion else term.term
    return f"{head}: {term.definition}"


def source_refs(catalog: Catalog, term: GlossaryTerm) -> tuple[int, ...]:
    """The review's reference numbers behind a definition's figures (those of the records it cites)."""
    return tuple(sorted({n for evidence_id in term.evidence_ids for n in catalog.get(evidence_id).refs}))


def primary_citation(term: GlossaryTerm) -> str | None:
    """The full citation of the primary definition the entry names, if it names one."""
    return GLOSSARY_PRIMARY_SOURCES[term.primary_source] if term.primary_source else None


def source_text(catalog: Catalog, term: GlossaryTerm) -> str:
    """Where a definition's figures come from, in plain text ('Source: ref. [57]; Fong 1999'); '' when it
    cites nothing. Review records without a reference bracket are cited to the review itself
    (``citation_text``, as every evidence card says it)."""
    parts = []
    if term.evidence_ids:
        parts.append(citation_text(source_refs(catalog, term)))
    if term.primary_source:
        parts.append(term.primary_source)
    return f"Source: {'; '.join(parts)}" if parts else ""


def help_text(catalog: Catalog, *names: str) -> str:
    """Hover help for a widget or a heading: one line per term, each with its source when it has one."""
    lines = []
    for name in names:
        term = lookup(catalog, name)
        source = source_text(catalog, term)
        lines.append(f"{one_line(term)} {source}." if source else one_line(term))
    return "\n\n".join(lines)


_SHORT = 3  # a query word this short matches the start of a word only: "OS" is in "postoperative"


def _folded_terms(
    catalog: Catalog,
) -> tuple[tuple[GlossaryTerm, str, str, frozenset[str], frozenset[str]], ...]:
    """Each term with its names, and its names and definition, spelling-folded once per catalog, and the
    whole words of each."""
    folded = []
    for term in catalog.glossary:
        names = fold_spelling(" ".join([term.term, term.expansion or "", *term.aliases]))
        everything = f"{names} {fold_spelling(term.definition)}"
        folded.append((term, names, everything, _words(names), _words(everything)))
    return tuple(folded)


def _names(term: GlossaryTerm) -> set[str]:
    """The term, its expansion and its aliases, each spelling-folded."""
    return {fold_spelling(name) for name in (term.term, term.expansion or "", *term.aliases) if name}


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text))


def _found(word: str, text: str, words: frozenset[str]) -> bool:
    if len(word) > _SHORT:
        return word in text
    return any(w.startswith(word) for w in words)  # "cet" still finds cetuximab


def search_glossary(catalog: Catalog, text: str) -> tuple[GlossaryTerm, ...]:
    """Terms whose name, expansion, alias or definition contains every word of ``text``; names first.
    Spelling variants match (tumor and tumour, submillimeter and submillimetre, cut-off and cutoff): the text
    is folded whole, as the Sources search folds it, before it is cut into words. A word of three letters or
    fewer matches the start of a word ("OS" found 58 terms, "postoperative" among them; "cet" still finds
    cetuximab). A term named exactly as typed (its name, expansion or an alias: "overall survival" is OS)
    comes first.
    """
    words = fold_spelling(text).split()
    if not words:
        return catalog.glossary
    exact = " ".join(words)
    ranked = []
    for term, names, everything, name_words, all_words in content(_folded_terms, catalog):
        if all(_found(word, everything, all_words) for word in words):
            named = all(_found(word, names, name_words) for word in words)
            ranked.append((-1 if exact in _names(term) else 0 if named else 1, term))
    return tuple(t for _, t in sorted(ranked, key=lambda pair: pair[0]))


SOURCES_SEARCH = "sources?q={}"  # the Sources page searching its ``q`` (relative: it keeps the app's address)


def sources_search(text: str) -> str:
    """A link target that opens the Sources page searching ``text``: the records, with their figures and
    references, that a glossary entry's one line cannot give. ``text`` is URL-quoted whole (no character of
    it can end the link or add a parameter), so any text, a visitor's too, is safe in a markdown link."""
    return SOURCES_SEARCH.format(quote(text, safe=""))
