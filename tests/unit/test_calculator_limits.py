"""Calculators at their edges (issue 23, items 8-12): huge numbers, plausible ranges, RECIST after a
complete response, and a Chun baseline outside the criteria. Every limit is written here by hand, not read
back from the code under test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlm_content import tools
from crlm_content.dlm import chemo_plan
from crlm_content.imaging import detection_illustration
from crlm_content.liver import estimated_total_liver_volume_ml, flr_sufficient, standardized_flr_percent
from crlm_content.response import cea_response, morphologic_response, recist_response
from crlm_content.scores import (
    fong_score,
    game_score,
    modified_clinical_score,
    tbs_zone_points,
    tumor_burden_score,
)
from crlm_content.timing import cycles_to_weeks, preoperative_timing_warnings
from crlm_content.validation import cell_number

from .timing_examples import folfox_inputs

HUGE = 10**400  # an integer far beyond the float range

FONG = {
    "node_positive": True,
    "disease_free_interval_months": 6.0,
    "tumour_count": 3,
    "largest_tumour_cm": 4.5,
    "cea_ng_ml": 30.0,
}
GAME = {
    "kras_mutated": False,
    "cea_ng_ml": 30.0,
    "node_positive": True,
    "largest_tumour_cm": 4.5,
    "tumour_count": 3,
    "extrahepatic_disease": False,
}
MCS = {"ras_mutated": False, "node_positive": True, "largest_tumour_cm": 4.5}
RECIST = {"baseline_sum_mm": 100.0, "nadir_sum_mm": 80.0, "current_sum_mm": 90.0, "new_lesions": False}
CEA = {"baseline_ng_ml": 40.0, "current_ng_ml": 36.0}
FLR = {"flr_volume_ml": 500.0, "bsa_m2": 1.8}
TIMING = {
    "chemotherapy_weeks": 12.0,
    "weeks_last_chemo_to_surgery": 5.0,
    "weeks_last_bevacizumab_to_surgery": 6.0,
}

CALCULATORS: dict[str, tuple[Callable[..., object], dict[str, Any]]] = {
    "fong": (fong_score, FONG),
    "game": (game_score, GAME),
    "mcs": (modified_clinical_score, MCS),
    "tbs": (tumor_burden_score, {"largest_tumour_cm": 4.5, "tumour_count": 3}),
    "tbs_zone": (lambda tbs: tbs_zone_points(tbs), {"tbs": 5.0}),
    "recist": (recist_response, RECIST),
    "cea": (cea_response, CEA),
    "etlv": (estimated_total_liver_volume_ml, {"bsa_m2": 1.8}),
    "sflr": (standardized_flr_percent, FLR),
    "flr_sufficient": (flr_sufficient, {"flr_percent": 25.0, "liver_condition": "normal"}),
    "cycles": (cycles_to_weeks, {"cycles": 6, "cycle_length_weeks": 2.0}),
    "timing": (preoperative_timing_warnings, TIMING),
    "morphologic": (morphologic_response, {"before": 3, "after": 1}),
    "detection": (detection_illustration, {"lesions": 10, "sensitivity": 85.7}),
    "dlm_weeks": (chemo_plan, {"mode": "weeks", "cycles": None, "cycle_weeks": None, "weeks": 12.0}),
}
NUMERIC = [
    (calculator, argument)
    for calculator, (_, arguments) in CALCULATORS.items()
    for argument, value in arguments.items()
    if isinstance(value, int | float) and not isinstance(value, bool)
]


def call(calculator: str, **changes: Any) -> object:
    function, arguments = CALCULATORS[calculator]
    return function(**{**arguments, **changes})


@pytest.mark.parametrize("case", range(len(CALCULATORS)), ids=list(CALCULATORS))
def test_the_defaults_used_below_are_valid(case: int) -> None:
    call(list(CALCULATORS)[case])


# ------------------------------------------------------------------------------------------------------------
# 8. An integer beyond the float range is bad input like any other
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("calculator", "argument"), NUMERIC, ids=[f"{c}-{a}" for c, a in NUMERIC])
def test_a_huge_integer_is_a_clear_value_error(calculator: str, argument: str) -> None:
    with pytest.raises(ValueError, match=argument) as error:
        call(calculator, **{argument: HUGE})
    assert len(str(error.value)) < 250  # the 401 digits are described, not printed


@pytest.mark.parametrize(("calculator", "argument"), NUMERIC, ids=[f"{c}-{a}" for c, a in NUMERIC])
@given(value=st.one_of(st.integers(min_value=-HUGE, max_value=HUGE), st.floats()))
def test_any_number_gives_a_finite_result_or_a_value_error(
    calculator: str, argument: str, value: float
) -> None:
    try:
        result = call(calculator, **{argument: value})
    except ValueError as error:
        assert argument in str(error)
    else:
        assert not isinstance(result, float) or math.isfinite(result)


def test_a_huge_integer_in_a_table_cell_is_not_a_finite_number() -> None:
    assert cell_number(HUGE) == (None, "is not a finite number")


# ------------------------------------------------------------------------------------------------------------
# 9. Standardized remnant: plausible BSA and volume
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bsa", [0.64, 0.8, 0.9, 0.99])  # Vauthey gives 16, 219, 346 and 460 mL here
def test_a_bsa_below_the_adult_range_is_refused(bsa: float) -> None:
    for function, arguments in (
        (estimated_total_liver_volume_ml, {"bsa_m2": bsa}),
        (standardized_flr_percent, {"flr_volume_ml": 500.0, "bsa_m2": bsa}),
    ):
        with pytest.raises(ValueError, match=r"bsa_m2 must be between 1 and 3 m²"):
            function(**arguments)


def test_the_smallest_plausible_bsa_is_accepted() -> None:
    # -794.41 + 1267.28 x 1.0 = 472.87 mL
    assert estimated_total_liver_volume_ml(bsa_m2=1.0) == pytest.approx(472.87)


def test_an_flr_volume_above_a_whole_large_liver_is_refused() -> None:
    assert standardized_flr_percent(flr_volume_ml=3000.0, bsa_m2=3.0) == pytest.approx(3000 / 3007.43 * 100)
    with pytest.raises(ValueError, match=r"flr_volume_ml must be at most 3000 mL"):
        standardized_flr_percent(flr_volume_ml=3000.5, bsa_m2=3.0)


def test_the_planner_names_the_bsa_field_and_its_range() -> None:
    assessment, problems = tools.assess_flr(
        source="volume", flr_percent=None, flr_volume_ml=500.0, bsa_m2=0.64, condition="normal"
    )
    assert assessment is None
    assert problems[0].startswith("Body surface area (m²) must be between 1 and 3 m²")


# ------------------------------------------------------------------------------------------------------------
# 10. RECIST: a lesion reappearing after a complete response is progression
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("current", [0.1, 4.0, 4.99, 5.0, 30.0])
def test_reappearance_after_complete_response_is_pd(current: float) -> None:
    result = recist_response(
        baseline_sum_mm=50.0, nadir_sum_mm=0.0, current_sum_mm=current, new_lesions=False
    )
    assert result.category == "PD"
    assert result.rule == "reappearance_after_complete_response"
    assert "complete response" in result.explanation


def test_complete_response_that_holds_is_still_cr() -> None:
    result = recist_response(baseline_sum_mm=50.0, nadir_sum_mm=0.0, current_sum_mm=0.0, new_lesions=False)
    assert result.category == "CR"


def test_a_small_rise_from_a_nonzero_nadir_is_still_not_pd() -> None:
    # baseline 16, nadir 10 -> 14 mm: +40% but only +4 mm from the nadir, -12.5% from baseline: SD
    result = recist_response(baseline_sum_mm=16.0, nadir_sum_mm=10.0, current_sum_mm=14.0, new_lesions=False)
    assert result.category == "SD"


# ------------------------------------------------------------------------------------------------------------
# 11. Chun: a group 1 baseline is outside the criteria
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_group_1_baseline_is_outside_chun_categories(after: int) -> None:
    result = morphologic_response(before=1, after=after)
    assert result.category == "outside_criteria"
    assert result.reported_median_residual_tumour_percent is None
    assert "Outside Chun's categories" in result.explanation
    assert "70%" not in result.explanation


# ------------------------------------------------------------------------------------------------------------
# 12. Plausible upper bounds, enforced in the function and named in the error
# ------------------------------------------------------------------------------------------------------------

# (calculator, argument, largest plausible value, first implausible one, the limit as the message states it)
UPPER_BOUNDS = [
    ("fong", "disease_free_interval_months", 600.0, 600.5, "at most 600 months"),
    ("fong", "tumour_count", 100, 101, "at most 100"),
    ("fong", "largest_tumour_cm", 50.0, 50.5, "at most 50 cm"),
    ("fong", "cea_ng_ml", 100_000.0, 100_001.0, "at most 100 000 ng/mL"),
    ("game", "cea_ng_ml", 100_000.0, 100_001.0, "at most 100 000 ng/mL"),
    ("game", "largest_tumour_cm", 50.0, 50.5, "at most 50 cm"),
    ("game", "tumour_count", 100, 101, "at most 100"),
    ("mcs", "largest_tumour_cm", 50.0, 50.5, "at most 50 cm"),
    ("tbs", "tumour_count", 100, 101, "at most 100"),
    ("tbs_zone", "tbs", 111.8, 112.0, "at most 111.8"),  # sqrt(50^2 + 100^2) = 111.80...
    ("recist", "baseline_sum_mm", 2500.0, 2500.5, "at most 2500 mm"),
    ("recist", "current_sum_mm", 2500.0, 2500.5, "at most 2500 mm"),
    ("cea", "baseline_ng_ml", 100_000.0, 100_001.0, "at most 100 000 ng/mL"),
    ("cea", "current_ng_ml", 100_000.0, 100_001.0, "at most 100 000 ng/mL"),
    ("sflr", "flr_volume_ml", 3000.0, 3000.5, "at most 3000 mL"),
    ("cycles", "cycles", 24, 25, "at most 24"),
    ("cycles", "cycle_length_weeks", 6.0, 6.5, "at most 6 weeks"),
    ("timing", "chemotherapy_weeks", 260.0, 260.5, "at most 260 weeks"),
    ("timing", "weeks_last_chemo_to_surgery", 260.0, 260.5, "at most 260 weeks"),
    ("timing", "weeks_last_bevacizumab_to_surgery", 260.0, 260.5, "at most 260 weeks"),
    ("dlm_weeks", "weeks", 260.0, 260.5, "at most 260 weeks"),
]


@pytest.mark.parametrize(
    ("calculator", "argument", "largest", "too_large", "limit"),
    UPPER_BOUNDS,
    ids=[f"{c}-{a}" for c, a, *_ in UPPER_BOUNDS],
)
def test_every_input_has_a_plausible_upper_bound(
    calculator: str, argument: str, largest: float, too_large: float, limit: str
) -> None:
    call(calculator, **{argument: largest})
    with pytest.raises(ValueError) as error:
        call(calculator, **{argument: too_large})
    assert argument in str(error.value) and limit in str(error.value)


def test_cycles_to_weeks_never_returns_infinity() -> None:
    with pytest.raises(ValueError, match="cycle_length_weeks"):
        cycles_to_weeks(cycles=6, cycle_length_weeks=1e308)


def test_the_target_table_refuses_an_implausible_diameter() -> None:
    rows = [{"organ": "liver", "baseline": 600.0, "nadir": 40.0, "now": 40.0}]
    sums, problems = tools.validate_targets(rows)
    assert sums is None
    assert problems == [
        "Row 1, Baseline (mm): 600 mm is above 500 mm, the plausible upper limit for one lesion; check the "
        "unit (millimetres)."
    ]


def test_the_cea_table_refuses_an_implausible_value() -> None:
    points, problems = tools.validate_cea([{"week": 0.0, "cea": 40.0}, {"week": 3.0, "cea": 2e5}], "week")
    assert points is None
    assert problems == [
        "Row 2, CEA (ng/mL): 200000 is above 100 000 ng/mL, the plausible upper limit; check the unit."
    ]


def test_the_timing_planner_reports_dates_years_apart_instead_of_raising() -> None:
    inputs = folfox_inputs(bevacizumab="none", surgery_by="date", surgery=date(2035, 1, 6))
    plan, problems = tools.plan_timing(inputs)
    assert plan is None
    # last dose 17 Mar 2025 (6 cycles of 2 weeks from 6 Jan); to 6 Jan 2035: 3652 days to 17 Mar 2035 (two
    # leap days) less the 70 from 6 Jan, 3582 days, 511.7 weeks
    assert problems == [
        "Planned surgery date: 2035-01-06 is about 511 weeks after the last chemotherapy (2025-03-17), more "
        "than the 260 weeks (5 years) this planner covers. Check the date."
    ]


@pytest.mark.parametrize(
    ("name", "changes", "message"),
    [
        ("fong", {"largest_tumour_cm": 0.0}, "largest_tumour_cm must be greater than 0, got 0"),
        ("fong", {"largest_tumour_cm": -0.0}, "largest_tumour_cm must be greater than 0, got 0"),
        ("game", {"cea_ng_ml": -2.5}, "cea_ng_ml must not be negative, got -2.5"),
        ("mcs", {"largest_tumour_cm": 1e300}, "got 1e+300"),
        ("cea", {"baseline_ng_ml": -0.0}, "baseline_ng_ml must be greater than 0, got 0"),
        ("cycles", {"cycle_length_weeks": -0.0}, "cycle_length_weeks must be greater than 0, got 0"),
        ("fong", {"tumour_count": HUGE}, "got a whole number of about 401 digits"),
        ("fong", {"tumour_count": 2.5}, "tumour_count must be a whole number, got 2.5"),
        ("game", {"tumour_count": 2.0}, "tumour_count must be a whole number, got 2 (a float; pass an int)"),
        # the liver's own checks wrote "got {bsa:g}" (-0, and 12345678 as 1.23457e+07) and "got 150.0"
        ("etlv", {"bsa_m2": -0.0}, "got 0"),
        ("etlv", {"bsa_m2": 12345678.0}, "got 12345678"),
        ("sflr", {"flr_volume_ml": -2.5}, "flr_volume_ml must not be negative, got -2.5"),
        ("flr_sufficient", {"flr_percent": 150.0}, "flr_percent must be between 0 and 100, got 150"),
    ],
)
def test_a_rejected_number_is_written_as_the_pages_write_numbers(
    name: str, changes: dict[str, Any], message: str
) -> None:
    """'got 0.0' and 'got -0.0' (Python's float repr) reached the Prognostic scores page: a number in a
    calculator's message is written as everywhere else (0, 1e+300), never '-0'."""
    function, arguments = CALCULATORS[name]
    with pytest.raises(ValueError) as raised:
        function(**{**arguments, **changes})
    assert str(raised.value).endswith(message), str(raised.value)
    assert "-0" not in str(raised.value) and ".0," not in str(raised.value)


def test_a_limit_reads_the_same_in_the_note_and_in_the_refusal() -> None:
    """The FLR volume limit was "3,000" (a comma) in the liver's note and its refusal, the CEA limit "100,000"
    in the calculators and the CEA table, and "100000" in the boxes and links: every bound is now written as
    a record writes a figure, grouped by spaces from 10 000 on."""
    from crlm_content.liver import PLAUSIBLE_RANGES_NOTE
    from crlm_content.validation import require_count

    assert "body surface area 1-3 m² and FLR volume 0-3000 mL." in PLAUSIBLE_RANGES_NOTE
    with pytest.raises(ValueError) as raised:
        call("sflr", flr_volume_ml=3001.0)
    assert "flr_volume_ml must be at most 3000 mL (the plausible upper limit)" in str(raised.value)
    with pytest.raises(
        ValueError, match=r"^n must be at most 100 000 \(the plausible upper limit\), got 100001$"
    ):
        require_count(100_001, "n", 100_000)  # a whole-number limit too (it was written "100000")
