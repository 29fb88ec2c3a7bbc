"""Every Evidence record is taught on at least one topic page (issue 20, item 5): not only found by searching
Sources (Sources and Glossary do not count).

The walk renders every registered page in every view (each tab, the guideline views) with every lazy expander
open, and collects the records whose cards it drew (``devtools.walker``). ``crlm_content.shown_on`` declares
which pages show each record (the cards' "Also on" links and ``python -m crlm_content.coverage`` read it);
this test checks the declaration against what the pages render: a page is never declared for a record it
does not show, and every record is declared somewhere. It only reads: after changing what a page shows,
regenerate the declaration with

    .venv/bin/python -m devtools.build_shown_on

A record that no page renders (a new one, before its id is in a page's list or a feature's id tuple) is
named with that missing step instead: regenerating cannot put it on a page (docs/CONTENT_MODEL.md, "Adding
a record").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

import pytest

from crlm_content import coverage, shown_on, site
from crlm_content.catalog import get_catalog
from devtools import build_shown_on, walker

STALE = f"crlm_content/shown_on.py is stale: regenerate it with `{build_shown_on.COMMAND}`"


def shown_nowhere(everything: Iterable[str], rendered: Mapping[str, Set[str]]) -> str:
    """The message for the records no topic page renders ("" when there are none). Regenerating
    ``shown_on.py`` cannot help them: a new record must first be shown on a page."""
    reached = set().union(*rendered.values())
    return "\n".join(
        f"record {record_id} is shown on no page: add its id to a page (a list in app_pages/) or a "
        f"feature's id list (e.g. crlm_content/dlm.py REPORTED_IDS), then regenerate shown_on with "
        f"`{build_shown_on.COMMAND}`"
        for record_id in sorted(set(everything) - reached)
    )


@pytest.fixture(scope="module")
def rendered() -> dict[str, set[str]]:
    """url_path -> the records its views render (topic pages only)."""
    return build_shown_on.rendered()


def test_the_walk_finds_cards(rendered: dict[str, set[str]]) -> None:
    # Guards the walk itself: a citation line the walker no longer reads would make every page look empty.
    assert len(rendered["surgery"]) > 20 and len(rendered["regimens"]) > 30
    assert "margins-meta-analysis-wide-margin" in rendered["surgery"]  # inside a tab, not the first one
    assert "biologics-charta" in rendered["regimens"]  # inside a lazy expander of a later tab


def test_every_record_is_shown_on_a_topic_page(rendered: dict[str, set[str]]) -> None:
    everything = [record.id for record in get_catalog().evidence]
    assert shown_nowhere(everything, rendered) == ""


def test_the_declared_pages_show_their_records(rendered: dict[str, set[str]]) -> None:
    """Each page's declared records are exactly the ones it shows: no card links to a page that does not
    show its record, no page shows a record its cards' "Also on" links leave out, and no record is declared
    nowhere. The file is exactly what the generator writes from this walk."""
    declared = shown_on.PAGE_RECORDS
    assert set(declared) <= {page.url_path for page in walker.TOPIC_PAGES}, STALE
    wrong = {page: sorted(set(ids) - rendered.get(page, set())) for page, ids in declared.items()}
    assert {page: ids for page, ids in wrong.items() if ids} == {}, STALE
    missing = {page: sorted(ids - set(declared.get(page, ()))) for page, ids in rendered.items()}
    assert {page: ids for page, ids in missing.items() if ids} == {}, STALE
    unreached = coverage.unreached(get_catalog())
    assert shown_nowhere(unreached, rendered) == ""  # not stale: no page shows them, regenerating cannot help
    assert unreached == (), STALE
    text = build_shown_on.SHOWN_ON.read_text(encoding="utf-8")
    assert build_shown_on.shown_on_module(text, rendered) == text, STALE


def test_a_record_shown_on_no_page_is_named_with_its_real_fix() -> None:
    """A new record no page shows gets the step that is missing, not "regenerate" (which changes nothing)."""
    rendered = {"dlm": {"dlm-incidence"}, "surgery": {"margins-submillimetre"}}
    message = shown_nowhere(["dlm-incidence", "dlm-maint-dummy", "margins-submillimetre"], rendered)
    assert message.startswith("record dlm-maint-dummy is shown on no page: add its id to a page")
    assert "feature's id list" in message and message.count("\n") == 0
    assert shown_nowhere(["dlm-incidence", "margins-submillimetre"], rendered) == ""


def test_sources_and_glossary_are_not_topic_pages() -> None:
    assert {p.url_path for p in site.PAGES} - {p.url_path for p in walker.TOPIC_PAGES} == {
        "sources",
        "glossary",
    }
