"""The Regimens page's evidence lists live in ``crlm_content.regimens``, one per topic: every id names a
record of the catalog, no list or tab shows a record twice, and the page script itself names no record."""

from __future__ import annotations

import ast

import pytest

from crlm_content import regimens as rg
from crlm_content.catalog import get_catalog

from ..conftest import ROOT

PAGE = ROOT / "app_pages" / "regimens.py"
LIVER_INJURY_IDS = tuple(injury.evidence_id for injury in rg.LIVER_INJURY)
# The lists each tab shows, in its order (the matrix cell's own evidence, the walkthrough's, sits in an
# expander of its own); the debate list sits above the tabs, so every view shows it.
TAB_LISTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Backbone regimens": (rg.BACKBONE_IDS, rg.TRIPLET_IDS),
    "Biologics by tumour and setting": (
        rg.ANTI_EGFR_IDS,
        rg.ANTI_EGFR_MORE_IDS,
        rg.BEVACIZUMAB_IDS,
        rg.BEVACIZUMAB_MORE_IDS,
        rg.BEVACIZUMAB_STOP_IDS,
        rg.IMMUNOTHERAPY_IDS,
    ),
    "Liver injury": (LIVER_INJURY_IDS, rg.REMNANT_IDS, rg.LONGER_COURSE_IDS, rg.COMPLICATIONS_DEBATE_IDS),
    "Molecular markers": (rg.MARKER_RECORDS, rg.MARKER_SCORE_IDS),
}
ID_LISTS = {name: getattr(rg, name) for name in dir(rg) if name.endswith("_IDS")}
SINGLE_IDS = {name: getattr(rg, name) for name in dir(rg) if name.endswith("_ID")}


def test_every_list_is_on_a_tab() -> None:
    """The lists the tabs show are all the module's lists (so the checks below cover every one)."""
    assert len(ID_LISTS) == 13
    on_tabs = {id(ids) for lists in TAB_LISTS.values() for ids in lists} | {id(rg.NCT_DEBATE_IDS)}
    assert {name for name, ids in ID_LISTS.items() if id(ids) not in on_tabs} == set()


@pytest.mark.parametrize("name", [*sorted(ID_LISTS), "MARKER_RECORDS", "BACKBONES_EVIDENCE"])
def test_a_list_names_catalog_records_once_each(name: str) -> None:
    ids = getattr(rg, name)
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
    shown = [i for ids in (rg.NCT_DEBATE_IDS, *TAB_LISTS[tab]) for i in ids]
    assert [i for i in shown if shown.count(i) > 1] == []


def test_the_silent_topics_are_the_reviews_gaps() -> None:
    """Each line under the matrix names a topic and says what the review leaves out."""
    assert len(rg.REVIEW_SILENT) == 4
    for topic, text in rg.REVIEW_SILENT:
        assert topic and text.endswith(".")
        assert "the review" in text


def test_the_page_script_names_no_record() -> None:
    """Record ids live in the feature module: a string of the page that is a record id is one written back."""
    ids = get_catalog().evidence_by_id.keys()
    strings = [n.value for n in ast.walk(ast.parse(PAGE.read_text())) if isinstance(n, ast.Constant)]
    assert [s for s in strings if isinstance(s, str) and s in ids] == []
    assert "rg.BACKBONE_IDS" in PAGE.read_text()  # the check reads the page that loops over the lists
