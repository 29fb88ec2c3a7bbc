"""Real Chromium against a freshly started server: deep links, every page, console, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest

import crlm_content
from crlm_content import site
from devtools.browser import through_the_menu, wait_for_app
from devtools.server import Server, start_server, stop_server

pytestmark = pytest.mark.e2e


def test_deep_link_on_fresh_server_renders_shared_frame(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Runs first: the first visitor of a fresh server opens a sub-page URL directly."""
    result = visit(f"{server.url}/sources?section=dlm")
    page = result.page
    assert page.get_by_role("heading", name="Sources and evidence").is_visible()
    nav = page.locator("[data-testid='stTopNav']")
    for section in site.sections():
        assert nav.get_by_text(section, exact=True).is_visible()
    assert page.get_by_text(crlm_content.DISCLAIMER).first.is_visible()
    assert "section=dlm" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("spec", site.PAGES, ids=lambda p: p.url_path)
def test_page_loads_clean(server: Server, visit, spec: site.PageSpec) -> None:  # type: ignore[no-untyped-def]
    url = server.url + ("/" if spec.default else f"/{spec.url_path}")
    result = visit(url)
    page = result.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name=spec.title if not spec.default else None).first.is_visible()
    assert page.get_by_text(crlm_content.DISCLAIMER).first.is_visible()
    assert result.console_errors == []
    assert result.page_errors == []


def test_the_home_page_answers_at_its_own_name_too(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Streamlit serves the default page at / and used to answer a typed /home with "Page not found"; then
    with the page at /home, where the menu marked no page as open. Now the address becomes /, with the
    view's parameters (presenter mode here)."""
    (home,) = [spec for spec in site.PAGES if spec.default]
    result = visit(f"{server.url}/{home.url_path}?present=1")
    page = result.page
    title = "Colorectal liver metastases and neoadjuvant chemotherapy"  # app_pages/home.py
    assert page.get_by_role("heading", name=title).first.is_visible()
    page.wait_for_url(f"{server.url}/?present=1")
    assert page.get_by_role("button", name="Leave presenter mode").is_visible()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[role='dialog']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    assert result.console_errors == [] and result.page_errors == []


PHONE = {"width": 390, "height": 844}
# At 390 px (a phone; 1280 px at 200% zoom) Streamlit folds the menu into a collapsed sidebar, and axe found
# its list broken there. The frame is the same on every page, so the phone width runs on a set that covers
# each kind of page (a table's phone form, a chart, a form, tabs, the room's page) and keeps the test's time.
PHONE_AXE_PAGES = ("home", "sources", "imaging", "liver_remnant", "surgery", "vote")
AXE_RUNS = [(spec, None) for spec in site.PAGES] + [
    (spec, PHONE) for spec in site.PAGES if spec.url_path in PHONE_AXE_PAGES
]


def page_url(server: Server, spec: site.PageSpec) -> str:
    return server.url + ("/" if spec.default else f"/{spec.url_path}")


@pytest.mark.parametrize(
    ("spec", "viewport"),
    AXE_RUNS,
    ids=[spec.url_path + ("-390px" if viewport else "") for spec, viewport in AXE_RUNS],
)
def test_no_serious_accessibility_violations(server: Server, visit, spec: site.PageSpec, viewport) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page = visit(page_url(server, spec), viewport=viewport).page
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}: " + " | ".join(n["html"][:160] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


# Views whose headings must go down one level at a time (axe's heading-order): the first sections under a
# page's h1 are h2. (Extend it as pages are fixed; the room's stage title is checked in test_rounds.)
HEADING_ORDER_VIEWS = (
    "",
    "cases",
    "trials",
    "surgery",
    "surgery?tab=Alternatives",
    "prognostic_scores",
    "prognostic_scores?tab=Published+outcomes",
    "liver_remnant",
    "sources",
    "rounds",
    "vote",
    "guidelines",
    "guidelines?view=topic",
    "guidelines?view=timeline",
    "response_assessment",
    "response_assessment?tab=CT+morphologic+response",
    "treatment_timing",
    "walkthrough",
    "walkthrough?tab=Guideline+lens",
)


def heading_order_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["heading-order"], "resultTypes": ["violations"]})
    return [n["html"][:120] for v in results.response["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("view", HEADING_ORDER_VIEWS, ids=lambda v: v or "home")
def test_headings_go_down_one_level_at_a_time(server: Server, visit, view: str) -> None:  # type: ignore[no-untyped-def]
    """A page's first sections were h3 (st.subheader) straight under its h1: a screen reader's list of
    headings skipped a level."""
    page = visit(f"{server.url}/{view}").page
    assert page.locator("h1").count() == 1
    assert heading_order_violations(page) == []


FOCUSED_JS = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  return {name: (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40),
          testid: e.getAttribute('data-testid'), left: r.left, right: r.right, top: r.top, width: r.width,
          visible: e.checkVisibility({visibilityProperty: true})};
}"""


def test_on_a_phone_the_tab_key_stops_only_on_what_is_on_screen(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """At 390 px the menu's collapsed sidebar was off screen but live: Tab walked 19 unseen links after "Skip
    to main content". Now the first stops are the menu button and what is on the page; the menu button still
    opens the sidebar, whose links are then on screen and reached by the keyboard."""
    page = visit(f"{server.url}/", viewport=PHONE).page
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_JS)["testid"] == "stSkipToContent"
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED_JS))
    hidden = [s for s in stops if not s["visible"] or s["right"] <= 0 or s["left"] >= PHONE["width"]]
    assert hidden == [], hidden
    assert stops[0]["testid"] == "stExpandSidebarButton", stops[0]
    page.get_by_test_id("stExpandSidebarButton").focus()
    page.keyboard.press("Enter")
    sidebar = page.locator("[data-testid='stSidebar']")
    page.wait_for_function(  # open, and slid in
        "() => { const bar = document.querySelector(\"[data-testid='stSidebar']\");"
        " return bar.dataset.collapsed === 'false' && bar.getBoundingClientRect().left >= 0; }"
    )
    link = sidebar.get_by_role("link", name="Glossary")
    link.wait_for()
    assert link.is_visible()
    for _ in range(25):  # Streamlit moves the focus to the page on opening; the links come before it
        page.keyboard.press("Shift+Tab")
        if page.evaluate(FOCUSED_JS)["name"].endswith("Glossary"):
            break
    focused = page.evaluate(FOCUSED_JS)
    assert focused["testid"] == "stSidebarNavLink" and focused["visible"] and focused["left"] >= 0, focused


def test_page_links_show_where_the_keyboard_is(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Home's page links drew no focus ring (outline: none): a keyboard user could not see which was
    focused. Now an outline in the palette's blue."""
    from crlm_content import palette

    page = visit(f"{server.url}/").page
    link = page.get_by_role("link", name="Start the walkthrough")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by the keyboard: :focus-visible
    style = link.evaluate(
        "(e) => { const s = getComputedStyle(e); return [document.activeElement === e, s.outlineStyle,"
        " parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    red, green, blue = (int(palette.BLUE[i : i + 2], 16) for i in (1, 3, 5))
    assert style == [True, "solid", 2, f"rgb({red}, {green}, {blue})"]


def test_a_grid_row_opens_by_the_keys_the_caption_names(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """In the evidence grid Space and Enter do nothing on a row; Shift+Space selects it. The caption under
    the grid says so, and the keys it names open the record."""
    page = visit(f"{server.url}/sources?q=PROMETEO").page
    hint = page.get_by_text("Select a row to see the record in full", exact=False)
    assert "Shift+Space" in hint.inner_text()
    page.get_by_role("textbox", name="Search the evidence").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.testid") == "data-grid-canvas":
            break
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Space")
    page.wait_for_url("**record=**")
    wait_for_app(page)
    assert page.get_by_role("button", name="Close this record").is_visible()


def test_broken_data_file_shows_precise_message(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    data_copy: Path,
    visit,
) -> None:
    bad = data_copy / "caveats.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("[dlm-incidence]", "[dlm-missing]"), encoding="utf-8"
    )
    server = start_server("broken-data", env={"CRLM_DATA_DIR": str(data_copy)}, log_dir=tmp_path)
    try:
        page = visit(f"{server.url}/sources").page
        assert page.get_by_role("heading", name="The content could not be loaded").is_visible()
        assert page.get_by_text(
            "data/caveats.yaml: record '13': field 'evidence_ids': unknown evidence id 'dlm-missing'"
        ).is_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        assert "Traceback" not in page.content()
    finally:
        stop_server(server)


def test_sources_search_in_the_browser(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/sources").page
    box = page.get_by_role("textbox", name="Search the evidence")
    box.fill("PROMETEO")
    box.press("Enter")
    page.wait_for_url("**q=PROMETEO**")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_share_panel_link_and_qr_reopen_the_view(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/sources?q=PROMETEO").page
    page.get_by_role("button", name="Share or present this view").click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']").first
    code.wait_for()
    assert code.inner_text().strip() == f"{server.url}/sources?q=PROMETEO"
    assert (
        page.get_by_role("img", name="Scan to open this view")
        .or_(page.locator("[data-testid='stPopoverBody'] img"))
        .first.is_visible()
    )
    # The QR downloads are made when clicked (deferred) and hold the view's link as the pure builder codes it.
    from crlm_content import share

    link = f"{server.url}/sources?q=PROMETEO"
    for name, expected in (
        ("QR code (PNG)", share.qr_png(link, scale=share.QR_DOWNLOAD_SCALE)),
        ("QR code (SVG)", share.qr_svg(link)),
    ):
        with page.expect_download() as download:
            page.get_by_role("button", name=name).click()
        assert Path(download.value.path()).read_bytes() == expected, name


@pytest.mark.parametrize("spec", site.PAGES, ids=lambda p: p.url_path)
def test_url_text_is_never_rendered_as_html(server: Server, visit, spec: site.PageSpec) -> None:  # type: ignore[no-untyped-def]
    """Hostile query parameters show up, if at all, as text in the ignored-settings notice: no HTML, no
    markdown link, and no address that the markdown's autolinker turns into a live link (it did, escaped or
    not: http://, www. and e-mail addresses in a notice were clickable)."""
    from urllib.parse import quote

    payload = quote('<img src=x onerror="window.__xss=1">**bold**[link](javascript:alert(1))')
    # Short enough to be quoted whole: an unknown setting's name is shown in the notice.
    addresses = "&".join(
        f"{quote(name)}=1" for name in ("http://evil.example", "www.evil.example", "me@evil.example")
    )
    base = server.url + ("/" if spec.default else f"/{spec.url_path}")
    result = visit(f"{base}?q={payload}&zzz{payload}=1&section={payload}&{addresses}")
    page = result.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate("() => window.__xss === undefined")
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0


def test_home_table_one_row_opens_its_evidence(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Cards are built only when the evidence is opened; opening it shows the cited records."""
    page = visit(f"{server.url}/").page
    assert page.get_by_role(
        "cell", name="1. Conversion of unresectable disease to resectability"
    ).is_visible()
    statement = "Between 12% and 35% of patients with unresectable CRLM respond well enough"
    assert page.get_by_text(statement).count() == 0  # (the record id is in the citation's hover help)
    page.get_by_text("The evidence behind each item of Table 1").click()
    card = page.get_by_text(statement)
    card.wait_for()
    assert card.is_visible()
    assert page.get_by_text("12-35%").first.is_visible()


def test_sources_csv_is_made_when_clicked_and_holds_what_is_shown(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The CSV is made on click (a deferred download), not on every rerun, and holds the filtered records."""
    import csv
    import io

    from crlm_content import get_catalog
    from crlm_content.search import EvidenceFilter, filter_evidence

    expected = filter_evidence(get_catalog(), EvidenceFilter(text="PROMETEO"))
    assert expected, "the search term must match some records for this test to mean anything"
    page = visit(f"{server.url}/sources?q=PROMETEO").page
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these records (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == [record.id for record in expected]
    assert all(row["statement"] for row in rows)


def test_the_share_link_carries_only_the_pages_settings(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """A link with parameters the page does not know: a notice names them, the URL and the share link
    (and its QR code) drop them, the page's own settings stay."""
    page = visit(f"{server.url}/liver_remnant?flr=33&token=SECRET123&next=javascript:alert(1)").page
    notice = page.locator("[data-testid='stAlert']").filter(has_text="not understood").inner_text()
    assert "'token' ignored" in notice and "SECRET123" not in notice
    assert "token" not in page.url and "flr=33" in page.url
    page.get_by_role("button", name="Share or present this view").click()
    link = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']").inner_text(timeout=10_000)
    assert "flr=33" in link and "SECRET123" not in link and "javascript" not in link


def test_the_first_edit_after_a_server_restart_is_kept(tmp_path: Path, visit) -> None:  # type: ignore[no-untyped-def]
    """The browser reconnects to a restarted server with a new session; the value it sends with the first run
    wins over the link's (it used to snap back to the link's value)."""
    first = start_server("restart-first", log_dir=tmp_path)
    port = first.port
    page = visit(f"{first.url}/liver_remnant?flr=41").page
    box = page.locator(".st-key-liver_remnant__flr input")
    assert box.input_value() == "41"  # shown as held (%g), not rounded to 2 places
    stop_server(first)
    second = start_server("restart-second", port=port, log_dir=tmp_path)
    try:
        page.wait_for_timeout(3000)  # the browser notices and reconnects on its own
        box.fill("33")
        box.press("Enter")
        page.wait_for_function("() => location.search.includes('flr=33')", timeout=20_000)
        wait_for_app(page)
        page.wait_for_timeout(1000)
        assert box.input_value() == "33"
        assert "flr=33" in page.url
        # and it stays this session's: to another page by the menu and back (it reset to the default)
        through_the_menu(page, "Tools", "CEA monitor", "Liver remnant planner")
        box.wait_for(timeout=10_000)
        assert box.input_value() == "33", page.url
    finally:
        stop_server(second)


def test_the_share_panel_and_its_full_screen_qr_pass_axe(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The share panel's QR image had no text alternative (axe image-alt, critical), nor had the full-screen
    QR; the page axe run had the panel closed."""
    from axe_playwright_python.sync_playwright import Axe

    page = visit(f"{server.url}/liver_remnant").page
    page.get_by_role("button", name="Share or present this view").click()
    page.get_by_test_id("stPopoverBody").get_by_role("img").first.wait_for(timeout=10_000)
    assert page.get_by_role("img", name="QR code of this view's link").count() == 1
    results = Axe().run(page, options={"runOnly": ["image-alt"], "resultTypes": ["violations"]})
    assert [n["html"][:120] for v in results.response["violations"] for n in v["nodes"]] == []


def test_a_focused_radio_option_has_the_palette_s_focus_ring(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Streamlit marks a focused radio option with a beige tint (about 1.2:1 on white), under WCAG 1.4.11's
    3:1: the frame draws the palette's blue ring the page links have."""
    from crlm_content import palette

    page = visit(f"{server.url}/cea_monitor").page
    page.keyboard.press("Tab")  # a keyboard user: focus shows (focus-visible)
    page.locator("[data-testid=stRadioOption] input").first.focus()
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement.closest('[data-testid=stRadioOption]'));"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    red, green, blue = (int(palette.BLUE[i : i + 2], 16) for i in (1, 3, 5))
    assert style == ["solid", "2px", f"rgb({red}, {green}, {blue})"], style
