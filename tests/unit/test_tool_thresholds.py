"""Every threshold the Tools pages use equals the value (and the sign) of the Evidence record they cite."""

from __future__ import annotations

from typing import get_args

import pytest

import crlm_content
from crlm_content import tools
from crlm_content.liver import FLR_THRESHOLDS, flr_sufficient
from crlm_content.response import (
    CEA_THRESHOLD_PERCENT,
    cea_response,
)
from crlm_content.scores import fong_score
from crlm_content.timing import (
    MAX_CHEMOTHERAPY_WEEKS,
    MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
    MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
    TimingWarning,
    preoperative_timing_warnings,
)

CATALOG = crlm_content.get_catalog()


def value(evidence_id: str, label: str) -> tuple[float, str]:
    record_value = CATALOG.get(evidence_id).value(label)
    return record_value.value, record_value.comparator


def test_chemotherapy_duration_is_the_cited_12_weeks() -> None:
    assert value("timing-long-chemo-short-interval", "duration of chemotherapy") == (
        MAX_CHEMOTHERAPY_WEEKS,
        ">",
    )
    # "more than 12 weeks": 12 itself gives no warning
    assert (
        preoperative_timing_warnings(
            chemotherapy_weeks=MAX_CHEMOTHERAPY_WEEKS,
            weeks_last_chemo_to_surgery=None,
            weeks_last_bevacizumab_to_surgery=None,
        )
        == ()
    )


def test_chemotherapy_to_surgery_is_the_cited_4_weeks() -> None:
    assert value("timing-long-chemo-short-interval", "interval from chemotherapy to surgery") == (
        MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
        "<",
    )


def test_bevacizumab_washout_is_the_cited_5_weeks() -> None:
    assert value("biologics-bevacizumab-preop-safety", "interval from bevacizumab to surgery") == (
        MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
        ">=",
    )
    # ">= 5 weeks is safe": exactly 5 gives no warning
    assert (
        preoperative_timing_warnings(
            chemotherapy_weeks=None,
            weeks_last_chemo_to_surgery=None,
            weeks_last_bevacizumab_to_surgery=MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
        )
        == ()
    )


def test_timing_warnings_cite_existing_values() -> None:
    # Every warning the planner can give is cited (so the loop below cannot run over an empty table)...
    assert set(tools.TIMING_WARNING_EVIDENCE) == set(get_args(TimingWarning))
    for evidence_id, label in tools.TIMING_WARNING_EVIDENCE.values():
        # ... to a value its record holds (KeyError names a missing one).
        CATALOG.get(evidence_id).value(label)


def test_cea_cut_off_is_the_cited_7_5_percent() -> None:
    assert value("cea-decline-cutoff", "CEA decrease from baseline") == (CEA_THRESHOLD_PERCENT, ">=")
    # "a fall of at least 7.5%": 40 -> 37 is exactly -7.5% and meets it
    assert cea_response(baseline_ng_ml=40.0, current_ng_ml=37.0).meets_threshold


@pytest.mark.parametrize("condition", list(FLR_THRESHOLDS))
def test_flr_thresholds_are_the_cited_values_and_signs(condition: str) -> None:
    evidence_id, label = tools.LIVER_CONDITION_EVIDENCE[condition]  # type: ignore[index]
    threshold, comparator = FLR_THRESHOLDS[condition]  # type: ignore[index]
    assert value(evidence_id, label) == (threshold, comparator)
    # the sign decides the boundary: '>=' includes it, '>' excludes it
    assert flr_sufficient(flr_percent=threshold, liver_condition=condition) is (comparator == ">=")  # type: ignore[arg-type]


def test_flr_thresholds_are_20_30_40() -> None:
    assert [FLR_THRESHOLDS[c][0] for c in ("normal", "chemotherapy_or_steatosis", "cirrhosis")] == [
        20,
        30,
        40,
    ]


def test_reimaging_interval_is_the_nccn_2_months() -> None:
    assert value("table-2-nccn-reevaluation", "re-evaluation interval") == (
        tools.REIMAGING_INTERVAL_MONTHS,
        "=",
    )
    # the review's text gives 2-3 months (caveat 8): the NCCN interval is its lower end
    text = CATALOG.get("timing-unresectable-reimaging").value("re-imaging interval, unresectable disease")
    assert (text.value, text.high) == (tools.REIMAGING_INTERVAL_MONTHS, 3)


def fong_points(argument: str, x: float) -> int:
    """Fong points of a patient who scores on no item, except that ``argument`` is set to ``x``."""
    base: dict[str, float] = {
        "disease_free_interval_months": 24.0,
        "tumour_count": 1,
        "largest_tumour_cm": 3.0,
        "cea_ng_ml": 10.0,
    }
    assert argument in base, argument
    values = {**base, argument: x}
    tumour_count = values["tumour_count"]
    assert tumour_count == int(tumour_count), tumour_count  # a count: never truncated
    return fong_score(
        node_positive=False,
        disease_free_interval_months=values["disease_free_interval_months"],
        tumour_count=int(tumour_count),
        largest_tumour_cm=values["largest_tumour_cm"],
        cea_ng_ml=values["cea_ng_ml"],
    ).points


@pytest.mark.parametrize(
    ("label", "argument", "just_over", "just_under"),
    [
        (
            "disease-free interval from primary to liver metastases",
            "disease_free_interval_months",
            12.01,
            11.99,
        ),
        ("number of hepatic tumours", "tumour_count", 2, 1),
        ("largest hepatic tumour", "largest_tumour_cm", 5.01, 4.99),
        ("preoperative CEA", "cea_ng_ml", 200.01, 199.99),
    ],
)
def test_fong_cut_offs_match_the_review_record(
    label: str, argument: str, just_over: float, just_under: float
) -> None:
    """The review's four Fong cut-offs (risk-scores-fong-review-items) are the calculator's, sign and all."""
    threshold, comparator = value("risk-scores-fong-review-items", label)
    exact = int(threshold) if argument == "tumour_count" else threshold
    for x in (exact, just_over, just_under):
        expected = x < threshold if comparator == "<" else x > threshold
        assert fong_points(argument, x) == int(expected), (label, x)
