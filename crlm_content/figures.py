"""Plotly figure builders: content in, go.Figure out (tested without a browser).

One frame for every chart: the Okabe-Ito palette, fonts that read on a projector, a white background, and a
source line under the plot area naming the reference numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import plotly.graph_objects as go

from . import palette
from .catalog import Catalog

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
        paper_bgcolor="white",
        plot_bgcolor="white",
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


# ------------------------------------------------------------------------------------------ figure cache
# Building a plotly figure costs 20-70 ms here (most of it plotly's property validation); serialising a built
# one costs about 1 ms. Every widget change reruns the page, and most reruns leave a chart's inputs unchanged,
# so charts are built once per distinct input and process, and shared by every session.
FIGURE_CACHE_SIZE = 64


class _Identity:
    """Keys by identity a large or unhashable object that lives as long as the process: the catalog."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.value is self.value


def _unwrap(value: object) -> object:
    return value.value if isinstance(value, _Identity) else value


@functools.lru_cache(maxsize=FIGURE_CACHE_SIZE)
def _build(
    builder: Callable[..., go.Figure], args: tuple[object, ...], kwargs: tuple[tuple[str, object], ...]
) -> go.Figure:
    return builder(*(_unwrap(a) for a in args), **{name: _unwrap(v) for name, v in kwargs})


def _key(value: object) -> object:
    return _Identity(value) if isinstance(value, Catalog) else value


def cached_figure(builder: Callable[..., go.Figure], /, *args: object, **kwargs: object) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input (the catalog counts by identity).

    The figure returned is shared between sessions: never change it. Arguments that cannot be hashed (a list,
    a dict) build a fresh figure every time, so pass tuples and frozen dataclasses.
    """
    key_args = tuple(_key(a) for a in args)
    key_kwargs = tuple(sorted((name, _key(v)) for name, v in kwargs.items()))
    try:
        hash((builder, key_args, key_kwargs))
    except TypeError:
        global _uncached_builds
        _uncached_builds += 1
        return builder(*args, **kwargs)
    return _build(builder, key_args, key_kwargs)


_uncached_builds = 0


def figure_builds() -> int:
    """How many figures this process has built, cached or not (the tests read it: a warm rerun adds none)."""
    return _build.cache_info().misses + _uncached_builds
