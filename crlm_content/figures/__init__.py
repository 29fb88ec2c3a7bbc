"""Plotly figure builders, all in one place: models in, ``go.Figure`` out (tested without a browser).

``frame`` is the one look every chart shares (palette, fonts, the source line under the plot) and the
process-wide figure memo; one module per feature holds that feature's charts (``scores``, ``liver_remnant``,
``response``, ``cea``, ``timing``, ``guidelines``, ``dlm``, ``imaging``, ``studies``, ``surgery``). Each chart
states its source under the plot; the caller passes that line, since it knows which records the numbers come
from. Colour is never the only signal: every mark that matters also carries a text label.
"""

from __future__ import annotations

from .frame import (
    AXIS_PX,
    BASE_FONT_SIZE,
    LEGEND_ROW_PX,
    PLOTLY_CONFIG,
    SOURCE_LINE_PX,
    SOURCE_WRAP,
    TITLE_LINE_PX,
    TITLE_PX,
    TOP_PX,
    apply_frame,
    cached_figure,
    for_projector,
    title_px,
    wrap_note,
    wrap_title,
)

__all__ = [
    "AXIS_PX",
    "BASE_FONT_SIZE",
    "LEGEND_ROW_PX",
    "PLOTLY_CONFIG",
    "SOURCE_LINE_PX",
    "SOURCE_WRAP",
    "TITLE_LINE_PX",
    "TITLE_PX",
    "TOP_PX",
    "apply_frame",
    "cached_figure",
    "for_projector",
    "title_px",
    "wrap_note",
    "wrap_title",
]
