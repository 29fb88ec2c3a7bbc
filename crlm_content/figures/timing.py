"""The Treatment timing page's chart: the preoperative plan on one timeline."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..tools import (
    TimingPlan,
)
from .frame import apply_frame

_ROWS = ("Chemotherapy", "Bevacizumab", "Chemotherapy to surgery", "Re-imaging", "Surgery")


def _segment(fig: go.Figure, start: date, end: date, row: str, colour: str, hover: str) -> None:
    fig.add_trace(
        go.Scatter(
            x=[start, end],
            y=[row, row],
            mode="lines",
            line={"color": colour, "width": 18},
            hovertemplate=hover + "<extra></extra>",
            showlegend=False,
        )
    )


def treatment_timeline_figure(plan: TimingPlan, *, source: str) -> go.Figure:
    """Chemotherapy (each cycle marked), bevacizumab, the interval to surgery, re-imaging and surgery."""
    fig = go.Figure()
    end_of_chemo = max(plan.last_chemo, plan.start + timedelta(days=1))
    _segment(fig, plan.start, end_of_chemo, _ROWS[0], palette.BLUE, "Chemotherapy")
    fig.add_trace(
        go.Scatter(
            x=list(plan.cycle_dates),
            y=[_ROWS[0]] * len(plan.cycle_dates),
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 18, "color": palette.BLACK, "line": {"width": 2}},
            hovertemplate="Cycle start %{x}<extra></extra>",
            showlegend=False,
        )
    )
    if plan.last_bevacizumab is not None:
        _segment(
            fig,
            plan.start,
            max(plan.last_bevacizumab, plan.start + timedelta(days=1)),
            _ROWS[1],
            palette.ORANGE,
            "Bevacizumab",
        )
    _segment(fig, plan.last_chemo, plan.surgery, _ROWS[2], palette.GREY, "Last chemotherapy to surgery")
    middle = plan.last_chemo + (plan.surgery - plan.last_chemo) / 2
    fig.add_annotation(
        x=middle,
        y=_ROWS[2],
        text=f"{format_number(round(plan.weeks_chemo_to_surgery, 1))} weeks",
        showarrow=False,
        yshift=22,
        font={"size": 14},
    )
    if plan.reimaging:
        fig.add_trace(
            go.Scatter(
                x=list(plan.reimaging),
                y=[_ROWS[3]] * len(plan.reimaging),
                mode="markers+text",
                marker={"symbol": "diamond", "size": 14, "color": palette.PURPLE},
                text=[when.strftime("%d %b") for when in plan.reimaging],
                textposition="top center",
                hovertemplate="Re-imaging %{x}<extra></extra>",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[plan.surgery],
            y=[_ROWS[4]],
            mode="markers+text",
            marker={"symbol": "star", "size": 20, "color": palette.VERMILLION},
            text=[plan.surgery.strftime("%d %b %Y")],
            textposition="middle left",
            hovertemplate="Surgery %{x}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(_ROWS)), type="category")
    fig.update_xaxes(type="date", title_text="Date")
    # Dates take two lines under the axis; the row names ("Chemotherapy to surgery") reach ~130 px left.
    return apply_frame(fig, title="Treatment timeline", source=source, height=430, axis_px=66, labels_px=120)
