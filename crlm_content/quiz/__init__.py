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

The package: ``model`` (topics, the question, its options and answer, a grade, the calculators' constants),
``grading`` (calculator keys, the figures a question may write, grading an answer), ``loader`` (the bank
from ``data/quiz/``), ``generated`` (practice questions) and ``order`` (the options' shown order). Every name
is importable from ``crlm_content.quiz`` itself.

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

# Every name the one-module quiz defined stays importable from here: the public ones are in ``__all__``, the
# private helpers are imported for code that reached them here.
# ruff: noqa: F401
from .generated import (
    _GENERATORS,
    GENERATED_EVIDENCE,
    GENERATED_KINDS,
    GENERATED_TOLERANCE,
    GENERATOR_RANGES,
    MAX_GENERATED,
    GeneratorRange,
    _cea_question,
    _flr_question,
    _fong_question,
    _log_uniform,
    _recist_question,
    generate,
)
from .grading import (
    _across_a_threshold,
    _decimals,
    _exact,
    allowed_numbers,
    calculator_figures,
    calculator_result,
    grade,
    key_matches_calculator,
    percent_hint,
    response_problem,
    unsupported_numbers,
)
from .loader import QUIZ_FOLDER, _check, load_quiz, page_paths
from .model import (
    _SIDES,
    PERCENT_CHANGE_RANGE,
    PERCENT_CHANGE_TOOLS,
    PERCENT_RANGE,
    RECIST_CATEGORY_NAMES,
    SCORE_RANGES,
    SINGULAR_UNITS,
    TOOL_DEFINITIONS,
    TOOL_PAGES,
    TOOL_SIDE_RULES,
    TOOL_THRESHOLDS,
    TOPIC_TITLES,
    CalculatorRef,
    Grade,
    InputValue,
    Kind,
    NumericAnswer,
    Option,
    Question,
    Tool,
    Topic,
    _Frozen,
    _plain,
)
from .order import option_order

__all__ = [
    "GENERATED_EVIDENCE",
    "GENERATED_KINDS",
    "GENERATED_TOLERANCE",
    "GENERATOR_RANGES",
    "MAX_GENERATED",
    "PERCENT_CHANGE_RANGE",
    "PERCENT_CHANGE_TOOLS",
    "PERCENT_RANGE",
    "QUIZ_FOLDER",
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
    "InputValue",
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
    "percent_hint",
    "response_problem",
    "unsupported_numbers",
]
