"""Charts: a cached plotly figure and its text alternative."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from crlm_content import figures, memo
from crlm_content.figures.frame import described

from . import layout
from .markup import md
from .runtime import chart_spec
from .state import presenting


def chart(
    build: Callable[..., go.Figure], /, *args: object, alt: str, key: str | None = None, **kwargs: object
) -> None:
    """The one way to show a chart: plotly with PNG download, and its text description for screen readers.

    ``build(*args, **kwargs)`` makes the figure once per distinct input and process
    (``figures.cached_figure``): a rerun that leaves the chart's inputs unchanged only re-sends it.
    The description is in the page (a screen reader reads it after the chart) but not drawn: it repeated the
    chart as a paragraph of body text under it.
    """
    figure = figures.cached_figure(build, *args, **kwargs)
    if presenting():  # larger ticks and legend for the room; made once per chart, shared like the chart
        figure = figures.cached_figure(figures.for_projector, memo.same(figure))
    shown = chart_spec.spec(figure) if chart_spec.applied() else figure  # its JSON written once, not per run
    st.plotly_chart(shown, config=figures.PLOTLY_CONFIG, key=key)
    name = key or "chart-" + hashlib.sha1(alt.encode("utf-8")).hexdigest()[:12]
    with layout.screen_reader_only(name):  # with the source note the chart shows (described)
        st.caption("Chart description: " + md(described(alt, figure)))
