"""The DLM explorer's chart: intrahepatic recurrence-free survival with the disappeared lesions left in situ
or their original sites resected, as the review quotes one study. The points, P value and alt text are
``crlm_content.dlm``'s."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import palette
from ..catalog import Catalog
from ..dlm import RFS_GROUPS, RFS_ID, rfs_p_value, rfs_points, years_text
from ..search import citation_text, format_refs
from .frame import apply_frame


def rfs_figure(catalog: Catalog) -> go.Figure:
    """Grouped bars at 1 and 3 years, in situ vs resected, with the P value and reference."""
    record = catalog.get(RFS_ID)
    points = rfs_points(catalog)
    styles = {
        RFS_GROUPS[0][1]: (palette.VERMILLION, "x"),
        RFS_GROUPS[1][1]: (palette.BLUE, ""),
    }
    fig = go.Figure()
    for group, (colour, pattern) in styles.items():
        mine = [p for p in points if p.group == group]
        fig.add_trace(
            go.Bar(
                name=group,
                x=[years_text(p.years) for p in mine],
                y=[p.rfs for p in mine],
                text=[f"{p.rfs:g}%" for p in mine],
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": palette.BLACK},
                    "line": {"color": palette.BLACK, "width": 1},
                },
                hovertemplate=f"{group}, %{{x}}: %{{y}}%<extra></extra>",
            )
        )
    refs = format_refs(record.refs)
    # The P value in the note under the chart, not over a pair of bars: drawn top right it sat over the
    # 3-year pair and read as that comparison's, where the review gives one P after both time points and
    # says not which comparison it belongs to (the caveat on the record, 19).
    caveats = ", ".join(str(c.number) for c in catalog.caveats_for(RFS_ID))
    which = f" ({'caveats' if ',' in caveats else 'caveat'} {caveats})" if caveats else ""
    p_value = rfs_p_value(catalog).replace(" ", "\N{NO-BREAK SPACE}")  # "P =" and "0.04" on one line
    apply_frame(
        fig,
        title=f"Intrahepatic recurrence-free survival {refs}",
        source=f"{citation_text(record.refs).capitalize()}, as quoted by the review. {p_value} {refs}: for "
        f"which comparison, the review does not say{which}. Reported rates of one study, not a prediction.",
        height=506,  # the plot keeps its height under the note's two more lines
        axis_px=34,  # category labels, no axis title
    )
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(
        title_text="Free of liver recurrence (%)", range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100]
    )
    return fig
