"""The Surgery page's evidence lists live in ``crlm_content.surgery``, one per topic, and no tab shows a
record twice. That every id is in the catalog, none repeats within a list and the page script names no record
is checked for every feature module and page in ``test_page_evidence_ids``."""

from __future__ import annotations

import pytest

from crlm_content import surgery as sg
from crlm_content.figures.surgery import SYNCHRONOUS_OS_RECORD
from crlm_content.tools import liver_remnant as lr

from .test_page_evidence_ids import check_list, id_lists, repeated

# The lists each tab shows, in its order; the "why surgery" list sits above the tabs, so every view shows it.
TAB_LISTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Margins": (sg.MARGIN_IDS, sg.WIDE_MARGIN_IDS),
    "Remnant and two-stage resection": (
        sg.REMNANT_IDS,
        sg.PVE_IDS,
        sg.TWO_STAGE_IDS,
        sg.FINDING_LESIONS_IDS,
        sg.AFTER_CONVERSION_IDS,
    ),
    "Timing and duration": (sg.TIMING_IDS, sg.SYNCHRONOUS_IDS, (SYNCHRONOUS_OS_RECORD,)),
    "Alternatives": (
        sg.DMMR_IMMUNOTHERAPY_IDS,
        sg.IMMUNOTHERAPY_OUTLOOK_IDS,
        sg.INTRA_ARTERIAL_IDS,
        sg.INTRA_ARTERIAL_MORE_IDS,
    ),
}
ID_LISTS = id_lists(sg)


def test_every_list_is_on_a_tab() -> None:
    """The lists the tabs show are all the module's lists (so the checks below cover every one)."""
    assert len(ID_LISTS) == 14
    on_tabs = {id(ids) for lists in TAB_LISTS.values() for ids in lists} | {id(sg.WHY_SURGERY_IDS)}
    assert {name for name, ids in ID_LISTS.items() if id(ids) not in on_tabs} == set()


@pytest.mark.parametrize("tab", sorted(TAB_LISTS))
def test_no_tab_shows_a_record_twice(tab: str) -> None:
    assert repeated([i for ids in (sg.WHY_SURGERY_IDS, *TAB_LISTS[tab]) for i in ids]) == []


def test_the_remnant_tab_s_pve_and_two_stage_lists_are_the_remnant_planner_s() -> None:
    """One definition: the Surgery page's PVE and two-stage cards are the remnant planner's lists themselves,
    not a copy of them (two copies let a record added to one be missing from the other page), and every id in
    them is a record of the catalog."""
    assert sg.PVE_IDS is lr.PVE_IDS
    assert sg.TWO_STAGE_IDS is lr.TWO_STAGE_IDS
    assert (*lr.PVE_IDS, *lr.TWO_STAGE_IDS) == lr.REMNANT_TOO_SMALL_IDS
    check_list("REMNANT_TOO_SMALL_IDS", lr.REMNANT_TOO_SMALL_IDS)
    # the sentence above the two-stage cards quotes one of them
    assert sg.TWO_STAGE_SURVIVAL_ID in lr.TWO_STAGE_IDS
