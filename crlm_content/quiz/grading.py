"""Keying and grading quiz answers: a calculator question's key is what its calculator gives
(``key_matches_calculator``, checked at load time), the figures a question may write (``allowed_numbers``,
``unsupported_numbers``), and an answer's grade (``grade``; ``response_problem`` and ``percent_hint`` for a
numeric answer the page does not grade).

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from ..catalog import Catalog
from ..coverage import numbers_in
from ..formatting import format_near, format_number
from ..liver import (
    ETLV_INTERCEPT_ML,
    ETLV_SLOPE_ML_PER_M2,
    estimated_total_liver_volume_ml,
    standardized_flr_percent,
)
from ..response import (
    CEA_THRESHOLD_PERCENT,
    RECIST_PD_ABSOLUTE_MM,
    RECIST_PD_INCREASE_PERCENT,
    RECIST_PR_DECREASE_PERCENT,
    cea_response,
    recist_response,
)
from ..scores import fong_score
from ..tools.common import range_problems
from ..urlstate import QueryField
from .model import (
    _SIDES,
    TOOL_DEFINITIONS,
    TOOL_SIDE_RULES,
    TOOL_THRESHOLDS,
    CalculatorRef,
    Grade,
    Question,
    _plain,
)

# ----------------------------------------------------------------------------------------------------------
# Calculators
# ----------------------------------------------------------------------------------------------------------


def calculator_result(ref: CalculatorRef) -> float | str:
    """What the calculator gives for the inputs: the standardized FLR (%), the RECIST category (``CR`` ...
    ``PD``), the Fong points, or the CEA percent change from baseline. The calculator's ``ValueError``
    (naming the argument) passes through."""
    args = dict(ref.inputs)
    if ref.tool == "standardized_flr":
        return standardized_flr_percent(**args)
    if ref.tool == "recist":
        return recist_response(**args).category  # type: ignore[arg-type]
    if ref.tool == "fong_score":
        return fong_score(**args).points  # type: ignore[arg-type]
    return cea_response(**args).percent_change


def _decimals(number: float) -> int:
    exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def key_matches_calculator(question: Question) -> str | None:
    """Why a calculator question's key differs from the calculator's result (None when it agrees).

    A numeric key must be the result rounded to as many decimals as the key is written with (30.3 for
    30.27...); a single-answer key's correct option must stand for the calculator's result."""
    if question.calculator is None:
        return None
    result = calculator_result(question.calculator)
    if question.answer is not None:
        if isinstance(result, str):
            return f"the calculator gives {result!r}, not a number"
        places = _decimals(question.answer.value)
        if round(result, places) != question.answer.value:
            return f"the key {_plain(question.answer.value)} is not the calculator's result {result:.6g}"
        return None
    right = next(option for option in question.options if option.correct)
    if right.value != str(result):
        return f"the correct option stands for {right.value!r} but the calculator gives {result!r}"
    return None


def calculator_figures(ref: CalculatorRef) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(constants, computed) of a calculator question: the constants of the calculator's published
    definition, and the figures it computes for these inputs (compared after rounding to the decimals
    written)."""
    args = dict(ref.inputs)
    if ref.tool == "standardized_flr":
        etlv = estimated_total_liver_volume_ml(bsa_m2=float(args["bsa_m2"]))
        return (abs(ETLV_INTERCEPT_ML), ETLV_SLOPE_ML_PER_M2, 100.0), (etlv, float(calculator_result(ref)))
    if ref.tool == "recist":
        r = recist_response(**args)  # type: ignore[arg-type]
        computed = [abs(r.percent_change_from_baseline), abs(r.absolute_change_from_nadir_mm)]
        if r.percent_change_from_nadir is not None:
            computed.append(abs(r.percent_change_from_nadir))
        constants = (float(RECIST_PR_DECREASE_PERCENT), float(RECIST_PD_INCREASE_PERCENT))
        return (*constants, float(RECIST_PD_ABSOLUTE_MM)), tuple(computed)
    if ref.tool == "fong_score":
        # Fong's thresholds (12 months, 1 tumour, 5 cm, 200 ng/mL) and the score's range 0-5.
        return (12.0, 1.0, 5.0, 200.0, 0.0), (float(calculator_result(ref)),)
    change = cea_response(**args).percent_change
    return (CEA_THRESHOLD_PERCENT, 100.0), (abs(change),)  # x 100: a percent


def allowed_numbers(question: Question, catalog: Catalog) -> tuple[frozenset[float], tuple[float, ...]]:
    """(exact, computed): the figures a question may write. Exact: its inputs, its key, the values (and range
    ends) of the Evidence records it cites, the calculator's constants. Computed: what its calculator works
    out, matched after rounding to the decimals written."""
    exact: set[float] = set(question.inputs.values())
    if question.answer is not None:
        exact.add(question.answer.value)
    for evidence_id in question.evidence_ids:
        record = catalog.evidence_by_id.get(evidence_id)
        for value in record.values if record is not None else ():
            exact.add(value.value)
            if value.high is not None:
                exact.add(value.high)
    computed: tuple[float, ...] = ()
    if question.calculator is not None:
        constants, computed = calculator_figures(question.calculator)
        exact.update(constants)
    return frozenset(abs(x) for x in exact), computed


def unsupported_numbers(question: Question, catalog: Catalog) -> tuple[float, ...]:
    """Figures written in the question's text, options or explanation that ``allowed_numbers`` does not
    cover (``coverage.numbers_in`` reads them; digits inside names such as FOLFOX4 are skipped)."""
    exact, computed = allowed_numbers(question, catalog)
    text = " ".join([question.text, *(option.text for option in question.options), question.explanation])
    found = []
    for number in numbers_in(text):
        places = _decimals(number)
        if number in exact or any(round(value, places) == number for value in computed):
            continue
        found.append(number)
    return tuple(found)


# ----------------------------------------------------------------------------------------------------------
# Grading
# ----------------------------------------------------------------------------------------------------------


def _exact(number: float) -> Fraction:
    return Fraction(repr(float(number)))


def grade(question: Question, response: str | Iterable[str] | float | None) -> Grade:
    """Grade one answer. Single: the chosen option's text. Multiple: the chosen options' texts (right only
    when exactly the correct set). Numeric: a number (or its text), right when within the tolerance,
    boundary included, compared exactly as written (0.1 + 0.2 is not a hair past a 0.3 tolerance).

    An option text that is not one of the question's options raises ``ValueError``; a numeric response that
    is not a finite number is graded wrong with ``problem`` saying why."""
    problem: str | None = None
    if question.kind == "numeric":
        assert question.answer is not None
        value: float | None = None
        if isinstance(response, bool) or response is None:
            problem = "no number was given"
        elif isinstance(response, int | float):
            value = float(response)
        elif isinstance(response, str):
            try:
                value = float(response.strip().replace(",", ""))
            except ValueError:
                problem = f"{response!r} is not a number"
        else:
            problem = "no number was given"
        if value is not None and not math.isfinite(value):
            value, problem = None, "the number must be finite"
        correct = value is not None and abs(_exact(value) - _exact(question.answer.value)) <= _exact(
            question.answer.tolerance
        )
        if correct and value is not None and question.calculator is not None:
            problem = _across_a_threshold(question.calculator, value)
            correct = problem is None
    else:
        texts = {option.text for option in question.options}
        if response is None:
            chosen: set[str] = set()
        elif isinstance(response, str):
            chosen = {response}
        elif isinstance(response, int | float):
            raise ValueError("response: choose option texts, not a number")
        else:
            chosen = set(response)
        unknown = chosen - texts
        if unknown:
            raise ValueError(f"response: not an option of {question.key!r}: {sorted(unknown)}")
        if question.kind == "single" and len(chosen) > 1:
            raise ValueError("response: a single-answer question takes one option")
        correct = chosen == set(question.correct_options)
        if not chosen:
            problem = "no option was chosen"
    return Grade(
        key=question.key,
        correct=correct,
        expected=question.expected(),
        explanation=question.explanation,
        evidence_ids=question.evidence_ids,
        page=question.page,
        page_view=dict(question.page_view),
        problem=problem,
        definition_source=TOOL_DEFINITIONS[question.calculator.tool] if question.calculator else None,
    )


def response_problem(question: Question, response: float, label: str) -> str | None:
    """Why a numeric answer is not graded, named as the calculator pages name a box (``label``, the answer
    box's): outside the answer's range (``Question.answer_range``), or a fraction where the answer is a whole
    number (``Question.whole_answer``). None when it can be graded."""
    low, high = question.answer_range
    answer = QueryField(
        "answer", "int" if question.whole_answer else "float", None, minimum=low, maximum=high
    )
    problems = range_problems((answer,), {"answer": response}, {"answer": label})
    return problems[0] if problems else None


def percent_hint(question: Question, response: float, label: str) -> str | None:
    """For a percentage answer between -1 and 1 (not 0), a reminder that it is entered in percent: 0.303 for
    30.3% is the slip it catches. The page takes the answer back and asks again rather than grading it (a
    notation slip costs no point), and grades the same answer given again as written (a true answer under 1%
    stays possible). None when no reminder is due."""
    if question.answer is None or question.answer.unit != "%" or not 0 < abs(response) < 1:
        return None
    typed = format_number(response, decimals=None)
    meant = format_number(float(_exact(response) * 100), decimals=None)
    return (
        f"{label}: {typed} reads as {typed}%, a fraction of 1%. The answer is in percent: {meant} for "
        f"{meant}%, not {typed}. Correct it, or press Answer again to answer {typed}%."
    )


def _across_a_threshold(ref: CalculatorRef, value: float) -> str | None:
    """Why an answer within the tolerance is still wrong: it lies on the other side of a threshold the
    result is compared with than the calculator's exact result (29.9 or 30.2 for 29.97% next to 30%), each
    side by the threshold's own rule (``TOOL_SIDE_RULES``: -7.5 and -8.0 are both falls of at least 7.5%)."""
    exact = calculator_result(ref)
    if isinstance(exact, str):
        return None
    for threshold, rule in TOOL_SIDE_RULES[ref.tool]:
        if _SIDES[rule](value, threshold) != _SIDES[rule](exact, threshold):
            shown = format_near(exact, *TOOL_THRESHOLDS[ref.tool], decimals=1)
            unit = "%" if ref.tool in ("standardized_flr", "cea_change") else ""
            return (
                f"close, but on the other side of {format_number(threshold)}{unit}: the exact result is "
                f"{shown}{unit}, and that side decides"
            )
    return None
