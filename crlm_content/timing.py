"""Timing and duration of preoperative chemotherapy: cycles to weeks and the review's warning thresholds.

Thresholds from the source review (World J Gastrointest Oncol 2021;13(9):1043-1061):
- more than 12 weeks of chemotherapy and/or an interval of less than 4 weeks between chemotherapy and
  surgery was associated with more postoperative complications, reoperation and longer hospital stay
  (ref [53]);
- bevacizumab was safe before surgery when given 5 or more weeks before it (refs [35]-[41]).

Invalid input raises ``ValueError`` whose message names the offending argument.
Educational use only; not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from .validation import require_at_most as _require_at_most
from .validation import require_count as _require_count
from .validation import require_real as _require_real
from .validation import shown as _shown

TimingWarning = Literal["duration_over_12_weeks", "interval_under_4_weeks", "bevacizumab_washout_short"]

MAX_CHEMOTHERAPY_WEEKS = 12
MIN_WEEKS_LAST_CHEMO_TO_SURGERY = 4
MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY = 5

# Plausible ranges, enforced here and named in the error: up to 24 cycles (48 weeks of two-weekly
# chemotherapy) of up to 6 weeks each; a duration or an interval of up to 5 years (260 weeks).
CYCLES_MAX = 24
CYCLE_LENGTH_MAX_WEEKS = 6.0
WEEKS_MAX = 260.0

TIMING_WARNING_TEXT: Mapping[TimingWarning, str] = MappingProxyType(
    {
        "duration_over_12_weeks": (
            "More than 12 weeks of preoperative chemotherapy was associated with more postoperative "
            "complications, reoperation and longer hospital stay (ref. [53])."
        ),
        "interval_under_4_weeks": (
            "An interval of less than 4 weeks between the last chemotherapy and surgery was associated "
            "with more postoperative complications, reoperation and longer hospital stay (ref. [53])."
        ),
        "bevacizumab_washout_short": (
            "Preoperative bevacizumab was shown to be safe when given 5 or more weeks before surgery "
            "(ref. [35-41]); this interval is shorter."
        ),
    }
)


def _optional_weeks(value: object, name: str) -> float | None:
    if value is None:
        return None
    weeks = _require_real(value, name)
    if weeks < 0:
        raise ValueError(f"{name} must not be negative, got {_shown(value)}")
    return _require_at_most(weeks, name, WEEKS_MAX, unit="weeks")


def cycles_to_weeks(*, cycles: int, cycle_length_weeks: float) -> float:
    """Weeks taken by ``cycles`` cycles of ``cycle_length_weeks`` each (6 two-week cycles = 12 weeks).

    Plausible ranges: 1-24 cycles (``CYCLES_MAX``), a cycle longer than 0 and at most 6 weeks.
    """
    count = _require_count(cycles, "cycles", CYCLES_MAX)
    length = _require_real(cycle_length_weeks, "cycle_length_weeks")
    if length <= 0:
        raise ValueError(f"cycle_length_weeks must be greater than 0, got {_shown(cycle_length_weeks)}")
    return count * _require_at_most(length, "cycle_length_weeks", CYCLE_LENGTH_MAX_WEEKS, unit="weeks")


def preoperative_timing_warnings(
    *,
    chemotherapy_weeks: float | None,
    weeks_last_chemo_to_surgery: float | None,
    weeks_last_bevacizumab_to_surgery: float | None,
) -> tuple[TimingWarning, ...]:
    """Warning codes, in a fixed order, for the timing values given (``None`` = not applicable / unknown).

    - ``duration_over_12_weeks``: chemotherapy_weeks > 12 (exactly 12 weeks gives no warning);
    - ``interval_under_4_weeks``: weeks_last_chemo_to_surgery < 4 (exactly 4 gives no warning);
    - ``bevacizumab_washout_short``: weeks_last_bevacizumab_to_surgery < 5 (exactly 5 gives no warning).

    ``TIMING_WARNING_TEXT`` maps each code to its explanation and source. Each value must be 0-260 weeks
    (``WEEKS_MAX``).
    """
    duration = _optional_weeks(chemotherapy_weeks, "chemotherapy_weeks")
    interval = _optional_weeks(weeks_last_chemo_to_surgery, "weeks_last_chemo_to_surgery")
    bevacizumab = _optional_weeks(weeks_last_bevacizumab_to_surgery, "weeks_last_bevacizumab_to_surgery")

    warnings: list[TimingWarning] = []
    if duration is not None and duration > MAX_CHEMOTHERAPY_WEEKS:
        warnings.append("duration_over_12_weeks")
    if interval is not None and interval < MIN_WEEKS_LAST_CHEMO_TO_SURGERY:
        warnings.append("interval_under_4_weeks")
    if bevacizumab is not None and bevacizumab < MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY:
        warnings.append("bevacizumab_washout_short")
    return tuple(warnings)


__all__ = [
    "CYCLES_MAX",
    "CYCLE_LENGTH_MAX_WEEKS",
    "MAX_CHEMOTHERAPY_WEEKS",
    "MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY",
    "MIN_WEEKS_LAST_CHEMO_TO_SURGERY",
    "TIMING_WARNING_TEXT",
    "WEEKS_MAX",
    "TimingWarning",
    "cycles_to_weeks",
    "preoperative_timing_warnings",
]
