"""Glossary: every abbreviation and technical term of the review, searchable."""

from __future__ import annotations

import streamlit as st

from crlm_app import content, state
from crlm_app.evidence import ref_links
from crlm_app.markup import md
from crlm_content import Catalog, GlossaryTerm, glossary
from crlm_content.urlstate import QueryField

catalog = content.catalog()
FIELDS = (QueryField("q", "text", "", max_length=60),)
K = state.page_state("glossary", FIELDS)


def entry(cat: Catalog, term: GlossaryTerm) -> str:
    """One term as a markdown list item: its definition, then where its figures come from, cited as the
    answers' reasoning is (the review's reference bracket, then the primary definition), then its aliases."""
    line = f"- **{md(term.term)}**" + (f" ({md(term.expansion)})" if term.expansion else "")
    line += f": {md(term.definition)}"
    if term.evidence_ids:
        line += " " + ref_links(cat, term.evidence_ids)
    if citation := glossary.primary_citation(term):
        line += " *Definition:* " + md(citation)
    if term.aliases:
        line += f" *Also written: {md(', '.join(term.aliases))}.*"
    return line


st.title("Glossary")
st.markdown(
    "Every abbreviation and technical term the review uses, in one plain line. On other pages, the ? beside "
    "a term shows the same definition: point at it, or tap it on a phone. A figure in a definition comes "
    "with its source: the review's reference numbers, or the paper that defines it."
)
st.text_input("Find a term", key=K("q"), placeholder="e.g. FLR, sinusoidal, XELOX", max_chars=60)
state.save_url_state(K, FIELDS)

# Text rather than a data grid: it reads on a phone, and the page loads no table code.
lines = [entry(catalog, term) for term in glossary.search_glossary(catalog, K["q"])]
if lines:
    st.markdown(f"**{len(lines)}** of {len(catalog.glossary)} terms.\n\n" + "\n".join(lines))
else:
    st.info("No term matches. Try fewer letters, or search the evidence on the Sources page.")
