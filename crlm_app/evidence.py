"""The one way to show evidence: a record's card and citation line, reference links and tooltips, caveat
badges and expanders.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from crlm_content import (
    Catalog,
    Caveat,
    Evidence,
    GlossaryTerm,
    glossary,
    memo,
    site,
)
from crlm_content.search import citation_text, records_citation, records_refs, reference_label
from crlm_content.shown_on import pages_showing

from .content import catalog
from .layout import lazy_expander
from .markup import ICON_NOTE, ICON_SOURCE, ICON_WARNING, md


def table_one_markdown(cat: Catalog) -> str:
    """The review's Table 1 as a two-column markdown table: potential advantages beside disadvantages."""
    sides = {
        side: [f"{i.order}. {md(i.text)}" for i in cat.table_one if i.side == side]
        for side in ("advantage", "disadvantage")
    }
    rows = max(len(items) for items in sides.values())
    lines = ["| Potential advantages | Potential disadvantages |", "|---|---|"]
    for n in range(rows):
        cells = [items[n] if n < len(items) else "" for items in sides.values()]
        lines.append(f"| {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def evidence_cards(*evidence_ids: str) -> None:
    """The evidence cards of these records, in this order."""
    records = catalog()
    for evidence_id in evidence_ids:
        evidence_card(records.get(evidence_id))


def evidence_expander(label: str, evidence_ids: Sequence[str], *, key: str) -> None:
    """Evidence cards in a collapsed expander, built only while it is open."""
    if panel := lazy_expander(label, key=key):
        with panel:
            evidence_cards(*evidence_ids)


def caveat_expander(caveat: Caveat, *, key: str, records: bool = True) -> None:
    """One note on the source, collapsed: its explanation and (optionally) the records it concerns."""
    if panel := lazy_expander(f"Caveat {caveat.number}: {caveat.title}", key=key):
        text = md(caveat.explanation)
        if records:
            text += "\n\n*Records: " + md(", ".join(caveat.evidence_ids)) + "*"
        panel.markdown(text)


def refs_tooltip(refs: Sequence[int]) -> str:
    cat = catalog()
    lines = []
    for number in sorted(refs):
        ref = cat.reference_by_number.get(number)
        lines.append(reference_label(ref) if ref else f"[{number}]")
    return "\n\n".join(lines)


def ref_links(cat: Catalog, evidence_ids: Sequence[str]) -> str:
    """The references of some records as one markdown link, the whole bracket, that opens the records citing
    them on the Sources page: one number each was a target of 8-16 px, too small for a finger on a phone.
    Records without a reference are the review's own text: said after the bracket (``REVIEW_OWN_TOO``), or
    alone when none has one."""
    numbers, review_own = records_refs(cat, evidence_ids)
    if not numbers:
        return f"*({citation_text(numbers)})*"
    link = f"[\\[{', '.join(map(str, numbers))}\\]](sources?ref={','.join(map(str, numbers))})"
    return records_citation(link, review_own)  # a record without a reference keeps its mark beside it


def why(cat: Catalog, reasoning: str, evidence_ids: Sequence[str], definition: str | None = None) -> str:
    """The one way to show an answer's reasoning: the text, its references, and the primary source of a
    calculator's constants when the reasoning uses them (``definition``)."""
    text = "**Why.** " + md(reasoning) + " " + ref_links(cat, evidence_ids)
    if definition:
        text += "\n\n*Definition:* " + md(definition)
    return text


def source_text(record: Evidence) -> str:
    """The one way to say where a record comes from."""
    if record.derived:
        return "derived by this app from " + ", ".join(record.derived_from)
    return citation_text(record.refs)


_PAGE_TITLES = {page.url_path: page.title for page in site.PAGES}


def taught_on(record: Evidence) -> str:
    """'Taught on' and links to the topic pages that show the record (``shown_on``); '' when none does."""
    pages = [page for page in pages_showing(record.id) if page in _PAGE_TITLES]
    if not pages:
        return ""
    return "Taught on " + ", ".join(f"[{md(_PAGE_TITLES[page])}]({page})" for page in pages)


def cite(record: Evidence) -> None:
    """A citation line (the reference numbers) with the reference labels and the record's id on hover: the id
    is for finding the record on the Sources page, not text to read."""
    help_text = refs_tooltip(record.refs) if record.refs else "The review states this without a reference."
    st.caption(
        f"{ICON_SOURCE} {md(source_text(record))}",
        help=f"{help_text}\n\nRecord {md(record.id)}",
    )


def caveat_line(caveat: Caveat) -> str:
    """A source caveat as one markdown line: a badge, the title, the explanation."""
    badge = f":orange-badge[{ICON_WARNING} caveat {caveat.number}]"
    return f"{badge} **{md(caveat.title)}**: {md(caveat.explanation)}"


def evidence_card(record: Evidence, *, show_section: bool = False) -> None:
    """The one way to show an Evidence record: statement, figures, caveats and note, then its citation.

    A quotation block (it is a paraphrase of a source) and its citation line: two elements, because cards
    appear by the dozen and each element is a message to every browser on every rerun.
    """
    from crlm_content.models import SECTION_TITLES

    parts = [f"*{md(SECTION_TITLES[record.section])}*"] if show_section else []
    parts.append(md(record.statement))
    if record.values:
        parts.append("\n".join(f"- {md(v.label)}: **{md(v.display())}**" for v in record.values))
    parts += [caveat_line(caveat) for caveat in catalog().caveats_for(record.id)]
    if record.note:
        parts.append(f"{ICON_NOTE} {md(record.note)}")
    body = "\n\n".join(parts)
    quote = "> " + body.replace("\n", "\n> ")
    # The links to the pages that teach the record go under the quotation, in the same element: inside it (or
    # in a caption) a link's colour is too faint for WCAG contrast.
    links = taught_on(record)
    st.markdown(f"{quote}\n\n{links}" if links else quote)
    cite(record)


def glossary_entry(cat: Catalog, term: GlossaryTerm) -> str:
    """One glossary term as a markdown list item: its definition, then where its figures come from, cited as
    the answers' reasoning is (the review's reference bracket, then the primary definition), then its
    aliases."""
    line = f"- **{md(term.term)}**" + (f" ({md(term.expansion)})" if term.expansion else "")
    line += f": {md(term.definition)}"
    if term.evidence_ids:
        line += " " + ref_links(cat, term.evidence_ids)
    if citation := glossary.primary_citation(term):
        line += " *Definition:* " + md(citation)
    if term.aliases:
        line += f" *Also written: {md(', '.join(term.aliases))}.*"
    return line


def _glossary_text(cat: Catalog, query: str) -> tuple[int, str]:
    lines = [glossary_entry(cat, term) for term in glossary.search_glossary(cat, query)]
    return len(lines), "\n".join(lines)


def glossary_text(query: str) -> tuple[int, str]:
    """The glossary terms matching ``query`` as one markdown list (count, text), built once per query: a
    warm rerun of the Glossary page builds nothing.

    Text rather than a data grid: it reads on a phone, and the page loads no table code.
    """
    return memo.cached(_glossary_text, catalog(), query)
