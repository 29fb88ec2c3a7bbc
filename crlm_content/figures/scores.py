"""The Prognostic scores page's chart: published survival by Fong score, the patient's bar marked."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..scores import PublishedOutcomes
from .frame import apply_frame


def fong_outcomes_figure(outcomes: PublishedOutcomes, *, patient_points: int, source: str) -> go.Figure:
    """Published 5-year OS by Fong score 0-5, the patient's score highlighted and labelled."""
    groups = [row.group for row in outcomes.rows]
    survival = [row.five_year_os_percent or 0 for row in outcomes.rows]
    median = [row.median_os_months for row in outcomes.rows]
    patient = str(patient_points)
    colours = [palette.ORANGE if group == patient else palette.BLUE for group in groups]
    labels = [f"{format_number(value)}%" for value in survival]
    fig = go.Figure(
        go.Bar(
            x=groups,
            y=survival,
            marker_color=colours,
            text=labels,
            textposition="outside",
            customdata=[format_number(m) if m is not None else "n/a" for m in median],
            hovertemplate="Fong score %{x}<br>5-year OS %{y}%<br>median OS %{customdata} months"
            "<extra></extra>",
            showlegend=False,
        )
    )
    if patient in groups:
        fig.add_annotation(
            x=patient,
            y=survival[groups.index(patient)],
            text="<b>this patient</b>",
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-40,
            yshift=26,
            font={"size": 14, "color": palette.BLACK},
        )
    fig.update_xaxes(title_text="Fong clinical risk score (points)", type="category")
    fig.update_yaxes(title_text="5-year overall survival (%)", range=[0, max(survival) * 1.45])
    return apply_frame(fig, title="Published 5-year survival by Fong score", source=source, height=380)
