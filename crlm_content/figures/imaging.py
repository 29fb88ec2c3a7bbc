"""The imaging page's charts: detection sensitivity by study and modality, CT with and without chemotherapy
before resection (PROMETEO-01), and the icon array of what a sensitivity means for N true lesions. The rows,
the arithmetic and the alt texts are ``crlm_content.imaging``'s."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..imaging import (
    ICONS_PER_ROW,
    CtByChemotherapy,
    DetectionIllustration,
    SensitivityRow,
    pct,
)
from ..search import citation_text, format_refs
from .frame import BASE_FONT_SIZE, PHONE_PLOT_PX, TITLE_FONT_PX, apply_frame, wrap_title

_STUDY_COLOURS: dict[str, str] = {"meta": palette.BLUE, "prometeo": palette.ORANGE, "intraop": palette.GREEN}
_STUDY_PATTERNS: dict[str, str] = {"meta": "", "prometeo": "/", "intraop": "."}

# Rows of the sensitivity chart: a study's heading takes one, each bar one; a label sits above its bar, so
# the bars keep the plot's whole width on a phone (labels beside them left ~60 px of bar at 390 px).
_ROW_PX = 40
_BAR_WIDTH = 0.5  # of a row


# A study's heading (bold, ``_HEADING_FONT_PX``) is wrapped to the narrowest chart: at 320 px "Pooled
# meta-analysis, after chemotherapy [71]" ran 30 px off the screen and lost its citation. It starts at the
# plot's left edge, 10 px into the figure; its width is the title's measure scaled to its size (same face).
_HEADING_FONT_PX = BASE_FONT_SIZE - 1
HEADING_PX = (PHONE_PLOT_PX - 10 - 4) * TITLE_FONT_PX / _HEADING_FONT_PX  # in the title's measure
_HEADING_LINE_ROWS = 0.5  # each further line of a heading: half a row more above its bars


def study_heading_lines(study: str) -> list[str]:
    """A study's heading as lines that fit the narrowest chart, never broken before its citation."""
    return wrap_title(study, limit_px=HEADING_PX)


def sensitivity_layout(rows: Sequence[SensitivityRow]) -> tuple[dict[str, float], dict[str, float]]:
    """Row positions, top to bottom: each study's heading (by study key, the middle of its lines), then its
    bars (by row key)."""
    headings: dict[str, float] = {}
    bars: dict[str, float] = {}
    position = 0.0
    for study_key in dict.fromkeys(r.study_key for r in rows):
        study = next(r.study for r in rows if r.study_key == study_key)
        extra = (len(study_heading_lines(study)) - 1) * _HEADING_LINE_ROWS
        headings[study_key] = position + extra / 2
        position += extra
        for row in (r for r in rows if r.study_key == study_key):
            position += 1
            bars[row.key] = position
        position += 1.2  # a little air before the next study
    return headings, bars


def sensitivity_figure(rows: Sequence[SensitivityRow]) -> go.Figure:
    """Horizontal bars grouped by study: the study's name (with its reference) heads its group, and each bar's
    modality is written above the bar.

    One trace per study, so the colour and hatching follow the study; no bar combines studies.
    """
    headings, bars = sensitivity_layout(rows)
    fig = go.Figure()
    for study_key, heading in headings.items():
        group = [r for r in rows if r.study_key == study_key]
        fig.add_trace(
            go.Bar(
                name=group[0].study,
                orientation="h",
                y=[bars[r.key] for r in group],
                x=[r.sensitivity for r in group],
                width=_BAR_WIDTH,
                text=[pct(r.sensitivity) for r in group],
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": _STUDY_COLOURS[study_key],
                    "pattern": {"shape": _STUDY_PATTERNS[study_key], "fgcolor": palette.BLACK},
                    "line": {"color": palette.BLACK, "width": 1},
                },
                customdata=[[f"{r.study}, {r.bar_label}", r.setting, r.evidence_id] for r in group],
                hovertemplate="%{customdata[0]}: %{x}%<br>%{customdata[1]}<br>record %{customdata[2]}"
                "<extra></extra>",
            )
        )
        fig.add_annotation(
            x=0,
            y=heading,
            text="<br>".join(f"<b>{line}</b>" for line in study_heading_lines(group[0].study)),
            xanchor="left",
            yanchor="middle",
            align="left",
            showarrow=False,
            font={"size": _HEADING_FONT_PX, "color": palette.BLACK},
        )
        for row in group:
            fig.add_annotation(
                x=0,
                y=bars[row.key] - _BAR_WIDTH / 2,  # the bar's top edge (the axis runs downwards)
                text=row.bar_label,
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font={"size": BASE_FONT_SIZE - 2, "color": palette.BLACK},
            )
    refs = sorted({ref for r in rows for ref in r.refs})
    source = (
        f"Sensitivities as the review quotes them ({citation_text(refs)}), "
        "each with its own study; never averaged across studies."
        if rows
        else "No study or modality selected."
    )
    last = max([*bars.values(), 1.0])
    height = 230 + int(_ROW_PX * (last + 0.5))
    apply_frame(
        fig,
        title="Detection sensitivity by study and modality",
        source=source,
        height=height,
        legend=False,
    )
    fig.update_layout(barmode="overlay", margin={"r": 30})
    fig.update_xaxes(title_text="Sensitivity (%)", range=[0, 118], tickvals=[0, 20, 40, 60, 80, 100])
    fig.update_yaxes(range=[last + 0.5, -0.6], showticklabels=False, showgrid=False, zeroline=False)
    return fig


# The CT-by-chemotherapy chart: the P value's place above the taller bar, in axis points and then in px, and
# the axis's top, which leaves it room under the plot's top edge.
_P_ABOVE_BAR = 10
_P_LIFT_PX = 18
_Y_TOP = 130


def ct_by_chemotherapy_figure(comparison: CtByChemotherapy) -> go.Figure:
    """Two bars: CT in patients resected upfront and in patients given chemotherapy first (the primary
    paper's comparison, different patients); its P value above them. No fall is drawn or computed: the
    review's 71% is not in the primary's abstract and its 82% counts all patients (caveat 22)."""
    labels = ["Resected upfront", "Chemotherapy before resection"]
    refs = format_refs(comparison.refs)
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[comparison.upfront, comparison.pretreated],
            text=[pct(comparison.upfront), pct(comparison.pretreated)],
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": [palette.ORANGE, palette.VERMILLION],
                "pattern": {"shape": ["/", "x"], "fgcolor": palette.BLACK},
                "line": {"color": palette.BLACK, "width": 1},
            },
            hovertemplate="CT, %{x}: %{y}%<extra></extra>",
        )
    )
    # Above both bars and their values: between them it hid a value on a phone. The value labels stand a
    # fixed height in px over their bars, and a phone's plot gives 14 points of the axis only ~16 px: the P
    # value is lifted in px too, clear of "91%" at any height of the plot.
    fig.add_annotation(
        x=0.5,
        y=max(comparison.upfront, comparison.pretreated) + _P_ABOVE_BAR,
        yshift=_P_LIFT_PX,
        xref="x",
        yref="y",
        yanchor="bottom",
        showarrow=False,
        text=comparison.p_value,
        font={"size": BASE_FONT_SIZE - 1},
    )
    apply_frame(
        fig,
        title=f"PROMETEO-01 {refs}: CT sensitivity by chemotherapy before resection",  # 3 lines at 320 px
        source=(
            f"Lesion by lesion, from the primary paper's abstract ({citation_text(comparison.refs)}), not "
            "the review: different patients, not the same patients before and after. The review's "
            f"{pct(comparison.review_after)} is not in that abstract (caveat {comparison.caveat})."
        ),
        height=420,
        legend=False,
    )
    fig.update_layout(bargap=0.45)
    # The arm names on two lines, flat: on a 360 px phone plotly turned them aslant, and "Chemotherapy
    # before resection" then ran into the source note under the chart.
    two_lines = ["Resected<br>upfront", "Chemotherapy<br>before resection"]
    fig.update_xaxes(tickvals=labels, ticktext=two_lines, tickangle=0)
    fig.update_yaxes(title_text="Sensitivity (%)", range=[0, _Y_TOP], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def icon_array_figure(illustration: DetectionIllustration, *, row: SensitivityRow) -> go.Figure:
    """An icon array: one marker per true lesion, filled circles found, crosses missed (ten a row)."""
    n = illustration.lesions
    positions = [(i % ICONS_PER_ROW, i // ICONS_PER_ROW) for i in range(n)]
    found = positions[: illustration.found]
    missed = positions[illustration.found :]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            name=f"found ({illustration.found_count})",
            x=[p[0] for p in found],
            y=[p[1] for p in found],
            mode="markers",
            marker={"symbol": "circle", "size": 26, "color": palette.BLUE, "line": {"width": 0}},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            name=f"missed ({illustration.missed_count})",
            x=[p[0] for p in missed],
            y=[p[1] for p in missed],
            mode="markers",
            marker={
                "symbol": "x-thin-open",
                "size": 22,
                "color": palette.VERMILLION,
                "line": {"width": 4, "color": palette.VERMILLION},
            },
            hoverinfo="skip",
        )
    )
    rows_of_icons = math.ceil(n / ICONS_PER_ROW)
    height = 250 + 46 * rows_of_icons
    apply_frame(
        fig,
        title=f"{illustration.true_lesions}: {illustration.headline}",
        source=(
            f"Derived: {illustration.lesions} x {pct(illustration.sensitivity)} = "
            f"{format_number(illustration.expected_found, decimals=None)}, {illustration.rounding_rule}.<br>"
            f"Sensitivity: {row.bar_label}, {row.study}."
        ),
        height=height,
        legend=False,  # the key goes above the icons, in the room kept there
        above_px=30,
        axis_px=12,  # no axes
    )
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": BASE_FONT_SIZE}},
    )
    fig.update_xaxes(visible=False, range=[-0.7, ICONS_PER_ROW - 0.3], fixedrange=True)
    fig.update_yaxes(visible=False, range=[rows_of_icons - 0.4, -0.6], fixedrange=True)
    return fig
