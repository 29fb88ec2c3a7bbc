"""The quiz: a question bank written from the content, and practice generated from the calculators.

The bank is data (``data/quiz/<topic>.yaml``, one file per topic, each a list of questions), validated like
every other data kind: a malformed file raises ``ContentError`` naming the file, the question and the field.
Every question cites at least one Evidence record and names the page that teaches it (a ``site.PAGES``
url_path). A question whose key is computed carries a ``calculator`` reference (the tool and the patient's
inputs); its key must be what the calculator gives, checked at load time, so the bank cannot drift from the
calculator pages.

Numbers: every figure written in a question (text, options, explanation) is one of its own inputs (``given``,
the calculator's inputs, its key), a value of an Evidence record it cites, or, for a calculator question, a
figure the calculator computes or a constant of the calculator's published definition (``allowed_numbers``;
``unsupported_numbers`` lists the rest, and the tests require it to be empty).

Options are shown in a seeded order (``order.option_order``; ``Question.shown_order``), not as written: the
data usually lists the right answer first. A question whose order carries meaning says ``ordered: true``; an
option about the others ("None of them") says ``last: true``. Answers are graded by option text, so the order
shown never changes a grade.

Generated practice (``generate``) draws random but plausible patients with ``random.Random(seed)``, so one
seed always gives the same set, and keys them with the same functions the calculator pages call
(``GENERATOR_RANGES`` documents each generator's ranges).

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..catalog import Catalog, ContentError, check_unique, data_file_name, load_records
from ..coverage import numbers_in
from ..formatting import format_near, format_number
from ..liver import (
    ETLV_INTERCEPT_ML,
    ETLV_SLOPE_ML_PER_M2,
    FLR_THRESHOLDS,
    VAUTHEY_CITATION,
    estimated_total_liver_volume_ml,
    standardized_flr_percent,
)
from ..response import (
    CEA_THRESHOLD_PERCENT,
    RECIST_CITATION,
    RECIST_PD_ABSOLUTE_MM,
    RECIST_PD_INCREASE_PERCENT,
    RECIST_PR_DECREASE_PERCENT,
    cea_response,
    recist_response,
)
from ..scores import FONG_CITATION, FONG_RISK_GROUPING_NOTE, fong_score
from ..site import PAGES
from ..tools.common import range_problems
from ..urlstate import QueryField
from .order import option_order

QUIZ_FOLDER = "quiz"

Topic = Literal[
    "resectability",
    "prognosis",
    "chemotherapy",
    "indications",
    "timing",
    "response",
    "dlm",
    "margins",
    "guidelines",
    "alternatives",
]
TOPIC_TITLES: Mapping[Topic, str] = {
    "resectability": "Resectability and the liver remnant",
    "prognosis": "Prognosis and risk scores",
    "chemotherapy": "Chemotherapy regimens and biologics",
    "indications": "Who gets chemotherapy first: the trials",
    "timing": "Timing, duration and liver injury",
    "response": "Response assessment and imaging",
    "dlm": "Disappearing liver metastases",
    "margins": "Resection margins",
    "guidelines": "Guidelines (Table 2)",
    "alternatives": "Immunotherapy and intra-arterial therapy",
}
Kind = Literal["single", "multiple", "numeric"]
Tool = Literal["standardized_flr", "recist", "fong_score", "cea_change"]
InputValue = bool | int | float

TOOL_PAGES: Mapping[Tool, str] = {
    "standardized_flr": "liver_remnant",
    "recist": "response_assessment",
    "fong_score": "prognostic_scores",
    "cea_change": "cea_monitor",
}
# The primary source that defines each calculator's constants (the review names the tools but does not
# define them; ../shared/reference/calculator_definitions.md). The CEA change is arithmetic on the review's
# own cut-off, which its evidence cites.
TOOL_DEFINITIONS: Mapping[Tool, str | None] = {
    "standardized_flr": "estimated total liver volume from " + VAUTHEY_CITATION,
    "recist": "RECIST 1.1, " + RECIST_CITATION,
    "fong_score": FONG_CITATION + ". " + FONG_RISK_GROUPING_NOTE,
    "cea_change": None,
}
# The thresholds a calculator's numeric result is compared with: an answer within the tolerance but on
# their other side is wrong (the FLR thresholds [93]; the CEA fall of at least 7.5% [77], and no change).
TOOL_THRESHOLDS: Mapping[Tool, tuple[float, ...]] = {
    "standardized_flr": tuple(threshold for threshold, _ in FLR_THRESHOLDS.values()),
    "recist": (),
    "fong_score": (),
    "cea_change": (-CEA_THRESHOLD_PERCENT, 0.0),
}
# Which side of each threshold a result is on, by the threshold's own rule: a remnant of exactly 20% is
# sufficient for a normal liver (>= 20%) and one of 30% is not after chemotherapy (> 30%); a CEA change of
# exactly -7.5% is a fall of at least 7.5% (<= -7.5%); 0 parts a rise from a fall (no change is neither).
# An answer within the tolerance is wrong only on another side than the exact result
# (``_across_a_threshold``).
_SIDES: Mapping[str, Callable[[float, float], object]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "sign": lambda value, threshold: (value > threshold) - (value < threshold),
}
TOOL_SIDE_RULES: Mapping[Tool, tuple[tuple[float, str], ...]] = {
    "standardized_flr": tuple(FLR_THRESHOLDS.values()),
    "recist": (),
    "fong_score": (),
    "cea_change": ((-CEA_THRESHOLD_PERCENT, "<="), (0.0, "sign")),
}
# The range a sensible numeric answer lies in, by its kind: an answer outside it is named, not graded (1e9 for
# a 5-year survival in % was graded, "Your answer: 1000000000%"). A percentage is a share of a whole, 0-100;
# a percent change (the CEA calculator's) can fall to -100% and rise without limit. Other units: any number.
PERCENT_RANGE: tuple[float | None, float | None] = (0.0, 100.0)
PERCENT_CHANGE_RANGE: tuple[float | None, float | None] = (-100.0, None)
PERCENT_CHANGE_TOOLS: frozenset[Tool] = frozenset({"cea_change"})
# A score is a whole number of points within its own range: Fong's five one-point items give 0 to 5 (1e308 or
# 0.5 points was graded "Not quite"). An answer outside it, or a fraction, is named as the calculators name a
# box, not graded.
SCORE_RANGES: Mapping[Tool, tuple[float, float]] = {"fong_score": (0.0, 5.0)}
# A unit written for a count of one (1 point, not "1 points"); any other value keeps the plural.
SINGULAR_UNITS: Mapping[str, str] = {
    "points": "point",
    "percentage points": "percentage point",
    "months": "month",
    "weeks": "week",
}
RECIST_CATEGORY_NAMES: Mapping[str, str] = {
    "CR": "Complete response (CR)",
    "PR": "Partial response (PR)",
    "SD": "Stable disease (SD)",
    "PD": "Progressive disease (PD)",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer of a single- or multiple-answer question; ``value`` is the calculator's result it stands
    for (e.g. ``SD``) when the question's key comes from a calculator."""

    text: str = Field(min_length=1)
    correct: bool = False
    value: str | None = None
    last: bool = False  # speaks about the others ("None of them"): shown after them, never shuffled in


class NumericAnswer(_Frozen):
    """The key of a numeric question: right when the response is within ``tolerance`` of ``value``."""

    value: float
    tolerance: float = Field(ge=0)
    unit: str = ""

    def display(self) -> str:
        space = "" if self.unit in ("", "%") else " "
        unit = SINGULAR_UNITS.get(self.unit, self.unit) if abs(self.value) == 1 else self.unit
        return f"{_plain(self.value)}{space}{unit}"


class CalculatorRef(_Frozen):
    """The calculator that computes a question's key, and the patient's inputs (its keyword arguments)."""

    tool: Tool
    inputs: dict[str, InputValue] = Field(min_length=1)


class Question(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    topic: Topic
    kind: Kind
    text: str = Field(min_length=1)
    options: tuple[Option, ...] = ()
    answer: NumericAnswer | None = None
    explanation: str = Field(min_length=1)  # our words, shown only after an answer
    evidence_ids: tuple[str, ...] = Field(min_length=1)
    page: str = Field(min_length=1)  # url_path of the page that teaches it
    # The link parameters of the view of that page that shows the question's evidence (a tab, a study): the
    # page's first view often does not (the Surgery page opens on Margins).
    page_view: dict[str, str] = {}
    given: dict[str, float] = {}  # figures the question states about its patient (not from the evidence)
    calculator: CalculatorRef | None = None
    ordered: bool = False  # the options' order carries meaning (CR/PR/SD/PD, rising thresholds): not shuffled

    @model_validator(mode="after")
    def _shape_fits_the_kind(self) -> Question:
        if self.kind == "numeric":
            if self.answer is None:
                raise ValueError("answer: a numeric question needs an answer (value, tolerance, unit)")
            if self.options:
                raise ValueError("options: a numeric question has no options")
            if self.ordered:
                raise ValueError("ordered: a numeric question has no options to keep in order")
            low, high = self.answer_range
            if (low is not None and self.answer.value < low) or (
                high is not None and self.answer.value > high
            ):
                if self.whole_answer and low is not None and high is not None:
                    raise ValueError(
                        f"answer: {self.answer.display()} is outside the score's range, {_plain(low)} to "
                        f"{_plain(high)}"
                    )
                raise ValueError(
                    f"answer: {self.answer.display()} is outside the range of a percentage, a share of a "
                    "whole from 0 to 100 (a percent change is keyed by its calculator, cea_change)"
                )
            return self
        if self.answer is not None:
            raise ValueError("answer: only a numeric question has a numeric answer")
        if len(self.options) < 2:
            raise ValueError("options: a question needs at least two options")
        if len({option.text for option in self.options}) != len(self.options):
            raise ValueError("options: two options have the same text")
        right = sum(option.correct for option in self.options)
        if self.kind == "single" and right != 1:
            raise ValueError(
                f"options: a single-answer question needs exactly one correct option, got {right}"
            )
        if self.kind == "multiple" and right < 2:
            raise ValueError(
                f"options: a multiple-answer question needs at least two correct options, got {right}"
            )
        if self.calculator is not None and self.kind == "multiple":
            raise ValueError("calculator: only numeric and single-answer questions take a calculator")
        if self.calculator is not None and any(option.value is None for option in self.options):
            raise ValueError("options: every option of a calculator question needs the value it stands for")
        return self

    @property
    def answer_range(self) -> tuple[float | None, float | None]:
        """The range a sensible answer lies in (low, high; None: no bound): the score's for a score
        (``SCORE_RANGES``), ``PERCENT_RANGE`` for a percentage, ``PERCENT_CHANGE_RANGE`` for a percent change,
        any number otherwise."""
        if self.whole_answer and self.calculator is not None:
            return SCORE_RANGES[self.calculator.tool]
        if self.answer is None or self.answer.unit != "%":
            return (None, None)
        if self.calculator is not None and self.calculator.tool in PERCENT_CHANGE_TOOLS:
            return PERCENT_CHANGE_RANGE
        return PERCENT_RANGE

    @property
    def whole_answer(self) -> bool:
        """Whether the answer is a whole number (a score's points, ``SCORE_RANGES``): a fraction is named."""
        tool = self.calculator.tool if self.calculator is not None else None
        return self.answer is not None and tool in SCORE_RANGES

    @property
    def correct_options(self) -> tuple[str, ...]:
        return tuple(option.text for option in self.options if option.correct)

    def shown_order(self, seed: str) -> tuple[int, ...]:
        """The original indexes of the options in the order they are shown for ``seed`` (the quiz set's
        seed; the question's key is added, so each question of a set has its own order): ``option_order``,
        written order when ``ordered``, ``last`` options after the rest."""
        last = [i for i, option in enumerate(self.options) if option.last]
        return option_order(f"{seed}/{self.key}", len(self.options), ordered=self.ordered, last=last)

    def shown_options(self, seed: str) -> tuple[str, ...]:
        """The option texts in the order they are shown for ``seed`` (``shown_order``)."""
        return tuple(self.options[i].text for i in self.shown_order(seed))

    @property
    def inputs(self) -> dict[str, float]:
        """The question's own figures: what it states (``given``) and the calculator's numeric inputs."""
        figures = dict(self.given)
        if self.calculator is not None:
            for name, value in self.calculator.inputs.items():
                if not isinstance(value, bool):
                    figures[name] = float(value)
        return figures

    def expected(self) -> str:
        """The right answer as shown after answering."""
        if self.answer is not None:
            return self.answer.display()
        return "; ".join(self.correct_options)

    def response_text(self, response: str | Iterable[str] | float | None) -> str:
        """A visitor's answer written as ``expected`` writes the key: chosen options joined with "; " in
        the question's order, a number with the answer's unit."""
        if response is None or response == ():
            return "no answer"
        if self.answer is not None and isinstance(response, int | float) and not isinstance(response, bool):
            return NumericAnswer(value=response, tolerance=0, unit=self.answer.unit).display()
        if isinstance(response, str):
            return response
        if isinstance(response, int | float):
            return _plain(float(response))
        chosen = {str(item) for item in response}
        known = [o.text for o in self.options if o.text in chosen]
        return "; ".join(known + sorted(chosen - set(known)))


class Grade(_Frozen):
    """The result of one answer: whether it was right, the key, and the reasoning to show."""

    key: str
    correct: bool
    expected: str
    explanation: str
    evidence_ids: tuple[str, ...]
    page: str
    page_view: dict[str, str] = {}  # the page's view that shows the evidence
    problem: str | None = None  # a response that could not be read (e.g. not a number)
    definition_source: str | None = (
        None  # the primary source of the calculator's constants (TOOL_DEFINITIONS)
    )


# ----------------------------------------------------------------------------------------------------------
# Calculators
# ----------------------------------------------------------------------------------------------------------


def _plain(number: float) -> str:
    return format_number(number, decimals=10)


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


# ----------------------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------------------


def page_paths() -> frozenset[str]:
    return frozenset(page.url_path for page in PAGES)


def _check(question: Question, name: str, catalog: Catalog) -> None:
    for evidence_id in question.evidence_ids:
        if evidence_id not in catalog.evidence_by_id:
            raise ContentError(name, question.key, "evidence_ids", f"unknown evidence id {evidence_id!r}")
    if question.page not in page_paths():
        raise ContentError(name, question.key, "page", f"no page has the url_path {question.page!r}")
    if question.calculator is not None:
        try:
            problem = key_matches_calculator(question)
        except (ValueError, TypeError) as error:
            problem = f"the calculator rejects the inputs: {error}"
        if problem is not None:
            raise ContentError(name, question.key, "calculator", problem)


def load_quiz(catalog: Catalog, root: Path | None = None) -> tuple[Question, ...]:
    """Every question under ``data/quiz/`` (one file per topic, a list of questions), validated and
    cross-checked: evidence ids exist, pages exist, keys and texts are unique, calculator keys agree."""
    root = root or catalog.root
    folder = root / QUIZ_FOLDER
    questions: list[Question] = []
    files: list[tuple[str, str]] = []  # (file, key) of every question, for the one unique-key check
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = data_file_name(path, root)
        if path.stem not in get_args(Topic):
            raise ContentError(
                name, None, None, f"{path.stem!r} is not a quiz topic ({', '.join(get_args(Topic))})"
            )
        found = load_records(path, root, Question, "key", "questions")
        if not found:
            raise ContentError(name, None, None, "expected a non-empty list of questions")
        for question in found:
            if question.topic != path.stem:
                raise ContentError(
                    name, question.key, "topic", f"a question in {path.name} has topic {path.stem!r}"
                )
            normalized = " ".join(question.text.lower().split())
            if normalized in texts:
                raise ContentError(
                    name, question.key, "text", f"the same text as question {texts[normalized]!r}"
                )
            _check(question, name, catalog)
            texts[normalized] = question.key
            files.append((name, question.key))
            questions.append(question)
    check_unique(files, "key")
    return tuple(questions)


# ----------------------------------------------------------------------------------------------------------
# Generated practice
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratorRange:
    """One input a generator draws, its plausible range and how it is drawn."""

    name: str
    low: float
    high: float
    how: str


GENERATOR_RANGES: Mapping[Tool, tuple[GeneratorRange, ...]] = {
    "standardized_flr": (
        GeneratorRange("bsa_m2", 1.4, 2.4, "uniform, 2 decimals (adult body surface area)"),
        GeneratorRange(
            "flr_volume_ml", 140, 1350, "15%-60% of the estimated total liver volume, rounded to 10 mL"
        ),
    ),
    "recist": (
        GeneratorRange("baseline_sum_mm", 20, 200, "whole mm (1-5 target liver lesions)"),
        GeneratorRange("nadir_sum_mm", 9, 200, "whole mm, 45%-100% of the baseline"),
        GeneratorRange("current_sum_mm", 0, 300, "whole mm, 60%-150% of the nadir; 0 in 1 of 20 draws"),
        GeneratorRange("new_lesions", 0, 1, "true in 1 of 10 draws"),
    ),
    "fong_score": (
        GeneratorRange("node_positive", 0, 1, "true in half the draws"),
        GeneratorRange("disease_free_interval_months", 0, 60, "0 (synchronous) in 3 of 10 draws, else 1-60"),
        GeneratorRange("tumour_count", 1, 8, "whole number"),
        GeneratorRange("largest_tumour_cm", 0.5, 12.0, "uniform, 1 decimal"),
        GeneratorRange("cea_ng_ml", 1.0, 600.0, "log-uniform, 1 decimal"),
    ),
    "cea_change": (
        GeneratorRange("baseline_ng_ml", 5.0, 500.0, "log-uniform, 1 decimal"),
        GeneratorRange("current_ng_ml", 1.5, 750.0, "30%-150% of the baseline, 1 decimal"),
    ),
}
GENERATED_TOLERANCE: Mapping[Tool, float] = {
    "standardized_flr": 0.5,  # percentage points
    "recist": 0.0,
    "fong_score": 0.0,  # points
    "cea_change": 0.5,  # percentage points
}
GENERATED_EVIDENCE: Mapping[Tool, tuple[str, ...]] = {
    "standardized_flr": ("flr-ct-volumetry", "flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    "recist": ("monitoring-recist-purpose", "monitoring-recist-poor-pathologic-prediction"),
    "fong_score": ("risk-scores-fong-review-items",),
    "cea_change": ("cea-decline-cutoff",),
}


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return float(10 ** rng.uniform(math.log10(low), math.log10(high)))


def _flr_question(rng: random.Random, key: str) -> Question:
    bsa = round(rng.uniform(1.4, 2.4), 2)
    etlv = estimated_total_liver_volume_ml(bsa_m2=bsa)
    flr = float(round(etlv * rng.uniform(0.15, 0.6) / 10) * 10)
    inputs: dict[str, InputValue] = {"flr_volume_ml": flr, "bsa_m2": bsa}
    percent = standardized_flr_percent(flr_volume_ml=flr, bsa_m2=bsa)
    # never rounded onto or across a threshold it is compared with (29.97% is not written 30.0%)
    shown = format_near(percent, *TOOL_THRESHOLDS["standardized_flr"], decimals=1)
    return Question(
        key=key,
        topic="resectability",
        kind="numeric",
        text=(
            f"CT volumetry measures a future liver remnant of {flr:.0f} mL in a patient with a body surface "
            f"area of {bsa:.2f} m². What is the standardized FLR, in % of the estimated total liver volume "
            "(Vauthey)?"
        ),
        answer=NumericAnswer(value=float(shown), tolerance=GENERATED_TOLERANCE["standardized_flr"], unit="%"),
        explanation=(
            f"Estimated total liver volume = -794.41 + 1267.28 x {bsa:.2f} = {etlv:.1f} mL; "
            f"standardized FLR = {flr:.0f} / {etlv:.1f} x 100 = {shown}%. Compare it with the "
            "threshold for this liver: at least 20% when normal, above 30% after extensive chemotherapy, "
            "above 40% with cirrhosis."
        ),
        evidence_ids=GENERATED_EVIDENCE["standardized_flr"],
        page=TOOL_PAGES["standardized_flr"],
        calculator=CalculatorRef(tool="standardized_flr", inputs=inputs),
    )


def _recist_question(rng: random.Random, key: str) -> Question:
    baseline = rng.randint(20, 200)
    nadir = max(9, min(baseline, round(baseline * rng.uniform(0.45, 1.0))))
    current = 0 if rng.random() < 0.05 else round(nadir * rng.uniform(0.6, 1.5))
    new = rng.random() < 0.1
    inputs: dict[str, InputValue] = {
        "baseline_sum_mm": float(baseline),
        "nadir_sum_mm": float(nadir),
        "current_sum_mm": float(current),
        "new_lesions": new,
    }
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=new
    )
    options = tuple(
        Option(text=name, correct=code == result.category, value=code)
        for code, name in RECIST_CATEGORY_NAMES.items()
    )
    return Question(
        key=key,
        topic="response",
        kind="single",
        text=(
            f"Target liver lesions on chemotherapy: sum of diameters {baseline} mm at baseline, smallest "
            f"sum so far (nadir) {nadir} mm, {current} mm today; new lesions: {'yes' if new else 'none'}. "
            "What is the RECIST v1.1 response?"
        ),
        options=options,
        explanation=result.explanation,
        evidence_ids=GENERATED_EVIDENCE["recist"],
        page=TOOL_PAGES["recist"],
        calculator=CalculatorRef(tool="recist", inputs=inputs),
        ordered=True,  # CR, PR, SD, PD: the categories' own order
    )


def _fong_question(rng: random.Random, key: str) -> Question:
    node = rng.random() < 0.5
    dfi = 0 if rng.random() < 0.3 else rng.randint(1, 60)
    count = rng.randint(1, 8)
    largest = round(rng.uniform(0.5, 12.0), 1)
    cea = round(_log_uniform(rng, 1.0, 600.0), 1)
    inputs: dict[str, InputValue] = {
        "node_positive": node,
        "disease_free_interval_months": float(dfi),
        "tumour_count": count,
        "largest_tumour_cm": largest,
        "cea_ng_ml": cea,
    }
    result = fong_score(
        node_positive=node,
        disease_free_interval_months=dfi,
        tumour_count=count,
        largest_tumour_cm=largest,
        cea_ng_ml=cea,
    )
    interval = "synchronous (found with the primary)" if dfi == 0 else f"{dfi} months after the primary"
    breakdown = "; ".join(f"{item.name}: {item.patient_value} -> {item.points}" for item in result.items)
    return Question(
        key=key,
        topic="prognosis",
        kind="numeric",
        text=(
            f"Primary {'node-positive' if node else 'node-negative'}; liver metastases {interval}; "
            f"{count} liver tumour{'s' if count > 1 else ''}, the largest {largest:g} cm; preoperative CEA "
            f"{cea:g} ng/mL. What is the Fong clinical risk score (five items)?"
        ),
        answer=NumericAnswer(value=result.points, tolerance=GENERATED_TOLERANCE["fong_score"], unit="points"),
        explanation=(
            f"{breakdown}. Total {result.points} of 5 ({result.risk_group} risk on the 0-2 / 3-5 grouping). "
            "Margin and extrahepatic disease are not items of the published score."
        ),
        evidence_ids=GENERATED_EVIDENCE["fong_score"],
        page=TOOL_PAGES["fong_score"],
        calculator=CalculatorRef(tool="fong_score", inputs=inputs),
    )


def _cea_question(rng: random.Random, key: str) -> Question:
    baseline = round(_log_uniform(rng, 5.0, 500.0), 1)
    current = round(baseline * rng.uniform(0.3, 1.5), 1)
    inputs: dict[str, InputValue] = {"baseline_ng_ml": baseline, "current_ng_ml": current}
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    # never rounded onto or across the cut-off (a fall of 7.46% is not written -7.5%) or across no change
    shown = format_near(result.percent_change, *TOOL_THRESHOLDS["cea_change"], decimals=1, signed=True)
    return Question(
        key=key,
        topic="response",
        kind="numeric",
        text=(
            f"CEA was {baseline:g} ng/mL before chemotherapy and {current:g} ng/mL now. What is the percent "
            "change from baseline (negative for a fall)?"
        ),
        answer=NumericAnswer(value=float(shown), tolerance=GENERATED_TOLERANCE["cea_change"], unit="%"),
        explanation=(f"({current:g} - {baseline:g}) / {baseline:g} x 100 = {shown}%. " + result.explanation),
        evidence_ids=GENERATED_EVIDENCE["cea_change"],
        page=TOOL_PAGES["cea_change"],
        calculator=CalculatorRef(tool="cea_change", inputs=inputs),
    )


_GENERATORS: Mapping[Tool, Callable[[random.Random, str], Question]] = {
    "standardized_flr": _flr_question,
    "recist": _recist_question,
    "fong_score": _fong_question,
    "cea_change": _cea_question,
}
GENERATED_KINDS: tuple[Tool, ...] = tuple(_GENERATORS)
MAX_GENERATED = 50


def generate(kind: Tool, seed: int, count: int) -> tuple[Question, ...]:
    """``count`` practice questions of one kind for random but plausible patients (``GENERATOR_RANGES``),
    keyed by the calculators. The same (kind, seed, count) always gives the same questions; keys are
    ``gen-<kind>-<seed>-<n>``."""
    if kind not in _GENERATORS:
        raise ValueError(f"kind must be one of {', '.join(GENERATED_KINDS)}, got {kind!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_GENERATED:
        raise ValueError(f"count must be a whole number from 1 to {MAX_GENERATED}, got {count!r}")
    rng = random.Random(seed)
    slug = kind.replace("_", "-")
    return tuple(_GENERATORS[kind](rng, f"gen-{slug}-{seed}-{n + 1}") for n in range(count))


__all__ = [
    "GENERATED_KINDS",
    "GENERATOR_RANGES",
    "MAX_GENERATED",
    "RECIST_CATEGORY_NAMES",
    "SCORE_RANGES",
    "SINGULAR_UNITS",
    "TOOL_DEFINITIONS",
    "TOOL_PAGES",
    "TOOL_SIDE_RULES",
    "TOOL_THRESHOLDS",
    "TOPIC_TITLES",
    "CalculatorRef",
    "GeneratorRange",
    "Grade",
    "Kind",
    "NumericAnswer",
    "Option",
    "Question",
    "Tool",
    "Topic",
    "allowed_numbers",
    "calculator_figures",
    "calculator_result",
    "generate",
    "grade",
    "key_matches_calculator",
    "load_quiz",
    "option_order",
    "page_paths",
    "unsupported_numbers",
]
