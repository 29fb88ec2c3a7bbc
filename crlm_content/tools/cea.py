"""The CEA monitor page: serial CEA values by week or date (in a link as ``0:40,3:36``), each one's change
from the baseline and the fall-of-at-least cut-off."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..formatting import format_figure, format_number
from ..response import CEA_IMAGING_NEEDED, CeaResult, cea_response
from ..scores import CEA_MAX_NG_ML
from ..urlstate import read_link_entries
from ..validation import exact
from ..validation import is_blank as _is_blank
from .common import (
    Record,
    date_cell,
    link_number,
    parse_iso_date,
    typed_cell_link_text,
    typed_cell_number,
)

CeaTime = Literal["week", "date"]
CEA_MAX_VALUES = 20
CEA_WEEK_MAX = 520.0
CEA_LABELS: Mapping[str, str] = {"week": "Week", "date": "Date", "cea": "CEA (ng/mL)"}

# The records the CEA monitor page shows, in its order: the cut-off the page quotes (its threshold,
# sensitivity, specificity and restaging time) and its card, then CEA as imaging's companion, then the rest of
# what the review says on CEA (a collapsed list).
CEA_CUTOFF_ID = "cea-decline-cutoff"
CEA_ADJUNCT_ID = "cea-useful-adjunct"
CEA_MORE_IDS: tuple[str, ...] = ("cea-response-monitoring", "cea-prognosis-and-surveillance")


def parse_cea_param(text: str, time: CeaTime) -> tuple[list[dict[str, object]], list[str]]:
    """``0:40,3:36`` (week:value) or ``2025-01-06:40`` (date:value) -> table rows, and what was ignored."""

    def read(entry: str) -> dict[str, object]:
        when_text, colon, value_text = entry.rpartition(":")
        if not colon:
            raise ValueError(f"expected {time}:value")
        when: object = link_number(when_text) if time == "week" else None
        if time == "date" and when_text.strip():
            when = parse_iso_date(when_text)
        return {time: when, "cea": link_number(value_text)}

    return read_link_entries(text, "weeks" if time == "week" else "dates", read, limit=CEA_MAX_VALUES)


def parse_cea_weeks(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``parse_cea_param`` for times in weeks (one named function, so a table built from it can be shared)."""
    return parse_cea_param(text, "week")


def parse_cea_dates(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``parse_cea_param`` for calendar dates."""
    return parse_cea_param(text, "date")


def encode_cea(records: Sequence[Record], time: CeaTime) -> str:
    entries = []
    for record in records:
        when = record.get(time)
        if time == "date":
            day, _ = date_cell(when)
            when_text = day.isoformat() if day else ""
        else:
            when_text = typed_cell_link_text(when)
        value_text = typed_cell_link_text(record.get("cea"))
        if when_text or value_text:
            entries.append(f"{when_text}:{value_text}")
    return ",".join(entries)


class CeaPoint(BaseModel):
    """One CEA value with its change from the baseline (the earliest value)."""

    model_config = ConfigDict(frozen=True)

    when: float | date
    weeks_from_baseline: float
    cea_ng_ml: float
    result: CeaResult | None  # None for the baseline itself


def validate_cea(records: Sequence[Record], time: CeaTime) -> tuple[list[CeaPoint] | None, list[str]]:
    """Check a serial CEA table and compute each value's change from the earliest one (``cea_response``)."""
    messages: list[str] = []
    points: list[tuple[float, float | date, float]] = []  # (position in weeks, when, value)
    row_number = 0
    time_label = CEA_LABELS[time]
    for record in records:
        if _is_blank(record.get(time)) and _is_blank(record.get("cea")):
            continue
        row_number += 1
        where = f"Row {row_number}"
        when: float | date | None
        if time == "week":
            when, problem = typed_cell_number(record.get(time))
            if problem:
                messages.append(f"{where}, {time_label}: {problem}.")
            elif when is None:
                messages.append(f"{where}, {time_label}: enter the week (0 for the baseline value).")
            elif not 0 <= when <= CEA_WEEK_MAX:
                messages.append(
                    f"{where}, {time_label}: {format_number(when, decimals=None)} is outside "
                    f"0-{format_number(CEA_WEEK_MAX)}."
                )
                when = None
        else:
            when, problem = date_cell(record.get(time))
            if problem:
                messages.append(f"{where}, {time_label}: {problem}.")
            elif when is None:
                messages.append(f"{where}, {time_label}: enter the date of the blood test.")
        value, problem = typed_cell_number(record.get("cea"))
        if problem:
            messages.append(f"{where}, {CEA_LABELS['cea']}: {problem}.")
        elif value is None:
            messages.append(f"{where}, {CEA_LABELS['cea']}: enter the value in ng/mL.")
        elif value < 0:
            messages.append(
                f"{where}, {CEA_LABELS['cea']}: {format_number(value, decimals=None)} is negative."
            )
            value = None
        elif value > CEA_MAX_NG_ML:
            messages.append(
                f"{where}, {CEA_LABELS['cea']}: {format_number(value, decimals=None)} is above "
                f"{format_figure(CEA_MAX_NG_ML)} ng/mL, the plausible upper limit; check the unit."
            )
            value = None
        if when is not None and value is not None:
            position = when.toordinal() / 7 if isinstance(when, date) else when
            points.append((position, when, value))
    if row_number > CEA_MAX_VALUES:
        messages.append(
            f"{row_number} values: at most {CEA_MAX_VALUES}; remove {row_number - CEA_MAX_VALUES}."
        )
    seen: dict[str, int] = {}
    for _, when, _ in points:
        key = when.isoformat() if isinstance(when, date) else format_number(when)
        seen[key] = seen.get(key, 0) + 1
    for key, count in seen.items():
        if count > 1:
            messages.append(f"{time_label} {key} appears {count} times: enter one value per {time}.")
    if messages:
        return None, messages
    if len(points) < 2:
        return None, ["Enter at least two values, a baseline and a later one, to see a change."]
    points.sort(key=lambda point: point[0])
    first_position, _, baseline = points[0]
    if baseline <= 0:
        return None, [
            f"{CEA_LABELS['cea']}: the baseline (earliest) value is 0, so a percent change from it is "
            "undefined."
        ]
    result: list[CeaPoint] = []
    for index, (position, when, value) in enumerate(points):
        change = None if index == 0 else cea_response(baseline_ng_ml=baseline, current_ng_ml=value)
        result.append(
            CeaPoint(when=when, weeks_from_baseline=position - first_position, cea_ng_ml=value, result=change)
        )
    return result, []


def cea_value_texts(points: Sequence[CeaPoint], threshold_percent: float) -> list[str]:
    """Each CEA value as the table and the chart write it. The values keep their side of the cut-off (value
    = (100 - cut-off)% of the baseline), of no change and of 0, as in cea_response: the baseline against each
    later value, then each later value against the baseline as written (never 40 and 37 beside -7.4999998%
    and "no", nor a baseline of 0.0000001 written "0" beside a change computed from it)."""
    if not points:
        return []
    ratios = (1 - exact(threshold_percent) / 100, Fraction(1))
    later = [exact(point.cea_ng_ml) for point in points[1:]]
    baseline_text = format_number(
        points[0].cea_ng_ml, *(value / ratio for value in later for ratio in ratios), Fraction(0)
    )
    lines = [Fraction(baseline_text) * ratio for ratio in ratios]
    return [baseline_text] + [format_number(point.cea_ng_ml, *lines, Fraction(0)) for point in points[1:]]


def cea_change_text(point: CeaPoint) -> str:
    """A value's change from the baseline as the explanation writes it (exact, on its side of the cut-off);
    'baseline' for the baseline itself."""
    return "baseline" if point.result is None else point.result.change_text


NOT_JUDGED = "not judged (a later check)"
VERDICT_LEAD = "First check after the baseline (derived by this app from your values): "
LATER_NOT_JUDGED = " Later values are not judged against the cut-off: it was reported for the first checks."
CHANGE_HEADING = "change from baseline (derived)"


def cea_rows(points: Sequence[CeaPoint], time: CeaTime, threshold_percent: float) -> list[dict[str, object]]:
    """The derived table under the chart: each value, its change from baseline and the cut-off check. Only
    the first check after the baseline is judged against the cut-off (it was reported for the first checks);
    a later row says it is not judged, as the page's verdict does, instead of a yes or no."""
    rows: list[dict[str, object]] = []
    values = cea_value_texts(points, threshold_percent)
    for index, (point, value) in enumerate(zip(points, values, strict=True)):
        when = point.when.isoformat() if isinstance(point.when, date) else format_number(point.when)
        row: dict[str, object] = {CEA_LABELS[time]: when}
        if time == "date":
            row["weeks from baseline"] = format_number(round(point.weeks_from_baseline, 1))
        row[CEA_LABELS["cea"]] = value
        if point.result is None:
            row[CHANGE_HEADING] = "baseline"
            row[f"fall of at least {format_number(threshold_percent)}%"] = ""
        else:
            row[CHANGE_HEADING] = cea_change_text(point)
            row[f"fall of at least {format_number(threshold_percent)}%"] = (
                NOT_JUDGED if index > 1 else "yes" if point.result.meets_threshold else "no"
            )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class CeaView:
    """What the CEA monitor shows for a checked series: the verdict on the first check after the baseline
    (the value the cut-off is judged on), the chart's description and the table's column headings."""

    first_check: CeaResult | None  # the value judged; None for a lone baseline
    verdict: str  # plain text, '' without a first check
    alt: str
    columns: dict[str, str]  # the table's row keys and headings, in order

    @property
    def meets_threshold(self) -> bool:
        """Whether the judged value fell by at least the cut-off (False without one)."""
        return self.first_check is not None and self.first_check.meets_threshold


def first_check_text(points: Sequence[CeaPoint], threshold_percent: float) -> str:
    """The judgement of the first check after the baseline, in ``cea_response``'s words, with the two values
    as the table and the chart write them (``cea_value_texts``): cea_response writes its pair against each
    other alone, so a baseline the table writes with more places, to keep its side of a later value's line,
    read '40' in the verdict and '40.0000001' in the table. '' without a first check."""
    first = points[1].result if len(points) > 1 else None
    if first is None:
        return ""
    baseline, current = cea_value_texts(points, threshold_percent)[:2]
    change = f"{baseline} -> {current} ng/mL, {first.change_text}"
    cut = format_number(threshold_percent)
    if first.meets_threshold:
        return f"CEA fell by at least {cut}% from baseline ({change})."
    if exact(points[1].cea_ng_ml) < exact(points[0].cea_ng_ml):
        return f"CEA fell, but by less than {cut}% from baseline ({change}). {CEA_IMAGING_NEEDED}"
    return f"CEA did not fall from baseline ({change}). {CEA_IMAGING_NEEDED}"


def cea_view(points: Sequence[CeaPoint], time: CeaTime, threshold_percent: float) -> CeaView:
    """The verdict, chart description and table headings of a series from ``validate_cea``. The cut-off was
    reported for the first check of response, so the value judged is the first after the baseline (judging
    the latest one, beside a caption calling later points illustration only, said the opposite); a series
    with later values says they are not judged."""
    rows = cea_rows(points, time, threshold_percent)
    first = points[1].result if len(points) > 1 else None
    verdict = ""
    if first is not None:
        verdict = (
            VERDICT_LEAD
            + first_check_text(points, threshold_percent)
            + (LATER_NOT_JUDGED if len(points) > 2 else "")
        )
    cut = format_number(threshold_percent)
    alt = (
        "Line chart of the change in CEA from the first value: "
        # "week 3: -2.5%": a bare "3: -2.5%" left a listener to guess what the 3 counts
        + "; ".join(
            f"{'week ' if time == 'week' else ''}{row[CEA_LABELS[time]]}: {row[CHANGE_HEADING]}"
            for row in rows
        )
        + f". A dashed line marks a fall of {cut}%."
    )
    columns = {key: key[0].upper() + key[1:] for key in (rows[0] if rows else {})}
    return CeaView(first_check=first, verdict=verdict, alt=alt, columns=columns)
