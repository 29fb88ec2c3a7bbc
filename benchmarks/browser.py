"""Real-Chromium measurements: page load (first visit in a fresh context, then a warm second visit),
interaction latency (widget change -> script finished), and cold start (server start -> first page rendered).

Times are taken inside the page (performance.now(), from the navigation start or the input event) by a
script installed before any page script runs, so Playwright's own round trips are not counted.
"""

from __future__ import annotations

import time
from typing import Any

from devtools.browser import chromium

__all__ = ["ELEMENT_KINDS", "Interactor", "chromium", "cold_start", "element_kinds", "load_once", "warm_up"]

VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 30_000

# Installed before any page script. A script run has finished when the page receives the ForwardMsg whose
# oneof is script_finished (field 6; status not FINISHED_EARLY_FOR_RERUN = 2): the websocket is wrapped to see
# it, because the app element's data-test-script-state may never show "running" when a run is fast (React
# batches the two state changes). "Rendered": a run finished, the app element shows notRunning (React has
# committed that run), no stSkeleton is left, and every visible plotly chart has drawn its SVG.
OBSERVER_JS = """
(() => {
  const b = (window.__crlmBench = {
    finishedRuns: 0, rendered: null, charts: 0, armed: false, t0: null, finished: null,
  });
  const SCRIPT_FINISHED = 6, FINISHED_EARLY_FOR_RERUN = 2;
  const varint = (bytes, pos) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[pos++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, pos];
  };
  const finishedStatus = (buffer) => {  // the script_finished status, or null for any other ForwardMsg
    const bytes = new Uint8Array(buffer);
    let pos = 0;
    while (pos < bytes.length) {
      let tag, value;
      [tag, pos] = varint(bytes, pos);
      const field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) {
        [value, pos] = varint(bytes, pos);
        if (field === SCRIPT_FINISHED) return value;
      } else if (wire === 2) { [value, pos] = varint(bytes, pos); pos += value; }
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else return null;
    }
    return null;
  };
  const chartsDrawn = () => {
    const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
    const visible = charts.filter((c) => c.offsetParent !== null);
    return { count: charts.length, drawn: visible.every((c) => c.querySelector(".main-svg")) };
  };
  const checkRendered = () => {
    if (b.rendered !== null || b.finishedRuns === 0) return;
    const app = document.querySelector("[data-testid='stApp']");  // React has committed the finished run
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return;
    if (document.querySelector("[data-testid='stSkeleton']")) return;
    const c = chartsDrawn();
    if (c.drawn) { b.rendered = performance.now(); b.charts = c.count; }
  };
  const onMessage = (event) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    const status = finishedStatus(event.data);
    if (status === null || status === FINISHED_EARLY_FOR_RERUN) return;
    const now = performance.now();
    b.finishedRuns += 1;
    if (b.armed && b.t0 !== null && b.finished === null) b.finished = now;
    checkRendered();
  };
  const NativeWebSocket = window.WebSocket;
  const Wrapped = function (url, protocols) {
    const ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    ws.addEventListener("message", onMessage);
    return ws;
  };
  Wrapped.prototype = NativeWebSocket.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Wrapped[name] = NativeWebSocket[name];
  window.WebSocket = Wrapped;
  new MutationObserver(checkRendered).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-test-script-state"],
  });
  const onInput = () => { if (b.armed && b.t0 === null) b.t0 = performance.now(); };
  for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, onInput, true);
  b.mark = () => { b.armed = true; b.t0 = null; b.finished = null; };
})();
"""

# Generic choice of a page's main widget: the first visible text input, number input or toggle/checkbox of
# the main area in document order; failing those the first radio, then selectbox, then button; else "none"
# (a page without widgets has no interaction to time).
WIDGET_JS = """
() => {
  const main = document.querySelector("[data-testid='stMain']") || document;
  // a widget in a form starts no run until the form is submitted: never the one to change
  const visible = (el) => el.offsetParent !== null && !el.disabled && !el.closest("[data-testid='stForm']");
  const inputs = main.querySelectorAll(
    "[data-testid='stTextInput'] input, [data-testid='stNumberInput'] input, [data-testid='stCheckbox'] input"
  );
  for (const el of inputs) {
    if (!visible(el)) continue;
    if (el.closest("[data-testid='stTextInput']")) return "text";
    if (el.closest("[data-testid='stNumberInput']")) return "number";
    return "toggle";
  }
  const fallbacks = [["radio", "[data-testid='stRadio']"], ["selectbox", "[data-testid='stSelectbox']"],
                     ["button", "[data-testid='stButton'] button"]];
  for (const [kind, selector] of fallbacks) {
    for (const el of main.querySelectorAll(selector)) if (visible(el)) return kind;
  }
  return "none";
}
"""


def _new_context(browser: Any) -> Any:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(OBSERVER_JS)
    return context


def _visit(page: Any, url: str) -> dict[str, Any]:
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => window.__crlmBench && window.__crlmBench.rendered !== null", timeout=TIMEOUT_MS
    )
    rendered, charts = page.evaluate("() => [window.__crlmBench.rendered, window.__crlmBench.charts]")
    return {"ms": rendered, "charts": charts}


def load_once(browser: Any, url: str, *, warm: bool = True) -> dict[str, Any]:
    """A first visit in a fresh context (cold browser cache, new session), then, if ``warm``, a second visit
    in the same context (warm cache)."""
    context = _new_context(browser)
    try:
        page = context.new_page()
        first = _visit(page, url)
        second = _visit(page, url) if warm else {"ms": None, "charts": 0}
        return {
            "first_ms": first["ms"],
            "warm_ms": second["ms"],
            "charts": max(first["charts"], second["charts"]),
        }
    finally:
        context.close()


# The element kinds (data-testid) whose script a first visit loads, as benchmarks/apps/frame.py shows one of
# each (its ELEMENTS; a unit test keeps the two lists the same).
ELEMENT_KINDS = (
    "stHeading", "stTextInput", "stNumberInput", "stSelectbox", "stMultiSelect", "stCheckbox", "stRadio",
    "stSlider", "stDateInput", "stDataFrame", "stTabs", "stExpander", "stPlotlyChart", "stMetric", "stAlert",
    "stButton", "stDownloadButton", "stPageLink", "stForm", "stProgress", "stHtml", "stHorizontalBlock",
    "stTooltipIcon",
)  # fmt: skip
KINDS_JS = """
(kinds) => kinds.filter((kind) => document.querySelector(`[data-testid='${kind}']`) !== null)
"""


def element_kinds(browser: Any, url: str) -> list[str]:
    """The element kinds (``ELEMENT_KINDS``) a first visit to ``url`` shows, once it has rendered."""
    context = _new_context(browser)
    try:
        page = context.new_page()
        _visit(page, url)
        return list(page.evaluate(KINDS_JS, list(ELEMENT_KINDS)))
    finally:
        context.close()


def warm_up(browser: Any, urls: list[str]) -> list[str]:
    """Visit every URL once in one context, so each page has had its first run in the server process."""
    problems = []
    context = _new_context(browser)
    try:
        page = context.new_page()
        for url in urls:
            try:
                _visit(page, url)
            except Exception as error:
                problems.append(f"{url}: {type(error).__name__}: {str(error)[:120]}")
    finally:
        context.close()
    return problems


class Interactor:
    """One open page and its main widget, changed again and again."""

    def __init__(self, browser: Any, url: str, kind: str | None = None) -> None:
        self.context = _new_context(browser)
        self.page = self.context.new_page()
        _visit(self.page, url)
        self.page.wait_for_timeout(300)  # let the frontend settle before the first change
        self.kind: str = kind or self.page.evaluate(WIDGET_JS)
        self.step = 0

    def change(self) -> float | None:
        """Change the widget once; ms from the input event to the end of the run, None if it timed out."""
        page = self.page
        _prepare(page, self.kind)
        page.evaluate("() => window.__crlmBench.mark()")
        _act(page, self.kind, self.step)
        self.step += 1
        try:
            page.wait_for_function("() => window.__crlmBench.finished !== null", timeout=5_000)
        except Exception:
            return None
        t0, finished = page.evaluate("() => [window.__crlmBench.t0, window.__crlmBench.finished]")
        return None if t0 is None else float(finished - t0)

    def close(self) -> None:
        self.context.close()


def _widget(page: Any, testid: str) -> Any:
    """The page's first widget with ``testid`` outside any form (as ``WIDGET_JS`` chose it)."""
    return page.locator(
        f"xpath=//*[@data-testid='stMain']//*[@data-testid='{testid}'][not(ancestor::*[@data-testid='stForm'])]"
    ).first


def _prepare(page: Any, kind: str) -> None:
    """What must happen before the timed input event (opening a dropdown)."""
    if kind == "selectbox":
        _widget(page, "stSelectbox").click()
        page.locator("[role='option']").first.wait_for(timeout=5_000)


def _act(page: Any, kind: str, step: int) -> None:
    if kind == "text":
        box = _widget(page, "stTextInput").locator("input")
        box.fill("e" if step % 2 == 0 else "")
        box.press("Enter")
    elif kind == "number":
        widget = _widget(page, "stNumberInput")
        up = widget.locator("[data-testid='stNumberInputStepUp']")
        down = widget.locator("[data-testid='stNumberInputStepDown']")
        first, second = (up, down) if up.is_enabled() else (down, up)
        (first if step % 2 == 0 else second).click()
    elif kind == "toggle":
        _widget(page, "stCheckbox").locator("label").first.click()
    elif kind == "radio":
        radio = _widget(page, "stRadio")
        radio.locator("[role='radiogroup'] label:not(:has(input:checked))").first.click()
    elif kind == "selectbox":
        page.locator("[role='option']:not([aria-selected='true'])").first.click()
    elif kind == "button":
        _widget(page, "stButton").locator("button").click()
    else:
        raise ValueError(f"no widget to change ({kind})")


def cold_start(browser: Any, start: Any, stop: Any, url_path: str = "/") -> dict[str, Any]:
    """Wall time from launching the server process to the first page rendered in a fresh context."""
    server = start()
    try:
        context = _new_context(browser)
        try:
            page = context.new_page()
            page.goto(server.url + url_path, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(
                "() => window.__crlmBench && window.__crlmBench.rendered !== null", timeout=60_000
            )
            total = time.perf_counter() - server.started_at
            return {"s": total, "healthy_s": server.healthy_at - server.started_at}
        finally:
            context.close()
    finally:
        stop(server)
