"""Fong, Tumor Burden Score, GAME and m-CS: every boundary, with vectors derived by hand from the definitions.

Definitions: /work/shared/reference/calculator_definitions.md (Fong 1999, Sasaki 2018, Margonis 2018,
Brudvik 2019). Expected values below are worked out by hand in the comments, never copied from the code.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from crlm_content.scores import (
    FONG_CEA_NG_ML,
    FONG_INTERVAL_MONTHS,
    FONG_LARGEST_CM,
    FONG_PUBLISHED_OUTCOMES,
    FONG_REVIEW_DIFFERENCE_NOTE,
    GAME_PUBLISHED_OUTCOMES,
    MCS_RISK_GROUP_CAUTION,
    fong_score,
    game_score,
    modified_clinical_score,
    tbs_zone_points,
    tumor_burden_score,
)

# A Fong patient scoring 0: node-negative, DFI 24 months, 1 tumour of 3 cm, CEA 10 ng/mL.
FONG_ZERO: dict[str, Any] = {
    "node_positive": False,
    "disease_free_interval_months": 24.0,
    "tumour_count": 1,
    "largest_tumour_cm": 3.0,
    "cea_ng_ml": 10.0,
}

# A GAME patient scoring 0: KRAS wild-type, CEA 5, node-negative, 1 tumour of 1 cm (TBS sqrt(2) ~ 1.41 < 3),
# no extrahepatic disease.
GAME_ZERO: dict[str, Any] = {
    "kras_mutated": False,
    "cea_ng_ml": 5.0,
    "node_positive": False,
    "largest_tumour_cm": 1.0,
    "tumour_count": 1,
    "extrahepatic_disease": False,
}


def fong(**changes: Any) -> int:
    return fong_score(**{**FONG_ZERO, **changes}).points


def game(**changes: Any) -> int:
    return game_score(**{**GAME_ZERO, **changes}).points


# ------------------------------------------------------------------------------------------------------------
# Fong clinical risk score
# ------------------------------------------------------------------------------------------------------------


def test_fong_zero_patient_scores_zero_and_is_low_risk() -> None:
    result = fong_score(**FONG_ZERO)
    assert result.points == 0
    assert result.risk_group == "low"
    assert len(result.items) == 5
    assert not any(item.met for item in result.items)


@pytest.mark.parametrize(
    ("dfi", "expected"),
    [
        (12.0, 0),  # "< 12 months": exactly 12 does not score
        (12.5, 0),
        (11.9, 1),
        (11.99, 1),
        (0.0, 1),  # synchronous disease = 0 months scores
    ],
)
def test_fong_disease_free_interval_boundary(dfi: float, expected: int) -> None:
    assert fong(disease_free_interval_months=dfi) == expected


def test_fong_synchronous_is_labelled() -> None:
    item = fong_score(**{**FONG_ZERO, "disease_free_interval_months": 0.0}).items[1]
    assert item.met
    assert "synchronous" in item.patient_value


@pytest.mark.parametrize(
    ("dfi", "shown"),
    [
        (0.0, "0 months (synchronous)"),  # only 0 is synchronous
        (0.5, "0.5 months"),
        (1.0, "1 month"),  # not "1 months"
        (11.99, "11.99 months"),
    ],
)
def test_fong_disease_free_interval_is_written_as_entered(dfi: float, shown: str) -> None:
    item = fong_score(**{**FONG_ZERO, "disease_free_interval_months": dfi}).items[1]
    assert item.name == "Disease-free interval"
    assert item.patient_value == shown


@pytest.mark.parametrize(("count", "shown"), [(1, "1 tumour"), (2, "2 tumours")])
def test_game_tumour_burden_names_the_tumour_count_in_words(count: int, shown: str) -> None:
    result = game_score(
        kras_mutated=False,
        cea_ng_ml=10.0,
        node_positive=False,
        largest_tumour_cm=3.0,
        tumour_count=count,
        extrahepatic_disease=False,
    )
    item = result.items[3]
    assert item.name == "Tumor Burden Score"
    # TBS = sqrt(3^2 + count^2): 3.16 for one tumour, 3.61 for two
    assert item.patient_value == f"{'3.16' if count == 1 else '3.61'} (largest 3 cm, {shown})"


@pytest.mark.parametrize(("count", "expected"), [(1, 0), (2, 1), (10, 1)])  # "more than one tumour"
def test_fong_tumour_count_boundary(count: int, expected: int) -> None:
    assert fong(tumour_count=count) == expected


@pytest.mark.parametrize(("largest", "expected"), [(5.0, 0), (4.99, 0), (5.01, 1), (12.0, 1)])  # "> 5 cm"
def test_fong_largest_tumour_boundary(largest: float, expected: int) -> None:
    assert fong(largest_tumour_cm=largest) == expected


@pytest.mark.parametrize(("cea", "expected"), [(200.0, 0), (199.9, 0), (200.1, 1), (0.0, 0)])  # "> 200"
def test_fong_cea_boundary(cea: float, expected: int) -> None:
    assert fong(cea_ng_ml=cea) == expected


def test_fong_node_positive_scores_one() -> None:
    assert fong(node_positive=True) == 1


def test_fong_risk_group_boundary_two_low_three_high() -> None:
    # node (1) + DFI 6 months (1) = 2 -> low
    two = fong_score(**{**FONG_ZERO, "node_positive": True, "disease_free_interval_months": 6.0})
    assert (two.points, two.risk_group) == (2, "low")
    # ... + 3 tumours (1) = 3 -> high
    three = fong_score(
        **{**FONG_ZERO, "node_positive": True, "disease_free_interval_months": 6.0, "tumour_count": 3}
    )
    assert (three.points, three.risk_group) == (3, "high")


def test_fong_all_five_items() -> None:
    result = fong_score(
        node_positive=True,
        disease_free_interval_months=0.0,
        tumour_count=4,
        largest_tumour_cm=7.5,
        cea_ng_ml=350.0,
    )
    assert result.points == 5
    assert result.risk_group == "high"
    assert all(item.met and item.points == 1 for item in result.items)


def test_fong_breakdown_shows_value_and_criterion() -> None:
    result = fong_score(**{**FONG_ZERO, "largest_tumour_cm": 5.01})
    largest = result.items[3]
    assert largest.name == "Largest hepatic tumour"
    assert largest.patient_value == "5.01 cm"  # the boundary value is not rounded away
    assert largest.criterion == "> 5 cm"
    assert largest.met and largest.points == 1
    assert sum(item.points for item in result.items) == result.points


@pytest.mark.parametrize(
    ("cut_off", "label", "unit", "comparator"),
    [
        ("interval", "disease-free interval from primary to liver metastases", "months", "<"),
        ("largest", "largest hepatic tumour", "cm", ">"),
        ("cea", "preoperative CEA", "ng/mL", ">"),
    ],
)
def test_fong_cut_offs_are_named_once_and_equal_their_cited_record(
    cut_off: str, label: str, unit: str, comparator: str
) -> None:
    """Fong's cut-offs had two homes (literals here, copies in the walkthrough's steps.py whose comment said
    a test checked them, though none did): named once here, each equals the value of the Evidence record
    the score cites (risk-scores-fong-review-items [57]), and the walkthrough uses these very names."""
    import crlm_content
    from crlm_content.decision.steps import presenting, surveillance

    named = {"interval": FONG_INTERVAL_MONTHS, "largest": FONG_LARGEST_CM, "cea": FONG_CEA_NG_ML}[cut_off]
    record = crlm_content.get_catalog().get("risk-scores-fong-review-items")
    (value,) = [v for v in record.values if v.label == label]
    assert (value.value, value.unit, value.comparator) == (named, unit, comparator)
    # one home: no other module of the package assigns them (small ints are shared, so only the source can
    # tell an import from a copy)
    package = Path(crlm_content.__file__).parent
    assigned = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*FONG_(INTERVAL_MONTHS|LARGEST_CM|CEA_NG_ML)\s*[:=]", path.read_text(), re.M)
    }
    assert assigned == {"scores.py"}
    # the walkthrough writes typed intervals and sizes on their side: its presentation and DLM steps
    assert {"FONG_INTERVAL_MONTHS", "FONG_LARGEST_CM"} <= set(vars(presenting))
    assert "FONG_LARGEST_CM" in vars(surveillance)
    # the score turns on exactly these values, on the record's side of each
    base = {**FONG_ZERO, "disease_free_interval_months": 24.0, "largest_tumour_cm": 3.0, "cea_ng_ml": 10.0}
    field = {"interval": "disease_free_interval_months", "largest": "largest_tumour_cm", "cea": "cea_ng_ml"}
    at = fong_score(**{**base, field[cut_off]: float(named)}).points
    assert at == 0  # strict comparators: the cut-off itself scores nothing


def test_fong_has_no_margin_or_extrahepatic_item() -> None:
    names = " ".join(item.name.lower() for item in fong_score(**FONG_ZERO).items)
    assert "margin" not in names
    assert "extrahepatic" not in names
    assert "seven" in FONG_REVIEW_DIFFERENCE_NOTE and "five" in FONG_REVIEW_DIFFERENCE_NOTE


def test_fong_result_is_frozen() -> None:
    result = fong_score(**FONG_ZERO)
    with pytest.raises(ValidationError):
        result.points = 4  # type: ignore[misc]


def test_fong_published_outcomes_match_primary_source() -> None:
    rows = FONG_PUBLISHED_OUTCOMES.rows
    assert [row.group for row in rows] == ["0", "1", "2", "3", "4", "5"]
    assert [row.five_year_os_percent for row in rows] == [60, 44, 40, 20, 25, 14]
    assert [row.median_os_months for row in rows] == [74, 51, 47, 33, 20, 22]
    assert "Ann Surg 1999;230(3):309-318" in FONG_PUBLISHED_OUTCOMES.citation
    assert "10.1097/00000658-199909000-00004" in FONG_PUBLISHED_OUTCOMES.citation


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"tumour_count": 0}, "tumour_count"),
        ({"tumour_count": -2}, "tumour_count"),
        ({"tumour_count": 2.5}, "tumour_count"),
        ({"tumour_count": True}, "tumour_count"),
        ({"largest_tumour_cm": -1.0}, "largest_tumour_cm"),
        ({"largest_tumour_cm": 0.0}, "largest_tumour_cm"),
        ({"largest_tumour_cm": math.nan}, "largest_tumour_cm"),
        ({"largest_tumour_cm": math.inf}, "largest_tumour_cm"),
        ({"largest_tumour_cm": "5"}, "largest_tumour_cm"),
        ({"disease_free_interval_months": -0.1}, "disease_free_interval_months"),
        ({"disease_free_interval_months": math.nan}, "disease_free_interval_months"),
        ({"cea_ng_ml": -1.0}, "cea_ng_ml"),
        ({"cea_ng_ml": math.inf}, "cea_ng_ml"),
        ({"node_positive": 1}, "node_positive"),
        ({"node_positive": "yes"}, "node_positive"),
        ({"node_positive": None}, "node_positive"),
    ],
)
def test_fong_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        fong_score(**{**FONG_ZERO, **changes})


# ------------------------------------------------------------------------------------------------------------
# Tumor Burden Score
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "count", "expected"),
    [
        (3.0, 4, 5.0),  # 9 + 16 = 25
        (4.0, 3, 5.0),
        (6.0, 8, 10.0),  # 36 + 64 = 100
        (12.0, 5, 13.0),  # 144 + 25 = 169
        (1.0, 1, math.sqrt(2)),
    ],
)
def test_tumor_burden_score(largest: float, count: int, expected: float) -> None:
    assert tumor_burden_score(largest_tumour_cm=largest, tumour_count=count) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("tbs", "points"),
    [(0.0, 0), (2.999, 0), (3.0, 1), (3.001, 1), (8.999, 1), (9.0, 2), (9.001, 2), (20.0, 2)],
)
def test_tbs_zone_points_boundaries(tbs: float, points: int) -> None:
    assert tbs_zone_points(tbs) == points


@pytest.mark.parametrize("bad", [-0.1, math.nan, math.inf])
def test_tbs_zone_points_rejects_bad_value(bad: float) -> None:
    with pytest.raises(ValueError, match="tbs"):
        tbs_zone_points(bad)


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"tumour_count": 0}, "tumour_count"),
        ({"largest_tumour_cm": 0.0}, "largest_tumour_cm"),
        ({"largest_tumour_cm": -3.0}, "largest_tumour_cm"),
    ],
)
def test_tumor_burden_score_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {"largest_tumour_cm": 3.0, "tumour_count": 2, **changes}
    with pytest.raises(ValueError, match=argument):
        tumor_burden_score(**arguments)


# ------------------------------------------------------------------------------------------------------------
# GAME
# ------------------------------------------------------------------------------------------------------------


def test_game_zero_patient() -> None:
    result = game_score(**GAME_ZERO)
    assert result.points == 0
    assert result.risk_group == "low"
    assert result.tbs == pytest.approx(math.sqrt(2))
    assert (result.tbs_points, result.tbs_zone) == (0, "< 3")


@pytest.mark.parametrize(("cea", "expected"), [(20.0, 1), (19.9, 0), (19.99, 0), (20.01, 1), (250.0, 1)])
def test_game_cea_boundary_is_inclusive(cea: float, expected: int) -> None:
    assert game(cea_ng_ml=cea) == expected


@pytest.mark.parametrize(
    ("cea", "written"),
    [
        (19.9999999, "19.9999999 ng/mL"),  # below GAME's 20: "20" in the Fong table beside 0 points for >= 20
        (20.0, "20 ng/mL"),
        (199.9999999, "199.9999999 ng/mL"),  # below Fong's 200
        (200.0000001, "200.0000001 ng/mL"),  # above it: 1 Fong point
        (35.25, "35.25 ng/mL"),
    ],
)
def test_one_cea_is_written_alike_in_fong_and_game_on_its_side_of_both_cut_offs(
    cea: float, written: str
) -> None:
    fong = fong_score(**{**FONG_ZERO, "cea_ng_ml": cea})
    game = game_score(**{**GAME_ZERO, "cea_ng_ml": cea})
    (fong_cea,) = [item for item in fong.items if "CEA" in item.name]
    (game_cea,) = [item for item in game.items if "CEA" in item.name]
    assert fong_cea.patient_value == game_cea.patient_value == written


@pytest.mark.parametrize(
    ("largest", "count", "tbs_points", "zone"),
    [
        (2.0, 2, 0, "< 3"),  # sqrt(4 + 4) = 2.83
        (2.3, 2, 1, "3 to < 9"),  # sqrt(5.29 + 4) = sqrt(9.29) = 3.05
        (3.0, 4, 1, "3 to < 9"),  # 5
        (8.94, 1, 1, "3 to < 9"),  # sqrt(79.9236 + 1) = sqrt(80.9236) = 8.9957
        (8.95, 1, 2, ">= 9"),  # sqrt(80.1025 + 1) = sqrt(81.1025) = 9.0057
        (6.0, 8, 2, ">= 9"),  # 10
    ],
)
def test_game_tbs_zones_from_size_and_count(largest: float, count: int, tbs_points: int, zone: str) -> None:
    result = game_score(**{**GAME_ZERO, "largest_tumour_cm": largest, "tumour_count": count})
    assert result.tbs_points == tbs_points
    assert result.tbs_zone == zone
    assert result.points == tbs_points


@pytest.mark.parametrize(
    ("largest", "count", "points"),
    [
        # 8.48528137423857^2 + 3^2 = 71.9999999999999... + 9 < 81: TBS just under 9 (the float sqrt gives 9.0)
        (8.48528137423857, 3, 1),
        (8.48528137423858, 3, 2),  # its square is 72.0000000000000116...: + 9 >= 81
        # 5.65685424949238^2 + 7^2 = 31.99999999999998... + 49 < 81
        (5.65685424949238, 7, 1),
        # 2.236067977499789^2 + 2^2 = 4.99999999999999... + 4 < 9: TBS just under 3
        (2.236067977499789, 2, 0),
        (2.23606797749979, 2, 1),  # its square is 5.0000000000000013...: + 4 >= 9
    ],
)
def test_game_tbs_zone_is_decided_exactly_on_the_squares(largest: float, count: int, points: int) -> None:
    square = Fraction(repr(largest)) ** 2 + count**2  # the diameter as typed, squared exactly
    assert (square >= 9) + (square >= 81) == points  # the case is the one described
    result = game_score(**{**GAME_ZERO, "largest_tumour_cm": largest, "tumour_count": count})
    assert result.tbs_points == points
    assert tbs_zone_points(result.tbs) == points  # the TBS given agrees with its zone
    shown = Fraction(result.items[3].patient_value.split()[0])  # and so does the TBS as written
    assert (shown >= 3) + (shown >= 9) == points


def test_game_item_weights() -> None:
    assert game(kras_mutated=True) == 1
    assert game(node_positive=True) == 1
    assert game(extrahepatic_disease=True) == 2


@pytest.mark.parametrize(
    ("changes", "points", "group"),
    [
        ({"kras_mutated": True}, 1, "low"),
        ({"extrahepatic_disease": True}, 2, "medium"),
        ({"extrahepatic_disease": True, "kras_mutated": True}, 3, "medium"),
        ({"extrahepatic_disease": True, "kras_mutated": True, "node_positive": True}, 4, "high"),
    ],
)
def test_game_risk_group_boundaries(changes: dict[str, Any], points: int, group: str) -> None:
    result = game_score(**{**GAME_ZERO, **changes})
    assert (result.points, result.risk_group) == (points, group)


def test_game_maximum_is_seven() -> None:
    # KRAS 1 + CEA 1 + node 1 + TBS 10 (2) + extrahepatic 2 = 7
    result = game_score(
        kras_mutated=True,
        cea_ng_ml=20.0,
        node_positive=True,
        largest_tumour_cm=6.0,
        tumour_count=8,
        extrahepatic_disease=True,
    )
    assert result.points == 7
    assert result.risk_group == "high"
    assert sum(item.points for item in result.items) == 7


@pytest.mark.parametrize(
    ("largest", "points"),
    [
        # 8.9403**2 = 79.92896409; + 1 = 80.92896409; sqrt = 8.99605: 2 decimals would print "9.00"
        (8.9403, 1),
        # 8.95**2 = 80.1025; + 1 = 81.1025; sqrt = 9.00569
        (8.95, 2),
    ],
)
def test_game_tbs_item_text_does_not_round_across_the_boundary(largest: float, points: int) -> None:
    item = game_score(**{**GAME_ZERO, "largest_tumour_cm": largest, "tumour_count": 1}).items[3]
    assert item.name == "Tumor Burden Score"
    assert item.points == points
    shown = float(item.patient_value.split()[0])
    assert (shown >= 9) == (points == 2)


def test_nras_only_scores_in_mcs_but_not_in_game() -> None:
    # NRAS-only mutation: GAME kras_mutated=False (0 points), m-CS ras_mutated=True (1 point)
    assert game(kras_mutated=False) == 0
    assert modified_clinical_score(ras_mutated=True, node_positive=False, largest_tumour_cm=2.0).points == 1


def test_game_published_outcomes() -> None:
    rows = GAME_PUBLISHED_OUTCOMES.rows
    assert [(row.group, row.median_os_months) for row in rows] == [
        ("low", 68.1),
        ("medium", 46.7),
        ("high", 32.4),
    ]
    assert "Cancers 2022;14:2356" in GAME_PUBLISHED_OUTCOMES.citation


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"kras_mutated": 0}, "kras_mutated"),
        ({"node_positive": "no"}, "node_positive"),
        ({"extrahepatic_disease": 1}, "extrahepatic_disease"),
        ({"cea_ng_ml": -0.5}, "cea_ng_ml"),
        ({"cea_ng_ml": math.nan}, "cea_ng_ml"),
        ({"largest_tumour_cm": 0.0}, "largest_tumour_cm"),
        ({"tumour_count": 0}, "tumour_count"),
        ({"tumour_count": 1.0}, "tumour_count"),
    ],
)
def test_game_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        game_score(**{**GAME_ZERO, **changes})


# ------------------------------------------------------------------------------------------------------------
# Modified clinical score (m-CS)
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ras", "node", "largest", "points", "group"),
    [
        (False, False, 3.0, 0, "low"),
        (True, False, 3.0, 1, "medium"),
        (False, True, 3.0, 1, "medium"),
        (False, False, 5.01, 1, "medium"),
        (False, False, 5.0, 0, "low"),  # "> 5 cm": exactly 5 does not score
        (True, True, 5.0, 2, "medium"),
        (True, True, 5.01, 3, "high"),
    ],
)
def test_modified_clinical_score(ras: bool, node: bool, largest: float, points: int, group: str) -> None:
    result = modified_clinical_score(ras_mutated=ras, node_positive=node, largest_tumour_cm=largest)
    assert (result.points, result.risk_group) == (points, group)
    assert len(result.items) == 3


def test_modified_clinical_score_groups_carry_a_plain_caution() -> None:
    result = modified_clinical_score(ras_mutated=False, node_positive=False, largest_tumour_cm=1.0)
    assert "secondary summary" in result.risk_group_caution and "[check" not in result.risk_group_caution
    assert result.risk_group_caution == MCS_RISK_GROUP_CAUTION
    assert "secondary summary" in (modified_clinical_score.__doc__ or "")


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"ras_mutated": 1}, "ras_mutated"),
        ({"node_positive": None}, "node_positive"),
        ({"largest_tumour_cm": -1.0}, "largest_tumour_cm"),
        ({"largest_tumour_cm": math.inf}, "largest_tumour_cm"),
    ],
)
def test_modified_clinical_score_rejects_impossible_input(changes: dict[str, Any], argument: str) -> None:
    arguments: dict[str, Any] = {
        "ras_mutated": False,
        "node_positive": False,
        "largest_tumour_cm": 2.0,
        **changes,
    }
    with pytest.raises(ValueError, match=argument):
        modified_clinical_score(**arguments)


# ------------------------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------------------------

sizes = st.floats(min_value=0.0, max_value=50.0, exclude_min=True, allow_nan=False)
counts = st.integers(min_value=1, max_value=60)
ceas = st.floats(min_value=0.0, max_value=100_000.0, allow_nan=False)
dfis = st.floats(min_value=0.0, max_value=600.0, allow_nan=False)


@given(node=st.booleans(), dfi=dfis, count=counts, largest=sizes, cea=ceas)
def test_fong_property_range_and_consistency(
    node: bool, dfi: float, count: int, largest: float, cea: float
) -> None:
    result = fong_score(
        node_positive=node,
        disease_free_interval_months=dfi,
        tumour_count=count,
        largest_tumour_cm=largest,
        cea_ng_ml=cea,
    )
    assert 0 <= result.points <= 5
    assert result.points == sum(item.points for item in result.items)
    assert result.risk_group == ("low" if result.points <= 2 else "high")


@given(
    node=st.booleans(),
    dfi=dfis,
    dfi_shorter=dfis,
    count=counts,
    more=st.integers(min_value=0, max_value=20),
    largest=sizes,
    larger=st.floats(min_value=0.0, max_value=20.0, allow_nan=False),
    cea=ceas,
    higher=st.floats(min_value=0.0, max_value=1000.0, allow_nan=False),
)
def test_fong_property_monotonic_in_each_item(
    node: bool,
    dfi: float,
    dfi_shorter: float,
    count: int,
    more: int,
    largest: float,
    larger: float,
    cea: float,
    higher: float,
) -> None:
    base: dict[str, Any] = {
        "node_positive": node,
        "disease_free_interval_months": dfi,
        "tumour_count": count,
        "largest_tumour_cm": largest,
        "cea_ng_ml": cea,
    }
    points = fong_score(**base).points
    assert fong_score(**{**base, "node_positive": True}).points >= points
    assert fong_score(**{**base, "disease_free_interval_months": min(dfi, dfi_shorter)}).points >= points
    assert fong_score(**{**base, "tumour_count": count + more}).points >= points
    # larger or higher within the plausible ranges (50 cm, 100,000 ng/mL)
    assert fong_score(**{**base, "largest_tumour_cm": min(largest + larger, 50.0)}).points >= points
    assert fong_score(**{**base, "cea_ng_ml": min(cea + higher, 100_000.0)}).points >= points


@given(
    kras=st.booleans(),
    cea=ceas,
    node=st.booleans(),
    largest=sizes,
    count=counts,
    ehd=st.booleans(),
)
def test_game_property_range_and_consistency(
    kras: bool, cea: float, node: bool, largest: float, count: int, ehd: bool
) -> None:
    result = game_score(
        kras_mutated=kras,
        cea_ng_ml=cea,
        node_positive=node,
        largest_tumour_cm=largest,
        tumour_count=count,
        extrahepatic_disease=ehd,
    )
    assert 0 <= result.points <= 7
    assert result.points == sum(item.points for item in result.items)
    expected_group = "low" if result.points <= 1 else "medium" if result.points <= 3 else "high"
    assert result.risk_group == expected_group
    assert result.tbs_points == tbs_zone_points(result.tbs)


@given(ras=st.booleans(), node=st.booleans(), largest=sizes)
def test_modified_clinical_score_property(ras: bool, node: bool, largest: float) -> None:
    result = modified_clinical_score(ras_mutated=ras, node_positive=node, largest_tumour_cm=largest)
    assert result.points == int(ras) + int(node) + int(largest > 5)


def test_calculators_do_not_import_streamlit() -> None:
    code = (
        "import sys; import crlm_content.scores, crlm_content.response, crlm_content.liver, "
        "crlm_content.timing; assert 'streamlit' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_fong_outcomes_note_places_the_non_monotonic_steps_where_the_figures_are() -> None:
    """The note said "not monotonic at scores 4-5"; 5-year OS rises from 3 to 4, median OS from 4 to 5."""
    from crlm_content.scores import FONG_PUBLISHED_OUTCOMES

    five_year = [row.five_year_os_percent or 0.0 for row in FONG_PUBLISHED_OUTCOMES.rows]
    median = [row.median_os_months or 0.0 for row in FONG_PUBLISHED_OUTCOMES.rows]
    rises = [
        [score for score in range(5) if values[score + 1] > values[score]] for values in (five_year, median)
    ]
    assert rises == [[3], [4]]
    note = FONG_PUBLISHED_OUTCOMES.note
    assert "5-year survival rises from score 3 to 4, median survival from 4 to 5" in note


def test_the_largest_tumour_is_written_as_typed_beside_the_points_it_earns() -> None:
    """2.8284271247461903 cm and one tumour give a Tumor Burden Score of exactly 3 (the zone '3 to < 9'),
    but the breakdown wrote 2.828427 cm, from which the score is 2.99999997, in the '< 3' zone."""
    typed = 2.8284271247461903
    result = game_score(
        kras_mutated=False,
        cea_ng_ml=5,
        node_positive=False,
        tumour_count=1,
        largest_tumour_cm=typed,
        extrahepatic_disease=False,
    )
    shown = " ".join(f"{item.patient_value}" for item in result.items)
    assert f"largest {typed!r} cm" in shown
    fong_items = fong_score(
        node_positive=False,
        disease_free_interval_months=24,
        tumour_count=1,
        largest_tumour_cm=typed,
        cea_ng_ml=5,
    ).items
    assert f"{typed!r} cm" in [item.patient_value for item in fong_items]
