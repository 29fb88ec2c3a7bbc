"""Browser: a case is worked stage by stage; nothing of the answer reaches the page before an answer."""

from __future__ import annotations

import pytest

import crlm_content
from crlm_content import cases
from crlm_content.cases import load_cases
from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e
CASE = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")


def test_the_page_holds_no_answer_before_an_answer(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/cases?case={CASE.key}").page
    stage = CASE.stages[0]
    html = page.content()
    assert stage.question is not None and stage.question in html
    for option in stage.options:
        assert option.feedback[:40] not in html  # feedback is rendered only after an answer
    assert stage.reveal[:40] not in html and "board's answer" not in html
    # the planner link would grade the question: it follows the answer
    assert stage.tool is not None and page.get_by_role("link", name=stage.tool.label).count() == 0
    shown = [stage.options[i].text for i in cases.case_order(CASE, stage)]  # not the written order
    listed = page.get_by_test_id("stRadio").last.inner_text()
    assert [listed.index(text) for text in shown] == sorted(listed.index(text) for text in shown)
    right = next(o for o in stage.options if o.correct)
    page.get_by_text(right.text).click()
    page.get_by_role("button", name="Answer").click()
    page.get_by_text("Right.").wait_for(timeout=10_000)
    wait_for_app(page)
    assert stage.reveal[:40] in page.content()
    page.get_by_role("link", name=stage.tool.label).wait_for(timeout=10_000)


def test_a_stage_opens_its_patient_in_the_walkthrough(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    from crlm_content.decision import STRATEGY_LABELS

    stage = next(s for s in CASE.stages if s.tool and s.tool.page == "walkthrough")
    assert stage.taught_strategy is not None
    number = CASE.stages.index(stage) + 1
    page = visit(f"{server.url}/cases?case={CASE.key}&stage={number}").page
    assert page.get_by_role("link", name=stage.tool.label).count() == 0  # type: ignore[union-attr]
    # the stages the link passed: not answered here, no form, their answers not sent until asked for
    html = page.content()
    assert "not answered in this browser" in html
    assert page.get_by_role("button", name="Answer").count() == 1
    for earlier in CASE.stages[: number - 1]:
        assert earlier.reveal[:40] not in html
        assert all(option.feedback[:40] not in html for option in earlier.options)
    page.get_by_text(next(o.text for o in stage.options if o.correct)).click()  # the link follows the answer
    page.get_by_role("button", name="Answer").last.click()
    page.get_by_role("link", name=stage.tool.label).click()  # type: ignore[union-attr]
    heading = page.get_by_role("heading", name=f"Plan: {STRATEGY_LABELS[stage.taught_strategy]}")
    heading.wait_for(timeout=15_000)
    assert "flr_percent=34" in page.url


def test_the_quiz_page_holds_no_answer_before_an_answer(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """Streamlit sends what it renders: the explanation and the key are rendered only after an answer."""
    from crlm_content import quiz

    bank = quiz.load_quiz(crlm_content.get_catalog())
    page = visit(f"{server.url}/quiz?topic=margins&seed=3").page
    html = page.content()
    shown = [q for q in bank if q.topic == "margins" and q.text[:40] in html]
    assert len(shown) == 1  # one open question at a time
    question = shown[0]
    assert question.explanation[:40] not in html and "Right." not in html
    assert "The answer:" not in html
