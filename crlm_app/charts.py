"""Charts: a cached plotly figure and its text alternative."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from crlm_content import (
    figures,
)

if TYPE_CHECKING:  # the walkthrough's models: not imported by the frame (start-up time, ~35 ms)
    pass
from .markup import md


def chart(
    build: Callable[..., go.Figure], /, *args: object, alt: str, key: str | None = None, **kwargs: object
) -> None:
    """The one way to show a chart: plotly with PNG download, and its text description beneath.

    ``build(*args, **kwargs)`` makes the figure once per distinct input and process
    (``figures.cached_figure``): a rerun that leaves the chart's inputs unchanged only re-sends it.
    """
    st.plotly_chart(figures.cached_figure(build, *args, **kwargs), config=figures.PLOTLY_CONFIG, key=key)
    st.caption("Chart description: " + md(alt))
