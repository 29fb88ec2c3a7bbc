"""The CEA monitor page's chart: percent change from baseline over time, with the cut-off line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..tools import (
    CeaPoint,
    CeaTime,
    cea_change_text,
    cea_value_texts,
)
from .frame import apply_frame


def cea_label_positions(changes: Sequence[float], threshold_percent: float) -> list[str]:
    """Where each point's label goes: on the side of the line away from the cut-off, so that the line never
    crosses it; the first label runs right and the last left, so a phone shows them whole at the edges."""
    last = len(changes) - 1
    return [
        ("bottom" if change < -threshold_percent else "top")
        + (" right" if i == 0 else " left" if i == last else " center")
        for i, change in enumerate(changes)
    ]


def cea_figure(
    points: Sequence[CeaPoint], *, time: CeaTime, threshold_percent: float, source: str
) -> go.Figure:
    """Percent change of CEA from baseline over time, with the fall-of-at-least-threshold line."""
    xs: list[float | date] = [point.when for point in points]
    changes = [0.0 if point.result is None else point.result.percent_change for point in points]
    labels = [cea_change_text(point) for point in points]  # the table's and the explanation's texts
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=changes,
            mode="lines+markers+text",
            text=labels,
            textposition=cea_label_positions(changes, threshold_percent),
            line={"color": palette.BLUE, "width": 3},
            marker={"size": 10},
            customdata=cea_value_texts(points, threshold_percent),
            hovertemplate="%{x}<br>CEA %{customdata} ng/mL<br>change: %{text}<extra></extra>",
            name="CEA change from baseline (derived)",
        )
    )
    fig.add_hline(
        y=-threshold_percent,
        line={"color": palette.VERMILLION, "dash": "dash", "width": 2},
        annotation_text=f"fall of {format_number(threshold_percent)}% (cut-off)",
        annotation_position="bottom right",
    )
    fig.add_hline(y=0, line={"color": palette.GREY, "width": 1})
    low = min([*changes, -threshold_percent])
    high = max([*changes, 0.0])
    span = max(high - low, 10.0)
    fig.update_yaxes(
        title_text="Change from baseline (%)", ticksuffix="%", range=[low - span * 0.2, high + span * 0.25]
    )
    fig.update_xaxes(title_text="Week" if time == "week" else "Date")
    return apply_frame(fig, title="CEA change from baseline", source=source, height=430)
