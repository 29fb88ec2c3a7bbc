"""Future liver remnant: Vauthey eTLV, standardized FLR and the review's thresholds (caveat 14), by hand."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlm_content.liver import (
    FLR_SIGNS_NOTE,
    FLR_THRESHOLDS,
    estimated_total_liver_volume_ml,
    flr_sufficient,
    standardized_flr_percent,
)


@pytest.mark.parametrize(
    ("bsa", "etlv"),
    [
        (2.0, 1740.15),  # -794.41 + 1267.28 * 2 = -794.41 + 2534.56
        (1.0, 472.87),  # -794.41 + 1267.28
        (1.5, 1106.51),  # -794.41 + 1900.92
        (1.73, 1397.9844),  # -794.41 + 2192.3944
        (3.0, 3007.43),  # -794.41 + 3801.84 (upper BSA limit is allowed)
    ],
)
def test_estimated_total_liver_volume(bsa: float, etlv: float) -> None:
    assert estimated_total_liver_volume_ml(bsa_m2=bsa) == pytest.approx(etlv, abs=1e-9)


def test_etlv_is_exact_for_decimal_inputs() -> None:
    # computed exactly and rounded once: the nearest float to 1740.15 is the literal 1740.15
    assert estimated_total_liver_volume_ml(bsa_m2=2.0) == 1740.15


@pytest.mark.parametrize(
    ("flr", "bsa", "percent"),
    [
        (522.045, 2.0, 30.0),  # 1740.15 * 0.30 = 522.045
        (348.03, 2.0, 20.0),  # 1740.15 * 0.20
        (696.06, 2.0, 40.0),  # 1740.15 * 0.40
        (472.87, 1.0, 100.0),  # whole estimated liver
        (0.0, 1.5, 0.0),
    ],
)
def test_standardized_flr_percent(flr: float, bsa: float, percent: float) -> None:
    assert standardized_flr_percent(flr_volume_ml=flr, bsa_m2=bsa) == pytest.approx(percent, abs=1e-9)


def test_standardized_flr_exactly_30_percent_is_not_sufficient_after_chemotherapy() -> None:
    percent = standardized_flr_percent(flr_volume_ml=522.045, bsa_m2=2.0)
    assert percent == 30.0  # exact, so the boundary rule applies as documented
    assert flr_sufficient(flr_percent=percent, liver_condition="chemotherapy_or_steatosis") is False
    assert flr_sufficient(flr_percent=percent, liver_condition="normal") is True


@pytest.mark.parametrize(
    ("percent", "condition", "expected"),
    [
        (20.0, "normal", True),  # ">= 20%": exactly 20 is sufficient
        (19.99, "normal", False),
        (20.01, "normal", True),
        (30.0, "chemotherapy_or_steatosis", False),  # "> 30%": exactly 30 is NOT sufficient
        (30.01, "chemotherapy_or_steatosis", True),
        (29.0, "chemotherapy_or_steatosis", False),
        (40.0, "cirrhosis", False),  # "> 40%": exactly 40 is NOT sufficient
        (40.01, "cirrhosis", True),
        (35.0, "cirrhosis", False),
        (0.0, "normal", False),
        (100.0, "cirrhosis", True),
    ],
)
def test_flr_sufficient_boundaries(percent: float, condition: Any, expected: bool) -> None:
    assert flr_sufficient(flr_percent=percent, liver_condition=condition) is expected


def test_flr_thresholds_mapping_and_note() -> None:
    assert dict(FLR_THRESHOLDS) == {
        "normal": (20.0, ">="),
        "chemotherapy_or_steatosis": (30.0, ">"),
        "cirrhosis": (40.0, ">"),
    }
    assert "30% exactly is NOT sufficient" in FLR_SIGNS_NOTE
    assert "[check]" not in FLR_SIGNS_NOTE
    doc = flr_sufficient.__doc__ or ""
    assert "20% exactly is sufficient" in doc and "40% exactly is NOT" in doc


@pytest.mark.parametrize(
    "bsa",
    [0.49, 3.01, 0.0, -1.0, math.nan, math.inf, True, "2.0", None, 0.5, 0.6],  # 0.5, 0.6 give eTLV <= 0
)
def test_bsa_out_of_range_is_rejected(bsa: Any) -> None:
    with pytest.raises(ValueError, match="bsa_m2"):
        estimated_total_liver_volume_ml(bsa_m2=bsa)
    with pytest.raises(ValueError, match="bsa_m2"):
        standardized_flr_percent(flr_volume_ml=500.0, bsa_m2=bsa)


@pytest.mark.parametrize("flr", [-1.0, math.nan, math.inf, False, "500"])
def test_flr_volume_rejected(flr: Any) -> None:
    with pytest.raises(ValueError, match="flr_volume_ml"):
        standardized_flr_percent(flr_volume_ml=flr, bsa_m2=2.0)


@pytest.mark.parametrize("percent", [-0.1, 100.1, math.nan, math.inf, True, "25"])
def test_flr_percent_rejected(percent: Any) -> None:
    with pytest.raises(ValueError, match="flr_percent"):
        flr_sufficient(flr_percent=percent, liver_condition="normal")


@pytest.mark.parametrize("condition", ["steatosis", "Normal", "", None, 1])
def test_unknown_liver_condition_rejected(condition: Any) -> None:
    with pytest.raises(ValueError, match="liver_condition"):
        flr_sufficient(flr_percent=25.0, liver_condition=condition)


percents = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
conditions = st.sampled_from(["normal", "chemotherapy_or_steatosis", "cirrhosis"])


@given(a=percents, b=percents, condition=conditions)
def test_flr_sufficient_is_monotonic(a: float, b: float, condition: Any) -> None:
    low, high = min(a, b), max(a, b)
    if flr_sufficient(flr_percent=low, liver_condition=condition):
        assert flr_sufficient(flr_percent=high, liver_condition=condition)


@given(percent=percents)
def test_stricter_conditions_need_more_liver(percent: float) -> None:
    if flr_sufficient(flr_percent=percent, liver_condition="cirrhosis"):
        assert flr_sufficient(flr_percent=percent, liver_condition="chemotherapy_or_steatosis")
    if flr_sufficient(flr_percent=percent, liver_condition="chemotherapy_or_steatosis"):
        assert flr_sufficient(flr_percent=percent, liver_condition="normal")


@given(
    bsa=st.floats(min_value=1.0, max_value=3.0, allow_nan=False),  # the plausible adult range
    flr=st.floats(min_value=0.0, max_value=3000.0, allow_nan=False),
)
def test_valid_liver_input_never_raises(bsa: float, flr: float) -> None:
    etlv = estimated_total_liver_volume_ml(bsa_m2=bsa)
    assert etlv > 0
    assert standardized_flr_percent(flr_volume_ml=flr, bsa_m2=bsa) >= 0
