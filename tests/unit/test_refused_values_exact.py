"""A refused value is written exactly (as short as reads back the same), never rounded onto the limit it
broke: "10 mm is not measurable; ... at least 10 mm" contradicted itself for a typed 9.9999999."""

from __future__ import annotations

import pytest

from crlm_content.liver import estimated_total_liver_volume_ml
from crlm_content.tools.cea import validate_cea
from crlm_content.tools.liver_remnant import assess_flr
from crlm_content.tools.response import validate_targets


def target(baseline: str, nadir: str, now: str, organ: str = "liver") -> list[dict[str, str]]:
    return [{"organ": organ, "baseline": baseline, "nadir": nadir, "now": now}]


@pytest.mark.parametrize(
    ("records", "typed"),
    [
        (target("9.9999999", "5", "5"), "9.9999999 mm is not measurable"),
        (target("14.9999999", "5", "5", organ="lymph node"), "14.9999999 mm is not measurable"),
        (target("20", "20", "500.0000001"), "500.0000001 mm is above 500 mm"),
        (target("20", "20", "-0.0000001"), "-1e-7 mm is negative"),
    ],
)
def test_a_refused_diameter_is_written_exactly(records: list[dict[str, str]], typed: str) -> None:
    sums, problems = validate_targets(records)
    assert sums is None
    assert len(problems) == 1 and typed in problems[0], problems


@pytest.mark.parametrize(
    ("rows", "typed"),
    [
        ([("0", "40"), ("3", "100000.0000001")], "100000.0000001 is above 100 000 ng/mL"),
        ([("0", "40"), ("520.0000001", "30")], "520.0000001 is outside 0-520"),
        ([("0", "40"), ("3", "-0.0000001")], "-1e-7 is negative"),
    ],
)
def test_a_refused_cea_value_is_written_exactly(rows: list[tuple[str, str]], typed: str) -> None:
    _points, problems = validate_cea([{"week": w, "cea": c} for w, c in rows], "week")
    assert any(typed in p for p in problems), problems


def test_a_remnant_larger_than_the_liver_is_compared_with_the_estimate_written_exactly() -> None:
    """1486.6941 mL against an estimate of 1486.694 mL written '1486.7 mL' read as 'X is more than X'."""
    bsa = 1.8
    etlv = estimated_total_liver_volume_ml(bsa_m2=bsa)
    volume = 1486.6941
    assert volume > etlv and round(volume, 1) == round(etlv, 1)  # the case where rounding hid the gap
    assessment, problems = assess_flr(
        source="volume", flr_percent=None, flr_volume_ml=volume, bsa_m2=bsa, condition="normal"
    )
    assert assessment is None
    (message,) = problems
    assert "1486.6941 mL is more than the estimated total liver volume (1486.694 mL" in message, message
