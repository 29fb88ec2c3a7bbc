"""The navigation's pages are never shared between runs (Streamlit marks the page it runs on the object)."""

from __future__ import annotations

import ui
from crlm_content import site


def test_every_call_makes_its_own_page_objects() -> None:
    first, second = ui.navigation_pages(), ui.navigation_pages()
    assert list(first) == list(site.sections())
    for section, pages in first.items():
        assert len(pages) == len(site.sections()[section])
        assert all(a is not b for a, b in zip(pages, second[section], strict=True))
