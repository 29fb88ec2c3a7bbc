"""AppTest of Response assessment: the target table, RECIST 1.1, Figure 1, CT morphologic response (Chun)."""

from __future__ import annotations

from fractions import Fraction

from streamlit.testing.v1 import AppTest

from .helpers import captions, cited, edit, markdown, plain, run_page

PAGE = "app_pages/response_assessment.py"


def recist(at: AppTest) -> str:
    return next(h.value for h in at.header if h.value.startswith("RECIST 1.1: "))


def test_defaults_grade_the_example_table() -> None:
    at = run_page(PAGE)
    # liver 35/20/22 + lung 12/10/10: sums 47 / 30 / 32; -31.9% from baseline, +6.7% and +2 mm from nadir
    assert recist(at) == "RECIST 1.1: Partial response (PR)"
    table = at.data_editor[0].value
    assert list(table["organ"]) == ["liver", "lung"]
    assert [m.value for m in at.metric] == ["47 mm", "30 mm", "32 mm"]
    assert not at.error and not at.warning
    assert at.get("plotly_chart")
    assert any("PR is measured against the BASELINE sum" in i.value for i in at.info)


def test_figure_1_example_is_stable_disease() -> None:
    at = run_page(PAGE)
    at.button(key="response_assessment__load_figure_1").click().run()
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    assert list(at.data_editor[0].value.iloc[0]) == ["liver", "96", "96", "70"]  # the cells hold text
    assert at.query_params["targets"] == "liver:96/96/70"
    assert "27.1% decrease" in at.warning[0].value  # caveat 3: the legend calls it a partial response
    assert "caveat 3" in markdown(at)


def test_new_lesion_is_progression() -> None:
    at = run_page(PAGE)
    at.checkbox(key="response_assessment__new").check().run()
    assert recist(at) == "RECIST 1.1: Progressive disease (PD)"
    assert at.query_params["new"] == "true"


def test_editing_the_table_regrades_and_updates_the_url() -> None:
    at = run_page(PAGE)
    # liver now 28: sum 38 = +8 mm and +26.7% over the nadir of 30: PD even though 19% below baseline
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"now": 28.0}})
    assert recist(at) == "RECIST 1.1: Progressive disease (PD)"
    assert at.query_params["targets"] == "liver:35/20/28,lung:12/10/10"
    # the edit survives a visit to another tab (the editor is not built there) and an unrelated change
    at.session_state["response_assessment__tab"] = "CT morphologic response"
    at.run()
    at.selectbox(key="response_assessment__chun_after").select("2").run()
    assert at.query_params["targets"] == "liver:35/20/28,lung:12/10/10"
    at.session_state["response_assessment__tab"] = "RECIST 1.1"
    at.run()
    assert recist(at) == "RECIST 1.1: Progressive disease (PD)"


def test_a_sum_just_short_of_partial_response_keeps_its_grade_in_the_link() -> None:
    at = run_page(PAGE)
    # one liver lesion 100 -> 70.0000001: above 70% of 100 = 70 mm, so SD (rounded to 70 it would be PR)
    edit(
        at,
        "response_assessment__targets_editor_0",
        edited_rows={0: {"baseline": 100.0, "nadir": 100.0, "now": 70.0000001}},
        deleted_rows=[1],
    )
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    assert at.query_params["targets"] == "liver:100/100/70.0000001"
    assert [m.value for m in at.metric] == ["100 mm", "100 mm", "70.0000001 mm"]
    # leaving the page and coming back rebuilds the editor from the link; so does opening the link
    at.switch_page("app_pages/home.py").run()
    at.switch_page(PAGE).run()
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    assert (
        recist(run_page(PAGE, {"targets": "liver:100/100/70.0000001"})) == "RECIST 1.1: Stable disease (SD)"
    )


def test_lymph_nodes_below_10_mm_are_a_complete_response() -> None:
    # RECIST 1.1: CR when every non-nodal target has gone and every target node is < 10 mm short axis
    at = run_page(PAGE, {"targets": "lymph node:20/20/8,liver:20/20/0"})
    assert recist(at) == "RECIST 1.1: Complete response (CR)"
    assert "every target lymph node is below 10 mm short axis" in plain(markdown(at))
    at = run_page(PAGE, {"targets": "lymph node:20/20/10,liver:20/20/0"})  # 10 mm is not below 10 mm
    assert recist(at) == "RECIST 1.1: Partial response (PR)"
    assert "Not CR" in plain(markdown(at))


def test_an_ln_row_is_read_as_a_lymph_node_and_the_reading_is_named() -> None:
    """'LN' was read as a non-nodal organ: this table graded PR (the 8 mm 'LN' counted as a lesion not
    gone)."""
    at = run_page(PAGE, {"targets": "liver:30/0/0,LN:20/8/8"})
    assert recist(at) == "RECIST 1.1: Complete response (CR)"
    assert "Read as a lymph node: row 2 ('LN'), measured by the short axis" in plain(markdown(at))
    at = run_page(PAGE, {"targets": "hilar LN:12/12/12"})  # a node target needs 15 mm short axis
    assert "a lymph node needs a short axis of at least 15 mm" in plain(at.error[0].value)
    at = run_page(PAGE)  # liver and lung: no node, and the page says so
    assert "No row is read as a lymph node" in plain(markdown(at))


def test_a_target_back_after_a_complete_response_with_lymph_nodes_is_progression() -> None:
    # at the nadir liver 0 mm and node 8 mm (< 10 mm): a CR with a sum of 8 mm. The liver target back at 4 mm
    # is PD (RECIST 1.1: reappearance after CR), though the sum rose only 8 -> 12 mm and is 70% below baseline
    at = run_page(PAGE, {"targets": "liver:20/0/4,lymph node:20/8/8"})
    assert recist(at) == "RECIST 1.1: Progressive disease (PD)"
    assert "the non-nodal targets measure 4 mm again" in plain(markdown(at))
    assert recist(run_page(PAGE, {"targets": "liver:20/0/0,lymph node:20/8/9"})) == (
        "RECIST 1.1: Complete response (CR)"  # node still below 10 mm, no target back: the CR holds
    )
    assert "a target lymph node back to 10 mm or more" in plain(captions(at))  # the scope note


def test_the_change_from_the_nadir_is_not_rounded_across_the_5_mm_rule() -> None:
    # 20 -> 24.9999999 mm: +4.9999999 mm, under RECIST's 5 mm absolute rule, so SD; "(5 mm)" would read as PD
    at = run_page(PAGE, {"targets": "liver:30/20/24.9999999"})
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    caption = plain(captions(at))
    assert "change from the nadir +25.0% (+4.9999999 mm)" in caption
    assert "(5 mm)" not in caption and "(+5 mm)" not in caption
    assert [m.value for m in at.metric] == ["30 mm", "20 mm", "24.9999999 mm"]
    # 1e-17 -> 5 mm is 4.99999999999999999 mm (a float would say 5.0): still under the rule
    at = run_page(PAGE, {"targets": "liver:20/1e-17/5"})
    assert recist(at) == "RECIST 1.1: Partial response (PR)"
    assert "(+4.99999999999999999 mm)" in plain(captions(at))


def test_a_huge_value_gives_a_short_message_and_a_short_link() -> None:
    at = run_page(PAGE, {"targets": "liver:1e300/10/10"})
    message = plain(at.error[0].value)
    assert "Row 1, Baseline (mm): 1e+300 mm is above 500 mm" in message
    assert len(message) < 300
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"now": 1e308}})  # typed in a cell
    assert "Now (mm): 1e+308 mm is above 500 mm" in plain(at.error[0].value)
    assert at.query_params["targets"] == "liver:1e+300/10/1e+308"


def test_bad_table_input_gives_messages_in_place() -> None:
    at = run_page(PAGE)
    edit(
        at,
        "response_assessment__targets_editor_0",
        added_rows=[
            {"organ": "liver", "baseline": 8.0, "nadir": 8.0, "now": 8.0},
            {"organ": "liver", "baseline": 20.0, "nadir": None, "now": -2.0},
        ],
    )
    message = at.error[0].value
    assert "Row 3, Baseline \\(mm\\)\\: 8 mm is not measurable" in message
    assert "Row 4, At nadir \\(mm\\)\\: enter the diameter" in message
    assert "Row 4, Now \\(mm\\)\\: \\-2 mm is negative" in message
    assert "Organ 'liver'\\: 3 target lesions; RECIST 1.1 allows at most 2 per organ" in message
    assert not [h for h in at.header if h.value.startswith("RECIST 1.1: ")]


def test_more_than_five_targets_is_a_message() -> None:
    at = run_page(PAGE)
    organs = ["bone", "adrenal", "spleen", "kidney"]
    edit(
        at,
        "response_assessment__targets_editor_0",
        added_rows=[{"organ": o, "baseline": 20.0, "nadir": 20.0, "now": 20.0} for o in organs],
    )
    assert "6 target lesions\\: RECIST 1.1 allows at most 5; remove 1." in at.error[0].value


def test_an_organ_with_digits_is_graded_and_a_refused_one_stays_in_the_link() -> None:
    """'segment 8' or 'S4a' was refused, and the link then wrote the row with an empty organ: reopened, it
    was a different table (the row dropped with a notice)."""
    at = run_page(PAGE)
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"organ": "segment 8"}})
    assert recist(at) == "RECIST 1.1: Partial response (PR)" and not at.error
    assert at.query_params["targets"] == "segment 8:35/20/22,lung:12/10/10"
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"organ": "liver (S4a)"}})
    assert "Row 1, Organ: use letters, digits, spaces and hyphens only." in plain(at.error[0].value)
    assert at.query_params["targets"] == "liver (S4a):35/20/22,lung:12/10/10"
    reopened = run_page(PAGE, {"targets": at.query_params["targets"]})  # the table that was on screen
    assert not reopened.warning
    assert list(reopened.data_editor[0].value["organ"]) == ["liver (S4a)", "lung"]
    assert plain(reopened.error[0].value) == plain(at.error[0].value)
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"organ": "lung, left"}})
    assert at.query_params["targets"] == "lung%2C left:35/20/22,lung:12/10/10"
    reopened = run_page(PAGE, {"targets": at.query_params["targets"]})
    assert list(reopened.data_editor[0].value["organ"]) == ["lung, left", "lung"]


def test_deep_link_to_a_table_and_morphology() -> None:
    params = {"targets": "liver:96/96/70", "chun_before": "3", "chun_after": "2"}
    assert recist(run_page(PAGE, params)) == "RECIST 1.1: Stable disease (SD)"
    at = run_page(PAGE, {**params, "tab": "CT morphologic response"})
    assert "Incomplete morphologic response" in [h.value for h in at.header]
    assert at.selectbox(key="response_assessment__chun_after").value == "2"


def test_bad_parameters_are_ignored_with_notices() -> None:
    params = {"targets": "liver:abc/1/2,lung:12/10/10,bone", "chun_before": "7", "new": "perhaps"}
    at = run_page(PAGE, params)
    notices = "\n".join(w.value for w in at.warning)
    assert "chun\\_before=7" in notices and "new=perhaps" in notices
    assert "'targets' entry 1 'liver\\:abc/1/2' ignored\\: 'abc' is not a number" in notices
    assert "'targets' entry 3 'bone' ignored" in notices
    assert list(at.data_editor[0].value["organ"]) == ["lung"]  # what could be read is kept
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"  # 12 -> 10: -16.7%


def test_morphologic_response_groups() -> None:
    at = run_page(PAGE, {"tab": "CT morphologic response"})
    assert "Optimal morphologic response" in [h.value for h in at.header]  # default 3 -> 1
    # AppTest does not model the open tab, so each run says which one (a browser keeps it open itself).
    at.selectbox(key="response_assessment__chun_before").select("2")
    at.session_state["response_assessment__tab"] = "CT morphologic response"
    at.run()
    at.selectbox(key="response_assessment__chun_after").select("3")
    at.session_state["response_assessment__tab"] = "CT morphologic response"
    at.run()
    assert "No morphologic response" in [h.value for h in at.header]
    assert "Reported median residual tumour for this category: **70%**" in markdown(at)
    assert at.query_params["chun_before"] == "2"
    at.selectbox(key="response_assessment__chun_before").select(
        "1"
    )  # a group 1 baseline: outside Chun's categories
    at.session_state["response_assessment__tab"] = "CT morphologic response"
    at.run()
    assert "Outside the Chun categories" in [h.value for h in at.header]
    assert "Reported median residual tumour" not in markdown(at)
    assert "mRECIST" in "\n".join(i.value for i in at.info)  # the name-clash note (caveat 2)
    assert "caveat 2" in markdown(at)


def test_why_size_fails_records_are_shown() -> None:
    tabs = ("RECIST 1.1", "CT morphologic response", "Why RECIST falls short")
    captions = "\n".join(cited(run_page(PAGE, {"tab": tab})) for tab in tabs)
    for evidence_id in (
        "monitoring-recist-poor-pathologic-prediction",
        "monitoring-morphologic-vs-recist",
        "monitoring-complete-response-viable-tumour",
        "figure-1-response",
    ):
        assert evidence_id in captions


def test_the_chart_description_after_a_complete_response_names_no_size_line() -> None:
    at = run_page(PAGE, {"targets": "liver:100/0/4"})
    assert not at.exception
    text = plain("\n".join(c.value for c in at.caption))
    assert "no PD line: PD: any reappearance after the complete response at the nadir" in text
    assert "PD at or above 5 mm" not in text


def test_names_that_may_be_one_organ_are_noted_and_still_graded() -> None:
    """'liver S8', 'liver S4a' and 'liver segment 2' were three organs to the 2-per-organ count, without a
    word: the page now names the rows that may be one organ (a note; the table cannot know, so it grades)."""
    at = run_page(
        PAGE, {"targets": "liver S8:30/20/20,liver S4a:20/10/10,liver segment 2:15/10/10,lung:12/10/10"}
    )
    (note,) = [plain(w.value) for w in at.warning]
    assert note.startswith(
        "Rows 1, 2 and 3 ('liver S8', 'liver S4a', 'liver segment 2') may all be in one organ"
    )
    assert "at most 2 target lesions per organ" in note and "keep 2 of them as targets" in note
    assert [h.value for h in at.header if h.value.startswith("RECIST 1.1: ")]  # still graded
    two = run_page(PAGE, {"targets": "liver S8:30/20/20,liver S4a:20/10/10,lung:12/10/10"})
    assert not two.warning  # two in one organ is within the rule


def test_a_sum_a_hair_above_70_percent_is_not_shown_as_30_percent_and_one_value_is_one_text() -> None:
    # 70% of 10.000000000000005 is 7.0000000000000035: 7.0000000000000036 is above it (SD). The change is
    # -30 + 1e-15 %: "-30.0%" would read as PR; and the baseline and nadir, typed the same, read the same.
    at = run_page(PAGE, {"targets": "liver:10.000000000000005/10.000000000000005/7.0000000000000036"})
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    baseline, nadir, now = at.metric
    assert baseline.value == nadir.value
    assert now.proto.delta == "-29.999999999999999% vs baseline"
    text = markdown(at) + captions(at)
    assert "-30.0%" not in text
    assert "-29.999999999999999%" in text
    sums = [Fraction(m.value.removesuffix(" mm")) for m in (baseline, nadir, now)]
    assert sums[2] > sums[0] * Fraction(7, 10)  # the sums as shown are SD's too
    for shown in (baseline.value, now.value):  # every place writes each sum the one way
        assert f"{shown}" in plain(markdown(at)) and shown.removesuffix(" mm") in plain(captions(at))


def test_the_chart_s_pr_line_and_the_grade_agree_for_a_sum_a_hair_above_it() -> None:
    """The PR line was written from its float: 70% of 10.000000000000005 mm is 7.0000000000000035 mm, whose
    float reads 7.0000000000000036, and the chart said 'PR at or below 7.0000000000000036 mm', the current
    sum typed, beside Stable disease. From the exact line, to 2 places: 7.00, under the sum as the line is."""
    at = run_page(PAGE, {"targets": "liver:10.000000000000005/10.000000000000005/7.0000000000000036"})
    assert recist(at) == "RECIST 1.1: Stable disease (SD)"
    text = plain(captions(at))
    assert "A dashed line marks PR at or below 7 mm (30% under baseline)" in text
    assert "PR at or below 7.0000000000000036" not in text


def test_a_decimal_comma_in_a_cell_is_refused_not_read_as_thousands() -> None:
    """The grid's number cells read "2,5" as 25 (SD instead of PR); the cells hold text now, and the table
    names the row, the column and the rule instead of grading another number."""
    at = run_page(PAGE, {"targets": "liver:35/35/35"})
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"now": "2,5"}})
    assert not any(h.value.startswith("RECIST 1.1: ") for h in at.header)  # nothing graded
    message = plain(at.error[0].value)
    assert (
        "Row 1, Now (mm): '2,5' is not a number: use a point for decimals, e.g. 0.5; no thousands separators "
        "or units." in message
    )
    assert at.query_params["targets"] == "liver:35/35/"  # the link never carries a refused cell
    edit(at, "response_assessment__targets_editor_0", edited_rows={0: {"now": "2.5"}})
    assert recist(at) == "RECIST 1.1: Partial response (PR)"  # 35 -> 2.5 mm, as typed
    assert at.query_params["targets"] == "liver:35/35/2.5"


def test_the_change_from_baseline_is_not_coloured_beside_a_progression() -> None:
    """A sum 70% below baseline but 20% and 5 mm above the nadir is PD: its 'Sum now' delta was green (a
    good sign) under the PD heading, the very error the page teaches against; it is grey now, whatever the
    grade."""
    from streamlit.proto.Metric_pb2 import Metric

    for targets, grade in (("liver:100/25/30", "Progressive disease (PD)"), ("liver:100/100/60", "Partial")):
        at = run_page(PAGE, {"targets": targets})
        assert grade in recist(at)
        (now,) = [m for m in at.metric if m.label == "Sum now"]
        assert now.proto.color == Metric.MetricColor.GRAY, (targets, now.proto.color)


def test_the_grade_is_a_status_message_for_screen_readers() -> None:
    """The heading changed from PR to PD (a new lesion ticked) with no status message: a keyboard user on the
    checkbox heard nothing (WCAG 4.1.3). The grade is repeated in an info box (role=status), not drawn."""
    at = run_page(PAGE)
    assert "RECIST 1.1: Partial response (PR)." in [i.value for i in at.info]
    at.checkbox(key="response_assessment__new").check().run()
    assert "RECIST 1.1: Progressive disease (PD)." in [i.value for i in at.info]
