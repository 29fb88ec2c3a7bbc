"""Home: what the app is for, three ways in, the review's Table 1 as cited content."""

from __future__ import annotations

import streamlit as st

import crlm_content
from crlm_app import content, evidence, layout, markup, state

catalog = content.catalog()
K = state.page_state("home", ())  # no settings: anything in the link is reported and dropped

st.title("Colorectal liver metastases and neoadjuvant chemotherapy", help=content.term_help("CRLM", "NCT"))
st.markdown(
    "A teaching dashboard built on one review article. Every number on these pages comes from a data record "
    "that carries the review's reference numbers, from a calculator's published definition (named beside "
    "it), or is marked as worked out by the app with its inputs shown, so you can always see where a figure "
    "comes from."
)

# Three ways in; each box is one markdown element and its links (the landing page is the one every phone in
# the room opens first, so it is kept to few elements).
learn, look_up, present = st.columns(3, border=True)
learn.markdown(
    "## Learn\nWalk a patient from presentation to a plan, every step cited, with the guideline view; then "
    "test yourself on cases that unfold stage by stage."
)
state.page_link(
    "app_pages/decision_walkthrough.py",
    where=learn,
    label="Start the walkthrough",  # whole on the projector (presenter type, 1280x720)
    icon=":material/explore:",
)
state.page_link("app_pages/cases.py", where=learn, label="Work a case", icon=":material/cases:")
look_up.markdown("## Look up\nSearch any number, trial, drug or reference and download what you find as CSV.")
state.page_link("app_pages/sources.py", where=look_up, label="Search the sources", icon=":material/search:")
state.page_link("app_pages/glossary.py", where=look_up, label="Look up a term", icon=":material/menu_book:")
present.markdown(
    "## Present\nEvery view keeps its settings in the link; the share button at the top of every page gives "
    "a QR code for the room, and the walkthrough downloads a handout. Grand rounds runs a case with the "
    "room's phones voting at each stage."
)
state.page_link(
    "app_pages/decision_walkthrough.py",
    where=present,
    label="Load a patient to present",
    icon=":material/link:",
)
state.page_link(
    "app_pages/rounds.py", where=present, label="Run a case with the room", icon=":material/groups:"
)

st.header(
    "Neoadjuvant chemotherapy: potential advantages and disadvantages",
    help=content.term_help("NCT", "CALI", "DLM"),
)
# The table is one markdown element; the evidence behind its items is built only when a reader opens it
# (the landing page is the one every phone in a room opens first).
st.markdown(evidence.table_one_markdown(catalog))
if panel := layout.lazy_expander("The evidence behind each item of Table 1", key=K("table1_evidence")):
    with panel:
        for item in catalog.table_one:
            side = "Advantage" if item.side == "advantage" else "Disadvantage"
            st.markdown(f"**{side} {item.order}. {markup.md(item.text)}**")
            if not item.evidence_ids:
                st.caption("Listed in the review's Table 1 without further data in the text.")
            evidence.evidence_cards(*item.evidence_ids)

st.header("About the source")
st.markdown(
    f"{markup.md(crlm_content.SOURCE_CITATION)} [Open the review (doi.org)]({crlm_content.SOURCE_DOI_URL})"
)
st.caption(
    f"{len(catalog.evidence)} evidence records, {len(catalog.caveats)} notes on the source, "
    f"last content review {crlm_content.LAST_CONTENT_REVIEW}."
)
state.save_url_state(K, ())
