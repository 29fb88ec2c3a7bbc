"""Edges of the calculators' adapters (``crlm_content.tools``) that a careless edit could move without any
other test noticing: each expected value is worked out here by hand from the rule or the primary definition
(``/work/shared/reference/calculator_definitions.md``), never read from the output under test."""

from __future__ import annotations

from datetime import date

from crlm_content import tools
from crlm_content.tools import timing as timing_tool

from .timing_examples import folfox_plan

# --- RECIST 1.1 target table --------------------------------------------------------------------------------


def test_a_nadir_sum_half_a_millimetre_above_the_baseline_is_refused() -> None:
    """RECIST 1.1's nadir is the smallest sum on study, the baseline included, so it can never exceed the
    baseline, by however little: 40.5 mm against 40 mm is refused, both sums written as entered."""
    sums, problems = tools.validate_targets([{"organ": "liver", "baseline": 40, "nadir": 40.5, "now": 30}])
    assert sums is None
    assert len(problems) == 1
    assert "(40.5 mm) is larger than the baseline sum (40 mm)" in problems[0]


def test_five_targets_two_per_organ_are_taken() -> None:
    """RECIST 1.1 takes at most 5 target lesions, at most 2 per organ: 2 liver, 2 lung and 1 peritoneal
    target are exactly the most it allows, so the table grades them (sums 30 + 20 + 20 + 15 + 15 = 100 mm)."""
    rows = [
        {"organ": organ, "baseline": size, "nadir": size, "now": size}
        for organ, size in (("liver", 30), ("liver", 20), ("lung", 20), ("lung", 15), ("peritoneum", 15))
    ]
    sums, problems = tools.validate_targets(rows)
    assert problems == []
    assert sums is not None
    assert sums.baseline_mm == 100


def test_a_lesion_of_exactly_the_upper_limit_is_taken() -> None:
    """The table takes 0-500 mm per lesion (this app's plausible limit, ``RECIST_LESION_MAX_MM``): 500 mm
    itself is inside it, not "above 500 mm"."""
    sums, problems = tools.validate_targets([{"organ": "liver", "baseline": 500, "nadir": 500, "now": 500}])
    assert problems == []
    assert sums is not None


# --- Treatment timing ---------------------------------------------------------------------------------------


def test_no_days_is_written_in_the_plural() -> None:
    """Bevacizumab may be given on the day of surgery (only a dose after it is refused): 0 days, 0 weeks."""
    assert timing_tool.weeks_text(0) == "0 days (0 weeks)"


def test_a_shorter_course_by_its_dates_is_written_to_a_tenth_of_a_week() -> None:
    """6 two-week cycles from Mon 6 Jan 2025 are 12 weeks; a last dose entered on Fri 7 Mar 2025 (day 1 of a
    cycle that started late) ends that cycle 14 days later: 6 Jan -> 7 Mar is 25 + 28 + 7 = 60 days, + 14 =
    74 days = 10.57 weeks, written 10.6 (not 11), after the 12 weeks the cycles give and the check uses."""
    plan = folfox_plan(last_chemo=date(2025, 3, 7))
    assert timing_tool.chemotherapy_derivation(plan) == (
        "6 cycles x 2 weeks = 12 weeks, longer than 2025-01-06 to the end of the 2-week cycle that starts "
        "2025-03-07 = 74 days = 10.6 weeks"
    )


def test_the_schedule_gives_a_re_imaging_week_to_a_tenth() -> None:
    """Re-imaging 2 calendar months after Mon 6 Jan 2025 is Thu 6 Mar 2025: 25 + 28 + 6 = 59 days from the
    start, 8.43 weeks, written 8.4 (the re-imaging falls between cycle starts, not on week 8)."""
    rows = timing_tool.schedule_rows(folfox_plan())
    reimaging = [row for row in rows if row["event"].startswith("Re-imaging")]
    assert reimaging[0]["date"] == "2025-03-06"
    assert reimaging[0]["week from start"] == "8.4"


# --- Future liver remnant -----------------------------------------------------------------------------------


def test_a_remnant_exactly_the_size_of_the_estimated_liver_is_100_percent_not_refused() -> None:
    """Vauthey: eTLV = -794.41 + 1267.28 x 1.8 = -794.41 + 2281.104 = 1486.694 mL. A volume of 1486.694 mL
    is exactly 100% of it: not "more than the estimated total liver volume" (only above 100% is refused),
    and it meets the normal liver's >= 20%."""
    assessment, problems = tools.assess_flr(
        source="volume", flr_percent=None, flr_volume_ml=1486.694, bsa_m2=1.8, condition="normal"
    )
    assert problems == []
    assert assessment is not None
    assert assessment.flr_percent == 100
    assert assessment.sufficient


def test_a_missing_body_surface_area_alone_is_asked_for_by_its_label() -> None:
    """With the volume entered and the BSA box empty, the one message asks for the BSA by its label."""
    assessment, problems = tools.assess_flr(
        source="volume", flr_percent=None, flr_volume_ml=500, bsa_m2=None, condition="normal"
    )
    assert assessment is None
    assert problems == [f"{tools.FLR_FIELD_LABELS['bsa_m2']}: enter a value."]


def test_a_date_exactly_260_weeks_away_is_within_the_planner_one_day_more_is_beyond() -> None:
    """The planner covers 0-260 weeks (5 years), 260 included: 1,820 days (260 x 7) is within it; 1,821 days
    is beyond and named in whole weeks. The audit's mutant (">=" for ">") refused 260 weeks exactly."""
    from crlm_content.tools import timing as timing_tool

    assert timing_tool._weeks_beyond(260 * 7) is None
    assert timing_tool._weeks_beyond(260 * 7 + 1) == "about 260 weeks"
    assert timing_tool._weeks_beyond(10_000 * 7) == "about 10,000 weeks"
