"""The Guidelines page's chart: the organisations on a year axis, marked by their stance."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from .. import palette
from ..guidelines.model import STANCE_COLOURS, STANCE_LABELS, STANCE_SYMBOLS, Guideline, Stance
from ..guidelines.rows import by_year, name_lines
from ..search import citation_text
from .frame import LEGEND_ROW_PX, apply_frame


def guideline_timeline_figure(items: Sequence[Guideline]) -> go.Figure:
    """Organisations on a year axis, marked by their stance on chemotherapy before resection."""
    ordered = by_year(items)
    years = [g.year for g in ordered] or [2020]
    middle = (min(years) + max(years)) / 2
    fig = go.Figure()
    for stance in Stance:
        members = [g for g in ordered if g.resectable_stance() is stance]
        if not members:
            continue
        fig.add_trace(
            go.Scatter(
                x=[g.year for g in members],
                y=[g.short_name for g in members],
                mode="markers+text",
                name=STANCE_LABELS[stance],
                # a marker's label beside its dot, kept short for a phone: the bracket alone ("2016 [14]"),
                # citation_text's form without "ref."; the note under the chart cites them in full
                text=[f"{g.year} [{g.ref}]" for g in members],
                # Later years' labels go left of their marker: to the right they ran off a phone's screen.
                textposition=["middle left" if g.year > middle else "middle right" for g in members],
                marker={
                    "color": STANCE_COLOURS[stance],
                    "symbol": STANCE_SYMBOLS[stance],
                    "size": 16,
                    "line": {"color": palette.BLACK, "width": 1},
                },
                hovertemplate="%{y}, %{x}: " + STANCE_LABELS[stance] + "<extra></extra>",
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
    # The stances as a list, a row each, on every screen: the rows the frame keeps for a phone, filled on a
    # desktop too (a one-row legend there left four rows of white above the note).
    framed.update_layout(legend_orientation="v")
    return framed
