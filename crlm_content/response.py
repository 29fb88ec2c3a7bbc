"""Response assessment: RECIST 1.1, CEA response and CT morphologic response (Chun criteria).

Boundaries are decided with exact arithmetic. Each float argument is read as the shortest decimal that
round-trips to it (``Fraction(repr(x))``), i.e. the number the user typed, so 33.3 mm -> 23.31 mm is exactly a
30% decrease (plain binary floating point could put it a hair either side). Reported percentages are the
exact results rounded once to the nearest float.

Invalid input raises ``ValueError`` whose message names the offending argument.
Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .formatting import format_exact, format_number
from .primary_sources import CHUN_CITATION, RECIST_CITATION
from .validation import CEA_MAX_NG_ML
from .validation import exact as _exact
from .validation import require_at_most as _require_at_most
from .validation import require_bool as _require_bool
from .validation import require_non_negative as _require_non_negative
from .validation import require_positive as _require_positive
from .validation import shown as _shown

RecistRule = Literal[
    "new_lesion",
    "reappearance_after_complete_response",
    "sum_increase_from_nadir",
    "complete_disappearance",
    "decrease_from_baseline",
    "neither",
]
MorphologicCategory = Literal["optimal", "incomplete", "none", "outside_criteria"]

# ----------------------------------------------------------------------------------------------------------
# Sources and teaching notes
# ----------------------------------------------------------------------------------------------------------


RECIST_PR_DECREASE_PERCENT = 30
RECIST_PD_INCREASE_PERCENT = 20
RECIST_PD_ABSOLUTE_MM = 5
# A target lymph node counts as gone for CR when its short axis is below this (it stays in the sum).
RECIST_NODE_CR_SHORT_AXIS_MM = 10
# Plausible ranges: at most 5 target lesions of at most 500 mm (50 cm, the largest liver tumour the scores
# accept), so a sum of diameters above 2,500 mm is a typing or unit error.
RECIST_MAX_TARGET_LESIONS = 5
RECIST_LESION_MAX_MM = 500.0
RECIST_SUM_MAX_MM = RECIST_MAX_TARGET_LESIONS * RECIST_LESION_MAX_MM

RECIST_BASELINE_VS_NADIR_NOTE = (
    "PR is measured against the BASELINE sum; PD against the NADIR (the smallest sum on study, baseline "
    "included). A sum 40% below baseline can still be PD if it has risen >= 20% and >= 5 mm from its "
    "nadir."
)
NODE_NAMES = "lymph, node, nodal or LN"  # the words of an organ name that mark a lymph node (tools.response)
RECIST_SCOPE_NOTE = (
    "This calculator works on the sum of target-lesion diameters (short axis for a lymph node). CR is every "
    "non-nodal target gone (0 mm) and every target lymph node below 10 mm short axis; a node's short axis "
    "stays in the sum, so a CR can have a sum above 0 mm. Rows whose organ name has the word "
    f"{NODE_NAMES} are taken as lymph nodes. "
    "Once a complete response has been reached (at the nadir every non-nodal target 0 mm and every target "
    "lymph node below 10 mm), a target that reappears is progression whatever its size: a non-nodal target "
    "above 0 mm again, or a target lymph node back to 10 mm or more. Non-target lesion progression is not "
    "modelled."
)
FIGURE_1_NOTE = (
    "The review's Figure 1 legend calls 9.6 cm -> 7.0 cm a partial RECIST response. That is a 27.1% "
    "decrease; RECIST 1.1 needs a decrease of at least 30% in the sum of diameters, so a single target "
    "lesion with this change is stable disease (SD). Note too that the baseline image was MRI and the "
    "follow-up CT: RECIST 1.1 asks for the same modality and technique at every assessment."
)

CEA_THRESHOLD_PERCENT = 7.5
CEA_IMAGING_NEEDED = (
    "A smaller fall, or a rise, does not exclude progression: response still has to be checked with imaging."
)

MORPHOLOGIC_GROUP_DESCRIPTIONS: dict[int, str] = {
    3: "heterogeneous attenuation, thick poorly defined tumour-liver interface (may have an enhancing rim)",
    2: "mixed or intermediate appearance",
    1: "homogeneous, hypoattenuating, thin sharply defined tumour-liver interface",
}
CHUN_MEDIAN_RESIDUAL_TUMOUR_PERCENT: dict[str, int] = {"optimal": 20, "incomplete": 50, "none": 70}
CHUN_CAUTION = (
    "Group wording and the median residual tumour figures (20% optimal, 50% incomplete, 70% no "
    "response) were read from a secondary summary of Chun 2009; confirm against the paper before relying "
    "on them."
)


# ----------------------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------------------


class RecistResult(BaseModel):
    """RECIST 1.1 category from target-lesion sums, with the changes that decided it."""

    model_config = ConfigDict(frozen=True)

    category: Literal["CR", "PR", "SD", "PD"]
    rule: RecistRule
    percent_change_from_baseline: float
    percent_change_from_nadir: float | None  # None when the nadir is 0 mm (percent change undefined)
    absolute_change_from_nadir_mm: float
    explanation: str


class CeaResult(BaseModel):
    """CEA change from baseline and whether it is a fall of at least 7.5% (review ref [77])."""

    model_config = ConfigDict(frozen=True)

    percent_change: float
    meets_threshold: bool
    change_text: str = ""  # the change as the explanation writes it, from the exact values ("-7.4998%")
    threshold_percent: float = CEA_THRESHOLD_PERCENT
    explanation: str


class MorphologicResult(BaseModel):
    """CT morphologic response (Chun criteria) from the group before and after chemotherapy."""

    model_config = ConfigDict(frozen=True)

    before: Literal[1, 2, 3]
    after: Literal[1, 2, 3]
    category: MorphologicCategory
    reported_median_residual_tumour_percent: int | None  # None outside Chun's categories
    explanation: str
    citation: str = CHUN_CITATION
    caution: str = CHUN_CAUTION


# ----------------------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------------------


def _to_float(value: Fraction) -> float:
    """Nearest float; +-inf when the exact value is beyond the float range (e.g. a percent change from a
    subnormal baseline)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


def _same_sides(shown: Fraction, value: Fraction, boundaries: tuple[Fraction, ...]) -> bool:
    return all(_sign(shown - b) == _sign(value - b) for b in boundaries)


def _mm(value: Fraction, *boundaries: Fraction) -> str:
    """An exact length in mm as ``format_number`` writes it, never rounded across ``boundaries``, not even by
    the rounding to a float (a nadir of 1e-17 mm and a current sum of 5 mm differ by 4.99999999999999999 mm,
    whose nearest float is 5.0): then with as many decimals as keep it on its side."""
    text = format_number(_to_float(value), *boundaries)
    if _same_sides(Fraction(text), value, boundaries):
        return text
    return format(Decimal(format_exact(value, *boundaries, decimals=7)).normalize(), "f")


def _signed_mm(value: Fraction, *boundaries: Fraction) -> str:
    """A signed change in mm (+2, -0.5), never rounded across ``boundaries``."""
    text = _mm(value, *boundaries)
    return text if text.startswith("-") else "+" + text


def _pair(before: float, after: float, *lines: tuple[Fraction, Fraction]) -> tuple[str, str]:
    """``before`` and ``after`` as written in a verdict, each on the side of every line ``after = ratio x
    before + offset`` (given as ``(ratio, offset)``) that the exact values are on, so the two numbers shown
    never suggest another verdict (not 40 -> 37 next to -7.4999998%). ``before`` is written first, against
    the exact ``after``; ``after`` then against the ``before`` as written, so the pair as written is on the
    same side of every line as the pair as typed. ``after`` also keeps its side of 0 (gone or not)."""
    exact_after = _exact(after)
    before_text = format_number(  # and on its side of 0 (a baseline or nadir above 0 never shows as 0)
        before, *((exact_after - offset) / ratio for ratio, offset in lines), Fraction(0)
    )
    shown_before = Fraction(before_text)
    after_text = format_number(
        after, *(ratio * shown_before + offset for ratio, offset in lines), Fraction(0)
    )
    return before_text, after_text


def _pct(value: Fraction, *boundaries: Fraction) -> str:
    """A signed percentage change, the one way every exact result is written (``format_exact``): 1 decimal,
    more where 1 would put it on or across a boundary, an exponent from 1e15 on."""
    return format_exact(value, *boundaries, signed=True) + "%"


# ----------------------------------------------------------------------------------------------------------
# RECIST 1.1
# ----------------------------------------------------------------------------------------------------------


def _require_sum(value: float, name: str) -> float:
    return _require_at_most(value, name, RECIST_SUM_MAX_MM, unit="mm")


def _require_sums(baseline_sum_mm: float, nadir_sum_mm: float, current_sum_mm: float) -> tuple[float, ...]:
    """The three sums, checked: baseline above 0 mm, none negative or above ``RECIST_SUM_MAX_MM``, and the
    nadir not above the baseline."""
    baseline = _require_sum(_require_positive(baseline_sum_mm, "baseline_sum_mm"), "baseline_sum_mm")
    nadir = _require_sum(_require_non_negative(nadir_sum_mm, "nadir_sum_mm"), "nadir_sum_mm")
    current = _require_sum(_require_non_negative(current_sum_mm, "current_sum_mm"), "current_sum_mm")
    if nadir > baseline:
        raise ValueError(
            f"nadir_sum_mm ({format_number(nadir, baseline)} mm) must not exceed baseline_sum_mm "
            f"({format_number(baseline, nadir)} mm): the nadir is the smallest sum on study, baseline "
            "included"
        )
    return baseline, nadir, current


_PR_RATIO = Fraction(100 - RECIST_PR_DECREASE_PERCENT, 100)
_PD_RATIO = Fraction(100 + RECIST_PD_INCREASE_PERCENT, 100)
_PR_BOUNDARY = Fraction(-RECIST_PR_DECREASE_PERCENT)
_PD_BOUNDARY = Fraction(RECIST_PD_INCREASE_PERCENT)


def recist_sums_as_written(
    *, baseline_sum_mm: float, nadir_sum_mm: float, current_sum_mm: float
) -> tuple[str, str, str]:
    """The baseline, nadir and current sums as written: all three to one number of places, the fewest from 6
    (trailing zeros dropped) at which the sums as written lie on the side of every RECIST 1.1 line the exact
    sums are on (PR: now = 70% of baseline; PD: now = 120% of the nadir, now = nadir + 5 mm; gone: 0 mm) and
    in the same order, else each exactly as typed. So "70 mm" never stands for 70.0000001 mm beside Stable
    disease, and one typed value is one text: a baseline and nadir both typed 10.000000000000005 are not
    "10 mm" and "10.000000000000005 mm". One text per sum: the explanation and the page's metrics write
    each sum the same way. ValueError as ``recist_response`` for impossible sums."""
    sums = _require_sums(baseline_sum_mm, nadir_sum_mm, current_sum_mm)
    exact = tuple(_exact(value) for value in sums)

    def decisions(b: Fraction, n: Fraction, c: Fraction) -> tuple[int, ...]:
        return (
            _sign(c - b * _PR_RATIO),
            _sign(c - n * _PD_RATIO),
            _sign(c - n - RECIST_PD_ABSOLUTE_MM),
            _sign(b - n),
            _sign(c - b),
            _sign(c - n),
            _sign(b),
            _sign(n),
            _sign(c),
        )

    wanted = decisions(*exact)
    for places in range(6, 16):
        shown = tuple(round(value, places) for value in exact)
        if decisions(*shown) == wanted:
            base_text, nadir_text, now_text = (
                format(Decimal(format_exact(value, decimals=places)).normalize(), "f") for value in shown
            )
            return base_text, nadir_text, now_text
    base_text, nadir_text, now_text = (format_number(value, decimals=None) for value in sums)
    return base_text, nadir_text, now_text


def recist_changes_as_written(
    *, baseline_sum_mm: float, nadir_sum_mm: float, current_sum_mm: float
) -> tuple[str, str | None, str]:
    """The change from the baseline (%), from the nadir (%; None when the nadir is 0 mm) and from the nadir
    in mm, signed, each from the exact sums and never rounded across the rule it is compared with (-30% and
    +20%; +5 mm): 4.9999999 mm is "+4.9999999", not "+5". ValueError as ``recist_response``."""
    baseline, nadir, current = _require_sums(baseline_sum_mm, nadir_sum_mm, current_sum_mm)
    b, n, c = _exact(baseline), _exact(nadir), _exact(current)
    from_baseline = _pct((c - b) / b * 100, _PR_BOUNDARY, _PD_BOUNDARY)
    from_nadir = None if n == 0 else _pct((c - n) / n * 100, _PR_BOUNDARY, _PD_BOUNDARY)
    return from_baseline, from_nadir, _signed_mm(c - n, Fraction(RECIST_PD_ABSOLUTE_MM))


def _require_node_axes(values: object, name: str = "target_node_short_axes_mm") -> tuple[Fraction, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be a list of short axes in mm, got {_shown(values)}")
    axes = tuple(
        _exact(_require_at_most(_require_non_negative(value, name), name, RECIST_LESION_MAX_MM, unit="mm"))
        for value in values
    )
    return axes


def _nodes_total(
    axes: tuple[Fraction, ...],
    current: Fraction,
    name: str = "target_node_short_axes_mm",
    sum_name: str = "current_sum_mm",
) -> Fraction:
    """The nodes' sum rounded once to a float and read as typed, as a table's sums are (``exact_sum``), so a
    table of nodes only gives exactly ``current``; ValueError when it is more than ``current``."""
    total = _exact(_to_float(sum(axes, Fraction(0))))
    if total > current:
        raise ValueError(
            f"{name} add up to {format_number(float(total), float(current))} mm, more "
            f"than {sum_name} ({format_number(float(current))} mm), which includes them"
        )
    return total


def _complete(nadir: Fraction, nadir_nodes: tuple[Fraction, ...], name: str) -> bool:
    """A complete response at the nadir: every non-nodal target 0 mm, every target node under 10 mm."""
    return nadir == _nodes_total(nadir_nodes, nadir, name, "nadir_sum_mm") and all(
        node < RECIST_NODE_CR_SHORT_AXIS_MM for node in nadir_nodes
    )


def complete_response_at_nadir(
    *, nadir_sum_mm: float, target_node_short_axes_at_nadir_mm: object = ()
) -> bool:
    """Whether the nadir was a complete response (RECIST 1.1: every non-nodal target gone, every target node's
    short axis under 10 mm): then any reappearance is progression, whatever its size. ValueError as
    ``recist_response`` for impossible values."""
    nadir = _require_sum(_require_non_negative(nadir_sum_mm, "nadir_sum_mm"), "nadir_sum_mm")
    name = "target_node_short_axes_at_nadir_mm"
    return _complete(_exact(nadir), _require_node_axes(target_node_short_axes_at_nadir_mm, name), name)


def recist_response(
    *,
    baseline_sum_mm: float,
    nadir_sum_mm: float,
    current_sum_mm: float,
    new_lesions: bool,
    target_node_short_axes_mm: Sequence[float] = (),
    target_node_short_axes_at_nadir_mm: Sequence[float] = (),
) -> RecistResult:
    """RECIST 1.1 overall target response from sums of diameters (Eisenhauer 2009).

    Order of rules: PD if any new lesion, if a target reappears after a complete response (at the nadir), or
    if the current sum is >= 120% of the nadir AND at least 5 mm above it; otherwise CR if every non-nodal
    target is 0 mm and every target node below 10 mm (a sum of 0 mm without nodes); otherwise PR if the sum
    fell >= 30% from BASELINE; otherwise SD.
    PD therefore takes precedence over PR. ``nadir_sum_mm`` is the smallest sum on study *before* this
    assessment, baseline included, so it must not exceed ``baseline_sum_mm``.

    ``target_node_short_axes_mm``: the current short axes of the target lymph nodes, which are part of
    ``current_sum_mm``. CR is every non-nodal target gone (the sum less the nodes is 0 mm) and every target
    node below 10 mm short axis (``RECIST_NODE_CR_SHORT_AXIS_MM``); with no nodes that is a sum of 0 mm.

    ``target_node_short_axes_at_nadir_mm``: the same nodes' short axes at the nadir, part of
    ``nadir_sum_mm`` (one per node of ``target_node_short_axes_mm`` when given). The nadir was a complete
    response when every non-nodal target was 0 mm there (the nadir sum less these nodes) and every node
    was below 10 mm; with no nodes given that is a nadir of 0 mm. After a complete response, a target that
    reappears (a non-nodal target above 0 mm, or a node back to 10 mm or more) is PD whatever its size,
    even when the sum has risen by less than 5 mm (or not at all). Every sum must be at most
    ``RECIST_SUM_MAX_MM`` (5 target lesions of at most 500 mm).
    """
    baseline, nadir, current = _require_sums(baseline_sum_mm, nadir_sum_mm, current_sum_mm)
    new = _require_bool(new_lesions, "new_lesions")

    b, n, c = _exact(baseline), _exact(nadir), _exact(current)
    nodes = _require_node_axes(target_node_short_axes_mm)
    nodes_now = _nodes_total(nodes, c)
    non_nodal_gone = c == nodes_now
    large_nodes = [node for node in nodes if node >= RECIST_NODE_CR_SHORT_AXIS_MM]
    complete = non_nodal_gone and not large_nodes
    nadir_name = "target_node_short_axes_at_nadir_mm"
    nadir_nodes = _require_node_axes(target_node_short_axes_at_nadir_mm, nadir_name)
    if nadir_nodes and len(nadir_nodes) != len(nodes):
        raise ValueError(
            f"{nadir_name} has {len(nadir_nodes)} short axes but target_node_short_axes_mm has {len(nodes)}: "
            "give each target lymph node's short axis at the nadir and now"
        )
    complete_at_nadir = _complete(n, nadir_nodes, nadir_name)
    change_from_baseline = (c - b) / b * 100
    change_from_nadir: Fraction | None = (c - n) / n * 100 if n > 0 else None
    absolute_from_nadir = c - n

    sum_increase_pd = (
        c * 100 >= n * (100 + RECIST_PD_INCREASE_PERCENT) and absolute_from_nadir >= RECIST_PD_ABSOLUTE_MM
    )
    decrease_pr = c * 100 <= b * (100 - RECIST_PR_DECREASE_PERCENT)

    # Each sum is written one way, on the side of every line that decides: PR at now = 70% of baseline; PD
    # at now = 120% of the nadir and at the nadir + 5 mm (so never "100 mm -> 70 mm" beside -29.9999999%,
    # nor the same sum as "25 mm" and "24.9999999 mm" in one sentence).
    sums = {"baseline_sum_mm": baseline, "nadir_sum_mm": nadir, "current_sum_mm": current}
    baseline_shown, nadir_shown, current_shown = recist_sums_as_written(**sums)
    from_baseline, from_nadir, absolute_text = recist_changes_as_written(**sums)
    baseline_text = f"{baseline_shown} mm -> {current_shown} mm, {from_baseline}"
    if from_nadir is None:
        nadir_text = f"{nadir_shown} mm -> {current_shown} mm, {absolute_text} mm"
    else:
        nadir_text = f"{nadir_shown} mm -> {current_shown} mm, {from_nadir}, {absolute_text} mm"

    category: Literal["CR", "PR", "SD", "PD"]
    rule: RecistRule
    if new:
        category, rule = "PD", "new_lesion"
        explanation = "PD: a new lesion is progressive disease whatever the sum of diameters."
    elif complete_at_nadir and not complete:
        category, rule = "PD", "reappearance_after_complete_response"
        if not nodes and not nadir_nodes:
            explanation = (
                f"PD: the target lesions had all disappeared (nadir 0 mm, a complete response) and now "
                f"measure {current_shown} mm. RECIST 1.1 counts a lesion that reappears after a complete "
                "response as progression, whatever its size; the +5 mm rule does not apply."
            )
        else:
            back = []
            if not non_nodal_gone:
                back.append(
                    f"the non-nodal targets measure {_mm(c - nodes_now, Fraction(0))} mm again (they were "
                    "0 mm)"
                )
            if large_nodes:
                largest = _mm(max(large_nodes), Fraction(RECIST_NODE_CR_SHORT_AXIS_MM))
                back.append(f"a target lymph node measures {largest} mm short axis (10 mm or more)")
            at_nadir = (
                f"the nodes' short axes kept the nadir sum at {nadir_shown} mm" if n > 0 else "nadir 0 mm"
            )
            explanation = (
                "PD: at the nadir every non-nodal target lesion had disappeared and every target lymph node "
                f"was below 10 mm short axis, a complete response ({at_nadir}); now {' and '.join(back)}. "
                "RECIST 1.1 counts a target that reappears after a complete response as progression, "
                f"whatever its size and whether or not the sum rose by 20% and 5 mm (it went {nadir_text})."
            )
            if large_nodes and non_nodal_gone:  # the node alone: the clarifications' caution
                explanation += (
                    " RECIST's clarifications ask that the earlier complete response be confirmed, and that "
                    "a single node just over 10 mm be imaged again before progression is called."
                )
    elif sum_increase_pd:
        category, rule = "PD", "sum_increase_from_nadir"
        explanation = (
            f"PD: the sum rose from the nadir ({nadir_text}): at least +20% and at least +5 mm. PD is "
            "judged against the nadir, not the baseline."
        )
        if decrease_pr:
            explanation += (
                f" Against the baseline ({baseline_text}) it would look like PR, but PD takes precedence."
            )
    elif complete and c > 0:
        category, rule = "CR", "complete_disappearance"
        largest = format_number(float(max(nodes)), RECIST_NODE_CR_SHORT_AXIS_MM)
        explanation = (
            "CR: every non-nodal target lesion has disappeared and every target lymph node is below 10 mm "
            f"short axis (the largest is {largest} mm), with no new lesion. RECIST 1.1 counts a node under "
            f"10 mm as normal: its short axis stays in the sum ({current_shown} mm), yet the "
            "response is complete."
        )
    elif complete:
        category, rule = "CR", "complete_disappearance"
        explanation = (
            "CR: all target lesions have disappeared (sum 0 mm) and there is no new lesion (RECIST 1.1 "
            "also requires target lymph nodes < 10 mm short axis)."
        )
    elif decrease_pr:
        category, rule = "PR", "decrease_from_baseline"
        explanation = (
            f"PR: the sum fell from the baseline ({baseline_text}): a decrease of at least 30%. PR is "
            "judged against the baseline."
        )
    else:
        category, rule = "SD", "neither"
        explanation = (
            f"SD: the change from the baseline ({baseline_text}) is not a decrease of at least 30% (needed "
            f"for PR), and the change from the nadir ({nadir_text}) is not an increase of both at least 20% "
            "and at least 5 mm (needed for PD)."
        )
    if category in ("PR", "SD") and non_nodal_gone and large_nodes:
        largest = format_number(float(max(large_nodes)), RECIST_NODE_CR_SHORT_AXIS_MM)
        explanation += (
            f" Not CR: every non-nodal target has gone, but a target lymph node measures {largest} mm short "
            "axis; CR needs every node below 10 mm."
        )

    return RecistResult(
        category=category,
        rule=rule,
        percent_change_from_baseline=_to_float(change_from_baseline),
        percent_change_from_nadir=None if change_from_nadir is None else _to_float(change_from_nadir),
        absolute_change_from_nadir_mm=float(absolute_from_nadir),
        explanation=explanation,
    )


# ----------------------------------------------------------------------------------------------------------
# CEA response
# ----------------------------------------------------------------------------------------------------------


def cea_response(*, baseline_ng_ml: float, current_ng_ml: float) -> CeaResult:
    """CEA percent change, (current - baseline) / baseline x 100, and whether it is a fall of at least 7.5%.

    Both values must be at most ``CEA_MAX_NG_ML`` (100,000 ng/mL).
    ``meets_threshold`` is True when the change is <= -7.5% (exactly -7.5% meets it). The threshold is review
    ref [77]'s (record ``cea-decline-cutoff``, which holds its figures). Below the cut-off the
    explanation says that progression is not excluded and imaging is needed (``CEA_IMAGING_NEEDED``): the
    97.3% of ref [77] is most likely a negative predictive value, which says nothing about smaller falls.
    """
    baseline = _require_positive(baseline_ng_ml, "baseline_ng_ml")
    _require_at_most(baseline, "baseline_ng_ml", CEA_MAX_NG_ML, unit="ng/mL")
    current = _require_non_negative(current_ng_ml, "current_ng_ml")
    _require_at_most(current, "current_ng_ml", CEA_MAX_NG_ML, unit="ng/mL")

    b, c = _exact(baseline), _exact(current)
    change = (c - b) / b * 100
    boundary = -_exact(CEA_THRESHOLD_PERCENT)
    meets = change <= boundary
    # Each value as written keeps its side of the cut-off (current = 92.5% of baseline) and of no change
    # (current = baseline): never "40 -> 37" beside -7.4999998%, or "40 -> 40" beside a fall.
    baseline_text, current_text = _pair(
        baseline, current, (1 + boundary / 100, Fraction(0)), (Fraction(1), Fraction(0))
    )
    change_shown = _pct(change, boundary, Fraction(0))
    change_text = f"{baseline_text} -> {current_text} ng/mL, {change_shown}"
    if meets:
        explanation = f"CEA fell by at least 7.5% from baseline ({change_text})."
    elif change < 0:
        explanation = f"CEA fell, but by less than 7.5% from baseline ({change_text}). {CEA_IMAGING_NEEDED}"
    else:
        explanation = f"CEA did not fall from baseline ({change_text}). {CEA_IMAGING_NEEDED}"
    return CeaResult(
        percent_change=_to_float(change),
        meets_threshold=meets,
        change_text=change_shown,
        explanation=explanation,
    )


# ----------------------------------------------------------------------------------------------------------
# CT morphologic response (Chun criteria)
# ----------------------------------------------------------------------------------------------------------


def _require_group(value: object, name: str) -> Literal[1, 2, 3]:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be morphologic group 1, 2 or 3, got {_shown(value)}")
    group = int(value)
    if group == 1:
        return 1
    if group == 2:
        return 2
    if group == 3:
        return 3
    raise ValueError(f"{name} must be morphologic group 1, 2 or 3, got {_shown(value)}")


def morphologic_response(*, before: int, after: int) -> MorphologicResult:
    """CT morphologic response (Chun 2009) from the group before and after chemotherapy.

    Groups: 3 heterogeneous with a thick, poorly defined interface; 2 mixed/intermediate; 1 homogeneous,
    hypoattenuating with a thin, sharply defined interface. Optimal: group 3 or 2 -> 1. Incomplete: 3 -> 2.
    No response ("none"): no change or worse from group 3 or 2. A group 1 appearance before chemotherapy is
    outside Chun's categories ("outside_criteria", no residual tumour figure): the criteria grade a change
    towards group 1, and such a lesion already looks like an optimal response.
    """
    first = _require_group(before, "before")
    second = _require_group(after, "after")

    category: MorphologicCategory
    if first == 1:
        return MorphologicResult(
            before=first,
            after=second,
            category="outside_criteria",
            reported_median_residual_tumour_percent=None,
            explanation=(
                f"Outside Chun's categories: group 1 -> group {second}. The criteria grade a change from "
                "group 3 or 2 towards group 1; a lesion that already looks like group 1 before chemotherapy "
                "has no category, so no residual tumour figure applies."
            ),
        )
    if first in (2, 3) and second == 1:
        category = "optimal"
        explanation = f"Optimal response: group {first} -> group 1."
    elif first == 3 and second == 2:
        category = "incomplete"
        explanation = "Incomplete response: group 3 -> group 2."
    elif first == second:
        category = "none"
        explanation = f"No response: no change (group {first} -> group {second})."
    else:
        category = "none"
        explanation = f"No response: worse (group {first} -> group {second})."
    return MorphologicResult(
        before=first,
        after=second,
        category=category,
        reported_median_residual_tumour_percent=CHUN_MEDIAN_RESIDUAL_TUMOUR_PERCENT[category],
        explanation=explanation,
    )


__all__ = [
    "CEA_IMAGING_NEEDED",
    "CEA_MAX_NG_ML",
    "CEA_THRESHOLD_PERCENT",
    "CHUN_CAUTION",
    "CHUN_CITATION",
    "CHUN_MEDIAN_RESIDUAL_TUMOUR_PERCENT",
    "FIGURE_1_NOTE",
    "MORPHOLOGIC_GROUP_DESCRIPTIONS",
    "RECIST_BASELINE_VS_NADIR_NOTE",
    "RECIST_CITATION",
    "RECIST_LESION_MAX_MM",
    "RECIST_MAX_TARGET_LESIONS",
    "RECIST_NODE_CR_SHORT_AXIS_MM",
    "RECIST_PD_ABSOLUTE_MM",
    "RECIST_PD_INCREASE_PERCENT",
    "RECIST_PR_DECREASE_PERCENT",
    "RECIST_SCOPE_NOTE",
    "RECIST_SUM_MAX_MM",
    "CeaResult",
    "MorphologicCategory",
    "MorphologicResult",
    "RecistResult",
    "RecistRule",
    "cea_response",
    "complete_response_at_nadir",
    "morphologic_response",
    "recist_changes_as_written",
    "recist_response",
    "recist_sums_as_written",
]
