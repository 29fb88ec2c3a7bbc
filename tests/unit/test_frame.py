"""The shared chart frame (crlm_content.figures.apply_frame): the source note is never cut off and never
covers the legend, whatever the chart's height, on a phone as on a projector."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from crlm_content.figures import (
    AXIS_PX,
    LEGEND_ROW_PX,
    SOURCE_LINE_PX,
    SOURCE_WRAP,
    TITLE_LINE_PX,
    TITLE_PX,
    apply_frame,
    for_projector,
)
from crlm_content.figures.frame import (
    PROJECTOR_MIN_FONT_PX,
    PROJECTOR_SIDE_PX,
    PROJECTOR_TEXT_SCALE,
    SOURCE_NOTE,
    projector_note_growth_px,
    title_px,
    wrap_note,
    wrap_title,
)

LONG = (
    "Cut-off: fall of 7.5% from baseline, sensitivity 71.6%, specificity 93.7% (ref. [45]); changes "
    "derived from your values"
)


def test_notes_wrap_at_spaces_and_never_inside_brackets() -> None:
    lines = wrap_note(LONG)
    assert len(lines) > 1 and all(len(line) <= SOURCE_WRAP for line in lines)
    assert " ".join(lines) == LONG
    refs = "Source: the review's Table 2, refs [18, 108-112]. Stances are this app's reading of its summary."
    assert any("[18, 108-112]" in line for line in wrap_note(refs, width=40))
    assert wrap_note("first line<br>second") == ["first line", "second"]


def figure(traces: int) -> go.Figure:
    return go.Figure([go.Scatter(x=[0, 1], y=[i, i], name=f"line {i}") for i in range(traces)])


def geometry(fig: go.Figure) -> tuple[float, float, float | None]:
    """(px from the plot's foot to the note's top, to the note's foot, to the legend's top or None)."""
    margin = fig.layout.margin
    plot_px = fig.layout.height - margin.t - margin.b
    note = fig.layout.annotations[-1]
    assert note.yanchor == "bottom"
    lines = note.text.count("<br>") + 1
    foot = -note.y * plot_px
    legend = -fig.layout.legend.y * plot_px if fig.layout.showlegend else None
    return foot - lines * SOURCE_LINE_PX, foot, legend


@pytest.mark.parametrize("height", [360, 420, 700])  # 300 px leaves five legend rows and the note no plot
@pytest.mark.parametrize("traces", [0, 1, 2, 5])
def test_the_note_sits_inside_the_figure_below_the_axis_and_the_legend(height: int, traces: int) -> None:
    fig = apply_frame(figure(traces), title="t", source=LONG, height=height)
    note_top, note_foot, legend_top = geometry(fig)
    assert note_foot <= fig.layout.margin.b  # inside the figure: not cut off
    if traces >= 2:  # plotly shows a legend from two named traces on
        assert legend_top == pytest.approx(AXIS_PX)
        # each entry may take a row on a phone, all of them: kept to three, the guideline timeline's fifth
        # stance ("Not stated") sat on its source note at 390 px
        assert note_top >= AXIS_PX + traces * LEGEND_ROW_PX
    else:
        assert legend_top is None
        assert note_top >= AXIS_PX


def test_a_legend_can_be_turned_off_or_moved() -> None:
    assert apply_frame(figure(3), title="t", source="s", legend=False).layout.showlegend is False
    fig = apply_frame(figure(0), title="t", source="s", legend=True)
    assert fig.layout.showlegend is True and geometry(fig)[0] >= AXIS_PX + LEGEND_ROW_PX


def test_long_titles_wrap_into_even_lines_and_the_plot_moves_down() -> None:
    title = "Median survival by timing of chemotherapy, synchronous CRLM"
    lines = wrap_title(title)
    # in 280 px "chemotherapy, synchronous CRLM" (305 px) does not fit: three lines, broken after the comma
    assert lines == ["Median survival by timing", "of chemotherapy,", "synchronous CRLM"]
    assert all(title_px(line) <= TITLE_PX for line in lines)
    assert wrap_title("Intrahepatic recurrence-free survival [80]")[-1].endswith("[80]")  # no break at "-"
    assert wrap_title("Sum of target diameters") == ["Sum of target diameters"]
    one = apply_frame(figure(0), title="Sum of target diameters", source="s")
    two = apply_frame(figure(0), title=title, source="s")
    assert two.layout.margin.t - one.layout.margin.t == 2 * TITLE_LINE_PX
    assert two.layout.title.text == "<br>".join(lines)


def _contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_check_reads_known_pairs() -> None:
    assert round(_contrast("#000000"), 1) == 21.0 and round(_contrast("#FFFFFF"), 1) == 1.0
    assert _contrast("#808495") < 4.5  # Streamlit's chart-theme grey, which the frame replaces


def _framed() -> go.Figure:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], text=["1", "2"]))
    fig.add_annotation(text="a heading", x=0, y=1, showarrow=False, font={"size": 14})
    return apply_frame(fig, title="A title", source="Source: ref 1.")


def test_axis_text_has_the_contrast_small_text_needs() -> None:
    """Streamlit's chart theme drew tick labels and axis titles at 3.7:1 on white; such text needs 4.5:1."""
    fig = _framed()
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert _contrast(axis.tickfont.color) >= 4.5
        assert _contrast(axis.title.font.color) >= 4.5


def test_the_projector_copy_enlarges_notes_and_values_too() -> None:
    """Presenter mode enlarged ticks and legend only: headings, notes and bar values stayed at 13-15 px."""
    fig = _framed()
    big = for_projector(fig)
    for before, after in zip(fig.layout.annotations, big.layout.annotations, strict=True):
        assert after.font.size > (before.font.size or 0) and after.font.size >= 16
    assert big.data[0].textfont.size >= 18
    assert big.layout.title.font.size > fig.layout.title.font.size
    assert fig.layout.annotations[0].font.size == 14  # the shared figure itself is left alone


def test_the_projector_copy_grows_the_room_its_larger_text_needs() -> None:
    """At 1280x720 in presenter mode the source note touched the tick labels and bar labels sat on their
    bars: the text grew a quarter, its room under and around the plot did not. The figure, its margins and
    label offsets now grow with the text, so every note kept at a share of the plot keeps its place."""
    fig = _framed()
    fig.add_annotation(text="a label", x=0, y=0.5, yshift=22, showarrow=False)
    big = for_projector(fig)
    extra = projector_note_growth_px(1)  # the one-line source note, grown to the room's least size
    assert big.layout.height == round(fig.layout.height * PROJECTOR_TEXT_SCALE + extra)
    assert big.layout.margin.b == round(fig.layout.margin.b * PROJECTOR_TEXT_SCALE + extra)
    assert big.layout.margin.t == round(fig.layout.margin.t * PROJECTOR_TEXT_SCALE)
    # an edge tick's label: half of "0%" at 20 px overran a 12 px margin and plotly dropped it
    assert big.layout.margin.l == max(round(fig.layout.margin.l * PROJECTOR_TEXT_SCALE), PROJECTOR_SIDE_PX)
    assert big.layout.margin.l > fig.layout.margin.l * PROJECTOR_TEXT_SCALE
    plot_before = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    plot_after = big.layout.height - big.layout.margin.t - big.layout.margin.b
    assert plot_after >= plot_before  # the plot itself does not shrink to make the room
    kept = [a.y for a in big.layout.annotations if a.name != SOURCE_NOTE]
    assert kept == [a.y for a in fig.layout.annotations if a.name != SOURCE_NOTE]
    assert big.layout.annotations[-1].yshift == round(22 * PROJECTOR_TEXT_SCALE)
    assert fig.layout.height == 420 and fig.layout.annotations[-1].yshift == 22  # the shared one untouched


def _texts(fig: go.Figure) -> dict[str, float]:
    """Every text a figure draws and its size: ticks, axis titles, legend, annotations, trace values."""
    sizes: dict[str, float] = {"legend": fig.layout.legend.font.size}
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        sizes[f"{axis.plotly_name} ticks"] = axis.tickfont.size
        sizes[f"{axis.plotly_name} title"] = axis.title.font.size
    for i, note in enumerate(fig.layout.annotations):
        sizes[f"annotation {i}: {note.text[:20]}"] = note.font.size
    for i, trace in enumerate(fig.data):
        sizes[f"trace {i} text"] = trace.textfont.size
    return sizes


def test_every_text_of_a_projected_chart_reads_from_the_back_row() -> None:
    """At 1920x1080 in presenter mode ticks, legends, labels and source notes were drawn at 16 px (notes
    13 px and labels 13-14 px only a quarter larger; a scatter trace's text labels left alone)."""
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], text=["1", "2"], name="bars"))
    fig.add_trace(go.Scatter(x=["a"], y=[1], mode="text", text=["PR at or below"], name="label"))
    fig.add_trace(go.Scatter(x=["a"], y=[2], mode="text", text=["small"], textfont={"size": 14}))
    fig.add_annotation(text=">= 20%", x=0, y=1, showarrow=False, font={"size": 13})
    fig = apply_frame(fig, title="A title", source="Source: ref 1, a note of a few words.<br>Two lines.")
    big = for_projector(fig)
    small = {name: size for name, size in _texts(big).items() if (size or 0) < PROJECTOR_MIN_FONT_PX}
    assert small == {}
    assert big.layout.title.font.size > PROJECTOR_MIN_FONT_PX
    # the note's two lines at 20 px get their room under the plot: the figure grows by more than a quarter
    assert big.layout.height > round(fig.layout.height * PROJECTOR_TEXT_SCALE)
    assert _texts(fig)["annotation 0: >= 20%"] == 13  # the shared figure itself is left alone


def test_the_chart_description_says_the_source_note_the_chart_shows() -> None:
    """The liver remnant chart showed "Threshold: >= 20% (ref. [93])" under it, and its text alternative
    had no reference: the description now ends with the note (once, and not where it says it already)."""
    from crlm_content.figures.frame import described, source_note

    note = "Threshold: >= 20% (ref. [93]); the remnant's share derived from your volumes, a long note"
    fig = apply_frame(figure(1), title="t", source=note)
    assert len(wrap_note(note)) > 1  # drawn on several lines, said as one
    assert source_note(fig) == note
    alt = "Bar chart of the future liver remnant, 30% of the liver."
    assert described(alt, fig) == f"{alt} Note under the chart: {note}"
    assert described(f"{alt} {note}", fig) == f"{alt} {note}"
    fig.add_annotation(text="a label added after the frame", x=0, y=0)  # not mistaken for the note
    assert source_note(fig) == note
    assert described(alt, go.Figure()) == alt  # no frame, no note


def test_the_narrowest_chart_is_a_320_px_screens() -> None:
    """WCAG's reflow width: 320 px less Streamlit's 16 px padding each side. Titles and notes are broken for
    it (a title broken for 360 px ran 32 px off a 320 px screen)."""
    from crlm_content.figures.frame import PHONE_PLOT_PX, TITLE_INSET_PX

    assert PHONE_PLOT_PX == 320 - 2 * 16
    assert TITLE_PX + TITLE_INSET_PX <= PHONE_PLOT_PX


def test_the_guideline_timeline_keeps_a_legend_row_under_the_axis_for_each_stance() -> None:
    """Five stances drawn, three rows kept: on a 390 px phone the legend's fourth and fifth rows ("Allowed as
    an option, not preferred", "Not stated") sat on the source note."""
    from crlm_content import get_catalog
    from crlm_content import guidelines as gl
    from crlm_content.figures.guidelines import guideline_timeline_figure

    fig = guideline_timeline_figure(gl.load_content(get_catalog()).guidelines)
    shown = [trace.name for trace in fig.data if trace.showlegend is not False]
    # five stances, ESMO's (a stance per kind of metastases) an entry apart from SEOM's of its overall stance
    assert len(shown) == 6
    further_lines = sum(name.count("<br>") for name in shown)  # entries in the table's words, wrapped
    note_top, note_foot, legend_top = geometry(fig)
    assert legend_top == pytest.approx(AXIS_PX)
    assert note_top >= AXIS_PX + 6 * LEGEND_ROW_PX + further_lines * 16  # a further line drew ~16 px
    assert note_foot <= fig.layout.margin.b
    # the chart grows by its legend: the plot keeps the 236 px it had at 540 px with three rows kept
    margin = fig.layout.margin
    assert fig.layout.height - margin.t - margin.b == 236
