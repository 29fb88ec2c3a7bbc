"""On a phone (390 px): every page fits the screen's width, and every word of every chart is on screen.

Plotly does not wrap or move text to fit: at a phone's width a label beside a bar, a value label clipped to
the plot area or a point's label at the plot's edge is simply cut off (the FLR verdict, the guideline
timeline's 2020 labels and the CEA chart's first and last labels were, before their charts were changed).
"""

from __future__ import annotations

from typing import Any

import pytest

from crlm_content import site
from devtools.browser import wait_for_app
from devtools.server import Server

PHONE = {"width": 390, "height": 900}
SMALL_PHONE = {"width": 360, "height": 740}  # a common Android width: four columns of scores ran past it
# WCAG's reflow width (1280 px at 400% zoom): the imaging chart's heading lost its citation there, and the
# RECIST chart's source note ran off the screen.
NARROWEST = {"width": 320, "height": 700}

# Every view that shows a chart, with the number of charts it shows.
CHART_VIEWS = (
    ("imaging", 2),
    ("imaging?view=chemo", 2),
    ("liver_remnant", 1),
    ("liver_remnant?flr=30&liver=chemotherapy_or_steatosis", 1),  # the longest verdict
    ("liver_remnant?flr=95&liver=cirrhosis", 1),  # the value inside the bar
    # exactly on the > 30% from a volume: the verdict's first line once wrapped and left "with '>'," alone
    ("liver_remnant?flr_from=volume&flr_ml=446.0082&bsa=1.8&liver=chemotherapy_or_steatosis", 1),
    ("imaging?n=50&example=intraop-ce-ious", 2),  # 0.5 expected missed: the counts given unrounded
    ("response_assessment", 1),
    ("cea_monitor", 1),
    ("cea_monitor?time=date", 1),
    ("treatment_timing", 1),
    ("guidelines?view=timeline", 1),
    ("dlm_explorer?tab=Leaving+DLM+in+place", 1),
    ("prognostic_scores?tab=Published+outcomes", 1),
)

# [chart, text, px cut] for each visible text that reaches past the chart's SVG, or past the clip path it is
# drawn in (a bar's value label is clipped to the plot area).
CUT_TEXTS_JS = """
() => {
  // Every visible text of every chart, as [chart, text, px cut]: a text that reaches past the chart's SVG, or
  // past the clip path it is drawn in (a bar's value label is clipped to the plot area), is cut on screen.
  const cut = [];
  const clipBox = (text, svg) => {
    for (let el = text.parentElement; el && el !== svg; el = el.parentElement) {
      const ref = el.getAttribute('clip-path');
      const id = ref && ref.match(/#([^)"']+)/);
      const rect = id && document.getElementById(id[1])?.querySelector('rect');
      if (!rect) continue;
      const m = el.getScreenCTM();
      const x = +rect.getAttribute('x') || 0, y = +rect.getAttribute('y') || 0;
      const a = new DOMPoint(x, y).matrixTransform(m);
      const w = +rect.getAttribute('width'), h = +rect.getAttribute('height');
      const b = new DOMPoint(x + w, y + h).matrixTransform(m);
      return {
        left: Math.min(a.x, b.x), right: Math.max(a.x, b.x),
        top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y),
      };
    }
    return null;
  };
  document.querySelectorAll("[data-testid='stPlotlyChart']").forEach((chart, i) => {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) { cut.push([i, 'not drawn', 0]); return; }
    chart.querySelectorAll('svg text').forEach((text) => {
      const r = text.getBoundingClientRect();
      if (r.width === 0 || !text.textContent.trim()) return;
      const screen = {left: 0, right: document.documentElement.clientWidth, top: -Infinity, bottom: Infinity};
      for (const box of [svg.getBoundingClientRect(), clipBox(text, svg), screen]) {
        if (!box) continue;
        const over = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
        if (over > 1) { cut.push([i, text.textContent.slice(0, 60), Math.round(over)]); break; }
      }
    });
  });
  return cut;
}
"""


def _chart_view_params() -> list[Any]:
    params = []
    for viewport, width in ((PHONE, "390px"), (SMALL_PHONE, "360px"), (NARROWEST, "320px")):
        for path, charts in CHART_VIEWS:
            params.append(pytest.param(path, charts, viewport, id=f"{path}-{width}"))
    return params


@pytest.mark.parametrize(("path", "charts", "viewport"), _chart_view_params())
def test_every_chart_label_is_whole_on_a_phone(
    server: Server, visit: Any, path: str, charts: int, viewport: dict[str, int]
) -> None:
    # at 360 px the titles wrapped at 40 characters lost their last word ("... 1 missed", "... Fong score")
    result = visit(f"{server.url}/{path}", viewport=viewport)
    page = result.page
    page.wait_for_function(
        f"() => document.querySelectorAll(\"[data-testid='stPlotlyChart'] svg.main-svg text\").length > 0"
        f" && document.querySelectorAll(\"[data-testid='stPlotlyChart']\").length === {charts}",
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    assert page.get_by_text("were not understood and were ignored").count() == 0  # the view asked for
    assert page.evaluate(CUT_TEXTS_JS) == []
    assert result.console_errors == []


# Elements of the main area that reach past the screen's right edge, as [tag, text, px], except inside what
# scrolls sideways by design (data grids, the tab bar, a multiselect's chips, code) and charts (above).
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollers = "[data-testid='stDataFrame'], [data-testid='stTable'], "
    + "[data-testid='stTabs'] [role='tablist'], [data-testid='stMultiSelect'], pre, code, "
    + "[data-testid='stPlotlyChart']";
  const out = [];
  document.querySelectorAll("[data-testid='stMain'] *").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && !el.closest(scrollers))
      out.push([el.tagName, (el.textContent || "").slice(0, 40), Math.round(r.right - width)]);
  });
  return out.slice(0, 5);
}
"""


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390px", "360px"])
@pytest.mark.parametrize("spec", site.PAGES, ids=[spec.url_path or "home" for spec in site.PAGES])
def test_every_page_fits_a_phone_screen(server: Server, visit, spec: site.PageSpec, viewport) -> None:  # type: ignore[no-untyped-def]
    # e.g. the score breakdown's six columns pushed "Points" off the screen, where nothing scrolls to it
    page = visit(f"{server.url}/{spec.url_path}", viewport=viewport).page
    assert page.evaluate(OVERFLOW_JS) == []


def test_the_score_breakdown_fits_a_small_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """With the items scoring (more rows and longer values), the Fong table's 'Points' ran 45 px past a
    360 px screen, where nothing scrolls to it."""
    query = "dfi=6&tumours=3&largest=6&cea=250&node=true"
    page = visit(f"{server.url}/prognostic_scores?{query}", viewport=SMALL_PHONE).page
    assert page.evaluate(OVERFLOW_JS) == []


# Visible data grids that hide columns past their right edge (a grid scrolls sideways, which a phone's reader
# does not discover), as [grid, px hidden].
HIDDEN_COLUMNS_JS = """
() => [...document.querySelectorAll("[data-testid='stDataFrame']")]
  .filter((grid) => grid.getBoundingClientRect().width > 0)
  .map((grid, i) => {
    const scroller = grid.querySelector('.dvn-scroller');
    return [i, scroller ? scroller.scrollWidth - scroller.clientWidth : -1];
  })
  .filter(([, hidden]) => hidden !== 0)
"""

# The guideline and sources tables showed their first columns only; the RECIST table hid "Now".
TABLE_VIEWS = (
    "guidelines",
    "guidelines?view=topic&topic=reevaluation",
    "guidelines?view=timeline",
    "sources",
    "sources?tab=References",
    "response_assessment",
    "walkthrough?tab=Guideline+lens",  # the lens grid cut "For this patient" and hid the references
)


@pytest.mark.parametrize("path", TABLE_VIEWS)
def test_no_table_hides_columns_on_a_phone(server: Server, visit, path: str) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/{path}", viewport=PHONE).page
    page.wait_for_timeout(500)  # the grid lays out its columns after it appears
    assert page.evaluate(HIDDEN_COLUMNS_JS) == []


def test_wide_tables_read_as_lists_on_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/guidelines", viewport=PHONE).page
    # every topic of every organisation, e.g. the last column of the last row
    assert page.get_by_text("Multidisciplinary team", exact=False).first.is_visible()
    assert page.get_by_text("AHPBA", exact=False).first.is_visible()
    # the list has no rows to select: the grid's "Select a row" hint is not shown to the phone
    assert not page.get_by_text("Select a row", exact=False).first.is_visible()
    page.get_by_text("Evidence behind NCCN's row").click()  # instead, each row's evidence opens here
    page.get_by_text("National Comprehensive Cancer Network, 2020", exact=False).wait_for(timeout=10_000)
    desk = visit(f"{server.url}/guidelines").page
    assert desk.get_by_text("Select a row", exact=False).first.is_visible()


def test_the_imaging_figures_read_as_a_list_on_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The figures behind the sensitivity chart were a grid 1053 px wide in a 322 px column: the sensitivities
    were off-screen."""
    page = visit(f"{server.url}/imaging", viewport=PHONE).page
    page.get_by_text("The figures behind the chart").click()
    listed = page.locator("[class*='st-key-narrow-only-imaging-figures']")
    listed.wait_for(timeout=10_000)
    assert listed.get_by_text("85.7", exact=False).first.is_visible()  # the pooled MRI sensitivity [71]
    assert not page.locator("[class*='st-key-wide-only-imaging-figures']").is_visible()
    assert page.evaluate(HIDDEN_COLUMNS_JS) == []


# The chart's title and plotly's toolbar, as screen boxes, after a touch on the chart.
TITLE_AND_TOOLBAR_JS = """
() => {
  const chart = document.querySelector("[data-testid='stPlotlyChart']");
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    return r.width > 0 && style.visibility !== 'hidden' ? [r.left, r.top, r.right, r.bottom] : null;
  };
  return [box(chart.querySelector('.gtitle')), box(chart.querySelector('.modebar'))];
}
"""


def test_plotly_toolbar_leaves_the_title_readable_on_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/cea_monitor", viewport=PHONE).page
    chart = page.locator("[data-testid='stPlotlyChart'] svg.main-svg").first
    chart.wait_for(timeout=15_000)
    chart.hover()
    page.wait_for_timeout(500)
    title, toolbar = page.evaluate(TITLE_AND_TOOLBAR_JS)
    assert title is not None
    overlap = toolbar is not None and not (
        toolbar[0] >= title[2] or toolbar[2] <= title[0] or toolbar[1] >= title[3] or toolbar[3] <= title[1]
    )
    assert not overlap, (title, toolbar)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_chart_description_is_for_screen_readers_not_body_text(server: Server, visit, viewport) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/cea_monitor", viewport=viewport).page
    assert page.get_by_text("Chart description:", exact=False).count() == 1  # a screen reader reads it
    # ... but it is not drawn: the block that holds it is clipped to one pixel (the usual screen-reader class)
    holder = page.locator("[data-testid='stVerticalBlock']", has_text="Chart description:").last
    box = holder.bounding_box()
    assert box is not None and box["height"] <= 1, box


PHONE_844 = {"width": 390, "height": 844}  # the phone of the review that found these


def number_box(page, label: str):  # type: ignore[no-untyped-def]
    return page.get_by_label(label, exact=True)


def test_number_inputs_show_the_values_they_hold_at_the_cut_offs(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    # 11.999 months < 12, 5.001 cm > 5, 200.001 ng/mL > 200: shown as 12.00, 5.00 and 200.00 before (%0.2f),
    # values that would score nothing, beside the 3 points the true values earn
    query = "dfi=11.999&largest=5.001&cea=200.001&tumours=1&node=false"
    result = visit(f"{server.url}/prognostic_scores?{query}", viewport=PHONE_844)
    page = result.page
    assert number_box(page, "Disease-free interval (months)").input_value() == "11.999"
    assert number_box(page, "Largest liver tumour (cm)").input_value() == "5.001"
    assert number_box(page, "CEA (ng/mL)").input_value() == "200.001"
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "3 of 5"

    result = visit(f"{server.url}/liver_remnant?flr=19.999", viewport=PHONE_844)
    assert number_box(result.page, "FLR (% of total liver volume)").input_value() == "19.999"
    result = visit(f"{server.url}/liver_remnant?flr=12", viewport=PHONE_844)
    assert number_box(result.page, "FLR (% of total liver volume)").input_value() == "12"
    assert result.page.locator("[data-testid='stException']").count() == 0


def test_a_typed_value_out_of_range_is_said_on_the_screen_of_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/liver_remnant", viewport=PHONE_844)
    page = result.page
    box = number_box(page, "FLR (% of total liver volume)")
    for typed, side in (("150", "above"), ("-3", "below")):
        box.fill(typed)
        box.press("Enter")
        error = page.get_by_text(f"enter a number from 0 to 100; {typed} is {side} that range")
        error.wait_for()
        assert error.is_visible()  # on the page, not in a tooltip a phone cannot open
        wait_for_app(page)
        assert box.input_value() == typed
        assert page.get_by_text("meets the review's threshold").count() == 0  # no stale verdict
        assert page.get_by_text("No result while an entry above is out of range").is_visible()
    box.fill("25")
    box.press("Enter")
    page.get_by_text("An FLR of 25% meets").wait_for()
    # the keyboard steppers still step, by the widget's step
    box.press("ArrowUp")
    page.get_by_text("An FLR of 26% meets").wait_for()
    assert box.input_value() == "26"
    assert result.page_errors == []


def test_the_cea_table_toolbar_leaves_the_time_radio_tappable(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/cea_monitor", viewport=PHONE_844)
    page = result.page
    label = page.get_by_text("Calendar dates", exact=True)
    label.scroll_into_view_if_needed()
    page.locator("[data-testid='stDataFrame']").first.hover()  # the toolbar shows while the table is hovered
    page.wait_for_timeout(300)
    box = label.bounding_box()
    assert box is not None
    hit = page.evaluate(
        """([x, y]) => {
            const el = document.elementFromPoint(x, y);
            return el ? (el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.tagName) : null;
        }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit is not None and "Toolbar" not in hit, hit
    label.click()
    page.wait_for_url("**time=date*")
    assert result.page_errors == []


def test_an_out_of_range_patient_detail_is_said_under_the_walkthrough_inputs(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The walkthrough's inputs kept Streamlit's own range check: a typed 150% remnant turned the box red
    with a tooltip a phone cannot open, and the plan above stayed the last valid one."""
    page = visit(f"{server.url}/walkthrough", viewport=PHONE_844).page
    page.get_by_text("2. Resectability and liver remnant").click()
    box = number_box(page, "Future liver remnant (% of total liver volume)")
    box.fill("150")
    box.press("Enter")
    said = page.get_by_text("Correct the patient's details to see the plan")
    said.wait_for(timeout=10_000)
    said.scroll_into_view_if_needed()
    assert said.is_visible()
    wait_for_app(page)
    assert box.input_value() == "150"
    assert page.locator("[data-testid='stHeading']").filter(has_text="Plan:").count() == 0  # nothing stale


# The regimens page's wide tables: each tab with a value that was off-screen at 360 px (the matrix's last
# column, 496 px wide; the markers' sources, 416 px; the liver injury's "What it means", 471 px).
REGIMEN_TABLES = (
    ("Biologics by tumour and setting", "Unresectable (systemic)", "pembrolizumab first"),
    ("Liver injury", "What it means", "portal hypertension"),
    ("Molecular markers", "Source", "ref. [64]"),
)


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390px", "360px"])
@pytest.mark.parametrize(("tab", "label", "text"), REGIMEN_TABLES, ids=[t for t, _, _ in REGIMEN_TABLES])
def test_the_regimen_tables_read_as_cards_on_a_phone(
    server: Server, visit: Any, tab: str, label: str, text: str, viewport: dict[str, int]
) -> None:
    page = visit(f"{server.url}/regimens?tab={tab.replace(' ', '+')}", viewport=viewport).page
    assert page.evaluate(OVERFLOW_JS) == []  # no table past the screen's edge
    cards = page.locator("[class*='st-key-narrow-only-regimens-']")
    assert cards.get_by_text(f"{label}:", exact=False).first.is_visible()  # each value under its column
    assert cards.get_by_text(text, exact=False).first.is_visible()
    assert not page.locator("[class*='st-key-wide-only-regimens-'] table").first.is_visible()
    desk = visit(f"{server.url}/regimens?tab={tab.replace(' ', '+')}").page  # the wide screen keeps the table
    assert desk.locator("[class*='st-key-wide-only-regimens-'] table").first.is_visible()
    assert not desk.locator("[class*='st-key-narrow-only-regimens-']").first.is_visible()


# The Fong chart's "this patient" marker and the bars' value labels, as screen boxes [left, top, right,
# bottom].
FONG_BOXES_JS = """
() => {
  const chart = document.querySelector("[data-testid='stPlotlyChart']");
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const marker = [...chart.querySelectorAll('.annotation-text')]
    .find((t) => t.textContent === 'this patient');
  const labels = [...chart.querySelectorAll('.bartext')].map((t) => [t.textContent, box(t)]);
  return [marker ? box(marker) : null, labels];
}
"""
FONG_QUERIES = {  # a patient of each Fong score, and the page's default patient (3 points)
    "default": "",
    "0": "node=false&dfi=24&tumours=1&largest=2&cea=5",
    "1": "node=true&dfi=24&tumours=1&largest=2&cea=5",
    "2": "node=true&dfi=6&tumours=1&largest=2&cea=5",
    "4": "node=true&dfi=6&tumours=3&largest=6&cea=5",
    "5": "node=true&dfi=6&tumours=3&largest=6&cea=250",
}


@pytest.mark.parametrize("viewport", [PHONE_844, SMALL_PHONE], ids=["390px", "360px"])
@pytest.mark.parametrize("score", list(FONG_QUERIES))
def test_the_fong_marker_covers_no_bar_label_on_a_phone(server: Server, visit, score: str, viewport) -> None:  # type: ignore[no-untyped-def]
    """The default patient's marker sat on the next bar's label: "40%this patient" at 360 and 390 px."""
    query = FONG_QUERIES[score]
    page = visit(f"{server.url}/prognostic_scores?tab=Published+outcomes&{query}", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] .bartext", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    marker, labels = page.evaluate(FONG_BOXES_JS)
    assert marker is not None and len(labels) == 6
    covered = [
        text
        for text, (left, top, right, bottom) in labels
        if left < marker[2] and right > marker[0] and top < marker[3] and bottom > marker[1]
    ]
    assert covered == []


# The Trials page's chart (the form the screen shows): each subplot's arm names as [panel, left name, right
# name, px between them], for names closer than 4 px; and every text cut at the chart's edges.
ARM_GAPS_JS = """
() => {
  const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .find((el) => el.offsetParent !== null);
  const close = [];
  chart.querySelectorAll('.cartesianlayer .subplot').forEach((plot, i) => {
    const names = [...plot.querySelectorAll('.xaxislayer-above .xtick text')]
      .map((t) => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0)
      .sort((a, b) => a[1].left - b[1].left);
    for (let k = 1; k < names.length; k++) {
      const gap = names[k][1].left - names[k - 1][1].right;
      if (gap < 4) close.push([i, names[k - 1][0], names[k][0], Math.round(gap)]);
    }
  });
  const box = chart.getBoundingClientRect();
  const cut = [...chart.querySelectorAll('svg text')]
    .map((t) => [t.textContent, t.getBoundingClientRect()])
    .filter(([text, r]) => r.width > 0 && text.trim()
      && (r.left < box.left - 1 || r.right > box.right + 1))
    .map(([text, r]) => [text.slice(0, 50), Math.round(Math.max(box.left - r.left, r.right - box.right))]);
  return {close, cut};
}
"""


def charted_studies() -> list[str]:
    from crlm_content import get_catalog
    from crlm_content.figures.studies import chart_endpoints
    from crlm_content.studies import load_studies

    catalog = get_catalog()
    return [s.key for s in load_studies(catalog) if chart_endpoints(catalog, s)]


def open_study_chart(page: Any, url: str) -> None:
    """Open ``url`` in ``page`` and wait until the chart the screen shows is drawn."""
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
             .some((el) => el.offsetParent !== null && el.querySelector('svg.main-svg .xtick text'))""",
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears


@pytest.mark.parametrize("viewport", [PHONE_844, SMALL_PHONE], ids=["390px", "360px"])
def test_no_two_arm_names_touch_on_a_phone(server: Server, visit: Any, viewport: dict[str, int]) -> None:
    """At 390 px 'No chemotherapy' and 'Before hepatectomy' read 'chemotherapyhepatectomy' (x = 159 and 158):
    every study's arm names, at 360 and 390 px, keep apart and on the chart."""
    page = visit(f"{server.url}/trials", viewport=viewport).page
    found = {}
    for key in charted_studies():
        open_study_chart(page, f"{server.url}/trials?study={key}")
        result = page.evaluate(ARM_GAPS_JS)
        if result["close"] or result["cut"]:
            found[key] = result
    assert found == {}


# The chart whose title contains the text given: its title's lines, and the pairs of its visible texts (tick
# labels, bar values, notes, title) that overlap on screen, as [text, text, px (the smaller of width and
# height of the overlap)].
TEXT_OVERLAPS_JS = """
(title) => {
  const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")].find((el) =>
    el.offsetParent !== null && (el.querySelector('.gtitle')?.textContent || '').includes(title));
  if (!chart) return {lines: [], overlaps: [['no chart titled', title, 0]]};
  const lines = [...chart.querySelectorAll('.gtitle tspan.line')].map((t) => t.textContent);
  const texts = [...chart.querySelectorAll('svg text')]
    .map((t) => [t.textContent.slice(0, 40), t.getBoundingClientRect()])
    .filter(([text, r]) => r.width > 0 && text.trim());
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const [a, r] = texts[i], [b, s] = texts[j];
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 0 && h > 0) overlaps.push([a, b, Math.round(Math.min(w, h))]);
    }
  }
  return {lines, overlaps};
}
"""


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE, NARROWEST], ids=["390px", "360px", "320px"])
def test_no_two_texts_of_the_ct_by_chemotherapy_chart_overlap_on_a_phone(
    server: Server, visit: Any, viewport: dict[str, int]
) -> None:
    """At 360 px the aslant 'Chemotherapy before resection' ran into the source note and 'P = 0.024' sat on
    '91%'; the title read 'CT sensitivity in PROMETEO-01 / [69], by chemotherapy before / resection'."""
    page = visit(f"{server.url}/imaging?view=chemo", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] .bartext", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    drawn = page.evaluate(TEXT_OVERLAPS_JS, "PROMETEO-01")
    assert drawn["overlaps"] == []
    # broken for a 320 px screen, where "CT sensitivity in PROMETEO-01 [69]," ran 32 px off it
    assert drawn["lines"] == ["PROMETEO-01 [69]:", "CT sensitivity by chemotherapy", "before resection"]
    assert page.evaluate(CUT_TEXTS_JS) == []  # the longer first line too is whole


# The chart's legend items and its source note (the frame's note: the annotation that starts "Source"), as
# screen boxes [left, top, right, bottom]; a box is null when the chart has none.
LEGEND_AND_NOTE_JS = """
() => {
  const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .find((el) => el.offsetParent !== null);
  if (!chart) return {legend: null, note: null, items: 0};
  const union = (els) => {
    const boxes = els.map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0);
    if (!boxes.length) return null;
    return [Math.min(...boxes.map((r) => r.left)), Math.min(...boxes.map((r) => r.top)),
            Math.max(...boxes.map((r) => r.right)), Math.max(...boxes.map((r) => r.bottom))];
  };
  const items = [...chart.querySelectorAll('g.legend g.traces')];
  const notes = [...chart.querySelectorAll('g.annotation')]
    .filter((el) => el.textContent.startsWith('Source'));
  return {legend: union(items), note: union(notes), items: items.length};
}
"""


@pytest.mark.parametrize(
    "viewport", [PHONE_844, NARROWEST, {"width": 1366, "height": 900}], ids=["390px", "320px", "desktop"]
)
def test_the_guideline_timelines_legend_keeps_clear_of_its_source_note_on_a_phone(
    server: Server, visit: Any, viewport: dict[str, int]
) -> None:
    """With a fifth stance ("Allowed as an option, not preferred") the legend took five rows on a phone, the
    frame kept room for three, and its last row ("Not stated") sat on the note "Source: the review's Table 2,
    ref. [18, 108-112]"."""
    page = visit(f"{server.url}/guidelines?view=timeline", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.legend g.traces", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    drawn = page.evaluate(LEGEND_AND_NOTE_JS)
    # five stances, ESMO's per kind of metastases an entry apart from SEOM's; entries of several lines
    assert drawn["items"] == 6 and drawn["legend"] is not None and drawn["note"] is not None
    legend, note = drawn["legend"], drawn["note"]
    assert legend[3] <= note[1], drawn  # the legend's last row ends above the note's first line


# The treatment timeline's label "rest of the last cycle", its arrow, the light segment it names (stroke
# palette.SKY), the surgery star and the plot area, as screen boxes [left, top, right, bottom].
REST_OF_CYCLE_JS = """
() => {
  const chart = document.querySelector("[data-testid='stPlotlyChart']");
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const label = [...chart.querySelectorAll('g.annotation')]
    .find((el) => el.textContent.startsWith('rest of the'));
  const segment = [...chart.querySelectorAll('g.scatterlayer path.js-line')]
    .find((el) => (el.style.stroke || '').replace(/ /g, '') === 'rgb(86,180,233)');
  const stars = [...chart.querySelectorAll('g.scatterlayer path.point')];
  return {
    label: box(label && label.querySelector('text')),
    arrow: box(label && label.querySelector('g.annotation-arrow-g path')),
    segment: box(segment),
    star: box(stars[stars.length - 1]),
    plot: box(chart.querySelector('g.draglayer .nsewdrag')),
  };
}
"""


@pytest.mark.parametrize("viewport", [PHONE_844, NARROWEST], ids=["390px", "320px"])
@pytest.mark.parametrize(
    ("query", "ends_at_surgery"),
    [
        ("start=2026-01-05&last_chemo=2026-03-18&last_day=3", False),  # a 12-day segment: ~20 px at 390 px
        ("start=2026-01-05&cycles=4&cycle_weeks=3&gap=1&bev=every_cycle", True),  # surgery inside the cycle
    ],
    ids=["short-segment", "surgery-in-the-cycle"],
)
def test_the_rest_of_the_last_cycle_is_labelled_at_its_segment_on_a_phone(
    server: Server, visit: Any, viewport: dict[str, int], query: str, ends_at_surgery: bool
) -> None:
    """The label sat centred over the dark dosing bar, ended at the light segment's end ~140 px to its right;
    with surgery inside the last cycle, the segment ran two weeks past the surgery star."""
    page = visit(f"{server.url}/treatment_timing?{query}", viewport=viewport).page
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.annotation >> text=rest of the", timeout=15_000)
    page.wait_for_timeout(300)  # plotly lays text out after the SVG appears
    drawn = page.evaluate(REST_OF_CYCLE_JS)
    label, arrow, segment, star, plot = (drawn[key] for key in ("label", "arrow", "segment", "star", "plot"))
    if ends_at_surgery:  # the segment stops at the star's centre, not past it
        assert segment[2] <= (star[0] + star[2]) / 2 + 1, drawn
    # inside the plot, and to the left of no more than the segment's end
    assert plot[0] - 1 <= label[0] and label[2] <= plot[2] + 1 and plot[1] - 1 <= label[1], drawn
    assert label[2] <= segment[2] + 1, drawn
    # a line comes down from the label to the segment, between its ends
    assert arrow is not None, "the label is not tied to its segment"
    assert segment[0] <= arrow[0] <= arrow[2] <= segment[2] and arrow[1] >= label[1], drawn
