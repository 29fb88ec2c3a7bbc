"""Quiz: questions written from the content, and practice generated from the calculators; every answer is
explained and cited, and nothing of the answer reaches the browser before the reader answers."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import streamlit as st

from crlm_app import content, evidence, inputs, markup, state, tables
from crlm_content import memo, quiz, site
from crlm_content.urlstate import QueryField

catalog = content.catalog()
BANK = memo.content(quiz.load_quiz, catalog)  # read and checked once per process
MODE_LABELS = {
    "bank": "Questions from the content",
    "standardized_flr": "Practice: standardized remnant",
    "recist": "Practice: RECIST 1.1 category",
    "fong_score": "Practice: Fong score",
    "cea_change": "Practice: CEA change",
}
# Each topic with its number of questions: "All topics" is the whole bank, a long round (the topic is
# the shorter one).
TOPIC_COUNTS = Counter(str(q.topic) for q in BANK)
TOPICS = {
    "all": f"All topics ({len(BANK)} questions)",
    **{str(k): f"{v} ({TOPIC_COUNTS[str(k)]} questions)" for k, v in quiz.TOPIC_TITLES.items()},
}
PAGE_PATHS = {spec.url_path: spec.path for spec in site.PAGES}
PRACTICE_COUNT = 10
SEED_LABEL = "Seed (same seed, same set)"
FIELDS = (
    QueryField("quiz", "choice", "bank", choices=tuple(MODE_LABELS)),
    QueryField("topic", "choice", "all", choices=tuple(TOPICS)),
    QueryField("seed", "int", 1, minimum=1, maximum=999_999),
)
K = state.page_state("quiz", FIELDS, progress="your answers in this quiz")
ANSWERS = K("answers")  # {"<set>/<question key>": response}: this session's answers only
# answers["<set>/<question key>" + PERCENT_HINTED]: the answer a percent hint was shown for (dropped with the
# set's answers when it is worked again)
PERCENT_HINTED = "/percent-hint"

st.title("Quiz", help=content.term_help("CRLM", "NCT"))
st.markdown(
    "Check yourself: answer, then read why, with the evidence and the page that teaches it. The practice "
    "sets "
    "are drawn from the calculators with new patients each time; the same link (its seed) gives a group the "
    "same set."
)
mode_col, topic_col, seed_col = st.columns([3, 3, 2])
mode_col.selectbox("Set", tuple(MODE_LABELS), key=K("quiz"), format_func=MODE_LABELS.__getitem__)
topic_col.selectbox(
    "Topic", tuple(TOPICS), key=K("topic"), format_func=TOPICS.__getitem__, disabled=K["quiz"] != "bank"
)
inputs.number_input(SEED_LABEL, key=K("seed"), step=1, where=seed_col)
state.save_url_state(K, FIELDS)
# An empty seed, a fraction (2.5 is not the set of 2) or one out of range is named, and no set is drawn.
chosen_seed: int | None = None if inputs.range_errors(K, FIELDS, {"seed": SEED_LABEL}) else int(K["seed"])

# The options' order: seeded by the set's seed and each question's key, so a shared link shows everyone the
# same order; answers are kept and graded by option text, whatever the order shown.
ORDER_SEED = f"quiz-{chosen_seed}"


def question_set(seed: int) -> tuple[str, tuple[quiz.Question, ...]]:
    """The questions of this set, in the order of its seed."""
    if K["quiz"] == "bank":
        chosen = [q for q in BANK if K["topic"] in ("all", q.topic)]
        random.Random(seed).shuffle(chosen)
        return f"bank-{K['topic']}-{seed}", tuple(chosen)
    return f"{K['quiz']}-{seed}", memo.cached(quiz.generate, K["quiz"], seed, PRACTICE_COUNT)


def answer_label(question: quiz.Question) -> str:
    """The numeric answer box's label, which its messages name it by."""
    unit = question.answer.unit if question.answer else ""
    return f"Your answer ({unit})" if unit else "Your answer"


def not_graded(question: quiz.Question, item: str, answers: dict[str, object]) -> tuple[str, bool] | None:
    """Why the numeric answer recorded for ``item`` is not graded, and whether it is an error (else a
    reminder): outside the answer's range, or, the first time it is given, a percentage under 1 in size
    (``quiz.percent_hint``; given again, it is graded as written). None when it is graded."""
    response = answers.get(item)
    if question.kind != "numeric" or isinstance(response, bool) or not isinstance(response, int | float):
        return None
    label = answer_label(question)
    if problem := quiz.response_problem(question, response, label):
        return problem, True
    hint = quiz.percent_hint(question, response, label)
    if hint is None or answers.get(item + PERCENT_HINTED) == response:
        return None
    answers[item + PERCENT_HINTED] = response
    return hint, False


set_key, questions = question_set(chosen_seed) if chosen_seed is not None else ("", ())
answers: dict[str, object] = dict(st.session_state.get(ANSWERS) or {})


def retry_keys(stored: object) -> tuple[str, ...]:
    """The questions of this set's mistakes round: K("retry") holds (the set's key, its question keys), kept
    with its set so another set, topic or seed is shown whole (the old keys filtered it to nothing)."""
    match stored:
        case (str(key), tuple(keys)) if key == set_key and set_key:
            return tuple(str(k) for k in keys)
    return ()


retry = retry_keys(K.get("retry"))
if retry:  # practising the mistakes of the last round
    questions = tuple(q for q in questions if q.key in retry)
# An answer that cannot be graded is taken back, so its question stays open with the reason above the box.
refused = {q.key: why for q in questions if (why := not_graded(q, f"{set_key}/{q.key}", answers))}
if refused:
    for key in refused:
        del answers[f"{set_key}/{key}"]
    st.session_state[ANSWERS] = answers
graded = {
    q.key: quiz.grade(q, answers[f"{set_key}/{q.key}"])  # type: ignore[arg-type]
    for q in questions
    if f"{set_key}/{q.key}" in answers
}
right = sum(g.correct for g in graded.values())
if questions:
    st.progress(
        len(graded) / len(questions),
        text=f"Score: {right} right of {len(graded)} answered" + (" (your mistakes again)" if retry else ""),
    )


def ask(question: quiz.Question, item: str) -> None:
    widget = K(f"in_{item}")
    numeric = question.kind == "numeric"
    if state.empty_answer(item):
        first = "Enter a number first" if numeric else "Choose an answer first"
        st.warning(f"{first}, then press Answer.", icon=markup.ICON_WARNING)
    if question.key in refused:
        why, error = refused[question.key]
        (st.error if error else st.warning)(markup.md(why), icon=markup.ICON_WARNING)
    with st.form(K(f"form_{item}")):
        if numeric:
            st.number_input(
                answer_label(question), value=None, key=widget, format="%g", help=inputs.DECIMAL_HELP
            )
        elif question.kind == "multiple":
            st.multiselect(  # no "Select all": it would answer the question for the reader
                "Choose all that apply",
                question.shown_options(ORDER_SEED),
                key=widget,
                wrap=True,
                select_all=False,
            )
        else:
            st.radio("Choose one", question.shown_options(ORDER_SEED), index=None, key=widget)
        st.form_submit_button("Answer", on_click=state.record_response, args=(ANSWERS, item, widget))


def explain(question: quiz.Question, result: quiz.Grade) -> None:
    if result.correct:
        st.success("Right.", icon=":material/check_circle:")
    else:
        st.warning(f"Not quite. The answer: {markup.md(result.expected)}", icon=markup.ICON_WARNING)
    if result.problem:
        st.caption(markup.md(result.problem))
    st.markdown(evidence.why(catalog, result.explanation, result.evidence_ids, result.definition_source))
    if result.page in PAGE_PATHS:
        state.page_link(
            PAGE_PATHS[result.page],
            label="The page that teaches this",
            icon=":material/school:",
            query_params=dict(result.page_view),  # the tab or study that shows the evidence
        )


next_question = next((q for q in questions if q.key not in graded), None)
for number, question in enumerate(questions, start=1):
    item = f"{set_key}/{question.key}"
    if question.key not in graded and question is not next_question:
        continue  # one open question at a time; later ones are not sent to the browser yet
    with st.container(border=True):
        topic = quiz.TOPIC_TITLES.get(question.topic, question.topic)
        st.caption(f"Question {number} of {len(questions)} · {markup.md(topic)}")
        st.markdown(f"**{markup.md(question.text)}**")
        if question.key in graded:
            st.caption("Your answer: " + markup.md(question.response_text(answers[item])))  # type: ignore[arg-type]
            explain(question, graded[question.key])
        else:
            ask(question, item)

if graded and next_question is None:
    wrong = [q for q in questions if q.key in graded and not graded[q.key].correct]
    st.subheader("Your round")
    by_topic: dict[str, list[bool]] = {}
    for question in questions:
        if question.key in graded:
            by_topic.setdefault(quiz.TOPIC_TITLES.get(question.topic, question.topic), []).append(
                graded[question.key].correct
            )
    st.markdown(
        tables.markdown_table_text(
            [{"topic": t, "right": sum(r), "answered": len(r)} for t, r in by_topic.items()],
            (("topic", "Topic"), ("right", "Right"), ("answered", "Answered")),
        )
    )
    rows = [
        {
            "question": q.text,
            "your answer": q.response_text(answers[f"{set_key}/{q.key}"]),  # type: ignore[arg-type]
            "right": graded[q.key].correct,
            "answer": graded[q.key].expected,
        }
        for q in questions
        if q.key in graded
    ]
    with st.container(horizontal=True):
        if wrong:
            st.button(
                "Practise my mistakes again",
                type="primary",
                on_click=state.forget_answers,
                args=(ANSWERS, f"{set_key}/", {K("retry"): (set_key, tuple(q.key for q in wrong))}),
            )
        tables.csv_download("My answers (CSV)", pd.DataFrame(rows), "crlm_quiz_answers.csv")
        st.button(
            "Start again", on_click=state.forget_answers, args=(ANSWERS, f"{set_key}/", {K("retry"): ()})
        )
