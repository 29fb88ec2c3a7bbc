"""AppTest of the decision walkthrough: every preset, deep links, bad parameters, inconsistent input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_content.decision import (
    STRATEGY_LABELS,
    Preset,
    Scenario,
    Strategy,
    load_presets,
    recommend,
    scenario_query_fields,
    state_to_data,
)
from crlm_content.search import REVIEW_OWN
from crlm_content.urlstate import parse_all

from .helpers import plain, run_page

PAGE = "app_pages/decision_walkthrough.py"
PRESETS = load_presets(crlm_content.get_catalog())


def plan_heading(at: AppTest) -> str:
    return next(h.value for h in at.header if h.value.startswith("Plan: "))


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_each_preset_loads_with_one_click(preset: Preset) -> None:
    at = run_page(PAGE)
    at.selectbox(key="walkthrough__preset_choice").select(preset.key).run()
    assert not at.exception
    expected = STRATEGY_LABELS[recommend(preset.scenario).strategy]
    assert plan_heading(at) == f"Plan: {expected}"
    fields = scenario_query_fields()
    assert at.query_params.get("case") == preset.key  # the card and its notes come back with the link
    params = {key: [str(value)] for key, value in at.query_params.items() if key != "case"}
    values, problems = parse_all(fields, params)
    assert problems == []
    restored = {f.key: values.get(f.key, f.default) for f in fields}
    assert Scenario.model_validate(state_to_data(restored)) == preset.scenario
    assert (
        at.selectbox(key="walkthrough__preset_choice").value is None
    )  # cleared: any case can be loaded again


def open_section(at: AppTest, number: int) -> None:
    """Open one of the patient's input sections (their widgets are built only while open)."""
    at.session_state[f"walkthrough__section_{number}"] = True
    at.run()
    assert not at.exception, at.exception


def open_every_section(at: AppTest) -> None:
    """Open every lazy input section, so all the patient's inputs are drawn."""
    for section in range(1, 7):
        key = f"walkthrough__section_{section}"
        if key in at.session_state:
            at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception


def test_closed_sections_keep_their_values() -> None:
    """Widgets of a closed section are not rendered; their values must survive reruns all the same."""
    at = run_page(PAGE)
    assert "walkthrough__flr_percent" not in [w.key for w in at.number_input]  # section 2 starts closed
    open_section(at, 2)
    at.number_input(key="walkthrough__flr_percent").set_value(22).run()
    at.session_state["walkthrough__section_2"] = False
    at.run()
    at.run()
    assert "walkthrough__flr_percent" not in [w.key for w in at.number_input]
    assert at.query_params["flr_percent"] == "22"
    open_section(at, 2)
    assert at.number_input(key="walkthrough__flr_percent").value == 22


def test_deep_link_reproduces_a_scenario() -> None:
    params = {"lesion_count": "8", "bilobar": "true", "flr_percent": "22", "liver_condition": "cirrhosis"}
    at = run_page(PAGE, params)
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.LIVER_REMNANT_AUGMENTATION]}"
    open_section(at, 2)
    assert at.number_input(key="walkthrough__flr_percent").value == 22
    assert not [w for w in at.warning if "not understood" in w.value]  # the link parsed cleanly


def test_malformed_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"flr_percent": "abc", "ras_status": "purple", "lesion_count": "-3"})
    notice = at.warning[0].value
    assert "flr" in notice and "ras" in notice and "lesion" in notice
    assert plan_heading(at).startswith("Plan: ")


def test_inconsistent_patient_gives_a_message_not_an_exception() -> None:
    at = run_page(PAGE)
    at.number_input(key="walkthrough__smallest_lesion_cm").set_value(5.0).run()
    assert not at.exception
    said = [e.value for e in at.error]
    # listed once, under the inputs; the plan's column says only that there is no plan yet
    assert sum("smallest lesion cannot be larger" in e for e in said) == 1, said
    assert any(e.startswith("No plan yet") for e in said)
    assert not [h for h in at.header if h.value.startswith("Plan: ")]


def test_changing_a_widget_changes_the_plan_and_the_url() -> None:
    at = run_page(PAGE)
    assert plan_heading(at) == "Plan: Upfront resection (then adjuvant chemotherapy)"
    open_section(at, 3)
    at.toggle(key="walkthrough__high_operative_risk").set_value(True).run()
    assert plan_heading(at) == "Plan: Perioperative (neoadjuvant) chemotherapy, then resection"
    assert at.query_params["high_operative_risk"] == "true"


def test_guideline_lens_reads_every_table_2_row_for_the_patient() -> None:
    assert not [h for h in run_page(PAGE).subheader if h.value.startswith("Guideline lens")]  # tab closed
    at = run_page(PAGE, {"synchronous": "true", "tab": "Guideline lens"})
    # one list on every screen (a grid cut the reading and its references at 1366 px too)
    assert not at.dataframe
    (lens,) = [m.value for m in at.markdown if "*For this patient*" in m.value]
    blocks = lens.split("\n\n**")
    assert len(blocks) == 7
    (esmo,) = [b for b in blocks if "ESMO 2016" in b.split("\n")[0]]
    assert "Synchronous" in esmo and "*References*" in esmo
    assert any("unlike this plan" in m.value for m in at.markdown)  # upfront, against every stated row
    at = run_page(PAGE, {"complete_resection_possible": "false", "tab": "Guideline lens"})
    assert any("agree" in m.value for m in at.markdown)


def test_the_new_inputs_drive_the_plan_and_the_url() -> None:
    at = run_page(PAGE)
    open_section(at, 5)
    at.number_input(key="walkthrough__prior_chemotherapy_weeks").set_value(10.0).run()
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROCEED_TO_RESECTION]}"
    assert at.query_params["prior_chemotherapy_weeks"] == "10"
    open_section(at, 3)
    at.toggle(key="walkthrough__fit_for_surgery").set_value(False).run()
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.SYSTEMIC_THERAPY]}"
    assert at.query_params["fit_for_surgery"] == "false"


def test_what_would_change_the_plan_is_listed() -> None:
    at = run_page(PAGE, {"tab": "What would change it", "flr_percent": "25"})
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Grow the liver remnant first" in text and "below 20%" in text
    assert "Proceed to resection" in text


def test_the_plan_leads_with_the_order_of_action_and_hazards_apart() -> None:
    at = run_page(PAGE, {"lesion_count": "6", "planned_preop_weeks": "16", "node_positive_primary": "yes"})
    plan = next(m.value for m in at.markdown if m.value.startswith("Resectable now."))
    assert plan.index("**Do first**") < plan.index("**Then**")
    assert "sources?ref=" in plan  # reference numbers open their records
    # one link per bracket, the whole bracket (a finger-sized target on a phone), opening every record cited
    links = re.findall(r"\[\\\[([0-9, ]+)\\\]\]\(sources\?ref=([0-9,]+)\)", plan)
    assert links and all(shown.replace(" ", "") == target for shown, target in links)
    assert any("," in target for _, target in links)
    assert any("Watch out" in w.value and "More than 12 weeks" in w.value for w in at.warning)


def test_pathway_map_is_drawn_from_the_engine() -> None:
    at = run_page(PAGE, {"tab": "Pathway map"})
    assert not at.exception
    assert any("This patient's path" in c.value for c in at.caption)


def test_a_phone_reads_the_whole_pathway_map_in_words_with_the_diagram_a_tap_away() -> None:
    """Stretched to a phone's column the map's labels were 8.9 px, and the caption gave this patient's path
    only, not the branches: a phone gets every question with both its answers, this patient's marked."""
    at = run_page(PAGE, {"tab": "Pathway map", "flr_percent": "15"})  # leaves at the remnant's question
    assert not at.exception
    # twice, the same words: the phone's, and the desktop screen reader's (the diagram is a run of labels)
    phone, reader = [plain(m.value) for m in at.markdown if "The map in words" in m.value]
    assert phone == reader
    words = phone
    gates = crlm_content.decision.GATES
    for number, gate in enumerate(gates, start=1):
        assert f"\n{number}. {gate.question}\n" in words
        assert f"{gate.exit_label} → {STRATEGY_LABELS[gate.strategy]}" in words
    assert "- **yes → question 5** (this patient)" in words
    assert f"- **no → {STRATEGY_LABELS[Strategy.LIVER_REMNANT_AUGMENTATION]}** (this patient)" in words
    assert words.count("(this patient)") == 5  # the path: four questions passed, one left
    assert f"- {gates[-1].pass_label} → {STRATEGY_LABELS[Strategy.UPFRONT_RESECTION]}" in words
    (chart,) = at.get("graphviz_chart")  # the desktop's; the phone's diagram is built when opened
    assert "Remnant large enough" in chart.proto.spec
    assert any(e.label == "The map as a diagram" for e in at.expander)


def test_a_link_keeps_the_loaded_case_and_what_its_source_does_not_give() -> None:
    """The loaded case lived only in the session: a shared link or a handout lost the case card and the note
    that Figure 1's remnant (45%) and liver condition are set for the exercise."""
    at = run_page(PAGE)
    preset = next(p for p in PRESETS if p.key == "figure-1")
    at.selectbox(key="walkthrough__preset_choice").select(preset.key).run()
    assert at.query_params.get("case") == "figure-1"
    reopened = run_page(PAGE, {key: str(value) for key, value in at.query_params.items()})
    assert not reopened.exception
    assert any(preset.description[:30] in m.value for m in reopened.markdown)
    assert any("set for the exercise" in c.value for c in reopened.caption)
    bad = run_page(PAGE, {"case": "no-such-case"})
    assert not bad.exception
    assert any("'case=no\\-such\\-case' ignored" in w.value for w in bad.warning)


def test_the_case_card_follows_edits() -> None:
    at = run_page(PAGE)
    preset = next(p for p in PRESETS if p.key == "bilobar-small-remnant")
    at.selectbox(key="walkthrough__preset_choice").select(preset.key).run()
    assert any(preset.description[:30] in m.value for m in at.markdown)
    open_section(at, 1)
    at.number_input(key="walkthrough__lesion_count").set_value(3).run()
    assert not any(preset.description[:30] in m.value for m in at.markdown)
    assert any("edited" in m.value for m in at.markdown)


def test_an_emptied_number_is_not_known_never_the_minimum() -> None:
    """Clearing the remnant used to put in 0% (a plan to grow the remnant); clearing a size, 0.01 cm."""
    at = run_page(PAGE, {"largest_lesion_cm": "4"})
    open_section(at, 2)
    at.number_input(key="walkthrough__flr_percent").set_value(None).run()
    assert not at.exception, at.exception
    assert at.number_input(key="walkthrough__flr_percent").value is None
    assert any("enter a number from 0 to 100; the box is empty" in plain(e.value) for e in at.error)
    assert not [h for h in at.header if h.value.startswith("Plan: ")]  # no plan from an invented value
    at.number_input(key="walkthrough__flr_percent").set_value(35).run()
    at.number_input(key="walkthrough__largest_lesion_cm").set_value(None).run()
    assert not at.exception, at.exception
    assert at.number_input(key="walkthrough__largest_lesion_cm").value is None
    assert at.query_params.get("largest_lesion_cm") in (None, "none")  # "not given", as the presets write it
    assert plan_heading(at).startswith("Plan: ")
    assert any("size not given" in m.value for m in at.markdown)


def test_whether_chemotherapy_converted_the_disease_decides_the_plan() -> None:
    """A high-risk resectable patient 4 weeks into chemotherapy: complete the course if the disease was
    resectable before it; operate as soon as it is resectable if chemotherapy converted it."""
    at = run_page(PAGE, {"node_positive_primary": "yes", "cea_ng_ml": "300", "synchronous": "true"})
    open_section(at, 5)
    at.number_input(key="walkthrough__prior_chemotherapy_weeks").set_value(4.0).run()
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PERIOPERATIVE_CHEMOTHERAPY]}"
    assert any("Say whether the disease was resectable" in m.value for m in at.markdown)
    at.selectbox(key="walkthrough__initially_resectable").set_value("no").run()
    assert not at.exception, at.exception
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROCEED_TO_RESECTION]}"
    assert at.query_params["initially_resectable"] == "no"


def test_every_figure_in_an_input_s_help_names_its_source() -> None:
    """A help text's '2-3 months' is a number a user sees: it carries a reference or the review-own mark."""
    at = run_page("app_pages/decision_walkthrough.py")
    open_every_section(at)
    widgets = [*at.number_input, *at.selectbox, *at.radio, *at.toggle, *at.checkbox, *at.text_input]
    helps = [w.help for w in widgets if w.help]
    assert len(helps) > 10  # the sections are open: their inputs' help is read
    unsourced = [
        text
        for text in helps
        if re.search(r"\d+\s*(?:-\s*\d+\s*)?(?:months?|weeks?|%|mm|cm)", text)
        and not re.search(r"\[\d|ref\.|" + re.escape(REVIEW_OWN), text)
    ]
    assert unsourced == []


def test_every_decimal_input_shows_its_value_exactly() -> None:
    at = run_page("app_pages/decision_walkthrough.py")
    open_every_section(at)
    floats = [box for box in at.number_input if box.proto.data_type == box.proto.FLOAT]
    assert len(floats) == len(at.number_input) == 12  # the lesion count too: an int box read 2.5 as 2
    assert {box.proto.format for box in floats} == {"%g"}  # 11.999 months shown as 11.999, not 12.00


def test_the_link_notice_goes_once_the_visitor_changes_a_setting() -> None:
    """'flr_percent=abc' was named as ignored on every later run, over every edit and preset load."""
    at = run_page(PAGE, {"flr_percent": "abc"})
    notice = "Some link settings were not understood"
    assert any(notice in w.value for w in at.warning)
    at.run()  # a rerun that changes nothing keeps it
    assert any(notice in w.value for w in at.warning)
    at.number_input(key="walkthrough__lesion_count").set_value(3).run()
    assert not any(notice in w.value for w in at.warning)


def test_a_fraction_of_a_lesion_is_named_not_truncated() -> None:
    """The lesion count was an int box, which reads a typed 2.5 as 2 and plans with it, silently."""
    at = run_page(PAGE)
    box = at.number_input(key="walkthrough__lesion_count")
    assert box.proto.format == "%g"  # a float box: the browser keeps what was typed
    box.set_value(2.5).run()
    assert not at.exception
    said = "Number of liver lesions: enter a whole number from 1 to 100; 2.5 is not a whole number"
    assert any(said in plain(e.value) for e in at.error)
    at.number_input(key="walkthrough__lesion_count").set_value(3.0).run()
    assert not at.error and at.query_params["lesion_count"] == "3"


def test_the_map_and_the_changes_cite_the_figures_they_state() -> None:
    """The Pathway map's '12 weeks', 'under 3', 'four or fewer' and the What would change it tab's 'a remnant
    below 20%' stood with no citation and no 'derived' mark."""
    at = run_page(PAGE, {"tab": "Pathway map"})
    (figures,) = [m.value for m in at.markdown if "Where the map's figures come from" in m.value]
    assert "12 weeks of chemotherapy already given? [\\[53\\]](sources?ref=53)" in figures
    assert "a convention of how the score is quoted" in figures
    at = run_page(PAGE, {"tab": "What would change it"})
    assert any("a remnant below 20% [\\[93\\]](sources?ref=93)" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("lesion_count", "Number of liver lesions: enter a whole number from 1 to 100; the box is empty"),
        (
            "flr_percent",
            "Future liver remnant (% of total liver volume): enter a number from 0 to 100; the box is empty",
        ),
    ],
)
def test_an_emptied_required_box_reopens_empty_from_its_link(key: str, said: str) -> None:
    """The page named an emptied box and wrote '<key>=none' to the URL; a refresh or the shared link then
    said the link's 'none' was not understood and planned for the default (1 lesion, a 60% remnant)."""
    if key == "lesion_count":  # in the section open by default: emptied by hand, as a reader does
        at = run_page(PAGE)
        at.number_input(key=f"walkthrough__{key}").set_value(None).run()
        assert at.query_params[key] == "none"
    reopened = run_page(PAGE, {key: "none"})
    assert not reopened.exception and not reopened.warning  # no "'none' ignored" notice
    assert reopened.session_state[f"walkthrough__{key}"] is None
    errors = plain(" ".join(e.value for e in reopened.error))
    assert "No plan yet" in errors and said in errors
    assert not [h for h in reopened.header if h.value.startswith("Plan: ")]


def test_a_size_the_plan_takes_reopens_from_its_link() -> None:
    """A typed largest lesion of 0.005 cm planned, but the same value in the shared link was refused ('below
    the minimum 0.01', a bound typed apart from the model's 'above 0'): the link did not reopen the view. The
    box, the link and the model now hold one range, from 0.01 cm: its minimum reopens."""
    at = run_page(PAGE, {"largest_lesion_cm": "0.01"})
    assert not any("not understood" in w.value for w in at.warning)  # no "'...=0.01' ignored" notice
    assert at.session_state["walkthrough__largest_lesion_cm"] == 0.01
    assert plan_heading(at).startswith("Plan: ")
    refused = run_page(PAGE, {"largest_lesion_cm": "0"})
    assert any(
        "'largest_lesion_cm=0' ignored: below the minimum 0.01" in plain(w.value) for w in refused.warning
    )


@pytest.mark.parametrize("name", ["largest_lesion_cm", "smallest_lesion_cm"])
def test_a_vanishing_size_in_a_link_gets_a_notice_and_is_not_used(name: str) -> None:
    """'Above 0' took 4.9e-324 cm from a link: shown as '5e-324' and counted as a lesion at risk of
    disappearing. A size below 0.01 cm is named as ignored, and the plan is the one without it."""
    at = run_page(PAGE, {name: "4.9e-324"})
    assert not at.exception
    assert any(f"'{name}=4.9e-324' ignored: below the minimum 0.01" in plain(w.value) for w in at.warning)
    default = run_page(PAGE, {})
    assert at.session_state[f"walkthrough__{name}"] == default.session_state[f"walkthrough__{name}"]
    assert plan_heading(at) == plan_heading(default)
    page = " ".join(plain(m.value) for m in at.markdown)
    assert "e-324" not in page


# every number box of the walkthrough: its step and whether it has a help text, as the page drew them
BOXES = {
    "disease_free_interval_months": (1.0, True),
    "lesion_count": (1.0, False),
    "largest_lesion_cm": (0.1, False),
    "smallest_lesion_cm": (0.1, True),
    "flr_percent": (1.0, True),
    "cea_ng_ml": (0.01, True),
    "prior_chemotherapy_weeks": (1.0, True),
    "planned_preop_weeks": (1.0, False),
    "weeks_from_last_chemotherapy_to_surgery": (1.0, False),
    "weeks_from_last_bevacizumab_to_surgery": (1.0, False),
    "deepest_lesion_depth_cm": (0.1, True),
    "expected_margin_mm": (0.5, False),
}


def test_every_number_box_is_the_shared_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page repeated a raw st.number_input (value None, the exact format, a step) twelve times beside the
    shared inputs.number_input every other calculator uses; the boxes now come from it, drawn as before."""
    import crlm_app.inputs

    made: list[str] = []
    shared = crlm_app.inputs.number_input

    def recorded(label: str, **kwargs: Any) -> None:
        made.append(kwargs["key"])
        shared(label, **kwargs)

    monkeypatch.setattr(crlm_app.inputs, "number_input", recorded)
    at = run_page(PAGE)
    for section in range(1, 7):  # open every lazy section, so its inputs are drawn
        at.session_state[f"walkthrough__section_{section}"] = True
    made.clear()
    at.run()
    assert not at.exception, at.exception
    assert sorted(made) == sorted(f"walkthrough__{key}" for key in BOXES)
    for key, (step, has_help) in BOXES.items():
        box = at.number_input(key=f"walkthrough__{key}")
        assert (box.proto.step, box.proto.format, box.proto.data_type) == (step, "%g", box.proto.FLOAT), key
        own_help, _, decimals = box.proto.help.rpartition(crlm_app.inputs.DECIMAL_HELP)
        assert decimals == "" and bool(own_help.strip()) is has_help, key  # every box ends with the line


def test_progression_on_chemotherapy_is_an_answer_in_the_form_and_the_link() -> None:
    """Disease that progressed on chemotherapy does not go on to resection (Table 1); the answer is asked
    beside the chemotherapy given, and a link keeps it."""
    at = run_page(
        PAGE,
        {
            "prior_chemotherapy_weeks": "10",
            "initially_resectable": "yes",
            "progression_on_chemotherapy": "yes",
        },
    )
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROGRESSED_ON_CHEMOTHERAPY]}"
    open_section(at, 5)
    box = at.selectbox(key="walkthrough__progression_on_chemotherapy")
    assert box.value == "yes"
    box.select("no").run()
    assert not at.exception
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROCEED_TO_RESECTION]}"
    assert at.query_params["progression_on_chemotherapy"] == "no"


def plan_text(at: AppTest) -> str:
    """The plan's ordered actions as read (the block that opens with the resectability summary)."""
    return plain(next(m.value for m in at.markdown if "**Do first**" in m.value))


def test_a_dmmr_tumour_that_progressed_is_shown_pembrolizumab_and_its_trial_s_setting() -> None:
    """The tumour board's link: progression on chemotherapy, KRAS-mutant, dMMR. The plan said the review gives
    no rule for what comes next and showed no pembrolizumab, beside a Molecular step naming checkpoint
    inhibitors [96]."""
    at = run_page(
        PAGE,
        {
            "disease_free_interval_months": "24",
            "lesion_count": "2",
            "largest_lesion_cm": "3",
            "flr_percent": "60",
            "prior_chemotherapy_weeks": "8",
            "progression_on_chemotherapy": "yes",
            "ras_status": "kras_mutant",
            "braf_v600e": "no",
            "msi_high_or_dmmr": "yes",
        },
    )
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROGRESSED_ON_CHEMOTHERAPY]}"
    do_first = plan_text(at).split("**Then**")[0]
    assert "pembrolizumab (dMMR/MSI-H)" in do_first and "not after progression" in do_first
    options = plain(next(m.value for m in at.markdown if m.value.startswith("**Options:**")))
    assert "pembrolizumab" in options and "first-line" in options


def test_the_weeks_box_says_it_is_not_chemotherapy_for_the_primary() -> None:
    """A recurrence after adjuvant chemotherapy for the primary could be read into the weeks box; its help
    says what the box holds, and the plan's regimen step names the primary's chemotherapy [108]."""
    at = run_page(PAGE)
    open_section(at, 5)
    help_text = at.number_input(key="walkthrough__prior_chemotherapy_weeks").proto.help
    assert "these liver metastases" in help_text and "primary tumour" in help_text
    at.session_state["walkthrough__plan_why"] = True
    at.run()
    why = plain("\n".join(m.value for m in at.markdown))
    assert "Chemotherapy given for the primary tumour" in why and "ASCO" in why


def test_a_margin_under_1_mm_on_an_upfront_plan_weighs_chemotherapy_first() -> None:
    """The tumour board's link: one resectable lesion, a 0.5 mm margin, upfront resection; the Margins step
    now says chemotherapy first may make a negative margin likelier (Table 1) and that the review gives no
    rule for when it should; re-planning stays the first action."""
    at = run_page(
        PAGE,
        {
            "disease_free_interval_months": "24",
            "lesion_count": "1",
            "largest_lesion_cm": "4",
            "flr_percent": "60",
            "expected_margin_mm": "0.5",
            "node_positive_primary": "no",
            "cea_ng_ml": "5",
            "ras_status": "wild_type",
            "braf_v600e": "no",
            "msi_high_or_dmmr": "no",
        },
    )
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.UPFRONT_RESECTION]}"
    assert plan_text(at).split("**Do first**")[1].lstrip().startswith("1. Re-plan the resection")
    steps = plain(next(m.value for m in at.markdown if "**Margins**" in m.value))
    margins = steps.split("**Margins**", 1)[1]
    assert "negative margin more likely" in margins


def test_a_synchronous_perioperative_plan_resects_with_the_primary() -> None:
    """Only the upfront plan named the primary still in place; a perioperative plan for synchronous disease
    names it too, on its resection."""
    at = run_page(PAGE, {"synchronous": "true", "node_positive_primary": "yes", "cea_ng_ml": "300"})
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PERIOPERATIVE_CHEMOTHERAPY]}"
    then = plan_text(at).split("**Then**")[1]
    assert "Resect (with the primary if still in place: together or staged for a colon primary" in then
    assert "no rule for a rectal primary's own treatment" in then


# The regression review's link: a dMMR patient with unresectable bilobar disease whose disease progressed on
# the 12 weeks given.
PROGRESSED_DMMR_LINK = {
    "synchronous": "true",
    "lesion_count": "8",
    "largest_lesion_cm": "3.0",
    "bilobar": "true",
    "complete_resection_possible": "false",
    "flr_percent": "50.0",
    "ras_status": "wild_type",
    "braf_v600e": "no",
    "msi_high_or_dmmr": "yes",
    "prior_chemotherapy_weeks": "12.0",
    "initially_resectable": "no",
    "progression_on_chemotherapy": "yes",
}


def test_a_dmmr_patient_who_progressed_is_not_offered_pembrolizumab_whatever_failed() -> None:
    """The regression review's link: with no course entered this patient's plan gives pembrolizumab, so the
    12 weeks may be pembrolizumab, and the plan offered it again after progression. The offer now holds only
    where the course that progressed was chemotherapy; after pembrolizumab itself the review gives no rule.
    The weeks box and the progression question say how a pembrolizumab course is entered."""
    at = run_page(
        PAGE,
        PROGRESSED_DMMR_LINK,
    )
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROGRESSED_ON_CHEMOTHERAPY]}"
    do_first = plan_text(at).split("**Then**")[0]
    assert "1. Pembrolizumab" not in do_first  # no unconditional offer
    assert "If the course that progressed was chemotherapy: pembrolizumab" in do_first
    assert "pembrolizumab itself" in do_first and "no rule" in do_first
    options = plain(next(m.value for m in at.markdown if m.value.startswith("**Options:**")))
    assert "if the course that progressed was chemotherapy" in options
    open_section(at, 5)
    weeks_help = at.number_input(key="walkthrough__prior_chemotherapy_weeks").proto.help
    assert "pembrolizumab" in weeks_help and "progression question" in weeks_help
    progression_help = at.selectbox(key="walkthrough__progression_on_chemotherapy").proto.help
    assert "pembrolizumab" in progression_help and "no rule" in progression_help


def test_what_would_change_a_progressed_plan_does_not_call_a_removed_option_progressed() -> None:
    """The regression review: 'With disease that did not progress ...: proceed to resection; pembrolizumab
    (dMMR/MSI-H; its trial gave it first-line, not after progression) no longer an option'. A removed option
    is named plainly; the progressed plan's qualifier stays on its own options."""
    at = run_page(
        PAGE,
        {
            "tab": "What would change it",
            "disease_free_interval_months": "20",
            "lesion_count": "1",
            "flr_percent": "60",
            "msi_high_or_dmmr": "yes",
            "prior_chemotherapy_weeks": "12",
            "progression_on_chemotherapy": "yes",
        },
    )
    assert not at.exception
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.PROGRESSED_ON_CHEMOTHERAPY]}"
    changes = [plain(m.value) for m in at.markdown if "no longer an option" in m.value]
    assert changes and any("Proceed to resection" in text for text in changes)
    for text in changes:
        assert "pembrolizumab (dmmr/msi-h) no longer an option" in text.lower(), text  # the first may lead
        assert "not after progression" not in text and "first-line" not in text, text


@pytest.mark.parametrize(
    "earlier",
    [{"extrahepatic_disease": "unresectable"}, {"fit_for_surgery": "false"}],
    ids=["extrahepatic", "unfit"],
)
def test_a_systemic_plan_after_progression_says_so_and_conditions_pembrolizumab(
    earlier: dict[str, str],
) -> None:
    """The regression review's link with unresectable extrahepatic disease, or an unfit patient: the plan
    became systemic therapy (right) saying 'Pembrolizumab (dMMR/MSI-H).' and offering 'pembrolizumab first'
    with no condition, the progression answer ignored. It now says the disease progressed on the treatment
    given and the next line is the team's, and pembrolizumab takes the progressed plan's condition."""
    at = run_page(
        PAGE,
        {**PROGRESSED_DMMR_LINK, **earlier},
    )
    assert not at.exception
    assert plan_heading(at) == f"Plan: {STRATEGY_LABELS[Strategy.SYSTEMIC_THERAPY]}"
    do_first = plan_text(at).split("**Then**")[0]
    assert "Pembrolizumab (dMMR/MSI-H)." not in do_first
    assert "progressed on the treatment given" in do_first and "no rule for the next line" in do_first
    assert "If the course that progressed was chemotherapy: pembrolizumab" in do_first
    assert "pembrolizumab itself" in do_first
    options = plain(next(m.value for m in at.markdown if m.value.startswith("**Options:**")))
    assert "pembrolizumab first" not in options.lower()
    assert "if the course that progressed was chemotherapy" in options
