"""The Prognostic scores page's chart: published survival by Fong score, the patient's bar marked."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..scores import PublishedOutcomes
from .frame import BASE_FONT_SIZE, apply_frame

# The "this patient" marker, in px of the plot: a bar's value label ("40%", outside the bar) reaches this far
# above it, the marker's text is this tall, and its arrow at least this long. The text sits above every
# bar's label, whatever the screen's width: centred over the patient's bar it covered the next bar's label on
# a phone, where a bar is narrower than the text ("40%this patient" at 360 and 390 px).
BAR_LABEL_PX = BASE_FONT_SIZE + 10
MARKER_FONT_PX = 14
MARKER_TEXT_PX = MARKER_FONT_PX + 8
ARROW_PX = 22
FIGURE_PX = 400


def patient_marker(survival: list[float], index: int, plot_px: float) -> tuple[float, float]:
    """(top of the y axis, y of the marker text's foot), in % survival, for the patient's bar ``index`` in a
    plot ``plot_px`` tall: the text's foot clears every bar's label and leaves the arrow its length over the
    patient's own label, and the axis keeps room above the text."""
    tallest, own = max(survival), survival[index]
    above_tallest = BAR_LABEL_PX + ARROW_PX + MARKER_TEXT_PX  # the patient's bar may be the tallest
    top = max(tallest * 1.45, tallest * plot_px / max(plot_px - above_tallest, 1.0))
    per_px = top / plot_px
    foot = max(tallest + (BAR_LABEL_PX + 4) * per_px, own + (BAR_LABEL_PX + ARROW_PX) * per_px)
    return top, foot


def fong_outcomes_figure(outcomes: PublishedOutcomes, *, patient_points: int, source: str) -> go.Figure:
    """Published 5-year OS by Fong score 0-5, the patient's score highlighted and labelled."""
    groups = [row.group for row in outcomes.rows]
    survival = [float(row.five_year_os_percent or 0) for row in outcomes.rows]
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
    fig.update_xaxes(title_text="Fong clinical risk score (points)", type="category")
    fig.update_yaxes(title_text="5-year overall survival (%)")
    # labels_px: the y axis title and its ticks reach ~40 px left of the plot; the note starts at the figure's
    # edge, so a 320 px screen shows it whole
    apply_frame(
        fig, title="Published 5-year survival by Fong score", source=source, height=FIGURE_PX, labels_px=40
    )
    margin = fig.layout.margin
    plot_px = FIGURE_PX - margin.t - margin.b
    index = groups.index(patient) if patient in groups else None
    top, foot = patient_marker(survival, index if index is not None else 0, plot_px)
    fig.update_yaxes(range=[0, top])
    if index is not None:
        edge = {0: "left", len(groups) - 1: "right"}.get(index, "center")  # kept over the plot, not the axis
        fig.add_annotation(
            x=patient,
            y=survival[index],
            yshift=BAR_LABEL_PX,  # the arrow's head above the bar's own label
            text="<b>this patient</b>",
            showarrow=True,
            arrowhead=2,
            ax=0,
            ayref="y",
            ay=foot - BAR_LABEL_PX * top / plot_px,  # the text's foot at ``foot``, once shifted up too
            xanchor=edge,
            yanchor="bottom",
            font={"size": MARKER_FONT_PX, "color": palette.BLACK},
        )
    return fig
