"""Guideline comparison: the seven organisations of the review's Table 2 side by side, by topic, by year."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from crlm_app import charts, content, evidence, layout, markup, state, tables
from crlm_content import guidelines as gl
from crlm_content.figures.guidelines import guideline_timeline_figure
from crlm_content.guidelines.rows import reference_text
from crlm_content.urlstate import QueryField

STANCE = "Stance on chemotherapy before resection"  # a column of gl.timeline_rows
VIEWS = {"table": "Comparison table", "topic": "Topic view", "timeline": "Timeline"}
ALL = "all"
SITUATIONS = {ALL: "All situations", **{s.value: label for s, label in gl.SITUATION_LABELS.items()}}
TOPIC_KEYS = tuple(t.value for t in gl.Topic)

catalog = content.catalog()
data = gl.load_content(catalog)  # checked at start-up (app.py, content.catalog): kept, it cannot fail here

ORGANISATIONS = tuple(g.key for g in data.guidelines)  # the comparison table's rows, in its order
FIELDS = (
    QueryField("view", "choice", "table", choices=tuple(VIEWS)),
    QueryField("topic", "choice", gl.Topic.NEOADJUVANT_RESECTABLE.value, choices=TOPIC_KEYS),
    QueryField("situation", "choice", ALL, choices=tuple(SITUATIONS)),
    # the organisation whose row was selected: a shared link reopens the evidence behind it
    QueryField("row", "choice", None, choices=ORGANISATIONS, optional=True),
)

K = state.page_state("guidelines", FIELDS)
titles = {t.key.value: t.title for t in data.topics}

st.title("Guideline comparison", help=content.term_help("NCT", "MDT"))
st.markdown(
    "Seven organisations' guidance on chemotherapy before liver surgery, as the review's Table 2 summarises "
    "it: one table, one topic at a time, or by year. Every cell names the Table 2 evidence record behind it."
)
st.info(
    "Recommendations are **paraphrased from the review's summary**, never quoted from the guidelines "
    "(NCCN content may not be reproduced without NCCN's permission), and the stances are this app's reading "
    "of that summary. Guidelines change: check each organisation's current version.",
    icon=":material/edit_note:",
)


view_col, situation_col, topic_col = st.columns([3, 2, 3])
view_col.radio("View", list(VIEWS), key=K("view"), format_func=VIEWS.__getitem__, horizontal=True)
situation_col.selectbox(
    "Clinical situation",
    list(SITUATIONS),
    key=K("situation"),
    format_func=SITUATIONS.__getitem__,
    help=content.term_help("resectable", "unresectable", "synchronous metastases", "metachronous metastases"),
)
topic_col.selectbox(
    "Topic",
    list(TOPIC_KEYS),
    key=K("topic"),
    format_func=titles.__getitem__,
    on_change=state.set_state,  # choosing a topic opens the topic view
    args=({K("view"): "topic"},),
    help="Choosing a topic opens the topic view: what every organisation says about it, side by side.",
)
state.save_url_state(K, FIELDS)

situation = None if K["situation"] == ALL else gl.Situation(K["situation"])
where = "" if situation is None else f" ({gl.SITUATION_LABELS[situation].lower()})"


def download(table: pd.DataFrame, name: str) -> None:
    tables.csv_download("Download what is shown (CSV)", table, f"crlm_guidelines_{name}.csv")


def evidence_for(row_guideline: gl.Guideline, evidence_ids: list[str] | tuple[str, ...]) -> None:
    st.caption(
        markup.md(f"{row_guideline.name}, {row_guideline.year}. Reference: ")
        + markup.md(reference_text(catalog, row_guideline.ref))
    )
    evidence.evidence_cards(*evidence_ids)


def row_evidence(chosen: gl.Guideline, shown: Sequence[gl.TopicInfo], situation: gl.Situation | None) -> None:
    """The evidence records behind one organisation's row of the comparison."""
    ids = [
        i
        for t in shown
        for i in chosen.position(t.key).evidence_ids
        if chosen.position(t.key).applies(situation)
    ]
    if ids:
        evidence_for(chosen, list(dict.fromkeys(ids)))
    else:
        st.caption("This organisation states nothing for this situation in Table 2.")


if K["view"] == "table":
    shown = gl.shown_topics(situation, data=data)
    table = tables.shared_frame(gl.comparison_rows, situation, data=data)
    st.header("All organisations, every topic" + where)
    if situation is not None:
        st.caption(
            "Only what each organisation says for this situation is shown; topics no organisation addresses "
            "here are left out."
        )
    titles_shown = [t.title for t in shown]
    with layout.narrow_only("guidelines-comparison"):  # on a phone the grid showed its first columns only
        tables.record_list(
            gl.comparison_rows,
            situation,
            data=data,
            heading=(gl.ORGANISATION, gl.YEAR, gl.REFERENCE),
            fields={**{title: title for title in titles_shown}, gl.FULL_NAME: "Full name"},
        )
        # The phone's list has no rows to select: each row's evidence opens here instead.
        for guideline in data.guidelines:
            label = f"Evidence behind {guideline.short_name}'s row"
            if panel := layout.lazy_expander(label, key=K(f"phone_evidence_{guideline.key}")):
                with panel:
                    row_evidence(guideline, shown, situation)
    with layout.wide_only("guidelines-comparison"):
        st.dataframe(
            tables.arrow(table),
            hide_index=True,
            width="stretch",
            on_select=functools.partial(state.select_row, K, "comparison_table", "row", ORGANISATIONS),
            selection_mode="single-row",
            key=K("comparison_table"),
            placeholder="",
            row_height=tables.shared_row_height(table, [*titles_shown, gl.FULL_NAME, gl.EVIDENCE]),
            column_config={
                gl.ORGANISATION: st.column_config.TextColumn("Organisation", pinned=True, width="medium"),
                gl.FULL_NAME: st.column_config.TextColumn("Full name", width="large"),
                gl.YEAR: st.column_config.NumberColumn("Year", format="%d"),
                gl.REFERENCE: st.column_config.TextColumn("Ref.", help="The review's reference number"),
                **{
                    t.title: st.column_config.TextColumn(t.title, width="large", help=t.question)
                    for t in shown
                },
                gl.EVIDENCE: st.column_config.TextColumn(
                    "Evidence records", width="large", help="The Table 2 records the cells rest on"
                ),
            },
        )
    download(table, "table" if situation is None else f"table_{situation.value}")
    if K["row"] is not None:  # selected in the grid, or opened from a link
        chosen = data.guidelines[ORGANISATIONS.index(K["row"])]
        st.subheader(f"Evidence behind {chosen.short_name}'s row")
        row_evidence(chosen, shown, situation)
        state.close_selection_button(K, "comparison_table", "row", "Close this row's evidence")
    else:  # the phone shows a list, not the selectable grid: the hint is for the grid only
        with layout.wide_only("guidelines-select-hint"):
            st.caption(
                "Select a row to see the evidence records behind it, with their caveats and references."
            )

elif K["view"] == "topic":
    view = gl.topic_view(K["topic"], situation, data=data)
    st.header(view.topic.title + where)
    st.markdown("**" + markup.md(view.topic.question) + "**")
    for line in view.summary_lines():
        st.markdown(markup.md(line))
    st.caption(
        "Legend: "
        + " · ".join(gl.MARK_LABELS[m] for m in gl.AgreementMark)
        + " · ⚠️ a caveat where the review's text and Table 2 pull different ways. Organisations with the "
        "same stance agree; 'not stated' means Table 2 does not address it (never guessed)."
    )
    table = tables.shared_frame(gl.topic_rows, view)
    with layout.narrow_only("guidelines-topic"):
        tables.record_list(
            gl.topic_rows,
            view,
            heading=(gl.ORGANISATION, gl.YEAR, gl.REFERENCE),
            fields={
                "Agreement": "Agreement",
                "Stance": "Stance",
                "What it says": "What it says (paraphrased)",
                "Against the review's text": "Caveat",
            },
        )
    with layout.wide_only("guidelines-topic"):
        st.dataframe(
            tables.arrow(table),
            hide_index=True,
            width="stretch",
            key=K("topic_table"),
            placeholder="",  # the review's own text has no year: an empty cell, not "None"
            row_height=tables.shared_row_height(table, ["What it says"]),
            column_config={
                gl.ORGANISATION: st.column_config.TextColumn("Organisation", pinned=True, width="medium"),
                gl.YEAR: st.column_config.NumberColumn("Year", format="%d"),
                gl.REFERENCE: st.column_config.TextColumn("Ref."),
                "Agreement": st.column_config.TextColumn("Agreement", width="medium"),
                "Stance": st.column_config.TextColumn("Stance", width="medium"),
                "What it says": st.column_config.TextColumn("What it says (paraphrased)", width="large"),
                "Against the review's text": st.column_config.TextColumn(
                    "Caveat", help="Where the review's own text and Table 2 pull different ways"
                ),
                gl.EVIDENCE: st.column_config.TextColumn("Evidence records", width="medium"),
            },
        )
    download(
        table, view.topic.key.value if situation is None else f"{view.topic.key.value}_{situation.value}"
    )
    if view.topic.note:
        st.caption(f"{markup.ICON_NOTE} {markup.md(view.topic.note)}")
    if view.caveats:
        st.markdown("\n\n".join(evidence.caveat_line(caveat) for caveat in view.caveats))
    if view.review_text:
        st.markdown("**The review's own text on this topic**")
        for record in view.review_text:
            evidence.evidence_card(record)
    st.markdown("**Evidence behind each position**")
    for row in view.rows:
        scope = view.scope(row.guideline)
        label = f"{row.guideline.label}: {row.stance_label}" + (f", for {scope}" if scope else "")
        if row.stated and (panel := layout.lazy_expander(label, key=K(f"stance_{row.guideline.label}"))):
            with panel:
                evidence_for(row.guideline, row.evidence_ids)

else:
    st.header("The guidelines by year")
    st.caption(
        "Each organisation's stance on chemotherapy before resection, in the words of the table under the "
        "chart: where a stance is for synchronous or metachronous metastases only, or differs between them, "
        "both say so. The situation filter applies to the table and topic views."
    )
    charts.chart(
        guideline_timeline_figure,
        data.guidelines,
        alt=gl.timeline_alt(data.guidelines),
        key=K("guideline_timeline"),
    )
    table = tables.shared_frame(gl.timeline_rows, data.guidelines)
    with layout.narrow_only("guidelines-timeline"):
        tables.record_list(
            gl.timeline_rows,
            data.guidelines,
            heading=(gl.ORGANISATION, gl.YEAR, gl.REFERENCE),
            fields={STANCE: STANCE, gl.FULL_NAME: "Full name"},
        )
    with layout.wide_only("guidelines-timeline"):
        st.dataframe(
            tables.arrow(table),
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                gl.ORGANISATION: st.column_config.TextColumn("Organisation", pinned=True),
                gl.FULL_NAME: st.column_config.TextColumn("Full name", width="large"),
                gl.YEAR: st.column_config.NumberColumn("Year", format="%d"),
                gl.REFERENCE: st.column_config.TextColumn("Ref."),
            },
        )
    download(table, "timeline")

st.header("Notes on the source")
for guideline in data.guidelines:
    if guideline.review_name:
        st.markdown(
            f"- **{markup.md(guideline.short_name)}**: Table 2 calls it "
            f"“{markup.md(guideline.review_name)}”; "
            f"the correct name is {markup.md(guideline.name)}."
        )
topic_caveats = sorted({n for t in data.topics for n in t.caveats})
st.markdown("Where the review's text and its Table 2 pull different ways:")
for caveat in catalog.caveats:
    if caveat.number in topic_caveats:
        evidence.caveat_expander(caveat, key=K(f"caveat_{caveat.number}"))
named = {
    c.number: c
    for g in data.guidelines
    if g.review_name
    for i in g.evidence_ids
    for c in catalog.caveats_for(i)
}
for number, caveat in sorted(named.items()):
    if number not in topic_caveats:
        evidence.caveat_expander(caveat, key=K(f"caveat_{caveat.number}"), records=False)
st.caption(
    "The organisations' references: "
    + "; ".join(
        markup.md(reference_text(catalog, g.ref)) for g in {g.ref: g for g in data.guidelines}.values()
    )
    + "."
)
