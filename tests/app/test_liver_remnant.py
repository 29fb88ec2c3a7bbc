"""AppTest of the Liver remnant planner: FLR entered or standardized, the threshold by liver condition."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from crlm_content.catalog import get_catalog
from crlm_content.decision import recommend
from crlm_content.decision.steps import remnant_condition
from crlm_content.timing import MAX_CHEMOTHERAPY_WEEKS
from crlm_content.tools.liver_remnant import EXTENSIVE_CHEMOTHERAPY_EVIDENCE

from ..unit.patients import patient
from .helpers import cited, markdown, plain, run_page

PAGE = "app_pages/liver_remnant.py"


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def test_defaults_meet_the_normal_liver_threshold() -> None:
    at = run_page(PAGE)
    assert "An FLR of 25% meets the review's threshold for a normal liver" in at.success[0].value
    assert not at.error and not at.warning
    assert at.get("plotly_chart")
    assert "flr-threshold-normal-liver" in cited(at)
    assert "caveat 14" in markdown(at)
    assert "When the remnant is too small" not in headers(at)
    assert (
        at.number_input(key="liver_remnant__flr_ml").disabled
        and not at.number_input(key="liver_remnant__flr").disabled
    )


def test_condition_changes_the_threshold_and_prompts_pve_and_two_stage() -> None:
    at = run_page(PAGE)
    at.selectbox(key="liver_remnant__liver").select("cirrhosis").run()
    assert "does not meet the review's threshold for a cirrhotic liver \\(FLR \\> 40%\\)" in at.error[0].value
    assert "When the remnant is too small" in headers(at)
    text = markdown(at)
    assert "portal vein embolization before surgery" in text  # flr-pve-insufficient-remnant
    assert "two\\-stage resection after initial chemotherapy" in text  # flr-two-stage-survival
    assert at.query_params["liver"] == "cirrhosis"


def test_exactly_thirty_percent_after_chemotherapy_is_at_the_threshold_not_a_red_failure() -> None:
    at = run_page(PAGE, {"liver": "chemotherapy_or_steatosis", "flr": "30"})
    assert not at.error
    verdict = at.warning[-1].value
    assert "An FLR of 30% is exactly at the review's threshold" in verdict  # as typed: no "30.0%"
    assert "excludes it" in verdict
    # the sign is explained once by the page (the verdict), then by the threshold's own record
    assert sum("Mind the sign" in m.value for m in at.markdown) == 0


def test_exactly_twenty_percent_of_a_normal_liver_is_enough() -> None:
    at = run_page(PAGE)
    at.number_input(key="liver_remnant__flr").set_value(20.0).run()
    assert "includes it" in at.success[0].value
    assert at.query_params["flr"] == "20"


def test_volume_and_bsa_give_the_standardized_flr() -> None:
    at = run_page(PAGE)
    at.radio(key="liver_remnant__flr_from").set_value("volume").run()
    at.number_input(key="liver_remnant__flr_ml").set_value(522.045).run()
    at.number_input(key="liver_remnant__bsa").set_value(2.0).run()
    # eTLV = -794.41 + 1267.28 x 2 = 1740.15 mL; 522.045 / 1740.15 = 30%
    derivation = markdown(at)
    assert "1740.15 mL" in derivation and "522.045 / 1740.15 x 100 = 30.0%" in derivation
    assert "derived by this app" in derivation
    assert "Surgery 2000;127\\:512" in "\n".join(c.value for c in at.caption)  # Vauthey, the primary source
    assert at.query_params["flr_from"] == "volume"


def test_deep_link_with_volume() -> None:
    params = {"flr_from": "volume", "flr_ml": "522.045", "bsa": "2", "liver": "chemotherapy_or_steatosis"}
    at = run_page(PAGE, params)
    assert "An FLR of 30.0% is exactly at" in at.warning[-1].value
    assert at.number_input(key="liver_remnant__bsa").value == 2.0


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"flr": "150", "liver": "fatty", "bsa": "x"})
    notice = at.warning[0].value
    assert "flr=150" in notice and "above the maximum 100" in notice
    assert "liver=fatty" in notice and "bsa=x" in notice
    assert "An FLR of 25% meets" in at.success[0].value


def test_bsa_below_the_plausible_range_is_refused_and_the_ranges_are_stated() -> None:
    at = run_page(PAGE, {"flr_from": "volume", "bsa": "0.55"})
    assert "'bsa=0.55' ignored" in at.warning[0].value and "below the minimum 1" in at.warning[0].value
    assert at.number_input(key="liver_remnant__bsa").value == 1.8  # the default, not 0.55
    assert "not a published range\\)\\: body surface area 1\\-3 m²" in "\n".join(c.value for c in at.caption)


def test_volume_above_the_estimated_liver_names_the_field() -> None:
    at = run_page(PAGE, {"flr_from": "volume", "flr_ml": "3000", "bsa": "1"})
    assert "FLR volume \\(mL\\)\\: 3000 mL is more than the estimated total liver volume" in at.error[0].value


def test_negative_zero_in_a_link_is_shown_as_zero() -> None:
    at = run_page(PAGE, {"flr": "-0"})
    text = "\n".join(e.value for e in at.error) + "\n".join(s.value for s in at.success)
    assert "An FLR of 0%" in text and "-0" not in text.replace("\\-", "-")


def test_the_flr_box_shows_the_value_it_holds() -> None:
    at = run_page(PAGE, {"flr": "19.999"})
    box = at.number_input(key="liver_remnant__flr")
    assert box.value == 19.999
    assert box.proto.format == "%g"  # the browser prints 19.999, not 20.00 beside "does not meet >= 20%"
    assert "does not meet" in at.error[0].value
    assert "An FLR of 19.999% does not meet" in at.error[0].value  # the verdict, too, names what was typed


def test_an_entered_flr_is_written_as_typed_and_a_derived_one_to_a_decimal() -> None:
    at = run_page(PAGE, {"flr": "41"})
    assert "An FLR of 41% meets" in at.success[0].value  # the box says 41: so does the verdict, not 41.0%
    figure = at.get("plotly_chart")[0].proto.spec
    assert '"text":["41%"]' in figure.replace(" ", "")
    at = run_page(PAGE, {"flr_from": "volume", "flr_ml": "700", "bsa": "2"})
    # derived: 700 / (-794.41 + 1267.28 x 2) x 100 = 40.226...% -> one decimal
    assert "An FLR of 40.2% meets" in at.success[0].value


def test_a_typed_flr_out_of_range_is_named_in_place_and_withholds_the_verdict() -> None:
    at = run_page(PAGE)
    for typed, side in ((150.0, "above"), (-3.0, "below")):
        at.number_input(key="liver_remnant__flr").set_value(typed).run()
        assert not at.exception
        assert [plain(e.value) for e in at.error] == [
            f"- FLR (% of total liver volume): enter a number from 0 to 100; {typed:g} is {side} that range."
        ]
        assert not at.success and not at.get("plotly_chart")  # no "An FLR of 25.0% meets..." beside 150
        assert "No result while an entry above is out of range" in at.info[0].value
    at.number_input(key="liver_remnant__flr").set_value(25.0).run()
    assert not at.error and "An FLR of 25% meets" in at.success[0].value


def test_a_typed_body_surface_area_out_of_range_is_named() -> None:
    at = run_page(PAGE, {"flr_from": "volume"})
    at.number_input(key="liver_remnant__bsa").set_value(0.5).run()
    assert [plain(e.value) for e in at.error] == [
        "- Body surface area (m²): enter a number from 1 to 3; 0.5 is below that range."
    ]


def test_an_emptied_body_surface_area_says_it_is_empty_not_0() -> None:
    """Cleared, the box snapped back to 0 and the page said '0 is below that range', a 0 never typed."""
    at = run_page(PAGE, {"flr_from": "volume"})
    at.number_input(key="liver_remnant__bsa").set_value(None).run()
    assert [plain(e.value) for e in at.error] == [
        "- Body surface area (m²): enter a number from 1 to 3; the box is empty."
    ]
    assert not at.success and not at.get("plotly_chart")
    assert at.query_params["bsa"] == "none"
    at.number_input(key="liver_remnant__flr_ml").set_value(None).run()
    assert len(at.error) == 1 and "FLR volume (mL): enter a number from 0 to" in plain(at.error[0].value)
    at.radio(key="liver_remnant__flr_from").set_value("percent").run()  # the boxes not in use are not checked
    assert not at.error and "An FLR of 25% meets" in at.success[0].value


def test_the_chart_description_names_the_threshold_s_reference() -> None:
    """The chart showed "Threshold: >= 20% (ref. [93])" under it; its text alternative did not (a screen
    reader heard the bar, not where the threshold comes from). Every chart's description now ends with its
    source note (crlm_app.charts)."""
    at = run_page(PAGE)
    (description,) = [plain(c.value) for c in at.caption if c.value.startswith("Chart description")]
    assert "Note under the chart: Threshold: " in description
    assert "[93]" in description and "FLR as entered" in description


def test_the_verdict_says_how_the_walkthrough_reads_extensive_chemotherapy() -> None:
    """At 25% with "Normal liver" the planner says the threshold is met, while the walkthrough after 13 weeks
    of chemotherapy asks for more than 30%: the planner says why, with the walkthrough's own weeks and the
    record the walkthrough cites for them."""
    record_id, label = EXTENSIVE_CHEMOTHERAPY_EVIDENCE
    weeks = get_catalog().get(record_id).value(label)
    assert (weeks.value, weeks.comparator) == (MAX_CHEMOTHERAPY_WEEKS, ">")
    at = run_page(PAGE, {"flr": "25"})
    (note,) = [c for c in at.caption if "extensive chemotherapy" in c.value]
    text = plain(note.value)
    assert "The review does not define 'extensive chemotherapy'" in text
    assert f"more than {MAX_CHEMOTHERAPY_WEEKS} weeks" in text and "ref. [53]" in text
    assert "> 30%" in text
    # the walkthrough does what the note says: more than 12 weeks holds a normal liver to the > 30% rule
    assert remnant_condition(patient(prior_chemotherapy_weeks=MAX_CHEMOTHERAPY_WEEKS + 1)) == (
        "chemotherapy_or_steatosis"
    )
    assert remnant_condition(patient(prior_chemotherapy_weeks=MAX_CHEMOTHERAPY_WEEKS)) == "normal"


def test_too_small_says_the_remnant_is_measured_again_and_the_review_sets_no_growth_target() -> None:
    at = run_page(PAGE, {"flr": "15"})
    assert "When the remnant is too small" in headers(at)
    (line,) = [plain(m.value) for m in at.markdown if "measured again" in m.value]
    assert "After embolization the remnant is measured again" in line
    assert "same threshold for a normal liver (FLR >= 20%)" in line
    assert "The review gives no target for the growth itself" in line
    assert "hypertrophy" in line and "kinetic growth rate" in line
    # cited to the record the walkthrough cites when it plans the measurement after embolization
    assert "flr-ct-volumetry" in cited(at)
    # and the walkthrough does plan it
    plan = recommend(patient(flr_percent=15))
    assert any(
        "again after embolization" in action.text and "flr-ct-volumetry" in action.evidence_ids
        for action in plan.actions
    )
