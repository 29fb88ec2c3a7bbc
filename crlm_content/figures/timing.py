"""The Treatment timing page's chart: the preoperative plan on one timeline."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..tools import (
    TimingPlan,
    weeks_count,
    weeks_text,
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


REST_OF_LAST_CYCLE = "rest of the last cycle"


def _weeks_from_start(plan: TimingPlan, when: date) -> str:
    return format_number(round((when - plan.start).days / 7, 1))


def treatment_timeline_figure(plan: TimingPlan, *, source: str) -> go.Figure:
    """Chemotherapy (each cycle marked) to the last dose and, lighter, the rest of its cycle, to where the
    course's weeks are counted; bevacizumab, the interval to surgery, re-imaging and surgery."""
    fig = go.Figure()
    last_dose = max(plan.last_chemo, plan.start + timedelta(days=1))
    _segment(fig, plan.start, last_dose, _ROWS[0], palette.BLUE, "Chemotherapy, to the last dose")
    end = plan.chemotherapy_end
    _segment(
        fig,
        last_dose,
        end,
        _ROWS[0],
        palette.SKY,
        f"Rest of the last cycle, after the last dose: to {end.isoformat()}, week "
        f"{_weeks_from_start(plan, end)}",
    )
    fig.add_annotation(  # over the lighter segment, ending where it ends (clear of the right edge)
        x=end,
        y=_ROWS[0],
        text=REST_OF_LAST_CYCLE,
        showarrow=False,
        xanchor="right",
        yshift=22,
        font={"size": 14},
    )
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
        text=weeks_count(plan.weeks_chemo_to_surgery),
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


def treatment_timeline_alt(plan: TimingPlan) -> str:
    """The timeline in words, as the chart draws it: the course to the last dose, then to the end of its
    cycle, where its weeks are counted."""
    end = plan.chemotherapy_end
    return (
        f"Timeline from {plan.start.isoformat()} to surgery on {plan.surgery.isoformat()}: "
        f"{len(plan.cycle_dates)} cycles of chemotherapy, the last dose on {plan.last_chemo.isoformat()}, "
        f"counted to the end of the last cycle on {end.isoformat()} ({_weeks_from_start(plan, end)} weeks), "
        + (
            f"bevacizumab until {plan.last_bevacizumab.isoformat()}, "
            if plan.last_bevacizumab is not None
            else "no bevacizumab, "
        )
        + f"{weeks_text(plan.days_chemo_to_surgery)} from the last chemotherapy to surgery, "
        + (
            "re-imaging on " + ", ".join(when.isoformat() for when in plan.reimaging)
            if plan.reimaging
            else "no re-imaging point before surgery"
        )
        + "."
    )
