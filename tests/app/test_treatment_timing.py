"""AppTest of the Treatment timing planner: cycles to weeks, the warnings, re-imaging, dates in the URL."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from .helpers import cited, plain, run_page, table_with, visible_captions

PAGE = "app_pages/treatment_timing.py"


def warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def schedule(at: AppTest) -> list[tuple[str, str]]:
    return [(row["Date"], row["Event"]) for row in table_with(at, "Event")]


def test_defaults_have_no_warning_and_the_start_date_in_the_url() -> None:
    at = run_page(PAGE)
    # 6 x 2 weeks = 12 weeks (not more than 12); surgery 5 weeks after; bevacizumab left out of the last cycle
    assert [m.value for m in at.metric] == ["12 weeks", "35 days (5 weeks)", "49 days (7 weeks)"]
    assert "None of the three warnings applies" in at.success[0].value
    assert at.query_params["start"] == date.today().isoformat()
    assert at.get("plotly_chart")
    assert not at.error and not at.warning


def test_each_warning_cites_its_record() -> None:
    at = run_page(PAGE, {"start": "2025-01-06"})
    at.number_input(key="treatment_timing__cycles").set_value(8).run()  # 16 weeks
    assert "More than 12 weeks" in warnings(at)
    at.number_input(key="treatment_timing__gap").set_value(3).run()
    assert "less than 4 weeks" in warnings(at)
    at.radio(key="treatment_timing__bev").set_value("every_cycle").run()  # 3 weeks before surgery
    assert "5 or more weeks before surgery" in warnings(at)
    text = cited(at)
    assert text.count("timing-long-chemo-short-interval") >= 2
    assert "biologics-bevacizumab-preop-safety" in text
    assert at.query_params["cycles"] == "8" and at.query_params["bev"] == "every_cycle"


def test_deep_link_with_dates() -> None:
    params = {"start": "2025-01-06", "surgery_by": "date", "surgery": "2025-03-20", "bev": "none"}
    at = run_page(PAGE, params)
    # last cycle starts 17 Mar; surgery on 20 Mar is 3 days later
    assert at.metric[1].value == "3 days (0.4 weeks)"
    assert "less than 4 weeks" in warnings(at)
    assert ("2025-03-06", "Re-imaging (every 2 months)") in schedule(at)
    assert at.date_input(key="treatment_timing__surgery_date").value == date(2025, 3, 20)


def test_changing_dates_goes_into_the_url() -> None:
    at = run_page(PAGE, {"start": "2025-01-06"})
    at.date_input(key="treatment_timing__last_chemo_date").set_value(date(2025, 3, 24)).run()
    assert at.query_params["last_chemo"] == "2025-03-24"
    assert ("2025-03-24", "Last chemotherapy (date entered)") in schedule(at)
    # (24 Mar - 6 Jan) = 11 weeks + one 2-week cycle = 13 weeks > 12
    assert "More than 12 weeks" in warnings(at)
    assert "uses the longer, 13 weeks" in at.info[0].value


CAPOX = {  # 4 three-week cycles from 6 Jan 2025: cycle 4 starts 10 Mar; its last tablet (day 14) is 23 Mar
    "start": "2025-01-06",
    "cycles": "4",
    "cycle_weeks": "3",
    "last_chemo": "2025-03-23",
    "bev": "every_cycle",
    "gap": "4",
}


def test_the_last_capecitabine_tablet_ends_the_course_with_its_cycle() -> None:
    """A whole cycle was added after the last tablet (13.9 weeks, "more than 12 weeks" for 4 x 3 = 12), and
    bevacizumab, given on day 1 (10 Mar), was counted from the last tablet (28 days, not 41)."""
    at = run_page(PAGE, {**CAPOX, "last_day": "14"})
    assert [m.value for m in at.metric] == ["12 weeks", "28 days (4 weeks)", "41 days (5.9 weeks)"]
    assert not at.warning and "None of the three warnings applies" in at.success[0].value
    assert ("2025-03-10", "Day 1 of the cycle with the last chemotherapy") in schedule(at)
    assert ("2025-03-10", "Last bevacizumab dose") in schedule(at)
    at.radio(key="treatment_timing__bev").set_value("not_last_cycle").run()
    assert at.metric[2].value == "62 days (8.9 weeks)"  # 17 Feb (day 1 of cycle 3) -> 20 Apr


def test_a_last_dose_off_the_schedule_is_read_as_day_1_and_the_page_says_how_to_change_it() -> None:
    at = run_page(PAGE, CAPOX)  # no day given: 23 Mar is read as day 1 of a cycle that started late
    assert at.metric[0].value == "13.9 weeks"
    notes = plain("\n".join(i.value for i in at.info))
    assert (
        "would be day 14 of cycle 4" in notes
        and "enter 14 in 'Day of the cycle of the last chemotherapy'" in notes
    )
    day = at.number_input(key="treatment_timing__last_day")
    assert not day.disabled
    day.set_value(14.0).run()
    assert at.metric[0].value == "12 weeks" and at.query_params["last_day"] == "14"
    assert not at.warning


def test_the_day_box_is_asked_only_with_a_last_chemotherapy_date() -> None:
    at = run_page(PAGE, {"start": "2025-01-06", "last_day": "14"})
    assert at.number_input(key="treatment_timing__last_day").disabled
    assert at.metric[0].value == "12 weeks" and at.metric[2].value == "49 days (7 weeks)"  # as the defaults
    at = run_page(PAGE, {**CAPOX, "last_day": "22"})  # past the end of a 3-week cycle
    assert "Day of the cycle of the last chemotherapy: use a whole number from 1 to 21" in plain(
        at.error[0].value
    )


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"start": "2025-13-01", "cycles": "0", "bev": "sometimes", "surgery": "soon"})
    notice = at.warning[0].value
    for fragment in ("start=2025\\-13\\-01", "cycles=0", "bev=sometimes", "surgery=soon"):
        assert fragment in notice
    assert at.query_params["start"] == date.today().isoformat()


def test_inconsistent_dates_give_messages_naming_the_field() -> None:
    at = run_page(PAGE, {"start": "2025-01-06", "surgery_by": "date", "surgery": "2025-02-01"})
    assert "Planned surgery\\: 2025\\-02\\-01 is not after the last chemotherapy" in at.error[0].value
    at = run_page(PAGE, {"start": "2025-01-06", "bev": "date"})
    assert "Last bevacizumab dose\\: enter the date" in at.error[0].value


def test_reimaging_interval_and_caveat_8() -> None:
    at = run_page(PAGE, {"tab": "Re-imaging interval"})
    markdown = "\n".join(m.value for m in at.markdown)
    assert "re-images every **2 months**" in markdown
    assert "caveat 8" in markdown
    assert "table-2-nccn-reevaluation" in cited(at)


def test_date_inputs_appear_with_their_option_and_keep_their_value() -> None:
    at = run_page(PAGE, {"start": "2025-01-06", "bev": "date", "bev_date": "2025-03-03"})
    # surgery 5 weeks after the last cycle (17 Mar) = 21 Apr; 3 Mar -> 21 Apr = 49 days
    assert at.metric[2].value == "49 days (7 weeks)"
    assert [d.key for d in at.date_input] == [
        "treatment_timing__start_date",
        "treatment_timing__last_chemo_date",
        "treatment_timing__bev_date_date",
    ]
    at.radio(key="treatment_timing__bev").set_value("none").run()
    assert "treatment_timing__bev_date_date" not in [d.key for d in at.date_input]
    assert at.metric[2].value == "no bevacizumab"
    at.radio(key="treatment_timing__bev").set_value("date").run()
    assert at.date_input(key="treatment_timing__bev_date_date").value == date(2025, 3, 3)
    at.radio(key="treatment_timing__surgery_by").set_value("date").run()
    assert "Planned surgery\\: enter the date" in at.error[0].value
    at.date_input(key="treatment_timing__surgery_date").set_value(date(2025, 4, 28)).run()
    assert at.metric[1].value == "42 days (6 weeks)"  # 17 Mar -> 28 Apr
    assert at.query_params["surgery"] == "2025-04-28"


def test_a_gap_of_0_weeks_is_out_of_range_by_name() -> None:
    at = run_page(PAGE, {"start": "2025-01-06", "gap": "0"})  # surgery on the day of the last chemotherapy
    notices = "\n".join(w.value for w in at.warning)
    assert "gap=0" in notices and "below the minimum 1" in notices
    assert at.number_input(key="treatment_timing__gap").value == 5  # the default stays
    assert not at.error
    gap = at.number_input(key="treatment_timing__gap")
    gap.set_value(0).run()  # typed: the box takes it, and says in place what is wrong (a phone cannot hover)
    assert [plain(e.value) for e in at.error] == [
        "- Weeks from the last chemotherapy to surgery: enter a whole number from 1 to 52; 0 is below that "
        "range."
    ]
    assert not at.metric  # no plan beside a box it disagrees with
    gap.set_value(1).run()
    assert at.metric[1].value == "7 days (1 week)" and not at.error


def test_cycles_out_of_range_are_named_in_place_and_withhold_the_plan() -> None:
    at = run_page(PAGE, {"start": "2025-01-06"})
    at.number_input(key="treatment_timing__cycles").set_value(25).run()
    assert [plain(e.value) for e in at.error] == [
        "- Number of cycles: enter a whole number from 1 to 24; 25 is above that range."
    ]
    assert not at.metric
    assert "No result while an entry above is out of range" in at.info[0].value


def test_a_link_to_a_surgery_date_decades_away_names_the_date_field() -> None:
    at = run_page(PAGE, {"start": "2026-01-05", "surgery_by": "date", "surgery": "2099-12-31"})
    shown = plain(at.error[0].value)
    assert "Planned surgery date: 2099-12-31 is about 3,850 weeks after the last chemotherapy" in shown
    assert "3850.4" not in shown


def test_whole_number_boxes_keep_what_was_typed_and_name_it_in_place() -> None:
    """An int box read what was typed through its "%d" format: 1e6 weeks became 1 (planned with 1 week) and
    2.5 cycles became 2, without a word. The boxes are float boxes, written as typed ("%g": 6, not 6.00), and
    the mechanism that names an out-of-range value names a fraction too."""
    at = run_page(PAGE, {"start": "2025-01-06"})
    for key in ("cycles", "cycle_weeks", "gap"):
        assert at.number_input(key=f"treatment_timing__{key}").proto.format == "%g", key
    gap = at.number_input(key="treatment_timing__gap")
    gap.set_value(1e6).run()
    assert gap.value == 1e6
    assert [plain(e.value) for e in at.error] == [
        "- Weeks from the last chemotherapy to surgery: enter a whole number from 1 to 52; 1000000 is above "
        "that range."
    ]
    assert not at.metric
    gap.set_value(5.0).run()
    cycles = at.number_input(key="treatment_timing__cycles")
    cycles.set_value(2.5).run()
    assert cycles.value == 2.5
    assert [plain(e.value) for e in at.error] == [
        "- Number of cycles: enter a whole number from 1 to 24; 2.5 is not a whole number."
    ]
    assert not at.metric
    cycles.set_value(8.0).run()  # a whole number typed: planned with it, and written whole in the link
    assert not at.error and at.metric[0].value == "16 weeks"
    assert at.query_params["cycles"] == "8"
    assert "8 cycles x 2 weeks" in at.metric[0].proto.help


def test_an_emptied_box_says_it_is_empty_not_0() -> None:
    """Cleared, a box snapped back to 0 and the page said '0 is below that range', a 0 never typed."""
    at = run_page(PAGE, {"start": "2025-01-06"})
    for key, label in (
        ("gap", "Weeks from the last chemotherapy to surgery: enter a whole number from 1 to 52"),
        ("cycles", "Number of cycles: enter a whole number from 1 to 24"),
    ):
        box = at.number_input(key=f"treatment_timing__{key}")
        box.set_value(None).run()
        assert box.value is None
        assert [plain(e.value) for e in at.error] == [f"- {label}; the box is empty."]
        assert not at.metric
        assert at.query_params[key] == "none"
        reopened = run_page(PAGE, {"start": "2025-01-06", key: "none"})  # the link reopens the empty box
        assert not reopened.warning and [e.value for e in reopened.error] == [e.value for e in at.error]
        box.set_value(5.0).run()
        assert not at.error


def test_a_last_dose_that_lengthens_the_course_is_derived_from_the_dates() -> None:
    """The metric read 12.4 weeks while its help and the caption derived '6 cycles x 2 weeks = 12 weeks'."""
    at = run_page(PAGE, {"start": "2025-01-06", "last_chemo": "2025-03-20"})
    # 6 Jan -> 20 Mar is 73 days; the 2-week cycle starting 20 Mar ends 14 days later: 87 days, 12.43 weeks
    derivation = (
        "2025-01-06 to the end of the 2-week cycle that starts 2025-03-20 = 87 days = 12.4 weeks, longer "
        "than 6 cycles x 2 weeks = 12 weeks"
    )
    chemotherapy = at.metric[0]
    assert chemotherapy.value == "12.4 weeks"
    assert plain(chemotherapy.proto.help) == f"Derived: {derivation}."
    assert f"Derived by this app: {derivation};" in plain(visible_captions(at))


def test_the_chart_counts_chemotherapy_as_the_metric_does() -> None:
    """The metric said 12 weeks (to the end of the last cycle) and the chart's description and bar stopped at
    the last dose, 17 Mar (week 10)."""
    at = run_page(PAGE, {"start": "2025-01-06"})
    assert at.metric[0].value == "12 weeks"
    # 6 Jan + 5 cycles of 14 days = 17 Mar, the last dose; its cycle ends 14 days later, 31 Mar: 84 days
    assert (
        "the last dose on 2025-03-17, counted to the end of the last cycle on 2025-03-31 (12 weeks)"
        in plain(visible_captions(at))
    )
