"""The Treatment timing page: a preoperative plan's dates, intervals, the review's warnings and the
re-imaging dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..formatting import format_number
from ..timing import (
    CYCLE_LENGTH_MAX_WEEKS,
    MAX_CHEMOTHERAPY_WEEKS,
    WEEKS_MAX,
    TimingWarning,
    cycles_to_weeks,
    preoperative_timing_warnings,
)
from .common import add_months, name_fields

BevacizumabPlan = Literal["none", "every_cycle", "not_last_cycle", "date"]
SurgeryBy = Literal["weeks", "date"]
BEVACIZUMAB_PLAN_LABELS: Mapping[BevacizumabPlan, str] = {
    "none": "No bevacizumab",
    "every_cycle": "With every cycle, the last one included",
    "not_last_cycle": "Left out of the last cycle",
    "date": "On a date I enter",
}
CYCLE_WEEKS_MAX = int(CYCLE_LENGTH_MAX_WEEKS)  # the page takes whole weeks
# Surgery is at least a week after the last chemotherapy (0 weeks would put it on the same day).
SURGERY_GAP_MIN_WEEKS = 1
SURGERY_GAP_MAX_WEEKS = 52
# The records the timing planner quotes and shows. The long course, the short interval and the bevacizumab
# washout are the three warnings' thresholds (the plan's caption quotes them); the NCCN row of the review's
# Table 2 gives the re-imaging interval the schedule uses, and the review's own text gives its own interval.
LONG_COURSE_ID = "timing-long-chemo-short-interval"
BEVACIZUMAB_WASHOUT_ID = "biologics-bevacizumab-preop-safety"
NCCN_REIMAGING_ID = "table-2-nccn-reevaluation"
REVIEW_REIMAGING_ID = "timing-unresectable-reimaging"
# The thresholds tab, in its order: the two warnings' records, then bevacizumab left out of the last cycle.
THRESHOLD_IDS: tuple[str, ...] = (
    LONG_COURSE_ID,
    BEVACIZUMAB_WASHOUT_ID,
    "biologics-bevacizumab-last-cycle-omitted",
)
# How long before surgery (caveat 9): a collapsed list under the thresholds.
HOW_LONG_BEFORE_SURGERY_IDS: tuple[str, ...] = (
    "timing-cycles-in-studies",
    "timing-resectable-duration",
    "timing-hepatic-atrophy",
)
# Re-imaging interval of the NCCN row of the review's Table 2 (record NCCN_REIMAGING_ID).
REIMAGING_INTERVAL_MONTHS = 2
# Each warning and the (evidence id, value label) it is cited to.
TIMING_WARNING_EVIDENCE: Mapping[TimingWarning, tuple[str, str]] = {
    "duration_over_12_weeks": (LONG_COURSE_ID, "duration of chemotherapy"),
    "interval_under_4_weeks": (LONG_COURSE_ID, "interval from chemotherapy to surgery"),
    "bevacizumab_washout_short": (BEVACIZUMAB_WASHOUT_ID, "interval from bevacizumab to surgery"),
}
TIMING_FIELD_LABELS: Mapping[str, str] = {
    "cycles": "Number of cycles",
    "cycle_length_weeks": "Cycle length (weeks)",
    "chemotherapy_weeks": "Weeks of chemotherapy (start to the end of the cycle that holds the last dose)",
    "weeks_last_chemo_to_surgery": "Weeks from the last chemotherapy to surgery",
    "weeks_last_bevacizumab_to_surgery": "Weeks from the last bevacizumab dose to surgery",
    "last_chemo_day": "Day of the cycle of the last chemotherapy",
}
LAST_DAY_LABEL = TIMING_FIELD_LABELS["last_chemo_day"]


@dataclass(frozen=True)
class TimingInputs:
    cycles: int
    cycle_weeks: int
    start: date | None
    last_chemo: date | None  # None: the first day of the last cycle
    bevacizumab: BevacizumabPlan
    bevacizumab_date: date | None
    surgery_by: SurgeryBy
    surgery_gap_weeks: int
    surgery: date | None
    # The day of its cycle the entered last dose fell on: 1 for a drug given on day 1 (an infusion, also in a
    # cycle that started late); a later day for the last tablet of an oral drug (capecitabine). Unused when
    # no last chemotherapy date is entered.
    last_chemo_day: int = 1


class TimingPlan(BaseModel):
    """A preoperative schedule with its intervals, the review's warnings and the re-imaging dates."""

    model_config = ConfigDict(frozen=True)

    start: date
    cycle_weeks: int
    cycle_dates: tuple[date, ...]
    chemotherapy_weeks_by_cycles: float
    chemotherapy_weeks: float
    last_chemo: date
    last_chemo_entered: bool
    last_chemo_day: int  # the last dose's day in its cycle
    last_cycle_start: date  # day 1 of the cycle that holds the last dose
    last_bevacizumab: date | None
    surgery: date
    days_chemo_to_surgery: int
    days_bevacizumab_to_surgery: int | None
    warnings: tuple[TimingWarning, ...]
    reimaging: tuple[date, ...]
    notes: tuple[str, ...]

    @property
    def cycles(self) -> int:
        return len(self.cycle_dates)

    @property
    def chemotherapy_end(self) -> date:
        """The end of the cycle that holds the last dose: the course's weeks count to here."""
        return self.last_cycle_start + timedelta(weeks=self.cycle_weeks)

    @property
    def weeks_chemo_to_surgery(self) -> float:
        return self.days_chemo_to_surgery / 7

    @property
    def weeks_bevacizumab_to_surgery(self) -> float | None:
        days = self.days_bevacizumab_to_surgery
        return None if days is None else days / 7


def weeks_text(days: int) -> str:
    """``35 days (5 weeks)``, ``34 days (4.9 weeks)``: the days are exact, the weeks rounded to 1 decimal.

    A whole number of days is never k + 0.95 weeks or more, so the rounding cannot reach the next whole week.
    """
    weeks = days // 7 if days % 7 == 0 else round(days / 7, 1)
    day_word = "day" if days == 1 else "days"
    week_word = "week" if weeks == 1 else "weeks"
    return f"{days} {day_word} ({format_number(weeks)} {week_word})"


def weeks_count(weeks: float) -> str:
    """A number of weeks rounded to 1 decimal, with its word: ``1 week``, ``0.9 weeks``, ``12.4 weeks``."""
    rounded = round(weeks, 1)
    return f"{format_number(rounded)} {'week' if rounded == 1 else 'weeks'}"


def chemotherapy_weeks_text(plan: TimingPlan) -> str:
    """The chemotherapy weeks as the page shows them: ``12 weeks``, ``12.4 weeks``."""
    return weeks_count(plan.chemotherapy_weeks)


def chemotherapy_derivation(plan: TimingPlan) -> str:
    """How the chemotherapy weeks shown were reached: cycles x cycle length, or, when an entered last dose
    makes the course longer, the days from the start to the end of the cycle that holds it (the longer is
    shown and checked against 12 weeks). When the two differ, the one shown comes first, the other after."""
    by_cycles = (
        f"{plan.cycles} cycles x {plan.cycle_weeks} weeks = "
        f"{format_number(plan.chemotherapy_weeks_by_cycles)} weeks"
    )
    course_days = (plan.chemotherapy_end - plan.start).days
    if course_days == 7 * plan.cycles * plan.cycle_weeks:
        return by_cycles
    by_dates = (
        f"{plan.start.isoformat()} to the end of the {plan.cycle_weeks}-week cycle that starts "
        f"{plan.last_cycle_start.isoformat()} = {course_days} days"
    )
    if course_days > 7 * plan.cycles * plan.cycle_weeks:  # the dates give the figure shown
        return f"{by_dates} = {chemotherapy_weeks_text(plan)}, longer than {by_cycles}"
    return f"{by_cycles}, longer than {by_dates} = {format_number(round(course_days / 7, 1))} weeks"


def reimaging_dates(
    start: date, before: date, interval_months: int = REIMAGING_INTERVAL_MONTHS
) -> tuple[date, ...]:
    """Re-imaging every ``interval_months`` calendar months from ``start``, strictly before ``before``."""
    if interval_months < 1:
        raise ValueError(f"interval_months must be at least 1, got {interval_months!r}")
    dates: list[date] = []
    step = 1
    while (when := add_months(start, step * interval_months)) < before:
        dates.append(when)
        step += 1
    return tuple(dates)


BEYOND_RANGE = (
    f"more than the {format_number(WEEKS_MAX)} weeks (5 years) this planner covers. Check the date."
)


def _weeks_beyond(days: int) -> str | None:
    """``about 3,850 weeks`` when ``days`` is beyond the ``WEEKS_MAX`` the warnings cover (dates years
    apart): whole weeks grouped by thousands, never a bare float of weeks; None when within it."""
    return f"about {days // 7:,} weeks" if days / 7 > WEEKS_MAX else None


def _day_1_reading(start: date, last_chemo: date, day: int, cycle_days: int) -> str | None:
    """How an entered last dose that is day 1 of its cycle, but off the schedule from the start date, is
    read (a cycle that started late), and what to enter if it is a later day of a cycle given on schedule
    (the last capecitabine tablet): the two readings differ, and the dates alone cannot tell them apart."""
    offset = (last_chemo - start).days % cycle_days
    if day != 1 or offset == 0 or last_chemo < start:
        return None
    cycle = (last_chemo - start).days // cycle_days + 1
    return (
        f"The last chemotherapy, {last_chemo.isoformat()}, is read as day 1 of its cycle (a cycle that "
        f"started late): on the schedule from the start date it would be day {offset + 1} of cycle {cycle}. "
        "If it is a later day of a cycle given on schedule, such as the last tablet of oral capecitabine, "
        f"enter {offset + 1} in '{LAST_DAY_LABEL}': the course then ends with that cycle, and bevacizumab "
        "counts from its day 1."
    )


def plan_timing(inputs: TimingInputs) -> tuple[TimingPlan | None, list[str]]:
    """Dates, intervals and warnings of a preoperative plan; messages name the field that is wrong."""
    messages: list[str] = []
    try:
        weeks_by_cycles = cycles_to_weeks(cycles=inputs.cycles, cycle_length_weeks=inputs.cycle_weeks)
    except ValueError as exc:
        return None, [name_fields(str(exc), TIMING_FIELD_LABELS)]
    if inputs.start is None:
        return None, ["Start of chemotherapy: enter the date of the first cycle."]
    start = inputs.start
    step = timedelta(weeks=inputs.cycle_weeks)
    cycle_days = 7 * inputs.cycle_weeks
    cycle_dates = tuple(start + index * step for index in range(inputs.cycles))
    last_chemo = inputs.last_chemo or cycle_dates[-1]
    # The cycle that holds the last dose starts (last_chemo_day - 1) days before it: bevacizumab is given on
    # its day 1, and the course ends one cycle after that day 1.
    day = inputs.last_chemo_day if inputs.last_chemo is not None else 1
    last_cycle_start = last_chemo
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= cycle_days:
        messages.append(
            f"{LAST_DAY_LABEL}: use a whole number from 1 to {cycle_days}, the "
            f"days of a {inputs.cycle_weeks}-week cycle."
        )
        day = 1
    else:
        last_cycle_start = last_chemo - timedelta(days=day - 1)
    if last_chemo < start:
        messages.append(
            f"Last chemotherapy: {last_chemo.isoformat()} is before the start of chemotherapy "
            f"({start.isoformat()})."
        )
    elif last_cycle_start < start:
        messages.append(
            f"{LAST_DAY_LABEL}: day {day} puts the first day of that cycle on "
            f"{last_cycle_start.isoformat()}, before the start of chemotherapy ({start.isoformat()})."
        )

    last_bevacizumab: date | None = None
    if inputs.bevacizumab == "every_cycle":
        last_bevacizumab = last_cycle_start  # day 1 of the cycle that holds the last dose
    elif inputs.bevacizumab == "not_last_cycle":
        if inputs.cycles < 2:
            messages.append(
                "Bevacizumab: with a single cycle it cannot be left out of the last cycle; choose another "
                "option."
            )
        elif last_cycle_start - step < start and not messages:
            messages.append(
                "Bevacizumab: left out of the last cycle, its last dose falls a cycle before "
                f"{last_cycle_start.isoformat()} (day 1 of the cycle with the last chemotherapy), before the "
                f"start of chemotherapy ({start.isoformat()}); check the last chemotherapy date, or choose "
                "another option."
            )
        else:
            last_bevacizumab = last_cycle_start - step  # day 1 of the cycle before
    elif inputs.bevacizumab == "date":
        if inputs.bevacizumab_date is None:
            messages.append("Last bevacizumab dose: enter the date, or choose another bevacizumab option.")
        elif inputs.bevacizumab_date < start:
            messages.append(
                f"Last bevacizumab dose: {inputs.bevacizumab_date.isoformat()} is before the start of "
                f"chemotherapy ({start.isoformat()})."
            )
        else:
            last_bevacizumab = inputs.bevacizumab_date

    surgery: date | None
    if inputs.surgery_by == "weeks":
        if not SURGERY_GAP_MIN_WEEKS <= inputs.surgery_gap_weeks <= SURGERY_GAP_MAX_WEEKS:
            messages.append(
                "Weeks from the last chemotherapy to surgery: use "
                f"{SURGERY_GAP_MIN_WEEKS}-{SURGERY_GAP_MAX_WEEKS}."
            )
            surgery = None
        else:
            surgery = last_chemo + timedelta(weeks=inputs.surgery_gap_weeks)
    else:
        surgery = inputs.surgery
        if surgery is None:
            messages.append("Planned surgery: enter the date, or give the weeks after the last chemotherapy.")
    if surgery is not None and surgery <= last_chemo:
        messages.append(
            f"Planned surgery: {surgery.isoformat()} is not after the last chemotherapy "
            f"({last_chemo.isoformat()})."
        )
    if surgery is not None and last_bevacizumab is not None and last_bevacizumab > surgery:
        messages.append(
            f"Last bevacizumab dose: {last_bevacizumab.isoformat()} is after the planned surgery "
            f"({surgery.isoformat()})."
        )
    if messages or surgery is None:
        return None, messages

    notes: list[str] = []
    weeks = weeks_by_cycles
    course_days = (last_cycle_start - start).days + cycle_days  # to the end of the cycle with the last dose
    if inputs.last_chemo is not None:
        by_dates = (last_cycle_start - start).days / 7 + inputs.cycle_weeks
        if by_dates != weeks_by_cycles:
            notes.append(
                f"The dates give {format_number(round(by_dates, 1))} weeks of chemotherapy (from the "
                f"start to the end of the {inputs.cycle_weeks}-week cycle that holds the last dose); the "
                f"cycles give {format_number(weeks_by_cycles)} weeks. The {MAX_CHEMOTHERAPY_WEEKS}-week "
                f"check uses the longer, {format_number(round(max(by_dates, weeks), 1))} weeks."
            )
            weeks = max(by_dates, weeks)
        if note := _day_1_reading(start, last_chemo, day, cycle_days):
            notes.append(note)
    days_chemo = (surgery - last_chemo).days
    days_bev = None if last_bevacizumab is None else (surgery - last_bevacizumab).days
    beyond: list[str] = []
    if inputs.last_chemo is not None and (span := _weeks_beyond(course_days)):
        beyond.append(
            f"Last chemotherapy: {last_chemo.isoformat()} makes the chemotherapy {span} long (from the "
            f"start, {start.isoformat()}, to the end of the {inputs.cycle_weeks}-week cycle that holds the "
            "last dose), " + BEYOND_RANGE
        )
    if span := _weeks_beyond(days_chemo):  # only a date can be that far: the weeks field stops at 52
        beyond.append(
            f"Planned surgery date: {surgery.isoformat()} is {span} after the last chemotherapy "
            f"({last_chemo.isoformat()}), {BEYOND_RANGE}"
        )
    elif last_bevacizumab is not None and (span := _weeks_beyond(days_bev or 0)):
        beyond.append(
            f"Last bevacizumab dose: {last_bevacizumab.isoformat()} is {span} before the planned surgery "
            f"({surgery.isoformat()}), {BEYOND_RANGE}"
        )
    if beyond:
        return None, beyond
    try:
        warnings = preoperative_timing_warnings(
            chemotherapy_weeks=weeks,
            weeks_last_chemo_to_surgery=days_chemo / 7,
            weeks_last_bevacizumab_to_surgery=None if days_bev is None else days_bev / 7,
        )
    except ValueError as exc:  # dates years apart: beyond the plausible range of the warnings
        return None, [name_fields(str(exc), TIMING_FIELD_LABELS) + "; check the dates."]
    return (
        TimingPlan(
            start=start,
            cycle_weeks=inputs.cycle_weeks,
            cycle_dates=cycle_dates,
            chemotherapy_weeks_by_cycles=weeks_by_cycles,
            chemotherapy_weeks=weeks,
            last_chemo=last_chemo,
            last_chemo_entered=inputs.last_chemo is not None,
            last_chemo_day=day,
            last_cycle_start=last_cycle_start,
            last_bevacizumab=last_bevacizumab,
            surgery=surgery,
            days_chemo_to_surgery=days_chemo,
            days_bevacizumab_to_surgery=days_bev,
            warnings=warnings,
            reimaging=reimaging_dates(start, surgery),
            notes=tuple(notes),
        ),
        [],
    )


def schedule_rows(plan: TimingPlan) -> list[dict[str, str]]:
    """Milestones in date order, each with its week from the start of chemotherapy."""
    events: list[tuple[date, str]] = [(plan.start, "Chemotherapy starts (cycle 1)")]
    if plan.last_chemo_entered and plan.last_chemo_day > 1:
        events.append((plan.last_cycle_start, "Day 1 of the cycle with the last chemotherapy"))
        events.append(
            (plan.last_chemo, f"Last chemotherapy (date entered, day {plan.last_chemo_day} of its cycle)")
        )
    elif plan.last_chemo_entered:
        events.append((plan.last_chemo, "Last chemotherapy (date entered)"))
    else:
        events.append((plan.last_chemo, f"Last chemotherapy (cycle {len(plan.cycle_dates)})"))
    if plan.last_bevacizumab is not None:
        events.append((plan.last_bevacizumab, "Last bevacizumab dose"))
    events += [(when, f"Re-imaging (every {REIMAGING_INTERVAL_MONTHS} months)") for when in plan.reimaging]
    events.append((plan.surgery, "Planned surgery"))
    events.sort(key=lambda event: event[0])
    return [
        {
            "date": when.isoformat(),
            "week from start": format_number(round((when - plan.start).days / 7, 1)),
            "event": what,
        }
        for when, what in events
    ]
