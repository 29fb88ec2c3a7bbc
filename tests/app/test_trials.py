"""AppTest of the Trials page: filter by question, choose a study, deep links, ongoing trials, bad links."""

from __future__ import annotations

import json
import re

import crlm_content
from crlm_app.markup import ICON_SOURCE
from crlm_content.studies import in_question, load_studies

from .helpers import captions, markdown, plain, run_page

PAGE = "app_pages/trials.py"
STUDIES = load_studies(crlm_content.get_catalog())


def listed(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The studies of the verdict list, in order."""
    return re.findall(r"^- \*\*(.+?)\*\* \(", plain(markdown(at)), flags=re.MULTILINE)


def cards(at) -> int:  # type: ignore[no-untyped-def]
    """Evidence cards drawn: each ends with its citation line."""
    return sum(1 for c in at.caption if c.value.startswith(ICON_SOURCE))


def test_the_page_lists_every_study_with_a_verdict() -> None:
    at = run_page(PAGE)
    assert listed(at) == [s.name for s in STUDIES]
    text = plain(markdown(at))
    assert all(f"{s.verdict}" in text for s in STUDIES)
    assert at.get("plotly_chart")  # the first study has figures to draw


def test_filtering_by_question_keeps_its_studies_and_moves_the_choice() -> None:
    at = run_page(PAGE, {"study": "new-epoc"})
    at.selectbox(key="trials__question").set_value("imaging").run()
    assert not at.exception
    imaging = in_question(STUDIES, "imaging")
    assert listed(at) == [s.name for s in imaging]
    assert at.session_state["trials__study"] == imaging[0].key  # New EPOC is not an imaging study
    assert at.query_params["question"] == "imaging" and at.query_params["study"] == imaging[0].key


def test_choosing_a_study_shows_its_arms_p_values_and_significance() -> None:
    at = run_page(PAGE, {"question": "adjuvant"})
    at.selectbox(key="trials__study").set_value("ffcd-eortc-pooled").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["FFCD 9002 and EORTC 40923, pooled"]
    text = plain(markdown(at))
    assert "P = 0.058" in text and "P = 0.095" in text
    assert text.count(":orange-badge[not significant]") == 2
    assert "27.9 months" in text and "18.8 months" in text
    assert at.query_params["study"] == "ffcd-eortc-pooled"


def test_a_deep_link_opens_new_epoc_with_its_caveat_and_walkthrough_step() -> None:
    at = run_page(PAGE, {"question": "biologic", "study": "new-epoc"})
    assert [h.value for h in at.header] == ["New EPOC"]
    text = plain(markdown(at))
    # the roles are the trial reports', which the review never names
    assert "Progression-free survival (primary endpoint, per trial reports)" in text
    assert "P = 0.304. :orange-badge[not significant]" in text
    assert (
        "Median overall survival (secondary endpoint, per trial reports)" in text and "stopped early" in text
    )
    assert "caveat 6" in text
    chart_text = " ".join(c.value for c in at.caption if c.value.startswith("Chart description"))
    assert "P = 0.304; not significant" in plain(chart_text)
    link = next(link.proto for link in at.get("page_link") if link.proto.page == "walkthrough")
    assert link.label == "Open step 8 in the walkthrough"
    assert "step 8 (Regimen and biologics), for the preset patient" in plain(captions(at))


def test_an_ongoing_trial_has_no_chart() -> None:
    at = run_page(PAGE, {"study": "charta"})
    assert any("Ongoing" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_a_study_without_a_p_value_says_not_given() -> None:
    at = run_page(PAGE, {"study": "pembrolizumab-phase-3"})
    assert "P value not given" in plain(markdown(at))


def test_the_evidence_cards_open_on_demand() -> None:
    at = run_page(PAGE, {"study": "become"})
    assert cards(at) == 0  # closed: no cards built
    assert any(e.label == "The evidence behind it (2 records)" for e in at.expander)
    at.session_state["trials__evidence"] = True
    at.run()
    assert not at.exception
    assert cards(at) == 2


def test_a_bad_link_is_reported_and_the_page_still_works() -> None:
    at = run_page(PAGE, {"study": "no-such-study", "question": "nonsense"})
    notice = plain(" ".join(w.value for w in at.warning))
    assert "'study=no-such-study' ignored" in notice and "'question=nonsense' ignored" in notice
    assert plain(at.header[0].value) == STUDIES[0].name


def test_a_link_naming_a_study_outside_its_question_shows_that_study_under_every_question() -> None:
    assert "new-epoc" not in {s.key for s in in_question(STUDIES, "imaging")}
    at = run_page(PAGE, {"question": "imaging", "study": "new-epoc"})
    assert not at.exception
    assert [h.value for h in at.header] == ["New EPOC"]
    notice = plain(" ".join(w.value for w in at.warning))
    assert "New EPOC does not answer the question" in notice and "every question is shown" in notice
    assert at.session_state["trials__question"] == "all"
    assert "question" not in at.query_params and at.query_params["study"] == "new-epoc"


def test_the_study_picker_comes_before_the_list_of_every_verdict() -> None:
    """On a phone the study picker sat ~5 screens down, under the list of 35 verdicts."""

    def walk(node: object) -> list[object]:
        children = getattr(node, "children", {})
        return [node, *(n for child in children.values() for n in walk(child))]

    at = run_page(PAGE)
    order = walk(at.main)
    picker = next(i for i, n in enumerate(order) if getattr(n, "label", "").startswith("Study ("))
    verdicts = next(
        i for i, n in enumerate(order) if str(getattr(n, "value", "")).startswith("**Every study for this")
    )
    card = next(i for i, n in enumerate(order) if getattr(n, "type", "") == "header")
    assert picker < card < verdicts


def test_the_introduction_says_a_caveat_may_quote_a_primary_paper() -> None:
    """Caveat 22 sets PROMETEO-01's primary paper (77% vs 91%) beside the review's figures; the introduction
    said every figure on the page is the review's."""
    at = run_page(PAGE, {"question": "imaging", "study": "prometeo-01"})
    page = plain(markdown(at))
    assert "77% vs 91%" in page and "Every figure is the review's" not in page
    assert "a caveat that sets a primary paper's figure beside them names that paper" in page


def test_the_cea_study_says_which_patients_its_sensitivity_counts() -> None:
    at = run_page(PAGE, {"question": "imaging", "study": "cea-decline-cutoff"})
    assert not at.exception
    text = plain(markdown(at))
    assert (
        "Most patients whose disease was progressing had no such fall in CEA, so the test flagged them."
        in text
    )
    assert "picked out most patients whose disease was not progressing" not in text
    assert "caveat 18" in text and "Derived by this app" in text


def test_the_chart_comes_as_a_grid_for_wide_screens_and_a_column_for_phones() -> None:
    """One column of panels was 2022 px tall on a 720 px projector in presenter mode: the browser now shows a
    grid where the chart is wide enough (CSS by width), one column on a phone. Both are sent."""
    for params, grid_from in (({}, 1060), ({"present": "1"}, 1280)):
        at = run_page(PAGE, params)
        specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
        assert len(specs) == 2
        grid, column = (spec["layout"] for spec in specs)
        assert grid["height"] < column["height"]
        if params:  # presenter mode: the projector's grid fits its 720 px (tests/unit/test_figures_studies)
            assert grid["height"] <= 704 < column["height"]
        style = " ".join(h.proto.body for h in at.get("html") if "trials-chart-grid" in h.proto.body)
        assert f"(max-width: {grid_from - 1}px) {{ .st-key-trials-chart-grid {{ display: none; }} }}" in style
        assert f"(min-width: {grid_from}px) {{ .st-key-trials-chart-column {{ display: none; }} }}" in style


def test_the_designs_the_review_does_not_state_name_their_source() -> None:
    """The review calls BECOME only 'the BECOME trial' and KEYNOTE-177 'a phase III clinical trial': their
    'randomised' is the trial reports', and says so in the design line and the at-a-glance list."""
    at = run_page(PAGE, {"question": "biologic", "study": "become"})
    text = plain(markdown(at))
    assert "Design: randomised trial, per trial reports" in text
    assert "**BECOME** (randomised trial, per trial reports, [42])" in text


def test_the_intro_admits_the_primary_paper_results_it_charts() -> None:
    at = run_page(PAGE, {"question": "imaging", "study": "prometeo-01"})
    text = plain(markdown(at))
    assert "except a result marked as a primary paper's, which its source line names" in text
