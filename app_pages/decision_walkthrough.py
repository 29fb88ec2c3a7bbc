"""Decision walkthrough: describe a patient, see the review's reasoning step by step, each step cited."""

from __future__ import annotations

import functools

import streamlit as st

from crlm_app import content, evidence, layout, markup, state, tables
from crlm_app.inputs import number_input  # the column named inputs below holds the boxes
from crlm_content import decision, memo, share
from crlm_content.decision.model import EXTRAHEPATIC_LABELS
from crlm_content.liver import LIVER_CONDITION_LABELS
from crlm_content.search import REVIEW_OWN

catalog = content.catalog()


def presets() -> tuple[decision.Preset, ...]:
    return decision.load_presets(catalog)  # content: read and cross-checked once per process, kept


TABS = ("Step by step", "What would change it", "Pathway map", "Guideline lens")
RAS_STATUSES = ("unknown", "wild_type", "kras_mutant", "nras_mutant")
PHASES = (("first", "Do first"), ("then", "Then"), ("reassess", "Re-assess"))
# one per process: the case picker holds it; the loaded case is in the URL, so a link keeps its card
FIELDS = decision.walkthrough_query_fields(TABS, tuple(p.key for p in presets()))
K = state.page_state("walkthrough", FIELDS)
# On the projector the wide diagram at 720 px: its labels about 19 px (12.8 px at its own 489 px, small beside
# the presenter's 23 px text). The presenter's frame shows every narrow-only form, which hid the diagram.
PRESENTER_MAP_PX = 720


def map_in_words(plan: decision.Recommendation) -> str:
    """Every question of the map with both its answers, this patient's marked in words as well as bold."""
    lines = ["**The map in words** (this patient's answers marked)", ""]
    for number, q in enumerate(memo.cached(decision.pathway.pathway_outline, plan), start=1):
        lines.append(f"{number}. {markup.md(q.question)}")
        for taken, answer, leads_to in (
            (q.taken == "exit", q.exit_label, markup.md(q.exit_to)),
            (q.taken == "pass", q.pass_label, markup.md(q.pass_to or f"question {number + 1}")),
        ):
            branch = f"{markup.md(answer)} → {leads_to}"
            lines.append(f"    - **{branch}** (this patient)" if taken else f"    - {branch}")
    return "\n".join(lines)


def map_by_screen(plan: decision.Recommendation, alt: str) -> None:
    """The map on a desktop (the diagram at its own size) and on a phone (in words, every branch, the
    narrow diagram a tap away). A screen reader on a desktop gets the words too: the diagram's SVG reads as
    one run of its labels, each answer after the box it leads to."""
    with layout.wide_only("walkthrough-map"):
        st.graphviz_chart(memo.cached(decision.pathway_dot, plan), width="content", alt=alt)
        with layout.screen_reader_only("walkthrough-map-words"):
            st.markdown(map_in_words(plan))
    with layout.narrow_only("walkthrough-map"):
        st.markdown(map_in_words(plan))
        if diagram := layout.lazy_expander("The map as a diagram", key=K("map_diagram")):
            diagram.graphviz_chart(
                memo.cached(decision.pathway_dot, plan, narrow=True), width="content", alt=alt
            )


st.title("Decision walkthrough", help=content.term_help("CRLM", "NCT"))
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
    key=K("preset_choice"),
    format_func=titles.__getitem__,
    placeholder="Choose a case to load...",
    on_change=state.load_case,  # callbacks and labels from modules and dicts (docs/CONTRIBUTING.md, item 4)
    args=(K, "preset_choice", "case", FIELDS, presets()),
    help="Fills in every field below from one of the review's cases or a teaching case.",
)
chosen = next((p for p in presets() if p.key == K.get("case")), None)
case_card = st.container()  # filled once the inputs are read: the card follows edits

trace, inputs = st.columns([3, 2], gap="large")  # the plan first: on a phone it comes above the inputs
YES_NO = decision.TRI_STATE  # the codes a link carries; the boxes show TRI_STATE_LABELS
TRI_STATE_LABELS = {"unknown": "Not known", "yes": "Yes", "no": "No"}
# the plan's own words for extrahepatic disease, as a box's choices (capitalised)
EXTRAHEPATIC_CHOICES = {code: text[0].upper() + text[1:] for code, text in EXTRAHEPATIC_LABELS.items()}
with inputs:
    st.header("The patient", anchor="the-patient")
    if section := layout.lazy_expander("1. Presentation", key=K("section_1"), expanded=True):
        with section:
            st.toggle("Synchronous metastases (found with the primary)", key=K("synchronous"))
            number_input(
                decision.FIELD_LABELS["disease_free_interval_months"],
                key=K("disease_free_interval_months"),
                step=1.0,
                help="Leave empty if not known; 0 for synchronous.",
            )
            number_input(  # a float box (an int box read a typed 2.5 as 2): the plan names a fraction
                decision.FIELD_LABELS["lesion_count"], key=K("lesion_count"), step=1
            )
            number_input(
                decision.FIELD_LABELS["largest_lesion_cm"],
                key=K("largest_lesion_cm"),
                step=0.1,
            )
            number_input(
                decision.FIELD_LABELS["smallest_lesion_cm"],
                key=K("smallest_lesion_cm"),
                step=0.1,
                help=content.term_help("DLM"),
            )
            st.toggle("Both lobes involved", key=K("bilobar"))
            st.selectbox(
                "Extrahepatic disease",
                tuple(EXTRAHEPATIC_CHOICES),
                key=K("extrahepatic_disease"),
                format_func=EXTRAHEPATIC_CHOICES.__getitem__,
            )
    if section := layout.lazy_expander("2. Resectability and liver remnant", key=K("section_2")):
        with section:
            st.toggle(
                decision.FIELD_LABELS["complete_resection_possible"],
                key=K("complete_resection_possible"),
                help=content.term_help("R0"),
            )
            st.toggle("Two adjacent segments can be spared", key=K("two_adjacent_segments_spared"))
            st.toggle(
                "Inflow, outflow and biliary drainage preserved", key=K("vascular_and_biliary_preserved")
            )
            number_input(
                decision.FIELD_LABELS["flr_percent"],
                key=K("flr_percent"),
                step=1.0,
                help=content.term_help("FLR", "TLV"),
            )
            st.selectbox(
                "Liver condition",
                tuple(LIVER_CONDITION_LABELS),
                key=K("liver_condition"),
                format_func=LIVER_CONDITION_LABELS.__getitem__,
                help=content.term_help("CALI"),
            )
    if section := layout.lazy_expander("3. Operative risk and prognosis", key=K("section_3")):
        with section:
            st.toggle(decision.FIELD_LABELS["fit_for_surgery"], key=K("fit_for_surgery"))
            st.toggle(
                decision.FIELD_LABELS["high_operative_risk"],
                key=K("high_operative_risk"),
                help=(
                    "The review defines only low operative risk: a patient fit for surgery with "
                    f"{decision.LOW_RISK_MAX_LESIONS} or fewer liver lesions ({REVIEW_OWN}). Switch this on "
                    "when the team judges the operation higher-risk for another reason; more than "
                    f"{decision.LOW_RISK_MAX_LESIONS} lesions already count without it."
                ),
            )
            st.selectbox(
                decision.FIELD_LABELS["resection_easy"],
                YES_NO,
                key=K("resection_easy"),
                format_func=TRI_STATE_LABELS.__getitem__,
            )
            st.selectbox(
                "Node-positive primary",
                YES_NO,
                key=K("node_positive_primary"),
                format_func=TRI_STATE_LABELS.__getitem__,
            )
            number_input(
                decision.FIELD_LABELS["cea_ng_ml"],
                key=K("cea_ng_ml"),
                step=0.01,  # Streamlit's own step for a float box, as before
                help=content.term_help("CEA"),
            )
    if section := layout.lazy_expander("4. Molecular profile", key=K("section_4")):
        with section:
            st.selectbox(
                "RAS status",
                list(RAS_STATUSES),
                key=K("ras_status"),
                format_func=decision.RAS_LABELS.__getitem__,
                help=content.term_help("RAS", "KRAS", "NRAS"),
            )
            st.selectbox(
                "BRAF V600E mutation",
                YES_NO,
                key=K("braf_v600e"),
                format_func=TRI_STATE_LABELS.__getitem__,
                help=content.term_help("BRAF"),
            )
            st.selectbox(
                "MSI-H or dMMR",
                YES_NO,
                key=K("msi_high_or_dmmr"),
                format_func=TRI_STATE_LABELS.__getitem__,
                help=content.term_help("MSI-H", "dMMR"),
            )
            st.selectbox(
                "Fit for an intensive (triplet) regimen",
                YES_NO,
                key=K("good_performance_status"),
                format_func=TRI_STATE_LABELS.__getitem__,
            )
    if section := layout.lazy_expander("5. Treatment so far and timing", key=K("section_5")):
        with section:
            number_input(
                decision.FIELD_LABELS["prior_chemotherapy_weeks"],
                key=K("prior_chemotherapy_weeks"),
                step=1.0,
                help="Chemotherapy for these liver metastases; leave empty if none has been given. Not "
                "chemotherapy given for the primary tumour, such as adjuvant chemotherapy after its "
                "resection: for metastases found after the primary, the regimen step says how that "
                "counts. A course of pembrolizumab for these metastases is treatment given for them: "
                "enter its weeks here too, and the progression question below covers it. After "
                "progression the plan offers pembrolizumab only if the course that progressed was "
                "chemotherapy. The plan still calls these weeks chemotherapy: its limits on weeks and its "
                "liver-injury warnings are chemotherapy's, and the review gives none for pembrolizumab.",
            )
            st.selectbox(
                decision.FIELD_LABELS["initially_resectable"],
                YES_NO,
                key=K("initially_resectable"),
                format_func=TRI_STATE_LABELS.__getitem__,
                help="After chemotherapy: was the disease resectable before it began? Converted disease goes "
                "to surgery as soon as it is resectable; a course for resectable disease often runs 2-3 "
                f"months ({REVIEW_OWN}).",
            )
            st.selectbox(
                decision.FIELD_LABELS["progression_on_chemotherapy"],
                YES_NO,
                key=K("progression_on_chemotherapy"),
                format_func=TRI_STATE_LABELS.__getitem__,
                help="After chemotherapy: did restaging show the disease growing on it? The review counts "
                "finding such disease before a morbid operation as a reason to give chemotherapy first; the "
                "plan then holds the resection and leaves what comes next to the team. A pembrolizumab "
                "course entered in the weeks box counts here too: after progression on it the review gives "
                "no rule.",
            )
            number_input(
                decision.FIELD_LABELS["planned_preop_weeks"],
                key=K("planned_preop_weeks"),
                step=1.0,
            )
            number_input(
                decision.FIELD_LABELS["weeks_from_last_chemotherapy_to_surgery"],
                key=K("weeks_from_last_chemotherapy_to_surgery"),
                step=1.0,
            )
            number_input(
                decision.FIELD_LABELS["weeks_from_last_bevacizumab_to_surgery"],
                key=K("weeks_from_last_bevacizumab_to_surgery"),
                step=1.0,
            )
    if section := layout.lazy_expander("6. Lesion depth and margin", key=K("section_6")):
        with section:
            number_input(
                decision.FIELD_LABELS["deepest_lesion_depth_cm"],
                key=K("deepest_lesion_depth_cm"),
                step=0.1,
                help=content.term_help("DLM"),
            )
            number_input(
                decision.FIELD_LABELS["expected_margin_mm"],
                key=K("expected_margin_mm"),
                step=0.5,
            )
state.save_url_state(K, FIELDS)

scenario, problems = decision.validate_scenario(
    decision.state_to_data({field.key: K.get(field.key) for field in FIELDS})
)
if scenario is None:  # also under the inputs: on a phone the plan's column, which says so too, is above them
    inputs.error(
        "Correct the patient's details to see the plan:\n" + "\n".join(f"- {markup.md(p)}" for p in problems)
    )
with case_card:
    if chosen is not None:
        with st.container(border=True):
            if scenario is not None and scenario == chosen.scenario:
                st.markdown(f"**{markup.md(chosen.title)}**: {markup.md(chosen.description)}")
            else:
                st.markdown(
                    f"**{markup.md(chosen.title)}**, edited: the plan below is for the patient as now "
                    "entered."
                )
            if chosen.assumed:
                st.caption(
                    "Not given by the source, set for the exercise: "
                    + ", ".join(decision.FIELD_LABELS[a] for a in chosen.assumed)
                )
with trace:
    if scenario is None:  # what to correct is listed under the inputs, where the reader is typing
        st.error("No plan yet: correct the patient's details listed under the inputs.")
        st.stop()
    plan = memo.cached(decision.recommend, scenario)  # shared: a rerun with the same patient reuses it
    with layout.narrow_only("walkthrough-to-inputs"):  # on a phone the inputs are ~2,500 px below the plan
        st.markdown("[Edit the patient ↓](#the-patient)")
    with st.container(border=True):
        st.header(f"Plan: {decision.STRATEGY_LABELS[plan.strategy]}")
        layout.announce("walkthrough-plan", f"Plan: {decision.STRATEGY_LABELS[plan.strategy]}.")
        blocks = [plan.resectability_summary]
        for phase, heading in PHASES:
            if actions := [a for a in plan.actions if a.phase == phase]:
                blocks.append(
                    f"**{heading}**\n\n"
                    + "\n".join(
                        f"1. {markup.md(a.text)} {evidence.ref_links(catalog, a.evidence_ids)}"
                        for a in actions
                    )
                )
        st.markdown("\n\n".join(blocks))
        if hazards := plan.flags_of("hazard"):
            st.warning(
                "**Watch out**\n"
                + "\n".join(
                    f"- {markup.md(decision.sentence_case(decision.FLAG_INFO[f].label))} "
                    + evidence.ref_links(catalog, decision.FLAG_INFO[f].evidence_ids)
                    for f in hazards
                ),
                icon=markup.ICON_WARNING,
            )
        # Options and notes as wrapped text, not badges: a badge is one line cut at the screen's edge, and
        # on a phone its long labels ended in '...' with no way to read the rest.
        if options := plan.option_labels():
            st.markdown("**Options:** " + "; ".join(markup.md(label) for label in options) + ".")
        if notes := plan.flags_of("note"):
            st.caption(
                "\n".join(
                    f"- {markup.md(decision.sentence_case(decision.FLAG_INFO[f].label))}."
                    + (
                        f" {evidence.ref_links(catalog, ids)}"
                        if (ids := decision.FLAG_INFO[f].evidence_ids)
                        else ""
                    )
                    for f in notes
                )
            )
    tab, panel = layout.lazy_tabs(TABS, key=K("tab"))  # only the open tab is built
    with panel:
        if tab == TABS[0]:
            # The findings in front, as one element; the general "why" of every step one click away in one
            # expander built only while open (twelve expanders were 24 more messages on every rerun).
            st.markdown(
                "\n".join(
                    f"{number}. **{markup.md(step.title)}**: {markup.md(step.finding)} "
                    + evidence.ref_links(catalog, step.evidence_ids)
                    for number, step in enumerate(plan.steps, start=1)
                )
            )
            if why_panel := layout.lazy_expander("Why, step by step", key=K("plan_why")):
                lines = []
                for number, step in enumerate(plan.steps, start=1):
                    text = f"**{number}. {markup.md(step.title)}.** {markup.md(step.reasoning)}"
                    if step.gap:
                        text += f"  \n:orange-badge[gap in the source] {markup.md(step.gap)}"
                    if step.key == "recurrence_risk":
                        risk = memo.cached(decision.assess_recurrence_risk, scenario)
                        text += "  \n*" + markup.md(decision.recurrence_derivation(risk)) + "*"
                    lines.append(text)
                why_panel.markdown("\n\n".join(lines))
            count = sum(len(step.evidence_ids) for step in plan.steps)
            if records_panel := layout.lazy_expander(
                f"The evidence behind each step ({count} records)", key=K("plan_evidence")
            ):
                with records_panel:
                    for number, step in enumerate(plan.steps, start=1):
                        st.markdown(f"**Step {number}. {markup.md(step.title)}**")
                        evidence.evidence_cards(*step.evidence_ids)
        elif tab == TABS[1]:
            changes = memo.cached(decision.what_changes, scenario)
            st.markdown(
                "For each input, the nearest value that would change the strategy or the treatment options, "
                "found by asking the same rules."
            )
            if not changes:
                st.markdown("No change of a single input alters this plan.")
            for effect, grouped in decision.group_changes(changes):
                st.markdown(
                    f"**{markup.md(effect[0].upper() + effect[1:])}** with: "
                    + "; ".join(
                        markup.md(c.condition)
                        + (" " + evidence.ref_links(catalog, c.evidence_ids) if c.evidence_ids else "")
                        for c in grouped
                    )
                    + "."
                )
        elif tab == TABS[2]:
            # At its own size (width="content") the map's labels are 12.8 px; stretched to a phone's column
            # the wide map's were 8.9 px. A phone reads the map in words, every branch, the diagram a tap away
            # in its narrow form, which fits a 360 px screen at its own size.
            alt = "Flowchart of the strategy questions, this patient's path highlighted"
            if state.presenting():  # the projector shows the diagram (its frame shows narrow-only forms)
                st.graphviz_chart(memo.cached(decision.pathway_dot, plan), width=PRESENTER_MAP_PX, alt=alt)
            else:
                map_by_screen(plan, alt)
            st.caption("This patient's path: " + markup.md(decision.pathway_text(plan)))
            st.markdown(  # the figures the map's questions state, with their records
                "**Where the map's figures come from**\n"
                + "\n".join(
                    f"- {markup.md(question)} {evidence.ref_links(catalog, ids)}"
                    + (f" ({markup.md(note)})" if note else "")
                    for question, ids, note in decision.pathway_figures()
                )
            )
        else:
            readings = memo.cached(decision.guideline_readings_for, scenario)
            st.subheader(
                "Guideline lens",
                help="What each organisation in the review's Table 2 says, read for this patient.",
            )
            st.markdown(markup.md(decision.lens_summary(readings, plan.strategy, progressed=plan.progressed)))
            # One list on every screen: a grid cut the reading and pushed its references off the right
            # edge, on a phone and at 1366 px alike, and offered nothing to select or sort for seven rows.
            tables.record_list(
                decision.reading_rows,
                readings,
                catalog,
                heading=("Organisation", "Leans to"),
                fields={"For this patient": "For this patient", "References": "References"},
            )
            state.page_link(
                "app_pages/guidelines.py",
                label="Compare the guidelines on every topic",
                icon=":material/balance:",
            )
    try:  # the full address, as the share panel gives it (none where the page has no http(s) URL)
        link = share.view_link(st.context.url or "", dict(st.query_params))
    except ValueError:
        link = ""
    with st.container(horizontal=True):
        st.download_button(  # made when clicked
            "Teaching summary (Markdown)",
            functools.partial(decision.handout_markdown, scenario, plan, catalog, link=link, case=chosen),
            file_name="crlm_walkthrough.md",
            mime="text/markdown",
            on_click="ignore",
        )
        st.download_button(
            "Printable summary (HTML, print to PDF)",
            functools.partial(decision.handout_html, scenario, plan, catalog, link=link, case=chosen),
            file_name="crlm_walkthrough.html",
            mime="text/html",
            on_click="ignore",
        )
