"""Glossary: every abbreviation and technical term of the review, searchable."""

from __future__ import annotations

import streamlit as st

import ui
from crlm_content.glossary import glossary_rows
from crlm_content.urlstate import QueryField

catalog = ui.catalog()
FIELDS = (QueryField("q", "text", "", max_length=60),)
ui.bind_url_state("glossary", FIELDS)

st.title("Glossary")
st.markdown(
    "Every abbreviation and technical term the review uses, in one plain line. Hover the ⓘ next to a term "
    "on other pages for the same definition."
)
st.text_input("Find a term", key="q", placeholder="e.g. FLR, sinusoidal, XELOX", max_chars=60)
ui.write_url_state(FIELDS)

terms = ui.shared_frame(glossary_rows, catalog, st.session_state.q)
st.markdown(f"**{len(terms)}** of {len(catalog.glossary)} terms.")
if len(terms):
    st.dataframe(
        terms,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(terms), 700),
        column_config={
            "term": st.column_config.TextColumn("Term", pinned=True),
            "definition": st.column_config.TextColumn("Definition", width="large"),
        },
    )
else:
    st.info("No term matches. Try fewer letters, or search the evidence on the Sources page.")
