"""The Trials page's chart: the chosen study's arms, one panel per endpoint, with only what the review gives.

Each bar is one arm's figure from its Evidence record, labelled with the record's own text ("15.5 months");
a ratio (HR, RR) is one marker against a line at no difference. No interval is drawn: the review gives none.
Each panel's heading says the P value, or "not given", and whether the difference was significant.
Endpoints the review gives no single figures for (a range across studies, a bound, words only) are named
under the chart instead of drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

import plotly.graph_objects as go

from .. import palette
from ..catalog import Catalog
from ..studies import Endpoint, Study, endpoint_heading, p_phrase, resolve, significance_text, source_line
from .frame import (
    BASE_FONT_SIZE,
    PHONE_PLOT_PX,
    PROJECTOR_TEXT_SCALE,
    SOURCE_LINE_PX,
    SOURCE_WRAP,
    TITLE_FONT_PX,
    TITLE_LINE_PX,
    TITLE_PX,
    TOP_PX,
    apply_frame,
    projector_note_growth_px,
    title_px,
    wrap_note,
    wrap_title,
)

ARM_COLOURS = (palette.BLUE, palette.ORANGE, palette.GREEN, palette.VERMILLION, palette.PURPLE, palette.SKY)
PANEL_PX = 150  # one endpoint's plot, at most
HEADING_LINE_PX = 20  # a line of a panel's heading
HEADING_WRAP = 40  # characters per line of a panel's heading on a phone (44 ran 5-8 px past a 360 px one)
HEADING_CHAR_PX = 6.2  # a heading character's room (14 px; "P value not given; significance" is 176 px)
ARM_WRAP = (
    14  # characters per line of an arm's name turned upright (a phone's panel too narrow to lay it flat)
)
ARM_LINE_PX = 20  # a line of an arm's name laid flat under its bar
ARM_GAP_PX = 10  # at least this much between two arms' names (they read as one word when they touch)
ROW_GAP_PX = 10  # between one panel's arm names and the next panel's heading
# The source line starts this far left of the plot, under the y axis' ticks and unit (62-72 px wide on a
# phone): from the plot's edge its 46-character lines ran off a 360 px phone ('... and recurrence,').
Y_AXIS_PX = 48

# How wide a panel is drawn, for the arms' names under it. Tick labels are 12 px (Streamlit's chart theme)
# and estimated from the title's bold glyphs at that size (an over-estimate: 'chemotherapy' is 77 px by the
# table, 73 px drawn). A 360 px phone's chart is 328 px wide and its plot 227 px (left of it the y axis and
# its title): panels are taken as 220 px there.
TICK_PX = 12
PHONE_PANEL_PX = 220
# The wide form (``study_figure(..., wide=True)``): panels in a grid, for a chart at least ``WIDE_PX`` wide
# (the page shows it only where the chart is, and in presenter mode where it is 1.25 times that, the text
# being 1.25 times larger). The grid's plot is the chart less its y axis and margins; a gap of
# ``COLUMN_GAP`` of the plot between columns holds the next column's y axis. In presenter mode ticks are
# 16 px in a chart 1.25 times as wide: each panel has 16 / 12 / 1.25 less room for its arms than at 12 px.
WIDE_PX = 880
WIDE_PLOT_PX = WIDE_PX - 90
COLUMN_GAP = 0.1
MAX_COLUMNS = 3
PROJECTOR_TICK_SQUEEZE = (BASE_FONT_SIZE / TICK_PX) / PROJECTOR_TEXT_SCALE
# The wide form's height, at most: in presenter mode (1.25 times as tall) a 1280x720 projector shows it
# whole, title to source line, with 16 px to spare (presenter mode hides Streamlit's header).
PROJECTOR_SCREEN_PX = 720
WIDE_HEIGHT_PX = int((PROJECTOR_SCREEN_PX - 16) / PROJECTOR_TEXT_SCALE)
MIN_PANEL_PX = 70  # the least a panel is given to fit that height


def drawable(catalog: Catalog, endpoint: Endpoint) -> bool:
    """An endpoint the chart draws: single figures (no range, no bound) for its arms, or a ratio."""
    figures = [*endpoint.values, *([endpoint.effect] if endpoint.effect else [])]
    values = [resolve(catalog, f) for f in figures]
    return bool(values) and all(v.high is None and v.comparator == "=" for v in values)


def chart_endpoints(catalog: Catalog, study: Study) -> tuple[Endpoint, ...]:
    return tuple(e for e in study.endpoints if drawable(catalog, e))


def panel_heading(catalog: Catalog, endpoint: Endpoint, width: int = HEADING_WRAP) -> list[str]:
    """A panel's heading lines of at most ``width`` characters: the endpoint, then its P value (or "not
    given") and significance."""
    return [  # both wrapped: an unwrapped P-value line ran past the chart on a phone
        *wrap_title(endpoint_heading(endpoint), width),
        *wrap_title(f"{p_phrase(catalog, endpoint)}; {significance_text(endpoint)}", width),
    ]


def tick_px(text: str) -> float:
    """How wide ``text`` is drawn as a tick label (12 px), over-estimated from the title's bold glyphs."""
    return title_px(text) * TICK_PX / TITLE_FONT_PX


@dataclass(frozen=True)
class ArmLabels:
    """The names under one panel's bars: their lines (joined by <br>), and whether they stand upright."""

    labels: tuple[str, ...]
    upright: bool
    px: int  # the room they take under the panel


def arm_labels(names: list[str], panel_px: float) -> ArmLabels:
    """The arms' names under a panel ``panel_px`` wide (at 12 px type): laid flat, each wrapped to its bar's
    share of the panel, when every line fits that share with ``ARM_GAP_PX`` to spare; otherwise upright, in
    lines of ``ARM_WRAP`` characters, side by side under their bars (four arms on a phone: 'No chemotherapy'
    and 'Before hepatectomy' ran together as 'chemotherapyhepatectomy'). The names are the study's own."""
    share = panel_px / len(names)
    flat = [wrap_px(name, share - ARM_GAP_PX) for name in names]
    if all(tick_px(line) <= share - ARM_GAP_PX for lines in flat for line in lines):
        height = max(len(lines) for lines in flat) * ARM_LINE_PX + 4
        return ArmLabels(tuple("<br>".join(lines) for lines in flat), upright=False, px=height)
    upright = [wrap_note(name, ARM_WRAP) for name in names]
    tallest = max(tick_px(line) for lines in upright for line in lines)  # an upright line's length
    return ArmLabels(tuple("<br>".join(lines) for lines in upright), upright=True, px=ceil(tallest) + 12)


def wrap_px(text: str, limit: float) -> list[str]:
    """``text`` in lines no wider than ``limit`` as tick labels (a word wider than that alone on a line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and tick_px(joined := f"{lines[-1]} {word}") <= limit:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _not_drawn(catalog: Catalog, study: Study, drawn: tuple[Endpoint, ...]) -> str:
    skipped = [e.name for e in study.endpoints if e not in drawn]
    return f" Not drawn (no single figures per arm): {'; '.join(skipped)}." if skipped else ""


def _arm_names(study: Study, endpoint: Endpoint) -> list[str]:
    if endpoint.effect is not None and endpoint.effect_arms is not None:
        first, second = (study.arm_name(a) for a in endpoint.effect_arms)
        return [f"{first} against {second}"]
    return [study.arm_name(v.arm) for v in endpoint.values]


def grid_shape(panels: int, wide: bool) -> tuple[int, int]:
    """(rows, columns): one column on a phone; in the wide form up to ``MAX_COLUMNS`` a row, the rows as
    even as they can be (5 panels: 3 and 2; 4: 2 and 2)."""
    if not wide:
        return max(panels, 1), 1
    rows = max(ceil(panels / MAX_COLUMNS), 1)
    return rows, max(ceil(panels / rows), 1)


def study_figure(catalog: Catalog, study: Study, *, wide: bool = False) -> go.Figure:
    """The arms of ``study`` by endpoint: bars of the review's figures, or a ratio's marker; nothing else.

    One panel a row for a phone; ``wide``: the panels in a grid, the title and source line as wide as the
    chart, and the panels as tall as fits one 1280x720 projector screen in presenter mode
    (``WIDE_HEIGHT_PX``), for a page that shows this form only where the chart is ``WIDE_PX`` wide or more.
    """
    drawn = chart_endpoints(catalog, study)
    rows, cols = grid_shape(len(drawn), wide)
    if wide:
        panel_w = WIDE_PLOT_PX * (1 - COLUMN_GAP * (cols - 1)) / cols
        heading_wrap = min(int(panel_w / HEADING_CHAR_PX), 2 * HEADING_WRAP) if cols > 1 else 2 * HEADING_WRAP
        arms_w = panel_w / PROJECTOR_TICK_SQUEEZE
    else:
        heading_wrap, arms_w = HEADING_WRAP, PHONE_PANEL_PX
    headings = [panel_heading(catalog, e, heading_wrap) for e in drawn] or [
        ["The review gives no figures to draw"]
    ]
    labels = [arm_labels(_arm_names(study, e), arms_w) for e in drawn]
    cells = [divmod(i, cols) for i in range(len(headings))]  # (row, column) of each panel
    heading_px = [
        max(len(h) for h, (r, _) in zip(headings, cells, strict=True) if r == row) * HEADING_LINE_PX + 8
        for row in range(rows)
    ]
    axis_px = [
        max((a.px for a, (r, _) in zip(labels, cells, strict=False) if r == row), default=ARM_LINE_PX)
        for row in range(rows)
    ]
    gaps = [axis_px[row] + ROW_GAP_PX + heading_px[row + 1] for row in range(rows - 1)]
    width_px = WIDE_PX if wide else PHONE_PLOT_PX
    title = f"{study.name}: results by arm"
    source = (
        source_line(catalog, study)
        + " No intervals: the review gives none."
        + _not_drawn(catalog, study, drawn)
    )
    top = TOP_PX + (len(wrap_title(title, limit_px=TITLE_PX + width_px - PHONE_PLOT_PX)) - 1) * TITLE_LINE_PX
    top += heading_px[0]
    note_lines = len(wrap_note(source, SOURCE_WRAP * width_px // PHONE_PLOT_PX))
    bottom = axis_px[-1] + note_lines * SOURCE_LINE_PX + 10
    panel_px = PANEL_PX
    if wide:  # as tall as the projector's screen leaves room for, with the note's lines at the room's size
        room = WIDE_HEIGHT_PX - ceil(projector_note_growth_px(note_lines) / PROJECTOR_TEXT_SCALE)
        panel_px = max(min(PANEL_PX, (room - top - bottom - sum(gaps)) // rows), MIN_PANEL_PX)
    plot_px = rows * panel_px + sum(gaps)
    fig = go.Figure()
    column_w = (1 - COLUMN_GAP * (cols - 1)) / cols
    domains = []
    offset = 0
    for row in range(rows):
        domains.append((1 - (offset + panel_px) / plot_px, 1 - offset / plot_px))
        offset += panel_px + (gaps[row] if row < rows - 1 else 0)
    colour = {arm.key: ARM_COLOURS[i % len(ARM_COLOURS)] for i, arm in enumerate(study.arms)}
    for n, (endpoint, names, (row, col)) in enumerate(zip(drawn, labels, cells, strict=False), start=1):
        x_name, y_name = ("x", "y") if n == 1 else (f"x{n}", f"y{n}")
        left = col * (column_w + COLUMN_GAP)
        fig.update_layout(
            {
                f"xaxis{'' if n == 1 else n}": {
                    "domain": [left, left + column_w],
                    "anchor": y_name,
                    "type": "category",
                    "tickangle": -90 if names.upright else 0,
                },
                f"yaxis{'' if n == 1 else n}": {"domain": list(domains[row]), "anchor": x_name},
            }
        )
        if endpoint.effect is not None and endpoint.effect_arms is not None:
            ratio = resolve(catalog, endpoint.effect)
            fig.add_trace(
                go.Scatter(
                    x=[names.labels[0]],
                    y=[ratio.value],
                    mode="markers+text",
                    text=[ratio.display()],
                    # the label on the far side of the marker from the RR = 1 line: level with it, the
                    # line ran through "RR = 0.91" (a ratio under 1 is labelled below, over 1 above)
                    textposition="bottom right" if ratio.value < 1 else "top right",
                    marker={"symbol": "diamond", "size": 16, "color": colour[endpoint.effect_arms[0]]},
                    hovertemplate=f"{ratio.display()}<extra></extra>",
                    showlegend=False,
                    xaxis=x_name,
                    yaxis=y_name,
                )
            )
            fig.add_shape(
                type="line",
                xref=f"{x_name} domain",
                x0=0,
                x1=1,
                yref=y_name,
                y0=1,
                y1=1,
                line={"color": palette.GREY, "dash": "dash"},
                layer="below",  # under the marker and its label, never across them
            )
            top_value = max(ratio.value, 1.0)
            fig.layout[f"yaxis{'' if n == 1 else n}"].update(
                range=[0, top_value * 1.3], title_text=ratio.unit
            )
            continue
        values = [(v.arm, resolve(catalog, v)) for v in endpoint.values]
        fig.add_trace(
            go.Bar(
                x=list(names.labels),
                y=[value.value for _, value in values],
                text=[value.display() for _, value in values],
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": [colour[arm] for arm, _ in values],
                    "line": {"color": palette.BLACK, "width": 1},
                },
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
                xaxis=x_name,
                yaxis=y_name,
            )
        )
        unit = values[0][1].unit
        fig.layout[f"yaxis{'' if n == 1 else n}"].update(
            range=[0, max(v.value for _, v in values) * 1.3], title_text=unit
        )
    fig.update_yaxes(title_font={"size": BASE_FONT_SIZE - 3}, rangemode="tozero")
    apply_frame(
        fig,
        title=title,
        source=source,
        height=top + plot_px + bottom,
        legend=False,
        above_px=heading_px[0],
        axis_px=axis_px[-1],
        labels_px=Y_AXIS_PX,
        width_px=width_px,
    )
    for heading, (row, col) in zip(headings, cells, strict=True):
        fig.add_annotation(
            text="<br>".join(heading),
            xref="paper",
            yref="paper",
            x=col * (column_w + COLUMN_GAP),
            y=domains[row][1],
            yanchor="bottom",
            yshift=4,
            xanchor="left",
            align="left",
            showarrow=False,
            font={"size": BASE_FONT_SIZE - 2, "color": palette.BLACK},
        )
    return fig
