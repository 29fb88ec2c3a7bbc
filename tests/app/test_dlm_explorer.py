"""AppTest of the DLM explorer: defaults, plan widgets, deep links, bad input, the Figure 2 example."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from crlm_content.dlm import EMPTY_TABLE_MESSAGE

from .helpers import captions, edit, markdown, plain, run_page

PAGE = "app_pages/dlm_explorer.py"


LESION = re.compile(
    r"^- \*\*Row (\d+)\*\* \((.*?)\): (?:under 2 cm \*\*(.+?)\*\*, deeper than 1 cm \*\*(.+?)\*\* — )?(.*)\.$"
)


def lesions(at: AppTest) -> list[tuple[int, str, str, str, str]]:
    """(row, what it holds, under 2 cm, deeper than 1 cm, reasoning) from the list of assessed lesions; a row
    that is not assessed has both factors "not assessed"."""
    out = []
    for line in plain(markdown(at)).splitlines():
        if match := LESION.match(line):
            row, held, small, deep, reasoning = match.groups()
            out.append((int(row), held, small or "not assessed", deep or "not assessed", reasoning))
    return out


def flags(at: AppTest) -> list[tuple[int, str, str]]:
    """(row, under 2 cm, deeper than 1 cm) for each lesion listed."""
    return [(row, small, deep) for row, _, small, deep, _ in lesions(at)]


def test_defaults_flag_each_lesion_without_a_probability() -> None:
    at = run_page(PAGE)
    assert not at.warning and not at.error
    assert at.dataframe[0].value.shape == (3, 3)
    assert len(at.dataframe) == 1  # the editor; the assessment is a list, readable on a phone
    assert lesions(at) == [
        (
            1,
            "segment 6, 1.5 cm, 0.5 cm deep",
            "yes",
            "no",
            "1.5 cm is under 2 cm; 0.5 cm deep is not deeper than 1 cm",
        ),
        (
            2,
            "segment 7, 3 cm, 2 cm deep",
            "no",
            "yes",
            "3 cm is not under 2 cm; 2 cm deep is deeper than 1 cm",
        ),
        (
            3,
            "segment 8, 1 cm, 1.5 cm deep",
            "yes",
            "yes",
            "1 cm is under 2 cm; 1.5 cm deep is deeper than 1 cm",
        ),
    ]
    assert not any("%" in part for lesion in lesions(at) for part in map(str, lesion))
    assert "dlm-risk-factors" in plain(captions(at))
    assert "Derived: 6 cycles x 2 weeks = 12 weeks." in plain(markdown(at))
    assert "no cut-off in weeks or cycles" in plain(markdown(at))
    assert dict(at.query_params) == {}


def test_reported_ranges_rfs_chart_and_options_are_shown_with_references() -> None:
    at = run_page(PAGE, {"tab": "What the review reports"})
    text = plain(markdown(at))
    for figure in ("7-37%", "61-83%", "83%"):
        assert f"**{figure}**" in text
    assert "caveat 13" in text
    assert not at.get("plotly_chart")  # the chart's tab is not open: not built
    at = run_page(PAGE, {"tab": "Leaving DLM in place"})
    text = plain(markdown(at))
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert [(b["name"], b["y"]) for b in bars] == [
        ("DLM left in situ", [40.2, 16.1]),
        ("original sites resected", [68.8, 35.1]),
    ]
    assert "P = 0.04" in plain(captions(at))
    for title in (
        "Fiducial marker before chemotherapy",
        "Contrast-enhanced intraoperative ultrasound",
        "Resect the original sites",
        "Upfront surgery for the highest-risk lesions",
    ):
        assert f"**{title}.**" in text
    for evidence_id in ("dlm-fiducial-marker", "dlm-intrahepatic-rfs", "dlm-upfront-surgery-highest-risk"):
        assert evidence_id in plain(captions(at))


def test_plan_widgets_go_into_the_url() -> None:
    at = run_page(PAGE)
    at.number_input(key="dlm_explorer__cycles").set_value(8).run()
    at.number_input(key="dlm_explorer__cycle_weeks").set_value(3.0).run()
    assert "Derived: 8 cycles x 3 weeks = 24 weeks." in plain(markdown(at))
    assert (at.query_params["cycles"], at.query_params["cycle_weeks"]) == ("8", "3")
    at.radio(key="dlm_explorer__plan").set_value("weeks").run()
    at.number_input(key="dlm_explorer__weeks").set_value(16.0).run()
    assert "16 weeks, as entered." in plain(markdown(at))
    assert "Planned: 16 weeks." in plain(captions(at))
    assert at.query_params["plan"] == "weeks" and at.query_params["weeks"] == "16"
    assert "dlm_explorer__cycles" not in [w.key for w in at.number_input]
    # The hidden entries are kept (in the session and the link): switching back restores them.
    at.radio(key="dlm_explorer__plan").set_value("cycles").run()
    assert "Derived: 8 cycles x 3 weeks = 24 weeks." in plain(markdown(at))
    assert at.number_input(key="dlm_explorer__cycles").value == 8


def test_deep_link_reproduces_table_and_plan_at_the_boundaries() -> None:
    at = run_page(PAGE, {"lesions": "2x1x4,1.99x1.01x3", "cycles": "4", "cycle_weeks": "3"})
    assert not at.warning and not at.error
    assert flags(at) == [(1, "no", "no"), (2, "yes", "yes")]
    editor = at.dataframe[0].value
    assert editor["size_cm"].tolist() == ["2", "1.99"] and editor["segment"].tolist() == ["4", "3"]
    assert "Derived: 4 cycles x 3 weeks = 12 weeks." in plain(markdown(at))
    assert at.query_params["lesions"] == "2x1x4,1.99x1.01x3"


def test_the_grid_keeps_typed_sizes_depths_and_segments_as_typed() -> None:
    """The browser's number cells round to their step (1.004 cm deep became 1) and read "0,5" as 5 (a
    thousands separator), so every column is a text column holding the number as typed, and the check reads
    it (tests/e2e/test_typed_cells.py and test_decimal_comma.py type and paste into the grid)."""
    at = run_page(PAGE, {"lesions": "1.999x1.004x5"})
    columns = json.loads(at.dataframe[0].proto.columns)
    for key in ("size_cm", "depth_cm", "segment"):  # their help: tests/app/test_number_box_help.py
        assert columns[key]["type_config"] == {"type": "text", "max_chars": 40}, key
    assert at.dataframe[0].value.iloc[0].tolist() == ["1.999", "1.004", "5"]
    assert lesions(at)[0][1] == "segment 5, 1.999 cm, 1.004 cm deep"


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(
        PAGE, {"cycles": "abc", "cycle_weeks": "9", "plan": "months", "lesions": "abc,1x2x3", "zz": "1"}
    )
    notices = plain("\n".join(w.value for w in at.warning))
    for name in ("cycles=abc", "cycle_weeks=9", "plan=months", "zz", "'lesions' entry 1 'abc' ignored"):
        assert name in notices
    assert flags(at) == [(1, "yes", "yes")]
    assert at.number_input(key="dlm_explorer__cycles").value == 6


def test_bad_table_gives_messages_naming_row_and_column() -> None:
    at = run_page(PAGE, {"lesions": "-1x0.5x6,40x30x9,1x1x2.5,1x0.5x2"})
    assert not at.exception
    message = plain(at.error[0].value)
    assert "Row 1, size (cm): -1 must be greater than 0 cm" in message
    assert "Row 2, size (cm): 40 is above 30 cm" in message
    assert "Row 2, depth (cm): 30 is deeper than 25 cm" in message
    assert "Row 2, segment: 9 is not a liver segment" in message
    assert "Row 3, segment: 2.5 is not a liver segment" in message
    assert flags(at) == [
        (1, "not assessed", "not assessed"),
        (2, "not assessed", "not assessed"),
        (3, "not assessed", "not assessed"),
        (4, "yes", "no"),
    ]


def test_empty_table_gives_a_message() -> None:
    at = run_page(PAGE, {"lesions": ""})
    assert not at.exception
    assert plain(at.warning[0].value) == plain(EMPTY_TABLE_MESSAGE)
    assert len(at.dataframe) == 1 and lesions(at) == []  # the editor only; no lesion assessed


def test_figure_2_example_loads_segment_5_with_size_and_depth_unknown() -> None:
    at = run_page(PAGE)
    at.button(key="dlm_explorer__load_figure_2").click().run()
    assert not at.exception
    editor = at.dataframe[0].value
    assert editor.shape == (1, 3)
    assert editor["size_cm"].isna()[0] and editor["depth_cm"].isna()[0]
    assert editor["segment"][0] == "5"
    assert flags(at) == [(1, "not given", "not given")]
    assert at.number_input(key="dlm_explorer__cycles").value == 6
    assert at.number_input(key="dlm_explorer__cycle_weeks").value is None
    assert "the cycle length is not given" in plain(markdown(at))
    assert any("This is the Figure 2 patient" in i.value for i in at.info)
    assert dict(at.query_params) == {"lesions": "xx5", "cycle_weeks": "none"}
    at.session_state["dlm_explorer__tab"] = "Figure 2: a worked example"
    at.run()
    assert "36-year-old man" in plain(markdown(at)) and "figure-2-case" in plain(captions(at))
    assert at.query_params["tab"] == "Figure 2: a worked example"
    # the link reproduces the example
    again = run_page(PAGE, {"lesions": "xx5", "cycle_weeks": "none"})
    assert not again.warning
    assert flags(again) == [(1, "not given", "not given")]
    assert any("This is the Figure 2 patient" in i.value for i in again.info)
    # and the starting table comes back (the open tab stays open)
    at.session_state["dlm_explorer__tab"] = "Risk factors, lesion by lesion"
    at.button(key="dlm_explorer__reset_table").click().run()
    assert flags(at) == [(1, "yes", "no"), (2, "no", "yes"), (3, "yes", "yes")]
    assert dict(at.query_params) == {}


def test_planned_weeks_out_of_range_are_named_in_place() -> None:
    at = run_page(PAGE, {"plan": "weeks"})
    box = at.number_input(key="dlm_explorer__weeks")
    assert box.proto.format == "%g"
    box.set_value(145.0).run()
    assert "Weeks of chemotherapy: enter a number from 1 to 144; 145 is above that range." in [
        plain(e.value).removeprefix("- ") for e in at.error
    ]


def test_the_weeks_box_takes_the_course_the_cycles_boxes_take_and_no_more() -> None:
    """'weeks=60' was refused (at most 52) while 24 cycles x 6 weeks were taken as 144 weeks: one course, two
    limits. The longest course by cycles is 24 x 6 = 144 weeks; the weeks box takes it and refuses 145."""
    by_cycles = run_page(PAGE, {"plan": "cycles", "cycles": "24", "cycle_weeks": "6"})
    assert not by_cycles.warning and not by_cycles.error
    assert "Derived: 24 cycles x 6 weeks = 144 weeks." in plain(markdown(by_cycles))
    for weeks in ("60", "144"):
        at = run_page(PAGE, {"plan": "weeks", "weeks": weeks})
        assert not at.warning and not at.error, weeks
        assert f"{weeks} weeks, as entered." in plain(markdown(at))
    refused = run_page(PAGE, {"plan": "weeks", "weeks": "145"})
    assert "'weeks=145' ignored: above the maximum 144" in plain(refused.warning[0].value)
    assert refused.number_input(key="dlm_explorer__weeks").value == 12  # the default stays


def test_an_unknown_cycle_length_can_be_left_empty() -> None:
    at = run_page(PAGE)
    at.number_input(key="dlm_explorer__cycle_weeks").set_value(None).run()
    assert not at.exception
    assert not any("Cycle length" in e.value for e in at.error)


def test_emptied_plan_boxes_are_not_known_and_a_fraction_of_a_cycle_is_named() -> None:
    """Cleared, a box snapped back to 0 ('0 is below that range', a 0 never typed); this page takes an
    empty box as not known, as its cycle length already was. An int box read a typed 2.5 cycles as 2."""
    at = run_page(PAGE)
    cycles = at.number_input(key="dlm_explorer__cycles")
    cycles.set_value(None).run()
    assert not at.error and not at.exception
    assert "Number of cycles not given." in plain(markdown(at))
    assert at.query_params["cycles"] == "none"
    cycles.set_value(2.5).run()
    assert [plain(e.value) for e in at.error] == [
        "- Cycles: enter a whole number from 1 to 24; 2.5 is not a whole number."
    ]
    cycles.set_value(4.0).run()
    assert not at.error and "Derived: 4 cycles x 2 weeks = 8 weeks." in plain(markdown(at))
    at.radio(key="dlm_explorer__plan").set_value("weeks").run()
    at.number_input(key="dlm_explorer__weeks").set_value(None).run()
    assert not at.error and "Duration not given." in plain(markdown(at))


def test_a_cycle_the_timing_planner_plans_is_taken_here_too() -> None:
    """The DLM explorer typed its own limits (cycle length at most 4 weeks) while the treatment timing
    planner, and the rule both call, plan cycles up to 6 weeks: a 5-week cycle was refused here only."""
    from crlm_content.timing import CYCLE_LENGTH_MAX_WEEKS, CYCLES_MAX

    at = run_page(PAGE, {"cycles": str(CYCLES_MAX), "cycle_weeks": "5"})
    assert not at.warning or all("cycle_weeks" not in w.value for w in at.warning)
    assert at.number_input(key="dlm_explorer__cycle_weeks").value == 5
    assert CYCLE_LENGTH_MAX_WEEKS >= 5


def test_a_decimal_comma_depth_is_refused_not_read_as_thousands() -> None:
    """The grid's number cells read a pasted "0,5" as 5 cm ("deeper than 1 cm: yes"); the cells hold text now,
    and the check names the row, the column and the rule instead of guessing what the comma meant."""
    at = run_page(PAGE, {"lesions": "3x0.2x5"})
    assert flags(at) == [(1, "no", "no")]
    edit(at, "dlm_explorer__lesions_editor_0", edited_rows={0: {"depth_cm": "0,5"}})
    message = plain(at.error[0].value)
    assert (
        "Row 1, depth (cm): '0,5' is not a number: use a point for decimals, e.g. 0.5; no thousands "
        "separators or units" in message
    )
    assert all(deep != "yes" for _, _, deep in flags(at))
    edit(at, "dlm_explorer__lesions_editor_0", edited_rows={0: {"depth_cm": "2 cm"}})
    assert "Row 1, depth (cm): '2 cm' is not a number" in plain(at.error[0].value)
    edit(at, "dlm_explorer__lesions_editor_0", edited_rows={0: {"depth_cm": "1.5"}})
    assert flags(at) == [(1, "no", "yes")] and not at.error
    assert at.query_params["lesions"] == "3x1.5x5"
