"""The Surgery page's evidence lists live in ``crlm_content.surgery``, one per topic: every id names a record
of the catalog, no list or tab shows a record twice, and the page script itself names no record."""

from __future__ import annotations

import ast

import pytest

from crlm_content import surgery as sg
from crlm_content.catalog import get_catalog
from crlm_content.figures.surgery import SYNCHRONOUS_OS_RECORD

from ..conftest import ROOT

PAGE = ROOT / "app_pages" / "surgery.py"
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
ID_LISTS = {name: getattr(sg, name) for name in dir(sg) if name.endswith("_IDS")}
SINGLE_IDS = {name: getattr(sg, name) for name in dir(sg) if name.endswith(("_ID", "_RECORD"))}


def test_every_list_is_on_a_tab() -> None:
    """The lists the tabs show are all the module's lists (so the checks below cover every one)."""
    assert len(ID_LISTS) == 14
    on_tabs = {id(ids) for lists in TAB_LISTS.values() for ids in lists} | {id(sg.WHY_SURGERY_IDS)}
    assert {name for name, ids in ID_LISTS.items() if id(ids) not in on_tabs} == set()


@pytest.mark.parametrize("name", sorted(ID_LISTS))
def test_a_list_names_catalog_records_once_each(name: str) -> None:
    ids = ID_LISTS[name]
    assert ids, f"{name} is empty"
    catalog = get_catalog()
    for evidence_id in ids:
        catalog.get(evidence_id)  # KeyError names an unknown id
    assert [i for i in ids if ids.count(i) > 1] == [], f"{name} lists a record twice"


@pytest.mark.parametrize("name", sorted(SINGLE_IDS))
def test_a_quoted_record_is_in_the_catalog(name: str) -> None:
    get_catalog().get(SINGLE_IDS[name])


@pytest.mark.parametrize("tab", sorted(TAB_LISTS))
def test_no_tab_shows_a_record_twice(tab: str) -> None:
    shown = [i for ids in (sg.WHY_SURGERY_IDS, *TAB_LISTS[tab]) for i in ids]
    assert [i for i in shown if shown.count(i) > 1] == []


def test_the_page_script_names_no_record() -> None:
    """Record ids live in the feature module: a string of the page that is a record id is one written back."""
    ids = get_catalog().evidence_by_id.keys()
    strings = [n.value for n in ast.walk(ast.parse(PAGE.read_text())) if isinstance(n, ast.Constant)]
    assert [s for s in strings if isinstance(s, str) and s in ids] == []
    assert "sg.TIMING_IDS" in PAGE.read_text()  # the check reads the page that loops over the lists
