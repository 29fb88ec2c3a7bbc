"""The Fong chart's "this patient" marker never covers a bar's value label: centred over the patient's bar,
a little above it, it covered the next bar's "40%" on a phone ("40%this patient" at 360 and 390 px), where a
bar is narrower than the words. It now sits above every bar's label, its arrow down to the patient's bar."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from crlm_content.figures.scores import fong_outcomes_figure
from crlm_content.scores import FONG_PUBLISHED_OUTCOMES

SOURCE = "Source: Fong 1999, Ann Surg 230:309-318 (primary source, not the review)"  # the page's, two lines
# Measured in Chromium on the page at 360 px: a bar's value label reaches 24 px above its bar, and the
# marker's words are 19 px tall. An arrow shorter than 12 px reads as a tick, not as pointing.
LABEL_REACH_PX = 24
MARKER_TEXT_PX = 19
ARROW_MIN_PX = 12


def geometry(fig: go.Figure) -> tuple[float, float, float, float]:
    """(% per px of the plot, the arrow head's y, the marker text's foot, its top), in % survival."""
    margin, axis = fig.layout.margin, fig.layout.yaxis
    per_px = (axis.range[1] - axis.range[0]) / (fig.layout.height - margin.t - margin.b)
    marker = next(a for a in fig.layout.annotations if a.text == "<b>this patient</b>")
    shift = (marker.yshift or 0) * per_px  # shifts the whole marker, head and text
    head = marker.y + shift
    # the arrow's tail: in % survival, or in px from the head (up is negative)
    tail = marker.ay + shift if marker.ayref == "y" else head - marker.ay * per_px
    # the text stands on the arrow's tail (yanchor bottom), or is centred on it (plotly's default)
    foot = tail if marker.yanchor == "bottom" else tail - MARKER_TEXT_PX / 2 * per_px
    return per_px, head, foot, foot + MARKER_TEXT_PX * per_px


@pytest.mark.parametrize("points", range(6))
def test_the_marker_clears_every_bar_label_and_points_at_the_patient(points: int) -> None:
    fig = fong_outcomes_figure(FONG_PUBLISHED_OUTCOMES, patient_points=points, source=SOURCE)
    (bar,) = fig.data
    per_px, head, foot, top = geometry(fig)
    label_tops = [value + LABEL_REACH_PX * per_px for value in bar.y]  # "60%" above its bar
    assert all(foot >= label_top for label_top in label_tops), (foot, label_tops)
    assert head >= label_tops[points]  # the arrow's head above the patient's own label, not on it
    assert (foot - head) / per_px >= ARROW_MIN_PX  # an arrow long enough to point
    assert top <= fig.layout.yaxis.range[1]  # the words inside the plot, not over the title


def test_the_marker_stays_over_the_plot_at_the_edges() -> None:
    """Centred over the first bar, the words reached over the axis' tick labels on a phone."""
    anchors = []
    for points in range(6):
        fig = fong_outcomes_figure(FONG_PUBLISHED_OUTCOMES, patient_points=points, source=SOURCE)
        anchors.append(next(a.xanchor for a in fig.layout.annotations if a.text == "<b>this patient</b>"))
    assert anchors == ["left", "center", "center", "center", "center", "right"]
