"""AppTest of the quiz: a round with feedback, a running score, mistakes practised again, seeded sets."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_content import quiz

from .helpers import plain, run_page

PAGE = "app_pages/quiz.py"
BANK = quiz.load_quiz(crlm_content.get_catalog())


def shown_question(at: AppTest) -> quiz.Question | None:
    """The open question: the last question text on the page, when an Answer button is there."""
    if not any(b.label == "Answer" for b in at.button):
        return None
    by_text = {f"**{q.text}**": q for q in BANK}
    shown = [by_text.get(m.value.replace("\\", "")) for m in at.markdown]
    return next((q for q in reversed(shown) if q is not None), None)


def respond(at: AppTest, question: quiz.Question, *, right: bool) -> None:
    if question.kind == "numeric":
        assert question.answer is not None
        value = question.answer.value if right else question.answer.value + 10 * question.answer.tolerance + 1
        at.number_input[-1].set_value(value)
    elif question.kind == "multiple":
        chosen = [o.text for o in question.options if o.correct] if right else [question.options[0].text]
        if not right and set(chosen) == set(question.correct_options):
            chosen = [o.text for o in question.options if not o.correct][:1]
        at.multiselect[-1].set_value(chosen)
    else:
        pick = next(o.text for o in question.options if o.correct is right)
        at.radio[-1].set_value(pick)
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception


def test_a_round_gives_feedback_a_score_and_mistakes_again() -> None:
    at = run_page(PAGE, {"topic": "margins", "seed": "3"})
    margins = [q for q in BANK if q.topic == "margins"]
    first = shown_question(at)
    assert first is not None and first.topic == "margins"
    assert "**Why.**" not in "".join(m.value for m in at.markdown)  # no explanation before an answer
    respond(at, first, right=False)
    assert at.warning and "Not quite" in at.warning[-1].value
    assert any(m.value.startswith("**Why.**") for m in at.markdown)
    for _ in range(len(margins) - 1):
        question = shown_question(at)
        assert question is not None
        respond(at, question, right=True)
    assert at.get("progress")[0].proto.text == f"Score: {len(margins) - 1} right of {len(margins)} answered"
    next(b for b in at.button if b.label == "Practise my mistakes again").click().run()
    again = shown_question(at)
    assert again == first and at.get("progress")[0].proto.text.endswith("(your mistakes again)")


def test_the_same_seed_gives_the_same_practice_set() -> None:
    texts = [
        next(
            m.value
            for m in run_page(PAGE, {"quiz": "fong_score", "seed": s}).markdown
            if m.value.startswith("**")
        )
        for s in ("11", "11", "12")
    ]
    assert texts[0] == texts[1] != texts[2]


def test_a_generated_question_is_graded_by_the_calculator() -> None:
    (question,) = quiz.generate("cea_change", 5, 1)
    at = run_page(PAGE, {"quiz": "cea_change", "seed": "5"})
    assert question.answer is not None
    at.number_input[-1].set_value(question.answer.value)
    next(b for b in at.button if b.label == "Answer").click().run()
    assert at.success and at.success[-1].value == "Right."


def test_answer_with_nothing_chosen_says_so_and_an_answer_reads_as_written() -> None:
    at = run_page(PAGE, {"topic": "margins", "seed": "3"})
    question = shown_question(at)
    assert question is not None
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["Choose an answer first, then press Answer."]
    assert shown_question(at) == question
    asked = []
    while question is not None:  # the whole round, right each time: one multiple and one numeric among them
        asked.append(question)
        respond(at, question, right=True)
        question = shown_question(at)
    assert {q.kind for q in asked} == {"single", "multiple", "numeric"}
    mine = [c.value for c in at.caption if c.value.startswith("Your answer: ")]
    assert mine == [f"Your answer: {q.expected()}" for q in asked]  # written exactly as the key is


def test_a_recist_answer_shows_the_primary_source_of_its_cut_offs() -> None:
    at = run_page(PAGE, {"quiz": "recist", "seed": "5"})
    (question,) = quiz.generate("recist", 5, 1)
    respond(at, question, right=True)
    why = next(m.value for m in at.markdown if m.value.startswith("**Why.**"))
    assert "*Definition:* RECIST 1.1, Eisenhauer" in why


def test_options_are_shown_in_the_seeded_order_and_the_shown_key_is_marked_right() -> None:
    """The data writes the key first; the page shows the options in ``Question.shown_order`` of the link's
    seed, and choosing the key where it is shown is graded right (answers are kept by option text)."""
    at = run_page(PAGE, {"topic": "margins", "seed": "3"})
    question = shown_question(at)
    moved = 0
    while question is not None:
        shown = list(question.shown_options("quiz-3"))
        if question.kind == "single":
            assert at.radio[-1].options == shown
            position = next(p for p, text in enumerate(shown) if text in question.correct_options)
            at.radio[-1].set_value(at.radio[-1].options[position])
        elif question.kind == "multiple":
            assert at.multiselect[-1].options == shown
            at.multiselect[-1].set_value(
                [t for t in at.multiselect[-1].options if t in question.correct_options]
            )
        else:
            assert question.answer is not None
            at.number_input[-1].set_value(question.answer.value)
        moved += question.kind != "numeric" and shown != [o.text for o in question.options]
        next(b for b in at.button if b.label == "Answer").click().run()
        assert not at.exception, at.exception
        assert at.success and at.success[-1].value == "Right.", question.key
        question = shown_question(at)
    assert moved >= 2  # the set really is shown out of its written order


def answer(at: AppTest, value: float | None) -> None:
    at.number_input[-1].set_value(value)
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception


def test_a_numeric_answer_out_of_range_or_empty_is_named_and_not_graded() -> None:
    """1e9 for a 5-year survival in % was graded 'Your answer: 1000000000%', -5 as '-5%'; an empty box said
    'Choose an answer first'."""
    at = run_page(PAGE, {"topic": "resectability", "seed": "7"})
    question = shown_question(at)
    assert question is not None and question.key == "rs-two-stage-survival"
    for typed, said in (
        (1e9, "enter a number from 0 to 100; 1000000000 is above that range."),
        (-5.0, "enter a number from 0 to 100; -5 is below that range."),
    ):
        answer(at, typed)
        assert [plain(e.value) for e in at.error] == [f"Your answer (%): {said}"]
        assert shown_question(at) == question  # still open: not graded
        assert at.number_input[-1].value == typed  # the box keeps what was typed
        assert not [c for c in at.caption if c.value.startswith("Your answer: ")]
        assert at.get("progress")[0].proto.text == "Score: 0 right of 0 answered"
    answer(at, None)
    assert [w.value for w in at.warning] == ["Enter a number first, then press Answer."]
    assert not at.error and shown_question(at) == question
    answer(at, 64.0)
    assert at.success and at.success[-1].value == "Right."


def test_a_percentage_typed_as_a_fraction_is_reminded_then_graded_as_written() -> None:
    """0.303 for a 30.3% remnant: a reminder that the answer is in percent, not a silent 'Not quite'; given
    again, it is graded as written (a true answer under 1% stays possible)."""
    at = run_page(PAGE, {"topic": "resectability", "seed": "7"})
    answer(at, 64.0)  # the first question; the next one asks for the standardized FLR
    question = shown_question(at)
    assert question is not None and question.answer is not None and question.answer.unit == "%"
    assert question.key.startswith("rs-sflr")
    typed = question.answer.value / 100
    answer(at, typed)
    hint = [plain(w.value) for w in at.warning]
    assert hint == [
        f"Your answer (%): {typed:g} reads as {typed:g}%, a fraction of 1%. The answer is in percent: "
        f"{question.answer.value:g} for {question.answer.value:g}%, not {typed:g}. Correct it, or press "
        f"Answer again to answer {typed:g}%."
    ]
    assert shown_question(at) == question and at.get("progress")[0].proto.text.startswith(
        "Score: 1 right of 1"
    )
    answer(at, typed)  # the same answer again: graded as written
    assert "Not quite" in at.warning[-1].value
    assert f"Your answer: {typed:g}%" in [c.value for c in at.caption]
    assert at.get("progress")[0].proto.text == "Score: 1 right of 2 answered"


def test_a_fraction_or_an_empty_seed_is_named_and_draws_no_set() -> None:
    """The seed box was a whole-number box that read a typed 2.5 as the set of seed 2 without a word."""
    at = run_page(PAGE, {"quiz": "fong_score", "seed": "2"})
    whole = "enter a whole number from 1 to 999 999; 2.5 is not a whole number"
    for typed, named in ((2.5, whole), (None, "")):
        at.number_input(key="quiz__seed").set_value(typed).run()
        assert not at.exception, at.exception
        assert at.number_input(key="quiz__seed").value == typed
        errors = [plain(e.value) for e in at.error]
        assert len(errors) == 1 and errors[0].startswith("- Seed (same seed, same set): "), errors
        assert named in errors[0]
        assert shown_question(at) is None and not at.get("progress")
    at.number_input(key="quiz__seed").set_value(3.0).run()  # a whole number: that seed's set
    assert not at.error and shown_question(at) is None  # a practice question: not in BANK
    assert at.get("progress") and any(b.label == "Answer" for b in at.button)


def practise_mistakes(at: AppTest) -> None:
    """Answer the open set's questions, the first wrong and the rest right, then press 'Practise my mistakes
    again'."""
    question, wrong = shown_question(at), True
    while any(b.label == "Answer" for b in at.button):
        if question is None:  # a CEA practice question (not in BANK): +500% is never a drawn change
            answer(at, 500.0)
        else:
            respond(at, question, right=not wrong)
        question, wrong = shown_question(at), False
    next(b for b in at.button if b.label == "Practise my mistakes again").click().run()
    assert not at.exception, at.exception
    assert at.get("progress")[0].proto.text.endswith("(your mistakes again)")
    assert any(b.label == "Answer" for b in at.button)


def test_practising_mistakes_then_changing_the_set_seed_or_topic_shows_the_new_set() -> None:
    """After 'Practise my mistakes again', another set, topic or seed left a blank quiz (no question, no
    score, no Start again): the retry still held the old set's question keys and filtered the new set to
    nothing. A retry belongs to the set it was pressed in."""
    changes = (
        ({"quiz": "cea_change", "seed": "4"}, "quiz__seed", 5.0),
        ({"quiz": "cea_change", "seed": "4"}, "quiz__quiz", "recist"),
        ({"quiz": "cea_change", "seed": "4"}, "quiz__quiz", "bank"),
        ({"topic": "margins", "seed": "3"}, "quiz__topic", "dlm"),
        ({"topic": "margins", "seed": "3"}, "quiz__seed", 4.0),
    )
    for params, key, value in changes:
        at = run_page(PAGE, params)
        practise_mistakes(at)
        if isinstance(value, float):
            at.number_input(key=key).set_value(value).run()
        else:
            at.selectbox(key=key).set_value(value).run()
        assert not at.exception, at.exception
        assert any(b.label == "Answer" for b in at.button), (key, value)  # a question is open
        assert at.get("progress")[0].proto.text == "Score: 0 right of 0 answered"  # the new set, whole
        if key == "quiz__topic":
            question = shown_question(at)
            assert question is not None and question.topic == value


def test_a_fong_answer_outside_0_to_5_or_a_fraction_is_named_and_one_point_is_singular() -> None:
    """/quiz?quiz=fong_score&seed=7: 1e308, -1e308 or 0.5 points were graded 'Not quite' ('Your answer:
    1e+308 points'); 'The answer: 1 points'."""
    at = run_page(PAGE, {"quiz": "fong_score", "seed": "7"})
    practice = quiz.generate("fong_score", 7, 10)
    first = practice[0].text
    for typed, said in (
        (1e308, "1e+308 is above that range"),
        (-1e308, "-1e+308 is below that range"),
        (0.5, "0.5 is not a whole number"),
    ):
        answer(at, typed)
        assert [plain(e.value) for e in at.error] == [
            f"Your answer (points): enter a whole number from 0 to 5; {said}."
        ]
        assert at.number_input[-1].value == typed  # the box keeps what was typed
        assert not [c for c in at.caption if c.value.startswith("Your answer: ")]  # not graded
        assert at.get("progress")[0].proto.text == "Score: 0 right of 0 answered"
        assert plain(at.markdown[-1].value) == f"**{first}**"  # the same question, still open
    for question in practice:  # the keys, until the one of 1 point, answered 0
        assert question.answer is not None
        one = question.answer.value == 1
        answer(at, 0.0 if one else question.answer.value)
        assert not at.error
        if one:
            break
    assert plain(at.warning[-1].value) == "Not quite. The answer: 1 point"
    assert "Your answer: 0 points" in [c.value for c in at.caption]


def test_the_topic_picker_says_how_long_each_round_is() -> None:
    """ "All topics" opened a 95-question round with nothing saying so, or that a topic is shorter."""
    from crlm_content import get_catalog
    from crlm_content.quiz import load_quiz

    bank = load_quiz(get_catalog())
    at = run_page(PAGE)
    labels = at.selectbox(key="quiz__topic").options
    assert labels[0] == f"All topics ({len(bank)} questions)"
    counts = [int(label.rsplit("(", 1)[1].split()[0]) for label in labels[1:]]
    assert sum(counts) == len(bank) and all(count > 0 for count in counts)


def test_the_page_that_teaches_a_question_opens_on_the_view_that_shows_its_evidence() -> None:
    """The link opened the right page on its first view: the Surgery page on Margins for a question on HAI,
    the Trials page on EORTC 40983 for one on pembrolizumab. Each question's link (its page and view) now
    opens a view that, its expanders open, cites at least one of the question's records."""
    from crlm_content import site
    from crlm_content.quiz import load_quiz

    from . import walker

    paths = {page.url_path: page.path for page in site.PAGES}
    shown: dict[tuple[str, tuple[tuple[str, str], ...]], set[str]] = {}
    wrong = []
    for question in load_quiz(crlm_content.get_catalog()):
        view = (question.page, tuple(sorted(question.page_view.items())))
        if view not in shown:
            at = walker.open_every_expander(run_page(paths[question.page], dict(question.page_view) or None))
            shown[view] = walker.cited_records(at)
        if question.evidence_ids[0] not in shown[view]:
            wrong.append((question.key, question.evidence_ids[0], question.page, question.page_view))
    assert wrong == [], "\n".join(map(str, wrong))


def test_the_link_after_an_answer_carries_the_view_that_teaches_it() -> None:
    from urllib.parse import urlencode

    at = run_page(PAGE, {"topic": "alternatives", "seed": "1"})
    question = shown_question(at)
    assert question is not None and question.page_view  # this set's first question needs a view
    respond(at, question, right=True)
    link = next(p.proto for p in at.get("page_link") if p.proto.label == "The page that teaches this")
    assert (link.page, link.query_string) == (question.page, urlencode(question.page_view))
