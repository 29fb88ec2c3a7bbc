"""Preoperative chemotherapy timing: cycles to weeks and the review's warning thresholds, by hand."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import crlm_content
from crlm_content.search import citation_text
from crlm_content.timing import TIMING_WARNING_TEXT, cycles_to_weeks, preoperative_timing_warnings
from crlm_content.tools.timing import TIMING_WARNING_EVIDENCE


@pytest.mark.parametrize(
    ("cycles", "length", "weeks"),
    [
        (6, 2.0, 12.0),  # six two-week cycles are 12 weeks (caveat 9)
        (10, 2.0, 20.0),
        (8, 3.0, 24.0),  # three-weekly CAPOX
        (1, 0.5, 0.5),
        (4, 2, 8.0),  # an int cycle length is fine
    ],
)
def test_cycles_to_weeks(cycles: int, length: float, weeks: float) -> None:
    assert cycles_to_weeks(cycles=cycles, cycle_length_weeks=length) == pytest.approx(weeks)


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"cycles": 0}, "cycles"),
        ({"cycles": -3}, "cycles"),
        ({"cycles": 2.0}, "cycles"),
        ({"cycles": True}, "cycles"),
        ({"cycle_length_weeks": 0.0}, "cycle_length_weeks"),
        ({"cycle_length_weeks": -2.0}, "cycle_length_weeks"),
        ({"cycle_length_weeks": math.nan}, "cycle_length_weeks"),
        ({"cycle_length_weeks": math.inf}, "cycle_length_weeks"),
        ({"cycle_length_weeks": "2"}, "cycle_length_weeks"),
    ],
)
def test_cycles_to_weeks_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {"cycles": 6, "cycle_length_weeks": 2.0, **changes}
    with pytest.raises(ValueError, match=argument):
        cycles_to_weeks(**arguments)


def warnings(
    duration: float | None = None, interval: float | None = None, bevacizumab: float | None = None
) -> tuple[str, ...]:
    return preoperative_timing_warnings(
        chemotherapy_weeks=duration,
        weeks_last_chemo_to_surgery=interval,
        weeks_last_bevacizumab_to_surgery=bevacizumab,
    )


@pytest.mark.parametrize(
    ("duration", "expected"),
    [(12.0, ()), (11.0, ()), (12.1, ("duration_over_12_weeks",)), (20.0, ("duration_over_12_weeks",))],
)
def test_duration_boundary(duration: float, expected: tuple[str, ...]) -> None:
    assert warnings(duration=duration) == expected  # "> 12 weeks": exactly 12 is no warning


@pytest.mark.parametrize(
    ("interval", "expected"),
    [(4.0, ()), (6.0, ()), (3.9, ("interval_under_4_weeks",)), (0.0, ("interval_under_4_weeks",))],
)
def test_interval_boundary(interval: float, expected: tuple[str, ...]) -> None:
    assert warnings(interval=interval) == expected  # "< 4 weeks": exactly 4 is no warning


@pytest.mark.parametrize(
    ("bevacizumab", "expected"),
    [(5.0, ()), (8.0, ()), (4.9, ("bevacizumab_washout_short",)), (2.0, ("bevacizumab_washout_short",))],
)
def test_bevacizumab_boundary(bevacizumab: float, expected: tuple[str, ...]) -> None:
    assert warnings(bevacizumab=bevacizumab) == expected  # ">= 5 weeks" is safe: exactly 5 is no warning


def test_all_none_gives_no_warning() -> None:
    assert warnings() == ()


def test_all_warnings_in_fixed_order() -> None:
    assert warnings(duration=16.0, interval=2.0, bevacizumab=3.0) == (
        "duration_over_12_weeks",
        "interval_under_4_weeks",
        "bevacizumab_washout_short",
    )


def test_cycles_feed_the_duration_warning() -> None:
    # 6 x 2 weeks = 12 -> no warning; 7 x 2 weeks = 14 -> warning
    assert warnings(duration=cycles_to_weeks(cycles=6, cycle_length_weeks=2.0)) == ()
    assert warnings(duration=cycles_to_weeks(cycles=7, cycle_length_weeks=2.0)) == ("duration_over_12_weeks",)


def test_every_code_has_an_explanation_with_a_reference() -> None:
    assert set(TIMING_WARNING_TEXT) == {
        "duration_over_12_weeks",
        "interval_under_4_weeks",
        "bevacizumab_washout_short",
    }
    assert "[53]" in TIMING_WARNING_TEXT["duration_over_12_weeks"]
    assert "[53]" in TIMING_WARNING_TEXT["interval_under_4_weeks"]
    assert "[35-41]" in TIMING_WARNING_TEXT["bevacizumab_washout_short"]


def test_each_warning_cites_its_record_the_one_way() -> None:
    # the warnings said "(review ref [53])" and "(review refs [35]-[41])": their own wording, typed by hand
    catalog = crlm_content.get_catalog()
    for code, text in TIMING_WARNING_TEXT.items():
        record_id, _ = TIMING_WARNING_EVIDENCE[code]
        assert f"({citation_text(catalog.get(record_id).refs)})" in text, code


@pytest.mark.parametrize(
    "argument", ["chemotherapy_weeks", "weeks_last_chemo_to_surgery", "weeks_last_bevacizumab_to_surgery"]
)
@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, True, "4"])
def test_timing_rejects_impossible_input(argument: str, bad: Any) -> None:
    arguments: dict[str, Any] = {
        "chemotherapy_weeks": None,
        "weeks_last_chemo_to_surgery": None,
        "weeks_last_bevacizumab_to_surgery": None,
        argument: bad,
    }
    with pytest.raises(ValueError, match=argument):
        preoperative_timing_warnings(**arguments)


optional_weeks = st.none() | st.floats(min_value=0.0, max_value=200.0, allow_nan=False)


@given(duration=optional_weeks, interval=optional_weeks, bevacizumab=optional_weeks)
def test_timing_property(duration: float | None, interval: float | None, bevacizumab: float | None) -> None:
    codes = warnings(duration, interval, bevacizumab)
    order = ["duration_over_12_weeks", "interval_under_4_weeks", "bevacizumab_washout_short"]
    assert list(codes) == [code for code in order if code in codes]
    assert ("duration_over_12_weeks" in codes) == (duration is not None and duration > 12)
    assert ("interval_under_4_weeks" in codes) == (interval is not None and interval < 4)
    assert ("bevacizumab_washout_short" in codes) == (bevacizumab is not None and bevacizumab < 5)


@given(cycles=st.integers(min_value=1, max_value=24), length=st.floats(min_value=0.1, max_value=6.0))
def test_cycles_to_weeks_property(cycles: int, length: float) -> None:
    assert cycles_to_weeks(cycles=cycles, cycle_length_weeks=length) == pytest.approx(cycles * length)
