"""Surgery and alternatives: margins, the liver remnant with PVE and two-stage resection, how long and how
close to surgery chemotherapy can run, and treatments besides systemic chemotherapy (immunotherapy, HAI,
TACE)."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, evidence, layout, markup, state, tables
from crlm_content import surgery as sg
from crlm_content.figures.surgery import SYNCHRONOUS_OS_RECORD, synchronous_os_alt, synchronous_os_figure
from crlm_content.tools.liver_remnant import LIVER_CONDITION_EVIDENCE as FLR_THRESHOLD
from crlm_content.urlstate import QueryField

catalog = content.catalog()
TABS = ("Margins", "Remnant and two-stage resection", "Timing and duration", "Alternatives")
FIELDS = (QueryField("tab", "choice", TABS[0], choices=TABS),)
K = state.page_state("surgery", FIELDS)

st.title("Surgery and alternatives", help=content.term_help("hepatectomy", "resection margin"))
st.markdown(
    "What the operation needs (a clear margin, enough liver left behind), how chemotherapy before it "
    "should be timed, and the treatments that reach the liver in other ways. Where a calculator applies, a "
    "link opens it."
)
state.save_url_state(K, FIELDS)
evidence.evidence_expander(
    "Why surgery: the only route to cure, and how many now reach it",
    sg.WHY_SURGERY_IDS,
    key=K("why_surgery"),
)


def value(record_id: str, label: str) -> str:
    """A record's value as displayed, escaped for markdown."""
    return markup.md(catalog.get(record_id).value(label).display())


def refs(*record_ids: str) -> str:
    """The references of the records a summary quotes, as the summary's last words: the cards below may open
    with another record (one the review states without a reference), so each number is cited where it is
    read."""
    return " " + evidence.ref_links(catalog, list(dict.fromkeys(record_ids)))


def margins_tab() -> None:
    st.markdown(
        "A tumour-free margin matters for survival; how wide it must be is debated. The floor is settled: "
        f"a margin of **{value(sg.MARGIN_FLOOR_ID, 'minimum margin width')}**, because margins under a "
        "millimetre went with an overall survival of "  # the review does not say median (record note)
        f"**{value(sg.MARGIN_FLOOR_ID, 'OS, submillimetre margin')}** "
        f"against **{value(sg.MARGIN_FLOOR_ID, 'OS, comparison group')}** "
        f"({value(sg.MARGIN_FLOOR_ID, 'P value')})." + refs(sg.MARGIN_FLOOR_ID)
    )
    evidence.evidence_cards(*sg.MARGIN_IDS)
    st.header("Wider than 10 mm?", help=content.term_help("RR", "meta-analysis"))
    st.markdown(
        "One large meta-analysis favoured margins over 10 mm; several large retrospective series found no "
        "difference between 1-10 mm and wider margins. The meta-analysis' relative risks, as the review "
        "gives them:"
    )
    tables.markdown_table(
        sg.margin_rr_rows,
        catalog,
        columns={"outcome": "Outcome", "time": "At", "rr": "Relative risk"},
        align="llr",
    )
    st.caption(
        "Caveat 16: the review does not say which event these relative risks count (death, or survival), so "
        "whether a value below 1 favours the wide margin is read from its text, not from the figures. "
        "Shown as the review states them; no interval is given." + refs(sg.MARGIN_RR_RECORD)
    )
    evidence.evidence_cards(*sg.WIDE_MARGIN_IDS)
    st.caption(
        "No calculator applies here; the decision walkthrough flags an expected margin under 1 mm (its last "
        "step)."
    )


def remnant_tab() -> None:
    st.markdown(
        "Resectable means that all disease can come out while enough liver, with its vessels and bile ducts, "
        "stays behind: at least "
        f"**{value(sg.RESECTABILITY_ID, 'adjacent liver segments to be spared')}**"
        f" adjacent, and a remnant of **{value(*FLR_THRESHOLD['normal'])}** of the "
        "total liver volume for a normal liver, "
        f"**{value(*FLR_THRESHOLD['chemotherapy_or_steatosis'])}** "
        "after extensive chemotherapy or with marked steatosis, "
        f"**{value(*FLR_THRESHOLD['cirrhosis'])}** with cirrhosis."
        + refs(sg.RESECTABILITY_ID, *(record_id for record_id, _ in FLR_THRESHOLD.values()))
    )
    state.page_link(
        "app_pages/liver_remnant.py",
        label="Check a remnant in the remnant planner",
        icon=":material/pie_chart:",
    )
    evidence.evidence_cards(*sg.REMNANT_IDS)
    st.header("Portal vein embolization", help=content.term_help("PVE", "hypertrophy"))
    evidence.evidence_cards(*sg.PVE_IDS)
    st.header("Two-stage resection", help=content.term_help("two-stage hepatectomy"))
    st.markdown(
        "For extensive disease in both lobes: chemotherapy to shrink it, PVE, and two operations. Those who "
        "completed the two stages were alive at 5 years in "
        f"**{value(sg.TWO_STAGE_SURVIVAL_ID, '5-year OS, two-stage resection completed')}** against "
        f"**{value(sg.TWO_STAGE_SURVIVAL_ID, '5-year OS, chemotherapy only')}** with chemotherapy only "
        f"({value(sg.TWO_STAGE_SURVIVAL_ID, 'P value')}; median follow-up "
        f"{value(sg.TWO_STAGE_SURVIVAL_ID, 'median follow-up')}). The review does not say how many patients "
        "started but did not complete the second stage." + refs(sg.TWO_STAGE_SURVIVAL_ID)
    )
    evidence.evidence_cards(*sg.TWO_STAGE_IDS)
    evidence.evidence_expander(
        "Finding every lesion before and during the operation",
        sg.FINDING_LESIONS_IDS,
        key=K("more_finding"),
    )
    evidence.evidence_expander(
        "After conversion: how many reach surgery, and how they fare",
        sg.AFTER_CONVERSION_IDS,
        key=K("more_conversion"),
    )


def timing_tab() -> None:
    st.markdown(
        "The best length and timing of chemotherapy before resection are not known. What the review reports "
        "against long courses: chemotherapy lasting "
        f"**{value(sg.LONG_COURSE_ID, 'duration of chemotherapy')}**, or an interval of "
        f"**{value(sg.LONG_COURSE_ID, 'interval from chemotherapy to surgery')}** from the "
        "last dose to surgery, went with more complications; "
        f"**{value(sg.NINE_CYCLES_ID, 'number of NCT cycles')}** of FOLFOX brought no more responses "
        "but more liver injury; extensive chemotherapy can shrink the liver (atrophy)."
        + refs(sg.LONG_COURSE_ID, sg.NINE_CYCLES_ID)
    )
    state.page_link(
        "app_pages/treatment_timing.py",
        label="Lay out the cycles in the timing planner",
        icon=":material/calendar_month:",
    )
    evidence.evidence_cards(*sg.TIMING_IDS)
    st.header(
        "Before, after or both? Synchronous metastases", help=content.term_help("synchronous metastases")
    )
    record = catalog.get(SYNCHRONOUS_OS_RECORD)
    charts.chart(
        synchronous_os_figure,
        record,
        source=f"Source: {evidence.source_text(record)}, retrospective, multi-institutional",
        alt=synchronous_os_alt(record),
        key=K("synchronous_chart"),
    )
    st.markdown(
        "A retrospective study, not a trial: no randomized trial has compared chemotherapy before surgery "
        "with chemotherapy after it. Timing did not change recurrence-free survival on multivariate "
        "analysis; chemotherapy after hepatectomy went with longer OS."
    )
    evidence.evidence_cards(*sg.SYNCHRONOUS_IDS, SYNCHRONOUS_OS_RECORD)


def alternatives_tab() -> None:
    st.header("Immunotherapy in dMMR / MSI-H", help=content.term_help("dMMR", "MSI-H", "PD-1", "CTLA-4"))
    st.markdown(
        "Tumours with deficient mismatch repair carry many mutations and draw T cells, and checkpoint "
        "inhibitors work in them. In the phase III trial pembrolizumab alone gave a PFS of "
        f"**{value(sg.PEMBROLIZUMAB_TRIAL_ID, 'PFS, pembrolizumab')}** against "
        f"**{value(sg.PEMBROLIZUMAB_TRIAL_ID, 'PFS, chemotherapy')}** "
        f"({value(sg.PEMBROLIZUMAB_TRIAL_ID, 'P value, PFS')}). Before surgery it is "
        "little studied: the review expects a role but gives no rule." + refs(sg.PEMBROLIZUMAB_TRIAL_ID)
    )
    evidence.evidence_cards(*sg.DMMR_IMMUNOTHERAPY_IDS)
    evidence.evidence_expander(
        "Trials under way, and the outlook",
        sg.IMMUNOTHERAPY_OUTLOOK_IDS,
        key=K("more_immunotherapy"),
    )
    st.header(
        "Through the hepatic artery: HAI, TACE and DEBIRI", help=content.term_help("HAI", "TACE", "DEBIRI")
    )
    st.markdown(
        "Liver metastases feed mainly on the hepatic artery, so chemotherapy given into it reaches them at "
        "doses the body could not take systemically. The review reports these outcomes in words only, with "
        "no figures; none are shown here."
    )
    evidence.evidence_cards(*sg.INTRA_ARTERIAL_IDS)
    evidence.evidence_expander(
        "Why the interest, and further reading",
        sg.INTRA_ARTERIAL_MORE_IDS,
        key=K("more_intra_arterial"),
    )
    st.markdown(
        "**Not in the review:** thermal ablation, stereotactic body radiotherapy (SBRT), ALPPS (liver "
        "partition with portal vein ligation for staged hepatectomy), liver transplantation and "
        "radioembolization are not discussed in it, so nothing is said of them here. The nearest it comes is "
        "NCCN's row on resectable metachronous disease (Table 2), which names local therapy beside resection "
        "without saying what kind; check current guidelines.",
        help=content.term_help("local therapy", "SBRT", "ALPPS"),
    )
    evidence.cite(catalog.get(sg.NCCN_LOCAL_THERAPY_ID))


layout.run_open_tab(TABS, (margins_tab, remnant_tab, timing_tab, alternatives_tab), key=K("tab"))
