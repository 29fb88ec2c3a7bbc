"""The Trials page's chart: the chosen study's arms, one panel per endpoint, with only what the review gives.

Each bar is one arm's figure from its Evidence record, labelled with the record's own text ("15.5 months");
a ratio (HR, RR) is one marker against a line at no difference. No interval is drawn: the review gives none.
Each panel's heading says the P value, or "not given", and whether the difference was significant.
Endpoints the review gives no single figures for (a range across studies, a bound, words only) are named
under the chart instead of drawn.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import palette
from ..catalog import Catalog
from ..studies import Endpoint, Study, endpoint_heading, p_phrase, resolve, significance_text, source_line
from .frame import (
    BASE_FONT_SIZE,
    SOURCE_LINE_PX,
    TITLE_LINE_PX,
    TOP_PX,
    apply_frame,
    wrap_note,
    wrap_title,
)

ARM_COLOURS = (palette.BLUE, palette.ORANGE, palette.GREEN, palette.VERMILLION, palette.PURPLE, palette.SKY)
PANEL_PX = 150  # one endpoint's plot
AXIS_PX = 64  # the arms' names under a panel, up to three lines
HEADING_LINE_PX = 20  # a line of a panel's heading
HEADING_WRAP = 44  # characters per line of a panel's heading
ARM_WRAP = 14  # characters per line of an arm's name under its bar (four arms fit a phone)


def drawable(catalog: Catalog, endpoint: Endpoint) -> bool:
    """An endpoint the chart draws: single figures (no range, no bound) for its arms, or a ratio."""
    figures = [*endpoint.values, *([endpoint.effect] if endpoint.effect else [])]
    values = [resolve(catalog, f) for f in figures]
    return bool(values) and all(v.high is None and v.comparator == "=" for v in values)


def chart_endpoints(catalog: Catalog, study: Study) -> tuple[Endpoint, ...]:
    return tuple(e for e in study.endpoints if drawable(catalog, e))


def panel_heading(catalog: Catalog, endpoint: Endpoint) -> list[str]:
    """A panel's heading lines: the endpoint, then its P value (or "not given") and significance."""
    return [  # both wrapped: an unwrapped P-value line ran past the chart on a phone
        *wrap_title(endpoint_heading(endpoint), HEADING_WRAP),
        *wrap_title(f"{p_phrase(catalog, endpoint)}; {significance_text(endpoint)}", HEADING_WRAP),
    ]


def _arm_label(name: str) -> str:
    return "<br>".join(wrap_note(name, ARM_WRAP))


def _not_drawn(catalog: Catalog, study: Study, drawn: tuple[Endpoint, ...]) -> str:
    skipped = [e.name for e in study.endpoints if e not in drawn]
    return f" Not drawn (no single figures per arm): {'; '.join(skipped)}." if skipped else ""


def study_figure(catalog: Catalog, study: Study) -> go.Figure:
    """The arms of ``study`` by endpoint: bars of the review's figures, or a ratio's marker; nothing else."""
    drawn = chart_endpoints(catalog, study)
    rows = max(len(drawn), 1)
    headings = [panel_heading(catalog, e) for e in drawn] or [["The review gives no figures to draw"]]
    lines = max(len(h) for h in headings)
    heading_px = lines * HEADING_LINE_PX + 8
    gap_px = AXIS_PX + heading_px + 10
    plot_px = rows * PANEL_PX + (rows - 1) * gap_px
    title = f"{study.name}: results by arm"
    source = (
        source_line(catalog, study)
        + " No intervals: the review gives none."
        + _not_drawn(catalog, study, drawn)
    )
    top = TOP_PX + (len(wrap_title(title)) - 1) * TITLE_LINE_PX + heading_px
    bottom = AXIS_PX + len(wrap_note(source)) * SOURCE_LINE_PX + 10
    fig = make_subplots(rows=rows, cols=1, vertical_spacing=gap_px / plot_px if rows > 1 else 0.0)
    colour = {arm.key: ARM_COLOURS[i % len(ARM_COLOURS)] for i, arm in enumerate(study.arms)}
    for row, endpoint in enumerate(drawn, start=1):
        if endpoint.effect is not None and endpoint.effect_arms is not None:
            ratio = resolve(catalog, endpoint.effect)
            first, second = (study.arm_name(a) for a in endpoint.effect_arms)
            label = _arm_label(f"{first} against {second}")
            fig.add_trace(
                go.Scatter(
                    x=[label],
                    y=[ratio.value],
                    mode="markers+text",
                    text=[ratio.display()],
                    textposition="middle right",
                    marker={"symbol": "diamond", "size": 16, "color": colour[endpoint.effect_arms[0]]},
                    hovertemplate=f"{ratio.display()}<extra></extra>",
                    showlegend=False,
                ),
                row=row,
                col=1,
            )
            fig.add_hline(y=1, line={"color": palette.GREY, "dash": "dash"}, row=row, col=1)
            top_value = max(ratio.value, 1.0)
            fig.update_yaxes(range=[0, top_value * 1.3], title_text=ratio.unit, row=row, col=1)
            continue
        values = [(study.arm_name(v.arm), v.arm, resolve(catalog, v)) for v in endpoint.values]
        fig.add_trace(
            go.Bar(
                x=[_arm_label(name) for name, _, _ in values],
                y=[value.value for _, _, value in values],
                text=[value.display() for _, _, value in values],
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": [colour[arm] for _, arm, _ in values],
                    "line": {"color": palette.BLACK, "width": 1},
                },
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        unit = values[0][2].unit
        fig.update_yaxes(range=[0, max(v.value for _, _, v in values) * 1.3], title_text=unit, row=row, col=1)
    fig.update_xaxes(type="category", tickangle=0)
    fig.update_yaxes(title_font={"size": BASE_FONT_SIZE - 3}, rangemode="tozero")
    apply_frame(
        fig, title=title, source=source, height=top + plot_px + bottom, legend=False, above_px=heading_px
    )
    for row, heading in enumerate(headings, start=1):
        axis = fig.layout["yaxis" if row == 1 else f"yaxis{row}"]
        fig.add_annotation(
            text="<br>".join(heading),
            xref="paper",
            yref="paper",
            x=0,
            y=axis.domain[1],
            yanchor="bottom",
            yshift=4,
            xanchor="left",
            align="left",
            showarrow=False,
            font={"size": BASE_FONT_SIZE - 2, "color": palette.BLACK},
        )
    return fig
