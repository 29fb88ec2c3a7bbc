"""The Response assessment page's chart: the sums of target diameters with the PR and PD lines."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..tools import (
    RecistBoundaries,
    TargetSums,
)
from .frame import apply_frame


def recist_sums_figure(sums: TargetSums, boundaries: RecistBoundaries, *, source: str) -> go.Figure:
    """Sum of target diameters at baseline, nadir and now, with the PR line (from baseline) and PD line (from
    nadir): the baseline-versus-nadir lesson in one picture."""
    names = ["Baseline", "Nadir", "Now"]
    values = [sums.baseline_mm, sums.nadir_mm, sums.now_mm]
    # The sums are written at the foot of each bar and the two lines are named in the legend: a label above a
    # bar, or one on a line, collides exactly where the lesson is (a sum just under or over a line).
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=[palette.GREY, palette.SKY, palette.BLUE],
            text=[f"{format_number(v)} mm" for v in values],
            textposition="inside",
            insidetextanchor="start",
            textfont={
                "color": [palette.WHITE, palette.BLACK, palette.WHITE],
                "size": 14,
            },  # AA contrast on each bar
            hovertemplate="%{x}: sum %{y} mm<extra></extra>",
            showlegend=False,
        )
    )
    lines = (
        (
            boundaries.pr_at_or_below_mm,
            {"color": palette.GREEN, "dash": "dash", "width": 2},
            f"PR at or below {format_number(round(boundaries.pr_at_or_below_mm, 2))} mm (30% under baseline)",
        ),
        (
            boundaries.pd_at_or_above_mm,
            {"color": palette.VERMILLION, "dash": "dot", "width": 2},
            f"PD at or above {format_number(round(boundaries.pd_at_or_above_mm, 2))} mm "
            "(20% and 5 mm over nadir)",
        ),
    )
    for y, line, name in lines:
        fig.add_hline(y=y, line=line)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=name, hoverinfo="skip"))
    top = max([*values, boundaries.pd_at_or_above_mm])
    fig.update_yaxes(title_text="Sum of diameters (mm)", range=[0, top * 1.25 if top > 0 else 1])
    return apply_frame(fig, title="Sum of target diameters", source=source, height=460, axis_px=34)
