"""Sources: every Evidence record, searchable and filterable, with CSV download; the reference list."""

from __future__ import annotations

import functools

import streamlit as st

from crlm_app import content, evidence, layout, state, tables
from crlm_app.markup import md
from crlm_content.models import SECTION_TITLES
from crlm_content.search import (
    EvidenceFilter,
    PartialMatch,
    all_entities,
    all_refs,
    closest_matches,
    evidence_rows,
    filter_evidence,
    filtered_rows,
    reference_rows,
    suggestions,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
sections = [s for s in SECTION_TITLES if any(r.section == s for r in catalog.evidence)]
kinds = sorted({r.kind for r in catalog.evidence})

TABS = ("Evidence", "Notes on the source", "References")
FIELDS = (
    QueryField("q", "text", "", max_length=100),
    QueryField("section", "multi", [], choices=tuple(sections)),
    QueryField("kind", "multi", [], choices=tuple(kinds)),
    QueryField("ref", "multi", [], int_choices=tuple(all_refs(catalog))),
    QueryField("entity", "multi", [], choices=tuple(all_entities(catalog))),
    QueryField("caveats", "bool", False),
    QueryField("tab", "choice", TABS[0], choices=TABS),
    # the record a selected row opened: a shared link reopens its card
    QueryField("record", "choice", None, choices=tuple(r.id for r in catalog.evidence), optional=True),
)
K = state.page_state("sources", FIELDS)
PHONE_RECORDS = 40  # records listed on a phone (a grid there showed only its first columns)

REFERENCE_LINK = "sources?tab=References&ref={}"  # a reference number in the phone's list opens its entry
RECORD_LINK = "sources?q={0}&record={0}"  # a record in the phone's list opens alone, with its card under it
FILTERS = ("section", "kind", "ref", "entity", "caveats")
PARTIAL_LABEL = (
    "**Closest matches (partial)**: no record has every word of the search; these have the most of its main "
    "words (words such as when, should or than are not counted)."
)

st.title("Sources and evidence")
st.markdown(
    "Every claim of the review as a record: our paraphrase, its figures, and the review's reference numbers. "
    "Search or filter them, then read a record in full: on a wide screen select its row; on a phone (and in "
    "presenter mode) each record is listed with what its reference numbers stand for and a link that opens "
    "it in full. Download what is shown as CSV."
)


def count_line(found: int) -> None:
    """How many records are found; where the phone's list is cut, the phone's line says how many it lists
    (it said "112 of 190 records shown" over a list of 40) and how to see others: the list does not say it
    again at its foot."""
    total = len(catalog.evidence)
    if found <= PHONE_RECORDS:
        st.markdown(f"**{found}** of {total} records shown.")
        return
    with layout.wide_only("sources-count"):  # the grid lists them all
        st.markdown(f"**{found}** of {total} records shown.")
    with layout.narrow_only("sources-count"):  # the phone's and the projector's list stops at PHONE_RECORDS
        st.markdown(
            f"**{found}** of {total} records found; the first {PHONE_RECORDS} are listed below: search or "
            "filter to see others."
        )


def partial_list(partial: tuple[PartialMatch, ...], present: str) -> None:
    """Records with most of the words of a search that none has whole (a question typed as a sentence),
    each saying which of its main words it lacks (none: no line): labelled as partial matches, not results."""
    rows = evidence_rows(catalog, [match.record for match in partial])
    for row, match in zip(rows, partial, strict=True):
        row["lacks"] = ", ".join(match.lacks)
    st.markdown(PARTIAL_LABEL)
    st.markdown(
        tables.record_list_text(
            rows,
            ("source",),
            (("lacks", "Lacks"), ("statement", "Statement"), ("values", "Figures"), ("caveat", "Caveat")),
            refs=("reference_labels", REFERENCE_LINK + present),
            open_link=("id", RECORD_LINK + present, "Open this record in full, with its caveats"),
        )
    )


def evidence_tab() -> None:
    """Search and filter the records: the count and the results right under the search box, the filters
    folded away (on a phone they pushed the results below the fold); select a row to read it in full."""
    st.text_input(
        "Search the evidence", key=K("q"), placeholder="e.g. bevacizumab, 7.5, PROMETEO", max_chars=100
    )
    query = EvidenceFilter(
        text=K["q"],
        sections=frozenset(K["section"]),
        kinds=frozenset(K["kind"]),
        refs=frozenset(K["ref"]),
        entities=frozenset(K["entity"]),
        caveats_only=K["caveats"],
    )
    records = filter_evidence(catalog, query)
    count_line(len(records))
    present = "&present=1" if state.presenting() else ""
    if not records:
        st.info("No record matches these filters. Clear the search or a filter to see more.")
        if close := suggestions(catalog, query):
            st.markdown("Did you mean:")
            with st.container(horizontal=True):
                for number, text in enumerate(close):
                    st.button(
                        md(text),
                        key=K(f"suggestion_{number}"),
                        on_click=state.set_state,
                        args=({K("q"): text},),
                    )
        if partial := closest_matches(catalog, query):
            partial_list(partial, present)

    active = sum(1 for name in FILTERS if K[name])
    label = "Filter by section, kind, reference, trial or caveat" + (f" ({active} on)" if active else "")
    with st.expander(label, expanded=bool(active), key=K("filters")):
        st.toggle("Only records with a caveat", key=K("caveats"))
        f1, f2 = st.columns(2)
        f1.multiselect(
            "Section", sections, key=K("section"), format_func=SECTION_TITLES.__getitem__, wrap=True
        )
        f2.multiselect("Kind", kinds, key=K("kind"), wrap=True)
        f3, f4 = st.columns(2)
        f3.multiselect("Reference number", all_refs(catalog), key=K("ref"), wrap=True)
        f4.multiselect("Trial, drug, modality or score", all_entities(catalog), key=K("entity"), wrap=True)
    if not records:
        return

    table = tables.shared_frame(
        filtered_rows,
        catalog,
        query,
        columns=(
            "id",
            "section",
            "statement",
            "values",
            "source",
            "entities",
            "kind",
            "caveat",
            "note",
            "refs",
        ),
    )
    with layout.narrow_only("sources-evidence"):  # on a phone the grid showed its first columns only
        tables.record_list(
            filtered_rows,
            catalog,
            query,
            PHONE_RECORDS,  # the first of them, with no line at the foot: the count line says it
            heading=("source",),
            fields={"statement": "Statement", "values": "Figures", "caveat": "Caveat", "note": "Note"},
            # the projector shows this list too (presenter mode): its links keep presenter mode
            refs=("reference_labels", REFERENCE_LINK + present),
            # what selecting a grid row opens, in full: searched by its id, so the card sits under it
            open_link=("id", RECORD_LINK + present, "Open this record in full, with its caveats"),
        )
    with layout.wide_only("sources-evidence"):
        st.dataframe(
            tables.arrow(table, ("statement", "values", "source", "section", "caveat", "id")),
            hide_index=True,
            width="stretch",
            on_select=functools.partial(
                state.select_row, K, "evidence_table", "record", [r.id for r in records]
            ),
            selection_mode="single-row",
            key=K("evidence_table"),
            placeholder="",
            column_config={
                "statement": st.column_config.TextColumn("Statement", width="large"),
                "values": st.column_config.TextColumn("Figures", width="medium"),
                "source": st.column_config.TextColumn("Source", help="The review's reference numbers"),
                "section": st.column_config.TextColumn("Section of the review"),
                "caveat": st.column_config.TextColumn("Caveat", help="A known problem of the review"),
                "id": st.column_config.TextColumn("Record id"),
            },
        )
    tables.csv_download("Download these records (CSV)", table, "crlm_evidence.csv")
    if K["record"] is not None and K["record"] not in {r.id for r in records}:
        K["record"] = None  # a record the search or filters no longer list: its card goes with it
    if K["record"] is not None:  # selected in the grid, or opened from a link
        evidence.evidence_card(catalog.get(K["record"]), show_section=True)
        state.close_selection_button(K, "evidence_table", "record", "Close this record")
    else:  # the phone shows a list, not the selectable grid: the hint is for the grid only
        with layout.wide_only("sources-select-hint"):
            st.caption(  # the grid's keys: Space and Enter do nothing on a row, Shift+Space selects it
                "Select a row to see the record in full, with its caveats and teaching note (with the "
                "keyboard: Tab into the table, arrow keys to the row, then Shift+Space)."
            )


def notes_tab() -> None:
    """Where the review is wrong or inconsistent, and what the app follows."""
    st.markdown(
        "Where the review is wrong or inconsistent, the app follows the primary source and says so. "
        "Each note is shown as a caveat badge on the records it concerns."
    )
    for caveat in catalog.caveats:
        evidence.caveat_expander(caveat, key=K(f"caveat_{caveat.number}"))


def references_tab() -> None:
    """The reference list, with identifiers only where verified; the link's ``ref`` shows only those."""
    st.caption(
        "The review's reference numbers cited by the content. A PMID or DOI is shown only where it was "
        "verified in a public record; otherwise the study name and year, or only the number."
    )
    st.multiselect(
        "Show only reference number", all_refs(catalog), key=K("ref"), wrap=True, placeholder="All references"
    )
    chosen = frozenset(K["ref"])
    with layout.narrow_only("sources-references"):
        tables.record_list(
            reference_rows,
            catalog,
            chosen,
            heading=("study",),  # the study's label starts with its number ("[69] PROMETEO-01 ...")
            fields={"journal": "Journal", "PMID": "PMID", "DOI link": "DOI", "records": "Records citing it"},
        )
    with layout.wide_only("sources-references"):
        st.dataframe(
            tables.arrow(tables.shared_frame(reference_rows, catalog, chosen)),
            hide_index=True,
            width="stretch",
            placeholder="",  # no verified DOI: an empty cell, not "None"
            column_config={
                "number": st.column_config.NumberColumn("No.", format="%d"),
                "study": st.column_config.TextColumn("Study", width="large"),
                "DOI link": st.column_config.LinkColumn("DOI", display_text=r"https://doi.org/(.*)"),
                "records": st.column_config.NumberColumn("Records citing it", format="%d"),
            },
        )


layout.run_open_tab(
    TABS, (evidence_tab, notes_tab, references_tab), key=K("tab")
)  # only the open tab is built
state.save_url_state(K, FIELDS)  # after the tabs: the open tab's widgets have set their fields by now
