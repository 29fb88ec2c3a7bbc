"""The Regimens page's evidence lists live in ``crlm_content.regimens``, one per topic, and no tab shows a
record twice. That every ``*_IDS`` and ``*_ID`` is in the catalog, none repeats within a list and the page
script names no record is checked for every feature module and page in ``test_page_evidence_ids``; this
module adds the lists named otherwise (``MARKER_RECORDS``, ``BACKBONES_EVIDENCE``, the liver injuries'
records)."""

from __future__ import annotations

import pytest

from crlm_content import regimens as rg

from .test_page_evidence_ids import check_list, id_lists, repeated

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
ID_LISTS = id_lists(rg)


def test_every_list_is_on_a_tab() -> None:
    """The lists the tabs show are all the module's lists (so the checks below cover every one)."""
    assert len(ID_LISTS) == 13
    on_tabs = {id(ids) for lists in TAB_LISTS.values() for ids in lists} | {id(rg.NCT_DEBATE_IDS)}
    assert {name for name, ids in ID_LISTS.items() if id(ids) not in on_tabs} == set()


@pytest.mark.parametrize("name", ["MARKER_RECORDS", "BACKBONES_EVIDENCE", "LIVER_INJURY_IDS"])
def test_a_list_named_otherwise_names_catalog_records_once_each(name: str) -> None:
    check_list(name, LIVER_INJURY_IDS if name == "LIVER_INJURY_IDS" else getattr(rg, name))


@pytest.mark.parametrize("tab", sorted(TAB_LISTS))
def test_no_tab_shows_a_record_twice(tab: str) -> None:
    assert repeated([i for ids in (rg.NCT_DEBATE_IDS, *TAB_LISTS[tab]) for i in ids]) == []


def test_the_silent_topics_are_the_reviews_gaps() -> None:
    """Each line under the matrix names a topic and says what the review leaves out."""
    assert len(rg.REVIEW_SILENT) == 4
    for topic, text in rg.REVIEW_SILENT:
        assert topic and text.endswith(".")
        assert "the review" in text
