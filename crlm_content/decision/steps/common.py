"""The words and thresholds every step shares: a typed value written on its side of a cut-off (``typed``),
counts and lists in prose (``plural``, ``and_list``, ``_yes``), and the rules' thresholds, each checked by a
test against the Evidence record it comes from: ``LOW_RISK_MAX_LESIONS``
(guidelines-upfront-resection-low-risk), ``HIGH_RECURRENCE_RISK_MIN_SCORE`` (Fong's unfavourable group, 3-5,
as ``scores.py`` groups it) and ``MIN_MARGIN_MM`` (margins-submillimetre).
"""

from __future__ import annotations

from ...formatting import format_number

# Thresholds of the rules; tests check each equals its cited Evidence record.
LOW_RISK_MAX_LESIONS = 4  # guidelines-upfront-resection-low-risk
HIGH_RECURRENCE_RISK_MIN_SCORE = 3  # Fong's unfavourable group, 3-5 (the usual grouping; scores.py)
MIN_MARGIN_MM = 1.0  # margins-submillimetre: margin >= 1 mm
# Fong's cut-offs (FONG_INTERVAL_MONTHS, FONG_LARGEST_CM) live in scores.py: a typed interval or size is
# written on their side, never "12 months" for 11.999 beside the point an interval under 12 months earns.


def typed(value: float, *cut_offs: float) -> str:
    """A value the user entered, in a step's text: to 2 decimals, with more where 2 would put it on the other
    side of a cut-off it is compared with (11.999 months beside Fong's '< 12', never '12 months'), and never
    rounded to 0 when it is not (a 0.004 cm lesion read "largest 0 cm": 0 is a cut-off too)."""
    return format_number(value, *cut_offs, 0.0, decimals=2)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _yes(value: bool | None, yes: str, no: str, unknown: str = "not known") -> str:
    return unknown if value is None else yes if value else no


def and_list(items: tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
