"""Regimens, biologics and liver injury: the backbone regimens, which biologic for which tumour in which
setting (the walkthrough's own regimen step), the liver injury of each drug, and the molecular markers."""

from __future__ import annotations

import streamlit as st

from crlm_app import content, evidence, layout, markup, state, tables
from crlm_content import cases, memo
from crlm_content import regimens as rg
from crlm_content.tools.liver_remnant import LIVER_CONDITION_EVIDENCE as FLR_THRESHOLD
from crlm_content.urlstate import QueryField

catalog = content.catalog()
TABS = ("Backbone regimens", "Biologics by tumour and setting", "Liver injury", "Molecular markers")
PROFILES = tuple(p.value for p in rg.Profile)
SETTINGS = tuple(s.value for s in rg.Setting)
FIELDS = (
    QueryField("tab", "choice", TABS[0], choices=TABS),
    QueryField("profile", "choice", PROFILES[0], choices=PROFILES),
    QueryField("setting", "choice", SETTINGS[1], choices=SETTINGS),
)
K = state.page_state("regimens", FIELDS)

st.title(
    "Regimens, biologics and liver injury", help=content.term_help("chemotherapy backbone", "biologic agent")
)
st.markdown(
    "Which chemotherapy, with which antibody, for which tumour, and at what cost to the liver that the "
    "surgeon will leave behind. The biologics matrix is computed by the decision walkthrough's own regimen "
    "step, so this page and the walkthrough always agree."
)


def value(record_id: str, label: str) -> str:
    """A record's value as displayed, escaped for markdown."""
    return markup.md(catalog.get(record_id).value(label).display())


def backbone_tab() -> None:
    st.markdown(
        "First-line chemotherapy is mostly built on fluorouracil (or its oral form, capecitabine) with "
        "oxaliplatin, irinotecan or both; NCCN also lists capecitabine alone or 5-FU with leucovorin before "
        f"resection of metachronous metastases {evidence.ref_links(catalog, [rg.NCCN_REGIMENS_ID])}. "
        "The four combinations the review lists from NCCN:"
    )
    tables.markdown_table(
        rg.backbone_rows,
        columns={"regimen": "Regimen", "drugs": "Drugs", "injury": "Liver injury the review links to a drug"},
    )
    st.markdown(
        "Drugs as the review names them "
        + evidence.ref_links(catalog, rg.BACKBONES_EVIDENCE)
        + "; the injuries from its rationale section (see the Liver injury tab). The review names no injury "
        "for capecitabine or leucovorin. XELOX in the review's text is CAPOX in its Table 2 and Figure 2 "
        "(caveat 11)."
    )
    evidence.evidence_cards(*rg.BACKBONE_IDS)
    evidence.evidence_expander(
        "Triplet or doublet before surgery: the conversion evidence",
        rg.TRIPLET_IDS,
        key=K("more_triplet"),
    )


def matrix_tab() -> None:
    st.markdown(
        "What the walkthrough offers with the chemotherapy backbone, for five tumour profiles in three "
        "settings. Each cell is the walkthrough's regimen step run for a representative patient of that "
        "profile in that setting (a unit test checks every cell against the walkthrough)."
    )
    tables.markdown_table_or_cards(
        "regimens-matrix", rg.matrix_rows, columns=rg.matrix_columns(), heading=(rg.PROFILE,)
    )
    st.caption(
        "Resectable: liver-only disease that can be removed, with chemotherapy planned around surgery. "
        "Conversion: liver disease that cannot be removed yet. Unresectable (systemic): disease outside the "
        "liver that cannot be removed. 'Not offered' means the walkthrough does not offer it for this "
        "profile."
    )
    left, right = st.columns(2)
    left.selectbox(
        "Tumour profile",
        PROFILES,
        key=K("profile"),
        format_func=rg.PROFILE_LABELS.__getitem__,  # StrEnum keys: a value string finds its label
        help=content.term_help("RAS", "BRAF", "dMMR", "MSI-H"),
    )
    right.selectbox(
        "Setting",
        SETTINGS,
        key=K("setting"),
        format_func=rg.SETTING_LABELS.__getitem__,
        help=content.term_help("resectable", "conversion therapy", "systemic therapy"),
    )
    cell = memo.cached(rg.cell, rg.Profile(K["profile"]), rg.Setting(K["setting"]))
    with st.container(border=True):
        st.markdown(f"**{markup.md(cell.finding)}** {markup.md(cell.text)}.")
        st.markdown(markup.md(cell.reasoning) + " " + evidence.ref_links(catalog, cell.evidence_ids))
        state.page_link(
            "app_pages/decision_walkthrough.py",
            label="Open this patient in the walkthrough",
            icon=":material/open_in_new:",
            query_params=cases.walkthrough_params(rg.representative_patient(cell.profile, cell.setting)),
        )
    evidence.evidence_expander(
        f"The evidence for this cell ({len(cell.evidence_ids)} records)",
        cell.evidence_ids,
        key=K("cell_evidence"),
    )
    st.subheader("Where the review is silent")
    st.markdown("\n".join(f"- **{topic}**: {text}" for topic, text in rg.REVIEW_SILENT))
    st.subheader(
        "Anti-EGFR antibodies", help=content.term_help("anti-EGFR antibody", "cetuximab", "panitumumab")
    )
    evidence.evidence_cards(*rg.ANTI_EGFR_IDS)
    evidence.evidence_expander(
        "COIN, New EPOC's design, and the KRAS wild-type trials",
        rg.ANTI_EGFR_MORE_IDS,
        key=K("more_egfr"),
    )
    st.subheader("Bevacizumab", help=content.term_help("bevacizumab", "VEGF"))
    evidence.evidence_cards(*rg.BEVACIZUMAB_IDS)
    evidence.evidence_expander(
        "BECOME's survival, and the trials still running (PERIMAX, CHARTA)",
        rg.BEVACIZUMAB_MORE_IDS,
        key=K("more_bevacizumab"),
    )
    st.markdown(
        "**When to stop it before surgery.** The review reports bevacizumab as safe before liver surgery "
        "with an interval from the last dose of "
        f"**{value(rg.BEVACIZUMAB_SAFETY_ID, 'interval from bevacizumab to surgery')}**, and in practice "
        "it is often left out of the last cycle. " + evidence.ref_links(catalog, rg.BEVACIZUMAB_STOP_IDS)
    )
    evidence.evidence_cards(*rg.BEVACIZUMAB_STOP_IDS)
    state.page_link(
        "app_pages/treatment_timing.py",
        label="Plan the weeks in the timing planner",
        icon=":material/calendar_month:",
    )
    st.subheader("Immunotherapy", help=content.term_help("immune checkpoint inhibitor", "pembrolizumab"))
    evidence.evidence_cards(*rg.IMMUNOTHERAPY_IDS)
    st.caption("Immunotherapy before surgery is on the Surgery and alternatives page.")


def injury_tab() -> None:
    st.markdown(
        "Chemotherapy-associated liver injury (CALI) differs by drug. What the review says of each, and what "
        "it means for the liver left after resection:"
    )
    tables.markdown_table_or_cards(
        "regimens-injury",
        rg.liver_injury_rows,
        catalog,
        columns={"agent": "Drug", "injury": "Injury", "consequence": "What it means", "source": "Source"},
        heading=("agent",),
    )
    for injury in rg.LIVER_INJURY:
        evidence.evidence_card(catalog.get(injury.evidence_id))
    st.subheader("For the remnant", help=content.term_help("FLR", "CALI"))
    st.markdown(
        "An injured liver needs a larger remnant: "
        f"**{value(*FLR_THRESHOLD['normal'])}** of the total liver volume for a "
        "normal liver, "
        f"**{value(*FLR_THRESHOLD['chemotherapy_or_steatosis'])}** after "
        "extensive chemotherapy or with marked steatosis, and "
        f"**{value(*FLR_THRESHOLD['cirrhosis'])}** with cirrhosis. How much chemotherapy "
        "is 'extensive' the review does not say. "
        + evidence.ref_links(
            catalog, list(dict.fromkeys(record_id for record_id, _ in FLR_THRESHOLD.values()))
        )
    )
    evidence.evidence_cards(*rg.REMNANT_IDS)
    state.page_link(
        "app_pages/liver_remnant.py",
        label="Check a remnant in the remnant planner",
        icon=":material/pie_chart:",
    )
    st.subheader(
        "For surgery", help=content.term_help("hepatic atrophy", "postoperative liver insufficiency")
    )
    st.markdown(
        "Longer is not better: after "
        f"**{value(rg.NINE_CYCLES_ID, 'number of NCT cycles')}** of FOLFOX (with or without "
        "bevacizumab) there were no more major or complete pathologic responses, but more liver "
        "insufficiency and sinusoidal injury; extensive chemotherapy can also shrink the liver. Whether "
        "chemotherapy adds complications at all is disputed. "
        + evidence.ref_links(catalog, [rg.NINE_CYCLES_ID])
    )
    evidence.evidence_cards(*rg.LONGER_COURSE_IDS)
    evidence.evidence_expander(
        "Does chemotherapy before surgery add complications? Two answers",
        rg.COMPLICATIONS_DEBATE_IDS,
        key=K("more_complications"),
    )
    state.page_link(
        "app_pages/surgery.py",
        label="Duration and interval: the Surgery page",
        icon=":material/surgical:",
    )


def markers_tab() -> None:
    st.markdown(
        "The tumour's genes decide the biologic and carry prognosis. Each figure is labelled by group; blank "
        "where the review gives no figure for that group."
    )
    tables.markdown_table_or_cards(
        "regimens-markers",
        rg.marker_rows,
        catalog,
        columns={
            "marker": "Marker",
            "measure": "Measure",
            "mutant": "Mutant",
            "wild_type": "Wild-type",
            "source": "Source",
        },
        heading=("marker", "measure"),
    )
    st.caption(
        "5-year DSS: the review writes this pair in wild-type-first order after naming the mutant group "
        "first (caveat 4); the table gives each figure its group. RFS by mutation: the wild-type group is "
        "KRAS and BRAF wild-type in both rows."
    )
    evidence.evidence_cards(*rg.MARKER_RECORDS)
    evidence.evidence_expander(
        "Molecular markers in risk scores",
        rg.MARKER_SCORE_IDS,
        key=K("more_markers"),
    )


state.save_url_state(K, FIELDS)
evidence.evidence_expander(
    "Chemotherapy before surgery: why it is still debated",
    rg.NCT_DEBATE_IDS,
    key=K("why_debated"),
)
layout.run_open_tab(TABS, (backbone_tab, matrix_tab, injury_tab, markers_tab), key=K("tab"))
