"""AppTest of the case library: a case from first stage to last (wrong answer, right answer, reveal)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

import crlm_content
from crlm_content import cases
from crlm_content.cases import load_cases
from crlm_content.decision import STRATEGY_LABELS, Scenario, scenario_query_fields, state_to_data
from crlm_content.urlstate import parse_all

from .helpers import plain, run_page

PAGE = "app_pages/cases.py"
CASE = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")


def text(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in at.markdown)


def answer(at, index: int) -> None:  # type: ignore[no-untyped-def]
    at.radio[-1].set_value(index)
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception


def test_a_case_from_first_stage_to_last() -> None:
    at = run_page(PAGE, {"case": CASE.key})
    first = CASE.stages[0]
    assert [h.value for h in at.header] == [f"1. {first.title}"]
    assert "**Why.**" not in text(at)  # nothing revealed before an answer
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    answer(at, wrong)
    assert at.warning and "Not quite" in at.warning[0].value
    assert "**Why.**" in text(at) and "board's answer" in text(at)
    for number, stage in enumerate(CASE.stages[1:], start=2):
        next(b for b in at.button if b.label == "Next stage").click().run()
        assert f"{number}. {stage.title}" in [h.value for h in at.header]
        if stage.question is not None:
            right = next(i for i, o in enumerate(stage.options) if o.correct)
            answer(at, right)
            assert at.success[-1].value == "Right."
    asked = sum(1 for s in CASE.stages if s.question is not None)
    assert any(f"{asked - 1} of {asked} answers" in i.value for i in at.info)  # the first was wrong
    assert at.query_params["stage"] == str(len(CASE.stages))


def test_the_walkthrough_link_opens_the_stage_patient_with_the_taught_plan() -> None:
    stage = next(s for s in CASE.stages if s.tool and s.tool.page == "walkthrough")
    assert stage.scenario is not None and stage.taught_strategy is not None
    at = run_page(PAGE, {"case": CASE.key, "stage": str(CASE.stages.index(stage) + 1)})
    at.radio[-1].set_value(next(i for i, o in enumerate(stage.options) if o.correct))  # the link follows it
    [b for b in at.button if b.label == "Answer"][-1].click().run()
    link = next(link.proto for link in at.get("page_link") if link.proto.page == "walkthrough")
    params = dict(parse_qsl(link.query_string))
    values, problems = parse_all(scenario_query_fields(), {k: [v] for k, v in params.items()})
    assert problems == []
    restored = {f.key: values.get(f.key, f.default) for f in scenario_query_fields()}
    assert Scenario.model_validate(state_to_data(restored)) == stage.scenario
    walkthrough = run_page("app_pages/decision_walkthrough.py", params)
    heading = next(h.value for h in walkthrough.header if h.value.startswith("Plan: "))
    assert heading == f"Plan: {STRATEGY_LABELS[stage.taught_strategy]}"


def test_working_a_case_again_forgets_its_answers() -> None:
    at = run_page(PAGE, {"case": CASE.key})
    answer(at, 0)
    next(b for b in at.button if b.label == "Work this case again").click().run()
    assert "**Why.**" not in text(at) and at.query_params.get("stage") is None


def test_answer_with_nothing_chosen_says_so_and_reveals_nothing() -> None:
    at = run_page(PAGE, {"case": CASE.key})
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["Choose an answer first, then press Answer."]
    assert "**Why.**" not in text(at)
    at.run()  # said once: an ordinary rerun does not repeat it
    assert not at.warning


def test_a_recist_stage_reveal_shows_the_primary_source_of_its_cut_offs() -> None:
    case = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "wild-type-hepatic-veins")
    stage = next(s for s in case.stages if s.definition == "recist")
    at = run_page(PAGE, {"case": case.key, "stage": str(case.stages.index(stage) + 1)})
    at.radio[-1].set_value(next(i for i, o in enumerate(stage.options) if o.correct))
    [b for b in at.button if b.label == "Answer"][-1].click().run()  # the open stage's form is the last
    assert not at.exception, at.exception
    why = next(m.value for m in at.markdown if m.value.startswith("**Why.**"))
    assert "*Definition:* RECIST 1.1, Eisenhauer" in why


def test_options_are_shown_in_the_case_order_and_the_shown_key_is_marked_right() -> None:
    """The data mostly writes the board's answer first; the page shows ``cases.case_order`` and keeps the
    original index of what is chosen, so the shown key is graded right and the feedback follows the order."""
    moved = 0
    at = run_page(PAGE, {"case": CASE.key})
    for number, stage in enumerate(CASE.stages, start=1):
        if number > 1:
            next(b for b in at.button if b.label == "Next stage").click().run()
        if stage.question is None:
            continue
        order = cases.case_order(CASE, stage)
        shown = [stage.options[i].text for i in order]
        assert at.radio[-1].options == shown, stage.key
        moved += order != tuple(range(len(order)))
        position = next(p for p, i in enumerate(order) if stage.options[i].correct)
        at.radio[-1].set_value(order[position])  # the widget's value at that position: the original index
        [b for b in at.button if b.label == "Answer"][-1].click().run()
        assert not at.exception, at.exception
        assert at.success[-1].value == "Right.", stage.key
        feedback = plain(next(m.value for m in reversed(at.markdown) if m.value.startswith("- ")))
        lines = [line[2:] for line in feedback.splitlines() if line.startswith("- ")]
        assert len(lines) == len(shown) and all(
            line.startswith(text) for line, text in zip(lines, shown, strict=True)
        )  # the feedback in the order shown
    assert moved >= 2
    asked = sum(1 for s in CASE.stages if s.question is not None)
    assert any(f"{asked} of {asked} answers" in i.value for i in at.info)


@pytest.mark.parametrize(
    "key",
    sorted(
        {c.key for c in load_cases(crlm_content.get_catalog()) for s in c.stages if s.tool and s.question}
    ),
)
def test_tool_links_appear_only_after_the_answer(key: str) -> None:
    """The walkthrough shows the engine's plan and a calculator link fills in the answer: before the reader
    answers, the stage shows neither."""
    case = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == key)
    for number, stage in enumerate(case.stages, start=1):
        if stage.tool is None or stage.question is None:
            continue
        at = run_page(PAGE, {"case": case.key, "stage": str(number)})
        labels = [link.proto.label for link in at.get("page_link")]
        assert stage.tool.label not in labels, (key, stage.key)
        right = [i for i, o in enumerate(stage.options) if o.correct]
        if stage.multiple:
            at.multiselect[-1].set_value(right)
        else:
            at.radio[-1].set_value(right[0])
        [b for b in at.button if b.label == "Answer"][-1].click().run()
        assert not at.exception, at.exception
        assert stage.tool.label in [link.proto.label for link in at.get("page_link")], (key, stage.key)


FIGURE_1 = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "review-figure-1")


def test_a_link_to_a_later_stage_shows_the_earlier_questions_as_not_answered_here() -> None:
    """/cases?case=review-figure-1&stage=4 in a fresh page showed stages 1-3 as open forms beside the
    outcome's reasoning, and scored them: "Case finished: 0 of 3". The earlier questions now say they were
    not answered in this browser, show the board's answer only on request, and are not scored."""
    stages = FIGURE_1.stages
    at = run_page(PAGE, {"case": FIGURE_1.key, "stage": str(len(stages))})
    assert [h.value for h in at.header] == [f"{n}. {s.title}" for n, s in enumerate(stages, start=1)]
    assert not at.radio and "Answer" not in [b.label for b in at.button]  # no open form before the outcome
    notice = at.info[0].value
    assert "opened the case at stage 4" in notice
    assert "Stages 1 to 3 were not answered in this browser" in notice
    assert [t.label for t in at.toggle] == ["Show the board's answer and reasoning"] * 3
    assert sum(m.value.startswith("**Why.**") for m in at.markdown) == 1  # the outcome's alone
    assert "board's answer" not in text(at)
    assert at.info[-1].value == "Case finished: 3 questions were not answered here, so there is no score."

    at.toggle[0].set_value(True).run()  # the first stage's answer, on request
    assert not at.exception, at.exception
    assert sum(m.value.startswith("**Why.**") for m in at.markdown) == 2
    listed = plain(next(m.value for m in at.markdown if m.value.startswith("- ")))
    right = next(o for o in stages[0].options if o.correct)
    assert f"{right.text} :green-badge[board's answer]" in listed and "your answer" not in listed

    next(b for b in at.button if b.label == "Start at stage 1").click().run()
    assert [h.value for h in at.header] == [f"1. {stages[0].title}"]
    assert at.radio and not at.toggle and not at.info
    assert at.query_params.get("stage") is None


def test_a_case_opened_at_a_later_stage_scores_only_the_answers_given_here() -> None:
    stages = FIGURE_1.stages
    decision = next(n for n, s in enumerate(stages, start=1) if s.key == "decision")
    at = run_page(PAGE, {"case": FIGURE_1.key, "stage": str(decision)})
    assert len(at.radio) == 1 and len(at.toggle) == decision - 1  # the open question is the stage linked
    answer(at, next(i for i, o in enumerate(stages[decision - 1].options) if o.correct))
    assert at.success[-1].value == "Right."
    next(b for b in at.button if b.label == "Next stage").click().run()
    assert at.info[-1].value == (
        "Case finished: the one answer given here matched the board's (2 questions were not answered here)."
    )


def test_a_link_to_an_unknown_case_opens_the_first_case_at_its_start() -> None:
    """'case=nope&stage=3' opened the first case at stage 3, with a notice of stages skipped."""
    at = run_page(PAGE, {"case": "nope", "stage": "3"})
    assert not at.exception
    (notice,) = [plain(w.value) for w in at.warning]
    assert "'case=nope' ignored" in notice and "'stage=3' ignored: it goes with the 'case' ignored" in notice
    assert not at.info  # no "this link opened the case at stage 3"
    assert "stage" not in at.query_params


TOOL_LINKS = [
    (case.key, stage.key, stage.tool.page, dict(stage.tool.params))
    for case in load_cases(crlm_content.get_catalog())
    for stage in case.stages
    if stage.tool is not None and stage.tool.page != "walkthrough"
]
NOTICE_WORDS = ("ignored", "not understood", "needs fixing", "need fixing")


@pytest.mark.parametrize(("case", "stage", "page", "params"), TOOL_LINKS, ids=lambda v: str(v)[:40])
def test_every_calculator_link_of_a_case_opens_its_page_as_given(
    case: str, stage: str, page: str, params: dict[str, str]
) -> None:
    """Each case's calculator link, opened on the real page (its own fields and table parsers, not a copy of
    them kept in a test): nothing in it is ignored or refused, and the page keeps every setting it names
    (the URL it writes back names each one as given, or leaves out one that is the page's default)."""
    assert params, (case, stage)
    at = run_page(f"app_pages/{page}.py", params)
    notices = [e.value for e in (*at.warning, *at.error) if any(w in e.value for w in NOTICE_WORDS)]
    assert notices == [], (case, stage, notices)
    written = dict(at.query_params)
    assert all(written.get(key, value) == value for key, value in params.items()), (case, stage, written)
