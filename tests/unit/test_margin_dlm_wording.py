"""Wording of the Margins and Disappearing-metastases steps against the review: a margin under 1 mm is
re-planned for at least 1 mm (0.999 mm is already clear, R0, by the glossary), and lesions under 2 cm OR
deeper than 1 cm are the likeliest to vanish (either factor alone, not both together)."""

from __future__ import annotations

from crlm_content import get_catalog
from crlm_content.decision import Strategy, recommend

from .patients import patient


def test_a_submillimetre_margin_is_re_planned_for_at_least_1_mm_not_for_a_clear_one() -> None:
    plan = recommend(patient(lesion_count=1, smallest_lesion_cm=None, expected_margin_mm=0.999))
    assert plan.strategy is Strategy.UPFRONT_RESECTION
    finding = plan.step("margins").finding
    assert "0.999 mm, under 1 mm" in finding
    assert "re-plan the resection for a margin of at least 1 mm" in finding, finding
    assert "clear margin" not in finding, finding  # 0.999 mm is clear (R0): the point is 1 mm


def test_the_dlm_step_names_size_or_depth_as_the_review_does() -> None:
    record = get_catalog().get("dlm-risk-factors")  # "< 2 cm in diameter or deeper than 1 cm" [80, 85]
    assert {(v.value, v.comparator) for v in record.values} == {(2, "<"), (1, ">")}
    reasoning = recommend(patient(smallest_lesion_cm=1.5)).step("dlm").reasoning
    assert "Small (under 2 cm) or deep (over 1 cm) lesions" in reasoning, reasoning
    assert "and deep" not in reasoning
