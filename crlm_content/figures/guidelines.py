"""The Guidelines page's chart: the organisations on a year axis, marked by their stance."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from .. import palette
from ..guidelines.model import STANCE_COLOURS, STANCE_LABELS, STANCE_SYMBOLS, Guideline, Stance
from ..guidelines.rows import by_year, name_lines, resectable_stance_text
from ..search import citation_text
from .frame import LEGEND_ROW_PX, SOURCE_NOTE, apply_frame

# A legend entry's line: at 320 px the legend has the ~205 px right of the organisations' names, and 30
# characters drew 199 px (measured in Chromium). Each further line of an entry drew ~16 px, and ~26.5 px
# in presenter mode (20 px text, the margins grown by a quarter): 22 kept (18 let the legend's last entry
# run 23 px into the note at 1920x1080).
LEGEND_WRAP = 30
LEGEND_LINE_PX = 22
# Markers of one stance told apart where the table words them differently (ESMO's stance per kind of
# metastases beside SEOM's of the same overall stance): filled, then with a black dot (outlined in black as
# the filled ones, for 3:1 against white: an open orange circle drew 2:1), then open ones.
SYMBOL_VARIANTS = ("", "-dot", "-open-dot", "-open")


def stance_groups(items: Sequence[Guideline]) -> list[tuple[Stance, str, list[Guideline]]]:
    """The organisations by the words the timeline's table gives their stance (``resectable_stance_text``),
    in the order of the stances, each stance's own label first: a legend entry each. Grouped by the overall
    stance alone, the chart's legend and hover said "Recommended (chemotherapy first)" for the Expert Group,
    whose position the table gives for synchronous metastases only."""
    groups: dict[tuple[Stance, str], list[Guideline]] = {}
    for g in by_year(items):
        groups.setdefault((g.resectable_stance(), resectable_stance_text(g)), []).append(g)
    order = list(Stance)
    keys = sorted(groups, key=lambda k: (order.index(k[0]), k[1] != STANCE_LABELS[k[0]]))
    return [(stance, text, groups[(stance, text)]) for stance, text in keys]


def guideline_timeline_figure(items: Sequence[Guideline]) -> go.Figure:
    """Organisations on a year axis, marked by their stance on chemotherapy before resection, in the words
    of the table under the chart."""
    ordered = by_year(items)
    years = [g.year for g in ordered] or [2020]
    middle = (min(years) + max(years)) / 2
    fig = go.Figure()
    shown: dict[Stance, int] = {}
    extra_lines = 0
    for stance, text, members in stance_groups(ordered):
        variant = SYMBOL_VARIANTS[shown.get(stance, 0) % len(SYMBOL_VARIANTS)]
        shown[stance] = shown.get(stance, 0) + 1
        lines = name_lines(text, LEGEND_WRAP)
        extra_lines += len(lines) - 1
        fig.add_trace(
            go.Scatter(
                x=[g.year for g in members],
                y=[g.short_name for g in members],
                mode="markers+text",
                name="<br>".join(lines),
                # a marker's label beside its dot, kept short for a phone: the bracket alone ("2016 [14]"),
                # citation_text's form without "ref."; the note under the chart cites them in full
                text=[f"{g.year} [{g.ref}]" for g in members],
                # Later years' labels go left of their marker: to the right they ran off a phone's screen.
                textposition=["middle left" if g.year > middle else "middle right" for g in members],
                marker={
                    "color": STANCE_COLOURS[stance],
                    "symbol": STANCE_SYMBOLS[stance] + variant,
                    "size": 16,
                    # an open marker is drawn by its line, in the stance's colour; a dot by the line too
                    "line": {"width": 2}
                    if "open" in variant
                    else {"color": palette.BLACK, "width": 2 if variant else 1},
                },
                # the words as data, not template: a "%" in them would be read as a placeholder
                customdata=["<br>".join(lines)] * len(members),
                hovertemplate="%{y}, %{x}:<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_xaxes(
        title_text="Year of the guideline", dtick=1, range=[min(years) - 1, max(years) + 1], showgrid=True
    )
    names = [g.short_name for g in ordered]
    tick_lines = [name_lines(name) for name in names]
    fig.update_yaxes(
        title_text=None,
        categoryorder="array",
        categoryarray=names,
        tickmode="array",
        tickvals=names,
        ticktext=["<br>".join(lines) for lines in tick_lines],
        autorange="reversed",
        automargin=True,
    )
    refs = citation_text(sorted({g.ref for g in ordered}))
    framed = apply_frame(
        fig,
        title="The guidelines by year, by their stance on chemotherapy before resection",
        source=f"Source: the review's Table 2, {refs}. Stances are this app's reading of its summary.",
        # the frame keeps a legend row per stance shown (a phone draws each on a row of its own): the chart
        # grows by them, so the plot keeps the height it had at 540 px with three rows kept (236 px)
        height=468 + LEGEND_ROW_PX * len(fig.data),
        labels_px=7 * max((len(line) for lines in tick_lines for line in lines), default=0),  # the names
    )
    if extra_lines:  # an entry of several lines: room for each further line, the note moved down under them
        extra_px = LEGEND_LINE_PX * extra_lines
        margin = framed.layout.margin
        plot_px = framed.layout.height - margin.t - margin.b
        framed.update_layout(height=framed.layout.height + extra_px, margin_b=margin.b + extra_px)
        for note in framed.layout.annotations:
            if note.name == SOURCE_NOTE:
                note.y -= extra_px / plot_px
    # The stances as a list, a row each, on every screen: the rows the frame keeps for a phone, filled on a
    # desktop too (a one-row legend there left four rows of white above the note).
    framed.update_layout(legend_orientation="v")
    return framed
