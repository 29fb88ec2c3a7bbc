"""Response assessment: RECIST 1.1 from target lesions, CT morphologic response (Chun criteria), Figure 1."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, editable, evidence, layout, markup, state
from crlm_content import table_limits, tools
from crlm_content.figures.response import recist_sums_figure
from crlm_content.response import (
    CHUN_CITATION,
    FIGURE_1_NOTE,
    MORPHOLOGIC_GROUP_DESCRIPTIONS,
    NODE_NAMES,
    RECIST_BASELINE_VS_NADIR_NOTE,
    RECIST_CITATION,
    RECIST_SCOPE_NOTE,
    morphologic_response,
)
from crlm_content.tools.response import (
    FIGURE_1_CASE_ID,
    FIGURE_1_RESPONSE_ID,
    MORPHOLOGIC_IDS,
    RECIST_FALLS_SHORT_IDS,
    grade_targets,
    node_reading,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
figure_1 = catalog.get(FIGURE_1_RESPONSE_ID)
figure_1_case = catalog.get(FIGURE_1_CASE_ID)
FIGURE_1_TARGETS = tools.figure_1_targets(catalog)
GROUPS = ("3", "2", "1")
TABS = ("RECIST 1.1", "CT morphologic response", "Why RECIST falls short")
FIELDS = (
    QueryField("targets", "text", "liver:35/20/22,lung:12/10/10", max_length=300),
    QueryField("new", "bool", False),
    QueryField("chun_before", "choice", "3", choices=GROUPS),
    QueryField("chun_after", "choice", "1", choices=GROUPS),
    QueryField("tab", "choice", TABS[0], choices=TABS),
)
K = state.page_state("response_assessment", FIELDS)


GROUP_LABELS = {group: f"Group {group}: {MORPHOLOGIC_GROUP_DESCRIPTIONS[int(group)]}" for group in GROUPS}


st.title("Response assessment", help=content.term_help("RECIST", "morphologic response"))
st.markdown(
    "Grade a response to chemotherapy two ways: by size (RECIST 1.1, from the target lesions' diameters) and "
    "by appearance on CT (the morphologic criteria of Chun). Then see why size alone misleads in liver "
    "metastases."
)


def recist_tab() -> None:
    """RECIST 1.1 from the target lesions entered, and the Figure 1 example."""
    before_cm = figure_1.value("maximum diameter before chemotherapy").display()
    after_cm = figure_1.value("maximum diameter after chemotherapy").display()
    st.button(
        f"Load the review's Figure 1 patient ({before_cm} to {after_cm})",
        key=K("load_figure_1"),
        on_click=editable.load_table,
        args=(K("targets"), FIGURE_1_TARGETS),
        help=(
            "One liver metastasis measured before and after "
            f"{figure_1_case.value('chemotherapy cycles').display()} of chemotherapy (the review's Figure 1)."
        ),
    )
    st.caption(
        "One row per target lesion, longest diameter in mm (short axis for a lymph node: an organ name with "
        f"{NODE_NAMES} marks one): at baseline, at "
        "the nadir (the assessment with the smallest sum so far; the baseline if there was none), and now. "
        "Up to 5 "
        "targets, at most 2 per organ. Add or delete rows in the table."
    )
    records = editable.editable_table(
        K("targets"),
        parse=tools.parse_targets_param,
        encode=tools.encode_targets,
        # The diameters are text cells, read by validate_targets: the grid's number cells read "2,5" as 25.
        columns={"organ": "string", "baseline": "string", "nadir": "string", "now": "string"},
        # Short headings and small columns: on a phone "Now (mm)" was past the grid's edge (the caption and
        # each heading's help say mm).
        column_config={
            "organ": st.column_config.TextColumn(
                tools.TARGET_LABELS["organ"], max_chars=tools.ORGAN_MAX_LENGTH, width="small"
            ),
            **{
                key: editable.number_column(
                    heading, width="small", help=f"{tools.TARGET_LABELS[key]}: longest diameter."
                )
                for key, heading in (("baseline", "Baseline"), ("nadir", "Nadir"), ("now", "Now"))
            },
        },
        alt="Target lesions: organ and diameters in mm at baseline, at the nadir and now",
        limit=table_limits.TARGETS,
    )
    st.checkbox(
        "A new lesion has appeared",
        key=K("new"),
        help=content.term_help("progressive disease") + "\n\nAny new lesion is PD.",
    )

    for note in tools.organ_name_notes(records):  # names that may be one organ: said, not refused
        st.warning(markup.md(note), icon=markup.ICON_WARNING)
    sums, problems = tools.validate_targets(records)
    if sums is None:
        editable.messages_box(problems, intro="The table needs fixing before a response can be graded:")
    else:
        result = grade_targets(sums, new_lesions=K["new"])
        layout.announce("recist", f"RECIST 1.1: {tools.RECIST_CATEGORY_NAMES[result.category]}.")
        st.header(
            f"RECIST 1.1: {tools.RECIST_CATEGORY_NAMES[result.category]}",
            help=content.term_help(
                "complete response", "partial response", "stable disease", "progressive disease"
            ),
        )
        st.markdown(markup.md(result.explanation))
        st.markdown(markup.md(node_reading(sums)))  # the reading the category rests on, in words
        # From the exact sums, never rounded across -30%, +20% or +5 mm: the explanation's texts
        from_baseline, from_nadir_percent, from_nadir_mm = tools.recist_change_texts(sums)
        row = st.container(horizontal=True)  # the three sums in one block (columns would send four)
        baseline_mm, nadir_mm, now_mm = tools.recist_sum_texts(sums)  # never rounded across a rule's line
        row.metric("Sum at baseline", f"{baseline_mm} mm")
        row.metric("Sum at nadir", f"{nadir_mm} mm")
        row.metric(
            "Sum now",
            f"{now_mm} mm",
            delta=from_baseline + " vs baseline",
            # grey: a green fall from baseline sat under "Progressive disease", judged from the nadir
            delta_color="off",
        )
        from_nadir = "undefined (nadir 0 mm)" if from_nadir_percent is None else from_nadir_percent
        st.caption(
            f"Derived by this app from the table: change from baseline {from_baseline}, "
            f"change from the nadir {from_nadir} ({from_nadir_mm} mm)."
        )
        boundaries = tools.sums_boundaries(sums)
        pr_text, pd_text = tools.recist_boundary_texts(sums, boundaries)
        charts.chart(
            recist_sums_figure,
            sums,
            boundaries,
            source="Rules: RECIST 1.1, Eisenhauer 2009 (primary source); sums derived from the table",
            alt=(
                "Bar chart of the sum of target diameters: "
                f"baseline {baseline_mm} mm, nadir {nadir_mm} mm, now {now_mm} mm. "
                f"A dashed line marks {pr_text}; "
                + (
                    f"no PD line: {pd_text} (whatever its size)."
                    if boundaries.complete_at_nadir
                    else f"a dotted line marks {pd_text}."
                )
            ),
        )
    st.info("**Baseline or nadir?** " + markup.md(RECIST_BASELINE_VS_NADIR_NOTE))
    st.caption(
        f"Rules from the primary source, not the review: {markup.md(RECIST_CITATION)}. "
        f"{markup.md(RECIST_SCOPE_NOTE)}"
    )

    st.header("Worked example: the review's Figure 1", help=content.term_help("RECIST", "partial response"))
    st.markdown(
        f"The legend reports a partial RECIST response for a fall from {before_cm} to {after_cm}. Load the "
        "patient with the button above and see which category RECIST 1.1 gives."
    )
    evidence.evidence_card(figure_1)
    if K.get("targets") == FIGURE_1_TARGETS:
        st.warning(markup.md(FIGURE_1_NOTE))


def morphologic_tab() -> None:
    """The Chun criteria: groups before and after chemotherapy."""
    st.info(  # the name clash is explained once, by the [66] record and its caveat at the foot of this tab
        "**These are Chun's CT morphologic criteria [65]**, not the review's \"mRECIST\" [66]: see the last "
        "record below."
    )
    before_col, after_col = st.columns(2)
    before_col.selectbox(
        "Appearance before chemotherapy",
        GROUPS,
        key=K("chun_before"),
        format_func=GROUP_LABELS.__getitem__,
        help=content.term_help("hypoattenuating", "tumour-liver interface"),
    )
    after_col.selectbox(
        "Appearance after chemotherapy",
        GROUPS,
        key=K("chun_after"),
        format_func=GROUP_LABELS.__getitem__,
        help=content.term_help("hypoattenuating", "tumour-liver interface"),
    )
    morphology = morphologic_response(before=int(K["chun_before"]), after=int(K["chun_after"]))
    st.header(
        {
            "optimal": "Optimal morphologic response",
            "incomplete": "Incomplete morphologic response",
            "none": "No morphologic response",
            "outside_criteria": "Outside the Chun categories",
        }[morphology.category]
    )
    st.markdown(markup.md(morphology.explanation))
    residual = morphology.reported_median_residual_tumour_percent
    if residual is not None:
        st.markdown(
            f"Reported median residual tumour for this category: **{residual}%** "
            "(Chun 2009, primary source, not the review)."
        )
    st.caption(markup.md(morphology.caution))
    st.caption("Source: " + markup.md(CHUN_CITATION) + ".")
    evidence.evidence_cards(*MORPHOLOGIC_IDS)


def why_tab() -> None:
    """Why size-based RECIST falls short in liver metastases."""
    evidence.evidence_cards(*RECIST_FALLS_SHORT_IDS)


layout.run_open_tab(TABS, (recist_tab, morphologic_tab, why_tab), key=K("tab"))  # only the open tab is built
state.save_url_state(K, FIELDS)  # after the tabs: each tab's widgets have set their fields by now
