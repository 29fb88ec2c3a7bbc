"""Plotly figure builders: content in, go.Figure out (tested without a browser).

One frame for every chart: the Okabe-Ito palette, fonts that read on a projector, a white background, and a
source line under the plot area naming the reference numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from . import memo, palette

BASE_FONT_SIZE = 16
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def apply_frame(fig: go.Figure, *, title: str, source: str, height: int = 420) -> go.Figure:
    """The shared look: readable title and labels, colour-blind-safe colours, source under the chart."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": BASE_FONT_SIZE + 4}},
        font={"size": BASE_FONT_SIZE, "color": palette.BLACK},
        colorway=list(palette.SEQUENCE),
        # No plotly template: "plotly_white" alone was 70% of each chart's JSON and of its serialising time,
        # and Streamlit's chart theme restyles the chart anyway. White and light grid lines are set here.
        template="none",
        paper_bgcolor=palette.WHITE,
        plot_bgcolor=palette.WHITE,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 90},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    )
    fig.update_xaxes(gridcolor=palette.GRID, zerolinecolor=palette.GRID, linecolor=palette.GREY)
    fig.update_yaxes(gridcolor=palette.GRID, zerolinecolor=palette.GRID, linecolor=palette.GREY)
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.32,
        showarrow=False,
        xanchor="left",
        font={"size": BASE_FONT_SIZE - 3, "color": palette.GREY},
    )
    return fig


def cached_figure(builder: Callable[..., go.Figure], /, *args: object, **kwargs: object) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input and process (``memo.cached``).

    Building a plotly figure costs 20-70 ms here (most of it plotly's property validation); serialising a
    built one about 1 ms. Most reruns leave a chart's inputs unchanged, so charts are built once and shared by
    every session: never change the figure returned.
    """
    return memo.cached(builder, *args, **kwargs)
