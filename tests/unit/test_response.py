"""RECIST 1.1, CEA response and CT morphologic response (Chun): boundaries derived by hand."""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlm_content.response import (
    CEA_THRESHOLD_PERCENT,
    CHUN_CAUTION,
    CHUN_MEDIAN_RESIDUAL_TUMOUR_PERCENT,
    FIGURE_1_NOTE,
    cea_response,
    morphologic_response,
    recist_changes_as_written,
    recist_response,
    recist_sums_as_written,
)
from crlm_content.tools.response import (
    grade_targets,
    parse_targets_param,
    recist_boundary_texts,
    sums_boundaries,
    validate_targets,
)


def recist(baseline: float, nadir: float, current: float, new: bool = False) -> str:
    return recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=new
    ).category


# ------------------------------------------------------------------------------------------------------------
# RECIST 1.1
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "expected"),
    [
        (100.0, 100.0, 70.0, "PR"),  # exactly -30% from baseline -> PR
        (100.0, 100.0, 70.1, "SD"),  # -29.9% -> SD
        (100.0, 100.0, 69.9, "PR"),  # -30.1%
        (33.3, 33.3, 23.31, "PR"),  # 23.31 / 33.3 = 0.7 exactly in decimal: -30% -> PR
        (50.0, 50.0, 35.0, "PR"),  # -30%
        (50.0, 50.0, 35.05, "SD"),  # -29.9%
    ],
)
def test_recist_partial_response_boundary(
    baseline: float, nadir: float, current: float, expected: str
) -> None:
    assert recist(baseline, nadir, current) == expected


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "expected"),
    [
        (25.0, 25.0, 30.0, "PD"),  # +20% and +5 mm exactly -> PD
        (20.0, 20.0, 24.0, "SD"),  # +20% but only +4 mm -> SD
        (40.0, 40.0, 47.9, "SD"),  # +19.75% (+7.9 mm) -> SD
        (40.0, 40.0, 48.0, "PD"),  # +20%, +8 mm -> PD
        (10.0, 10.0, 14.9, "SD"),  # +49% but +4.9 mm -> SD
        (10.0, 10.0, 15.0, "PD"),  # +50%, +5 mm -> PD
        (12.3, 12.3, 17.3, "PD"),  # +40.7%, +5.0 mm (decimal exact) -> PD
    ],
)
def test_recist_progression_boundary(baseline: float, nadir: float, current: float, expected: str) -> None:
    assert recist(baseline, nadir, current) == expected


def test_recist_progression_is_measured_against_nadir_not_baseline() -> None:
    # baseline 100, nadir 50, current 60: vs baseline -40% (looks like PR), vs nadir +20% and +10 mm -> PD
    result = recist_response(baseline_sum_mm=100.0, nadir_sum_mm=50.0, current_sum_mm=60.0, new_lesions=False)
    assert result.category == "PD"
    assert result.rule == "sum_increase_from_nadir"
    assert result.percent_change_from_baseline == pytest.approx(-40.0)
    assert result.percent_change_from_nadir == pytest.approx(20.0)
    assert result.absolute_change_from_nadir_mm == pytest.approx(10.0)
    assert "nadir" in result.explanation
    assert "PD takes precedence" in result.explanation


def test_recist_partial_response_is_measured_against_baseline() -> None:
    # baseline 100, nadir 60, current 65: +8.3% from nadir (no PD); -35% from baseline -> PR
    result = recist_response(baseline_sum_mm=100.0, nadir_sum_mm=60.0, current_sum_mm=65.0, new_lesions=False)
    assert result.category == "PR"
    assert result.percent_change_from_baseline == pytest.approx(-35.0)
    assert result.percent_change_from_nadir == pytest.approx(5 / 60 * 100)
    assert "baseline" in result.explanation


def test_recist_complete_response() -> None:
    result = recist_response(baseline_sum_mm=45.0, nadir_sum_mm=20.0, current_sum_mm=0.0, new_lesions=False)
    assert result.category == "CR"
    assert result.rule == "complete_disappearance"
    assert result.percent_change_from_baseline == pytest.approx(-100.0)


@pytest.mark.parametrize(
    ("current", "nodes", "category"),
    [
        # RECIST 1.1 CR: every non-nodal target gone and every target node < 10 mm short axis; the nodes'
        # short axes stay in the sum, so the sum need not be 0 mm
        (8.0, [8.0], "CR"),  # node 20 -> 8 mm, liver 20 -> 0 mm: sum 40 -> 8
        (17.5, [8.0, 9.5], "CR"),  # two nodes, both below 10 mm
        (9.9999999, [9.9999999], "CR"),
        (10.0, [10.0], "PR"),  # 10 mm is not below 10 mm: -75% from 40, PR
        (8.1, [8.0], "PR"),  # 0.1 mm of a non-nodal target is left: not CR
        (0.0, [0.0], "CR"),
        (8.0, [], "PR"),  # no node named: the 8 mm is a lesion that has not gone
    ],
)
def test_recist_complete_response_with_lymph_nodes_below_10_mm(
    current: float, nodes: list[float], category: str
) -> None:
    assert with_nodes(current, nodes).category == category


def with_nodes(current: float, nodes: object, *, new_lesions: bool = False) -> Any:
    """RECIST from a 40 mm baseline and nadir to ``current``, with the target nodes' short axes now."""
    return recist_response(
        baseline_sum_mm=40.0,
        nadir_sum_mm=40.0,
        current_sum_mm=current,
        new_lesions=new_lesions,
        target_node_short_axes_mm=nodes,  # type: ignore[arg-type]
    )


def test_recist_node_complete_response_explains_why() -> None:
    result = with_nodes(8.0, [8.0])
    assert result.rule == "complete_disappearance"
    assert "every target lymph node is below 10 mm short axis (the largest is 8 mm)" in result.explanation
    assert "(8 mm)" in result.explanation  # the sum, nodes included
    not_complete = with_nodes(10.0, [10.0])
    assert not_complete.category == "PR"
    assert "Not CR" in not_complete.explanation and "measures 10 mm short axis" in not_complete.explanation
    assert with_nodes(8.0, [8.0], new_lesions=True).category == "PD"


@pytest.mark.parametrize(
    ("nodes", "reason"),
    [
        ("8", "must be a list of short axes in mm"),
        ([-1.0], "must not be negative"),
        ([math.nan], "must be a finite number"),
        ([600.0], "must be at most 500 mm"),
        ([9.0], "add up to 9 mm, more than current_sum_mm (8 mm)"),
    ],
)
def test_recist_rejects_impossible_node_axes(nodes: object, reason: str) -> None:
    with pytest.raises(ValueError, match="target_node_short_axes_mm") as error:
        with_nodes(8.0, nodes)
    assert reason in str(error.value)


def after_node_cr(current: float, nodes_now: list[float], nodes_at_nadir: list[float]) -> Any:
    """Liver 20 mm + lymph node 20 mm at baseline; at the nadir the liver target 0 mm and the node
    ``nodes_at_nadir`` (sum = the nodes); now ``current`` with the node at ``nodes_now``."""
    return recist_response(
        baseline_sum_mm=40.0,
        nadir_sum_mm=sum(nodes_at_nadir),
        current_sum_mm=current,
        new_lesions=False,
        target_node_short_axes_mm=nodes_now,
        target_node_short_axes_at_nadir_mm=nodes_at_nadir,
    )


@pytest.mark.parametrize(
    ("current", "node_now", "node_at_nadir", "category", "rule"),
    [
        # RECIST 1.1: the nadir (liver 0 mm, node 8 mm < 10 mm) was a CR, so the liver target back at 4 mm is
        # PD although the sum rose only 8 -> 12 mm (+4 mm, under the 5 mm rule) and is 70% below baseline
        (12.0, 8.0, 8.0, "PD", "reappearance_after_complete_response"),
        (8.1, 8.0, 8.0, "PD", "reappearance_after_complete_response"),  # 0.1 mm back: any size
        # the node back to 10 mm short axis (8 -> 10: +25%, +2 mm) is no longer normal: PD
        (10.0, 10.0, 8.0, "PD", "reappearance_after_complete_response"),
        (9.5, 9.5, 8.0, "CR", "complete_disappearance"),  # node still below 10 mm: the CR holds
        # the nadir was no CR (node 12 mm): a liver target back at 4 mm is added to the sum, 40 -> 16 (-60%)
        (16.0, 12.0, 12.0, "PR", "decrease_from_baseline"),
    ],
)
def test_recist_reappearance_after_a_complete_response_with_lymph_nodes(
    current: float, node_now: float, node_at_nadir: float, category: str, rule: str
) -> None:
    result = after_node_cr(current, [node_now], [node_at_nadir])
    assert (result.category, result.rule) == (category, rule)


def test_recist_reappearance_after_a_node_complete_response_explains_why() -> None:
    result = after_node_cr(12.0, [8.0], [8.0])
    assert "at the nadir every non-nodal target lesion had disappeared" in result.explanation
    assert "every target lymph node was below 10 mm short axis, a complete response" in result.explanation
    assert "the non-nodal targets measure 4 mm again" in result.explanation
    node_back = after_node_cr(10.0, [10.0], [8.0])
    assert "a target lymph node measures 10 mm short axis (10 mm or more)" in node_back.explanation
    # without the nodes at the nadir the nadir cannot be known to be a CR (the old call still works)
    old_call = recist_response(
        baseline_sum_mm=40.0,
        nadir_sum_mm=8.0,
        current_sum_mm=12.0,
        new_lesions=False,
        target_node_short_axes_mm=[8.0],
    )
    assert old_call.category == "PR"


@pytest.mark.parametrize(
    ("nodes_now", "nodes_at_nadir", "reason"),
    [
        ([8.0], "8", "target_node_short_axes_at_nadir_mm must be a list of short axes in mm"),
        ([8.0], [-1.0], "target_node_short_axes_at_nadir_mm must not be negative"),
        ([8.0, 2.0], [8.0], "has 1 short axes but target_node_short_axes_mm has 2"),
        ([8.0], [9.0], "add up to 9 mm, more than nadir_sum_mm (8 mm)"),
    ],
)
def test_recist_rejects_impossible_node_axes_at_nadir(
    nodes_now: list[float], nodes_at_nadir: object, reason: str
) -> None:
    with pytest.raises(ValueError, match="target_node_short_axes_at_nadir_mm") as error:
        recist_response(
            baseline_sum_mm=40.0,
            nadir_sum_mm=8.0,
            current_sum_mm=12.0,
            new_lesions=False,
            target_node_short_axes_mm=nodes_now,
            target_node_short_axes_at_nadir_mm=nodes_at_nadir,  # type: ignore[arg-type]
        )
    assert reason in str(error.value)


def test_recist_new_lesion_is_progression_even_with_shrinkage() -> None:
    result = recist_response(baseline_sum_mm=80.0, nadir_sum_mm=80.0, current_sum_mm=20.0, new_lesions=True)
    assert result.category == "PD"
    assert result.rule == "new_lesion"
    assert "new lesion" in result.explanation
    assert recist(45.0, 20.0, 0.0, new=True) == "PD"  # sum 0 but a new lesion -> PD, not CR


def test_recist_figure_1_patient_is_stable_disease() -> None:
    # single target lesion 9.6 cm -> 7.0 cm = 96 mm -> 70 mm: -26/96 = -27.08% (< 30%) -> SD, not PR
    result = recist_response(baseline_sum_mm=96.0, nadir_sum_mm=96.0, current_sum_mm=70.0, new_lesions=False)
    assert result.category == "SD"
    assert result.percent_change_from_baseline == pytest.approx(-27.0833, abs=1e-4)
    assert "27.1%" in FIGURE_1_NOTE and "SD" in FIGURE_1_NOTE
    assert "-27.1%" in result.explanation


def test_recist_zero_nadir_has_no_percent_change_from_nadir() -> None:
    # after CR (nadir 0) a 5 mm sum is +5 mm from nadir and >= 120% of 0 -> PD
    result = recist_response(baseline_sum_mm=30.0, nadir_sum_mm=0.0, current_sum_mm=5.0, new_lesions=False)
    assert result.percent_change_from_nadir is None
    assert result.absolute_change_from_nadir_mm == pytest.approx(5.0)
    assert result.category == "PD"


def test_recist_explanation_does_not_round_across_boundary() -> None:
    # 100 -> 70.04 is -29.96%: one decimal would print -30.0%; the SD explanation must not say -30.0%
    result = recist_response(
        baseline_sum_mm=100.0, nadir_sum_mm=100.0, current_sum_mm=70.04, new_lesions=False
    )
    assert result.category == "SD"
    assert "-30.0%" not in result.explanation
    assert "-29.96%" in result.explanation


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "category", "shown"),
    [
        # 70% of 100 is 70: 70.0000001 is above it, so SD ("100 mm -> 70 mm" would be exactly PR)
        (100.0, 100.0, 70.0000001, "SD", "(100 mm -> 70.0000001 mm, -29.9999999%)"),
        # 70% of 100.0000001 is 70.00000007: 70 is below it, so PR ("100 mm -> 70 mm" is right only by luck)
        (100.0000001, 100.0000001, 70.0, "PR", "(100.0000001 mm -> 70 mm, -30.0000001%)"),
        # 120% of 25 is 30 and 25 + 5 is 30: 29.9999999 is short of both, so SD ("25 mm -> 30 mm" would be PD)
        (25.0, 25.0, 29.9999999, "SD", "(25 mm -> 29.9999999 mm, +19.9999996%, +4.9999999 mm)"),
    ],
)
def test_recist_explanation_never_rounds_a_sum_across_a_rule(
    baseline: float, nadir: float, current: float, category: str, shown: str
) -> None:
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=False
    )
    assert result.category == category
    assert shown in result.explanation


@pytest.mark.parametrize(
    ("baseline", "nadir", "current"),
    [(30.0, 20.0, 24.9999999), (100.0, 100.0, 70.0000001), (47.0, 30.0, 32.0), (20.0, 0.0, 4.0)],
)
def test_recist_explanation_writes_the_current_sum_one_way(
    baseline: float, nadir: float, current: float
) -> None:
    explanation = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=False
    ).explanation
    assert len(set(re.findall(r"-> ([0-9.e+-]+) mm", explanation))) <= 1, explanation


def test_recist_explanation_keeps_24_9999999_mm_below_the_5_mm_rule_everywhere() -> None:
    # nadir 20 -> 24.9999999 mm: +4.9999999 mm, under RECIST's 5 mm, so SD (24.9999999 > 70% of 30 = 21)
    result = recist_response(
        baseline_sum_mm=30.0, nadir_sum_mm=20.0, current_sum_mm=24.9999999, new_lesions=False
    )
    assert result.category == "SD"
    assert "(30 mm -> 24.9999999 mm, -16.7%)" in result.explanation
    assert "(20 mm -> 24.9999999 mm, +25.0%, +4.9999999 mm)" in result.explanation
    assert "25 mm" not in result.explanation


def test_recist_change_beyond_float_precision_is_not_written_as_5_mm() -> None:
    # 5 mm - 1e-17 mm is 4.99999999999999999 mm, under the 5 mm rule (its nearest float is 5.0): not PD;
    # 5 <= 70% of 20 = 14, so PR. "+5 mm" beside it would read as meeting the rule.
    result = recist_response(baseline_sum_mm=20.0, nadir_sum_mm=1e-17, current_sum_mm=5.0, new_lesions=False)
    assert result.category == "PR"
    changes = recist_changes_as_written(baseline_sum_mm=20.0, nadir_sum_mm=1e-17, current_sum_mm=5.0)
    assert changes[2] == "+4.99999999999999999"
    assert recist_changes_as_written(baseline_sum_mm=30.0, nadir_sum_mm=20.0, current_sum_mm=24.9999999) == (
        "-16.7%",
        "+25.0%",
        "+4.9999999",
    )


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"baseline_sum_mm": 0.0, "nadir_sum_mm": 0.0}, "baseline_sum_mm"),
        ({"baseline_sum_mm": -10.0}, "baseline_sum_mm"),
        ({"baseline_sum_mm": math.nan}, "baseline_sum_mm"),
        ({"nadir_sum_mm": 120.0}, "nadir_sum_mm"),  # nadir above baseline
        ({"nadir_sum_mm": -1.0}, "nadir_sum_mm"),
        ({"nadir_sum_mm": math.inf}, "nadir_sum_mm"),
        ({"current_sum_mm": -0.5}, "current_sum_mm"),
        ({"current_sum_mm": math.nan}, "current_sum_mm"),
        ({"new_lesions": 0}, "new_lesions"),
        ({"new_lesions": "no"}, "new_lesions"),
    ],
)
def test_recist_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {
        "baseline_sum_mm": 100.0,
        "nadir_sum_mm": 80.0,
        "current_sum_mm": 90.0,
        "new_lesions": False,
        **changes,
    }
    with pytest.raises(ValueError, match=argument):
        recist_response(**arguments)


# sums within the plausible range: 5 target lesions of at most 500 mm
mm = st.floats(min_value=0.0, max_value=2_500.0, allow_nan=False)
positive_mm = st.floats(min_value=0.0, max_value=2_500.0, exclude_min=True, allow_nan=False)


@st.composite
def recist_inputs(draw: st.DrawFn) -> tuple[float, float, float]:
    baseline = draw(positive_mm)
    nadir = draw(st.floats(min_value=0.0, max_value=baseline, allow_nan=False))
    current = draw(mm)
    return baseline, nadir, current


@given(sums=recist_inputs(), new=st.booleans())
def test_recist_property_valid_input_never_raises(sums: tuple[float, float, float], new: bool) -> None:
    baseline, nadir, current = sums
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=new
    )
    assert result.category in {"CR", "PR", "SD", "PD"}
    if result.category == "CR":
        assert current == 0 and not new
    if result.category == "PR":
        assert current <= baseline


@given(sums=recist_inputs())
def test_recist_property_new_lesion_is_always_pd(sums: tuple[float, float, float]) -> None:
    baseline, nadir, current = sums
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=True
    )
    assert result.category == "PD"


@given(sums=recist_inputs())
def test_recist_property_pd_needs_five_mm(sums: tuple[float, float, float]) -> None:
    baseline, nadir, current = sums
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=False
    )
    if nadir == 0:  # a reappearance after a complete response is PD at any size (see the limits tests)
        return
    # RECIST 1.1, exactly on the decimals typed: PD = at least 20% over the nadir AND at least 5 mm over it
    # (a tolerance here would let an off-by-a-hair boundary pass)
    n, c = Fraction(repr(nadir)), Fraction(repr(current))
    assert (result.category == "PD") == (c - n >= 5 and c * 100 >= n * 120)


# ------------------------------------------------------------------------------------------------------------
# CEA response
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "current", "percent", "meets"),
    [
        (40.0, 37.0, -7.5, True),  # -3/40 = -7.5% exactly -> meets
        (200.0, 185.0, -7.5, True),
        (200.0, 185.01, -7.495, False),  # -14.99/200
        (10.2, 9.435, -7.5, True),  # -0.765/10.2 = -7.5% exactly in decimal
        (100.0, 92.6, -7.4, False),
        (100.0, 50.0, -50.0, True),
        (100.0, 100.0, 0.0, False),
        (100.0, 130.0, 30.0, False),  # a rise never meets
        (5.0, 0.0, -100.0, True),
    ],
)
def test_cea_response(baseline: float, current: float, percent: float, meets: bool) -> None:
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    assert result.percent_change == pytest.approx(percent)
    assert result.meets_threshold is meets


def test_cea_threshold_constant() -> None:
    assert CEA_THRESHOLD_PERCENT == 7.5
    assert cea_response(baseline_ng_ml=10.0, current_ng_ml=9.0).threshold_percent == 7.5


def test_the_cea_result_keeps_no_copy_of_the_records_figures() -> None:
    """Sensitivity, specificity, the 97.3% and the 72.8% live in record cea-decline-cutoff, which the page
    reads; copies in the calculator's result and module were read by nothing but tests."""
    import crlm_content.response as response

    fields = set(cea_response(baseline_ng_ml=10.0, current_ng_ml=9.0).model_dump())
    assert fields == {"percent_change", "meets_threshold", "change_text", "threshold_percent", "explanation"}
    for name in ("CEA_PROGRESSION_EXCLUDED_PERCENT", "CEA_RESTAGING_CT_AVOIDED_PERCENT"):
        assert not hasattr(response, name), name


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"baseline_ng_ml": 0.0}, "baseline_ng_ml"),
        ({"baseline_ng_ml": -3.0}, "baseline_ng_ml"),
        ({"baseline_ng_ml": math.inf}, "baseline_ng_ml"),
        ({"current_ng_ml": -0.1}, "current_ng_ml"),
        ({"current_ng_ml": math.nan}, "current_ng_ml"),
        ({"current_ng_ml": True}, "current_ng_ml"),
    ],
)
def test_cea_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {"baseline_ng_ml": 10.0, "current_ng_ml": 8.0, **changes}
    with pytest.raises(ValueError, match=argument):
        cea_response(**arguments)


@given(
    baseline=st.floats(min_value=0.0, max_value=1e5, exclude_min=True, allow_nan=False),
    current=st.floats(min_value=0.0, max_value=1e5, allow_nan=False),
)
def test_cea_property(baseline: float, current: float) -> None:
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    if current >= baseline:
        assert not result.meets_threshold
    # a fall of at least 7.5%, exactly on the decimals typed: (current - baseline) / baseline <= -7.5%
    b, c = Fraction(repr(baseline)), Fraction(repr(current))
    assert result.meets_threshold == ((c - b) * 1000 <= -75 * b)


SHOWN_CEA = re.compile(r"\(([0-9.e+-]+) -> ([0-9.e+-]+) ng/mL, ")


@pytest.mark.parametrize(
    ("baseline", "current", "shown"),
    [
        # 92.5% of 40 is 37: 37.0000001 is above it, short of the cut-off ("40 -> 37" would meet it)
        (40.0, 37.0000001, "(40 -> 37.0000001 ng/mL, -7.4999998%)"),
        # 92.5% of 39.9999999 is 36.99999990750: 37 is above it ("40 -> 37" would meet it)
        (39.9999999, 37.0, "(39.9999999 -> 37 ng/mL, -7.4999998%)"),
        # a fall of 0.0000001 in 40 (-0.00000025%): "40 -> 40" and "-0.0%" beside "fell" would be no fall
        (40.0, 39.9999999, "(40 -> 39.9999999 ng/mL, -0.0000002%)"),
    ],
)
def test_cea_explanation_never_rounds_a_value_across_the_cut_off(
    baseline: float, current: float, shown: str
) -> None:
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    assert not result.meets_threshold
    assert shown in result.explanation
    assert "CEA fell, but by less than 7.5%" in result.explanation


def test_cea_change_from_a_near_zero_baseline_is_written_with_an_exponent() -> None:
    # (30 - 1e-290) / 1e-290 x 100 = 3e293 % (less a negligible 100): not a row of 294 digits; the baseline
    # above 0 is not written as 0
    result = cea_response(baseline_ng_ml=1e-290, current_ng_ml=30.0)
    assert "(1e-290 -> 30 ng/mL, +3e+293%)" in result.explanation
    assert len(result.explanation) < 300


@given(
    baseline=st.floats(min_value=0.0, max_value=1e5, exclude_min=True, allow_nan=False),
    current=st.floats(min_value=0.0, max_value=1e5, allow_nan=False),
)
def test_cea_explanation_values_as_written_give_the_same_verdict(baseline: float, current: float) -> None:
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    match = SHOWN_CEA.search(result.explanation)
    assert match is not None, result.explanation
    shown_baseline, shown_current = (Fraction(text) for text in match.groups())
    # the numbers a reader sees decide as the exact ones do: a fall of at least 7.5%, a fall, no fall
    assert (shown_current * 40 <= shown_baseline * 37) is result.meets_threshold
    assert (shown_current < shown_baseline) is ("CEA fell" in result.explanation)


# ------------------------------------------------------------------------------------------------------------
# CT morphologic response (Chun criteria)
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "category", "residual"),
    [
        (3, 1, "optimal", 20),
        (2, 1, "optimal", 20),
        (3, 2, "incomplete", 50),
        (2, 2, "none", 70),  # no change
        (3, 3, "none", 70),
        (2, 3, "none", 70),  # worse
    ],
)
def test_morphologic_response_table(before: int, after: int, category: str, residual: int) -> None:
    result = morphologic_response(before=before, after=after)
    assert result.category == category
    assert result.reported_median_residual_tumour_percent == residual
    assert "secondary summary" in result.caution and "[check" not in result.caution
    assert "JAMA 2009" in result.citation


def test_chun_constants() -> None:
    assert CHUN_MEDIAN_RESIDUAL_TUMOUR_PERCENT == {"optimal": 20, "incomplete": 50, "none": 70}
    assert "secondary summary" in CHUN_CAUTION


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"before": 0}, "before"),
        ({"before": 4}, "before"),
        ({"before": True}, "before"),
        ({"after": 2.0}, "after"),
        ({"after": "1"}, "after"),
        ({"after": -1}, "after"),
    ],
)
def test_morphologic_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {"before": 3, "after": 1, **changes}
    with pytest.raises(ValueError, match=argument):
        morphologic_response(**arguments)


def test_a_node_alone_back_after_a_complete_response_carries_the_caution() -> None:
    """A node back to 10 mm or more after a CR is PD; RECIST's clarifications ask for the CR confirmed and a
    lone node just over 10 mm re-imaged, so the explanation says so (and only for the node alone)."""
    node_back = after_node_cr(12.0, [12.0], [8.0])
    assert (node_back.category, node_back.rule) == ("PD", "reappearance_after_complete_response")
    assert "imaged again before progression is called" in node_back.explanation
    liver_back = after_node_cr(12.0, [8.0], [8.0])
    assert "imaged again" not in liver_back.explanation


# ------------------------------------------------------------------------------------------------------------
# One typed value, one text; changes never rounded onto a rule (format_exact)
# ------------------------------------------------------------------------------------------------------------


def test_recist_change_a_hair_short_of_30_percent_is_not_written_as_30_percent() -> None:
    # 10.000000000000005 -> 7.0000000000000036 mm: 70% of the baseline is 7.0000000000000035, so the sum is
    # above it (SD). By hand: (c - b) / b x 100 = -30 + 1e-15 (less ~2e-32): -29.999999999999999%, the
    # first place count that stays above -30. Rounded to a float it is -30.0, which read as PR.
    sums = {"baseline_sum_mm": 10.000000000000005, "nadir_sum_mm": 10.000000000000005}
    sums["current_sum_mm"] = 7.0000000000000036
    result = recist_response(
        baseline_sum_mm=10.000000000000005,
        nadir_sum_mm=10.000000000000005,
        current_sum_mm=7.0000000000000036,
        new_lesions=False,
    )
    assert result.category == "SD"
    assert recist_changes_as_written(**sums)[:2] == ("-29.999999999999999%", "-29.999999999999999%")
    assert "-30.0%" not in result.explanation
    # the baseline and the nadir, typed the same, are written the same (not "10 mm" beside
    # "10.000000000000005 mm"), and the written sums are on SD's side of the PR line
    base, nadir, now = recist_sums_as_written(**sums)
    assert base == nadir
    assert Fraction(now) > Fraction(base) * Fraction(7, 10)
    assert f"({base} mm -> {now} mm, -29.999999999999999%)" in result.explanation


@given(sums=recist_inputs())
def test_recist_sums_as_written_one_text_per_value_and_the_same_decisions(
    sums: tuple[float, float, float],
) -> None:
    baseline, nadir, current = sums
    texts = recist_sums_as_written(baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current)
    for (value, text), (other, other_text) in itertools.combinations(zip(sums, texts, strict=True), 2):
        assert (value == other) is (text == other_text), (sums, texts)
    b, n, c = (Fraction(repr(value)) for value in sums)
    shown_b, shown_n, shown_c = (Fraction(text) for text in texts)
    # each RECIST line, and the order of the sums, read the same from the texts as from the typed values
    assert (shown_c * 10 <= shown_b * 7) is (c * 10 <= b * 7)
    assert (shown_c * 10 >= shown_n * 12) is (c * 10 >= n * 12)
    assert (shown_c - shown_n >= 5) is (c - n >= 5)
    assert [shown_c == 0, shown_n == 0, shown_n < shown_b] == [c == 0, n == 0, n < b]


# ------------------------------------------------------------------------------------------------------------
# The chart's RECIST lines (tools.recist_boundary_texts)
# ------------------------------------------------------------------------------------------------------------


def chart_lines(targets: str) -> tuple[str, str, str]:
    """The grade and the chart's PR and PD texts for a ``targets`` link value."""
    records, problems = parse_targets_param(targets)
    sums, errors = validate_targets(records)
    assert not problems and sums is not None, errors
    pr, pd = recist_boundary_texts(sums, sums_boundaries(sums))
    return grade_targets(sums, new_lesions=False).category, pr, pd


@pytest.mark.parametrize(
    ("targets", "grade", "pr_line"),
    [
        # 70% of 10.000000000000005 is 7.0000000000000035, exactly: the typed 7.0000000000000036 is above
        # it (SD). The line's float is the float of 7.0000000000000036, and the chart read "PR at or below
        # 7.0000000000000036 mm", the current sum itself, beside SD. To 2 places the line is 7.00, below the
        # sum as the line is: written "7".
        ("liver:10.000000000000005/10.000000000000005/7.0000000000000036", "SD", "7"),
        # the same line, a sum just under it (PR): 7.00 would be under the sum, so more places, until the
        # text is above 7.000000000000003 as the line is: 7.0000000000000035 to 15 places is ...04
        ("liver:10.000000000000005/10.000000000000005/7.000000000000003", "PR", "7.000000000000004"),
        # ordinary sums: 47 x 0.7 = 32.9 (32 is under it; +2 mm over the nadir of 30 is no PD); a sum exactly
        # on the line (33.3 x 0.7 = 23.31) is written on it
        ("liver:35/20/22,lung:12/10/10", "PR", "32.9"),
        ("liver:33.3/33.3/23.31", "PR", "23.31"),
        # a line with two places, far from the sum: 35.5 x 0.7 = 24.85, written so (not 24.8 or 24.9)
        ("liver:35.5/35.5/30", "SD", "24.85"),
    ],
)
def test_the_chart_s_pr_line_is_written_from_the_exact_line_on_its_side_of_the_sum(
    targets: str, grade: str, pr_line: str
) -> None:
    category, pr, _ = chart_lines(targets)
    assert category == grade
    assert pr == f"PR at or below {pr_line} mm (30% under baseline)"


def test_the_chart_s_pd_line_is_written_from_the_exact_line_too() -> None:
    # nadir 100.00000000000001: 120% is 120.000000000000012 (above +5 mm, 105.00000000000001), whose float
    # reads 120.00000000000001; a sum typed so is under the line (SD; baseline 150: PR only at or below
    # 105), and the chart read "PD at or above 120.00000000000001 mm". 120.00 is under the sum,
    # 120.00000000000001 (14 places) is on it: 15 places.
    category, _, pd = chart_lines("liver:150/100.00000000000001/120.00000000000001")
    assert category == "SD"
    assert pd == "PD at or above 120.000000000000012 mm (20% and 5 mm over nadir)"
    assert chart_lines("liver:35/20/22,lung:12/10/10")[2] == "PD at or above 36 mm (20% and 5 mm over nadir)"


@pytest.mark.parametrize(("nadir", "shown"), [(50.1, "50.1"), (51.0, "51"), (51.01, "51.01")])
def test_a_nadir_any_amount_above_the_baseline_is_refused(nadir: float, shown: str) -> None:
    """The nadir is the smallest sum on study, baseline included: 0.1 mm above the baseline is wrong."""
    with pytest.raises(ValueError) as error:
        recist_response(baseline_sum_mm=50.0, nadir_sum_mm=nadir, current_sum_mm=40.0, new_lesions=False)
    assert str(error.value) == (
        f"nadir_sum_mm ({shown} mm) must not exceed baseline_sum_mm (50 mm): the nadir is the smallest "
        "sum on study, baseline included"
    )


def test_a_nadir_equal_to_the_baseline_is_taken() -> None:
    result = recist_response(baseline_sum_mm=50.0, nadir_sum_mm=50.0, current_sum_mm=40.0, new_lesions=False)
    assert result.category == "SD"  # 20% below the baseline: not the 30% of a partial response
