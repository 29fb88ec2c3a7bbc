"""The case library: patients that unfold in stages, each asking "what would you do next?" before it reveals
the reasoning and its evidence.

A case is data (``data/cases/<key>.yaml``), validated like every other data kind (``ContentError`` naming
the file, the case and the field). The cases are the decision engine's golden examples and the engine is the
cases' check: wherever a stage teaches a strategy, that stage carries the patient as it stands then
(``Stage.scenario``) and its right option names the strategy, which must be what ``decision.recommend``
gives (``check_against_engine``, run by the tests and at load time).

A stage's options are shown in a seeded order (``Stage.shown_order``: the case library seeds it with the case,
grand rounds with the room and the case, so every phone in a room sees the presenter's order); answers and
votes keep the original option indexes. ``ordered: true`` keeps a list whose order carries meaning (rising
thresholds, counts); an option with ``last: true`` ("All three equally") stays after the others.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..catalog import Catalog, ContentError, data_file_name, read_yaml, validate_record
from ..decision import Scenario, Strategy, recommend, scenario_query_fields, scenario_to_state
from ..quiz import TOOL_DEFINITIONS
from ..quiz import Tool as QuizTool
from ..quiz.order import option_order

StageKind = Literal["presentation", "staging", "response", "decision", "outcome"]
Tool = Literal["walkthrough", "liver_remnant", "response_assessment", "cea_monitor", "prognostic_scores"]
CASES_FOLDER = "cases"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer to a stage's question; ``strategy`` when the option is a strategy the engine can name."""

    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str = Field(min_length=1)  # why this option is right or wrong, shown after answering
    strategy: Strategy | None = None
    last: bool = False  # speaks about the others ("All three equally"): shown after them, never shuffled in


class ToolLink(_Frozen):
    """A page opened with the case filled in (by its URL parameters)."""

    page: Tool
    label: str
    params: dict[str, str] = {}


class Stage(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    kind: StageKind
    title: str
    known: str = Field(min_length=1)  # what the team knows now (our words; numbers are the case's own)
    question: str | None = None  # None: a stage that only tells (the outcome)
    options: tuple[Option, ...] = ()
    multiple: bool = False  # more than one right option
    ordered: bool = False  # the options' order carries meaning (rising thresholds, counts): not shuffled
    reveal: str = Field(min_length=1)  # the reasoning, shown only after an answer
    evidence_ids: tuple[str, ...] = Field(min_length=1)
    scenario: Scenario | None = None  # the patient at this stage, when the stage teaches a strategy
    tool: ToolLink | None = None
    # the calculator whose published constants the stage uses (RECIST's 30%, ...): its primary source is shown
    definition: QuizTool | None = None

    @property
    def definition_source(self) -> str | None:
        return TOOL_DEFINITIONS[self.definition] if self.definition else None

    @model_validator(mode="after")
    def _options_fit_the_question(self) -> Stage:
        if self.question is None:
            if self.options:
                raise ValueError("options: a stage without a question has no options")
            if self.ordered:
                raise ValueError("ordered: a stage without a question has no options to keep in order")
            return self
        if len(self.options) < 2:
            raise ValueError("options: a question needs at least two options")
        right = sum(option.correct for option in self.options)
        if right == 0:
            raise ValueError("options: no option is marked correct")
        if right > 1 and not self.multiple:
            raise ValueError("options: several options are correct; set multiple: true")
        if len({option.text for option in self.options}) != len(self.options):
            raise ValueError("options: two options have the same text")
        taught = [o.strategy for o in self.options if o.correct and o.strategy is not None]
        if taught and self.scenario is None:
            raise ValueError("scenario: a stage that teaches a strategy needs the patient as it stands")
        return self

    def is_right(self, picked: Iterable[int]) -> bool:
        """Whether the chosen options (original indexes, whatever order they were shown in) are exactly the
        right ones."""
        return set(picked) == {i for i, option in enumerate(self.options) if option.correct}

    def shown_order(self, seed: str) -> tuple[int, ...]:
        """The original indexes of the options in the order they are shown for ``seed`` (the stage's key is
        added): ``option_order``, written order when ``ordered``, ``last`` options after the rest."""
        last = [i for i, option in enumerate(self.options) if option.last]
        return option_order(f"{seed}/{self.key}", len(self.options), ordered=self.ordered, last=last)

    @property
    def taught_strategy(self) -> Strategy | None:
        return next((o.strategy for o in self.options if o.correct and o.strategy is not None), None)

    @property
    def taught_strategies(self) -> tuple[Strategy, ...]:
        """Every strategy a right option names (a stage may accept more than one defensible plan)."""
        return tuple(o.strategy for o in self.options if o.correct and o.strategy is not None)


class Case(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str  # describes the patient, never the answer
    summary: str
    topics: tuple[str, ...] = Field(min_length=1)
    source: Literal["review", "written"]  # a patient of the review's figures, or a teaching case
    evidence_ids: tuple[str, ...] = ()  # for the review's own patients: the records they come from
    stages: tuple[Stage, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _stages_unique_and_taught(self) -> Case:
        keys = [stage.key for stage in self.stages]
        if len(set(keys)) != len(keys):
            raise ValueError("stages: two stages have the same key")
        if not any(stage.taught_strategy for stage in self.stages):
            raise ValueError("stages: no stage teaches a strategy the engine can check")
        return self

    def stage(self, key: str) -> Stage:
        return next(stage for stage in self.stages if stage.key == key)


def engine_disagreements(case: Case) -> list[str]:
    """Where a stage's taught strategies leave out the one ``decision.recommend`` gives for that stage's
    patient (a stage may accept several defensible plans; the engine's must be among them)."""
    problems = []
    for stage in case.stages:
        taught = stage.taught_strategies
        if not taught or stage.scenario is None:
            continue
        engine = recommend(stage.scenario).strategy
        if engine not in taught:
            names = " or ".join(strategy.value for strategy in taught)
            problems.append(f"stage {stage.key!r} teaches {names} but the engine gives {engine.value}")
    return problems


def case_order(case: Case, stage: Stage) -> tuple[int, ...]:
    """The order the case library shows a stage's options in: the same for every reader of the case."""
    return stage.shown_order(case.key)


def room_order(code: str, case_key: str, stage: Stage) -> tuple[int, ...]:
    """The order grand rounds shows a stage's options in, on the presenter's screen and every phone of the
    room (seeded by the room's code, the case and the stage)."""
    return stage.shown_order(f"{code}/{case_key}")


def answer_key(case: Case, stage: Stage) -> str:
    """The key a reader's answer to a stage is kept under in the session ("<case>/<stage>")."""
    return f"{case.key}/{stage.key}"


def skipped_stages(case: Case, reached: int, answered: Collection[str]) -> tuple[int, ...]:
    """The numbers (from 1) of the questions before stage ``reached`` that this session has not answered:
    a link that opens a case at a later stage (``?stage=4`` in a fresh page) skips them. The page shows
    them as not answered here, with the board's answer on request, never as open forms beside a later
    stage's revealed reasoning."""
    return tuple(
        number
        for number, stage in enumerate(case.stages[: max(reached - 1, 0)], start=1)
        if stage.question is not None and answer_key(case, stage) not in answered
    )


def _numbers(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Stage {numbers[0]} was"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"Stages {numbers[0]} to {numbers[-1]} were"
    return f"Stages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]} were"


def skipped_notice(reached: int, skipped: Sequence[int]) -> str:
    """What the page says when a link opened the case past questions this browser has not answered."""
    one = len(skipped) == 1
    return (
        f"This link opened the case at stage {reached}. {_numbers(skipped)} not answered in this browser: "
        f"{'it shows' if one else 'each shows'} what the team knew then, and the board's answer and "
        "reasoning on request. To work the case in order, start it at stage 1."
    )


def finished_line(case: Case, answers: Mapping[str, Collection[int]]) -> str:
    """The score at the end of a case: only the answers given in this session count; questions a link
    skipped are named, not scored as wrong."""
    asked = [stage for stage in case.stages if stage.question is not None]
    given = [stage for stage in asked if answer_key(case, stage) in answers]
    matched = sum(stage.is_right(answers[answer_key(case, stage)]) for stage in given)
    if len(given) == len(asked):
        return f"Case finished: {matched} of {len(asked)} answers matched the board's."
    skipped = len(asked) - len(given)
    not_answered = f"{skipped} {'question was' if skipped == 1 else 'questions were'} not answered here"
    if not given:
        return f"Case finished: {not_answered}, so there is no score."
    if len(given) == 1:
        verdict = "matched" if matched else "did not match"
        return f"Case finished: the one answer given here {verdict} the board's ({not_answered})."
    given_here = f"{matched} of the {len(given)} answers given here"
    return f"Case finished: {given_here} matched the board's ({not_answered})."


def walkthrough_params(scenario: Scenario) -> dict[str, str]:
    """The walkthrough's URL parameters for a patient (only those that differ from the defaults)."""
    state = scenario_to_state(scenario)
    params = {}
    for field in scenario_query_fields():
        text = field.serialize(state.get(field.key))  # type: ignore[arg-type]
        if text is not None:
            params[field.key] = text
    return params


def load_cases(catalog: Catalog, root: Path | None = None) -> tuple[Case, ...]:
    """Every case under ``data/cases/``, validated, cross-checked against the catalog and the engine."""
    root = root or catalog.root
    folder = root / CASES_FOLDER
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = data_file_name(path, root)
        raw = read_yaml(path, root)
        case = validate_record(Case, raw, name, 0, lambda r: None if r.get("key") is None else str(r["key"]))
        if case.key != path.stem:
            raise ContentError(name, case.key, "key", f"the key must be the file name ({path.stem!r})")
        ids = [*case.evidence_ids, *(i for stage in case.stages for i in stage.evidence_ids)]
        for evidence_id in ids:
            if evidence_id not in catalog.evidence_by_id:
                raise ContentError(name, case.key, "evidence_ids", f"unknown evidence id {evidence_id!r}")
        for problem in engine_disagreements(case):
            raise ContentError(name, case.key, "stages", problem)
        cases.append(case)
    return tuple(cases)


__all__ = [
    "Case",
    "Option",
    "Stage",
    "ToolLink",
    "answer_key",
    "case_order",
    "engine_disagreements",
    "finished_line",
    "load_cases",
    "room_order",
    "skipped_notice",
    "skipped_stages",
    "walkthrough_params",
]
