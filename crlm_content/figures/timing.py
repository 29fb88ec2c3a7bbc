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
# The segment's label, on two lines (~75 px at 14 px): on one (~140 px) it spanned the whole plot of a 320 px
# screen and, ended at the segment's end, sat over the dosing bar while the segment was ~20 px wide.
REST_OF_LAST_CYCLE_LABEL = "rest of the<br>last cycle"


def _weeks_from_start(plan: TimingPlan, when: date) -> str:
    return format_number(round((when - plan.start).days / 7, 1))


def rest_of_last_cycle_end(plan: TimingPlan) -> date:
    """Where the chart's light segment ends: the end of the cycle that holds the last dose, or surgery if
    it comes first (a course cut short by the operation: the cycle does not run past the star)."""
    return min(plan.chemotherapy_end, plan.surgery)


def treatment_timeline_figure(plan: TimingPlan, *, source: str) -> go.Figure:
    """Chemotherapy (each cycle marked) to the last dose and, lighter, the rest of its cycle, to where the
    course's weeks are counted (or to surgery, if that comes first); bevacizumab, the interval to surgery,
    re-imaging and surgery."""
    fig = go.Figure()
    last_dose = max(plan.last_chemo, plan.start + timedelta(days=1))
    _segment(fig, plan.start, last_dose, _ROWS[0], palette.BLUE, "Chemotherapy, to the last dose")
    end = plan.chemotherapy_end
    shown_end = max(rest_of_last_cycle_end(plan), last_dose)
    cut_short = f"; surgery on {plan.surgery.isoformat()} comes before it" if plan.surgery < end else ""
    _segment(
        fig,
        last_dose,
        shown_end,
        _ROWS[0],
        palette.SKY,
        f"Rest of the last cycle, after the last dose: to {end.isoformat()}, week "
        f"{_weeks_from_start(plan, end)}{cut_short}",
    )
    fig.add_annotation(  # above the segment, pointing at its middle; its right edge no further right than it
        x=last_dose + (shown_end - last_dose) / 2,
        y=_ROWS[0],
        text=REST_OF_LAST_CYCLE_LABEL,
        showarrow=True,
        arrowhead=0,
        arrowwidth=1,
        arrowcolor=palette.BLACK,
        standoff=9,  # the arrow stops at the bar's top (18 px wide)
        ax=0,
        ay=-30,
        xanchor="right",
        yanchor="bottom",
        align="right",
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
    cycle, where its weeks are counted (and that surgery comes first, when it does: the chart's segment then
    stops at surgery)."""
    end = plan.chemotherapy_end
    cut_short = "; surgery comes before that end" if plan.surgery < end else ""
    return (
        f"Timeline from {plan.start.isoformat()} to surgery on {plan.surgery.isoformat()}: "
        f"{len(plan.cycle_dates)} cycles of chemotherapy, the last dose on {plan.last_chemo.isoformat()}, "
        f"counted to the end of the last cycle on {end.isoformat()} ({_weeks_from_start(plan, end)} weeks"
        f"{cut_short}), "
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
