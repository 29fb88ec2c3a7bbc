"""The treatment timing plan when the last dose is not on day 1 of its cycle (the last capecitabine tablet).

CAPOX from 6 Jan 2025, 4 three-week cycles: cycle 4 starts on 10 Mar (6 Jan + 63 days) and its last tablet,
day 14, is on 23 Mar. The plan added a whole cycle after the last tablet (13.9 weeks, "more than 12 weeks")
and counted bevacizumab, given on day 1, from the last tablet. The course ends with the cycle that holds the
last dose (31 Mar: 12 weeks), and bevacizumab was last given on that cycle's day 1 (or the cycle before).
Expected dates are counted by hand in the comments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlm_content import tools
from crlm_content.tools.timing import chemotherapy_derivation, chemotherapy_weeks_text

from .timing_examples import FOLFOX, folfox_plan

CAPOX = tools.TimingInputs(
    cycles=4,
    cycle_weeks=3,
    start=date(2025, 1, 6),
    last_chemo=date(2025, 3, 23),
    bevacizumab="every_cycle",
    bevacizumab_date=None,
    surgery_by="weeks",
    surgery_gap_weeks=4,
    surgery=None,
    last_chemo_day=14,
)


def plan(**changes: Any) -> tools.TimingPlan:
    result, problems = tools.plan_timing(tools.TimingInputs(**{**CAPOX.__dict__, **changes}))
    assert problems == [] and result is not None
    return result


def problems(**changes: Any) -> list[str]:
    result, found = tools.plan_timing(tools.TimingInputs(**{**CAPOX.__dict__, **changes}))
    assert result is None
    return found


def test_the_last_tablet_on_day_14_ends_the_course_with_its_cycle() -> None:
    result = plan()
    assert result.last_cycle_start == date(2025, 3, 10)  # 23 Mar less 13 days
    assert result.chemotherapy_weeks == 12.0  # 6 Jan -> 31 Mar, 84 days: exactly 12 weeks is no warning
    assert result.last_bevacizumab == date(2025, 3, 10)  # day 1 of cycle 4, not the last tablet's day
    assert result.surgery == date(2025, 4, 20)  # 4 weeks after 23 Mar
    assert result.days_chemo_to_surgery == 28
    assert result.days_bevacizumab_to_surgery == 41  # 10 Mar -> 20 Apr: 21 + 20 days, 5.9 weeks
    assert result.warnings == ()
    assert result.notes == ()  # dates and cycles agree: nothing to reconcile


def test_a_day_over_12_weeks_warns() -> None:
    # the last tablet a day later: cycle 4 from 11 Mar, ends 1 Apr, 85 days after 6 Jan
    result = plan(last_chemo=date(2025, 3, 24))
    assert result.chemotherapy_weeks == 85 / 7
    assert "duration_over_12_weeks" in result.warnings
    assert "uses the longer, 12.1 weeks" in result.notes[0]


def test_bevacizumab_left_out_of_the_last_cycle_is_day_1_of_the_cycle_before() -> None:
    result = plan(bevacizumab="not_last_cycle")
    assert result.last_bevacizumab == date(2025, 2, 17)  # 10 Mar less 21 days: day 1 of cycle 3
    assert result.days_bevacizumab_to_surgery == 62  # 17 Feb -> 20 Apr: 11 + 31 + 20


@pytest.mark.parametrize(
    ("surgery", "days", "warned"),
    [
        (date(2025, 4, 14), 35, False),  # 10 Mar + 35 days: exactly 5 weeks after bevacizumab is safe
        (date(2025, 4, 13), 34, True),
    ],
)
def test_bevacizumab_counts_from_day_1_at_the_5_week_boundary(surgery: date, days: int, warned: bool) -> None:
    result = plan(surgery_by="date", surgery=surgery)
    assert result.days_bevacizumab_to_surgery == days
    assert ("bevacizumab_washout_short" in result.warnings) is warned


def test_the_schedule_shows_the_cycle_with_the_last_dose() -> None:
    rows = [(row["date"], row["event"]) for row in tools.schedule_rows(plan())]
    assert ("2025-03-10", "Day 1 of the cycle with the last chemotherapy") in rows
    assert ("2025-03-23", "Last chemotherapy (date entered, day 14 of its cycle)") in rows
    assert ("2025-03-10", "Last bevacizumab dose") in rows


def test_a_last_dose_off_the_schedule_read_as_day_1_says_so_and_how_to_enter_a_later_day() -> None:
    """The dates cannot tell a late cycle's day 1 from a later day of a cycle on schedule: day 1 (the longer
    course, the shorter bevacizumab interval) is read, and the note says what else to enter."""
    result = plan(last_chemo_day=1)
    # 23 Mar as day 1: the course ends 13 Apr, 97 days after 6 Jan (13.9 weeks); bevacizumab 23 Mar
    assert result.chemotherapy_weeks == 97 / 7
    assert result.last_bevacizumab == date(2025, 3, 23)
    assert result.warnings == ("duration_over_12_weeks", "bevacizumab_washout_short")
    assert result.notes[1] == (
        "The last chemotherapy, 2025-03-23, is read as day 1 of its cycle (a cycle that started late): on "
        "the schedule from the start date it would be day 14 of cycle 4. If it is a later day of a cycle "
        "given on schedule, such as the last tablet of oral capecitabine, enter 14 in 'Day of the cycle of "
        "the last chemotherapy': the course then ends with that cycle, and bevacizumab counts from its day 1."
    )


def test_a_last_dose_on_a_scheduled_day_1_needs_no_note() -> None:
    result = plan(last_chemo=date(2025, 3, 10), last_chemo_day=1)  # cycle 4's day 1 as scheduled
    assert result.notes == ()
    assert result.chemotherapy_weeks == 12.0


def test_the_day_is_unused_without_a_last_chemotherapy_date() -> None:
    result = plan(last_chemo=None, last_chemo_day=14)
    assert result.last_chemo == result.last_cycle_start == result.last_bevacizumab == date(2025, 3, 10)
    assert result.last_chemo_day == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"last_chemo_day": 22},
            "Day of the cycle of the last chemotherapy: use a whole number from 1 to 21, the days of a "
            "3-week cycle.",
        ),
        (
            {"last_chemo_day": 0},
            "Day of the cycle of the last chemotherapy: use a whole number from 1 to 21, the days of a "
            "3-week cycle.",
        ),
        (
            {"last_chemo": date(2025, 1, 10)},  # day 14 on 10 Jan would put day 1 on 28 Dec 2024
            "Day of the cycle of the last chemotherapy: day 14 puts the first day of that cycle on "
            "2024-12-28, before the start of chemotherapy (2025-01-06).",
        ),
        (
            {"last_chemo": date(2025, 1, 19), "bevacizumab": "not_last_cycle"},  # day 1 on 6 Jan: cycle 1
            "Bevacizumab: left out of the last cycle, its last dose falls a cycle before 2025-01-06 (day 1 "
            "of the cycle with the last chemotherapy), before the start of chemotherapy (2025-01-06); check "
            "the last chemotherapy date, or choose another option.",
        ),
    ],
)
def test_a_day_that_does_not_fit_is_named(changes: dict[str, Any], message: str) -> None:
    assert problems(**changes) == [message]


@given(
    cycles=st.integers(2, 12),
    cycle_weeks=st.integers(1, 4),
    after_start=st.integers(0, 200),
    bevacizumab=st.sampled_from(["every_cycle", "not_last_cycle"]),
)
def test_a_last_dose_on_day_1_plans_as_before(
    cycles: int, cycle_weeks: int, after_start: int, bevacizumab: str
) -> None:
    """FOLFOX-style entries (the last dose on day 1 of its cycle) keep the plan they had: the course runs to
    one cycle after the last dose, bevacizumab with it or a cycle before."""
    start = date(2025, 1, 6)
    last = start + timedelta(days=after_start)
    step = timedelta(weeks=cycle_weeks)
    result, found = tools.plan_timing(
        tools.TimingInputs(
            cycles=cycles,
            cycle_weeks=cycle_weeks,
            start=start,
            last_chemo=last,
            bevacizumab=bevacizumab,  # type: ignore[arg-type]
            bevacizumab_date=None,
            surgery_by="weeks",
            surgery_gap_weeks=6,
            surgery=None,
        )
    )
    if bevacizumab == "not_last_cycle" and last - step < start:
        assert result is None and found[0].startswith("Bevacizumab: left out of the last cycle")
        return
    assert result is not None
    assert result.chemotherapy_weeks == max(cycles * cycle_weeks, after_start / 7 + cycle_weeks)
    assert result.last_bevacizumab == (last if bevacizumab == "every_cycle" else last - step)
    assert result.surgery == last + timedelta(weeks=6)


@pytest.mark.parametrize(
    ("changes", "shown", "derivation"),
    [
        ({}, "12 weeks", "6 cycles x 2 weeks = 12 weeks"),
        (  # 6 Jan -> 20 Mar: 25 + 28 + 20 = 73 days, and the 14 days of that cycle: 87 days, 12.43 weeks
            {"last_chemo": date(2025, 3, 20)},
            "12.4 weeks",
            "2025-01-06 to the end of the 2-week cycle that starts 2025-03-20 = 87 days = 12.4 weeks, longer "
            "than 6 cycles x 2 weeks = 12 weeks",
        ),
        (  # 6 Jan -> 3 Mar: 25 + 28 + 3 = 56 days, + 14 = 70 days: 10 weeks, shorter than the cycles' 12
            {"last_chemo": date(2025, 3, 3)},
            "12 weeks",
            "6 cycles x 2 weeks = 12 weeks, longer than 2025-01-06 to the end of the 2-week cycle that "
            "starts 2025-03-03 = 70 days = 10 weeks",
        ),
        (  # cycle 6 on schedule (6 Jan + 70 days = 17 Mar): dates and cycles agree
            {"last_chemo": date(2025, 3, 17)},
            "12 weeks",
            "6 cycles x 2 weeks = 12 weeks",
        ),
    ],
)
def test_the_chemotherapy_derivation_reaches_the_weeks_shown(
    changes: dict[str, Any], shown: str, derivation: str
) -> None:
    """The metric read 12.4 weeks from the dates while its help and caption derived 6 x 2 = 12 weeks."""
    result = folfox_plan(**changes)
    assert chemotherapy_weeks_text(result) == shown
    assert chemotherapy_derivation(result) == derivation


def test_the_capecitabine_course_derivation_is_its_cycles() -> None:
    # the last tablet on day 14 of cycle 4 (10 Mar): 6 Jan -> 31 Mar is 84 days, 4 x 3 = 12 weeks
    assert chemotherapy_derivation(plan()) == "4 cycles x 3 weeks = 12 weeks"


@given(after_start=st.integers(0, 120), day=st.integers(1, 14))
def test_the_derivation_always_ends_on_the_figure_shown(after_start: int, day: int) -> None:
    start = FOLFOX.start
    assert start is not None
    result, _ = tools.plan_timing(
        tools.TimingInputs(
            **{
                **FOLFOX.__dict__,
                "last_chemo": start + timedelta(days=after_start + day - 1),
                "last_chemo_day": day,
                "bevacizumab": "none",
            }
        )
    )
    assert result is not None
    first = chemotherapy_derivation(result).split(", longer than ")[0]
    assert first.endswith(f"= {chemotherapy_weeks_text(result)}")


def test_a_bevacizumab_date_is_checked_to_the_day_against_the_course_start_and_surgery() -> None:
    """The course starts on 6 Jan 2025; surgery is 4 weeks after the last tablet of 23 Mar: 20 Apr."""
    on_date = {"bevacizumab": "date"}
    assert problems(**on_date, bevacizumab_date=date(2025, 1, 5)) == [
        "Last bevacizumab dose: 2025-01-05 is before the start of chemotherapy (2025-01-06)."
    ]
    first_day = plan(**on_date, bevacizumab_date=date(2025, 1, 6))  # day 1 of cycle 1
    assert first_day.last_bevacizumab == date(2025, 1, 6) and first_day.days_bevacizumab_to_surgery == 104
    assert problems(**on_date, bevacizumab_date=date(2025, 4, 21)) == [
        "Last bevacizumab dose: 2025-04-21 is after the planned surgery (2025-04-20)."
    ]
    # on the day of surgery: not after it, so planned, with the short washout warned of
    same_day = plan(**on_date, bevacizumab_date=date(2025, 4, 20))
    assert same_day.days_bevacizumab_to_surgery == 0
    assert "bevacizumab_washout_short" in same_day.warnings
