"""The order answer options are shown in (``crlm_content.quiz.order``): a seeded permutation, the same in
every process, with ordered scales kept and "None of them" last; the quiz shows the bank in it and grades
through it.

The data usually writes the right answer first: shown as written, "always pick the first" scored about 94%.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

import crlm_content
from crlm_content import quiz
from crlm_content.quiz import Option, Question, option_order

BANK = quiz.load_quiz(crlm_content.get_catalog())
WITH_OPTIONS = tuple(q for q in BANK if q.options)
DEFAULT_SEED = "quiz-1"  # the quiz page's seed text for its default seed (1)
RECIST_CODES = ("CR", "PR", "SD", "PD")
FIGURE = re.compile(r"\d+(?:\.\d+)?")


def question(key: str, n: int, **extra: object) -> Question:
    options = tuple(Option(text=f"option {i}", correct=i == 0) for i in range(n))
    return Question.model_validate(
        {
            "key": key,
            "topic": "margins",
            "kind": "single",
            "text": f"question {key}?",
            "options": options,
            "explanation": "why",
            "evidence_ids": ("x",),
            "page": "quiz",
            **extra,
        }
    )


# ----------------------------------------------------------------------------------------- the permutation


@pytest.mark.parametrize("count", range(9))
def test_every_order_is_a_permutation_of_the_options(count: int) -> None:
    for n in range(40):
        order = option_order(f"seed-{n}", count)
        assert sorted(order) == list(range(count))


def test_one_seed_always_gives_one_order() -> None:
    assert option_order("quiz-7/rs-flr", 6) == option_order("quiz-7/rs-flr", 6)


def test_the_order_is_the_same_in_another_process_whatever_its_hash_seed() -> None:
    """Python's ``hash()`` of a text changes with each process (PYTHONHASHSEED): a phone, the presenter and a
    shared link run in different processes and must agree."""
    code = "from crlm_content.quiz import option_order; print(list(option_order('ROOM1/case/stage', 7)))"
    here = str(list(option_order("ROOM1/case/stage", 7)))
    for hash_seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = [sys.executable, "-c", code]
        out = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == here


def test_the_order_differs_across_seeds_and_no_position_is_favoured() -> None:
    orders = [option_order(f"s{n}", 4) for n in range(2000)]
    assert len(set(orders)) == 24  # 4! orders, every one reached
    # each option comes first in about a quarter of the seeds (500 expected; 3.5 standard deviations ~ 68)
    firsts = Counter(order[0] for order in orders)
    assert all(430 <= firsts[i] <= 570 for i in range(4)), firsts


def test_an_ordered_list_keeps_its_written_order() -> None:
    for n in range(30):
        assert option_order(f"s{n}", 5, ordered=True) == (0, 1, 2, 3, 4)


def test_options_kept_last_follow_the_shuffled_rest_in_their_written_order() -> None:
    for n in range(30):
        order = option_order(f"s{n}", 6, last=(4, 1))
        assert order[-2:] == (1, 4)
        assert sorted(order[:-2]) == [0, 2, 3, 5]


@pytest.mark.parametrize(
    ("count", "last"), [(-1, ()), (True, ()), (2.0, ()), (3, (3,)), (3, (-1,)), (3, (True,))]
)
def test_bad_arguments_raise_value_error(count: object, last: tuple[object, ...]) -> None:
    with pytest.raises(ValueError, match=r"count|last"):
        option_order("s", count, last=last)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------- quiz questions


def test_each_question_of_a_set_has_its_own_order() -> None:
    """The question's key is part of the seed: six options give 720 orders, so ten questions of one set all
    shown alike would mean the key is ignored."""
    orders = {question(f"q{n}", 6).shown_order(DEFAULT_SEED) for n in range(10)}
    assert len(orders) > 1


def test_shown_options_are_the_texts_in_the_shown_order() -> None:
    q = question("q", 5)
    order = q.shown_order(DEFAULT_SEED)
    assert q.shown_options(DEFAULT_SEED) == tuple(f"option {i}" for i in order)


def test_an_option_marked_last_stays_last_and_an_ordered_question_as_written() -> None:
    q = question("q", 4)
    pinned = q.model_copy(update={"options": (*q.options[:3], Option(text="None of them", last=True))})
    assert all(pinned.shown_options(f"s{n}")[-1] == "None of them" for n in range(30))
    ordered = question("q", 4, ordered=True)
    assert all(ordered.shown_order(f"s{n}") == (0, 1, 2, 3) for n in range(30))


def test_a_numeric_question_cannot_be_ordered() -> None:
    with pytest.raises(ValueError, match="ordered"):
        Question.model_validate(
            {
                "key": "n",
                "topic": "margins",
                "kind": "numeric",
                "text": "how many?",
                "answer": {"value": 1, "tolerance": 0},
                "explanation": "why",
                "evidence_ids": ("x",),
                "page": "quiz",
                "ordered": True,
            }
        )


def test_the_recist_scale_is_shown_in_its_own_order() -> None:
    """CR, PR, SD, PD is a scale: the bank's RECIST questions and the generated practice keep it."""
    recist = [q for q in BANK if tuple(o.value for o in q.options) == RECIST_CODES]
    assert len(recist) >= 3
    generated = quiz.generate("recist", 5, 10)
    for q in (*recist, *generated):
        assert q.ordered, q.key
        assert [q.options[i].value for i in q.shown_order(DEFAULT_SEED)] == list(RECIST_CODES)


def test_every_ordered_question_reads_in_rising_order() -> None:
    """``ordered`` marks scales, not answers kept in place: the figures its options start with rise."""
    for q in WITH_OPTIONS:
        if not q.ordered or q.calculator is not None:
            continue
        figures = [float(m.group()) for o in q.options if (m := FIGURE.search(o.text))]
        assert len(figures) >= 2 and figures == sorted(figures), q.key


def test_most_questions_do_not_show_their_key_first() -> None:
    """Shown as written, 64 of the 67 option questions put a right answer first. Through the shuffle about a
    quarter of single-answer questions should (one right option of about four), more of the multiple-answer
    ones (several right options): well under half."""
    written = sum(q.options[0].correct for q in WITH_OPTIONS)
    assert written / len(WITH_OPTIONS) > 0.9  # the defect this order answers
    for seed in (DEFAULT_SEED, "quiz-2", "quiz-3"):
        first = sum(q.options[q.shown_order(seed)[0]].correct for q in WITH_OPTIONS)
        assert first / len(WITH_OPTIONS) < 0.5, seed
    singles = [q for q in WITH_OPTIONS if q.kind == "single"]
    first = sum(q.options[q.shown_order(DEFAULT_SEED)[0]].correct for q in singles)
    assert first / len(singles) < 0.4


def test_choosing_the_shown_position_of_the_key_is_graded_right() -> None:
    for q in WITH_OPTIONS:
        shown = q.shown_options(DEFAULT_SEED)
        right = [p for p, text in enumerate(shown) if text in q.correct_options]
        wrong = [p for p, text in enumerate(shown) if text not in q.correct_options]
        if q.kind == "single":
            (position,) = right
            assert quiz.grade(q, shown[position]).correct, q.key
            assert not quiz.grade(q, shown[wrong[0]]).correct, q.key
        else:
            assert quiz.grade(q, [shown[p] for p in right]).correct, q.key
            assert not quiz.grade(q, [shown[p] for p in right[:-1]]).correct, q.key
