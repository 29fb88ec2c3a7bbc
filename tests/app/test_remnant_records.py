"""The remnant's PVE and two-stage records have one home, the remnant planner's feature module
(``crlm_content.tools.liver_remnant``): the planner's "too small" cards and the Surgery page's remnant tab
draw those lists, in their order, so a record added there shows on both pages."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from crlm_content import surgery as sg
from crlm_content.tools import liver_remnant as lr

from .helpers import cited, run_page

SURGERY = "app_pages/surgery.py"
PLANNER = "app_pages/liver_remnant.py"


def drawn_records(at: AppTest) -> list[str]:
    """The records whose citation line the run drew, in page order (each line keeps its id on hover)."""
    return re.findall(r"Record (\S+)", cited(at))


def test_the_surgery_page_s_remnant_tab_draws_the_planner_s_lists() -> None:
    at = run_page(SURGERY, {"tab": "Remnant and two-stage resection"})
    assert drawn_records(at) == [*sg.REMNANT_IDS, *lr.PVE_IDS, *lr.TWO_STAGE_IDS]


def test_a_remnant_too_small_draws_the_same_lists_with_the_remeasurement_between() -> None:
    at = run_page(PLANNER, {"liver": "cirrhosis"})  # the default 25% against > 40%
    assert "When the remnant is too small" in [h.value for h in at.header]
    threshold_id = lr.LIVER_CONDITION_EVIDENCE["cirrhosis"][0]
    assert drawn_records(at) == [threshold_id, *lr.PVE_IDS, lr.FLR_REMEASURE_ID, *lr.TWO_STAGE_IDS]


def test_a_sufficient_remnant_keeps_the_same_lists_in_a_collapsed_panel() -> None:
    at = run_page(PLANNER)  # the default 25% of a normal liver meets >= 20%
    assert drawn_records(at) == [lr.LIVER_CONDITION_EVIDENCE["normal"][0]]
    at.session_state["liver_remnant__more_pve"] = True
    at.run()
    assert not at.exception
    assert drawn_records(at) == [lr.LIVER_CONDITION_EVIDENCE["normal"][0], *lr.PVE_IDS, *lr.TWO_STAGE_IDS]
