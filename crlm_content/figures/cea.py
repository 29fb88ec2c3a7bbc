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
from .frame import LEGEND_ROW_PX, apply_frame


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
            showlegend=False,
        )
    )
    # The cut-off line is named in the legend, under the plot: a label on the line shares the band beside it
    # with the labels of the points nearest the cut-off, where the lesson is (at 360 px "fall of 7.5%
    # (cut-off)" sat on the default week-3 point's "-10.0%"), as the RECIST chart's lines are named.
    cut_off = {"color": palette.VERMILLION, "dash": "dash", "width": 2}
    fig.add_hline(y=-threshold_percent, line=cut_off)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=cut_off,
            name=f"fall of {format_number(threshold_percent)}% (cut-off)",
            hoverinfo="skip",
        )
    )
    fig.add_hline(y=0, line={"color": palette.GREY, "width": 1})
    low = min([*changes, -threshold_percent])
    high = max([*changes, 0.0])
    span = max(high - low, 10.0)
    fig.update_yaxes(
        title_text="Change from baseline (%)", ticksuffix="%", range=[low - span * 0.2, high + span * 0.25]
    )
    fig.update_xaxes(title_text="Week" if time == "week" else "Date")
    # the legend's row added to the figure's height, so the plot keeps its room
    return apply_frame(
        fig, title="CEA change from baseline", source=source, height=430 + LEGEND_ROW_PX, legend=True
    )
