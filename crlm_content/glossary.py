"""Glossary look-up: search for the Glossary page, hover help for the terms pages use."""

from __future__ import annotations

from .catalog import Catalog
from .models import GlossaryTerm


def lookup(catalog: Catalog, name: str) -> GlossaryTerm:
    """The entry for a term or one of its aliases; KeyError names the term when it is not defined."""
    try:
        return catalog.glossary_index[name.casefold()]
    except KeyError:
        raise KeyError(f"{name!r} is not in the glossary") from None


def one_line(term: GlossaryTerm) -> str:
    head = f"{term.term} ({term.expansion})" if term.expansion else term.term
    return f"{head}: {term.definition}"


def help_text(catalog: Catalog, *names: str) -> str:
    """Hover help for a widget or a heading: one line per term."""
    return "\n\n".join(one_line(lookup(catalog, name)) for name in names)


def search_glossary(catalog: Catalog, text: str) -> tuple[GlossaryTerm, ...]:
    """Terms whose name, expansion, alias or definition contains every word of ``text``; names first."""
    words = text.casefold().split()
    if not words:
        return catalog.glossary

    def rank(term: GlossaryTerm) -> int | None:
        names = " ".join([term.term, term.expansion or "", *term.aliases]).casefold()
        everything = f"{names} {term.definition.casefold()}"
        if not all(word in everything for word in words):
            return None
        return 0 if all(word in names for word in words) else 1

    ranked = [(r, t) for t in catalog.glossary if (r := rank(t)) is not None]
    return tuple(t for _, t in sorted(ranked, key=lambda pair: pair[0]))
