"""AppTest of the Sources page: search, filters, URL state and its validation."""

from __future__ import annotations

import crlm_content
from crlm_content.search import EvidenceFilter, filter_evidence

from .helpers import run_page


def shown_count(at) -> int:  # type: ignore[no-untyped-def]
    for block in at.markdown:
        if block.value.startswith("**") and " records shown." in block.value:
            return int(block.value.split("**")[1])
    raise AssertionError("record count not shown")


def test_all_records_listed_by_default() -> None:
    at = run_page("app_pages/sources.py")
    assert shown_count(at) == len(crlm_content.evidence())
    assert not at.warning


def test_search_narrows_and_goes_into_the_url() -> None:
    at = run_page("app_pages/sources.py")
    at.text_input(key="sources__q").input("bevacizumab").run()
    wanted = filter_evidence(crlm_content.get_catalog(), EvidenceFilter(text="bevacizumab"))
    assert 0 < len(wanted) < len(crlm_content.evidence())
    assert shown_count(at) == len(wanted)
    assert at.query_params["q"] == "bevacizumab"


def test_url_filters_are_applied() -> None:
    at = run_page("app_pages/sources.py", {"section": "dlm"})
    expected = sum(1 for r in crlm_content.evidence() if r.section == "dlm")
    assert shown_count(at) == expected
    assert at.multiselect(key="sources__section").value == ["dlm"]


def test_malformed_url_parameters_are_ignored_with_a_notice() -> None:
    at = run_page("app_pages/sources.py", {"section": "nonsense", "ref": "abc", "zzz": "1"})
    assert shown_count(at) == len(crlm_content.evidence())
    notice = at.warning[0].value
    assert "section" in notice and "ref" in notice and "zzz" in notice


def test_no_match_gives_a_message() -> None:
    at = run_page("app_pages/sources.py", {"q": "qwertyuiop"})
    assert shown_count(at) == 0
    assert "No record matches" in at.info[0].value


def test_notes_and_references_tabs() -> None:
    """Each tab is built only when open, from the link's ``tab``; the search stays in the link meanwhile."""
    from crlm_content import get_catalog
    from crlm_content.search import cited_by

    catalog = get_catalog()
    at = run_page("app_pages/sources.py", {"tab": "Notes on the source", "q": "PROMETEO"})
    labels = [e.label for e in at.expander]
    assert [f"Caveat {c.number}: {c.title}" for c in catalog.caveats] == labels
    assert not at.dataframe  # the evidence table's tab is closed
    assert at.query_params["q"] == "PROMETEO"
    at = run_page("app_pages/sources.py", {"tab": "References"})
    references = at.dataframe[0].value
    assert sorted(references["number"]) == sorted(cited_by(catalog))
