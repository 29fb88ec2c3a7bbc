"""crlm_content.tools: table parsing and validation, URL encoding, scores, FLR, serial CEA, timing plans.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import crlm_content
from crlm_content import tools
from crlm_content.figures.cea import cea_figure
from crlm_content.response import recist_response
from crlm_content.scores import FONG_PUBLISHED_OUTCOMES, GAME_PUBLISHED_OUTCOMES
from crlm_content.tools.common import link_number, table_number
from crlm_content.urlstate import QueryField

from .timing_examples import folfox_inputs

CATALOG = crlm_content.get_catalog()
RULE = "use a point for decimals, e.g. 0.5; no thousands separators or units"  # a text cell's notation

# ------------------------------------------------------------------------------------------------------------
# Shared helpers
# ------------------------------------------------------------------------------------------------------------


def test_name_fields_replaces_argument_names_with_labels() -> None:
    message = "largest_tumour_cm must be greater than 0, got 0"
    assert tools.name_fields(message, tools.SCORE_FIELD_LABELS) == (
        "Largest liver tumour (cm) must be greater than 0, got 0"
    )
    # "ras_mutated" is inside "kras_mutated": only whole names are replaced
    assert (
        tools.name_fields("kras_mutated must be True", tools.SCORE_FIELD_LABELS)
        == "KRAS mutated must be True"
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [([35.1, 20.2], 55.3), ([0.1, 0.2], 0.3), ([12.0, 10.0, 9.5], 31.5), ([], 0.0)],
)
def test_exact_sum_adds_decimals_as_typed(values: list[float], expected: float) -> None:
    assert tools.exact_sum(values) == expected  # exact equality: 0.1 + 0.2 is 0.3 here


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (12.5, "12.5"), (0.75, "0.75"), (-0.0, "0"), (1740.15, "1740.15")]
)
def test_format_number(value: float, text: str) -> None:
    assert tools.format_number(value) == text


@pytest.mark.parametrize(
    ("value", "boundaries", "signed", "text"),
    [
        (25.0, (30.0,), False, "25.0%"),
        (30.0, (30.0,), False, "30.0%"),  # exactly on the boundary may print as the boundary
        (29.96, (30.0,), False, "29.96%"),  # 1 decimal would print 30.0%: more decimals instead
        (30.04, (30.0,), False, "30.04%"),
        (-7.5, (-7.5,), True, "-7.5%"),
        (-7.46, (-7.5,), True, "-7.46%"),  # -7.5 at 1 decimal would look like a fall that meets the cut-off
        (-27.083333333333332, (-30.0, 20.0), True, "-27.1%"),  # (70 - 96) / 96 x 100
        (6.666666666666667, (-30.0, 20.0), True, "+6.7%"),
    ],
)
def test_format_percent_never_rounds_across_a_boundary(
    value: float, boundaries: tuple[float, ...], signed: bool, text: str
) -> None:
    assert tools.format_percent(value, *boundaries, signed=signed) == text


@given(
    value=st.floats(min_value=-200, max_value=200, allow_nan=False),
    boundary=st.sampled_from([-7.5, 20.0, 30.0]),
)
def test_format_percent_keeps_the_side_of_the_boundary(value: float, boundary: float) -> None:
    shown = float(tools.format_percent(value, boundary).rstrip("%"))
    assert (shown > boundary) == (value > boundary)
    assert (shown < boundary) == (value < boundary)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5.408326913195984, "5.41"),  # sqrt(29.25)
        (8.996051356033644, "8.996"),  # sqrt(8.9403^2 + 1): 2 decimals would print 9.00, the next zone
        (9.0, "9.00"),
        (2.9999, "2.9999"),
    ],
)
def test_format_near_keeps_a_tumor_burden_score_in_its_zone(value: float, text: str) -> None:
    assert tools.format_near(value, 3, 9) == text


# ------------------------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------------------------


def test_parse_iso_date() -> None:
    assert tools.parse_iso_date(" 2025-01-06 ") == date(2025, 1, 6)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-13-06", "not a real calendar date"),
        ("2025-02-30", "not a real calendar date"),
        ("06/01/2025", "is not a date written as"),
        ("tomorrow", "is not a date written as"),
        ("1999-12-31", "outside 2000-2099"),
        ("2100-01-01", "outside 2000-2099"),
    ],
)
def test_parse_iso_date_rejects_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        tools.parse_iso_date(text)


def test_date_field_parses_to_iso_text_and_reports_problems_by_key() -> None:
    field = tools.DateField("start", "text", "2025-01-06", optional=True, always_in_url=True)
    assert field.parse(["2025-02-03"]) == ("2025-02-03", None)
    assert field.parse(["none"]) == (None, None)
    value, problem = field.parse(["2025-13-01"])
    assert value == "2025-01-06"
    assert problem is not None and problem.startswith("'start=2025-13-01' ignored")
    assert field.widget_key == "start_date"


def test_date_field_serialize() -> None:
    always = tools.DateField("start", "text", "2025-01-06", optional=True, always_in_url=True)
    assert always.serialize("2025-01-06") == "2025-01-06"  # the default is still written
    assert always.serialize(None) == "none"
    optional = tools.DateField("surgery", "text", None, optional=True)
    assert optional.serialize(None) is None
    assert optional.serialize("2025-05-05") == "2025-05-05"


@pytest.mark.parametrize(
    ("text", "expected"), [("2025-01-06", date(2025, 1, 6)), ("", None), (None, None), ("x", None)]
)
def test_date_from_text(text: object, expected: date | None) -> None:
    assert tools.date_from_text(text) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 6), 2, date(2025, 3, 6)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # clamped to the end of February
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year end
        (date(2025, 12, 31), 6, date(2026, 6, 30)),
        (date(2025, 5, 5), 0, date(2025, 5, 5)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert tools.add_months(start, months) == expected


# ------------------------------------------------------------------------------------------------------------
# Prognostic scores
# ------------------------------------------------------------------------------------------------------------

EXAMPLE = tools.ScorePatient(
    node_positive=True,
    disease_free_interval_months=6.0,
    tumour_count=3,
    largest_tumour_cm=4.5,
    cea_ng_ml=30.0,
    kras_mutated=False,
    nras_mutated=False,
    extrahepatic_disease=False,
)


def patient(**changes: Any) -> tools.ScorePatient:
    return tools.ScorePatient(**{**EXAMPLE.__dict__, **changes})


def test_compute_scores_for_the_example_patient() -> None:
    scores, problems = tools.compute_scores(EXAMPLE)
    assert problems == [] and scores is not None
    # Fong: node 1 + DFI 6 < 12 1 + 3 tumours 1 + 4.5 cm 0 + CEA 30 0 = 3
    assert (scores.fong.points, scores.fong.risk_group) == (3, "high")
    # TBS = sqrt(4.5^2 + 3^2) = sqrt(20.25 + 9) = sqrt(29.25) = 5.408 -> 1 point
    assert scores.game.tbs == pytest.approx(5.408, abs=1e-3)
    # GAME: KRAS 0 + CEA >= 20 1 + node 1 + TBS 1 + extrahepatic 0 = 3
    assert (scores.game.points, scores.game.risk_group) == (3, "medium")
    # m-CS: RAS 0 + node 1 + 4.5 cm not > 5 0 = 1
    assert (scores.mcs.points, scores.mcs.risk_group) == (1, "medium")


def test_nras_only_counts_in_mcs_not_in_game() -> None:
    plain, _ = tools.compute_scores(EXAMPLE)
    nras, _ = tools.compute_scores(patient(nras_mutated=True))
    assert plain is not None and nras is not None
    assert nras.game.points == plain.game.points  # GAME: KRAS only
    assert nras.mcs.points == plain.mcs.points + 1  # m-CS: any RAS
    assert tools.ras_note(kras_mutated=False, nras_mutated=True) is not None
    assert tools.ras_note(kras_mutated=True, nras_mutated=True) is None
    assert tools.ras_note(kras_mutated=False, nras_mutated=False) is None


def test_kras_counts_in_both() -> None:
    plain, _ = tools.compute_scores(EXAMPLE)
    kras, _ = tools.compute_scores(patient(kras_mutated=True))
    assert plain is not None and kras is not None
    assert (kras.game.points, kras.mcs.points) == (plain.game.points + 1, plain.mcs.points + 1)


def test_compute_scores_names_the_bad_field_once() -> None:
    scores, problems = tools.compute_scores(patient(largest_tumour_cm=0.0))
    assert scores is None
    # the same problem in all three calculators is reported once, with the page's label
    assert problems == ["Largest liver tumour (cm) must be greater than 0, got 0"]
    # a typed -0 is 0, never "-0" or Python's "-0.0"
    assert tools.compute_scores(patient(largest_tumour_cm=-0.0))[1] == problems


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"tumour_count": 0}, "Number of liver tumours"),
        ({"cea_ng_ml": -1.0}, "CEA (ng/mL)"),
        ({"disease_free_interval_months": math.nan}, "Disease-free interval (months)"),
    ],
)
def test_compute_scores_reports_each_field_by_label(changes: dict[str, Any], label: str) -> None:
    scores, problems = tools.compute_scores(patient(**changes))
    assert scores is None
    assert problems and all(p.startswith(label) for p in problems)


def test_score_breakdown_rows_cover_every_item() -> None:
    scores, _ = tools.compute_scores(EXAMPLE)
    assert scores is not None
    rows = tools.score_breakdown_rows(scores)
    assert len(rows) == 5 + 5 + 3
    for name, total in (
        ("Fong clinical risk score", scores.fong.points),
        ("GAME score", scores.game.points),
        ("m-CS", scores.mcs.points),
    ):
        assert sum(int(str(r["points"])) for r in rows if r["score"] == name) == total
    tbs = next(r for r in rows if r["item"] == "Tumor Burden Score")
    assert (tbs["points"], tbs["of"]) == (1, 2)


@pytest.mark.parametrize(
    ("points", "usual", "three_way"),
    [
        (0, "low (0-2)", "0-2"),
        (2, "low (0-2)", "0-2"),
        (3, "high (3-5)", "3-4"),
        (4, "high (3-5)", "3-4"),
        (5, "high (3-5)", "5"),
    ],
)
def test_fong_groupings(points: int, usual: str, three_way: str) -> None:
    first, second = tools.fong_groupings(points)
    assert (first.group, first.used_here) == (usual, True)
    assert (second.group, second.used_here) == (three_way, False)


@pytest.mark.parametrize("points", [-1, 6])
def test_fong_groupings_rejects_impossible_scores(points: int) -> None:
    with pytest.raises(ValueError, match="points"):
        tools.fong_groupings(points)


def test_outcome_rows_mark_the_patient_once() -> None:
    fong = tools.outcome_rows(FONG_PUBLISHED_OUTCOMES, "3")
    assert [r["this patient"] != "" for r in fong] == [False, False, False, True, False, False]
    assert fong[3]["5-year OS (%)"] == 20 and fong[3]["median OS (months)"] == 33
    game = tools.outcome_rows(GAME_PUBLISHED_OUTCOMES, "medium")
    assert "5-year OS (%)" not in game[0]  # the GAME validation gives medians only
    assert [r["group"] for r in game if r["this patient"]] == ["medium"]


def test_fong_review_comparison_has_seven_review_items_and_five_score_items() -> None:
    rows = tools.fong_review_comparison_rows()
    assert len(rows) == 7
    assert all(r["in the review's list"] == "yes" for r in rows)
    assert sum(r["in the Fong score (1999)"] == "yes" for r in rows) == 5
    not_items = {r["item"] for r in rows if r["in the Fong score (1999)"] != "yes"}
    assert not_items == {"Positive resection margin", "Extrahepatic disease"}


# ------------------------------------------------------------------------------------------------------------
# Future liver remnant
# ------------------------------------------------------------------------------------------------------------


def flr(**changes: Any) -> tuple[tools.FlrAssessment | None, list[str]]:
    arguments: dict[str, Any] = {
        "source": "percent",
        "flr_percent": 25.0,
        "flr_volume_ml": None,
        "bsa_m2": None,
        "condition": "normal",
        **changes,
    }
    return tools.assess_flr(**arguments)


def test_flr_entered_directly() -> None:
    assessment, problems = flr()
    assert problems == [] and assessment is not None
    assert (assessment.flr_percent, assessment.derived, assessment.sufficient) == (25.0, False, True)
    assert (assessment.threshold_percent, assessment.comparator) == (20.0, ">=")
    assert tools.vauthey_derivation(assessment) == []


@pytest.mark.parametrize(
    ("percent", "condition", "sufficient", "wording"),
    [
        (20.0, "normal", True, "'>=' includes it"),  # >= 20%: exactly 20 is enough
        (30.0, "chemotherapy_or_steatosis", False, "'>' excludes it"),  # > 30%: exactly 30 is not
        (40.0, "cirrhosis", False, "'>' excludes it"),
    ],
)
def test_flr_exactly_on_the_threshold(percent: float, condition: str, sufficient: bool, wording: str) -> None:
    assessment, _ = flr(flr_percent=percent, condition=condition)
    assert assessment is not None
    assert assessment.at_threshold and assessment.sufficient is sufficient
    assert wording in tools.flr_verdict(assessment)


def test_flr_standardized_from_volume_and_bsa() -> None:
    # eTLV = -794.41 + 1267.28 x 2 = 1740.15 mL; 522.045 / 1740.15 = 30%
    assessment, problems = flr(
        source="volume", flr_volume_ml=522.045, bsa_m2=2.0, condition="chemotherapy_or_steatosis"
    )
    assert problems == [] and assessment is not None
    assert assessment.derived and assessment.etlv_ml == pytest.approx(1740.15)
    assert assessment.flr_percent == 30.0 and not assessment.sufficient
    steps = tools.vauthey_derivation(assessment)
    assert steps[0].endswith("-794.41 + 1267.28 x 2 = 1740.15 mL")
    assert steps[1].endswith("522.045 / 1740.15 x 100 = 30.0%")


def test_flr_volume_above_the_estimated_liver_is_reported() -> None:
    # BSA 1.0 gives eTLV -794.41 + 1267.28 = 472.87 mL, written exactly; 600 mL would be 127%
    assessment, problems = flr(source="volume", flr_volume_ml=600.0, bsa_m2=1.0)
    assert assessment is None
    assert problems[0].startswith(
        "FLR volume (mL): 600 mL is more than the estimated total liver volume (472.87 mL"
    )


def test_flr_bsa_too_small_for_the_formula_names_bsa() -> None:
    assessment, problems = flr(source="volume", flr_volume_ml=300.0, bsa_m2=0.55)
    assert assessment is None
    assert problems[0].startswith("Body surface area (m²) must be between 1 and 3 m² (plausible adult range")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"flr_percent": None}, ["FLR (% of total liver volume): enter a percentage."]),
        ({"source": "volume"}, ["FLR volume (mL): enter a value.", "Body surface area (m²): enter a value."]),
        ({"condition": "fatty"}, ["Liver condition: 'fatty' is not one of the listed conditions."]),
    ],
)
def test_flr_missing_or_unknown_input(changes: dict[str, Any], expected: list[str]) -> None:
    assert flr(**changes) == (None, expected)


def test_flr_percent_out_of_range_names_the_field() -> None:
    assessment, problems = flr(flr_percent=120.0)
    assert assessment is None
    assert problems[0].startswith("FLR (% of total liver volume) must be between 0 and 100")


# ------------------------------------------------------------------------------------------------------------
# RECIST target table
# ------------------------------------------------------------------------------------------------------------


def row(organ: object, baseline: object, nadir: object, now: object) -> dict[str, object]:
    return {"organ": organ, "baseline": baseline, "nadir": nadir, "now": now}


def test_parse_targets_param() -> None:
    rows, problems = tools.parse_targets_param("liver:35/20/22,lung:12/10/10")
    assert problems == []
    assert rows == [row("liver", 35.0, 20.0, 22.0), row("lung", 12.0, 10.0, 10.0)]


def test_parse_targets_param_keeps_blank_cells_for_validation() -> None:
    rows, problems = tools.parse_targets_param("lymph node:20//15")
    assert problems == [] and rows == [row("lymph node", 20.0, None, 15.0)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x", "'targets' entry 1 'x' ignored: expected organ:baseline/nadir/now in mm"),
        ("liver:1/2", "'targets' entry 1 'liver:1/2' ignored: expected organ:baseline/nadir/now in mm"),
        ("liver:a/1/2", "'targets' entry 1 'liver:a/1/2' ignored: 'a' is not a number"),
        ("liver:inf/1/2", "'targets' entry 1 'liver:inf/1/2' ignored: 'inf' is not a finite number"),
        (
            "l" * 31 + ":10/10/10",  # longer than the Organ column takes: never written by the page
            f"'targets' entry 1 '{'l' * 30}...' ignored: organ: use at most 30 characters",  # quoted: 30
        ),
    ],
)
def test_parse_targets_param_reports_what_it_ignored(text: str, problem: str) -> None:
    rows, problems = tools.parse_targets_param("lung:12/10/10," + text)
    assert rows == [row("lung", 12.0, 10.0, 10.0)]
    assert problems == [problem.replace("entry 1", "entry 2")]


@pytest.mark.parametrize("organ", ["segment 8", "S4a", "liver S8", "lymph node 2"])
def test_an_organ_may_name_a_segment_with_digits(organ: str) -> None:
    """'segment 8' and 'S4a' were refused ('use letters, spaces and hyphens only')."""
    rows, problems = tools.parse_targets_param(f"{organ}:20/20/20")
    assert problems == [] and rows == [row(organ, 20.0, 20.0, 20.0)]
    sums, problems = tools.validate_targets([row(organ, 20.0, 20.0, 20.0)])
    assert problems == [] and sums is not None and sums.lesions[0].organ == organ


@pytest.mark.parametrize(
    ("organ", "link"),
    [
        ("liver #2", "liver #2:20/10/10"),
        ("lung, left", "lung%2C left:20/10/10"),  # the link's separators and % are escaped
        ("a:b/c 5%", "a%3Ab%2Fc 5%25:20/10/10"),
        ("", ":20/10/10"),
    ],
)
def test_a_refused_organ_stays_in_the_link_as_typed(organ: str, link: str) -> None:
    """A refused organ was written to the link as an empty one (':20/10/10'), so the link no longer
    reopened the table on screen; it is written as typed and reopens with the same message, in place."""
    table = [row("lung", 12.0, 10.0, 10.0), row(organ, 20.0, 10.0, 10.0)]
    text = tools.encode_targets(table)
    assert text == "lung:12/10/10," + link
    rows, problems = tools.parse_targets_param(text)
    assert problems == [] and rows == table
    assert tools.validate_targets(rows) == tools.validate_targets(table)
    assert tools.validate_targets(rows)[0] is None


def test_parse_targets_param_stops_after_five() -> None:
    rows, problems = tools.parse_targets_param(",".join(f"o{'a' * i}:10/10/10" for i in range(7)))
    assert len(rows) == 5
    assert problems == [
        "'targets': entries after the first 5 ignored (RECIST 1.1 allows at most 5 target lesions)"
    ]


def test_encode_targets_round_trip_and_blank_rows() -> None:
    text = "liver:35/20/22,lymph node:20//15"
    rows, _ = tools.parse_targets_param(text)
    assert tools.encode_targets(rows) == text
    with_blanks = [*rows, row(None, math.nan, None, None), row("  lung  ", 12.5, 10, math.nan)]
    assert tools.encode_targets(with_blanks) == text + ",lung:12.5/10/"


def test_encode_targets_writes_exact_values_so_a_reopened_link_grades_the_same() -> None:
    # 100 -> 70.0000001 is short of RECIST's 30% fall (PR needs now <= 70% of 100 = 70 mm): SD. Rounded to
    # 70 in the link, the reopened page (and the editor rebuilt from the link) would grade exactly -30%: PR.
    text = tools.encode_targets([row("liver", 100.0, 100.0, 70.0000001)])
    assert text == "liver:100/100/70.0000001"
    rows, problems = tools.parse_targets_param(text)
    sums, _ = tools.validate_targets(rows)
    assert problems == [] and sums is not None and sums.now_mm == 70.0000001
    category = recist_response(
        baseline_sum_mm=sums.baseline_mm,
        nadir_sum_mm=sums.nadir_mm,
        current_sum_mm=sums.now_mm,
        new_lesions=False,
    ).category
    assert category == "SD"
    assert tools.recist_sum_texts(sums) == ("100", "100", "70.0000001")  # the metrics: not "70 mm"
    assert tools.encode_targets([row("liver", 5e-324, 0.1, 20.000000000000004)]) == (
        "liver:5e-324/0.1/20.000000000000004"  # a tiny value is not 0, and every digit is kept
    )


@pytest.mark.parametrize(
    ("baseline", "nadir", "now", "texts"),
    [
        # PD line: 120% of 25 = 30 and 25 + 5 = 30; 29.9999999 is short of it (SD)
        (25.0, 25.0, 29.9999999, ("25", "25", "29.9999999")),
        # PR line: 70% of 100.0000001 = 70.00000007 is above 70 (PR), which "100" beside "70" also says
        (100.0000001, 100.0, 70.0, ("100.0000001", "100", "70")),
        # 70% of 99.9999999 = 69.99999993 is below 70 (SD); "100" beside "70" would say PR
        (99.9999999, 99.9999999, 70.0, ("99.9999999", "99.9999999", "70")),
    ],
)
def test_recist_sum_texts_keep_the_side_of_every_rule(
    baseline: float, nadir: float, now: float, texts: tuple[str, str, str]
) -> None:
    sums, problems = tools.validate_targets([row("liver", baseline, nadir, now)])
    assert problems == [] and sums is not None
    assert tools.recist_sum_texts(sums) == texts


def test_recist_change_texts_never_round_across_a_rule() -> None:
    # liver 30/20/24.9999999: +4.9999999 mm from the nadir, under RECIST's 5 mm (SD); +24.9999995% from it
    sums, problems = tools.validate_targets([row("liver", 30.0, 20.0, 24.9999999)])
    assert problems == [] and sums is not None
    assert tools.recist_change_texts(sums) == ("-16.7%", "+25.0%", "+4.9999999")
    sums, _ = tools.validate_targets([row("liver", 25.0, 25.0, 29.9999999)])  # +19.9999996%: under 20%
    assert sums is not None and tools.recist_change_texts(sums) == (
        "+19.9999996%",
        "+19.9999996%",
        "+4.9999999",
    )
    sums, _ = tools.validate_targets([row("liver", 20.0, 0.0, 4.0)])  # nadir 0 mm: no percent from it
    assert sums is not None and tools.recist_change_texts(sums) == ("-80.0%", None, "+4")


def test_target_sums_give_the_nodes_at_the_nadir() -> None:
    records = [row("liver", 20.0, 0.0, 4.0), row("Lymph node", 20.0, 8.0, 8.5), row("lung", 12.0, 11.0, 9.0)]
    sums, problems = tools.validate_targets(records)
    assert problems == [] and sums is not None
    assert sums.node_short_axes_nadir_mm == (8.0,)
    assert sums.node_short_axes_now_mm == (8.5,)


def test_validate_targets_sums() -> None:
    sums, problems = tools.validate_targets([row("liver", 35.0, 20.0, 22.0), row("Lung", 12.0, 10.0, 10.0)])
    assert problems == [] and sums is not None
    assert (sums.baseline_mm, sums.nadir_mm, sums.now_mm) == (47.0, 30.0, 32.0)


def test_validate_targets_gives_the_current_short_axes_of_lymph_nodes() -> None:
    rows = [row("lymph node", 20.0, 20.0, 8.0), row("liver", 20.0, 20.0, 0.0), row("Node", 16.0, 16.0, 9.5)]
    sums, problems = tools.validate_targets(rows)
    assert problems == [] and sums is not None
    assert sums.node_short_axes_now_mm == (8.0, 9.5)


def test_a_huge_value_is_reported_and_linked_in_a_few_characters() -> None:
    sums, problems = tools.validate_targets([row("liver", 1e300, 10.0, 10.0)])
    assert sums is None
    assert problems == [
        "Row 1, Baseline (mm): 1e+300 mm is above 500 mm, the plausible upper limit for one lesion; check "
        "the unit (millimetres)."
    ]
    assert tools.encode_targets([row("liver", 1e308, 10.0, 10.0)]) == "liver:1e+308/10/10"
    points, messages = tools.validate_cea([{"week": 1e300, "cea": 10.0}, {"week": 3.0, "cea": 1e300}], "week")
    assert points is None
    assert messages == [
        "Row 1, Week: 1e+300 is outside 0-520.",
        "Row 2, CEA (ng/mL): 1e+300 is above 100 000 ng/mL, the plausible upper limit; check the unit.",
    ]
    assert tools.encode_cea([{"week": 1e300, "cea": 1e300}], "week") == "1e+300:1e+300"


@pytest.mark.parametrize(
    ("cell", "message"), [("1e400", "'1e400' is not a finite number"), ("abc", "'abc' is not a number")]
)
def test_a_cell_the_table_refuses_is_quoted_in_its_message(cell: str, message: str) -> None:
    """'Row 1, Now (mm): is not a finite number.' had no subject: the typed text is named."""
    assert table_number(cell) == (None, message)
    sums, problems = tools.validate_targets([row("liver", 35.0, 35.0, cell)])
    assert sums is None and any(message in problem for problem in problems), problems


@pytest.mark.parametrize("cell", [-0.0, "-0", " -0.0 "])
def test_negative_zero_in_a_cell_or_a_link_reads_as_zero(cell: object) -> None:
    number, problem = table_number(cell)
    assert problem is None and number == 0 and math.copysign(1.0, number) == 1.0
    linked = link_number(str(cell))
    assert linked == 0 and math.copysign(1.0, linked) == 1.0
    rows, _ = tools.parse_targets_param(f"liver:20/20/{str(cell).strip()}")
    sums, _ = tools.validate_targets(rows)
    assert sums is not None and math.copysign(1.0, sums.now_mm) == 1.0


def test_validate_targets_skips_blank_rows() -> None:
    sums, problems = tools.validate_targets([row(None, None, None, None), row("liver", 10.0, 10.0, 0.0)])
    assert problems == [] and sums is not None and len(sums.lesions) == 1


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            row("liver", None, 10.0, 10.0),
            "Row 2, Baseline (mm): enter the diameter in mm (0 if the lesion has gone).",
        ),
        (row("liver", 20.0, -1.0, 10.0), "Row 2, At nadir (mm): -1 mm is negative; use 0 or more."),
        (row("liver", 20.0, 10.0, "abc"), "Row 2, Now (mm): 'abc' is not a number: " + RULE + "."),
        # The grid's number cells read "2,5" as 25 (SD instead of PR); a text cell's comma is refused.
        (row("liver", 20.0, 10.0, "2,5"), "Row 2, Now (mm): '2,5' is not a number: " + RULE + "."),
        (row("liver", "20 mm", 10.0, 10.0), "Row 2, Baseline (mm): '20 mm' is not a number: " + RULE + "."),
        (row("liver", 20.0, 10.0, True), "Row 2, Now (mm): is not a number."),
        (row("", 20.0, 10.0, 10.0), "Row 2, Organ: enter the organ (for example liver or lung)."),
        (row("liver #2", 20.0, 10.0, 10.0), "Row 2, Organ: use letters, digits, spaces and hyphens only."),
        (row("lung, left", 20.0, 10.0, 10.0), "Row 2, Organ: use letters, digits, spaces and hyphens only."),
        (row("S4a/8", 20.0, 10.0, 10.0), "Row 2, Organ: use letters, digits, spaces and hyphens only."),
        (
            row("liver", 9.9, 9.9, 9.9),
            "Row 2, Baseline (mm): 9.9 mm is not measurable; a target lesion needs a longest diameter of "
            "at least 10 mm at baseline (RECIST 1.1).",
        ),
        (
            row("lymph node", 14.0, 14.0, 14.0),
            "Row 2, Baseline (mm): 14 mm is not measurable; a lymph node needs a short axis of at least "
            "15 mm at baseline (RECIST 1.1).",
        ),
    ],
)
def test_validate_targets_messages_name_row_and_column(bad_row: dict[str, object], message: str) -> None:
    sums, problems = tools.validate_targets([row("lung", 12.0, 10.0, 10.0), bad_row])
    assert sums is None
    assert problems == [message]


def test_measurable_boundaries_are_inclusive() -> None:
    sums, problems = tools.validate_targets([row("liver", 10.0, 10.0, 10.0), row("node", 15.0, 15.0, 15.0)])
    assert problems == [] and sums is not None


def test_validate_targets_at_most_five_and_two_per_organ() -> None:
    rows = [row(organ, 20.0, 20.0, 20.0) for organ in ("liver", "Liver", "liver ", "lung", "bone", "adrenal")]
    sums, problems = tools.validate_targets(rows)
    assert sums is None
    assert problems == [
        "6 target lesions: RECIST 1.1 allows at most 5; remove 1.",
        "Organ 'liver': 3 target lesions; RECIST 1.1 allows at most 2 per organ.",
    ]


def test_lymph_nodes_count_as_one_organ() -> None:
    rows = [row(organ, 20.0, 20.0, 20.0) for organ in ("lymph node", "node", "mesenteric lymph node")]
    _, problems = tools.validate_targets(rows)
    assert problems == [
        "Organ 'lymph node': 3 target lesions; RECIST 1.1 allows at most 2 per organ (all lymph nodes "
        "count as one organ)."
    ]


def test_validate_targets_nadir_above_baseline() -> None:
    sums, problems = tools.validate_targets([row("liver", 20.0, 25.0, 20.0)])
    assert sums is None
    assert problems[0].startswith(
        "At nadir (mm): the sum at the nadir (25 mm) is larger than the baseline sum (20 mm)"
    )


def test_validate_targets_empty_table() -> None:
    assert tools.validate_targets([]) == (
        None,
        ["Add at least one target lesion: organ and its diameters in mm."],
    )


@pytest.mark.parametrize(
    ("baseline", "nadir", "pr", "pd"),
    [
        (47.0, 30.0, 32.9, 36.0),  # PR: 47 x 0.7; PD: max(30 x 1.2 = 36, 30 + 5 = 35)
        (100.0, 10.0, 70.0, 15.0),  # PD: max(12, 15): the 5 mm rule wins on a small nadir
        (96.0, 96.0, 67.2, 115.2),
    ],
)
def test_recist_boundaries(baseline: float, nadir: float, pr: float, pd: float) -> None:
    boundaries = tools.recist_boundaries(baseline_mm=baseline, nadir_mm=nadir)
    assert (boundaries.pr_at_or_below_mm, boundaries.pd_at_or_above_mm) == (pr, pd)


def test_figure_1_is_stable_disease_by_recist() -> None:
    text = tools.figure_1_targets(CATALOG)
    assert text == "liver:96/96/70"  # 9.6 cm and 7.0 cm from the record, in mm; no earlier nadir
    sums, problems = tools.validate_targets(tools.parse_targets_param(text)[0])
    assert problems == [] and sums is not None
    result = recist_response(
        baseline_sum_mm=sums.baseline_mm,
        nadir_sum_mm=sums.nadir_mm,
        current_sum_mm=sums.now_mm,
        new_lesions=False,
    )
    assert result.category == "SD"
    assert result.percent_change_from_baseline == pytest.approx(-27.083, abs=1e-3)  # (70 - 96) / 96


# ------------------------------------------------------------------------------------------------------------
# Serial CEA
# ------------------------------------------------------------------------------------------------------------


def test_parse_cea_param_weeks_and_dates() -> None:
    assert tools.parse_cea_param("0:40,3:36.5", "week") == (
        [{"week": 0.0, "cea": 40.0}, {"week": 3.0, "cea": 36.5}],
        [],
    )
    rows, problems = tools.parse_cea_param("2025-01-06:40,2025-01-27:", "date")
    assert problems == []
    assert rows == [{"date": date(2025, 1, 6), "cea": 40.0}, {"date": date(2025, 1, 27), "cea": None}]


@pytest.mark.parametrize(
    ("text", "time", "problem"),
    [
        ("0:40,x", "week", "'weeks' entry 2 'x' ignored: expected week:value"),
        ("0:40,a:3", "week", "'weeks' entry 2 'a:3' ignored: 'a' is not a number"),
        (
            "2025-01-06:40,2025-02-31:3",
            "date",
            "'dates' entry 2 '2025-02-31:3' ignored: '2025-02-31' is not a real",
        ),
    ],
)
def test_parse_cea_param_reports_what_it_ignored(text: str, time: Any, problem: str) -> None:
    rows, problems = tools.parse_cea_param(text, time)
    assert len(rows) == 1
    assert len(problems) == 1 and problems[0].startswith(problem)


def test_parse_cea_param_stops_after_twenty() -> None:
    rows, problems = tools.parse_cea_param(",".join(f"{i}:10" for i in range(25)), "week")
    assert len(rows) == 20 and problems == ["'weeks': entries after the first 20 ignored"]


def test_encode_cea_round_trip() -> None:
    cases: tuple[tuple[str, tools.CeaTime], ...] = (
        ("0:40,3:36.5,6:", "week"),
        ("2025-01-06:40,2025-01-27:36", "date"),
    )
    for text, time in cases:
        rows, _ = tools.parse_cea_param(text, time)
        assert tools.encode_cea(rows, time) == text
    assert tools.encode_cea([{"week": None, "cea": math.nan}], "week") == ""


def test_encode_cea_writes_exact_values_so_a_reopened_link_gives_the_same_verdict() -> None:
    # 40 -> 37.0000001 is short of a 7.5% fall (92.5% of 40 = 37); rounded to 37 it would meet it
    rows = [{"week": 0.0, "cea": 40.0}, {"week": 3.0, "cea": 37.0000001}, {"week": 5e-324, "cea": 5e-324}]
    text = tools.encode_cea(rows, "week")
    assert text == "0:40,3:37.0000001,5e-324:5e-324"
    reopened, problems = tools.parse_cea_param(text, "week")
    assert problems == [] and reopened == rows


@pytest.mark.parametrize(
    ("baseline", "current", "shown", "meets"),
    [
        (40.0, 37.0000001, ("40", "37.0000001"), "no"),  # above 92.5% of 40 = 37
        (39.9999999, 37.0, ("39.9999999", "37"), "no"),  # above 92.5% of 39.9999999 = 36.9999999075
        (40.0000001, 37.0, ("40.0000001", "37"), "yes"),  # below 92.5% of 40.0000001 = 37.0000000925
    ],
)
def test_cea_rows_never_round_a_value_across_the_cut_off(
    baseline: float, current: float, shown: tuple[str, str], meets: str
) -> None:
    points, _ = tools.validate_cea([{"week": 0, "cea": baseline}, {"week": 3, "cea": current}], "week")
    assert points is not None
    rows = tools.cea_rows(points, "week", 7.5)
    assert (rows[0]["CEA (ng/mL)"], rows[1]["CEA (ng/mL)"]) == shown
    assert rows[1]["fall of at least 7.5%"] == meets


def test_validate_cea_weeks_sorted_with_changes() -> None:
    records = [{"week": 6.0, "cea": 30.0}, {"week": 0.0, "cea": 40.0}, {"week": 3.0, "cea": 37.0}]
    points, problems = tools.validate_cea(records, "week")
    assert problems == [] and points is not None
    assert [p.when for p in points] == [0.0, 3.0, 6.0]  # sorted: the earliest value is the baseline
    assert points[0].result is None
    second, third = points[1].result, points[2].result
    assert second is not None and third is not None
    # (37 - 40) / 40 = -7.5%: exactly the cut-off, which counts as a fall of at least 7.5%
    assert (second.percent_change, second.meets_threshold) == (-7.5, True)
    assert (third.percent_change, third.meets_threshold) == (-25.0, True)  # (30 - 40) / 40


def test_validate_cea_dates_give_weeks_from_baseline() -> None:
    records = [{"date": date(2025, 1, 6), "cea": 40.0}, {"date": date(2025, 1, 27), "cea": 39.0}]
    points, _ = tools.validate_cea(records, "date")
    assert points is not None
    assert points[1].weeks_from_baseline == 3.0  # 21 days
    result = points[1].result
    assert result is not None and result.meets_threshold is False  # -2.5%


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (
            [{"week": 0, "cea": 40}, {"week": None, "cea": 30}],
            "Row 2, Week: enter the week (0 for the baseline value).",
        ),
        ([{"week": 0, "cea": 40}, {"week": 3, "cea": None}], "Row 2, CEA (ng/mL): enter the value in ng/mL."),
        ([{"week": 0, "cea": 40}, {"week": 3, "cea": -1}], "Row 2, CEA (ng/mL): -1 is negative."),
        ([{"week": 0, "cea": 40}, {"week": -1, "cea": 30}], "Row 2, Week: -1 is outside 0-520."),
        # The grid's number cells read "1,5" as 15; the cells hold text now, and a comma is refused.
        (
            [{"week": "0", "cea": "40"}, {"week": "3", "cea": "1,5"}],
            "Row 2, CEA (ng/mL): '1,5' is not a number: " + RULE + ".",
        ),
        (
            [{"week": "0", "cea": "40"}, {"week": "3 wk", "cea": "30"}],
            "Row 2, Week: '3 wk' is not a number: " + RULE + ".",
        ),
        (
            [{"week": 0, "cea": 40}, {"week": 0, "cea": 30}],
            "Week 0 appears 2 times: enter one value per week.",
        ),
        ([{"week": 0, "cea": 40}], "Enter at least two values, a baseline and a later one, to see a change."),
        (
            [{"week": 0, "cea": 0}, {"week": 3, "cea": 1}],
            "CEA (ng/mL): the baseline (earliest) value is 0, so a percent change from it is undefined.",
        ),
    ],
)
def test_validate_cea_messages(records: list[dict[str, object]], message: str) -> None:
    points, problems = tools.validate_cea(records, "week")
    assert points is None and problems == [message]


def test_validate_cea_reads_dates_given_as_text() -> None:
    # an edited date column that started empty returns text, sometimes with a time of day
    records = [{"date": "2025-03-01T00:00:00.000", "cea": 40}, {"date": "2025-03-22", "cea": 30}]
    points, problems = tools.validate_cea(records, "date")
    assert problems == [] and points is not None
    assert [p.when for p in points] == [date(2025, 3, 1), date(2025, 3, 22)]
    assert tools.encode_cea(records, "date") == "2025-03-01:40,2025-03-22:30"


def test_validate_cea_date_messages_and_row_limit() -> None:
    _, problems = tools.validate_cea([{"date": None, "cea": 3}, {"date": "soon", "cea": 3}], "date")
    assert problems == [
        "Row 1, Date: enter the date of the blood test.",
        "Row 2, Date: 'soon' is not a date written as YYYY-MM-DD.",
    ]
    _, problems = tools.validate_cea([{"week": i, "cea": 10} for i in range(21)], "week")
    assert problems == ["21 values: at most 20; remove 1."]


def test_cea_rows() -> None:
    points, _ = tools.validate_cea([{"week": 0, "cea": 40}, {"week": 3, "cea": 37.1}], "week")
    assert points is not None
    rows = tools.cea_rows(points, "week", 7.5)
    assert rows[0]["change from baseline (derived)"] == "baseline"
    # (37.1 - 40) / 40 = -7.25%: a fall, but less than 7.5%
    assert rows[1] == {
        "Week": "3",
        "CEA (ng/mL)": "37.1",
        "change from baseline (derived)": "-7.2%",
        "fall of at least 7.5%": "no",
    }


def test_cea_rows_judge_only_the_first_check_after_the_baseline() -> None:
    """The page says later values are not judged against the cut-off (reported for the first checks), while
    the table marked week 6 'yes'."""
    points, _ = tools.validate_cea(
        [{"week": 0, "cea": 40}, {"week": 3, "cea": 37.0001}, {"week": 6, "cea": 30}], "week"
    )
    assert points is not None
    column = "fall of at least 7.5%"
    assert [row[column] for row in tools.cea_rows(points, "week", 7.5)] == [
        "",
        "no",
        "not judged (a later check)",
    ]


# ------------------------------------------------------------------------------------------------------------
# Treatment timing
# ------------------------------------------------------------------------------------------------------------


def plan(**changes: Any) -> tuple[tools.TimingPlan | None, list[str]]:
    return tools.plan_timing(folfox_inputs(**changes))


def test_a_surgery_date_decades_away_names_the_date_field_and_whole_weeks() -> None:
    # the review's link: 6 two-weekly cycles from 5 Jan 2026 end on 16 Mar 2026 (5 x 14 = 70 days); to 31 Dec
    # 2099 is 73 years with 18 leap days (2028-2096) to 16 Mar 2099, 26 663 days, plus 290 to 31 Dec: 26 953
    # days, 3850.4 weeks
    result, problems = plan(start=date(2026, 1, 5), surgery_by="date", surgery=date(2099, 12, 31))
    assert result is None
    assert problems == [
        "Planned surgery date: 2099-12-31 is about 3,850 weeks after the last chemotherapy (2026-03-16), "
        "more than the 260 weeks (5 years) this planner covers. Check the date."
    ]


def test_a_last_chemotherapy_date_years_after_the_start_is_named() -> None:
    # 6 Jan 2025 to 1 Jan 2031: 6 years (one leap day, 2191 days) less 5 days, 2186, plus one 2-week cycle,
    # 2200 days: 314.3 weeks
    _, problems = plan(last_chemo=date(2031, 1, 1), bevacizumab="none")
    assert problems == [
        "Last chemotherapy: 2031-01-01 makes the chemotherapy about 314 weeks long (from the start, "
        "2025-01-06, to the end of the 2-week cycle that holds the last dose), more than the 260 weeks (5 "
        "years) this planner covers. Check the date."
    ]


def test_a_bevacizumab_date_years_before_surgery_is_named() -> None:
    # bevacizumab on 6 Jan 2025; surgery 1 Mar 2030 is 1810 days (258.6 weeks) after the last dose of 17 Mar
    # 2025 (within range) but 5 years (1826 days, one leap day) and 54 days, 1880 days (268.6 weeks), after
    # bevacizumab
    result, problems = plan(
        bevacizumab="date", bevacizumab_date=date(2025, 1, 6), surgery_by="date", surgery=date(2030, 3, 1)
    )
    assert result is None
    assert problems == [
        "Last bevacizumab dose: 2025-01-06 is about 268 weeks before the planned surgery (2030-03-01), more "
        "than the 260 weeks (5 years) this planner covers. Check the date."
    ]


def test_plan_for_six_two_weekly_cycles() -> None:
    result, problems = plan()
    assert problems == [] and result is not None
    # cycles start every 14 days: 6 Jan, 20 Jan, 3 Feb, 17 Feb, 3 Mar, 17 Mar
    assert result.cycle_dates[-1] == date(2025, 3, 17) == result.last_chemo
    assert result.chemotherapy_weeks == 12.0  # 6 x 2 weeks: exactly 12 is no warning
    assert result.last_bevacizumab == date(2025, 3, 3)  # left out of the last cycle
    assert result.surgery == date(2025, 4, 21)  # 5 weeks after 17 Mar
    assert (result.days_chemo_to_surgery, result.days_bevacizumab_to_surgery) == (35, 49)
    assert result.warnings == ()
    # re-imaging every 2 months from 6 Jan: 6 Mar (before surgery); 6 May is after it
    assert result.reimaging == (date(2025, 3, 6),)


def test_plan_with_all_three_warnings() -> None:
    # 8 x 2 = 16 weeks; surgery 3 weeks after the last dose; bevacizumab with it
    result, _ = plan(cycles=8, surgery_gap_weeks=3, bevacizumab="every_cycle")
    assert result is not None
    assert result.warnings == (
        "duration_over_12_weeks",
        "interval_under_4_weeks",
        "bevacizumab_washout_short",
    )


@pytest.mark.parametrize(
    ("gap", "bevacizumab", "expected"),
    [
        (4, "none", ()),  # exactly 4 weeks: no warning
        (3, "none", ("interval_under_4_weeks",)),
        (5, "every_cycle", ()),  # bevacizumab exactly 5 weeks before: safe by the review
        (4, "every_cycle", ("bevacizumab_washout_short",)),  # 28 days
        (4, "not_last_cycle", ()),  # bevacizumab 2 + 4 = 6 weeks before
    ],
)
def test_plan_boundaries(gap: int, bevacizumab: str, expected: tuple[str, ...]) -> None:
    result, _ = plan(surgery_gap_weeks=gap, bevacizumab=bevacizumab)
    assert result is not None and result.warnings == expected


def test_plan_with_dates_entered() -> None:
    # last dose 24 Mar (a week after the 6th cycle), bevacizumab 10 Mar, surgery 18 Apr
    result, problems = plan(
        last_chemo=date(2025, 3, 24),
        bevacizumab="date",
        bevacizumab_date=date(2025, 3, 10),
        surgery_by="date",
        surgery=date(2025, 4, 18),
    )
    assert problems == [] and result is not None
    assert result.days_chemo_to_surgery == 25  # 24 Mar -> 18 Apr
    assert result.days_bevacizumab_to_surgery == 39
    # dates: (24 Mar - 6 Jan) = 77 days = 11 weeks, + one 2-week cycle = 13 weeks > the cycles' 12
    assert result.chemotherapy_weeks == 13.0
    assert result.warnings == ("duration_over_12_weeks", "interval_under_4_weeks")
    assert result.notes and "uses the longer, 13 weeks" in result.notes[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cycles": 0}, "Number of cycles must be at least 1, got 0"),
        ({"start": None}, "Start of chemotherapy: enter the date of the first cycle."),
        (
            {"last_chemo": date(2025, 1, 1)},
            "Last chemotherapy: 2025-01-01 is before the start of chemotherapy (2025-01-06).",
        ),
        (
            {"surgery_by": "date"},
            "Planned surgery: enter the date, or give the weeks after the last chemotherapy.",
        ),
        (
            {"surgery_by": "date", "surgery": date(2025, 3, 17)},
            "Planned surgery: 2025-03-17 is not after the last chemotherapy (2025-03-17).",
        ),
        (
            {"bevacizumab": "date"},
            "Last bevacizumab dose: enter the date, or choose another bevacizumab option.",
        ),
        (
            {"bevacizumab": "date", "bevacizumab_date": date(2024, 12, 1)},
            "Last bevacizumab dose: 2024-12-01 is before the start of chemotherapy (2025-01-06).",
        ),
        (
            {"bevacizumab": "date", "bevacizumab_date": date(2025, 6, 1)},
            "Last bevacizumab dose: 2025-06-01 is after the planned surgery (2025-04-21).",
        ),
        (
            {"cycles": 1, "bevacizumab": "not_last_cycle"},
            "Bevacizumab: with a single cycle it cannot be left out of the last cycle; choose another "
            "option.",
        ),
        ({"surgery_gap_weeks": 53}, "Weeks from the last chemotherapy to surgery: use 1-52."),
        # 0 weeks puts surgery on the day of the last chemotherapy: reported by the field shown, not by the
        # planned-surgery date that is hidden when surgery is planned in weeks
        ({"surgery_gap_weeks": 0}, "Weeks from the last chemotherapy to surgery: use 1-52."),
    ],
)
def test_plan_messages_name_the_field(changes: dict[str, Any], message: str) -> None:
    result, problems = plan(**changes)
    assert result is None and problems == [message]


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (35, "35 days (5 weeks)"),
        (34, "34 days (4.9 weeks)"),
        (7, "7 days (1 week)"),
        (1, "1 day (0.1 weeks)"),
    ],
)
def test_weeks_text(days: int, text: str) -> None:
    assert tools.weeks_text(days) == text


@given(days=st.integers(min_value=0, max_value=400))
def test_weeks_text_never_rounds_up_to_the_next_whole_week(days: int) -> None:
    weeks = float(tools.weeks_text(days).split("(")[1].split()[0])
    assert math.floor(weeks) == days // 7


def test_reimaging_dates_are_strictly_before_surgery() -> None:
    assert tools.reimaging_dates(date(2025, 1, 31), date(2025, 6, 1)) == (
        date(2025, 3, 31),
        date(2025, 5, 31),
    )
    assert tools.reimaging_dates(date(2025, 1, 31), date(2025, 3, 31)) == ()
    with pytest.raises(ValueError, match="interval_months"):
        tools.reimaging_dates(date(2025, 1, 1), date(2026, 1, 1), interval_months=0)


def test_schedule_rows_in_date_order() -> None:
    result, _ = plan()
    assert result is not None
    rows = tools.schedule_rows(result)
    assert [r["date"] for r in rows] == ["2025-01-06", "2025-03-03", "2025-03-06", "2025-03-17", "2025-04-21"]
    assert rows[-1] == {"date": "2025-04-21", "week from start": "15", "event": "Planned surgery"}
    assert rows[3]["event"] == "Last chemotherapy (cycle 6)"


# ------------------------------------------------------------------------------------------------------------
# Range of a typed number
# ------------------------------------------------------------------------------------------------------------

RANGED = (
    QueryField("flr", "float", 25.0, minimum=0, maximum=100),
    QueryField("n", "int", 3, minimum=1),
    QueryField("cap", "float", 1.0, maximum=4),
    QueryField("free", "float", 1.0),
)
RANGED_LABELS = {"flr": "FLR (%)", "n": "Count", "cap": "Cap (weeks)", "free": "Free"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"flr": 100.0, "n": 1, "cap": 4.0, "free": -1e9}, []),  # the bounds themselves are allowed
        ({"flr": 100.1}, ["FLR (%): enter a number from 0 to 100; 100.1 is above that range."]),
        ({"flr": -0.5}, ["FLR (%): enter a number from 0 to 100; -0.5 is below that range."]),
        ({"n": 0}, ["Count: enter a whole number of at least 1; 0 is below that range."]),
        ({"cap": 4.5}, ["Cap (weeks): enter a number of at most 4; 4.5 is above that range."]),
        ({"n": "x", "cap": True}, []),  # not a number: left to the calculator
    ],
)
def test_range_problems_name_the_field_and_its_range(values: dict[str, object], expected: list[str]) -> None:
    assert tools.range_problems(RANGED, values, RANGED_LABELS) == expected


SIZED = (  # a size is held above 0: the field carries it, for the box and the link alike
    QueryField("largest", "float", 4.5, minimum=0, maximum=50, above_minimum=True),
    QueryField("cea", "float", 30.0, minimum=0, maximum=100_000),
)
SIZED_LABELS = {"largest": "Largest liver tumour (cm)", "cea": "CEA (ng/mL)"}
ABOVE_0 = "Largest liver tumour (cm): enter a number above 0, at most 50"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"largest": 0.1, "cea": 0.0}, []),  # 0 is a CEA; only a size must be above it
        ({"largest": 50.0}, []),
        ({"largest": 0.0}, [f"{ABOVE_0}; 0 is below that range."]),
        ({"largest": -0.0}, [f"{ABOVE_0}; 0 is below that range."]),  # never "-0" or "-0.0"
        ({"largest": -2.5}, [f"{ABOVE_0}; -2.5 is below that range."]),
        ({"largest": 50.5}, [f"{ABOVE_0}; 50.5 is above that range."]),
        ({"largest": 1e308}, [f"{ABOVE_0}; 1e+308 is above that range."]),
        ({"largest": None}, [f"{ABOVE_0}; the box is empty."]),
        (
            {"largest": None, "cea": -5.0},
            [
                f"{ABOVE_0}; the box is empty.",
                "CEA (ng/mL): enter a number from 0 to 100 000; -5 is below that range.",
            ],
        ),
        ({"largest": "x"}, []),  # not a number: left to the calculator
    ],
)
def test_a_size_is_held_above_0_and_its_range_says_so(values: dict[str, object], expected: list[str]) -> None:
    """The empty largest-tumour box said 'enter a number from 0 to 50', yet 0 got the calculators' raw
    'must be greater than 0, got 0.0' (and a typed -0 'got -0.0'): the range now says what the rule is."""
    assert tools.range_problems(SIZED, values, SIZED_LABELS) == expected


def test_range_problems_check_only_the_fields_in_use() -> None:
    assert tools.range_problems(RANGED, {"flr": 150.0, "n": 0}, {"n": "Count"}) == [
        "Count: enter a whole number of at least 1; 0 is below that range."
    ]


def test_an_empty_box_is_named_not_read_as_0() -> None:
    """A cleared box snapped back to 0 in the browser and was scored as 0 months; an empty box (None) is
    named instead, unless the page takes empty as not known (``optional``)."""
    values = {"flr": None, "n": None, "cap": None, "free": None}
    assert tools.range_problems(RANGED, values, RANGED_LABELS, optional=("free",)) == [
        "FLR (%): enter a number from 0 to 100; the box is empty.",
        "Count: enter a whole number of at least 1; the box is empty.",
        "Cap (weeks): enter a number of at most 4; the box is empty.",
    ]
    assert tools.range_problems(RANGED, {"free": None}, RANGED_LABELS) == [
        "Free: enter a number; the box is empty."
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (2.5, "Count: enter a whole number of at least 1; 2.5 is not a whole number."),
        (0.5, "Count: enter a whole number of at least 1; 0.5 is below that range."),  # the range first
        (1e6, None),
        (3.0, None),  # a whole-number box is a float box: 3 comes back as 3.0
    ],
)
def test_a_fraction_in_a_whole_number_field_is_named(typed: float, expected: str | None) -> None:
    """An int box read a typed 2.5 as 2; the float box keeps it, and the fraction is named."""
    assert tools.range_problems(RANGED, {"n": typed}, RANGED_LABELS) == ([expected] if expected else [])
    assert tools.range_problems(RANGED, {"flr": 2.5}, RANGED_LABELS) == []  # a float field takes fractions


def test_a_standardized_flr_is_compared_exactly_not_by_its_nearest_float() -> None:
    """353.09911999999997 mL at 2.02 m²: eTLV = -794.41 + 1267.28 x 2.02 = 1765.4956 mL, and
    353.09911999999997 / 1765.4956 x 100 is just under 20%, whose nearest float is 20.0: it was 'exactly on
    the threshold, and >= includes it'. Vauthey's ratio is decided on the exact decimals typed."""
    result, _ = tools.assess_flr(
        source="volume", flr_percent=None, flr_volume_ml=353.09911999999997, bsa_m2=2.02, condition="normal"
    )
    assert result is not None
    assert Fraction("353.09911999999997") / Fraction("1765.4956") * 100 < 20  # the definition, exactly
    assert not result.sufficient and not result.at_threshold
    assert result.shown.startswith("19.9999") and "does not meet" in tools.flr_verdict(result)


def test_the_derivation_writes_the_estimated_liver_volume_exactly() -> None:
    """At 1.8 m² the eTLV is 1486.694 mL; written 1486.69, the shown division 446.0082 / 1486.69 gives
    30.00008%, above the '> 30%' threshold the verdict says 446.0082 mL exactly meets not."""
    result, _ = tools.assess_flr(
        source="volume",
        flr_percent=None,
        flr_volume_ml=446.0082,
        bsa_m2=1.8,
        condition="chemotherapy_or_steatosis",
    )
    assert result is not None and result.at_threshold and not result.sufficient
    etlv, flr = tools.vauthey_derivation(result)
    assert etlv.endswith("= -794.41 + 1267.28 x 1.8 = 1486.694 mL")
    assert "446.0082 / 1486.694 x 100 = 30.0%" in flr


def cea_points(*values: tuple[float, float]) -> list[tools.CeaPoint]:
    points, messages = tools.validate_cea([{"week": w, "cea": c} for w, c in values], "week")
    assert points is not None, messages
    return points


def test_the_cea_table_and_chart_write_each_change_as_the_explanation_does() -> None:
    """40 -> 37.0001 is (37.0001 - 40) / 40 = -7.49975%: the explanation said -7.4998% (exact), the table
    -7.4997% (a float's rounding), the chart's hover -7.5% beside 'no'."""
    points = cea_points((0, 40), (3, 37.0001))
    change = points[1].result
    assert change is not None and "-7.4998%" in change.explanation
    (_, row) = tools.cea_rows(points, "week", 7.5)
    assert row["change from baseline (derived)"] == "-7.4998%"
    fig = cea_figure(points, time="week", threshold_percent=7.5, source="s")
    assert list(fig.data[0].text) == ["baseline", "-7.4998%"]
    assert "%{text}" in fig.data[0].hovertemplate and ".1f" not in fig.data[0].hovertemplate


def test_a_tiny_cea_baseline_is_never_written_as_zero_beside_its_change() -> None:
    points = cea_points((0, 0.0000001), (3, 5))
    (base, later) = tools.cea_rows(points, "week", 7.5)
    assert base["CEA (ng/mL)"] == "0.0000001"  # was "0", beside a change computed from it
    assert str(later["change from baseline (derived)"]).startswith("+")
    fig = cea_figure(points, time="week", threshold_percent=7.5, source="s")
    assert list(fig.data[0].customdata) == ["0.0000001", "5"]


def test_organ_names_that_may_be_one_organ_are_noted_only_past_two() -> None:
    def row(organ: str) -> dict[str, object]:
        return {"organ": organ, "baseline": 20.0, "nadir": 15.0, "now": 15.0}

    (note,) = tools.organ_name_notes([row("Hepatic S8"), row("lung"), row("liver S4a"), row("liver  S2")])
    assert note.startswith(
        "Rows 1, 3 and 4 ('Hepatic S8', 'liver S4a', 'liver S2') may all be in one organ, the liver."
    )
    assert (
        tools.organ_name_notes([row("liver S8"), row("liver S4a"), row("lung")]) == []
    )  # two: within the rule
    # three identical names are refused by validate_targets already; nodes count as one organ there too
    assert tools.organ_name_notes([row("liver")] * 3) == []
    assert tools.organ_name_notes([row("node 1"), row("liver node"), row("lymph node 3")]) == []
    # names that place a lesion in no organ, or in two, are not grouped
    assert tools.organ_name_notes([row("segment 8"), row("segment 4"), row("segment 2")]) == []
    assert tools.organ_name_notes([row("liver lung"), row("liver S4"), row("liver S2")]) == []


def test_a_refused_number_cell_never_reaches_the_link() -> None:
    """The tables' cells hold text; Python reads "1_000" as 1000, which the table refuses, so the link must
    not carry it either (a reopened link would grade a number the page had refused)."""
    assert tools.encode_targets([row("liver", "20", "1_000", "2,5")]) == "liver:20//"
    assert tools.encode_cea([{"week": "1_0", "cea": "40"}, {"week": "3", "cea": "1,5"}], "week") == ":40,3:"
