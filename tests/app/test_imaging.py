"""AppTest of the Imaging page: defaults, widgets, deep links, bad parameters, the derived illustration."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from .helpers import captions, markdown, plain, run_page

PAGE = "app_pages/imaging.py"


def chart_data(at: AppTest, index: int = 0) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(at.get("plotly_chart")[index].proto.spec)["data"]
    return data


def all_captions(at: AppTest) -> str:
    return plain(captions(at))


def test_defaults_show_every_study_separately() -> None:
    at = run_page(PAGE)
    assert not at.warning
    assert at.multiselect(key="imaging__studies").value == ["meta", "prometeo", "intraop"]
    assert at.radio(key="imaging__view").value == "compare"
    bars = [(trace["name"], trace["x"]) for trace in chart_data(at)]
    assert bars == [
        ("Meta-analysis, after chemo [71]", [85.7, 69.9, 54.5, 51.7]),
        ("PROMETEO-01 [69]", [91.0, 82.0, 71.0]),
        ("Intraoperative comparison [78]", [99.0, 88.0, 83.0, 81.0]),
    ]
    assert dict(at.query_params) == {}


def test_teaching_points_are_cited() -> None:
    text = all_captions(at := run_page(PAGE))
    assert "imaging-meta-analysis-authors-conclusions" in text
    assert "ref. [70]" in text and "imaging-pet-not-routine" in text
    assert "ref. [78]" in text and "imaging-intraoperative-comparison" in text
    assert "contrast-enhanced IOUS was the most sensitive method (99%)" in plain(markdown(at))


def test_default_illustration_is_labelled_derived_with_inputs() -> None:
    at = run_page(PAGE)
    text = plain(markdown(at))
    assert ":blue-badge[derived]" in text
    assert "10 lesions x 85.7% = 8.57 expected to be found" in text
    assert "9 found, 1 missed" in text
    found, missed = chart_data(at, 1)
    assert (len(found["x"]), len(missed["x"])) == (9, 1)  # type: ignore[arg-type]


def test_one_true_lesion_reads_in_the_singular() -> None:
    at = run_page(PAGE, {"n": "1", "example": "meta-pet-ct"})
    text = plain(markdown(at))
    assert "1 lesion x 51.7% = 0.517 expected to be found" in text
    assert "Inputs: N = 1 true lesion (your choice)" in text
    assert "1 lesions" not in text and "1 true lesions" not in text


def test_widgets_filter_the_chart_and_go_into_the_url() -> None:
    at = run_page(PAGE)
    at.multiselect(key="imaging__studies").unselect("meta").run()
    at.multiselect(key="imaging__modalities").set_value(["ct", "ce-ct"]).run()
    at.slider(key="imaging__n").set_value(20).run()
    assert [(t["name"], t["x"]) for t in chart_data(at)] == [
        ("PROMETEO-01 [69]", [82.0, 71.0]),
        ("Intraoperative comparison [78]", [81.0]),
    ]
    assert at.query_params["studies"] == "prometeo,intraop"
    assert at.query_params["modalities"] == "ct,ce-ct"
    assert at.query_params["n"] == "20"
    assert "20 lesions x 85.7% = 17.14 expected to be found" in plain(markdown(at))


def test_nothing_selected_gives_a_message_not_an_empty_chart() -> None:
    at = run_page(PAGE)
    at.multiselect(key="imaging__studies").set_value([]).run()
    assert "No figure for this choice" in at.info[0].value
    assert len(at.get("plotly_chart")) == 1  # only the icon array


def test_deep_link_before_and_after_chemotherapy() -> None:
    at = run_page(
        PAGE,
        {"view": "chemo", "studies": "prometeo", "modalities": "ct", "n": "37", "example": "prometeo-ct-nct"},
    )
    assert not at.warning
    assert at.radio(key="imaging__view").value == "chemo"
    assert at.slider(key="imaging__n").value == 37
    # the primary's comparison of different patients (caveat 22), with no fall derived from 82% and 71%
    assert chart_data(at)[0]["y"] == [91.0, 77.0]
    text = plain(markdown(at))
    assert "82 - 71" not in all_captions(at) + text and "percentage points" not in all_captions(at) + text
    assert "not a before-and-after pair, so no fall is computed from them" in text
    assert "caveat 22" in text  # the badge on the cards of both records
    assert "imaging-prometeo-ct-by-chemotherapy" in all_captions(at)
    assert "imaging-prometeo-ct-after-nct" in all_captions(at)
    assert "imaging-prometeo-mri-vs-ct" in all_captions(at)  # the 82% the paragraph names is cited
    assert "gives no figure for PET" in plain(markdown(at))
    # the review says chemotherapy "strongly affected" PET's accuracy, in no direction: the card says so too
    assert "PET-CT strongly affected by chemotherapy (the review gives no direction)" in plain(markdown(at))
    assert "strongly reduced" not in plain(markdown(at))
    assert "37 lesions x 71% = 26.27 expected to be found" in plain(markdown(at))
    assert "26 found, 11 missed" in plain(markdown(at))


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"studies": "meta,nonsense", "n": "99", "view": "zzz", "example": "x", "foo": "1"})
    notice = at.warning[0].value
    for name in ("studies", "n=99", "view", "example", "foo"):
        assert name in notice
    assert at.multiselect(key="imaging__studies").value == ["meta", "prometeo", "intraop"]
    assert at.slider(key="imaging__n").value == 10
    assert at.radio(key="imaging__view").value == "compare"


def test_the_icon_array_never_says_an_imperfect_test_missed_nothing() -> None:
    """/imaging?n=50&example=intraop-ce-ious read "50 true lesions: about 50 found, 0 missed" at 99%."""
    at = run_page(PAGE, {"n": "50", "example": "intraop-ce-ious"})
    text = plain(markdown(at))
    assert "50 lesions x 99% = 49.5 expected to be found" in text
    assert "49.5 expected found, 0.5 expected missed" in text and "0 missed" not in text
    assert "the counts are given unrounded" in text  # the rule, where the reader sees the counts
    (chart,) = [c for c in at.get("plotly_chart") if "true lesions" in c.proto.spec]
    spec = json.loads(chart.proto.spec)
    assert "0.5 missed" in spec["layout"]["title"]["text"].replace("<br>", " ")
    assert [trace["name"] for trace in spec["data"]] == ["found (49.5 expected)", "missed (0.5 expected)"]


def test_each_sensitivity_choice_starts_with_its_figure() -> None:
    """A narrow box cuts a label's end: at 390 px "CT (after chemotherapy, review's figure), PROMETEO-" hid
    the 71%. The figure leads, so what is cut is the study, named in full under the chart."""
    at = run_page(PAGE, {"example": "prometeo-ct-nct"})
    labels = at.selectbox(key="imaging__example").options  # the options as shown
    assert len(labels) >= 8
    assert all(re.match(r"^\d+(\.\d+)?%: ", label) for label in labels), labels
