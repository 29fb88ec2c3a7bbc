"""Figure builders of the Tools pages (crlm_content.figures): the right data, threshold lines where the rules
put them, a source."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import pytest

from crlm_content import palette, tools
from crlm_content.figures.cea import cea_figure, cea_label_positions
from crlm_content.figures.frame import wrap_note
from crlm_content.figures.liver_remnant import BAR_LABEL_CHARS, flr_figure
from crlm_content.figures.response import recist_sums_figure
from crlm_content.figures.scores import fong_outcomes_figure
from crlm_content.figures.timing import treatment_timeline_alt, treatment_timeline_figure
from crlm_content.liver import FLR_THRESHOLDS
from crlm_content.scores import FONG_PUBLISHED_OUTCOMES
from crlm_content.tools import flr_bar_label

from .timing_examples import folfox_plan as plan


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_fong_outcomes_figure_highlights_the_patient() -> None:
    fig = fong_outcomes_figure(FONG_PUBLISHED_OUTCOMES, patient_points=3, source="Source: Fong 1999")
    (bar,) = fig.data
    assert list(bar.y) == [60, 44, 40, 20, 25, 14]
    assert list(bar.marker.color) == [palette.BLUE] * 3 + [palette.ORANGE] + [palette.BLUE] * 2
    assert list(bar.text) == ["60%", "44%", "40%", "20%", "25%", "14%"]
    assert list(bar.customdata) == ["74", "51", "47", "33", "20", "22"]  # median OS in the hover
    marker = next(a for a in fig.layout.annotations if a.text == "<b>this patient</b>")
    assert (marker.x, marker.y) == ("3", 20)
    assert "Source: Fong 1999" in annotation_texts(fig)


def assessment(percent: float, condition: str) -> tools.FlrAssessment:
    result, _ = tools.assess_flr(
        source="percent",
        flr_percent=percent,
        flr_volume_ml=None,
        bsa_m2=None,
        condition=condition,  # type: ignore[arg-type]
    )
    assert result is not None
    return result


def test_flr_figure_draws_every_threshold_and_marks_the_chosen_one() -> None:
    fig = flr_figure(assessment(25.0, "chemotherapy_or_steatosis"), source="Threshold: ref. [93]")
    (bar,) = fig.data
    assert list(bar.x) == [25.0]
    assert bar.marker.color == palette.VERMILLION  # below "> 30%"
    lines = {shape.x0: shape.line for shape in fig.layout.shapes}
    assert set(lines) == {20.0, 30.0, 40.0}
    assert lines[30.0].width == 3 and lines[30.0].dash is None  # the chosen condition: solid and thick
    assert lines[20.0].dash == "dot" and lines[40.0].dash == "dot"
    texts = annotation_texts(fig)
    assert "<b>> 30%</b>" in texts
    assert ">= 20%" in texts and "> 40%" in texts
    assert "Threshold: ref. [93]" in texts
    # as entered, the value only: a verdict beside the bar ran off a phone's screen
    assert bar.text[0] == "25%"
    (verdict,) = [t for t in texts if t.startswith("Entered")]
    assert verdict.replace("<br>", " ") == (
        "Entered; below the threshold for a liver after extensive chemotherapy or with marked steatosis"
    )
    assert max(len(line) for line in verdict.split("<br>")) <= 40  # ~300 px: whole on a phone
    # the other two rules lean away from each other, so that 10 points apart they never overlap
    anchors = {a.x: a.xanchor for a in fig.layout.annotations if a.yref == "paper" and a.x in lines}
    assert anchors == {20.0: "right", 30.0: "center", 40.0: "left"}


def test_flr_figure_exactly_on_a_strict_threshold() -> None:
    fig = flr_figure(assessment(40.0, "cirrhosis"), source="s")
    (bar,) = fig.data
    assert bar.marker.color == palette.VERMILLION
    assert bar.text[0] == "40%"
    assert flr_bar_label(assessment(40.0, "cirrhosis")) == (
        "On the threshold; not enough with '>',<br>for a cirrhotic liver"
    )


@pytest.mark.parametrize("condition", ["normal", "chemotherapy_or_steatosis", "cirrhosis"])
@pytest.mark.parametrize("offset", [-1.0, 0.0, 1.0])
def test_flr_bar_label_breaks_only_where_it_says(condition: str, offset: float) -> None:
    """At 30% after chemotherapy the forced break came after 46 characters: the note's wrap at 40 broke that
    part too and left "with '>'," alone on a line. Each part before a forced break fits a line by itself."""
    threshold, _ = FLR_THRESHOLDS[condition]  # type: ignore[index]
    label = flr_bar_label(assessment(threshold + offset, condition))
    *forced, _last = label.split("<br>")
    assert forced, label
    for part in forced:
        assert len(part) <= BAR_LABEL_CHARS, part
    lines = wrap_note(label, BAR_LABEL_CHARS)
    assert lines[: len(forced)] == forced


def test_flr_figure_sufficient_is_green() -> None:
    fig = flr_figure(assessment(20.0, "normal"), source="s")
    assert fig.data[0].marker.color == palette.GREEN


def test_recist_sums_figure_draws_the_pr_and_pd_lines() -> None:
    sums, _ = tools.validate_targets(
        [
            {"organ": "liver", "baseline": 35.0, "nadir": 20.0, "now": 22.0},
            {"organ": "lung", "baseline": 12.0, "nadir": 10.0, "now": 10.0},
        ]
    )
    assert sums is not None
    boundaries = tools.recist_boundaries(baseline_mm=sums.baseline_mm, nadir_mm=sums.nadir_mm)
    fig = recist_sums_figure(sums, boundaries, source="Rules: RECIST 1.1")
    bar, *legend = fig.data
    assert list(bar.x) == ["Baseline", "Nadir", "Now"]
    assert list(bar.y) == [47.0, 30.0, 32.0]
    assert list(bar.text) == ["47 mm", "30 mm", "32 mm"]
    assert sorted(shape.y0 for shape in fig.layout.shapes) == [32.9, 36.0]  # 47 x 0.7; max(30 x 1.2, 35)
    # The lines are named in the legend (with their line styles), not by labels drawn over the bars.
    names = [trace.name for trace in legend]
    assert names == [
        "PR at or below 32.9 mm (30% under baseline)",
        "PD at or above 36 mm (20% and 5 mm over nadir)",
    ]
    assert [trace.line.dash for trace in legend] == ["dash", "dot"]
    assert not [text for text in annotation_texts(fig) if "at or" in text]


def test_cea_figure_plots_changes_and_the_cut_off() -> None:
    points, _ = tools.validate_cea(
        [{"week": 0, "cea": 40}, {"week": 3, "cea": 36}, {"week": 6, "cea": 30}], "week"
    )
    assert points is not None
    fig = cea_figure(points, time="week", threshold_percent=7.5, source="Cut-off: ref. [77]")
    line, cut_off = fig.data
    assert list(line.x) == [0.0, 3.0, 6.0]
    assert list(line.y) == [0.0, -10.0, -25.0]  # (36 - 40) / 40, (30 - 40) / 40
    assert list(line.text) == ["baseline", "-10.0%", "-25.0%"]
    # labels sit on the side away from the -7.5% line: above the baseline, below the two falls past it;
    # the first runs right and the last left, so neither is cut at the plot's edge on a phone
    assert list(line.textposition) == ["top right", "bottom center", "bottom left"]
    assert [shape.y0 for shape in fig.layout.shapes] == [-7.5, 0]
    # the cut-off is named in the legend, drawn as its line is, and not on the line where a point's label
    # may be (at 360 px it sat on "-10.0%"); the points' line is not in the legend
    assert (cut_off.name, cut_off.line.dash, cut_off.line.color) == (
        "fall of 7.5% (cut-off)",
        "dash",
        fig.layout.shapes[0].line.color,
    )
    assert line.showlegend is False and fig.layout.showlegend is True
    assert not [text for text in annotation_texts(fig) if "(cut-off)" in text]
    assert fig.layout.xaxis.title.text == "Week"


@pytest.mark.parametrize(
    ("changes", "positions"),
    [
        ([0.0], ["top right"]),  # the baseline alone
        ([0.0, -7.5], ["top right", "top left"]),  # exactly on the cut-off is not past it
        ([0.0, -7.6], ["top right", "bottom left"]),
        ([0.0, 5.0, -20.0, -3.0], ["top right", "top center", "bottom center", "top left"]),
    ],
)
def test_cea_labels_face_away_from_the_cut_off_and_the_edges(
    changes: list[float], positions: list[str]
) -> None:
    assert cea_label_positions(changes, 7.5) == positions


def test_cea_figure_with_dates() -> None:
    points, _ = tools.validate_cea(
        [{"date": date(2025, 1, 6), "cea": 40}, {"date": date(2025, 1, 27), "cea": 41}], "date"
    )
    assert points is not None
    fig = cea_figure(points, time="date", threshold_percent=7.5, source="s")
    assert list(fig.data[0].x) == [date(2025, 1, 6), date(2025, 1, 27)]
    assert fig.layout.xaxis.title.text == "Date"


def test_treatment_timeline_figure_shows_each_phase() -> None:
    fig = treatment_timeline_figure(plan(), source="Re-imaging: NCCN")
    by_row: dict[str, list[go.Scatter]] = {}
    for trace in fig.data:
        by_row.setdefault(trace.y[0], []).append(trace)
    chemo_bar, rest_of_cycle, cycle_marks = by_row["Chemotherapy"]
    assert list(chemo_bar.x) == [date(2025, 1, 6), date(2025, 3, 17)]  # to the last dose, day 1 of cycle 6
    assert list(rest_of_cycle.x) == [date(2025, 3, 17), date(2025, 3, 31)]  # cycle 6's 14 days: week 12
    assert len(cycle_marks.x) == 6
    assert list(by_row["Bevacizumab"][0].x) == [date(2025, 1, 6), date(2025, 3, 3)]
    assert list(by_row["Chemotherapy to surgery"][0].x) == [date(2025, 3, 17), date(2025, 4, 21)]
    assert list(by_row["Re-imaging"][0].x) == [date(2025, 3, 6)]
    assert list(by_row["Surgery"][0].x) == [date(2025, 4, 21)]
    assert "5 weeks" in annotation_texts(fig)
    assert "Re-imaging: NCCN" in annotation_texts(fig)


@pytest.mark.parametrize(
    ("changes", "last_dose", "end"),
    [
        ({}, date(2025, 3, 17), date(2025, 3, 31)),  # 6 Jan + 5 x 14 days; + 14: 84 days, 12 weeks
        ({"last_chemo": date(2025, 3, 20)}, date(2025, 3, 20), date(2025, 4, 3)),  # read as day 1: + 14
        (  # the last capecitabine tablet, day 14 of cycle 4 of 3 weeks (10 Mar): the cycle ends 31 Mar
            {"cycles": 4, "cycle_weeks": 3, "last_chemo": date(2025, 3, 23), "last_chemo_day": 14},
            date(2025, 3, 23),
            date(2025, 3, 31),
        ),
    ],
)
def test_the_chemotherapy_bar_reaches_the_end_of_the_last_cycle(
    changes: dict[str, object], last_dose: date, end: date
) -> None:
    """The metric counts chemotherapy to the end of the last cycle (12 weeks by default) but the bar ended at
    the last dose (week 10): the bar now runs to the last dose and a lighter, labelled segment to the end."""
    fig = treatment_timeline_figure(plan(**changes), source="s")
    bar, rest = (trace for trace in fig.data if trace.y[0] == "Chemotherapy" and trace.mode == "lines")
    assert list(bar.x) == [date(2025, 1, 6), last_dose] and bar.line.color == palette.BLUE
    assert list(rest.x) == [last_dose, end] and rest.line.color == palette.SKY
    (label,) = (a for a in fig.layout.annotations if a.text == "rest of the<br>last cycle")
    assert label.showarrow and label.x == last_dose + (end - last_dose) / 2  # pointing at its middle


def rest_of_cycle(fig: go.Figure) -> go.Scatter:
    return next(t for t in fig.data if t.y[0] == "Chemotherapy" and t.line.color == palette.SKY)


def test_the_rest_of_the_last_cycle_stops_at_surgery_when_surgery_comes_first() -> None:
    """4 cycles of 3 weeks from Monday 5 Jan 2026 start on 5 Jan, 26 Jan, 16 Feb and 9 Mar; the last dose,
    day 1 of cycle 4, is 9 Mar, and its cycle ends 21 days later, on 30 Mar. Surgery 1 week after the last
    dose is 16 Mar: the light segment ran on to 30 Mar, two weeks past the surgery star."""
    course = plan(
        start=date(2026, 1, 5), cycles=4, cycle_weeks=3, surgery_gap_weeks=1, bevacizumab="every_cycle"
    )
    assert (course.chemotherapy_end, course.surgery) == (date(2026, 3, 30), date(2026, 3, 16))
    fig = treatment_timeline_figure(course, source="s")
    rest = rest_of_cycle(fig)
    assert list(rest.x) == [date(2026, 3, 9), date(2026, 3, 16)]
    # its hover still names the cycle's end, where the course's 12 weeks (84 days) are counted
    assert "to 2026-03-30, week 12; surgery on 2026-03-16 comes before it" in rest.hovertemplate
    (label,) = (a for a in fig.layout.annotations if a.text == "rest of the<br>last cycle")
    assert label.x == date(2026, 3, 12)  # the segment's middle, 3.5 days after 9 Mar, to the day
    assert "(12 weeks; surgery comes before that end)," in treatment_timeline_alt(course)


def test_the_rest_of_the_last_cycle_runs_to_the_cycles_end_when_surgery_is_after_it() -> None:
    """6 cycles of 2 weeks from 5 Jan 2026, the last dose given on 18 Mar as day 3: its cycle began 16 Mar and
    ends 30 Mar; surgery 5 weeks after the last dose, 22 Apr, is after it: the segment ends with the cycle."""
    course = plan(start=date(2026, 1, 5), last_chemo=date(2026, 3, 18), last_chemo_day=3)
    assert course.surgery == date(2026, 4, 22)
    fig = treatment_timeline_figure(course, source="s")
    assert list(rest_of_cycle(fig).x) == [date(2026, 3, 18), date(2026, 3, 30)]
    assert "comes before" not in rest_of_cycle(fig).hovertemplate
    # the label's right edge at the segment's middle (24 Mar), with a line down to it: ended at the
    # segment's end, the one-line label (~140 px) sat over the dosing bar, the segment ~20 px wide at 390 px
    (label,) = (a for a in fig.layout.annotations if a.text == "rest of the<br>last cycle")
    assert (label.x, label.xanchor, label.ax, label.showarrow) == (date(2026, 3, 24), "right", 0, True)
    assert "surgery comes before" not in treatment_timeline_alt(course)


def test_treatment_timeline_alt_names_the_end_of_the_last_cycle() -> None:
    # 6 two-week cycles from 6 Jan: last dose 17 Mar, its cycle ends 31 Mar (84 days, 12 weeks); surgery 5
    # weeks after the last dose, 21 Apr; bevacizumab left out of the last cycle: 3 Mar; re-imaging 6 Mar
    assert treatment_timeline_alt(plan()) == (
        "Timeline from 2025-01-06 to surgery on 2025-04-21: 6 cycles of chemotherapy, the last dose on "
        "2025-03-17, counted to the end of the last cycle on 2025-03-31 (12 weeks), bevacizumab until "
        "2025-03-03, 35 days (5 weeks) from the last chemotherapy to surgery, re-imaging on 2025-03-06."
    )


@pytest.mark.parametrize(("gap_weeks", "label"), [(1, "1 week"), (2, "2 weeks")])
def test_the_gap_label_says_week_for_one_week(gap_weeks: int, label: str) -> None:
    # the label under the last-chemotherapy-to-surgery bar read "1 weeks"
    fig = treatment_timeline_figure(plan(surgery_gap_weeks=gap_weeks), source="s")
    assert label in annotation_texts(fig)


@pytest.mark.parametrize(
    ("weeks", "text"),
    [(1, "1 week"), (1.04, "1 week"), (0.9, "0.9 weeks"), (1.1, "1.1 weeks"), (12, "12 weeks")],
)
def test_weeks_count_rounds_then_chooses_its_word(weeks: float, text: str) -> None:
    assert tools.weeks_count(weeks) == text


def test_treatment_timeline_figure_without_bevacizumab_or_re_imaging() -> None:
    # 2 cycles of 2 weeks from 6 Jan: last dose 20 Jan, surgery 4 weeks later on 17 Feb, before the first
    # 2-month re-imaging point (6 Mar)
    fig = treatment_timeline_figure(plan(cycles=2, bevacizumab="none", surgery_gap_weeks=4), source="s")
    rows = {trace.y[0] for trace in fig.data}
    assert rows == {"Chemotherapy", "Chemotherapy to surgery", "Surgery"}


def recist_chart(*rows: tuple[str, float, float, float]) -> go.Figure:
    sums, errors = tools.validate_targets(
        [{"organ": organ, "baseline": b, "nadir": n, "now": c} for organ, b, n, c in rows]
    )
    assert sums is not None, errors
    return recist_sums_figure(sums, tools.sums_boundaries(sums), source="s")


def test_recist_chart_after_a_complete_response_draws_no_size_line_for_progression() -> None:
    """Nadir 0 mm (a complete response), now 4 mm: PD by reappearance, yet the chart drew 'PD at or above
    5 mm' with the 4 mm bar under it (RECIST 1.1: any reappearance after a CR is progression)."""
    fig = recist_chart(("liver", 100, 0, 4))
    assert [shape.y0 for shape in fig.layout.shapes] == [70]  # the PR line only
    names = [trace.name for trace in fig.data[1:]]
    assert names == ["PR at or below 70 mm (30% under baseline)", tools.RECIST_REAPPEARANCE_LINE]
    # nodes: a complete response at the nadir is every node under 10 mm
    nodes = recist_chart(("lymph node", 20, 8, 11))
    assert tools.RECIST_REAPPEARANCE_LINE in [t.name for t in nodes.data[1:]]
    partial = recist_chart(("lymph node", 20, 10, 11))  # 10 mm at the nadir is not a CR
    assert tools.RECIST_REAPPEARANCE_LINE not in [t.name for t in partial.data[1:]]


def test_recist_chart_never_rounds_a_line_or_a_sum_across_the_current_sum() -> None:
    """40/20.004/25 is +4.996 mm over the nadir (PR, not PD), but the legend said 'PD at or above 25 mm'
    beside a bar of 25 mm; 100/100/70.0000001 is SD, but the bar said 70 mm beside 'PR at or below 70 mm'."""
    pd_side = recist_chart(("liver", 40, 20.004, 25))
    names = [t.name for t in pd_side.data[1:]]
    assert "PD at or above 25.004 mm (20% and 5 mm over nadir)" in names  # 20.004 + 5
    pr_side = recist_chart(("liver", 33.33, 33.33, 23.3305))  # 33.33 x 0.7 = 23.331, now just under it
    assert "PR at or below 23.331 mm (30% under baseline)" in [t.name for t in pr_side.data[1:]]
    sd = recist_chart(("liver", 100, 100, 70.0000001))
    assert list(sd.data[0].text)[-1] == "70.0000001 mm"
    assert sd.data[0].hovertemplate == "%{x}: sum %{text}<extra></extra>"
