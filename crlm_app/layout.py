"""Lazy containers: expanders and tabs whose content is built only while open."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx


def lazy_expander(label: str, *, key: str, expanded: bool = False) -> DeltaGenerator | None:
    """A collapsed expander whose content is built only while a reader has it open; None while closed.

    A closed expander costs one message per rerun instead of one per element inside it, and its elements'
    JavaScript (a data table's, for instance) is not loaded until it is opened.
    """
    panel = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return panel if panel.open else None


def lazy_tabs(labels: Sequence[str], *, key: str) -> tuple[str, DeltaGenerator]:
    """Tabs of which only the open one is built: returns its label and container (switching reruns).

    ``st.session_state[key]`` holds the open tab's label, so a ``QueryField`` can keep it in the URL.
    """
    tabs = st.tabs(list(labels), key=key, on_change="rerun")
    for label, tab in zip(labels, tabs, strict=True):
        if tab.open:
            return label, tab
    return labels[0], tabs[0]


def run_open_tab(labels: Sequence[str], builders: Sequence[Callable[[], None]], *, key: str) -> None:
    """Lazy tabs whose open one is built by its builder (labels and builders in the same order)."""
    if len(labels) != len(builders):
        raise ValueError(f"{len(labels)} tab labels but {len(builders)} builders")
    tab, panel = lazy_tabs(labels, key=key)
    with panel:
        builders[list(labels).index(tab)]()


# Phone or desktop, decided by the browser (a server run does not know the screen's width): a CSS media query
# hides the container that does not fit. Both are sent; only one shows. ``NARROW_PX`` is Streamlit's own
# breakpoint for stacking columns.
NARROW_PX = 640
_WIDE, _NARROW, _SCREEN_READER = "wide-only-", "narrow-only-", "sr-only-"
RESPONSIVE_CSS = f"""
@media (max-width: {NARROW_PX}px) {{
  [class*="st-key-{_WIDE}"] {{ display: none !important; }}
  /* plotly's toolbar sat over the chart's title on a phone; PNG download stays on wider screens */
  [data-testid="stPlotlyChart"] .modebar-container {{ display: none !important; }}
}}
@media (min-width: {NARROW_PX + 1}px) {{
  [class*="st-key-{_NARROW}"] {{ display: none !important; }}
}}
[class*="st-key-{_SCREEN_READER}"] {{
  position: absolute !important; width: 1px !important; min-width: 0 !important; height: 1px !important;
  margin: -1px !important;
  padding: 0 !important; border: 0 !important; overflow: hidden !important; white-space: nowrap !important;
  clip-path: inset(50%) !important;
}}
"""


_STYLED = "layout__styled"  # session state: this run has sent RESPONSIVE_CSS


def start_run() -> None:
    """At the start of every full run (``app.py``): no page has sent the CSS yet."""
    st.session_state[_STYLED] = False


def responsive_style() -> None:
    """The CSS of ``wide_only``, ``narrow_only`` and ``screen_reader_only``, sent by the first of them in a
    run (again in a fragment's own run, which does not keep what the full run sent there). Style-only HTML
    goes to Streamlit's event container and takes no room. Only pages that use these containers send it: the
    HTML element's script and sanitizer cost every first visit ~0.1 s (``python -m benchmarks``, page load).
    """
    ctx = get_script_run_ctx()
    fragment_run = ctx is not None and bool(ctx.fragment_ids_this_run)  # app.py did not run
    if fragment_run or not st.session_state.get(_STYLED, False):
        st.html(f"<style>{RESPONSIVE_CSS}</style>")
        if not fragment_run:
            st.session_state[_STYLED] = True


def wide_only(name: str) -> DeltaGenerator:
    """A container shown only on screens wider than ``NARROW_PX`` (a grid that hides columns on a phone)."""
    responsive_style()
    return st.container(key=_WIDE + name)


def narrow_only(name: str) -> DeltaGenerator:
    """A container shown only on screens up to ``NARROW_PX`` wide (the phone's version of a wide table)."""
    responsive_style()
    return st.container(key=_NARROW + name)


def screen_reader_only(name: str) -> DeltaGenerator:
    """A container for screen readers (in the page and its accessibility tree), not drawn on screen."""
    responsive_style()
    return st.container(key=_SCREEN_READER + name)


def announce(name: str, text: str) -> None:
    """A page's main result as a status message (an info box is role=status), for screen readers only: the
    heading that shows it changes without a word to a user typing in a box beside or below it (WCAG 4.1.3).
    ``text`` is markdown the caller has made safe."""
    with screen_reader_only(name + "-status"):
        st.info(text)


def unclipped_multiselect(key: str) -> None:
    """Let the wrapping multiselect of widget ``key`` grow to all its chips: Streamlit caps one at 4.5 rows
    and scrolls the rest, so on a 390 px phone the Imaging page's eighth modality chip was cut in half at the
    box's bottom edge. Static CSS (the key is the page's own, never visitor text)."""
    st.html(
        f"<style>.st-key-{key} div:has(> [data-testid='stMultiSelectTagsContainer'])"
        " { max-height: none !important; }</style>"
    )
