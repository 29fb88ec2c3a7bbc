"""Glossary: every abbreviation and technical term of the review, searchable."""

from __future__ import annotations

import streamlit as st

from crlm_app import content, evidence, state
from crlm_content.urlstate import QueryField

catalog = content.catalog()
FIELDS = (QueryField("q", "text", "", max_length=60),)
K = state.page_state("glossary", FIELDS)


st.title("Glossary")
st.markdown(
    "Every abbreviation and technical term the review uses, in one plain line. On other pages, the ? beside "
    "a term shows the same definition: point at it, or tap it on a phone. A figure in a definition comes "
    "with its source: the review's reference numbers, or the paper that defines it."
)
st.text_input("Find a term", key=K("q"), placeholder="e.g. FLR, sinusoidal, XELOX", max_chars=60)
state.save_url_state(K, FIELDS)

count, text = evidence.glossary_text(K["q"])  # built once per query: a warm rerun builds nothing
if count:
    st.markdown(f"**{count}** of {len(catalog.glossary)} terms.\n\n" + text)
else:
    st.info("No term matches. Try fewer letters, or search the evidence on the Sources page.")
