"""The Surgery page's chart: median overall survival by timing of chemotherapy in synchronous CRLM, all
patients and the low-risk group, as the review reports them (medians only: no intervals are given)."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from .. import palette
from ..formatting import format_number
from ..models import Evidence
from .frame import apply_frame

SYNCHRONOUS_OS_RECORD = "timing-synchronous-median-os"

# (the record's label stem, the axis label, the words of the text alternative)
_TIMINGS = (
    ("no chemotherapy", "No<br>chemo", "no chemotherapy"),
    ("pre-hepatectomy chemotherapy", "Before<br>surgery", "chemotherapy before hepatectomy"),
    ("post-hepatectomy chemotherapy", "After<br>surgery", "chemotherapy after hepatectomy"),
    ("perioperative chemotherapy", "Before and<br>after", "perioperative chemotherapy"),
)
_GROUPS = (("All patients", ""), ("Low-risk patients", ", low risk"))


@dataclass(frozen=True)
class TimingSeries:
    """One group's median OS in months for each timing, in _TIMINGS order, and its P value as displayed."""

    group: str
    months: tuple[float, ...]
    p_value: str


def synchronous_os_series(record: Evidence) -> tuple[TimingSeries, ...]:
    """The record's medians by group, read by label (a missing label raises: nothing is filled in)."""
    series = []
    for group, suffix in _GROUPS:
        months = tuple(record.value(f"median OS, {stem}{suffix}").value for stem, _, _ in _TIMINGS)
        p_label = "P value, all patients" if not suffix else "P value, low risk"
        series.append(TimingSeries(group, months, record.value(p_label).display()))
    return tuple(series)


def synchronous_os_alt(record: Evidence) -> str:
    """The chart's text alternative: every bar's value, group by group."""
    parts = []
    for series in synchronous_os_series(record):
        values = ", ".join(
            f"{words} {format_number(m)} months"
            for (_, _, words), m in zip(_TIMINGS, series.months, strict=True)
        )
        parts.append(f"{series.group}: {values} ({series.p_value})")
    return (
        "Grouped bar chart of median overall survival in months by timing of chemotherapy in synchronous "
        "liver metastases. " + "; ".join(parts) + ". Medians only: the review gives no intervals."
    )


def synchronous_os_figure(record: Evidence, *, source: str) -> go.Figure:
    """Two bars per timing (all patients, low risk), each labelled with its median in months."""
    fig = go.Figure()
    axis = [label for _, label, _ in _TIMINGS]
    for series, colour in zip(synchronous_os_series(record), (palette.BLUE, palette.ORANGE), strict=True):
        fig.add_trace(
            go.Bar(
                name=f"{series.group} ({series.p_value})",
                x=axis,
                y=list(series.months),
                marker_color=colour,
                text=[format_number(m) for m in series.months],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=series.group + ": median OS %{y} months<extra></extra>",
            )
        )
    top = max(m for series in synchronous_os_series(record) for m in series.months)
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="Median OS (months)", range=[0, top * 1.2])
    return apply_frame(
        fig,
        title="Median survival by timing of chemotherapy, synchronous CRLM",
        source=source,
        height=470,
        legend=True,
        axis_px=70,
    )
