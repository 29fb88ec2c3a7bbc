"""DLM explorer logic: the review's boundaries, the lesion-table parser and checks, figures, by hand."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import crlm_content
from crlm_content import Catalog
from crlm_content.dlm import (
    DEPTH_LABEL,
    DEPTH_THRESHOLD_CM,
    EMPTY_TABLE_MESSAGE,
    FIGURE_2_IDS,
    MAX_LESIONS,
    NO_DURATION_CUTOFF,
    PLANNED_WEEKS_MAX,
    REPORTED_IDS,
    RISK_FACTORS_ID,
    SIZE_LABEL,
    SIZE_THRESHOLD_CM,
    Lesion,
    LesionRow,
    assess_lesion,
    assessment_table,
    check_table,
    chemo_plan,
    duration_cell,
    duration_comparison,
    encode_lesions,
    figure_2_example,
    is_deep,
    is_small,
    lesion_summaries,
    management_options,
    parse_lesions,
    rfs_alt,
    rfs_points,
)
from crlm_content.figures.dlm import rfs_figure
from crlm_content.figures.frame import described


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


# ------------------------------------------------------------------------------------------------------------
# The thresholds are the record's, with the review's signs
# ------------------------------------------------------------------------------------------------------------


def test_thresholds_equal_the_cited_record() -> None:
    record = catalog().get(RISK_FACTORS_ID)
    size = record.value(SIZE_LABEL)
    depth = record.value(DEPTH_LABEL)
    assert size.value == SIZE_THRESHOLD_CM == 2
    assert (size.unit, size.comparator) == ("cm", "<")
    assert depth.value == DEPTH_THRESHOLD_CM == 1
    assert (depth.unit, depth.comparator) == ("cm", ">")
    assert record.refs == (80, 85)


@pytest.mark.parametrize(
    ("size", "flagged"), [(1.99, True), (2.0, False), (2.01, False), (0.5, True), (2, False)]
)
def test_size_boundary_under_2_cm(size: float, flagged: bool) -> None:
    assert is_small(size) is flagged


@pytest.mark.parametrize(
    ("depth", "flagged"), [(1.0, False), (1.01, True), (0.99, False), (0.0, False), (1, False)]
)
def test_depth_boundary_deeper_than_1_cm(depth: float, flagged: bool) -> None:
    assert is_deep(depth) is flagged


def test_assessment_of_boundary_lesions() -> None:
    at_both = assess_lesion(Lesion(1, 2.0, 1.0, 4))
    assert (at_both.small, at_both.deep) == ("no", "no")
    assert at_both.reasons == ("2 cm is not under 2 cm", "1 cm deep is not deeper than 1 cm")
    assert at_both.factors_text == "neither size nor depth"
    past_both = assess_lesion(Lesion(2, 1.99, 1.01, 3))
    assert (past_both.small, past_both.deep) == ("yes", "yes")
    assert past_both.factors_present == ("under 2 cm", "deeper than 1 cm")
    assert past_both.reasons == ("1.99 cm is under 2 cm", "1.01 cm deep is deeper than 1 cm")


def test_unknown_values_are_not_guessed() -> None:
    result = assess_lesion(Lesion(1, None, None, 5))
    assert (result.small, result.deep) == ("not given", "not given")
    assert result.factors_present == ()
    assert result.factors_text == "none known (size and depth not given)"
    only_size = assess_lesion(Lesion(1, 1.0, None, None))
    assert (only_size.small, only_size.deep) == ("yes", "not given")
    assert only_size.factors_text == "under 2 cm"


# ------------------------------------------------------------------------------------------------------------
# The URL form of the lesion table
# ------------------------------------------------------------------------------------------------------------


def test_parse_compact_lesions() -> None:
    result = parse_lesions("1.5x0.8x6,3x2x7")
    assert result.rows == (LesionRow(1.5, 0.8, 6.0), LesionRow(3.0, 2.0, 7.0))
    assert result.ignored == ()
    assert parse_lesions(" 1.5X0.8X6 ; 3x2x7 ,").rows == result.rows  # ';', capitals, spaces, trailing comma


def test_parse_empty_parts_are_empty_cells() -> None:
    assert parse_lesions("xx5").rows == (LesionRow(None, None, 5.0),)
    assert parse_lesions("1.2xx").rows == (LesionRow(1.2, None, None),)
    assert parse_lesions("") == parse_lesions(" , ")
    assert parse_lesions("").rows == ()


def test_parse_reports_what_it_ignored() -> None:
    result = parse_lesions("abc,1x2,1.5x0.8x6,nanx1x1,1xinfx2,1x1xseven")
    assert result.rows == (LesionRow(1.5, 0.8, 6.0),)
    assert result.ignored == (
        "'lesions' entry 1 'abc' ignored: expected size x depth x segment",
        "'lesions' entry 2 '1x2' ignored: expected size x depth x segment",
        "'lesions' entry 4 'nanx1x1' ignored: size (cm): 'nan' is not a finite number",
        "'lesions' entry 5 '1xinfx2' ignored: depth (cm): 'inf' is not a finite number",
        "'lesions' entry 6 '1x1xseven' ignored: segment: 'seven' is not a number",
    )


def test_parse_keeps_out_of_range_numbers_for_the_table_check() -> None:
    assert parse_lesions("-1x30x9").rows == (LesionRow(-1.0, 30.0, 9.0),)


def test_parse_caps_the_number_of_lesions_and_shortens_long_items() -> None:
    result = parse_lesions(",".join(["1x1x1"] * (MAX_LESIONS + 2)))
    assert len(result.rows) == MAX_LESIONS
    assert result.ignored == (f"'lesions': entries after the first {MAX_LESIONS} ignored",)
    long = parse_lesions("y" * 300).ignored[0]
    assert long == "'lesions' entry 1 '" + "y" * 30 + "...' ignored: expected size x depth x segment"


def test_encode() -> None:
    rows = (LesionRow(1.5, 0.8, 6.0), LesionRow(3.0, 2.0, 7.0), LesionRow(None, None, 5.0))
    assert encode_lesions(rows) == "1.5x0.8x6,3x2x7,xx5"
    assert encode_lesions(()) == ""
    assert encode_lesions((LesionRow(0.1, 1e-7, None),)) == "0.1x1e-7x"


cells = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))


@given(st.lists(st.tuples(cells, cells, cells).map(lambda t: LesionRow(*t)), max_size=MAX_LESIONS))
def test_encode_then_parse_gives_the_table_back(rows: list[LesionRow]) -> None:
    rows = [r for r in rows if not (r.size_cm is None and r.depth_cm is None and r.segment is None)]
    parsed = parse_lesions(encode_lesions(rows))
    assert parsed.ignored == ()
    assert parsed.rows == tuple(rows)


# ------------------------------------------------------------------------------------------------------------
# Checking an edited table: a message naming the row and the column, never an exception
# ------------------------------------------------------------------------------------------------------------


RULE = "use a point for decimals, e.g. 0.5; no thousands separators or units"  # a text cell's notation


def row(size: object = None, depth: object = None, segment: object = None) -> dict[str, object]:
    return {"size_cm": size, "depth_cm": depth, "segment": segment}


def test_good_table() -> None:
    check = check_table([row(1.5, 0.8, 6.0), row(3, 2, 7)])
    assert check.problems == ()
    assert check.lesions == (Lesion(1, 1.5, 0.8, 6), Lesion(2, 3.0, 2.0, 7))


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (row(-1, 0.5, 6), "Row 1, size (cm): -1 must be greater than 0 cm"),
        (row(0, 0.5, 6), "Row 1, size (cm): 0 must be greater than 0 cm"),
        (
            row(30.5, 0.5, 6),
            "Row 1, size (cm): 30.5 is above 30 cm: check the unit (centimetres, not millimetres)",
        ),
        (row(1, -0.1, 6), "Row 1, depth (cm): -0.1 cannot be negative (0 is a lesion at the surface)"),
        (row(1, 25.5, 6), "Row 1, depth (cm): 25.5 is deeper than 25 cm: check the unit (centimetres)"),
        (row(1, 1, 0), "Row 1, segment: 0 is not a liver segment: use a whole number from 1 to 8"),
        (row(1, 1, 9), "Row 1, segment: 9 is not a liver segment: use a whole number from 1 to 8"),
        (row(1, 1, 2.5), "Row 1, segment: 2.5 is not a liver segment: use a whole number from 1 to 8"),
        (row("abc", 1, 2), "Row 1, size (cm): 'abc' is not a number: " + RULE),
        (row(1, "deep", 2), "Row 1, depth (cm): 'deep' is not a number: " + RULE),
        # The grid's number cells read "0,5" as 5 cm; a text cell's decimal comma, unit or separator is
        # refused, never guessed at.
        (row(3, "0,5", 2), "Row 1, depth (cm): '0,5' is not a number: " + RULE),
        (row(3, "2 cm", 2), "Row 1, depth (cm): '2 cm' is not a number: " + RULE),
        (row("1,000", 1, 2), "Row 1, size (cm): '1,000' is not a number: " + RULE),
        (row("1_0", 1, 2), "Row 1, size (cm): '1_0' is not a number: " + RULE),
        (row(1, 1, "٥"), "Row 1, segment: '٥' is not a number: " + RULE),
        # A value that is not text (no cell of the page's grid holds one: its number cells are text) is not
        # quoted, as in the RECIST and CEA tables (tools.common.table_number).
        (row(1, 1, True), "Row 1, segment: is not a number"),
        (row(1, 1, [5]), "Row 1, segment: is not a number"),
        (row(math.inf, 1, 2), "Row 1, size (cm): is not a finite number"),
    ],
)
def test_bad_cells_name_row_and_column(cells: dict[str, object], message: str) -> None:
    check = check_table([cells])
    assert check.problems == (message,)
    assert check.lesions == ()


@pytest.mark.parametrize(
    "cells",
    [row(30, 25, 1), row(0.01, 0, 8), row("1.5", " 0.8 ", "6"), row(1.0, 1.0, 6.0)],
)
def test_limits_themselves_are_accepted(cells: dict[str, object]) -> None:
    assert check_table([cells]).problems == ()


def test_problems_are_numbered_by_table_position() -> None:
    check = check_table([row(1, 1, 1), row(), row(-2, 1, 1), row(1, 1, 12)])
    assert check.problems == (
        "Row 3, size (cm): -2 must be greater than 0 cm",
        "Row 4, segment: 12 is not a liver segment: use a whole number from 1 to 8",
    )
    assert check.skipped_empty == 1
    assert [lesion.row for lesion in check.lesions] == [1]
    # the URL keeps what was typed, so a shared link shows the same message
    assert encode_lesions(check.url_rows) == "1x1x1,-2x1x1,1x1x12"


@pytest.mark.parametrize(
    "records",
    [
        [],
        [row()],
        [row("", " ", None), {"size_cm": math.nan, "depth_cm": math.nan, "segment": math.nan}],
        [{}],
    ],
)
def test_empty_table_gives_a_message(records: list[dict[str, object]]) -> None:
    check = check_table(records)
    assert check.problems == (EMPTY_TABLE_MESSAGE,)
    assert check.lesions == ()


def test_pandas_missing_values_are_empty_cells() -> None:
    import pandas as pd

    check = check_table([{"size_cm": pd.NA, "depth_cm": float("nan"), "segment": 5}])
    assert check.problems == ()
    assert check.lesions == (Lesion(1, None, None, 5),)


def test_too_many_rows() -> None:
    check = check_table([row(1, 1, 1)] * (MAX_LESIONS + 3))
    assert len(check.lesions) == MAX_LESIONS
    assert check.problems == (
        f"Row 21 and below: the explorer takes at most {MAX_LESIONS} lesions; the rest were not assessed.",
    )


@given(st.lists(st.fixed_dictionaries({"size_cm": st.from_type(object), "segment": st.text()}), max_size=5))
def test_check_never_raises(records: list[dict[str, Any]]) -> None:
    check_table(records)


# ------------------------------------------------------------------------------------------------------------
# Planned chemotherapy: weeks derived from cycles, and no duration cut-off
# ------------------------------------------------------------------------------------------------------------


def test_plan_from_cycles_is_derived() -> None:
    plan = chemo_plan(mode="cycles", cycles=6, cycle_weeks=2.0, weeks=None)
    assert plan.weeks == 12
    assert plan.derived
    assert plan.arithmetic == "Derived: 6 cycles x 2 weeks = 12 weeks."
    three_weekly = chemo_plan(mode="cycles", cycles=8, cycle_weeks=3, weeks=99)
    assert three_weekly.weeks == 24


def test_plan_with_unknown_cycle_length_has_no_weeks() -> None:
    plan = chemo_plan(mode="cycles", cycles=6, cycle_weeks=None, weeks=12)
    assert plan.weeks is None and not plan.derived
    assert "cycle length is not given" in plan.arithmetic
    assert duration_cell(plan) == "duration not known; no cut-off in the review"


def test_plan_in_weeks_is_as_entered() -> None:
    plan = chemo_plan(mode="weeks", cycles=None, cycle_weeks=None, weeks=16.0)
    assert (plan.weeks, plan.derived, plan.arithmetic) == (16.0, False, "16 weeks, as entered.")
    assert duration_cell(plan) == "16 weeks planned; no cut-off in the review"


def test_the_weeks_limit_is_the_longest_course_by_cycles() -> None:
    """The weeks box stopped at 52 while the cycles boxes took 24 x 6 = 144 weeks."""
    assert PLANNED_WEEKS_MAX == 144  # 24 cycles (timing.CYCLES_MAX) x 6 weeks (CYCLE_LENGTH_MAX_WEEKS)
    assert chemo_plan(mode="cycles", cycles=24, cycle_weeks=6.0, weeks=None).weeks == 144
    with pytest.raises(ValueError, match="cycle_length_weeks"):
        chemo_plan(mode="cycles", cycles=24, cycle_weeks=6.5, weeks=None)
    assert chemo_plan(mode="weeks", cycles=None, cycle_weeks=None, weeks=144.0).weeks == 144


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"mode": "cycles", "cycles": 0, "cycle_weeks": 2.0}, "cycles"),
        ({"mode": "cycles", "cycles": 0, "cycle_weeks": None}, "cycles"),
        ({"mode": "cycles", "cycles": 6, "cycle_weeks": -1.0}, "cycle_length_weeks"),
        ({"mode": "weeks", "weeks": 0.0}, "weeks"),
        ({"mode": "weeks", "weeks": math.nan}, "weeks"),
    ],
)
def test_plan_rejects_impossible_values(arguments: dict[str, Any], name: str) -> None:
    full: dict[str, Any] = {"cycles": None, "cycle_weeks": None, "weeks": None, **arguments}
    with pytest.raises(ValueError, match=name):
        chemo_plan(**full)


def test_duration_is_compared_with_the_complication_finding_as_a_different_finding() -> None:
    plan = chemo_plan(mode="weeks", cycles=None, cycle_weeks=None, weeks=16.0)
    text = duration_comparison(catalog(), plan)
    assert text.startswith("Planned: 16 weeks.")
    assert "> 12 weeks" in text and "[53]" in text and "not DLM" in text
    assert "no cut-off" in NO_DURATION_CUTOFF


def test_assessment_table_never_shows_a_probability() -> None:
    check = check_table([row(1.5, 0.5, 6), row(3, 2, 7), row(-1, 1, 2), row(None, None, 5)])
    plan = chemo_plan(mode="cycles", cycles=6, cycle_weeks=2.0, weeks=None)
    table = assessment_table(check, plan)
    assert [r["under 2 cm"] for r in table] == ["yes", "no", "not assessed", "not given"]
    assert [r["deeper than 1 cm"] for r in table] == ["no", "yes", "not assessed", "not given"]
    assert table[2]["reasoning"] == "not assessed: size (cm): -1 must be greater than 0 cm"
    assert all("%" not in str(value) for r in table for value in r.values())
    assert table[0]["longer chemotherapy"] == "12 weeks planned; no cut-off in the review"


def test_lesion_summaries_say_in_words_what_the_table_says() -> None:
    check = check_table([row(1.5, 0.5, 6), row(None, 1.5, None), row(-1, 1, 2)])
    plan = chemo_plan(mode="cycles", cycles=6, cycle_weeks=2.0, weeks=None)
    table = assessment_table(check, plan)
    summaries = lesion_summaries(check, plan)
    assert [s.row for s in summaries] == [r["row"] for r in table]
    assert [s.reasoning for s in summaries] == [r["reasoning"] for r in table]
    assert [s.held for s in summaries] == [
        "segment 6, 1.5 cm, 0.5 cm deep",
        "segment not given, size not given, 1.5 cm deep",
        "segment 2, -1 cm, 1 cm deep",
    ]
    assert summaries[0].flags == (("under 2 cm", "yes"), ("deeper than 1 cm", "no"))
    assert summaries[1].flags == (("under 2 cm", "not given"), ("deeper than 1 cm", "yes"))
    assert summaries[2].flags == ()  # not assessed: the reasoning says why


def test_a_refused_cell_is_said_not_read_not_not_given() -> None:
    """'0,5' typed as a depth was given and refused: 'depth not given' told the reader it was never
    entered."""
    check = check_table(
        [{"size_cm": "3", "depth_cm": "0,5", "segment": "5"}, {"size_cm": "3", "segment": "5"}]
    )
    summaries = lesion_summaries(check, chemo_plan(mode="cycles", cycles=6, cycle_weeks=2.0, weeks=None))
    assert [s.held for s in summaries] == [
        "segment 5, 3 cm, depth not read",
        "segment 5, 3 cm, depth not given",
    ]


# ------------------------------------------------------------------------------------------------------------
# Records shown on the page
# ------------------------------------------------------------------------------------------------------------


def test_rfs_points_equal_the_record() -> None:
    points = [(p.group, p.years, p.rfs) for p in rfs_points(catalog())]
    assert points == [
        ("DLM left in situ", 1, 40.2),
        ("DLM left in situ", 3, 16.1),
        ("original sites resected", 1, 68.8),
        ("original sites resected", 3, 35.1),
    ]


def test_rfs_figure_data_reference_and_p_value() -> None:
    fig = rfs_figure(catalog())
    assert [(t.name, list(t.x), list(t.y)) for t in fig.data] == [
        ("DLM left in situ", ["1 year", "3 years"], [40.2, 16.1]),
        ("original sites resected", ["1 year", "3 years"], [68.8, 35.1]),
    ]
    texts = [a.text for a in fig.layout.annotations]
    assert "[80]" in fig.layout.title.text
    assert rfs_alt(catalog()).startswith("Grouped bars of intrahepatic recurrence-free survival (ref. [80])")
    # the source line said "Ref 80", a wording of its own
    notes = [" ".join(text.split("<br>")).replace("\N{NO-BREAK SPACE}", " ") for text in texts]
    assert any(note.startswith("Ref. [80], as quoted by the review.") for note in notes), notes


def test_rfs_p_value_belongs_to_no_one_pair_of_bars() -> None:
    """The "P = 0.04 [80]" drawn top right sat over the 3-year pair (16.1% vs 35.1%) and read as that
    comparison's P; the review gives one P after both time points without saying which comparison it belongs
    to, and the app calls neither time point significant (caveat 19)."""
    fig = rfs_figure(catalog())
    notes = [
        " ".join(a.text.split("<br>")).replace("\N{NO-BREAK SPACE}", " ") for a in fig.layout.annotations
    ]
    assert len(notes) == 1, notes  # the source note under the chart, and no label over the bars
    assert "P = 0.04 [80]: for which comparison, the review does not say (caveat 19)." in notes[0]
    described_ = described(rfs_alt(catalog()), fig).replace("\N{NO-BREAK SPACE}", " ")
    assert "the review does not say (caveat 19)" in described_


def test_the_chart_description_gives_the_p_value_to_no_one_pair_of_bars() -> None:
    """The description ended "...; original sites resected 35.1% at 3 years (P = 0.04, ref. [80])": the P
    right after the 3-year pair read as that pair's, which caveat 19 and the chart's note say the review does
    not state (one P given after both the 1- and the 3-year figures)."""
    alt = rfs_alt(catalog())
    assert "35.1% at 3 years (P" not in alt and "3 years, P" not in alt
    assert alt.endswith(
        "original sites resected 35.1% at 3 years. "
        "P = 0.04 (ref. [80]): for which comparison, the review does not say (caveat 19)."
    )


def test_reported_figures_are_the_reviews_ranges() -> None:
    shown = [v.display() for evidence_id in REPORTED_IDS for v in catalog().get(evidence_id).values]
    assert shown == ["7-37%", "61-83%", "83%"]


def test_management_options_are_cited() -> None:
    options = management_options(catalog())
    assert [o.evidence_id for o in options] == [
        "dlm-fiducial-marker",
        "imaging-intraoperative-comparison",
        "dlm-intrahepatic-rfs",
        "dlm-upfront-surgery-highest-risk",
    ]
    assert "99%" in options[1].text
    for option in options:
        catalog().get(option.evidence_id)


def test_figure_2_example_leaves_size_and_depth_unknown() -> None:
    example = figure_2_example(catalog())
    assert (example.segment, example.cycles, example.lesions_text) == (5, 6, "xx5")
    check = check_table(
        [
            {"size_cm": r.size_cm, "depth_cm": r.depth_cm, "segment": r.segment}
            for r in parse_lesions("xx5").rows
        ]
    )
    assert check.problems == ()
    result = assess_lesion(check.lesions[0])
    assert (result.small, result.deep) == ("not given", "not given")
    for evidence_id in FIGURE_2_IDS:
        catalog().get(evidence_id)


def test_no_option_points_at_where_the_chart_sits() -> None:
    # The chart stands beside the options on a laptop and above them on a phone: "below" was wrong on both.
    for option in management_options(catalog()):
        for place in ("below", "above", "left", "right"):
            assert f"chart {place}" not in option.text, option.title
