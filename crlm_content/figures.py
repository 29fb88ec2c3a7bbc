"""Plotly figure builders: content in, go.Figure out (tested without a browser).

One frame for every chart: the Okabe-Ito palette, fonts that read on a projector, a white background, and a
source line under the plot area naming the reference numbers.
"""

from __future__ import annotations

import plotly.graph_objects as go

from . import palette

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
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 90},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    )
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
