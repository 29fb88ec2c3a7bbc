"""The Trials page's study charts: the wide form (panels in a grid) fits one 1280x720 projector screen in
presenter mode, title to source line, for every study; the phone form stands four arms' names upright.

In one column the first study's chart was 2022 px tall in presenter mode (BECOME 1480, the margin
meta-analysis 1875, PROMETEO-01 1282): its title, figures and source line were never on the screen together.
"""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from crlm_content import get_catalog
from crlm_content.figures import for_projector
from crlm_content.figures.studies import chart_endpoints, study_figure
from crlm_content.studies import Study, load_studies

CATALOG = get_catalog()
CHARTED = [s for s in load_studies(CATALOG) if chart_endpoints(CATALOG, s)]

# What a 1280x720 projector shows of the chart, its top scrolled to the top of the screen: the window's 720 px
# less Streamlit's header, which presenter mode hides (0 px, measured in Chromium at 1280x720 with
# ?present=1; 60 px without it), less 16 px for where the scroll leaves the chart's top. The page's own title
# lines are above the chart and scroll away with it.
PROJECTOR_HEIGHT = 720
HEADER_IN_PRESENTER_MODE = 0
SCROLL_SLACK = 16
USABLE_AT_720 = PROJECTOR_HEIGHT - HEADER_IN_PRESENTER_MODE - SCROLL_SLACK
LEAST_PANEL_PX = 70  # a panel squeezed to fit is still a readable plot


def panel_heights(fig: go.Figure) -> list[float]:
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    return [(axis.domain[1] - axis.domain[0]) * plot for axis in fig.select_yaxes()]


def drawn(fig: go.Figure) -> list[tuple[tuple[float, ...], tuple[str, ...]]]:
    return [(tuple(trace.y), tuple(trace.text)) for trace in fig.data]


@pytest.mark.parametrize("study", CHARTED, ids=lambda s: s.key)
def test_every_study_chart_fits_a_projector_screen_in_presenter_mode(study: Study) -> None:
    presented = for_projector(study_figure(CATALOG, study, wide=True))  # as charts.chart shows it there
    assert presented.layout.height <= USABLE_AT_720, presented.layout.height
    assert min(panel_heights(presented)) >= LEAST_PANEL_PX * 1.25  # not by shrinking the panels to nothing


def test_one_column_was_taller_than_the_projector() -> None:
    """The phone's form (one panel a row) is what a projector showed: it cannot fit, hence the grid."""
    first = next(s for s in CHARTED if s.key == "eortc-40983-early")
    assert for_projector(study_figure(CATALOG, first)).layout.height > PROJECTOR_HEIGHT


@pytest.mark.parametrize("study", CHARTED, ids=lambda s: s.key)
def test_both_forms_draw_the_same_figures(study: Study) -> None:
    wide, column = study_figure(CATALOG, study, wide=True), study_figure(CATALOG, study)
    assert drawn(wide) == drawn(column) and drawn(wide)
    assert wide.layout.title.text.replace("<br>", " ") == column.layout.title.text.replace("<br>", " ")
    notes = [" ".join(a.text.replace("<br>", " ").split()) for a in wide.layout.annotations]
    assert notes == [" ".join(a.text.replace("<br>", " ").split()) for a in column.layout.annotations]


def test_the_grid_puts_up_to_three_panels_a_row() -> None:
    by_key = {s.key: s for s in CHARTED}
    rows = {  # study -> panels in each row, top down
        "eortc-40983-early": [3, 2],
        "become": [2, 2],
        "prometeo-01": [3],
        "new-epoc": [2],
        "kras-dss": [1],
    }
    for key, expected in rows.items():
        fig = study_figure(CATALOG, by_key[key], wide=True)
        tops = sorted({round(axis.domain[1], 6) for axis in fig.select_yaxes()}, reverse=True)
        counts = [sum(1 for axis in fig.select_yaxes() if round(axis.domain[1], 6) == top) for top in tops]
        assert counts == expected, key


def test_four_arms_stand_upright_on_a_phone_and_two_lie_flat() -> None:
    """'No chemotherapy' and 'Before hepatectomy' ran together ('chemotherapyhepatectomy') at 390 px."""
    by_key = {s.key: s for s in CHARTED}
    for key in ("synchronous-timing", "intraoperative-imaging"):
        assert {axis.tickangle for axis in study_figure(CATALOG, by_key[key]).select_xaxes()} == {-90}, key
    for key in ("eortc-40983-early", "new-epoc", "imaging-meta-analysis"):  # MRI, CT, PET, PET-CT fit flat
        assert {axis.tickangle for axis in study_figure(CATALOG, by_key[key]).select_xaxes()} == {0}, key


EFFECTS = [s for s in CHARTED if any(e.effect is not None for e in chart_endpoints(CATALOG, s))]


@pytest.mark.parametrize("wide", [True, False], ids=["projector", "phone"])
@pytest.mark.parametrize("study", EFFECTS, ids=lambda s: s.key)
def test_the_no_effect_line_never_crosses_a_ratio_s_label(study: Study, wide: bool) -> None:
    """/trials?study=margin-meta-analysis&present=1: the dashed RR = 1 line was drawn over the traces and
    each label sat level with its marker, so the line ran through "RR = 0.91" and its neighbours."""
    fig = study_figure(CATALOG, study, wide=wide)
    lines = [shape for shape in fig.layout.shapes if shape.y0 == 1 and shape.y1 == 1]
    markers = [trace for trace in fig.data if trace.type == "scatter"]
    assert markers and len(lines) == len(markers)
    assert all(line.layer == "below" for line in lines)
    for trace in markers:
        (value,) = trace.y
        side = "bottom" if value < 1 else "top"  # away from the line at 1, on the marker's own side of it
        assert trace.textposition.split()[0] == side, (trace.text, trace.textposition)
