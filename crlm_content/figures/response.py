"""The Response assessment page's chart: the sums of target diameters with the PR and PD lines."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..tools import (
    RecistBoundaries,
    TargetSums,
    recist_boundary_texts,
    recist_sum_texts,
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
            # each sum written on its side of the RECIST lines, as the page's metrics write it
            text=[f"{text} mm" for text in recist_sum_texts(sums)],
            textposition="inside",
            insidetextanchor="start",
            textfont={
                "color": [palette.WHITE, palette.BLACK, palette.WHITE],
                "size": 14,
            },  # AA contrast on each bar
            hovertemplate="%{x}: sum %{text}<extra></extra>",
            showlegend=False,
        )
    )
    pr_text, pd_text = recist_boundary_texts(sums, boundaries)
    lines = [(boundaries.pr_at_or_below_mm, {"color": palette.GREEN, "dash": "dash", "width": 2}, pr_text)]
    if not boundaries.complete_at_nadir:  # after a complete response any reappearance is PD: no line
        lines.append(
            (boundaries.pd_at_or_above_mm, {"color": palette.VERMILLION, "dash": "dot", "width": 2}, pd_text)
        )
    for y, line, name in lines:
        fig.add_hline(y=y, line=line)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=name, hoverinfo="skip"))
    if boundaries.complete_at_nadir:  # said in the legend, beside the PR line
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"color": palette.VERMILLION, "symbol": "x", "size": 10},
                name=pd_text,
                hoverinfo="skip",
            )
        )
    top = max([*values, *(y for y, _, _ in lines)])
    fig.update_yaxes(title_text="Sum of diameters (mm)", range=[0, top * 1.25 if top > 0 else 1])
    return apply_frame(fig, title="Sum of target diameters", source=source, height=460, axis_px=34)
