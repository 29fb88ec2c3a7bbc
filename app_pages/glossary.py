"""Glossary: every abbreviation and technical term of the review, searchable."""

from __future__ import annotations

import re

import streamlit as st

from crlm_app import content, evidence, state
from crlm_app.markup import md
from crlm_content import glossary, memo
from crlm_content.urlstate import QueryField

catalog = content.catalog()
FIELDS = (QueryField("q", "text", "", max_length=60),)
K = state.page_state("glossary", FIELDS)
ENTRY = re.compile(r"\n(?=- \*\*)")  # where an entry starts (content text is escaped: never "- **")


st.title("Glossary")
st.markdown(
    "Every abbreviation and technical term the review uses, in one plain line. On other pages, the ? beside "
    "a term shows the same definition: point at it, or tap it on a phone. A figure in a definition comes "
    "with its source: the review's reference numbers, or the paper that defines it. Under each term, a link "
    "searches the evidence for it on the Sources page."
)
st.text_input("Find a term", key=K("q"), placeholder="e.g. FLR, sinusoidal, XELOX", max_chars=60)
state.save_url_state(K, FIELDS)

# a link followed on the projector keeps presenter mode, as the Sources page's own links do
present = "&present=1" if state.presenting() else ""
count, text = evidence.glossary_text(K["q"])  # built once per query: a warm rerun builds nothing
if count:
    terms = memo.cached(glossary.search_glossary, catalog, K["q"])  # the entries' terms, in their order
    entries = ENTRY.split(text)
    # the records and their figures, which one line of definition cannot give
    linked = [
        f"{entry}\n  - [Search the evidence for {md(t.term)}]({glossary.sources_search(t.term)}{present})"
        for entry, t in zip(entries, terms, strict=True)
    ]
    st.markdown(f"**{count}** of {len(catalog.glossary)} terms.\n\n" + "\n".join(linked))
else:
    st.info(
        "No term matches. Try fewer letters, or "
        f"[search the evidence for it on the Sources page]({glossary.sources_search(K['q'])}{present})."
    )
