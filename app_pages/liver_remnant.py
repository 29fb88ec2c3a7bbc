"""Liver remnant planner: the future liver remnant against the review's threshold for the liver condition."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, editable, evidence, inputs, markup, state
from crlm_content import tools
from crlm_content.figures.liver_remnant import flr_figure
from crlm_content.liver import (
    BSA_MAX_M2,
    BSA_MIN_M2,
    FLR_THRESHOLDS,
    FLR_VOLUME_MAX_ML,
    PLAUSIBLE_RANGES_NOTE,
    VAUTHEY_CITATION,
)
from crlm_content.tools.liver_remnant import (
    FLR_REMEASURE_ID,
    FLR_THRESHOLD_IDS,
    PVE_IDS,
    REMNANT_TOO_SMALL_IDS,
    TWO_STAGE_IDS,
    extensive_chemotherapy_note,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
CONDITIONS = tuple(tools.LIVER_CONDITION_LABELS)
SOURCES = {
    "percent": "As a percentage of total liver volume",
    "volume": "As a volume in mL, with body surface area",
}
FIELDS = (
    QueryField("flr_from", "choice", "percent", choices=tuple(SOURCES)),
    # a box emptied is kept in the link ("none", optional) and named in place, never assessed
    QueryField("flr", "float", 25.0, minimum=0, maximum=100, optional=True),
    QueryField("flr_ml", "float", 450.0, minimum=0, maximum=FLR_VOLUME_MAX_ML, optional=True),
    QueryField("bsa", "float", 1.8, minimum=BSA_MIN_M2, maximum=BSA_MAX_M2, optional=True),
    QueryField("liver", "choice", "normal", choices=CONDITIONS),
)
LABELS = {  # field key -> widget label, as the calculator's messages name it
    "flr": tools.FLR_FIELD_LABELS["flr_percent"],
    "flr_ml": tools.FLR_FIELD_LABELS["flr_volume_ml"],
    "bsa": tools.FLR_FIELD_LABELS["bsa_m2"],
}
K = state.page_state("liver_remnant", FIELDS)

st.title("Liver remnant planner", help=content.term_help("FLR", "sFLR"))
st.markdown(
    "Is the liver that will remain after resection (the future liver remnant) large enough? Enter it as a "
    "percentage, or as a volume from CT volumetry with the body surface area, and choose the condition of "
    "the liver. The review's threshold for that condition is drawn on the chart."
)

with st.container(border=True):
    st.radio(
        "How do you have the future liver remnant?",
        tuple(SOURCES),
        key=K("flr_from"),
        format_func=SOURCES.__getitem__,
        horizontal=True,
        help=content.term_help("CT volumetry", "sFLR"),
    )
    by_volume = K["flr_from"] == "volume"
    percent_col, volume_col, bsa_col = st.columns(3)
    inputs.number_input(
        LABELS["flr"],
        key=K("flr"),
        step=1.0,
        where=percent_col,
        disabled=by_volume,
        help=content.term_help("FLR", "TLV"),
    )
    inputs.number_input(
        LABELS["flr_ml"],
        key=K("flr_ml"),
        step=10.0,
        where=volume_col,
        disabled=not by_volume,
        help=content.term_help("CT volumetry"),
    )
    inputs.number_input(
        LABELS["bsa"],
        key=K("bsa"),
        step=0.05,
        where=bsa_col,
        disabled=not by_volume,
        help=content.term_help("BSA", "eTLV"),
    )
    in_use = ("flr_ml", "bsa") if by_volume else ("flr",)
    out_of_range = inputs.range_errors(K, FIELDS, {key: LABELS[key] for key in in_use})
    if by_volume:
        st.caption(markup.md(PLAUSIBLE_RANGES_NOTE))
    st.selectbox(
        "Liver condition",
        CONDITIONS,
        key=K("liver"),
        format_func=tools.LIVER_CONDITION_LABELS.__getitem__,
        help=content.term_help("steatosis", "CALI", "cirrhosis"),
    )
state.save_url_state(K, FIELDS)

condition = K["liver"]
# withheld while a box is out of range or empty, so the result never disagrees with the boxes
assessment, problems = (
    (None, [])
    if out_of_range
    else tools.assess_flr(
        source=K["flr_from"],
        flr_percent=K["flr"],
        flr_volume_ml=K["flr_ml"],
        bsa_m2=K["bsa"],
        condition=condition,
    )
)
record_id, label = tools.LIVER_CONDITION_EVIDENCE[condition]
threshold_record = catalog.get(record_id)

st.header("Result")
if out_of_range:
    st.info(inputs.WITHHELD)
elif assessment is None:
    editable.messages_box(problems, intro="The FLR cannot be assessed from these entries:")
else:
    verdict = tools.flr_verdict(assessment)
    if assessment.sufficient:
        st.success(markup.md(verdict))
    elif assessment.at_threshold:  # exactly on a '>' threshold: a matter of the sign, not a clear shortfall
        st.warning(markup.md(verdict), icon=markup.ICON_WARNING)
    else:
        st.error(markup.md(verdict))
    # Under the verdict, not under the box: the verdict stays on a projector's first screen (test_presenter).
    st.caption(markup.md(extensive_chemotherapy_note(catalog)))
    if assessment.derived:
        st.markdown(
            "**Standardized FLR (derived by this app from your entries)**", help=content.term_help("sFLR")
        )
        st.markdown("\n".join(f"- {markup.md(step)}" for step in tools.vauthey_derivation(assessment)))
        st.caption("Formula: " + markup.md(VAUTHEY_CITATION) + " (primary source, not the review).")
    threshold_value = threshold_record.value(label)
    charts.chart(
        flr_figure,
        assessment,
        source=(
            f"Threshold: {threshold_value.display()} ({evidence.source_text(threshold_record)}); "
            "FLR " + ("derived (Vauthey 2000)" if assessment.derived else "as entered")
        ),
        alt=(
            f"Horizontal bar of the FLR, "
            f"{tools.flr_shown(assessment)}, on a 0 to 100% "
            f"scale, with a solid line at the threshold for {tools.LIVER_CONDITION_PHRASES[condition]} "
            f"({assessment.rule}) and dotted lines at the "
            "other thresholds ("
            + ", ".join(
                f"{comparator} {tools.format_number(value)}%"
                for key, (value, comparator) in FLR_THRESHOLDS.items()
                if key != condition
            )
            + "). The FLR "
            + ("meets" if assessment.sufficient else "does not meet")
            + " the threshold."
        ),
    )

st.subheader("The threshold for this liver", help=content.term_help("FLR", "CALI"))
st.markdown(
    f"For {markup.md(tools.LIVER_CONDITION_PHRASES[condition])} the review asks for an FLR of "
    f"**{markup.md(threshold_record.value(label).display())}**; the record below says why the sign matters."
)
evidence.evidence_card(threshold_record)

if assessment is not None and not assessment.sufficient:
    st.header("When the remnant is too small", help=content.term_help("PVE", "two-stage hepatectomy"))
    st.markdown(
        "The review names two ways to make an insufficient remnant workable: grow the remnant before "
        "surgery with portal vein embolization, and, for extensive disease in both lobes, a two-stage "
        "resection."
    )
    evidence.evidence_cards(*PVE_IDS)
    st.markdown(
        "After embolization the remnant is measured again, usually by CT volumetry, and held to the same "
        f"threshold for {markup.md(tools.LIVER_CONDITION_PHRASES[condition])} "
        f"({markup.md(assessment.rule)}), as the decision walkthrough plans it. The review gives no target "
        "for the growth itself: neither a degree of hypertrophy nor a kinetic growth rate.",
        help=content.term_help("PVE", "CT volumetry", "hypertrophy"),
    )
    evidence.cite(catalog.get(FLR_REMEASURE_ID))
    evidence.evidence_cards(*TWO_STAGE_IDS)
else:
    evidence.evidence_expander(
        "If the remnant were too small: portal vein embolization and two-stage resection",
        REMNANT_TOO_SMALL_IDS,
        key=K("more_pve"),
    )

evidence.evidence_expander(
    "All three thresholds, and why chemotherapy raises the bar", FLR_THRESHOLD_IDS, key=K("more_thresholds")
)
