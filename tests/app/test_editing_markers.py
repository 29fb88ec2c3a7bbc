"""No page shows an editing marker such as "[check]" or "[check citation]" (issue 23, item 13), in any tab."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from crlm_content import site

from .helpers import run_page
from .walker import tabs

# "[check]", "[check citation]", "[verify]", "TODO", "FIXME", "XXX", also when markdown-escaped ("\[check\]")
MARKER = re.compile(r"\\*\[\s*(?:check|verify|todo|tbd)\b|\bTODO\b|\bFIXME\b|\bXXX\b", re.IGNORECASE)


CASES = [(page.path, tab) for page in site.PAGES for tab in (tabs(page.path) or (None,))]


def _walk(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def page_text(at: AppTest) -> str:
    """Every element's protobuf as text: markdown, captions, labels, help, alerts and table cells."""
    return "\n".join(str(proto) for node in _walk(at._tree) if (proto := getattr(node, "proto", None)))


@pytest.mark.parametrize(("path", "tab"), CASES, ids=[f"{p.split('/')[-1][:-3]}-{t}" for p, t in CASES])
def test_no_page_shows_an_editing_marker(path: str, tab: str | None) -> None:
    at = run_page(path, {"tab": tab} if tab else None)
    text = page_text(at)
    assert at.title[0].value in text  # the walk reads the page's elements: an empty text would prove nothing
    if tab:  # the link opened this tab (a renamed one would leave the first open and go unread)
        assert tab in [value for key, value in at.session_state.items() if key.endswith("__tab")]
    assert MARKER.findall(text) == []


def test_the_marker_pattern_catches_escaped_markers() -> None:
    assert MARKER.search("Sasaki K 2018 \\\\[check citation\\\\]")
    assert MARKER.search("[check] read from a summary")
    assert not MARKER.search("checkpoint inhibitor; check the unit")
