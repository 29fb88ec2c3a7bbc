"""AppTest of the walkthrough's choice boxes: they show words, from the plan's and the liver feature's own
label mappings, while the values (and so the links) stay the codes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from crlm_content.decision import TRI_STATE
from crlm_content.decision.model import EXTRAHEPATIC_LABELS
from crlm_content.liver import LIVER_CONDITION_LABELS

from .helpers import run_page

PAGE = "app_pages/decision_walkthrough.py"
# (section, key) of every yes / no / not known box
TRI_STATE_BOXES = (
    (3, "resection_easy"),
    (3, "node_positive_primary"),
    (4, "braf_v600e"),
    (4, "msi_high_or_dmmr"),
    (4, "good_performance_status"),
    (5, "initially_resectable"),
    (5, "progression_on_chemotherapy"),
)
# a link written before the boxes had labels: the codes it carries still open the same patient
OLD_LINK = {
    "extrahepatic_disease": "unresectable",
    "liver_condition": "chemotherapy_or_steatosis",
    "braf_v600e": "yes",
    "node_positive_primary": "no",
    "initially_resectable": "unknown",
}


def open_sections(at: AppTest, *numbers: int) -> None:
    for number in numbers:
        at.session_state[f"walkthrough__section_{number}"] = True
    at.run()
    assert not at.exception, at.exception


def test_the_boxes_show_words_not_codes() -> None:
    at = run_page(PAGE)
    open_sections(at, 2, 3, 4, 5)
    extrahepatic = at.selectbox(key="walkthrough__extrahepatic_disease")
    assert extrahepatic.options == [
        "No extrahepatic disease",
        "Resectable extrahepatic disease",
        "Unresectable extrahepatic disease",
    ]
    assert [text.lower() for text in extrahepatic.options] == list(EXTRAHEPATIC_LABELS.values())
    liver = at.selectbox(key="walkthrough__liver_condition")
    assert liver.options == list(LIVER_CONDITION_LABELS.values())  # the liver feature's one wording
    assert "Normal liver" in liver.options
    assert len(TRI_STATE) == 3
    for _, key in TRI_STATE_BOXES:
        box = at.selectbox(key=f"walkthrough__{key}")
        assert box.options == ["Not known", "Yes", "No"], key
        assert box.value == "unknown", key  # the value is the code the plan and the link read


def test_an_old_link_opens_the_same_patient_and_a_choice_writes_a_code() -> None:
    at = run_page(PAGE, OLD_LINK)
    open_sections(at, 2, 3, 4, 5)
    for key, code in OLD_LINK.items():
        assert at.selectbox(key=f"walkthrough__{key}").value == code, key
    assert at.selectbox(key="walkthrough__extrahepatic_disease").format_func("unresectable") == (
        "Unresectable extrahepatic disease"
    )
    kept = {key: code for key, code in OLD_LINK.items() if code != "unknown"}  # a default leaves the URL
    assert {key: at.query_params[key] for key in kept} == kept
    at.selectbox(key="walkthrough__extrahepatic_disease").select("resectable").run()
    at.selectbox(key="walkthrough__msi_high_or_dmmr").select("yes").run()
    at.selectbox(key="walkthrough__liver_condition").select("cirrhosis").run()
    assert not at.exception
    assert at.query_params["extrahepatic_disease"] == "resectable"
    assert at.query_params["msi_high_or_dmmr"] == "yes"
    assert at.query_params["liver_condition"] == "cirrhosis"


def test_the_toggles_say_what_the_handout_says() -> None:
    """'All disease can be removed' on screen, 'All liver disease ... (in one or two stages)' in the handout
    and the errors: a resectable lung nodule could be read into the toggle instead of its own box."""
    at = run_page(PAGE)
    open_sections(at, 2, 3)
    toggle = at.toggle(key="walkthrough__complete_resection_possible")
    assert toggle.label == "All liver disease can be removed (in one or two stages)"
    risk = at.toggle(key="walkthrough__high_operative_risk").help
    # the review glosses LOW operative risk (fit, four or fewer lesions); the help had it the other way round
    assert risk.startswith("The review defines only low operative risk: a patient fit for surgery with 4 or")
    assert "more than 4 lesions already count" in risk


def test_the_plan_is_a_status_message_for_screen_readers() -> None:
    """The plan's heading changed while a keyboard user typed in a box below it, with no status message
    (WCAG 4.1.3): the plan is repeated in an info box (role=status), not drawn."""
    at = run_page(PAGE)
    assert "Plan: Upfront resection (then adjuvant chemotherapy)." in [i.value for i in at.info]
    at.number_input(key="walkthrough__lesion_count").set_value(9).run()
    assert "Plan: Perioperative (neoadjuvant) chemotherapy, then resection." in [i.value for i in at.info]
