"""The quiz's model: topics, the calculators a question can be keyed by and their constants, the question,
its options and answer, and a grade. A question checks its own shape (``Question._shape_fits_the_kind``);
the loader (``quiz.loader``) checks it against the content.

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..formatting import format_number
from ..liver import FLR_THRESHOLDS, VAUTHEY_CITATION
from ..response import CEA_THRESHOLD_PERCENT, RECIST_CITATION
from ..scores import FONG_CITATION, FONG_RISK_GROUPING_NOTE
from .order import option_order

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


def _plain(number: float) -> str:
    return format_number(number, decimals=10)
