"""Surgery and alternatives: margins, the liver remnant with PVE and two-stage resection, how long and how
close to surgery chemotherapy can run, and treatments besides systemic chemotherapy (immunotherapy, HAI,
TACE)."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, evidence, layout, markup, state, tables
from crlm_content.figures.surgery import SYNCHRONOUS_OS_RECORD, synchronous_os_alt, synchronous_os_figure
from crlm_content.surgery import MARGIN_RR_RECORD, margin_rr_rows
from crlm_content.urlstate import QueryField

catalog = content.catalog()
NCCN_LOCAL_THERAPY_RECORD = "table-2-nccn-resectable-metachronous"  # Table 2's only word on local therapy
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
    (
        "abstract-resection-only-cure",
        "introduction-resection-improves-os",
        "conclusion-surgery-stage-iv",
        "introduction-survival-gains",
        "introduction-more-patients-eligible",
        "abstract-advances-expand-surgery",
        "conclusion-expanded-options",
        "abstract-crc-burden-crlm",
        "introduction-crc-burden",
        "introduction-crlm-incidence",
        "introduction-us-new-cases",
    ),
    key=K("why_surgery"),
)


def value(record_id: str, label: str) -> str:
    """A record's value as displayed, escaped for markdown."""
    return markup.md(catalog.get(record_id).value(label).display())


def margins_tab() -> None:
    st.markdown(
        "A tumour-free margin matters for survival; how wide it must be is debated. The floor is settled: "
        f"a margin of **{value('margins-submillimetre', 'minimum margin width')}**, because margins under a "
        "millimetre went with an overall survival of "  # the review does not say median (record note)
        f"**{value('margins-submillimetre', 'OS, submillimetre margin')}** "
        f"against **{value('margins-submillimetre', 'OS, comparison group')}** "
        f"({value('margins-submillimetre', 'P value')})."
    )
    evidence.evidence_cards("margins-negative-margin-survival", "margins-submillimetre")
    st.header("Wider than 10 mm?", help=content.term_help("RR", "meta-analysis"))
    st.markdown(
        "One large meta-analysis favoured margins over 10 mm; several large retrospective series found no "
        "difference between 1-10 mm and wider margins. The meta-analysis' relative risks, as the review "
        "gives them:"
    )
    tables.markdown_table(
        margin_rr_rows,
        catalog,
        columns={"outcome": "Outcome", "time": "At", "rr": "Relative risk"},
        align="llr",
    )
    st.caption(
        "Caveat 16: the review does not say which event these relative risks count (death, or survival), so "
        "whether a value below 1 favours the wide margin is read from its text, not from the figures. "
        "Shown as the review states them; no interval is given."
    )
    evidence.evidence_card(catalog.get(MARGIN_RR_RECORD))
    evidence.evidence_card(catalog.get("margins-1-to-10-mm-no-benefit"))
    evidence.evidence_card(catalog.get("margins-positive-margin-suboptimal-response"))
    st.caption(
        "No calculator applies here; the decision walkthrough flags an expected margin under 1 mm (its last "
        "step)."
    )


def remnant_tab() -> None:
    st.markdown(
        "Resectable means that all disease can come out while enough liver, with its vessels and bile ducts, "
        "stays behind: at least "
        f"**{value('flr-resectability-definition', 'adjacent liver segments to be spared')}**"
        f" adjacent, and a remnant of **{value('flr-threshold-normal-liver', 'FLR, normal liver')}** of the "
        "total liver volume for a normal liver, "
        f"**{value('flr-threshold-injured-liver', 'FLR, marked steatosis or extensive chemotherapy')}** "
        "after extensive chemotherapy or with marked steatosis, "
        f"**{value('flr-threshold-injured-liver', 'FLR, cirrhosis')}** with cirrhosis."
    )
    state.page_link(
        "app_pages/liver_remnant.py",
        label="Check a remnant in the remnant planner",
        icon=":material/pie_chart:",
    )
    evidence.evidence_cards("flr-resectability-definition", "flr-ct-volumetry", "flr-threshold-normal-liver")
    st.header("Portal vein embolization", help=content.term_help("PVE", "hypertrophy"))
    evidence.evidence_cards("flr-pve-insufficient-remnant", "flr-pve-atrophy-after-nct")
    st.header("Two-stage resection", help=content.term_help("two-stage hepatectomy"))
    st.markdown(
        "For extensive disease in both lobes: chemotherapy to shrink it, PVE, and two operations. Those who "
        "completed the two stages were alive at 5 years in "
        f"**{value('flr-two-stage-survival', '5-year OS, two-stage resection completed')}** against "
        f"**{value('flr-two-stage-survival', '5-year OS, chemotherapy only')}** with chemotherapy only "
        f"({value('flr-two-stage-survival', 'P value')}; median follow-up "
        f"{value('flr-two-stage-survival', 'median follow-up')}). The review does not say how many patients "
        "started but did not complete the second stage."
    )
    evidence.evidence_cards("flr-two-stage-strategy", "flr-two-stage-survival")
    evidence.evidence_expander(
        "Finding every lesion before and during the operation",
        (
            "imaging-ct-most-common",
            "imaging-pre-and-intraoperative-detection",
            "dlm-definition",
            "figure-1-case",
        ),
        key=K("more_finding"),
    )
    evidence.evidence_expander(
        "After conversion: how many reach surgery, and how they fare",
        ("unresectable-conversion-rate", "unresectable-long-term-survival", "unresectable-definition-varies"),
        key=K("more_conversion"),
    )


def timing_tab() -> None:
    st.markdown(
        "The best length and timing of chemotherapy before resection are not known. What the review reports "
        "against long courses: chemotherapy lasting "
        f"**{value('timing-long-chemo-short-interval', 'duration of chemotherapy')}**, or an interval of "
        f"**{value('timing-long-chemo-short-interval', 'interval from chemotherapy to surgery')}** from the "
        "last dose to surgery, went with more complications; "
        f"**{value('timing-folfox-9-cycles', 'number of NCT cycles')}** of FOLFOX brought no more responses "
        "but more liver injury; extensive chemotherapy can shrink the liver (atrophy)."
    )
    state.page_link(
        "app_pages/treatment_timing.py",
        label="Lay out the cycles in the timing planner",
        icon=":material/calendar_month:",
    )
    evidence.evidence_cards(
        "timing-optimal-unknown",
        "timing-cycles-in-studies",
        "timing-long-chemo-short-interval",
        "timing-folfox-9-cycles",
        "timing-hepatic-atrophy",
        "timing-resectable-duration",
        "timing-unresectable-reimaging",
    )
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
    evidence.evidence_cards(
        "timing-no-rct-neoadjuvant-vs-adjuvant",
        "timing-synchronous-strategies",
        SYNCHRONOUS_OS_RECORD,
    )


def alternatives_tab() -> None:
    st.header("Immunotherapy in dMMR / MSI-H", help=content.term_help("dMMR", "MSI-H", "PD-1", "CTLA-4"))
    st.markdown(
        "Tumours with deficient mismatch repair carry many mutations and draw T cells, and checkpoint "
        "inhibitors work in them. In the phase III trial pembrolizumab alone gave a PFS of "
        f"**{value('immunotherapy-pembrolizumab-vs-chemotherapy', 'PFS, pembrolizumab')}** against "
        f"**{value('immunotherapy-pembrolizumab-vs-chemotherapy', 'PFS, chemotherapy')}** "
        f"({value('immunotherapy-pembrolizumab-vs-chemotherapy', 'P value, PFS')}). Before surgery it is "
        "little studied: the review expects a role but gives no rule."
    )
    evidence.evidence_cards(
        "immunotherapy-checkpoint-inhibitors-msi",
        "immunotherapy-dmmr-mechanism",
        "immunotherapy-pembrolizumab-vs-chemotherapy",
        "immunotherapy-neoadjuvant-dmmr",
    )
    evidence.evidence_expander(
        "Trials under way, and the outlook",
        ("immunotherapy-combination-trials", "immunotherapy-future-neoadjuvant-role"),
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
    evidence.evidence_cards(
        "intra-arterial-rationale",
        "intra-arterial-hai-outcomes",
        "intra-arterial-hai-technical-failure",
        "intra-arterial-debiri-safe-effective",
        "intra-arterial-debiri-outcomes",
    )
    evidence.evidence_expander(
        "Why the interest, and further reading",
        ("intra-arterial-ongoing-interest", "intra-arterial-reviews"),
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
    evidence.cite(catalog.get(NCCN_LOCAL_THERAPY_RECORD))


layout.run_open_tab(TABS, (margins_tab, remnant_tab, timing_tab, alternatives_tab), key=K("tab"))
