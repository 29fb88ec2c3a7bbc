"""The frame's CSS (crlm_app.frame.FRAME_CSS): sent once by every page's run, the same static text whatever
the link carries. It hides the phone's folded menu from the keyboard while it is closed and draws the focus
ring of page links (browser tests: tests/e2e/test_browser.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crlm_app.frame import FRAME_CSS
from crlm_content import palette, site

from .helpers import run_page


def frame_css_sent(at: AppTest) -> int:
    return sum(1 for element in at.get("html") if element.proto.body == FRAME_CSS)


def test_the_css_hides_the_folded_menu_and_rings_focused_links_in_the_palettes_blue() -> None:
    assert '[data-testid="stSidebar"][data-collapsed="true"]' in FRAME_CSS
    assert "visibility: hidden" in FRAME_CSS
    assert f"outline: 2px solid {palette.BLUE}" in FRAME_CSS and ":focus-visible" in FRAME_CSS


@pytest.mark.parametrize("page", site.PAGES, ids=lambda p: p.url_path)
def test_every_page_sends_the_frame_css_once_a_run(page: site.PageSpec) -> None:
    hostile = {"q": "</style><script>alert(1)</script>", "present": "0"}
    at = run_page(page.path, hostile)
    assert frame_css_sent(at) == 1, page.url_path
    at.run()
    assert frame_css_sent(at) == 1, page.url_path
    assert not any("alert(1)" in element.proto.body for element in at.get("html"))


def test_presenter_mode_sends_it_too() -> None:
    at = run_page("app_pages/home.py", {"present": "1"})
    assert frame_css_sent(at) == 1
