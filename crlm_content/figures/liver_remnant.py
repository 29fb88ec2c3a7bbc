"""The Future liver remnant page's chart: the FLR as a bar against every condition's threshold."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..liver import FLR_THRESHOLDS
from ..tools import (
    FlrAssessment,
    flr_bar_label,
    flr_shown,
)
from .frame import apply_frame, wrap_note

BAR_LABEL_CHARS = 40  # the verdict under the bar: about 300 px, whole on a phone


def flr_figure(assessment: FlrAssessment, *, source: str) -> go.Figure:
    """The patient's FLR as a bar against the chosen condition's threshold (solid) and the others (dotted).

    Every label fits a phone: the bar carries its value only and the verdict is written under it; the chosen
    rule is bold on a row of its own above the plot, and the other two rules lean away from each other.
    """
    colour = palette.GREEN if assessment.sufficient else palette.VERMILLION
    fig = go.Figure(
        go.Bar(
            x=[assessment.flr_percent],
            y=[0],
            orientation="h",
            marker_color=colour,
            text=[flr_shown(assessment)],
            textposition="outside" if assessment.flr_percent < 85 else "inside",
            hovertemplate="FLR %{text}<extra></extra>",
            showlegend=False,
            width=0.6,
        )
    )
    others = sorted(t for c, (t, _) in FLR_THRESHOLDS.items() if c != assessment.condition)
    for condition, (threshold, comparator) in FLR_THRESHOLDS.items():
        chosen = condition == assessment.condition
        rule = f"{comparator} {format_number(threshold)}%"
        fig.add_shape(
            type="line",
            x0=threshold,
            x1=threshold,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": palette.BLACK, "width": 3}
            if chosen
            else {"color": palette.GREY, "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            x=threshold,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=22 if chosen else 2,
            # The lower of the other two rules ends at its line, the higher starts at its own: 10 points
            # apart is ~30 px on a phone, less than one rule's width.
            xanchor="center" if chosen else ("right" if threshold == others[0] else "left"),
            text=f"<b>{rule}</b>" if chosen else rule,
            showarrow=False,
            font={"size": 13, "color": palette.BLACK if chosen else palette.GREY},
        )
    fig.add_annotation(
        x=0,
        y=-0.34,  # under the bar (it spans -0.3 to 0.3)
        xanchor="left",
        yanchor="top",
        align="left",
        text="<br>".join(wrap_note(flr_bar_label(assessment), BAR_LABEL_CHARS)),
        showarrow=False,
        bgcolor=palette.WHITE,  # the threshold lines pass behind it, not through the words
        font={"size": 14, "color": palette.BLACK},
    )
    fig.update_xaxes(title_text="FLR, % of total liver volume", range=[0, 100], ticksuffix="%", dtick=10)
    fig.update_yaxes(showticklabels=False, range=[-0.75, 0.45], showgrid=False, zeroline=False)
    title = "Future liver remnant against the threshold"
    apply_frame(fig, title=title, source=source, height=440, above_px=50)  # threshold labels above the plot
    fig.update_layout(margin={"r": 30})
    return fig
