"""Decision walkthrough: describe a patient, see the review's reasoning step by step, each step cited."""

from __future__ import annotations

import functools

import streamlit as st

import ui
from crlm_content import decision, guidelines, memo
from crlm_content.search import format_refs

catalog = ui.catalog()


def presets() -> tuple[decision.Preset, ...]:
    return memo.cached(decision.load_presets, catalog)  # read and cross-checked once per process


TABS = ("The plan, step by step", "Guideline lens")
RAS_STATUSES = ("unknown", "wild_type", "kras_mutant", "nras_mutant")
RAS_LABELS = {value: value.replace("_", " ") for value in RAS_STATUSES}
FIELDS = decision.walkthrough_query_fields(TABS)  # one per process: the case picker holds it
ui.bind_url_state("walkthrough", FIELDS)


st.title("Decision walkthrough", help=ui.term_help("CRLM", "NCT"))
st.markdown(
    "Describe a patient and follow the review's reasoning from presentation to a teaching plan. Every step "
    "names the evidence it rests on; where the review leaves a gap, the step says so. "
    "**This reproduces one review's reasoning for teaching; it is not a treatment recommendation.**"
)

titles = {p.key: p.title for p in presets()}
st.selectbox(  # one control for the cases: compact on a phone, one element per rerun
    "Load a patient",
    list(titles),
    index=None,
    key="preset_choice",
    format_func=titles.__getitem__,
    placeholder="Choose a case to load...",
    on_change=ui.load_case,  # callbacks and labels from modules and dicts (docs/CONTRIBUTING.md, item 4)
    args=("preset_choice", "walkthrough_preset", FIELDS, presets()),
    help="Fills in every field below from one of the review's cases or a teaching case.",
)
chosen = next((p for p in presets() if p.key == st.session_state.get("walkthrough_preset")), None)
if chosen is not None:
    with st.container(border=True):
        st.markdown(f"**{ui.md(chosen.title)}**: {ui.md(chosen.description)}")
        if chosen.assumed:
            st.caption(
                "Not given by the source, set for the exercise: "
                + ", ".join(decision.FIELD_LABELS.get(a, a.replace("_", " ")) for a in chosen.assumed)
            )

inputs, trace = st.columns([2, 3], gap="large")
YES_NO = decision.TRI_STATE
with inputs:
    st.subheader("The patient")
    if section := ui.lazy_expander("1. Presentation", key="section_1", expanded=True):
        with section:
            st.toggle("Synchronous metastases (found with the primary)", key="synchronous")
            st.number_input(
                decision.FIELD_LABELS["disease_free_interval_months"],
                key="disease_free_interval_months",
                min_value=0.0,
                max_value=600.0,
                step=1.0,
                help="Leave empty if not known; 0 for synchronous.",
            )
            st.number_input(
                decision.FIELD_LABELS["lesion_count"], key="lesion_count", min_value=1, max_value=100
            )
            st.number_input(
                decision.FIELD_LABELS["largest_lesion_cm"],
                key="largest_lesion_cm",
                min_value=0.01,
                max_value=30.0,
                step=0.1,
            )
            st.number_input(
                decision.FIELD_LABELS["smallest_lesion_cm"],
                key="smallest_lesion_cm",
                min_value=0.01,
                max_value=30.0,
                step=0.1,
                help=ui.term_help("DLM"),
            )
            st.toggle("Both lobes involved", key="bilobar")
            st.selectbox(
                "Extrahepatic disease", ["none", "resectable", "unresectable"], key="extrahepatic_disease"
            )
    if section := ui.lazy_expander("2. Resectability and liver remnant", key="section_2"):
        with section:
            st.toggle(
                "All disease can be removed", key="complete_resection_possible", help=ui.term_help("R0")
            )
            st.toggle("Two adjacent segments can be spared", key="two_adjacent_segments_spared")
            st.toggle("Inflow, outflow and biliary drainage preserved", key="vascular_and_biliary_preserved")
            st.number_input(
                decision.FIELD_LABELS["flr_percent"],
                key="flr_percent",
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                help=ui.term_help("FLR", "TLV"),
            )
            st.selectbox(
                "Liver condition",
                ["normal", "chemotherapy_or_steatosis", "cirrhosis"],
                key="liver_condition",
                format_func={
                    "normal": "Normal",
                    "chemotherapy_or_steatosis": "After extensive chemotherapy, or marked steatosis",
                    "cirrhosis": "Cirrhosis",
                }.__getitem__,
                help=ui.term_help("CALI"),
            )
    if section := ui.lazy_expander("3. Operative risk and prognosis", key="section_3"):
        with section:
            st.toggle("High operative risk", key="high_operative_risk")
            st.selectbox("Resection considered easy", YES_NO, key="resection_easy")
            st.selectbox("Node-positive primary", YES_NO, key="node_positive_primary")
            st.number_input(
                decision.FIELD_LABELS["cea_ng_ml"],
                key="cea_ng_ml",
                min_value=0.0,
                max_value=100000.0,
                help=ui.term_help("CEA"),
            )
    if section := ui.lazy_expander("4. Molecular profile", key="section_4"):
        with section:
            st.selectbox(
                "RAS status",
                list(RAS_STATUSES),
                key="ras_status",
                format_func=RAS_LABELS.__getitem__,
                help=ui.term_help("RAS", "KRAS", "NRAS"),
            )
            st.selectbox("BRAF V600E mutation", YES_NO, key="braf_v600e", help=ui.term_help("BRAF"))
            st.selectbox("MSI-H or dMMR", YES_NO, key="msi_high_or_dmmr", help=ui.term_help("MSI-H", "dMMR"))
            st.selectbox("Fit for an intensive (triplet) regimen", YES_NO, key="good_performance_status")
    if section := ui.lazy_expander("5. Timing plan", key="section_5"):
        with section:
            st.number_input(
                decision.FIELD_LABELS["planned_preop_weeks"],
                key="planned_preop_weeks",
                min_value=0.0,
                max_value=104.0,
                step=1.0,
            )
            st.number_input(
                decision.FIELD_LABELS["weeks_from_last_chemotherapy_to_surgery"],
                key="weeks_from_last_chemotherapy_to_surgery",
                min_value=0.0,
                max_value=104.0,
                step=1.0,
            )
            st.number_input(
                decision.FIELD_LABELS["weeks_from_last_bevacizumab_to_surgery"],
                key="weeks_from_last_bevacizumab_to_surgery",
                min_value=0.0,
                max_value=104.0,
                step=1.0,
            )
    if section := ui.lazy_expander("6. Lesion depth and margin", key="section_6"):
        with section:
            st.number_input(
                decision.FIELD_LABELS["deepest_lesion_depth_cm"],
                key="deepest_lesion_depth_cm",
                min_value=0.0,
                max_value=25.0,
                step=0.1,
                help=ui.term_help("DLM"),
            )
            st.number_input(
                decision.FIELD_LABELS["expected_margin_mm"],
                key="expected_margin_mm",
                min_value=0.0,
                max_value=100.0,
                step=0.5,
            )
ui.write_url_state(FIELDS)

scenario, problems = decision.validate_scenario(
    decision.state_to_data({field.key: st.session_state.get(field.key) for field in FIELDS})
)
with trace:
    if scenario is None:
        st.error(
            "The patient description is not consistent:\n" + "\n".join(f"- {ui.md(p)}" for p in problems)
        )
        st.stop()
    plan = memo.cached(decision.recommend, scenario)  # shared: a rerun with the same patient reuses it
    with st.container(border=True):
        st.subheader(f"Plan: {decision.STRATEGY_LABELS[plan.strategy]}")
        st.markdown(
            ("Resectable now." if plan.resectable else "Not resectable now.")
            + "  "
            + " ".join(f":blue-badge[{decision.FLAG_LABELS[flag]}]" for flag in sorted(plan.flags))
        )
    tab, panel = ui.lazy_tabs(TABS, key="tab")  # only the open tab is built
    with panel:
        if tab == TABS[0]:
            # The whole plan is one markdown element, each step citing its references, and the evidence
            # cards sit in one expander built only while open: one widget, where an expander per step made
            # eight (measured: a rerun 9.4 -> 7.8 ms, and each widget is kept for its session).
            steps = []
            for number, step in enumerate(plan.steps, start=1):
                text = [
                    f"**{number}. {ui.md(step.title)}**",
                    ui.md(step.finding),
                    "*Why:* " + ui.md(step.reasoning),
                ]
                if step.gap:
                    text.append(":orange-badge[gap in the source] " + ui.md(step.gap))
                refs = sorted({r for eid in step.evidence_ids for r in catalog.get(eid).refs})
                records = f"{len(step.evidence_ids)} record{'s' if len(step.evidence_ids) != 1 else ''}"
                text.append(
                    f"*Evidence:* refs {format_refs(refs)} ({records})" if refs else f"*Evidence:* {records}"
                )
                steps.append("\n\n".join(text))
            st.markdown("\n\n".join(steps))
            count = sum(len(step.evidence_ids) for step in plan.steps)
            if evidence := ui.lazy_expander(
                f"The evidence behind each step ({count} records)", key="plan_evidence"
            ):
                with evidence:
                    for number, step in enumerate(plan.steps, start=1):
                        st.markdown(f"**Step {number}. {ui.md(step.title)}**")
                        for evidence_id in step.evidence_ids:
                            ui.evidence_card(catalog.get(evidence_id))
        else:
            lens = memo.cached(decision.guideline_lens, scenario, resectable=plan.resectable)
            situation = guidelines.SITUATION_LABELS[lens.situation] if lens.situation else "overall"
            st.subheader(
                f"Guideline lens: {situation}",
                help="What each organisation in the review's Table 2 says for this patient's situation.",
            )
            for line in lens.summary_lines():
                st.markdown(ui.md(line))
            st.dataframe(
                ui.arrow(ui.shared_frame(guidelines.topic_rows, lens)),
                hide_index=True,
                width="stretch",
                column_config={"What it says": st.column_config.TextColumn(width="large")},
            )
            st.page_link(
                "app_pages/guidelines.py",
                label="Compare the guidelines on every topic",
                icon=":material/balance:",
            )
    query = "&".join(f"{key}={value}" for key, value in st.query_params.items())
    link = f"?{query}" if query else ""
    st.download_button(  # made when clicked
        "Download the teaching summary (Markdown)",
        functools.partial(decision.handout_markdown, scenario, plan, catalog, link=link),
        file_name="crlm_walkthrough.md",
        mime="text/markdown",
        on_click="ignore",
    )
