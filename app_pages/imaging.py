"""Imaging: sensitivity by study and modality, the effect of chemotherapy, what a sensitivity means."""

from __future__ import annotations

import functools

import streamlit as st

from crlm_app import charts, content, evidence, layout, markup, state, tables
from crlm_content.figures.imaging import ct_by_chemotherapy_figure, icon_array_figure, sensitivity_figure
from crlm_content.imaging import (
    INTRAOPERATIVE_ID,
    MAX_LESIONS,
    MIN_LESIONS,
    MODALITY_KEYS,
    MODALITY_LABELS,
    MRI_PREFERRED_ID,
    PET_NOT_ROUTINE_ID,
    ROW_KEYS,
    SENSITIVITY_IDS,
    STUDY_KEYS,
    ct_by_chemotherapy,
    ct_by_chemotherapy_alt,
    detection_illustration,
    icon_array_alt,
    pct,
    row_by_key,
    select_rows,
    sensitivity_alt,
    sensitivity_rows,
    sensitivity_table,
    study_label,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
ROWS = sensitivity_rows(catalog)


VIEWS = {"compare": "Compare studies", "chemo": "After chemotherapy"}

FIELDS = (
    QueryField("studies", "multi", list(STUDY_KEYS), choices=STUDY_KEYS),
    QueryField("modalities", "multi", list(MODALITY_KEYS), choices=MODALITY_KEYS),
    QueryField("view", "choice", "compare", choices=tuple(VIEWS)),
    QueryField("n", "int", 10, minimum=MIN_LESIONS, maximum=MAX_LESIONS),
    QueryField("example", "choice", "meta-mri", choices=ROW_KEYS),
)
K = state.page_state("imaging", FIELDS)

st.title("Imaging: how sensitive is each test?", help=content.term_help("sensitivity"))
st.markdown(
    "How often each imaging test found colorectal liver metastases, in the three studies the review quotes. "
    "Each figure stays with its own study and is never averaged with another study's figures."
)

layout.unclipped_multiselect(K("modalities"))  # every modality chip whole on a 390 px phone
c1, c2, c3 = st.columns([2, 3, 2])
c1.multiselect(
    "Studies", STUDY_KEYS, key=K("studies"), format_func=functools.partial(study_label, catalog), wrap=True
)
c2.multiselect(
    "Modalities",
    MODALITY_KEYS,
    key=K("modalities"),
    format_func=MODALITY_LABELS.__getitem__,
    help=content.term_help("CE-IOUS", "PET-CT"),
    wrap=True,
)
c3.radio("View", tuple(VIEWS), key=K("view"), format_func=VIEWS.__getitem__)

st.header(VIEWS[K["view"]])
chart_col, points_col = st.columns([2, 1], gap="medium")

with chart_col:
    if K["view"] == "compare":
        shown = select_rows(ROWS, studies=K["studies"], modalities=K["modalities"])
        if shown:
            charts.chart(sensitivity_figure, shown, alt=sensitivity_alt(shown), key=K("sensitivity_chart"))
            if panel := layout.lazy_expander("The figures behind the chart", key=K("figures_behind")):
                with panel:
                    with layout.narrow_only("imaging-figures"):  # a phone's grid hid the sensitivities
                        tables.record_list(
                            sensitivity_table,
                            shown,
                            heading=("study", "modality"),
                            fields={
                                "setting": "Setting",
                                "sensitivity (%)": "Sensitivity (%)",
                                "refs": "References",
                            },
                        )
                    with layout.wide_only("imaging-figures"):
                        st.dataframe(
                            tables.arrow(tables.shared_frame(sensitivity_table, shown)),
                            hide_index=True,
                            width="stretch",
                        )
                    evidence.evidence_cards(*SENSITIVITY_IDS)
        else:
            st.info("No figure for this choice. Choose at least one study and one of its modalities.")
    else:
        comparison = ct_by_chemotherapy(catalog)
        st.subheader("CT after chemotherapy")
        charts.chart(
            ct_by_chemotherapy_figure,
            comparison,
            alt=ct_by_chemotherapy_alt(comparison),
            key=K("ct_by_chemotherapy_chart"),
        )
        review_all = markup.md(pct(comparison.review_all))
        review_after = markup.md(pct(comparison.review_after))
        st.markdown(
            f"The review quotes CT at {review_after} after chemotherapy, beside {review_all} in its "
            f"comparison with MRI. That {review_all} counts all the study's patients, and the primary "
            f"paper's abstract does not give the {review_after}: the two are not a before-and-after pair, so "
            "no fall is computed from them. The chart shows the primary's own comparison instead "
            f"(caveat {comparison.caveat})."
        )
        evidence.cite(catalog.get(comparison.review_all_id))
        evidence.evidence_cards(comparison.evidence_id, comparison.review_after_id)
        st.subheader("PET after chemotherapy")
        st.markdown(
            "The review gives no figure for PET before and after chemotherapy. It reports only that, in the "
            "pooled analysis, chemotherapy strongly affected how accurate PET and PET-CT were:"
        )
        evidence.evidence_card(catalog.get(MRI_PREFERRED_ID))

with points_col:
    st.subheader("Teaching points")
    st.markdown("**In the neoadjuvant setting, MRI is the test of choice.**")
    st.caption(
        "After chemotherapy, the authors of the pooled analysis judged MRI the most suitable test before "
        "surgery."
    )
    evidence.cite(catalog.get(MRI_PREFERRED_ID))
    st.markdown("**PET is not for routine staging, but may find hidden disease outside the liver.**")
    evidence.cite(catalog.get(PET_NOT_ROUTINE_ID))
    intraop = catalog.get(INTRAOPERATIVE_ID)
    ce_ious = intraop.value("contrast-enhanced IOUS sensitivity").display()
    st.markdown(
        f"**At surgery, contrast-enhanced IOUS was the most sensitive method ({markup.md(ce_ious)}).**"
    )
    evidence.cite(intraop)

st.header("What a sensitivity means")
st.markdown(
    "Pick one figure and a number of true lesions: the icon array shows how many a test with that "
    "sensitivity would be expected to find and to miss."
)
e1, e2 = st.columns([3, 2])
EXAMPLE_LABELS = {k: row_by_key(ROWS, k).choice_label for k in ROW_KEYS}
e1.selectbox("Sensitivity figure", ROW_KEYS, key=K("example"), format_func=EXAMPLE_LABELS.__getitem__)
e2.slider("True lesions (N)", MIN_LESIONS, MAX_LESIONS, key=K("n"))
state.save_url_state(K, FIELDS)

row = row_by_key(ROWS, K["example"])
illustration = detection_illustration(K["n"], row.sensitivity)
charts.chart(
    icon_array_figure, illustration, row=row, alt=icon_array_alt(illustration, row), key=K("icon_array")
)
st.markdown(
    f":blue-badge[derived] **{markup.md(illustration.arithmetic())}**  \n"
    f"Inputs: N = {illustration.true_lesions} (your choice) and sensitivity "
    f"{markup.md(row.long_label)}. Expected counts are N x sensitivity, {illustration.rounding_rule}."
)
evidence.cite(catalog.get(row.evidence_id))
st.caption(
    "This is arithmetic, not a prediction for any patient. The review does not say whether each sensitivity "
    "counts lesions or patients; the illustration treats it as the share of lesions found."
)
