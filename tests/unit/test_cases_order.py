"""The order a case stage's options are shown in: the case library's (seeded by case and stage) and grand
rounds' (seeded by room, case and stage, the same on the presenter's screen and every phone); answers and
votes keep the original option indexes, so grading reads through the order."""

from __future__ import annotations

import re

import pytest

import crlm_content
from crlm_content import cases
from crlm_content.cases import Stage

LIBRARY = cases.load_cases(crlm_content.get_catalog())
ASKED = tuple((case, stage) for case in LIBRARY for stage in case.stages if stage.options)
FIGURE = re.compile(r"\d+(?:\.\d+)?")


def test_every_stage_order_is_a_permutation() -> None:
    for case, stage in ASKED:
        assert sorted(cases.case_order(case, stage)) == list(range(len(stage.options))), stage.key
        assert sorted(cases.room_order("ACDEF", case.key, stage)) == list(range(len(stage.options)))


def test_the_library_order_is_the_stage_order_seeded_by_the_case() -> None:
    case, stage = ASKED[0]
    assert cases.case_order(case, stage) == stage.shown_order(case.key)
    assert cases.case_order(case, stage) == cases.case_order(case, stage)


def test_a_room_shows_every_phone_the_presenters_order_and_rooms_differ() -> None:
    """Presenter and phones each compute the order from the room's code, the case and the stage."""
    for case, stage in ASKED:
        presenter = cases.room_order("HJK23", case.key, stage)
        phone = cases.room_order("HJK23", case.key, stage)
        assert presenter == phone
    shuffled = [(c, s) for c, s in ASKED if not s.ordered and len(s.options) >= 4]
    case, stage = shuffled[0]
    rooms = {cases.room_order(f"R{n:04d}", case.key, stage) for n in range(40)}
    assert len(rooms) > 1  # another room, another order (24 orders of 4 options)


def test_most_stages_do_not_show_the_boards_answer_first() -> None:
    """As written, 31 of the 39 questions put a right answer first; shuffled, about a quarter should."""
    written = sum(stage.options[0].correct for _, stage in ASKED)
    assert written / len(ASKED) > 0.7  # the defect this order answers
    first = sum(stage.options[cases.case_order(case, stage)[0]].correct for case, stage in ASKED)
    assert first / len(ASKED) < 0.5
    for code in ("ACDEF", "HJK23"):
        orders = [(stage, cases.room_order(code, case.key, stage)) for case, stage in ASKED]
        first = sum(stage.options[order[0]].correct for stage, order in orders)
        assert first / len(ASKED) < 0.5, code


def test_choosing_the_shown_position_of_the_boards_answer_is_right() -> None:
    for case, stage in ASKED:
        order = cases.case_order(case, stage)
        right = [p for p, i in enumerate(order) if stage.options[i].correct]
        wrong = [p for p, i in enumerate(order) if not stage.options[i].correct]
        assert stage.is_right(order[p] for p in right), stage.key  # the page keeps the original index
        assert not stage.is_right([order[wrong[0]]]), stage.key


def test_an_ordered_stage_keeps_its_order_and_reads_rising() -> None:
    ordered = [(c, s) for c, s in ASKED if s.ordered]
    assert {(c.key, s.key) for c, s in ordered} >= {
        ("atrophic-liver-after-26-weeks", "referral"),
        ("late-metachronous-two-lesions", "presentation"),
    }
    for case, stage in ordered:
        assert cases.case_order(case, stage) == tuple(range(len(stage.options)))
        assert cases.room_order("ACDEF", case.key, stage) == tuple(range(len(stage.options)))
        if all(o.text.startswith(RECIST) for o in stage.options):  # RECIST categories, in their own order
            categories = [
                next(i for i, c in enumerate(RECIST) if o.text.startswith(c)) for o in stage.options
            ]
            assert categories == sorted(categories), stage.key
            continue
        figures = [float(m.group()) for o in stage.options if (m := FIGURE.search(o.text))]
        assert len(figures) >= 2 and figures == sorted(figures), stage.key


RECIST = ("Complete response", "Partial response", "Stable disease", "Progressive disease")


def test_a_recist_question_is_marked_ordered_and_lists_every_category() -> None:
    """CR, PR, SD, PD are a scale: shuffled, a reader hunts for the category instead of judging it."""
    for case, stage in ASKED:
        if stage.definition == "recist" and all(o.text.startswith(RECIST) for o in stage.options):
            assert stage.ordered, (case.key, stage.key)
            assert len(stage.options) == len(RECIST), (case.key, stage.key)


def test_a_score_question_is_marked_ordered() -> None:
    """Options that are all 'N of 5' points are a scale."""
    for case, stage in ASKED:
        if all(re.match(r"\d+ of \d+", o.text) for o in stage.options):
            assert stage.ordered, (case.key, stage.key)


def test_an_option_about_the_others_stays_last() -> None:
    case = next(c for c in LIBRARY if c.key == "small-deep-lesion")
    stage = case.stage("staging")
    assert stage.options[-1].last
    assert cases.case_order(case, stage)[-1] == len(stage.options) - 1
    for n in range(20):
        assert cases.room_order(f"R{n}", case.key, stage)[-1] == len(stage.options) - 1


def test_a_stage_without_a_question_cannot_be_ordered() -> None:
    with pytest.raises(ValueError, match="ordered"):
        Stage.model_validate(
            {
                "key": "outcome",
                "kind": "outcome",
                "title": "Outcome",
                "known": "Well.",
                "reveal": "Why.",
                "evidence_ids": ("x",),
                "ordered": True,
            }
        )
