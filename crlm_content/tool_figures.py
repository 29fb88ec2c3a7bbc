"""Figure builders for the Tools pages: results in, framed ``go.Figure`` out (tested without a browser).

Each chart states its source under the plot (``apply_frame``); the caller passes that line, since it knows
which Evidence records or primary sources the numbers come from. Colour is never the only signal: every
mark that matters also carries a text label.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import plotly.graph_objects as go

from . import palette
from .figures import apply_frame, wrap_note
from .liver import FLR_THRESHOLDS
from .scores import PublishedOutcomes
from .tools import (
    LIVER_CONDITION_PHRASES,
    CeaPoint,
    CeaTime,
    FlrAssessment,
    RecistBoundaries,
    TargetSums,
    TimingPlan,
    format_number,
    format_percent,
)


def fong_outcomes_figure(outcomes: PublishedOutcomes, *, patient_points: int, source: str) -> go.Figure:
    """Published 5-year OS by Fong score 0-5, the patient's score highlighted and labelled."""
    groups = [row.group for row in outcomes.rows]
    survival = [row.five_year_os_percent or 0 for row in outcomes.rows]
    median = [row.median_os_months for row in outcomes.rows]
    patient = str(patient_points)
    colours = [palette.ORANGE if group == patient else palette.BLUE for group in groups]
    labels = [f"{format_number(value)}%" for value in survival]
    fig = go.Figure(
        go.Bar(
            x=groups,
            y=survival,
            marker_color=colours,
            text=labels,
            textposition="outside",
            customdata=[format_number(m) if m is not None else "n/a" for m in median],
            hovertemplate="Fong score %{x}<br>5-year OS %{y}%<br>median OS %{customdata} months"
            "<extra></extra>",
            showlegend=False,
        )
    )
    if patient in groups:
        fig.add_annotation(
            x=patient,
            y=survival[groups.index(patient)],
            text="<b>this patient</b>",
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-40,
            yshift=26,
            font={"size": 14, "color": palette.BLACK},
        )
    fig.update_xaxes(title_text="Fong clinical risk score (points)", type="category")
    fig.update_yaxes(title_text="5-year overall survival (%)", range=[0, max(survival) * 1.45])
    return apply_frame(fig, title="Published 5-year survival by Fong score", source=source, height=380)


def flr_verdict(assessment: FlrAssessment) -> str:
    """The words under the FLR bar: entered or derived, and where it stands against the chosen threshold."""
    condition = LIVER_CONDITION_PHRASES[assessment.condition]
    if assessment.sufficient is False and assessment.at_threshold:
        return f"Exactly on the threshold; not enough with '{assessment.comparator}',<br>for {condition}"
    verdict = "meets" if assessment.sufficient else "below"
    return f"{'Derived' if assessment.derived else 'Entered'}; {verdict} the threshold<br>for {condition}"


def flr_figure(assessment: FlrAssessment, *, source: str) -> go.Figure:
    """The patient's FLR as a bar against the chosen condition's threshold (solid) and the others (dotted).

    Every label fits a phone: the bar carries its value only and the verdict is written under it; the chosen
    rule is bold on a row of its own above the plot, and the other two rules lean away from each other.
    """
    colour = palette.GREEN if assessment.sufficient else palette.VERMILLION
    fig = go.Figure(
        go.Bar(
            x=[assessment.flr_percent],
            y=[0],
            orientation="h",
            marker_color=colour,
            text=[format_percent(assessment.flr_percent, assessment.threshold_percent)],
            textposition="outside" if assessment.flr_percent < 85 else "inside",
            hovertemplate="FLR %{x:.2f}%<extra></extra>",
            showlegend=False,
            width=0.6,
        )
    )
    others = sorted(t for c, (t, _) in FLR_THRESHOLDS.items() if c != assessment.condition)
    for condition, (threshold, comparator) in FLR_THRESHOLDS.items():
        chosen = condition == assessment.condition
        rule = f"{comparator} {format_number(threshold)}%"
        fig.add_shape(
            type="line",
            x0=threshold,
            x1=threshold,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": palette.BLACK, "width": 3}
            if chosen
            else {"color": palette.GREY, "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            x=threshold,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=22 if chosen else 2,
            # The lower of the other two rules ends at its line, the higher starts at its own: 10 points
            # apart is ~30 px on a phone, less than one rule's width.
            xanchor="center" if chosen else ("right" if threshold == others[0] else "left"),
            text=f"<b>{rule}</b>" if chosen else rule,
            showarrow=False,
            font={"size": 13, "color": palette.BLACK if chosen else palette.GREY},
        )
    fig.add_annotation(
        x=0,
        y=-0.34,  # under the bar (it spans -0.3 to 0.3)
        xanchor="left",
        yanchor="top",
        align="left",
        text="<br>".join(wrap_note(flr_verdict(assessment), 40)),
        showarrow=False,
        bgcolor=palette.WHITE,  # the threshold lines pass behind it, not through the words
        font={"size": 14, "color": palette.BLACK},
    )
    fig.update_xaxes(title_text="FLR, % of total liver volume", range=[0, 100], ticksuffix="%", dtick=10)
    fig.update_yaxes(showticklabels=False, range=[-0.75, 0.45], showgrid=False, zeroline=False)
    title = "Future liver remnant against the threshold"
    apply_frame(fig, title=title, source=source, height=440, above_px=50)  # threshold labels above the plot
    fig.update_layout(margin={"r": 30})
    return fig


def recist_sums_figure(sums: TargetSums, boundaries: RecistBoundaries, *, source: str) -> go.Figure:
    """Sum of target diameters at baseline, nadir and now, with the PR line (from baseline) and PD line (from
    nadir): the baseline-versus-nadir lesson in one picture."""
    names = ["Baseline", "Nadir", "Now"]
    values = [sums.baseline_mm, sums.nadir_mm, sums.now_mm]
    # The sums are written at the foot of each bar and the two lines are named in the legend: a label above a
    # bar, or one on a line, collides exactly where the lesson is (a sum just under or over a line).
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=[palette.GREY, palette.SKY, palette.BLUE],
            text=[f"{format_number(v)} mm" for v in values],
            textposition="inside",
            insidetextanchor="start",
            textfont={
                "color": [palette.WHITE, palette.BLACK, palette.WHITE],
                "size": 14,
            },  # AA contrast on each bar
            hovertemplate="%{x}: sum %{y} mm<extra></extra>",
            showlegend=False,
        )
    )
    lines = (
        (
            boundaries.pr_at_or_below_mm,
            {"color": palette.GREEN, "dash": "dash", "width": 2},
            f"PR at or below {format_number(round(boundaries.pr_at_or_below_mm, 2))} mm (30% under baseline)",
        ),
        (
            boundaries.pd_at_or_above_mm,
            {"color": palette.VERMILLION, "dash": "dot", "width": 2},
            f"PD at or above {format_number(round(boundaries.pd_at_or_above_mm, 2))} mm "
            "(20% and 5 mm over nadir)",
        ),
    )
    for y, line, name in lines:
        fig.add_hline(y=y, line=line)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=name, hoverinfo="skip"))
    top = max([*values, boundaries.pd_at_or_above_mm])
    fig.update_yaxes(title_text="Sum of diameters (mm)", range=[0, top * 1.25 if top > 0 else 1])
    return apply_frame(fig, title="Sum of target diameters", source=source, height=460, axis_px=34)


def cea_label_positions(changes: Sequence[float], threshold_percent: float) -> list[str]:
    """Where each point's label goes: on the side of the line away from the cut-off, so that the line never
    crosses it; the first label runs right and the last left, so a phone shows them whole at the edges."""
    last = len(changes) - 1
    return [
        ("bottom" if change < -threshold_percent else "top")
        + (" right" if i == 0 else " left" if i == last else " center")
        for i, change in enumerate(changes)
    ]


def cea_figure(
    points: Sequence[CeaPoint], *, time: CeaTime, threshold_percent: float, source: str
) -> go.Figure:
    """Percent change of CEA from baseline over time, with the fall-of-at-least-threshold line."""
    xs: list[float | date] = [point.when for point in points]
    changes = [0.0 if point.result is None else point.result.percent_change for point in points]
    labels = [
        "baseline"
        if point.result is None
        else format_percent(point.result.percent_change, -threshold_percent, signed=True)
        for point in points
    ]
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=changes,
            mode="lines+markers+text",
            text=labels,
            textposition=cea_label_positions(changes, threshold_percent),
            line={"color": palette.BLUE, "width": 3},
            marker={"size": 10},
            customdata=[format_number(point.cea_ng_ml) for point in points],
            hovertemplate="%{x}<br>CEA %{customdata} ng/mL<br>change %{y:.1f}%<extra></extra>",
            name="CEA change from baseline (derived)",
        )
    )
    fig.add_hline(
        y=-threshold_percent,
        line={"color": palette.VERMILLION, "dash": "dash", "width": 2},
        annotation_text=f"fall of {format_number(threshold_percent)}% (cut-off)",
        annotation_position="bottom right",
    )
    fig.add_hline(y=0, line={"color": palette.GREY, "width": 1})
    low = min([*changes, -threshold_percent])
    high = max([*changes, 0.0])
    span = max(high - low, 10.0)
    fig.update_yaxes(
        title_text="Change from baseline (%)", ticksuffix="%", range=[low - span * 0.2, high + span * 0.25]
    )
    fig.update_xaxes(title_text="Week" if time == "week" else "Date")
    return apply_frame(fig, title="CEA change from baseline", source=source, height=430)


_ROWS = ("Chemotherapy", "Bevacizumab", "Chemotherapy to surgery", "Re-imaging", "Surgery")


def _segment(fig: go.Figure, start: date, end: date, row: str, colour: str, hover: str) -> None:
    fig.add_trace(
        go.Scatter(
            x=[start, end],
            y=[row, row],
            mode="lines",
            line={"color": colour, "width": 18},
            hovertemplate=hover + "<extra></extra>",
            showlegend=False,
        )
    )


def timeline_figure(plan: TimingPlan, *, source: str) -> go.Figure:
    """Chemotherapy (each cycle marked), bevacizumab, the interval to surgery, re-imaging and surgery."""
    fig = go.Figure()
    end_of_chemo = max(plan.last_chemo, plan.start + timedelta(days=1))
    _segment(fig, plan.start, end_of_chemo, _ROWS[0], palette.BLUE, "Chemotherapy")
    fig.add_trace(
        go.Scatter(
            x=list(plan.cycle_dates),
            y=[_ROWS[0]] * len(plan.cycle_dates),
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 18, "color": palette.BLACK, "line": {"width": 2}},
            hovertemplate="Cycle start %{x}<extra></extra>",
            showlegend=False,
        )
    )
    if plan.last_bevacizumab is not None:
        _segment(
            fig,
            plan.start,
            max(plan.last_bevacizumab, plan.start + timedelta(days=1)),
            _ROWS[1],
            palette.ORANGE,
            "Bevacizumab",
        )
    _segment(fig, plan.last_chemo, plan.surgery, _ROWS[2], palette.GREY, "Last chemotherapy to surgery")
    middle = plan.last_chemo + (plan.surgery - plan.last_chemo) / 2
    fig.add_annotation(
        x=middle,
        y=_ROWS[2],
        text=f"{format_number(round(plan.weeks_chemo_to_surgery, 1))} weeks",
        showarrow=False,
        yshift=22,
        font={"size": 14},
    )
    if plan.reimaging:
        fig.add_trace(
            go.Scatter(
                x=list(plan.reimaging),
                y=[_ROWS[3]] * len(plan.reimaging),
                mode="markers+text",
                marker={"symbol": "diamond", "size": 14, "color": palette.PURPLE},
                text=[when.strftime("%d %b") for when in plan.reimaging],
                textposition="top center",
                hovertemplate="Re-imaging %{x}<extra></extra>",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[plan.surgery],
            y=[_ROWS[4]],
            mode="markers+text",
            marker={"symbol": "star", "size": 20, "color": palette.VERMILLION},
            text=[plan.surgery.strftime("%d %b %Y")],
            textposition="middle left",
            hovertemplate="Surgery %{x}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(_ROWS)), type="category")
    fig.update_xaxes(type="date", title_text="Date")
    # Dates take two lines under the axis; the row names ("Chemotherapy to surgery") reach ~130 px left.
    return apply_frame(fig, title="Treatment timeline", source=source, height=430, axis_px=66, labels_px=120)


__all__ = [
    "cea_figure",
    "cea_label_positions",
    "flr_figure",
    "fong_outcomes_figure",
    "recist_sums_figure",
    "timeline_figure",
]
