"""The treatment timing planner's example course, shared by the unit tests that need a plan to work on.

The page's defaults: 6 two-week cycles of FOLFOX from Monday 6 Jan 2025, bevacizumab left out of the last
cycle, surgery 5 weeks after the last dose. An input, not an expected value: each test works out what it
expects.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from crlm_content import tools

FOLFOX = tools.TimingInputs(
    cycles=6,
    cycle_weeks=2,
    start=date(2025, 1, 6),
    last_chemo=None,
    bevacizumab="not_last_cycle",
    bevacizumab_date=None,
    surgery_by="weeks",
    surgery_gap_weeks=5,
    surgery=None,
)


def folfox_inputs(**changes: Any) -> tools.TimingInputs:
    """The example course with ``changes`` (field names of ``TimingInputs``)."""
    return replace(FOLFOX, **changes)


def folfox_plan(**changes: Any) -> tools.TimingPlan:
    """The plan of the example course with ``changes``; it must lay out without a problem."""
    result, problems = tools.plan_timing(folfox_inputs(**changes))
    assert problems == [] and result is not None, problems
    return result
