"""Re-imaging while unresectable disease is converted: NCCN's row [18] gives every 2 months for unresectable
synchronous metastases only, and the Guideline lens says it takes no position on metachronous disease; the
review's own text gives every 2-3 months (caveat 8). A metachronous plan cited NCCN for its interval on the
same page where the lens said NCCN had none for it."""

from __future__ import annotations

import re

import pytest

import crlm_content
from crlm_content.decision import Scenario, Strategy, handout_markdown, recommend
from crlm_content.search import REVIEW_OWN

NCCN_ROW = "table-2-nccn-reevaluation"
REVIEW_TEXT = "timing-unresectable-reimaging"


def _converted(synchronous: bool, **changes: object) -> Scenario:
    """The review finding's patient: six bilobar lesions that cannot all be removed, KRAS-mutant."""
    data: dict[str, object] = {
        "synchronous": synchronous,
        "lesion_count": 6,
        "largest_lesion_cm": 4,
        "bilobar": True,
        "complete_resection_possible": False,
        "flr_percent": 50,
        "ras_status": "kras_mutant",
    }
    return Scenario.model_validate(data | changes)


def _interval_texts(s: Scenario) -> dict[str, tuple[str, tuple[str, ...]]]:
    plan = recommend(s)
    assert plan.strategy is Strategy.CONVERSION_CHEMOTHERAPY
    (reassess, *_) = [a for a in plan.actions if a.phase == "reassess"]
    timing, monitoring = plan.step("timing"), plan.step("monitoring")
    return {
        "action": (reassess.text, reassess.evidence_ids),
        "timing": (timing.reasoning, timing.evidence_ids),
        "monitoring": (monitoring.finding, monitoring.evidence_ids),
    }


@pytest.mark.parametrize("dmmr", [False, True])
def test_metachronous_conversion_re_imaging_is_the_review_s_own_interval(dmmr: bool) -> None:
    s = _converted(False, msi_high_or_dmmr=dmmr)
    for where, (text, ids) in _interval_texts(s).items():
        assert "every 2-3 months" in text.lower(), (where, text)
        assert "NCCN" not in text and "2 months" not in text.replace("2-3 months", ""), (where, text)
        assert REVIEW_TEXT in ids and NCCN_ROW not in ids, (where, ids)
    catalog = crlm_content.get_catalog()
    assert not catalog.get(REVIEW_TEXT).refs  # the review's own text: its mark, not NCCN's [18]
    handout = handout_markdown(s, recommend(s), catalog)
    (line,) = [line for line in handout.splitlines() if line.startswith("- Every 2-3 months")]
    assert line.endswith(f"({REVIEW_OWN})"), line


@pytest.mark.parametrize("dmmr", [False, True])
def test_synchronous_conversion_re_imaging_keeps_nccn_s_interval(dmmr: bool) -> None:
    s = _converted(True, msi_high_or_dmmr=dmmr)
    for where, (text, ids) in _interval_texts(s).items():
        assert re.search(r"(?i)every 2 months \(NCCN; 2-3 in the review's text\)", text), (where, text)
        assert {REVIEW_TEXT, NCCN_ROW} <= set(ids), (where, ids)
